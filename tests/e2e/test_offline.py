"""The connection badge tells the truth (issue 17, 6): it leaves "Live" soon after the network
drops, whether the browser notices (its offline event) or not (a silent network: only the
heartbeat notices), and its unsent count is the number of things changed, not of ops sent.

The badge's "within 5 s" is a property of the heartbeat's constants (client/src/connection.js:
a quiet hub is pinged after 1.5 s and the badge changes 4 s after the last frame heard, checked
every 0.5 s); these tests wait with the suite's scaled timeout unit, which is 5 s unscaled."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import expect

from ..support import HubProcess
from .pages import WAIT_MS, add_note, go_to_block, join, note


async def test_offline_the_badge_changes_and_counts_each_note_written_once(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    fay = await join(browser, board["links"]["facilitator"], "Fay", None)
    await go_to_block(ana, 1)
    status = ana.get_by_test_id("status")
    await expect(status).to_have_attribute("data-state", "live")

    await ana.context.set_offline(True)
    await expect(status).not_to_have_attribute("data-state", "live", timeout=WAIT_MS)
    await expect(ana.get_by_test_id("status-label")).to_have_text(
        re.compile("Offline|Reconnecting")
    )

    # Three notes, each an add and then its text: six ops, three things changed.
    texts = ["Leave with one shared goal", "Fewer roadmap surprises", "Coffee and honest talk"]
    for text in texts:
        await add_note(ana, text)
    pending = await ana.evaluate("crossboard.store.pending.length")
    assert pending >= 6, f"each note is an add and its text: {pending} ops"
    await expect(ana.get_by_test_id("status-unsent")).to_have_text("3 unsent")
    assert "3 changes are not on the server yet" in (await status.get_attribute("title") or "")

    # Back online: the notes go out, the badge says Live and no longer counts anything.
    await ana.context.set_offline(False)
    await expect(status).to_have_attribute("data-state", "live", timeout=3 * WAIT_MS)
    await expect(ana.get_by_test_id("status-unsent")).to_be_hidden(timeout=WAIT_MS)
    await ana.wait_for_function("() => crossboard.store.unacked === 0", timeout=WAIT_MS)
    await go_to_block(fay, 1)
    for text in texts:
        await expect(note(fay, text)).to_have_count(1, timeout=WAIT_MS)
    for page in (ana, fay):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


async def test_a_network_that_dies_silently_is_noticed_by_the_heartbeat(
    hub: HubProcess, browser: Any
) -> None:
    """No offline event, no close frame: the hub just stops answering (SIGSTOP). The badge
    leaves Live on the heartbeat alone; when the hub answers again, it is Live again."""
    board = hub.new_board(title="Strategy day")
    ana = await join(browser, board["links"]["participant"], "Ana", "product")
    status = ana.get_by_test_id("status")
    await expect(status).to_have_attribute("data-state", "live")
    hub.pause()
    try:
        await expect(status).not_to_have_attribute("data-state", "live", timeout=WAIT_MS)
        assert await ana.evaluate("navigator.onLine") is True
    finally:
        hub.resume()
    await expect(status).to_have_attribute("data-state", "live", timeout=3 * WAIT_MS)
    assert ana.errors == [], ana.errors  # type: ignore[attr-defined]
