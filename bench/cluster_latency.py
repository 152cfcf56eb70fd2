"""Cross-hub op latency on a 3-master Redis Cluster with boards on every master, beside
one redis-server in the same run (a ratio: this machine is shared and noisy).

    .venv/bin/python bench/cluster_latency.py [--boards 12] [--rounds 25]

Two hubs; a writer on hub 0 and a reader on hub 1 per board; one op at a time per board,
timed from send to its arrival at the reader. Prints one JSON line per target and the
ratio. Loopback only; every process is started and stopped here.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support import Client, HubProcess, RedisCluster, RedisServer, note  # noqa: E402

SECRET = "bench-cluster-latency"


async def measure(url: str, work: Path, boards: int, rounds: int) -> list[float]:
    extra = ["--redis-url", url, "--secret", SECRET]
    hubs = [HubProcess(work / f"hub{i}", extra=extra).start() for i in range(2)]
    clients: list[Client] = []
    try:
        made = [hubs[0].new_board(title=f"B{i}") for i in range(boards)]
        writers = [await Client.join(hubs[0], b, name="W") for b in made]
        readers = [await Client.join(hubs[1], b, name="R") for b in made]
        clients = writers + readers
        times: list[float] = []
        for r in range(rounds):
            for w, rd, b in zip(writers, readers, made, strict=True):
                started = time.perf_counter()
                await w.send_op(note(f"{b['id']}-{r}", "x"))
                await rd.recv_until(lambda f: f["type"] == "applied", timeout=30)
                times.append((time.perf_counter() - started) * 1000)
        return times
    finally:
        for c in clients:
            await c.close()
        for h in hubs:
            h.stop()


def summary(name: str, times: list[float]) -> dict[str, object]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "target": name,
        "n": len(times),
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(p99, 2),
        "max_ms": round(max(times), 2),
    }


async def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--boards", type=int, default=12)
    p.add_argument("--rounds", type=int, default=25)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="crossboard-cluster-") as tmp:
        work = Path(tmp)
        for name in ("a", "b"):
            (work / name).mkdir()
        single = RedisServer(work / "single").start()
        try:
            one = summary(
                "redis, one server", await measure(single.url, work / "a", args.boards, args.rounds)
            )
        finally:
            single.stop()
        cluster = RedisCluster(work / "cluster").start()
        try:
            three = summary(
                "redis cluster, 3 masters",
                await measure(cluster.url, work / "b", args.boards, args.rounds),
            )
        finally:
            cluster.stop()
    for row in (one, three):
        print(json.dumps(row))
    print(
        json.dumps(
            {
                "p99_cluster_over_single": round(
                    float(three["p99_ms"]) / max(float(one["p99_ms"]), 1e-9), 2
                )
            }
        )
    )  # type: ignore[arg-type]


if __name__ == "__main__":
    asyncio.run(main())
