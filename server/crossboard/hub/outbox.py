"""A connection's bounded send queue, and the once-a-tick flush that writes every queue.

A session never writes while the room fans out: frames queue here, and the flush tick
writes every queue with frames once per loop iteration, without awaiting (one socket write
per connection per tick, not one write and one task switch per frame). A socket that
pushes back gets a writer task that waits for it, so a slow socket never blocks the room;
when its queue passes the byte limit the owner is told (it closes with 4008, the client
resumes). Frames are never dropped from a queue: a gap in an ordered log is corruption.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter, deque
from collections.abc import Callable
from typing import Protocol

from .wire import WireCache

log = logging.getLogger("crossboard.session")

WRITE_BATCH_BYTES = 256 * 1024
"""Most bytes one socket write carries (a big welcome still goes whole, alone)."""


class Transport(Protocol):
    """What a session needs from a websocket: write frames, close with a code."""

    async def send(self, data: bytes) -> None: ...

    async def send_many(self, frames: list[bytes]) -> None:
        """Write several frames (each its own websocket message) in one socket write."""
        ...

    def write_now(self, frames: list[bytes]) -> bool:
        """The same without awaiting, if the socket takes them now; False if it cannot."""
        ...

    @property
    def raw(self) -> bool:
        """Does `write_wire_now` work here (websocket framing done by the hub, wire.py)?"""
        ...

    def write_wire_now(self, wire: bytes) -> bool:
        """Write bytes already framed as websocket messages, if the socket takes them now;
        False if it cannot (flow control)."""
        ...

    async def close(self, code: int, reason: str) -> None: ...


class FlushTick:
    """The outboxes with frames to write, written together: at the end of this loop
    iteration, or, when the last flush was less than `hold` seconds ago (a busy room),
    `hold` seconds after it. Idle, a frame leaves at once; busy, every socket gets at
    most one write per `hold`, so frames per write follow the load and not how the
    engine's group commit happened to batch. Each distinct batch is framed once for all
    the sockets that write it (wire.py)."""

    def __init__(self, hold: float = 0.0) -> None:
        self.hold = hold
        self.wire = WireCache()
        self._dirty: list[Outbox] = []
        self._last = float("-inf")

    def soon(self, outbox: Outbox) -> None:
        if not self._dirty:
            loop = asyncio.get_running_loop()
            wait = self._last + self.hold - loop.time()
            if wait > 0:
                loop.call_later(wait, self._flush)
            else:
                loop.call_soon(self._flush)
        self._dirty.append(outbox)

    def _flush(self) -> None:
        self._last = asyncio.get_running_loop().time()
        dirty, self._dirty = self._dirty, []
        try:
            for outbox in dirty:
                outbox.flush()
        finally:
            self.wire.clear()


class Outbox:
    __slots__ = (
        "_broken", "_drained", "_flush_pending", "_max_bytes", "_metrics", "_queue", "_tick",
        "_wakeup", "_writer", "_writing", "batched", "open", "queued_bytes", "stopped",
        "transport",
    )  # fmt: skip

    def __init__(
        self,
        transport: Transport,
        tick: FlushTick,
        metrics: Counter[str],
        max_bytes: int,
        broken: Callable[[], None],
    ) -> None:
        self.transport = transport
        self._tick = tick
        self._metrics = metrics
        self._max_bytes = max_bytes
        self._broken = broken  # the socket failed under a write: the owner closes
        # Made on first frame and dropped when written: an idle connection holds no deque.
        self._queue: deque[bytes] | None = None
        self.queued_bytes = 0
        # Made on first need: most connections never wait on either (memory per connection).
        self._wakeup: asyncio.Event | None = None
        self._drained: asyncio.Event | None = None
        self._writer: asyncio.Task[None] | None = None
        self._writing = False  # the writer task is in the middle of an awaited write
        self._flush_pending = False
        self.open = False
        """Frames go out only once this is set (the welcome leads)."""
        self.stopped = False
        self.batched = False
        """F5: the client takes several frames back to back in one websocket message."""

    def put(self, data: bytes, *, exempt: bool = False) -> bool:
        """Queue one frame; False when the queue passed its byte limit (`exempt`: the
        welcome, big by nature). Once stopped (the connection is closing) it is dropped."""
        if self.stopped:
            return True
        queue = self._queue
        if queue is None:
            queue = self._queue = deque()
        queue.append(data)
        self.queued_bytes += len(data)
        if not exempt and self.queued_bytes > self._max_bytes:
            return False
        if self._drained is not None:
            self._drained.clear()
        if self.open and not self._flush_pending:
            self._flush_pending = True
            self._tick.soon(self)
        return True

    def flush(self) -> None:
        """Write what is queued now; if the socket cannot take it (flow control) the
        writer task waits for it instead."""
        self._flush_pending = False
        if self.stopped:
            return
        if self._writing:
            assert self._wakeup is not None
            self._wakeup.set()
            return
        transport = self.transport
        wire = self._tick.wire if transport.raw else None
        try:
            while self._queue:
                batch = self._take_batch()
                if wire is not None:
                    written = transport.write_wire_now(wire.get(batch, self.batched))
                else:
                    written = transport.write_now(self._messages(batch))
                if not written:
                    self._requeue(batch)
                    self.queued_bytes += sum(len(d) for d in batch)
                    self._await_writable()
                    return
                self._count_write(batch)
        except Exception as exc:  # the socket went away under us
            log.debug("send failed: %r", exc)
            self._broken()
            return
        self._is_drained()

    def _await_writable(self) -> None:
        """A writer task (made on first need, so an idle connection costs no task) waits
        for the socket and writes the rest."""
        if self._wakeup is None:
            self._wakeup = asyncio.Event()
        if self._writer is None:
            self._writer = asyncio.get_running_loop().create_task(self._write_loop(self._wakeup))
        self._wakeup.set()

    def _messages(self, batch: list[bytes]) -> list[bytes]:
        return [b"".join(batch)] if self.batched and len(batch) > 1 else batch

    def _count_write(self, batch: list[bytes]) -> None:
        self._metrics["socket_writes"] += 1
        self._metrics["frames_written"] += len(batch)

    def _take_batch(self) -> list[bytes]:
        """What is queued, up to WRITE_BATCH_BYTES: under load, every frame that arrived
        while the last write was going out leaves in one socket write; when idle the batch
        is the one frame, sent at once."""
        batch: list[bytes] = []
        size = 0
        queue = self._queue
        assert queue is not None
        while queue and (not batch or size + len(queue[0]) <= WRITE_BATCH_BYTES):
            data = queue.popleft()
            batch.append(data)
            size += len(data)
        self.queued_bytes -= size
        return batch

    async def _write_loop(self, wakeup: asyncio.Event) -> None:
        try:
            while True:
                await wakeup.wait()
                wakeup.clear()
                self._writing = True
                while self._queue:
                    batch = self._take_batch()
                    await self.transport.send_many(self._messages(batch))
                    self._count_write(batch)
                self._writing = False
                self._is_drained()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the socket went away under us
            log.debug("send failed: %r", exc)
            self._writer = None  # this task ends here: nobody needs to cancel it
            self._broken()

    @property
    def holds_queue(self) -> bool:
        """Is a queue allocated (frames waiting, or being written)? An idle connection's
        is not (memory per connection)."""
        return self._queue is not None

    def _requeue(self, batch: list[bytes]) -> None:
        """Put back a batch the socket would not take now, in front."""
        queue = self._queue
        if queue is None:
            queue = self._queue = deque()
        queue.extendleft(reversed(batch))

    def _is_drained(self) -> None:
        self._queue = None
        if self._drained is not None:
            self._drained.set()

    def drained(self) -> asyncio.Event:
        """Set once everything queued is written (for a last flush before closing)."""
        if self._drained is None:
            self._drained = asyncio.Event()
            if not self._queue and not self._writing:
                self._drained.set()
        return self._drained

    def stop(self) -> None:
        """Drop what is queued: the connection is closing."""
        self.stopped = True
        self._queue = None
        self.queued_bytes = 0

    async def cancel_writer(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None and writer is not asyncio.current_task():
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
