"""What several test modules share: a fake clock, a file editor for broken-data tests, and the
hypothesis strategies for routines, timelines and timer commands."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from psoas_lesson.routine import Entry, Routine, Settings
from psoas_lesson.timeline import Segment, Timeline


class FakeClock:
    """A clock for the timer core and widget that moves only when a test says so."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a copied data file in place; fails loudly if the text to replace is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def simple_timeline(*durations: float) -> Timeline:
    """A prepare segment then work segments of the given durations."""
    kinds = ["prepare"] + ["work"] * (len(durations) - 1)
    return Timeline(
        tuple(
            Segment(kind=k, exercise="x", side="both", rep=i or None, duration_s=d, cue=f"cue {i}")
            for i, (k, d) in enumerate(zip(kinds, durations, strict=True))
        ),
        "test",
    )


@st.composite
def routines(draw, catalog):
    """Any routine of the catalogue's exercises, with doses and settings inside their bounds."""
    ids = [e.id for e in catalog.exercises]
    # Repeats allowed: the same exercise twice in a row is a case worth having.
    chosen = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=5))
    entries = []
    for exercise_id in chosen:
        dose = catalog.exercise(exercise_id).dose
        entries.append(
            Entry(
                exercise_id,
                reps=draw(st.integers(int(dose.reps.min), int(dose.reps.max))),
                sets=draw(st.integers(int(dose.sets.min), int(dose.sets.max))),
                rest_s=draw(st.integers(int(dose.rest_s.min), int(dose.rest_s.max))),
            )
        )
    settings_ = dict(
        prepare_s=draw(st.integers(0, 30)),
        rest_between_exercises_s=draw(st.integers(0, 60)),
        switch_s=draw(st.integers(0, 20)),
        breaths_per_min=draw(st.integers(3, 20)),
        first_side=draw(st.sampled_from(["right", "left"])),
    )
    return Routine(name="random", entries=tuple(entries), settings=Settings(**settings_))


# Timer commands as a user gives them, and clock moves (a float: seconds to advance).
COMMANDS = ["start", "pause", "resume", "skip", "back", "reset", "plus", "minus", "toggle"]
durations = st.lists(
    st.floats(0.5, 90, allow_nan=False).map(lambda d: round(d, 2)), min_size=1, max_size=8
)
moves = st.floats(0, 60, allow_nan=False)
steps = st.lists(st.one_of(st.sampled_from(COMMANDS), moves), max_size=40)


def apply_step(timer, clock: FakeClock, step) -> None:
    """Do one step of a :data:`steps` sequence to a timer core."""
    if isinstance(step, float):
        clock.advance(step)
    elif step == "plus":
        timer.adjust(15)
    elif step == "minus":
        timer.adjust(-15)
    else:
        getattr(timer, step)()
