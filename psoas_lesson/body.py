"""The body model behind the pose figures: segment lengths in standard proportions, forward
kinematics from joint angles, and the figure set on the floor.

Lengths are fractions of standing height (H = 1). Coordinates are seen from the figure's right
side: x grows the way a standing figure faces, y grows upwards, the hip joint of the root is at
the origin until :func:`place_on_floor` moves the figure so that its lowest point touches y = 0.
Looking from the left side is the same drawing mirrored (:meth:`Figure.mirrored`).

Joint angles follow the clinical convention: 0 is standing upright, flexion is positive,
extension negative. ``body`` is not a joint but the tilt of the whole body from upright (forward
positive): 90 lies face down, -90 lies on the back. ``pelvis`` is the pelvis's own tilt on top of
that (forward, anterior, positive; backward, posterior, negative), as when hugging one knee rolls
the pelvis back. The hips are measured from the pelvis, as a clinician measures them, and the
spine bends above it: ``trunk`` bends the spine, spread evenly over the lumbar and thoracic parts.
``wrist`` bends the hand back from the line of the forearm (positive, as a palm flat on the floor
under the shoulder).

The near limbs are those on the viewer's side, drawn in front; the far limbs are drawn behind.
Which of them is the right or the left side is the drawing's business (:mod:`psoas_lesson.figures`).

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
# The foot's outline around the ankle joint: (along the foot towards the toes, up towards the
# shin), in H. The sole lies the table's ankle height below the ankle; the top of the foot slopes
# down to the toes, so a foot kneeling on its top lies flat with the ankle pointed.
FOOT_OUTLINE = {
    "heel-back": (-0.040, -0.010),
    "heel": (-0.030, -0.039),
    "ball": (0.085, -0.039),
    "toe-tip": (0.112, -0.030),
    "toe-top": (0.106, -0.017),
    "instep": (0.045, 0.008),
    "ankle-front": (0.018, 0.024),
    "ankle-back": (-0.022, 0.022),
}
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

BODY_JOINTS = ("body", "pelvis", "trunk", "neck")
LIMB_JOINTS = ("hip", "knee", "ankle", "shoulder", "elbow", "wrist")
NEAR_FAR = ("near", "far")  # the near limbs (in front) and the far limbs (behind)


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
    "body": JointRange(-180, 180, "the whole body's tilt from upright, any way up"),
    "pelvis": JointRange(
        -20,
        20,
        "the drawing's own limit, not a measured range: the pelvis tilts only a little on the "
        "hips and the spine, as when hugging one knee rolls it back (Kendall, Muscles: Testing "
        "and Function; Vigotsky AD, et al. PeerJ 2016;4:e2325)",
    ),
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
    "ankle": JointRange(
        -70,
        20,
        f"plantarflexion 50°, dorsiflexion 20° ({_AAOS}); kneeling or lying face down on the "
        "tops of the feet takes the ankle further, passively under the body's weight, so the "
        "drawing allows 70°",
    ),
    "shoulder": JointRange(-60, 180, f"flexion 180°, extension 60° ({_AAOS})"),
    "elbow": JointRange(0, 150, f"flexion 150° ({_AAOS})"),
    "wrist": JointRange(
        -80,
        90,
        f"flexion 80°, extension 70° ({_AAOS}); a palm flat on the floor under the shoulder, as "
        "in a plank, takes it further, passively under the body's weight, so the drawing allows "
        "90°",
    ),
}


@dataclass(frozen=True)
class Limbs:
    """The joint angles of the near or the far limbs, in degrees."""

    hip: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0
    shoulder: float = 0.0
    elbow: float = 0.0
    wrist: float = 0.0


@dataclass(frozen=True)
class Angles:
    """Every joint angle of a pose, in degrees (see the module's docstring for the signs)."""

    body: float = 0.0
    pelvis: float = 0.0
    trunk: float = 0.0
    neck: float = 0.0
    near: Limbs = field(default_factory=Limbs)
    far: Limbs = field(default_factory=Limbs)

    def joint(self, name: str) -> float:
        """An angle by its dotted name: ``trunk``, ``near.hip``, ``far.knee``."""
        limbs, _, joint = name.rpartition(".")
        return getattr(getattr(self, limbs) if limbs else self, joint)

    def out_of_range(self) -> list[tuple[str, float, JointRange]]:
        """The joints whose angle lies outside the body's range: (name, degrees, range)."""
        names = [*BODY_JOINTS, *(f"{limbs}.{j}" for limbs in NEAR_FAR for j in LIMB_JOINTS)]
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


def along(start: Point, degrees: float, length: float) -> Point:
    """``start`` moved ``length`` in the direction ``degrees``."""
    dx, dy = direction(degrees)
    return (start[0] + dx * length, start[1] + dy * length)


def offset(point: Point, degrees: float, forward: float, up: float = 0.0) -> Point:
    """``point`` moved ``forward`` along ``degrees`` and ``up`` at right angles to it (to its
    left, counter-clockwise)."""
    fx, fy = direction(degrees)
    return (point[0] + fx * forward - fy * up, point[1] + fy * forward + fx * up)


def distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def distance_to_segment(p: Point, a: Point, b: Point) -> tuple[float, float]:
    """How far ``p`` is from the segment a-b, and where along it (0 at a, 1 at b) it is nearest."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2))
    return distance(p, (ax + t * dx, ay + t * dy)), t


@dataclass(frozen=True)
class Part:
    """One drawn part of the body: a tapered capsule from ``a`` (radius ``ra``) to ``b`` (``rb``);
    a circle when ``a == b``. ``front`` is the direction the part's front faces, in degrees;
    ``layer`` is "near" or "far" for a limb, "body" for the head and trunk."""

    name: str
    layer: str
    a: Point
    b: Point
    ra: float
    rb: float
    front: float

    @property
    def lowest(self) -> float:
        """The y of the part's lowest surface point."""
        return min(self.a[1] - self.ra, self.b[1] - self.rb)

    def depth_at(self, p: Point) -> float:
        """How far ``p`` lies inside the part's surface (negative: outside it)."""
        gap, t = distance_to_segment(p, self.a, self.b)
        return self.ra + (self.rb - self.ra) * t - gap

    def moved(self, dx: float, dy: float, flip: bool = False) -> Part:
        def move(p: Point) -> Point:
            return ((-p[0] if flip else p[0]) + dx, p[1] + dy)

        front = (180.0 - self.front) if flip else self.front
        return Part(self.name, self.layer, move(self.a), move(self.b), self.ra, self.rb, front)


@dataclass(frozen=True)
class Figure:
    """A posed body: named joint points, drawable parts, and the direction each segment points
    (``"pelvis"``: from the hip joint up to the sacrum; ``"near.thigh"``: from the hip to the
    knee; ...), in units of height."""

    angles: Angles
    points: dict[str, Point]
    parts: tuple[Part, ...]
    directions: dict[str, float]
    mirror: bool = False

    def point(self, name: str) -> Point:
        return self.points[name]

    def part(self, name: str) -> Part:
        for part in self.parts:
            if part.name == name:
                return part
        raise KeyError(name)

    def bounds(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) around every part's surface."""
        xs, ys = [], []
        for part in self.parts:
            for (x, y), r in ((part.a, part.ra), (part.b, part.rb)):
                xs += [x - r, x + r]
                ys += [y - r, y + r]
        for name, (x, y) in self.points.items():
            if name == "nose" or ".foot." in name:
                xs.append(x)
                ys.append(y)
        return (min(xs), min(ys), max(xs), max(ys))

    def moved(self, dx: float, dy: float) -> Figure:
        points = {name: (x + dx, y + dy) for name, (x, y) in self.points.items()}
        parts = tuple(part.moved(dx, dy) for part in self.parts)
        return Figure(self.angles, points, parts, self.directions, self.mirror)

    def mirrored(self) -> Figure:
        """The same pose seen from the other side: x negated (the figure faces the other way)."""
        points = {name: (-x, y) for name, (x, y) in self.points.items()}
        parts = tuple(part.moved(0.0, 0.0, flip=True) for part in self.parts)
        directions = {name: 180.0 - degrees for name, degrees in self.directions.items()}
        return Figure(self.angles, points, parts, directions, not self.mirror)

    # The psoas -----------------------------------------------------------------------------

    def psoas_path(self, limbs: str = "near") -> list[Point]:
        """Where the psoas of the near or far side runs: from the lumbar spine (T12), down the
        front of the lumbar vertebrae, over the front of the pelvic rim, to the top of that
        side's thigh bone (the lesser trochanter)."""
        return [self.points[f"{limbs}.psoas.{stop}"] for stop in PSOAS_STOPS]

    def psoas_length(self, limbs: str = "near") -> float:
        """The drawn psoas's length in H: longer with hip extension, shorter with flexion, and
        the same whatever the knee does (it does not cross the knee)."""
        path = self.psoas_path(limbs)
        return sum(distance(a, b) for a, b in zip(path, path[1:], strict=False))


PSOAS_STOPS = ("origin", "lumbar", "rim", "insertion")
NOSE_REACH = 1.28  # the nose's tip, in head radii from the head's centre


def pose(angles: Angles) -> Figure:
    """Forward kinematics: every joint's position from the angles, with the hip joint at the
    origin and the figure seen from its right side."""
    lengths = SEGMENT_LENGTHS
    trunk = lengths["trunk"]
    points: dict[str, Point] = {}
    parts: list[Part] = []

    hip = (0.0, 0.0)
    pelvis_up = 90.0 - angles.body - angles.pelvis
    lumbar_up = pelvis_up - angles.trunk / 2
    thorax_up = lumbar_up - angles.trunk / 2
    head_up = thorax_up - angles.neck
    sacrum = along(hip, pelvis_up, TRUNK_SHARES["pelvis"] * trunk)
    waist = along(sacrum, lumbar_up, TRUNK_SHARES["lumbar"] * trunk)
    shoulder = along(waist, thorax_up, TRUNK_SHARES["thorax"] * trunk)
    chin = along(shoulder, head_up, lengths["neck"])
    head = offset(shoulder, head_up, lengths["neck"] + lengths["head"] / 2, -0.012)
    face = head_up - 90.0  # the way the face looks
    # The nose's tip leans a little towards the chin, as the drawing's nose does.
    nose_dir = math.degrees(
        math.atan2(
            math.sin(math.radians(face)) + 0.2 * math.sin(math.radians(head_up + 180.0)),
            math.cos(math.radians(face)) + 0.2 * math.cos(math.radians(head_up + 180.0)),
        )
    )
    points.update(hip=hip, sacrum=sacrum, waist=waist, shoulder=shoulder, chin=chin, head=head)
    points["nose"] = along(head, nose_dir, NOSE_REACH * RADII["head"])
    points["front-hip-bone"] = offset(hip, pelvis_up, 0.045, -0.052)
    points["inside-front-hip-bone"] = offset(hip, pelvis_up, 0.028, -0.058)
    points["lower-back"] = offset(sacrum, lumbar_up, 0.45 * TRUNK_SHARES["lumbar"] * trunk, 0.055)
    points["side-of-hip"] = offset(hip, pelvis_up, 0.055, 0.005)  # the top of the hip bone
    directions = {
        "pelvis": pelvis_up,
        "lumbar": lumbar_up,
        "thorax": thorax_up,
        "head": head_up,
    }

    for limbs in NEAR_FAR:
        limb: Limbs = getattr(angles, limbs)
        thigh = pelvis_up - 180.0 + limb.hip
        knee = along(hip, thigh, lengths["thigh"])
        shank = thigh - limb.knee
        ankle = along(knee, shank, lengths["shank"])
        foot = shank + 90.0 + limb.ankle
        # The heel and toe points sit one drawn radius above the sole, so the sole's surface lies
        # the table's ankle height below the ankle.
        sole = LANDMARK_HEIGHTS["ankle"]
        heel = offset(ankle, foot, -HEEL_BEHIND_ANKLE, -(sole - RADII["foot"][0]))
        toes = offset(ankle, foot, lengths["foot"] - HEEL_BEHIND_ANKLE, -(sole - RADII["foot"][1]))
        arm = thorax_up - 180.0 + limb.shoulder
        elbow = along(shoulder, arm, lengths["upper_arm"])
        forearm = arm + limb.elbow
        wrist = along(elbow, forearm, lengths["forearm"])
        hand = forearm + limb.wrist
        fingers = along(wrist, hand, 0.75 * lengths["hand"])
        palm = along(wrist, hand, 0.35 * lengths["hand"])
        prefix = f"{limbs}."
        for name, (forward, up) in FOOT_OUTLINE.items():
            points[f"{prefix}foot.{name}"] = offset(ankle, foot, forward, up)
        directions.update(
            {
                prefix + "thigh": thigh,
                prefix + "shank": shank,
                prefix + "foot": foot,
                prefix + "upper_arm": arm,
                prefix + "forearm": forearm,
                prefix + "hand": hand,
            }
        )
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
                prefix + "front-of-thigh": offset(hip, thigh, 0.06, RADII["thigh"][0]),
                prefix + "front-of-mid-thigh": offset(hip, thigh, 0.13, 0.9 * RADII["thigh"][0]),
                prefix + "back-of-thigh": offset(hip, thigh, 0.16, -RADII["thigh"][0]),
                prefix + "mid-thigh": along(hip, thigh, 0.5 * lengths["thigh"]),
                # the front of the lumbar vertebrae, from T12 down to L5
                prefix + "psoas.origin": offset(waist, lumbar_up, 0.0, 0.004),
                prefix + "psoas.lumbar": offset(sacrum, lumbar_up, 0.012, -0.004),
                prefix + "psoas.rim": offset(hip, pelvis_up, 0.022, -0.032),
                # the lesser trochanter: on the back and inner side of the thigh bone's top
                prefix + "psoas.insertion": offset(hip, thigh, 0.055, -0.008),
            }
        )
        parts += [
            _part("thigh", limbs, hip, knee, thigh + 90.0),
            _part("shank", limbs, knee, ankle, shank + 90.0),
            _part("upper_arm", limbs, shoulder, elbow, arm + 90.0),
            _part("forearm", limbs, elbow, wrist, forearm + 90.0),
            _part("hand", limbs, wrist, fingers, hand + 90.0),
        ]
    parts += [
        _part("pelvis", "body", hip, sacrum, pelvis_up - 90.0),
        _part("lumbar", "body", sacrum, waist, lumbar_up - 90.0),
        _part("thorax", "body", waist, along(shoulder, thorax_up, -0.02), thorax_up - 90.0),
        _part("neck", "body", shoulder, chin, head_up - 90.0),
        Part("head", "body", head, head, RADII["head"], RADII["head"], face),
    ]
    return Figure(angles, points, tuple(parts), directions)


def _part(name: str, layer: str, a: Point, b: Point, front: float) -> Part:
    radius = RADII[name]
    ra, rb = radius if isinstance(radius, tuple) else (radius, radius)
    return Part(f"{layer}.{name}" if layer != "body" else name, layer, a, b, ra, rb, front)


# ---------------------------------------------------------------------------------------------
# What touches the floor

# What a data file may name as touching the floor. A contact is a set of points on the body's
# surface (a point and the radius of the part around it): one point touches the floor; two are
# the ends of a part that lies along the floor for its whole length (a forearm flat on the mat, a
# foot flat on its sole). The trunk's contacts also say which face meets the floor.
ALONG_PARTS = {"back": "thorax", "chest": "thorax", "lower-back": "lumbar", "belly": "lumbar"}
FACES = {"back": "back", "chest": "front", "lower-back": "back", "belly": "front",
         "buttocks": "back", "front-of-hips": "front"}  # fmt: skip
LIMB_CONTACT_WORDS = (
    ("thigh", "thigh"),
    ("shank", "shin"),
    ("upper_arm", "upper-arm"),
    ("forearm", "forearm"),
    ("hand", "hand"),
)


def _contact_names() -> tuple[str, ...]:
    names = {"head", "shoulders", "buttocks", "front-of-hips", *ALONG_PARTS}
    for limbs in NEAR_FAR:
        names |= {f"{limbs}-{word}" for _part, word in LIMB_CONTACT_WORDS}
        names |= {f"{limbs}-{w}" for w in ("foot", "top-of-foot", "knee", "heel", "toes")}
        names |= {f"{limbs}-{w}" for w in ("elbow", "fingers")}
    return tuple(sorted(names))


CONTACTS = _contact_names()
FLOOR_TOLERANCE = 0.02  # in H: about 3.5 cm for someone 1.7 m tall
SINK_TOLERANCE = 0.01  # in H: flesh pressed into the mat, about 1.7 cm; deeper is through it


def contact_surface(figure: Figure, contact: str) -> list[tuple[str, float]]:
    """The surface heights (in H above y = 0) of a contact: one for a point, the two ends of a
    part that lies along the floor, each with its word; [] when the named face of the trunk looks
    away from the floor."""
    face = FACES.get(contact)
    if face is not None:
        part = figure.part(ALONG_PARTS.get(contact, "pelvis"))
        if (face == "front") != (math.sin(math.radians(part.front)) < 0):
            return []
    if contact in ALONG_PARTS:
        part = figure.part(ALONG_PARTS[contact])
        first, second = {"thorax": ("waist", "shoulder"), "lumbar": ("pelvis", "waist")}[part.name]
        return [(first, part.a[1] - part.ra), (second, part.b[1] - part.rb)]
    if contact in ("buttocks", "front-of-hips"):
        return [(contact, figure.part("pelvis").lowest)]
    if contact == "head":
        return [("head", figure.part("head").lowest)]
    if contact == "shoulders":
        return [("shoulders", figure.point("shoulder")[1] - RADII["thorax"][1])]
    limbs, _, word = contact.partition("-")
    points = figure.points
    foot = f"{limbs}.foot."
    if word == "foot":
        return [("heel", points[foot + "heel"][1]), ("toes", points[foot + "ball"][1])]
    if word == "top-of-foot":
        return [("instep", points[foot + "instep"][1]), ("toes", points[foot + "toe-top"][1])]
    if word == "heel":  # its underside, or its back when the foot points up
        return [("heel", min(points[foot + "heel"][1], points[foot + "heel-back"][1]))]
    if word == "toes":
        return [("toes", points[foot + "toe-tip"][1])]
    if word in ("knee", "elbow", "fingers"):
        radius = {"knee": RADII["shank"][0], "elbow": RADII["forearm"][0], "fingers": 0.01}
        return [(word, points[f"{limbs}.{word}"][1] - radius[word])]
    base = {w: p for p, w in LIMB_CONTACT_WORDS}[word]
    part = figure.part(f"{limbs}.{base}")
    first, second = {
        "thigh": ("hip", "knee"),
        "shank": ("knee", "ankle"),
        "upper_arm": ("shoulder", "elbow"),
        "forearm": ("elbow", "wrist"),
        "hand": ("wrist", "fingertips"),
    }[base]
    return [(first, part.a[1] - part.ra), (second, part.b[1] - part.rb)]


def contact_height(figure: Figure, contact: str) -> float:
    """How far above the floor a named contact's lowest surface is, in H (infinite where the
    named face looks away from the floor)."""
    return min((h for _w, h in contact_surface(figure, contact)), default=math.inf)


def lowest_points(figure: Figure) -> list[tuple[str, float]]:
    """Every part's lowest surface point, and the nose's and each foot's outline: (name, y)."""
    found = [(part.name, part.lowest) for part in figure.parts if not part.name.endswith("foot")]
    found.append(("nose", figure.points["nose"][1]))
    for limbs in NEAR_FAR:
        outline = [figure.points[f"{limbs}.foot.{name}"][1] for name in FOOT_OUTLINE]
        found.append((f"{limbs}.foot", min(outline)))
    return found


def sunk(figure: Figure) -> list[tuple[str, float]]:
    """The parts (and the nose) that go below the floor by more than the flesh gives, deepest
    first: (name, depth in H)."""
    deep = [(name, -y) for name, y in lowest_points(figure) if -y > SINK_TOLERANCE]
    return sorted(deep, key=lambda found: -found[1])


def place_on_floor(figure: Figure, contacts: tuple[str, ...] = ()) -> Figure:
    """The figure moved up or down so that the lowest of the named floor contacts touches the
    floor at y = 0; without contacts (or when none faces the floor), its lowest point."""
    heights = [h for h in (contact_height(figure, c) for c in contacts) if math.isfinite(h)]
    lowest = min(heights) if heights else min(y for _name, y in lowest_points(figure))
    return figure.moved(0.0, -lowest)


# Points a hand may be asked to reach, where pressure can land, and what a movement's arrow
# follows: the name a data file uses -> the figure's point.
REACH_POINTS: dict[str, str] = {
    "side-of-hip": "side-of-hip",
    "front-hip-bone": "front-hip-bone",
    "inside-front-hip-bone": "inside-front-hip-bone",
    "lower-back": "lower-back",
    "hip": "hip",
    "shoulder": "shoulder",
    "head": "head",
    **{
        f"{limbs}-{name}": f"{limbs}.{name}"
        for limbs in NEAR_FAR
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
    limbs, _, base = REACH_POINTS[name].rpartition(".")
    if base in ("front-hip-bone", "inside-front-hip-bone"):
        return figure.part("pelvis").front
    if base == "lower-back":
        return figure.part("lumbar").front + 180.0
    if base in ("front-of-thigh", "front-of-mid-thigh"):
        return figure.part(f"{limbs}.thigh").front
    if base == "back-of-thigh":
        return figure.part(f"{limbs}.thigh").front + 180.0
    raise KeyError(f"{name} is not a point on the body's surface")
