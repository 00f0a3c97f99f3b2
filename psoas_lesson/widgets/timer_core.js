// The routine timer's timing, in the page: a pure state machine over a list of segment
// durations, the twin of the Python core (psoas_lesson/timer.py), which stays the reference.
//
// Nothing here reads a clock, touches the page or makes a sound: every function takes `now`
// (seconds on one monotonic clock) and returns new values, so `node --test` can replay the
// Python core's cases and get the same step, time left and events at the same instants.
// A run is a plain object that is never changed in place: commands return a new one.

export const READY = "ready";
export const RUNNING = "running";
export const PAUSED = "paused";
export const FINISHED = "finished";

export const COUNT_IN = [3, 2, 1]; // seconds before a change that tick
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
 * adjust (with `delta` seconds; plus and minus are adjust by +15 and -15).
 * Returns [run, events], exactly as the Python core's command of the same name.
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
    case "plus":
      return adjust(run, 15, now);
    case "minus":
      return adjust(run, -15, now);
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
  run = { ...run, left: run.deadline - now, pausedSince: now, state: PAUSED };
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
  const [moved, more] = goto(run, Math.max(0, run.index - 1), now);
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

/** Seconds spent paused since the start. */
export function pausedSeconds(run, now) {
  run = advance(run, now)[0];
  return run.pausedTotal + (run.state === PAUSED ? now - run.pausedSince : 0);
}

/** Clock seconds from start to now, or to the finish. */
export function runTime(run, now) {
  run = advance(run, now)[0];
  if (run.startedAt === null) return 0;
  return (run.finishedAt !== null ? run.finishedAt : now) - run.startedAt;
}

/**
 * The pure answer the page is built on: the run after `commands` (each {kind, at, delta?}, in
 * time order), seen at `now`.
 */
export function replay(durations, commands, now) {
  let run = newRun(durations);
  for (const command of commands) run = apply(run, command, command.at)[0];
  return view(run, now);
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

/**
 * The beeps to schedule from `now` up to `now + horizon`: the 3-2-1 count-in before each change
 * (a count only where the segment that ends is longer than it) and the change's own tone.
 * `kinds` gives each segment's kind. Each beep: {key, at, tone}; the key names it across calls,
 * so a beep already scheduled is not scheduled twice.
 */
export function beepsAhead(run, kinds, now, horizon = Infinity) {
  const beeps = [];
  // Changes a little past the horizon still have count-in beeps inside it.
  for (const change of changesAhead(run, now, horizon + Math.max(...COUNT_IN))) {
    const ending = change.kind === "finish" ? change.index : change.index - 1;
    for (const k of COUNT_IN) {
      const at = change.at - k;
      if (at >= now && k < run.durations[ending]) {
        beeps.push({ key: `${ending}:count:${k}`, at, tone: "count" });
      }
    }
    const tone = change.kind === "finish" ? "done" : SOUND_OF[kinds[change.index]] || "work";
    if (change.at >= now) beeps.push({ key: `${change.index}:${change.kind}`, at: change.at, tone });
  }
  return beeps.filter((beep) => beep.at <= now + horizon);
}

/** Tone of the segment a command moved to (the change itself sounds at once). */
export function toneOf(kind) {
  return SOUND_OF[kind] || "work";
}

// kind -> notes, each [frequency in Hz or 0 for a gap, seconds]: a learner on the floor, not
// looking, can tell the 3-2-1 from work, rest, switch sides and done by pitch.
export const TONES = {
  count: [[1046.5, 0.07]], // C6 tick: short and high
  work: [[880.0, 0.12], [0, 0.04], [880.0, 0.18]], // A5 twice: get going
  rest: [[440.0, 0.35]], // A4, long and low: ease off
  switch: [[659.3, 0.12], [0, 0.03], [523.3, 0.16]], // E5 then C5: change sides
  done: [[523.3, 0.14], [659.3, 0.14], [784.0, 0.14], [1046.5, 0.32]], // C-E-G-C up
};

/** The notes of a tone as [{frequency, start, length}] from its start, gaps left out. */
export function notes(tone) {
  const out = [];
  let offset = 0;
  for (const [frequency, length] of TONES[tone]) {
    if (frequency > 0) out.push({ frequency, start: offset, length });
    offset += length;
  }
  return out;
}

/** Exercises with at least one work period run to its end, in routine order. */
export function exercisesDone(segments, spentSeconds, durations) {
  const done = [];
  segments.forEach((segment, i) => {
    const full = spentSeconds[i] >= durations[i] - 1e-6;
    if (segment.kind === "work" && segment.exercise && full && !done.includes(segment.exercise)) {
      done.push(segment.exercise);
    }
  });
  return done;
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
