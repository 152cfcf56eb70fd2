"""A7: what the projector shows is the board's, set by the facilitator's `screen.show`."""

from __future__ import annotations

from crossboard.board.reducer import apply
from crossboard.board.state import Actor
from crossboard.board.template import strategy_day
from crossboard.protocol.codec import decode_op

FAY = Actor("p-fay", "Fay", None, "facilitator")
ANA = Actor("p-ana", "Ana", "product", "participant")


def test_the_facilitator_sets_what_the_screen_shows() -> None:
    board = strategy_day("b", "Day")
    assert board.screen == {"mode": "follow", "block": None, "cursors": False}
    board, ok = apply(board, decode_op({"kind": "screen.show", "mode": "block",
                                        "block": "swot", "cursors": True}), FAY, 1)  # fmt: skip
    assert ok.ok and board.screen == {"mode": "block", "block": "swot", "cursors": True}
    board, ok = apply(board, decode_op({"kind": "screen.show", "mode": "join"}), FAY, 2)
    assert ok.ok and board.screen["mode"] == "join"


def test_screen_show_refusals_change_nothing() -> None:
    board = strategy_day("b", "Day")
    cases = [
        (ANA, {"kind": "screen.show", "mode": "join"}, "forbidden"),
        (FAY, {"kind": "screen.show", "mode": "block"}, "invalid_patch"),
        (FAY, {"kind": "screen.show", "mode": "results", "block": "nope"}, "not_found"),
    ]
    for seq, (by, op, code) in enumerate(cases, start=1):
        board, outcome = apply(board, decode_op(op), by, seq)
        assert outcome.code == code
        assert board.screen["mode"] == "follow"


def test_removing_the_shown_block_sends_the_screen_back_to_follow() -> None:
    board = strategy_day("b", "Day")
    board, _ = apply(board, decode_op({"kind": "screen.show", "mode": "results",
                                       "block": "swot"}), FAY, 1)  # fmt: skip
    board, ok = apply(board, decode_op({"kind": "block.remove", "id": "swot"}), FAY, 2)
    assert ok.ok and board.screen == {"mode": "follow", "block": None, "cursors": False}
