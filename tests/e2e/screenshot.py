"""Take docs/board.png: a strategy day in full swing, seen by the facilitator.

    .venv/bin/python -m tests.e2e.screenshot [path]

A real hub, a board filled through the protocol (tests/e2e/seed.py), the facilitator in
Chromium at 1920x1080 (2x pixels), two participants whose cursors and typing show on it.
The facilitator arranges the notes, goal tree, SWOT and action plan blocks two by two,
spotlights the goal tree and has locked the SWOT.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from playwright.async_api import async_playwright

from ..support import Client, HubProcess
from .conftest import ARGS, CHROMIUM
from .pages import join
from .seed import seed_story, send_all

ROOT = Path(__file__).resolve().parents[2]


async def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp) / "data").start()
        try:
            board = hub.new_board(title="Strategy day 2025")
            await seed_story(hub, board)
            fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
            await send_all(
                fay,
                [
                    {"kind": "block.update", "id": "perception", "set": {"x": 3900, "y": 900}},
                    {"kind": "block.update", "id": "goals", "set": {"x": 1300, "y": 0}},
                    {"kind": "block.update", "id": "agenda", "set": {"x": 2600, "y": 1800}},
                    {"kind": "block.update", "id": "actions", "set": {"x": 1300, "y": 900}},
                    {"kind": "block.update", "id": "poll", "set": {"x": 2600, "y": 900}},
                    # The facilitator presents the goal tree; the SWOT is done and locked.
                    {"kind": "board.spotlight", "block": "goals"},
                    {"kind": "block.lock", "id": "swot", "locked": True},
                ],
            )
            await fay.close()
            async with async_playwright() as p:
                browser = await p.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=ARGS
                )
                links = board["links"]
                facilitator = await join(
                    browser,
                    links["facilitator"],
                    "Fay",
                    None,
                    viewport={"width": 1920, "height": 1080},
                    device_scale_factor=2,
                )
                ana = await join(browser, links["participant"], "Ana", "product")
                boris = await join(browser, links["participant"], "Boris", "sales")
                frame = "{x: -30, y: -30, w: 2560, h: 1760}"
                for page in (facilitator, ana, boris):
                    await page.evaluate(f"crossboard.viewport.fit({frame}, {{instant: true}})")
                await facilitator.wait_for_timeout(200)
                # Boris types in a note, Ana points at the goal tree.
                await boris.get_by_test_id("note").filter(has_text="Fewer surprises").dblclick()
                await ana.mouse.move(900, 300)
                await ana.mouse.move(960, 330, steps=5)
                await boris.mouse.move(300, 560, steps=5)
                await boris.get_by_test_id("note").filter(has_text="Fewer surprises").dblclick()
                await (
                    facilitator.get_by_test_id("goal-node").filter(has_text="Regular").first.click()
                )
                await facilitator.mouse.move(1700, 1000)
                await facilitator.wait_for_timeout(600)
                await facilitator.screenshot(path=str(out))
                await browser.close()
        finally:
            hub.stop()
    print(f"wrote {out}")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "board.png"
    asyncio.run(main(target))
