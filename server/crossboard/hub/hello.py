"""Who a `hello` is, or why it is turned away (shared/PROTOCOL.md I1-I6, A5): the link it
carries, the credential it presents or a person minted now, the board's record of them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace

from ..board.state import Actor, Board
from ..protocol.codes import CloseCode
from ..protocol.frames import Hello
from ..protocol.limits import PROTOCOL_VERSION
from .core import Outlet, Peer
from .links import REPLACED, BadToken, Credential, Grant, Links
from .services import RoomPort, Services


class Refusal(Exception):
    """Why a hello is turned away: a close code, its reason, and maybe an error frame."""

    def __init__(self, code: CloseCode, reason: str, error: str | None = None) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.error = error


@dataclass(frozen=True)
class Admitted:
    room: RoomPort
    peer: Peer
    minted: bool


def identify(links: Links, board: Board, grant: Grant, hello: Hello) -> Credential:
    """Who this hello is (I1-I3, I6): the person its credential names, or a new person
    minted now. A claimed participant id without its credential is refused (I2); a
    department comes from the link, the person's choice where the board allows it, or the
    board's record, never from a returning person's hello."""
    if hello.credential is not None:
        try:
            known = links.verify_credential(hello.credential, board.id, grant.role)
        except BadToken as exc:
            raise Refusal(CloseCode.IDENTITY_REFUSED, str(exc)) from None
        if hello.participant is not None and hello.participant != known.participant:
            raise Refusal(CloseCode.IDENTITY_REFUSED, "the credential names someone else")
        return replace(known, version=grant.version)
    if hello.participant is not None:
        raise Refusal(
            CloseCode.IDENTITY_REFUSED, "a participant is named without its credential; rejoin"
        )
    department = hello.department
    if grant.department is not None:
        department = grant.department
    elif grant.role == "screen" or (
        grant.role == "participant" and board.settings.get("department_choice") == "link"
    ):
        department = None
    if department is not None and department not in board.department_ids():
        raise Refusal(
            CloseCode.BAD_HELLO, "unknown department", f"no department {department} on this board"
        )
    lobby = grant.role == "participant" and bool(board.settings.get("lobby"))
    return Credential(
        board=board.id,
        participant=secrets.token_hex(8),
        role=grant.role,
        department=department,
        version=grant.version,
        link=grant.link,
        admitted=not lobby,
    )


async def admit(
    services: Services, board_id: str, hello: Hello, ip: str, outlet: Outlet
) -> Admitted:
    """Check the hello against the protocol, the link, the board and the address's budget
    of new people (I4); the person it is, as the room will know them. Raises `Refusal`."""
    if hello.protocol != PROTOCOL_VERSION:
        raise Refusal(
            CloseCode.PROTOCOL_MISMATCH,
            f"server speaks protocol {PROTOCOL_VERSION}, client {hello.protocol}",
        )
    if hello.board != board_id:
        raise Refusal(CloseCode.BAD_HELLO, "hello names another board than the url")
    try:
        grant = services.links.verify(hello.token, hello.board)
    except BadToken as exc:
        raise Refusal(CloseCode.UNAUTHORIZED, str(exc)) from None
    room = await services.open_room(hello.board)
    if room is None:
        raise Refusal(CloseCode.BOARD_NOT_FOUND, "no such board")
    if not grant.is_current(room.board.links):
        raise Refusal(CloseCode.LINK_ROTATED, REPLACED)
    who = identify(services.links, room.board, grant, hello)
    minted = hello.credential is None
    if minted and not services.limits.may_mint(ip, board_id):
        services.metrics["identities_refused"] += 1
        raise Refusal(CloseCode.TOO_MANY_IDENTITIES, "too many new people from this address; wait")
    person = room.board.people.get(who.participant, {})
    if person.get("removed"):
        raise Refusal(CloseCode.REMOVED, "the facilitator removed this participant")
    actor = Actor(
        id=who.participant,
        name=person.get("name", hello.name),
        department=person.get("department", who.department),
        role=grant.role,
    )
    return Admitted(room, Peer(outlet, actor, who, grant.version), minted)
