"""The shared vectors in `shared/vectors/`, which the JS client checks too.

V1: golden msgpack frames (`frames.json`). V2: op sequences with the board they must
produce (`ops/*.json`). Regenerate with `shared/vectors/make_frames.py` / `make_ops.py`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import TypeAdapter

from crossboard.board.reducer import apply
from crossboard.board.state import Actor, Board
from crossboard.protocol.codec import decode_client_frame, decode_op, pack, unpack
from crossboard.protocol.codes import ErrorCode
from crossboard.protocol.frames import CLIENT_FRAME_TYPES, OpFrame, ServerFrame
from crossboard.protocol.ops import OP_KINDS, op_to_wire

VECTORS = Path(__file__).resolve().parents[2] / "shared" / "vectors"
FRAMES: list[dict[str, Any]] = json.loads((VECTORS / "frames.json").read_text("utf-8"))
OP_FILES = sorted((VECTORS / "ops").glob("*.json"))
RULE_IDS = (
    {f"F{n}" for n in range(1, 5)}
    | {"O1"}
    | {f"R{n}" for n in range(1, 15)}
    | {f"A{n}" for n in range(1, 10)}
    | {f"I{n}" for n in range(1, 9)}
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
    """V2: from `board`, each step has its stated outcome at its seq, and the final board
    equals `expected`."""
    vector = load(path)
    board = Board.from_wire(vector["board"])
    assert board.to_wire() == vector["board"]
    for step in vector["steps"]:
        assert step["seq"] == board.seq + 1, "seqs are consecutive"
        _, outcome = apply(board, decode_op(step["op"]), Actor.from_wire(step["by"]), step["seq"])
        got = "ok" if outcome.ok else str(outcome.code)
        assert got == step["outcome"], f"seq {step['seq']}: {outcome.message}"
    assert board.to_wire() == vector["expected"]


@pytest.mark.parametrize("path", OP_FILES, ids=lambda p: p.stem)
def test_op_vector_ops_are_in_canonical_wire_form(path: Path) -> None:
    """V2: each stored op is what op_to_wire would log, so the JS store sees log-form ops."""
    for step in load(path)["steps"]:
        assert same(op_to_wire(decode_op(step["op"])), step["op"], key_order=False)
        assert step["outcome"] == "ok" or step["outcome"] in set(ErrorCode)
