"""What each receiver may see of an applied op or of the board (shared/PROTOCOL.md A3, E1,
E7). Pure: frames are built per audience here, then the hub encodes each once.

Visibility of an item op is decided from the item as it was when the op was sequenced
(`before`, read from the replica just before applying) or as the op left it, never by
looking the item up later: an update that lands after the item's removal is its author's
business alone, so hidden text cannot outrun its own redaction.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from ..protocol.ops import (
    AgendaNext,
    AgendaStart,
    AnyOp,
    BlockPrivate,
    ExerciseOp,
    ItemAdd,
    ItemMove,
    ItemRemove,
    ItemUpdate,
    PollAnswer,
    VoteCast,
)
from .outcome import Outcome
from .privacy import can_see, placeholder, private_mode
from .results import min_group, poll_mine, poll_view, vote_mine, vote_view
from .state import Actor, Board, Item

ItemOp = ItemAdd | ItemUpdate | ItemMove | ItemRemove
ITEM_OP_KINDS = frozenset({"item.add", "item.update", "item.move", "item.remove"})
"""The wire kinds of `ItemOp`: whose target item's visibility decides who sees the op."""
Ballot = VoteCast | PollAnswer
"""Anonymous ops: nobody but their author learns who cast them (E7)."""


def sees(board: Board, item: Item, viewer: Actor) -> bool:
    return can_see(board, item, viewer.id, viewer.department, viewer.role)


@dataclass
class Shown:
    """The votes and polls as last published to the room (E7): ballots reach others only
    through these, refreshed at most once a tick, so no frame follows one person's ballot."""

    votes: dict[str, dict[str, Any]] = field(default_factory=dict)
    polls: dict[str, dict[str, Any]] = field(default_factory=dict)

    def vote(self, board: Board, vid: str) -> dict[str, Any] | None:
        return self.votes.get(vid, board.votes.get(vid))

    def poll(self, board: Board, pid: str) -> dict[str, Any] | None:
        return self.polls.get(pid, board.polls.get(pid))


def exercise_views(board: Board, viewer: Actor, shown: Shown) -> dict[str, Any]:
    """Every vote and poll as `viewer` sees them: the published figures, their own part."""
    k = min_group(board)
    fac = viewer.role == "facilitator"
    votes: dict[str, Any] = {}
    for vid, vote in board.votes.items():
        public = shown.vote(board, vid) or vote
        votes[vid] = vote_view(public, k=k, facilitator=fac) | {"mine": vote_mine(vote, viewer.id)}
    polls: dict[str, Any] = {}
    for pid, poll in board.polls.items():
        public = shown.poll(board, pid) or poll
        polls[pid] = poll_view(public, k=k, facilitator=fac) | {"mine": poll_mine(poll, viewer.id)}
    return {"votes": votes, "polls": polls}


def board_for(board: Board, viewer: Actor, shown: Shown | None = None) -> dict[str, Any]:
    """The board as `viewer` may see it: hidden items become placeholders; votes and polls
    are their published views (E2, E7), with the viewer's own dots and answers."""
    wire = board.to_wire() | exercise_views(board, viewer, shown or Shown())
    if viewer.role != "facilitator":
        wire["ballot_roster"] = {}  # who cast ballots is nobody else's business (E7)
    if viewer.role == "facilitator" or not any(b.get("private") for b in board.blocks.values()):
        return wire
    items = {
        iid: item if sees(board, item, viewer) else placeholder(item)
        for iid, item in board.items.items()
    }
    return {**wire, "items": items}


def board_audience(board: Board, viewer: Actor) -> Hashable | None:
    """Viewers with the same key get the same `board_for` (so the hub packs it once for a
    room joining at once); None when this viewer's board is theirs alone: they cast a
    ballot (their own dots and answers are in it), or private blocks are on and they are
    not the facilitator (what they see depends on who they are)."""
    if any(viewer.id in vote["dots"] for vote in board.votes.values()):
        return None
    for poll in board.polls.values():
        if any(viewer.id in r["answers"] for r in poll["rounds"]):
            return None
    if viewer.role == "facilitator":
        return "facilitator"
    if any(b.get("private") for b in board.blocks.values()):
        return None
    return "everyone"


class Fanout:
    """The versions of one `applied` frame. `for_viewer` names the version a receiver gets
    (a key, so the room encodes each version once) and the frame itself."""

    def __init__(self, frame: dict[str, Any]) -> None:
        self.frame = frame
        self._frames: dict[Hashable, dict[str, Any]] = {}

    @property
    def public(self) -> bool:
        """Everyone gets the same frame (the common case: one encoding for the room)."""
        return True

    def for_viewer(self, viewer: Actor) -> tuple[Hashable, dict[str, Any]]:
        return "all", self.frame

    def _memo(self, key: Hashable, make: Any) -> tuple[Hashable, dict[str, Any]]:
        if key not in self._frames:
            self._frames[key] = make()
        return key, self._frames[key]


def fan_out(
    board: Board,
    op: AnyOp,
    by: Actor,
    outcome: Outcome,
    frame: dict[str, Any],
    before: Item | None,
    shown: Shown,
    subtree: tuple[str, ...] = (),
    step_blocks: tuple[str, ...] = (),
) -> Fanout:
    """How the `applied` frame of `op` (already applied to `board`) reaches each receiver.
    `before` is the op's target item as it was just before applying (item ops only);
    `subtree`, for a removal in a private block, the other items it took with it;
    `step_blocks`, for an agenda op, the blocks of the steps it left and entered (E8)."""
    if isinstance(op, ItemOp):
        item_view = ItemOpView(board, op, by, outcome, frame, before, subtree)
        return item_view if not item_view.public else Fanout(frame)
    if isinstance(op, BlockPrivate) and outcome.ok:
        return PrivacyChangeView(board, op, frame)
    if isinstance(op, Ballot):
        return BallotView(board, op, by, frame, shown)
    if isinstance(op, AgendaStart | AgendaNext) and outcome.ok and has_steps(board):
        return StepView(board, frame, shown, step_blocks)
    if isinstance(op, ExerciseOp):
        return ExerciseView(board, op, by, frame)
    return Fanout(frame)


def has_steps(board: Board) -> bool:
    return any(entry.get("step") for entry in board.agenda["items"])


class StepView(Fanout):
    """Running an agenda entry on an agenda with steps (E8): the op may have changed locks,
    private writing, votes, poll rounds, the spotlight and the screen at once. Each receiver
    gets `step`: every block (small), the spotlight, the screen and, for the blocks of the
    steps left and entered (the only ones whose private writing can change), their items as
    it may see them from now on; and `exercise`: the agenda, the "done" marks and every vote
    and poll as published (no `mine`: clients keep theirs). One encoding per distinct view:
    usually one for the room and one for the facilitator."""

    def __init__(
        self, board: Board, frame: dict[str, Any], shown: Shown, blocks: tuple[str, ...]
    ) -> None:
        super().__init__(frame)
        self.board = board
        self.shown = shown
        # Each block's items, gathered once for the room rather than once per receiver.
        self.held: dict[str, list[Item]] = {b: [] for b in blocks if b in board.blocks}
        for item in board.items.values():
            if item["block"] in self.held:
                self.held[item["block"]].append(item)

    @property
    def public(self) -> bool:
        return False

    def for_viewer(self, viewer: Actor) -> tuple[Hashable, dict[str, Any]]:
        fac = viewer.role == "facilitator"
        items = {
            block: block_items_for(self.board, block, viewer, held)
            for block, held in self.held.items()
        }
        key = (fac, tuple(f"{it['id']}:{it['kind']}" for its in items.values() for it in its))
        return self._memo(key, lambda: {**self.frame, **self._changed(fac, items)})

    def _changed(self, fac: bool, items: dict[str, list[Item]]) -> dict[str, Any]:
        board, k = self.board, min_group(self.board)
        step = {"blocks": board.blocks, "spotlight": board.spotlight, "screen": board.screen}
        votes = {
            vid: vote_view(self.shown.vote(board, vid) or vote, k=k, facilitator=fac)
            for vid, vote in board.votes.items()
        }  # as published (E7): the views of exercise_views, without anyone's `mine`
        polls = {
            pid: poll_view(self.shown.poll(board, pid) or poll, k=k, facilitator=fac)
            for pid, poll in board.polls.items()
        }
        exercise = {"agenda": board.agenda, "done": board.done, "votes": votes, "polls": polls}
        return {"step": step | {"items": items}, "exercise": exercise}


class ItemOpView(Fanout):
    """An item op: the real frame to those who may see the item, a redacted one to the
    rest. A refused op is its author's (and the facilitator's) business alone."""

    def __init__(
        self,
        board: Board,
        op: ItemOp,
        by: Actor,
        outcome: Outcome,
        frame: dict[str, Any],
        before: Item | None,
        subtree: tuple[str, ...] = (),
    ) -> None:
        if subtree:  # replicas holding placeholders cannot find a hidden node's children
            frame = {**frame, "op": {**frame["op"], "subtree": list(subtree)}}
        super().__init__(frame)
        self.board = board
        self.op = op
        self.subtree = subtree
        self.by = by
        self.outcome = outcome
        self.item = board.items.get(op.id) if outcome.ok else None
        self.before = before
        homes = [it["block"] for it in (before, self.item) if it is not None]
        self._public = outcome.ok and not any(private_mode(board, b) for b in homes)

    @property
    def public(self) -> bool:
        return self._public

    def visible_to(self, viewer: Actor) -> bool:
        if self._public or viewer.role == "facilitator" or viewer.id == self.by.id:
            return True
        if not self.outcome.ok:
            return False
        item = self.item or self.before
        return item is not None and sees(self.board, item, viewer)

    def for_viewer(self, viewer: Actor) -> tuple[Hashable, dict[str, Any]]:
        if self.visible_to(viewer):
            return "all", self.frame
        return self._memo("hidden", lambda: {**self.frame, "op": self.hidden_op()})

    def hidden_op(self) -> dict[str, Any]:
        op = self.op
        if self.outcome.ok and isinstance(op, ItemAdd) and self.item is not None:
            # The placeholder's department is the item's (a restore keeps its author's).
            hidden = {"kind": "hidden", "author_department": self.item.get("author_department")}
            return {"kind": "item.add", "id": op.id, "block": op.block, "item": hidden}
        if self.outcome.ok and isinstance(op, ItemRemove):
            gone: dict[str, Any] = {"kind": "item.remove", "id": op.id}
            return {**gone, "subtree": list(self.subtree)} if self.subtree else gone
        return {"kind": "hidden"}


class PrivacyChangeView(Fanout):
    """A block went private or was revealed: each receiver gets the block's items as it
    sees them from now on (one encoding per distinct view)."""

    def __init__(self, board: Board, op: BlockPrivate, frame: dict[str, Any]) -> None:
        super().__init__(frame)
        self.board = board
        self.op = op

    @property
    def public(self) -> bool:
        return False

    def for_viewer(self, viewer: Actor) -> tuple[Hashable, dict[str, Any]]:
        items = block_items_for(self.board, self.op.id, viewer)
        key = tuple(f"{it['id']}:{it['kind']}" for it in items)
        return self._memo(key, lambda: {**self.frame, "items": items})


def block_items_for(
    board: Board, block_id: str, viewer: Actor, held: list[Item] | None = None
) -> list[dict[str, Any]]:
    """After a private-mode change: the block's items (`held`, when the caller already
    gathered them) as `viewer` sees them from now on."""
    if held is None:
        held = [item for item in board.items.values() if item["block"] == block_id]
    return [item if sees(board, item, viewer) else placeholder(item) for item in held]


class BallotView(Fanout):
    """A dot or a poll answer (E7): its author's tabs get the op whole with their own part
    and the published figures; everyone else, the facilitator included, gets which vote or
    poll it touched, with no author and no figures (those follow in the next tick's
    `exercise` frame, coalesced with every other ballot)."""

    def __init__(
        self, board: Board, op: Ballot, by: Actor, frame: dict[str, Any], shown: Shown
    ) -> None:
        super().__init__(frame)
        self.board = board
        self.op = op
        self.by = by
        self.shown = shown

    @property
    def public(self) -> bool:
        return False

    def for_viewer(self, viewer: Actor) -> tuple[Hashable, dict[str, Any]]:
        if viewer.id != self.by.id:
            return self._memo("others", self._anonymous)
        fac = viewer.role == "facilitator"
        return self._memo(("author", fac), lambda: self._own(fac))

    def _anonymous(self) -> dict[str, Any]:
        op = self.op
        reduced = (
            {"kind": op.kind, "vote": op.vote}
            if isinstance(op, VoteCast)
            else {"kind": op.kind, "poll": op.poll}
        )
        return {**self.frame, "op": reduced, "by": None, "cid": None}

    def _own(self, fac: bool) -> dict[str, Any]:
        board, k, op = self.board, min_group(self.board), self.op
        if isinstance(op, VoteCast):
            vote, public = board.votes.get(op.vote), self.shown.vote(board, op.vote)
            if vote is None or public is None:
                return self.frame
            view = vote_view(public, k=k, facilitator=fac) | {"mine": vote_mine(vote, self.by.id)}
            return {**self.frame, "exercise": {"votes": {op.vote: view}}}
        poll, shown_poll = board.polls.get(op.poll), self.shown.poll(board, op.poll)
        if poll is None or shown_poll is None:
            return self.frame
        pview = poll_view(shown_poll, k=k, facilitator=fac) | {"mine": poll_mine(poll, self.by.id)}
        return {**self.frame, "exercise": {"polls": {op.poll: pview}}}


class ExerciseView(Fanout):
    """An exercise op other than a ballot (E1): the views it changed as each receiver may
    see them — the facilitator's with `voters`, everyone else's without — and the author's
    own dots or answers for the author."""

    def __init__(self, board: Board, op: ExerciseOp, by: Actor, frame: dict[str, Any]) -> None:
        super().__init__(frame)
        self.board = board
        self.op = op
        self.by = by

    @property
    def public(self) -> bool:
        return False

    def for_viewer(self, viewer: Actor) -> tuple[Hashable, dict[str, Any]]:
        key = (viewer.id == self.by.id, viewer.role == "facilitator")
        return self._memo(key, lambda: {**self.frame, "exercise": self._changed(*key)})

    def _changed(self, own: bool, fac: bool) -> dict[str, Any]:
        """The part of the board's exercises this op may have changed."""
        board, op, k = self.board, self.op, min_group(self.board)
        family = op.kind.split(".")[0]
        if family == "vote":
            vid = str(getattr(op, "id", ""))
            vote = board.votes.get(vid)
            if vote is None:
                return {}
            view = vote_view(vote, k=k, facilitator=fac)
            if own:
                view |= {"mine": vote_mine(vote, self.by.id)}
            return {"votes": {vid: view}}
        if family == "poll":
            pid = str(getattr(op, "poll", None) or getattr(op, "id", ""))
            poll = board.polls.get(pid)
            if poll is None:
                return {}
            pview = poll_view(poll, k=k, facilitator=fac)
            if own:
                pview |= {"mine": poll_mine(poll, self.by.id)}
            return {"polls": {pid: pview}}
        if family == "agenda":
            return {"agenda": board.agenda, "done": board.done}
        return {"done": board.done}


def published_exercise(
    board: Board, shown: Shown, fac: bool, votes: set[str], polls: set[str]
) -> dict[str, Any]:
    """The `exercise` frame of one tick: the published views of the votes and polls that
    took ballots since the last one (no `mine`: clients keep theirs)."""
    k = min_group(board)
    frame: dict[str, Any] = {"type": "exercise"}
    if votes:
        frame["votes"] = {
            vid: vote_view(v, k=k, facilitator=fac)
            for vid in sorted(votes)
            if (v := shown.vote(board, vid)) is not None
        }
    if polls:
        frame["polls"] = {
            pid: poll_view(p, k=k, facilitator=fac)
            for pid in sorted(polls)
            if (p := shown.poll(board, pid)) is not None
        }
    return frame
