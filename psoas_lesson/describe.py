"""Doses and durations in plain words, for the command line, cards and handouts."""

from __future__ import annotations

from .models import Amount, Exercise, OnBeat, RepsScope, Sides
from .routine import AppliedDose, Settings, applied_dose
from .steps import every, render_steps
from .text import number


def clock(seconds: float) -> str:
    """``M:SS`` (or ``H:MM:SS``), rounding up so a countdown shows 0:00 only at the end.

    Rounded to the microsecond first: a clock reading minus a deadline can come out a hair over a
    whole second (29.000000001), which must show 0:29, not 0:30.
    """
    whole = int(-(-max(0.0, round(seconds, 6)) // 1))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration(seconds: float) -> str:
    """A duration for reading: ``45 s``, ``3 min 20 s``, ``1 h 5 min``."""
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def dose_text(exercise: Exercise, dose: AppliedDose | None = None) -> str:
    """One line: ``3 × 30 s holds per side, alternating right and left``."""
    dose = dose or applied_dose(exercise)
    hold = f"{number(dose.hold_s)} s"
    if dose.hold_breaths is not None:
        hold = f"{number(dose.hold_breaths)} breaths (about {number(round(dose.hold_s))} s)"
    noun = "hold" if exercise.kind.effort != "dynamic" else "rep"
    if dose.sides is Sides.BOTH_AT_ONCE:
        single = "bout" if noun == "rep" else noun
        count = f"one {single} of {hold}" if dose.reps == 1 else f"{dose.reps} × {hold} {noun}s"
        where = ""
    elif dose.reps_scope is RepsScope.TOTAL:
        count = f"{dose.reps} × {hold} {noun}s in all"
        where = f", {dose.sides.label}"
    else:
        count = f"{dose.reps} × {hold} {noun}{'s' if dose.reps != 1 else ''} per side"
        where = f", {dose.sides.label}"
    sets = f", {dose.sets} sets" if dose.sets > 1 else ""
    rest = (
        f", {number(dose.rest_s)} s rest between" if dose.rest_s and dose.work_periods > 1 else ""
    )
    return f"{count}{where}{sets}{rest}{beat_text(dose)}"


def beat_text(dose: AppliedDose) -> str:
    """A move's beat for the dose line: ``, one every 4 seconds``; empty off the beat."""
    if dose.on_beat is OnBeat.REPS:
        return f", one {every(dose.beat_s)}"
    if dose.on_beat is OnBeat.SIDES:
        return f", right and left in turn, one {every(dose.beat_s)}"
    return ""


def amount_text(amount: Amount) -> str:
    """The lesson's default beside the article's figure: ``15 s (article: 15–30 s)``."""
    return f"{number(amount.default)}{amount.unit} (article: {amount.article_text})"


def exercise_text(exercise: Exercise, settings: Settings | None = None) -> str:
    """An exercise as readable plain text."""
    dose = exercise.dose
    applied = applied_dose(exercise, None, settings)
    lines = [
        exercise.name,
        "=" * len(exercise.name),
        f"{exercise.kind.label} · targets: {', '.join(exercise.targets)}",
    ]
    if exercise.needs:
        needs = list(exercise.equipment) + [
            f"{e} (optional)" for e in exercise.optional_equipment if e not in exercise.equipment
        ]
        lines.append(f"equipment: {', '.join(needs)}")
    lines += ["", exercise.summary, "", "Why: " + exercise.why, "", "Steps:"]
    lines += [f"  {i}. {step}" for i, step in enumerate(render_steps(exercise, applied), 1)]
    lines += [
        "",
        "Dose: " + dose_text(exercise, applied),
        f"  hold: {amount_text(dose.work_amount)}",
        f"  repetitions: {amount_text(dose.reps)}"
        + (
            " in all"
            if dose.reps_scope is RepsScope.TOTAL
            else ""
            if dose.sides is Sides.BOTH_AT_ONCE
            else " per side"
        ),
        f"  sides: {dose.sides.label}",
    ]
    if dose.on_beat is not None:
        why = "the hold and the pause after it" if dose.on_beat is OnBeat.REPS else "the lesson's"
        lines.append(f"  beat: one {every(applied.beat_s)} ({why})")
    if dose.note:
        lines.append(f"  note: {dose.note}")
    lines += ["", "Cautions:"] + [f"  - {c}" for c in exercise.cautions]
    if exercise.cautions_source:
        lines.append(f"  (cautions: {exercise.cautions_source})")
    lines += ["", f"Evidence: {exercise.evidence}", f"Source: {exercise.source}"]
    return "\n".join(lines)
