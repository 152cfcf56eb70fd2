""" "I'm done" in real Chromium (PROTOCOL.md E6): participants say they have finished, the
facilitator sees how many of those online are done, per department, and clears the marks."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from ..support import HubProcess
from .pages import WAIT_MS, join, open_page, wait_ready


async def test_the_facilitator_sees_who_is_done_per_department_and_resets(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    links = board["links"]
    fay = await join(browser, links["facilitator"], "Fay", None)
    ana = await join(browser, links["participant"], "Ana", "product")
    anton = await join(browser, links["participant"], "Anton", "product")
    boris = await join(browser, links["participant"], "Boris", "sales")
    screen = await open_page(browser, links["screen"])
    await wait_ready(screen)
    summary = fay.get_by_test_id("done-summary")
    await expect(summary.locator(".done-total")).to_have_text("0/3 done", timeout=WAIT_MS)
    await expect(screen.get_by_test_id("done-toggle")).to_have_count(0)

    for page in (ana, boris):
        toggle = page.get_by_test_id("done-toggle")
        await expect(toggle).to_have_attribute("aria-pressed", "false")
        await toggle.click()
        await expect(toggle).to_have_attribute("aria-pressed", "true", timeout=WAIT_MS)
    await expect(summary.locator(".done-total")).to_have_text("2/3 done", timeout=WAIT_MS)
    depts = summary.get_by_test_id("done-dept")
    await expect(depts).to_have_text(["1/2", "1/1"])
    assert [await d.get_attribute("data-dept") for d in await depts.all()] == ["product", "sales"]
    await summary.click()
    await expect(fay.get_by_test_id("done-waiting")).to_have_text("Still working: Anton")

    # Anton leaves: the count is of who is here.
    await anton.context.close()
    await expect(summary.locator(".done-total")).to_have_text("2/2 done", timeout=2 * WAIT_MS)
    await expect(fay.get_by_test_id("done-waiting")).to_have_text("Everyone online is done.")

    await fay.get_by_test_id("done-reset").click()
    await expect(summary.locator(".done-total")).to_have_text("0/2 done", timeout=WAIT_MS)
    for page in (ana, boris):
        await expect(page.get_by_test_id("done-toggle")).to_have_attribute(
            "aria-pressed", "false", timeout=WAIT_MS
        )
    for page in (fay, ana, boris, screen):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]
