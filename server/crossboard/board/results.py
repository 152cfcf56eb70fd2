"""What each person may see of the exercises: vote totals and poll figures, never anyone
else's own dots or answers (shared/PROTOCOL.md E2-E4). Pure: the hub uses it to build the
`exercise` part of `applied` frames and the welcome board; the report uses it for figures.

A view is public (the same for everyone) plus, for one person, `mine`: their own dots or
answers. No figure may be traced to fewer than k people (E4; k is the board's
`settings.min_group`, I7, default `DEFAULT_MIN_GROUP`):

- Breakdowns by department (`groups`) show only groups of at least k people. Smaller
  departments are pooled as "other"; if "other" is still 1..k-1 people, the smallest shown
  departments are pooled into it too (complementary suppression), so the total minus the
  shown groups is never a group of fewer than k. Fewer than k people in all: no breakdown.
- A poll round with fewer than k answers shows only its count; its figures (average,
  median, histogram, breakdown, comments) are null. The comparison shows a round's average
  only if that round has at least k answers, and the movement (raised / lowered / kept,
  its breakdown and its comments) only if at least k people answered both rounds.
- Ballots are anonymous (E7): comments come in an order that says nothing of who wrote
  them or when (by the sha256 of poll id + round label + text), and how many people voted
  is the facilitator's alone (everyone sees the dots placed).
"""

from __future__ import annotations

import hashlib
import statistics
from collections.abc import Iterable
from typing import Any

from .state import Board

OTHER = "other"
"""The pooled group of departments too small to be shown on their own in a breakdown."""

DEFAULT_MIN_GROUP = 3
"""k of E4 when the board does not set `settings.min_group` (I7)."""

MOVEMENTS = ("raised", "lowered", "kept")


def min_group(board: Board) -> int:
    """The board's k (`settings.min_group`, I7), or the default when unset or unusable."""
    settings = getattr(board, "settings", None) or {}
    k = settings.get("min_group", DEFAULT_MIN_GROUP) if isinstance(settings, dict) else None
    return k if isinstance(k, int) and not isinstance(k, bool) and k >= 2 else DEFAULT_MIN_GROUP


def groups(
    members: dict[str, str | None], k: int = DEFAULT_MIN_GROUP
) -> dict[str, set[str]] | None:
    """Person -> department, as groups of ≥ k people, or None when there are fewer than k
    people in all (E4). Departments of fewer than k (and people without one) are pooled as
    `other`; while `other` holds 1..k-1 people the smallest shown department joins it, so
    every group, and the total minus any shown groups, is 0 or ≥ k people."""
    if k < 2:
        raise ValueError(f"a minimum group is at least 2 people, not {k}")
    if len(members) < k:
        return None
    by_dep: dict[str, set[str]] = {}
    for person, dep in members.items():
        by_dep.setdefault(dep or OTHER, set()).add(person)
    pool = by_dep.pop(OTHER, set())
    shown: dict[str, set[str]] = {}
    for dep, people in by_dep.items():
        if len(people) >= k:
            shown[dep] = people
        else:
            pool |= people
    while 0 < len(pool) < k:  # ends: with ≥ k people in all, pooling everything is ≥ k
        smallest = min(shown, key=lambda dep: (len(shown[dep]), dep))
        pool |= shown.pop(smallest)
    out = {dep: shown[dep] for dep in sorted(shown)}
    if pool:
        out[OTHER] = pool
    return out


def _counts(members: dict[str, str | None], k: int) -> dict[str, int] | None:
    grouped = groups(members, k)
    return None if grouped is None else {dep: len(people) for dep, people in grouped.items()}


# Dot votes.


def vote_view(
    vote: dict[str, Any], k: int = DEFAULT_MIN_GROUP, facilitator: bool = False
) -> dict[str, Any]:
    """The public part: settings, dots placed, totals once they may be seen (closed, or
    live) and, once closed, dots by department in groups of ≥ k voters (E2, E4). `voters`
    (how many people placed a dot) is the facilitator's only; null for everyone else (E7)."""
    dots: dict[str, dict[str, int]] = vote["dots"]
    shown = not vote["open"] or vote["live"]
    totals: dict[str, int] = {}
    for mine in dots.values():
        for item, n in mine.items():
            totals[item] = totals.get(item, 0) + n
    view = {key: vote[key] for key in ("id", "block", "budget", "max_per_item", "live", "open")}
    view["own_items"] = vote.get("own_items", True)  # votes logged before E8 lack these
    view["shuffle"] = vote.get("shuffle", False)
    view["voters"] = len(dots) if facilitator else None
    view["dots_placed"] = sum(totals.values())
    view["totals"] = totals if shown else None
    view["by_department"] = None if vote["open"] else _dots_by_department(vote, k)
    return view


def _dots_by_department(vote: dict[str, Any], k: int) -> dict[str, dict[str, int]] | None:
    voters = {p: vote["departments"].get(p) for p in vote["dots"]}
    grouped = groups(voters, k)
    if grouped is None:
        return None
    out: dict[str, dict[str, int]] = {}
    for dep, people in grouped.items():
        for person in people:
            for item, n in vote["dots"][person].items():
                per_item = out.setdefault(item, {})
                per_item[dep] = per_item.get(dep, 0) + n
    return out


def vote_mine(vote: dict[str, Any], person: str) -> dict[str, Any]:
    mine = dict(vote["dots"].get(person, {}))
    return {"dots": mine, "left": vote["budget"] - sum(mine.values())}


# Scale polls.


def poll_view(
    poll: dict[str, Any], k: int = DEFAULT_MIN_GROUP, facilitator: bool = False
) -> dict[str, Any]:
    """The public part (E3, E4): per round the response count, and by department in
    groups of ≥ k (null under k answers); once revealed, for rounds of ≥ k answers the
    average, median, histogram, breakdown and comments (null under k), and the comparison of
    the first and last round. `facilitator` changes nothing here yet: nobody, the
    facilitator included, sees a figure of fewer than k people."""
    view = {key: poll[key] for key in ("id", "block", "question", "low", "high", "comment")}
    view["revealed"] = poll["revealed"]
    rounds = []
    for round_ in poll["rounds"]:
        answers: dict[str, dict[str, Any]] = round_["answers"]
        shown: dict[str, Any] = {
            "label": round_["label"],
            "open": round_["open"],
            "responses": len(answers),
            "responses_by_department": _counts({p: a["department"] for p, a in answers.items()}, k),
        }
        if poll["revealed"]:
            shown |= _round_figures(poll, round_["label"], answers, k)
        rounds.append(shown)
    view["rounds"] = rounds
    view["comparison"] = (
        _comparison(poll, poll["rounds"][0], poll["rounds"][-1], k)
        if poll["revealed"] and len(poll["rounds"]) >= 2
        else None
    )
    return view


def _stats(scores: list[int]) -> dict[str, float | None]:
    if not scores:
        return {"average": None, "median": None}
    return {
        "average": round(statistics.fmean(scores), 2),
        "median": float(statistics.median(scores)),
    }


def _shuffled(poll_id: str, label: str, comments: Iterable[str]) -> list[str]:
    """Non-empty comments in an order set by their text alone, not by author or time (E7)."""

    def key(text: str) -> tuple[str, str]:
        digest = hashlib.sha256((poll_id + label + text).encode("utf-8")).hexdigest()
        return digest, text

    return sorted((text for text in comments if text), key=key)


def _round_figures(
    poll: dict[str, Any], label: str, answers: dict[str, dict[str, Any]], k: int
) -> dict[str, Any]:
    if len(answers) < k:
        return dict.fromkeys(("average", "median", "histogram", "by_department", "comments"))
    scores = [a["score"] for a in answers.values()]
    histogram = [0] * (poll["high"] - poll["low"] + 1)
    for score in scores:
        histogram[score - poll["low"]] += 1
    grouped = groups({p: a["department"] for p, a in answers.items()}, k) or {}
    by_department = {
        dep: {"responses": len(people), **_stats([answers[p]["score"] for p in people])}
        for dep, people in grouped.items()
    }
    comments = _shuffled(poll["id"], label, (a["comment"] for a in answers.values()))
    return {**_stats(scores), "histogram": histogram, "by_department": by_department,
            "comments": comments}  # fmt: skip


def _movement(before: int, after: int) -> str:
    return "raised" if after > before else "lowered" if after < before else "kept"


def _average(answers: dict[str, dict[str, Any]], k: int) -> float | None:
    if len(answers) < k:
        return None
    return _stats([a["score"] for a in answers.values()])["average"]


def _comparison(
    poll: dict[str, Any], first_round: dict[str, Any], last_round: dict[str, Any], k: int
) -> dict[str, Any]:
    """Before vs after: round averages (everyone who answered each round, if ≥ k), and the
    movement of those who answered both, as counts only, with their "why" grouped by
    movement, if ≥ k people answered both (E4)."""
    first: dict[str, dict[str, Any]] = first_round["answers"]
    last: dict[str, dict[str, Any]] = last_round["answers"]
    before, after = _average(first, k), _average(last, k)
    change = round(after - before, 2) if before is not None and after is not None else None
    paired = [p for p in last if p in first]
    out: dict[str, Any] = {
        "average_before": before,
        "average_after": after,
        "change": change,
        "paired": len(paired),
        **dict.fromkeys(MOVEMENTS),
        "by_department": None,
        "comments": None,
    }
    if len(paired) < k:
        return out
    moves = {p: _movement(first[p]["score"], last[p]["score"]) for p in paired}
    counts = {m: sum(1 for v in moves.values() if v == m) for m in MOVEMENTS}
    grouped = groups({p: last[p]["department"] for p in paired}, k) or {}
    out |= counts
    out["by_department"] = {
        dep: {m: sum(1 for p in people if moves[p] == m) for m in MOVEMENTS}
        for dep, people in grouped.items()
    }
    out["comments"] = {
        m: _shuffled(
            poll["id"], last_round["label"], (last[p]["comment"] for p in paired if moves[p] == m)
        )
        for m in MOVEMENTS
    }
    return out


def poll_mine(poll: dict[str, Any], person: str) -> dict[str, Any]:
    """This person's own answers, one per round (None where they did not answer)."""
    answers = []
    for round_ in poll["rounds"]:
        answer = round_["answers"].get(person)
        answers.append(None if answer is None else {k: answer[k] for k in ("score", "comment")})
    return {"answers": answers}


# Whole boards.


def exercises_for(board: Board, person: str | None, facilitator: bool = False) -> dict[str, Any]:
    """Every vote and poll of the board as `person` sees them (None: nobody's own part),
    with the board's k (I7); `facilitator` adds what only the facilitator sees."""
    k = min_group(board)
    votes = {}
    for vid, vote in board.votes.items():
        view = vote_view(vote, k=k, facilitator=facilitator)
        votes[vid] = view | ({"mine": vote_mine(vote, person)} if person else {})
    polls = {}
    for pid, poll in board.polls.items():
        pview = poll_view(poll, k=k, facilitator=facilitator)
        polls[pid] = pview | ({"mine": poll_mine(poll, person)} if person else {})
    return {"votes": votes, "polls": polls}
