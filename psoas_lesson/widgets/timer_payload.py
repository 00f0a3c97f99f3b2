"""What the routine timer's page is sent once: the compiled timeline with every text it shows
and speaks, the lesson's colours, and the pose figures.

The page (``timer.js``) keeps time and draws; it composes no sentence and holds no colour of its
own. Everything it shows comes from here, as plain text (the page inserts it with
``textContent``, so a name like ``<b>`` shows as typed), except the pose figures' SVG markup,
which the figure library generates and escapes. Nothing here imports a widget library.

What the timer says comes in forms, longest first (:class:`Saying`): the page says the longest
that it can finish before the next moment is due (``chooseSaying`` in ``timer_core.js``), or
nothing, so nothing is talked over or cut off; "Last one" and "Done" are always said, in their
shortest form if need be. A move on a beat is said once, with its count and pace, in its "Get
ready"; then each beat has its word ("right", "left", or the count).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..catalog import Catalog
from ..describe import clock, duration
from ..steps import every
from ..theme import INK, MUTED, PAPER, PHASES, RULE, WARN, WARN_PAPER
from ..timeline import PREPARE, REST, SWITCH, WORK, Beat, Count, Segment, Timeline

REMINDER = "Stop at once on sharp pain."
DONE_SAID = "Done"
LAST_ONE = "Last one"

# (exercise id, side) -> frames, each {"svg": markup, "alt": text} and, optionally, words to show
# beside it as text ("label": "Start", "caption": "Psoas (right side): lengthened"), which the page
# sets in HTML at a readable size rather than inside the drawing; [] where there is none.
Figures = Callable[[str, str], list[dict]]
FRAME_WORDS = ("label", "caption")


def no_figures(exercise_id: str, side: str) -> list[dict]:
    """A figure provider that gives no frames, for a timer without pictures."""
    return []


def lesson_figures(catalog: Catalog) -> Figures:
    """The lesson's own pose figures (data/poses.yaml), drawn for the timer."""
    from ..figures import timer_frames

    return lambda exercise_id, side: timer_frames(exercise_id, side, catalog)


def page_state(timeline: Timeline, catalog: Catalog, figures: Figures) -> dict[str, Any]:
    """What the page is sent once, by trait name: the timeline with its texts (``payload``), the
    pose figures (``pose_frames``) and the colours (``look``). The widget syncs it; the take-away
    page writes it into the file."""
    return {
        "payload": timer_payload(timeline, catalog),
        "pose_frames": figure_frames(timeline, figures),
        "look": look_payload(),
    }


def timer_payload(timeline: Timeline, catalog: Catalog) -> dict[str, Any]:
    """The timeline as the page needs it: segments with their texts, and the routine's lines."""
    segments = timeline.segments
    return {
        "name": timeline.name or "Routine",
        "key": routine_key(timeline),
        "total_s": timeline.total_s,
        "total_text": clock(timeline.total_s),
        "reminder": reminder_text(catalog),
        "done_said": DONE_SAID,
        "segments": [
            segment_payload(s, _next(segments, i), shown, segments[i - 1] if i else None)
            for i, (s, shown) in enumerate(zip(segments, poses_shown(segments), strict=True))
        ],
    }


def routine_key(timeline: Timeline) -> str:
    """A short name for the routine as it runs (its name and every segment), under which the page
    keeps its place across a reload: the same routine finds it, a changed one does not."""
    parts = [
        timeline.name,
        [(s.kind.value, s.exercise, s.side, s.duration_s) for s in timeline.segments],
    ]
    digest = hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]
    return f"{re.sub(r'[^a-z0-9]+', '-', (timeline.name or 'routine').lower()).strip('-')}-{digest}"


@dataclass(frozen=True)
class PosesShown:
    """The figures beside a segment: the large one and, small, what comes next."""

    pose: str | None  # the large figure's pose key
    pose_is_next: bool  # the large figure is the next segment's (a rest between exercises)
    next_pose: str | None  # the small figure: the next segment's pose where it looks different


def poses_shown(segments: tuple[Segment, ...]) -> list[PosesShown]:
    """What each segment shows, so that the figures and the "Next:" line speak of one thing: the
    large figure is the segment's own pose, or, where it has none (a rest between exercises), the
    next segment's, marked as next; the small figure is the next segment's pose, and only where it
    differs from the large one (no figure under "Next: Rest", none for the same side again)."""
    shown = []
    for index, segment in enumerate(segments):
        own = pose_key(segment)
        following = _next(segments, index)
        upcoming = pose_key(following) if following else None
        if own is None:
            shown.append(PosesShown(upcoming, upcoming is not None, None))
        else:
            shown.append(PosesShown(own, False, upcoming if upcoming not in (None, own) else None))
    return shown


def segment_payload(
    segment: Segment,
    following: Segment | None,
    shown: PosesShown,
    previous: Segment | None = None,
) -> dict[str, Any]:
    """One segment: its kind and word, what to show, say and announce, and its poses; for a
    move on a beat, each beat's word, side and count, pose, and when its hold ends."""
    look = PHASES[segment.kind]
    said = saying(segment, following, previous)
    announced = said.forms[0]
    if segment.kind == WORK:
        announced = f"{look.label}: {intro(segment).forms[0] if segment.beats else announced}"
    return {
        "kind": segment.kind.value,
        "label": look.label,
        "exercise": segment.exercise,
        "name": segment.name or look.label,
        "cue": segment.cue,
        "detail": detail_text(segment),
        "next": next_text(following),
        "duration_s": segment.duration_s,
        "said": said.forms[0],
        "sayings": list(said.forms),
        "must": said.must,
        "announced": announced,
        "pose": shown.pose,
        "pose_is_next": shown.pose_is_next,
        "next_pose": shown.next_pose,
        "beats": [beat_payload(segment, k) for k in range(len(segment.beats))],
    }


def beat_payload(segment: Segment, index: int) -> dict[str, Any]:
    """One beat of a move on a beat: when it falls in its segment, what is said on it, what the
    display shows (side and count, pose), and ``down_s`` after it, when its hold ends, where a
    pause follows before the next beat."""
    beat = segment.beats[index]
    ends = segment.beats[index + 1].at_s if index + 1 < len(segment.beats) else segment.duration_s
    down = beat.hold_s is not None and beat.at_s + beat.hold_s < ends - 1e-6
    said = beat_saying(segment, index)
    return {
        "at_s": beat.at_s,
        "sayings": list(said.forms),
        "must": said.must,
        "detail": detail_text(segment, beat),
        "pose": beat_pose_key(segment, beat),
        "down_s": beat.hold_s if down else None,
    }


def _next(segments: tuple[Segment, ...], index: int) -> Segment | None:
    return segments[index + 1] if index + 1 < len(segments) else None


def pose_key(segment: Segment) -> str | None:
    """The figure a segment shows: its exercise on its side (``kneeling-lunge/right``)."""
    if not segment.exercise:
        return None
    return f"{segment.exercise}/{segment.side or 'both'}"


def beat_pose_key(segment: Segment, beat: Beat) -> str | None:
    """The figure a beat shows: a repetition's on its side; sides taking turns through a hold
    keep the hold's (its figure shows both ends of the move)."""
    if beat.rep is None or not segment.exercise:
        return pose_key(segment)
    return f"{segment.exercise}/{beat.side}"


def figure_frames(timeline: Timeline, figures: Figures) -> dict[str, list[dict[str, str]]]:
    """Each distinct (exercise, side) figure list once, by pose key; poses without frames left
    out. A provider that returns anything but a list of {"svg", "alt"} strings (with an optional
    "label" and "caption" string each) is refused.
    Each figure goes without its own size (``unsized``): the timer's stylesheet fits it to its
    box."""
    frames: dict[str, list[dict[str, str]]] = {}
    asked: set[str] = set()
    for segment in timeline.segments:
        keys = [pose_key(segment), *(beat_pose_key(segment, b) for b in segment.beats)]
        for key in keys:
            if key is None or key in asked:
                continue
            asked.add(key)
            exercise_id, side = key.split("/")
            checked = _checked_frames(figures(exercise_id, side), key)
            if checked:
                frames[key] = checked
    return frames


def _checked_frames(given: Any, key: str) -> list[dict[str, str]]:
    if not isinstance(given, list):
        raise TypeError(f"figures for {key}: expected a list of frames, got {type(given).__name__}")
    checked = []
    for number, frame in enumerate(given, start=1):
        svg = frame.get("svg") if isinstance(frame, dict) else None
        alt = frame.get("alt") if isinstance(frame, dict) else None
        if not isinstance(svg, str) or not svg.lstrip().startswith("<svg"):
            raise TypeError(f"figures for {key}: frame {number} needs 'svg' markup (<svg ...>)")
        if not isinstance(alt, str) or not alt.strip():
            raise TypeError(f"figures for {key}: frame {number} needs an 'alt' text")
        words = {name: frame[name] for name in FRAME_WORDS if frame.get(name) is not None}
        for name, text in words.items():
            if not isinstance(text, str):
                raise TypeError(f"figures for {key}: frame {number}'s {name!r} must be text")
        checked.append({"svg": unsized(svg), "alt": alt, **words})
    return checked


# The root <svg ...> tag, its attributes quoted as generators write them; and those that size it.
_ROOT_TAG = re.compile(r"""\s*<svg\b(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")
_SIZE = re.compile(r"""\s+(?:style|width|height)\s*=\s*(?:"[^"]*"|'[^']*')""")


def unsized(svg: str) -> str:
    """The figure without the width, height and inline style on its root ``<svg>``: sizes made for
    a card or a page, which would win over the timer's stylesheet. Nothing inside it changes."""
    root = _ROOT_TAG.match(svg)
    if root is None:
        return svg
    return _SIZE.sub("", root.group()) + svg[root.end() :]


def look_payload() -> dict[str, Any]:
    """The lesson's colours for the page (theme.py is their one home): each phase's word, colour
    and text colour, and the text, surface and warning colours."""
    return {
        "phases": {
            kind.value: {"label": look.label, "colour": look.colour, "ink": look.ink}
            for kind, look in PHASES.items()
        },
        "ink": INK,
        "muted": MUTED,
        "paper": PAPER,
        "rule": RULE,
        "warn": WARN,
        "warn_paper": WARN_PAPER,
    }


# -- the words ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Saying:
    """What the timer may say at one moment, longest form first. The page says the longest form
    it can finish before the next moment, or nothing; a ``must`` saying ("Last one", "Done") is
    said in its shortest form even if it runs over (timer_core.js chooseSaying)."""

    forms: tuple[str, ...]
    must: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "forms", tuple(dict.fromkeys(self.forms)))  # each form once


def saying(
    segment: Segment, following: Segment | None = None, previous: Segment | None = None
) -> Saying:
    """What the timer says as a segment begins: "Kneeling lunge stretch, right side, 30
    seconds", shorter "Right side"; before a move on a beat, the move with its count and pace."""
    if segment.kind == WORK and segment.beats:
        word = beat_saying(segment, 0)
        if previous is not None and previous.kind == PREPARE:
            return word  # the move was said in its "Get ready"
        shorter = intro(segment).forms[1]
        forms = (f"{shorter}. {word.forms[0]}", f"{segment.name}: {word.forms[0]}", *word.forms)
        return Saying(forms, word.must)
    if segment.kind == WORK:
        where = f"{segment.side} side" if segment.side not in (None, "both") else ""
        full = ", ".join(
            filter(None, [segment.name or "Work", where, spoken_duration(segment.duration_s)])
        )
        short = where.capitalize() or segment.name or "Work"
        if _last(segment.rep, segment.of):
            return Saying((f"{full}. {LAST_ONE}", f"{short}. {LAST_ONE}", LAST_ONE), must=True)
        return Saying((full, short))
    if segment.kind == SWITCH:
        if segment.side:
            return Saying((f"Switch sides: {segment.side} side next", "Switch sides"))
        return Saying(("Switch sides",))
    if segment.kind == REST:
        following_name = segment.cue.partition("Next: ")[2] if "Next: " in segment.cue else ""
        return Saying((f"Rest. Next: {following_name}", "Rest") if following_name else ("Rest",))
    # get ready: "Get ready: Kneeling lunge stretch, right side first"
    if following is not None and following.kind == WORK and following.beats:
        return Saying(tuple(f"Get ready: {form}" for form in intro(following).forms))
    return Saying((segment.cue, f"Get ready: {segment.name}") if segment.name else (segment.cue,))


def intro(segment: Segment) -> Saying:
    """A move on a beat said once: "Frankensteins, 20 in all, alternating sides, every 4
    seconds"; shorter without the sides; shortest its name."""
    beats = segment.beats
    first = beats[0]
    if first.rep is None:  # sides taking turns through a hold: its length, not a count
        count = spoken_duration(segment.duration_s)
        sides = f"{first.side} and {beats[1].side} in turn" if len(beats) > 1 else ""
    else:
        count = f"{first.count.of} {'on each side' if first.count.per_side else 'in all'}"
        turns = len({b.side for b in beats}) > 1
        sides = (
            "alternating sides" if turns else "" if first.side == "both" else f"{first.side} side"
        )
    pace = every(segment.beat_s)
    name = segment.name or "Work"
    full = ", ".join(filter(None, [name, count, sides, pace]))
    return Saying((full, f"{name}, {count}, {pace}", name))


def beat_saying(segment: Segment, index: int) -> Saying:
    """The word on a beat: the side where the sides take turns ("right", "left"), else the
    count ("3"); the last repetition of the exercise adds "last one" and must be said."""
    beat = segment.beats[index]
    turns = len({b.side for b in segment.beats}) > 1
    word = beat.side if turns else str(beat.count.n)
    if beat.rep is not None and _last(beat.rep, segment.of):
        return Saying((f"{word}, last one", "last one"), must=True)
    return Saying((word,))


def _last(rep: int | None, of: int | None) -> bool:
    return bool(rep and of and of > 1 and rep == of)


def spoken_duration(seconds: float) -> str:
    """``30 seconds``, ``1 minute``, ``2 minutes 15 seconds``: a duration said aloud."""
    whole = max(1, round(seconds))
    minutes, secs = divmod(whole, 60)
    said = []
    if minutes:
        said.append(f"{minutes} minute" + ("s" if minutes != 1 else ""))
    if secs:
        said.append(f"{secs} second" + ("s" if secs != 1 else ""))
    return " ".join(said)


def detail_text(segment: Segment, beat: Beat | None = None) -> str:
    """The side and count under the step's name, as the card counts: ``Right side · 1 of 3``
    (per side where the dose counts per side); on a beat, the beat's own."""
    side = segment.side
    if segment.kind == WORK:
        if beat is None and segment.beats:
            beat = segment.beats[0]
        if beat is not None:
            where = _where(beat.side)
            if beat.rep is None and segment.count and segment.count.of > 1:
                where = f"Bout {segment.count.n} of {segment.count.of} \u00b7 {where}"
            return _counted(where, beat.count)
        return _counted(_where(side), segment.count)
    if segment.kind == SWITCH and side:
        return f"Next: the {side} side"
    if segment.kind == PREPARE and side:
        return "Both sides" if side == "both" else f"{side.capitalize()} side first"
    return ""


def _where(side: str | None) -> str:
    return "" if side in (None, "both") else f"{side.capitalize()} side"


def _counted(where: str, count: Count | None) -> str:
    """``Right side · 2 of 3 · set 2 of 2``: the parts that say something."""
    parts = [where]
    if count is not None and (count.of > 1 or count.sets > 1):
        parts.append(f"{count.n} of {count.of}")
    if count is not None and count.sets > 1:
        parts.append(f"set {count.set} of {count.sets}")
    return " \u00b7 ".join(filter(None, parts))


def next_text(segment: Segment | None) -> str:
    """What comes after: ``Next: Kneeling lunge stretch, left side (30 s)``."""
    if segment is None:
        return "Next: the end"
    label = segment.kind.label
    if segment.kind == WORK:
        where = "" if segment.side in (None, "both") else f", {segment.side} side"
        what = f"{segment.name}{where}"
    elif segment.kind == SWITCH:
        what = segment.cue
    elif segment.kind == PREPARE:
        what = f"{label} for {segment.name}"
    else:
        what = label
    return f"Next: {what} ({duration(segment.duration_s)})"


def reminder_text(catalog: Catalog) -> str:
    """The timer's safety line: stop on sharp pain, with the lesson's own sentence about it."""
    extra = reminder_line(catalog)
    return f"{REMINDER} {extra}" if extra and extra != REMINDER else REMINDER


def reminder_line(catalog: Catalog) -> str:
    """The shortest sentence of the lesson's guidance that mentions sharp pain, if any."""
    guidance = catalog.guidance
    texts = [guidance.safety_notice, *(g.text for g in guidance.guidelines)]
    sentences = [s.strip() for text in texts for s in re.split(r"(?<=[.!?])\s+", text)]
    found = [s for s in sentences if "sharp" in s.lower()]
    return min(found, key=len) if found else ""
