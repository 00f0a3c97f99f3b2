"""Test doubles around the routine timer widget, so its kernel side is tested without a browser.

- :class:`FakePage` plays one timer's page (``timer.js``) with the Python core on a fake clock:
  it applies presses, ticks and the kernel's commands and reports what happens as the page does,
  and can hold its reports back (a busy kernel) and deliver them late, or twice. The protocol it
  follows is the one ``timer_core.js`` defines ("The page and the kernel": what each command does,
  the messages and their shape); ``tests/test_timer_js.py`` checks that the two send the same
  messages, so a change to one that the other does not follow fails there.
- :class:`FakeBrowser` is the browser page the timers are on: one clock, one wall clock, the
  timers that take over from each other, and a record of every input for that check.
- :class:`SentMessages` counts what the kernel sends to the page (the widget's comm messages):
  what a test measures lives here, not in the widget.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from itertools import count
from typing import Any

from psoas_lesson.timer import EventKind, State, Timer

ADJUST_S = 15  # timer_core.js ADJUST_S
KERNEL_COMMANDS = ("start", "pause", "stop", "reset", "skip", "back")  # timer_core.js
TAKEN_OVER = "Paused: another timer on this page started."  # timer_core.js TAKEN_OVER
# timer_core.js: a reload keeps the place (keep, storedAfter, restore)
KEEP_VERSION = 1
RESUME_WITHIN_S = 2 * 60 * 60
RESTORED = "Back where you left off, paused: Start goes on, Reset starts again."
PLACE_LOST = (
    "Your last run of this routine was left too long ago to pick up; what you did then is logged."
)
ENDS_A_RUN = ("finish", "reset", "stop")


def deliver(widget, content: dict) -> None:
    """Hand ``content`` to the widget as a custom message from its page."""
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


def random_run_ids() -> Iterator[str]:
    return (uuid.uuid4().hex for _ in count())


class FakeBrowser:
    """The browser page the timers are on: its clock, its wall clock, its timers, and what
    happened, in order (``inputs``: every press, tick and kernel command with its time;
    ``sent``: every message, with the timer that sent it and the input that made it)."""

    def __init__(self, clock, wall_ms: float = 1.7e12):
        self.clock = clock
        self.started_at = clock.now
        self.wall_base_ms = wall_ms
        self.pages: list[FakePage] = []
        self.inputs: list[dict] = []  # {timer, do | kernel}, {tick} or {reload}, with now, wall_ms
        self.sent: list[dict] = []  # {timer, input: the number of the input that made it, message}
        self.storage: dict[str, dict] = {}  # the browser's storage: routine key -> kept place

    def wall_ms(self) -> float:
        """The wall clock now (ms since 1970): it moves with the fake clock."""
        return self.wall_base_ms + (self.clock.now - self.started_at) * 1000

    def wait(self, seconds: float, step: float = 0.25) -> None:
        """Time passes with every timer on the page ticking."""
        left = seconds
        while left > 1e-9:
            self.clock.advance(min(step, left))
            left -= step
            self.record({"tick": True})
            for page in self.pages:
                page._handle("update")

    def record(self, what: dict) -> None:
        self.inputs.append({**what, "now": self.clock.now, "wall_ms": self.wall_ms()})

    def reload(self, away_s: float = 0.5) -> None:
        """Reload the page: each timer pauses as the page goes (and keeps its place), ``away_s``
        pass, and each timer loads again, picking up its routine's kept place if there is one."""
        self.record({"reload": "leave"})
        for page in self.pages:
            page._handle("pause")
        self.clock.advance(away_s)
        self.record({"reload": "load"})
        for page in self.pages:
            page._load()


class FakePage:
    """One timer's page, played by the Python core: commands in, events out, as timer.js does."""

    def __init__(
        self,
        widget,
        clock=None,
        *,
        browser: FakeBrowser | None = None,
        run_ids: Iterator[str] | None = None,
    ):
        self.browser = browser or FakeBrowser(clock)
        self.number = len(self.browser.pages)
        self.browser.pages.append(self)
        self.widget = widget
        self.clock = self.browser.clock
        self.key = widget.payload["key"]  # the routine's place in the browser's storage
        self.run_ids = run_ids or random_run_ids()
        self.drawn_ids: list[str] = []
        self.held: list[dict] | None = None  # reports waiting for a busy kernel
        self.sent: list[dict] = []
        self._heard: list = []
        self._fresh()
        self._done = 0
        widget.observe(self._command, names="command")
        self._command({"new": widget.command})  # a command sent while the page was loading

    def _fresh(self) -> None:
        """A new run, as a page that loads with no place to pick up has."""
        self.core = Timer(self.widget.timeline, clock=self.clock)
        self.core.on_event(self._heard.append)
        self.run_id = next(self.run_ids)
        self.next_run_id = next(self.run_ids)  # drawn ahead, as the page does
        self.drawn_ids += [self.run_id, self.next_run_id]
        self.seq = 0
        self.started_ms: float | None = None
        self.notice = ""
        self.ended = False  # the kernel was told this run stopped: not kept for a reload

    # -- what a learner does in the page --------------------------------------------------------

    def press(self, kind: str) -> None:
        """A button or key: start, pause, skip, back, reset, plus, minus, toggle."""
        self.browser.record({"timer": self.number, "do": kind})
        self._handle(kind)

    def wait(self, seconds: float, step: float = 0.25) -> None:
        """Time passes with the page ticking."""
        self.browser.wait(seconds, step)

    def command_again(self) -> None:
        """The kernel's last command arrives again (a reconnect): the page must not re-apply it."""
        self._command({"new": self.widget.command})

    def run_to_end(self) -> None:
        self.press("start")
        while self.core.state is not State.FINISHED:
            self.wait(1.0)

    # -- a busy kernel ----------------------------------------------------------------------------

    def hold(self) -> None:
        """The kernel is busy: reports queue in the page."""
        self.held = []

    def release(self, twice: bool = False) -> None:
        """The kernel is free again: the queued reports arrive (``twice``: and again)."""
        held, self.held = self.held or [], None
        for content in held + (held if twice else []):
            deliver(self.widget, content)

    # -- the page's side of the protocol (timer_core.js: handle, fromKernel, takenOver) ---------

    def _command(self, change: dict) -> None:
        command = change["new"]
        self.browser.record({"timer": self.number, "kernel": dict(command)})
        if not command.get("id") or command["id"] <= self._done:
            return  # applied already (a reloaded page is sent the last command again)
        self._done = command["id"]
        if command["kind"] in KERNEL_COMMANDS:
            self._handle(command["kind"], command.get("notice") or "")

    def _handle(self, kind: str, notice: str = "") -> None:
        heard: list = []
        if kind == "stop":
            self._stop(notice, heard)
            self._keep()
            return
        if kind == "start" and self.core.state is State.FINISHED:
            heard += self._do("reset")  # Start after the finish runs the routine again
        heard += self._do(kind)
        self._keep()
        if any(e.kind in (EventKind.START, EventKind.RESUME) for e in heard):
            for other in self.browser.pages:
                if other is not self and other.core.state is State.RUNNING:
                    other._handle("stop", TAKEN_OVER)

    def _stop(self, notice: str, heard: list) -> None:
        heard += self._do("update")
        if self.core.state is State.RUNNING:
            heard += self._do("pause")
            self.notice = notice or TAKEN_OVER
        if self.core.state is not State.READY:
            self._send("stop", self._snapshot())
            self.ended = True

    def _do(self, kind: str) -> list:
        """One core command, and the messages for what it made happen."""
        ending = self._snapshot() if kind == "reset" else None
        if kind in ("plus", "minus"):
            self.core.adjust(ADJUST_S if kind == "plus" else -ADJUST_S)
        else:
            getattr(self.core, kind)()
        heard, self._heard[:] = list(self._heard), []
        for event in heard:
            if event.kind is EventKind.START:
                self.started_ms = self.browser.wall_ms() - (self.clock.now - event.at) * 1000
            if event.kind in (EventKind.START, EventKind.RESUME):
                self.notice = ""
            if event.kind is EventKind.RESET:
                self._send("reset", {**ending, "state": State.READY.value, "index": 0})
                self.run_id, self.next_run_id = self.next_run_id, next(self.run_ids)
                self.drawn_ids.append(self.next_run_id)
                self.seq, self.started_ms, self.ended = 0, None, False
            else:
                self._send(event.kind.value, self._snapshot())
        return heard

    # -- a reload keeps the place (timer_core.js: keep, storedAfter, restore) ---------------------

    def _place(self) -> dict[str, Any] | None:
        view = self.core.view()
        if self.ended or view.state not in (State.RUNNING, State.PAUSED):
            return None
        run = self.core._run  # the same fields the page keeps: done segments, durations, left
        return {
            "version": KEEP_VERSION, "runId": self.run_id, "seq": self.seq,
            "startedMs": self.started_ms, "keptMs": self.browser.wall_ms(),
            "initial": [s.duration_s for s in self.widget.timeline.segments],
            "durations": list(run.durations), "spent": list(run.advanced(self.clock.now)[0].spent),
            "index": view.index, "left": view.remaining_s,
        }  # fmt: skip

    def _keep(self) -> None:
        place = self._place()
        if place is not None:
            self.browser.storage[self.key] = place

    def _load(self) -> None:
        """The page loads again (after :meth:`FakeBrowser.reload`)."""
        place = self.browser.storage.get(self.key)
        if place is None:
            self._fresh()
            return
        self.core = Timer(self.widget.timeline, clock=self.clock)
        self.core.on_event(self._heard.append)
        self.core.restore(
            index=place["index"], left_s=place["left"], spent=place["spent"],
            durations=place["durations"],
        )  # fmt: skip
        self.run_id, self.seq, self.started_ms = place["runId"], place["seq"], place["startedMs"]
        self.ended = False
        if self.browser.wall_ms() - place["keptMs"] > RESUME_WITHIN_S * 1000:
            self._send("stop", self._snapshot())  # too old to pick up: what was done is logged
            self._fresh()
            self.notice = PLACE_LOST
            return
        self.next_run_id = next(self.run_ids)
        self.drawn_ids.append(self.next_run_id)
        self.notice = RESTORED
        self._send("restore", self._snapshot())
        self._keep()

    def _snapshot(self) -> dict[str, Any]:
        view = self.core.view()
        return {
            "run_id": self.run_id,
            "state": view.state.value,
            "index": view.index,
            "spent": self.core.spent_s(),
            "durations": list(self.core._run.durations),
            "started_ms": self.started_ms,
        }

    def _send(self, kind: str, snapshot: dict) -> None:
        self.seq += 1
        content = {
            "type": "event", "id": f"{snapshot['run_id']}:{self.seq}", "kind": kind, **snapshot,
        }  # fmt: skip
        self.sent.append(content)
        kept = self.browser.storage.get(self.key)
        if kind in ENDS_A_RUN and kept is not None and kept["runId"] == snapshot["run_id"]:
            del self.browser.storage[self.key]  # the kernel logs this run: nothing to pick up
        self.browser.sent.append(
            {"timer": self.number, "input": len(self.browser.inputs) - 1, "message": content}
        )
        if self.held is not None:
            self.held.append(content)
        else:
            deliver(self.widget, content)


class SentMessages:
    """Counts the comm messages a widget sends to its page (state updates and custom messages)."""

    def __init__(self, widget):
        self.messages: list[dict] = []
        comm = widget.comm
        original = comm.send

        def send(data=None, metadata=None, buffers=None):
            self.messages.append(data or {})
            return original(data=data, metadata=metadata, buffers=buffers)

        comm.send = send

    def __len__(self) -> int:
        return len(self.messages)

    def updates(self, name: str) -> list[Any]:
        """The values sent for one synced trait, in order."""
        return [
            m["state"][name]
            for m in self.messages
            if m.get("method") == "update" and name in m.get("state", {})
        ]
