"""F5 over real websockets: a client that says `batch` gets several frames per message
under load, all of them, in seq order; a client that does not gets one frame per message."""

from __future__ import annotations

import asyncio
from typing import Any

import msgpack
import websockets

from ..support import TIMEOUT, Client, HubProcess, note, pack


async def joined(hub: HubProcess, board: dict[str, Any], batch: bool) -> Any:
    ws = await websockets.connect(hub.ws_url(board["id"]), max_size=None, compression=None)
    hello = {
        "type": "hello",
        "protocol": 1,
        "board": board["id"],
        "token": board["tokens"]["participant"],
        "name": "Reader",
        "department": "sales",
        "resume": None,
        "batch": batch,
    }
    await ws.send(pack(hello))
    return ws


async def read_until_seq(ws: Any, seq: int) -> tuple[list[int], list[int]]:
    """(frames per message, applied seqs) until `seq` arrived."""
    per_message: list[int] = []
    seqs: list[int] = []
    async with asyncio.timeout(TIMEOUT):
        while not seqs or seqs[-1] < seq:
            unpacker = msgpack.Unpacker(raw=False)
            unpacker.feed(await ws.recv())
            frames = list(unpacker)
            per_message.append(len(frames))
            seqs += [f["seq"] for f in frames if f["type"] == "applied"]
    return per_message, seqs


async def test_batched_and_plain_readers_get_every_frame_in_order(
    hub: HubProcess, board: dict[str, Any]
) -> None:
    writer = await Client.join(hub, board, name="Writer")
    batched = await joined(hub, board, batch=True)
    plain = await joined(hub, board, batch=False)
    # 100 ops (within the burst) sent without waiting: they reach the readers faster than
    # one write each.
    cids = {await writer.send_op(note(f"n{i}", f"note {i}")) for i in range(100)}
    head = 0
    while cids:
        frame = await writer.recv()
        assert frame["type"] == "applied", frame
        cids.discard(frame["cid"])
        head = frame["seq"]
    batches, seqs = await read_until_seq(batched, head)
    singles, plain_seqs = await read_until_seq(plain, head)
    assert seqs == plain_seqs == list(range(seqs[0], head + 1))  # all, once, in order
    assert len(seqs) >= 100
    assert max(batches) > 1 and len(batches) < len(seqs)  # several frames per message
    assert set(singles) == {1}  # F5 is opt-in
    await batched.close()
    await plain.close()
