"""The room core (hub/core.py) driven directly: no event loop, no sockets, no engine. The
log is played by hand (each op the core hands out as `Append` comes back as the entry the
engine would deliver), and every frame a connection would be sent is decoded and read.

Rule ids: A3 (redaction and resume), A5 (replaced links), R1 (an invalid op is a no-op
that only its author hears of), I5 (the lobby), E7 (ballots coalesced), P1 (presence and
participant numbers), P2 (compact cursors, the cursor rate per room size)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from crossboard.board import views
from crossboard.board.state import Actor
from crossboard.board.template import strategy_day
from crossboard.engine.base import Entry
from crossboard.hub.config import HubConfig
from crossboard.hub.core import (
    MOVE,
    NUMBERS,
    Append,
    Close,
    Deliver,
    Effect,
    Moves,
    Peer,
    Recheck,
    Reload,
    RoomCore,
    StartTimer,
    packed_move,
    volatile_interval,
)
from crossboard.hub.links import Credential, Links
from crossboard.protocol.codec import decode_client_frame, pack, unpack
from crossboard.protocol.codes import CloseCode, ErrorCode
from crossboard.protocol.frames import Cursor, Editing, OpFrame, Present, Resume

from ..support import cursor_moves

VECTORS = Path(__file__).resolve().parents[2] / "shared" / "vectors"


@dataclass
class Outlet:
    """A connection as the core sees it: what it was sent, decoded."""

    frames: list[dict[str, Any]] = field(default_factory=list)
    closed: bool = False

    def send(self, data: bytes, *, exempt: bool = False) -> None:
        self.frames.append(unpack(data))

    async def close(self, code: int, reason: str) -> None:
        raise AssertionError("the core never closes; it asks with a Close effect")

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [f for f in self.frames if f.get("type") == kind]


class Room:
    """The core and a hand-played log: what room.py does, minus the I/O."""

    def __init__(self, **config: Any) -> None:
        self.core = RoomCore("b1", HubConfig(**config), Links("s" * 32).credential)
        self.core.load(strategy_day("b1", "Day"), "epoch-1")
        self.core.finish_loading()
        self.log: list[Entry] = []
        self.closed: list[Close] = []
        self.timers: list[StartTimer] = []
        self.rechecks: list[Recheck] = []
        self._cids = iter(range(1, 10**6))

    def run(self, effects: list[Effect]) -> None:
        for e in effects:
            if isinstance(e, Deliver):
                for p in e.to:
                    p.outlet.send(e.data, exempt=e.exempt)
            elif isinstance(e, Append):
                entry = Entry(len(self.log) + 1, e.op, e.by, e.cid, 1_700_000_000_000)
                self.log.append(entry)
                self.run(self.core.appended(e.peer, e.cid, None))
                self.run(self.core.on_entry(entry, time.monotonic()))
            elif isinstance(e, Close):
                self.closed.append(e)
            elif isinstance(e, StartTimer):
                self.timers.append(e)
            elif isinstance(e, Recheck):
                self.rechecks.append(e)
                self.run(self.core.rechecked(e, None))

    def peer(
        self,
        name: str,
        role: str = "participant",
        department: str | None = "product",
        *,
        version: int = 1,
        link: str | None = None,
        resume: Resume | None = None,
        admitted: bool = True,
    ) -> Peer:
        actor = Actor(f"p-{name}", name, department, role)
        who = Credential("b1", actor.id, role, department, version, link or role, admitted)
        peer = Peer(Outlet(), actor, who, version)
        if self.core.must_wait(who, actor):
            self.run(self.core.wait(peer))
        else:
            self.run(self.core.join(peer, resume))
        return peer

    def op(self, peer: Peer, op: dict[str, Any]) -> str:
        cid = f"c{next(self._cids)}"
        frame = decode_client_frame(pack({"type": "op", "cid": cid, "op": op}))
        assert isinstance(frame, OpFrame)
        self.run(self.core.submit(peer, frame, time.monotonic()))
        return cid


def out(peer: Peer) -> Outlet:
    assert isinstance(peer.outlet, Outlet)
    return peer.outlet


def note(nid: str, text: str, block: str = "expectations") -> dict[str, Any]:
    return {"kind": "item.add", "id": nid, "block": block, "item": {"kind": "note", "text": text}}


def texts(frames: list[dict[str, Any]]) -> Iterator[str]:
    for f in frames:
        item = f.get("op", {}).get("item") or {}
        if "text" in item:
            yield item["text"]


def test_someone_who_left_within_the_tick_they_came_is_not_left_in_later_welcomes() -> None:
    """P1: Bea's welcome lists Ann; Ann leaves before the tick that would announce her:
    Bea hears she left (issue 20's coalescing lost it: Bea saw Ann online for good)."""
    room = Room()
    ann = room.peer("Ann")
    bea = room.peer("Bea")
    assert "p-Ann" in {p["id"] for p in out(bea).of("welcome")[0]["online"]}
    room.run(room.core.leave(ann))
    room.run(room.core.volatile_tick(({}, {}, None)))
    [presence] = out(bea).of("presence")
    assert [p["id"] for p in presence["joined"]] == ["p-Bea"]
    assert presence["left"] == ["p-Ann"]


def test_a_join_gets_the_board_and_the_others_see_them_arrive() -> None:
    """P1: the welcome carries the board; the people already here get a presence."""
    room = Room()
    fac = room.peer("Fay", "facilitator", None)
    ann = room.peer("Ann")
    welcome = out(ann).of("welcome")[0]
    assert welcome["board"]["id"] == "b1" and welcome["seq"] == 0
    assert {p["id"] for p in welcome["online"]} == {"p-Fay", "p-Ann"}
    room.run(room.core.volatile_tick(({}, {}, None)))
    assert [[p["id"] for p in f["joined"]] for f in out(fac).of("presence")] == [["p-Fay", "p-Ann"]]


def test_a_room_filling_up_gets_one_presence_frame_per_tick() -> None:
    """P1, issue 20's join storm: 50 arrivals within a tick reach the people already there
    as one presence frame, not 50 each; someone who came and went within the tick is not
    among the arrivals but is among the departures (the welcomes of those who came after
    them listed them); a departure after an announced arrival is announced."""
    room = Room()
    fac = room.peer("Fay", "facilitator", None)
    room.run(room.core.volatile_tick(({}, {}, None)))
    out(fac).frames.clear()
    people = [room.peer(f"P{i}") for i in range(50)]
    ghost = room.peer("Ghost")
    room.run(room.core.leave(ghost))
    assert out(fac).of("presence") == [], "no presence before the tick"
    assert [t.kind for t in room.timers].count("volatile") == 2  # one per tick, not per join
    room.run(room.core.volatile_tick(({}, {}, None)))
    [presence] = out(fac).of("presence")
    assert [p["id"] for p in presence["joined"]] == [f"p-P{i}" for i in range(50)]
    assert presence["left"] == ["p-Ghost"]
    room.run(room.core.leave(people[0]))
    room.run(room.core.volatile_tick(({}, {}, None)))
    assert out(fac).of("presence")[-1] == {"type": "presence", "joined": [], "left": ["p-P0"]}


def test_an_op_is_appended_then_delivered_to_everyone_once() -> None:
    room = Room()
    ann, bob = room.peer("Ann"), room.peer("Bob", department="sales")
    room.op(ann, note("n1", "hello"))
    assert len(room.log) == 1
    for p in (ann, bob):
        assert [f["seq"] for f in out(p).of("applied")] == [1]
    assert room.core.board.items["n1"]["text"] == "hello"


def test_a_resume_from_memory_carries_the_missed_ops_not_the_board() -> None:
    """A reconnect within the in-memory tail gets exactly the ops after its seq."""
    room = Room()
    ann = room.peer("Ann")
    for i in range(5):
        room.op(ann, note(f"n{i}", f"t{i}"))
    back = room.peer("Ann", resume=Resume(epoch="epoch-1", seq=2))
    welcome = out(back).of("welcome")[0]
    assert "board" not in welcome
    assert [f["seq"] for f in welcome["ops"]] == [3, 4, 5]


def test_a_resume_in_another_epoch_or_past_memory_gets_the_board() -> None:
    room = Room(recent_entries=2)
    ann = room.peer("Ann")
    for i in range(5):
        room.op(ann, note(f"n{i}", f"t{i}"))
    other = room.peer("Ann", resume=Resume(epoch="old", seq=2))
    assert "board" in out(other).of("welcome")[0]
    # Older than memory: the room must read the engine first; without those entries it
    # sends the board, with them the stitched ops.
    resume = Resume(epoch="epoch-1", seq=1)
    assert room.core.older_needed(resume) == 1
    blind = Peer(Outlet(), other.actor, other.credential, 1)
    room.run(room.core.join(blind, resume, None))
    assert "board" in out(blind).of("welcome")[0]
    read = Peer(Outlet(), other.actor, other.credential, 1)
    room.run(room.core.join(read, resume, room.log[1:3]))
    assert [f["seq"] for f in out(read).of("welcome")[0]["ops"]] == [2, 3, 4, 5]


def test_private_writing_reaches_each_audience_in_its_own_version() -> None:
    """A3: in a department-private block, another department gets a placeholder with no
    text, the author's department and the facilitator the note; each version is packed
    once (one delivery per audience, not per person)."""
    room = Room()
    fac = room.peer("Fay", "facilitator", None)
    ann, amy = room.peer("Ann"), room.peer("Amy")
    bob, ben = room.peer("Bob", department="sales"), room.peer("Ben", department="sales")
    room.op(fac, {"kind": "block.private", "id": "expectations", "mode": "department"})
    deliveries: list[Deliver] = []
    frame = decode_client_frame(pack({"type": "op", "cid": "x", "op": note("n1", "SECRET-plan")}))
    assert isinstance(frame, OpFrame)
    [append] = room.core.submit(ann, frame, time.monotonic())
    assert isinstance(append, Append)
    entry = Entry(2, append.op, append.by, "x", 0)
    room.core.appended(ann, "x", None)
    effects = room.core.on_entry(entry, time.monotonic())
    deliveries = [e for e in effects if isinstance(e, Deliver)]
    room.run(effects)
    assert len(deliveries) <= 3  # product, sales, facilitator
    for p in (ann, amy, fac):
        assert "SECRET-plan" in set(texts(out(p).of("applied")))
    for p in (bob, ben):
        assert "SECRET" not in str(out(p).frames)
        assert out(p).of("applied")[-1]["seq"] == 2  # a placeholder keeps the seq whole
    # And a resume across it gives the other department the redacted board, not the op.
    back = room.peer("Bob", department="sales", resume=Resume(epoch="epoch-1", seq=1))
    assert "SECRET" not in str(out(back).frames)
    assert "board" in out(back).of("welcome")[0]


def test_a_replaced_link_closes_exactly_the_connections_that_came_by_it() -> None:
    """A5: rotating the participant link closes participants on the old version with
    4010-style LINK_ROTATED; the facilitator and the screen stay."""
    room = Room()
    fac = room.peer("Fay", "facilitator", None)
    ann = room.peer("Ann")
    screen = room.peer("Wall", "screen", None)
    room.op(fac, {"kind": "link.rotate", "role": "participant"})
    assert [(c.peer, c.code) for c in room.closed] == [(ann, CloseCode.LINK_ROTATED)]
    assert screen not in [c.peer for c in room.closed]
    # Someone who joined by the new link stays on the next op.
    room.closed.clear()
    room.peer("New", version=2)
    room.op(fac, note("n1", "x"))
    assert room.closed == []


def test_a_forbidden_op_is_refused_before_the_log_and_changes_nothing() -> None:
    """A participant writing in a locked block: refused with `locked`, nothing is
    appended, nobody else hears of it."""
    room = Room()
    fac = room.peer("Fay", "facilitator", None)
    ann, bob = room.peer("Ann"), room.peer("Bob", department="sales")
    room.op(fac, {"kind": "block.lock", "id": "expectations", "locked": True})
    before = len(room.log)
    cid = room.op(ann, note("n1", "late"))
    assert len(room.log) == before
    [refusal] = out(ann).of("rejected")
    assert refusal["cid"] == cid and refusal["code"] == ErrorCode.LOCKED
    assert out(bob).of("rejected") == [] and "n1" not in room.core.board.items


def test_an_op_invalid_at_its_turn_is_a_no_op_only_its_author_hears_of() -> None:
    """R1: two removals of one note race past the pre-check; the second is sequenced, fails
    at its turn, and only its author gets `rejected` with its seq."""
    room = Room()
    ann, bob = room.peer("Ann"), room.peer("Bob", department="sales")
    room.op(ann, note("n1", "x"))
    frame = decode_client_frame(
        pack({"type": "op", "cid": "r2", "op": {"kind": "item.remove", "id": "n1"}})
    )
    assert isinstance(frame, OpFrame)
    first = room.core.submit(ann, frame, 0.0)
    second = room.core.submit(ann, frame.model_copy(update={"cid": "r3"}), 0.0)
    room.run(first)
    room.run(second)
    rejected = out(ann).of("rejected")
    assert [(r["cid"], r["seq"]) for r in rejected] == [("r3", 3)]
    assert out(bob).of("rejected") == []
    assert room.core.board.seq == 3


def test_a_resent_op_is_answered_with_its_original_seq() -> None:
    room = Room()
    ann = room.peer("Ann")
    room.op(ann, note("n1", "x"))
    original = room.log[0]
    ann.in_flight += 1  # as if the re-send was handed to the engine
    room.run(room.core.appended(ann, original.cid or "", original))
    assert [f["seq"] for f in out(ann).of("applied")] == [1, 1]
    assert ann.in_flight == 0


def test_the_lobby_holds_a_participant_until_let_in() -> None:
    """I5: with the lobby on, a new participant gets `waiting` and nothing of the board;
    the facilitator sees them waiting; admitting them sends the welcome."""
    room = Room()
    fac = room.peer("Fay", "facilitator", None)
    room.op(fac, {"kind": "board.settings", "lobby": True})
    ann = room.peer("Ann", admitted=False)
    assert out(ann).of("waiting") and not out(ann).of("welcome")
    assert out(fac).of("lobby")[-1]["waiting"][0]["id"] == "p-Ann"
    room.op(fac, note("n1", "x"))
    assert out(ann).of("applied") == []
    room.op(fac, {"kind": "participant.admit", "id": "p-Ann"})
    assert out(ann).of("welcome") and ann.joined and ann.credential.admitted
    assert out(fac).of("lobby")[-1]["waiting"] == []


def test_an_entry_past_a_hole_reloads_the_room_instead_of_guessing() -> None:
    """The engine delivers in order with no gaps; if that ever breaks, the room reloads."""
    room = Room()
    entry = Entry(
        5,
        note("n1", "x"),
        {"id": "p", "name": "P", "department": None, "role": "facilitator"},
        None,
        0,
    )
    assert room.core.on_entry(entry, 0.0) == [Reload()]
    assert room.core.board.seq == 0


def test_ballots_wait_for_the_tick() -> None:
    """E7: a ballot starts the exercise timer once; the frame comes from the tick."""
    room = Room()
    fac = room.peer("Fay", "facilitator", None)
    ann = room.peer("Ann")
    room.op(fac, {"kind": "vote.start", "id": "v1", "block": "expectations", "live": True})
    ops_before = len(out(ann).of("exercise"))
    room.op(fac, note("n1", "x"))
    room.op(ann, {"kind": "vote.cast", "vote": "v1", "item": "n1"})
    room.op(ann, {"kind": "vote.cast", "vote": "v1", "item": "n1"})
    assert [t.kind for t in room.timers].count("exercise") == 1
    assert len(out(ann).of("exercise")) == ops_before
    room.run(room.core.exercise_tick())
    assert len(out(ann).of("exercise")) == ops_before + 1


def test_a_restored_note_keeps_its_authors_department_in_others_placeholders() -> None:
    """A3: the facilitator restores Ann's removed note in a department-private block; the
    sales department's placeholder is counted under product (Ann's), as their next welcome
    says, not under the facilitator's none."""
    room = Room()
    fac = room.peer("Fay", "facilitator", None)
    ann, bob = room.peer("Ann"), room.peer("Bob", department="sales")
    room.op(fac, {"kind": "block.private", "id": "expectations", "mode": "department"})
    room.op(ann, note("n1", "mine"))
    room.op(ann, {"kind": "item.remove", "id": "n1"})
    room.op(fac, {**note("n1", "mine"), "author": "p-Ann"})
    restore = out(bob).of("applied")[-1]["op"]
    assert restore["item"] == {"kind": "hidden", "author_department": "product"}
    assert "mine" not in str(out(bob).frames)


def test_removing_a_hidden_goal_node_takes_its_hidden_children_out_of_every_replica() -> None:
    """A3: in a goal tree private by department, Ann removes her root node with two child
    nodes under it. Sales holds all three as placeholders, which have no parent to follow:
    the removal names the children too, so sales' replica keeps no ghost placeholders."""
    room = Room()
    fac = room.peer("Fay", "facilitator", None)
    ann, bob = room.peer("Ann"), room.peer("Bob", department="sales")
    room.op(fac, {"kind": "block.private", "id": "goals", "mode": "department"})
    goal = {"kind": "goal", "title": "root"}
    room.op(ann, {"kind": "item.add", "id": "g1", "block": "goals", "item": goal})
    for child in ("g2", "g3"):
        body = {"kind": "goal", "title": child, "parent": "g1"}
        room.op(ann, {"kind": "item.add", "id": child, "block": "goals", "item": body})
    room.op(ann, {"kind": "item.remove", "id": "g1"})
    for p in (ann, bob):
        removal = out(p).of("applied")[-1]["op"]
        assert removal["kind"] == "item.remove" and removal["subtree"] == ["g2", "g3"]
    assert not {"g1", "g2", "g3"} & room.core.board.items.keys()


def test_an_arrival_renamed_within_its_tick_is_announced_under_the_new_name() -> None:
    """P1, A6: the coalesced presence names people as they are at the tick, so a rename
    right after joining is not undone by the arrival's announcement."""
    room = Room()
    fac = room.peer("Fay", "facilitator", None)
    ann = room.peer("Ann")
    room.op(fac, {"kind": "participant.update", "id": "p-Ann", "name": "Ann K."})
    room.run(room.core.volatile_tick(({}, {}, None)))
    last = out(ann).of("presence")[-1]
    assert [p["name"] for p in last["joined"] if p["id"] == "p-Ann"] == ["Ann K."]


# Compact cursors (P1 numbers, P2 `cursors.at`, issue 20).


def move(room: Room, peer: Peer, x: float, y: float) -> None:
    frame = decode_client_frame(pack({"type": "cursor", "x": x, "y": y}))
    assert isinstance(frame, Cursor)
    room.run(room.core.volatile(peer, frame))


def number(peer: Peer, pid: str) -> int:
    """The number `peer` last heard for `pid` (its welcome, then presence frames)."""
    found = None
    for f in out(peer).frames:
        people = [f["you"], *f["online"]] if f["type"] == "welcome" else f.get("joined", [])
        if f["type"] in ("welcome", "presence"):
            found = next((p["n"] for p in people if p["id"] == pid), found)
    assert isinstance(found, int), f"{pid} has no number"
    return found


def tick(room: Room, moves: Moves | None = None) -> None:
    room.run(room.core.volatile_tick((moves or {}, {}, None)))


def test_each_person_online_has_a_number_shared_by_their_tabs_and_never_reused() -> None:
    """P1: `you`, `online` and `presence.joined` carry `n`; a second tab has the first's; a
    newcomer after a leaver gets a new number; the leaver back gets theirs again."""
    room = Room()
    ann = room.peer("Ann")
    bea = room.peer("Bea")
    ann2 = room.peer("Ann")
    tick(room)
    assert number(ann, "p-Ann") == number(ann2, "p-Ann") == number(bea, "p-Ann")
    assert number(ann, "p-Bea") == number(bea, "p-Bea") != number(ann, "p-Ann")
    Present.model_validate(out(bea).of("welcome")[0]["you"])
    for p in out(ann2).of("welcome")[0]["online"]:
        Present.model_validate(p)
    room.run(room.core.leave(bea))
    tick(room)
    cy = room.peer("Cy")
    assert number(cy, "p-Cy") not in {number(ann, "p-Ann"), number(ann, "p-Bea")}
    bea = room.peer("Bea")
    assert number(bea, "p-Bea") == number(ann, "p-Bea")


def test_a_renamed_person_keeps_their_number_in_presence_and_later_welcomes() -> None:
    """P1, A6: the rename's presence and the next welcome's `online` list the new name with
    the same number (the packed online entry is rebuilt with it)."""
    room = Room()
    fac = room.peer("Fay", "facilitator", None)
    ann = room.peer("Ann")
    tick(room)
    n = number(fac, "p-Ann")
    room.op(fac, {"kind": "participant.update", "id": "p-Ann", "name": "Ann K."})
    renamed = out(fac).of("presence")[-1]["joined"]
    assert [(p["name"], p["n"]) for p in renamed] == [("Ann K.", n)]
    late = room.peer("Late")
    online = {p["id"]: p for p in out(late).of("welcome")[0]["online"]}
    assert (online["p-Ann"]["name"], online["p-Ann"]["n"]) == ("Ann K.", n)
    assert number(ann, "p-Ann") == n


def test_a_cursors_frame_packs_6_bytes_per_moved_cursor_and_only_the_moved() -> None:
    """P2: `at` holds each cursor moved since the last tick, 6 bytes each (uint16 n, int16
    x, int16 y), rounded and clamped; a tick where nobody moved sends no `at`, and a tick
    with no change at all sends no frame."""
    room = Room()
    ann, bea, cy = room.peer("Ann"), room.peer("Bea"), room.peer("Cy")
    tick(room)
    move(room, ann, 10.4, -20.6)
    move(room, ann, 12.4, -22.6)  # latest wins
    move(room, bea, 99_999.0, -99_999.0)
    tick(room)
    [frame] = out(cy).of("cursors")
    assert list(frame) == ["type", "at", "editing"]
    assert len(frame["at"]) == 2 * 6
    assert cursor_moves(frame) == {
        number(cy, "p-Ann"): (12, -23),
        number(cy, "p-Bea"): (32767, -32768),
    }
    move(room, bea, -5.0, 7.0)
    tick(room)
    assert cursor_moves(out(cy).of("cursors")[-1]) == {number(cy, "p-Bea"): (-5, 7)}
    room.run(room.core.volatile(cy, Editing(type="editing", item="n-1")))
    tick(room)
    assert out(ann).of("cursors")[-1] == {"type": "cursors", "editing": {"p-Cy": "n-1"}}
    sent = len(out(ann).frames)
    tick(room)
    assert len(out(ann).frames) == sent


def test_moves_from_another_hub_go_out_under_their_numbers_here() -> None:
    """P2, P3: the relay names people by id; this hub sends their moves under the numbers it
    gave them (announced in the presence that lists them). A move of someone not listed
    here (not yet announced, or gone) is skipped."""
    room = Room()
    ann = room.peer("Ann")
    tick(room)
    zed = {"id": "p-Zed", "name": "Zed", "department": "sales", "role": "participant"}
    room.run(room.core.remote_presence({"p-Zed": zed}))
    [joined] = out(ann).of("presence")[-1]["joined"]
    assert joined == {**zed, "n": joined["n"]} and joined["n"] != number(ann, "p-Ann")
    late = room.peer("Late")
    assert number(late, "p-Zed") == joined["n"], "the welcome's packed online entry has it"
    tick(room, {"p-Zed": (1.4, -2.6), "p-Nobody": (5.0, 5.0)})
    assert cursor_moves(out(ann).of("cursors")[-1]) == {joined["n"]: (1, -3)}
    room.run(room.core.remote_presence({}))
    tick(room, {"p-Zed": (8.0, 8.0)})
    assert len(out(ann).of("cursors")) == 1, "a gone person's late move is not sent"


def test_packed_moves_match_the_shared_vector() -> None:
    """P2, V1: the hub's 6-byte moves are the layout the JS client decodes
    (shared/vectors/cursors.json, written from the spec, not from this code)."""
    vector = json.loads((VECTORS / "cursors.json").read_text("utf-8"))
    at = b"".join(packed_move(n, float(x), float(y)) for n, x, y in vector["moves"])
    assert at.hex() == vector["at_hex"]
    frame = {"type": "cursors", "at": at, "editing": vector["editing"]}
    assert pack(frame).hex() == vector["frame_hex"]
    assert packed_move(7, 2.5, -0.5) == MOVE.pack(7, 2, 0)  # halves to even
    assert packed_move(7, float("inf"), float("-inf")) == MOVE.pack(7, 32767, -32768)


def test_the_cursor_rate_drops_with_the_room_size_past_500() -> None:
    """P2, issue 20: a tick every 50 ms up to 500 people connected here, then in proportion
    to the room (1,000 people: 100 ms, 10 Hz), so cursor bytes grow with N, not N²."""
    assert volatile_interval(0.05, 1, 500) == 0.05
    assert volatile_interval(0.05, 500, 500) == 0.05
    assert volatile_interval(0.05, 1000, 500) == 0.1
    assert volatile_interval(0.05, 750, 500) == 0.075
    assert volatile_interval(0.05, 10_000, 0) == 0.05  # 0: never stretched
    assert HubConfig().volatile_full_rate == 500
    room = Room(volatile_full_rate=2)
    ann = room.peer("Ann")
    for name in ("Bea", "Cy", "Dan"):
        room.peer(name)
    delays = [t.delay for t in room.timers if t.kind == "volatile"]
    assert delays == [0.05], "the first arrival's tick, one person here"
    tick(room)
    move(room, ann, 1.0, 1.0)
    assert room.timers[-1].kind == "volatile" and room.timers[-1].delay == 0.1  # 4 here


def test_numbers_given_out_past_65535_reuse_only_those_of_people_gone() -> None:
    """P1: after 65,536 numbers in one room's life, a newcomer takes the number of someone
    listed nowhere now, never one of someone online."""
    room = Room()
    ann = room.peer("Ann")
    bea = room.peer("Bea")
    tick(room)
    room.run(room.core.leave(bea))
    tick(room)
    room.core._next_number = NUMBERS - 1  # a long day of comings and goings, shortened
    cy = room.peer("Cy")
    assert number(cy, "p-Cy") == NUMBERS - 1
    dan = room.peer("Dan")
    assert number(dan, "p-Dan") == number(ann, "p-Bea") != number(dan, "p-Ann")


def test_a_room_joining_at_once_shares_one_packed_board_and_never_a_stale_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 20's join storm: the board in a welcome is built and packed once per audience
    while nothing changes (30 arrivals: one participants' board, one facilitator's); an op
    in between is in every later welcome; a voter's welcome carries their own dots and a
    non-voter's does not; with private writing on, each department sees its own (A3)."""
    built: list[str] = []
    board_for = views.board_for

    def counting(board: Any, viewer: Any, shown: Any = None) -> dict[str, Any]:
        built.append(viewer.id)
        return board_for(board, viewer, shown)

    monkeypatch.setattr(views, "board_for", counting)
    room = Room()
    fac = room.peer("Fay", "facilitator", None)
    people = [room.peer(f"P{i}") for i in range(30)]
    assert len(built) == 2, "one board for the facilitator, one for the 30"
    room.op(fac, note("n1", "after the first thirty"))
    late = room.peer("Late")
    assert "after the first thirty" in str(out(late).of("welcome")[0]["board"])
    room.op(fac, {"kind": "vote.start", "id": "v1", "block": "expectations", "live": True})
    room.op(people[0], {"kind": "vote.cast", "vote": "v1", "item": "n1"})
    room.run(room.core.exercise_tick())
    voter = room.peer("P0")
    other = room.peer("Other")
    mine = [out(p).of("welcome")[-1]["board"]["votes"]["v1"]["mine"] for p in (voter, other)]
    assert mine[0]["dots"] == {"n1": 1} and mine[1]["dots"] == {}
    room.op(fac, {"kind": "block.private", "id": "expectations", "mode": "department"})
    room.op(people[1], note("n2", "PRODUCT-ONLY"))
    sales = room.peer("Sam", department="sales")
    product = room.peer("Pia")
    assert "PRODUCT-ONLY" not in str(out(sales).frames)
    assert "PRODUCT-ONLY" in str(out(product).of("welcome")[0]["board"])
