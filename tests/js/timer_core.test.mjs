// Unit tests of the page's pure timer logic beyond what the Python core has: what to beep and
// when, what a key asks for, the digits. `node --test tests/js` (make test runs it).
import assert from "node:assert/strict";
import { test } from "node:test";

import * as core from "../../psoas_lesson/widgets/timer_core.js";

const KINDS = ["prepare", "work", "rest", "work"].map((kind) => ({ kind }));
const DURATIONS = [5, 5, 4, 5];

function started(at = 100) {
  return core.apply(core.newRun(DURATIONS), "start", at)[0];
}

test("the changes ahead are each segment's end, the last one a finish", () => {
  assert.deepEqual(core.changesAhead(started(100), 100), [
    { at: 105, index: 1, kind: "segment" },
    { at: 110, index: 2, kind: "segment" },
    { at: 114, index: 3, kind: "segment" },
    { at: 119, index: 3, kind: "finish" },
  ]);
});

test("nothing is ahead of a run that is ready, paused or finished", () => {
  const run = started(100);
  assert.deepEqual(core.changesAhead(core.newRun(DURATIONS), 100), []);
  assert.deepEqual(core.changesAhead(core.apply(run, "pause", 101)[0], 101), []);
  assert.deepEqual(core.changesAhead(run, 200), []);
});

test("beeps count 3-2-1 before each change, then sound the new segment's tone", () => {
  const beeps = core.beepsAhead(started(100), KINDS, 100);
  assert.deepEqual(
    beeps.slice(0, 8).map((b) => [b.at, b.tone]),
    [
      [102, "count"], [103, "count"], [104, "count"], [105, "work"],
      [107, "count"], [108, "count"], [109, "count"], [110, "rest"],
    ],
  );
  assert.deepEqual(beeps.at(-1), { key: "3:finish", at: 119, tone: "done" });
  assert.equal(new Set(beeps.map((b) => b.key)).size, beeps.length, "keys name each beep once");
});

test("a beep already due is not planned again, and the horizon limits how far ahead", () => {
  const beeps = core.beepsAhead(started(100), KINDS, 103.5, 6);
  assert.deepEqual(beeps.map((b) => b.at), [104, 105, 107, 108, 109]);
});

test("no count-in for a segment shorter than the count", () => {
  const run = core.apply(core.newRun([2, 1, 4]), "start", 0)[0];
  const segments = ["prepare", "switch", "work"].map((kind) => ({ kind }));
  const counts = core.beepsAhead(run, segments, 0).filter((b) => b.tone === "count");
  // 2-s segment: only "1"; 1-s switch: none; 4-s work before the finish: 3, 2, 1
  assert.deepEqual(counts.map((b) => b.at), [1, 4, 5, 6]);
});

test("after +15 s the count-in moves with the new end", () => {
  const run = core.apply(started(100), { kind: "adjust", delta: 15 }, 101)[0];
  assert.deepEqual(core.beepsAhead(run, KINDS, 101, 20).slice(0, 4).map((b) => b.at), [117, 118, 119, 120]);
});

test("each tone is a few short notes, gaps left out", () => {
  for (const tone of Object.keys(core.TONES)) {
    const notes = core.notes(tone);
    assert.ok(notes.length >= 1 && notes.every((n) => n.frequency > 0 && n.length <= 0.35), tone);
  }
  assert.deepEqual(core.notes("work").map((n) => n.start), [0, 0.16]);
  assert.ok(Math.abs(core.toneSeconds("work") - 0.34) < 1e-9);
});

test("the beat's tick and the hold's tock are softer than the other tones", () => {
  assert.ok(core.notes("beat").every((n) => n.gain < 1) && core.notes("down").every((n) => n.gain < 1));
  assert.ok(core.notes("count").every((n) => n.gain === 1));
});

test("keys: Space toggles, arrows skip and go back, + and - adjust, R resets", () => {
  const keys = { " ": "toggle", ArrowRight: "skip", ArrowLeft: "back", "+": "plus", "=": "plus",
    "-": "minus", r: "reset", R: "reset", Enter: null, a: null, Tab: null };
  for (const [key, command] of Object.entries(keys)) assert.equal(core.commandForKey(key), command, key);
});

test("digits round up, so 0:00 shows only at the end", () => {
  const cases = [[0, "0:00"], [0.001, "0:01"], [3.7, "0:04"], [29.000000001, "0:29"], [60, "1:00"],
    [61, "1:01"], [3600, "1:00:00"], [3661.5, "1:01:02"], [-3, "0:00"]];
  for (const [seconds, text] of cases) assert.equal(core.clock(seconds), text, String(seconds));
});

test("reset undoes adjustments", () => {
  let run = core.apply(core.newRun(DURATIONS), { kind: "adjust", delta: 15 }, 0)[0];
  run = core.apply(run, "reset", 1)[0];
  assert.deepEqual(run.durations, DURATIONS);
  run = core.apply(core.apply(run, { kind: "adjust", delta: -2 }, 2)[0], "reset", 3)[0];
  assert.deepEqual(run.durations, DURATIONS);
});

test("an unknown command is refused", () => {
  assert.throws(() => core.apply(core.newRun(DURATIONS), "explode", 0), /unknown timer command/);
});

// The protocol with the kernel, by example (tests/test_timer_js.py checks it against FakePage).
const at = (now, nextRunId = "b".repeat(32)) => ({ now, wallMs: 1.7e12 + now * 1000, nextRunId });

test("a start reports start and the first segment, dated, under the run's id", () => {
  const { messages } = core.handle(core.newSession(DURATIONS, "a".repeat(32)), "start", at(100));
  assert.deepEqual(messages.map((m) => [m.id, m.kind, m.state]), [
    [`${"a".repeat(32)}:1`, "start", "running"],
    [`${"a".repeat(32)}:2`, "segment", "running"],
  ]);
  assert.equal(messages[0].started_ms, 1.7e12 + 100 * 1000);
});

test("a reset reports the run it ended, as ready, and the next run has the next id", () => {
  let { session } = core.handle(core.newSession(DURATIONS, "a".repeat(32)), "start", at(100));
  const reset = core.handle(session, "reset", at(107));
  const [ended] = reset.messages;
  assert.deepEqual([ended.kind, ended.state, ended.index, ended.run_id], ["reset", "ready", 0, "a".repeat(32)]);
  assert.deepEqual(ended.spent, [5, 2, 0, 0]);
  session = reset.session;
  assert.deepEqual([session.runId, session.seq, session.startedMs], ["b".repeat(32), 0, null]);
});

test("stop pauses a running timer with a notice; a timer that never ran sends nothing", () => {
  const { session } = core.handle(core.newSession(DURATIONS, "a".repeat(32)), "start", at(100));
  const stopped = core.handle(session, { kind: "stop", notice: "Paused: a newer timer took over." }, at(101));
  assert.deepEqual(stopped.messages.map((m) => m.kind), ["pause", "stop"]);
  assert.equal(stopped.session.notice, "Paused: a newer timer took over.");
  assert.deepEqual(core.handle(core.newSession(DURATIONS, "c".repeat(32)), "stop", at(101)).messages, []);
});

test("Back restarts the step it is in, or goes to the one before if it has just begun", () => {
  const run = started(100); // the second step (5 s) begins at 105
  const restarted = core.apply(run, "back", 108)[0]; // 3 s into it
  assert.deepEqual([restarted.index, core.remaining(restarted, 108)], [1, 5]);
  const before = core.apply(run, "back", 105 + core.BACK_RESTARTS_AFTER_S - 0.5)[0];
  assert.deepEqual([before.index, core.remaining(before, 106.5)], [0, 5]);
  const twice = core.apply(restarted, "back", 108.2)[0]; // pressed again at once
  assert.equal(twice.index, 0);
});

test("Reset asks first while a run is under way, not before the start or after the finish", () => {
  const session = core.newSession(DURATIONS, "a".repeat(32));
  assert.equal(core.asksFirst(session, "reset", 100), false);
  const running = core.handle(session, "start", at(100)).session;
  assert.equal(core.asksFirst(running, "reset", 101), true);
  assert.equal(core.asksFirst(running, "skip", 101), false);
  const paused = core.handle(running, "pause", at(102)).session;
  assert.equal(core.asksFirst(paused, "reset", 103), true);
  assert.equal(core.asksFirst(running, "reset", 200), false); // finished by then
});

// A reload keeps the place (tests/test_timer_js.py checks it against FakePage on random pages).
test("a run under way is kept by the wall clock, and picked up paused under its run id", () => {
  let { session } = core.handle(core.newSession(DURATIONS, "a".repeat(32)), "start", at(100));
  const kept = core.keep(session, at(106.5));
  assert.deepEqual([kept.runId, kept.index, kept.left, kept.spent, kept.keptMs], [
    "a".repeat(32), 1, 3.5, [5, 0, 0, 0], 1.7e12 + 106.5 * 1000,
  ]);
  // the reloaded page has another monotonic clock: 2 s of wall time later, its `now` is 3
  const later = { now: 3, wallMs: 1.7e12 + 108.5 * 1000 };
  const restored = core.restore(JSON.parse(JSON.stringify(kept)), DURATIONS, later);
  session = restored.session;
  assert.deepEqual([session.runId, session.notice, session.run.state], ["a".repeat(32), core.RESTORED, "paused"]);
  assert.deepEqual(core.view(session.run, 3).remaining, 3.5);
  const [message] = restored.messages;
  assert.deepEqual([message.kind, message.id, message.state, message.index], [
    "restore", `${"a".repeat(32)}:${kept.seq + 1}`, "paused", 1,
  ]);
  assert.deepEqual(message.spent, [5, 1.5, 0, 0]);
  const resumed = core.handle(session, "start", { ...later, now: 4 });
  assert.deepEqual(resumed.messages.map((m) => m.kind), ["resume"]);
});

test("nothing is kept before the start, after the finish, or after the kernel heard a stop", () => {
  const session = core.newSession(DURATIONS, "a".repeat(32));
  assert.equal(core.keep(session, at(100)), null);
  const running = core.handle(session, "start", at(100)).session;
  assert.equal(core.keep(running, at(200)), null);
  const stopped = core.handle(running, "stop", at(101));
  assert.equal(core.keep(stopped.session, at(101)), null);
  // ...and the stop drops this run's kept place, not another run's
  const kept = core.keep(running, at(100.5));
  assert.equal(core.storedAfter(kept, stopped.session, stopped.messages, at(101)), null);
  const other = { ...kept, runId: "c".repeat(32) };
  assert.equal(core.storedAfter(other, stopped.session, stopped.messages, at(101)), other);
});

test("a place kept too long ago is reported stopped, so it is logged, and not picked up", () => {
  const { session } = core.handle(core.newSession(DURATIONS, "a".repeat(32)), "start", at(100));
  const kept = core.keep(session, at(107));
  const later = { now: 1, wallMs: kept.keptMs + (core.RESUME_WITHIN_S + 1) * 1000 };
  const lost = core.restore(kept, DURATIONS, later);
  assert.equal(lost.session, null);
  assert.equal(lost.notice, core.PLACE_LOST);
  assert.deepEqual(lost.messages.map((m) => [m.kind, m.run_id, m.state]), [["stop", "a".repeat(32), "paused"]]);
  assert.deepEqual(lost.messages[0].spent, [5, 2, 0, 0]);
});

test("a kept place for other durations, or a damaged one, is not picked up", () => {
  const { session } = core.handle(core.newSession(DURATIONS, "a".repeat(32)), "start", at(100));
  const kept = core.keep(session, at(107));
  const moment = { now: 1, wallMs: kept.keptMs + 1000 };
  assert.equal(core.restore(kept, [5, 5, 4, 6], moment), null);
  assert.equal(core.restore({ ...kept, index: 9 }, DURATIONS, moment), null);
  assert.equal(core.restore({ ...kept, left: 0 }, DURATIONS, moment), null);
  assert.equal(core.restore("not json", DURATIONS, moment), null);
  assert.equal(core.restore(null, DURATIONS, moment), null);
});
