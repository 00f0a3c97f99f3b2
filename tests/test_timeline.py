from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_lesson.models import OnBeat, RepsScope, Sides
from psoas_lesson.routine import Routine, applied_dose
from psoas_lesson.timeline import PREPARE, REST, SWITCH, WORK, Count, compile_timeline

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

# What the timer runs at the defaults: (seconds each repetition holds, the sides of the
# repetitions). A move on a beat counts each beat of its repetitions as one.
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


def repetitions(segments):
    """(side, rep, hold) of each repetition: a work period, or a repetition on the beat."""
    out = []
    for s in segments:
        if s.kind != WORK:
            continue
        if s.beats and s.beats[0].rep is not None:
            out += [(b.side, b.rep, b.hold_s) for b in s.beats]
        else:
            out.append((s.side, s.rep, s.duration_s))
    return out


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
    done = repetitions(timeline.segments)
    assert [side for side, _, _ in done] == sides
    assert {seconds for _, _, seconds in done} == {hold}
    assert [rep for _, rep, _ in done] == list(range(1, len(sides) + 1))
    assert {s.of for s in timeline.segments if s.kind == WORK} == {len(sides)}


def test_kneeling_lunge_alternates_sides_with_a_prepare_first_and_switches_between(catalog):
    timeline = compile_timeline(Routine.of("kneeling-lunge"), catalog)
    kinds = [s.kind for s in timeline.segments]
    assert kinds == [PREPARE] + [WORK, SWITCH] * 5 + [WORK]
    assert [s.side for s in timeline.segments if s.kind == SWITCH] == [L, R, L, R, L]
    assert timeline.total_s == 10 + 6 * 30 + 5 * 5


def test_mountain_climbers_are_one_30_second_bout_with_a_knee_on_every_beat(catalog):
    work = [
        s
        for s in compile_timeline(Routine.of("mountain-climbers"), catalog).segments
        if s.kind == WORK
    ]
    assert [(s.duration_s, s.side) for s in work] == [(30, B)]
    beats = work[0].beats
    assert [b.at_s for b in beats] == list(range(30))  # a knee a second (dose.beat_s)
    assert [b.side for b in beats] == [R, L] * 15
    assert [(b.count.n, b.count.of) for b in beats] == [(n, 30) for n in range(1, 31)]
    assert work[0].cue.startswith("Right and left in turn: ")


def test_frankensteins_are_one_segment_of_lifts_on_a_four_second_beat(catalog):
    # The article's 2 s hold and the 2 s to lower and change legs: one lift every 4 s.
    timeline = compile_timeline(Routine.of("frankensteins").with_entry(0, reps=20), catalog)
    (work,) = [s for s in timeline.segments if s.kind == WORK]
    assert [s.kind for s in timeline.segments] == [PREPARE, WORK]
    assert work.beat_s == 4 and work.duration_s == 20 * 2 + 19 * 2  # no pause after the last
    assert [b.at_s for b in work.beats] == [4 * k for k in range(20)]
    assert [b.side for b in work.beats] == [R, L] * 10
    assert {b.hold_s for b in work.beats} == {2}
    assert work.beats[-1].at_s + 2 == work.duration_s  # no pause after the last lift
    assert [(b.count.n, b.count.of) for b in work.beats] == [(n, 20) for n in range(1, 21)]
    assert work.cue.startswith("Alternating right and left: ")


def test_a_beat_follows_the_hold_and_the_pause_the_routine_gives(catalog):
    routine = Routine.of("knee-to-chest").with_entry(0, hold_s=10, rest_s=3, reps=4)
    (work,) = [s for s in compile_timeline(routine, catalog).segments if s.kind == WORK]
    assert work.beat_s == 10 + 3 + 2  # hold, rest, and the knee hug's 2 s to change legs
    assert [b.at_s for b in work.beats] == [0, 15, 30, 45]


def test_repetitions_on_the_beat_one_side_then_the_other_run_in_two_beats(catalog):
    raise_ = catalog.exercise("straight-leg-raise")
    beating = replace(raise_, dose=replace(raise_.dose, on_beat=OnBeat.REPS))
    timeline = compile_timeline(Routine.of(beating.id).with_entry(0, reps=3), {beating.id: beating})
    kinds = [s.kind for s in timeline.segments]
    assert kinds == [PREPARE, WORK, SWITCH, WORK]
    right, switch, left = timeline.segments[1:]
    assert right.beat_s == 5 + 2 and [b.side for b in right.beats] == [R] * 3
    assert switch.duration_s == 2 + 5  # the rest and the routine's 5 s to change sides
    assert [(b.rep, b.count.n, b.count.of) for b in left.beats] == [(4, 1, 3), (5, 2, 3), (6, 3, 3)]


def test_the_count_is_the_cards_per_side_where_the_dose_counts_per_side(catalog):
    timeline = compile_timeline(Routine.of("kneeling-lunge").with_entry(0, sets=2), catalog)
    counts = [(s.side, s.count) for s in timeline.segments if s.kind == WORK]
    assert counts[:6] == [
        (side, Count(n, 3, 1, 2, per_side=True)) for n in (1, 2, 3) for side in (R, L)
    ]
    assert counts[6] == (R, Count(1, 3, 2, 2, per_side=True))
    bridges = compile_timeline(Routine.of("glute-bridge"), catalog)  # on a beat: one segment
    (work,) = [s for s in bridges.segments if s.kind == WORK]
    counts = [beat.count for beat in work.beats]
    assert [(c.n, c.of, c.per_side) for c in counts] == [(n, 15, False) for n in range(1, 16)]


def test_the_beat_under_way_is_the_last_that_has_begun(catalog):
    (work,) = [
        s for s in compile_timeline(Routine.of("frankensteins"), catalog).segments if s.kind == WORK
    ]
    assert [work.beat_at(t) for t in (0, 3.999, 4, 4.5, 116)] == [0, 0, 1, 1, 29]
    assert compile_timeline(Routine.of("camel-pose"), catalog).segments[1].beat_at(3) is None


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
    expected = sum(
        applied_dose(catalog.exercise(e.exercise), e, routine.settings).work_periods
        for e in routine.entries
    )
    assert len(repetitions(segments)) == expected
    # Beats fall inside their segment, in order, and a repetition's hold ends before the next.
    for segment in segments:
        times = [b.at_s for b in segment.beats]
        assert times == sorted(set(times)) and all(0 <= t < segment.duration_s for t in times)
        ends = [b.at_s for b in segment.beats[1:]] + [segment.duration_s]
        for beat, end in zip(segment.beats, ends, strict=False):
            assert beat.hold_s is None or beat.at_s + beat.hold_s <= end + 1e-9
    assert len(timeline.beat_times_s()) == sum(len(s.beats) for s in segments)
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
