"""The money audit after a run: lost or doubled money, read from the ledger itself.

Lost: a payment that succeeded with no funding transaction, a milestone the client saw
approved whose release is missing, escrow short of what a held milestone should hold.
Doubled: two funding transactions for one payment, two succeeded payments for one milestone,
more released than the milestone's amount, escrow holding more than it should.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import asyncpg

HELD = ("funded", "submitted", "changes_requested", "disputed")

CHECKS: dict[str, str] = {
    "unbalanced_transactions": """
        SELECT count(*) FROM (
          SELECT transaction_id FROM ledger_entries GROUP BY 1 HAVING sum(amount_idr) <> 0) t""",
    "payments_succeeded_without_funding": """
        SELECT count(*) FROM payments p WHERE p.status IN ('succeeded', 'superseded')
        AND NOT EXISTS (
          SELECT 1 FROM ledger_transactions t WHERE t.payment_id = p.id AND t.kind = 'funding')""",
    "payments_funded_twice": """
        SELECT count(*) FROM (
          SELECT payment_id FROM ledger_transactions WHERE kind = 'funding'
          GROUP BY 1 HAVING count(*) > 1) t""",
    "milestones_charged_twice": """
        SELECT count(*) FROM (
          SELECT milestone_id FROM payments WHERE status = 'succeeded'
          GROUP BY 1 HAVING count(*) > 1) t""",
    "milestones_released_more_than_amount": """
        SELECT count(*) FROM milestones WHERE released_idr > amount_idr""",
    "escrow_not_matching_status": """
        SELECT count(*) FROM (
          SELECT m.id, m.status, m.amount_idr - m.released_idr AS expected,
                 coalesce(sum(e.amount_idr), 0) AS escrow
          FROM milestones m
          LEFT JOIN ledger_entries e ON e.account = 'escrow:' || m.id::text
          GROUP BY m.id) b
        WHERE escrow <> CASE WHEN status::text = ANY($1::text[]) THEN expected ELSE 0 END""",
    "release_entries_not_matching_released_idr": """
        SELECT count(*) FROM (
          SELECT m.id, m.released_idr, coalesce(-sum(e.amount_idr), 0) AS released
          FROM milestones m
          LEFT JOIN ledger_transactions t ON t.milestone_id = m.id AND t.kind = 'release'
          LEFT JOIN ledger_entries e
            ON e.transaction_id = t.id AND e.account = 'escrow:' || m.id::text
          GROUP BY m.id) r
        WHERE released <> released_idr""",
}


async def ledger_audit(dsn: str, approved_milestones: Iterable[str] = ()) -> dict[str, Any]:
    """Every check's count (all must be 0), plus totals for the report."""
    connection = await asyncpg.connect(dsn)
    try:
        found: dict[str, Any] = {}
        for name, sql in CHECKS.items():
            args = (list(HELD),) if "$1" in sql else ()
            found[name] = await connection.fetchval(sql, *args)
        approved = list(approved_milestones)
        found["approved_by_client_but_not_released"] = (
            await connection.fetchval(
                "SELECT count(*) FROM milestones WHERE id = ANY($1::uuid[]) "
                "AND status <> 'released'",
                approved,
            )
            if approved
            else 0
        )
        totals = await connection.fetchrow(
            """SELECT (SELECT count(*) FROM ledger_transactions) AS transactions,
                      (SELECT count(*) FROM payments WHERE status = 'succeeded') AS payments,
                      (SELECT count(*) FROM milestones WHERE status = 'released') AS released,
                      (SELECT coalesce(sum(released_idr), 0) FROM milestones) AS released_idr"""
        )
        found["totals"] = dict(totals)
        return found
    finally:
        await connection.close()


def audit_clean(found: dict[str, Any]) -> bool:
    return all(value == 0 for key, value in found.items() if key != "totals")
