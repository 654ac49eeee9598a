"""Runtime configuration, read once from the environment (and nowhere else)."""

from __future__ import annotations

import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    environment: Environment = Environment.development
    # Empty means "start the embedded PostgreSQL in DATA_DIR" (development and tests only).
    database_url: str = ""
    data_dir: Path = Path(".data")
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=5, ge=0, le=200)

    # Signs nothing secret-bearing today (tokens are opaque and stored hashed) but keys
    # cursors and webhook secrets; production must set it explicitly.
    secret_key: str = Field(default_factory=lambda: secrets.token_urlsafe(32))

    access_token_ttl_seconds: int = Field(default=3600, ge=60, le=86400)
    refresh_token_ttl_seconds: int = Field(default=30 * 86400, ge=3600, le=365 * 86400)

    # Login throttling: failures counted in a sliding window, per account and per client address.
    login_window_seconds: int = 15 * 60
    login_max_failures_per_account: int = 5
    login_max_failures_per_address: int = 20

    max_request_body_bytes: int = 1_048_576
    max_gig_budget_idr: int = 1_000_000_000
    min_gig_budget_idr: int = 10_000
    page_limit_default: int = 20
    page_limit_max: int = 100

    cors_origins: list[str] = []
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

    @model_validator(mode="after")
    def _production_needs_explicit_secrets(self) -> Settings:
        if self.environment is Environment.production:
            if not self.database_url:
                raise ValueError("DATABASE_URL must be set when ENVIRONMENT=production")
            if "secret_key" not in self.model_fields_set:
                raise ValueError("SECRET_KEY must be set when ENVIRONMENT=production")
        return self

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.production


@lru_cache
def get_settings() -> Settings:
    return Settings()
