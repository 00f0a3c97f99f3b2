"""What the routine timer's page is sent once: the compiled timeline with every text it shows
and speaks, the lesson's colours, and the pose figures.

The page (``timer.js``) keeps time and draws; it composes no sentence and holds no colour of its
own. Everything it shows comes from here, as plain text (the page inserts it with
``textContent``, so a name like ``<b>`` shows as typed), except the pose figures' SVG markup,
which the figure library generates and escapes. Nothing here imports a widget library.
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
from ..theme import INK, MUTED, PAPER, PHASES, RULE, WARN, WARN_PAPER
from ..timeline import PREPARE, REST, SWITCH, WORK, Segment, Timeline

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
            segment_payload(s, _next(segments, i), shown)
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
    segment: Segment, following: Segment | None, shown: PosesShown
) -> dict[str, Any]:
    """One segment: its kind and word, what to show, say and announce, and its poses."""
    look = PHASES[segment.kind]
    said = speech(segment)
    return {
        "kind": segment.kind.value,
        "label": look.label,
        "exercise": segment.exercise,
        "name": segment.name or look.label,
        "cue": segment.cue,
        "detail": detail_text(segment),
        "next": next_text(following),
        "duration_s": segment.duration_s,
        "said": said,
        "announced": f"{look.label}: {said}" if segment.kind == WORK else said,
        "pose": shown.pose,
        "pose_is_next": shown.pose_is_next,
        "next_pose": shown.next_pose,
    }


def _next(segments: tuple[Segment, ...], index: int) -> Segment | None:
    return segments[index + 1] if index + 1 < len(segments) else None


def pose_key(segment: Segment) -> str | None:
    """The figure a segment shows: its exercise on its side (``kneeling-lunge/right``)."""
    if not segment.exercise:
        return None
    return f"{segment.exercise}/{segment.side or 'both'}"


def figure_frames(timeline: Timeline, figures: Figures) -> dict[str, list[dict[str, str]]]:
    """Each distinct (exercise, side) figure list once, by pose key; poses without frames left
    out. A provider that returns anything but a list of {"svg", "alt"} strings (with an optional
    "label" and "caption" string each) is refused.
    Each figure goes without its own size (``unsized``): the timer's stylesheet fits it to its
    box."""
    frames: dict[str, list[dict[str, str]]] = {}
    asked: set[str] = set()
    for segment in timeline.segments:
        key = pose_key(segment)
        if key is None or key in asked:
            continue
        asked.add(key)
        given = figures(segment.exercise, segment.side or "both")
        checked = _checked_frames(given, key)
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


def speech(segment: Segment) -> str:
    """What the timer says as a segment begins: "Kneeling lunge stretch, right side, 30 seconds"."""
    if segment.kind == WORK:
        parts = [segment.name or "Work"]
        if segment.side not in (None, "both"):
            parts.append(f"{segment.side} side")
        parts.append(spoken_duration(segment.duration_s))
        said = ", ".join(parts)
        if segment.rep and segment.of and segment.of > 1 and segment.rep == segment.of:
            said += f". {LAST_ONE}"
        return said
    if segment.kind == SWITCH:
        return f"Switch sides: {segment.side} side next" if segment.side else "Switch sides"
    if segment.kind == REST:
        following = segment.cue.partition("Next: ")[2] if "Next: " in segment.cue else ""
        return f"Rest. Next: {following}" if following else "Rest"
    return segment.cue  # get ready: "Get ready: Kneeling lunge stretch, right side first"


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


def detail_text(segment: Segment) -> str:
    """The side and rep under the step's name: ``Right side · Rep 1 of 6``."""
    side = segment.side
    if segment.kind == WORK:
        where = "" if side in (None, "both") else f"{side.capitalize()} side \u00b7 "
        if segment.rep and segment.of:
            return f"{where}Rep {segment.rep} of {segment.of}"
        return where.rstrip(" \u00b7")
    if segment.kind == SWITCH and side:
        return f"Next: the {side} side"
    if segment.kind == PREPARE and side:
        return "Both sides" if side == "both" else f"{side.capitalize()} side first"
    return ""


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
