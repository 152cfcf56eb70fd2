"""Scale-out on real Redis: a cluster's fan-out, Redis going back in time, many boards on
two hubs, the cid hash trimmed with the stream (real redis-server processes, real hubs)."""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import redis as redis_client
from redis.crc import key_slot

from crossboard.engine.base import Snapshot
from crossboard.engine.redis import RedisEngine

from ..peer import Peer, assert_exactly_once
from ..support import (
    TIMEOUT,
    UNLIMITED,
    Client,
    HubProcess,
    RedisCluster,
    RedisServer,
    cursor_moves,
    free_cluster_port,
    note,
    pack,
    until,
)

SECRET = "scale-out-test-secret"


def hubs_on(
    tmp_path: Path, url: str, n: int, env: dict[str, str] | None = None
) -> list[HubProcess]:
    extra = ["--redis-url", url, "--secret", SECRET]
    return [
        HubProcess(tmp_path / f"hub{i}", extra=extra, env={**(env or {})}).start() for i in range(n)
    ]


async def test_the_cid_hash_is_trimmed_with_the_stream(tmp_path: Path) -> None:
    """D2: past the window, the trimmed entries' cids leave the cid hash with them; the
    cids of entries still in the stream still answer re-sends."""
    server = RedisServer(tmp_path / "redis").start()
    engine = RedisEngine(server.url, window=100)
    await engine.start()
    try:
        genesis = {"id": "b1", "title": "T", "departments": [], "blocks": {}, "items": {}}
        await engine.create_board(genesis)
        by = {"id": "p", "name": "P", "department": None, "role": "participant"}
        for i in range(1, 601):
            op = {"kind": "item.remove", "id": f"n{i}"}
            await engine.append("b1", op, by, f"c{i}")
            if i == 500:
                await engine.save_snapshot("b1", Snapshot(500, genesis))
        client = redis_client.Redis(port=server.port)
        cids = client.hlen("cb:{b1}:cids")
        entries = client.xlen("cb:{b1}:log")
        assert cids == entries, (cids, entries)
        assert entries <= 101
        again = await engine.append("b1", {"kind": "item.remove", "id": "n600"}, by, "c600")
        assert again.duplicate and again.entry.seq == 600
        client.close()
    finally:
        await engine.close()
        server.stop()


async def fan_out_latency(hubs: list[HubProcess], boards: list[dict[str, Any]]) -> list[float]:
    """ms from an op sent on hub 0 to its arrival at a client of hub 1, per board."""
    writers = [await Client.join(hubs[0], b, name="W") for b in boards]
    readers = [await Client.join(hubs[1], b, name="R") for b in boards]
    times: list[float] = []
    for round_ in range(4):
        for w, r, b in zip(writers, readers, boards, strict=True):
            started = time.perf_counter()
            await w.send_op(note(f"{b['id']}-{round_}", "hello"))
            await r.recv_until(lambda f: f["type"] == "applied", timeout=4 * TIMEOUT)
            times.append((time.perf_counter() - started) * 1000)
    return times


@pytest.mark.slow
async def test_a_cluster_fans_out_without_waiting_on_idle_masters(tmp_path: Path) -> None:
    """D2 on a 3-master cluster with boards on every master: an op from one hub reaches a
    client of another at once, not after the read timeouts of the idle masters (before:
    about 1 s per idle master). The goal (p99 < 100 ms) lives in docs/benchmarks.md; here
    each hub must hold a subscriber connection on every master, and the median must stay
    well under one read timeout."""
    cluster = RedisCluster(tmp_path / "cluster").start()
    hubs = hubs_on(tmp_path, cluster.url, 2)
    try:
        # Board ids are random: make boards until each master holds four (12 random ones
        # missed a master about once in 40 runs), bounded.
        on: dict[int, list[dict[str, Any]]] = {0: [], 1: [], 2: []}
        for i in range(120):
            if min(len(b) for b in on.values()) >= 4:
                break
            board = hubs[0].new_board(title=f"B{i}")
            slot = key_slot(("cb:{" + board["id"] + "}:ch").encode())
            on[0 if slot < 5461 else 1 if slot < 10923 else 2].append(board)
        assert all(len(b) >= 4 for b in on.values()), "the boards should live on every master"
        boards = [b for master in on.values() for b in master[:4]]
        times = await fan_out_latency(hubs, boards)
        for node in cluster.nodes:  # each hub reads every master on a connection of its own
            client = redis_client.Redis(port=node.port)
            assert len(client.client_list(_type="pubsub")) >= 2, node.port
            client.close()
        # Before: a read timeout (1 s) per idle master, p50 about 2 s. A busy machine may
        # slow single ops; the median stays far below one read timeout.
        assert statistics.median(times) < 750 * TIMEOUT / 5, times
    finally:
        for h in hubs:
            h.stop()
        cluster.stop()


@pytest.mark.slow
async def test_redis_going_back_in_time_is_noticed(tmp_path: Path) -> None:
    """D4: Redis restarted from an older file (head 120 -> 100, same epoch). The hubs notice
    it, re-seed the board from their replica under a new epoch and send clients to reload;
    every acknowledged op survives, and the next ops are acknowledged, not dropped."""
    server = RedisServer(tmp_path / "redis").start()
    hubs = hubs_on(tmp_path, server.url, 2, env=UNLIMITED)
    client = redis_client.Redis(port=server.port)
    try:
        board = hubs[0].new_board(title="Rollback")
        peers = [await Peer(hubs, board, f"p{i}", hub_index=i % 2).start() for i in range(2)]
        genesis = peers[0].welcomes[0]["board"]
        for i in range(100):
            await peers[i % 2].send(note(f"a{i}", f"a{i}"))
        await asyncio.gather(*(p.settled(100) for p in peers))
        client.save()  # the older file: head 100
        older = tmp_path / "older.rdb"
        shutil.copy(server.workdir / "dump.rdb", older)
        for i in range(20):
            await peers[i % 2].send(note(f"b{i}", f"b{i}"))
        await asyncio.gather(*(p.settled(120) for p in peers))
        epoch = peers[0].epoch
        server.kill9()
        shutil.copy(older, server.workdir / "dump.rdb")
        server.start()
        client = redis_client.Redis(port=server.port)
        assert int(client.hget("cb:{" + board["id"] + "}:meta", "head") or 0) == 100
        for i in range(10):
            await peers[i % 2].send(note(f"c{i}", f"c{i}"))
        await until(lambda: all(p.epoch != epoch for p in peers), "the hubs noticed", 6 * TIMEOUT)
        await until(lambda: not any(p.pending for p in peers), "every op acknowledged", 6 * TIMEOUT)
        # Each peer's ops were acknowledged on its own hub: the other's reach it a little later
        # (seqs of two epochs here, so the wait is for the items, not for a head).
        after = {f"c{i}" for i in range(10)}
        await until(
            lambda: all(p.replica and after <= set(p.replica.items) for p in peers),
            "the next ops reached both replicas",
            6 * TIMEOUT,
        )
        for p in peers:
            assert p.replica is not None
            assert {f"a{i}" for i in range(100)} <= set(p.replica.items)
            assert {f"b{i}" for i in range(20)} <= set(p.replica.items), "acknowledged ops lost"
        assert peers[0].replica is not None and peers[1].replica is not None
        assert peers[0].replica.items == peers[1].replica.items
        del genesis
    finally:
        client.close()
        for p in peers:
            await p.stop()
        for h in hubs:
            h.stop()
        server.stop()


@pytest.mark.slow
async def test_two_hundred_boards_on_two_hubs_see_no_rejections(tmp_path: Path) -> None:
    """200 boards x 5 clients on 2 hubs, everyone writing at once: writes are pipelined
    across boards, so no op is refused `storage_unavailable` while Redis is healthy; and
    the hubs' head checks, run constantly here, never take live traffic for a rollback
    (the check once compared a head read before deliveries that landed during the read)."""
    server = RedisServer(tmp_path / "redis").start()
    env = {
        **UNLIMITED,
        "CROSSBOARD_BOARDS_PER_HOUR_PER_IP": "100000",
        "CROSSBOARD_REDIS_HEAD_CHECK": "0.02",
    }
    hubs = hubs_on(tmp_path, server.url, 2, env=env)
    clients: list[Client] = []
    try:
        boards = [hubs[0].new_board(title=f"B{i}") for i in range(200)]
        for i, b in enumerate(boards):
            for k in range(5):
                clients.append(await Client.join(hubs[(i + k) % 2], b, name=f"c{k}"))
        for round_ in range(4):
            cids = await asyncio.gather(
                *(c.send_op(note(f"n{n}-{round_}", "x")) for n, c in enumerate(clients))
            )
            outcomes = await asyncio.gather(
                *(
                    c.recv_until(lambda f, cid=cid: f.get("cid") == cid, timeout=6 * TIMEOUT)
                    for c, cid in zip(clients, cids, strict=True)
                )
            )
            refused = [f for f in outcomes if f["type"] == "rejected"]
            assert not refused, refused[:3]
    finally:
        for c in clients:
            await c.close()
        for h in hubs:
            h.stop()
        server.stop()


async def test_exactly_once_check_still_holds_after_scale_out_changes(tmp_path: Path) -> None:
    """The exactly-once check on two hubs after the pipelined writer and per-shard readers."""
    server = RedisServer(tmp_path / "redis").start()
    hubs = hubs_on(tmp_path, server.url, 2, env=UNLIMITED)
    peers: list[Peer] = []
    try:
        board = hubs[0].new_board(title="Once")
        peers = [await Peer(hubs, board, f"p{i}", hub_index=i % 2).start() for i in range(4)]
        genesis = peers[0].welcomes[0]["board"]
        for i in range(200):
            await peers[i % 4].send(note(f"n{i}", f"n{i}"))
        await asyncio.gather(*(p.settled() for p in peers))
        await assert_exactly_once(hubs[1], board, genesis, peers)
    finally:
        for p in peers:
            await p.stop()
        for h in hubs:
            h.stop()
        server.stop()


async def test_presence_cursors_and_follow_cross_hubs(tmp_path: Path) -> None:
    """P3: the facilitator on hub A sees who joined on hub B, their cursors (under the
    number hub A gave them, P2) and typing markers; the projector on hub B follows the
    facilitator's view; a late joiner on A lists everyone; leaving on B is seen on A."""
    server = RedisServer(tmp_path / "redis").start()
    hubs = hubs_on(tmp_path, server.url, 2)
    try:
        board = hubs[0].new_board(title="Across")
        fay = await Client.join(hubs[0], board, role="facilitator", name="Fay", department=None)
        screen = await Client.join(hubs[1], board, role="screen", name="Wall", department=None)
        ana = await Client.join(hubs[1], board, name="Ana", department="product")
        ana_id = ana.welcome["you"]["id"]

        def joined(f: dict[str, Any]) -> bool:
            return f["type"] == "presence" and any(p["id"] == ana_id for p in f["joined"])

        arrival = await fay.recv_until(joined)
        ana_n = next(p["n"] for p in arrival["joined"] if p["id"] == ana_id)
        await ana.ws.send(pack({"type": "cursor", "x": 12.5, "y": 34.5}))
        await ana.ws.send(pack({"type": "editing", "item": "n-1"}))
        moved = await fay.recv_until(
            lambda f: f["type"] == "cursors" and ana_n in cursor_moves(f) and ana_id in f["editing"]
        )
        assert cursor_moves(moved)[ana_n] == (12, 34) and moved["editing"][ana_id] == "n-1"
        await fay.ws.send(pack({"type": "viewport", "x": 100.5, "y": 50.5, "w": 800.5, "h": 600.5}))
        follow = await screen.recv_until(lambda f: f["type"] == "follow")
        assert (follow["x"], follow["w"]) == (100.5, 800.5)
        late = await Client.join(hubs[0], board, name="Late", department="sales")
        assert ana_id in {p["id"] for p in late.welcome["online"]}
        await ana.close()
        await fay.recv_until(lambda f: f["type"] == "presence" and ana_id in f["left"])
    finally:
        for h in hubs:
            h.stop()
        server.stop()


def cluster_with_replicas(workdir: Path) -> tuple[RedisCluster, list[RedisServer]]:
    """A 3-master cluster, each master with a replica, failing over within about a second."""
    cluster = RedisCluster(workdir / "cluster").start()
    cli = shutil.which("redis-cli") or "redis-cli"

    def call(node: RedisServer, *args: str) -> str:
        import subprocess

        return subprocess.run(
            [cli, "-p", str(node.port), *args],
            capture_output=True, text=True, check=True, timeout=TIMEOUT,
        ).stdout.strip()  # fmt: skip

    replicas = [
        RedisServer(workdir / f"replica{i}", port=free_cluster_port(), cluster=True).start()
        for i in range(3)
    ]
    for node in cluster.nodes + replicas:
        call(node, "config", "set", "cluster-node-timeout", "1000")
    for replica in replicas:
        call(cluster.nodes[0], "cluster", "meet", "127.0.0.1", str(replica.port))
    ids = [call(m, "cluster", "myid") for m in cluster.nodes]
    deadline = time.monotonic() + 12 * TIMEOUT
    for replica, master in zip(replicas, ids, strict=True):
        while master not in call(replica, "cluster", "nodes"):
            assert time.monotonic() < deadline, "the replica never learnt the cluster"
            time.sleep(0.05)
        call(replica, "cluster", "replicate", master)
    for replica in replicas:
        while "master_link_status:up" not in call(replica, "info", "replication"):
            assert time.monotonic() < deadline, "a replica never synced"
            time.sleep(0.05)
    return cluster, replicas


@pytest.mark.slow
async def test_a_master_failover_mid_edit_recovers_by_itself(tmp_path: Path) -> None:
    """D2: kill -9 the master holding a board while people edit; its replica is promoted,
    and both hubs (one only reads the board) recover by themselves within 10 s: every op
    acknowledged exactly once, every replica equal, new joiners see the whole board."""
    cluster, replicas = cluster_with_replicas(tmp_path)
    hubs = hubs_on(tmp_path, cluster.url, 2, env=UNLIMITED)
    peers: list[Peer] = []
    try:
        board = next(
            b
            for b in (hubs[0].new_board(title=f"F{i}") for i in range(40))
            if key_slot(("cb:{" + b["id"] + "}:ch").encode()) < 5461
        )  # a board on master 0, the one that dies
        writer = await Peer(hubs, board, "writer", hub_index=0).start()
        reader = await Peer(hubs, board, "reader", hub_index=1).start()
        peers = [writer, reader]
        genesis = writer.welcomes[0]["board"]
        for i in range(10):
            await writer.send(note(f"a{i}", f"a{i}"))
        await asyncio.gather(*(p.settled(10) for p in peers))
        cluster.nodes[0].kill9()
        killed = time.monotonic()
        for i in range(10):
            await writer.send(note(f"b{i}", f"b{i}"))
        await writer.settled(20, timeout=max(10.0, 4 * TIMEOUT))
        await reader.settled(20, timeout=max(10.0, 4 * TIMEOUT))
        recovered = time.monotonic() - killed
        assert recovered < max(10.0, 4 * TIMEOUT), recovered
        await assert_exactly_once(hubs[1], board, genesis, peers)
        fresh = await Client.join(hubs[1], board, name="Late")
        assert {f"b{i}" for i in range(10)} <= set(fresh.welcome["board"]["items"])
    finally:
        for p in peers:
            await p.stop()
        for h in hubs:
            h.stop()
        for r in replicas:
            r.stop()
        cluster.stop()


async def test_one_hub_writes_a_boards_snapshots(tmp_path: Path) -> None:
    """One snapshot writer per board: the first hub to ask holds a lease (renewed while
    it asks again), the others skip the copy and the write until the lease lapses."""
    server = RedisServer(tmp_path / "redis").start()
    first, second = RedisEngine(server.url), RedisEngine(server.url)
    for engine in (first, second):
        engine.lease_ms = 300
        await engine.start()
    try:
        assert await first.may_snapshot("b1")
        assert not await second.may_snapshot("b1")
        assert await first.may_snapshot("b1")  # the holder renews
        assert await second.may_snapshot("b2")  # per board
        await asyncio.sleep(0.5)  # time passes, the first hub quiet: its 300 ms lease lapses
        assert await second.may_snapshot("b1")
        assert not await first.may_snapshot("b1")
    finally:
        for engine in (first, second):
            await engine.close()
        server.stop()


async def test_a_hub_starts_while_redis_is_down_and_serves_once_it_is_up(tmp_path: Path) -> None:
    """A hub whose only Redis node is down still starts (it keeps trying); as soon as
    Redis answers, people join and write. Several seeds are accepted: a dead one first."""
    server = RedisServer(tmp_path / "redis")  # not started yet
    dead = f"redis://127.0.0.1:{free_cluster_port()}/0"
    hub = HubProcess(
        tmp_path / "hub", extra=["--redis-url", f"{dead},{server.url}", "--secret", SECRET]
    ).start()
    try:
        assert http_status(hub, "/healthz") == 200  # alive...
        assert http_status(hub, "/readyz") == 503  # ...but not ready: no Redis
        server.start()
        deadline = time.monotonic() + 6 * TIMEOUT
        while http_status(hub, "/readyz") != 200:
            assert time.monotonic() < deadline, "the hub never became ready"
            await asyncio.sleep(0.2)
        while True:
            try:
                board = hub.new_board(title="Late Redis")
                break
            except OSError:  # 503 while Redis is not reachable yet
                assert time.monotonic() < deadline, "the hub never reached Redis"
                await asyncio.sleep(0.2)
        ana = await Client.join(hub, board, name="Ana")
        cid = await ana.send_op(note("n-1", "after the wait"))
        made = await ana.recv_until(lambda f: f.get("cid") == cid)
        assert made["type"] == "applied"
    finally:
        hub.stop()
        server.stop()


def http_status(hub: HubProcess, path: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{hub.url}{path}", timeout=TIMEOUT) as r:
            return int(r.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def http_text(hub: HubProcess, path: str) -> str:
    import urllib.request

    with urllib.request.urlopen(f"{hub.url}{path}", timeout=TIMEOUT) as r:
        return str(r.read().decode())


def rooms_open(hub: HubProcess) -> int:
    import json
    import urllib.request

    with urllib.request.urlopen(f"{hub.url}/healthz", timeout=TIMEOUT) as r:
        return int(json.loads(r.read())["rooms"])


async def test_a_board_comes_back_from_the_hubs_archive_when_redis_is_empty(
    tmp_path: Path,
) -> None:
    """D5: Redis restarted empty while no hub had the board open (before: 4004, the board
    gone). The hub that served it kept its state in its data dir and re-seeds it under a
    new epoch on the next join."""
    server = RedisServer(tmp_path / "redis").start()
    hub = hubs_on(tmp_path, server.url, 1, env={"CROSSBOARD_ROOM_LINGER": "0.2"})[0]
    client = redis_client.Redis(port=server.port)
    try:
        board = hub.new_board(title="Kept")
        ana = await Client.join(hub, board, name="Ana")
        for i in range(30):
            cid = await ana.send_op(note(f"n{i}", f"note {i}"))
            await ana.recv_until(lambda f, c=cid: f.get("cid") == c)
        epoch = ana.welcome["epoch"]
        await ana.close()
        deadline = time.monotonic() + 4 * TIMEOUT
        while rooms_open(hub) > 0:
            assert time.monotonic() < deadline, "the board never unloaded"
            await asyncio.sleep(0.1)
        client.flushall()
        back = await Client.join(hub, board, name="Ana")
        assert back.welcome["epoch"] != epoch
        assert {f"n{i}" for i in range(30)} <= set(back.welcome["board"]["items"])
    finally:
        client.close()
        hub.stop()
        server.stop()


async def test_operations_metrics_and_json_logs(tmp_path: Path) -> None:
    """Operations: /metrics carries op->applied and Redis round-trip histograms, Redis
    errors and the process's CPU and memory; `--log-format json` writes one JSON object per
    line with the board, participant and close code of a closed connection."""
    server = RedisServer(tmp_path / "redis").start()
    extra = ["--redis-url", server.url, "--secret", SECRET, "--log-format", "json"]
    hub = HubProcess(tmp_path / "hub", extra=extra)
    hub.start_command(
        [
            sys.executable, "-m", "crossboard", "serve", "--port", str(hub.port),
            "--data-dir", str(hub.data_dir), "--quiet-links", "--log-level", "info",
            "--open-board-creation", *extra,
        ]
    )  # fmt: skip
    try:
        board = hub.new_board(title="Ops")
        ana = await Client.join(hub, board, name="Ana")
        cid = await ana.send_op(note("n1", "hello"))
        await ana.recv_until(lambda f: f.get("cid") == cid)
        await ana.close()
        text = await asyncio.to_thread(http_text, hub, "/metrics")
        assert 'crossboard_op_applied_ms_bucket{le="+Inf"} 1.0' in text
        assert "crossboard_redis_write_ms_count 1.0" in text
        assert "crossboard_redis_errors_total 0.0" in text
        assert "process_resident_memory_bytes" in text and "process_cpu_seconds_total" in text
        ana_id = ana.welcome["you"]["id"]
        deadline = time.monotonic() + 2 * TIMEOUT
        while True:
            lines = [json.loads(x) for x in hub.log().splitlines() if x.startswith("{")]
            closed = [x for x in lines if x.get("participant") == ana_id and "code" in x]
            if closed:
                break
            assert time.monotonic() < deadline, hub.log()[-2000:]
            await asyncio.sleep(0.1)
        assert closed[0]["board"] == board["id"] and closed[0]["time"].endswith("Z")
    finally:
        hub.stop()
        server.stop()
