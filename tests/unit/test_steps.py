"""E8: agenda steps. Running an entry applies its step's rules in that one op; moving on
runs the left step's end actions; the hub enforces who writes, the time that is up and the
vote's own-item rule. Each refusal also checks R10 (nothing but seq changes)."""

from __future__ import annotations

from typing import Any

import pytest

from crossboard.board import views
from crossboard.board.reducer import apply
from crossboard.board.state import Actor, Board
from crossboard.protocol.codec import decode_op
from crossboard.protocol.codes import ErrorCode

from .test_exercises import board, run

__all__ = ["board"]  # the fixture: the day's blocks, an empty agenda

FAY = Actor("p-fay", "Fay", None, "facilitator")
ANA = Actor("p-ana", "Ana", "product", "participant")
BEN = Actor("p-ben", "Ben", "sales", "participant")
MIA = Actor("p-mia", "Mia", "marketing", "participant")


def ok(board: Board, raw: dict[str, Any], by: Actor = FAY, ts: int = 0) -> None:
    """Applied; the facilitator's unless said otherwise."""
    code = run(board, raw, by, ts)
    assert code is None, f"{raw} refused: {code}"


def note(iid: str, block: str = "expectations", text: str = "") -> dict[str, Any]:
    item = {"kind": "note", "text": text, "x": 10.0, "y": 10.0}
    return {"kind": "item.add", "id": iid, "block": block, "item": item}


def agenda(board: Board, *steps: tuple[str, float, dict[str, Any]], ts: int = 0) -> None:
    items = [
        {"id": sid, "title": sid, "minutes": minutes, "step": step} for sid, minutes, step in steps
    ]
    ok(board, {"kind": "agenda.set", "items": items}, ts=ts)


def test_a_step_sets_the_whole_room_in_one_op(board: Board) -> None:
    ok(board, {"kind": "poll.create", "id": "pl", "block": "poll", "question": "?"})
    agenda(
        board,
        ("s-1", 10.0, {"blocks": ["poll"], "writers": "nobody", "screen": "block",
                       "poll": {"poll": "pl", "label": "Before"}, "end": ["close_round"]}),
        ("s-2", 10.0, {"blocks": ["swot"], "visibility": "department",
                       "vote": {"id": "v-1", "own_items": False}, "end": ["reveal", "close_vote"]}),
    )  # fmt: skip
    seq = board.seq
    ok(board, {"kind": "agenda.next"}, ts=1000)
    assert board.seq == seq + 1
    assert board.spotlight == "poll"
    assert board.screen == {"mode": "block", "block": "poll", "cursors": False}
    assert all(b["locked"] for b in board.blocks.values())
    assert board.polls["pl"]["rounds"] == [{"label": "Before", "open": True, "answers": {}}]
    ok(board, {"kind": "poll.answer", "poll": "pl", "score": 5}, ANA, ts=2000)
    assert run(board, note("n-0"), ANA, ts=2000) == ErrorCode.LOCKED

    ok(board, {"kind": "agenda.next"}, ts=3000)
    assert board.seq == seq + 4
    assert not board.polls["pl"]["rounds"][0]["open"]  # s-1's end: the round closes
    assert board.blocks["swot"]["private"] == "department"
    assert not board.blocks["swot"]["locked"]
    assert board.blocks["poll"]["locked"] and board.blocks["expectations"]["locked"]
    assert board.votes["v-1"]["open"] and board.votes["v-1"]["block"] == "swot"
    assert board.screen["block"] == "poll"  # s-2 leaves the screen as it is

    swot = {"kind": "swot", "quadrant": "S", "text": "ours"}
    ok(board, {"kind": "item.add", "id": "w-1", "block": "swot", "item": swot}, ANA, ts=4000)
    ok(board, {"kind": "item.add", "id": "w-2", "block": "swot", "item": swot}, BEN, ts=4000)
    assert run(board, {"kind": "vote.cast", "vote": "v-1", "item": "w-1"}, ANA) == (
        ErrorCode.FORBIDDEN
    )  # her own item
    assert run(board, {"kind": "vote.cast", "vote": "v-1", "item": "w-2"}, ANA) == (
        ErrorCode.FORBIDDEN
    )  # Ben's is private to sales until the reveal
    ok(board, {"kind": "vote.cast", "vote": "v-1", "item": "w-1"}, FAY)  # sees all, wrote none

    ok(board, {"kind": "agenda.next"}, ts=5000)  # past the last step: its end runs
    assert board.agenda["current"] is None
    assert board.blocks["swot"]["private"] is None
    assert not board.votes["v-1"]["open"]


def test_a_block_given_to_one_department(board: Board) -> None:
    step = {"blocks": ["swot"], "writers": "department", "department": "sales"}
    agenda(board, ("s-1", 10.0, step))
    ok(board, {"kind": "agenda.start"})
    swot = {"kind": "swot", "quadrant": "O", "text": "x"}
    ok(board, {"kind": "item.add", "id": "w-1", "block": "swot", "item": swot}, BEN)
    assert run(board, {"kind": "item.add", "id": "w-2", "block": "swot", "item": swot}, ANA) == (
        ErrorCode.LOCKED
    )
    ok(board, {"kind": "item.add", "id": "w-3", "block": "swot", "item": swot}, FAY)
    assert board.blocks["swot"]["writers"] == "sales"


def test_time_up_pauses_input_until_extended(board: Board) -> None:
    agenda(board, ("s-1", 1.0, {"blocks": ["expectations"], "pause_at_zero": True}))
    ok(board, {"kind": "agenda.start"}, ts=0)
    ok(board, note("n-1"), ANA, ts=59_999)
    assert run(board, note("n-2"), ANA, ts=60_000) == ErrorCode.LOCKED
    assert run(board, {"kind": "agenda.extend"}, ANA, ts=60_000) == ErrorCode.FORBIDDEN
    ok(board, {"kind": "agenda.extend", "halve": True}, ts=61_000)  # half of 1 min: 30 s
    ok(board, note("n-2"), ANA, ts=89_999)
    assert run(board, note("n-3"), ANA, ts=90_000) == ErrorCode.LOCKED
    ok(board, {"kind": "agenda.extend", "halve": True}, ts=91_000)  # half of 30 s
    ok(board, note("n-3"), ANA, ts=104_999)
    assert run(board, note("n-4"), ANA, ts=105_000) == ErrorCode.LOCKED
    ok(board, note("n-4"), FAY, ts=105_000)  # the facilitator is never paused
    ok(board, {"kind": "agenda.pause"}, ts=106_000)
    assert run(board, note("n-5"), ANA, ts=200_000) == ErrorCode.LOCKED  # still spent
    entry = board.agenda["items"][0]
    assert entry["extra_ms"] == 45_000 and entry["last_extra_ms"] == 15_000
    agenda(board, ("s-1", 2.0, {"blocks": ["expectations"], "pause_at_zero": True}))
    assert board.agenda["items"][0]["extra_ms"] == 45_000  # kept by id, like actual_ms
    ok(board, note("n-5"), ANA, ts=200_000)  # 2 min + 45 s > 106 s spent


def test_running_a_step_again_reopens_its_vote_and_round(board: Board) -> None:
    ok(board, {"kind": "poll.create", "id": "pl", "block": "poll", "question": "?"})
    agenda(
        board,
        ("s-1", 5.0, {"blocks": ["swot"], "vote": {"id": "v-1"}, "end": ["close_vote"]}),
        ("s-2", 5.0, {"blocks": ["poll"], "poll": {"poll": "pl", "label": "After"},
                      "end": ["close_round", "reveal_poll"]}),
    )  # fmt: skip
    ok(board, {"kind": "agenda.start", "item": "s-1"})
    ok(board, {"kind": "agenda.start", "item": "s-2"})
    assert not board.votes["v-1"]["open"]
    ok(board, {"kind": "agenda.start", "item": "s-1"})
    assert board.votes["v-1"]["open"]
    assert board.polls["pl"]["revealed"]
    ok(board, {"kind": "agenda.start", "item": "s-2"})
    assert [r["label"] for r in board.polls["pl"]["rounds"]] == ["After"]
    assert board.polls["pl"]["rounds"][0]["open"]


def test_a_removed_block_is_skipped_not_refused(board: Board) -> None:
    agenda(board, ("s-1", 5.0, {"blocks": ["swot", "goals"], "screen": "results"}))
    ok(board, {"kind": "block.remove", "id": "swot"})
    ok(board, {"kind": "agenda.start"})
    assert board.spotlight == "goals"
    assert board.screen == {"mode": "results", "block": "goals", "cursors": False}


@pytest.mark.parametrize(
    ("step", "code"),
    [
        ({"blocks": ["nope"]}, ErrorCode.NOT_FOUND),
        ({"writers": "department", "department": "hr"}, ErrorCode.NOT_FOUND),
        ({"poll": {"poll": "nope"}}, ErrorCode.NOT_FOUND),
        ({"vote": {"id": "v"}}, ErrorCode.INVALID_PATCH),
    ],
)
def test_a_step_naming_what_is_not_there_is_refused(
    board: Board, step: dict[str, Any], code: ErrorCode
) -> None:
    items = [{"id": "s", "title": "s", "minutes": 5, "step": step}]
    assert run(board, {"kind": "agenda.set", "items": items}, FAY) == code


def test_each_receiver_gets_the_board_as_it_may_see_it(board: Board) -> None:
    """The step frame carries `board` per audience: private writing stays private in it."""
    agenda(board, ("s-1", 5.0, {"blocks": ["expectations"], "visibility": "own"}),
           ("s-2", 5.0, {"blocks": ["expectations"], "visibility": "own"}))  # fmt: skip
    ok(board, {"kind": "agenda.start"})
    ok(board, note("n-ana", text="Ana's secret"), ANA)
    ok(board, note("n-ben", text="Ben's secret"), BEN)
    op = decode_op({"kind": "agenda.next"})
    _, outcome = apply(board, op, FAY, board.seq + 1)
    frame = {"type": "applied", "seq": board.seq, "op": {"kind": "agenda.next"}}
    view = views.fan_out(board, op, FAY, outcome, frame, None, views.Shown())
    assert not view.public
    _, for_ana = view.for_viewer(ANA)
    _, for_ben = view.for_viewer(BEN)
    _, for_fay = view.for_viewer(FAY)
    assert for_ana["board"]["items"]["n-ana"]["text"] == "Ana's secret"
    assert for_ana["board"]["items"]["n-ben"]["kind"] == "hidden"
    assert "Ana's secret" not in repr(for_ben)
    assert for_fay["board"]["items"]["n-ben"]["text"] == "Ben's secret"
