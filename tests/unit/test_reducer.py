"""Unit tests of the board reducer, one rule at a time.

Rule ids (R1...R11) are those of `shared/PROTOCOL.md`; each test names the rule it checks.
Every refusal goes through `refused()`, which also checks R10: a refused op leaves the board
exactly as it was, except `seq`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from crossboard.board.outcome import Outcome
from crossboard.board.reducer import apply, check
from crossboard.board.state import Actor, Board
from crossboard.board.template import strategy_day
from crossboard.protocol.codec import decode_op
from crossboard.protocol.codes import ErrorCode
from crossboard.protocol.limits import MAX_ITEMS_PER_BOARD

FAY = Actor("p-fay", "Fay", None, "facilitator")
ANA = Actor("p-ana", "Ana", "product", "participant")
BEN = Actor("p-ben", "Ben", "sales", "participant")
SCREEN = Actor("p-screen", "Projector", None, "screen")

# strategy_day() has one block of every kind.
BLOCK_OF_KIND = {
    "notes": "expectations",
    "perception": "perception",
    "results": "results",
    "goal_tree": "goals",
    "swot": "swot",
    "action_plan": "actions",
    "poll": "poll",
    "agenda": "agenda",
}


@pytest.fixture
def board() -> Board:
    return strategy_day("b-1", "Strategy day")


def run(board: Board, raw: dict[str, Any], by: Actor = ANA) -> Outcome:
    _, outcome = apply(board, decode_op(raw), by, board.seq + 1)
    return outcome


def ok(board: Board, raw: dict[str, Any], by: Actor = ANA) -> None:
    outcome = run(board, raw, by)
    assert outcome.ok, f"{raw} refused: {outcome.code} {outcome.message}"
    assert outcome.code is None


def refused(board: Board, raw: dict[str, Any], code: ErrorCode, by: Actor = ANA) -> Outcome:
    """The op is refused with `code` and (R10) changes nothing but seq."""
    before = copy.deepcopy(board.to_wire())
    seq = board.seq + 1
    outcome = run(board, raw, by)
    assert not outcome.ok
    assert outcome.code == code, f"{raw}: wanted {code}, got {outcome.code} {outcome.message}"
    assert outcome.message, "a refusal says why"
    assert board.to_wire() == before | {"seq": seq}
    return outcome


def add(iid: str, block: str, **body: Any) -> dict[str, Any]:
    return {"kind": "item.add", "id": iid, "block": block, "item": body}


def note(iid: str, block: str = "expectations", **body: Any) -> dict[str, Any]:
    return add(iid, block, kind="note", **body)


def goal(iid: str, block: str = "goals", **body: Any) -> dict[str, Any]:
    return add(iid, block, kind="goal", **body)


def swot(iid: str, quadrant: str = "S", block: str = "swot", **body: Any) -> dict[str, Any]:
    return add(iid, block, kind="swot", quadrant=quadrant, **body)


def action(iid: str, block: str = "actions", **body: Any) -> dict[str, Any]:
    body.setdefault("owners", ["product"])
    return add(iid, block, kind="action", **body)


def update(iid: str, **fields: Any) -> dict[str, Any]:
    return {"kind": "item.update", "id": iid, "set": fields}


def move(iid: str, **fields: Any) -> dict[str, Any]:
    return {"kind": "item.move", "id": iid, **fields}


def remove(iid: str) -> dict[str, Any]:
    return {"kind": "item.remove", "id": iid}


def block_add(bid: str, kind: str = "notes", **fields: Any) -> dict[str, Any]:
    return {"kind": "block.add", "id": bid, "block_kind": kind, **fields}


def block_update(bid: str, **fields: Any) -> dict[str, Any]:
    return {"kind": "block.update", "id": bid, "set": fields}


def block_remove(bid: str) -> dict[str, Any]:
    return {"kind": "block.remove", "id": bid}


def tree(board: Board) -> None:
    """goals: g-1 -> (g-2 -> g-3, g-4); a second tree block goals-2 with h-1."""
    ok(board, goal("g-1", title="root"))
    ok(board, goal("g-2", parent="g-1"))
    ok(board, goal("g-3", parent="g-2"))
    ok(board, goal("g-4", parent="g-1", order="k"))
    ok(board, block_add("goals-2", "goal_tree"), FAY)
    ok(board, goal("h-1", "goals-2"))


# Sequencing.


def test_apply_sets_seq_and_returns_the_same_board(board: Board) -> None:
    """R10: every op, applied or refused, moves the board to its seq."""
    result, outcome = apply(board, decode_op(note("n-1")), ANA, 7)
    assert result is board and outcome.ok and board.seq == 7
    result, outcome = apply(board, decode_op(note("n-1")), ANA, 8)
    assert result is board and not outcome.ok and board.seq == 8


# Blocks.


def test_block_add_creates_block_with_default_geometry(board: Board) -> None:
    """R8: the facilitator adds blocks; absent geometry takes the op's defaults."""
    ok(board, block_add("b-x", "agenda", title="Later", x=10.5), FAY)
    assert board.blocks["b-x"] == {
        "id": "b-x",
        "kind": "agenda",
        "title": "Later",
        "x": 10.5,
        "y": 0.0,
        "w": 800.0,
        "h": 600.0,
        "locked": False,
        "private": None,
    }


def test_block_add_reusing_block_id_is_duplicate_id(board: Board) -> None:
    """R2: a block id that exists is refused."""
    refused(board, block_add("swot"), ErrorCode.DUPLICATE_ID, FAY)
    assert board.blocks["swot"]["kind"] == "swot"


def test_block_update_sets_only_given_fields(board: Board) -> None:
    """R1: block.update changes the fields present and nothing else."""
    before = dict(board.blocks["swot"])
    ok(board, block_update("swot", title="SWOT 2025", w=2000.5), FAY)
    assert board.blocks["swot"] == before | {"title": "SWOT 2025", "w": 2000.5}


def test_block_update_last_writer_wins_per_field(board: Board) -> None:
    """R1: two writes of one block field: the later seq wins; other fields survive."""
    ok(board, block_update("swot", title="first", x=5.5), FAY)
    ok(board, block_update("swot", title="second"), FAY)
    assert board.blocks["swot"]["title"] == "second"
    assert board.blocks["swot"]["x"] == 5.5


def test_block_update_null_field_is_invalid_patch(board: Board) -> None:
    """R10: block fields cannot be nulled; the refused patch changes none of its fields."""
    refused(board, block_update("swot", title="ok", w=None), ErrorCode.INVALID_PATCH, FAY)


def test_block_update_missing_block_is_not_found(board: Board) -> None:
    """R3: updating a block that does not exist."""
    refused(board, block_update("nope", title="x"), ErrorCode.NOT_FOUND, FAY)


def test_block_remove_removes_the_block_and_its_items_only(board: Board) -> None:
    """R7: block.remove takes every item of the block with it, and nothing else."""
    ok(board, note("n-1"))
    ok(board, note("n-2", "perception"))
    ok(board, goal("g-1"))
    ok(board, note("n-3", "goals", on="g-1"))
    ok(board, swot("s-1"))
    ok(board, block_remove("goals"), FAY)
    assert "goals" not in board.blocks
    assert set(board.items) == {"n-1", "n-2", "s-1"}
    ok(board, block_remove("expectations"), FAY)
    assert set(board.items) == {"n-2", "s-1"}
    assert len(board.blocks) == 6


def test_block_remove_missing_block_is_not_found(board: Board) -> None:
    """R3: removing a block that does not exist (or no longer does)."""
    ok(board, block_remove("poll"), FAY)
    refused(board, block_remove("poll"), ErrorCode.NOT_FOUND, FAY)


def test_item_ops_into_removed_block_are_not_found(board: Board) -> None:
    """R3, R7: a removed block cannot be targeted by adds or moves."""
    ok(board, note("n-1"))
    ok(board, block_remove("perception"), FAY)
    refused(board, note("n-2", "perception"), ErrorCode.NOT_FOUND)
    refused(board, move("n-1", block="perception"), ErrorCode.NOT_FOUND)


# Permissions.


BLOCK_OPS = [
    block_add("b-x"),
    block_update("swot", title="x"),
    block_remove("swot"),
]


@pytest.mark.parametrize("raw", BLOCK_OPS, ids=lambda raw: raw["kind"])
def test_block_ops_are_facilitator_only(board: Board, raw: dict[str, Any]) -> None:
    """R8: a participant may not send block ops."""
    refused(board, raw, ErrorCode.FORBIDDEN, ANA)
    ok(board, raw, FAY)


@pytest.mark.parametrize(
    "raw",
    [
        *BLOCK_OPS,
        note("n-new"),
        update("n-1", text="x"),
        move("n-1", x=1.5),
        remove("n-1"),
    ],
    ids=lambda raw: raw["kind"],
)
def test_screen_may_send_no_op(board: Board, raw: dict[str, Any]) -> None:
    """R8: the screen only watches; every op kind it sends is forbidden."""
    ok(board, note("n-1"))
    refused(board, raw, ErrorCode.FORBIDDEN, SCREEN)


def test_unknown_role_may_send_no_op(board: Board) -> None:
    """R8: roles are an allow-list; a role the server does not know may do nothing."""
    refused(board, note("n-1"), ErrorCode.FORBIDDEN, Actor("p-x", "X", None, "admin"))


def test_forbidden_is_checked_before_the_target(board: Board) -> None:
    """R8: permission comes first, so a forbidden op is forbidden even if its target is
    missing (nothing about the board leaks to a role that may not act)."""
    refused(board, block_remove("no-such"), ErrorCode.FORBIDDEN, ANA)
    refused(board, remove("no-such"), ErrorCode.FORBIDDEN, SCREEN)


def test_participants_and_facilitator_may_edit_items(board: Board) -> None:
    """R8, A8: item ops are open to participants and the facilitator alike (changing and
    removing someone else's item is A8's business: a move is open to all)."""
    ok(board, note("n-1"), ANA)
    ok(board, update("n-1", text="by Ana"), ANA)
    ok(board, move("n-1", x=3.5), BEN)
    ok(board, update("n-1", text="by Fay"), FAY)
    ok(board, remove("n-1"), FAY)
    assert board.items == {}


# item.add


def test_note_add_fills_defaults_and_records_author(board: Board) -> None:
    """R2: an added item is stored under its client-made id, with its block, its body
    (defaults filled in) and, for notes, who wrote it."""
    ok(board, note("n-1", text="hi", x=1.5, y=0.0), BEN)
    assert board.items["n-1"] == {
        "id": "n-1",
        "block": "expectations",
        "kind": "note",
        "text": "hi",
        "department": None,
        "x": 1.5,
        "y": 0.0,
        "on": None,
        "group": None,
        "author": "p-ben",
        "author_name": "Ben",
        "author_department": "sales",
    }


def test_goal_swot_action_add_store_their_fields(board: Board) -> None:
    """R2: each item kind is stored with exactly the fields of its kind."""
    ok(board, goal("g-1", title="Grow"))
    ok(board, swot("s-1", "T", text="Rival", department="sales", order="k"))
    ok(
        board,
        action("a-1", title="Do", owners=["product", "sales"], source="s-1", due="2025-01-02"),
    )
    assert board.items["g-1"] == {
        "id": "g-1",
        "block": "goals",
        "kind": "goal",
        "title": "Grow",
        "parent": None,
        "order": "V",
        "author": "p-ana",
        "author_department": "product",
    }
    assert board.items["s-1"] == {
        "id": "s-1",
        "block": "swot",
        "kind": "swot",
        "quadrant": "T",
        "text": "Rival",
        "department": "sales",
        "order": "k",
        "author": "p-ana",
        "author_department": "product",
    }
    assert board.items["a-1"] == {
        "id": "a-1",
        "block": "actions",
        "kind": "action",
        "title": "Do",
        "action_kind": "task",
        "owners": ["product", "sales"],
        "assignee": "",
        "cadence": None,
        "due": "2025-01-02",
        "status": "todo",
        "source": "s-1",
        "order": "V",
        "author": "p-ana",
        "author_department": "product",
    }


@pytest.mark.parametrize(
    "second",
    [note("x-1", "perception", text="other"), goal("x-1"), swot("x-1"), action("x-1")],
    ids=["note", "goal", "swot", "action"],
)
def test_item_add_reusing_an_item_id_is_duplicate_id(board: Board, second: dict[str, Any]) -> None:
    """R2: item ids are unique across kinds; the existing item is kept unchanged."""
    ok(board, note("x-1", text="first"))
    refused(board, second, ErrorCode.DUPLICATE_ID, BEN)
    assert board.items["x-1"]["text"] == "first"


def test_item_add_into_missing_block_is_not_found(board: Board) -> None:
    """R3: adding into a block that does not exist."""
    refused(board, note("n-1", "nope"), ErrorCode.NOT_FOUND)


HOMES = {
    "note": {"notes", "goal_tree", "perception", "results"},
    "goal": {"goal_tree"},
    "swot": {"swot"},
    "action": {"action_plan"},
}
MAKERS: dict[str, Callable[..., dict[str, Any]]] = {
    "note": note,
    "goal": goal,
    "swot": swot,
    "action": action,
}


@pytest.mark.parametrize("block_kind", sorted(BLOCK_OF_KIND))
@pytest.mark.parametrize("item_kind", sorted(HOMES))
def test_item_kinds_live_only_in_their_block_kinds(
    board: Board, item_kind: str, block_kind: str
) -> None:
    """R4: notes in notes/goal_tree/perception/results, goals in goal_tree, SWOT items in
    swot, actions in action_plan; anywhere else is wrong_block."""
    raw = MAKERS[item_kind]("i-1", block=BLOCK_OF_KIND[block_kind])
    if block_kind in HOMES[item_kind]:
        ok(board, raw)
        assert board.items["i-1"]["block"] == BLOCK_OF_KIND[block_kind]
    else:
        refused(board, raw, ErrorCode.WRONG_BLOCK)


def test_item_add_on_a_full_board_is_board_full(board: Board) -> None:
    """An item.add beyond MAX_ITEMS_PER_BOARD is refused; other ops still work."""
    for index in range(MAX_ITEMS_PER_BOARD - 1):
        iid = f"f-{index}"
        board.items[iid] = {
            "id": iid,
            "block": "swot",
            "kind": "swot",
            "quadrant": "S",
            "text": "",
            "department": None,
            "order": "V",
        }
    ok(board, note("last"))
    refused(board, note("one-too-many"), ErrorCode.BOARD_FULL)
    ok(board, remove("last"))
    ok(board, note("fits-again"))


def test_goal_add_with_missing_parent_is_not_found(board: Board) -> None:
    """R3: a goal's parent must exist."""
    refused(board, goal("g-1", parent="g-9"), ErrorCode.NOT_FOUND)


def test_goal_add_with_non_goal_parent_is_not_found(board: Board) -> None:
    """R3: a goal's parent must be a goal node, not any item."""
    ok(board, note("n-1", "goals"))
    refused(board, goal("g-1", parent="n-1"), ErrorCode.NOT_FOUND)


def test_goal_add_with_parent_in_other_tree_is_wrong_block(board: Board) -> None:
    """R4: a goal and its parent are in the same goal-tree block."""
    tree(board)
    refused(board, goal("g-9", "goals-2", parent="g-1"), ErrorCode.WRONG_BLOCK)
    ok(board, goal("g-9", "goals-2", parent="h-1"))


def test_note_add_hung_on_a_goal(board: Board) -> None:
    """R4: a note added to a tree may hang on a node of that tree."""
    tree(board)
    ok(board, note("n-1", "goals", on="g-3"))
    assert board.items["n-1"]["on"] == "g-3"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (note("n-1", "goals", on="g-9"), ErrorCode.NOT_FOUND),  # no such node
        (note("n-1", "goals", on="n-0"), ErrorCode.NOT_FOUND),  # not a goal node
        (note("n-1", "goals-2", on="g-1"), ErrorCode.WRONG_BLOCK),  # node of another tree
        (note("n-1", "expectations", on="g-1"), ErrorCode.WRONG_BLOCK),  # not in a tree
    ],
    ids=["missing", "not-a-goal", "other-tree", "notes-block"],
)
def test_note_add_hung_on_bad_target_is_refused(
    board: Board, raw: dict[str, Any], code: ErrorCode
) -> None:
    """R3, R4: a note hangs only on an existing goal node of its own block."""
    tree(board)
    ok(board, note("n-0", "goals"))
    refused(board, raw, code)


def test_action_add_source_must_exist(board: Board) -> None:
    """R3: an action's source names an existing item."""
    refused(board, action("a-1", source="s-1"), ErrorCode.NOT_FOUND)
    ok(board, swot("s-1"))
    ok(board, action("a-1", source="s-1"))
    assert board.items["a-1"]["source"] == "s-1"


# Departments.


@pytest.mark.parametrize(
    "raw",
    [
        note("n-1", department="legal"),
        swot("s-1", department="legal"),
        action("a-1", owners=["product", "legal"]),
    ],
    ids=["note", "swot", "action-owner"],
)
def test_item_add_naming_unknown_department_is_not_found(board: Board, raw: dict[str, Any]) -> None:
    """R9: departments named by items must be departments of the board."""
    refused(board, raw, ErrorCode.NOT_FOUND)


def test_departments_are_those_of_the_board(board: Board) -> None:
    """R9: the board's own department list decides, not a global one."""
    board.departments = [d for d in board.departments if d.id != "sales"]
    refused(board, note("n-1", department="sales"), ErrorCode.NOT_FOUND)
    ok(board, note("n-1", department="marketing"))


def test_item_update_naming_unknown_department_is_not_found(board: Board) -> None:
    """R9: updates are held to the same rule; null means "no department"."""
    ok(board, note("n-1", department="product"))
    ok(board, action("a-1"))
    refused(board, update("n-1", department="legal"), ErrorCode.NOT_FOUND)
    refused(board, update("a-1", owners=["legal"]), ErrorCode.NOT_FOUND)
    ok(board, update("n-1", department=None))
    assert board.items["n-1"]["department"] is None


# item.update


def test_item_update_sets_only_given_fields(board: Board) -> None:
    """R1: an update changes the fields present and leaves the others alone."""
    ok(board, action("a-1", title="t", assignee="Ana", due="2025-01-01"))
    before = dict(board.items["a-1"])
    ok(board, update("a-1", status="done", cadence="weekly"))
    assert board.items["a-1"] == before | {"status": "done", "cadence": "weekly"}


def test_last_writer_wins_on_the_same_field(board: Board) -> None:
    """R1: two updates of one field: the one with the later seq wins, whoever sent it."""
    board.settings["editing"] = "everyone"  # A8: so Ben may write Ana's note
    ok(board, note("n-1", text="first"))
    ok(board, update("n-1", text="Ben's"), BEN)
    ok(board, update("n-1", text="Ana's"), ANA)
    assert board.items["n-1"]["text"] == "Ana's"
    ok(board, update("n-1", text="Ben again"), BEN)
    assert board.items["n-1"]["text"] == "Ben again"


def test_updates_of_different_fields_both_survive(board: Board) -> None:
    """R1: last writer wins per field, not per item."""
    board.settings["editing"] = "everyone"  # A8: so Ben may write Ana's note
    ok(board, note("n-1", text="draft", department="product"))
    ok(board, update("n-1", text="final"), ANA)
    ok(board, update("n-1", department="sales"), BEN)
    ok(board, move("n-1", x=10.5), ANA)
    ok(board, move("n-1", y=20.5), BEN)
    item = board.items["n-1"]
    assert (item["text"], item["department"], item["x"], item["y"]) == (
        "final",
        "sales",
        10.5,
        20.5,
    )


@pytest.mark.parametrize(
    ("maker", "field", "value"),
    [
        (note, "title", "t"),
        (note, "status", "done"),
        (goal, "text", "t"),
        (goal, "department", "product"),
        (swot, "title", "t"),
        (swot, "owners", ["product"]),
        (action, "text", "t"),
        (action, "department", "product"),
    ],
)
def test_item_update_field_of_another_kind_is_invalid_patch(
    board: Board, maker: Any, field: str, value: Any
) -> None:
    """R10: an update setting a field the item kind does not have changes nothing."""
    ok(board, maker("i-1"))
    refused(board, update("i-1", **{field: value}), ErrorCode.INVALID_PATCH)


@pytest.mark.parametrize(
    ("maker", "field"),
    [(note, "text"), (goal, "title"), (swot, "text"), (action, "owners"), (action, "status")],
)
def test_item_update_null_of_required_field_is_invalid_patch(
    board: Board, maker: Any, field: str
) -> None:
    """R10: only department, cadence, due and source can be set to null."""
    ok(board, maker("i-1"))
    refused(board, update("i-1", **{field: None}), ErrorCode.INVALID_PATCH)


def test_item_update_nullable_fields_can_be_cleared(board: Board) -> None:
    """R1: department, cadence, due and source take null as a value."""
    ok(board, swot("s-1", department="sales"))
    ok(board, action("a-1", cadence="weekly", due="2025-01-01", source="s-1"))
    ok(board, update("s-1", department=None))
    ok(board, update("a-1", cadence=None, due=None, source=None))
    assert board.items["s-1"]["department"] is None
    assert [board.items["a-1"][f] for f in ("cadence", "due", "source")] == [None, None, None]


def test_item_update_is_all_or_nothing(board: Board) -> None:
    """R10: an update is checked whole; a bad field stops the good ones too."""
    ok(board, note("n-1", text="keep"))
    refused(board, update("n-1", text="changed", title="no such field"), ErrorCode.INVALID_PATCH)
    refused(board, update("n-1", text="changed", department="legal"), ErrorCode.NOT_FOUND)
    assert board.items["n-1"]["text"] == "keep"


def test_item_update_with_empty_set_changes_nothing(board: Board) -> None:
    """R1: an update with no fields is applied and leaves the item as it was."""
    ok(board, action("a-1", title="t"))
    before = copy.deepcopy(board.items)
    ok(board, update("a-1"))
    assert board.items == before


def test_item_update_missing_item_is_not_found(board: Board) -> None:
    """R3: updating an item that does not exist."""
    refused(board, update("n-9", text="x"), ErrorCode.NOT_FOUND)


def test_item_update_source_must_exist(board: Board) -> None:
    """R3: an action's new source names an existing item."""
    ok(board, action("a-1"))
    refused(board, update("a-1", source="s-9"), ErrorCode.NOT_FOUND)
    ok(board, goal("g-1"))
    ok(board, update("a-1", source="g-1"))
    assert board.items["a-1"]["source"] == "g-1"


def test_item_update_stores_values_not_shared_with_the_op(board: Board) -> None:
    """R1: the board holds its own copy of list fields; replaying one op object on two
    replicas must not tie them together."""
    op = decode_op(update("a-1", owners=["sales"]))
    a, b = board, board.copy()
    for replica in (a, b):
        apply(replica, decode_op(action("a-1")), ANA, 1)
        apply(replica, op, ANA, 2)
    a.items["a-1"]["owners"].append("product")
    assert b.items["a-1"]["owners"] == ["sales"]


# item.move


def test_note_move_changes_only_given_place_fields(board: Board) -> None:
    """R1: a move changes the fields present; absent ones stay."""
    ok(board, note("n-1", x=1.5, y=2.5))
    ok(board, move("n-1", y=20.5))
    assert (board.items["n-1"]["x"], board.items["n-1"]["y"]) == (1.5, 20.5)


def test_note_moves_between_note_blocks(board: Board) -> None:
    """R4: a note may move to any block kind that holds notes."""
    ok(board, note("n-1"))
    for target in ("perception", "results", "goals", "expectations"):
        ok(board, move("n-1", block=target))
        assert board.items["n-1"]["block"] == target


@pytest.mark.parametrize(
    ("maker", "target"),
    [(note, "swot"), (note, "poll"), (swot, "expectations"), (action, "swot"), (goal, "swot")],
)
def test_item_move_into_wrong_block_kind_is_wrong_block(
    board: Board, maker: Any, target: str
) -> None:
    """R4: moves are held to ITEM_HOMES like adds."""
    ok(board, maker("i-1"))
    refused(board, move("i-1", block=target), ErrorCode.WRONG_BLOCK)


def test_goal_never_leaves_its_tree(board: Board) -> None:
    """R4: a goal node cannot move to another goal-tree block (its subtree would split)."""
    tree(board)
    refused(board, move("g-4", block="goals-2"), ErrorCode.WRONG_BLOCK)
    refused(board, move("g-4", block="goals-2", parent="h-1"), ErrorCode.WRONG_BLOCK)
    ok(board, move("g-4", block="goals"))  # naming its own block is fine
    assert board.items["g-4"]["block"] == "goals"


def test_item_move_into_missing_block_is_not_found(board: Board) -> None:
    """R3: the target block of a move must exist."""
    ok(board, note("n-1"))
    refused(board, move("n-1", block="nope"), ErrorCode.NOT_FOUND)


def test_item_move_missing_item_is_not_found(board: Board) -> None:
    """R3: moving an item that does not exist."""
    refused(board, move("n-9", x=1.5), ErrorCode.NOT_FOUND)


@pytest.mark.parametrize(
    ("maker", "fields"),
    [
        (note, {"order": "k"}),
        (note, {"parent": None}),
        (note, {"quadrant": "S"}),
        (goal, {"x": 1.5}),
        (goal, {"on": None}),
        (swot, {"y": 1.5}),
        (swot, {"parent": None}),
        (action, {"quadrant": "W"}),
        (action, {"x": 1.5}),
    ],
)
def test_item_move_by_field_the_kind_lacks_is_invalid_patch(
    board: Board, maker: Any, fields: dict[str, Any]
) -> None:
    """R10: each kind moves only by its own place fields."""
    ok(board, maker("i-1"))
    refused(board, move("i-1", **fields), ErrorCode.INVALID_PATCH)


@pytest.mark.parametrize(
    ("maker", "field"),
    [(note, "x"), (note, "block"), (goal, "order"), (swot, "quadrant"), (action, "order")],
)
def test_item_move_null_of_required_field_is_invalid_patch(
    board: Board, maker: Any, field: str
) -> None:
    """R10: only `parent` and `on` take null in a move."""
    ok(board, maker("i-1"))
    refused(board, move("i-1", **{field: None}), ErrorCode.INVALID_PATCH)


def test_item_move_is_all_or_nothing(board: Board) -> None:
    """R10: a move with one bad field moves nothing."""
    ok(board, note("n-1", x=1.5, y=0.0))
    refused(board, move("n-1", x=50.5, order="k"), ErrorCode.INVALID_PATCH)
    refused(board, move("n-1", x=50.5, block="swot"), ErrorCode.WRONG_BLOCK)
    assert board.items["n-1"]["x"] == 1.5


def test_swot_moves_between_quadrants(board: Board) -> None:
    """R1: SWOT items change quadrant and order by item.move."""
    ok(board, swot("s-1", "S"))
    ok(board, move("s-1", quadrant="W"))
    ok(board, move("s-1", quadrant="T", order="k"))
    assert (board.items["s-1"]["quadrant"], board.items["s-1"]["order"]) == ("T", "k")


def test_goal_reparent_and_reorder(board: Board) -> None:
    """R5, R11: a node moves under any node outside its own subtree, with a new order."""
    tree(board)
    ok(board, move("g-4", parent="g-3", order="F"))
    assert (board.items["g-4"]["parent"], board.items["g-4"]["order"]) == ("g-3", "F")
    ok(board, move("g-2", parent=None))
    assert board.items["g-2"]["parent"] is None
    assert board.items["g-3"]["parent"] == "g-2"  # the subtree travels along


def test_goal_reparent_under_itself_is_cycle(board: Board) -> None:
    """R5: a node cannot be its own parent."""
    tree(board)
    refused(board, move("g-2", parent="g-2"), ErrorCode.CYCLE)


@pytest.mark.parametrize(("node", "under"), [("g-2", "g-3"), ("g-1", "g-3"), ("g-1", "g-4")])
def test_goal_reparent_under_own_descendant_is_cycle(board: Board, node: str, under: str) -> None:
    """R5: a node cannot move under its child or any deeper descendant."""
    tree(board)
    refused(board, move(node, parent=under), ErrorCode.CYCLE)


def test_goal_reparent_after_tree_change_sees_the_new_shape(board: Board) -> None:
    """R5: the cycle check follows the tree as it is at the op's seq."""
    tree(board)
    ok(board, move("g-3", parent=None))  # g-3 is no longer below g-1
    ok(board, move("g-1", parent="g-3"))
    refused(board, move("g-3", parent="g-2"), ErrorCode.CYCLE)  # g-2 is now below g-3


def test_goal_reparent_to_missing_or_non_goal_is_not_found(board: Board) -> None:
    """R3: the new parent must be an existing goal node."""
    tree(board)
    ok(board, note("n-1", "goals"))
    refused(board, move("g-2", parent="g-9"), ErrorCode.NOT_FOUND)
    refused(board, move("g-2", parent="n-1"), ErrorCode.NOT_FOUND)


def test_goal_reparent_into_other_tree_is_wrong_block(board: Board) -> None:
    """R4: a parent in another goal-tree block is refused."""
    tree(board)
    refused(board, move("h-1", parent="g-1"), ErrorCode.WRONG_BLOCK)


def test_note_leaving_a_goal_tree_is_unhung(board: Board) -> None:
    """R4: a note that moves out of its goal-tree block no longer hangs on a node."""
    tree(board)
    ok(board, note("n-1", "goals", on="g-2"))
    ok(board, move("n-1", block="expectations"))
    assert board.items["n-1"]["on"] is None
    assert board.items["n-1"]["block"] == "expectations"


def test_note_moving_to_another_tree_is_unhung_unless_hung_there(board: Board) -> None:
    """R4: moving between trees drops `on`, unless the same move names a node of the new
    tree; a node of the old tree is wrong_block."""
    tree(board)
    ok(board, note("n-1", "goals", on="g-2"))
    refused(board, move("n-1", block="goals-2", on="g-2"), ErrorCode.WRONG_BLOCK)
    ok(board, move("n-1", block="goals-2"))
    assert board.items["n-1"]["on"] is None
    ok(board, move("n-1", block="goals", on="g-3"))
    item = board.items["n-1"]
    assert (item["block"], item["on"]) == ("goals", "g-3")


def test_note_moving_within_its_tree_keeps_on(board: Board) -> None:
    """R4: moving on the canvas, or naming the same block, keeps the note hung."""
    tree(board)
    ok(board, note("n-1", "goals", on="g-2"))
    ok(board, move("n-1", x=99.5))
    ok(board, move("n-1", block="goals"))
    assert board.items["n-1"]["on"] == "g-2"


def test_note_hang_and_unhang(board: Board) -> None:
    """R3, R4: `on` moves a note between nodes of its tree; null unhangs it; a missing node
    or a node elsewhere is refused."""
    tree(board)
    ok(board, note("n-1", "goals"))
    ok(board, move("n-1", on="g-4"))
    assert board.items["n-1"]["on"] == "g-4"
    ok(board, move("n-1", on=None))
    assert board.items["n-1"]["on"] is None
    refused(board, move("n-1", on="g-9"), ErrorCode.NOT_FOUND)
    refused(board, move("n-1", on="h-1"), ErrorCode.WRONG_BLOCK)


# item.remove


def test_item_remove_removes_only_that_item(board: Board) -> None:
    """R3: removing a note, SWOT item or action touches nothing else."""
    ok(board, note("n-1"))
    ok(board, swot("s-1"))
    ok(board, action("a-1"))
    ok(board, remove("s-1"))
    assert set(board.items) == {"n-1", "a-1"}


def test_item_remove_missing_item_is_not_found(board: Board) -> None:
    """R3: removing an item that does not exist (or no longer does)."""
    ok(board, note("n-1"))
    ok(board, remove("n-1"))
    refused(board, remove("n-1"), ErrorCode.NOT_FOUND)


def test_goal_remove_removes_its_subtree(board: Board) -> None:
    """R6: removing a node removes its descendants, and only them."""
    tree(board)
    ok(board, remove("g-2"))
    assert set(board.items) == {"g-1", "g-4", "h-1"}
    ok(board, remove("g-1"))
    assert set(board.items) == {"h-1"}


def test_goal_remove_unhangs_notes_on_removed_nodes(board: Board) -> None:
    """R6: notes hung on removed nodes stay on the board, unhung; others keep their node."""
    tree(board)
    ok(board, note("n-2", "goals", on="g-2"))
    ok(board, note("n-3", "goals", on="g-3", x=7.5))
    ok(board, note("n-4", "goals", on="g-4"))
    ok(board, note("n-h", "goals-2", on="h-1"))
    ok(board, remove("g-2"))
    assert {iid: it.get("on") for iid, it in board.items.items() if it["kind"] == "note"} == {
        "n-2": None,
        "n-3": None,
        "n-4": "g-4",
        "n-h": "h-1",
    }
    assert board.items["n-3"]["x"] == 7.5  # otherwise untouched
    refused(board, move("n-2", on="g-3"), ErrorCode.NOT_FOUND)


def test_removing_a_source_leaves_the_action_link_dangling(board: Board) -> None:
    """R6: an action keeps the id of a removed source (SWOT item or goal node, also when the
    goal goes with its parent's subtree); the id cannot be set as a source again."""
    tree(board)
    ok(board, swot("s-1"))
    ok(board, action("a-1", source="s-1"))
    ok(board, action("a-2", source="g-3"))
    ok(board, remove("s-1"))
    ok(board, remove("g-2"))
    assert (board.items["a-1"]["source"], board.items["a-2"]["source"]) == ("s-1", "g-3")
    refused(board, update("a-2", source="g-3"), ErrorCode.NOT_FOUND)


# R10: check() and refusals.


CHECKED_OPS = [
    note("n-new", text="x"),
    note("n-1"),  # duplicate
    goal("g-new", parent="g-3"),
    update("n-1", text="changed"),
    update("n-1", title="bad"),
    move("n-1", block="expectations"),  # unhangs: the plan must not touch the item early
    move("g-1", parent="g-3"),  # cycle
    move("g-3", parent=None),
    remove("g-1"),  # subtree + unhang
    block_remove("goals"),
    block_update("goals", title="t"),
    block_add("b-new"),
]


@pytest.mark.parametrize("raw", CHECKED_OPS, ids=lambda raw: raw["kind"])
@pytest.mark.parametrize("by", [FAY, ANA, SCREEN], ids=lambda a: a.role)
def test_check_never_mutates_and_agrees_with_apply(
    board: Board, raw: dict[str, Any], by: Actor
) -> None:
    """R10: check() touches nothing and predicts apply()'s outcome exactly."""
    tree(board)
    ok(board, note("n-1", "goals", on="g-2"))
    before = copy.deepcopy(board.to_wire())
    op = decode_op(raw)
    predicted = check(board, op, by)
    assert board.to_wire() == before
    _, outcome = apply(board.copy(), op, by, board.seq + 1)
    assert (predicted.ok, predicted.code) == (outcome.ok, outcome.code)


def test_refused_op_changes_nothing_but_seq(board: Board) -> None:
    """R10: after a refusal only `seq` differs, and the next op applies normally."""
    ok(board, note("n-1", text="a"))
    before = copy.deepcopy(board.to_wire())
    _, outcome = apply(board, decode_op(update("n-1", text="b", title="x")), ANA, 41)
    assert not outcome.ok
    assert board.to_wire() == before | {"seq": 41}
    _, outcome = apply(board, decode_op(update("n-1", text="b")), ANA, 42)
    assert outcome.ok and board.items["n-1"]["text"] == "b" and board.seq == 42


# R11: sibling order.


def test_children_sorted_by_order_then_id(board: Board) -> None:
    """R11: siblings sort by their order key, ties broken by id."""
    ok(board, goal("root"))
    ok(board, goal("c-b", parent="root", order="k"))
    ok(board, goal("c-a", parent="root", order="k"))
    ok(board, goal("c-z", parent="root", order="F"))
    ok(board, goal("c-y", parent="root", order="kV"))
    assert [it["id"] for it in board.children("root", "goals")] == ["c-z", "c-a", "c-b", "c-y"]
    assert [it["id"] for it in board.children(None, "goals")] == ["root"]


def test_board_wire_round_trip_is_lossless(board: Board) -> None:
    """V2: Board.from_wire(to_wire()) is an independent, equal replica."""
    tree(board)
    ok(board, note("n-1", "goals", on="g-2"))
    replica = Board.from_wire(board.to_wire())
    assert replica.to_wire() == board.to_wire()
    replica.items["n-1"]["text"] = "changed"
    assert board.items["n-1"]["text"] == ""
