"""The body model behind the pose figures: segment lengths in standard proportions, forward
kinematics from joint angles, and the figure set on the floor.

Lengths are fractions of standing height (H = 1). Coordinates are seen from the figure's right
side: x grows the way a standing figure faces, y grows upwards, the hip joint of the root is at
the origin until :func:`place_on_floor` moves the figure so that its lowest point touches y = 0.
Looking from the left side is the same drawing mirrored (:meth:`Figure.mirrored`).

Joint angles follow the clinical convention: 0 is standing upright, flexion is positive,
extension negative. ``pelvis`` is not a joint but the tilt of the whole body from upright
(forward positive): 90 lies face down, -90 lies on the back. ``trunk`` bends the spine above the
pelvis, spread evenly over the lumbar and thoracic parts; ``wrist`` bends the hand back from
the line of the forearm (positive, as a palm flat on the floor under the shoulder).

Pure Python: nothing here imports a widget or plotting library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# Proportions

PROPORTIONS_SOURCE = (
    "Winter DA. Biomechanics and Motor Control of Human Movement, 4th ed. Wiley 2009, ch. 4 "
    "(segment lengths as fractions of height, after Drillis R, Contini R, 1966)"
)

# Heights above the floor of a person standing upright, and segment lengths, as fractions of
# height H (Winter 2009, ch. 4, after Drillis & Contini 1966).
LANDMARK_HEIGHTS = {
    "chin": 0.870,
    "shoulder": 0.818,
    "elbow": 0.630,
    "hip": 0.530,  # the greater trochanter, taken as the hip joint
    "wrist": 0.485,
    "knee": 0.285,
    "ankle": 0.039,
}
SEGMENT_LENGTHS = {
    "upper_arm": 0.186,
    "forearm": 0.146,
    "hand": 0.108,
    "thigh": 0.245,
    "shank": 0.246,
    "foot": 0.152,
    "trunk": LANDMARK_HEIGHTS["shoulder"] - LANDMARK_HEIGHTS["hip"],  # hip joint to shoulder
    "neck": LANDMARK_HEIGHTS["chin"] - LANDMARK_HEIGHTS["shoulder"],  # shoulder to chin
    "head": 1.0 - LANDMARK_HEIGHTS["chin"],  # chin to the top of the head
}

# The drawing's own choices where the table stops: how the trunk divides into the pelvis, the
# lumbar and the thoracic spine (shares of hip-to-shoulder), where the heel lies behind the
# ankle, and how thick each part is drawn (radii, in H). They shape the picture, not the angles.
TRUNK_SHARES = {"pelvis": 0.21, "lumbar": 0.35, "thorax": 0.44}
HEEL_BEHIND_ANKLE = 0.035
RADII = {
    "head": 0.064,
    "neck": 0.028,
    "thorax": (0.060, 0.064),
    "lumbar": (0.054, 0.056),
    "pelvis": (0.060, 0.056),
    "upper_arm": (0.032, 0.026),
    "forearm": (0.026, 0.020),
    "hand": (0.019, 0.014),
    "thigh": (0.052, 0.036),
    "shank": (0.035, 0.024),
    "foot": (0.020, 0.014),
}

# ---------------------------------------------------------------------------------------------
# Joints and their ranges

BODY_JOINTS = ("pelvis", "trunk", "neck")
LIMB_JOINTS = ("hip", "knee", "ankle", "shoulder", "elbow", "wrist")
SIDES = ("near", "far")


@dataclass(frozen=True)
class JointRange:
    """How far a joint goes: ``low`` (extension) to ``high`` (flexion), in degrees, and why."""

    low: float
    high: float
    basis: str

    def allows(self, degrees: float) -> bool:
        return self.low <= degrees <= self.high

    @property
    def words(self) -> str:
        """``30° of extension to 120° of flexion``."""
        back = f"{-self.low:g}° of extension" if self.low < 0 else f"{self.low:g}° of flexion"
        return f"{back} to {self.high:g}° of flexion"


_AAOS = "AAOS 1965 (Joint Motion: Method of Measuring and Recording)"
RANGES: dict[str, JointRange] = {
    "pelvis": JointRange(-180, 180, "the whole body's tilt from upright, any way up"),
    "trunk": JointRange(
        -45,
        80,
        f"thoracolumbar flexion 80° ({_AAOS}); extension: deep back bends such as camel pose go "
        "past the 25–30° of the standing clinical measure, so the drawing allows up to 45°",
    ),
    "neck": JointRange(-45, 45, f"cervical flexion and extension 45° ({_AAOS})"),
    "hip": JointRange(
        -30,
        120,
        "extension: 10° (Kendall) to 30° (AAOS 1965); reference values from a large US sample "
        "are in the high teens to twenties (Soucie JM, et al. Haemophilia 2011;17(3):500-507); "
        f"flexion 120° ({_AAOS})",
    ),
    "knee": JointRange(
        -5,
        150,
        f"flexion 135° active ({_AAOS}); measured passively, as when a hand draws the heel to the "
        "buttock, more (148-153° at ages 2-8 in Soucie et al. 2011, less with age); a few degrees "
        "of hyperextension",
    ),
    "ankle": JointRange(-50, 20, f"plantarflexion 50°, dorsiflexion 20° ({_AAOS})"),
    "shoulder": JointRange(-60, 180, f"flexion 180°, extension 60° ({_AAOS})"),
    "elbow": JointRange(0, 150, f"flexion 150° ({_AAOS})"),
    "wrist": JointRange(-80, 70, f"flexion 80°, extension 70° ({_AAOS})"),
}


@dataclass(frozen=True)
class Limbs:
    """The joint angles of one side of the body, in degrees."""

    hip: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0
    shoulder: float = 0.0
    elbow: float = 0.0
    wrist: float = 0.0


@dataclass(frozen=True)
class Angles:
    """Every joint angle of a pose, in degrees (see the module's docstring for the signs)."""

    pelvis: float = 0.0
    trunk: float = 0.0
    neck: float = 0.0
    near: Limbs = field(default_factory=Limbs)
    far: Limbs = field(default_factory=Limbs)

    def joint(self, name: str) -> float:
        """An angle by its dotted name: ``trunk``, ``near.hip``, ``far.knee``."""
        side, _, joint = name.rpartition(".")
        return getattr(getattr(self, side) if side else self, joint)

    def out_of_range(self) -> list[tuple[str, float, JointRange]]:
        """The joints whose angle lies outside the body's range: (name, degrees, range)."""
        names = [*BODY_JOINTS, *(f"{side}.{j}" for side in SIDES for j in LIMB_JOINTS)]
        found = []
        for name in names:
            degrees = self.joint(name)
            limit = RANGES[name.rpartition(".")[2]]
            if not limit.allows(degrees):
                found.append((name, degrees, limit))
        return found


# ---------------------------------------------------------------------------------------------
# Geometry

Point = tuple[float, float]


def direction(degrees: float) -> Point:
    """The unit vector at ``degrees`` counter-clockwise from the +x axis."""
    radians = math.radians(degrees)
    return (math.cos(radians), math.sin(radians))


def _along(start: Point, degrees: float, length: float) -> Point:
    dx, dy = direction(degrees)
    return (start[0] + dx * length, start[1] + dy * length)


def _offset(point: Point, degrees: float, forward: float, up: float = 0.0) -> Point:
    """``point`` moved ``forward`` along ``degrees`` and ``up`` at right angles to it (to its
    left, counter-clockwise)."""
    fx, fy = direction(degrees)
    return (point[0] + fx * forward - fy * up, point[1] + fy * forward + fx * up)


def distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


@dataclass(frozen=True)
class Part:
    """One drawn part of the body: a tapered capsule from ``a`` (radius ``ra``) to ``b`` (``rb``);
    a circle when ``a == b``. ``front`` is the direction the part's front faces, in degrees."""

    name: str
    side: str  # "near", "far" or "body"
    a: Point
    b: Point
    ra: float
    rb: float
    front: float

    @property
    def lowest(self) -> float:
        """The y of the part's lowest surface point."""
        return min(self.a[1] - self.ra, self.b[1] - self.rb)

    def moved(self, dx: float, dy: float, flip: bool = False) -> Part:
        def move(p: Point) -> Point:
            return ((-p[0] if flip else p[0]) + dx, p[1] + dy)

        front = (180.0 - self.front) if flip else self.front
        return Part(self.name, self.side, move(self.a), move(self.b), self.ra, self.rb, front)


@dataclass(frozen=True)
class Figure:
    """A posed body: named joint points and drawable parts, in units of height."""

    angles: Angles
    points: dict[str, Point]
    parts: tuple[Part, ...]
    mirror: bool = False

    def point(self, name: str) -> Point:
        return self.points[name]

    def part(self, name: str) -> Part:
        for part in self.parts:
            if part.name == name:
                return part
        raise KeyError(name)

    @property
    def lowest(self) -> float:
        return min(part.lowest for part in self.parts)

    def bounds(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) around every part's surface."""
        xs, ys = [], []
        for part in self.parts:
            for (x, y), r in ((part.a, part.ra), (part.b, part.rb)):
                xs += [x - r, x + r]
                ys += [y - r, y + r]
        return (min(xs), min(ys), max(xs), max(ys))

    def moved(self, dx: float, dy: float) -> Figure:
        points = {name: (x + dx, y + dy) for name, (x, y) in self.points.items()}
        parts = tuple(part.moved(dx, dy) for part in self.parts)
        return Figure(self.angles, points, parts, self.mirror)

    def mirrored(self) -> Figure:
        """The same pose seen from the other side: x negated (the figure faces the other way)."""
        points = {name: (-x, y) for name, (x, y) in self.points.items()}
        parts = tuple(part.moved(0.0, 0.0, flip=True) for part in self.parts)
        return Figure(self.angles, points, parts, not self.mirror)

    # The psoas -----------------------------------------------------------------------------

    def psoas_path(self, side: str = "near") -> list[Point]:
        """Where the psoas runs on one side: from the lumbar spine (T12), down the front of the
        lumbar vertebrae, over the front of the pelvic rim, to the top of the thigh bone (the
        lesser trochanter)."""
        return [self.points[f"{side}.psoas.{stop}"] for stop in PSOAS_STOPS]

    def psoas_length(self, side: str = "near") -> float:
        """The drawn psoas's length in H: longer with hip extension, shorter with flexion, and
        the same whatever the knee does (it does not cross the knee)."""
        path = self.psoas_path(side)
        return sum(distance(a, b) for a, b in zip(path, path[1:], strict=False))


PSOAS_STOPS = ("origin", "lumbar", "rim", "insertion")


def pose(angles: Angles) -> Figure:
    """Forward kinematics: every joint's position from the angles, with the hip joint at the
    origin and the figure seen from its right side."""
    lengths = SEGMENT_LENGTHS
    trunk = lengths["trunk"]
    points: dict[str, Point] = {}
    parts: list[Part] = []

    hip = (0.0, 0.0)
    pelvis_up = 90.0 - angles.pelvis
    lumbar_up = pelvis_up - angles.trunk / 2
    thorax_up = lumbar_up - angles.trunk / 2
    head_up = thorax_up - angles.neck
    sacrum = _along(hip, pelvis_up, TRUNK_SHARES["pelvis"] * trunk)
    waist = _along(sacrum, lumbar_up, TRUNK_SHARES["lumbar"] * trunk)
    shoulder = _along(waist, thorax_up, TRUNK_SHARES["thorax"] * trunk)
    chin = _along(shoulder, head_up, lengths["neck"])
    head = _offset(shoulder, head_up, lengths["neck"] + lengths["head"] / 2, -0.012)
    points.update(hip=hip, sacrum=sacrum, waist=waist, shoulder=shoulder, chin=chin, head=head)
    points["front-hip-bone"] = _offset(hip, pelvis_up, 0.045, -0.052)
    points["inside-front-hip-bone"] = _offset(hip, pelvis_up, 0.028, -0.058)
    points["lower-back"] = _offset(sacrum, lumbar_up, 0.45 * TRUNK_SHARES["lumbar"] * trunk, 0.055)
    points["side-of-hip"] = _offset(hip, pelvis_up, 0.055, 0.005)  # the top of the hip bone

    for side in SIDES:
        limb: Limbs = getattr(angles, side)
        thigh = pelvis_up - 180.0 + limb.hip
        knee = _along(hip, thigh, lengths["thigh"])
        shank = thigh - limb.knee
        ankle = _along(knee, shank, lengths["shank"])
        foot = shank + 90.0 + limb.ankle
        # The heel and toe points sit one drawn radius above the sole, so the sole's surface lies
        # the table's ankle height below the ankle.
        sole = LANDMARK_HEIGHTS["ankle"]
        heel = _offset(ankle, foot, -HEEL_BEHIND_ANKLE, -(sole - RADII["foot"][0]))
        toes = _offset(ankle, foot, lengths["foot"] - HEEL_BEHIND_ANKLE, -(sole - RADII["foot"][1]))
        arm = thorax_up - 180.0 + limb.shoulder
        elbow = _along(shoulder, arm, lengths["upper_arm"])
        forearm = arm + limb.elbow
        wrist = _along(elbow, forearm, lengths["forearm"])
        hand = forearm + limb.wrist
        fingers = _along(wrist, hand, 0.75 * lengths["hand"])
        palm = _along(wrist, hand, 0.35 * lengths["hand"])
        prefix = f"{side}."
        points.update(
            {
                prefix + "hip": hip,
                prefix + "knee": knee,
                prefix + "ankle": ankle,
                prefix + "heel": heel,
                prefix + "toes": toes,
                prefix + "shoulder": shoulder,
                prefix + "elbow": elbow,
                prefix + "wrist": wrist,
                prefix + "hand": palm,
                prefix + "fingers": fingers,
                prefix + "front-of-thigh": _offset(hip, thigh, 0.06, RADII["thigh"][0]),
                prefix + "front-of-mid-thigh": _offset(hip, thigh, 0.13, 0.9 * RADII["thigh"][0]),
                prefix + "back-of-thigh": _offset(hip, thigh, 0.16, -RADII["thigh"][0]),
                prefix + "psoas.origin": _offset(waist, lumbar_up, 0.0, 0.018),
                prefix + "psoas.lumbar": _offset(sacrum, lumbar_up, 0.01, 0.010),
                prefix + "psoas.rim": _offset(hip, pelvis_up, 0.020, -0.034),
                prefix + "psoas.insertion": _offset(hip, thigh, 0.065, 0.0),
            }
        )
        parts += [
            _part("thigh", side, hip, knee, thigh + 90.0),
            _part("shank", side, knee, ankle, shank + 90.0),
            _part("foot", side, heel, toes, foot + 90.0),
            _part("upper_arm", side, shoulder, elbow, arm + 90.0),
            _part("forearm", side, elbow, wrist, forearm + 90.0),
            _part("hand", side, wrist, fingers, hand + 90.0),
        ]
    parts += [
        _part("pelvis", "body", hip, sacrum, pelvis_up - 90.0),
        _part("lumbar", "body", sacrum, waist, lumbar_up - 90.0),
        _part("thorax", "body", waist, _along(shoulder, thorax_up, -0.02), thorax_up - 90.0),
        _part("neck", "body", shoulder, chin, head_up - 90.0),
        Part("head", "body", head, head, RADII["head"], RADII["head"], head_up - 90.0),
    ]
    return Figure(angles, points, tuple(parts))


def _part(name: str, side: str, a: Point, b: Point, front: float) -> Part:
    radius = RADII[name]
    ra, rb = radius if isinstance(radius, tuple) else (radius, radius)
    return Part(f"{side}.{name}" if side != "body" else name, side, a, b, ra, rb, front)


def place_on_floor(figure: Figure, extra_lowest: float | None = None) -> Figure:
    """The figure moved up or down so its lowest point (or ``extra_lowest``, a prop under it,
    if lower) touches the floor at y = 0."""
    lowest = figure.lowest if extra_lowest is None else min(figure.lowest, extra_lowest)
    return figure.moved(0.0, -lowest)


# ---------------------------------------------------------------------------------------------
# What touches the floor

# A contact names a part and, for the trunk, which of its faces meets the floor.
CONTACT_PARTS: dict[str, tuple[str, str | None]] = {
    "head": ("head", None),
    "back": ("thorax", "back"),
    "chest": ("thorax", "front"),
    "lower-back": ("lumbar", "back"),
    "belly": ("lumbar", "front"),
    "buttocks": ("pelvis", "back"),
    "front-of-hips": ("pelvis", "front"),
}
for _side in SIDES:
    for _limb_part, _word in (
        ("thigh", "thigh"),
        ("shank", "shin"),
        ("foot", "foot"),
        ("upper_arm", "upper-arm"),
        ("forearm", "forearm"),
        ("hand", "hand"),
    ):
        CONTACT_PARTS[f"{_side}-{_word}"] = (f"{_side}.{_limb_part}", None)
# Points of a limb that may rest on the floor alone: (point, radius of the part around it).
CONTACT_POINTS: dict[str, tuple[str, float]] = {}
for _side in SIDES:
    CONTACT_POINTS.update(
        {
            f"{_side}-knee": (f"{_side}.knee", RADII["shank"][0]),
            f"{_side}-heel": (f"{_side}.heel", RADII["foot"][0]),
            f"{_side}-toes": (f"{_side}.toes", RADII["foot"][1]),
            f"{_side}-elbow": (f"{_side}.elbow", RADII["forearm"][0]),
            f"{_side}-fingers": (f"{_side}.fingers", RADII["hand"][1]),
        }
    )
CONTACTS = tuple(sorted({*CONTACT_PARTS, *CONTACT_POINTS}))
FLOOR_TOLERANCE = 0.02  # in H: about 3.5 cm for someone 1.7 m tall


def contact_height(figure: Figure, contact: str) -> float:
    """How far above the floor (y = 0) a named contact's lowest surface is, in H."""
    if contact in CONTACT_POINTS:
        name, radius = CONTACT_POINTS[contact]
        return figure.points[name][1] - radius
    part_name, face = CONTACT_PARTS[contact]
    part = figure.part(part_name)
    if face is not None:
        # The floor must meet the named face: the part's front faces down for chest and belly,
        # up for back and buttocks.
        front_y = math.sin(math.radians(part.front))
        facing_down = front_y < 0
        if (face == "front") != facing_down:
            return math.inf
    return part.lowest


# Points a hand may be asked to reach, and where pressure can land: the name a data file uses
# -> the figure's point.
REACH_POINTS: dict[str, str] = {
    "side-of-hip": "side-of-hip",
    "front-hip-bone": "front-hip-bone",
    "inside-front-hip-bone": "inside-front-hip-bone",
    "lower-back": "lower-back",
    **{
        f"{side}-{name}": f"{side}.{name}"
        for side in SIDES
        for name in (
            "knee",
            "ankle",
            "heel",
            "toes",
            "front-of-thigh",
            "front-of-mid-thigh",
            "back-of-thigh",
            "hand",
            "fingers",
        )
    },
}
REACH_TOLERANCE = 0.06  # in H: the palm or fingertips within about 10 cm of the point


def surface_normal(figure: Figure, name: str) -> float:
    """The direction (degrees) a surface landmark (a data file's name for it) faces, away from
    the body: where a roller under it, or a label beside it, goes."""
    side, _, base = REACH_POINTS[name].rpartition(".")
    if base in ("front-hip-bone", "inside-front-hip-bone"):
        return figure.part("pelvis").front
    if base == "lower-back":
        return figure.part("lumbar").front + 180.0
    if base in ("front-of-thigh", "front-of-mid-thigh"):
        return figure.part(f"{side}.thigh").front
    if base == "back-of-thigh":
        return figure.part(f"{side}.thigh").front + 180.0
    raise KeyError(f"{name} is not a point on the body's surface")
