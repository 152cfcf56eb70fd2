"""D1, S1: what the server acknowledged survives `kill -9`, and resume sends exactly the gap."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support import UNLIMITED, Client, HubProcess, note

FAST = UNLIMITED


@pytest.mark.slow
async def test_acknowledged_ops_survive_kill_9_and_resume_sends_exactly_the_gap(
    tmp_path: Path,
) -> None:
    hub = HubProcess(tmp_path / "data", env=FAST).start()
    try:
        board = hub.new_board(title="Durable")
        writer = await Client.join(hub, board)
        cids = [await writer.send_op(note(f"n{i}", f"note {i}")) for i in range(1, 1001)]
        acked: dict[str, int] = {}
        while len(acked) < len(cids):
            frame = await writer.recv()
            assert frame["type"] == "applied", frame
            acked[frame["cid"]] = frame["seq"]
        assert sorted(acked.values()) == list(range(1, 1001))
        epoch = writer.welcome["epoch"]

        hub.kill9()
        hub.start()

        fresh = await Client.join(hub, board, name="Late", department="sales")
        items = fresh.welcome["board"]["items"]
        assert fresh.welcome["seq"] == 1000
        assert fresh.welcome["epoch"] == epoch
        assert {f"n{i}" for i in range(1, 1001)} == set(items)
        assert items["n777"]["text"] == "note 777"

        back = await Client.join(hub, board, resume={"epoch": epoch, "seq": 500})
        assert "board" not in back.welcome
        assert [f["seq"] for f in back.welcome["ops"]] == list(range(501, 1001))
        assert [f["op"]["id"] for f in back.welcome["ops"]] == [f"n{i}" for i in range(501, 1001)]
        assert back.welcome["seq"] == 1000
        for c in (writer, fresh, back):
            await c.close()
    finally:
        hub.stop()


async def test_resume_with_an_unknown_epoch_gets_the_full_board(
    hub: HubProcess, board: dict
) -> None:
    """S1: a client whose epoch is not the board's must not apply ops on a wrong base."""
    first = await Client.join(hub, board)
    await first.send_op(note("a"))
    await first.recv()
    again = await Client.join(hub, board, resume={"epoch": "not-this-one", "seq": 0})
    assert again.welcome["board"]["items"].keys() == {"a"}
    assert "ops" not in again.welcome


async def test_resume_from_the_head_gets_no_ops_and_then_live_ones(
    hub: HubProcess, board: dict
) -> None:
    first = await Client.join(hub, board)
    await first.send_op(note("a"))
    await first.recv()
    again = await Client.join(hub, board, resume={"epoch": first.welcome["epoch"], "seq": 1})
    assert again.welcome["ops"] == [] and again.welcome["seq"] == 1
    await first.send_op(note("b"))
    frame = await again.recv()
    assert frame["type"] == "applied" and frame["seq"] == 2 and frame["op"]["id"] == "b"


async def test_resume_from_the_future_gets_the_full_board(hub: HubProcess, board: dict) -> None:
    """S1: a seq past the head (the client is confused) is answered with the full board."""
    first = await Client.join(hub, board)
    again = await Client.join(hub, board, resume={"epoch": first.welcome["epoch"], "seq": 99})
    assert again.welcome["seq"] == 0 and "board" in again.welcome
