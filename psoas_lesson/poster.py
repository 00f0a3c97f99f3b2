"""A one-page poster of every exercise, for a studio wall or a fridge: each drawn in its held
position (or at the end of its move, with the start faintly behind it and an arrow), with its
name, what it does to the psoas (or, for a massage, the muscle it reaches) and one cue.

One self-contained HTML page laid out for one A4 sheet (``psoas-lesson poster --out
poster.html``, or :func:`write_poster` in a notebook); the figures are inline SVG images, so it
prints sharp and needs nothing from the network.
"""

from __future__ import annotations

import os
from pathlib import Path

from .catalog import Catalog, default_catalog
from .figures import alt_text, figure_img, pose_svg
from .files import atomic_write_text
from .handout import WrittenPage
from .html import Markup, page, tag
from .poses import Group, Limbs, PoseSet
from .theme import COLOURS, INK, MUTED, RULE, WARN
from .widgets.timer_payload import reminder_text

GROUP_WORDS = {Group.LENGTHENED: "lengthened", Group.NEUTRAL: "about neutral",
               Group.SHORTENED: "shortened"}  # fmt: skip

CSS = f"""
@page {{ size: A4 portrait; margin: 9mm 9mm 9mm 9mm; }}
* {{ box-sizing: border-box; }}
html {{ color: {INK}; background: white;
       font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; line-height: 1.25; }}
body {{ margin: 0 auto; max-width: 60rem; padding: 1rem; font-size: 9pt; }}
header {{ display: flex; align-items: baseline; justify-content: space-between; gap: 1em;
          border-bottom: 2px solid {INK}; margin-bottom: 2.5mm; padding-bottom: 1mm; }}
h1 {{ font-size: 17pt; margin: 0; }}
.key {{ display: flex; flex-wrap: wrap; gap: 0.4em 1em; font-size: 8pt; color: {MUTED}; }}
.swatch {{ display: inline-block; width: 1.8em; height: 0.75em; border-radius: 0.4em;
           margin-right: 0.3em; vertical-align: baseline; border: 1px solid {INK};
           -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
.grid {{ display: grid; grid-template-columns: repeat(4, 1fr); gap: 2.5mm; }}
.cell {{ border: 1px solid {RULE}; border-radius: 2mm; padding: 1.5mm;
         break-inside: avoid; page-break-inside: avoid; }}
.cell img {{ display: block; width: 100%; height: 27mm; object-fit: contain; }}
.cell h2 {{ font-size: 9pt; margin: 0.8mm 0 0.4mm; }}
.cell p {{ margin: 0.3mm 0; font-size: 7.5pt; }}
.cell .cue {{ font-style: italic; }}
footer {{ margin-top: 2.5mm; padding: 1.5mm 2.5mm; border: 1.5px solid {WARN};
          border-left-width: 5px; font-size: 8.5pt; }}
@media screen {{ .grid {{ grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); }} }}
@media print {{ body {{ padding: 0; max-width: none; }} }}
"""


def _swatch(colour: str) -> Markup:
    return tag("span", "", class_="swatch", style=f"background: {colour}")


def _state(catalog: Catalog, pose_set: PoseSet) -> Markup:
    """What the exercise does to the psoas, in a colour key and words; for a massage, first the
    muscle the pressure reaches."""
    key = pose_set.key_position
    group = catalog.poses.group_of(key.hip_deg)
    whose = (
        f"Psoas of the {pose_set.leg_marker.words}"
        if pose_set.psoas is Limbs.FAR and pose_set.leg_marker is not None
        else "Psoas"
    )
    psoas = tag("p", _swatch(COLOURS[group.value]), f"{whose}: {GROUP_WORDS[group]}")
    if key.pressure is None:
        return psoas
    reached = tag(
        "p", _swatch(COLOURS["massage"]), tag("strong", f"Reaches the {key.pressure.muscle.words}")
    )
    return Markup(reached + tag("p", _swatch(COLOURS[group.value]), "Psoas: deeper, not reached"))


def _cell(catalog: Catalog, pose_set: PoseSet) -> Markup:
    exercise = catalog.exercise(pose_set.exercise)
    key = pose_set.key_position
    svg = pose_svg(pose_set.exercise, key.id, catalog=catalog, labels=False, width=None)
    return tag(
        "article",
        figure_img(svg, alt_text(catalog, pose_set, key), height="27mm"),
        tag("h2", exercise.name),
        _state(catalog, pose_set),
        tag("p", exercise.cue, class_="cue"),
        class_="cell",
        aria_label=exercise.name,
    )


def poster_html(catalog: Catalog | None = None) -> str:
    """The poster: every exercise that has a drawing, in the lesson's order, on one A4 page."""
    catalog = catalog or default_catalog()
    cells = []
    for exercise in catalog.exercises:
        pose_set = catalog.poses.for_exercise(exercise.id)
        if pose_set is not None:
            cells.append(_cell(catalog, pose_set))
    key = tag(
        "div",
        *(
            tag("span", _swatch(COLOURS[g.value]), f"psoas {GROUP_WORDS[g]}")
            for g in (Group.LENGTHENED, Group.NEUTRAL, Group.SHORTENED)
        ),
        tag("span", _swatch(COLOURS["massage"]), "what a massage reaches"),
        tag("span", "arrow and faint figure: the way the move goes"),
        class_="key",
    )
    body = [
        tag("header", tag("h1", "Psoas stretches and self-massage"), key),
        tag("main", *cells, class_="grid"),
        tag("footer", tag("strong", "Safety: "), reminder_text(catalog)),
    ]
    return page("Psoas stretches and self-massage · poster", body, CSS)


def write_poster(path: str | os.PathLike, catalog: Catalog | None = None) -> WrittenPage:
    """Write the poster atomically; in a notebook the result shows as a link that opens it."""
    target = Path(path)
    atomic_write_text(target, poster_html(catalog))
    return WrittenPage(target, "The poster")
