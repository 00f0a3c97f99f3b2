"""Test doubles around the routine timer widget, so its kernel side is tested without a browser.

- :class:`FakePage` plays the timer's page (``timer.js``) with the Python core on a fake clock:
  it applies the kernel's commands and reports what happens as the page does, and can hold its
  reports back (a busy kernel) and deliver them late, or twice.
- :class:`SentMessages` counts what the kernel sends to the page (the widget's comm messages):
  what a test measures lives here, not in the widget.
"""

from __future__ import annotations

import uuid
from typing import Any

from psoas_lesson.timer import EventKind, State, Timer


def deliver(widget, content: dict) -> None:
    """Hand ``content`` to the widget as a custom message from its page."""
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


class FakePage:
    """The timer's page, played by the Python core: commands in, events out, as timer.js does."""

    def __init__(self, widget, clock, started_ms: float = 1.7e12):
        self.widget = widget
        self.clock = clock
        self.core = Timer(widget.routine, clock=clock)
        self.run = uuid.uuid4().hex
        self.seq = 0
        self.started_ms: float | None = None
        self.wall_ms = started_ms
        self.held: list[dict] | None = None  # reports waiting for a busy kernel
        self.sent: list[dict] = []
        self._heard: list = []
        self.core.on_event(self._heard.append)
        self._done = 0
        widget.observe(self._command, names="command")

    # -- what a learner does in the page --------------------------------------------------------

    def press(self, kind: str) -> None:
        """A button or key: start, pause, skip, back, reset, plus, minus, toggle."""
        if kind == "start" and self.core.state is State.FINISHED:
            self.press("reset")
        ending = self._snapshot() if kind == "reset" else None
        if kind in ("plus", "minus"):
            self.core.adjust(15 if kind == "plus" else -15)
        else:
            getattr(self.core, kind)()
        self._report_heard(ending)

    def wait(self, seconds: float, step: float = 0.25) -> None:
        """Time passes with the page ticking."""
        left = seconds
        while left > 1e-9:
            self.clock.advance(min(step, left))
            left -= step
            self.core.update()
            self._report_heard()

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

    # -- the page's side of the protocol ----------------------------------------------------------

    def _command(self, change: dict) -> None:
        command = change["new"]
        if command["id"] <= self._done:
            return
        self._done = command["id"]
        if command["kind"] == "stop":
            if self.core.state is State.RUNNING:
                self.core.pause()
            self._report_heard()
            if self.core.state is not State.READY:
                self._send("stop", self._snapshot())
        else:
            self.press(command["kind"])

    def _report_heard(self, ending: dict | None = None) -> None:
        heard, self._heard[:] = list(self._heard), []
        for event in heard:
            if event.kind is EventKind.START:
                self.started_ms = self.wall_ms
            if event.kind is EventKind.RESET:
                self._send("reset", {**ending, "state": "ready", "index": 0})
                self.run, self.seq, self.started_ms = uuid.uuid4().hex, 0, None
            else:
                self._send(event.kind.value, self._snapshot())

    def _snapshot(self) -> dict[str, Any]:
        view = self.core.view()
        return {
            "run": self.run,
            "state": view.state.value,
            "index": view.index,
            "spent": self.core.spent_s(),
            "durations": list(self.core._run.durations),
            "started_ms": self.started_ms,
        }

    def _send(self, kind: str, snapshot: dict) -> None:
        self.seq += 1
        content = {"type": "event", "id": f"{snapshot['run']}:{self.seq}", "kind": kind, **snapshot}
        self.sent.append(content)
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
