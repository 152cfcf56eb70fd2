"""Three departments and a facilitator on one board: every edit reaches everyone within 1 s."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import expect

from ..support import HubProcess
from .pages import WAIT_MS, add_note, drag, go_to_block, goal, join, note, toast, view_at_rest


async def test_four_people_co_edit_notes_goal_tree_swot_and_actions(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    links = board["links"]
    fay = await join(browser, links["facilitator"], "Fay", None)
    ana = await join(browser, links["participant"], "Ana", "product")
    boris = await join(browser, links["participant"], "Boris", "sales")
    chloe = await join(browser, links["participant"], "Chloé", "marketing")
    everyone = [fay, ana, boris, chloe]

    # Presence: everyone online, grouped by department; the facilitator has facilitator controls.
    for page in everyone:
        await expect(page.get_by_test_id("presence")).to_contain_text("4 online")
    await expect(fay.get_by_test_id("role-badge")).to_have_text("Facilitator")
    await expect(fay.get_by_test_id("goal-add-root")).to_have_count(1)
    await ana.get_by_test_id("presence").click()
    panel = ana.get_by_test_id("presence-panel")
    await expect(panel.get_by_test_id("presence-group-sales")).to_contain_text("Boris")
    await expect(panel.get_by_test_id("presence-group-marketing")).to_contain_text("Chloé")
    await expect(panel.get_by_test_id("presence-group-none")).to_contain_text("Fay")

    # Sticky notes: Cyrillic and emoji, coloured by department, author on hover.
    await go_to_block(ana, 1)
    await add_note(ana, "Ship faster 🚀 — быстрее")
    for page in (fay, boris, chloe):
        await expect(note(page, "Ship faster 🚀 — быстрее")).to_be_visible(timeout=WAIT_MS)
    await expect(note(boris, "Ship faster")).to_have_attribute("title", "Ana · Product")

    # Live cursors and the "editing" marker.
    await ana.mouse.move(400, 400)
    await ana.mouse.move(420, 430, steps=4)
    await expect(boris.get_by_test_id("cursor").filter(has_text="Ana")).to_be_visible(
        timeout=WAIT_MS
    )
    # (A8: a note is its author's and the facilitator's to edit.)
    await go_to_block(fay, 1)
    await note(fay, "Ship faster").dblclick()
    await expect(note(ana, "Ship faster")).to_contain_text("Fay is typing…", timeout=WAIT_MS)
    await fay.get_by_test_id("editor").press("Escape")
    await expect(note(ana, "Ship faster")).not_to_contain_text("is typing", timeout=WAIT_MS)

    # Goal tree: a root, two children, a reparent, a refused cycle.
    await go_to_block(fay, 4)
    await fay.get_by_test_id("goal-add-root").click()
    await fay.get_by_test_id("editor").fill("Grow ARR 40%")
    await fay.get_by_test_id("editor").press("Enter")
    for page in (ana, boris, chloe):
        await expect(goal(page, "Grow ARR 40%")).to_be_visible(timeout=WAIT_MS)
    await go_to_block(ana, 4)
    await goal(ana, "Grow ARR 40%").click()
    await ana.keyboard.press("Tab")
    await ana.get_by_test_id("editor").fill("Win mid-market")
    await ana.get_by_test_id("editor").press("Enter")
    await go_to_block(boris, 4)
    await expect(goal(boris, "Win mid-market")).to_be_visible(timeout=WAIT_MS)
    await goal(boris, "Grow ARR 40%").click()
    await boris.keyboard.press("Tab")
    await boris.get_by_test_id("editor").fill("Regular sync")
    await boris.get_by_test_id("editor").press("Enter")
    for page in everyone:
        await expect(goal(page, "Regular sync")).to_have_attribute(
            "data-depth", "1", timeout=WAIT_MS
        )

    await drag(boris, goal(boris, "Regular sync"), goal(boris, "Win mid-market"))
    for page in everyone:
        await expect(goal(page, "Regular sync")).to_have_attribute(
            "data-depth", "2", timeout=WAIT_MS
        )

    await drag(ana, goal(ana, "Grow ARR 40%"), goal(ana, "Regular sync"))
    await expect(toast(ana, "cannot move under one of its own sub-goals")).to_be_visible(
        timeout=WAIT_MS
    )
    await expect(goal(ana, "Grow ARR 40%")).to_have_attribute("data-depth", "0")
    await expect(goal(fay, "Grow ARR 40%")).to_have_attribute("data-depth", "0")

    # Hang a note on a goal node: drag it from the notes block onto the node.
    await chloe.keyboard.press("f")
    await view_at_rest(chloe)
    await drag(chloe, note(chloe, "Ship faster"), goal(chloe, "Win mid-market"))
    for page in everyone:
        hung = goal(page, "Win mid-market").get_by_test_id("hung-note")
        await expect(hung).to_have_text("Ship faster 🚀 — быстрее", timeout=WAIT_MS)

    # SWOT: items by department, a filter, an action made from an item.
    await go_to_block(boris, 5)
    await boris.get_by_test_id("swot-add-W").click()
    await boris.get_by_test_id("editor").fill("Long onboarding")
    await boris.get_by_test_id("editor").press("Enter")
    await boris.get_by_test_id("editor").press("Escape")
    await go_to_block(chloe, 5)
    await chloe.get_by_test_id("swot-add-T").click()
    await chloe.get_by_test_id("editor").fill("Competitor bundles for free")
    await chloe.get_by_test_id("editor").press("Enter")
    await chloe.get_by_test_id("editor").press("Escape")
    for page in everyone:
        weak = page.get_by_test_id("swot-W").get_by_test_id("swot-item")
        await expect(weak.filter(has_text="Long onboarding")).to_contain_text(
            "Sales", timeout=WAIT_MS
        )
        threat = page.get_by_test_id("swot-T").get_by_test_id("swot-item")
        await expect(threat.filter(has_text="Competitor bundles")).to_contain_text(
            "Marketing", timeout=WAIT_MS
        )
    await go_to_block(ana, 5)
    await ana.get_by_test_id("swot-filter-sales").click()
    await expect(ana.get_by_test_id("swot-item").filter(has_text="Long onboarding")).to_be_visible()
    await expect(
        ana.get_by_test_id("swot-item").filter(has_text="Competitor bundles")
    ).to_be_hidden()

    card = chloe.get_by_test_id("swot-item").filter(has_text="Long onboarding")
    await card.hover()
    await card.get_by_test_id("swot-to-action").click()
    for page in everyone:
        row = page.get_by_test_id("action-row")
        await expect(row.get_by_test_id("action-title")).to_have_value(
            "Long onboarding", timeout=WAIT_MS
        )
        await expect(row.get_by_test_id("action-source")).to_contain_text("SWOT · Long onboarding")
        await expect(row.get_by_test_id("action-owner")).to_have_text(["Sales"])

    # The action plan: kind, status and owners edited by its author, seen by all.
    await go_to_block(chloe, 6)
    row = chloe.get_by_test_id("action-row")
    await row.get_by_test_id("action-kind").select_option("process")
    await row.get_by_test_id("action-cadence").fill("every 2 weeks")
    await row.get_by_test_id("action-cadence").press("Enter")
    await row.get_by_test_id("action-status").select_option("doing")
    await row.get_by_test_id("action-owners").click()
    await chloe.get_by_test_id("menu").get_by_text("Product").click()
    await chloe.keyboard.press("Escape")
    for page in (fay, ana, boris):
        other = page.get_by_test_id("action-row")
        await expect(other.get_by_test_id("action-cadence")).to_have_value(
            "every 2 weeks", timeout=WAIT_MS
        )
        await expect(other.get_by_test_id("action-status")).to_have_value("doing", timeout=WAIT_MS)
        await expect(other.get_by_test_id("action-owner")).to_have_text(
            ["Product", "Sales"], timeout=WAIT_MS
        )

    # The link back: the source opens the SWOT item.
    await row.get_by_test_id("action-source").click()
    await expect(
        chloe.get_by_test_id("swot-item").filter(has_text="Long onboarding")
    ).to_have_class(re.compile(r"\bselected flash\b"), timeout=WAIT_MS)
    for page in everyone:
        assert page.errors == [], page.errors  # type: ignore[attr-defined]
