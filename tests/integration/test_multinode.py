"""Several hub processes on one Redis (real redis-server, real `crossboard serve` processes).

Each test ends with the exactly-once check of tests/peer.py: every acknowledged op is in the
log once, in one order, and every client's board equals the log replayed from scratch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis as redis_client

from ..peer import Peer, assert_exactly_once, edit, under_way
from ..support import TIMEOUT, Client, HubProcess, RedisCluster, RedisServer, note, until

SECRET = "multinode-test-secret"
DEPARTMENTS = ["product", "sales", "marketing"]


def redis_hubs(tmp_path: Path, url: str, n: int) -> list[HubProcess]:
    return [
        HubProcess(tmp_path / f"hub{i}", extra=["--redis-url", url, "--secret", SECRET]).start()
        for i in range(n)
    ]


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis", appendonly=True).start()
    yield server
    server.stop()


async def peers_on(hubs: list[HubProcess], board: dict, per_hub: int) -> tuple[list[Peer], dict]:
    peers = []
    for h in range(len(hubs)):
        for i in range(per_hub):
            peer = Peer(hubs, board, f"h{h}p{i}", DEPARTMENTS[i % 3], hub_index=h)
            peers.append(await peer.start())
    genesis = peers[0].welcomes[0]["board"]
    assert peers[0].welcomes[0]["seq"] == 0
    return peers, genesis


async def stop_all(peers: list[Peer], hubs: list[HubProcess]) -> None:
    try:
        for peer in peers:
            await peer.stop()
    finally:
        for hub in hubs:
            hub.stop()


@pytest.mark.slow
async def test_two_hubs_one_board_one_order(tmp_path: Path, redis: RedisServer) -> None:
    """Clients on two hub processes see every op in the same seq order; boards are equal."""
    hubs = redis_hubs(tmp_path, redis.url, 2)
    board = hubs[0].new_board(title="Two hubs")
    peers, genesis = await peers_on(hubs, board, 3)
    try:
        await edit(peers, 300)
        for peer in peers:
            await peer.settled()
        log = await assert_exactly_once(hubs[1], board, genesis, peers)
        assert len(log) == 300
        seen_on = {p.welcomes[0]["you"]["id"]: p.hub_index for p in peers}
        assert set(seen_on.values()) == {0, 1}
    finally:
        await stop_all(peers, hubs)


@pytest.mark.slow
async def test_two_hubs_on_a_redis_cluster(tmp_path: Path, redis_cluster: RedisCluster) -> None:
    """The same two-node test with boards in a real 3-master Redis Cluster."""
    hubs = redis_hubs(tmp_path, redis_cluster.url, 2)
    try:
        boards = [hubs[0].new_board(title=f"Cluster {i}") for i in range(3)]
        for board in boards:
            peers, genesis = await peers_on(hubs, board, 2)
            try:
                await edit(peers, 60)
                for peer in peers:
                    await peer.settled()
                assert len(await assert_exactly_once(hubs[0], board, genesis, peers)) == 60
            finally:
                for peer in peers:
                    await peer.stop()
    finally:
        for hub in hubs:
            hub.stop()


@pytest.mark.slow
async def test_kill_9_a_hub_while_clients_edit(tmp_path: Path, redis: RedisServer) -> None:
    """Its clients reconnect to the other hub and resume; nothing lost or duplicated."""
    hubs = redis_hubs(tmp_path, redis.url, 2)
    board = hubs[0].new_board(title="Kill a hub")
    peers, genesis = await peers_on(hubs, board, 3)
    try:
        writing = asyncio.create_task(edit(peers, 400, pause=0.002))
        await under_way(peers, 100)
        hubs[0].kill9()
        await writing
        for peer in peers:
            await peer.settled()
        moved = [p for p in peers if p.welcomes[0]["you"]["id"] and len(p.welcomes) > 1]
        assert moved, "the killed hub's clients reconnected"
        assert all("ops" in w for p in moved for w in p.welcomes[1:]), "they resumed"
        assert len(await assert_exactly_once(hubs[1], board, genesis, peers)) == 400
    finally:
        await stop_all(peers, hubs)


@pytest.mark.slow
async def test_redis_restart_with_aof_mid_edit(tmp_path: Path, redis: RedisServer) -> None:
    """Stop redis-server mid-edit and start it again on its AOF: hubs keep their clients,
    ops sent meanwhile are refused as retryable and go through after; all converge."""
    hubs = redis_hubs(tmp_path, redis.url, 2)
    board = hubs[0].new_board(title="Redis restarts")
    peers, genesis = await peers_on(hubs, board, 2)
    try:
        writing = asyncio.create_task(edit(peers, 300, pause=0.003))
        await under_way(peers, 75)
        redis.kill9()
        await asyncio.sleep(1.0)  # an outage, not a wait: ops sent meanwhile are refused
        redis.start()
        await writing
        for peer in peers:
            await peer.settled()
        log = await assert_exactly_once(hubs[0], board, genesis, peers)
        assert len(log) == 300
        assert all(p.epoch == peers[0].welcomes[0]["epoch"] for p in peers), "same epoch"
    finally:
        await stop_all(peers, hubs)


@pytest.mark.slow
async def test_redis_restarted_empty_changes_the_epoch(tmp_path: Path) -> None:
    """D3, S1: Redis comes back with nothing: the board is re-seeded from a hub's replica
    under a new epoch, and clients take it whole instead of resuming on a wrong base."""
    redis = RedisServer(tmp_path / "redis", appendonly=False).start()
    hubs = redis_hubs(tmp_path, redis.url, 2)
    board = hubs[0].new_board(title="Redis forgets")
    peers, _ = await peers_on(hubs, board, 2)
    try:
        await edit(peers, 50)
        for peer in peers:
            await peer.settled()
        before = peers[0].replica.to_wire()  # type: ignore[union-attr]
        old_epoch = peers[0].epoch
        redis.kill9()
        redis.wipe()
        redis.start()
        await peers[0].send(note("after-restart", "written after Redis forgot"))
        for peer in peers:
            await peer.settled()
        # Hubs notice on their next append or subscriber reconnect.
        await until(
            lambda: all(p.epoch != old_epoch for p in peers),
            "every client moved to the new epoch",
            6 * TIMEOUT,
        )
        assert all("board" in p.welcomes[-1] for p in peers), "and took the board whole"
        # The late join reads hubs[1]: first let every peer (one is on hubs[1]) see the note
        # acknowledged on hubs[0], so the check is about loss, not about a hub catching up.
        await until(
            lambda: all(p.replica and "after-restart" in p.replica.items for p in peers),
            "the note reached every hub",
            6 * TIMEOUT,
        )
        fresh = await Client.join(hubs[1], board, role="screen", name="Late", department=None)
        items = fresh.welcome["board"]["items"]
        assert set(before["items"]) <= set(items), "nothing acknowledged was lost"
        assert items["after-restart"]["text"] == "written after Redis forgot"
        await fresh.close()
        states = {str(p.replica.to_wire()["items"]) for p in peers if p.replica}
        assert len(states) == 1
    finally:
        await stop_all(peers, hubs)
        redis.stop()


@pytest.mark.slow
async def test_a_trimmed_stream_loads_from_the_snapshot(tmp_path: Path, redis: RedisServer) -> None:
    """Streams are trimmed behind the newest snapshot: a hub that opens the board later loads
    snapshot + tail, and a resume from before the window gets the full board."""
    env = {"CROSSBOARD_SNAPSHOT_EVERY": "50", "CROSSBOARD_REDIS_WINDOW": "20"}
    first = HubProcess(
        tmp_path / "a", env=env, extra=["--redis-url", redis.url, "--secret", SECRET]
    ).start()
    board = first.new_board(title="Trimmed")
    peers, _ = await peers_on([first], board, 2)
    try:
        await edit(peers, 300)
        for peer in peers:
            await peer.settled()
        expected = peers[0].replica.to_wire()  # type: ignore[union-attr]
        with redis_client.Redis(port=redis.port) as direct:
            length = direct.xlen(f"cb:{{{board['id']}}}:log")
        assert length < 300, "the stream was trimmed"
        later = HubProcess(
            tmp_path / "b", env=env, extra=["--redis-url", redis.url, "--secret", SECRET]
        ).start()
        try:
            fresh = await Client.join(later, board, role="screen", name="S", department=None)
            assert fresh.welcome["board"] == expected and fresh.welcome["seq"] == 300
            old = await Client.join(
                later, board, role="screen", name="S2", department=None,
                resume={"epoch": peers[0].epoch, "seq": 5},
            )  # fmt: skip
            assert old.welcome["board"] == expected, "too far behind: the full board"
            recent = await Client.join(
                later, board, role="screen", name="S3", department=None,
                resume={"epoch": peers[0].epoch, "seq": 295},
            )  # fmt: skip
            assert [f["seq"] for f in recent.welcome["ops"]] == [296, 297, 298, 299, 300]
        finally:
            later.stop()
    finally:
        await stop_all(peers, [first])


@pytest.mark.slow
async def test_three_hubs_thirty_clients_each_three_thousand_ops(
    tmp_path: Path, redis: RedisServer
) -> None:
    """3 hub processes x 30 clients on one board, 3,000 ops from random clients: identical
    boards everywhere, every acknowledged op exactly once."""
    hubs = redis_hubs(tmp_path, redis.url, 3)
    board = hubs[0].new_board(title="Ninety people")
    peers, genesis = await peers_on(hubs, board, 30)
    try:
        await edit(peers, 3000)
        for peer in peers:
            await peer.settled(timeout=12 * TIMEOUT)
        assert len(await assert_exactly_once(hubs[2], board, genesis, peers)) == 3000
    finally:
        await stop_all(peers, hubs)
