"""The evaluation creatives, generated from templates, and the judged relevance of each pair.

Every creative has a hidden truth (what they are actually good at, how good, where they live,
their rate) and a noisy public profile made from it, as real profiles are noisy: 20% do not tag
their main skill, a quarter tag skills they do not really practise, a fifth write a vague
headline, some write English, some misspell their own speciality, a third have no completed
contract and so no reviews, and reviews scatter around hidden quality.

The judge sees the truth; the ranking sees only the profile. A pair's grade (0-3):
  3  the creative's main skill is one the gig needs
  2  one of their secondary skills is
  1  their main skill is in the gig's category (related work)
then minus one each for: hybrid work from another province, on-site work from another regency
of the province, a rate above 1.5x the budget's maximum, being busy, hidden quality below 0.3;
on-site work from another province, or a rate above 2.5x the budget, makes the pair 0.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from app.reference.categories import CATEGORIES
from app.reference.skills import SKILLS, Skill
from bench.matching.eval_gigs import EVAL_GIGS, EvalGig

SEED = 20261125
SPECIALISTS_PER_NEEDED_SKILL = 4
OTHER_CREATIVES = 120
SKILL = {skill.slug: skill for skill in SKILLS}
BY_CATEGORY: dict[str, list[Skill]] = {c.slug: [s for s in SKILLS if s.category_slug == c.slug]
                                       for c in CATEGORIES}  # fmt: skip

# Where creatives live: hubs first, then the regencies of the evaluation's local gigs.
REGIONS = {
    "31.74": "Jakarta Selatan", "32.73": "Bandung", "34.04": "Sleman", "34.71": "Yogyakarta",
    "35.78": "Surabaya", "35.73": "Malang", "33.74": "Semarang", "51.71": "Denpasar",
    "12.71": "Medan", "73.71": "Makassar", "36.71": "Tangerang", "32.75": "Bekasi",
    "16.71": "Palembang", "61.71": "Pontianak", "13.71": "Padang", "52.71": "Mataram",
    "71.71": "Manado", "64.71": "Balikpapan", "33.75": "Pekalongan", "33.26": "Kajen",
    "35.15": "Sidoarjo", "51.03": "Badung", "32.77": "Cimahi", "33.72": "Surakarta",
}  # fmt: skip
HUBS = ["31.74", "32.73", "34.04", "34.71", "35.78", "35.73", "51.71", "33.74"]

RATE_RANGE = {
    "packaging-design": (300_000, 2_000_000), "logo-branding": (300_000, 3_000_000),
    "social-media-marketing": (800_000, 3_000_000), "product-photography": (300_000, 2_500_000),
    "copywriting": (200_000, 1_500_000), "content-writing": (300_000, 1_500_000),
    "video-production": (500_000, 5_000_000), "digital-ads": (1_000_000, 4_000_000),
    "online-store-setup": (300_000, 1_500_000), "live-selling": (500_000, 2_000_000),
    "web-development": (1_000_000, 8_000_000), "illustration": (400_000, 2_500_000),
    "print-design": (150_000, 800_000), "translation": (300_000, 2_000_000),
    "voice-over": (300_000, 2_000_000),
}  # fmt: skip
ROLES = {
    "packaging-design": ("Desainer kemasan", "Packaging designer"),
    "logo-branding": ("Desainer logo & branding", "Brand designer"),
    "social-media-marketing": ("Social media specialist", "Social media specialist"),
    "product-photography": ("Fotografer produk", "Product photographer"),
    "copywriting": ("Copywriter", "Copywriter"),
    "content-writing": ("Penulis konten", "Content writer"),
    "video-production": ("Videografer & editor video", "Videographer and editor"),
    "digital-ads": ("Digital advertiser", "Performance marketer"),
    "online-store-setup": ("Spesialis marketplace", "Marketplace specialist"),
    "live-selling": ("Host & operator live", "Live commerce host"),
    "web-development": ("Web developer", "Web developer"),
    "illustration": ("Ilustrator", "Illustrator"),
    "print-design": ("Desainer grafis cetak", "Print designer"),
    "translation": ("Penerjemah", "Translator"),
    "voice-over": ("Pengisi suara", "Voice artist"),
}
TOOLS = {
    "packaging-design": "Adobe Illustrator, CorelDRAW, mockup 3D",
    "logo-branding": "Adobe Illustrator, Figma",
    "social-media-marketing": "Canva, Meta Business Suite",
    "product-photography": "Sony A7 III, softbox, Lightroom", "copywriting": "Google Docs, ChatGPT",
    "content-writing": "WordPress, Yoast", "video-production": "Premiere Pro, CapCut, DJI",
    "digital-ads": "Meta Ads Manager, Google Ads", "online-store-setup": "Shopee Seller Centre",
    "live-selling": "OBS, TikTok Live Studio", "web-development": "WordPress, Laravel, Figma",
    "illustration": "Procreate, Adobe Illustrator", "print-design": "CorelDRAW, Photoshop",
    "translation": "SDL Trados, Google Docs", "voice-over": "Audition, Rode NT1",
}  # fmt: skip
PRODUCTS = [
    "keripik tempe", "sambal roa", "kopi arabika Gayo", "batik tulis", "tenun ikat",
    "madu hutan", "kue kering", "abon ikan", "bakpia", "rendang kemasan", "teh herbal",
    "sabun herbal", "hijab", "gamis", "kerajinan rotan", "perak Kotagede", "bandeng presto",
    "dimsum beku", "skincare lokal", "tas kulit", "pempek", "kopi susu literan",
]  # fmt: skip
FIRST_NAMES = [
    "Dina", "Rizky", "Putri", "Bayu", "Ayu", "Fajar", "Nadia", "Eko", "Sari", "Yoga", "Wulan",
    "Ilham", "Rani", "Dimas", "Tika", "Gilang", "Made", "Ketut", "Siti", "Andi", "Nanda", "Raka",
]  # fmt: skip
LAST_NAMES = ["Prameswari", "Pratama", "Wijaya", "Saputra", "Lestari", "Nugroho", "Anggraini",
              "Hidayat", "Kusuma", "Santoso", "Siregar", "Pangestu", "Utami", "Halim"]  # fmt: skip


@dataclass
class EvalCreative:
    key: str
    name: str
    # Hidden truth
    primary: str
    secondary: tuple[str, ...]
    quality: float
    # Public profile
    region: str
    rate_min_idr: int | None
    available: bool
    completed_contracts: int
    rating_avg: float | None
    rating_count: int
    tagged: list[str]
    categories: list[str]
    headline: str
    bio: str
    portfolio: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def category(self) -> str:
        return SKILL[self.primary].category_slug


def _phrase(rng: random.Random, skill: Skill, english: bool) -> str:
    if english:
        return skill.name_en.lower() if rng.random() < 0.6 else rng.choice(skill.synonyms)
    return rng.choice([skill.name_id.lower(), *skill.synonyms])


def _typo(rng: random.Random, text: str) -> str:
    words = [w for w in text.split() if len(w) >= 6]
    if not words:
        return text
    word = rng.choice(words)
    at = rng.randrange(2, len(word) - 2)
    return text.replace(word, word[:at] + word[at + 1 :], 1)


def _profile_text(rng: random.Random, c: EvalCreative) -> None:
    english = rng.random() < 0.3
    primary = SKILL[c.primary]
    role_id, role_en = ROLES[c.category]
    city = REGIONS[c.region]
    main = _phrase(rng, primary, english)
    if rng.random() < 0.2:
        headline = f"{role_en if english else role_id} freelance · {city}"
    elif english:
        headline = rng.choice([f"{main.capitalize()} for small brands · {city}",
                               f"Freelance {role_en.lower()} | {main}"])  # fmt: skip
    else:
        headline = rng.choice(
            [
                f"{role_id} · {main} untuk UMKM",
                f"Spesialis {main} · {city}",
                f"{main.capitalize()} | {city}",
            ]
        )
    if rng.random() < 0.1:
        headline = _typo(rng, headline)
    extras = [_phrase(rng, SKILL[s], english) for s in c.secondary]
    products = rng.sample(PRODUCTS, 2)
    years = rng.randint(1, 12)
    work = ", ".join([_phrase(rng, primary, english), *extras])
    if english:
        bio = (
            f"I'm {c.name.split()[0]}, a {role_en.lower()} based in {city} with {years} years "
            f"of experience. I help small businesses with {work}; recent work for "
            f"{products[0]} and {products[1]}. Tools: {TOOLS[c.category]}."
        )
    else:
        bio = (
            f"Halo, saya {c.name.split()[0]}, {role_id.lower()} dari {city}, pengalaman {years} "
            f"tahun. Biasa mengerjakan {work} untuk UMKM {products[0]} dan {products[1]}. "
            f"Alat kerja: {TOOLS[c.category]}."
        )
    c.headline, c.bio = headline[:200], bio
    for n in range(rng.choice([0, 1, 1, 2, 3])):
        skill = primary if n == 0 or not c.secondary else SKILL[rng.choice(c.secondary)]
        product = rng.choice(PRODUCTS)
        phrase = _phrase(rng, skill, english)
        title = (f"{phrase.capitalize()} for {product}" if english
                 else f"{phrase.capitalize()} {product}")  # fmt: skip
        c.portfolio.append((title[:200], f"{phrase} · {product}", skill.category_slug))


def _reputation(rng: random.Random, quality: float) -> tuple[int, float | None, int]:
    if rng.random() < 0.35:
        return 0, None, 0
    completed = min(60, int(1 + rng.expovariate(1 / 8)))
    count = round(completed * rng.uniform(0.5, 0.9))
    if count == 0:
        return completed, None, 0
    noise = rng.gauss(0, 0.5 / math.sqrt(count))
    return completed, round(min(5.0, max(1.0, 3.3 + 1.6 * quality + noise)), 2), count


def _creative(rng: random.Random, n: int, primary: str, region: str) -> EvalCreative:
    skill = SKILL[primary]
    family = [s.slug for s in BY_CATEGORY[skill.category_slug] if s.slug != primary]
    secondary = tuple(rng.sample(family, min(len(family), rng.choice([0, 1, 1, 2]))))
    quality = rng.betavariate(4, 2)
    low, high = RATE_RANGE[skill.category_slug]
    rate = (None if rng.random() < 0.1
            else round(math.exp(rng.uniform(math.log(low), math.log(high))), -4))  # fmt: skip
    completed, rating, count = _reputation(rng, quality)
    tagged = [primary] if rng.random() < 0.8 else []
    tagged += [s for s in secondary if rng.random() < 0.7]
    noise_categories: list[str] = []
    if rng.random() < 0.25:
        for other in rng.sample(SKILLS, rng.choice([1, 2])):
            if other.category_slug != skill.category_slug:
                tagged.append(other.slug)
                if rng.random() < 0.5:
                    noise_categories.append(other.category_slug)
    if not tagged:
        tagged = [BY_CATEGORY[skill.category_slug][0].slug]
    categories = ([skill.category_slug] if rng.random() < 0.95 else []) + noise_categories
    creative = EvalCreative(
        key=f"c{n:03d}",
        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        primary=primary,
        secondary=secondary,
        quality=quality,
        region=region,
        rate_min_idr=int(rate) if rate else None,
        available=rng.random() >= 0.2,
        completed_contracts=completed,
        rating_avg=rating,
        rating_count=count,
        tagged=list(dict.fromkeys(tagged)),
        categories=list(dict.fromkeys(categories or [skill.category_slug])),
        headline="",
        bio="",
    )
    _profile_text(rng, creative)
    return creative


def build_creatives(seed: int = SEED) -> list[EvalCreative]:
    """Four specialists of every skill the gigs need (two near the gig when it is local),
    plus others drawn from the whole taxonomy."""
    rng = random.Random(seed)
    local: dict[str, list[str]] = {}
    for gig in EVAL_GIGS:
        if gig.work_mode != "remote" and gig.region:
            for need in gig.needs:
                local.setdefault(need, []).append(gig.region)
    creatives: list[EvalCreative] = []
    needed = sorted({need for gig in EVAL_GIGS for need in gig.needs})
    for slug in needed:
        for k in range(SPECIALISTS_PER_NEEDED_SKILL):
            if slug in local and k < 2:
                place = rng.choice(local[slug])
                if k == 1:  # same province, another regency where there is one
                    others = [r for r in REGIONS if r[:2] == place[:2] and r != place]
                    place = rng.choice(others) if others else place
            else:
                place = rng.choice(HUBS) if rng.random() < 0.6 else rng.choice(list(REGIONS))
            creatives.append(_creative(rng, len(creatives), slug, place))
    for _ in range(OTHER_CREATIVES):
        place = rng.choice(HUBS) if rng.random() < 0.6 else rng.choice(list(REGIONS))
        creatives.append(_creative(rng, len(creatives), rng.choice(SKILLS).slug, place))
    return creatives


def grade(gig: EvalGig, creative: EvalCreative) -> int:
    """The judged relevance of a creative for a gig, from the hidden truth (see module doc)."""
    if creative.primary in gig.needs:
        score = 3
    elif set(creative.secondary) & set(gig.needs):
        score = 2
    elif creative.category == gig.category:
        score = 1
    else:
        return 0
    if gig.work_mode != "remote" and gig.region:
        same_province = creative.region[:2] == gig.region[:2]
        if gig.work_mode == "onsite":
            if not same_province:
                return 0
            if creative.region != gig.region:
                score -= 1
        elif not same_province:
            score -= 1
    if creative.rate_min_idr is not None:
        if creative.rate_min_idr > 2.5 * gig.budget[1]:
            return 0
        if creative.rate_min_idr > 1.5 * gig.budget[1]:
            score -= 1
    if not creative.available:
        score -= 1
    if creative.quality < 0.3:
        score -= 1
    return max(0, score)
