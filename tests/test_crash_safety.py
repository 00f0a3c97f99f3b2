"""Killing a process while it saves leaves the old file or the new one, never a broken one.

A writer subprocess (tests/crash_writer.py) saves over and over; the test kills it with SIGKILL
at seeded random moments and, after each kill, checks what a learner would find next time.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from psoas_lesson import practice
from psoas_lesson.errors import DataError
from psoas_lesson.routine import load_routine, routine_to_json, save_routine

from .crash_writer import big_routine

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX only")

WRITER = Path(__file__).with_name("crash_writer.py")
ROOT = Path(__file__).resolve().parents[1]
KILLS = 24
# Slow each fsync a little in the writer so that many kills land while a temporary file exists
# (between its creation and the rename): the moment the atomic save has to get right.
SLOW_FSYNC = "import os, time; _f = os.fsync; os.fsync = lambda fd: (_f(fd), time.sleep(0.003))[0]"


def _start(*args: str) -> subprocess.Popen:
    code = (
        f"{SLOW_FSYNC}; import runpy, sys; sys.argv = {[str(WRITER), *args]!r}; "
        f"runpy.run_path({str(WRITER)!r}, run_name='__main__')"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _kill_after_first_line(process: subprocess.Popen, rng: random.Random) -> tuple[str, str]:
    """Wait until the writer has acknowledged one write, let it go on a random moment, kill it;
    return every line it printed and its stderr."""
    first = process.stdout.readline()
    if not first:
        process.wait(timeout=10)
        pytest.fail(f"the writer stopped before writing: {process.stderr.read()}")
    time.sleep(rng.uniform(0.0, 0.025))
    process.send_signal(signal.SIGKILL)
    rest, err = process.communicate(timeout=10)
    assert process.returncode == -signal.SIGKILL
    return first + rest, err


def _temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_routine_killed_while_saving_loads_as_the_old_or_the_new_routine(tmp_path, catalog):
    path = tmp_path / "my-routine.json"
    routines = {big_routine(which) for which in "AB"}
    texts = {routine_to_json(routine) for routine in routines}
    save_routine(big_routine("A"), path)  # the learner's routine before the first run
    rng = random.Random(20240605)
    interrupted = 0
    for kill in range(KILLS):
        printed, err = _kill_after_first_line(_start("routine", str(path)), rng)
        assert "Traceback" not in err, err
        assert path.read_text(encoding="utf-8") in texts, (
            f"kill {kill}: the file is neither A nor B"
        )
        assert load_routine(path, catalog.exercises_by_id) in routines
        leftovers = _temp_files(tmp_path)
        # A kill mid-save leaves that save's temporary file; the next save removes it.
        assert len(leftovers) <= 1, f"kill {kill}: temporary files pile up: {leftovers}"
        interrupted += bool(leftovers)
    assert interrupted, "no kill landed during a save: the test did not test anything"
    save_routine(big_routine("B"), path)
    assert _temp_files(tmp_path) == []


def test_the_practice_log_keeps_every_acknowledged_session_when_killed(tmp_path):
    path = tmp_path / "practice.sqlite3"
    rng = random.Random(20240606)
    acknowledged: set[str] = set()
    for run in range(KILLS):
        printed, err = _kill_after_first_line(_start("log", str(path), str(run)), rng)
        assert "Traceback" not in err, err
        lines = printed.splitlines()
        assert not [line for line in lines if line.startswith("failed")], lines
        # Every line but perhaps a last one cut short by the kill is an acknowledged session.
        for line in lines:
            words = line.split()
            if len(words) == 3 and words[0] == "recorded" and words[2].isdigit():
                acknowledged.add(f"{words[1]}-{words[2]}")

        try:
            sessions = practice.PracticeLog(path).sessions()  # opens, even after a kill mid-commit
        except DataError as error:
            journal = path.with_name(path.name + "-journal")
            pytest.fail(
                f"after kill {run} the log cannot be read (a rollback journal is "
                f"{'left' if journal.exists() else 'not left'}): {error}"
            )
        ids = [session.id for session in sessions]
        assert len(ids) == len(set(ids)), f"run {run}: a session is stored twice"
        missing = acknowledged - set(ids)
        assert not missing, f"run {run}: acknowledged sessions lost: {sorted(missing)[:5]}"
        for session in sessions:
            number = int(session.id.split("-")[1])
            assert session.routine == f"run {session.id.split('-')[0]}"
            assert session.exercises == ("kneeling-lunge", "camel-pose")
            assert session.seconds_done == 60.0 + number
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert len(acknowledged) >= KILLS
