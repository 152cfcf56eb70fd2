"""The facilitator runs the day (PROTOCOL.md, "Facilitation"): locks, private writing and
reveal, spotlight and follow, people, and replaced join links, in real Chromium."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import Page, expect

from ..support import Client, HubProcess
from .pages import (
    WAIT_MS,
    Wire,
    add_note,
    at_rest,
    clear_toasts,
    drag,
    go_to_block,
    hears_view,
    join,
    near,
    note,
    open_page,
    refused,
    settles_at,
    stayed,
    toast,
    wait_ready,
)
from .seed import note_op, send_all

BACKOFF_WINDOW_MS = 2500
"""A page that reconnects after a close tries within 0.5 s and again within 1.5 s (connection.js:
500 ms base backoff); a window for a reconnect that must not happen, not a timeout."""


def swot_card(page: Page, text: str) -> Any:
    return page.get_by_test_id("swot-item").filter(has_text=text)


async def test_a_locked_swot_block_refuses_a_participants_edits_until_unlocked(
    hub: HubProcess, browser: Any
) -> None:
    """A1: lock the SWOT block; adding, editing, dragging and deleting there are refused and
    shown as refused (also what the page would send anyway: the hub says `locked`); after
    unlock they work. Then the whole board."""
    board = hub.new_board(title="Strategy day")
    links = board["links"]
    fay = await join(browser, links["facilitator"], "Fay", None)
    ana = await join(browser, links["participant"], "Ana", "product")
    await go_to_block(ana, 5)
    await ana.get_by_test_id("swot-add-S").click()
    await ana.get_by_test_id("editor").fill("Fast releases")
    await ana.get_by_test_id("editor").press("Enter")
    await ana.get_by_test_id("editor").press("Escape")
    await expect(swot_card(fay, "Fast releases")).to_be_visible(timeout=WAIT_MS)

    await go_to_block(fay, 5)
    await fay.get_by_test_id("block-swot").get_by_test_id("block-lock-toggle").click()
    swot = ana.get_by_test_id("block-swot")
    await expect(swot.get_by_test_id("block-lock")).to_have_text("Locked", timeout=WAIT_MS)
    await expect(swot).to_have_class(re.compile(r"\breadonly\b"))
    await expect(ana.get_by_test_id("swot-add-W")).to_be_hidden()
    await expect(
        fay.get_by_test_id("block-swot").get_by_test_id("block-lock-toggle")
    ).to_have_attribute("aria-pressed", "true")

    # Add: a double-click on an empty quadrant.
    quadrant = ana.get_by_test_id("swot-W")
    box = await quadrant.bounding_box()
    assert box
    await ana.mouse.dblclick(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.6)
    await refused(ana)
    await expect(ana.get_by_test_id("editor")).to_have_count(0)
    # Edit: a double-click on the item.
    card = swot_card(ana, "Fast releases")
    await card.dblclick()
    await refused(ana)
    await expect(ana.get_by_test_id("editor")).to_have_count(0)
    # Drag: to another quadrant; it stays where it was.
    await drag(ana, card, ana.get_by_test_id("swot-T"))
    await refused(ana)
    await expect(ana.get_by_test_id("swot-S").get_by_test_id("swot-text")).to_have_text(
        ["Fast releases"]
    )
    # Delete: select, then the Delete key (the delete button is gone).
    await card.click()
    await ana.keyboard.press("Delete")
    await refused(ana)
    await expect(card).to_be_visible()
    # The hub refuses it too: an op sent past the page's own check comes back `locked`.
    item_id = await card.get_attribute("data-id")
    await ana.evaluate(
        """id => crossboard.connection.send({type: "op", cid: "raw-1",
             op: {kind: "item.update", id, set: {text: "sneaked in"}}})""",
        item_id,
    )
    await expect(toast(ana, "undone: the facilitator locked this block")).to_be_visible(
        timeout=WAIT_MS
    )
    await clear_toasts(ana)
    for page in (ana, fay):
        await expect(page.get_by_test_id("swot-S").get_by_test_id("swot-text")).to_have_text(
            ["Fast releases"]
        )

    # Unlocked: the same four work.
    await fay.get_by_test_id("block-swot").get_by_test_id("block-lock-toggle").click()
    await expect(swot.get_by_test_id("block-lock")).to_be_empty(timeout=WAIT_MS)
    await expect(swot).not_to_have_class(re.compile(r"\breadonly\b"))
    await ana.get_by_test_id("swot-add-W").click()
    await ana.get_by_test_id("editor").fill("Long onboarding")
    await ana.get_by_test_id("editor").press("Enter")
    await ana.get_by_test_id("editor").press("Escape")
    await card.dblclick()
    await ana.get_by_test_id("editor").fill("Fast, reliable releases")
    await ana.get_by_test_id("editor").press("Escape")
    await drag(ana, swot_card(ana, "Fast, reliable"), ana.get_by_test_id("swot-O"))
    await swot_card(ana, "Long onboarding").click()
    await ana.keyboard.press("Delete")
    o_items = fay.get_by_test_id("swot-O").get_by_test_id("swot-text")
    await expect(o_items).to_have_text(["Fast, reliable releases"], timeout=WAIT_MS)
    await expect(swot_card(fay, "Long onboarding")).to_have_count(0, timeout=WAIT_MS)
    # Nothing refused: the one message is the removal's own, with its undo (A8).
    await expect(ana.get_by_test_id("toast")).to_have_count(1)
    await expect(ana.get_by_test_id("toast")).to_contain_text("Item removed")

    # The whole board: a lock in the top bar, no add button, N refused; unlock.
    await fay.get_by_test_id("board-lock-toggle").click()
    await expect(ana.get_by_test_id("board-locked")).to_have_text("Board locked", timeout=WAIT_MS)
    await expect(ana.get_by_test_id("add-note")).to_be_hidden()
    await go_to_block(ana, 1)
    await ana.keyboard.press("n")
    await refused(ana)
    await expect(
        ana.get_by_test_id("block-expectations").get_by_test_id("block-lock")
    ).to_have_text("Locked")
    await fay.get_by_test_id("board-lock-toggle").click()
    await expect(ana.get_by_test_id("board-locked")).to_be_hidden(timeout=WAIT_MS)
    await add_note(ana, "Open again")
    await expect(note(fay, "Open again")).to_be_visible(timeout=WAIT_MS)
    for page in (fay, ana):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


SECRETS = {
    "product": "Sales chases volume, not fit (product)",
    "sales": "Product ships features nobody asked for (sales)",
    "sales2": "Marketing only counts likes (sales, Dana)",
    "marketing": "Sales never reads our briefs (marketing)",
}


async def test_private_perception_block_hides_what_others_wrote_even_on_the_wire_until_reveal(
    hub: HubProcess, browser: Any
) -> None:
    """A2/A3: private writing by department in the perception block; three departments write;
    each page shows only its department's notes and counts of the rest, and the hidden texts
    never reach it (recorded websocket frames, decoded with msgpack). Reveal shows all."""
    board = hub.new_board(title="Strategy day")
    links = board["links"]
    wires = {name: Wire() for name in ("fay", "ana", "boris", "chloe")}
    fay = await join(browser, links["facilitator"], "Fay", None, on_page=wires["fay"].attach)
    ana = await join(browser, links["participant"], "Ana", "product", on_page=wires["ana"].attach)
    boris = await join(
        browser, links["participant"], "Boris", "sales", on_page=wires["boris"].attach
    )
    chloe = await join(
        browser, links["participant"], "Chloé", "marketing", on_page=wires["chloe"].attach
    )
    everyone = (fay, ana, boris, chloe)

    await go_to_block(fay, 2)
    block = fay.get_by_test_id("block-perception")
    await block.get_by_test_id("block-private").click()
    await fay.get_by_test_id("private-department").click()
    for page in (ana, boris, chloe):
        await expect(
            page.get_by_test_id("block-perception").get_by_test_id("private-banner")
        ).to_have_text(
            "Private writing: only your department sees its notes until the facilitator"
            " reveals them.",
            timeout=WAIT_MS,
        )
    await expect(block.get_by_test_id("block-reveal")).to_be_visible()

    for page, key in ((ana, "product"), (boris, "sales"), (chloe, "marketing")):
        await go_to_block(page, 2)
        await add_note(page, SECRETS[key])
    dana = await Client.join(hub, board, name="Dana", department="sales")
    await send_all(dana, [note_op("n-dana", "perception", SECRETS["sales2"], None, 700, 420)])

    may_see = {
        "ana": {"product"},
        "boris": {"sales", "sales2"},
        "chloe": {"marketing"},
        "fay": set(SECRETS),
    }
    pages = {"fay": fay, "ana": ana, "boris": boris, "chloe": chloe}
    counts = {
        "ana": ["2 notes from Sales", "1 note from Marketing"],
        "boris": ["1 note from Product", "1 note from Marketing"],
        "chloe": ["1 note from Product", "2 notes from Sales"],
        "fay": ["1 note from Product", "2 notes from Sales", "1 note from Marketing"],
    }
    for name, page in pages.items():
        perception = page.get_by_test_id("block-perception")
        await expect(perception.get_by_test_id("private-count")).to_have_text(
            counts[name], timeout=WAIT_MS
        )
        shown = sorted(SECRETS[k] for k in may_see[name])
        await expect(perception.get_by_test_id("note-text")).to_have_count(len(shown))
        assert sorted(await perception.get_by_test_id("note-text").all_inner_texts()) == shown
        html = await page.content()
        for key, text in SECRETS.items():
            if key not in may_see[name]:
                assert text not in html, f"{name}'s page shows {key}'s note"
                assert not wires[name].carries(text), f"{key}'s note reached {name} over the wire"
    assert all(wires["fay"].carries(text) for text in SECRETS.values()), "the recorder records"
    placeholders = [
        f["op"]
        for f in wires["ana"].frames()
        if f.get("type") == "applied" and f["op"].get("item", {}).get("kind") == "hidden"
    ]
    assert len(placeholders) == 3, placeholders

    # Reveal: everyone sees all four, turning over; the banner and the counts go.
    await block.get_by_test_id("block-reveal").click()
    turning = ana.locator("[data-testid=block-perception] .note.revealing")
    await expect(turning.first).to_be_attached(timeout=WAIT_MS)
    badge = ana.get_by_test_id("block-perception").get_by_test_id("reveal-badge")
    await expect(badge).to_have_text("Revealed!")
    for page in everyone:
        perception = page.get_by_test_id("block-perception")
        await expect(perception.get_by_test_id("note-text")).to_have_count(4, timeout=WAIT_MS)
        texts = await perception.get_by_test_id("note-text").all_inner_texts()
        assert sorted(texts) == sorted(SECRETS.values())
        await expect(perception.get_by_test_id("privacy")).to_be_hidden()
    for name in ("ana", "boris", "chloe"):
        assert all(wires[name].carries(text) for text in SECRETS.values()), name
    await dana.close()
    for page in everyone:
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


async def test_spotlight_follow_people_and_a_replaced_link(hub: HubProcess, browser: Any) -> None:
    """A4: a spotlight brings every following view (and the projector) to the block, and the
    projector fits the facilitator's view. A6: rename, move, remove. A5: a replaced
    participant link stops the pages joined with it (4011, a clear message, no reconnect),
    refuses new joins, and the new link works."""
    board = hub.new_board(title="Strategy day")
    links = board["links"]
    old_link = links["participant"]
    ana_wire = Wire()
    fay = await join(browser, links["facilitator"], "Fay", None)
    ana = await join(browser, old_link, "Ana", "product", on_page=ana_wire.attach)
    boris = await join(browser, old_link, "Boris", "sales")
    screen_wire = Wire()
    screen = await open_page(
        browser,
        links["screen"],
        viewport={"width": 1920, "height": 1080},
        on_page=screen_wire.attach,
    )
    await wait_ready(screen)

    # Spotlight: Boris does not follow; Ana (the default) and the projector do.
    await boris.get_by_test_id("follow-toggle").click()
    await expect(boris.get_by_test_id("follow-toggle")).to_have_attribute("aria-pressed", "false")
    await expect(ana.get_by_test_id("follow-toggle")).to_have_attribute("aria-pressed", "true")
    boris_before = await at_rest(boris)
    await go_to_block(fay, 5)
    await fay.get_by_test_id("block-swot").get_by_test_id("block-spotlight").click()
    swot_centre = (600, 1300)  # the template's SWOT block: x 0, y 900, 1200 x 800
    for page in (ana, screen):
        await expect(page.get_by_test_id("spotlight-chip")).to_have_text(
            "Spotlight: SWOT", timeout=WAIT_MS
        )
        await expect(page.get_by_test_id("block-swot")).to_have_class(re.compile("is-spotlit"))
        await settles_at(page, swot_centre)
    await stayed(boris, "board.spotlight === 'swot'", boris_before, "Boris opted out")
    # While the spotlight is on, the projector keeps the block whatever the facilitator looks
    # at (issue 18); once it ends, the projector fits the facilitator's view as it moves.
    await fay.evaluate("crossboard.viewport.fit({x: 1300, y: 0, w: 1200, h: 800}, {instant: true})")
    await hears_view(screen, screen_wire, fay)
    assert near(await at_rest(screen), swot_centre), "the projector keeps the spotlight"
    await fay.get_by_test_id("spotlight-end").click()
    await expect(ana.get_by_test_id("spotlight-chip")).to_be_hidden(timeout=WAIT_MS)
    await settles_at(screen, (1900, 400))

    # People: rename Ana, move her to marketing, remove Boris.
    await fay.get_by_test_id("people-button").click()
    panel = fay.get_by_test_id("people-panel")
    ana_id = await ana.evaluate("crossboard.store.you.id")
    ana_row = panel.locator(f"[data-testid=people-row][data-id='{ana_id}']")
    await ana_row.get_by_test_id("people-rename").click()
    await panel.get_by_test_id("people-name-input").fill("Anna K.")
    await panel.get_by_test_id("people-name-input").press("Enter")
    await ana_row.get_by_test_id("people-dept").select_option("marketing")
    await expect(panel.get_by_test_id("people-group-marketing")).to_contain_text(
        "Anna K.", timeout=WAIT_MS
    )
    await boris.get_by_test_id("presence").click()
    await expect(boris.get_by_test_id("presence-group-marketing")).to_contain_text(
        "Anna K.", timeout=WAIT_MS
    )
    boris_row = panel.get_by_test_id("people-row").filter(has_text="Boris")
    await boris_row.get_by_test_id("people-remove").click()
    await boris_row.get_by_test_id("people-remove").click()  # the second click confirms
    await expect(boris.get_by_test_id("stop-banner")).to_have_text(
        "The facilitator removed you from this board.", timeout=WAIT_MS
    )
    await expect(panel.get_by_test_id("people-notice")).to_contain_text("Boris was removed")
    await go_to_block(ana, 1)
    await add_note(ana, "Written as Anna")
    await expect(note(fay, "Written as Anna")).to_have_attribute(
        "title", "Anna K. · Marketing", timeout=WAIT_MS
    )

    # Links: replace the participant link (two clicks).
    await fay.get_by_test_id("links-button").click()
    links_panel = fay.get_by_test_id("links-panel")
    base = f"{hub.url}/b/{board['id']}#t="
    await expect(links_panel.get_by_test_id("link-participant")).to_have_value(
        re.compile(re.escape(base))
    )
    sockets_before = ana_wire.sockets
    await links_panel.get_by_test_id("link-rotate-participant").click()
    await links_panel.get_by_test_id("link-rotate-participant").click()
    banner = ana.get_by_test_id("stop-banner")
    await expect(banner).to_have_text(
        "This link was replaced. Ask the facilitator for the new one.", timeout=WAIT_MS
    )
    await expect(ana.get_by_test_id("status")).to_have_attribute("data-state", "stopped")
    await expect(links_panel.get_by_test_id("link-fresh-participant")).to_be_visible(
        timeout=WAIT_MS
    )
    new_link = await links_panel.get_by_test_id("link-participant").input_value()
    assert new_link != old_link and new_link.startswith(base)
    await ana.wait_for_timeout(BACKOFF_WINDOW_MS)  # time for a reconnect that must not come
    assert ana_wire.sockets == sockets_before, "a replaced link does not reconnect"
    await expect(ana.get_by_test_id("add-note")).to_be_hidden()  # and takes no more edits
    await expect(screen.get_by_test_id("status")).to_have_attribute("data-state", "live")

    # A new join with the old link is refused with the same message; the new link works.
    late = await open_page(browser, old_link)
    form, message = late.get_by_test_id("join-name"), late.get_by_test_id("join-message")
    await expect(form.or_(message)).to_be_visible()
    if await form.count():  # the join page does not know the link's version: the hello does
        await form.fill("Late")
        await late.get_by_test_id("join-dept-sales").click()
        await late.get_by_test_id("join-submit").click()
        await expect(late.get_by_test_id("stop-banner")).to_have_text(
            "This link was replaced. Ask the facilitator for the new one.", timeout=2 * WAIT_MS
        )
    else:
        await expect(message).to_contain_text("replaced")
    dora = await join(browser, new_link, "Dora", "sales")
    await fay.get_by_test_id("people-button").click()
    await expect(fay.get_by_test_id("people-panel")).to_contain_text("Dora")
    for page in (fay, ana, boris, screen, late, dora):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]
