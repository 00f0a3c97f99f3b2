"""The routine builder's list of exercises: one row each, with a small figure of the pose.

A native ``<select>`` cannot show pictures, so this is a small anywidget listbox that behaves
like one: a label tied to it, ``role="listbox"`` with ``aria-selected`` options, the arrow keys,
Home and End to move the choice, a click to choose. Python holds only the synced state; it takes
``options`` as (label, value) pairs and ``value`` as the chosen value, like ipywidgets' Select.
"""

from __future__ import annotations

import anywidget
import traitlets

from ..theme import ACCENT
from .styles import module, stylesheet


class FigureList(anywidget.AnyWidget):
    """A single-choice list whose rows each show a figure (SVG markup, or "" for none)."""

    _esm = module("figure_list.js")
    _css = stylesheet("figure_list.css")

    options = traitlets.List().tag(sync=True)  # (label, value) pairs
    figures = traitlets.List(traitlets.Unicode()).tag(sync=True)  # one per option, or fewer
    value = traitlets.Any(None, allow_none=True).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    no_figure = traitlets.Unicode("no drawing").tag(sync=True)
    accent = traitlets.Unicode(ACCENT).tag(sync=True)

    @traitlets.validate("value")
    def _one_of_the_options(self, proposal):
        value = proposal["value"]
        return value if value in {option[1] for option in self.options} else None

    @traitlets.validate("options")
    def _pairs(self, proposal):
        return [tuple(option) for option in proposal["value"]]

    @traitlets.observe("options")
    def _drop_a_vanished_choice(self, _change) -> None:
        if self.value not in {option[1] for option in self.options}:
            self.value = None

    def __repr__(self) -> str:
        return f"FigureList({self.description!r}, {len(self.options)} rows, value={self.value!r})"
