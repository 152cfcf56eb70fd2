"""The perception exercise in real Chromium ("what are the other departments' goals?", the
session story, 3; PROTOCOL.md A2, A3): three departments write, in private, what they think
the others aim for and their own real goals; each sees only its own row and counts of the
others, in the page and on the wire; on reveal every page shows, per department, the guesses
beside the real goals; a note copied to the goal tree appears there for everyone."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import Page, expect

from ..support import HubProcess
from .pages import WAIT_MS, Wire, go_to_block, join
from .seed import PERCEPTION

DEPARTMENTS = ("product", "sales", "marketing")
COUNTS = {
    "product": "4 notes from Product",
    "sales": "3 notes from Sales",
    "marketing": "3 notes from Marketing",
}


def cell(page: Page, row: str, col: str) -> Any:
    return page.locator(
        f"[data-testid=block-perception] [data-testid=perception-cell]"
        f"[data-row='{row}'][data-col='{col}']"
    )


async def write(page: Page, row: str, col: str, text: str) -> None:
    """The + of a cell in one's own row, type, Escape."""
    await cell(page, row, col).get_by_test_id("perception-add").click()
    editor = page.get_by_test_id("editor")
    await expect(editor).to_be_focused()
    await editor.type(text)
    await editor.press("Escape")
    await expect(cell(page, row, col).get_by_test_id("note-text").get_by_text(text)).to_have_count(
        1
    )


def texts_of(dept: str) -> list[str]:
    """What a department wrote, as its row reads: column by column."""
    return [text for col in DEPARTMENTS for text in PERCEPTION[dept].get(col, [])]


async def test_departments_guess_each_others_goals_in_private_then_see_them_beside_the_real_ones(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    links = board["links"]
    wires = {name: Wire() for name in ("fay", *DEPARTMENTS)}
    fay = await join(browser, links["facilitator"], "Fay", None, on_page=wires["fay"].attach)
    pages: dict[str, Page] = {}
    for dept, name in zip(DEPARTMENTS, ("Ana", "Boris", "Chloé"), strict=True):
        pages[dept] = await join(
            browser, links["participant"], name, dept, on_page=wires[dept].attach
        )

    # The facilitator makes the block private by department; everyone writes in their row.
    await go_to_block(fay, 2)
    block = fay.get_by_test_id("block-perception")
    await block.get_by_test_id("block-private").click()
    await fay.get_by_test_id("private-department").click()
    for dept, page in pages.items():
        await expect(
            page.get_by_test_id("block-perception").get_by_test_id("private-banner")
        ).to_be_visible(timeout=WAIT_MS)
        await go_to_block(page, 2)
        other_rows = page.locator(f"[data-testid=perception-row]:not([data-row='{dept}'])")
        await expect(other_rows.get_by_test_id("perception-add")).to_have_count(0)
        for about, texts in PERCEPTION[dept].items():
            for text in texts:
                await write(page, dept, about, text)

    # While private: one's own row, and the others as counted face-down cards; nothing more,
    # neither in the page nor on the wire.
    for dept, page in pages.items():
        perception = page.get_by_test_id("block-perception")
        hidden = perception.get_by_test_id("perception-hidden")
        others = [d for d in DEPARTMENTS if d != dept]
        await expect(hidden).to_contain_text([COUNTS[d] for d in others], timeout=WAIT_MS)
        assert [await h.get_attribute("data-row") for h in await hidden.all()] == others
        await expect(perception.get_by_test_id("note-text")).to_have_text(texts_of(dept))
        html = await page.content()
        for other in others:
            for text in texts_of(other):
                assert text not in html, f"{dept}'s page shows {other}'s {text!r}"
                assert not wires[dept].carries(text), f"{other}'s {text!r} reached {dept}"
    for dept in DEPARTMENTS:  # the facilitator sees everything, so the recorder records
        assert all(wires["fay"].carries(text) for text in texts_of(dept))
    await expect(block.get_by_test_id("note-text")).to_have_count(10)

    # Reveal: per department column, the others' guesses beside its real goals, everywhere.
    await block.get_by_test_id("block-reveal").click()
    for page in (fay, *pages.values()):
        await expect(
            page.get_by_test_id("block-perception").get_by_test_id("note-text")
        ).to_have_count(10, timeout=WAIT_MS)
        await expect(
            page.get_by_test_id("block-perception").get_by_test_id("perception-hidden")
        ).to_have_count(0)
        for writer, about in PERCEPTION.items():
            for col in DEPARTMENTS:
                here = cell(page, writer, col)
                await expect(here.get_by_test_id("note-text")).to_have_text(about.get(col, []))
                kind = "perception-real" if writer == col else "perception-guess"
                await expect(here.get_by_test_id(kind)).to_have_count(len(about.get(col, [])))
        for col in DEPARTMENTS:  # the real goals are the highlighted cell of their column
            await expect(cell(page, col, col)).to_have_class(re.compile(r"\bis-real\b"))

    # Boris copies Sales' real goal to the goal tree; Ana sees it there, in Sales' colour.
    real = cell(pages["sales"], "sales", "sales").get_by_test_id("perception-real")
    await real.hover()
    await real.get_by_test_id("perception-copy").click()
    copied = pages["product"].get_by_test_id("block-goals").get_by_test_id("note")
    await expect(copied.filter(has_text="€3.5M new ARR")).to_have_count(1, timeout=WAIT_MS)
    copy = await pages["product"].evaluate(
        """() => Object.values(crossboard.store.view.items)
             .filter(it => it.block === "goals" && it.kind === "note")
             .map(it => [it.text, it.department, it.on])"""
    )
    assert copy == [["€3.5M new ARR", "sales", None]]
    for page in (fay, *pages.values()):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


async def test_a_guess_typed_slowly_shows_on_its_own_card_once_the_editor_closes(
    hub: HubProcess, browser: Any
) -> None:
    """Issue 17, 5: the text reached the store while the editor was still open (the typing
    was sent and confirmed), then Escape: the card shows the text at once, not a blank."""
    board = hub.new_board(title="Strategy day")
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    await go_to_block(ana, 2)
    await cell(ana, "product", "sales").get_by_test_id("perception-add").click()
    editor = ana.get_by_test_id("editor")
    await expect(editor).to_be_focused()
    text = "Sales wants the quarter, whatever it takes"
    await editor.type(text)
    # The typing went out (debounced) and came back confirmed while the editor is open, and
    # the page drew that confirmed note (two frames) before the person leaves the field.
    await ana.wait_for_function(
        """(text) => crossboard.store.unacked === 0
             && Object.values(crossboard.store.confirmed.items).some(it => it.text === text)""",
        arg=text,
        timeout=WAIT_MS,
    )
    await ana.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )
    await editor.press("Escape")
    await expect(editor).to_have_count(0)
    card = cell(ana, "product", "sales").get_by_test_id("note-text")
    await expect(card).to_have_text([text], timeout=WAIT_MS)
    assert ana.errors == [], ana.errors  # type: ignore[attr-defined]
