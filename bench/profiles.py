"""Creative accounts and profiles, written after the gigs so their reputation matches them.

`completed_contracts` counts the completed contracts the generator actually produced; ratings
exist for about three quarters of them (not every owner leaves one) and scatter around the
creative's hidden quality. Creatives with two or more active contracts are mostly busy.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from bench.briefs import BIOS_EN, BIOS_ID, CATEGORY_TEXT, GENERIC
from bench.people import (
    EMAIL_DOMAIN,
    Creatives,
    Reference,
    as_datetime,
    person_name,
    phone_number,
    time_uuid,
)
from bench.vocabulary import PRODUCTS, STUDIO_WORDS

KIND_PORTFOLIO = 7
Row = tuple[object, ...]


@dataclass
class CreativeBatch:
    users: list[Row] = field(default_factory=list)
    profiles: list[Row] = field(default_factory=list)
    skills: list[Row] = field(default_factory=list)
    categories: list[Row] = field(default_factory=list)
    portfolio: list[Row] = field(default_factory=list)


def creative_batches(
    rng: random.Random,
    reference: Reference,
    creatives: Creatives,
    password_hash: str,
    size: int,
) -> Iterator[CreativeBatch]:
    batch = CreativeBatch()
    for serial in range(len(creatives.ids)):
        _creative(rng, reference, creatives, password_hash, serial, batch)
        if len(batch.profiles) >= size:
            yield batch
            batch = CreativeBatch()
    if batch.profiles:
        yield batch


def _creative(
    rng: random.Random,
    reference: Reference,
    creatives: Creatives,
    password_hash: str,
    serial: int,
    batch: CreativeBatch,
) -> None:
    creative_id, user_id = creatives.ids[serial], creatives.user_ids[serial]
    categories = creatives.categories[serial]
    main = categories[0]
    text = CATEGORY_TEXT.get(main, GENERIC)
    regency = reference.regencies[creatives.regency[serial]]
    joined = creatives.joined[serial]
    full_name = person_name(rng)
    display_name = full_name
    if rng.random() < 0.12:
        display_name = f"{rng.choice(STUDIO_WORDS)} {rng.choice(STUDIO_WORDS)} Studio"
    signed_up = as_datetime(joined)
    batch.users.append(
        (user_id, f"kreatif{serial:06d}@{EMAIL_DOMAIN}", password_hash, full_name, "creative",
         phone_number(rng), True, None, signed_up, signed_up)
    )  # fmt: skip

    english = rng.random() < 0.3
    product, other = rng.sample(PRODUCTS, 2)
    words = {
        "name": full_name.split(" ", 1)[0],
        "place": regency.short_name,
        "years": rng.randint(2, 12),
        "p": product.name_id,
        "p2": other.name_id,
        "pe": product.name_en,
        "pe2": other.name_en,
        "tools": text.tools,
    }
    headline = rng.choice(text.headlines_en if english else text.headlines_id)
    words["role"] = headline.lower() if english else headline
    bio = rng.choice(BIOS_EN if english else BIOS_ID).format(**words)
    headline = f"{headline} · {regency.short_name}"[:200]

    completed, active = creatives.completed[serial], creatives.active[serial]
    rated = sum(rng.random() < 0.75 for _ in range(completed)) if completed else 0
    rating = None
    if rated:
        noise = rng.gauss(0, 0.6 / rated**0.5)
        rating = round(min(5.0, max(1.0, creatives.quality[serial] + noise)), 2)
    low = text.budget_idr[0]
    rate = None
    if rng.random() < 0.75:
        rate = max(50_000, int(low * rng.uniform(0.4, 1.5) * (1 + min(completed, 40) / 20)))
        rate = rate // 25_000 * 25_000 or 50_000
    availability = "busy" if active >= 2 or rng.random() < 0.1 else "available"
    batch.profiles.append(
        (creative_id, user_id, display_name, headline, bio, regency.code, rate, availability,
         rating, rated, completed, signed_up, signed_up)
    )  # fmt: skip

    skills: set[str] = set()
    for position, slug in enumerate(categories):
        options = reference.skills_by_category.get(slug, ())
        wanted = rng.randint(2, 4) if position == 0 else rng.randint(0, 2)
        skills.update(rng.sample(options, min(len(options), wanted)))
        batch.categories.append((creative_id, slug))
    batch.skills.extend((creative_id, skill) for skill in sorted(skills))

    for position in range(rng.randint(1, 2)):
        item_product = product if position == 0 else other
        category = categories[position % len(categories)]
        name_id = reference.category_names[category][0]
        batch.portfolio.append(
            (time_uuid(joined, KIND_PORTFOLIO, serial * 4 + position), creative_id, position,
             f"{name_id}: {item_product.name_id}"[:200],
             f"https://portofolio.{EMAIL_DOMAIN}/{serial}/{position + 1}",
             f"Proyek {name_id.lower()} untuk UMKM {item_product.name_id} di {regency.name}.",
             category)
        )  # fmt: skip
