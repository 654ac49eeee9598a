"""Row ids are UUIDv7 and keep creation order, even within one millisecond."""

from __future__ import annotations

from app.models.base import _uuid7, new_id


def test_ids_made_in_a_burst_are_strictly_increasing_version_7() -> None:
    for make in (new_id, _uuid7):
        ids = [make() for _ in range(20_000)]  # many share a millisecond
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
        assert {i.version for i in ids} == {7}
        assert {i.variant for i in ids} == {"specified in RFC 4122"}
