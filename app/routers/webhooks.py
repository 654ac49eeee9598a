from typing import Annotated

from fastapi import APIRouter, Header, Request

from app.core.db import SessionDep
from app.core.problems import problem_responses
from app.schemas.payments import WebhookAck
from app.services.payments.gateway import InvalidWebhookSignature
from app.services.payments.webhooks import receive_stripe_webhook

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
