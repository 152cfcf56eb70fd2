"""Take docs/poll.png: the story's before/after poll, revealed, as the room sees it.

    .venv/bin/python -m tests.e2e.screenshot_poll [path]

A real hub; the facilitator and seven participants answer over the protocol (the `Client`
helper), the facilitator reveals, and the facilitator's page in Chromium at 1280x800 shows
the poll block.
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
from .seed import send_all
from .test_poll import BEFORE_WHY, PEOPLE, QUESTION

ROOT = Path(__file__).resolve().parents[2]


async def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp) / "data").start()
        try:
            board = hub.new_board(title="Strategy day 2025")
            fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
            people = {
                name: await Client.join(hub, board, name=name, department=dept)
                for name, (dept, *_) in PEOPLE.items()
            }
            create = {"kind": "poll.create", "id": "poll-1", "block": "poll", "question": QUESTION}
            await send_all(
                fay, [create, {"kind": "poll.open", "poll": "poll-1", "label": "Before"}]
            )
            for name, (_, before, _, _) in PEOPLE.items():
                if before is not None:
                    why = BEFORE_WHY.get(name, "")
                    answer = {"kind": "poll.answer", "poll": "poll-1", "score": before}
                    await send_all(people[name], [answer | {"comment": why}])
            await send_all(
                fay,
                [
                    {"kind": "poll.close", "poll": "poll-1"},
                    {"kind": "poll.open", "poll": "poll-1", "label": "After"},
                ],
            )
            for name, (_, _, after, why) in PEOPLE.items():
                answer = {"kind": "poll.answer", "poll": "poll-1", "score": after, "comment": why}
                await send_all(people[name], [answer])
            await send_all(
                fay,
                [
                    {"kind": "poll.close", "poll": "poll-1"},
                    {"kind": "poll.reveal", "poll": "poll-1"},
                ],
            )
            for client in (fay, *people.values()):
                await client.close()
            async with async_playwright() as p:
                browser = await p.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=ARGS
                )
                page = await join(browser, board["links"]["facilitator"], "Fay", None)
                # Fit the poll block at once: an animated zoom can leave tiles rastered
                # at an in-between scale in a software-rendered headless Chromium.
                await page.evaluate(
                    "crossboard.viewport.fit(crossboard.store.view.blocks.poll,"
                    " {instant: true, margin: 24})"
                )
                await page.mouse.move(1270, 790)
                await page.wait_for_timeout(500)
                await page.screenshot(path=str(out))
                await browser.close()
        finally:
            hub.stop()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "poll.png"))
