"""The page's chrome never hides the session (issue 17, 4): the top bar fits from 1280 to
2560 px wide with the timer and spotlight showing (what does not fit is in a "more" menu, a
real button that works from the keyboard), and no chrome covers the content of a block in
view at 1280x800 and 1440x900."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Page, expect

from ..support import Client, HubProcess
from .pages import WAIT_MS, go_to_block, join, wait_ready
from .seed import send_all, swot_op

SIZES = [(1280, 800), (1440, 900), (1920, 1080), (2560, 1440)]
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

# Every control of the bar: whole inside the bar, on top where it is drawn (nothing covers
# it), or an item of the open "more" menu. Controls hidden on purpose (a chip with nothing to
# say, a panel that is closed) do not count. The title shows at least 180 px of itself.
BAR_REPORT = """() => {
  const bar = document.querySelector('.topbar');
  const box = bar.getBoundingClientRect();
  const menu = document.querySelector('[data-testid=more-menu]');
  const inMenu = new Set([...(menu?.querySelectorAll('[data-testid=more-item]') ?? [])]
    .map((item) => item.dataset.control));
  const onTop = (el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
  };
  const report = {scroll: bar.scrollWidth, client: bar.clientWidth, problems: [], moved: [],
                  shown: []};
  for (const el of bar.querySelectorAll('button')) {
    if (menu?.contains(el) || el.closest('.hidden')) continue;
    const name = el.dataset.testid;
    if (!name) {
      report.problems.push('a button without a name: ' + el.outerHTML.slice(0, 80));
      continue;
    }
    if (el.closest('.in-more')) {
      report.moved.push(name);
      if (!inMenu.has(name)) report.problems.push(name + ' is neither in the bar nor in the menu');
      continue;
    }
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.left < box.left - 0.5 || r.right > box.right + 0.5
        || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
      report.problems.push(name + ' is outside the bar');
    } else if (!onTop(el)) {
      report.problems.push(name + ' is covered');
    } else {
      report.shown.push(name);
    }
  }
  const title = document.querySelector('[data-testid=board-title]');
  if (!onTop(title)) report.problems.push('the title is covered');
  if (title.clientWidth < Math.min(title.scrollWidth, 180)) {
    report.problems.push('the title shows ' + title.clientWidth + ' px');
  }
  return report;
}"""


async def session_in_full_swing(hub: HubProcess) -> dict[str, Any]:
    """A board with a long title, the agenda's timer running and a block in the spotlight."""
    board = hub.new_board(title="Strategy day 2025 — product, sales and marketing")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await send_all(
        fay,
        [
            {"kind": "agenda.set", "items": [{"id": "a1", "title": "SWOT", "minutes": 20}]},
            {"kind": "agenda.start"},
            {"kind": "board.spotlight", "block": "swot"},
        ],
    )
    await fay.close()
    return board


async def bar_report(page: Page) -> dict[str, Any]:
    """The bar as it stands, with the "more" menu open when there is one."""
    more = page.get_by_test_id("more-button")
    if await more.is_visible():
        if await more.get_attribute("aria-expanded") != "true":
            await more.click()
        await expect(page.get_by_test_id("more-menu")).to_be_visible()
    return await page.evaluate(BAR_REPORT)


@pytest.mark.parametrize("role", ["facilitator", "participant"])
async def test_the_top_bar_fits_from_1280_to_2560_with_the_timer_and_the_spotlight(
    hub: HubProcess, browser: Any, role: str
) -> None:
    board = await session_in_full_swing(hub)
    link = board["links"][role]
    name, dept = ("Fay", None) if role == "facilitator" else ("Anastasia Ivanova", "product")
    page = await join(browser, link, name, dept, viewport={"width": 1280, "height": 800})
    for lang in ("en", "ru"):
        if lang == "ru":
            await page.evaluate("localStorage.setItem('crossboard:lang', JSON.stringify('ru'))")
            await page.reload()
            await wait_ready(page)
        for width, height in SIZES:
            await page.set_viewport_size({"width": width, "height": height})
            await expect(page.get_by_test_id("topbar-timer")).to_be_visible()
            await expect(page.get_by_test_id("spotlight-chip")).to_be_visible()
            # The bar settles at the next frames after a resize (views/moremenu.js).
            await page.evaluate(TWO_FRAMES)
            report = await bar_report(page)
            where = f"{role} at {width}x{height} in {lang}: {report}"
            assert report["scroll"] <= report["client"], where
            assert report["problems"] == [], where
            for always in ("status", "spotlight-chip", "topbar-timer"):
                assert always in report["shown"], where
            await page.keyboard.press("Escape")
    assert page.errors == [], page.errors  # type: ignore[attr-defined]


async def test_the_more_menu_is_a_button_that_works_from_the_keyboard(
    hub: HubProcess, browser: Any
) -> None:
    board = await session_in_full_swing(hub)
    fay = await join(browser, board["links"]["facilitator"], "Fay", None)
    more = fay.get_by_test_id("more-button")
    await expect(more).to_be_visible()
    await expect(more).to_have_attribute("aria-expanded", "false")
    await expect(fay.get_by_test_id("help-button")).to_be_hidden()

    await more.focus()
    await fay.keyboard.press("Enter")
    menu = fay.get_by_test_id("more-menu")
    await expect(more).to_have_attribute("aria-expanded", "true")
    items = menu.get_by_test_id("more-item")
    await expect(items.first).to_be_focused()
    await expect(items.first).to_have_attribute("data-control", "help-button")
    await fay.keyboard.press("ArrowDown")
    await expect(items.nth(1)).to_be_focused()
    await fay.keyboard.press("Escape")
    await expect(menu).to_be_hidden()
    await expect(more).to_be_focused()
    await expect(more).to_have_attribute("aria-expanded", "false")

    # An item does what the control does: help opens; Русский switches the page's language.
    await fay.keyboard.press("ArrowDown")
    await expect(items.first).to_be_focused()
    await fay.keyboard.press("Enter")
    await expect(fay.get_by_test_id("help")).to_be_visible()
    await fay.get_by_test_id("help-close").click()
    await more.click()
    await menu.locator("[data-control=lang-ru]").click()
    await expect(fay.locator("html")).to_have_attribute("lang", "ru")
    await expect(more).to_have_attribute("title", "Ещё кнопки: всё, что не поместилось на панели")
    # A panel opened from the menu shows under the bar, whole.
    await more.click()
    await menu.locator("[data-control=links-button]").click()
    panel = fay.get_by_test_id("links-panel")
    await expect(panel).to_be_visible()
    box = await panel.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280, box
    assert fay.errors == [], fay.errors  # type: ignore[attr-defined]


# Where a person presses in a block: its centre and the middles of its four edges, just
# inside. Each must land on the element itself, not on chrome (minimap, "Note", zoom).
COVERED = """(selector) => [...document.querySelectorAll(selector)].flatMap((el) => {
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const points = [[x, y], [r.left + 4, y], [r.right - 4, y], [x, r.top + 4], [x, r.bottom - 4]];
  return points.flatMap(([px, py]) => {
    const hit = document.elementFromPoint(px, py);
    if (hit && el.contains(hit)) return [];
    const what = el.dataset.testid + (el.dataset.row ? ` ${el.dataset.row}/${el.dataset.col}` : '');
    const over = hit ? hit.dataset.testid || hit.className : 'nothing';
    return [`${what} at ${Math.round(px)},${Math.round(py)} under ${over}`];
  });
})"""


@pytest.mark.parametrize("size", [(1280, 800), (1440, 900)])
async def test_no_chrome_covers_a_block_fitted_in_view(
    hub: HubProcess, browser: Any, size: tuple[int, int]
) -> None:
    """The SWOT's four "+ Add" buttons and the whole perception grid, with its "+" buttons,
    stay pressable when the block is fitted in view; the minimap still takes you places."""
    board = hub.new_board(title="Strategy day")
    width, height = size
    ana = await join(
        browser,
        board["links"]["participant"],
        "Ana",
        "product",
        viewport={"width": width, "height": height},
    )
    await go_to_block(ana, 5)
    assert await ana.evaluate(COVERED, "[data-testid^=swot-add-]") == []
    await expect(ana.locator("[data-testid^=swot-add-]")).to_have_count(4)
    await go_to_block(ana, 2)
    grid = (
        "[data-testid=perception-grid], [data-testid=perception-cell], [data-testid=perception-add]"
    )
    assert await ana.evaluate(COVERED, grid) == []
    await expect(ana.get_by_test_id("perception-add")).to_have_count(3)

    # The minimap is where it was, smaller: a press on block 5 there shows the SWOT.
    minimap = ana.get_by_test_id("minimap")
    await expect(minimap).to_be_visible()
    five = minimap.locator(".minimap-block").nth(4)
    await five.click()
    await ana.wait_for_function(
        """() => {
             const r = document.querySelector('[data-testid=block-swot]').getBoundingClientRect();
             const v = document.querySelector('[data-testid=viewport]').getBoundingClientRect();
             const x = r.left + r.width / 2, y = r.top + r.height / 2;
             return x > v.left && x < v.right && y > v.top && y < v.bottom;
           }""",
        timeout=WAIT_MS,
    )
    assert ana.errors == [], ana.errors  # type: ignore[attr-defined]


async def test_vote_results_sit_beside_the_items_they_rank(hub: HubProcess, browser: Any) -> None:
    """Issue 17, 4: after a vote closes, its results show beside the block, every SWOT card
    stays visible and pressable, and whoever looks at the block sees the results too."""
    board = hub.new_board(title="Strategy day")
    seeder = await Client.join(hub, board, name="Sam", department="marketing")
    cards = [
        ("s-1", "S", "Fast release cadence", "product"),
        ("s-2", "W", "No shared launch calendar", "marketing"),
        ("s-3", "O", "Mid-market is under-served", "sales"),
        ("s-4", "T", "Competitor bundles for free", "marketing"),
    ]
    await send_all(seeder, [swot_op(i, q, text, d, "V") for i, q, text, d in cards])
    await seeder.close()
    fay = await join(
        browser, board["links"]["facilitator"], "Fay", None, viewport={"width": 1440, "height": 900}
    )
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    for page in (fay, ana):
        await go_to_block(page, 5)
    swot = fay.get_by_test_id("block-swot")
    await swot.get_by_test_id("vote-setup").click()
    await swot.get_by_test_id("vote-start").click()
    await expect(swot.get_by_test_id("vote-close")).to_be_visible(timeout=WAIT_MS)
    row = ana.get_by_test_id("block-swot").locator("[data-testid=vote-item][data-item='s-3']")
    await row.get_by_test_id("vote-add").click()
    await expect(row).to_have_attribute("data-mine", "1", timeout=WAIT_MS)
    await swot.get_by_test_id("vote-close").click()

    for page in (fay, ana):
        panel = page.get_by_test_id("block-swot").get_by_test_id("vote-panel")
        await expect(panel).to_have_attribute("data-mode", "results", timeout=WAIT_MS)
        await expect(panel.get_by_test_id("vote-result")).to_have_count(4)
        await expect(panel.get_by_test_id("vote-result").first).to_have_attribute(
            "data-item", "s-3"
        )
        # Whoever was looking at the SWOT now sees the results whole, beside it.
        await page.wait_for_function(
            """() => {
                 const p = document
                   .querySelector('[data-testid=block-swot] [data-testid=vote-panel]')
                   .getBoundingClientRect();
                 const v = document.querySelector('[data-testid=viewport]').getBoundingClientRect();
                 return p.left >= v.left && p.right <= v.right && p.top >= v.top
                   && p.bottom <= v.bottom;
               }""",
            timeout=WAIT_MS,
        )
        await page.evaluate(TWO_FRAMES)
        covered = await page.evaluate(COVERED, "[data-testid=block-swot] [data-testid=swot-item]")
        assert covered == [], covered
        await expect(page.get_by_test_id("block-swot").get_by_test_id("swot-item")).to_have_count(4)
    # The cards are still the cards: one can press one (select it) with the results showing.
    await fay.get_by_test_id("swot-item").filter(has_text="Mid-market").click()
    await expect(fay.get_by_test_id("swot-item").filter(has_text="Mid-market")).to_have_class(
        re.compile(r"\bselected\b")
    )
    for page in (fay, ana):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]
