"""The hub's own server frames. `applied` is a dict: the room redacts it per audience, then
packs it once for everyone in that audience. The direct replies (`rejected`, `error`, `pong`)
come packed, ready to write to one socket."""

from __future__ import annotations

import time
from typing import Any

from ..engine.base import Entry
from ..protocol.codec import pack
from ..protocol.codes import ErrorCode


def server_time() -> int:
    return int(time.time() * 1000)


def applied(entry: Entry) -> dict[str, Any]:
    return {
        "type": "applied",
        "seq": entry.seq,
        "op": entry.op,
        "by": entry.by,
        "cid": entry.cid,
        "ts": entry.ts,
    }


def rejected(cid: str, code: ErrorCode, message: str, seq: int | None = None) -> bytes:
    frame: dict[str, Any] = {"type": "rejected", "cid": cid, "code": str(code), "message": message}
    if seq is not None:
        frame["seq"] = seq
    return pack(frame)


def error(code: ErrorCode, message: str) -> bytes:
    return pack({"type": "error", "code": str(code), "message": message})


def pong() -> bytes:
    return pack({"type": "pong", "server_time": server_time()})
