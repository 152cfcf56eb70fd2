"""The authorization matrix of shared/PROTOCOL.md, cell by cell, over real websockets.

The table is parsed from PROTOCOL.md, so the document and the behaviour cannot drift apart:
each cell gets a fresh board in the column's state, then the column's role sends the row's
op and the outcome must be the cell's (A1, A2, R8).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..support import Client, HubProcess, note

PROTOCOL = Path(__file__).resolve().parents[2] / "shared" / "PROTOCOL.md"


def matrix() -> tuple[list[str], list[tuple[str, list[str]]]]:
    text = PROTOCOL.read_text()
    section = text[text.index("### Authorization matrix") :].splitlines()
    start = next(i for i, line in enumerate(section) if line.startswith("|"))
    rows = []
    for line in section[start:]:
        if not line.startswith("|"):
            break  # the table ends at its first non-table line
        rows.append(line)
    header = [c.strip() for c in rows[0].strip("|").split("|")][1:]
    body = []
    for line in rows[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        body.append((cells[0], cells[1:]))
    return header, body


COLUMNS, ROWS = matrix()
CELLS = [
    (op, column, want) for op, wants in ROWS for column, want in zip(COLUMNS, wants, strict=True)
]


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    env = {"CROSSBOARD_BOARDS_PER_HOUR_PER_IP": "1000"}
    process = HubProcess(tmp_path_factory.mktemp("matrix") / "data", env=env).start()
    try:
        yield process
    finally:
        process.stop()


async def settle(client: Client, op: dict[str, Any]) -> dict[str, Any]:
    cid = await client.send_op(op)
    return await client.recv_until(lambda f: f.get("cid") == cid and f["type"] != "presence")


async def fixture_for(hub: HubProcess, column: str) -> tuple[Client, str, str, str]:
    """A board in the column's state: (sender, block under test, target item, the other
    participant's id)."""
    board = hub.new_board(title=column)
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    ana = await Client.join(hub, board, name="Ana", department="product")
    ben = await Client.join(hub, board, name="Ben", department="sales")
    private = "private" in column
    block = "perception" if private else "expectations"
    if private:
        assert (await settle(fay, {"kind": "block.private", "id": block, "mode": "own"}))[
            "type"
        ] == "applied"
    owner = ben if "other's" in column else ana
    made = await settle(owner, note("target", "the target", block=block))
    assert made["type"] == "applied", made
    for setup in exercises_under_test(block):
        assert (await settle(fay, setup))["type"] == "applied", setup
    if "block locked" in column:
        await settle(fay, {"kind": "block.lock", "id": block, "locked": True})
    if "board locked" in column:
        await settle(fay, {"kind": "board.lock", "locked": True})
    if "another department" in column or "time is up" in column:
        step: dict[str, Any] = {"blocks": [block], "lock_others": False}
        if "another department" in column:
            step |= {"writers": "department", "department": "sales"}
        minutes = 30.0 if "another department" in column else 0.0005  # 30 ms
        if "time is up" in column:
            step |= {"pause_at_zero": True}
        entry = {"id": "s", "title": "Step", "minutes": minutes, "step": step}
        assert (await settle(fay, {"kind": "agenda.set", "items": [entry]}))["type"] == "applied"
        assert (await settle(fay, {"kind": "agenda.start"}))["type"] == "applied"
        if "time is up" in column:
            await asyncio.sleep(0.1)  # past the step's 30 ms on the hub's clock
    if column.startswith("facilitator"):
        sender = fay
    elif column == "screen":
        sender = await Client.join(hub, board, role="screen", name="Screen", department=None)
    else:
        sender = ana
    return sender, block, "target", ben.welcome["you"]["id"]


def exercises_under_test(block: str) -> list[dict[str, Any]]:
    """What the exercise rows act on: an open vote on the block under test, a poll with an
    open round and one without, an agenda."""
    return [
        {"kind": "vote.start", "id": "v", "block": block},
        {"kind": "poll.create", "id": "q", "block": "poll", "question": "Achievable?"},
        {"kind": "poll.open", "poll": "q"},
        {"kind": "poll.create", "id": "q2", "block": "poll", "question": "And now?"},
        {"kind": "agenda.set", "items": [{"id": "a", "title": "Goals", "minutes": 30}]},
        {"kind": "agenda.start"},
    ]


def op_for(kind: str, block: str, item: str, other: str) -> dict[str, Any]:
    return {
        "item.add": note("new-note", "new", block=block),
        "item.update": {"kind": "item.update", "id": item, "set": {"text": "changed"}},
        "item.move": {"kind": "item.move", "id": item, "x": 42.5, "y": 7.5},
        "item.remove": {"kind": "item.remove", "id": item},
        "block.add": {"kind": "block.add", "id": "new-block", "block_kind": "notes"},
        "block.update": {"kind": "block.update", "id": block, "set": {"title": "Renamed"}},
        "block.remove": {"kind": "block.remove", "id": block},
        "block.lock": {"kind": "block.lock", "id": block, "locked": True},
        "board.lock": {"kind": "board.lock", "locked": True},
        "block.private": {"kind": "block.private", "id": block, "mode": "department"},
        "board.spotlight": {"kind": "board.spotlight", "block": block},
        "link.rotate": {"kind": "link.rotate", "role": "screen"},
        "participant.update": {"kind": "participant.update", "id": other, "name": "Benjamin"},
        "participant.remove": {"kind": "participant.remove", "id": other},
        "participant.admit": {"kind": "participant.admit", "id": other},
        "board.settings": {"kind": "board.settings", "lobby": True, "min_group": 4},
        "block.tidy": {"kind": "block.tidy", "id": block, "order": [item]},
        "department.update": {"kind": "department.update", "id": "sales", "name": "Продажи"},
        "screen.show": {"kind": "screen.show", "mode": "block", "block": block},
        "vote.start": {"kind": "vote.start", "id": "v2", "block": "results"},
        "vote.cast": {"kind": "vote.cast", "vote": "v", "item": item},
        "vote.close": {"kind": "vote.close", "id": "v"},
        "poll.create": {"kind": "poll.create", "id": "q3", "block": "poll", "question": "?"},
        "poll.open": {"kind": "poll.open", "poll": "q2", "label": "Before"},
        "poll.close": {"kind": "poll.close", "poll": "q"},
        "poll.reveal": {"kind": "poll.reveal", "poll": "q"},
        "poll.answer": {"kind": "poll.answer", "poll": "q", "score": 7, "comment": "why"},
        "agenda.set": {"kind": "agenda.set", "items": []},
        "agenda.start": {"kind": "agenda.start"},
        "agenda.pause": {"kind": "agenda.pause"},
        "agenda.next": {"kind": "agenda.next"},
        "agenda.extend": {"kind": "agenda.extend", "minutes": 2},
        "done.set": {"kind": "done.set"},
        "done.reset": {"kind": "done.reset"},
    }[kind]


def test_the_matrix_covers_every_op_kind_and_role() -> None:
    from crossboard.protocol.ops import OP_KINDS

    assert {op for op, _ in ROWS} == set(OP_KINDS)
    assert any(c.startswith("facilitator") for c in COLUMNS) and "screen" in COLUMNS


@pytest.mark.parametrize(("kind", "column", "want"), CELLS, ids=[f"{k}|{c}" for k, c, _ in CELLS])
async def test_cell(hub: HubProcess, kind: str, column: str, want: str) -> None:
    sender, block, item, other = await fixture_for(hub, column)
    answer = await settle(sender, op_for(kind, block, item, other))
    got = "ok" if answer["type"] == "applied" else answer.get("code")
    assert got == want, f"{kind} as {column}: {answer}"
    assert re.fullmatch(r"[a-z_]+", str(got))
