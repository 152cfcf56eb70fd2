"""Two raw websocket clients (plain `websockets` + `msgpack`, no project code) on one board."""

from __future__ import annotations

import asyncio
import json
import urllib.request

import msgpack
import websockets

from ..support import HubProcess


async def test_item_add_reaches_the_other_client_with_the_same_seq(hub: HubProcess) -> None:
    """O2, O3: an item.add from one client arrives at the other as `applied` with the same
    seq at both; the sender's `applied` carries its cid."""
    req = urllib.request.Request(
        f"{hub.url}/api/boards",
        data=b'{"title": "Q3 strategy"}',
        method="POST",
        headers={"content-type": "application/json", **hub.admin_headers()},
    )

    def create() -> dict:
        with urllib.request.urlopen(req) as r:
            return dict(json.loads(r.read()))

    made = await asyncio.to_thread(create)
    board_id = made["id"]
    token = made["links"]["participant"].split("#t=")[1]

    async def join(name: str, department: str) -> tuple[websockets.ClientConnection, dict]:
        ws = await websockets.connect(f"ws://127.0.0.1:{hub.port}/ws/{board_id}")
        await ws.send(
            msgpack.packb(
                {
                    "type": "hello",
                    "protocol": 1,
                    "board": board_id,
                    "token": token,
                    "name": name,
                    "department": department,
                    "resume": None,
                }
            )
        )
        welcome = msgpack.unpackb(await asyncio.wait_for(ws.recv(), 5))
        assert welcome["type"] == "welcome"
        return ws, welcome

    alice, w1 = await join("Alice", "product")
    bob, w2 = await join("Bob", "sales")
    assert w1["seq"] == w2["seq"] == 0
    assert "expectations" in w1["board"]["blocks"]

    op = {
        "kind": "item.add",
        "id": "note-1",
        "block": "expectations",
        "item": {"kind": "note", "text": "Синхронизация 🤝", "department": "product"},
    }
    await alice.send(msgpack.packb({"type": "op", "cid": "alice-1", "op": op}))

    async def next_applied(ws: websockets.ClientConnection) -> dict:
        while True:  # presence frames (who joined) may come first
            frame = msgpack.unpackb(await asyncio.wait_for(ws.recv(), 5))
            if frame["type"] != "presence":
                return dict(frame)

    at_alice = await next_applied(alice)
    at_bob = await next_applied(bob)
    assert at_alice["type"] == at_bob["type"] == "applied"
    assert at_alice["seq"] == at_bob["seq"] == 1
    assert at_alice["cid"] == "alice-1"
    assert at_bob["op"]["item"]["text"] == "Синхронизация 🤝"
    assert at_bob["by"]["name"] == "Alice" and at_bob["by"]["department"] == "product"
    assert at_alice["by"]["id"] == w1["you"]["id"]

    # A third client joining now sees the note in its welcome board.
    carol, w3 = await join("Carol", "marketing")
    assert w3["seq"] == 1
    assert w3["board"]["items"]["note-1"]["text"] == "Синхронизация 🤝"
    assert w3["board"]["items"]["note-1"]["author_name"] == "Alice"
    for ws in (alice, bob, carol):
        await ws.close()
