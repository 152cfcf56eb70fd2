"""The JSON backup of a whole board (format in shared/BACKUP.md) and its import.

A backup holds the board's full state, individual dots and answers included: it is the
facilitator's copy of the data, to restore from, not a report. Import makes a NEW board
(new id, new join links) at seq 0 whose state is the backup's; nothing existing changes.
"""

from __future__ import annotations

import copy
from typing import Any

from ..board.state import Board

FORMAT = "crossboard.board"
VERSION = 1


class BadBackup(ValueError):
    """The file is not a crossboard backup this version can read."""


def export(board: Board, exported_at: str) -> dict[str, Any]:
    state = board.to_wire()
    del state["id"], state["seq"]
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at,
        "board_id": board.id,
        "seq": board.seq,
        "board": state,
    }


def restore(backup: Any, new_id: str) -> Board:
    """The backup's board under `new_id`, checked to load; raises `BadBackup`."""
    if not isinstance(backup, dict) or backup.get("format") != FORMAT:
        raise BadBackup(f"not a crossboard backup (format must be {FORMAT!r})")
    if backup.get("version") != VERSION:
        raise BadBackup(f"backup version {backup.get('version')!r}; this server reads {VERSION}")
    state = backup.get("board")
    if not isinstance(state, dict):
        raise BadBackup("the backup has no board")
    try:
        board = Board.from_wire({**copy.deepcopy(state), "id": new_id, "seq": 0})
        _check(board)
    except BadBackup:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadBackup(f"the backup's board does not load: {exc!r}") from exc
    return board


def _check(board: Board) -> None:
    """The shapes every replica relies on: blocks and items keyed by their ids, items in
    existing blocks, names and titles as strings."""
    if not isinstance(board.title, str) or not board.departments:
        raise BadBackup("a board needs a title and departments")
    for key, block in board.blocks.items():
        if not isinstance(block, dict) or block.get("id") != key or "kind" not in block:
            raise BadBackup(f"block {key!r} is malformed")
    for key, item in board.items.items():
        if not isinstance(item, dict) or item.get("id") != key:
            raise BadBackup(f"item {key!r} is malformed")
        if item.get("block") not in board.blocks:
            raise BadBackup(f"item {key!r} is in no block of the backup")
