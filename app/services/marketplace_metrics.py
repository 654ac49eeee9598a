"""Business counters (gigs posted, contracts created, GMV released), counted from what a
transaction wrote and only once it commits: a rolled-back acceptance never counts."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction

from app.core import metrics
from app.core.event_types import EventType
from app.models import Event, LedgerEntry, LedgerKind, LedgerTransaction

_PENDING = "marketplace_metrics"
_RELEASES = "marketplace_metrics_releases"


def _pending(session: Session) -> dict[str, int]:
    pending: dict[str, int] = session.info.setdefault(_PENDING, {})
    return pending


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    # Reads flush nothing and never get here; a write looks at the rows it just inserted.
    for row in session.new:
        if isinstance(row, Event):
            if row.type == EventType.gig_published:
                _count(session, "gigs", 1)
            elif row.type == EventType.contract_created:
                _count(session, "contracts", 1)
        elif isinstance(row, LedgerTransaction) and row.kind is LedgerKind.release:
            session.info.setdefault(_RELEASES, set()).add(row.id)
        elif (
            isinstance(row, LedgerEntry)
            and row.account.startswith("escrow:")
            and row.transaction_id in session.info.get(_RELEASES, ())
        ):
            # The escrow leg of a release is the whole amount released, as a debit.
            _count(session, "gmv_idr", -row.amount_idr)


def _count(session: Session, name: str, amount: int) -> None:
    pending = _pending(session)
    pending[name] = pending.get(name, 0) + amount


def _after_commit(session: Session) -> None:
    pending: dict[str, int] | None = session.info.pop(_PENDING, None)
    session.info.pop(_RELEASES, None)
    if not pending:
        return
    if pending.get("gigs"):
        metrics.GIGS_POSTED.inc(pending["gigs"])
    if pending.get("contracts"):
        metrics.CONTRACTS_CREATED.inc(pending["contracts"])
    if pending.get("gmv_idr", 0) > 0:
        metrics.GMV_RELEASED.inc(pending["gmv_idr"])


def _after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.nested:
        return  # a savepoint: the outer transaction's counts still stand
    session.info.pop(_PENDING, None)
    session.info.pop(_RELEASES, None)


def install_marketplace_metrics() -> None:
    """Listen on every ORM session of this process (API and worker); idempotent."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
