"""The websocket route `/ws/{board_id}`: accept, pump messages into a session, close.

This is the only place that touches Starlette's websocket; everything else sees a
`Transport`. Cross-site websocket hijacking is stopped here by the Origin check, and an
address in its flood cooldown is refused here too, before the websocket opens: a flooder
that reconnects at once costs the hub one HTTP answer, not a session.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import re
from urllib.parse import urlsplit

from starlette.responses import JSONResponse
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from ..hub.hub import Hub
from ..protocol.codes import CloseCode

log = logging.getLogger("crossboard.socket")


class StarletteTransport:
    """A session's websocket. With uvicorn's `websockets-sansio` protocol underneath,
    several frames are framed by its websockets connection and leave in ONE transport
    write (the hub's hot path: the profile showed a write per frame per recipient as the top
    cost); with any other server each frame goes through Starlette as usual."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        protocol = getattr(websocket.scope.get("crossboard.raw_send"), "__self__", None)
        self._sansio = protocol if _is_sansio(protocol) else None
        # No extension negotiated (the CLI turns permessage-deflate off): the bytes of a
        # message are the same for every socket, and the hub frames them once (wire.py).
        self._raw = self._sansio is not None and not getattr(self._sansio.conn, "extensions", [1])
        log.debug("batched writes: %s, hub framing: %s", self._sansio is not None, self._raw)

    @property
    def raw(self) -> bool:
        return self._raw

    async def send(self, data: bytes) -> None:
        await self.websocket.send_bytes(data)

    async def send_many(self, frames: list[bytes]) -> None:
        proto = self._sansio
        if proto is None:
            for data in frames:
                await self.websocket.send_bytes(data)
            return
        await proto.writable.wait()  # the transport's flow control, as uvicorn's own send
        self.write_now(frames)

    def write_now(self, frames: list[bytes]) -> bool:
        """Write the frames in one transport write if the socket takes them now; False when
        it cannot (no fast path, or the transport's buffer is over its high-water mark)."""
        proto = self._sansio
        if proto is None or not proto.writable.is_set():
            return False
        if proto.disconnected or proto.close_sent or proto.transport.is_closing():
            raise ConnectionError("the websocket is closed")
        for data in frames:
            proto.conn.send_binary(data)
        proto.transport.write(b"".join(proto.conn.data_to_send()))
        return True

    def write_wire_now(self, wire: bytes) -> bool:
        """Write websocket-framed bytes in one transport write if the socket takes them
        now; False under the transport's flow control."""
        proto = self._sansio
        assert proto is not None and self._raw
        if not proto.writable.is_set():
            return False
        if proto.disconnected or proto.close_sent or proto.transport.is_closing():
            raise ConnectionError("the websocket is closed")
        proto.transport.write(wire)
        return True

    async def close(self, code: int, reason: str) -> None:
        if self.websocket.application_state is WebSocketState.CONNECTED:
            await self.websocket.close(code=code, reason=reason[:120])


def _is_sansio(protocol: object) -> bool:
    """Is this uvicorn's websockets-sansio protocol (the attributes `send_many` uses)?"""
    return all(
        hasattr(protocol, name)
        for name in ("conn", "transport", "writable", "disconnected", "close_sent")
    )


SOCKET_PATH = re.compile(r"^/ws/([^/]+)$")


def socket_board(path: str) -> str | None:
    """The board of a websocket path `/ws/{board_id}` (the route in web/app.py), or None."""
    match = SOCKET_PATH.match(path)
    return match.group(1) if match else None


def forget_handshake(websocket: WebSocket) -> None:
    """Drop what only the handshake needed: the request's and the response's headers, held
    by uvicorn's protocol, the scope and Starlette for the connection's whole life (about
    4 KB of an idle connection's memory; issue 20)."""
    websocket.scope["headers"] = []
    websocket.__dict__.pop("_headers", None)  # Starlette's cached view of them
    protocol = getattr(websocket.scope.get("crossboard.raw_send"), "__self__", None)
    if protocol is not None and _is_sansio(protocol):
        for name in ("request", "response"):  # read only while the handshake is answered
            message = getattr(protocol, name, None)
            clear = getattr(getattr(message, "headers", None), "clear", None)
            if callable(clear):
                clear()  # websockets' parser keeps the request for good, too
            if message is not None:
                setattr(protocol, name, None)


def origin_allowed(websocket: WebSocket, allowed: tuple[str, ...]) -> bool:
    """No Origin (not a browser), the hub's own origin, or one on the allow-list."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    if origin in allowed or "*" in allowed:
        return True
    host = websocket.headers.get("host", "")
    return urlsplit(origin).netloc.lower() == host.lower()


async def refuse_flooder(websocket: WebSocket, seconds: float) -> None:
    """HTTP 429 with `Retry-After` instead of the websocket (browsers report 1006 and the
    client backs off); a server without the denial-response extension answers 403."""
    if "websocket.http.response" not in websocket.scope.get("extensions", {}):
        await websocket.close(code=CloseCode.TOO_MANY_CONNECTIONS)
        return
    wait = math.ceil(seconds)
    answer = {"code": "flood_cooldown", "message": f"this address flooded; retry in {wait} s"}
    await websocket.send_denial_response(
        JSONResponse(answer, status_code=429, headers={"retry-after": str(wait)})
    )


async def board_socket(websocket: WebSocket) -> None:
    hub: Hub = websocket.app.state.hub
    if not origin_allowed(websocket, websocket.app.state.settings.allowed_origins):
        await websocket.close(code=1008)  # before accept: the client sees HTTP 403
        return
    board_id = websocket.path_params["board_id"]
    ip = websocket.client.host if websocket.client else ""
    cooldown = hub.limits.cooldown(ip)
    if cooldown > 0:
        hub.metrics["connections_refused"] += 1
        await refuse_flooder(websocket, cooldown)
        return
    await websocket.accept()
    forget_handshake(websocket)
    refusal = hub.admit(ip, board_id)
    if refusal is not None:
        await websocket.close(code=CloseCode.TOO_MANY_CONNECTIONS, reason=refusal)
        return
    session = hub.open_session(StarletteTransport(websocket), board_id, ip)
    try:
        while not session.closed:
            try:
                message = await asyncio.wait_for(websocket.receive(), session.receive_timeout())
            except TimeoutError:
                await session.close(CloseCode.HELLO_TIMEOUT, "no hello in time")
                break
            if message["type"] == "websocket.disconnect":
                await session.disconnected()
                break
            data = message.get("bytes")
            await session.receive(data if data is not None else message.get("text") or "")
    except WebSocketDisconnect:
        await session.disconnected()
    finally:
        hub.session_ended(session)
        with contextlib.suppress(Exception):
            await session.disconnected()
