"""Fan-out: every client sees every seq once, in order; a slow reader is closed, not skipped."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed

from ..support import TIMEOUT, UNLIMITED, Client, HubProcess, note


async def test_concurrent_writers_see_one_order(hub: HubProcess, board: dict) -> None:
    """O2: three clients writing at once all end with the same seq order and the same board."""
    clients = [
        await Client.join(hub, board, name=n, department=d)
        for n, d in (("P", "product"), ("S", "sales"), ("M", "marketing"))
    ]
    per_client = 40

    async def write(c: Client, tag: str) -> None:
        for i in range(per_client):
            await c.send_op(note(f"{tag}{i}", f"{tag} {i}"))

    await asyncio.gather(*(write(c, c.welcome["you"]["name"]) for c in clients))
    total = per_client * len(clients)
    seen: list[list[tuple[int, str]]] = []
    for c in clients:
        frames = []
        while len(frames) < total:
            frame = await c.recv()
            if frame["type"] == "applied":
                frames.append((frame["seq"], frame["op"]["id"]))
        seen.append(frames)
    assert seen[0] == seen[1] == seen[2]
    assert [s for s, _ in seen[0]] == list(range(1, total + 1))
    late = await Client.join(hub, board, role="screen", name="Screen", department=None)
    assert len(late.welcome["board"]["items"]) == total


@pytest.mark.slow
async def test_a_client_that_stops_reading_is_closed_4008_and_resumes_without_a_gap(
    tmp_path: Path,
) -> None:
    """S2: the slow consumer is closed with 4008 (never silently skipped) and its resume
    delivers exactly what it missed."""
    env = {**UNLIMITED, "CROSSBOARD_MAX_QUEUE_BYTES": "65536"}
    hub = HubProcess(tmp_path / "data", env=env).start()
    try:
        board = hub.new_board()
        stalled = await Client.join(hub, board, name="Stalled")
        writer = await Client.join(hub, board, name="Writer", department="sales")
        text = "x" * 1500
        sent = 0
        code = None

        async def drain_writer(n: int) -> None:
            got = 0
            while got < n:
                if (await writer.recv())["type"] == "applied":
                    got += 1

        for _batch in range(200):  # at most 4,000 ops (6 MB) before the close must come
            for _ in range(20):  # small batches: the writer itself must not be a slow reader
                sent += 1
                await writer.send_op(note(f"w{sent}", text))
            await drain_writer(20)
            # Is the stalled client closed yet? Peek without reading its frames.
            if stalled.ws.close_code is not None or stalled.ws.protocol.close_rcvd:
                break
        # Now read everything the stalled client had buffered, then its close code.
        seqs = []
        with pytest.raises(ConnectionClosed) as info:
            while True:
                frame = await stalled.recv(timeout=TIMEOUT)
                if frame["type"] == "applied":
                    seqs.append(frame["seq"])
        code = info.value.rcvd.code if info.value.rcvd else None
        assert code == 4008, f"expected slow-consumer close, got {code}"
        assert seqs == list(range(1, len(seqs) + 1)), "frames before the close are in order"
        assert len(seqs) < sent, "the client really was behind"

        back = await Client.join(
            hub, board, name="Stalled", resume={"epoch": stalled.welcome["epoch"], "seq": seqs[-1]}
        )
        resumed = [f["seq"] for f in back.welcome["ops"]]
        assert resumed == list(range(seqs[-1] + 1, sent + 1))
    finally:
        hub.stop()


async def test_an_op_may_build_on_the_same_clients_unacknowledged_op(
    hub: HubProcess, board: dict
) -> None:
    """O5: the pre-check must not refuse an op that only an earlier in-flight op of the same
    connection makes valid (an offline queue: a goal node, then its child)."""
    client = await Client.join(hub, board)
    goal = {"kind": "item.add", "id": "g1", "block": "goals", "item": {"kind": "goal"}}
    child = {
        "kind": "item.add", "id": "g2", "block": "goals",
        "item": {"kind": "goal", "title": "child", "parent": "g1"},
    }  # fmt: skip
    hang = note("n1", "hung", block="goals", on="g2")
    cids = [await client.send_op(op) for op in (goal, child, hang)]
    answers = [await client.recv_until(lambda f, c=c: f.get("cid") == c) for c in cids]
    assert [a["type"] for a in answers] == ["applied"] * 3, answers
    # A genuinely invalid op with nothing in flight is still refused without a seq.
    bad = await client.send_op({"kind": "item.remove", "id": "nope"})
    frame = await client.recv_until(lambda f: f.get("cid") == bad)
    assert frame["type"] == "rejected" and "seq" not in frame
