"""What a person does on the board, as Playwright steps. Tests read like the session."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

import msgpack
from playwright.async_api import Page, expect
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from ..support import TIMEOUT

WAIT_MS = int(TIMEOUT * 1000)
"""How long (ms) a browser check waits for what it expects: the one scaled timeout unit
(support.TIMEOUT). A correctness wait, never a latency goal: those are measured in bench/."""
QUIET_MS = 300
"""A window (ms) for something that must NOT happen (an injected handler firing): long
enough for it to happen on an idle machine. Not a timeout, so not scaled: on a busy machine
such a check can only get weaker, never fail for nothing."""
LAPTOP = {"width": 1280, "height": 800}


async def open_page(
    browser: Any,
    url: str,
    *,
    viewport: dict[str, int] = LAPTOP,
    locale: str = "en-US",
    device_scale_factor: float = 1,
    on_page: Callable[[Page], Any] | None = None,
) -> Page:
    context = await browser.new_context(
        viewport=viewport, locale=locale, device_scale_factor=device_scale_factor
    )
    context.set_default_timeout(6 * WAIT_MS)  # clicks, fills: Playwright's 30 s, scaled
    page = await context.new_page()
    if on_page is not None:
        on_page(page)  # before the page loads: e.g. record its websocket frames
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
    await expect(page.locator("html[data-ready='1']")).to_have_count(1, timeout=2 * WAIT_MS)
    await expect(page.get_by_test_id("status")).to_have_attribute(
        "data-state", "live", timeout=2 * WAIT_MS
    )


async def go_to_block(page: Page, number: int) -> None:
    """Press the block's number: the view fits that block (once its animation ended)."""
    await page.locator("body").click(position={"x": 5, "y": 300}, force=True)
    await page.keyboard.press(str(number))
    await view_at_rest(page)


async def drawn(page: Page) -> None:
    """Wait until what the page holds now is drawn (it renders at the next animation frame)."""
    await page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )


async def view_at_rest(page: Page) -> None:
    """Wait until the page drew what it holds and its pan/zoom animation (views/viewport.js)
    ended: a view that was going to move has moved."""
    await drawn(page)
    await page.wait_for_function("() => crossboard.viewport._anim === null", timeout=WAIT_MS)


async def centre(page: Page) -> tuple[float, float]:
    """The board point in the middle of the page's view."""
    v = await page.evaluate("crossboard.viewport.visible()")
    return v["x"] + v["w"] / 2, v["y"] + v["h"] / 2


def near(a: tuple[float, float], b: tuple[float, float], tolerance: float = 40) -> bool:
    return abs(a[0] - b[0]) < tolerance and abs(a[1] - b[1]) < tolerance


async def at_rest(page: Page) -> tuple[float, float]:
    """Where the view is once the page drew what it holds and any animation ended."""
    await view_at_rest(page)
    return await centre(page)


async def settles_at(page: Page, where: tuple[float, float]) -> None:
    """Wait until the view is centred on `where` (within 40 board px either way)."""
    try:
        await page.wait_for_function(
            """([x, y]) => { const v = crossboard.viewport.visible();
                return Math.abs(v.x + v.w / 2 - x) < 40 && Math.abs(v.y + v.h / 2 - y) < 40; }""",
            arg=list(where),
            timeout=2 * WAIT_MS,
        )
    except PlaywrightTimeoutError:
        raise AssertionError(f"centred on {await centre(page)}, not {where}") from None


async def stayed(page: Page, confirmed: str, before: tuple[float, float], why: str) -> None:
    """The page's view is still where it was (`before`) once the page holds the change the
    hub confirmed (`confirmed`, a JS expression over `board`) and drew it: a view that change
    was going to move has moved by then."""
    await page.wait_for_function(
        f"() => {{ const board = crossboard.store.confirmed; return {confirmed}; }}",
        timeout=WAIT_MS,
    )
    assert near(await at_rest(page), before, 1), why


async def hears_view(screen: Page, wire: Wire, fay: Page) -> None:
    """Wait until the projector (its frames in `wire`) received the facilitator's view as it
    is now (a `follow` frame, A4) and drew what it does with it."""
    v = await fay.evaluate("crossboard.viewport.visible()")
    await wire.until(
        lambda f: (
            f.get("type") == "follow" and all(abs(f[k] - v[k]) < 1 for k in ("x", "y", "w", "h"))
        )
    )
    await drawn(screen)


async def add_note(page: Page, text: str) -> None:
    """N adds a note in the block in view and opens it for typing; Escape finishes."""
    await page.keyboard.press("n")
    editor = page.get_by_test_id("editor")
    await expect(editor).to_be_focused()
    await editor.type(text)
    await editor.press("Escape")


async def press_in_bar(page: Page, testid: str) -> None:
    """Press a control of the top bar, through its "more" menu when the bar moved it there
    (a laptop's bar with the timer and spotlight showing, views/moremenu.js)."""
    control = page.get_by_test_id(testid)
    if await control.is_visible():
        await control.click()
        return
    await page.get_by_test_id("more-button").click()
    await page.get_by_test_id("more-menu").locator(f"[data-control='{testid}']").click()


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


class Wire:
    """Every websocket frame a page receives, as the bytes that crossed the wire, and how many
    websockets it opened. Attach with `open_page(..., on_page=wire.attach)`."""

    def __init__(self) -> None:
        self.payloads: list[bytes] = []
        self.sockets = 0
        self._moved = asyncio.Event()

    def attach(self, page: Page) -> None:
        page.on("websocket", self._socket)

    def _socket(self, ws: Any) -> None:
        self.sockets += 1
        ws.on("framereceived", self._frame)

    def _frame(self, payload: bytes | str) -> None:
        self.payloads.append(payload if isinstance(payload, bytes) else payload.encode())
        self._moved.set()

    async def until(self, pred: Callable[[Any], bool], timeout_ms: float = WAIT_MS) -> Any:
        """The first received frame (already here or still to come) that `pred` accepts."""
        async with asyncio.timeout(timeout_ms / 1000):
            while True:
                found = next((f for f in self.frames() if pred(f)), None)
                if found is not None:
                    return found
                self._moved.clear()
                await self._moved.wait()

    def frames(self) -> list[Any]:
        """The received frames, decoded (msgpack; a message may hold several, F5)."""
        out: list[Any] = []
        for payload in self.payloads:
            unpacker = msgpack.Unpacker(raw=False)
            unpacker.feed(payload)
            out.extend(unpacker)
        return out

    def first_seen_at(self, text: str) -> int:
        """The seq of the first `applied` or `welcome` frame that brought `text` (0: none)."""
        for frame in self.frames():
            if frame.get("type") in ("applied", "welcome") and _mentions(frame, text):
                return int(frame.get("seq", 0))
        return 0

    def carries(self, text: str) -> bool:
        """Did `text` reach the page in any frame, in the bytes or in any decoded string?"""
        if any(text.encode() in p for p in self.payloads):
            return True
        return any(_mentions(frame, text) for frame in self.frames())


def _mentions(value: Any, text: str) -> bool:
    if isinstance(value, str):
        return text in value
    if isinstance(value, dict):
        return any(_mentions(k, text) or _mentions(v, text) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_mentions(v, text) for v in value)
    return False


async def clear_toasts(page: Page) -> None:
    await page.evaluate("document.querySelectorAll('[data-testid=toast]').forEach(t => t.remove())")


async def refused(page: Page, pattern: str = "locked this block") -> None:
    """The page said no (a toast naming why), then the toasts are cleared for the next try."""
    await expect(toast(page, pattern)).to_have_count(1, timeout=WAIT_MS)
    await clear_toasts(page)


async def set_min_group(page: Page, k: int) -> None:
    """The facilitator sets k (E4, I7) in People → Room settings, as a person would: types
    it and leaves the field; waits until the hub applied it, then closes the panel again."""
    await page.get_by_test_id("people-button").click()
    field = page.get_by_test_id("room-settings").get_by_test_id("settings-min-group")
    await field.fill(str(k))
    await field.press("Tab")
    await page.wait_for_function(
        f"() => crossboard.store.confirmed.settings?.min_group === {int(k)}", timeout=WAIT_MS
    )
    await page.get_by_test_id("people-button").click()
    await expect(page.get_by_test_id("people-panel")).to_be_hidden()
