"""Baseline (b): what a Python team would pick instead, python-socketio on Redis.

An ASGI python-socketio server with `AsyncRedisManager` (every emit goes through Redis
pub/sub, so several such processes could share rooms), run by uvicorn with the same settings
as `crossboard serve` (`websockets-sansio`, no per-message deflate). It speaks the same
conversation as crossboard as socket.io events: `hello` -> `welcome {seq, you}`,
`op` -> `applied {seq, op, by, cid, ts}` emitted to the board's room, `cursor` -> one
`cursors` emit per board every 50 ms. Ops are sequenced by one emitter task per process so
that Redis sees them in seq order (concurrent handlers would publish on different pooled
connections and could reorder). No validation, limits or storage, like baseline (a).

    python bench/servers/sio_server.py --port 8766 --redis-url redis://127.0.0.1:6379/0
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import socketio
import uvicorn

TICK = 0.05


@dataclass
class Board:
    seq: int = 0
    moves: dict[str, list[float]] = field(default_factory=dict)
    tick: asyncio.TimerHandle | None = None


def build(redis_url: str) -> Any:
    """The ASGI app (socket.io server and its handlers)."""
    sio = socketio.AsyncServer(
        async_mode="asgi",
        client_manager=socketio.AsyncRedisManager(redis_url),
        cors_allowed_origins=[],
        transports=["websocket"],
        max_http_buffer_size=64 * 1024,
    )
    boards: dict[str, Board] = {}
    members: dict[str, tuple[str, dict[str, Any]]] = {}  # sid -> (board, you)
    outbox: asyncio.Queue[tuple[str, str, dict[str, Any]]] = asyncio.Queue()
    emitter: list[asyncio.Task[None]] = []

    async def emit_in_order() -> None:
        while True:
            event, room, data = await outbox.get()
            await sio.emit(event, data, room=room)

    def flush(board_id: str) -> None:
        board = boards[board_id]
        board.tick = None
        if board.moves:
            frame = {"moves": board.moves, "editing": {}}
            board.moves = {}
            outbox.put_nowait(("cursors", board_id, frame))

    @sio.event  # type: ignore[untyped-decorator, unused-ignore]
    async def hello(sid: str, data: dict[str, Any]) -> None:
        if not emitter:
            emitter.append(asyncio.get_running_loop().create_task(emit_in_order()))
        board_id = str(data["board"])
        board = boards.setdefault(board_id, Board())
        you = {"id": secrets.token_hex(8), "name": data.get("name", ""), "role": "participant"}
        members[sid] = (board_id, you)
        await sio.enter_room(sid, board_id)
        await sio.emit("welcome", {"you": you, "seq": board.seq, "epoch": "sio"}, to=sid)

    @sio.event  # type: ignore[untyped-decorator, unused-ignore]
    async def op(sid: str, data: dict[str, Any]) -> None:
        board_id, you = members[sid]
        board = boards[board_id]
        board.seq += 1
        applied = {
            "seq": board.seq,
            "op": data["op"],
            "by": you,
            "cid": data["cid"],
            "ts": int(time.time() * 1000),
        }
        outbox.put_nowait(("applied", board_id, applied))

    @sio.event  # type: ignore[untyped-decorator, unused-ignore]
    async def cursor(sid: str, data: dict[str, Any]) -> None:
        board_id, you = members[sid]
        board = boards[board_id]
        board.moves[you["id"]] = [data["x"], data["y"]]
        if board.tick is None:
            board.tick = asyncio.get_running_loop().call_later(TICK, flush, board_id)

    @sio.event  # type: ignore[untyped-decorator, unused-ignore]
    async def disconnect(sid: str, *args: Any) -> None:
        members.pop(sid, None)

    return socketio.ASGIApp(sio)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--redis-url", required=True)
    args = parser.parse_args()
    uvicorn.run(
        build(args.redis_url),
        host="127.0.0.1",
        port=args.port,
        ws="websockets-sansio",
        ws_per_message_deflate=False,
        log_level="warning",
        lifespan="off",
    )
