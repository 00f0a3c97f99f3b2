// The take-away page's host for the routine timer (psoas_lesson/takeaway.py writes the page).
//
// On a page opened from a file, with no kernel, this stands in for anywidget: a model holding the
// timer's synced state (createModel) on which timer.bundle.js's mount() runs unchanged, and, where
// the kernel would write the practice log from the page's messages, a log kept in the browser's
// localStorage with a CSV download in the columns of `psoas-lesson log --csv`. The messages are
// the protocol's own (timer_core.js, "The page and the kernel"); a run is logged as the kernel
// logs it (psoas_lesson/widgets/timer.py): when it finishes, or is reset or stopped after some
// work, once.
//
// The pure parts (the model, the log's rules, the CSV) take no page and no clock, so `node --test`
// runs them (tests/js/takeaway.test.mjs) and tests/test_takeaway_js.py checks them against the
// Python log. start() is the thin part that touches the page. Every text is set with textContent.

export const LOG_KEY = "psoas-lesson.practice-log"; // one log for every take-away page in a browser
export const CSV_HEADER = ["date", "time", "routine", "exercises", "seconds_done", "completed"];
export const CSV_FILE = "psoas-practice-log.csv";
export const NO_STORAGE =
  "This browser keeps no log for this page: download the log (CSV) below before closing it.";
const LOGGED_KINDS = new Set(["finish", "reset", "stop"]);
const FULL = 1e-6; // seconds: a work period run to within this of its length was done
const SHOWN = 12; // sessions listed on the page; the CSV has them all

// -- the model: anywidget's get, set, on, off, save_changes and send --------------------------

/**
 * A model for timer.bundle.js's mount(): `state` is the synced state (payload, pose_frames, look,
 * size, sound, voice, command, command_done, notice); `send` gets each message the page sends.
 * set() tells the `change:<name>` listeners when a value changes, as anywidget's model does.
 * order() gives the timer a command, as the kernel's RoutineTimer._order does.
 */
export function createModel(state, send) {
  const values = { ...state };
  const listeners = new Map();
  const model = {
    get: (name) => values[name],
    set(name, value) {
      if (Object.is(values[name], value)) return;
      values[name] = value;
      for (const listener of [...(listeners.get(`change:${name}`) || [])]) listener(model, value);
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
    },
    off(event, listener) {
      if (!event) listeners.clear();
      else if (!listener) listeners.delete(event);
      else listeners.get(event)?.delete(listener);
    },
    save_changes() {}, // nothing to sync with: the page is the whole timer
    send,
    order(kind, notice = "") {
      const id = ((values.command && values.command.id) || 0) + 1;
      model.set("command", notice ? { id, kind, notice } : { id, kind });
    },
  };
  return model;
}

// -- the log's rules -------------------------------------------------------------------------

/** Ids of the exercises with a work period run to its end, in routine order (timer.py's twin). */
export function exercisesDone(segments, spent, durations) {
  const done = [];
  segments.forEach((segment, i) => {
    const full = spent[i] >= durations[i] - FULL;
    if (segment.kind === "work" && segment.exercise && full && !done.includes(segment.exercise)) {
      done.push(segment.exercise);
    }
  });
  return done;
}

/**
 * The session a page message asks to log, or null: a finish, reset or stop of a run with some
 * work done, as the kernel's RoutineTimer._write_log. A finish is complete when every exercise
 * of the routine had a work period run to its end. `now` (ms) dates a run that never started.
 */
export function sessionOf(message, payload, now) {
  if (!message || message.type !== "event" || !LOGGED_KINDS.has(message.kind)) return null;
  const segments = payload.segments || [];
  const { spent, durations } = message;
  if (!Array.isArray(spent) || spent.length !== segments.length) return null;
  const work = segments.reduce((sum, s, i) => sum + (s.kind === "work" ? spent[i] : 0), 0);
  if (!(work > 0)) return null;
  const exercises = exercisesDone(segments, spent, durations);
  const wanted = new Set(segments.filter((s) => s.kind === "work" && s.exercise).map((s) => s.exercise));
  const completed = message.kind === "finish" && [...wanted].every((id) => exercises.includes(id));
  return {
    id: message.run_id,
    started_at: localIso(message.started_ms || now),
    routine: payload.name || "Routine",
    exercises,
    seconds_done: secondsDoneOf(spent),
    completed,
  };
}

/**
 * The log with `session` in it: one entry per run. A later report of a run already logged (a
 * stop when the page is left, then Resume and the finish) replaces it only when more was done.
 */
export function withSession(sessions, session) {
  const at = sessions.findIndex((s) => s.id === session.id);
  if (at < 0) return [...sessions, session];
  if (session.seconds_done <= sessions[at].seconds_done) return sessions;
  return sessions.map((s, i) => (i === at ? session : s));
}

/** `YYYY-MM-DDTHH:MM:SS` in local time: the log keeps naive local times, as practice.py does. */
export function localIso(ms) {
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, "0");
  const date = `${String(d.getFullYear()).padStart(4, "0")}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  return `${date}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/**
 * Seconds done in a run, to a tenth: whole milliseconds summed and rounded half up in integers,
 * as practice.seconds_done_of does, so both give the same tenth from the same floats.
 */
export function secondsDoneOf(spent) {
  const milliseconds = spent.reduce((sum, seconds) => sum + Math.floor(seconds * 1000 + 0.5), 0);
  return Math.floor((milliseconds + 50) / 100) / 10;
}

/** `x` to one decimal as Python's round(x, 1): an exact tie (x a multiple of 1/4) goes to even. */
export function roundTenths(x) {
  const quarters = x * 4;
  if (Number.isInteger(quarters) && quarters % 2 !== 0) {
    const low = Math.floor(x * 10);
    return (low % 2 === 0 ? low : low + 1) / 10;
  }
  return Number(x.toFixed(1));
}

// -- the CSV: practice.sessions_csv's twin -----------------------------------------------------

/** Sessions as CSV, oldest first, in the columns and cell rules of `psoas-lesson log --csv`. */
export function sessionsCsv(sessions) {
  const ordered = sessions
    .map((s, i) => [s, i])
    .sort(([a, i], [b, j]) => (a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : i - j))
    .map(([s]) => s);
  const rows = [CSV_HEADER];
  for (const s of ordered) {
    rows.push([
      s.started_at.slice(0, 10),
      s.started_at.slice(11, 19),
      safeCell(s.routine),
      safeCell(s.exercises.join(";")),
      secondsText(s.seconds_done),
      s.completed ? "yes" : "no",
    ]);
  }
  return rows.map((row) => row.map(csvField).join(",") + "\n").join("");
}

function safeCell(text) {
  // A spreadsheet runs a cell that starts like a formula; a leading quote makes it text (OWASP).
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function secondsText(value) {
  return String(roundTenths(value)); // 12 for 12.0, as practice.py writes it
}

function csvField(text) {
  // Python's csv module as practice.py sets it up (QUOTE_MINIMAL, lines ending "\n"): quoted when
  // it holds the delimiter, a quote or a "\n", and only then.
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// -- the log in the browser's storage --------------------------------------------------------

/** The sessions kept in `storage` ([] when there are none or they cannot be read) and a problem. */
export function loadSessions(storage) {
  if (!storage) return { sessions: [], problem: NO_STORAGE };
  try {
    const kept = JSON.parse(storage.getItem(LOG_KEY) || "[]");
    return { sessions: Array.isArray(kept) ? kept.filter(isSession) : [], problem: "" };
  } catch {
    return { sessions: [], problem: NO_STORAGE };
  }
}

/** Keep `sessions` in `storage`; "" when kept, else what to tell the learner. */
export function saveSessions(storage, sessions) {
  if (!storage) return NO_STORAGE;
  try {
    storage.setItem(LOG_KEY, JSON.stringify(sessions));
    return "";
  } catch {
    return NO_STORAGE; // full, or refused (a private window)
  }
}

function isSession(s) {
  return (
    s && typeof s.id === "string" && typeof s.started_at === "string" && typeof s.routine === "string" &&
    Array.isArray(s.exercises) && Number.isFinite(s.seconds_done) && typeof s.completed === "boolean"
  );
}

// -- the page --------------------------------------------------------------------------------

/**
 * Host the timer in the page `doc`: `mount` is timer.bundle.js's, `data` what takeaway.py wrote
 * ({model: the synced state}). The page's parts are found by id: psoas-page-timer (the timer's
 * box, holding a message for browsers that cannot run it), psoas-page-log-summary,
 * psoas-page-log-rows, psoas-page-csv, psoas-page-go.
 */
export function start({ mount, data, doc }) {
  const win = doc.defaultView;
  const storage = browserStorage(win);
  const payload = data.model.payload;
  let { sessions, problem } = loadSessions(storage);
  const model = createModel(
    { command: { id: 0, kind: "" }, command_done: 0, notice: problem, ...data.model },
    (message) => {
      const session = sessionOf(message, payload, Date.now());
      if (!session) return;
      // What another tab or another take-away page logged meanwhile is kept, not written over.
      const kept = storage && !problem ? loadSessions(storage).sessions : sessions;
      sessions = withSession(kept, session);
      problem = saveSessions(storage, sessions) || "";
      model.set("notice", problem);
      showLog(doc, sessions);
    },
  );
  const box = doc.getElementById("psoas-page-timer");
  box.replaceChildren();
  mount({ model, el: box });
  showLog(doc, sessions);
  // Leaving the page (a reload, a closed tab) is the timer's own business: it keeps the run's
  // place, picks it up paused when the page opens again, and reports it stopped (so it is logged
  // here) if that is over two hours later.
  doc.getElementById("psoas-page-csv")?.addEventListener("click", () => download(doc, sessionsCsv(sessions)));
  const timer = () => box.querySelector(".psoas-timer");
  doc.getElementById("psoas-page-go")?.addEventListener("click", (event) => {
    event.preventDefault(); // the link's own jump would leave the focus on the page, not the timer
    box.scrollIntoView({ block: "start" });
    timer()?.focus({ preventScroll: true }); // so its keys work at once
  });
  // A key pressed on the page itself (nothing focused) while the timer fills the screen is the
  // timer's; while the learner reads the steps, Space scrolls the page as on any other.
  doc.addEventListener("keydown", (event) => {
    const root = timer();
    if (!root || (event.target !== doc.body && event.target !== doc.documentElement)) return;
    const { top, bottom } = box.getBoundingClientRect();
    const middle = win.innerHeight / 2;
    if (top > middle || bottom < middle) return;
    const copy = new win.KeyboardEvent("keydown", {
      key: event.key, altKey: event.altKey, ctrlKey: event.ctrlKey, metaKey: event.metaKey,
      bubbles: true, cancelable: true,
    });
    root.focus({ preventScroll: true });
    if (!root.dispatchEvent(copy)) event.preventDefault();
  });
  return model;
}

function browserStorage(win) {
  try {
    const storage = win.localStorage; // reading it throws where the browser forbids storage
    return storage || null;
  } catch {
    return null;
  }
}

function showLog(doc, sessions) {
  const summary = doc.getElementById("psoas-page-log-summary");
  const rows = doc.getElementById("psoas-page-log-rows");
  if (!summary || !rows) return;
  const minutes = sessions.reduce((sum, s) => sum + s.seconds_done, 0) / 60;
  summary.textContent = sessions.length
    ? `${sessions.length} session${sessions.length === 1 ? "" : "s"}, ${minutes.toFixed(1)} minutes in all` +
      (sessions.length > SHOWN ? ` (the latest ${SHOWN} below; the CSV has them all)` : "")
    : "Nothing yet: a routine you finish, or stop after some work, is noted here.";
  const latest = [...sessions].sort((a, b) => (a.started_at < b.started_at ? 1 : -1)).slice(0, SHOWN);
  const cell = (className, ...parts) => {
    const td = Object.assign(doc.createElement("td"), { className });
    td.append(...parts); // text goes in as text nodes
    return td;
  };
  const whole = (text) => Object.assign(doc.createElement("span"), { textContent: text, className: "whole" });
  rows.replaceChildren(
    ...latest.map((s) => {
      const row = doc.createElement("tr");
      row.append(
        cell("", whole(s.started_at.slice(0, 10)), " ", whole(s.started_at.slice(11, 16))),
        cell("name", s.routine),
        cell("num", (s.seconds_done / 60).toFixed(1)),
        cell("", s.completed ? "finished" : "stopped part-way"),
      );
      return row;
    }),
  );
  rows.closest("table").hidden = !sessions.length;
  const button = doc.getElementById("psoas-page-csv");
  if (button) button.disabled = !sessions.length;
}

function download(doc, text) {
  const win = doc.defaultView;
  const url = win.URL.createObjectURL(new win.Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = Object.assign(doc.createElement("a"), { href: url, download: CSV_FILE, hidden: true });
  doc.body.append(link);
  link.click();
  link.remove();
  win.setTimeout(() => win.URL.revokeObjectURL(url), 60_000);
}
