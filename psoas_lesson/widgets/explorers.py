"""Two explorers: pick a structure to see it highlighted on the anatomy schematic, or pick a
fibre study to see its figures, method and caveat beside the fibre chart.

Each picture is drawn once per choice and kept, so going back to a choice is instant.
"""

from __future__ import annotations

import ipywidgets as widgets

from ..catalog import Catalog, default_catalog
from ..displays import INK, MUTED, WARN, Display
from ..html import Markup, items, picture, tag
from ..models import FibreStudy, Structure
from .choice import Choice
from .standin import StandIn, make_stand_in, small_picture
from .styles import FOCUS_CLASS

_SMALL = f"color: {MUTED}; font-size: 0.88em"
# Pictures are shown at their own size (100 CSS pixels per inch of figure, as a chart in a
# notebook is), never scaled down to fit a column: their smallest text is then 9.5 pt = 13 px.
# Only a window narrower than the picture shrinks it (max-width).
CSS_PX_PER_INCH = 100
FIBRE_CHART_WIDTH_IN = 6.8  # narrow enough to leave room for the study's text beside it


def _described(alt: str, what: str) -> Markup:
    """The picture's text alternative as words on the page too, folded away."""
    return tag(
        "details",
        tag("summary", f"Describe the {what} in words", style=_SMALL),
        tag("p", alt, style=_SMALL + "; margin: 0.3em 0 0"),
        style="margin-top: 0.5em",
    )


def structure_html(structure: Structure) -> Markup:
    """One structure's name, description and source, escaped."""
    return tag(
        "section",
        tag("h4", structure.name, style="margin: 0.2em 0 0.4em"),
        tag("p", structure.description, style="margin: 0 0 0.5em"),
        tag("p", "Source: ", structure.source, style=_SMALL + "; margin: 0"),
        aria_label=structure.name,
        style=f"color: {INK}; line-height: 1.45; max-width: 40em",
    )


def study_html(study: FibreStudy) -> Markup:
    """One fibre study's figures (or that it gives none), findings, method, source and caveat."""
    if study.shares:
        figures = items(
            "ul",
            [f"{share.label}: {share.percent:g} %" for share in study.shares],
            style="margin: 0 0 0.5em; padding-left: 1.3em",
        )
    else:
        figures = tag(
            "p",
            "No percentages given, so this study is not drawn as a bar.",
            style="margin: 0 0 0.5em; font-style: italic",
        )
    caveat = (
        tag(
            "p",
            tag("strong", "Caveat: "),
            study.caveat,
            style=f"border-left: 4px solid {WARN}; padding: 0.2em 0.6em; margin: 0.5em 0",
        )
        if study.caveat
        else ""
    )
    return tag(
        "section",
        tag("h4", study.label, style="margin: 0.2em 0 0.4em"),
        figures,
        tag("p", tag("strong", "Findings")),
        items("ul", study.findings, style="margin: 0; padding-left: 1.3em"),
        tag("p", tag("strong", "Who: "), study.subjects, style="margin: 0.5em 0 0.2em"),
        tag("p", tag("strong", "Method: "), study.method, style="margin: 0 0 0.2em"),
        caveat,
        tag("p", "Source: ", study.source, style=_SMALL + "; margin: 0"),
        aria_label=study.label,
        style=f"color: {INK}; line-height: 1.45; max-width: 36em",
    )


class _PictureExplorer(StandIn, widgets.VBox):
    """A picker, a picture of the chosen item and its description; each picture drawn once."""

    what = "picture"
    # Where it cannot run: what it is and how to start it (see StandIn).
    standing_for = ""
    how = "run this cell to pick one and see it highlighted"

    def __init__(
        self,
        picker: Choice,
        image: widgets.HTML,
        text: widgets.HTML,
        children: list[widgets.Widget],
        prefix: str,
    ):
        self._pngs: dict[str, bytes] = {}
        self._alts: dict[str, str] = {}
        self._widths: dict[str, int] = {}
        self.picker, self.image, self.text = picker, image, text
        for part, name in ((picker, "picker"), (image, "image"), (text, "text")):
            part.add_class(f"{prefix}-{name}")
        super().__init__(children)
        self.add_class(f"{prefix}-explorer")
        self.add_class(FOCUS_CLASS)
        self.picker.observe(self._show, "value")
        self._show()

    @property
    def alt(self) -> str:
        """The text alternative of the picture now shown."""
        return self._alts[self.picker.value]

    def _draw(self, chosen: str):
        raise NotImplementedError

    def _describe(self, chosen: str) -> Markup:
        raise NotImplementedError

    def _descriptions(self) -> list[Markup]:
        """Every item described, in the picker's order."""
        raise NotImplementedError

    def stand_in(self) -> Display:
        """The picture of the first item, with its text alternative, and every item described."""
        chosen = self.picker.value
        width = self.image.layout.width
        return make_stand_in(
            self.standing_for,
            self.how,
            small_picture(self._draw(chosen), int(width[:-2]) if width else None),
            *self._descriptions(),
        )

    def _show(self, _change=None) -> None:
        chosen = self.picker.value
        if chosen not in self._pngs:
            chart = self._draw(chosen)
            self._pngs[chosen], self._alts[chosen] = chart.png(), chart.alt
            self._widths[chosen] = round(chart.figure.get_size_inches()[0] * CSS_PX_PER_INCH)
            self.image.layout.width = f"{self._widths[chosen]}px"
        # an ipywidgets Image has no alt: a screen reader found an unnamed picture
        self.image.value = picture(
            self._pngs[chosen], "image/png", self._alts[chosen], width_px=self._widths[chosen]
        )
        self.text.value = tag(
            "div", self._describe(chosen), _described(self._alts[chosen], self.what)
        )

    @property
    def png(self) -> bytes:
        """The picture now shown, as PNG bytes."""
        return self._pngs[self.picker.value]


class AnatomyExplorer(_PictureExplorer):
    """A picker of structures, the schematic highlighting it, and its description."""

    def __init__(self, catalog: Catalog | None = None):
        self.catalog = catalog or default_catalog()
        structures = self.catalog.anatomy.structures
        # A radio group drawn as a row of buttons: one Tab stop, the arrow keys move the choice,
        # and a screen reader hears which one is on (ToggleButtons said nothing of it).
        picker = Choice(
            options=[(s.name, s.id) for s in structures],
            value=structures[0].id,
            description="Show:",
            look="buttons",
        )
        image = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        text = widgets.HTML()
        super().__init__(picker, image, text, [picker, image, text], "psoas-anatomy")

    def _draw(self, chosen: str):
        from ..charts.anatomy import anatomy_schematic

        return anatomy_schematic(highlight=chosen, catalog=self.catalog)

    def _describe(self, chosen: str) -> Markup:
        return structure_html(self.catalog.anatomy.structure(chosen))

    def __repr__(self) -> str:
        return f"AnatomyExplorer({len(self.picker.options)} structures)"

    @property
    def standing_for(self) -> str:
        count = len(self.catalog.anatomy.structures)
        return f"The anatomy explorer: the front-view schematic and {count} structures on it"

    def _descriptions(self) -> list[Markup]:
        return [structure_html(s) for s in self.catalog.anatomy.structures]


class FibreExplorer(_PictureExplorer):
    """A picker of fibre studies, its details, and the fibre chart highlighting it."""

    what = "chart"

    def __init__(self, catalog: Catalog | None = None):
        self.catalog = catalog or default_catalog()
        studies = self.catalog.fibres.studies
        picker = Choice(
            options=[(s.label, s.id) for s in studies],
            value=studies[0].id,
            description="Study:",
            layout=widgets.Layout(width="max-content", max_width="100%"),
        )
        # Chart and text side by side on a wide screen; the text wraps below on a narrow one.
        image = widgets.HTML(layout=widgets.Layout(max_width="100%", flex="0 0 auto"))
        text = widgets.HTML(
            layout=widgets.Layout(flex="1 1 16em", min_width="16em", padding="0 0 0 1em")
        )
        body = widgets.HBox(
            [image, text], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start")
        )
        super().__init__(picker, image, text, [picker, body], "psoas-fibre")

    def _draw(self, chosen: str):
        from ..charts.fibres import fibre_chart

        return fibre_chart(self.catalog, highlight=chosen, width=FIBRE_CHART_WIDTH_IN)

    def _describe(self, chosen: str) -> Markup:
        return study_html(self.catalog.fibres.study(chosen))

    def __repr__(self) -> str:
        return f"FibreExplorer({len(self.picker.options)} studies)"

    @property
    def standing_for(self) -> str:
        count = len(self.catalog.fibres.studies)
        return f"The fibre explorer: the fibre chart and {count} studies of the psoas"

    def _descriptions(self) -> list[Markup]:
        return [study_html(s) for s in self.catalog.fibres.studies]


def anatomy_explorer(catalog: Catalog | None = None) -> AnatomyExplorer:
    """Pick a structure to see it highlighted on the front-view schematic, with its description."""
    return AnatomyExplorer(catalog)


def fibre_explorer(catalog: Catalog | None = None) -> FibreExplorer:
    """Pick a fibre study to see its figures, method, source and caveat beside the fibre chart."""
    return FibreExplorer(catalog)
