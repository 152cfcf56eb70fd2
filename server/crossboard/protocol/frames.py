"""Websocket frames: one msgpack map per binary message, told apart by `type`.

Client frames are validated with these models on the way in. Server frames are built as
plain dicts on the hot path (encoded once per audience); the models here document them,
generate the JSON schema in `shared/`, and check the golden vectors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .limits import MAX_TITLE
from .ops import Coord, Id, Op
from .text import CLEAN_LINE

Role = Literal["facilitator", "participant", "screen"]
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE), CLEAN_LINE]


class Frame(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Resume(Frame):
    """Where a reconnecting client left off: the board's epoch and the last seq it applied."""

    epoch: str
    seq: Annotated[int, Field(ge=0)]


# Client -> server.


class Hello(Frame):
    """First frame of every connection: who is joining which board, and from where to resume."""

    type: Literal["hello"]
    protocol: int
    board: Id
    token: Annotated[str, StringConstraints(max_length=1024)]
    name: Name
    department: Id | None = None
    resume: Resume | None = None
    participant: Id | None = None
    """A participant id this client claims; refused unless `credential` names it (I2)."""
    credential: Annotated[str, StringConstraints(max_length=1024)] | None = None
    """The credential from an earlier `welcome`: who this browser is on the board (I1)."""
    batch: bool = False
    """F5: the client reads several frames from one message (a msgpack stream)."""


class OpFrame(Frame):
    """One board op. `cid` is the client's id for it: re-sending the same cid never applies
    the op twice."""

    type: Literal["op"]
    cid: Id
    op: Op


class Ping(Frame):
    type: Literal["ping"]


class Cursor(Frame):
    """Where this participant's pointer is on the canvas (volatile: never logged)."""

    type: Literal["cursor"]
    x: Coord
    y: Coord


class Editing(Frame):
    """The item this participant is typing in, or null when they stop (volatile)."""

    type: Literal["editing"]
    item: Id | None


class Viewport(Frame):
    """The board rectangle on the facilitator's screen (volatile; ignored from others)."""

    type: Literal["viewport"]
    x: Coord
    y: Coord
    w: Coord
    h: Coord


ClientFrame = Annotated[
    Hello | OpFrame | Ping | Cursor | Editing | Viewport, Field(discriminator="type")
]

CLIENT_FRAME_TYPES: tuple[str, ...] = ("hello", "op", "ping", "cursor", "editing", "viewport")


# Server -> client.


class Participant(Frame):
    id: Id
    name: Name
    department: Id | None
    role: Role


class Present(Participant):
    """Someone online (P1), with their number in this room: `cursors` frames name people by
    it (P2). Stable while they are online, never another's while the room lives (the
    welcome after a reconnect may bring new numbers); several tabs of one person share it.
    Each hub numbers its own people's room: the same person may have another on another."""

    n: Annotated[int, Field(ge=0, le=0xFFFF)]


class Applied(Frame):
    """An op at its place in the board's log. Every seq reaches every client once, in order;
    an op that was invalid when its turn came is applied as a no-op by every replica."""

    type: Literal["applied"]
    seq: Annotated[int, Field(ge=1)]
    op: dict[str, Any]
    by: Participant | None
    """The author; null on someone else's dot or poll answer (E7)."""
    cid: str | None
    ts: int
    """Server clock when the op was sequenced, milliseconds since the Unix epoch."""
    items: list[dict[str, Any]] | None = None
    """Only on `block.private`: the block's items as this receiver sees them from now on."""
    exercise: dict[str, Any] | None = None
    """Only on exercise ops (E1): the votes, polls, agenda or "done" marks they changed, as
    this receiver may see them; the client replaces its copies with them."""
    step: dict[str, Any] | None = None
    """Only on `agenda.start` and `agenda.next` when the agenda has steps (E8): `{blocks,
    spotlight, screen, items: {block id: [items as this receiver sees them]}}`, which the
    client takes in place of its own (`exercise` then carries the agenda, the "done" marks
    and every vote and poll)."""


class Welcome(Frame):
    """Answer to `hello`: either the full `board` at `seq`, or (on resume) the `ops` missed
    since the client's seq, which bring it to `seq`."""

    type: Literal["welcome"]
    protocol: int
    you: Present
    epoch: str
    seq: int
    board: dict[str, Any] | None = None
    ops: list[Applied] | None = None
    online: list[Present]
    """Everyone connected to the board now, you included."""
    server_time: int
    credential: str
    """Who this browser is on the board: present it in every later hello (I1)."""
    lobby: Lobby | None = None
    """Only for the facilitator: who waits to be let in, and joins per link (I5)."""


class Waiting(Frame):
    """Instead of a welcome while the lobby holds this person (I5): no board, no one's data."""

    type: Literal["waiting"]
    you: Participant
    credential: str


class Lobby(Frame):
    """To the facilitator: who waits in the lobby, and how many joined by each link (I5)."""

    type: Literal["lobby"]
    waiting: list[Participant]
    joined: dict[str, int]


class Exercise(Frame):
    """Votes and polls as the receiver may see them, after ballots: at most one such frame
    per second per room, coalescing every dot and answer since the last (E7)."""

    type: Literal["exercise"]
    votes: dict[str, Any] | None = None
    polls: dict[str, Any] | None = None


class Rejected(Frame):
    """The op with this cid did not change the board. `seq` is set when the op was sequenced
    but was a no-op at its turn (the `applied` for that seq still arrives)."""

    type: Literal["rejected"]
    cid: str
    code: str
    message: str
    seq: int | None = None


class Error(Frame):
    type: Literal["error"]
    code: str
    message: str


class Pong(Frame):
    type: Literal["pong"]
    server_time: int


class Presence(Frame):
    """Who came and went. A participant with several tabs is online while any is open."""

    type: Literal["presence"]
    joined: list[Present]
    left: list[Id]


class Cursors(Frame):
    """Latest cursor positions and editing markers since the last such frame (every 50 ms
    while anything moves; less often in a room of more than 500, P2). The same bytes go to
    everyone: ignore your own."""

    type: Literal["cursors"]
    at: bytes | None = None
    """The cursors that moved, 6 bytes each, big-endian: uint16 participant number (`n`),
    int16 x, int16 y (board coordinates rounded to whole units, clamped to int16). Absent
    when none moved; a number not (or no longer) online is skipped."""
    editing: dict[str, str | None]


class Follow(Frame):
    """The facilitator's viewport: screens fit it, participants who follow too."""

    type: Literal["follow"]
    x: float
    y: float
    w: float
    h: float


Welcome.model_rebuild()  # it names Lobby, defined after it

ServerFrame = Annotated[
    Welcome
    | Applied
    | Rejected
    | Error
    | Pong
    | Presence
    | Cursors
    | Follow
    | Waiting
    | Lobby
    | Exercise,
    Field(discriminator="type"),
]
