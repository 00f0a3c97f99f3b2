"""Immutable values for the lesson's content: exercises, doses, anatomy, fibres, guidance.

Built only by the catalog from validated data; change one by making a new value
(``dataclasses.replace``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .text import number


class Kind(str, Enum):
    STATIC_STRETCH = "static-stretch"
    DYNAMIC_STRENGTH = "dynamic-strength"
    YOGA_POSE = "yoga-pose"
    SELF_MASSAGE = "self-massage"

    @property
    def label(self) -> str:
        return {
            "static-stretch": "static stretch",
            "dynamic-strength": "dynamic / strength",
            "yoga-pose": "yoga pose",
            "self-massage": "self-massage",
        }[self.value]

    @property
    def effort(self) -> str:
        """How the muscle works in this kind of exercise: ``static``, ``dynamic`` or ``massage``."""
        return {
            "static-stretch": "static",
            "yoga-pose": "static",
            "dynamic-strength": "dynamic",
            "self-massage": "massage",
        }[self.value]


class Sides(str, Enum):
    BOTH_AT_ONCE = "both-at-once"
    ALTERNATING = "alternating"
    ONE_SIDE_THEN_OTHER = "one-side-then-other"

    @property
    def label(self) -> str:
        return {
            "both-at-once": "both sides at once",
            "alternating": "alternating right and left",
            "one-side-then-other": "one side, then the other",
        }[self.value]


class RepsScope(str, Enum):
    PER_SIDE = "per-side"
    TOTAL = "total"


class OnBeat(str, Enum):
    """How a move goes on a beat, so a timer can pace it by ear with a word and a tick a beat.

    ``reps``: each repetition starts on a beat; the beat is the hold plus the pause after it
    (the rest, and the change of side where the sides alternate), numbers the dose has already.
    ``sides``: the sides take turns on every beat through each hold, at the dose's ``beat_s``
    (mountain climbers: a knee a beat).
    """

    REPS = "reps"
    SIDES = "sides"


@dataclass(frozen=True)
class Amount:
    """A dose number: the lesson's default, the bounds a user may adjust it within, and what
    the article says (a value, a range, or nothing)."""

    default: float
    min: float
    max: float
    article_min: float | None = None
    article_max: float | None = None
    unit: str = ""

    @property
    def article_text(self) -> str:
        if self.article_min is None:
            return "not stated in the article"
        if self.article_min == self.article_max:
            return f"{number(self.article_min)}{self.unit}"
        return f"{number(self.article_min)}–{number(self.article_max)}{self.unit}"

    def allows(self, value: float) -> bool:
        return self.min <= value <= self.max


@dataclass(frozen=True)
class Dose:
    """What a timer runs for one exercise. Exactly one of ``hold_s`` and ``hold_breaths`` is set."""

    reps: Amount
    sets: Amount
    rest_s: Amount
    sides: Sides
    reps_scope: RepsScope = RepsScope.PER_SIDE
    hold_s: Amount | None = None
    hold_breaths: Amount | None = None
    switch_s: float | None = None
    on_beat: OnBeat | None = None
    beat_s: float | None = None  # only with on_beat SIDES: seconds from one beat to the next
    note: str = ""

    @property
    def work_amount(self) -> Amount:
        return self.hold_s if self.hold_s is not None else self.hold_breaths  # type: ignore[return-value]

    @property
    def in_breaths(self) -> bool:
        return self.hold_breaths is not None


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    kind: Kind
    targets: tuple[str, ...]
    summary: str
    why: str
    steps: tuple[str, ...]
    cue: str
    dose: Dose
    cautions: tuple[str, ...]
    source: str
    evidence: str
    equipment: tuple[str, ...] = ()
    optional_equipment: tuple[str, ...] = ()
    article_section: str = ""
    cautions_source: str = ""
    data_file: str = field(default="", compare=False)

    @property
    def needs(self) -> tuple[str, ...]:
        """All equipment named, required first."""
        return self.equipment + tuple(e for e in self.optional_equipment if e not in self.equipment)


@dataclass(frozen=True)
class Citation:
    text: str
    source: str


@dataclass(frozen=True)
class AnatomyTopic:
    """One part of the muscle's anatomy: what the article says, and what references add."""

    id: str
    title: str
    summary: str
    article: str
    literature: tuple[Citation, ...]
    structures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Structure:
    """A structure the anatomy schematic can draw and highlight."""

    id: str
    name: str
    description: str
    source: str


@dataclass(frozen=True)
class Mark:
    """One labelled mark of an overlay; the schematic knows where each mark id goes."""

    id: str
    label: str


@dataclass(frozen=True)
class Overlay:
    """Marks drawn over the schematic, such as where the fingers of a massage land."""

    id: str
    title: str
    description: str
    marks: tuple[Mark, ...]
    source: str

    def mark(self, mark_id: str) -> Mark:
        return _by_id(self.marks, mark_id, "mark")


@dataclass(frozen=True)
class Anatomy:
    topics: tuple[AnatomyTopic, ...]
    structures: tuple[Structure, ...]
    overlays: tuple[Overlay, ...] = ()

    def topic(self, topic_id: str) -> AnatomyTopic:
        return _by_id(self.topics, topic_id, "anatomy topic")

    def structure(self, structure_id: str) -> Structure:
        return _by_id(self.structures, structure_id, "structure")

    def overlay(self, overlay_id: str) -> Overlay:
        return _by_id(self.overlays, overlay_id, "overlay")


@dataclass(frozen=True)
class FibreShare:
    label: str
    percent: float
    speed: str  # "fast", "slow" or "intermediate"


@dataclass(frozen=True)
class FibreStudy:
    """A set of fibre-type figures or findings from one source."""

    id: str
    label: str
    source: str
    subjects: str
    method: str
    shares: tuple[FibreShare, ...]
    findings: tuple[str, ...]
    caveat: str = ""


# Where along the muscle, top (origin on the spine) to bottom (insertion on the femur): the
# vertebrae it arises from, then the pelvic brim it crosses and its insertion.
VERTEBRAL_LEVELS = ("T12", "L1", "L2", "L3", "L4", "L5")
MUSCLE_LEVELS = (*VERTEBRAL_LEVELS, "pelvic-brim", "insertion")


@dataclass(frozen=True)
class RegionalClaim:
    """What one source says about where along the muscle fibres differ."""

    id: str
    source_label: str
    source: str
    upper: str  # near the origin on the spine
    lower: str  # towards the insertion on the femur
    numbers_given: bool
    comment: str = ""
    upper_role: str = "postural"  # "postural" or "dynamic"
    lower_role: str = "dynamic"
    # the stretch of the muscle it speaks for: two of MUSCLE_LEVELS, the higher first
    span: tuple[str, str] = (MUSCLE_LEVELS[0], MUSCLE_LEVELS[-1])


@dataclass(frozen=True)
class FibreType:
    id: str
    name: str
    text: str
    source: str


@dataclass(frozen=True)
class Fibres:
    studies: tuple[FibreStudy, ...]
    regional: tuple[RegionalClaim, ...]
    article_problems: tuple[str, ...]
    stain_caveat: str
    fibre_types: tuple[FibreType, ...]
    article_right: tuple[str, ...] = ()

    def study(self, study_id: str) -> FibreStudy:
        return _by_id(self.studies, study_id, "fibre study")


@dataclass(frozen=True)
class Guideline:
    id: str
    title: str
    text: str
    source: str
    group: str  # "article", "finding", "stretching", "safety"


@dataclass(frozen=True)
class Benefit:
    """A benefit the article promises, beside what the evidence says about it."""

    id: str
    title: str
    article: str
    support: str  # "indirect" (evidence for a related practice only) or "none"
    verdict: str
    evidence: str
    source: str


@dataclass(frozen=True)
class Guidance:
    safety_notice: str
    guidelines: tuple[Guideline, ...]
    benefits: tuple[Benefit, ...] = ()

    def group(self, name: str) -> tuple[Guideline, ...]:
        return tuple(g for g in self.guidelines if g.group == name)


@dataclass(frozen=True)
class Question:
    """A self-check question. ``answer`` is the index of the right choice."""

    id: str
    topic: str
    question: str
    choices: tuple[str, ...]
    answer: int
    explanation: str
    source: str


@dataclass(frozen=True)
class ClassBlock:
    minutes: int
    title: str
    activity: str
    notebook: str


@dataclass(frozen=True)
class Disagreement:
    topic: str
    article: str
    literature: str
    source: str


@dataclass(frozen=True)
class Teaching:
    title: str
    routine: str
    blocks: tuple[ClassBlock, ...]
    discussion_prompts: tuple[str, ...]
    disagreements: tuple[Disagreement, ...]

    @property
    def minutes(self) -> int:
        return sum(block.minutes for block in self.blocks)


def _by_id(items, item_id, what):
    for item in items:
        if item.id == item_id:
            return item
    known = ", ".join(i.id for i in items)
    raise KeyError(f"no {what} {item_id!r}; known: {known}")
