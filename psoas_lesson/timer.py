"""The timer core: a state machine over a timeline, driven by an injectable clock.

Time left is always ``deadline - clock()``, never a count of ticks, so however late or seldom
it is asked, it cannot drift. When asked late, it moves past every segment that ended in the
meantime, dating each change to when it was due. Nothing here knows about widgets or sound:
a front end calls :meth:`Timer.update` (or any query) from time to time and listens for events.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import Enum
from typing import Callable

from .timeline import WORK, Segment, Timeline


class State(str, Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass(frozen=True)
class TimerEvent:
    """Something that happened. ``at`` is the clock time it was due, which for a segment change
    found late is earlier than when it was noticed."""

    kind: str  # "start", "segment", "pause", "resume", "finish", "reset", "adjust"
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

    @property
    def progress(self) -> float:
        return min(1.0, max(0.0, self.done_s / self.total_s)) if self.total_s > 0 else 1.0

    @property
    def segment_progress(self) -> float:
        if self.segment_duration_s <= 0:
            return 1.0
        return min(1.0, max(0.0, 1.0 - self.remaining_s / self.segment_duration_s))


Listener = Callable[[TimerEvent], None]


class Timer:
    """Start, pause, resume, skip, back, reset and adjust a run through a timeline."""

    def __init__(self, timeline: Timeline, clock: Callable[[], float] = time.monotonic):
        self.timeline = timeline
        self._clock = clock
        self._listeners: list[Listener] = []
        self._clear()

    # -- listening ------------------------------------------------------------------------------

    def on_event(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every event; returns a function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # -- queries --------------------------------------------------------------------------------

    @property
    def state(self) -> State:
        self.update()
        return self._state

    @property
    def index(self) -> int:
        self.update()
        return self._index

    @property
    def segment(self) -> Segment | None:
        self.update()
        return self._segment(self._index)

    def remaining(self) -> float:
        """Seconds left in the current segment."""
        self.update()
        return self._remaining(self._clock())

    def view(self) -> TimerView:
        """Everything a display needs, consistent at one instant."""
        now = self._clock()
        self._advance(now)
        remaining = self._remaining(now)
        index = self._index
        done = sum(self._durations[:index]) + (self._durations[index] - remaining if self._durations else 0.0)
        if self._state is State.FINISHED:
            done = sum(self._durations)
        return TimerView(
            state=self._state, index=index, segment=self._segment(index),
            next_segment=self._segment(index + 1), remaining_s=remaining,
            segment_duration_s=self._durations[index] if self._durations else 0.0,
            done_s=done, total_s=sum(self._durations))

    @property
    def paused_s(self) -> float:
        """Seconds spent paused since the start."""
        extra = self._clock() - self._paused_since if self._state is State.PAUSED else 0.0
        return self._paused_total + extra

    def run_time(self) -> float:
        """Clock seconds from start to now, or to the finish."""
        self.update()
        if self._started_at is None:
            return 0.0
        end = self._finished_at if self._finished_at is not None else self._clock()
        return end - self._started_at

    def spent_s(self) -> list[float]:
        """Seconds actually run in each segment, the current one included."""
        now = self._clock()
        self._advance(now)
        spent = list(self._spent)
        if self._state in (State.RUNNING, State.PAUSED) and spent:
            spent[self._index] += self._durations[self._index] - self._remaining(now)
        return spent

    def work_done_s(self) -> float:
        """Seconds of work (not rest, switch or prepare) actually done."""
        return sum(s for s, seg in zip(self.spent_s(), self.timeline.segments) if seg.kind == WORK)

    def exercises_done(self) -> list[str]:
        """Exercises with at least one work period run to its end, in routine order."""
        done: list[str] = []
        for spent, duration, seg in zip(self.spent_s(), self._durations, self.timeline.segments):
            if seg.kind == WORK and seg.exercise and spent >= duration - 1e-6 and seg.exercise not in done:
                done.append(seg.exercise)
        return done

    # -- commands -------------------------------------------------------------------------------

    def start(self) -> None:
        """Start from the beginning, or resume when paused."""
        now = self._clock()
        self._advance(now)
        if self._state is State.PAUSED:
            self.resume()
            return
        if self._state is not State.READY or not self._durations:
            return
        self._started_at = now
        self._state = State.RUNNING
        self._deadline = now + self._left
        self._emit("start", now)
        self._emit("segment", now)

    def pause(self) -> None:
        now = self._clock()
        self._advance(now)
        if self._state is not State.RUNNING:
            return
        self._left = self._deadline - now
        self._paused_since = now
        self._state = State.PAUSED
        self._emit("pause", now)

    def resume(self) -> None:
        now = self._clock()
        if self._state is not State.PAUSED:
            return
        self._paused_total += now - self._paused_since
        self._paused_since = None
        self._deadline = now + self._left
        self._state = State.RUNNING
        self._emit("resume", now)

    def toggle(self) -> None:
        """Start, pause or resume, whichever fits."""
        if self.state is State.RUNNING:
            self.pause()
        else:
            self.start()

    def skip(self) -> None:
        """Move to the start of the next segment; past the last, finish."""
        now = self._clock()
        self._advance(now)
        if self._state is State.FINISHED or not self._durations:
            return
        if self._index + 1 < len(self._durations):
            self._goto(self._index + 1, now)
        else:
            self._finish(now)

    def back(self) -> None:
        """Move to the start of the previous segment (the first restarts itself)."""
        now = self._clock()
        self._advance(now)
        if not self._durations:
            return
        if self._state is State.FINISHED:
            # Come back into the last segment, paused, so nothing runs on unasked; the time since
            # the finish counts as paused.
            self._paused_total += now - self._finished_at
            self._finished_at = None
            self._state = State.PAUSED
            self._paused_since = now
            self._index = len(self._durations) - 1
            self._left = self._durations[self._index]
            self._emit("segment", now)
            return
        self._goto(max(0, self._index - 1), now)

    def reset(self) -> None:
        """Back to the beginning, nothing run, all adjustments undone."""
        self._clear()
        self._emit("reset", self._clock())

    def adjust(self, delta_s: float) -> None:
        """Add (or with a negative number, take) seconds from the current segment."""
        now = self._clock()
        self._advance(now)
        if self._state is State.FINISHED or not self._durations:
            return
        remaining = self._remaining(now)
        if remaining + delta_s <= 0:
            self.skip()
            return
        self._durations[self._index] += delta_s
        if self._state is State.RUNNING:
            self._deadline += delta_s
        else:
            self._left += delta_s
        self._emit("adjust", now)

    def update(self) -> None:
        """Bring the state up to the clock's time, emitting any segment changes that fell due."""
        self._advance(self._clock())

    # -- internals ------------------------------------------------------------------------------

    def _clear(self) -> None:
        self._durations = [s.duration_s for s in self.timeline.segments]
        self._spent = [0.0] * len(self._durations)
        self._state = State.READY
        self._index = 0
        self._deadline = 0.0
        self._left = self._durations[0] if self._durations else 0.0
        self._paused_since: float | None = None
        self._paused_total = 0.0
        self._started_at: float | None = None
        self._finished_at: float | None = None

    def _segment(self, index: int) -> Segment | None:
        segments = self.timeline.segments
        return segments[index] if 0 <= index < len(segments) else None

    def _remaining(self, now: float) -> float:
        if self._state is State.RUNNING:
            # Clamped: `now + d - now` can come out a hair above d in floating point.
            return min(self._durations[self._index], max(0.0, self._deadline - now))
        if self._state is State.FINISHED:
            return 0.0
        return self._left

    def _advance(self, now: float) -> None:
        while self._state is State.RUNNING and now >= self._deadline:
            ended_at = self._deadline
            self._spent[self._index] += self._durations[self._index]
            if self._index + 1 >= len(self._durations):
                self._state = State.FINISHED
                self._finished_at = ended_at
                self._emit("finish", ended_at)
                return
            self._index += 1
            self._deadline = ended_at + self._durations[self._index]
            self._emit("segment", ended_at)

    def _goto(self, index: int, now: float) -> None:
        self._spent[self._index] += self._durations[self._index] - self._remaining(now)
        self._index = index
        if self._state is State.RUNNING:
            self._deadline = now + self._durations[index]
        else:
            self._left = self._durations[index]
        self._emit("segment", now)

    def _finish(self, now: float) -> None:
        self._spent[self._index] += self._durations[self._index] - self._remaining(now)
        if self._state is State.PAUSED:
            self._paused_total += now - self._paused_since
            self._paused_since = None
        if self._started_at is None:
            self._started_at = now
        self._state = State.FINISHED
        self._finished_at = now
        self._emit("finish", now)

    def _emit(self, kind: str, at: float) -> None:
        event = TimerEvent(kind, self._index, at)
        for listener in list(self._listeners):
            listener(event)
