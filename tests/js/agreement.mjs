// Replays the Python core's answers (written by tests/test_timer_js.py to the JSON file named
// by $PSOAS_TIMER_CASES) through the page's timer logic, one test per case. Run by pytest:
//   PSOAS_TIMER_CASES=cases.json node --test tests/js/agreement.mjs
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import * as core from "../../psoas_lesson/widgets/timer_core.js";

const file = process.env.PSOAS_TIMER_CASES;
if (!file) throw new Error("set PSOAS_TIMER_CASES to a file of cases (tests/test_timer_js.py writes one)");
const cases = JSON.parse(readFileSync(file, "utf8"));
const CLOSE = 1e-9; // seconds: sums may be added in another order; everything else is exact

function close(actual, expected, what) {
  assert.ok(Math.abs(actual - expected) <= CLOSE, `${what}: page ${actual}, Python ${expected}`);
}

function closeAll(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((value, i) => close(value, expected[i], `${what}[${i}]`));
}

function command(step) {
  if (step.do === "plus") return { kind: "adjust", delta: 15 };
  if (step.do === "minus") return { kind: "adjust", delta: -15 };
  return { kind: step.do };
}

cases.forEach((c, number) => {
  test(`case ${number}: ${c.durations.length} segments, ${c.steps.length} steps`, () => {
    const said = ["x"]; // every moment has something to say, so cues() lists every beat
    const segments = c.beats.map((times) => ({ sayings: said, beats: times.map((at_s) => ({ at_s, sayings: said })) }));
    // A run started at c.start has its beats when the compiled timeline says.
    const fresh = core.apply(core.newRun(c.durations), "start", c.start)[0];
    const beats = core
      .cues(fresh, segments, -Infinity, Infinity)
      .filter((cue) => cue.beat !== null && cue.beat !== undefined)
      .map((cue) => cue.at - c.start);
    closeAll(beats, c.beat_times, "beat");
    let run = core.newRun(c.durations);
    let now = c.start;
    c.steps.forEach((expected, i) => {
      const where = `step ${i} (${JSON.stringify(expected.step)}) at ${expected.now}`;
      let events = [];
      if ("wait" in expected.step) {
        now += expected.step.wait;
      } else {
        [run, events] = core.apply(run, command(expected.step), now);
      }
      assert.equal(now, expected.now, `${where}: clock`);
      assert.deepEqual(
        events.map((e) => [e.kind, e.index]),
        expected.events.map(([kind, index]) => [kind, index]),
        `${where}: events`,
      );
      events.forEach((e, j) => close(e.at, expected.events[j][2], `${where}: event ${j} time`));
      const shown = core.view(run, now);
      assert.equal(shown.state, expected.state, `${where}: state`);
      assert.equal(shown.index, expected.index, `${where}: step`);
      close(shown.remaining, expected.remaining, `${where}: remaining`);
      assert.equal(core.clock(shown.remaining), expected.digits, `${where}: digits`);
      close(shown.segmentDuration, expected.segment_duration, `${where}: segment duration`);
      close(shown.done, expected.done, `${where}: done`);
      close(shown.total, expected.total, `${where}: total`);
      closeAll(core.spent(run, now), expected.spent, `${where}: spent`);
      assert.equal(core.beatAt(run, segments, now), expected.beat, `${where}: beat`);
    });
  });
});
