"""The volatile lane between hubs (shared/PROTOCOL.md P3): who is online, cursors, typing
markers and the facilitator's viewport reach the people of a board on every hub that has
it open, through the engine's volatile channel. Never logged; coalesced per tick; a hub
that goes quiet for three beats is taken as gone (its people leave)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any, Protocol

import msgpack

from ..engine.base import Engine

BEAT = 2.0
"""Seconds between a hub's "who is here" for a board it has open."""


class Hearer(Protocol):
    """The room the relay serves: who is here, and what it hears from the other hubs."""

    def local_people(self) -> dict[str, dict[str, Any]]: ...

    def remote_presence(self, online: dict[str, dict[str, Any]]) -> None: ...

    def remote_moved(self) -> None: ...


class Relay:
    def __init__(
        self,
        engine: Engine,
        board_id: str,
        hub_id: str,
        spawn: Callable[[Any], None],
        room: Hearer,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.board_id = board_id
        self.spawn = spawn
        self.room = room
        self.clock = clock
        self.hub_id = hub_id
        self.remote: dict[str, tuple[float, dict[str, dict[str, Any]]]] = {}
        """Other hub -> (when last heard, its people online: id -> participant)."""
        self.moves: dict[str, tuple[float, float]] = {}
        self.editing: dict[str, str | None] = {}
        self.follow: tuple[float, float, float, float] | None = None
        self._beat: asyncio.TimerHandle | None = None

    def start(self) -> None:
        if not self.engine.shared:
            return
        self.engine.listen_volatile(self.board_id, self.received)
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

    def announce(self, local: dict[str, dict[str, Any]]) -> None:
        """Tell the other hubs who is here now (on a change, and every beat)."""
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
        if not self.engine.shared:
            return  # one process: nobody to tell (no task per join or per cursor tick)
        data = msgpack.packb({"hub": self.hub_id, **frame}, use_bin_type=True)
        self.spawn(self.engine.publish_volatile(self.board_id, data))

    def _on_beat(self) -> None:
        self._beat = asyncio.get_running_loop().call_later(BEAT, self._on_beat)
        local = self.room.local_people()
        if local:
            self.announce(local)
        stale = [h for h, (seen, _) in self.remote.items() if self.clock() - seen > 3 * BEAT]
        if stale:
            for hub in stale:
                del self.remote[hub]
            self.room.remote_presence(self.online())

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
            people = {p["id"]: p for p in frame["online"] if isinstance(p, dict) and "id" in p}
            self.remote[hub] = (self.clock(), people)
            self.room.remote_presence(self.online())
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
            self.room.remote_moved()
