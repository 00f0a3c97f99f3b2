"""Compile a routine into a timeline: the timed segments a timer runs, with cues.

Segments, in order, for each exercise: a ``prepare`` count-in, then its ``work`` periods. Between
two work periods comes a pause of the exercise's rest; when the side changes it is a ``switch``
and also includes the time to change sides. Between exercises comes a ``rest``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from enum import Enum
from itertools import accumulate
from typing import Any

from .models import Exercise, RepsScope, Sides
from .routine import AppliedDose, Routine, applied_dose, check_routine


class SegmentKind(str, Enum):
    """What a timed period asks of the learner."""

    PREPARE = "prepare"
    WORK = "work"
    REST = "rest"
    SWITCH = "switch"

    def __str__(self) -> str:
        return self.value  # "work" in f-strings and ids, not "SegmentKind.WORK"

    @property
    def label(self) -> str:
        """The word a timer, chart or handout shows for it: ``Get ready``, ``Work``, ..."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    SegmentKind.PREPARE: "Get ready",
    SegmentKind.WORK: "Work",
    SegmentKind.REST: "Rest",
    SegmentKind.SWITCH: "Switch sides",
}
PREPARE, WORK, REST, SWITCH = SegmentKind
KINDS = tuple(SegmentKind)


@dataclass(frozen=True, kw_only=True)
class Segment:
    """One timed period. ``rep`` counts work periods within the exercise, 1 to ``of``."""

    kind: SegmentKind
    duration_s: float
    cue: str
    exercise: str | None = None
    name: str = ""
    side: str | None = None
    rep: int | None = None
    of: int | None = None
    entry: int | None = None  # index of the routine entry this belongs to

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SegmentKind(self.kind))  # "work" is accepted too


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
        return {
            "name": self.name,
            "total_s": self.total_s,
            "segments": [{k: asdict(s)[k] for k in fields} for s in self.segments],
        }

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
            segments.append(
                Segment(
                    kind=REST,
                    duration_s=settings.rest_between_exercises_s,
                    cue=f"Rest. Next: {exercise.name}",
                )
            )
        segments += [
            replace(s, entry=index)
            for s in _exercise_segments(exercise, dose, settings.first_side, settings.prepare_s)
        ]
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


def _exercise_segments(
    exercise: Exercise, dose: AppliedDose, first_side: str, prepare_s: float
) -> list[Segment]:
    sides = work_sides(dose, first_side) * dose.sets
    total = len(sides)
    out: list[Segment] = []
    about = {"exercise": exercise.id, "name": exercise.name}
    if prepare_s > 0:
        where = "" if sides[0] == "both" else f", {sides[0]} side first"
        out.append(
            Segment(
                kind=PREPARE,
                duration_s=prepare_s,
                cue=f"Get ready: {exercise.name}{where}",
                side=sides[0],
                **about,
            )
        )
    for rep, side in enumerate(sides, start=1):
        if rep > 1:
            previous = sides[rep - 2]
            changes = side != previous
            pause = dose.rest_s + (dose.switch_s if changes else 0.0)
            if pause > 0:
                if changes:
                    cue = (
                        f"Switch to the {side} side"
                        if dose.rest_s == 0
                        else f"Relax, then switch to the {side} side"
                    )
                    out.append(Segment(kind=SWITCH, duration_s=pause, cue=cue, side=side, **about))
                else:
                    out.append(
                        Segment(kind=REST, duration_s=pause, cue="Relax", side=side, **about)
                    )
        label = "Both sides" if side == "both" else f"{side.capitalize()} side"
        out.append(
            Segment(
                kind=WORK,
                duration_s=dose.hold_s,
                cue=f"{label}: {exercise.cue}",
                side=side,
                rep=rep,
                of=total,
                **about,
            )
        )
    return out
