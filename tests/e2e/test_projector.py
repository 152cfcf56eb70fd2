"""The projector in the room (issue 18): presentation mode readable from the back row, no
cursor over the results, and "present vs look around" — the facilitator chooses what the
screen shows and works elsewhere while it stays put. Chromium at 1920x1080."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from playwright.async_api import Page, expect

from ..support import TIMEOUT, Client, HubProcess
from .pages import go_to_block, join, open_page, wait_ready
from .seed import note_op, send_all

FULL_HD = {"width": 1920, "height": 1080}
WAIT = int(TIMEOUT * 1000)
AGENDA_BLOCK = 8
TEXTS = [
    "Leave with one shared goal for the year",
    "Understand why launches slip every quarter",
    "Fewer surprises in the roadmap",
    "Понять приоритеты продукта и продаж",
    "A launch calendar everyone trusts",
    "Coffee and honest talk",
]


async def font_px(locator: Any) -> list[float]:
    """The rendered type size of each element: computed size times any scale on the way."""
    sizes: list[float] = await locator.evaluate_all(
        """els => els.map(el => {
            const size = parseFloat(getComputedStyle(el).fontSize);
            const box = el.getBoundingClientRect();
            const scale = el.offsetWidth ? Math.round(100 * box.width / el.offsetWidth) / 100 : 1;
            return size * scale;
        })"""
    )
    return sizes


async def centre(page: Page) -> tuple[float, float]:
    v = await page.evaluate("crossboard.viewport.visible()")
    return v["x"] + v["w"] / 2, v["y"] + v["h"] / 2


def near(a: tuple[float, float], b: tuple[float, float], tolerance: float = 40) -> bool:
    return abs(a[0] - b[0]) < tolerance and abs(a[1] - b[1]) < tolerance


async def settles_at(page: Page, where: tuple[float, float]) -> None:
    deadline = asyncio.get_running_loop().time() + 2 * TIMEOUT
    while not near(await centre(page), where):
        assert asyncio.get_running_loop().time() < deadline, await centre(page)
        await asyncio.sleep(0.05)


async def at_rest(page: Page) -> tuple[float, float]:
    """Where the view is once its animation ended (two reads 100 ms apart agree)."""
    deadline = asyncio.get_running_loop().time() + 2 * TIMEOUT
    last = await centre(page)
    while True:
        await asyncio.sleep(0.1)
        now = await centre(page)
        if near(now, last, 0.5):
            return now
        assert asyncio.get_running_loop().time() < deadline, "the view never came to rest"
        last = now


async def test_the_projector_is_readable_from_the_back_row(hub: HubProcess, browser: Any) -> None:
    """24 notes spotlighted: every note's text >= 28 px and every card on screen; the timer
    >= 64 px; no editor chrome; the poll's results large, with no participant cursor drawn
    over them (hidden by default, and under the slide when the projector shows them)."""
    board = hub.new_board(title="Strategy day")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    depts = ["product", "sales", "marketing"]
    notes = [
        note_op(f"n{i}", "expectations", TEXTS[i % len(TEXTS)], depts[i % 3], 40 * i, 30 * i)
        for i in range(24)
    ]
    await send_all(fay, notes)
    await send_all(
        fay,
        [
            {"kind": "agenda.set", "items": [{"id": "a1", "title": "Expectations", "minutes": 15}]},
            {"kind": "agenda.start"},
            {"kind": "board.spotlight", "block": "expectations"},
        ],
    )
    screen = await open_page(browser, board["links"]["screen"], viewport=FULL_HD)
    await wait_ready(screen)
    slide = screen.get_by_test_id("present-slide")
    await expect(slide).to_be_visible(timeout=WAIT)
    for chrome in ("undo", "zoom-in", "minimap", "help-button", "lang-switch"):
        await expect(screen.get_by_test_id(chrome)).to_be_hidden()
    texts = slide.get_by_test_id("present-text")
    await expect(texts).to_have_count(24)
    sizes = await font_px(texts)
    assert min(sizes) >= 28, sizes
    boxes = await slide.get_by_test_id("present-card").evaluate_all(
        "els => els.map(el => el.getBoundingClientRect().toJSON())"
    )
    for box in boxes:
        assert box["top"] >= 0 and box["bottom"] <= 1080 and box["right"] <= 1920, box
    timer = screen.get_by_test_id("present-timer")
    await expect(timer).to_have_text(re.compile(r"^1[45]:\d\d$"))
    assert (await font_px(timer))[0] >= 64

    # The poll, answered by three people, closed, revealed and shown.
    await send_all(
        fay,
        [
            {"kind": "poll.create", "id": "q", "block": "poll", "question": "How achievable?"},
            {"kind": "poll.open", "poll": "q", "label": "Before"},
        ],
    )
    for score, dept in zip((8, 9, 7), depts, strict=True):
        person = await Client.join(hub, board, name=f"P{score}", department=dept)
        await send_all(person, [{"kind": "poll.answer", "poll": "q", "score": score}])
    await send_all(
        fay,
        [
            {"kind": "poll.close", "poll": "q"},
            {"kind": "poll.reveal", "poll": "q", "revealed": True},
            {"kind": "board.spotlight", "block": "poll"},
        ],
    )
    results = screen.get_by_test_id("present-results")
    await expect(results).to_be_visible(timeout=WAIT)
    await expect(results.get_by_test_id("present-average")).to_have_text("8.0", timeout=WAIT)
    assert (await font_px(results.get_by_test_id("present-average")))[0] >= 64
    box = await results.bounding_box()
    assert box and box["width"] > 1400 and box["height"] > 700, box

    # A participant moves their mouse over the board: no cursor on the projector.
    ana = await join(browser, board["links"]["participant"], "Ana", "product", viewport=FULL_HD)
    for step in range(10):
        await ana.mouse.move(600 + 40 * step, 500 + 20 * step)
        await ana.wait_for_timeout(60)
    await screen.wait_for_function(
        "() => crossboard.presence.cursors.size > 0", timeout=WAIT
    )  # the moves arrived
    await expect(screen.get_by_test_id("cursor")).to_be_hidden()
    # Turned on at the projector, cursors are drawn on the canvas, never over the results.
    await screen.get_by_test_id("present-cursors-toggle").click()
    await expect(screen.get_by_test_id("present-cursors-toggle")).to_have_attribute(
        "aria-pressed", "true"
    )
    await expect(screen.get_by_test_id("cursor")).to_have_count(1, timeout=WAIT)
    over = await screen.evaluate(
        """() => { const c = document.querySelector('[data-testid=cursor]').getBoundingClientRect();
            const el = document.elementFromPoint(c.left + 4, c.top + 4);
            return el ? el.closest('[data-testid=cursor]') !== null : false; }"""
    )
    assert not over, "a cursor is drawn over the results"
    assert not screen.errors  # type: ignore[attr-defined]


async def test_the_facilitator_looks_around_while_the_screen_keeps_the_spotlight(
    hub: HubProcess, browser: Any
) -> None:
    """The facilitator puts the SWOT on the screen from the Present panel without moving their
    own view, pans to another block and opens the agenda editor: the projector keeps the SWOT.
    Agenda "Next" spotlights the next block for the room and leaves the facilitator at the
    agenda. "Follow my view" hands the screen back to the facilitator's view."""
    board = hub.new_board(title="Strategy day")
    fay = await join(browser, board["links"]["facilitator"], "Fay", None)
    screen = await open_page(browser, board["links"]["screen"], viewport=FULL_HD)
    await wait_ready(screen)
    await expect(screen.get_by_test_id("present-slide")).to_be_hidden()  # following Fay

    await go_to_block(fay, 1)
    before = await at_rest(fay)
    await fay.get_by_test_id("present-button").click()
    panel = fay.get_by_test_id("present-panel")
    await panel.get_by_test_id("present-show-swot").check()
    await expect(screen.get_by_test_id("present-title")).to_have_text("SWOT", timeout=WAIT)
    await expect(screen.get_by_test_id("present-slide")).to_be_visible()
    swot_centre = (600, 1300)  # the template's SWOT block: x 0, y 900, 1200 x 800
    await settles_at(screen, swot_centre)
    await fay.wait_for_timeout(400)
    assert near(await centre(fay), before, 1), "choosing what the screen shows moved Fay"

    # Fay looks around and edits the agenda; the screen stays on the SWOT.
    await fay.keyboard.press("Escape")
    await go_to_block(fay, 3)
    await go_to_block(fay, AGENDA_BLOCK)
    await fay.get_by_test_id("agenda-edit").click()
    await fay.get_by_test_id("agenda-title-input").fill("Results of the year")
    await fay.get_by_test_id("agenda-minutes-input").fill("10")
    await fay.get_by_test_id("agenda-block-select").select_option("results")
    await fay.get_by_test_id("agenda-add").click()
    await fay.get_by_test_id("agenda-title-input").nth(1).fill("SWOT")
    await fay.get_by_test_id("agenda-minutes-input").nth(1).fill("20")
    await fay.get_by_test_id("agenda-block-select").nth(1).select_option("swot")
    await screen.wait_for_timeout(500)
    assert near(await centre(screen), swot_centre), "the projector followed Fay around"
    await expect(screen.get_by_test_id("present-title")).to_have_text("SWOT")
    await fay.get_by_test_id("agenda-save").click()

    # Start and Next: the room goes to each entry's block; Fay stays at the agenda.
    at_agenda = await at_rest(fay)
    await fay.get_by_test_id("agenda-start").click()
    await expect(screen.get_by_test_id("present-title")).to_have_text(
        "Results of the year", timeout=WAIT
    )
    await fay.get_by_test_id("agenda-next").click()
    await expect(screen.get_by_test_id("present-title")).to_have_text("SWOT", timeout=WAIT)
    await expect(screen.get_by_test_id("present-timer")).to_have_text(
        re.compile(r"^(20:00|19:\d\d)$")
    )
    await fay.wait_for_timeout(400)
    assert near(await centre(fay), at_agenda, 1), "agenda Next moved Fay's own view"

    # Follow my view: the screen shows what Fay sees again.
    await fay.get_by_test_id("present-button").click()
    await panel.get_by_test_id("present-show-follow").check()
    await expect(screen.get_by_test_id("present-slide")).to_be_hidden(timeout=WAIT)
    await settles_at(screen, at_agenda)
    await fay.evaluate("crossboard.viewport.fit({x: 1300, y: 0, w: 1200, h: 800}, {instant: true})")
    await settles_at(screen, (1900, 400))
    assert not fay.errors and not screen.errors  # type: ignore[attr-defined]
