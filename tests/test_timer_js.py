"""One truth for the timer's page logic (``widgets/timer_core.js``), checked against Python:

- timing: it agrees with the Python core (``psoas_lesson/timer.py``, the reference) on random
  timelines and command sequences: the same step, time left, digits, events, seconds spent and,
  in a move on a beat, beat under way, at the same instants; and a run's beats fall when the
  compiled timeline says (``tests/js/agreement.mjs``);
- the protocol: on random presses, waits and kernel commands to one or two timers on a page, it
  sends the kernel the same messages as the tests' FakePage (``tests/timer_page.py``), which the
  kernel-side tests run against (``tests/js/protocol.mjs``), and the kernel accepts every one.

Hypothesis draws the cases; Python answers them; ``node --test`` replays them through the
JavaScript module and fails on the first disagreement, naming it. Each check is shown to fail on
a wrong answer. The JavaScript module's own unit tests (``tests/js/*.test.mjs``) run here too,
and in ``make test``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas_lesson.catalog import default_catalog
from psoas_lesson.describe import clock
from psoas_lesson.routine import Routine
from psoas_lesson.timeline import Timeline, compile_timeline
from psoas_lesson.timer import Timer
from psoas_lesson.widgets.timer import RoutineTimer

from .helpers import COMMANDS, FakeClock, apply_step, durations, moves, routines, simple_timeline
from .timer_page import RESUME_WITHIN_S, FakeBrowser, FakePage

JS_TESTS = Path(__file__).parent / "js"
CORE = Path(__file__).parents[1] / "psoas_lesson" / "widgets" / "timer_core.js"
CASES = 400  # random cases per run (each a timeline and up to 40 steps)
PROTOCOL_CASES = 300  # random pages per run (one or two timers, up to 30 actions)

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
                "beat": view.beat,
            }
        )
        heard.clear()
    return {
        "start": 1000.0,
        "durations": [s.duration_s for s in timeline.segments],
        "beats": [[b.at_s for b in s.beats] for s in timeline.segments],
        "beat_times": list(timeline.beat_times_s()),
        "steps": done_steps,
    }


def _drawn(count: int, answer, *strategies) -> list[dict]:
    """``answer`` to ``count`` cases drawn from ``strategies`` (fewer only where Hypothesis finds
    nothing new to draw)."""
    cases: list[dict] = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.tuples(*strategies))
    def collect(drawn):
        cases.append(answer(*drawn))

    collect()
    return cases


def _cases() -> list[dict]:
    return _drawn(CASES, _python_answers, _timelines, _steps) + _beat_cases()


def _beat_cases() -> list[dict]:
    """Moves on a beat walked through beat by beat, exactly on the beats and a hair either side,
    with a pause, a skip back and +15 s among them."""
    waits = [4.0, 1e-9, 3.5, 0.5, 4.0 - 1e-9, 2.0, 1.0]
    steps = ["start", *waits, "pause", 3.0, "resume", *waits, "plus", *waits, "back", *waits]
    return [
        _python_answers(compile_timeline(Routine.of(*ids, prepare_s=prepare), _catalog), steps)
        for ids, prepare in [
            (("frankensteins",), 0),
            (("knee-to-chest", "mountain-climbers"), 3),
            (("mountain-climbers",), 0),
        ]
    ]


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
    on_a_beat = [c for c in cases if any(c["beats"])]
    assert len(on_a_beat) >= CASES // 20  # moves on a beat are among them
    assert {step["beat"] for c in on_a_beat for step in c["steps"]} >= {0, 1, 2, 3}
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


def _frankensteins_case(steps: list) -> dict:
    catalog = _catalog
    timeline = compile_timeline(Routine.of("frankensteins", prepare_s=0), catalog)
    return _python_answers(timeline, steps)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda case: case["steps"][-1].update(beat=case["steps"][-1]["beat"] + 1), "beat"),
        (lambda case: case["beat_times"].__setitem__(3, case["beat_times"][3] + 0.01), "beat[3]"),
    ],
    ids=["the beat under way", "when a beat falls"],
)
def test_the_beat_checks_fail_when_the_two_disagree(tmp_path, change, message):
    case = _frankensteins_case(["start", 9.0])
    assert case["steps"][-1]["beat"] == 2  # 9 s into lifts every 4 s: the third
    change(case)
    file = tmp_path / "bad_case.json"
    file.write_text(json.dumps([case]), encoding="utf-8")
    result = _node_test(JS_TESTS / "agreement.mjs", {"PSOAS_TIMER_CASES": str(file)})
    assert result.returncode != 0 and message in result.stdout, result.stdout[-2000:]


def test_the_page_logics_own_unit_tests_pass():
    result = _node_test(JS_TESTS)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "# fail 0" in result.stdout


# -- the protocol: the page's messages to the kernel ----------------------------------------------

PRESSES = ["start", "pause", "toggle", "skip", "back", "plus", "minus", "reset", "resume"]
_timer = st.sampled_from([0, 0, 1])  # the first timer more often; the second where there is one
_waits = st.one_of(st.floats(0, 20, allow_nan=False), st.sampled_from([0.25, 1.0, 3.0]))
_press = st.tuples(st.just("press"), _timer, st.sampled_from(PRESSES))
_actions = st.one_of(
    _press,
    st.tuples(st.just("press"), _timer, st.just("start")),
    st.tuples(st.just("wait"), _waits),
    st.tuples(st.just("kernel"), _timer, st.sampled_from(["start", "pause", "stop"])),
    st.tuples(st.just("again"), _timer),  # the last kernel command, delivered again
    st.tuples(st.just("reload"), st.sampled_from([0.5, 0.5, RESUME_WITHIN_S + 1])),
)
_short_timelines = durations.map(lambda ds: simple_timeline(*ds))


def _page_of(timelines: list[Timeline], actions: list) -> dict:
    """Play ``actions`` on a page of timers through FakePage; what it did and sent, as a case."""
    browser = FakeBrowser(FakeClock())
    ids = iter(f"{n:032x}" for n in range(1, 10_000))
    widgets = [RoutineTimer(t, catalog=_catalog, log=False) for t in timelines]
    pages = [FakePage(w, browser=browser, run_ids=ids) for w in widgets]
    for action in actions:
        kind, *rest = action
        if kind == "wait":
            browser.wait(rest[0])
            if not browser.inputs:
                continue
        elif kind == "reload":
            browser.reload(away_s=rest[0])
        else:
            if rest[0] >= len(pages):
                continue
            page, widget = pages[rest[0]], widgets[rest[0]]
            if kind == "press":
                page.press(rest[1])
            elif kind == "again":
                page.command_again()
            elif rest[1] == "stop":
                widget.stop("Paused: a newer timer took over.")
            else:
                getattr(widget, rest[1])()
        if browser.inputs:
            browser.inputs[-1]["notices"] = [p.notice for p in pages]
    # Every message passed the kernel's check (page_event): the widget says so otherwise.
    assert [w.notice for w in widgets] == [""] * len(widgets)
    for widget in widgets:
        widget.close()
    return {
        "timers": [
            {"durations": [s.duration_s for s in t.segments], "run_ids": p.drawn_ids, "key": p.key}
            for t, p in zip(timelines, pages, strict=True)
        ],
        "inputs": browser.inputs,
        "sent": browser.sent,
    }


def _protocol_cases() -> list[dict]:
    timelines = st.one_of(_short_timelines, _timelines, _short_timelines)
    return _drawn(
        PROTOCOL_CASES,
        _page_of,
        st.lists(timelines, min_size=1, max_size=2),
        st.lists(_actions, min_size=4, max_size=30),
    )


def _replay_protocol(tmp_path: Path, cases: list[dict], core: Path | None = None):
    file = tmp_path / "protocol_cases.json"
    file.write_text(json.dumps(cases), encoding="utf-8")
    env = {"PSOAS_PROTOCOL_CASES": str(file)}
    if core is not None:
        env["PSOAS_TIMER_CORE"] = str(core)
    return _node_test(JS_TESTS / "protocol.mjs", env)


def test_the_page_sends_the_kernel_what_the_fake_page_sends_on_random_cases(tmp_path):
    cases = _protocol_cases()
    assert len(cases) >= PROTOCOL_CASES // 2
    assert sum(len(c["sent"]) for c in cases) > 3 * len(cases)  # the cases do send messages
    result = _replay_protocol(tmp_path, cases)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert f"# pass {len(cases)}" in result.stdout, result.stdout[-2000:]


def _scripted_page() -> dict:
    """One page that goes through every part of the protocol: start, segment changes, +-15 s,
    skip, pause and resume, the finish, Start after the finish, reset, kernel commands (a stop
    to a paused timer and to one that never ran, commands delivered twice), two timers taking
    over from each other, Back into a step and out of it, and reloads: one picked up where it
    was, one too long after to pick up."""
    first, second = simple_timeline(3, 4, 2), simple_timeline(2, 2)
    actions = [
        ("press", 0, "start"), ("wait", 4.0), ("press", 0, "plus"), ("press", 0, "minus"),
        ("press", 0, "skip"), ("press", 0, "toggle"), ("kernel", 0, "start"),
        ("press", 0, "pause"), ("again", 0), ("press", 0, "start"), ("wait", 10.0),
        ("press", 0, "start"), ("wait", 2.0), ("press", 1, "start"), ("wait", 1.0),
        ("press", 0, "start"), ("press", 0, "reset"), ("kernel", 0, "stop"), ("kernel", 1, "stop"),
        ("again", 1), ("press", 1, "back"), ("wait", 1.0),
        ("press", 0, "start"), ("wait", 5.5), ("press", 0, "back"), ("press", 0, "back"),
        ("wait", 2.5), ("reload", 0.5), ("press", 0, "start"), ("wait", 1.0),
        ("reload", RESUME_WITHIN_S + 1), ("press", 0, "start"), ("wait", 1.0),
    ]  # fmt: skip
    return _page_of([first, second], actions)


# Small deliberate changes to the page's pure protocol: each must fail the check, by name.
MUTATIONS = {
    "message ids count from 2": ("const seq = session.seq + 1;", "const seq = session.seq + 2;"),
    "the start is dated a second late": (
        "startedMs: wallMs - (now - e.at) * 1000",
        "startedMs: wallMs - (now - e.at) * 1000 + 1000",
    ),
    "a reset reports the state it ended in": ("{ state: READY, index: 0 }", "{}"),
    "stop reports even a run that never started": (
        "if (result.session.run.state === READY) return result;",
        "",
    ),
    "+15 s adds 10": ("export const ADJUST_S = 15;", "export const ADJUST_S = 10;"),
    "a start does not take over": (
        'if (!events.some((e) => e.kind === "start" || e.kind === "resume")) return [];',
        "return [];",
    ),
    "Start after the finish does not reset": (
        'if (kind === "start" && advance(session.run, now)[0].state === FINISHED) {',
        "if (false) {",
    ),
    "a command delivered again is applied again": (
        "command.id <= done) return null;",
        "command.id < done) return null;",
    ),
    "Back always goes to the step before": (
        "const target = into >= BACK_RESTARTS_AFTER_S ? run.index : Math.max(0, run.index - 1);",
        "const target = Math.max(0, run.index - 1);",
    ),
    "a reloaded page forgets its place": (
        "if (!validPlace(entry, durations)) return null;",
        "return null;",
    ),
    "a reload picks up a place however old": (
        "if (wallMs - entry.keptMs > RESUME_WITHIN_S * 1000) {",
        "if (false) {",
    ),
    "a stopped run is kept for a reload": (
        "if (session.ended || (run.state !== RUNNING && run.state !== PAUSED)) return null;",
        "if (run.state !== RUNNING && run.state !== PAUSED) return null;",
    ),
}


def test_the_scripted_page_agrees(tmp_path):
    result = _replay_protocol(tmp_path, [_scripted_page()])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_the_protocol_check_fails_when_the_page_changes_a_message(tmp_path, mutation):
    old, new = MUTATIONS[mutation]
    source = CORE.read_text(encoding="utf-8")
    assert source.count(old) == 1, f"the mutation {mutation!r} no longer applies to timer_core.js"
    mutated = tmp_path / "timer_core.js"
    mutated.write_text(source.replace(old, new), encoding="utf-8")
    result = _replay_protocol(tmp_path, [_scripted_page()], core=mutated)
    assert result.returncode != 0, f"{mutation}: the check passed a changed page"
    assert "input " in result.stdout and "FakePage" in result.stdout, result.stdout[-2000:]
