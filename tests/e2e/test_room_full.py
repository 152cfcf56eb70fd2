"""A full room writes at once (R13): twelve participants press N in the same second in one
notes block, and the twelve notes land on twelve different spots, the same on every screen.
The hub places a note sent without a spot; the client never guesses one. And N writes in the
block in view, the goal tree too, without moving the view to another block."""

from __future__ import annotations

import asyncio
from typing import Any

from playwright.async_api import Page, expect

from ..support import Client, HubProcess
from .pages import WAIT_MS, add_note, go_to_block, goal, join, note
from .test_phone import join_phone

PEOPLE = 12
DEPARTMENTS = ("product", "sales", "marketing")

NOTE_BOXES = """() => [...document.querySelectorAll(
    '[data-testid=block-expectations] [data-testid=note]')].map((el) => {
  const r = el.getBoundingClientRect();
  return {id: el.dataset.id, left: el.style.left, top: el.style.top,
          x: r.left, y: r.top, w: r.width, h: r.height};
})"""

SETTLED = f"""() => {{
  const s = globalThis.crossboard?.store;
  if (!s || s.unacked !== 0) return false;
  const notes = Object.values(s.confirmed.items)
    .filter((it) => it.kind === 'note' && it.block === 'expectations' && it.text);
  if (notes.length !== {PEOPLE}) return false;
  // What is drawn is what the hub decided: every note at its confirmed spot.
  return notes.every((n) => {{
    const el = document.querySelector(
      `[data-testid=block-expectations] [data-testid=note][data-id="${{n.id}}"]`);
    return el && el.style.left === `${{n.x}}px` && el.style.top === `${{n.y}}px`;
  }});
}}"""


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of note rectangles that overlap (touching edges do not count)."""
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["x"] < b["x"] + b["w"] - 0.5
                and b["x"] < a["x"] + a["w"] - 0.5
                and a["y"] < b["y"] + b["h"] - 0.5
                and b["y"] < a["y"] + a["h"] - 0.5
            ):
                pairs.append((a["id"], b["id"]))
    return pairs


async def test_twelve_people_press_n_in_the_same_second_and_no_notes_overlap(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    link = board["links"]["participant"]
    # One browser, a context per person: twelve people on twelve laptops.
    pages: list[Page] = []
    for i in range(PEOPLE):
        pages.append(await join(browser, link, f"Person {i + 1}", DEPARTMENTS[i % 3]))
    for page in pages:
        await go_to_block(page, 1)

    # Everyone presses N at once; each types their note and finishes it.
    await asyncio.gather(*(page.keyboard.press("n") for page in pages))
    for page in pages:
        await expect(page.get_by_test_id("editor")).to_be_focused()
    await asyncio.gather(
        *(page.get_by_test_id("editor").type(f"Idea {i + 1}") for i, page in enumerate(pages))
    )
    await asyncio.gather(*(page.get_by_test_id("editor").press("Escape") for page in pages))

    positions = []
    for i, page in enumerate(pages):
        await page.wait_for_function(SETTLED, timeout=6 * WAIT_MS)
        block = page.get_by_test_id("block-expectations")
        await expect(block.get_by_test_id("note")).to_have_count(PEOPLE)
        boxes = await page.evaluate(NOTE_BOXES)
        assert len(boxes) == PEOPLE
        assert not overlapping(boxes), f"page {i + 1}: overlapping notes {overlapping(boxes)}"
        positions.append({b["id"]: (b["left"], b["top"]) for b in boxes})
        # N never moved anybody's view: the notes block is still the one in sight.
        assert await block.is_visible()
    assert all(p == positions[0] for p in positions), positions
    assert len(set(positions[0].values())) == PEOPLE, positions[0]
    for page in pages:
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


VIEW = "() => ({...crossboard.viewport.visible(), zoom: crossboard.viewport.zoom})"


async def test_n_in_the_goal_tree_adds_a_free_note_beside_the_tree_and_the_view_stays(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    await go_to_block(ana, 4)
    await ana.get_by_test_id("goal-add-root").click()
    await ana.get_by_test_id("editor").fill("Grow 20%")
    await ana.get_by_test_id("editor").press("Escape")
    await expect(goal(ana, "Grow 20%")).to_be_visible()
    before = await ana.evaluate(VIEW)

    await add_note(ana, "Hang me on a goal")
    tree = ana.get_by_test_id("block-goals")
    await expect(tree.get_by_test_id("note").filter(has_text="Hang me")).to_be_visible()
    assert await ana.evaluate(VIEW) == before, "the view did not move"
    # Beside the tree, not on a node.
    a = await note(ana, "Hang me").bounding_box()
    b = await goal(ana, "Grow 20%").bounding_box()
    assert a and b
    assert (
        a["x"] >= b["x"] + b["width"]
        or b["x"] >= a["x"] + a["width"]
        or a["y"] >= b["y"] + b["height"]
        or b["y"] >= a["y"] + a["height"]
    ), (a, b)
    assert ana.errors == [], ana.errors  # type: ignore[attr-defined]


async def test_phones_writing_at_once_never_stack_their_notes(
    hub: HubProcess, browser: Any
) -> None:
    """The phone's note writer sends no spot either: three phones add at the same moment."""
    board = hub.new_board(title="Strategy day")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    cid = await fay.send_op({"kind": "board.spotlight", "block": "expectations"})
    await fay.recv_until(lambda f: f.get("cid") == cid)
    link = board["links"]["participant"]
    phones = [await join_phone(browser, link, f"Phone {i + 1}", DEPARTMENTS[i]) for i in range(3)]
    for i, phone in enumerate(phones):
        write = phone.get_by_test_id("phone-write")
        await write.get_by_test_id("phone-note-text").fill(f"From phone {i + 1}")
    await asyncio.gather(
        *(p.get_by_test_id("phone-write").get_by_test_id("phone-note-add").tap() for p in phones)
    )
    laptop = await join(browser, link, "Laptop", "product")
    await go_to_block(laptop, 1)
    block = laptop.get_by_test_id("block-expectations")
    await expect(block.get_by_test_id("note")).to_have_count(3, timeout=WAIT_MS)
    boxes = await laptop.evaluate(NOTE_BOXES)
    assert not overlapping(boxes), boxes
    for page in (*phones, laptop):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]
