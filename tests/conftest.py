"""Shared fixtures: real hub processes on free ports, in a fresh data dir per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .support import HubProcess


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
