"""What a person does on the board, as Playwright steps. Tests read like the session."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import Page, expect

WITHIN_1S = 1000  # ms: "appears in every other context within 1 s"
LAPTOP = {"width": 1280, "height": 800}


async def open_page(
    browser: Any,
    url: str,
    *,
    viewport: dict[str, int] = LAPTOP,
    locale: str = "en-US",
    device_scale_factor: float = 1,
) -> Page:
    context = await browser.new_context(
        viewport=viewport, locale=locale, device_scale_factor=device_scale_factor
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: errors.append(f"dialog: {d.message}"))
    page.errors = errors  # type: ignore[attr-defined]
    await page.goto(url)
    return page


async def join(browser: Any, url: str, name: str, department: str | None, **kw: Any) -> Page:
    """Open a join link, enter a name, pick a department, land on the board."""
    page = await open_page(browser, url, **kw)
    await page.get_by_test_id("join-name").fill(name)
    await page.get_by_test_id(f"join-dept-{department or 'none'}").click()
    await page.get_by_test_id("join-submit").click()
    await wait_ready(page)
    return page


async def wait_ready(page: Page) -> None:
    await expect(page.locator("html[data-ready='1']")).to_have_count(1, timeout=10000)
    await expect(page.get_by_test_id("status")).to_have_attribute(
        "data-state", "live", timeout=10000
    )


async def go_to_block(page: Page, number: int) -> None:
    """Press the block's number: the view fits that block."""
    await page.locator("body").click(position={"x": 5, "y": 300}, force=True)
    await page.keyboard.press(str(number))
    await page.wait_for_timeout(350)  # the zoom animation


async def add_note(page: Page, text: str) -> None:
    """N adds a note in the block in view and opens it for typing; Escape finishes."""
    await page.keyboard.press("n")
    editor = page.get_by_test_id("editor")
    await expect(editor).to_be_focused()
    await editor.type(text)
    await editor.press("Escape")


def note(page: Page, text: str) -> Any:
    return page.get_by_test_id("note").filter(has_text=text)


def goal(page: Page, title: str) -> Any:
    return page.get_by_test_id("goal-node").filter(
        has=page.get_by_test_id("goal-title").get_by_text(title, exact=True)
    )


async def drag(page: Page, source: Any, target: Any, *, target_y: float = 0.5) -> None:
    """Press on `source`, move in steps, release on `target` (at a fraction of its height)."""
    a = await source.bounding_box()
    b = await target.bounding_box()
    assert a and b
    await page.mouse.move(a["x"] + a["width"] / 2, a["y"] + min(20, a["height"] / 2))
    await page.mouse.down()
    x, y = b["x"] + b["width"] / 2, b["y"] + b["height"] * target_y
    await page.mouse.move(x, y, steps=12)
    await page.mouse.up()


def toast(page: Page, pattern: str) -> Any:
    return page.get_by_test_id("toast").filter(has_text=re.compile(pattern))
