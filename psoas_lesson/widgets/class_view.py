"""The class view's outer box (built by :func:`psoas_lesson.classroom.class_view`): a VBox that,
where it cannot run, stands in with what it is, the routine it shows and the safety notice."""

from __future__ import annotations

import ipywidgets as widgets

from ..catalog import Catalog
from ..displays import Display, routine_summary, safety_box
from ..routine import Routine
from .standin import StandIn, make_stand_in


class ClassView(StandIn, widgets.VBox):
    """The class view: a routine picker, the timer and the safety notice, one above the other."""

    def __init__(self, children, *, holder: widgets.Box, catalog: Catalog, **kwargs):
        self._holder = holder  # holds the timer of the routine chosen
        self.catalog = catalog
        super().__init__(children, **kwargs)

    @property
    def routine(self) -> Routine:
        """The routine whose timer is shown."""
        return self._holder.children[0].routine

    def __repr__(self) -> str:
        return f"ClassView({self.routine.name!r})"

    def stand_in(self) -> Display:
        return make_stand_in(
            f"The class timer, on {self.routine.name}",
            "run this cell to start it, or serve this notebook to a projector with make class",
            routine_summary(self.routine, self.catalog).html,
            safety_box(self.catalog).html,
        )
