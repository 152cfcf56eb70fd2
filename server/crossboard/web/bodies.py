"""Request bodies: a size limit per route, checked while the body streams, and a stall
timeout, so that no request can make the hub hold more than its limit or wait forever.

A declared `Content-Length` over the limit is answered 413 before a byte of the body is
read; a body sent without one (chunked) is counted as it arrives and answered 413 as soon
as it passes the limit. Either way the connection is closed after the answer, so the rest
of the body is never read. A body that stalls longer than the timeout between two chunks
is answered 408. Pure ASGI: what the app reads through `receive` is all that is checked.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    """The body passed the route's limit."""


class BodyStalled(Exception):
    """No chunk of the body came within the timeout."""


class BodyLimits:
    """`limit_for(scope)` gives each request's limit in bytes; `timeout` is the longest
    pause between two chunks of a body. Refusals are counted in `metrics`."""

    def __init__(
        self,
        app: ASGIApp,
        limit_for: Callable[[Scope], int],
        timeout: float,
        metrics: Counter[str] | None = None,
    ) -> None:
        self.app = app
        self.limit_for = limit_for
        self.timeout = timeout
        self.metrics: Counter[str] = Counter() if metrics is None else metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _content_length(scope)
        if declared == -1:
            await _answer(scope, receive, send, 400, "invalid_request", "bad Content-Length")
            return
        if declared is not None and declared > limit:
            self.metrics["http_bodies_refused"] += 1
            await _too_large(scope, receive, send, limit)
            return
        received = 0
        complete = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, complete
            if complete:  # after the body: waiting for a disconnect, no deadline
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.timeout)
            except TimeoutError:
                raise BodyStalled from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
                complete = not message.get("more_body", False)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge:
            self.metrics["http_bodies_refused"] += 1
            if not started:
                await _too_large(scope, receive, send, limit)
        except BodyStalled:
            self.metrics["http_body_timeouts"] += 1
            if not started:
                message = f"the request body stalled for more than {self.timeout:g} s"
                await _answer(scope, receive, send, 408, "body_timeout", message)


def _content_length(scope: Scope) -> int | None:
    """The declared length; None when there is none; -1 when it is not a number."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isascii() and text.isdigit() and len(text) < 20 else -1
    return None


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    message = f"the request body is over {limit} bytes"
    await _answer(scope, receive, send, 413, "body_too_large", message)


async def _answer(
    scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str
) -> None:
    """The error, and the connection closed after it: the rest of the body is never read."""
    response = JSONResponse(
        {"code": code, "message": message}, status_code=status, headers={"connection": "close"}
    )
    await response(scope, receive, send)


class BadJson(ValueError):
    """The body is not the JSON a route takes."""


async def read_json(request: Request) -> Any:
    """The request's JSON body (None when empty); raises `BadJson` with what is wrong. NaN
    and Infinity parse (as Python's json does), so that the models refuse them naming the
    field; nesting deeper than the parser's stack is refused here."""
    body = await request.body()
    if not body.strip():
        return None
    try:
        return json.loads(body)
    except RecursionError:
        raise BadJson("the body is nested too deeply") from None
    except ValueError as exc:
        raise BadJson(f"the body is not JSON: {exc}") from None
