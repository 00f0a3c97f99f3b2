"""The timer core: a state machine over a timeline, driven by an injectable clock.

Time left is always ``deadline - clock()``, never a count of ticks, so however late or seldom
it is asked, it cannot drift. Queries (``state``, ``view()``, ``remaining_s()``...) answer for
the clock's present without changing anything or calling a listener. Commands, and
:meth:`Timer.update`, first bring the state up to the present: they move past every segment that
ended in the meantime, dating each change to when it was due, and tell the listeners. Nothing
here knows about widgets or sound.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from .timeline import WORK, Segment, Timeline

# Back goes to the start of the step it is in, or to the step before when this one began less
# than this many seconds ago ("just begun": a second press of Back keeps going back).
BACK_RESTARTS_AFTER_S = 2.0


class State(str, Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class EventKind(str, Enum):
    START = "start"
    SEGMENT = "segment"
    PAUSE = "pause"
    RESUME = "resume"
    FINISH = "finish"
    RESET = "reset"
    ADJUST = "adjust"


@dataclass(frozen=True)
class TimerEvent:
    """Something that happened. ``at`` is the clock time it was due, which for a segment change
    found late is earlier than when it was noticed."""

    kind: EventKind
    index: int
    at: float


@dataclass(frozen=True)
class TimerView:
    """What a front end shows, read at one instant."""

    state: State
    index: int
    segment: Segment | None
    next_segment: Segment | None
    remaining_s: float
    segment_duration_s: float
    done_s: float
    total_s: float
    beat: int | None = None  # in a move on a beat, the beat under way (an index of its beats)

    @property
    def progress(self) -> float:
        return min(1.0, max(0.0, self.done_s / self.total_s)) if self.total_s > 0 else 1.0

    @property
    def segment_progress(self) -> float:
        if self.segment_duration_s <= 0:
            return 1.0
        return min(1.0, max(0.0, 1.0 - self.remaining_s / self.segment_duration_s))


@dataclass(frozen=True)
class _Run:
    """The whole changing state of a run, one value: queries project it, commands replace it."""

    durations: tuple[float, ...]
    spent: tuple[float, ...]
    state: State = State.READY
    index: int = 0
    deadline: float = 0.0  # while running: when the current segment ends
    left: float = 0.0  # while ready or paused: what is left of the current segment
    paused_since: float | None = None
    paused_total: float = 0.0
    started_at: float | None = None
    finished_at: float | None = None

    def remaining(self, now: float) -> float:
        if self.state is State.RUNNING:
            # Clamped: `now + d - now` can come out a hair above d in floating point.
            return min(self.durations[self.index], max(0.0, self.deadline - now))
        if self.state is State.FINISHED:
            return 0.0
        return self.left

    def advanced(self, now: float) -> tuple[_Run, list[TimerEvent]]:
        """This run brought up to ``now``, with the segment changes and finish that fell due."""
        run, events = self, []
        spent = list(run.spent)
        index, deadline = run.index, run.deadline
        while run.state is State.RUNNING and now >= deadline:
            spent[index] += run.durations[index]
            if index + 1 >= len(run.durations):
                events.append(TimerEvent(EventKind.FINISH, index, deadline))
                return replace(
                    run, spent=tuple(spent), index=index, deadline=deadline,
                    state=State.FINISHED, finished_at=deadline,
                ), events  # fmt: skip
            index += 1
            events.append(TimerEvent(EventKind.SEGMENT, index, deadline))
            deadline += run.durations[index]
        if events:
            run = replace(run, spent=tuple(spent), index=index, deadline=deadline)
        return run, events


Listener = Callable[[TimerEvent], None]


def exercises_done(
    segments: Sequence[Segment], spent: Sequence[float], durations: Sequence[float]
) -> list[str]:
    """Exercises with at least one work period run to its end (``spent`` reaching its
    ``duration``, which +15 s may have changed), in routine order."""
    done: list[str] = []
    for seg, seconds, length in zip(segments, spent, durations, strict=True):
        full = seconds >= length - 1e-6
        if seg.kind == WORK and seg.exercise and full and seg.exercise not in done:
            done.append(seg.exercise)
    return done


class Timer:
    """Start, pause, resume, skip, back, reset and adjust a run through a timeline."""

    def __init__(self, timeline: Timeline, clock: Callable[[], float] = time.monotonic):
        self.timeline = timeline
        self._clock = clock
        self._listeners: list[Listener] = []
        self._run = self._fresh_run()

    # -- listening ------------------------------------------------------------------------------

    def on_event(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every event; returns a function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # -- queries: the present, without side effects ---------------------------------------------

    def _now(self) -> tuple[float, _Run]:
        now = self._clock()
        return now, self._run.advanced(now)[0]

    @property
    def state(self) -> State:
        return self._now()[1].state

    @property
    def index(self) -> int:
        return self._now()[1].index

    @property
    def segment(self) -> Segment | None:
        return self._segment(self.index)

    def remaining_s(self) -> float:
        """Seconds left in the current segment."""
        now, run = self._now()
        return run.remaining(now)

    def view(self) -> TimerView:
        """Everything a display needs, consistent at one instant."""
        now, run = self._now()
        remaining = run.remaining(now)
        index, durations = run.index, run.durations
        total = sum(durations)
        segment = self._segment(index)
        beat = None
        if run.state is State.FINISHED:
            done = total
        else:
            done = sum(durations[:index]) + (durations[index] - remaining if durations else 0.0)
            if segment is not None:
                beat = segment.beat_at(durations[index] - remaining)
        return TimerView(
            state=run.state,
            index=index,
            segment=segment,
            next_segment=self._segment(index + 1),
            remaining_s=remaining,
            segment_duration_s=durations[index] if durations else 0.0,
            done_s=done,
            total_s=total,
            beat=beat,
        )

    def paused_s(self) -> float:
        """Seconds spent paused since the start."""
        now, run = self._now()
        extra = now - run.paused_since if run.state is State.PAUSED else 0.0
        return run.paused_total + extra

    def run_time_s(self) -> float:
        """Clock seconds from start to now, or to the finish."""
        now, run = self._now()
        if run.started_at is None:
            return 0.0
        end = run.finished_at if run.finished_at is not None else now
        return end - run.started_at

    def spent_s(self) -> list[float]:
        """Seconds actually run in each segment, the current one included."""
        now, run = self._now()
        spent = list(run.spent)
        if run.state in (State.RUNNING, State.PAUSED) and spent:
            spent[run.index] += run.durations[run.index] - run.remaining(now)
        return spent

    def work_done_s(self) -> float:
        """Seconds of work (not rest, switch or prepare) actually done."""
        segments = self.timeline.segments
        return sum(s for s, seg in zip(self.spent_s(), segments, strict=True) if seg.kind == WORK)

    def exercises_done(self) -> list[str]:
        """Exercises with at least one work period run to its end, in routine order."""
        return exercises_done(self.timeline.segments, self.spent_s(), self._run.durations)

    # -- commands -------------------------------------------------------------------------------

    def update(self) -> None:
        """Bring the state up to the clock's time, telling listeners of changes that fell due."""
        self._advance(self._clock())

    def start(self) -> None:
        """Start from the beginning, or resume when paused."""
        now = self._advance(self._clock())
        run = self._run
        if run.state is State.PAUSED:
            self.resume()
            return
        if run.state is not State.READY or not run.durations:
            return
        self._run = replace(run, started_at=now, state=State.RUNNING, deadline=now + run.left)
        self._emit(EventKind.START, now)
        self._emit(EventKind.SEGMENT, now)

    def pause(self) -> None:
        now = self._advance(self._clock())
        run = self._run
        if run.state is not State.RUNNING:
            return
        # Clamped as in remaining(): paused at once, `now + d - now` could leave a hair more than d.
        left = run.remaining(now)
        self._run = replace(run, left=left, paused_since=now, state=State.PAUSED)
        self._emit(EventKind.PAUSE, now)

    def resume(self) -> None:
        now = self._clock()
        run = self._run
        if run.state is not State.PAUSED:
            return
        self._run = replace(
            run,
            paused_total=run.paused_total + now - run.paused_since,
            paused_since=None,
            deadline=now + run.left,
            state=State.RUNNING,
        )
        self._emit(EventKind.RESUME, now)

    def toggle(self) -> None:
        """Start, pause or resume, whichever fits."""
        if self.state is State.RUNNING:
            self.pause()
        else:
            self.start()

    def skip(self) -> None:
        """Move to the start of the next segment; past the last, finish."""
        now = self._advance(self._clock())
        run = self._run
        if run.state is State.FINISHED or not run.durations:
            return
        if run.index + 1 < len(run.durations):
            self._goto(run.index + 1, now)
        else:
            self._finish(now)

    def back(self) -> None:
        """Move to the start of this segment, or of the previous one when this one has just begun
        (less than ``BACK_RESTARTS_AFTER_S`` into it; the first segment restarts itself)."""
        now = self._advance(self._clock())
        run = self._run
        if not run.durations:
            return
        if run.state is State.FINISHED:
            # Come back into the last segment, paused, so nothing runs on unasked; the time since
            # the finish counts as paused.
            last = len(run.durations) - 1
            self._run = replace(
                run,
                paused_total=run.paused_total + now - run.finished_at,
                finished_at=None,
                state=State.PAUSED,
                paused_since=now,
                index=last,
                left=run.durations[last],
            )
            self._emit(EventKind.SEGMENT, now)
            return
        into = run.durations[run.index] - run.remaining(now)
        self._goto(run.index if into >= BACK_RESTARTS_AFTER_S else max(0, run.index - 1), now)

    def restore(
        self, *, index: int, left_s: float, spent: Sequence[float], durations: Sequence[float]
    ) -> None:
        """Put the run at a kept place, paused, telling no listener: a page reloaded part-way
        through a run picks it up there (``spent`` holds the segments before ``index``; the part of
        segment ``index`` already run is its duration less ``left_s``)."""
        now = self._clock()
        self._run = replace(
            self._fresh_run(), durations=tuple(durations), spent=tuple(spent), index=index,
            left=left_s, state=State.PAUSED, paused_since=now, started_at=now,
        )  # fmt: skip

    def reset(self) -> None:
        """Back to the beginning, nothing run, all adjustments undone."""
        self._run = self._fresh_run()
        self._emit(EventKind.RESET, self._clock())

    def adjust(self, delta_s: float) -> None:
        """Add (or with a negative number, take) seconds from the current segment."""
        now = self._advance(self._clock())
        run = self._run
        if run.state is State.FINISHED or not run.durations:
            return
        if run.remaining(now) + delta_s <= 0:
            self.skip()
            return
        durations = list(run.durations)
        durations[run.index] += delta_s
        if run.state is State.RUNNING:
            run = replace(run, durations=tuple(durations), deadline=run.deadline + delta_s)
        else:
            run = replace(run, durations=tuple(durations), left=run.left + delta_s)
        self._run = run
        self._emit(EventKind.ADJUST, now)

    # -- internals ------------------------------------------------------------------------------

    def _fresh_run(self) -> _Run:
        durations = tuple(s.duration_s for s in self.timeline.segments)
        return _Run(
            durations=durations,
            spent=(0.0,) * len(durations),
            left=durations[0] if durations else 0.0,
        )

    def _segment(self, index: int) -> Segment | None:
        segments = self.timeline.segments
        return segments[index] if 0 <= index < len(segments) else None

    def _advance(self, now: float) -> float:
        self._run, events = self._run.advanced(now)
        for event in events:
            self._tell(event)
        return now

    def _goto(self, index: int, now: float) -> None:
        run = self._run
        spent = list(run.spent)
        spent[run.index] += run.durations[run.index] - run.remaining(now)
        if run.state is State.RUNNING:
            run = replace(run, deadline=now + run.durations[index])
        else:
            run = replace(run, left=run.durations[index])
        self._run = replace(run, spent=tuple(spent), index=index)
        self._emit(EventKind.SEGMENT, now)

    def _finish(self, now: float) -> None:
        run = self._run
        spent = list(run.spent)
        spent[run.index] += run.durations[run.index] - run.remaining(now)
        if run.state is State.PAUSED:
            run = replace(run, paused_total=run.paused_total + now - run.paused_since,
                          paused_since=None)  # fmt: skip
        self._run = replace(
            run,
            spent=tuple(spent),
            started_at=run.started_at if run.started_at is not None else now,
            state=State.FINISHED,
            finished_at=now,
        )
        self._emit(EventKind.FINISH, now)

    def _emit(self, kind: EventKind, at: float) -> None:
        self._tell(TimerEvent(kind, self._run.index, at))

    def _tell(self, event: TimerEvent) -> None:
        for listener in list(self._listeners):
            listener(event)
