from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from psoas_lesson.cli import main
from psoas_lesson.paths import data_dir

from .helpers import EXERCISE_COUNT, EXERCISE_IDS


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_the_thirteen_exercises(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == EXERCISE_IDS


def test_list_json_gives_ids_names_and_kinds(capsys):
    code, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert rows[0] == {
        "id": "kneeling-lunge",
        "name": "Kneeling lunge stretch",
        "kind": "static-stretch",
    }
    assert len(rows) == EXERCISE_COUNT


def test_show_prints_steps_dose_and_cautions(capsys):
    code, out, _ = run(capsys, "show", "kneeling-lunge")
    assert code == 0
    assert "Kneeling lunge stretch" in out and "Cautions:" in out
    assert "3 × 30 s holds per side, alternating right and left" in out


def test_plan_kneeling_lunge_json(capsys):
    code, out, _ = run(capsys, "plan", "--exercise", "kneeling-lunge", "--json")
    data = json.loads(out)
    segments = data["segments"]
    assert segments[0]["kind"] == "prepare"
    work = [s for s in segments if s["kind"] == "work"]
    assert [(s["duration_s"], s["side"]) for s in work] == [(30, "right"), (30, "left")] * 3
    assert [s["kind"] for s in segments[1:]] == ["work", "switch"] * 5 + ["work"]
    assert data["total_s"] == sum(s["duration_s"] for s in segments)


def test_plan_applies_flags_to_every_exercise(capsys):
    code, out, _ = run(
        capsys,
        "plan",
        "--exercise",
        "side-lying-psoas-stretch",
        "--exercise",
        "camel-pose",
        "--hold",
        "12",
        "--reps",
        "2",
        "--json",
    )
    work = [s for s in json.loads(out)["segments"] if s["kind"] == "work"]
    assert [s["duration_s"] for s in work] == [12] * 6  # two a side, then two of the camel


def test_plan_reads_a_routine_file(capsys):
    code, out, _ = run(capsys, "plan", str(data_dir() / "routines" / "class-warmup.json"))
    assert code == 0 and out.startswith("Class warm-up:") and out.rstrip().endswith("done")


def test_plan_takes_a_ready_routine_by_id_as_handout_does(capsys):
    by_id = run(capsys, "plan", "class-warmup", "--json")
    by_file = run(capsys, "plan", str(data_dir() / "routines" / "class-warmup.json"), "--json")
    assert by_id[0] == 0 and by_id == by_file
    code, out, _ = run(capsys, "plan", "class-warmup")
    assert code == 0 and out.startswith("Class warm-up:")


def test_validate_with_no_path_checks_the_projects_data(capsys):
    code, out, _ = run(capsys, "validate")
    assert code == 0 and f"{EXERCISE_COUNT} exercises" in out


BAD = [
    (["show", "kneeling-lunges"], "unknown exercise id 'kneeling-lunges'"),
    (["plan"], "give a routine (an id or a file) or at least one --exercise ID"),
    (
        ["plan", "class-warmups"],
        "unknown routine 'class-warmups'; ready routines: article-full, class-warmup, daily-short",
    ),
    (
        ["plan", "class-warmup", "--exercise", "camel-pose"],
        "give a routine or --exercise, not both",
    ),
    (["plan", "--exercise", "nope"], "unknown exercise id 'nope'"),
    (
        ["plan", "--exercise", "kneeling-lunge", "--hold", "-5"],
        "command line: entries[0] (kneeling-lunge): --hold: must be between 10 and 60 s for this "
        "exercise, got -5",
    ),
    (["plan", "--exercise", "camel-pose", "--reps", "100000"], "--reps: must be between 1 and 6"),
    (["plan", "--exercise", "camel-pose", "--hold", "nan"], "--hold: must be a number"),
    (["plan", "--exercise", "camel-pose", "--hold", "abc"], "invalid float value: 'abc'"),
    (["plan", "missing.json"], "missing.json: no such file"),
    (["validate", "nowhere"], "nowhere: no such file or directory"),
    (["list", "--data-dir", "nowhere"], "nowhere: is not a directory"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
]


@pytest.mark.parametrize("argv,expected", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, expected):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_bad_files_through_the_real_command(tmp_path):
    """The installed entry point: one line on stderr, exit 2, no traceback."""
    bad = tmp_path / "r.json"
    bad.write_text(
        '{"format": "psoas-lesson/routine", "version": 1, "name": "x", '
        '"entries": [{"exercise": "camel-pose", "hold_s": -3}]}'
    )
    result = subprocess.run(
        [sys.executable, "-m", "psoas_lesson", "plan", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "r.json: entries[0] (camel-pose): hold_s: must be seconds" in result.stderr


def test_the_entry_point_is_installed():
    script = Path(sys.executable).parent / "psoas-lesson"
    result = subprocess.run(
        [str(script), "list", "--json"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and len(json.loads(result.stdout)) == EXERCISE_COUNT


def test_a_teachers_data_dir_is_used_by_every_command(tmp_path, capsys):
    extra = tmp_path / "mine"
    (extra / "routines").mkdir(parents=True)
    source = (data_dir() / "exercises.yaml").read_text(encoding="utf-8")
    block = source[source.index("  - id: camel-pose") : source.index("  - id: glute-bridge")]
    (extra / "exercises.yaml").write_text(
        "exercises:\n" + block.replace("id: camel-pose", "id: chair-camel")
    )
    (extra / "routines" / "mine.json").write_text(
        json.dumps(
            {
                "format": "psoas-lesson/routine",
                "version": 1,
                "id": "mine",
                "name": "Mine",
                "entries": [{"exercise": "chair-camel"}, {"exercise": "kneeling-lunge"}],
            }
        )
    )
    assert "chair-camel" in run(capsys, "list", "--data-dir", str(extra))[1]
    assert "Camel pose" in run(capsys, "show", "chair-camel", "--data-dir", str(extra))[1]
    code, out, _ = run(
        capsys, "plan", str(extra / "routines" / "mine.json"), "--data-dir", str(extra)
    )
    assert code == 0 and "Mine" in out
    assert run(capsys, "plan", "mine", "--data-dir", str(extra))[1] == out  # by id too
    code, out, _ = run(capsys, "validate", str(extra), "--data-dir", str(extra))
    assert code == 0 and "1 exercises" in out


def test_importing_the_package_loads_no_widget_or_plotting_library():
    code = (
        "import sys, psoas_lesson; psoas_lesson.default_catalog(); "
        "bad = [m for m in ('matplotlib', 'ipywidgets', 'IPython', 'jsonschema') if m in "
        "sys.modules]; "
        "print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    # jsonschema is needed to load the catalog, but not to import the package.
    assert result.stdout.strip() in ("['jsonschema']", "[]"), result.stdout + result.stderr
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, psoas_lesson; print(sorted(m for m in "
            "('matplotlib', 'ipywidgets', 'IPython', 'jsonschema') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "[]"
