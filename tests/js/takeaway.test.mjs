// The take-away page's host (psoas_lesson/widgets/takeaway.js): the model the timer runs on, the
// practice log's rules and its CSV. `node --test tests/js` (make js) runs these; the agreement with
// the Python log (practice.sessions_csv, RoutineTimer._write_log) is checked by
// tests/test_takeaway_js.py on drawn cases.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as host from "../../psoas_lesson/widgets/takeaway.js";

const SEGMENTS = [
  { kind: "prepare", exercise: "glute-bridge" },
  { kind: "work", exercise: "glute-bridge" },
  { kind: "rest", exercise: "glute-bridge" },
  { kind: "work", exercise: "glute-bridge" },
  { kind: "prepare", exercise: "knee-to-chest" },
  { kind: "work", exercise: "knee-to-chest" },
];
const PAYLOAD = { name: "Evening, hips", segments: SEGMENTS };
const DURATIONS = [3, 2, 2, 2, 3, 2];
const STARTED = new Date(2025, 0, 31, 7, 5, 9).getTime(); // local time

function message(kind, spent, extra = {}) {
  return {
    type: "event", id: "r:1", run_id: "a".repeat(32), kind, state: "finished", index: 5,
    spent, durations: DURATIONS, started_ms: STARTED, ...extra,
  };
}

function memoryStorage() {
  const kept = new Map();
  return {
    kept,
    getItem: (key) => (kept.has(key) ? kept.get(key) : null),
    setItem: (key, value) => kept.set(key, String(value)),
  };
}

test("the model gives back what it holds and tells listeners of a change, once", () => {
  const sent = [];
  const model = host.createModel({ sound: true, command: { id: 0, kind: "" } }, (m) => sent.push(m));
  const heard = [];
  const listener = (_model, value) => heard.push(value);
  model.on("change:sound", listener);
  model.set("sound", true); // no change: nobody told
  model.set("sound", false);
  assert.equal(model.get("sound"), false);
  assert.deepEqual(heard, [false]);
  model.off("change:sound", listener);
  model.set("sound", true);
  assert.deepEqual(heard, [false]);
  model.save_changes();
  model.send({ type: "event" });
  assert.deepEqual(sent, [{ type: "event" }]);
});

test("order() gives the timer a command with the next id, as the kernel does", () => {
  const model = host.createModel({ command: { id: 4, kind: "start" } }, () => {});
  const commands = [];
  model.on("change:command", (_m, value) => commands.push(value));
  model.order("stop", "left");
  model.order("start");
  assert.deepEqual(commands, [{ id: 5, kind: "stop", notice: "left" }, { id: 6, kind: "start" }]);
});

test("an exercise is done when one of its work periods ran to its end", () => {
  assert.deepEqual(host.exercisesDone(SEGMENTS, [3, 2, 2, 1, 3, 2], DURATIONS), ["glute-bridge", "knee-to-chest"]);
  assert.deepEqual(host.exercisesDone(SEGMENTS, [3, 1.9, 0, 0, 0, 0], DURATIONS), []);
  assert.deepEqual(host.exercisesDone(SEGMENTS, [3, 2 - 1e-7, 0, 0, 0, 0], DURATIONS), ["glute-bridge"]);
});

test("a finish with every exercise done is logged complete, in local time", () => {
  const session = host.sessionOf(message("finish", DURATIONS), PAYLOAD, 0);
  assert.deepEqual(session, {
    id: "a".repeat(32),
    started_at: "2025-01-31T07:05:09",
    routine: "Evening, hips",
    exercises: ["glute-bridge", "knee-to-chest"],
    seconds_done: 14,
    completed: true,
  });
});

test("a reset or stop after some work is logged as not complete; nothing else is logged", () => {
  const some = [3, 2, 1.25, 0, 0, 0];
  for (const kind of ["reset", "stop"]) {
    const session = host.sessionOf(message(kind, some), PAYLOAD, 0);
    assert.equal(session.completed, false);
    assert.equal(session.seconds_done, 6.3); // 6.25 half up, as practice.seconds_done_of
    assert.deepEqual(session.exercises, ["glute-bridge"]);
  }
  // a finish reached by skipping an exercise's every work period is not complete
  assert.equal(host.sessionOf(message("finish", [3, 2, 2, 2, 3, 0]), PAYLOAD, 0).completed, false);
  for (const kind of ["start", "segment", "pause", "resume", "adjust"]) {
    assert.equal(host.sessionOf(message(kind, DURATIONS), PAYLOAD, 0), null, kind);
  }
  assert.equal(host.sessionOf(message("stop", [3, 0, 0, 0, 3, 0]), PAYLOAD, 0), null, "no work done");
  assert.equal(host.sessionOf({ type: "other", kind: "finish" }, PAYLOAD, 0), null);
});

test("a run is logged once; a later report replaces it only when more was done", () => {
  const stopped = host.sessionOf(message("stop", [3, 2, 1, 0, 0, 0]), PAYLOAD, 0);
  const finished = host.sessionOf(message("finish", DURATIONS), PAYLOAD, 0);
  const reset = host.sessionOf(message("reset", DURATIONS), PAYLOAD, 0);
  let log = host.withSession([], stopped);
  log = host.withSession(log, finished);
  assert.deepEqual(log, [finished]);
  assert.deepEqual(host.withSession(log, reset), [finished]); // the reset after it is the same run
  const other = { ...stopped, id: "b".repeat(32) };
  assert.deepEqual(host.withSession(log, other), [finished, other]);
});

test("tenths round as Python's round(x, 1)", () => {
  const cases = [[0.25, 0.2], [0.75, 0.8], [12.25, 12.2], [2.675, 2.7], [1.05, 1.1], [0.15, 0.1], [7, 7], [59.96, 60]];
  for (const [x, expected] of cases) assert.equal(host.roundTenths(x), expected, String(x));
});

test("the CSV has the log command's columns, oldest first, safe for a spreadsheet", () => {
  const sessions = [
    { id: "2", started_at: "2025-02-01T08:00:00", routine: '=HYPERLINK("x")', exercises: ["a", "b"],
      seconds_done: 60.25, completed: false },
    { id: "1", started_at: "2025-01-31T07:05:09", routine: "Evening, hips", exercises: [],
      seconds_done: 14, completed: true },
  ];
  assert.equal(
    host.sessionsCsv(sessions),
    "date,time,routine,exercises,seconds_done,completed\n" +
      '2025-01-31,07:05:09,"Evening, hips",,14,yes\n' +
      `2025-02-01,08:00:00,"'=HYPERLINK(""x"")",a;b,60.2,no\n`,
  );
  assert.equal(host.sessionsCsv([]), "date,time,routine,exercises,seconds_done,completed\n");
});

test("the log is kept in storage, and a broken or missing storage is said, not thrown", () => {
  const storage = memoryStorage();
  const session = host.sessionOf(message("finish", DURATIONS), PAYLOAD, 0);
  assert.equal(host.saveSessions(storage, [session]), "");
  assert.deepEqual(host.loadSessions(storage), { sessions: [session], problem: "" });
  storage.setItem(host.LOG_KEY, "{not json");
  assert.deepEqual(host.loadSessions(storage), { sessions: [], problem: host.NO_STORAGE });
  storage.setItem(host.LOG_KEY, JSON.stringify([session, { id: 3 }, null]));
  assert.deepEqual(host.loadSessions(storage).sessions, [session]); // a hand-edited entry is left out
  assert.deepEqual(host.loadSessions(null), { sessions: [], problem: host.NO_STORAGE });
  const full = { getItem: () => null, setItem: () => { throw new Error("QuotaExceededError"); } };
  assert.equal(host.saveSessions(full, [session]), host.NO_STORAGE);
});

test("seconds done come to the same tenth as practice.seconds_done_of, ties included", () => {
  // A float sum of these is 815.6500000000001 and fsum 815.65: rounded as floats, the page and
  // the kernel once logged 815.7 and 815.6 for the same run.
  const spent = [23.127, 19.649, 12.897, 2.321, 7.802, 12.55, 23.341, 0.067, 12.143, 5.406];
  const rest = [2, 30, 26, 2, 15, 15, 51, 51, 15, 51, 51, 51, 15, 51, 41.329, 29.052, 1.033];
  const tail = [4.38, 35, 30, 15.47, 30, 27.72, 26.601, 29.762];
  assert.equal(host.secondsDoneOf([...spent, ...rest, ...tail]), 815.7);
  assert.equal(host.secondsDoneOf([0.05]), 0.1); // half up
  assert.equal(host.secondsDoneOf([0.0449, 0.0051]), 0.1); // whole milliseconds: 45 + 5
  assert.equal(host.secondsDoneOf([]), 0);
});
