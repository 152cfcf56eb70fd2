"""A new user with no command line: `crossboard serve` prints the start page's link; in
Chromium it creates a board in Russian with three departments, opens the facilitator view,
and later finds the board again and imports a backup — all from the page."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from playwright.async_api import expect

from ..support import MANY_PEOPLE, TIMEOUT, Client, HubProcess
from .pages import open_page, wait_ready

START_LINE = re.compile(r"Start page \(create boards here\): (\S+)")


def printed_start_link(hub: HubProcess) -> str:
    """The link `crossboard serve` printed, read from its output."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = START_LINE.search(hub.log())
        if found:
            return found.group(1)
        time.sleep(0.05)
    raise AssertionError(f"no start page link in the output: {hub.log()}")


ROOT = Path(__file__).resolve().parents[2]


def make_run_command(port: int, data: Path) -> list[str]:
    """The Makefile's `run` recipe, with this test's port and data directory (and this
    interpreter for `$(BIN)/crossboard`): what `make run` starts, minus make itself."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    recipe = lines[lines.index(next(ln for ln in lines if ln.startswith("run:"))) + 1].split()
    swap = {"$(BIN)/crossboard": [sys.executable, "-m", "crossboard"], "$(PORT)": [str(port)],
            "$(DATA)": [str(data)], "$(HOST)": ["127.0.0.1"]}  # fmt: skip
    command = [part for word in recipe for part in swap.get(word, [word])]
    assert not [word for word in command if "$(" in word], command
    return command


def serve(tmp_path: Path) -> HubProcess:
    """`crossboard serve` as `make run` starts it: printing its links, board creation closed."""
    hub = HubProcess(tmp_path / "data", env=dict(MANY_PEOPLE))
    command = make_run_command(hub.port, hub.data_dir)
    assert command[3] == "serve" and "--quiet-links" not in command, command
    return hub.start_command(command)


async def test_a_board_in_russian_from_the_printed_start_link(tmp_path: Path, browser: Any) -> None:
    hub = serve(tmp_path)
    try:
        link = printed_start_link(hub)
        assert re.fullmatch(rf"{re.escape(hub.url)}/#admin=[\w-]+", link), link
        page = await open_page(browser, link)
        await expect(page.locator("html[data-ready='1']")).to_have_count(1)
        assert await page.evaluate("location.hash") == ""  # the token left the address bar
        await page.get_by_test_id("start-lang-ru").click()
        await expect(page.get_by_role("heading", name="Новая доска")).to_be_visible()
        await page.get_by_test_id("start-title").fill("Стратегическая сессия 2027")
        await page.get_by_test_id("start-departments").fill("Продукт, Продажи, Маркетинг")
        await page.get_by_test_id("start-template-strategy_day").check()
        await page.get_by_test_id("start-language").select_option("ru")
        await page.get_by_test_id("start-create").click()
        made = page.get_by_test_id("start-made")
        await expect(made).to_contain_text("Стратегическая сессия 2027")
        participant = await page.get_by_test_id("start-link-participant").input_value()
        assert participant.startswith(f"{hub.url}/b/") and "#t=" in participant
        await expect(page.get_by_test_id("start-recent-board")).to_have_count(1)
        assert page.errors == []  # type: ignore[attr-defined]

        await page.get_by_test_id("start-open-facilitator").click()
        await page.wait_for_url(re.compile(r"/b/[^#]+#t="))
        await expect(page.get_by_role("heading", name="Вход в сессию")).to_be_visible()
        await expect(page.get_by_test_id("join-board-title")).to_have_text(
            "Стратегическая сессия 2027"
        )
        for name in ("Продукт", "Продажи", "Маркетинг"):
            await expect(page.get_by_test_id("join-form")).to_contain_text(name)
        await page.get_by_test_id("join-name").fill("Фасилитатор")
        await page.get_by_test_id("join-dept-none").click()
        await page.get_by_test_id("join-submit").click()
        await wait_ready(page)
        await expect(page.get_by_test_id("role-badge")).to_have_text("Фасилитатор")
        await expect(page.get_by_test_id("status")).to_have_text("В сети")
        await expect(page.get_by_test_id("swot-S")).to_contain_text("Сильные стороны")
        await expect(page.locator("body")).to_contain_text("Дерево целей")
        assert page.errors == []  # type: ignore[attr-defined]

        # Back on the start page (the browser kept the admin token): the board is listed,
        # and a backup imports into a new board.
        start = await page.context.new_page()
        await start.goto(f"{hub.url}/")
        await expect(start.get_by_test_id("start-recent-board")).to_contain_text(
            "Стратегическая сессия 2027"
        )
        backup = tmp_path / "day.crossboard.json"
        backup.write_text(json.dumps(await export_json(start, participant)), encoding="utf-8")
        await start.get_by_test_id("start-import-file").set_input_files(str(backup))
        await start.get_by_test_id("start-import").click()
        await expect(start.get_by_test_id("start-made")).to_contain_text(
            "Стратегическая сессия 2027"
        )
        await expect(start.get_by_test_id("start-recent-board")).to_have_count(2)
        broken = tmp_path / "broken.json"
        broken.write_text('{"format": "crossboard.board", "version": 1, "board": {"title": 5}}')
        await start.get_by_test_id("start-import-file").set_input_files(str(broken))
        await start.get_by_test_id("start-import").click()
        await expect(start.get_by_test_id("start-import-error")).to_contain_text("board.title")
        await expect(start.get_by_test_id("start-recent-board")).to_have_count(2)
    finally:
        hub.stop()


async def export_json(page: Any, participant_link: str) -> Any:
    """The board's backup, as the facilitator's export gives it (through the page's own
    origin, with the facilitator token the facilitator view stored)."""
    board_id = participant_link.split("/b/")[1].split("#")[0]
    facilitator = await page.evaluate(
        """(id) => [...document.querySelectorAll('[data-testid=start-recent-board] a')]
             .map((a) => a.href).find((href) => href.includes(`/b/${id}#`))""",
        board_id,
    )
    token = facilitator.split("#t=")[1]
    return await page.evaluate(
        """async ([id, token]) => (await fetch(`/api/boards/${id}/export?format=json`,
             {headers: {Authorization: `Bearer ${token}`}})).json()""",
        [board_id, token],
    )


async def test_without_the_link_the_page_says_where_to_find_it(
    tmp_path: Path, browser: Any
) -> None:
    hub = serve(tmp_path)
    try:
        page = await open_page(browser, f"{hub.url}/")
        await expect(page.get_by_test_id("start-message")).to_contain_text("#admin=")
        await expect(page.get_by_test_id("start-create")).to_have_count(0)
        wrong = await open_page(browser, f"{hub.url}/#admin=not-the-token")
        await expect(wrong.get_by_test_id("start-message")).to_contain_text("not valid")
        await expect(wrong.get_by_test_id("start-create")).to_have_count(0)
    finally:
        hub.stop()


async def test_the_templates_to_choose_from_each_say_what_they_hold(
    tmp_path: Path, browser: Any
) -> None:
    """The start page offers the strategy day, a blank board and a retrospective, each with
    a line on what it holds, in the page's language; on a phone the page never scrolls
    sideways. A retrospective made in Russian opens with Russian block titles."""
    hub = serve(tmp_path)
    try:
        link = printed_start_link(hub)
        page = await open_page(browser, link, viewport={"width": 390, "height": 844})
        await expect(page.locator("html[data-ready='1']")).to_have_count(1)
        picker = page.get_by_test_id("start-template")
        for name in ("Strategy day", "Blank board", "Retrospective"):
            await expect(picker).to_contain_text(name)
        await expect(picker).to_contain_text("a dot vote on what to change first")
        await expect(page.get_by_test_id("start-template-strategy_day")).to_be_checked()
        await page.get_by_test_id("start-lang-ru").click()
        for name in ("Стратегический день", "Пустая доска", "Ретроспектива"):
            await expect(picker).to_contain_text(name)
        assert await page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        await page.get_by_test_id("start-template-retro").check()
        await page.get_by_test_id("start-title").fill("Ретро")
        await page.get_by_test_id("start-create").click()
        await expect(page.get_by_test_id("start-made")).to_contain_text("Ретро")
        projector = await page.get_by_test_id("start-link-screen").input_value()
        board_id, token = projector.split("/b/")[1].split("#t=")
        board = {"id": board_id, "tokens": {"screen": token}}
        screen = await Client.join(hub, board, role="screen", name="Screen", department=None)
        made = screen.welcome["board"]
        assert made["settings"]["language"] == "ru"
        assert sorted(b["title"] for b in made["blocks"].values()) == sorted(
            ["Что получилось", "Что улучшить", "Идеи",
             "Что меняем в первую очередь? Голосуем точками", "План действий"]
        )  # fmt: skip
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        hub.stop()
