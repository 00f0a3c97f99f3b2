"""An exercise's steps with the dose written in, so no step can say another number than the dose.

A step in ``data/exercises.yaml`` marks where a dose number goes: ``Hold for {hold}`` or ``Do
{reps:hold} on each leg``. :func:`render_steps` writes the applied dose in, and cards, handouts
and ``psoas-lesson show`` all call it, so for any routine they say what its timer runs.

- ``{hold}`` is the hold with its unit: ``30 seconds``, or ``5 breaths`` for a pose timed in
  breaths.
- ``{reps}``, ``{sets}`` and ``{rest_s}`` are bare numbers; ``{reps:hold}`` adds a noun, plural
  unless the number is 1 (``3 holds``, ``1 hold``).
- ``{beat}`` is the pace of a move on a beat: ``every 4 seconds``, ``every second``. Only an
  exercise whose dose goes on a beat (``on_beat``) may use it.
- Numbers that are not doses stay in the text when a unit of length or angle follows them
  (``2-3 cm``, ``90°``); any other digit in a step is refused at load, because a dose number
  belongs in the dose.

Another dose number is one more entry in ``PLACEHOLDERS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .models import Exercise
from .routine import AppliedDose
from .text import number


def _hold(dose: AppliedDose) -> str:
    if dose.hold_breaths is not None:
        return _counted(dose.hold_breaths, "breath")
    return _counted(dose.hold_s, "second")


def every(seconds: float) -> str:
    """The pace of a beat in words: ``every second``, ``every 4 seconds``."""
    return "every second" if seconds == 1 else f"every {_counted(seconds, 'second')}"


def _beat(dose: AppliedDose) -> str:
    if dose.beat_s is None:  # the loader refuses {beat} without a beat; a model built in code
        return "{beat}"
    return every(dose.beat_s)


# What each placeholder writes: a phrase with its unit (str) or a bare number (float).
PLACEHOLDERS: dict[str, Callable[[AppliedDose], str | float]] = {
    "hold": _hold,
    "reps": lambda dose: dose.reps,
    "sets": lambda dose: dose.sets,
    "rest_s": lambda dose: dose.rest_s,
    "beat": _beat,
}
# Placeholders that write a whole phrase and take no noun.
_PHRASES = ("hold", "beat")

# A number with a unit of length or angle is not a dose: "2-3 cm", "about 1 inch", "90°".
NON_DOSE_NUMBER = re.compile(
    r"\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?\s*(?:cm|mm|°|degrees?|inch(?:es)?)(?!\w)"
)
# Anything in braces; only a known name, with an optional lower-case noun, is a placeholder.
_BRACED = re.compile(r"\{([^{}]*)\}")
_PLACEHOLDER = re.compile(r"([a-z_]+)(?::([a-z]+))?")


class StepError(ValueError):
    """A step text the loader refuses; the catalog turns it into a DataError with its place."""


def _counted(value: float, noun: str) -> str:
    return f"{number(value)} {noun}{'' if value == 1 else 's'}"


def _known(inside: str) -> tuple[str, str] | None:
    """(name, noun) of a well-written placeholder, or None."""
    match = _PLACEHOLDER.fullmatch(inside)
    if not match or match[1] not in PLACEHOLDERS or (match[1] in _PHRASES and match[2]):
        return None
    return match[1], match[2] or ""


def _known_list() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def check_step(text: str) -> None:
    """Raise StepError for an unknown or badly written placeholder, or a dose number typed in."""
    for match in _BRACED.finditer(text):
        if _known(match[1]) is None:
            raise StepError(
                f"unknown placeholder {match[0]}; known: {_known_list()}, and {{reps:hold}} "
                "adds a noun ({hold} and {beat} carry their own units)"
            )
    literal = _BRACED.sub(" ", text)
    if "{" in literal or "}" in literal:
        raise StepError(
            "has a brace without its partner; a placeholder is written {hold} or {reps:hold}"
        )
    digits = re.search(r"\d+(?:\.\d+)?", NON_DOSE_NUMBER.sub("", literal))
    if digits:
        raise StepError(
            f"has the number {digits.group(0)!r} typed in; a dose number belongs in the dose: "
            f"write a placeholder ({_known_list()}) instead (a length or angle such as 2-3 cm "
            "or 90° may stay)"
        )


def uses_beat(text: str) -> bool:
    """Whether a step says the pace of a beat (``{beat}``)."""
    return any(_known(m[1]) == ("beat", "") for m in _BRACED.finditer(text))


def check_fixed_text(text: str) -> None:
    """A summary or a caution is shown as it is, whatever the routine's dose: no placeholders,
    and no dose number typed in."""
    if "{" in text or "}" in text:
        raise StepError("is shown as it is, so it takes no placeholders; only steps do")
    digits = re.search(r"\d+(?:\.\d+)?", NON_DOSE_NUMBER.sub("", text))
    if digits:
        raise StepError(
            f"has the number {digits.group(0)!r}; it reads the same for every routine, so a "
            "dose number has no place in it (the dose and the steps say it)"
        )


def check_cue(text: str) -> None:
    """The timer speaks a cue as it is, beside the dose it says itself: no placeholders."""
    if "{" in text or "}" in text:
        raise StepError("is shown as it is, so it takes no placeholders; only steps do")


def render_step(text: str, dose: AppliedDose) -> str:
    """One step with the dose written in. Only well-written placeholders are replaced: anything
    else in braces stays as typed (the loader refuses it, but a model built in code may hold it).
    """

    def write(match: re.Match) -> str:
        known = _known(match[1])
        if known is None:
            return match[0]
        name, noun = known
        value = PLACEHOLDERS[name](dose)
        if isinstance(value, str):
            return value
        return _counted(value, noun) if noun else number(value)

    return _BRACED.sub(write, text)


def render_steps(exercise: Exercise, dose: AppliedDose) -> tuple[str, ...]:
    """The exercise's steps for this dose; with more than one set, a last step says so."""
    steps = tuple(render_step(step, dose) for step in exercise.steps)
    if dose.sets > 1:
        steps += (f"Then go through all of this again: {dose.sets} sets in all.",)
    return steps


__all__ = [
    "PLACEHOLDERS",
    "StepError",
    "check_cue",
    "check_fixed_text",
    "check_step",
    "every",
    "render_step",
    "render_steps",
    "uses_beat",
]
