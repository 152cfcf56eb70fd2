"""Who may see an item of a private block (shared/PROTOCOL.md A2). Pure: the reducer uses
it to refuse edits of unseen items, the hub to redact frames before encoding them."""

from __future__ import annotations

from typing import Any

from .state import Board, Item


def private_mode(board: Board, block_id: str) -> str | None:
    block = board.blocks.get(block_id)
    return block.get("private") if block is not None else None


def can_see(board: Board, item: Item, viewer_id: str, department: str | None, role: str) -> bool:
    """May this viewer see the item's content? Always, unless its block is private."""
    mode = private_mode(board, item["block"])
    if mode is None or role == "facilitator":
        return True
    if mode == "own":
        return bool(item.get("author") == viewer_id)
    return department is not None and item.get("author_department") == department


def placeholder(item: Item) -> dict[str, Any]:
    """What someone who may not see an item gets instead: enough to count it."""
    return {
        "id": item["id"],
        "block": item["block"],
        "kind": "hidden",
        "author_department": item.get("author_department"),
    }
