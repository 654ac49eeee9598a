"""Runtime configuration, read once from the environment (and nowhere else)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.core.secret_file import development_secret_key


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class PayoutMode(StrEnum):
    """How creatives are paid (README "Payments"): Stripe Connect transfers, or bank transfers
    an admin makes and records (Connect cannot pay Indonesian accounts from every platform)."""

    stripe_connect = "stripe_connect"
    manual = "manual"
    xendit = "xendit"  # Xendit Payouts to the creative's bank account or e-wallet


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    environment: Environment = Environment.development
    # Empty means "start the embedded PostgreSQL in DATA_DIR" (development and tests only).
    database_url: str = ""
    data_dir: Path = Path(".data")
    db_pool_size: int = Field(default=10, ge=1, le=200)
    # No overflow: connections opened and closed per request under load cost far more than
    # waiting for a pooled one (bench/README.md, "Server settings").
    db_max_overflow: int = Field(default=0, ge=0, le=200)
    db_pool_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # A new connection that takes longer is given up (503 database_unavailable): a server
    # that does not answer must not hold requests for asyncpg's default minute.
    db_connect_timeout_seconds: float = Field(default=5.0, gt=0, le=120)

    # Encrypts stored secrets (webhook signing secrets). Production must set it; elsewhere an
    # empty value means the key generated once in DATA_DIR/secret_key, shared by every
    # process (API workers and the worker must agree on it). SECRET_KEY_PREVIOUS still
    # decrypts during a rotation (README "Rotating SECRET_KEY").
    secret_key: str = ""
    secret_key_previous: str = ""

    # argon2id cost (RFC 9106 second recommendation by default); tests lower it for speed.
    password_hash_time_cost: int = Field(default=3, ge=1, le=10)
    password_hash_memory_kib: int = Field(default=65536, ge=8, le=1_048_576)

    access_token_ttl_seconds: int = Field(default=3600, ge=60, le=86400)
    refresh_token_ttl_seconds: int = Field(default=30 * 86400, ge=3600, le=365 * 86400)

    # Login throttling: failures counted in a sliding window, per account and per client address.
    login_window_seconds: int = 15 * 60
    login_max_failures_per_account: int = 5
    login_max_failures_per_address: int = 20
    # Token records (the session list of GET /v1/me/export) are deleted this many days after
    # the token expired; failed sign-ins are deleted once they leave the window above.
    token_record_retention_days: int = Field(default=90, ge=1, le=3650)

    # Public gig searches (GET /v1/gigs without mine=true) are answered from a per-process
    # cache for this long: popular searches repeat, and a new or changed gig showing up a few
    # seconds later is what search engines' refresh intervals do too. 0 turns it off.
    search_cache_seconds: float = Field(default=5.0, ge=0, le=300)
    search_cache_entries: int = Field(default=4096, ge=1, le=1_000_000)

    # Invitations an owner may send in any 24 hours, in all and to one creative (across gigs).
    invitations_per_owner_per_day: int = Field(default=50, ge=1, le=10_000)
    invitations_per_creative_per_day: int = Field(default=3, ge=1, le=100)

    # A gig offered to a hub's talent pool is seen (and proposed on) only by the pool's
    # members for this long after it is published, then by everyone (issue 13).
    pool_exclusive_hours: int = Field(default=48, ge=1, le=24 * 14)

    max_request_body_bytes: int = 1_048_576
    max_gig_budget_idr: int = 1_000_000_000
    min_gig_budget_idr: int = 10_000
    page_limit_default: int = 20
    page_limit_max: int = 100

    cors_origins: list[str] = []
    # /docs, /redoc and /openapi.json; production may turn them off (the document stays in
    # openapi/openapi.json and `pasar openapi`).
    docs_enabled: bool = True
    log_level: str = "INFO"
    log_json: bool = True

    # Process settings for `pasar serve` (app/cli.py).
    host: str = "0.0.0.0"
    port: int = Field(default=8000, ge=1, le=65535)
    # Unset: 1 worker in development, 2 per CPU core in production.
    web_concurrency: int | None = Field(default=None, ge=1, le=64)
    # Proxies whose X-Forwarded-For/-Proto are trusted (comma-separated, "*" for any).
    forwarded_allow_ips: str = "127.0.0.1"
    seed_demo: bool = False
    # Development and tests only: let webhook endpoints point at loopback or private addresses.
    webhook_allow_private_targets: bool = False
    # Tests only: server for the test database; empty means the embedded PostgreSQL.
    test_database_url: str = ""

    # Payments. Without STRIPE_API_KEY the sandbox provider runs (no network); production
    # refuses it. STRIPE_API_BASE points the client at a local Stripe emulator if needed.
    stripe_api_key: str = ""
    stripe_webhook_secret: str = ""
    stripe_api_base: str = "https://api.stripe.com"
    stripe_connect_country: str = Field(default="ID", pattern=r"^[A-Z]{2}$")
    # Where Stripe sends a creative back to after (or to restart) Express onboarding.
    stripe_connect_return_url: str = "http://localhost:8000/v1/creatives/me/payout-account"
    payout_mode: PayoutMode = PayoutMode.manual
    # Xendit: QRIS, virtual accounts and e-wallets in, bank and e-wallet payouts out. Without
    # XENDIT_SECRET_KEY those methods run on the sandbox (refused in production).
    xendit_secret_key: str = ""
    xendit_callback_token: str = ""
    xendit_api_base: str = "https://api.xendit.co"
    # A xenPlatform sub-account to act for (the `for-user-id` header); empty: the account itself.
    xendit_for_user_id: str = ""
    # Where e-wallet apps send the payer back to after paying (must be https at Xendit).
    payment_return_url: str = "https://pasarkreatif.id/pembayaran/selesai"
    # How long a QRIS, virtual account or e-wallet payment can be paid before it expires.
    local_payment_expiry_minutes: int = Field(default=24 * 60, ge=15, le=7 * 24 * 60)
    # Platform fee on released money, and PPN on that fee; both in percent, 2 decimals at most.
    platform_fee_percent: Decimal = Field(default=Decimal("10"), ge=0, le=50, decimal_places=2)
    ppn_percent: Decimal = Field(default=Decimal("11"), ge=0, le=30, decimal_places=2)
    auto_release_days: int = Field(default=14, ge=1, le=90)
    review_window_days: int = Field(default=7, ge=1, le=60)
    dispute_response_days: int = Field(default=5, ge=1, le=30)
    dispute_decision_days: int = Field(default=14, ge=1, le=60)
    # Idempotency-Key records are kept at least this long (Stripe's contract: 24 hours).
    idempotency_key_ttl_hours: int = Field(default=24, ge=24, le=24 * 30)

    # Conversations: how long a sender may retract a message; the live stream's heartbeat
    # (comment lines keep proxies from closing an idle stream) and streams per user.
    message_retract_minutes: int = Field(default=10, ge=1, le=60)
    stream_heartbeat_seconds: float = Field(default=15.0, gt=0, le=300)
    stream_max_per_user: int = Field(default=5, ge=1, le=100)

    # File storage: the local disk under DATA_DIR/files by default; `s3` for any
    # S3-compatible service (AWS S3, Cloudflare R2, MinIO), which production requires since
    # replicas do not share a disk. Empty keys use the default AWS credential chain.
    storage_backend: Literal["local", "s3"] = "local"
    storage_s3_bucket: str = ""
    storage_s3_endpoint_url: str = ""
    storage_s3_region: str = "auto"
    storage_s3_access_key_id: str = ""
    storage_s3_secret_access_key: str = ""
    # How long a download link stays valid.
    file_link_seconds: int = Field(default=300, ge=10, le=7 * 86400)
    # Uploads nothing uses after this long are removed by the worker.
    orphan_upload_hours: int = Field(default=24, ge=1, le=24 * 30)

    # Outbound email. Without SMTP_HOST (development, tests) mail is written as .eml files
    # under DATA_DIR/mail; production refuses to start without it.
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: str = ""
    # SMTP_TLS: implicit TLS from the first byte (port 465); SMTP_STARTTLS: upgrade a plain
    # connection (port 587). Both off only for a relay on localhost.
    smtp_tls: bool = False
    smtp_starttls: bool = True
    smtp_timeout_seconds: float = Field(default=30.0, gt=0, le=300)
    mail_from: str = "Pasar Kreatif <no-reply@pasarkreatif.id>"
    # Where links in mail point (verification, password reset): the public address of the API.
    public_base_url: str = "http://localhost:8000"

    # WhatsApp Business Cloud API (Meta) for notifications. Without the token and the phone
    # number id the channel is off (preferences say so, deliveries are suppressed); it is
    # optional in production too. WHATSAPP_API_BASE includes the Graph API version.
    whatsapp_access_token: str = ""
    whatsapp_phone_number_id: str = ""
    whatsapp_api_base: str = "https://graph.facebook.com/v21.0"
    whatsapp_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # At most one email per conversation per this many minutes for new messages.
    notification_message_email_minutes: int = Field(default=15, ge=1, le=24 * 60)

    # Password hashing runs in a pool of this many threads per process (unset: one fewer than
    # the CPU cores, at least one), so hashing never takes the core the event loop runs on.
    password_hash_threads: int | None = Field(default=None, ge=1, le=64)

    # Sign-up throttles (attempts per window): per email address and for the whole platform.
    signup_window_seconds: int = Field(default=3600, ge=1)
    signup_max_per_address: int = Field(default=20, ge=1)
    signup_max_global: int = Field(default=1000, ge=1)
    # Verification mail re-sends per account per window.
    verification_resend_max: int = Field(default=3, ge=1)
    # Observability (README, "Operator runbook"). /metrics answers with
    # `Authorization: Bearer METRICS_TOKEN` when a token is set; without one, development
    # serves it openly and production only with METRICS_PUBLIC=true (e.g. behind a private
    # ingress); otherwise production does not expose it at all.
    metrics_token: str = ""
    metrics_public: bool = False
    # Where the processes of one host keep their metric files; empty: DATA_DIR/metrics.
    prometheus_multiproc_dir: Path | None = None
    # Tracing and error reporting are off (and their packages never imported) unless set;
    # they need the `tracing` / `sentry` extras installed.
    # `pasar worker` touches this file every few seconds while its loop runs (a liveness
    # probe for a process without an HTTP port: deploy/k8s/worker.yaml); empty: off.
    worker_heartbeat_file: Path | None = None
    otel_exporter_otlp_endpoint: str = ""
    otel_service_name: str = "pasar-kreatif"
    sentry_dsn: str = ""

    @property
    def metrics_exposed(self) -> bool:
        """Whether the API serves GET /metrics (refused unauthenticated in production)."""
        return bool(self.metrics_token) or self.metrics_public or not self.is_production

    @property
    def metrics_dir(self) -> Path:
        return self.prometheus_multiproc_dir or self.data_dir / "metrics"

    @property
    def whatsapp_enabled(self) -> bool:
        return bool(self.whatsapp_access_token and self.whatsapp_phone_number_id)

    @property
    def payment_provider(self) -> str:
        """Card payments: `stripe` when an API key is configured, else `sandbox`."""
        return "stripe" if self.stripe_api_key else "sandbox"

    @property
    def local_payment_provider(self) -> str:
        """QRIS, virtual accounts and e-wallets: `xendit` with a secret key, else `sandbox`."""
        return "xendit" if self.xendit_secret_key else "sandbox"

    @property
    def sandbox_active(self) -> bool:
        return "sandbox" in (self.payment_provider, self.local_payment_provider)

    @model_validator(mode="after")
    def _production_needs_explicit_secrets(self) -> Settings:
        if self.environment is Environment.production:
            if not self.database_url:
                raise ValueError("DATABASE_URL must be set when ENVIRONMENT=production")
            if not self.secret_key:
                raise ValueError("SECRET_KEY must be set when ENVIRONMENT=production")
            # The sandbox provider marks payments paid without money moving: every method
            # needs its real provider, with the secret its events are verified by.
            if not self.stripe_api_key or not self.stripe_webhook_secret:
                raise ValueError(
                    "STRIPE_API_KEY and STRIPE_WEBHOOK_SECRET must be set when "
                    "ENVIRONMENT=production (the sandbox payment provider is refused)"
                )
            if self.storage_backend != "s3" or not self.storage_s3_bucket:
                # Replicas do not share a local disk: a file uploaded through one would be
                # missing on the others.
                raise ValueError(
                    "STORAGE_BACKEND=s3 and STORAGE_S3_BUCKET must be set when "
                    "ENVIRONMENT=production"
                )

            if not self.smtp_host or "public_base_url" not in self.model_fields_set:
                # Without them nobody could verify an address or reset a password.
                raise ValueError(
                    "SMTP_HOST and PUBLIC_BASE_URL must be set when ENVIRONMENT=production"
                )
            if not self.xendit_secret_key or not self.xendit_callback_token:
                raise ValueError(
                    "XENDIT_SECRET_KEY and XENDIT_CALLBACK_TOKEN must be set when "
                    "ENVIRONMENT=production (the sandbox payment provider is refused)"
                )
            if not self.payment_return_url.startswith("https://"):
                raise ValueError("PAYMENT_RETURN_URL must be https in production")
        elif not self.secret_key:
            self.secret_key = development_secret_key(self.data_dir)
        return self

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.production


@lru_cache
def get_settings() -> Settings:
    return Settings()
