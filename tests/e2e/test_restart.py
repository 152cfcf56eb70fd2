"""The server dies mid-session: pages reconnect by themselves and lose nothing."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from ..support import HubProcess
from .pages import WAIT_MS, add_note, go_to_block, join, note, wait_ready

RECONNECT_MS = 10_000 + 2 * WAIT_MS
"""The client's backoff is capped at 10 s; then the hub's restart and the reconnect."""


@pytest.mark.slow
async def test_kill_9_and_restart_reconnects_and_sends_what_was_typed_meanwhile(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    boris = await join(browser, board["links"]["participant"], "Boris", "sales")
    await go_to_block(ana, 1)
    await add_note(ana, "Before the crash")
    await expect(note(boris, "Before the crash")).to_be_visible(timeout=WAIT_MS)

    hub.kill9()
    status = ana.get_by_test_id("status")
    await expect(status).to_have_attribute(
        "data-state", __import__("re").compile("reconnecting|offline")
    )

    # Typed while the server is down: shown at once, counted as unsent, kept.
    await add_note(ana, "Typed while the server was down ✍️")
    await expect(note(ana, "Typed while the server was down")).to_be_visible()
    await expect(ana.get_by_test_id("status-unsent")).to_contain_text("unsent")

    hub.start()
    await expect(status).to_have_attribute("data-state", "live", timeout=RECONNECT_MS)
    await expect(boris.get_by_test_id("status")).to_have_attribute(
        "data-state", "live", timeout=RECONNECT_MS
    )
    await expect(note(boris, "Typed while the server was down ✍️")).to_be_visible(
        timeout=2 * WAIT_MS
    )
    await expect(note(boris, "Before the crash")).to_be_visible()
    await expect(ana.get_by_test_id("status-unsent")).to_be_hidden()

    # A reload resumes the same participant with everything on the board.
    await ana.reload()
    await wait_ready(ana)
    await expect(note(ana, "Typed while the server was down ✍️")).to_be_visible()
    await expect(note(ana, "Before the crash")).to_be_visible()
    await expect(boris.get_by_test_id("presence")).to_contain_text("2 online")

    # And a fresh page (another person) sees it all from the restarted server's disk.
    chloe = await join(browser, board["links"]["participant"], "Chloé", "marketing")
    await expect(note(chloe, "Typed while the server was down ✍️")).to_be_visible()
    for page in (ana, boris, chloe):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]
