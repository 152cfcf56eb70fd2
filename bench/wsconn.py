"""A lean websocket client connection for the load generator.

It is the `websockets` library's sans-I/O `ClientProtocol` driven by a plain asyncio
`Protocol`. Why not `websockets.asyncio.client.connect`: that gives every connection its own
tasks, a frame queue and one `await recv()` per message, which is right for an application
but makes a 1,000-connection load generator cost more CPU than the server it measures (the
two share this machine). Here every complete message is handed to a callback straight from
`data_received`, timestamped on arrival, with no task switch; pings are answered by the
library.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.http11 import Response
from websockets.protocol import State
from websockets.uri import parse_uri

OnMessage = Callable[[bytes], None]
"""Called with the payload of each complete data message (text messages as UTF-8 bytes)."""


class WsConnection(asyncio.Protocol):
    """One client websocket. `opened` resolves after the handshake, `closed` at the end
    (with the close code the server sent, or 1006)."""

    def __init__(self, url: str, on_message: OnMessage) -> None:
        loop = asyncio.get_running_loop()
        self._ws = ClientProtocol(parse_uri(url), max_size=None)
        self.on_message = on_message
        self.opened: asyncio.Future[None] = loop.create_future()
        self.closed: asyncio.Future[int] = loop.create_future()
        self.transport: asyncio.Transport | None = None
        self._parts: list[bytes] = []

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self._ws.send_request(self._ws.connect())
        self._flush()

    def data_received(self, data: bytes) -> None:
        ws = self._ws
        ws.receive_data(data)
        for event in ws.events_received():
            if isinstance(event, Frame):
                opcode = event.opcode
                if opcode is Opcode.BINARY or opcode is Opcode.TEXT or opcode is Opcode.CONT:
                    if event.fin and not self._parts:
                        self.on_message(bytes(event.data))
                    elif event.fin:
                        self._parts.append(bytes(event.data))
                        message, self._parts = b"".join(self._parts), []
                        self.on_message(message)
                    else:
                        self._parts.append(bytes(event.data))
            elif isinstance(event, Response) and not self.opened.done():
                if ws.handshake_exc is not None:
                    self.opened.set_exception(ws.handshake_exc)
                else:
                    self.opened.set_result(None)
        self._flush()

    def eof_received(self) -> bool:
        self._ws.receive_eof()
        self._flush()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(exc or ConnectionError("closed during the handshake"))
        if not self.closed.done():
            self.closed.set_result(self._ws.close_code or 1006)

    # Ours

    @property
    def is_open(self) -> bool:
        return self._ws.state is State.OPEN and self.transport is not None

    def send(self, data: bytes, *, text: bool = False) -> None:
        """Queue one message (never blocks; see `buffered` for back-pressure)."""
        if not self.is_open:
            return
        if text:
            self._ws.send_text(data)
        else:
            self._ws.send_binary(data)
        self._flush()

    @property
    def buffered(self) -> int:
        """Bytes written but not yet taken by the kernel."""
        return self.transport.get_write_buffer_size() if self.transport is not None else 0

    def close(self) -> None:
        """Start the closing handshake (or drop the socket if it never opened)."""
        if self.is_open:
            self._ws.send_close(1000)
            self._flush()
        elif self.transport is not None:
            self.transport.close()

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    def _flush(self) -> None:
        transport = self.transport
        if transport is None:
            return
        for chunk in self._ws.data_to_send():
            if chunk:
                transport.write(chunk)
            elif transport.can_write_eof():
                transport.write_eof()
        if self._ws.close_expected() and self._ws.state is State.CLOSED:
            transport.close()


async def connect(
    url: str,
    on_message: OnMessage,
    timeout: float = 10.0,
    created: Callable[[WsConnection], None] | None = None,
) -> WsConnection:
    """Open a websocket to `url` (ws://host:port/path) and wait for the handshake.
    `created` gets the connection before any message can arrive (so a reply to the first
    message has somewhere to go)."""
    uri = parse_uri(url)
    loop = asyncio.get_running_loop()
    conn: WsConnection | None = None

    def factory() -> WsConnection:
        nonlocal conn
        conn = WsConnection(url, on_message)
        if created is not None:
            created(conn)
        return conn

    async with asyncio.timeout(timeout):
        await loop.create_connection(factory, uri.host, uri.port)
        assert conn is not None
        await conn.opened
    return conn
