"""Slow clients at the HTTP layer: a deadline for each request's headers, a cap on their
size, and a cap on the requests of one address whose headers are still coming (slowloris).

uvicorn arms its keep-alive timeout only between requests: a connection that opens and
sends half a request line is kept forever. Here every request must complete its headers
(websocket upgrades included) within `header_timeout` of its first byte, or of the
connection's opening; otherwise it gets 408 and the connection is closed. And when an
address has more than `handshakes_per_ip` such requests in progress, its oldest ones that
have taken longer than `handshake_grace` are closed at once: a burst of fresh connections
(a room joining, a load test) passes, half-sent requests do not pile up, and whoever comes
next from that address (the same office's NAT, say) is served. Headers over 64 KiB get 431
(uvicorn keeps every header it parses, without a bound of its own).

The guard sees TCP peers: behind a proxy it counts the proxy (which buffers headers itself,
so its requests arrive whole and never count as slow).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from typing import Any, ClassVar, Protocol

_TIMEOUT_BODY = b'{"code":"header_timeout","message":"the request headers came too slowly"}'
TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
    + f"content-length: {len(_TIMEOUT_BODY)}\r\n".encode()
    + b"connection: close\r\n\r\n"
    + _TIMEOUT_BODY
)
"""What a request that took too long over its headers gets, written on the raw socket."""

_TOO_BIG_BODY = b'{"code":"headers_too_large","message":"the request headers are too large"}'
TOO_BIG_ANSWER = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
    + f"content-length: {len(_TOO_BIG_BODY)}\r\n".encode()
    + b"connection: close\r\n\r\n"
    + _TOO_BIG_BODY
)

MAX_HEADER_BYTES = 64 * 1024
"""Most bytes a request line and its headers may take (the parser keeps every header)."""


class Pending(Protocol):
    """A connection whose request headers are still coming."""

    def give_up(self, answer: bytes = ...) -> None:
        """Answer (408 by default) and close; the guard has already forgotten it."""


class HandshakeGuard:
    """Requests in progress per address, oldest first, for one hub process."""

    def __init__(
        self,
        per_ip: int,
        header_timeout: float,
        grace: float,
        metrics: Counter[str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_ip = per_ip
        self.header_timeout = header_timeout
        self.grace = grace
        self.metrics: Counter[str] = Counter() if metrics is None else metrics
        self._clock = clock
        self._pending: dict[str, dict[Pending, float]] = {}
        self._sweeps: dict[str, asyncio.TimerHandle] = {}

    @property
    def in_progress(self) -> int:
        """Requests whose headers are still coming, over every address."""
        return sum(len(p) for p in self._pending.values())

    def begin(self, ip: str, conn: Pending) -> None:
        """`conn` started a request (or connected); over the cap, sweep its address."""
        pending = self._pending.setdefault(ip, {})
        pending.pop(conn, None)
        pending[conn] = self._clock()  # dict order stays oldest first
        if len(pending) > self.per_ip:
            self._sweep(ip)

    def end(self, ip: str, conn: Pending) -> None:
        """`conn`'s headers are complete, or it is gone."""
        pending = self._pending.get(ip)
        if pending is None:
            return
        pending.pop(conn, None)
        if not pending:
            del self._pending[ip]
            sweep = self._sweeps.pop(ip, None)
            if sweep is not None:
                sweep.cancel()

    def _sweep(self, ip: str) -> None:
        """Close the address's oldest slow requests until it is within the cap; if the
        ones over it are all still fresh, look again once the oldest of them is not."""
        self._sweeps.pop(ip, None)
        pending = self._pending.get(ip)
        if not pending:
            return
        excess = len(pending) - self.per_ip
        now = self._clock()
        for conn, started in list(pending.items()):
            if excess <= 0:
                return
            if now - started < self.grace:
                delay = self.grace - (now - started)
                self._sweeps[ip] = asyncio.get_running_loop().call_later(delay, self._sweep, ip)
                return
            self.end(ip, conn)
            self.metrics["http_handshakes_evicted"] += 1
            conn.give_up()
            excess -= 1


def guarded_protocol(guard: HandshakeGuard) -> type[asyncio.Protocol] | None:
    """uvicorn's httptools HTTP protocol with `guard` applied; None where httptools is not
    installed (uvicorn[standard] brings it; without it the hub runs unguarded)."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # pragma: no cover - a dependency of uvicorn[standard]
        return None

    class GuardedHttpToolsProtocol(HttpToolsProtocol):
        """Arms a header deadline when a connection opens and when a request begins;
        disarms it when the request's headers are complete."""

        shared: ClassVar[HandshakeGuard] = guard

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._deadline: asyncio.TimerHandle | None = None
            self._counted = False  # a request has begun: it counts against the address's cap
            self._peer = ""
            self._header_bytes = 0

        def data_received(self, data: bytes) -> None:
            if self._deadline is not None:
                self._header_bytes += len(data)
            super().data_received(data)
            if self._deadline is not None and self._header_bytes > MAX_HEADER_BYTES:
                self._disarm()
                self.shared.metrics["http_headers_too_large"] += 1
                self.give_up(TOO_BIG_ANSWER)

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._peer = self.client[0] if self.client else ""
            self._arm(count=False)  # a browser opens spare connections before it needs them

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arm(count=True)

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self, *, count: bool) -> None:
            """A header deadline (from the connection's opening, or its next request's
            first byte); only a begun request counts against the address's cap, so idle
            spare connections a browser opens ahead are never evicted under a request."""
            if self._deadline is None:
                self._header_bytes = 0
                self._deadline = self.loop.call_later(self.shared.header_timeout, self._too_slow)
            if count and not self._counted:
                self._counted = True
                self.shared.begin(self._peer, self)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None
            if self._counted:
                self._counted = False
                self.shared.end(self._peer, self)

        def _too_slow(self) -> None:
            self._deadline = None
            if self._counted:
                self._counted = False
                self.shared.end(self._peer, self)
            self.shared.metrics["http_header_timeouts"] += 1
            self.give_up()

        def give_up(self, answer: bytes = TIMEOUT_ANSWER) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None
            if self._counted:
                self._counted = False
                self.shared.end(self._peer, self)
            if self.transport is None or self.transport.is_closing():
                return
            # A connection that never sent a byte is closed quietly: a 408 there would be
            # read as the answer to the request a browser sends on it next.
            begun = self._header_bytes > 0 or self.cycle is not None
            if begun and (self.cycle is None or self.cycle.response_complete):
                self.transport.write(answer)
            self.transport.close()

    return GuardedHttpToolsProtocol
