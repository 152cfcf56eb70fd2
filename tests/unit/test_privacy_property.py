"""The privacy property of the pure layer: random sessions, every frame each person gets
(shared/PROTOCOL.md A2, A3, E1, E4, E7, I3).

A session is a facilitator, 4-6 participants in three departments, one participant with no
department and a screen, on a strategy-day board. Ops are drawn against the board as it is:
notes, SWOT items, goal nodes and actions added, updated, moved and removed in blocks whose
private mode (`own`, `department`, revealed) the facilitator toggles; removes racing updates
of the same item (the update lands after the remove: the bug this guards is hidden text
broadcast for an item already gone); people moved between departments; dot votes, scale polls
with comments, reveals, and `min_group` changes.

The room is the hub's own room core (`hub/core.py`), with everyone joined to it: each op
is handed to it as the engine's entry, and every frame it delivers (the applied frame in
each audience's version, presence, a moved person's new welcome, the ballot ticks) is
searched as the bytes it would put on the wire. After every op everyone's welcome as of now
(`board_for`, what a reconnect would get) is checked too.

Every text written into an item holds a unique canary `CANARY-T<n>`, every poll comment one
`CANARY-C<n>`. The oracle, written from the protocol text and from what the test itself
sent (who wrote each item, in which department, the blocks' private modes), not from the
server's helpers:

- A2, A3: an item text canary may reach V only if V is the facilitator, V sent the op, or
  the op applied and V may see the item (block not private; `own`: V wrote it; `department`:
  it was written from V's department as of now); a welcome only texts V may see now. A
  refused op's text is its author's (and the facilitator's) business alone.
- E7: a comment canary may reach V only in V's own `mine` answers (or V's own op), or in the
  `comments` of a revealed round with at least k answers (k = `settings.min_group`), or a
  revealed comparison of at least k paired people.
- E7: the frame of someone else's `vote.cast` / `poll.answer` has `by: null`, no `cid`, no
  `exercise`, and the op reduced to its vote or poll; `voters` is the facilitator's only;
  `mine` is the receiver's own; no view carries raw dots or answers.
- E4: every group of a breakdown (votes, rounds, comparison) has at least k people and the
  total minus the named departments is 0 or at least k; figures of a round with fewer than k
  answers are null.
"""

from __future__ import annotations

import copy
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossboard.board import results, views
from crossboard.board.outcome import Outcome
from crossboard.board.reducer import check as precheck
from crossboard.board.state import Actor, Board
from crossboard.board.template import strategy_day
from crossboard.engine.base import Entry
from crossboard.hub.core import Peer, RoomCore
from crossboard.hub.listen import ListeningRoom
from crossboard.protocol.codec import decode_op, pack
from crossboard.protocol.ops import (
    AnyOp,
    BlockPrivate,
    BoardSettings,
    ItemAdd,
    ItemRemove,
    ItemUpdate,
    PollAnswer,
    VoteCast,
    op_to_wire,
)

DEPARTMENTS = ("product", "sales", "marketing")
NOTE_BLOCKS = ("expectations", "perception", "results")
ITEM_BLOCKS = (*NOTE_BLOCKS, "swot", "goals", "actions")
VOTE_BLOCKS = ("perception", "swot", "expectations")
TEXT_FIELDS = ("text", "title", "assignee")
FIGURES = ("average", "median", "histogram", "by_department", "comments")
OTHER = "other"

CANARY = re.compile(rb"CANARY-[TC]\d+")
CANARY_STR = re.compile(r"CANARY-[TC]\d+")
COMMENT_CANARY = re.compile(r"CANARY-C\d+")
COMMENT_BYTES = re.compile(rb"CANARY-C\d+")

FACILITATOR = Actor("fac", "Fay", None, "facilitator")
SCREEN = Actor("scr", "Projector", None, "screen")
NO_DEPARTMENT = Actor("p-none", "Nadia", None, "participant")


@dataclass
class Comment:
    """Where a comment canary was written: its poll, round (None: refused) and author."""

    poll: str
    round: int | None
    author: str


@dataclass
class Session:
    """One room: the hub's room core with everyone joined, and what the test knows on its
    own."""

    rng: random.Random
    room: ListeningRoom = field(
        default_factory=lambda: ListeningRoom(strategy_day("b", "Strategy day"))
    )
    actors: dict[str, Actor] = field(default_factory=dict)
    peers: dict[str, Peer] = field(default_factory=dict)
    seq: int = 0
    counter: int = 0
    authored: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """Item id -> (author id, author's department when the add applied)."""
    private: dict[str, str | None] = field(default_factory=dict)
    """Block id -> private mode, as the test's own `block.private` ops left it."""
    k: int = 3
    exercises: float = 0.25
    """The share of exercise ops (some sessions are mostly votes and polls)."""
    polling: bool = False
    """Exercises are mostly poll rounds (so that rounds fill up and get compared)."""
    comments: dict[str, Comment] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    queue: list[tuple[Actor, dict[str, Any]]] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    seen: Counter[str] = field(default_factory=Counter)

    @property
    def core(self) -> RoomCore:
        return self.room.core

    @property
    def board(self) -> Board:
        return self.core.board

    @property
    def shown(self) -> views.Shown:
        return self.core.shown

    # People.

    @property
    def audience(self) -> list[Actor]:
        return list(self.actors.values())

    @property
    def participants(self) -> list[Actor]:
        return [a for a in self.actors.values() if a.role == "participant"]

    def fresh(self) -> int:
        self.counter += 1
        return self.counter

    def text(self) -> str:
        return f"words CANARY-T{self.fresh()} more"

    # The oracle (A2), from the test's own records.

    def may_see(self, item: dict[str, Any], viewer: Actor) -> bool:
        mode = self.private.get(item["block"])
        if viewer.role == "facilitator" or mode is None:
            return True
        author, department = self.authored[item["id"]]
        if mode == "own":
            return author == viewer.id
        return viewer.department is not None and department == viewer.department

    def items_seen_by(self, actor: Actor) -> list[dict[str, Any]]:
        return [it for it in self.board.items.values() if self.may_see(it, actor)]

    def violation(self, viewer: Actor, what: str, context: str) -> None:
        self.violations.append(
            f"seq {self.seq} {context}: {viewer.id} ({viewer.department}) {what}"
        )


# Drawing ops against the board as it is.


def item_body(s: Session, block: str) -> dict[str, Any]:
    rng = s.rng
    dep = rng.choice([None, *DEPARTMENTS])
    if block == "swot":
        return {"kind": "swot", "quadrant": rng.choice("SWOT"), "text": s.text(), "department": dep}
    if block == "actions":
        body: dict[str, Any] = {"kind": "action", "title": s.text(), "owners": [dep or "sales"]}
        if rng.random() < 0.3:
            body["assignee"] = s.text()
        return body
    if block == "goals" and rng.random() < 0.6:
        goals = [i for i, it in s.board.items.items() if it["kind"] == "goal"]
        parent = rng.choice(goals) if goals and rng.random() < 0.6 else None
        return {"kind": "goal", "title": s.text(), "parent": parent}
    x, y = rng.randrange(0, 1000), rng.randrange(0, 700)
    return {"kind": "note", "text": s.text(), "department": dep, "x": x, "y": y}


def content_patch(s: Session, kind: str) -> dict[str, Any]:
    if kind == "goal":
        return {"title": s.text()}
    if kind == "action":
        return {s.rng.choice(["title", "assignee"]): s.text()}
    patch: dict[str, Any] = {"text": s.text()}
    if s.rng.random() < 0.2:
        patch["department"] = s.rng.choice(DEPARTMENTS)
    return patch


def someone_for(s: Session, item: dict[str, Any] | None) -> Actor:
    """Mostly someone who may touch the item (so most ops apply), else anyone."""
    rng = s.rng
    if item is not None and rng.random() < 0.7:
        able = [a for a in s.participants if s.may_see(item, a)] + [FACILITATOR]
        author = s.actors.get(item.get("author", ""))
        if author is not None and rng.random() < 0.5:
            return author
        return rng.choice(able)
    return rng.choice([*s.participants, FACILITATOR, FACILITATOR])


def some_item(s: Session, private_first: bool = False) -> dict[str, Any] | None:
    items = list(s.board.items.values())
    if private_first and s.rng.random() < 0.7:
        hidden = [it for it in items if s.private.get(it["block"])]
        items = hidden or items
    return s.rng.choice(items) if items else None


def draw(s: Session) -> tuple[Actor, dict[str, Any]]:
    """The next op to send, and its sender."""
    if s.queue:
        return s.queue.pop(0)
    rng, board = s.rng, s.board
    if rng.random() < s.exercises:
        return draw_exercise(s)
    roll = rng.random()
    items = list(board.items.values())
    if roll < 0.29 or not items:
        block = rng.choice(ITEM_BLOCKS)
        iid = rng.choice(items)["id"] if items and rng.random() < 0.04 else f"i{s.fresh()}"
        if rng.random() < 0.03:
            block = "poll"  # wrong_block: refused, its text the author's alone
        by = rng.choice([*s.participants, FACILITATOR])
        if rng.random() < 0.02:
            by = SCREEN  # forbidden
        body = item_body(s, block if block != "poll" else "expectations")
        return by, {"kind": "item.add", "id": iid, "block": block, "item": body}
    if roll < 0.53:
        if s.removed and rng.random() < 0.25:
            iid = rng.choice(s.removed)  # an item already gone: not_found
            return rng.choice([*s.participants, FACILITATOR]), {
                "kind": "item.update",
                "id": iid,
                "set": {"text": s.text()},
            }
        item = some_item(s, private_first=True)
        assert item is not None
        return someone_for(s, item), {
            "kind": "item.update",
            "id": item["id"],
            "set": content_patch(s, item["kind"]),
        }
    if roll < 0.64:
        # The race: a remove, and an update of the same item sequenced right after it.
        item = some_item(s, private_first=True)
        assert item is not None
        remover = FACILITATOR if rng.random() < 0.6 else someone_for(s, item)
        writer = someone_for(s, item)
        patch = content_patch(s, item["kind"])
        s.queue.append((writer, {"kind": "item.update", "id": item["id"], "set": patch}))
        return remover, {"kind": "item.remove", "id": item["id"]}
    if roll < 0.71:
        item = some_item(s)
        assert item is not None
        return someone_for(s, item), {"kind": "item.remove", "id": item["id"]}
    if roll < 0.79:
        item = some_item(s)
        assert item is not None
        move: dict[str, Any] = {"kind": "item.move", "id": item["id"]}
        if item["kind"] == "note" and rng.random() < 0.5:
            move["block"] = rng.choice(NOTE_BLOCKS)  # may be private_block
        elif item["kind"] == "note":
            move |= {"x": rng.randrange(0, 1000), "y": rng.randrange(0, 700)}
        elif item["kind"] == "swot":
            move["quadrant"] = rng.choice("SWOT")
        else:
            move["order"] = rng.choice(["V", "k", "F"])
        return someone_for(s, item), move
    if roll < 0.89:
        block = rng.choice([*ITEM_BLOCKS, "perception", "perception"])
        mode = rng.choice(["own", "department", "department", None])
        by = FACILITATOR if rng.random() < 0.95 else rng.choice(s.participants)
        return by, {"kind": "block.private", "id": block, "mode": mode}
    if roll < 0.96:
        person = rng.choice(s.participants)
        op: dict[str, Any] = {"kind": "participant.update", "id": person.id}
        if rng.random() < 0.85:
            op["department"] = rng.choice([*DEPARTMENTS, *DEPARTMENTS, None])
        else:
            op["name"] = f"{person.name}!"
        return FACILITATOR, op
    return FACILITATOR, {"kind": "board.settings", "min_group": rng.choice([2, 3, 3, 4])}


def draw_exercise(s: Session) -> tuple[Actor, dict[str, Any]]:
    rng, board = s.rng, s.board
    votes = list(board.votes.values())
    open_votes = [v for v in votes if v["open"]]
    polls = list(board.polls.values())
    answering = [p for p in polls if p["rounds"] and p["rounds"][-1]["open"]]
    roll = rng.random()
    if s.polling and rng.random() < 0.6:
        roll = 0.45 + 0.55 * roll
    voter = rng.choice([*s.participants, *s.participants, FACILITATOR])
    if roll < 0.05 or (roll < 0.37 and not open_votes):
        filled = [b for b in VOTE_BLOCKS if any(it["block"] == b for it in board.items.values())]
        block = rng.choice(filled or VOTE_BLOCKS)
        live = rng.random() < 0.3
        op = {"kind": "vote.start", "id": f"v{s.fresh()}", "block": block, "live": live}
        return FACILITATOR, op | {"budget": rng.choice([2, 3, 5]), "max_per_item": 2}
    if roll < 0.37:
        vote = rng.choice(open_votes)
        in_block = [i for i, it in board.items.items() if it["block"] == vote["block"]]
        target = rng.choice(in_block) if in_block else "nowhere"
        delta = -1 if rng.random() < 0.15 else 1
        return voter, {"kind": "vote.cast", "vote": vote["id"], "item": target, "delta": delta}
    if roll < 0.43 and votes:
        vote = rng.choice(open_votes or votes)
        return FACILITATOR, {"kind": "vote.close", "id": vote["id"]}
    if (roll < 0.45 and len(polls) < 2) or not polls:
        comment = rng.random() < 0.85
        op = {"kind": "poll.create", "id": f"q{s.fresh()}", "block": "poll", "question": "How?"}
        return FACILITATOR, op | {"low": 1, "high": 5, "comment": comment}
    poll = rng.choice(polls)
    if roll < 0.52 or (roll < 0.87 and not answering):
        poll = rng.choice([p for p in polls if p not in answering] or polls)
        label = rng.choice(["Before", "After", ""])
        return FACILITATOR, {"kind": "poll.open", "poll": poll["id"], "label": label}
    if roll < 0.87:
        poll = rng.choice(answering) if rng.random() < 0.9 else poll
        if poll in answering and rng.random() < 0.7:  # mostly people yet to answer
            yet = [a for a in s.participants if a.id not in poll["rounds"][-1]["answers"]]
            voter = rng.choice(yet) if yet else voter
        why = f"because CANARY-C{s.fresh()}" if rng.random() < 0.9 else ""
        score = rng.randint(1, 5) if rng.random() < 0.95 else 9  # 9: invalid_patch
        return voter, {"kind": "poll.answer", "poll": poll["id"], "score": score, "comment": why}
    if roll < 0.93:
        return FACILITATOR, {"kind": "poll.close", "poll": (answering or polls)[0]["id"]}
    revealed = rng.random() < 0.85
    return FACILITATOR, {"kind": "poll.reveal", "poll": poll["id"], "revealed": revealed}


# The room, simulated.


def seat(s: Session) -> None:
    """Everyone in `s.actors` is joined to the room (their welcomes checked)."""
    for actor in s.actors.values():
        if actor.id not in s.peers:
            s.peers[actor.id], got = s.room.seat(actor)
            for peer, sent, data in got:
                check(s, peer.actor, sent, "welcome on joining", set(), data)


def step(s: Session, by: Actor, raw: dict[str, Any]) -> None:
    """Hand one op to the room core as its next entry and check every frame it delivers."""
    seat(s)
    op = decode_op(raw)
    s.seq += 1
    target = getattr(op, "id", None) if isinstance(op, views.ItemOp) else None
    before = copy.deepcopy(s.board.items.get(target)) if target is not None else None
    outcome: Outcome = precheck(s.board, op, by)  # what the reducer will decide at its turn
    entry = Entry(s.seq, op_to_wire(op), by.to_wire(), f"{by.id}-{s.seq}", 1_000 * s.seq)
    got = s.room.entry(entry)
    assert s.board.seq == s.seq
    learn(s, op, by, outcome.ok)
    s.seen[f"{op.kind} {'ok' if outcome.ok else outcome.code}"] += 1
    context = f"applied {op.kind} by {by.id} ({'ok' if outcome.ok else outcome.code})"
    texts = set(CANARY_STR.findall(str(entry.op))) if isinstance(op, views.ItemOp) else set()
    after = s.board.items.get(target) if target is not None else None
    for peer, sent, data in got:
        viewer = peer.actor
        if sent.get("type") != "applied":
            check(s, viewer, sent, f"{sent.get('type')} after {op.kind}", set(), data)
            continue
        allowed = viewer.role == "facilitator" or viewer.id == by.id
        if outcome.ok and after is not None and s.may_see(after, viewer):
            allowed = True
        check(s, viewer, sent, context, texts if allowed else set(), data)
        if isinstance(op, VoteCast | PollAnswer) and viewer.id != by.id:
            ballot_frame(s, viewer, sent, op, context)
        if texts and not allowed:
            s.seen["item op redacted for someone"] += 1
            if not outcome.ok and isinstance(op, ItemUpdate) and before is None:
                s.seen["update after its item's removal, redacted"] += 1
    for pid, peer in s.peers.items():  # I3: the room moved them; the oracle follows
        if peer.actor.department != s.actors[pid].department:
            s.seen["participant moved"] += 1
        s.actors[pid] = peer.actor
    for viewer in s.audience:  # everyone's welcome, as of now (a reconnect's)
        board = views.board_for(s.board, viewer, s.shown)
        welcome = {"type": "welcome", "you": viewer.to_wire(), "board": board}
        check(s, viewer, welcome, f"welcome after {op.kind}", set())


def learn(s: Session, op: AnyOp, by: Actor, ok: bool) -> None:
    """What the test records on its own about the ops it sent (the oracle's inputs)."""
    if isinstance(op, ItemRemove) and ok:
        s.removed.append(op.id)
    if not ok:
        if isinstance(op, PollAnswer) and op.comment:
            s.comments[COMMENT_CANARY.findall(op.comment)[0]] = Comment(op.poll, None, by.id)
        return
    if isinstance(op, ItemAdd):
        s.authored[op.id] = (by.id, by.department)
    elif isinstance(op, BlockPrivate):
        s.private[op.id] = op.mode
    elif isinstance(op, BoardSettings) and op.min_group is not None:
        s.k = op.min_group
    elif isinstance(op, PollAnswer) and op.comment:
        round_ = len(s.board.polls[op.poll]["rounds"]) - 1
        s.comments[COMMENT_CANARY.findall(op.comment)[0]] = Comment(op.poll, round_, by.id)


def tick(s: Session) -> None:
    """The room's exercise tick: the ballots since the last one, a frame per audience."""
    for peer, sent, data in s.room.tick():
        check(s, peer.actor, sent, "exercise tick", set(), data)


# Checks of one frame as one receiver gets it.


def check(
    s: Session,
    viewer: Actor,
    sent: dict[str, Any],
    context: str,
    op_texts: set[str],
    data: bytes | None = None,
) -> None:
    """`data`: the bytes the room put on the wire for `sent` (packed here if not given)."""
    data = pack(sent) if data is None else data
    found = {c.decode() for c in CANARY.findall(data)}
    texts = {c for c in found if c.startswith("CANARY-T")}
    if texts - op_texts:
        visible = {
            c
            for it in s.items_seen_by(viewer)
            for name in TEXT_FIELDS
            for c in CANARY_STR.findall(str(it.get(name) or ""))
        }
        for c in sorted(texts - op_texts - visible):
            s.violation(viewer, f"got item text {c}", context)
    if len(texts) < len(found):
        comments_ok(s, viewer, sent, context, len(COMMENT_BYTES.findall(data)))
    for kind, vid, view in exercise_views_in(sent):
        (vote_ok if kind == "vote" else poll_ok)(s, viewer, vid, view, context)


def strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from strings(key, (*path, "<key>"))
            yield from strings(inner, (*path, key))
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            yield from strings(inner, (*path, index))


def at(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


def comment_places(sent: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """The strings of a frame where a comment may be: its op, and its poll views."""
    if isinstance(sent.get("op"), dict):
        yield from strings(sent["op"], ("op",))
    for prefix in ((), ("exercise",), ("board",)):
        holder = at(sent, prefix) if all(isinstance(sent.get(p), dict) for p in prefix) else {}
        if isinstance(holder.get("polls"), dict):
            yield from strings(holder["polls"], (*prefix, "polls"))


def comments_ok(
    s: Session, viewer: Actor, sent: dict[str, Any], context: str, in_bytes: int
) -> None:
    """E7, E4: a comment reaches V as V's own, or among a revealed round's (>= k) comments."""
    placed = 0
    for path, text in comment_places(sent):
        for c in COMMENT_CANARY.findall(text):
            placed += 1
            if not comment_allowed(s, viewer, sent, path, c):
                s.violation(viewer, f"got comment {c} at {path}", context)
            elif "mine" in path or path[0] == "op":
                s.seen["own comment shown"] += 1
            else:
                s.seen[f"comment shown in {'comparison' if 'comparison' in path else 'round'}"] += 1
    if placed < in_bytes:
        s.violation(viewer, "got a comment outside its op and the poll views", context)


def comment_allowed(
    s: Session, viewer: Actor, sent: dict[str, Any], path: tuple[Any, ...], c: str
) -> bool:
    origin = s.comments[c]
    if "mine" in path or path[:2] == ("op", "comment"):
        return origin.author == viewer.id
    if "polls" not in path or origin.round is None:
        return False
    at_polls = path.index("polls")
    pid, rest = path[at_polls + 1], path[at_polls + 2 :]
    view = at(sent, path[: at_polls + 2])
    if pid != origin.poll or not view["revealed"]:
        return False
    if len(rest) == 4 and rest[0] == "rounds" and rest[2] == "comments":
        index = rest[1]
        answers = [len(p["rounds"][index]["answers"]) for p in polls_of(s, pid)]
        shown = min(view["rounds"][index]["responses"], max(answers, default=0))
        return index == origin.round and int(shown) >= s.k
    if len(rest) == 4 and rest[:2] == ("comparison", "comments"):
        last = len(view["rounds"]) - 1
        return origin.round == last and int(view["comparison"]["paired"]) >= s.k
    return False


def polls_of(s: Session, pid: str) -> list[dict[str, Any]]:
    """The poll as the board has it and as last published (a view shows one of them)."""
    found = (s.board.polls.get(pid), s.shown.polls.get(pid))
    return [p for p in found if p is not None and len(p["rounds"]) > 0]


def exercise_views_in(sent: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every vote and poll view in a frame: welcome board, applied `exercise`, tick."""
    holders = [sent, sent.get("exercise") or {}, sent.get("board") or {}]
    for holder in holders:
        for vid, view in (holder.get("votes") or {}).items():
            yield "vote", vid, view
        for pid, view in (holder.get("polls") or {}).items():
            yield "poll", pid, view


def ballot_frame(s: Session, viewer: Actor, sent: dict[str, Any], op: AnyOp, context: str) -> None:
    """E7: someone else's dot or answer: which vote or poll, nothing of who or what."""
    key = "vote" if isinstance(op, VoteCast) else "poll"
    if sent["by"] is not None or sent.get("cid") is not None:
        s.violation(viewer, f"got the author of someone's {op.kind}", context)
    if "exercise" in sent:
        s.violation(viewer, f"got figures with someone's {op.kind}", context)
    if set(sent["op"]) != {"kind", key}:
        s.violation(viewer, f"got someone's whole {op.kind}: {sent['op']}", context)


def breakdown_ok(
    s: Session, viewer: Actor, sizes: dict[str, int], total: int, what: str, context: str
) -> None:
    """E4: every group shown has >= k people; the total minus the named departments is 0
    or >= k (so nobody subtracts their way to a smaller group)."""
    small = {dep: n for dep, n in sizes.items() if n < s.k}
    rest = total - sum(n for dep, n in sizes.items() if dep != OTHER)
    if small or 0 < rest < s.k:
        s.violation(viewer, f"got {what} groups {sizes} of {total} (k={s.k})", context)
    else:
        s.seen[f"breakdown shown: {what.split()[0]}{' with other' if OTHER in sizes else ''}"] += 1


def vote_ok(s: Session, viewer: Actor, vid: str, view: dict[str, Any], context: str) -> None:
    if {"dots", "departments"} & set(view):
        s.violation(viewer, f"got the raw dots of vote {vid}", context)
    if view.get("voters") is not None and viewer.role != "facilitator":
        s.violation(viewer, f"got voters of {vid}", context)
    truth = s.board.votes[vid]
    if "mine" in view and view["mine"]["dots"] != truth["dots"].get(viewer.id, {}):
        s.violation(viewer, f"got someone else's dots as mine in {vid}", context)
    if view.get("by_department") is None:
        return
    named = {dep for per_item in view["by_department"].values() for dep in per_item} - {OTHER}
    people = {p: truth["departments"].get(p) for p in truth["dots"]}
    sizes = {dep: sum(1 for d in people.values() if d == dep) for dep in named}
    if any(OTHER in per_item for per_item in view["by_department"].values()):
        sizes[OTHER] = len(people) - sum(sizes.values())
    breakdown_ok(s, viewer, sizes, len(people), f"vote {vid} dots", context)


def poll_ok(s: Session, viewer: Actor, pid: str, view: dict[str, Any], context: str) -> None:
    k = s.k
    for index, round_ in enumerate(view["rounds"]):
        if "answers" in round_:
            s.violation(viewer, f"got the raw answers of {pid}", context)
        total = round_["responses"]
        if round_["responses_by_department"] is not None:
            what = f"poll {pid} round {index} responses"
            breakdown_ok(s, viewer, round_["responses_by_department"], total, what, context)
        if total < k and any(round_.get(name) is not None for name in FIGURES):
            s.violation(viewer, f"got figures of {pid} round {index} of {total} < {k}", context)
        if round_.get("by_department"):
            sizes = {dep: g["responses"] for dep, g in round_["by_department"].items()}
            breakdown_ok(s, viewer, sizes, total, f"poll {pid} round {index} figures", context)
    comparison = view.get("comparison")
    if comparison is not None:
        paired = comparison["paired"]
        if paired < k and any(comparison[m] is not None for m in ("raised", "comments")):
            s.violation(viewer, f"got the movement of {pid} for {paired} < {k}", context)
        if comparison["by_department"]:
            sizes = {dep: sum(g.values()) for dep, g in comparison["by_department"].items()}
            breakdown_ok(s, viewer, sizes, paired, f"poll {pid} movement", context)


# Running a session.


def session(length: int, seed: int) -> Session:
    """A random session of `length` ops (races add one), every frame checked."""
    rng = random.Random(seed)
    s = Session(rng)
    people = [FACILITATOR, SCREEN, NO_DEPARTMENT]
    names = ["Ana", "Ben", "Cai", "Dee", "Eli", "Flo"]
    for n in range(rng.randint(4, 6)):
        people.append(Actor(f"p-{n}", names[n], DEPARTMENTS[n % 3], "participant"))
    s.actors = {a.id: a for a in people}
    s.exercises = rng.choice([0.25, 0.25, 0.6])
    s.polling = rng.random() < 0.3
    if rng.random() < 0.3:
        s.queue.append((FACILITATOR, {"kind": "board.settings", "min_group": 2}))
    sent = 0
    while sent < length or s.queue:
        by, raw = draw(s)
        by = s.actors.get(by.id, by)  # as the room knows them now (I3)
        step(s, by, raw)
        sent += 1
        if rng.random() < 0.3:
            tick(s)
    tick(s)
    return s


@settings(max_examples=2000, deadline=None)
@given(st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=2**32 - 1))
def test_nobody_receives_what_they_may_not_see(length: int, seed: int) -> None:
    """A2, A3, E1, E4, E7, I3: in random sessions (private writing toggled, removes racing
    updates, people moved between departments, votes, polls with comments, reveals, k
    changed), no frame and no welcome gives anyone an item text they may not see, someone
    else's comment outside a revealed round of >= k, a ballot's author or figures, `voters`
    (unless facilitator), or a breakdown group of fewer than k people."""
    s = session(length, seed)
    assert not s.violations, "\n".join(s.violations[:20])


def test_the_sessions_reach_the_cases_that_matter() -> None:
    """The property is not vacuous: over a few hundred sessions, texts are redacted for
    someone, updates land after their item's removal, people move, breakdowns and revealed
    comments are shown, and frames of every kind that matters are produced (A2, A3, E4, E7)."""
    seen: Counter[str] = Counter()
    for seed in range(200):
        seen += session(40, seed).seen
    for case in (
        "item op redacted for someone",
        "update after its item's removal, redacted",
        "participant moved",
        "breakdown shown: poll",
        "breakdown shown: poll with other",
        "breakdown shown: vote with other",
        "own comment shown",
        "comment shown in round",
        "comment shown in comparison",
        "item.add ok",
        "item.update ok",
        "item.update forbidden",
        "item.update not_found",
        "item.move private_block",
        "block.private ok",
        "vote.cast ok",
        "vote.close ok",
        "poll.answer ok",
        "poll.reveal ok",
        "board.settings ok",
    ):
        assert seen[case] > 0, (case, seen)


Breakage = Callable[[pytest.MonkeyPatch], None]


def _broadcast_refused_updates(mp: pytest.MonkeyPatch) -> None:
    """The bug this property guards (the hub before the trust-model change): an op on an
    item no longer on the board (an update that landed after the item's removal, refused)
    was taken for a public one and went out whole."""
    real = views.ItemOpView.visible_to

    def visible_to(self: views.ItemOpView, viewer: Actor) -> bool:
        return self.op.id not in self.board.items or real(self, viewer)

    mp.setattr(views.ItemOpView, "visible_to", visible_to)


def _welcome_unredacted(mp: pytest.MonkeyPatch) -> None:
    real = views.board_for

    def board_for(board: Any, viewer: Actor, shown: Any = None) -> dict[str, Any]:
        return real(board, FACILITATOR, shown) | {"votes": {}, "polls": {}}

    mp.setattr(views, "board_for", board_for)


def _ballots_whole(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(views.BallotView, "_anonymous", lambda self: self.frame)


def _voters_for_all(mp: pytest.MonkeyPatch) -> None:
    real = results.vote_view
    mp.setattr(views, "vote_view", lambda v, k=3, facilitator=False: real(v, k, True))


def _no_pooling(mp: pytest.MonkeyPatch) -> None:
    """Departments shown whatever their size (no `other`, no complementary suppression)."""

    def groups(members: dict[str, str | None], k: int = 3) -> dict[str, set[str]] | None:
        out: dict[str, set[str]] = {}
        for person, dep in members.items():
            out.setdefault(dep or OTHER, set()).add(person)
        return out if len(members) >= k else None

    mp.setattr(results, "groups", groups)


@pytest.mark.parametrize(
    "breakage",
    [
        _broadcast_refused_updates,
        _welcome_unredacted,
        _ballots_whole,
        _voters_for_all,
        _no_pooling,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_the_oracle_catches_a_broken_redactor(
    monkeypatch: pytest.MonkeyPatch, breakage: Breakage
) -> None:
    """The checks bite: with the redaction broken in one place, sessions show violations."""
    breakage(monkeypatch)
    found = []
    for seed in range(60):
        found += session(40, seed).violations
        if found:
            break
    assert found


def test_a_ballot_alone_does_not_tell_others_who_cast_it() -> None:
    """E7 against R12: Ben's first op is his answer to a poll. Everyone's next welcome (a
    reconnect, a second tab, a move) names him on `board.roster`, though the `applied` frame
    of his answer hid its author. In a round revealed while still open, the tick that
    published his answer changed the histogram by one score and the comments by one: his."""
    s = Session(random.Random(0))
    ben = Actor("p-ben", "Ben", "sales", "participant")
    s.actors = {a.id: a for a in (FACILITATOR, NO_DEPARTMENT, ben)}
    step(s, FACILITATOR, {"kind": "poll.create", "id": "q", "block": "poll", "question": "Q"})
    step(s, FACILITATOR, {"kind": "poll.open", "poll": "q"})
    before = copy.deepcopy(views.board_for(s.board, NO_DEPARTMENT, s.shown)["roster"])
    step(s, ben, {"kind": "poll.answer", "poll": "q", "score": 5, "comment": ""})
    tick(s)
    assert not s.violations
    assert views.board_for(s.board, NO_DEPARTMENT, s.shown)["roster"] == before
