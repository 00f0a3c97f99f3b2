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
const MIN_FIT = 0.4; // a box that fills the screen scales its words between these
const MAX_FIT = 2;
const REGISTRY = Symbol.for("psoas-lesson.timers"); // every timer in this page, to run one at a time

const BUTTONS = [
  ["start", "Start", "Start, or resume when paused (Space)"],
  ["pause", "Pause", "Pause; Start resumes (Space)"],
  ["back", "Back", "Back to the start of this step, or the one before (\u2190)"],
  ["skip", "Skip", "Skip to the next step (\u2192)"],
  ["minus", `\u2212${core.ADJUST_S} s`, `Take ${core.ADJUST_S} seconds off this step (\u2212)`],
  ["plus", `+${core.ADJUST_S} s`, `Add ${core.ADJUST_S} seconds to this step (+)`],
  ["reset", "Reset", "Back to the beginning (R)"],
];

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
    this.session = core.newSession(this.segments.map((s) => s.duration_s), runId());
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
    this.registry.delete(this);
  }

  // -- commands: from a button, a key, another timer, the kernel or a tick ----------------------

  press(kind) {
    const at = now(); // the press, not after the audio below has started (that takes a while)
    // Inside the click or key handler: the one moment a browser lets a page start sound.
    if (kind === "start" || (kind === "toggle" && this.session.run.state !== core.RUNNING)) {
      this.unlockAudio();
    }
    this.command(kind, at);
  }

  command(command, at = now()) {
    const ticked = command === "update";
    const moment = { now: at, wallMs: wallMsAt(at), nextRunId: this.nextRunId };
    const { session, events, messages } = core.handle(this.session, command, moment);
    this.session = session;
    if (command.kind === "stop") this.hush(); // another timer started: it speaks now
    if (session.runId === this.nextRunId) this.nextRunId = runId();
    for (const message of messages) this.send(message);
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

class View {
  constructor(runtime, el) {
    this.runtime = runtime;
    this.model = runtime.model;
    const payload = runtime.payload;
    const size = this.model.get("size") || "normal";
    const frames = this.model.get("pose_frames") || {};
    this.frames = frames;

    const root = element("div", `psoas-timer psoas-timer-${size}`);
    if (size === "projector") root.classList.add("psoas-timer-fill");
    if (Object.keys(frames).length) root.classList.add("psoas-timer-with-poses");
    root.tabIndex = 0;
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", `Routine timer: ${payload.name}`);
    applyLook(root, this.model.get("look") || {});
    this.root = root;

    const head = element("div", "psoas-timer-head");
    this.title = element("div", "psoas-timer-title", `${payload.name} (${payload.total_text})`);
    this.total = element("div", "psoas-timer-total");
    head.append(this.title, this.total);

    const info = element("div", "psoas-timer-info");
    this.phase = element("div", "psoas-timer-phase");
    this.remaining = element("div", "psoas-timer-remaining");
    this.remaining.setAttribute("role", "timer");
    this.step = element("div", "psoas-timer-step");
    this.name = element("div", "psoas-timer-name");
    this.detail = element("div", "psoas-timer-detail");
    this.cue = element("div", "psoas-timer-cue");
    this.step.append(this.name, this.detail, this.cue);
    this.done = element("div", "psoas-timer-done");
    this.next = element("div", "psoas-timer-next");
    info.append(this.phase, this.remaining, this.step, this.done, this.next);

    this.poses = element("div", "psoas-timer-poses");
    this.pose = element("figure", "psoas-timer-pose");
    this.nextPose = element("figure", "psoas-timer-next-pose");
    this.poses.append(this.pose, this.nextPose);

    const body = element("div", "psoas-timer-body");
    body.append(info, this.poses);
    this.body = body;
    this.info = info;

    const bars = element("div", "psoas-timer-bars");
    this.stepBar = bar("psoas-timer-segment-progress", "This step");
    this.routineBar = bar("psoas-timer-progress", "Routine");
    bars.append(this.stepBar.row, this.routineBar.row);

    const controls = element("div", "psoas-timer-controls");
    this.buttons = {};
    for (const [key, text, tip] of BUTTONS) {
      const button = element("button", `psoas-timer-button psoas-timer-${key}`, text);
      button.type = "button";
      button.title = tip;
      button.addEventListener("click", () => runtime.press(key));
      this.buttons[key] = button;
      controls.append(button);
    }
    this.sound = toggle("psoas-timer-sound", "Sound", "Beeps: 3-2-1 before each change, a tone at it");
    this.sound.addEventListener("click", () => {
      const on = !this.model.get("sound");
      this.model.set("sound", on);
      this.model.save_changes();
      if (on) runtime.unlockAudio();
      runtime.soundChanged();
    });
    this.voice = toggle("psoas-timer-voice", "Voice", "Spoken cues: the step and side at each change");
    this.voice.addEventListener("click", () => {
      const on = !this.model.get("voice");
      this.model.set("voice", on);
      this.model.save_changes();
      if (!on) globalThis.speechSynthesis?.cancel();
      runtime.draw(true);
    });
    this.full = element("button", "psoas-timer-button psoas-timer-fullscreen", "Full screen");
    this.full.type = "button";
    this.full.title = "Fill the screen with the timer (Esc to leave)";
    this.full.addEventListener("click", () => this.toggleFullscreen());
    if (!document.fullscreenEnabled) this.full.hidden = true;
    const toggles = element("div", "psoas-timer-toggles");
    toggles.append(this.sound, this.voice, this.full);
    controls.append(toggles);

    this.reminder = element("div", "psoas-timer-reminder", `\u26a0 ${payload.reminder}`);
    this.reminder.setAttribute("role", "note");
    this.notice = element("div", "psoas-timer-notice");
    this.notice.setAttribute("role", "status");
    this.live = element("div", "psoas-timer-live");
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("aria-atomic", "true");

    root.append(head, body, bars, controls, this.reminder, this.notice, this.live);
    root.addEventListener("keydown", (event) => this.key(event));
    this.onFullscreen = () => {
      const on = document.fullscreenElement === root;
      setText(this.full, on ? "Exit full screen" : "Full screen");
      this.fit(true);
    };
    document.addEventListener("fullscreenchange", this.onFullscreen);
    el.append(root);
    this.shownPose = undefined;
    this.fittedName = null;
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

  fills() {
    return this.root.classList.contains("psoas-timer-fill") || document.fullscreenElement === this.root;
  }

  overflows() {
    const { root, body, info } = this;
    return (
      root.scrollHeight > root.clientHeight + 1 ||
      body.scrollHeight > body.clientHeight + 1 ||
      info.scrollWidth > info.clientWidth + 1
    );
  }

  fit(resized = false) {
    // Where the timer fills a box, size every part together to the largest scale at which
    // nothing spills out: big digits on a projector, everything still on screen in a small
    // window or with a long name. Measured a frame after a change, so the change itself shows
    // on time; a new window size or a new exercise looks for the best scale afresh, a new step
    // only shrinks the words if they no longer fit.
    if (!this.fills() && !this.root.style.getPropertyValue("--psoas-fit")) return;
    const name = this.name.textContent;
    if (!resized && name === this.fittedName && !this.overflows()) return;
    const afresh = resized || name !== this.fittedName;
    this.fittedName = name;
    cancelAnimationFrame(this.fitting);
    this.fitting = requestAnimationFrame(() => this.search(afresh));
  }

  search(afresh) {
    const scale = (value) => this.root.style.setProperty("--psoas-fit", value.toFixed(3));
    if (!this.fills()) {
      this.root.style.removeProperty("--psoas-fit");
      return;
    }
    const current = Number(this.root.style.getPropertyValue("--psoas-fit")) || 1;
    let [low, high] = afresh ? [MIN_FIT, MAX_FIT] : [MIN_FIT, current];
    scale(high);
    if (!this.overflows()) return;
    for (let i = 0; i < 7; i++) {
      const middle = (low + high) / 2;
      scale(middle);
      if (this.overflows()) high = middle;
      else low = middle;
    }
    scale(low);
  }

  key(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const onButton = event.target instanceof HTMLButtonElement;
    if (onButton && (event.key === " " || event.key === "Enter")) return; // the button's own click
    const command = core.commandForKey(event.key);
    if (!command) return;
    event.preventDefault();
    event.stopPropagation(); // keys on the timer are the timer's, not the notebook's
    this.runtime.press(command);
  }

  toggleFullscreen() {
    if (document.fullscreenElement === this.root) document.exitFullscreen().catch(() => {});
    else this.root.requestFullscreen().catch(() => {});
    this.root.focus();
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
    setText(b.start, d.state === core.PAUSED ? "Resume" : "Start");
    b.start.disabled = d.state === core.RUNNING;
    b.pause.disabled = d.state !== core.RUNNING;
    for (const key of ["skip", "plus", "minus"]) b[key].disabled = finished;
    pressed(this.sound, d.sound);
    pressed(this.voice, d.voice);
    setText(this.notice, d.notice);
    this.fit();
  }

  showPoses(segment) {
    const pose = segment ? segment.pose : null;
    const next = segment ? segment.next_pose : null;
    if (pose === this.shownPose && next === this.shownNext) return;
    this.shownPose = pose;
    this.shownNext = next;
    fill(this.pose, this.frames[pose], null);
    fill(this.nextPose, this.frames[next], "Next");
  }
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

function fill(figure, frames, caption) {
  figure.replaceChildren();
  figure.hidden = !frames || !frames.length;
  if (figure.hidden) return;
  if (caption) figure.append(element("figcaption", "psoas-timer-pose-caption", caption));
  const row = element("div", "psoas-timer-frames");
  for (const frame of frames) {
    const holder = element("div", "psoas-timer-frame");
    holder.setAttribute("role", "img");
    holder.setAttribute("aria-label", frame.alt);
    holder.innerHTML = frame.svg; // generated and escaped by the figure library
    // The holder names the figure; the stylesheet sizes it (timer_payload.py sends no size).
    holder.querySelector("svg")?.setAttribute("aria-hidden", "true");
    row.append(holder);
  }
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
