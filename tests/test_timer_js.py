"""One truth for timing: the page's timer logic (``widgets/timer_core.js``) agrees with the
Python core (``psoas_lesson/timer.py``, the reference) on random timelines and command
sequences: the same step, time left, digits, events and seconds spent at the same instants.

Hypothesis draws the cases; the Python core answers them; ``node --test`` replays them through
the JavaScript module (``tests/js/agreement.mjs``) and fails on the first disagreement. The
JavaScript module's own unit tests (``tests/js/*.test.mjs``) run here too, and in ``make test``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas_lesson.catalog import default_catalog
from psoas_lesson.describe import clock
from psoas_lesson.timeline import Timeline, compile_timeline
from psoas_lesson.timer import Timer

from .helpers import COMMANDS, FakeClock, apply_step, durations, moves, routines, simple_timeline

JS_TESTS = Path(__file__).parent / "js"
CASES = 400  # random cases per run (each a timeline and up to 40 steps)

# As in tests.helpers.steps, plus "update" (what the page does on every frame) and the
# instants the page asks about most: exactly on a segment's end, and a hair either side.
_edge_moves = st.sampled_from([0.0, 1e-9, 0.5, 1.0, 2.0, 3.0, 15.0])
_steps = st.lists(
    st.one_of(st.sampled_from([*COMMANDS, "update"]), moves, _edge_moves), max_size=40
)
_catalog = default_catalog()
_timelines = st.one_of(
    durations.map(lambda ds: simple_timeline(*ds)),
    routines(_catalog).map(lambda routine: compile_timeline(routine, _catalog)),
)


def node() -> str:
    found = shutil.which("node")
    assert found, "node (Node.js 20 or later) is needed to test the timer's page logic"
    return found


def _python_answers(timeline: Timeline, steps: list) -> dict:
    """Run ``steps`` through the Python core; what it shows and says after each one."""
    clock_ = FakeClock()
    timer = Timer(timeline, clock=clock_)
    heard: list = []
    timer.on_event(lambda e: heard.append([e.kind.value, e.index, e.at]))
    done_steps = []
    for step in steps:
        apply_step(timer, clock_, step) if step != "update" else timer.update()
        view = timer.view()
        done_steps.append(
            {
                "step": {"wait": step} if isinstance(step, float) else {"do": step},
                "now": clock_.now,
                "events": heard[:],
                "state": view.state.value,
                "index": view.index,
                "remaining": view.remaining_s,
                "digits": clock(view.remaining_s),
                "segment_duration": view.segment_duration_s,
                "done": view.done_s,
                "total": view.total_s,
                "spent": timer.spent_s(),
                "paused": timer.paused_s(),
                "run_time": timer.run_time_s(),
                "exercises_done": timer.exercises_done(),
            }
        )
        heard.clear()
    return {
        "start": 1000.0,
        "durations": [s.duration_s for s in timeline.segments],
        "segments": [{"kind": s.kind.value, "exercise": s.exercise} for s in timeline.segments],
        "steps": done_steps,
    }


def _cases() -> list[dict]:
    cases: list[dict] = []

    @settings(
        max_examples=CASES,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(_timelines, _steps)
    def collect(timeline, steps):
        cases.append(_python_answers(timeline, steps))

    collect()
    return cases


def _node_test(path: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [node(), "--test", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_the_page_logic_agrees_with_the_python_core_on_random_cases(tmp_path):
    cases = _cases()
    assert len(cases) >= CASES // 2  # hypothesis may stop early only on duplicates
    file = tmp_path / "timer_cases.json"
    file.write_text(json.dumps(cases), encoding="utf-8")
    result = _node_test(JS_TESTS / "agreement.mjs", {"PSOAS_TIMER_CASES": str(file)})
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert f"# pass {len(cases)}" in result.stdout, result.stdout[-2000:]


def test_the_agreement_check_fails_when_the_two_disagree(tmp_path):
    # A case whose recorded answer is off by a millisecond must fail: the check can fail.
    case = _python_answers(simple_timeline(5, 3), ["start", 1.25])
    case["steps"][-1]["remaining"] += 0.001
    file = tmp_path / "bad_case.json"
    file.write_text(json.dumps([case]), encoding="utf-8")
    result = _node_test(JS_TESTS / "agreement.mjs", {"PSOAS_TIMER_CASES": str(file)})
    assert result.returncode != 0 and "remaining" in result.stdout, result.stdout[-2000:]


def test_the_page_logics_own_unit_tests_pass():
    result = _node_test(JS_TESTS)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "# fail 0" in result.stdout
