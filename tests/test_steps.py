"""Steps written from the applied dose: no step can say another number than the dose the card,
the handout and the timer run (issue 14, item 21)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_lesson.catalog import load_catalog
from psoas_lesson.describe import exercise_text
from psoas_lesson.errors import DataError
from psoas_lesson.handout import handout_html
from psoas_lesson.html import esc
from psoas_lesson.routine import Entry, Settings, applied_dose, hold_bounds_s
from psoas_lesson.steps import (
    NON_DOSE_NUMBER,
    StepError,
    check_step,
    render_step,
    render_steps,
)

from .helpers import replace_in

CATALOG = load_catalog()
EXERCISES = CATALOG.exercises
READY = [(r, i) for r in CATALOG.routines for i in range(len(r.entries))]

# Counting words a step might type instead of a placeholder ("three holds", "a minute").
COUNT_WORDS = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|once|twice|half a|minutes?|seconds?)\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]*)")


def numbers_disagreeing(steps: tuple[str, ...], dose) -> list[str]:
    """Every number in the steps that is neither a dose number of ``dose`` nor a length or an
    angle; a number of seconds must be the hold (or the rest, or the beat), a number of breaths
    the breaths."""
    doses = {dose.hold_s, dose.reps, dose.sets, dose.rest_s}
    if dose.hold_breaths is not None:
        doses.add(dose.hold_breaths)
    wrong = []
    for step in steps:
        for match in NUMBER.finditer(NON_DOSE_NUMBER.sub("", step)):
            value, unit = float(match[1]), match[2]
            if unit.startswith("second"):
                allowed = {dose.hold_s, dose.rest_s, dose.beat_s}
            elif unit.startswith("breath"):
                allowed = {dose.hold_breaths}
            else:
                allowed = doses
            if value not in allowed:
                wrong.append(f"{match[0]!r} in {step!r}")
    return wrong


# ---------------------------------------------------------------------------------------------
# Writing the dose in


def test_hold_is_written_with_its_unit_and_counts_take_their_noun():
    lunge = CATALOG.exercise("kneeling-lunge")
    dose = applied_dose(lunge, Entry("kneeling-lunge", hold_s=45, reps=1))
    assert render_step("Hold for {hold}.", dose) == "Hold for 45 seconds."
    assert render_step("Do {reps:hold} on each leg.", dose) == "Do 1 hold on each leg."
    assert render_step("{reps} in all", applied_dose(lunge)) == "3 in all"
    sphinx = CATALOG.exercise("sphinx-pose")
    assert render_step("Stay for {hold}.", applied_dose(sphinx)) == "Stay for 5 breaths."
    # a breath-timed pose given a hold in seconds says seconds, as its dose line does
    in_seconds = applied_dose(sphinx, Entry("sphinx-pose", hold_s=40))
    assert render_step("Stay for {hold}.", in_seconds) == "Stay for 40 seconds."


def test_the_beat_is_written_as_its_pace_from_the_hold_and_the_pause():
    frankensteins = CATALOG.exercise("frankensteins")
    assert render_step("one lift {beat}", applied_dose(frankensteins)) == "one lift every 4 seconds"
    slower = applied_dose(frankensteins, Entry("frankensteins", hold_s=3, rest_s=1))
    assert render_step("one lift {beat}", slower) == "one lift every 6 seconds"  # 3 + 1 + 2
    climbers = CATALOG.exercise("mountain-climbers")
    assert render_step("one knee {beat}", applied_dose(climbers)) == "one knee every second"
    with pytest.raises(StepError, match="unknown placeholder"):
        check_step("one lift {beat:lift}")  # the pace carries its own unit


def test_a_step_with_a_beat_needs_a_move_on_a_beat(data_copy):
    replace_in(data_copy / "exercises.yaml", "Hold for {hold}, then ease off", "Hold {beat}, then")
    with pytest.raises(DataError, match=r"kneeling-lunge: steps\[4\]: \{beat\} needs a move on a"):
        load_catalog(base_dir=data_copy)


def test_more_than_one_set_adds_a_last_step_that_says_so():
    lunge = CATALOG.exercise("kneeling-lunge")
    two_sets = render_steps(lunge, applied_dose(lunge, Entry("kneeling-lunge", sets=2)))
    assert two_sets[:-1] == render_steps(lunge, applied_dose(lunge))
    assert two_sets[-1] == "Then go through all of this again: 2 sets in all."


def test_text_in_braces_that_is_no_placeholder_is_left_as_typed():
    # The loader refuses it; a model built in code (a test's payload) must still show as typed.
    dose = applied_dose(CATALOG.exercise("kneeling-lunge"))
    for text in ("{display}", "{{hold}}", "a { b", "{reps:Hold}", "{hold:s}"):
        assert render_step(text, dose).replace("30 seconds", "{hold}") == text


@pytest.mark.parametrize(
    "step",
    ["Keep 2-3 cm inside the bone.", "Knees at 90°, hips at 45 degrees.", "About 1 inch in."],
)
def test_a_length_or_an_angle_is_not_a_dose_and_may_stay(step):
    check_step(step)


@pytest.mark.parametrize(
    "step, message",
    [
        ("Hold for 30 seconds.", "has the number '30' typed in"),
        ("Do 3 holds, then {reps} more.", "has the number '3' typed in"),
        ("Hold for {hold_time}.", "unknown placeholder {hold_time}"),
        ("Do {reps:Holds}.", "unknown placeholder {reps:Holds}"),
        ("Stay for {hold:breath}.", "unknown placeholder {hold:breath}"),
        ("Hold for {hold.", "a brace without its partner"),
        ("Hold for hold}.", "a brace without its partner"),
    ],
)
def test_the_loader_refuses_a_typed_dose_or_a_bad_placeholder_in_one_line(data_copy, step, message):
    replace_in(
        data_copy / "exercises.yaml", "      - Hold for {hold}, then ease off", f"      - {step}"
    )
    with pytest.raises(DataError) as caught:
        load_catalog(base_dir=data_copy)
    line = str(caught.value)
    assert "\n" not in line
    assert line.startswith(f"{data_copy / 'exercises.yaml'}: kneeling-lunge: steps[4]: "), line
    assert message in line


@pytest.mark.parametrize(
    "field, old, new, message",
    [
        ("cue", "cue: Hips forward,", "cue: Hips forward for {hold},", "takes no placeholders"),
        ("summary", "A half-kneeling stretch", "A 30 s stretch", "has the number '30'"),
        ("cautions[0]", "- Pad the back knee", "- Pad the knee for {hold}", "no placeholders"),
    ],
)
def test_the_texts_shown_as_they_are_take_no_placeholder_or_dose_number(
    data_copy, field, old, new, message
):
    replace_in(data_copy / "exercises.yaml", old, new)
    with pytest.raises(DataError, match=rf"kneeling-lunge: {re.escape(field)}: .*{message}"):
        load_catalog(base_dir=data_copy)


# ---------------------------------------------------------------------------------------------
# The built-in steps: where a dose number appears, it is a placeholder


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_no_step_spells_out_a_count_or_a_time(exercise):
    for template in exercise.steps:
        found = COUNT_WORDS.search(re.sub(r"\{[^{}]*\}", "", template))
        assert not found, f"{exercise.id}: {found.group(0)!r} in {template!r}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_every_hold_and_every_count_in_the_steps_is_a_placeholder(exercise):
    # An exercise's steps say how long to hold, and, where it repeats, how many times.
    joined = " ".join(exercise.steps)
    assert "{hold}" in joined, exercise.id
    assert "{reps" in joined, exercise.id


# ---------------------------------------------------------------------------------------------
# Steps and dose agree: the ready routines, and any routine (property)


@pytest.mark.parametrize(
    "routine, index", READY, ids=[f"{r.id}-{r.entries[i].exercise}" for r, i in READY]
)
def test_every_ready_routines_steps_agree_with_its_dose(routine, index):
    entry = routine.entries[index]
    exercise = CATALOG.exercise(entry.exercise)
    dose = applied_dose(exercise, entry, routine.settings)
    assert not numbers_disagreeing(render_steps(exercise, dose), dose)


def test_the_checker_finds_the_handout_sentence_the_issue_found():
    # class-warmup printed "Hold for 30 seconds ... three holds" under a dose of 2 x 20 s.
    lunge = CATALOG.exercise("kneeling-lunge")
    dose = applied_dose(lunge, Entry("kneeling-lunge", hold_s=20, reps=2))
    old = ("Hold for 30 seconds, then ease off and change legs.", "Do 3 holds on each leg.")
    assert len(numbers_disagreeing(old, dose)) == 2
    assert COUNT_WORDS.search("Do three holds on each leg, alternating right and left.")


@st.composite
def overridden(draw):
    """An exercise, an entry with any in-bounds overrides, and the settings it runs with."""
    exercise = draw(st.sampled_from(EXERCISES))
    dose = exercise.dose
    routine_settings = Settings(breaths_per_min=draw(st.sampled_from([4.0, 5.0, 6.0, 7.5, 12.0])))
    fields = {}
    if dose.in_breaths and draw(st.booleans()):
        fields["hold_breaths"] = draw(
            st.integers(int(dose.hold_breaths.min), int(dose.hold_breaths.max))
        )
    elif draw(st.booleans()):
        low, high = hold_bounds_s(exercise, routine_settings)
        fields["hold_s"] = draw(st.integers(int(-(-low // 1)), int(high)))
    for name in ("reps", "sets"):
        amount = getattr(dose, name)
        if draw(st.booleans()):
            fields[name] = draw(st.integers(int(amount.min), int(amount.max)))
    if draw(st.booleans()):
        fields["rest_s"] = draw(st.integers(int(dose.rest_s.min), int(dose.rest_s.max)))
    return exercise, Entry(exercise.id, **fields), routine_settings


@settings(max_examples=300, deadline=None)
@given(overridden())
def test_for_any_in_bounds_overrides_every_number_in_the_steps_agrees_with_the_dose(case):
    exercise, entry, routine_settings = case
    dose = applied_dose(exercise, entry, routine_settings)
    steps = render_steps(exercise, dose)
    assert not numbers_disagreeing(steps, dose)
    joined = " ".join(steps)
    hold = f"{dose.hold_breaths:g} breath" if dose.hold_breaths else f"{dose.hold_s:g} second"
    assert hold in joined  # the hold the timer runs is the one the steps say
    assert re.search(rf"\b{dose.reps}\b", joined)  # and so is the count


# ---------------------------------------------------------------------------------------------
# The card, the handout and `psoas-lesson show` say the same


@pytest.mark.parametrize("routine", CATALOG.routines, ids=[r.id for r in CATALOG.routines])
def test_each_handout_prints_the_steps_its_entries_dose_writes(routine):
    page = handout_html(routine, CATALOG)
    blocks = re.findall(r'<article class="exercise".*?</article>', page, re.S)
    assert len(blocks) == len(routine.entries)
    for block, entry in zip(blocks, routine.entries, strict=True):
        exercise = CATALOG.exercise(entry.exercise)
        steps = render_steps(exercise, applied_dose(exercise, entry, routine.settings))
        listed = re.search(r"<ol>(.*?)</ol>", block, re.S)[1]
        assert listed == "".join(f"<li>{esc(step)}</li>" for step in steps)


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_show_prints_the_steps_of_the_starting_dose(exercise):
    text = exercise_text(exercise)
    for number, step in enumerate(render_steps(exercise, applied_dose(exercise)), 1):
        assert f"  {number}. {step}\n" in text
