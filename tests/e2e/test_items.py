"""Notes moved within and between blocks, deleted, recoloured; goal siblings reordered and
collapsed; an action made from a goal node keeps its link."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from ..support import HubProcess
from .pages import WAIT_MS, add_note, drag, go_to_block, goal, join, note, view_at_rest


async def test_notes_move_between_blocks_change_colour_and_are_deleted(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    boris = await join(browser, board["links"]["participant"], "Boris", "sales")
    await go_to_block(ana, 1)
    await add_note(ana, "Move me")
    await expect(note(boris, "Move me")).to_be_visible(timeout=WAIT_MS)

    # A double-click on an empty spot adds a note there, ready for typing.
    await go_to_block(boris, 1)
    await boris.get_by_test_id("block-expectations").click(position={"x": 700, "y": 500})
    await boris.get_by_test_id("block-expectations").dblclick(position={"x": 700, "y": 500})
    await boris.get_by_test_id("editor").fill("Double-clicked")
    await boris.get_by_test_id("editor").press("Control+Enter")
    await expect(note(ana, "Double-clicked")).to_be_visible(timeout=WAIT_MS)
    await expect(note(ana, "Double-clicked")).to_have_attribute("title", "Boris · Sales")

    # Within the block: a drag to the right moves it for everyone.
    before = await note(boris, "Move me").bounding_box()
    before_left = await note(boris, "Move me").evaluate("el => getComputedStyle(el).left")
    box = await note(ana, "Move me").bounding_box()
    assert before and box
    await ana.mouse.move(box["x"] + 40, box["y"] + 40)
    await ana.mouse.down()
    await ana.mouse.move(box["x"] + 340, box["y"] + 140, steps=10)
    await ana.mouse.up()
    await expect(note(boris, "Move me")).not_to_have_css("left", before_left, timeout=WAIT_MS)
    after = await note(boris, "Move me").bounding_box()
    assert after and after["x"] > before["x"], (before, after)

    # Between blocks: onto "Results of the year" (seen from afar).
    await ana.keyboard.press("f")
    await view_at_rest(ana)
    await drag(ana, note(ana, "Move me"), ana.get_by_test_id("block-results"), target_y=0.6)
    results = boris.get_by_test_id("block-results")
    await expect(results.get_by_test_id("note").filter(has_text="Move me")).to_be_visible(
        timeout=WAIT_MS
    )

    # A drop where notes cannot live is refused, with a message; nothing moves.
    await drag(ana, note(ana, "Move me"), ana.get_by_test_id("block-swot"))
    await expect(ana.get_by_test_id("toast")).to_contain_text("A note cannot go there.")
    await expect(results.get_by_test_id("note").filter(has_text="Move me")).to_be_visible()

    # Recolour: its author picks another department (A8: a note is its author's to change).
    await go_to_block(ana, 3)
    card = note(ana, "Move me")
    await card.hover()
    await card.get_by_test_id("note-dept").click()
    await ana.get_by_test_id("menu").get_by_text("Marketing").click()
    await expect(note(boris, "Move me")).to_have_attribute(
        "title", "Ana · Marketing", timeout=WAIT_MS
    )

    # Delete.
    await card.hover()
    await card.get_by_test_id("note-delete").click()
    texts = boris.get_by_test_id("note-text")
    await expect(texts).to_have_text(["Double-clicked"], timeout=WAIT_MS)


async def test_goal_siblings_reorder_collapse_and_become_actions(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    boris = await join(browser, board["links"]["participant"], "Boris", "sales")
    await go_to_block(ana, 4)
    await ana.get_by_test_id("goal-add-root").click()
    editor = ana.get_by_test_id("editor")
    await editor.fill("Grow")
    await editor.press("Tab")  # a sub-goal
    await ana.get_by_test_id("editor").fill("Alpha")
    await ana.get_by_test_id("editor").press("Enter")
    await goal(ana, "Alpha").click()
    await ana.keyboard.press("Enter")  # a sibling after it
    await ana.get_by_test_id("editor").fill("Beta")
    await ana.get_by_test_id("editor").press("Enter")
    titles = boris.get_by_test_id("goal-node").get_by_test_id("goal-title")
    await expect(titles).to_have_text(["Grow", "Alpha", "Beta"], timeout=WAIT_MS)

    # Reorder: Alt+Down moves Alpha below Beta, for everyone.
    await goal(ana, "Alpha").click()
    await ana.keyboard.press("Alt+ArrowDown")
    go_down = boris.get_by_test_id("goal-node")
    await expect(go_down.get_by_test_id("goal-title")).to_have_text(
        ["Grow", "Beta", "Alpha"], timeout=WAIT_MS
    )
    alpha = await goal(boris, "Alpha").bounding_box()
    beta = await goal(boris, "Beta").bounding_box()
    assert alpha and beta and alpha["y"] > beta["y"]

    # Collapse is personal: Ana's view hides the sub-goals, Boris still sees them.
    await goal(ana, "Grow").get_by_test_id("goal-toggle").click()
    await expect(goal(ana, "Grow").get_by_test_id("goal-hidden")).to_have_text("+2 hidden")
    await expect(goal(ana, "Alpha")).to_have_count(0)
    await expect(goal(boris, "Alpha")).to_be_visible()
    await ana.keyboard.press("ArrowRight")
    await expect(goal(ana, "Alpha")).to_be_visible()

    # An action from a goal node: kind "goal", linked back.
    node = goal(ana, "Beta")
    await node.hover()
    await node.get_by_test_id("goal-to-action").click()
    row = boris.get_by_test_id("action-row")
    await expect(row.get_by_test_id("action-title")).to_have_value("Beta", timeout=WAIT_MS)
    await expect(row.get_by_test_id("action-kind")).to_have_value("goal")
    await expect(row.get_by_test_id("action-source")).to_contain_text("Goal · Beta")

    # Deleting a node takes its subtree; undo brings it back.
    await goal(ana, "Grow").click()
    await ana.keyboard.press("Delete")
    await expect(boris.get_by_test_id("goal-node")).to_have_count(0, timeout=WAIT_MS)
    await expect(row.get_by_test_id("action-source")).to_contain_text("source removed")
    await ana.keyboard.press("Control+z")
    await expect(boris.get_by_test_id("goal-node")).to_have_count(3, timeout=WAIT_MS)
    await expect(row.get_by_test_id("action-source")).to_contain_text("Goal · Beta")
