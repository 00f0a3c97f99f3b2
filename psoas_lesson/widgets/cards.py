"""Exercise cards and the exercise browser: one exercise's facts, steps, dose and cautions.

:func:`card_html` is pure (escaped Markup, inline styles only, so it survives JupyterLab's
sanitiser and can be reused by handouts); the widgets wrap it.
"""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as widgets

from ..catalog import Catalog, default_catalog
from ..describe import dose_text, exercise_text
from ..displays import Display
from ..html import Markup, items, tag
from ..models import Amount, Exercise, RepsScope, Sides
from ..routine import applied_dose
from ..steps import render_steps
from ..text import number
from ..theme import (
    ACCENT,
    HEADER,
    INK,
    MUTED,
    PAPER,
    TABLE_CELL,
    WARN,
    WARN_PAPER,
    WARN_TEXT,
)
from .choice import Choice
from .standin import StandIn, make_stand_in
from .styles import FOCUS_CLASS

ANY = "any"
NO_EQUIPMENT = "none needed"

_CELL = TABLE_CELL.replace("0.4em 0.6em", "0.25em 0.6em")
_SMALL = f"color: {MUTED}; font-size: 0.88em"


def _words(slug: str) -> str:
    """A data id as words: ``hip-flexors`` -> ``hip flexors``."""
    return slug.replace("-", " ")


def _equipment_text(exercise: Exercise) -> str:
    needed = [_words(e) for e in exercise.equipment]
    optional = [
        f"{_words(e)} (optional)"
        for e in exercise.optional_equipment
        if e not in exercise.equipment
    ]
    return ", ".join(needed + optional) or "none"


def _dose_rows(exercise: Exercise) -> list[tuple[str, Amount, str]]:
    dose = exercise.dose
    per = (
        ""
        if dose.sides is Sides.BOTH_AT_ONCE
        else " in all"
        if dose.reps_scope is RepsScope.TOTAL
        else " per side"
    )
    return [
        ("Hold", dose.work_amount, ""),
        ("Repetitions", dose.reps, per),
        ("Sets", dose.sets, ""),
        ("Rest between", dose.rest_s, ""),
    ]


def _dose_table(exercise: Exercise) -> Markup:
    head = tag(
        "tr",
        *(
            tag("th", h, scope="col", style=f"{_CELL}; background: {HEADER}")
            for h in ("", "This lesson starts at", "The article says", "You may set")
        ),
    )
    rows = []
    for label, amount, per in _dose_rows(exercise):
        article = amount.article_text
        rows.append(
            tag(
                "tr",
                tag("th", label, scope="row", style=_CELL),
                tag("td", f"{number(amount.default)}{amount.unit}{per}", style=_CELL),
                tag(
                    "td",
                    article,
                    style=_CELL
                    + (
                        "; font-style: italic; color: " + MUTED
                        if amount.article_min is None
                        else ""
                    ),
                ),
                tag("td", f"{number(amount.min)}–{number(amount.max)}{amount.unit}", style=_CELL),
            )
        )
    return tag(
        "table",
        tag("thead", head),
        tag("tbody", *rows),
        style=f"border-collapse: collapse; margin: 0.3em 0 0.5em; color: {INK}",
    )


def _cautions(exercise: Exercise) -> Markup:
    source = (
        tag(
            "p",
            "Where these cautions come from: ",
            exercise.cautions_source,
            style=_SMALL + "; margin: 0.3em 0 0",
        )
        if exercise.cautions_source
        else ""
    )
    return tag(
        "section",
        tag("h4", "Cautions", style=f"margin: 0 0 0.3em; color: {WARN_TEXT}"),
        items("ul", exercise.cautions, style="margin: 0; padding-left: 1.3em"),
        source,
        role="note",
        aria_label=f"Cautions for {exercise.name}",
        style=(
            f"border: 2px solid {WARN}; border-left-width: 7px; background: {WARN_PAPER}; "
            "padding: 0.5em 0.9em; margin: 0.6em 0"
        ),
    )


def card_html(exercise: Exercise, catalog: Catalog | None = None) -> Markup:
    """One exercise as a self-contained, escaped HTML card, with its drawn positions (the held
    one, the start beside it) from ``catalog``'s pose data, or a plain note if it has none."""
    from ..figures import exercise_figures, figures_html

    catalog = catalog or default_catalog()
    dose = applied_dose(exercise)  # the card shows the lesson's starting dose, steps included
    pictures = figures_html(exercise_figures(exercise.id, catalog))
    targets = ", ".join(_words(t) for t in exercise.targets)
    meta = tag(
        "p",
        tag("strong", exercise.kind.label),
        " · targets: ",
        targets,
        " · equipment: ",
        _equipment_text(exercise),
        style=_SMALL + "; margin: 0 0 0.5em",
    )
    note = (
        tag("p", exercise.dose.note, style=_SMALL + "; margin: 0 0 0.4em")
        if exercise.dose.note
        else ""
    )
    return tag(
        "article",
        tag("h3", exercise.name, style="margin: 0.1em 0 0.2em"),
        meta,
        tag("p", exercise.summary, style="margin: 0.3em 0"),
        pictures,
        tag("p", tag("strong", "Why: "), exercise.why, style="margin: 0.3em 0"),
        tag("h4", "Steps", style="margin: 0.6em 0 0.2em"),
        items("ol", render_steps(exercise, dose), style="margin: 0; padding-left: 1.5em"),
        tag("h4", "Dose", style="margin: 0.6em 0 0.2em"),
        tag("p", dose_text(exercise, dose), style="margin: 0.2em 0"),
        _dose_table(exercise),
        note,
        _cautions(exercise),
        tag("p", tag("strong", "Evidence: "), exercise.evidence, style="margin: 0.4em 0"),
        tag("p", "Source: ", exercise.source, style=_SMALL + "; margin: 0.3em 0 0"),
        aria_label=exercise.name,
        style=(
            f"border-left: 5px solid {ACCENT}; background: {PAPER}; color: {INK}; padding: 0.6em "
            "1em; "
            "margin: 0.4em 0; line-height: 1.45; max-width: 60em"
        ),
    )


class ExerciseCard(StandIn, widgets.VBox):
    """A widget showing one exercise's card."""

    def __init__(self, exercise: Exercise, catalog: Catalog | None = None, **kwargs):
        self.exercise = exercise
        self.html = widgets.HTML(card_html(exercise, catalog), layout=widgets.Layout(width="100%"))
        super().__init__([self.html], **kwargs)
        self.add_class("psoas-card")

    def __repr__(self) -> str:
        return f"ExerciseCard({self.exercise.id!r})"

    def stand_in(self) -> Display:
        """The card itself: it needs no kernel."""
        return make_stand_in(
            f"The card for {self.exercise.name}",
            "shown here in full; running this cell shows the same card",
            Markup(self.html.value),
        )


def _catalog(catalog: Catalog | None) -> Catalog:
    return catalog or default_catalog()


def exercise_card(id_or_exercise: str | Exercise, catalog: Catalog | None = None) -> ExerciseCard:
    """A card for an exercise, given as an id or an Exercise; an unknown id is a DataError."""
    exercise = (
        id_or_exercise
        if isinstance(id_or_exercise, Exercise)
        else _catalog(catalog).exercise(id_or_exercise)
    )
    return ExerciseCard(exercise, _catalog(catalog))


def show_exercise(exercise_id: str, catalog: Catalog | None = None) -> Display:
    """The card for one exercise, to leave as a cell's last line.

    Plain HTML, not a widget: a card has nothing to click, and HTML reads the same in JupyterLab,
    in a notebook viewer, in print and in Voila; its text form is the exercise in words.
    """
    catalog = _catalog(catalog)
    exercise = catalog.exercise(exercise_id)
    return Display(str(card_html(exercise, catalog)), exercise_text(exercise))


# ---------------------------------------------------------------------------------------------
# The browser


def _choices(values: Iterable[str]) -> list[tuple[str, str]]:
    return [(_words(v), v) for v in sorted(set(values))]


def matches(exercise: Exercise, kind: str = ANY, equipment: str = ANY, target: str = ANY) -> bool:
    """Whether an exercise passes the browser's filters (``"any"`` lets all through)."""
    if kind != ANY and exercise.kind.value != kind:
        return False
    if equipment == NO_EQUIPMENT and exercise.equipment:
        return False
    if equipment not in (ANY, NO_EQUIPMENT) and equipment not in exercise.needs:
        return False
    return target == ANY or target in exercise.targets


class ExerciseBrowser(StandIn, widgets.VBox):
    """Filters, a list of the matching exercises, and the chosen exercise's card."""

    def __init__(self, catalog: Catalog, **kwargs):
        self.catalog = catalog
        exercises = catalog.exercises
        kinds: dict[str, str] = {}
        for exercise in exercises:
            kinds.setdefault(exercise.kind.value, exercise.kind.label)
        self.kind = Choice(
            options=[(ANY, ANY)] + [(label, value) for value, label in kinds.items()],
            value=ANY,
            description="Kind",
        )
        self.equipment = Choice(
            options=[(ANY, ANY), (NO_EQUIPMENT, NO_EQUIPMENT)]
            + _choices(e for x in exercises for e in x.needs),
            value=ANY,
            description="Equipment",
        )
        self.target = Choice(
            options=[(ANY, ANY)] + _choices(t for x in exercises for t in x.targets),
            value=ANY,
            description="Target",
        )
        self.count = widgets.HTML()
        # Radio buttons, not a Select: a Select's chosen line turns a faint grey once the focus
        # moves on, while a filled radio button stays plainly marked (and is a native radio group,
        # named by its legend, for a screen reader).
        self.list = Choice(
            options=[], look="radios", description="Exercises", layout=widgets.Layout(width="auto")
        )
        self.card_area = widgets.VBox()
        for part, name in (
            (self.kind, "kind"),
            (self.equipment, "equipment"),
            (self.target, "target"),
            (self.count, "count"),
            (self.list, "list"),
            (self.card_area, "card"),
        ):
            part.add_class(f"psoas-browser-{name}")
        super().__init__(
            [
                widgets.HBox(
                    [self.kind, self.equipment, self.target],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.count,
                self.list,
                self.card_area,
            ],
            **kwargs,
        )
        self.add_class("psoas-browser")
        self.add_class(FOCUS_CLASS)
        for dropdown in (self.kind, self.equipment, self.target):
            dropdown.observe(self._filter, "value")
        self.list.observe(self._show, "value")
        self._filter()

    @property
    def matching(self) -> tuple[Exercise, ...]:
        """The exercises the filters let through, in catalog order."""
        return tuple(
            e
            for e in self.catalog.exercises
            if matches(e, self.kind.value, self.equipment.value, self.target.value)
        )

    @property
    def card(self) -> ExerciseCard | None:
        shown = self.card_area.children
        return shown[0] if shown and isinstance(shown[0], ExerciseCard) else None

    def _filter(self, _change=None) -> None:
        found = self.matching
        total = len(self.catalog.exercises)
        self.count.value = tag("p", f"{len(found)} of {total} exercises", style="margin: 0.2em 0")
        keep = self.list.value
        ids = [e.id for e in found]
        self.list.options = [(e.name, e.id) for e in found]
        self.list.value = keep if keep in ids else (ids[0] if ids else None)
        self._show()

    def _show(self, _change=None) -> None:
        chosen = self.list.value
        if chosen is None:
            self.card_area.children = (
                widgets.HTML(
                    tag("p", "No exercise matches these filters.", style=f"color: {MUTED}")
                ),
            )
        elif self.card is None or self.card.exercise.id != chosen:
            self.card_area.children = (exercise_card(chosen, self.catalog),)

    def __repr__(self) -> str:
        return f"ExerciseBrowser({len(self.catalog.exercises)} exercises)"

    def stand_in(self) -> Display:
        """Every exercise by name, with its kind, what it targets and its summary."""
        exercises = self.catalog.exercises
        return make_stand_in(
            f"The exercise browser: {len(exercises)} exercises",
            "run this cell to filter them by kind, equipment and target and see each one's card",
            tag(
                "ul",
                *(
                    tag(
                        "li",
                        tag("strong", e.name),
                        f" ({e.kind.label}; targets: {', '.join(e.targets)}): ",
                        e.summary,
                        style="margin: 0.2em 0",
                    )
                    for e in exercises
                ),
                style="margin: 0; padding-left: 1.3em",
                aria_label="Exercises",
            ),
        )


def exercise_browser(catalog: Catalog | None = None) -> ExerciseBrowser:
    """Browse the exercises by kind, equipment and target, with the chosen one's card."""
    return ExerciseBrowser(_catalog(catalog))


__all__ = [
    "ExerciseBrowser",
    "ExerciseCard",
    "card_html",
    "exercise_browser",
    "exercise_card",
    "show_exercise",
]
