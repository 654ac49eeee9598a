"""A small in-process cache whose entries expire: for public reads many callers repeat."""

from __future__ import annotations

import math
import random
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ExpiringCache(Generic[K, V]):
    """Least-recently-used, at most `max_entries`, each entry kept up to `ttl_seconds`.

    Per process: workers do not share it, so a change shows everywhere within `ttl_seconds`.
    Entries filled together must not expire together (every caller would then recompute at
    once), so each lives a random 80-100% of the TTL, and near its end a caller may be told
    to recompute early, more likely the closer the end and the costlier the entry (XFetch:
    Vattani, Chierichetti and Lowenstein, "Optimal probabilistic cache stampede prevention",
    VLDB 2015) while everyone else still reads the cached value.
    """

    def __init__(
        self,
        *,
        ttl_seconds: float,
        max_entries: int,
        clock: Callable[[], float] = time.monotonic,
        uniform: Callable[[], float] = random.random,
        spread: float = 0.2,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self._clock = clock
        self._uniform = uniform
        self._spread = spread
        # key -> (expires at, seconds the value took to compute, value)
        self._entries: OrderedDict[K, tuple[float, float, V]] = OrderedDict()

    def get(self, key: K) -> V | None:
        found = self._entries.get(key)
        if found is None:
            return None
        expires_at, cost, value = found
        now = self._clock()
        if now >= expires_at:
            del self._entries[key]
            return None
        # 1 - uniform() lies in (0, 1], so the log is finite and <= 0.
        if cost > 0 and now - cost * math.log(1.0 - self._uniform()) >= expires_at:
            return None  # this caller refreshes it; the entry stays for the others
        self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V, *, cost_seconds: float = 0.0) -> None:
        lifetime = self.ttl_seconds * (1.0 - self._spread * self._uniform())
        self._entries[key] = (self._clock() + lifetime, cost_seconds, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
