"""The rules of the day's exercises: dot votes, scale polls, the agenda timer, "I'm done".

Same shape as the reducer: `plan(board, op, by, ts)` checks the op completely and returns
the one mutation that applies it, or raises `Refused`. Deterministic: the timer uses `ts`,
the server clock at which the op was sequenced, never the clock of whoever applies it.
Budgets are checked here, at the op's turn in the log, so two fast clicks from two tabs of
one participant cannot spend more dots than the budget (the second is a no-op, refused).
"""

from __future__ import annotations

from typing import Any

from ..protocol.codes import ErrorCode
from ..protocol.limits import MAX_EXERCISES, MAX_ROUNDS
from ..protocol.ops import (
    AgendaExtend,
    AgendaNext,
    AgendaPause,
    AgendaSet,
    AgendaStart,
    DoneReset,
    DoneSet,
    ExerciseOp,
    PollAnswer,
    PollClose,
    PollCreate,
    PollOpen,
    PollReveal,
    VoteCast,
    VoteClose,
    VoteStart,
)
from . import steps
from .outcome import Mutation, Refused
from .privacy import can_see
from .state import Actor, Board


def plan(board: Board, op: ExerciseOp, by: Actor, ts: int) -> Mutation:
    match op:
        case VoteStart():
            return _vote_start(board, op)
        case VoteCast():
            return _vote_cast(board, op, by)
        case VoteClose():
            vote = _vote(board, op.id)
            if not vote["open"]:
                raise Refused(ErrorCode.CLOSED, "this vote is already closed")
            return lambda: vote.__setitem__("open", False)
        case PollCreate():
            return _poll_create(board, op)
        case PollOpen():
            return _poll_open(board, op)
        case PollClose():
            poll = _poll(board, op.poll)
            round_ = _open_round(poll)
            return lambda: round_.__setitem__("open", False)
        case PollReveal():
            poll = _poll(board, op.poll)
            return lambda: poll.__setitem__("revealed", op.revealed)
        case PollAnswer():
            return _poll_answer(board, op, by)
        case AgendaSet():
            return _agenda_set(board, op)
        case AgendaStart():
            return _agenda_start(board, op, ts)
        case AgendaPause():
            return lambda: _bank(board.agenda, ts, running=False)
        case AgendaNext():
            return _agenda_next(board, ts)
        case AgendaExtend():
            return _agenda_extend(board, op)
        case DoneSet():
            if op.done:
                return lambda: board.done.__setitem__(by.id, by.department)
            return lambda: _forget(board.done, by.id)
        case DoneReset():
            return board.done.clear
    raise AssertionError(f"unhandled op {op!r}")  # pragma: no cover - the union is closed


def _forget(marks: dict[str, Any], key: str) -> None:
    marks.pop(key, None)


# Dot votes.


def _vote(board: Board, vote_id: str) -> dict[str, Any]:
    vote = board.votes.get(vote_id)
    if vote is None:
        raise Refused(ErrorCode.NOT_FOUND, f"no vote {vote_id}")
    return vote


def _room_for_exercise(board: Board, new_id: str, existing: dict[str, Any]) -> None:
    if new_id in existing:
        raise Refused(ErrorCode.DUPLICATE_ID, f"{new_id} already exists")
    if len(board.votes) + len(board.polls) >= MAX_EXERCISES:
        raise Refused(
            ErrorCode.BOARD_FULL, f"a board keeps at most {MAX_EXERCISES} votes and polls"
        )


def _vote_start(board: Board, op: VoteStart) -> Mutation:
    _room_for_exercise(board, op.id, board.votes)
    if op.block not in board.blocks:
        raise Refused(ErrorCode.NOT_FOUND, f"no block {op.block}")
    if any(v["open"] and v["block"] == op.block for v in board.votes.values()):
        raise Refused(ErrorCode.CLOSED, "a vote is already open on this block; close it first")
    vote = {
        "id": op.id,
        "block": op.block,
        "budget": op.budget,
        "max_per_item": min(op.max_per_item, op.budget),
        "live": op.live,
        "own_items": op.own_items,
        "shuffle": op.shuffle,
        "open": True,
        "dots": {},
        "departments": {},
    }
    return lambda: board.votes.__setitem__(op.id, vote)


def _vote_cast(board: Board, op: VoteCast, by: Actor) -> Mutation:
    vote = _vote(board, op.vote)
    if not vote["open"]:
        raise Refused(ErrorCode.CLOSED, "this vote is closed")
    item = board.items.get(op.item)
    if item is None:
        raise Refused(ErrorCode.NOT_FOUND, f"no item {op.item}")
    if item["block"] != vote["block"]:
        raise Refused(ErrorCode.WRONG_BLOCK, "that item is not in the block being voted on")
    if not can_see(board, item, by.id, by.department, by.role):
        raise Refused(ErrorCode.FORBIDDEN, "that item is private to its author")
    if op.delta > 0 and not vote.get("own_items", True) and item.get("author") == by.id:
        raise Refused(ErrorCode.FORBIDDEN, "in this vote nobody puts dots on their own items")
    mine: dict[str, int] = vote["dots"].get(by.id, {})
    on_item = mine.get(op.item, 0)
    if op.delta > 0:
        if sum(mine.values()) >= vote["budget"]:
            raise Refused(ErrorCode.BUDGET_EXCEEDED, f"all {vote['budget']} of your dots are used")
        if on_item >= vote["max_per_item"]:
            raise Refused(
                ErrorCode.BUDGET_EXCEEDED,
                f"at most {vote['max_per_item']} of your dots on one item",
            )
    elif on_item == 0:
        raise Refused(ErrorCode.INVALID_PATCH, "none of your dots is on that item")

    def mutate() -> None:
        dots = vote["dots"].setdefault(by.id, {})
        count = on_item + op.delta
        if count:
            dots[op.item] = count
        else:
            dots.pop(op.item, None)
        if not dots:
            vote["dots"].pop(by.id, None)
        vote["departments"][by.id] = by.department

    return mutate


# Scale polls.


def _poll(board: Board, poll_id: str) -> dict[str, Any]:
    poll = board.polls.get(poll_id)
    if poll is None:
        raise Refused(ErrorCode.NOT_FOUND, f"no poll {poll_id}")
    return poll


def _open_round(poll: dict[str, Any]) -> dict[str, Any]:
    rounds: list[dict[str, Any]] = poll["rounds"]
    if not rounds or not rounds[-1]["open"]:
        raise Refused(ErrorCode.CLOSED, "no round of this poll is open")
    return rounds[-1]


def _poll_create(board: Board, op: PollCreate) -> Mutation:
    _room_for_exercise(board, op.id, board.polls)
    block = board.blocks.get(op.block)
    if block is None:
        raise Refused(ErrorCode.NOT_FOUND, f"no block {op.block}")
    if block["kind"] != "poll":
        raise Refused(ErrorCode.WRONG_BLOCK, f"a poll cannot go in a {block['kind']} block")
    if not op.low < op.high <= op.low + 20:
        raise Refused(ErrorCode.INVALID_PATCH, "a scale runs from low to high, at most 20 steps")
    poll = {
        "id": op.id,
        "block": op.block,
        "question": op.question,
        "low": op.low,
        "high": op.high,
        "comment": op.comment,
        "revealed": False,
        "rounds": [],
    }
    return lambda: board.polls.__setitem__(op.id, poll)


def _poll_open(board: Board, op: PollOpen) -> Mutation:
    poll = _poll(board, op.poll)
    rounds: list[dict[str, Any]] = poll["rounds"]
    if rounds and rounds[-1]["open"]:
        raise Refused(ErrorCode.CLOSED, "close the open round first")
    if len(rounds) >= MAX_ROUNDS:
        raise Refused(ErrorCode.BOARD_FULL, f"a poll has at most {MAX_ROUNDS} rounds")
    label = op.label or f"Round {len(rounds) + 1}"
    return lambda: rounds.append({"label": label, "open": True, "answers": {}})


def _poll_answer(board: Board, op: PollAnswer, by: Actor) -> Mutation:
    poll = _poll(board, op.poll)
    round_ = _open_round(poll)
    if not poll["low"] <= op.score <= poll["high"]:
        raise Refused(ErrorCode.INVALID_PATCH, f"the score must be {poll['low']}..{poll['high']}")
    if op.comment and not poll["comment"]:
        raise Refused(ErrorCode.INVALID_PATCH, "this poll takes no comment")
    answer = {"score": op.score, "comment": op.comment, "department": by.department}
    return lambda: round_["answers"].__setitem__(by.id, answer)


# The agenda and its timer.


def _bank(agenda: dict[str, Any], ts: int, *, running: bool) -> None:
    """Add the running stretch to the current item's actual time; restart or stop it."""
    if agenda["running"] and agenda["current"] is not None:
        for entry in agenda["items"]:
            if entry["id"] == agenda["current"]:
                started = agenda["started_at"]
                entry["actual_ms"] += max(0, ts - (ts if started is None else started))
    agenda["running"] = running and agenda["current"] is not None
    agenda["started_at"] = ts if agenda["running"] else None


def _agenda_set(board: Board, op: AgendaSet) -> Mutation:
    ids = [entry.id for entry in op.items]
    if len(set(ids)) != len(ids):
        raise Refused(ErrorCode.DUPLICATE_ID, "agenda entries need distinct ids")
    for entry in op.items:
        if entry.block is not None and entry.block not in board.blocks:
            raise Refused(ErrorCode.NOT_FOUND, f"no block {entry.block}")
        steps.check(board, entry.step.model_dump() if entry.step else None)
    agenda = board.agenda
    recorded = {e["id"]: e for e in agenda["items"]}
    items = [_entry(entry.model_dump(), recorded.get(entry.id)) for entry in op.items]

    def mutate() -> None:
        agenda["items"] = items
        if agenda["current"] is not None and agenda["current"] not in ids:
            # The running entry was taken off the agenda: its time goes with it, and the
            # exercise it stood for is over, so "I'm done" marks clear as on a move.
            agenda.update(current=None, running=False, started_at=None)
            board.done.clear()

    return mutate


def _entry(new: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """An entry as `agenda.set` leaves it: its recorded time and extensions kept by id; no
    `step` key when it has no step (the agenda of a board before E8 stays as it was)."""
    if new.get("step") is None:
        new.pop("step", None)
    new["actual_ms"] = old["actual_ms"] if old else 0
    if old and old.get("extra_ms"):
        new["extra_ms"] = old["extra_ms"]
        new["last_extra_ms"] = old["last_extra_ms"]
    return new


def _agenda_extend(board: Board, op: AgendaExtend) -> Mutation:
    agenda = board.agenda
    current = agenda["current"]
    entry = next((e for e in agenda["items"] if e["id"] == current), None)
    if entry is None:
        raise Refused(ErrorCode.NOT_FOUND, "no agenda item is running")
    if op.halve:
        last = entry.get("last_extra_ms") or round(entry["minutes"] * 60_000)
        more = max(1000, last // 2)
    else:
        more = round(op.minutes * 60_000)

    def mutate() -> None:
        entry["extra_ms"] = entry.get("extra_ms", 0) + more
        entry["last_extra_ms"] = more

    return mutate


def _agenda_start(board: Board, op: AgendaStart, ts: int) -> Mutation:
    agenda = board.agenda
    ids = [e["id"] for e in agenda["items"]]
    target = op.item or agenda["current"] or (ids[0] if ids else None)
    if target is None or target not in ids:
        raise Refused(ErrorCode.NOT_FOUND, f"no agenda item {target or '(the agenda is empty)'}")
    return lambda: _move_to(board, target, ts)


def _agenda_next(board: Board, ts: int) -> Mutation:
    agenda = board.agenda
    ids = [e["id"] for e in agenda["items"]]
    if not ids:
        raise Refused(ErrorCode.NOT_FOUND, "the agenda is empty")
    current = agenda["current"]
    if current is None:
        return lambda: _move_to(board, ids[0], ts)
    following = ids.index(current) + 1
    if following >= len(ids):

        def finish() -> None:
            _bank(agenda, ts, running=False)
            steps.leave(board, steps.current_step(board))
            agenda["current"] = None
            board.done.clear()

        return finish
    return lambda: _move_to(board, ids[following], ts)


def _move_to(board: Board, item_id: str, ts: int) -> None:
    """Run the timer on `item_id`; a new item is a new exercise, so "done" marks clear."""
    agenda = board.agenda
    if agenda["current"] == item_id and agenda["running"]:
        return
    _bank(agenda, ts, running=False)
    if agenda["current"] != item_id:
        step = steps.entry_step(board, item_id)
        steps.leave(board, steps.current_step(board))
        steps.enter(board, step)
        if step is None or step["done_reset"]:
            board.done.clear()
    agenda["current"] = item_id
    _bank(agenda, ts, running=True)
