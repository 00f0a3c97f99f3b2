from __future__ import annotations

import io
import wave
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psoas_lesson.widgets.sound import KINDS, RATE, duration_s, silence_wav, tone_wav


def _samples(data: bytes) -> tuple[wave.Wave_read, array]:
    reader = wave.open(io.BytesIO(data))
    samples = array("h", reader.readframes(reader.getnframes()))
    if array("h", [1]).tobytes() != b"\x01\x00":
        samples.byteswap()
    return reader, samples


def _main_pitch_hz(data: bytes) -> float:
    """Pitch of the first note, from its zero crossings (the beeps are pure sine tones)."""
    reader, samples = _samples(data)
    first_gap = next(
        (i for i in range(200, len(samples)) if all(s == 0 for s in samples[i : i + 20])),
        len(samples),
    )
    note = samples[:first_gap]
    crossings = sum(1 for a, b in zip(note, note[1:], strict=False) if (a < 0) != (b < 0))
    return crossings / 2 / (len(note) / reader.getframerate())


@pytest.mark.parametrize("kind", KINDS)
def test_each_cue_is_a_short_mono_16_bit_wav(kind):
    data = tone_wav(kind)
    reader, samples = _samples(data)
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, RATE)
    assert 0.05 <= duration_s(data) <= 1.0
    assert max(abs(s) for s in samples) > 8000, "too quiet to hear"
    assert max(abs(s) for s in samples) < 32767, "clipped"


@pytest.mark.parametrize("kind", KINDS)
def test_each_cue_starts_and_ends_silent_so_it_does_not_click(kind):
    _, samples = _samples(tone_wav(kind))
    assert abs(samples[0]) < 100 and abs(samples[-1]) < 100


def test_every_kind_has_its_own_pitch():
    pitches = {kind: _main_pitch_hz(tone_wav(kind)) for kind in KINDS}
    assert pitches["count"] > pitches["work"] > pitches["rest"]
    firsts = sorted(round(p, -1) for k, p in pitches.items() if k != "done")
    assert len(set(firsts)) == len(firsts), pitches
    assert pitches["rest"] == pytest.approx(440, rel=0.03)


def test_the_count_tick_is_the_shortest_and_done_the_longest():
    lengths = {kind: duration_s(tone_wav(kind)) for kind in KINDS}
    assert min(lengths, key=lengths.get) == "count"
    assert max(lengths, key=lengths.get) == "done"


def test_the_same_cue_always_gives_the_same_bytes():
    assert tone_wav("work") == tone_wav("work")


@given(st.integers(min_value=1, max_value=500))
def test_padding_changes_the_bytes_and_only_adds_silence(pad):
    plain, padded = tone_wav("count"), tone_wav("count", pad_frames=pad)
    assert padded != plain
    _, a = _samples(plain)
    _, b = _samples(padded)
    assert len(b) == len(a) + pad and b[: len(a)] == a and not any(b[len(a) :])


def test_an_unknown_kind_names_the_known_ones():
    with pytest.raises(
        ValueError, match="unknown sound 'beep'; known sounds: count, work, rest, switch, done"
    ):
        tone_wav("beep")


@pytest.mark.parametrize("pad", [-1, 1.5, "2"])
def test_padding_must_be_a_whole_number(pad):
    with pytest.raises(ValueError, match="pad_frames"):
        tone_wav("work", pad_frames=pad)


def test_silence_is_a_valid_wav_of_zeros():
    _, samples = _samples(silence_wav(0.05))
    assert len(samples) == int(RATE * 0.05) and not any(samples)
