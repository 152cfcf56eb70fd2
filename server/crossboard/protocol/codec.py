"""msgpack in and out, and the mapping from "what is wrong with this frame" to an error code.

`decode_client_frame` either returns a validated frame or raises `FrameError` with the code
the client gets back. Nothing else in the server looks at raw bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgpack
from pydantic import TypeAdapter, ValidationError

from .codes import ErrorCode
from .frames import CLIENT_FRAME_TYPES, ClientFrame
from .limits import MAX_FRAME_BYTES
from .ops import OP_KINDS, Op

_client_frames: TypeAdapter[ClientFrame] = TypeAdapter(ClientFrame)
_ops: TypeAdapter[Op] = TypeAdapter(Op)


class FrameError(Exception):
    """A client frame the server will not act on. `cid` is set when the frame was an op
    whose cid could be read, so the client can roll that op back."""

    def __init__(self, code: ErrorCode, message: str, cid: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.cid = cid


def pack(frame: Any) -> bytes:
    """Encode one frame (or any wire value) as msgpack."""
    return msgpack.packb(frame, use_bin_type=True)  # type: ignore[no-any-return]


def pack_array(packed: Iterable[bytes]) -> bytes:
    """A msgpack array of already packed values (kept packed between frames: the room's
    online list is packed once per person, not once per welcome)."""
    items = list(packed)
    n = len(items)
    head = bytes([0x90 | n]) if n < 16 else (b"\xdc" + n.to_bytes(2, "big") if n < 65536
                                            else b"\xdd" + n.to_bytes(4, "big"))  # fmt: skip
    return head + b"".join(items)


def pack_map(fields: dict[str, Any], packed: dict[str, bytes]) -> bytes:
    """A msgpack map of `fields` and of `packed` (values already packed): one frame
    whose big parts were packed before."""
    n = len(fields) + len(packed)
    head = bytes([0x80 | n]) if n < 16 else b"\xde" + n.to_bytes(2, "big")
    body = [pack(key) + pack(value) for key, value in fields.items()]
    body += [pack(key) + value for key, value in packed.items()]
    return head + b"".join(body)


def unpack(data: bytes) -> Any:
    """Decode msgpack with limits that stop hostile input from costing much."""
    return msgpack.unpackb(
        data,
        raw=False,
        strict_map_key=True,
        max_str_len=MAX_FRAME_BYTES,
        max_bin_len=MAX_FRAME_BYTES,
        max_array_len=10_000,
        max_map_len=10_000,
        max_ext_len=0,
    )


def decode_client_frame(data: bytes | str) -> ClientFrame:
    """Bytes of one websocket message -> a validated client frame, or `FrameError`."""
    if isinstance(data, str):
        raise FrameError(ErrorCode.MALFORMED, "frames must be binary msgpack, not text")
    try:
        raw = unpack(data)
    except Exception as exc:  # msgpack raises several unrelated types for bad input
        raise FrameError(
            ErrorCode.MALFORMED, f"not a msgpack value: {type(exc).__name__}"
        ) from None
    if not isinstance(raw, dict):
        raise FrameError(ErrorCode.MALFORMED, "a frame must be a msgpack map")
    kind = raw.get("type")
    if kind not in CLIENT_FRAME_TYPES:
        raise FrameError(ErrorCode.UNKNOWN_TYPE, f"unknown frame type {_show(kind)}")
    cid = raw.get("cid") if kind == "op" else None
    cid = cid if isinstance(cid, str) and 0 < len(cid) <= 64 else None
    try:
        return _client_frames.validate_python(raw)
    except ValidationError as exc:
        code, message = _explain(exc, is_op=kind == "op" and cid is not None)
        raise FrameError(code, message, cid) from None


def decode_op(raw: Any) -> Op:
    """A stored op (from the log or a vector file) -> a validated op."""
    return _ops.validate_python(raw)


def _explain(exc: ValidationError, *, is_op: bool) -> tuple[ErrorCode, str]:
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"])
    if is_op:
        # text_too_long is an op-level code (a `rejected` for the cid); a long string in a
        # frame without a readable cid (a hello name, the cid itself) is invalid_frame.
        for err in exc.errors(include_url=False):
            if err["type"] == "string_too_long":
                return ErrorCode.TEXT_TOO_LONG, f"{_loc(err['loc'])}: {err['msg']}"
        for err in exc.errors(include_url=False):
            # loc ("op", "op"): the `op` field of the `op` frame. A bad tag deeper down
            # (e.g. an item body's kind) is a known op with a wrong field: invalid_op.
            if err["type"] == "union_tag_invalid" and tuple(err["loc"]) == ("op", "op"):
                tag = err.get("ctx", {}).get("tag")
                return (
                    ErrorCode.UNKNOWN_OP,
                    f"unknown op kind {_show(tag)}; known: {', '.join(OP_KINDS)}",
                )
        return ErrorCode.INVALID_OP, f"{where}: {first['msg']}"
    return ErrorCode.INVALID_FRAME, f"{where}: {first['msg']}"


def _loc(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
