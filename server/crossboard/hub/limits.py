"""Abuse limits that span connections: per IP address and per board.

Per-connection limits (ops, cursors, bytes) live in the session; these count across all
connections of one address or one board on this hub process.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable

from .config import HubConfig
from .ratelimit import TokenBucket


class Limits:
    def __init__(self, config: HubConfig, clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self._clock = clock
        self.by_ip: Counter[str] = Counter()
        self.by_board: Counter[str] = Counter()
        self._ip_ops: dict[str, TokenBucket] = {}
        self._boards_made: dict[str, deque[float]] = {}

    def admit(self, ip: str, board: str) -> str | None:
        """Count a new connection, or say why it is refused (and count nothing)."""
        if self.by_ip[ip] >= self.config.max_connections_per_ip:
            return f"at most {self.config.max_connections_per_ip} connections per address"
        if self.by_board[board] >= self.config.max_connections_per_board:
            return f"at most {self.config.max_connections_per_board} connections per board"
        self.by_ip[ip] += 1
        self.by_board[board] += 1
        return None

    def release(self, ip: str, board: str) -> None:
        for counter, key in ((self.by_ip, ip), (self.by_board, board)):
            counter[key] -= 1
            if counter[key] <= 0:
                del counter[key]
        if ip not in self.by_ip:
            self._ip_ops.pop(ip, None)

    def take_op(self, ip: str) -> bool:
        """One op from `ip`: within the address's shared rate?"""
        bucket = self._ip_ops.get(ip)
        if bucket is None:
            rate = self.config.ip_ops_per_second
            bucket = self._ip_ops[ip] = TokenBucket(rate, rate, self._clock)
        return bucket.take()

    def may_create_board(self, ip: str) -> bool:
        """Board creation: a sliding one-hour window per address."""
        now = self._clock()
        made = self._boards_made.setdefault(ip, deque())
        while made and made[0] <= now - 3600:
            made.popleft()
        if len(made) >= self.config.boards_per_hour_per_ip:
            return False
        made.append(now)
        return True
