"""stored webhook secrets: each endpoint's signing secret stored encrypted, not derived

Revision ID: 0007_stored_webhook_secrets
Revises: 0006_matching_speed
Create Date: 2026-12-06 04:10:00

The signing secret was HMAC(SECRET_KEY, endpoint id + salt): with no SECRET_KEY set every
process drew its own, so the worker signed with a key the API never returned. Secrets are now
random and stored encrypted (app/core/encryption.py). Existing endpoints keep their secret:
it is derived once more here, with the SECRET_KEY this migration runs with, and stored.
"""

import base64
import hashlib
import hmac
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from app.core.config import get_settings
from app.core.encryption import encrypt_secret

revision: str = "0007_stored_webhook_secrets"
down_revision: str | None = "0006_matching_speed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _derived_secret(secret_key: str, endpoint_id: object, salt: str) -> str:
    # The derivation the endpoint was created with (app/services/partners/webhooks.py before).
    message = f"webhook-endpoint:{endpoint_id}:{salt}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return "whsec_" + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def upgrade() -> None:
    op.add_column(
        "webhook_endpoints", sa.Column("signing_secret_encrypted", sa.Text(), nullable=True)
    )
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, secret_salt FROM webhook_endpoints")).all()
    if rows:
        secret_key = get_settings().secret_key
        for endpoint_id, salt in rows:
            connection.execute(
                sa.text(
                    "UPDATE webhook_endpoints SET signing_secret_encrypted = :secret WHERE id = :id"
                ),
                {
                    "id": endpoint_id,
                    "secret": encrypt_secret(_derived_secret(secret_key, endpoint_id, salt)),
                },
            )
    op.alter_column("webhook_endpoints", "signing_secret_encrypted", nullable=False)
    op.drop_column("webhook_endpoints", "secret_salt")


def downgrade() -> None:
    # The stored secrets cannot be expressed as salts: after a downgrade every endpoint has
    # a new secret, which its owner must fetch by re-creating the endpoint.
    op.add_column(
        "webhook_endpoints",
        sa.Column(
            "secret_salt",
            sa.String(length=64),
            nullable=False,
            server_default=sa.text("md5(random()::text)"),
        ),
    )
    op.alter_column("webhook_endpoints", "secret_salt", server_default=None)
    op.drop_column("webhook_endpoints", "signing_secret_encrypted")
