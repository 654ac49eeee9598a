import pytest
from pydantic import ValidationError

from app.core.config import Environment, Settings


def _production(**extra: str) -> Settings:
    return Settings(
        environment=Environment.production,
        database_url="postgresql+asyncpg://pasar@db/pasar",
        secret_key="rahasia-produksi-yang-panjang",
        stripe_api_key="sk_live_x",
        stripe_webhook_secret="whsec_x",
        storage_backend="s3",
        storage_s3_bucket="pasar-kreatif-files",
        xendit_secret_key="xnd_production_x",
        xendit_callback_token="callback-token-x",
        payment_return_url="https://pasarkreatif.id/bayar/selesai",
        **extra,  # type: ignore[arg-type]
    )


def test_production_refuses_to_start_without_smtp_settings() -> None:
    with pytest.raises(ValidationError, match="SMTP_HOST and PUBLIC_BASE_URL"):
        _production()
    with pytest.raises(ValidationError, match="SMTP_HOST and PUBLIC_BASE_URL"):
        _production(smtp_host="smtp.contoh.id")
    settings = _production(smtp_host="smtp.contoh.id", public_base_url="https://api.contoh.id")
    assert settings.smtp_starttls and not settings.smtp_tls
