"""The event feed: poll what happened, in order, with a resumable cursor."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.core.auth import ScopeFilteredCaller
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidCursor, InvalidToken, RateLimited
from app.core.problems import problem_responses
from app.schemas.events import EventFeed
from app.services.partners import feed

router = APIRouter(tags=["events"])


@router.get(
    "/v1/events",
    summary="Poll events",
    responses=problem_responses(InvalidToken, InsufficientScope, InvalidCursor, RateLimited),
)
async def list_events(
    caller: ScopeFilteredCaller,
    session: SessionDep,
    after: Annotated[
        str | None,
        Query(
            max_length=128,
            pattern=r"^[A-Za-z0-9_\-=]+$",
            description="`next_after` or an "
            "event's `cursor` from an earlier poll; omit to start at the beginning",
        ),
    ] = None,
    types: Annotated[
        str | None,
        Query(
            max_length=1000,
            pattern=r"^[a-z_]+\.[a-z_]+(,[a-z_]+\.[a-z_]+)*$",
            description="Comma-separated event types, e.g. `proposal.accepted,contract.created`",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Events per poll (1-100)")] = 50,
) -> EventFeed:
    """Events the token may see, oldest first: a user's own events (a partner token only the
    types its scopes cover), or for an app token, events of users who connected the app.
    Delivery order is commit-safe: an event never appears behind a cursor already returned."""
    return await feed.poll_events(session, caller, after=after, types=types, limit=limit)
