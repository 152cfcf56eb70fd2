"""The admin credential: who may create and import boards and see the list of boards.

Made at first start and kept in `<data-dir>/admin.token` (mode 0600), or given with
`--admin-token` / `CROSSBOARD_ADMIN_TOKEN` (every hub of a deployment with Redis needs the
same one). `crossboard serve` prints it as the start page's link, `<base>/#admin=<token>`:
in the fragment, so it never reaches a server log or a Referer header. Requests send it as
`Authorization: Bearer <token>`.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from starlette.requests import Request

ADMIN_FILE = "admin.token"


def load_admin_token(data_dir: Path, given: str | None) -> str:
    """`given`, or the data directory's own admin token, made (mode 0600) on first use."""
    if given:
        return given
    path = data_dir / ADMIN_FILE
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: theirs holds
        return path.read_text().strip()
    with os.fdopen(fd, "w") as out:
        out.write(token)
    return token


def start_link(base_url: str, token: str) -> str:
    """The start page's link with the admin token in its fragment."""
    return f"{base_url.rstrip('/')}/#admin={token}"


def is_admin(request: Request, token: str) -> bool:
    """Does the request carry the admin token (`Authorization: Bearer`)? Constant time."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())
