"""The routine timer widget: the countdown runs in the page; the kernel only sends and listens.

An anywidget. The kernel sends the compiled timeline once (``payload``: every text the page
shows and says; ``look``: the colours; ``pose_frames``: the pose figures; :mod:`.timer_payload`),
then commands as synced state (``start()``,
``pause()``, a newer timer's ``stop``). The page (``timer.js`` over the pure ``timer_core.js``,
the twin of the Python core in ``psoas_lesson/timer.py``) keeps time from one deadline on
``performance.now()``, draws, beeps on the Web Audio clock, speaks and holds a wake lock by
itself, so a busy, interrupted or restarting kernel cannot freeze it.

What happens in the page comes back as events (a segment begins, the run pauses, finishes, is
reset or stopped part-way), each with an id: when the kernel is busy they wait and arrive later,
and each is handled once. The kernel mirrors the page's state from them and writes the practice
log, once per run. Both directions of this protocol are defined once, in ``timer_core.js`` ("The
page and the kernel"); :func:`page_event` checks what arrives.

One timer at a time: making a new one (re-running a cell, choosing another routine in the class
view) stops every earlier one, here; a timer started in its page stops the others on that page,
there (``takenOver`` in ``timer_core.js``).
"""

from __future__ import annotations

import math
import re
import weakref
from datetime import datetime
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..catalog import Catalog, default_catalog
from ..describe import clock as clock_text
from ..describe import duration
from ..displays import Display, routine_summary
from ..errors import one_line
from ..figures import figure_img
from ..html import Markup, tag
from ..routine import Routine
from ..theme import MUTED
from ..timeline import WORK, Timeline, compile_timeline
from ..timer import EventKind, State, exercises_done
from .standin import StandIn, make_stand_in
from .timer_payload import Figures, lesson_figures, no_figures, page_state, pose_key

HERE = Path(__file__).parent
# normal: a notebook panel; projector: a taller one; fill: the whole height of the element it is
# put in (the class view, a page of its own)
SIZES = ("normal", "projector", "fill")
TAKEN_OVER = "Paused: a newer timer took over."
# "stop": stopped part-way (logged); "restore": a reloaded page picked the run up (timer_core.js)
PAGE_EVENTS = {kind.value for kind in EventKind} | {"stop", "restore"}
# timer.js with timer_core.js built in, one module without imports: anywidget imports the page's
# code from a blob: URL, where a relative import cannot be resolved. `make bundle` builds it.
PAGE_MODULE = HERE / "timer.bundle.js"
FIGURE_PX = 110  # a figure's width in the stand-in (each some 14 kB: a row of them, not a page)
_CAPTION = f"color: {MUTED}; font-size: 0.85em; line-height: 1.3"


# Every timer that may be running; a new one stops them. Weak: a closed timer may go.
_TIMERS: weakref.WeakSet[RoutineTimer] = weakref.WeakSet()


def stop_all_timers(notice: str = TAKEN_OVER) -> None:
    """Stop every routine timer's page: a running one pauses and says why; its run is logged."""
    for timer in list(_TIMERS):
        timer.stop(notice)


def routine_timer(
    routine: Routine | Timeline | str | Path,
    *,
    catalog: Catalog | None = None,
    sound: bool = True,
    voice: bool = True,
    size: str = "normal",
    log: Any = None,
    figures: Figures | None = None,
) -> RoutineTimer:
    """A timer widget for a routine (a Routine, a ready routine's id, or a routine JSON file).

    ``size``: ``"normal"`` (a panel that fits a laptop screen in a notebook), ``"projector"``
    (taller) or ``"fill"`` (the whole height of the element it is shown in: the class view, a
    page of its own). ``log`` is a PracticeLog (None: the default one; False: do not log).
    ``figures`` draws the pose figures, ``(exercise_id, side) -> [{"svg", "alt"}, ...]``, each
    frame with an optional ``"label"`` and ``"caption"`` shown as text beside it (None: the
    lesson's own, from data/poses.yaml; ``no_figures``: none). Every earlier timer stops.
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(map(repr, SIZES))}, got {size!r}")
    catalog = catalog or default_catalog()
    if isinstance(routine, Timeline):
        resolved, timeline = None, routine
    else:
        resolved = catalog.resolve_routine(routine)
        timeline = compile_timeline(resolved, catalog)
    stop_all_timers()
    timer = RoutineTimer(
        timeline, catalog=catalog, figures=_figure_provider(figures, catalog), log=log,
        routine=resolved, sound=sound, voice=voice, size=size,
    )  # fmt: skip
    _TIMERS.add(timer)
    return timer


def _figure_provider(figures: Figures | None, catalog: Catalog) -> Figures:
    return lesson_figures(catalog) if figures is None else figures


class RoutineTimer(StandIn, anywidget.AnyWidget):
    """The routine timer: a page that keeps time, over a kernel that sends commands and logs."""

    _esm = PAGE_MODULE  # a path: anywidget reads it, and with ANYWIDGET_HMR=1 reloads it live
    _css = HERE / "timer.css"

    payload = traitlets.Dict().tag(sync=True)  # sent once: segments, texts, poses
    pose_frames = traitlets.Dict().tag(sync=True)  # pose key -> frames, each once
    look = traitlets.Dict().tag(sync=True)  # the theme's colours
    size = traitlets.Unicode("normal").tag(sync=True)
    sound = traitlets.Bool(True).tag(sync=True)
    voice = traitlets.Bool(True).tag(sync=True)
    command = traitlets.Dict({"id": 0, "kind": ""}).tag(sync=True)  # kernel -> page
    command_done = traitlets.Int(0).tag(sync=True)  # page -> kernel: the last id it applied
    notice = traitlets.Unicode("").tag(sync=True)  # what the kernel has to say (the log failed)

    def __init__(
        self,
        timeline: Timeline,
        *,
        catalog: Catalog,
        figures: Figures = no_figures,
        log: Any = None,
        routine: Routine | None = None,
        **options: Any,
    ):
        super().__init__(**page_state(timeline, catalog, figures), **options)
        self.timeline = timeline
        self.catalog = catalog
        self.routine = routine  # what the timeline was compiled from, if known: its plan
        self.name = timeline.name or "Routine"
        self._log = log
        self._seen: set[str] = set()  # event ids handled: a late or repeated one is ignored
        self._logged: set[str] = set()  # runs written to the practice log
        self._last: dict[str, Any] | None = None  # the page's latest event
        self.add_class("psoas-timer-widget")
        self.on_msg(self._on_page_message)

    def __repr__(self) -> str:
        return f"RoutineTimer({self.name!r}, {clock_text(self.timeline.total_s)})"

    def stand_in(self) -> Display:
        """The routine's plan (each exercise with its dose, the total) and a figure of each
        exercise, from the figures the page shows. The display data is one dict, as every
        ipywidget's (the routine builder puts it straight into an Output's outputs)."""
        return make_stand_in(
            f"The routine timer for {self.name}, {clock_text(self.timeline.total_s)}",
            "run this cell to start it",
            routine_summary(self.routine, self.catalog).html
            if self.routine is not None
            else timeline_plan(self.timeline, self.catalog),
            self._figures_html(),
        )

    def _figures_html(self) -> Markup | None:
        """The first figure of each exercise, small, in the order they come."""
        shown: dict[str, dict[str, str]] = {}
        for segment in self.timeline.segments:
            key = pose_key(segment)
            if key and segment.exercise not in shown and self.pose_frames.get(key):
                shown[segment.exercise] = self.pose_frames[key][0]
        if not shown:
            return None
        return tag(
            "div",
            *(
                tag(
                    "figure",
                    figure_img(frame["svg"], frame["alt"], width=f"{FIGURE_PX}px"),
                    tag("figcaption", self.catalog.exercise(exercise).name, style=_CAPTION),
                    style=f"display: inline-block; vertical-align: top; width: {FIGURE_PX}px; "
                    "margin: 0 0.8em 0.4em 0",
                )
                for exercise, frame in shown.items()
            ),
            aria_label="The exercises' figures",
        )

    # -- the page's state, as it last reported it -------------------------------------------------

    @property
    def state(self) -> State:
        return State(self._last["state"]) if self._last else State.READY

    @property
    def index(self) -> int:
        """The segment the page was on at its last event."""
        return self._last["index"] if self._last else 0

    @property
    def running(self) -> bool:
        return self.state is State.RUNNING

    @property
    def under_way(self) -> bool:
        """Running, or paused part-way: what a new routine or a reset would end."""
        return self.state in (State.RUNNING, State.PAUSED)

    @property
    def spent_s(self) -> float:
        """Seconds run (work, rest, switches; not pauses, not what was skipped), as last told."""
        return math.fsum(self._last["spent"]) if self._last else 0.0

    @property
    def exercises_done(self) -> tuple[str, ...]:
        """Ids of the exercises with at least one work period run to its end, as last told."""
        if not self._last:
            return ()
        spent, durations = self._last["spent"], self._last["durations"]
        return tuple(exercises_done(self.timeline.segments, spent, durations))

    # -- commands to the page ---------------------------------------------------------------------

    def start(self) -> None:
        """Press Start in the page (resume when paused, start again when finished)."""
        self._order("start")

    def pause(self) -> None:
        """Press Pause in the page."""
        self._order("pause")

    def stop(self, notice: str = TAKEN_OVER) -> None:
        """Pause the page's run with ``notice`` shown; a run with work done is logged."""
        self._order("stop", notice=notice)
        _TIMERS.discard(self)

    def close(self) -> None:
        _TIMERS.discard(self)
        super().close()

    def _order(self, kind: str, **details: Any) -> None:
        self.command = {"id": self.command["id"] + 1, "kind": kind, **details}

    # -- what the page reports --------------------------------------------------------------------

    def _on_page_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        try:
            event = page_event(content, len(self.timeline.segments))
        except ValueError as error:
            self.notice = f"Timer problem: {one_line(error)}"
            return
        if event["id"] in self._seen:
            return
        self._seen.add(event["id"])
        self._last = event
        kind = event["kind"]
        if kind in ("start", "resume"):
            _TIMERS.add(self)  # running again: the next timer made must stop it
        if kind == "finish":
            self._write_log(event, completed=self._completed(event))
        elif kind in ("reset", "stop"):
            self._write_log(event, completed=False)

    def _completed(self, event: dict[str, Any]) -> bool:
        wanted = {s.exercise for s in self.timeline.segments if s.kind == WORK and s.exercise}
        done = exercises_done(self.timeline.segments, event["spent"], event["durations"])
        return wanted <= set(done)

    def _write_log(self, event: dict[str, Any], completed: bool) -> None:
        """Log the event's run once, if some work was done and logging is on."""
        run = event["run_id"]
        work = sum(
            spent
            for spent, segment in zip(event["spent"], self.timeline.segments, strict=True)
            if segment.kind == WORK
        )
        if self._log is False or run in self._logged or work <= 0:
            return
        self._logged.add(run)
        try:
            from ..practice import PracticeLog, Session, seconds_done_of

            if self._log is None:
                self._log = PracticeLog()
            started = event["started_ms"]
            session = Session(
                started_at=datetime.fromtimestamp(started / 1000) if started else datetime.now(),
                routine=self.name,
                exercises=tuple(
                    exercises_done(self.timeline.segments, event["spent"], event["durations"])
                ),
                seconds_done=seconds_done_of(event["spent"]),
                completed=completed,
                id=run,
            )
            saved = self._log.record(session)
        except Exception as error:  # noqa: BLE001 - logging must never break the timer
            self.notice = f"Could not save to the practice log: {one_line(error)}"
            return
        if saved is False:
            reason = getattr(self._log, "last_error", None) or "unknown problem"
            self.notice = f"Could not save to the practice log: {one_line(reason)}"


def timeline_plan(timeline: Timeline, catalog: Catalog) -> Markup:
    """A timeline's exercises in order with the time each takes, and its total: the plan of a
    timer made from a timeline, whose routine (and so its doses) is not known."""
    seconds: dict[tuple[int | None, str], float] = {}
    for segment in timeline.segments:
        if segment.exercise:
            key = (segment.entry, segment.exercise)
            seconds[key] = seconds.get(key, 0.0) + segment.duration_s
    return tag(
        "div",
        tag("p", tag("strong", f"{timeline.name or 'Routine'} ({duration(timeline.total_s)})")),
        tag(
            "ol",
            *(
                tag("li", tag("strong", catalog.exercise(exercise).name), f": {duration(s)}")
                for (_entry, exercise), s in seconds.items()
            ),
        ),
    )


def page_event(content: Any, segments: int) -> dict[str, Any]:
    """A message from the page, checked against the shape ``timer_core.js`` defines ("The page
    and the kernel"): ``{"id", "run_id", "kind", "state", "index", "spent", "durations",
    "started_ms"}``; anything else raises ValueError naming the field."""
    if not isinstance(content, dict) or content.get("type") != "event":
        raise ValueError("the page sent a message that is not a timer event")

    def field(name: str, check, what: str):
        value = content.get(name)
        if not check(value):
            raise ValueError(f"page event: {name} must be {what}, got {value!r:.60}")
        return value

    def numbers(positive: bool):
        def check(values):
            return (
                isinstance(values, list)
                and len(values) == segments
                and all(_number(v) and (v > 0 if positive else v >= 0) for v in values)
            )

        return check

    return {
        "id": field("id", lambda v: isinstance(v, str) and 0 < len(v) <= 80, "a short text"),
        "run_id": field("run_id",
                        lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-f]{32}", v),
                        "32 hex digits"),
        "kind": field("kind", lambda v: v in PAGE_EVENTS, f"one of {sorted(PAGE_EVENTS)}"),
        "state": field("state", lambda v: v in {s.value for s in State}, "a timer state"),
        "index": field("index", lambda v: isinstance(v, int) and 0 <= v < max(1, segments),
                       "a segment number"),
        "spent": field("spent", numbers(positive=False), f"{segments} seconds >= 0"),
        "durations": field("durations", numbers(positive=True), f"{segments} seconds > 0"),
        "started_ms": field("started_ms", lambda v: v is None or (_number(v) and v > 0),
                            "a time in ms or null"),
    }  # fmt: skip


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
