"""The facilitator's Report panel in real Chromium: the report opens in a new tab (with a
short-lived ticket, under the report's own CSP), the action plan downloads as CSV, and a
saved checkpoint appears in the history, opens read-only and restores into a new board."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from playwright.async_api import expect

from crossboard.report.words import Words

from .. import session_day
from ..support import Client, HubProcess
from .pages import join


async def test_report_download_and_checkpoints_from_the_facilitators_panel(
    hub: HubProcess, browser: Any, tmp_path: Path
) -> None:
    board, fay_client = await session_day.play(hub)
    await fay_client.close()
    fay = await join(browser, board["links"]["facilitator"], "Фасилитатор", None)
    await fay.get_by_test_id("report-button").click()
    panel = fay.get_by_test_id("history-panel")
    await expect(panel).to_be_visible()
    # The checkpoints the agenda made while the day was played.
    checkpoints = panel.get_by_test_id("checkpoint")
    await expect(checkpoints).to_have_count(2)

    async with fay.context.expect_page() as opened:
        await panel.get_by_test_id("report-open").click()
    report = await opened.value  # a blank tab at once, then the report's address
    await report.wait_for_url("**/report?ticket=*")
    await expect(report.locator("h1")).to_have_text("Стратегическая сессия 2026")
    weight = await report.locator("h2").first.evaluate("e => getComputedStyle(e).fontSize")
    assert weight != "16px"  # the report's own stylesheet applied (CSP allows it there)

    async with fay.expect_download() as downloading:
        await panel.get_by_test_id("report-download-csv").click()
    download = await downloading.value
    path = tmp_path / download.suggested_filename
    await download.save_as(path)
    table = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    label = Words("en").label  # the CSV labels kinds and statuses (issue 17)
    assert [tuple(r) for r in table[1:]] == [
        (title, label("action.kind", kind), owners, who, when, label("action.status", status))
        for title, kind, owners, who, when, status in session_day.expected().actions
    ]

    await panel.get_by_test_id("checkpoint-label").fill("Перед обедом")
    await panel.get_by_test_id("checkpoint-save").click()
    await expect(checkpoints).to_have_count(3)
    await expect(checkpoints.first).to_contain_text("Перед обедом")

    async with fay.context.expect_page() as opened:
        await checkpoints.first.get_by_test_id("checkpoint-restore").click()
    restored = await opened.value
    await restored.wait_for_url("**/b/**")
    assert f"/b/{board['id']}" not in restored.url
    # The original board is untouched: a new participant still finds all its items.
    ana = await Client.join(hub, board, name="Анна", department="dept1")
    assert {"s1", "a6", "g4"} <= set(ana.welcome["board"]["items"])
    assert fay.errors == []  # type: ignore[attr-defined]
