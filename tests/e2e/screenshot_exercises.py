"""Take docs/vote.png and docs/perception.png: the closed dot vote on the SWOT block and the
revealed perception grid, as the facilitator's laptop (1280x800) shows them to the room.

    .venv/bin/python -m tests.e2e.screenshot_exercises [docs dir]

A real hub; the board is filled and the exercises run through the protocol (six people, two
per department, so the department breakdown may be shown, E4), then Chromium looks.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.async_api import async_playwright

from ..support import Client, HubProcess
from .conftest import ARGS, CHROMIUM
from .pages import join
from .seed import PEOPLE, PERCEPTION, note_op, seed_story, send_all

ROOT = Path(__file__).resolve().parents[2]

DOTS = {
    # voter index per department -> SWOT item ids, one dot each
    ("product", 0): ["s-4", "s-4", "s-5", "s-6", "s-9"],
    ("product", 1): ["s-4", "s-5", "s-5", "s-1", "s-6"],
    ("sales", 0): ["s-6", "s-6", "s-7", "s-4", "s-2"],
    ("sales", 1): ["s-6", "s-7", "s-4", "s-4", "s-8"],
    ("marketing", 0): ["s-4", "s-4", "s-8", "s-3", "s-6"],
    ("marketing", 1): ["s-8", "s-4", "s-6", "s-5", "s-3"],
}


async def run_exercises(hub: HubProcess, board: dict[str, Any]) -> None:
    """The perception exercise written in private and revealed; a dot vote on the SWOT."""
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await send_all(fay, [{"kind": "block.private", "id": "perception", "mode": "department"}])
    people: dict[tuple[str, int], Client] = {}
    for dept, (name, _) in PEOPLE.items():
        for i in range(2):
            people[(dept, i)] = await Client.join(
                hub, board, name=f"{name} {i + 1}", department=dept
            )
    for dept, about in PERCEPTION.items():
        ops = [
            note_op(f"p-{dept}-{col}-{n}", "perception", text, col, 0, 0)
            for col, texts in about.items()
            for n, text in enumerate(texts)
        ]
        await send_all(people[(dept, 0)], ops)
    await send_all(fay, [{"kind": "block.private", "id": "perception", "mode": None}])
    await send_all(fay, [{"kind": "vote.start", "id": "v-swot", "block": "swot", "budget": 5}])
    for key, items in DOTS.items():
        cast = [{"kind": "vote.cast", "vote": "v-swot", "item": i, "delta": 1} for i in items]
        await send_all(people[key], cast, window=1)
    await send_all(fay, [{"kind": "vote.close", "id": "v-swot"}])
    for client in [fay, *people.values()]:
        await client.close()


async def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp) / "data").start()
        try:
            board = hub.new_board(title="Strategy day 2025")
            await seed_story(hub, board)
            await run_exercises(hub, board)
            async with async_playwright() as p:
                browser = await p.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=ARGS
                )
                page = await join(browser, board["links"]["facilitator"], "Fay", None)
                for block, name in (("swot", "vote.png"), ("perception", "perception.png")):
                    await page.evaluate(
                        """id => { const b = crossboard.store.view.blocks[id];
                           crossboard.viewport.fit(b, {instant: true, margin: 16}); }""",
                        block,
                    )
                    await page.mouse.move(1270, 790)
                    await page.wait_for_timeout(700)
                    await page.screenshot(path=str(out / name))
                    print(f"wrote {out / name}")
                await browser.close()
        finally:
            hub.stop()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    asyncio.run(main(target))
