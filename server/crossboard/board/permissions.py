"""Who may send which op kind at all. Locks and private writing are checked by the reducer,
which knows the board (shared/PROTOCOL.md, the authorization matrix)."""

from __future__ import annotations

FACILITATOR_ONLY = frozenset(
    {
        "block.add", "block.update", "block.remove", "block.lock", "board.lock",
        "block.private", "board.spotlight", "link.rotate", "participant.update",
        "participant.remove", "participant.admit", "board.settings", "screen.show", "vote.start",
        "vote.close", "poll.create", "poll.open", "poll.close", "poll.reveal", "agenda.set",
        "agenda.start", "agenda.pause", "agenda.next", "agenda.extend", "done.reset", "block.tidy",
        "department.update",
    }
)  # fmt: skip
"""The board's structure is the facilitator's; participants fill it."""


def may(role: str, op_kind: str) -> bool:
    """Is a `role` allowed to send ops of `op_kind` at all?"""
    if role == "facilitator":
        return True
    if role == "participant":
        return op_kind not in FACILITATOR_ONLY
    return False  # the screen (projector) only watches
