"""HTTP for what the facilitator takes home: the report (HTML, Markdown), the action plan
(CSV), the JSON backup and its import, and the board's history (checkpoints).

Every route here needs the facilitator's link (`Authorization: Bearer <token>`). Restoring
a checkpoint or importing a backup makes a NEW board: nothing existing is ever replaced.
A restore copies a state the hub already holds, so the facilitator's link is enough for it
(counted in the address's new-board budget); a backup brings new content in, so its import
is the admin's (`POST /api/boards`, web/app.py).
"""

from __future__ import annotations

import datetime
import secrets
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..board.state import Board
from ..boards import import_board, now_ms, render
from ..engine.base import Checkpoint, StorageUnavailable
from ..hub.hub import Hub
from ..hub.links import TICKET_MAX_AGE, BadToken
from ..protocol.limits import MAX_TITLE
from ..protocol.text import clean_line
from ..report import backup
from ..report.words import words_for
from .auth import bearer
from .bodies import BadJson, read_json

FORMATS = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}

REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
"""The report is one self-contained page: its inline styles, no script at all."""


def today() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")


def disposition(board: Board, fmt: str) -> str:
    """`attachment` with an ASCII file name and the title's own (RFC 6266 `filename*`), whose
    "actions" is in the board's language."""
    suffix = {"csv": "-actions.csv", "json": ".crossboard.json"}.get(fmt, f".{fmt}")
    words = "".join(c if c.isalnum() else "-" for c in board.title.lower())[:40].strip("-")
    ascii_name = "".join(c for c in words if c.isascii()).strip("-") or "board"
    own_suffix = f"-{words_for(board)('file.actions')}.csv" if fmt == "csv" else suffix
    full = f"{words or 'board'}-{today()}{own_suffix}"
    return (
        f"attachment; filename=\"{ascii_name}-{today()}{suffix}\"; filename*=UTF-8''{quote(full)}"
    )


class Exports:
    """The routes, bound to one hub."""

    def __init__(self, hub: Hub, base_url: str) -> None:
        self.hub = hub
        self.base_url = base_url

    def _facilitator(self, request: Request, *, ticket_ok: bool = False) -> str:
        """The board the facilitator's token in the request names; with `ticket_ok` (the
        read-only report and exports) a report ticket in the query will do. `BadToken`."""
        ticket = request.query_params.get("ticket")
        if ticket_ok and ticket:
            board_id: str = request.path_params["board_id"]
            self.hub.links.verify_ticket(ticket, board_id)  # a report tab (read only)
            return board_id
        grant = bearer(self.hub.links, request)
        if grant.role != "facilitator":
            raise BadToken("only the facilitator may export or restore the board")
        return grant.board

    async def _board(self, board_id: str, checkpoint: str | None) -> Board | Response:
        if checkpoint:
            found = await self.hub.engine.load_checkpoint(board_id, checkpoint)
            if found is None:
                return _error(404, "not_found", f"no checkpoint {checkpoint}")
            return Board.from_wire(found.state)
        room = await self.hub.room(board_id)
        if room is None:
            return _error(404, "not_found", "no such board")
        board = room.board.copy()
        if not room.sessions:
            self.hub.room_empty(room.board_id)  # loaded only to answer this: let it unload
        return board

    async def export(self, request: Request) -> Response:
        """`GET /api/boards/{id}/export?format=html|md|csv|json[&checkpoint=key]`; the
        report route is the same with format html, shown inline."""
        try:
            board_id = self._facilitator(request, ticket_ok=True)
        except BadToken as exc:
            return _error(401, "unauthorized", str(exc))
        fmt = request.query_params.get("format", "html")
        if fmt not in FORMATS:
            return _error(400, "invalid_request", f"format must be one of {', '.join(FORMATS)}")
        board = await self._board(board_id, request.query_params.get("checkpoint"))
        if isinstance(board, Response):
            return board
        headers = {"cache-control": "no-store"}
        if fmt == "html":
            headers["content-security-policy"] = REPORT_CSP
        if request.url.path.endswith("/export"):
            headers["content-disposition"] = disposition(board, fmt)
        return Response(render(board, fmt), media_type=FORMATS[fmt], headers=headers)

    async def ticket(self, request: Request) -> Response:
        """`POST /api/boards/{id}/tickets`: a two-minute pass to open the report in a tab."""
        try:
            board_id = self._facilitator(request)
        except BadToken as exc:
            return _error(401, "unauthorized", str(exc))
        return JSONResponse(
            {"ticket": self.hub.links.ticket(board_id), "expires_in": TICKET_MAX_AGE},
            headers={"cache-control": "no-store"},
        )

    async def checkpoints(self, request: Request) -> Response:
        """`GET`: the board's checkpoints; `POST {label}`: save one now."""
        try:
            board_id = self._facilitator(request)
        except BadToken as exc:
            return _error(401, "unauthorized", str(exc))
        if request.method == "POST":
            try:
                body = await read_json(request)
            except BadJson as exc:
                return _error(400, "invalid_request", str(exc))
            label = body.get("label") if isinstance(body, dict) else None
            if isinstance(label, str):
                label = clean_line(label).strip()
            if not isinstance(label, str) or not 0 < len(label) <= MAX_TITLE:
                return _error(400, "invalid_request", f"label: 1-{MAX_TITLE} characters")
            board = await self._board(board_id, None)
            if isinstance(board, Response):
                return board
            checkpoint = Checkpoint(
                f"manual-{board.seq}-{secrets.token_hex(3)}",
                label,
                board.seq,
                now_ms(),
                board.to_wire(),
            )
            try:
                await self.hub.engine.save_checkpoint(board_id, checkpoint)
            except StorageUnavailable as exc:
                return _error(503, "storage_unavailable", str(exc))
            return JSONResponse(checkpoint.info(), status_code=201)
        found = await self.hub.engine.list_checkpoints(board_id)
        return JSONResponse({"checkpoints": [c.info() for c in found]})

    async def restore(self, request: Request) -> Response:
        """`POST /api/boards/{id}/checkpoints/{key}/restore`: a new board from a checkpoint."""
        try:
            board_id = self._facilitator(request)
        except BadToken as exc:
            return _error(401, "unauthorized", str(exc))
        if not self.hub.limits.may_create_board(request.client.host if request.client else ""):
            return _error(429, "too_many_boards", "too many new boards; try again later")
        found = await self.hub.engine.load_checkpoint(board_id, request.path_params["key"])
        if found is None:
            return _error(404, "not_found", "no such checkpoint")
        state = Board.from_wire(found.state)
        state.title = f"{state.title} ({found.label})"[:MAX_TITLE]
        try:
            made = await import_board(
                self.hub.engine, self.hub.links, self.base_url, backup.export(state, "")
            )
        except backup.BadBackup as exc:  # a state no import may make (say, too deep a tree)
            return JSONResponse(
                {"code": "invalid_backup", "message": str(exc), "path": exc.path},
                status_code=400,
            )
        return JSONResponse(made, status_code=201)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)
