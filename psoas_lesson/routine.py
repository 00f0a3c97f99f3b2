"""A routine: exercises in order with per-entry dose overrides and global settings, and its
versioned JSON file format."""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from . import schema
from .errors import DataError
from .files import atomic_write_text, display_path, load_json
from .models import Amount, Exercise, OnBeat, RepsScope, Sides
from .text import number

FORMAT = "psoas-lesson/routine"
VERSION = 1
# Far more than any class needs; the bound keeps a hostile file (60 000 entries fit in the 2 MB
# file limit: a 3 750-hour timeline) from stalling the kernel or the command line.
MAX_ENTRIES = 200
ID_LIMIT = 60  # the file schema's maxLength for an id


@dataclass(frozen=True)
class Settings:
    """Timings that apply to the whole routine."""

    prepare_s: float = 10.0
    rest_between_exercises_s: float = 10.0
    switch_s: float = 5.0
    breaths_per_min: float = 6.0
    first_side: str = "right"

    @property
    def seconds_per_breath(self) -> float:
        return 60.0 / self.breaths_per_min


@dataclass(frozen=True)
class Entry:
    """One exercise in a routine; ``None`` means the exercise's default."""

    exercise: str
    hold_s: float | None = None
    hold_breaths: float | None = None
    reps: int | None = None
    sets: int | None = None
    rest_s: float | None = None


@dataclass(frozen=True)
class Routine:
    name: str
    entries: tuple[Entry, ...]
    settings: Settings = field(default_factory=Settings)
    description: str = ""
    id: str = ""

    @classmethod
    def of(cls, *exercise_ids: str, name: str = "My routine", **settings: Any) -> Routine:
        """A routine of these exercises at their default doses."""
        return cls(
            name=name, entries=tuple(Entry(e) for e in exercise_ids), settings=Settings(**settings)
        )

    def with_entry(self, index: int, **overrides: Any) -> Routine:
        entries = list(self.entries)
        entries[index] = replace(entries[index], **overrides)
        return replace(self, entries=tuple(entries))

    def with_settings(self, **changes: Any) -> Routine:
        return replace(self, settings=replace(self.settings, **changes))


def routine_id_for(name: str, taken: Collection[str] = ()) -> str:
    """A kebab-case id for a routine called ``name`` that is none of ``taken``.

    ``Evening hips`` gives ``evening-hips``, ``Étirements du soir`` ``etirements-du-soir``; a name
    already taken gets ``-2``, ``-3``... A name with no Latin letter or digit gets ``routine-`` and
    a short hash of the name, so two such routines still get different ids.
    """
    latin = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")[:ID_LIMIT].strip("-")
    if not slug:
        digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()
        slug = f"routine-{digest[:6]}"
    candidate, number = slug, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = slug[: ID_LIMIT - len(suffix)].rstrip("-") + suffix
        number += 1
    return candidate


@dataclass(frozen=True)
class AppliedDose:
    """The concrete numbers a timeline is built from: defaults with the routine's overrides."""

    hold_s: float
    reps: int
    sets: int
    rest_s: float
    switch_s: float
    sides: Sides
    reps_scope: RepsScope
    hold_breaths: float | None = None
    on_beat: OnBeat | None = None
    side_beat_s: float | None = None  # the dose's own beat_s, for on_beat SIDES

    @property
    def pause_s(self) -> float:
        """The pause between two repetitions on the same beat: the rest, and the change of side
        where the sides alternate."""
        return self.rest_s + (self.switch_s if self.sides is Sides.ALTERNATING else 0.0)

    @property
    def beat_s(self) -> float | None:
        """Seconds from one beat to the next, for a move on a beat (None otherwise): a
        repetition's hold and the pause after it, or the dose's own beat where the sides take
        turns through the hold."""
        if self.on_beat is OnBeat.REPS:
            return round(self.hold_s + self.pause_s, 6)
        return self.side_beat_s

    @property
    def work_periods(self) -> int:
        """How many timed work periods the exercise has."""
        per_set = (
            self.reps
            if (self.sides is Sides.BOTH_AT_ONCE or self.reps_scope is RepsScope.TOTAL)
            else 2 * self.reps
        )
        return per_set * self.sets


def hold_bounds_s(exercise: Exercise, settings: Settings) -> tuple[float, float]:
    """The bounds, in seconds, a hold may be set to for this exercise."""
    dose = exercise.dose
    if dose.hold_s is not None:
        return dose.hold_s.min, dose.hold_s.max
    spb = settings.seconds_per_breath
    return dose.hold_breaths.min * spb, dose.hold_breaths.max * spb


def applied_dose(
    exercise: Exercise, entry: Entry | None = None, settings: Settings | None = None
) -> AppliedDose:
    """The dose the timer runs: the exercise's defaults, with ``entry``'s overrides."""
    entry = entry or Entry(exercise.id)
    settings = settings or Settings()
    dose = exercise.dose
    breaths = None
    if entry.hold_s is not None:
        hold = float(entry.hold_s)
    elif dose.in_breaths:
        breaths = float(
            entry.hold_breaths if entry.hold_breaths is not None else dose.hold_breaths.default
        )
        hold = breaths * settings.seconds_per_breath
    else:
        hold = float(dose.hold_s.default)
    return AppliedDose(
        hold_s=round(hold, 1),
        reps=int(entry.reps if entry.reps is not None else dose.reps.default),
        sets=int(entry.sets if entry.sets is not None else dose.sets.default),
        rest_s=float(entry.rest_s if entry.rest_s is not None else dose.rest_s.default),
        switch_s=float(dose.switch_s if dose.switch_s is not None else settings.switch_s),
        sides=dose.sides,
        reps_scope=dose.reps_scope,
        hold_breaths=breaths,
        on_beat=dose.on_beat,
        side_beat_s=dose.beat_s,
    )


# ---------------------------------------------------------------------------------------------
# Checking a routine against the exercises it names


def check_routine(
    routine: Routine, exercises: Mapping[str, Exercise], file: str = "routine"
) -> None:
    """Raise DataError for an unknown exercise or an override outside the exercise's bounds."""
    for index, entry in enumerate(routine.entries):
        item = f"entries[{index}] ({entry.exercise})"
        exercise = exercises.get(entry.exercise)
        if exercise is None:
            raise DataError(
                f"unknown exercise id {entry.exercise!r}; known ids: "
                f"{', '.join(sorted(exercises))}",
                file=file,
                item=item,
                field="exercise",
            )
        dose = exercise.dose
        if entry.hold_s is not None:
            low, high = hold_bounds_s(exercise, routine.settings)
            _check_number(entry.hold_s, low, high, " s", file, item, "hold_s")
        if entry.hold_breaths is not None:
            if dose.hold_breaths is None:
                raise DataError(
                    "this exercise is timed in seconds; use hold_s",
                    file=file,
                    item=item,
                    field="hold_breaths",
                )
            _check_amount(
                entry.hold_breaths, dose.hold_breaths, " breaths", file, item, "hold_breaths"
            )
        if entry.reps is not None:
            _check_amount(entry.reps, dose.reps, "", file, item, "reps")
        if entry.sets is not None:
            _check_amount(entry.sets, dose.sets, "", file, item, "sets")
        if entry.rest_s is not None:
            _check_amount(entry.rest_s, dose.rest_s, " s", file, item, "rest_s")


def _check_amount(value: float, amount: Amount, unit: str, file: str, item: str, name: str) -> None:
    _check_number(value, amount.min, amount.max, unit, file, item, name)


def _check_number(
    value: float, low: float, high: float, unit: str, file: str, item: str, name: str
) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise DataError(f"must be a number, got {value!r}", file=file, item=item, field=name)
    if not low <= value <= high:
        raise DataError(
            f"must be between {number(low)} and {number(high)}{unit} for this exercise, "
            f"got {number(value)}",
            file=file,
            item=item,
            field=name,
        )


# ---------------------------------------------------------------------------------------------
# The file format


def routine_from_data(
    data: Any, file: str, exercises: Mapping[str, Exercise] | None = None
) -> Routine:
    """Build a Routine from parsed JSON, checked against the schema and, if given, the exercises."""
    if (
        isinstance(data, dict)
        and isinstance(data.get("entries"), list)
        and len(data["entries"]) > MAX_ENTRIES
    ):
        raise DataError(
            f"has {len(data['entries']):,} entries; a routine may have at most {MAX_ENTRIES}",
            file=file,
            field="entries",
        )
    schema.validate(data, "routine", file, list_key="entries")
    settings = Settings(
        **{k: (float(v) if k != "first_side" else v) for k, v in data.get("settings", {}).items()}
    )
    entries = tuple(Entry(**entry) for entry in data["entries"])
    routine = Routine(
        name=data["name"],
        entries=entries,
        settings=settings,
        description=data.get("description", ""),
        id=data.get("id", ""),
    )
    if exercises is not None:
        check_routine(routine, exercises, file)
    return routine


def routine_to_data(routine: Routine) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if routine.id:
        data["id"] = routine.id
    data["name"] = routine.name
    if routine.description:
        data["description"] = routine.description
    data["settings"] = asdict(routine.settings)
    data["entries"] = [
        {k: v for k, v in asdict(entry).items() if v is not None} for entry in routine.entries
    ]
    return data


def routine_to_json(routine: Routine) -> str:
    return json.dumps(routine_to_data(routine), indent=2, ensure_ascii=False) + "\n"


def load_routine(path: str | Path, exercises: Mapping[str, Exercise] | None = None) -> Routine:
    """Read and check a routine file."""
    path = Path(path)
    return routine_from_data(load_json(path), display_path(path), exercises)


def save_routine(routine: Routine, path: str | Path) -> Path:
    """Write a routine file atomically: the old file stays whole until the new one is complete."""
    path = Path(path)
    atomic_write_text(path, routine_to_json(routine))
    return path
