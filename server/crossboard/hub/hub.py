"""The hub of one process: the engine, the open rooms and the connections, and the
services they share (`services.py`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections import Counter
from typing import Any

from ..engine.base import Engine, Histogram
from ..protocol.codes import CloseCode
from .archive import Archive
from .config import HubConfig
from .limits import Limits
from .links import Links
from .outbox import FlushTick, Transport
from .room import Room
from .services import RoomPort, Services
from .session import Session

log = logging.getLogger("crossboard.hub")


class Hub:
    def __init__(
        self,
        engine: Engine,
        links: Links,
        config: HubConfig | None = None,
        *,
        archive: Archive | None = None,
    ) -> None:
        self.engine = engine
        self.links = links
        self.config = config or HubConfig()
        self.metrics: Counter[str] = Counter()
        self.limits = Limits(self.config)
        self.op_latency = Histogram()
        self.archive = archive
        self.rooms: dict[str, Room] = {}
        self.sessions: set[Session] = set()
        self._opening: dict[str, asyncio.Future[Room | None]] = {}
        self._linger: dict[str, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.services = Services(
            engine=engine,
            links=links,
            config=self.config,
            limits=self.limits,
            metrics=self.metrics,
            op_latency=self.op_latency,
            node=secrets.token_hex(6),
            flush=FlushTick(self.config.write_hold),
            keep=self.keep,
            open_room=self._open_room,
            room_in_use=self.room_in_use,
            room_empty=self.room_empty,
            board_reset=self.board_reset,
            archive=archive,
        )

    async def start(self) -> None:
        await self.engine.start()
        self.engine.on_reset = self.board_reset

    def board_reset(self, board_id: str) -> None:
        """The engine lost the board's log: re-seed it from this node's replica (unless
        another node did first), then send this node's clients to take the board whole."""
        room = self.rooms.pop(board_id, None)
        if room is None:
            return
        self.metrics["board_resets"] += 1
        self.keep(asyncio.get_running_loop().create_task(self._reseed(room)))

    async def _reseed(self, room: Room) -> None:
        try:
            await self.engine.reseed(room.board_id, room.board.to_wire())
        except Exception:
            log.exception("re-seeding %s failed; clients will load what Redis has", room.board_id)
        await asyncio.gather(
            *(
                p.outlet.close(CloseCode.BOARD_RELOADED, "the board was reloaded; reconnect")
                for p in list(room.connections)
            ),
            return_exceptions=True,
        )
        await room.close()

    async def close(self) -> None:
        """Tell every client to reconnect elsewhere (1001), then stop the engine."""
        await asyncio.gather(
            *(
                s.flush_and_close(CloseCode.GOING_AWAY, "server shutting down")
                for s in self.sessions
            ),
            return_exceptions=True,
        )
        for handle in self._linger.values():
            handle.cancel()
        for room in list(self.rooms.values()):
            await room.close()
        self.rooms.clear()
        for task in list(self._tasks):
            task.cancel()
        await self.engine.close()

    def keep(self, task: asyncio.Task[Any]) -> None:
        """Hold a reference to a background task until it ends (asyncio keeps only weak ones)."""
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def open_session(self, transport: Transport, board_id: str, ip: str = "") -> Session:
        session = Session(self.services, transport, board_id, ip)
        self.sessions.add(session)
        self.metrics["connections_opened"] += 1
        return session

    def admit(self, ip: str, board_id: str) -> str | None:
        """Refusal reason for a new connection from `ip` to `board_id`, or None (counted)."""
        refusal = self.limits.admit(ip, board_id)
        if refusal is not None:
            self.metrics["connections_refused"] += 1
        return refusal

    def session_ended(self, session: Session) -> None:
        if session in self.sessions:
            self.sessions.discard(session)
            self.limits.release(session.ip, session.board_id)

    async def _open_room(self, board_id: str) -> RoomPort | None:
        return await self.room(board_id)

    async def room(self, board_id: str) -> Room | None:
        """The board's room on this node, loaded on first use; None if there is no board."""
        room = self.rooms.get(board_id)
        if room is not None:
            self.room_in_use(board_id)  # someone is coming: keep it loaded
            return room
        opening = self._opening.get(board_id)
        if opening is not None:
            return await asyncio.shield(opening)
        future: asyncio.Future[Room | None] = asyncio.get_running_loop().create_future()
        self._opening[board_id] = future
        try:
            room = Room(self.services, board_id)
            try:
                await room.open()
            except LookupError:
                if not await self._restore_from_archive(board_id):
                    future.set_result(None)
                    return None
                room = Room(self.services, board_id)
                await room.open()
            self.rooms[board_id] = room
            future.set_result(room)
            return room
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved; the caller gets it raised below
            raise
        finally:
            del self._opening[board_id]

    async def _restore_from_archive(self, board_id: str) -> bool:
        """Redis no longer knows the board (it came back empty): re-seed it from this hub's
        archive, under a new epoch (D5). False when there is nothing to restore."""
        kept = await self.archive.load(board_id) if self.archive is not None else None
        if kept is None:
            return False
        seq, state = kept
        log.warning("board %s is not in Redis; re-seeding it from this hub's archive", board_id)
        self.metrics["boards_restored"] += 1
        await self.engine.reseed(board_id, {**state, "seq": seq})
        return True

    def room_in_use(self, board_id: str) -> None:
        handle = self._linger.pop(board_id, None)
        if handle is not None:
            handle.cancel()

    def room_empty(self, board_id: str) -> None:
        """Unload the room after a grace period unless someone comes back."""
        if board_id in self._linger:
            return

        def unload() -> None:
            self._linger.pop(board_id, None)
            room = self.rooms.get(board_id)
            if room is not None and not room.connections:
                del self.rooms[board_id]
                self.keep(asyncio.get_running_loop().create_task(room.close()))

        self._linger[board_id] = asyncio.get_running_loop().call_later(
            self.config.room_linger, unload
        )


async def cancel_quietly(task: asyncio.Task[Any]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
