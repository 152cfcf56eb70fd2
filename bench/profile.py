"""Where a hub's time goes under load: py-spy sampling during a run's measured window.

`Profiler.start()` attaches `py-spy record --format raw` (collapsed stacks) to each hub
process for the window; `summary()` turns the stacks into the top functions by self time
and by inclusive time, which is what the optimisation work needs. Profiling costs CPU on a
small box, so runs with `--profile` are for finding hot spots, not for the figures.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any


def py_spy() -> str | None:
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


class Profiler:
    def __init__(self, outdir: Path, name: str, pids: dict[str, int], seconds: float) -> None:
        self.outdir = outdir
        self.name = name
        self.pids = pids
        self.seconds = max(1, math.ceil(seconds))
        self.procs: dict[str, tuple[subprocess.Popen[bytes], Path]] = {}

    def start(self) -> None:
        binary = py_spy()
        if binary is None:
            return
        self.outdir.mkdir(parents=True, exist_ok=True)
        for role, pid in self.pids.items():
            out = self.outdir / f"{self.name}-{role}.txt"
            cmd = [binary, "record", "-p", str(pid), "-d", str(self.seconds), "-r", "100"]
            cmd += ["--nonblocking", "--format", "raw", "-o", str(out)]
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.procs[role] = (proc, out)

    def stop(self) -> dict[str, Any]:
        """Wait for the recordings; {role: summary}."""
        result: dict[str, Any] = {}
        for role, (proc, out) in self.procs.items():
            try:
                proc.wait(timeout=self.seconds + 15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            with contextlib.suppress(OSError):
                result[role] = {"file": str(out), **summary(out.read_text())}
        return result


def _short(frame: str) -> str:
    """`fn (path/to/module.py:123)` -> `fn (module.py:123)`."""
    name, _, where = frame.partition(" (")
    return f"{name} ({where.rsplit('/', 1)[-1]}" if where else name


def _function(frame: str) -> str:
    """`fn (module.py:123)` -> `fn (module.py)`: inclusive time is per function, not line."""
    return frame.rsplit(":", 1)[0] + ")" if frame.endswith(")") and ":" in frame else frame


def summary(raw: str, top: int = 15) -> dict[str, Any]:
    """Top functions by self and by inclusive share of samples, from collapsed stacks."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [_short(f) for f in stack.split(";")]
        own[frames[-1]] += n
        for f in {_function(f) for f in frames}:
            inclusive[f] += n
    if not total:
        return {"samples": 0}
    return {
        "samples": total,
        "self": [(f, round(100 * n / total, 1)) for f, n in own.most_common(top)],
        "inclusive": [(f, round(100 * n / total, 1)) for f, n in inclusive.most_common(top * 2)],
    }
