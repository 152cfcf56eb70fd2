"""A resilient test peer: keeps a replica with the real reducer, resumes after drops,
re-sends unacknowledged ops with their cids, and fails on any gap or reorder.

Used by the multi-node and fault tests to check the promise end to end: an acknowledged op
is never lost, never duplicated, never reordered, and every replica converges.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
from dataclasses import dataclass, field
from typing import Any

import websockets
from websockets.exceptions import ConnectionClosed

from crossboard.board.reducer import apply
from crossboard.board.state import Actor, Board
from crossboard.protocol.codec import decode_op

from .support import TIMEOUT, HubProcess, note, pack, unpack, until

FATAL = {4001, 4002, 4003, 4004}
RETRY_CODES = {"storage_unavailable", "rate_limited"}


class GapError(AssertionError):
    pass


@dataclass
class Peer:
    hubs: list[HubProcess]
    board: dict[str, Any]
    name: str
    department: str | None = "product"
    role: str = "participant"
    hub_index: int = 0
    replica: Board | None = None
    epoch: str | None = None
    participant: str | None = None
    credential: str | None = None
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    acked: dict[str, int] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    welcomes: list[dict[str, Any]] = field(default_factory=list)
    closes: list[int] = field(default_factory=list)
    _ws: Any = None
    _task: asyncio.Task[None] | None = None
    _counter: int = 0
    _live: asyncio.Event = field(default_factory=asyncio.Event)
    _sends: set[asyncio.Future[None]] = field(default_factory=set)

    @property
    def seq(self) -> int:
        return self.replica.seq if self.replica else 0

    async def start(self) -> Peer:
        self._task = asyncio.create_task(self._run())
        await asyncio.wait_for(self._live.wait(), 4 * TIMEOUT)
        return self

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            # A peer that already failed re-raises here; the test reported it elsewhere (or
            # will, through its own checks), and teardown must go on to stop the processes.
            with contextlib.suppress(BaseException):
                await self._task
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()

    async def send(self, op: dict[str, Any]) -> str:
        self._counter += 1
        cid = f"{self.name}-{self._counter}"
        self.pending[cid] = op
        if self._live.is_set():
            with contextlib.suppress(ConnectionClosed):
                await self._ws.send(pack({"type": "op", "cid": cid, "op": op}))
        return cid

    async def settled(self, head: int | None = None, timeout: float = 6 * TIMEOUT) -> None:
        """Wait until nothing is pending (and the replica reached `head`, if given)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self.pending or (head is not None and self.seq < head):
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(
                    f"{self.name}: {len(self.pending)} pending, seq {self.seq}/{head}"
                )
            await asyncio.sleep(0.05)

    async def _run(self) -> None:
        delay = 0.05
        while True:
            hub = self.hubs[self.hub_index % len(self.hubs)]
            try:
                self._ws = await websockets.connect(
                    hub.ws_url(self.board["id"]), max_size=None, compression=None,
                    open_timeout=TIMEOUT,
                )  # fmt: skip
                await self._hello()
                delay = 0.05
                async for data in self._ws:
                    self._handle(unpack(data))
            except ConnectionClosed as exc:
                code = exc.rcvd.code if exc.rcvd else 1006
                self.closes.append(code)
                if code in FATAL:
                    raise
            except (OSError, TimeoutError, websockets.exceptions.InvalidHandshake):
                self.closes.append(1006)  # the hub is down or dying: try the next one
            self._live.clear()
            self.hub_index += 1  # try the next hub (a dead one refuses at once)
            await asyncio.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 1.0)

    async def _hello(self) -> None:
        resume = None
        if self.epoch is not None and self.replica is not None:
            resume = {"epoch": self.epoch, "seq": self.replica.seq}
        hello = {
            "type": "hello", "protocol": 1, "board": self.board["id"],
            "token": self.board["tokens"][self.role], "name": self.name,
            "department": self.department, "resume": resume,
        }  # fmt: skip
        if self.credential:
            hello["credential"] = self.credential  # the same person again (I1)
        await self._ws.send(pack(hello))
        welcome = unpack(await asyncio.wait_for(self._ws.recv(), 4 * TIMEOUT))
        assert welcome["type"] == "welcome", welcome
        self.welcomes.append(welcome)
        self.participant = welcome["you"]["id"]
        self.credential = welcome["credential"]
        if "board" in welcome:
            self.replica = Board.from_wire(welcome["board"])
            self.replica.seq = welcome["seq"]
        else:
            for frame in welcome["ops"]:
                self._apply(frame)
            assert self.seq == welcome["seq"]
        self.epoch = welcome["epoch"]
        self._live.set()
        for cid, op in list(self.pending.items()):  # re-send, same cid: O4 makes it safe
            await self._ws.send(pack({"type": "op", "cid": cid, "op": op}))

    def _handle(self, frame: dict[str, Any]) -> None:
        kind = frame["type"]
        if kind == "applied":
            self._apply(frame)
        elif kind == "rejected":
            cid = frame["cid"]
            if frame["code"] in RETRY_CODES and cid in self.pending:
                asyncio.get_running_loop().call_later(0.2, self._resend, cid)
            elif cid in self.pending and "seq" not in frame:
                self.refused[cid] = frame["code"]
                del self.pending[cid]
            elif cid in self.pending:
                self.refused[cid] = frame["code"]

    def _resend(self, cid: str) -> None:
        if cid in self.pending and self._live.is_set():
            op = self.pending[cid]
            task = asyncio.ensure_future(self._ws.send(pack({"type": "op", "cid": cid, "op": op})))
            self._sends.add(task)
            task.add_done_callback(self._sends.discard)

    def _apply(self, frame: dict[str, Any]) -> None:
        assert self.replica is not None
        seq = frame["seq"]
        cid = frame.get("cid")
        if cid is not None and cid in self.pending:
            self.acked[cid] = seq
            del self.pending[cid]
        if seq <= self.replica.seq:
            return  # an old frame answering a re-sent cid (O4)
        if seq != self.replica.seq + 1:
            raise GapError(f"{self.name}: got seq {seq} after {self.replica.seq}")
        apply(self.replica, decode_op(frame["op"]), Actor.from_wire(frame["by"]), seq)


async def full_log(
    hub: HubProcess, board: dict[str, Any], epoch: str, head: int = 0
) -> list[dict[str, Any]]:
    """Every applied frame of the board, from a resume at seq 0, and then the ones the hub
    applies until its log reaches `head`: a hub on Redis may lag the one that acknowledged."""
    ws = await websockets.connect(hub.ws_url(board["id"]), max_size=None)
    try:
        hello = {
            "type": "hello", "protocol": 1, "board": board["id"],
            "token": board["tokens"]["screen"], "name": "Auditor",
            "resume": {"epoch": epoch, "seq": 0},
        }  # fmt: skip
        await ws.send(pack(hello))
        welcome = unpack(await asyncio.wait_for(ws.recv(), 4 * TIMEOUT))
        assert "ops" in welcome, "the whole log must still be there"
        log = list(welcome["ops"])
        try:
            async with asyncio.timeout(6 * TIMEOUT):
                while (log[-1]["seq"] if log else 0) < head:
                    frame = unpack(await ws.recv())
                    if frame["type"] == "applied":
                        log.append(frame)
        except TimeoutError:
            raise AssertionError(f"the hub's log stayed at {len(log)}, behind {head}") from None
        return log
    finally:
        await ws.close()


def replay(genesis: dict[str, Any], log: list[dict[str, Any]]) -> Board:
    board = Board.from_wire(genesis)
    board.seq = 0
    for frame in log:
        apply(board, decode_op(frame["op"]), Actor.from_wire(frame["by"]), frame["seq"])
    return board


async def assert_exactly_once(
    hub: HubProcess, board: dict[str, Any], genesis: dict[str, Any], peers: list[Peer]
) -> list[dict[str, Any]]:
    """The end-of-test check: every acknowledged op is in the log exactly once, no cid
    twice, seqs 1..n without a hole, and every peer's replica equals the log replayed."""
    epoch = peers[0].epoch
    assert epoch is not None and all(p.epoch == epoch for p in peers)
    # The hub read may lag the one that acknowledged (another hub, on Redis): its log is
    # judged once it reaches every acknowledged seq.
    acked = max((seq for p in peers for seq in p.acked.values()), default=0)
    log = await full_log(hub, board, epoch, head=acked)
    assert [f["seq"] for f in log] == list(range(1, len(log) + 1))
    cids = [f["cid"] for f in log if f["cid"] is not None]
    assert len(cids) == len(set(cids)), "a cid was sequenced twice"
    where = {f["cid"]: f["seq"] for f in log}
    for peer in peers:
        assert not peer.pending, f"{peer.name} still has unacknowledged ops"
        for cid, seq in peer.acked.items():
            assert where.get(cid) == seq, (
                f"acknowledged {cid} at {seq} but the log has {where.get(cid)}"
            )
    expected = replay(genesis, log).to_wire()
    for peer in peers:
        await peer.settled(head=len(log))
        assert peer.replica is not None
        assert peer.replica.to_wire() == expected, f"{peer.name} diverged"
    return log


async def under_way(peers: list[Peer], acked: int) -> None:
    """Wait until `acked` ops of a burst are acknowledged between the peers: a fault injected
    now lands mid-burst, on a busy machine too (a fixed delay could land before it)."""
    await until(
        lambda: sum(len(p.acked) for p in peers) >= acked, f"{acked} ops acknowledged", 4 * TIMEOUT
    )


_NOTE_NUMBERS = itertools.count()


async def edit(peers: list[Peer], ops: int, pause: float = 0.0, text: str = "") -> None:
    """`ops` notes from random peers, each with its own id (the load of the fault tests)."""
    for i in range(ops):
        peer = random.choice(peers)
        n = next(_NOTE_NUMBERS)  # unique across calls: a second round must not reuse ids
        await peer.send(note(f"{peer.name}-n{n}", text or f"note {i} from {peer.name}"))
        if pause:
            await asyncio.sleep(pause)
