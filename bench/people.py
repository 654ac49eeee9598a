"""Owners with their businesses, and creatives: who is on the marketplace and since when.

Everything is drawn from one seeded `random.Random`, so a (scale, seed) pair always yields the
same rows. Ids are UUIDv7-shaped (time-ordered like the app's `new_id`), derived from the row's
creation time plus a per-kind serial instead of randomness, so they are reproducible too.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import accumulate

from bench.geography import Regency, regency_weights
from bench.vocabulary import (
    BRAND_WORDS,
    FIRST_NAMES,
    HONORIFICS,
    LAST_NAMES,
    PRODUCTS,
)

# The data set's "today": fixed so that re-runs produce identical timestamps.
NOW = datetime(2026, 11, 25, tzinfo=UTC).timestamp()
DAY = 86_400.0
SPAN_DAYS = 730
START = NOW - SPAN_DAYS * DAY
EMAIL_DOMAIN = "bench.pasarkreatif.id"

# Share of demand per category (gigs) and of supply (creatives' main category); unknown slugs 2.
CATEGORY_WEIGHTS: dict[str, float] = {
    "packaging-design": 13, "logo-branding": 12, "social-media-marketing": 14,
    "product-photography": 12, "copywriting": 6, "content-writing": 4, "video-production": 9,
    "digital-ads": 6, "online-store-setup": 7, "live-selling": 4, "web-development": 4,
    "illustration": 4, "print-design": 5, "translation": 2, "voice-over": 2,
}  # fmt: skip
NEW_CREATIVE_SHARE = 0.4  # joined recently, no completed contract yet
# Cap on the heavy-tailed activity and experience weights: the busiest creative completes
# about a hundred contracts over the two years instead of tens of thousands.
MAX_WEIGHT = 40.0
KIND_USER, KIND_BUSINESS, KIND_CREATIVE = 1, 2, 3


def time_uuid(moment: float, kind: int, serial: int) -> str:
    """UUIDv7 layout: 48-bit unix ms, version 7, then `kind` and `serial` as the "random" bits.

    As 32 hex digits: asyncpg encodes a str straight to the 16 bytes, five times faster than
    building `uuid.UUID` objects, which matters at four million ids.
    """
    ms = int(moment * 1000)
    return "%032x" % ((ms << 80) | (0x7 << 76) | (kind << 64) | (0b10 << 62) | serial)


def as_datetime(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, UTC)


def weighted_index(rng: random.Random, cumulative: Sequence[float], end: int | None = None) -> int:
    """An index drawn with probability proportional to its weight, among the first `end`."""
    end = len(cumulative) if end is None else end
    return bisect_right(cumulative, rng.random() * cumulative[end - 1], 0, end - 1)


def joined_at(rng: random.Random, position: float, *, lead_days: float) -> float:
    """Sign-up time for the `position` (0..1) quantile of a growing population."""
    # sqrt: sign-ups grow linearly over the two years; lead_days lets the first ones exist
    # before the first gigs are posted.
    return (
        START - lead_days * DAY + (SPAN_DAYS + lead_days - 1) * DAY * position**0.5 + rng.random()
    )


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def phone_number(rng: random.Random) -> str:
    return f"+628{rng.choice('1235789')}{rng.randrange(10**8, 10**9)}"


@dataclass(frozen=True)
class Reference:
    """The reference tables as the target database holds them."""

    category_slugs: tuple[str, ...]
    category_names: dict[str, tuple[str, str]]  # slug -> (name_id, name_en)
    skills_by_category: dict[str, tuple[str, ...]]
    regencies: tuple[Regency, ...]

    def category_weights(self) -> list[float]:
        return [CATEGORY_WEIGHTS.get(slug, 2.0) for slug in self.category_slugs]


@dataclass
class Businesses:
    """Parallel arrays, one entry per business (and its single owner), ordered by sign-up."""

    ids: list[str] = field(default_factory=list)
    owner_ids: list[str] = field(default_factory=list)
    joined: list[float] = field(default_factory=list)
    regency: list[int] = field(default_factory=list)
    product: list[int] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    cumulative_activity: list[float] = field(default_factory=list)  # how many gigs they post


def build_businesses(
    rng: random.Random, reference: Reference, count: int, password_hash: str
) -> tuple[Businesses, list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Owners (users rows) and their businesses (businesses rows)."""
    cumulative_regency = list(accumulate(regency_weights(reference.regencies, for_creatives=False)))
    found = Businesses()
    users: list[tuple[object, ...]] = []
    businesses: list[tuple[object, ...]] = []
    activity = 0.0
    for serial in range(count):
        joined = joined_at(rng, serial / count, lead_days=365)
        regency_index = weighted_index(rng, cumulative_regency)
        regency = reference.regencies[regency_index]
        product_index = rng.randrange(len(PRODUCTS))
        product = PRODUCTS[product_index]
        full_name = person_name(rng)
        first_name = full_name.split(" ", 1)[0]
        if rng.random() < 0.5:
            name = f"{product.name_id.title()} {rng.choice(HONORIFICS)} {first_name}"
        else:
            name = f"{product.name_id.split()[0].title()} {rng.choice(BRAND_WORDS)} "
            name += regency.short_name
        owner_id = time_uuid(joined, KIND_USER, serial)
        business_id = time_uuid(joined, KIND_BUSINESS, serial)
        signed_up = as_datetime(joined)
        users.append(
            (owner_id, f"pemilik{serial:06d}@{EMAIL_DOMAIN}", password_hash, full_name, "owner",
             phone_number(rng), True, None, signed_up, signed_up)
        )  # fmt: skip
        scale = "mikro" if rng.random() < 0.7 else ("kecil" if rng.random() < 0.8 else "menengah")
        description = (
            f"{name}: usaha {product.name_id} skala {scale} di {regency.name}, "
            f"menjual lewat {rng.choice(('Shopee', 'Instagram', 'WhatsApp', 'TikTok Shop'))}."
        )
        nib = f"9{serial:012d}" if rng.random() < 0.6 else None
        businesses.append(
            (business_id, owner_id, name, product.sector, scale, regency.code, description, nib,
             signed_up, signed_up)
        )  # fmt: skip
        # A few very active posters and a long quiet tail; capped so the busiest business
        # posts a few hundred gigs in two years, not thousands.
        activity += min(rng.paretovariate(1.4), MAX_WEIGHT)
        found.ids.append(business_id)
        found.owner_ids.append(owner_id)
        found.joined.append(joined)
        found.regency.append(regency_index)
        found.product.append(product_index)
        found.name.append(name)
        found.cumulative_activity.append(activity)
    return found, users, businesses


@dataclass
class CategoryPool:
    """Creatives offering one category, ordered by sign-up, for "who had joined by then" picks."""

    members: list[int] = field(default_factory=list)
    joined: list[float] = field(default_factory=list)
    cumulative_experience: list[float] = field(default_factory=list)
    by_province: dict[str, tuple[list[int], list[float]]] = field(default_factory=dict)


@dataclass
class Creatives:
    """Parallel arrays, one entry per creative, ordered by sign-up; counters fill in later."""

    ids: list[str] = field(default_factory=list)
    user_ids: list[str] = field(default_factory=list)
    joined: list[float] = field(default_factory=list)
    regency: list[int] = field(default_factory=list)
    categories: list[tuple[str, ...]] = field(default_factory=list)
    quality: list[float] = field(default_factory=list)
    pools: dict[str, CategoryPool] = field(default_factory=dict)
    completed: list[int] = field(default_factory=list)
    active: list[int] = field(default_factory=list)


def build_creatives(rng: random.Random, reference: Reference, count: int) -> Creatives:
    """Who the creatives are and where; their profile rows are written after the gigs."""
    cumulative_regency = list(accumulate(regency_weights(reference.regencies, for_creatives=True)))
    cumulative_category = list(accumulate(reference.category_weights()))
    slugs = reference.category_slugs
    found = Creatives(pools={slug: CategoryPool() for slug in slugs})
    # New creatives joined in the last four months; the rest over the two years before.
    is_new = sorted(rng.random() < NEW_CREATIVE_SHARE for _ in range(count))
    new_count = sum(is_new)
    for serial in range(count):
        if is_new[serial]:
            position = (serial - (count - new_count)) / max(new_count, 1)
            joined = NOW - 120 * DAY + 119 * DAY * position + rng.random()
            experience = 0.0
        else:
            position = serial / max(count - new_count, 1)
            joined = START - 365 * DAY + (SPAN_DAYS + 245) * DAY * position**0.5 + rng.random()
            experience = min(rng.paretovariate(1.2), MAX_WEIGHT)
        regency_index = weighted_index(rng, cumulative_regency)
        main = slugs[weighted_index(rng, cumulative_category)]
        extra = {slugs[weighted_index(rng, cumulative_category)] for _ in range(rng.randrange(3))}
        categories = (main, *sorted(extra - {main}))
        found.ids.append(time_uuid(joined, KIND_CREATIVE, serial))
        found.user_ids.append(time_uuid(joined, KIND_USER, 1 << 40 | serial))
        found.joined.append(joined)
        found.regency.append(regency_index)
        found.categories.append(categories)
        found.quality.append(min(5.0, max(2.8, rng.gauss(4.55, 0.3))))
        found.completed.append(0)
        found.active.append(0)
        province = reference.regencies[regency_index].province_code
        for slug in categories:
            pool = found.pools[slug]
            pool.members.append(serial)
            pool.joined.append(joined)
            # Their main category is where they win most of their work.
            weight = experience if slug == main else experience * 0.3
            previous = pool.cumulative_experience[-1] if pool.cumulative_experience else 0.0
            pool.cumulative_experience.append(previous + weight)
            members, joined_times = pool.by_province.setdefault(province, ([], []))
            members.append(serial)
            joined_times.append(joined)
    return found
