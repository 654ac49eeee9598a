"""Every table that points at a user is either in the UU PDP export or listed with a reason."""

from __future__ import annotations

from sqlalchemy import Table

from app.models import Base
from app.services.privacy.export import EXPORTED_TABLES, NOT_EXPORTED_TABLES


def _user_linked(table: Table) -> bool:
    for column in table.columns:
        if any(fk.column.table.name == "users" for fk in column.foreign_keys):
            return True
        if column.name.endswith(("user_id", "user_ids", "owner_id")):
            return True
    return False


def test_every_user_linked_table_is_exported_or_explained() -> None:
    linked = {t.name for t in Base.metadata.sorted_tables if _user_linked(t)}
    # Tables hanging off a user's own profile rows carry their data too.
    linked |= {"portfolio_items", "creative_skills", "creative_categories", "milestones"}
    missing = sorted(linked - set(EXPORTED_TABLES) - set(NOT_EXPORTED_TABLES))
    assert missing == [], f"decide whether the export shows these tables: {missing}"


def test_the_lists_name_only_real_tables_and_never_both() -> None:
    names = set(Base.metadata.tables)
    assert set(EXPORTED_TABLES) <= names
    assert set(NOT_EXPORTED_TABLES) <= names
    assert not set(EXPORTED_TABLES) & set(NOT_EXPORTED_TABLES)
    assert all(reason.strip() for reason in NOT_EXPORTED_TABLES.values())


def test_the_walk_can_fail() -> None:
    """A table with a users FK that neither list names is caught."""
    assert _user_linked(Base.metadata.tables["payout_accounts"])
    assert not _user_linked(Base.metadata.tables["regions"])
