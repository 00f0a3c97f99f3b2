"""An invisible widget that keeps the keyboard focus in the widget around it when the control
that has it is disabled or hidden (see ``focus_keeper.js``): ipywidgets' buttons disable
themselves from the kernel, and the browser drops the focus to the page."""

from __future__ import annotations

from pathlib import Path

import anywidget
import ipywidgets as widgets


class FocusKeeper(anywidget.AnyWidget):
    """Put one inside a widget that carries the class ``psoas-ui``."""

    _esm = Path(__file__).with_name("focus_keeper.js")

    def __init__(self, **kwargs):
        super().__init__(layout=widgets.Layout(display="none"), **kwargs)

    def __repr__(self) -> str:
        return "FocusKeeper()"
