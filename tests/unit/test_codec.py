"""The boundary: raw websocket messages -> validated frames, or the error code the client gets.

Rule ids: F1-F3 (frames), O1 (ops) of `shared/PROTOCOL.md`.
"""

from __future__ import annotations

import math
from typing import Any

import msgpack
import pytest

from crossboard.protocol.codec import FrameError, decode_client_frame, decode_op, pack, unpack
from crossboard.protocol.codes import ErrorCode
from crossboard.protocol.frames import Hello, OpFrame, Ping
from crossboard.protocol.limits import MAX_ID, MAX_TEXT, MAX_TITLE, PROTOCOL_VERSION
from crossboard.protocol.ops import ItemAdd, ItemMove, ItemUpdate, NoteBody, op_to_wire

HELLO = {
    "type": "hello",
    "protocol": PROTOCOL_VERSION,
    "board": "b-1",
    "token": "tok",
    "name": "Ana",
}


def op_frame(op: dict[str, Any], cid: Any = "c-1") -> bytes:
    return pack({"type": "op", "cid": cid, "op": op})


def refusal(data: bytes | str) -> FrameError:
    with pytest.raises(FrameError) as caught:
        decode_client_frame(data)
    assert caught.value.message, "every refusal says why"
    return caught.value


# F1: not a binary msgpack map -> malformed.


def test_text_frame_is_malformed() -> None:
    """F1: frames are binary; a text message is malformed even if it looks like a frame."""
    err = refusal('{"type": "ping"}')
    assert (err.code, err.cid) == (ErrorCode.MALFORMED, None)


@pytest.mark.parametrize(
    "data",
    [b"", b"\xc1", b"\x85", b"\x82\xa4type", b"\xa4ping\xa4pong", b"GET / HTTP/1.1\r\n"],
    ids=["empty", "reserved-byte", "truncated-map", "truncated-value", "trailing-data", "http"],
)
def test_bytes_that_are_not_one_msgpack_value_are_malformed(data: bytes) -> None:
    """F1: bytes that do not decode to exactly one msgpack value."""
    assert refusal(data).code == ErrorCode.MALFORMED


@pytest.mark.parametrize("value", [[{"type": "ping"}], "ping", 7, None, True, b"\x81"], ids=repr)
def test_msgpack_value_that_is_not_a_map_is_malformed(value: Any) -> None:
    """F1: a frame is a msgpack map."""
    assert refusal(pack(value)).code == ErrorCode.MALFORMED


def test_map_with_non_string_keys_is_malformed() -> None:
    """F1: map keys are strings; an integer key is refused while decoding."""
    assert refusal(msgpack.packb({1: "ping"})).code == ErrorCode.MALFORMED


def test_invalid_utf8_string_is_malformed() -> None:
    """F1: strings must be UTF-8 (a str8 whose bytes are not)."""
    data = b"\x81\xa4type\xa4\xff\xfe\xfd\xfc"
    assert refusal(data).code == ErrorCode.MALFORMED


def test_deeply_nested_value_is_malformed_not_a_crash() -> None:
    """F1: nesting deeper than the decoder's stack is refused as malformed (no recursion
    error, no crash)."""
    data = b"\x82\xa4type\xa4ping\xa1x" + b"\x91" * 100_000 + b"\xc0"
    assert refusal(data).code == ErrorCode.MALFORMED


def test_moderate_nesting_is_checked_as_a_field() -> None:
    """F3: nesting the decoder can hold reaches validation, which refuses the extra field."""
    data = b"\x82\xa4type\xa4ping\xa1x" + b"\x91" * 500 + b"\xc0"
    assert refusal(data).code == ErrorCode.INVALID_FRAME


def test_unpack_limits_sizes() -> None:
    """F1: the decoder refuses strings longer than a frame could carry (no huge allocations
    from a lying length prefix)."""
    lying = b"\xdb\xff\xff\xff\xff" + b"x" * 10
    with pytest.raises(ValueError):
        unpack(lying)
    assert refusal(lying).code == ErrorCode.MALFORMED


# F2: unknown type.


@pytest.mark.parametrize(
    "frame",
    [{"type": "pong"}, {"type": "welcome"}, {"type": "PING"}, {"type": 1}, {"type": b"ping"}, {}],
    ids=["server-type", "server-type-2", "case", "int", "bytes", "missing"],
)
def test_unknown_frame_type_is_unknown_type(frame: dict[str, Any]) -> None:
    """F2: only client frame types are known; a missing or non-string type is unknown."""
    err = refusal(pack(frame))
    assert (err.code, err.cid) == (ErrorCode.UNKNOWN_TYPE, None)


# F3: known type, wrong fields.


@pytest.mark.parametrize(
    "frame",
    [
        HELLO | {"protocol": "1"},  # str for int: strict, no coercion
        HELLO | {"protocol": 1.0},
        HELLO | {"protocol": True},
        {k: v for k, v in HELLO.items() if k != "name"},
        HELLO | {"name": ""},
        HELLO | {"board": "has space"},
        HELLO | {"resume": {"epoch": "e", "seq": -1}},
        HELLO | {"resume": {"epoch": "e"}},
        HELLO | {"department": 5},
        HELLO | {"admin": True},  # extra field
        HELLO | {"name": "x" * (MAX_TITLE + 1)},  # too long: a frame error, not text_too_long
        HELLO | {"token": "t" * 1025},
        {"type": "ping", "at": 1},
    ],
    ids=[
        "protocol-str",
        "protocol-float",
        "protocol-bool",
        "missing-name",
        "empty-name",
        "bad-board-id",
        "negative-resume-seq",
        "resume-missing-seq",
        "department-int",
        "extra-field",
        "name-too-long",
        "token-too-long",
        "ping-extra-field",
    ],
)
def test_known_type_with_wrong_fields_is_invalid_frame(frame: dict[str, Any]) -> None:
    """F3: wrong field names or types (strict: no coercion, no unknown fields)."""
    err = refusal(pack(frame))
    assert (err.code, err.cid) == (ErrorCode.INVALID_FRAME, None)


def test_valid_client_frames_decode_to_their_models() -> None:
    """F1-F3: the three client frame types decode, unset optional fields at their defaults."""
    hello = decode_client_frame(pack(HELLO | {"resume": {"epoch": "e-1", "seq": 0}}))
    assert isinstance(hello, Hello)
    assert hello.resume is not None and (hello.resume.epoch, hello.resume.seq) == ("e-1", 0)
    assert hello.department is None and hello.participant is None
    assert isinstance(decode_client_frame(pack({"type": "ping"})), Ping)
    frame = decode_client_frame(op_frame({"kind": "item.remove", "id": "n-1"}))
    assert isinstance(frame, OpFrame) and frame.cid == "c-1" and frame.op.kind == "item.remove"


# O1: op validation; the cid comes back so the client can roll back.


@pytest.mark.parametrize("kind", ["item.explode", "block.move", "", 5, None])
def test_unknown_op_kind_is_unknown_op_with_cid(kind: Any) -> None:
    """O1: an op kind the server does not know is rejected as unknown_op, echoing the cid."""
    err = refusal(op_frame({"kind": kind, "id": "x"}, cid="c-42"))
    assert (err.code, err.cid) == (ErrorCode.UNKNOWN_OP, "c-42")


@pytest.mark.parametrize(
    "op",
    [
        {"id": "x"},  # no kind
        "item.remove",  # not a map
        {"kind": "item.remove"},  # missing id
        {"kind": "item.remove", "id": "x", "extra": 1},
        {"kind": "item.remove", "id": "bad id!"},
        {"kind": "item.remove", "id": ""},
        {"kind": "item.move", "id": "x", "x": "1"},
        {"kind": "item.move", "id": "x", "x": True},
        {"kind": "item.move", "id": "x", "x": 2_000_000.5},
        {"kind": "item.move", "id": "x", "quadrant": "Q"},
        {"kind": "item.move", "id": "x", "order": "V0"},  # no room below a key ending in 0
        {"kind": "item.move", "id": "x", "order": "a-b"},
        {"kind": "block.add", "id": "b", "block_kind": "whiteboard"},
        {"kind": "block.add", "id": "b", "block_kind": "notes", "w": 0.0},
        {"kind": "block.update", "id": "b", "set": {"color": "red"}},
        {"kind": "item.add", "id": "n", "block": "b", "item": {"kind": "sticker"}},  # item kind
        {"kind": "item.add", "id": "n", "block": "b", "item": {"kind": "action", "owners": []}},
        {"kind": "item.update", "id": "a", "set": {"due": "31.12.2025"}},
        {"kind": "item.update", "id": "a", "set": {"status": "blocked"}},
    ],
    ids=lambda op: repr(op)[:40],
)
def test_known_op_with_wrong_fields_is_invalid_op_with_cid(op: Any) -> None:
    """O1: a known op kind (or no kind at all) with wrong fields is invalid_op; cid echoed."""
    err = refusal(op_frame(op, cid="c-7"))
    assert (err.code, err.cid) == (ErrorCode.INVALID_OP, "c-7")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf], ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize("field", ["x", "y"])
def test_non_finite_coordinates_are_invalid_op(value: float, field: str) -> None:
    """O1: NaN and infinities never reach the board (they would break every replica's
    equality and JSON)."""
    err = refusal(op_frame({"kind": "item.move", "id": "n", field: value}))
    assert (err.code, err.cid) == (ErrorCode.INVALID_OP, "c-1")
    add = {"kind": "block.add", "id": "b", "block_kind": "notes", field: value}
    assert refusal(op_frame(add)).code == ErrorCode.INVALID_OP


def test_integer_coordinates_are_read_as_floats() -> None:
    """O1: a JS client sends 10 for 10.0; the op holds a float either way."""
    frame = decode_client_frame(op_frame({"kind": "item.move", "id": "n", "x": 10}))
    assert isinstance(frame, OpFrame) and isinstance(frame.op, ItemMove)
    assert frame.op.x == 10.0 and isinstance(frame.op.x, float)


@pytest.mark.parametrize(
    "op",
    [
        {"kind": "item.update", "id": "n", "set": {"text": "x" * (MAX_TEXT + 1)}},
        {"kind": "item.update", "id": "g", "set": {"title": "x" * (MAX_TITLE + 1)}},
        {
            "kind": "item.add",
            "id": "n",
            "block": "b",
            "item": {"kind": "note", "text": "☕" * (MAX_TEXT + 1)},
        },
        {"kind": "block.add", "id": "b", "block_kind": "notes", "title": "x" * (MAX_TITLE + 1)},
    ],
    ids=["note-text", "goal-title", "note-text-non-ascii", "block-title"],
)
def test_text_over_the_limit_is_text_too_long_with_cid(op: dict[str, Any]) -> None:
    """O1: a text field over its limit gets its own code, so the client can say so."""
    err = refusal(op_frame(op, cid="c-9"))
    assert (err.code, err.cid) == (ErrorCode.TEXT_TOO_LONG, "c-9")


def test_text_at_the_limit_is_accepted() -> None:
    """O1: the limit is inclusive and counts characters, not bytes."""
    op = {"kind": "item.update", "id": "n", "set": {"text": "☕" * MAX_TEXT}}
    frame = decode_client_frame(op_frame(op))
    assert isinstance(frame, OpFrame) and isinstance(frame.op, ItemUpdate)
    assert frame.op.set.text == "☕" * MAX_TEXT


@pytest.mark.parametrize("cid", [5, "", "x" * (MAX_ID + 1), None, ["c-1"]], ids=repr)
@pytest.mark.parametrize(
    "op",
    [{"kind": "item.explode"}, {"kind": "item.remove"}, {"kind": "item.remove", "id": "n"}],
    ids=["unknown-kind", "bad-op", "good-op"],
)
def test_op_frame_without_readable_cid_is_invalid_frame(cid: Any, op: dict[str, Any]) -> None:
    """O1, F3: without a readable cid (a non-empty string within the id limit) there is
    nothing to reject, so the whole frame is invalid_frame, whatever the op."""
    err = refusal(op_frame(op, cid=cid))
    assert (err.code, err.cid) == (ErrorCode.INVALID_FRAME, None)


def test_op_frame_missing_cid_is_invalid_frame() -> None:
    """O1, F3: an op frame with no cid field at all."""
    err = refusal(pack({"type": "op", "op": {"kind": "item.remove", "id": "x"}}))
    assert (err.code, err.cid) == (ErrorCode.INVALID_FRAME, None)


def test_valid_cid_is_echoed_even_when_the_cid_field_is_the_only_problem_left() -> None:
    """O1: a wrong op with a good cid always carries the cid back."""
    err = refusal(pack({"type": "op", "cid": "c-1", "op": {"kind": "item.remove"}, "x": 1}))
    assert err.code == ErrorCode.INVALID_OP and err.cid == "c-1"


# op_to_wire: the canonical log form.


def test_op_to_wire_keeps_explicit_nulls_and_omits_unset_fields_of_moves() -> None:
    """O1, R1: in a move, "set parent to null" and "leave parent alone" differ on the wire."""
    op = decode_op({"kind": "item.move", "id": "g-1", "parent": None, "order": "k"})
    assert op_to_wire(op) == {"kind": "item.move", "id": "g-1", "parent": None, "order": "k"}
    op = decode_op({"kind": "item.move", "id": "n-1", "x": 1.5})
    assert op_to_wire(op) == {"kind": "item.move", "id": "n-1", "x": 1.5}


def test_op_to_wire_keeps_explicit_nulls_and_omits_unset_fields_of_updates() -> None:
    """O1, R1: in an update, only the fields the client set are carried, nulls included."""
    op = decode_op({"kind": "item.update", "id": "a-1", "set": {"due": None, "status": "done"}})
    assert op_to_wire(op) == {
        "kind": "item.update",
        "id": "a-1",
        "set": {"due": None, "status": "done"},
    }
    op = decode_op({"kind": "block.update", "id": "b", "set": {}})
    assert op_to_wire(op) == {"kind": "block.update", "id": "b", "set": {}}


def test_op_to_wire_fills_defaults_of_adds() -> None:
    """O1: adds are logged whole, so every replica stores the same item whatever its
    version's defaults."""
    op = decode_op({"kind": "item.add", "id": "n", "block": "b", "item": {"kind": "note"}})
    assert isinstance(op, ItemAdd) and isinstance(op.item, NoteBody)
    assert op_to_wire(op) == {
        "kind": "item.add",
        "id": "n",
        "block": "b",
        "item": {
            "kind": "note",
            "text": "",
            "department": None,
            "x": None,
            "y": None,
            "on": None,
            "group": None,
        },
    }


@pytest.mark.parametrize(
    "raw",
    [
        {"kind": "item.move", "id": "n", "on": None},
        {"kind": "item.update", "id": "a", "set": {"owners": ["x", "y"], "source": None}},
        {"kind": "block.update", "id": "b", "set": {"w": 10.5}},
        {"kind": "block.add", "id": "b", "block_kind": "swot"},
        {"kind": "item.remove", "id": "n"},
        {"kind": "block.remove", "id": "b"},
        {
            "kind": "item.add",
            "id": "a",
            "block": "b",
            "item": {"kind": "action", "owners": ["x"], "due": "2025-01-01"},
        },
    ],
    ids=lambda raw: raw["kind"],
)
def test_op_to_wire_round_trips_through_msgpack(raw: dict[str, Any]) -> None:
    """O1: what the log stores decodes back to the same op, with the same set fields."""
    op = decode_op(raw)
    again = decode_op(unpack(pack(op_to_wire(op))))
    assert again == op
    assert op_to_wire(again) == op_to_wire(op)
