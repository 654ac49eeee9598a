"""Loading what the signals read for a bounded set of gigs or creatives, in one query each.

Full-text evidence is loaded here too. For creatives, the part of each profile's search
vector that the gig's words reach (`words.found_lexemes`), from which Python computes ts_rank
and the shared words the reasons show. For gigs, ts_rank of each gig against the creative's
words (`words.QueryWords`); the words they share are looked up afterwards for the few
results returned (`shared_gig_words`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Float,
    Integer,
    Select,
    Text,
    Uuid,
    any_,
    bindparam,
    cast,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.models import (
    Business,
    Contract,
    ContractStatus,
    CreativeProfile,
    Gig,
    Hub,
    HubCreative,
    HubCreativeStatus,
    Milestone,
    PortfolioItem,
    Region,
    TrainingRecord,
    User,
    WorkMode,
    creative_categories,
    creative_skills,
    gig_skills,
)
from app.services.matching.execution import run
from app.services.matching.features import (
    CreativeFeatures,
    GigFeatures,
    TextEvidence,
    Training,
    needed_skills,
)
from app.services.matching.taxonomy import skills_mentioned, skills_of_category
from app.services.matching.words import FoundLexemes, QueryWords, found_lexemes, shared_lexemes

DESCRIPTION_CHARS = 3000
# Between a training's title and its hub's name in one text (a control character no
# validated title or name contains).
_TRAINING_SEPARATOR = "\x1f"

_WORD = re.compile(r"[a-z][a-z0-9]*")


def _any_id(ids: Collection[uuid.UUID]) -> ColumnElement[Any]:
    # One array parameter rather than hundreds of IN parameters: one cached statement, and far
    # less binding work per call.
    return any_(literal(list(ids), ARRAY(Uuid)))


# --- gigs -------------------------------------------------------------------------------------

_gig_region = aliased(Region, name="gig_region")
_business_region = aliased(Region, name="business_region")


@cache
def _gig_view() -> Select[Any]:
    """Built once; each call adds its WHERE to a copy."""
    skills = (
        select(func.array_agg(gig_skills.c.skill_slug))
        .where(gig_skills.c.gig_id == Gig.id)
        .scalar_subquery()
    )
    return (
        select(
            Gig.id,
            Gig.owner_id,
            Gig.title,
            func.left(Gig.description, DESCRIPTION_CHARS).label("description"),
            Gig.category_slug,
            Gig.budget_min_idr,
            Gig.budget_max_idr,
            Gig.work_mode,
            Gig.status,
            Gig.deadline,
            Gig.region_code,
            _gig_region.name.label("region_name"),
            Business.region_code.label("business_region_code"),
            _business_region.name.label("business_region_name"),
            skills.label("skills"),
            Gig.pool_id,
            Gig.pool_exclusive_until,
        )
        .join(Business, Business.id == Gig.business_id)
        .join(_business_region, _business_region.code == Business.region_code)
        .outerjoin(_gig_region, _gig_region.code == Gig.region_code)
    )


def _gig_features(row: Any) -> GigFeatures:
    explicit = frozenset(row.skills or ())
    remote = row.work_mode is WorkMode.remote
    region_code = row.region_code or (None if remote else row.business_region_code)
    region_name = row.region_name if row.region_code else row.business_region_name
    # Only skills of the gig's own category count as named by the brief: "logo halal" on a
    # label brief asks for no logo designer; needs in other categories get tagged.
    inferred = skills_mentioned(
        f"{row.title}\n{row.description}", among=skills_of_category(row.category_slug)
    )
    return GigFeatures(
        id=row.id,
        owner_id=row.owner_id,
        status=row.status,
        deadline=row.deadline,
        title=row.title,
        description=row.description,
        category_slug=row.category_slug,
        explicit_skills=explicit,
        inferred_skills=inferred - explicit,
        budget_min_idr=row.budget_min_idr,
        budget_max_idr=row.budget_max_idr,
        work_mode=row.work_mode,
        region_code=region_code,
        region_name=region_name if region_code else None,
        pool_id=row.pool_id,
        pool_exclusive_until=row.pool_exclusive_until,
    )


@cache
def _gig_statement() -> Select[Any]:
    # Built and bound, not `.where(Gig.id == gig_id)` per call: copying the tree and computing
    # its cache key again cost more than running the query.
    return _gig_view().where(Gig.id == bindparam("gig_id", type_=Uuid))


async def load_gig(session: AsyncSession, gig_id: uuid.UUID) -> GigFeatures | None:
    row = (await run(session, _gig_statement(), {"gig_id": gig_id})).first()
    return None if row is None else _gig_features(row)


async def load_gigs(
    session: AsyncSession, ids: Sequence[uuid.UUID], *, against: QueryWords, headline: str
) -> list[tuple[GigFeatures, TextEvidence]]:
    """Features of these gigs, with full-text evidence against a creative's words."""
    if not ids:
        return []
    stmt = _gig_view().add_columns(
        cast(func.ts_rank(Gig.search_vector, against.tsquery()), Float).label("rank"),
        cast(func.similarity(Gig.title, headline), Float).label("trigram"),
    )
    rows = (await session.execute(stmt.where(Gig.id == _any_id(ids)))).all()
    return [
        (_gig_features(row), TextEvidence(profile_rank=row.rank, trigram=row.trigram))
        for row in rows
    ]


async def shared_gig_words(
    session: AsyncSession, ids: Collection[uuid.UUID], words: QueryWords
) -> dict[uuid.UUID, tuple[str, ...]]:
    """The creative's words found in each of these gigs' title and description."""
    if not ids:
        return {}
    lexemes = shared_lexemes(Gig.search_vector.expression, words)
    stmt = select(Gig.id, lexemes).where(Gig.id == _any_id(ids))
    return {gig_id: words.shared(found) for gig_id, found in await session.execute(stmt)}


# --- creatives --------------------------------------------------------------------------------


def _portfolio() -> Any:
    text = func.string_agg(
        PortfolioItem.title + literal(" ") + PortfolioItem.description, literal("\n")
    )
    return (
        select(text.label("text"), func.array_agg(PortfolioItem.category_slug).label("categories"))
        .where(PortfolioItem.creative_id == CreativeProfile.id)
        .lateral("portfolio")
    )


def _contract_record(today: ColumnElement[date]) -> Any:
    """In one pass over the creative's contracts: how many are active, and their milestones
    with a due date that were submitted or are overdue, and how many of those on time."""
    submitted_on = cast(func.timezone("Asia/Jakarta", Milestone.submitted_at), Date)
    milestones = (
        select(
            func.count().label("due"),
            func.count().filter(submitted_on <= Milestone.due_date).label("on_time"),
        )
        .where(
            Milestone.contract_id == Contract.id,
            Milestone.due_date.is_not(None),
            or_(Milestone.submitted_at.is_not(None), Milestone.due_date < today),
        )
        .lateral("contract_milestones")
    )
    return (
        select(
            func.count().filter(Contract.status == ContractStatus.active).label("active"),
            cast(func.coalesce(func.sum(milestones.c.due), 0), Integer).label("due"),
            cast(func.coalesce(func.sum(milestones.c.on_time), 0), Integer).label("on_time"),
        )
        .select_from(Contract)
        .join(milestones, true())
        .where(Contract.creative_id == CreativeProfile.id)
        .lateral("contracts")
    )


def _verifying_hubs() -> ColumnElement[Any]:
    """Names of the hubs the creative is actively affiliated with (ix_hub_creatives_creative_id)."""
    return (
        select(func.array_agg(aggregate_order_by(Hub.name, Hub.name)))
        .select_from(HubCreative)
        .join(Hub, Hub.id == HubCreative.hub_id)
        .where(
            HubCreative.creative_id == CreativeProfile.id,
            HubCreative.status == HubCreativeStatus.active,
        )
        .scalar_subquery()
    )


def _trainings() -> ColumnElement[Any]:
    """The creative's training records as alternating title, hub name (newest first), one flat
    text array: cheaper to carry than rows (ix_training_records_creative_id)."""
    return (
        select(
            func.array_agg(
                aggregate_order_by(
                    func.concat_ws(literal(_TRAINING_SEPARATOR), TrainingRecord.title, Hub.name),
                    TrainingRecord.completed_on.desc(),
                )
            )
        )
        .select_from(TrainingRecord)
        .join(Hub, Hub.id == TrainingRecord.hub_id)
        .where(TrainingRecord.creative_id == CreativeProfile.id)
        .scalar_subquery()
    )


def _array_of(column: Any, key: Any) -> ColumnElement[Any]:
    return select(func.array_agg(column)).where(key == CreativeProfile.id).scalar_subquery()


@cache
def _creatives_statement(with_text: bool) -> Select[Any]:
    """Built once per shape and bound per call: constructing this tree costs more than
    running it on a couple of hundred rows. (Candidate generation stays a statement of its
    own: joined into this one, PostgreSQL re-plans the whole on every call, which costs more
    than the round trip it saves; apart, both run on cached generic plans.)"""
    portfolio = _portfolio()
    contracts = _contract_record(bindparam("today", type_=Date))
    columns: list[ColumnElement[Any]] = [
        _array_of(creative_skills.c.skill_slug, creative_skills.c.creative_id).label("skills"),
        _array_of(creative_categories.c.category_slug, creative_categories.c.creative_id).label(
            "categories"
        ),
        portfolio.c.text.label("portfolio_text"),
        portfolio.c.categories.label("portfolio_categories"),
        contracts.c.active,
        contracts.c.due,
        contracts.c.on_time,
        _verifying_hubs().label("hubs"),
        _trainings().label("trainings"),
    ]
    if with_text:
        columns += [
            found_lexemes(CreativeProfile.search_vector.expression).label("found"),
            cast(
                func.similarity(CreativeProfile.headline, bindparam("title", type_=Text)), Float
            ).label("trigram"),
        ]
    # Named columns, not the entity: the wide search vector stays in the database.
    profile_columns = [
        CreativeProfile.id,
        CreativeProfile.user_id,
        CreativeProfile.display_name,
        CreativeProfile.headline,
        CreativeProfile.bio,
        CreativeProfile.region_code,
        CreativeProfile.rate_min_idr,
        CreativeProfile.availability,
        CreativeProfile.rating_avg,
        CreativeProfile.rating_count,
        CreativeProfile.completed_contracts,
        User.created_at.label("member_since"),
        Region.name.label("region_name"),
    ]
    return (
        select(*profile_columns, *columns)
        .join(User, User.id == CreativeProfile.user_id)
        .join(Region, Region.code == CreativeProfile.region_code)
        .join(portfolio, true())
        .join(contracts, true())
        .where(
            CreativeProfile.id == any_(bindparam("ids", type_=ARRAY(Uuid))),
            User.is_active.is_(True),
        )
    )


async def load_creatives(
    session: AsyncSession,
    ids: Sequence[uuid.UUID],
    *,
    today: date,
    against: QueryWords | None = None,
    title: str = "",
) -> list[tuple[CreativeFeatures, TextEvidence]]:
    """Features of these active creatives, with full-text evidence against a gig's words."""
    if not ids:
        return []
    params: dict[str, Any] = {"ids": list(ids), "today": today}
    if against is not None:
        params |= {"stems": against.stems, "title": title}
    rows = await run(session, _creatives_statement(against is not None), params)
    return [_creative_features(row, against) for row in rows]


def _creative_features(
    row: Any, against: QueryWords | None
) -> tuple[CreativeFeatures, TextEvidence]:
    # Unpacked by position (the order of `_creatives_statement`'s columns): reading twenty
    # named attributes of a hundred rows costs more than everything else done here.
    (
        creative_id,
        user_id,
        display_name,
        headline,
        bio,
        region_code,
        rate_min_idr,
        availability,
        rating_avg,
        rating_count,
        completed_contracts,
        member_since,
        region_name,
        skills,
        categories,
        portfolio_text,
        portfolio_categories,
        active,
        due,
        on_time,
        hubs,
        trainings,
        *text_columns,
    ) = row
    portfolio_text = (portfolio_text or "").lower()
    features = CreativeFeatures(
        id=creative_id,
        user_id=user_id,
        display_name=display_name,
        headline=headline,
        member_since=member_since,
        skills=frozenset(skills or ()),
        categories=frozenset(categories or ()),
        portfolio_categories=frozenset(portfolio_categories or ()),
        text=f"{headline}\n{bio}".lower() + "\n" + portfolio_text,
        portfolio_words=frozenset(_WORD.findall(portfolio_text)),
        region_code=region_code,
        region_name=region_name,
        rate_min_idr=rate_min_idr,
        availability=availability,
        rating_avg=rating_avg,
        rating_count=rating_count,
        completed_contracts=completed_contracts,
        active_contracts=active,
        milestones_due=due,
        milestones_on_time=on_time,
        hubs=tuple(hubs or ()),
        trainings=tuple(
            Training(*entry.split(_TRAINING_SEPARATOR, 1)) for entry in trainings or ()
        ),
    )
    if against is None:
        return features, TextEvidence()
    found_text, trigram = text_columns
    found = FoundLexemes.parse(found_text)
    evidence = TextEvidence(
        profile_rank=found.rank(against),
        portfolio_words=against.found_in(features.portfolio_words),
        trigram=trigram,
        shared_words=against.shared(found.weights),
    )
    return features, evidence


def with_mentions(
    evidence: TextEvidence, gig: GigFeatures, creative: CreativeFeatures
) -> TextEvidence:
    """Add the requested skills the creative names in their own words without tagging them."""
    untagged = needed_skills(gig) - creative.skills
    mentioned = skills_mentioned(creative.text, among=untagged) if untagged else frozenset()
    return replace(evidence, mentioned_skills=mentioned) if mentioned else evidence
