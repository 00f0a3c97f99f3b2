"""The routine timer widget: a big countdown, the current step and its cue, what comes next,
buttons, progress bars and beeps, driving the pure timer core.

The widget never keeps time itself. One asyncio task on the kernel's running loop wakes at least
every quarter second (and exactly at the next change of the display, so a new segment shows on
time), asks the core for its view, and sends only the widget values that changed. A busy kernel
freezes the task; when it wakes, the core has already moved past the segments that ended, so the
display jumps to the present instead of replaying missed ticks. Buttons call the core and refresh,
whether or not the task runs; without a running loop (plain Python, tests) nothing ticks by
itself and :meth:`RoutineTimer.tick` refreshes from the core on demand.

Only one timer ticks at a time: making a new one (re-running a cell, choosing another routine in
the class view) stops every earlier one.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
import weakref
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..catalog import Catalog, default_catalog
from ..describe import clock as clock_text
from ..describe import duration
from ..errors import one_line
from ..html import Markup, tag
from ..routine import Routine
from ..theme import LAB_INK as INK
from ..theme import LAB_MUTED as MUTED
from ..theme import PHASES, RULE, WARN
from ..timeline import PREPARE, REST, SWITCH, WORK, Segment, Timeline, compile_timeline
from ..timer import State, Timer, TimerEvent, TimerView
from .sound import silence_wav, tone_wav

TICK_S = 0.25  # the longest the task sleeps, so pause/skip from elsewhere show soon
WAKE_LATE_S = 0.002  # wake a hair after a change is due: asyncio may wake a little early
PROGRESS_EVERY_S = 0.25  # the step's bar moves at most 4 times a second; the routine's once
ADJUST_S = 15.0
COUNT_IN = (3, 2, 1)  # seconds before a segment change that tick
REMINDER = "Stop at once on sharp pain."

SOUND_OF = {PREPARE: "rest", WORK: "work", REST: "rest", SWITCH: "switch"}

SIZES = {  # size -> font sizes (em) of each part; a projector is read from across a room
    "normal": {
        "remaining": 6.0,
        "title": 1.3,
        "name": 1.5,
        "cue": 1.2,
        "detail": 1.1,
        "small": 1.0,
        "button": "1em",
        "bar": "1.2em",
        "button_width": "5.5em",
    },
    "projector": {
        "remaining": 12.0,
        "title": 2.2,
        "name": 2.6,
        "cue": 2.0,
        "detail": 1.7,
        "small": 1.5,
        "button": "1.5em",
        "bar": "1.8em",
        "button_width": "7em",
    },
}

# Every timer made and not yet garbage; a new one stops the others.
_TIMERS: weakref.WeakSet[RoutineTimer] = weakref.WeakSet()


def stop_all_timers() -> None:
    """Stop every routine timer: cancel its task and pause it (a run with work is logged)."""
    for timer in list(_TIMERS):
        timer.stop()


def routine_timer(
    routine: Routine | Timeline | str | Path,
    *,
    catalog: Catalog | None = None,
    sound: bool = True,
    size: str = "normal",
    log: Any = None,
    clock: Callable[[], float] = time.monotonic,
) -> RoutineTimer:
    """A timer widget for a routine (a Routine, a ready routine's id, or a routine JSON file).

    ``log`` is a PracticeLog (None: the default one; False: do not log); ``clock`` is injected
    so tests can step time. Every earlier timer stops.
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(map(repr, SIZES))}, got {size!r}")
    catalog = catalog or default_catalog()
    timeline = _timeline(routine, catalog)
    stop_all_timers()
    timer = RoutineTimer(timeline, catalog=catalog, sound=sound, size=size, log=log, clock=clock)
    _TIMERS.add(timer)
    return timer


def _timeline(routine: Any, catalog: Catalog) -> Timeline:
    if isinstance(routine, Timeline):
        return routine
    return compile_timeline(catalog.resolve_routine(routine), catalog)


def reminder_line(catalog: Catalog) -> str:
    """The shortest sentence of the lesson's guidance that mentions sharp pain, if any."""
    guidance = catalog.guidance
    texts = [guidance.safety_notice, *(g.text for g in guidance.guidelines)]
    sentences = [s.strip() for text in texts for s in re.split(r"(?<=[.!?])\s+", text)]
    found = [s for s in sentences if "sharp" in s.lower()]
    return min(found, key=len) if found else ""


class RoutineTimer(widgets.VBox):
    """The routine timer: countdown, step, next, progress, buttons and sound over a Timer core."""

    def __init__(
        self,
        timeline: Timeline,
        *,
        catalog: Catalog,
        sound: bool = True,
        size: str = "normal",
        log: Any = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.timeline = timeline
        self.name = timeline.name or "Routine"
        self.core = Timer(timeline, clock=clock)
        self.size = size
        self.messages_sent = 0
        self.cues: list[tuple[str, int]] = []
        self.notices: list[str] = []
        self._clock = clock
        self._fonts = SIZES[size]
        self._log = log
        self._task: asyncio.Task | None = None
        try:
            self._loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            self._loop = None
        self._events: list[TimerEvent] = []
        self.core.on_event(self._events.append)
        self._new_run()

        parts = self._build(catalog, sound)
        super().__init__(
            children=parts,
            layout=widgets.Layout(
                width="100%" if size == "projector" else "auto",
                max_width="100%",
                padding="0.4em 0.8em",
                border=f"1px solid {RULE}",
            ),
        )
        self.add_class("psoas-timer")
        if size == "projector":
            self.add_class("psoas-timer-projector")
        self.messages_sent = 0  # building the widget is not running it
        self._refresh(force=True)
        self.messages_sent = 0

    # -- what a notebook shows ------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"RoutineTimer({self.name!r}, {clock_text(self.timeline.total_s)})"

    @property
    def sound(self) -> bool:
        return bool(self.sound_toggle.value)

    @sound.setter
    def sound(self, on: bool) -> None:
        self.sound_toggle.value = bool(on)

    @property
    def exercises_done(self) -> tuple[str, ...]:
        """Ids of the exercises with at least one work period run to its end."""
        return tuple(self.core.exercises_done())

    @property
    def spent_s(self) -> float:
        """Seconds actually run (work, rest, switches; not pauses, not what was skipped)."""
        return sum(self.core.spent_s())

    @property
    def running(self) -> bool:
        """Whether the ticking task is alive."""
        return self._task is not None and not self._task.done()

    # -- the parts ------------------------------------------------------------------------------

    def _build(self, catalog: Catalog, sound: bool) -> list[widgets.Widget]:
        f = self._fonts
        self.title = widgets.HTML(
            tag(
                "div",
                self.name,
                " ",
                tag(
                    "span",
                    f"({clock_text(self.timeline.total_s)})",
                    style=f"color: {MUTED}; font-weight: normal",
                ),
                style=f"font-size: {f['title']}em; font-weight: 600; line-height: 1.3",
            )
        )
        self.title.add_class("psoas-timer-title")
        # An HTML widget, not a Label: a Label keeps a one-line height and cuts big digits off.
        self.remaining = widgets.HTML()
        self.remaining.add_class("psoas-timer-remaining")
        self.step = widgets.HTML()
        self.step.add_class("psoas-timer-step")
        self.next = widgets.HTML()
        self.next.add_class("psoas-timer-next")

        def bar(style: str) -> widgets.FloatProgress:
            return widgets.FloatProgress(
                value=0.0,
                min=0.0,
                max=100.0,
                bar_style=style,
                layout=widgets.Layout(width="100%", flex="1 1 auto", height=f["bar"]),
            )

        def label(words: str) -> widgets.HTML:
            return widgets.HTML(
                tag("span", words, style=f"font-size: {f['small']}em; white-space: nowrap"),
                layout=widgets.Layout(width=f"{6 * f['small']}em", flex="0 0 auto"),
            )

        self.segment_bar = bar("success")
        self.segment_bar.add_class("psoas-timer-segment-progress")
        self.progress = bar("info")
        self.progress.add_class("psoas-timer-progress")
        self.total = widgets.HTML(layout=widgets.Layout(flex="0 0 auto", margin="0 0 0 0.6em"))
        self.total.add_class("psoas-timer-total")
        bars = widgets.VBox(
            [
                widgets.HBox(
                    [label("This step"), self.segment_bar],
                    layout=widgets.Layout(align_items="center"),
                ),
                widgets.HBox(
                    [label("Routine"), self.progress, self.total],
                    layout=widgets.Layout(align_items="center"),
                ),
            ],
            layout=widgets.Layout(width="100%"),
        )

        self.buttons: dict[str, widgets.Button] = {}
        row = []
        for key, text, tip, action in (
            ("start", "Start", "Start, or resume when paused", self._press_start),
            ("pause", "Pause", "Pause; Start resumes", self.core.pause),
            ("back", "Back", "Back to the start of this step, or the one before", self.core.back),
            ("skip", "Skip", "Skip to the next step", self.core.skip),
            (
                "minus",
                "\u221215 s",
                "Take 15 seconds off this step",
                lambda: self.core.adjust(-ADJUST_S),
            ),
            ("plus", "+15 s", "Add 15 seconds to this step", lambda: self.core.adjust(ADJUST_S)),
            ("reset", "Reset", "Back to the beginning", self._press_reset),
        ):
            button = widgets.Button(
                description=text,
                tooltip=tip,
                layout=widgets.Layout(
                    width="auto", min_width=f["button_width"], height="auto", padding="0.2em 0.8em"
                ),
            )
            button.style.font_size = f["button"]
            button.add_class(f"psoas-timer-{key}")
            button.on_click(self._command(action))
            self.buttons[key] = button
            row.append(button)
        self.buttons["start"].button_style = "primary"
        self.start_button = self.buttons["start"]

        self.sound_toggle = widgets.ToggleButton(
            value=bool(sound),
            description="Sound",
            icon="volume-up" if sound else "volume-off",
            tooltip="Beeps at each change and 3-2-1 before it",
            layout=widgets.Layout(
                width="auto",
                min_width=f["button_width"],
                height="auto",
                padding="0.2em 0.8em",
                margin="2px 2px 2px 1em",
            ),
        )
        self.sound_toggle.style.font_size = f["button"]
        self.sound_toggle.add_class("psoas-timer-sound")
        self.sound_toggle.observe(self._sound_switched, names="value")
        controls = widgets.HBox(
            row + [self.sound_toggle],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )

        extra = reminder_line(catalog)
        self.reminder = widgets.HTML(
            tag(
                "div",
                tag("strong", "\u26a0 " + REMINDER),
                " ",
                extra if extra != REMINDER else "",
                role="note",
                style=f"color: {INK}; border-left: 5px solid {WARN}; padding: 0.2em 0.6em; "
                "margin: 0.3em 0; line-height: 1.4; white-space: normal; font-size: "
                f"{f['small']}em",
            )
        )
        self.reminder.add_class("psoas-timer-reminder")
        self.done = widgets.HTML()
        self.done.add_class("psoas-timer-done")
        self.notice = widgets.HTML()
        self.notice.add_class("psoas-timer-notice")

        # Hidden player: a new value plays once (autoplay, no loop); no controls, no space taken.
        self.audio = widgets.Audio(
            value=silence_wav(),
            format="wav",
            autoplay=True,
            loop=False,
            controls=False,
            layout=widgets.Layout(width="0px", height="0px", visibility="hidden", margin="0"),
        )
        self.audio.add_class("psoas-timer-audio")
        self._plays = 0
        return [
            self.title,
            self.remaining,
            self.done,
            self.step,
            self.next,
            bars,
            controls,
            self.reminder,
            self.notice,
            self.audio,
        ]

    # -- commands -------------------------------------------------------------------------------

    def _command(self, action: Callable[[], None]) -> Callable[[Any], None]:
        def on_click(_button: Any) -> None:
            try:
                action()
            except Exception as error:  # noqa: BLE001 - a click must never break the widget
                self._show_notice(f"Something went wrong: {one_line(error)}")
            self._after_command()

        return on_click

    def _press_start(self) -> None:
        state = self.core.state
        if state is State.FINISHED:
            self.core.reset()
            self._new_run()
            state = State.READY
        if state is State.READY:
            self._started_at = datetime.now()
        for other in list(_TIMERS):  # only one timer ticks: starting this one stops the rest
            if other is not self:
                other.stop()
        self._set(
            self.notice, "value", ""
        )  # an old notice ("a newer timer took over") is stale now
        self.core.start()

    def _press_reset(self) -> None:
        self._record(completed=False)
        self.core.reset()
        self._new_run()

    def _after_command(self) -> None:
        self._refresh(force=True)
        if self.core.state is State.RUNNING:
            self._ensure_task()

    def start(self) -> None:
        """Press Start."""
        self.start_button.click()

    def pause(self) -> None:
        """Press Pause."""
        self.buttons["pause"].click()

    def stop(self, notice: str = "Paused: a newer timer took over.") -> None:
        """Stop ticking and pause; a run with some work done is logged."""
        self._cancel_task()
        if self.core.state is State.RUNNING:
            self.core.pause()
            self._show_notice(notice)
        self._record(completed=False)
        self._refresh(force=True)

    def close(self) -> None:
        """Stop ticking and close the widget and its view."""
        try:
            self._cancel_task()
        except Exception:  # noqa: BLE001 - close also runs from __del__, maybe at interpreter exit
            pass
        _TIMERS.discard(self)
        super().close()

    # -- the ticking task -----------------------------------------------------------------------

    def _ensure_task(self) -> None:
        if self.running:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is not None:
            self._loop = loop
            self._task = loop.create_task(self._run())
            return
        # Called from another thread while the kernel's loop runs: hand the start to that loop.
        if self._loop is not None and self._loop.is_running() and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._ensure_task)

    def _cancel_task(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()

    async def _run(self) -> None:
        while True:
            try:
                self.tick()
                if self.core.state is not State.RUNNING:
                    break
                wait = self._sleep_s()
            except Exception as error:  # noqa: BLE001 - the loop must survive; say what went wrong
                self._show_notice(f"Timer problem: {one_line(error)}")
                wait = TICK_S
            await asyncio.sleep(wait)
        if self._task is asyncio.current_task():
            self._task = None

    def _sleep_s(self) -> float:
        """Until the countdown's digits next change (a segment end is one), at most TICK_S."""
        left = self.core.remaining_s()
        to_change = left - math.floor(left)
        if to_change <= 0:
            to_change = 1.0
        return max(WAKE_LATE_S, min(TICK_S, to_change + WAKE_LATE_S))

    def tick(self) -> TimerView:
        """Bring the display up to the core's present state (what the task does on each wake)."""
        return self._refresh()

    # -- refreshing -----------------------------------------------------------------------------

    def _new_run(self) -> None:
        self._started_at: datetime | None = None
        self._recorded = False
        self._counted: set[int] = set()
        self._progress_at = -math.inf

    def _refresh(self, force: bool = False) -> TimerView:
        self.core.update()  # queries have no side effects: events fire here
        view = self.core.view()
        events, self._events[:] = list(self._events), []
        self._handle_events(events, view)
        self._count_in(view, changed=any(e.kind in ("segment", "start") for e in events))
        self._show(view, force or bool(events))
        return view

    def _handle_events(self, events: list[TimerEvent], view: TimerView) -> None:
        if any(e.kind == "reset" for e in events):
            self._new_run()
        kinds = [e.kind for e in events]
        if "finish" in kinds:
            self._play("done", view.index)
            self._record(completed=self._completed())
        elif "segment" in kinds and view.state is State.RUNNING and view.segment is not None:
            # After a frozen kernel several segments may have ended: only the present one sounds.
            self._play(SOUND_OF.get(view.segment.kind, "work"), view.index)

    def _count_in(self, view: TimerView, changed: bool) -> None:
        """The 3-2-1 ticks before each segment change, once each, only the latest if late."""
        left = view.remaining_s
        self._counted = {k for k in self._counted if left <= k}  # +15 s re-arms them
        due = [
            k for k in COUNT_IN if left <= k < view.segment_duration_s and k not in self._counted
        ]
        if not due:
            return
        self._counted.update(due)
        if view.state is State.RUNNING and not changed and left > 0:
            self._play("count", min(due))

    def _completed(self) -> bool:
        wanted = {s.exercise for s in self.timeline.segments if s.kind == WORK and s.exercise}
        return self.core.state is State.FINISHED and wanted <= set(self.core.exercises_done())

    def _show(self, view: TimerView, force: bool) -> None:
        f = self._fonts
        self._set(
            self.remaining,
            "value",
            tag(
                "div",
                clock_text(view.remaining_s),
                style=(
                    f"font-size: {f['remaining']}em; font-weight: 700; line-height: 1.15; "
                    "font-variant-numeric: tabular-nums; white-space: nowrap; "
                    f"color: {MUTED if view.state is State.PAUSED else INK}; "
                    "padding: 0.05em 0; letter-spacing: 0.02em"
                ),
            ),
        )
        finished = view.state is State.FINISHED
        self._set(self.step, "value", self._step_html(view.segment, finished))
        self._set(
            self.next,
            "value",
            tag(
                "div",
                "" if finished else _next_text(view.next_segment),
                style=f"font-size: {f['detail']}em; line-height: 1.4",
            ),
        )
        self._set(self.done, "value", self._done_html() if finished else "")
        now = self._clock()
        if force or now - self._progress_at >= PROGRESS_EVERY_S:
            self._progress_at = now
            self._set(self.segment_bar, "value", float(round(100 * view.segment_progress)))
        total = tag(
            "span",
            f"{clock_text(view.total_s - view.done_s)} left of {clock_text(view.total_s)}",
            style="white-space: nowrap; font-variant-numeric: tabular-nums; "
            f"font-size: {f['small']}em",
        )
        if force or total != self.total.value:
            # The whole routine's bar moves with its clock, once a second: plenty for minutes.
            self._set(self.total, "value", total)
            self._set(self.progress, "value", float(round(100 * view.progress)))
        self._show_buttons(view.state)

    def _show_buttons(self, state: State) -> None:
        b = self.buttons
        self._set(b["start"], "description", "Resume" if state is State.PAUSED else "Start")
        self._set(b["start"], "disabled", state is State.RUNNING)
        self._set(b["pause"], "disabled", state is not State.RUNNING)
        for key in ("skip", "plus", "minus"):
            self._set(b[key], "disabled", state is State.FINISHED)

    def _step_html(self, segment: Segment | None, finished: bool) -> Markup:
        f = self._fonts
        if finished:
            return tag(
                "div",
                tag(
                    "div",
                    "Finished: ",
                    self.name,
                    style=f"font-size: {f['name']}em; font-weight: 600; line-height: 1.3",
                ),
            )
        if segment is None:
            return tag("div", "This routine has no exercises.")
        look = PHASES[segment.kind]
        label, colour, ink = look.label, look.colour, look.ink
        badge = tag(
            "span",
            label,
            style=(
                f"background: {colour}; color: {ink}; border-radius: 0.3em; padding: 0 0.4em; "
                "margin-right: 0.5em; font-size: 0.7em; vertical-align: middle; font-weight: 600"
            ),
        )
        title = segment.name or label
        return tag(
            "div",
            tag(
                "div",
                badge,
                " ",
                title,
                style=f"font-size: {f['name']}em; font-weight: 600; line-height: 1.3; color: {INK}",
            ),
            tag(
                "div",
                segment.cue,
                style=f"font-size: {f['cue']}em; line-height: 1.35; color: {INK}",
            ),
            tag(
                "div",
                _detail_text(segment),
                style=f"font-size: {f['detail']}em; color: {MUTED}; "
                "line-height: 1.4; min-height: 1.4em",
            ),
            style="margin: 0.2em 0; white-space: normal",
        )

    def _done_html(self) -> Markup:
        # rounded to the nearest second: clock_text rounds up, which suits only countdowns
        return tag(
            "div",
            f"Done \u2014 {clock_text(round(self.spent_s))} spent",
            style=f"font-size: {self._fonts['cue']}em; font-weight: 700; color: {INK}; "
            "border-left: 6px solid #009E73; padding: 0 0.5em; margin: 0.3em 0; line-height: 1.4",
        )

    def _set(self, widget: widgets.Widget, name: str, value: Any) -> None:
        """Assign a trait only when the value changes: each change is one message to the browser."""
        if getattr(widget, name) != value:
            setattr(widget, name, value)
            self.messages_sent += 1

    def _show_notice(self, text: str) -> None:
        self.notices.append(text)
        try:
            self._set(
                self.notice,
                "value",
                tag(
                    "div",
                    text,
                    role="status",
                    style=(
                        f"color: {WARN}; font-size: 0.9em; line-height: 1.4; white-space: nowrap; "
                        "overflow: hidden; text-overflow: ellipsis"
                    ),
                ),
            )
        except Exception:  # noqa: BLE001 - the notice line is the last resort; never raise from it
            pass

    # -- sound ----------------------------------------------------------------------------------

    def _sound_switched(self, change: dict) -> None:
        self._set(self.sound_toggle, "icon", "volume-up" if change["new"] else "volume-off")

    def _play(self, kind: str, index: int) -> None:
        if not self.sound:
            return
        self.cues.append((kind, index))
        # Alternate between two encodings of the beep: an unchanged value would not play again.
        self._plays += 1
        self._set(self.audio, "value", tone_wav(kind, pad_frames=self._plays % 2))

    # -- the practice log -----------------------------------------------------------------------

    def _record(self, completed: bool) -> None:
        """Log this run once, if some work was done and logging is on."""
        if self._log is False or self._recorded or self.core.work_done_s() <= 0:
            return
        self._recorded = True
        try:
            from ..practice import PracticeLog, Session
        except ImportError:
            return
        try:
            if self._log is None:
                self._log = PracticeLog()
            session = Session(
                started_at=self._started_at or datetime.now(),
                routine=self.name,
                exercises=self.exercises_done,
                seconds_done=round(self.spent_s, 1),
                completed=completed,
            )
            saved = self._log.record(session)
        except Exception as error:  # noqa: BLE001 - logging must never stop the timer
            self._show_notice(f"Could not save to the practice log: {one_line(error)}")
            return
        if saved is False:
            reason = getattr(self._log, "last_error", None) or "unknown problem"
            self._show_notice(f"Could not save to the practice log: {one_line(reason)}")


def _detail_text(segment: Segment | None) -> str:
    if segment is None:
        return ""
    side = segment.side
    if segment.kind == WORK:
        where = "" if side in (None, "both") else f"{side.capitalize()} side \u00b7 "
        return (
            f"{where}Rep {segment.rep} of {segment.of}"
            if segment.rep and segment.of
            else where.rstrip(" \u00b7")
        )
    if segment.kind == SWITCH and side:
        return f"Next: the {side} side"
    if segment.kind == PREPARE and side:
        return "Both sides" if side == "both" else f"{side.capitalize()} side first"
    return ""


def _next_text(segment: Segment | None) -> str:
    if segment is None:
        return "Next: the end"
    label = segment.kind.label
    if segment.kind == WORK:
        where = "" if segment.side in (None, "both") else f", {segment.side} side"
        what = f"{segment.name}{where}"
    elif segment.kind == SWITCH:
        what = segment.cue
    elif segment.kind == PREPARE:
        what = f"{label}: {segment.name}"
    else:
        what = label
    return f"Next: {what} ({duration(segment.duration_s)})"
