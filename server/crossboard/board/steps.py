"""Agenda steps (shared/PROTOCOL.md E8): the room's rules for one entry of the agenda.

An entry's `step` says which blocks the room works in, who writes there, whether the writing
is private, which vote and poll round are open, whether the other blocks are locked, what
the projector shows and what happens when the facilitator moves on. Running the entry
(`agenda.start`, `agenda.next`) applies all of it inside that one op, so every replica, a
late joiner and a hub restarted from the log see the same step at the same seq.

Pure and deterministic like the reducer: `leave` and `enter` change the board in place and
are called only from a mutation that has already been judged. A part of a step that no
longer fits the board (a block removed since the agenda was set) is skipped, never refused:
the facilitator pressing "Next step" in front of the room must not be stopped by it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..protocol.codes import ErrorCode
from ..protocol.limits import MAX_EXERCISES, MAX_ROUNDS
from .outcome import Refused
from .state import Board

Step = dict[str, Any]
"""An entry's `step` in its wire form (protocol/ops.py `StepSettings`)."""


def check(board: Board, step: Step | None) -> None:
    """`agenda.set`: every block, department and poll the step names exists now."""
    if step is None:
        return
    for block_id in step["blocks"]:
        if block_id not in board.blocks:
            raise Refused(ErrorCode.NOT_FOUND, f"no block {block_id}")
    if step["writers"] == "department" and step["department"] not in board.department_ids():
        raise Refused(ErrorCode.NOT_FOUND, f"no department {step['department']}")
    poll = step.get("poll")
    if poll is not None and poll["poll"] not in board.polls:
        raise Refused(ErrorCode.NOT_FOUND, f"no poll {poll['poll']}")
    vote = step.get("vote")
    if vote is not None and not step["blocks"]:
        raise Refused(ErrorCode.INVALID_PATCH, "a step's vote runs on its first block: name one")


def entry_step(board: Board, entry_id: str | None) -> Step | None:
    for entry in board.agenda["items"]:
        if entry["id"] == entry_id:
            step: Step | None = entry.get("step")
            return step
    return None


def current_step(board: Board) -> Step | None:
    return entry_step(board, board.agenda["current"])


def time_is_up(board: Board, ts: int) -> bool:
    """Is the current step paused because its time ran out (`pause_at_zero`)?"""
    agenda = board.agenda
    step = current_step(board)
    if step is None or not step.get("pause_at_zero"):
        return False
    entry = next(e for e in agenda["items"] if e["id"] == agenda["current"])
    spent = entry["actual_ms"]
    if agenda["running"] and agenda["started_at"] is not None:
        spent += max(0, ts - agenda["started_at"])
    return bool(spent >= allowed_ms(entry))


def allowed_ms(entry: dict[str, Any]) -> int:
    """The entry's planned time plus what the facilitator added (`agenda.extend`)."""
    minutes: float = entry["minutes"]
    return round(minutes * 60_000) + int(entry.get("extra_ms", 0))


def leave(board: Board, step: Step | None) -> None:
    """The facilitator moves on from this step: its end actions."""
    if step is None:
        return
    blocks = [board.blocks[b] for b in step["blocks"] if b in board.blocks]
    end = set(step["end"])
    for block in blocks:
        if "reveal" in end:
            block["private"] = None
        if "lock" in end:
            block["locked"] = True
    vote = board.votes.get(step["vote"]["id"]) if step.get("vote") else None
    if vote is not None and "close_vote" in end:
        vote["open"] = False
    poll = board.polls.get(step["poll"]["poll"]) if step.get("poll") else None
    if poll is not None:
        if "close_round" in end and poll["rounds"] and poll["rounds"][-1]["open"]:
            poll["rounds"][-1]["open"] = False
        if "reveal_poll" in end:
            poll["revealed"] = True


def enter(board: Board, step: Step | None) -> None:
    """The room takes this step's rules."""
    if step is None:
        return
    names = [b for b in step["blocks"] if b in board.blocks]
    writers = step["writers"]
    department = step["department"] if writers == "department" else None
    if department not in board.department_ids():
        department = None
    mode = None if step["visibility"] == "public" else step["visibility"]
    for block_id, block in board.blocks.items():
        if block_id in names and mode in ("pair", "four") and "circles" not in block:
            block["circles"] = circles(board, block_id, step.get("circles", "across"))
        if block_id in names:
            block["locked"] = writers == "nobody"
            block["writers"] = department
            block["private"] = mode
        elif step["lock_others"]:
            block["locked"] = True
    board.spotlight = names[0] if names else None
    screen = step.get("screen")
    if screen is not None:
        shows_block = screen in ("block", "results")
        if shows_block and not names:
            screen = "follow"
        board.screen = {
            "mode": screen,
            "block": names[0] if shows_block and names else None,
            "cursors": False,
        }
    if step.get("vote") and names:
        _open_vote(board, step["vote"], names[0])
    if step.get("poll"):
        _open_round(board, step["poll"])


def _open_vote(board: Board, settings: dict[str, Any], block_id: str) -> None:
    """The step's vote opens (again, keeping its dots, when the step is run again); any
    other vote open on the block closes, since a block takes one vote at a time."""
    for other in board.votes.values():
        if other["open"] and other["block"] == block_id and other["id"] != settings["id"]:
            other["open"] = False
    vote = board.votes.get(settings["id"])
    if vote is not None:
        vote["open"] = True
        return
    if len(board.votes) + len(board.polls) >= MAX_EXERCISES:
        return
    board.votes[settings["id"]] = {
        "id": settings["id"],
        "block": block_id,
        "budget": settings["budget"],
        "max_per_item": min(settings["max_per_item"], settings["budget"]),
        "live": settings["live"],
        "own_items": settings["own_items"],
        "shuffle": settings["shuffle"],
        "open": True,
        "dots": {},
        "departments": {},
    }


def _open_round(board: Board, settings: dict[str, Any]) -> None:
    """The step's round opens: the last round again when it carries the step's label (the
    step is run again), else a new one after closing whatever round was open."""
    poll = board.polls.get(settings["poll"])
    if poll is None:
        return
    rounds: list[dict[str, Any]] = poll["rounds"]
    label = settings["label"] or f"Round {len(rounds) + 1}"
    if rounds and rounds[-1]["label"] == label:
        rounds[-1]["open"] = True
        return
    if rounds:
        rounds[-1]["open"] = False
    if len(rounds) < MAX_ROUNDS:
        rounds.append({"label": label, "open": True, "answers": {}})


def circles(board: Board, block_id: str, how: str) -> dict[str, dict[str, int]]:
    """E9, 1-2-4-All: pairs, and fours made of two pairs, of everyone who has acted on the
    board as a participant (the roster: in stage one they wrote alone) and was not removed.
    The order is a hash of block and person, so every replica forms the same circles and a
    second run keeps them. `across`: departments take turns in that order, so a pair joins
    two departments where it can; `within`: one department after another. An odd person
    out joins the last pair (a three), an odd pair the last four (a six)."""
    people = [
        (pid, entry.get("department"))
        for pid, entry in board.roster.items()
        if entry.get("role") == "participant" and not board.people.get(pid, {}).get("removed")
    ]

    def key(pid: str) -> str:
        return hashlib.sha256(f"{block_id}:{pid}".encode()).hexdigest()

    if how == "within":
        order = [pid for pid, dep in sorted(people, key=lambda p: (str(p[1]), key(p[0])))]
    else:
        by_department: dict[str, list[str]] = {}
        for pid, dep in sorted(people, key=lambda p: key(p[0])):
            by_department.setdefault(str(dep), []).append(pid)
        queues = sorted(by_department.values(), key=lambda q: (-len(q), key(q[0])))
        order = []
        while any(queues):
            for queue in queues:
                if queue:
                    order.append(queue.pop(0))
    pairs = [order[i : i + 2] for i in range(0, len(order), 2)]
    if len(pairs) > 1 and len(pairs[-1]) == 1:
        odd_one = pairs.pop()
        pairs[-1] += odd_one
    fours = [pairs[i : i + 2] for i in range(0, len(pairs), 2)]
    if len(fours) > 1 and len(fours[-1]) == 1:
        odd_pair = fours.pop()
        fours[-1] += odd_pair
    placed: dict[str, dict[str, int]] = {}
    pair_number = 0
    for four_number, four in enumerate(fours, start=1):
        for pair in four:
            pair_number += 1
            for pid in pair:
                placed[pid] = {"pair": pair_number, "four": four_number}
    return placed
