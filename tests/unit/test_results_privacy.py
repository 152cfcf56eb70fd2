"""No figure of the exercises can be traced to fewer than k people (shared/PROTOCOL.md E4,
with k the board's `settings.min_group`, I7; issue "trust model" item 5/6): the rules of
board/results.py one by one, then a property over random votes and polls.

The property reads every breakdown the way a curious reader would: each shown group is a
whole department (or "other") of at least k people, and the total minus the shown groups
is 0 or at least k, so nobody can subtract their way to a smaller group (E4); ballots stay
anonymous: the count of voters is the facilitator's, comments come in an order set by their
text alone (E7)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossboard.board.results import (
    DEFAULT_MIN_GROUP,
    OTHER,
    exercises_for,
    groups,
    min_group,
    poll_view,
    vote_view,
)
from crossboard.board.template import strategy_day

FIGURES = ("average", "median", "histogram", "by_department", "comments")
MOVEMENTS = ("raised", "lowered", "kept")


def members(**sizes: int) -> dict[str, str | None]:
    """`members(x=3, y=1)`: person id -> department, `sizes[dep]` people per department
    (`none` for people without one)."""
    out: dict[str, str | None] = {}
    for dep, n in sizes.items():
        for i in range(n):
            out[f"{dep}-{i}"] = None if dep == "none" else dep
    return out


def sizes(grouped: dict[str, set[str]] | None) -> dict[str, int] | None:
    return None if grouped is None else {dep: len(people) for dep, people in grouped.items()}


def vote(dots: dict[str, dict[str, int]], deps: dict[str, str | None], **kw: Any) -> dict[str, Any]:
    base = {"id": "v", "block": "swot", "budget": 5, "max_per_item": 3, "live": False}
    return base | {"open": False, "dots": dots, "departments": deps} | kw


def poll(*rounds: dict[str, dict[str, Any]], revealed: bool = True) -> dict[str, Any]:
    """A poll whose rounds hold these answers (person -> {score, comment, department})."""
    labels = ("Before", "After", "Round 3", "Round 4")
    return {
        "id": "q",
        "block": "poll",
        "question": "Achievable?",
        "low": 1,
        "high": 10,
        "comment": True,
        "revealed": revealed,
        "rounds": [
            {"label": labels[i], "open": i == len(rounds) - 1, "answers": answers}
            for i, answers in enumerate(rounds)
        ],
    }


def answers(who: dict[str, str | None], score: int = 5, comment: str = "") -> dict[str, Any]:
    return {p: {"score": score, "comment": comment, "department": d} for p, d in who.items()}


# E4: groups.


def test_a_department_of_one_is_never_shown() -> None:
    """E4: y's one person cannot be "other" alone, so x is pooled with them."""
    assert sizes(groups(members(x=3, y=1), k=3)) == {OTHER: 4}
    assert sizes(groups(members(x=3, y=1, z=3), k=3)) == {"z": 3, OTHER: 4}
    assert sizes(groups(members(x=2, y=1), k=2)) == {OTHER: 3}
    assert sizes(groups(members(x=4, none=1), k=3)) == {OTHER: 5}  # no department: pooled too


def test_two_singletons_pooled_as_other_are_suppressed_with_the_next_smallest() -> None:
    """E4: "other" of two people (k=3) would be two people's figure: the smallest shown
    department (x, 3) joins it; the larger one (y, 4) stays."""
    assert sizes(groups(members(x=3, y=4, a=1, b=1), k=3)) == {"y": 4, OTHER: 5}
    assert sizes(groups(members(x=3, y=4, a=1, b=1, c=1), k=3)) == {"x": 3, "y": 4, OTHER: 3}


def test_a_two_person_department_never_shows_with_k_3() -> None:
    grouped = groups(members(x=2, y=3, z=3), k=3)
    assert sizes(grouped) == {"z": 3, OTHER: 5}  # the tie between y and z goes by name
    assert grouped is not None and {"x-0", "x-1"} <= grouped[OTHER]
    assert sizes(groups(members(x=2, y=2, z=2), k=3)) == {OTHER: 6}
    assert sizes(groups(members(x=2, y=2, z=2), k=2)) == {"x": 2, "y": 2, "z": 2}


def test_fewer_than_k_people_in_all_have_no_breakdown() -> None:
    assert groups(members(x=2), k=3) is None
    assert groups({}, k=2) is None
    assert sizes(groups(members(x=3))) == {"x": DEFAULT_MIN_GROUP}  # k defaults to 3
    with pytest.raises(ValueError):
        groups(members(x=3), k=1)


# E2: dot votes.


def test_only_the_facilitator_sees_how_many_voted() -> None:
    """E7: everyone sees the dots placed; how many people placed them is the facilitator's."""
    deps = members(x=3)
    v = vote({p: {"s1": 1} for p in deps}, deps, open=True)
    assert vote_view(v)["voters"] is None
    assert vote_view(v, facilitator=True)["voters"] == 3
    assert vote_view(v)["dots_placed"] == 3


def test_a_vote_breakdown_never_shows_a_small_department() -> None:
    deps = members(x=3, y=1)
    dots = {p: {"s1": 1} for p in deps} | {"y-0": {"s2": 2}}
    assert vote_view(vote(dots, deps))["by_department"] == {"s1": {OTHER: 3}, "s2": {OTHER: 2}}
    assert vote_view(vote(dots, deps), k=5)["by_department"] is None
    assert vote_view(vote(dots, deps))["totals"] == {"s1": 3, "s2": 2}  # totals: unchanged


# E3: polls.


def test_a_round_with_one_response_shows_only_its_count() -> None:
    view = poll(answers({"ana": "x"}, 9, "only me"))
    (round_,) = poll_view(view, k=2)["rounds"]
    assert round_["responses"] == 1
    assert round_["responses_by_department"] is None
    assert all(round_[key] is None for key in FIGURES)
    hidden = poll_view(poll(answers({"ana": "x"}), revealed=False), k=2)["rounds"][0]
    assert (hidden["responses"], hidden["responses_by_department"]) == (1, None)


def test_a_round_of_k_shows_its_figures_in_groups_of_k() -> None:
    round_ = poll_view(poll(answers(members(x=3, y=1), 6)), k=3)["rounds"][0]
    assert round_["responses_by_department"] == {OTHER: 4}
    assert round_["by_department"] == {OTHER: {"responses": 4, "average": 6.0, "median": 6.0}}
    assert (round_["average"], round_["histogram"][5]) == (6.0, 4)


def test_a_before_and_after_with_one_paired_person_shows_no_movement() -> None:
    before = answers(members(x=3), 5) | answers({"ana": "y"}, 2)
    after = answers(members(z=3), 8) | answers({"ana": "y"}, 9, "now I see it")
    comparison = poll_view(poll(before, after), k=3)["comparison"]
    assert comparison == {
        "average_before": 4.25,
        "average_after": 8.25,
        "change": 4.0,
        "paired": 1,
        "raised": None,
        "lowered": None,
        "kept": None,
        "by_department": None,
        "comments": None,
    }
    small = poll_view(poll(answers({"ana": "y"}, 2), after), k=3)["comparison"]
    assert (small["average_before"], small["average_after"], small["change"]) == (None, 8.25, None)


def test_comments_are_ordered_by_their_text_not_by_who_or_when() -> None:
    """E3, E7: the order is sha256(poll id + round label + text), whatever the insertion order
    of the answers (which follows the order people answered in)."""
    texts = [f"why {n}" for n in range(8)]
    pairs = list(zip([f"p{n}" for n in range(8)], texts, strict=True))

    def said(pairs: list[tuple[str, str]]) -> dict[str, Any]:
        return {p: {"score": 5, "comment": t, "department": "x"} for p, t in pairs}

    swapped = [(p, t) for (p, _), t in zip(pairs, reversed(texts), strict=True)]  # other authors
    orders = (said(pairs), said(pairs[::-1]), said(swapped))
    shown = [poll_view(poll(a), k=3)["rounds"][0]["comments"] for a in orders]
    want = sorted(texts, key=lambda t: hashlib.sha256(("q" + "Before" + t).encode()).hexdigest())
    assert shown[0] == shown[1] == shown[2] == want
    assert want != sorted(texts)  # not alphabetical either: the order says nothing


# Whole boards.


def test_exercises_for_takes_k_from_the_board() -> None:
    board = strategy_day("b-1", "Strategy day")
    deps = members(x=2, y=2)
    board.votes["v"] = vote({p: {"s1": 1} for p in deps}, deps)
    board.settings["min_group"] = 2
    assert min_group(board) == 2
    shown = exercises_for(board, None)["votes"]["v"]
    assert shown["by_department"] == {"s1": {"x": 2, "y": 2}} and shown["voters"] is None
    assert exercises_for(board, None, facilitator=True)["votes"]["v"]["voters"] == 4
    board.settings.pop("min_group")
    assert min_group(board) == DEFAULT_MIN_GROUP
    assert exercises_for(board, "x-0")["votes"]["v"]["by_department"] == {"s1": {OTHER: 4}}


# The property: random votes and polls.

DEPARTMENTS = ("sales", "product", "it", "hr", None)
COMMENTS = ("", "", "ok", "too many goals", "why")

# Hypothesis draws the shape (how many people, departments, rounds) and a seeded Random
# fills it in: one draw per example instead of one per score keeps 2000 examples fast.


@st.composite
def random_poll(draw: st.DrawFn) -> dict[str, Any]:
    """Up to 12 people in 1..5 departments (None: no department), each answering any of
    1..3 rounds with a score and maybe a comment."""
    n, spread, n_rounds = draw(st.integers(0, 12)), draw(st.integers(1, 5)), draw(st.integers(1, 3))
    rnd = draw(st.randoms(use_true_random=True))
    deps = {f"p{i}": rnd.choice(DEPARTMENTS[:spread]) for i in range(n)}
    rounds = []
    for _ in range(n_rounds):
        answered = [p for p in deps if rnd.random() < 0.7]
        rounds.append(
            {
                p: {
                    "score": rnd.randint(1, 5),
                    "comment": rnd.choice(COMMENTS),
                    "department": deps[p],
                }
                for p in answered
            }
        )
    p = poll(*rounds, revealed=draw(st.booleans()))
    p["high"] = 5
    return p


@st.composite
def random_vote(draw: st.DrawFn) -> dict[str, Any]:
    """Up to 12 voters in 1..5 departments (None: no department), each with 1..6 dots on
    3 items."""
    n, spread = draw(st.integers(0, 12)), draw(st.integers(1, 5))
    rnd = draw(st.randoms(use_true_random=True))
    deps = {f"p{i}": rnd.choice(DEPARTMENTS[:spread]) for i in range(n)}
    dots: dict[str, dict[str, int]] = {}
    for p in deps:
        for _ in range(rnd.randint(1, 6)):
            item = rnd.choice(("s1", "s2", "s3"))
            dots.setdefault(p, {})[item] = dots.get(p, {}).get(item, 0) + 1
    return vote(dots, deps, open=draw(st.booleans()), live=draw(st.booleans()))


def check_groups(shown: dict[str, int], deps: dict[str, str | None], k: int) -> None:
    """`shown`: group -> people in it, as a reader sees it. Every group is ≥ k people, a
    named one is that whole department, and nothing is left over but 0 or ≥ k (E4)."""
    for dep, n in shown.items():
        assert n >= k, (dep, n, k)
        if dep != OTHER:
            assert n == sum(1 for d in deps.values() if d == dep), (dep, n)
    named = sum(n for dep, n in shown.items() if dep != OTHER)
    rest = len(deps) - named
    assert rest == 0 or rest >= k, (shown, rest, k)
    assert sum(shown.values()) == len(deps)  # "other" is the rest, all of it


def hashed(poll_: dict[str, Any], label: str, texts: list[str]) -> list[str]:
    def key(text: str) -> str:
        return hashlib.sha256((poll_["id"] + label + text).encode()).hexdigest()

    return sorted((t for t in texts if t), key=key)


@settings(max_examples=2000, deadline=None)
@given(random_poll(), st.integers(2, 5), st.booleans())
def test_no_poll_figure_is_fewer_than_k_people(
    poll_: dict[str, Any], k: int, facilitator: bool
) -> None:
    view = poll_view(poll_, k=k, facilitator=facilitator)
    for source, shown in zip(poll_["rounds"], view["rounds"], strict=True):
        got: dict[str, dict[str, Any]] = source["answers"]
        deps = {p: a["department"] for p, a in got.items()}
        assert shown["responses"] == len(got)
        if len(got) < k:
            assert shown["responses_by_department"] is None
        else:
            check_groups(shown["responses_by_department"], deps, k)
        if not poll_["revealed"]:
            assert not set(FIGURES) & set(shown)
        elif len(got) < k:
            assert all(shown[key] is None for key in FIGURES)
        else:
            assert sum(shown["histogram"]) == len(got)
            check_groups({d: g["responses"] for d, g in shown["by_department"].items()}, deps, k)
            texts = [a["comment"] for a in got.values()]
            assert shown["comments"] == hashed(poll_, source["label"], texts)
    comparison = view["comparison"]
    if not poll_["revealed"] or len(poll_["rounds"]) < 2:
        assert comparison is None
        return
    first, last = poll_["rounds"][0]["answers"], poll_["rounds"][-1]["answers"]
    assert (comparison["average_before"] is None) == (len(first) < k)
    assert (comparison["average_after"] is None) == (len(last) < k)
    both = comparison["average_before"] is not None and comparison["average_after"] is not None
    assert (comparison["change"] is not None) == both
    paired = [p for p in last if p in first]
    assert comparison["paired"] == len(paired)
    if len(paired) < k:
        assert all(comparison[key] is None for key in (*MOVEMENTS, "by_department", "comments"))
        return
    assert sum(comparison[m] for m in MOVEMENTS) == len(paired)
    moved = {d: sum(g.values()) for d, g in comparison["by_department"].items()}
    check_groups(moved, {p: last[p]["department"] for p in paired}, k)
    texts = [t for m in MOVEMENTS for t in comparison["comments"][m]]
    assert sorted(texts) == sorted(last[p]["comment"] for p in paired if last[p]["comment"])


@settings(max_examples=2000, deadline=None)
@given(random_vote(), st.integers(2, 5), st.booleans())
def test_no_vote_figure_is_fewer_than_k_people(
    vote_: dict[str, Any], k: int, facilitator: bool
) -> None:
    view = vote_view(vote_, k=k, facilitator=facilitator)
    assert view["voters"] == (len(vote_["dots"]) if facilitator else None)
    assert (view["totals"] is None) == (vote_["open"] and not vote_["live"])
    by_department = view["by_department"]
    if vote_["open"] or len(vote_["dots"]) < k:
        assert by_department is None
        return
    deps = {p: vote_["departments"][p] for p in vote_["dots"]}
    shown = {dep for per_item in by_department.values() for dep in per_item}
    in_group = {  # every voter placed a dot, so every group shows on some item
        dep: sum(1 for p, d in deps.items() if d == dep) for dep in shown if dep != OTHER
    }
    rest = len(deps) - sum(in_group.values())
    check_groups(in_group | ({OTHER: rest} if rest else {}), deps, k)
    assert (OTHER in shown) == (rest > 0)
    for item, per_item in by_department.items():
        assert sum(per_item.values()) == view["totals"][item]
