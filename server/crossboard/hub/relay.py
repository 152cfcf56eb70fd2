"""The volatile lane between hubs (shared/PROTOCOL.md P3): who is online, cursors, typing
markers and the facilitator's viewport reach the people of a board on every hub that has
it open, through the engine's volatile channel. Never logged; coalesced per tick; a hub
that goes quiet for three beats is taken as gone (its people leave)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import msgpack

if TYPE_CHECKING:
    from .room import Room

BEAT = 2.0
"""Seconds between a hub's "who is here" for a board it has open."""


class Relay:
    def __init__(self, room: Room, clock: Callable[[], float] = time.monotonic) -> None:
        self.room = room
        self.clock = clock
        self.hub_id = room.hub.node
        self.remote: dict[str, tuple[float, dict[str, dict[str, Any]]]] = {}
        """Other hub -> (when last heard, its people online: id -> participant)."""
        self.moves: dict[str, tuple[float, float]] = {}
        self.editing: dict[str, str | None] = {}
        self.follow: tuple[float, float, float, float] | None = None
        self._beat: asyncio.TimerHandle | None = None

    def start(self) -> None:
        if not self.room.hub.engine.shared:
            return
        self.room.hub.engine.listen_volatile(self.room.board_id, self.received)
        self._beat = asyncio.get_running_loop().call_later(BEAT, self._on_beat)

    def stop(self) -> None:
        if self._beat is not None:
            self._beat.cancel()
            self._beat = None

    def online(self) -> dict[str, dict[str, Any]]:
        """Everyone online on the other hubs."""
        out: dict[str, dict[str, Any]] = {}
        for _, people in self.remote.values():
            out.update(people)
        return out

    # Out.

    def announce(self) -> None:
        """Tell the other hubs who is here now (on a change, and every beat)."""
        local = {s.actor.id: s.actor.to_wire() for s in self.room.sessions if s.actor}
        self._send({"online": list(local.values())})

    def tick(
        self,
        moves: dict[str, tuple[float, float]],
        editing: dict[str, str | None],
        follow: tuple[float, float, float, float] | None,
    ) -> None:
        """This hub's cursors, typing markers and followed viewport of one tick."""
        frame: dict[str, Any] = {}
        if moves:
            frame["moves"] = {k: list(v) for k, v in moves.items()}
        if editing:
            frame["editing"] = editing
        if follow is not None:
            frame["follow"] = list(follow)
        if frame:
            self._send(frame)

    def _send(self, frame: dict[str, Any]) -> None:
        if not self.room.hub.engine.shared:
            return  # one process: nobody to tell (no task per join or per cursor tick)
        data = msgpack.packb({"hub": self.hub_id, **frame}, use_bin_type=True)
        engine = self.room.hub.engine
        task = asyncio.get_running_loop().create_task(
            engine.publish_volatile(self.room.board_id, data)
        )
        self.room.hub.keep(task)

    def _on_beat(self) -> None:
        self._beat = asyncio.get_running_loop().call_later(BEAT, self._on_beat)
        if self.room.sessions:
            self.announce()
        stale = [h for h, (seen, _) in self.remote.items() if self.clock() - seen > 3 * BEAT]
        if stale:
            before = self.online()
            for hub in stale:
                del self.remote[hub]
            self.room.remote_presence(before, self.online())

    # In.

    def take(
        self,
    ) -> tuple[
        dict[str, tuple[float, float]],
        dict[str, str | None],
        tuple[float, float, float, float] | None,
    ]:
        """What the other hubs sent since the last tick (and forget it)."""
        out = (self.moves, self.editing, self.follow)
        self.moves, self.editing, self.follow = {}, {}, None
        return out

    def received(self, payload: bytes) -> None:
        try:
            frame = msgpack.unpackb(payload, raw=False)
            hub = str(frame["hub"])
        except Exception:
            return  # not ours: ignore
        if hub == self.hub_id:
            return
        if "online" in frame:
            before = self.online()
            people = {p["id"]: p for p in frame["online"] if isinstance(p, dict) and "id" in p}
            self.remote[hub] = (self.clock(), people)
            self.room.remote_presence(before, self.online())
        elif hub in self.remote:
            _, people = self.remote[hub]
            self.remote[hub] = (self.clock(), people)
        moves = frame.get("moves") or {}
        for pid, xy in moves.items():
            self.moves[pid] = (float(xy[0]), float(xy[1]))
        self.editing.update(frame.get("editing") or {})
        if frame.get("follow") is not None:
            x, y, w, h = (float(v) for v in frame["follow"])
            self.follow = (x, y, w, h)
        if moves or frame.get("editing") or frame.get("follow") is not None:
            self.room.schedule_tick()
