"""One websocket connection: hello, flood check, decode + validate, rate limits, and its
outbox. The web layer pumps received messages into `receive()` and gives a `Transport` to
write to; the room decides everything about the board (`core.py`).

Inbound, every message is charged to the connection's byte budget (its length plus a fixed
cost per frame) before it is decoded, so a flood costs the hub little more than reading it
and is closed with 4009, which also puts the address in the flood cooldown (`Limits`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from enum import Enum, auto

from ..board.state import Actor
from ..protocol.codec import FrameError, decode_client_frame
from ..protocol.codes import CloseCode, ErrorCode
from ..protocol.frames import Cursor, Editing, Hello, OpFrame, Ping, Viewport
from . import frames
from .core import Peer
from .hello import Refusal, admit
from .outbox import Outbox, Transport
from .ratelimit import TokenBucket
from .services import RoomPort, Services

log = logging.getLogger("crossboard.session")


class SessionState(Enum):
    AWAITING_HELLO = auto()
    OPEN = auto()
    """Joined, or waiting in the lobby (I5) until the facilitator lets the person in."""
    CLOSED = auto()


class Session:
    __slots__ = (
        "_frame_cost", "_inbound", "_transport_closed", "_volatile", "board_id", "close_code",
        "ip", "outbox", "peer", "probation", "room", "services", "state", "transport",
    )  # fmt: skip

    def __init__(
        self, services: Services, transport: Transport, board_id: str, ip: str = ""
    ) -> None:
        self.services = services
        self.ip = ip
        self.transport = transport
        self.board_id = board_id
        self.state = SessionState.AWAITING_HELLO
        self.peer: Peer | None = None
        self.room: RoomPort | None = None
        self.close_code: int | None = None
        config = services.config
        self.outbox = Outbox(
            transport,
            services.flush,
            services.metrics,
            config.max_queue_bytes,
            lambda: self._close_soon(CloseCode.GOING_AWAY, "send failed"),
        )
        self.probation = services.limits.on_probation(ip)
        self._inbound = TokenBucket(
            config.bytes_per_second,
            config.bytes_burst,
            tokens=config.bytes_per_second if self.probation else None,
        )
        self._frame_cost = config.bytes_per_frame
        self._volatile = TokenBucket(config.cursor_per_second, config.cursor_per_second)
        self._transport_closed = False

    @property
    def closed(self) -> bool:
        return self.state is SessionState.CLOSED

    @property
    def actor(self) -> Actor | None:
        return self.peer.actor if self.peer is not None else None

    @property
    def waiting(self) -> bool:
        return self.peer is not None and not self.peer.joined

    @property
    def queued_bytes(self) -> int:
        return self.outbox.queued_bytes

    def receive_timeout(self) -> float | None:
        """How long the pump may wait for the next message (the hello has a deadline)."""
        if self.state is SessionState.AWAITING_HELLO:
            return self.services.config.hello_timeout
        return None

    # Inbound.

    async def receive(self, data: bytes | str) -> None:
        """Handle one websocket message."""
        if self.closed:
            return
        if not self._inbound.take(len(data) + self._frame_cost):
            self.services.metrics["flood_closes"] += 1
            self.services.limits.flooded(self.ip)
            await self.close(CloseCode.FLOOD, "too many frames or bytes per second")
            return
        try:
            frame = decode_client_frame(data)
        except FrameError as exc:
            if self.state is SessionState.AWAITING_HELLO:
                await self._refuse_hello(exc.code, exc.message)
            elif exc.cid is not None:
                self.send(frames.rejected(exc.cid, exc.code, exc.message))
            else:
                self.send(frames.error(exc.code, exc.message))
            return
        if self.state is SessionState.AWAITING_HELLO:
            if not isinstance(frame, Hello):
                await self._refuse_hello(ErrorCode.INVALID_FRAME, "the first frame must be hello")
                return
            await self._hello(frame)
            return
        assert self.room is not None and self.peer is not None
        match frame:
            case OpFrame() if self.waiting:
                message = "waiting for the facilitator to let you in"
                self.send(frames.rejected(frame.cid, ErrorCode.FORBIDDEN, message))
            case OpFrame():
                self._op(frame)
            case Cursor() | Editing() | Viewport() if self.waiting:
                pass
            case Cursor() | Editing() | Viewport():
                # Volatile lane: over the rate, updates are dropped (the next one wins anyway).
                if self._volatile.take():
                    self.room.volatile(self.peer, frame)
            case Ping():
                self.send(frames.pong())
            case Hello():
                self.send(frames.error(ErrorCode.ALREADY_JOINED, "this connection has joined"))

    async def _refuse_hello(self, code: ErrorCode, message: str) -> None:
        await self.transport.send(frames.error(code, message))
        await self.close(CloseCode.BAD_HELLO, "the first frame must be a valid hello")

    async def _hello(self, hello: Hello) -> None:
        try:
            admitted = await admit(self.services, self.board_id, hello, self.ip, self)
        except Refusal as refusal:
            if refusal.error is not None:
                await self.transport.send(frames.error(ErrorCode.INVALID_FRAME, refusal.error))
            await self.close(refusal.code, refusal.reason)
            return
        if self.closed:
            return
        self.peer, self.room = admitted.peer, admitted.room
        self.outbox.batched = hello.batch
        self.outbox.open = True  # from now on frames go out (the welcome first)
        self.state = SessionState.OPEN
        if self.room.must_wait(self.peer):
            self.room.wait(self.peer)
        else:
            await self.room.join(self.peer, hello.resume)

    def _op(self, frame: OpFrame) -> None:
        assert self.room is not None and self.peer is not None
        services = self.services
        if self.peer.in_flight >= services.config.max_in_flight or not services.limits.take_op(
            self.ip, self.board_id, self.peer.actor.id, probation=self.probation
        ):
            self.send(frames.rejected(frame.cid, ErrorCode.RATE_LIMITED, "too many ops; slow down"))
            return
        self.room.submit(self.peer, frame)

    # Outbound.

    def send(self, data: bytes, *, exempt: bool = False) -> None:
        """Queue one frame. Over the byte limit the connection is closed as a slow
        consumer (4008: the client resumes)."""
        if not self.outbox.put(data, exempt=exempt):  # a closed session's outbox drops it
            self.services.metrics["slow_consumer_closes"] += 1
            self._close_soon(CloseCode.SLOW_CONSUMER, "not reading fast enough; resume")
            self._stop(CloseCode.SLOW_CONSUMER)

    def _close_soon(self, code: int, reason: str) -> None:
        """Close from synchronous code (a send, the tick's flush) as a background task."""
        self.services.spawn(self.close(code, reason))

    # Teardown.

    async def close(self, code: int, reason: str) -> None:
        """Leave the room and close the socket with `code` (idempotent)."""
        if self._transport_closed:
            return
        self._transport_closed = True
        self._stop(code)
        await self.outbox.cancel_writer()
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
        self.outbox.stop()
        if self.room is not None and self.peer is not None:
            self.room.leave(self.peer)

    async def flush_and_close(self, code: int, reason: str) -> None:
        """Write what is queued (best effort), then close: used on server shutdown."""
        if self.outbox.queued_bytes:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.outbox.drained().wait(), timeout=1.0)
        await self.close(code, reason)

    async def disconnected(self) -> None:
        """The peer went away: tidy up without writing to the socket."""
        self._transport_closed = True
        self._stop(1006)
        await self.outbox.cancel_writer()
