"""Engines under the contract suite. Each engine fixture yields a factory that opens the
engine on the same storage again, so durability across restarts is part of the contract."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from crossboard.engine.base import Engine
from crossboard.engine.memory import MemoryEngine

Reopen = Callable[[], Awaitable[Engine]]


@pytest.fixture(params=["memory"])
async def engines(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reopen]:
    """`await engines()` opens (or reopens) the engine under test on one storage."""
    opened: list[Engine] = []

    async def open_engine() -> Engine:
        for engine in opened:
            await engine.close()
        opened.clear()
        engine = MemoryEngine(tmp_path / "data")
        await engine.start()
        opened.append(engine)
        return engine

    yield open_engine
    for engine in opened:
        await engine.close()


@pytest.fixture
async def engine(engines: Reopen) -> Engine:
    return await engines()
