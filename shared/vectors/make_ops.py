"""Writes `ops/*.json`: op sequences with the board they must produce, for every replica.

    .venv/bin/python shared/vectors/make_ops.py

Each file is {"name", "description", "rules", "board", "steps", "expected"}: start from
`board` (wire form), apply each step's `op` by `by` at `seq` (server time `ts`, 0 when
absent), check its `outcome` ("ok" or the error code), and end with `expected` (wire form).
Together the files hold every op kind of the protocol (`tests/unit/test_vectors.py` fails
on one without a vector).

A vector may also have an `audience`: {"viewer", "board", "frames", "expected"}, the same
session as one participant receives it — the hub's welcome board for them, then every frame
the hub sends them (`applied` frames, cid `<author id>-<seq>`, redacted as A3 and E7 say,
with their `items` and `exercise` parts, and the `exercise` frames of the ballot ticks, E7),
and the welcome board they would get at the end. Exercise state (votes, polls, agenda,
"done") is the hub's to compute (E1): the JS replica keeps the views the frames carry, so a
vector with exercise ops reaches the JS reducer through its audience only.

The Python tests (`tests/unit/test_vectors.py`) replay every file with the reducer and
rebuild each audience stream with the hub's views (`crossboard.board.views`); the JS tests
(`client/test/reducer.test.js`) replay the steps of every vector without exercise ops, and
feed every audience stream to a client store.

The steps are run through the reducer here, but the reducer does not get the last word:
every step states the outcome the rules call for, and every vector states its final items
(and any block, board or exercise changes) by hand, the audience's items too. The script
stops if the reducer or the hub's views disagree with either.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crossboard.board import views
from crossboard.board.reducer import apply
from crossboard.board.state import Actor, Board
from crossboard.board.template import departments_from_names, strategy_day
from crossboard.engine.base import Entry
from crossboard.hub.listen import ListeningRoom
from crossboard.protocol.codec import decode_op
from crossboard.protocol.ops import op_to_wire

OUT = Path(__file__).resolve().parent / "ops"

FAY = {"id": "p-fay", "name": "Fay", "department": None, "role": "facilitator"}
ANA = {"id": "p-ana", "name": "Ana", "department": "product", "role": "participant"}
BEN = {"id": "p-ben", "name": "Ben", "department": "sales", "role": "participant"}
CY = {"id": "p-cy", "name": "Cy", "department": "sales", "role": "participant"}
DEE = {"id": "p-dee", "name": "Dee", "department": "marketing", "role": "participant"}
SCREEN = {"id": "p-screen", "name": "Projector", "department": None, "role": "screen"}


# Hand-written item shapes: what an item must look like, defaults spelled out.


def note(
    iid: str,
    block: str,
    by: dict[str, Any],
    *,
    text: str = "",
    department: str | None = None,
    x: float = 0.0,
    y: float = 0.0,
    on: str | None = None,
    group: str | None = None,
) -> dict[str, Any]:
    return {
        "id": iid,
        "block": block,
        "kind": "note",
        "text": text,
        "department": department,
        "x": x,
        "y": y,
        "on": on,
        "group": group,
        "author": by["id"],
        "author_name": by["name"],
        "author_department": by["department"],
    }


def goal(
    iid: str, block: str, *, title: str = "", parent: str | None = None, order: str = "V"
) -> dict[str, Any]:
    return {
        "id": iid,
        "block": block,
        "kind": "goal",
        "title": title,
        "parent": parent,
        "order": order,
    }


def swot(
    iid: str,
    block: str,
    quadrant: str,
    *,
    text: str = "",
    department: str | None = None,
    order: str = "V",
) -> dict[str, Any]:
    return {
        "id": iid,
        "block": block,
        "kind": "swot",
        "quadrant": quadrant,
        "text": text,
        "department": department,
        "order": order,
    }


def action(
    iid: str,
    block: str,
    owners: list[str],
    *,
    title: str = "",
    action_kind: str = "task",
    assignee: str = "",
    cadence: str | None = None,
    due: str | None = None,
    status: str = "todo",
    source: str | None = None,
    order: str = "V",
) -> dict[str, Any]:
    return {
        "id": iid,
        "block": block,
        "kind": "action",
        "title": title,
        "action_kind": action_kind,
        "owners": owners,
        "assignee": assignee,
        "cadence": cadence,
        "due": due,
        "status": status,
        "source": source,
        "order": order,
    }


def block(
    bid: str,
    kind: str,
    title: str,
    *,
    x: float = 0.0,
    y: float = 0.0,
    w: float = 800.0,
    h: float = 600.0,
) -> dict[str, Any]:
    return {
        "id": bid, "kind": kind, "title": title, "x": x, "y": y, "w": w, "h": h,
        "locked": False, "private": None,
    }  # fmt: skip


def wire(value: Any) -> Any:
    """`value` as the JSON file will hold it: a snapshot, tuples as lists."""
    return json.loads(json.dumps(value))


def placeholder(iid: str, block: str, department: str | None) -> dict[str, Any]:
    """A2: what someone who may not see an item holds instead of it."""
    return {"id": iid, "block": block, "kind": "hidden", "author_department": department}


class Vector:
    def __init__(
        self,
        name: str,
        description: str,
        rules: list[str],
        board: Board | None = None,
        *,
        editing: str = "everyone",
        audience: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.description = description
        self.rules = rules
        self.board = board if board is not None else strategy_day("board-1", "Strategy day")
        # Most vectors let everyone edit everything (A8 is `ownership`'s subject), so two
        # people can write the same item.
        self.board.settings["editing"] = editing
        self.initial = copy.deepcopy(self.board.to_wire())
        self.steps: list[dict[str, Any]] = []
        self.checked_seq = -1
        self.authors: dict[str, dict[str, Any]] = {}
        # The audience sits in the hub's own room core (hub/listen.py), which plays the
        # same steps: its frames are the ones the hub would send it.
        self.viewer = audience
        self.frames: list[dict[str, Any]] = []
        self.room = ListeningRoom(Board.from_wire(copy.deepcopy(self.initial)))
        self.peer = self.room.seat(Actor.from_wire(audience))[0] if audience else None
        self.welcome = self._board_for() if audience is not None else None
        self.audience_checked = audience is None

    def _board_for(self) -> dict[str, Any]:
        assert self.peer is not None
        return wire(views.board_for(self.room.core.board, self.peer.actor, self.room.core.shown))

    def _received(self, got: list[tuple[Any, dict[str, Any], bytes]], kind: str) -> None:
        mine = [f for p, f, _ in got if p is self.peer and f["type"] == kind]
        assert len(mine) == 1, f"{self.name}: {len(mine)} {kind} frames for the audience"
        self.frames.append(wire(mine[0]))

    def step(
        self, by: dict[str, Any], raw: dict[str, Any], outcome: str = "ok", *, ts: int = 0
    ) -> None:
        """Apply `raw` by `by` at the next seq (server time `ts`); `outcome` is what the
        rules call for. The audience gets the frame the hub would send it."""
        op = decode_op(raw)
        seq = self.board.seq + 1
        actor = Actor.from_wire(by)
        before = copy.deepcopy(self.board.to_wire())
        _, result = apply(self.board, op, actor, seq, ts)
        got = "ok" if result.ok else str(result.code)
        assert got == outcome, f"{self.name} seq {seq}: rules say {outcome}, reducer says {got}"
        if not result.ok:
            after = self.board.to_wire()
            assert after == before | {"seq": seq}, f"{self.name} seq {seq}: refusal changed board"
        step: dict[str, Any] = {"seq": seq, "by": by, "op": op_to_wire(op), "outcome": outcome}
        if ts:
            step["ts"] = ts
        self.steps.append(step)
        if raw["kind"] == "item.add" and result.ok:
            self.authors[raw["id"]] = by
        got = self.room.entry(Entry(seq, step["op"], by, f"{by['id']}-{seq}", ts))
        if self.peer is not None:
            self._received(got, "applied")

    def tick(self) -> None:
        """E7: the room's tick publishes the ballots since the last one to everyone."""
        got = self.room.tick()
        assert got, f"{self.name}: a tick with no ballot sends nothing"
        if self.peer is not None:
            self._received(got, "exercise")

    def expect(
        self,
        items: list[dict[str, Any]],
        *,
        blocks_added: Sequence[dict[str, Any]] = (),
        blocks_removed: Sequence[str] = (),
        blocks_changed: dict[str, dict[str, Any]] | None = None,
        board_changed: dict[str, Any] | None = None,
    ) -> None:
        """The final board, by hand: exactly these items; template blocks with these edits.
        Every item records who added it (`author`, `author_department`): the shapes above
        leave that out unless they take `by`, and it is filled in from the add step here."""
        blocks = copy.deepcopy(self.initial["blocks"])
        for b in blocks_added:
            blocks[b["id"]] = b
        for bid in blocks_removed:
            del blocks[bid]
        for bid, fields in (blocks_changed or {}).items():
            blocks[bid].update(fields)
        for it in items:
            author = self.authors.get(it["id"], ANA)  # set-up boards are built by Ana
            it.setdefault("author", author["id"])
            it.setdefault("author_department", author["department"])
        # R12: everyone whose op applied, as their latest op named them; ballots put their
        # author on the ballot roster instead, unless already on the roster.
        roster = dict(self.initial.get("roster", {}))
        ballot_roster = dict(self.initial.get("ballot_roster", {}))
        for s in self.steps:
            if s["outcome"] != "ok":
                continue
            entry = {k: s["by"][k] for k in ("name", "department", "role")}
            if s["op"]["kind"] not in ("vote.cast", "poll.answer"):
                roster[s["by"]["id"]] = entry
            elif s["by"]["id"] not in roster:
                ballot_roster[s["by"]["id"]] = entry
        want = {
            **copy.deepcopy(self.initial),
            **(board_changed or {}),
            "blocks": blocks,
            "items": {it["id"]: it for it in items},
            "seq": self.steps[-1]["seq"],
            "roster": roster,
            "ballot_roster": ballot_roster,
        }
        got = self.board.to_wire()
        self.checked_seq = self.board.seq
        if got != want:
            raise AssertionError(
                f"{self.name}: reducer result differs from the hand-written board\n"
                f"reducer: {json.dumps(got, indent=1)}\nwanted: {json.dumps(want, indent=1)}"
            )

    def expect_audience(self, items: list[dict[str, Any]]) -> None:
        """The audience's items at the end, by hand: the ones it may see whole, and a
        placeholder for each of the others (A2)."""
        for it in items:
            if it["kind"] != "hidden":
                author = self.authors.get(it["id"], ANA)
                it.setdefault("author", author["id"])
                it.setdefault("author_department", author["department"])
        got = self._board_for()["items"]
        want = wire({it["id"]: it for it in items})
        self.audience_checked = True
        if got != want:
            raise AssertionError(
                f"{self.name}: the audience's items differ from the hand-written ones\n"
                f"hub: {json.dumps(got, indent=1)}\nwanted: {json.dumps(want, indent=1)}"
            )

    def dump(self) -> dict[str, Any]:
        assert self.checked_seq == self.board.seq, f"{self.name}: final board not hand-checked"
        assert self.audience_checked, f"{self.name}: the audience's items not hand-checked"
        vector = {
            "name": self.name,
            "description": self.description,
            "rules": self.rules,
            "board": self.initial,
            "steps": self.steps,
            "expected": copy.deepcopy(self.board.to_wire()),
        }
        if self.viewer is not None:
            audience = {
                "viewer": self.viewer,
                "board": self.welcome,
                "frames": self.frames,
                "expected": self._board_for(),
            }
            # Keys sorted: the hub builds some maps of a view from sets (a closed vote's
            # `by_department`), whose order would change from one run to the next.
            vector["audience"] = json.loads(json.dumps(audience, sort_keys=True))
        return vector


def add(iid: str, block_id: str, **body: Any) -> dict[str, Any]:
    """An add; a note at (0, 0) unless told otherwise (placement is `placement`'s subject)."""
    if body.get("kind") == "note":
        body = {"x": 0.0, "y": 0.0} | body
    return {"kind": "item.add", "id": iid, "block": block_id, "item": body}


def add_unplaced(iid: str, block_id: str, **body: Any) -> dict[str, Any]:
    """An add with no position: the reducer places it (R13)."""
    return {"kind": "item.add", "id": iid, "block": block_id, "item": body}


def update(iid: str, **fields: Any) -> dict[str, Any]:
    return {"kind": "item.update", "id": iid, "set": fields}


def move(iid: str, **fields: Any) -> dict[str, Any]:
    return {"kind": "item.move", "id": iid, **fields}


def remove(iid: str) -> dict[str, Any]:
    return {"kind": "item.remove", "id": iid}


# The vectors.


def notes_add_update_move() -> Vector:
    v = Vector(
        "notes_add_update_move",
        "Notes are added to note-holding blocks, edited, moved on the canvas and between "
        "notes / perception / results blocks. A note records its author. Fields a note does "
        "not have are refused with invalid_patch. Authors of applied ops join the roster.",
        ["R4", "R10", "R12"],
    )
    v.step(
        ANA,
        add(
            "n-1",
            "expectations",
            kind="note",
            text="Ship faster",
            department="product",
            x=10.5,
            y=20.5,
        ),
    )
    v.step(BEN, add("n-2", "perception", kind="note", text="Sales wants leads", department="sales"))
    v.step(ANA, update("n-1", text="Ship faster, break less"))
    v.step(ANA, move("n-1", x=100.5, y=200.5))
    v.step(ANA, move("n-1", block="perception"))
    v.step(BEN, move("n-2", block="results", x=5.5))
    v.step(ANA, add("n-3", "results", kind="note", text="Revenue +12 %"))
    v.step(ANA, update("n-3", title="Revenue"), "invalid_patch")
    v.step(ANA, move("n-3", quadrant="S"), "invalid_patch")
    v.step(ANA, move("n-3", order="k"), "invalid_patch")
    v.step(BEN, update("n-1", text=None), "invalid_patch")
    v.expect(
        [
            note(
                "n-1",
                "perception",
                ANA,
                text="Ship faster, break less",
                department="product",
                x=100.5,
                y=200.5,
            ),
            note("n-2", "results", BEN, text="Sales wants leads", department="sales", x=5.5),
            note("n-3", "results", ANA, text="Revenue +12 %"),
        ]
    )
    return v


def lww_same_field() -> Vector:
    v = Vector(
        "lww_same_field",
        "Two writes of the same field: the one with the later seq wins, whoever sent it.",
        ["R1"],
    )
    v.step(ANA, add("n-1", "expectations", kind="note", text="first"))
    v.step(BEN, update("n-1", text="Ben's version"))
    v.step(ANA, update("n-1", text="Ana's version"))
    v.step(BEN, move("n-1", x=1.5))
    v.step(ANA, move("n-1", x=2.5))
    v.step(ANA, add("g-1", "goals", kind="goal", title="draft"))
    v.step(ANA, update("g-1", title="Ana's goal"))
    v.step(FAY, update("g-1", title="Fay's goal"))
    v.step(ANA, update("n-1", department="product"))
    v.step(BEN, update("n-1", department=None))
    v.expect(
        [
            note("n-1", "expectations", ANA, text="Ana's version", x=2.5),
            goal("g-1", "goals", title="Fay's goal"),
        ]
    )
    return v


def lww_different_fields() -> Vector:
    v = Vector(
        "lww_different_fields",
        "Concurrent writes of different fields of one item all survive: last writer wins per "
        "field, not per item.",
        ["R1"],
    )
    v.step(ANA, add("n-1", "expectations", kind="note", text="draft", department="product"))
    v.step(ANA, update("n-1", text="final"))
    v.step(BEN, update("n-1", department="sales"))
    v.step(ANA, move("n-1", x=10.5))
    v.step(BEN, move("n-1", y=20.5))
    v.step(ANA, add("a-1", "actions", kind="action", title="Weekly sync", owners=["product"]))
    v.step(ANA, update("a-1", status="doing"))
    v.step(BEN, update("a-1", due="2025-06-30"))
    v.step(FAY, update("a-1", owners=["product", "sales"], assignee="Ana & Ben"))
    v.step(BEN, update("a-1", status="done"))
    v.expect(
        [
            note("n-1", "expectations", ANA, text="final", department="sales", x=10.5, y=20.5),
            action(
                "a-1",
                "actions",
                ["product", "sales"],
                title="Weekly sync",
                assignee="Ana & Ben",
                due="2025-06-30",
                status="done",
            ),
        ]
    )
    return v


def goal_tree_reparent() -> Vector:
    v = Vector(
        "goal_tree_reparent",
        "Goal nodes are added under parents and reparented; moving a node under itself or any "
        "of its descendants is refused with cycle. Sibling order is a fractional-index key.",
        ["R5", "R10", "R11"],
    )
    v.step(ANA, add("g-root", "goals", kind="goal", title="Be the default tool"))
    v.step(ANA, add("g-a", "goals", kind="goal", title="Win mid-market", parent="g-root"))
    v.step(BEN, add("g-b", "goals", kind="goal", title="Partners", parent="g-root", order="k"))
    v.step(ANA, add("g-a1", "goals", kind="goal", title="Self-serve", parent="g-a"))
    v.step(BEN, move("g-b", parent="g-a", order="k"))  # g-b moves under g-a, after g-a1
    v.step(ANA, move("g-a", parent="g-a1"), "cycle")  # under its own child
    v.step(ANA, move("g-a", parent="g-a"), "cycle")  # under itself
    v.step(FAY, move("g-root", parent="g-b"), "cycle")  # under a grandchild
    v.step(ANA, move("g-a1", parent=None, order="z"))  # becomes a second root
    v.step(ANA, move("g-a", order="F"))  # reorder only, parent unchanged
    v.step(BEN, move("g-root", parent="g-a1"))  # fine now: g-a1 is no longer below g-root
    v.step(BEN, move("g-a1", parent="g-b"), "cycle")  # g-b is below g-root below g-a1
    v.step(ANA, move("g-b", parent="nope"), "not_found")
    v.expect(
        [
            goal("g-a1", "goals", title="Self-serve", order="z"),
            goal("g-root", "goals", title="Be the default tool", parent="g-a1"),
            goal("g-a", "goals", title="Win mid-market", parent="g-root", order="F"),
            goal("g-b", "goals", title="Partners", parent="g-a", order="k"),
        ]
    )
    return v


def goal_remove_subtree() -> Vector:
    # Starts from a board that already has a tree with notes hung on it (seq 9).
    board = strategy_day("board-1", "Strategy day")
    setup = [
        add("g-1", "goals", kind="goal", title="Root"),
        add("g-2", "goals", kind="goal", title="Child", parent="g-1"),
        add("g-3", "goals", kind="goal", title="Grandchild", parent="g-2"),
        add("g-4", "goals", kind="goal", title="Other child", parent="g-1", order="k"),
        add("n-1", "goals", kind="note", text="on child", on="g-2"),
        add("n-2", "goals", kind="note", text="on grandchild", on="g-3", x=50.5),
        add("n-3", "goals", kind="note", text="on other child", on="g-4"),
        add("n-4", "goals", kind="note", text="on root", on="g-1"),
        add("n-5", "goals", kind="note", text="loose"),
    ]
    for seq, raw in enumerate(setup, start=1):
        _, outcome = apply(board, decode_op(raw), Actor.from_wire(ANA), seq)
        assert outcome.ok, outcome
    v = Vector(
        "goal_remove_subtree",
        "Removing a goal node removes its whole subtree. Notes hung on removed nodes stay on "
        "the board, unhung (on = null); notes hung elsewhere keep their node. Removed nodes "
        "can no longer be targets.",
        ["R6", "R3"],
        board,
    )
    v.step(BEN, remove("g-2"))  # takes g-3 with it; n-1, n-2 unhung
    v.step(ANA, move("n-3", on="g-2"), "not_found")
    v.step(ANA, add("g-5", "goals", kind="goal", parent="g-3"), "not_found")
    v.step(ANA, remove("g-3"), "not_found")
    v.step(ANA, move("n-1", on="g-4"))  # re-hang a freed note
    v.step(FAY, remove("n-4"))  # removing a note touches nothing else
    v.expect(
        [
            goal("g-1", "goals", title="Root"),
            goal("g-4", "goals", title="Other child", parent="g-1", order="k"),
            note("n-1", "goals", ANA, text="on child", on="g-4"),
            note("n-2", "goals", ANA, text="on grandchild", x=50.5),
            note("n-3", "goals", ANA, text="on other child", on="g-4"),
            note("n-5", "goals", ANA, text="loose"),
        ]
    )
    # And then the root: the rest of the tree goes, every note is left unhung.
    v.step(ANA, remove("g-1"))
    v.expect(
        [
            note("n-1", "goals", ANA, text="on child"),
            note("n-2", "goals", ANA, text="on grandchild", x=50.5),
            note("n-3", "goals", ANA, text="on other child"),
            note("n-5", "goals", ANA, text="loose"),
        ]
    )
    return v


def note_hanging() -> Vector:
    v = Vector(
        "note_hanging",
        "A note hangs on a goal node of its own goal-tree block. A note that leaves the block "
        "is unhung unless the same move hangs it on a node of the new block; a node in "
        "another block, or an item that is not a goal node, cannot be hung on.",
        ["R4", "R3"],
    )
    v.step(
        FAY,
        {
            "kind": "block.add",
            "id": "goals-2",
            "block_kind": "goal_tree",
            "title": "Team goals",
            "x": 5200.5,
        },
    )
    v.step(ANA, add("g-1", "goals", kind="goal", title="Grow"))
    v.step(ANA, add("g-2", "goals-2", kind="goal", title="Hire"))
    v.step(ANA, add("n-1", "goals", kind="note", text="idea", on="g-1"))
    v.step(ANA, move("n-1", block="expectations"))  # leaves the tree: unhung
    v.step(ANA, move("n-1", block="goals", on="g-1"))  # back and hung in one move
    v.step(ANA, move("n-1", on=None))
    v.step(ANA, move("n-1", on="g-1"))
    v.step(ANA, move("n-1", block="perception", on="g-1"), "wrong_block")
    v.step(ANA, move("n-1", on="g-2"), "wrong_block")  # g-2 is in goals-2
    v.step(ANA, move("n-1", block="goals-2", on="g-2"))
    v.step(ANA, move("n-1", block="goals"))  # into another tree: unhung
    v.step(ANA, add("n-2", "expectations", kind="note", on="g-1"), "wrong_block")
    v.step(ANA, add("n-3", "goals", kind="note", on="n-1"), "not_found")  # n-1 is no goal
    v.step(ANA, move("n-1", on="n-1"), "not_found")
    v.expect(
        [
            goal("g-1", "goals", title="Grow"),
            goal("g-2", "goals-2", title="Hire"),
            note("n-1", "goals", ANA, text="idea"),
        ],
        blocks_added=[block("goals-2", "goal_tree", "Team goals", x=5200.5)],
    )
    return v


def swot_quadrants() -> Vector:
    v = Vector(
        "swot_quadrants",
        "SWOT items move between quadrants and reorder within the SWOT block; they cannot "
        "leave it and have no canvas position.",
        ["R1", "R4"],
    )
    v.step(
        ANA,
        add("s-1", "swot", kind="swot", quadrant="S", text="Loyal customers", department="product"),
    )
    v.step(
        BEN,
        add(
            "s-2",
            "swot",
            kind="swot",
            quadrant="T",
            text="New competitor",
            department="sales",
            order="k",
        ),
    )
    v.step(ANA, move("s-1", quadrant="W"))
    v.step(BEN, move("s-2", quadrant="O", order="a"))
    v.step(ANA, move("s-1", block="expectations"), "wrong_block")
    v.step(ANA, move("s-1", x=1.5), "invalid_patch")
    v.step(ANA, move("s-1", quadrant=None), "invalid_patch")
    v.step(ANA, update("s-1", text="Loyal but small customer base", department=None))
    v.step(BEN, move("s-1", quadrant="O", order="U"))  # now before s-2 ("U" < "a")
    v.expect(
        [
            swot("s-1", "swot", "O", text="Loyal but small customer base", order="U"),
            swot("s-2", "swot", "O", text="New competitor", department="sales", order="a"),
        ]
    )
    return v


def action_plan() -> Vector:
    v = Vector(
        "action_plan",
        "Actions name owner departments (each must exist on the board) and may link to the "
        "item they came from (which must exist); both can be edited later. Removing the "
        "source item leaves the action's source id dangling.",
        ["R1", "R3", "R4", "R6", "R9"],
    )
    v.step(ANA, add("s-1", "swot", kind="swot", quadrant="W", text="Slow onboarding"))
    v.step(ANA, add("g-1", "goals", kind="goal", title="Halve time to value"))
    v.step(
        ANA,
        add(
            "a-1",
            "actions",
            kind="action",
            title="Onboarding checklist",
            owners=["product", "sales"],
            assignee="Ana",
            due="2025-03-31",
            source="s-1",
        ),
    )
    v.step(
        BEN,
        add(
            "a-2",
            "actions",
            kind="action",
            title="Pipeline review",
            action_kind="process",
            owners=["sales"],
            cadence="weekly",
            source="g-1",
            order="k",
        ),
    )
    v.step(ANA, add("a-3", "actions", kind="action", owners=["product", "legal"]), "not_found")
    v.step(ANA, add("a-4", "actions", kind="action", owners=["product"], source="s-9"), "not_found")
    v.step(ANA, add("a-5", "swot", kind="action", owners=["product"]), "wrong_block")
    v.step(BEN, update("a-1", status="doing", owners=["sales"]))
    v.step(ANA, update("a-1", owners=["sales", "legal"]), "not_found")
    v.step(ANA, update("a-1", source="s-9"), "not_found")
    v.step(ANA, update("a-1", text="x"), "invalid_patch")  # an action has a title, not a text
    v.step(ANA, update("a-2", source=None, cadence=None, action_kind="goal"))
    v.step(ANA, move("a-1", order="s"))
    v.step(ANA, move("a-1", block="swot"), "wrong_block")
    v.step(BEN, remove("s-1"))  # a-1 keeps its source id, now dangling
    v.step(ANA, update("a-1", source="s-1"), "not_found")  # but it cannot be set again
    v.expect(
        [
            goal("g-1", "goals", title="Halve time to value"),
            action(
                "a-1",
                "actions",
                ["sales"],
                title="Onboarding checklist",
                assignee="Ana",
                due="2025-03-31",
                status="doing",
                source="s-1",
                order="s",
            ),
            action(
                "a-2",
                "actions",
                ["sales"],
                title="Pipeline review",
                action_kind="goal",
                order="k",
            ),
        ]
    )
    return v


def block_remove() -> Vector:
    v = Vector(
        "block_remove",
        "block.remove removes the block and every item in it, and nothing else. The removed "
        "block can no longer be targeted.",
        ["R7", "R3"],
    )
    v.step(
        FAY, {"kind": "block.add", "id": "b-extra", "block_kind": "notes", "title": "Parking lot"}
    )
    v.step(ANA, add("n-1", "b-extra", kind="note", text="later"))
    v.step(ANA, add("n-2", "expectations", kind="note", text="stays"))
    v.step(ANA, add("g-1", "goals", kind="goal", title="Grow"))
    v.step(ANA, add("g-2", "goals", kind="goal", title="Grow more", parent="g-1"))
    v.step(ANA, add("n-3", "goals", kind="note", text="hung", on="g-2"))
    v.step(ANA, add("s-1", "swot", kind="swot", quadrant="S", text="stays too"))
    v.step(FAY, {"kind": "block.remove", "id": "goals"})
    v.step(FAY, {"kind": "block.remove", "id": "b-extra"})
    v.step(ANA, add("n-4", "b-extra", kind="note"), "not_found")
    v.step(ANA, move("n-2", block="b-extra"), "not_found")
    v.step(FAY, {"kind": "block.update", "id": "goals", "set": {"title": "x"}}, "not_found")
    v.step(FAY, {"kind": "block.remove", "id": "goals"}, "not_found")
    v.step(ANA, update("g-1", title="gone"), "not_found")
    v.expect(
        [
            note("n-2", "expectations", ANA, text="stays"),
            swot("s-1", "swot", "S", text="stays too"),
        ],
        blocks_removed=["goals"],
    )
    return v


def block_update() -> Vector:
    v = Vector(
        "block_update",
        "The facilitator adds and edits blocks; block fields follow last-writer-wins per field "
        "and cannot be set to null.",
        ["R1", "R8", "R10"],
    )
    v.step(
        FAY,
        {
            "kind": "block.add",
            "id": "b-retro",
            "block_kind": "notes",
            "title": "Retro",
            "x": 100.5,
            "y": 3000.5,
        },
    )
    v.step(FAY, {"kind": "block.update", "id": "b-retro", "set": {"title": "Retro 1"}})
    v.step(FAY, {"kind": "block.update", "id": "b-retro", "set": {"w": 1000.5}})
    v.step(FAY, {"kind": "block.update", "id": "b-retro", "set": {"title": "Retro 2", "h": 700.5}})
    v.step(FAY, {"kind": "block.update", "id": "b-retro", "set": {"title": None}}, "invalid_patch")
    v.step(FAY, {"kind": "block.update", "id": "swot", "set": {"title": "SWOT 2025", "x": -50.5}})
    v.step(FAY, {"kind": "block.update", "id": "b-retro", "set": {}})  # empty patch: no change
    v.expect(
        [],
        blocks_added=[block("b-retro", "notes", "Retro 2", x=100.5, y=3000.5, w=1000.5, h=700.5)],
        blocks_changed={"swot": {"title": "SWOT 2025", "x": -50.5}},
    )
    return v


def forbidden() -> Vector:
    v = Vector(
        "forbidden",
        "The screen (projector) may send no op at all; block ops are the facilitator's. "
        "Permission is checked first, so a forbidden op is forbidden even if its target is "
        "missing. The facilitator may also do everything a participant does.",
        ["R8", "R10"],
    )
    v.step(SCREEN, add("n-1", "expectations", kind="note", text="hi"), "forbidden")
    v.step(ANA, add("n-1", "expectations", kind="note", text="hi"))
    v.step(SCREEN, update("n-1", text="hacked"), "forbidden")
    v.step(SCREEN, move("n-1", x=1.5), "forbidden")
    v.step(SCREEN, remove("n-1"), "forbidden")
    v.step(SCREEN, remove("n-404"), "forbidden")
    v.step(SCREEN, {"kind": "block.add", "id": "b-1", "block_kind": "notes"}, "forbidden")
    v.step(ANA, {"kind": "block.add", "id": "b-1", "block_kind": "notes"}, "forbidden")
    v.step(BEN, {"kind": "block.update", "id": "swot", "set": {"title": "mine"}}, "forbidden")
    v.step(ANA, {"kind": "block.remove", "id": "goals"}, "forbidden")
    v.step(ANA, {"kind": "block.remove", "id": "no-such-block"}, "forbidden")
    v.step(FAY, {"kind": "block.add", "id": "b-1", "block_kind": "notes", "title": "Fay's"})
    v.step(FAY, add("n-2", "b-1", kind="note", text="by Fay"))
    v.step(BEN, add("n-3", "b-1", kind="note", text="by Ben"))
    v.step(FAY, update("n-1", text="edited by Fay"))
    v.expect(
        [
            note("n-1", "expectations", ANA, text="edited by Fay"),
            note("n-2", "b-1", FAY, text="by Fay"),
            note("n-3", "b-1", BEN, text="by Ben"),
        ],
        blocks_added=[block("b-1", "notes", "Fay's")],
    )
    return v


def facilitation() -> Vector:
    v = Vector(
        "facilitation",
        "The facilitator's ops: a locked block or board refuses participants' item ops (not "
        "the facilitator's); private writing hides items from other participants, who cannot "
        "edit them, and nothing moves into or out of a private block; reveal; spotlight; a "
        "rotated link; renaming and removing a participant (whose ops are then refused).",
        ["A1", "A2", "A4", "A5", "A6", "R8"],
    )
    swot_s = {"kind": "swot", "quadrant": "S", "text": "Fast releases"}
    v.step(FAY, {"kind": "block.lock", "id": "swot", "locked": True})
    v.step(ANA, add("s-1", "swot", **swot_s), "locked")
    v.step(ANA, {"kind": "block.lock", "id": "swot", "locked": False}, "forbidden")
    v.step(FAY, {"kind": "block.lock", "id": "swot", "locked": False})
    v.step(ANA, add("s-1", "swot", **swot_s))
    v.step(FAY, {"kind": "board.lock", "locked": True})
    v.step(BEN, update("s-1", text="Slow releases"), "locked")
    v.step(BEN, move("n-x", x=1.5), "not_found")
    v.step(FAY, update("s-1", text="Fast, reliable releases"))
    v.step(FAY, {"kind": "board.lock", "locked": False})
    v.step(FAY, {"kind": "block.private", "id": "perception", "mode": "own"})
    v.step(ANA, add("p-1", "perception", kind="note", text="Sales wants volume"))
    v.step(BEN, update("p-1", text="peek"), "forbidden")
    v.step(BEN, remove("p-1"), "forbidden")
    v.step(BEN, add("p-2", "perception", kind="note", text="Product wants features"))
    v.step(ANA, update("p-1", text="Sales wants volume, fast"))
    v.step(ANA, move("p-1", block="expectations"), "private_block")
    v.step(FAY, move("p-2", block="expectations"), "private_block")
    v.step(FAY, {"kind": "block.private", "id": "perception", "mode": "department"})
    v.step(FAY, {"kind": "block.private", "id": "perception", "mode": None})
    v.step(BEN, update("p-1", text="now visible, so editable"))
    v.step(ANA, {"kind": "board.spotlight", "block": "swot"}, "forbidden")
    v.step(FAY, {"kind": "board.spotlight", "block": "nope"}, "not_found")
    v.step(FAY, {"kind": "board.spotlight", "block": "swot"})
    v.step(FAY, {"kind": "link.rotate", "role": "participant"})
    v.step(FAY, {"kind": "participant.update", "id": "p-ben", "name": "Benjamin",
                 "department": "marketing"})  # fmt: skip
    v.step(FAY, {"kind": "participant.update", "id": "p-ben", "department": "hr"}, "not_found")
    v.step(FAY, {"kind": "participant.remove", "id": "p-ana"})
    v.step(ANA, add("n-9", "expectations", kind="note", text="still here?"), "forbidden")
    v.expect(
        [
            {**swot("s-1", "swot", "S", text="Fast, reliable releases")},
            note("p-1", "perception", ANA, text="now visible, so editable"),
            note("p-2", "perception", BEN, text="Product wants features"),
        ],
        board_changed={
            "spotlight": "swot",
            "links": {"participant": 2, "screen": 1},
            "people": {
                "p-ben": {"name": "Benjamin", "department": "marketing"},
                "p-ana": {"removed": True},
            },
        },
    )
    return v


def not_found() -> Vector:
    v = Vector(
        "not_found",
        "Every op naming a block or item that does not exist is refused with not_found.",
        ["R3", "R10"],
    )
    v.step(ANA, add("n-1", "expectations", kind="note"))
    v.step(ANA, update("n-9", text="x"), "not_found")
    v.step(ANA, move("n-9", x=1.5), "not_found")
    v.step(ANA, remove("n-9"), "not_found")
    v.step(ANA, add("n-2", "no-block", kind="note"), "not_found")
    v.step(ANA, move("n-1", block="no-block"), "not_found")
    v.step(ANA, add("n-3", "goals", kind="note", on="g-9"), "not_found")
    v.step(ANA, add("g-1", "goals", kind="goal", parent="g-9"), "not_found")
    v.step(ANA, add("g-2", "goals", kind="goal"))
    v.step(ANA, move("g-2", parent="g-9"), "not_found")
    v.step(ANA, move("g-2", parent="n-1"), "not_found")  # exists, but is no goal node
    v.step(FAY, {"kind": "block.update", "id": "no-block", "set": {"x": 1.5}}, "not_found")
    v.step(FAY, {"kind": "block.remove", "id": "no-block"}, "not_found")
    v.expect([note("n-1", "expectations", ANA), goal("g-2", "goals")])
    return v


def duplicate_id() -> Vector:
    v = Vector(
        "duplicate_id",
        "Ids are made by clients; an add that reuses the id of an existing item (of any kind) "
        "or block is refused and the existing one is kept unchanged.",
        ["R2", "R10"],
    )
    v.step(ANA, add("x-1", "expectations", kind="note", text="Ana's"))
    v.step(BEN, add("x-1", "expectations", kind="note", text="Ben's"), "duplicate_id")
    v.step(BEN, add("x-1", "swot", kind="swot", quadrant="S"), "duplicate_id")
    v.step(BEN, add("x-1", "perception", kind="note", text="Ben's"), "duplicate_id")
    v.step(FAY, {"kind": "block.add", "id": "swot", "block_kind": "notes"}, "duplicate_id")
    v.step(BEN, add("x-2", "expectations", kind="note", text="Ben's"))
    v.expect(
        [
            note("x-1", "expectations", ANA, text="Ana's"),
            note("x-2", "expectations", BEN, text="Ben's"),
        ]
    )
    return v


def wrong_block() -> Vector:
    v = Vector(
        "wrong_block",
        "Item kinds live only in their block kinds: notes in notes / goal_tree / perception / "
        "results, goal nodes in goal_tree (and never leave their tree), SWOT items in swot, "
        "actions in action_plan. A goal's parent must be in the same tree.",
        ["R4"],
    )
    v.step(FAY, {"kind": "block.add", "id": "goals-2", "block_kind": "goal_tree", "title": "Team"})
    v.step(ANA, add("n-1", "swot", kind="note"), "wrong_block")
    v.step(ANA, add("n-1", "poll", kind="note"), "wrong_block")
    v.step(ANA, add("n-1", "agenda", kind="note"), "wrong_block")
    v.step(ANA, add("n-1", "actions", kind="note"), "wrong_block")
    v.step(ANA, add("g-1", "expectations", kind="goal"), "wrong_block")
    v.step(ANA, add("s-1", "actions", kind="swot", quadrant="S"), "wrong_block")
    v.step(ANA, add("a-1", "swot", kind="action", owners=["product"]), "wrong_block")
    v.step(ANA, add("n-1", "expectations", kind="note"))
    v.step(ANA, add("n-2", "perception", kind="note"))
    v.step(ANA, add("n-3", "results", kind="note"))
    v.step(ANA, add("n-4", "goals", kind="note"))
    v.step(ANA, add("g-1", "goals", kind="goal"))
    v.step(ANA, move("n-1", block="swot"), "wrong_block")
    v.step(ANA, move("g-1", block="expectations"), "wrong_block")
    v.step(ANA, move("g-1", block="goals-2"), "wrong_block")  # a node stays in its tree
    v.step(ANA, add("g-2", "goals-2", kind="goal", parent="g-1"), "wrong_block")
    v.step(ANA, add("g-3", "goals-2", kind="goal"))
    v.step(ANA, move("g-3", parent="g-1"), "wrong_block")
    v.step(ANA, add("n-5", "goals-2", kind="note", on="g-1"), "wrong_block")
    v.expect(
        [
            note("n-1", "expectations", ANA),
            note("n-2", "perception", ANA),
            note("n-3", "results", ANA),
            note("n-4", "goals", ANA),
            goal("g-1", "goals"),
            goal("g-3", "goals-2"),
        ],
        blocks_added=[block("goals-2", "goal_tree", "Team")],
    )
    return v


def unknown_department() -> Vector:
    board = strategy_day("board-2", "R&D day", departments_from_names(["Finance", "R&D"]))
    v = Vector(
        "unknown_department",
        "Departments named by items (note / SWOT department, action owners) must be departments "
        "of this board, else not_found. null means no department.",
        ["R9", "R3"],
        board,
    )
    v.step(ANA, add("n-1", "expectations", kind="note", department="product"), "not_found")
    v.step(ANA, add("n-1", "expectations", kind="note", department="r-d"))
    v.step(ANA, update("n-1", department="legal"), "not_found")
    v.step(ANA, update("n-1", department="finance"))
    v.step(ANA, add("s-1", "swot", kind="swot", quadrant="O", department="sales"), "not_found")
    v.step(ANA, add("s-1", "swot", kind="swot", quadrant="O", department="finance"))
    v.step(ANA, update("s-1", department=None))
    v.step(ANA, add("a-1", "actions", kind="action", owners=["finance", "hr"]), "not_found")
    v.step(ANA, add("a-1", "actions", kind="action", owners=["finance", "r-d"]))
    v.step(ANA, update("a-1", owners=["marketing"]), "not_found")
    v.expect(
        [
            note("n-1", "expectations", ANA, department="finance"),
            swot("s-1", "swot", "O"),
            action("a-1", "actions", ["finance", "r-d"]),
        ]
    )
    return v


def group(
    iid: str,
    block: str,
    by: dict[str, Any],
    *,
    title: str = "",
    x: float,
    y: float,
    collapsed: bool = False,
) -> dict[str, Any]:
    return {
        "id": iid, "block": block, "kind": "group", "title": title, "x": x, "y": y,
        "collapsed": collapsed, "author": by["id"], "author_department": by["department"],
    }  # fmt: skip


def cell(c: int, r: int) -> dict[str, float]:
    """The top-left of flow cell (c, r): PAD_X + c * CELL_W, PAD_TOP + r * CELL_H (R13)."""
    return {"x": 24.0 + c * 224.0, "y": 84.0 + r * 75.0}


def placement() -> Vector:
    v = Vector(
        "placement",
        "R13: a note added without a position takes the first free place of its block's flow "
        "in seq order (a 1200-wide block has 5 columns; a note takes 1 column, 2 rows); a "
        "note put somewhere by a person keeps that spot and takes its cells; outside notes "
        "and results blocks each missing coordinate is 0. A block whose flow reaches its "
        "bottom grows, and the block below it moves down as much.",
        ["R13"],
    )
    for i in range(1, 6):
        v.step(ANA, add_unplaced(f"n-{i}", "expectations", kind="note", text=f"idea {i}"))
    v.step(BEN, add("n-6", "expectations", kind="note", text="here", x=24.0, y=234.0))
    v.step(ANA, add_unplaced("n-7", "expectations", kind="note"))
    v.step(BEN, add_unplaced("n-8", "perception", kind="note", department="product", x=40.0))
    for i in range(9, 23):
        v.step(BEN, add_unplaced(f"n-{i}", "expectations", kind="note"))
    free = [(2, 2), (3, 2), (4, 2)] + [(c, 4) for c in range(5)] + [(c, 6) for c in range(5)]
    free.append((0, 8))  # the 21st note of the block: below its 800 px
    v.expect(
        [
            note(f"n-{i}", "expectations", ANA, text=f"idea {i}", **cell(i - 1, 0))
            for i in range(1, 6)
        ]
        + [
            note("n-6", "expectations", BEN, text="here", x=24.0, y=234.0),
            note("n-7", "expectations", ANA, **cell(1, 2)),
            note("n-8", "perception", BEN, department="product", x=40.0),  # y: 0
        ]
        + [note(f"n-{i}", "expectations", BEN, **cell(*free[i - 9])) for i in range(9, 23)],
        # 84 + 8 * 75 + 134 + 24: the block grows to hold its last note; SWOT below moves.
        blocks_changed={"expectations": {"h": 842.0}, "swot": {"y": 942.0}},
    )
    return v


def private_placement() -> Vector:
    v = Vector(
        "private_placement",
        "R13 in a private block: nobody but the facilitator sees every item, so each add "
        "there takes the next slot of the block's count (`placed`), a positioned one too; a "
        "note without a position goes to its slot's cell. A private block cannot be tidied.",
        ["R13", "R14", "A2"],
    )
    v.step(FAY, {"kind": "block.private", "id": "expectations", "mode": "own"})
    v.step(ANA, add_unplaced("n-1", "expectations", kind="note"))
    v.step(BEN, add("n-2", "expectations", kind="note", x=500.0, y=500.0))
    v.step(BEN, add_unplaced("n-3", "expectations", kind="note"))
    v.step(ANA, add_unplaced("n-4", "expectations", kind="note"))
    v.step(FAY, {"kind": "block.tidy", "id": "expectations", "order": []}, "private_block")
    v.expect(
        [
            note("n-1", "expectations", ANA, **cell(0, 0)),
            note("n-2", "expectations", BEN, x=500.0, y=500.0),
            note("n-3", "expectations", BEN, **cell(2, 0)),
            note("n-4", "expectations", ANA, **cell(3, 0)),
        ],
        blocks_changed={"expectations": {"private": "own", "placed": 4}},
    )
    # Slots 4..19 fill rows 0-6; slot 20 is below the block's 800 px: it grows, for a
    # positioned note too (others see only a placeholder: they must agree on the size).
    for i in range(5, 22):
        v.step(BEN, add(f"n-{i}", "expectations", kind="note", x=500.0, y=500.0))
    v.expect(
        [
            note("n-1", "expectations", ANA, **cell(0, 0)),
            note("n-2", "expectations", BEN, x=500.0, y=500.0),
            note("n-3", "expectations", BEN, **cell(2, 0)),
            note("n-4", "expectations", ANA, **cell(3, 0)),
            *(note(f"n-{i}", "expectations", BEN, x=500.0, y=500.0) for i in range(5, 22)),
        ],
        blocks_changed={
            "expectations": {"private": "own", "placed": 21, "h": 842.0},
            "swot": {"y": 942.0},
        },
        board_changed={},
    )
    return v


def tidy() -> Vector:
    v = Vector(
        "tidy",
        "R14: the facilitator's block.tidy lays out a block's notes and groups again from an "
        "empty grid: the named ones in that order, then the rest top to bottom (ties by id); "
        "unknown ids are ignored. A group takes min(notes, 3) columns and a header row plus "
        "two rows per line of notes; collapsed, 1 x 2. Only notes and results blocks, only "
        "the facilitator.",
        ["R14", "R13"],
    )
    for i in range(1, 7):
        v.step(ANA, add(f"n-{i}", "expectations", kind="note", x=100.0, y=100.0))
    v.step(BEN, add("g-1", "expectations", kind="group", title="Pricing", x=600.0, y=300.0))
    for i in range(3, 7):
        v.step(BEN, move(f"n-{i}", group="g-1"))
    v.step(ANA, {"kind": "block.tidy", "id": "expectations", "order": []}, "forbidden")
    v.step(FAY, {"kind": "block.tidy", "id": "swot", "order": []}, "wrong_block")
    v.step(FAY, {"kind": "block.tidy", "id": "nope", "order": []}, "not_found")
    v.step(FAY, {"kind": "block.tidy", "id": "expectations", "order": ["n-1", "zz", "g-1", "n-1"]})
    v.expect(
        [
            note("n-1", "expectations", ANA, **cell(0, 0)),
            note("n-2", "expectations", ANA, **cell(4, 0)),
            *(
                note(f"n-{i}", "expectations", ANA, x=100.0, y=100.0, group="g-1")
                for i in range(3, 7)
            ),
            group("g-1", "expectations", BEN, title="Pricing", **cell(1, 0)),
        ]
    )
    v.step(FAY, update("g-1", collapsed=True))
    v.step(ANA, add_unplaced("n-7", "expectations", kind="note"))
    v.expect(
        [
            note("n-1", "expectations", ANA, **cell(0, 0)),
            note("n-2", "expectations", ANA, **cell(4, 0)),
            *(
                note(f"n-{i}", "expectations", ANA, x=100.0, y=100.0, group="g-1")
                for i in range(3, 7)
            ),
            group("g-1", "expectations", BEN, title="Pricing", collapsed=True, **cell(1, 0)),
            note("n-7", "expectations", ANA, **cell(2, 0)),
        ]
    )
    return v


def groups() -> Vector:
    v = Vector(
        "groups",
        "Groups of notes: a note joins a group of its own block; a note moved to another "
        "block leaves its group; a note leaving a group without a position is placed in the "
        "flow; removing a group places its notes in the flow (by id). Groups live in notes "
        "and results blocks and never change block.",
        ["R13", "R3", "R4"],
    )
    v.step(ANA, add_unplaced("n-1", "expectations", kind="note", text="price"))
    v.step(ANA, add_unplaced("n-2", "expectations", kind="note", text="discount"))
    v.step(ANA, add("g-1", "expectations", kind="group", title="Pricing", x=24.0, y=234.0))
    v.step(ANA, move("n-1", group="g-1"))
    v.step(BEN, move("n-2", group="g-1"))
    v.step(BEN, add_unplaced("n-3", "expectations", kind="note"))  # g-1 is 2 x 3 at rows 2-4
    v.step(BEN, add_unplaced("n-4", "expectations", kind="note", group="g-1"))
    v.step(FAY, add_unplaced("g-2", "results", kind="group", title="Wins"))
    v.step(ANA, move("n-1", group="g-x"), "not_found")
    v.step(ANA, move("n-1", group="g-2"), "wrong_block")
    v.step(ANA, move("n-1", group="n-3"), "not_found")
    v.step(ANA, add("g-3", "swot", kind="group"), "wrong_block")
    v.step(ANA, move("g-1", block="results"), "wrong_block")
    v.step(ANA, update("g-1", text="x"), "invalid_patch")
    v.step(ANA, update("g-1", title="Pricing & offers", collapsed=True))
    v.step(BEN, move("n-2", group=None))  # g-1 is collapsed now: 1 x 2
    v.step(ANA, move("n-1", block="results"))  # leaves g-1, so is placed: beside g-2
    v.expect(
        [
            note("n-1", "results", ANA, text="price", **cell(1, 0)),
            note("n-2", "expectations", ANA, text="discount", **cell(1, 0)),
            note("n-3", "expectations", BEN, **cell(0, 0)),
            note("n-4", "expectations", BEN, group="g-1"),
            group(
                "g-1",
                "expectations",
                ANA,
                title="Pricing & offers",
                x=24.0,
                y=234.0,
                collapsed=True,
            ),
            group("g-2", "results", FAY, title="Wins", **cell(0, 0)),
        ]
    )
    v.step(FAY, remove("g-1"))
    v.expect(
        [
            note("n-1", "results", ANA, text="price", **cell(1, 0)),
            note("n-2", "expectations", ANA, text="discount", **cell(1, 0)),
            note("n-3", "expectations", BEN, **cell(0, 0)),
            note("n-4", "expectations", BEN, **cell(2, 0)),
            group("g-2", "results", FAY, title="Wins", **cell(0, 0)),
        ]
    )
    return v


def ownership() -> Vector:
    v = Vector(
        "ownership",
        "A8: under `editing: own` (the default) a participant updates and removes only their "
        "own items (a goal node only with a subtree all their own); moving stays open to "
        "all; the facilitator may do anything; `editing: everyone` opens editing. A removed "
        "item comes back by adding it again with its id; the facilitator restoring someone "
        "else's item names them as `author` (on the roster), nobody else may.",
        ["A8"],
        editing="own",
    )
    v.step(ANA, add("n-1", "expectations", kind="note", text="mine"))
    v.step(BEN, add("n-2", "expectations", kind="note", text="his"))
    v.step(BEN, update("n-1", text="not mine"), "forbidden")
    v.step(BEN, remove("n-1"), "forbidden")
    v.step(BEN, move("n-1", x=300.0))
    v.step(ANA, update("n-1", text="still mine"))
    v.step(FAY, update("n-2", text="his, edited"))
    v.step(ANA, add("g-1", "goals", kind="goal", title="Grow"))
    v.step(BEN, add("g-2", "goals", kind="goal", title="Sell more", parent="g-1"))
    v.step(ANA, remove("g-1"), "forbidden")
    v.step(BEN, remove("g-2"))
    v.step(ANA, remove("g-1"))
    v.step(FAY, {"kind": "board.settings", "editing": "everyone"})
    v.step(BEN, update("n-1", text="ours"))
    v.step(FAY, {"kind": "board.settings", "editing": "own"})
    v.step(ANA, remove("n-1"))
    v.step(ANA, add("n-1", "expectations", kind="note", text="ours"))
    v.step(BEN, remove("n-2"))
    v.step(FAY, {**add("n-2", "expectations", kind="note", text="his, edited"), "author": "p-ben"})
    v.step(ANA, {**add("n-3", "expectations", kind="note"), "author": "p-ben"}, "forbidden")
    v.step(FAY, {**add("n-4", "expectations", kind="note"), "author": "p-nobody"}, "not_found")
    v.expect(
        [
            note("n-1", "expectations", ANA, text="ours"),
            note("n-2", "expectations", BEN, text="his, edited"),
        ]
    )
    return v


def departments() -> Vector:
    v = Vector(
        "departments",
        "A9: the facilitator renames a department or changes its colour (its id stays); "
        "board.settings carries `editing` and `language`. Nobody else may.",
        ["A9", "I7"],
    )
    v.step(FAY, {"kind": "department.update", "id": "sales", "name": "Продажи", "color": "#10b981"})
    v.step(FAY, {"kind": "department.update", "id": "marketing", "name": "Маркетинг"})
    v.step(FAY, {"kind": "department.update", "id": "nope", "name": "X"}, "not_found")
    v.step(FAY, {"kind": "department.update", "id": "product", "name": None}, "invalid_patch")
    v.step(ANA, {"kind": "department.update", "id": "product", "name": "Mine"}, "forbidden")
    v.step(FAY, {"kind": "board.settings", "language": "ru"})
    v.expect(
        [],
        board_changed={
            "departments": [
                {"id": "product", "name": "Product", "color": "#3b82f6"},
                {"id": "sales", "name": "Продажи", "color": "#10b981"},
                {"id": "marketing", "name": "Маркетинг", "color": "#ec4899"},
            ],
            "settings": {**v.initial["settings"], "language": "ru"},
        },
    )
    return v


# Exercises (PROTOCOL.md "Exercises"): the hub computes their state; Ben's audience sees
# what a participant of sales gets of them (E1, E7).


def vote(
    vid: str,
    block: str,
    *,
    budget: int = 5,
    max_per_item: int = 3,
    live: bool = False,
    open_: bool = True,
    dots: dict[str, dict[str, int]] | None = None,
    departments: dict[str, str | None] | None = None,
) -> dict[str, Any]:
    return {
        "id": vid, "block": block, "budget": budget, "max_per_item": max_per_item,
        "live": live, "own_items": True, "shuffle": False, "open": open_, "dots": dots or {},
        "departments": departments or {},
    }  # fmt: skip


def cast(vid: str, iid: str, delta: int = 1) -> dict[str, Any]:
    return {"kind": "vote.cast", "vote": vid, "item": iid, "delta": delta}


def votes() -> Vector:
    v = Vector(
        "votes",
        "E2: a dot vote on a block: one open vote per block; `max_per_item` is at most the "
        "budget; dots go on items of the vote's block the voter may see, within the budget "
        "and the per-item maximum, checked at each dot's turn; a dot taken back must be "
        "there; a closed vote takes none. Dots on a removed item stay spent. Ballots put "
        "their author on the ballot roster, not the roster (R12, E7). Ben (sales) gets "
        "others' dots as which vote they touched, his own with his `mine`, the figures in "
        "the ticks' `exercise` frames.",
        ["E1", "E2", "E7", "R12", "A2"],
        audience=BEN,
    )
    v.step(ANA, add("s-1", "swot", kind="swot", quadrant="S", text="Loyal customers"))
    v.step(BEN, add("s-2", "swot", kind="swot", quadrant="W", text="Slow onboarding"))
    v.step(CY, add("s-3", "swot", kind="swot", quadrant="O", text="New market"))
    v.step(FAY, {"kind": "block.private", "id": "perception", "mode": "own"})
    v.step(ANA, add("p-1", "perception", kind="note", text="Ana's guess"))
    v.step(BEN, add("p-2", "perception", kind="note", text="Ben's guess"))
    start = {"kind": "vote.start", "id": "v-1", "block": "swot", "budget": 3, "max_per_item": 2}
    v.step(ANA, start, "forbidden")
    v.step(FAY, {**start, "block": "nope"}, "not_found")
    v.step(FAY, start)
    v.step(FAY, {**start, "id": "v-2"}, "closed")  # v-1 is open on the SWOT block
    v.step(FAY, {**start, "block": "perception"}, "duplicate_id")
    v.step(FAY, {"kind": "vote.start", "id": "v-p", "block": "perception", "budget": 2,
                 "max_per_item": 5, "live": True})  # fmt: skip
    v.step(ANA, cast("v-1", "s-1"))
    v.step(ANA, cast("v-1", "s-1"))
    v.step(ANA, cast("v-1", "s-1"), "budget_exceeded")  # at most 2 on one item
    v.step(ANA, cast("v-1", "s-2"))
    v.step(ANA, cast("v-1", "s-3"), "budget_exceeded")  # all 3 placed
    v.step(BEN, cast("v-1", "s-2"))
    v.step(BEN, cast("v-1", "s-3", -1), "invalid_patch")  # none of his dots is there
    v.step(BEN, cast("v-1", "p-2"), "wrong_block")
    v.step(BEN, cast("v-1", "s-9"), "not_found")
    v.step(BEN, cast("v-9", "s-1"), "not_found")
    v.step(BEN, cast("v-p", "p-1"), "forbidden")  # Ana's, in a private block
    v.step(BEN, cast("v-p", "p-2"))
    v.step(ANA, cast("v-p", "p-1"))
    v.tick()
    v.step(CY, cast("v-1", "s-1"))
    v.step(CY, cast("v-1", "s-3"))
    v.step(DEE, cast("v-1", "s-3"))  # Dee's first act: the ballot roster
    v.step(BEN, cast("v-1", "s-2", -1))
    v.step(BEN, cast("v-1", "s-1"))
    v.step(BEN, cast("v-1", "s-3"))
    v.step(SCREEN, cast("v-1", "s-1"), "forbidden")
    v.step(CY, remove("s-3"))  # its dots stay spent
    v.tick()
    v.step(ANA, {"kind": "vote.close", "id": "v-1"}, "forbidden")
    v.step(FAY, {"kind": "vote.close", "id": "v-1"})
    v.step(FAY, {"kind": "vote.close", "id": "v-1"}, "closed")
    v.step(FAY, {"kind": "vote.close", "id": "v-9"}, "not_found")
    v.step(CY, cast("v-1", "s-1"), "closed")
    v.step(FAY, {**start, "id": "v-2", "budget": 1})  # v-1 is closed: a new vote may open
    v.step(FAY, cast("v-2", "s-2"))
    v.step(FAY, {"kind": "participant.remove", "id": "p-dee"})
    v.step(DEE, cast("v-2", "s-1"), "forbidden")
    v.step(BEN, cast("v-2", "s-1"))
    v.expect(
        [
            swot("s-1", "swot", "S", text="Loyal customers"),
            swot("s-2", "swot", "W", text="Slow onboarding"),
            note("p-1", "perception", ANA, text="Ana's guess"),
            note("p-2", "perception", BEN, text="Ben's guess"),
        ],
        blocks_changed={"perception": {"private": "own"}},
        board_changed={
            "people": {"p-dee": {"removed": True}},
            "votes": {
                "v-1": vote(
                    "v-1",
                    "swot",
                    budget=3,
                    max_per_item=2,
                    open_=False,
                    dots={
                        "p-ana": {"s-1": 2, "s-2": 1},
                        "p-cy": {"s-1": 1, "s-3": 1},
                        "p-dee": {"s-3": 1},
                        "p-ben": {"s-1": 1, "s-3": 1},
                    },
                    departments={
                        "p-ana": "product",
                        "p-ben": "sales",
                        "p-cy": "sales",
                        "p-dee": "marketing",
                    },
                ),
                "v-p": vote(
                    "v-p",
                    "perception",
                    budget=2,
                    max_per_item=2,
                    live=True,
                    dots={"p-ben": {"p-2": 1}, "p-ana": {"p-1": 1}},
                    departments={"p-ben": "sales", "p-ana": "product"},
                ),
                "v-2": vote(
                    "v-2",
                    "swot",
                    budget=1,
                    max_per_item=1,
                    dots={"p-fay": {"s-2": 1}, "p-ben": {"s-1": 1}},
                    departments={"p-fay": None, "p-ben": "sales"},
                ),
            },
        },
    )
    v.expect_audience(
        [
            swot("s-1", "swot", "S", text="Loyal customers"),
            swot("s-2", "swot", "W", text="Slow onboarding"),
            placeholder("p-1", "perception", "product"),
            note("p-2", "perception", BEN, text="Ben's guess"),
        ]
    )
    return v


def poll(
    pid: str,
    question: str,
    rounds: list[dict[str, Any]],
    *,
    low: int = 1,
    high: int = 10,
    comment: bool = True,
    revealed: bool = False,
) -> dict[str, Any]:
    return {
        "id": pid, "block": "poll", "question": question, "low": low, "high": high,
        "comment": comment, "revealed": revealed, "rounds": rounds,
    }  # fmt: skip


def answered(by: dict[str, Any], score: int, comment: str = "") -> dict[str, Any]:
    return {"score": score, "comment": comment, "department": by["department"]}


def answer(pid: str, score: int, comment: str = "") -> dict[str, Any]:
    return {"kind": "poll.answer", "poll": pid, "score": score, "comment": comment}


def polls() -> Vector:
    v = Vector(
        "polls",
        "E3: scale polls in a poll block, a scale of at most 20 steps; rounds open one at a "
        "time (at most 10), each takes one answer per person (a new one replaces it) within "
        "the scale, with a comment only where the poll takes comments; reveal shows the "
        "figures and can hide them again. Ben (sales) gets others' answers as which poll "
        "they touched, his own with his `mine`, the figures in the ticks' `exercise` frames.",
        ["E1", "E3", "E7", "R12"],
        audience=BEN,
    )
    create = {"kind": "poll.create", "id": "q-1", "block": "poll",
              "question": "How achievable is the goal?"}  # fmt: skip
    v.step(ANA, create, "forbidden")
    v.step(FAY, {**create, "block": "nope"}, "not_found")
    v.step(FAY, {**create, "block": "swot"}, "wrong_block")
    v.step(FAY, {**create, "low": 5, "high": 5}, "invalid_patch")
    v.step(FAY, {**create, "low": 0, "high": 21}, "invalid_patch")
    v.step(FAY, create)
    v.step(FAY, {**create, "id": "q-2", "question": "Confidence", "low": 0, "high": 20,
                 "comment": False})  # fmt: skip
    v.step(FAY, {**create, "question": "Again"}, "duplicate_id")
    v.step(BEN, answer("q-1", 5), "closed")  # no round open yet
    v.step(FAY, {"kind": "poll.close", "poll": "q-1"}, "closed")
    v.step(FAY, {"kind": "poll.open", "poll": "q-1", "label": "Before"})
    v.step(FAY, {"kind": "poll.open", "poll": "q-1"}, "closed")  # close the open one first
    v.step(FAY, {"kind": "poll.open", "poll": "q-9"}, "not_found")
    v.step(ANA, answer("q-1", 7, "doable"))
    v.step(BEN, answer("q-1", 11), "invalid_patch")
    v.step(BEN, answer("q-1", 4))
    v.step(BEN, answer("q-1", 5, "maybe"))  # replaces his 4
    v.step(CY, answer("q-1", 3))
    v.step(DEE, answer("q-2", 9), "closed")
    v.step(BEN, answer("q-9", 5), "not_found")
    v.tick()
    v.step(FAY, {"kind": "poll.close", "poll": "q-1"})
    v.step(CY, answer("q-1", 6), "closed")
    v.step(ANA, {"kind": "poll.reveal", "poll": "q-1"}, "forbidden")
    v.step(FAY, {"kind": "poll.reveal", "poll": "q-9"}, "not_found")
    v.step(FAY, {"kind": "poll.reveal", "poll": "q-1"})
    v.step(FAY, {"kind": "poll.open", "poll": "q-1"})  # no label: "Round 2"
    v.step(ANA, answer("q-1", 8, "easier now"))
    v.step(BEN, answer("q-1", 6))
    v.step(CY, answer("q-1", 4))
    v.step(DEE, answer("q-1", 9))
    v.step(SCREEN, answer("q-1", 9), "forbidden")
    v.tick()
    v.step(FAY, {"kind": "poll.close", "poll": "q-1"})
    v.step(FAY, {"kind": "poll.reveal", "poll": "q-1", "revealed": False})
    v.step(FAY, {"kind": "poll.reveal", "poll": "q-1", "revealed": True})
    v.step(FAY, {"kind": "poll.open", "poll": "q-2", "label": "Only round"})
    v.step(BEN, answer("q-2", 20, "why"), "invalid_patch")  # q-2 takes no comment
    v.step(BEN, answer("q-2", 21), "invalid_patch")  # 0..20
    v.step(BEN, answer("q-2", 20))
    v.tick()
    v.step(FAY, {"kind": "poll.close", "poll": "q-2"})
    for _ in range(9):  # rounds 2..10 of q-2
        v.step(FAY, {"kind": "poll.open", "poll": "q-2"})
        v.step(FAY, {"kind": "poll.close", "poll": "q-2"})
    v.step(FAY, {"kind": "poll.open", "poll": "q-2"}, "board_full")  # at most 10 rounds
    v.expect(
        [],
        board_changed={
            "polls": {
                "q-1": poll(
                    "q-1",
                    "How achievable is the goal?",
                    [
                        {
                            "label": "Before",
                            "open": False,
                            "answers": {
                                "p-ana": answered(ANA, 7, "doable"),
                                "p-ben": answered(BEN, 5, "maybe"),
                                "p-cy": answered(CY, 3),
                            },
                        },
                        {
                            "label": "Round 2",
                            "open": False,
                            "answers": {
                                "p-ana": answered(ANA, 8, "easier now"),
                                "p-ben": answered(BEN, 6),
                                "p-cy": answered(CY, 4),
                                "p-dee": answered(DEE, 9),
                            },
                        },
                    ],
                    revealed=True,
                ),
                "q-2": poll(
                    "q-2",
                    "Confidence",
                    [
                        {
                            "label": "Only round",
                            "open": False,
                            "answers": {"p-ben": answered(BEN, 20)},
                        }
                    ]
                    + [{"label": f"Round {n}", "open": False, "answers": {}} for n in range(2, 11)],
                    low=0,
                    high=20,
                    comment=False,
                ),
            },
        },
    )
    v.expect_audience([])
    return v


def entry(eid: str, title: str, minutes: float, block: str | None, actual_ms: int = 0) -> Any:
    return {"id": eid, "title": title, "minutes": minutes, "block": block, "actual_ms": actual_ms}


def agenda_set(*entries: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "agenda.set",
        "items": [{k: e[k] for k in ("id", "title", "minutes", "block")} for e in entries],
    }


def agenda_done() -> Vector:
    v = Vector(
        "agenda_done",
        "E5, E6: the agenda and its timer run on the server's clock (`ts` of each op): "
        "start, pause and next bank the running stretch into the current item's "
        "`actual_ms`; an entry keeps its time by id when the agenda is set again, and one "
        "taken off takes its time with it (taking off the current one stops the timer). "
        'Moving to another item, or past the last, clears the "I\'m done" marks; done.set '
        "and done.reset keep them. Ben (sales) gets the agenda and the marks with each op.",
        ["E1", "E5", "E6", "R8"],
        audience=BEN,
    )
    a1 = entry("a-1", "Icebreaker", 10.0, "expectations")
    a2 = entry("a-2", "SWOT", 30.0, "swot")
    a3 = entry("a-3", "Actions", 20.0, None)
    done = {"kind": "done.set", "done": True}
    v.step(FAY, {"kind": "agenda.start"}, "not_found", ts=1000)  # nothing on the agenda
    v.step(FAY, {"kind": "agenda.next"}, "not_found", ts=1000)
    v.step(ANA, agenda_set(a1), "forbidden")
    v.step(FAY, agenda_set(a1, a1), "duplicate_id")
    v.step(FAY, agenda_set(a1, entry("a-2", "SWOT", 30.0, "nope")), "not_found")
    v.step(FAY, agenda_set(a1, a2, a3), ts=2000)
    v.step(FAY, {"kind": "agenda.start", "item": "a-9"}, "not_found", ts=3000)
    v.step(FAY, {"kind": "agenda.start"}, ts=10_000)  # the first item
    v.step(ANA, done, ts=20_000)
    v.step(BEN, done, ts=21_000)
    v.step(ANA, {"kind": "agenda.pause"}, "forbidden", ts=60_000)
    v.step(FAY, {"kind": "agenda.pause"}, ts=70_000)  # a-1: 60 s banked
    v.step(FAY, {"kind": "agenda.pause"}, ts=80_000)  # not running: nothing to bank
    v.step(FAY, {"kind": "agenda.start"}, ts=100_000)  # a-1 again: the marks stay
    v.step(FAY, {"kind": "agenda.start", "item": "a-1"}, ts=110_000)  # running already
    v.step(FAY, {"kind": "agenda.next"}, ts=160_000)  # a-1: 120 s; a-2 runs, marks clear
    v.step(CY, done, ts=170_000)
    v.step(BEN, {"kind": "done.set", "done": False}, ts=171_000)  # was not done: no change
    v.step(FAY, {"kind": "agenda.start", "item": "a-3"}, ts=200_000)  # a-2: 40 s
    v.step(ANA, done, ts=205_000)
    a1_longer = entry("a-1", "Icebreaker", 15.0, "expectations")
    v.step(FAY, agenda_set(a1_longer, a3), ts=210_000)  # a-2 goes, a-3 runs on
    v.step(FAY, agenda_set(a1_longer), ts=220_000)  # a-3 goes: the timer stops
    v.step(FAY, {"kind": "agenda.next"}, ts=300_000)  # nothing current: the first item
    v.step(BEN, done, ts=310_000)
    v.step(FAY, {"kind": "agenda.next"}, ts=330_000)  # past the last: the day is over
    v.expect(
        [],
        board_changed={
            "agenda": {
                "items": [entry("a-1", "Icebreaker", 15.0, "expectations", 150_000)],
                "current": None,
                "running": False,
                "started_at": None,
            },
        },
    )
    v.step(DEE, done, ts=331_000)
    v.step(FAY, done, ts=332_000)
    v.step(BEN, {"kind": "done.reset"}, "forbidden", ts=333_000)
    v.step(SCREEN, done, "forbidden", ts=334_000)
    v.step(FAY, {"kind": "done.reset"}, ts=335_000)
    v.step(ANA, done, ts=336_000)
    v.expect(
        [],
        board_changed={
            "agenda": {
                "items": [entry("a-1", "Icebreaker", 15.0, "expectations", 150_000)],
                "current": None,
                "running": False,
                "started_at": None,
            },
            "done": {"p-ana": "product"},
        },
    )
    v.expect_audience([])
    return v


def stepped(eid: str, title: str, minutes: float, block: str | None, **step: Any) -> dict[str, Any]:
    """An agenda entry with a step (E8): the step's settings with their defaults filled in."""
    settings = {
        "blocks": [], "writers": "everyone", "department": None, "visibility": "public",
        "circles": "across",
        "vote": None, "poll": None, "lock_others": True, "screen": None, "done_reset": True,
        "pause_at_zero": False, "chime": False, "end": [],
    } | step  # fmt: skip
    return entry(eid, title, minutes, block) | {"step": settings}


def step_vote(vid: str, **rules: Any) -> dict[str, Any]:
    return {
        "id": vid, "budget": 3, "max_per_item": 3, "live": False, "own_items": True,
        "shuffle": False,
    } | rules  # fmt: skip


def agenda_steps() -> Vector:
    v = Vector(
        "agenda_steps",
        "E8: agenda entries carry steps. Running one (agenda.next, agenda.start) applies its "
        "rules in that one op: the step's blocks open to its writers (a department, or "
        "nobody), private per department or public, the other blocks locked, the spotlight "
        "and the screen on its first block, its vote or poll round open; moving on runs the "
        "left step's end actions (close the round, reveal, lock, close the vote). A step "
        "that pauses at zero refuses participants' item ops once its time (with "
        "agenda.extend's minutes, or half the last extension) is spent. A vote may refuse "
        "dots on one's own items. Ben (sales) gets the whole board with each step.",
        ["E5", "E8", "A1", "A2", "E2", "E3"],
        audience=BEN,
    )
    poll_before = stepped(
        "s-1", "Poll before", 5.0, "poll", blocks=["poll"], writers="nobody",
        poll={"poll": "pl", "label": "Before"}, screen="block", end=["close_round"],
    )  # fmt: skip
    write = stepped(
        "s-2", "Expectations by department", 15.0, "expectations", blocks=["expectations"],
        visibility="department", pause_at_zero=True, end=["reveal"],
    )  # fmt: skip
    sales_swot = stepped(
        "s-3", "SWOT: sales writes", 10.0, "swot", blocks=["swot"], writers="department",
        department="sales", lock_others=False, end=["lock"],
    )  # fmt: skip
    dots = stepped(
        "s-4", "Dot vote", 5.0, "swot", blocks=["swot"], writers="nobody",
        vote=step_vote("v-swot", own_items=False), screen="results", end=["close_vote"],
    )  # fmt: skip

    def agenda(*entries: dict[str, Any]) -> dict[str, Any]:
        return {
            "kind": "agenda.set",
            "items": [{k: e[k] for k in e if k != "actual_ms"} for e in entries],
        }

    v.step(FAY, {"kind": "poll.create", "id": "pl", "block": "poll", "question": "Achievable?"})
    v.step(FAY, agenda(stepped("s-9", "x", 5.0, None, blocks=["nope"])), "not_found")
    v.step(
        FAY, agenda(stepped("s-9", "x", 5.0, None, writers="department", department="hr")),
        "not_found",
    )  # fmt: skip
    v.step(FAY, agenda(stepped("s-9", "x", 5.0, None, poll={"poll": "nope"})), "not_found")
    v.step(FAY, agenda(stepped("s-9", "x", 5.0, None, vote=step_vote("v-9"))), "invalid_patch")
    v.step(FAY, agenda(poll_before, write, sales_swot, dots), ts=1000)
    v.step(FAY, {"kind": "agenda.extend"}, "not_found", ts=2000)  # nothing runs yet
    v.step(FAY, {"kind": "agenda.next"}, ts=10_000)  # s-1: the poll's "Before" round
    v.step(ANA, answer("pl", 7), ts=20_000)
    v.step(ANA, add("n-1", "expectations", kind="note", x=10.0, y=10.0), "locked", ts=21_000)
    v.step(FAY, {"kind": "agenda.next"}, ts=70_000)  # s-2: the round closes
    v.step(ANA, answer("pl", 8), "closed", ts=71_000)
    v.step(ANA, add("n-1", "expectations", kind="note", x=10.0, y=10.0), ts=72_000)
    v.step(BEN, add("n-2", "expectations", kind="note", x=20.0, y=20.0), ts=73_000)
    v.step(ANA, add("n-9", "swot", kind="swot", quadrant="S"), "locked", ts=74_000)
    # 15 min from 70 s: the time is up at 970 s; a minute more, then half of that.
    v.step(ANA, update("n-1", text="late"), "locked", ts=975_000)
    v.step(ANA, {"kind": "agenda.extend"}, "forbidden", ts=976_000)
    v.step(FAY, {"kind": "agenda.extend", "minutes": 1.0}, ts=977_000)
    v.step(ANA, update("n-1", text="in time"), ts=980_000)
    v.step(ANA, update("n-1", text="late again"), "locked", ts=1_030_000)
    v.step(FAY, {"kind": "agenda.extend", "halve": True}, ts=1_031_000)
    v.step(ANA, update("n-1", text="last word"), ts=1_040_000)
    v.step(BEN, {"kind": "done.set", "done": True}, ts=1_041_000)
    v.step(FAY, {"kind": "agenda.next"}, ts=1_100_000)  # s-3: revealed; sales writes SWOT
    v.step(ANA, add("s-a", "swot", kind="swot", quadrant="S"), "locked", ts=1_101_000)
    v.step(BEN, add("s-b", "swot", kind="swot", quadrant="S"), ts=1_102_000)
    v.step(CY, add("s-c", "swot", kind="swot", quadrant="W"), ts=1_103_000)
    v.step(ANA, add("n-3", "expectations", kind="note", x=30.0, y=30.0), ts=1_104_000)
    v.step(FAY, {"kind": "agenda.next"}, ts=1_200_000)  # s-4: the vote opens
    v.step(BEN, add("s-d", "swot", kind="swot", quadrant="S"), "locked", ts=1_201_000)
    v.step(BEN, cast("v-swot", "s-b"), "forbidden", ts=1_202_000)  # his own item
    v.step(BEN, cast("v-swot", "s-c"), ts=1_203_000)
    v.step(ANA, cast("v-swot", "s-b"), ts=1_204_000)
    v.step(FAY, {"kind": "agenda.next"}, ts=1_300_000)  # the last step ends: vote closed
    v.step(CY, cast("v-swot", "s-b"), "closed", ts=1_301_000)
    locked = {"locked": True}

    def final() -> list[dict[str, Any]]:
        """The items at the end: everyone's, the SWOT revealed (fresh: expect fills them in)."""
        return [
            note("n-1", "expectations", ANA, text="last word", x=10.0, y=10.0),
            note("n-2", "expectations", BEN, x=20.0, y=20.0),
            note("n-3", "expectations", ANA, x=30.0, y=30.0),
            swot("s-b", "swot", "S", order="V"),
            swot("s-c", "swot", "W", order="V"),
        ]

    v.expect(
        final(),
        blocks_changed={
            "expectations": {"private": None, "writers": None, "placed": 2, "locked": True},
            "perception": locked,
            "results": locked,
            "goals": locked,
            "swot": {"locked": True, "writers": None, "private": None},
            "actions": locked,
            "poll": {"locked": True, "writers": None, "private": None},
            "agenda": locked,
        },
        board_changed={
            "spotlight": "swot",
            "screen": {"mode": "results", "block": "swot", "cursors": False},
            "polls": {
                "pl": poll(
                    "pl",
                    "Achievable?",
                    [
                        {"label": "Before", "open": False, "answers": {"p-ana": answered(ANA, 7)}},
                    ],
                ),
            },
            "votes": {
                "v-swot": vote(
                    "v-swot",
                    "swot",
                    budget=3,
                    open_=False,
                    dots={"p-ben": {"s-c": 1}, "p-ana": {"s-b": 1}},
                    departments={"p-ben": "sales", "p-ana": "product"},
                )
                | {"own_items": False},
            },
            "agenda": {
                "items": [
                    poll_before | {"actual_ms": 60_000},
                    write | {"actual_ms": 1_030_000, "extra_ms": 90_000, "last_extra_ms": 30_000},
                    sales_swot | {"actual_ms": 100_000},
                    dots | {"actual_ms": 100_000},
                ],
                "current": None,
                "running": False,
                "started_at": None,
            },
            "done": {},
        },
    )
    v.expect_audience(final())
    return v


def screen_lobby() -> Vector:
    v = Vector(
        "screen_lobby",
        "A7: what the projector shows is the facilitator's `screen.show` (the whole screen "
        "state is replaced; `block` and `results` need an existing block); removing the "
        "shown block sends the screen back to `follow`. I5: `participant.admit` lets a "
        "person in from the lobby.",
        ["A7", "I5", "R8"],
    )
    show = {"kind": "screen.show"}
    v.step(FAY, {**show, "mode": "block", "block": "swot", "cursors": True})
    v.step(FAY, {**show, "mode": "results"}, "invalid_patch")
    v.step(FAY, {**show, "mode": "block", "block": "nope"}, "not_found")
    v.step(ANA, {**show, "mode": "join"}, "forbidden")
    v.step(FAY, {**show, "mode": "join"})
    v.step(FAY, {**show, "mode": "results", "block": "poll", "cursors": True})
    v.step(FAY, {"kind": "block.remove", "id": "poll"})
    v.step(FAY, {"kind": "board.settings", "lobby": True})
    v.step(ANA, {"kind": "participant.admit", "id": "p-dee"}, "forbidden")
    v.step(FAY, {"kind": "participant.admit", "id": "p-dee"})
    v.step(FAY, {"kind": "participant.update", "id": "p-dee", "name": "Dee D."})
    v.expect(
        [],
        blocks_removed=["poll"],
        board_changed={
            "screen": {"mode": "follow", "block": None, "cursors": True},
            "settings": {**v.initial["settings"], "lobby": True},
            "people": {"p-dee": {"admitted": True, "name": "Dee D."}},
        },
    )
    return v


# Hidden ops (A2, A3): Ben (sales) may not see what others write in a private block, and
# gets placeholders and redacted ops for it.


def hidden_flow() -> Vector:
    v = Vector(
        "hidden_flow",
        "A2, A3, R13: a notes block goes private (by department, then by author, then "
        "revealed). Ben (sales) gets a placeholder for each add he may not see, `{kind: "
        "hidden}` for each update or move of one (and for a refused op of someone else), "
        "the real op for its removal, and the block's items as he sees them with each "
        "`block.private`. Every add there takes the next slot, seen or not, so his replica "
        "grows the block as the hub's does; after the reveal he places a new note in the "
        "flow as everyone does.",
        ["A2", "A3", "R13", "R12"],
        audience=BEN,
    )
    v.step(ANA, add("n-1", "expectations", kind="note", text="public first", x=500.0, y=500.0))
    v.step(FAY, {"kind": "block.private", "id": "expectations", "mode": "department"})
    v.step(ANA, add_unplaced("n-2", "expectations", kind="note", text="Ana's idea"))  # slot 0
    v.step(CY, add_unplaced("n-3", "expectations", kind="note", text="Cy's idea"))  # slot 1
    v.step(BEN, add_unplaced("n-4", "expectations", kind="note", text="Ben's idea"))  # 2
    v.step(DEE, add("n-5", "expectations", kind="note", text="Dee's", x=700.0, y=300.0))  # 3
    v.step(ANA, update("n-2", text="Ana's idea, refined"))
    v.step(ANA, move("n-2", x=900.0, y=100.0))
    v.step(BEN, update("n-3", text="Cy's idea, in Ben's words"))  # his department's
    v.step(BEN, update("n-2", text="peek"), "forbidden")
    v.step(BEN, move("n-5", x=0.0), "forbidden")
    v.step(ANA, update("n-9", text="gone"), "not_found")
    v.step(ANA, remove("n-2"))
    v.step(FAY, update("n-5", text="Dee's, edited by Fay"))
    for i in range(10, 27):  # slots 4..20: the last is below the block's 800 px
        v.step(ANA if i % 2 else DEE, add_unplaced(f"n-{i}", "expectations", kind="note"))
    v.step(FAY, {"kind": "block.private", "id": "expectations", "mode": "own"})
    v.step(CY, update("n-3", text="Cy again"))  # not Ben's own: hidden from him now
    v.step(CY, move("n-3", x=300.0, y=700.0))

    def filled(i: int) -> dict[str, Any]:
        slot = i - 6
        return note(
            f"n-{i}",
            "expectations",
            ANA if i % 2 else DEE,
            **cell(slot % 5, 2 * (slot // 5)),
        )

    notes = [
        note("n-1", "expectations", ANA, text="public first", x=500.0, y=500.0),
        note("n-3", "expectations", CY, text="Cy again", x=300.0, y=700.0),
        note("n-4", "expectations", BEN, text="Ben's idea", **cell(2, 0)),
        note("n-5", "expectations", DEE, text="Dee's, edited by Fay", x=700.0, y=300.0),
        *(filled(i) for i in range(10, 27)),
    ]
    grown = {"expectations": {"private": "own", "placed": 21, "h": 842.0}, "swot": {"y": 942.0}}
    v.expect(copy.deepcopy(notes), blocks_changed=grown)
    v.expect_audience(
        [
            placeholder("n-1", "expectations", "product"),
            placeholder("n-3", "expectations", "sales"),
            note("n-4", "expectations", BEN, text="Ben's idea", **cell(2, 0)),
            placeholder("n-5", "expectations", "marketing"),
            *(
                placeholder(f"n-{i}", "expectations", "product" if i % 2 else "marketing")
                for i in range(10, 27)
            ),
        ]
    )
    v.step(FAY, {"kind": "block.private", "id": "expectations", "mode": None})
    v.step(BEN, update("n-5", text="Dee's, read by all"))
    v.step(ANA, add_unplaced("n-30", "expectations", kind="note"))  # n-2's cell is free
    notes[3]["text"] = "Dee's, read by all"
    notes.append(note("n-30", "expectations", ANA, **cell(0, 0)))
    grown["expectations"]["private"] = None
    v.expect(copy.deepcopy(notes), blocks_changed=grown)
    v.expect_audience(notes)
    return v


def hidden_blocks() -> Vector:
    v = Vector(
        "hidden_blocks",
        "A2, A3 in every block kind: private SWOT, perception, goal tree, action plan and "
        "results blocks. Ben (sales) holds a placeholder for each item he may not see "
        "(outside notes and results blocks an add takes no slot), may not edit one, and "
        "gets it whole when the block is revealed; removing a block removes its "
        "placeholders too.",
        ["A2", "A3", "R13", "R7"],
        audience=BEN,
    )
    v.step(FAY, {"kind": "block.private", "id": "swot", "mode": "own"})
    v.step(ANA, add("s-1", "swot", kind="swot", quadrant="S", text="Ana's strength"))
    v.step(BEN, add("s-2", "swot", kind="swot", quadrant="T", text="Ben's threat"))
    v.step(ANA, move("s-1", quadrant="W", order="k"))
    v.step(ANA, move("s-1", block="expectations"), "private_block")
    v.step(ANA, update("s-1", text="Ana's weakness"))
    v.step(FAY, {"kind": "block.private", "id": "perception", "mode": "department"})
    v.step(DEE, add_unplaced("p-1", "perception", kind="note", text="Dee's view"))
    v.step(CY, add_unplaced("p-2", "perception", kind="note", text="Cy's view"))
    v.step(FAY, {"kind": "block.private", "id": "goals", "mode": "own"})
    v.step(ANA, add("g-1", "goals", kind="goal", title="Grow"))
    v.step(ANA, add("g-2", "goals", kind="goal", title="Grow more", parent="g-1"))
    v.step(ANA, add("n-g", "goals", kind="note", text="how?", on="g-2"))
    v.step(ANA, remove("g-2"))  # a leaf: n-g is unhung
    v.step(ANA, add("g-5", "goals", kind="goal", title="Short-lived"))
    v.step(ANA, add("g-6", "goals", kind="goal", title="Under it", parent="g-5"))
    v.step(ANA, remove("g-5"))  # takes g-6 along: Ben's placeholder of g-6 goes too
    v.step(BEN, add("g-3", "goals", kind="goal", title="Ben's goal"))
    v.step(FAY, {"kind": "block.private", "id": "actions", "mode": "department"})
    v.step(ANA, add("a-1", "actions", kind="action", title="Ana's plan", owners=["product"]))
    v.step(BEN, update("a-1", status="doing"), "forbidden")
    v.step(FAY, {"kind": "block.private", "id": "results", "mode": "own"})
    v.step(ANA, add_unplaced("gr-1", "results", kind="group", title="Ana's group"))  # slot 0
    v.step(ANA, add_unplaced("n-r1", "results", kind="note", group="gr-1"))  # slot 1
    v.step(BEN, add_unplaced("n-r2", "results", kind="note", text="Ben's result"))  # slot 2
    v.expect(
        [
            swot("s-1", "swot", "W", text="Ana's weakness", order="k"),
            swot("s-2", "swot", "T", text="Ben's threat"),
            note("p-1", "perception", DEE, text="Dee's view"),
            note("p-2", "perception", CY, text="Cy's view"),
            goal("g-1", "goals", title="Grow"),
            note("n-g", "goals", ANA, text="how?"),
            goal("g-3", "goals", title="Ben's goal"),
            action("a-1", "actions", ["product"], title="Ana's plan"),
            group("gr-1", "results", ANA, title="Ana's group", **cell(0, 0)),
            note("n-r1", "results", ANA, group="gr-1"),
            note("n-r2", "results", BEN, text="Ben's result", **cell(2, 0)),
        ],
        blocks_changed={
            "swot": {"private": "own"},
            "perception": {"private": "department"},
            "goals": {"private": "own"},
            "actions": {"private": "department"},
            "results": {"private": "own", "placed": 3},
        },
    )
    v.expect_audience(
        [
            placeholder("s-1", "swot", "product"),
            swot("s-2", "swot", "T", text="Ben's threat"),
            placeholder("p-1", "perception", "marketing"),
            note("p-2", "perception", CY, text="Cy's view"),
            placeholder("g-1", "goals", "product"),
            placeholder("n-g", "goals", "product"),
            goal("g-3", "goals", title="Ben's goal"),
            placeholder("a-1", "actions", "product"),
            placeholder("gr-1", "results", "product"),
            placeholder("n-r1", "results", "product"),
            note("n-r2", "results", BEN, text="Ben's result", **cell(2, 0)),
        ]
    )
    v.step(FAY, {"kind": "block.remove", "id": "swot"})
    v.step(FAY, {"kind": "block.private", "id": "goals", "mode": None})
    v.step(FAY, {"kind": "block.private", "id": "results", "mode": None})
    v.step(BEN, update("g-1", title="Grow, together"))
    revealed = [
        note("p-2", "perception", CY, text="Cy's view"),
        goal("g-1", "goals", title="Grow, together"),
        note("n-g", "goals", ANA, text="how?"),
        goal("g-3", "goals", title="Ben's goal"),
        action("a-1", "actions", ["product"], title="Ana's plan"),
        group("gr-1", "results", ANA, title="Ana's group", **cell(0, 0)),
        note("n-r1", "results", ANA, group="gr-1"),
        note("n-r2", "results", BEN, text="Ben's result", **cell(2, 0)),
    ]
    v.expect(
        [note("p-1", "perception", DEE, text="Dee's view"), *copy.deepcopy(revealed)],
        blocks_removed=["swot"],
        blocks_changed={
            "perception": {"private": "department"},
            "actions": {"private": "department"},
            "results": {"placed": 3},
        },
    )
    revealed[4] = placeholder("a-1", "actions", "product")
    v.expect_audience([placeholder("p-1", "perception", "marketing"), *revealed])
    return v


VECTORS = (
    notes_add_update_move,
    lww_same_field,
    lww_different_fields,
    goal_tree_reparent,
    goal_remove_subtree,
    note_hanging,
    swot_quadrants,
    action_plan,
    block_remove,
    block_update,
    forbidden,
    not_found,
    duplicate_id,
    wrong_block,
    unknown_department,
    facilitation,
    placement,
    private_placement,
    tidy,
    groups,
    ownership,
    departments,
    screen_lobby,
    votes,
    polls,
    agenda_done,
    agenda_steps,
    hidden_flow,
    hidden_blocks,
)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for stale in OUT.glob("*.json"):
        stale.unlink()
    for make in VECTORS:
        vector = make().dump()
        path = OUT / f"{vector['name']}.json"
        path.write_text(json.dumps(vector, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path.name}: {len(vector['steps'])} steps")


if __name__ == "__main__":
    main()
