"""Compile a routine into a timeline: the timed segments a timer runs, with cues.

Segments, in order, for each exercise: a ``prepare`` count-in, then its ``work`` periods. Between
two work periods comes a pause of the exercise's rest; when the side changes it is a ``switch``
and also includes the time to change sides. Between exercises comes a ``rest``.

A move on a beat (``on_beat`` in its dose) is paced inside its work periods: repetitions on the
beat run as one work segment, a beat for each (the hold and the pause after it), split only where
the pause changes (one side, then the other); sides that take turns through a hold get a beat
every ``beat_s`` of it. Each :class:`Beat` knows its side and count, so a timer can say and show
them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from enum import Enum
from itertools import accumulate
from typing import Any

from .models import Exercise, OnBeat, RepsScope, Sides
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


# A beat counts as begun this much before its time, in both timers (the page's twin is
# timer_core.js BEAT_EPSILON_S): elapsed time is a difference of clock readings.
BEAT_EPSILON_S = 1e-9


@dataclass(frozen=True)
class Count:
    """Where a repetition stands as the card counts it: ``n`` of ``of``, on its side where the
    dose counts per side (in all otherwise), in set ``set`` of ``sets``."""

    n: int
    of: int
    set: int = 1
    sets: int = 1
    per_side: bool = False


@dataclass(frozen=True)
class Beat:
    """One beat of a move on a beat, ``at_s`` seconds into its segment: the side it works and
    where it stands in the count. A repetition on the beat has its ``rep`` (1 to the segment's
    ``of``) and its ``hold_s``; the pause after the hold, if any, lasts to the next beat."""

    at_s: float
    side: str
    count: Count
    rep: int | None = None
    hold_s: float | None = None


@dataclass(frozen=True, kw_only=True)
class Segment:
    """One timed period. ``rep`` counts work periods within the exercise, 1 to ``of`` (for a
    segment of repetitions on a beat, its first); ``count`` is how the card counts it. A move
    on a beat has its ``beats``, ``beat_s`` apart."""

    kind: SegmentKind
    duration_s: float
    cue: str
    exercise: str | None = None
    name: str = ""
    side: str | None = None
    rep: int | None = None
    of: int | None = None
    entry: int | None = None  # index of the routine entry this belongs to
    count: Count | None = None
    beats: tuple[Beat, ...] = ()
    beat_s: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SegmentKind(self.kind))  # "work" is accepted too

    def beat_at(self, elapsed_s: float) -> int | None:
        """The beat under way ``elapsed_s`` into this segment; None where it has no beats."""
        found = None
        for index, beat in enumerate(self.beats):
            if beat.at_s > elapsed_s + BEAT_EPSILON_S:
                break
            found = index
        return found


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

    def beat_times_s(self) -> tuple[float, ...]:
        """When each beat falls, in seconds from the beginning, in order."""
        return tuple(
            start + beat.at_s
            for start, segment in zip(self.starts_s, self.segments, strict=False)  # () has (0,)
            for beat in segment.beats
        )

    def seconds_by_kind(self) -> dict[str, float]:
        totals = dict.fromkeys(KINDS, 0.0)
        for segment in self.segments:
            totals[segment.kind] += segment.duration_s
        return totals

    def to_data(self) -> dict[str, Any]:
        fields = ("kind", "exercise", "side", "rep", "of", "duration_s", "cue")

        def data(segment: Segment) -> dict[str, Any]:
            out = {k: asdict(segment)[k] for k in fields}
            if segment.beats:
                out["beat_s"] = segment.beat_s
                out["beats"] = [{"at_s": b.at_s, "side": b.side} for b in segment.beats]
            return out

        return {
            "name": self.name,
            "total_s": self.total_s,
            "segments": [data(s) for s in self.segments],
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


def work_counts(dose: AppliedDose, sides: list[str]) -> list[Count]:
    """How the card counts each work period of ``sides`` (every set's, in order)."""
    per_set = len(sides) // dose.sets
    counts = []
    for index, side in enumerate(sides):
        set_index, within = divmod(index, per_set)
        by_side = dose.reps_scope is RepsScope.PER_SIDE and side != "both"
        if by_side:
            done = sides[set_index * per_set : index + 1]
            n, of = done.count(side), dose.reps
        else:
            n, of = within + 1, per_set
        counts.append(Count(n, of, set_index + 1, dose.sets, by_side))
    return counts


def _exercise_segments(
    exercise: Exercise, dose: AppliedDose, first_side: str, prepare_s: float
) -> list[Segment]:
    sides = work_sides(dose, first_side) * dose.sets
    counts = work_counts(dose, sides)
    out: list[Segment] = []
    about = {"exercise": exercise.id, "name": exercise.name, "of": len(sides)}
    if prepare_s > 0:
        where = "" if sides[0] == "both" else f", {sides[0]} side first"
        out.append(
            Segment(
                kind=PREPARE,
                duration_s=prepare_s,
                cue=f"Get ready: {exercise.name}{where}",
                side=sides[0],
                exercise=exercise.id,
                name=exercise.name,
            )
        )
    if dose.on_beat is OnBeat.REPS:
        return out + _reps_on_the_beat(exercise, dose, sides, counts, about)
    for rep, side in enumerate(sides, start=1):
        if rep > 1:
            out += _pause(dose, sides[rep - 2], side, about)
        beats = _turns_on_the_beat(dose, first_side) if dose.on_beat is OnBeat.SIDES else ()
        where = (
            f"{beats[0].side.capitalize()} and {beats[1].side} in turn" if beats else _where(side)
        )
        out.append(
            Segment(
                kind=WORK,
                duration_s=dose.hold_s,
                cue=f"{where}: {exercise.cue}",
                side=side,
                rep=rep,
                count=counts[rep - 1],
                beats=beats,
                beat_s=dose.beat_s if beats else None,
                **about,
            )
        )
    return out


def _where(side: str) -> str:
    return "Both sides" if side == "both" else f"{side.capitalize()} side"


def _pause(dose: AppliedDose, previous: str, side: str, about: dict) -> list[Segment]:
    """The pause before a work period on ``side``: a switch where the side changes, a rest
    where it does not, nothing where it would last no time."""
    about = {k: v for k, v in about.items() if k != "of"}
    changes = side != previous
    pause = dose.rest_s + (dose.switch_s if changes else 0.0)
    if pause <= 0:
        return []
    if not changes:
        return [Segment(kind=REST, duration_s=pause, cue="Relax", side=side, **about)]
    cue = (
        f"Switch to the {side} side"
        if dose.rest_s == 0
        else f"Relax, then switch to the {side} side"
    )
    return [Segment(kind=SWITCH, duration_s=pause, cue=cue, side=side, **about)]


def _reps_on_the_beat(
    exercise: Exercise, dose: AppliedDose, sides: list[str], counts: list[Count], about: dict
) -> list[Segment]:
    """Repetitions on the beat: one work segment for each run of them that keeps one beat, a
    beat for each repetition (its hold and the pause after it, not after the last); a run ends
    where the pause changes (one side, then the other), and the pause between runs is a switch
    or rest of its own."""

    def pause(index: int) -> float:
        return dose.rest_s + (dose.switch_s if sides[index] != sides[index - 1] else 0.0)

    runs: list[list[int]] = [[0]]
    for index in range(1, len(sides)):
        run = runs[-1]
        if len(run) == 1 or pause(index) == pause(run[1]):
            run.append(index)
        else:
            runs.append([index])
    out: list[Segment] = []
    for run in runs:
        first = run[0]
        if first > 0:
            out += _pause(dose, sides[first - 1], sides[first], about)
        gap = pause(run[1]) if len(run) > 1 else 0.0
        beat_s = round(dose.hold_s + gap, 6)
        last = len(run) - 1
        beats = tuple(
            Beat(
                at_s=round(k * beat_s, 6),
                side=sides[index],
                count=counts[index],
                rep=index + 1,
                hold_s=dose.hold_s,
            )
            for k, index in enumerate(run)
        )
        turns = len({sides[index] for index in run}) > 1
        where = dose.sides.label.capitalize() if turns else _where(sides[first])
        out.append(
            Segment(
                kind=WORK,
                duration_s=round(len(run) * dose.hold_s + last * gap, 6),
                cue=f"{where}: {exercise.cue}",
                side=sides[first],
                rep=first + 1,
                count=counts[first],
                beats=beats,
                beat_s=beat_s,
                **about,
            )
        )
    return out


def _turns_on_the_beat(dose: AppliedDose, first_side: str) -> tuple[Beat, ...]:
    """Sides that take turns through a hold: a beat every ``beat_s`` of it, first side first."""
    second = "left" if first_side == "right" else "right"
    beat_s = dose.beat_s
    count = math.ceil(dose.hold_s / beat_s - BEAT_EPSILON_S)
    return tuple(
        Beat(
            at_s=round(k * beat_s, 6),
            side=first_side if k % 2 == 0 else second,
            count=Count(k + 1, count),
        )
        for k in range(count)
    )
