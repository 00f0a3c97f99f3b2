"""What several test modules share: a fake clock, a file editor for broken-data tests, and the
hypothesis strategies for routines, timelines and timer commands."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from psoas_lesson.routine import Entry, Routine, Settings
from psoas_lesson.timeline import Segment, Timeline

# The thirteen exercises the article describes, in its order: written out, not read from the
# data, so a test notices one going missing.
EXERCISE_IDS = [
    "kneeling-lunge",
    "camel-pose",
    "glute-bridge",
    "side-lying-psoas-stretch",
    "prone-quadriceps-stretch",
    "knee-to-chest",
    "straight-leg-raise",
    "frankensteins",
    "mountain-climbers",
    "sphinx-pose",
    "supine-psoas-massage",
    "side-lying-psoas-massage",
    "foam-rolling",
]
EXERCISE_COUNT = len(EXERCISE_IDS)


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


def walk(widget) -> Iterator[Any]:
    """A widget and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def part(widget, css_class: str):
    """The one widget inside ``widget`` that carries ``css_class``."""
    found = [w for w in walk(widget) if css_class in getattr(w, "_dom_classes", ())]
    assert len(found) == 1, f"{len(found)} widgets with class {css_class}"
    return found[0]


# ---------------------------------------------------------------------------------------------
# Checking that built HTML shows a payload as text and makes no markup of it

DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "style",
    "link",
    "meta",
    "base",
    "form",
    "a",
}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self.text.extend(value or "" for _name, value in attrs)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def _words(text: str) -> str:
    return " ".join(text.split())


def assert_html_safe(values: list[str], payload: str, must_show: bool = True) -> None:
    """No payload became markup (no script, no event handler, no javascript: link), and the
    payload is there as text, so the check above was not vacuous."""
    assert values, "no HTML was built"
    shown = []
    for value in values:
        assert "<script" not in value.lower(), value[:300]
        reader = _Reader()
        reader.feed(value)
        reader.close()
        for tag, attrs in reader.tags:
            # Our own markup uses none of these; a payload's would show up here unescaped.
            assert tag not in DANGEROUS_TAGS, f"<{tag}> in {value[:200]!r}"
            for name, attr in attrs:
                assert not name.startswith("on"), f"event handler attribute {name}={attr!r}"
                if name in ("src", "href", "action", "formaction"):
                    assert not (attr or "").strip().lower().startswith("javascript:"), attr
                    assert attr != "x", "an <img src=x> got through"
        shown.append(" ".join(reader.text))
    if must_show:
        assert _words(payload) in _words(" ".join(shown)), (
            "the payload is not shown as text anywhere"
        )


def html_values(widget) -> list[str]:
    """Every HTML string a widget tree shows: HTML widgets' values and Output widgets' HTML."""
    import ipywidgets as widgets

    values = []
    for part in walk(widget):
        if isinstance(part, (widgets.HTML, widgets.HTMLMath)):
            values.append(part.value)
        if isinstance(part, widgets.Output):
            values += [o.get("data", {}).get("text/html", "") for o in part.outputs]
        # the lesson's anywidgets name the traits their page inserts as HTML
        values += [getattr(part, name) for name in getattr(part, "_html_traits", ())]
    return [v for v in values if v]
