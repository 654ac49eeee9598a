"""The fee rounding rule, and which payment provider a deployment may run."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from app.core.config import Environment, Settings
from app.services.fees import percent_to_bps, split_release
from app.services.payments.gateway import payment_gateway
from app.services.payments.sandbox_gateway import SandboxGateway, SandboxRefusedInProduction
from tests.escrow.factories import request_funding
from tests.escrow.stripe_stub import StripeStub
from tests.factories import Deal


@pytest.mark.parametrize(
    ("amount", "fee", "ppn", "share"),
    [
        (2_500_000, 250_000, 27_500, 2_222_500),
        (1_000_000, 100_000, 11_000, 889_000),
        # Rp999: fee 99,9 -> 99 and PPN 10,89 -> 10, both rounded down; the creative gets 890.
        (999, 99, 10, 890),
        (9, 0, 0, 9),
        (1, 0, 0, 1),
    ],
)
def test_fee_and_ppn_round_down_to_whole_rupiah(
    amount: int, fee: int, ppn: int, share: int
) -> None:
    split = split_release(amount, fee_bps=1000, ppn_bps=1100)
    assert (split.fee_idr, split.ppn_idr, split.creative_share_idr) == (fee, ppn, share)


@given(
    amount=st.integers(min_value=0, max_value=10**12),
    fee_bps=st.integers(min_value=0, max_value=5000),
    ppn_bps=st.integers(min_value=0, max_value=3000),
)
def test_the_three_parts_always_add_up_and_never_exceed_the_rates(
    amount: int, fee_bps: int, ppn_bps: int
) -> None:
    split = split_release(amount, fee_bps=fee_bps, ppn_bps=ppn_bps)
    assert split.fee_idr + split.ppn_idr + split.creative_share_idr == amount
    assert 0 <= split.fee_idr * 10_000 <= amount * fee_bps
    assert amount * fee_bps - split.fee_idr * 10_000 < 10_000  # off by less than Rp1
    assert 0 <= split.ppn_idr * 10_000 <= split.fee_idr * ppn_bps
    assert split.creative_share_idr >= 0


def test_percentages_become_basis_points() -> None:
    assert percent_to_bps(Decimal("10")) == 1000
    assert percent_to_bps(Decimal("7.25")) == 725
    with pytest.raises(ValidationError):
        Settings(platform_fee_percent=Decimal("7.125"))


def _production(**extra: str) -> Settings:
    return Settings(
        environment=Environment.production,
        database_url="postgresql+asyncpg://pasar@db/pasar",
        secret_key="rahasia-produksi-yang-panjang",
        storage_backend="s3",
        storage_s3_bucket="pasar-kreatif-files",
        smtp_host="smtp.contoh.id",
        public_base_url="https://api.pasarkreatif.id",
        **extra,  # type: ignore[arg-type]
    )


def test_production_refuses_the_sandbox_provider() -> None:
    with pytest.raises(ValidationError, match="sandbox payment provider is refused"):
        _production()
    with pytest.raises(ValidationError, match="XENDIT_SECRET_KEY"):
        _production(stripe_api_key="sk_live_x", stripe_webhook_secret="whsec_x")
    settings = _production(
        stripe_api_key="sk_live_x",
        stripe_webhook_secret="whsec_x",
        xendit_secret_key="xnd_production_x",
        xendit_callback_token="token_x",
    )
    assert (settings.payment_provider, settings.local_payment_provider) == ("stripe", "xendit")
    with pytest.raises(SandboxRefusedInProduction):
        SandboxGateway(settings)


def test_without_a_stripe_key_development_runs_the_sandbox() -> None:
    settings = Settings(environment=Environment.development)
    assert settings.payment_provider == "sandbox"


@pytest.mark.usefixtures("stripe_env")
async def test_with_stripe_configured_the_sandbox_endpoints_do_not_exist(
    stripe: StripeStub, client: httpx.AsyncClient, deal: Deal
) -> None:
    funding = await request_funding(client, deal)
    assert funding["provider"] == "stripe"
    assert payment_gateway().provider.value == "stripe"
    sandbox = await client.post(
        f"/v1/sandbox/payments/{funding['payment_id']}/succeed", headers=deal.owner.headers
    )
    assert sandbox.status_code == 404
