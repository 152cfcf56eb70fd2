"""The Starlette application: routes, security headers, lifespan of the hub and engine."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..engine.base import Engine
from ..hub.config import HubConfig
from ..hub.hub import Hub
from ..hub.links import BadToken, Links, load_secret
from ..report.backup import BadBackup
from . import metrics
from .auth import bearer
from .boards import NewBoard, create_board
from .exports import Exports, import_board
from .settings import Settings
from .socket import board_socket

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class SecurityHeaders:
    """Adds the security headers to every HTTP response (pure ASGI, streams untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            # The server's own send, before Starlette wraps it: the websocket transport
            # writes batches through it (web/socket.py).
            scope["crossboard.raw_send"] = send
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def client_dir() -> Path:
    """The browser client: shipped inside the wheel, or the repo's `client/` when editable."""
    packaged = Path(__file__).resolve().parents[1] / "_client"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "client"


def make_engine(settings: Settings) -> Engine:
    if settings.redis_url:
        if not settings.secret:
            raise SystemExit(
                "--redis-url needs --secret (or CROSSBOARD_SECRET): every hub of one "
                "deployment must sign join links with the same secret"
            )
        from ..engine.redis import RedisEngine

        window = int(os.environ.get("CROSSBOARD_REDIS_WINDOW", "10000"))
        return RedisEngine(settings.redis_url, window=window)
    from ..engine.memory import MemoryEngine

    return MemoryEngine(settings.data_dir)


def create_app(settings: Settings, engine: Engine | None = None) -> Starlette:
    engine = engine or make_engine(settings)
    links = Links(load_secret(settings.data_dir, settings.secret))
    hub = Hub(engine, links, HubConfig.from_env())
    client = client_dir()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await hub.start()
        try:
            yield
        finally:
            await hub.close()

    async def healthz(request: Request) -> Response:
        return JSONResponse(
            {
                "status": "ok",
                "version": __version__,
                "engine": hub.engine.name,
                "rooms": len(hub.rooms),
                "connections": len(hub.sessions),
            }
        )

    async def new_board(request: Request) -> Response:
        ip = request.client.host if request.client else ""
        if not hub.limits.may_create_board(ip):
            return JSONResponse(
                {
                    "code": "too_many_boards",
                    "message": "too many new boards from this address; try again later",
                },
                status_code=429,
            )
        body = await request.body()
        try:
            raw: Any = json.loads(body) if body.strip() else {}
        except ValueError:
            return JSONResponse(
                {"code": "invalid_request", "message": "the body is not JSON"}, status_code=400
            )
        if isinstance(raw, dict) and "backup" in raw:
            try:
                made = await import_board(hub.engine, hub.links, settings.base_url, raw["backup"])
            except BadBackup as exc:
                return JSONResponse(
                    {"code": "invalid_backup", "message": str(exc)}, status_code=400
                )
            return JSONResponse(made, status_code=201)
        try:
            spec = NewBoard.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            return JSONResponse(
                {"code": "invalid_request", "message": f"{first['loc']}: {first['msg']}"},
                status_code=400,
            )
        made = await create_board(hub.engine, hub.links, settings.base_url, spec)
        return JSONResponse(made, status_code=201)

    def unauthorized(exc: Exception) -> Response:
        return JSONResponse({"code": "unauthorized", "message": str(exc)}, status_code=401)

    async def current_links(request: Request) -> Response:
        """The facilitator's view of the join links, at the board's current versions (A5)."""
        try:
            grant = bearer(hub.links, request)
            if grant.role != "facilitator":
                raise BadToken("only the facilitator's link may see the links")
        except BadToken as exc:
            return unauthorized(exc)
        room = await hub.room(grant.board)
        if room is None:
            return JSONResponse({"code": "not_found", "message": "no such board"}, status_code=404)
        board = room.board
        links = hub.links.links(settings.base_url, grant.board, board.links)
        departments = hub.links.department_links(
            settings.base_url,
            grant.board,
            [d.id for d in board.departments],
            board.links.get("participant", 1),
        )
        if not room.sessions:
            hub.room_empty(room)  # loaded only to answer this: let it unload
        return JSONResponse({"links": links, "versions": board.links, "departments": departments})

    async def board_summary(request: Request) -> Response:
        """What the join page needs before connecting: title, departments, your role."""
        board_id = request.path_params["board_id"]
        try:
            grant = bearer(hub.links, request)
        except BadToken as exc:
            return unauthorized(exc)
        room = await hub.room(board_id)
        if room is None:
            return JSONResponse({"code": "not_found", "message": "no such board"}, status_code=404)
        board = room.board
        if not room.sessions:
            hub.room_empty(room)  # loaded only to answer this: let it unload
        current = 1 if grant.role == "facilitator" else board.links.get(grant.role, 1)
        if grant.version != current:
            return unauthorized(BadToken("this link was replaced; ask for the new one"))
        return JSONResponse(
            {
                "id": board_id,
                "title": board.title,
                "departments": [d.to_wire() for d in board.departments],
                "role": grant.role,
                "department": grant.department,
                "department_choice": board.settings.get("department_choice", "person"),
                "lobby": bool(board.settings.get("lobby")),
            }
        )

    registry = metrics.registry_for(hub)

    async def prometheus(request: Request) -> Response:
        return Response(metrics.render(registry), media_type="text/plain; version=0.0.4")

    async def board_page(request: Request) -> Response:
        index = client / "index.html"
        if index.is_file():
            return FileResponse(index)
        return HTMLResponse("<!doctype html><title>crossboard</title><p>No client build found.")

    exports = Exports(hub, settings.base_url)
    routes = [
        Route("/healthz", healthz),
        Route("/metrics", prometheus),
        Route("/api/boards", new_board, methods=["POST"]),
        Route("/api/boards/{board_id}", board_summary, methods=["GET"]),
        Route("/api/boards/{board_id}/links", current_links, methods=["GET"]),
        Route("/api/boards/{board_id}/report", exports.export, methods=["GET"]),
        Route("/api/boards/{board_id}/export", exports.export, methods=["GET"]),
        Route("/api/boards/{board_id}/tickets", exports.ticket, methods=["POST"]),
        Route("/api/boards/{board_id}/checkpoints", exports.checkpoints, methods=["GET", "POST"]),
        Route(
            "/api/boards/{board_id}/checkpoints/{key}/restore", exports.restore, methods=["POST"]
        ),
        Route("/", board_page),
        Route("/b/{board_id}", board_page),
        WebSocketRoute("/ws/{board_id}", board_socket),
    ]
    if client.is_dir():
        routes.append(Mount("/client", StaticFiles(directory=client), name="client"))
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(SecurityHeaders)])
    app.state.hub = hub
    app.state.settings = settings
    return app
