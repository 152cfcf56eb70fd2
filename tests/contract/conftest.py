"""Engines under the contract suite: memory, Redis on one server, Redis on a 3-master
cluster. Each engine fixture yields a factory that opens the engine on the same storage
again, so durability across restarts is part of the contract."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from crossboard.engine.base import Engine
from crossboard.engine.memory import MemoryEngine
from crossboard.engine.redis import RedisEngine

from ..support import RedisServer

Reopen = Callable[[], Awaitable[Engine]]


@pytest.fixture(scope="session")
def redis_single(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"), appendonly=True).start()
    yield server
    server.stop()


@pytest.fixture(params=["memory", "redis", "redis-cluster"])
async def engines(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reopen]:
    """`await engines()` opens (or reopens) the engine under test on one storage."""
    opened: list[Engine] = []
    prefix = f"t{secrets.token_hex(4)}"  # a key space of its own per test
    url = None
    if request.param == "redis":
        url = request.getfixturevalue("redis_single").url
    elif request.param == "redis-cluster":
        url = request.getfixturevalue("redis_cluster").url

    async def open_engine() -> Engine:
        for engine in opened:
            await engine.close()
        opened.clear()
        engine: Engine = (
            MemoryEngine(tmp_path / "data") if url is None else RedisEngine(url, prefix=prefix)
        )
        await engine.start()
        opened.append(engine)
        return engine

    yield open_engine
    for engine in opened:
        await engine.close()


@pytest.fixture
async def engine(engines: Reopen) -> Engine:
    return await engines()
