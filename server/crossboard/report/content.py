"""What the facilitator walks out with: the day's results as plain data, from one board.

Pure (no I/O, no clock: the date is given). The HTML, Markdown and CSV renderers all read
this one structure, so the three formats cannot disagree. Figures come from the same views
the room shows (`board/results.py`): vote totals and poll figures, never one person's dots
or scores nor a figure of fewer than the board's k people (E4); poll figures are shown
whether or not they were revealed in the room, since the report is the facilitator's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..board.results import min_group, poll_view, vote_view
from ..board.state import Board, Item

QUADRANTS = (("S", "Strengths"), ("W", "Weaknesses"), ("O", "Opportunities"), ("T", "Threats"))


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
    title: str
    action_kind: str
    owners: list[str]
    assignee: str
    when: str
    status: str


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
    swot: list[tuple[str, str, list[SwotEntry]]]  # letter, name, entries by dots
    actions: list[tuple[str, list[Action]]]  # owner department, its actions
    polls: list[dict[str, Any]]  # poll views with every figure (board/results.py)
    agenda: list[AgendaRow]
    loose_notes: list[tuple[str, list[str]]]  # other note blocks: title, texts


def build(board: Board, date: str, now_ms: int | None = None) -> Report:
    """The report of `board` as of `date` (shown) and `now_ms` (the server clock, which
    closes a running agenda item's stretch)."""
    names = {d.id: d.name for d in board.departments}

    def dep(dep_id: str | None) -> str:
        return names.get(dep_id or "", "—")

    return Report(
        title=board.title,
        date=date,
        departments=_people(board, dep),
        facilitators=sorted(p["name"] for p in board.roster.values() if p["role"] == "facilitator"),
        goal_trees=[(b["title"], _tree(board, b["id"])) for b in _blocks(board, "goal_tree")],
        swot=_swot(board, dep),
        actions=_actions(board, dep),
        polls=[_all_figures(p, min_group(board)) for p in board.polls.values()],
        agenda=_agenda(board, now_ms),
        loose_notes=[
            (b["title"], [it["text"] for it in _items(board, b["id"]) if it["kind"] == "note"])
            for b in board.blocks.values()
            if b["kind"] in ("notes", "perception", "results")
        ],
    )


def _blocks(board: Board, kind: str) -> list[dict[str, Any]]:
    return [b for b in board.blocks.values() if b["kind"] == kind]


def _items(board: Board, block_id: str) -> list[Item]:
    return sorted(
        (it for it in board.items.values() if it["block"] == block_id),
        key=lambda it: (str(it.get("order", "")), it["id"]),
    )


def _people(board: Board, dep: Any) -> list[tuple[str, list[str]]]:
    by_dep: dict[str, list[str]] = {d.id: [] for d in board.departments}
    everyone = {**board.ballot_roster, **board.roster}  # those who only voted count too
    for person in everyone.values():
        if person["role"] == "participant":
            by_dep.setdefault(person["department"] or "", []).append(person["name"])
    return [(dep(d), sorted(people)) for d, people in by_dep.items() if people or d]


def _tree(board: Board, block_id: str) -> list[GoalNode]:
    notes: dict[str, list[str]] = {}
    for it in _items(board, block_id):
        if it["kind"] == "note" and it.get("on"):
            notes.setdefault(it["on"], []).append(it["text"])

    def node(goal: Item) -> GoalNode:
        kids = [node(k) for k in board.children(goal["id"], block_id)]
        return GoalNode(goal["title"], notes.get(goal["id"], []), kids)

    return [node(root) for root in board.children(None, block_id)]


def _dots(board: Board, block_id: str) -> dict[str, int]:
    """Totals of the newest closed vote on the block (a later vote supersedes)."""
    closed = [v for v in board.votes.values() if v["block"] == block_id and not v["open"]]
    if not closed:
        return {}
    return dict(vote_view(closed[-1])["totals"] or {})


def _swot(board: Board, dep: Any) -> list[tuple[str, str, list[SwotEntry]]]:
    entries: dict[str, list[SwotEntry]] = {q: [] for q, _ in QUADRANTS}
    for block in _blocks(board, "swot"):
        dots = _dots(board, block["id"])
        for it in _items(board, block["id"]):
            entry = SwotEntry(it["text"], dep(it.get("department")), dots.get(it["id"], 0))
            entries[it["quadrant"]].append(entry)
    return [
        (q, name, sorted(entries[q], key=lambda e: -e.dots)) for q, name in QUADRANTS
    ]  # fmt: skip


def _actions(board: Board, dep: Any) -> list[tuple[str, list[Action]]]:
    groups: dict[str, list[Action]] = {}
    for block in _blocks(board, "action_plan"):
        for it in _items(board, block["id"]):
            owners = [dep(o) for o in it["owners"]]
            when = it.get("cadence") or it.get("due") or ""
            action = Action(
                it["title"], it["action_kind"], owners, it["assignee"], when, it["status"]
            )
            groups.setdefault(" + ".join(owners), []).append(action)
    return sorted(groups.items())


def action_rows(board: Board) -> list[Action]:
    """The action plan in board order, one row per action (the CSV)."""
    names = {d.id: d.name for d in board.departments}
    out = []
    for block in _blocks(board, "action_plan"):
        for it in _items(board, block["id"]):
            when = it.get("cadence") or it.get("due") or ""
            owners = [names.get(o, o) for o in it["owners"]]
            out.append(
                Action(it["title"], it["action_kind"], owners, it["assignee"], when, it["status"])
            )
    return out


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
