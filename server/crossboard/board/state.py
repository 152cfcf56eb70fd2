"""Board state as plain values: what the welcome frame carries and every replica holds.

Blocks and items are dicts in their wire form (the JS store holds the very same shape), so
the state encodes to msgpack without conversion and the shared op vectors compare as JSON.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

Block = dict[str, Any]
"""{id, kind, title, x, y, w, h}"""

Item = dict[str, Any]
"""{id, kind, block, ...fields of its kind}; see `shared/PROTOCOL.md` for each kind."""


def default_settings() -> dict[str, Any]:
    """The room's rules for identities and results (shared/PROTOCOL.md I7), who may edit
    items (A8) and the board's language."""
    return {
        "department_choice": "person",
        "lobby": False,
        "min_group": 3,
        "editing": "own",
        "language": "en",
    }


def default_screen() -> dict[str, Any]:
    """What the projector shows (A7): the facilitator's view, no cursors."""
    return {"mode": "follow", "block": None, "cursors": False}


def empty_agenda() -> dict[str, Any]:
    return {"items": [], "current": None, "running": False, "started_at": None}


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    color: str

    def to_wire(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "color": self.color}


@dataclass(frozen=True)
class Actor:
    """Who sent an op, as the log records it."""

    id: str
    name: str
    department: str | None
    role: str

    def to_wire(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "department": self.department, "role": self.role}

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> Actor:
        return cls(raw["id"], raw["name"], raw.get("department"), raw["role"])


@dataclass
class Board:
    """One board's replica. `seq` is the last log position applied to it."""

    id: str
    title: str
    departments: list[Department]
    blocks: dict[str, Block] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)
    seq: int = 0
    locked: bool = False
    spotlight: str | None = None
    links: dict[str, int] = field(default_factory=lambda: {"participant": 1, "screen": 1})
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Participant id -> the facilitator's overrides: {name?, department?, removed?}."""
    votes: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Vote id -> {id, block, budget, max_per_item, live, open, dots: {participant: {item:
    n}}, departments: {participant: department}} (board/exercises.py)."""
    polls: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Poll id -> {id, block, question, low, high, comment, revealed, rounds: [{label, open,
    answers: {participant: {score, comment, department}}}]}."""
    agenda: dict[str, Any] = field(default_factory=lambda: empty_agenda())
    """{items: [{id, title, minutes, block, actual_ms}], current, running, started_at}."""
    done: dict[str, str | None] = field(default_factory=dict)
    """Participant id -> their department, for everyone who said "I'm done"."""
    roster: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Participant id -> {name, department, role} as of their latest applied op: who took
    part (the report's participants per department)."""
    ballot_roster: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The same for people whose only acts were ballots: the facilitator's report counts
    them; nobody else's welcome carries it (E7)."""
    settings: dict[str, Any] = field(default_factory=default_settings)
    screen: dict[str, Any] = field(default_factory=default_screen)
    """{mode: "follow" | "block" | "join" | "results", block, cursors} (A7)."""
    """{department_choice: "person" | "link", lobby, min_group} (I7)."""
    flow_memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Block id -> the reducer's memo of its flow (board/layout.py `Flow`); not board state:
    never on the wire, rebuilt from the items whenever it is dropped."""

    def department_ids(self) -> set[str]:
        return {d.id for d in self.departments}

    def to_wire(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "departments": [d.to_wire() for d in self.departments],
            "blocks": self.blocks,
            "items": self.items,
            "seq": self.seq,
            "locked": self.locked,
            "spotlight": self.spotlight,
            "links": self.links,
            "people": self.people,
            "votes": self.votes,
            "polls": self.polls,
            "agenda": self.agenda,
            "done": self.done,
            "roster": self.roster,
            "ballot_roster": self.ballot_roster,
            "settings": self.settings,
            "screen": self.screen,
        }

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> Board:
        return cls(
            id=raw["id"],
            title=raw["title"],
            departments=[Department(**d) for d in raw["departments"]],
            blocks=copy.deepcopy(raw["blocks"]),
            items=copy.deepcopy(raw["items"]),
            seq=raw.get("seq", 0),
            locked=raw.get("locked", False),
            spotlight=raw.get("spotlight"),
            links=dict(raw.get("links") or {"participant": 1, "screen": 1}),
            people=copy.deepcopy(raw.get("people") or {}),
            votes=copy.deepcopy(raw.get("votes") or {}),
            polls=copy.deepcopy(raw.get("polls") or {}),
            agenda=copy.deepcopy(raw.get("agenda") or empty_agenda()),
            done=dict(raw.get("done") or {}),
            roster=copy.deepcopy(raw.get("roster") or {}),
            ballot_roster=copy.deepcopy(raw.get("ballot_roster") or {}),
            settings=default_settings() | dict(raw.get("settings") or {}),
            screen=default_screen() | dict(raw.get("screen") or {}),
        )

    def copy(self) -> Board:
        return Board.from_wire(self.to_wire())

    def children(self, goal_id: str | None, block_id: str) -> list[Item]:
        """Goal nodes under `goal_id` (None: the roots) in one block, in sibling order."""
        kids = [
            it
            for it in self.items.values()
            if it["kind"] == "goal" and it["block"] == block_id and it["parent"] == goal_id
        ]
        return sorted(kids, key=lambda it: (it["order"], it["id"]))
