"""Frame once per room (issue 20): each distinct batch is framed as websocket bytes once
per flush and the same bytes go to every socket that writes it; busy, writes are held up
to `write_hold` so they carry more frames; idle, a frame leaves at once."""

from __future__ import annotations

import asyncio
from collections import Counter

from websockets.frames import Frame, Opcode
from websockets.protocol import Protocol, Side

from crossboard.hub.outbox import FlushTick, Outbox
from crossboard.hub.wire import binary_message

from ..support import TIMEOUT


class Socket:
    """A transport that takes hub-framed bytes and records every write."""

    raw = True

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.written = asyncio.Event()

    def write_wire_now(self, wire: bytes) -> bool:
        self.writes.append(wire)
        self.written.set()
        return True

    def write_now(self, frames: list[bytes]) -> bool:
        raise AssertionError("a raw socket is written framed bytes")

    async def send(self, data: bytes) -> None:
        raise AssertionError

    async def send_many(self, frames: list[bytes]) -> None:
        raise AssertionError

    async def close(self, code: int, reason: str) -> None:
        pass


def messages(wire: bytes) -> list[bytes]:
    """What a websocket client parses out of `wire` (websockets' own parser)."""
    client = Protocol(Side.CLIENT)  # an open connection's frame parser
    client.receive_data(wire)
    out: list[bytes] = []
    for event in client.events_received():
        assert isinstance(event, Frame) and event.opcode is Opcode.BINARY and event.fin
        out.append(bytes(event.data))
    return out


def outboxes(tick: FlushTick, count: int, *, batched: bool) -> list[tuple[Outbox, Socket]]:
    pairs = []
    for _ in range(count):
        socket = Socket()
        box = Outbox(socket, tick, Counter(), 1 << 20, lambda: None)
        box.open, box.batched = True, batched
        pairs.append((box, socket))
    return pairs


def test_frames_of_every_size_parse_back() -> None:
    for size in (0, 1, 125, 126, 65535, 65536, 70000):
        payload = bytes(range(256)) * (size // 256) + bytes(size % 256)
        assert messages(binary_message(payload)) == [payload]


async def test_an_audience_is_framed_once_and_gets_the_same_bytes() -> None:
    tick = FlushTick()
    room = outboxes(tick, 50, batched=True) + outboxes(tick, 3, batched=False)
    frames = [b"\x81\xa4type\xa7applied" + bytes([i]) * 40 for i in range(3)]
    for data in frames:
        for box, _ in room:
            box.put(data)
    await asyncio.sleep(0)  # the tick flushes at the end of this loop iteration
    batched = {id(s.writes[0]) for _, s in room[:50]}
    assert len(batched) == 1, "the 50 sockets of one audience share one framed write"
    [wire] = room[0][1].writes
    assert messages(wire) == [b"".join(frames)]  # F5: one message, frames back to back
    plain = room[-1][1].writes
    assert len(plain) == 1 and messages(plain[0]) == frames
    assert room[-1][1].writes[0] is room[-2][1].writes[0]


async def test_a_busy_room_holds_writes_an_idle_one_does_not() -> None:
    hold = 0.05
    tick = FlushTick(hold)
    [(box, socket)] = outboxes(tick, 1, batched=True)
    loop = asyncio.get_running_loop()
    box.put(b"first")
    await asyncio.sleep(0)
    assert len(socket.writes) == 1, "idle: the frame leaves at once"
    flushed = loop.time()
    for i in range(5):
        box.put(b"next%d" % i)
        await asyncio.sleep(0)
    assert len(socket.writes) == 1, "busy: held"
    socket.written.clear()
    await asyncio.wait_for(socket.written.wait(), TIMEOUT)
    assert loop.time() - flushed >= hold * 0.9
    assert messages(socket.writes[1]) == [b"".join(b"next%d" % i for i in range(5))]
