"""The routine timer in JupyterLab, driven through its CSS classes as a learner drives it: it
counts down in real time, pauses, resumes, skips, goes back, resets, and changes segment on time.

The routine is ``fixtures/short-routine.json`` (get ready 6 s, then 2-s holds with 1-s rests), so
a run sees several segment changes in a few seconds.
"""

from __future__ import annotations

import pytest

from psoas_lesson import compile_timeline, default_catalog, load_routine

from .lab import FIXTURES, TimerControls, module_exists, parse_clock, text_changes, watch_text

pytestmark = pytest.mark.skipif(
    not module_exists("psoas_lesson/widgets/timer.py"),
    reason="psoas_lesson/widgets/timer.py (the routine timer widget) is not written yet; "
    "the timer's browser tests wait for it",
)

TICK_S = 0.25  # the widget wakes at least this often
SEGMENT_LATE_S = 0.25  # the limit on a segment change's lateness
CLOCK_SLACK_S = 1.0  # M:SS shows whole seconds


@pytest.fixture(scope="module")
def timeline():
    catalog = default_catalog()
    return compile_timeline(
        load_routine(FIXTURES / "short-routine.json", catalog.exercises_by_id), catalog
    )


@pytest.fixture
def timer(lab) -> TimerControls:
    lab.open("fixtures/timer_short.ipynb")
    lab.run_all()
    lab.assert_ran_cleanly()
    controls = TimerControls(lab.page)
    controls.wait_visible()
    return controls


def _wait_for_remaining_below(timer: TimerControls, seconds: int, timeout_s: float = 5.0) -> None:
    timer.page.wait_for_function(
        """([s, limit]) => {
            const m = /(\\d+):(\\d\\d)/.exec(document.querySelector(s).textContent);
                             return m && 60 * +m[1] + +m[2] < limit; }""",
        arg=[timer.selector("remaining"), seconds],
        timeout=timeout_s * 1000,
        polling=50,
    )


def test_countdown_falls_by_the_seconds_that_passed(timer, timeline):
    assert timer.remaining_s() == timeline.segments[0].duration_s  # 0:06 before the start
    assert timer.clipped("remaining") == [], "the countdown's digits are cut off"
    timer.press("start")
    _wait_for_remaining_below(timer, 6)
    first_ms, first = timer.read()
    timer.page.wait_for_timeout(2000)  # the passing of time is what is under test
    second_ms, second = timer.read()
    passed_s = (second_ms - first_ms) / 1000
    fell_s = parse_clock(first) - parse_clock(second)
    assert abs(fell_s - passed_s) <= CLOCK_SLACK_S, f"{first} -> {second} in {passed_s:.2f} s"


def test_pause_holds_the_countdown_and_start_resumes_it(timer):
    timer.press("start")
    _wait_for_remaining_below(timer, 6)
    timer.press("pause")
    timer.page.wait_for_timeout(400)  # let the pause reach the kernel and come back
    held, held_step = timer.remaining_text(), timer.step()
    timer.page.wait_for_timeout(1500)
    assert (timer.remaining_text(), timer.step()) == (held, held_step), (
        "the countdown moved while paused"
    )
    timer.press("start")
    _wait_for_remaining_below(timer, parse_clock(held), timeout_s=2.5)


def test_skip_and_back_change_the_step(timer, timeline):
    first, second = (segment.cue for segment in timeline.segments[:2])
    assert first in timer.step()
    timer.press("start")
    timer.press("skip")
    timer.wait_for_step(second)
    timer.press("back")
    timer.wait_for_step(first)


def test_reset_returns_to_the_start(timer):
    start_remaining, start_step = timer.remaining_text(), timer.step()
    timer.press("start")
    timer.press("skip")
    timer.wait_for_step_change(start_step)
    _wait_for_remaining_below(timer, parse_clock(start_remaining))
    timer.press("reset")
    timer.page.wait_for_function(
        "([r, s, remaining, step]) => document.querySelector(r).textContent === remaining"
        " && document.querySelector(s).textContent.trim() === step",
        arg=[timer.selector("remaining"), timer.selector("step"), start_remaining, start_step],
        timeout=5000,
    )


def test_segments_change_within_a_quarter_second_of_when_due(timer, timeline):
    watch_text(timer.page, timer.selector("step"), root=timer.root)
    clicked_ms = timer.press("start")
    due = [
        (start, segment)
        for start, segment, previous in zip(
            timeline.starts_s[1:], timeline.segments[1:], timeline.segments, strict=False
        )
        if segment.cue != previous.cue
    ]  # a change the step text surely shows
    last_due_ms = clicked_ms + due[-1][0] * 1000
    timer.page.wait_for_function(
        "([s, t]) => window.__psoasWatch[s].changes.some(c => c[0] >= t)",
        arg=[timer.selector("step"), last_due_ms - 100],
        timeout=(due[-1][0] + 10) * 1000,
    )
    changes = text_changes(timer.page, timer.selector("step"))
    report = []
    for start_s, segment in due:
        seen = next(
            (
                (at - clicked_ms) / 1000
                for at, text in changes
                if (at - clicked_ms) / 1000 >= start_s - 0.1 and segment.cue in text
            ),
            None,
        )
        late = None if seen is None else seen - start_s
        report.append(
            f"{segment.kind} due {start_s:.1f} s: "
            + ("never" if late is None else f"{late * 1000:+.0f} ms")
        )
        assert late is not None and -0.1 <= late <= SEGMENT_LATE_S, "; ".join(report)
    print("segment changes vs due:", "; ".join(report))
