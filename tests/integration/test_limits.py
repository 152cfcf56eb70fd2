"""Abuse limits, each with its documented answer (shared/PROTOCOL.md, "Limits")."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from ..support import TIMEOUT, Client, HubProcess, note, pack

LIMITS = {
    "CROSSBOARD_MAX_CONNECTIONS_PER_IP": "4",
    "CROSSBOARD_MAX_CONNECTIONS_PER_BOARD": "3",
    "CROSSBOARD_BOARDS_PER_HOUR_PER_IP": "5",
    "CROSSBOARD_BYTES_PER_SECOND": "20000",
    "CROSSBOARD_BYTES_BURST": "60000",
    "CROSSBOARD_IP_OPS_PER_SECOND": "50",
}


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    process = HubProcess(tmp_path_factory.mktemp("limits") / "data", env=LIMITS).start()
    try:
        yield process
    finally:
        process.stop()


async def close_code(ws: websockets.ClientConnection) -> int:
    with pytest.raises(ConnectionClosed) as info:
        for _ in range(1000):
            await asyncio.wait_for(ws.recv(), TIMEOUT)
    assert info.value.rcvd is not None
    return int(info.value.rcvd.code)


async def test_connections_per_board_and_per_address(hub: HubProcess) -> None:
    """L1: past the per-board (3) or per-address (4) limit, a connection is closed 4013;
    a place frees up when someone leaves."""
    board = hub.new_board(title="Full room")
    clients = [await Client.join(hub, board, name=f"p{i}") for i in range(3)]
    extra = await websockets.connect(hub.ws_url(board["id"]))
    assert await close_code(extra) == 4013
    other = hub.new_board(title="Other room")
    other_client = await Client.join(hub, other, name="o1")
    fifth = await websockets.connect(hub.ws_url(other["id"]))
    assert await close_code(fifth) == 4013, "the address has 4 connections open"
    await clients[0].close()
    await asyncio.sleep(0.2)
    again = await Client.join(hub, board, name="back")
    assert again.welcome["type"] == "welcome"
    await other_client.close()


def test_board_creation_per_address_per_hour(tmp_path: Path) -> None:
    """L2: `POST /api/boards` past the hourly limit is answered 429 with a code."""
    hub = HubProcess(tmp_path / "data", env=LIMITS).start()
    try:
        for _ in range(5):
            hub.new_board()
        with pytest.raises(urllib.error.HTTPError) as info:
            hub.new_board()
        assert info.value.code == 429
        with info.value:
            assert json.loads(info.value.read())["code"] == "too_many_boards"
    finally:
        hub.stop()


async def test_a_byte_flood_is_closed_4009(hub: HubProcess) -> None:
    """L3: far over the per-connection byte rate, the connection is closed with 4009;
    the board is unchanged by the flood's frames (they were all pings)."""
    board = hub.new_board(title="Flood")
    client = await Client.join(hub, board)
    padding = pack({"type": "ping", "pad": "x" * 30000})  # invalid_frame, but bytes count
    with pytest.raises(ConnectionClosed) as info:
        for _ in range(200):
            await client.ws.send(padding)
            await asyncio.sleep(0)
        for _ in range(1000):
            await asyncio.wait_for(client.ws.recv(), TIMEOUT)
    assert info.value.rcvd is not None and info.value.rcvd.code == 4009


async def test_ops_per_address_are_shared_over_its_connections(hub: HubProcess) -> None:
    """L4: two connections of one address share its op rate (50/s here)."""
    board = hub.new_board(title="Shared rate")
    a = await Client.join(hub, board, name="a")
    b = await Client.join(hub, board, name="b", department="sales")
    cids = []
    for i in range(60):
        cids.append(await a.send_op(note(f"a{i}")))
        cids.append(await b.send_op(note(f"b{i}")))
    answers = {}
    for client in (a, b):
        while sum(1 for c in answers if c.startswith(client.welcome["you"]["id"])) < 60:
            frame = await client.recv()
            if frame.get("cid", "").startswith(client.welcome["you"]["id"]):
                answers[frame["cid"]] = frame.get("code", frame["type"])
    limited = [c for c, v in answers.items() if v == "rate_limited"]
    applied = [c for c, v in answers.items() if v == "applied"]
    assert len(applied) + len(limited) == 120
    assert 40 <= len(applied) <= 80, "about the address's burst of 50 got through"
