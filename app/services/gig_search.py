"""Listing and searching gigs: the public search (cached briefly) and an owner's own gigs.

The cache of public search pages is per process, so it must not lie after a write:
- signed-in callers are never answered from it, so everyone sees their own changes at once
  (a gig they cancelled, a proposal that raised a count, a renamed business);
- every process LISTENs on `gig_search_changed`, which triggers on gigs, gig_skills and
  businesses send when a write commits (migration 0009), and empties its cache then; while
  that connection is down the cache is not used at all.
Anonymous readers on another replica thus see a change within a notification's delivery.
"""

from __future__ import annotations

import asyncio
import time
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.cache import ExpiringCache
from app.core.config import get_settings
from app.core.errors import InvalidToken, Unprocessable
from app.core.json import dumps
from app.core.notifications import ChangeListener
from app.core.pagination import Page, PageParams
from app.core.principal import Principal, require_role
from app.models import GigStatus, UserRole
from app.repositories import gig_search as repository
from app.repositories.gigs import gig_fields
from app.schemas.gigs import GigListQuery, GigSummary
from app.services.gigs import BudgetRangeInvalid
from app.services.search.vocabulary import corrected_query


class StatusRequiresMine(Unprocessable):
    code, title = "status_requires_mine", "Draft and cancelled gigs are only listed with mine=true"


class SortRequiresQuery(Unprocessable):
    code, title = "sort_requires_q", "sort=relevance needs a search query `q`"


CHANGES_CHANNEL = "gig_search_changed"

_public_pages: ExpiringCache[str, Page[GigSummary]] | None = None
_computing: dict[str, asyncio.Future[Page[GigSummary]]] = {}
# Bumped on every change notification: a page computed across one is not cached (it may
# have been read before the change committed).
_generation = 0


def _forget_public_pages() -> None:
    global _generation
    _generation += 1
    if _public_pages is not None:
        _public_pages.clear()


cache_listener = ChangeListener(CHANGES_CHANNEL, on_change=_forget_public_pages)


def public_pages() -> ExpiringCache[str, Page[GigSummary]] | None:
    """The cache of public search pages; None when SEARCH_CACHE_SECONDS is 0 or while no
    change notifications arrive (a cache nobody can invalidate would serve stale pages)."""
    global _public_pages
    settings = get_settings()
    if settings.search_cache_seconds <= 0 or not cache_listener.listening:
        return None
    if _public_pages is None or _public_pages.ttl_seconds != settings.search_cache_seconds:
        _public_pages = ExpiringCache(
            ttl_seconds=settings.search_cache_seconds, max_entries=settings.search_cache_entries
        )
    return _public_pages


async def list_gigs(
    session: AsyncSession, viewer: Principal | None, query: GigListQuery, page: PageParams
) -> Page[GigSummary]:
    """Public gigs (open by default) or, with `mine`, the caller's own in any status."""
    if query.mine or viewer is not None:
        return await _search(session, query, page, owner=viewer)
    # Anonymous: gigs inside a talent pool's exclusive window are left out by the query
    # itself (repository `_outside_exclusive_window`), so no cached page can hold one.
    # The same page for everyone, whoever asks: keyed by every filter, the limit and cursor.
    cache = public_pages()
    if cache is None:
        return await _search(session, query, page, owner=None)
    key = dumps([query.model_dump(mode="json"), page.limit, page.cursor]).decode()
    found = cache.get(key)
    if found is not None:
        return found
    computing = _computing.get(key)
    if computing is not None:
        # Someone is already computing this page: wait for theirs rather than run it twice.
        try:
            return await asyncio.shield(computing)
        except asyncio.CancelledError:
            if not computing.cancelled():
                raise  # this request itself was cancelled
        # theirs failed; compute it here (a domain error then recurs for this caller too)
    mine: asyncio.Future[Page[GigSummary]] = asyncio.get_running_loop().create_future()
    _computing[key] = mine
    generation, started = _generation, time.perf_counter()
    try:
        found = await _search(session, query, page, owner=None)
    except BaseException:
        mine.cancel()
        raise
    finally:
        del _computing[key]
    if generation == _generation:
        cache.put(key, found, cost_seconds=time.perf_counter() - started)
    mine.set_result(found)
    return found


async def _search(
    session: AsyncSession, query: GigListQuery, page: PageParams, *, owner: Principal | None
) -> Page[GigSummary]:
    owner_id: uuid.UUID | None = None
    if query.mine:
        if owner is None:
            raise InvalidToken("Sign in to list your own gigs")
        require_role(owner, UserRole.owner)
        owner_id = owner.id
        statuses = frozenset({query.status}) if query.status else frozenset(GigStatus)
    else:
        status = query.status or GigStatus.open
        if status not in repository.PUBLIC_STATUSES:
            raise StatusRequiresMine()
        statuses = frozenset({status})
    sort = query.sort or ("relevance" if query.q else "newest")
    if sort == "relevance" and not query.q:
        raise SortRequiresQuery()
    if (
        query.budget_min_idr is not None
        and query.budget_max_idr is not None
        and query.budget_min_idr > query.budget_max_idr
    ):
        raise BudgetRangeInvalid()
    search = repository.GigSearch(
        statuses=statuses,
        sort=sort,
        owner_id=owner_id,
        category=query.category,
        region=query.region,
        budget_min_idr=query.budget_min_idr,
        budget_max_idr=query.budget_max_idr,
        q=query.q,
        corrected_q=await corrected_query(session, query.q) if query.q else None,
        skills=list(dict.fromkeys(query.skill)),
        work_mode=query.work_mode,
        viewer_id=owner.id if owner is not None else None,
    )
    rows, next_cursor = await repository.search_gigs(session, search, page)
    return Page[GigSummary](
        data=[GigSummary.model_validate({**gig_fields(r), "excerpt": r.excerpt}) for r in rows],
        next_cursor=next_cursor,
    )
