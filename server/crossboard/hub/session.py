"""One websocket connection: handshake, flood check, decode + validate, rate limit, bounded
send queue.

Sans-I/O towards the network: the web layer pumps received messages into `receive()` and
gives a `Transport` to write to. A session never writes while the room fans out: frames
queue, and the hub flushes every session with frames once per loop tick (`flush`), without
awaiting; a socket that pushes back gets a writer task that waits for it, so a slow socket
never blocks the room; when its queue passes the byte limit it is closed with
4008 (slow consumer) and the client resumes. Frames are never dropped from the queue: a gap
in an ordered log is corruption.

Inbound, every message is charged to the connection's byte budget (its length plus a fixed
cost per frame) before it is decoded, so a flood costs the hub little more than reading it
and is closed with 4009, which also puts the address in the flood cooldown (`Limits`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections import deque
from dataclasses import replace
from enum import Enum, auto
from typing import TYPE_CHECKING, Protocol

from ..board.state import Actor, Board
from ..protocol.codec import FrameError, decode_client_frame
from ..protocol.codes import CloseCode, ErrorCode
from ..protocol.frames import Cursor, Editing, Hello, OpFrame, Ping, Viewport
from ..protocol.limits import PROTOCOL_VERSION
from . import frames
from .links import BadToken, Credential, Grant, Links
from .ratelimit import TokenBucket

if TYPE_CHECKING:
    from .hub import Hub
    from .room import Room

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

    async def close(self, code: int, reason: str) -> None: ...


class SessionState(Enum):
    AWAITING_HELLO = auto()
    WAITING = auto()
    """In the lobby (I5): only pings; joined when the facilitator lets the person in."""
    JOINED = auto()
    CLOSED = auto()


class Refusal(Exception):
    """Why a hello is turned away: a close code, its reason, and maybe an error frame."""

    def __init__(self, code: CloseCode, reason: str, error: str | None = None) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.error = error


def identify(links: Links, board: Board, grant: Grant, hello: Hello, version: int) -> Credential:
    """Who this hello is (I1-I3, I6): the person its credential names, or a new person
    minted now. A claimed participant id without its credential is refused (I2); a
    department comes from the link, the person's choice where the board allows it, or the
    board's record, never from a returning person's hello."""
    if hello.credential is not None:
        try:
            known = links.verify_credential(hello.credential, board.id, grant.role)
        except BadToken as exc:
            raise Refusal(CloseCode.IDENTITY_REFUSED, str(exc)) from None
        if hello.participant is not None and hello.participant != known.participant:
            raise Refusal(CloseCode.IDENTITY_REFUSED, "the credential names someone else")
        return replace(known, version=version)
    if hello.participant is not None:
        raise Refusal(
            CloseCode.IDENTITY_REFUSED, "a participant is named without its credential; rejoin"
        )
    department = hello.department
    if grant.department is not None:
        department = grant.department
    elif grant.role == "screen" or (
        grant.role == "participant" and board.settings.get("department_choice") == "link"
    ):
        department = None
    if department is not None and department not in board.department_ids():
        raise Refusal(
            CloseCode.BAD_HELLO, "unknown department", f"no department {department} on this board"
        )
    lobby = grant.role == "participant" and bool(board.settings.get("lobby"))
    return Credential(
        board=board.id,
        participant=secrets.token_hex(8),
        role=grant.role,
        department=department,
        version=version,
        link=grant.link,
        admitted=not lobby,
    )


class Session:
    def __init__(self, hub: Hub, transport: Transport, board_id: str, ip: str = "") -> None:
        self.hub = hub
        self.ip = ip
        self.transport = transport
        self.board_id = board_id
        self.state = SessionState.AWAITING_HELLO
        self.actor: Actor | None = None
        self.room: Room | None = None
        self.close_code: int | None = None
        self._queue: deque[bytes] = deque()
        self._queued_bytes = 0
        self._wakeup = asyncio.Event()
        self._drained = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None
        self._writing = False  # the writer task is in the middle of an awaited write
        self._started = False
        self._flush_pending = False
        config = hub.config
        self.probation = hub.limits.on_probation(ip)
        self.batched = False  # F5: set by the hello

        self._inbound = TokenBucket(
            config.bytes_per_second,
            config.bytes_burst,
            tokens=config.bytes_per_second if self.probation else None,
        )
        self._frame_cost = config.bytes_per_frame
        self._volatile = TokenBucket(config.cursor_per_second, config.cursor_per_second)
        self.in_flight = 0
        self.link_version = 1
        self.credential: Credential | None = None
        self._transport_closed = False

    @property
    def closed(self) -> bool:
        return self.state is SessionState.CLOSED

    def receive_timeout(self) -> float | None:
        """How long the pump may wait for the next message (the hello has a deadline)."""
        if self.state is SessionState.AWAITING_HELLO:
            return self.hub.config.hello_timeout
        return None

    # Inbound.

    async def receive(self, data: bytes | str) -> None:
        """Handle one websocket message."""
        if self.closed:
            return
        if not self._inbound.take(len(data) + self._frame_cost):
            await self._flooded()
            return
        try:
            frame = decode_client_frame(data)
        except FrameError as exc:
            await self._bad_frame(exc)
            return
        if self.state is SessionState.AWAITING_HELLO:
            if not isinstance(frame, Hello):
                await self._refuse_hello(ErrorCode.INVALID_FRAME, "the first frame must be hello")
                return
            await self._hello(frame)
            return
        match frame:
            case OpFrame() if self.state is SessionState.WAITING:
                self.send(
                    frames.rejected(
                        frame.cid, ErrorCode.FORBIDDEN, "waiting for the facilitator to let you in"
                    )
                )
            case OpFrame():
                self._op(frame)
            case Cursor() | Editing() | Viewport() if self.state is SessionState.WAITING:
                pass
            case Cursor() | Editing() | Viewport():
                # Volatile lane: over the rate, updates are dropped (the next one wins anyway).
                if self._volatile.take() and self.room is not None:
                    self.room.volatile(self, frame)
            case Ping():
                self.send(frames.pong())
            case Hello():
                self.send(frames.error(ErrorCode.ALREADY_JOINED, "this connection has joined"))

    async def _flooded(self) -> None:
        self.hub.metrics["flood_closes"] += 1
        self.hub.limits.flooded(self.ip)
        await self.close(CloseCode.FLOOD, "too many frames or bytes per second")

    async def _bad_frame(self, exc: FrameError) -> None:
        if self.state is SessionState.AWAITING_HELLO:
            await self._refuse_hello(exc.code, exc.message)
        elif exc.cid is not None:
            self.send(frames.rejected(exc.cid, exc.code, exc.message))
        else:
            self.send(frames.error(exc.code, exc.message))

    async def _refuse_hello(self, code: ErrorCode, message: str) -> None:
        await self.transport.send(frames.error(code, message))
        await self.close(CloseCode.BAD_HELLO, "the first frame must be a valid hello")

    async def _hello(self, hello: Hello) -> None:
        if hello.protocol != PROTOCOL_VERSION:
            await self.close(
                CloseCode.PROTOCOL_MISMATCH,
                f"server speaks protocol {PROTOCOL_VERSION}, client {hello.protocol}",
            )
            return
        if hello.board != self.board_id:
            await self.close(CloseCode.BAD_HELLO, "hello names another board than the url")
            return
        try:
            grant = self.hub.links.verify(hello.token, hello.board)
        except BadToken as exc:
            await self.close(CloseCode.UNAUTHORIZED, str(exc))
            return
        room = await self.hub.room(hello.board)
        if room is None:
            await self.close(CloseCode.BOARD_NOT_FOUND, "no such board")
            return
        if self.closed:
            return
        current = 1 if grant.role == "facilitator" else room.board.links.get(grant.role, 1)
        if grant.version != current:
            await self.close(CloseCode.LINK_ROTATED, "this link was replaced; ask for the new one")
            return
        try:
            who = identify(self.hub.links, room.board, grant, hello, current)
        except Refusal as refusal:
            if refusal.error is not None:
                await self.transport.send(frames.error(ErrorCode.INVALID_FRAME, refusal.error))
            await self.close(refusal.code, refusal.reason)
            return
        minted = hello.credential is None
        if minted and not self.hub.limits.may_mint(self.ip, self.board_id):
            self.hub.metrics["identities_refused"] += 1
            await self.close(
                CloseCode.TOO_MANY_IDENTITIES, "too many new people from this address; wait"
            )
            return
        person = room.board.people.get(who.participant, {})
        if person.get("removed"):
            await self.close(CloseCode.REMOVED, "the facilitator removed this participant")
            return
        self.link_version = grant.version
        self.batched = hello.batch
        self.credential = who
        self.actor = Actor(
            id=who.participant,
            name=person.get("name", hello.name),
            department=person.get("department", who.department),
            role=grant.role,
        )
        self.room = room
        self._started = True  # from now on frames go out (the welcome first)
        if room.must_wait(self):
            self.state = SessionState.WAITING
            room.wait(self)
            return
        self.state = SessionState.JOINED
        await room.join(self, hello.resume)

    def _op(self, frame: OpFrame) -> None:
        assert self.room is not None and self.actor is not None
        if self.in_flight >= self.hub.config.max_in_flight or not self.hub.limits.take_op(
            self.ip, self.board_id, self.actor.id, probation=self.probation
        ):
            self.send(frames.rejected(frame.cid, ErrorCode.RATE_LIMITED, "too many ops; slow down"))
            return
        self.room.submit(self, frame)

    # Outbound.

    def send(self, data: bytes, *, exempt: bool = False) -> None:
        """Queue one frame. Over the byte limit the session is closed as a slow consumer;
        `exempt` is for the welcome, which may be big by nature."""
        if self.closed:
            return
        self._queue.append(data)
        self._queued_bytes += len(data)
        if not exempt and self._queued_bytes > self.hub.config.max_queue_bytes:
            self.hub.metrics["slow_consumer_closes"] += 1
            self._close_soon(CloseCode.SLOW_CONSUMER, "not reading fast enough; resume")
            self._stop(CloseCode.SLOW_CONSUMER)
            return
        self._drained.clear()
        if not self._started:
            return  # nothing goes out before the join; the welcome leads
        if not self._flush_pending:
            self._flush_pending = True
            self.hub.flush_soon(self)

    def flush(self) -> None:
        """Write what is queued now, from the hub's once-a-tick flush: no task switch per
        session and one socket write per session per tick. If the socket cannot take it
        (flow control) the writer task waits for it instead."""
        self._flush_pending = False
        if self.closed:
            return
        if self._writing:
            self._wakeup.set()
            return
        try:
            while self._queue:
                batch = self._take_batch()
                if not self.transport.write_now(self._messages(batch)):
                    self._queue.extendleft(reversed(batch))
                    self._queued_bytes += sum(len(d) for d in batch)
                    self._await_writable()
                    return
                self._count_write(batch)
        except Exception as exc:  # the socket went away under us
            log.debug("send failed: %r", exc)
            self._close_soon(CloseCode.GOING_AWAY, "send failed")
            return
        self._drained.set()

    def _close_soon(self, code: int, reason: str) -> None:
        """Close from synchronous code (a send, the tick's flush): as a task of the hub's."""
        self.hub.keep(asyncio.get_running_loop().create_task(self.close(code, reason)))

    def _await_writable(self) -> None:
        """The socket cannot take more now: a writer task (made on first need, so an idle
        connection costs no task) waits for it and writes the rest."""
        if self._writer is None:
            name = f"send-{self.actor.id if self.actor else '?'}"
            self._writer = asyncio.get_running_loop().create_task(self._write_loop(), name=name)
        self._wakeup.set()

    def _messages(self, batch: list[bytes]) -> list[bytes]:
        """F5: for a client that batches, the frames back to back in one message."""
        return [b"".join(batch)] if self.batched and len(batch) > 1 else batch

    def _count_write(self, batch: list[bytes]) -> None:
        self.hub.metrics["socket_writes"] += 1
        self.hub.metrics["frames_written"] += len(batch)

    @property
    def queued_bytes(self) -> int:
        return self._queued_bytes

    def _take_batch(self) -> list[bytes]:
        """What is queued, up to WRITE_BATCH_BYTES: under load, every frame that arrived
        while the last write was going out leaves in one socket write (one syscall instead
        of one per frame); when idle the batch is the one frame, sent at once."""
        batch: list[bytes] = []
        size = 0
        while self._queue and (not batch or size + len(self._queue[0]) <= WRITE_BATCH_BYTES):
            data = self._queue.popleft()
            batch.append(data)
            size += len(data)
        self._queued_bytes -= size
        return batch

    async def _write_loop(self) -> None:
        try:
            while True:
                await self._wakeup.wait()
                self._wakeup.clear()
                self._writing = True
                while self._queue:
                    batch = self._take_batch()
                    await self.transport.send_many(self._messages(batch))
                    self._count_write(batch)
                self._writing = False
                self._drained.set()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the socket went away under us
            log.debug("send failed: %r", exc)
            await self.close(CloseCode.GOING_AWAY, "send failed")

    # Teardown.

    async def close(self, code: int, reason: str) -> None:
        """Leave the room and close the socket with `code` (idempotent)."""
        if self._transport_closed:
            return
        self._transport_closed = True
        self._stop(code)
        writer, self._writer = self._writer, None
        if writer is not None and writer is not asyncio.current_task():
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
        with contextlib.suppress(Exception):
            await self.transport.close(code, reason)

    def _stop(self, code: int) -> None:
        """Stop taking frames and leave the room, at once (the socket closes after)."""
        if self.state is SessionState.CLOSED:
            return
        self.state = SessionState.CLOSED
        self.close_code = code
        log.info(
            "connection closed",
            extra={
                "board": self.board_id,
                "participant": self.actor.id if self.actor else None,
                "code": code,
                "ip": self.ip or None,
            },
        )
        self._queue.clear()
        self._queued_bytes = 0
        if self.room is not None:
            self.room.leave(self)

    async def flush_and_close(self, code: int, reason: str) -> None:
        """Write what is queued (best effort), then close: used on server shutdown."""
        if self._queue:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._drained.wait(), timeout=1.0)
        await self.close(code, reason)

    async def disconnected(self) -> None:
        """The peer went away: tidy up without writing to the socket."""
        self._transport_closed = True
        self._stop(1006)
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
            self._writer = None
