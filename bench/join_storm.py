"""A room joining at once: N people open one board's participant link together; how long
until every one of them has its welcome, the hub's CPU seconds for it, and the hub's memory
per connection once they sit idle. The people are spread over `--generators` client
processes (one Python process saturates before the hub does); each reports its CPU time,
so a generator-bound run shows itself. Issue 20's join-storm goal is 1,000 people within 5 s.

The same storm runs against this checkout's hub and, with `--baseline REV`, against the hub
of another revision (a git worktree, same Python, same machine, same invocation), so the
result is a ratio as well as a figure. Every client keeps reading its socket, as a browser
does, so nobody is closed as a slow reader.

    .venv/bin/python bench/join_storm.py --people 1000 --baseline HEAD~1
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import msgpack
import psutil
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.profile import Profiler

ROOT = Path(__file__).resolve().parents[1]
LIMITS = {  # one address plays the whole room: lift the per-address limits for it
    "CROSSBOARD_IDENTITIES_PER_MINUTE": "100000",
    "CROSSBOARD_MAX_CONNECTIONS_PER_IP": "100000",
    "CROSSBOARD_MAX_CONNECTIONS_PER_BOARD": "100000",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Hub:
    def __init__(self, server_dir: Path, data: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **LIMITS, "PYTHONPATH": str(server_dir)}
        cmd = [sys.executable, "-m", "crossboard", "serve", "--host", "127.0.0.1",
               "--port", str(self.port), "--data-dir", str(data), "--open-board-creation",
               "--quiet-links", "--log-level", "warning"]  # fmt: skip
        self.proc = subprocess.Popen(cmd, env=env, cwd=data.parent)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{self.url}/healthz", timeout=1).read()
                return
            time.sleep(0.1)
        raise RuntimeError("the hub did not start")

    def new_board(self) -> tuple[str, str]:
        body = json.dumps({"title": "Join storm"}).encode()
        req = urllib.request.Request(
            f"{self.url}/api/boards", body, {"content-type": "application/json"}, method="POST"
        )
        made = json.loads(urllib.request.urlopen(req, timeout=10).read())
        return made["id"], made["links"]["participant"].split("#t=")[1]

    def cpu(self) -> float:
        t = psutil.Process(self.proc.pid).cpu_times()
        return float(t.user + t.system)

    def rss(self) -> int:
        return int(psutil.Process(self.proc.pid).memory_info().rss)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


async def person(url: str, board: str, token: str, i: int, gate: asyncio.Semaphore,
                 joined: list[int], all_in: asyncio.Event, total: int,
                 stop: asyncio.Event) -> None:  # fmt: skip
    """Open the link and say hello (at most `gate` at once, as phones on one Wi-Fi), wait
    for the welcome, then keep reading as a browser does."""
    async with gate:
        ws = await websockets.connect(url, max_size=None, compression=None, open_timeout=120)
        hello = {"type": "hello", "protocol": 1, "board": board, "token": token,
                 "name": f"P{i}", "department": None, "resume": None}  # fmt: skip
        await ws.send(msgpack.packb(hello))
        while msgpack.unpackb(await ws.recv()).get("type") != "welcome":
            pass
    joined.append(i)
    if len(joined) == total:
        all_in.set()
    try:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(ws.recv(), 0.5)
    finally:
        await ws.close()


async def crowd(url: str, board: str, token: str, people: range, at_once: int,
                conn: Connection) -> None:  # fmt: skip
    """One generator process's share of the room: join them all, say how many made it,
    keep reading until told to stop."""
    stop, all_in = asyncio.Event(), asyncio.Event()
    joined: list[int] = []
    gate = asyncio.Semaphore(at_once)
    n = len(people)
    tasks = [
        asyncio.create_task(person(url, board, token, i, gate, joined, all_in, n, stop))
        for i in people
    ]
    waiting = asyncio.create_task(all_in.wait())
    await asyncio.wait([waiting, asyncio.gather(*tasks, return_exceptions=True)],
                       return_when=asyncio.FIRST_COMPLETED)  # fmt: skip
    conn.send(("welcomed", len(joined), time.monotonic()))
    await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # "stop"
    stop.set()
    waiting.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    conn.send(("cpu", time.process_time()))


def generator(*args: Any) -> None:
    asyncio.run(crowd(*args))


def storm(
    hub: Hub, people: int, at_once: int, generators: int, profile: Path | None = None
) -> dict[str, Any]:
    board, token = hub.new_board()
    url = f"ws://127.0.0.1:{hub.port}/ws/{board}"
    profiler = Profiler(profile, "join", {"hub": hub.proc.pid}, 20) if profile else None
    if profiler is not None:
        profiler.start()
    rss0, cpu0 = hub.rss(), hub.cpu()
    started = time.monotonic()
    pipes, procs = [], []
    for g in range(generators):
        ours, theirs = multiprocessing.Pipe()
        share = range(g, people, generators)
        proc = multiprocessing.Process(
            target=generator, args=(url, board, token, share, max(1, at_once // generators), theirs)
        )
        proc.start()
        pipes.append(ours)
        procs.append(proc)
    reports = [pipe.recv() for pipe in pipes]  # each: ("welcomed", n, when)
    wall = max(when for _, _, when in reports) - started
    cpu = hub.cpu() - cpu0
    time.sleep(2.0)  # sit idle, then weigh the connections
    rss = hub.rss() - rss0
    for pipe in pipes:
        pipe.send("stop")
    generator_cpu = [pipe.recv()[1] for pipe in pipes]
    for proc in procs:
        proc.join(30)
    if profiler is not None:
        for role, found in profiler.stop().items():
            print(f"{role} self: {found.get('self')}", file=sys.stderr)
            print(f"{role} inclusive: {found.get('inclusive')}", file=sys.stderr)
    return {
        "people": people,
        "welcomed": sum(n for _, n, _ in reports),
        "seconds_to_all_welcomed": round(wall, 2),
        "hub_cpu_seconds": round(cpu, 2),
        "generator_cpu_seconds": [round(c, 2) for c in generator_cpu],
        "kb_per_idle_connection": round(rss / people / 1024, 1),
    }


def worktree(rev: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix="crossboard-baseline-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(path), rev],
                   check=True)  # fmt: skip
    return path


def run(
    server_dir: Path, people: int, at_once: int, generators: int, profile: Path | None = None
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        hub = Hub(server_dir, Path(tmp) / "data")
        try:
            return storm(hub, people, at_once, generators, profile)
        finally:
            hub.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--at-once", type=int, default=200, help="handshakes in flight")
    parser.add_argument("--baseline", help="a git revision whose hub runs the same storm")
    parser.add_argument("--profile", type=Path, help="py-spy the hub; stacks into this dir")
    parser.add_argument(
        "--generators", type=int, default=2, help="client processes (one saturates first)"
    )
    args = parser.parse_args()
    busy = psutil.cpu_percent(interval=1.0)
    print(f"machine busy before: {busy:.0f} % of all cores", file=sys.stderr)
    g = args.generators
    results = {"this": run(ROOT / "server", args.people, args.at_once, g, args.profile)}
    if args.baseline:
        tree = worktree(args.baseline)
        try:
            results[args.baseline] = run(tree / "server", args.people, args.at_once, g)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)])
    for name, r in results.items():
        print(json.dumps({"hub": name, **r}))
    if args.baseline:
        a, b = results["this"], results[args.baseline]
        for key in ("seconds_to_all_welcomed", "hub_cpu_seconds", "kb_per_idle_connection"):
            print(f"{key}: {a[key]} vs {b[key]} ({a[key] / max(b[key], 1e-9):.2f}x)")
    return 0 if all(r["welcomed"] == r["people"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
