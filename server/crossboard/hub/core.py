"""The room as a state machine, with no I/O and no event loop (sans-I/O, like websockets'
`protocol.py`): log entries, frames and timer ticks go in; decisions come out as effects
(deliver these bytes to these people, append this op, refuse that one, close this
connection, start this timer, save a snapshot). `room.py` carries the effects out against
the engine and the sockets; unit tests drive the core directly, in milliseconds.

What the core decides (shared/PROTOCOL.md): the welcome and resume (A3, E1, E7), who may
see each applied op (`board/views.py`), presence (P1, P3), the lobby (I5), and what an
applied op means for connections: replaced links, removed, moved or admitted people (A5,
A6, I3, I5). Ops are pre-checked against the replica so most invalid ones never reach the
log; one that still fails at its turn is a no-op everywhere and only its author hears.
"""

from __future__ import annotations

import copy
import struct
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

from ..board import steps, views
from ..board.outcome import OK
from ..board.privacy import private_mode
from ..board.reducer import check
from ..board.replay import apply_entry
from ..board.state import Actor, Board
from ..engine.base import Checkpoint, Entry, Histogram
from ..protocol.codec import pack, pack_array, pack_map
from ..protocol.codes import CloseCode, ErrorCode
from ..protocol.frames import Cursor, Editing, OpFrame, Resume, Viewport
from ..protocol.limits import PROTOCOL_VERSION
from ..protocol.ops import (
    EXERCISE_KINDS,
    AnyOp,
    BoardSettings,
    LinkRotate,
    ParticipantAdmit,
    ParticipantRemove,
    ParticipantUpdate,
    VoteCast,
    op_to_wire,
)
from . import frames
from .config import HubConfig
from .links import Credential, current_version

AFTER_OWN_OPS = frozenset(
    {
        ErrorCode.NOT_FOUND,
        ErrorCode.WRONG_BLOCK,
        ErrorCode.CYCLE,
        ErrorCode.CLOSED,  # "close the round" then "open the next" in one breath
        ErrorCode.BUDGET_EXCEEDED,  # a dot taken back, then placed elsewhere
    }
)
"""Pre-check refusals that an earlier, still in-flight op of the same person can cure."""

Moves = dict[str, tuple[float, float]]
Markers = dict[str, str | None]
Follow = tuple[float, float, float, float]
People = dict[str, dict[str, Any]]

MOVE = struct.Struct(">Hhh")
"""One moved cursor in a `cursors` frame's `at` (P2): the person's number in the room, x,
y in whole board units; 6 bytes, big-endian."""
NUMBERS = 1 << 16
"""Participant numbers run 0..65535 (P1: uint16 in `at`)."""


def volatile_interval(tick: float, people: int, full_rate: int) -> float:
    """Seconds from a change on the volatile lane to the `cursors` frame that carries it
    (P2), in a room with `people` connected on this hub: `tick` up to `full_rate` people,
    then stretched in proportion (`full_rate` 500: 1,000 people get a frame every 2 ticks,
    10 Hz at 50 ms). Every moved cursor goes to everyone, so a tick costs people² moves;
    stretched, a room's cursor bytes per second grow with people, not people². A
    `full_rate` of 0 never stretches."""
    if full_rate <= 0 or people <= full_rate:
        return tick
    return tick * people / full_rate


def packed_move(n: int, x: float, y: float) -> bytes:
    """`MOVE` for a cursor at board point (x, y): clamped to int16, rounded to whole units
    (halves to even). Clamping first keeps a far-off or non-finite point from raising."""
    cx = round(min(32767.0, max(-32768.0, x)))
    cy = round(min(32767.0, max(-32768.0, y)))
    return MOVE.pack(n, cx, cy)


class Outlet(Protocol):
    """Where a peer's frames go (its session); the core only carries it in effects."""

    @property
    def closed(self) -> bool: ...

    def send(self, data: bytes, *, exempt: bool = False) -> None: ...

    async def close(self, code: int, reason: str) -> None: ...


STEP_KINDS = frozenset({"agenda.start", "agenda.next"})
"""Ops that may leave one agenda step and enter another (E8)."""


@dataclass(eq=False, slots=True)
class Peer:
    """One connection as the room sees it: who it is (the core may rename or move them),
    the link version it came by, and its ops not yet sequenced."""

    outlet: Outlet
    actor: Actor
    credential: Credential
    link_version: int
    in_flight: int = 0
    joined: bool = False
    """False while waiting in the lobby (I5)."""


# Effects.


@dataclass(frozen=True)
class Deliver:
    """Queue `data` on each of `to` (`exempt`: the welcome, big by nature)."""

    to: tuple[Peer, ...]
    data: bytes
    exempt: bool = False


@dataclass(frozen=True)
class Append:
    """Hand the op to the engine; answer with `appended` or `append_failed`."""

    peer: Peer
    cid: str
    op: dict[str, Any]
    by: dict[str, Any]


@dataclass(frozen=True)
class Recheck:
    """The op failed the pre-check: if the engine has its cid it is a re-send (answer
    `rechecked` with that entry), else refuse it with this code."""

    peer: Peer
    cid: str
    code: ErrorCode
    message: str


@dataclass(frozen=True)
class Close:
    peer: Peer
    code: int
    reason: str


@dataclass(frozen=True)
class StartTimer:
    """Call `volatile_tick` or `exercise_tick` after `delay` seconds (one of each at most)."""

    kind: Literal["volatile", "exercise"]
    delay: float


@dataclass(frozen=True)
class TellHubs:
    """The volatile relay (P3): who is here now (`announce`: the room reads it only when
    there are other hubs to tell), or this hub's moves of one tick."""

    announce: bool = False
    moves: Moves = field(default_factory=dict)
    editing: Markers = field(default_factory=dict)
    follow: Follow | None = None


@dataclass(frozen=True)
class SaveSnapshot:
    """Time for a snapshot (if this hub holds the lease): `snapshot()` has the state."""


@dataclass(frozen=True)
class SaveCheckpoint:
    checkpoint: Checkpoint


@dataclass(frozen=True)
class Reload:
    """The log reached the room out of order (the engine's guarantee broke): drop the
    replica and send everyone to take the board whole."""


Effect = (
    Deliver | Append | Recheck | Close | StartTimer | TellHubs | SaveSnapshot | SaveCheckpoint
) | Reload


@dataclass
class _Volatile:
    """What changed since the last tick: moves, markers, the followed view, and who came
    and went (P1: presence is coalesced per tick, so a room filling up costs one presence
    frame per tick, not one per arrival to everyone already there)."""

    moves: Moves = field(default_factory=dict)
    editing: Markers = field(default_factory=dict)
    follow: Follow | None = None
    arrived: set[str] = field(default_factory=set)
    departed: set[str] = field(default_factory=set)
    roster_changed: bool = False
    ticking: bool = False


class RoomCore:
    """One board's replica and the people connected to it on this hub."""

    def __init__(
        self,
        board_id: str,
        config: HubConfig,
        sign: Callable[[Credential], str],
        *,
        server_time: Callable[[], int] = frames.server_time,
        metrics: Counter[str] | None = None,
        latency: Histogram | None = None,
    ) -> None:
        self.config = config
        self.sign = sign
        self.server_time = server_time
        self.metrics: Counter[str] = Counter() if metrics is None else metrics
        self.latency = latency if latency is not None else Histogram()
        self.board = Board(board_id, "", [])
        self.epoch = ""
        self.loaded = False
        self.joined: list[Peer] = []  # in join order; a list: fan-out iterates it per op
        self.waiting: list[Peer] = []  # in the lobby (I5)
        self.remote: People = {}  # online on the other hubs (P3), kept by the relay
        # Who is online, each person packed once (the welcome's `online` is a join of these,
        # not N people packed again for each of N arrivals): here, and on the other hubs.
        self._here_packed: dict[str, bytes] = {}
        self._remote_packed: dict[str, bytes] = {}
        # Participant id -> their number in this room (P1), kept for the room's life so a
        # reconnect costs none; past 65,536 people, the numbers of those gone serve again.
        self._numbers: dict[str, int] = {}
        self._next_number = 0
        self._spare: list[int] = []
        self._facilitators: list[Peer] = []  # joined here: the lobby's audience (I5)
        self.shown = views.Shown()  # votes and polls as last published (E7)
        # The board as each audience's welcome carries it, packed, as of seq `_boards_at`
        # (emptied when `shown` changes too).
        self._boards: dict[Hashable, bytes] = {}
        self._boards_at = -1
        self._recent: deque[tuple[dict[str, Any], bool]] = deque(maxlen=config.recent_entries)
        """Applied frames, and whether everyone got them whole (resumes without the engine)."""
        self._early: list[Entry] = []  # delivered while loading
        self._pending: dict[str, tuple[Peer, float]] = {}  # cid -> local author, since
        self._online: dict[str, int] = {}  # participant id -> joined connections
        self._volatile = _Volatile()
        self._ballots: tuple[set[str], set[str]] = (set(), set())  # votes, polls since tick
        self._exercise_ticking = False
        self._joins: dict[str, set[str]] = {}  # link -> participant ids seen (I5)
        self._since_snapshot = 0

    @property
    def connections(self) -> tuple[Peer, ...]:
        return (*self.joined, *self.waiting)

    # Loading: the snapshot, then the log replayed, then what arrived meanwhile.

    def load(self, board: Board, epoch: str) -> None:
        self.board, self.epoch = board, epoch
        self._boards.clear()

    def replay(self, entry: Entry) -> None:
        """Apply an entry read while loading (nobody is listening yet)."""
        if entry.seq == self.board.seq + 1:
            self._apply(entry, now=0.0, fan_out=False)

    def finish_loading(self) -> list[Effect]:
        self.loaded = True
        effects: list[Effect] = []
        early, self._early = self._early, []
        for entry in early:
            effects += self.on_entry(entry, 0.0)
        return effects

    # The log.

    def on_entry(self, entry: Entry, now: float) -> list[Effect]:
        """An entry from the engine, which delivers each once, in seq order, no gaps."""
        if not self.loaded:
            self._early.append(entry)
            return []
        if entry.seq <= self.board.seq:
            return []  # read while loading, and delivered too
        if entry.seq > self.board.seq + 1:
            self.metrics["entries_out_of_order"] += 1
            return [Reload()]
        return self._apply(entry, now=now, fan_out=True)

    def _apply(self, entry: Entry, *, now: float, fan_out: bool) -> list[Effect]:
        op_kind = entry.op.get("kind")
        target = entry.op.get("id") if op_kind in views.ITEM_OP_KINDS else None
        found = self.board.items.get(target) if isinstance(target, str) else None
        # Who may see the op is judged by the item's block and authorship as sequenced:
        # top-level fields, so a shallow copy holds them whatever the reducer changes.
        before = dict(found) if found is not None else None
        # A removal in a private block: which items it takes along (a goal node's subtree),
        # for replicas that hold those as placeholders with no parent to follow.
        held = (
            set(self.board.items)
            if op_kind == "item.remove"
            and found is not None
            and (private_mode(self.board, found["block"]))
            else None
        )
        was_current = self.board.agenda["current"]
        done = apply_entry(self.board, entry)
        self.board, op, author, outcome = done.board, done.op, done.author, done.outcome
        subtree = tuple(sorted(held - self.board.items.keys() - {target})) if held else ()
        frame = frames.applied(entry)
        touched = self._step_blocks(was_current) if op_kind in STEP_KINDS else ()
        view = views.fan_out(
            self.board, op, author, outcome, frame, before, self.shown, subtree, touched
        )
        self._recent.append((frame, view.public))
        self.metrics["ops_applied"] += 1
        effects = self._published(op, outcome.ok, fan_out=fan_out)
        if fan_out:
            if outcome.ok and self.board.agenda["current"] != was_current:
                effects += self._checkpoint(was_current, entry)
            effects += self._deliver(view)
            self.metrics["deliveries"] += len(self.joined)
            if outcome.ok:
                effects += self._after(op)
            waiting = self._pending.pop(entry.cid, None) if entry.cid is not None else None
            if waiting is not None:
                peer, started = waiting
                self.latency.observe((now - started) * 1000)
                if not outcome.ok:
                    assert outcome.code is not None
                    data = frames.rejected(
                        entry.cid or "", outcome.code, outcome.message, entry.seq
                    )
                    effects.append(Deliver((peer,), data))
        self._since_snapshot += 1
        if self._since_snapshot >= self.config.snapshot_every:
            self._since_snapshot = 0
            effects.append(SaveSnapshot())
        return effects

    def _step_blocks(self, was_current: str | None) -> tuple[str, ...]:
        """The blocks of the step just left and the one entered (E8): where private writing
        may have changed, so where each receiver needs the items as it now sees them."""
        named: dict[str, None] = {}
        for entry_id in (was_current, self.board.agenda["current"]):
            step = steps.entry_step(self.board, entry_id)
            named |= dict.fromkeys(step["blocks"] if step else ())
        return tuple(named)

    def _deliver(self, view: views.Fanout) -> list[Effect]:
        """Each receiver gets its version of the frame, each version encoded once."""
        if view.public:
            return [Deliver(tuple(self.joined), pack(view.frame))]
        groups: dict[Any, tuple[list[Peer], bytes]] = {}
        for peer in self.joined:
            key, frame = view.for_viewer(peer.actor)
            group = groups.get(key)
            if group is None:
                group = groups[key] = ([], pack(frame))
            group[0].append(peer)
        return [Deliver(tuple(to), data) for to, data in groups.values()]

    def snapshot_state(self) -> tuple[int, dict[str, Any]]:
        """The replica as it is now, copied (the room writes it in the background)."""
        return self.board.seq, self.board.copy().to_wire()

    def _checkpoint(self, finished: str | None, entry: Entry) -> list[Effect]:
        """One checkpoint per agenda item: the board when the facilitator moved on. Every
        hub of the board writes the same key: idempotent."""
        titles = {e["id"]: e["title"] for e in self.board.agenda["items"]}
        if finished is None or finished not in titles:
            return []
        state = self.board.copy().to_wire()
        label = f"After: {titles[finished]}"
        return [
            SaveCheckpoint(Checkpoint(f"agenda-{entry.seq}", label, entry.seq, entry.ts, state))
        ]

    # Joining and leaving.

    def older_needed(self, resume: Resume | None) -> int | None:
        """The seq after which the engine must supply entries for this resume (older than
        the in-memory tail), or None when memory will do or no resume is possible."""
        if not self._resumable(resume):
            return None
        assert resume is not None
        first_recent = self._recent[0][0]["seq"] if self._recent else self.board.seq + 1
        return resume.seq if resume.seq + 1 < first_recent else None

    def _resumable(self, resume: Resume | None) -> bool:
        return (
            resume is not None
            and resume.epoch == self.epoch
            and resume.seq <= self.board.seq
            and self.board.seq - resume.seq <= self.config.resume_window
        )

    def must_wait(self, credential: Credential, actor: Actor) -> bool:
        """Does this person wait for the facilitator? Only participants minted while the
        lobby was on, until they are let in (I5)."""
        if actor.role != "participant" or credential.admitted:
            return False
        if not self.board.settings.get("lobby"):
            return False
        return not self.board.people.get(actor.id, {}).get("admitted")

    def join(
        self, peer: Peer, resume: Resume | None, older: list[Entry] | None = None
    ) -> list[Effect]:
        """Welcome `peer` (the board, or the ops it missed since `resume`; `older` are the
        engine's entries `older_needed` asked for) and add it to the fan-out."""
        ops = self._missed(resume, peer.actor, older) if self._resumable(resume) else None
        return self._enter(peer, ops)

    def wait(self, peer: Peer) -> list[Effect]:
        """Hold `peer` in the lobby: its credential, its own name, nobody's data."""
        you = peer.actor.to_wire()
        waiting = {"type": "waiting", "you": you, "credential": self.sign(peer.credential)}
        self.waiting.append(peer)
        effects: list[Effect] = [Deliver((peer,), pack(waiting), exempt=True)]
        self._count_join(peer)
        return effects + self._tell_facilitators()

    def leave(self, peer: Peer) -> list[Effect]:
        if peer in self.waiting:
            self.waiting.remove(peer)
            return self._tell_facilitators()
        if peer not in self.joined:
            return []
        self.joined.remove(peer)
        if peer in self._facilitators:
            self._facilitators.remove(peer)
        for cid in [c for c, (p, _) in self._pending.items() if p is peer]:
            del self._pending[cid]
        pid = peer.actor.id
        self._online[pid] -= 1
        if self._online[pid] > 0:
            return []
        del self._online[pid]
        del self._here_packed[pid]
        lane = self._volatile
        lane.moves.pop(pid, None)
        lane.editing.pop(pid, None)
        lane.roster_changed = True
        lane.arrived.discard(pid)
        if pid not in self.remote:
            # Announced, or in the welcome of someone who came after them within the tick
            # (not still here through another hub).
            lane.departed.add(pid)
        return self.remote_moved()

    def _enter(self, peer: Peer, ops: list[dict[str, Any]] | None) -> list[Effect]:
        first_tab = self._online.get(peer.actor.id, 0) == 0
        effects = [self._welcome(peer, ops, resumed=ops is not None)]
        peer.joined = True
        self.joined.append(peer)
        if peer.actor.role == "facilitator":
            self._facilitators.append(peer)
        self._online[peer.actor.id] = self._online.get(peer.actor.id, 0) + 1
        self._here_packed[peer.actor.id] = pack(self._present(peer.actor.to_wire()))
        if first_tab:
            lane = self._volatile
            lane.departed.discard(peer.actor.id)
            lane.arrived.add(peer.actor.id)
            lane.roster_changed = True
            effects += self.remote_moved()
        if self._count_join(peer) and peer.actor.role == "participant":
            effects += self._tell_facilitators()
        return effects

    def _welcome(self, peer: Peer, ops: list[dict[str, Any]] | None, *, resumed: bool) -> Effect:
        """The board as its person may see it now (or the ops it missed), and a freshly
        signed credential (I1)."""
        you = self._present(peer.actor.to_wire())
        online = {**self._remote_packed, **self._here_packed, peer.actor.id: pack(you)}
        welcome: dict[str, Any] = {
            "type": "welcome",
            "protocol": PROTOCOL_VERSION,
            "you": you,
            "epoch": self.epoch,
            "seq": self.board.seq,
            "server_time": self.server_time(),
            "credential": self.sign(peer.credential),
        }
        if peer.actor.role == "facilitator":
            welcome["lobby"] = self._lobby_frame()
        if ops is not None and self._sensitive(ops, peer.actor):
            ops = None  # private writing or votes in the gap: the (redacted) board (A3, E1)
        packed = {"online": pack_array(online.values())}
        if ops is None:
            packed["board"] = self._board_for(peer.actor)
            self.metrics["resume_full"] += 1 if resumed else 0
        else:
            welcome["ops"] = ops
            self.metrics["resume_ops"] += 1
        return Deliver((peer,), pack_map(welcome, packed), exempt=True)

    def _board_for(self, viewer: Actor) -> bytes:
        """The board as `viewer` may see it, packed: once per audience while the board and
        its published votes and polls stay as they are (a room joining at once shares
        it), else for this viewer alone (views.board_audience)."""
        key = views.board_audience(self.board, viewer)
        if key is None:
            return pack(views.board_for(self.board, viewer, self.shown))
        if self._boards_at != self.board.seq:
            self._boards.clear()
            self._boards_at = self.board.seq
        data = self._boards.get(key)
        if data is None:
            data = self._boards[key] = pack(views.board_for(self.board, viewer, self.shown))
        return data

    def _missed(
        self, resume: Resume | None, viewer: Actor, older_entries: list[Entry] | None
    ) -> list[dict[str, Any]] | None:
        """Applied frames after the resume's seq up to the head, from the engine's `older`
        and the in-memory tail; None when resuming through them could show `viewer` what
        they may not see (A3, E1, E7): then the welcome carries the (redacted) board."""
        assert resume is not None
        seq = resume.seq
        needed = self.older_needed(resume)
        if needed is not None and older_entries is None:
            return None  # the engine could not supply them
        older = [frames.applied(e) for e in older_entries or []] if needed is not None else []
        # Stitch engine entries and the in-memory tail together, with no hole.
        last = older[-1]["seq"] if older else seq
        tail = [(f, public) for f, public in self._recent if f["seq"] > last]
        if tail and tail[0][0]["seq"] != last + 1:
            return None
        if viewer.role != "facilitator" and not all(public for _, public in tail):
            return None  # someone got a redacted version of one of these
        ops = older + [f for f, _ in tail]
        if (ops[-1]["seq"] if ops else seq) != self.board.seq:
            return None
        return ops

    def _sensitive(self, ops: list[dict[str, Any]], viewer: Actor) -> bool:
        """Would resuming through these ops miss the views exercise frames carry (E1, E7),
        or, for anyone but the facilitator, touch private writing (A3)? With no block
        private now and none made private or revealed in the gap, every item op in it was
        public to everyone."""
        kinds = {f["op"].get("kind") for f in ops}
        if kinds & EXERCISE_KINDS:
            return True
        if viewer.role == "facilitator":
            return False
        if any(b.get("private") for b in self.board.blocks.values()):
            return True
        return "block.private" in kinds

    # Participant numbers (P1): what `cursors` frames name people by.

    def _present(self, person: dict[str, Any]) -> dict[str, Any]:
        """A person as `welcome.online` and `presence.joined` list them: with their number
        (`n`). Several tabs of one person share it."""
        n = self._number(person["id"])
        return {**person, "n": n} if n is not None else person

    def _number(self, pid: str) -> int | None:
        """This room's number for `pid`: the next one never given out, or, once all 65,536
        were (a long day of people coming and going), one of someone listed nowhere now.
        None only with 65,536 people listed at once, far past every limit (L1)."""
        n = self._numbers.get(pid)
        if n is not None:
            return n
        if self._next_number < NUMBERS:
            n = self._next_number
            self._next_number += 1
        else:
            if not self._spare:
                self._spare = self._reclaim()
            if not self._spare:
                return None
            n = self._spare.pop()
        self._numbers[pid] = n
        return n

    def _reclaim(self) -> list[int]:
        """Take back the numbers of people listed neither here nor on another hub, lowest
        last (popped first). Safe to hand out again: clients forget a number when its
        person leaves (P1), and its next holder is announced with it before any cursor of
        theirs is sent."""
        gone = [pid for pid in self._numbers if pid not in self._online and pid not in self.remote]
        return sorted((self._numbers.pop(pid) for pid in gone), reverse=True)

    def _listed(self, pid: str) -> bool:
        """Is `pid` in this hub's people's online lists now (here, or on another hub)?"""
        return pid in self._online or pid in self.remote

    # The lobby (I5).

    def _count_join(self, peer: Peer) -> bool:
        """The People panel's count of identities per link (I5); True for a new one."""
        seen = self._joins.setdefault(peer.credential.link, set())
        new = peer.actor.id not in seen
        seen.add(peer.actor.id)
        return new

    def _lobby_frame(self) -> dict[str, Any]:
        waiting = {p.actor.id: p.actor.to_wire() for p in self.waiting}
        return {
            "type": "lobby",
            "waiting": list(waiting.values()),
            "joined": {link: len(ids) for link, ids in sorted(self._joins.items())},
        }

    def _tell_facilitators(self) -> list[Effect]:
        to = tuple(self._facilitators)
        return [Deliver(to, pack(self._lobby_frame()))] if to else []

    def _let_in(self, peer: Peer) -> list[Effect]:
        self.waiting.remove(peer)
        peer.credential = replace(peer.credential, admitted=True)
        return self._enter(peer, None)

    # Ops.

    def submit(self, peer: Peer, frame: OpFrame, now: float, wall_ms: int = 0) -> list[Effect]:
        """Pre-check the op as if sequenced at `wall_ms` (the server clock, ms); hand it to
        the engine (in call order: per-person order holds)."""
        outcome = check(self.board, frame.op, peer.actor, wall_ms)
        if not outcome.ok and peer.in_flight > 0 and outcome.code in AFTER_OWN_OPS:
            # It may depend on this person's own ops not sequenced yet (a child of a goal
            # node just added): let the reducer decide at its turn instead.
            outcome = OK
        if not outcome.ok:
            assert outcome.code is not None
            return [Recheck(peer, frame.cid, outcome.code, outcome.message)]
        self._pending[frame.cid] = (peer, now)
        peer.in_flight += 1
        return [Append(peer, frame.cid, op_to_wire(frame.op), peer.actor.to_wire())]

    def appended(self, peer: Peer, cid: str, duplicate: Entry | None) -> list[Effect]:
        """The engine took the op. A re-send is answered with its original applied frame
        (same seq); a new one is answered by its entry arriving."""
        peer.in_flight -= 1
        if duplicate is None:
            return []
        self._pending.pop(cid, None)
        return [Deliver((peer,), pack(frames.applied(duplicate)))]

    def append_failed(self, peer: Peer, cid: str, message: str) -> list[Effect]:
        """Not sequenced (storage unavailable): the author may try again."""
        peer.in_flight -= 1
        self._pending.pop(cid, None)
        return [Deliver((peer,), frames.rejected(cid, ErrorCode.STORAGE_UNAVAILABLE, message))]

    def rechecked(self, check: Recheck, earlier: Entry | None) -> list[Effect]:
        """An op that failed the pre-check may be a re-send already in the log (an
        `item.add` re-sent after a reconnect is a duplicate id by now): ack those."""
        if earlier is not None:
            return [Deliver((check.peer,), pack(frames.applied(earlier)))]
        return [Deliver((check.peer,), frames.rejected(check.cid, check.code, check.message))]

    def _after(self, op: AnyOp) -> list[Effect]:
        """What an applied op means for the connections: replaced links, renamed, moved,
        removed or admitted participants, the lobby switched off (A5, A6, I3, I5)."""
        effects: list[Effect] = []
        if isinstance(op, LinkRotate):
            current = current_version(self.board.links, op.role)
            for p in self.connections:
                if p.actor.role == op.role and p.link_version < current:
                    effects.append(Close(p, CloseCode.LINK_ROTATED, "this link was replaced"))
        elif isinstance(op, ParticipantRemove):
            for p in self.connections:
                if p.actor.id == op.id:
                    reason = "the facilitator removed this participant"
                    effects.append(Close(p, CloseCode.REMOVED, reason))
        elif isinstance(op, ParticipantUpdate):
            effects += self._person_changed(op.id)
        elif isinstance(op, ParticipantAdmit):
            for p in [p for p in self.waiting if p.actor.id == op.id]:
                effects += self._let_in(p)
            effects += self._tell_facilitators()
        elif isinstance(op, BoardSettings) and not self.board.settings.get("lobby"):
            had = bool(self.waiting)
            for p in list(self.waiting):
                effects += self._let_in(p)
            if had:
                effects += self._tell_facilitators()
        return effects

    def _person_changed(self, pid: str) -> list[Effect]:
        """The facilitator renamed or moved a participant (A6, I3): their connections act
        under the new values at once; a new department means a re-issued credential and
        the board as that department sees it, with no reconnect."""
        person = self.board.people.get(pid, {})
        effects: list[Effect] = []
        updated = None
        for p in self.connections:
            if p.actor.id != pid:
                continue
            was = p.actor
            moved = person.get("department", was.department) != was.department
            p.actor = updated = Actor(
                was.id,
                person.get("name", was.name),
                person.get("department", was.department),
                was.role,
            )
            if moved:
                p.credential = replace(p.credential, department=p.actor.department)
                if p.joined:
                    effects.append(self._welcome(p, None, resumed=False))
        present = self._present(updated.to_wire()) if updated is not None else None
        if present is not None and pid in self._here_packed:
            self._here_packed[pid] = pack(present)
        if present is not None and any(p.actor.id == pid for p in self.joined):
            effects += self._broadcast({"type": "presence", "joined": [present], "left": []})
        if any(p.actor.id == pid for p in self.waiting):
            effects += self._tell_facilitators()
        return effects

    # Ballots reach others coalesced (E7).

    def _published(self, op: AnyOp, ok: bool, *, fan_out: bool) -> list[Effect]:
        """Keep `shown` (the votes and polls as the room last saw them): a ballot waits for
        the next tick; any other vote or poll op publishes its vote or poll at once."""
        if isinstance(op, views.Ballot):
            if not ok:
                return []
            shown = self.shown.votes if isinstance(op, VoteCast) else self.shown.polls
            key = op.vote if isinstance(op, VoteCast) else op.poll
            if not fan_out:  # loading: nobody is listening yet; show the board's own
                shown.pop(key, None)
                self._boards.clear()
                return []
            votes, polls = self._ballots
            (votes if isinstance(op, VoteCast) else polls).add(key)
            if self._exercise_ticking:
                return []
            self._exercise_ticking = True
            return [StartTimer("exercise", self.config.exercise_tick)]
        family = op.kind.split(".")[0]
        key = str(getattr(op, "id", None) or getattr(op, "poll", None) or "")
        if op.kind in ("agenda.start", "agenda.next") and views.has_steps(self.board):
            # a step may open or close votes and rounds (E8): the room sees them as they are
            self._show(votes=self.board.votes.keys(), polls=self.board.polls.keys())
        elif family == "vote":
            self._show(votes={key}, polls=set())
        elif family == "poll":
            self._show(votes=set(), polls={key})
        return []

    def _show(self, *, votes: Iterable[str], polls: Iterable[str]) -> None:
        """Publish these votes and polls as they are now (a copy: the replica moves on)."""
        self._boards.clear()
        for vid in set(votes) & self.board.votes.keys():
            self.shown.votes[vid] = copy.deepcopy(self.board.votes[vid])
        for pid in set(polls) & self.board.polls.keys():
            self.shown.polls[pid] = copy.deepcopy(self.board.polls[pid])

    def exercise_tick(self) -> list[Effect]:
        """Every vote and poll that took ballots since the last tick, as one `exercise`
        frame per audience (the facilitator's, everyone else's)."""
        self._exercise_ticking = False
        votes, polls = self._ballots
        self._ballots = (set(), set())
        self._show(votes=votes, polls=polls)
        if not (votes or polls) or not self.joined:
            return []
        effects: list[Effect] = []
        for fac in (True, False):
            to = tuple(p for p in self.joined if (p.actor.role == "facilitator") is fac)
            if to:
                frame = views.published_exercise(self.board, self.shown, fac, votes, polls)
                effects.append(Deliver(to, pack(frame)))
        return effects

    # The volatile lane: cursors and typing markers, latest value wins, never logged.

    def volatile(self, peer: Peer, frame: Cursor | Editing | Viewport) -> list[Effect]:
        lane = self._volatile
        if isinstance(frame, Cursor):
            lane.moves[peer.actor.id] = (frame.x, frame.y)
        elif isinstance(frame, Editing):
            lane.editing[peer.actor.id] = frame.item
        elif peer.actor.role == "facilitator":
            lane.follow = (frame.x, frame.y, frame.w, frame.h)
        else:
            return []  # only the facilitator's viewport is followed
        return self.remote_moved()

    def remote_moved(self) -> list[Effect]:
        """Something moved or someone came or went (here or on another hub): tick soon,
        once (later in a big room: `volatile_interval`)."""
        if self._volatile.ticking:
            return []
        self._volatile.ticking = True
        config = self.config
        delay = volatile_interval(config.volatile_tick, len(self.joined), config.volatile_full_rate)
        return [StartTimer("volatile", delay)]

    def volatile_tick(self, remote: tuple[Moves, Markers, Follow | None]) -> list[Effect]:
        """One tick: this hub's moves to the other hubs, and everyone's (this hub's and
        theirs, `remote`) to this hub's people."""
        lane, self._volatile = self._volatile, _Volatile()
        effects: list[Effect] = []
        if lane.arrived or lane.departed:
            # As they are now (a rename within the tick included), in the order they came.
            arrived = {
                p.actor.id: self._present(p.actor.to_wire())
                for p in self.joined
                if p.actor.id in lane.arrived
            }
            joined, left = list(arrived.values()), sorted(lane.departed)
            effects += self._broadcast({"type": "presence", "joined": joined, "left": left})
        if lane.roster_changed:
            effects.append(TellHubs(announce=True))
        if lane.moves or lane.editing or lane.follow is not None:
            effects.append(TellHubs(False, lane.moves, lane.editing, lane.follow))
        moves, editing, follow = remote
        moves.update(lane.moves)
        editing.update(lane.editing)
        follow = lane.follow or follow
        if follow is not None:
            x, y, w, h = follow
            effects += self._broadcast({"type": "follow", "x": x, "y": y, "w": w, "h": h})
        at = self._packed_moves(moves)
        if at or editing:
            cursors: dict[str, Any] = {"type": "cursors"}  # `type` first: bench/dialects.py
            if at:
                cursors["at"] = at
            cursors["editing"] = editing
            effects += self._broadcast(cursors)
        return effects

    def _packed_moves(self, moves: Moves) -> bytes:
        """`cursors.at` (P2): 6 bytes per moved cursor of someone listed with a number.
        Moves relayed from another hub name people by id; one whose person is not (or no
        longer) listed here is skipped: nobody here could place it."""
        numbers = self._numbers
        return b"".join(
            packed_move(numbers[pid], x, y)
            for pid, (x, y) in moves.items()
            if pid in numbers and self._listed(pid)
        )

    def remote_presence(self, after: People) -> list[Effect]:
        """People came or went on another hub: tell this hub's people, unless they are
        here too (P1, P3)."""
        before, self.remote = self.remote, after
        listed = {pid: self._present(person) for pid, person in after.items()}
        self._remote_packed = {pid: pack(person) for pid, person in listed.items()}
        here = self._online
        joined = [
            listed[pid] for pid, p in after.items() if pid not in here and before.get(pid) != p
        ]
        left = [pid for pid in before if pid not in after and pid not in here]
        if not (joined or left):
            return []
        return self._broadcast({"type": "presence", "joined": joined, "left": left})

    def local_people(self) -> People:
        return {p.actor.id: p.actor.to_wire() for p in self.joined}

    def _broadcast(self, frame: dict[str, Any]) -> list[Effect]:
        return [Deliver(tuple(self.joined), pack(frame))] if self.joined else []
