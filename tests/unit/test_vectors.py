"""The shared vectors in `shared/vectors/`, which the JS client checks too.

V1: golden msgpack frames (`frames.json`). V2: op sequences with the board they must
produce (`ops/*.json`), every op kind among them, and for some the stream of frames one
participant gets of the same session (A3, E1, E7). Regenerate with
`shared/vectors/make_frames.py` / `make_ops.py`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import TypeAdapter

from crossboard.board import views
from crossboard.board.reducer import apply
from crossboard.board.state import Actor, Board
from crossboard.engine.base import Entry
from crossboard.hub.listen import ListeningRoom
from crossboard.protocol.codec import decode_client_frame, decode_op, pack, unpack
from crossboard.protocol.codes import ErrorCode
from crossboard.protocol.frames import CLIENT_FRAME_TYPES, OpFrame, ServerFrame
from crossboard.protocol.ops import (
    EXERCISE_KINDS,
    OP_KINDS,
    op_to_wire,
)

VECTORS = Path(__file__).resolve().parents[2] / "shared" / "vectors"
FRAMES: list[dict[str, Any]] = json.loads((VECTORS / "frames.json").read_text("utf-8"))
OP_FILES = sorted((VECTORS / "ops").glob("*.json"))
RULE_IDS = (
    {f"F{n}" for n in range(1, 5)}
    | {"O1"}
    | {f"R{n}" for n in range(1, 15)}
    | {f"A{n}" for n in range(1, 10)}
    | {f"I{n}" for n in range(1, 9)}
    | {f"E{n}" for n in range(1, 9)}
)
SERVER_FRAME_TYPES = {
    get_args(model.model_fields["type"].annotation)[0]
    for model in get_args(get_args(ServerFrame)[0])
}
server_frames: TypeAdapter[Any] = TypeAdapter(ServerFrame)


def same(a: Any, b: Any, *, key_order: bool = True) -> bool:
    """Equal, and of the same JSON types all the way down (1, 1.0 and True differ); with
    `key_order`, maps also list their keys in the same order (msgpack keeps it)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        keys_match = list(a) == list(b) if key_order else set(a) == set(b)
        return keys_match and all(same(a[k], b[k], key_order=key_order) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(
            same(x, y, key_order=key_order) for x, y in zip(a, b, strict=True)
        )
    return bool(a == b)


# V1: frames.


def test_frame_vectors_cover_every_frame_and_op_kind() -> None:
    """V1: every client and server frame type, every op kind, both hello and welcome forms."""
    names = [v["name"] for v in FRAMES]
    assert len(names) == len(set(names)), "vector names are unique"
    types = {v["frame"]["type"] for v in FRAMES}
    assert types >= set(CLIENT_FRAME_TYPES) | SERVER_FRAME_TYPES
    op_kinds = {v["frame"]["op"]["kind"] for v in FRAMES if v["frame"]["type"] == "op"}
    assert op_kinds == set(OP_KINDS)
    hellos = [v["frame"] for v in FRAMES if v["frame"]["type"] == "hello"]
    assert any("resume" in f for f in hellos) and any("resume" not in f for f in hellos)
    welcomes = [v["frame"] for v in FRAMES if v["frame"]["type"] == "welcome"]
    assert any("board" in f for f in welcomes) and any("ops" in f for f in welcomes)


@pytest.mark.parametrize("vector", FRAMES, ids=lambda v: v["name"])
def test_frame_vector_packs_to_its_bytes_and_back(vector: dict[str, Any]) -> None:
    """V1: pack(frame) gives exactly the golden bytes; the bytes unpack to the frame with
    the same types and key order."""
    data = bytes.fromhex(vector["msgpack_hex"])
    assert pack(vector["frame"]) == data
    assert same(unpack(data), vector["frame"])


@pytest.mark.parametrize(
    "vector",
    [v for v in FRAMES if v["frame"]["type"] in CLIENT_FRAME_TYPES],
    ids=lambda v: v["name"],
)
def test_client_frame_vector_decodes(vector: dict[str, Any]) -> None:
    """V1, F1-F3: each client vector is a valid frame and decodes losslessly."""
    frame = decode_client_frame(bytes.fromhex(vector["msgpack_hex"]))
    assert frame.type == vector["frame"]["type"]
    assert same(frame.model_dump(exclude_unset=True), vector["frame"], key_order=False)
    if isinstance(frame, OpFrame):
        assert decode_op(op_to_wire(frame.op)) == frame.op


@pytest.mark.parametrize(
    "vector",
    [v for v in FRAMES if v["frame"]["type"] not in CLIENT_FRAME_TYPES],
    ids=lambda v: v["name"],
)
def test_server_frame_vector_matches_its_model(vector: dict[str, Any]) -> None:
    """V1: each server vector is a valid server frame; ops and boards in it are valid too."""
    frame = vector["frame"]
    server_frames.validate_json(json.dumps(frame))  # JSON mode: arrays for tuple fields
    applied = frame.get("ops") or ([frame] if frame["type"] == "applied" else [])
    for entry in applied:
        if "exercise" not in entry and entry["by"] is not None:  # E1, E7: others see a
            decode_op(entry["op"])  # vote.cast / poll.answer reduced, with no author
    if frame.get("board") is not None:
        assert Board.from_wire(frame["board"]).to_wire() == frame["board"]
    if frame["type"] in ("error", "rejected"):
        assert frame["code"] in set(ErrorCode)


# V2: op sequences.


def load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text("utf-8")))


def test_op_vectors_exist_and_name_known_rules() -> None:
    """V2: there are op vectors, each names the rules it encodes, and every board rule
    (R1-R14) has at least one vector."""
    assert len(OP_FILES) >= 10
    covered: set[str] = set()
    for path in OP_FILES:
        vector = load(path)
        assert vector["name"] == path.stem
        assert vector["description"]
        assert set(vector["rules"]) <= RULE_IDS, path.name
        covered |= set(vector["rules"])
    assert covered >= {f"R{n}" for n in range(1, 15)}


@pytest.mark.parametrize("path", OP_FILES, ids=lambda p: p.stem)
def test_op_vector_replays_to_expected_board(path: Path) -> None:
    """V2: from `board`, each step has its stated outcome at its seq (sequenced at its `ts`),
    and the final board equals `expected`."""
    vector = load(path)
    board = Board.from_wire(vector["board"])
    assert board.to_wire() == vector["board"]
    for step in vector["steps"]:
        assert step["seq"] == board.seq + 1, "seqs are consecutive"
        op, by, ts = decode_op(step["op"]), Actor.from_wire(step["by"]), step.get("ts", 0)
        _, outcome = apply(board, op, by, step["seq"], ts)
        got = "ok" if outcome.ok else str(outcome.code)
        assert got == step["outcome"], f"seq {step['seq']}: {outcome.message}"
    assert board.to_wire() == vector["expected"]


@pytest.mark.parametrize("path", OP_FILES, ids=lambda p: p.stem)
def test_op_vector_ops_are_in_canonical_wire_form(path: Path) -> None:
    """V2: each stored op is what op_to_wire would log, so the JS store sees log-form ops."""
    for step in load(path)["steps"]:
        assert same(op_to_wire(decode_op(step["op"])), step["op"], key_order=False)
        assert step["outcome"] == "ok" or step["outcome"] in set(ErrorCode)


def test_op_vectors_cover_every_op_kind() -> None:
    """V2: every op kind the protocol defines is applied in some vector, and reaches the JS
    reducer too: in the steps of a vector without exercise ops (it replays those), or as an
    op of an audience stream it can judge (sent whole, with its author)."""
    applied: set[str] = set()
    for_js: set[str] = set()
    for path in OP_FILES:
        vector = load(path)
        kinds = {step["op"]["kind"] for step in vector["steps"]}
        applied |= {s["op"]["kind"] for s in vector["steps"] if s["outcome"] == "ok"}
        if not kinds & EXERCISE_KINDS:
            for_js |= kinds
        for frame in vector.get("audience", {}).get("frames", []):
            if frame["type"] == "applied" and frame["by"] is not None:
                for_js.add(frame["op"]["kind"])
    assert set(OP_KINDS) - applied == set(), "op kinds no vector applies"
    assert set(OP_KINDS) - for_js == set(), "op kinds the JS reducer never runs"


def test_audience_streams_hold_every_redaction() -> None:
    """V2, A3, E1, E7: the audience streams hold each form a redacted frame takes: a
    placeholder add, `{kind: "hidden"}`, the removal of a placeholder, a block.private
    frame's items with a placeholder among them, someone else's ballot without author, an
    `exercise` part, a tick's `exercise` frame."""
    seen: set[str] = set()
    for path in OP_FILES:
        audience = load(path).get("audience")
        if audience is None:
            continue
        hidden: set[str] = set()
        for frame in audience["frames"]:
            if frame["type"] == "exercise":
                seen.add("tick")
                continue
            op = frame["op"]
            if op["kind"] == "item.add" and op["item"]["kind"] == "hidden":
                seen.add("placeholder add")
                hidden.add(op["id"])
            if op["kind"] == "hidden":
                seen.add("hidden op")
            if op["kind"] == "item.remove" and op["id"] in hidden:
                seen.add("placeholder removed")
            if any(it["kind"] == "hidden" for it in frame.get("items", [])):
                seen.add("private block items")
                hidden |= {it["id"] for it in frame["items"] if it["kind"] == "hidden"}
            if frame["by"] is None:
                seen.add("anonymous ballot")
            if "exercise" in frame:
                seen.add("exercise part")
    assert seen == {
        "placeholder add",
        "hidden op",
        "placeholder removed",
        "private block items",
        "anonymous ballot",
        "exercise part",
        "tick",
    }


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value))


class Room:
    """One receiver joined to the hub's own room core (hub/listen.py): the frames it gets
    for each step and tick are the ones the hub would send it."""

    def __init__(self, board: Board, viewer: Actor) -> None:
        self.room = ListeningRoom(board)
        self.viewer = viewer
        self.peer, _ = self.room.seat(viewer)

    @property
    def board(self) -> Board:
        return self.room.core.board

    def welcome(self) -> Any:
        """What the receiver's next welcome carries (a reconnect's)."""
        return as_json(views.board_for(self.board, self.peer.actor, self.room.core.shown))

    def _mine(self, got: list[tuple[Any, dict[str, Any], bytes]], kind: str) -> Any:
        frames = [f for p, f, _ in got if p is self.peer and f["type"] == kind]
        assert len(frames) == 1, f"{len(frames)} {kind} frames for the receiver"
        return as_json(frames[0])

    def applied(self, step: dict[str, Any]) -> Any:
        seq, by = step["seq"], step["by"]
        cid = f"{by['id']}-{seq}"  # the vectors' cids
        entry = Entry(seq, step["op"], by, cid, step.get("ts", 0))
        return self._mine(self.room.entry(entry), "applied")

    def tick(self) -> Any:
        return self._mine(self.room.tick(), "exercise")


AUDIENCE_FILES = [path for path in OP_FILES if "audience" in load(path)]


@pytest.mark.parametrize("path", AUDIENCE_FILES, ids=lambda p: p.stem)
def test_op_vector_audience_gets_what_the_hub_sends(path: Path) -> None:
    """V2, A3, E1, E7: the audience's welcome board, every frame of its stream (one
    `applied` per step, in seq order, and the ticks' `exercise` frames where the stream has
    them) and its final board are what the hub's views give that receiver for the steps."""
    vector = load(path)
    audience = vector["audience"]
    room = Room(Board.from_wire(vector["board"]), Actor.from_wire(audience["viewer"]))
    assert room.welcome() == audience["board"]
    steps = iter(vector["steps"])
    for frame in audience["frames"]:
        if frame["type"] == "exercise":
            assert room.tick() == frame
        else:
            step = next(steps)
            assert room.applied(step) == frame, f"seq {step['seq']}"
    assert next(steps, None) is None, "a step the audience got no frame of"
    assert room.board.to_wire() == vector["expected"]
    assert room.welcome() == audience["expected"]
