"""The embedded engine: one process, boards in memory, the log durable in SQLite (WAL).

All SQLite work runs on one dedicated thread. Appends are group-committed: whatever queued
up while the previous transaction was being written goes into the next one, so a burst of
ops costs one fsync, not one each. An entry reaches listeners only after its commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import sqlite3
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import msgpack

from .base import (
    AppendResult,
    BoardInfo,
    BoardNotFound,
    Checkpoint,
    Entry,
    Listener,
    Snapshot,
    StorageUnavailable,
)

T = TypeVar("T")
log = logging.getLogger("crossboard.engine.memory")

SCHEMA = """
CREATE TABLE IF NOT EXISTS boards (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, epoch TEXT NOT NULL,
    created INTEGER NOT NULL, head INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ops (
    board TEXT NOT NULL, seq INTEGER NOT NULL, cid TEXT, entry BLOB NOT NULL,
    PRIMARY KEY (board, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS ops_cid ON ops (board, cid) WHERE cid IS NOT NULL;
CREATE TABLE IF NOT EXISTS checkpoints (
    board TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL, seq INTEGER NOT NULL,
    created INTEGER NOT NULL, state BLOB NOT NULL, PRIMARY KEY (board, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
    board TEXT NOT NULL, seq INTEGER NOT NULL, state BLOB NOT NULL, created INTEGER NOT NULL,
    PRIMARY KEY (board, seq)
) WITHOUT ROWID;
"""

MAX_BATCH = 2000
KEEP_SNAPSHOTS = 5
"""Automatic snapshots kept per board besides the genesis (seq 0)."""


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class _Pending:
    board: str
    op: dict[str, Any]
    by: dict[str, Any]
    cid: str | None
    future: asyncio.Future[AppendResult]


class MemoryEngine:
    """Boards of one process, durable in `<data_dir>/crossboard.sqlite3`."""

    name = "memory"
    shared = False
    ready = True  # a local file: there is nothing to connect to
    on_reset: Callable[[str], None] | None = None  # a SQLite log is never lost behind us
    round_trips = None
    errors = reconnects = rollbacks = 0

    def __init__(self, data_dir: Path | str, *, synchronous: str = "FULL") -> None:
        self.path = Path(data_dir) / "crossboard.sqlite3"
        self._synchronous = synchronous
        self._db: sqlite3.Connection | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crossboard-sqlite")
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None
        self._listeners: dict[str, list[Listener]] = {}
        self._heads: dict[str, int] = {}  # touched only on the SQLite thread

    # Lifecycle.

    async def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        await self._run(self._open)
        self._writer = asyncio.create_task(self._write_loop(), name="crossboard-sqlite-writer")

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
            self._writer = None
        while not self._queue.empty():
            self._queue.get_nowait().future.set_exception(StorageUnavailable("engine closed"))
        if self._db is not None:
            await self._run(self._db.close)
            self._db = None
        self._thread.shutdown(wait=True)

    def _open(self) -> None:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"PRAGMA synchronous={self._synchronous}")
        db.execute("PRAGMA busy_timeout=5000")
        db.executescript(SCHEMA)
        self._db = db

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise StorageUnavailable("engine is not started")
        return self._db

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, fn, *args)

    # Boards.

    async def create_board(self, genesis: dict[str, Any]) -> BoardInfo:
        info = BoardInfo(genesis["id"], genesis["title"], secrets.token_hex(8), now_ms(), 0)
        blob = msgpack.packb(genesis, use_bin_type=True)

        def write() -> None:
            db = self._conn()
            try:
                with db:
                    db.execute("BEGIN")
                    db.execute(
                        "INSERT INTO boards (id, title, epoch, created, head) VALUES (?,?,?,?,0)",
                        (info.id, info.title, info.epoch, info.created),
                    )
                    db.execute(
                        "INSERT INTO snapshots (board, seq, state, created) VALUES (?,0,?,?)",
                        (info.id, blob, info.created),
                    )
            except sqlite3.IntegrityError as exc:
                raise ValueError(f"board {info.id} already exists") from exc
            except sqlite3.Error as exc:
                raise StorageUnavailable(str(exc)) from exc
            self._heads[info.id] = 0

        await self._run(write)
        return info

    async def board_info(self, board_id: str) -> BoardInfo | None:
        def read() -> BoardInfo | None:
            row = (
                self._conn()
                .execute(
                    "SELECT id, title, epoch, created, head FROM boards WHERE id=?", (board_id,)
                )
                .fetchone()
            )
            return BoardInfo(*row) if row else None

        return await self._run(read)

    async def list_boards(self) -> list[BoardInfo]:
        def read() -> list[BoardInfo]:
            rows = self._conn().execute(
                "SELECT id, title, epoch, created, head FROM boards ORDER BY created DESC"
            )
            return [BoardInfo(*row) for row in rows]

        return await self._run(read)

    # The log.

    def append(
        self, board_id: str, op: dict[str, Any], by: dict[str, Any], cid: str | None
    ) -> Awaitable[AppendResult]:
        future: asyncio.Future[AppendResult] = asyncio.get_running_loop().create_future()
        if self._writer is None:
            future.set_exception(StorageUnavailable("engine is not running"))
        else:
            self._queue.put_nowait(_Pending(board_id, op, by, cid, future))
        return future

    async def _write_loop(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty() and len(batch) < MAX_BATCH:
                batch.append(self._queue.get_nowait())
            try:
                results = await self._run(self._commit, batch)
            except Exception as exc:
                error = exc if isinstance(exc, StorageUnavailable) else StorageUnavailable(str(exc))
                for pending in batch:
                    if not pending.future.done():
                        pending.future.set_exception(error)
                continue
            for pending, result in zip(batch, results, strict=True):
                if isinstance(result, BaseException):
                    if not pending.future.done():
                        pending.future.set_exception(result)
                    continue
                if not result.duplicate:
                    self._deliver(pending.board, result.entry)
                if not pending.future.done():
                    pending.future.set_result(result)

    def _commit(self, batch: list[_Pending]) -> list[AppendResult | BaseException]:
        """One transaction for the whole batch (runs on the SQLite thread)."""
        db = self._conn()
        results: list[AppendResult | BaseException] = []
        heads = dict(self._heads)
        seen: dict[tuple[str, str], Entry] = {}
        ts = now_ms()
        try:
            db.execute("BEGIN IMMEDIATE")
            for p in batch:
                if p.board not in heads:
                    row = db.execute("SELECT head FROM boards WHERE id=?", (p.board,)).fetchone()
                    if row is None:
                        results.append(BoardNotFound(p.board))
                        continue
                    heads[p.board] = row[0]
                if p.cid is not None:
                    earlier = seen.get((p.board, p.cid)) or self._by_cid(db, p.board, p.cid)
                    if earlier is not None:
                        results.append(AppendResult(earlier, duplicate=True))
                        continue
                seq = heads[p.board] + 1
                entry = Entry(seq, p.op, p.by, p.cid, ts)
                db.execute(
                    "INSERT INTO ops (board, seq, cid, entry) VALUES (?,?,?,?)",
                    (p.board, seq, p.cid, msgpack.packb(entry.to_wire(), use_bin_type=True)),
                )
                heads[p.board] = seq
                if p.cid is not None:
                    seen[(p.board, p.cid)] = entry
                results.append(AppendResult(entry))
            for board, head in heads.items():
                if head != self._heads.get(board):
                    db.execute("UPDATE boards SET head=? WHERE id=?", (head, board))
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StorageUnavailable(f"could not store the op: {exc}") from exc
        self._heads = heads
        return results

    @staticmethod
    def _by_cid(db: sqlite3.Connection, board: str, cid: str) -> Entry | None:
        row = db.execute("SELECT entry FROM ops WHERE board=? AND cid=?", (board, cid)).fetchone()
        return Entry.from_wire(msgpack.unpackb(row[0], raw=False)) if row else None

    async def read_since(self, board_id: str, seq: int, limit: int = 10_000) -> list[Entry]:
        def read() -> list[Entry]:
            rows = self._conn().execute(
                "SELECT entry FROM ops WHERE board=? AND seq>? ORDER BY seq LIMIT ?",
                (board_id, seq, limit),
            )
            return [Entry.from_wire(msgpack.unpackb(r[0], raw=False)) for r in rows]

        return await self._run(read)

    async def find(self, board_id: str, cid: str) -> Entry | None:
        return await self._run(lambda: self._by_cid(self._conn(), board_id, cid))

    # Snapshots.

    async def save_snapshot(self, board_id: str, snapshot: Snapshot) -> None:
        blob = msgpack.packb(snapshot.state, use_bin_type=True)

        def write() -> None:
            db = self._conn()
            try:
                with db:
                    db.execute("BEGIN")
                    db.execute(
                        "INSERT OR REPLACE INTO snapshots (board, seq, state, created) "
                        "VALUES (?,?,?,?)",
                        (board_id, snapshot.seq, blob, now_ms()),
                    )
                    db.execute(
                        "DELETE FROM snapshots WHERE board=? AND seq>0 AND seq NOT IN "
                        "(SELECT seq FROM snapshots WHERE board=? ORDER BY seq DESC LIMIT ?)",
                        (board_id, board_id, KEEP_SNAPSHOTS),
                    )
            except sqlite3.Error as exc:
                raise StorageUnavailable(str(exc)) from exc

        await self._run(write)

    async def load_snapshot(self, board_id: str) -> Snapshot:
        def read() -> Snapshot:
            row = (
                self._conn()
                .execute(
                    "SELECT seq, state FROM snapshots WHERE board=? ORDER BY seq DESC LIMIT 1",
                    (board_id,),
                )
                .fetchone()
            )
            if row is None:
                raise BoardNotFound(board_id)
            return Snapshot(row[0], msgpack.unpackb(row[1], raw=False))

        return await self._run(read)

    # Checkpoints.

    async def save_checkpoint(self, board_id: str, checkpoint: Checkpoint) -> None:
        blob = msgpack.packb(checkpoint.state, use_bin_type=True)
        row = (board_id, checkpoint.key, checkpoint.label, checkpoint.seq, checkpoint.created, blob)

        def write() -> None:
            try:
                with self._conn() as db:
                    db.execute("INSERT OR REPLACE INTO checkpoints VALUES (?,?,?,?,?,?)", row)
            except sqlite3.Error as exc:
                raise StorageUnavailable(str(exc)) from exc

        await self._run(write)

    async def list_checkpoints(self, board_id: str) -> list[Checkpoint]:
        return await self._read_checkpoints(board_id, None)

    async def load_checkpoint(self, board_id: str, key: str) -> Checkpoint | None:
        found = await self._read_checkpoints(board_id, key)
        return found[0] if found else None

    async def _read_checkpoints(self, board_id: str, key: str | None) -> list[Checkpoint]:
        def read() -> list[Checkpoint]:
            sql = "SELECT key, label, seq, created, state FROM checkpoints WHERE board=?"
            args: tuple[str, ...] = (board_id,)
            if key is not None:
                sql, args = sql + " AND key=?", (board_id, key)
            rows = self._conn().execute(sql + " ORDER BY created, seq", args).fetchall()
            return [
                Checkpoint(k, label, seq, created, msgpack.unpackb(state, raw=False))
                for k, label, seq, created, state in rows
            ]

        return await self._run(read)

    # Delivery.

    def subscribe(self, board_id: str, listener: Listener) -> Awaitable[None]:
        self._listeners.setdefault(board_id, []).append(listener)
        return _done()

    def unsubscribe(self, board_id: str, listener: Listener) -> Awaitable[None]:
        listeners = self._listeners.get(board_id, [])
        if listener in listeners:
            listeners.remove(listener)
        if not listeners:
            self._listeners.pop(board_id, None)
        return _done()

    async def may_snapshot(self, board_id: str) -> bool:
        """One process: always this one."""
        return True

    def listen_volatile(self, board_id: str, listener: Callable[[bytes], None]) -> None:
        """One process: no other hub to hear from."""

    async def publish_volatile(self, board_id: str, payload: bytes) -> None:
        """One process: no other hub to tell."""

    async def reseed(self, board_id: str, state: dict[str, Any]) -> BoardInfo | None:
        """The SQLite log is not lost behind the hub's back: nothing to re-seed."""
        return None

    def _deliver(self, board_id: str, entry: Entry) -> None:
        for listener in list(self._listeners.get(board_id, ())):
            try:
                listener(entry)
            except Exception:  # one broken room must not stop the log for everyone
                log.exception("listener of %s failed at seq %d", board_id, entry.seq)


async def _noop() -> None:
    return None


def _done() -> Awaitable[None]:
    return _noop()
