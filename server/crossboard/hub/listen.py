"""A room core with receivers that keep what they are sent: the hub's frames, exactly as the
core decides them, without sockets or an event loop. The shared op vectors and the privacy
property test read the hub's frames through it (one room logic, not copies of it)."""

from __future__ import annotations

from typing import Any

from ..board.state import Actor, Board
from ..engine.base import Entry
from ..protocol.codec import unpack
from .config import HubConfig
from .core import Deliver, Effect, Peer, RoomCore
from .links import Credential, Links


class Receiver:
    """A connection that keeps the bytes it is sent."""

    closed = False

    def __init__(self) -> None:
        self.data: list[bytes] = []

    def send(self, data: bytes, *, exempt: bool = False) -> None:
        self.data.append(data)

    async def close(self, code: int, reason: str) -> None:
        raise RuntimeError("a listening room closes nobody")


class ListeningRoom:
    """A loaded room core; `seat` joins people, `entry` and `tick` play the log and the
    ballot tick, each returning who got which frame."""

    def __init__(self, board: Board, epoch: str = "epoch") -> None:
        self.core = RoomCore(board.id, HubConfig(), Links("listening-room" * 3).credential)
        self.core.load(board, epoch)
        self.core.finish_loading()

    def seat(self, actor: Actor) -> tuple[Peer, list[tuple[Peer, dict[str, Any], bytes]]]:
        """Join `actor` (admitted, by its role's link); its welcome and others' presence."""
        who = Credential(self.core.board.id, actor.id, actor.role, actor.department, 1,
                         actor.role, True)  # fmt: skip
        peer = Peer(Receiver(), actor, who, 1)
        return peer, self.delivered(self.core.join(peer, None))

    def entry(self, entry: Entry) -> list[tuple[Peer, dict[str, Any], bytes]]:
        return self.delivered(self.core.on_entry(entry, 0.0))

    def tick(self) -> list[tuple[Peer, dict[str, Any], bytes]]:
        return self.delivered(self.core.exercise_tick())

    @staticmethod
    def delivered(effects: list[Effect]) -> list[tuple[Peer, dict[str, Any], bytes]]:
        """Each frame delivered, with its receiver and its bytes (each version packed once)."""
        out: list[tuple[Peer, dict[str, Any], bytes]] = []
        for effect in effects:
            if isinstance(effect, Deliver):
                frame = unpack(effect.data)
                out += [(peer, frame, effect.data) for peer in effect.to]
        return out
