"""Demo hubs for `pasar seed` (issue 13): the programmes this marketplace is for, each with
staff, a talent pool, assisted owners (UMKM binaan), affiliated creatives and six months of
completed work, so a newcomer opens a populated impact page (/hubs/<slug>/impact).

Plain data; app/seed_hubs.py turns it into rows. All people and businesses are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_HUB_DOMAIN = "hub.demo.pasarkreatif.id"


@dataclass(frozen=True)
class DemoHub:
    slug: str
    name: str
    kind: str
    region_code: str
    description: str
    parent_slug: str | None = None
    # Programme-level hubs (MJC) show their children's activity; only leaves get members.
    members: bool = True
    pool_name: str = ""
    pool_category: str = "packaging-design"


DEMO_HUBS: tuple[DemoHub, ...] = (
    DemoHub("millennial-job-center", "Millennial Job Center Jawa Timur", "government_programme",
            "35.78", "Program Pemprov Jawa Timur untuk lapangan kerja anak muda.", members=False),
    DemoHub("ejsc-madiun", "EJSC Bakorwil Madiun", "government_programme", "35.77",
            "East Java Super Corridor di Bakorwil Madiun.", "millennial-job-center",
            pool_name="Desainer kemasan EJSC Madiun"),
    DemoHub("ejsc-malang", "EJSC Bakorwil Malang", "government_programme", "35.73",
            "East Java Super Corridor di Bakorwil Malang.", "millennial-job-center",
            pool_name="Fotografer produk EJSC Malang", pool_category="product-photography"),
    DemoHub("ejsc-bojonegoro", "EJSC Bakorwil Bojonegoro", "government_programme", "35.22",
            "East Java Super Corridor di Bakorwil Bojonegoro.", "millennial-job-center",
            pool_name="Desainer logo EJSC Bojonegoro", pool_category="logo-branding"),
    DemoHub("ejsc-pamekasan", "EJSC Bakorwil Pamekasan", "government_programme", "35.28",
            "East Java Super Corridor di Bakorwil Pamekasan.", "millennial-job-center",
            pool_name="Desainer kemasan EJSC Pamekasan"),
    DemoHub("ejsc-jember", "EJSC Bakorwil Jember", "government_programme", "35.09",
            "East Java Super Corridor di Bakorwil Jember.", "millennial-job-center",
            pool_name="Konten media sosial EJSC Jember", pool_category="social-media-marketing"),
    DemoHub("cak-emus-surabaya", "CAK eMus Surabaya", "coworking", "35.78",
            "Co-working space Pemkot Surabaya untuk pelaku ekonomi kreatif.",
            pool_name="Desainer kemasan CAK eMus"),
    DemoHub("rumah-kreatif-surabaya", "Rumah Kreatif Surabaya", "community", "35.78",
            "Rumah Kreatif dan Sentra UKM Surabaya: pendampingan UMKM.",
            pool_name="Fotografer produk Rumah Kreatif", pool_category="product-photography"),
    DemoHub("cimahi-technopark", "Cimahi Technopark", "technopark", "32.77",
            "Pool of talent Cimahi Technopark: pelatihan yang bisa diukur hasilnya.",
            pool_name="Pool of talent Cimahi Technopark", pool_category="logo-branding"),
    DemoHub("jakarta-future-city-hub", "Jakarta Future City Hub", "government_programme",
            "31.71", "Pusat inovasi Pemprov DKI Jakarta.",
            pool_name="Kreator digital Jakarta Future City Hub",
            pool_category="social-media-marketing"),
)  # fmt: skip

# Assisted businesses are drawn from these (product, owner's first name), per hub.
UMKM_PRODUCTS: tuple[tuple[str, str], ...] = (
    ("Keripik Singkong", "Sumarni"), ("Sambal Pecel", "Darmi"), ("Batik Tulis", "Endang"),
    ("Kopi Robusta", "Slamet"), ("Madu Hutan", "Wagiman"), ("Tahu Walik", "Yuli"),
    ("Kerupuk Ikan", "Maimunah"), ("Anyaman Bambu", "Sutini"),
)  # fmt: skip
CREATIVE_NAMES: tuple[str, ...] = (
    "Anisa Rahma", "Bayu Saputra", "Dewi Lestari", "Eko Prasetyo", "Fitri Handayani",
    "Galih Pratama",
)  # fmt: skip
# Gigs per month of a hub over the six months before this one (posted, awarded, completed).
MONTHLY_JOBS: tuple[int, ...] = (5, 6, 6, 7, 7, 8)
