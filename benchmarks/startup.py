"""Start-up: ``import psoas_lesson`` in a fresh process, against ``import matplotlib.pyplot``.

Each import runs in its own new interpreter, alternating A B A B so drift on a shared machine
hits both alike; the figure is the import's own time (measured inside the process with
``perf_counter`` around the import), and the whole process's wall time beside it.
"""

from __future__ import annotations

import subprocess
import sys
import time

from .report import Result, median, ms

GOAL_S = 0.200
RUNS = 15
PROBE = (
    "import time, sys; t = time.perf_counter(); import {module}; "
    "print(time.perf_counter() - t, 'matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
)


def _one(module: str) -> tuple[float, float, bool, bool]:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[0]), time.perf_counter() - started, out[1] == "True", out[2] == "True"


def run() -> Result:
    modules = ["psoas_lesson", "matplotlib.pyplot"]
    for module in modules:  # warm the file cache once each
        _one(module)
    times: dict[str, list[tuple]] = {m: [] for m in modules}
    for _ in range(RUNS):
        for module in modules:
            times[module].append(_one(module))
    rows = []
    for module in modules:
        imports = [t[0] for t in times[module]]
        walls = [t[1] for t in times[module]]
        rows.append(
            [
                f"`import {module}`",
                ms(median(imports)),
                ms(min(imports)),
                ms(max(imports)),
                ms(median(walls)),
                "yes" if times[module][0][2] else "no",
                "yes" if times[module][0][3] else "no",
            ]
        )
    ours = median([t[0] for t in times["psoas_lesson"]])
    theirs = median([t[0] for t in times["matplotlib.pyplot"]])
    return Result(
        "Start-up",
        f"`import psoas_lesson` under {GOAL_S * 1000:.0f} ms",
        ours < GOAL_S,
        [
            "import",
            "median",
            "min",
            "max",
            "whole process (median)",
            "loads matplotlib",
            "loads ipywidgets",
        ],
        rows,
        f"{RUNS} fresh interpreters each, alternating, after one warm-up; `perf_counter` around "
        "the "
        "import inside the process.",
        [
            f"Ratio matplotlib.pyplot / psoas_lesson: {theirs / ours:.1f}×. Charts and widgets "
            "load "
            "on first use through the package's lazy `__getattr__`."
        ],
    )
