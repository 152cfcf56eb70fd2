"""The engine contract (engine/base.py docstring). Every engine passes it.

Its rule ids are its own, EC1-EC8 (not the protocol's E rules of shared/PROTOCOL.md)."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import pytest

from crossboard.board.template import strategy_day
from crossboard.engine.base import BoardNotFound, Checkpoint, Engine, Entry, Snapshot

from ..support import TIMEOUT
from .conftest import Reopen


def by(name: str = "Ann") -> dict[str, Any]:
    return {"id": f"p-{name}", "name": name, "department": "product", "role": "participant"}


def add(i: int) -> dict[str, Any]:
    return {
        "kind": "item.add",
        "id": f"n{i}",
        "block": "expectations",
        "item": {"kind": "note", "text": f"note {i}"},
    }


class Seen:
    """A listener that records the seqs it is handed and can wait for one (listeners get the
    entries in order, EC2: once it has seq n, every earlier delivery has happened)."""

    def __init__(self) -> None:
        self.seqs: list[int] = []
        self._moved = asyncio.Event()

    def __call__(self, entry: Entry) -> None:
        self.seqs.append(entry.seq)
        self._moved.set()

    async def until(self, seq: int) -> None:
        async with asyncio.timeout(TIMEOUT):
            while not self.seqs or self.seqs[-1] < seq:
                self._moved.clear()
                await self._moved.wait()


async def new_board(engine: Engine) -> str:
    board = strategy_day(f"b{secrets.token_hex(4)}", "Contract")
    info = await engine.create_board(board.to_wire())
    assert info.head == 0 and info.epoch
    return info.id


async def test_appends_get_consecutive_seqs_in_call_order(engine: Engine) -> None:
    """EC1: seqs 1, 2, 3 ... per board, in the order one caller appended."""
    board = await new_board(engine)
    results = await asyncio.gather(
        *[engine.append(board, add(i), by(), f"c{i}") for i in range(50)]
    )
    assert [r.entry.seq for r in results] == list(range(1, 51))
    assert [r.entry.op["id"] for r in results] == [f"n{i}" for i in range(50)]
    assert not any(r.duplicate for r in results)


async def test_boards_have_independent_logs(engine: Engine) -> None:
    """EC1."""
    a, b = await new_board(engine), await new_board(engine)
    await engine.append(a, add(1), by(), "x1")
    result = await engine.append(b, add(1), by(), "x1")
    assert result.entry.seq == 1 and not result.duplicate
    assert (await engine.board_info(a)).head == 1  # type: ignore[union-attr]


async def test_listeners_get_every_entry_once_in_order(engine: Engine) -> None:
    """EC2."""
    board = await new_board(engine)
    got = Seen()
    await engine.subscribe(board, got)
    await asyncio.gather(*[engine.append(board, add(i), by(), None) for i in range(30)])
    await got.until(30)
    assert got.seqs == list(range(1, 31))


async def test_unsubscribed_listeners_get_nothing(engine: Engine) -> None:
    """EC2."""
    board = await new_board(engine)
    got: list[Entry] = []
    await engine.subscribe(board, got.append)
    await engine.unsubscribe(board, got.append)
    witness = Seen()
    await engine.subscribe(board, witness)
    await engine.append(board, add(1), by(), None)
    await witness.until(1)  # handed to the board's listeners: the gone one is not among them
    assert got == []


async def test_a_repeated_cid_is_not_sequenced_twice(engine: Engine) -> None:
    """EC3: idempotent append by client op id, also within one batch."""
    board = await new_board(engine)
    delivered = Seen()
    await engine.subscribe(board, delivered)
    first = await engine.append(board, add(1), by(), "same")
    again, twin = await asyncio.gather(
        engine.append(board, add(2), by(), "same"), engine.append(board, add(3), by(), "same")
    )
    assert again.duplicate and twin.duplicate
    assert again.entry == first.entry == twin.entry
    await engine.append(board, add(4), by(), None)
    await delivered.until(2)  # in order (EC2): a duplicate would have come before it
    assert delivered.seqs == [1, 2]
    assert await engine.find(board, "same") == first.entry
    assert await engine.find(board, "other") is None


async def test_read_since_returns_the_tail_in_order(engine: Engine) -> None:
    """EC4."""
    board = await new_board(engine)
    await asyncio.gather(*[engine.append(board, add(i), by(), None) for i in range(20)])
    assert [e.seq for e in await engine.read_since(board, 0)] == list(range(1, 21))
    assert [e.seq for e in await engine.read_since(board, 15)] == [16, 17, 18, 19, 20]
    assert [e.seq for e in await engine.read_since(board, 5, limit=3)] == [6, 7, 8]
    assert await engine.read_since(board, 20) == []
    entry = (await engine.read_since(board, 0, limit=1))[0]
    assert entry.op == add(0) and entry.by == by() and entry.ts > 0


async def test_snapshots_newest_first_and_genesis_at_zero(engine: Engine) -> None:
    """EC5."""
    board = await new_board(engine)
    genesis = await engine.load_snapshot(board)
    assert genesis.seq == 0 and genesis.state["id"] == board
    assert "goals" in genesis.state["blocks"]
    state = dict(genesis.state, title="later")
    await engine.save_snapshot(board, Snapshot(7, state))
    newest = await engine.load_snapshot(board)
    assert newest == Snapshot(7, state)


async def test_checkpoints_are_kept_listed_and_replaced_by_key(engine: Engine) -> None:
    """EC8: checkpoints (the board's history) per board, oldest first; the same key
    replaces; another board's are separate. Trimming the log never touches them."""
    board, other = await new_board(engine), await new_board(engine)
    state = (await engine.load_snapshot(board)).state
    first = Checkpoint("seq-3", "Before the SWOT", 3, 1_000, dict(state, title="Ёлка 🎄"))
    second = Checkpoint("manual-1", "Lunch", 9, 2_000, dict(state, title="later"))
    await engine.save_checkpoint(board, second)
    await engine.save_checkpoint(board, first)
    assert await engine.list_checkpoints(board) == [first, second]
    assert await engine.load_checkpoint(board, "seq-3") == first
    assert await engine.load_checkpoint(board, "nope") is None
    assert await engine.list_checkpoints(other) == []
    again = Checkpoint("seq-3", "Renamed", 3, 1_000, state)
    await engine.save_checkpoint(board, again)
    assert await engine.list_checkpoints(board) == [again, second]


async def test_unknown_boards(engine: Engine) -> None:
    """EC6."""
    assert await engine.board_info("nope") is None
    with pytest.raises(BoardNotFound):
        await engine.load_snapshot("nope")
    with pytest.raises(BoardNotFound):
        await engine.append("nope", add(1), by(), None)


async def test_creating_a_board_twice_fails(engine: Engine) -> None:
    board = strategy_day("twice", "Twice")
    await engine.create_board(board.to_wire())
    with pytest.raises(ValueError):
        await engine.create_board(board.to_wire())


async def test_everything_acknowledged_survives_a_restart(engines: Reopen) -> None:
    """EC7: an append that resolved is durable: reopen the engine and it is all there,
    with the same epoch, and seqs continue where they stopped."""
    engine = await engines()
    board = await new_board(engine)
    epoch = (await engine.board_info(board)).epoch  # type: ignore[union-attr]
    await asyncio.gather(*[engine.append(board, add(i), by(), f"c{i}") for i in range(100)])
    await engine.save_snapshot(board, Snapshot(50, {"id": board, "marker": True}))

    engine = await engines()
    info = await engine.board_info(board)
    assert info is not None and info.head == 100 and info.epoch == epoch
    assert [e.seq for e in await engine.read_since(board, 0)] == list(range(1, 101))
    assert (await engine.load_snapshot(board)).seq == 50
    assert (await engine.append(board, add(100), by(), "c0")).duplicate
    assert (await engine.append(board, add(101), by(), "new")).entry.seq == 101
    assert board in {b.id for b in await engine.list_boards()}
