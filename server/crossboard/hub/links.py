"""Join links: signed capability tokens naming a board and a role.

Signed with itsdangerous (HMAC), never hand-rolled. The token is in the link's fragment
(`/b/<board>#t=<token>`), so it does not reach server logs or Referer headers.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

ROLES = ("facilitator", "participant", "screen")


class BadToken(Exception):
    """The token is not ours, was tampered with, or names another board."""


REPLACED = "this link was replaced; ask for the new one"


def current_version(board_links: Mapping[str, int], role: str) -> int:
    """The version a `role` link must carry now (A5): `link.rotate` counts them up in the
    board's `links`; the facilitator's link is never rotated."""
    return 1 if role == "facilitator" else board_links.get(role, 1)


@dataclass(frozen=True)
class Grant:
    board: str
    role: str
    version: int = 1
    """The link version: `link.rotate` makes older versions of a role's link stop working."""
    department: str | None = None
    """A participant link may fix the department of whoever joins by it (I6)."""

    @property
    def link(self) -> str:
        """Which link this is, as the People panel counts joins: `participant`,
        `participant:<department>`, `screen`, `facilitator`."""
        return f"{self.role}:{self.department}" if self.department else self.role

    def is_current(self, board_links: Mapping[str, int]) -> bool:
        """Does this link still open the board, or was it replaced (A5)?"""
        return self.version == current_version(board_links, self.role)


@dataclass(frozen=True)
class Credential:
    """A person's identity on one board, as the hub issued it (I1): whoever presents it is
    that participant, whatever their hello says."""

    board: str
    participant: str
    role: str
    department: str | None
    version: int
    link: str
    admitted: bool
    """Minted while the lobby was off, or let in since: never waits in the lobby (I5)."""


DEFAULT_MAX_AGE = 30 * 24 * 3600
"""Join links expire after 30 days (a session's preparation, the day, the follow-up)."""


TICKET_MAX_AGE = 120
"""Report tickets work for two minutes: long enough to open the tab, short in a history."""


def _signer_on(clock: Callable[[], float]) -> type[TimestampSigner]:
    """itsdangerous' timestamp signer reading `clock` (tests move time instead of sleeping)."""

    class Signer(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock())

    return Signer


class Links:
    """Issues and checks join tokens: HMAC-signed (itsdangerous, constant-time compare),
    timestamped for expiry, scoped to one board, one role and one link version."""

    def __init__(
        self,
        secret: str,
        max_age: int = DEFAULT_MAX_AGE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        signer = _signer_on(clock)
        self._signer = URLSafeTimedSerializer(secret, "crossboard.join-link.v2", signer=signer)
        self._tickets = URLSafeTimedSerializer(secret, "crossboard.report-ticket.v1", signer=signer)
        self._credentials = URLSafeTimedSerializer(
            secret, "crossboard.credential.v1", signer=signer
        )
        self.max_age = max_age

    def credential(self, who: Credential) -> str:
        """Sign `who` for the browser to keep and present on every later hello (I1)."""
        return self._credentials.dumps(
            {
                "b": who.board,
                "p": who.participant,
                "r": who.role,
                "d": who.department,
                "v": who.version,
                "l": who.link,
                "a": 1 if who.admitted else 0,
            }
        )

    def verify_credential(self, credential: str, board: str, role: str) -> Credential:
        """The identity in `credential`, which must be for `board` and `role`. Raises
        `BadToken`. Credentials last as long as join links do (they are re-issued on every
        welcome, so a person who keeps coming back never sees one expire)."""
        try:
            data = self._credentials.loads(credential, max_age=self.max_age)
        except BadSignature:  # SignatureExpired is a BadSignature
            raise BadToken("this browser's identity on the board is not valid") from None
        if not isinstance(data, dict) or data.get("b") != board or data.get("r") != role:
            raise BadToken("this browser's identity is for another board or role")
        pid, dept, version, link = data.get("p"), data.get("d"), data.get("v"), data.get("l")
        if not isinstance(pid, str) or not pid or not isinstance(version, int):
            raise BadToken("this browser's identity on the board is not valid")
        if dept is not None and not isinstance(dept, str):
            raise BadToken("this browser's identity on the board is not valid")
        return Credential(
            board, pid, role, dept, version, str(link or role), bool(data.get("a", 1))
        )

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

    def token(self, board: str, role: str, version: int = 1, department: str | None = None) -> str:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        if department is not None and role != "participant":
            raise ValueError("only a participant link fixes a department")
        data: dict[str, object] = {"b": board, "r": role, "v": version}
        if department is not None:
            data["d"] = department
        return self._signer.dumps(data)

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
        department = data.get("d")
        if not isinstance(version, int) or not (department is None or isinstance(department, str)):
            raise BadToken("the link's token is not valid")
        return Grant(board, str(data["r"]), version, department)

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

    def department_links(
        self, base_url: str, board: str, departments: list[str], version: int = 1
    ) -> dict[str, str]:
        """One participant link per department, fixing the department of whoever joins by
        it (I6); they share the participant link's version, so they rotate with it."""
        base = base_url.rstrip("/")
        return {
            dept: f"{base}/b/{board}#t={self.token(board, 'participant', version, dept)}"
            for dept in departments
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
