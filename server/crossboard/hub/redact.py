"""Redaction before encoding (shared/PROTOCOL.md A3): what each receiver may see of an op
or a board while blocks are private. Frames are built per audience, then encoded once each.
"""

from __future__ import annotations

from typing import Any

from ..board.outcome import Outcome
from ..board.privacy import can_see, placeholder, private_mode
from ..board.results import exercises_for, poll_mine, poll_view, vote_mine, vote_view
from ..board.state import Actor, Board, Item
from ..protocol.ops import (
    AnyOp,
    BlockPrivate,
    ExerciseOp,
    ItemAdd,
    ItemMove,
    ItemRemove,
    ItemUpdate,
    PollAnswer,
    VoteCast,
)

ItemOp = ItemAdd | ItemUpdate | ItemMove | ItemRemove


def sees(board: Board, item: Item, viewer: Actor) -> bool:
    return can_see(board, item, viewer.id, viewer.department, viewer.role)


def board_for(board: Board, viewer: Actor) -> dict[str, Any]:
    """The board as `viewer` may see it: hidden items become placeholders; votes and polls
    are their views (E2), with the viewer's own dots and answers."""
    wire = board.to_wire() | exercises_for(board, viewer.id)
    if viewer.role == "facilitator" or not any(b.get("private") for b in board.blocks.values()):
        return wire
    items = {
        iid: item if sees(board, item, viewer) else placeholder(item)
        for iid, item in board.items.items()
    }
    return {**wire, "items": items}


def private_target(board: Board, op: AnyOp) -> ItemOp | None:
    """The op, if it is an item op touching a private block (checked before applying)."""
    if not isinstance(op, ItemOp):
        return None
    block = op.block if isinstance(op, ItemAdd) else None
    if block is None:
        item = board.items.get(op.id)
        block = item["block"] if item is not None else None
    return op if block is not None and private_mode(board, block) else None


class OpView:
    """The one or two versions of an item op's frame in a private block."""

    def __init__(
        self, board: Board, op: ItemOp, by: Actor, outcome: Outcome, before: Item | None
    ) -> None:
        self.board = board
        self.op = op
        self.by = by
        self.outcome = outcome
        self.item = board.items.get(op.id) if outcome.ok else None
        self.before = before

    def visible_to(self, viewer: Actor) -> bool:
        if viewer.role == "facilitator" or viewer.id == self.by.id:
            return True
        if not self.outcome.ok:
            return False  # a refused op is its author's business
        item = self.item or self.before
        return item is not None and sees(self.board, item, viewer)

    def hidden_op(self) -> dict[str, Any]:
        op = self.op
        if self.outcome.ok and isinstance(op, ItemAdd):
            return {"kind": "item.add", "id": op.id, "block": op.block, "item": {"kind": "hidden"}}
        if self.outcome.ok and op.kind == "item.remove":
            return {"kind": "item.remove", "id": op.id}
        return {"kind": "hidden"}


def block_items_for(board: Board, op: BlockPrivate, viewer: Actor) -> list[dict[str, Any]]:
    """After a private-mode change: the block's items as `viewer` sees them from now on."""
    return [
        item if sees(board, item, viewer) else placeholder(item)
        for item in board.items.values()
        if item["block"] == op.id
    ]


class ExerciseView:
    """The two versions of an exercise op's `applied` frame (E1): everyone's, whose op is
    reduced to which vote or poll it touched, and its author's (all their tabs), with the
    op whole and their own dots or answers. Facilitators get everyone's: nobody sees
    another person's dots or scores."""

    def __init__(self, board: Board, op: ExerciseOp, by: Actor, frame: dict[str, Any]) -> None:
        self.by = by
        changed, own = _changed(board, op, by)
        public_op: dict[str, Any] = frame["op"]
        if isinstance(op, VoteCast):
            public_op = {"kind": op.kind, "vote": op.vote}
        elif isinstance(op, PollAnswer):
            public_op = {"kind": op.kind, "poll": op.poll}
        self.public = {**frame, "op": public_op, "exercise": changed}
        self.own = {**frame, "exercise": own} if own is not None else None


def _changed(
    board: Board, op: ExerciseOp, by: Actor
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The part of the board's exercises this op may have changed, and the author's
    version of it when it holds their own part."""
    family = op.kind.split(".")[0]
    if family == "vote":
        vid = op.vote if isinstance(op, VoteCast) else str(getattr(op, "id", ""))
        vote = board.votes.get(vid)
        if vote is None:
            return {}, None
        view = vote_view(vote)
        own = view | {"mine": vote_mine(vote, by.id)}
        return {"votes": {vid: view}}, {"votes": {vid: own}}
    if family == "poll":
        pid = str(getattr(op, "poll", None) or getattr(op, "id", ""))
        poll = board.polls.get(pid)
        if poll is None:
            return {}, None
        pview = poll_view(poll)
        mine = pview | {"mine": poll_mine(poll, by.id)}
        return {"polls": {pid: pview}}, {"polls": {pid: mine}}
    if family == "agenda":
        return {"agenda": board.agenda, "done": board.done}, None
    return {"done": board.done}, None
