"""The routine builder: pick exercises, order them, set each dose within the data's bounds, and
see the total time and the timeline change as you go; save, load, print or follow the routine.

The routine itself is an immutable :class:`~psoas_lesson.routine.Routine`; every control
change makes a new one (``with_entry`` / ``with_settings``), checks it by compiling its
timeline, and only then shows it. The controls are redrawn from the routine, never the other
way round, so they cannot drift apart.

A ready routine stays itself (its id and description) only while it is unchanged; the first
change makes it the learner's own, with its own id, so a saved copy never passes for the lesson's
routine (see :meth:`RoutineBuilder._own`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import ipywidgets as widgets

from ..catalog import Catalog, default_catalog, routine_file
from ..describe import clock, dose_text
from ..displays import Display, routine_summary
from ..errors import DataError, one_line
from ..files import display_path
from ..html import picture, tag
from ..models import Exercise
from ..paths import PAGE_SUFFIX, data_dir
from ..routine import (
    MAX_ENTRIES,
    Entry,
    Routine,
    applied_dose,
    hold_bounds_s,
    routine_id_for,
    save_routine,
)
from ..theme import INK, MUTED, WARN_TEXT
from ..timeline import Timeline, compile_timeline
from .choice import Choice
from .figure_list import FigureList
from .focus_keeper import FocusKeeper
from .slider import LabelledSlider
from .standin import StandIn, make_stand_in
from .styles import FOCUS_CLASS

DEFAULT_NAME = "My routine"
NAME_LIMIT = 120  # the routine file schema's maxLength
DESCRIPTION_LIMIT = 3000  # the same schema's, for the description

# Whole-routine settings: (key, label, Settings field, low, high, unit in words). Sensible
# classroom ranges inside the file schema's limits; a loaded value outside them widens the slider
# rather than being lost.
SETTINGS = (
    ("between", "Between exercises (s)", "rest_between_exercises_s", 0, 120, "seconds"),
    ("prepare", "Get ready (s)", "prepare_s", 0, 60, "seconds"),
    ("switch", "Switch sides (s)", "switch_s", 0, 30, "seconds"),
    ("breathing", "Breaths per minute", "breaths_per_min", 3, 20, "breaths a minute"),
)


def _guarded(method):
    """Run a widget callback so that bad input shows as one line in the message area instead of
    an exception that would only reach the kernel's log, where a learner never sees it."""

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except DataError as error:
            self._say(str(error), error=True)
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            self._say(f"{where}{error.strerror or error}", error=True)
        except Exception as error:  # noqa: BLE001 - see the docstring
            self._say(f"{type(error).__name__}: {error}", error=True)
        return None

    return run


def _name_from(text: object) -> str:
    """The routine name a Name field's text stands for: spaces tidied, never empty."""
    return " ".join(str(text).split())[:NAME_LIMIT] or DEFAULT_NAME


def _description_from(text: object) -> str:
    """The description a description field's text stands for: one paragraph, spaces tidied."""
    return " ".join(str(text).split())[:DESCRIPTION_LIMIT]


def _file_name(routine: Routine) -> str:
    """A file name that follows the routine's id: ``desk-break`` -> ``desk-break.json``."""
    return f"{routine.id}.json"


class RoutineBuilder(StandIn, widgets.VBox):
    """Build a routine: exercises in order, doses within bounds, a live total and chart.

    ``file``: the routine file it was opened from; Save writes back to it.
    """

    def __init__(self, routine: Routine, catalog: Catalog, *, file: Path | None = None, **kwargs):
        self.catalog = catalog
        routine = self._own(routine)
        self._routine = routine
        self._timeline = compile_timeline(routine, catalog)
        # The routine as last opened or saved: Load asks before discarding changes made since.
        self._saved = routine
        self._pending_load: Path | None = None  # the file Load will open once the learner agrees
        self._quiet = 0
        self._drawn: Routine | None = None
        self.timer = None
        self._make_list_controls(routine)
        self._make_dose_controls()
        self._make_outputs()
        self._make_file_controls()
        if file is not None:
            self.path.value, self._path_edited = str(file), True
        self._tag_parts()
        super().__init__(self._layout(), **kwargs)
        self.add_class("psoas-builder")
        self.add_class(FOCUS_CLASS)
        self._connect()
        self._render(select=0 if routine.entries else None)

    # -------------------------------------------------------------------------------------
    # The parts

    def _make_list_controls(self, routine: Routine) -> None:
        """The name and description, the exercise to add, and the routine's exercises in order."""
        self.name = widgets.Text(value=routine.name, description="Name", layout={"width": "34em"})
        self.about = widgets.Textarea(
            value=routine.description,
            description="About",
            placeholder="What this routine is for and who it suits (optional; the handout and "
            "the class view show it)",
            layout={"width": "34em", "height": "4.2em"},
        )
        self.choice = Choice(
            options=[(e.name, e.id) for e in self.catalog.exercises],
            description="Exercise",
            layout={"width": "30em", "max_width": "100%"},
        )
        self.add_button = widgets.Button(
            description="Add", icon="plus", tooltip="Add this exercise at the end"
        )
        # A labelled listbox like a <select>, with a small figure of each exercise on its row.
        self.entries = FigureList(description="In order")
        self._thumbnails: dict[str, str] = {}
        self.up_button = widgets.Button(
            description="↑ Move up", tooltip="Move the chosen exercise up", layout={"width": "auto"}
        )
        self.down_button = widgets.Button(
            description="↓ Move down",
            tooltip="Move the chosen exercise down",
            layout={"width": "auto"},
        )
        self.remove_button = widgets.Button(
            description="Remove", icon="trash", tooltip="Remove the chosen exercise"
        )

    def _make_dose_controls(self) -> None:
        """Sliders for the chosen exercise's dose and for the whole routine's settings."""
        self.entry_title = widgets.HTML()
        self.hold = LabelledSlider(description="Hold (s)", unit_words="seconds")
        self.reps = LabelledSlider(description="Repetitions", unit_words="repetitions")
        self.sets = LabelledSlider(description="Sets", unit_words="sets")
        self.rest = LabelledSlider(description="Rest between (s)", unit_words="seconds")
        self.entry_dose = widgets.HTML()
        self.settings_sliders: dict[str, LabelledSlider] = {
            key: LabelledSlider(description=label, unit_words=unit)
            for key, label, _field, _low, _high, unit in SETTINGS
        }

    def _make_outputs(self) -> None:
        """The total, its breakdown and the timeline chart with its description."""
        self.total = widgets.HTML()
        self.breakdown = widgets.HTML()
        # An <img> with its alt (an ipywidgets Image has none); chart_svg is the drawing itself.
        self.chart = widgets.HTML(layout={"width": "100%", "max_width": "900px"})
        self.chart_svg = b""
        self.chart_alt = widgets.HTML()

    def _make_file_controls(self) -> None:
        """Save, load, the handout, the timer, and where their results show."""
        self.path = widgets.Text(
            value=_file_name(self._routine),
            description="File",
            layout={"width": "24em"},
            tooltip="A .json file for the routine; the handout gets the same name with .html",
        )
        self._path_edited = False
        self.save_button = widgets.Button(description="Save", icon="save")
        self.load_button = widgets.Button(description="Load", icon="folder-open")
        self.handout_button = widgets.Button(
            description="Handout", icon="print", tooltip="Write a printable page of this routine"
        )
        self.takeaway_button = widgets.Button(
            description="Take it with you",
            icon="mobile",
            tooltip="Write one page with this routine's timer, steps and a practice log, to open "
            "on a phone or any computer, with no internet",
            layout={"width": "auto"},
        )
        self.timer_button = widgets.Button(
            description="Follow with the timer",
            icon="play",
            layout={"width": "auto"},
            button_style="primary",
        )
        # Load with unsaved changes asks here first (a row in the builder, not a browser dialog,
        # which Voilà and some notebook front ends block).
        self.discard_question = widgets.HTML()
        self.discard_button = widgets.Button(
            description="Discard and load",
            button_style="warning",
            tooltip="Lose the changes not saved yet and load the file",
            layout={"width": "auto"},
        )
        self.cancel_button = widgets.Button(
            description="Cancel", tooltip="Keep your changes; load nothing"
        )
        self.confirm = widgets.HBox(
            [self.discard_question, self.discard_button, self.cancel_button],
            layout={"display": "none", "flex_flow": "row wrap", "align_items": "center"},
        )
        self.message = widgets.HTML()
        self.handout_link = widgets.Output()
        self.timer_area = widgets.Output()

    def _tag_parts(self) -> None:
        """A class on every part, so tests and a teacher's stylesheet can find it."""
        for part, name in (
            (self.name, "name"),
            (self.about, "about"),
            (self.choice, "choice"),
            (self.add_button, "add"),
            (self.entries, "list"),
            (self.up_button, "up"),
            (self.down_button, "down"),
            (self.remove_button, "remove"),
            (self.entry_title, "entry"),
            (self.hold, "hold"),
            (self.reps, "reps"),
            (self.sets, "sets"),
            (self.rest, "rest"),
            (self.entry_dose, "dose"),
            (self.total, "total"),
            (self.breakdown, "breakdown"),
            (self.chart, "chart"),
            (self.chart_alt, "chart-alt"),
            (self.path, "path"),
            (self.save_button, "save"),
            (self.load_button, "load"),
            (self.handout_button, "handout"),
            (self.takeaway_button, "takeaway"),
            (self.timer_button, "timer"),
            (self.confirm, "confirm"),
            (self.discard_question, "discard-question"),
            (self.discard_button, "discard"),
            (self.cancel_button, "cancel"),
            (self.message, "message"),
            (self.handout_link, "handout-link"),
            (self.timer_area, "timer-area"),
        ):
            part.add_class(f"psoas-builder-{name}")
        for key, slider in self.settings_sliders.items():
            slider.add_class(f"psoas-builder-{key}")

    def _layout(self) -> list[widgets.Widget]:
        row = {"flex_flow": "row wrap"}
        settings = self.settings_sliders
        heading = "margin: 0.6em 0 0.2em; color: " + INK
        order = widgets.VBox(
            [self.entries, widgets.HBox([self.up_button, self.down_button, self.remove_button])]
        )
        dose = widgets.VBox(
            [self.entry_title, self.hold, self.reps, self.sets, self.rest, self.entry_dose]
        )
        files = [
            self.path, self.save_button, self.load_button, self.handout_button,
            self.takeaway_button,
        ]  # fmt: skip
        return [
            self.name,
            self.about,
            widgets.HBox([self.choice, self.add_button]),
            widgets.HBox([order, dose], layout=row),
            widgets.HTML(tag("h4", "The whole routine", style=heading)),
            widgets.HBox(
                [
                    widgets.VBox([settings["between"], settings["prepare"]]),
                    widgets.VBox([settings["switch"], settings["breathing"]]),
                ],
                layout=row,
            ),
            self.total,
            self.breakdown,
            self.chart,
            self.chart_alt,
            widgets.HBox([*files, self.timer_button], layout=row),
            self.confirm,
            self.message,
            self.handout_link,
            self.timer_area,
            # Move up/down and Remove disable themselves at the ends: the focus stays here.
            FocusKeeper(),
        ]

    def _connect(self) -> None:
        self.name.observe(self._on_name, "value")
        self.about.observe(self._on_about, "value")
        self.path.observe(self._on_path, "value")
        self.add_button.on_click(self._on_add)
        self.up_button.on_click(lambda _b: self._move(-1))
        self.down_button.on_click(lambda _b: self._move(+1))
        self.remove_button.on_click(self._on_remove)
        self.entries.observe(self._on_select, "value")
        self.hold.observe(self._on_hold, "value")
        for slider, field, kind in (
            (self.reps, "reps", int),
            (self.sets, "sets", int),
            (self.rest, "rest_s", float),
        ):
            slider.observe(functools.partial(self._on_dose, field, kind), "value")
        for key, slider in self.settings_sliders.items():
            slider.observe(functools.partial(self._on_setting, key), "value")
        self.save_button.on_click(self._on_save)
        self.load_button.on_click(self._on_load)
        self.discard_button.on_click(self._on_discard)
        self.cancel_button.on_click(self._on_cancel)
        self.handout_button.on_click(self._on_handout)
        self.takeaway_button.on_click(self._on_takeaway)
        self.timer_button.on_click(self._on_timer)

    # -------------------------------------------------------------------------------------
    # What other code reads

    @property
    def routine(self) -> Routine:
        """The routine as it stands now."""
        return self._routine

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    @property
    def selected(self) -> int | None:
        """The index of the chosen entry, or None."""
        return self.entries.value

    def __repr__(self) -> str:
        count = len(self._routine.entries)
        noun = "exercise" if count == 1 else "exercises"
        total = clock(self._timeline.total_s)
        return f"RoutineBuilder({self._routine.name!r}, {count} {noun}, {total})"

    def stand_in(self) -> Display:
        """The routine it starts with: each exercise with its dose, and the total."""
        routine = self._routine
        count = len(routine.entries)
        plan = (
            routine_summary(routine, self.catalog).html
            if routine.entries
            else tag("p", "No exercises yet.")
        )
        return make_stand_in(
            f"The routine builder, starting from {routine.name} "
            f"({count} exercise{'' if count == 1 else 's'}, {clock(self._timeline.total_s)})",
            "run this cell to change the routine, save it or follow it with the timer",
            plan,
        )

    # -------------------------------------------------------------------------------------
    # Changing the routine

    def _apply(self, new: Routine, select: int | None = None) -> bool:
        """Make ``new`` the routine if it compiles; otherwise say why and put the controls back."""
        if new != self._routine:
            new = self._own(new, before=self._routine)
            try:
                timeline = compile_timeline(new, self.catalog)
            except DataError as error:
                self._say(str(error), error=True)
                self._render(self.selected)
                return False
            self._routine, self._timeline = new, timeline
        self._render(self.selected if select is None else select)
        return True

    def _own(self, new: Routine, before: Routine | None = None) -> Routine:
        """``new`` with an identity of its own, unless it is a ready routine, unchanged.

        A ready routine changed in any way (``before`` was it), or a file that claims a ready
        routine's id without being it, is the learner's now: it must not pass for the lesson's
        routine. Its name says so (" (my version)") unless the learner named it, its description
        says where it came from unless the learner wrote one, and it gets an id of its own. The
        id follows the name: derived from it whenever it is renamed or has none, never one a
        ready routine has, so the file can join a teacher's ``--data-dir`` beside them.
        """
        ready = self.catalog.routines
        if new in ready:
            return new
        ready_ids = {routine.id for routine in ready}
        origin = before if before in ready else next((r for r in ready if r.id == new.id), None)
        if origin is not None:
            if new.name == origin.name:
                new = replace(new, name=f"{origin.name} (my version)"[:NAME_LIMIT])
            if new.description == origin.description:
                new = replace(
                    new,
                    description=f"Changed from the ready routine “{origin.name}” in the "
                    "routine builder.",
                )
        renamed = before is not None and new.name != before.name
        if renamed or not new.id or new.id in ready_ids:
            new = replace(new, id=routine_id_for(new.name, ready_ids))
        return new

    def _identity(self) -> str:
        """How a message names the routine's identity: its id, or that it is a ready one."""
        if self._routine in self.catalog.routines:
            return f"the ready routine {self._routine.id}, unchanged"
        return f"id {self._routine.id}"

    def _entry_change(self, **overrides) -> None:
        index = self.selected
        if index is None or index >= len(self._routine.entries):
            return
        self._apply(self._routine.with_entry(index, **overrides))

    @_guarded
    def _on_hold(self, change) -> None:
        if self._quiet or self.selected is None:
            return
        exercise = self._exercise(self.selected)
        if exercise.dose.in_breaths:
            self._entry_change(hold_breaths=float(change["new"]), hold_s=None)
        else:
            self._entry_change(hold_s=float(change["new"]))

    @_guarded
    def _on_dose(self, field: str, kind: type, change) -> None:
        if not self._quiet:
            self._entry_change(**{field: kind(change["new"])})

    @_guarded
    def _on_setting(self, key: str, change) -> None:
        if self._quiet:
            return
        field = next(f for k, _label, f, _lo, _hi, _unit in SETTINGS if k == key)
        new = self._routine.with_settings(**{field: float(change["new"])})
        if field == "breaths_per_min":
            new = self._in_breaths(new)
        self._apply(new)

    def _in_breaths(self, routine: Routine) -> Routine:
        """Turn holds given in seconds into breaths for breath-timed exercises, so a new breathing
        rate keeps them inside their bounds (the bounds are in breaths)."""
        for index, entry in enumerate(routine.entries):
            exercise = self.catalog.exercise(entry.exercise)
            if exercise.dose.in_breaths and entry.hold_s is not None:
                old_spb = self._routine.settings.seconds_per_breath
                amount = exercise.dose.hold_breaths
                breaths = min(max(round(entry.hold_s / old_spb), amount.min), amount.max)
                routine = routine.with_entry(index, hold_s=None, hold_breaths=float(breaths))
        return routine

    @_guarded
    def _on_name(self, change) -> None:
        if self._quiet:
            return
        self._apply(replace(self._routine, name=_name_from(change["new"])))

    @_guarded
    def _on_about(self, change) -> None:
        if not self._quiet:
            self._apply(replace(self._routine, description=_description_from(change["new"])))

    def _on_path(self, _change) -> None:
        if not self._quiet:
            self._path_edited = True  # the learner's own file name: stop following the name

    @_guarded
    def _on_add(self, _button=None) -> None:
        exercise_id = self.choice.value
        if exercise_id is None:
            return
        if len(self._routine.entries) >= MAX_ENTRIES:
            # the file format's own limit: a longer routine would save but not load back
            self._say(f"A routine holds at most {MAX_ENTRIES} exercises.")
            return
        entries = self._routine.entries + (Entry(exercise_id),)
        self._apply(replace(self._routine, entries=entries), select=len(entries) - 1)

    @_guarded
    def _on_remove(self, _button=None) -> None:
        index = self.selected
        if index is None:
            self._say("Choose an exercise in the list first.")
            return
        entries = self._routine.entries[:index] + self._routine.entries[index + 1 :]
        self._apply(replace(self._routine, entries=entries), select=min(index, len(entries) - 1))

    @_guarded
    def _move(self, step: int) -> None:
        index = self.selected
        if index is None:
            self._say("Choose an exercise in the list first.")
            return
        target = index + step
        if not 0 <= target < len(self._routine.entries):
            return
        entries = list(self._routine.entries)
        entries[index], entries[target] = entries[target], entries[index]
        self._apply(replace(self._routine, entries=tuple(entries)), select=target)

    @_guarded
    def _on_select(self, _change) -> None:
        if not self._quiet:
            self._render_entry()

    # -------------------------------------------------------------------------------------
    # Files, handout, timer

    def _path(self, suffix: str) -> Path:
        text = self.path.value.strip()
        if not text:
            raise DataError("type a file name first, e.g. my-routine.json")
        path = Path(text).expanduser()
        if suffix == ".json" and not path.suffix:
            path = path.with_suffix(".json")
        elif suffix != ".json":
            path = path.with_suffix(suffix)
        return path

    @_guarded
    def _on_save(self, _button=None) -> None:
        if not self._routine.entries:
            self._say("Add at least one exercise before saving.", error=True)
            return
        path = self._path(".json")
        if data_dir().resolve() in path.resolve().parents:
            # the lesson reads its ready routines from there: an own routine saved over one
            # would take its id away, and the lesson's pages that name it would fail
            raise DataError(
                "is in the lesson's own data folder; save your routine somewhere else",
                file=display_path(path),
            )
        path = save_routine(self._routine, path)
        self._saved = self._routine
        self._say(f"Saved “{self._routine.name}” ({self._identity()}) to {path.resolve()}.")

    @_guarded
    def _on_load(self, _button=None) -> None:
        path = self._path(".json")
        self._open(path)  # a file that cannot be loaded says so now, before any question
        if self._routine == self._saved:
            self._load(path)
            return
        self._pending_load = path
        self.discard_question.value = tag(
            "span",
            f"Discard your unsaved changes to “{self._routine.name}” and load {path.resolve()}?",
            style=f"color: {WARN_TEXT}; font-weight: bold; margin-right: 0.6em",
        )
        self.confirm.layout.display = None
        self._say("")

    @_guarded
    def _on_discard(self, _button=None) -> None:
        path, self._pending_load = self._pending_load, None
        self.confirm.layout.display = "none"
        if path is not None:
            self._load(path)

    def _on_cancel(self, _button=None) -> None:
        self._pending_load = None
        self.confirm.layout.display = "none"
        self._say("Kept your changes; nothing was loaded.")

    def _open(self, path: Path) -> tuple[Routine, Timeline]:
        """The routine in the file, as the builder holds it (see :meth:`_own`), and its timeline."""
        routine = self._own(self.catalog.resolve_routine(path))
        return routine, compile_timeline(routine, self.catalog)

    def _load(self, path: Path) -> None:
        self._routine, self._timeline = self._open(path)
        self._saved = self._routine
        self._path_edited = True  # Save writes back to the file it came from
        self._render(select=0 if self._routine.entries else None)
        self._say(f"Loaded “{self._routine.name}” ({self._identity()}) from {path.resolve()}.")

    @_guarded
    def _on_handout(self, _button=None) -> None:
        if not self._routine.entries:
            self._say("Add at least one exercise before making a handout.", error=True)
            return
        from ..handout import write_handout

        self._show_written(write_handout(self._routine, self._path(".html"), catalog=self.catalog))

    @_guarded
    def _on_takeaway(self, _button=None) -> None:
        if not self._routine.entries:
            self._say("Add at least one exercise before making a take-away page.", error=True)
            return
        from ..takeaway import write_takeaway

        routine_path = self._path(".json")
        path = routine_path.with_name(routine_path.stem + PAGE_SUFFIX)  # mine-practice.html
        self._show_written(write_takeaway(self._routine, path, catalog=self.catalog))

    def _show_written(self, written) -> None:
        """Where a page (handout, take-away page) was written, with a link that opens it."""
        self._say("")
        # In an Output, not the message line: JupyterLab resolves a link in an output against the
        # notebook's folder and opens the file when it is clicked.
        self.handout_link.outputs = (
            {"output_type": "display_data", "data": written.bundle(full_path=True), "metadata": {}},
        )

    @_guarded
    def _on_timer(self, _button=None) -> None:
        if not self._routine.entries:
            self._say("Add at least one exercise before starting the timer.", error=True)
            return
        from .timer import routine_timer

        self.timer = routine_timer(self._routine, catalog=self.catalog)
        # Set the Output's content directly rather than `with output: display(...)`: it works the
        # same in a kernel, in Voilà and in tests without one.
        self.timer_area.outputs = (
            {"output_type": "display_data", "data": self.timer._repr_mimebundle_(), "metadata": {}},
        )
        self._say(
            "The timer is below: press Start when you are ready. After changing the routine, "
            "press “Follow with the timer” again."
        )

    # -------------------------------------------------------------------------------------
    # Showing the routine

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """While the code (not the learner) moves the controls, their handlers do nothing."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _thumbnail(self, exercise_id: str) -> str:
        """The exercise's key position as a small figure without words ("" without pose data)."""
        if exercise_id not in self._thumbnails:
            from ..figures import thumbnail_svg

            self._thumbnails[exercise_id] = thumbnail_svg(exercise_id, self.catalog)
        return self._thumbnails[exercise_id]

    def _exercise(self, index: int) -> Exercise:
        return self.catalog.exercise(self._routine.entries[index].exercise)

    def _say(self, text: str, error: bool = False) -> None:
        colour = WARN_TEXT if error else INK
        self.message.value = tag("p", one_line(text), style=f"color: {colour}; margin: 0.3em 0")

    def _render(self, select: int | None) -> None:
        routine = self._routine
        count = len(routine.entries)
        select = None if not count else min(max(select if select is not None else 0, 0), count - 1)
        with self._quietly():
            if _name_from(self.name.value) != routine.name:  # typing spaces is not a change
                self.name.value = routine.name
            if _description_from(self.about.value) != routine.description:
                self.about.value = routine.description
            if not self._path_edited and self.path.value != _file_name(routine):
                self.path.value = _file_name(routine)
            labels = []
            for i, entry in enumerate(routine.entries):
                exercise = self.catalog.exercise(entry.exercise)
                dose = applied_dose(exercise, entry, routine.settings)
                labels.append((f"{i + 1}. {exercise.name} — {dose_text(exercise, dose)}", i))
            if labels != list(self.entries.options):
                self.entries.options = labels  # resets the selection; put back below
            figures = [self._thumbnail(entry.exercise) for entry in routine.entries]
            if figures != self.entries.figures:  # sent only when the exercises change
                self.entries.figures = figures
            self.entries.value = select
            for key, _label, field, low, high, _unit in SETTINGS:
                value = getattr(routine.settings, field)
                self.settings_sliders[key].configure(min(low, value), max(high, value), value)
        for button in (self.up_button, self.down_button, self.remove_button):
            button.disabled = select is None
        if select is not None:
            self.up_button.disabled = select == 0
            self.down_button.disabled = select == count - 1
        self._render_entry()
        self._render_total()
        self._draw()

    def _render_entry(self) -> None:
        index = self.selected
        sliders = (self.hold, self.reps, self.sets, self.rest)
        if index is None:
            self.entry_title.value = tag(
                "p",
                "Add an exercise to start: choose one above and press Add."
                if not self._routine.entries
                else "Choose an exercise in the list to change its dose.",
                style=f"color: {MUTED}",
            )
            self.entry_dose.value = ""
            for slider in sliders:
                slider.disabled = True
            return
        routine = self._routine
        entry = routine.entries[index]
        exercise = self.catalog.exercise(entry.exercise)
        dose = exercise.dose
        applied = applied_dose(exercise, entry, routine.settings)
        with self._quietly():
            if dose.in_breaths:
                self.hold.description, self.hold.unit_words = "Hold (breaths)", "breaths"
                breaths = (
                    applied.hold_breaths
                    if applied.hold_breaths is not None
                    else applied.hold_s / routine.settings.seconds_per_breath
                )
                self.hold.configure(dose.hold_breaths.min, dose.hold_breaths.max, breaths)
            else:
                self.hold.description, self.hold.unit_words = "Hold (s)", "seconds"
                self.hold.configure(*hold_bounds_s(exercise, routine.settings), applied.hold_s)
            self.reps.description = (
                {"per-side": "Reps per side", "total": "Reps in all"}[dose.reps_scope.value]
                if dose.sides.value != "both-at-once"
                else "Repetitions"
            )
            self.reps.configure(dose.reps.min, dose.reps.max, applied.reps)
            self.sets.configure(dose.sets.min, dose.sets.max, applied.sets)
            self.rest.configure(dose.rest_s.min, dose.rest_s.max, applied.rest_s)
        for slider in sliders:
            slider.disabled = False
        self.entry_title.value = tag("h4", f"{index + 1}. {exercise.name}", style="margin: 0.2em 0")
        self.entry_dose.value = tag(
            "p", dose_text(exercise, applied), style=f"color: {MUTED}; margin: 0.2em 0"
        )

    def _render_total(self) -> None:
        timeline = self._timeline
        self.total.value = tag(
            "span",
            f"Total {clock(timeline.total_s)}",
            style=f"font-size: 1.5em; font-weight: bold; color: {INK}",
        )
        if not timeline.segments:
            self.breakdown.value = ""
            return
        by_kind = timeline.seconds_by_kind()
        self.breakdown.value = tag(
            "p",
            f"{clock(by_kind['work'])} of work, {clock(by_kind['rest'] + by_kind['switch'])} of "
            "rests "
            f"and side switches, {clock(by_kind['prepare'])} getting ready",
            style=f"color: {MUTED}; margin: 0.1em 0 0.4em",
        )

    def _draw(self) -> None:
        """Redraw the timeline chart, only when the routine has changed since the last drawing."""
        routine = self._routine
        if routine == self._drawn:
            return
        self._drawn = routine
        if not routine.entries:
            self.chart.value, self.chart_svg = "", b""
            self.chart.layout.display = "none"
            self.chart_alt.value = ""
            return
        try:
            # Written as SVG directly, not through matplotlib: the preview redraws on every
            # slider move and must keep up with the total (benchmarks/browser.py).
            from ..charts.svg_timeline import alt_text, timeline_svg

            image = timeline_svg(self._timeline).encode("utf-8")
            alt = alt_text(self._timeline)
        except Exception as error:  # noqa: BLE001 - a failed drawing must not break the builder
            self.chart.layout.display = "none"
            self.chart_alt.value = tag(
                "p",
                one_line(f"The chart could not be drawn: {error}"),
                style=f"color: {WARN_TEXT}",
            )
            return
        # The text alternative is the image's alt, and shown under the chart in words too.
        self.chart_svg = image
        self.chart.value = picture(image, "image/svg+xml", alt, fill=True)
        self.chart.layout.display = None
        self.chart_alt.value = tag(
            "details",
            tag("summary", "Describe the chart in words"),
            tag("p", alt, style="margin: 0.3em 0 0"),
            style=f"color: {MUTED}; margin: 0 0 0.4em",
        )


def routine_builder(
    routine: Routine | str | os.PathLike | None = None, *, catalog: Catalog | None = None
) -> RoutineBuilder:
    """A routine builder starting from a Routine, a ready routine's id, a routine file (Save then
    writes back to it), or nothing (empty)."""
    catalog = catalog or default_catalog()
    if routine is None:
        return RoutineBuilder(Routine(name=DEFAULT_NAME, entries=()), catalog)
    resolved = catalog.resolve_routine(routine)  # an id, a file, or a DataError saying which
    file = None if isinstance(routine, Routine) else routine_file(routine)
    return RoutineBuilder(resolved, catalog, file=file)


__all__ = ["RoutineBuilder", "routine_builder"]
