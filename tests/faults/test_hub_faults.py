"""Fault injection on real processes (issue: nothing lost, nobody in where they do not belong).

Each test ends with the exactly-once check of tests/peer.py: every acknowledged op is in the
log once, in one order, and every client's board equals the log replayed from scratch.
Redis faults (restart with AOF, restart empty, a hub killed while on Redis) are in
tests/integration/test_multinode.py.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from ..peer import Peer, assert_exactly_once, edit, under_way
from ..support import TIMEOUT, UNLIMITED, Client, HubProcess, note

DEPARTMENTS = ["product", "sales", "marketing"]


async def start_peers(hub: HubProcess, board: dict, n: int) -> tuple[list[Peer], dict]:
    peers = [await Peer([hub], board, f"p{i}", DEPARTMENTS[i % 3]).start() for i in range(n)]
    return peers, peers[0].welcomes[0]["board"]


@pytest.mark.slow
async def test_kill_9_the_hub_mid_burst_and_restart_it(tmp_path: Path) -> None:
    hub = HubProcess(tmp_path / "data", env=UNLIMITED).start()
    board = hub.new_board(title="Kill mid-burst")
    peers, genesis = await start_peers(hub, board, 6)
    try:
        writing = asyncio.create_task(edit(peers, 600, pause=0.001))
        await under_way(peers, 150)
        hub.kill9()
        await asyncio.sleep(0.5)  # an outage, not a wait: reconnects are refused meanwhile
        hub.start()
        await writing
        for peer in peers:
            await peer.settled()
        assert any(len(p.welcomes) > 1 for p in peers), "clients reconnected"
        log = await assert_exactly_once(hub, board, genesis, peers)
        assert len(log) == 600
    finally:
        for peer in peers:
            await peer.stop()
        hub.stop()


@pytest.mark.slow
async def test_sigstop_the_hub_for_10_seconds(tmp_path: Path) -> None:
    """A frozen hub (GC pause, swapped out, VM stolen): clients keep their queue; after
    SIGCONT everything arrives once, in order."""
    hub = HubProcess(tmp_path / "data", env=UNLIMITED).start()
    board = hub.new_board(title="Frozen hub")
    peers, genesis = await start_peers(hub, board, 5)
    try:
        await edit(peers, 100)
        hub.pause()
        await edit(peers, 100)  # sent into a frozen server
        await asyncio.sleep(10)  # the freeze itself, not a wait: ops queue up meanwhile
        hub.resume()
        for peer in peers:
            await peer.settled()
        assert len(await assert_exactly_once(hub, board, genesis, peers)) == 200
    finally:
        for peer in peers:
            await peer.stop()
        hub.stop()


@pytest.mark.slow
async def test_a_full_disk_refuses_ops_instead_of_losing_them(tmp_path: Path) -> None:
    """The SQLite files may not grow (RLIMIT_FSIZE, like a full disk): the hub answers
    `storage_unavailable` and acknowledges nothing it could not store; after a restart with
    room again, every acknowledged op is there exactly once."""
    hub = HubProcess(tmp_path / "data", env=UNLIMITED, max_file_bytes=1_500_000).start()
    board = hub.new_board(title="Full disk")
    client = await Client.join(hub, board)
    acked: dict[str, int] = {}
    refused: dict[str, str] = {}
    text = "x" * 1900
    for i in range(2000):
        cid = await client.send_op(note(f"n{i}", text))
        frame = await client.recv_until(lambda f, c=cid: f.get("cid") == c)
        if frame["type"] == "applied":
            acked[cid] = frame["seq"]
        else:
            refused[cid] = frame["code"]
            if len(refused) >= 20:
                break
    assert refused, "the disk never filled up"
    assert set(refused.values()) == {"storage_unavailable"}
    assert hub.proc is not None and hub.proc.poll() is None, "the hub is still up"
    await client.ws.send(b"\x81\xa4type\xa4ping")
    assert (await client.recv_until(lambda f: f["type"] == "pong"))["type"] == "pong"
    await client.close()
    hub.stop()

    hub.max_file_bytes = None
    hub.start()
    try:
        peer = await Peer([hub], board, "auditor", "sales").start()
        genesis = hub_genesis(board, peer)
        peer.acked = acked  # what the first client was told is durable
        log = await assert_exactly_once(hub, board, genesis, [peer])
        assert len(log) == len(acked)
        assert max(acked.values()) == len(acked), "refused ops took no seq"
        await peer.stop()
    finally:
        hub.stop()


def hub_genesis(board: dict, peer: Peer) -> dict:
    """The board at seq 0: the template, empty (the welcome had the full board)."""
    state = dict(peer.welcomes[0]["board"])
    return {**state, "items": {}, "seq": 0}


@pytest.mark.slow
async def test_a_client_that_stops_reading_while_fifty_others_edit(tmp_path: Path) -> None:
    env = {**UNLIMITED, "CROSSBOARD_MAX_QUEUE_BYTES": "200000"}
    hub = HubProcess(tmp_path / "data", env=env).start()
    board = hub.new_board(title="Slow reader")
    stalled = await Client.join(hub, board, name="Stalled")  # never reads
    peers, genesis = await start_peers(hub, board, 50)
    try:
        await edit(peers, 1500, text="y" * 400)
        for peer in peers:
            await peer.settled(timeout=12 * TIMEOUT)
        assert len(await assert_exactly_once(hub, board, genesis, peers)) == 1500
        codes = []
        try:
            while True:
                await stalled.recv(timeout=TIMEOUT)
        except Exception as exc:  # ConnectionClosed with the code
            codes.append(getattr(getattr(exc, "rcvd", None), "code", None))
        assert codes == [4008], "the slow reader was closed as slow, not silently skipped"
    finally:
        for peer in peers:
            await peer.stop()
        hub.stop()
