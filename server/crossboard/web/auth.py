"""Who an HTTP request speaks for: the join-link token it sends as a Bearer header."""

from __future__ import annotations

from starlette.requests import Request

from ..hub.links import BadToken, Grant, Links


def bearer(links: Links, request: Request) -> Grant:
    """The grant of the request's `Authorization: Bearer <token>` for the board in its
    path; raises `BadToken`."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        raise BadToken("send the link's token as Authorization: Bearer <token>")
    return links.verify(token, request.path_params["board_id"])
