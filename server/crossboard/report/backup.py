"""The JSON backup of a whole board (format in shared/BACKUP.md) and its import.

A backup holds the board's full state, individual dots and answers included: it is the
facilitator's copy of the data, to restore from, not a report. Import makes a NEW board
(new id, new join links) at seq 0 whose state is the backup's; nothing existing changes.

An import is hostile input like any op: the state is rebuilt through the models below
(the op models' fields, types and sizes, plus what the reducer adds), then checked against
the board's own rules (items in blocks where they may live, known departments, goal trees
without cycles, the item and exercise limits). The first offending place is named by its
path in the backup (`board.items.n1.text`), and nothing is stored.
"""

from __future__ import annotations

import copy
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StringConstraints, ValidationError, model_validator

from ..board.reducer import ITEM_HOMES
from ..board.state import Board
from ..protocol.limits import (
    MAX_AGENDA,
    MAX_DEPARTMENTS,
    MAX_DOTS,
    MAX_EXERCISES,
    MAX_ITEMS_PER_BOARD,
    MAX_ROUNDS,
    MAX_TITLE,
)
from ..protocol.ops import (
    ActionBody,
    AgendaEntry,
    BlockKind,
    Coord,
    GoalBody,
    GroupBody,
    Id,
    Model,
    NoteBody,
    PrivateMode,
    Score,
    Size,
    StepSettings,
    SwotBody,
    Text,
    Title,
)
from ..protocol.text import CalendarDate, clean_line, clean_text, distinct

FORMAT = "crossboard.board"
VERSION = 1

MAX_BLOCKS = 2000
"""Blocks one imported board may hold (a day's template has eight)."""

MAX_GOAL_DEPTH = 64
"""Deepest goal tree an import may hold: the report walks trees recursively."""

MAX_COUNTER = 2**53
"""Largest time stamp, duration or version number a backup may carry (JSON-safe)."""


class BadBackup(ValueError):
    """The file is not a crossboard backup this version can read; `path` names the first
    offending place in it (`board.items.n1.text`), empty when the whole file is wrong."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
Counter = Annotated[int, Field(ge=0, le=MAX_COUNTER)]
Version = Annotated[int, Field(ge=1, le=MAX_COUNTER)]
Dots = Annotated[int, Field(ge=1, le=MAX_DOTS)]


class DepartmentState(Model):
    id: Id
    name: Name
    color: Color


class Circle(Model):
    pair: Annotated[int, Field(ge=1)]
    four: Annotated[int, Field(ge=1)]


class BlockState(Model):
    """A block as `block.add` makes it, with its lock and private-writing mode."""

    id: Id
    kind: BlockKind
    title: Title = ""
    x: Coord = 0.0
    y: Coord = 0.0
    w: Size = 800.0
    h: Size = 600.0
    locked: bool = False
    private: PrivateMode | Literal["pair", "four"] | None = None
    placed: Counter | None = None
    """Slots a private block's flow has handed out (R13); absent until one is."""
    writers: Id | None = None
    """The one department a step lets write here (E8); absent until a step set it."""
    circles: dict[Id, Circle] | None = None
    """1-2-4-All's pairs and fours (E9); absent until a step formed them."""


class NoteState(NoteBody):
    """A note as `item.add` leaves it on the board: its body, where it is, who wrote it."""

    id: Id
    block: Id
    author: Id | None = None
    author_department: Id | None = None
    author_name: Title = ""


class GroupState(GroupBody):
    """A group of notes as `item.add` leaves it (spec: affinity clustering)."""

    id: Id
    block: Id
    author: Id | None = None
    author_department: Id | None = None


class GoalState(GoalBody):
    id: Id
    block: Id
    author: Id | None = None
    author_department: Id | None = None


class SwotState(SwotBody):
    id: Id
    block: Id
    author: Id | None = None
    author_department: Id | None = None


class ActionState(ActionBody):
    id: Id
    block: Id
    owners: Annotated[list[Id], Field(min_length=1, max_length=12), AfterValidator(distinct)]
    due: CalendarDate | None = None
    author: Id | None = None
    author_department: Id | None = None


ItemState = Annotated[
    NoteState | GroupState | GoalState | SwotState | ActionState, Field(discriminator="kind")
]


class LinkVersions(Model):
    participant: Version = 1
    screen: Version = 1


class PersonState(Model):
    """The facilitator's overrides for one participant (only the fields set are kept)."""

    name: Name | None = None
    department: Id | None = None
    removed: bool = False
    admitted: bool = False


class VoteState(Model):
    id: Id
    block: Id
    budget: Dots
    max_per_item: Dots
    live: bool = False
    own_items: bool = True
    shuffle: bool = False
    open: bool = False
    dots: dict[Id, dict[Id, Dots]] = Field(default_factory=dict)
    departments: dict[Id, Id | None] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _within_budget(self) -> VoteState:
        if self.max_per_item > self.budget:
            raise ValueError("max_per_item is above the budget")
        for person, mine in self.dots.items():
            if sum(mine.values()) > self.budget or max(mine.values(), default=0) > (
                self.max_per_item
            ):
                raise ValueError(f"the dots of {person} are over the budget")
        return self


class AnswerState(Model):
    score: Score
    comment: Text = ""
    department: Id | None = None


class RoundState(Model):
    label: Title
    open: bool = False
    answers: dict[Id, AnswerState] = Field(default_factory=dict)


class PollState(Model):
    id: Id
    block: Id
    question: Title
    low: Score = 1
    high: Score = 10
    comment: bool = True
    revealed: bool = False
    rounds: list[RoundState] = Field(default_factory=list, max_length=MAX_ROUNDS)

    @model_validator(mode="after")
    def _scale(self) -> PollState:
        if not self.low < self.high <= self.low + 20:
            raise ValueError("a scale runs from low to high, at most 20 steps")
        if any(r.open for r in self.rounds[:-1]):
            raise ValueError("only the last round may be open")
        for r in self.rounds:
            for person, answer in r.answers.items():
                if not self.low <= answer.score <= self.high:
                    raise ValueError(f"the score of {person} in {r.label!r} is off the scale")
        return self


class AgendaItemState(AgendaEntry):
    actual_ms: Counter = 0
    extra_ms: Counter | None = None
    last_extra_ms: Counter | None = None


class AgendaState(Model):
    items: list[AgendaItemState] = Field(default_factory=list, max_length=MAX_AGENDA)
    current: Id | None = None
    running: bool = False
    started_at: Counter | None = None

    @model_validator(mode="after")
    def _timer(self) -> AgendaState:
        ids = [entry.id for entry in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("agenda entries need distinct ids")
        if self.current is not None and self.current not in ids:
            raise ValueError(f"the current entry {self.current} is not on the agenda")
        if self.running and (self.current is None or self.started_at is None):
            raise ValueError("a running timer needs a current entry and its start")
        return self


class RosterEntry(Model):
    name: Title
    department: Id | None = None
    role: Literal["facilitator", "participant", "screen"]


class SettingsState(Model):
    department_choice: Literal["person", "link"] = "person"
    lobby: bool = False
    min_group: Annotated[int, Field(ge=2, le=50)] = 3
    editing: Literal["own", "everyone"] = "own"
    language: Literal["en", "ru"] = "en"


class ScreenState(Model):
    mode: Literal["follow", "block", "join", "results"] = "follow"
    block: Id | None = None
    cursors: bool = False


class BoardState(Model):
    """`Board.to_wire()` without `id` and `seq`, every part typed and bounded."""

    title: Name
    departments: Annotated[list[DepartmentState], Field(min_length=1, max_length=MAX_DEPARTMENTS)]
    blocks: Annotated[dict[Id, BlockState], Field(max_length=MAX_BLOCKS)]
    items: dict[Id, ItemState] = Field(default_factory=dict, max_length=MAX_ITEMS_PER_BOARD)
    locked: bool = False
    spotlight: Id | None = None
    links: LinkVersions = LinkVersions()
    people: dict[Id, PersonState] = Field(default_factory=dict)
    votes: dict[Id, VoteState] = Field(default_factory=dict)
    polls: dict[Id, PollState] = Field(default_factory=dict)
    agenda: AgendaState = AgendaState()
    done: dict[Id, Id | None] = Field(default_factory=dict)
    roster: dict[Id, RosterEntry] = Field(default_factory=dict)
    ballot_roster: dict[Id, RosterEntry] = Field(default_factory=dict)
    settings: SettingsState = SettingsState()
    screen: ScreenState = ScreenState()


def export(board: Board, exported_at: str) -> dict[str, Any]:
    state = board.to_wire()
    del state["id"], state["seq"]
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at,
        "board_id": board.id,
        "seq": board.seq,
        "board": state,
    }


def restore(backup: Any, new_id: str) -> Board:
    """The backup's board under `new_id`, rebuilt through the models and checked against
    the board's rules; raises `BadBackup` naming the first offending path."""
    if not isinstance(backup, dict) or backup.get("format") != FORMAT:
        raise BadBackup(f"not a crossboard backup (format must be {FORMAT!r})", "format")
    if backup.get("version") != VERSION:
        raise BadBackup(
            f"backup version {backup.get('version')!r}; this server reads {VERSION}", "version"
        )
    raw = backup.get("board")
    if not isinstance(raw, dict):
        raise BadBackup("the backup has no board", "board")
    items = raw.get("items")
    if isinstance(items, dict) and len(items) > MAX_ITEMS_PER_BOARD:
        raise BadBackup(
            f"{len(items)} items; a board holds at most {MAX_ITEMS_PER_BOARD}", "board.items"
        )
    raw = _cleaned({k: v for k, v in raw.items() if k not in ("id", "seq")})
    if isinstance(raw.get("title"), str):
        raw["title"] = clean_line(raw["title"]).strip()
    try:
        state = BoardState.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        path = ".".join(str(part) for part in ("board", *first["loc"]))
        raise BadBackup(first["msg"], path) from None
    _check(state)
    wire = state.model_dump()
    for block in wire["blocks"].values():
        for key in ("placed", "writers", "circles"):
            if block[key] is None:
                del block[key]  # as the reducer leaves a block no private flow or step used
    for entry in wire["agenda"]["items"]:
        for key in ("step", "extra_ms", "last_extra_ms"):
            if entry[key] is None:
                del entry[key]  # as `agenda.set` leaves an entry with no step or extension
    wire["people"] = {
        pid: person.model_dump(exclude_unset=True) for pid, person in state.people.items()
    }
    return Board.from_wire({**copy.deepcopy(wire), "id": new_id, "seq": 0})


def _cleaned(value: Any) -> Any:
    """Every string value of the state cleaned (protocol/text.py); keys are ids, which the
    models check as they are."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        out = {k: _cleaned(v) for k, v in value.items()}
        if isinstance(out.get("name"), str):
            out["name"] = clean_line(out["name"])
        return out
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def _check(state: BoardState) -> None:
    """The rules the reducer keeps for every board it builds, on the rebuilt state."""
    departments = [d.id for d in state.departments]
    if len(set(departments)) != len(departments):
        raise BadBackup("department ids repeat", "board.departments")
    known = set(departments)
    for key, placed in state.blocks.items():
        if placed.id != key:
            raise BadBackup(f"block {placed.id!r} is filed under {key!r}", f"board.blocks.{key}")
    if state.spotlight is not None and state.spotlight not in state.blocks:
        raise BadBackup(f"no block {state.spotlight}", "board.spotlight")
    for key, item in state.items.items():
        _check_item(state, key, item, known)
    _check_goal_trees(state)
    for key, person in state.people.items():
        if person.department is not None and person.department not in known:
            raise BadBackup(f"no department {person.department}", f"board.people.{key}.department")
    if len(state.votes) + len(state.polls) > MAX_EXERCISES:
        raise BadBackup(f"a board keeps at most {MAX_EXERCISES} votes and polls", "board.votes")
    open_votes: set[str] = set()
    for key, vote in state.votes.items():
        path = f"board.votes.{key}"
        if vote.id != key:
            raise BadBackup(f"vote {vote.id!r} is filed under {key!r}", path)
        if vote.block not in state.blocks:
            raise BadBackup(f"no block {vote.block}", f"{path}.block")
        if vote.open and vote.block in open_votes:
            raise BadBackup("a second open vote on one block", f"{path}.open")
        if vote.open:
            open_votes.add(vote.block)
    for index, entry in enumerate(state.agenda.items):
        _check_step(state, entry.step, f"board.agenda.items.{index}.step", known)
    for key, poll in state.polls.items():
        path = f"board.polls.{key}"
        if poll.id != key:
            raise BadBackup(f"poll {poll.id!r} is filed under {key!r}", path)
        home = state.blocks.get(poll.block)
        if home is None or home.kind != "poll":
            raise BadBackup(f"no poll block {poll.block}", f"{path}.block")


def _check_step(state: BoardState, step: StepSettings | None, path: str, known: set[str]) -> None:
    """E8: what a step names exists, as `agenda.set` requires."""
    if step is None:
        return
    for block in step.blocks:
        if block not in state.blocks:
            raise BadBackup(f"no block {block}", f"{path}.blocks")
    if step.writers == "department" and step.department not in known:
        raise BadBackup(f"no department {step.department}", f"{path}.department")
    if step.poll is not None and step.poll.poll not in state.polls:
        raise BadBackup(f"no poll {step.poll.poll}", f"{path}.poll")
    if step.vote is not None and not step.blocks:
        raise BadBackup("a step's vote runs on its first block: name one", f"{path}.vote")


def _check_item(state: BoardState, key: str, item: Any, known: set[str]) -> None:
    path = f"board.items.{key}"
    if item.id != key:
        raise BadBackup(f"item {item.id!r} is filed under {key!r}", path)
    block = state.blocks.get(item.block)
    if block is None:
        raise BadBackup(f"no block {item.block}", f"{path}.block")
    if block.kind not in ITEM_HOMES[item.kind]:
        raise BadBackup(f"a {item.kind} cannot go in a {block.kind} block", f"{path}.block")
    named = list(getattr(item, "owners", None) or [])
    if getattr(item, "department", None) is not None:
        named.append(item.department)
    for dep in named:
        if dep not in known:
            raise BadBackup(f"no department {dep}", f"{path}.department")
    if isinstance(item, NoteState) and item.on is not None:
        _goal_in(state, item.on, item.block, f"{path}.on")
    if isinstance(item, NoteState) and item.group is not None:
        group = state.items.get(item.group)
        if not isinstance(group, GroupState) or group.block != item.block:
            raise BadBackup(f"no group {item.group} in block {item.block}", f"{path}.group")
    if isinstance(item, GoalState) and item.parent is not None:
        _goal_in(state, item.parent, item.block, f"{path}.parent")
    if (
        isinstance(item, ActionState)
        and item.source is not None
        and (item.source not in state.items)
    ):
        raise BadBackup(f"no item {item.source}", f"{path}.source")


def _goal_in(state: BoardState, goal_id: str, block_id: str, path: str) -> None:
    goal = state.items.get(goal_id)
    if not isinstance(goal, GoalState) or goal.block != block_id:
        raise BadBackup(f"no goal node {goal_id} in block {block_id}", path)


def _check_goal_trees(state: BoardState) -> None:
    """Every goal node reaches a root within `MAX_GOAL_DEPTH` steps: no cycles, no trees
    deeper than the report can walk."""
    parents = {key: item.parent for key, item in state.items.items() if isinstance(item, GoalState)}
    depth: dict[str, int] = {}
    for start in parents:
        chain: list[str] = []
        seen: set[str] = set()
        node: str | None = start
        while node is not None and node not in depth:
            if node in seen:
                raise BadBackup("the goal tree has a cycle", f"board.items.{start}.parent")
            if len(chain) >= MAX_GOAL_DEPTH:
                raise BadBackup(
                    f"the goal tree is deeper than {MAX_GOAL_DEPTH} levels (or has a cycle)",
                    f"board.items.{start}.parent",
                )
            chain.append(node)
            seen.add(node)
            node = parents[node]
        base = 0 if node is None else depth[node]
        for offset, name in enumerate(reversed(chain), start=1):
            depth[name] = base + offset
            if depth[name] > MAX_GOAL_DEPTH:
                raise BadBackup(
                    f"the goal tree is deeper than {MAX_GOAL_DEPTH} levels",
                    f"board.items.{name}.parent",
                )
