"""Two explorers: pick a structure to see it highlighted on the anatomy schematic, or pick a
fibre study to see its figures, method and caveat beside the fibre chart.

Each picture is drawn once per choice and kept, so going back to a choice is instant.
"""

from __future__ import annotations

import ipywidgets as widgets

from ..catalog import Catalog, default_catalog
from ..displays import INK, MUTED, WARN
from ..html import Markup, items, tag
from ..models import FibreStudy, Structure

_SMALL = f"color: {MUTED}; font-size: 0.88em"
_IMAGE_LAYOUT = dict(width="100%", max_width="820px", height="auto")


def _described(alt: str, what: str) -> Markup:
    """The picture's text alternative in the page (an Image widget has no alt), folded away."""
    return tag("details", tag("summary", f"Describe the {what} in words", style=_SMALL),
               tag("p", alt, style=_SMALL + "; margin: 0.3em 0 0"), style="margin-top: 0.5em")


def structure_html(structure: Structure) -> Markup:
    """One structure's name, description and source, escaped."""
    return tag("section",
               tag("h4", structure.name, style="margin: 0.2em 0 0.4em"),
               tag("p", structure.description, style="margin: 0 0 0.5em"),
               tag("p", "Source: ", structure.source, style=_SMALL + "; margin: 0"),
               aria_label=structure.name, style=f"color: {INK}; line-height: 1.45; max-width: 40em")


def study_html(study: FibreStudy) -> Markup:
    """One fibre study's figures (or that it gives none), findings, method, source and caveat."""
    if study.shares:
        figures = items("ul", [f"{share.label}: {share.percent:g} %" for share in study.shares],
                        style="margin: 0 0 0.5em; padding-left: 1.3em")
    else:
        figures = tag("p", "No percentages given, so this study is not drawn as a bar.",
                      style="margin: 0 0 0.5em; font-style: italic")
    caveat = (tag("p", tag("strong", "Caveat: "), study.caveat,
                  style=f"border-left: 4px solid {WARN}; padding: 0.2em 0.6em; margin: 0.5em 0")
              if study.caveat else "")
    return tag("section",
               tag("h4", study.label, style="margin: 0.2em 0 0.4em"),
               figures,
               tag("p", tag("strong", "Findings")), items("ul", study.findings, style="margin: 0; padding-left: 1.3em"),
               tag("p", tag("strong", "Who: "), study.subjects, style="margin: 0.5em 0 0.2em"),
               tag("p", tag("strong", "Method: "), study.method, style="margin: 0 0 0.2em"),
               caveat,
               tag("p", "Source: ", study.source, style=_SMALL + "; margin: 0"),
               aria_label=study.label, style=f"color: {INK}; line-height: 1.45; max-width: 36em")


class AnatomyExplorer(widgets.VBox):
    """A picker of structures, the schematic with the chosen one highlighted, and its description."""

    def __init__(self, catalog: Catalog | None = None):
        self.catalog = catalog or default_catalog()
        structures = self.catalog.anatomy.structures
        self._pngs: dict[str, bytes] = {}
        self._alts: dict[str, str] = {}
        self.picker = widgets.ToggleButtons(options=[(s.name, s.id) for s in structures],
                                            value=structures[0].id, description="Show:",
                                            style={"button_width": "auto"})
        self.image = widgets.Image(format="png", layout=widgets.Layout(**_IMAGE_LAYOUT))
        self.text = widgets.HTML()
        self.picker.add_class("psoas-anatomy-picker")
        self.image.add_class("psoas-anatomy-image")
        self.text.add_class("psoas-anatomy-text")
        super().__init__([self.picker, self.image, self.text])
        self.add_class("psoas-anatomy-explorer")
        self.picker.observe(self._show, "value")
        self._show()

    @property
    def alt(self) -> str:
        """The text alternative of the picture now shown."""
        return self._alts[self.picker.value]

    def _show(self, _change=None) -> None:
        from ..charts.anatomy import anatomy_schematic

        chosen = self.picker.value
        if chosen not in self._pngs:
            chart = anatomy_schematic(highlight=chosen, catalog=self.catalog)
            self._pngs[chosen], self._alts[chosen] = chart.png(), chart.alt
        self.image.value = self._pngs[chosen]
        structure = self.catalog.anatomy.structure(chosen)
        self.text.value = tag("div", structure_html(structure), _described(self._alts[chosen], "picture"))

    def __repr__(self) -> str:
        return f"AnatomyExplorer({len(self.picker.options)} structures)"


class FibreExplorer(widgets.VBox):
    """A picker of fibre studies, the chosen study's details, and the fibre chart highlighting it."""

    def __init__(self, catalog: Catalog | None = None):
        self.catalog = catalog or default_catalog()
        studies = self.catalog.fibres.studies
        self._pngs: dict[str, bytes] = {}
        self._alts: dict[str, str] = {}
        self.picker = widgets.Dropdown(options=[(s.label, s.id) for s in studies], value=studies[0].id,
                                       description="Study:", layout=widgets.Layout(width="max-content"))
        # Chart and text side by side on a wide screen; the text wraps below on a narrow one.
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="62%", min_width="320px",
                                                                        height="auto"))
        self.text = widgets.HTML(layout=widgets.Layout(flex="1 1 16em", min_width="16em", padding="0 0 0 1em"))
        self.picker.add_class("psoas-fibre-picker")
        self.image.add_class("psoas-fibre-image")
        self.text.add_class("psoas-fibre-text")
        body = widgets.HBox([self.image, self.text], layout=widgets.Layout(flex_flow="row wrap",
                                                                             align_items="flex-start"))
        super().__init__([self.picker, body])
        self.add_class("psoas-fibre-explorer")
        self.picker.observe(self._show, "value")
        self._show()

    @property
    def alt(self) -> str:
        """The text alternative of the chart now shown."""
        return self._alts[self.picker.value]

    def _show(self, _change=None) -> None:
        from ..charts.fibres import fibre_chart

        chosen = self.picker.value
        if chosen not in self._pngs:
            chart = fibre_chart(self.catalog, highlight=chosen)
            self._pngs[chosen], self._alts[chosen] = chart.png(), chart.alt
        self.image.value = self._pngs[chosen]
        study = self.catalog.fibres.study(chosen)
        self.text.value = tag("div", study_html(study), _described(self._alts[chosen], "chart"))

    def __repr__(self) -> str:
        return f"FibreExplorer({len(self.picker.options)} studies)"


def anatomy_explorer(catalog: Catalog | None = None) -> AnatomyExplorer:
    """Pick a structure to see it highlighted on the front-view schematic, with its description."""
    return AnatomyExplorer(catalog)


def fibre_explorer(catalog: Catalog | None = None) -> FibreExplorer:
    """Pick a fibre study to see its figures, method, source and caveat beside the fibre chart."""
    return FibreExplorer(catalog)
