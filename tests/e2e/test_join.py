"""Join links, roles, languages, undo/redo."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from ..support import HubProcess
from .pages import WAIT_MS, add_note, go_to_block, join, note, open_page, wait_ready


async def test_a_bad_link_says_so_and_a_good_one_remembers_you_across_a_reload(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    bad = await open_page(browser, f"{hub.url}/b/{board['id']}#t=not-a-token")
    await expect(bad.get_by_test_id("join-message")).to_contain_text("not valid")
    unknown = await open_page(browser, f"{hub.url}/b/nope#t={board['tokens']['participant']}")
    await expect(unknown.get_by_test_id("join-message")).to_contain_text(
        "not valid"
    )  # token names another board

    page = await open_page(browser, board["links"]["participant"])
    await expect(page.get_by_test_id("join-board-title")).to_have_text("Strategy day")
    await page.get_by_test_id("join-submit").click()
    await expect(page.get_by_test_id("join-error")).to_have_text("Please enter your name.")
    await page.get_by_test_id("join-name").fill("Ana")
    await page.get_by_test_id("join-submit").click()
    await expect(page.get_by_test_id("join-error")).to_have_text("Please pick your department.")
    await page.get_by_test_id("join-dept-sales").click()
    await page.get_by_test_id("join-submit").click()
    await wait_ready(page)
    await page.reload()
    await wait_ready(page)  # no join page the second time
    await expect(page.get_by_test_id("presence")).to_contain_text("1 online")


async def test_the_projector_has_no_editing_ui_and_follows_edits(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    screen = await open_page(
        browser, board["links"]["screen"], viewport={"width": 1920, "height": 1080}
    )
    await wait_ready(screen)  # a screen joins by itself
    await expect(screen.get_by_test_id("role-badge")).to_have_text("Projector")
    for testid in ("add-note", "note-add", "goal-add-root", "action-add", "swot-add-S", "undo"):
        await expect(screen.get_by_test_id(testid)).to_have_count(0)
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    await go_to_block(ana, 1)
    await add_note(ana, "Seen on the big screen")
    await expect(note(screen, "Seen on the big screen")).to_be_visible(timeout=WAIT_MS)
    await note(screen, "Seen on the big screen").dblclick()
    await expect(screen.get_by_test_id("editor")).to_have_count(0)


async def test_russian_from_the_browser_language_and_a_switch(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Стратегическая сессия")
    page = await open_page(browser, board["links"]["participant"], locale="ru-RU")
    await expect(page.get_by_role("heading", name="Вход в сессию")).to_be_visible()
    await page.get_by_test_id("join-name").fill("Борис Иванов")
    await page.get_by_test_id("join-dept-marketing").click()
    await page.get_by_test_id("join-submit").click()
    await wait_ready(page)
    await expect(page.get_by_test_id("status")).to_have_text("В сети")
    await expect(page.get_by_test_id("presence")).to_contain_text("1 в сети")
    await expect(page.get_by_test_id("swot-S")).to_contain_text("Сильные стороны")
    await page.get_by_test_id("lang-en").click()
    await expect(page.get_by_test_id("status")).to_have_text("Live")
    await expect(page.get_by_test_id("swot-S")).to_contain_text("Strengths")
    await page.get_by_test_id("presence").click()
    await expect(page.get_by_test_id("presence-panel")).to_contain_text("Борис Иванов")


async def test_undo_and_redo_of_own_edits_reach_everyone(hub: HubProcess, browser: Any) -> None:
    board = hub.new_board(title="Strategy day")
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    boris = await join(browser, board["links"]["participant"], "Boris", "sales")
    await go_to_block(ana, 1)
    await add_note(ana, "first")
    await note(ana, "first").dblclick()
    editor = ana.get_by_test_id("editor")
    await editor.fill("second")
    await editor.press("Escape")
    await expect(note(boris, "second")).to_be_visible(timeout=WAIT_MS)
    await ana.keyboard.press("Control+z")
    await expect(note(boris, "first")).to_be_visible(timeout=WAIT_MS)
    await ana.keyboard.press("Control+Shift+z")
    await expect(note(boris, "second")).to_be_visible(timeout=WAIT_MS)
    await ana.keyboard.press("Control+z")
    await ana.keyboard.press("Control+z")
    await expect(boris.get_by_test_id("note")).to_have_count(0, timeout=WAIT_MS)
    await ana.keyboard.press("Control+y")
    await expect(note(boris, "first")).to_be_visible(timeout=WAIT_MS)
    # Boris cannot undo Ana's edit: undo is per person.
    await boris.keyboard.press("Control+z")
    await expect(boris.get_by_test_id("toast")).to_contain_text("Nothing to undo")
    await expect(note(ana, "first")).to_be_visible()
