"""A front-view schematic of the psoas major, drawn with matplotlib patches.

The body faces the viewer, so its left side is on the right of the picture: that is the side
whose psoas is drawn. Units are roughly centimetres of an adult; it is a schematic, not to scale
in detail. ``highlight`` picks one structure from ``data/anatomy.yaml`` to draw strongly.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle, Ellipse, Polygon
from matplotlib.patheffects import Normal, Stroke

from ..catalog import Catalog, default_catalog
from ..errors import DataError
from ..theme import INK
from .base import COLOURS, OKABE_ITO, Chart, add_source, chart_style, new_figure
from .fibres import plain

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
    p = np.asarray(points, dtype=float)
    if closed:
        p = np.vstack([p[-1], p, p[0], p[1]])
    else:
        p = np.vstack([p[0], p, p[-1]])
    t = np.linspace(0, 1, per, endpoint=False)[:, None]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        out.append(
            0.5
            * (
                (2 * p1)
                + (-p0 + p2) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
            )
        )
    if not closed:
        out.append(p[-2][None, :])
    return np.vstack(out)


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


# ---------------------------------------------------------------------------------------------


def _check(highlight: str | None, catalog: Catalog):
    ids = [s.id for s in catalog.anatomy.structures]
    if highlight is not None and highlight not in ids:
        raise DataError(
            f"unknown structure {highlight!r}; known: {', '.join(ids)}",
            file="anatomy.yaml",
            field="highlight",
        )
    return catalog.anatomy.structure(highlight) if highlight is not None else None


def anatomy_schematic(highlight: str | None = None, catalog: Catalog | None = None) -> Chart:
    """The lumbar spine, pelvis and femur from the front, with the psoas major and its
    neighbours; ``highlight`` (a structure id) draws one of them strongly."""
    catalog = catalog or default_catalog()
    chosen = _check(highlight, catalog)
    names = {s.id: plain(s.name) for s in catalog.anatomy.structures}

    def look(structure: str, face: str, edge: str) -> dict:
        """Colours for a structure: its own, the highlight, or muted when another is chosen."""
        if highlight is None:
            return {"facecolor": face, "edgecolor": edge, "linewidth": 1.2}
        if highlight == structure:
            return {"facecolor": STRONG, "edgecolor": STRONG_EDGE, "linewidth": 2.2}
        return {"facecolor": MUTED_FACE, "edgecolor": MUTED_EDGE, "linewidth": 1.0}

    def line_colour(structure: str, colour: str) -> tuple[str, float, float]:
        """Colour, width factor and z-order: muted lines go under the muscles, out of the way."""
        if highlight is None:
            return colour, 1.0, 0.0
        return (STRONG, 1.6, 1.0) if highlight == structure else (MUTED_LINE, 0.8, -2.6)

    with chart_style():
        figure = new_figure(11.0, 9.8)
        ax = figure.subplots()
        ax.set_aspect("equal")
        ax.set_xlim(-21.5, 29.0)
        ax.set_ylim(-9.0, 33.5)
        ax.axis("off")

        def bone(points, z=2, smooth=True, **extra):
            shape = _smooth(points) if smooth else np.asarray(points)
            ax.add_patch(
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

        # Bones: both sides, so the spine sits at the centre of a pelvis.
        for side in (1, -1):
            flip = (lambda pts: pts) if side > 0 else _mirror
            rib = _smooth(flip(RIB), closed=False)
            ax.plot(
                rib[:, 0], rib[:, 1], color=BONE_EDGE, linewidth=7, solid_capstyle="round", zorder=1
            )
            ax.plot(
                rib[:, 0], rib[:, 1], color=BONE, linewidth=5.2, solid_capstyle="round", zorder=1
            )
            bone(flip(HIP_BONE), z=1)
            bone(flip(OBTURATOR), z=1, facecolor="white")
            brim = _smooth(flip(BRIM), closed=False)
            ax.plot(brim[:, 0], brim[:, 1], color=BONE_EDGE, linewidth=1.6, zorder=1.5)
            bone(flip(FEMUR), z=1.2)
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
        bone(SACRUM, z=2)
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

        for name, (top, bottom, half) in BODIES.items():
            waist = 0.18
            body = [
                (-half, top),
                (half, top),
                (half - waist, (top + bottom) / 2),
                (half, bottom),
                (-half, bottom),
                (-half + waist, (top + bottom) / 2),
            ]
            ax.add_patch(
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
            ax.text(
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
            disc_half = half + 0.15
            ax.add_patch(
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
            if name in PROCESS:
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
                    ax.add_patch(
                        Polygon(
                            process,
                            closed=True,
                            facecolor=BONE,
                            edgecolor=BONE_EDGE,
                            linewidth=1.1,
                            zorder=1.9,
                        )
                    )

        # Muscles, deepest first: the iliacus lines the pelvis, the psoas lies over its inner edge.
        ax.add_patch(
            Polygon(
                _smooth(ILIACUS_SHAPE),
                closed=True,
                zorder=3,
                alpha=0.92,
                **look("iliacus", ILIACUS, PSOAS_EDGE),
            )
        )
        psoas_style = look("psoas", PSOAS, PSOAS_EDGE)
        psoas = Polygon(_smooth(PSOAS_SHAPE), closed=True, zorder=4, alpha=0.9, **psoas_style)
        ax.add_patch(psoas)
        fibre_colour = "white" if highlight in (None, "psoas") else "#f6f6f6"
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

        # Origins and insertion: where the muscle holds on to bone.
        # Superficial: slips from the margins of the bodies and the discs between them (T12 to
        # L4/L5), joined by tendinous arches over the waist of each body.
        sup = look("superficial-origin", ORIGIN_SUPERFICIAL, ORIGIN_SUPERFICIAL)
        strong_sup = highlight == "superficial-origin"
        levels = list(BODIES.items())
        slips = [(levels[0][1][0] + 0.05, levels[0][1][0] - 0.55, levels[0][1][2])]
        for (_, (_, bottom, half)), (_, (top, _, _)) in zip(levels[:-1], levels[1:], strict=False):
            slips.append((bottom + 0.5, top - 0.5, half + 0.15))
        for upper, lower, half in slips:
            ax.add_patch(
                Polygon(
                    [
                        (half - 0.1, upper),
                        (half + 0.7, upper - 0.1),
                        (half + 0.7, lower + 0.1),
                        (half - 0.1, lower),
                    ],
                    closed=True,
                    zorder=4.5,
                    alpha=1.0 if strong_sup else 0.9,
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
            ax.plot(
                arch[:, 0],
                arch[:, 1],
                color=sup["facecolor"],
                linewidth=2.2 if strong_sup else 1.4,
                zorder=4.5,
                alpha=1.0 if strong_sup else 0.9,
            )
        deep = look("deep-origin", ORIGIN_DEEP, ORIGIN_DEEP)
        for name, reach in PROCESS.items():
            top, bottom, half = BODIES[name]
            y = (top + bottom) / 2 + 0.2
            if highlight == "deep-origin":
                # The processes lie behind the muscle: show the whole of each, seen through it.
                ax.add_patch(
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
            ax.add_patch(
                Ellipse(
                    (half + reach - 0.55, y),
                    1.1,
                    0.85,
                    zorder=4.5,
                    facecolor=deep["facecolor"],
                    edgecolor=INK if highlight == "deep-origin" else deep["edgecolor"],
                    linewidth=1.0,
                    alpha=1.0 if highlight == "deep-origin" else 0.85,
                )
            )
        ins = look("insertion", "#EFE6EC", PSOAS_EDGE)
        ax.add_patch(
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
        ax.add_patch(
            Circle(
                (lx, ly),
                0.6,
                zorder=4.55,
                facecolor=STRONG if highlight == "insertion" else BONE,
                edgecolor=ins["edgecolor"],
                linewidth=2.4 if highlight in (None, "insertion") else 1.2,
            )
        )

        # The bursa lies under the tendon: dashed, because it is seen through the muscle.
        (bx, by), bw, bh, angle = BURSA_AT
        bursa = look("bursa", BURSA, "#1f5f86")
        ax.add_patch(
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
                alpha=1.0 if highlight == "bursa" else 0.85,
            )
        )

        # Nerves and arteries as thin lines, outlined so they read on any background.
        nerve_colour, nerve_w, nerve_dz = line_colour("nerves", NERVE)
        outline = [
            Stroke(
                linewidth=3.2 * nerve_w,
                foreground="#5a5300"
                if nerve_colour == NERVE
                else (STRONG_EDGE if nerve_colour == STRONG else "#9a9a9a"),
            ),
            Normal(),
        ]
        for path in NERVES.values():
            curve = _smooth(path, closed=False)
            ax.plot(
                curve[:, 0],
                curve[:, 1],
                color=nerve_colour,
                linewidth=1.7 * nerve_w,
                zorder=5 + nerve_dz,
                solid_capstyle="round",
                path_effects=outline,
            )
        artery_colour, artery_w, artery_dz = line_colour("arteries", ARTERY)

        def artery(points, width=1.8, z=5.2, style="-"):
            curve = _smooth(points, closed=False)
            ax.plot(
                curve[:, 0],
                curve[:, 1],
                color=artery_colour,
                linewidth=width * artery_w,
                zorder=z + artery_dz,
                solid_capstyle="round",
                linestyle=style,
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

        # Labels with leader lines: the psoas side on the right, the bones on the left.
        right_x = 15.2

        def label(text, point, at, structure=None, side="right"):
            strong = structure is not None and structure == highlight
            box = (
                dict(boxstyle="round,pad=0.3", facecolor=STRONG, edgecolor=STRONG_EDGE)
                if strong
                else None
            )
            ax.annotate(
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
                arrowprops=dict(
                    arrowstyle="-", color="#333333", linewidth=0.9, shrinkA=2, shrinkB=0
                ),
            )
            ax.plot(*point, "o", color="#333333", markersize=3, zorder=8)

        label(
            names.get("superficial-origin", "Superficial origin") + "\n(bodies and discs, T12–L4)",
            (BODIES["L1"][2] + 0.6, BODIES["L1"][1] - DISC_H / 2),
            (right_x, 31.0),
            "superficial-origin",
        )
        l3_half = BODIES["L3"][2]
        label(
            names.get("arteries", "Arteries") + ": lumbar arteries\nfrom the aorta, iliac branches",
            _lumbar_artery("L2", 1)[2],
            (right_x, 27.8),
            "arteries",
        )
        label(
            names.get("deep-origin", "Deep origin") + "\n(transverse processes, L1–L5)",
            (l3_half + PROCESS["L3"] - 0.55, _centre("L3") + 0.2),
            (right_x, 24.4),
            "deep-origin",
        )
        label(names.get("psoas", "Psoas major"), (6.0, 19.5), (right_x, 20.8), "psoas")
        label(
            names.get("nerves", "Lumbar plexus (nerves)") + "\nwith the femoral nerve",
            (9.5, 11.2),
            (right_x, 13.4),
            "nerves",
        )
        label(names.get("iliacus", "Iliacus"), (10.9, 14.6), (right_x, 17.2), "iliacus")

        label(names.get("bursa", "Iliopsoas bursa"), (bx + 0.2, by - 0.6), (right_x, 9.2), "bursa")
        label(
            names.get("insertion", "Insertion").replace(" on the ", "\non the "),
            (lx + 0.3, ly - 0.2),
            (right_x, 4.2),
            "insertion",
        )

        left_x = -15.0
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

        ax.text(
            -21.0, -8.6, "◀ body's right side", fontsize=11, color="#555555", ha="left", va="bottom"
        )
        ax.text(
            27.8, -8.6, "body's left side ▶", fontsize=11, color="#555555", ha="right", va="bottom"
        )

        title = "The psoas major from the front"
        if chosen is not None:
            title += f": {chosen.name}"
        ax.set_title(plain(title))
        structures = catalog.anatomy.structures
        sources = [chosen.source] if chosen is not None else [s.source for s in structures]
        parts = dict.fromkeys(
            part.strip().rstrip(".") for source in sources for part in source.split(";")
        )
        add_source(
            figure,
            "schematic, not to scale, drawn for this lesson after " + plain("; ".join(parts)) + ".",
        )

    alt = (
        "Front-view schematic, not to scale: the lumbar vertebrae T12 to L5 at the centre, the "
        "sacrum, "
        "both hip bones and thigh bones; on the body's left side the psoas major runs from the "
        "vertebral "
        "bodies and discs (superficial origin) and the transverse processes (deep origin) down "
        "over the "
        "pelvic brim, joined by the iliacus from the inside of the pelvis, to the lesser "
        "trochanter of the "
        "femur, with the iliopsoas bursa under its tendon, the lumbar plexus nerves and the "
        "lumbar arteries."
    )
    if chosen is not None:
        alt += f" Highlighted: {chosen.name}: {chosen.description}"
    return Chart(figure, alt, title)
