"""The load generator: one process driving many websocket clients, run by `bench.runner`.

Each client joins its board, then (within the run's window) sends ops and cursor moves on a
shared 10 ms schedule, and checks every `applied` it receives:

* seq order per client: the next seq must be the last one + 1. A jump records the skipped
  seqs as missing (lost unless they turn up later, then they count as out-of-order); a seq
  already seen is a duplicate. At the end every open client must have reached the board's
  head seq, and every op this process sent must have been answered (applied or rejected).
* latency: the op's note text is the sender's `time.time()`; receive time minus that, for
  ops sent in the measured window (after warm-up), over every recipient. The first
  recipient in this process decodes the frame; the others only peek at its seq bytes and
  look the send time up (so a 1,000-client room costs one decode per op, not 1,000).
* cursors: `cursors` frames are counted by a byte-prefix test, never decoded, except on a
  few "observer" clients that decode them to count moves per participant per second.

The parent drives a worker through a pipe: `joined` -> `go` -> `sent` -> `heads` -> `result`.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import time
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from .dialects import APPLIED, CURSORS, DIALECTS, OTHER, Dialect
from .wsconn import WsConnection, connect

TICK = 0.01
FLOOD_PREFIX = "F"
MAX_SAMPLES = 4_000_000


@dataclass
class ClientSpec:
    idx: int
    url: str
    board: str
    token: str


@dataclass
class WorkerSpec:
    worker: int
    dialect: str
    clients: list[ClientSpec]
    board_sizes: dict[str, int]
    """Clients per board over all workers (to turn observed moves into a per-participant rate)."""
    op_rate: float = 0.0
    """Ops per second this worker sends, spread round-robin over its clients (open loop)."""
    window: int = 0
    """If > 0: closed loop instead, keep this many ops unanswered (saturation runs)."""
    cursor_hz: float = 0.0
    warmup: float = 1.0
    duration: float = 5.0
    observers: int = 2
    flooder: int | None = None
    """Client index that sends ops as fast as the socket takes them."""
    flood_max: int = 2_000_000
    notes_per_client: int = 3
    join_concurrency: int = 64
    join_timeout: float = 60.0
    drain_timeout: float = 15.0


@dataclass
class Stats:
    """What one worker measured; summed over workers by the runner."""

    joined: int = 0
    join_failed: int = 0
    join_errors: list[str] = field(default_factory=list)
    deliveries: int = 0
    latencies: array[float] = field(default_factory=lambda: array("d"))
    latency_samples_dropped: int = 0
    """Samples past `MAX_SAMPLES` (kept bounded; the runner reports the count)."""
    sent: int = 0
    acked: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    noop_rejected: int = 0
    unanswered: int = 0
    lost: int = 0
    lost_gaps: int = 0
    """Of `lost`: seqs skipped in the middle (the rest never arrived before the end)."""
    lost_clients: int = 0
    duplicates: int = 0
    out_of_order: int = 0
    closes: Counter[int] = field(default_factory=Counter)
    cursor_sent: int = 0
    cursor_frames: list[int] = field(default_factory=list)
    observer_hz: list[float] = field(default_factory=list)
    cpu_window: float = 0.0
    drain_s: float = 0.0
    drain_timed_out: bool = False
    flood: dict[str, Any] = field(default_factory=dict)


def _op_info(frame: dict[str, Any]) -> tuple[float, str]:
    """(send time written in the op's note text, cid) of an applied frame."""
    op = frame.get("op") or {}
    body = op.get("item") or op.get("set") or {}
    try:
        sent = float(body["text"])
    except (KeyError, TypeError, ValueError):
        sent = float("nan")
    return sent, str(frame.get("cid") or "")


class LoadClient:
    """One simulated participant."""

    def __init__(self, worker: Worker, spec: ClientSpec) -> None:
        self.w = worker
        self.spec = spec
        self.flooder = spec.idx == worker.spec.flooder
        self.prefix = f"{FLOOD_PREFIX}{spec.idx}" if self.flooder else f"c{spec.idx}"
        self.observer = False
        self.conn: WsConnection | None = None
        self.me: str | int = ""
        self.welcomed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.expected = 0
        self.missing: set[int] = set()
        self.pending: dict[str, str | None] = {}  # cid -> note id it adds (None: an update)
        self.notes: list[str] = []
        self.adds_unacked = 0
        self.opno = 0
        self.cursor_frames = 0
        self.moves_seen = 0
        self.sent = 0
        self.acked = 0
        self.rejected = 0
        self.close_code: int | None = None
        self.flood_closes: list[tuple[float, int | None]] = []
        self.flood_refused: Counter[str] = Counter()

    # Receiving.

    def on_message(self, message: bytes) -> None:
        for data in self.w.dialect.split(message):  # crossboard batches frames (F5)
            self._frame(data)

    def _frame(self, data: bytes) -> None:
        w = self.w
        kind = w.dialect.classify(data)
        if kind == CURSORS:
            if w.measuring:
                self.cursor_frames += 1
                if self.observer:
                    moves = w.dialect.decode(data).get("moves", {})
                    self.moves_seen += len(moves) - (self.me in moves)
        elif kind == APPLIED:
            self._applied(data)
        elif kind == OTHER:
            self._other(w.dialect.decode(data))

    def _applied(self, data: bytes) -> None:
        """Check one delivery's seq, settle our own op, record its latency. The op's send time
        and cid are decoded once per op and process (the first recipient) and looked up by
        seq for the others, whose frames are only peeked at for their seq."""
        now = time.time()
        w = self.w
        cache = w.ops_seen[self.spec.board]
        peeked = w.dialect.seq_of(data)
        info = cache.get(peeked) if peeked is not None else None
        if info is None or peeked is None:
            frame = w.dialect.decode(data)
            seq = int(frame["seq"])
            info = cache[seq] = _op_info(frame)
            if len(cache) > 50_000:
                for old in [k for k in cache if k < seq - 20_000]:
                    del cache[old]
        else:
            seq = peeked
        expected = self.expected
        if seq == expected:
            self.expected = seq + 1
        elif seq > expected:
            if seq - expected < 100_000:
                self.missing.update(range(expected, seq))
            else:
                w.stats.lost += seq - expected
            self.expected = seq + 1
        elif seq in self.missing:
            self.missing.discard(seq)
            w.stats.out_of_order += 1
        else:
            w.stats.duplicates += 1
        if w.measuring:
            w.stats.deliveries += 1
        sent, cid = info
        if cid in self.pending:
            added = self.pending.pop(cid)
            self.acked += 1
            w.in_flight -= 1
            if added is not None:
                self.adds_unacked -= 1
                self.notes.append(added)
            if w.spec.window:
                w.refill()
        if self.flooder or cid.startswith(FLOOD_PREFIX):
            return
        if w.window_start <= sent < w.window_end:
            if len(w.stats.latencies) < MAX_SAMPLES:
                w.stats.latencies.append((now - sent) * 1000.0)
            else:
                w.stats.latency_samples_dropped += 1

    def _other(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "welcome":
            self.expected = int(frame.get("seq", 0)) + 1
            you = frame.get("you") or {}
            self.me = you.get("n", you.get("id", ""))  # crossboard's moves are by number
            if not self.welcomed.done():
                self.welcomed.set_result(None)
        elif kind == "rejected":
            if "seq" in frame:  # O5: sequenced as a no-op; its applied settled the cid
                self.w.stats.noop_rejected += 1
                return
            self.w.stats.rejected[str(frame.get("code"))] += 1
            if self.pending.pop(str(frame.get("cid")), "absent") != "absent":
                self.rejected += 1
                self.w.in_flight -= 1
                if self.w.spec.window:
                    self.w.refill()
        elif kind == "_open" or kind == "_ping":
            self.send(frame["reply"])
        elif kind == "_joined":
            self.send(self.w.dialect.hello(self.spec.board, self.spec.token, self.prefix))

    # Sending.

    def send(self, data: bytes) -> None:
        if self.conn is not None:
            self.conn.send(data, text=self.w.dialect.text)

    def send_op(self) -> bool:
        """Send this client's next op: add a note (up to a few), else update one of its own
        acknowledged notes (an update of an unacknowledged add could fail the pre-check)."""
        conn = self.conn
        if conn is None or not conn.is_open or self.close_code is not None:
            return False
        self.opno += 1
        cid = f"{self.prefix}-{self.opno}"
        text = repr(time.time())
        notes = self.notes
        if notes and (len(notes) + self.adds_unacked >= self.w.spec.notes_per_client):
            target = notes[self.opno % len(notes)]
            op: dict[str, Any] = {"kind": "item.update", "id": target, "set": {"text": text}}
            self.pending[cid] = None
        elif self.adds_unacked < self.w.spec.notes_per_client or not notes:
            op = {
                "kind": "item.add",
                "id": cid,
                "block": "expectations",
                "item": {"kind": "note", "text": text, "x": 0, "y": 0},
            }
            self.pending[cid] = cid
            self.adds_unacked += 1
        else:
            return False
        conn.send(self.w.dialect.op(cid, op), text=self.w.dialect.text)
        self.sent += 1
        self.w.in_flight += 1
        self.w.stats.sent += 1
        if not self.flooder:
            self.w.normal_sent += 1
        return True

    async def join(self) -> None:
        def created(conn: WsConnection) -> None:
            self.conn = conn

        self.conn = await connect(self.spec.url, self.on_message, created=created)
        for frame in self.w.dialect.opening(self.spec.board, self.spec.token, self.prefix):
            self.send(frame)
        conn = self.conn
        waits: list[asyncio.Future[Any]] = [self.welcomed, conn.closed]
        await asyncio.wait(
            waits,
            timeout=self.w.spec.join_timeout,
            return_when=asyncio.FIRST_COMPLETED,
        )
        if not self.welcomed.done():
            code = conn.closed.result() if conn.closed.done() else None
            raise ConnectionError(f"no welcome (closed with {code})")
        conn.closed.add_done_callback(lambda fut: self._closed(conn, fut))

    def rejoin(self) -> None:
        """Forget the old connection's state before joining again (the flooder only)."""
        if self.conn is not None:
            self.conn.abort()
        self.conn = None
        self.welcomed = asyncio.get_running_loop().create_future()
        self.close_code = None
        self.w.in_flight -= len(self.pending)
        self.pending.clear()
        self.notes.clear()
        self.adds_unacked = 0
        self.missing.clear()

    def _closed(self, conn: WsConnection, fut: asyncio.Future[int]) -> None:
        if self.w.closing or conn is not self.conn:
            return
        self.close_code = fut.result()
        if not self.flooder:  # the flooder's closes are in its own record
            self.w.stats.closes[self.close_code] += 1
        self.w.in_flight -= len(self.pending)
        self.pending.clear()


class Worker:
    def __init__(self, spec: WorkerSpec, pipe: Connection) -> None:
        self.spec = spec
        self.pipe = pipe
        self.dialect: Dialect = DIALECTS[spec.dialect]
        self.stats = Stats()
        self.clients: list[LoadClient] = []
        self.measuring = False
        self.window_start = float("inf")
        self.window_end = float("inf")
        self.sending = False
        self.closing = False
        self.in_flight = 0
        self.normal_sent = 0
        self._cpu0 = 0.0
        self.ops_seen: dict[str, dict[int, tuple[float, str]]] = {c.board: {} for c in spec.clients}
        self._rr = 0
        self._op_clients: list[LoadClient] = []

    async def recv(self) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, self.pipe.recv)

    async def main(self) -> None:
        try:
            await self._join_all()
            self.pipe.send(("joined", self.stats.joined, self.stats.join_failed))
            message = await self.recv()
            if message[0] != "go":
                return
            await self._run(float(message[1]))
            started = time.monotonic()
            await self._wait(lambda: not any(c.pending for c in self._open()))
            self.pipe.send(("sent", self._heads()))  # every op of ours is sequenced by now
            heads: dict[str, int] = (await self.recv())[1]
            await self._wait(
                lambda: all(c.expected - 1 >= heads.get(c.spec.board, 0) for c in self._open())
            )
            self.stats.drain_s = time.monotonic() - started
            self._finish(heads)
            self.pipe.send(("result", self.stats))
        finally:
            await self._close_all()

    async def _join_all(self) -> None:
        gate = asyncio.Semaphore(self.spec.join_concurrency)
        self.clients = [LoadClient(self, c) for c in self.spec.clients]
        for client in self.clients[: self.spec.observers]:
            client.observer = True

        async def one(client: LoadClient) -> None:
            async with gate:
                try:
                    await client.join()
                    self.stats.joined += 1
                except Exception as exc:
                    self.stats.join_failed += 1
                    if len(self.stats.join_errors) < 5:
                        self.stats.join_errors.append(f"{type(exc).__name__}: {exc}")
                    client.close_code = -1

        await asyncio.gather(*(one(c) for c in self.clients))
        self._op_clients = [c for c in self.clients if not c.flooder and c.close_code is None]

    def refill(self) -> None:
        """Closed loop: top the in-flight ops back up to the window."""
        if not self.sending:
            return
        clients = self._op_clients
        tries = 0
        while self.in_flight < self.spec.window and clients and tries < len(clients):
            client = clients[self._rr % len(clients)]
            self._rr += 1
            tries = 0 if client.send_op() else tries + 1

    def _send_ops(self, due: int) -> None:
        clients = self._op_clients
        tries = 0
        while self.normal_sent < due and clients and tries < len(clients):
            client = clients[self._rr % len(clients)]
            self._rr += 1
            tries = 0 if client.send_op() else tries + 1

    async def _run(self, start_at: float) -> None:
        """Send from `start_at` for warm-up + duration; measure after the warm-up."""
        spec = self.spec
        loop = asyncio.get_running_loop()
        offset = loop.time() - time.time()
        self.window_start = start_at + spec.warmup
        self.window_end = self.window_start + spec.duration
        loop.call_at(self.window_start + offset, self._window_opens)
        loop.call_at(self.window_end + offset, self._window_closes)
        await asyncio.sleep(max(0.0, start_at - time.time()))
        self.sending = True
        flooders = [loop.create_task(self._flood(c)) for c in self.clients if c.flooder and c.conn]
        period = max(1, round(1.0 / (spec.cursor_hz * TICK))) if spec.cursor_hz > 0 else 0
        cursor_clients = [c for c in self.clients if c.close_code is None]
        if spec.window:
            self.refill()
        tick = 0
        next_at = loop.time()
        while time.time() < self.window_end:
            if not spec.window and spec.op_rate > 0:
                self._send_ops(int(spec.op_rate * (time.time() - start_at)) + 1)
            if period:
                phase = tick % period
                x = float(tick % 1000)
                for client in cursor_clients[phase::period]:
                    if client.close_code is None:
                        client.send(self.dialect.cursor(x, 2.5))
                        self.stats.cursor_sent += 1
            tick += 1
            next_at += TICK
            await asyncio.sleep(max(0.0, next_at - loop.time()))
        self.sending = False
        for task in flooders:
            await task

    def _window_opens(self) -> None:
        self.measuring = True
        self._cpu0 = _cpu()

    def _window_closes(self) -> None:
        self.measuring = False
        self.stats.cpu_window = _cpu() - self._cpu0

    async def _flood(self, client: LoadClient) -> None:
        """One client sends ops as fast as its socket takes them (bounded by time and count).
        Closed by the hub, it comes straight back as a new participant, like an attacker;
        refused (the hub's flood cooldown), it tries again 50 ms later."""
        started = time.time()
        while self.sending and client.sent < self.spec.flood_max:
            conn = client.conn
            if client.close_code is not None or conn is None or not conn.is_open:
                if conn is not None:  # let the close handshake finish to learn the code
                    await asyncio.wait([conn.closed], timeout=1.0)
                    code = conn.closed.result() if conn.closed.done() else None
                    client.flood_closes.append((round(time.time() - started, 2), code))
                    if len(client.flood_closes) > 1000:
                        return
                try:
                    client.rejoin()
                    await client.join()
                except Exception as exc:  # refused: no connection to close next time round
                    client.conn = None
                    status = getattr(getattr(exc, "response", None), "status_code", None)
                    client.flood_refused[f"http {status}" if status else type(exc).__name__] += 1
                    await asyncio.sleep(0.05)
                continue
            if conn.buffered > 256 * 1024:
                await asyncio.sleep(0.001)
                continue
            for _ in range(32):
                client.send_op()
            await asyncio.sleep(0)

    def _heads(self) -> dict[str, int]:
        heads: dict[str, int] = {}
        for c in self.clients:
            heads[c.spec.board] = max(heads.get(c.spec.board, 0), c.expected - 1)
        return heads

    def _open(self) -> list[LoadClient]:
        return [c for c in self.clients if c.close_code is None]

    async def _wait(self, done: Callable[[], bool]) -> None:
        """Poll `done` until it holds or the drain time (shared by both waits) is up."""
        deadline = time.monotonic() + self.spec.drain_timeout
        while not done():
            if time.monotonic() > deadline:
                self.stats.drain_timed_out = True
                return
            await asyncio.sleep(0.05)

    def _finish(self, heads: dict[str, int]) -> None:
        """Turn per-client state into the counts the runner checks."""
        st = self.stats
        duration = self.spec.duration
        for c in self.clients:
            st.acked += c.acked
            if c.close_code is not None or c.flooder:
                continue  # a closed client resumes in real life; the flooder is the attacker
            lost = len(c.missing) + max(0, heads.get(c.spec.board, 0) - (c.expected - 1))
            st.lost += lost
            st.lost_gaps += len(c.missing)
            st.lost_clients += lost > 0
            st.unanswered += len(c.pending)
            if not c.flooder:
                st.cursor_frames.append(c.cursor_frames)
            if c.observer and duration > 0 and not c.flooder:
                others = max(1, self.spec.board_sizes.get(c.spec.board, 1) - 1)
                st.observer_hz.append(c.moves_seen / others / duration)
        for c in self.clients:
            if c.flooder:
                st.flood = {
                    "sent": c.sent,
                    "acked": c.acked,
                    "rejected": c.rejected,
                    "connections": len(c.flood_closes) + 1,
                    "closed_at_s_and_code": c.flood_closes[:5],
                    "refused": dict(c.flood_refused),
                }

    async def _close_all(self) -> None:
        self.closing = True
        conns = [c.conn for c in self.clients if c.conn is not None]
        for conn in conns:
            conn.close()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(3.0):
                await asyncio.gather(*(c.closed for c in conns), return_exceptions=True)
        for conn in conns:
            conn.abort()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker_main(spec: WorkerSpec, pipe: Connection) -> None:
    """Process entry point (multiprocessing target)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(Worker(spec, pipe).main())
