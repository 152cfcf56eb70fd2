"""Unit tests of the exercises (shared/PROTOCOL.md E1-E6): the rules in board/exercises.py
and what each person may see of them in board/results.py. Every refusal also checks R10
(nothing but seq changes)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from crossboard.board.reducer import apply
from crossboard.board.results import exercises_for, groups, poll_view, vote_mine, vote_view
from crossboard.board.state import Actor, Board
from crossboard.board.template import strategy_day
from crossboard.protocol.codec import decode_op
from crossboard.protocol.codes import ErrorCode

FAY = Actor("p-fay", "Fay", None, "facilitator")
SCREEN = Actor("p-screen", "Projector", None, "screen")


def person(n: int, dep: str) -> Actor:
    return Actor(f"p-{dep}-{n}", f"{dep} {n}", dep, "participant")


ANA = person(1, "product")
ALE = person(2, "product")
BEN = person(1, "sales")
BOB = person(2, "sales")
MIA = person(1, "marketing")


@pytest.fixture
def board() -> Board:
    return strategy_day("b-1", "Strategy day")


def run(board: Board, raw: dict[str, Any], by: Actor = ANA, ts: int = 0) -> ErrorCode | None:
    """Apply at the next seq; the refusal code, or None. A refusal changes nothing (R10)."""
    before = copy.deepcopy(board.to_wire())
    _, outcome = apply(board, decode_op(raw), by, board.seq + 1, ts)
    if not outcome.ok:
        assert board.to_wire() == before | {"seq": board.seq}
    return outcome.code


def ok(board: Board, raw: dict[str, Any], by: Actor = ANA, ts: int = 0) -> None:
    code = run(board, raw, by, ts)
    assert code is None, f"{raw} refused: {code}"


def swot_items(board: Board, *ids: str) -> None:
    for iid in ids:
        item = {"kind": "swot", "quadrant": "S", "text": iid}
        ok(board, {"kind": "item.add", "id": iid, "block": "swot", "item": item})


def start_vote(board: Board, **fields: Any) -> None:
    ok(board, {"kind": "vote.start", "id": "v", "block": "swot", **fields}, FAY)


def cast(board: Board, by: Actor, item: str, delta: int = 1) -> ErrorCode | None:
    return run(board, {"kind": "vote.cast", "vote": "v", "item": item, "delta": delta}, by)


# E2: dot votes.


def test_budget_and_per_item_maximum_are_enforced(board: Board) -> None:
    swot_items(board, "s1", "s2", "s3")
    start_vote(board, budget=3, max_per_item=2)
    assert cast(board, ANA, "s1") is None
    assert cast(board, ANA, "s1") is None
    assert cast(board, ANA, "s1") == ErrorCode.BUDGET_EXCEEDED  # max 2 on one item
    assert cast(board, ANA, "s2") is None
    assert cast(board, ANA, "s3") == ErrorCode.BUDGET_EXCEEDED  # 3 of 3 used
    assert vote_mine(board.votes["v"], ANA.id) == {"dots": {"s1": 2, "s2": 1}, "left": 0}
    assert cast(board, ANA, "s1", -1) is None
    assert cast(board, ANA, "s3") is None  # a dot taken back can go elsewhere
    assert vote_mine(board.votes["v"], ANA.id) == {"dots": {"s1": 1, "s2": 1, "s3": 1}, "left": 0}


def test_casts_sequenced_together_never_exceed_the_budget(board: Board) -> None:
    """Two tabs of one person both pass their pre-check; at their turn the reducer counts."""
    swot_items(board, "s1", "s2")
    start_vote(board, budget=2, max_per_item=2)
    ops = [{"kind": "vote.cast", "vote": "v", "item": f"s{1 + n % 2}"} for n in range(10)]
    outcomes = [run(board, op, ANA) for op in ops]
    assert outcomes.count(None) == 2
    assert set(outcomes) == {None, ErrorCode.BUDGET_EXCEEDED}
    assert sum(board.votes["v"]["dots"][ANA.id].values()) == 2


def test_vote_refusals(board: Board) -> None:
    swot_items(board, "s1")
    ok(board, {"kind": "item.add", "id": "n1", "block": "expectations", "item": {"kind": "note"}})
    start_vote(board)
    assert run(board, {"kind": "vote.start", "id": "v2", "block": "swot"}, FAY) == "closed"
    assert run(board, {"kind": "vote.start", "id": "v", "block": "goals"}, FAY) == "duplicate_id"
    assert run(board, {"kind": "vote.start", "id": "v3", "block": "nope"}, FAY) == "not_found"
    assert run(board, {"kind": "vote.start", "id": "v4", "block": "goals"}) == "forbidden"
    assert cast(board, ANA, "n1") == ErrorCode.WRONG_BLOCK
    assert cast(board, ANA, "zz") == ErrorCode.NOT_FOUND
    assert cast(board, ANA, "s1", -1) == ErrorCode.INVALID_PATCH  # no dot of Ana's there
    assert cast(board, SCREEN, "s1") == ErrorCode.FORBIDDEN
    assert run(board, {"kind": "vote.cast", "vote": "v9", "item": "s1"}) == "not_found"
    ok(board, {"kind": "vote.close", "id": "v"}, FAY)
    assert cast(board, ANA, "s1") == ErrorCode.CLOSED
    assert run(board, {"kind": "vote.close", "id": "v"}, FAY) == "closed"


def test_votes_ignore_locks_but_not_private_items(board: Board) -> None:
    swot_items(board, "s1")
    ok(board, {"kind": "block.lock", "id": "swot", "locked": True}, FAY)
    start_vote(board)
    assert cast(board, BEN, "s1") is None  # E2: lock the block to stop edits, not votes
    ok(board, {"kind": "block.private", "id": "swot", "mode": "own"}, FAY)
    assert cast(board, BEN, "s1") == ErrorCode.FORBIDDEN  # Ana's item, hidden from Ben


def test_totals_hidden_until_close_unless_live(board: Board) -> None:
    swot_items(board, "s1", "s2")
    start_vote(board)
    for who in (ANA, ALE, BEN, BOB):
        cast(board, who, "s1")
    cast(board, BOB, "s2")
    view = vote_view(board.votes["v"], k=2)
    assert (view["voters"], view["dots_placed"]) == (None, 5)  # how many voted: facilitator's
    assert vote_view(board.votes["v"], k=2, facilitator=True)["voters"] == 4
    assert view["totals"] is None and view["by_department"] is None
    ok(board, {"kind": "vote.close", "id": "v"}, FAY)
    view = vote_view(board.votes["v"], k=2)
    assert view["totals"] == {"s1": 4, "s2": 1}
    assert view["by_department"] == {"s1": {"product": 2, "sales": 2}, "s2": {"sales": 1}}
    ok(board, {"kind": "vote.start", "id": "live", "block": "swot", "live": True}, FAY)
    run(board, {"kind": "vote.cast", "vote": "live", "item": "s2"}, MIA)
    live = vote_view(board.votes["live"], k=2)
    assert live["totals"] == {"s2": 1} and live["by_department"] is None


def test_a_breakdown_never_shows_one_persons_dots(board: Board) -> None:
    """E4: Mia is marketing's only voter: her dots are pooled with others or not shown."""
    swot_items(board, "s1")
    start_vote(board)
    for who in (ANA, ALE, MIA):
        cast(board, who, "s1")
    ok(board, {"kind": "vote.close", "id": "v"}, FAY)
    # k=2: "other" would be Mia alone, so product is pooled with her.
    assert vote_view(board.votes["v"], k=2)["by_department"] == {"s1": {"other": 3}}
    assert vote_view(board.votes["v"])["by_department"] == {"s1": {"other": 3}}  # k=3
    assert vote_view(board.votes["v"], k=4)["by_department"] is None  # 3 voters in all
    assert groups({"a": "x", "b": "x", "c": "y", "d": "z"}, k=2) == {
        "x": {"a", "b"},
        "other": {"c", "d"},
    }


def test_views_never_carry_anyone_elses_dots(board: Board) -> None:
    swot_items(board, "s1")
    start_vote(board)
    cast(board, ANA, "s1")
    seen_by_ben = exercises_for(board, BEN.id)["votes"]["v"]
    assert seen_by_ben["mine"] == {"dots": {}, "left": 5}
    assert ANA.id not in repr(seen_by_ben)


# E3: polls.


def make_poll(board: Board, comment: bool = True) -> None:
    raw = {"kind": "poll.create", "id": "q", "block": "poll", "question": "Achievable?"}
    ok(board, raw | {"comment": comment}, FAY)


def answer(board: Board, by: Actor, score: int, comment: str = "") -> ErrorCode | None:
    return run(board, {"kind": "poll.answer", "poll": "q", "score": score, "comment": comment}, by)


def test_poll_rounds_and_refusals(board: Board) -> None:
    assert run(
        board, {"kind": "poll.create", "id": "q", "block": "swot", "question": "?"}, FAY
    ) == ("wrong_block")
    bad_scale = {"kind": "poll.create", "id": "q", "block": "poll", "question": "?", "low": 5}
    assert run(board, bad_scale | {"high": 5}, FAY) == "invalid_patch"
    make_poll(board, comment=False)
    assert answer(board, ANA, 5) == ErrorCode.CLOSED  # no round open yet
    ok(board, {"kind": "poll.open", "poll": "q", "label": "Before"}, FAY)
    assert run(board, {"kind": "poll.open", "poll": "q"}, FAY) == "closed"
    assert answer(board, ANA, 11) == ErrorCode.INVALID_PATCH
    assert answer(board, ANA, 0) == ErrorCode.INVALID_PATCH
    assert answer(board, ANA, 5, "why") == ErrorCode.INVALID_PATCH  # this poll takes no "why"
    assert answer(board, ANA, 5) is None
    assert answer(board, ANA, 6) is None  # answering again replaces
    ok(board, {"kind": "poll.close", "poll": "q"}, FAY)
    assert answer(board, ANA, 7) == ErrorCode.CLOSED
    ok(board, {"kind": "poll.open", "poll": "q"}, FAY)
    rounds = board.polls["q"]["rounds"]
    assert [r["label"] for r in rounds] == ["Before", "Round 2"]
    assert rounds[0]["answers"][ANA.id]["score"] == 6


def test_poll_figures_appear_only_on_reveal(board: Board) -> None:
    make_poll(board)
    ok(board, {"kind": "poll.open", "poll": "q", "label": "Before"}, FAY)
    for who, score in ((ANA, 9), (ALE, 8), (BEN, 8), (BOB, 9)):
        answer(board, who, score)
    hidden = poll_view(board.polls["q"], k=2)["rounds"][0]
    assert hidden["responses"] == 4
    assert hidden["responses_by_department"] == {"product": 2, "sales": 2}
    assert "average" not in hidden and "histogram" not in hidden
    ok(board, {"kind": "poll.reveal", "poll": "q"}, FAY)
    shown = poll_view(board.polls["q"], k=2)["rounds"][0]
    assert shown["average"] == 8.5 and shown["median"] == 8.5
    assert shown["histogram"] == [0] * 7 + [2, 2, 0]
    assert shown["by_department"] == {
        "product": {"responses": 2, "average": 8.5, "median": 8.5},
        "sales": {"responses": 2, "average": 8.5, "median": 8.5},
    }


def test_before_and_after_pair_people_and_count_late_joiners_once(board: Board) -> None:
    """The story's 8.5 → 8.3: movement by person, as counts; Mia joined late."""
    make_poll(board)
    ok(board, {"kind": "poll.open", "poll": "q", "label": "Before"}, FAY)
    for who, score in ((ANA, 9), (ALE, 8), (BEN, 8), (BOB, 9)):
        answer(board, who, score)
    ok(board, {"kind": "poll.close", "poll": "q"}, FAY)
    ok(board, {"kind": "poll.open", "poll": "q", "label": "After"}, FAY)
    answer(board, ANA, 7, "too many goals")
    answer(board, ALE, 9, "the tree helped")
    answer(board, BEN, 8)
    answer(board, BOB, 8, "sales targets unclear")
    answer(board, MIA, 9)
    ok(board, {"kind": "poll.reveal", "poll": "q"}, FAY)
    comparison = poll_view(board.polls["q"], k=2)["comparison"]
    assert comparison["average_before"] == 8.5
    assert comparison["average_after"] == 8.2  # (7+9+8+8+9)/5: Mia counts in "after" only
    assert comparison["change"] == -0.3
    assert (comparison["paired"], comparison["raised"], comparison["lowered"]) == (4, 1, 2)
    assert comparison["kept"] == 1
    assert comparison["by_department"] == {
        "product": {"raised": 1, "lowered": 1, "kept": 0},
        "sales": {"raised": 0, "lowered": 1, "kept": 1},
    }
    assert comparison["comments"] == {
        "raised": ["the tree helped"],
        "lowered": ["sales targets unclear", "too many goals"],  # by sha256("qAfter" + text)
        "kept": [],
    }
    mine = exercises_for(board, MIA.id)["polls"]["q"]["mine"]
    assert mine == {"answers": [None, {"score": 9, "comment": ""}]}


# E5, E6: the agenda timer and "I'm done".


def agenda(board: Board) -> None:
    items = [
        {"id": "a1", "title": "Goals", "minutes": 30, "block": "goals"},
        {"id": "a2", "title": "SWOT", "minutes": 45},
    ]
    ok(board, {"kind": "agenda.set", "items": items}, FAY)


def test_the_timer_runs_on_the_servers_clock(board: Board) -> None:
    agenda(board)
    ok(board, {"kind": "agenda.start"}, FAY, ts=1_000)
    assert board.agenda | {"items": None} == {
        "items": None,
        "current": "a1",
        "running": True,
        "started_at": 1_000,
    }
    ok(board, {"kind": "agenda.pause"}, FAY, ts=61_000)
    assert board.agenda["items"][0]["actual_ms"] == 60_000 and not board.agenda["running"]
    ok(board, {"kind": "agenda.start"}, FAY, ts=100_000)  # resumes the current item
    ok(board, {"kind": "agenda.next"}, FAY, ts=130_000)
    first, second = board.agenda["items"]
    assert (first["actual_ms"], second["actual_ms"]) == (90_000, 0)
    assert board.agenda["current"] == "a2" and board.agenda["started_at"] == 130_000
    ok(board, {"kind": "agenda.next"}, FAY, ts=190_000)  # past the last: the day is over
    assert board.agenda["current"] is None and not board.agenda["running"]
    assert board.agenda["items"][1]["actual_ms"] == 60_000


def test_agenda_set_keeps_recorded_time_and_checks_blocks(board: Board) -> None:
    agenda(board)
    ok(board, {"kind": "agenda.start", "item": "a2"}, FAY, ts=0)
    ok(board, {"kind": "agenda.pause"}, FAY, ts=5_000)
    items = [{"id": "a2", "title": "SWOT, longer", "minutes": 60}]
    ok(board, {"kind": "agenda.set", "items": items}, FAY)
    assert board.agenda["items"][0]["actual_ms"] == 5_000
    dup = {"kind": "agenda.set", "items": items * 2}
    assert run(board, dup, FAY) == "duplicate_id"
    nowhere = [{"id": "x", "title": "?", "minutes": 5, "block": "nope"}]
    assert run(board, {"kind": "agenda.set", "items": nowhere}, FAY) == "not_found"
    assert run(board, {"kind": "agenda.start", "item": "zz"}, FAY) == "not_found"
    assert run(board, {"kind": "agenda.pause"}, ANA) == "forbidden"
    ok(board, {"kind": "agenda.start"}, FAY, ts=6_000)
    ok(board, {"kind": "done.set"}, ANA)
    ok(board, {"kind": "agenda.set", "items": []}, FAY)  # the running entry is taken off
    assert board.agenda["current"] is None and not board.agenda["running"]
    assert board.done == {}


def test_done_marks_clear_when_the_agenda_moves_on(board: Board) -> None:
    agenda(board)
    ok(board, {"kind": "agenda.start"}, FAY, ts=0)
    ok(board, {"kind": "done.set"}, ANA)
    ok(board, {"kind": "done.set"}, BEN)
    ok(board, {"kind": "done.set", "done": False}, BEN)
    assert board.done == {ANA.id: "product"}
    assert run(board, {"kind": "done.set"}, SCREEN) == "forbidden"
    ok(board, {"kind": "agenda.next"}, FAY, ts=10)
    assert board.done == {}
    ok(board, {"kind": "done.set"}, BEN)
    ok(board, {"kind": "done.reset"}, FAY)
    assert board.done == {}


def test_exercises_survive_the_wire_form(board: Board) -> None:
    """Snapshots and welcomes carry the exercises whole."""
    agenda(board)
    make_poll(board)
    ok(board, {"kind": "poll.open", "poll": "q"}, FAY)
    answer(board, ANA, 4)
    swot_items(board, "s1")
    start_vote(board)
    cast(board, BEN, "s1")
    assert Board.from_wire(board.to_wire()).to_wire() == board.to_wire()
