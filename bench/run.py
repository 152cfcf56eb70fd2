"""crossboard load bench: crossboard and its baselines, same workload, one invocation.

    .venv/bin/python bench/run.py --quick                  # acceptance, ≤ 2 minutes
    .venv/bin/python bench/run.py --selftest               # the checker catches injected faults
    .venv/bin/python bench/run.py --scenario capacity      # or saturation, latency, memory,
    .venv/bin/python bench/run.py --scenario goals         #    redis, flood, custom; goals = all
    .venv/bin/python bench/run.py --scenario custom --clients 300 --op-rate 30 --cursor-hz 20
    .venv/bin/python bench/run.py --scenario flood --profile /tmp/prof    # py-spy the hub
    .venv/bin/python bench/run.py --plot-from runs.jsonl --plot docs/latency-vs-room.png

Targets 127.0.0.1 only; every server is a fresh subprocess per run, killed at the end.
Prints one JSON line per run (and per summary) on stdout, a human table on stderr.
Exits 1 if any crossboard run lost, duplicated or reordered a delivery, left an op
unanswered, failed to join or had a client closed on it, or if the self-test's injected
faults went unnoticed (see docs/benchmarks.md). A run during which other processes used
more than 20 % of a core is marked DISTURBED (its figures describe the machine, not the
hub); `--quick` then exits 1 too. The headline of every run is the hub's CPU per
delivery (µs, from /proc for the hub's processes), beside deliveries/s.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from bench.scenarios import GOALS, SCENARIOS, Options  # noqa: E402

DISTURBED_PCT = Options.disturbed_pct
from bench.targets import TARGETS  # noqa: E402


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--quick", action="store_true", help="the ≤ 2 minute acceptance run")
    p.add_argument("--selftest", action="store_true", help="check the checker (fault injection)")
    p.add_argument("--scenario", choices=[*SCENARIOS, "goals"], default=None)
    p.add_argument("--targets", help=f"comma-separated subset of {', '.join(TARGETS)}")
    p.add_argument("--clients", type=int, help="clients per run (override)")
    p.add_argument("--boards", type=int, help="boards the clients spread over (override)")
    p.add_argument("--duration", type=float, help="measured seconds per run (override)")
    p.add_argument("--op-rate", type=float, help="ops/s per board, open loop (override)")
    p.add_argument("--cursor-hz", type=float, help="cursor moves/s per client (override)")
    p.add_argument("--window", type=int, help="closed loop: ops kept unanswered (override)")
    p.add_argument("--procs", type=int, help="load-generator processes (default 1)")
    p.add_argument("--sizes", help="capacity: comma-separated room sizes to try")
    p.add_argument(
        "--quiet-wait",
        type=float,
        default=30.0,
        help="max seconds to wait before each run for the shared machine to go idle",
    )
    p.add_argument(
        "--attempts",
        type=int,
        default=3,
        help="repeat a run disturbed by other work on the machine, up to this many attempts",
    )
    p.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="py-spy the crossboard hub(s) during each run; stacks and top functions to DIR",
    )
    p.add_argument("--out", type=Path, help="also append the JSON lines to this file")
    p.add_argument("--plot", type=Path, help="capacity: write the latency-vs-room-size PNG")
    p.add_argument(
        "--plot-from",
        type=Path,
        metavar="JSONL",
        help="only redraw --plot from the capacity runs saved earlier with --out",
    )
    args = p.parse_args(argv)
    if args.plot_from:
        if not args.plot:
            p.error("--plot-from needs --plot")
        return args
    if args.quick:
        args.scenario = "quick"
    if args.selftest:
        args.scenario = "selftest"
    if args.scenario is None:
        p.error("give --quick or --scenario")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.plot_from:
        saved = [json.loads(line) for line in args.plot_from.read_text().splitlines() if line]
        report.plot_capacity([r for r in saved if "latency_ms" in r], args.plot, goal_ms=200.0)
        return 0
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # servers inherit it
    out = args.out.open("a") if args.out else None
    names = list(GOALS) if args.scenario == "goals" else [args.scenario]
    runs: list[dict[str, Any]] = []
    summaries: list[dict[str, Any]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="crossboard-bench-") as tmp:
            options = Options(
                workdir=Path(tmp),
                targets=args.targets.split(",") if args.targets else None,
                clients=args.clients,
                boards=args.boards,
                duration=args.duration,
                op_rate=args.op_rate,
                cursor_hz=args.cursor_hz,
                window=args.window,
                procs=args.procs,
                sizes=[int(x) for x in args.sizes.split(",")] if args.sizes else None,
                quiet_wait=args.quiet_wait,
                attempts=args.attempts,
                profile_dir=args.profile,
                emit=lambda r: report.emit(r, out),
            )
            for name in names:
                got, summary = SCENARIOS[name](options)
                runs += got
                summaries += summary
        ratios = report.ratios([r for r in runs if "error" not in r])
        for line in [*summaries, *ratios]:
            report.emit(line, out)
    finally:
        if out is not None:
            out.close()

    print(file=sys.stderr)
    report.table([r for r in runs if "error" not in r])
    for r in runs:
        if "error" in r:
            print(
                f"ERROR {r['scenario']} {r['label']} {r['target']}: {r['error']}", file=sys.stderr
            )
    print(file=sys.stderr)
    report.ratio_table(ratios)
    for s in summaries:
        print(json.dumps(s), file=sys.stderr)
    for r in runs:
        for role, prof in (r.get("profile") or {}).items():
            print(f"\nprofile {r['scenario']} {r['label']} {r['target']} {role}:", file=sys.stderr)
            for name, share in prof.get("self", [])[:12]:
                print(f"  {share:5.1f}% self  {name}", file=sys.stderr)
    if args.plot:
        report.plot_capacity(runs, args.plot, goal_ms=200.0)

    bad = [r for r in runs if r["target"].startswith("crossboard") and not r["integrity_ok"]]
    for r in bad:
        print(f"FAIL: crossboard integrity in {r['scenario']} {r['label']}", file=sys.stderr)
    missed = [s for s in summaries if s.get("scenario") == "selftest" and not s["caught"]]
    for s in missed:
        print(f"FAIL: the harness did not catch an injected {s['fault']}", file=sys.stderr)
    for r in runs:
        if r.get("generator_bound"):
            print(
                f"GENERATOR-BOUND: {r['scenario']} {r['label']} {r['target']}: a load generator "
                f"process used ≥ 90 % of a core ({r['generator_cpu_by_process']}); the server "
                "may have more to give (try --procs 2)",
                file=sys.stderr,
            )
    disturbed = [r for r in runs if r.get("disturbed")]
    for r in disturbed:
        print(
            f"DISTURBED: {r['scenario']} {r['label']} {r['target']}: other processes used "
            f"{r['other_load_cpu_pct']:.0f} % of a core during the window (over "
            f"{DISTURBED_PCT:g} %); its figures and ratios do not describe the hub",
            file=sys.stderr,
        )
    if disturbed and args.scenario == "quick":
        print("FAIL: the quick run was disturbed; run it again on a quiet machine", file=sys.stderr)
    return 1 if bad or missed or (disturbed and args.scenario == "quick") else 0


if __name__ == "__main__":
    sys.exit(main())
