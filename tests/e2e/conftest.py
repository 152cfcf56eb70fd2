"""Browser tests: Python Playwright driving Debian's Chromium against a real hub.

Never `playwright install`: the browser is /usr/bin/chromium (apt package `chromium`). When
it is missing the tests skip, or fail when CROSSBOARD_REQUIRE_REAL_PARTS=1 (CI).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing(what: str) -> None:
    if os.environ.get("CROSSBOARD_REQUIRE_REAL_PARTS") == "1":
        pytest.fail(f"{what} is required for the browser tests (CROSSBOARD_REQUIRE_REAL_PARTS=1)")
    pytest.skip(f"{what} is not available")


@pytest.fixture
def chromium_path() -> Path:
    """Debian's Chromium, or a skip (a failure in CI) when it is not installed."""
    if not CHROMIUM.exists():
        _missing("/usr/bin/chromium (apt-get install chromium)")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        _missing("the playwright Python package")
    return CHROMIUM


@pytest.fixture
async def browser(chromium_path: Path) -> AsyncIterator[Any]:
    """A headless Chromium, closed at teardown."""
    from playwright.async_api import async_playwright, expect

    from .pages import WAIT_MS

    expect.set_options(timeout=WAIT_MS)  # an `expect` without its own timeout: the scaled unit
    async with async_playwright() as p:
        chromium = await p.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=ARGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()
