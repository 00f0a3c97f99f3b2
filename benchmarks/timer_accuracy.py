"""Timer accuracy: the lesson's routine timer against a plain ``time.sleep(1)`` countdown loop.

Both follow the same routine in real time, side by side in two processes: the lesson's widget
(``routine_timer``, its asyncio task driving the timer core, exactly as in a notebook) and the
loop a notebook author would write first::

    for segment in timeline.segments:
        for left in range(ceil(segment.duration_s), 0, -1):
            label.value = clock(left)
            time.sleep(1)

Each records, against ``time.monotonic()``, when every segment change became visible (the
widget: when its task moved the core on; the loop: when it reached the segment) and when the
routine ended. The error of a change is observed minus due, in milliseconds.
"""

from __future__ import annotations

import asyncio
import json
import math
import subprocess
import sys
import time
from pathlib import Path

from .report import Result, median

GOAL_END_MS = 50.0
GOAL_RATIO = 20.0
ROUTINE = "daily-short"  # 11:18 of segments
QUICK_FILE = (
    Path(__file__).resolve().parent.parent / "tests" / "e2e" / "fixtures" / "short-routine.json"
)


def _timeline(routine_ref: str):
    from psoas_lesson import compile_timeline, default_catalog, load_routine

    catalog = default_catalog()
    if routine_ref.endswith(".json"):
        routine = load_routine(routine_ref, catalog.exercises_by_id)
    else:
        routine = catalog.routine(routine_ref)
    return routine, compile_timeline(routine, catalog), catalog


def run_widget(routine_ref: str) -> dict:
    """Follow the routine with the lesson's timer widget on an asyncio loop; times of changes."""
    import ipywidgets  # noqa: F401 - the widget's own dependency, imported before timing

    from psoas_lesson.widgets.timer import routine_timer

    routine, timeline, catalog = _timeline(routine_ref)

    async def follow() -> dict:
        widget = routine_timer(routine, catalog=catalog, sound=False, log=False)
        core = widget.core
        changes: list[tuple[int, float]] = []
        done = asyncio.get_running_loop().create_future()

        def noticed(event) -> None:
            now = time.monotonic()
            if (
                event.kind == "segment" and event.index > 0
            ):  # the core also announces segment 0 at the start
                changes.append((event.index, now))
            elif event.kind == "finish" and not done.done():
                done.set_result(now)

        core.on_event(noticed)
        started = time.monotonic()  # the press: what the learner counts from
        widget.start()
        finished = await done
        messages = getattr(widget, "messages_sent", None)
        return {"started": started, "changes": changes, "finished": finished, "messages": messages}

    return asyncio.run(follow())


def run_sleep_loop(routine_ref: str) -> dict:
    """The obvious alternative: count whole seconds down with ``time.sleep(1)``."""
    import ipywidgets

    from psoas_lesson.describe import clock

    _, timeline, _ = _timeline(routine_ref)
    label = ipywidgets.Label()
    changes = []
    started = time.monotonic()
    for index, segment in enumerate(timeline.segments):
        if index:
            changes.append((index, time.monotonic()))
        for left in range(math.ceil(segment.duration_s), 0, -1):
            label.value = clock(left)
            time.sleep(1)
    return {"started": started, "changes": changes, "finished": time.monotonic(), "messages": None}


def _errors(record: dict, timeline) -> tuple[list[float], float]:
    starts = timeline.starts_s
    errors = [(at - record["started"] - starts[index]) * 1000 for index, at in record["changes"]]
    end = (record["finished"] - record["started"] - timeline.total_s) * 1000
    return errors, end


def run(quick: bool = False) -> Result:
    routine_ref = str(QUICK_FILE) if quick else ROUTINE
    routine, timeline, _ = _timeline(routine_ref)
    runs = {}
    procs = {
        kind: subprocess.Popen(
            [sys.executable, "-m", "benchmarks.timer_accuracy", kind, routine_ref],
            stdout=subprocess.PIPE,
            text=True,
        )
        for kind in ("widget", "sleep-loop")
    }
    for kind, proc in procs.items():
        out, _ = proc.communicate(timeout=timeline.total_s * 2 + 120)
        if proc.returncode:
            raise RuntimeError(f"timer accuracy: the {kind} run failed")
        runs[kind] = json.loads(out.strip().splitlines()[-1])
    rows, ends = [], {}
    for kind in ("widget", "sleep-loop"):
        errors, end = _errors(runs[kind], timeline)
        ends[kind] = end
        worst = max(errors, key=abs) if errors else float("nan")
        label = "lesson's timer (asyncio + core)" if kind == "widget" else "`time.sleep(1)` loop"
        rows.append(
            [
                label,
                f"{len(errors)}",
                f"{median(errors):+.1f} ms",
                f"{worst:+.1f} ms",
                f"**{end:+.1f} ms**",
            ]
        )
    ratio = abs(ends["sleep-loop"]) / max(abs(ends["widget"]), 0.001)
    met = abs(ends["widget"]) < GOAL_END_MS and ratio >= GOAL_RATIO
    minutes = timeline.total_s / 60
    return Result(
        "Timer accuracy",
        f"end error under {GOAL_END_MS:.0f} ms over 10 minutes of routine, {GOAL_RATIO:.0f}× "
        "smaller than "
        "the sleep loop's",
        met if not quick else None,
        ["timer", "segment changes", "median error", "worst error", "error at the end"],
        rows,
        f"the routine `{routine.id or routine.name}` ({minutes:.1f} min, {len(timeline.segments)} "
        "segments) followed "
        "in real time, unscaled, by both at once in two processes; errors are observed minus due "
        "times on `time.monotonic()`.",
        [
            f"Ratio of end errors, sleep loop / lesson's timer: {ratio:.0f}×.",
            "The loop's error grows with every second it counts (each `sleep(1)` wakes a little "
            "late "
            "and the loop's own work adds on); the lesson's timer computes time left from one "
            "deadline, so its error does not grow with the length of the routine. Its task wakes "
            "at "
            "each due time, so a change is late by the event loop's wake-up latency only.",
        ],
    )


if __name__ == "__main__":
    kind, routine_ref = sys.argv[1], sys.argv[2]
    record = run_widget(routine_ref) if kind == "widget" else run_sleep_loop(routine_ref)
    print(json.dumps(record))
