"""The `handout` and `log` commands."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from psoas_lesson import handout
from psoas_lesson.cli import main
from psoas_lesson.paths import data_dir
from psoas_lesson.practice import PracticeLog, Session

from .test_handout import FakeChart


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def fake_charts(monkeypatch):
    monkeypatch.setattr(handout, "_timeline_chart", lambda routine, catalog: FakeChart("timeline"))
    monkeypatch.setattr(handout, "_anatomy_chart", lambda catalog: FakeChart("schematic"))


def one_line_exit_2(code, out, err, expected):
    assert code == 2 and out == ""
    assert expected in err and err.startswith("psoas-lesson ")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


# -- handout ------------------------------------------------------------------------------------


def test_handout_writes_the_page_and_prints_its_path(capsys, fake_charts, tmp_path):
    target = tmp_path / "daily.html"
    code, out, err = run(capsys, "handout", "daily-short", "--out", target)
    assert code == 0 and err == ""
    assert out.strip() == str(target)
    text = target.read_text(encoding="utf-8")
    assert "Short daily routine" in text and text.count('<img src="data:image/png;base64,') == 2


def test_handout_reads_a_routine_file_and_defaults_the_output_name(
    capsys, fake_charts, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "handout", data_dir() / "routines" / "class-warmup.json")
    assert code == 0 and out.strip() == "class-warmup-handout.html"
    assert "Class warm-up" in (tmp_path / "class-warmup-handout.html").read_text(encoding="utf-8")


def test_handout_uses_a_teachers_data_dir(capsys, fake_charts, tmp_path):
    extra = tmp_path / "mine"
    (extra / "routines").mkdir(parents=True)
    (extra / "routines" / "mine.json").write_text(
        '{"format": "psoas-lesson/routine", "version": 1, "id": "mine", "name": "Mine <b>",'
        ' "entries": [{"exercise": "camel-pose"}]}'
    )
    target = tmp_path / "mine.html"
    code, _, _ = run(capsys, "handout", "mine", "--out", target, "--data-dir", extra)
    assert code == 0 and "Mine &lt;b&gt;" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "argv,expected",
    [
        (
            ["handout", "nope"],
            "unknown routine 'nope'; ready routines: article-full, class-warmup, daily-short",
        ),
        (["handout", "missing.json"], "missing.json: no such file"),
        (["handout"], "the following arguments are required: ROUTINE"),
    ],
)
def test_handout_bad_input_is_one_line_and_exit_2(capsys, fake_charts, argv, expected):
    one_line_exit_2(*run(capsys, *argv), expected)


def test_handout_to_a_folder_is_one_line_and_exit_2(capsys, fake_charts, tmp_path):
    one_line_exit_2(*run(capsys, "handout", "daily-short", "--out", tmp_path), "cannot be written")


# -- log ----------------------------------------------------------------------------------------


@pytest.fixture
def seeded(tmp_path) -> PracticeLog:
    log = PracticeLog(tmp_path / "practice.sqlite3")
    today = date.today()
    for back, seconds in [
        (0, 600),
        (1, 300),
        (2, 90),
        (40, 1200),
    ]:  # 40 days back: outside any 4 weeks
        day = today - timedelta(days=back)
        assert log.record(
            Session(
                datetime(day.year, day.month, day.day, 7, 15),
                "=Daily",
                ("kneeling-lunge", "camel-pose"),
                seconds,
                back != 2,
            )
        )
    return log


def test_log_prints_minutes_per_week_and_the_streak(capsys, seeded):
    code, out, err = run(capsys, "log", "--path", seeded.path, "--weeks", "4")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"Practice log: {seeded.path} (4 sessions)"
    table = lines[2:-1]
    expected = seeded.weekly_minutes(4)
    assert [line.split()[0] for line in table] == [start.isoformat() for start, _ in expected]
    assert [float(line.split()[1]) for line in table] == [round(m, 1) for _, m in expected]
    assert sum(float(line.split()[1]) for line in table) == pytest.approx(16.5, abs=0.15)
    assert lines[-1] == "Current streak: 3 days"


def test_log_reads_the_path_from_the_environment(capsys, seeded, monkeypatch):
    monkeypatch.setenv("PSOAS_LESSON_LOG", str(seeded.path))
    code, out, _ = run(capsys, "log")
    assert code == 0 and "(4 sessions)" in out and len(out.splitlines()) == 8 + 3


def test_log_csv_prints_every_session_safely(capsys, seeded):
    code, out, _ = run(capsys, "log", "--csv", "--path", seeded.path)
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == [
        "date",
        "time",
        "routine",
        "exercises",
        "seconds_done",
        "completed",
    ]
    assert len(rows) == 5 and {r[2] for r in rows[1:]} == {"'=Daily"}
    assert rows[-1][3:] == ["kneeling-lunge;camel-pose", "600", "yes"]


def test_log_of_a_new_learner_shows_zero_weeks_and_creates_nothing(capsys, tmp_path):
    path = tmp_path / "none.sqlite3"
    code, out, _ = run(capsys, "log", "--path", path)
    assert code == 0 and "(0 sessions)" in out and out.rstrip().endswith("Current streak: 0 days")
    assert not path.exists()


def test_log_of_a_corrupt_database_is_one_line_and_exit_2_and_leaves_it_alone(capsys, tmp_path):
    path = tmp_path / "practice.sqlite3"
    path.write_bytes(b"junk" * 100)
    for argv in (["log", "--path", path], ["log", "--csv", "--path", path]):
        one_line_exit_2(*run(capsys, *argv), "is not a readable practice log")
    assert path.read_bytes() == b"junk" * 100


def test_log_of_a_locked_database_is_one_line_and_exit_2(capsys, seeded, monkeypatch):
    import sqlite3

    monkeypatch.setattr("psoas_lesson.practice.BUSY_TIMEOUT_S", 0.1)
    holder = sqlite3.connect(seeded.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        one_line_exit_2(*run(capsys, "log", "--path", seeded.path), "database is locked")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize("weeks", ["0", "-3", "521"])
def test_log_refuses_a_silly_number_of_weeks(capsys, tmp_path, weeks):
    one_line_exit_2(
        *run(capsys, "log", "--path", tmp_path / "p.sqlite3", "--weeks", weeks), "--weeks"
    )


def test_log_through_the_real_command(tmp_path):
    path = tmp_path / "practice.sqlite3"
    path.write_bytes(b"junk" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "psoas_lesson", "log", "--path", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stdout == "" and result.stderr.count("\n") == 1
