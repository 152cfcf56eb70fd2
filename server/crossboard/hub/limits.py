"""Abuse limits that span connections: per participant, per IP address and per board.

Per-connection limits (inbound bytes and frames, cursors) live in the session; these
outlive a connection, so that closing and reopening one refills nothing: op buckets per
participant and per address, and the flood record of an address (a 4009 close), which
refuses its new connections for a cooldown and puts the ones after it on probation.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass

from .config import HubConfig
from .ratelimit import BucketTable

PROBATION_OPS = 1.0
"""Ops a participant's new bucket holds on probation: the first op goes, then the rate."""


@dataclass
class Strikes:
    """The flood closes of one address."""

    count: int
    last: float
    """When the last one happened (monotonic clock)."""
    until: float
    """New connections from the address are refused until then."""


class Limits:
    def __init__(self, config: HubConfig, clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self._clock = clock
        self.by_ip: Counter[str] = Counter()
        self.by_board: Counter[str] = Counter()
        self._participant_ops: BucketTable[tuple[str, str]] = BucketTable(
            config.ops_per_second, config.ops_burst, clock
        )
        self._ip_ops: BucketTable[str] = BucketTable(
            config.ip_ops_per_second, config.ip_ops_per_second, clock
        )
        self._strikes: dict[str, Strikes] = {}
        self._next_forget = clock()
        self._boards_made: dict[str, deque[float]] = {}
        self._minted: dict[tuple[str, str], deque[float]] = {}

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

    def take_op(self, ip: str, board: str, participant: str, *, probation: bool = False) -> bool:
        """One op of `participant` on `board` from `ip`: within the participant's rate and
        the address's shared rate? On probation a participant new to the hub gets no burst."""
        start = PROBATION_OPS if probation else None
        return self._participant_ops.take((board, participant), start=start) and (
            self._ip_ops.take(ip)
        )

    # Floods.

    def flooded(self, ip: str) -> float:
        """Record a flood close (4009) of `ip`; the cooldown it earned, in seconds."""
        now = self._clock()
        self._forget_strikes(now)
        count = self._strikes[ip].count + 1 if self.on_probation(ip) else 1
        cooldown = min(
            self.config.flood_cooldown_max,
            self.config.flood_cooldown * 2.0 ** min(count - 1, 30),
        )
        self._strikes[ip] = Strikes(count=count, last=now, until=now + cooldown)
        return cooldown

    def cooldown(self, ip: str) -> float:
        """Seconds before `ip` may open a connection again (0: it may now)."""
        strikes = self._strikes.get(ip)
        return 0.0 if strikes is None else max(0.0, strikes.until - self._clock())

    def on_probation(self, ip: str) -> bool:
        """Did `ip` flood within the last `flood_memory` seconds?"""
        strikes = self._strikes.get(ip)
        return strikes is not None and self._clock() - strikes.last < self.config.flood_memory

    def _forget_strikes(self, now: float) -> None:
        """Drop the records older than `flood_memory` (at most once a second)."""
        if now < self._next_forget:
            return
        self._next_forget = now + 1.0
        memory = self.config.flood_memory
        for ip in [ip for ip, s in self._strikes.items() if now - s.last >= memory]:
            del self._strikes[ip]

    # Boards.

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

    # Identities.

    def may_mint(self, ip: str, board: str) -> bool:
        """A new identity on `board` from `ip` (I4): a sliding one-minute window."""
        now = self._clock()
        if len(self._minted) > 10_000:  # forget idle windows now and then
            for key in [k for k, v in self._minted.items() if not v or v[-1] <= now - 60]:
                del self._minted[key]
        made = self._minted.setdefault((ip, board), deque())
        while made and made[0] <= now - 60:
            made.popleft()
        if len(made) >= self.config.identities_per_minute:
            return False
        made.append(now)
        return True
