"""Shared fixtures: real hub processes on free ports, in a fresh data dir per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from .support import Client, HubProcess, RedisCluster


@pytest.fixture(autouse=True)
async def close_clients() -> AsyncIterator[None]:
    """Close every protocol client a test opened, pass or fail (in every layer: a socket
    left open would surface as a ResourceWarning in whichever later test collects it)."""
    yield
    opened, Client.opened[:] = list(Client.opened), []
    for client in opened:
        await client.close()


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisCluster]:
    """One real 3-master Redis Cluster for the session (tests use their own key prefixes
    or board ids, so they do not see each other)."""
    cluster = RedisCluster(tmp_path_factory.mktemp("cluster")).start()
    yield cluster
    cluster.stop()


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """A `crossboard serve` with the embedded engine; stopped at teardown."""
    process = HubProcess(tmp_path / "data").start()
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def board(hub: HubProcess) -> dict[str, object]:
    return hub.new_board(title="Strategy day")
