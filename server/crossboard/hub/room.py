"""A board open on this node: its replica, its local sessions, and fan-out of its log.

The room applies the engine's entries with the pure reducer in seq order, encodes each
`applied` frame once and queues the same bytes on every local session. It pre-checks ops
against the replica so most invalid ones are refused without touching the log; one that
still turns out invalid at its turn is a no-op everywhere and its author gets a `rejected`.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections import deque
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..board import views as redact
from ..board.outcome import OK
from ..board.reducer import apply, check
from ..board.state import Actor, Board
from ..engine.base import Checkpoint, Entry, Snapshot, StorageUnavailable
from ..protocol.codec import decode_op, pack
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
from .relay import Relay

if TYPE_CHECKING:
    from .hub import Hub
    from .session import Session

log = logging.getLogger("crossboard.room")

AFTER_OWN_OPS = frozenset(
    {
        ErrorCode.NOT_FOUND,
        ErrorCode.WRONG_BLOCK,
        ErrorCode.CYCLE,
        ErrorCode.CLOSED,  # "close the round" then "open the next" in one breath
        ErrorCode.BUDGET_EXCEEDED,  # a dot taken back, then placed elsewhere
    }
)
"""Pre-check refusals that an earlier, still in-flight op of the same session can cure."""


class Room:
    def __init__(self, hub: Hub, board_id: str) -> None:
        self.hub = hub
        self.board_id = board_id
        self.board: Board = Board(board_id, "", [])
        self.epoch = ""
        self.sessions: set[Session] = set()
        self._recent: deque[tuple[dict[str, Any], bool]] = deque(
            maxlen=hub.config.recent_entries
        )  # applied frames, and whether everyone got them whole
        self._pending: dict[str, Session] = {}  # cid -> local author awaiting its entry
        self._submitted: dict[str, float] = {}  # cid -> when it arrived (op_latency)
        self._loaded = False
        self._early: list[Entry] = []  # entries delivered while loading
        self._since_snapshot = 0
        self._gap_fill: asyncio.Task[None] | None = None
        self._online: dict[str, int] = {}  # participant id -> open sessions
        self._moves: dict[str, tuple[float, float]] = {}
        self._editing: dict[str, str | None] = {}
        self._tick: asyncio.TimerHandle | None = None
        self._follow: tuple[float, float, float, float] | None = None
        self._waiting: set[Session] = set()  # in the lobby (I5)
        self._joined: dict[str, set[str]] = {}  # link -> participant ids seen (I5)
        self.shown = redact.Shown()  # votes and polls as last published (E7)
        self._ballots: tuple[set[str], set[str]] = (set(), set())  # votes, polls since then
        self._exercise_tick: asyncio.TimerHandle | None = None
        self.relay = Relay(self)  # presence and cursors from the other hubs (P3)

    @property
    def connections(self) -> tuple[Session, ...]:
        """Every session of the room: joined, and waiting in the lobby."""
        return (*self.sessions, *self._waiting)

    # Loading.

    async def open(self) -> None:
        """Subscribe first, then load snapshot + log tail, then apply what arrived meanwhile."""
        engine = self.hub.engine
        info = await engine.board_info(self.board_id)
        if info is None:
            raise LookupError(self.board_id)
        self.epoch = info.epoch
        await engine.subscribe(self.board_id, self._on_entry)
        self.relay.start()
        snapshot = await engine.load_snapshot(self.board_id)
        self.board = Board.from_wire(snapshot.state)
        self.board.seq = snapshot.seq
        while True:
            entries = await engine.read_since(self.board_id, self.board.seq)
            if not entries:
                break
            for entry in entries:
                self._apply(entry, fan_out=False)
        self._loaded = True
        early, self._early = self._early, []
        for entry in early:
            self._on_entry(entry)

    async def close(self) -> None:
        if self.hub.archive is not None and self._loaded:
            try:
                await self.hub.archive.save(self.board_id, self.board.seq, self.board.to_wire())
            except Exception:
                log.warning("archiving %s failed", self.board_id)
        if self._tick is not None:
            self._tick.cancel()
        if self._exercise_tick is not None:
            self._exercise_tick.cancel()
        self.relay.stop()
        await self.hub.engine.unsubscribe(self.board_id, self._on_entry)
        if self._gap_fill is not None:
            self._gap_fill.cancel()

    # Joining.

    async def join(self, session: Session, resume: Resume | None) -> None:
        """Send the welcome (full board, or the ops missed since `resume`) and add the
        session to the fan-out with no await in between, so no entry falls in a gap."""
        assert session.actor is not None
        ops: list[dict[str, Any]] | None = None
        if resume is not None and resume.epoch == self.epoch and resume.seq <= self.board.seq:
            behind = self.board.seq - resume.seq
            if behind <= self.hub.config.resume_window:
                ops = await self._missed_since(resume.seq, session.actor)
        if session.closed:
            return
        self._enter(session, ops)

    def _enter(self, session: Session, ops: list[dict[str, Any]] | None) -> None:
        """Welcome `session` and add it to the fan-out (synchronous: no entry can slip by)."""
        assert session.actor is not None
        first_tab = self._online.get(session.actor.id, 0) == 0
        self._welcome(session, ops, resumed=ops is not None)
        if first_tab:
            you = session.actor.to_wire()
            self._broadcast(pack({"type": "presence", "joined": [you], "left": []}))
        self.sessions.add(session)
        self._online[session.actor.id] = self._online.get(session.actor.id, 0) + 1
        if first_tab:
            self.relay.announce()
        self._count_join(session)
        self.hub.room_joined(self)

    def _welcome(
        self, session: Session, ops: list[dict[str, Any]] | None, *, resumed: bool = False
    ) -> None:
        """Queue a welcome for `session`: the board as its person may see it now (or the
        ops it missed), and a freshly signed credential (I1)."""
        assert session.actor is not None and session.credential is not None
        you = session.actor.to_wire()
        online = self.relay.online()
        online.update({s.actor.id: s.actor.to_wire() for s in self.sessions if s.actor})
        online[session.actor.id] = you
        welcome: dict[str, Any] = {
            "type": "welcome",
            "protocol": PROTOCOL_VERSION,
            "you": you,
            "epoch": self.epoch,
            "seq": self.board.seq,
            "online": list(online.values()),
            "server_time": frames.server_time(),
            "credential": self.hub.links.credential(session.credential),
        }
        if session.actor.role == "facilitator":
            welcome["lobby"] = self._lobby_frame()
        if ops is not None and self._sensitive(ops, session.actor):
            ops = None  # private writing or votes in the gap: the (redacted) board (A3, E1)
        if ops is None:
            welcome["board"] = redact.board_for(self.board, session.actor, self.shown)
            self.hub.metrics["resume_full"] += 1 if resumed else 0
        else:
            welcome["ops"] = ops
            self.hub.metrics["resume_ops"] += 1
        session.send(pack(welcome), exempt=True)

    # The lobby (I5).

    def must_wait(self, session: Session) -> bool:
        """Does this person wait for the facilitator? Only participants minted while the
        lobby was on, until they are let in."""
        who, actor = session.credential, session.actor
        if who is None or actor is None or actor.role != "participant":
            return False
        if not self.board.settings.get("lobby") or who.admitted:
            return False
        return not self.board.people.get(actor.id, {}).get("admitted")

    def wait(self, session: Session) -> None:
        """Hold `session` in the lobby: its credential, its own name, nobody's data."""
        assert session.actor is not None and session.credential is not None
        session.send(
            pack(
                {
                    "type": "waiting",
                    "you": session.actor.to_wire(),
                    "credential": self.hub.links.credential(session.credential),
                }
            ),
            exempt=True,
        )
        self._waiting.add(session)
        self._count_join(session, notify=False)
        self._tell_facilitators()
        self.hub.room_joined(self)

    def _let_in(self, session: Session) -> None:
        from .session import SessionState

        self._waiting.discard(session)
        if session.closed or session.credential is None:
            return
        session.credential = replace(session.credential, admitted=True)
        session.state = SessionState.JOINED
        self._enter(session, None)

    def _lobby_frame(self) -> dict[str, Any]:
        waiting = {s.actor.id: s.actor.to_wire() for s in self._waiting if s.actor is not None}
        return {
            "type": "lobby",
            "waiting": list(waiting.values()),
            "joined": {link: len(ids) for link, ids in sorted(self._joined.items())},
        }

    def _tell_facilitators(self) -> None:
        data = pack(self._lobby_frame())
        for s in tuple(self.sessions):
            if s.actor is not None and s.actor.role == "facilitator":
                s.send(data)

    def _count_join(self, session: Session, *, notify: bool = True) -> None:
        """The People panel's count of identities per link (I5)."""
        assert session.actor is not None and session.credential is not None
        seen = self._joined.setdefault(session.credential.link, set())
        if session.actor.id not in seen:
            seen.add(session.actor.id)
            if notify and session.actor.role == "participant":
                self._tell_facilitators()

    async def _missed_since(self, seq: int, viewer: Actor) -> list[dict[str, Any]] | None:
        """Applied frames after `seq` up to the replica's head, from memory or the engine;
        None when resuming through them could show `viewer` what they may not see (A3, E1,
        E7): then the welcome carries the (redacted) board instead."""
        first_recent = self._recent[0][0]["seq"] if self._recent else self.board.seq + 1
        older: list[dict[str, Any]] = []
        if seq + 1 < first_recent:
            try:
                entries = await self.hub.engine.read_since(
                    self.board_id, seq, limit=self.hub.config.resume_window
                )
            except Exception:
                return None
            older = [frames.applied(e) for e in entries]
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

    def leave(self, session: Session) -> None:
        if session in self._waiting:
            self._waiting.discard(session)
            self._tell_facilitators()
            if not self.sessions and not self._waiting:
                self.hub.room_empty(self)
            return
        if session not in self.sessions:
            return
        self.sessions.discard(session)
        for cid in [c for c, s in self._pending.items() if s is session]:
            self._forget(cid)
        assert session.actor is not None
        pid = session.actor.id
        self._online[pid] -= 1
        if self._online[pid] == 0:
            del self._online[pid]
            self._moves.pop(pid, None)
            self._editing.pop(pid, None)
            if pid not in self.relay.online():  # still here through another hub
                self._broadcast(pack({"type": "presence", "joined": [], "left": [pid]}))
            self.relay.announce()
        if not self.sessions and not self._waiting:
            self.hub.room_empty(self)

    # The volatile lane: cursors and editing markers, latest value wins, never logged.

    def volatile(self, session: Session, frame: Cursor | Editing | Viewport) -> None:
        assert session.actor is not None
        if isinstance(frame, Cursor):
            self._moves[session.actor.id] = (frame.x, frame.y)
        elif isinstance(frame, Editing):
            self._editing[session.actor.id] = frame.item
        elif session.actor.role == "facilitator":
            self._follow = (frame.x, frame.y, frame.w, frame.h)
        else:
            return  # only the facilitator's viewport is followed
        self.schedule_tick()

    def schedule_tick(self) -> None:
        if self._tick is None:
            self._tick = asyncio.get_running_loop().call_later(
                self.hub.config.volatile_tick, self._flush_volatile
            )

    def _flush_volatile(self) -> None:
        """One tick: this hub's cursors, markers and followed viewport to the other hubs,
        and everyone's (this hub's and theirs) to this hub's people."""
        self._tick = None
        self.relay.tick(self._moves, self._editing, self._follow)
        moves, editing, follow = self.relay.take()
        moves.update(self._moves)
        editing.update(self._editing)
        follow = self._follow or follow
        self._moves, self._editing, self._follow = {}, {}, None
        if follow is not None:
            x, y, w, h = follow
            self._broadcast(pack({"type": "follow", "x": x, "y": y, "w": w, "h": h}))
        if moves or editing:
            self._broadcast(pack({"type": "cursors", "moves": moves, "editing": editing}))

    def remote_presence(
        self, before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]
    ) -> None:
        """People came or went on another hub: tell this hub's people, unless they are
        here too (P1, P3)."""
        joined = [p for pid, p in after.items() if pid not in self._online and before.get(pid) != p]
        left = [pid for pid in before if pid not in after and pid not in self._online]
        if joined or left:
            self._broadcast(pack({"type": "presence", "joined": joined, "left": left}))

    def _broadcast(self, data: bytes) -> None:
        for session in tuple(self.sessions):  # a send may close a slow session
            session.send(data)

    # Ops.

    def submit(self, session: Session, frame: OpFrame) -> None:
        """Pre-check and hand the op to the engine (enqueued now: per-session order holds)."""
        assert session.actor is not None
        outcome = check(self.board, frame.op, session.actor)
        if not outcome.ok and session.in_flight > 0 and outcome.code in AFTER_OWN_OPS:
            # It may depend on this session's own ops not sequenced yet (a child of a goal
            # node just added): let the reducer decide at its turn instead.
            outcome = OK
        if not outcome.ok:
            assert outcome.code is not None
            task = asyncio.get_running_loop().create_task(
                self._refuse_unless_resent(session, frame.cid, outcome.code, outcome.message)
            )
            self.hub.keep(task)
            return
        self._pending[frame.cid] = session
        self._submitted[frame.cid] = time.monotonic()
        session.in_flight += 1
        result = self.hub.engine.append(
            self.board_id, op_to_wire(frame.op), session.actor.to_wire(), frame.cid
        )
        task = asyncio.get_running_loop().create_task(self._settle(session, frame.cid, result))
        self.hub.keep(task)

    def _forget(self, cid: str) -> None:
        self._pending.pop(cid, None)
        self._submitted.pop(cid, None)

    async def _settle(self, session: Session, cid: str, result: Any) -> None:
        try:
            outcome = await result
        except StorageUnavailable as exc:
            self._forget(cid)
            session.send(frames.rejected(cid, ErrorCode.STORAGE_UNAVAILABLE, str(exc)))
            return
        except Exception as exc:
            log.exception("append failed")
            self._forget(cid)
            session.send(frames.rejected(cid, ErrorCode.STORAGE_UNAVAILABLE, repr(exc)))
            return
        finally:
            session.in_flight -= 1
        if outcome.duplicate:
            # A re-sent op: answer with its original applied frame (same seq).
            self._forget(cid)
            session.send(pack(frames.applied(outcome.entry)))

    async def _refuse_unless_resent(
        self, session: Session, cid: str, code: ErrorCode, message: str
    ) -> None:
        """An op that fails the pre-check may be a re-send of one already in the log (an
        `item.add` re-sent after a reconnect is a duplicate id by now): ack those instead."""
        try:
            earlier = await self.hub.engine.find(self.board_id, cid)
        except Exception:
            earlier = None
        if earlier is not None:
            session.send(pack(frames.applied(earlier)))
        else:
            session.send(frames.rejected(cid, code, message))

    # The log.

    def _on_entry(self, entry: Entry) -> None:
        if not self._loaded or self._gap_fill is not None:
            self._early.append(entry)
            return
        if entry.seq <= self.board.seq:
            return  # already applied (delivered twice, or read while loading)
        if entry.seq > self.board.seq + 1:
            self._early.append(entry)
            self._gap_fill = asyncio.get_running_loop().create_task(self._fill_gap())
            return
        self._apply(entry, fan_out=True)

    async def _fill_gap(self) -> None:
        """Entries arrived past a hole: read the hole from the engine, then go on in order."""
        try:
            while True:
                entries = await self.hub.engine.read_since(self.board_id, self.board.seq)
                for entry in entries:
                    if entry.seq == self.board.seq + 1:
                        self._apply(entry, fan_out=True)
                early = sorted(self._early, key=lambda e: e.seq)
                self._early = []
                for entry in early:
                    if entry.seq == self.board.seq + 1:
                        self._apply(entry, fan_out=True)
                    elif entry.seq > self.board.seq + 1:
                        self._early.append(entry)
                if not self._early:
                    return
                await asyncio.sleep(0.05)
        finally:
            self._gap_fill = None

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

    def _apply(self, entry: Entry, *, fan_out: bool) -> None:
        op = decode_op(entry.op)
        author = self.hub.actor_of(entry.by)
        target = getattr(op, "id", None) if isinstance(op, redact.ItemOp) else None
        found = self.board.items.get(target) if target is not None else None
        # Who may see the op is judged by the item's block and authorship as sequenced:
        # top-level fields, so a shallow copy holds them whatever the reducer changes.
        before = dict(found) if found is not None else None
        was_current = self.board.agenda["current"]
        self.board, outcome = apply(self.board, op, author, entry.seq, entry.ts)
        if fan_out and outcome.ok and self.board.agenda["current"] != was_current:
            self._checkpoint_agenda_item(was_current, entry)
        frame = frames.applied(entry)
        view = redact.fan_out(self.board, op, author, outcome, frame, before, self.shown)
        self._recent.append((frame, view.public))
        self.hub.metrics["ops_applied"] += 1
        self._published(op, outcome.ok, fan_out=fan_out)
        if fan_out:
            self._deliver(view)
            self.hub.metrics["deliveries"] += len(self.sessions)
            if outcome.ok:
                self._after(op)
            waiting = self._pending.pop(entry.cid, None) if entry.cid is not None else None
            started = self._submitted.pop(entry.cid, None) if entry.cid is not None else None
            if started is not None:
                self.hub.op_latency.observe((time.monotonic() - started) * 1000)
            if waiting is not None and not outcome.ok:
                assert outcome.code is not None
                waiting.send(
                    frames.rejected(entry.cid or "", outcome.code, outcome.message, entry.seq)
                )
        self._since_snapshot += 1
        if self._since_snapshot >= self.hub.config.snapshot_every:
            self._since_snapshot = 0
            self._save_snapshot()

    def _deliver(self, view: redact.Fanout) -> None:
        """Each receiver gets its version of the frame, each version encoded once."""
        if view.public:
            self._broadcast(pack(view.frame))
            return
        encoded: dict[Any, bytes] = {}
        for session in tuple(self.sessions):
            if session.actor is None:
                continue
            key, frame = view.for_viewer(session.actor)
            data = encoded.get(key)
            if data is None:
                data = encoded[key] = pack(frame)
            session.send(data)

    # Ballots reach others coalesced (E7).

    def _published(self, op: AnyOp, ok: bool, *, fan_out: bool) -> None:
        """Keep `shown` (the votes and polls as the room last saw them): a ballot waits for
        the next tick; any other vote or poll op publishes its vote or poll at once."""
        if isinstance(op, redact.Ballot):
            if not ok:
                return
            if not fan_out:  # loading: nobody is listening yet; show the board's own
                if isinstance(op, VoteCast):
                    self.shown.votes.pop(op.vote, None)
                else:
                    self.shown.polls.pop(op.poll, None)
                return
            votes, polls = self._ballots
            (votes.add(op.vote) if isinstance(op, VoteCast) else polls.add(op.poll))
            if self._exercise_tick is None:
                self._exercise_tick = asyncio.get_running_loop().call_later(
                    self.hub.config.exercise_tick, self._publish
                )
            return
        family = op.kind.split(".")[0]
        key = str(getattr(op, "id", None) or getattr(op, "poll", None) or "")
        if family == "vote":
            self._show(votes={key}, polls=set())
        elif family == "poll":
            self._show(votes=set(), polls={key})

    def _show(self, *, votes: set[str], polls: set[str]) -> None:
        """Publish these votes and polls as they are now (a copy: the replica moves on)."""
        for vid in votes & self.board.votes.keys():
            self.shown.votes[vid] = copy.deepcopy(self.board.votes[vid])
        for pid in polls & self.board.polls.keys():
            self.shown.polls[pid] = copy.deepcopy(self.board.polls[pid])

    def _publish(self) -> None:
        """The tick: every vote and poll that took ballots since the last one, as one
        `exercise` frame per audience (the facilitator's, everyone else's)."""
        self._exercise_tick = None
        votes, polls = self._ballots
        self._ballots = (set(), set())
        self._show(votes=votes, polls=polls)
        if not (votes or polls) or not self.sessions:
            return
        encoded: dict[bool, bytes] = {}
        for session in tuple(self.sessions):
            if session.actor is None:
                continue
            fac = session.actor.role == "facilitator"
            if fac not in encoded:
                frame = redact.published_exercise(self.board, self.shown, fac, votes, polls)
                encoded[fac] = pack(frame)
            session.send(encoded[fac])

    def _after(self, op: AnyOp) -> None:
        """What an applied op means for the connections: revoked links, renamed, moved,
        removed or admitted participants, the lobby switched off (A5, A6, I3, I5)."""
        everyone = (*self.sessions, *self._waiting)
        if isinstance(op, LinkRotate):
            current = self.board.links.get(op.role, 1)
            for s in everyone:
                if s.actor is not None and s.actor.role == op.role and s.link_version < current:
                    self._close(s, CloseCode.LINK_ROTATED, "this link was replaced")
        elif isinstance(op, ParticipantRemove):
            for s in everyone:
                if s.actor is not None and s.actor.id == op.id:
                    self._close(s, CloseCode.REMOVED, "the facilitator removed this participant")
        elif isinstance(op, ParticipantUpdate):
            self._person_changed(op.id)
        elif isinstance(op, ParticipantAdmit):
            for s in tuple(self._waiting):
                if s.actor is not None and s.actor.id == op.id:
                    self._let_in(s)
            self._tell_facilitators()
        elif isinstance(op, BoardSettings) and not self.board.settings.get("lobby"):
            for s in tuple(self._waiting):
                self._let_in(s)
            if self._waiting:
                self._tell_facilitators()

    def _person_changed(self, pid: str) -> None:
        """The facilitator renamed or moved a participant (A6, I3): their connections act
        under the new values at once; a new department means a re-issued credential and the
        board as that department sees it, with no reconnect."""
        person = self.board.people.get(pid, {})
        updated = None
        for s in (*self.sessions, *self._waiting):
            if s.actor is None or s.actor.id != pid:
                continue
            moved = person.get("department", s.actor.department) != s.actor.department
            s.actor = updated = Actor(
                s.actor.id,
                person.get("name", s.actor.name),
                person.get("department", s.actor.department),
                s.actor.role,
            )
            if moved and s.credential is not None:
                s.credential = replace(s.credential, department=s.actor.department)
                if s in self.sessions:
                    self._welcome(s, None)
        if updated is not None and any(s.actor is updated for s in self.sessions):
            self._broadcast(pack({"type": "presence", "joined": [updated.to_wire()], "left": []}))
        if any(s.actor is not None and s.actor.id == pid for s in self._waiting):
            self._tell_facilitators()

    def _checkpoint_agenda_item(self, finished: str | None, entry: Entry) -> None:
        """The board's history keeps one checkpoint per agenda item: its state when the
        facilitator moved on. Every hub of the board writes the same key: idempotent."""
        titles = {e["id"]: e["title"] for e in self.board.agenda["items"]}
        if finished is None or finished not in titles:
            return
        checkpoint = Checkpoint(
            f"agenda-{entry.seq}",
            f"After: {titles[finished]}",
            entry.seq,
            entry.ts,
            self.board.copy().to_wire(),
        )
        task = asyncio.get_running_loop().create_task(self._write_checkpoint(checkpoint))
        self.hub.keep(task)

    async def _write_checkpoint(self, checkpoint: Checkpoint) -> None:
        try:
            await self.hub.engine.save_checkpoint(self.board_id, checkpoint)
        except Exception:
            log.warning("checkpoint %s of %s failed", checkpoint.key, self.board_id)

    def _close(self, session: Session, code: int, reason: str) -> None:
        self.hub.keep(asyncio.get_running_loop().create_task(session.close(code, reason)))

    def _save_snapshot(self) -> None:
        task = asyncio.get_running_loop().create_task(self._write_snapshot())
        self.hub.keep(task)

    async def _write_snapshot(self) -> None:
        """If this hub holds the board's snapshot lease: copy the replica as it is now,
        then write it in the background."""
        if not await self.hub.engine.may_snapshot(self.board_id):
            return
        snapshot = Snapshot(self.board.seq, self.board.copy().to_wire())
        self.hub.metrics["snapshots_saved"] += 1
        try:
            await self.hub.engine.save_snapshot(self.board_id, snapshot)
            if self.hub.archive is not None:
                await self.hub.archive.save(self.board_id, snapshot.seq, snapshot.state)
        except Exception:
            log.warning(
                "snapshot of %s at %d failed; the log still has it", self.board_id, snapshot.seq
            )
