"""The timer followed by ear (issue 17): the real page on a page of its own, on Playwright's fake
clock, with a speech stub that takes a realistic time a word (0.4 s at rate 1, a pause at each
stop and comma), queues what it is given while speaking, as browsers do, and ends each
utterance with ``onend``. Whatever ready routine runs, no cue is cut off or runs into the next,
"Last one" and "Done" are said whole, and no beep lands on speech; a move on a beat is said
once, then a word on each beat, its side and count shown with it. The harness and the cue log
are ``benchmarks/cue_schedule.py`` (``python -m benchmarks.cue_schedule`` prints the log).
"""

from __future__ import annotations

import pytest

from benchmarks.cue_schedule import SLOW_SECONDS_PER_WORD, CueLog, Moment, follow_by_ear
from psoas_lesson import default_catalog

READY = [routine.id for routine in default_catalog().routines]


@pytest.fixture(scope="module")
def warmup(browser):
    return follow_by_ear("class-warmup", browser=browser)


def talked_over(log) -> list[tuple[float, str, str, float]]:
    return [
        (m.at, m.what, m.said[0]["text"], log.overlap_s(i))
        for i, m in enumerate(log.moments)
        if log.overlap_s(i) > 0
    ]


@pytest.mark.parametrize("routine", READY)
def test_no_cue_of_a_ready_routine_is_cut_off_or_talked_over(browser, routine):
    log = follow_by_ear(routine, browser=browser)
    assert log.cancels == [], "the page cancelled speech though nobody pressed anything"
    assert log.cut == []
    assert all(s["end"] is not None for s in log.said), "an utterance never ended"
    assert talked_over(log) == []
    assert log.beeps_on_speech() == []
    assert [s["text"] for s in log.said if "last one" in s["text"].lower()], "no Last one said"
    assert log.said[-1]["text"] == "Done"


def test_a_slow_voice_is_not_cut_off_either_it_is_given_less_to_say(browser):
    log = follow_by_ear("class-warmup", seconds_per_word=SLOW_SECONDS_PER_WORD, browser=browser)
    assert log.cancels == [] and log.cut == []
    assert talked_over(log) == []
    assert log.forms()["short"] >= 1


def test_frankensteins_are_said_once_then_a_word_on_every_beat(warmup):
    at = next(i for i, m in enumerate(warmup.moments) if m.what == "work Frankensteins")
    ready, lifts = warmup.moments[at - 1], warmup.moments[at : at + 20]
    assert ready.said[0]["text"].startswith("Get ready: Frankensteins, 20 in all")
    assert "every 4 seconds" in ready.said[0]["text"]
    words = [m.said[0]["text"] for m in lifts]
    assert words == ["right", "left"] * 9 + ["right", "left, last one"]
    for moment in lifts:  # on the beat: right after its tone or tick
        assert 0 <= moment.said[0]["start"] - moment.at <= 0.4, moment.what
    ticks = [b for b in warmup.beeps if lifts[0].at < b["at"] < lifts[-1].at + 2]
    assert len([b for b in ticks if b["frequency"] == 784.0]) == 19  # each later beat ticks


def test_the_display_shows_each_beats_side_and_count_as_the_card_counts(warmup):
    start = next(m.at for m in warmup.moments if m.what == "work Frankensteins")
    shown = [d["text"] for d in warmup.shown if start - 0.01 <= d["at"] < start + 78]
    assert shown[:3] == [
        "Right side \u00b7 1 of 20",
        "Left side \u00b7 2 of 20",
        "Right side \u00b7 3 of 20",
    ]
    assert shown[-1] == "Left side \u00b7 20 of 20"
    changes = [d["at"] - start for d in warmup.shown if start - 0.01 <= d["at"] < start + 78]
    assert all(abs(t - 4 * k) < 0.05 for k, t in enumerate(changes)), changes


def test_mountain_climbers_get_a_steady_pace_and_which_leg(warmup):
    at = next(i for i, m in enumerate(warmup.moments) if m.what == "work Mountain climbers")
    knees = warmup.moments[at : at + 30]
    assert [m.said[0]["text"] for m in knees] == ["right", "left"] * 15
    assert [round(m.at - knees[0].at, 6) for m in knees] == list(range(30))


def test_the_cue_log_finds_speech_that_runs_over_is_cut_or_has_a_beep_on_it():
    moments = [Moment(0, "work", ["A long cue", "A cue"]), Moment(2, "rest", ["Rest"])]
    moments.append(Moment(4, "finish", ["Done"]))
    said = [
        {"text": "A long cue", "asked": 0.34, "start": 0.34, "end": 2.5, "cut": False},
        {"text": "Rest", "asked": 2.35, "start": 2.5, "end": 2.9, "cut": True},
    ]
    for moment, entry in zip(moments, said, strict=False):
        moment.said.append(entry)
    beeps = [
        {"at": at, "frequency": 1046.5, "length": 70, "cancelled": cancelled}
        for at, cancelled in [(0.0, False), (1.0, False), (1.5, True), (3.5, False)]
    ]
    log = CueLog("r", 0.4, 4.0, moments, said, beeps, cancels=[], shown=[])
    assert [log.overlap_s(i) for i in range(3)] == [0.5, 0.0, 0.0]
    assert log.cut == [said[1]]
    assert [b["at"] for b, _ in log.beeps_on_speech()] == [1.0]  # not at its start, not cancelled
    assert log.forms() == {"full": 2, "short": 0, "word": 0, "nothing": 1}
