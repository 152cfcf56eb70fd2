"""The Redis engine: Redis is each board's sequencer, log and bus, for many hub processes.

- One Lua script per write (`lua/append.lua`): next seq, XADD to the board's stream, cid
  dedupe, trim, PUBLISH — atomic, so every node sees one order. Appends are pipelined.
- One subscriber connection per process; a board's channel is subscribed while it has
  local listeners. Delivery is per board in seq order: a message past a hole waits while
  the hole is read from the stream (XRANGE); nothing is delivered twice or out of order.
- When the subscriber's connection drops, it reconnects with capped, jittered backoff,
  resubscribes, and reads every open board's stream from where delivery stopped.
- Every key of a board carries the hash tag `{board}`: one board lives in one cluster slot,
  so the script stays atomic; with a cluster the channel is a shard channel (SPUBLISH).
- If a board's keys vanish (Redis came back empty), the hub is told (`on_reset`): it
  re-seeds the board from its replica under a new epoch and clients reload.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import msgpack
import redis.asyncio as aioredis
from redis.asyncio.cluster import RedisCluster
from redis.exceptions import NoScriptError, RedisError

from .base import (
    AppendResult,
    BoardInfo,
    BoardNotFound,
    Checkpoint,
    Entry,
    HistoryTrimmed,
    Listener,
    Snapshot,
    StorageUnavailable,
)

log = logging.getLogger("crossboard.engine.redis")

MAX_BATCH = 500
GAP_GRACE = 0.03
"""Seconds a message past a hole waits for the hole's own message before reading it."""


def now_ms() -> int:
    return int(time.time() * 1000)


def _script(name: str) -> str:
    return (resources.files("crossboard.engine") / "lua" / name).read_text()


class BoardReset(StorageUnavailable):
    """The board's log in Redis is gone or was re-seeded under another epoch."""


@dataclass
class _Keys:
    board: str
    prefix: str

    def k(self, suffix: str) -> str:
        return f"{self.prefix}:{{{self.board}}}:{suffix}"

    @property
    def meta(self) -> str:
        return self.k("meta")

    @property
    def log(self) -> str:
        return self.k("log")

    @property
    def cids(self) -> str:
        return self.k("cids")

    @property
    def snap(self) -> str:
        return self.k("snap")

    @property
    def channel(self) -> str:
        return self.k("ch")

    @property
    def checkpoints(self) -> str:
        return self.k("checkpoints")


@dataclass
class _Pending:
    board: str
    op: dict[str, Any]
    by: dict[str, Any]
    cid: str | None
    future: asyncio.Future[AppendResult]
    payload: bytes = b""


@dataclass
class _Feed:
    """Delivery state of one subscribed board."""

    listeners: list[Listener] = field(default_factory=list)
    next_seq: int = 1
    waiting: dict[int, Entry] = field(default_factory=dict)
    filling: asyncio.Task[None] | None = None


class RedisEngine:
    name = "redis"

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "cb",
        window: int = 10_000,
        cluster: bool | None = None,
    ) -> None:
        self.url = url
        self.prefix = prefix
        self.window = window
        self._cluster_hint = cluster
        self.cluster = False
        self._redis: Any = None
        self._pubsub: Any = None
        self._feeds: dict[str, _Feed] = {}
        self._epochs: dict[str, str] = {}
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None
        self._reader: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()
        self._shas: dict[str, str] = {}
        self._scripts = {n: _script(f"{n}.lua") for n in ("append", "create", "snapshot")}
        self.on_reset: Callable[[str], None] | None = None
        self.reconnects = 0

    # Lifecycle.

    async def start(self) -> None:
        self.cluster = await self._detect_cluster()
        if self.cluster:
            self._redis = RedisCluster.from_url(self.url)
        else:
            self._redis = aioredis.Redis.from_url(self.url, health_check_interval=5)
        try:
            await self._load_scripts()
        except RedisError as exc:
            raise StorageUnavailable(f"cannot reach Redis at {self.url}: {exc}") from exc
        self._writer = asyncio.create_task(self._write_loop(), name="crossboard-redis-writer")
        self._reader = asyncio.create_task(self._read_loop(), name="crossboard-redis-reader")

    async def _detect_cluster(self) -> bool:
        if self._cluster_hint is not None:
            return self._cluster_hint
        probe = aioredis.Redis.from_url(self.url)
        try:
            info = await probe.info("cluster")
            return bool(info.get("cluster_enabled"))
        except RedisError as exc:
            raise StorageUnavailable(f"cannot reach Redis at {self.url}: {exc}") from exc
        finally:
            await probe.aclose()

    async def close(self) -> None:
        for task in (self._writer, self._reader):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._writer = self._reader = None
        for feed in self._feeds.values():
            if feed.filling is not None:
                feed.filling.cancel()
        while not self._queue.empty():
            self._queue.get_nowait().future.set_exception(StorageUnavailable("engine closed"))
        if self._pubsub is not None:
            with contextlib.suppress(Exception):
                await self._pubsub.aclose()
        if self._redis is not None:
            await self._redis.aclose()

    async def _load_scripts(self) -> None:
        for name, text in self._scripts.items():
            # On a cluster, redis-py sends SCRIPT LOAD to every primary.
            sha = await self._redis.script_load(text)
            self._shas[name] = sha.decode() if isinstance(sha, bytes) else str(sha)

    async def _eval(self, name: str, keys: list[str], args: list[Any]) -> Any:
        """EVALSHA, reloading the scripts once on NOSCRIPT (Redis restarted or flushed)."""
        try:
            return await self._redis.evalsha(self._shas[name], len(keys), *keys, *args)
        except NoScriptError:
            await self._load_scripts()
            return await self._redis.evalsha(self._shas[name], len(keys), *keys, *args)

    def _keys(self, board: str) -> _Keys:
        return _Keys(board, self.prefix)

    # Boards.

    async def create_board(self, genesis: dict[str, Any]) -> BoardInfo:
        info = BoardInfo(genesis["id"], genesis["title"], secrets.token_hex(8), now_ms(), 0)
        if not await self._create(info, genesis):
            raise ValueError(f"board {info.id} already exists")
        with contextlib.suppress(RedisError):
            await self._redis.zadd(f"{self.prefix}:boards", {info.id: info.created})
        return info

    async def _create(self, info: BoardInfo, state: dict[str, Any]) -> bool:
        keys = self._keys(info.id)
        snap = msgpack.packb({"seq": 0, "state": state}, use_bin_type=True)
        try:
            made = await self._eval(
                "create",
                [keys.meta, keys.snap, keys.log, keys.cids],
                [info.title, info.epoch, info.created, snap],
            )
        except RedisError as exc:
            raise StorageUnavailable(str(exc)) from exc
        if made:
            self._epochs[info.id] = info.epoch
        return bool(made)

    async def reseed(self, board_id: str, state: dict[str, Any]) -> BoardInfo | None:
        """Store `state` as the board's new seq 0 under a new epoch, if its keys are gone.
        Returns the new info, or None when another node re-seeded it first."""
        state = dict(state, seq=0)
        info = BoardInfo(board_id, state["title"], secrets.token_hex(8), now_ms(), 0)
        if await self._create(info, state):
            log.warning("board %s was lost in Redis; re-seeded from a replica", board_id)
            with contextlib.suppress(RedisError):
                await self._redis.zadd(f"{self.prefix}:boards", {board_id: info.created})
            return info
        return None

    async def board_info(self, board_id: str) -> BoardInfo | None:
        try:
            raw = await self._redis.hgetall(self._keys(board_id).meta)
        except RedisError as exc:
            raise StorageUnavailable(str(exc)) from exc
        if not raw:
            return None
        meta = {k.decode(): v.decode() for k, v in raw.items()}
        self._epochs[board_id] = meta["epoch"]
        return BoardInfo(
            board_id, meta["title"], meta["epoch"], int(meta["created"]), int(meta["head"])
        )

    async def list_boards(self) -> list[BoardInfo]:
        ids = await self._redis.zrevrange(f"{self.prefix}:boards", 0, 99)
        infos = [await self.board_info(i.decode()) for i in ids]
        return [i for i in infos if i is not None]

    # The log.

    def append(
        self, board_id: str, op: dict[str, Any], by: dict[str, Any], cid: str | None
    ) -> Awaitable[AppendResult]:
        future: asyncio.Future[AppendResult] = asyncio.get_running_loop().create_future()
        if self._writer is None:
            future.set_exception(StorageUnavailable("engine is not running"))
            return future
        payload = msgpack.packb({"op": op, "by": by, "cid": cid, "ts": now_ms()}, use_bin_type=True)
        self._queue.put_nowait(_Pending(board_id, op, by, cid, future, payload))
        return future

    async def _write_loop(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty() and len(batch) < MAX_BATCH:
                batch.append(self._queue.get_nowait())
            await self._write(batch)

    async def _write(self, batch: list[_Pending]) -> None:
        """One script call per board for the whole batch (several boards: in parallel)."""
        by_board: dict[str, list[_Pending]] = {}
        for p in batch:
            by_board.setdefault(p.board, []).append(p)
        await asyncio.gather(*(self._write_board(b, ops) for b, ops in by_board.items()))

    async def _write_board(self, board: str, batch: list[_Pending]) -> None:
        try:
            if board not in self._epochs:
                with contextlib.suppress(StorageUnavailable):
                    await self.board_info(board)
            epoch = self._epochs.get(board, "")
            keys = self._keys(board)
            args: list[Any] = [epoch, keys.channel, self.window, "1" if self.cluster else "0"]
            for p in batch:
                args += [p.cid or "", p.payload]
            reply = await self._eval("append", [keys.meta, keys.log, keys.cids], args)
        except Exception as exc:  # RedisError, or a connection state error on a drop
            self._fail(batch, StorageUnavailable(f"Redis is unavailable: {exc}"))
            return
        status = reply[0].decode() if isinstance(reply[0], bytes) else reply[0]
        if status == "OK":
            for p, result in zip(batch, reply[1:], strict=True):
                self._settle(p, result)
        elif status == "NOBOARD" and not epoch:
            self._fail(batch, BoardNotFound(board))
        else:  # the board's keys vanished, or another node re-seeded it
            self._epochs.pop(board, None)
            self._fail(batch, BoardReset(f"board {board}: {status}"))
            if self.on_reset is not None:
                self.on_reset(board)

    def _fail(self, batch: list[_Pending], error: Exception) -> None:
        for p in batch:
            if not p.future.done():
                p.future.set_exception(error)

    def _settle(self, p: _Pending, result: Any) -> None:
        if p.future.done():
            return
        if isinstance(result, int):
            entry = Entry(result, p.op, p.by, p.cid, msgpack.unpackb(p.payload)["ts"])
            p.future.set_result(AppendResult(entry))
            self._arrived(p.board, entry)  # local delivery without waiting for pub/sub
            return
        seq, original = int(result[0]), result[1]
        entry = self._decode(seq, original) if original else Entry(seq, p.op, p.by, p.cid, now_ms())
        p.future.set_result(AppendResult(entry, duplicate=True))

    @staticmethod
    def _decode(seq: int, payload: bytes) -> Entry:
        raw = msgpack.unpackb(payload, raw=False)
        return Entry(seq, raw["op"], raw["by"], raw.get("cid"), raw["ts"])

    async def read_since(self, board_id: str, seq: int, limit: int = 10_000) -> list[Entry]:
        keys = self._keys(board_id)
        try:
            # The head first, then the range: an append landing in between only adds entries
            # after `head`, so "seq+1 is missing although head > seq" really means trimmed.
            # (Read the other way round, a concurrent append looked like a lost log.)
            head = await self._redis.hget(keys.meta, "head")
            if head is None:
                raise BoardNotFound(board_id)
            rows = await self._redis.xrange(keys.log, min=f"{seq + 1}-0", max="+", count=limit)
            if int(head) > seq and (not rows or int(rows[0][0].split(b"-")[0]) != seq + 1):
                raise HistoryTrimmed(f"{board_id}: entries after {seq} are trimmed")
        except RedisError as exc:
            raise StorageUnavailable(str(exc)) from exc
        return [self._decode(int(rid.split(b"-")[0]), fields[b"d"]) for rid, fields in rows]

    async def find(self, board_id: str, cid: str) -> Entry | None:
        keys = self._keys(board_id)
        seq = await self._redis.hget(keys.cids, cid)
        if seq is None:
            return None
        rows = await self._redis.xrange(keys.log, min=f"{int(seq)}-0", max=f"{int(seq)}-0")
        return self._decode(int(seq), rows[0][1][b"d"]) if rows else None

    # Snapshots.

    async def save_snapshot(self, board_id: str, snapshot: Snapshot) -> None:
        keys = self._keys(board_id)
        blob = msgpack.packb({"seq": snapshot.seq, "state": snapshot.state}, use_bin_type=True)
        epoch = self._epochs.get(board_id, "")
        try:
            await self._eval("snapshot", [keys.meta, keys.snap], [epoch, snapshot.seq, blob])
        except RedisError as exc:
            raise StorageUnavailable(str(exc)) from exc

    async def load_snapshot(self, board_id: str) -> Snapshot:
        try:
            blob = await self._redis.get(self._keys(board_id).snap)
        except RedisError as exc:
            raise StorageUnavailable(str(exc)) from exc
        if blob is None:
            raise BoardNotFound(board_id)
        raw = msgpack.unpackb(blob, raw=False)
        return Snapshot(raw["seq"], raw["state"])

    # Checkpoints: one hash per board, key -> msgpack of the checkpoint.

    async def save_checkpoint(self, board_id: str, checkpoint: Checkpoint) -> None:
        blob = msgpack.packb(checkpoint.info() | {"state": checkpoint.state}, use_bin_type=True)
        try:
            await self._redis.hset(self._keys(board_id).checkpoints, checkpoint.key, blob)
        except RedisError as exc:
            raise StorageUnavailable(str(exc)) from exc

    async def list_checkpoints(self, board_id: str) -> list[Checkpoint]:
        try:
            raw = await self._redis.hgetall(self._keys(board_id).checkpoints)
        except RedisError as exc:
            raise StorageUnavailable(str(exc)) from exc
        found = [_checkpoint(blob) for blob in raw.values()]
        return sorted(found, key=lambda c: (c.created, c.seq))

    async def load_checkpoint(self, board_id: str, key: str) -> Checkpoint | None:
        try:
            blob = await self._redis.hget(self._keys(board_id).checkpoints, key)
        except RedisError as exc:
            raise StorageUnavailable(str(exc)) from exc
        return None if blob is None else _checkpoint(blob)

    # Delivery.

    async def subscribe(self, board_id: str, listener: Listener) -> None:
        feed = self._feeds.get(board_id)
        if feed is not None:
            feed.listeners.append(listener)
            return
        feed = self._feeds[board_id] = _Feed([listener])
        await self._channel_subscribe([self._keys(board_id).channel])
        # Subscribed first, then read the head: nothing can fall between the two.
        head = await self._redis.hget(self._keys(board_id).meta, "head")
        feed.next_seq = int(head or 0) + 1

    async def unsubscribe(self, board_id: str, listener: Listener) -> None:
        feed = self._feeds.get(board_id)
        if feed is None:
            return
        if listener in feed.listeners:
            feed.listeners.remove(listener)
        if not feed.listeners:
            del self._feeds[board_id]
            if feed.filling is not None:
                feed.filling.cancel()
            with contextlib.suppress(RedisError, AttributeError):
                channel = self._keys(board_id).channel
                if self.cluster:
                    await self._pubsub.sunsubscribe(channel)
                else:
                    await self._pubsub.unsubscribe(channel)

    async def _channel_subscribe(self, channels: list[str]) -> None:
        if self._pubsub is None:
            self._pubsub = self._redis.pubsub()
        if self.cluster:
            for channel in channels:
                await self._pubsub.ssubscribe(channel)
        else:
            await self._pubsub.subscribe(*channels)
        self._subscribed.set()

    async def _read_loop(self) -> None:
        """Read the subscriber connection; on a drop, reconnect with backoff and catch up."""
        delay = 0.05
        while True:
            await self._subscribed.wait()
            try:
                while self._feeds:
                    started = time.monotonic()
                    if self.cluster:
                        message = await self._pubsub.get_sharded_message(
                            ignore_subscribe_messages=True, timeout=1.0
                        )
                    else:
                        message = await self._pubsub.get_message(
                            ignore_subscribe_messages=True, timeout=1.0
                        )
                    if message is not None:
                        self._on_message(message)
                    elif time.monotonic() - started < 0.01:
                        await asyncio.sleep(0.01)  # returned at once: do not spin
                    delay = 0.05
                self._subscribed.clear()  # nothing subscribed: wait for the next board
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # RedisError, or redis-py's own state errors on a drop
                self.reconnects += 1
                log.warning("Redis subscriber lost (%r); reconnecting in %.2fs", exc, delay)
                await asyncio.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 2.0)
                await self._resubscribe()

    async def _resubscribe(self) -> None:
        old, self._pubsub = self._pubsub, None
        if old is not None:
            with contextlib.suppress(Exception):
                await old.aclose()
        if not self._feeds:
            self._subscribed.clear()
            return
        try:
            await self._channel_subscribe([self._keys(b).channel for b in self._feeds])
        except Exception as exc:
            log.warning("resubscribe failed: %r", exc)
            return
        for board in list(self._feeds):
            self._fill(board)  # messages published while we were away are in the stream

    def _on_message(self, message: dict[str, Any]) -> None:
        channel = message["channel"]
        channel = channel.decode() if isinstance(channel, bytes) else channel
        board = channel[channel.index("{") + 1 : channel.rindex("}")]
        seq_text, _, payload = message["data"].partition(b":")
        self._arrived(board, self._decode(int(seq_text), payload))

    def _arrived(self, board: str, entry: Entry) -> None:
        feed = self._feeds.get(board)
        if feed is None or entry.seq < feed.next_seq:
            return
        feed.waiting[entry.seq] = entry
        self._drain(board, feed)
        if feed.waiting and feed.filling is None:
            feed.filling = asyncio.get_running_loop().create_task(self._fill_after(board))

    def _drain(self, board: str, feed: _Feed) -> None:
        while feed.next_seq in feed.waiting:
            entry = feed.waiting.pop(feed.next_seq)
            feed.next_seq += 1
            for listener in list(feed.listeners):
                try:
                    listener(entry)
                except Exception:
                    log.exception("listener of %s failed at seq %d", board, entry.seq)

    def _fill(self, board: str) -> None:
        feed = self._feeds.get(board)
        if feed is not None and feed.filling is None:
            feed.filling = asyncio.get_running_loop().create_task(self._fill_after(board, 0.0))

    async def _epoch_changed(self, board: str) -> bool:
        """Is the board's log in Redis no longer the one we deliver? (Redis came back
        empty, or another node re-seeded the board.) Tells the hub if so."""
        try:
            epoch = await self._redis.hget(self._keys(board).meta, "epoch")
        except RedisError as exc:
            raise StorageUnavailable(str(exc)) from exc
        known = self._epochs.get(board)
        if epoch is not None and known is not None and epoch.decode() == known:
            return False
        self._reset(board)
        return True

    def _reset(self, board: str) -> None:
        self._epochs.pop(board, None)
        if self.on_reset is not None:
            self.on_reset(board)

    async def _fill_after(self, board: str, grace: float = GAP_GRACE) -> None:
        """Read a hole from the stream (after a short grace for its own message)."""
        feed = self._feeds.get(board)
        if feed is None:
            return
        try:
            await asyncio.sleep(grace)
            delay = 0.05
            while self._feeds.get(board) is feed:
                try:
                    if await self._epoch_changed(board):
                        return
                    entries = await self.read_since(board, feed.next_seq - 1, limit=5000)
                except (BoardNotFound, HistoryTrimmed):
                    self._reset(board)
                    return
                except StorageUnavailable:
                    await asyncio.sleep(delay * (0.5 + random.random()))
                    delay = min(delay * 2, 2.0)
                    continue
                for entry in entries:
                    if entry.seq >= feed.next_seq:
                        feed.waiting[entry.seq] = entry
                self._drain(board, feed)
                if not feed.waiting and len(entries) < 5000:
                    return
                if not entries:
                    await asyncio.sleep(GAP_GRACE)
        finally:
            feed.filling = None
            if feed.waiting and self._feeds.get(board) is feed:
                self._fill(board)


def _checkpoint(blob: bytes) -> Checkpoint:
    raw = msgpack.unpackb(blob, raw=False)
    return Checkpoint(raw["key"], raw["label"], raw["seq"], raw["created"], raw["state"])
