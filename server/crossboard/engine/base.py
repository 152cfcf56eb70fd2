"""The engine: where a board's ordered log lives. One narrow interface, several backends.

Guarantees every engine gives (the contract suite in `tests/contract/` checks them):
- `append` sequences ops per board with consecutive seqs 1, 2, 3, ... and resolves only
  once the entry is durable; appends made by one caller are sequenced in call order.
- Listeners of a board receive every entry exactly once, in seq order, with no gaps.
- An append whose `cid` is already in the board's log is not sequenced again: it resolves
  with the original entry and `duplicate=True`, and nothing is delivered.
- A failed append (`StorageUnavailable`) was not sequenced and is never delivered.
- `epoch` changes only if the board's log was lost; a client holding another epoch must
  take a full snapshot instead of resuming.
- Checkpoints (a board's saved past states) are kept per board until the board is gone;
  trimming the log or snapshots never removes one (EC8 in the contract suite).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Entry:
    """One op at its place in a board's log, as every replica applies it."""

    seq: int
    op: dict[str, Any]
    by: dict[str, Any]
    cid: str | None
    ts: int

    def to_wire(self) -> dict[str, Any]:
        return {"seq": self.seq, "op": self.op, "by": self.by, "cid": self.cid, "ts": self.ts}

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> Entry:
        return cls(raw["seq"], raw["op"], raw["by"], raw.get("cid"), raw["ts"])


@dataclass(frozen=True)
class AppendResult:
    entry: Entry
    duplicate: bool = False


@dataclass(frozen=True)
class BoardInfo:
    """What the engine knows about a board without loading it."""

    id: str
    title: str
    epoch: str
    created: int
    head: int


@dataclass(frozen=True)
class Snapshot:
    """A board's full state (`Board.to_wire()`) as of `seq`."""

    seq: int
    state: dict[str, Any]


@dataclass(frozen=True)
class Checkpoint:
    """A saved past state of a board, kept until the board is gone: the facilitator's
    "save checkpoint", or one per agenda item. `key` is unique per board."""

    key: str
    label: str
    seq: int
    created: int
    state: dict[str, Any]

    def info(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "seq": self.seq, "created": self.created}


LATENCY_BUCKETS_MS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


@dataclass
class Histogram:
    """Counts of durations (ms) per upper bound, for `/metrics` (Prometheus buckets are
    cumulative; these are not, the exporter sums them)."""

    buckets: tuple[float, ...] = LATENCY_BUCKETS_MS
    counts: list[int] = field(default_factory=lambda: [0] * (len(LATENCY_BUCKETS_MS) + 1))
    total: float = 0.0

    def observe(self, ms: float) -> None:
        self.total += ms
        for i, bound in enumerate(self.buckets):
            if ms <= bound:
                self.counts[i] += 1
                return
        self.counts[-1] += 1


class EngineError(Exception):
    """Base of engine failures."""


class StorageUnavailable(EngineError):
    """The op could not be made durable (disk full, store down). Nothing was sequenced;
    the client may retry the same cid later."""


class BoardNotFound(EngineError):
    pass


class HistoryTrimmed(EngineError):
    """The asked-for entries are no longer in the log; take a snapshot instead."""


Listener = Callable[[Entry], None]


class Engine(Protocol):
    """A board log backend: `memory` (SQLite file, one process) or `redis` (many)."""

    name: str
    shared: bool
    """Other hub processes may have the same boards open (the volatile relay has work)."""
    on_reset: Callable[[str], None] | None
    """Told the id of a board whose log the engine lost (Redis came back empty or went
    back in time): the hub re-seeds it from its replica. Never called by an engine whose
    log cannot be lost behind its back."""
    errors: int
    reconnects: int
    rollbacks: int

    @property
    def round_trips(self) -> Histogram | None:
        """ms per write round trip to a remote store; None for a local one."""
        ...

    @property
    def ready(self) -> bool:
        """Connected to its store (`/readyz`): writes may succeed."""
        ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def create_board(self, genesis: dict[str, Any]) -> BoardInfo:
        """Store a new board whose state at seq 0 is `genesis` (a `Board.to_wire()`)."""
        ...

    async def board_info(self, board_id: str) -> BoardInfo | None: ...

    async def list_boards(self) -> list[BoardInfo]: ...

    def append(
        self, board_id: str, op: dict[str, Any], by: dict[str, Any], cid: str | None
    ) -> Awaitable[AppendResult]:
        """Sequence `op`. Enqueued at call time (so call order is seq order for one caller);
        the awaitable resolves once durable, or raises `StorageUnavailable`."""
        ...

    async def read_since(self, board_id: str, seq: int, limit: int = 10_000) -> list[Entry]:
        """Entries with seq > `seq`, in order, at most `limit`. Raises `HistoryTrimmed`."""
        ...

    async def find(self, board_id: str, cid: str) -> Entry | None:
        """The entry an earlier append with this cid produced, if any (answers re-sends)."""
        ...

    async def save_snapshot(self, board_id: str, snapshot: Snapshot) -> None: ...

    async def may_snapshot(self, board_id: str) -> bool:
        """Is this process the one that writes the board's snapshots now? (With several
        hubs, one holds a lease per board, so the others skip the copy and the write.)"""
        ...

    async def load_snapshot(self, board_id: str) -> Snapshot:
        """The newest snapshot (seq 0 is the genesis). Raises `BoardNotFound`."""
        ...

    async def save_checkpoint(self, board_id: str, checkpoint: Checkpoint) -> None:
        """Keep `checkpoint` (same key: replaced). Raises `StorageUnavailable`."""
        ...

    async def list_checkpoints(self, board_id: str) -> list[Checkpoint]:
        """The board's checkpoints, oldest first."""
        ...

    async def load_checkpoint(self, board_id: str, key: str) -> Checkpoint | None: ...

    def subscribe(self, board_id: str, listener: Listener) -> Awaitable[None]:
        """Deliver the board's new entries to `listener` (sync, called in seq order)."""
        ...

    def unsubscribe(self, board_id: str, listener: Listener) -> Awaitable[None]: ...

    def listen_volatile(self, board_id: str, listener: Callable[[bytes], None]) -> None:
        """Hand `listener` what other hubs publish about the board (subscribed board only):
        presence and cursors, never logged. One process: nothing to hear."""
        ...

    async def publish_volatile(self, board_id: str, payload: bytes) -> None:
        """Send `payload` to the other hubs that have the board open (best effort)."""
        ...

    async def reseed(self, board_id: str, state: dict[str, Any]) -> BoardInfo | None:
        """Store `state` as the board's seq 0 under a new epoch when its log was lost (D4,
        D5). None when there is nothing to do: another hub did it first, or the engine
        cannot lose a log."""
        ...


async def read_log(engine: Engine, board_id: str, seq: int) -> AsyncIterator[Entry]:
    """The board's entries after `seq` up to its head, page by page (the one way to read a
    log to its end: a room loading, an export)."""
    while entries := await engine.read_since(board_id, seq):
        for entry in entries:
            yield entry
        seq = entries[-1].seq
