"""Accessibility (issue 18): axe-core (npm devDependency, injected into the page) finds no
critical or serious violation on the facilitator's, a participant's, the projector's, the
phone's and the join pages, on a board holding every block kind with an open vote and poll;
and a keyboard-only session: three notes added, one edited, one removed and brought back,
two dots placed, a poll answered, without a single mouse event."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page, expect

from ..support import Client, HubProcess
from .pages import WAIT_MS, join, open_page, press_in_bar, wait_ready
from .seed import seed_story, send_all
from .test_phone import open_phone

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("critical", "serious")


def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CROSSBOARD_REQUIRE_REAL_PARTS") == "1":
            pytest.fail("node_modules/axe-core is missing: run `npm ci` (make test does)")
        pytest.skip("axe-core is not installed (npm ci)")
    return AXE.read_text()


async def violations(page: Page, source: str) -> list[dict[str, Any]]:
    """axe-core's critical and serious findings on the page as it is now."""
    if not await page.evaluate("() => Boolean(window.axe)"):
        await page.evaluate(source)  # DevTools evaluation: the page's CSP does not apply
    found: list[dict[str, Any]] = await page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                count: v.nodes.length, nodes: v.nodes.slice(0, 3).map(n =>
                    n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n')[1])}));
        }"""
    )
    return [v for v in found if v["impact"] in SERIOUS]


def report(where: str, found: list[dict[str, Any]]) -> str:
    lines = [f"{where}: {len(found)} critical/serious"]
    for v in found:
        lines.append(f"  [{v['impact']}] {v['id']} ({v['count']}): {v['help']}")
        lines.extend(f"      {n}" for n in v["nodes"])
    return "\n".join(lines)


async def story_board(hub: HubProcess) -> tuple[dict[str, Any], Client]:
    """The strategy day (every block kind) with an open dot vote and an open poll round."""
    board = hub.new_board(title="Strategy day")
    await seed_story(hub, board)
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await send_all(
        fay,
        [
            {"kind": "vote.start", "id": "v", "block": "swot", "budget": 5, "max_per_item": 3},
            {"kind": "poll.create", "id": "q", "block": "poll", "question": "How achievable?"},
            {"kind": "poll.open", "poll": "q", "label": "Before"},
            {"kind": "agenda.set", "items": [{"id": "a1", "title": "SWOT", "minutes": 20}]},
            {"kind": "agenda.start"},
        ],
    )
    return board, fay


async def test_no_critical_or_serious_violations_on_any_page(hub: HubProcess, browser: Any) -> None:
    source = axe_source()
    board, _ = await story_board(hub)
    links = board["links"]
    problems: list[str] = []

    join_page = await open_page(browser, links["participant"])
    await expect(join_page.get_by_test_id("join-name")).to_be_visible(timeout=WAIT_MS)
    pages: list[tuple[str, Page]] = [("join page", join_page)]
    code_page = await open_page(browser, f"{hub.url}/join")
    pages.append(("/join", code_page))
    pages.append(("facilitator", await join(browser, links["facilitator"], "Fay", None)))
    pages.append(("participant", await join(browser, links["participant"], "Ana", "product")))
    screen = await open_page(browser, links["screen"], viewport={"width": 1920, "height": 1080})
    await wait_ready(screen)
    pages.append(("screen", screen))
    phone = await open_phone(browser, links["participant"])
    await phone.get_by_test_id("join-name").fill("Boris")
    await phone.get_by_test_id("join-dept-sales").tap()
    await phone.get_by_test_id("join-submit").tap()
    await wait_ready(phone)
    pages.append(("phone", phone))
    for where, page in pages:
        found = await violations(page, source)
        if found:
            problems.append(report(where, found))
    # The room's way in: the projector's join slide and the facilitator's Present panel.
    await screen.get_by_test_id("present-join-toggle").click()
    await expect(screen.get_by_test_id("join-code")).to_be_visible(timeout=WAIT_MS)
    fay = pages[2][1]
    await press_in_bar(fay, "present-button")
    await expect(fay.get_by_test_id("present-join-code")).to_be_visible(timeout=WAIT_MS)
    for where, page in (("screen, join slide", screen), ("facilitator, Present", fay)):
        found = await violations(page, source)
        if found:
            problems.append(report(where, found))
    assert not problems, "\n".join(problems)


async def tab_to(page: Page, testid: str, *, limit: int = 400, back: bool = False) -> None:
    """Press Tab (Shift+Tab) until the focused element is `testid`: the keyboard's way there."""
    for _ in range(limit):
        if await page.evaluate("() => document.activeElement?.dataset?.testid ?? ''") == testid:
            return
        await page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"Tab never reached {testid}")


async def focused_text(page: Page) -> str:
    text: str = await page.evaluate(
        "() => document.activeElement?.querySelector('[data-testid=note-text]')?.textContent ?? ''"
    )
    return text


async def test_a_keyboard_only_session(hub: HubProcess, browser: Any) -> None:
    """No mouse: join, add three notes, edit one, remove one and undo, place two dots, answer
    the poll. Each change is checked in the hub's view of the board (the facilitator's)."""
    board = hub.new_board(title="Strategy day")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await send_all(
        fay,
        [
            {"kind": "poll.create", "id": "q", "block": "poll", "question": "How achievable?"},
            {"kind": "poll.open", "poll": "q", "label": "Before"},
        ],
    )
    page = await open_page(browser, board["links"]["participant"])
    name = page.get_by_test_id("join-name")
    await expect(name).to_be_focused(timeout=WAIT_MS)
    await page.keyboard.type("Ana")
    await tab_to(page, "join-dept-product")
    await page.keyboard.press("Enter")
    await tab_to(page, "join-submit")
    await page.keyboard.press("Enter")
    await wait_ready(page)

    # Three notes in the expectations block (key 1, then N, type, Escape).
    await page.keyboard.press("1")
    await page.wait_for_function(  # the view settled on the block: N adds the note there
        """() => { const v = crossboard.viewport.visible();
            const b = crossboard.store.view.blocks.expectations;
            const cx = v.x + v.w / 2, cy = v.y + v.h / 2;
            return Math.abs(cx - (b.x + b.w / 2)) < 5 && Math.abs(cy - (b.y + b.h / 2)) < 5; }""",
        timeout=WAIT_MS,
    )
    notes = page.get_by_test_id("note")
    for i, text in enumerate(("Shared goal", "Fewer surprises", "Honest talk"), start=1):
        await page.keyboard.press("n")
        await expect(page.get_by_test_id("editor")).to_be_focused(timeout=WAIT_MS)
        await page.keyboard.type(text)
        await page.keyboard.press("Escape")
        await expect(notes).to_have_count(i, timeout=WAIT_MS)
    # The last note keeps the keyboard focus: Enter edits it.
    await expect(page.locator("[data-testid=note]:focus")).to_have_count(1, timeout=WAIT_MS)
    assert await focused_text(page) == "Honest talk"
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("editor")).to_be_focused(timeout=WAIT_MS)
    await page.keyboard.press("Control+A")
    await page.keyboard.type("Honest talk, with coffee")
    await page.keyboard.press("Escape")
    await expect(notes.filter(has_text="Honest talk, with coffee")).to_have_count(1)

    # Arrows move between the block's notes; Delete removes one, Ctrl+Z brings it back.
    await page.keyboard.press("ArrowLeft")
    await page.wait_for_function(  # the focus moves once the key is handled (a busy machine)
        """() => document.activeElement?.querySelector('[data-testid=note-text]')?.textContent
            !== 'Honest talk, with coffee'""",
        timeout=WAIT_MS,
    )
    gone = await focused_text(page)
    assert gone in ("Shared goal", "Fewer surprises"), gone
    await page.keyboard.press("Delete")
    await expect(notes).to_have_count(2, timeout=WAIT_MS)
    await expect(notes.filter(has_text=gone)).to_have_count(0)
    await page.keyboard.press("Control+z")
    await expect(notes.filter(has_text=gone)).to_have_count(1, timeout=WAIT_MS)

    # A dot vote on the block: two dots, from the keyboard.
    await send_all(
        fay,
        [
            {
                "kind": "vote.start",
                "id": "v",
                "block": "expectations",
                "budget": 3,
                "max_per_item": 2,
            }
        ],
    )
    await expect(page.get_by_test_id("vote-add").first).to_be_visible(timeout=WAIT_MS)
    for left in (2, 1):
        await tab_to(page, "vote-add")
        await page.keyboard.press("Enter")
        await page.wait_for_function(
            f"() => crossboard.store.view.votes?.v?.mine?.left === {left}", timeout=WAIT_MS
        )

    # The poll: go to its block (7), Tab to a score, Enter, Tab to send, Enter.
    await page.keyboard.press("Escape")
    await page.keyboard.press("7")
    await tab_to(page, "poll-score-8")
    await page.keyboard.press("Enter")
    await tab_to(page, "poll-submit")
    await page.keyboard.press("Enter")
    await page.wait_for_function(
        "() => crossboard.store.view.polls.q.mine?.answers?.[0]?.score === 8", timeout=WAIT_MS
    )
    assert not page.errors  # type: ignore[attr-defined]
