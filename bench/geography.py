"""Where the generated people and businesses live: regency weights from rough population.

Province populations are rounded 2024 BPS projections in millions; they only need to be right
in proportion (Jawa holds more than half of the country). Inside a province every regency gets
an equal share and cities (kota) more; for creatives the hubs are multiplied again on top of
their province's population, as freelancers cluster where the agencies, campuses and co-working
spaces are (Yogyakarta punches far above its 3.8 million).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PROVINCE_POPULATION_MILLIONS: dict[str, float] = {
    "11": 5.5,  # Aceh
    "12": 15.6,  # Sumatera Utara
    "13": 5.8,  # Sumatera Barat
    "14": 6.7,  # Riau
    "15": 3.7,  # Jambi
    "16": 8.8,  # Sumatera Selatan
    "17": 2.1,  # Bengkulu
    "18": 9.4,  # Lampung
    "19": 1.5,  # Kepulauan Bangka Belitung
    "21": 2.2,  # Kepulauan Riau
    "31": 10.7,  # DKI Jakarta
    "32": 50.3,  # Jawa Barat
    "33": 37.9,  # Jawa Tengah
    "34": 3.8,  # DI Yogyakarta
    "35": 41.8,  # Jawa Timur
    "36": 12.4,  # Banten
    "51": 4.4,  # Bali
    "52": 5.6,  # Nusa Tenggara Barat
    "53": 5.6,  # Nusa Tenggara Timur
    "61": 5.6,  # Kalimantan Barat
    "62": 2.8,  # Kalimantan Tengah
    "63": 4.2,  # Kalimantan Selatan
    "64": 4.0,  # Kalimantan Timur
    "65": 0.7,  # Kalimantan Utara
    "71": 2.7,  # Sulawesi Utara
    "72": 3.1,  # Sulawesi Tengah
    "73": 9.4,  # Sulawesi Selatan
    "74": 2.8,  # Sulawesi Tenggara
    "75": 1.2,  # Gorontalo
    "76": 1.5,  # Sulawesi Barat
    "81": 1.9,  # Maluku
    "82": 1.4,  # Maluku Utara
    "91": 1.1,  # Papua
    "92": 0.6,  # Papua Barat
    "93": 0.5,  # Papua Selatan
    "94": 1.5,  # Papua Tengah
    "95": 1.5,  # Papua Pegunungan
    "96": 0.6,  # Papua Barat Daya
}

# Where creative freelancers concentrate (multiplier on top of the city weight).
CREATIVE_HUBS: dict[str, float] = {
    "31.71": 3.0,
    "31.73": 2.5,
    "31.74": 4.0,
    "31.75": 2.0,
    "32.73": 5.0,  # Bandung
    "32.76": 2.0,  # Depok
    "34.71": 6.0,  # Yogyakarta
    "34.04": 4.0,  # Sleman
    "35.78": 3.0,  # Surabaya
    "35.73": 3.0,  # Malang
    "33.74": 2.0,  # Semarang
    "33.72": 2.0,  # Surakarta
    "36.74": 2.5,  # Tangerang Selatan
    "51.71": 3.0,  # Denpasar
    "51.03": 2.0,  # Badung
    "12.71": 2.0,  # Medan
    "73.71": 2.0,  # Makassar
}

CITY_WEIGHT_FOR_BUSINESSES = 1.6
CITY_WEIGHT_FOR_CREATIVES = 3.0


@dataclass(frozen=True)
class Regency:
    code: str
    name: str  # "Kota Surabaya", "Kabupaten Pekalongan"
    province_code: str
    province_name: str

    @property
    def is_city(self) -> bool:
        return self.name.startswith("Kota ")

    @property
    def short_name(self) -> str:
        """How people write it in a brief: "Surabaya", "Pekalongan"."""
        for prefix in ("Kota Administrasi ", "Kabupaten Administrasi ", "Kabupaten ", "Kota "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


def regency_weights(regencies: Sequence[Regency], *, for_creatives: bool) -> list[float]:
    """One weight per regency, proportional to where businesses or creatives are."""
    per_province: dict[str, float] = {}
    for regency in regencies:
        per_province[regency.province_code] = per_province.get(
            regency.province_code, 0.0
        ) + _local_weight(regency, for_creatives=for_creatives)
    weights = []
    for regency in regencies:
        population = PROVINCE_POPULATION_MILLIONS.get(regency.province_code, 1.0)
        share = _local_weight(regency, for_creatives=for_creatives)
        hub = CREATIVE_HUBS.get(regency.code, 1.0) if for_creatives else 1.0
        weights.append(population * share / per_province[regency.province_code] * hub)
    return weights


def _local_weight(regency: Regency, *, for_creatives: bool) -> float:
    if not regency.is_city:
        return 1.0
    return CITY_WEIGHT_FOR_CREATIVES if for_creatives else CITY_WEIGHT_FOR_BUSINESSES
