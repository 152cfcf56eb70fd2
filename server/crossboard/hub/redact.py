"""Redaction before encoding (shared/PROTOCOL.md A3): what each receiver may see of an op
or a board while blocks are private. Frames are built per audience, then encoded once each.
"""

from __future__ import annotations

from typing import Any

from ..board.privacy import can_see, placeholder, private_mode
from ..board.reducer import Outcome
from ..board.state import Actor, Board, Item
from ..protocol.ops import AnyOp, BlockPrivate, ItemAdd, ItemMove, ItemRemove, ItemUpdate

ItemOp = ItemAdd | ItemUpdate | ItemMove | ItemRemove


def sees(board: Board, item: Item, viewer: Actor) -> bool:
    return can_see(board, item, viewer.id, viewer.department, viewer.role)


def board_for(board: Board, viewer: Actor) -> dict[str, Any]:
    """The board as `viewer` may see it: hidden items become placeholders."""
    wire = board.to_wire()
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
