"""What we answer a payment provider's webhook."""

from pydantic import ConfigDict

from app.schemas.common import ResponseModel


class WebhookAck(ResponseModel):
    model_config = ConfigDict(json_schema_extra={"example": {"received": True, "duplicate": False}})

    received: bool
    duplicate: bool
