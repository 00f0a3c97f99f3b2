// The routine timer's page: keeps time, draws, beeps, speaks and keeps the screen on, by itself.
//
// The kernel sends the compiled timeline once (`payload`, with every text to show and say,
// `pose_frames`, `look` for the colours) and commands as synced state (`command`); the page never
// waits for the kernel. Every decision is the pure core's (timer_core.js): time left from one
// deadline on performance.now(), what a press or command does, and the messages for the
// kernel's practice log (their shape is documented there). This shell only calls it, sends, and
// does what a pure function cannot: requestAnimationFrame draws, a 4-per-second interval keeps a
// background tab (no frames) going, beeps are scheduled ahead on the Web Audio clock (so they
// sound on time even when timers are throttled), and it speaks, announces and keeps the screen on.
// What to say and when is the core's too (cues, chooseSaying): the shell says what it is given
// once its moment's tone is over, and never cancels a cue itself, only when the learner skips,
// goes back or resets.
//
// A run under way is kept in the browser's storage (one entry per routine), so a reload, in a
// notebook, in Voilà or on a page with no kernel, picks it up paused where it was (the core's
// keep/storedAfter/restore say what is kept and what is reported).
//
// Every text from the kernel is set with textContent; only the pose figures' SVG markup, which
// the figure library generates and escapes, is inserted as markup.
//
// anywidget loads timer.bundle.js, this module with the core built in by `make bundle`.
import * as core from "./timer_core.js";

const HORIZON_S = 75; // beeps scheduled this far ahead (a hidden tab may tick once a minute)
const REPLAN_EVERY_S = 1; // top up the beeps this often while running
const INTERVAL_MS = 250; // the background tick (a visible tab draws every frame)
const VOICE_WAIT_MS = 2500; // voices load asynchronously; after this, none means none
const OVERRUN_S = 0.3; // a voice still speaking past its estimate is taken to need this much more
const STUCK_S = 3; // ...and to have ended, this long past it, if the browser never said so
const SAID_KEPT_S = 30; // what was said is remembered this long, so no tick is planned on it
const BEEP_GAIN = 0.35;
const FADE_S = 0.006; // ramps at both ends of a note, so it starts and stops without a click
const MIN_FIT = 0.45; // the step's words scale between these to fit their box
const MAX_FIT = 1;
const KEEP_EVERY_S = 2; // while running, the place is kept this often (and at every change)
const STACK_BELOW = 1.7; // a pose box narrower than this (width / height) stacks a move's frames
const STORAGE_PREFIX = "psoas-lesson.timer.";
const REGISTRY = Symbol.for("psoas-lesson.timers"); // every timer in this page, to run one at a time

// [key, label, tooltip, the other label it may show (the button keeps the wider one's width)]
const BUTTONS = [
  ["start", "Start", "Start, or resume when paused (Space)", "Resume"],
  ["pause", "Pause", "Pause; Start resumes (Space)"],
  ["back", "Back", `Back to the start of this step, or to the one before if it began under ${core.BACK_RESTARTS_AFTER_S} s ago (\u2190)`],
  ["skip", "Skip", "Skip to the next step (\u2192)"],
  ["minus", `\u2212${core.ADJUST_S} s`, `Take ${core.ADJUST_S} seconds off this step (\u2212)`],
  ["plus", `+${core.ADJUST_S} s`, `Add ${core.ADJUST_S} seconds to this step (+)`],
  ["reset", "Reset", "Back to the beginning; asks first while a run is under way (R)"],
];
// The button that takes a disabled button's place, and the focus with it (View.enable).
const HEIRS = { start: "pause", pause: "start" };
const CONFIRM_RESET = "Start again from the beginning? This run ends here; any work done is logged.";

function now() {
  return performance.now() / 1000;
}

function wallMsAt(at) {
  return Date.now() - (now() - at) * 1000; // the wall clock at performance time `at`
}

function runId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

// ---------------------------------------------------------------------------------------------
// One timer: its run, sound, voice, wake lock, kernel link, and the views that show it.

class Runtime {
  constructor(model) {
    this.model = model;
    this.views = new Set();
    this.payload = model.get("payload");
    this.segments = this.payload.segments || [];
    this.storageKey = STORAGE_PREFIX + (this.payload.key || this.payload.name || "routine");
    this.keptAt = -Infinity;
    this.asking = null; // a command waiting for the learner's yes (Reset under way)
    this.session = this.load();
    this.nextRunId = runId(); // the id a reset gives the next run
    this.audio = null;
    this.scheduled = new Map(); // beep key -> {at, nodes: its oscillators}
    this.plannedAt = -Infinity;
    this.planEpoch = 0;
    this.voices = "unknown"; // "ok", "none" or "unsupported"
    this.heardUpTo = -Infinity; // the cues whose speech may begin until here are decided
    this.speaking = 0; // utterances handed to the browser and not yet ended
    this.hushed = 0; // how many times speech was cut: an utterance from before ends uncounted
    this.speechEnds = -Infinity; // when the last of them should end, by its words
    this.said = []; // [{start, end}] of recent utterances, for planning ticks around them
    this.wordS = core.SPEECH.wordS; // seconds a word, learnt from the voice
    this.doneTimer = 0;
    this.wakeLock = null;
    this.frame = 0;
    this.interval = 0;
    this.shown = null;
    this.registry = (globalThis[REGISTRY] ||= new Set());
    this.registry.add(this);

    this.onVisibility = () => this.visibilityChanged();
    document.addEventListener("visibilitychange", this.onVisibility);
    // Leaving the page (a reload, a closed tab): pause a running run and keep its place. Not on
    // a hidden tab: the timer goes on there.
    this.onLeave = () => this.leave();
    globalThis.addEventListener?.("pagehide", this.onLeave);
    model.on("change:command", () => this.kernelCommand());
    model.on("change:sound", () => this.soundChanged());
    model.on("change:voice", () => this.draw(true));
    model.on("change:notice", () => this.draw(true));
    this.watchVoices();
    this.kernelCommand(); // a command sent while this module was loading
  }

  dispose() {
    clearTimeout(this.doneTimer);
    this.stopTicking();
    this.cancelBeeps();
    this.releaseWakeLock();
    if (this.audio) this.audio.close().catch(() => {});
    document.removeEventListener("visibilitychange", this.onVisibility);
    globalThis.removeEventListener?.("pagehide", this.onLeave);
    this.registry.delete(this);
  }

  // -- the place kept across a reload -----------------------------------------------------------

  load() {
    const durations = this.segments.map((s) => s.duration_s);
    const at = now();
    const moment = { now: at, wallMs: wallMsAt(at) };
    const restored = core.restore(this.readPlace(), durations, moment);
    let session = restored && restored.session;
    if (!session) {
      session = core.newSession(durations, runId());
      if (restored) session = { ...session, notice: restored.notice };
    }
    const messages = restored ? restored.messages : [];
    for (const message of messages) this.send(message);
    this.session = session;
    this.keepPlace(messages, at, true);
    return session;
  }

  readPlace() {
    try {
      const text = globalThis.localStorage?.getItem(this.storageKey);
      return text ? JSON.parse(text) : null;
    } catch {
      return null; // no storage here (a sandboxed frame, storage turned off): nothing to pick up
    }
  }

  keepPlace(messages, at, always = false) {
    // Ticks keep it every KEEP_EVERY_S; a change, a message or leaving the page at once.
    if (!always && !messages.length && at - this.keptAt < KEEP_EVERY_S) return;
    this.keptAt = at;
    const moment = { now: at, wallMs: wallMsAt(at) };
    const before = this.readPlace();
    const after = core.storedAfter(before, this.session, messages, moment);
    if (after === before) return;
    try {
      if (after) globalThis.localStorage?.setItem(this.storageKey, JSON.stringify(after));
      else globalThis.localStorage?.removeItem(this.storageKey);
    } catch {
      // storage full or refused: the timer goes on; a reload then starts afresh
    }
  }

  leave() {
    this.command("pause");
    this.keepPlace([], now(), true);
  }

  // -- commands: from a button, a key, another timer, the kernel or a tick ----------------------

  press(kind) {
    const at = now(); // the press, not after the audio below has started (that takes a while)
    if (core.asksFirst(this.session, kind, at)) {
      this.asking = kind; // the run goes on meanwhile; the controls ask (View.showAsking)
      this.draw(true);
      for (const view of this.views) view.askFocus();
      return;
    }
    this.asking = null;
    // Inside the click or key handler: the one moment a browser lets a page start sound.
    if (kind === "start" || (kind === "toggle" && this.session.run.state !== core.RUNNING)) {
      this.unlockAudio();
    }
    this.command(kind, at);
  }

  answer(yes) {
    const kind = this.asking;
    this.asking = null;
    if (yes && kind) this.command(kind);
    else this.draw(true);
    for (const view of this.views) view.focusTimer();
  }

  command(command, at = now()) {
    const ticked = command === "update";
    const moment = { now: at, wallMs: wallMsAt(at), nextRunId: this.nextRunId };
    const { session, events, messages } = core.handle(this.session, command, moment);
    this.session = session;
    if (command.kind === "stop") this.hush(); // another timer started: it speaks now
    if (session.runId === this.nextRunId) this.nextRunId = runId();
    for (const message of messages) this.send(message);
    this.keepPlace(messages, at, !ticked || events.length > 0);
    if (this.asking && !core.asksFirst(session, this.asking, at)) this.asking = null; // moot now
    if (!ticked) {
      this.planEpoch += 1; // the deadline may have moved: the beeps ahead are planned anew
      this.cancelBeeps();
    }
    this.happened(events, { commanded: !ticked });
    this.speakDue(at);
    const others = [...this.registry].filter((other) => other !== this);
    for (const other of core.takenOver(events, others, at)) other.command(core.TAKE_OVER, at);
    if (!ticked) {
      this.plan(at);
      this.draw(true);
    }
    return events;
  }

  kernelCommand() {
    const given = core.fromKernel(this.model.get("command"), this.model.get("command_done") || 0);
    if (!given) return; // applied already (by this page, before a reload)
    this.model.set("command_done", given.done);
    this.model.save_changes();
    if (!given.command) return;
    if (given.command.kind === "start") this.unlockAudio(); // allowed once the page was clicked
    this.command(given.command);
  }

  // -- what happened: sound, voice, screen, announcements ----------------------------------------

  happened(events, { commanded }) {
    if (!events.length) return;
    const run = this.session.run;
    const running = run.state === core.RUNNING;
    const changes = events.filter((e) => e.kind === "segment");
    const finished = events.some((e) => e.kind === "finish");
    if (events.some((e) => e.kind === "start" || e.kind === "resume")) this.holdWakeLock();
    // A learner's skip, back or reset makes what is being said stale: the one time it is cut.
    if (commanded && (changes.length || finished || events.some((e) => e.kind === "reset"))) this.hush();
    if (changes.length) {
      // After a throttled tab or a frozen page, several may have passed: only the present sounds.
      const segment = this.segments[run.index];
      if (running || finished) this.announce(segment.announced);
      if (running) this.beepNow(`${run.index}:segment`, core.toneOf(segment.kind), commanded);
    }
    if (finished) {
      this.announce(this.payload.done_said);
      this.beepNow(`${run.index}:finish`, "done", commanded);
      // Nothing ticks after the finish: "Done" is said when its tone is over.
      clearTimeout(this.doneTimer);
      this.doneTimer = setTimeout(() => this.speakDue(now()), (core.toneSeconds("done") + 0.02) * 1000);
    }
    if (!running) this.releaseWakeLock();
    if (running) this.startTicking();
  }

  send(message) {
    try {
      this.model.send(message); // queued by the page while the kernel is busy
    } catch (error) {
      console.warn("[psoas-timer] could not report to the kernel:", error);
    }
  }

  announce(text) {
    for (const view of this.views) view.announce(text);
  }

  // -- ticking: frames while visible, an interval behind them -----------------------------------

  startTicking() {
    if (!this.interval) this.interval = setInterval(() => this.tick(), INTERVAL_MS);
    if (!this.frame) {
      const loop = () => {
        this.frame = 0;
        this.tick();
        if (this.session.run.state === core.RUNNING) this.frame = requestAnimationFrame(loop);
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
    if (this.session.run.state === core.RUNNING) {
      if (at - this.plannedAt >= REPLAN_EVERY_S) this.plan(at);
    } else {
      this.stopTicking();
    }
    this.draw(events.length > 0);
  }

  visibilityChanged() {
    if (document.visibilityState === "visible") {
      this.tick();
      if (this.session.run.state === core.RUNNING) {
        this.holdWakeLock(); // a hidden page loses its wake lock
        this.startTicking();
      }
    }
  }

  // -- sound: beeps on the Web Audio clock, planned ahead ---------------------------------------

  unlockAudio() {
    // Before any click on the page a browser refuses sound (and warns): wait for one.
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
    if (this.audio.state === "suspended") this.audio.resume().catch(() => {});
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
    if (!this.soundReady() || this.session.run.state !== core.RUNNING) return;
    // No count-in tick on what is being said or will be.
    const options = { done: this.payload.done_said, wordS: this.wordS };
    const spoken = this.voiceOn()
      ? [...this.said, ...core.speechPlan(this.session.run, this.segments, at, HORIZON_S, options)]
      : [];
    const wanted = new Set();
    for (const beep of core.beepsAhead(this.session.run, this.segments, at, HORIZON_S, spoken)) {
      const key = `${this.planEpoch}:${beep.key}`;
      wanted.add(key);
      if (this.scheduled.has(key)) continue;
      this.scheduled.set(key, { at: beep.at, nodes: this.schedule(beep.tone, beep.at) });
    }
    // A tick planned before the voice was heard to be this slow, that would now fall on speech.
    for (const [key, planned] of this.scheduled) {
      if (planned.at > at && !wanted.has(key) && /:(count|down):/.test(key)) {
        silence(planned.nodes);
        this.scheduled.delete(key);
      }
    }
  }

  beepNow(key, tone, commanded) {
    // A change a command made sounds now; a change that came by itself was planned, unless the
    // sound was off or not yet allowed then.
    if (!this.soundReady()) return;
    const planned = this.scheduled.has(`${this.planEpoch}:${key}`);
    if (commanded || !planned) this.schedule(tone, now());
  }

  schedule(tone, at) {
    const ctx = this.audio;
    const offset = audioOffset(ctx); // performance clock -> audio clock
    const start = Math.max(ctx.currentTime, at + offset);
    const nodes = [];
    for (const note of core.notes(tone)) {
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      const t0 = start + note.start;
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
    // The cues whose moment's tone ended since the last look, each said as the core chooses.
    const from = this.heardUpTo;
    this.heardUpTo = at;
    if (!this.voiceOn()) return;
    for (const cue of core.cues(this.session.run, this.segments, from, at, this.payload.done_said)) {
      const said = core.chooseSaying(cue, { now: at, busyUntil: this.busyUntil(at), wordS: this.wordS });
      if (said) this.say(said);
    }
  }

  busyUntil(at) {
    // Quiet when the browser says so, or long after the estimate if no end event ever came.
    const synth = globalThis.speechSynthesis;
    if ((synth && !synth.speaking && !synth.pending) || at > this.speechEnds + STUCK_S) this.speaking = 0;
    return this.speaking > 0 ? Math.max(this.speechEnds, at + OVERRUN_S) : -Infinity;
  }

  say(said) {
    const utterance = new SpeechSynthesisUtterance(said.text);
    utterance.lang = "en"; // the browser picks its English voice
    let started = null;
    const hushed = this.hushed;
    utterance.onstart = () => {
      started = now();
    };
    const ended = () => {
      if (hushed !== this.hushed) return; // cut by hush(), which counted it already
      this.speaking = Math.max(0, this.speaking - 1);
      if (started !== null) this.wordS = core.learnedPace(this.wordS, said.text, now() - started);
    };
    utterance.onend = ended;
    utterance.onerror = ended;
    this.speaking += 1;
    this.speechEnds = said.end;
    this.said = this.said.filter((u) => u.end > said.start - SAID_KEPT_S).concat([said]);
    globalThis.speechSynthesis.speak(utterance); // after one still speaking, never cutting it
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
        if (this.session.run.state !== core.RUNNING) {
          sentinel.release().catch(() => {});
          this.wakeLock = null;
          return;
        }
        this.wakeLock = sentinel;
        sentinel.addEventListener?.("release", () => {
          if (this.wakeLock === sentinel) this.wakeLock = null;
        });
      },
      () => {
        this.wakeLock = null; // refused (a hidden page, a power-saving mode): the timer goes on
      },
    );
  }

  releaseWakeLock() {
    const sentinel = this.wakeLock;
    this.wakeLock = null;
    if (sentinel && sentinel !== "asking") sentinel.release().catch(() => {});
  }

  // -- drawing ----------------------------------------------------------------------------------

  draw(force = false) {
    if (!this.views.size) return;
    const shown = this.display(now());
    const key = JSON.stringify(shown);
    if (!force && key === this.shown) return;
    this.shown = key;
    for (const view of this.views) view.show(shown);
  }

  display(at) {
    const run = this.session.run;
    const v = core.view(run, at);
    const segment = this.segments[v.index];
    const finished = v.state === core.FINISHED;
    const noticeFromKernel = this.model.get("notice") || "";
    const spentTotal = core.spent(run, at).reduce((a, b) => a + b, 0);
    const beatIndex = finished || !segment ? null : core.beatAt(run, this.segments, at);
    const beat = beatIndex === null ? null : segment.beats[beatIndex];
    return {
      state: v.state,
      index: v.index,
      kind: finished || !segment ? "finished" : segment.kind,
      digits: core.clock(v.remaining),
      stepProgress: v.segmentDuration > 0 ? Math.min(1, Math.max(0, 1 - v.remaining / v.segmentDuration)) : 1,
      progress: v.total > 0 ? Math.min(1, Math.max(0, v.done / v.total)) : 1,
      left: `${core.clock(v.total - v.done)} left of ${core.clock(v.total)}`,
      done: finished ? `Done \u2014 ${core.clock(Math.round(spentTotal))} spent` : "",
      sound: !!this.model.get("sound"),
      voice: !!this.model.get("voice"),
      notice: [this.session.notice, noticeFromKernel, this.voiceNotice()].filter(Boolean).join(" "),
      beat: beat ? { detail: beat.detail, pose: beat.pose } : null, // a move on a beat: side, count, pose
      asking: this.asking,
    };
  }

  voiceNotice() {
    if (!this.model.get("voice")) return "";
    if (this.voices === "unsupported") return "Voice: this browser cannot speak; the timer beeps only.";
    if (this.voices === "none") return "Voice: no voices are installed in this browser; the timer beeps only.";
    return "";
  }
}

// ---------------------------------------------------------------------------------------------
// One view of a timer: the panel, its buttons and keys.
//
// The panel is a box of a fixed height (timer.css): a row for the title, the step (the phase,
// the digits and the step's words beside or over the pose and what comes next), the progress
// bars, the controls, the safety line and a status line. No row's height depends on the words
// shown, so nothing moves when the phase changes; only the step's words are scaled to fit their
// own box (--psoas-fit).

class View {
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
    // as wide as its longest text, "11:18 left of 11:18" (tabular digits: one ch each)
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

    // What comes next, in one box: its words and, where it looks different, its pose.
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
    // one label at a time: going in or out of full screen changes the whole panel anyway
    this.full = labelled("psoas-timer-button psoas-timer-fullscreen", "Full screen");
    this.full.title = "Fill the screen with the timer (Esc to leave)";
    this.onClick(this.full, () => this.toggleFullscreen());
    if (!document.fullscreenEnabled) this.full.hidden = true;
    const toggles = element("div", "psoas-timer-toggles");
    toggles.append(this.sound, this.voice, this.full);
    controls.append(toggles);

    // Asking first (Reset under way): a row over the controls, the same size, so nothing moves.
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

    // The safety line: its first sentence always shows; the rest where there is room (timer.css).
    this.reminder = element("div", "psoas-timer-reminder");
    const [first, ...rest] = String(payload.reminder || "").split(/(?<=[.!?])\s+/);
    this.reminder.append(element("strong", "psoas-timer-reminder-first", `\u26a0 ${first}`));
    if (rest.length) this.reminder.append(" ", element("span", "psoas-timer-reminder-more", rest.join(" ")));
    this.reminder.title = payload.reminder || "";
    this.reminder.setAttribute("role", "note");
    this.notice = element("div", "psoas-timer-notice");
    this.notice.setAttribute("role", "status");
    this.live = element("div", "psoas-timer-live");
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("aria-atomic", "true");

    // The panel inside the box lays the rows out: the box is the container its sizes follow.
    const panel = element("div", "psoas-timer-panel");
    panel.append(head, body, bars, controlsRow, this.reminder, this.notice);
    root.append(panel, this.live);
    root.addEventListener("keydown", (event) => this.key(event));
    root.addEventListener("keyup", (event) => {
      // Space on a button is the timer's start/pause, not the button's own click (on keyup)
      if (event.key === " " && event.target instanceof HTMLButtonElement) event.preventDefault();
    });
    this.onFullscreen = () => {
      const on = document.fullscreenElement === root;
      setText(this.full.firstChild, on ? "Exit full screen" : "Full screen");
      this.fit(true);
    };
    document.addEventListener("fullscreenchange", this.onFullscreen);
    // Notebook 7 reads its shortcuts in the capture phase, before the timer's own handler can
    // stop them (R made the next cell a raw cell, the arrows moved between cells): lumino skips
    // them for an element marked so, tested on the focused element itself, so the timer and
    // each of its buttons carry the mark.
    for (const node of [root, ...root.querySelectorAll("button")]) {
      node.dataset.lmSuppressShortcuts = "true";
    }
    el.append(root);
    this.shownPoses = undefined;
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
    button.addEventListener("click", (event) => {
      action();
      // A click leaves the keys with the timer: Space is start/pause again, not this button
      // (after Skip, Space would skip again). A key's click (Enter) keeps the focus on the
      // button, or on the one that took its place when it disabled itself (see enable).
      if (event.detail > 0 || !this.root.contains(document.activeElement)) this.focusTimer();
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
    // The safe answer takes the focus: Enter keeps going, as does Escape.
    requestAnimationFrame(() => this.confirmNo.focus({ preventScroll: true }));
  }

  fit(resized = false) {
    // Only the step's words, the Next line and a long notice are scaled: each to the
    // largest size at which it fits its own box. Measured a frame after a change, so the change
    // itself shows on time; a new window size or a new exercise looks for the best size afresh,
    // a new step within the same exercise only shrinks the words if they no longer fit.
    if (resized) {
      // a move's two frames side by side in a wide pose box, one over the other in a narrow one
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

  key(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const onButton = event.target instanceof HTMLButtonElement;
    if (event.key === "Escape" && this.runtime.asking) {
      event.preventDefault();
      event.stopPropagation();
      this.runtime.answer(false);
      return;
    }
    if (onButton && event.key === "Enter") return; // the button's own click
    const command = core.commandForKey(event.key); // Space: start/pause, even on a button
    if (!command) return;
    event.preventDefault();
    event.stopPropagation(); // keys on the timer are the timer's, not the notebook's
    this.runtime.press(command);
  }

  toggleFullscreen() {
    if (document.fullscreenElement === this.root) document.exitFullscreen().catch(() => {});
    else this.root.requestFullscreen().catch(() => {});
    this.root.focus({ preventScroll: true });
  }

  announce(text) {
    // Re-set even when unchanged, so a screen reader says a repeated step again.
    this.live.textContent = "";
    this.live.textContent = text;
  }

  show(d) {
    const runtime = this.runtime;
    const segment = runtime.segments[d.index];
    const finished = d.state === core.FINISHED;
    const look = this.model.get("look") || {};
    const phase = (look.phases || {})[d.kind];
    this.root.dataset.phase = d.kind;
    this.root.dataset.state = d.state;
    this.root.style.setProperty("--psoas-phase", phase ? phase.colour : look.paper);
    this.root.style.setProperty("--psoas-phase-ink", phase ? phase.ink : look.ink);

    let word = finished ? "Finished" : phase ? phase.label : "";
    if (d.state === core.PAUSED) word += " \u00b7 Paused";
    if (d.state === core.READY && !finished) word += " \u00b7 Press Start";
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
    b.start.dataset.showing = d.state === core.PAUSED ? "other" : "";
    this.enable({
      start: d.state !== core.RUNNING,
      pause: d.state === core.RUNNING,
      skip: !finished,
      plus: !finished,
      minus: !finished,
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
    // the small figure: the pose's key position (a move's end), words beside it in the Next line
    showFrames(this.nextPose, frames ? frames.slice(-1) : null, { heading: null, labelled: false });
    this.upnext.classList.toggle("psoas-timer-upnext-with-pose", !!frames);
  }
}

function overflows(el) {
  return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
}

// The largest value of `variable` on `root` (MIN_FIT to MAX_FIT, a binary search) at which none
// of `boxes` overflows; `afresh` searches the whole range, else only below the present value.
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

// Seconds to add to a performance.now() time (in seconds) to get the audio clock's time. The
// output timestamp pairs the two clocks at one instant; currentTime alone lags by a render quantum.
function audioOffset(ctx) {
  const stamp = ctx.getOutputTimestamp ? ctx.getOutputTimestamp() : null;
  if (stamp && stamp.performanceTime > 0) return stamp.contextTime - stamp.performanceTime / 1000;
  return ctx.currentTime - now();
}

function silence(oscillators) {
  for (const oscillator of oscillators) {
    try {
      oscillator.disconnect();
    } catch {
      // already ended and disconnected
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
      const percent = Math.round(fraction * 1000) / 10;
      if (percent === shown) return;
      shown = percent;
      fillEl.style.transform = `scaleX(${fraction})`;
      track.setAttribute("aria-valuenow", String(Math.round(percent)));
    },
  };
}

// A button that may show either of two labels, as wide as the wider, so changing its label
// (Start to Resume) moves nothing; data-showing="other" shows the second.
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
  setText(button.firstChild, on ? "\u2713" : "\u2715");
}

// The frames of a pose in `figure`: one for a hold, two for a move (Start, an arrow, End), each
// with its label and caption as text beside the drawing where the figure library gives them
// (or, for a move without labels, Start and End), never smaller than the stylesheet's 12 px.
function showFrames(figure, frames, { heading, labelled }) {
  figure.replaceChildren();
  figure.hidden = !frames || !frames.length;
  if (figure.hidden) return;
  if (heading) figure.append(element("figcaption", "psoas-timer-pose-caption", heading));
  const row = element("div", "psoas-timer-frames");
  const move = frames.length > 1;
  frames.forEach((frame, i) => {
    if (i > 0) {
      const arrow = element("div", "psoas-timer-arrow", "\u2192");
      arrow.setAttribute("aria-hidden", "true");
      row.append(arrow);
    }
    const holder = element("div", "psoas-timer-frame");
    const label = labelled ? frame.label || (move ? (i === 0 ? "Start" : "End") : "") : "";
    if (label) holder.append(element("div", "psoas-timer-frame-label", label));
    const drawing = element("div", "psoas-timer-drawing");
    drawing.setAttribute("role", "img");
    drawing.setAttribute("aria-label", frame.alt);
    drawing.innerHTML = frame.svg; // generated and escaped by the figure library
    // The holder names the figure; the stylesheet sizes it (timer_payload.py sends no size).
    const svg = drawing.querySelector("svg");
    svg?.setAttribute("aria-hidden", "true");
    svg?.setAttribute("preserveAspectRatio", "xMidYMid meet");
    // The drawing's own shape, so its label and caption sit against it, not at the box's ends.
    const shape = svg?.viewBox?.baseVal;
    if (shape && shape.width > 0 && shape.height > 0) drawing.style.aspectRatio = `${shape.width} / ${shape.height}`;
    holder.append(drawing);
    if (labelled && frame.caption) holder.append(element("div", "psoas-timer-frame-caption", frame.caption));
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
    "warn-paper": look.warn_paper,
  };
  for (const [name, value] of Object.entries(colours)) {
    if (value) root.style.setProperty(`--psoas-${name}`, value);
  }
}

// ---------------------------------------------------------------------------------------------
// anywidget calls the default export once for each timer's model: `initialize` once, `render` for
// each view of it. (No module-level `render` export: anywidget would take it over the default.)

function timerWidget() {
  let runtime = null;
  return {
    initialize({ model }) {
      runtime = new Runtime(model);
      return () => runtime.dispose();
    },
    render({ model, el }) {
      runtime ||= new Runtime(model);
      const view = new View(runtime, el);
      runtime.views.add(view);
      runtime.draw(true);
      return () => {
        runtime.views.delete(view);
        view.dispose();
      };
    },
  };
}

export default timerWidget;

/**
 * The same timer on a page without Jupyter (a file opened offline): `model` is anything with
 * anywidget's get, set, on, save_changes and send, holding the widget's synced state; the timer
 * draws in `el`. Returns a function that removes it.
 */
export function mount({ model, el }) {
  const widget = timerWidget();
  const stop = widget.initialize({ model });
  const remove = widget.render({ model, el });
  return () => {
    remove();
    stop();
  };
}
