"""What each person may see of the exercises: vote totals and poll figures, never anyone
else's own dots or answers (shared/PROTOCOL.md E2-E4). Pure: the hub uses it to build the
`exercise` part of `applied` frames and the welcome board; the report uses it for figures.

A view is public (the same for everyone) plus, for one person, `mine`: their own dots or
answers. Breakdowns by department show only groups of at least two people, so no figure
is one person's choice; smaller groups are pooled as "other" and, if even that is one
person, the breakdown is left out.
"""

from __future__ import annotations

import statistics
from typing import Any

from .state import Board

OTHER = "other"
"""The pooled group of departments with fewer than two people in a breakdown."""


def groups(members: dict[str, str | None]) -> dict[str, set[str]] | None:
    """Person -> department, as groups of ≥ 2 people (small ones pooled as `other`), or
    None when some group would still be one person."""
    by_dep: dict[str, set[str]] = {}
    for person, dep in members.items():
        by_dep.setdefault(dep or OTHER, set()).add(person)
    out: dict[str, set[str]] = {}
    for dep, people in by_dep.items():
        key = dep if len(people) >= 2 else OTHER
        out.setdefault(key, set()).update(people)
    if any(len(people) < 2 for people in out.values()):
        return None
    return out


# Dot votes.


def vote_view(vote: dict[str, Any]) -> dict[str, Any]:
    """The public part: settings, how many voted, and totals once they may be seen."""
    dots: dict[str, dict[str, int]] = vote["dots"]
    shown = not vote["open"] or vote["live"]
    totals: dict[str, int] = {}
    for mine in dots.values():
        for item, n in mine.items():
            totals[item] = totals.get(item, 0) + n
    view = {k: vote[k] for k in ("id", "block", "budget", "max_per_item", "live", "open")}
    view["voters"] = len(dots)
    view["dots_placed"] = sum(totals.values())
    view["totals"] = totals if shown else None
    view["by_department"] = None if vote["open"] else _dots_by_department(vote)
    return view


def _dots_by_department(vote: dict[str, Any]) -> dict[str, dict[str, int]] | None:
    voters = {p: vote["departments"].get(p) for p in vote["dots"]}
    grouped = groups(voters)
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


def poll_view(poll: dict[str, Any]) -> dict[str, Any]:
    """The public part: per round the response count (by department); once revealed the
    average, median and histogram per round and the comparison of the first and last."""
    view = {k: poll[k] for k in ("id", "block", "question", "low", "high", "comment")}
    view["revealed"] = poll["revealed"]
    rounds = []
    for round_ in poll["rounds"]:
        answers: dict[str, dict[str, Any]] = round_["answers"]
        counts: dict[str, int] = {}
        for answer in answers.values():
            dep = answer["department"] or OTHER
            counts[dep] = counts.get(dep, 0) + 1
        shown: dict[str, Any] = {
            "label": round_["label"],
            "open": round_["open"],
            "responses": len(answers),
            "responses_by_department": counts,
        }
        if poll["revealed"]:
            shown |= _round_figures(poll, answers)
        rounds.append(shown)
    view["rounds"] = rounds
    view["comparison"] = (
        _comparison(poll["rounds"][0]["answers"], poll["rounds"][-1]["answers"])
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


def _round_figures(poll: dict[str, Any], answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    scores = [a["score"] for a in answers.values()]
    histogram = [0] * (poll["high"] - poll["low"] + 1)
    for score in scores:
        histogram[score - poll["low"]] += 1
    grouped = groups({p: a["department"] for p, a in answers.items()})
    by_department = (
        {
            dep: {"responses": len(people), **_stats([answers[p]["score"] for p in people])}
            for dep, people in grouped.items()
        }
        if grouped is not None
        else None
    )
    comments = sorted(a["comment"] for a in answers.values() if a["comment"])
    return {**_stats(scores), "histogram": histogram, "by_department": by_department,
            "comments": comments}  # fmt: skip


def _movement(before: int, after: int) -> str:
    return "raised" if after > before else "lowered" if after < before else "kept"


def _comparison(
    first: dict[str, dict[str, Any]], last: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Before vs after: round averages (everyone who answered each round), and the movement
    of those who answered both, as counts only, with their "why" grouped by movement."""
    before = _stats([a["score"] for a in first.values()])["average"]
    after = _stats([a["score"] for a in last.values()])["average"]
    paired = [p for p in last if p in first]
    moves = {p: _movement(first[p]["score"], last[p]["score"]) for p in paired}
    counts = {m: sum(1 for v in moves.values() if v == m) for m in ("raised", "lowered", "kept")}
    grouped = groups({p: last[p]["department"] for p in paired})
    by_department = (
        {
            dep: {m: sum(1 for p in people if moves[p] == m) for m in counts}
            for dep, people in grouped.items()
        }
        if grouped is not None
        else None
    )
    comments = {
        m: sorted(last[p]["comment"] for p in paired if moves[p] == m and last[p]["comment"])
        for m in counts
    }
    change = round(after - before, 2) if before is not None and after is not None else None
    return {
        "average_before": before,
        "average_after": after,
        "change": change,
        "paired": len(paired),
        **counts,
        "by_department": by_department,
        "comments": comments,
    }


def poll_mine(poll: dict[str, Any], person: str) -> dict[str, Any]:
    """This person's own answers, one per round (None where they did not answer)."""
    answers = []
    for round_ in poll["rounds"]:
        answer = round_["answers"].get(person)
        answers.append(None if answer is None else {k: answer[k] for k in ("score", "comment")})
    return {"answers": answers}


# Whole boards.


def exercises_for(board: Board, person: str | None) -> dict[str, Any]:
    """Every vote and poll of the board as `person` sees them (None: nobody's own part)."""
    votes = {}
    for vid, vote in board.votes.items():
        votes[vid] = vote_view(vote) | ({"mine": vote_mine(vote, person)} if person else {})
    polls = {}
    for pid, poll in board.polls.items():
        polls[pid] = poll_view(poll) | ({"mine": poll_mine(poll, person)} if person else {})
    return {"votes": votes, "polls": polls}
