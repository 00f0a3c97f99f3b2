"""A printable handout for a routine: one self-contained HTML page (charts inlined as PNG data).

The page has no date and no external resources, so the same routine and data always give the
same bytes, and it prints on A4 with each exercise kept whole on a page.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import Catalog, default_catalog
from .describe import clock, dose_text, duration
from .files import atomic_write_text, display_path
from .html import Markup, items, page, tag
from .models import Exercise
from .routine import Routine, applied_dose
from .steps import render_steps
from .theme import ACCENT, INK, MUTED, RULE, WARN
from .timeline import PREPARE, REST, SWITCH, WORK, Timeline, compile_timeline

# Charts are drawn at print resolution: 150 dpi keeps text sharp on paper at ~18 cm wide.
CHART_DPI = 150
CONTENT_WIDTH_MM = 210 - 14 - 14  # A4 less the @page side margins below
SHORT_CHART_MM = 80
FOOTER = (
    "Made with psoas-lesson. Stretch to mild tension, never into pain; stop and ask a "
    "professional if something feels wrong."
)

# The lesson's colours as CSS variables (theme.py is their home); the take-away page uses them too.
COLOUR_VARIABLES = (
    f":root {{ --ink: {INK}; --muted: {MUTED}; --rule: {RULE}; --accent: {ACCENT}; "
    f"--warn: {WARN}; }}"
)
CSS = (
    """
@page { size: A4; margin: 15mm 14mm 16mm 14mm; }
"""
    + COLOUR_VARIABLES
    + """
* { box-sizing: border-box; }
html { color: var(--ink); background: white;
       font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; line-height: 1.45; }
body { margin: 0 auto; max-width: 50rem; padding: 1.5rem; font-size: 11pt; }
h1 { font-size: 22pt; line-height: 1.15; margin: 0.1em 0 0.3em; }
h2 { font-size: 14pt; margin: 1.2em 0 0.4em; color: var(--accent); }
h3 { font-size: 12.5pt; margin: 0 0 0.2em; }
h4 { font-size: 10.5pt; margin: 0.6em 0 0.15em; text-transform: uppercase; letter-spacing: 0.04em;
     color: var(--muted); }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
p { margin: 0.3em 0; }
ol, ul { margin: 0.2em 0; padding-left: 1.4em; }
li { margin: 0.1em 0; }
.kicker { margin: 0; color: var(--accent); font-size: 9pt; font-weight: bold;
          letter-spacing: 0.08em; text-transform: uppercase; }
.description { font-size: 11.5pt; }
.facts { margin: 0.5em 0; }
.facts .total { font-size: 13pt; font-weight: bold; }
.safety { margin: 0.9em 0; padding: 0.5em 0.9em; border: 2px solid var(--warn);
          border-left-width: 8px; break-inside: avoid; page-break-inside: avoid; }
.safety h2 { margin: 0 0 0.2em; color: var(--warn); font-size: 12pt; }
table { width: 100%; border-collapse: collapse; margin: 0.4em 0; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 0.3em 0.45em; border-bottom: 1px solid var(--rule); text-align: left;
         vertical-align: top; }
th { border-bottom: 2px solid var(--ink); font-size: 10pt; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.kind { display: block; color: var(--muted); font-size: 9pt; }
tr.total td { border-bottom: none; font-weight: bold; }
figure { margin: 0.8em 0; break-inside: avoid; page-break-inside: avoid; }
/* Capped in height so a tall chart scales down rather than pushing everything to the next page. */
figure img { display: block; width: auto; height: auto; max-width: 100%; max-height: 135mm;
             margin: 0 auto; }
/* A wide, short chart at this height shares the first page with the table above it. */
figure.compact { margin: 0.4em 0 0; }
figure.compact img { max-height: 66mm; }
.anatomy figure img { max-height: 140mm; }
figcaption { margin-top: 0.2em; color: var(--muted); font-size: 9.5pt; }
.missing { padding: 0.6em; border: 1px dashed var(--rule); color: var(--muted); }
/* An exercise fills the paper: its name, dose and drawings stay together, and its steps and
   cautions flow in two columns after them, on to the next page if they must, so a page holds
   as much as fits instead of one exercise and white space. */
.exercise { margin-top: 0.8em; padding-top: 0.45em; border-top: 1px solid var(--rule); }
.exercise .top { break-inside: avoid; page-break-inside: avoid; }
.exercise .number { display: inline-block; min-width: 1.6em; color: var(--accent); }
.meta { color: var(--muted); font-size: 9.5pt; }
/* The drawn positions side by side, in the order they are done: the start, then the hold or
   the end of the move. */
.poses { display: flex; gap: 4mm; margin: 0.3em 0 0.2em; }
.poses figure.pose { margin: 0; flex: 1 1 0; max-width: 88mm; }
.poses figure.pose img { max-height: 38mm; width: auto !important; max-width: 100%; margin: 0; }
.poses figcaption { font-size: 8.5pt; line-height: 1.3; }
.exercise .text { column-count: 2; column-gap: 7mm; }
.exercise .text h4:first-child { margin-top: 0.2em; }
.exercise .text li, .exercise .text p { break-inside: avoid; page-break-inside: avoid; }
.no-pose { color: var(--muted); font-size: 9pt; font-style: italic; }
.dose, .cue { margin: 0.35em 0; }
.source { color: var(--muted); font-size: 8.5pt; }
footer { margin-top: 1.5em; padding-top: 0.4em; border-top: 1px solid var(--rule);
         color: var(--muted); font-size: 9pt; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { margin-top: 0.9em; }
  .safety { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page-break { break-before: page; page-break-before: always; }
}
"""
)


def _is_short(chart) -> bool:
    """Whether the chart, at the printed page's full width, is short enough to shrink a little."""
    figure = getattr(chart, "figure", None)
    if figure is None:
        return False
    width, height = figure.get_size_inches()
    return height * CONTENT_WIDTH_MM / width <= SHORT_CHART_MM


def _figure(make_chart, caption: str, compact: bool = False) -> Markup:
    """The chart as an inline PNG with its alt text, or a note if plotting is not installed.

    ``compact``: a short chart is drawn a little smaller so it can share a page with the table
    above it; a taller one keeps its size and moves to the next page rather than become unreadable.
    """
    try:
        chart = make_chart()
    except ModuleNotFoundError as error:
        # Only the optional plotting library may be missing; any other import failure is a bug.
        if (error.name or "").split(".")[0] not in ("matplotlib", "numpy"):
            raise
        return tag(
            "p", f"{caption} (figure left out: matplotlib is not installed)", class_="missing"
        )
    return tag(
        "figure",
        tag("img", src=chart.data_uri(CHART_DPI), alt=chart.alt),
        tag("figcaption", caption),
        class_="compact" if compact and _is_short(chart) else None,
    )


def _timeline_chart(routine: Routine, catalog: Catalog):
    from .charts.routine import timeline_chart

    return timeline_chart(routine, catalog)


def _anatomy_chart(catalog: Catalog):
    from .charts.anatomy import anatomy_schematic

    return anatomy_schematic(catalog=catalog)


def _keep_together(text: str) -> str:
    """No line break inside ``20 × 5 s`` or ``10 breaths``: a number stays with its unit."""
    text = re.sub(r"(?<=\d) (?=×|s\b|min\b|breaths\b)", "\u00a0", text)
    return re.sub(r"× (?=\d)", "×\u00a0", text)


def _anatomy_caption(catalog: Catalog) -> str:
    try:
        return catalog.anatomy.topic("location").summary
    except KeyError:  # a teacher's data may name its topics differently
        return "A schematic of the psoas and its neighbours."


def _equipment(exercise: Exercise) -> str:
    if not exercise.needs:
        return "none needed"
    optional = [
        f"{e} (optional)" for e in exercise.optional_equipment if e not in exercise.equipment
    ]
    return ", ".join([*exercise.equipment, *optional])


def _entry_seconds(timeline: Timeline) -> dict[int, float]:
    seconds: dict[int, float] = {}
    for segment in timeline.segments:
        if segment.entry is not None and segment.exercise is not None:
            seconds[segment.entry] = seconds.get(segment.entry, 0.0) + segment.duration_s
    return seconds


def _poses(exercise: Exercise, catalog: Catalog) -> Markup:
    """The exercise's drawn positions side by side in the order they are done, the start first
    (vector, so they print sharp), or a note."""
    from .figures import NO_FIGURE, exercise_figures, figure_img

    figures = exercise_figures(exercise.id, catalog, width=None)
    if figures is None:
        return tag("p", NO_FIGURE, class_="no-pose")
    return tag(
        "div",
        *(
            tag(
                "figure",
                figure_img(f.svg, f.alt, width="100%"),
                tag("figcaption", f.caption.split(":")[0]),  # the steps say the rest
                class_=f"pose pose-{f.position}",
            )
            for f in figures.figures
        ),
        class_="poses",
    )


def _exercise_block(
    number: int,
    exercise: Exercise,
    dose: str,
    seconds: float,
    catalog: Catalog,
    steps: tuple[str, ...],
) -> Markup:
    top = tag(
        "div",
        tag("h3", tag("span", f"{number}.", class_="number"), " ", exercise.name),
        tag(
            "p",
            f"{exercise.kind.label} · targets: {', '.join(exercise.targets)} · "
            f"about {_keep_together(duration(seconds))} including the count-in and pauses",
            class_="meta",
        ),
        tag("p", tag("strong", "Dose: "), dose, class_="dose"),
        tag("p", exercise.summary, class_="summary"),
        _poses(exercise, catalog),
        class_="top",
    )
    parts: list[Any] = [
        tag("h4", "Steps"),
        items("ol", steps),  # written from this entry's dose, as the dose line above
        tag("p", tag("strong", "Cue: "), exercise.cue, class_="cue"),
        tag("h4", "Cautions"),
        items("ul", exercise.cautions) if exercise.cautions else tag("p", "None listed."),
        tag("p", tag("strong", "Equipment: "), _equipment(exercise), class_="equipment"),
        tag("p", f"Reference: {exercise.source}", class_="source"),
    ]
    return tag(
        "article",
        top,
        tag("div", *parts, class_="text"),
        class_="exercise",
        id=f"exercise-{number}",
    )


def handout_html(routine: Routine | str | os.PathLike, catalog: Catalog | None = None) -> str:
    """One self-contained, printable HTML page for a routine (Routine, ready id or JSON path)."""
    catalog = catalog or default_catalog()
    routine = catalog.resolve_routine(routine)
    timeline = compile_timeline(routine, catalog)  # also checks every exercise and override
    rows, blocks = exercise_rows_and_blocks(routine, timeline, catalog)
    body = [
        routine_header(routine, timeline, "Psoas lesson · practice handout"),
        safety_section(catalog),
        tag(
            "section",
            tag("h2", "The routine at a glance"),
            _summary_table(rows, timeline),
            _figure(
                lambda: _timeline_chart(routine, catalog),
                "The routine minute by minute, from the first count-in to the last hold.",
                compact=True,
            ),
            class_="summary",
        ),
        tag(
            "section",
            tag("h2", "Where the psoas is"),
            _figure(lambda: _anatomy_chart(catalog), _anatomy_caption(catalog)),
            class_="anatomy",
        ),
        tag("section", tag("h2", "The exercises"), *blocks, class_="exercises"),
        tag("footer", FOOTER),
    ]
    return page(f"{routine.name} · psoas lesson handout", body, CSS)


def safety_section(catalog: Catalog) -> Markup:
    """The lesson's full safety notice under its heading."""
    return tag(
        "section",
        tag("h2", "Safety first"),
        tag("p", catalog.guidance.safety_notice),
        class_="safety",
        aria_label="Safety notice",
    )


def exercise_rows_and_blocks(
    routine: Routine, timeline: Timeline, catalog: Catalog
) -> tuple[list[Markup], list[Markup]]:
    """A summary-table row and a full block (steps written from the applied dose, cautions...)
    for each exercise, in order; the take-away page shows the same blocks."""
    per_entry = _entry_seconds(timeline)
    rows, blocks = [], []
    for number, entry in enumerate(routine.entries, start=1):
        exercise = catalog.exercise(entry.exercise)
        applied = applied_dose(exercise, entry, routine.settings)
        dose = _keep_together(dose_text(exercise, applied))
        seconds = per_entry.get(number - 1, 0.0)
        rows.append(
            tag(
                "tr",
                tag("td", str(number), class_="num"),
                tag("td", exercise.name, tag("span", exercise.kind.label, class_="kind")),
                tag("td", dose),
                tag("td", clock(seconds), class_="num"),
            )
        )
        steps = render_steps(exercise, applied)
        blocks.append(_exercise_block(number, exercise, dose, seconds, catalog, steps))
    return rows, blocks


def routine_header(routine: Routine, timeline: Timeline, kicker: str) -> Markup:
    """The routine's name under ``kicker``, its description, and its times in one line."""
    by_kind = timeline.seconds_by_kind()
    between = by_kind[REST] + by_kind[SWITCH]
    count = len(routine.entries)
    facts = tag(
        "p",
        tag("span", f"Total time {clock(timeline.total_s)}", class_="total"),
        f" ({duration(timeline.total_s)}) · {count} exercise{'s' if count != 1 else ''} · "
        f"holds and repetitions {clock(by_kind[WORK])} · rests and side changes {clock(between)} · "
        f"getting ready {clock(by_kind[PREPARE])}",
        class_="facts",
    )
    return tag(
        "header",
        tag("p", kicker, class_="kicker"),
        tag("h1", routine.name),
        tag("p", routine.description, class_="description") if routine.description else None,
        facts,
    )


def _summary_table(rows: list[Markup], timeline: Timeline) -> Markup:
    head = tag(
        "tr",
        tag("th", "#", class_="num"),
        tag("th", "Exercise"),
        tag("th", "Dose"),
        tag("th", "Time", class_="num"),
    )
    total = tag(
        "tr",
        tag("td", "Whole routine, with the rests between exercises", colspan=3),
        tag("td", clock(timeline.total_s), class_="num"),
        class_="total",
    )
    # The total is the last body row, not a tfoot: Chromium repeats a tfoot on every page.
    return tag("table", tag("thead", head), tag("tbody", *rows, total))


@dataclass(frozen=True)
class WrittenPage:
    """A page on disk (a handout, the poster, a take-away page). In a notebook it shows as a link
    that opens it; ``.path`` is the file, and it can be passed wherever a path is expected.
    ``advice`` says what to do with it, as a sentence after the link, and ``advice_text`` as the
    end of the plain-text message."""

    path: Path
    title: str  # what was written: 'Handout for “Daily short”', 'The poster'
    advice: str = "Open it, then print it from the browser (it is laid out for A4)."
    advice_text: str = "open it in a web browser and print it."

    def __fspath__(self) -> str:
        return os.fspath(self.path)

    def link(self) -> Markup:
        """A link to the file, relative to the working folder (the notebook's, in Jupyter)."""
        href = _relative_href(self.path)
        return tag("a", self.path.name, href=href, target="_blank", rel="noopener")

    def bundle(self, full_path: bool = False) -> dict[str, str]:
        """What a notebook shows: where the page was written and a link that opens it.

        ``full_path`` names the file by its absolute path (the builder's message, where the folder
        it went to is not obvious), not as the working folder sees it.
        """
        where = str(self.path.resolve()) if full_path else display_path(self.path)
        html = tag(
            "p",
            f"{self.title} written",
            f" to {where}: " if full_path else ": ",
            self.link(),
            f". {self.advice}",
            style=f"margin: 0.3em 0; color: {INK}",
        )
        text = f"{self.title} written to {where}: {self.advice_text}"
        return {"text/html": str(html), "text/plain": text}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle()

    def __repr__(self) -> str:
        return self.bundle()["text/plain"]


@dataclass(frozen=True, repr=False)
class WrittenHandout(WrittenPage):
    """A handout on disk, for the routine named ``routine_name``."""

    routine_name: str = ""


def _relative_href(path: Path) -> str:
    """``path`` as a URL relative to the working folder where it lies inside it, else file://."""
    absolute = path.resolve()
    try:
        relative = absolute.relative_to(Path.cwd().resolve())
    except ValueError:
        return absolute.as_uri()
    return urllib.parse.quote(relative.as_posix())


def write_handout(
    routine: Routine | str | os.PathLike, path: str | os.PathLike, catalog: Catalog | None = None
) -> WrittenHandout:
    """Write the handout atomically; the result shows as a link to it in a notebook."""
    catalog = catalog or default_catalog()
    resolved = catalog.resolve_routine(routine)
    target = Path(path)
    atomic_write_text(target, handout_html(resolved, catalog))
    name = resolved.name or "Routine"
    return WrittenHandout(target, f"Handout for “{name}”", routine_name=name)
