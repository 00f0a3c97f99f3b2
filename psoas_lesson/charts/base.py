"""What every chart shares: the Chart wrapper (figure + text alternative), palette and style.

Figures are built with ``matplotlib.figure.Figure`` directly, never pyplot: no global state, and
no second copy auto-displayed by the notebook's inline backend.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg", force=False)

from matplotlib.figure import Figure  # noqa: E402

from ..theme import COLOURS, OKABE_ITO  # noqa: E402,F401 - re-exported for charts

# Large enough to read from the back of a room when projected.
STYLE = {
    "font.size": 13,
    "axes.titlesize": 16,
    "axes.titleweight": "bold",
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "svg.hashsalt": "psoas-lesson",
}


@contextmanager
def chart_style() -> Iterator[None]:
    """The house style, applied while a figure is built."""
    with matplotlib.rc_context(STYLE):
        yield


def plain(text: str) -> str:
    """Data text as literal text: a ``$`` in the data must not start matplotlib's maths mode
    (an unbalanced formula would stop the chart from drawing at all)."""
    return text.replace("$", r"\$")


def new_figure(width: float = 9.0, height: float = 5.0) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


# The smallest text on a chart. A notebook shows a chart at 100 px per inch, or scaled to about
# 77 % in a 1280-pixel window: 10.5 pt is then still 11 px.
SOURCE_SIZE = 10.5


def add_source(figure: Figure, source: str) -> None:
    """A small source line under the plot, so a printed or projected chart still cites itself."""
    figure.supxlabel(
        f"Source: {source}", fontsize=SOURCE_SIZE, color="#444444", x=0.01, ha="left", wrap=True
    )


class Chart:
    """A finished figure with its one-line text alternative.

    In a notebook it shows as an HTML ``<img>`` of the PNG with the text alternative as its
    ``alt``, and as that text in ``text/plain``: JupyterLab, Notebook 7 and nbconvert ignore an
    ``image/png`` output's ``alt`` metadata (a screen reader met an unnamed image), while an
    ``<img alt>`` keeps it everywhere, untrusted notebooks included. The PNG is stored once.
    """

    def __init__(self, figure: Figure, alt: str, title: str = ""):
        self.figure = figure
        self.alt = " ".join(alt.split())
        self.title = title

    def png(self, dpi: int | None = None) -> bytes:
        buffer = io.BytesIO()
        with chart_style():
            self.figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()

    def svg(self) -> str:
        buffer = io.StringIO()
        with chart_style():
            self.figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        return buffer.getvalue()

    def data_uri(self, dpi: int | None = None) -> str:
        from ..html import data_uri

        return data_uri(self.png(dpi), "image/png")

    def save(self, path, dpi: int | None = None) -> None:
        with chart_style():
            self.figure.savefig(path, dpi=dpi)

    def html(self) -> str:
        """The chart as an ``<img>`` with its text alternative, at 100 CSS px per inch of figure
        (or the column's width if narrower)."""
        from ..html import picture

        width, height = (self.figure.get_size_inches() * STYLE["figure.dpi"]).astype(int)
        return str(
            picture(self.png(), "image/png", self.alt, width_px=int(width), height_px=int(height))
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "text/plain": self.alt}

    def __repr__(self) -> str:
        return self.alt
