"""Joining from the room: a short code typed at `/join`, and the join slide's QR code.

The projector (or the facilitator) asks `GET /api/boards/{id}/join` for the participant
link at its current version, a 6-character code for it and the link as a QR code (SVG,
made here with segno: no CDN, nothing for the browser to run). Anyone in the room types the
code at `/join` and lands on the participant link.

A code is an HMAC of board and participant-link version under the hub's secret, so every
hub of a deployment computes the same one and `link.rotate` retires it with the link. It is
looked up among the boards this hub has open (the projector showing it keeps its board open)
and the boards whose code this hub handed out. Tries are rate-limited per address: 32^6
codes, 10 tries a minute, so guessing one takes years.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import io
import os
import time
from collections import OrderedDict, deque
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..hub.hub import Hub
from ..hub.links import BadToken, current_version, load_secret
from ..settings import Settings
from .auth import bearer

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""32 symbols without 0/O and 1/I, which people mix up when reading from a projector."""
CODE_LENGTH = 6
REMEMBERED = 10_000
"""Codes this hub handed out that it can find without the board open (oldest forgotten)."""


def normalise(raw: str) -> str:
    """What a person typed, as a code: upper case, without spaces or dashes."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


class JoinCodes:
    """Short codes for participant links: computed, not stored; looked up, rate-limited."""

    def __init__(self, secret: str, per_minute: int = 10) -> None:
        self._key = hashlib.sha256(b"crossboard.join-code.v1:" + secret.encode()).digest()
        self.per_minute = per_minute
        self._tries: dict[str, deque[float]] = {}
        self._issued: OrderedDict[str, str] = OrderedDict()  # code -> board

    def code(self, board: str, version: int) -> str:
        """The code of `board`'s participant link at `version`."""
        digest = hmac.new(self._key, f"{board}:{version}".encode(), hashlib.sha256).digest()
        number = int.from_bytes(digest[:8], "big")
        out = []
        for _ in range(CODE_LENGTH):
            number, index = divmod(number, len(ALPHABET))
            out.append(ALPHABET[index])
        return "".join(out)

    def issued(self, code: str, board: str) -> None:
        """Remember that this hub showed `code` for `board` (found later without the room)."""
        self._issued[code] = board
        self._issued.move_to_end(code)
        while len(self._issued) > REMEMBERED:
            self._issued.popitem(last=False)

    def may_try(self, ip: str, now: float | None = None) -> bool:
        """One more try from `ip`: a sliding one-minute window."""
        now = time.monotonic() if now is None else now
        tries = self._tries.setdefault(ip, deque())
        while tries and tries[0] <= now - 60:
            tries.popleft()
        if len(tries) >= self.per_minute:
            return False
        tries.append(now)
        if len(self._tries) > 100_000:  # an address flood: forget the idle ones
            for key in [k for k, v in self._tries.items() if not v]:
                del self._tries[key]
        return True

    def candidates(self, code: str) -> list[str]:
        """Boards `code` may name, to be checked against their current link version."""
        board = self._issued.get(code)
        return [board] if board else []


def join_routes(hub: Hub, settings: Settings) -> list[Route]:
    """`GET /api/boards/{id}/join`, `POST /api/join`, and the `/join` page."""
    per_minute = int(os.environ.get("CROSSBOARD_JOIN_TRIES_PER_MINUTE", "10"))
    codes = JoinCodes(load_secret(settings.data_dir, settings.secret), per_minute)

    async def join_info(request: Request) -> Response:
        """The room's way in: participant link, its short code and QR. For the facilitator
        and the projector (which shows it to the room)."""
        try:
            grant = bearer(hub.links, request)
            if grant.role not in ("facilitator", "screen"):
                raise BadToken("only the facilitator and the projector show the join slide")
        except BadToken as exc:
            return _error(401, "unauthorized", str(exc))
        room = await hub.room(grant.board)
        if room is None:
            return _error(404, "not_found", "no such board")
        version = current_version(room.board.links, "participant")
        if not room.sessions:
            hub.room_empty(room.board_id)
        code = codes.code(grant.board, version)
        codes.issued(code, grant.board)
        url = hub.links.links(settings.base_url, grant.board, room.board.links)["participant"]
        return JSONResponse(
            {
                "code": code,
                "url": url,
                "join_url": f"{settings.base_url}/join",
                "version": version,
                "qr": qr_svg(url),
            },
            headers={"cache-control": "no-store"},
        )

    async def find(code: str) -> str | None:
        """The participant link `code` stands for now, or None."""
        if len(code) != CODE_LENGTH:
            return None
        seen: set[str] = set()
        for board_id in [*hub.rooms.keys(), *codes.candidates(code)]:
            if board_id in seen:
                continue
            seen.add(board_id)
            room = await hub.room(board_id)
            if room is None:
                continue
            versions = room.board.links
            if not room.sessions:
                hub.room_empty(room.board_id)
            if hmac.compare_digest(codes.code(board_id, versions.get("participant", 1)), code):
                return hub.links.links(settings.base_url, board_id, versions)["participant"]
        return None

    def ip_of(request: Request) -> str:
        return request.client.host if request.client else ""

    async def api_join(request: Request) -> Response:
        """`POST /api/join {code}` -> `{url}`: the participant link the code stands for."""
        if not codes.may_try(ip_of(request)):
            return _error(429, "too_many_tries", "too many codes tried; wait a minute")
        try:
            raw: Any = await request.json()
        except ValueError:
            return _error(400, "invalid_request", "the body is not JSON")
        code = raw.get("code") if isinstance(raw, dict) else None
        if not isinstance(code, str):
            return _error(400, "invalid_request", "code: a string is required")
        url = await find(normalise(code))
        if url is None:
            return _error(
                404, "unknown_code", "no board has this code (it changes when the link is replaced)"
            )
        return JSONResponse({"url": url}, headers={"cache-control": "no-store"})

    async def join_page(request: Request) -> Response:
        """`GET /join`: the form; `POST /join` (a plain form, no script needed): off to the
        board, or the form again saying why not."""
        lang = _language(request)
        if request.method == "GET":
            return _page(lang, "", None, 200)
        if not codes.may_try(ip_of(request)):
            return _page(lang, "", "tries", 429)
        body = (await request.body()).decode("utf-8", "replace")
        typed = parse_qs(body).get("code", [""])[0][:32]
        url = await find(normalise(typed))
        if url is None:
            return _page(lang, typed, "unknown", 404)
        return RedirectResponse(url, status_code=303, headers={"cache-control": "no-store"})

    return [
        Route("/api/boards/{board_id}/join", join_info, methods=["GET"]),
        Route("/api/join", api_join, methods=["POST"]),
        Route("/join", join_page, methods=["GET", "POST"]),
    ]


def qr_svg(url: str) -> str:
    """The link as a QR code, an SVG document (black on white, a quiet zone of 4)."""
    import segno  # only when a join slide is asked for

    qr = segno.make_qr(url, error="m")
    out = io.BytesIO()
    qr.save(
        out, kind="svg", scale=8, border=4, dark="#000", light="#fff", xmldecl=False, omitsize=True
    )
    return out.getvalue().decode()


TEXT = {
    "en": {
        "title": "Join the session",
        "lead": "Type the code shown on the room's screen.",
        "label": "Code (6 characters)",
        "submit": "Join",
        "unknown": "No session has this code. Check it on the screen: it changes when the "
        "facilitator replaces the link.",
        "tries": "Too many tries from this network. Wait a minute and try again.",
    },
    "ru": {
        "title": "Вход в сессию",
        "lead": "Введите код с экрана в зале.",
        "label": "Код (6 символов)",
        "submit": "Войти",
        "unknown": "Сессии с таким кодом нет. Сверьте его с экраном: код меняется, когда "
        "ведущий заменяет ссылку.",
        "tries": "Слишком много попыток из этой сети. Подождите минуту и попробуйте снова.",
    },
}


def _language(request: Request) -> str:
    wanted = request.query_params.get("lang") or request.headers.get("accept-language", "")
    return "ru" if wanted.lower().startswith("ru") else "en"


def _page(lang: str, typed: str, problem: str | None, status: int) -> HTMLResponse:
    """The `/join` form: works without script (CSP: no inline script or style)."""
    text = TEXT[lang]
    esc = html.escape
    error = (
        f'<p class="join-code-error" role="alert" data-testid="join-code-error">'
        f"{esc(text[problem])}</p>"
        if problem
        else ""
    )
    invalid = ' aria-invalid="true" aria-describedby="join-code-problem"' if problem else ""
    if problem:
        error = error.replace("<p ", '<p id="join-code-problem" ', 1)
    page = f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(text["title"])} · crossboard</title>
<link rel="icon" href="/client/styles/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/client/styles/base.css">
<link rel="stylesheet" href="/client/styles/joincode.css">
</head>
<body>
<main class="join-code-page">
<h1>{esc(text["title"])}</h1>
<p class="join-code-lead">{esc(text["lead"])}</p>
<form method="post" action="/join" class="join-code-form">
<label for="join-code-input">{esc(text["label"])}</label>
<input id="join-code-input" name="code" data-testid="join-code-input" value="{esc(typed)}"
 autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="12"
 required{invalid}>
{error}
<button type="submit" data-testid="join-code-submit">{esc(text["submit"])}</button>
</form>
</main>
</body>
</html>
"""
    return HTMLResponse(page, status_code=status, headers={"cache-control": "no-store"})


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)
