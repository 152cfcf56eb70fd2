"""Ownership in the page (A8): a participant cannot remove another's note (the hub refuses,
the page offers no delete control and says why when pushed), while the author removes their
own and brings it back with the undo toast or Ctrl+Z; the facilitator's undo keeps the
author."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page, expect

from ..support import Client, HubProcess
from .pages import WAIT_MS, add_note, clear_toasts, go_to_block, join, note, toast

NOT_YOURS = "only its author or the facilitator"


async def note_id(page: Page, text: str) -> str:
    found = await note(page, text).get_attribute("data-id")
    assert found
    return found


async def author_of(page: Page, item: str) -> str | None:
    author: str | None = await page.evaluate(
        "(id) => crossboard.store.confirmed.items[id]?.author ?? null", item
    )
    return author


async def test_a_participant_cannot_remove_anothers_note_and_the_author_restores_theirs(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    link = board["links"]["participant"]
    ana = await join(browser, link, "Ana", "product")
    ben = await join(browser, link, "Ben", "sales")
    for page in (ana, ben):
        await go_to_block(page, 1)
    await add_note(ana, "Ana's note")
    await add_note(ben, "Ben's note")
    await expect(note(ben, "Ana's note")).to_be_visible(timeout=WAIT_MS)
    await expect(note(ana, "Ben's note")).to_be_visible(timeout=WAIT_MS)
    anas = await note_id(ana, "Ana's note")

    # Over the websocket: a hand-made client's removal of Ana's note is refused.
    cy = await Client.join(hub, board, name="Cy", department="sales")
    cid = await cy.send_op({"kind": "item.remove", "id": anas})
    answer = await cy.recv_until(
        lambda f: f.get("cid") == cid and f["type"] in ("applied", "rejected")
    )
    assert answer["type"] == "rejected" and answer["code"] == "forbidden", answer

    # In Ben's page: no delete control on Ana's note, one on his own.
    await note(ben, "Ben's note").hover()
    await expect(note(ben, "Ben's note").get_by_test_id("note-delete")).to_be_visible()
    await note(ben, "Ana's note").hover()
    await expect(note(ben, "Ana's note").get_by_test_id("note-delete")).to_be_hidden()
    await expect(note(ben, "Ana's note").get_by_test_id("note-dept")).to_be_hidden()
    # Pushed anyway (selected, Delete; a double-click to edit): a message says why.
    await note(ben, "Ana's note").click()
    await ben.keyboard.press("Delete")
    await expect(toast(ben, NOT_YOURS)).to_be_visible(timeout=WAIT_MS)
    await clear_toasts(ben)
    await note(ben, "Ana's note").dblclick()
    await expect(toast(ben, NOT_YOURS)).to_be_visible(timeout=WAIT_MS)
    await expect(ben.get_by_test_id("editor")).to_have_count(0)
    await clear_toasts(ben)
    # An op sent past the controls comes back refused, with the reason.
    await ben.evaluate(
        "(id) => crossboard.connection.send("
        "{type: 'op', cid: 'forced-1', op: {kind: 'item.remove', id}})",
        anas,
    )
    await expect(toast(ben, NOT_YOURS)).to_be_visible(timeout=WAIT_MS)
    await expect(note(ana, "Ana's note")).to_be_visible()
    await expect(note(ben, "Ana's note")).to_be_visible()

    # The author removes her own note: gone for Ben; "Note removed · Undo" brings it back.
    await note(ana, "Ana's note").hover()
    await note(ana, "Ana's note").get_by_test_id("note-delete").click()
    await expect(note(ben, "Ana's note")).to_have_count(0, timeout=WAIT_MS)
    undo = toast(ana, "Note removed")
    await expect(undo).to_be_visible()
    await undo.get_by_test_id("toast-action").click()
    await expect(note(ben, "Ana's note")).to_be_visible(timeout=WAIT_MS)
    assert await note_id(ben, "Ana's note") == anas, "the same note, not a copy"

    # And with Ctrl+Z after the Delete key.
    await note(ana, "Ana's note").click()
    await ana.keyboard.press("Delete")
    await expect(note(ben, "Ana's note")).to_have_count(0, timeout=WAIT_MS)
    await ana.keyboard.press("Control+z")
    await expect(note(ben, "Ana's note")).to_be_visible(timeout=WAIT_MS)
    assert await author_of(ben, anas) == await ana.evaluate("crossboard.store.you.id")

    # The facilitator opens editing to everyone: Ben now has the controls on Ana's note.
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await fay.send_op({"kind": "board.settings", "editing": "everyone"})
    await note(ben, "Ana's note").hover()
    await expect(note(ben, "Ana's note").get_by_test_id("note-delete")).to_be_visible(
        timeout=WAIT_MS
    )
    for page in (ana, ben):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


async def test_the_facilitators_undo_keeps_the_author(hub: HubProcess, browser: Any) -> None:
    board = hub.new_board(title="Strategy day")
    ben = await join(browser, board["links"]["participant"], "Ben", "sales")
    fay = await join(browser, board["links"]["facilitator"], "Fay", None)
    for page in (ben, fay):
        await go_to_block(page, 1)
    await add_note(ben, "Ben's note")
    await expect(note(fay, "Ben's note")).to_be_visible(timeout=WAIT_MS)
    bens = await note_id(fay, "Ben's note")
    ben_id = await ben.evaluate("crossboard.store.you.id")

    # The facilitator sees every control, and removes Ben's note.
    await note(fay, "Ben's note").hover()
    await note(fay, "Ben's note").get_by_test_id("note-delete").click()
    await expect(note(ben, "Ben's note")).to_have_count(0, timeout=WAIT_MS)
    await toast(fay, "Note removed").get_by_test_id("toast-action").click()
    await expect(note(ben, "Ben's note")).to_be_visible(timeout=WAIT_MS)
    await expect(note(ben, "Ben's note")).to_have_attribute("title", "Ben · Sales")
    await ben.wait_for_function(
        "([id, who]) => crossboard.store.confirmed.items[id]?.author === who",
        arg=[bens, ben_id],
        timeout=WAIT_MS,
    )
    # Still Ben's: he may change it.
    await note(ben, "Ben's note").hover()
    await expect(note(ben, "Ben's note").get_by_test_id("note-delete")).to_be_visible()
    for page in (ben, fay):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]
