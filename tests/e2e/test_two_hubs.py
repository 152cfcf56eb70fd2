"""Remote attendees on another hub (P3), in real Chromium: the facilitator on hub A, two
participants and the projector on hub B, one Redis. Presence lists, cursors, typing and
the projector's follow cross the hubs like edits do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from ..support import HubProcess, RedisServer
from .pages import WAIT_MS, add_note, go_to_block, join, note, open_page, settles_at, wait_ready

SECRET = "two-hubs-e2e-secret"
ACROSS_HUBS_MS = 2 * WAIT_MS  # a change goes hub -> Redis -> hub: twice the one scaled unit


@pytest.fixture
def two_hubs(tmp_path: Path) -> Iterator[list[HubProcess]]:
    redis = RedisServer(tmp_path / "redis").start()
    extra = ["--redis-url", redis.url, "--secret", SECRET]
    hubs = [HubProcess(tmp_path / f"hub{i}", extra=extra).start() for i in range(2)]
    try:
        yield hubs
    finally:
        for h in hubs:
            h.stop()
        redis.stop()


def on(hub: HubProcess, link: str) -> str:
    """The same join link, served by another hub of the deployment."""
    path = link.split("/b/", 1)[1]
    return f"{hub.url}/b/{path}"


async def test_people_on_two_hubs_see_each_other(two_hubs: list[HubProcess], browser: Any) -> None:
    a, b = two_hubs
    board = a.new_board(title="Two hubs")
    links = board["links"]
    fay = await join(browser, on(a, links["facilitator"]), "Fay", None)
    ana = await join(browser, on(b, links["participant"]), "Ana", "product")
    boris = await join(browser, on(b, links["participant"]), "Boris", "sales")
    screen = await open_page(
        browser, on(b, links["screen"]), viewport={"width": 1920, "height": 1080}
    )
    await wait_ready(screen)

    # Presence: everyone, on both hubs, grouped by department.
    for page in (fay, ana, boris):
        await expect(page.get_by_test_id("presence")).to_contain_text(
            "4 online", timeout=ACROSS_HUBS_MS
        )
    await fay.get_by_test_id("presence").click()
    panel = fay.get_by_test_id("presence-panel")
    await expect(panel.get_by_test_id("presence-group-product")).to_contain_text("Ana")
    await expect(panel.get_by_test_id("presence-group-sales")).to_contain_text("Boris")

    # Cursors and typing markers from hub B reach hub A, and back.
    await ana.mouse.move(400, 400)
    await ana.mouse.move(430, 440, steps=4)
    await expect(fay.get_by_test_id("cursor").filter(has_text="Ana")).to_be_visible(
        timeout=ACROSS_HUBS_MS
    )
    await fay.mouse.move(500, 300)
    await fay.mouse.move(520, 330, steps=4)
    await expect(boris.get_by_test_id("cursor").filter(has_text="Fay")).to_be_visible(
        timeout=ACROSS_HUBS_MS
    )
    # (A8: Ana's note is hers and the facilitator's to edit.)
    await go_to_block(ana, 1)
    await add_note(ana, "Across hubs")
    await expect(note(fay, "Across hubs")).to_be_visible(timeout=ACROSS_HUBS_MS)
    await go_to_block(fay, 1)
    await note(fay, "Across hubs").dblclick()
    await expect(note(ana, "Across hubs")).to_contain_text("Fay is typing…", timeout=ACROSS_HUBS_MS)
    await fay.get_by_test_id("editor").press("Escape")

    # The projector on hub B follows the facilitator's view on hub A.
    await fay.evaluate("crossboard.viewport.fit({x: 1300, y: 0, w: 1200, h: 800}, {instant: true})")
    await settles_at(screen, (1900, 400))

    # Boris leaves hub B: the facilitator on hub A sees it.
    await boris.context.close()
    await expect(fay.get_by_test_id("presence")).to_contain_text("3 online", timeout=ACROSS_HUBS_MS)
