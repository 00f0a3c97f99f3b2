"""The practice log: sessions a learner has done, kept in a small SQLite file.

Nothing recorded is ever lost. When the database cannot be written (corrupt, locked by another
program, folder not writable) :meth:`PracticeLog.record` returns False, says why in
``last_error`` and appends the session as one JSON line to a *pending* file next to the database
(``practice.sqlite3.pending.jsonl``); the next successful ``record()`` or ``flush_pending()``
adds the pending sessions to the database. Each session carries a uuid, so a session replayed
twice is stored once. The log never renames, deletes or overwrites an existing database file,
not even a damaged one: the learner moves it aside (the message says so) and keeps its bytes.

Times are *naive local* wall-clock times: a day or a week in a streak is the learner's calendar
day. An aware ``started_at`` is converted to local time when the Session is made.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from .errors import DataError

ENV_LOG = "PSOAS_LESSON_LOG"
FILE_NAME = "practice.sqlite3"
PENDING_SUFFIX = ".pending.jsonl"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 2.0


def seconds_done_of(spent: Sequence[float]) -> float:
    """Seconds done in a run, to a tenth, from the seconds spent in each segment.

    Whole milliseconds are summed and the total rounded half up, all in integers, so the
    take-away page (``widgets/takeaway.js``, ``secondsDoneOf``) gets the same tenth from the
    same floats; a float sum rounded to one decimal can land either side of a tie.
    """
    milliseconds = sum(math.floor(seconds * 1000 + 0.5) for seconds in spent)
    return ((milliseconds + 50) // 100) / 10


CSV_HEADER = ("date", "time", "routine", "exercises", "seconds_done", "completed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    routine TEXT NOT NULL,
    exercises TEXT NOT NULL,
    seconds_done REAL NOT NULL,
    completed INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_start ON sessions (started_at);
"""


class PracticeLogError(DataError):
    """The practice log cannot be read: one line naming the file and what to do."""

    def __init__(self, path: Path, message: str):
        super().__init__(message, file=str(path))


def _local_naive(moment: datetime) -> datetime:
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo is not None else moment


@dataclass(frozen=True)
class Session:
    """One practice session. ``started_at`` is naive local time (aware values are converted)."""

    started_at: datetime
    routine: str
    exercises: tuple[str, ...]
    seconds_done: float
    completed: bool
    id: str = field(default_factory=lambda: uuid.uuid4().hex, kw_only=True)

    def __post_init__(self):
        if not isinstance(self.started_at, datetime):
            raise TypeError(f"started_at must be a datetime, got {self.started_at!r}")
        seconds = float(self.seconds_done)
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(
                f"seconds_done must be a number of seconds >= 0, got {self.seconds_done!r}"
            )
        # Frozen: normalise through object.__setattr__ so every Session compares and stores alike.
        object.__setattr__(self, "started_at", _local_naive(self.started_at))
        object.__setattr__(self, "routine", str(self.routine))
        object.__setattr__(self, "exercises", tuple(str(e) for e in self.exercises))
        object.__setattr__(self, "seconds_done", seconds)
        object.__setattr__(self, "completed", bool(self.completed))
        object.__setattr__(self, "id", str(self.id))

    @property
    def day(self) -> date:
        return self.started_at.date()

    def to_data(self) -> dict:
        return {
            "id": self.id,
            "started_at": self.started_at.isoformat(),
            "routine": self.routine,
            "exercises": list(self.exercises),
            "seconds_done": self.seconds_done,
            "completed": self.completed,
        }

    @classmethod
    def from_data(cls, data: dict) -> Session:
        return cls(
            datetime.fromisoformat(data["started_at"]),
            data["routine"],
            tuple(data["exercises"]),
            data["seconds_done"],
            data["completed"],
            id=data["id"],
        )


def default_log_path() -> Path:
    """``$PSOAS_LESSON_LOG`` if set, else ``practice.sqlite3`` in the user data directory."""
    from .paths import user_data_dir

    override = os.environ.get(ENV_LOG, "").strip()
    return Path(override).expanduser() if override else user_data_dir() / FILE_NAME


class _NewerLog(Exception):
    def __init__(self, version: int):
        super().__init__(version)
        self.version = version


class PracticeLog:
    """A learner's practice sessions in SQLite, with a pending file for sessions not yet stored."""

    def __init__(self, path: str | Path | None = None, *, timeout: float | None = None):
        self.path = Path(path).expanduser() if path is not None else default_log_path()
        # Short: a timer finishing must not hang on a log another program holds.
        self.timeout = BUSY_TIMEOUT_S if timeout is None else timeout
        self.last_error: str | None = None
        # Last resort when even the pending file cannot be written: kept until the next record.
        self._unsaved: list[Session] = []

    @property
    def pending_path(self) -> Path:
        return self.path.with_name(self.path.name + PENDING_SUFFIX)

    def __repr__(self) -> str:
        return f"PracticeLog({str(self.path)!r})"

    # -- writing -------------------------------------------------------------------------------

    def record(self, session: Session) -> bool:
        """Store a session (and any pending ones); on failure keep it pending and return False."""
        self.last_error = None
        try:
            self._store([session])
            return True
        except (sqlite3.Error, OSError, _NewerLog) as exc:
            self.last_error = self._write_problem(exc)
        self._keep(session)
        return False

    def flush_pending(self) -> bool:
        """Add pending sessions to the database; True when none are left waiting."""
        self.last_error = None
        try:
            self._store([])
            return True
        except (sqlite3.Error, OSError, _NewerLog) as exc:
            self.last_error = self._write_problem(exc)
            return False

    def _store(self, new: Sequence[Session]) -> None:
        pending = self._pending_sessions()
        batch = pending + self._unsaved + list(new)
        if not batch:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)) as db:
            db.execute("BEGIN IMMEDIATE")  # take the write lock now: a busy log fails here, whole
            try:
                self._ensure_schema(db)
                db.executemany(
                    "INSERT OR IGNORE INTO sessions VALUES (?, ?, ?, ?, ?, ?)",
                    [_row(s) for s in batch],
                )
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    with suppress(sqlite3.Error):  # keep the first error, not the rollback's
                        db.execute("ROLLBACK")
                raise
        self._unsaved = []
        if pending:
            self._forget_pending({s.id for s in pending})

    @staticmethod
    def _ensure_schema(db: sqlite3.Connection) -> None:
        # Not executescript: it would COMMIT the open transaction first.
        for statement in filter(str.strip, _SCHEMA.split(";")):
            db.execute(statement)
        row = db.execute("SELECT max(version) FROM schema_version").fetchone()
        if row[0] is None:
            db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        elif row[0] > SCHEMA_VERSION:
            raise _NewerLog(row[0])

    def _keep(self, session: Session) -> None:
        line = (json.dumps(session.to_data(), ensure_ascii=False) + "\n").encode("utf-8")
        try:
            self.pending_path.parent.mkdir(parents=True, exist_ok=True)
            # One write to an O_APPEND descriptor: concurrent writers never interleave a line.
            fd = os.open(self.pending_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            self._unsaved.append(session)
            self.last_error = (
                f"{self.last_error}; it could not be kept in {self.pending_path} either "
                f"({exc.strerror or exc}), so it is held in memory until the next session"
            )

    def _forget_pending(self, stored: set[str]) -> None:
        """Drop pending lines now in the database; lines that do not parse stay for a human."""
        from .files import atomic_write_text

        try:
            lines = self.pending_path.read_text(encoding="utf-8").splitlines(keepends=True)
            keep = [line for line in lines if _line_id(line) not in stored]
            if keep:
                atomic_write_text(self.pending_path, "".join(keep))
            else:
                self.pending_path.unlink()
        except OSError:
            pass  # they are in the database; replaying them again stores nothing twice

    def _write_problem(self, exc: BaseException) -> str:
        kept = f"the session was kept in {self.pending_path} and will be added next time"
        if isinstance(exc, _NewerLog):
            return (
                f"{self.path}: written by a newer psoas-lesson (log format {exc.version}; this one "
                f"reads up to {SCHEMA_VERSION}): upgrade psoas-lesson; {kept}"
            )
        return f"{self.path}: {_problem(exc)}; {kept}"

    # -- reading -------------------------------------------------------------------------------

    def sessions(self) -> list[Session]:
        """Every session: the database's in time order, then pending ones not yet stored.

        Raises PracticeLogError (a one-line DataError) if the database cannot be read.
        """
        stored = self._stored_sessions()
        seen = {s.id for s in stored}
        try:
            pending = self._pending_sessions()
        except OSError as exc:
            raise PracticeLogError(
                self.pending_path, f"cannot be read ({exc.strerror or exc})"
            ) from None
        waiting = []
        for session in pending + self._unsaved:
            if session.id not in seen:
                seen.add(session.id)
                waiting.append(session)
        return stored + waiting

    def _reader(self, mode: str) -> sqlite3.Connection:
        uri = self.path.resolve().as_uri() + f"?mode={mode}"
        return sqlite3.connect(uri, uri=True, timeout=self.timeout)

    def _stored_sessions(self) -> list[Session]:
        if not self.path.exists():
            return []
        try:
            # Read-write but never create: a writer killed mid-commit leaves a hot rollback
            # journal, and only a connection that may write can roll it back and read the log.
            # Read-only is the fallback for a log the learner may not write (a shared file).
            db = self._reader("rw")
            try:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                db.close()
                db = self._reader("ro")
            except BaseException:
                db.close()
                raise
            with closing(db):
                tables = {
                    name
                    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
                }
                if "schema_version" in tables:
                    version = (
                        db.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0
                    )
                    if version > SCHEMA_VERSION:
                        raise PracticeLogError(
                            self.path,
                            (
                                f"written by a newer psoas-lesson (log format {version}; this one "
                                "reads up "
                                f"to {SCHEMA_VERSION}): upgrade psoas-lesson to read it"
                            ),
                        )
                if "sessions" not in tables:
                    return []
                rows = db.execute(
                    "SELECT id, started_at, routine, exercises, seconds_done, completed "
                    "FROM sessions ORDER BY started_at, id"
                ).fetchall()
        except (sqlite3.Error, OSError) as exc:
            raise PracticeLogError(self.path, _problem(exc)) from None
        try:
            return [
                Session(
                    datetime.fromisoformat(started),
                    routine,
                    tuple(json.loads(exercises)),
                    seconds,
                    bool(done),
                    id=id_,
                )
                for id_, started, routine, exercises, seconds, done in rows
            ]
        except (ValueError, TypeError) as exc:
            raise PracticeLogError(
                self.path, f"holds a session that cannot be read ({exc})"
            ) from None

    def _pending_sessions(self) -> list[Session]:
        try:
            text = self.pending_path.read_text(encoding="utf-8", errors="replace")
        except (FileNotFoundError, NotADirectoryError):
            return []
        sessions = []
        for line in text.splitlines():
            try:
                sessions.append(Session.from_data(json.loads(line)))
            except (ValueError, TypeError, KeyError, AttributeError):
                continue  # a torn or hand-edited line: left in the file, not guessed at
        return sessions

    def weekly_minutes(self, weeks: int = 8, today: date | None = None) -> list[tuple[date, float]]:
        """Minutes practised in each of the last ``weeks`` weeks (Monday starts), oldest first."""
        return weekly_minutes(self.sessions(), weeks, today)

    def streak(self, today: date | None = None) -> int:
        """Consecutive days with a session, up to today (or yesterday if none yet today)."""
        return streak(self.sessions(), today)

    def to_csv(self) -> str:
        """Every session as CSV, oldest first, safe to open in a spreadsheet."""
        return sessions_csv(self.sessions())


# -- pure helpers, also used by the chart and the CLI -------------------------------------------


def _row(session: Session) -> tuple:
    return (
        session.id,
        session.started_at.isoformat(),
        session.routine,
        json.dumps(list(session.exercises), ensure_ascii=False),
        session.seconds_done,
        int(session.completed),
    )


def _line_id(line: str) -> str | None:
    try:
        return json.loads(line).get("id")
    except (ValueError, AttributeError):
        return None


def _problem(exc: BaseException) -> str:
    """What went wrong with the database file and what to do, in a few words."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return (
            "the practice log is in use by another program (database is locked); "
            "try again in a moment"
        )
    if isinstance(exc, OSError) or "unable to open" in text:
        reason = getattr(exc, "strerror", None) or text
        return (
            f"the practice log cannot be opened ({reason}); check the folder exists and is "
            "writable, "
            f"or set {ENV_LOG} to another file"
        )
    if isinstance(exc, sqlite3.OperationalError) and ("readonly" in text or "disk" in text):
        return (
            f"the practice log cannot be written ({text}); check the file's permissions and the "
            "free "
            f"disk space, or set {ENV_LOG} to another file"
        )
    return (
        f"is not a readable practice log ({text}); it was left untouched: move it aside "
        f"(or set {ENV_LOG} to another file) to start a new log"
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_minutes(
    sessions: Iterable[Session], weeks: int = 8, today: date | None = None
) -> list[tuple[date, float]]:
    """Minutes per week for the ``weeks`` weeks ending with today's, oldest first, zeros included.

    The window is whole weeks, Monday to Sunday.
    """
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    today = today or date.today()
    first = _monday(today) - timedelta(weeks=weeks - 1)
    totals = {first + timedelta(weeks=i): 0.0 for i in range(weeks)}
    for session in sessions:
        week = _monday(session.day)
        if week in totals:
            totals[week] += session.seconds_done / 60.0
    return list(totals.items())


def streak(sessions: Iterable[Session], today: date | None = None) -> int:
    """Consecutive days with a session ending today, or yesterday while today has none yet."""
    today = today or date.today()
    days = {session.day for session in sessions}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def _cell(text: str) -> str:
    # A spreadsheet runs a cell that starts like a formula; a leading quote makes it text (OWASP).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _seconds(value: float) -> str:
    value = round(value, 1)
    return str(int(value)) if value.is_integer() else str(value)


def sessions_csv(sessions: Iterable[Session]) -> str:
    """Sessions as CSV with the header ``date,time,routine,exercises,seconds_done,completed``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for s in sorted(sessions, key=lambda s: s.started_at):
        writer.writerow(
            [
                s.started_at.date().isoformat(),
                s.started_at.strftime("%H:%M:%S"),
                _cell(s.routine),
                _cell(";".join(s.exercises)),
                _seconds(s.seconds_done),
                "yes" if s.completed else "no",
            ]
        )
    return buffer.getvalue()
