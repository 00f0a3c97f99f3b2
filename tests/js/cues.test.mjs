// What the page says and sounds, and when (timer_core.js): each cue in the longest form that ends
// before the next moment, or nothing; "Last one" and "Done" always, whole; the count-in only
// where no speech is; a move on a beat ticking and speaking on its beats. `node --test tests/js`.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as core from "../../psoas_lesson/widgets/timer_core.js";

const close = (actual, expected, what) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);

// Get ready 8 s, then 5 lifts on a 4 s beat (2 s hold, 2 s to lower and change legs), a 10 s rest.
const LIFTS = {
  kind: "work",
  sayings: ["right"],
  must: false,
  beats: [0, 4, 8, 12, 16].map((at, k) => ({
    at_s: at,
    sayings: k === 4 ? ["right, last one", "last one"] : [k % 2 ? "left" : "right"],
    must: k === 4,
    detail: `${k % 2 ? "Left" : "Right"} side \u00b7 ${k + 1} of 5`,
    pose: `lifts/${k % 2 ? "left" : "right"}`,
    down_s: k === 4 ? null : 2,
  })),
};
const SEGMENTS = [
  { kind: "prepare", sayings: ["Get ready: Lifts, 5 in all, alternating sides, every 4 seconds", "Get ready: Lifts"] },
  LIFTS,
  { kind: "rest", sayings: ["Rest. Next: Camel pose", "Rest"] },
];
const DURATIONS = [8, 18, 10];

function started(at = 100, durations = DURATIONS) {
  return core.apply(core.newRun(durations), "start", at)[0];
}

test("spoken length grows with the words and the pauses, and with a slower voice", () => {
  close(core.speechSeconds("right"), 0.4, "one word");
  close(core.speechSeconds("Single knee-to-chest stretch"), 5 * 0.4, "a hyphenated word is its words");
  close(core.speechSeconds("Rest. Next: Frankensteins"), 3 * 0.4 + 2 * 0.25, "sentence breaks");
  close(core.speechSeconds("Glute bridge, 5 seconds"), 4 * 0.4 + 0.1, "a comma");
  close(core.speechSeconds("Glute bridge, 5 seconds", 0.8), 2 * (4 * 0.4 + 0.1), "twice as slow");
});

const cue = (fields) => ({ key: "k", kind: "segment", beat: null, at: 0, speakAt: 0.34, until: 5, must: false, ...fields });

test("a cue is said in its longest form that ends before the next moment", () => {
  const sayings = ["Kneeling lunge stretch, right side, 30 seconds", "Right side"];
  assert.equal(core.chooseSaying(cue({ sayings, until: 30 })).form, "full");
  const short = core.chooseSaying(cue({ sayings, until: 2 }));
  assert.deepEqual([short.text, short.form], ["Right side", "short"]);
  assert.ok(short.end + core.SPEECH.gapS <= 2, "and ends with a breath to spare");
  assert.equal(core.chooseSaying(cue({ sayings, until: 1 })), null, "or not at all");
});

test("a voice still busy pushes the cue later, and so shorter", () => {
  const sayings = ["Switch sides: left side next", "Switch sides"];
  assert.equal(core.chooseSaying(cue({ sayings, until: 5 })).form, "full");
  const late = core.chooseSaying(cue({ sayings, until: 5 }), { busyUntil: 3 });
  assert.deepEqual([late.text, late.start], ["Switch sides", 3]);
  assert.equal(core.chooseSaying(cue({ sayings, until: 5 }), { busyUntil: 4.5 }), null);
});

test("a slower voice gets shorter forms", () => {
  const sayings = ["Glute bridge, 5 seconds", "Glute bridge"];
  assert.equal(core.chooseSaying(cue({ sayings, until: 2.3 })).form, "full");
  assert.equal(core.chooseSaying(cue({ sayings, until: 2.3 }), { wordS: 0.5 }).form, "short");
});

test("'Last one' is said whole even where it runs over, and never once its moment is over", () => {
  const sayings = ["Glute bridge, 2 seconds. Last one", "Glute bridge. Last one", "Last one"];
  const tight = core.chooseSaying(cue({ sayings, until: 1, must: true }));
  assert.equal(tight.text, "Last one");
  assert.ok(tight.end > 1, "it runs over: what follows must make room");
  assert.equal(core.chooseSaying(cue({ sayings, until: 1, must: true }), { now: 1 }), null);
});

test("a word on a beat is a word", () => {
  const said = core.chooseSaying(cue({ kind: "beat", beat: 3, sayings: ["left"], speakAt: 4.04, until: 8 }));
  assert.deepEqual([said.text, said.form], ["left", "word"]);
});

test("the cues of a run: each segment's start and each beat, after its tone, until the next", () => {
  const all = core.cues(started(100), SEGMENTS, -Infinity, Infinity, "Done");
  assert.deepEqual(all.map((c) => [c.kind, c.at]), [
    ["segment", 100], ["segment", 108], ["beat", 112], ["beat", 116], ["beat", 120], ["beat", 124],
    ["segment", 126], ["finish", 136],
  ]);
  close(all[0].speakAt, 100 + core.toneSeconds("rest"), "get ready speaks after its tone");
  close(all[2].speakAt, 112 + core.toneSeconds("beat"), "a beat's word after its tick");
  assert.deepEqual(all.map((c) => c.until), [108, 112, 116, 120, 124, 126, 136, Infinity]);
  assert.deepEqual(all.at(-1).sayings, ["Done"]);
  const later = core.cues(started(100), SEGMENTS, 112.1, 120.5);
  assert.deepEqual(later.map((c) => c.key), ["1:beat:2", "1:beat:3"]);
});

test("a finished run's only cue is its finish; a paused or ready run has none", () => {
  const run = started(100);
  const [finished] = core.advance(run, 200);
  assert.deepEqual(core.cues(finished, SEGMENTS, 136, 200, "Done").map((c) => c.key), ["finish"]);
  assert.deepEqual(core.cues(core.apply(run, "pause", 101)[0], SEGMENTS, 0, 200), []);
  assert.deepEqual(core.cues(core.newRun(DURATIONS), SEGMENTS, 0, 200), []);
});

test("the plan for a move on a beat: the move once in its get-ready, a word on every beat", () => {
  const plan = core.speechPlan(started(100), SEGMENTS, 100, Infinity, { done: "Done" });
  assert.deepEqual(plan.map((s) => [s.text, s.form]), [
    ["Get ready: Lifts, 5 in all, alternating sides, every 4 seconds", "full"],
    ["right", "word"], ["left", "word"], ["right", "word"], ["left", "word"], ["right, last one", "word"],
    ["Rest. Next: Camel pose", "full"], ["Done", "full"],
  ]);
  for (const [said, next] of plan.slice(0, -1).map((s, i) => [s, plan[i + 1]])) {
    assert.ok(said.end + core.SPEECH.gapS <= next.start, `${said.text} runs into ${next.text}`);
  }
});

test("a 'Last one' that runs over makes the next cue shorter or silent, never cut", () => {
  const segments = [
    { kind: "work", sayings: ["Glute bridge. Last one"], must: true },
    { kind: "rest", sayings: ["Rest. Next: Camel pose", "Rest"] },
    { kind: "work", sayings: ["Camel pose, 30 seconds"] },
  ];
  const plan = core.speechPlan(started(0, [1, 3, 30]), segments, 0, Infinity);
  assert.deepEqual(plan.map((s) => s.text), ["Glute bridge. Last one", "Rest", "Camel pose, 30 seconds"]);
  assert.ok(plan[0].end > 1 && plan[1].start === plan[0].end, "the rest waited, and said less");
  const roomy = core.speechPlan(started(0, [1, 3, 30]), [{ kind: "work", sayings: ["Last one"] }, ...segments.slice(1)], 0);
  assert.equal(roomy.find((s) => s.index === 1).text, "Rest. Next: Camel pose", "with room, all of it");
});

test("on a beat: a soft tick each beat after the first, a tock where the hold ends, no count-in", () => {
  const beeps = core.beepsAhead(started(100), SEGMENTS, 100);
  const lifts = beeps.filter((b) => b.at > 108 && b.at < 126);
  assert.deepEqual(lifts.map((b) => [b.at, b.tone]), [
    [110, "down"], [112, "beat"], [114, "down"], [116, "beat"], [118, "down"], [120, "beat"],
    [122, "down"], [124, "beat"],
  ]);
  assert.deepEqual(beeps.filter((b) => b.at >= 123 && b.at <= 126).map((b) => b.tone), ["beat", "rest"]);
  assert.deepEqual(beeps.filter((b) => b.at > 100 && b.at < 108).map((b) => b.at), [105, 106, 107]);
});

test("-15 s on a move on a beat leaves out the beats past its new end", () => {
  const run = core.apply(started(100), "skip", 100)[0]; // into the lifts at 100: ends at 118
  const shorter = core.apply(run, { kind: "adjust", delta: -10 }, 100)[0]; // now ends at 108
  const ticks = core.beepsAhead(shorter, SEGMENTS, 100, 7.9).map((b) => [b.at, b.tone]);
  assert.deepEqual(ticks, [[102, "down"], [104, "beat"], [106, "down"]]);
  assert.deepEqual(core.cues(shorter, SEGMENTS, 100, 108).map((c) => c.key), ["1:segment", "1:beat:1"]);
});

test("no count-in tick falls on speech: the voice first, the count after it", () => {
  const segments = [
    { kind: "prepare", sayings: ["Get ready: Single knee-to-chest stretch, 10 in all, alternating sides, every 7 seconds"] },
    { kind: "work", sayings: ["Right side"] },
  ];
  const run = started(0, [8, 5]);
  const spoken = core.speechPlan(run, segments, 0, Infinity);
  assert.ok(spoken[0].end > 6 && spoken[0].end < 7, `the get-ready ends at ${spoken[0].end}`);
  const counts = core.beepsAhead(run, segments, 0, Infinity, spoken).filter((b) => b.tone === "count");
  assert.deepEqual(counts.map((b) => b.at), [7, 10, 11, 12], "5 and 6 would have fallen on the get-ready");
  const unspoken = core.beepsAhead(run, segments, 0).filter((b) => b.tone === "count");
  assert.deepEqual(unspoken.map((b) => b.at), [5, 6, 7, 10, 11, 12]);
});

test("the beat under way is the last begun, in the segment the run is on", () => {
  const run = core.apply(started(100), "skip", 100)[0];
  assert.deepEqual([100, 103.9, 104, 117.5].map((t) => core.beatAt(run, SEGMENTS, t)), [0, 0, 1, 4]);
  assert.equal(core.beatAt(run, SEGMENTS, 118.5), null, "the rest has no beats");
  const paused = core.apply(run, "pause", 105)[0];
  assert.equal(core.beatAt(paused, SEGMENTS, 500), 1);
  assert.equal(core.beatAt(started(100), SEGMENTS, 101), null);
});

test("the voice's pace is learnt: a slower voice at once, a faster one slowly, never below the estimate", () => {
  const text = "Switch sides: left side next"; // 2.25 s at 0.4 s a word
  close(core.learnedPace(0.4, text, 2.25 * 1.5), 0.6, "half as slow again");
  close(core.learnedPace(0.6, text, 2.25), 0.5, "back halfway");
  close(core.learnedPace(0.4, text, 1.0), 0.4, "never faster than the estimate");
  close(core.learnedPace(0.4, text, 100), 1.0, "nor slower than a word a second");
  close(core.learnedPace(0.4, text, NaN), 0.4, "a measurement that makes no sense is ignored");
});

test("for any cues and any voice, what is chosen ends before the next moment unless it must be said", () => {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const words = ["right", "left", "Switch sides:", "Glute bridge,", "30 seconds.", "Last one", "Rest."];
  for (let i = 0; i < 2000; i++) {
    const forms = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      Array.from({ length: 1 + Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]).join(" "));
    const c = cue({ sayings: forms, speakAt: random() * 2, until: 0.5 + random() * 6, must: random() < 0.2 });
    const said = core.chooseSaying(c, { busyUntil: random() * 3 - 1, wordS: 0.4 + random() * 0.3 });
    if (said && !c.must) assert.ok(said.end + core.SPEECH.gapS <= c.until + 1e-9, JSON.stringify([c, said]));
    if (c.must) assert.ok(said, "a cue that must be said is said");
  }
});
