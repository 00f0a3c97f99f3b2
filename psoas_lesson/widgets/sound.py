"""Short beeps for the routine timer, made as WAV bytes in memory (no files, no downloads).

Each kind of cue has its own pitch so a learner on the floor, not looking at the screen, can
tell "3-2-1" from "work", "rest", "switch sides" and "done". Only the standard library is used
(``wave``, ``math``, ``array``), so making a beep costs nothing to import.
"""

from __future__ import annotations

import io
import math
import wave
from array import array
from functools import lru_cache

RATE = 22_050  # Hz: plenty for beeps, and small
AMPLITUDE = 0.45  # of full scale: clearly audible, never clipping when notes are summed
FADE_S = 0.006  # ramps at both ends, so a beep starts and stops without a click

# kind -> notes, each (frequency in Hz or 0 for a gap, seconds)
TONES: dict[str, tuple[tuple[float, float], ...]] = {
    "count": ((1046.5, 0.07),),  # C6 tick: short and high
    "work": ((880.0, 0.12), (0.0, 0.04), (880.0, 0.18)),  # A5 twice: get going
    "rest": ((440.0, 0.35),),  # A4, long and low: ease off
    "switch": ((659.3, 0.12), (0.0, 0.03), (523.3, 0.16)),  # E5 then C5: change sides
    "done": ((523.3, 0.14), (659.3, 0.14), (784.0, 0.14), (1046.5, 0.32)),  # C-E-G-C up
}
KINDS = tuple(TONES)


def tone_wav(kind: str, *, pad_frames: int = 0) -> bytes:
    """A short mono 16-bit WAV beep for ``kind``: "count", "work", "rest", "switch" or "done".

    ``pad_frames`` adds that many silent frames at the end: the same beep with different bytes,
    because a widget only sends (and a browser only replays) a value that changed.
    """
    if kind not in TONES:
        raise ValueError(f"unknown sound {kind!r}; known sounds: {', '.join(KINDS)}")
    if not isinstance(pad_frames, int) or pad_frames < 0:
        raise ValueError(f"pad_frames must be a whole number >= 0, got {pad_frames!r}")
    return _wav(kind, pad_frames)


def silence_wav(seconds: float = 0.02) -> bytes:
    """A WAV of silence: a harmless starting value for an audio widget."""
    return _encode(array("h", bytes(2 * max(1, int(RATE * seconds)))))


def duration_s(data: bytes) -> float:
    """How long a WAV made here plays, in seconds."""
    with wave.open(io.BytesIO(data)) as reader:
        return reader.getnframes() / reader.getframerate()


@lru_cache(maxsize=32)
def _wav(kind: str, pad_frames: int) -> bytes:
    samples = array("h")
    for frequency, seconds in TONES[kind]:
        samples.extend(_note(frequency, seconds))
    samples.extend(array("h", [0] * pad_frames))
    return _encode(samples)


def _note(frequency: float, seconds: float) -> array:
    count = int(RATE * seconds)
    if frequency <= 0:
        return array("h", [0] * count)
    fade = max(1, int(RATE * FADE_S))
    peak = AMPLITUDE * 32767
    step = 2 * math.pi * frequency / RATE
    out = array("h", [0] * count)
    for i in range(count):
        envelope = min(1.0, i / fade, (count - 1 - i) / fade)
        out[i] = int(round(peak * envelope * math.sin(step * i)))
    return out


def _encode(samples: array) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        # WAV is little-endian; array("h") uses the machine's order
        if array("h", [1]).tobytes() != b"\x01\x00":
            samples = array("h", samples)
            samples.byteswap()
        writer.writeframes(samples.tobytes())
    return buffer.getvalue()
