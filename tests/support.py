"""Real parts for tests: free ports, `crossboard serve` processes, a small protocol client.

One timeout unit (`TIMEOUT`, scaled by CROSSBOARD_TEST_TIMEOUT_SCALE) for slow machines.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import msgpack
import websockets

TIMEOUT = 5.0 * float(os.environ.get("CROSSBOARD_TEST_TIMEOUT_SCALE", "1"))


UNLIMITED = {
    "CROSSBOARD_OPS_PER_SECOND": "1000000",
    "CROSSBOARD_OPS_BURST": "1000000",
    "CROSSBOARD_IP_OPS_PER_SECOND": "1000000",
    "CROSSBOARD_BYTES_PER_SECOND": "1000000000",
    "CROSSBOARD_BYTES_BURST": "1000000000",
}
"""Hub environment lifting the rate limits, for tests that need bursts of thousands of ops."""

MANY_PEOPLE = {"CROSSBOARD_IDENTITIES_PER_MINUTE": "100000"}
"""Every test client joins from 127.0.0.1: test hubs let one address mint many identities
(I4 is tried on its own, with the default limit, in test_identity.py)."""


async def until(check: Callable[[], object], what: str, timeout: float = 2 * TIMEOUT) -> None:
    """Wait until `check()` holds: state this process updates as frames arrive (a peer's
    replica, its acknowledgements). Fails naming `what` after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, f"never: {what}"
        await asyncio.sleep(0.02)  # how often to look, not how long to wait


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def free_cluster_port() -> int:
    """A free port P with P + 10000 free too (a cluster node's bus port), below 55536."""
    import random

    for _ in range(200):
        port = random.randrange(20000, 30000)
        try:
            with socket.socket() as a, socket.socket() as b:
                a.bind(("127.0.0.1", port))
                b.bind(("127.0.0.1", port + 10000))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port pair for a cluster node")


@dataclass
class HubProcess:
    """A real `crossboard serve` (uvicorn) on a free port, killable and restartable."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    extra: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=lambda: dict(MANY_PEOPLE))
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    max_file_bytes: int | None = None
    """RLIMIT_FSIZE for the hub: its files cannot grow past this (a full disk)."""
    open_board_creation: bool = False
    """`start()` passes `--open-board-creation` (kiosk mode): some older tests POST
    /api/boards by hand without the admin token. Tests of who may create boards set it
    False; `new_board` sends the admin token either way."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ws_url(self, board: str) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/{board}"

    def start(self) -> HubProcess:
        cmd = [
            sys.executable,
            "-m",
            "crossboard",
            "serve",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            "--quiet-links",
            "--log-level",
            "warning",
            *(["--open-board-creation"] if self.open_board_creation else []),
            *self.extra,
        ]
        return self.start_command(cmd)

    def start_command(self, cmd: list[str], env: dict[str, str] | None = None) -> HubProcess:
        """Start `cmd` (a hub listening on self.port) and wait until it is healthy."""
        self.env.update(env or {})
        self.log_path = self.data_dir.parent / f"hub-{self.port}.log"
        limit = self.max_file_bytes

        def full_disk() -> None:  # runs in the child, before exec
            import resource

            if limit is not None:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **self.env},
                preexec_fn=full_disk if limit is not None else None,
            )
        deadline = time.monotonic() + 6 * TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited with {self.proc.returncode}: {self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"hub did not become healthy: {self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=TIMEOUT)

    def pause(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)  # a paused process cannot handle SIGTERM
            self.proc.terminate()
            try:
                self.proc.wait(timeout=2 * TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    @property
    def admin_token(self) -> str:
        """The hub's admin token: `CROSSBOARD_ADMIN_TOKEN` if the test set one, else the
        one the hub made in its data directory at first start (web/admin.py)."""
        given = self.env.get("CROSSBOARD_ADMIN_TOKEN") or os.environ.get("CROSSBOARD_ADMIN_TOKEN")
        if given:
            return given
        return (self.data_dir / "admin.token").read_text().strip()

    def admin_headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.admin_token}"}

    def new_board(self, **body: Any) -> dict[str, Any]:
        """`POST /api/boards` with the admin token; the answer plus each role's token. The
        template's blocks without its agenda unless `agenda=True`: the day's steps (E8) have
        their own tests, and the others plan their own agenda, if any."""
        body.setdefault("agenda", False)
        req = urllib.request.Request(
            f"{self.url}/api/boards",
            data=json.dumps(body).encode(),
            headers={"content-type": "application/json", **self.admin_headers()},
            method="POST",
        )
        with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
            made: dict[str, Any] = json.loads(r.read())
        made["tokens"] = {role: link.split("#t=")[1] for role, link in made["links"].items()}
        return made


def pack(frame: Any) -> bytes:
    return msgpack.packb(frame, use_bin_type=True)  # type: ignore[no-any-return]


def unpack(data: bytes | str) -> Any:
    assert isinstance(data, bytes), f"expected a binary frame, got {data!r}"
    return msgpack.unpackb(data, raw=False)


def cursor_moves(frame: dict[str, Any]) -> dict[int, tuple[int, int]]:
    """A `cursors` frame's moves (P2): participant number -> (x, y), from `at` (6 bytes a
    move: uint16 n, int16 x, int16 y, big-endian). No `at`: nobody moved."""
    at = frame.get("at", b"")
    assert isinstance(at, bytes) and len(at) % 6 == 0, f"`at` is not 6-byte moves: {at!r}"
    return {n: (x, y) for n, x, y in struct.iter_unpack(">Hhh", at)}


class Client:
    """A protocol client for tests: hello, ops with cids, frames read with a timeout.
    Every client joined in a test is closed at its teardown (see conftest)."""

    opened: ClassVar[list[Client]] = []

    def __init__(self, ws: Any, welcome: dict[str, Any]) -> None:
        self.ws = ws
        self.welcome = welcome
        self.seq: int = welcome["seq"]
        self._cid = 0
        self._tag = os.urandom(3).hex()  # tabs of one person never share a cid

    @classmethod
    async def join(
        cls,
        hub: HubProcess,
        board: dict[str, Any],
        *,
        role: str = "participant",
        name: str = "Ann",
        department: str | None = "product",
        resume: dict[str, Any] | None = None,
        participant: str | None = None,
        credential: str | None = None,
    ) -> Client:
        ws = await websockets.connect(hub.ws_url(board["id"]), max_size=None, compression=None)
        hello: dict[str, Any] = {
            "type": "hello",
            "protocol": 1,
            "board": board["id"],
            "token": board["tokens"][role],
            "name": name,
            "department": department,
            "resume": resume,
        }
        if participant:
            hello["participant"] = participant  # a claim: refused without its credential (I2)
        if credential:
            hello["credential"] = credential
        await ws.send(pack(hello))
        welcome = unpack(await asyncio.wait_for(ws.recv(), TIMEOUT))
        assert welcome["type"] == "welcome", welcome
        client = cls(ws, welcome)
        cls.opened.append(client)
        return client

    def next_cid(self) -> str:
        self._cid += 1
        return f"{self.welcome['you']['id']}-{self._tag}-{self._cid}"

    async def send_op(self, op: dict[str, Any], cid: str | None = None) -> str:
        cid = cid or self.next_cid()
        await self.ws.send(pack({"type": "op", "cid": cid, "op": op}))
        return cid

    async def recv(self, timeout: float = TIMEOUT, *, volatile: bool = False) -> dict[str, Any]:
        """The next frame; presence and cursor frames are passed over unless `volatile`."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            left = max(deadline - asyncio.get_running_loop().time(), 0.001)
            frame: dict[str, Any] = unpack(await asyncio.wait_for(self.ws.recv(), left))
            if frame["type"] == "applied":
                self.seq = frame["seq"]
            if volatile or frame["type"] not in ("presence", "cursors"):
                return frame

    async def recv_until(self, pred: Any, timeout: float = TIMEOUT) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            left = deadline - asyncio.get_running_loop().time()
            frame = await self.recv(max(left, 0.001), volatile=True)
            if pred(frame):
                return frame

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close()


def note(
    item_id: str, text: str = "hello", block: str = "expectations", **extra: Any
) -> dict[str, Any]:
    return {
        "kind": "item.add",
        "id": item_id,
        "block": block,
        "item": {"kind": "note", "text": text, **extra},
    }


def require_binary(name: str) -> str:
    """The path of a real part (redis-server, chromium). Missing: skip locally, but fail
    when CROSSBOARD_REQUIRE_REAL_PARTS=1 (set by .ci/run), so CI never hides a bad install."""
    import shutil

    import pytest

    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (apt-get install -y {name})"
        if os.environ.get("CROSSBOARD_REQUIRE_REAL_PARTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@dataclass
class RedisServer:
    """A throwaway `redis-server` on a free port; tests may kill, restart or empty it."""

    workdir: Path
    port: int = field(default_factory=free_port)
    appendonly: bool = False
    cluster: bool = False
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = require_binary("redis-server")
        self.workdir.mkdir(parents=True, exist_ok=True)
        cmd = [
            binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--daemonize", "no", "--dir", str(self.workdir), "--protected-mode", "no",
            "--appendonly", "yes" if self.appendonly else "no", "--appendfsync", "always",
        ]  # fmt: skip
        if self.cluster:
            cmd += ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"]
        with (self.workdir / "redis.log").open("ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 4 * TIMEOUT
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(64).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"redis-server on {self.port} did not start")

    def kill9(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=TIMEOUT)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def wipe(self) -> None:
        """Forget everything on disk (for 'Redis came back empty')."""
        for name in ("appendonly.aof", "appendonlydir", "dump.rdb"):
            target = self.workdir / name
            if target.is_dir():
                import shutil

                shutil.rmtree(target)
            elif target.exists():
                target.unlink()


@dataclass
class RedisCluster:
    """Three redis-server masters joined into a cluster on loopback."""

    workdir: Path
    nodes: list[RedisServer] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.nodes[0].url

    def start(self) -> RedisCluster:
        self.nodes = [
            RedisServer(self.workdir / f"node{i}", port=free_cluster_port(), cluster=True).start()
            for i in range(3)
        ]
        # What `redis-cli --cluster create` does, without its 1-12 s wait for gossip:
        # split the 16384 slots over the masters, introduce them, wait until all agree.
        cli = require_binary("redis-cli")

        def call(node: RedisServer, *args: str) -> str:
            return subprocess.run(
                [cli, "-p", str(node.port), *args],
                capture_output=True, text=True, check=True, timeout=TIMEOUT,
            ).stdout  # fmt: skip

        bounds = [0, 5461, 10923, 16384]
        for i, node in enumerate(self.nodes):
            call(node, "cluster", "addslotsrange", str(bounds[i]), str(bounds[i + 1] - 1))
        for node in self.nodes[1:]:
            call(self.nodes[0], "cluster", "meet", "127.0.0.1", str(node.port))
        deadline = time.monotonic() + 12 * TIMEOUT
        while time.monotonic() < deadline:
            ready = all(
                "cluster_state:ok" in call(n, "cluster", "info")
                and call(n, "cluster", "nodes").count("master") == 3
                for n in self.nodes
            )
            if ready:
                return self
            time.sleep(0.05)
        raise RuntimeError("the cluster did not become ready")

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()


class Recorder:
    """Every message one test client receives from now on (or from its welcome on, with
    `welcome=True`), raw and decoded: what a hostile client would record and diff."""

    def __init__(self, client: Client, *, welcome: bool = False) -> None:
        self.client = client
        self.raw: list[bytes] = [pack(client.welcome)] if welcome else []
        self.seq: int = client.welcome["seq"] if welcome else 0
        self.moved = asyncio.Event()
        self.task = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(Exception):
            async for data in self.client.ws:
                assert isinstance(data, bytes)
                self.raw.append(data)
                frame = msgpack.unpackb(data)
                if frame["type"] == "applied":
                    self.seq = max(self.seq, frame["seq"])
                self.moved.set()

    def frames(self) -> list[dict[str, Any]]:
        return [msgpack.unpackb(d) for d in self.raw]

    async def until(self, pred: Any, timeout: float = 2 * TIMEOUT) -> dict[str, Any]:
        """The first frame (already here or still to come) that `pred` accepts."""
        async with asyncio.timeout(timeout):
            while True:
                found = next((f for f in self.frames() if pred(f)), None)
                if found is not None:
                    return found
                self.moved.clear()
                await self.moved.wait()

    async def until_seq(self, seq: int, timeout: float = 2 * TIMEOUT) -> None:
        async with asyncio.timeout(timeout):
            while self.seq < seq:
                self.moved.clear()
                await self.moved.wait()

    async def stop(self) -> bytes:
        """Stop recording; every byte received, for searching."""
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        return b"".join(self.raw)
