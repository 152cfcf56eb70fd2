"""Output of a bench invocation: one JSON line per run, a human table, ratios, the plot."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

BASELINES = ("bare coalescing", "bare websockets", "socketio+redis")

COLUMNS = [
    ("scenario", 10),
    ("label", 12),
    ("target", 19),
    ("N", 5),
    ("hub µs/deliv", 12),
    ("deliv/s", 8),
    ("p50 ms", 7),
    ("p99 ms", 7),
    ("max ms", 7),
    ("srv CPU%", 8),
    ("gen CPU%", 8),
    ("other%", 6),
    ("KB/conn", 7),
    ("cur Hz", 6),
    ("lost/dup/ooo", 12),
    ("ok", 3),
]


def emit(result: dict[str, Any], out: TextIO | None = None) -> None:
    """Print one run's JSON line (and append it to `out`)."""
    line = json.dumps(result, separators=(",", ":"), sort_keys=False)
    print(line, flush=True)
    if out is not None:
        out.write(line + "\n")
        out.flush()


def _cells(r: dict[str, Any]) -> list[str]:
    lat = r["latency_ms"]
    cursor = r.get("cursor_moves_per_participant_hz")
    return [
        r["scenario"],
        r.get("label", ""),
        r["target"],
        str(r["joined"]),
        "-" if r["server_us_per_delivery"] is None else f"{r['server_us_per_delivery']:.2f}",
        f"{r['deliveries_per_s']:,}",
        f"{lat['p50']:.1f}",
        f"{lat['p99']:.1f}",
        f"{lat['max']:.1f}",
        f"{r['server_cpu_pct']:.0f}",
        f"{r['generator_cpu_pct']:.0f}" + ("!" if r.get("generator_bound") else ""),
        f"{r['other_load_cpu_pct']:.0f}" + ("!" if r.get("disturbed") else ""),
        "-" if r["rss_per_conn_kb"] is None else f"{r['rss_per_conn_kb']:.1f}",
        "-" if not cursor else f"{cursor:.1f}",
        f"{r['lost']}/{r['duplicates']}/{r['out_of_order']}",
        "yes" if r["integrity_ok"] else "NO",
    ]


def table(results: list[dict[str, Any]], stream: TextIO = sys.stderr) -> None:
    """The human table (stderr by default, so stdout stays JSON lines)."""
    widths = [w for _, w in COLUMNS]
    print(" ".join(f"{name:>{w}}" for name, w in COLUMNS), file=stream)
    for r in results:
        print(" ".join(f"{c:>{w}}" for c, w in zip(_cells(r), widths, strict=True)), file=stream)
    stream.flush()


def ratios(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """crossboard / baseline for each (scenario, label) that has both."""
    out = []
    groups: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for r in results:
        groups.setdefault((r["scenario"], r.get("label", "")), {})[r["target"]] = r
    for (scenario, label), by_target in groups.items():
        ours = by_target.get("crossboard")
        if ours is None:
            continue
        for name in BASELINES:
            base = by_target.get(name)
            if base is None:
                continue
            out.append(
                {
                    "scenario": scenario,
                    "label": label,
                    "ratio": f"crossboard/{name}",
                    "deliveries_per_s": _div(ours["deliveries_per_s"], base["deliveries_per_s"]),
                    "p99_latency": _div(ours["latency_ms"]["p99"], base["latency_ms"]["p99"]),
                    "us_per_delivery": _div(
                        ours["server_us_per_delivery"], base["server_us_per_delivery"]
                    ),
                    "rss_per_conn": _div(ours["rss_per_conn_kb"], base["rss_per_conn_kb"]),
                }
            )
    return out


def _div(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0 or a != a or b != b:
        return None
    return round(a / b, 2)


def ratio_table(rows: list[dict[str, Any]], stream: TextIO = sys.stderr) -> None:
    if not rows:
        return
    print(
        f"{'scenario':>10} {'label':>12} {'ratio':>34} {'µs/deliv':>8} {'deliv/s':>8} "
        f"{'p99':>6} {'KB/conn':>8}",
        file=stream,
    )
    for r in rows:
        cells = [r["deliveries_per_s"], r["p99_latency"], r["us_per_delivery"], r["rss_per_conn"]]
        shown = ["-" if c is None else f"{c:.2f}" for c in cells]
        print(
            f"{r['scenario']:>10} {r['label']:>12} {r['ratio']:>34} {shown[2]:>8} {shown[0]:>8} "
            f"{shown[1]:>6} {shown[3]:>8}",
            file=stream,
        )


def plot_capacity(results: list[dict[str, Any]], path: Path, goal_ms: float) -> None:
    """Latency (p50, p99) vs room size from the capacity runs, one line pair per target."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = [r for r in results if r["scenario"] == "capacity"]
    if not runs:
        return
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for colour, target in zip(colours, sorted({r["target"] for r in runs}), strict=False):
        mine = sorted((r for r in runs if r["target"] == target), key=lambda r: r["joined"])
        xs = [r["joined"] for r in mine]
        ax.plot(xs, [r["latency_ms"]["p99"] for r in mine], "o-", c=colour, label=f"{target} p99")
        ax.plot(xs, [r["latency_ms"]["p50"] for r in mine], ".--", c=colour, label=f"{target} p50")
        failed = [r for r in mine if not r.get("goal_met", True)]
        ax.plot(
            [r["joined"] for r in failed],
            [r["latency_ms"]["p99"] for r in failed],
            "x",
            c="black",
            ms=9,
            label="goal missed" if target == sorted({r["target"] for r in runs})[0] else None,
        )
    ax.axhline(goal_ms, color="grey", lw=0.8, ls=":", label=f"goal p99 ≤ {goal_ms:.0f} ms")
    ax.set_xlabel("clients in one room (each: cursor 20 Hz; room: 1 op/s per 10 clients)")
    ax.set_ylabel("op → everyone latency (ms)")
    ax.set_yscale("log")
    ax.set_title("crossboard: latency vs room size (2-core box, generator on the same box)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
