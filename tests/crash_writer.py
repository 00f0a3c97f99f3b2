"""Writes a file over and over until it is killed: the other half of test_crash_safety.py.

    python tests/crash_writer.py routine PATH   # save_routine, alternating two routines
    python tests/crash_writer.py log PATH RUN   # PracticeLog(PATH).record(...), one session a time

After each completed write it prints one line and flushes, so the test knows what was
acknowledged before it killed the process: ``saved N`` for routines, ``recorded RUN N`` for
the log (session N of this run is in the database).
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

from psoas_lesson.routine import MAX_ENTRIES, Entry, Routine, Settings, save_routine

EXERCISES = ("kneeling-lunge", "glute-bridge", "camel-pose", "sphinx-pose", "supine-psoas-massage")


def big_routine(which: str) -> Routine:
    """One of two valid routines, as large as the format allows, so a save takes a while."""
    hold = 30 if which == "A" else 40
    # Every fifth entry is the kneeling lunge, with a hold that differs between A and B.
    entries = tuple(
        Entry(EXERCISES[i % len(EXERCISES)], hold_s=hold if i % len(EXERCISES) == 0 else None)
        for i in range(MAX_ENTRIES)
    )
    return Routine(
        name=f"Crash test routine {which}",
        entries=entries,
        description=(f"Routine {which}. " + "A long description to make the file bigger. " * 60)[
            :3000
        ],
        settings=Settings(prepare_s=10 if which == "A" else 20),
    )


def write_routines(path: Path) -> None:
    routines = (big_routine("A"), big_routine("B"))
    count = 0
    while True:
        save_routine(routines[count % 2], path)
        count += 1
        print(f"saved {count}", flush=True)


def write_log(path: Path, run: str) -> None:
    from psoas_lesson.practice import PracticeLog, Session

    log = PracticeLog(path)
    start = datetime(2024, 1, 1, 7, 0)
    count = 0
    while True:
        session = Session(
            start + timedelta(minutes=count),
            f"run {run}",
            ("kneeling-lunge", "camel-pose"),
            60.0 + count,
            completed=count % 2 == 0,
            id=f"{run}-{count}",
        )
        if not log.record(session):
            print(f"failed {log.last_error}", flush=True)
            continue
        print(f"recorded {run} {count}", flush=True)
        count += 1


if __name__ == "__main__":
    kind, target = sys.argv[1], Path(sys.argv[2])
    if kind == "routine":
        write_routines(target)
    elif kind == "log":
        write_log(target, sys.argv[3])
    else:
        sys.exit(f"crash_writer.py: unknown kind {kind!r}; use routine or log")
