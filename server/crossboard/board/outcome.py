"""What an op did to a board: applied, or refused with a code and a human reason.

Shared by the reducer and the exercise rules: a plan function checks everything first and
either raises `Refused` or returns the one `Mutation` that applies the op.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..protocol.codes import ErrorCode


@dataclass(frozen=True)
class Outcome:
    """What an op did: `ok`, or the code and human message of why it changed nothing."""

    ok: bool
    code: ErrorCode | None = None
    message: str = ""


OK = Outcome(True)
Mutation = Callable[[], None]


class Refused(Exception):
    """Raised by a plan function: the op changes nothing, for this reason."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.outcome = Outcome(False, code, message)
