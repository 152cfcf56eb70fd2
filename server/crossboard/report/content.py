"""What the facilitator walks out with: the day's results as plain data, from one board.

Pure (no I/O, no clock: the date is given). The HTML, Markdown and CSV renderers all read
this one structure, so the three formats cannot disagree. Figures come from the same views
the room shows (`board/results.py`): vote totals and poll figures, never one person's dots
or scores nor a figure of fewer than the board's k people (E4); poll figures are shown
whether or not they were revealed in the room, since the report is the facilitator's.

Everything a person reads is a label in the board's language (`words.py`): department
names, "To do" rather than `todo`. Only what is on the board now is reported: a removed
item is gone from `board.items`, and dots a vote counted on it name nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..board.results import min_group, poll_view, vote_view
from ..board.state import Board, Item
from .words import Words, words_for

QUADRANTS = ("S", "W", "O", "T")


@dataclass
class GoalNode:
    title: str
    notes: list[str]
    children: list[GoalNode] = field(default_factory=list)


@dataclass
class SwotEntry:
    text: str
    department: str
    dots: int


@dataclass
class Action:
    """One action; `kind` and `status` are labels ("Task", "To do"), not the codes."""

    title: str
    kind: str
    owners: list[str]
    assignee: str
    when: str
    status: str


@dataclass
class NoteEntry:
    """A note, or a group with its member notes beneath; `dots` is set in a block whose
    vote has closed and counted some on it (None: no dots to show)."""

    text: str
    dots: int | None = None
    members: list[NoteEntry] | None = None  # a group's notes; None for a note

    @property
    def is_group(self) -> bool:
        return self.members is not None


@dataclass
class NoteBlock:
    title: str
    entries: list[NoteEntry]


@dataclass
class AgendaRow:
    title: str
    planned_min: float
    actual_min: float
    share: float  # of all recorded time, 0..1


@dataclass
class Report:
    title: str
    date: str
    departments: list[tuple[str, list[str]]]  # department name, participant names
    facilitators: list[str]
    goal_trees: list[tuple[str, list[GoalNode]]]  # block title, roots
    swot: list[tuple[str, str, list[SwotEntry]]]  # letter (data only), name, entries by dots
    actions: list[tuple[str, list[Action]]]  # owner departments, their actions
    polls: list[dict[str, Any]]  # poll views with every figure (board/results.py)
    agenda: list[AgendaRow]
    notes: list[NoteBlock]  # note blocks (notes, perception, results) with their groups
    words: Words = field(default_factory=Words)  # the labels, in the board's language


NOTE_BLOCKS = ("notes", "perception", "results")


def build(board: Board, date: str, now_ms: int | None = None) -> Report:
    """The report of `board` as of `date` (shown) and `now_ms` (the server clock, which
    closes a running agenda item's stretch)."""
    words = words_for(board)
    dep = _department_names(board)
    return Report(
        title=board.title,
        date=date,
        departments=_people(board, dep, words),
        facilitators=sorted(p["name"] for p in board.roster.values() if p["role"] == "facilitator"),
        goal_trees=[(b["title"], _tree(board, b["id"])) for b in _blocks(board, "goal_tree")],
        swot=_swot(board, dep, words),
        actions=_actions(board, dep, words),
        polls=[_all_figures(p, min_group(board)) for p in board.polls.values()],
        agenda=_agenda(board, now_ms),
        notes=[
            NoteBlock(b["title"], _note_entries(board, b["id"], words))
            for b in board.blocks.values()
            if b["kind"] in NOTE_BLOCKS
        ],
        words=words,
    )


def _department_names(board: Board) -> Any:
    """Department id -> its name; an id the board no longer knows shows as "—", never as
    the id itself."""
    names = {d.id: d.name for d in board.departments}

    def dep(dep_id: str | None) -> str:
        return names.get(dep_id or "", "—")

    return dep


def _blocks(board: Board, kind: str) -> list[dict[str, Any]]:
    return [b for b in board.blocks.values() if b["kind"] == kind]


def _items(board: Board, block_id: str) -> list[Item]:
    return sorted(
        (it for it in board.items.values() if it["block"] == block_id),
        key=lambda it: (str(it.get("order", "")), it["id"]),
    )


def _people(board: Board, dep: Any, words: Words) -> list[tuple[str, list[str]]]:
    by_dep: dict[str, list[str]] = {d.id: [] for d in board.departments}
    everyone = {**board.ballot_roster, **board.roster}  # those who only voted count too
    for person in everyone.values():
        if person["role"] == "participant":
            by_dep.setdefault(person["department"] or "", []).append(person["name"])
    return [
        (dep(d) if d else words("no_department"), sorted(people))
        for d, people in by_dep.items()
        if people or d
    ]


def _tree(board: Board, block_id: str) -> list[GoalNode]:
    notes: dict[str, list[str]] = {}
    for it in _items(board, block_id):
        if it["kind"] == "note" and it.get("on"):
            notes.setdefault(it["on"], []).append(it["text"])

    def node(goal: Item) -> GoalNode:
        kids = [node(k) for k in board.children(goal["id"], block_id)]
        return GoalNode(goal["title"], notes.get(goal["id"], []), kids)

    return [node(root) for root in board.children(None, block_id)]


def _dots(board: Board, block_id: str) -> dict[str, int] | None:
    """Totals of the newest closed vote on the block (a later vote supersedes), as the room
    saw them (`vote_view`, with the board's k); None when no vote on it has closed. Keyed
    by item id, removed items included: callers look up the items still on the board."""
    closed = [v for v in board.votes.values() if v["block"] == block_id and not v["open"]]
    if not closed:
        return None
    return dict(vote_view(closed[-1], k=min_group(board))["totals"] or {})


def _swot(board: Board, dep: Any, words: Words) -> list[tuple[str, str, list[SwotEntry]]]:
    entries: dict[str, list[SwotEntry]] = {q: [] for q in QUADRANTS}
    for block in _blocks(board, "swot"):
        dots = _dots(board, block["id"]) or {}
        for it in _items(board, block["id"]):
            entry = SwotEntry(it["text"], dep(it.get("department")), dots.get(it["id"], 0))
            entries.setdefault(it["quadrant"], []).append(entry)
    return [
        (q, words.label("quadrant", q), sorted(entries[q], key=lambda e: -e.dots))
        for q in QUADRANTS
    ]


def _action(it: Item, dep: Any, words: Words) -> Action:
    return Action(
        title=it["title"],
        kind=words.label("action.kind", it["action_kind"]),
        owners=[dep(o) for o in it["owners"]],
        assignee=it["assignee"],
        when=it.get("cadence") or it.get("due") or "",
        status=words.label("action.status", it["status"]),
    )


def _actions(board: Board, dep: Any, words: Words) -> list[tuple[str, list[Action]]]:
    groups: dict[str, list[Action]] = {}
    for block in _blocks(board, "action_plan"):
        for it in _items(board, block["id"]):
            action = _action(it, dep, words)
            groups.setdefault(" + ".join(action.owners), []).append(action)
    return sorted(groups.items())


def action_rows(board: Board) -> list[Action]:
    """The action plan in board order, one row per action (the CSV)."""
    dep, words = _department_names(board), words_for(board)
    return [
        _action(it, dep, words)
        for block in _blocks(board, "action_plan")
        for it in _items(board, block["id"])
    ]


def _note_entries(board: Board, block_id: str, words: Words) -> list[NoteEntry]:
    """A note block's notes and groups: each group once, its title over its member notes
    (so a grouped note is listed once, under its group), in reading order (top to bottom,
    then left to right); once a vote on the block has closed, by dots first."""
    dots = _dots(board, block_id)
    items = [it for it in board.items.values() if it["block"] == block_id]
    groups = {it["id"]: it for it in items if it["kind"] == "group"}
    members: dict[str, list[Item]] = {gid: [] for gid in groups}
    top: list[Item] = []
    for it in items:
        if it["kind"] == "note" and it.get("group") in members:
            members[it["group"]].append(it)
        elif it["kind"] == "note" or it["kind"] == "group":
            top.append(it)  # a note whose group is not on the board stands on its own

    def counted(item_id: str) -> int | None:
        n = None if dots is None else dots.get(item_id, 0)
        return n or None

    def entry(it: Item) -> NoteEntry:
        if it["kind"] == "note":
            return NoteEntry(it["text"], counted(it["id"]))
        notes = _ranked([entry(m) for m in sorted(members[it["id"]], key=lambda m: m["id"])])
        return NoteEntry(it["title"] or words("group.untitled"), counted(it["id"]), notes)

    return _ranked([entry(it) for it in sorted(top, key=_reading_order)])


def _reading_order(it: Item) -> tuple[float, float, str]:
    return (it.get("y") or 0, it.get("x") or 0, it["id"])


def _ranked(entries: list[NoteEntry]) -> list[NoteEntry]:
    """Entries with dots first, most dots first; the rest keep their order."""
    return sorted(entries, key=lambda e: -(e.dots or 0))


def _all_figures(poll: dict[str, Any], k: int) -> dict[str, Any]:
    """The poll as the room sees it once revealed, with the board's k (E4): a round of
    fewer than k answers keeps only its count, a comparison with fewer than k people in
    both rounds only its averages; the renderers say so (`min_group`)."""
    return poll_view(poll | {"revealed": True}, k=k, facilitator=True) | {"min_group": k}


def _agenda(board: Board, now_ms: int | None) -> list[AgendaRow]:
    agenda = board.agenda
    actual = {e["id"]: e["actual_ms"] for e in agenda["items"]}
    if agenda["running"] and now_ms is not None and agenda["current"] in actual:
        actual[agenda["current"]] += max(0, now_ms - agenda["started_at"])
    total = sum(actual.values()) or 1
    return [
        AgendaRow(e["title"], e["minutes"], actual[e["id"]] / 60_000, actual[e["id"]] / total)
        for e in agenda["items"]
    ]
