from typing import Annotated

from fastapi import APIRouter, Query

from app.core.auth import CurrentUser
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidCursor, InvalidToken
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.schemas.notifications import (
    NotificationPreferences,
    NotificationPreferencesUpdate,
    NotificationRead,
    NotificationsMarked,
    NotificationsMarkRead,
    Unsubscribed,
)
from app.services.notifications import inbox, preferences, unsubscribe
from app.services.notifications.inbox import NotificationNotFound
from app.services.notifications.preferences import InAppAlwaysOn
from app.services.notifications.unsubscribe import UnsubscribeTokenInvalid

router = APIRouter(tags=["notifications"])

Token = Annotated[
    str,
    Query(
        min_length=10,
        max_length=300,
        pattern=r"^[A-Za-z0-9_\-]+\.[0-9a-f]+$",
        description="The signed token from the email's unsubscribe link",
    ),
]


@router.get(
    "/v1/notifications",
    summary="List my notifications",
    responses=problem_responses(InvalidToken, InsufficientScope, InvalidCursor),
)
async def list_notifications(
    principal: CurrentUser,
    session: SessionDep,
    page: PageParamsDep,
    unread_only: Annotated[bool, Query(description="Only notifications not yet read")] = False,
) -> Page[NotificationRead]:
    """Newest first; each shows its delivery on every channel (`delivered: false` with a
    reason when an email or WhatsApp message could not be delivered)."""
    return await inbox.list_notifications(session, principal, unread_only=unread_only, page=page)


@router.post(
    "/v1/notifications/read",
    summary="Mark notifications read",
    responses=problem_responses(InvalidToken, InsufficientScope, NotificationNotFound),
)
async def mark_notifications_read(
    body: NotificationsMarkRead, principal: CurrentUser, session: SessionDep
) -> NotificationsMarked:
    """Every notification up to `up_to_notification_id`, or the listed `ids`."""
    return await inbox.mark_read(session, principal, body)


@router.get(
    "/v1/me/notification-preferences",
    summary="Read my notification preferences",
    responses=problem_responses(InvalidToken, InsufficientScope),
)
async def get_notification_preferences(
    principal: CurrentUser, session: SessionDep
) -> NotificationPreferences:
    """Every kind x channel (in_app, email, whatsapp), and whether each channel can reach you."""
    return await preferences.get_preferences(session, principal)


@router.put(
    "/v1/me/notification-preferences",
    summary="Change my notification preferences",
    responses=problem_responses(InvalidToken, InsufficientScope, InAppAlwaysOn),
)
async def update_notification_preferences(
    body: NotificationPreferencesUpdate, principal: CurrentUser, session: SessionDep
) -> NotificationPreferences:
    """Set the listed kind x channel choices; the rest keep theirs."""
    return await preferences.update_preferences(session, principal, body)


@router.get(
    "/v1/notifications/unsubscribe",
    summary="Stop one kind of email (link in every notification email)",
    responses=problem_responses(UnsubscribeTokenInvalid),
)
async def unsubscribe_link(token: Token, session: SessionDep) -> Unsubscribed:
    """No sign-in: the signed token names the account and the kind whose email stops."""
    return await unsubscribe.unsubscribe(session, token)


@router.post(
    "/v1/notifications/unsubscribe",
    summary="One-click unsubscribe (RFC 8058)",
    responses=problem_responses(UnsubscribeTokenInvalid),
)
async def unsubscribe_one_click(token: Token, session: SessionDep) -> Unsubscribed:
    """What mail clients POST for the `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
    header; the body is ignored."""
    return await unsubscribe.unsubscribe(session, token)
