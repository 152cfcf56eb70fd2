"""Token buckets: `rate` events per second on average, bursts up to `burst`; and tables of
them by key (participant, address) that outlive any one connection."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class TokenBucket:
    __slots__ = ("_clock", "_last", "_tokens", "burst", "rate")

    def __init__(
        self,
        rate: float,
        burst: float,
        clock: Callable[[], float] = time.monotonic,
        tokens: float | None = None,
    ) -> None:
        """A full bucket, or one holding `tokens` (e.g. no burst credit on probation)."""
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = burst if tokens is None else min(burst, tokens)
        self._last = clock()

    def take(self, cost: float = 1.0) -> bool:
        """Spend `cost` tokens if there are enough; False means "over the limit"."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= cost:
            self._tokens -= cost
            return True
        return False

    def full(self) -> bool:
        """Would the bucket be full by now? (Then forgetting it changes nothing.)"""
        return self._tokens + (self._clock() - self._last) * self.rate >= self.burst


class BucketTable(Generic[K]):
    """One bucket per key, kept across connections so that reconnecting does not refill it.
    A bucket is forgotten once it would be full again, so the table holds only the keys
    that were active within the last `burst / rate` seconds (swept when a key is added)."""

    def __init__(
        self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._buckets: dict[K, TokenBucket] = {}
        self._sweep_every = max(1.0, burst / rate) if rate > 0 else 1.0
        self._next_sweep = clock() + self._sweep_every

    def take(self, key: K, cost: float = 1.0, *, start: float | None = None) -> bool:
        """Spend from `key`'s bucket; a new key's bucket starts full, or with `start`."""
        bucket = self._buckets.get(key)
        if bucket is None:
            self._sweep()
            bucket = TokenBucket(self.rate, self.burst, self._clock, start)
            self._buckets[key] = bucket
        return bucket.take(cost)

    def __len__(self) -> int:
        return len(self._buckets)

    def _sweep(self) -> None:
        now = self._clock()
        if now < self._next_sweep:
            return
        self._next_sweep = now + self._sweep_every
        for key in [k for k, b in self._buckets.items() if b.full()]:
            del self._buckets[key]
