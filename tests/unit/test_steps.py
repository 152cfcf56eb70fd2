"""E8: agenda steps. Running an entry applies its step's rules in that one op; moving on
runs the left step's end actions; the hub enforces who writes, the time that is up and the
vote's own-item rule. Each refusal also checks R10 (nothing but seq changes)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossboard.board import views
from crossboard.board.reducer import apply
from crossboard.board.state import Actor, Board
from crossboard.board.template import strategy_day
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
    """The step frame carries the step's blocks' items per audience: private writing stays
    private in it, and the room shares one encoding when it may."""
    agenda(board, ("s-1", 5.0, {"blocks": ["expectations"], "visibility": "own"}),
           ("s-2", 5.0, {"blocks": ["expectations"], "visibility": "own"}))  # fmt: skip
    ok(board, {"kind": "agenda.start"})
    ok(board, note("n-ana", text="Ana's secret"), ANA)
    ok(board, note("n-ben", text="Ben's secret"), BEN)
    op = decode_op({"kind": "agenda.next"})
    _, outcome = apply(board, op, FAY, board.seq + 1)
    frame = {"type": "applied", "seq": board.seq, "op": {"kind": "agenda.next"}}
    view = views.fan_out(board, op, FAY, outcome, frame, None, views.Shown(), (), ("expectations",))
    assert not view.public
    _, for_ana = view.for_viewer(ANA)
    _, for_ben = view.for_viewer(BEN)
    _, for_fay = view.for_viewer(FAY)
    ana_sees = {i["id"]: i for i in for_ana["step"]["items"]["expectations"]}
    assert ana_sees["n-ana"]["text"] == "Ana's secret"
    assert ana_sees["n-ben"]["kind"] == "hidden"
    assert "Ana's secret" not in repr(for_ben)
    fay_sees = {i["id"]: i for i in for_fay["step"]["items"]["expectations"]}
    assert fay_sees["n-ben"]["text"] == "Ben's secret"
    assert for_ana["step"]["blocks"]["expectations"]["private"] == "own"
    assert for_ana["exercise"]["agenda"]["current"] == "s-2"
    mia_key, _ = view.for_viewer(MIA)
    assert mia_key == view.for_viewer(Actor("p-max", "Max", "sales", "participant"))[0]


ONE_TWO_FOUR = ("own", "pair", "four", "public")


def eight_people() -> list[Actor]:
    return [
        Actor(f"p-{dep}-{n}", f"{dep} {n}", dep, "participant")
        for dep, count in (("product", 3), ("sales", 3), ("marketing", 2))
        for n in range(count)
    ]


def one_two_four_all(board: Board, how: str = "across") -> None:
    agenda(
        board,
        *((f"s-{v}", 2.0, {"blocks": ["expectations"], "visibility": v, "circles": how})
          for v in ONE_TWO_FOUR),
    )  # fmt: skip


def test_1_2_4_all_widens_from_own_to_pair_to_four_to_everyone(board: Board) -> None:
    """E9: each stage shows a person their own notes, then their pair's, their four's, all;
    a pair sits inside its four; pairs join departments where they can."""
    people = eight_people()
    one_two_four_all(board)
    ok(board, {"kind": "agenda.start"})
    for person in people:
        ok(board, note(f"n-{person.id}", text=f"idea of {person.id}"), person)
    seen: dict[str, list[set[str]]] = {p.id: [] for p in people}
    for stage in ONE_TWO_FOUR:
        assert board.agenda["current"] == f"s-{stage}"
        for person in people:
            wire = views.board_for(board, person)
            visible = {i["author"] for i in wire["items"].values() if i["kind"] == "note"}
            seen[person.id].append(visible)
        if stage != "public":
            ok(board, {"kind": "agenda.next"})
    circles = board.blocks["expectations"]["circles"]
    assert set(circles) == {p.id for p in people}
    for person in people:
        alone, pair, four, everyone = seen[person.id]
        assert alone == {person.id}
        assert pair == {p for p, c in circles.items() if c["pair"] == circles[person.id]["pair"]}
        assert four == {p for p, c in circles.items() if c["four"] == circles[person.id]["four"]}
        assert alone < pair < four < everyone == {p.id for p in people}
        assert len(pair) == 2 and len(four) == 4
    department = {p.id: p.department for p in people}
    pairs: dict[int, set[str | None]] = {}
    for pid, c in circles.items():
        pairs.setdefault(c["pair"], set()).add(department[pid])
    assert all(len(deps) == 2 for deps in pairs.values())  # across departments


def test_1_2_4_all_within_departments_and_an_odd_one_out(board: Board) -> None:
    people = eight_people()[:7]  # 3 product, 3 sales, 1 marketing
    one_two_four_all(board, "within")
    ok(board, {"kind": "agenda.start"})
    for person in people:
        ok(board, note(f"n-{person.id}"), person)
    ok(board, {"kind": "agenda.next"})
    circles = board.blocks["expectations"]["circles"]
    sizes: dict[int, int] = {}
    for c in circles.values():
        sizes[c["pair"]] = sizes.get(c["pair"], 0) + 1
    assert sorted(sizes.values()) == [2, 2, 3]  # the odd one out makes a three
    product = [circles[p.id]["pair"] for p in people if p.department == "product"]
    assert len(set(product)) <= 2 and max(product.count(n) for n in product) >= 2


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["product", "sales", "marketing", None]), min_size=1, max_size=12),
    st.sampled_from(["across", "within"]),
)
def test_1_2_4_all_privacy_property(departments: list[str | None], how: str) -> None:
    """E9, A2, A3, for any room: at every stage each person's board and each note's frame
    carry exactly their own circle's notes; circles nest (a pair inside its four) and hold
    everyone who wrote; a pair has two people (three with an odd one out, one when alone)."""
    board = strategy_day("b", "Day")
    people = [Actor(f"p{i}", f"P{i}", dep, "participant") for i, dep in enumerate(departments)]
    one_two_four_all(board, how)
    ok(board, {"kind": "agenda.start"})
    for person in people:
        ok(board, note(f"n-{person.id}", text=f"CANARY-{person.id}"), person)
    for stage in ONE_TWO_FOUR:
        circles = board.blocks["expectations"].get("circles", {})
        if stage != "own":
            assert set(circles) == {p.id for p in people}
        for viewer in people:
            may = {
                p.id
                for p in people
                if stage == "public"
                or p.id == viewer.id
                or (stage != "own" and circles[p.id][stage] == circles[viewer.id][stage])
            }
            wire = views.board_for(board, viewer)
            texts = {i["text"] for i in wire["items"].values() if i.get("text", "")[:6] == "CANARY"}
            assert texts == {f"CANARY-{pid}" for pid in may}, (stage, viewer.id)
        late = people[0]
        op = decode_op(note(f"late-{stage}", text=f"LATE-{stage}"))
        _, outcome = apply(board, op, late, board.seq + 1)
        frame = {"type": "applied", "seq": board.seq, "op": op.model_dump()}
        view = views.fan_out(board, op, late, outcome, frame, None, views.Shown())
        for viewer in people:
            got = repr(view.for_viewer(viewer)[1])
            sees_it = (
                stage == "public"
                or viewer.id == late.id
                or (stage != "own" and circles[late.id][stage] == circles[viewer.id][stage])
            )
            assert (f"LATE-{stage}" in got) == sees_it, (stage, viewer.id)
        if stage != "public":
            ok(board, {"kind": "agenda.next"})
    circles = board.blocks["expectations"]["circles"]
    pairs: dict[int, set[int]] = {}
    sizes: dict[int, int] = {}
    for c in circles.values():
        pairs.setdefault(c["pair"], set()).add(c["four"])
        sizes[c["pair"]] = sizes.get(c["pair"], 0) + 1
    assert all(len(fours) == 1 for fours in pairs.values())  # a pair sits in one four
    assert all(2 <= n <= 3 for n in sizes.values()) or len(people) == 1
