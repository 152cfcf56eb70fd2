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
import os
import random
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import urlparse

import msgpack
import redis.asyncio as aioredis
from redis.asyncio.cluster import ClusterNode, RedisCluster
from redis.exceptions import NoScriptError, RedisError

from .base import (
    AppendResult,
    BoardInfo,
    BoardNotFound,
    Checkpoint,
    Entry,
    Histogram,
    HistoryTrimmed,
    Listener,
    Snapshot,
    StorageUnavailable,
)

log = logging.getLogger("crossboard.engine.redis")

MAX_BATCH = 500
POOL_SIZE = 256
"""Connections per Redis node. Writes take one per batch (pipelined); the rest are reads
(joins, gap fills, head checks), bounded by the open boards."""
POOL_WAIT = 10.0
"""Seconds a command waits for a free pooled connection before it fails."""
CLUSTER_WRITES = 16
"""Script calls in flight at once for one write batch on a cluster."""
HEAD_CHECK = 2.0
"""Seconds between checks of each open board's head in Redis against what was delivered."""
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

    @property
    def volatile(self) -> str:
        return self.k("vol")

    @property
    def lease(self) -> str:
        return self.k("snaplease")


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


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
    volatile: list[VolatileListener] = field(default_factory=list)


VolatileListener = Callable[[bytes], None]
"""Gets another hub's volatile frame for a board (presence, cursors): never logged."""


class _Shard:
    """One subscriber connection and the channels on it: the whole Redis, or one cluster
    master. Each shard has its own reader task, blocked on its own socket, so a message on
    one master never waits for another master's read timeout."""

    def __init__(self, name: str, client: Any, sharded: bool) -> None:
        self.name = name
        self.client = client
        self.sharded = sharded
        self.pubsub = client.pubsub()
        self.channels: set[str] = set()
        self.reader: asyncio.Task[None] | None = None

    async def subscribe(self, channel: str) -> None:
        if self.sharded:
            await self.pubsub.ssubscribe(channel)
        else:
            await self.pubsub.subscribe(channel)
        self.channels.add(channel)

    async def unsubscribe(self, channel: str) -> None:
        self.channels.discard(channel)
        if self.sharded:
            await self.pubsub.sunsubscribe(channel)
        else:
            await self.pubsub.unsubscribe(channel)

    async def close(self) -> None:
        if self.reader is not None and self.reader is not asyncio.current_task():
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader
        with contextlib.suppress(Exception):
            await self.pubsub.aclose()
        if self.sharded:
            with contextlib.suppress(Exception):
                await self.client.aclose()


class RedisEngine:
    name = "redis"
    shared = True

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
        self._shards: dict[str, _Shard] = {}  # node name -> its subscriber connection
        self._routes: dict[str, str] = {}  # channel -> node name
        self._rerouting: asyncio.Task[None] | None = None
        self._checker: asyncio.Task[None] | None = None
        self._connecting: asyncio.Task[None] | None = None
        self._feeds: dict[str, _Feed] = {}
        self._rolled_back: dict[str, str] = {}  # board -> the epoch Redis went back in
        self.node = secrets.token_hex(6)  # this hub process, for leases and volatile frames
        self._epochs: dict[str, str] = {}
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None
        self._shas: dict[str, str] = {}
        self._scripts = {n: _script(f"{n}.lua") for n in ("append", "create", "snapshot", "reseed")}
        self.on_reset: Callable[[str], None] | None = None
        self.reconnects = 0
        self.rollbacks = 0
        self.lease_ms = 60_000
        self.round_trips = Histogram()  # write batches: one pipelined round trip each
        self.errors = 0
        self.head_check = float(os.environ.get("CROSSBOARD_REDIS_HEAD_CHECK", HEAD_CHECK))

    # Lifecycle.

    async def start(self) -> None:
        """Connect to the first seed that answers; if none does, keep trying in the
        background: the hub starts, says it is not ready (`/readyz`) and refuses writes
        with `storage_unavailable` until Redis is there."""
        self._writer = asyncio.create_task(self._write_loop(), name="crossboard-redis-writer")
        self._checker = asyncio.create_task(self._check_heads(), name="crossboard-redis-heads")
        try:
            await self._connect()
        except StorageUnavailable as exc:
            log.warning("%s; the hub starts and keeps trying", exc)
            self._connecting = asyncio.create_task(self._connect_later())

    @property
    def ready(self) -> bool:
        """Connected to Redis (it may still fail a command: the answer is per command)."""
        return self._redis is not None

    @property
    def _r(self) -> Any:
        if self._redis is None:
            raise StorageUnavailable(f"Redis at {self.url} is not reachable yet")
        return self._redis

    def _seeds(self) -> list[str]:
        """`--redis-url` may name several nodes, comma-separated (a cluster's seeds)."""
        out = []
        for part in self.url.split(","):
            part = part.strip()
            if part:
                out.append(part if "://" in part else f"redis://{part}")
        return out

    async def _connect(self) -> None:
        seeds = self._seeds()
        self.cluster = await self._detect_cluster(seeds)
        client: Any
        if self.cluster:
            nodes = []
            for seed in seeds:
                parsed = urlparse(seed)
                nodes.append(ClusterNode(parsed.hostname or "127.0.0.1", parsed.port or 6379))
            client = RedisCluster(startup_nodes=nodes, max_connections=POOL_SIZE)
        else:
            client = await self._first_answering(seeds)
        self._redis = client
        try:
            await self._load_scripts()
        except RedisError as exc:
            self._redis = None
            with contextlib.suppress(Exception):
                await client.aclose()
            raise StorageUnavailable(f"cannot reach Redis at {self.url}: {exc}") from exc
        if self._feeds:  # boards opened while away: subscribe them now
            self._reroute_soon()

    async def _first_answering(self, seeds: list[str]) -> Any:
        for seed in seeds:
            # A blocking pool: past POOL_SIZE a command waits for a free connection
            # instead of failing with "Too many connections" on a busy hub.
            pool = aioredis.BlockingConnectionPool.from_url(
                seed, max_connections=POOL_SIZE, timeout=POOL_WAIT, health_check_interval=5
            )
            client = aioredis.Redis.from_pool(pool)  # closing the client closes the pool
            try:
                await client.ping()
                return client
            except RedisError:
                await client.aclose()
        raise StorageUnavailable(f"cannot reach Redis at {self.url}")

    async def _connect_later(self) -> None:
        delay = 0.2
        try:
            while self._redis is None:
                await asyncio.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 5.0)
                with contextlib.suppress(StorageUnavailable):
                    await self._connect()
            log.warning("Redis at %s is reachable again", self.url)
        finally:
            self._connecting = None

    async def _detect_cluster(self, seeds: list[str]) -> bool:
        if self._cluster_hint is not None:
            return self._cluster_hint
        for seed in seeds:
            probe = aioredis.Redis.from_url(seed)
            try:
                info = await probe.info("cluster")
                return bool(info.get("cluster_enabled"))
            except RedisError:
                continue
            finally:
                await probe.aclose()
        raise StorageUnavailable(f"cannot reach Redis at {self.url}")

    async def close(self) -> None:
        for task in (self._writer, self._checker, self._rerouting, self._connecting):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._writer = self._checker = self._rerouting = self._connecting = None
        for feed in self._feeds.values():
            if feed.filling is not None:
                feed.filling.cancel()
        while not self._queue.empty():
            self._queue.get_nowait().future.set_exception(StorageUnavailable("engine closed"))
        for shard in list(self._shards.values()):
            await shard.close()
        self._shards.clear()
        if self._redis is not None:
            await self._redis.aclose()

    async def _load_scripts(self) -> None:
        for name, text in self._scripts.items():
            # On a cluster, redis-py sends SCRIPT LOAD to every primary.
            sha = await self._r.script_load(text)
            self._shas[name] = sha.decode() if isinstance(sha, bytes) else str(sha)

    async def _eval(self, name: str, keys: list[str], args: list[Any]) -> Any:
        """EVALSHA, reloading the scripts once on NOSCRIPT (Redis restarted or flushed)."""
        try:
            return await self._r.evalsha(self._shas[name], len(keys), *keys, *args)
        except NoScriptError:
            await self._load_scripts()
            return await self._r.evalsha(self._shas[name], len(keys), *keys, *args)

    def _keys(self, board: str) -> _Keys:
        return _Keys(board, self.prefix)

    # Boards.

    async def create_board(self, genesis: dict[str, Any]) -> BoardInfo:
        info = BoardInfo(genesis["id"], genesis["title"], secrets.token_hex(8), now_ms(), 0)
        if not await self._create(info, genesis):
            raise ValueError(f"board {info.id} already exists")
        with contextlib.suppress(RedisError):
            await self._r.zadd(f"{self.prefix}:boards", {info.id: info.created})
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
        """Store `state` as the board's new seq 0 under a new epoch, if its keys are gone
        (or Redis went back behind it: see `_rolled_back_to`). Returns the new info, or None
        when another node re-seeded it first."""
        replica_seq = int(state.get("seq", 0))
        state = dict(state, seq=0)
        info = BoardInfo(board_id, state["title"], secrets.token_hex(8), now_ms(), 0)
        known = self._rolled_back.pop(board_id, None)
        if known is not None:
            keys = self._keys(board_id)
            snap = msgpack.packb({"seq": 0, "state": state}, use_bin_type=True)
            try:
                done = await self._eval(
                    "reseed",
                    [keys.meta, keys.snap, keys.log, keys.cids],
                    [known, replica_seq, info.epoch, snap],
                )
            except RedisError as exc:
                raise StorageUnavailable(str(exc)) from exc
            if done:
                self._epochs[board_id] = info.epoch
                log.warning("board %s re-seeded over a rollback at seq %d", board_id, replica_seq)
                return info
            return None
        if await self._create(info, state):
            log.warning("board %s was lost in Redis; re-seeded from a replica", board_id)
            with contextlib.suppress(RedisError):
                await self._r.zadd(f"{self.prefix}:boards", {board_id: info.created})
            return info
        return None

    async def board_info(self, board_id: str) -> BoardInfo | None:
        try:
            raw = await self._r.hgetall(self._keys(board_id).meta)
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
        ids = await self._r.zrevrange(f"{self.prefix}:boards", 0, 99)
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
        """One pipelined round trip for the whole batch: one script call per board, all
        boards in one pipeline, so a batch over 200 boards takes one connection, not 200
        (on a cluster, at most CLUSTER_WRITES calls at once)."""
        by_board: dict[str, list[_Pending]] = {}
        for p in batch:
            by_board.setdefault(p.board, []).append(p)
        for board in by_board:
            if board not in self._epochs:
                with contextlib.suppress(Exception):
                    await self.board_info(board)
        if self.cluster:  # redis-py pipelines no scripts on a cluster: bounded parallel calls
            limit = asyncio.Semaphore(CLUSTER_WRITES)

            async def bounded(board: str, ops: list[_Pending]) -> None:
                async with limit:
                    await self._write_board(board, ops)

            await asyncio.gather(*(bounded(b, ops) for b, ops in by_board.items()))
            return
        calls = [(board, ops, self._epochs.get(board, "")) for board, ops in by_board.items()]
        try:
            pipe = self._r.pipeline(transaction=False)
            for board, ops, epoch in calls:
                keys, args = self._append_call(board, ops, epoch)
                pipe.evalsha(self._shas["append"], len(keys), *keys, *args)
            started = time.monotonic()
            replies = await pipe.execute(raise_on_error=False)
            self.round_trips.observe((time.monotonic() - started) * 1000)
        except Exception as exc:  # RedisError, or a connection state error on a drop
            self.errors += 1
            self._fail(batch, StorageUnavailable(f"Redis is unavailable: {exc}"))
            return
        for (board, ops, epoch), reply in zip(calls, replies, strict=True):
            if isinstance(reply, NoScriptError):
                await self._write_board(board, ops)  # reloads the scripts, then again
            elif isinstance(reply, Exception):
                self._fail(ops, StorageUnavailable(f"Redis is unavailable: {reply}"))
            else:
                self._answered(board, ops, epoch, reply)

    def _append_call(
        self, board: str, batch: list[_Pending], epoch: str
    ) -> tuple[list[str], list[Any]]:
        keys = self._keys(board)
        args: list[Any] = [epoch, keys.channel, self.window, "1" if self.cluster else "0"]
        for p in batch:
            args += [p.cid or "", p.payload]
        return [keys.meta, keys.log, keys.cids], args

    async def _write_board(self, board: str, batch: list[_Pending]) -> None:
        epoch = self._epochs.get(board, "")
        try:
            keys, args = self._append_call(board, batch, epoch)
            started = time.monotonic()
            reply = await self._eval("append", keys, args)
            self.round_trips.observe((time.monotonic() - started) * 1000)
        except Exception as exc:  # RedisError, or a connection state error on a drop
            self.errors += 1
            self._fail(batch, StorageUnavailable(f"Redis is unavailable: {exc}"))
            return
        self._answered(board, batch, epoch, reply)

    def _answered(self, board: str, batch: list[_Pending], epoch: str, reply: Any) -> None:
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
            head = await self._r.hget(keys.meta, "head")
            if head is None:
                raise BoardNotFound(board_id)
            rows = await self._r.xrange(keys.log, min=f"{seq + 1}-0", max="+", count=limit)
            if int(head) > seq and (not rows or int(rows[0][0].split(b"-")[0]) != seq + 1):
                raise HistoryTrimmed(f"{board_id}: entries after {seq} are trimmed")
        except RedisError as exc:
            raise StorageUnavailable(str(exc)) from exc
        return [self._decode(int(rid.split(b"-")[0]), fields[b"d"]) for rid, fields in rows]

    async def find(self, board_id: str, cid: str) -> Entry | None:
        keys = self._keys(board_id)
        seq = await self._r.hget(keys.cids, cid)
        if seq is None:
            return None
        rows = await self._r.xrange(keys.log, min=f"{int(seq)}-0", max=f"{int(seq)}-0")
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

    async def may_snapshot(self, board_id: str) -> bool:
        """One snapshot writer per board among the hubs: a lease in Redis, taken when free
        and renewed by its holder, so a hot board costs one hub the copy, not every hub."""
        lease = self._keys(board_id).lease
        try:
            taken = await self._r.set(lease, self.node, nx=True, px=self.lease_ms)
            if taken:
                return True
            holder = await self._r.get(lease)
            if holder is not None and _text(holder) == self.node:
                await self._r.pexpire(lease, self.lease_ms)
                return True
            return False
        except RedisError:
            return False  # no Redis, no snapshot: the log still has everything

    async def load_snapshot(self, board_id: str) -> Snapshot:
        try:
            blob = await self._r.get(self._keys(board_id).snap)
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
            await self._r.hset(self._keys(board_id).checkpoints, checkpoint.key, blob)
        except RedisError as exc:
            raise StorageUnavailable(str(exc)) from exc

    async def list_checkpoints(self, board_id: str) -> list[Checkpoint]:
        try:
            raw = await self._r.hgetall(self._keys(board_id).checkpoints)
        except RedisError as exc:
            raise StorageUnavailable(str(exc)) from exc
        found = [_checkpoint(blob) for blob in raw.values()]
        return sorted(found, key=lambda c: (c.created, c.seq))

    async def load_checkpoint(self, board_id: str, key: str) -> Checkpoint | None:
        try:
            blob = await self._r.hget(self._keys(board_id).checkpoints, key)
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
        keys = self._keys(board_id)
        await self._route(keys.channel)
        await self._route(keys.volatile)
        # Subscribed first, then read the head: nothing can fall between the two.
        head = await self._r.hget(keys.meta, "head")
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
            keys = self._keys(board_id)
            for channel in (keys.channel, keys.volatile):
                shard = self._shards.get(self._routes.pop(channel, ""))
                if shard is not None:
                    with contextlib.suppress(RedisError, AttributeError, ConnectionError):
                        await shard.unsubscribe(channel)

    def _node_of(self, channel: str) -> tuple[str, Any]:
        """The node that carries `channel`: the master of its slot on a cluster."""
        if not self.cluster:
            return "redis", self._r
        node = self._r.get_node_from_key(channel)
        return node.name, node

    async def _route(self, channel: str) -> None:
        """Subscribe `channel` on its node's shard (made on first use, with its reader)."""
        name, node = self._node_of(channel)
        shard = self._shards.get(name)
        if shard is None:
            client = (
                aioredis.Redis(host=node.host, port=node.port, health_check_interval=5)
                if self.cluster
                else self._r
            )
            shard = self._shards[name] = _Shard(name, client, self.cluster)
            shard.reader = asyncio.create_task(self._read(shard), name=f"crossboard-sub-{name}")
        await shard.subscribe(channel)
        self._routes[channel] = name

    async def _read(self, shard: _Shard) -> None:
        """Read one shard's messages until its connection fails, then re-route."""
        try:
            while True:
                if not shard.channels:
                    await asyncio.sleep(0.05)
                    continue
                message = await shard.pubsub.get_message(
                    ignore_subscribe_messages=False, timeout=1.0
                )
                if message is None:
                    continue
                kind = message.get("type")
                if isinstance(kind, bytes):
                    kind = kind.decode()
                if kind in ("message", "smessage"):
                    self._on_message(message)
                elif kind == "sunsubscribe" and self._routes.get(_text(message["channel"])):
                    # The slot moved to another master (resharding, failover): follow it.
                    self._reroute_soon()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # RedisError, or redis-py's own state errors on a drop
            self.reconnects += 1
            log.warning("Redis subscriber %s lost (%r); re-routing", shard.name, exc)
            self._reroute_soon()

    def _reroute_soon(self) -> None:
        if self._rerouting is None:
            self._rerouting = asyncio.get_running_loop().create_task(self._reroute())

    async def _reroute(self) -> None:
        """Every subscriber connection anew, on the masters as they are now (after a
        failover the slot's new master), then every open board read from where delivery
        stopped: nothing published meanwhile is lost, it is in the stream."""
        delay = 0.05
        try:
            while True:
                await asyncio.sleep(delay * (0.5 + random.random()))
                old, self._shards = self._shards, {}
                channels = list(self._routes)
                self._routes.clear()
                for shard in old.values():
                    await shard.close()
                try:
                    if self.cluster:
                        await self._r.nodes_manager.initialize()
                    for channel in channels:
                        await self._route(channel)
                except Exception as exc:
                    log.warning("resubscribe failed: %r", exc)
                    for channel in channels:
                        self._routes.setdefault(channel, "")
                    delay = min(delay * 2, 2.0)
                    continue
                for board in list(self._feeds):
                    self._fill(board)
                return
        finally:
            self._rerouting = None

    async def _check_heads(self) -> None:
        """Every few seconds, each open board's head in Redis against what was delivered:
        behind means a lost message (read it from the stream), ahead of Redis means Redis
        went back in time (a restart from an older file, a lagging replica promoted)."""
        while True:
            await asyncio.sleep(self.head_check)
            boards = list(self._feeds)
            if not boards:
                continue
            # What was delivered before asking: Redis's head can only be at or past it
            # (deliveries during the round trip would make a newer head look behind).
            delivered = {b: self._feeds[b].next_seq - 1 for b in boards}
            try:
                heads = await self._heads(boards)
            except Exception:
                continue  # unreachable now: the writer and the reader report that
            for board, (head, epoch) in zip(boards, heads, strict=True):
                feed = self._feeds.get(board)
                if feed is None or head is None:
                    continue
                if int(head) >= feed.next_seq:
                    self._fill(board)
                elif int(head) < delivered[board] and _text(epoch) == self._epochs.get(board):
                    self._rolled_back_to(board, int(head))

    async def _heads(self, boards: list[str]) -> list[Any]:
        """[head, epoch] of each board: one pipelined round trip on one Redis (on a
        cluster, bounded parallel calls), not a connection per open board."""
        if not self.cluster:
            pipe = self._r.pipeline(transaction=False)
            for b in boards:
                pipe.hmget(self._keys(b).meta, "head", "epoch")
            return list(await pipe.execute())
        limit = asyncio.Semaphore(CLUSTER_WRITES)

        async def one(b: str) -> Any:
            async with limit:
                return await self._r.hmget(self._keys(b).meta, "head", "epoch")

        return list(await asyncio.gather(*(one(b) for b in boards)))

    def _rolled_back_to(self, board: str, head: int) -> None:
        """Redis holds fewer entries than this hub delivered, in the same epoch: what was
        acknowledged after `head` is gone from Redis, not from the hubs. The hub re-seeds
        the board from its replica under a new epoch (`reseed`), and clients reload."""
        known = self._epochs.get(board)
        if known is None or board in self._rolled_back:
            return
        log.warning("board %s: Redis went back to seq %d; re-seeding from the replica", board, head)
        self.rollbacks += 1
        self._rolled_back[board] = known
        self._reset(board)

    def _on_message(self, message: dict[str, Any]) -> None:
        channel = _text(message["channel"])
        board = channel[channel.index("{") + 1 : channel.rindex("}")]
        if channel.endswith(":vol"):
            node, _, payload = message["data"].partition(b":")
            feed = self._feeds.get(board)
            if feed is not None and node.decode() != self.node:
                for listener in list(feed.volatile):
                    listener(payload)
            return
        seq_text, _, payload = message["data"].partition(b":")
        self._arrived(board, self._decode(int(seq_text), payload))

    # The volatile lane between hubs: presence and cursors, never logged (P3).

    def listen_volatile(self, board_id: str, listener: VolatileListener) -> None:
        feed = self._feeds.get(board_id)
        if feed is not None:
            feed.volatile.append(listener)

    async def publish_volatile(self, board_id: str, payload: bytes) -> None:
        """Send `payload` to the other hubs with this board open (best effort)."""
        keys = self._keys(board_id)
        command = "SPUBLISH" if self.cluster else "PUBLISH"
        with contextlib.suppress(Exception):
            await self._r.execute_command(
                command, keys.volatile, self.node.encode() + b":" + payload
            )

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
            epoch = await self._r.hget(self._keys(board).meta, "epoch")
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
