"""A front-view schematic of the psoas major, drawn with matplotlib patches.

The body faces the viewer, so its left side is on the right of the picture: that is the side
whose psoas is drawn. Units are roughly centimetres of an adult; it is a schematic, not to scale
in detail. ``highlight`` picks one structure from ``data/anatomy.yaml`` to draw strongly.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
from matplotlib.patches import Circle, Ellipse, Polygon
from matplotlib.patheffects import Normal, Stroke

from .. import curves
from ..catalog import Catalog, default_catalog
from ..errors import DataError, check_choice
from ..files import display_path
from ..models import Overlay, Structure
from ..theme import INK, MUTED, WARN_TEXT
from .base import COLOURS, OKABE_ITO, Chart, add_source, chart_style, new_figure, plain

BONE = "#F1ECE1"
BONE_EDGE = "#7A7060"
DISC = "#DCE6EE"
PSOAS = OKABE_ITO["reddish_purple"]
PSOAS_EDGE = "#7E3F66"
ILIACUS = "#E2A6C8"
NERVE = OKABE_ITO["yellow"]
ARTERY = OKABE_ITO["vermillion"]
BURSA = OKABE_ITO["sky_blue"]
ORIGIN_SUPERFICIAL = OKABE_ITO["blue"]
ORIGIN_DEEP = OKABE_ITO["bluish_green"]
MUTED_FACE = "#E4E4E4"
MUTED_EDGE = "#B4B4B4"
MUTED_LINE = "#C4C4C4"
STRONG = COLOURS["highlight"]
STRONG_EDGE = "#7A4F00"

# The vertebrae, top to bottom: name, body height, half of the body's width.
VERTEBRAE = (
    ("T12", 2.0, 1.6),
    ("L1", 2.1, 1.75),
    ("L2", 2.2, 1.9),
    ("L3", 2.3, 2.05),
    ("L4", 2.4, 2.2),
    ("L5", 2.4, 2.35),
)
TOP = 31.0
DISC_H = 0.65
# Length of each lumbar transverse process beyond the body.
PROCESS = {"L1": 1.5, "L2": 1.9, "L3": 2.4, "L4": 2.1, "L5": 1.9}


def _layout() -> dict[str, tuple[float, float, float]]:
    """name -> (top, bottom, half width) of each vertebral body."""
    out, y = {}, TOP
    for name, height, half in VERTEBRAE:
        out[name] = (y, y - height, half)
        y -= height + DISC_H
    return out


BODIES = _layout()
SACRUM_TOP = BODIES["L5"][1] - DISC_H


def _centre(name: str) -> float:
    top, bottom, _ = BODIES[name]
    return (top + bottom) / 2


def _smooth(points, closed: bool = True, per: int = 14) -> np.ndarray:
    """A Catmull-Rom curve through the points, so outlines look drawn, not plotted."""
    return np.asarray(curves.sample(points, closed=closed, per=per))


def _mirror(points) -> list[tuple[float, float]]:
    return [(-x, y) for x, y in points]


# ---------------------------------------------------------------------------------------------
# Shapes (body's left side, drawn on the right of the picture; mirrored for the other side)

HIP_BONE = [
    (2.9, 14.2),
    (4.4, 16.4),
    (7.0, 18.0),
    (10.2, 18.0),
    (12.6, 16.9),
    (13.4, 14.8),
    (13.3, 12.9),
    (12.5, 12.0),
    (12.5, 11.1),
    (11.6, 10.1),
    (11.2, 8.3),
    (10.4, 6.4),
    (9.2, 4.2),
    (7.9, 2.3),
    (6.4, 1.2),
    (4.9, 1.5),
    (3.2, 2.5),
    (1.4, 2.6),
    (0.45, 2.9),
    (0.45, 5.0),
    (1.4, 5.6),
    (3.0, 6.1),
    (3.3, 7.4),
    (2.6, 9.2),
    (2.3, 11.0),
    (2.5, 12.8),
]
OBTURATOR = [(4.0, 3.3), (5.8, 3.0), (7.2, 3.9), (7.4, 5.3), (6.2, 6.0), (4.6, 5.6), (3.8, 4.5)]
BRIM = [
    (0.0, SACRUM_TOP - 0.2),
    (2.6, 13.0),
    (4.6, 11.0),
    (5.9, 8.9),
    (6.2, 7.6),
    (4.8, 6.4),
    (2.2, 5.7),
    (0.45, 5.2),
]
FEMUR = [
    (9.1, 10.0),
    (10.4, 9.6),
    (11.6, 8.6),
    (12.5, 8.7),
    (13.2, 7.5),
    (13.0, 5.2),
    (12.4, 1.0),
    (11.9, -4.0),
    (11.7, -9.5),
    (9.0, -9.5),
    (9.3, -4.0),
    (9.9, 1.0),
    (10.2, 3.0),
    (10.1, 4.6),
    (9.2, 6.0),
    (8.0, 6.8),
]
HEAD = ((8.7, 8.3), 1.85)
LESSER_TROCHANTER = (9.75, 3.85)
SACRUM = [
    (-3.0, SACRUM_TOP),
    (3.0, SACRUM_TOP),
    (2.7, 11.0),
    (2.0, 8.6),
    (1.1, 6.8),
    (0.5, 6.1),
    (-0.5, 6.1),
    (-1.1, 6.8),
    (-2.0, 8.6),
    (-2.7, 11.0),
]
RIB = [(1.55, 29.6), (3.4, 29.0), (5.2, 27.7), (6.3, 26.5)]

PSOAS_SHAPE = [
    (1.6, 30.7),
    (1.85, 28.0),
    (2.1, 25.5),
    (2.3, 23.0),
    (2.5, 20.5),
    (2.75, 18.0),
    (3.0, 15.8),
    (3.6, 13.6),
    (4.6, 11.6),
    (5.7, 9.9),
    (6.9, 8.4),
    (8.1, 6.7),
    (9.0, 5.1),
    (9.45, 4.2),
    (10.15, 3.9),
    (10.35, 4.7),
    (10.1, 6.0),
    (9.9, 7.6),
    (9.7, 9.6),
    (9.5, 11.6),
    (9.4, 13.6),
    (9.0, 15.8),
    (8.3, 18.3),
    (7.1, 21.5),
    (5.6, 24.7),
    (4.0, 27.7),
    (2.6, 30.4),
]
ILIACUS_SHAPE = [
    (3.5, 14.6),
    (4.8, 16.4),
    (7.0, 17.5),
    (10.2, 17.5),
    (12.3, 16.5),
    (13.0, 14.7),
    (12.8, 12.8),
    (12.0, 11.5),
    (11.3, 9.6),
    (11.0, 7.4),
    (10.6, 5.4),
    (10.2, 4.3),
    (9.6, 5.0),
    (8.2, 7.2),
    (6.3, 9.2),
    (4.9, 11.2),
]
TENDON_END = [(9.05, 5.3), (9.45, 4.2), (10.15, 3.9), (10.35, 4.7), (10.2, 5.5)]
BURSA_AT = ((8.55, 7.7), 1.45, 2.7, -38)  # centre, width, height, angle

# Nerves of the lumbar plexus: roots leave the spine beside each disc from L1/L2 down.
NERVES = {
    "iliohypogastric": [
        (2.3, 25.9),
        (4.2, 24.6),
        (5.8, 23.8),
        (8.2, 22.0),
        (10.8, 19.6),
        (12.2, 17.7),
    ],
    "genitofemoral": [
        (2.4, 23.1),
        (3.6, 21.0),
        (4.6, 18.8),
        (5.2, 15.5),
        (5.9, 12.2),
        (6.9, 9.4),
        (7.6, 7.6),
    ],
    "lateral femoral cutaneous": [
        (2.6, 20.1),
        (5.2, 19.6),
        (8.4, 18.2),
        (10.4, 15.9),
        (12.0, 13.8),
        (13.1, 11.6),
        (13.5, 7.6),
    ],
    "femoral": [
        (2.6, 20.1),
        (4.6, 18.0),
        (6.8, 15.6),
        (8.6, 13.4),
        (9.5, 11.2),
        (10.0, 9.0),
        (10.6, 6.4),
        (11.0, 3.0),
        (11.2, 0.0),
    ],
    "femoral root L4": [(2.9, 17.1), (5.0, 16.6), (6.8, 15.6)],
    "obturator": [(2.9, 17.1), (3.3, 15.4), (3.6, 13.2), (3.8, 10.6), (4.5, 7.6), (5.3, 5.3)],
}
# Arteries: aorta on the front of the spine (a little to the body's left), its branches.
AORTA = [(0.9, 32.2), (0.9, 25.0), (0.85, 18.0)]
BIFURCATION = (0.85, 18.0)  # at the fourth lumbar vertebra
COMMON_ILIAC = [BIFURCATION, (2.6, 16.2), (4.0, 14.4)]
EXTERNAL_ILIAC = [(4.0, 14.4), (4.7, 12.0), (6.2, 9.4), (7.6, 7.2), (8.3, 4.6), (8.6, 0.0)]
INTERNAL_ILIAC = [(4.0, 14.4), (3.7, 12.4), (3.4, 10.3)]
ILIOLUMBAR = [(3.7, 12.6), (4.9, 14.3), (7.0, 15.3), (10.2, 15.8)]
DEEP_CIRCUMFLEX = [(7.6, 7.2), (9.6, 8.9), (11.6, 11.0), (12.6, 13.6)]


def _lumbar_artery(level: str, side: int) -> list[tuple[float, float]]:
    top, bottom, half = BODIES[level]
    y = (top + bottom) / 2
    # Around the waist of the body, below its label.
    y -= 0.45
    return [
        (0.9 if side > 0 else 0.6, y + 0.1),
        (side * (half - 0.1), y - 0.15),
        (side * (half + 1.2), y + 0.05),
        (side * (half + 2.3), y + 0.45),
    ]


# Where the marks of an overlay go, by overlay and mark id: (the point marked, where its label
# sits). The ASIS is the front corner of the hip bone's crest; the fingers lie about an inch
# inside it, over the iliacus beside the psoas; the pulse is the external iliac artery where it
# runs along the psoas's inner edge towards the groin.
OVERLAY_MARKS = {
    "front-massage": {
        "asis": ((12.75, 12.1), (15.2, 9.4)),
        "fingers": ((10.9, 11.3), (15.2, 3.2)),
        "pulse": ((6.5, 9.0), (-15.0, 6.6)),
    }
}
FINGER_TIPS = ((-0.95, 0.55), (0.0, 0.85), (0.95, 0.55), (0.05, -0.75))  # around the marked point
# Structure labels left out under an overlay, to make room for its own.
OVERLAY_QUIET = {"superficial-origin", "deep-origin", "bursa", "insertion"}


# ---------------------------------------------------------------------------------------------


def _check(highlight: str | None, catalog: Catalog) -> Structure | None:
    if highlight is None:
        return None
    check_choice("highlight", highlight, (s.id for s in catalog.anatomy.structures), "structure")
    return catalog.anatomy.structure(highlight)


def _check_overlay(overlay: str | None, catalog: Catalog) -> Overlay | None:
    if overlay is None:
        return None
    known = [o.id for o in catalog.anatomy.overlays if o.id in OVERLAY_MARKS]
    check_choice("overlay", overlay, known, "overlay")
    chosen = catalog.anatomy.overlay(overlay)
    # overlays come from the base directory's anatomy.yaml (a catalogue built by hand has none)
    file = display_path(Path(catalog.data_dirs[0], "anatomy.yaml")) if catalog.data_dirs else None
    for index, mark in enumerate(chosen.marks):
        if mark.id not in OVERLAY_MARKS[overlay]:  # the data asks for a mark not drawn here
            raise DataError(
                f"the schematic has no place for mark {mark.id!r}; known: "
                f"{', '.join(OVERLAY_MARKS[overlay])}",
                file=file,
                item=overlay,
                field=f"marks[{index}].id",
            )
    return chosen


class _Schematic:
    """The schematic being drawn: one axes, the structure to highlight, and a method per layer.

    Layers are drawn back to front in the order :meth:`draw` calls them; z-orders keep the
    muscles over the bones and the nerves and vessels over the muscles.
    """

    def __init__(
        self, ax, highlight: str | None, names: dict[str, str], marks: Overlay | None = None
    ):
        self.ax = ax
        self.highlight = highlight
        self.names = names
        self.marks = marks

    def draw(self) -> None:
        self.bones()
        self.spine()
        self.muscles()
        self.superficial_origin()
        self.deep_origin()
        self.insertion()
        self.bursa()
        self.nerves()
        self.vessels()
        self.labels()
        if self.marks is not None:
            self.overlay_marks(self.marks)

    # -- how a structure looks ------------------------------------------------------------------

    def look(self, structure: str, face: str, edge: str) -> dict:
        """Colours for a structure: its own, the highlight, or muted when another is chosen."""
        if self.highlight is None:
            return {"facecolor": face, "edgecolor": edge, "linewidth": 1.2}
        if self.highlight == structure:
            return {"facecolor": STRONG, "edgecolor": STRONG_EDGE, "linewidth": 2.2}
        return {"facecolor": MUTED_FACE, "edgecolor": MUTED_EDGE, "linewidth": 1.0}

    def line_colour(self, structure: str, colour: str) -> tuple[str, float, float]:
        """Colour, width factor and z-order: muted lines go under the muscles, out of the way."""
        if self.highlight is None:
            return colour, 1.0, 0.0
        return (STRONG, 1.6, 1.0) if self.highlight == structure else (MUTED_LINE, 0.8, -2.6)

    def bone(self, points, z=2, smooth=True, **extra) -> None:
        shape = _smooth(points) if smooth else np.asarray(points)
        self.ax.add_patch(
            Polygon(
                shape,
                closed=True,
                facecolor=extra.pop("facecolor", BONE),
                edgecolor=BONE_EDGE,
                linewidth=1.2,
                zorder=z,
                **extra,
            )
        )

    # -- layers ---------------------------------------------------------------------------------

    def bones(self) -> None:
        """Ribs, hip bones, femurs and the sacrum: both sides, so the spine sits in a pelvis."""
        ax = self.ax
        for side in (1, -1):
            flip = (lambda pts: pts) if side > 0 else _mirror
            rib = _smooth(flip(RIB), closed=False)
            ax.plot(
                rib[:, 0], rib[:, 1], color=BONE_EDGE, linewidth=7, solid_capstyle="round", zorder=1
            )
            ax.plot(
                rib[:, 0], rib[:, 1], color=BONE, linewidth=5.2, solid_capstyle="round", zorder=1
            )
            self.bone(flip(HIP_BONE), z=1)
            self.bone(flip(OBTURATOR), z=1, facecolor="white")
            brim = _smooth(flip(BRIM), closed=False)
            ax.plot(brim[:, 0], brim[:, 1], color=BONE_EDGE, linewidth=1.6, zorder=1.5)
            self.bone(flip(FEMUR), z=1.2)
            (hx, hy), r = HEAD
            ax.add_patch(
                Circle(
                    (side * hx, hy),
                    r,
                    facecolor=BONE,
                    edgecolor=BONE_EDGE,
                    linewidth=1.2,
                    zorder=1.3,
                )
            )
            lx, ly = LESSER_TROCHANTER
            ax.add_patch(
                Circle(
                    (side * lx, ly),
                    0.6,
                    facecolor=BONE,
                    edgecolor=BONE_EDGE,
                    linewidth=1.2,
                    zorder=1.1,
                )
            )
        self.bone(SACRUM, z=2)
        for i, y in enumerate(np.linspace(SACRUM_TOP - 1.5, 7.6, 4)):
            for side in (1, -1):
                ax.add_patch(
                    Ellipse(
                        (side * (1.5 - 0.25 * i), y),
                        0.55,
                        0.4,
                        facecolor="#CFC6B4",
                        edgecolor="none",
                        zorder=2.1,
                    )
                )

    def spine(self) -> None:
        """The vertebral bodies T12 to L5 with their names, the discs and transverse processes."""
        for name, (top, bottom, half) in BODIES.items():
            self._vertebral_body(name, top, bottom, half)
            self._disc_below(bottom, half)
            if name in PROCESS:
                self._transverse_processes(name, top, bottom, half)

    def _vertebral_body(self, name: str, top: float, bottom: float, half: float) -> None:
        waist = 0.18
        body = [
            (-half, top),
            (half, top),
            (half - waist, (top + bottom) / 2),
            (half, bottom),
            (-half, bottom),
            (-half + waist, (top + bottom) / 2),
        ]
        self.ax.add_patch(
            Polygon(
                body,
                closed=True,
                facecolor=BONE,
                edgecolor=BONE_EDGE,
                linewidth=1.2,
                joinstyle="round",
                zorder=2,
            )
        )
        self.ax.text(
            -0.8,
            (top + bottom) / 2 + 0.3,
            name,
            ha="center",
            va="center",
            fontsize=12.5,
            fontweight="bold",
            color="#4a4338",
            zorder=2.2,
        )

    def _disc_below(self, bottom: float, half: float) -> None:
        disc_half = half + 0.15
        self.ax.add_patch(
            Polygon(
                [
                    (-disc_half + 0.1, bottom),
                    (disc_half - 0.1, bottom),
                    (disc_half, bottom - DISC_H / 2),
                    (disc_half - 0.1, bottom - DISC_H),
                    (-disc_half + 0.1, bottom - DISC_H),
                    (-disc_half, bottom - DISC_H / 2),
                ],
                closed=True,
                facecolor=DISC,
                edgecolor=BONE_EDGE,
                linewidth=0.9,
                zorder=2,
            )
        )

    def _transverse_processes(self, name: str, top: float, bottom: float, half: float) -> None:
        y = (top + bottom) / 2 + 0.2
        for side in (1, -1):
            reach = half + PROCESS[name]
            process = [
                (side * (half - 0.3), y + 0.42),
                (side * (reach - 0.1), y + 0.32),
                (side * reach, y),
                (side * (reach - 0.1), y - 0.3),
                (side * (half - 0.3), y - 0.38),
            ]
            self.ax.add_patch(
                Polygon(
                    process,
                    closed=True,
                    facecolor=BONE,
                    edgecolor=BONE_EDGE,
                    linewidth=1.1,
                    zorder=1.9,
                )
            )

    def muscles(self) -> None:
        """Deepest first: the iliacus lines the pelvis, the psoas lies over its inner edge, with
        its fibres converging on the tendon."""
        ax = self.ax
        ax.add_patch(
            Polygon(
                _smooth(ILIACUS_SHAPE),
                closed=True,
                zorder=3,
                alpha=0.92,
                **self.look("iliacus", ILIACUS, PSOAS_EDGE),
            )
        )
        psoas_style = self.look("psoas", PSOAS, PSOAS_EDGE)
        psoas = Polygon(_smooth(PSOAS_SHAPE), closed=True, zorder=4, alpha=0.9, **psoas_style)
        ax.add_patch(psoas)
        fibre_colour = "white" if self.highlight in (None, "psoas") else "#f6f6f6"
        tendon = np.array([9.9, 4.4])
        for x0, y0 in [
            (2.0, 29.5),
            (2.3, 26.5),
            (2.6, 23.5),
            (2.9, 20.5),
            (3.2, 17.5),
            (3.3, 29.2),
            (4.3, 26.0),
            (5.3, 22.5),
            (6.3, 19.0),
            (7.0, 16.2),
        ]:
            ys = np.linspace(y0, tendon[1], 30)
            bend = (ys - tendon[1]) / (y0 - tendon[1])
            xs = tendon[0] + (x0 - tendon[0]) * bend**1.6
            (fibre,) = ax.plot(xs, ys, color=fibre_colour, linewidth=0.8, alpha=0.55, zorder=4.1)
            fibre.set_clip_path(psoas)

    def superficial_origin(self) -> None:
        """Slips from the margins of the bodies and the discs between them (T12 to L5, after
        Hansen et al.), joined by tendinous arches over the waist of each body."""
        sup = self.look("superficial-origin", ORIGIN_SUPERFICIAL, ORIGIN_SUPERFICIAL)
        strong = self.highlight == "superficial-origin"
        levels = list(BODIES.items())
        slips = [(levels[0][1][0] + 0.05, levels[0][1][0] - 0.55, levels[0][1][2])]
        for (_, (_, bottom, half)), (_, (top, _, _)) in zip(levels[:-1], levels[1:], strict=False):
            slips.append((bottom + 0.5, top - 0.5, half + 0.15))
        for upper, lower, half in slips:
            self.ax.add_patch(
                Polygon(
                    [
                        (half - 0.1, upper),
                        (half + 0.7, upper - 0.1),
                        (half + 0.7, lower + 0.1),
                        (half - 0.1, lower),
                    ],
                    closed=True,
                    zorder=4.5,
                    alpha=1.0 if strong else 0.9,
                    facecolor=sup["facecolor"],
                    edgecolor=sup["edgecolor"],
                    linewidth=0.8,
                )
            )
        for (_, low_a, half_a), (up_b, _, half_b) in zip(slips[:-1], slips[1:], strict=False):
            arch = _smooth(
                [
                    (half_a + 0.55, low_a),
                    ((half_a + half_b) / 2 + 0.95, (low_a + up_b) / 2),
                    (half_b + 0.55, up_b),
                ],
                closed=False,
            )
            self.ax.plot(
                arch[:, 0],
                arch[:, 1],
                color=sup["facecolor"],
                linewidth=2.2 if strong else 1.4,
                zorder=4.5,
                alpha=1.0 if strong else 0.9,
            )

    def deep_origin(self) -> None:
        """The tips of the transverse processes the back layer holds on to; when highlighted,
        each whole process, seen through the muscle that lies in front of it."""
        deep = self.look("deep-origin", ORIGIN_DEEP, ORIGIN_DEEP)
        strong = self.highlight == "deep-origin"
        for name, reach in PROCESS.items():
            top, bottom, half = BODIES[name]
            y = (top + bottom) / 2 + 0.2
            if strong:
                self.ax.add_patch(
                    Polygon(
                        [
                            (half - 0.3, y + 0.42),
                            (half + reach - 0.1, y + 0.32),
                            (half + reach, y),
                            (half + reach - 0.1, y - 0.3),
                            (half - 0.3, y - 0.38),
                        ],
                        closed=True,
                        zorder=4.4,
                        facecolor=STRONG,
                        edgecolor=STRONG_EDGE,
                        linewidth=1.2,
                        linestyle="--",
                        alpha=0.7,
                    )
                )
            self.ax.add_patch(
                Ellipse(
                    (half + reach - 0.55, y),
                    1.1,
                    0.85,
                    zorder=4.5,
                    facecolor=deep["facecolor"],
                    edgecolor=INK if strong else deep["edgecolor"],
                    linewidth=1.0,
                    alpha=1.0 if strong else 0.85,
                )
            )

    def insertion(self) -> None:
        """The end of the tendon on the lesser trochanter."""
        ins = self.look("insertion", "#EFE6EC", PSOAS_EDGE)
        self.ax.add_patch(
            Polygon(
                _smooth(TENDON_END),
                closed=True,
                zorder=4.6,
                facecolor=ins["facecolor"],
                edgecolor=ins["edgecolor"],
                linewidth=ins["linewidth"],
            )
        )
        lx, ly = LESSER_TROCHANTER
        self.ax.add_patch(
            Circle(
                (lx, ly),
                0.6,
                zorder=4.55,
                facecolor=STRONG if self.highlight == "insertion" else BONE,
                edgecolor=ins["edgecolor"],
                linewidth=2.4 if self.highlight in (None, "insertion") else 1.2,
            )
        )

    def bursa(self) -> None:
        """The bursa under the tendon: dashed, because it is seen through the muscle."""
        (bx, by), bw, bh, angle = BURSA_AT
        bursa = self.look("bursa", BURSA, "#1f5f86")
        self.ax.add_patch(
            Ellipse(
                (bx, by),
                bw,
                bh,
                angle=angle,
                zorder=4.7,
                facecolor=bursa["facecolor"],
                edgecolor=bursa["edgecolor"],
                linewidth=1.6,
                linestyle="--",
                alpha=1.0 if self.highlight == "bursa" else 0.85,
            )
        )

    def nerves(self) -> None:
        """The lumbar plexus as thin lines, outlined so they read on any background."""
        colour, width, dz = self.line_colour("nerves", NERVE)
        edge = "#5a5300" if colour == NERVE else (STRONG_EDGE if colour == STRONG else "#9a9a9a")
        outline = [Stroke(linewidth=3.2 * width, foreground=edge), Normal()]
        for path in NERVES.values():
            curve = _smooth(path, closed=False)
            self.ax.plot(
                curve[:, 0],
                curve[:, 1],
                color=colour,
                linewidth=1.7 * width,
                zorder=5 + dz,
                solid_capstyle="round",
                path_effects=outline,
            )

    def vessels(self) -> None:
        """The aorta, the iliac arteries of both sides, four pairs of lumbar arteries, and the
        iliolumbar and deep circumflex iliac arteries."""
        colour, factor, dz = self.line_colour("arteries", ARTERY)

        def artery(points, width=1.8, z=5.2):
            curve = _smooth(points, closed=False)
            self.ax.plot(
                curve[:, 0],
                curve[:, 1],
                color=colour,
                linewidth=width * factor,
                zorder=z + dz,
                solid_capstyle="round",
            )

        artery(AORTA, width=5.0, z=5.3)
        for side in (1, -1):
            flip = (lambda pts: pts) if side > 0 else _mirror
            artery([BIFURCATION] + [(side * x, y) for x, y in COMMON_ILIAC[1:]], width=3.2)
            artery(flip(EXTERNAL_ILIAC), width=2.6)
            artery(flip(INTERNAL_ILIAC), width=2.2)
            for level in ("L1", "L2", "L3", "L4"):
                artery(_lumbar_artery(level, side), width=1.5, z=5.1)
        artery(ILIOLUMBAR, width=1.5)
        artery(DEEP_CIRCUMFLEX, width=1.5)

    # -- labels ---------------------------------------------------------------------------------

    def label(self, text, point, at, structure=None, side="right") -> None:
        """A label with a leader line to its point; bold in a box when its structure is chosen."""
        strong = structure is not None and structure == self.highlight
        box = (
            dict(boxstyle="round,pad=0.3", facecolor=STRONG, edgecolor=STRONG_EDGE)
            if strong
            else None
        )
        self.ax.annotate(
            text,
            xy=point,
            xytext=at,
            fontsize=12.5,
            ha="left" if side == "right" else "right",
            va="center",
            color=INK,
            fontweight="bold" if strong else "normal",
            bbox=box,
            zorder=8,
            arrowprops=dict(arrowstyle="-", color="#333333", linewidth=0.9, shrinkA=2, shrinkB=0),
        )
        self.ax.plot(*point, "o", color="#333333", markersize=3, zorder=8)

    def labels(self) -> None:
        """The psoas side's structures on the right, the bones on the left."""
        self.structure_labels()
        self.bone_labels()

    def structure_labels(self) -> None:
        """One label per structure; with an overlay, only those its marks need (the muscles, the
        nerves and the arteries), so that its own labels have room."""
        names = self.names
        (bx, by), _, _, _ = BURSA_AT
        lx, ly = LESSER_TROCHANTER
        # With an overlay the nerve's leader line points higher up, clear of the fingertips.
        nerve_point = (9.5, 11.2) if self.marks is None else (8.6, 13.4)
        rows = [
            (
                "superficial-origin",
                names.get("superficial-origin", "Superficial origin")
                + "\n(bodies and discs, T12–L5)",
                (BODIES["L1"][2] + 0.6, BODIES["L1"][1] - DISC_H / 2),
                31.0,
            ),
            (
                "arteries",
                names.get("arteries", "Arteries")
                + ": lumbar arteries\nfrom the aorta, iliac branches",
                _lumbar_artery("L2", 1)[2],
                27.8,
            ),
            (
                "deep-origin",
                names.get("deep-origin", "Deep origin") + "\n(transverse processes, L1–L5)",
                (BODIES["L3"][2] + PROCESS["L3"] - 0.55, _centre("L3") + 0.2),
                24.4,
            ),
            ("psoas", names.get("psoas", "Psoas major"), (6.0, 19.5), 20.8),
            (
                "nerves",
                names.get("nerves", "Lumbar plexus (nerves)") + "\nwith the femoral nerve",
                nerve_point,
                13.4,
            ),
            ("iliacus", names.get("iliacus", "Iliacus"), (10.9, 14.6), 17.2),
            ("bursa", names.get("bursa", "Iliopsoas bursa"), (bx + 0.2, by - 0.6), 9.2),
            (
                "insertion",
                names.get("insertion", "Insertion").replace(" on the ", "\non the "),
                (lx + 0.3, ly - 0.2),
                4.2,
            ),
        ]
        for structure, text, point, y in rows:
            if self.marks is None or structure not in OVERLAY_QUIET:
                self.label(text, point, (15.2, y), structure)

    def bone_labels(self) -> None:
        left_x = -15.0
        lx, ly = LESSER_TROCHANTER
        label = self.label
        label("12th rib", _smooth(_mirror(RIB), closed=False)[-8], (left_x, 27.6), side="left")
        label("Aorta", (0.9, 31.6), (left_x, 32.2), "arteries", side="left")
        label(
            "Lumbar vertebrae\n(L1–L5, with T12 above)",
            (-BODIES["L2"][2], _centre("L2")),
            (left_x, 23.0),
            side="left",
        )
        label("Hip bone (ilium)", (-9.5, 16.6), (left_x, 18.6), side="left")
        label("Sacrum", (-1.6, 10.5), (left_x, 13.4), side="left")
        label("Pelvic brim", _smooth(_mirror(BRIM), closed=False)[40], (left_x, 9.6), side="left")
        label("Femur (thigh bone)", (-11.0, -3.0), (left_x, -1.5), side="left")
        label("Lesser trochanter", (-lx - 0.3, ly), (left_x, 3.6), side="left")
        self.ax.text(
            -21.0, -8.6, "◀ body's right side", fontsize=11, color=MUTED, ha="left", va="bottom"
        )
        self.ax.text(
            27.8, -8.6, "body's left side ▶", fontsize=11, color=MUTED, ha="right", va="bottom"
        )

    # -- overlays -------------------------------------------------------------------------------

    def overlay_marks(self, overlay: Overlay) -> None:
        """An overlay's marks over everything else, each with its label from the data."""
        places = OVERLAY_MARKS[overlay.id]
        draw = {"asis": self._bony_point, "fingers": self._fingertips, "pulse": self._pulse}
        for mark in overlay.marks:
            point, at = places[mark.id]
            draw.get(mark.id, self._bony_point)(point)
            side = "right" if at[0] > 0 else "left"
            self._mark_label(mark.label, point, at, side, warn=mark.id == "pulse")

    def _bony_point(self, point) -> None:
        self.ax.plot(*point, "X", color=INK, markersize=11, markeredgecolor="white", zorder=9)

    def _fingertips(self, point) -> None:
        """Four fingertip ovals around the point, inside a dashed ring: where the pressure goes."""
        x, y = point
        self.ax.add_patch(
            Circle(
                point,
                1.55,
                facecolor="none",
                edgecolor=INK,
                linewidth=1.8,
                linestyle=(0, (4, 2)),
                zorder=9,
            )
        )
        for dx, dy in FINGER_TIPS:
            self.ax.add_patch(
                Ellipse(
                    (x + dx, y + dy),
                    0.62,
                    0.95,
                    facecolor="white",
                    edgecolor=INK,
                    linewidth=1.3,
                    zorder=9.1,
                )
            )

    def _pulse(self, point) -> None:
        """Two rings around the artery where a pulse is felt, in the warning colour."""
        for radius, width in ((0.75, 2.6), (1.35, 1.6)):
            self.ax.add_patch(
                Circle(
                    point, radius, facecolor="none", edgecolor=WARN_TEXT, linewidth=width, zorder=9
                )
            )

    def _mark_label(self, text: str, point, at, side: str, warn: bool) -> None:
        colour = WARN_TEXT if warn else INK
        self.ax.annotate(
            ("⚠ " if warn else "") + _wrap_label(text, 26),
            xy=point,
            xytext=at,
            fontsize=12.5,
            fontweight="bold",
            ha="left" if side == "right" else "right",
            va="center",
            color=colour,
            bbox=dict(
                boxstyle="round,pad=0.35", facecolor="white", edgecolor=colour, linewidth=1.4
            ),
            zorder=10,
            arrowprops=dict(arrowstyle="-", color=colour, linewidth=1.4, shrinkA=2, shrinkB=4),
        )


def _wrap_label(text: str, width: int) -> str:
    return plain("\n".join(textwrap.wrap(" ".join(text.split()), width)))


def anatomy_schematic(
    highlight: str | None = None, catalog: Catalog | None = None, overlay: str | None = None
) -> Chart:
    """The lumbar spine, pelvis and femur from the front, with the psoas major and its
    neighbours; ``highlight`` (a structure id) draws one of them strongly, and ``overlay`` (an
    overlay id such as ``front-massage``) adds its marks on top."""
    catalog = catalog or default_catalog()
    chosen = _check(highlight, catalog)
    marks = _check_overlay(overlay, catalog)
    names = {s.id: plain(s.name) for s in catalog.anatomy.structures}

    with chart_style():
        figure = new_figure(11.0, 9.8)
        ax = figure.subplots()
        ax.set_aspect("equal")
        ax.set_xlim(-21.5, 29.0)
        ax.set_ylim(-9.0, 33.5)
        ax.axis("off")
        _Schematic(ax, highlight, names, marks).draw()
        title = "The psoas major from the front"
        if chosen is not None:
            title += f": {chosen.name}"
        elif marks is not None:
            title = marks.title
        ax.set_title(plain(title))
        add_source(figure, _source_line(catalog, chosen, marks))

    return Chart(figure, _alt_text(chosen, marks), title)


def _source_line(catalog: Catalog, chosen: Structure | None, marks: Overlay | None) -> str:
    structures = catalog.anatomy.structures
    sources = [chosen.source] if chosen is not None else [s.source for s in structures]
    if marks is not None:
        sources.append(marks.source)
    parts = dict.fromkeys(
        part.strip().rstrip(".") for source in sources for part in source.split(";")
    )
    return "schematic, not to scale, drawn for this lesson after " + plain("; ".join(parts)) + "."


def _alt_text(chosen: Structure | None, marks: Overlay | None) -> str:
    alt = (
        "Front-view schematic, not to scale: the lumbar vertebrae T12 to L5 at the centre, the "
        "sacrum, both hip bones and thigh bones; on the body's left side the psoas major runs "
        "from the vertebral bodies and discs (superficial origin) and the transverse processes "
        "(deep origin) down over the pelvic brim, joined by the iliacus from the inside of the "
        "pelvis, to the lesser trochanter of the femur, with the iliopsoas bursa under its "
        "tendon, the lumbar plexus nerves and the lumbar arteries."
    )
    if chosen is not None:
        alt += f" Highlighted: {chosen.name}: {chosen.description}"
    if marks is not None:
        alt += f" Marked: {marks.title}: {marks.description}"
    return alt
