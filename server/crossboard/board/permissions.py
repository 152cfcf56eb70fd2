"""Who may send which op kind. Locks and private writing add to this in their own issue."""

from __future__ import annotations

FACILITATOR_ONLY = frozenset({"block.add", "block.update", "block.remove"})
"""The board's structure is the facilitator's; participants fill it."""


def may(role: str, op_kind: str) -> bool:
    """Is a `role` allowed to send ops of `op_kind` at all?"""
    if role == "facilitator":
        return True
    if role == "participant":
        return op_kind not in FACILITATOR_ONLY
    return False  # the screen (projector) only watches
