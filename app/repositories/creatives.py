"""SQL for creative profiles: the directory search and the rows a profile view is built from."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import REAL, ColumnElement, Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams, apply_keyset, paginate_rows
from app.models import (
    Availability,
    Category,
    CreativeProfile,
    PortfolioItem,
    Region,
    Skill,
    User,
    creative_categories,
    creative_skills,
)
from app.services.reference import region_and_children


@dataclass(frozen=True)
class NamedRef:
    slug: str
    name_id: str
    name_en: str


@dataclass
class CreativeRecord:
    """A profile with everything its views show, loaded without lazy loading."""

    profile: CreativeProfile
    member_since: datetime
    region_name: str
    skills: list[NamedRef] = field(default_factory=list)
    categories: list[NamedRef] = field(default_factory=list)
    portfolio: list[PortfolioItem] = field(default_factory=list)


def _record_query() -> Select[Any]:
    return (
        select(CreativeProfile, User.created_at, Region.name)
        .join(User, User.id == CreativeProfile.user_id)
        .join(Region, Region.code == CreativeProfile.region_code)
    )


async def load_record(
    session: AsyncSession, *, profile_id: uuid.UUID | None = None, user_id: uuid.UUID | None = None
) -> CreativeRecord | None:
    """One profile by id (active accounts only) or by its owner's user id, fully loaded."""
    stmt = _record_query()
    if profile_id is not None:
        stmt = stmt.where(CreativeProfile.id == profile_id, User.is_active.is_(True))
    if user_id is not None:
        stmt = stmt.where(CreativeProfile.user_id == user_id)
    row = (await session.execute(stmt)).first()
    if row is None:
        return None
    record = CreativeRecord(profile=row[0], member_since=row[1], region_name=row[2])
    await attach_details(session, [record], with_portfolio=True)
    return record


async def attach_details(
    session: AsyncSession, records: Collection[CreativeRecord], *, with_portfolio: bool
) -> None:
    """Fill skills, categories (and portfolio) for many profiles in one query each."""
    by_id = {record.profile.id: record for record in records}
    if not by_id:
        return
    skills: defaultdict[uuid.UUID, list[NamedRef]] = defaultdict(list)
    for creative_id, slug, name_id, name_en in await session.execute(
        select(creative_skills.c.creative_id, Skill.slug, Skill.name_id, Skill.name_en)
        .join(Skill, Skill.slug == creative_skills.c.skill_slug)
        .where(creative_skills.c.creative_id.in_(by_id))
        .order_by(Skill.name_id)
    ):
        skills[creative_id].append(NamedRef(slug, name_id, name_en))
    categories: defaultdict[uuid.UUID, list[NamedRef]] = defaultdict(list)
    for creative_id, slug, name_id, name_en in await session.execute(
        select(creative_categories.c.creative_id, Category.slug, Category.name_id, Category.name_en)
        .join(Category, Category.slug == creative_categories.c.category_slug)
        .where(creative_categories.c.creative_id.in_(by_id))
        .order_by(Category.position)
    ):
        categories[creative_id].append(NamedRef(slug, name_id, name_en))
    portfolio: defaultdict[uuid.UUID, list[PortfolioItem]] = defaultdict(list)
    if with_portfolio:
        for item in await session.scalars(
            select(PortfolioItem)
            .where(PortfolioItem.creative_id.in_(by_id))
            .order_by(PortfolioItem.position)
        ):
            portfolio[item.creative_id].append(item)
    for creative_id, record in by_id.items():
        record.skills = skills[creative_id]
        record.categories = categories[creative_id]
        record.portfolio = portfolio[creative_id]


# Snowball's Indonesian stemmer cannot undo nasal assimilation or the ke-...-an confix:
# "pengemasan" stems to "emas" but "kemasan" to "masan" and "dikemas" to "kemas". The query is
# therefore widened with the word's likely roots and their derived forms (each stemmed by
# PostgreSQL), so any form of a word finds the others; ts_rank keeps exact matches first.
_VOWELS = frozenset("aeiou")
# Longest first: a nasal prefix plus the root letter it swallows before a vowel.
_NASAL_PREFIXES = (
    ("meng", "k"),
    ("peng", "k"),
    ("meny", "s"),
    ("peny", "s"),
    ("mem", "p"),
    ("pem", "p"),
    ("men", "t"),
    ("pen", "t"),
)
_PLAIN_PREFIXES = ("di", "ter", "ber", "per", "ke", "se")
_VERB_PREFIXES = ("me", "pe", "di", "ter", "ber", "per")
_MIN_ROOT = 4  # shorter "roots" ("mas" from "kemasan") are mostly accidental
_MAX_EXPANDED_WORDS = 8


def _suffix_stripped(word: str) -> set[str]:
    forms = {word}
    for particle in ("nya", "lah", "kah", "pun", "ku", "mu"):
        if len(word) - len(particle) >= _MIN_ROOT and word.endswith(particle):
            forms.add(word.removesuffix(particle))
    for form in list(forms):
        if len(form) - 2 >= _MIN_ROOT and form.endswith("an"):
            forms.add(form.removesuffix("an"))
        # -kan and -i are verb suffixes: only stripped with a verb prefix ("desain" stays).
        if form.startswith(_VERB_PREFIXES):
            for suffix in ("kan", "i"):
                if len(form) - len(suffix) >= _MIN_ROOT and form.endswith(suffix):
                    forms.add(form.removesuffix(suffix))
    return forms


def _prefix_stripped(word: str) -> set[str]:
    roots: set[str] = set()
    for prefix, swallowed in _NASAL_PREFIXES:
        if word.startswith(prefix):
            rest = word.removeprefix(prefix)
            roots.add(rest)
            if rest[:1] in _VOWELS:
                roots.add(swallowed + rest)
            break
    else:
        if word.startswith(("me", "pe")) and word[2:3] in set("lrwymn"):
            roots.add(word[2:])
    for prefix in _PLAIN_PREFIXES:
        if word.startswith(prefix):
            roots.add(word.removeprefix(prefix))
    return {root for root in roots if len(root) >= _MIN_ROOT}


def _nasalised(root: str) -> str | None:
    if root.startswith(_VERB_PREFIXES):  # already a derived form
        return None
    first = root[0]
    if first in _VOWELS or first in "ghk":
        return "meng" + (root[1:] if first == "k" else root)
    if first == "s":
        return "meny" + root[1:]
    if first in "tdcjz":
        return "men" + (root[1:] if first == "t" else root)
    if first in "pbfv":
        return "mem" + (root[1:] if first == "p" else root)
    return "me" + root


def indonesian_variants(word: str) -> set[str]:
    """The word, its likely roots, their -an nouns and nasal verbs (`kemas` -> `mengemas`)."""
    if len(word) < _MIN_ROOT:
        return {word}
    variants = _suffix_stripped(word)
    for form in list(variants):
        roots = _prefix_stripped(form)
        # The -an noun of each root: "mengemas" -> "kemas" -> "kemasan".
        variants |= roots | {root + "an" for root in roots if not root.endswith("an")}
    for form in list(variants):
        if (nasal := _nasalised(form)) is not None:
            variants.add(nasal)
    return variants


def _expanded_tsquery_text(q: str) -> str | None:
    """`(w1 | root1 | ...) & (w2 | ...) & !neg` for to_tsquery, or None to skip expansion."""
    if '"' in q:  # a phrase search asks for precision, not for word forms
        return None
    groups: list[str] = []
    for chunk in q.lower().split()[:_MAX_EXPANDED_WORDS]:
        negated = chunk.startswith("-")
        words = re.findall(r"[a-z]+", chunk)
        if not words or chunk == "or":
            continue
        if negated:
            groups.extend(f"!{word}" for word in words)
        else:
            groups.extend(
                "(" + " | ".join(sorted(indonesian_variants(word))) + ")" for word in words
            )
    return " & ".join(groups) or None


def text_query(q: str) -> ColumnElement[Any]:
    """websearch syntax in Indonesian and English, widened with Indonesian word forms."""
    query = func.websearch_to_tsquery("indonesian", q).op("||")(
        func.websearch_to_tsquery("english", q)
    )
    expanded = _expanded_tsquery_text(q)
    if expanded is not None:
        query = query.op("||")(func.to_tsquery("indonesian", expanded))
    return query


async def search_creatives(
    session: AsyncSession,
    *,
    skill: str | None,
    category: str | None,
    region: str | None,
    availability: Availability | None,
    q: str | None,
    page: PageParams,
) -> tuple[list[CreativeRecord], str | None]:
    """Active creatives matching every filter: by relevance to `q`, else newest first.

    With `q` the keyset is (rank, id): ts_rank is deterministic for unchanged rows, so the
    float rank read back on one page compares exactly against the same row's rank on the next.
    """
    stmt = _record_query().where(User.is_active.is_(True))
    if skill is not None:
        stmt = stmt.where(
            exists().where(
                creative_skills.c.creative_id == CreativeProfile.id,
                creative_skills.c.skill_slug == skill,
            )
        )
    if category is not None:
        stmt = stmt.where(
            exists().where(
                creative_categories.c.creative_id == CreativeProfile.id,
                creative_categories.c.category_slug == category,
            )
        )
    if region is not None:
        stmt = stmt.where(CreativeProfile.region_code.in_(region_and_children(region)))
    if availability is not None:
        stmt = stmt.where(CreativeProfile.availability == availability)

    if q is not None:
        query = text_query(q)
        rank = func.ts_rank(CreativeProfile.search_vector, query, type_=REAL)
        stmt = stmt.add_columns(rank).where(CreativeProfile.search_vector.op("@@")(query))
        keyset: list[ColumnElement[Any]] = [rank, CreativeProfile.id.expression]
    else:
        keyset = [CreativeProfile.created_at.expression, CreativeProfile.id.expression]
    stmt = apply_keyset(stmt, keyset, page)
    rows = (await session.execute(stmt)).all()
    page_rows, next_cursor = paginate_rows(
        rows,
        page.limit,
        # str(): asyncpg's UUID subclass is not JSON-encodable.
        key=lambda row: (row[3] if q is not None else row[0].created_at, str(row[0].id)),
    )
    records = [
        CreativeRecord(profile=row[0], member_since=row[1], region_name=row[2]) for row in page_rows
    ]
    await attach_details(session, records, with_portfolio=False)
    return records, next_cursor
