"""The routine timer in a real kernel, as a notebook runs it: re-running its cell ten times
leaves exactly one timer ticking, and interrupting the kernel in the middle of a run leaves at
most one and the kernel usable."""

from __future__ import annotations

import time

import pytest

jupyter_client = pytest.importorskip("jupyter_client.manager")

SETUP = """
import asyncio, time
from psoas_lesson.widgets.timer import routine_timer, _TIMERS
def ticking():
    return sum(t.running for t in list(_TIMERS))
"""
TIMER_CELL = 'timer = routine_timer("daily-short", sound=False, log=False); timer.start()'


@pytest.fixture
def kernel():
    manager, client = jupyter_client.start_new_kernel(kernel_name="python3")
    try:
        run(client, SETUP)
        yield manager, client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client, code: str, timeout: float = 60) -> str:
    """Run a cell; what it printed and its value's text. A failed cell fails the test."""
    out: list[str] = []

    def hook(message):
        content = message["content"]
        if message["msg_type"] == "stream":
            out.append(content["text"])
        elif message["msg_type"] == "execute_result":
            out.append(content["data"].get("text/plain", ""))

    reply = client.execute_interactive(code, timeout=timeout, output_hook=hook)
    assert reply["content"]["status"] == "ok", reply["content"]
    return "".join(out).strip()


def test_rerunning_the_timer_cell_ten_times_leaves_one_timer_ticking(kernel):
    _, client = kernel
    for _ in range(10):
        run(client, TIMER_CELL)
    run(client, "await asyncio.sleep(0.5)")  # let the cancelled tasks wind down on the loop
    assert run(client, "ticking()") == "1"
    before = float(run(client, "timer.core.view().remaining_s"))
    run(client, "await asyncio.sleep(1.5)")
    after = float(run(client, "timer.core.view().remaining_s"))
    assert 1.0 <= before - after <= 2.5, "the one timer left is not counting down"


def test_interrupting_the_kernel_mid_run_leaves_one_timer_at_most_and_the_kernel_usable(kernel):
    manager, client = kernel
    run(client, TIMER_CELL)
    message_id = client.execute("time.sleep(60)")  # a cell that blocks, as a learner's might
    time.sleep(1.0)
    manager.interrupt_kernel()
    deadline = time.monotonic() + 30
    while True:
        reply = client.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == message_id:
            break
    assert (
        reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
    )
    started = time.monotonic()
    assert run(client, "1 + 1") == "2"
    assert time.monotonic() - started < 5
    assert int(run(client, "ticking()")) <= 1
    # the timer caught up with the time the blocking cell held the kernel, and goes on
    assert run(client, "print(timer.core.state.value)") == "running"
    first = float(run(client, "timer.core.view().done_s"))
    assert first >= 1.0
    run(client, "await asyncio.sleep(1.0)")
    assert float(run(client, "timer.core.view().done_s")) > first
