"""The Starlette application: routes, security headers, body limits, who may create
boards, lifespan of the hub and engine."""

from __future__ import annotations

import asyncio
import contextlib
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
from starlette.websockets import WebSocket

from .. import __version__
from ..boards import LANGUAGES, TEMPLATES, NewBoard, create_board, import_board
from ..engine.base import Engine, StorageUnavailable
from ..engine.factory import make_engine
from ..hub.archive import Archive
from ..hub.config import HubConfig
from ..hub.hub import Hub
from ..hub.links import REPLACED, BadToken, Links, load_secret
from ..report.backup import BadBackup
from ..settings import Settings
from . import metrics
from .admin import is_admin, load_admin_token
from .auth import bearer
from .bodies import BadJson, BodyLimits, read_json
from .exports import Exports
from .handshakes import HandshakeGuard
from .join import join_routes
from .socket import board_socket, socket_board

MAX_LISTED_BOARDS = 200
"""Boards `GET /api/boards` lists, newest first."""

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
            board_id = socket_board(scope["path"])
            if board_id is not None:
                # Straight to the board's socket: the router and exception middleware
                # below would each keep a suspended frame for the connection's whole life
                # (about 3 KB of an idle connection; issue 20).
                scope["path_params"] = {"board_id": board_id}
                await board_socket(WebSocket(scope, receive, send))
                return
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


def create_app(settings: Settings, engine: Engine | None = None) -> Starlette:
    engine = engine or make_engine(settings)
    links = Links(load_secret(settings.data_dir, settings.secret))
    config = HubConfig.from_env()
    # D5: with Redis, this hub's copy of its boards, to re-seed an empty Redis from.
    archive = Archive(settings.data_dir / "archive") if settings.redis_url else None
    hub = Hub(engine, links, config, archive=archive)
    admin_token = load_admin_token(settings.data_dir, settings.admin_token)
    client = client_dir()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await hub.start()
        try:
            yield
        finally:
            await hub.close()

    async def readyz(request: Request) -> Response:
        """Ready to serve boards: the engine answers (Redis reachable). A load balancer
        sends nobody here while it says 503; /healthz only says the process is alive."""
        ready = hub.engine.ready
        if ready:
            try:
                await asyncio.wait_for(hub.engine.board_info("readyz-probe"), timeout=2)
            except Exception:
                ready = False
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "engine": hub.engine.name},
            status_code=200 if ready else 503,
        )

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

    def may_create(request: Request) -> Response | None:
        """None if the request may make a new board (the admin token, or a hub with open
        board creation, within the address's hourly budget); else the refusal."""
        if not settings.open_board_creation and not is_admin(request, admin_token):
            return _error(
                401,
                "unauthorized",
                "creating or importing a board needs the admin token (the start page's "
                "link that `crossboard serve` prints) as Authorization: Bearer <token>",
            )
        ip = request.client.host if request.client else ""
        if not hub.limits.may_create_board(ip):
            return _error(
                429, "too_many_boards", "too many new boards from this address; try again later"
            )
        return None

    async def new_board(request: Request) -> Response:
        """`POST /api/boards`: a new board from `{title, departments, template, language}`,
        or from `{backup}`; the admin's (or anyone's, with open board creation)."""
        refusal = may_create(request)
        if refusal is not None:
            return refusal
        try:
            raw: Any = await read_json(request)
        except BadJson as exc:
            return _error(400, "invalid_request", str(exc))
        if raw is None:
            raw = {}
        if isinstance(raw, dict) and "backup" in raw:
            try:
                made = await import_board(hub.engine, hub.links, settings.base_url, raw["backup"])
            except BadBackup as exc:
                return JSONResponse(
                    {"code": "invalid_backup", "message": str(exc), "path": exc.path},
                    status_code=400,
                )
            return JSONResponse(made, status_code=201)
        try:
            spec = NewBoard.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"]) or "body"
            return _error(400, "invalid_request", f"{where}: {first['msg']}")
        made = await create_board(hub.engine, hub.links, settings.base_url, spec)
        return JSONResponse(made, status_code=201)

    async def list_boards(request: Request) -> Response:
        """`GET /api/boards`: the admin's list of boards, newest first, with each board's
        facilitator link (the start page's "recent boards")."""
        if not is_admin(request, admin_token):
            return _error(401, "unauthorized", "the list of boards needs the admin token")
        found = (await hub.engine.list_boards())[:MAX_LISTED_BOARDS]
        boards = [
            {
                "id": b.id,
                "title": b.title,
                "created": b.created,
                "links": {"facilitator": hub.links.links(settings.base_url, b.id)["facilitator"]},
            }
            for b in found
        ]
        return JSONResponse({"boards": boards}, headers={"cache-control": "no-store"})

    async def start_info(request: Request) -> Response:
        """`GET /api/start`: what the start page may offer this visitor."""
        return JSONResponse(
            {
                "admin": is_admin(request, admin_token),
                "open_board_creation": settings.open_board_creation,
                "max_backup_bytes": config.max_backup_bytes,
                "templates": list(TEMPLATES),
                "languages": list(LANGUAGES),
            },
            headers={"cache-control": "no-store"},
        )

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
            hub.room_empty(room.board_id)  # loaded only to answer this: let it unload
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
            hub.room_empty(room.board_id)  # loaded only to answer this: let it unload
        if not grant.is_current(board.links):
            return unauthorized(BadToken(REPLACED))
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

    # Slow clients at the HTTP layer: the server's protocol applies it (cli.py, uvicorn).
    guard = HandshakeGuard(
        config.handshakes_per_ip,
        config.header_timeout,
        config.handshake_grace,
        metrics=hub.metrics,
    )
    registry = metrics.registry_for(
        hub,
        {
            "http_handshakes": (
                "HTTP requests whose headers are still coming (web/handshakes.py)",
                lambda: float(guard.in_progress),
            )
        },
    )

    async def prometheus(request: Request) -> Response:
        return Response(metrics.render(registry), media_type="text/plain; version=0.0.4")

    async def board_page(request: Request) -> Response:
        index = client / "index.html"
        if index.is_file():
            return FileResponse(index)
        return HTMLResponse("<!doctype html><title>crossboard</title><p>No client build found.")

    async def start_page(request: Request) -> Response:
        page = client / "start.html"
        if page.is_file():
            return FileResponse(page, headers={"cache-control": "no-store"})
        return HTMLResponse("<!doctype html><title>crossboard</title><p>No client build found.")

    def limit_for(scope: Scope) -> int:
        """`POST /api/boards` may carry a backup; every other route takes a small body."""
        if scope["path"] == "/api/boards" and scope["method"] == "POST":
            return config.max_backup_bytes
        return config.max_json_bytes

    async def storage_unavailable(request: Request, exc: Exception) -> Response:
        return _error(503, "storage_unavailable", f"the board store cannot write now: {exc}")

    exports = Exports(hub, settings.base_url)
    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", prometheus),
        Route("/api/start", start_info, methods=["GET"]),
        Route("/api/boards", new_board, methods=["POST"]),
        Route("/api/boards", list_boards, methods=["GET"]),
        Route("/api/boards/{board_id}", board_summary, methods=["GET"]),
        Route("/api/boards/{board_id}/links", current_links, methods=["GET"]),
        Route("/api/boards/{board_id}/report", exports.export, methods=["GET"]),
        Route("/api/boards/{board_id}/export", exports.export, methods=["GET"]),
        Route("/api/boards/{board_id}/tickets", exports.ticket, methods=["POST"]),
        Route("/api/boards/{board_id}/checkpoints", exports.checkpoints, methods=["GET", "POST"]),
        Route(
            "/api/boards/{board_id}/checkpoints/{key}/restore", exports.restore, methods=["POST"]
        ),
        Route("/", start_page),
        Route("/start", start_page),
        Route("/b/{board_id}", board_page),
        WebSocketRoute("/ws/{board_id}", board_socket),
        *join_routes(hub, settings),
    ]
    if client.is_dir():
        routes.append(Mount("/client", StaticFiles(directory=client), name="client"))
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(
                BodyLimits, limit_for=limit_for, timeout=config.body_timeout, metrics=hub.metrics
            ),
        ],
        exception_handlers={StorageUnavailable: storage_unavailable},
    )
    app.state.hub = hub
    app.state.settings = settings
    app.state.handshakes = guard
    return app


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)
