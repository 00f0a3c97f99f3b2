"""Drawn figures of the exercises, as SVG markup written directly.

Each position of each exercise is drawn from its joint angles (``data/poses.yaml`` through the
body model, :mod:`psoas_lesson.body`): the far limbs light and behind, the body with a faint
pelvis, lumbar spine and thigh bone inside it, and the psoas running from the spine to the thigh
bone, coloured by what the pose does to it; a limb in front of the psoas is see-through, so the
muscle reads as inside the body; a hand that holds a limb is solid, so the grip shows. The
floor, the mat, a roller (in front of the body, as its near end is) and the hands are drawn where
the exercise uses them; a move's second position shows its start faintly behind it, with an
arrow for the way it goes that keeps off the face and the floor (and the data's few words beside
it, "hips forward"); a massage draws the muscle the pressure really reaches and names it first,
the psoas second, and a massage at the front of the hip adds a front view of the hip bone with
the bony point, the spot and the pulse to keep off. Lying on one side, the figure is seen from
above, with the mat's belly and back sides named and a small view of the same pose from in
front and above in the corner.

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

import dataclasses
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass

from . import body, curves
from .catalog import Catalog, default_catalog
from .errors import DataError
from .html import Markup, data_uri, tag
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
SIGN_WIDTH = 0.66  # in body heights: the side-lying inset in the corner
SIGN_HEIGHT = 0.27
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
    return tag(
        "img",
        src=data_uri(svg.encode("utf-8"), "image/svg+xml"),
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
    text += f"{_psoas_words(catalog, pose_set, position, side)}, {position.hip_in_drawing}."
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
    # room at the top for a massage's label, the front view beside it, or the side-lying inset
    band = max(
        LABEL_BAND
        if any(p.pressure and not _presses_from_below(figures[p.id], p) for p in pose_set.positions)
        else 0.0,
        INSET_HEIGHT if _has_front_inset(pose_set) else 0.0,
        SIGN_HEIGHT if any(p.view is View.ABOVE for p in pose_set.positions) else 0.0,
    )
    width = max(MIN_WIDTH, right - left + 2 * MARGIN)
    height = top - bottom + band + 2 * MARGIN + mat
    frame = _Frame(width, height, height - MARGIN + min(bottom, 0.0), (left + right) / 2, band)
    below = _room_below(pose_set, figures, frame)
    if below > 0:  # the massage's label under its arrow, pressing from below
        frame = dataclasses.replace(frame, height=frame.height + below)
    if pose_set.leg_marker is not None and _marker_needs_room(pose_set, figures, frame):
        # a figure lying flat under its movement's arrow: the words go above it all
        frame = dataclasses.replace(
            frame, height=frame.height + LABEL_BAND, floor=frame.floor + LABEL_BAND
        )
    return _Scene(figures, frame)


def _room_below(pose_set: PoseSet, figures: dict[str, body.Figure], frame: _Frame) -> float:
    """How much room (in H) the frame needs under the figure for a massage's label that goes
    under the arrow of fingers pressing from below."""
    need = 0.0
    for position in pose_set.positions:
        figure = figures[position.id]
        if not _presses_from_below(figure, position):
            continue
        pen = _Pen(frame, False, 0.0)
        _x, y = pen(figure.point(body.REACH_POINTS[position.pressure.at.value]))
        label_bottom = y + 78 + 10 + LINE_2 + 12  # the arrow's tail, then one line of words
        need = max(need, (label_bottom - frame.height * UNIT) / UNIT)
    return need


def _marker_needs_room(pose_set: PoseSet, figures: dict[str, body.Figure], frame: _Frame) -> bool:
    """Whether the leg marker's words find no clear place beside the key figure in this frame."""
    key = pose_set.key_position
    lift = MAT_THICKNESS if Prop.MAT in pose_set.props and key.view is View.SIDE else 0.0
    pen = _Pen(frame, False, lift)
    arrow = _movement_line(pose_set, figures, key, pen) if pose_set.movement is not None else []
    if arrow and pose_set.movement.words:
        words = _arrow_words(figures[key.id], pen, arrow, pose_set.movement.words)
        arrow += words[4] if words is not None else []
    spot = _marker_spot(figures[key.id], pose_set, pen, avoid=arrow)
    return spot is None or spot.clear < 0


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
        self.outlines: dict[int, tuple] = {}  # the figures' outlines as drawn (_outline)

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
        out += _side_lying_inset(figure, pen)
        if text:
            out += _mat_sides(figure, pen)
    show_movement = movement and pose_set.movement is not None and position.id != "start"
    arrow = _movement_line(pose_set, scene.figures, position, pen) if show_movement else []
    if show_movement:
        out += _ghost(scene.figures["start"], pen)
    out += _body(figure, position, pen, colour)
    if position.roller_under is not None:
        out += _roller(figure, position.roller_under, pen)
    out += _hip_arc(figure, position, pen, colour, text, avoid=arrow)
    if show_movement:
        out += _movement_arrow(arrow)
        if text and pose_set.movement.words:
            words = _arrow_words(figure, pen, arrow, pose_set.movement.words)
            if words is not None:
                out.append(_casing_text(*words[:3], LINE_2, anchor=words[3]))
                arrow = [*arrow, *words[4]]  # the leg marker keeps off the words too
    if position.pressure is not None:
        out += _pressure(figure, position, pen, text)
        if _front_inset_shown(position):
            out += _front_inset(pen, text)
    if text and pose_set.leg_marker is not None:
        out += _leg_marker(pose_set, _marker_spot(figure, pose_set, pen, avoid=arrow))
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


# The side-lying inset: the same posed body seen from in front of the person and above, so the
# floor, which limb is on top and what the top hand does show. Lying on one side, the body's
# sagittal plane (what the main figure draws, seen from above) lies flat: its "up" is the
# person's front, and each layer lies at its own height above the floor (in H).
INSET_ELEVATION = math.radians(35)  # the camera looks down this far from the horizontal
LAYER_HEIGHTS = {"far": 0.05, "body": 0.12, "near": 0.19}
TRUNK_SEEN_FROM_THE_FRONT = 0.09  # the trunk's drawn half-width: its width across the hips


def _side_lying_inset(figure: body.Figure, pen: _Pen) -> list[str]:
    """A small picture in the corner of the same pose seen from in front and above: the person
    lies on one side on the mat, the top limbs above the bottom ones, the top leg and arm
    darker. Each side-lying figure shows its own pose (the stretch's top leg drawn back with
    the hand at the ankle; the massage's bent knees and the hand behind at the lower back)."""
    lift_y = figure.point("hip")[1]
    cos_e, sin_e = math.cos(INSET_ELEVATION), math.sin(INSET_ELEVATION)

    def seen(point: body.Point, layer: str) -> body.Point:
        # forwards in the main figure (the person's front) comes towards the camera: lower
        x, y = point
        return (x, LAYER_HEIGHTS[layer] * cos_e - (y - lift_y) * sin_e)

    shapes: dict[str, list[tuple]] = {"far": [], "body": [], "near": []}
    for part in figure.parts:
        trunk = part.name in ("pelvis", "lumbar", "thorax")
        ra, rb = (TRUNK_SEEN_FROM_THE_FRONT,) * 2 if trunk else (part.ra, part.rb)
        shapes[part.layer].append((seen(part.a, part.layer), seen(part.b, part.layer), ra, rb))
    feet = {
        limbs: [seen(figure.point(f"{limbs}.foot.{name}"), limbs) for name in body.FOOT_OUTLINE]
        for limbs in body.NEAR_FAR
    }
    middle = (figure.point("hip")[1] + figure.point("shoulder")[1]) / 2
    mat_back, mat_front = (seen((0.0, middle + k * MAT_WIDTH / 2), "far")[1] for k in (1, -1))
    mat_back -= LAYER_HEIGHTS["far"] * cos_e  # the mat lies on the floor, below every layer
    mat_front -= LAYER_HEIGHTS["far"] * cos_e
    ends = [(end, r) for layer in shapes.values() for a, b, ra, rb in layer for end, r in
            ((a, ra), (b, rb))]  # fmt: skip
    outlines = [p for outline in feet.values() for p in outline]
    xs = [x + k * r for (x, _y), r in ends for k in (-1, 1)] + [x for x, _y in outlines]
    ys = [y + k * r for (_x, y), r in ends for k in (-1, 1)] + [y for _x, y in outlines]
    ys += [mat_back, mat_front]
    left, right, bottom, top = min(xs) - 0.03, max(xs) + 0.03, min(ys), max(ys)
    box_w, box_h = SIGN_WIDTH * UNIT, SIGN_HEIGHT * UNIT
    ox, oy = 0.04 * UNIT, 0.03 * UNIT
    scale = min((box_w - 24) / (right - left), (box_h - 20) / (top - bottom))
    x_pad = (box_w - (right - left) * scale) / 2
    y_pad = (box_h - (top - bottom) * scale) / 2

    def at(point: body.Point) -> tuple[float, float]:
        x = (point[0] - left) * scale
        if pen.mirror:  # seen from the left, the person lies the other way round
            x = (right - left) * scale - x
        return (ox + x_pad + x, oy + y_pad + (top - point[1]) * scale)

    (mx0, my0), (mx1, my1) = at((left, mat_back)), at((right, mat_front))
    out = [
        f'<rect x="{ox:.1f}" y="{oy:.1f}" width="{box_w:.1f}" height="{box_h:.1f}" rx="10" '
        f'fill="{FIGURE["paper"]}" stroke="{FIGURE["mat_edge"]}" stroke-width="2"/>',
        f'<rect x="{min(mx0, mx1):.1f}" y="{min(my0, my1):.1f}" width="{abs(mx1 - mx0):.1f}" '
        f'height="{abs(my1 - my0):.1f}" rx="4" fill="{FIGURE["mat"]}" '
        f'stroke="{FIGURE["mat_edge"]}" stroke-width="2"/>',
    ]
    looks = {
        "far": (FIGURE["far"], FIGURE["far_edge"], 2.5),
        "body": (FIGURE["near"], FIGURE["near_edge"], 3.0),
        "near": (FIGURE["near"], FIGURE["near_edge"], 3.0),
    }
    for layer in ("far", "body", "near"):
        paths = [
            _capsule_path(at(a), at(b), ra * scale, rb * scale) for a, b, ra, rb in shapes[layer]
        ]
        if layer in feet:
            paths.append(curves.svg_path([at(p) for p in feet[layer]], closed=True))
        fill, edge, width = looks[layer]
        out.append(_silhouette(paths, fill, edge, width))
    return out


def _mat_sides(figure: body.Figure, pen: _Pen) -> list[str]:
    """Seen from above, which long edge of the mat the person's front faces and which their
    back: a few words inside each edge, at whichever end of the mat leaves them clear."""
    left, _bottom, right, _top = figure.bounds()
    middle = (figure.point("hip")[1] + figure.point("shoulder")[1]) / 2
    front_y = pen((0.0, middle + MAT_WIDTH / 2))[1] + LINE_2 + 4
    back_y = pen((0.0, middle - MAT_WIDTH / 2))[1] - 10
    ends = sorted(
        (pen((left - 0.03, middle))[0], pen((right + 0.03, middle))[0])
    )  # the mat's two ends, in drawing units
    out = []
    for words, y in (("belly side", front_y), ("back side", back_y)):
        width = _text_width(words, LINE_2, bold=False) * LABEL_SPARE
        for x, anchor, x0 in ((ends[0] + 12, "start", ends[0] + 12),
                              (ends[1] - 12, "end", ends[1] - 12 - width)):  # fmt: skip
            box = [(x0 + width * k / 5, y + dy) for k in range(6) for dy in (-LINE_2 * 0.7, 0)]
            if min(_clearance(figure, pen, p) for p in box) > 4:
                out.append(
                    f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
                    f'font-size="{LINE_2:.0f}" font-style="italic" fill="{MUTED}">'
                    f"{esc(words)}</text>"
                )
                break
    return out


def _roller(figure: body.Figure, under: Landmark, pen: _Pen) -> list[str]:
    """The foam roller's end, 15 cm across, seen from the side: a roller is longer than the
    body is wide, so its near end lies in front of the body, drawn over it."""
    cx, cy = pen(roller_centre(figure, under))
    r = pen.length(ROLLER_RADIUS)
    return [
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{FIGURE["prop"]}" '
        f'stroke="{FIGURE["prop_edge"]}" stroke-width="3.5" class="psoas-roller"/>',
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r * 0.72:.1f}" fill="none" '
        f'stroke="{FIGURE["prop_edge"]}" stroke-width="1.5" opacity="0.6"/>',
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
        _silhouette(_limb_paths(figure, "far", pen, "arm"), far, far_edge, EDGE_WIDTH * 0.8),
        _silhouette(_limb_paths(figure, "far", pen, "leg"), far, far_edge, EDGE_WIDTH * 0.8),
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
    out.append(_silhouette(_limb_paths(figure, "near", pen, "leg"), near, near_edge, EDGE_WIDTH))
    out += _bones(figure, psoas, pen)
    # a massage's muscle over the psoas: it is what the pressure reaches, the psoas lies deeper
    out += _psoas(figure, psoas, pen, colour, second=position.pressure is not None)
    if position.pressure is not None:
        out += _reached_muscle(figure, position.pressure.muscle, psoas, pen)
    out.append(
        _silhouette(
            _limb_paths(figure, "near", pen, "arm"), near, near_edge, EDGE_WIDTH, SEE_THROUGH
        )
    )
    if any(hand is Limbs.NEAR and _grips(target) for hand, target in position.hands):
        # a hand holding a foot or a thigh is drawn solid, so the grip shows
        hand = _part_path(figure.part("near.hand"), pen)
        out.append(_silhouette([hand], near, near_edge, EDGE_WIDTH))
    return out


GRIPPED = ("ankle", "heel", "top-of-foot", "toes", "back-of-thigh", "knee")


def _grips(target: Landmark) -> bool:
    """Whether a hand at this point holds a limb (rather than resting on the trunk or pressing
    in, where a solid hand would hide the muscle underneath)."""
    return target.value.endswith(GRIPPED)


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
    figure: body.Figure,
    position: Position,
    pen: _Pen,
    colour: str,
    text: bool,
    avoid: list[tuple[float, float]] = (),
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
    # dashed line, away from the thigh; and where the movement's arrow runs there, beside the
    # dashed line on whichever side is clearer of it.
    away = neutral - math.copysign(math.radians(30), sweep)
    spots = [neutral + sweep / 2, away] if abs(sweep) > math.radians(40) else [away]
    spots.append(neutral + math.copysign(math.radians(30), sweep))

    def centre(spot: float) -> tuple[float, float]:
        return (hx + math.cos(spot) * (r + 34), hy + math.sin(spot) * (r + 34))

    def room(spot: float) -> float:
        cx, cy = centre(spot)
        return min((math.hypot(x - cx, y - cy) for x, y in _densify(avoid)), default=math.inf)

    spot = next((s for s in spots if room(s) > 2 * LINE_1), max(spots, key=room))
    tx, ty = centre(spot)
    return out + [_casing_text(tx, ty + 11, f"{abs(round(hip_deg))}°", LINE_1)]


def _densify(line: list[tuple[float, float]], step: float = 8.0) -> list[tuple[float, float]]:
    """The points of a polyline at most ``step`` apart."""
    points = list(line[:1])
    for (x0, y0), (x1, y1) in zip(line, line[1:], strict=False):
        n = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / step))
        points += [(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(1, n + 1)]
    return points


def _arrow_head(tip: tuple[float, float], angle: float, size: float = 22.0) -> list:
    back = angle + math.pi
    return [
        tip,
        (tip[0] + math.cos(back + 0.45) * size, tip[1] + math.sin(back + 0.45) * size),
        (tip[0] + math.cos(back - 0.45) * size, tip[1] + math.sin(back - 0.45) * size),
    ]


def _movement_line(
    pose_set: PoseSet, figures: dict[str, body.Figure], position: Position, pen: _Pen
) -> list[tuple[float, float]]:
    """The path of the arrow that shows which way a move goes, in drawing units: from where the
    moving point was at the start to where it is now, curving round the joint it turns about,
    or straight (beside the body, for the hips)."""
    movement = pose_set.movement
    moving = body.REACH_POINTS[movement.moving.value]
    start = figures["start"].point(moving)
    end = figures[position.id].point(moving)
    figure = figures[position.id]
    if movement.around is not None:
        pivot = figure.point(body.REACH_POINTS[movement.around.value])
        a0 = math.atan2(start[1] - pivot[1], start[0] - pivot[0])
        a1 = math.atan2(end[1] - pivot[1], end[0] - pivot[0])
        sweep = (a1 - a0 + math.pi) % (2 * math.pi) - math.pi
        reach = min(body.distance(pivot, end), body.distance(pivot, start))
        base = max(body.distance(pivot, end), body.distance(pivot, start)) + 0.07

        def arc(radius: float, first: float, last: float) -> list[body.Point]:
            # trimmed at both ends, so the arrow sits between the two positions
            steps = [a0 + sweep * (first + (last - first) * k / 16) for k in range(17)]
            return [
                (pivot[0] + radius * math.cos(a), pivot[1] + radius * math.sin(a)) for a in steps
            ]

        # Outside the moving limb, out past whatever lies beyond it (the head, in camel pose) so
        # the arrowhead never hides the face; where that would run under the floor (a knee
        # swinging forward under the hips), inside the limb's reach, between the two positions.
        candidates = [arc(base + 0.03 * k, 0.12, 0.88) for k in range(8)]
        candidates += [arc(reach * f, 0.15, 0.72) for f in (0.8, 0.72, 0.64)]

        def fits(path: list[body.Point]) -> bool:
            drawn = [pen(p) for p in path]
            ends = drawn[:3] + drawn[-4:] if len(drawn) > 9 else drawn
            return (
                min(p[1] for p in path) > 0.03
                and all(12 < x < pen.frame.width * UNIT - 12 and y > 12 for x, y in drawn)
                and min(_clearance(figure, pen, p) for p in ends) > 10
            )

        # Failing those (a leg swinging in under the body, with no room between the legs), a
        # straight arrow along the floor, under the point as it moves.
        x0, x1 = start[0] + 0.1 * (end[0] - start[0]), end[0] - 0.2 * (end[0] - start[0])
        candidates += [
            [(x0 + (x1 - x0) * k / 8, 0.035 + 0.01 * h) for k in range(9)] for h in range(6)
        ]
        return [pen(p) for p in next((c for c in candidates if fits(c)), candidates[0])]
    back = math.radians(figure.part("pelvis").front + 180.0)
    if moving == "hip" and abs(end[0] - start[0]) > abs(end[1] - start[1]):
        # Mostly forward (the lunge's cue, "hips forward"): a level arrow just behind the seat,
        # pushing it forward, however far the hips also sink as they go.
        ahead = math.copysign(1.0, end[0] - start[0])
        tip = (end[0] + math.cos(back) * 0.11, end[1])
        length = max(abs(end[0] - start[0]), 0.14)
        return [pen((tip[0] - ahead * length, tip[1])), pen(tip)]
    push = 0.11 if moving == "hip" else 0.0
    shift = (math.cos(back) * push, math.sin(back) * push)
    a = (start[0] + shift[0], start[1] + shift[1])
    b = (end[0] + shift[0], end[1] + shift[1])
    gap = body.distance(a, b)
    grow = max(0.0, 0.12 - gap) / 2 / (gap or 1.0)
    a = (a[0] - (b[0] - a[0]) * grow, a[1] - (b[1] - a[1]) * grow)
    b = (b[0] + (b[0] - a[0]) * grow, b[1] + (b[1] - a[1]) * grow)
    if a[1] < 0.03 < b[1]:  # rising from under the floor (the bridge's hips): start on it
        a = (a[0] + (b[0] - a[0]) * (0.03 - a[1]) / (b[1] - a[1]), 0.03)
    return [pen(a), pen(b)]


def _arrow_words(
    figure: body.Figure, pen: _Pen, line: list[tuple[float, float]], words: str
) -> tuple[float, float, str, str, list[tuple[float, float]]] | None:
    """Where the words that say what a movement's arrow means go: in line before its tail, or
    above or below its middle, wherever they are clear of the body and inside the frame. Gives
    (x, y, words, text-anchor, the outline of the words) or None where they fit nowhere."""
    (x0, y0), (x1, y1) = line[0], line[-1]
    width = _text_width(words, LINE_2, bold=True)
    frame_w = pen.frame.width * UNIT
    ahead = 1.0 if x1 >= x0 else -1.0
    middle = ((x0 + x1) / 2, (y0 + y1) / 2)
    candidates = [
        (x0 - ahead * 14, y0 + LINE_2 * 0.35, "end" if ahead > 0 else "start"),
        (middle[0], min(y0, y1) - 22, "middle"),
        (middle[0], max(y0, y1) + 22 + LINE_2 * 0.7, "middle"),
    ]
    for x, y, anchor in candidates:
        left = {"end": x - width, "start": x, "middle": x - width / 2}[anchor]
        box = [(left + width * k / 6, y + dy) for k in range(7) for dy in (-LINE_2 * 0.75, 0)]
        inside = 8 < left and left + width < frame_w - 8 and y - LINE_2 > 8
        if inside and min(_clearance(figure, pen, p) for p in box) > 6:
            return (x, y, words, anchor, box)
    return None


def _movement_arrow(line: list[tuple[float, float]]) -> list[str]:
    """An arrow along ``line`` (drawing units), its head at the end."""
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


@dataclass(frozen=True)
class _MarkerSpot:
    """Where a leg marker's words go (x, y: the middle of their baseline), the point on the leg
    its line joins (tx, ty), and how clear of the body and the arrow the words are."""

    x: float
    y: float
    tx: float
    ty: float
    clear: float


def _marker_spot(
    figure: body.Figure, pose_set: PoseSet, pen: _Pen, avoid: list[tuple[float, float]] = ()
) -> _MarkerSpot | None:
    """The best place for a leg marker's words: beside the thigh or the shin, covering the least
    of the body, off the movement's arrow (``avoid``, in drawing units) and the hip's angle, its
    line crossing no other limb."""
    marker = pose_set.leg_marker
    limbs = marker.limbs.value
    hip = pen(figure.point("hip"))
    arc_room = (ARC_RADIUS + 0.10) * UNIT  # the hip angle's arc and its number
    keep_off = _densify(avoid)
    own = {f"{limbs}.{name}" for name in ("thigh", "shank")}
    shin = body.distance(figure.point(f"{limbs}.knee"), figure.point(f"{limbs}.ankle"))
    targets = [
        pen(figure.point(f"{limbs}.mid-thigh")),
        pen(body.along(figure.point(f"{limbs}.knee"), figure.directions[f"{limbs}.shank"],
                       shin / 2)),
    ]  # fmt: skip
    text_w = _text_width(marker.words, LINE_2, bold=True)
    frame = pen.frame
    best: tuple[float, _MarkerSpot] | None = None
    for (tx, ty), k, reach in (
        (t, k, r) for t in targets for k in range(16) for r in (0.17, 0.24, 0.31, 0.38, 0.45)
    ):
        angle = 2 * math.pi * k / 16
        x = tx + math.cos(angle) * reach * UNIT
        y = ty + math.sin(angle) * reach * UNIT
        if not (text_w / 2 + 12 < x < frame.width * UNIT - text_w / 2 - 12):
            continue
        if not (frame.band * UNIT + LINE_2 + 10 < y < frame.floor * UNIT - 14):
            continue
        # the line to the leg may cross its own leg, not another part, nor the arrow
        line = [(tx + (x - tx) * t, ty + (y - ty) * t) for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)]
        crossing = min(_clearance(figure, pen, p, skip=own) for p in [*line, (x, y)])
        if crossing < 0:
            continue  # the line would run over another limb: it would point at the wrong leg
        crossing = min(
            crossing,
            min((math.hypot(px - ax, py - ay) for px, py in _densify([line[0], (x, y)])
                 for ax, ay in keep_off), default=math.inf) - 8,
        )  # fmt: skip
        if crossing < 0:
            continue  # or over the arrow
        clear = min(
            min(
                _clearance(figure, pen, (x + dx, y + dy)),
                math.hypot(x + dx - hip[0], y + dy - hip[1]) - arc_room,
                min((math.hypot(x + dx - ax, y + dy - ay) for ax, ay in keep_off), default=math.inf)
                - 20,
            )  # fmt: skip
            for dx in (text_w * (k / 6 - 0.5) for k in range(7))
            for dy in (-LINE_2 * 0.7, -LINE_2 * 0.35, 0)
        )
        # the thigh first: "back leg" points at the thigh unless the shin is much clearer
        shin_first = 15 if (tx, ty) != targets[0] else 0
        score = min(clear, crossing + 20) - 0.2 * reach * UNIT - shin_first
        if best is None or score > best[0]:
            best = (score, _MarkerSpot(x, y, tx, ty, clear))
    return best[1] if best else None


def _leg_marker(pose_set: PoseSet, spot: _MarkerSpot | None) -> list[str]:
    """A few words beside the leg the picture does not single out ("back leg"), joined to the
    leg by a short line."""
    if spot is None:
        return []
    x, y, tx, ty = spot.x, spot.y, spot.tx, spot.ty
    end = _edge_towards((x, y - LINE_2 * 0.35), (tx, ty), _text_box(pose_set.leg_marker.words))
    return [
        f'<line x1="{tx:.1f}" y1="{ty:.1f}" x2="{end[0]:.1f}" y2="{end[1]:.1f}" '
        f'stroke="{FIGURE["casing"]}" stroke-width="7"/>',
        f'<line x1="{tx:.1f}" y1="{ty:.1f}" x2="{end[0]:.1f}" y2="{end[1]:.1f}" '
        f'stroke="{INK}" stroke-width="2.5"/>',
        f'<circle cx="{tx:.1f}" cy="{ty:.1f}" r="6" fill="{INK}" stroke="{FIGURE["casing"]}" '
        'stroke-width="2"/>',
        _casing_text(x, y, pose_set.leg_marker.words, LINE_2),
    ]


def _text_box(words: str) -> tuple[float, float]:
    """Half the width and half the height of a leg marker's words, with a little air."""
    return _text_width(words, LINE_2, bold=True) / 2 + 4, LINE_2 * 0.6 + 2


def _edge_towards(
    centre: tuple[float, float], target: tuple[float, float], half: tuple[float, float]
) -> tuple[float, float]:
    """Where the line from a box's centre to ``target`` leaves the box: a pointer drawn to the
    centre would show through the gap between the words ("back·leg")."""
    (cx, cy), (dx, dy) = centre, (target[0] - centre[0], target[1] - centre[1])
    scale = min(half[0] / abs(dx) if dx else math.inf, half[1] / abs(dy) if dy else math.inf)
    scale = min(scale, 1.0)
    return cx + dx * scale, cy + dy * scale


def _clearance(
    figure: body.Figure, pen: _Pen, point: tuple[float, float], skip: Iterable[str] = ()
) -> float:
    """How far a drawing point is from the body's surface (negative inside it), leaving out
    the parts named in ``skip`` (a foot goes with its shank)."""
    best = math.inf
    px, py = point
    for name, ax, ay, bx, by, ra, rb in _outline(figure, pen):
        if name in skip:
            continue
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
        gap = math.hypot(px - ax - t * dx, py - ay - t * dy) - (ra + (rb - ra) * t)
        if gap < best:
            best = gap
    return best


def _outline(figure: body.Figure, pen: _Pen) -> tuple[tuple, ...]:
    """The body's parts as capsules in drawing units: (name, ax, ay, bx, by, ra, rb); each foot
    a capsule from the heel to the toes, named for its shank (it goes where the shank goes).
    Kept on the pen, which draws one figure: the label searches ask for it thousands of times."""
    kept = pen.outlines.get(id(figure))
    if kept is not None and kept[0] is figure:
        return kept[1]
    capsules = []
    for part in figure.parts:
        (ax, ay), (bx, by) = pen(part.a), pen(part.b)
        capsules.append((part.name, ax, ay, bx, by, pen.length(part.ra), pen.length(part.rb)))
    for limbs in body.NEAR_FAR:
        (ax, ay), (bx, by) = pen(figure.point(f"{limbs}.heel")), pen(figure.point(f"{limbs}.toes"))
        r = pen.length(0.03)  # as thick as the drawn foot
        capsules.append((f"{limbs}.shank", ax, ay, bx, by, r, r))
    pen.outlines[id(figure)] = (figure, tuple(capsules))
    return pen.outlines[id(figure)][1]


def _pressure(figure: body.Figure, position: Position, pen: _Pen, text: bool) -> list[str]:
    """Where the massage presses: a small ring on the skin where the pressure goes in, an arrow
    pressing in from outside for fingers, and the label: under the arrow where the fingers press
    from below (the lower back, lying on one side), beside the front view where there is one,
    else above the figure, joined to the arrow or the roller by a leader line that crosses
    neither the body's words nor the front view."""
    pressure = position.pressure
    name = body.REACH_POINTS[pressure.at.value]
    x, y = pen(figure.point(name))
    normal = math.radians(pen.angle(body.surface_normal(figure, pressure.at.value)))
    nx, ny = math.cos(normal), math.sin(normal)
    colour = COLOURS["massage"]
    casing = FIGURE["casing"]
    fingers = pressure.tool is Tool.FINGERS
    out = []
    # the leader ends at the arrow's tail for fingers, at the mark for a roller or a ball
    tail = (x + nx * 78, y + ny * 78) if fingers else (x, y - 9)
    if text:
        below = _presses_from_below(figure, position)
        out += _pressure_label(position, pen.frame, tail, below=below)
    if fingers:
        out += _press_arrow(x, y, nx, ny, colour)
        if position.view is View.ABOVE:
            out.append(_circling_arrow(x + nx * 30, y + ny * 30, colour))
    if not fingers:
        # the roller itself shows where it presses: a dot where it meets the body, not a ring
        # hiding the roller
        return [
            *out,
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{INK}" stroke="{casing}" '
            'stroke-width="3"/>',
        ]
    out += [
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="13" fill="none" stroke="{casing}" '
        f'stroke-width="9"/>',
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="13" fill="none" stroke="{INK}" stroke-width="4.5"/>',
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{INK}"/>',
    ]
    return out


def _presses_from_below(figure: body.Figure, position: Position) -> bool:
    """Fingers pressing in from the bottom of the drawing (the lower back, lying on one side):
    the label goes under the arrow, not across the body."""
    pressure = position.pressure
    if pressure is None or pressure.tool is not Tool.FINGERS:
        return False
    return math.sin(math.radians(body.surface_normal(figure, pressure.at.value))) < -0.5


def _pressure_label(
    position: Position, frame: _Frame, tail: tuple[float, float], *, below: bool
) -> list[str]:
    label = position.pressure.label
    width = frame.width * UNIT
    edge = 0.04 * UNIT
    if below:
        left, right, top, leader = edge, width - edge, tail[1] + 10 + LINE_2, False
    elif _front_inset_shown(position):
        layout = _inset_layout()
        left, right, leader = layout.column, width - edge, True
        top = layout.label_top
    else:
        left, right, top, leader = _corner_width(position), width - edge, 0.05 * UNIT + LINE_2, True
    # the estimate runs short for wide letters ("quadratus lumborum"): wrap and place with room
    # to spare, so no label runs off the frame
    lines = _wrap(label, LINE_2, (right - left) / LABEL_SPARE, bold=True)
    text_w = max(_text_width(line, LINE_2, bold=True) for line in lines) * LABEL_SPARE
    lx = min(max(tail[0], left + text_w / 2), right - text_w / 2)
    last = top + (len(lines) - 1) * (LINE_2 + 4)
    out = []
    if leader:
        for stroke, thick in ((FIGURE["casing"], 8), (COLOURS["massage"], 3.5)):
            out.append(
                f'<line x1="{lx:.1f}" y1="{last + 8:.1f}" x2="{tail[0]:.1f}" '
                f'y2="{tail[1]:.1f}" stroke="{stroke}" stroke-width="{thick}"/>'
            )
    for k, line in enumerate(lines):
        out.append(_casing_text(lx, top + k * (LINE_2 + 4), line, LINE_2))
    return out


def _corner_width(position: Position) -> float:
    """How far the side-lying inset in the top left corner reaches, in drawing units."""
    if position.view is View.ABOVE:
        return (0.06 + SIGN_WIDTH) * UNIT
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

FRONT_OF_HIP = ("front-hip-bone", "inside-front-hip-bone")


def _has_front_inset(pose_set: PoseSet) -> bool:
    """A massage at the front of the hip gets a small front view: a side view cannot show
    "2-3 cm inside the hip bone", nor the pulse to keep away from."""
    return any(_front_inset_shown(p) for p in pose_set.positions)


def _front_inset_shown(position: Position) -> bool:
    return position.pressure is not None and position.pressure.at.value in FRONT_OF_HIP


# The working side's hip bone seen from the front, on a grid whose midline is x = 125 (about
# 1.1 mm a unit: the pelvis 28 cm across): the crest, the bony point at the front (ASIS), the
# rim of the hip socket, the sit bone, the pubic bone up to the midline, the pelvic brim. The
# inset shows only this half, large, so the marks 2-3 cm and 7 cm from the bony point stand
# apart even on a card.
HIP_BONE_FRONT = [
    (110, 48), (80, 28), (45, 24), (22, 40), (20, 62), (26, 76), (36, 92), (44, 106), (46, 124),
    (58, 146), (78, 150), (100, 152), (121, 152), (123, 138), (108, 132), (92, 126), (84, 112),
    (96, 90), (112, 68),
]  # fmt: skip
SACRUM_FRONT = [(112, 50), (138, 50), (134, 110), (125, 124), (116, 110)]
OBTURATOR_FRONT = [(70, 132), (90, 134), (104, 142), (92, 146), (72, 142)]
FEMUR_FRONT = {"head": (62, 122), "radius": 14, "neck": (38, 134), "shaft": (44, 150)}
ASIS_FRONT = (26, 76)  # the bony point at the front of the hip bone
PUBIC_TUBERCLE_FRONT = (112, 134)
SYMPHYSIS_FRONT = (124, 144)  # the pubic bones meet at the midline
# The spot: about 2-3 cm inside the bony point, over the iliacus in the hollow of the pelvis.
SPOT_FRONT = (48, 84)
# The pulse: the femoral artery at the groin crease, midway between the bony point and the
# pubic symphysis (the mid-inguinal point), just below the inguinal ligament.
PULSE_FRONT = (
    (ASIS_FRONT[0] + SYMPHYSIS_FRONT[0]) / 2,
    (ASIS_FRONT[1] + SYMPHYSIS_FRONT[1]) / 2 + 4,
)
INSET_WINDOW = (8, 14, 142, 156)  # the part of the grid shown: x0, y0, x1, y1
INSET_WIDTH = 0.53  # the drawing's width, in body heights
INSET_HEIGHT = 0.64  # the band the front view takes at the top of the frame
INSET_KEY = (
    ("asis", "bony point (ASIS)"),
    ("spot", "press here"),
    ("pulse", "pulse: keep off"),
)


@dataclass(frozen=True)
class _InsetLayout:
    """The front view's place: the drawing's top left corner and scale, and the column to its
    right holding the key and the massage's label, in drawing units."""

    x0: float
    y0: float
    scale: float
    width: float
    height: float
    column: float  # where the key and the label start, left to right
    key_top: float  # the key's first baseline
    label_top: float  # the label's first baseline, under the key


def _inset_layout() -> _InsetLayout:
    x0, y0 = 0.04 * UNIT, 0.04 * UNIT
    wx0, wy0, wx1, wy1 = INSET_WINDOW
    scale = INSET_WIDTH * UNIT / (wx1 - wx0)
    width, height = (wx1 - wx0) * scale, (wy1 - wy0) * scale
    key_top = y0 + LINE_2
    label_top = key_top + len(INSET_KEY) * (LINE_2 + 10) + 18
    return _InsetLayout(x0, y0, scale, width, height, x0 + width + 26, key_top, label_top)


def _inset_mark(kind: str, x: float, y: float, size: float = 1.0) -> list[str]:
    """The front view's marks, told apart by shape as well as colour (they read in greyscale):
    the bony point a black cross, the spot a target like the ring on the main figure, the
    pulse a red no-entry sign."""
    casing = FIGURE["casing"]
    if kind == "asis":
        r = 9 * size
        cross = (
            f"M{x - r:.1f},{y - r:.1f} L{x + r:.1f},{y + r:.1f} "
            f"M{x - r:.1f},{y + r:.1f} L{x + r:.1f},{y - r:.1f}"
        )
        return [
            f'<path d="{cross}" stroke="{casing}" stroke-width="{9 * size:.1f}" '
            'stroke-linecap="round"/>',
            f'<path d="{cross}" stroke="{INK}" stroke-width="{4.5 * size:.1f}" '
            'stroke-linecap="round"/>',
        ]
    if kind == "spot":
        return [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{13 * size:.1f}" fill="{COLOURS["massage"]}" '
            f'stroke="{casing}" stroke-width="{9 * size:.1f}"/>',
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{13 * size:.1f}" fill="{COLOURS["massage"]}" '
            f'stroke="{INK}" stroke-width="{4 * size:.1f}"/>',
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{4.5 * size:.1f}" fill="{INK}"/>',
        ]
    r = 13 * size
    d = r * 0.7071
    pulse = FIGURE["pulse"]
    return [
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{FIGURE["paper"]}" '
        f'stroke="{casing}" stroke-width="{10 * size:.1f}"/>',
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{FIGURE["paper"]}" '
        f'stroke="{pulse}" stroke-width="{4.5 * size:.1f}"/>',
        f'<line x1="{x - d:.1f}" y1="{y - d:.1f}" x2="{x + d:.1f}" y2="{y + d:.1f}" '
        f'stroke="{pulse}" stroke-width="{4.5 * size:.1f}"/>',
    ]


def _front_inset(pen: _Pen, text: bool) -> list[str]:
    """The working side's half of the pelvis seen from the front, in the top left corner: the
    bony point at the front of the hip bone (ASIS), the spot 2-3 cm inside it where the fingers
    press (over the iliacus), and the pulse of the femoral artery at the groin crease, midway
    between the bony point and the pubic symphysis, to keep off; the groin's ligament runs
    between the two bony points. With the words, a key names each mark. Seen from the left, the
    drawing is mirrored: the other hip, the midline on the other side."""
    layout = _inset_layout()
    wx0, wy0, wx1, _wy1 = INSET_WINDOW

    def at(point: tuple[float, float]) -> tuple[float, float]:
        x, y = point
        across = (wx1 - x) if pen.mirror else (x - wx0)
        return (layout.x0 + across * layout.scale, layout.y0 + (y - wy0) * layout.scale)

    edge, bone = FIGURE["bone_edge"], FIGURE["bone"]
    style = f'fill="{bone}" stroke="{INK}" stroke-width="2.5"'
    femur = FEMUR_FRONT
    head, neck, shaft = at(femur["head"]), at(femur["neck"]), at(femur["shaft"])
    midline_top, midline_bottom = at((125, 30)), at((125, 154))
    ligament = [at(ASIS_FRONT), at(PUBIC_TUBERCLE_FRONT)]
    out = [
        f'<rect x="{layout.x0 - 8:.1f}" y="{layout.y0 - 8:.1f}" width="{layout.width + 16:.1f}" '
        f'height="{layout.height + 16:.1f}" rx="12" fill="{FIGURE["paper"]}" '
        f'stroke="{FIGURE["mat_edge"]}" stroke-width="2" class="psoas-front-view"/>',
        # the thigh bone: its neck and the top of its shaft, its head in the socket
        f'<path d="{_capsule_path(neck, shaft, 9 * layout.scale, 11 * layout.scale)}" '
        f'fill="{bone}" stroke="{edge}" stroke-width="2"/>',
        f'<path d="{_capsule_path(head, neck, 8 * layout.scale, 10 * layout.scale)}" '
        f'fill="{bone}" stroke="{edge}" stroke-width="2"/>',
        f'<path d="{curves.svg_path([at(p) for p in HIP_BONE_FRONT], closed=True)}" {style}/>',
        f'<path d="{curves.svg_path([at(p) for p in OBTURATOR_FRONT], closed=True)}" '
        f'fill="{FIGURE["paper"]}" stroke="{edge}" stroke-width="2"/>',
        f'<path d="{curves.svg_path([at(p) for p in SACRUM_FRONT], closed=True)}" {style}/>',
        f'<circle cx="{head[0]:.1f}" cy="{head[1]:.1f}" r="{femur["radius"] * layout.scale:.1f}" '
        f'fill="{bone}" stroke="{edge}" stroke-width="2"/>',
        # the midline, and the groin's ligament from the bony point to the pubic bone
        f'<line x1="{midline_top[0]:.1f}" y1="{midline_top[1]:.1f}" x2="{midline_bottom[0]:.1f}" '
        f'y2="{midline_bottom[1]:.1f}" stroke="{MUTED}" stroke-width="2" '
        'stroke-dasharray="10 4 2 4"/>',
        f'<line x1="{ligament[0][0]:.1f}" y1="{ligament[0][1]:.1f}" x2="{ligament[1][0]:.1f}" '
        f'y2="{ligament[1][1]:.1f}" stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>',
    ]
    places = {"asis": ASIS_FRONT, "spot": SPOT_FRONT, "pulse": PULSE_FRONT}
    for kind, _words in INSET_KEY:
        out += _inset_mark(kind, *at(places[kind]))
    if text:
        for k, (kind, words) in enumerate(INSET_KEY):
            y = layout.key_top + k * (LINE_2 + 10)
            out += _inset_mark(kind, layout.column + 13, y - LINE_2 * 0.35, size=0.85)
            out.append(
                _casing_text(
                    layout.column + 34,
                    y,
                    words,
                    LINE_2,
                    anchor="start",
                    bold=kind == "pulse",
                    fill=WARN_TEXT if kind == "pulse" else INK,
                )  # fmt: skip
            )
    return out


# -- the words under the figure ---------------------------------------------------------------

# Average glyph widths of the lesson's sans-serif font, in ems: enough to wrap a line before it
# runs off the frame (a test measures the real widths in Chromium).
GLYPH_EM = {True: 0.56, False: 0.50}
LABEL_SPARE = 1.18  # how much wider than the estimate a label may really be


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
        for piece in _wrap(position.hip_in_drawing, LINE_2, available, bold=False):
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
