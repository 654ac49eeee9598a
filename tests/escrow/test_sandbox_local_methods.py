"""The sandbox simulates QRIS, virtual accounts and e-wallets, so a client can be built
against `make run` alone."""

from __future__ import annotations

import httpx

from tests.escrow.factories import idem
from tests.factories import Deal
from tests.helpers import assert_problem


def _crc16(text: str) -> str:
    crc = 0xFFFF
    for byte in text.encode():
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return f"{crc:04X}"


async def test_sandbox_qris_expires_and_a_virtual_account_pays(
    client: httpx.AsyncClient, deal: Deal
) -> None:
    url = f"/v1/milestones/{deal.milestone_id}/fund"
    qris = (await client.post(url, json={"method": "qris"}, headers=idem(deal.owner))).json()
    assert qris["provider"] == "sandbox"
    payload = qris["qr_string"]
    assert payload.startswith("000201") and "5802ID" in payload
    assert payload[-4:] == _crc16(payload[:-4])
    assert qris["qr_png_data_url"].startswith("data:image/png;base64,")
    expire = f"/v1/sandbox/payments/{qris['payment_id']}/expire"
    assert_problem(await client.post(expire, headers=deal.creative.headers), 403)
    assert (await client.post(expire, headers=deal.owner.headers)).json()["status"] == "canceled"

    ewallet = await client.post(
        url, json={"method": "ewallet", "channel": "SHOPEEPAY"}, headers=idem(deal.owner)
    )
    body = ewallet.json()
    assert body["redirect_url"].startswith("https://") and body["deeplink_url"]
    assert (
        await client.post(
            f"/v1/sandbox/payments/{body['payment_id']}/expire", headers=deal.owner.headers
        )
    ).status_code == 200
    va = (
        await client.post(url, json={"method": "va", "bank": "BRI"}, headers=idem(deal.owner))
    ).json()
    assert len(va["va_number"]) == 16 and va["bank"] == "BRI"
    paid = await client.post(
        f"/v1/sandbox/payments/{va['payment_id']}/succeed", headers=deal.owner.headers
    )
    assert paid.json()["status"] == "succeeded"
    contract = (
        await client.get(f"/v1/contracts/{deal.contract_id}", headers=deal.owner.headers)
    ).json()
    assert contract["milestones"][0]["status"] == "funded"
