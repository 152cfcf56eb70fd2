"""How the load generator speaks to each server under test.

Two dialects carry the same conversation (hello -> welcome, op -> applied {seq, op, by, cid},
cursor -> batched cursors):

* `MsgpackDialect`: crossboard's wire protocol (shared/PROTOCOL.md), binary msgpack frames.
  Baseline (a), the bare `websockets` server, speaks a minimal subset of it.
* `SocketIODialect`: baseline (b), python-socketio: engine.io v4 over a websocket, socket.io
  events as JSON text (`42["applied",{...}]`).

Received frames are classified by a byte-prefix test so the generator never decodes the
frames it only counts (cursors, presence): a 1,000-client room receives tens of thousands of
them per second and unpacking them all would make the generator, not the server, the limit.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

import msgpack

APPLIED, CURSORS, SKIP, OTHER = 0, 1, 2, 3
"""Frame classes: an op delivery, a cursor batch, ignorable (presence), anything else."""


class Dialect(Protocol):
    text: bool
    """True when frames travel as websocket text messages."""

    def path(self, board: str) -> str: ...

    def opening(self, board: str, token: str, name: str) -> list[bytes]:
        """Frames to send as soon as the websocket is open."""
        ...

    def hello(self, board: str, token: str, name: str) -> bytes: ...

    def op(self, cid: str, op: dict[str, Any]) -> bytes: ...

    def cursor(self, x: float, y: float) -> bytes: ...

    def classify(self, data: bytes) -> int: ...

    def seq_of(self, data: bytes) -> int | None:
        """The seq of an applied frame without decoding it, or None (then decode)."""
        ...

    def decode(self, data: bytes) -> dict[str, Any]:
        """A frame as a dict with a `type` (engine.io control frames get `_`-types)."""
        ...

    def split(self, message: bytes) -> list[bytes]:
        """The frames of one received message (crossboard may batch several, F5)."""
        ...


def _pack(frame: dict[str, Any]) -> bytes:
    return msgpack.packb(frame, use_bin_type=True)  # type: ignore[no-any-return]


class MsgpackDialect:
    """crossboard's protocol. The hub packs `type` first in every server frame, so the type
    string sits at byte 6 of every frame: map header, fixstr `type`, fixstr header."""

    text = False

    def path(self, board: str) -> str:
        return f"/ws/{board}"

    def opening(self, board: str, token: str, name: str) -> list[bytes]:
        return [self.hello(board, token, name)]

    def hello(self, board: str, token: str, name: str) -> bytes:
        return _pack(
            {
                "type": "hello",
                "protocol": 1,
                "board": board,
                "token": token,
                "name": name,
                "department": "product",
                "resume": None,
                "batch": True,  # F5, as the browser does
            }
        )

    def op(self, cid: str, op: dict[str, Any]) -> bytes:
        return _pack({"type": "op", "cid": cid, "op": op})

    def cursor(self, x: float, y: float) -> bytes:
        return _pack({"type": "cursor", "x": x, "y": y})

    def classify(self, data: bytes) -> int:
        head = data[6:14]
        if head == b"\xa7cursors":
            return CURSORS
        if head == b"\xa7applied":
            return APPLIED
        if head == b"\xa8presenc":
            return SKIP
        return OTHER

    def seq_of(self, data: bytes) -> int | None:
        # applied = {"type": "applied", "seq": N, ...}: `seq` is the second key, at byte 14.
        if data[14:18] != b"\xa3seq":
            return None
        marker = data[18]
        if marker < 0x80:  # positive fixint
            return marker
        if marker == 0xCC:
            return data[19]
        if marker == 0xCD:
            return int.from_bytes(data[19:21], "big")
        if marker == 0xCE:
            return int.from_bytes(data[19:23], "big")
        return None

    def decode(self, data: bytes) -> dict[str, Any]:
        frame = msgpack.unpackb(data, raw=False)
        if not isinstance(frame, dict):
            return {"type": "?"}
        at = frame.get("at")
        if isinstance(at, bytes) and "moves" not in frame:
            # crossboard packs moves (P2: 6 bytes each, uint16 participant number first);
            # the observers count them as `moves`, keyed by number (the bare server's by id).
            starts = range(0, len(at), 6)
            frame["moves"] = {
                int.from_bytes(at[i : i + 2], "big"): at[i + 2 : i + 6] for i in starts
            }
        return frame

    def split(self, message: bytes) -> list[bytes]:
        """F5: frames back to back. Their bounds come from msgpack's C skipper (no objects
        built), so counting cursors frames stays cheap."""
        unpacker = msgpack.Unpacker()
        unpacker.feed(message)
        parts: list[bytes] = []
        start = 0
        while True:
            try:
                unpacker.skip()
            except msgpack.OutOfData:
                break
            end = unpacker.tell()
            parts.append(message[start:end])
            start = end
        return parts or [message]


class SocketIODialect:
    """python-socketio over engine.io v4, websocket transport only, JSON packets.

    engine.io: the server opens with `0{sid,...}`, pings with `2` (we answer `3`);
    socket.io: the client joins namespace `/` with `40`, the server confirms with `40{sid}`;
    an event is `42["name",data]`.
    """

    text = True

    def path(self, board: str) -> str:
        return "/socket.io/?EIO=4&transport=websocket"

    def opening(self, board: str, token: str, name: str) -> list[bytes]:
        return []  # wait for the engine.io open packet

    def hello(self, board: str, token: str, name: str) -> bytes:
        return self._event("hello", {"board": board, "token": token, "name": name})

    def op(self, cid: str, op: dict[str, Any]) -> bytes:
        return self._event("op", {"cid": cid, "op": op})

    def cursor(self, x: float, y: float) -> bytes:
        return self._event("cursor", {"x": x, "y": y})

    @staticmethod
    def _event(name: str, data: dict[str, Any]) -> bytes:
        return b"42" + json.dumps([name, data], separators=(",", ":")).encode()

    def classify(self, data: bytes) -> int:
        if data.startswith(b'42["cursors"'):
            return CURSORS
        if data.startswith(b'42["applied"'):
            return APPLIED
        return OTHER

    def seq_of(self, data: bytes) -> int | None:
        return None  # JSON: no cheap peek; decode

    def decode(self, data: bytes) -> dict[str, Any]:
        if data.startswith(b"42"):
            name, body = json.loads(data[2:])
            return {**body, "type": name}
        if data == b"2":
            return {"type": "_ping", "reply": b"3"}
        if data.startswith(b"0{"):
            return {"type": "_open", "reply": b"40"}
        if data.startswith(b"40"):
            return {"type": "_joined"}
        return {"type": "_other", "raw": data[:40]}

    def split(self, message: bytes) -> list[bytes]:
        return [message]  # one engine.io packet per message


DIALECTS: dict[str, Dialect] = {"msgpack": MsgpackDialect(), "socketio": SocketIODialect()}
