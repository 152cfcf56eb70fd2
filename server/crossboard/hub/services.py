"""What a room and a session get from their hub process: a small services object, so
neither imports the hub (no import cycle in `hub/`) and each can be built alone."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..board.state import Board
from ..engine.base import Engine, Histogram
from ..protocol.frames import Cursor, Editing, OpFrame, Resume, Viewport
from .archive import Archive
from .config import HubConfig
from .core import Peer
from .limits import Limits
from .links import Links
from .outbox import FlushTick


class RoomPort(Protocol):
    """What a session asks of its board's room."""

    @property
    def board(self) -> Board: ...

    def must_wait(self, peer: Peer) -> bool: ...

    def wait(self, peer: Peer) -> None: ...

    async def join(self, peer: Peer, resume: Resume | None) -> None: ...

    def submit(self, peer: Peer, frame: OpFrame) -> None: ...

    def volatile(self, peer: Peer, frame: Cursor | Editing | Viewport) -> None: ...

    def leave(self, peer: Peer) -> None: ...


@dataclass(frozen=True)
class Services:
    engine: Engine
    links: Links
    config: HubConfig
    limits: Limits
    metrics: Counter[str]
    op_latency: Histogram
    """ms from an op's arrival at this hub to its `applied` here (its author's wait)."""
    node: str
    """This hub process among the hubs of a deployment (the volatile relay's sender)."""
    flush: FlushTick
    keep: Callable[[asyncio.Task[Any]], None]
    """Hold a background task until it ends (asyncio keeps only weak references)."""
    open_room: Callable[[str], Awaitable[RoomPort | None]]
    """The board's room on this hub, loaded on first use; None if there is no board."""
    room_in_use: Callable[[str], None]
    room_empty: Callable[[str], None]
    """Unload the board's room after a grace period unless someone comes back."""
    board_reset: Callable[[str], None]
    """The board's log was lost or broke its order: re-seed and send everyone to reload."""
    archive: Archive | None = None
    """This hub's copy of the boards it served (Redis engine, with a data dir): D5."""

    def spawn(self, work: Awaitable[Any]) -> None:
        """Run `work` in the background, held until it ends."""
        self.keep(asyncio.ensure_future(work))
