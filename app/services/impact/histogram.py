"""Durations kept as histograms in the cells, so a median over any months and places is a sum
of a few counters, not a sort of every contract. Buckets are narrow where most durations fall
(hours to a contract, days to completion); the median is interpolated inside its bucket, so it
is exact to within that bucket's width (README "Impact reports")."""

from __future__ import annotations

from collections.abc import Sequence

from app.models.impact import DAYS_COLUMNS, DAYS_EDGES, HOURS_COLUMNS, HOURS_EDGES

# Bucket k holds [edge k-1, edge k) (bucket 0 below the first edge; the last is open).
HISTOGRAM_COLUMNS = HOURS_COLUMNS + DAYS_COLUMNS


def bucket_sums_sql(hours: str, days: str) -> str:
    """SQL sums of the bucket counters over rows with `hours` and `days` values."""
    parts = []
    for value, edges in ((hours, HOURS_EDGES), (days, DAYS_EDGES)):
        array = "ARRAY[" + ", ".join(f"{e}::float8" for e in edges) + "]"
        parts += [
            f"count(*) FILTER (WHERE width_bucket({value}, {array}) = {k})"
            for k in range(len(edges) + 1)
        ]
    return ", ".join(parts)


def median(counts: Sequence[int], edges: Sequence[int]) -> float | None:
    """The median, interpolated linearly inside the bucket it falls in."""
    total = sum(counts)
    if not total:
        return None
    half = total / 2
    below = 0
    for k, count in enumerate(counts):
        if count and below + count >= half:
            low = float(edges[k - 1]) if k else 0.0
            if k == len(edges):
                return low
            high = float(edges[k])
            return low + (half - below) / count * (high - low)
        below += count
    return None
