from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_lesson.models import RepsScope, Sides
from psoas_lesson.routine import Routine, applied_dose
from psoas_lesson.timeline import PREPARE, REST, SWITCH, WORK, compile_timeline

from .helpers import routines

# What the article says, exercise by exercise: (hold as [low, high] or None, reps as [low, high] or
# None, how reps are counted, sides). Transcribed from the source article by hand.
ARTICLE = {
    "kneeling-lunge": ([30, 30], [3, 3], RepsScope.PER_SIDE, Sides.ALTERNATING),
    "camel-pose": ([30, 30], [3, 3], RepsScope.PER_SIDE, Sides.BOTH_AT_ONCE),
    "glute-bridge": ([5, 10], [15, 20], RepsScope.PER_SIDE, Sides.BOTH_AT_ONCE),
    "side-lying-psoas-stretch": ([30, 30], [3, 3], RepsScope.PER_SIDE, Sides.ONE_SIDE_THEN_OTHER),
    "prone-quadriceps-stretch": ([15, 30], [2, 3], RepsScope.PER_SIDE, Sides.ALTERNATING),
    "knee-to-chest": (None, [20, 20], RepsScope.TOTAL, Sides.ALTERNATING),
    "straight-leg-raise": ([5, 5], [20, 20], RepsScope.PER_SIDE, Sides.ONE_SIDE_THEN_OTHER),
    "frankensteins": ([2, 2], [30, 30], RepsScope.TOTAL, Sides.ALTERNATING),
    "mountain-climbers": ([30, 30], [1, 1], RepsScope.PER_SIDE, Sides.BOTH_AT_ONCE),
    "sphinx-pose": ([1, 10], [1, 1], RepsScope.PER_SIDE, Sides.BOTH_AT_ONCE),  # breaths: "up to 10"
    # "Duplicate on the other side" / "one to two minutes to each side": once per side.
    "supine-psoas-massage": ([30, 60], [1, 1], RepsScope.PER_SIDE, Sides.ONE_SIDE_THEN_OTHER),
    "side-lying-psoas-massage": ([60, 120], [1, 1], RepsScope.PER_SIDE, Sides.ONE_SIDE_THEN_OTHER),
    "foam-rolling": (None, None, RepsScope.PER_SIDE, Sides.BOTH_AT_ONCE),
}

# What the timer runs at the defaults: (seconds per work period, sides of the work periods).
R, L, B = "right", "left", "both"
DEFAULT_RUN = {
    "kneeling-lunge": (30, [R, L] * 3),
    "camel-pose": (30, [B] * 3),
    "glute-bridge": (5, [B] * 15),
    "side-lying-psoas-stretch": (30, [R] * 3 + [L] * 3),
    "prone-quadriceps-stretch": (15, [R, L] * 2),
    "knee-to-chest": (5, [R, L] * 10),
    "straight-leg-raise": (5, [R] * 20 + [L] * 20),
    "frankensteins": (2, [R, L] * 15),
    "mountain-climbers": (30, [B]),
    "sphinx-pose": (50, [B]),  # 5 breaths (the gentle start of "up to 10") at 6 a minute
    "supine-psoas-massage": (30, [R, L]),
    "side-lying-psoas-massage": (60, [R, L]),
    "foam-rolling": (60, [B]),
}


def _range(amount):
    return None if amount.article_min is None else [amount.article_min, amount.article_max]


@pytest.mark.parametrize("exercise_id", ARTICLE)
def test_data_doses_match_the_article(catalog, exercise_id):
    hold, reps, scope, sides = ARTICLE[exercise_id]
    dose = catalog.exercise(exercise_id).dose
    assert _range(dose.work_amount) == hold
    assert _range(dose.reps) == reps
    assert dose.reps_scope is scope
    assert dose.sides is sides


@pytest.mark.parametrize("exercise_id", DEFAULT_RUN)
def test_compiled_work_periods_match_the_dose(catalog, exercise_id):
    hold, sides = DEFAULT_RUN[exercise_id]
    timeline = compile_timeline(Routine.of(exercise_id), catalog)
    work = [s for s in timeline.segments if s.kind == WORK]
    assert [s.side for s in work] == sides
    assert {s.duration_s for s in work} == {hold}
    assert [s.rep for s in work] == list(range(1, len(sides) + 1))
    assert {s.of for s in work} == {len(sides)}


def test_kneeling_lunge_alternates_sides_with_a_prepare_first_and_switches_between(catalog):
    timeline = compile_timeline(Routine.of("kneeling-lunge"), catalog)
    kinds = [s.kind for s in timeline.segments]
    assert kinds == [PREPARE] + [WORK, SWITCH] * 5 + [WORK]
    assert [s.side for s in timeline.segments if s.kind == SWITCH] == [L, R, L, R, L]
    assert timeline.total_s == 10 + 6 * 30 + 5 * 5


def test_mountain_climbers_are_one_30_second_bout(catalog):
    work = [
        s
        for s in compile_timeline(Routine.of("mountain-climbers"), catalog).segments
        if s.kind == WORK
    ]
    assert [(s.duration_s, s.side) for s in work] == [(30, B)]


def test_breaths_become_seconds_through_the_breathing_rate(catalog):
    slow = compile_timeline(Routine.of("sphinx-pose", breaths_per_min=6), catalog)
    fast = compile_timeline(Routine.of("sphinx-pose", breaths_per_min=12), catalog)
    # The sphinx starts at 5 breaths: 50 s at 6 breaths a minute, 25 s at 12.
    assert [s.duration_s for s in slow.segments if s.kind == WORK] == [50]
    assert [s.duration_s for s in fast.segments if s.kind == WORK] == [25]


def test_rest_comes_between_exercises_not_before_the_first(catalog):
    timeline = compile_timeline(
        Routine.of("camel-pose", "foam-rolling", rest_between_exercises_s=20), catalog
    )
    assert timeline.segments[0].kind == PREPARE
    between = [s for s in timeline.segments if s.kind == REST and s.exercise is None]
    assert len(between) == 1 and between[0].duration_s == 20 and "Foam rolling" in between[0].cue


def test_first_side_setting_puts_left_first(catalog):
    timeline = compile_timeline(Routine.of("kneeling-lunge", first_side="left"), catalog)
    assert [s.side for s in timeline.segments if s.kind == WORK][:2] == [L, R]


def test_zero_length_pauses_are_left_out(catalog):
    routine = Routine.of("camel-pose", prepare_s=0).with_entry(0, rest_s=0)
    timeline = compile_timeline(routine, catalog)
    assert [s.kind for s in timeline.segments] == [WORK] * 3


def test_timeline_json_has_the_documented_fields(catalog):
    data = compile_timeline(Routine.of("kneeling-lunge"), catalog).to_data()
    assert data["total_s"] == 215
    assert set(data["segments"][0]) >= {"kind", "exercise", "side", "rep", "duration_s", "cue"}


def test_every_ready_routine_compiles_and_the_totals_add_up(catalog):
    for routine in catalog.routines:
        timeline = compile_timeline(routine, catalog)
        assert timeline.total_s == pytest.approx(sum(s.duration_s for s in timeline.segments))
        assert timeline.segments[0].kind == PREPARE


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_compiled_timelines_keep_their_rules(catalog, data):
    routine = data.draw(routines(catalog))
    timeline = compile_timeline(routine, catalog)
    segments = timeline.segments
    assert all(s.duration_s > 0 for s in segments)
    assert timeline.total_s == pytest.approx(sum(s.duration_s for s in segments))
    for entry in routine.entries:
        exercise = catalog.exercise(entry.exercise)
        dose = applied_dose(exercise, entry, routine.settings)
        assert dose.work_periods >= 1
    work = [s for s in segments if s.kind == WORK]
    expected = sum(
        applied_dose(catalog.exercise(e.exercise), e, routine.settings).work_periods
        for e in routine.entries
    )
    assert len(work) == expected
    # Within an exercise the side changes only through a switch, unless switching takes no time.
    # Keyed by entry, not exercise id: the same exercise may appear twice with different rests.
    doses = [
        applied_dose(catalog.exercise(e.exercise), e, routine.settings) for e in routine.entries
    ]
    for before, after in zip(segments, segments[1:], strict=False):
        if before.kind == WORK and after.kind == WORK and before.entry == after.entry:
            dose = doses[before.entry]
            assert before.side == after.side or dose.switch_s + dose.rest_s == 0
        if after.kind == SWITCH:
            assert after.side != before.side
