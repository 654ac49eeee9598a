"""Reference data is internally consistent: slugs, regions, phones and the demo content."""

from __future__ import annotations

import re

import pytest

from app.reference.categories import CATEGORIES, CATEGORY_SLUGS
from app.reference.demo import DEMO_CREATIVES, DEMO_GIGS, DEMO_OWNERS, DEMO_PASSWORD
from app.reference.phone import normalize_indonesian_phone
from app.reference.regions import Region, get_region, is_valid_region_code, load_regions
from app.reference.rupiah import format_rupiah
from app.reference.skills import SKILL_SLUGS, SKILLS

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _clean(text: str, limit: int) -> bool:
    return bool(text.strip()) and "\x00" not in text and len(text) <= limit


def test_category_slugs_are_unique_kebab_case() -> None:
    slugs = [c.slug for c in CATEGORIES]
    assert len(slugs) == len(set(slugs))
    assert all(SLUG.fullmatch(s) and len(s) <= 64 for s in slugs)


def test_category_texts_are_present() -> None:
    for c in CATEGORIES:
        assert _clean(c.name_id, 120) and _clean(c.name_en, 120), c.slug
        assert _clean(c.description_id, 5000) and _clean(c.description_en, 5000), c.slug


def test_skill_slugs_are_unique_and_categories_exist() -> None:
    slugs = [s.slug for s in SKILLS]
    assert len(slugs) == len(set(slugs))
    for skill in SKILLS:
        assert SLUG.fullmatch(skill.slug) and len(skill.slug) <= 64, skill.slug
        assert skill.category_slug in CATEGORY_SLUGS, skill.slug
    assert {s.category_slug for s in SKILLS} == CATEGORY_SLUGS


def test_skill_names_and_synonyms_are_clean() -> None:
    for skill in SKILLS:
        assert _clean(skill.name_id, 120) and _clean(skill.name_en, 120), skill.slug
        assert skill.synonyms, skill.slug
        assert len(skill.synonyms) == len(set(skill.synonyms)), skill.slug
        for synonym in skill.synonyms:
            assert _clean(synonym, 120), skill.slug
            assert synonym == synonym.strip().lower(), (skill.slug, synonym)


def test_desain_kemasan_finds_a_packaging_skill() -> None:
    assert any(
        skill.category_slug == "packaging-design"
        and "desain kemasan" in {skill.name_id.lower(), *skill.synonyms}
        for skill in SKILLS
    )


def test_regions_match_kepmendagri_2025_counts() -> None:
    regions = load_regions()
    provinces = [r for r in regions if r.level == "province"]
    regencies = [r for r in regions if r.level == "regency"]
    assert (len(provinces), len(regencies)) == (38, 514)
    assert regions[: len(provinces)] == provinces
    assert [p.code for p in provinces] == sorted(p.code for p in provinces)
    assert all(r.name.startswith(("Kabupaten ", "Kota ")) for r in regencies)
    assert all(r.parent_code == r.code.split(".")[0] for r in regencies)
    assert all(r.parent_code is None for r in provinces)


def test_known_region_codes() -> None:
    assert get_region("35") == Region("35", "Jawa Timur", "province", None)
    assert get_region("35.78") == Region("35.78", "Kota Surabaya", "regency", "35")
    assert is_valid_region_code("33.26")
    for code in ("35.78.01", "3578", "99", "", "35."):
        assert not is_valid_region_code(code), code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("12345", None),
        ("0812", None),
        ("", None),
    ],
)
def test_normalize_indonesian_phone(raw: str, expected: str | None) -> None:
    assert normalize_indonesian_phone(raw) == expected


def test_format_rupiah() -> None:
    assert format_rupiah(1_500_000) == "Rp1.500.000"
    assert format_rupiah(0) == "Rp0"


def test_demo_owners_are_valid() -> None:
    assert DEMO_PASSWORD
    emails = [o.email for o in DEMO_OWNERS] + [c.email for c in DEMO_CREATIVES]
    assert len(emails) == len(set(emails))
    assert all(e.endswith("@demo.pasarkreatif.id") for e in emails)
    names = [o.business.name for o in DEMO_OWNERS]
    assert len(names) == len(set(names))
    nibs = [o.business.nib for o in DEMO_OWNERS if o.business.nib is not None]
    assert len(nibs) == len(set(nibs))
    for owner in DEMO_OWNERS:
        business = owner.business
        assert normalize_indonesian_phone(owner.phone) == owner.phone, owner.email
        assert is_valid_region_code(business.region_code), business.name
        assert _clean(owner.full_name, 200) and _clean(business.name, 200)
        assert _clean(business.sector, 100) and _clean(business.description, 5000)
        assert business.nib is None or re.fullmatch(r"\d{13}", business.nib)


def test_demo_creatives_are_valid() -> None:
    for creative in DEMO_CREATIVES:
        assert normalize_indonesian_phone(creative.phone) == creative.phone, creative.email
        assert is_valid_region_code(creative.region_code), creative.email
        assert _clean(creative.headline, 200) and _clean(creative.bio, 5000)
        assert set(creative.skills) <= SKILL_SLUGS, creative.email
        assert set(creative.categories) <= CATEGORY_SLUGS, creative.email
        assert creative.rate_min_idr > 0
        assert 1 <= len(creative.portfolio) <= 3
        for item in creative.portfolio:
            assert item.url.startswith("https://") and item.category in CATEGORY_SLUGS
            assert _clean(item.title, 200) and _clean(item.description, 5000)


def test_demo_gigs_are_valid() -> None:
    businesses = {o.business.name for o in DEMO_OWNERS}
    for gig in DEMO_GIGS:
        assert gig.business_name in businesses, gig.title
        assert gig.category in CATEGORY_SLUGS and set(gig.skills) <= SKILL_SLUGS, gig.title
        assert 0 < gig.budget_min_idr <= gig.budget_max_idr, gig.title
        assert gig.deadline_in_days > 0
        assert gig.region_code is None or is_valid_region_code(gig.region_code), gig.title
        assert _clean(gig.title, 200) and _clean(gig.description, 5000)
