"""Drawn figures of the exercises, as SVG markup written directly.

Each position of each exercise is drawn from its joint angles (``data/poses.yaml`` through the
body model, :mod:`psoas_lesson.body`): the far limbs light and behind, the body and the near
(working) limbs dark, the floor, the mat, a roller or the hand where the exercise uses them, and
the psoas of the working side drawn in, coloured by what the pose does to it with the word and
the hip angle beside it. A massage shows where the pressure lands.

Written as markup, not through matplotlib, like the builder's timeline
(:mod:`psoas_lesson.charts.svg_timeline`): a few milliseconds a figure, crisp at any size, and
every text from the data escaped. Each SVG has a ``viewBox`` and scales to its container, a
light rounded background of its own (so it reads on the timer's coloured panels), ``role="img"``
and a ``<title>`` that is the position's text alternative. Seen from the left, the drawing is
mirrored but its words are not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import body
from .catalog import Catalog, default_catalog
from .errors import DataError
from .html import Markup
from .html import svg_text as esc
from .poses import (
    ROLLER_RADIUS,
    Group,
    Motion,
    Poses,
    PoseSet,
    Position,
    Prop,
    Tool,
    View,
    hip_words,
    placed,
    roller_centre,
)
from .theme import COLOURS, FIGURE, FONT, INK, MUTED

UNIT = 400.0  # drawing units per body height
MARGIN = 0.07  # in body heights, around the figure
MIN_WIDTH = 1.60  # in body heights: every frame at least this wide, so scales match
LINE_1 = 30.0  # font sizes, in drawing units: 11-12 px when a frame is 300-320 px wide
LINE_2 = 26.0
STRIP = 2 * LINE_1 + 30.0  # the label strip under the floor
ARC_FROM_DEG = 12  # smaller hip angles are left to the words: an arc that small hides
LABEL_BAND = 0.12  # in body heights: room above the figure for a massage's label
MAT_THICKNESS = 0.014
DEFAULT_WIDTH_PX = 360

SIDE_WORDS = {"right": "right", "left": "left"}


# ---------------------------------------------------------------------------------------------
# What other code calls


def pose_svg(
    exercise_id: str,
    position: str,
    *,
    side: str = "right",
    catalog: Catalog | None = None,
    labels: bool = True,
    width: int | None = DEFAULT_WIDTH_PX,
) -> Markup:
    """One position of an exercise as an SVG figure; ``side="left"`` draws it mirrored.

    ``labels=False`` leaves out the words under the figure (for a thumbnail; the ``<title>``
    still carries them); ``width`` is the default width in pixels (None: fill the container).
    An exercise without pose data, or an unknown position, is a DataError.
    """
    catalog = catalog or default_catalog()
    pose_set = _pose_set(catalog, exercise_id)
    return _svg(
        catalog,
        pose_set,
        pose_set.position(position),
        side=_side(side),
        labels=labels,
        width=width,
    )


def timer_frames(exercise_id: str, side: str | None, catalog: Catalog | None = None) -> list[dict]:
    """The figures a timer shows for an exercise, as ``[{"svg": str, "alt": str}, ...]``.

    One frame (the held position) for a hold, both ends of the movement in order for a move;
    mirrored when ``side == "left"`` (``"both"`` and None draw the right-side view). An exercise
    without pose data gives ``[]``.
    """
    catalog = catalog or default_catalog()
    pose_set = catalog.poses.for_exercise(exercise_id)
    if pose_set is None:
        return []
    view = "left" if side == "left" else "right"
    frames = []
    for position_id in pose_set.motion.frames:
        position = pose_set.position(position_id)
        frames.append(
            {
                "svg": str(_svg(catalog, pose_set, position, side=view, labels=True, width=None)),
                "alt": alt_text(catalog, pose_set, position, view),
            }
        )
    return frames


def thumbnail_svg(exercise_id: str, catalog: Catalog | None = None) -> str:
    """The exercise's key position (held, or the end of the move) small and without words, for a
    row in a list; "" when the exercise has no pose data."""
    catalog = catalog or default_catalog()
    pose_set = catalog.poses.for_exercise(exercise_id)
    if pose_set is None:
        return ""
    position = pose_set.key_position
    return str(
        _svg(catalog, pose_set, position, side="right", labels=False, width=None, tight=True)
    )


@dataclass(frozen=True)
class PoseFigure:
    """One position drawn for a card or a handout."""

    position: str  # start, held or end
    svg: Markup
    alt: str  # the text alternative
    caption: str  # "Hold: ..." for under the figure


@dataclass(frozen=True)
class ExerciseFigures:
    """An exercise's figures for a card or a handout, the key position (held or end) first."""

    exercise_id: str
    figures: tuple[PoseFigure, ...]
    note: str = ""

    @property
    def html(self) -> Markup:
        return figures_html(self)


POSITION_WORDS = {"start": "Start", "held": "Hold", "end": "End of the move"}
NO_FIGURE = (
    "No drawing of this exercise: it has no pose data. Its positions can be added to a "
    "poses.yaml beside the exercises.yaml that defines it."
)


def exercise_figures(
    exercise_id: str, catalog: Catalog | None = None, *, width: int | None = 300
) -> ExerciseFigures | None:
    """The exercise's positions as figures, the key one (held or end) first; None when the
    exercise has no pose data."""
    catalog = catalog or default_catalog()
    pose_set = catalog.poses.for_exercise(exercise_id)
    if pose_set is None:
        return None
    # A hold: the held position first, the start beside it. A move: its two ends in order.
    key = pose_set.motion.key
    order = (
        [key] + [p for p in pose_set.motion.positions if p != key]
        if pose_set.motion is Motion.HOLD
        else list(pose_set.motion.positions)
    )
    figures = []
    for position_id in order:
        position = pose_set.position(position_id)
        figures.append(
            PoseFigure(
                position=position_id,
                svg=_svg(catalog, pose_set, position, side="right", labels=True, width=width),
                alt=alt_text(catalog, pose_set, position),
                caption=f"{POSITION_WORDS[position_id]}: {position.description}",
            )
        )
    return ExerciseFigures(exercise_id, tuple(figures), pose_set.note)


def figures_html(figures: ExerciseFigures | None) -> Markup:
    """The figures side by side with their captions, wrapping on a narrow screen; a plain note
    when there are none. Each is an ``<img>`` with its text alternative (see :func:`figure_img`).
    """
    from .html import tag

    if figures is None:
        return tag("p", NO_FIGURE, class_="psoas-pose-none", style=f"color: {MUTED}")
    first_wide = figures.figures[0].position == "held"  # a hold's held position leads
    cells = [
        tag(
            "figure",
            figure_img(figure.svg, figure.alt),
            tag(
                "figcaption",
                figure.caption,
                style=f"font-size: 0.85em; color: {MUTED}; margin-top: 0.2em",
            ),
            style=(
                "margin: 0; flex: 1 1 240px; max-width: "
                + ("400px" if first_wide and index == 0 else "300px")
            ),
            class_=f"psoas-pose psoas-pose-{figure.position}",
        )
        for index, figure in enumerate(figures.figures)
    ]
    note = (
        tag("p", figures.note, style=f"font-size: 0.85em; color: {MUTED}; margin: 0")
        if figures.note
        else ""
    )
    return tag(
        "div",
        tag(
            "div",
            *cells,
            style="display: flex; flex-wrap: wrap; gap: 0.8em; align-items: flex-start",
        ),
        note,
        class_="psoas-pose-figures",
        style="margin: 0.5em 0",
    )


def alt_text(catalog: Catalog, pose_set: PoseSet, position: Position, side: str = "right") -> str:
    """The figure's text alternative: the position in words, then what it does to the psoas."""
    exercise = catalog.exercise(pose_set.exercise)
    group = catalog.poses.group_of(position.hip_deg)
    where = f" on the {side} side" if _one_sided(catalog, pose_set) else ""
    text = (
        f"{exercise.name}, {POSITION_WORDS[position.id].lower()}: {position.description} "
        f"Psoas{where}: {_group_word(group)}, {hip_words(position.hip_deg)} in this drawing."
    )
    if position.pressure is not None:
        text += f" {position.pressure.reaches}"
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Drawing


def _pose_set(catalog: Catalog, exercise_id: str) -> PoseSet:
    exercise = catalog.exercise(exercise_id)  # an unknown id is a DataError naming the known ones
    pose_set = catalog.poses.for_exercise(exercise.id)
    if pose_set is None:
        raise DataError("has no pose data, so no figure can be drawn", item=exercise.id)
    return pose_set


def _side(side: str) -> str:
    if side not in ("right", "left"):
        raise ValueError(f"side must be 'right' or 'left', got {side!r}")
    return side


def _one_sided(catalog: Catalog, pose_set: PoseSet) -> bool:
    return catalog.exercise(pose_set.exercise).dose.sides.value != "both-at-once"


def _group_word(group: Group) -> str:
    return {"lengthened": "lengthened", "neutral": "about neutral", "shortened": "shortened"}[
        group.value
    ]


@dataclass(frozen=True)
class _Frame:
    """The size every position of one exercise is drawn in, so they share a scale."""

    width: float  # in body heights
    height: float  # figure area, in body heights, above the strip
    floor: float  # distance of the floor line from the top, in body heights
    band: float = 0.0  # room at the top for a massage's label, in body heights


def _frame(pose_set: PoseSet) -> _Frame:
    widths, heights = [], []
    for position in pose_set.positions:
        left, bottom, right, top = _bounds(position)
        widths.append(right - left)
        heights.append(top - min(bottom, 0.0))
    mat = MAT_THICKNESS if Prop.MAT in pose_set.props else 0.0
    band = LABEL_BAND if any(p.pressure for p in pose_set.positions) else 0.0
    width = max(MIN_WIDTH, max(widths) + 2 * MARGIN)
    height = max(heights) + 2 * MARGIN + mat + band
    return _Frame(width, height, height - MARGIN, band)


def _bounds(position: Position) -> tuple[float, float, float, float]:
    figure = placed(position)
    left, bottom, right, top = figure.bounds()
    if position.roller_under is not None:
        cx, cy = roller_centre(figure, position.roller_under)
        left, right = min(left, cx - ROLLER_RADIUS), max(right, cx + ROLLER_RADIUS)
        bottom = min(bottom, cy - ROLLER_RADIUS)
    return left, bottom, right, top


class _Pen:
    """Turns body coordinates (H units, y up) into drawing units (y down), mirrored or not."""

    def __init__(self, frame: _Frame, centre_x: float, mirror: bool, lift: float):
        self.frame = frame
        self.centre_x = centre_x
        self.mirror = mirror
        self.lift = lift  # the mat's thickness: the body rests on the mat, not under it

    def __call__(self, point: body.Point) -> tuple[float, float]:
        x, y = point
        dx = x - self.centre_x
        if self.mirror:
            dx = -dx
        return ((self.frame.width / 2 + dx) * UNIT, (self.frame.floor - y - self.lift) * UNIT)

    def length(self, value: float) -> float:
        return value * UNIT

    def angle(self, degrees: float) -> float:
        """A body-space direction as a drawing-space direction (y flips; mirroring flips x)."""
        if self.mirror:
            degrees = 180.0 - degrees
        return -degrees


def _svg(
    catalog: Catalog,
    pose_set: PoseSet,
    position: Position,
    *,
    side: str,
    labels: bool,
    width: int | None,
    tight: bool = False,
) -> Markup:
    poses = catalog.poses
    frame = _frame(pose_set)
    figure = placed(position)
    left, _bottom, right, top = _bounds(position)
    mat = Prop.MAT in pose_set.props
    lift = MAT_THICKNESS if mat and position.view is View.SIDE else 0.0
    pen = _Pen(frame, (left + right) / 2, side == "left", lift)
    w = frame.width * UNIT
    h = frame.height * UNIT + (_strip_height(pose_set) if labels else 0.0)
    box = f"0 0 {w:.0f} {h:.0f}"
    if tight:
        # cropped to the figure and the floor under it, so a small picture shows the body large
        x0, y0 = pen((left, top))
        x1, _ = pen((right, 0.0))
        pad = 0.04 * UNIT
        low = frame.floor * UNIT + 6
        box = (
            f"{min(x0, x1) - pad:.0f} {y0 - pad:.0f} {abs(x1 - x0) + 2 * pad:.0f} "
            f"{low - y0 + pad:.0f}"
        )
    group = poses.group_of(position.hip_deg)
    colour = COLOURS[group.value]
    alt = alt_text(catalog, pose_set, position, side)
    size = f' width="{width}" height="{width * h / w:.0f}"' if width and not tight else ""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}"{size} '
        f'role="img" font-family="{esc(FONT)}" class="psoas-pose-svg" '
        f'style="max-width: 100%; height: auto">',
        f"<title>{esc(alt)}</title>",
        f'<rect x="1" y="1" width="{w - 2:.0f}" height="{h - 2:.0f}" rx="18" '
        f'fill="{FIGURE["paper"]}" stroke="{FIGURE["mat_edge"]}" stroke-width="1.5"/>',
    ]
    out += _ground(position, figure, frame, pen, mat)
    if position.roller_under is not None:
        out += _roller(figure, position, pen)
    out += _body(figure, pen)
    out += _psoas(figure, pen, colour)
    out += _hip_arc(figure, pen, position.hip_deg, colour, labels)
    if position.pressure is not None:
        out += _pressure(figure, position, pen, labels)
    if labels:
        out += _strip(position, group, frame, catalog, pose_set, side, colour)
    out.append("</svg>")
    return Markup("".join(out))


def _ground(position, figure, frame, pen, mat) -> list[str]:
    out = []
    w = frame.width * UNIT
    if position.view is View.ABOVE:
        left, bottom, right, top = figure.bounds()
        x0, y0 = pen((left - 0.03, top + 0.03))
        x1, y1 = pen((right + 0.03, bottom - 0.03))
        out.append(
            f'<rect x="{min(x0, x1):.1f}" y="{y0:.1f}" width="{abs(x1 - x0):.1f}" '
            f'height="{y1 - y0:.1f}" rx="10" fill="{FIGURE["mat"]}" '
            f'stroke="{FIGURE["mat_edge"]}" stroke-width="2"/>'
        )
        return out
    floor_y = frame.floor * UNIT
    if mat:
        left, _b, right, _t = figure.bounds()
        x0, _ = pen((left - 0.04, 0))
        x1, _ = pen((right + 0.04, 0))
        thick = MAT_THICKNESS * UNIT
        out.append(
            f'<rect x="{min(x0, x1):.1f}" y="{floor_y - thick:.1f}" width="{abs(x1 - x0):.1f}" '
            f'height="{thick:.1f}" rx="3" fill="{FIGURE["mat"]}" stroke="{FIGURE["mat_edge"]}" '
            f'stroke-width="1.5"/>'
        )
    out.append(
        f'<line x1="{0.03 * UNIT:.0f}" y1="{floor_y:.1f}" x2="{w - 0.03 * UNIT:.0f}" '
        f'y2="{floor_y:.1f}" stroke="{FIGURE["floor"]}" stroke-width="3" stroke-linecap="round"/>'
    )
    return out


def _roller(figure, position, pen) -> list[str]:
    cx, cy = pen(roller_centre(figure, position.roller_under))
    r = pen.length(ROLLER_RADIUS)
    return [
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{FIGURE["prop"]}" '
        f'stroke="{FIGURE["prop_edge"]}" stroke-width="3"/>',
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r * 0.45:.1f}" fill="none" '
        f'stroke="{FIGURE["prop_edge"]}" stroke-width="2"/>',
    ]


# Far limbs first (behind), then the body, then the near limbs in front.
_ORDER = (
    ("far", ("upper_arm", "forearm", "hand", "thigh", "shank", "foot")),
    ("body", ("pelvis", "lumbar", "thorax", "neck", "head")),
    ("near", ("thigh", "shank", "foot", "upper_arm", "forearm", "hand")),
)


def _body(figure: body.Figure, pen: _Pen) -> list[str]:
    out = []
    for side, names in _ORDER:
        colour = FIGURE["far"] if side == "far" else FIGURE["near"]
        # A light edge round the near limbs keeps their shape where they cross the body.
        edge = FIGURE["casing"] if side == "near" else None
        for name in names:
            if name == "foot":
                out.append(_foot(figure, side, pen, colour, edge))
                continue
            part = figure.part(name if side == "body" else f"{side}.{name}")
            out.append(_capsule(part, pen, colour, edge))
            if name == "head":
                out.append(_nose(part, pen, colour))
    return out


def _nose(head: body.Part, pen: _Pen, colour: str) -> str:
    """A small nose on the face side, so which way the figure faces is clear at a glance."""
    cx, cy = pen(head.a)
    r = pen.length(head.ra)
    front = math.radians(pen.angle(head.front))
    chin = math.radians(pen.angle(head.front - 90.0))
    # the tip leans a little towards the chin
    tip = math.atan2(math.sin(front) + 0.2 * math.sin(chin), math.cos(front) + 0.2 * math.cos(chin))
    points = [
        (cx + math.cos(front - 0.55) * r * 0.8, cy + math.sin(front - 0.55) * r * 0.8),
        (cx + math.cos(tip) * r * 1.28, cy + math.sin(tip) * r * 1.28),
        (cx + math.cos(front + 0.55) * r * 0.8, cy + math.sin(front + 0.55) * r * 0.8),
    ]
    d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z"
    return (
        f'<path d="{d}" fill="{colour}" stroke="{colour}" stroke-width="4" '
        'stroke-linejoin="round"/>'
    )


def _capsule(part: body.Part, pen: _Pen, colour: str, edge: str | None = None) -> str:
    """A tapered capsule (or a circle) as one path: two arcs joined by their outer tangents;
    ``edge`` outlines it, so a limb in front of the body keeps its shape."""
    ax, ay = pen(part.a)
    bx, by = pen(part.b)
    ra, rb = pen.length(part.ra), pen.length(part.rb)
    stroke = f' stroke="{edge}" stroke-width="3"' if edge else ""
    d = math.hypot(bx - ax, by - ay)
    if d <= abs(ra - rb) + 1e-6:
        r = max(ra, rb)
        cx, cy = (ax, ay) if ra >= rb else (bx, by)
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{colour}"{stroke}/>'
    ux, uy = (bx - ax) / d, (by - ay) / d
    # The outer tangents touch both circles where the normal makes angle t with the axis.
    t = math.acos((ra - rb) / d)
    n1 = (ux * math.cos(t) - uy * math.sin(t), uy * math.cos(t) + ux * math.sin(t))
    n2 = (ux * math.cos(t) + uy * math.sin(t), uy * math.cos(t) - ux * math.sin(t))
    a1 = (ax + n1[0] * ra, ay + n1[1] * ra)
    b1 = (bx + n1[0] * rb, by + n1[1] * rb)
    b2 = (bx + n2[0] * rb, by + n2[1] * rb)
    a2 = (ax + n2[0] * ra, ay + n2[1] * ra)
    large_b = 1 if 2 * t > math.pi else 0
    large_a = 1 if 2 * math.pi - 2 * t > math.pi else 0
    return (
        f'<path d="M{a1[0]:.1f},{a1[1]:.1f} L{b1[0]:.1f},{b1[1]:.1f} '
        f"A{rb:.1f},{rb:.1f} 0 {large_b} 0 {b2[0]:.1f},{b2[1]:.1f} "
        f"L{a2[0]:.1f},{a2[1]:.1f} "
        f'A{ra:.1f},{ra:.1f} 0 {large_a} 0 {a1[0]:.1f},{a1[1]:.1f} Z" fill="{colour}"{stroke}/>'
    )


def _foot(figure: body.Figure, side: str, pen: _Pen, colour: str, edge: str | None) -> str:
    """The foot as a rounded triangle from the ankle to the heel and the toes."""
    points = [pen(figure.point(f"{side}.{name}")) for name in ("ankle", "heel", "toes")]
    d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z"
    width = pen.length(2 * body.RADII["foot"][1])
    out = ""
    if edge:
        out += (
            f'<path d="{d}" fill="{edge}" stroke="{edge}" stroke-width="{width + 6:.1f}" '
            'stroke-linejoin="round"/>'
        )
    return out + (
        f'<path d="{d}" fill="{colour}" stroke="{colour}" stroke-width="{width:.1f}" '
        'stroke-linejoin="round"/>'
    )


def _smooth(points: list[tuple[float, float]]) -> str:
    """A smooth path through the points (Catmull-Rom as cubic Béziers)."""
    d = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
    for i in range(len(points) - 1):
        p0 = points[max(i - 1, 0)]
        p1, p2 = points[i], points[i + 1]
        p3 = points[min(i + 2, len(points) - 1)]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        d += f" C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {p2[0]:.1f},{p2[1]:.1f}"
    return d


def _psoas(figure: body.Figure, pen: _Pen, colour: str) -> list[str]:
    path = _smooth([pen(p) for p in figure.psoas_path("near")])
    return [
        f'<path d="{path}" fill="none" stroke="{FIGURE["casing"]}" stroke-width="17" '
        f'stroke-linecap="round" stroke-linejoin="round"/>',
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="10" '
        f'stroke-linecap="round" stroke-linejoin="round"/>',
    ]


def _hip_arc(
    figure: body.Figure, pen: _Pen, hip_deg: float, colour: str, labels: bool = True
) -> list[str]:
    """The hip angle where it happens: a dashed line where the thigh would lie at 0°, an arc
    from it to the thigh, and the degrees beside the arc, off the body where there is room."""
    if abs(hip_deg) < ARC_FROM_DEG:
        return []
    hx, hy = pen(figure.point("hip"))
    sx, sy = pen(figure.point("sacrum"))
    kx, ky = pen(figure.point("near.knee"))
    neutral = math.atan2(hy - sy, hx - sx)
    thigh = math.atan2(ky - hy, kx - hx)
    sweep = (thigh - neutral + math.pi) % (2 * math.pi) - math.pi
    r = 0.20 * UNIT
    reach = 0.26 * UNIT
    ax, ay = hx + math.cos(neutral) * r, hy + math.sin(neutral) * r
    bx, by = hx + math.cos(thigh) * r, hy + math.sin(thigh) * r
    flag = 1 if sweep > 0 else 0
    # In a wide angle the number fits between the lines; in a narrow one it goes beside the
    # dashed line, away from the thigh.
    spot = (
        neutral + sweep / 2
        if abs(sweep) > math.radians(40)
        else neutral - math.copysign(math.radians(22), sweep)
    )
    tx, ty = hx + math.cos(spot) * (r + 26), hy + math.sin(spot) * (r + 26)
    arc = f"M{ax:.1f},{ay:.1f} A{r:.1f},{r:.1f} 0 0 {flag} {bx:.1f},{by:.1f}"
    casing = FIGURE["casing"]
    out = [
        f'<line x1="{hx:.1f}" y1="{hy:.1f}" x2="{hx + math.cos(neutral) * reach:.1f}" '
        f'y2="{hy + math.sin(neutral) * reach:.1f}" stroke="{casing}" stroke-width="7"/>',
        f'<line x1="{hx:.1f}" y1="{hy:.1f}" x2="{hx + math.cos(neutral) * reach:.1f}" '
        f'y2="{hy + math.sin(neutral) * reach:.1f}" stroke="{INK}" stroke-width="3" '
        f'stroke-dasharray="9 6"/>',
        f'<path d="{arc}" fill="none" stroke="{casing}" stroke-width="10"/>',
        f'<path d="{arc}" fill="none" stroke="{colour}" stroke-width="5"/>',
    ]
    if not labels:  # a thumbnail: the number would be too small to read
        return out
    return out + [
        f'<text x="{tx:.1f}" y="{ty + 10:.1f}" text-anchor="middle" font-size="{LINE_1:.0f}" '
        f'font-weight="bold" fill="{INK}" stroke="{casing}" stroke-width="7" '
        f'paint-order="stroke">{esc(f"{abs(round(hip_deg))}°")}</text>',
    ]


def _pressure(figure: body.Figure, position: Position, pen: _Pen, labels: bool) -> list[str]:
    """Where the massage presses: a small ring on the skin where the pressure goes in, an arrow
    pressing in from outside for fingers, and the label above the figure joined by a leader line
    (above, so it never lands on the body, the floor or the words)."""
    pressure = position.pressure
    name = body.REACH_POINTS[pressure.at.value]
    x, y = pen(figure.point(name))
    normal = math.radians(pen.angle(body.surface_normal(figure, pressure.at.value)))
    nx, ny = math.cos(normal), math.sin(normal)
    colour = COLOURS["massage"]
    casing = FIGURE["casing"]
    fingers = pressure.tool is Tool.FINGERS
    out = []
    # the leader ends at the arrow's tail for fingers, at the ring for a roller or a ball
    tail = (x + nx * 78, y + ny * 78) if fingers else (x, y - 16)
    if labels:
        width = pen.frame.width * UNIT
        text_w = 0.56 * LINE_2 * len(pressure.label)
        lx = min(max(tail[0], 0.04 * UNIT + text_w / 2), width - 0.04 * UNIT - text_w / 2)
        ly = pen.frame.band * UNIT * 0.7 + 0.02 * UNIT
        for stroke, thick in ((casing, 8), (colour, 3.5)):
            out.append(
                f'<line x1="{lx:.1f}" y1="{ly + 8:.1f}" x2="{tail[0]:.1f}" y2="{tail[1]:.1f}" '
                f'stroke="{stroke}" stroke-width="{thick}"/>'
            )
        out.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle" font-size="{LINE_2:.0f}" '
            f'font-weight="bold" fill="{INK}">{esc(pressure.label)}</text>'
        )
    if fingers:
        out += _press_arrow(x, y, nx, ny, colour)
        if position.view is View.ABOVE:
            out.append(_circling_arrow(x + nx * 30, y + ny * 30, colour))
    out += [
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="13" fill="none" stroke="{casing}" '
        f'stroke-width="9"/>',
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="13" fill="none" stroke="{colour}" '
        f'stroke-width="4.5"/>',
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>',
    ]
    return out


def _press_arrow(x: float, y: float, nx: float, ny: float, colour: str) -> list[str]:
    """An arrow from outside the body pressing in at (x, y), against the surface normal."""
    tail = (x + nx * 78, y + ny * 78)
    tip = (x + nx * 18, y + ny * 18)
    side = (-ny, nx)
    head = [
        tip,
        (tip[0] + nx * 20 + side[0] * 11, tip[1] + ny * 20 + side[1] * 11),
        (tip[0] + nx * 20 - side[0] * 11, tip[1] + ny * 20 - side[1] * 11),
    ]
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in head)
    casing = FIGURE["casing"]
    return [
        f'<line x1="{tail[0]:.1f}" y1="{tail[1]:.1f}" x2="{tip[0] + nx * 12:.1f}" '
        f'y2="{tip[1] + ny * 12:.1f}" stroke="{casing}" stroke-width="10"/>',
        f'<polygon points="{points}" fill="{colour}" stroke="{casing}" stroke-width="3" '
        'stroke-linejoin="round"/>',
        f'<line x1="{tail[0]:.1f}" y1="{tail[1]:.1f}" x2="{tip[0] + nx * 12:.1f}" '
        f'y2="{tip[1] + ny * 12:.1f}" stroke="{colour}" stroke-width="5"/>',
    ]


def _circling_arrow(x: float, y: float, colour: str) -> str:
    """Small circles: a dashed ring beside the spot."""
    r = 20
    start, end = math.radians(200), math.radians(500)
    sx, sy = x + r * math.cos(start), y + r * math.sin(start)
    ex, ey = x + r * math.cos(end), y + r * math.sin(end)
    return (
        f'<path d="M{sx:.1f},{sy:.1f} A{r},{r} 0 1 1 {ex:.1f},{ey:.1f}" fill="none" '
        f'stroke="{colour}" stroke-width="3.5" stroke-dasharray="8 5"/>'
    )


def _strip_height(pose_set: PoseSet) -> float:
    """Two lines under the figure, three when a position is seen from above (it says so)."""
    above = any(p.view is View.ABOVE for p in pose_set.positions)
    return STRIP + (LINE_2 + 8 if above else 0.0)


def _strip(position, group, frame, catalog, pose_set, side, colour) -> list[str]:
    """The words under the figure: what the pose does to the psoas, and the hip angle."""
    top = frame.height * UNIT
    x = 0.05 * UNIT
    where = f" ({SIDE_WORDS[side]} side)" if _one_sided(catalog, pose_set) else ""
    first = f"Psoas{where}: {_group_word(group)}"
    second = f"{hip_words(position.hip_deg)} in this drawing"
    return [
        f'<rect x="{x:.1f}" y="{top + 8:.1f}" width="40" height="12" rx="6" fill="{colour}"/>',
        f'<text x="{x + 52:.1f}" y="{top + LINE_1 - 2:.1f}" font-size="{LINE_1:.0f}" '
        f'font-weight="bold" fill="{INK}">{esc(first)}</text>',
        f'<text x="{x:.1f}" y="{top + LINE_1 + LINE_2 + 10:.1f}" font-size="{LINE_2:.0f}" '
        f'fill="{MUTED}">{esc(second)}</text>',
    ] + (
        [
            f'<text x="{x:.1f}" y="{top + LINE_1 + 2 * LINE_2 + 18:.1f}" '
            f'font-size="{LINE_2:.0f}" font-style="italic" fill="{MUTED}">'
            "lying on one side, seen from above</text>"
        ]
        if position.view is View.ABOVE
        else []
    )


__all__ = [
    "ExerciseFigures",
    "Poses",
    "alt_text",
    "exercise_figures",
    "figures_html",
    "pose_svg",
    "timer_frames",
]


def figure_img(
    svg: str, alt: str, *, width: str = "100%", height: str = "auto", css_class: str = ""
) -> Markup:
    """An SVG figure as an ``<img>`` with a data URI: it survives HTML sanitisers that drop
    inline SVG (JupyterLab's, in an untrusted notebook) and stays vector in print."""
    import base64

    from .html import tag

    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return tag(
        "img",
        src=uri,
        alt=alt,
        class_=css_class or None,
        style=(
            f"width: {width}; max-width: 100%; height: {height}; object-fit: contain; "
            "display: block"
        ),
    )
