from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_lesson.routine import Routine
from psoas_lesson.timeline import WORK, Timeline, compile_timeline
from psoas_lesson.timer import BACK_RESTARTS_AFTER_S, EventKind, State, Timer

from .helpers import FakeClock, apply_step, durations, moves, simple_timeline, steps


@pytest.fixture
def clock():
    return FakeClock()


def test_a_new_timer_waits_at_the_first_segment(clock):
    timer = Timer(simple_timeline(10, 30), clock)
    clock.advance(100)
    assert timer.state is State.READY
    assert timer.remaining_s() == 10
    assert timer.view().progress == 0


def test_time_left_follows_the_clock(clock):
    timer = Timer(simple_timeline(10, 30), clock)
    timer.start()
    clock.advance(3.25)
    assert timer.remaining_s() == pytest.approx(6.75)
    clock.advance(7)
    assert timer.index == 1
    assert timer.remaining_s() == pytest.approx(29.75)


def test_pause_holds_the_time_and_resume_continues(clock):
    timer = Timer(simple_timeline(10, 30), clock)
    timer.start()
    clock.advance(4)
    timer.pause()
    clock.advance(60)
    assert timer.state is State.PAUSED and timer.remaining_s() == pytest.approx(6)
    timer.resume()
    clock.advance(1)
    assert timer.remaining_s() == pytest.approx(5)
    assert timer.paused_s() == pytest.approx(60)


def test_start_while_paused_resumes(clock):
    timer = Timer(simple_timeline(10, 30), clock)
    timer.start()
    timer.pause()
    timer.start()
    assert timer.state is State.RUNNING


def test_skip_and_back_move_between_segments(clock):
    timer = Timer(simple_timeline(10, 30, 20), clock)
    timer.start()
    clock.advance(2)
    timer.skip()
    assert timer.index == 1 and timer.remaining_s() == 30
    timer.skip()
    assert timer.index == 2
    timer.back()
    assert timer.index == 1 and timer.remaining_s() == 30
    timer.back()
    timer.back()
    assert timer.index == 0 and timer.remaining_s() == 10


def test_back_restarts_the_step_unless_it_has_just_begun(clock):
    timer = Timer(simple_timeline(10, 30, 20), clock)
    timer.start()
    timer.skip()
    clock.advance(BACK_RESTARTS_AFTER_S + 3)  # well into the 30 s step
    timer.back()
    assert timer.index == 1 and timer.remaining_s() == 30  # its own start, as the tooltip says
    clock.advance(BACK_RESTARTS_AFTER_S / 2)  # pressed again at once: the step before
    timer.back()
    assert timer.index == 0 and timer.remaining_s() == 10


def test_back_just_short_of_the_limit_goes_to_the_step_before(clock):
    timer = Timer(simple_timeline(10, 30), clock)
    timer.start()
    timer.skip()
    clock.advance(BACK_RESTARTS_AFTER_S - 0.01)
    timer.pause()
    clock.advance(60)  # paused time is not time into the step
    timer.back()
    assert timer.index == 0 and timer.state is State.PAUSED


def test_restore_puts_the_run_at_a_kept_place_paused_and_quietly(clock):
    timer = Timer(simple_timeline(10, 30, 20), clock)
    heard = []
    timer.on_event(heard.append)
    timer.restore(index=1, left_s=12.5, spent=[10, 0, 0], durations=[10, 45, 20])
    assert heard == []
    assert timer.state is State.PAUSED and timer.index == 1 and timer.remaining_s() == 12.5
    assert timer.spent_s() == [10, 32.5, 0]
    timer.start()
    assert timer.state is State.RUNNING and [e.kind for e in heard] == [EventKind.RESUME]


def test_skip_past_the_last_segment_finishes(clock):
    timer = Timer(simple_timeline(10, 30), clock)
    timer.start()
    timer.skip()
    timer.skip()
    assert timer.state is State.FINISHED and timer.remaining_s() == 0
    assert timer.view().progress == 1


def test_back_after_the_finish_returns_paused_to_the_last_segment(clock):
    timer = Timer(simple_timeline(10, 30), clock)
    timer.start()
    clock.advance(100)
    assert timer.state is State.FINISHED
    timer.back()
    assert timer.state is State.PAUSED and timer.index == 1 and timer.remaining_s() == 30


def test_reset_returns_to_the_start_and_undoes_adjustments(clock):
    timer = Timer(simple_timeline(10, 30), clock)
    timer.start()
    timer.adjust(15)
    clock.advance(12)
    timer.reset()
    assert timer.state is State.READY and timer.index == 0 and timer.remaining_s() == 10
    assert timer.run_time_s() == 0 and timer.view().total_s == 40


def test_adjust_adds_and_takes_time_from_the_current_segment(clock):
    timer = Timer(simple_timeline(10, 30), clock)
    timer.start()
    timer.adjust(15)
    assert timer.remaining_s() == pytest.approx(25)
    assert timer.view().total_s == 55
    timer.adjust(-15)
    timer.adjust(-15)  # more than is left: the segment ends now
    assert timer.index == 1 and timer.remaining_s() == 30


def test_events_mark_each_change_at_the_time_it_was_due(clock):
    timer = Timer(simple_timeline(10, 30, 5), clock)
    events = []
    timer.on_event(events.append)
    timer.start()
    start = clock.now
    clock.advance(41)  # nobody asked for 41 s: both changes are found late
    timer.update()
    segment_changes = [(e.index, e.at - start) for e in events if e.kind == "segment"]
    assert segment_changes == [(0, 0), (1, 10), (2, 40)]
    clock.advance(10)
    timer.update()
    assert events[-1].kind == "finish" and events[-1].at - start == 45


def test_a_stopped_listener_hears_nothing_more(clock):
    timer = Timer(simple_timeline(10, 30), clock)
    heard = []
    stop = timer.on_event(heard.append)
    timer.start()
    stop()
    timer.skip()
    assert [e.kind for e in heard] == ["start", "segment"]


def test_work_done_and_exercises_done_count_what_was_run(catalog, clock):
    timeline = compile_timeline(Routine.of("camel-pose", "foam-rolling"), catalog)
    timer = Timer(timeline, clock)
    timer.start()
    clock.advance(10 + 30 + 10 + 12)  # prepare, first hold, rest, 12 s of the second hold
    assert timer.work_done_s() == pytest.approx(42)
    assert timer.exercises_done() == ["camel-pose"]
    clock.advance(timeline.total_s)
    work_total = sum(s.duration_s for s in timeline.segments if s.kind == WORK)
    assert timer.work_done_s() == pytest.approx(work_total)
    assert timer.exercises_done() == ["camel-pose", "foam-rolling"]


def test_an_empty_timeline_never_runs(clock):
    timer = Timer(Timeline(()), clock)
    timer.start()
    timer.skip()
    timer.back()
    assert timer.state is State.READY and timer.view().progress == 1


# ---------------------------------------------------------------------------------------------
# Properties: for any sequence of commands and clock moves


@settings(max_examples=400, deadline=None)
@given(durations=durations, steps=steps)
def test_state_stays_consistent_under_any_commands(durations, steps):
    clock = FakeClock()
    timer = Timer(simple_timeline(*durations), clock)
    for step in steps:
        apply_step(timer, clock, step)
        view = timer.view()
        assert 0 <= view.index < len(durations)
        assert 0 <= view.remaining_s <= view.segment_duration_s + 1e-9
        assert 0 <= view.progress <= 1
        if view.state is State.FINISHED:
            assert view.remaining_s == 0 and view.progress == 1
        if view.state is State.READY:
            assert timer.run_time_s() == 0
        # Every clock second since the start was either running a segment or paused.
        assert timer.run_time_s() == pytest.approx(
            sum(timer.spent_s()) + timer.paused_s(), abs=1e-6
        )


@settings(max_examples=300, deadline=None)
@given(
    durations=durations,
    steps=st.lists(st.one_of(st.sampled_from(["pause", "resume", "start"]), moves), max_size=30),
)
def test_total_run_time_is_the_timeline_plus_the_pauses(durations, steps):
    clock = FakeClock()
    timeline = simple_timeline(*durations)
    timer = Timer(timeline, clock)
    timer.start()
    for step in steps:
        apply_step(timer, clock, step)
    timer.resume()
    clock.advance(timeline.total_s + 1)
    assert timer.state is State.FINISHED
    assert timer.run_time_s() == pytest.approx(timeline.total_s + timer.paused_s(), abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(
    durations=durations,
    polls=st.lists(st.floats(0.01, 50, allow_nan=False), min_size=1, max_size=60),
)
def test_segment_changes_do_not_drift_however_the_timer_is_polled(durations, polls):
    clock = FakeClock()
    timeline = simple_timeline(*durations)
    timer = Timer(timeline, clock)
    changes = []
    timer.on_event(lambda e: changes.append(e) if e.kind in ("segment", "finish") else None)
    timer.start()
    start = clock.now
    for gap in polls:
        clock.advance(gap)
        timer.update()
    clock.advance(timeline.total_s)
    timer.update()
    due = list(timeline.starts_s) + [timeline.total_s]
    assert [c.at - start for c in changes] == pytest.approx(due, abs=1e-6)


def test_the_countdown_text_ignores_floating_point_dust():
    from psoas_lesson.describe import clock

    now, deadline = 1000.0, 1030.0
    for _ in range(20):
        now += 0.05  # twenty 50-ms ticks leave 29.00000000000091, not 29
    assert deadline - now != 29.0 and clock(deadline - now) == "0:29"
    assert clock(29.4) == "0:30" and clock(0.0) == "0:00" and clock(0.001) == "0:01"


@pytest.mark.parametrize("length", [24.88, 1.12, 0.1, 59.3])
def test_paused_the_moment_it_starts_nothing_is_spent_not_even_less(length):
    # now + d - now can come out a hair above d: the kernel refuses a negative time spent.
    timer = Timer(simple_timeline(length), clock=FakeClock(1000.0))
    timer.start()
    timer.pause()
    [spent] = timer.spent_s()
    assert 0 <= spent < 1e-9 and timer.remaining_s() <= length
