"""Abuse limits, each with its documented answer (shared/PROTOCOL.md, "Limits")."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from ..support import TIMEOUT, Client, HubProcess, note, pack

LIMITS = {
    "CROSSBOARD_MAX_CONNECTIONS_PER_IP": "4",
    "CROSSBOARD_MAX_CONNECTIONS_PER_BOARD": "3",
    "CROSSBOARD_BOARDS_PER_HOUR_PER_IP": "5",
    "CROSSBOARD_BYTES_PER_SECOND": "20000",
    "CROSSBOARD_BYTES_BURST": "200000",
    "CROSSBOARD_IP_OPS_PER_SECOND": "50",
}
FLOOD = {
    **LIMITS,
    "CROSSBOARD_BYTES_PER_SECOND": "100000",  # on probation a connection starts with 1 s of it
    "CROSSBOARD_FLOOD_COOLDOWN": "1",
    "CROSSBOARD_FLOOD_COOLDOWN_MAX": "2",
}


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    process = HubProcess(tmp_path_factory.mktemp("limits") / "data", env=LIMITS).start()
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def own_hub(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[HubProcess]:
    """A hub of the test's own, with the FLOOD limits or `@pytest.mark.parametrize("own_hub",
    [env], indirect=True)`: the buckets and the flood record of 127.0.0.1, every test's
    address, outlive connections, so they must not leak into other tests."""
    env = getattr(request, "param", FLOOD)
    process = HubProcess(tmp_path / "data", env=env).start()
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
    gone = clients[0].welcome["you"]["id"]
    await clients[0].close()
    await clients[1].recv_until(lambda f: f["type"] == "presence" and gone in f["left"])
    again = await join_when_counted_out(hub, board)
    assert again.welcome["type"] == "welcome"
    await other_client.close()


async def join_when_counted_out(hub: HubProcess, board: dict) -> Client:
    """Join the place someone left: the hub tells the room first and counts the connection
    out just after (web/socket.py), so a join in between is refused 4013 and tried again."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while True:
        try:
            return await Client.join(hub, board, name="back")
        except ConnectionClosed as exc:
            assert exc.rcvd is not None and exc.rcvd.code == 4013, exc
            assert asyncio.get_running_loop().time() < deadline, "the place was never freed"


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


async def flood(ws: websockets.ClientConnection, frame: bytes, count: int) -> int:
    """Send `frame` up to `count` times until the hub's close frame arrives; its code. The
    code is read as soon as the close frame is parsed, and the socket is then dropped: the
    closing handshake behind thousands of queued frames can take seconds, and the cooldown
    the test measures started when the hub sent the close."""
    with contextlib.suppress(ConnectionClosed):
        for _ in range(count):
            if ws.protocol.close_rcvd is not None:
                break
            await ws.send(frame)
            await asyncio.sleep(0)  # a yield, not a wait: the close frame gets read
    async with asyncio.timeout(TIMEOUT):
        while ws.protocol.close_rcvd is None:  # read (pongs) so the close frame gets parsed
            with contextlib.suppress(TimeoutError, ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 0.05)  # recv is cancellation-safe
    ws.transport.abort()
    return int(ws.protocol.close_rcvd.code)


async def refused_for(hub: HubProcess, board: dict) -> float:
    """Connect: the flood cooldown answers HTTP 429 before the websocket opens; its
    Retry-After in seconds."""
    try:
        ws = await websockets.connect(hub.ws_url(board["id"]))
    except InvalidStatus as refused:
        assert refused.response.status_code == 429
        return float(refused.response.headers["retry-after"])
    await ws.close()  # never leave a socket to a later test's warnings
    pytest.fail("the websocket opened during the flood cooldown")


async def answers(client: Client, cids: list[str]) -> dict[str, str]:
    """Each cid's answer: "applied" or the rejection code."""
    got: dict[str, str] = {}
    while len(got) < len(cids):
        frame = await client.recv()
        if frame.get("cid") in cids and frame["type"] in ("applied", "rejected"):
            got[frame["cid"]] = frame.get("code", frame["type"])
    return got


async def test_a_byte_flood_is_closed_4009(own_hub: HubProcess) -> None:
    """L3: far over the per-connection byte rate, the connection is closed with 4009;
    the board is unchanged by the flood's frames (they were all pings)."""
    board = own_hub.new_board(title="Flood")
    client = await Client.join(own_hub, board)
    padding = pack({"type": "ping", "pad": "x" * 30000})  # invalid_frame, but bytes count
    assert await flood(client.ws, padding, 200) == 4009


SLOW_COOLDOWN = {**FLOOD, "CROSSBOARD_FLOOD_COOLDOWN": "4", "CROSSBOARD_FLOOD_COOLDOWN_MAX": "8"}
"""Cooldowns long enough that Retry-After (whole seconds left) tells a doubled cooldown from
the first one even when the machine is slow to make the next request."""


@pytest.mark.parametrize("own_hub", [SLOW_COOLDOWN], indirect=True)
async def test_a_frame_flood_is_closed_4009_and_reconnects_are_refused_for_a_while(
    own_hub: HubProcess,
) -> None:
    """L5: tiny frames count too (each costs its length plus 1 KiB of the byte budget), so a
    flood of pings is closed 4009 long before its bytes would be. Then the address is in
    the cooldown: a new connection gets HTTP 429 with Retry-After (4 s here, counting
    down), until it ends; a second flood doubles it (8 s, the maximum here)."""
    board = own_hub.new_board(title="Ping flood")
    client = await Client.join(own_hub, board)
    assert await flood(client.ws, pack({"type": "ping"}), 5000) == 4009
    first = await refused_for(own_hub, board)
    assert 1 <= first <= 4
    await asyncio.sleep(first + 0.1)  # time passes: the cooldown ends (Retry-After rounds up)
    again = await Client.join(own_hub, board, name="back")
    assert await flood(again.ws, pack({"type": "ping"}), 5000) == 4009
    doubled = await refused_for(own_hub, board)
    assert 4 < doubled <= 8, "the second flood's cooldown is twice the first"
    await asyncio.sleep(doubled + 0.1)  # time passes: the doubled cooldown ends
    back = await Client.join(own_hub, board, name="calm")
    cid = await back.send_op(note("after"))
    assert (await answers(back, [cid]))[cid] == "applied"


async def test_after_a_flood_new_connections_get_no_burst(own_hub: HubProcess) -> None:
    """L6: after the cooldown the address is on probation: a new participant's ops go at
    the rate (30/s) from the first one, without the burst of 120 a fresh one gets."""
    board = own_hub.new_board(title="Probation")
    client = await Client.join(own_hub, board)
    assert await flood(client.ws, pack({"type": "ping"}), 5000) == 4009
    await asyncio.sleep(1.1)  # time passes: the 1 s cooldown ends, probation begins
    late = await Client.join(own_hub, board, name="late")
    started = time.monotonic()
    cids = [await late.send_op(note(f"p{i}")) for i in range(60)]
    got = await answers(late, cids)
    allowed = 1 + 30 * (time.monotonic() - started) + 1
    assert 1 <= list(got.values()).count("applied") <= allowed, got


@pytest.mark.parametrize("own_hub", [{}], indirect=True)  # the default limits
async def test_reconnecting_does_not_refill_a_participants_op_bucket(own_hub: HubProcess) -> None:
    """L7: a participant's op bucket (30/s, bursts of 120) outlives its connection: spent,
    then reconnected at once with the same participant id, the two connections together
    get no more than one burst plus the rate."""
    board = own_hub.new_board(title="Bucket")
    started = time.monotonic()
    first = await Client.join(own_hub, board, name="p")
    burst = [await first.send_op(note(f"a{i}"), cid=f"a{i}") for i in range(150)]
    applied = list((await answers(first, burst)).values()).count("applied")
    assert applied < 150
    await first.close()
    second = await Client.join(own_hub, board, name="p", credential=first.welcome["credential"])
    cids = [await second.send_op(note(f"b{i}"), cid=f"b{i}") for i in range(40)]
    applied += list((await answers(second, cids)).values()).count("applied")
    assert applied <= 120 + 30 * (time.monotonic() - started) + 1


async def test_ops_per_address_are_shared_over_its_connections(hub: HubProcess) -> None:
    """L4: two connections of one address share its op rate (50/s here)."""
    board = hub.new_board(title="Shared rate")
    a = await Client.join(hub, board, name="a")
    b = await Client.join(hub, board, name="b", department="sales")
    cids: dict[Client, list[str]] = {a: [], b: []}
    for i in range(60):
        cids[a].append(await a.send_op(note(f"a{i}")))
        cids[b].append(await b.send_op(note(f"b{i}")))
    got = {**await answers(a, cids[a]), **await answers(b, cids[b])}
    limited = [c for c, v in got.items() if v == "rate_limited"]
    applied = [c for c, v in got.items() if v == "applied"]
    assert len(applied) + len(limited) == 120
    assert 40 <= len(applied) <= 80, "about the address's burst of 50 got through"
