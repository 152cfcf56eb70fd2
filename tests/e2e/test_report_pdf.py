"""The session report printed to PDF by real Chromium: at least two pages (each section
starts a page), and the Russian text of the seed session comes out of the PDF as written."""

from __future__ import annotations

import io
from typing import Any

import pypdf

from .. import session_day
from ..support import HubProcess


async def test_the_report_prints_to_a_multipage_pdf_with_cyrillic_text(
    browser: Any, hub: HubProcess
) -> None:
    board, fay = await session_day.play(hub)
    await fay.close()
    context = await browser.new_context(
        extra_http_headers={"authorization": f"Bearer {board['tokens']['facilitator']}"}
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = await page.goto(f"{hub.url}/api/boards/{board['id']}/report")
    assert response is not None and response.status == 200
    await page.emulate_media(media="print")
    pdf = await page.pdf(format="A4", print_background=True)
    assert errors == []  # no CSP violation: the page's own styles are allowed, nothing else

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    for phrase in (
        "Стратегическая сессия 2026",
        "Выручка +30%",
        "Удержание клиентов",
        "Сильная продуктовая команда",
        "Еженедельная синхронизация отделов",
        "Насколько достижимой кажется стратегическая цель компании?",
        "Слишком много целей",
    ):
        assert phrase in text, phrase
    first_page = " ".join((reader.pages[0].extract_text() or "").split())
    assert "Participants" in first_page and "Анна" in first_page
    assert "Action plan" not in first_page  # a later section starts its own page
    await context.close()
