"""A block's header keeps what it holds inside its bar (issue 17, 4): on a projector
(1920x1080) and on a laptop (1280x800), with the block fitted in view, in English and in
Russian, for the facilitator (whose header also holds the dot vote, private writing, reveal,
lock, spotlight and remove) and for a participant. A session in full swing: the SWOT locked
with items from three departments (its filter chips and its count), private writing on in the
notes block. Every element of the SWOT's and the notes block's headers lies inside the
header, and the title shows whole: the tools give up their labels first."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Page, expect

from ..support import Client, HubProcess
from .pages import WAIT_MS, join, wait_ready
from .seed import seed_story, send_all

SIZES = [(1280, 800), (1920, 1080)]
BLOCKS = ["expectations", "swot"]  # the notes block and the SWOT of the strategy day

# What lies outside the header's rectangle, and the title's widths. An element counts where
# it is seen: cut by what scrolls inside the header (a filter scrolled sideways), not at all
# when scrolled out of sight or not laid out.
HEADER_REPORT = """(blockId) => {
  const head = document.querySelector(`[data-testid="block-${blockId}"] .block-head`);
  const box = head.getBoundingClientRect();
  const outside = [];
  for (const el of head.querySelectorAll('*')) {
    let r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    let left = r.left, right = r.right, top = r.top, bottom = r.bottom;
    for (let up = el.parentElement; up && up !== head; up = up.parentElement) {
      if (getComputedStyle(up).overflowX === 'visible') continue;
      const c = up.getBoundingClientRect();
      left = Math.max(left, c.left); right = Math.min(right, c.right);
      top = Math.max(top, c.top); bottom = Math.min(bottom, c.bottom);
    }
    if (right <= left || bottom <= top) continue;
    if (left < box.left - 0.5 || right > box.right + 0.5 || top < box.top - 0.5
        || bottom > box.bottom + 0.5) {
      const name = el.dataset.testid || el.getAttribute('class') || el.tagName;
      outside.push(`${name} at [${Math.round(left - box.left)}, ${Math.round(top - box.top)},`
        + ` ${Math.round(right - box.right)}, ${Math.round(bottom - box.bottom)}]`);
    }
  }
  const title = head.querySelector('[data-testid=block-title]');
  return {outside, title: title.textContent, scroll: title.scrollWidth, client: title.clientWidth};
}"""

FIT = """(blockId) => {
  const b = crossboard.store.view.blocks[blockId];
  crossboard.viewport.fit({x: b.x, y: b.y, w: b.w, h: b.h}, {margin: 24, instant: true});
}"""


async def session_in_full_swing(hub: HubProcess, language: str) -> dict[str, Any]:
    board = hub.new_board(title="Strategy day", language=language)
    await seed_story(hub, board)
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await send_all(
        fay,
        [
            {"kind": "block.lock", "id": "swot", "locked": True},
            {"kind": "block.private", "id": "expectations", "mode": "own"},
        ],
    )
    await fay.close()
    return board


async def header_in_view(page: Page, block: str) -> dict[str, Any]:
    """Fit the block in view (as its number key does, without the animation), then report."""
    await page.evaluate(FIT, block)
    head = page.get_by_test_id(f"block-{block}").locator(".block-head")
    await expect(head).to_be_in_viewport(timeout=WAIT_MS)
    # The SWOT's items and the notes' count are drawn: the header is as busy as it gets.
    count = page.get_by_test_id(f"block-{block}").locator(".block-count")
    await expect(count).not_to_be_empty(timeout=WAIT_MS)
    report: dict[str, Any] = await page.evaluate(HEADER_REPORT, block)
    return report


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_a_block_header_holds_its_tools_and_shows_its_title_whole(
    hub: HubProcess, browser: Any, language: str
) -> None:
    board = await session_in_full_swing(hub, language)
    locale = "ru-RU" if language == "ru" else "en-US"
    fay = await join(browser, board["links"]["facilitator"], "Fay", None, locale=locale)
    ana = await join(browser, board["links"]["participant"], "Ana", "product", locale=locale)
    for page, role in ((fay, "facilitator"), (ana, "participant")):
        await wait_ready(page)
        await expect(page.get_by_test_id("block-swot").get_by_test_id("swot-item")).to_have_count(
            9, timeout=WAIT_MS
        )
        for width, height in SIZES:
            await page.set_viewport_size({"width": width, "height": height})
            for block in BLOCKS:
                report = await header_in_view(page, block)
                where = f"{role}, {block} at {width}x{height} in {language}: {report}"
                assert report["outside"] == [], where
                assert report["scroll"] <= report["client"], where
        assert page.errors == [], page.errors  # type: ignore[attr-defined]
