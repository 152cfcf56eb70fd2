"""The reducer: `apply(board, op, by, seq)` is the only thing that changes a board.

Deterministic and free of I/O: every replica (each hub node, each browser) applies the same
log in the same seq order and ends with the same board. An op that is invalid at its turn
changes nothing but `board.seq`, and the outcome says why (the author gets a `rejected`).
Each op is checked completely before anything is touched, so a refusal never half-applies.
"""

from __future__ import annotations

from typing import Any

from ..protocol.codes import ErrorCode
from ..protocol.limits import MAX_ITEMS_PER_BOARD
from ..protocol.ops import (
    BlockAdd,
    BlockLock,
    BlockPrivate,
    BlockRemove,
    BlockTidy,
    BlockUpdate,
    BoardLock,
    BoardSettings,
    BoardSpotlight,
    DepartmentUpdate,
    ExerciseOp,
    ItemAdd,
    ItemMove,
    ItemRemove,
    ItemUpdate,
    LinkRotate,
    Op,
    ParticipantAdmit,
    ParticipantRemove,
    ParticipantUpdate,
    ScreenShow,
)
from . import exercises, layout, steps
from .outcome import OK, Mutation, Outcome, Refused
from .permissions import may
from .privacy import can_see, private_mode
from .state import Actor, Board, Department, Item

ITEM_HOMES: dict[str, frozenset[str]] = {
    "note": frozenset({"notes", "goal_tree", "perception", "results"}),
    "group": layout.FLOW_KINDS,
    "goal": frozenset({"goal_tree"}),
    "swot": frozenset({"swot"}),
    "action": frozenset({"action_plan"}),
}
"""Which block kinds each item kind may live in."""

CONTENT_FIELDS: dict[str, frozenset[str]] = {
    "note": frozenset({"text", "department"}),
    "group": frozenset({"title", "collapsed"}),
    "goal": frozenset({"title"}),
    "swot": frozenset({"text", "department"}),
    "action": frozenset(
        {"title", "action_kind", "owners", "assignee", "cadence", "due", "status", "source"}
    ),
}
"""Fields `item.update` may set, per item kind."""

NULLABLE_FIELDS = frozenset({"department", "cadence", "due", "source"})

PLACE_FIELDS: dict[str, frozenset[str]] = {
    "note": frozenset({"block", "x", "y", "on", "group"}),
    "group": frozenset({"block", "x", "y"}),
    "goal": frozenset({"block", "parent", "order"}),
    "swot": frozenset({"block", "quadrant", "order"}),
    "action": frozenset({"block", "order"}),
}
"""Fields `item.move` may set, per item kind."""


def check(board: Board, op: Op, by: Actor, ts: int = 0) -> Outcome:
    """Would `op` by `by` change this board, if sequenced at server time `ts` (ms; what a
    step's time being up is judged by, E8)? Touches nothing."""
    try:
        _plan(board, op, by, ts)
    except Refused as refused:
        return refused.outcome
    return OK


def apply(board: Board, op: Op, by: Actor, seq: int, ts: int = 0) -> tuple[Board, Outcome]:
    """Apply the op at log position `seq`, sequenced at server time `ts` (ms; the agenda
    timer's clock). The board is changed in place (replicas are owned by one caller) and
    returned with the outcome."""
    try:
        mutate = _plan(board, op, by, ts)
    except Refused as refused:
        board.seq = seq
        return board, refused.outcome
    mutate()
    board.seq = seq
    if op.kind not in FLOW_KEEPING_KINDS and not (
        isinstance(op, ItemUpdate) and "collapsed" not in op.set.model_fields_set
    ):
        board.flow_memo.clear()
    if op.kind not in BALLOT_KINDS:
        _enroll(board, by)
    elif by.id not in board.roster:
        board.ballot_roster[by.id] = {"name": by.name, "department": by.department, "role": by.role}
    return board, OK


FLOW_KEEPING_KINDS = frozenset(
    {
        "item.add", "block.lock", "board.lock", "board.spotlight", "link.rotate",
        "participant.update", "participant.remove", "participant.admit", "board.settings",
        "screen.show", "department.update", "vote.start", "vote.cast", "vote.close",
        "poll.create", "poll.open", "poll.close", "poll.reveal", "poll.answer", "agenda.set",
        "agenda.pause", "agenda.extend", "done.set", "done.reset",
    }
)  # fmt: skip
"""Ops that never move, resize or remove what a block holds: the flow memo (board/layout.py
`Flow`) survives them. `item.add` keeps it up to date itself; an `item.update` of content
other than `collapsed` keeps it too."""

PAUSED_AT_ZERO = frozenset(
    {"item.add", "item.update", "item.move", "item.remove", "vote.cast", "poll.answer"}
)
"""What a participant may not do once a step with `pause_at_zero` ran out of time (E8)."""

BALLOT_KINDS = frozenset({"vote.cast", "poll.answer"})
"""Anonymous ops (E7): they do not put their author on the roster, which every welcome
carries, so nobody learns from it who cast a dot or answered a poll; they go on the
`ballot_roster`, the facilitator's alone (the report's participants)."""


def _enroll(board: Board, by: Actor) -> None:
    """R12: the author of an applied op is on the board's roster, as the log names them."""
    entry = {"name": by.name, "department": by.department, "role": by.role}
    if board.roster.get(by.id) != entry:
        board.roster[by.id] = entry


_refuse = Refused


def _plan(board: Board, op: Op, by: Actor, ts: int) -> Mutation:
    if not may(by.role, op.kind):
        raise _refuse(ErrorCode.FORBIDDEN, f"a {by.role} may not {op.kind}")
    if board.people.get(by.id, {}).get("removed"):
        raise _refuse(ErrorCode.FORBIDDEN, "the facilitator removed this participant")
    if by.role != "facilitator" and op.kind in PAUSED_AT_ZERO and steps.time_is_up(board, ts):
        raise _refuse(ErrorCode.LOCKED, "time is up for this step: wait for the facilitator")
    match op:
        case BlockAdd():
            return _block_add(board, op)
        case BlockUpdate():
            return _block_update(board, op)
        case BlockRemove():
            return _block_remove(board, op)
        case ItemAdd():
            return _item_add(board, op, by)
        case ItemUpdate():
            return _item_update(board, op, by)
        case ItemMove():
            return _item_move(board, op, by)
        case ItemRemove():
            return _item_remove(board, op, by)
        case BlockLock():
            block = _block(board, op.id)
            return lambda: block.__setitem__("locked", op.locked)
        case BoardLock():
            return lambda: setattr(board, "locked", op.locked)
        case BlockPrivate():
            block = _block(board, op.id)
            return lambda: block.__setitem__("private", op.mode)
        case BoardSpotlight():
            if op.block is not None:
                _block(board, op.block)
            return lambda: setattr(board, "spotlight", op.block)
        case LinkRotate():
            return lambda: board.links.__setitem__(op.role, board.links.get(op.role, 1) + 1)
        case ParticipantUpdate():
            return _participant_update(board, op)
        case ParticipantRemove():
            person = dict(board.people.get(op.id, {}), removed=True)
            return lambda: board.people.__setitem__(op.id, person)
        case ParticipantAdmit():
            admitted = dict(board.people.get(op.id, {}), admitted=True)
            return lambda: board.people.__setitem__(op.id, admitted)
        case ScreenShow():
            if op.mode in ("block", "results"):
                if op.block is None:
                    raise _refuse(ErrorCode.INVALID_PATCH, f"showing {op.mode} needs a block")
                _block(board, op.block)
            screen = {"mode": op.mode, "block": op.block, "cursors": op.cursors}
            return lambda: setattr(board, "screen", screen)
        case BlockTidy():
            return _block_tidy(board, op)
        case DepartmentUpdate():
            return _department_update(board, op)
        case BoardSettings():
            changes = op.model_dump(include=op.model_fields_set - {"kind"})
            if any(v is None for v in changes.values()):
                raise _refuse(ErrorCode.INVALID_PATCH, "a setting cannot be null")
            return lambda: board.settings.update(changes)
        case _ if isinstance(op, ExerciseOp):
            return exercises.plan(board, op, by, ts)
    raise AssertionError(f"unhandled op {op!r}")  # pragma: no cover - the union is closed


def _department_update(board: Board, op: DepartmentUpdate) -> Mutation:
    """A9: a department's name or colour; its id (what items and people name) stays."""
    index = next((i for i, d in enumerate(board.departments) if d.id == op.id), None)
    if index is None:
        raise _refuse(ErrorCode.NOT_FOUND, f"no department {op.id}")
    changes = op.model_dump(include=op.model_fields_set - {"kind", "id"})
    if any(v is None for v in changes.values()):
        raise _refuse(ErrorCode.INVALID_PATCH, "a department's name or colour cannot be null")
    old = board.departments[index]
    new = Department(old.id, changes.get("name", old.name), changes.get("color", old.color))
    return lambda: board.departments.__setitem__(index, new)


def _block_tidy(board: Board, op: BlockTidy) -> Mutation:
    """R14: lay the block's notes and groups out again in the facilitator's order."""
    block = _block(board, op.id)
    if block["kind"] not in layout.FLOW_KINDS:
        raise _refuse(ErrorCode.WRONG_BLOCK, f"a {block['kind']} block lays itself out")
    if block.get("private") is not None:
        raise _refuse(ErrorCode.PRIVATE_BLOCK, "a private block cannot be tidied; reveal it first")
    return lambda: layout.tidy(board, block, list(op.order))


def _owns(board: Board, by: Actor, item: Item) -> None:
    """A8: under `editing: own` a participant changes and removes only their own items."""
    if by.role == "facilitator" or board.settings.get("editing", "own") == "everyone":
        return
    if item.get("author") != by.id:
        raise _refuse(
            ErrorCode.FORBIDDEN, "only its author or the facilitator may change this item"
        )


def _participant_update(board: Board, op: ParticipantUpdate) -> Mutation:
    changes = op.model_dump(include=op.model_fields_set - {"kind", "id"})
    if "name" in changes and changes["name"] is None:
        raise _refuse(ErrorCode.INVALID_PATCH, "name cannot be null")
    _check_departments(board, changes)
    person = dict(board.people.get(op.id, {}), **changes)
    return lambda: board.people.__setitem__(op.id, person)


def _guard(board: Board, by: Actor, blocks: list[str], item: Item | None = None) -> None:
    """Locks (A1) and private writing (A2) for an item op touching `blocks`."""
    moving = len(blocks) == 2 and blocks[0] != blocks[1]
    if moving and any(private_mode(board, b) for b in blocks):
        raise _refuse(
            ErrorCode.PRIVATE_BLOCK,
            "items cannot move into or out of a private block; reveal it first",
        )
    if by.role == "facilitator":
        return
    for block_id in blocks:
        block = board.blocks.get(block_id)
        if block is not None and (board.locked or block.get("locked")):
            raise _refuse(
                ErrorCode.LOCKED, f"the facilitator locked {block.get('title') or block_id}"
            )
        writers = block.get("writers") if block is not None else None
        if writers is not None and by.department != writers:
            raise _refuse(
                ErrorCode.LOCKED,
                f"in this step only {_department_name(board, writers)} writes here",
            )
    if item is not None and not can_see(board, item, by.id, by.department, by.role):
        raise _refuse(ErrorCode.FORBIDDEN, "that item is private to its author")


def _department_name(board: Board, department: str) -> str:
    return next((d.name for d in board.departments if d.id == department), department)


def _block_add(board: Board, op: BlockAdd) -> Mutation:
    if op.id in board.blocks:
        raise _refuse(ErrorCode.DUPLICATE_ID, f"block {op.id} already exists")
    block = {
        "id": op.id,
        "kind": op.block_kind,
        "title": op.title,
        "x": op.x,
        "y": op.y,
        "w": op.w,
        "h": op.h,
        "locked": False,
        "private": None,
    }
    return lambda: board.blocks.__setitem__(op.id, block)


def _block_update(board: Board, op: BlockUpdate) -> Mutation:
    block = _block(board, op.id)
    changes = {name: getattr(op.set, name) for name in op.set.model_fields_set}
    if any(value is None for value in changes.values()):
        raise _refuse(ErrorCode.INVALID_PATCH, "block fields cannot be set to null")
    return lambda: block.update(changes)


def _block_remove(board: Board, op: BlockRemove) -> Mutation:
    _block(board, op.id)

    def mutate() -> None:
        gone = {iid for iid, it in board.items.items() if it["block"] == op.id}
        for iid in gone:
            del board.items[iid]
        _unhang(board, gone)
        del board.blocks[op.id]
        if board.spotlight == op.id:
            board.spotlight = None
        if board.screen.get("block") == op.id:
            board.screen = {**board.screen, "mode": "follow", "block": None}

    return mutate


def _item_add(board: Board, op: ItemAdd, by: Actor) -> Mutation:
    if op.id in board.items:
        raise _refuse(ErrorCode.DUPLICATE_ID, f"item {op.id} already exists")
    if len(board.items) >= MAX_ITEMS_PER_BOARD:
        raise _refuse(ErrorCode.BOARD_FULL, f"a board holds at most {MAX_ITEMS_PER_BOARD} items")
    body = op.item
    block = _block(board, op.block)
    _check_home(body.kind, block)
    _guard(board, by, [op.block])
    item: Item = {"id": op.id, "block": op.block, **body.model_dump()}
    _check_departments(board, item)
    author = _author(board, op, by)
    item["author"] = author.id
    item["author_department"] = author.department
    if body.kind == "note":
        item["author_name"] = author.name
        if body.on is not None:
            _goal_in(board, body.on, op.block, what="hang a note on")
        if body.group is not None:
            _group_in(board, body.group, op.block)
    elif body.kind == "goal" and body.parent is not None:
        _goal_in(board, body.parent, op.block, what="add a child to")
    elif body.kind == "action" and body.source is not None:
        _item(board, body.source)
    unplaced = body.kind in ("note", "group") and (item["x"] is None or item["y"] is None)
    flows = block["kind"] in layout.FLOW_KINDS
    if unplaced and not (flows and layout.is_top_level(item)):
        # Not placed by the flow (another block kind, or drawn by its group): 0 for a gap.
        item["x"] = item["x"] if item["x"] is not None else 0.0
        item["y"] = item["y"] if item["y"] is not None else 0.0
    if not flows:
        return lambda: board.items.__setitem__(op.id, item)

    def mutate() -> None:
        """R13: a note or group without a position goes to the flow's first free place (in a
        private block, to the slot of its count: every add there counts)."""
        fp = layout.footprint(item, 0)
        if block.get("private") is not None:
            # The block grows for every slot counted, placed into or not: a placeholder add
            # tells the others only that one more item came, and they must agree on the size.
            slot = layout.next_slot(block)
            x, y = layout.cell_origin(slot)
            layout.grow(board, block, y + layout.NOTE_H)
            if unplaced and layout.is_top_level(item):
                item["x"], item["y"] = x, y
        elif layout.is_top_level(item):
            layout.arrive(board, block, item, fp)
        else:
            board.flow_memo.pop(op.block, None)  # its group's footprint grows
        board.items[op.id] = item

    return mutate


def _author(board: Board, op: ItemAdd, by: Actor) -> Actor:
    """Who the new item is by: its sender, or for the facilitator restoring a removed item,
    the person it was by (A8), as the roster names them."""
    if op.author is None or op.author == by.id:
        return by
    if by.role != "facilitator":
        raise _refuse(ErrorCode.FORBIDDEN, "only the facilitator restores another's item")
    entry = board.roster.get(op.author)
    if entry is None:
        raise _refuse(ErrorCode.NOT_FOUND, f"no participant {op.author} on this board")
    return Actor(
        op.author, entry["name"], entry.get("department"), entry.get("role", "participant")
    )


def _item_update(board: Board, op: ItemUpdate, by: Actor) -> Mutation:
    item = _item(board, op.id)
    _guard(board, by, [item["block"]], item)
    _owns(board, by, item)
    # model_dump copies: the board must not share `owners` lists with the (frozen) op.
    changes = op.set.model_dump(include=op.set.model_fields_set)
    allowed = CONTENT_FIELDS[item["kind"]]
    for name, value in changes.items():
        if name not in allowed:
            raise _refuse(ErrorCode.INVALID_PATCH, f"a {item['kind']} has no field {name!r}")
        if value is None and name not in NULLABLE_FIELDS:
            raise _refuse(ErrorCode.INVALID_PATCH, f"{name} cannot be null")
    _check_departments(board, changes)
    if changes.get("source") is not None:
        _item(board, changes["source"])
    return lambda: item.update(changes)


def _item_move(board: Board, op: ItemMove, by: Actor) -> Mutation:
    item = _item(board, op.id)
    if op.block is not None and op.block != item["block"]:
        _block(board, op.block)
    _guard(board, by, [item["block"], op.block or item["block"]], item)
    fields = op.model_fields_set - {"kind", "id"}
    changes: dict[str, Any] = {name: getattr(op, name) for name in fields}
    kind = item["kind"]
    for name, value in changes.items():
        if name not in PLACE_FIELDS[kind]:
            raise _refuse(ErrorCode.INVALID_PATCH, f"a {kind} cannot be moved by {name!r}")
        if value is None and name not in {"parent", "on", "group"}:
            raise _refuse(ErrorCode.INVALID_PATCH, f"{name} cannot be null")
    target = str(changes["block"] if "block" in changes else item["block"])
    if target != item["block"]:
        _check_home(kind, _block(board, target))
        if kind in ("goal", "group"):
            raise _refuse(ErrorCode.WRONG_BLOCK, f"a {kind} stays in its block")
        if kind == "note" and "on" not in changes:
            changes["on"] = None  # a note leaving a tree no longer hangs on its node
        if kind == "note" and "group" not in changes:
            changes["group"] = None  # nor its group
    if kind == "goal" and "parent" in changes and changes["parent"] is not None:
        parent = _goal_in(board, changes["parent"], target, what="move a node under")
        if _is_in_subtree(board, parent["id"], item["id"]):
            raise _refuse(
                ErrorCode.CYCLE,
                f"cannot move {item['id']} under {parent['id']}: that node is inside its subtree",
            )
    if kind == "note" and changes.get("on") is not None:
        _goal_in(board, changes["on"], target, what="hang a note on")
    if kind == "note" and changes.get("group") is not None:
        _group_in(board, changes["group"], target)
    leaving = (
        kind == "note"
        and "group" in changes
        and changes["group"] is None
        and item.get("group") is not None
        and not {"x", "y"} & changes.keys()
    )
    if not leaving:
        return lambda: item.update(changes)

    def mutate() -> None:
        item.update(changes)
        block = board.blocks[target]
        if block["kind"] in layout.FLOW_KINDS and layout.is_top_level(item):
            layout.settle(board, block, item, layout.footprint(item, 0))

    return mutate


def _item_remove(board: Board, op: ItemRemove, by: Actor) -> Mutation:
    item = _item(board, op.id)
    _guard(board, by, [item["block"]], item)
    _owns(board, by, item)
    gone = {item["id"]}
    if item["kind"] == "goal":
        gone |= _descendants(board, item["id"])
        for node in gone:
            _owns(board, by, board.items[node])

    def mutate() -> None:
        for iid in gone:
            del board.items[iid]
        _unhang(board, gone)
        if item["kind"] == "group":
            _ungroup(board, item)

    return mutate


def _ungroup(board: Board, group: Item) -> None:
    """A removed group's notes stay in its block, each at the next free place."""
    block = board.blocks[group["block"]]
    members = sorted(
        (
            it
            for it in board.items.values()
            if it["kind"] == "note" and it.get("group") == group["id"]
        ),
        key=lambda it: it["id"],
    )
    for note in members:
        note["group"] = None
        layout.settle(board, block, note, layout.footprint(note, 0))


# Helpers: each returns what it checked or raises a refusal.


def _block(board: Board, block_id: str) -> dict[str, Any]:
    block = board.blocks.get(block_id)
    if block is None:
        raise _refuse(ErrorCode.NOT_FOUND, f"no block {block_id}")
    return block


def _item(board: Board, item_id: str) -> Item:
    item = board.items.get(item_id)
    if item is None:
        raise _refuse(ErrorCode.NOT_FOUND, f"no item {item_id}")
    return item


def _goal_in(board: Board, goal_id: str, block_id: str, *, what: str) -> Item:
    goal = board.items.get(goal_id)
    if goal is None or goal["kind"] != "goal":
        raise _refuse(ErrorCode.NOT_FOUND, f"cannot {what} {goal_id}: no such goal node")
    if goal["block"] != block_id:
        raise _refuse(ErrorCode.WRONG_BLOCK, f"cannot {what} {goal_id}: it is in another block")
    return goal


def _group_in(board: Board, group_id: str, block_id: str) -> Item:
    group = board.items.get(group_id)
    if group is None or group["kind"] != "group":
        raise _refuse(ErrorCode.NOT_FOUND, f"no group {group_id}")
    if group["block"] != block_id:
        raise _refuse(ErrorCode.WRONG_BLOCK, f"group {group_id} is in another block")
    return group


def _check_home(item_kind: str, block: dict[str, Any]) -> None:
    if block["kind"] not in ITEM_HOMES[item_kind]:
        raise _refuse(ErrorCode.WRONG_BLOCK, f"a {item_kind} cannot go in a {block['kind']} block")


def _check_departments(board: Board, fields: dict[str, Any]) -> None:
    known = board.department_ids()
    named = list(fields.get("owners") or [])
    if fields.get("department") is not None:
        named.append(fields["department"])
    for dep in named:
        if dep not in known:
            raise _refuse(ErrorCode.NOT_FOUND, f"no department {dep}")


def _is_in_subtree(board: Board, node_id: str, root_id: str) -> bool:
    """Is `node_id` the node `root_id` or one of its descendants? Walks up parents."""
    seen: set[str] = set()
    current: str | None = node_id
    while current is not None and current not in seen:
        if current == root_id:
            return True
        seen.add(current)
        current = board.items[current]["parent"]
    return False


def _descendants(board: Board, goal_id: str) -> set[str]:
    kids: dict[str | None, list[str]] = {}
    for it in board.items.values():
        if it["kind"] == "goal":
            kids.setdefault(it["parent"], []).append(it["id"])
    out: set[str] = set()
    stack = list(kids.get(goal_id, []))
    while stack:
        node = stack.pop()
        out.add(node)
        stack.extend(kids.get(node, []))
    return out


def _unhang(board: Board, gone: set[str]) -> None:
    """Notes hung on removed goal nodes stay on the board, unhung."""
    for it in board.items.values():
        if it["kind"] == "note" and it.get("on") in gone:
            it["on"] = None
