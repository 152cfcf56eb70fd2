"""Applying one logged entry to a board: the single way a replica (a hub's room, an export,
a test) turns the log into a board, so every reader decodes and attributes entries alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..protocol.codec import decode_op
from ..protocol.ops import AnyOp
from .outcome import Outcome
from .reducer import apply
from .state import Actor, Board


class LogEntry(Protocol):
    """What the reducer needs of an engine's entry (engine.base.Entry has it)."""

    @property
    def seq(self) -> int: ...
    @property
    def op(self) -> dict[str, Any]: ...
    @property
    def by(self) -> dict[str, Any]: ...
    @property
    def ts(self) -> int: ...


@dataclass(frozen=True)
class Replayed:
    board: Board
    op: AnyOp
    author: Actor
    outcome: Outcome


def apply_entry(board: Board, entry: LogEntry) -> Replayed:
    """Apply `entry` at its seq (an invalid op is a no-op with a refusal outcome, R1)."""
    op = decode_op(entry.op)
    author = Actor.from_wire(entry.by)
    board, outcome = apply(board, op, author, entry.seq, entry.ts)
    return Replayed(board, op, author, outcome)
