"""The class view's parts that need no browser: what it is made of, its Voilà arguments, and the
offline template (the browser tests in tests/e2e/test_class_mode.py show it)."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from jupyter_core.paths import jupyter_path

from psoas_lesson import classroom
from psoas_lesson.catalog import ENV_DATA_DIRS, load_catalog
from psoas_lesson.routine import Routine, load_routine, save_routine
from psoas_lesson.widgets.timer import RoutineTimer, no_figures, stop_all_timers

from .helpers import FakeClock, part
from .timer_page import FakePage

TEMPLATE = classroom.TEMPLATES / "voila" / "templates" / classroom.TEMPLATE


def _find(view, kind):
    stack = [view]
    while stack:
        widget = stack.pop()
        if isinstance(widget, kind):
            return widget
        stack.extend(getattr(widget, "children", ()))
    return None


def test_the_class_view_holds_a_projector_timer_with_the_given_pose_figures():
    frame = {"svg": "<svg viewBox='0 0 1 1'></svg>", "alt": "a pose"}
    view = classroom.class_view(figures=lambda exercise, side: [frame])
    try:
        timer = _find(view, RoutineTimer)
        assert timer.size == "fill" and timer.pose_frames
        assert "psoas-class-view" in view._dom_classes
        # its own layout travels with it, in a holder that takes no room
        style = view.children[0]
        assert style.value == f"<style>{classroom.STYLESHEET.read_text(encoding='utf-8')}</style>"
        assert style.layout.display == "none" and ".psoas-class-view {" in style.value
        assert "</style" not in classroom.STYLESHEET.read_text(encoding="utf-8")
    finally:
        stop_all_timers()


def test_voila_serves_the_lesson_template_on_this_computer_only():
    arguments = classroom.voila_arguments(Path("class_view.ipynb"), 8866, open_browser=False)
    assert "--template=psoas-class" in arguments and "--Voila.ip=127.0.0.1" in arguments
    assert (TEMPLATE / "conf.json").is_file() and (TEMPLATE / "index.html.j2").is_file()


def test_the_template_empties_exactly_the_cdn_links_voilas_own_template_has():
    ours = (TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    replaced = re.findall(r'replace\("(https://[^"]+)", "data:text/css,"\)', ours)
    voilas = [
        Path(folder, "voila", "templates", "lab", "index.html.j2") for folder in jupyter_path()
    ]
    found = next((path for path in voilas if path.is_file()), None)
    if found is None:
        pytest.skip("Voilà's lab template is not installed (pip install voila): nothing to compare")
    theirs = found.read_text(encoding="utf-8")
    linked = re.findall(r'href="(https?://[^"]+)"', theirs)
    assert linked and sorted(replaced) == sorted(linked), (replaced, linked)


# -- a teacher's routines ------------------------------------------------------------------------


def teachers_dir(tmp_path: Path) -> tuple[Path, Routine]:
    """A teacher's data directory with one routine of their own, ``evening-hips``."""
    folder = tmp_path / "teacher"
    (folder / "routines").mkdir(parents=True)
    routine = replace(
        Routine.of("camel-pose", "glute-bridge", name="Evening hips"), id="evening-hips"
    )
    save_routine(routine, folder / "routines" / "evening-hips.json")
    return folder, routine


@pytest.fixture
def no_timers_left():
    yield
    stop_all_timers()


def test_the_picker_lists_a_teachers_routines_beside_the_ready_ones(tmp_path, no_timers_left):
    folder, mine = teachers_dir(tmp_path)
    catalog = load_catalog(folder)
    view = classroom.class_view(catalog=catalog, figures=no_figures)
    picker = part(view, "psoas-class-routine")
    labels = [label for label, _ in picker.options]
    assert labels == [r.name for r in load_catalog().routines] + ["Evening hips"]
    assert picker.value.id == catalog.teaching.routine  # the class plan's, as before
    picker.value = mine
    assert repr(_find(view, RoutineTimer)).startswith("RoutineTimer('Evening hips'")


def test_a_routine_file_joins_the_picker_and_comes_first(catalog, tmp_path, no_timers_left):
    path = tmp_path / "desk.json"
    save_routine(Routine.of("camel-pose", name="Desk break"), path)
    view = classroom.class_view(str(path), catalog, figures=no_figures)
    picker = part(view, "psoas-class-routine")
    assert picker.value == load_routine(path, catalog.exercises_by_id)
    assert picker.options[-1][0] == "Desk break" and len(picker.options) == 4
    assert repr(_find(view, RoutineTimer)).startswith("RoutineTimer('Desk break'")


def test_changing_the_routine_while_a_run_is_under_way_asks_first(catalog, no_timers_left):
    view = classroom.class_view(catalog=catalog, figures=no_figures)
    picker, ask = part(view, "psoas-class-routine"), part(view, "psoas-class-ask")
    first, timer = picker.value, _find(view, RoutineTimer)
    other = next(r for r in catalog.routines if r != first)
    FakePage(timer, FakeClock()).press("start")
    picker.value = other  # a mis-tap on the projector's laptop
    assert ask.layout.display == "flex"
    assert html.escape(other.name) in part(view, "psoas-class-ask-text").value
    assert picker.value == first and _find(view, RoutineTimer) is timer and timer.running
    part(view, "psoas-class-ask-no").click()
    assert ask.layout.display == "none" and picker.value == first
    assert _find(view, RoutineTimer) is timer and timer.running
    picker.value = other
    part(view, "psoas-class-ask-yes").click()
    assert ask.layout.display == "none" and picker.value == other
    assert repr(_find(view, RoutineTimer)).startswith(f"RoutineTimer({other.name!r}")


def test_a_routine_not_yet_started_is_changed_without_asking(catalog, no_timers_left):
    view = classroom.class_view(catalog=catalog, figures=no_figures)
    picker = part(view, "psoas-class-routine")
    other = next(r for r in catalog.routines if r != picker.value)
    picker.value = other
    assert part(view, "psoas-class-ask").layout.display == "none"
    assert repr(_find(view, RoutineTimer)).startswith(f"RoutineTimer({other.name!r}")


def test_routines_that_share_a_name_are_told_apart_by_id():
    warm = Routine.of("camel-pose", name="Warm-up")
    labels = [
        label
        for label, _ in classroom.picker_options(
            [replace(warm, id="a"), replace(warm, id="b"), Routine.of("camel-pose", name="Other")]
        )
    ]
    assert labels == ["Warm-up (a)", "Warm-up (b)", "Other"]


def test_the_class_view_starts_on_the_routine_its_server_was_given(
    catalog, monkeypatch, no_timers_left
):
    monkeypatch.setenv(classroom.ENV_CLASS_ROUTINE, "daily-short")
    view = classroom.class_view(catalog=catalog, figures=no_figures)
    assert part(view, "psoas-class-routine").value.id == "daily-short"


def test_the_environment_carries_absolute_paths_to_the_kernel(tmp_path, monkeypatch):
    folder, _ = teachers_dir(tmp_path)
    save_routine(Routine.of("camel-pose", name="Desk"), tmp_path / "desk.json")
    monkeypatch.chdir(tmp_path)
    env = classroom.class_environment(["teacher"], "desk.json", environ={})
    assert env == {
        ENV_DATA_DIRS: str(folder.resolve()),
        classroom.ENV_CLASS_ROUTINE: str((tmp_path / "desk.json").resolve()),
    }
    env = classroom.class_environment(["teacher"], "evening-hips", environ={ENV_DATA_DIRS: "/x"})
    assert env[ENV_DATA_DIRS] == os.pathsep.join(["/x", str(folder.resolve())])
    assert env[classroom.ENV_CLASS_ROUTINE] == "evening-hips"  # an id stays an id
    assert classroom.class_environment([], None, environ={}) == {}


@pytest.fixture
def voila_never_starts(monkeypatch):
    """Voilà's launcher replaced by a recorder; the environment as the kernels would get it."""
    from voila.app import Voila

    started = []
    monkeypatch.setattr(
        Voila, "launch_instance", lambda argv: started.append((argv, dict(os.environ)))
    )
    monkeypatch.setattr(classroom, "trust", lambda notebook: None)
    saved = dict(os.environ)
    yield started
    os.environ.clear()
    os.environ.update(saved)


def test_the_teachers_data_dir_and_routine_reach_voila(tmp_path, voila_never_starts, capsys):
    folder, _ = teachers_dir(tmp_path)
    argv = ["--no-browser", "--data-dir", str(folder), "--routine", "evening-hips"]
    assert classroom.main(argv) == 0
    ((arguments, env),) = voila_never_starts
    assert "--no-browser" in arguments
    assert str(folder.resolve()) in env[ENV_DATA_DIRS].split(os.pathsep)
    assert env[classroom.ENV_CLASS_ROUTINE] == "evening-hips"


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["--data-dir", "nowhere"], "psoas-lesson: nowhere: is not a directory"),
        (["--routine", "no-such"], "psoas-lesson: unknown routine 'no-such'; ready routines: "),
        (["--routine", "missing.json"], "psoas-lesson: missing.json: no such file"),
        (["--port", "abc"], "invalid int value: 'abc'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2_before_voila_starts(
    tmp_path, monkeypatch, voila_never_starts, capsys, argv, expected
):
    monkeypatch.chdir(tmp_path)
    assert classroom.main(["--no-browser", *argv]) == 2
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1, err
    assert voila_never_starts == []


def test_a_bad_routine_in_the_teachers_dir_is_one_line_from_the_real_command(tmp_path):
    folder, _ = teachers_dir(tmp_path)
    (folder / "routines" / "broken.json").write_text('{"format": "psoas-lesson/routine"')
    result = subprocess.run(
        [sys.executable, "-m", "psoas_lesson.classroom", "--no-browser", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if not k.startswith("PSOAS_LESSON")},
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "broken.json" in result.stderr, result.stderr
    assert "Serving" not in result.stderr and "Traceback" not in result.stderr
