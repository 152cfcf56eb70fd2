"""Text is text: a note that looks like HTML renders as characters, never as markup."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from ..support import Client, HubProcess
from .pages import QUIET_MS, WAIT_MS, add_note, go_to_block, goal, join, note
from .seed import send_all

XSS = "<img src=x onerror=alert(1)>"


async def test_a_note_with_html_renders_as_text_for_everyone(hub: HubProcess, browser: Any) -> None:
    board = hub.new_board(title="<b>Strategy</b> day")
    ana = await join(browser, board["links"]["participant"], "Ana <script>", "product")
    boris = await join(browser, board["links"]["participant"], "Boris", "sales")
    await go_to_block(ana, 1)
    await add_note(ana, XSS)
    for page in (ana, boris):
        await expect(note(page, XSS).get_by_test_id("note-text")).to_have_text(XSS, timeout=WAIT_MS)
        await expect(page.locator("[data-testid=world] img")).to_have_count(0)
        await expect(page.get_by_test_id("board-title")).to_have_text("<b>Strategy</b> day")
    await expect(note(boris, XSS)).to_have_attribute("title", "Ana <script> · Product")

    # The same from a raw protocol client, in every text field a view shows.
    raw = await Client.join(hub, board, name="<i>Eve</i>", department="marketing")
    await send_all(
        raw,
        window=1,
        ops=[
            {
                "kind": "item.add",
                "id": "g1",
                "block": "goals",
                "item": {"kind": "goal", "title": XSS},
            },
            {
                "kind": "item.add",
                "id": "s1",
                "block": "swot",
                "item": {"kind": "swot", "quadrant": "S", "text": XSS},
            },
            {
                "kind": "item.add",
                "id": "a1",
                "block": "actions",
                "item": {
                    "kind": "action",
                    "title": XSS,
                    "owners": ["sales"],
                    "assignee": XSS,
                    "source": "s1",
                },
            },
        ],
    )
    await expect(goal(boris, XSS)).to_be_visible(timeout=WAIT_MS)
    await expect(boris.get_by_test_id("swot-item").filter(has_text=XSS)).to_be_visible(
        timeout=WAIT_MS
    )
    await expect(boris.get_by_test_id("action-title")).to_have_value(XSS, timeout=WAIT_MS)
    await expect(boris.get_by_test_id("action-source")).to_contain_text(XSS)
    await expect(boris.locator("img")).to_have_count(0)
    await boris.wait_for_timeout(QUIET_MS)  # an onerror handler would have fired by now
    for page in (ana, boris):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]
    await raw.close()
