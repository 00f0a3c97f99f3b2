"""Pose data: each exercise's key positions as joint angles, checked against the body's real
ranges, and what a pose does to the psoas.

``data/poses.yaml`` holds, for each exercise, its positions in side view (``start`` and
``held`` for a hold, ``start`` and ``end`` for a move), what touches the floor, where the hands
are, which way a move goes, and for a massage where the pressure lands and which muscle it
reaches; and the groups of the "which exercises lengthen the psoas" chart. The near limbs are
always the working side: the side the timer names. The psoas drawn and grouped is the near one,
or the far one where that is the one the pose lengthens (the straight leg in knee-to-chest).

Built only through the catalog; nothing here imports a widget or plotting library.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from . import body
from .errors import DataError
from .models import Exercise, Kind

# Names a data file may use, as enums: they are looked up, not shown, so they stay what they are.
Contact = Enum(  # type: ignore[misc]
    "Contact", [(name.upper().replace("-", "_"), name) for name in body.CONTACTS], type=str
)
Landmark = Enum(  # type: ignore[misc]
    "Landmark",
    [(name.upper().replace("-", "_"), name) for name in body.REACH_POINTS],
    type=str,
)


class Limbs(str, Enum):
    """Which limbs: the near ones (the working side, in front) or the far ones (behind)."""

    NEAR = "near"
    FAR = "far"

    @property
    def other(self) -> Limbs:
        return Limbs.FAR if self is Limbs.NEAR else Limbs.NEAR


class Motion(str, Enum):
    """A hold has a start and a held position; a move goes between its start and its end."""

    HOLD = "hold"
    MOVES = "moves"

    @property
    def noun(self) -> str:
        return "a hold" if self is Motion.HOLD else "a move"

    @property
    def positions(self) -> tuple[str, str]:
        return ("start", "held") if self is Motion.HOLD else ("start", "end")

    @property
    def frames(self) -> tuple[str, ...]:
        """The positions a timer shows: the held one, or both ends in order."""
        return ("held",) if self is Motion.HOLD else ("start", "end")

    @property
    def key(self) -> str:
        """The position whose hip angle says what the exercise does to the psoas."""
        return self.positions[1]


class View(str, Enum):
    SIDE = "side"  # seen from the side, standing or lying on the floor line
    ABOVE = "above"  # lying on one side, seen from above, on a mat


class Tool(str, Enum):
    FINGERS = "fingers"
    BALL = "ball"
    ROLLER = "roller"


class Prop(str, Enum):
    MAT = "mat"
    ROLLER = "roller"
    BALL = "ball"


class Muscle(str, Enum):
    """What a massage really reaches, drawn and named first (the psoas lies deeper)."""

    ILIACUS = "iliacus"
    QUADRATUS_LUMBORUM = "quadratus-lumborum"
    FRONT_OF_THIGH = "front-of-thigh"

    @property
    def words(self) -> str:
        return {
            "iliacus": "iliacus",
            "quadratus-lumborum": "quadratus lumborum",
            "front-of-thigh": "front of the hip and thigh",
        }[self.value]


class Group(str, Enum):
    LENGTHENED = "lengthened"
    NEUTRAL = "neutral"
    SHORTENED = "shortened"


@dataclass(frozen=True)
class Pressure:
    """Where a massage presses, with what, and what lies under it."""

    tool: Tool
    at: Landmark
    muscle: Muscle  # what it reaches, drawn and named first
    label: str  # a few words drawn beside the mark
    reaches: str  # a sentence: what the pressure reaches, and what it does not
    source: str


@dataclass(frozen=True)
class Position:
    """One drawn position of an exercise."""

    id: str
    description: str  # one sentence: the figure's text alternative
    angles: body.Angles
    view: View = View.SIDE
    floor: tuple[Contact, ...] = ()
    hands: tuple[tuple[Limbs, Landmark], ...] = ()  # (which hand, where it is)
    pressure: Pressure | None = None
    roller_under: Landmark | None = None  # the foam roller lies under this point
    psoas: Limbs = Limbs.NEAR  # whose psoas is drawn and grouped

    @property
    def hip_deg(self) -> float:
        """The hip angle, measured from the pelvis, on the side whose psoas is drawn: flexion
        positive, extension negative."""
        return self.angles.joint(f"{self.psoas.value}.hip")


@dataclass(frozen=True)
class Movement:
    """Which way a move goes: the point an arrow follows from the start to the end (around a
    joint, or straight), and the point that stays put, where the two positions line up."""

    moving: Landmark
    still: Landmark
    around: Landmark | None = None


@dataclass(frozen=True)
class LegMarker:
    """A few words beside a leg that the picture alone does not single out ("back leg")."""

    limbs: Limbs
    words: str


@dataclass(frozen=True)
class PoseSet:
    """All the drawn positions of one exercise."""

    exercise: str
    motion: Motion
    positions: tuple[Position, ...]
    source: str
    props: tuple[Prop, ...] = ()
    note: str = ""
    data_file: str = ""
    movement: Movement | None = None
    leg_marker: LegMarker | None = None

    @property
    def psoas(self) -> Limbs:
        """Whose psoas the figures draw: the near (working) side's, or the far side's."""
        return self.positions[0].psoas

    def position(self, position_id: str) -> Position:
        for position in self.positions:
            if position.id == position_id:
                return position
        known = ", ".join(p.id for p in self.positions)
        raise DataError(
            f"unknown position {position_id!r}; this exercise has {known}", item=self.exercise
        )

    @property
    def key_position(self) -> Position:
        return self.position(self.motion.key)


@dataclass(frozen=True)
class PsoasGroup:
    """What a group of poses does to the psoas, and why, in the lesson's words."""

    id: Group
    label: str
    text: str
    source: str


@dataclass(frozen=True)
class Poses:
    """Every exercise's pose data, and the lengthened / neutral / shortened groups."""

    sets: tuple[PoseSet, ...] = ()
    groups: tuple[PsoasGroup, ...] = ()
    neutral_band: tuple[float, float] = (-10.0, 15.0)  # hip angles counted as about neutral
    source: str = ""

    def for_exercise(self, exercise_id: str) -> PoseSet | None:
        """The exercise's pose data, or None when it has none (a teacher's own exercise)."""
        for pose_set in self.sets:
            if pose_set.exercise == exercise_id:
                return pose_set
        return None

    def group_of(self, hip_deg: float) -> Group:
        """Lengthened past the neutral band's extension end, shortened past its flexion end."""
        low, high = self.neutral_band
        if hip_deg <= low:
            return Group.LENGTHENED
        if hip_deg >= high:
            return Group.SHORTENED
        return Group.NEUTRAL

    def group(self, group: Group) -> PsoasGroup:
        for candidate in self.groups:
            if candidate.id == group:
                return candidate
        raise KeyError(group)


def hip_words(hip_deg: float) -> str:
    """``about 15° of hip extension``, ``about 90° of hip flexion``, ``the hip straight``."""
    degrees = abs(round(hip_deg))
    if degrees == 0:
        return "the hip straight (0°)"
    return f"about {degrees}° of hip {'extension' if hip_deg < 0 else 'flexion'}"


# ---------------------------------------------------------------------------------------------
# Building from a validated document


def build(
    document: dict,
    file: str,
    exercises: dict[str, Exercise] | None = None,
    *,
    base: bool = True,
) -> Poses:
    """Poses from a schema-valid ``poses.yaml`` document, checked against the body's ranges and
    the exercises; ``base`` is False for a teacher's extra file (no groups of its own)."""
    groups: tuple[PsoasGroup, ...] = ()
    band = (-10.0, 15.0)
    source = ""
    raw_groups = document.get("groups")
    if raw_groups is not None and not base:
        raise DataError(
            "only the built-in poses.yaml sets the groups; leave them out of your own file",
            file=file,
            field="groups",
        )
    if raw_groups is not None:
        band = (float(raw_groups["neutral_hip_deg"][0]), float(raw_groups["neutral_hip_deg"][1]))
        if not band[0] < 0 < band[1]:
            raise DataError(
                f"must be [extension end, flexion end] around 0, got [{band[0]:g}, {band[1]:g}]",
                file=file,
                field="groups.neutral_hip_deg",
            )
        source = raw_groups["source"].strip()
        groups = tuple(
            PsoasGroup(
                Group(group_id),
                raw_groups[group_id]["label"].strip(),
                raw_groups[group_id]["text"].strip(),
                raw_groups[group_id]["source"].strip(),
            )
            for group_id in (g.value for g in Group)
        )
    elif base:
        raise DataError("is missing; expected the psoas groups", file=file, field="groups")

    sets = []
    seen: set[str] = set()
    for raw in document["poses"]:
        exercise_id = raw["exercise"]
        if exercise_id in seen:
            raise DataError(
                "has pose data twice in this file", file=file, item=exercise_id, field="exercise"
            )
        seen.add(exercise_id)
        exercise = None
        if exercises is not None:
            exercise = exercises.get(exercise_id)
            if exercise is None:
                raise DataError(
                    f"unknown exercise id {exercise_id!r}; known ids: {', '.join(exercises)}",
                    file=file,
                    item=exercise_id,
                    field="exercise",
                )
        sets.append(_pose_set(raw, file, exercise))
    return Poses(sets=tuple(sets), groups=groups, neutral_band=band, source=source)


def _pose_set(raw: dict, file: str, exercise: Exercise | None) -> PoseSet:
    item = raw["exercise"]
    motion = Motion(raw["motion"])
    raw_positions = raw["positions"]
    for needed in motion.positions:
        if needed not in raw_positions:
            raise DataError(
                f"is missing; {motion.noun} needs the positions {' and '.join(motion.positions)}",
                file=file,
                item=item,
                field=f"positions.{needed}",
            )
    for name in raw_positions:
        if name not in motion.positions:
            raise DataError(
                f"is not a position of a {motion.value}; it has {' and '.join(motion.positions)}",
                file=file,
                item=item,
                field=f"positions.{name}",
            )
    props = tuple(Prop(p) for p in raw.get("props", ()))
    psoas = Limbs(raw.get("psoas", "near"))
    positions = tuple(
        _position(position_id, raw_positions[position_id], file, item, props, psoas)
        for position_id in motion.positions
    )
    movement = _movement(raw.get("movement"), positions, file, item)
    if movement is None and motion is Motion.MOVES:
        raise DataError(
            "is missing; a move shows which way it goes: the point that moves and the one that "
            "stays put",
            file=file,
            item=item,
            field="movement",
        )
    marker = raw.get("leg_marker")
    if exercise is not None and exercise.kind is Kind.SELF_MASSAGE:
        key = positions[1]
        if key.pressure is None:
            raise DataError(
                "is missing; a self-massage shows where the pressure lands",
                file=file,
                item=item,
                field=f"positions.{key.id}.pressure",
            )
    return PoseSet(
        exercise=item,
        motion=motion,
        positions=positions,
        source=raw["source"].strip(),
        props=props,
        note=raw.get("note", "").strip(),
        data_file=file,
        movement=movement,
        leg_marker=LegMarker(Limbs(marker["limbs"]), marker["words"].strip()) if marker else None,
    )


MOVES_AT_LEAST = 0.03  # in H: an arrow for less than about 5 cm of movement shows nothing


def _movement(raw: dict | None, positions: tuple, file: str, item: str) -> Movement | None:
    """The movement's points, checked: the moving point moves once the still one is lined up."""
    if raw is None:
        return None
    movement = Movement(
        moving=Landmark(raw["moving"]),
        still=Landmark(raw["still"]),
        around=Landmark(raw["around"]) if "around" in raw else None,
    )
    start, end = (placed(p) for p in positions)
    moving, still = (body.REACH_POINTS[m.value] for m in (movement.moving, movement.still))
    shift = start.point(still)[0] - end.point(still)[0]
    a, b = start.point(moving), end.point(moving)
    if body.distance(a, (b[0] + shift, b[1])) < MOVES_AT_LEAST:
        raise DataError(
            f"{movement.moving.value} hardly moves between the two positions when "
            f"{movement.still.value} stays put; name the point that moves",
            file=file,
            item=item,
            field="movement.moving",
        )
    return movement


def _angles(raw: dict) -> body.Angles:
    def limbs(angles: dict) -> body.Limbs:
        return body.Limbs(**{joint: float(angles.get(joint, 0.0)) for joint in body.LIMB_JOINTS})

    return body.Angles(
        **{joint: float(raw.get(joint, 0.0)) for joint in body.BODY_JOINTS},
        near=limbs(raw["near"]),
        far=limbs(raw["far"]),
    )


def _position(
    position_id: str, raw: dict, file: str, item: str, props: tuple, psoas: Limbs
) -> Position:
    where = f"positions.{position_id}"
    angles = _angles(raw)
    for name, degrees, limit in angles.out_of_range():
        hint = (
            "; the whole body's tilt (90 face down, -90 on the back) is `body`"
            if name == "pelvis"
            else ""
        )
        raise DataError(
            f"must be from {limit.low:g} to {limit.high:g} degrees: a {name.rpartition('.')[2]} "
            f"goes from {limit.words}, got {degrees:g}{hint}",
            file=file,
            item=item,
            field=f"{where}.{name}",
        )
    view = View(raw.get("view", "side"))
    floor = tuple(Contact(c) for c in raw.get("floor", ()))
    hands = tuple((Limbs(hand), Landmark(point)) for hand, point in raw.get("hands", {}).items())
    pressure = None
    if "pressure" in raw:
        p = raw["pressure"]
        pressure = Pressure(
            tool=Tool(p["tool"]),
            at=Landmark(p["at"]),
            muscle=Muscle(p["muscle"]),
            label=p["label"].strip(),
            reaches=p["reaches"].strip(),
            source=p["source"].strip(),
        )
    roller = Landmark(raw["roller_under"]) if "roller_under" in raw else None
    if roller is not None and Prop.ROLLER not in props:
        raise DataError(
            "needs a roller in the exercise's props",
            file=file,
            item=item,
            field=f"{where}.roller_under",
        )
    position = Position(
        id=position_id,
        description=" ".join(raw["description"].split()),
        angles=angles,
        view=view,
        floor=floor,
        hands=hands,
        pressure=pressure,
        roller_under=roller,
        psoas=psoas,
    )
    _check_placement(position, file, item, where)
    return position


def _check_placement(position: Position, file: str, item: str, where: str) -> None:
    """The drawing must show what the words say: what the data puts on the floor touches it (and
    lies along it, for a forearm, a shin, a back, a foot flat on its sole); nothing goes through
    the floor; a roller rests on the floor with the body on it; the hands reach what they hold."""
    figure = placed(position)

    def refuse(message: str, field: str) -> DataError:
        return DataError(message, file=file, item=item, field=f"{where}.{field}")

    if position.view is View.SIDE:
        if not position.floor:
            raise refuse("must name what touches the floor in a side view", "floor")
        for contact in position.floor:
            surface = body.contact_surface(figure, contact.value)
            low = min((h for _w, h in surface), default=math.inf)
            if low > body.FLOOR_TOLERANCE:
                lowest = min((body.contact_height(figure, name), name) for name in body.CONTACTS)
                away = (
                    "faces away from the floor"
                    if math.isinf(low)
                    else f"is {low:.2f} of body height above it"
                )
                raise refuse(
                    f"{contact.value} does not touch the floor in this drawing: it {away} "
                    f"(the lowest part is {lowest[1]}); change the angles or the list",
                    "floor",
                )
            end, high = max(surface, key=lambda found: found[1])
            if high - low > body.FLOOR_TOLERANCE:
                raise refuse(_not_along(contact.value, end, high - low), "floor")
        for name, depth in body.sunk(figure):
            if name in ("head", "nose"):
                raise refuse(
                    f"the head goes through the floor in this drawing (its face {depth:.2f} of "
                    "body height below it); lift the head or turn the face (neck)",
                    "neck",
                )
            raise refuse(
                f"{_contact_word(name)} goes {depth:.2f} of body height below the floor in this "
                "drawing; change the angles, or list what rests on the floor",
                "floor",
            )
    elif position.floor:
        raise refuse(
            "must be left out of a view from above: the figure lies on its side on the mat",
            "floor",
        )
    if position.roller_under is not None:
        _check_roller(position, figure, refuse)
    for hand, target in position.hands:
        palm = figure.point(f"{hand.value}.hand")
        fingers = figure.point(f"{hand.value}.fingers")
        goal = figure.point(body.REACH_POINTS[target.value])
        gap = min(body.distance(palm, goal), body.distance(fingers, goal))
        if gap > body.REACH_TOLERANCE:
            raise refuse(
                f"the {hand.value} hand does not reach {target.value} in this drawing "
                f"({gap:.2f} of body height away); change the shoulder and elbow angles",
                f"hands.{hand.value}",
            )


def _contact_word(part_name: str) -> str:
    """A part's name as a data file writes it: ``near.forearm`` -> ``near-forearm``."""
    limbs, _, base = part_name.partition(".")
    words = dict(body.LIMB_CONTACT_WORDS)
    return f"{limbs}-{words.get(base, base)}" if base else part_name


def _not_along(contact: str, end: str, rise: float) -> str:
    if contact.endswith("-foot"):
        return (
            f"{contact} is not flat on the floor in this drawing: its {end} is {rise:.2f} of "
            "body height above it (a foot on the floor rests on its whole sole); change the "
            "ankle, or name the heel or the toes instead"
        )
    return (
        f"{contact} does not lie along the floor in this drawing: its {end} end is "
        f"{rise:.2f} of body height above it; change the angles, or name only the part that "
        "touches"
    )


def _check_roller(
    position: Position, figure: body.Figure, refuse: Callable[[str, str], DataError]
) -> None:
    """A roller lies on the floor and the body rests on it: under a surface that faces the
    floor, touching the floor, and no part of the body sunk into it."""
    under = position.roller_under
    normal = body.direction(body.surface_normal(figure, under.value))
    if normal[1] > -0.3:
        raise refuse(
            f"the roller cannot be under {under.value} in this drawing: that surface does not "
            "face the floor, so the body would not rest on the roller",
            "roller_under",
        )
    cx, cy = roller_centre(figure, under)
    gap = cy - ROLLER_RADIUS
    if abs(gap) > body.FLOOR_TOLERANCE:
        where = "above" if gap > 0 else "below"
        raise refuse(
            f"the roller does not rest on the floor in this drawing: its underside is "
            f"{abs(gap):.2f} of body height {where} it; change the angles so the body lies on it",
            "roller_under",
        )
    for part in figure.parts:
        gap, t = body.distance_to_segment((cx, cy), part.a, part.b)
        depth = part.ra + (part.rb - part.ra) * t + ROLLER_RADIUS - gap
        if depth > body.SINK_TOLERANCE:
            raise refuse(
                f"{_contact_word(part.name)} goes {depth:.2f} of body height into the roller in "
                "this drawing: the body rests on a roller, not through it",
                "roller_under",
            )


ROLLER_RADIUS = 0.045  # a 15 cm foam roller, in H for someone 1.7 m tall


def roller_centre(figure: body.Figure, under: Landmark) -> body.Point:
    """Where the roller's centre is when it lies under ``under``, touching the body there."""
    x, y = figure.point(body.REACH_POINTS[under.value])
    dx, dy = body.direction(body.surface_normal(figure, under.value))
    return (x + dx * ROLLER_RADIUS, y + dy * ROLLER_RADIUS)


@functools.lru_cache(maxsize=256)
def placed(position: Position) -> body.Figure:
    """The position's figure set on the floor: on what the data says touches it, in a side view;
    on its lowest point, lying on one side seen from above."""
    figure = body.pose(position.angles)
    return body.place_on_floor(figure, tuple(c.value for c in position.floor))
