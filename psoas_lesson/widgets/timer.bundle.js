// Built from timer.js and timer_core.js by `make bundle` (esbuild): edit those, not this.

// psoas_lesson/widgets/timer_core.js
var READY = "ready";
var RUNNING = "running";
var PAUSED = "paused";
var FINISHED = "finished";
var COUNT_IN = [3, 2, 1];
var BACK_RESTARTS_AFTER_S = 2;
var SOUND_OF = { prepare: "rest", work: "work", rest: "rest", switch: "switch" };
function newRun(durations) {
  return {
    initial: [...durations],
    // what reset goes back to: adjustments undone
    durations: [...durations],
    spent: durations.map(() => 0),
    state: READY,
    index: 0,
    deadline: 0,
    // while running: when the current segment ends
    left: durations.length ? durations[0] : 0,
    // while ready or paused: what is left of it
    pausedSince: null,
    pausedTotal: 0,
    startedAt: null,
    finishedAt: null
  };
}
function remaining(run, now2) {
  if (run.state === RUNNING) {
    return Math.min(run.durations[run.index], Math.max(0, run.deadline - now2));
  }
  if (run.state === FINISHED) return 0;
  return run.left;
}
function advance(run, now2) {
  const events = [];
  if (run.state !== RUNNING || now2 < run.deadline) return [run, events];
  const spent2 = [...run.spent];
  let index = run.index;
  let deadline = run.deadline;
  while (now2 >= deadline) {
    spent2[index] += run.durations[index];
    if (index + 1 >= run.durations.length) {
      events.push(event("finish", index, deadline));
      return [{ ...run, spent: spent2, index, deadline, state: FINISHED, finishedAt: deadline }, events];
    }
    index += 1;
    events.push(event("segment", index, deadline));
    deadline += run.durations[index];
  }
  return [{ ...run, spent: spent2, index, deadline }, events];
}
function event(kind, index, at) {
  return { kind, index, at };
}
function apply(run, command, now2) {
  const kind = typeof command === "string" ? command : command.kind;
  switch (kind) {
    case "update":
      return advance(run, now2);
    case "start":
      return start(run, now2);
    case "pause":
      return pause(run, now2);
    case "resume":
      return resume(run, now2);
    case "toggle":
      return advance(run, now2)[0].state === RUNNING ? pause(run, now2) : start(run, now2);
    case "skip":
      return skip(run, now2);
    case "back":
      return back(run, now2);
    case "reset":
      return [newRun(run.initial), [event("reset", 0, now2)]];
    case "adjust":
      return adjust(run, command.delta, now2);
    default:
      throw new Error(`unknown timer command ${JSON.stringify(kind)}`);
  }
}
function start(run, now2) {
  const [advanced, events] = advance(run, now2);
  run = advanced;
  if (run.state === PAUSED) {
    const [resumed, more] = resume(run, now2);
    return [resumed, events.concat(more)];
  }
  if (run.state !== READY || !run.durations.length) return [run, events];
  run = { ...run, startedAt: now2, state: RUNNING, deadline: now2 + run.left };
  events.push(event("start", run.index, now2), event("segment", run.index, now2));
  return [run, events];
}
function pause(run, now2) {
  const [advanced, events] = advance(run, now2);
  run = advanced;
  if (run.state !== RUNNING) return [run, events];
  run = { ...run, left: remaining(run, now2), pausedSince: now2, state: PAUSED };
  events.push(event("pause", run.index, now2));
  return [run, events];
}
function resume(run, now2) {
  if (run.state !== PAUSED) return [run, []];
  run = {
    ...run,
    pausedTotal: run.pausedTotal + now2 - run.pausedSince,
    pausedSince: null,
    deadline: now2 + run.left,
    state: RUNNING
  };
  return [run, [event("resume", run.index, now2)]];
}
function skip(run, now2) {
  const [advanced, events] = advance(run, now2);
  run = advanced;
  if (run.state === FINISHED || !run.durations.length) return [run, events];
  const [next, more] = run.index + 1 < run.durations.length ? goto(run, run.index + 1, now2) : finish(run, now2);
  return [next, events.concat(more)];
}
function back(run, now2) {
  const [advanced, events] = advance(run, now2);
  run = advanced;
  if (!run.durations.length) return [run, events];
  if (run.state === FINISHED) {
    const last = run.durations.length - 1;
    run = {
      ...run,
      pausedTotal: run.pausedTotal + now2 - run.finishedAt,
      finishedAt: null,
      state: PAUSED,
      pausedSince: now2,
      index: last,
      left: run.durations[last]
    };
    events.push(event("segment", run.index, now2));
    return [run, events];
  }
  const into = run.durations[run.index] - remaining(run, now2);
  const target = into >= BACK_RESTARTS_AFTER_S ? run.index : Math.max(0, run.index - 1);
  const [moved, more] = goto(run, target, now2);
  return [moved, events.concat(more)];
}
function adjust(run, delta, now2) {
  const [advanced, events] = advance(run, now2);
  run = advanced;
  if (run.state === FINISHED || !run.durations.length) return [run, events];
  if (remaining(run, now2) + delta <= 0) {
    const [skipped, more] = skip(run, now2);
    return [skipped, events.concat(more)];
  }
  const durations = [...run.durations];
  durations[run.index] += delta;
  run = run.state === RUNNING ? { ...run, durations, deadline: run.deadline + delta } : { ...run, durations, left: run.left + delta };
  events.push(event("adjust", run.index, now2));
  return [run, events];
}
function goto(run, index, now2) {
  const spent2 = [...run.spent];
  spent2[run.index] += run.durations[run.index] - remaining(run, now2);
  run = run.state === RUNNING ? { ...run, deadline: now2 + run.durations[index] } : { ...run, left: run.durations[index] };
  run = { ...run, spent: spent2, index };
  return [run, [event("segment", index, now2)]];
}
function finish(run, now2) {
  const spent2 = [...run.spent];
  spent2[run.index] += run.durations[run.index] - remaining(run, now2);
  if (run.state === PAUSED) {
    run = { ...run, pausedTotal: run.pausedTotal + now2 - run.pausedSince, pausedSince: null };
  }
  run = {
    ...run,
    spent: spent2,
    startedAt: run.startedAt !== null ? run.startedAt : now2,
    state: FINISHED,
    finishedAt: now2
  };
  return [run, [event("finish", run.index, now2)]];
}
function view(run, now2) {
  run = advance(run, now2)[0];
  const left = remaining(run, now2);
  const durations = run.durations;
  const total = sum(durations);
  let done;
  if (run.state === FINISHED) done = total;
  else done = sum(durations.slice(0, run.index)) + (durations.length ? durations[run.index] - left : 0);
  return {
    state: run.state,
    index: run.index,
    remaining: left,
    segmentDuration: durations.length ? durations[run.index] : 0,
    done,
    total
  };
}
function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}
function spent(run, now2) {
  run = advance(run, now2)[0];
  const out = [...run.spent];
  if ((run.state === RUNNING || run.state === PAUSED) && out.length) {
    out[run.index] += run.durations[run.index] - remaining(run, now2);
  }
  return out;
}
function clock(seconds) {
  const whole = Math.ceil(Math.max(0, Math.round(seconds * 1e6) / 1e6));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor(whole % 3600 / 60);
  const secs = String(whole % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}
var BEAT_EPSILON_S = 1e-9;
var SPEECH = { wordS: 0.4, sentenceS: 0.25, commaS: 0.1, gapS: 0.15, clearS: 0.05 };
var SLOWEST_WORD_S = 1;
function beatAt(run, segments, now2) {
  run = advance(run, now2)[0];
  const beats = run.state === FINISHED ? null : (segments[run.index] || {}).beats;
  if (!beats || !beats.length) return null;
  const elapsed = run.durations[run.index] - remaining(run, now2);
  let found = null;
  for (let k = 0; k < beats.length && beats[k].at_s <= elapsed + BEAT_EPSILON_S; k++) found = k;
  return found;
}
function speechSeconds(text, wordS = SPEECH.wordS) {
  const words = text.split(/[\s\u2010-\u2015-]+/).filter(Boolean).length;
  const breaks = (text.match(/[.:;!?](\s|$)/g) || []).length;
  const commas = (text.match(/,/g) || []).length;
  const scale = wordS / SPEECH.wordS;
  return words * wordS + (breaks * SPEECH.sentenceS + commas * SPEECH.commaS) * scale;
}
function learnedPace(wordS, text, seconds) {
  const heard = seconds / speechSeconds(text, SPEECH.wordS) * SPEECH.wordS;
  if (!(heard > 0) || !Number.isFinite(heard)) return wordS;
  const next = heard > wordS ? heard : (wordS + heard) / 2;
  return Math.min(SLOWEST_WORD_S, Math.max(SPEECH.wordS, next));
}
function toneSeconds(tone) {
  return (TONES[tone] || []).reduce((sum2, [, length]) => sum2 + length, 0);
}
function spans(run) {
  if (run.state !== RUNNING) return [];
  let end = run.deadline;
  const out = [{ index: run.index, start: end - run.durations[run.index], end }];
  for (let index = run.index + 1; index < run.durations.length; index++) {
    const start2 = end;
    end = start2 + run.durations[index];
    out.push({ index, start: start2, end });
  }
  return out;
}
function beatsIn(segment, duration) {
  return (segment.beats || []).filter((beat) => beat.at_s < duration - BEAT_EPSILON_S);
}
function* moments(run, segments, done) {
  const finish2 = (at) => ({
    key: "finish",
    kind: "finish",
    beat: null,
    at,
    tone: "done",
    sayings: done ? [done] : [],
    must: true
  });
  if (run.state === FINISHED) yield finish2(run.finishedAt);
  for (const { index, start: start2, end } of spans(run)) {
    const segment = segments[index] || {};
    const beats = beatsIn(segment, run.durations[index]);
    yield {
      key: `${index}:segment`,
      kind: "segment",
      index,
      beat: beats.length ? 0 : null,
      at: start2,
      tone: toneOf(segment.kind),
      sayings: segment.sayings || [],
      must: !!segment.must
    };
    for (let k = 1; k < beats.length; k++) {
      yield {
        key: `${index}:beat:${k}`,
        kind: "beat",
        index,
        beat: k,
        at: start2 + beats[k].at_s,
        tone: "beat",
        sayings: beats[k].sayings || [],
        must: !!beats[k].must
      };
    }
    if (index + 1 >= run.durations.length) yield finish2(end);
  }
}
function cues(run, segments, from, to, done = "") {
  const out = [];
  let previous = null;
  for (const moment of moments(run, segments, done)) {
    if (previous) out.push({ ...previous, until: moment.at });
    previous = null;
    if (moment.at > to) break;
    const speakAt = moment.at + toneSeconds(moment.tone);
    if (moment.sayings.length && speakAt > from && speakAt <= to) previous = { ...moment, speakAt };
  }
  if (previous) out.push({ ...previous, until: Infinity });
  return out;
}
function chooseSaying(cue, { now: now2 = -Infinity, busyUntil = -Infinity, wordS = SPEECH.wordS } = {}) {
  if (now2 >= cue.until) return null;
  const start2 = Math.max(cue.speakAt, now2, busyUntil);
  const forms = cue.sayings || [];
  let chosen = forms.findIndex((text2) => start2 + speechSeconds(text2, wordS) + SPEECH.gapS <= cue.until);
  if (chosen < 0 && cue.must && forms.length) chosen = forms.length - 1;
  if (chosen < 0) return null;
  const text = forms[chosen];
  const form = cue.beat !== null && cue.beat !== void 0 ? "word" : chosen === 0 ? "full" : "short";
  const { key, kind, index, beat, at } = cue;
  return { key, kind, index, beat, at, text, form, start: start2, end: start2 + speechSeconds(text, wordS) };
}
function speechPlan(run, segments, now2, horizon = Infinity, { done = "", wordS = SPEECH.wordS } = {}) {
  run = advance(run, now2)[0];
  const plan = [];
  let busyUntil = -Infinity;
  for (const cue of cues(run, segments, now2, now2 + horizon, done)) {
    const said = chooseSaying(cue, { now: now2, busyUntil, wordS });
    if (said) {
      plan.push(said);
      busyUntil = said.end;
    }
  }
  return plan;
}
function beepsAhead(run, segments, now2, horizon = Infinity, spoken = []) {
  run = advance(run, now2)[0];
  const clear = (at) => !spoken.some((u) => at >= u.start - SPEECH.clearS && at <= u.end + SPEECH.clearS);
  const beeps = [];
  for (const { index, start: start2, end } of spans(run)) {
    if (start2 > now2 + horizon) break;
    const segment = segments[index] || {};
    const duration = run.durations[index];
    const beats = beatsIn(segment, duration);
    beats.forEach((beat, k) => {
      if (k > 0) beeps.push({ key: `${index}:beat:${k}`, at: start2 + beat.at_s, tone: "beat" });
      const down = beat.down_s === null || beat.down_s === void 0 ? null : start2 + beat.at_s + beat.down_s;
      if (down !== null && down < end - BEAT_EPSILON_S && clear(down)) {
        beeps.push({ key: `${index}:down:${k}`, at: down, tone: "down" });
      }
    });
    if (!beats.length) {
      for (const k of COUNT_IN) {
        const at = end - k;
        if (k < duration && clear(at)) beeps.push({ key: `${index}:count:${k}`, at, tone: "count" });
      }
    }
    const last = index + 1 >= run.durations.length;
    const tone = last ? "done" : SOUND_OF[(segments[index + 1] || {}).kind] || "work";
    beeps.push({ key: last ? `${index}:finish` : `${index + 1}:segment`, at: end, tone });
  }
  return beeps.filter((beep) => beep.at >= now2 && beep.at <= now2 + horizon).sort((a, b) => a.at - b.at);
}
function toneOf(kind) {
  return SOUND_OF[kind] || "work";
}
var TONES = {
  count: [[1046.5, 0.07]],
  // C6 tick: short and high
  work: [[880, 0.12], [0, 0.04], [880, 0.18]],
  // A5 twice: get going
  rest: [[440, 0.35]],
  // A4, long and low: ease off
  switch: [[659.3, 0.12], [0, 0.03], [523.3, 0.16]],
  // E5 then C5: change sides
  done: [[523.3, 0.14], [659.3, 0.14], [784, 0.14], [1046.5, 0.32]],
  // C-E-G-C up
  beat: [[784, 0.04]],
  // G5, very short: the beat of a move on a beat
  down: [[392, 0.06]]
  // G4, short and low: the hold ends, let the leg down
};
var TONE_GAIN = { beat: 0.5, down: 0.5 };
function notes(tone) {
  const out = [];
  let offset = 0;
  for (const [frequency, length] of TONES[tone]) {
    if (frequency > 0) out.push({ frequency, start: offset, length, gain: TONE_GAIN[tone] || 1 });
    offset += length;
  }
  return out;
}
function commandForKey(key) {
  switch (key) {
    case " ":
    case "Spacebar":
      return "toggle";
    case "ArrowRight":
      return "skip";
    case "ArrowLeft":
      return "back";
    case "+":
    case "=":
      return "plus";
    case "-":
    case "_":
    case "−":
      return "minus";
    case "r":
    case "R":
      return "reset";
    default:
      return null;
  }
}
var ADJUST_S = 15;
var KERNEL_COMMANDS = ["start", "pause", "stop", "reset", "skip", "back"];
var TAKEN_OVER = "Paused: another timer on this page started.";
var TAKE_OVER = { kind: "stop", notice: TAKEN_OVER };
function newSession(durations, runId2) {
  return { run: newRun(durations), runId: runId2, seq: 0, startedMs: null, notice: "", ended: false };
}
function handle(session, command, { now: now2, wallMs, nextRunId }) {
  const { kind, notice = "" } = typeof command === "string" ? { kind: command } : command;
  const moment = { now: now2, wallMs, nextRunId };
  let result = { session, events: [], messages: [] };
  if (kind === "stop") return stop(result, notice, moment);
  if (kind === "start" && advance(session.run, now2)[0].state === FINISHED) {
    result = step(result, "reset", moment);
  }
  if (kind === "plus" || kind === "minus") {
    return step(result, { kind: "adjust", delta: kind === "plus" ? ADJUST_S : -ADJUST_S }, moment);
  }
  return step(result, kind, moment);
}
function step(result, command, moment) {
  const [run, events] = apply(result.session.run, command, moment.now);
  const reported = report(result.session, run, events, moment);
  return {
    session: reported.session,
    events: result.events.concat(events),
    messages: result.messages.concat(reported.messages)
  };
}
function stop(result, notice, moment) {
  result = step(result, "update", moment);
  if (result.session.run.state === RUNNING) {
    result = step(result, "pause", moment);
    result = { ...result, session: { ...result.session, notice: notice || TAKEN_OVER } };
  }
  if (result.session.run.state === READY) return result;
  const sent = message(result.session, "stop", result.session.run, moment.now);
  const session = { ...sent.session, ended: true };
  return { ...result, session, messages: result.messages.concat([sent.message]) };
}
function report(session, run, events, { now: now2, wallMs, nextRunId }) {
  const ended = session.run;
  let current = { ...session, run };
  const messages = [];
  for (const e of events) {
    if (e.kind === "start") current = { ...current, startedMs: wallMs - (now2 - e.at) * 1e3 };
    if (e.kind === "start" || e.kind === "resume") current = { ...current, notice: "" };
    if (e.kind === "reset") {
      const sent = message(current, "reset", ended, now2, { state: READY, index: 0 });
      messages.push(sent.message);
      current = { ...sent.session, runId: nextRunId, seq: 0, startedMs: null, ended: false };
    } else {
      const sent = message(current, e.kind, run, now2);
      messages.push(sent.message);
      current = sent.session;
    }
  }
  return { session: current, messages };
}
function message(session, kind, run, now2, overrides = {}) {
  const seen = advance(run, now2)[0];
  const seq = session.seq + 1;
  return {
    session: { ...session, seq },
    message: {
      type: "event",
      id: `${session.runId}:${seq}`,
      run_id: session.runId,
      kind,
      state: seen.state,
      index: seen.index,
      spent: spent(run, now2),
      durations: [...run.durations],
      started_ms: session.startedMs,
      ...overrides
    }
  };
}
function takenOver(events, others, now2) {
  if (!events.some((e) => e.kind === "start" || e.kind === "resume")) return [];
  return others.filter((other) => advance(other.session.run, now2)[0].state === RUNNING);
}
function fromKernel(command, done) {
  if (!command || !command.id || command.id <= done) return null;
  const known = KERNEL_COMMANDS.includes(command.kind);
  return { done: command.id, command: known ? { kind: command.kind, notice: command.notice || "" } : null };
}
function asksFirst(session, command, now2) {
  const kind = typeof command === "string" ? command : command.kind;
  const state = advance(session.run, now2)[0].state;
  return kind === "reset" && (state === RUNNING || state === PAUSED);
}
var KEEP_VERSION = 1;
var RESUME_WITHIN_S = 2 * 60 * 60;
var RESTORED = "Back where you left off, paused: Start goes on, Reset starts again.";
var PLACE_LOST = "Your last run of this routine was left too long ago to pick up; what you did then is logged.";
var ENDS_A_RUN = /* @__PURE__ */ new Set(["finish", "reset", "stop"]);
function keep(session, { now: now2, wallMs }) {
  const run = advance(session.run, now2)[0];
  if (session.ended || run.state !== RUNNING && run.state !== PAUSED) return null;
  return {
    version: KEEP_VERSION,
    runId: session.runId,
    seq: session.seq,
    startedMs: session.startedMs,
    keptMs: wallMs,
    initial: [...run.initial],
    durations: [...run.durations],
    spent: [...run.spent],
    index: run.index,
    left: remaining(run, now2)
  };
}
function storedAfter(entry, session, messages, moment) {
  let kept = entry;
  for (const m of messages) {
    if (kept && ENDS_A_RUN.has(m.kind) && m.run_id === kept.runId) kept = null;
  }
  return keep(session, moment) || kept;
}
function validPlace(entry, durations) {
  const numbers = (list, n2) => Array.isArray(list) && list.length === n2 && list.every(Number.isFinite);
  const n = durations.length;
  return !!entry && entry.version === KEEP_VERSION && typeof entry.runId === "string" && Number.isInteger(entry.seq) && entry.seq >= 0 && Number.isFinite(entry.keptMs) && (entry.startedMs === null || Number.isFinite(entry.startedMs)) && numbers(entry.initial, n) && entry.initial.every((d, i) => d === durations[i]) && numbers(entry.durations, n) && entry.durations.every((d) => d > 0) && numbers(entry.spent, n) && entry.spent.every((d) => d >= 0) && Number.isInteger(entry.index) && entry.index >= 0 && entry.index < n && Number.isFinite(entry.left) && entry.left > 0 && entry.left <= entry.durations[entry.index];
}
function restore(entry, durations, { now: now2, wallMs }) {
  if (!validPlace(entry, durations)) return null;
  const run = {
    ...newRun(entry.initial),
    durations: [...entry.durations],
    spent: [...entry.spent],
    state: PAUSED,
    index: entry.index,
    left: entry.left,
    pausedSince: now2,
    startedAt: now2
  };
  const session = {
    run,
    runId: entry.runId,
    seq: entry.seq,
    startedMs: entry.startedMs,
    notice: RESTORED,
    ended: false
  };
  if (wallMs - entry.keptMs > RESUME_WITHIN_S * 1e3) {
    const sent2 = message(session, "stop", run, now2);
    return { session: null, messages: [sent2.message], notice: PLACE_LOST };
  }
  const sent = message(session, "restore", run, now2);
  return { session: sent.session, messages: [sent.message] };
}

// psoas_lesson/widgets/timer.js
var HORIZON_S = 75;
var REPLAN_EVERY_S = 1;
var INTERVAL_MS = 250;
var VOICE_WAIT_MS = 2500;
var OVERRUN_S = 0.3;
var STUCK_S = 3;
var SAID_KEPT_S = 30;
var BEEP_GAIN = 0.35;
var FADE_S = 6e-3;
var MIN_FIT = 0.45;
var MAX_FIT = 1;
var KEEP_EVERY_S = 2;
var STACK_BELOW = 1.7;
var STORAGE_PREFIX = "psoas-lesson.timer.";
var REGISTRY = /* @__PURE__ */ Symbol.for("psoas-lesson.timers");
var BUTTONS = [
  ["start", "Start", "Start, or resume when paused (Space)", "Resume"],
  ["pause", "Pause", "Pause; Start resumes (Space)"],
  ["back", "Back", `Back to the start of this step, or to the one before if it began under ${BACK_RESTARTS_AFTER_S} s ago (←)`],
  ["skip", "Skip", "Skip to the next step (→)"],
  ["minus", `−${ADJUST_S} s`, `Take ${ADJUST_S} seconds off this step (−)`],
  ["plus", `+${ADJUST_S} s`, `Add ${ADJUST_S} seconds to this step (+)`],
  ["reset", "Reset", "Back to the beginning; asks first while a run is under way (R)"]
];
var HEIRS = { start: "pause", pause: "start" };
var CONFIRM_RESET = "Start again from the beginning? This run ends here; any work done is logged.";
function now() {
  return performance.now() / 1e3;
}
function wallMsAt(at) {
  return Date.now() - (now() - at) * 1e3;
}
function runId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== void 0) el.textContent = text;
  return el;
}
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
var Runtime = class {
  constructor(model) {
    this.model = model;
    this.views = /* @__PURE__ */ new Set();
    this.payload = model.get("payload");
    this.segments = this.payload.segments || [];
    this.storageKey = STORAGE_PREFIX + (this.payload.key || this.payload.name || "routine");
    this.keptAt = -Infinity;
    this.asking = null;
    this.session = this.load();
    this.nextRunId = runId();
    this.audio = null;
    this.scheduled = /* @__PURE__ */ new Map();
    this.plannedAt = -Infinity;
    this.planEpoch = 0;
    this.voices = "unknown";
    this.heardUpTo = -Infinity;
    this.speaking = 0;
    this.hushed = 0;
    this.speechEnds = -Infinity;
    this.said = [];
    this.wordS = SPEECH.wordS;
    this.doneTimer = 0;
    this.wakeLock = null;
    this.frame = 0;
    this.interval = 0;
    this.shown = null;
    this.registry = globalThis[REGISTRY] || (globalThis[REGISTRY] = /* @__PURE__ */ new Set());
    this.registry.add(this);
    this.onVisibility = () => this.visibilityChanged();
    document.addEventListener("visibilitychange", this.onVisibility);
    this.onLeave = () => this.leave();
    globalThis.addEventListener?.("pagehide", this.onLeave);
    model.on("change:command", () => this.kernelCommand());
    model.on("change:sound", () => this.soundChanged());
    model.on("change:voice", () => this.draw(true));
    model.on("change:notice", () => this.draw(true));
    this.watchVoices();
    this.kernelCommand();
  }
  dispose() {
    clearTimeout(this.doneTimer);
    this.stopTicking();
    this.cancelBeeps();
    this.releaseWakeLock();
    if (this.audio) this.audio.close().catch(() => {
    });
    document.removeEventListener("visibilitychange", this.onVisibility);
    globalThis.removeEventListener?.("pagehide", this.onLeave);
    this.registry.delete(this);
  }
  // -- the place kept across a reload -----------------------------------------------------------
  load() {
    const durations = this.segments.map((s) => s.duration_s);
    const at = now();
    const moment = { now: at, wallMs: wallMsAt(at) };
    const restored = restore(this.readPlace(), durations, moment);
    let session = restored && restored.session;
    if (!session) {
      session = newSession(durations, runId());
      if (restored) session = { ...session, notice: restored.notice };
    }
    const messages = restored ? restored.messages : [];
    for (const message2 of messages) this.send(message2);
    this.session = session;
    this.keepPlace(messages, at, true);
    return session;
  }
  readPlace() {
    try {
      const text = globalThis.localStorage?.getItem(this.storageKey);
      return text ? JSON.parse(text) : null;
    } catch {
      return null;
    }
  }
  keepPlace(messages, at, always = false) {
    if (!always && !messages.length && at - this.keptAt < KEEP_EVERY_S) return;
    this.keptAt = at;
    const moment = { now: at, wallMs: wallMsAt(at) };
    const before = this.readPlace();
    const after = storedAfter(before, this.session, messages, moment);
    if (after === before) return;
    try {
      if (after) globalThis.localStorage?.setItem(this.storageKey, JSON.stringify(after));
      else globalThis.localStorage?.removeItem(this.storageKey);
    } catch {
    }
  }
  leave() {
    this.command("pause");
    this.keepPlace([], now(), true);
  }
  // -- commands: from a button, a key, another timer, the kernel or a tick ----------------------
  press(kind) {
    const at = now();
    if (asksFirst(this.session, kind, at)) {
      this.asking = kind;
      this.draw(true);
      for (const view2 of this.views) view2.askFocus();
      return;
    }
    this.asking = null;
    if (kind === "start" || kind === "toggle" && this.session.run.state !== RUNNING) {
      this.unlockAudio();
    }
    this.command(kind, at);
  }
  answer(yes) {
    const kind = this.asking;
    this.asking = null;
    if (yes && kind) this.command(kind);
    else this.draw(true);
    for (const view2 of this.views) view2.focusTimer();
  }
  command(command, at = now()) {
    const ticked = command === "update";
    const moment = { now: at, wallMs: wallMsAt(at), nextRunId: this.nextRunId };
    const { session, events, messages } = handle(this.session, command, moment);
    this.session = session;
    if (command.kind === "stop") this.hush();
    if (session.runId === this.nextRunId) this.nextRunId = runId();
    for (const message2 of messages) this.send(message2);
    this.keepPlace(messages, at, !ticked || events.length > 0);
    if (this.asking && !asksFirst(session, this.asking, at)) this.asking = null;
    if (!ticked) {
      this.planEpoch += 1;
      this.cancelBeeps();
    }
    this.happened(events, { commanded: !ticked });
    this.speakDue(at);
    const others = [...this.registry].filter((other) => other !== this);
    for (const other of takenOver(events, others, at)) other.command(TAKE_OVER, at);
    if (!ticked) {
      this.plan(at);
      this.draw(true);
    }
    return events;
  }
  kernelCommand() {
    const given = fromKernel(this.model.get("command"), this.model.get("command_done") || 0);
    if (!given) return;
    this.model.set("command_done", given.done);
    this.model.save_changes();
    if (!given.command) return;
    if (given.command.kind === "start") this.unlockAudio();
    this.command(given.command);
  }
  // -- what happened: sound, voice, screen, announcements ----------------------------------------
  happened(events, { commanded }) {
    if (!events.length) return;
    const run = this.session.run;
    const running = run.state === RUNNING;
    const changes = events.filter((e) => e.kind === "segment");
    const finished = events.some((e) => e.kind === "finish");
    if (events.some((e) => e.kind === "start" || e.kind === "resume")) this.holdWakeLock();
    if (commanded && (changes.length || finished || events.some((e) => e.kind === "reset"))) this.hush();
    if (changes.length) {
      const segment = this.segments[run.index];
      if (running || finished) this.announce(segment.announced);
      if (running) this.beepNow(`${run.index}:segment`, toneOf(segment.kind), commanded);
    }
    if (finished) {
      this.announce(this.payload.done_said);
      this.beepNow(`${run.index}:finish`, "done", commanded);
      clearTimeout(this.doneTimer);
      this.doneTimer = setTimeout(() => this.speakDue(now()), (toneSeconds("done") + 0.02) * 1e3);
    }
    if (!running) this.releaseWakeLock();
    if (running) this.startTicking();
  }
  send(message2) {
    try {
      this.model.send(message2);
    } catch (error) {
      console.warn("[psoas-timer] could not report to the kernel:", error);
    }
  }
  announce(text) {
    for (const view2 of this.views) view2.announce(text);
  }
  // -- ticking: frames while visible, an interval behind them -----------------------------------
  startTicking() {
    if (!this.interval) this.interval = setInterval(() => this.tick(), INTERVAL_MS);
    if (!this.frame) {
      const loop = () => {
        this.frame = 0;
        this.tick();
        if (this.session.run.state === RUNNING) this.frame = requestAnimationFrame(loop);
      };
      this.frame = requestAnimationFrame(loop);
    }
  }
  stopTicking() {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.interval) clearInterval(this.interval);
    this.frame = 0;
    this.interval = 0;
  }
  tick() {
    const at = now();
    const events = this.command("update", at);
    if (this.session.run.state === RUNNING) {
      if (at - this.plannedAt >= REPLAN_EVERY_S) this.plan(at);
    } else {
      this.stopTicking();
    }
    this.draw(events.length > 0);
  }
  visibilityChanged() {
    if (document.visibilityState === "visible") {
      this.tick();
      if (this.session.run.state === RUNNING) {
        this.holdWakeLock();
        this.startTicking();
      }
    }
  }
  // -- sound: beeps on the Web Audio clock, planned ahead ---------------------------------------
  unlockAudio() {
    if (!this.model.get("sound") || navigator.userActivation?.hasBeenActive === false) return;
    const Context = globalThis.AudioContext || globalThis.webkitAudioContext;
    if (!Context) {
      this.session = { ...this.session, notice: "Sound: this browser cannot play the beeps." };
      return;
    }
    if (!this.audio) {
      this.audio = new Context();
      this.audio.addEventListener("statechange", () => this.plan(now()));
    }
    if (this.audio.state === "suspended") this.audio.resume().catch(() => {
    });
  }
  soundReady() {
    return this.model.get("sound") && this.audio && this.audio.state === "running";
  }
  soundChanged() {
    if (this.model.get("sound")) this.plan(now());
    else this.cancelBeeps();
    this.draw(true);
  }
  plan(at) {
    this.plannedAt = at;
    if (!this.soundReady() || this.session.run.state !== RUNNING) return;
    const options = { done: this.payload.done_said, wordS: this.wordS };
    const spoken = this.voiceOn() ? [...this.said, ...speechPlan(this.session.run, this.segments, at, HORIZON_S, options)] : [];
    const wanted = /* @__PURE__ */ new Set();
    for (const beep of beepsAhead(this.session.run, this.segments, at, HORIZON_S, spoken)) {
      const key = `${this.planEpoch}:${beep.key}`;
      wanted.add(key);
      if (this.scheduled.has(key)) continue;
      this.scheduled.set(key, { at: beep.at, nodes: this.schedule(beep.tone, beep.at) });
    }
    for (const [key, planned] of this.scheduled) {
      if (planned.at > at && !wanted.has(key) && /:(count|down):/.test(key)) {
        silence(planned.nodes);
        this.scheduled.delete(key);
      }
    }
  }
  beepNow(key, tone, commanded) {
    if (!this.soundReady()) return;
    const planned = this.scheduled.has(`${this.planEpoch}:${key}`);
    if (commanded || !planned) this.schedule(tone, now());
  }
  schedule(tone, at) {
    const ctx = this.audio;
    const offset = audioOffset(ctx);
    const start2 = Math.max(ctx.currentTime, at + offset);
    const nodes = [];
    for (const note of notes(tone)) {
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      const t0 = start2 + note.start;
      const t1 = t0 + note.length;
      oscillator.frequency.value = note.frequency;
      const peak = BEEP_GAIN * note.gain;
      gain.gain.setValueAtTime(0, t0);
      gain.gain.linearRampToValueAtTime(peak, t0 + FADE_S);
      gain.gain.setValueAtTime(peak, t1 - FADE_S);
      gain.gain.linearRampToValueAtTime(0, t1);
      oscillator.connect(gain);
      gain.connect(ctx.destination);
      oscillator.start(t0);
      oscillator.stop(t1);
      nodes.push(oscillator);
    }
    return nodes;
  }
  cancelBeeps() {
    for (const planned of this.scheduled.values()) silence(planned.nodes);
    this.scheduled.clear();
  }
  // -- voice: speech synthesis, where the browser has voices ------------------------------------
  watchVoices() {
    const synth = globalThis.speechSynthesis;
    if (!synth || typeof globalThis.SpeechSynthesisUtterance !== "function") {
      this.voices = "unsupported";
      return;
    }
    const check = () => {
      const found = (synth.getVoices() || []).length > 0;
      if (found || this.voices === "waited") this.voices = found ? "ok" : "none";
      this.draw(true);
    };
    if (synth.addEventListener) synth.addEventListener("voiceschanged", check);
    check();
    setTimeout(() => {
      if (this.voices !== "ok") this.voices = "waited";
      check();
    }, VOICE_WAIT_MS);
  }
  voiceOn() {
    return !!this.model.get("voice") && this.voices === "ok";
  }
  speakDue(at) {
    const from = this.heardUpTo;
    this.heardUpTo = at;
    if (!this.voiceOn()) return;
    for (const cue of cues(this.session.run, this.segments, from, at, this.payload.done_said)) {
      const said = chooseSaying(cue, { now: at, busyUntil: this.busyUntil(at), wordS: this.wordS });
      if (said) this.say(said);
    }
  }
  busyUntil(at) {
    const synth = globalThis.speechSynthesis;
    if (synth && !synth.speaking && !synth.pending || at > this.speechEnds + STUCK_S) this.speaking = 0;
    return this.speaking > 0 ? Math.max(this.speechEnds, at + OVERRUN_S) : -Infinity;
  }
  say(said) {
    const utterance = new SpeechSynthesisUtterance(said.text);
    utterance.lang = "en";
    let started = null;
    const hushed = this.hushed;
    utterance.onstart = () => {
      started = now();
    };
    const ended = () => {
      if (hushed !== this.hushed) return;
      this.speaking = Math.max(0, this.speaking - 1);
      if (started !== null) this.wordS = learnedPace(this.wordS, said.text, now() - started);
    };
    utterance.onend = ended;
    utterance.onerror = ended;
    this.speaking += 1;
    this.speechEnds = said.end;
    this.said = this.said.filter((u) => u.end > said.start - SAID_KEPT_S).concat([said]);
    globalThis.speechSynthesis.speak(utterance);
  }
  hush() {
    this.hushed += 1;
    if (this.speaking > 0) globalThis.speechSynthesis?.cancel();
    this.speaking = 0;
    this.speechEnds = -Infinity;
    this.said = [];
  }
  // -- screen on: a wake lock while running -----------------------------------------------------
  holdWakeLock() {
    if (!navigator.wakeLock || this.wakeLock || document.visibilityState !== "visible") return;
    this.wakeLock = "asking";
    navigator.wakeLock.request("screen").then(
      (sentinel) => {
        if (this.session.run.state !== RUNNING) {
          sentinel.release().catch(() => {
          });
          this.wakeLock = null;
          return;
        }
        this.wakeLock = sentinel;
        sentinel.addEventListener?.("release", () => {
          if (this.wakeLock === sentinel) this.wakeLock = null;
        });
      },
      () => {
        this.wakeLock = null;
      }
    );
  }
  releaseWakeLock() {
    const sentinel = this.wakeLock;
    this.wakeLock = null;
    if (sentinel && sentinel !== "asking") sentinel.release().catch(() => {
    });
  }
  // -- drawing ----------------------------------------------------------------------------------
  draw(force = false) {
    if (!this.views.size) return;
    const shown = this.display(now());
    const key = JSON.stringify(shown);
    if (!force && key === this.shown) return;
    this.shown = key;
    for (const view2 of this.views) view2.show(shown);
  }
  display(at) {
    const run = this.session.run;
    const v = view(run, at);
    const segment = this.segments[v.index];
    const finished = v.state === FINISHED;
    const noticeFromKernel = this.model.get("notice") || "";
    const spentTotal = spent(run, at).reduce((a, b) => a + b, 0);
    const beatIndex = finished || !segment ? null : beatAt(run, this.segments, at);
    const beat = beatIndex === null ? null : segment.beats[beatIndex];
    return {
      state: v.state,
      index: v.index,
      kind: finished || !segment ? "finished" : segment.kind,
      digits: clock(v.remaining),
      stepProgress: v.segmentDuration > 0 ? Math.min(1, Math.max(0, 1 - v.remaining / v.segmentDuration)) : 1,
      progress: v.total > 0 ? Math.min(1, Math.max(0, v.done / v.total)) : 1,
      left: `${clock(v.total - v.done)} left of ${clock(v.total)}`,
      done: finished ? `Done — ${clock(Math.round(spentTotal))} spent` : "",
      sound: !!this.model.get("sound"),
      voice: !!this.model.get("voice"),
      notice: [this.session.notice, noticeFromKernel, this.voiceNotice()].filter(Boolean).join(" "),
      beat: beat ? { detail: beat.detail, pose: beat.pose } : null,
      // a move on a beat: side, count, pose
      asking: this.asking
    };
  }
  voiceNotice() {
    if (!this.model.get("voice")) return "";
    if (this.voices === "unsupported") return "Voice: this browser cannot speak; the timer beeps only.";
    if (this.voices === "none") return "Voice: no voices are installed in this browser; the timer beeps only.";
    return "";
  }
};
var View = class {
  constructor(runtime, el) {
    this.runtime = runtime;
    this.model = runtime.model;
    const payload = runtime.payload;
    const size = this.model.get("size") || "normal";
    const frames = this.model.get("pose_frames") || {};
    this.frames = frames;
    const root = element("div", `psoas-timer psoas-timer-${size}`);
    if (size === "fill") root.classList.add("psoas-timer-fill");
    if (Object.keys(frames).length) root.classList.add("psoas-timer-with-poses");
    root.tabIndex = 0;
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", `Routine timer: ${payload.name}`);
    applyLook(root, this.model.get("look") || {});
    this.root = root;
    const head = element("div", "psoas-timer-head");
    this.title = element("div", "psoas-timer-title", `${payload.name} (${payload.total_text})`);
    this.total = element("div", "psoas-timer-total");
    this.total.style.minWidth = `${2 * String(payload.total_text || "").length + 9}ch`;
    head.append(this.title, this.total);
    const info = element("div", "psoas-timer-info");
    this.phase = element("div", "psoas-timer-phase");
    this.remaining = element("div", "psoas-timer-remaining");
    this.remaining.setAttribute("role", "timer");
    this.words = element("div", "psoas-timer-words");
    this.step = element("div", "psoas-timer-step");
    this.name = element("div", "psoas-timer-name");
    this.detail = element("div", "psoas-timer-detail");
    this.cue = element("div", "psoas-timer-cue");
    this.step.append(this.name, this.detail, this.cue);
    this.done = element("div", "psoas-timer-done");
    this.words.append(this.step, this.done);
    info.append(this.phase, this.remaining, this.words);
    const side = element("div", "psoas-timer-side");
    this.pose = element("figure", "psoas-timer-pose");
    this.upnext = element("div", "psoas-timer-upnext");
    this.next = element("div", "psoas-timer-next");
    this.nextPose = element("figure", "psoas-timer-next-pose");
    this.upnext.append(this.next, this.nextPose);
    side.append(this.pose, this.upnext);
    const body = element("div", "psoas-timer-body");
    body.append(info, side);
    const bars = element("div", "psoas-timer-bars");
    this.stepBar = bar("psoas-timer-segment-progress", "This step");
    this.routineBar = bar("psoas-timer-progress", "Routine");
    bars.append(this.stepBar.row, this.routineBar.row);
    const controls = element("div", "psoas-timer-controls");
    this.buttons = {};
    for (const [key, text, tip, other] of BUTTONS) {
      const button = labelled(`psoas-timer-button psoas-timer-${key}`, text, other);
      button.title = tip;
      this.onClick(button, () => runtime.press(key));
      this.buttons[key] = button;
      controls.append(button);
    }
    this.sound = toggle("psoas-timer-sound", "Sound", "Beeps: 3-2-1 before each change, a tone at it");
    this.onClick(this.sound, () => {
      const on = !this.model.get("sound");
      this.model.set("sound", on);
      this.model.save_changes();
      if (on) runtime.unlockAudio();
      runtime.soundChanged();
    });
    this.voice = toggle("psoas-timer-voice", "Voice", "Spoken cues: the step and side at each change");
    this.onClick(this.voice, () => {
      const on = !this.model.get("voice");
      this.model.set("voice", on);
      this.model.save_changes();
      if (!on) globalThis.speechSynthesis?.cancel();
      runtime.draw(true);
    });
    this.full = labelled("psoas-timer-button psoas-timer-fullscreen", "Full screen");
    this.full.title = "Fill the screen with the timer (Esc to leave)";
    this.onClick(this.full, () => this.toggleFullscreen());
    if (!document.fullscreenEnabled) this.full.hidden = true;
    const toggles = element("div", "psoas-timer-toggles");
    toggles.append(this.sound, this.voice, this.full);
    controls.append(toggles);
    this.confirm = element("div", "psoas-timer-confirm");
    this.confirm.setAttribute("role", "alertdialog");
    this.confirm.setAttribute("aria-label", "Reset the timer?");
    this.confirmText = element("span", "psoas-timer-confirm-text", CONFIRM_RESET);
    this.confirmYes = element("button", "psoas-timer-button psoas-timer-confirm-yes", "Reset");
    this.confirmNo = element("button", "psoas-timer-button psoas-timer-confirm-no", "Keep going");
    for (const button of [this.confirmYes, this.confirmNo]) button.type = "button";
    this.confirmYes.addEventListener("click", () => runtime.answer(true));
    this.confirmNo.addEventListener("click", () => runtime.answer(false));
    this.confirm.append(this.confirmText, this.confirmYes, this.confirmNo);
    this.confirm.hidden = true;
    const controlsRow = element("div", "psoas-timer-controls-row");
    controlsRow.append(controls, this.confirm);
    this.controls = controls;
    this.reminder = element("div", "psoas-timer-reminder");
    const [first, ...rest] = String(payload.reminder || "").split(/(?<=[.!?])\s+/);
    this.reminder.append(element("strong", "psoas-timer-reminder-first", `⚠ ${first}`));
    if (rest.length) this.reminder.append(" ", element("span", "psoas-timer-reminder-more", rest.join(" ")));
    this.reminder.title = payload.reminder || "";
    this.reminder.setAttribute("role", "note");
    this.notice = element("div", "psoas-timer-notice");
    this.notice.setAttribute("role", "status");
    this.live = element("div", "psoas-timer-live");
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("aria-atomic", "true");
    const panel = element("div", "psoas-timer-panel");
    panel.append(head, body, bars, controlsRow, this.reminder, this.notice);
    root.append(panel, this.live);
    root.addEventListener("keydown", (event2) => this.key(event2));
    root.addEventListener("keyup", (event2) => {
      if (event2.key === " " && event2.target instanceof HTMLButtonElement) event2.preventDefault();
    });
    this.onFullscreen = () => {
      const on = document.fullscreenElement === root;
      setText(this.full.firstChild, on ? "Exit full screen" : "Full screen");
      this.fit(true);
    };
    document.addEventListener("fullscreenchange", this.onFullscreen);
    for (const node of [root, ...root.querySelectorAll("button")]) {
      node.dataset.lmSuppressShortcuts = "true";
    }
    el.append(root);
    this.shownPoses = void 0;
    this.fittedWords = null;
    this.fittedNotice = null;
    this.fitting = 0;
    this.resized = new ResizeObserver(() => this.fit(true));
    this.resized.observe(root);
  }
  dispose() {
    document.removeEventListener("fullscreenchange", this.onFullscreen);
    this.resized.disconnect();
    cancelAnimationFrame(this.fitting);
    this.root.remove();
  }
  onClick(button, action) {
    button.addEventListener("click", (event2) => {
      action();
      if (event2.detail > 0 || !this.root.contains(document.activeElement)) this.focusTimer();
    });
  }
  // Every button's enabled state is set here, and only here. Buttons are enabled first, then
  // disabled; a focused button about to be disabled first hands the focus to the button that
  // takes its place (Start and Pause), else to the timer: a disabled button drops the focus to
  // the page, and Space (start/pause) or Enter would then reach nothing.
  enable(wanted) {
    const b = this.buttons;
    for (const [key, on] of Object.entries(wanted)) if (on) b[key].disabled = false;
    for (const [key, on] of Object.entries(wanted)) {
      if (on || b[key].disabled) continue;
      if (document.activeElement === b[key]) {
        const heir = b[HEIRS[key]];
        (heir && !heir.disabled ? heir : this.root).focus({ preventScroll: true });
      }
      b[key].disabled = true;
    }
  }
  focusTimer() {
    this.root.focus({ preventScroll: true });
  }
  askFocus() {
    requestAnimationFrame(() => this.confirmNo.focus({ preventScroll: true }));
  }
  fit(resized = false) {
    if (resized) {
      const box = this.pose.getBoundingClientRect();
      if (box.height > 0) this.pose.classList.toggle("psoas-timer-stack", box.width / box.height < STACK_BELOW);
    }
    const words = this.name.textContent;
    const notice = this.notice.textContent;
    const wordsAfresh = resized || words !== this.fittedWords;
    const noticeAfresh = resized || notice !== this.fittedNotice;
    if (!wordsAfresh && !noticeAfresh && !overflows(this.words) && !overflows(this.next)) return;
    this.fittedWords = words;
    this.fittedNotice = notice;
    cancelAnimationFrame(this.fitting);
    this.fitting = requestAnimationFrame(() => {
      scaleToFit(this.root, "--psoas-fit", [this.words], wordsAfresh);
      scaleToFit(this.root, "--psoas-fit-next", [this.next], wordsAfresh);
      if (noticeAfresh) scaleToFit(this.root, "--psoas-fit-notice", [this.notice], true);
    });
  }
  key(event2) {
    if (event2.altKey || event2.ctrlKey || event2.metaKey) return;
    const onButton = event2.target instanceof HTMLButtonElement;
    if (event2.key === "Escape" && this.runtime.asking) {
      event2.preventDefault();
      event2.stopPropagation();
      this.runtime.answer(false);
      return;
    }
    if (onButton && event2.key === "Enter") return;
    const command = commandForKey(event2.key);
    if (!command) return;
    event2.preventDefault();
    event2.stopPropagation();
    this.runtime.press(command);
  }
  toggleFullscreen() {
    if (document.fullscreenElement === this.root) document.exitFullscreen().catch(() => {
    });
    else this.root.requestFullscreen().catch(() => {
    });
    this.root.focus({ preventScroll: true });
  }
  announce(text) {
    this.live.textContent = "";
    this.live.textContent = text;
  }
  show(d) {
    const runtime = this.runtime;
    const segment = runtime.segments[d.index];
    const finished = d.state === FINISHED;
    const look = this.model.get("look") || {};
    const phase = (look.phases || {})[d.kind];
    this.root.dataset.phase = d.kind;
    this.root.dataset.state = d.state;
    this.root.style.setProperty("--psoas-phase", phase ? phase.colour : look.paper);
    this.root.style.setProperty("--psoas-phase-ink", phase ? phase.ink : look.ink);
    let word = finished ? "Finished" : phase ? phase.label : "";
    if (d.state === PAUSED) word += " · Paused";
    if (d.state === READY && !finished) word += " · Press Start";
    setText(this.phase, word);
    setText(this.remaining, d.digits);
    setText(this.total, d.left);
    if (!segment) {
      setText(this.name, "This routine has no exercises.");
    } else if (finished) {
      setText(this.name, `Finished: ${runtime.payload.name}`);
      setText(this.detail, "");
      setText(this.cue, "");
    } else {
      setText(this.name, segment.name);
      setText(this.detail, d.beat ? d.beat.detail : segment.detail);
      setText(this.cue, segment.cue);
    }
    setText(this.done, d.done);
    setText(this.next, finished || !segment ? "" : segment.next);
    this.showPoses(finished || !segment ? null : d.beat ? { ...segment, pose: d.beat.pose } : segment);
    this.stepBar.set(d.stepProgress);
    this.routineBar.set(d.progress);
    const b = this.buttons;
    b.start.dataset.showing = d.state === PAUSED ? "other" : "";
    this.enable({
      start: d.state !== RUNNING,
      pause: d.state === RUNNING,
      skip: !finished,
      plus: !finished,
      minus: !finished
    });
    pressed(this.sound, d.sound);
    pressed(this.voice, d.voice);
    setText(this.notice, d.notice);
    this.showAsking(d.asking);
    this.fit();
  }
  showAsking(asking) {
    const on = !!asking;
    if (this.confirm.hidden === !on) return;
    const focusInside = this.confirm.contains(document.activeElement);
    this.confirm.hidden = !on;
    this.controls.inert = on;
    this.controls.setAttribute("aria-hidden", on ? "true" : "false");
    if (!on && focusInside) this.root.focus({ preventScroll: true });
  }
  showPoses(segment) {
    const pose = segment ? segment.pose : null;
    const next = segment ? segment.next_pose : null;
    const poseIsNext = !!(segment && segment.pose_is_next);
    const key = `${pose}|${next}|${poseIsNext}`;
    if (key === this.shownPoses) return;
    this.shownPoses = key;
    showFrames(this.pose, this.frames[pose], { heading: poseIsNext ? "Next" : null, labelled: true });
    const frames = this.frames[next];
    showFrames(this.nextPose, frames ? frames.slice(-1) : null, { heading: null, labelled: false });
    this.upnext.classList.toggle("psoas-timer-upnext-with-pose", !!frames);
  }
};
function overflows(el) {
  return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
}
function scaleToFit(root, variable, boxes, afresh) {
  const scale = (value) => root.style.setProperty(variable, value.toFixed(3));
  const current = Number(root.style.getPropertyValue(variable)) || MAX_FIT;
  let [low, high] = afresh ? [MIN_FIT, MAX_FIT] : [MIN_FIT, current];
  const spills = () => boxes.some(overflows);
  scale(high);
  if (!spills()) return;
  for (let i = 0; i < 7; i++) {
    const middle = (low + high) / 2;
    scale(middle);
    if (spills()) high = middle;
    else low = middle;
  }
  scale(low);
}
function audioOffset(ctx) {
  const stamp = ctx.getOutputTimestamp ? ctx.getOutputTimestamp() : null;
  if (stamp && stamp.performanceTime > 0) return stamp.contextTime - stamp.performanceTime / 1e3;
  return ctx.currentTime - now();
}
function silence(oscillators) {
  for (const oscillator of oscillators) {
    try {
      oscillator.disconnect();
    } catch {
    }
  }
}
function bar(className, label) {
  const row = element("div", "psoas-timer-bar-row");
  const name = element("span", "psoas-timer-bar-label", label);
  const track = element("div", `psoas-timer-bar ${className}`);
  track.setAttribute("role", "progressbar");
  track.setAttribute("aria-label", label);
  track.setAttribute("aria-valuemin", "0");
  track.setAttribute("aria-valuemax", "100");
  const fillEl = element("div", "psoas-timer-bar-fill");
  track.append(fillEl);
  row.append(name, track);
  let shown = -1;
  return {
    row,
    set(fraction) {
      const percent = Math.round(fraction * 1e3) / 10;
      if (percent === shown) return;
      shown = percent;
      fillEl.style.transform = `scaleX(${fraction})`;
      track.setAttribute("aria-valuenow", String(Math.round(percent)));
    }
  };
}
function labelled(className, text, other) {
  const button = element("button", className);
  button.type = "button";
  button.append(element("span", "psoas-timer-label", text));
  if (other) {
    button.classList.add("psoas-timer-two-labels");
    button.append(element("span", "psoas-timer-label psoas-timer-label-other", other));
  }
  return button;
}
function toggle(className, text, tip) {
  const button = element("button", `psoas-timer-button psoas-timer-toggle ${className}`);
  button.type = "button";
  button.title = tip;
  button.append(element("span", "psoas-timer-toggle-mark"), element("span", "psoas-timer-toggle-text", text));
  button.firstChild.setAttribute("aria-hidden", "true");
  return button;
}
function pressed(button, on) {
  const value = on ? "true" : "false";
  if (button.getAttribute("aria-pressed") !== value) button.setAttribute("aria-pressed", value);
  setText(button.firstChild, on ? "✓" : "✕");
}
function showFrames(figure, frames, { heading, labelled: labelled2 }) {
  figure.replaceChildren();
  figure.hidden = !frames || !frames.length;
  if (figure.hidden) return;
  if (heading) figure.append(element("figcaption", "psoas-timer-pose-caption", heading));
  const row = element("div", "psoas-timer-frames");
  const move = frames.length > 1;
  frames.forEach((frame, i) => {
    if (i > 0) {
      const arrow = element("div", "psoas-timer-arrow", "→");
      arrow.setAttribute("aria-hidden", "true");
      row.append(arrow);
    }
    const holder = element("div", "psoas-timer-frame");
    const label = labelled2 ? frame.label || (move ? i === 0 ? "Start" : "End" : "") : "";
    if (label) holder.append(element("div", "psoas-timer-frame-label", label));
    const drawing = element("div", "psoas-timer-drawing");
    drawing.setAttribute("role", "img");
    drawing.setAttribute("aria-label", frame.alt);
    drawing.innerHTML = frame.svg;
    const svg = drawing.querySelector("svg");
    svg?.setAttribute("aria-hidden", "true");
    svg?.setAttribute("preserveAspectRatio", "xMidYMid meet");
    const shape = svg?.viewBox?.baseVal;
    if (shape && shape.width > 0 && shape.height > 0) drawing.style.aspectRatio = `${shape.width} / ${shape.height}`;
    holder.append(drawing);
    if (labelled2 && frame.caption) holder.append(element("div", "psoas-timer-frame-caption", frame.caption));
    row.append(holder);
  });
  row.classList.toggle("psoas-timer-move", move);
  figure.append(row);
}
function applyLook(root, look) {
  const colours = {
    ink: look.ink,
    muted: look.muted,
    paper: look.paper,
    rule: look.rule,
    warn: look.warn,
    "warn-paper": look.warn_paper
  };
  for (const [name, value] of Object.entries(colours)) {
    if (value) root.style.setProperty(`--psoas-${name}`, value);
  }
}
function timerWidget() {
  let runtime = null;
  return {
    initialize({ model }) {
      runtime = new Runtime(model);
      return () => runtime.dispose();
    },
    render({ model, el }) {
      runtime || (runtime = new Runtime(model));
      const view2 = new View(runtime, el);
      runtime.views.add(view2);
      runtime.draw(true);
      return () => {
        runtime.views.delete(view2);
        view2.dispose();
      };
    }
  };
}
var timer_default = timerWidget;
function mount({ model, el }) {
  const widget = timerWidget();
  const stop2 = widget.initialize({ model });
  const remove = widget.render({ model, el });
  return () => {
    remove();
    stop2();
  };
}
export {
  timer_default as default,
  mount
};
