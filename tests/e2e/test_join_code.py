"""Joining from the room (issue 18): the projector shows the join slide; one phone types the
short code at /join, another scans the QR code (decoded here with zxing-cpp from the
projector's pixels); both land on the phone view and answer the open poll."""

from __future__ import annotations

import io
import re
from typing import Any

from playwright.async_api import Page, expect

from ..support import Client, HubProcess
from .pages import WAIT_MS, open_page, wait_ready
from .seed import send_all
from .test_phone import open_phone


async def answer_on_phone(phone: Page, name: str, department: str, score: int) -> None:
    """The join page on a phone, then the poll's round from the "Now" screen."""
    await phone.get_by_test_id("join-name").fill(name)
    await phone.get_by_test_id(f"join-dept-{department}").tap()
    await phone.get_by_test_id("join-submit").tap()
    await wait_ready(phone)
    poll = phone.get_by_test_id("phone-now").get_by_test_id("phone-poll")
    await poll.get_by_test_id(f"phone-score-{score}").tap()
    await poll.get_by_test_id("phone-send").tap()
    await expect(poll.get_by_test_id("phone-sent")).to_contain_text(str(score), timeout=WAIT_MS)


def decode_qr(png: bytes) -> str:
    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert found, "no QR code in the picture"
    return str(found[0].text)


async def test_phones_join_by_the_short_code_and_by_the_qr_and_answer(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await send_all(
        fay,
        [
            {"kind": "poll.create", "id": "q", "block": "poll", "question": "How achievable?"},
            {"kind": "poll.open", "poll": "q", "label": "Before"},
            {"kind": "board.spotlight", "block": "poll"},
            {"kind": "screen.show", "mode": "results", "block": "poll"},  # A7
        ],
    )
    screen = await open_page(
        browser, board["links"]["screen"], viewport={"width": 1920, "height": 1080}
    )
    await wait_ready(screen)
    await screen.get_by_test_id("present-join-toggle").click()
    slide = screen.get_by_test_id("join-slide")
    code_el = slide.get_by_test_id("join-code")
    await expect(code_el).to_have_text(re.compile(r"^[2-9A-HJ-NP-Z]{6}$"), timeout=WAIT_MS)
    code = (await code_el.text_content() or "").strip()
    await expect(slide.get_by_test_id("join-slide-url")).to_have_text(f"127.0.0.1:{hub.port}/join")
    qr = slide.get_by_test_id("join-qr")
    await expect(qr).to_be_visible()
    await screen.wait_for_function(
        "() => document.querySelector('[data-testid=join-qr]').naturalWidth > 0"
    )
    url = decode_qr(await qr.screenshot())
    link = f"{hub.url}/b/{board['id']}#t="  # a fresh token (links carry their signing time)
    assert url.startswith(link), url
    summary = await screen.evaluate(
        """async (token) => (await fetch(location.pathname.replace('/b/', '/api/boards/'),
            {headers: {Authorization: 'Bearer ' + token}})).json()""",
        url.split("#t=")[1],
    )
    assert summary["role"] == "participant" and summary["department"] is None

    # The first phone types the code, in lower case, as people do.
    typed = await open_phone(browser, f"{hub.url}/join")
    await typed.get_by_test_id("join-code-input").fill(code.lower())
    await typed.get_by_test_id("join-code-submit").tap()
    await expect(typed.get_by_test_id("join-name")).to_be_visible(timeout=WAIT_MS)
    assert typed.url.startswith(link), typed.url
    await answer_on_phone(typed, "Ana", "product", 8)

    # The second scanned the QR code.
    scanned = await open_phone(browser, url)
    await answer_on_phone(scanned, "Boris", "sales", 6)
    await screen.get_by_test_id("present-join-toggle").click()
    await expect(screen.get_by_test_id("present-results")).to_contain_text(
        "2 answers", timeout=WAIT_MS
    )
    assert not screen.errors  # type: ignore[attr-defined]
