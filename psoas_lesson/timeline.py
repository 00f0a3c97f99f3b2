"""Compile a routine into a timeline: the timed segments a timer runs, with cues.

Segments, in order, for each exercise: a ``prepare`` count-in, then its ``work`` periods. Between
two work periods comes a pause of the exercise's rest; when the side changes it is a ``switch``
and also includes the time to change sides. Between exercises comes a ``rest``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from itertools import accumulate
from typing import Any, Mapping

from .models import Exercise, RepsScope, Sides
from .routine import AppliedDose, Routine, applied_dose, check_routine

PREPARE, WORK, REST, SWITCH = "prepare", "work", "rest", "switch"
KINDS = (PREPARE, WORK, REST, SWITCH)


@dataclass(frozen=True)
class Segment:
    """One timed period. ``rep`` counts work periods within the exercise, 1 to ``of``."""

    kind: str
    exercise: str | None
    side: str | None
    rep: int | None
    duration_s: float
    cue: str
    of: int | None = None
    name: str = ""
    entry: int | None = None  # index of the routine entry this belongs to


@dataclass(frozen=True)
class Timeline:
    segments: tuple[Segment, ...]
    name: str = ""

    @property
    def total_s(self) -> float:
        return round(sum(s.duration_s for s in self.segments), 3)

    @property
    def starts_s(self) -> tuple[float, ...]:
        """When each segment starts, in seconds from the beginning."""
        return tuple(accumulate((s.duration_s for s in self.segments[:-1]), initial=0.0))

    def seconds_by_kind(self) -> dict[str, float]:
        totals = dict.fromkeys(KINDS, 0.0)
        for segment in self.segments:
            totals[segment.kind] += segment.duration_s
        return totals

    def to_data(self) -> dict[str, Any]:
        fields = ("kind", "exercise", "side", "rep", "of", "duration_s", "cue")
        return {"name": self.name, "total_s": self.total_s,
                "segments": [{k: asdict(s)[k] for k in fields} for s in self.segments]}

    def to_json(self) -> str:
        return json.dumps(self.to_data(), indent=2, ensure_ascii=False)


def compile_timeline(routine: Routine, exercises: Mapping[str, Exercise] | Any) -> Timeline:
    """Turn a routine into segments. ``exercises`` is a Catalog or a mapping of id to Exercise."""
    by_id = getattr(exercises, "exercises_by_id", exercises)
    check_routine(routine, by_id, routine.name or "routine")
    settings = routine.settings
    segments: list[Segment] = []
    for index, entry in enumerate(routine.entries):
        exercise = by_id[entry.exercise]
        dose = applied_dose(exercise, entry, settings)
        if index > 0 and settings.rest_between_exercises_s > 0:
            segments.append(Segment(REST, None, None, None, settings.rest_between_exercises_s,
                                    f"Rest. Next: {exercise.name}"))
        segments += [replace(s, entry=index)
                     for s in _exercise_segments(exercise, dose, settings.first_side, settings.prepare_s)]
    return Timeline(tuple(segments), routine.name)


def work_sides(dose: AppliedDose, first_side: str) -> list[str]:
    """The side of each work period, in order, for one set."""
    second = "left" if first_side == "right" else "right"
    if dose.sides is Sides.BOTH_AT_ONCE:
        return ["both"] * dose.reps
    if dose.reps_scope is RepsScope.TOTAL:
        first_n, second_n = (dose.reps + 1) // 2, dose.reps // 2
    else:
        first_n = second_n = dose.reps
    if dose.sides is Sides.ONE_SIDE_THEN_OTHER:
        return [first_side] * first_n + [second] * second_n
    order = []
    for i in range(max(first_n, second_n)):
        if i < first_n:
            order.append(first_side)
        if i < second_n:
            order.append(second)
    return order


def _exercise_segments(exercise: Exercise, dose: AppliedDose, first_side: str, prepare_s: float) -> list[Segment]:
    sides = work_sides(dose, first_side) * dose.sets
    total = len(sides)
    out: list[Segment] = []
    if prepare_s > 0:
        where = "" if sides[0] == "both" else f", {sides[0]} side first"
        out.append(Segment(PREPARE, exercise.id, sides[0], None, prepare_s,
                           f"Get ready: {exercise.name}{where}", None, exercise.name))
    for rep, side in enumerate(sides, start=1):
        if rep > 1:
            previous = sides[rep - 2]
            changes = side != previous
            pause = dose.rest_s + (dose.switch_s if changes else 0.0)
            if pause > 0:
                if changes:
                    cue = f"Switch to the {side} side" if dose.rest_s == 0 else f"Relax, then switch to the {side} side"
                    out.append(Segment(SWITCH, exercise.id, side, None, pause, cue, None, exercise.name))
                else:
                    out.append(Segment(REST, exercise.id, side, None, pause, "Relax", None, exercise.name))
        label = "Both sides" if side == "both" else f"{side.capitalize()} side"
        out.append(Segment(WORK, exercise.id, side, rep, dose.hold_s, f"{label}: {exercise.cue}",
                           total, exercise.name))
    return out
