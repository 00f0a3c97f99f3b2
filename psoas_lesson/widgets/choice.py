"""One choice among a few, drawn with the browser's own controls, whose keys stay with it.

ipywidgets' Dropdown, RadioButtons and ToggleButtons let JupyterLab and Notebook 7 take the
arrow keys (the next cell is selected, the value does not change), and ToggleButtons tell a
screen reader nothing about which one is on. :class:`Choice` is a native ``<select>`` with its
``<label>`` (look ``"select"``), or radio buttons in a ``<fieldset>`` named by its ``<legend>``:
one Tab stop, the arrow keys move within it (look ``"radios"``; ``"buttons"`` draws them as a
row of buttons). It takes ``options`` as (label, value) pairs and has a ``value`` like
ipywidgets' selection widgets; the values stay in Python (they may be routines), and only the
labels and the chosen index reach the page.
"""

from __future__ import annotations

from collections.abc import Iterable

import anywidget
import traitlets

from .styles import FOCUS_CLASS, module, stylesheet

LOOKS = ("select", "radios", "buttons")
_FIRST = object()  # "no value given": the first option, as a Dropdown does


def _same(a, b) -> bool:
    return a is b or (a is not None and b is not None and a == b)


class Choice(anywidget.AnyWidget):
    """A labelled single choice: a select, radio buttons, or radio buttons drawn as buttons."""

    _esm = module("choice.js")
    _css = stylesheet("choice.css")

    look = traitlets.Enum(LOOKS, default_value="select").tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Int(None, allow_none=True).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    # Not synced: the values may be any Python objects.
    options = traitlets.Tuple()
    value = traitlets.Any(None, allow_none=True)

    def __init__(self, options: Iterable = (), value=_FIRST, **kwargs):
        super().__init__(**kwargs)
        self.add_class(FOCUS_CLASS)
        self.options = tuple(options)
        if value is not _FIRST:
            self.value = value

    @traitlets.validate("options")
    def _pairs(self, proposal) -> tuple:
        return tuple(
            (str(option[0]), option[1])
            if isinstance(option, (tuple, list))
            else (str(option), option)
            for option in proposal["value"]
        )

    def _values(self) -> list:
        return [value for _label, value in self.options]

    def _find(self, value) -> int | None:
        for i, candidate in enumerate(self._values()):
            if _same(candidate, value):
                return i
        return None

    @traitlets.validate("value")
    def _one_of_the_options(self, proposal):
        value = proposal["value"]
        if value is not None and self._find(value) is None:
            raise traitlets.TraitError(f"{value!r} is not one of the options")
        return value

    @traitlets.validate("index")
    def _an_index(self, proposal):
        index = proposal["value"]
        if index is not None and not 0 <= index < len(self.options):
            raise traitlets.TraitError(f"index {index} is not one of {len(self.options)} options")
        return index

    @traitlets.observe("options")
    def _new_options(self, change) -> None:
        kept = self._find(self.value) if self.value is not None else None
        self.labels = [label for label, _value in self.options]
        if kept is None:
            kept = 0 if self.options else None
        self.index = kept
        self.value = None if kept is None else self.options[kept][1]

    @traitlets.observe("value")
    def _value_to_index(self, change) -> None:
        index = None if change["new"] is None else self._find(change["new"])
        if index != self.index:
            self.index = index

    @traitlets.observe("index")
    def _index_to_value(self, change) -> None:
        index = change["new"]
        value = None if index is None else self.options[index][1]
        if not _same(value, self.value):
            self.value = value

    @property
    def label(self) -> str | None:
        """The chosen option's label, or None."""
        return None if self.index is None else self.options[self.index][0]

    def __repr__(self) -> str:
        return f"Choice({self.description!r}, {len(self.options)} options, value={self.value!r})"
