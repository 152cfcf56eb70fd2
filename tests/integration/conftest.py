"""Integration tests talk to real `crossboard serve` processes over real websockets."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from ..support import Client


@pytest.fixture(autouse=True)
async def close_clients() -> AsyncIterator[None]:
    """Close every protocol client a test opened, pass or fail."""
    yield
    opened, Client.opened[:] = list(Client.opened), []
    for client in opened:
        await client.close()
