"""Pose data: each exercise's key positions as joint angles, checked against the body's real
ranges, and what a pose does to the psoas.

``data/poses.yaml`` holds, for each exercise, its positions in side view (``start`` and
``held`` for a hold, ``start`` and ``end`` for a move), what touches the floor, where the hands
are, and for a massage where the pressure lands; and the groups of the "which exercises
lengthen the psoas" chart. The near limbs are always the working side: the side the timer names.

Built only through the catalog; nothing here imports a widget or plotting library.
"""

from __future__ import annotations

import math
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


class Side(str, Enum):
    """Which limbs: the near (working) side or the far side."""

    NEAR = "near"
    FAR = "far"


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


class Group(str, Enum):
    LENGTHENED = "lengthened"
    NEUTRAL = "neutral"
    SHORTENED = "shortened"


@dataclass(frozen=True)
class Pressure:
    """Where a massage presses, with what, and what lies under it."""

    tool: Tool
    at: Landmark
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
    hands: tuple[tuple[Side, Landmark], ...] = ()  # (side, where that hand is)
    pressure: Pressure | None = None
    roller_under: Landmark | None = None  # the foam roller lies under this point

    @property
    def hip_deg(self) -> float:
        """The working side's hip angle: flexion positive, extension negative."""
        return self.angles.near.hip


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
    positions = tuple(
        _position(position_id, raw_positions[position_id], file, item, props)
        for position_id in motion.positions
    )
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
    )


def _angles(raw: dict) -> body.Angles:
    def limbs(side: dict) -> body.Limbs:
        return body.Limbs(**{joint: float(side.get(joint, 0.0)) for joint in body.LIMB_JOINTS})

    return body.Angles(
        pelvis=float(raw.get("pelvis", 0.0)),
        trunk=float(raw.get("trunk", 0.0)),
        neck=float(raw.get("neck", 0.0)),
        near=limbs(raw["near"]),
        far=limbs(raw["far"]),
    )


def _position(position_id: str, raw: dict, file: str, item: str, props: tuple) -> Position:
    where = f"positions.{position_id}"
    angles = _angles(raw)
    for name, degrees, limit in angles.out_of_range():
        raise DataError(
            f"must be from {limit.low:g} to {limit.high:g} degrees: a {name.rpartition('.')[2]} "
            f"goes from {limit.words}, got {degrees:g}",
            file=file,
            item=item,
            field=f"{where}.{name}",
        )
    view = View(raw.get("view", "side"))
    floor = tuple(Contact(c) for c in raw.get("floor", ()))
    hands = tuple((Side(side), Landmark(point)) for side, point in raw.get("hands", {}).items())
    pressure = None
    if "pressure" in raw:
        p = raw["pressure"]
        pressure = Pressure(
            tool=Tool(p["tool"]),
            at=Landmark(p["at"]),
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
    )
    _check_placement(position, file, item, where)
    return position


def _check_placement(position: Position, file: str, item: str, where: str) -> None:
    """The floor contacts the data names must touch the floor, and the hands must reach what
    they hold: otherwise the drawing would show something else than the words."""
    figure = placed(position)
    if position.view is View.SIDE:
        if not position.floor:
            raise DataError(
                "must name what touches the floor in a side view",
                file=file,
                item=item,
                field=f"{where}.floor",
            )
        for contact in position.floor:
            height = body.contact_height(figure, contact.value)
            if height > body.FLOOR_TOLERANCE:
                lowest = min((body.contact_height(figure, name), name) for name in body.CONTACTS)
                away = (
                    "faces away from the floor"
                    if math.isinf(height)
                    else f"is {height:.2f} of body height above it"
                )
                raise DataError(
                    f"{contact.value} does not touch the floor in this drawing: it {away} "
                    f"(the lowest part is {lowest[1]}); change the angles or the list",
                    file=file,
                    item=item,
                    field=f"{where}.floor",
                )
    elif position.floor:
        raise DataError(
            "must be left out of a view from above: the figure lies on its side on the mat",
            file=file,
            item=item,
            field=f"{where}.floor",
        )
    for side, target in position.hands:
        hand = figure.point(f"{side.value}.hand")
        fingers = figure.point(f"{side.value}.fingers")
        goal = figure.point(body.REACH_POINTS[target.value])
        gap = min(body.distance(hand, goal), body.distance(fingers, goal))
        if gap > body.REACH_TOLERANCE:
            raise DataError(
                f"the {side.value} hand does not reach {target.value} in this drawing "
                f"({gap:.2f} of body height away); change the shoulder and elbow angles",
                file=file,
                item=item,
                field=f"{where}.hands.{side.value}",
            )


ROLLER_RADIUS = 0.045  # a 15 cm foam roller, in H for someone 1.7 m tall


def roller_centre(figure: body.Figure, under: Landmark) -> body.Point:
    """Where the roller's centre is when it lies under ``under``, touching the body there."""
    x, y = figure.point(body.REACH_POINTS[under.value])
    normal = body.surface_normal(figure, under.value)
    dx, dy = body.direction(normal)
    return (x + dx * ROLLER_RADIUS, y + dy * ROLLER_RADIUS)


def placed(position: Position) -> body.Figure:
    """The position's figure, set on the floor (a roller under it counts as part of it)."""
    figure = body.pose(position.angles)
    if position.roller_under is not None:
        _, cy = roller_centre(figure, position.roller_under)
        return body.place_on_floor(figure, cy - ROLLER_RADIUS)
    return body.place_on_floor(figure)
