"""The projector in the room (issue 18, A7): presentation mode readable from the back row, no
cursor unless the facilitator wants them, and "present vs look around" — the facilitator
chooses what the screen shows (`screen.show`, from the Present panel on their laptop: their
view, a block, the join slide, a block's results, cursors on or off) and works elsewhere while
it stays put. The choice is the board's: a projector that reloads shows it again. Chromium at
1920x1080."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import Page, expect

from ..support import Client, HubProcess, pack
from .pages import (
    WAIT_MS,
    Wire,
    at_rest,
    drawn,
    go_to_block,
    hears_view,
    join,
    near,
    open_page,
    press_in_bar,
    settles_at,
    stayed,
    wait_ready,
)
from .seed import note_op, send_all

FULL_HD = {"width": 1920, "height": 1080}
AGENDA_BLOCK = 8
SWOT_CENTRE = (600, 1300)  # the template's SWOT block: x 0, y 900, 1200 x 800
RESULTS_CENTRE = (3200, 400)  # the template's results block: x 2600, y 0, 1200 x 800
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


async def cursor_moves_arrive(screen: Page, ana: Page) -> None:
    """Ana moves her mouse; wait until her moves reached the projector and it drew them."""
    since = await screen.evaluate("Date.now()")
    await wiggle(ana)
    await screen.wait_for_function(
        "(since) => [...crossboard.presence.cursors.values()].some((c) => c.at > since)",
        arg=since,
        timeout=WAIT_MS,
    )
    await drawn(screen)


async def present(fay: Page) -> Any:
    """Fay opens the Present panel on her laptop (if it is not open) and returns it."""
    panel = fay.get_by_test_id("present-panel")
    if not await panel.is_visible():
        await press_in_bar(fay, "present-button")
    await expect(panel).to_be_visible()
    return panel


async def screen_shows(screen: Page, mode: str, block: str | None = None) -> None:
    """The projector's replica holds the facilitator's choice (A7)."""
    await screen.wait_for_function(
        """([mode, block]) => { const s = crossboard.store.view?.screen;
            return s && s.mode === mode && (s.block ?? null) === block; }""",
        arg=[mode, block],
        timeout=WAIT_MS,
    )


async def wiggle(page: Page) -> None:
    """A participant moves their mouse over the board (cursor frames, every 50 ms)."""
    for step in range(10):
        await page.mouse.move(600 + 40 * step, 500 + 20 * step)
        await page.wait_for_timeout(60)  # paced like a hand: several cursor frames, not one


async def reload(screen: Page) -> None:
    await screen.reload()
    await wait_ready(screen)


async def test_the_projector_is_readable_from_the_back_row(hub: HubProcess, browser: Any) -> None:
    """24 notes on the screen as a slide: every note's text >= 28 px and every card on screen;
    the timer >= 64 px; no editor chrome; the poll's results large; no participant cursor
    while the facilitator has not turned them on."""
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
            {"kind": "screen.show", "mode": "block", "block": "expectations"},
        ],
    )
    screen = await open_page(browser, board["links"]["screen"], viewport=FULL_HD)
    await wait_ready(screen)
    slide = screen.get_by_test_id("present-slide")
    await expect(slide).to_be_visible(timeout=WAIT_MS)
    await expect(slide).to_have_attribute("data-block", "expectations")
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

    # The poll, answered by three people, closed, revealed and its results on the screen.
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
            {"kind": "screen.show", "mode": "results", "block": "poll"},
        ],
    )
    results = screen.get_by_test_id("present-results")
    await expect(results).to_be_visible(timeout=WAIT_MS)
    await expect(slide).to_have_attribute("data-show", "results")
    await expect(results.get_by_test_id("present-average")).to_have_text("8.0", timeout=WAIT_MS)
    assert (await font_px(results.get_by_test_id("present-average")))[0] >= 64
    box = await results.bounding_box()
    assert box and box["width"] > 1400 and box["height"] > 700, box

    # A participant moves their mouse over the board: cursors are off unless Fay says so.
    ana = await join(browser, board["links"]["participant"], "Ana", "product", viewport=FULL_HD)
    await cursor_moves_arrive(screen, ana)
    await expect(screen.get_by_test_id("cursor")).to_be_hidden()
    assert not screen.errors  # type: ignore[attr-defined]


async def test_the_facilitator_runs_the_screen_from_their_laptop(
    hub: HubProcess, browser: Any
) -> None:
    """From the Present panel: the join slide (the QR code and the code Fay's panel shows), on
    the projector at once and again after it reloads; a switch on the projector is for that
    screen only and the facilitator's choice is back after a reload; cursors off by default,
    drawn when Fay turns them on (kept across a reload), never over the results, and gone
    when she turns them off. Fay's own view never moves."""
    board = hub.new_board(title="Strategy day")
    ws = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await send_all(
        ws,
        [
            {"kind": "poll.create", "id": "q", "block": "poll", "question": "How achievable?"},
            {"kind": "poll.open", "poll": "q", "label": "Before"},
        ],
    )
    for score, dept in zip((8, 9, 7), ("product", "sales", "marketing"), strict=True):
        person = await Client.join(hub, board, name=f"P{score}", department=dept)
        await send_all(person, [{"kind": "poll.answer", "poll": "q", "score": score}])
    await send_all(ws, [{"kind": "poll.close", "poll": "q"}, {"kind": "poll.reveal", "poll": "q"}])
    fay = await join(browser, board["links"]["facilitator"], "Fay", None)
    screen = await open_page(browser, board["links"]["screen"], viewport=FULL_HD)
    await wait_ready(screen)
    await expect(screen.get_by_test_id("present-slide")).to_be_hidden()  # following Fay

    await go_to_block(fay, 2)
    before = await at_rest(fay)
    panel = await present(fay)
    await expect(panel.get_by_test_id("present-now")).to_have_text("On the screen now: your view")
    await expect(panel.get_by_test_id("present-show-follow")).to_be_checked()
    await expect(panel.get_by_test_id("present-cursors")).not_to_be_checked()
    code = panel.get_by_test_id("present-join-code")
    await expect(code).to_have_text(re.compile(r"^[2-9A-HJ-NP-Z]{6}$"), timeout=WAIT_MS)
    fay_code = (await code.text_content() or "").strip()

    # The join slide, chosen on the laptop: the QR code and the same code on the projector.
    await panel.get_by_test_id("present-show-join").check()
    await expect(panel.get_by_test_id("present-now")).to_have_text(
        "On the screen now: the join slide"
    )
    join_slide = screen.get_by_test_id("join-slide")
    await expect(join_slide.get_by_test_id("join-code")).to_have_text(fay_code, timeout=WAIT_MS)
    await expect(join_slide.get_by_test_id("join-qr")).to_be_visible()
    await screen.wait_for_function(
        "() => document.querySelector('[data-testid=join-qr]').naturalWidth > 0", timeout=WAIT_MS
    )
    await stayed(
        fay, "board.screen.mode === 'join'", before, "choosing what the screen shows moved Fay"
    )

    # The projector reloads: the join slide is the board's, so it is back.
    await reload(screen)
    await expect(join_slide.get_by_test_id("join-code")).to_have_text(fay_code, timeout=WAIT_MS)
    await expect(join_slide.get_by_test_id("join-qr")).to_be_visible()

    # Someone at the projector hides the join slide there: for that screen only, until reload.
    switches = screen.get_by_test_id("present-switches")
    await expect(switches.get_by_test_id("present-switches-label")).to_have_text(
        "This screen only:"
    )
    await screen.get_by_test_id("present-join-toggle").click()
    await expect(join_slide).to_be_hidden()
    await expect(screen.get_by_test_id("present-join-toggle")).to_have_attribute(
        "aria-pressed", "false"
    )
    await expect(switches).to_have_class(re.compile("is-local"))
    assert await fay.evaluate("crossboard.store.view.screen.mode") == "join"
    await reload(screen)
    await expect(join_slide.get_by_test_id("join-qr")).to_be_visible(timeout=WAIT_MS)
    await expect(screen.get_by_test_id("present-join-toggle")).to_have_attribute(
        "aria-pressed", "true"
    )

    # Back to Fay's view; a participant moves their mouse: no cursor on the projector.
    await panel.get_by_test_id("present-show-follow").check()
    await expect(screen.get_by_test_id("present-slide")).to_be_hidden(timeout=WAIT_MS)
    await settles_at(screen, before)
    ana = await join(browser, board["links"]["participant"], "Ana", "product", viewport=FULL_HD)
    await cursor_moves_arrive(screen, ana)
    await expect(screen.get_by_test_id("cursor")).to_be_hidden()

    # Fay turns the cursors on: drawn on the projector, and still after it reloads.
    await panel.get_by_test_id("present-cursors").check()
    await screen_shows(screen, "follow")
    await expect(screen.get_by_test_id("cursor")).to_be_visible(timeout=WAIT_MS)
    await expect(screen.get_by_test_id("cursor")).to_have_count(1)
    await reload(screen)
    await settles_at(screen, before)
    await wiggle(ana)
    await expect(screen.get_by_test_id("cursor")).to_be_visible(timeout=WAIT_MS)

    # The poll's results, cursors still on: large, and no cursor drawn over them.
    await expect(panel.get_by_test_id("present-show-results-poll")).to_be_visible()
    await panel.get_by_test_id("present-show-results-poll").check()
    await expect(panel.get_by_test_id("present-cursors")).to_be_checked()
    results = screen.get_by_test_id("present-results")
    await expect(results.get_by_test_id("present-average")).to_have_text("8.0", timeout=WAIT_MS)
    await expect(screen.get_by_test_id("present-title")).to_have_text(
        re.compile(r"^Results: How achievable")
    )
    await wiggle(ana)
    await expect(screen.get_by_test_id("cursor")).to_have_count(1, timeout=WAIT_MS)
    over = await screen.evaluate(
        """() => { const c = document.querySelector('[data-testid=cursor]').getBoundingClientRect();
            const el = document.elementFromPoint(c.left + 4, c.top + 4);
            return el ? el.closest('[data-testid=cursor]') !== null : false; }"""
    )
    assert not over, "a cursor is drawn over the results"

    # Cursors off again, back to Fay's view: none drawn.
    await panel.get_by_test_id("present-cursors").uncheck()
    await panel.get_by_test_id("present-show-follow").check()
    await expect(screen.get_by_test_id("present-slide")).to_be_hidden(timeout=WAIT_MS)
    await cursor_moves_arrive(screen, ana)
    await expect(screen.get_by_test_id("cursor")).to_be_hidden()
    assert near(await at_rest(fay), before, 1), "Fay's own view moved"
    for page in (fay, screen, ana):
        assert not page.errors, page.errors  # type: ignore[attr-defined]


async def test_the_facilitator_looks_around_while_the_screen_keeps_the_chosen_block(
    hub: HubProcess, browser: Any
) -> None:
    """Fay puts the SWOT on the screen from the Present panel without moving her own view,
    pans to other blocks and opens the agenda editor: the projector keeps the SWOT, also after
    it reloads. Agenda Start spotlights the first entry's block: following participants go
    there, the screen keeps Fay's choice and Fay stays at the agenda. "Follow my view" hands
    the screen back to Fay's view (held on the spotlighted block while there is one, A4)."""
    board = hub.new_board(title="Strategy day")
    fay = await join(browser, board["links"]["facilitator"], "Fay", None)
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    wire = Wire()  # what reaches the projector: Fay's view as she looks around
    screen = await open_page(
        browser, board["links"]["screen"], viewport=FULL_HD, on_page=wire.attach
    )
    await wait_ready(screen)
    await expect(screen.get_by_test_id("present-slide")).to_be_hidden()  # following Fay

    await go_to_block(fay, 1)
    before = await at_rest(fay)
    panel = await present(fay)
    await panel.get_by_test_id("present-show-swot").check()
    await expect(screen.get_by_test_id("present-title")).to_have_text("SWOT", timeout=WAIT_MS)
    slide = screen.get_by_test_id("present-slide")
    await expect(slide).to_be_visible()
    await expect(slide).to_have_attribute("data-block", "swot")
    await expect(panel.get_by_test_id("present-now")).to_have_text("On the screen now: SWOT")
    await stayed(
        fay, "board.screen.block === 'swot'", before, "choosing what the screen shows moved Fay"
    )
    assert await fay.evaluate("crossboard.store.view.spotlight") is None, "not a spotlight"

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
    await hears_view(screen, wire, fay)
    await expect(screen.get_by_test_id("present-title")).to_have_text("SWOT")
    await expect(slide).to_have_attribute("data-block", "swot")
    await fay.get_by_test_id("agenda-save").click()

    # The projector reloads: the SWOT is still what it shows.
    await reload(screen)
    await expect(slide).to_have_attribute("data-block", "swot", timeout=WAIT_MS)
    await expect(screen.get_by_test_id("present-title")).to_have_text("SWOT")

    # Start: the spotlight takes Ana to the first entry's block; the screen keeps the SWOT.
    at_agenda = await at_rest(fay)
    await fay.get_by_test_id("agenda-start").click()
    await settles_at(ana, RESULTS_CENTRE)
    await expect(screen.get_by_test_id("present-timer")).to_have_text(
        re.compile(r"^(10:00|9:\d\d)$"), timeout=WAIT_MS
    )
    await expect(screen.get_by_test_id("present-title")).to_have_text("SWOT")
    await expect(slide).to_have_attribute("data-block", "swot")
    await stayed(fay, "board.spotlight != null", at_agenda, "agenda Start moved Fay's own view")

    # Follow my view: the canvas again, on the spotlighted block while the spotlight is on.
    panel = await present(fay)
    await panel.get_by_test_id("present-show-follow").check()
    await expect(slide).to_be_hidden(timeout=WAIT_MS)
    await expect(panel.get_by_test_id("present-follow-spotlight")).to_be_visible()
    await settles_at(screen, RESULTS_CENTRE)
    await fay.get_by_test_id("spotlight-end").click()
    await settles_at(screen, at_agenda)
    await fay.evaluate("crossboard.viewport.fit({x: 0, y: 900, w: 1200, h: 800}, {instant: true})")
    await settles_at(screen, SWOT_CENTRE)
    for page in (fay, ana, screen):
        assert not page.errors, page.errors  # type: ignore[attr-defined]


async def test_the_projector_follows_the_facilitator_again_when_a_spotlight_ends(
    hub: HubProcess, browser: Any
) -> None:
    """A4, A7: the projector heard the facilitator's view during a spotlight, then the
    spotlight ends. The hub sends the volatile view at its next tick and an op once the
    engine wrote it, so on a busy machine the view comes first: the projector must still
    fit the view it last heard when the spotlight ends, not stay on the block (the
    projector flake of issue 19, made deterministic)."""
    board = hub.new_board(title="Strategy day")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    wire = Wire()
    screen = await open_page(
        browser, board["links"]["screen"], viewport=FULL_HD, on_page=wire.attach
    )
    await wait_ready(screen)
    await send_all(fay, [{"kind": "board.spotlight", "block": "swot"}])
    await settles_at(screen, SWOT_CENTRE)
    await fay.ws.send(pack({"type": "viewport", "x": 1300, "y": 0, "w": 1200, "h": 800}))
    await wire.until(lambda f: f.get("type") == "follow")
    await drawn(screen)
    assert near(await at_rest(screen), SWOT_CENTRE), "the projector keeps the spotlight"
    await send_all(fay, [{"kind": "board.spotlight", "block": None}])
    await settles_at(screen, (1900, 400))
    assert not screen.errors  # type: ignore[attr-defined]
