"""Board ops: the only way anything on a board changes. Validated at the boundary.

Every op is a msgpack map with a `kind` (`block.add`, `item.move`, ...). Ids are made by the
client. Fields are checked for type and size here; whether an op makes sense for the board
as it is (target exists, no cycle, right block) is the reducer's job in `board/`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from .limits import (
    MAX_AGENDA,
    MAX_COORD,
    MAX_DOTS,
    MAX_ID,
    MAX_ITEMS_PER_BOARD,
    MAX_TEXT,
    MAX_TITLE,
)
from .text import CLEAN_LINE, CLEAN_TEXT, CalendarDate, distinct

Id = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_ID, pattern=r"^[A-Za-z0-9_.:-]+$")
]
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT), CLEAN_TEXT]
Title = Annotated[str, StringConstraints(max_length=MAX_TITLE), CLEAN_TEXT]
Coord = Annotated[float, Field(ge=-MAX_COORD, le=MAX_COORD, allow_inf_nan=False)]
Size = Annotated[float, Field(gt=0, le=MAX_COORD, allow_inf_nan=False)]
OrderKey = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_ID, pattern=r"^[0-9A-Za-z]*[1-9A-Za-z]$")
]
"""A fractional-index string: siblings sort by it (then by id), and a key fits between any two.
It never ends in "0" (see `board/ordering.py`): nothing sorts between "1" and "10"."""

BlockKind = Literal[
    "notes", "goal_tree", "swot", "action_plan", "perception", "results", "poll", "agenda"
]
Quadrant = Literal["S", "W", "O", "T"]
ActionKind = Literal["process", "task", "goal"]
ActionStatus = Literal["todo", "doing", "done", "dropped"]
DueDate = CalendarDate


class Model(BaseModel):
    """Strict: no coercion, no unknown fields. A wrong type is an error, not a guess."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# Item bodies (what `item.add` carries), one per item kind.


class NoteBody(Model):
    """A sticky note. `on` hangs it on a goal node of the same goal-tree block; `group` puts
    it in a group of its block. Without `x`/`y` the reducer places it in its block's flow
    (R13): where a person put a note, it stays."""

    kind: Literal["note"]
    text: Text = ""
    department: Id | None = None
    x: Coord | None = None
    y: Coord | None = None
    on: Id | None = None
    group: Id | None = None


class GroupBody(Model):
    """A named group of notes (affinity clustering): its notes are drawn inside it, it moves
    and collapses as one and may take dots as one."""

    kind: Literal["group"]
    title: Title = ""
    x: Coord | None = None
    y: Coord | None = None
    collapsed: bool = False


class GoalBody(Model):
    """A goal-tree node. `parent` None makes it a root; `order` sorts it among its siblings."""

    kind: Literal["goal"]
    title: Title = ""
    parent: Id | None = None
    order: OrderKey = "V"


class SwotBody(Model):
    """A SWOT item in one quadrant, tagged with the department that raised it."""

    kind: Literal["swot"]
    quadrant: Quadrant
    text: Text = ""
    department: Id | None = None
    order: OrderKey = "V"


class ActionBody(Model):
    """An action-plan row. `source` links back to the SWOT item or goal node it came from."""

    kind: Literal["action"]
    title: Title = ""
    action_kind: ActionKind = "task"
    owners: Annotated[list[Id], Field(min_length=1, max_length=12), AfterValidator(distinct)]
    assignee: Title = ""
    cadence: Title | None = None
    due: DueDate | None = None
    status: ActionStatus = "todo"
    source: Id | None = None
    order: OrderKey = "V"


ItemBody = Annotated[
    NoteBody | GroupBody | GoalBody | SwotBody | ActionBody, Field(discriminator="kind")
]


class ItemPatch(Model):
    """Content fields an `item.update` may set. Which apply depends on the item's kind."""

    text: Text | None = None
    title: Title | None = None
    department: Id | None = None
    action_kind: ActionKind | None = None
    owners: (
        Annotated[list[Id], Field(min_length=1, max_length=12), AfterValidator(distinct)] | None
    ) = None
    assignee: Title | None = None
    cadence: Title | None = None
    due: DueDate | None = None
    status: ActionStatus | None = None
    source: Id | None = None
    collapsed: bool | None = None


class BlockPatch(Model):
    """Fields a `block.update` may set."""

    title: Title | None = None
    x: Coord | None = None
    y: Coord | None = None
    w: Size | None = None
    h: Size | None = None


# The ops.


class BlockAdd(Model):
    kind: Literal["block.add"]
    id: Id
    block_kind: BlockKind
    title: Title = ""
    x: Coord = 0.0
    y: Coord = 0.0
    w: Size = 800.0
    h: Size = 600.0


class BlockUpdate(Model):
    kind: Literal["block.update"]
    id: Id
    set: BlockPatch


class BlockRemove(Model):
    """Removes the block and every item in it."""

    kind: Literal["block.remove"]
    id: Id


class ItemAdd(Model):
    """Adds an item. `author` is for the facilitator restoring someone's removed item (A8):
    the item keeps that person as its author."""

    kind: Literal["item.add"]
    id: Id
    block: Id
    item: ItemBody
    author: Id | None = None


class ItemUpdate(Model):
    """Sets content fields; only the fields present change (last writer wins per field)."""

    kind: Literal["item.update"]
    id: Id
    set: ItemPatch


class ItemMove(Model):
    """Changes where an item sits: block, position, goal parent, sibling order, quadrant,
    or the goal node a note hangs on. Only the fields present change."""

    kind: Literal["item.move"]
    id: Id
    block: Id | None = None
    x: Coord | None = None
    y: Coord | None = None
    parent: Id | None = None
    order: OrderKey | None = None
    quadrant: Quadrant | None = None
    on: Id | None = None
    group: Id | None = None


class ItemRemove(Model):
    """Removes an item. A goal node takes its whole subtree with it; notes hung on removed
    nodes stay on the board, unhung."""

    kind: Literal["item.remove"]
    id: Id


# Facilitation: the facilitator's ops (shared/PROTOCOL.md, "Facilitation").

PrivateMode = Literal["own", "department"]


class BlockLock(Model):
    kind: Literal["block.lock"]
    id: Id
    locked: bool


class BoardLock(Model):
    kind: Literal["board.lock"]
    locked: bool


class BlockPrivate(Model):
    """Private writing in a block (`own` or `department`); `mode: null` reveals it."""

    kind: Literal["block.private"]
    id: Id
    mode: PrivateMode | None


class BoardSpotlight(Model):
    kind: Literal["board.spotlight"]
    block: Id | None


class LinkRotate(Model):
    """Replace the participant or screen join link; links of the old version stop working."""

    kind: Literal["link.rotate"]
    role: Literal["participant", "screen"]


class ParticipantUpdate(Model):
    kind: Literal["participant.update"]
    id: Id
    name: (
        Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE), CLEAN_LINE] | None
    ) = None
    department: Id | None = None


class ParticipantRemove(Model):
    kind: Literal["participant.remove"]
    id: Id


class ParticipantAdmit(Model):
    """Let a person waiting in the lobby in (I5)."""

    kind: Literal["participant.admit"]
    id: Id


class ScreenShow(Model):
    """What the projector shows (A7): the facilitator's view, one block (a slide), the join
    slide, or a block's results; and whether participants' cursors are drawn on it."""

    kind: Literal["screen.show"]
    mode: Literal["follow", "block", "join", "results"]
    block: Id | None = None
    cursors: bool = False


class BoardSettings(Model):
    """The room's rules (I7): who picks a department, the lobby, the smallest group shown,
    who may edit items (A8), and the board's language (its report and template titles)."""

    kind: Literal["board.settings"]
    department_choice: Literal["person", "link"] | None = None
    lobby: bool | None = None
    min_group: Annotated[int, Field(ge=2, le=50)] | None = None
    editing: Literal["own", "everyone"] | None = None
    language: Literal["en", "ru"] | None = None


class BlockTidy(Model):
    """Re-flow a block's notes and groups in the given order (R14); what is not named
    follows, top to bottom. The facilitator's client computes the order (by author,
    department, dots) from what it sees."""

    kind: Literal["block.tidy"]
    id: Id
    order: Annotated[list[Id], Field(max_length=MAX_ITEMS_PER_BOARD)] = []


Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class DepartmentUpdate(Model):
    """Rename a department or change its colour (A9)."""

    kind: Literal["department.update"]
    id: Id
    name: (
        Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE), CLEAN_LINE] | None
    ) = None
    color: Color | None = None


# Exercises (shared/PROTOCOL.md, "Exercises"): dot votes, scale polls, the agenda and its
# timer, "I'm done". Their state is the server's to compute: every `applied` frame of these
# ops carries the exercise's view for its receiver (`exercise`), never anyone's own answer.

Score = Annotated[int, Field(ge=0, le=100)]


class VoteStart(Model):
    """Open a dot vote on a block: `budget` dots per person, at most `max_per_item` on one
    item. `live` shows the totals while the vote is open; otherwise they appear on close."""

    kind: Literal["vote.start"]
    id: Id
    block: Id
    budget: Annotated[int, Field(ge=1, le=MAX_DOTS)] = 5
    max_per_item: Annotated[int, Field(ge=1, le=MAX_DOTS)] = 3
    live: bool = False
    own_items: bool = True
    shuffle: bool = False


class VoteCast(Model):
    """Place (`delta` 1) or take back (`delta` -1) one dot on an item of the vote's block."""

    kind: Literal["vote.cast"]
    vote: Id
    item: Id
    delta: Literal[1, -1] = 1


class VoteClose(Model):
    """End the vote and reveal its totals to everyone."""

    kind: Literal["vote.close"]
    id: Id


class PollCreate(Model):
    """A scale question in a poll block, answered in rounds ("before", "after")."""

    kind: Literal["poll.create"]
    id: Id
    block: Id
    question: Title
    low: Score = 1
    high: Score = 10
    comment: bool = True


class PollOpen(Model):
    """Start the poll's next round (the previous one must be closed)."""

    kind: Literal["poll.open"]
    poll: Id
    label: Title = ""


class PollClose(Model):
    """Stop taking answers in the current round."""

    kind: Literal["poll.close"]
    poll: Id


class PollReveal(Model):
    """Show (or hide again) the poll's results: figures per round and the comparison."""

    kind: Literal["poll.reveal"]
    poll: Id
    revealed: bool = True


class PollAnswer(Model):
    """Answer the open round; answering again replaces the earlier answer."""

    kind: Literal["poll.answer"]
    poll: Id
    score: Score
    comment: Text = ""


# Agenda steps (shared/PROTOCOL.md E8): an entry of the agenda may carry the room's rules
# for its time; running the entry applies them all in the one op that starts it.

Writers = Literal["everyone", "department", "nobody"]
Visibility = Literal["public", "own", "department", "pair", "four"]
EndAction = Literal["reveal", "close_vote", "close_round", "reveal_poll", "lock"]


class StepVote(Model):
    """The dot vote a step opens on its first block (E2, with the step's own rules)."""

    id: Id
    budget: Annotated[int, Field(ge=1, le=MAX_DOTS)] = 3
    max_per_item: Annotated[int, Field(ge=1, le=MAX_DOTS)] = 3
    live: bool = False
    own_items: bool = True
    """May people put dots on items they wrote themselves."""
    shuffle: bool = False
    """Each voter sees the items in an order of their own (no first-item advantage)."""


class StepPoll(Model):
    """The poll round a step opens (E3): `label` names it ("Before", "After")."""

    poll: Id
    label: Title = ""


class StepSettings(Model):
    """What running an agenda entry sets in the room (E8)."""

    blocks: Annotated[list[Id], Field(max_length=8)] = []
    """The step's blocks; the first is spotlighted and is what the projector shows."""
    writers: Writers = "everyone"
    """Who may add and edit items in the step's blocks."""
    department: Id | None = None
    """With `writers: "department"`: the one department that writes."""
    visibility: Visibility = "public"
    """Private writing in the step's blocks (A2): per person, per department, or, for
    1-2-4-All, per pair and then per four (E9)."""
    circles: Literal["across", "within"] = "across"
    """How 1-2-4-All forms its pairs and fours: across departments, or within them (E9)."""
    vote: StepVote | None = None
    poll: StepPoll | None = None
    lock_others: bool = True
    """Lock every block that is not the step's."""
    screen: Literal["follow", "block", "results", "join"] | None = None
    """What the projector shows during the step (A7); null leaves it as it is."""
    done_reset: bool = True
    pause_at_zero: bool = False
    """When the step's time is up, participants' item ops are refused (`locked`)."""
    chime: bool = False
    """The projector sounds a chime when the step's time is up."""
    end: Annotated[list[EndAction], Field(max_length=5)] = []
    """What happens when the facilitator moves on: reveal the private writing, close the
    vote, close the poll round, reveal the poll, lock the step's blocks."""


class AgendaEntry(Model):
    id: Id
    title: Title
    minutes: Annotated[float, Field(gt=0, le=24 * 60, allow_inf_nan=False)]
    block: Id | None = None
    step: StepSettings | None = None


class AgendaSet(Model):
    """Replace the agenda. Entries keep their recorded time by id."""

    kind: Literal["agenda.set"]
    items: Annotated[list[AgendaEntry], Field(max_length=MAX_AGENDA)]


class AgendaStart(Model):
    """Run the timer on `item` (default: the current item, else the first)."""

    kind: Literal["agenda.start"]
    item: Id | None = None


class AgendaPause(Model):
    kind: Literal["agenda.pause"]


class AgendaNext(Model):
    """Bank the current item's time and run the next one (none left: the day is over)."""

    kind: Literal["agenda.next"]


class AgendaExtend(Model):
    """Give the running item more time: `minutes`, or with `halve` half of what was given
    last (Lean Coffee: 8, then 4, then 2 more)."""

    kind: Literal["agenda.extend"]
    minutes: Annotated[float, Field(gt=0, le=120, allow_inf_nan=False)] = 1.0
    halve: bool = False


class DoneSet(Model):
    """ "I'm done" with the current exercise (or not any more)."""

    kind: Literal["done.set"]
    done: bool = True


class DoneReset(Model):
    """The facilitator clears every "done" mark (a new exercise starts)."""

    kind: Literal["done.reset"]


ExerciseOp = (
    VoteStart | VoteCast | VoteClose | PollCreate | PollOpen | PollClose | PollReveal
    | PollAnswer | AgendaSet | AgendaStart | AgendaPause | AgendaNext | AgendaExtend | DoneSet
    | DoneReset
)  # fmt: skip

AnyOp = (
    BlockAdd | BlockUpdate | BlockRemove | ItemAdd | ItemUpdate | ItemMove | ItemRemove
    | BlockLock | BoardLock | BlockPrivate | BoardSpotlight | LinkRotate
    | ParticipantUpdate | ParticipantRemove | ParticipantAdmit | BoardSettings | ScreenShow
    | BlockTidy | DepartmentUpdate | ExerciseOp
)  # fmt: skip
Op = Annotated[AnyOp, Field(discriminator="kind")]

OP_KINDS: tuple[str, ...] = (
    "block.add",
    "block.update",
    "block.remove",
    "item.add",
    "item.update",
    "item.move",
    "item.remove",
    "block.lock",
    "board.lock",
    "block.private",
    "board.spotlight",
    "link.rotate",
    "participant.update",
    "participant.remove",
    "participant.admit",
    "board.settings",
    "screen.show",
    "block.tidy",
    "department.update",
    "vote.start",
    "vote.cast",
    "vote.close",
    "poll.create",
    "poll.open",
    "poll.close",
    "poll.reveal",
    "poll.answer",
    "agenda.set",
    "agenda.start",
    "agenda.pause",
    "agenda.next",
    "agenda.extend",
    "done.set",
    "done.reset",
)

EXERCISE_KINDS = frozenset(
    k for k in OP_KINDS if k.split(".")[0] in {"vote", "poll", "agenda", "done"}
)
"""Ops whose `applied` frames carry the exercise's view (shared/PROTOCOL.md E1)."""


PARTIAL_OPS = frozenset(
    {
        "block.update",
        "item.update",
        "item.move",
        "participant.update",
        "board.settings",
        "department.update",
    }
)
"""Ops whose absent fields mean "leave as is"; on the wire they carry only the fields set."""


def op_to_wire(op: AnyOp) -> dict[str, Any]:
    """The canonical wire/log form of an op: adds carry every field (defaults filled in);
    updates and moves carry only the fields the client set, so absent and null stay distinct."""
    kind: str = op.kind
    if kind in PARTIAL_OPS:
        return op.model_dump(exclude_unset=True) | {"kind": kind}
    wire = op.model_dump()
    if kind == "item.add" and wire["author"] is None:
        del wire["author"]  # only a restore names someone else
    return wire
