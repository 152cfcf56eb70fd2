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
    if mode in ("pair", "four"):
        return same_circle(board, item, viewer_id, mode)
    return department is not None and item.get("author_department") == department


def same_circle(board: Board, item: Item, viewer_id: str, circle: str) -> bool:
    """E9, 1-2-4-All: is the viewer the item's author, or in the author's pair (four)? The
    block's `circles` say who is in which; someone the hub did not place is alone."""
    author = item.get("author")
    if author == viewer_id:
        return True
    circles: dict[str, dict[str, int]] = board.blocks[item["block"]].get("circles") or {}
    mine, theirs = circles.get(viewer_id), circles.get(str(author))
    return mine is not None and theirs is not None and mine[circle] == theirs[circle]


def placeholder(item: Item) -> dict[str, Any]:
    """What someone who may not see an item gets instead: enough to count it."""
    return {
        "id": item["id"],
        "block": item["block"],
        "kind": "hidden",
        "author_department": item.get("author_department"),
    }
