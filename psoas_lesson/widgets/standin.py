"""What a lesson widget shows where it cannot run: a readable stand-in in its display data.

A widget's display data holds a view of a live model in the kernel. Where there is none (a
committed notebook opened before any cell runs, which JupyterLab and Notebook 7 show untrusted;
a notebook exported with ``jupyter nbconvert --to html``) the front end falls back to the next
kind of data in the bundle. ipywidgets offers only ``text/plain``, the widget's repr
(``RoutineTimer('Short daily routine', 11:18)``). :class:`StandIn` adds a ``text/html`` stand-in
with the widget's content (a routine's plan, a quiz's questions, an answer key) and a plain line
saying what the widget is and how to start it. Where the widget can run, its live view outranks
both, so a running learner never sees them.

The stand-in's HTML is escaped and styled inline only, so it survives JupyterLab's sanitiser.
"""

from __future__ import annotations

import io
from typing import Any

from ..displays import Display
from ..html import Markup, picture, tag
from ..theme import INK, MUTED, PAPER

# A dashed frame: a summary in place of something, not the thing itself.
_FRAME = (
    f"border: 1px dashed {MUTED}; background: {PAPER}; color: {INK}; padding: 0.5em 1em; "
    "margin: 0.4em 0; line-height: 1.45; max-width: 60em"
)
_NOTE = f"color: {MUTED}; font-size: 0.88em; margin: 0 0 0.5em"
WHERE = (
    "This is a summary in place of the interactive widget, which needs a running notebook: "
    "it shows before the notebook has run and in a page exported from it."
)
# A picture in a stand-in: at one CSS pixel per figure pixel, in a palette of this many colours
# (a chart's few flat colours survive; a quarter of the bytes of the full-colour PNG).
PICTURE_DPI = 100
PICTURE_COLOURS = 64


def make_stand_in(what: str, how: str, *body: object) -> Display:
    """A stand-in: ``what`` the widget is (one line, no full stop) and ``how`` to start it
    (``"run this cell to start it"``), over ``body``, HTML from the content's own renderers."""
    html = tag(
        "section",
        tag("p", tag("strong", what), " — ", how, ".", style="margin: 0.2em 0 0.2em"),
        tag("p", WHERE, style=_NOTE),
        *body,
        aria_label=what,
        style=_FRAME,
    )
    return Display(html, f"{what} — {how}.")


class StandIn:
    """Mixin for a lesson widget (listed before the widget class): its display data adds the
    ``text/html`` of :meth:`stand_in` and its one plain line in place of the repr."""

    def stand_in(self) -> Display:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The widget's display data as one dict (a tuple only where there is metadata: anywidget
        gives some for Colab), with the stand-in added."""
        bundle = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        if bundle is None:  # a widget without a view: nothing to stand in for
            return None
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        shown = self.stand_in()
        data = {**data, "text/html": str(shown.html), "text/plain": shown.text}
        return (data, metadata) if metadata else data


def small_picture(chart: Any, width_px: int | None = None) -> Markup:
    """A chart as a small inline PNG with its alt text, at most ``width_px`` wide."""
    from PIL import Image

    image = Image.open(io.BytesIO(chart.png(PICTURE_DPI))).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(PICTURE_COLOURS).save(buffer, "PNG", optimize=True)
    return picture(buffer.getvalue(), "image/png", chart.alt, width_px=width_px)
