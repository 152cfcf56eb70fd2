"""A board open on this hub: carries out what its core (`core.py`) decides, against the
engine, the sockets, the timers and the other hubs.

Loading subscribes first, then reads the snapshot and the log to its head, then applies
what arrived meanwhile, so no entry falls between the two. Every effect is carried out in
the order the core gave it; appends are handed to the engine synchronously, so one
person's ops are sequenced in the order they were sent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable

from ..board.state import Board
from ..engine.base import AppendResult, Entry, Snapshot, StorageUnavailable, read_log
from ..protocol.frames import Cursor, Editing, OpFrame, Resume, Viewport
from .core import (
    Append,
    Close,
    Deliver,
    Effect,
    Peer,
    People,
    Recheck,
    Reload,
    RoomCore,
    SaveCheckpoint,
    SaveSnapshot,
    StartTimer,
    TellHubs,
)
from .relay import Relay
from .services import Services

log = logging.getLogger("crossboard.room")


class Room:
    def __init__(self, services: Services, board_id: str) -> None:
        self.services = services
        self.board_id = board_id
        self.core = RoomCore(
            board_id,
            services.config,
            services.links.credential,
            metrics=services.metrics,
            latency=services.op_latency,
        )
        self.relay = Relay(services.engine, board_id, services.node, services.spawn, self)
        self._timers: dict[str, asyncio.TimerHandle] = {}

    @property
    def board(self) -> Board:
        return self.core.board

    @property
    def sessions(self) -> list[Peer]:
        """The people joined here (not those waiting in the lobby)."""
        return self.core.joined

    @property
    def connections(self) -> tuple[Peer, ...]:
        return self.core.connections

    async def open(self) -> None:
        engine = self.services.engine
        info = await engine.board_info(self.board_id)
        if info is None:
            raise LookupError(self.board_id)
        await engine.subscribe(self.board_id, self._on_entry)
        self.relay.start()
        snapshot = await engine.load_snapshot(self.board_id)
        board = Board.from_wire(snapshot.state)
        board.seq = snapshot.seq
        self.core.load(board, info.epoch)
        async for entry in read_log(engine, self.board_id, board.seq):
            self.core.replay(entry)
        self.run(self.core.finish_loading())

    async def close(self) -> None:
        archive = self.services.archive
        if archive is not None and self.core.loaded:
            try:
                await archive.save(self.board_id, self.board.seq, self.board.to_wire())
            except Exception:
                log.warning("archiving %s failed", self.board_id)
        for handle in self._timers.values():
            handle.cancel()
        self.relay.stop()
        await self.services.engine.unsubscribe(self.board_id, self._on_entry)

    def _on_entry(self, entry: Entry) -> None:
        self.run(self.core.on_entry(entry, time.monotonic()))

    # What sessions ask.

    def must_wait(self, peer: Peer) -> bool:
        return self.core.must_wait(peer.credential, peer.actor)

    def wait(self, peer: Peer) -> None:
        self.run(self.core.wait(peer))
        self.services.room_in_use(self.board_id)

    async def join(self, peer: Peer, resume: Resume | None) -> None:
        """Welcome `peer`, reading from the engine first what a resume needs that memory
        no longer holds; the welcome and the fan-out start with no await in between."""
        older: list[Entry] | None = None
        after = self.core.older_needed(resume)
        if after is not None:
            window = self.services.config.resume_window
            try:
                older = await self.services.engine.read_since(self.board_id, after, limit=window)
            except Exception:
                older = None  # the welcome carries the board instead
        if peer.outlet.closed:
            return
        self.run(self.core.join(peer, resume, older))
        self.services.room_in_use(self.board_id)

    def submit(self, peer: Peer, frame: OpFrame) -> None:
        self.run(self.core.submit(peer, frame, time.monotonic(), int(time.time() * 1000)))

    def volatile(self, peer: Peer, frame: Cursor | Editing | Viewport) -> None:
        self.run(self.core.volatile(peer, frame))

    def leave(self, peer: Peer) -> None:
        self.run(self.core.leave(peer))
        if not self.core.connections:
            self.services.room_empty(self.board_id)

    # What the relay hears from the other hubs.

    def local_people(self) -> People:
        return self.core.local_people()

    def remote_presence(self, online: People) -> None:
        self.run(self.core.remote_presence(online))

    def remote_moved(self) -> None:
        self.run(self.core.remote_moved())

    # Effects.

    def run(self, effects: list[Effect]) -> None:
        for effect in effects:
            if isinstance(effect, Deliver):
                for peer in effect.to:  # a send may close a slow session: `to` is a copy
                    peer.outlet.send(effect.data, exempt=effect.exempt)
            elif isinstance(effect, Append):
                by = self.services.engine.append(self.board_id, effect.op, effect.by, effect.cid)
                self.services.spawn(self._appended(effect, by))
            elif isinstance(effect, Recheck):
                self.services.spawn(self._recheck(effect))
            elif isinstance(effect, Close):
                self.services.spawn(effect.peer.outlet.close(effect.code, effect.reason))
            elif isinstance(effect, StartTimer):
                loop = asyncio.get_running_loop()
                self._timers[effect.kind] = loop.call_later(effect.delay, self._tick, effect.kind)
            elif isinstance(effect, TellHubs):
                self._tell_hubs(effect)
            elif isinstance(effect, SaveSnapshot):
                self.services.spawn(self._write_snapshot())
            elif isinstance(effect, SaveCheckpoint):
                self.services.spawn(self._write_checkpoint(effect))
            elif isinstance(effect, Reload):
                log.error("%s: the log arrived out of order; reloading the board", self.board_id)
                self.services.board_reset(self.board_id)

    def _tick(self, kind: str) -> None:
        self._timers.pop(kind, None)
        if kind == "volatile":
            self.run(self.core.volatile_tick(self.relay.take()))
        else:
            self.run(self.core.exercise_tick())

    def _tell_hubs(self, tell: TellHubs) -> None:
        if not self.services.engine.shared:
            return  # one process: no other hub to tell (and no roster to build per join)
        if tell.announce:
            self.relay.announce(self.core.local_people())
        else:
            self.relay.tick(tell.moves, tell.editing, tell.follow)

    async def _appended(self, append: Append, result: Awaitable[AppendResult]) -> None:
        try:
            outcome = await result
        except StorageUnavailable as exc:
            self.run(self.core.append_failed(append.peer, append.cid, str(exc)))
            return
        except Exception as exc:
            log.exception("append failed")
            self.run(self.core.append_failed(append.peer, append.cid, repr(exc)))
            return
        duplicate = outcome.entry if outcome.duplicate else None
        self.run(self.core.appended(append.peer, append.cid, duplicate))

    async def _recheck(self, check: Recheck) -> None:
        try:
            earlier = await self.services.engine.find(self.board_id, check.cid)
        except Exception:
            earlier = None
        self.run(self.core.rechecked(check, earlier))

    async def _write_checkpoint(self, save: SaveCheckpoint) -> None:
        try:
            await self.services.engine.save_checkpoint(self.board_id, save.checkpoint)
        except Exception:
            log.warning("checkpoint %s of %s failed", save.checkpoint.key, self.board_id)

    async def _write_snapshot(self) -> None:
        """If this hub holds the board's snapshot lease: copy the replica as it is now,
        then write it in the background."""
        engine = self.services.engine
        if not await engine.may_snapshot(self.board_id):
            return
        snapshot = Snapshot(*self.core.snapshot_state())
        self.services.metrics["snapshots_saved"] += 1
        try:
            await engine.save_snapshot(self.board_id, snapshot)
            if self.services.archive is not None:
                await self.services.archive.save(self.board_id, snapshot.seq, snapshot.state)
        except Exception:
            log.warning(
                "snapshot of %s at %d failed; the log still has it", self.board_id, snapshot.seq
            )
