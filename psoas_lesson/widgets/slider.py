"""A slider a screen reader can name: a native range input with its label tied to it.

ipywidgets' IntSlider draws a ``div`` handle with no accessible name and a description label
that is not tied to it, so a screen reader announces a bare number. This one is a few lines of
anywidget: the browser's own ``<input type="range">``, a ``<label for>``, the value shown beside
it and spoken with its unit (``aria-valuetext``: "30 seconds").
"""

from __future__ import annotations

import anywidget
import traitlets

from ..theme import ACCENT
from .styles import module, stylesheet


class LabelledSlider(anywidget.AnyWidget):
    """An integer slider with a visible label tied to it; the value changes when let go."""

    _esm = module("slider.js")
    _css = stylesheet("slider.css")

    value = traitlets.Int(0).tag(sync=True)
    min = traitlets.Int(0).tag(sync=True)
    max = traitlets.Int(100).tag(sync=True)
    step = traitlets.Int(1).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    unit_words = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    accent = traitlets.Unicode(ACCENT).tag(sync=True)  # the track and focus ring

    @traitlets.validate("value")
    def _within_bounds(self, proposal) -> int:
        return max(self.min, min(self.max, int(proposal["value"])))

    def configure(self, low: float, high: float, value: float) -> None:
        """Set bounds and value together: whole numbers inside the bounds, never min above max."""
        low, high = int(-(-low // 1)), int(high // 1)
        with self.hold_trait_notifications():
            self.min, self.max = low, max(low, high)
            self.value = round(value)

    def __repr__(self) -> str:
        return f"LabelledSlider({self.description!r}, {self.value} in {self.min}..{self.max})"
