"""The take-away page keeps its practice log as the lesson does (``widgets/takeaway.js``, checked
against Python on drawn cases):

- the CSV it downloads is, byte for byte, what ``psoas-lesson log --csv`` writes for the same
  sessions (``practice.sessions_csv``): the columns, the order, the quoting, the rounding and the
  guard against spreadsheet formulas;
- the session it logs from a page message is the one the kernel's timer logs from the same
  message (``RoutineTimer._write_log``): which runs, which exercises, the seconds, complete or not.

Hypothesis draws the cases, Python answers them, ``tests/js/takeaway_agreement.mjs`` answers them
in Node, and the first disagreement is named. Each check is shown to fail on a wrong answer.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas_lesson.catalog import default_catalog
from psoas_lesson.practice import Session, sessions_csv
from psoas_lesson.timeline import compile_timeline
from psoas_lesson.widgets.timer import routine_timer, stop_all_timers
from psoas_lesson.widgets.timer_payload import no_figures

from .helpers import routines
from .test_timer_js import node
from .test_timer_widget import FakeLog
from .timer_page import deliver

AGREEMENT = Path(__file__).parent / "js" / "takeaway_agreement.mjs"
CASES = 150
_catalog = default_catalog()

# Text a learner may type into a routine's name: commas, quotes, line ends, formula starts.
_names = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cs"]), st.sampled_from(',"\r\n=+-@\t;')
    ),
    max_size=20,
)
_sessions = st.builds(
    lambda started, routine, exercises, seconds, completed, number: Session(
        started, routine, tuple(exercises), seconds, completed, id=f"s{number}"
    ),
    st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31)),
    _names,
    st.lists(st.sampled_from([e.id for e in _catalog.exercises]) | _names, max_size=4),
    st.floats(0, 1e6, allow_nan=False) | st.sampled_from([0.25, 0.75, 12.25, 59.95, 60.0]),
    st.booleans(),
    st.integers(0, 10**6),
)


@st.composite
def _page_messages(draw):
    """A routine's payload and a message its page may send, with each segment run whole, not at
    all, or part-way."""
    timeline = compile_timeline(draw(routines(_catalog)), _catalog)
    durations = [s.duration_s for s in timeline.segments]
    spent = [
        draw(st.sampled_from([0.0, length, round(length * draw(st.floats(0, 1)), 3)]))
        for length in durations
    ]
    run = draw(st.text("0123456789abcdef", min_size=32, max_size=32))
    message = {
        "type": "event",
        "id": f"{run}:1",
        "run_id": run,
        "kind": draw(st.sampled_from(["finish", "reset", "stop", "segment", "pause"])),
        "state": "paused",
        "index": 0,
        "spent": spent,
        "durations": durations,
        "started_ms": draw(st.integers(946_684_800, 4_102_444_800)) * 1000,
    }
    return timeline, message


def _drawn(count: int, strategy) -> list:
    drawn: list = []

    @settings(
        max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(strategy)
    def collect(value):
        drawn.append(value)

    collect()
    return drawn


def _kernel_logs(timeline, message) -> dict | None:
    """The session the kernel's timer writes for ``message`` (as the page keeps it), or None."""
    log = FakeLog()
    timer = routine_timer(timeline, catalog=_catalog, log=log, figures=no_figures)
    deliver(timer, message)
    stop_all_timers()
    if not log.sessions:
        return None
    return log.sessions[0].to_data()


def _answers(tmp_path: Path, cases: dict) -> dict:
    file = tmp_path / "takeaway_cases.json"
    file.write_text(json.dumps(cases), encoding="utf-8")
    result = subprocess.run(
        [node(), str(AGREEMENT)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PSOAS_TAKEAWAY_CASES": str(file)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def _first_difference(page: list, python: list, what) -> str | None:
    """The first case on which the page and Python answer differently, named, with the first
    line (of a CSV) or the whole answer on which they differ; None when they agree."""
    for number, (mine, theirs) in enumerate(zip(page, python, strict=True)):
        if mine != theirs:
            if isinstance(mine, str) and isinstance(theirs, str):
                pairs = zip(mine.split("\n"), theirs.split("\n"), strict=False)
                mine, theirs = next(((a, b) for a, b in pairs if a != b), (mine, theirs))
            return f"{what(number)}:\n page:   {mine!r}\n Python: {theirs!r}"
    return None


@pytest.fixture(scope="module")
def drawn_csv() -> list[list[Session]]:
    return _drawn(CASES, st.lists(_sessions, max_size=5))


@pytest.fixture(scope="module")
def drawn_messages() -> list:
    return _drawn(CASES, _page_messages())


def test_the_pages_csv_is_the_log_commands_csv(tmp_path, drawn_csv):
    cases = {"csv": [[s.to_data() for s in sessions] for sessions in drawn_csv], "logged": []}
    page = _answers(tmp_path, cases)["csv"]
    python = [sessions_csv(sessions) for sessions in drawn_csv]
    assert _first_difference(page, python, lambda n: f"sessions {drawn_csv[n]}") is None


def test_the_page_logs_a_run_as_the_kernel_does(tmp_path, drawn_messages):
    cases = {
        "csv": [],
        "logged": [
            {"payload": {"name": timeline.name, "segments": _segments(timeline)}, "message": m}
            for timeline, m in drawn_messages
        ],
    }
    page = _answers(tmp_path, cases)["logged"]
    python = [_kernel_logs(timeline, message) for timeline, message in drawn_messages]
    assert any(python) and not all(python)  # the draws hold runs logged and runs not logged
    assert _first_difference(page, python, lambda n: f"message {drawn_messages[n][1]}") is None


def _segments(timeline) -> list[dict]:
    return [{"kind": s.kind.value, "exercise": s.exercise} for s in timeline.segments]


def test_the_checks_fail_when_the_two_disagree(tmp_path, catalog):
    session = Session(datetime(2025, 1, 31, 7, 5, 9), "a, b", ("x",), 12.25, True, id="1")
    page = _answers(tmp_path, {"csv": [[session.to_data()]], "logged": []})["csv"]
    wrong = sessions_csv([session]).replace("12.2", "12.3")
    assert _first_difference(page, [wrong], str) is not None
    timeline = compile_timeline(catalog.routine("daily-short"), catalog)
    durations = [s.duration_s for s in timeline.segments]
    message = {
        "type": "event", "id": f"{'a' * 32}:9", "run_id": "a" * 32, "kind": "finish",
        "state": "finished", "index": len(durations) - 1, "spent": durations,
        "durations": durations, "started_ms": 1_738_300_000_000,
    }  # fmt: skip
    logged = _answers(
        tmp_path,
        {"csv": [], "logged": [{"payload": {"name": timeline.name, "segments": _segments(timeline)},
                                "message": message}]},
    )["logged"]  # fmt: skip
    python = _kernel_logs(timeline, message)
    assert logged[0]["completed"] is True and python["completed"] is True
    assert _first_difference(logged, [{**python, "completed": False}], str) is not None
