"""Why a result ranks where it does: one reason per weighed signal, in Indonesian and English.

Texts are written only for the results returned, from the same facts the signals scored, so
they can never disagree with the score; `contribution` is the signal's exact term of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from app.models import Availability
from app.reference.rupiah import format_rupiah
from app.services.matching.features import Pair
from app.services.matching.signals import (
    Signal,
    place_relation,
    skill_match,
    training_match,
)
from app.services.matching.taxonomy import CATEGORY_NAMES, skill_names

Texts = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Reason:
    signal: Signal
    contribution: float
    text_id: str
    text_en: str


def _join(names: list[str]) -> str:
    return ", ".join(names)


def _skills(pair: Pair) -> Texts:
    match = skill_match(pair)
    category_id, category_en = CATEGORY_NAMES.get(pair.gig.category_slug, ("?", "?"))
    parts_id, parts_en = [], []
    if match.tagged:
        names_id, names_en = skill_names(match.tagged)
        parts_id.append(f"menguasai {_join(names_id)}")
        parts_en.append(f"has {_join(names_en)}")
    if match.mentioned:
        names_id, names_en = skill_names(match.mentioned)
        parts_id.append(f"profilnya menyebut {_join(names_id)}")
        parts_en.append(f"profile mentions {_join(names_en)}")
    if match.sought:
        found = len(match.tagged) + len(match.mentioned)
        parts_id.append(f"{found} dari {len(match.sought)} keahlian yang dicari")
        parts_en.append(f"{found} of {len(match.sought)} skills sought")
    if match.category == 1.0:
        parts_id.append(f"kategori {category_id}")
        parts_en.append(f"works in {category_en}")
    elif match.category > 0:
        parts_id.append(f"punya keahlian lain di {category_id}")
        parts_en.append(f"has other {category_en} skills")
    else:
        parts_id.append(f"bukan kategori {category_id}")
        parts_en.append(f"outside {category_en}")
    return "Keahlian: " + "; ".join(parts_id) + ".", "Skills: " + "; ".join(parts_en) + "."


def _text(pair: Pair) -> Texts:
    words = _join(list(pair.text.shared_words[:6]))
    if words:
        return f"Teks cocok dengan brief: {words}.", f"Wording matches the brief: {words}."
    return (
        "Hampir tidak ada kata yang sama dengan brief.",
        "Little wording in common with the brief.",
    )


def _place(pair: Pair) -> Texts:
    relation, where = place_relation(pair), pair.creative.region_name
    gig_place = pair.gig.region_name
    if relation == "remote":
        return "Pekerjaan remote: lokasi tidak berpengaruh.", "Remote work: location is no issue."
    if relation == "regency":
        return f"Berdomisili di {where}, lokasi gig.", f"Based in {where}, where the gig is."
    if relation == "province":
        return (
            f"Berdomisili di {where}, satu provinsi dengan {gig_place}.",
            f"Based in {where}, same province as {gig_place}.",
        )
    return (
        f"Berdomisili di {where}, di luar provinsi lokasi gig ({gig_place}).",
        f"Based in {where}, outside the province of {gig_place}.",
    )


@lru_cache(maxsize=1024)
def _budget(low: int, high: int) -> str:
    return f"{format_rupiah(low)}–{format_rupiah(high)}"


def _price(pair: Pair) -> Texts:
    rate, budget = (
        pair.creative.rate_min_idr,
        _budget(pair.gig.budget_min_idr, pair.gig.budget_max_idr),
    )
    if rate is None:
        return (
            f"Belum mencantumkan tarif; anggaran {budget}.",
            f"No rate given; the budget is {budget}.",
        )
    if rate <= pair.gig.budget_max_idr:
        return (
            f"Tarif mulai {format_rupiah(rate)}, masuk anggaran {budget}.",
            f"Rates from {format_rupiah(rate)}, within the {budget} budget.",
        )
    return (
        f"Tarif mulai {format_rupiah(rate)}, di atas anggaran {budget}.",
        f"Rates from {format_rupiah(rate)}, above the {budget} budget.",
    )


def _reputation(pair: Pair) -> Texts:
    creative = pair.creative
    if creative.rating_count and creative.rating_avg is not None:
        stars = f"{creative.rating_avg:.1f}"
        parts_id = [f"Rating {stars.replace('.', ',')} dari {creative.rating_count} ulasan"]
        parts_en = [f"Rated {stars} from {creative.rating_count} reviews"]
    else:
        parts_id, parts_en = ["Belum ada ulasan"], ["No reviews yet"]
    parts_id.append(f"{creative.completed_contracts} kontrak selesai")
    parts_en.append(f"{creative.completed_contracts} completed contracts")
    if creative.milestones_due:
        share = round(100 * creative.milestones_on_time / creative.milestones_due)
        parts_id.append(f"{share}% milestone tepat waktu")
        parts_en.append(f"{share}% of milestones on time")
    return ", ".join(parts_id) + ".", ", ".join(parts_en) + "."


def _availability(pair: Pair) -> Texts:
    creative = pair.creative
    available = creative.availability is Availability.available
    active = creative.active_contracts
    state_id, state_en = ("Tersedia", "Available") if available else ("Sedang sibuk", "Marked busy")
    load_id = f"{active} kontrak aktif" if active else "tidak ada kontrak aktif"
    load_en = f"{active} active contracts" if active else "no active contracts"
    return f"{state_id}, {load_id}.", f"{state_en}, {load_en}."


def _hub_verified(pair: Pair) -> Texts:
    hubs = _join(list(pair.creative.hubs[:2]))
    return f"Terverifikasi oleh {hubs}.", f"Verified by {hubs}."


def _training(pair: Pair) -> Texts:
    record = training_match(pair)[0] or pair.creative.trainings[0]
    return (
        f"Lulus {record.title} ({record.hub_name}).",
        f"Completed {record.title} ({record.hub_name}).",
    )


def _exposure(_: Pair) -> Texts:
    return (
        "Talenta baru: belum punya kontrak selesai, diberi tempat di urutan atas.",
        "New talent: no completed contract yet, given a place among the top results.",
    )


EXPLAIN: dict[Signal, Callable[[Pair], Texts]] = {
    Signal.skills: _skills,
    Signal.text: _text,
    Signal.place: _place,
    Signal.price: _price,
    Signal.reputation: _reputation,
    Signal.availability: _availability,
    Signal.hub_verified: _hub_verified,
    Signal.training: _training,
    Signal.exposure: _exposure,
}


def explain(pair: Pair, contributions: dict[Signal, float]) -> list[Reason]:
    """A reason per contributing signal, largest contribution first."""
    reasons = [
        Reason(signal, contribution, *EXPLAIN[signal](pair))
        for signal, contribution in contributions.items()
    ]
    return sorted(reasons, key=lambda r: r.contribution, reverse=True)
