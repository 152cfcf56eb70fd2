"""Join links: signed capability tokens naming a board and a role.

Signed with itsdangerous (HMAC), never hand-rolled. The token is in the link's fragment
(`/b/<board>#t=<token>`), so it does not reach server logs or Referer headers.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

ROLES = ("facilitator", "participant", "screen")


class BadToken(Exception):
    """The token is not ours, was tampered with, or names another board."""


@dataclass(frozen=True)
class Grant:
    board: str
    role: str
    version: int = 1
    """The link version: `link.rotate` makes older versions of a role's link stop working."""


DEFAULT_MAX_AGE = 30 * 24 * 3600
"""Join links expire after 30 days (a session's preparation, the day, the follow-up)."""


TICKET_MAX_AGE = 120
"""Report tickets work for two minutes: long enough to open the tab, short in a history."""


class Links:
    """Issues and checks join tokens: HMAC-signed (itsdangerous, constant-time compare),
    timestamped for expiry, scoped to one board, one role and one link version."""

    def __init__(self, secret: str, max_age: int = DEFAULT_MAX_AGE) -> None:
        self._signer = URLSafeTimedSerializer(secret, salt="crossboard.join-link.v2")
        self._tickets = URLSafeTimedSerializer(secret, salt="crossboard.report-ticket.v1")
        self.max_age = max_age

    def ticket(self, board: str) -> str:
        """A short-lived, read-only pass to one board's report, for a URL a new browser tab
        can open (it cannot send the Authorization header). Never a join token."""
        return self._tickets.dumps({"b": board, "n": secrets.token_hex(4)})

    def verify_ticket(self, ticket: str, board: str) -> None:
        """Raises `BadToken` unless `ticket` is a live report ticket for `board`."""
        try:
            data = self._tickets.loads(ticket, max_age=TICKET_MAX_AGE)
        except SignatureExpired:
            raise BadToken("the report link has expired; open the report again") from None
        except BadSignature:
            raise BadToken("the report link is not valid") from None
        if not isinstance(data, dict) or data.get("b") != board:
            raise BadToken("the report link is for another board")

    def token(self, board: str, role: str, version: int = 1) -> str:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        return self._signer.dumps({"b": board, "r": role, "v": version})

    def verify(self, token: str, board: str) -> Grant:
        """The grant in `token`, which must be for `board`. Raises `BadToken`."""
        try:
            data = self._signer.loads(token, max_age=self.max_age)
        except SignatureExpired:
            raise BadToken("the link has expired; ask for a new one") from None
        except BadSignature:
            raise BadToken("the link's token is not valid") from None
        if not isinstance(data, dict) or data.get("r") not in ROLES:
            raise BadToken("the link's token is not valid")
        if data.get("b") != board:
            raise BadToken("the link is for another board")
        version = data.get("v", 1)
        if not isinstance(version, int):
            raise BadToken("the link's token is not valid")
        return Grant(board, str(data["r"]), version)

    def links(
        self, base_url: str, board: str, versions: dict[str, int] | None = None
    ) -> dict[str, str]:
        """One join link per role, at the board's current link versions."""
        base = base_url.rstrip("/")
        versions = versions or {}
        return {
            role: f"{base}/b/{board}#t={self.token(board, role, versions.get(role, 1))}"
            for role in ROLES
        }


def load_secret(data_dir: Path, given: str | None) -> str:
    """`given` (from --secret / CROSSBOARD_SECRET) or the data dir's own, made on first use."""
    if given:
        return given
    path = data_dir / "secret.key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    path.touch(mode=0o600)
    path.write_text(secret)
    return secret
