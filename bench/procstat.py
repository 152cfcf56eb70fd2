"""CPU and memory of processes, and of the whole machine, from psutil and /proc/stat.

CPU is sampled as cumulative CPU seconds at the start and end of a run's measured window;
the difference over the wall time is the share of one core (100 % = one core busy). The
machine-wide figure shows how much of the box anything else (other jobs) used meanwhile.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import psutil


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of `pid` (threads included), 0 if it is gone."""
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return float(times.user + times.system)


def rss(pid: int) -> int:
    """Resident set size of `pid` in bytes (0 if it is gone)."""
    try:
        return int(psutil.Process(pid).memory_info().rss)
    except psutil.Error:
        return 0


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [float(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0.0)  # idle + iowait
    total = sum(fields[:8])  # guest time is already counted in user
    return total - idle, total


@dataclass
class Sample:
    wall: float
    cpu: dict[str, float]
    busy: float
    total: float


def sample(pids: dict[str, int], wall: float) -> Sample:
    busy, total = machine_busy()
    return Sample(wall, {name: cpu_seconds(pid) for name, pid in pids.items()}, busy, total)


def cpu_percent(a: Sample, b: Sample) -> dict[str, float]:
    """Per named process: CPU % of one core between two samples."""
    wall = max(b.wall - a.wall, 1e-9)
    return {name: 100.0 * (b.cpu[name] - a.cpu.get(name, 0.0)) / wall for name in b.cpu}


def machine_percent(a: Sample, b: Sample) -> float:
    """Whole-machine CPU use between two samples, in % of all cores."""
    total = b.total - a.total
    return 100.0 * (b.busy - a.busy) / total if total > 0 else 0.0


def cores() -> int:
    return os.cpu_count() or 1
