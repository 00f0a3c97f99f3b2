// The routine timer's page logic, pure: the timing of a run (the twin of the Python core,
// psoas_lesson/timer.py, which stays the reference), and the protocol between the page and the
// kernel (what a press or a kernel command does, and the messages it sends back).
//
// Nothing here reads a clock, touches the page, makes a sound or draws a random number: every
// function takes `now` (seconds on one monotonic clock) and whatever else it needs, and returns
// new values, so `node --test` can replay the Python side's cases and get the same answers.
// A run (the timing state) and a session (a run with what the kernel knows it by) are plain
// objects that are never changed in place: commands return new ones.

export const READY = "ready";
export const RUNNING = "running";
export const PAUSED = "paused";
export const FINISHED = "finished";

export const COUNT_IN = [3, 2, 1]; // seconds before a change that tick
// Back goes to the start of the step it is in, or to the step before when this one began less
// than this many seconds ago ("just begun": a second press of Back keeps going back).
export const BACK_RESTARTS_AFTER_S = 2;
const SOUND_OF = { prepare: "rest", work: "work", rest: "rest", switch: "switch" };

/** A run that has not started: the first segment, whole. */
export function newRun(durations) {
  return {
    initial: [...durations], // what reset goes back to: adjustments undone
    durations: [...durations],
    spent: durations.map(() => 0),
    state: READY,
    index: 0,
    deadline: 0, // while running: when the current segment ends
    left: durations.length ? durations[0] : 0, // while ready or paused: what is left of it
    pausedSince: null,
    pausedTotal: 0,
    startedAt: null,
    finishedAt: null,
  };
}

/** Seconds left in the current segment at `now`. */
export function remaining(run, now) {
  if (run.state === RUNNING) {
    // Clamped: `now + d - now` can come out a hair above d in floating point.
    return Math.min(run.durations[run.index], Math.max(0, run.deadline - now));
  }
  if (run.state === FINISHED) return 0;
  return run.left;
}

/** The run brought up to `now`, with the segment changes and finish that fell due. */
export function advance(run, now) {
  const events = [];
  if (run.state !== RUNNING || now < run.deadline) return [run, events];
  const spent = [...run.spent];
  let index = run.index;
  let deadline = run.deadline;
  while (now >= deadline) {
    spent[index] += run.durations[index];
    if (index + 1 >= run.durations.length) {
      events.push(event("finish", index, deadline));
      return [{ ...run, spent, index, deadline, state: FINISHED, finishedAt: deadline }, events];
    }
    index += 1;
    events.push(event("segment", index, deadline));
    deadline += run.durations[index];
  }
  return [{ ...run, spent, index, deadline }, events];
}

function event(kind, index, at) {
  return { kind, index, at };
}

/**
 * Apply one command at `now`: start, pause, resume, toggle, skip, back, reset, update, or
 * adjust (with `delta` seconds). Returns [run, events], exactly as the Python core's command of
 * the same name.
 */
export function apply(run, command, now) {
  const kind = typeof command === "string" ? command : command.kind;
  switch (kind) {
    case "update":
      return advance(run, now);
    case "start":
      return start(run, now);
    case "pause":
      return pause(run, now);
    case "resume":
      return resume(run, now);
    case "toggle":
      return advance(run, now)[0].state === RUNNING ? pause(run, now) : start(run, now);
    case "skip":
      return skip(run, now);
    case "back":
      return back(run, now);
    case "reset":
      return [newRun(run.initial), [event("reset", 0, now)]];
    case "adjust":
      return adjust(run, command.delta, now);
    default:
      throw new Error(`unknown timer command ${JSON.stringify(kind)}`);
  }
}

function start(run, now) {
  const [advanced, events] = advance(run, now);
  run = advanced;
  if (run.state === PAUSED) {
    const [resumed, more] = resume(run, now);
    return [resumed, events.concat(more)];
  }
  if (run.state !== READY || !run.durations.length) return [run, events];
  run = { ...run, startedAt: now, state: RUNNING, deadline: now + run.left };
  events.push(event("start", run.index, now), event("segment", run.index, now));
  return [run, events];
}

function pause(run, now) {
  const [advanced, events] = advance(run, now);
  run = advanced;
  if (run.state !== RUNNING) return [run, events];
  // Clamped as in remaining(): paused at once, `now + d - now` could leave a hair more than d.
  run = { ...run, left: remaining(run, now), pausedSince: now, state: PAUSED };
  events.push(event("pause", run.index, now));
  return [run, events];
}

function resume(run, now) {
  if (run.state !== PAUSED) return [run, []];
  run = {
    ...run,
    pausedTotal: run.pausedTotal + now - run.pausedSince,
    pausedSince: null,
    deadline: now + run.left,
    state: RUNNING,
  };
  return [run, [event("resume", run.index, now)]];
}

function skip(run, now) {
  const [advanced, events] = advance(run, now);
  run = advanced;
  if (run.state === FINISHED || !run.durations.length) return [run, events];
  const [next, more] =
    run.index + 1 < run.durations.length ? goto(run, run.index + 1, now) : finish(run, now);
  return [next, events.concat(more)];
}

function back(run, now) {
  const [advanced, events] = advance(run, now);
  run = advanced;
  if (!run.durations.length) return [run, events];
  if (run.state === FINISHED) {
    // Back into the last segment, paused, so nothing runs on unasked; the time since the
    // finish counts as paused.
    const last = run.durations.length - 1;
    run = {
      ...run,
      pausedTotal: run.pausedTotal + now - run.finishedAt,
      finishedAt: null,
      state: PAUSED,
      pausedSince: now,
      index: last,
      left: run.durations[last],
    };
    events.push(event("segment", run.index, now));
    return [run, events];
  }
  // Back restarts the step it is in; only at its very start (a second press, say) does it go
  // to the step before.
  const into = run.durations[run.index] - remaining(run, now);
  const target = into >= BACK_RESTARTS_AFTER_S ? run.index : Math.max(0, run.index - 1);
  const [moved, more] = goto(run, target, now);
  return [moved, events.concat(more)];
}

function adjust(run, delta, now) {
  const [advanced, events] = advance(run, now);
  run = advanced;
  if (run.state === FINISHED || !run.durations.length) return [run, events];
  if (remaining(run, now) + delta <= 0) {
    const [skipped, more] = skip(run, now);
    return [skipped, events.concat(more)];
  }
  const durations = [...run.durations];
  durations[run.index] += delta;
  run =
    run.state === RUNNING
      ? { ...run, durations, deadline: run.deadline + delta }
      : { ...run, durations, left: run.left + delta };
  events.push(event("adjust", run.index, now));
  return [run, events];
}

function goto(run, index, now) {
  const spent = [...run.spent];
  spent[run.index] += run.durations[run.index] - remaining(run, now);
  run =
    run.state === RUNNING
      ? { ...run, deadline: now + run.durations[index] }
      : { ...run, left: run.durations[index] };
  run = { ...run, spent, index };
  return [run, [event("segment", index, now)]];
}

function finish(run, now) {
  const spent = [...run.spent];
  spent[run.index] += run.durations[run.index] - remaining(run, now);
  if (run.state === PAUSED) {
    run = { ...run, pausedTotal: run.pausedTotal + now - run.pausedSince, pausedSince: null };
  }
  run = {
    ...run,
    spent,
    startedAt: run.startedAt !== null ? run.startedAt : now,
    state: FINISHED,
    finishedAt: now,
  };
  return [run, [event("finish", run.index, now)]];
}

/** Everything a display needs at `now`, without changing the run (like the core's view()). */
export function view(run, now) {
  run = advance(run, now)[0];
  const left = remaining(run, now);
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
    total,
  };
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

/** Seconds actually run in each segment, the current one included. */
export function spent(run, now) {
  run = advance(run, now)[0];
  const out = [...run.spent];
  if ((run.state === RUNNING || run.state === PAUSED) && out.length) {
    out[run.index] += run.durations[run.index] - remaining(run, now);
  }
  return out;
}

/** `M:SS` (or `H:MM:SS`), rounded up so a countdown shows 0:00 only at the end. */
export function clock(seconds) {
  // Rounded to the microsecond first, as describe.clock does: 29.000000001 shows 0:29.
  const whole = Math.ceil(Math.max(0, Math.round(seconds * 1e6) / 1e6));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}

/**
 * The segment changes still to come while running, from `now`: [{at, index, kind}], where
 * kind is "segment" (into segment `index`) or "finish".
 */
export function changesAhead(run, now, horizon = Infinity) {
  run = advance(run, now)[0];
  if (run.state !== RUNNING) return [];
  const out = [];
  let at = run.deadline;
  for (let index = run.index; index < run.durations.length && at <= now + horizon; index++) {
    const last = index + 1 >= run.durations.length;
    out.push({ at, index: last ? index : index + 1, kind: last ? "finish" : "segment" });
    if (!last) at += run.durations[index + 1];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What the page says and sounds, and when. A run's moments are each segment's start, each beat
// of a move on a beat, and the finish; at each a tone sounds and then, once the tone is over, a
// cue may be said. `segments` are the payload's (timer_payload.py): {kind, sayings, must,
// beats: [{at_s, sayings, must, detail, pose, down_s}]}, sayings longest first.
//
// Nothing is talked over or cut: a cue is said in the longest form whose spoken length (from
// its words, speechSeconds) ends before the next moment, or not at all (chooseSaying); a `must`
// cue ("Last one", "Done") is said in its shortest form whatever, and whatever it runs into is
// shortened or dropped in turn. The page never cancels a cue that still has time. The voice
// comes before the 3-2-1 count-in: a tick that would fall on a planned cue is left out, so a
// short step counts "2, 1" or "1" after its cue (beepsAhead). A move on a beat has no count-in:
// its beats keep time, each with a soft tick and its word, and a low tock where a hold ends
// before the next beat.

// A beat counts as begun this much before its time (the Python twin: timeline.BEAT_EPSILON_S).
export const BEAT_EPSILON_S = 1e-9;
// Spoken length: seconds a word at speech rate 1 (a little slower than most voices, so an
// estimate errs long), a pause at each sentence or clause break and each comma; the silence
// kept before the next moment, and how near a tick may come to speech.
export const SPEECH = { wordS: 0.4, sentenceS: 0.25, commaS: 0.1, gapS: 0.15, clearS: 0.05 };
const SLOWEST_WORD_S = 1.0; // a voice measured slower than this is taken as this slow

/** The beat under way at `now` in the run's segment (an index of its beats), or null. */
export function beatAt(run, segments, now) {
  run = advance(run, now)[0];
  const beats = run.state === FINISHED ? null : (segments[run.index] || {}).beats;
  if (!beats || !beats.length) return null;
  const elapsed = run.durations[run.index] - remaining(run, now);
  let found = null;
  for (let k = 0; k < beats.length && beats[k].at_s <= elapsed + BEAT_EPSILON_S; k++) found = k;
  return found;
}

/** How long `text` takes to say at `wordS` seconds a word (SPEECH.wordS at rate 1). */
export function speechSeconds(text, wordS = SPEECH.wordS) {
  const words = text.split(/[\s\u2010-\u2015-]+/).filter(Boolean).length;
  const breaks = (text.match(/[.:;!?](\s|$)/g) || []).length;
  const commas = (text.match(/,/g) || []).length;
  const scale = wordS / SPEECH.wordS;
  return words * wordS + (breaks * SPEECH.sentenceS + commas * SPEECH.commaS) * scale;
}

/**
 * The seconds a word, after a voice took `seconds` to say `text` at `wordS`: a slower voice is
 * believed at once (so the next cues are shortened to fit it), a faster one only slowly, and
 * never faster than SPEECH.wordS.
 */
export function learnedPace(wordS, text, seconds) {
  const heard = (seconds / speechSeconds(text, SPEECH.wordS)) * SPEECH.wordS;
  if (!(heard > 0) || !Number.isFinite(heard)) return wordS;
  const next = heard > wordS ? heard : (wordS + heard) / 2;
  return Math.min(SLOWEST_WORD_S, Math.max(SPEECH.wordS, next));
}

/** Seconds a tone lasts. */
export function toneSeconds(tone) {
  return (TONES[tone] || []).reduce((sum, [, length]) => sum + length, 0);
}

// The current and later segments of a running run: [{index, start, end}].
function spans(run) {
  if (run.state !== RUNNING) return [];
  let end = run.deadline;
  const out = [{ index: run.index, start: end - run.durations[run.index], end }];
  for (let index = run.index + 1; index < run.durations.length; index++) {
    const start = end;
    end = start + run.durations[index];
    out.push({ index, start, end });
  }
  return out;
}

// The beats of a segment that fall inside it (an end made shorter by -15 s cuts some off).
function beatsIn(segment, duration) {
  return (segment.beats || []).filter((beat) => beat.at_s < duration - BEAT_EPSILON_S);
}

// Every moment of the run from its current segment on, in order (made as they are asked for):
// {key, kind, index, beat, at, tone, sayings, must}. A finished run has only its finish.
function* moments(run, segments, done) {
  const finish = (at) => ({
    key: "finish", kind: "finish", beat: null, at, tone: "done", sayings: done ? [done] : [], must: true,
  });
  if (run.state === FINISHED) yield finish(run.finishedAt);
  for (const { index, start, end } of spans(run)) {
    const segment = segments[index] || {};
    const beats = beatsIn(segment, run.durations[index]);
    yield {
      key: `${index}:segment`, kind: "segment", index, beat: beats.length ? 0 : null, at: start,
      tone: toneOf(segment.kind), sayings: segment.sayings || [], must: !!segment.must,
    };
    for (let k = 1; k < beats.length; k++) {
      yield {
        key: `${index}:beat:${k}`, kind: "beat", index, beat: k, at: start + beats[k].at_s,
        tone: "beat", sayings: beats[k].sayings || [], must: !!beats[k].must,
      };
    }
    if (index + 1 >= run.durations.length) yield finish(end);
  }
}

/**
 * The cues of the run whose speech may begin after `from` and by `to`: each moment with
 * something to say, {key, kind, index, beat, at, speakAt, until, sayings, must}. `speakAt` is
 * when its tone is over; `until`, when the next moment is due (Infinity after the finish).
 * `done` is what the finish says.
 */
export function cues(run, segments, from, to, done = "") {
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

/**
 * What to say for `cue` at `now`, with the voice busy until `busyUntil` and speaking at `wordS`
 * seconds a word: the longest of its sayings that ends SPEECH.gapS before the next moment, or
 * for a `must` cue its shortest anyway; null for nothing, or once the next moment has come.
 * Returns {key, kind, index, beat, at,
 * text, form ("full", "short", or "word" on a beat), start, end}.
 */
export function chooseSaying(cue, { now = -Infinity, busyUntil = -Infinity, wordS = SPEECH.wordS } = {}) {
  if (now >= cue.until) return null; // its moment is over (a page that was asleep): too late
  const start = Math.max(cue.speakAt, now, busyUntil);
  const forms = cue.sayings || [];
  let chosen = forms.findIndex((text) => start + speechSeconds(text, wordS) + SPEECH.gapS <= cue.until);
  if (chosen < 0 && cue.must && forms.length) chosen = forms.length - 1;
  if (chosen < 0) return null;
  const text = forms[chosen];
  const form = cue.beat !== null && cue.beat !== undefined ? "word" : chosen === 0 ? "full" : "short";
  const { key, kind, index, beat, at } = cue;
  return { key, kind, index, beat, at, text, form, start, end: start + speechSeconds(text, wordS) };
}

/**
 * What the page plans to say from `now` up to `now + horizon`, each cue chosen as it will be
 * when due, the voice busy with the one before: [chooseSaying's answers].
 */
export function speechPlan(run, segments, now, horizon = Infinity, { done = "", wordS = SPEECH.wordS } = {}) {
  run = advance(run, now)[0];
  const plan = [];
  let busyUntil = -Infinity;
  for (const cue of cues(run, segments, now, now + horizon, done)) {
    const said = chooseSaying(cue, { now, busyUntil, wordS });
    if (said) {
      plan.push(said);
      busyUntil = said.end;
    }
  }
  return plan;
}

/**
 * The beeps to schedule from `now` up to `now + horizon`: each change's tone; before it the
 * 3-2-1 count-in (a count only where the segment that ends is longer than it), except in a move
 * on a beat, which has a soft tick on each of its beats and a low tock where a hold ends before
 * the next. A count or tock that would fall on speech in `spoken` (speechPlan) is left out.
 * `segments` gives each segment's kind and beats. Each beep: {key, at, tone}; the key names it
 * across calls, so a beep already scheduled is not scheduled twice.
 */
export function beepsAhead(run, segments, now, horizon = Infinity, spoken = []) {
  run = advance(run, now)[0];
  const clear = (at) => !spoken.some((u) => at >= u.start - SPEECH.clearS && at <= u.end + SPEECH.clearS);
  const beeps = [];
  for (const { index, start, end } of spans(run)) {
    if (start > now + horizon) break;
    const segment = segments[index] || {};
    const duration = run.durations[index];
    const beats = beatsIn(segment, duration);
    beats.forEach((beat, k) => {
      if (k > 0) beeps.push({ key: `${index}:beat:${k}`, at: start + beat.at_s, tone: "beat" });
      const down = beat.down_s === null || beat.down_s === undefined ? null : start + beat.at_s + beat.down_s;
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
  return beeps.filter((beep) => beep.at >= now && beep.at <= now + horizon).sort((a, b) => a.at - b.at);
}

/** Tone of the segment a command moved to (the change itself sounds at once). */
export function toneOf(kind) {
  return SOUND_OF[kind] || "work";
}

// kind -> notes, each [frequency in Hz or 0 for a gap, seconds]: a learner on the floor, not
// looking, can tell the 3-2-1 from work, rest, switch sides and done by pitch, and the soft beat
// tick and hold's-end tock of a move on a beat from all of them.
export const TONES = {
  count: [[1046.5, 0.07]], // C6 tick: short and high
  work: [[880.0, 0.12], [0, 0.04], [880.0, 0.18]], // A5 twice: get going
  rest: [[440.0, 0.35]], // A4, long and low: ease off
  switch: [[659.3, 0.12], [0, 0.03], [523.3, 0.16]], // E5 then C5: change sides
  done: [[523.3, 0.14], [659.3, 0.14], [784.0, 0.14], [1046.5, 0.32]], // C-E-G-C up
  beat: [[784.0, 0.04]], // G5, very short: the beat of a move on a beat
  down: [[392.0, 0.06]], // G4, short and low: the hold ends, let the leg down
};
// How loud each tone is beside the others (1 where not listed): the beat keeps time quietly.
export const TONE_GAIN = { beat: 0.5, down: 0.5 };

/** The notes of a tone as [{frequency, start, length, gain}] from its start, gaps left out. */
export function notes(tone) {
  const out = [];
  let offset = 0;
  for (const [frequency, length] of TONES[tone]) {
    if (frequency > 0) out.push({ frequency, start: offset, length, gain: TONE_GAIN[tone] || 1 });
    offset += length;
  }
  return out;
}

/** What a key press on the focused timer asks for, or null: Space, arrows, + and -, R. */
export function commandForKey(key) {
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
    case "\u2212":
      return "minus";
    case "r":
    case "R":
      return "reset";
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The page and the kernel: the protocol's one definition. The kernel checks what it receives in
// page_event (psoas_lesson/widgets/timer.py); the tests' FakePage (tests/timer_page.py) plays this
// page in Python, and tests/test_timer_js.py checks that the two send the same messages.
//
// Kernel -> page: the synced trait `command`, {id, kind, notice?}. `kind` is one of
// KERNEL_COMMANDS ("stop": a newer timer was made; pause, show `notice`, report the run so far).
// `id` counts up; the page writes the last id it applied to `command_done`, so a reloaded page
// does not apply a command twice (fromKernel).
//
// Page -> kernel: one message per event, in order (model.send):
//   {type: "event",
//    id: "<run_id>:<n>",    n = 1, 2, ... within a run: the kernel handles each id once
//    run_id: 32 hex digits, new after every reset: one run, one practice-log session
//    kind: "start" | "segment" | "pause" | "resume" | "finish" | "adjust" | "reset" | "stop"
//          | "restore" (a reloaded page picked the run up where it was kept: see keep/restore),
//    state: "ready" | "running" | "paused" | "finished",
//    index: the segment the run is on,
//    spent: [seconds run in each segment], durations: [each segment's length, +-15 s included],
//    started_ms: wall-clock time of the run's start (ms since 1970), null before it}
// state, index, spent and durations describe the run just after the press, command or tick that
// made the event; for "reset", the run it ended as it stood then, with state "ready", index 0.

export const ADJUST_S = 15; // what +15 s and -15 s add and take
export const KERNEL_COMMANDS = ["start", "pause", "stop", "reset", "skip", "back"];
export const TAKEN_OVER = "Paused: another timer on this page started.";
/** What a running timer is told when another timer on the page starts: one timer at a time. */
export const TAKE_OVER = { kind: "stop", notice: TAKEN_OVER };

/** A page's timer before anything is pressed: a fresh run, known to the kernel as `runId`.
 * `ended`: the kernel was told this run stopped (and logged it): it is not kept for a reload. */
export function newSession(durations, runId) {
  return { run: newRun(durations), runId, seq: 0, startedMs: null, notice: "", ended: false };
}

/**
 * One press, key, kernel command or tick at `now`. `command` is a kind (or {kind, notice}):
 * start, pause, resume, toggle, skip, back, reset, plus, minus, update (a tick), or stop.
 * `wallMs` is the wall clock (ms) at `now`, to date the run's start; `nextRunId` the id the
 * next run gets if this resets the run.
 *
 * Start after the finish resets, then starts; plus and minus adjust by ADJUST_S; stop brings
 * the run up to `now`, pauses it if running (showing `notice`, else TAKEN_OVER) and reports
 * "stop" unless nothing has run. Returns {session, events, messages}: the session after it, the
 * core's events (for sound, speech and announcements) and the messages for the kernel.
 */
export function handle(session, command, { now, wallMs, nextRunId }) {
  const { kind, notice = "" } = typeof command === "string" ? { kind: command } : command;
  const moment = { now, wallMs, nextRunId };
  let result = { session, events: [], messages: [] };
  if (kind === "stop") return stop(result, notice, moment);
  if (kind === "start" && advance(session.run, now)[0].state === FINISHED) {
    result = step(result, "reset", moment); // Start after the finish runs the routine again
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
    messages: result.messages.concat(reported.messages),
  };
}

function stop(result, notice, moment) {
  result = step(result, "update", moment); // what fell due is reported first
  if (result.session.run.state === RUNNING) {
    result = step(result, "pause", moment);
    result = { ...result, session: { ...result.session, notice: notice || TAKEN_OVER } };
  }
  if (result.session.run.state === READY) return result;
  const sent = message(result.session, "stop", result.session.run, moment.now);
  const session = { ...sent.session, ended: true };
  return { ...result, session, messages: result.messages.concat([sent.message]) };
}

/**
 * The messages for `events`, which brought `session`'s run to `run` at `now` (see the shape
 * above), and the session after them: the start dated, the notice cleared by a start or resume,
 * and after a reset the new run id `nextRunId`, counting from 1 again.
 */
export function report(session, run, events, { now, wallMs, nextRunId }) {
  const ended = session.run;
  let current = { ...session, run };
  const messages = [];
  for (const e of events) {
    if (e.kind === "start") current = { ...current, startedMs: wallMs - (now - e.at) * 1000 };
    if (e.kind === "start" || e.kind === "resume") current = { ...current, notice: "" };
    if (e.kind === "reset") {
      const sent = message(current, "reset", ended, now, { state: READY, index: 0 });
      messages.push(sent.message);
      current = { ...sent.session, runId: nextRunId, seq: 0, startedMs: null, ended: false };
    } else {
      const sent = message(current, e.kind, run, now);
      messages.push(sent.message);
      current = sent.session;
    }
  }
  return { session: current, messages };
}

function message(session, kind, run, now, overrides = {}) {
  const seen = advance(run, now)[0];
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
      spent: spent(run, now),
      durations: [...run.durations],
      started_ms: session.startedMs,
      ...overrides,
    },
  };
}

/**
 * One timer at a time: the `others` (each with a `session`) that must stop, with TAKE_OVER,
 * because `events` started or resumed this one at `now`: those running then.
 */
export function takenOver(events, others, now) {
  if (!events.some((e) => e.kind === "start" || e.kind === "resume")) return [];
  return others.filter((other) => advance(other.session.run, now)[0].state === RUNNING);
}

/**
 * The kernel's `command` trait, seen by a page that last applied command `done`: null when it
 * was applied already (a reload), else {done: its id, command: {kind, notice} or null for a kind
 * the page does not take from the kernel}.
 */
export function fromKernel(command, done) {
  if (!command || !command.id || command.id <= done) return null;
  const known = KERNEL_COMMANDS.includes(command.kind);
  return { done: command.id, command: known ? { kind: command.kind, notice: command.notice || "" } : null };
}


/** Whether `command` may lose work at `now`, so the page asks first: a reset of a run under way
 * (running, or paused part-way). After the finish, or before the start, nothing is lost. */
export function asksFirst(session, command, now) {
  const kind = typeof command === "string" ? command : command.kind;
  const state = advance(session.run, now)[0].state;
  return kind === "reset" && (state === RUNNING || state === PAUSED);
}

// ---------------------------------------------------------------------------------------------
// A reload keeps the place. The page keeps a run under way in the browser's storage (one entry
// per routine, `payload.key`), so a reloaded page, in a notebook, in Voilà or on a page with no
// kernel at all, picks it up paused where it was, under the same run id: the kernel (or any
// other host) goes on counting the same run and logs it once. A place kept longer ago than
// RESUME_WITHIN_S is not picked up: the page reports that run stopped ("stop", so what was done
// is logged) and says so.
//
// The shell writes storedAfter(...) after every press, command or change and when the page is
// left (after pausing a running run), and reads the entry back with restore(...) on loading.

export const KEEP_VERSION = 1;
export const RESUME_WITHIN_S = 2 * 60 * 60;
export const RESTORED = "Back where you left off, paused: Start goes on, Reset starts again.";
export const PLACE_LOST =
  "Your last run of this routine was left too long ago to pick up; what you did then is logged.";
const ENDS_A_RUN = new Set(["finish", "reset", "stop"]);

/** The place to keep for `session` at `now`: a run under way that the kernel was not told has
 * ended; null when there is none. Plain JSON, dated by the wall clock. */
export function keep(session, { now, wallMs }) {
  const run = advance(session.run, now)[0];
  if (session.ended || (run.state !== RUNNING && run.state !== PAUSED)) return null;
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
    left: remaining(run, now),
  };
}

/** The storage entry for a routine after `messages` made `session`: an entry whose run was
 * reported ended is dropped (only that run's: another timer of the same routine may own it);
 * a place to keep replaces it. */
export function storedAfter(entry, session, messages, moment) {
  let kept = entry;
  for (const m of messages) {
    if (kept && ENDS_A_RUN.has(m.kind) && m.run_id === kept.runId) kept = null;
  }
  return keep(session, moment) || kept;
}

function validPlace(entry, durations) {
  const numbers = (list, n) => Array.isArray(list) && list.length === n && list.every(Number.isFinite);
  const n = durations.length;
  return (
    !!entry &&
    entry.version === KEEP_VERSION &&
    typeof entry.runId === "string" &&
    Number.isInteger(entry.seq) && entry.seq >= 0 &&
    Number.isFinite(entry.keptMs) &&
    (entry.startedMs === null || Number.isFinite(entry.startedMs)) &&
    numbers(entry.initial, n) && entry.initial.every((d, i) => d === durations[i]) &&
    numbers(entry.durations, n) && entry.durations.every((d) => d > 0) &&
    numbers(entry.spent, n) && entry.spent.every((d) => d >= 0) &&
    Number.isInteger(entry.index) && entry.index >= 0 && entry.index < n &&
    Number.isFinite(entry.left) && entry.left > 0 && entry.left <= entry.durations[entry.index]
  );
}

/**
 * A page loading with storage `entry` for its routine (whose segments last `durations`):
 * {session, messages} where the entry holds a place for this routine: the run paused there,
 * known by its run id, with a "restore" message for the kernel's mirror; {session: null,
 * messages: [its "stop"], notice: PLACE_LOST} where the place is older than RESUME_WITHIN_S;
 * null where there is nothing to pick up (no entry, or one for other durations).
 */
export function restore(entry, durations, { now, wallMs }) {
  if (!validPlace(entry, durations)) return null;
  const run = {
    ...newRun(entry.initial),
    durations: [...entry.durations],
    spent: [...entry.spent],
    state: PAUSED,
    index: entry.index,
    left: entry.left,
    pausedSince: now,
    startedAt: now,
  };
  const session = {
    run, runId: entry.runId, seq: entry.seq, startedMs: entry.startedMs, notice: RESTORED, ended: false,
  };
  if (wallMs - entry.keptMs > RESUME_WITHIN_S * 1000) {
    const sent = message(session, "stop", run, now);
    return { session: null, messages: [sent.message], notice: PLACE_LOST };
  }
  const sent = message(session, "restore", run, now);
  return { session: sent.session, messages: [sent.message] };
}
