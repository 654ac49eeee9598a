"""The books must add up: an independent check of the ledger against the rows it describes.

Written in plain SQL and arithmetic, not with the app's ledger service, so a bug there
cannot hide itself. Run after every escrow test.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

HELD = ("funded", "submitted", "changes_requested", "disputed")


def fee_split(amount: int, fee_bps: int, ppn_bps: int) -> tuple[int, int, int]:
    """(creative share, fee, PPN): both rates rounded down to the whole rupiah."""
    fee = amount * fee_bps // 10_000
    ppn = fee * ppn_bps // 10_000
    return amount - fee - ppn, fee, ppn


async def _rows(db: AsyncSession | AsyncConnection, sql: str) -> list[Any]:
    return list((await db.execute(text(sql))).all())


async def balances(db: AsyncSession | AsyncConnection) -> dict[str, int]:
    return {
        account: int(total)
        for account, total in await _rows(
            db, "SELECT account, sum(amount_idr) FROM ledger_entries GROUP BY account"
        )
    }


async def assert_ledger_consistent(db: AsyncSession | AsyncConnection) -> dict[str, int]:
    """Every transaction balances; every account holds exactly what the payments, milestones,
    refunds and payouts say it should. Returns the balances for further assertions."""
    # Fires the deferred balance trigger now, inside the test's never-committed transaction.
    await db.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
    unbalanced = await _rows(
        db,
        """SELECT t.id, count(e.id), coalesce(sum(e.amount_idr), 0)
           FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
           GROUP BY t.id HAVING count(e.id) < 2 OR coalesce(sum(e.amount_idr), 0) <> 0""",
    )
    assert unbalanced == [], f"unbalanced ledger transactions: {unbalanced}"
    books = balances
    got = await books(db)
    assert sum(got.values()) == 0

    milestones = await _rows(
        db,
        """SELECT m.id, m.status, m.amount_idr, m.released_idr, m.refunded_idr, c.creative_user_id,
                  p.fee_bps, p.ppn_bps, m.funded_at
           FROM milestones m JOIN contracts c ON c.id = m.contract_id
           LEFT JOIN payments p ON p.milestone_id = m.id AND p.status = 'succeeded'""",
    )
    expected: dict[str, int] = defaultdict(int)
    for mid, status, amount, released, refunded, creative, fee_bps, ppn_bps, _ in milestones:
        held = amount if status in HELD else 0
        assert got.get(f"escrow:{mid}", 0) == held, f"escrow of {status} milestone {mid}"
        if status in ("released", "refunded") and fee_bps is not None:
            assert released + refunded == amount, f"milestone {mid} settled {released}+{refunded}"
        if released:
            share, fee, ppn = fee_split(released, fee_bps, ppn_bps)
            expected[f"creative_payable:{creative}"] += share
            expected["platform_revenue"] += fee
            expected["ppn_payable"] += ppn
    for creative, paid in await _rows(
        db,
        """SELECT creative_user_id, sum(amount_idr) FROM payouts
           WHERE status = 'paid' GROUP BY creative_user_id""",
    ):
        expected[f"creative_payable:{creative}"] -= int(paid)
        expected["payouts_out"] += int(paid)
    [(funded,)] = await _rows(
        db,
        """SELECT coalesce(sum(amount_idr), 0) FROM payments
           WHERE status IN ('succeeded', 'superseded')""",
    )
    expected["owner_funding"] = -int(funded)
    # Fees on payments are on the payment; Xendit's fees on refunds and payouts are only in
    # its listed transactions.
    [(fees,)] = await _rows(
        db,
        """SELECT (SELECT coalesce(sum(provider_fee_idr), 0) FROM payments)
                + (SELECT coalesce(sum(fee_idr), 0) FROM provider_transactions
                   WHERE payment_id IS NULL)""",
    )
    expected["platform_revenue"] -= int(fees)
    expected["provider_fees"] += int(fees)
    [(refunded_total, owed)] = await _rows(
        db,
        """SELECT coalesce(sum(amount_idr) FILTER (WHERE status <> 'failed'), 0),
                  coalesce(sum(amount_idr) FILTER (WHERE status = 'failed'), 0)
           FROM refunds""",
    )
    expected["refunds_out"] = int(refunded_total)
    expected["refunds_owed"] = int(owed)
    [(chargebacks, fees, settled_loss, claims)] = await _rows(
        db,
        """SELECT coalesce(sum(refund_idr), 0), coalesce(sum(provider_fee_idr), 0),
                  coalesce(sum(refund_idr) FILTER (WHERE creative_claim_idr IS NOT NULL), 0),
                  coalesce(sum(creative_claim_idr), 0)
           FROM disputes WHERE kind = 'chargeback' AND status = 'resolved'""",
    )
    expected["chargebacks_out"] = int(chargebacks)
    # Chargebacks lost after release: the platform's own money, less what the creative repaid.
    expected["provider_fees"] += int(fees)
    expected["chargeback_losses"] -= int(fees) + int(settled_loss) - int(claims)
    for creative, claimed in await _rows(
        db,
        """SELECT c.creative_user_id, sum(d.creative_claim_idr) FROM disputes d
           JOIN contracts c ON c.id = d.contract_id
           WHERE d.creative_claim_idr IS NOT NULL GROUP BY c.creative_user_id""",
    ):
        expected[f"creative_payable:{creative}"] -= int(claimed)
    non_escrow = {k: v for k, v in got.items() if not k.startswith("escrow:") and v != 0}
    wanted = {k: v for k, v in expected.items() if v != 0}
    assert non_escrow == wanted
    return got
