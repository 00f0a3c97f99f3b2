"""Kernel responsiveness and widget messages, in a real kernel, with a timer running.

A kernel is started through ``jupyter_client``, as JupyterLab starts one. Two runs in one kernel
each, the lesson's timer and then the sleep-loop countdown a notebook author would write first:

1. the timer is displayed and started (the lesson's: its Start button is clicked in the kernel;
   the loop: its cell is sent and left running);
2. a trivial cell (``1 + 1``) is sent every half second on a fixed schedule, whether or not the
   last one has answered, and the time from sending it to its ``execute_reply`` is recorded;
3. every ``comm_msg`` the kernel sends on IOPub meanwhile is counted: those are the widget
   updates that travel to the browser.
"""

from __future__ import annotations

import queue
import time
from pathlib import Path

from .report import Result, median, ms

GOAL_LATENCY_S = 0.100
GOAL_MESSAGES = 10.0
ROOT = Path(__file__).resolve().parent.parent

OURS = """
import ipywidgets
from IPython.display import display
from psoas_lesson.widgets.timer import routine_timer
timer = routine_timer("daily-short", sound=False, log=False)
display(timer)
"""
OURS_START = "timer.start()"  # what pressing Start does

LOOP = """
import time, math, ipywidgets
from IPython.display import display
from psoas_lesson import compile_timeline, default_catalog
from psoas_lesson.describe import clock
catalog = default_catalog()
timeline = compile_timeline(catalog.routine("daily-short"), catalog)
label = ipywidgets.Label()
display(label)
"""
LOOP_START = """
stop_at = time.monotonic() + {seconds}
for segment in timeline.segments:
    for left in range(math.ceil(segment.duration_s), 0, -1):
        label.value = clock(left)
        time.sleep(1)
        if time.monotonic() > stop_at:
            break
    if time.monotonic() > stop_at:
        break
"""


def _drain(channel, seconds: float = 0.2) -> int:
    count = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            message = channel.get_msg(timeout=0.05)
        except queue.Empty:
            continue
        count += message["header"]["msg_type"] == "comm_msg"
    return count


def _probe(
    client, start_code: str, seconds: float, interval: float = 0.5
) -> tuple[list[float], float, float]:
    """Start, then send trivial cells on a schedule; return latencies, messages/s, window."""
    client.execute(start_code)
    sent: dict[str, float] = {}
    latencies: list[float] = []
    comm = 0
    began = time.monotonic()
    next_send = began + interval
    end = began + seconds
    while time.monotonic() < end or (len(latencies) < len(sent) and time.monotonic() < end + 60):
        now = time.monotonic()
        if now >= next_send and now < end:
            sent[client.execute("1 + 1", store_history=False)] = time.monotonic()
            next_send += interval
        try:
            reply = client.get_shell_msg(timeout=0.02)
            parent = reply["parent_header"].get("msg_id")
            if reply["header"]["msg_type"] == "execute_reply" and parent in sent:
                latencies.append(time.monotonic() - sent[parent])
        except queue.Empty:
            pass
        while True:
            try:
                message = client.get_iopub_msg(timeout=0)
            except queue.Empty:
                break
            if message["header"]["msg_type"] == "comm_msg" and time.monotonic() < end:
                comm += 1
    return latencies, comm / seconds, seconds


def _kernel_run(setup: str, start: str, seconds: float) -> tuple[list[float], float]:
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT))
    try:
        reply = client.execute_interactive(setup, timeout=120, output_hook=lambda message: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel set-up failed: {reply['content'].get('evalue')}")
        _drain(client.iopub_channel, 0.5)
        latencies, per_second, _ = _probe(client, start, seconds)
        return latencies, per_second
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(quick: bool = False) -> Result:
    seconds = 10.0 if quick else 60.0
    ours, ours_rate = _kernel_run(OURS, OURS_START, seconds)
    loop, loop_rate = _kernel_run(LOOP, LOOP_START.format(seconds=seconds), seconds)
    rows = [
        [
            "lesson's timer (asyncio task)",
            f"{len(ours)}",
            ms(median(ours)),
            ms(max(ours)),
            f"{ours_rate:.1f}",
        ],
        [
            "`time.sleep(1)` loop in a cell",
            f"{len(loop)}",
            ms(median(loop)),
            ms(max(loop)),
            f"{loop_rate:.1f}",
        ],
    ]
    met = max(ours) < GOAL_LATENCY_S and ours_rate <= GOAL_MESSAGES
    return Result(
        "Kernel responsiveness and widget messages",
        f"a trivial cell answers in under {GOAL_LATENCY_S * 1000:.0f} ms while a timer runs; at "
        "most "
        f"{GOAL_MESSAGES:.0f} widget messages per second of running timer",
        met if not quick else None,
        ["while running", "trivial cells", "median reply", "worst reply", "widget messages / s"],
        rows,
        "a `python3` kernel started with `jupyter_client`, the ready routine `daily-short` "
        "running "
        f"for {seconds:.0f} s; a `1 + 1` cell sent every 0.5 s on a fixed schedule; `comm_msg` "
        "messages on IOPub counted over the same window.",
        [
            "The sleep loop holds the kernel for the whole countdown: every cell sent meanwhile "
            "waits "
            "for the loop to end (and so would every button click), which is its worst reply.",
            "The lesson's timer changes a widget only when what it shows changes: the M:SS text "
            "once "
            "a second, the progress bars in steps, the step text at segment changes.",
        ],
    )
