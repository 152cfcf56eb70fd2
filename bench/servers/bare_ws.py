"""Baseline (a): the practical Python ceiling for this workload.

A bare `websockets` server (new asyncio API, compression off) speaking the smallest subset of
crossboard's protocol the load generator needs: `hello` -> `welcome {seq, you}`,
`op` -> `applied {seq, op, by, cid, ts}` encoded once and sent to the whole board with
`websockets.broadcast`, `cursor` -> one `cursors {at, editing}` batch per board every
50 ms (moves packed as crossboard packs them, P2). No validation, no rate limits, no
storage, no presence: whatever crossboard does
beyond this is what its features cost.

`--coalesce` makes it the like-for-like bar for crossboard's batching: the applied frames of
one loop iteration go to the board as one message, frames back to back (crossboard's F5),
joined once and broadcast once.

`--fault drop|dup|swap` makes it misdeliver every 50th op to one client (skip it, send it
twice, send it after the next one): `run.py --selftest` uses that to prove the harness
catches loss, duplication and reordering.

    python bench/servers/bare_ws.py --port 8765 [--coalesce | --fault drop]
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import struct
import time
from dataclasses import dataclass, field
from typing import Any

import msgpack
from websockets.asyncio.server import ServerConnection, broadcast, serve

TICK = 0.05
MOVE = struct.Struct("!Hhh")
FAULT_EVERY = 50


def pack(frame: dict[str, Any]) -> bytes:
    return msgpack.packb(frame, use_bin_type=True)  # type: ignore[no-any-return]


@dataclass
class Board:
    seq: int = 0
    conns: set[ServerConnection] = field(default_factory=set)
    moves: dict[int, bytes] = field(default_factory=dict)
    numbers: int = 0
    tick: asyncio.TimerHandle | None = None
    held: tuple[ServerConnection, bytes] | None = None
    pending: list[bytes] = field(default_factory=list)

    def deliver_coalesced(self, data: bytes) -> None:
        """Queue one applied frame; the loop iteration's frames leave as one message."""
        if not self.pending:
            asyncio.get_running_loop().call_soon(self.flush_pending)
        self.pending.append(data)

    def flush_pending(self) -> None:
        message, self.pending = b"".join(self.pending), []
        broadcast(self.conns, message)

    def deliver(self, data: bytes, fault: str | None) -> None:
        """Send one applied frame to everyone (misdelivering it on purpose under `fault`)."""
        if fault is None or self.seq % FAULT_EVERY or not self.conns:
            broadcast(self.conns, data)
            if self.held is not None:
                victim, held = self.held
                self.held = None
                broadcast([victim], held)
            return
        victim = min(self.conns, key=id)
        broadcast(self.conns - {victim}, data)
        if fault == "dup":
            broadcast([victim], data)
            broadcast([victim], data)
        elif fault == "swap":
            self.held = (victim, data)

    def flush_cursors(self) -> None:
        self.tick = None
        if self.moves:
            frame = pack({"type": "cursors", "at": b"".join(self.moves.values()), "editing": {}})
            self.moves = {}
            broadcast(self.conns, frame)


BOARDS: dict[str, Board] = {}
FAULT: str | None = None
COALESCE = False


async def handler(ws: ServerConnection) -> None:
    hello = msgpack.unpackb(await ws.recv(), raw=False)
    board = BOARDS.setdefault(str(hello["board"]), Board())
    pid = secrets.token_hex(8)
    n = board.numbers = board.numbers + 1
    you = {"id": pid, "name": hello.get("name", ""), "department": None, "role": "participant",
           "n": n}  # fmt: skip
    welcome = {
        "type": "welcome",
        "protocol": 1,
        "you": you,
        "epoch": "bare",
        "seq": board.seq,
        "server_time": int(time.time() * 1000),
    }
    await ws.send(pack(welcome))
    board.conns.add(ws)
    loop = asyncio.get_running_loop()
    try:
        async for message in ws:
            frame = msgpack.unpackb(message, raw=False)
            kind = frame.get("type")
            if kind == "op":
                board.seq += 1
                applied = {
                    "type": "applied",
                    "seq": board.seq,
                    "op": frame["op"],
                    "by": you,
                    "cid": frame["cid"],
                    "ts": int(time.time() * 1000),
                }
                if COALESCE:
                    board.deliver_coalesced(pack(applied))
                else:
                    board.deliver(pack(applied), FAULT)
            elif kind == "cursor":
                x, y = (max(-32768, min(32767, round(v))) for v in (frame["x"], frame["y"]))
                board.moves[n] = MOVE.pack(n, x, y)  # crossboard's P2 layout, 6 bytes
                if board.tick is None:
                    board.tick = loop.call_later(TICK, board.flush_cursors)
    finally:
        board.conns.discard(ws)


async def main(port: int) -> None:
    async with serve(
        handler, "127.0.0.1", port, compression=None, max_size=64 * 1024, max_queue=None
    ) as server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--fault", choices=["drop", "dup", "swap"], default=None)
    parser.add_argument("--coalesce", action="store_true", help="one message per loop turn")
    args = parser.parse_args()
    FAULT = args.fault
    COALESCE = args.coalesce
    asyncio.run(main(args.port))
