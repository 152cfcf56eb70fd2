"""One load run against one started target: spawn generator processes, measure, summarise.

The parent (this module) makes the boards, hands each worker process its share of clients,
starts everyone at the same instant, samples the CPU of every server and generator process
at the edges of the measured window, merges the workers' head seqs so each can check that
its clients got every op, and turns the workers' counts into one flat result dict (the JSON
line printed per run).
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections import Counter
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from . import procstat
from .dialects import DIALECTS
from .loadgen import ClientSpec, Stats, WorkerSpec, worker_main
from .profile import Profiler
from .targets import Target


@dataclass
class Load:
    """A workload. Rates are per board; `window` > 0 makes it closed-loop (saturation)."""

    clients: int
    boards: int = 1
    op_rate: float = 0.0
    """Ops per second per board, from all its clients together (open loop)."""
    window: int = 0
    """Closed loop: ops kept unanswered in total (split over the generator processes)."""
    cursor_hz: float = 0.0
    """Cursor moves per second per client."""
    warmup: float = 1.0
    duration: float = 5.0
    procs: int = 1
    flood: bool = False
    """The last client floods ops as fast as its socket takes them."""
    observers: int = 2
    """Clients per generator process that decode cursor frames (moves per participant)."""


class RunFailed(RuntimeError):
    pass


GENERATOR_BOUND_PCT = 90.0
"""A load-generator process above this share of one core is the bottleneck of its run:
the run's figures describe the generator (add `--procs`)."""


def _recv(conn: Connection, timeout: float, what: str) -> Any:
    if not conn.poll(timeout):
        raise RunFailed(f"a generator process sent no {what!r} within {timeout:.0f} s")
    return conn.recv()


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(q * len(values)))]


def run_load(
    target: Target,
    load: Load,
    *,
    scenario: str,
    label: str = "",
    profile_dir: Path | None = None,
) -> dict[str, Any]:
    """Run `load` against the started `target`; the summary as a flat dict. With
    `profile_dir`, py-spy samples the server processes during the measured window."""
    dialect = DIALECTS[target.dialect]
    boards = [target.new_board() for _ in range(load.boards)]
    clients = []
    for i in range(load.clients):
        board = boards[i % len(boards)]
        url = target.ws_url(board.id, i, dialect.path(board.id))
        clients.append(ClientSpec(idx=i, url=url, board=board.id, token=board.token))
    sizes = Counter(c.board for c in clients)
    procs = max(1, min(load.procs, load.clients - (1 if load.flood else 0)))
    flooder = load.clients - 1 if load.flood else None
    normal = load.clients - (1 if load.flood else 0)
    groups = [[c for c in clients if c.idx != flooder][k::procs] for k in range(procs)]
    if flooder is not None:
        groups.append([clients[flooder]])  # its own process: it must not slow the others'
    specs = []
    for k, mine in enumerate(groups):
        share = sum(1 for c in mine if c.idx != flooder) / max(1, normal)
        specs.append(
            WorkerSpec(
                worker=k,
                dialect=target.dialect,
                clients=mine,
                board_sizes=dict(sizes),
                op_rate=load.op_rate * load.boards * share,
                window=max(1, load.window // procs) if load.window else 0,
                cursor_hz=load.cursor_hz,
                warmup=load.warmup,
                duration=load.duration,
                observers=load.observers,
                flooder=flooder,
            )
        )

    server_pids = target.pids()
    conn_pids = target.conn_pids()
    rss_before = sum(procstat.rss(p) for p in conn_pids)
    ctx = mp.get_context("spawn")
    workers: list[tuple[BaseProcess, Connection]] = []
    started = time.time()
    profiled: dict[str, Any] | None = None
    try:
        for spec in specs:
            parent, child = ctx.Pipe()
            worker = ctx.Process(target=worker_main, args=(spec, child), daemon=True)
            worker.start()
            workers.append((worker, parent))
        join_budget = 30.0 + load.clients * 0.05
        joined = failed = 0
        for _, conn in workers:
            _, ok, bad = _recv(conn, join_budget, "joined")
            joined, failed = joined + ok, failed + bad
        join_seconds = time.time() - started
        time.sleep(0.5)  # let the last presence frames settle before sampling memory
        rss_after = sum(procstat.rss(p) for p in conn_pids)

        pids = {**server_pids, **{f"gen{k}": proc.pid for k, (proc, _) in enumerate(workers)}}
        assert all(p is not None for p in pids.values())
        start_at = time.time() + 0.3
        for _, conn in workers:
            conn.send(("go", start_at))
        window_start = start_at + load.warmup
        time.sleep(max(0.0, window_start - time.time()))
        s0 = procstat.sample(pids, time.time())  # type: ignore[arg-type]
        profiler = None
        if profile_dir is not None:
            name = f"{scenario}-{label}-{target.name}".replace(" ", "_").replace("/", "_")
            hubs = {k: v for k, v in server_pids.items() if k != "redis"}
            profiler = Profiler(profile_dir, name, hubs, load.duration)
            profiler.start()
        time.sleep(max(0.0, window_start + load.duration - time.time()))
        s1 = procstat.sample(pids, time.time())  # type: ignore[arg-type]
        profiled = profiler.stop() if profiler is not None else None
        rss_loaded = sum(procstat.rss(p) for p in conn_pids)

        heads: dict[str, int] = {}
        for _, conn in workers:
            _, theirs = _recv(conn, 60.0, "sent")
            for board, head in theirs.items():
                heads[board] = max(heads.get(board, 0), head)
        for _, conn in workers:
            conn.send(("heads", heads))
        results: list[Stats] = [_recv(conn, 60.0, "result")[1] for _, conn in workers]
    finally:
        for proc, conn in workers:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)
            conn.close()

    summary = _summarise(
        target, load, scenario, label, results, s0, s1, server_pids, rss_before, rss_after,
        rss_loaded, joined, failed, join_seconds,
    )  # fmt: skip
    if profiled is not None:
        summary["profile"] = profiled
    return summary


def _summarise(
    target: Target,
    load: Load,
    scenario: str,
    label: str,
    results: list[Stats],
    s0: procstat.Sample,
    s1: procstat.Sample,
    server_pids: dict[str, int],
    rss_before: int,
    rss_after: int,
    rss_loaded: int,
    joined: int,
    failed: int,
    join_seconds: float,
) -> dict[str, Any]:
    latencies = sorted(x for r in results for x in r.latencies)
    deliveries = sum(r.deliveries for r in results)
    cpu = procstat.cpu_percent(s0, s1)
    server_cpu = sum(v for k, v in cpu.items() if k in server_pids)
    gen_cpu = sum(v for k, v in cpu.items() if k.startswith("gen"))
    machine = procstat.machine_percent(s0, s1)
    cores = procstat.cores()
    wall = s1.wall - s0.wall
    rejected: Counter[str] = Counter()
    closes: Counter[int] = Counter()
    for r in results:
        rejected.update(r.rejected)
        closes.update(r.closes)
    cursor_frames = sorted(x / load.duration for r in results for x in r.cursor_frames)
    observer = [x for r in results for x in r.observer_hz]
    flood = next((r.flood for r in results if r.flood), {})
    lost = sum(r.lost for r in results)
    dups = sum(r.duplicates for r in results)
    ooo = sum(r.out_of_order for r in results)
    unanswered = sum(r.unanswered for r in results)
    others_closed = sum(closes.values())  # the flooder's closes are not counted here
    integrity_ok = lost == dups == ooo == unanswered == 0 and failed == 0 and others_closed == 0
    return {
        "scenario": scenario,
        "label": label,
        "target": target.name,
        "load": asdict(load),
        "joined": joined,
        "join_failed": failed,
        "join_errors": [e for r in results for e in r.join_errors][:3],
        "join_s": round(join_seconds, 1),
        "latency_ms": {
            "n": len(latencies),
            "dropped": sum(r.latency_samples_dropped for r in results),
            "p50": round(_pct(latencies, 0.50), 1),
            "p99": round(_pct(latencies, 0.99), 1),
            "max": round(latencies[-1], 1) if latencies else float("nan"),
        },
        "deliveries_per_s": round(deliveries / wall) if wall > 0 else 0,
        "ops_sent": sum(r.sent for r in results),
        "ops_acked": sum(r.acked for r in results),
        "rejected": dict(rejected),
        "noop_rejected": sum(r.noop_rejected for r in results),
        "lost": lost,
        "lost_gaps": sum(r.lost_gaps for r in results),
        "lost_clients": sum(r.lost_clients for r in results),
        "duplicates": dups,
        "out_of_order": ooo,
        "unanswered": unanswered,
        "closes": {str(k): v for k, v in closes.items()},
        "drain_s": round(max(r.drain_s for r in results), 1),
        "drain_timed_out": any(r.drain_timed_out for r in results),
        "integrity_ok": integrity_ok,
        "cursor_sent_per_s": round(
            sum(r.cursor_sent for r in results) / (load.warmup + load.duration)
        ),
        "cursor_frames_hz": {
            "min": round(cursor_frames[0], 1) if cursor_frames else None,
            "p50": round(_pct(cursor_frames, 0.5), 1) if cursor_frames else None,
        },
        "cursor_moves_per_participant_hz": round(min(observer), 1) if observer else None,
        "server_cpu_pct": round(server_cpu, 1),
        "server_cpu_by_process": {k: round(v, 1) for k, v in cpu.items() if k in server_pids},
        "server_us_per_delivery": round(server_cpu / 100 * wall / deliveries * 1e6, 2)
        if deliveries
        else None,
        "generator_cpu_pct": round(gen_cpu, 1),
        "generator_cpu_by_process": {k: round(v, 1) for k, v in cpu.items() if k.startswith("gen")},
        "generator_share_of_machine_pct": round(gen_cpu / cores, 1),
        # A generator process near a whole core measures itself, not the server: say so.
        "generator_bound": any(
            v >= GENERATOR_BOUND_PCT for k, v in cpu.items() if k.startswith("gen")
        ),
        "machine_cpu_pct": round(machine, 1),
        "other_load_cpu_pct": round(max(0.0, machine * cores - server_cpu - gen_cpu), 1),
        "rss_per_conn_kb": round((rss_after - rss_before) / joined / 1024, 1) if joined else None,
        "server_rss_mb": round(rss_loaded / 2**20, 1),
        "flood": flood,
    }
