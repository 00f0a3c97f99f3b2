// Replays what the tests' FakePage did (tests/timer_page.py, written by tests/test_timer_js.py to
// the JSON file named by $PSOAS_PROTOCOL_CASES) through the page's pure protocol functions, and
// checks that the page would send the kernel the same messages, one test per case:
//   PSOAS_PROTOCOL_CASES=cases.json node --test tests/js/protocol.mjs
// $PSOAS_TIMER_CORE replaces the core under test (the test that this check can fail uses it).
// The replay does what timer.js's Runtime does around the pure functions: one session per timer,
// the next run id drawn ahead, fromKernel for kernel commands, the place kept in the browser's
// storage after each command (storedAfter), takenOver after each command, and on a reload a
// pause as the page goes and restore (or a fresh session) as it loads.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { pathToFileURL } from "node:url";

const coreFile = process.env.PSOAS_TIMER_CORE;
const core = await import(
  coreFile ? pathToFileURL(coreFile).href : "../../psoas_lesson/widgets/timer_core.js"
);
const file = process.env.PSOAS_PROTOCOL_CASES;
if (!file) throw new Error("set PSOAS_PROTOCOL_CASES to a file of cases (tests/test_timer_js.py writes one)");
const cases = JSON.parse(readFileSync(file, "utf8"));
const CLOSE = 1e-9; // sums may be added in another order; everything else is exact

function agree(page, fakePage, where) {
  if (typeof fakePage === "number" && typeof page === "number") {
    assert.ok(Math.abs(page - fakePage) <= CLOSE, `${where}: page ${page}, FakePage ${fakePage}`);
  } else if (Array.isArray(fakePage)) {
    assert.ok(Array.isArray(page), `${where}: page ${JSON.stringify(page)}, FakePage a list`);
    assert.equal(page.length, fakePage.length, `${where}: length`);
    fakePage.forEach((value, i) => agree(page[i], value, `${where}[${i}]`));
  } else if (fakePage && typeof fakePage === "object") {
    const fields = [...new Set([...Object.keys(fakePage), ...Object.keys(page || {})])].sort();
    for (const field of fields) agree((page || {})[field], fakePage[field], `${where} field ${field}`);
  } else {
    assert.equal(page, fakePage, `${where}: page ${JSON.stringify(page)}, FakePage ${JSON.stringify(fakePage)}`);
  }
}

function describe(input) {
  const at = `at ${input.now}`;
  if (input.tick) return `tick ${at}`;
  if (input.reload) return `reload (${input.reload}) ${at}`;
  if (input.kernel) return `kernel command ${JSON.stringify(input.kernel)} to timer ${input.timer} ${at}`;
  return `press ${input.do} on timer ${input.timer} ${at}`;
}

cases.forEach((c, number) => {
  test(`case ${number}: ${c.timers.length} timer(s), ${c.inputs.length} inputs`, () => {
    const pages = c.timers.map((t) => ({
      session: core.newSession(t.durations, t.run_ids[0]),
      durations: t.durations,
      key: t.key,
      ids: t.run_ids,
      next: 1,
      done: 0,
    }));
    const storage = new Map(); // the browser's: routine key -> kept place
    let sent = [];
    const keepPlace = (page, messages, moment) => {
      const entry = core.storedAfter(storage.get(page.key) || null, page.session, messages, moment);
      if (entry) storage.set(page.key, entry);
      else storage.delete(page.key);
    };
    const act = (page, command, moment) => {
      const nextRunId = page.ids[page.next];
      const result = core.handle(page.session, command, { ...moment, nextRunId });
      page.session = result.session;
      if (page.session.runId === nextRunId) page.next += 1;
      for (const message of result.messages) sent.push({ timer: pages.indexOf(page), message });
      keepPlace(page, result.messages, moment);
      const others = pages.filter((other) => other !== page);
      for (const other of core.takenOver(result.events, others, moment.now)) act(other, core.TAKE_OVER, moment);
    };
    const load = (page, moment) => {
      const restored = core.restore(storage.get(page.key) || null, page.durations, moment);
      const messages = restored ? restored.messages : [];
      for (const message of messages) sent.push({ timer: pages.indexOf(page), message });
      if (restored && restored.session) {
        page.session = restored.session;
        page.next += 1; // the reloaded page draws a new next run id
      } else {
        page.session = core.newSession(page.durations, page.ids[page.next + 1]);
        if (restored) page.session = { ...page.session, notice: restored.notice };
        page.next += 2;
      }
      keepPlace(page, messages, moment);
    };
    c.inputs.forEach((input, i) => {
      const where = `input ${i} (${describe(input)})`;
      const moment = { now: input.now, wallMs: input.wall_ms };
      sent = [];
      if (input.tick) {
        for (const page of pages) act(page, "update", moment);
      } else if (input.reload === "leave") {
        for (const page of pages) act(page, "pause", moment);
      } else if (input.reload === "load") {
        for (const page of pages) load(page, moment);
      } else if (input.kernel) {
        const page = pages[input.timer];
        const given = core.fromKernel(input.kernel, page.done);
        if (given) {
          page.done = given.done;
          if (given.command) act(page, given.command, moment);
        }
      } else {
        act(pages[input.timer], input.do, moment);
      }
      const expected = c.sent.filter((s) => s.input === i);
      const kinds = (list) => list.map((s) => `${s.timer}:${s.message.kind}`).join(", ");
      assert.equal(sent.length, expected.length,
        `${where}: the page sends [${kinds(sent)}], FakePage [${kinds(expected)}]`);
      expected.forEach((e, j) => {
        const what = `${where}: message ${j + 1} of ${expected.length} (${e.message.kind})`;
        assert.equal(sent[j].timer, e.timer, `${what}: from timer`);
        agree(sent[j].message, e.message, what);
      });
      if (input.notices) {
        pages.forEach((page, t) => agree(page.session.notice, input.notices[t], `${where}: timer ${t}'s notice`));
      }
    });
  });
});
