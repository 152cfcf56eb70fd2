"""The SWOT department filter only filters (issue 17, 4): what a person writes while a filter
is on is still written as their own department, and stays in sight where they wrote it."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from ..support import HubProcess
from .pages import WAIT_MS, go_to_block, join


async def test_a_filter_on_another_department_never_changes_the_department_of_a_new_item(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    await go_to_block(ana, 5)
    await ana.get_by_test_id("swot-filter-sales").click()
    await expect(ana.get_by_test_id("swot-filter-sales")).to_have_attribute("aria-pressed", "true")

    await ana.get_by_test_id("swot-add-S").click()
    editor = ana.get_by_test_id("editor")
    await editor.fill("Fast release cadence")
    await editor.press("Enter")
    await ana.get_by_test_id("editor").press("Escape")

    stored = await ana.wait_for_function(
        """() => {
             const items = Object.values(crossboard.store.confirmed.items)
               .filter(it => it.kind === "swot" && it.text === "Fast release cadence");
             return items.length === 1 && [items[0].department, items[0].author_department];
           }""",
        timeout=WAIT_MS,
    )
    assert await stored.json_value() == ["product", "product"]
    # Written under the filter, it stays in sight until the filter changes; the tag says whose.
    item = ana.get_by_test_id("swot-S").get_by_test_id("swot-item")
    await expect(item).to_be_visible()
    await expect(item.get_by_test_id("swot-dept")).to_have_text("Product")
    await ana.get_by_test_id("swot-filter-marketing").click()
    await expect(item).to_be_hidden()
    await ana.get_by_test_id("swot-filter-all").click()
    await expect(item).to_be_visible()
    assert ana.errors == [], ana.errors  # type: ignore[attr-defined]
