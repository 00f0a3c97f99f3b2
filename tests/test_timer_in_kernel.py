"""The routine timer in a real kernel, with this test as its front end: re-running the timer cell
ten times leaves one timer and every earlier one told to stop; what the page reports while the
kernel is busy (or interrupted) arrives afterwards and is logged once."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from jupyter_client.manager import start_new_kernel

from psoas_lesson import compile_timeline, default_catalog

SETUP = """
import os, time
os.environ["PSOAS_LESSON_LOG"] = {log!r}
from psoas_lesson import PracticeLog
from psoas_lesson.widgets.timer import routine_timer, _TIMERS
"""
TIMER_CELL = 'timer = routine_timer("daily-short", sound=False)'


@pytest.fixture
def kernel(tmp_path):
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        run(client, SETUP.format(log=str(tmp_path / "practice.sqlite3")))
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


def page_says(client, comm_id: str, event: dict) -> None:
    """Send ``event`` to the kernel as the timer's page does (a custom comm message)."""
    content = {"comm_id": comm_id, "data": {"method": "custom", "content": event}}
    client.shell_channel.send(client.session.msg("comm_msg", content))


def finished_run() -> list[dict]:
    """The reports of a page that ran daily-short to its end: start, then finish."""
    catalog = default_catalog()
    durations = [
        s.duration_s for s in compile_timeline(catalog.routine("daily-short"), catalog).segments
    ]
    run_id = uuid.uuid4().hex
    base = {
        "type": "event",
        "run_id": run_id,
        "durations": durations,
        "started_ms": time.time() * 1000,
    }
    return [
        {**base, "id": f"{run_id}:1", "kind": "start", "state": "running", "index": 0,
         "spent": [0.0] * len(durations)},
        {**base, "id": f"{run_id}:2", "kind": "finish", "state": "finished",
         "index": len(durations) - 1, "spent": durations},
    ]  # fmt: skip


def test_rerunning_the_timer_cell_ten_times_leaves_one_timer_and_stops_the_others(kernel):
    _, client = kernel
    run(client, "made = []")
    for _ in range(10):
        run(client, TIMER_CELL + "; made.append(timer)")
    assert run(client, "print(len(_TIMERS), list(_TIMERS)[0] is timer)") == "1 True"
    stops = json.loads(run(client, "print(json.dumps([t.command for t in made]))".replace(
        "print(", "import json; print(", 1)))  # fmt: skip
    assert [c["kind"] for c in stops] == ["stop"] * 9 + [""]
    assert all(c["id"] == 1 for c in stops[:9])  # each told once, not again at every re-run


def test_reports_sent_while_the_kernel_sleeps_are_logged_once_when_it_wakes(kernel):
    _, client = kernel
    run(client, TIMER_CELL)
    comm_id = run(client, "print(timer.comm.comm_id)")
    busy = client.execute("time.sleep(3)")  # a learner's cell holds the kernel
    time.sleep(0.5)
    start, finish = finished_run()
    for event in (start, finish, finish):  # the finish arrives twice
        page_says(client, comm_id, event)
    reply = client.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == busy and reply["content"]["status"] == "ok"
    assert run(client, "print(timer.state.value)") == "finished"
    sessions = run(client, "print([(s.routine, s.completed) for s in PracticeLog().sessions()])")
    assert sessions == "[('Short daily routine', True)]"


def test_an_interrupted_kernel_stays_usable_and_catches_up_with_the_page(kernel):
    manager, client = kernel
    run(client, TIMER_CELL)
    comm_id = run(client, "print(timer.comm.comm_id)")
    blocked = client.execute("time.sleep(60)")
    time.sleep(1.0)
    start, finish = finished_run()
    page_says(client, comm_id, start)
    manager.interrupt_kernel()
    deadline = time.monotonic() + 30
    while True:
        reply = client.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == blocked:
            break
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    started = time.monotonic()
    assert run(client, "1 + 1") == "2"
    assert time.monotonic() - started < 5
    assert run(client, "print(timer.state.value)") == "running"
    page_says(client, comm_id, finish)
    assert run(client, "print(timer.state.value, len(PracticeLog().sessions()))") == "finished 1"
