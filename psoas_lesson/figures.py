"""Drawn figures of the exercises, as SVG markup written directly.

Each position of each exercise is drawn from its joint angles (``data/poses.yaml`` through the
body model, :mod:`psoas_lesson.body`): the far limbs light and behind, the body with a faint
pelvis, lumbar spine and thigh bone inside it, and the psoas running from the spine to the thigh
bone, coloured by what the pose does to it; a limb in front of the psoas is see-through, so the
muscle reads as inside the body. The floor, the mat, a roller and the hands are drawn where the
exercise uses them; a move's second position shows its start faintly behind it, with an arrow
for the way it goes; a massage draws the muscle the pressure really reaches and names it first,
the psoas second.

Written as markup, not through matplotlib, like the builder's timeline
(:mod:`psoas_lesson.charts.svg_timeline`): a few milliseconds a figure, crisp at any size, and
every text from the data escaped. Each SVG has a ``viewBox`` and scales to its container, a
light rounded background of its own (so it reads on the timer's coloured panels), ``role="img"``
and a ``<title>`` that is the position's text alternative. Seen from the left, the drawing is
mirrored but its words are not. Every figure is drawn at least 600 drawing units wide with its
words 26 units tall or more: 12 px or more wherever the figure is 300 px wide or wider, and a
figure drawn without words (for the timer) has none inside it at all.
"""

from __future__ import annotations

import base64
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass

from . import body, curves
from .catalog import Catalog, default_catalog
from .errors import DataError
from .html import Markup, tag
from .html import svg_text as esc
from .poses import (
    ROLLER_RADIUS,
    Group,
    Landmark,
    Limbs,
    Muscle,
    PoseSet,
    Position,
    Prop,
    Tool,
    View,
    hip_words,
    placed,
    roller_centre,
)
from .theme import COLOURS, FIGURE, FONT, INK, MUTED, WARN_TEXT

UNIT = 400.0  # drawing units per body height
MARGIN = 0.07  # in body heights, around the figure
MIN_WIDTH = 1.5  # in body heights: every frame at least this wide (600 units), so scales match
LINE_1 = 28.0  # font sizes, in drawing units: 13-14 px when a 600-unit frame is 300 px wide
LINE_2 = 26.0
LINE_GAP = 7.0
ARC_FROM_DEG = 12  # smaller hip angles are left to the words: an arc that small hides
ARC_RADIUS = 0.075  # in body heights: the hip-angle arc sits at the hip, inside the thigh's top
LABEL_BAND = 0.12  # in body heights: room above the figure for a massage's label
MAT_THICKNESS = 0.014
MAT_WIDTH = 0.36  # in body heights: a 60 cm mat, seen from above
SIGN_WIDTH = 0.62  # in body heights: the side-lying sign in the corner
SIGN_HEIGHT = 0.24
DEFAULT_WIDTH_PX = 360
EDGE_WIDTH = 5.0  # the body's outline, in drawing units (2 px on a 300 px card)
SEE_THROUGH = 0.55  # a limb in front of the psoas: the muscle shows through it
POSITION_WORDS = {"start": "Start", "held": "Hold", "end": "End of the move"}
FRAME_LABELS = {"start": "Start", "held": "Hold", "end": "End"}
NO_FIGURE = (
    "No drawing of this exercise: it has no pose data. Its positions can be added to a "
    "poses.yaml beside the exercises.yaml that defines it."
)


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

    ``labels=False`` leaves every word out of the figure (the ``<title>`` still carries them);
    ``width`` is the default width in pixels (None: fill the container). The key position
    (held, or the end of a move) of an exercise whose data names its movement shows the start
    faintly behind it, with an arrow. An exercise without pose data, or an unknown position, is
    a DataError.
    """
    catalog = catalog or default_catalog()
    pose_set = _pose_set(catalog, exercise_id)
    chosen = pose_set.position(position)
    return _svg(
        catalog,
        pose_set,
        chosen,
        side=_side(side),
        text=labels,
        width=width,
        movement=chosen.id == pose_set.motion.key,
    )


def timer_frames(exercise_id: str, side: str | None, catalog: Catalog | None = None) -> list[dict]:
    """The figures a timer shows for an exercise, without any text inside them.

    Each frame is ``{"svg", "alt", "position", "label", "caption"}``: the SVG markup (it scales
    to its box, words left out), its text alternative, the position's id (``start``, ``held``,
    ``end``), a one-word label to show above or beside it (``Start``, ``Hold``, ``End``) and a
    caption in words (``Psoas (right side): lengthened``, or for a massage the muscle it reaches
    first). One frame (the held position) for a hold; both ends of the move in order for a move,
    for the page to show with an arrow from Start to End. Mirrored when ``side == "left"``
    (``"both"`` and None draw the right-side view). An exercise without pose data gives ``[]``.
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
                "svg": str(_svg(catalog, pose_set, position, side=view, text=False, width=None)),
                "alt": alt_text(catalog, pose_set, position, view),
                "position": position_id,
                "label": FRAME_LABELS[position_id],
                "caption": caption(catalog, pose_set, position, view),
            }
        )
    return frames


def thumbnail_svg(exercise_id: str, catalog: Catalog | None = None) -> str:
    """The exercise's key position (held, or the end of the move) small and without words,
    cropped to the figure, for a row in a list; "" when the exercise has no pose data."""
    catalog = catalog or default_catalog()
    pose_set = catalog.poses.for_exercise(exercise_id)
    if pose_set is None:
        return ""
    position = pose_set.key_position
    return str(_svg(catalog, pose_set, position, side="right", text=False, width=None, tight=True))


@dataclass(frozen=True)
class PoseFigure:
    """One position drawn for a card or a handout."""

    position: str  # start, held or end
    svg: Markup
    alt: str  # the text alternative
    caption: str  # "Hold: ..." for under the figure


@dataclass(frozen=True)
class ExerciseFigures:
    """An exercise's figures for a card or a handout: the start first, then the held position
    or the end of the move (with the start faintly behind it where the data names the
    movement)."""

    exercise_id: str
    figures: tuple[PoseFigure, ...]
    note: str = ""

    @property
    def html(self) -> Markup:
        return figures_html(self)


def exercise_figures(
    exercise_id: str,
    catalog: Catalog | None = None,
    *,
    width: int | None = 300,
    labels: bool = True,
) -> ExerciseFigures | None:
    """The exercise's positions as figures, the start first; None when the exercise has no pose
    data. ``labels=False`` draws them without words inside (the captions still carry them)."""
    catalog = catalog or default_catalog()
    pose_set = catalog.poses.for_exercise(exercise_id)
    if pose_set is None:
        return None
    figures = []
    for position_id in pose_set.motion.positions:
        position = pose_set.position(position_id)
        svg = _svg(
            catalog,
            pose_set,
            position,
            side="right",
            text=labels,
            width=width,
            movement=position_id == pose_set.motion.key,
        )
        figures.append(
            PoseFigure(
                position=position_id,
                svg=svg,
                alt=alt_text(catalog, pose_set, position),
                caption=f"{POSITION_WORDS[position_id]}: {position.description}",
            )
        )
    return ExerciseFigures(exercise_id, tuple(figures), pose_set.note)


def figures_html(figures: ExerciseFigures | None) -> Markup:
    """The figures side by side with their captions (the start, then the held position or the
    end), wrapping on a narrow screen; a plain note when there are none. Each is an ``<img>``
    with its text alternative (see :func:`figure_img`)."""
    if figures is None:
        return tag("p", NO_FIGURE, class_="psoas-pose-none", style=f"color: {MUTED}")
    cells = [
        tag(
            "figure",
            figure_img(figure.svg, figure.alt),
            tag(
                "figcaption",
                figure.caption,
                style=f"font-size: 0.85em; color: {MUTED}; margin-top: 0.2em",
            ),
            style="margin: 0; flex: 1 1 280px; max-width: 380px",
            class_=f"psoas-pose psoas-pose-{figure.position}",
        )
        for figure in figures.figures
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


def figure_img(
    svg: str, alt: str, *, width: str = "100%", height: str = "auto", css_class: str = ""
) -> Markup:
    """An SVG figure as an ``<img>`` with a data URI: it survives HTML sanitisers that drop
    inline SVG (JupyterLab's, in an untrusted notebook) and stays vector in print."""
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


def alt_text(catalog: Catalog, pose_set: PoseSet, position: Position, side: str = "right") -> str:
    """The figure's text alternative: the position in words, then what it does to the psoas
    (for a massage, the muscle the pressure reaches first)."""
    exercise = catalog.exercise(pose_set.exercise)
    text = f"{exercise.name}, {POSITION_WORDS[position.id].lower()}: {position.description} "
    if position.pressure is not None:
        text += f"Reaches the {position.pressure.muscle.words}. "
    text += (
        f"{_psoas_words(catalog, pose_set, position, side)}, {hip_words(position.hip_deg)} in this "
        "drawing."
    )
    if pose_set.leg_marker is not None:
        text += f" Marked: the {pose_set.leg_marker.words}."
    if position.pressure is not None:
        text += f" {position.pressure.reaches}"
    return " ".join(text.split())


def caption(catalog: Catalog, pose_set: PoseSet, position: Position, side: str = "right") -> str:
    """The figure's headline in words: ``Psoas (right side): lengthened``; for a massage,
    ``Reaches the iliacus; psoas (right side): shortened, not reached``."""
    psoas = _psoas_words(catalog, pose_set, position, side)
    if position.pressure is None:
        return psoas
    return (
        f"Reaches the {position.pressure.muscle.words}; {psoas[0].lower()}{psoas[1:]}, not reached"
    )


# ---------------------------------------------------------------------------------------------
# Words


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


def _psoas_words(catalog: Catalog, pose_set: PoseSet, position: Position, side: str) -> str:
    """``Psoas (right side): lengthened``: the psoas drawn is the working side's, or the other
    side's where the data says so (hugging the right knee lengthens the left psoas)."""
    group = catalog.poses.group_of(position.hip_deg)
    if not _one_sided(catalog, pose_set):
        return f"Psoas: {_group_word(group)}"
    psoas_side = side if position.psoas is Limbs.NEAR else {"right": "left", "left": "right"}[side]
    return f"Psoas ({psoas_side} side): {_group_word(group)}"


# ---------------------------------------------------------------------------------------------
# Laying out an exercise: every position placed once, lined up, in one frame


@dataclass(frozen=True)
class _Frame:
    """The size every position of one exercise is drawn in, so they share a scale."""

    width: float  # in body heights
    height: float  # figure area, in body heights, above the words
    floor: float  # distance of the floor line from the top, in body heights
    centre_x: float  # the body x drawn at the frame's middle
    band: float = 0.0  # room at the top for a massage's label, in body heights


@dataclass(frozen=True)
class _Scene:
    """One exercise laid out: each position's figure on the floor, lined up on the point that
    stays still, and the frame they share."""

    figures: dict[str, body.Figure]
    frame: _Frame


def _still_point(pose_set: PoseSet) -> str:
    if pose_set.movement is not None:
        return body.REACH_POINTS[pose_set.movement.still.value]
    return "hip"


@functools.lru_cache(maxsize=64)
def _scene(pose_set: PoseSet) -> _Scene:
    still = _still_point(pose_set)
    figures = {}
    for position in pose_set.positions:
        figure = placed(position)
        figures[position.id] = figure.moved(-figure.point(still)[0], 0.0)
    boxes = [_bounds(figures[p.id], p) for p in pose_set.positions]
    left = min(b[0] for b in boxes)
    right = max(b[2] for b in boxes)
    bottom = min(0.0, *(b[1] for b in boxes))
    top = max(b[3] for b in boxes)
    mat = MAT_THICKNESS if Prop.MAT in pose_set.props else 0.0
    # room at the top for a massage's label, the front view beside it, or the side-lying sign
    band = max(
        LABEL_BAND if any(p.pressure for p in pose_set.positions) else 0.0,
        INSET_HEIGHT if _has_front_inset(pose_set) else 0.0,
        SIGN_HEIGHT if any(p.view is View.ABOVE for p in pose_set.positions) else 0.0,
    )
    width = max(MIN_WIDTH, right - left + 2 * MARGIN)
    height = top - bottom + band + 2 * MARGIN + mat
    frame = _Frame(width, height, height - MARGIN + min(bottom, 0.0), (left + right) / 2, band)
    return _Scene(figures, frame)


def _bounds(figure: body.Figure, position: Position) -> tuple[float, float, float, float]:
    left, bottom, right, top = figure.bounds()
    if position.roller_under is not None:
        cx, cy = roller_centre(figure, position.roller_under)
        left, right = min(left, cx - ROLLER_RADIUS), max(right, cx + ROLLER_RADIUS)
        bottom = min(bottom, cy - ROLLER_RADIUS)
    return left, bottom, right, top


class _Pen:
    """Turns body coordinates (H units, y up) into drawing units (y down), mirrored or not."""

    def __init__(self, frame: _Frame, mirror: bool, lift: float):
        self.frame = frame
        self.mirror = mirror
        self.lift = lift  # the mat's thickness: the body rests on the mat, not under it

    def __call__(self, point: body.Point) -> tuple[float, float]:
        x, y = point
        dx = x - self.frame.centre_x
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


def _pts(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


# ---------------------------------------------------------------------------------------------
# The drawing


def _svg(
    catalog: Catalog,
    pose_set: PoseSet,
    position: Position,
    *,
    side: str,
    text: bool,
    width: int | None,
    tight: bool = False,
    movement: bool = False,
) -> Markup:
    scene = _scene(pose_set)
    frame = scene.frame
    figure = scene.figures[position.id]
    mat = Prop.MAT in pose_set.props
    lift = MAT_THICKNESS if mat and position.view is View.SIDE else 0.0
    pen = _Pen(frame, side == "left", lift)
    group = catalog.poses.group_of(position.hip_deg)
    colour = COLOURS[group.value]
    strip = _strip_lines(catalog, pose_set, side) if text else []
    w = frame.width * UNIT
    h = frame.height * UNIT + (_strip_height(strip) if text else 0.0)
    box = f"0 0 {w:.0f} {h:.0f}"
    if tight:
        # cropped to the figure and the floor under it, so a small picture shows the body large
        left, _bottom, right, top = _bounds(figure, position)
        x0, y0 = pen((left, top))
        x1, _ = pen((right, 0.0))
        pad = 0.04 * UNIT
        low = frame.floor * UNIT + 6
        box = (
            f"{min(x0, x1) - pad:.0f} {y0 - pad:.0f} {abs(x1 - x0) + 2 * pad:.0f} "
            f"{low - y0 + pad:.0f}"
        )
    alt = alt_text(catalog, pose_set, position, side)
    size = f' width="{width}" height="{width * h / w:.0f}"' if width and not tight else ""
    style = "" if tight else ' style="max-width: 100%; height: auto"'
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}"{size} '
        f'role="img" font-family="{esc(FONT)}" class="psoas-pose-svg"{style}>',
        f"<title>{esc(alt)}</title>",
        f'<rect x="1" y="1" width="{w - 2:.0f}" height="{h - 2:.0f}" rx="18" '
        f'fill="{FIGURE["paper"]}" stroke="{FIGURE["mat_edge"]}" stroke-width="1.5"/>',
    ]
    out += _ground(position, figure, frame, pen, mat)
    if position.view is View.ABOVE and not tight:
        out += _side_lying_sign(frame)
    if position.roller_under is not None:
        out += _roller(figure, position.roller_under, pen)
    show_movement = movement and pose_set.movement is not None and position.id != "start"
    if show_movement:
        out += _ghost(scene.figures["start"], pen)
    out += _body(figure, position, pen, colour)
    out += _hip_arc(figure, position, pen, colour, text)
    if show_movement:
        out += _movement_arrow(pose_set, scene, position, pen)
    if position.pressure is not None:
        out += _pressure(figure, position, pen, text)
        if _has_front_inset(pose_set):
            out += _front_inset(frame, pen, text)
    if text and pose_set.leg_marker is not None:
        out += _leg_marker(figure, pose_set, pen)
    if text:
        out += _strip(dict(strip)[position.id], frame)
    out.append("</svg>")
    return Markup("".join(out))


def _ground(
    position: Position, figure: body.Figure, frame: _Frame, pen: _Pen, mat: bool
) -> list[str]:
    """The floor line and the mat on it; lying on one side, the mat seen from above."""
    out = []
    w = frame.width * UNIT
    if position.view is View.ABOVE:
        # a mat about 60 cm wide under the trunk, seen from above; bent knees may reach past it
        left, _bottom, right, _top = figure.bounds()
        middle = (figure.point("hip")[1] + figure.point("shoulder")[1]) / 2
        x0, y0 = pen((left - 0.03, middle + MAT_WIDTH / 2))
        x1, y1 = pen((right + 0.03, middle - MAT_WIDTH / 2))
        x0, x1 = min(x0, x1), max(x0, x1)
        out.append(
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" '
            f'height="{y1 - y0:.1f}" rx="10" fill="{FIGURE["mat"]}" '
            f'stroke="{FIGURE["mat_edge"]}" stroke-width="2"/>'
        )
        # the mat's ribs, seen from above, so it reads as a mat on the floor, not a bed
        for k in range(1, 8):
            x = x0 + (x1 - x0) * k / 8
            out.append(
                f'<line x1="{x:.1f}" y1="{y0 + 6:.1f}" x2="{x:.1f}" y2="{y1 - 6:.1f}" '
                f'stroke="{FIGURE["mat_edge"]}" stroke-width="1" opacity="0.6"/>'
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


def _side_lying_sign(frame: _Frame) -> list[str]:
    """A small sign in the corner: the same person seen from the front, lying on one side on
    the floor with the head on the lower arm, so the view from above reads as lying on a side."""
    s = SIGN_WIDTH * UNIT / 196.0
    ox, oy = 0.04 * UNIT + 8 * s, 0.03 * UNIT + 10 * s
    floor = oy + 64 * s
    # the outline, seen from the front: the head on the hand, shoulder, waist, hip, legs
    outline = [
        (22, 50), (36, 34), (58, 30), (80, 38), (98, 30), (118, 34), (150, 44), (176, 48),
        (178, 58), (150, 60), (118, 60), (98, 60), (80, 60), (58, 60), (36, 60), (24, 60),
    ]  # fmt: skip
    points = [(ox + x * s, oy + y * s) for x, y in outline]
    edge = FIGURE["near_edge"]
    return [
        f'<rect x="{ox - 8:.1f}" y="{oy - 10:.1f}" width="{196 * s:.1f}" height="{86 * s:.1f}" '
        f'rx="10" fill="{FIGURE["paper"]}" stroke="{FIGURE["mat_edge"]}" stroke-width="2"/>',
        f'<line x1="{ox:.1f}" y1="{floor:.1f}" x2="{ox + 180 * s:.1f}" y2="{floor:.1f}" '
        f'stroke="{FIGURE["floor"]}" stroke-width="3" stroke-linecap="round"/>',
        # the lower arm on the floor, bent up under the head
        f'<path d="M{ox + 40 * s:.1f},{floor - 4 * s:.1f} L{ox + 8 * s:.1f},{floor - 4 * s:.1f} '
        f'L{ox + 10 * s:.1f},{oy + 30 * s:.1f}" fill="none" stroke="{edge}" '
        f'stroke-width="{7 * s:.1f}" stroke-linecap="round" stroke-linejoin="round"/>',
        f'<path d="{curves.svg_path(points, closed=True)}" fill="{FIGURE["near"]}" '
        f'stroke="{edge}" stroke-width="3"/>',
        f'<circle cx="{ox + 18 * s:.1f}" cy="{oy + 24 * s:.1f}" r="{13 * s:.1f}" '
        f'fill="{FIGURE["near"]}" stroke="{edge}" stroke-width="3"/>',
    ]


def _roller(figure: body.Figure, under: Landmark, pen: _Pen) -> list[str]:
    cx, cy = pen(roller_centre(figure, under))
    r = pen.length(ROLLER_RADIUS)
    return [
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{FIGURE["prop"]}" '
        f'stroke="{FIGURE["prop_edge"]}" stroke-width="3"/>',
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r * 0.45:.1f}" fill="none" '
        f'stroke="{FIGURE["prop_edge"]}" stroke-width="2"/>',
    ]


# -- the body: outlines -----------------------------------------------------------------------


def _capsule_path(a: body.Point, b: body.Point, ra: float, rb: float) -> str:
    """A tapered capsule (or a circle) as path data, in drawing units: two arcs joined by their
    outer tangents."""
    ax, ay = a
    bx, by = b
    d = math.hypot(bx - ax, by - ay)
    if d <= abs(ra - rb) + 1e-6:
        r = max(ra, rb)
        cx, cy = (ax, ay) if ra >= rb else (bx, by)
        return (
            f"M{cx - r:.1f},{cy:.1f} A{r:.1f},{r:.1f} 0 1 0 {cx + r:.1f},{cy:.1f} "
            f"A{r:.1f},{r:.1f} 0 1 0 {cx - r:.1f},{cy:.1f} Z"
        )
    ux, uy = (bx - ax) / d, (by - ay) / d
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
        f"M{a1[0]:.1f},{a1[1]:.1f} L{b1[0]:.1f},{b1[1]:.1f} "
        f"A{rb:.1f},{rb:.1f} 0 {large_b} 0 {b2[0]:.1f},{b2[1]:.1f} "
        f"L{a2[0]:.1f},{a2[1]:.1f} A{ra:.1f},{ra:.1f} 0 {large_a} 0 {a1[0]:.1f},{a1[1]:.1f} Z"
    )


def _part_path(part: body.Part, pen: _Pen) -> str:
    return _capsule_path(pen(part.a), pen(part.b), pen.length(part.ra), pen.length(part.rb))


def _foot_path(figure: body.Figure, limbs: str, pen: _Pen) -> str:
    points = [pen(figure.point(f"{limbs}.foot.{name}")) for name in body.FOOT_OUTLINE]
    return curves.svg_path(points, closed=True)


def _torso_path(figure: body.Figure, pen: _Pen) -> str:
    """The trunk as one smooth outline from the hips to the shoulders, so a bent or arched back
    shows as a curve: its front (groin, belly, chest) and its back (buttock, low back, upper
    back), each at the part's radius from the spine's line."""
    d = figure.directions
    p = figure.points
    pelvis, lumbar, thorax = d["pelvis"], d["lumbar"], d["thorax"]
    top = body.along(p["shoulder"], thorax, -0.02)
    mid_lumbar = body.along(p["sacrum"], lumbar, 0.5 * body.distance(p["sacrum"], p["waist"]))
    mid_thorax = body.along(p["waist"], thorax, 0.5 * body.distance(p["waist"], top))
    # (point on the spine's line, its direction, front radius, back radius)
    spine = [
        (p["hip"], pelvis, 0.050, 0.058),
        (p["sacrum"], (pelvis + lumbar) / 2, 0.058, 0.056),
        (mid_lumbar, lumbar, 0.056, 0.050),
        (p["waist"], (lumbar + thorax) / 2, 0.058, 0.055),
        (mid_thorax, thorax, 0.068, 0.062),
        (top, thorax, 0.058, 0.060),
    ]
    front = [body.offset(point, angle, 0.0, -rf) for point, angle, rf, _rb in spine]
    back = [body.offset(point, angle, 0.0, rb) for point, angle, _rf, rb in spine]
    shoulder_cap = [
        body.offset(top, thorax, 0.035, -0.035),
        body.offset(top, thorax, 0.045, 0.0),
        body.offset(top, thorax, 0.035, 0.038),
    ]
    seat = [
        body.offset(p["hip"], pelvis, -0.045, 0.050),  # the buttock
        body.offset(p["hip"], pelvis, -0.052, 0.0),
        body.offset(p["hip"], pelvis, -0.040, -0.040),  # the groin
    ]
    outline = [*front, *shoulder_cap, *reversed(back), *seat]
    return curves.svg_path([pen(q) for q in outline], closed=True)


def _head_paths(figure: body.Figure, pen: _Pen) -> list[str]:
    """The head (a circle) and the nose, which shows which way the face looks."""
    head = figure.part("head")
    cx, cy = pen(head.a)
    r = pen.length(head.ra)
    face = math.radians(pen.angle(head.front))
    tip = pen(figure.point("nose"))
    base = [
        (cx + math.cos(face - 0.62) * r * 0.92, cy + math.sin(face - 0.62) * r * 0.92),
        tip,
        (cx + math.cos(face + 0.62) * r * 0.92, cy + math.sin(face + 0.62) * r * 0.92),
    ]
    circle = _capsule_path((cx, cy), (cx, cy), r, r)
    nose = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in base) + " Z"
    return [nose, circle]


def _silhouette(paths: list[str], fill: str, edge: str, width: float, opacity: float = 1.0) -> str:
    """Shapes drawn as one silhouette with an outline round the whole: every shape's thick edge
    first, then every fill over them, so where parts overlap no line shows between them."""
    under = "".join(
        f'<path d="{d}" fill="{edge}" stroke="{edge}" stroke-width="{2 * width:.1f}" '
        'stroke-linejoin="round"/>'
        for d in paths
    )
    over = "".join(f'<path d="{d}" fill="{fill}"/>' for d in paths)
    group = f' opacity="{opacity}"' if opacity < 1 else ""
    return f"<g{group}>{under}{over}</g>"


def _limb_paths(figure: body.Figure, limbs: str, pen: _Pen, which: str) -> list[str]:
    if which == "arm":
        names = ("upper_arm", "forearm", "hand")
        return [_part_path(figure.part(f"{limbs}.{n}"), pen) for n in names]
    paths = [_part_path(figure.part(f"{limbs}.{n}"), pen) for n in ("thigh", "shank")]
    return [*paths, _foot_path(figure, limbs, pen)]


def _body(figure: body.Figure, position: Position, pen: _Pen, colour: str) -> list[str]:
    """Back to front: the far limbs, the trunk and head, the near leg, then inside the body the
    bones, the muscle a massage reaches and the psoas, and last the limbs in front of the psoas,
    see-through so it shows as inside the body."""
    near, far = FIGURE["near"], FIGURE["far"]
    near_edge, far_edge = FIGURE["near_edge"], FIGURE["far_edge"]
    psoas = position.psoas.value
    out = [
        _silhouette(_limb_paths(figure, "far", pen, "arm"), far, far_edge, EDGE_WIDTH * 0.7),
        _silhouette(_limb_paths(figure, "far", pen, "leg"), far, far_edge, EDGE_WIDTH * 0.7),
    ]
    neck = _part_path(figure.part("neck"), pen)
    out.append(
        _silhouette(
            [neck, _torso_path(figure, pen), *_head_paths(figure, pen)],
            near,
            near_edge,
            EDGE_WIDTH,
        )
    )
    near_leg = _silhouette(_limb_paths(figure, "near", pen, "leg"), near, near_edge, EDGE_WIDTH)
    if psoas == "near":
        out.append(near_leg)
    out += _bones(figure, psoas, pen)
    # a massage's muscle over the psoas: it is what the pressure reaches, the psoas lies deeper
    out += _psoas(figure, psoas, pen, colour, second=position.pressure is not None)
    if position.pressure is not None:
        out += _reached_muscle(figure, position.pressure.muscle, psoas, pen)
    if psoas == "far":
        out.append(
            _silhouette(
                _limb_paths(figure, "near", pen, "leg"), near, near_edge, EDGE_WIDTH, SEE_THROUGH
            )
        )
    out.append(
        _silhouette(
            _limb_paths(figure, "near", pen, "arm"), near, near_edge, EDGE_WIDTH, SEE_THROUGH
        )
    )
    return out


def _ghost(figure: body.Figure, pen: _Pen) -> list[str]:
    """The start, faint and behind, so the drawing shows where the move began."""
    paths = [
        *_limb_paths(figure, "far", pen, "leg"),
        *_limb_paths(figure, "far", pen, "arm"),
        _part_path(figure.part("neck"), pen),
        _torso_path(figure, pen),
        *_head_paths(figure, pen),
        *_limb_paths(figure, "near", pen, "leg"),
        *_limb_paths(figure, "near", pen, "arm"),
    ]
    fills = "".join(f'<path d="{d}" fill="{FIGURE["ghost"]}"/>' for d in paths)
    edges = "".join(
        f'<path d="{d}" fill="none" stroke="{FIGURE["ghost_edge"]}" stroke-width="2.5" '
        'stroke-dasharray="7 5"/>'
        for d in paths
    )
    return [f"<g>{fills}{edges}</g>"]


# -- inside the body: bones and muscles ------------------------------------------------------

# The hip bone seen from the side, around the hip joint: (forward, up) in H along the pelvis:
# the front point (ASIS), the crest, the back (PSIS), the sit bone, the pubic bone.
PELVIS_BONE = [
    (0.050, 0.046), (0.032, 0.076), (-0.004, 0.088), (-0.040, 0.074), (-0.056, 0.046),
    (-0.044, 0.016), (-0.040, -0.020), (-0.030, -0.048), (-0.006, -0.040), (0.022, -0.036),
    (0.040, -0.018), (0.036, 0.006), (0.046, 0.022),
]  # fmt: skip
SACRUM_BONE = [(-0.006, 0.064), (-0.040, 0.070), (-0.060, 0.030), (-0.058, -0.004), (-0.030, 0.030)]
# The muscles a massage reaches, in the same frame: the iliacus lines the inside of the hip
# bone's wing and joins the psoas's tendon; quadratus lumborum runs from the back of the crest
# up to the lowest rib.
ILIACUS = [(0.044, 0.044), (0.026, 0.072), (-0.008, 0.080), (-0.030, 0.060), (-0.006, 0.018)]


def _in_pelvis(figure: body.Figure, forward: float, up: float) -> body.Point:
    return body.offset(figure.point("hip"), figure.directions["pelvis"], up, -forward)


def _bones(figure: body.Figure, limbs: str, pen: _Pen) -> list[str]:
    """A faint hip bone, sacrum, lumbar spine and the thigh bone of the psoas's side."""
    fill, edge = FIGURE["bone"], FIGURE["bone_edge"]
    style = f'fill="{fill}" stroke="{edge}" stroke-width="1.5" opacity="0.75"'
    pelvis = [pen(_in_pelvis(figure, f, u)) for f, u in PELVIS_BONE]
    sacrum = [pen(_in_pelvis(figure, f, u)) for f, u in SACRUM_BONE]
    out = [
        f'<path d="{curves.svg_path(pelvis, closed=True)}" {style}/>',
        f'<path d="{curves.svg_path(sacrum, closed=True)}" {style}/>',
    ]
    # five lumbar vertebrae, each a block behind the spine's line, with room for the discs
    sacrum_point, waist = figure.point("sacrum"), figure.point("waist")
    lumbar = figure.directions["lumbar"]
    span = body.distance(sacrum_point, waist)
    for k in range(5):
        low, high = span * (k + 0.12) / 5, span * (k + 0.88) / 5
        corners = [
            body.offset(sacrum_point, lumbar, low, 0.008),
            body.offset(sacrum_point, lumbar, high, 0.008),
            body.offset(sacrum_point, lumbar, high, 0.036),
            body.offset(sacrum_point, lumbar, low, 0.036),
        ]
        out.append(f'<polygon points="{_pts(pen(c) for c in corners)}" {style}/>')
    # the thigh bone: its head in the hip joint, the shaft, the knee end
    hip, knee = figure.point("hip"), figure.point(f"{limbs}.knee")
    out.append(
        f'<path d="{_capsule_path(pen(hip), pen(knee), pen.length(0.013), pen.length(0.016))}" '
        f"{style}/>"
    )
    head = pen(hip)
    out.append(
        f'<circle cx="{head[0]:.1f}" cy="{head[1]:.1f}" r="{pen.length(0.021):.1f}" {style}/>'
    )
    return out


def _band(centre: list[body.Point], widths: list[float], pen: _Pen) -> str:
    """A shape around a line: ``widths`` (in H, one per point of the line) across it."""
    points = [pen(p) for p in centre]
    left, right = [], []
    for i, (x, y) in enumerate(points):
        ax, ay = points[max(i - 1, 0)]
        bx, by = points[min(i + 1, len(points) - 1)]
        length = math.hypot(bx - ax, by - ay) or 1.0
        nx, ny = -(by - ay) / length, (bx - ax) / length
        half = pen.length(widths[i]) / 2
        left.append((x + nx * half, y + ny * half))
        right.append((x - nx * half, y - ny * half))
    outline = [*left, *reversed(right)]
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in outline) + " Z"


def _psoas(
    figure: body.Figure, limbs: str, pen: _Pen, colour: str, *, second: bool = False
) -> list[str]:
    """The psoas as a muscle: narrow at its origin on the spine, full over the lower lumbar
    spine, narrowing over the pelvic rim into its tendon on the thigh bone. Behind a massage's
    muscle (``second``) it is drawn thinner and paler: that is not where the pressure lands."""
    line = curves.sample(figure.psoas_path(limbs), closed=False, per=8)
    lengths = [0.0]
    for a, b in zip(line, line[1:], strict=False):
        lengths.append(lengths[-1] + body.distance(a, b))
    full = 0.026 if second else 0.036
    widths = [
        0.006 + full * math.sin(math.pi * min(1.0, 0.06 + 0.94 * s / lengths[-1])) ** 0.8
        for s in lengths
    ]
    shape = _band(line, widths, pen)
    opacity = ' opacity="0.75"' if second else ""
    return [
        f'<path d="{shape}" fill="{colour}" stroke="{INK}" stroke-width="1.8" '
        f'stroke-linejoin="round"{opacity}/>',
    ]


def _reached_muscle(figure: body.Figure, muscle: Muscle, limbs: str, pen: _Pen) -> list[str]:
    """What the massage really reaches, in the massage colour: the iliacus inside the hip bone,
    quadratus lumborum behind the spine, or the muscles at the front of the hip and thigh."""
    colour = COLOURS["massage"]
    style = f'fill="{colour}" stroke="{INK}" stroke-width="2.5" stroke-linejoin="round"'
    if muscle is Muscle.ILIACUS:
        points = [_in_pelvis(figure, f, u) for f, u in ILIACUS]
        points += [figure.point(f"{limbs}.psoas.insertion"), figure.point(f"{limbs}.psoas.rim")]
        return [f'<path d="{curves.svg_path([pen(p) for p in points], closed=True)}" {style}/>']
    if muscle is Muscle.QUADRATUS_LUMBORUM:
        lumbar = figure.directions["lumbar"]
        waist = figure.point("waist")
        points = [
            _in_pelvis(figure, -0.044, 0.074),
            _in_pelvis(figure, -0.016, 0.084),
            body.offset(waist, lumbar, 0.0, 0.030),
            body.offset(waist, lumbar, 0.004, 0.046),
        ]
        return [f'<path d="{curves.svg_path([pen(p) for p in points], closed=True)}" {style}/>']
    thigh = figure.directions[f"{limbs}.thigh"]
    hip = figure.point("hip")
    line = [_in_pelvis(figure, 0.044, 0.020)]
    line += [body.offset(hip, thigh, t, 0.026) for t in (0.05, 0.10, 0.15, 0.20, 0.235)]
    widths = [0.012, 0.030, 0.040, 0.040, 0.032, 0.016]
    return [f'<path d="{_band(line, widths, pen)}" {style}/>']


# -- marks on the drawing ---------------------------------------------------------------------


def _casing_text(x: float, y: float, words: str, size: float, *, bold: bool = True,
                 anchor: str = "middle", fill: str = INK) -> str:  # fmt: skip
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size:.0f}"{weight} '
        f'fill="{fill}" stroke="{FIGURE["casing"]}" stroke-width="7" stroke-linejoin="round" '
        f'paint-order="stroke">{esc(words)}</text>'
    )


def _hip_arc(
    figure: body.Figure, position: Position, pen: _Pen, colour: str, text: bool
) -> list[str]:
    """The hip angle where it happens, at the hip: a dashed line where the thigh would lie at 0°
    (in line with the pelvis), an arc from it to the thigh, and the degrees beside the arc."""
    hip_deg = position.hip_deg
    if abs(hip_deg) < ARC_FROM_DEG:
        return []
    limbs = position.psoas.value
    hx, hy = pen(figure.point("hip"))
    neutral = math.radians(pen.angle(figure.directions["pelvis"] + 180.0))
    thigh = math.radians(pen.angle(figure.directions[f"{limbs}.thigh"]))
    sweep = (thigh - neutral + math.pi) % (2 * math.pi) - math.pi
    r = ARC_RADIUS * UNIT
    reach = (ARC_RADIUS + 0.055) * UNIT
    ax, ay = hx + math.cos(neutral) * r, hy + math.sin(neutral) * r
    bx, by = hx + math.cos(thigh) * r, hy + math.sin(thigh) * r
    flag = 1 if sweep > 0 else 0
    arc = f"M{ax:.1f},{ay:.1f} A{r:.1f},{r:.1f} 0 0 {flag} {bx:.1f},{by:.1f}"
    casing = FIGURE["casing"]
    dash_end = (hx + math.cos(neutral) * reach, hy + math.sin(neutral) * reach)
    out = [
        f'<line x1="{hx:.1f}" y1="{hy:.1f}" x2="{dash_end[0]:.1f}" y2="{dash_end[1]:.1f}" '
        f'stroke="{casing}" stroke-width="7"/>',
        f'<line x1="{hx:.1f}" y1="{hy:.1f}" x2="{dash_end[0]:.1f}" y2="{dash_end[1]:.1f}" '
        f'stroke="{INK}" stroke-width="3" stroke-dasharray="8 5"/>',
        f'<path d="{arc}" fill="none" stroke="{casing}" stroke-width="10"/>',
        f'<path d="{arc}" fill="none" stroke="{colour}" stroke-width="5"/>',
    ]
    if not text:
        return out
    # In a wide angle the number sits just outside the arc's middle; in a narrow one beside the
    # dashed line, away from the thigh.
    spot = (
        neutral + sweep / 2
        if abs(sweep) > math.radians(40)
        else neutral - math.copysign(math.radians(30), sweep)
    )
    tx, ty = hx + math.cos(spot) * (r + 34), hy + math.sin(spot) * (r + 34)
    return out + [_casing_text(tx, ty + 11, f"{abs(round(hip_deg))}°", LINE_1)]


def _arrow_head(tip: tuple[float, float], angle: float, size: float = 22.0) -> list:
    back = angle + math.pi
    return [
        tip,
        (tip[0] + math.cos(back + 0.45) * size, tip[1] + math.sin(back + 0.45) * size),
        (tip[0] + math.cos(back - 0.45) * size, tip[1] + math.sin(back - 0.45) * size),
    ]


def _movement_arrow(pose_set: PoseSet, scene: _Scene, position: Position, pen: _Pen) -> list[str]:
    """Which way the move goes: an arrow from where the moving point was at the start to where
    it is now, curving round the joint it turns about, or straight (beside the body, for the
    hips)."""
    movement = pose_set.movement
    moving = body.REACH_POINTS[movement.moving.value]
    start = scene.figures["start"].point(moving)
    end = scene.figures[position.id].point(moving)
    figure = scene.figures[position.id]
    if movement.around is not None:
        pivot = figure.point(body.REACH_POINTS[movement.around.value])
        radius = max(body.distance(pivot, end), body.distance(pivot, start)) + 0.07
        a0 = math.atan2(start[1] - pivot[1], start[0] - pivot[0])
        a1 = math.atan2(end[1] - pivot[1], end[0] - pivot[0])
        sweep = (a1 - a0 + math.pi) % (2 * math.pi) - math.pi
        # trimmed a little at both ends, so the arrow sits between the two positions
        steps = [a0 + sweep * (0.12 + 0.76 * k / 16) for k in range(17)]
        line = [
            pen((pivot[0] + radius * math.cos(a), pivot[1] + radius * math.sin(a))) for a in steps
        ]
    else:
        back = math.radians(figure.part("pelvis").front + 180.0)
        push = 0.11 if moving == "hip" else 0.0
        shift = (math.cos(back) * push, math.sin(back) * push)
        a = (start[0] + shift[0], start[1] + shift[1])
        b = (end[0] + shift[0], end[1] + shift[1])
        gap = body.distance(a, b)
        grow = max(0.0, 0.12 - gap) / 2 / (gap or 1.0)
        a = (a[0] - (b[0] - a[0]) * grow, a[1] - (b[1] - a[1]) * grow)
        b = (b[0] + (b[0] - a[0]) * grow, b[1] + (b[1] - a[1]) * grow)
        line = [pen(a), pen(b)]
    (x0, y0), (x1, y1) = line[-2], line[-1]
    angle = math.atan2(y1 - y0, x1 - x0)
    tip = line[-1]
    shaft_end = (tip[0] - math.cos(angle) * 14, tip[1] - math.sin(angle) * 14)
    d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in [*line[:-1], shaft_end])
    head = _pts(_arrow_head(tip, angle, 26.0))
    casing = FIGURE["casing"]
    return [
        f'<path d="{d}" fill="none" stroke="{casing}" stroke-width="13" stroke-linecap="round" '
        'stroke-linejoin="round"/>',
        f'<polygon points="{head}" fill="{casing}" stroke="{casing}" stroke-width="8" '
        'stroke-linejoin="round"/>',
        f'<path d="{d}" fill="none" stroke="{INK}" stroke-width="5.5" stroke-linecap="round" '
        'stroke-linejoin="round"/>',
        f'<polygon points="{head}" fill="{INK}"/>',
    ]


def _leg_marker(figure: body.Figure, pose_set: PoseSet, pen: _Pen) -> list[str]:
    """A few words beside the leg the picture does not single out ("back leg"), joined to the
    thigh by a short line, placed where it covers the least of the body."""
    marker = pose_set.leg_marker
    hip = pen(figure.point("hip"))
    arc_room = (ARC_RADIUS + 0.10) * UNIT  # the hip angle's arc and its number
    target = figure.point(f"{marker.limbs.value}.mid-thigh")
    own = {f"{marker.limbs.value}.{name}" for name in ("thigh", "shank")}
    tx, ty = pen(target)
    words = marker.words
    text_w = _text_width(words, LINE_2, bold=True)
    frame = pen.frame
    best = None
    for k in range(16):
        angle = 2 * math.pi * k / 16
        for reach in (0.17, 0.24, 0.31):
            x = tx + math.cos(angle) * reach * UNIT
            y = ty + math.sin(angle) * reach * UNIT
            if not (text_w / 2 + 12 < x < frame.width * UNIT - text_w / 2 - 12):
                continue
            if not (frame.band * UNIT + LINE_2 + 10 < y < frame.floor * UNIT - 14):
                continue
            clear = min(
                min(
                    _clearance(figure, pen, (x + dx, y + dy)),
                    math.hypot(x + dx - hip[0], y + dy - hip[1]) - arc_room,
                )
                for dx in (-text_w / 2, 0, text_w / 2)
                for dy in (-LINE_2 * 0.7, 0)
            )
            # the line to the leg may cross its own leg, not another part
            crossing = min(
                _clearance(figure, pen, (tx + (x - tx) * t, ty + (y - ty) * t), skip=own)
                for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
            )
            if crossing < 0:
                continue  # the line would run over another limb: it would point at the wrong leg
            score = min(clear, crossing + 20) - 0.2 * reach * UNIT
            if best is None or score > best[0]:
                best = (score, x, y)
    if best is None:
        return []
    _score, x, y = best
    end = (x, y - LINE_2 * 0.35)
    return [
        f'<line x1="{tx:.1f}" y1="{ty:.1f}" x2="{end[0]:.1f}" y2="{end[1]:.1f}" '
        f'stroke="{FIGURE["casing"]}" stroke-width="7"/>',
        f'<line x1="{tx:.1f}" y1="{ty:.1f}" x2="{end[0]:.1f}" y2="{end[1]:.1f}" '
        f'stroke="{INK}" stroke-width="2.5"/>',
        f'<circle cx="{tx:.1f}" cy="{ty:.1f}" r="6" fill="{INK}" stroke="{FIGURE["casing"]}" '
        'stroke-width="2"/>',
        _casing_text(x, y, words, LINE_2),
    ]


def _clearance(
    figure: body.Figure, pen: _Pen, point: tuple[float, float], skip: Iterable[str] = ()
) -> float:
    """How far a drawing point is from the body's surface (negative inside it), leaving out
    the parts named in ``skip``."""
    best = math.inf
    for part in figure.parts:
        if part.name in skip:
            continue
        a, b = pen(part.a), pen(part.b)
        gap, t = body.distance_to_segment(point, a, b)
        best = min(best, gap - pen.length(part.ra + (part.rb - part.ra) * t))
    return best


def _pressure(figure: body.Figure, position: Position, pen: _Pen, text: bool) -> list[str]:
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
    if text:
        width = pen.frame.width * UNIT
        corner = _corner_width(position, pen.frame)
        room = width - 0.04 * UNIT - corner
        lines = _wrap(pressure.label, LINE_2, room, bold=True)
        text_w = max(_text_width(line, LINE_2, bold=True) for line in lines)
        lx = min(max(tail[0], corner + text_w / 2), width - 0.04 * UNIT - text_w / 2)
        ly = 0.05 * UNIT + LINE_2
        last = ly + (len(lines) - 1) * (LINE_2 + 4)
        for stroke, thick in ((casing, 8), (colour, 3.5)):
            out.append(
                f'<line x1="{lx:.1f}" y1="{last + 8:.1f}" x2="{tail[0]:.1f}" '
                f'y2="{tail[1]:.1f}" stroke="{stroke}" stroke-width="{thick}"/>'
            )
        for k, line in enumerate(lines):
            out.append(_casing_text(lx, ly + k * (LINE_2 + 4), line, LINE_2))
    if fingers:
        out += _press_arrow(x, y, nx, ny, colour)
        if position.view is View.ABOVE:
            out.append(_circling_arrow(x + nx * 30, y + ny * 30, colour))
    out += [
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="13" fill="none" stroke="{casing}" '
        f'stroke-width="9"/>',
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="13" fill="none" stroke="{INK}" stroke-width="4.5"/>',
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{INK}"/>',
    ]
    return out


def _corner_width(position: Position, frame: _Frame) -> float:
    """How far the sign or the front view in the top left corner reaches, in drawing units."""
    if position.view is View.ABOVE:
        return (0.06 + SIGN_WIDTH) * UNIT
    if position.pressure is not None and position.pressure.at.value in FRONT_OF_HIP:
        return max(INSET_WIDTH * UNIT, 24 + _text_width("hip bone, from the front", LINE_2,
                                                         bold=False)) + 0.08 * UNIT  # fmt: skip
    return 0.04 * UNIT


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
    casing = FIGURE["casing"]
    return [
        f'<line x1="{tail[0]:.1f}" y1="{tail[1]:.1f}" x2="{tip[0] + nx * 12:.1f}" '
        f'y2="{tip[1] + ny * 12:.1f}" stroke="{casing}" stroke-width="10"/>',
        f'<polygon points="{_pts(head)}" fill="{colour}" stroke="{casing}" stroke-width="3" '
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


# -- the front view beside a massage at the front of the hip ---------------------------------

INSET_WIDTH = 0.56  # in body heights
INSET_HEIGHT = 0.62  # the drawing, and two lines of key under it


FRONT_OF_HIP = ("front-hip-bone", "inside-front-hip-bone")


def _has_front_inset(pose_set: PoseSet) -> bool:
    """A massage at the front of the hip gets a small front view: a side view cannot show
    "2-3 cm inside the hip bone", nor the pulse to keep away from."""
    return any(
        p.pressure is not None and p.pressure.at.value in FRONT_OF_HIP for p in pose_set.positions
    )


# One hip bone seen from the front, on a 250 x 190 grid whose middle is x = 125: the crest, the
# bony point at the front (ASIS), the socket's rim, the sit bone, the pubic bone. The other is
# its mirror image; the sacrum sits between them.
HIP_BONE_FRONT = [
    (110, 48), (80, 28), (45, 24), (22, 40), (20, 62), (28, 78), (40, 96), (55, 110), (60, 132),
    (80, 152), (104, 162), (121, 154), (119, 138), (100, 130), (88, 114), (100, 92), (112, 70),
]  # fmt: skip
SACRUM_FRONT = [(112, 50), (138, 50), (134, 110), (125, 124), (116, 110)]
ASIS_FRONT = (26, 76)
SPOT_FRONT = (46, 88)  # 2-3 cm inside the bony point, over the iliacus
PULSE_FRONT = (84, 116)  # the large artery, nearer the middle: keep away


def _front_inset(frame: _Frame, pen: _Pen, text: bool) -> list[str]:
    """The pelvis seen from the front, in the top left corner: the bony point at the front of
    the working side's hip bone (ASIS), the spot 2-3 cm inside it where the fingers press (over
    the iliacus), and the pulse of the large artery nearer the middle, to keep away from. Seen
    from the left, the marks move to the other hip."""
    w = INSET_WIDTH * UNIT
    x0, y0 = 0.04 * UNIT, 0.03 * UNIT
    s = w / 250.0

    def at(x: float, y: float, mark: bool = False) -> tuple[float, float]:
        if mark and pen.mirror:
            x = 250 - x
        return (x0 + x * s, y0 + y * s)

    edge, bone = FIGURE["bone_edge"], FIGURE["bone"]
    style = f'fill="{bone}" stroke="{INK}" stroke-width="2.5"'
    near = [at(x, y) for x, y in HIP_BONE_FRONT]
    far = [at(250 - x, y) for x, y in HIP_BONE_FRONT]
    asis, spot, pulse = (at(*p, mark=True) for p in (ASIS_FRONT, SPOT_FRONT, PULSE_FRONT))
    colour = COLOURS["massage"]
    box = max(w, 24 + _text_width("hip bone, from the front", LINE_2, bold=False)) if text else w
    out = [
        f'<rect x="{x0 - 8:.1f}" y="{y0 - 6:.1f}" width="{box + 16:.1f}" '
        f'height="{INSET_HEIGHT * UNIT - 6:.1f}" rx="12" fill="{FIGURE["paper"]}" '
        f'stroke="{FIGURE["mat_edge"]}" stroke-width="2"/>',
        f'<path d="{curves.svg_path(near, closed=True)}" {style}/>',
        f'<path d="{curves.svg_path(far, closed=True)}" {style}/>',
        f'<path d="{curves.svg_path([at(*p) for p in SACRUM_FRONT], closed=True)}" {style}/>',
    ]
    for cx in (56, 194):  # the thigh bones' heads in their sockets
        cx_, cy_ = at(cx, 122)
        out.append(
            f'<circle cx="{cx_:.1f}" cy="{cy_:.1f}" r="{13 * s:.1f}" fill="{bone}" '
            f'stroke="{edge}" stroke-width="2"/>'
        )
    out += [
        f'<circle cx="{asis[0]:.1f}" cy="{asis[1]:.1f}" r="7" fill="{INK}"/>',
        f'<circle cx="{spot[0]:.1f}" cy="{spot[1]:.1f}" r="14" fill="{colour}" '
        f'stroke="{INK}" stroke-width="3.5"/>',
        f'<circle cx="{pulse[0]:.1f}" cy="{pulse[1]:.1f}" r="9" fill="{FIGURE["pulse"]}"/>',
        f'<circle cx="{pulse[0]:.1f}" cy="{pulse[1]:.1f}" r="19" fill="none" '
        f'stroke="{FIGURE["pulse"]}" stroke-width="3" stroke-dasharray="5 4"/>',
    ]
    if text:
        # a key under the drawing: the black dot is the bony point, the red one the pulse
        size = LINE_2
        first = y0 + 190 * s + size
        second = first + size + 6
        out += [
            f'<circle cx="{x0 + 10:.1f}" cy="{first - size * 0.35:.1f}" r="7" fill="{INK}"/>',
            _casing_text(
                x0 + 24, first, "hip bone, from the front", size, anchor="start", bold=False
            ),  # fmt: skip
            f'<circle cx="{x0 + 10:.1f}" cy="{second - size * 0.35:.1f}" r="8" '
            f'fill="{FIGURE["pulse"]}"/>',
            _casing_text(
                x0 + 24, second, "pulse: keep off", size, anchor="start", fill=WARN_TEXT
            ),  # fmt: skip
        ]
    return out


# -- the words under the figure ---------------------------------------------------------------

# Average glyph widths of the lesson's sans-serif font, in ems: enough to wrap a line before it
# runs off the frame (a test measures the real widths in Chromium).
GLYPH_EM = {True: 0.56, False: 0.50}


def _text_width(words: str, size: float, *, bold: bool) -> float:
    return len(words) * size * GLYPH_EM[bold]


def _wrap(words: str, size: float, width: float, *, bold: bool) -> list[str]:
    lines, line = [], ""
    for word in words.split():
        trial = f"{line} {word}".strip()
        if line and _text_width(trial, size, bold=bold) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


@dataclass(frozen=True)
class _Line:
    words: str
    size: float
    bold: bool = False
    italic: bool = False
    swatch: str = ""  # a colour key drawn before the line
    colour: str = INK


def _strip_lines(catalog: Catalog, pose_set: PoseSet, side: str) -> list[list[_Line]]:
    """The words under each position's figure, wrapped to the frame: for a massage the muscle it
    reaches first, then the psoas; for the rest, the psoas; then the hip angle in this drawing."""
    available = _scene(pose_set).frame.width * UNIT - 0.10 * UNIT
    per_position = []
    for position in pose_set.positions:
        group = catalog.poses.group_of(position.hip_deg)
        psoas = _psoas_words(catalog, pose_set, position, side)
        lines: list[_Line] = []
        heads = []
        if position.pressure is not None:
            heads.append((f"Reaches: {position.pressure.muscle.words}", COLOURS["massage"]))
            psoas += ", not reached"
        heads.append((psoas, COLOURS[group.value]))
        for index, (words, swatch) in enumerate(heads):
            bold = index == 0
            size = LINE_1 if bold else LINE_2
            for k, piece in enumerate(_wrap(words, size, available - 52, bold=bold)):
                lines.append(_Line(piece, size, bold=bold, swatch=swatch if k == 0 else ""))
        for piece in _wrap(f"{hip_words(position.hip_deg)} in this drawing", LINE_2,
                           available, bold=False):  # fmt: skip
            lines.append(_Line(piece, LINE_2, colour=MUTED))
        if position.view is View.ABOVE:
            lines.append(_Line("lying on one side, seen from above", LINE_2, italic=True,
                               colour=MUTED))  # fmt: skip
        per_position.append((position.id, lines))
    return per_position


def _strip_height(strip: list) -> float:
    most = max(len(lines) for _id, lines in strip)
    return 18.0 + most * (LINE_1 + LINE_GAP)


def _strip(lines: list[_Line], frame: _Frame) -> list[str]:
    """The words under the figure, one line each, with a colour key before each headline."""
    out = []
    x = 0.05 * UNIT
    y = frame.height * UNIT + 4
    for line in lines:
        y += LINE_1 + LINE_GAP
        left = x
        if line.swatch:
            out.append(
                f'<rect x="{x:.1f}" y="{y - line.size * 0.62:.1f}" width="40" height="14" rx="7" '
                f'fill="{line.swatch}" stroke="{INK}" stroke-width="1"/>'
            )
            left = x + 52
        style = (' font-weight="bold"' if line.bold else "") + (
            ' font-style="italic"' if line.italic else ""
        )
        out.append(
            f'<text x="{left:.1f}" y="{y:.1f}" font-size="{line.size:.0f}"{style} '
            f'fill="{line.colour}">{esc(line.words)}</text>'
        )
    return out


__all__ = [
    "NO_FIGURE",
    "ExerciseFigures",
    "PoseFigure",
    "alt_text",
    "caption",
    "exercise_figures",
    "figure_img",
    "figures_html",
    "pose_svg",
    "thumbnail_svg",
    "timer_frames",
]
