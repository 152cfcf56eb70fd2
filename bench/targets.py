"""The servers under test, each started as real processes on 127.0.0.1 and stopped for sure.

* `crossboard`: `crossboard serve` with the embedded engine (boards in memory, log in SQLite).
* `crossboard-redis`: two `crossboard serve` processes sharing a real redis-server; clients
  alternate between the two hubs, so every op crosses Redis to reach half the room.
* `bare`: baseline (a), `bench/servers/bare_ws.py`, a bare `websockets` broadcast server.
* `socketio`: baseline (b), `bench/servers/sio_server.py`, python-socketio with
  `AsyncRedisManager` on a real redis-server, under the same uvicorn settings as crossboard.

Every target says which processes are "the server" (for CPU and RSS) and how a client
reaches a board.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support import HubProcess, RedisServer, free_port  # noqa: E402

UNLIMITED = "1000000000"

PER_ADDRESS_LIFTED = {
    # Every simulated participant shares 127.0.0.1; in production they come from many
    # addresses. Lift the per-address and per-board limits so the whole load is not
    # treated as one abusive address.
    "CROSSBOARD_MAX_CONNECTIONS_PER_IP": "1000000",
    "CROSSBOARD_MAX_CONNECTIONS_PER_BOARD": "1000000",
    "CROSSBOARD_IP_OPS_PER_SECOND": UNLIMITED,
    "CROSSBOARD_BOARDS_PER_HOUR_PER_IP": "1000000",
    "CROSSBOARD_IDENTITIES_PER_MINUTE": "1000000",
}

PER_CONNECTION_LIFTED = {
    # For saturation runs only: one connection may send far more than a person would.
    "CROSSBOARD_OPS_PER_SECOND": UNLIMITED,
    "CROSSBOARD_OPS_BURST": UNLIMITED,
    "CROSSBOARD_MAX_IN_FLIGHT": "1000000",
    "CROSSBOARD_BYTES_PER_SECOND": UNLIMITED,
    "CROSSBOARD_BYTES_BURST": UNLIMITED,
    "CROSSBOARD_MAX_QUEUE_BYTES": str(256 * 1024 * 1024),
}


@dataclass
class BoardRef:
    id: str
    token: str


@dataclass
class Target:
    """A server under test. Subclasses start processes; `pids` names the server's."""

    workdir: Path
    lift_connection_limits: bool = False
    name: str = "?"
    dialect: str = "msgpack"
    ports: list[int] = field(default_factory=list)

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def new_board(self) -> BoardRef:
        raise NotImplementedError

    def pids(self) -> dict[str, int]:
        """Role -> pid of every server process (hubs, redis-server)."""
        raise NotImplementedError

    def conn_pids(self) -> list[int]:
        """The processes that hold client connections (for RSS per connection)."""
        return [pid for role, pid in self.pids().items() if role != "redis"]

    def ws_url(self, board: str, client: int, path: str) -> str:
        port = self.ports[client % len(self.ports)]
        return f"ws://127.0.0.1:{port}{path}"

    def describe(self) -> str:
        return self.name

    def log_tails(self, lines: int = 15) -> dict[str, list[str]]:
        """The last lines of every server log in the workdir (for a failed run's report)."""
        tails = {}
        for path in sorted(self.workdir.rglob("*.log")):
            text = path.read_text(errors="replace").splitlines()
            if text:
                tails[path.name] = text[-lines:]
        return tails


def _wait_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on {port} exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"server on {port} did not listen within {timeout} s")


def _stop(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@dataclass
class Crossboard(Target):
    """One hub (embedded engine), or `hubs` hubs on a shared redis-server (Redis engine)."""

    redis: bool = False
    hubs: int = 1
    env: dict[str, str] = field(default_factory=dict)
    _hubs: list[HubProcess] = field(default_factory=list)
    _redis: RedisServer | None = None

    def __post_init__(self) -> None:
        self.name = f"crossboard-redis x{self.hubs}" if self.redis else "crossboard"

    def start(self) -> None:
        env = {**PER_ADDRESS_LIFTED, **self.env}
        if self.lift_connection_limits:
            env.update(PER_CONNECTION_LIFTED)
        extra: list[str] = []
        if self.redis:
            self._redis = RedisServer(self.workdir / "redis").start()
            extra = ["--redis-url", self._redis.url, "--secret", secrets.token_hex(16)]
        for i in range(self.hubs):
            data = self.workdir / f"hub{i}"
            data.mkdir(parents=True, exist_ok=True)
            hub = HubProcess(data, extra=list(extra), env=dict(env))
            self._hubs.append(hub)
            hub.start()
        self.ports = [hub.port for hub in self._hubs]

    def stop(self) -> None:
        for hub in self._hubs:
            with contextlib.suppress(Exception):
                hub.stop()
        if self._redis is not None:
            self._redis.stop()

    def new_board(self) -> BoardRef:
        made = self._hubs[0].new_board(title="bench")
        return BoardRef(made["id"], made["tokens"]["participant"])

    def pids(self) -> dict[str, int]:
        out = {f"hub{i}": h.proc.pid for i, h in enumerate(self._hubs) if h.proc is not None}
        if self._redis is not None and self._redis.proc is not None:
            out["redis"] = self._redis.proc.pid
        return out


@dataclass
class Bare(Target):
    """Baseline (a): bare `websockets` server, same msgpack protocol, nothing else."""

    fault: str | None = None
    coalesce: bool = False
    _proc: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        self.name = f"bare websockets (fault: {self.fault})" if self.fault else "bare websockets"
        if self.coalesce:
            self.name = "bare coalescing"

    def start(self) -> None:
        port = free_port()
        self.workdir.mkdir(parents=True, exist_ok=True)
        with (self.workdir / "bare.log").open("ab") as log:
            script = ROOT / "bench" / "servers" / "bare_ws.py"
            fault = ["--fault", self.fault] if self.fault else []
            fault += ["--coalesce"] if self.coalesce else []
            self._proc = subprocess.Popen(
                [sys.executable, str(script), "--port", str(port), *fault],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        _wait_port(port, self._proc)
        self.ports = [port]

    def stop(self) -> None:
        _stop(self._proc)

    def new_board(self) -> BoardRef:
        return BoardRef(secrets.token_hex(6), "-")

    def pids(self) -> dict[str, int]:
        return {"server": self._proc.pid} if self._proc is not None else {}


@dataclass
class SocketIO(Target):
    """Baseline (b): python-socketio + AsyncRedisManager on redis-server, under uvicorn."""

    _proc: subprocess.Popen[bytes] | None = None
    _redis: RedisServer | None = None

    def __post_init__(self) -> None:
        self.name = "socketio+redis"
        self.dialect = "socketio"

    def start(self) -> None:
        self._redis = RedisServer(self.workdir / "redis").start()
        port = free_port()
        with (self.workdir / "sio.log").open("ab") as log:
            self._proc = subprocess.Popen(
                [
                    sys.executable,
                    str(ROOT / "bench" / "servers" / "sio_server.py"),
                    "--port",
                    str(port),
                    "--redis-url",
                    self._redis.url,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ},
            )
        _wait_port(port, self._proc)
        self.ports = [port]

    def stop(self) -> None:
        _stop(self._proc)
        if self._redis is not None:
            self._redis.stop()

    def new_board(self) -> BoardRef:
        return BoardRef(secrets.token_hex(6), "-")

    def pids(self) -> dict[str, int]:
        out = {"server": self._proc.pid} if self._proc is not None else {}
        if self._redis is not None and self._redis.proc is not None:
            out["redis"] = self._redis.proc.pid
        return out


TARGETS = ("crossboard", "bare", "bare-coalesce", "socketio", "crossboard-redis")


def make_target(kind: str, workdir: Path, *, lift_connection_limits: bool = False) -> Target:
    """A not-yet-started target by its command-line name."""
    workdir = workdir / kind
    workdir.mkdir(parents=True, exist_ok=True)
    if kind == "crossboard":
        return Crossboard(workdir, lift_connection_limits)
    if kind == "crossboard-redis":
        return Crossboard(workdir, lift_connection_limits, redis=True, hubs=2)
    if kind in ("crossboard-redis1", "crossboard-redis3"):  # the `hubs` scenario
        return Crossboard(workdir, lift_connection_limits, redis=True, hubs=int(kind[-1]))
    if kind == "bare":
        return Bare(workdir, lift_connection_limits)
    if kind == "bare-coalesce":
        return Bare(workdir, lift_connection_limits, coalesce=True)
    if kind.startswith("bare-fault-"):  # the harness's self-test
        return Bare(workdir, lift_connection_limits, fault=kind.removeprefix("bare-fault-"))
    if kind == "socketio":
        return SocketIO(workdir, lift_connection_limits)
    raise ValueError(f"unknown target {kind!r}; one of {', '.join(TARGETS)}")
