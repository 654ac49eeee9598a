from typing import Annotated

from fastapi import APIRouter, Header, Request

from app.core.db import SessionDep
from app.core.problems import problem_responses
from app.schemas.payments import WebhookAck
from app.services.payments.gateway import InvalidWebhookSignature
from app.services.payments.webhooks import receive_stripe_webhook, receive_xendit_webhook

router = APIRouter(tags=["payment-webhooks"])


@router.post(
    "/v1/webhooks/stripe",
    summary="Receive a Stripe event",
    responses=problem_responses(InvalidWebhookSignature),
)
async def receive_stripe_event(
    request: Request,
    session: SessionDep,
    stripe_signature: Annotated[
        str | None, Header(alias="Stripe-Signature", max_length=2000)
    ] = None,
) -> WebhookAck:
    """Verifies `Stripe-Signature` on the raw body (5-minute tolerance), stores the event once
    and answers at once; the worker applies it."""
    return await receive_stripe_webhook(
        session, payload=await request.body(), signature=stripe_signature
    )


@router.post(
    "/v1/webhooks/xendit",
    summary="Receive a Xendit callback",
    responses=problem_responses(InvalidWebhookSignature),
)
async def receive_xendit_callback(
    request: Request,
    session: SessionDep,
    callback_token: Annotated[str | None, Header(alias="x-callback-token", max_length=500)] = None,
) -> WebhookAck:
    """Checks `x-callback-token` (constant-time), stores the callback once per (event, object,
    status) and answers at once; the worker applies it."""
    return await receive_xendit_webhook(
        session, payload=await request.body(), callback_token=callback_token
    )
