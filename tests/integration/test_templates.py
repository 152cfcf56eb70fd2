"""Board templates (`POST /api/boards {template, language}`) and who may build a board.

Every template, in either language, is laid out with titles in the board's language, its
language in `settings.language`, and blocks that do not overlap. Building the board in
the page (adding blocks, renaming departments) is the facilitator's alone.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import pytest

from ..support import MANY_PEOPLE, Client, HubProcess

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    env = {**MANY_PEOPLE, "CROSSBOARD_BOARDS_PER_HOUR_PER_IP": "1000"}
    process = HubProcess(tmp_path_factory.mktemp("templates") / "data", env=env).start()
    try:
        yield process
    finally:
        process.stop()


async def board_of(hub: HubProcess, **spec: Any) -> dict[str, Any]:
    """The board a new board's projector is welcomed with."""
    made = await asyncio.to_thread(hub.new_board, **spec)
    screen = await Client.join(hub, made, role="screen", name="Screen", department=None)
    board: dict[str, Any] = screen.welcome["board"]
    return board


def overlapping(blocks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a["id"], b["id"])
        for i, a in enumerate(blocks)
        for b in blocks[i + 1 :]
        if a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    ]


def titles(board: dict[str, Any]) -> list[str]:
    blocks = sorted(board["blocks"].values(), key=lambda b: (b["y"], b["x"]))
    return [b["title"] for b in blocks]


async def test_a_retrospective_in_russian_has_russian_titles_and_a_place_for_each_step(
    hub: HubProcess,
) -> None:
    board = await board_of(hub, title="Ретро спринта", template="retro", language="ru")
    assert titles(board) == [
        "Что получилось",
        "Что улучшить",
        "Идеи",
        "Что меняем в первую очередь? Голосуем точками",
        "План действий",
    ]
    kinds = sorted(b["kind"] for b in board["blocks"].values())
    assert kinds == ["action_plan", "notes", "notes", "notes", "notes"]
    assert board["settings"]["language"] == "ru"
    assert [d["name"] for d in board["departments"]] == ["Продукт", "Продажи", "Маркетинг"]
    assert overlapping(list(board["blocks"].values())) == []


async def test_a_retrospective_in_english(hub: HubProcess) -> None:
    board = await board_of(hub, title="Sprint retro", template="retro")
    assert titles(board)[:3] == ["What went well", "What to improve", "Ideas"]
    assert board["settings"]["language"] == "en"


@pytest.mark.parametrize("template", ["strategy_day", "blank", "retro"])
@pytest.mark.parametrize("language", ["en", "ru"])
async def test_every_template_speaks_the_boards_language(
    hub: HubProcess, template: str, language: str
) -> None:
    board = await board_of(hub, title="Day", template=template, language=language)
    assert board["settings"]["language"] == language
    blocks = list(board["blocks"].values())
    assert blocks and overlapping(blocks) == []
    for block in blocks:
        assert block["w"] >= 800 and block["h"] >= 700, block
        if language == "ru" and block["kind"] != "swot":
            assert CYRILLIC.search(block["title"]), block["title"]
        if language == "en":
            assert not CYRILLIC.search(block["title"]), block["title"]


async def test_a_blank_board_is_one_block_of_notes(hub: HubProcess) -> None:
    assert titles(await board_of(hub, title="B", template="blank")) == ["Notes"]
    assert titles(await board_of(hub, title="Б", template="blank", language="ru")) == ["Заметки"]


async def test_only_the_facilitator_builds_the_board(hub: HubProcess) -> None:
    """R8, A9: a participant's block.add, block.update, block.remove and department.update
    are refused (forbidden); the facilitator's are applied, and the participant sees them:
    the renamed and recoloured department keeps its id."""
    made = await asyncio.to_thread(hub.new_board, title="Build", template="blank")
    fay = await Client.join(hub, made, role="facilitator", name="Fay", department=None)
    ana = await Client.join(hub, made, name="Ana", department="product")

    async def outcome(client: Client, op: dict[str, Any]) -> dict[str, Any]:
        cid = await client.send_op(op)
        return await client.recv_until(lambda f: f.get("cid") == cid)

    add = {
        "kind": "block.add", "id": "swot-1", "block_kind": "swot", "title": "SWOT",
        "x": 1300, "y": 0, "w": 1200, "h": 900,
    }  # fmt: skip
    rename = {"kind": "department.update", "id": "sales", "name": "Продажи", "color": "#10b981"}
    for op in (
        add,
        rename,
        {"kind": "block.update", "id": "notes", "set": {"w": 900}},
        {"kind": "block.remove", "id": "notes"},
    ):
        refused = await outcome(ana, op)
        assert refused["type"] == "rejected" and refused["code"] == "forbidden", (op, refused)

    for op in (add, rename):
        applied = await outcome(fay, op)
        assert applied["type"] == "applied", (op, applied)
        cid = applied["cid"]
        seen = await ana.recv_until(lambda f, cid=cid: f.get("cid") == cid)
        assert seen["type"] == "applied" and seen["op"]["id"] == op["id"]

    back = await Client.join(hub, made, name="Ana", department="product")
    board = back.welcome["board"]
    assert board["blocks"]["swot-1"]["title"] == "SWOT"
    assert next(d for d in board["departments"] if d["id"] == "sales") == {
        "id": "sales", "name": "Продажи", "color": "#10b981",
    }  # fmt: skip


async def test_department_update_of_an_unknown_department_is_not_found(hub: HubProcess) -> None:
    """A9: an unknown department id is `not_found`."""
    made = await asyncio.to_thread(hub.new_board, title="Build")
    fay = await Client.join(hub, made, role="facilitator", name="Fay", department=None)
    cid = await fay.send_op({"kind": "department.update", "id": "nobody", "name": "X"})
    answer = await fay.recv_until(lambda f: f.get("cid") == cid)
    assert answer["type"] == "rejected" and answer["code"] == "not_found"
