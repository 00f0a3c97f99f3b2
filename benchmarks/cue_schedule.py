"""The timer followed by ear: every cue a routine's page says and sounds, and whether any speech
runs into the next cue or is cut off.

The page is the real timer (``widgets/timer.bundle.js``) on a page of its own, as a take-away
page hosts it, in Chromium on Playwright's fake clock, so a routine of half an hour is followed
in seconds. Speech synthesis is a stub that speaks like a voice: it takes ``seconds_per_word`` a
word (0.4 s at rate 1 by default), with a short pause at each full stop and comma, queues an
utterance given while it speaks, as browsers do, and ends each with ``onend``; a ``cancel()``
cuts what it is saying. The Web Audio clock follows the fake clock too, so every beep is where
the page put it.

- :func:`follow_by_ear` runs a routine from Start to its end and returns a :class:`CueLog`:
  every moment (segment start, beat, finish) with what was said for it, when, for how long, and
  the beeps; :meth:`CueLog.lines` writes it out.
- ``python -m benchmarks.cue_schedule [ROUTINE] [--seconds-per-word S]`` prints the log of a
  ready routine (default the class warm-up).
- :func:`run` is the benchmark (``make bench``): the class warm-up's seconds of speech running
  into the next cue (goal 0) and cues cut (goal 0).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from harness.lab import launch_chromium, why_no_browser

from .report import Result

ROOT = Path(__file__).resolve().parent.parent
ROUTINE = "class-warmup"
SECONDS_PER_WORD = 0.4  # a voice at rate 1; most speak a little faster
SLOW_SECONDS_PER_WORD = 0.5  # a slow voice, to see the page cope
SENTENCE_PAUSE_S = 0.2  # the stub's pause at a full stop or colon, and at a comma
COMMA_PAUSE_S = 0.08
ON_SPEECH_S = 0.02  # a beep starting this far into an utterance or later is on top of it
# The page before issue 17 (main at a9ed901), followed by ear the same way on 2026-12-07 at 0.4 s
# a word: every cue said in full at once, cancelling the one before, so 48 were cut off (among
# them Frankensteins' "...Last one" after 2.0 s of its 2.8 s), and 146 to 150 beep notes (runs
# differ a little) started on speech, 78 of Frankensteins' 117.
BASELINE = [
    "the page before (main at a9ed901), 0.4 s a word, 2026-12-07",
    "91",
    "91 / 0 / - / 0",
    "0 s: each cue cancelled the one before",
    "48",
    "146-150",
    "190 s of 388 s",
]

# A speech synthesis that speaks like a voice, on the page's clock, and a Web Audio clock that is
# the page's clock; both record what happens in window.__psoasHeard.
_STUB = """(perWord) => {
  const heard = window.__psoasHeard = {said: [], cancels: [], beeps: [], shown: [], clicked: null};
  addEventListener("click", () => { heard.clicked ??= performance.now(); }, true);
  new MutationObserver(() => {  // the side and count under the step's name, as they change
    const detail = document.querySelector(".psoas-timer-detail");
    const text = detail ? detail.textContent : null;
    if (text !== null && (!heard.shown.length || heard.shown.at(-1).text !== text)) {
      heard.shown.push({at: performance.now(), text});
    }
  }).observe(document, {subtree: true, childList: true, characterData: true});
  const pause = {sentence: SENTENCE_PAUSE_S, comma: COMMA_PAUSE_S};
  const seconds = (text, rate) => {
    const words = text.split(/[\\s\\u2010-\\u2015-]+/).filter(Boolean).length;
    const breaks = (text.match(/[.:;!?](\\s|$)/g) || []).length;
    const commas = (text.match(/,/g) || []).length;
    return (words * perWord + breaks * pause.sentence + commas * pause.comma) / (rate || 1);
  };
  let current = null;
  const queue = [];
  const synth = {
    speaking: false, pending: false, paused: false,
    speak(utterance) {
      const entry = {text: utterance.text, asked: performance.now(), start: null, end: null,
                     cut: false};
      heard.said.push(entry);
      queue.push({utterance, entry});
      synth.pending = true;
      next();
    },
    cancel() {
      heard.cancels.push({at: performance.now(), speaking: current ? current.entry.text : null,
                          queued: queue.length});
      if (current) {
        clearTimeout(current.timer);
        Object.assign(current.entry, {cut: true, end: performance.now()});
        const utterance = current.utterance;
        current = null;
        utterance.onerror && utterance.onerror({error: "interrupted"});
      }
      while (queue.length) {
        const {utterance, entry} = queue.shift();
        entry.cut = true;
        utterance.onerror && utterance.onerror({error: "canceled"});
      }
      synth.speaking = synth.pending = false;
    },
    getVoices() { return [{name: "Stub", lang: "en-GB", default: true, localService: true}]; },
    addEventListener() {}, removeEventListener() {}, pause() {}, resume() {},
  };
  function next() {
    if (current || !queue.length) return;
    current = queue.shift();
    const {utterance, entry} = current;
    entry.start = performance.now();
    synth.speaking = true;
    synth.pending = queue.length > 0;
    utterance.onstart && utterance.onstart({});
    current.timer = setTimeout(() => {
      entry.end = performance.now();
      current = null;
      synth.speaking = false;
      utterance.onend && utterance.onend({});
      next();
    }, seconds(entry.text, utterance.rate) * 1000);
  }
  Object.defineProperty(window, "speechSynthesis", {configurable: true, value: synth});

  class Clocked {
    constructor() { this.state = "running"; this.destination = {}; }
    get currentTime() { return performance.now() / 1000; }
    getOutputTimestamp() {
      const now = performance.now();
      return {contextTime: now / 1000, performanceTime: now};
    }
    resume() { return Promise.resolve(); }
    close() { return Promise.resolve(); }
    addEventListener() {}
    createGain() {
      const param = {value: 1, setValueAtTime() {}, linearRampToValueAtTime() {}};
      return {gain: param, connect() {}, disconnect() {}};
    }
    createOscillator() {
      const context = this;
      let entry = null;
      return {
        frequency: {value: 0},
        connect() {},
        start(when) {
          entry = {at: when * 1000, frequency: this.frequency.value, cancelled: false};
          heard.beeps.push(entry);
        },
        stop(when) { if (entry) entry.length = when * 1000 - entry.at; },
        disconnect() {
          if (entry && context.currentTime * 1000 < entry.at) entry.cancelled = true;
        },
      };
    }
  }
  window.AudioContext = Clocked;
}""".replace("SENTENCE_PAUSE_S", str(SENTENCE_PAUSE_S)).replace("COMMA_PAUSE_S", str(COMMA_PAUSE_S))

# The timer on a page of its own: the bundle, a model holding the synced state, mount().
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cue log</title><style>CSS</style></head>
<body><div id="timer"></div>
<script type="text/plain" id="timer-module">BUNDLE</script>
<script type="module">
const state = STATE;
const listeners = {};
const model = {
  get: (name) => state[name],
  set: (name, value) => {
    state[name] = value;
    (listeners["change:" + name] || []).forEach((f) => f());
  },
  on: (name, f) => { (listeners[name] ||= []).push(f); },
  off() {}, save_changes() {}, send() {},
};
const text = document.getElementById("timer-module").textContent;
const url = URL.createObjectURL(new Blob([text], {type: "text/javascript"}));
const {mount} = await import(url);
mount({model, el: document.getElementById("timer")});
window.__psoasMounted = true;
</script></body></html>
"""


@dataclass
class Moment:
    """A moment of the routine at which the page may speak: a segment's start, a beat, the
    finish; with what it may say there (longest first) and what it said."""

    at: float
    what: str
    sayings: list[str]
    on_beat: bool = False  # a beat, or the start of a move on a beat: its cue is a beat's word
    said: list[dict] = field(default_factory=list)  # the stub's entries, times in s from Start

    def form(self, text: str) -> str:
        if self.on_beat:
            return "word"
        return "full" if self.sayings and text == self.sayings[0] else "short"


@dataclass
class CueLog:
    """What the page said and sounded over one routine, timed from the press on Start."""

    routine: str
    seconds_per_word: float
    total_s: float
    moments: list[Moment]
    said: list[dict]  # {text, asked, start, end, cut}, seconds from Start
    beeps: list[dict]  # {at, frequency, length, cancelled}
    cancels: list[dict]
    shown: list[dict]  # {at, text}: the side and count under the step's name, as it changed

    def overlap_s(self, index: int) -> float:
        """Seconds the speech said for moment ``index`` runs on past the next moment."""
        moment = self.moments[index]
        if not moment.said or index + 1 >= len(self.moments):
            return 0.0
        return max(0.0, max(s["end"] for s in moment.said) - self.moments[index + 1].at)

    @property
    def overlap_total_s(self) -> float:
        return sum(self.overlap_s(i) for i in range(len(self.moments)))

    @property
    def cut(self) -> list[dict]:
        """Utterances cut off or dropped from the queue: what a learner would not hear whole."""
        return [s for s in self.said if s["cut"]]

    def beeps_on_speech(self) -> list[tuple[dict, dict]]:
        """(beep, utterance) where a beep starts while an utterance is under way."""
        return [
            (beep, said)
            for beep in self.beeps
            if not beep["cancelled"]
            for said in self.said
            if said["start"] is not None
            and said["start"] + ON_SPEECH_S <= beep["at"] < (said["end"] or float("inf"))
        ]

    def forms(self) -> dict[str, int]:
        """How many moments said their cue in full, short, as a beat's word, or said nothing."""
        counts = {"full": 0, "short": 0, "word": 0, "nothing": 0}
        for moment in self.moments:
            if not moment.sayings:
                continue
            key = moment.form(moment.said[0]["text"]) if moment.said else "nothing"
            counts[key] += 1
        return counts

    def lines(self) -> list[str]:
        """The log: each moment with its time, what was said (its form, start, length), how far
        it ran into the next moment, the beeps until the next moment; then the totals."""
        out = [
            f"{self.routine}: {self.total_s:.0f} s, a voice of {self.seconds_per_word} s a word",
            f"{'time':>7}  {'moment':<34} {'said':<90} {'form':<5} {'from':>7} {'length':>6} "
            f"{'over':>5}  beeps (s after the moment)",
        ]
        names = _tone_names()
        for index, moment in enumerate(self.moments):
            following = self.moments[index + 1].at if index + 1 < len(self.moments) else 1e9
            sounds = [
                f"{names.get(_note(b), b['frequency'])}{round(b['at'] - moment.at, 2) + 0.0:+.2f}"
                for b in self.beeps
                if moment.at - 1e-6 <= b["at"] < following - 1e-6
                and not b["cancelled"]
                and names.get(_note(b), "") != ""
                and _first_note(b, names)
            ]
            said = moment.said[0] if moment.said else None
            text = f'"{said["text"]}"' if said else "-"
            form = moment.form(said["text"]) if said else "-"
            start = f"+{said['start'] - moment.at:.2f}" if said else ""
            length = f"{said['end'] - said['start']:.2f}" if said else ""
            over = f"{self.overlap_s(index):.2f}" if said else ""
            out.append(
                f"{moment.at:7.2f}  {moment.what[:34]:<34} {text[:90]:<90} {form:<5} {start:>7} "
                f"{length:>6} {over:>5}  {_squeeze(sounds)}"
            )
        on_speech = self.beeps_on_speech()
        counts = self.forms()
        out.append(
            f"moments {len(self.moments)}; said in full {counts['full']}, short {counts['short']}, "
            f"a beat's word {counts['word']}, nothing {counts['nothing']}; speech running into "
            f"the next moment {self.overlap_total_s:.2f} s; cut {len(self.cut)}; beeps on speech "
            f"{len(on_speech)}; cancel() calls {len(self.cancels)}"
        )
        return out


def _squeeze(sounds: list[str]) -> str:
    """``beat+0.00 down+2.00 ...`` shortened where a move on a beat repeats itself."""
    text = " ".join(sounds)
    return text if len(text) <= 60 else text[:57] + "..."


def _note(beep: dict) -> tuple[float, float]:
    return round(beep["frequency"], 1), round(beep.get("length", 0) / 1000, 3)


def _first_note(beep: dict, names: dict) -> bool:
    """Whether a note starts its tone (the log names a tone once, at its first note)."""
    return _note(beep) in _FIRST_NOTES


def _tone_names() -> dict[tuple[float, float], str]:
    """(frequency, length) of a note -> its tone (timer_core.js TONES)."""
    from .timer_page import _tones

    names: dict[tuple[float, float], str] = {}
    _FIRST_NOTES.clear()
    for name, notes in _tones().items():
        sounding = [(round(f, 1), round(length, 3)) for f, length in notes if f]
        names.update(dict.fromkeys(sounding, name))
        _FIRST_NOTES.add(sounding[0])
    return names


_FIRST_NOTES: set[tuple[float, float]] = set()


def _moments(timeline, payload) -> list[Moment]:
    moments = []
    for start, segment, sent in zip(
        timeline.starts_s, timeline.segments, payload["segments"], strict=True
    ):
        what = f"{segment.kind.value} {segment.name or ''}".strip()
        moments.append(Moment(start, what, list(sent["sayings"]), bool(sent["beats"])))
        for k, beat in enumerate(sent["beats"]):
            if k:
                moments.append(Moment(start + beat["at_s"], f"beat {k + 1}", beat["sayings"], True))
    moments.append(Moment(timeline.total_s, "finish", [payload["done_said"]]))
    return moments


def host_page(timeline, catalog, *, figures: bool = False, size: str = "normal") -> str:
    """The timer for ``timeline`` on a page of its own, sound and voice on; with the lesson's
    pose figures if ``figures`` (the cue log needs none)."""
    from psoas_lesson.widgets.timer_payload import (
        figure_frames,
        lesson_figures,
        look_payload,
        timer_payload,
    )

    widgets = ROOT / "psoas_lesson" / "widgets"
    state = {
        "payload": timer_payload(timeline, catalog),
        "pose_frames": figure_frames(timeline, lesson_figures(catalog)) if figures else {},
        "look": look_payload(),
        "size": size,
        "sound": True,
        "voice": True,
        "command": {"id": 0, "kind": ""},
        "command_done": 0,
        "notice": "",
    }
    bundle = (widgets / "timer.bundle.js").read_text(encoding="utf-8")
    parts = {
        "CSS": (widgets / "timer.css").read_text(encoding="utf-8"),
        "BUNDLE": bundle.replace("</script", "<\\/script"),
        "STATE": json.dumps(state).replace("</", "<\\/"),
    }
    return re.sub("CSS|BUNDLE|STATE", lambda match: parts[match[0]], _PAGE)


def follow_by_ear(
    routine: str = ROUTINE,
    *,
    seconds_per_word: float = SECONDS_PER_WORD,
    browser=None,
    catalog=None,
) -> CueLog:
    """Follow a ready routine (an id) or a Routine from Start to its end with the speech stub,
    on the fake clock; ``browser`` is a Playwright Chromium (one is launched when None)."""
    from psoas_lesson import compile_timeline, default_catalog
    from psoas_lesson.widgets.timer_payload import timer_payload

    catalog = catalog or default_catalog()
    resolved = catalog.resolve_routine(routine)
    timeline = compile_timeline(resolved, catalog)
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            launched = launch_chromium(playwright)
            try:
                return follow_by_ear(
                    routine, seconds_per_word=seconds_per_word, browser=launched, catalog=catalog
                )
            finally:
                launched.close()
    with tempfile.TemporaryDirectory() as scratch:
        page_file = Path(scratch) / "timer.html"
        page_file.write_text(host_page(timeline, catalog), encoding="utf-8")
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.clock.install(time=0)
            page.add_init_script(f"({_STUB})({seconds_per_word})")
            page.goto(page_file.as_uri())
            page.wait_for_function("() => window.__psoasMounted === true", timeout=30_000)
            # From here the page's time moves only when told: Start, the routine, 10 s more.
            page.clock.pause_at((page.evaluate("() => Date.now()") + 1000) / 1000)  # seconds
            page.locator(".psoas-timer-start").click()
            page.clock.run_for(int((timeline.total_s + 10) * 1000))  # milliseconds
            heard = page.evaluate("() => window.__psoasHeard")
            state = page.evaluate("() => document.querySelector('.psoas-timer').dataset.state")
        finally:
            context.close()
    if state != "finished":
        raise RuntimeError(f"the page did not finish the routine: it is {state}")
    return _log(resolved.name, seconds_per_word, timeline, catalog, heard, timer_payload)


def _log(name, seconds_per_word, timeline, catalog, heard, timer_payload) -> CueLog:
    clicked = heard["clicked"]

    def seconds(ms):
        return None if ms is None else (ms - clicked) / 1000

    said = [
        {**s, "asked": seconds(s["asked"]), "start": seconds(s["start"]), "end": seconds(s["end"])}
        for s in heard["said"]
    ]
    beeps = [{**b, "at": seconds(b["at"])} for b in heard["beeps"]]
    moments = _moments(timeline, timer_payload(timeline, catalog))
    for entry in said:
        # The moment it was said for: the last one due when the page asked for it.
        owner = max(
            (m for m in moments if m.at <= entry["asked"] + 1e-6), key=lambda m: m.at, default=None
        )
        if owner is not None:
            owner.said.append(entry)
    cancels = [{**c, "at": seconds(c["at"])} for c in heard["cancels"]]
    shown = [{**d, "at": seconds(d["at"])} for d in heard["shown"]]
    return CueLog(name, seconds_per_word, timeline.total_s, moments, said, beeps, cancels, shown)


# -- the benchmark ----------------------------------------------------------------------------


def run(quick: bool = False) -> Result:
    title = "Cue schedule by ear"
    goal = (
        "following the class warm-up by ear, 0 s of speech running into the next cue and 0 cues "
        "cut off, at a voice of 0.4 s a word"
    )
    why = why_no_browser()
    if why:
        return Result(title, goal, None, ["", ""], [["not run", why]], "needs Chromium.")
    voices = [SECONDS_PER_WORD] if quick else [SECONDS_PER_WORD, SLOW_SECONDS_PER_WORD]
    logs = [follow_by_ear(ROUTINE, seconds_per_word=v) for v in voices]
    rows = []
    for log in logs:
        counts = log.forms()
        rows.append(
            [
                f"{log.seconds_per_word} s a word",
                f"{len(log.moments)}",
                f"{counts['full']} / {counts['short']} / {counts['word']} / {counts['nothing']}",
                f"{log.overlap_total_s:.2f} s",
                f"{len(log.cut)}",
                f"{len(log.beeps_on_speech())}",
                f"{sum(s['end'] - s['start'] for s in log.said):.0f} s of {log.total_s:.0f} s",
            ]
        )
    main = logs[0]
    met = main.overlap_total_s == 0 and not main.cut and not quick
    return Result(
        title,
        goal,
        met if not quick else None,
        [
            "voice",
            "moments",
            "said full / short / beat word / nothing",
            "speech into the next cue",
            "cues cut",
            "beeps on speech",
            "speaking",
        ],
        [*rows, BASELINE],
        f"the routine `{ROUTINE}` ({main.total_s / 60:.1f} min) followed from one click on Start "
        "to its end by the page timer (timer.bundle.js on a page of its own) in Debian's "
        "Chromium (headless) on Playwright's fake clock, with a speech stub that takes the given "
        "time a word "
        f"(and {SENTENCE_PAUSE_S} s at a full stop, {COMMA_PAUSE_S} s at a comma), queues what "
        "it is given while speaking and ends each utterance with `onend`. Reproduce, with the "
        "whole cue log, with `python -m benchmarks.cue_schedule`.",
        [
            "Moments: each segment's start, each beat of a move on a beat, the finish. At each, "
            "the page says the longest form of its cue that it can finish before the next moment "
            "(timer_core.js chooseSaying), or nothing; 'Last one' and 'Done' always.",
            "Speech into the next cue: for each moment, how long what was said for it runs on "
            "past the next moment, summed. Cut: utterances cancelled while spoken or queued. "
            "Beeps on speech: notes that start while an utterance is under way.",
            f"The slow voice ({SLOW_SECONDS_PER_WORD} s a word) is slower than the page's "
            "estimate: the page learns its pace from the first utterances and shortens what "
            "follows; it may run over where a cue must be said.",
            "Baseline: the page before this scheduling (the same routine, harness and voice, "
            "measured once and kept here): it said every cue in full at once and cancelled the "
            "one still speaking.",
        ],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.cue_schedule", description="Print a routine's cue log."
    )
    parser.add_argument("routine", nargs="?", default=ROUTINE, help="a ready routine's id")
    parser.add_argument("--seconds-per-word", type=float, default=SECONDS_PER_WORD)
    args = parser.parse_args(argv)
    log = follow_by_ear(args.routine, seconds_per_word=args.seconds_per_word)
    print("\n".join(log.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
