"""The named workloads (the issue's goals) and how each is judged.

Every run starts fresh server processes (clean memory figures, no state carried over) and
stops them afterwards, even on error. A scenario returns its run results plus summary lines
(goal met or not, ratios); `run.py` prints them.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import procstat
from .runner import Load, run_load
from .targets import make_target

GOAL_P99_MS = 200.0
GOAL_LATENCY_P99_MS = 50.0
"""The latency scenario's goal (1,000 clients at 50 ops/s), stricter than a full room's."""
GOAL_CURSOR_HZ = 10.0


@dataclass
class Options:
    """Command-line overrides shared by every scenario."""

    workdir: Path
    targets: list[str] | None = None
    clients: int | None = None
    boards: int | None = None
    duration: float | None = None
    op_rate: float | None = None
    cursor_hz: float | None = None
    window: int | None = None
    procs: int | None = None
    sizes: list[int] | None = None
    profile_dir: Path | None = None
    """py-spy the crossboard hubs during each crossboard run's window (see bench/profile.py)."""
    quiet_wait: float = 30.0
    """Longest wait before each run for the shared machine to go quiet (0: do not wait)."""
    attempts: int = 3
    """Runs disturbed by other work on the machine are repeated, up to this many in all."""
    disturbed_pct: float = 20.0
    """Other processes' CPU (% of one core) during the window above which a run is
    "disturbed": repeated, and if every attempt was, marked so (`--quick` then fails)."""
    emit: Callable[[dict[str, Any]], None] = print


def _apply(options: Options, load: Load) -> Load:
    """The scenario's load with the command line's overrides."""
    changes: dict[str, Any] = {}
    for name in ("clients", "boards", "duration", "op_rate", "cursor_hz", "window", "procs"):
        value = getattr(options, name)
        if value is not None:
            changes[name] = value
    return replace(load, **changes)


def one_run(
    options: Options,
    kind: str,
    load: Load,
    scenario: str,
    label: str,
    *,
    lift: bool = False,
    judge: Callable[[dict[str, Any]], bool] | None = None,
) -> dict[str, Any]:
    """Run `load` on a fresh `kind`, emit and return the result. The machine is shared: an
    attempt during which other processes used more than `options.disturbed_pct` of a core
    is repeated (up to `options.attempts` in all) and the least disturbed one is kept; the
    result lists the other-load figures of the attempts it replaced."""
    attempts: list[dict[str, Any]] = []
    for _ in range(max(1, options.attempts)):
        result = _attempt(options, kind, load, scenario, label, lift=lift)
        attempts.append(result)
        if "error" in result or result["other_load_cpu_pct"] <= options.disturbed_pct:
            break
    best = min(attempts, key=lambda r: r.get("other_load_cpu_pct", float("inf")))
    best["discarded_attempts_other_load_pct"] = [
        r.get("other_load_cpu_pct") for r in attempts if r is not best
    ]
    best["disturbed"] = best.get("other_load_cpu_pct", 0.0) > options.disturbed_pct
    if judge is not None:
        best["goal_met"] = judge(best)
    options.emit(best)
    return best


def _attempt(
    options: Options, kind: str, load: Load, scenario: str, label: str, *, lift: bool
) -> dict[str, Any]:
    """Start `kind`, run `load`, stop it; a failed run becomes a result with an `error`."""
    workdir = options.workdir / f"{scenario}-{label}-{kind}-{time.monotonic_ns()}"
    target = make_target(kind, workdir, lift_connection_limits=lift)
    busy_before = wait_for_quiet(patience=options.quiet_wait)
    try:
        target.start()
        profile = options.profile_dir if kind.startswith("crossboard") else None
        result = run_load(target, load, scenario=scenario, label=label, profile_dir=profile)
        result["machine_busy_before_pct"] = busy_before
        if not result["integrity_ok"]:
            result["server_logs"] = target.log_tails()
    except Exception as exc:
        result = {
            "scenario": scenario,
            "label": label,
            "target": target.name,
            "load": vars(load),
            "error": f"{type(exc).__name__}: {exc}",
            "trace": traceback.format_exc(limit=3),
            "integrity_ok": False,
            "server_logs": target.log_tails(),
        }
    finally:
        target.stop()
    return result


def wait_for_quiet(limit_pct: float = 25.0, patience: float = 30.0) -> float:
    """The machine is shared: wait (bounded) until other work leaves it mostly idle, so
    runs start on a quiet box when possible. Returns the busy % seen last (over 1 s)."""
    deadline = time.monotonic() + patience
    while True:
        a = procstat.machine_busy()
        time.sleep(1.0)
        b = procstat.machine_busy()
        busy = 100.0 * (b[0] - a[0]) / max(b[1] - a[1], 1e-9)
        if busy <= limit_pct or time.monotonic() > deadline:
            return round(busy, 1)


def _targets(options: Options, default: list[str]) -> list[str]:
    return options.targets or default


# The scenarios. Each returns (runs, summaries).

Outcome = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def quick(options: Options) -> Outcome:
    """Acceptance run (≤ 2 min): every target on a small mixed room and a small saturation
    run. Fails (in run.py) if crossboard loses, duplicates or reorders a delivery."""
    runs = []
    options = replace(options, quiet_wait=min(options.quiet_wait, 2.0), attempts=1)  # ≤ 2 min
    mixed = _apply(options, Load(clients=100, op_rate=10, cursor_hz=20, warmup=1, duration=4))
    sat = _apply(options, Load(clients=300, window=8, warmup=1, duration=4))
    for kind in _targets(options, ["crossboard", "bare-coalesce", "bare", "socketio"]):
        runs.append(one_run(options, kind, mixed, "quick", "mixed"))
        runs.append(one_run(options, kind, sat, "quick", "saturation", lift=True))
    return runs, []


def capacity_met(r: dict[str, Any]) -> bool:
    """The room-capacity goal for one run: p99 ≤ 200 ms, cursors ≥ 10 Hz, nothing lost."""
    if "error" in r or not r["integrity_ok"] or r["rejected"]:
        return False
    cursor = r["cursor_moves_per_participant_hz"] or 0.0
    frames = r["cursor_frames_hz"]["min"] or 0.0
    return bool(
        r["latency_ms"]["p99"] <= GOAL_P99_MS and cursor >= GOAL_CURSOR_HZ and frames >= 10.0
    )


def capacity(options: Options) -> Outcome:
    """Largest one-board room that meets the goal: every client moves its cursor at 20 Hz,
    the room makes 1 op/s per 10 clients. Grows N until it fails, then bisects once."""
    runs: list[dict[str, Any]] = []
    summaries = []
    sizes = options.sizes or [50, 100, 200, 300, 400, 600, 800, 1000]
    for kind in _targets(options, ["crossboard"]):
        best, failed_at = 0, 0

        def attempt(n: int, kind: str = kind) -> bool:
            base = Load(clients=n, op_rate=n / 10, cursor_hz=20, warmup=2, duration=8)
            load = _apply(options, replace(base, clients=n, op_rate=n / 10))
            r = one_run(options, kind, load, "capacity", f"N={n}", judge=capacity_met)
            runs.append(r)
            return bool(r["goal_met"])

        for n in sizes:
            if attempt(n):
                best = n
            else:
                failed_at = n
                break
        if failed_at and best and failed_at - best > 50:
            mid = (best + failed_at) // 2 // 25 * 25
            if mid > best and attempt(mid):
                best = mid
        summaries.append(
            {
                "scenario": "capacity",
                "target": kind,
                "goal": "one board, cursors 20 Hz each, 1 op/s per 10 clients: "
                "p99 <= 200 ms, cursors >= 10 Hz, zero loss",
                "largest_n_meeting_goal": best,
                "first_n_failing": failed_at or None,
            }
        )
    return runs, summaries


def saturation(options: Options) -> Outcome:
    """1,000 clients on one board, ops only, closed loop (a fixed number of ops unanswered),
    at a window of 8 (a round trip through a busy hub) and 64 (throughput): the most
    deliveries per second each server sustains and the hub CPU each delivery costs."""
    runs = []
    for window in [options.window] if options.window else [8, 64]:
        load = _apply(options, Load(clients=1000, window=window, warmup=2, duration=8))
        runs += [
            one_run(options, kind, load, "saturation", f"{load.clients}c w{window}", lift=True)
            for kind in _targets(options, ["crossboard", "bare-coalesce", "bare", "socketio"])
        ]
    return runs, []


def latency(options: Options) -> Outcome:
    """1,000 clients, 50 ops/s on one board (below saturation): op -> all p99."""
    load = _apply(options, Load(clients=1000, op_rate=50, warmup=2, duration=10))
    runs = [
        one_run(options, kind, load, "latency", f"{load.clients}c-{load.op_rate:g}ops")
        for kind in _targets(options, ["crossboard", "bare-coalesce", "bare", "socketio"])
    ]
    summaries = [
        {
            "scenario": "latency",
            "target": r["target"],
            "goal": "1,000 clients, 50 ops/s on one board: op->all p99 <= "
            f"{GOAL_LATENCY_P99_MS:g} ms",
            "p99_ms": r.get("latency_ms", {}).get("p99"),
            "goal_met": "error" not in r
            and r["integrity_ok"]
            and r["latency_ms"]["p99"] <= GOAL_LATENCY_P99_MS,
        }
        for r in runs
    ]
    return runs, summaries


def memory(options: Options) -> Outcome:
    """2,000 idle connections (20 boards of 100, to keep the O(N²) presence fan-out of the
    joins short): server RSS delta / N."""
    load = _apply(options, Load(clients=2000, boards=20, warmup=0.5, duration=2, observers=0))
    runs = [
        one_run(options, kind, load, "memory", f"{load.clients}idle")
        for kind in _targets(options, ["crossboard", "bare", "socketio"])
    ]
    return runs, []


def redis(options: Options) -> Outcome:
    """The Redis engine vs the embedded engine with the same number of hub processes (one
    each, so the comparison isolates the engine), same load as `latency`."""
    load = _apply(options, Load(clients=1000, op_rate=50, warmup=2, duration=10))
    runs = [
        one_run(options, kind, load, "redis", f"{load.clients}c-{load.op_rate:g}ops")
        for kind in _targets(options, ["crossboard", "crossboard-redis1"])
    ]
    by = {r["target"]: r for r in runs if "error" not in r}
    summaries = []
    mem = by.get("crossboard")
    red = next((r for name, r in by.items() if name.startswith("crossboard-redis")), None)
    if mem and red:
        summaries.append(
            {
                "scenario": "redis",
                "hubs_each_side": 1,
                "p99_ms_embedded": mem["latency_ms"]["p99"],
                "p99_ms_redis": red["latency_ms"]["p99"],
                "ratio_redis_over_embedded": round(
                    red["latency_ms"]["p99"] / max(mem["latency_ms"]["p99"], 1e-9), 2
                ),
                "us_per_delivery_embedded": mem["server_us_per_delivery"],
                "us_per_delivery_redis": red["server_us_per_delivery"],
            }
        )
    return runs, summaries


def hubs(options: Options) -> Outcome:
    """Scale-out: one board's deliveries/s and op->everyone p99 with 1, 2 and 3 hubs on one
    Redis, then many boards over 2 hubs, each beside the embedded engine in the same run."""
    one = _apply(options, Load(clients=300, boards=1, op_rate=30, warmup=2, duration=8))
    many = _apply(options, Load(clients=1000, boards=200, op_rate=0.5, warmup=2, duration=8))
    runs = [
        one_run(options, kind, one, "hubs", f"1 board {one.clients}c")
        for kind in ["crossboard", "crossboard-redis1", "crossboard-redis", "crossboard-redis3"]
    ]
    runs += [
        one_run(options, kind, many, "hubs", f"{many.boards} boards {many.clients}c")
        for kind in ["crossboard", "crossboard-redis"]
    ]
    summaries = []
    base = {r["label"]: r for r in runs if "error" not in r and r["target"] == "crossboard"}
    for r in runs:
        ref = base.get(r["label"])
        if "error" in r or ref is None or r is ref:
            continue
        summaries.append(
            {
                "scenario": "hubs",
                "label": r["label"],
                "target": r["target"],
                "deliveries_per_s": r["deliveries_per_s"],
                "p99_ms": r["latency_ms"]["p99"],
                "p99_over_embedded": round(
                    r["latency_ms"]["p99"] / max(ref["latency_ms"]["p99"], 1e-9), 2
                ),
            }
        )
    return runs, summaries


def flood(options: Options) -> Outcome:
    """One client floods ops as fast as its socket takes them while the others work at a
    normal rate (cursors 20 Hz, 0.2 op/s each); the others' p99 with and without it. The
    hub's default per-connection limits stay on: they are the protection being measured."""
    n = options.clients or 100
    base = _apply(
        options, Load(clients=n, op_rate=n * 0.2, cursor_hz=20, warmup=2, duration=8, procs=1)
    )
    summaries = []
    runs = []
    for kind in _targets(options, ["crossboard"]):
        calm = one_run(options, kind, replace(base, clients=n), "flood", "without")
        flooded = one_run(
            options, kind, replace(base, clients=n + 1, flood=True), "flood", "with flooder"
        )
        runs += [calm, flooded]
        if "error" in calm or "error" in flooded:
            continue
        summaries.append(
            {
                "scenario": "flood",
                "target": calm["target"],
                "others_p99_ms_without": calm["latency_ms"]["p99"],
                "others_p99_ms_with": flooded["latency_ms"]["p99"],
                "ratio": round(
                    flooded["latency_ms"]["p99"] / max(calm["latency_ms"]["p99"], 1e-9), 2
                ),
                "flooder": flooded["flood"],
                "rejected": flooded["rejected"],
                "server_cpu_pct_without": calm["server_cpu_pct"],
                "server_cpu_pct_with": flooded["server_cpu_pct"],
            }
        )
    return runs, summaries


def custom(options: Options) -> Outcome:
    """Whatever the command line says (defaults: 100 clients, 10 ops/s, cursors 20 Hz)."""
    load = _apply(options, Load(clients=100, op_rate=10, cursor_hz=20, warmup=1, duration=5))
    lift = bool(options.window)
    runs = [
        one_run(options, kind, load, "custom", f"{load.clients}c", lift=lift)
        for kind in _targets(options, ["crossboard"])
    ]
    return runs, []


def selftest(options: Options) -> Outcome:
    """Prove the checker works: a bare server that drops, duplicates or swaps every 50th op
    for one client must be caught (lost, duplicates, out_of_order > 0 respectively)."""
    load = Load(clients=20, op_rate=100, warmup=0.5, duration=2)
    options = replace(options, attempts=1, quiet_wait=min(options.quiet_wait, 2.0))
    runs, summaries = [], []
    for fault, field in (("drop", "lost"), ("dup", "duplicates"), ("swap", "out_of_order")):
        r = one_run(options, f"bare-fault-{fault}", load, "selftest", fault)
        runs.append(r)
        caught = "error" not in r and r[field] > 0 and not r["integrity_ok"]
        summaries.append({"scenario": "selftest", "fault": fault, "field": field, "caught": caught})
    return runs, summaries


SCENARIOS: dict[str, Callable[[Options], Outcome]] = {
    "quick": quick,
    "capacity": capacity,
    "saturation": saturation,
    "latency": latency,
    "memory": memory,
    "redis": redis,
    "hubs": hubs,
    "flood": flood,
    "custom": custom,
    "selftest": selftest,
}
GOALS = ("capacity", "saturation", "latency", "memory", "redis", "flood")
