"""Groups and tidy in real Chromium (issue 17; PROTOCOL.md R13, R14, groups): a pile of 200
notes that the facilitator's "Tidy" lays out so none overlaps and every one can be read; a
group of five notes made by dragging notes onto each other, named, and voted on as one; and
what a group does besides: collapse, let a note out, move by its header, dissolve."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import Page, expect

from ..support import Client, HubProcess
from .pages import WAIT_MS, drag, go_to_block, join, note
from .seed import note_op, send_all

WRITERS = [("Ana", "product"), ("Boris", "sales"), ("Chloé", "marketing"), ("Dana", "product")]

# Every note of the block as drawn, in block coordinates (a note in a group: its frame's
# position plus its own), and whether its text shows: a line of it at least, inside the note,
# the note inside the block.
GEOMETRY = """(blockId) => {
  const block = document.querySelector(`[data-testid=block-${blockId}]`);
  const within = (el) => {
    let x = 0, y = 0;
    for (let e = el; e && e !== block; e = e.offsetParent) { x += e.offsetLeft; y += e.offsetTop; }
    return { x, y, w: el.offsetWidth, h: el.offsetHeight };
  };
  const notes = [...block.querySelectorAll("[data-testid=note]")].map((el) => {
    const text = el.querySelector("[data-testid=note-text]");
    const style = getComputedStyle(text);
    return {
      id: el.dataset.id, box: within(el), text: text.textContent, textBox: within(text),
      shown: style.display !== "none" && style.visibility === "visible"
        && Number(style.opacity) > 0,
      lineHeight: parseFloat(style.lineHeight),
    };
  });
  return { block: { w: block.offsetWidth, h: block.offsetHeight }, notes };
}"""


def overlapping(notes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of notes whose rectangles overlap (touching edges do not)."""
    boxes = sorted(notes, key=lambda n: n["box"]["y"])
    pairs = []
    for i, a in enumerate(boxes):
        ra = a["box"]
        for b in boxes[i + 1 :]:
            rb = b["box"]
            if rb["y"] >= ra["y"] + ra["h"]:
                break
            if rb["x"] < ra["x"] + ra["w"] and ra["x"] < rb["x"] + rb["w"]:
                pairs.append((a["id"], b["id"]))
    return pairs


async def test_tidy_lays_a_pile_of_200_notes_out_so_every_note_reads(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    texts: dict[str, str] = {}
    for w, (name, dept) in enumerate(WRITERS):
        writer = await Client.join(hub, board, name=name, department=dept)
        ops = []
        for i in range(w, 200, len(WRITERS)):
            # A pile: 200 notes on a few spots, some of them long enough to be clamped.
            text = f"Idea {i} from {name}" + (" — and a long reason why it matters" * (i % 4))
            texts[f"n-{i:03}"] = text
            ops.append(
                note_op(
                    f"n-{i:03}", "expectations", text, dept, 24 + (i % 5) * 30, 84 + (i % 3) * 40
                )
            )
        await send_all(writer, ops)
        await writer.close()

    fay = await join(browser, board["links"]["facilitator"], "Fay", None)
    await go_to_block(fay, 1)
    before = await fay.evaluate(GEOMETRY, "expectations")
    assert len(before["notes"]) == 200
    assert overlapping(before["notes"]), "the seeded notes should start as a pile"

    await fay.get_by_test_id("block-expectations").get_by_test_id("tidy").click()
    await fay.get_by_test_id("tidy-author").click()
    # 200 notes, five to a row, two cells each: the block grows to hold them all.
    await fay.wait_for_function(
        "() => document.querySelector('[data-testid=block-expectations]').offsetHeight > 5000",
        timeout=WAIT_MS,
    )
    after = await fay.evaluate(GEOMETRY, "expectations")
    notes = after["notes"]
    assert len(notes) == 200
    assert overlapping(notes) == []
    block = after["block"]
    for n in notes:
        box, text = n["box"], n["textBox"]
        assert n["text"] == texts[n["id"]], n
        assert n["shown"] and text["h"] >= n["lineHeight"] - 0.5, f"text of {n['id']} not shown"
        assert box["x"] >= 0 and box["y"] >= 72, n  # below the block's header
        assert box["x"] + box["w"] <= block["w"] and box["y"] + box["h"] <= block["h"], (n, block)
        assert text["x"] >= box["x"] and text["y"] >= box["y"], n
        assert text["x"] + text["w"] <= box["x"] + box["w"], n
        assert text["y"] + text["h"] <= box["y"] + box["h"], n
    # By author: reading the block row by row, the writers come in alphabetical order.
    authors = {f"n-{i:03}": WRITERS[i % len(WRITERS)][0] for i in range(200)}
    reading = sorted(notes, key=lambda n: (n["box"]["y"], n["box"]["x"]))
    assert [authors[n["id"]] for n in reading] == sorted(authors.values())
    # And a person sees the tidied block the same way.
    boris = await join(browser, board["links"]["participant"], "Boris", "sales")
    await go_to_block(boris, 1)
    await expect(boris.get_by_test_id("block-expectations").get_by_test_id("tidy")).to_have_count(0)
    seen = await boris.evaluate(GEOMETRY, "expectations")
    assert {n["id"]: n["box"] for n in seen["notes"]} == {n["id"]: n["box"] for n in notes}
    # While writing is private nobody else sees the notes: Tidy is off and says why.
    block = fay.get_by_test_id("block-expectations")
    await block.get_by_test_id("block-private").click()
    await fay.get_by_test_id("private-own").click()
    tidy = block.get_by_test_id("tidy")
    await expect(tidy).to_have_attribute("aria-disabled", "true", timeout=WAIT_MS)
    await expect(tidy).to_have_attribute("title", re.compile("once the notes are revealed"))
    for page in (fay, boris):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


IDEAS = [
    "Onboarding takes 9 days",
    "Trial users never see reports",
    "Setup guide is outdated",
    "No one owns activation",
    "Import fails on big files",
]


async def group_id(page: Page) -> str:
    return str(
        await page.evaluate(
            "() => Object.values(crossboard.store.view.items).find((it) => it.kind === 'group')?.id"
            " ?? ''"
        )
    )


async def test_a_group_of_five_made_by_drag_is_named_and_voted_on(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    seeder = await Client.join(hub, board, name="Sam", department="sales")
    ops = [
        note_op(f"n-{i}", "expectations", text, "sales", 24 + i * 224, 84)
        for i, text in enumerate(IDEAS)
    ]
    ops.append(note_op("n-loose", "expectations", "Coffee and honest talk", "sales", 24, 534))
    await send_all(seeder, ops)
    await seeder.close()
    fay = await join(browser, board["links"]["facilitator"], "Fay", None)
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    await go_to_block(ana, 1)

    # A note dropped on another starts a group where that note stood; its title is ready to type.
    await drag(ana, note(ana, IDEAS[1]), note(ana, IDEAS[0]))
    editor = ana.get_by_test_id("editor")
    await expect(editor).to_be_focused(timeout=WAIT_MS)
    await editor.type("Activation gaps")
    await editor.press("Enter")
    group = ana.get_by_test_id("group")
    await expect(group.get_by_test_id("group-title")).to_have_text("Activation gaps")
    # Three more, dropped on the group (its title, then its notes): it holds five.
    for i, text in enumerate(IDEAS[2:], start=2):
        target = group.get_by_test_id("group-title") if i == 2 else note(ana, IDEAS[0])
        await drag(ana, note(ana, text), target)
        await expect(group.get_by_test_id("group-count")).to_have_text(
            f"{i + 1} notes", timeout=WAIT_MS
        )
    gid = await group_id(ana)
    for page in (ana, fay):
        frame = page.locator(f"[data-testid=group][data-id='{gid}']")
        await expect(frame.get_by_test_id("group-title")).to_have_text(
            "Activation gaps", timeout=WAIT_MS
        )
        await expect(frame.get_by_test_id("note-text")).to_have_text(IDEAS, timeout=WAIT_MS)
    # Drawn inside its frame, no two notes overlap; the loose note stays outside.
    geometry = await fay.evaluate(GEOMETRY, "expectations")
    assert overlapping(geometry["notes"]) == []
    await expect(note(fay, "Coffee and honest talk")).to_be_visible()
    await expect(
        fay.locator(f"[data-testid=group][data-id='{gid}']").get_by_test_id("note")
    ).to_have_count(5)

    # The facilitator starts a dot vote on the block; Ana puts a dot on the group.
    await go_to_block(fay, 1)
    block = fay.get_by_test_id("block-expectations")
    await block.get_by_test_id("vote-setup").click()
    await block.get_by_test_id("vote-start").click()
    await expect(block.get_by_test_id("vote-close")).to_be_visible(timeout=WAIT_MS)
    row = ana.locator(f"[data-testid=vote-item][data-item='{gid}']")
    await expect(row.get_by_test_id("vote-label")).to_have_text("Activation gaps", timeout=WAIT_MS)
    await row.get_by_test_id("vote-add").click()
    await expect(row).to_have_attribute("data-mine", "1", timeout=WAIT_MS)

    # Closed: the results rank the group, by its title, with its dot, on every page.
    await block.get_by_test_id("vote-close").click()
    for page in (fay, ana):
        results = page.get_by_test_id("block-expectations").get_by_test_id("vote-result")
        await expect(results.first).to_have_attribute("data-item", gid, timeout=WAIT_MS)
        await expect(results.first).to_have_attribute("data-total", "1")
        await expect(results.first.get_by_test_id("vote-label")).to_have_text("Activation gaps")
    for page in (fay, ana):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


async def test_a_group_collapses_lets_a_note_out_moves_and_dissolves(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    seeder = await Client.join(hub, board, name="Sam", department="sales")
    await send_all(
        seeder,
        [
            {
                "kind": "item.add",
                "id": "g-1",
                "block": "expectations",
                "item": {"kind": "group", "title": "Pricing", "x": 24, "y": 84, "collapsed": False},
            },
            *[
                {
                    "kind": "item.add",
                    "id": f"n-{i}",
                    "block": "expectations",
                    "item": {
                        "kind": "note",
                        "text": f"Price idea {i}",
                        "department": "sales",
                        "x": 0,
                        "y": 0,
                        "on": None,
                        "group": "g-1",
                    },
                }
                for i in range(3)
            ],
        ],
        window=1,
    )
    await seeder.close()
    fay = await join(browser, board["links"]["facilitator"], "Fay", None)
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    await go_to_block(fay, 1)
    await go_to_block(ana, 1)
    group = fay.get_by_test_id("group")
    ana_group = ana.get_by_test_id("group")
    await expect(group.get_by_test_id("group-count")).to_have_text("3 notes")
    # Ana did not make the group: she may not dissolve it (A8), but she may arrange.
    await expect(ana_group.get_by_test_id("group-remove")).to_be_hidden()

    # Collapsed, it is one card with its title and count: its notes are not drawn.
    await group.get_by_test_id("group-collapse").click()
    await expect(ana_group).to_have_attribute("data-collapsed", "true", timeout=WAIT_MS)
    await expect(ana_group.get_by_test_id("note")).to_have_count(0)
    await expect(ana_group.get_by_test_id("group-count")).to_have_text("3 notes")
    await group.get_by_test_id("group-collapse").click()
    await expect(ana_group.get_by_test_id("note")).to_have_count(3, timeout=WAIT_MS)

    # A note dragged out onto an empty spot leaves the group and stays where it was dropped.
    out = note(ana, "Price idea 2")
    box = await out.bounding_box()
    block_box = await ana.get_by_test_id("block-expectations").bounding_box()
    assert box and block_box
    await ana.mouse.move(box["x"] + 100, box["y"] + 20)
    await ana.mouse.down()
    await ana.mouse.move(
        block_box["x"] + block_box["width"] * 0.8,
        block_box["y"] + block_box["height"] * 0.7,
        steps=12,
    )
    await ana.mouse.up()
    await expect(group.get_by_test_id("group-count")).to_have_text("2 notes", timeout=WAIT_MS)
    loose = fay.get_by_test_id("block-expectations").locator(
        ":scope > [data-testid=note] [data-testid=note-text]"
    )
    await expect(loose).to_have_text(["Price idea 2"])
    left = await fay.evaluate("() => crossboard.store.view.items['n-2']")
    assert left["group"] is None and left["x"] > 600, left

    # The header moves the whole group.
    head = ana_group.get_by_test_id("group-title")
    hb = await head.bounding_box()
    assert hb
    await ana.mouse.move(hb["x"] + 10, hb["y"] + 10)
    await ana.mouse.down()
    await ana.mouse.move(hb["x"] + 10, hb["y"] + 10 + block_box["height"] * 0.3, steps=10)
    await ana.mouse.up()
    await fay.wait_for_function("() => crossboard.store.view.items['g-1'].y > 200", timeout=WAIT_MS)

    # The facilitator dissolves it: its notes stay on the block, loose.
    await group.hover()
    await group.get_by_test_id("group-remove").click()
    await expect(ana.get_by_test_id("group")).to_have_count(0, timeout=WAIT_MS)
    await expect(ana.get_by_test_id("block-expectations").get_by_test_id("note")).to_have_count(3)
    for page in (fay, ana):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]
