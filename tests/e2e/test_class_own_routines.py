"""The class view with a teacher's own routines: ``python -m psoas_lesson.classroom --data-dir DIR
--routine FILE`` lists the directory's routines and the file beside the ready ones in its picker,
starts on the file, and runs whichever the teacher picks, as the class sees it in Voilà."""

from __future__ import annotations

from dataclasses import replace

import pytest

from psoas_lesson import compile_timeline, default_catalog
from psoas_lesson.describe import clock
from psoas_lesson.routine import Routine, save_routine

from .lab import TimerControls, install_timer_hooks, keep_screenshot, start_classroom

VOILA_RENDER_MS = 60_000  # a kernel starts and runs the notebook before the widgets show
PICKER = ".psoas-class-routine select"
EVENING = replace(Routine.of("glute-bridge", "camel-pose", name="Evening hips"), id="evening-hips")
DESK = Routine.of("knee-to-chest", name="Desk break")


@pytest.fixture(scope="module")
def teachers_class(browser, jupyter_home, tmp_path_factory):
    """The class view served with a teacher's data directory and a routine file to start on."""
    folder = tmp_path_factory.mktemp("teacher")
    (folder / "routines").mkdir()
    save_routine(EVENING, folder / "routines" / "evening-hips.json")
    desk = folder / "desk-break.json"  # beside the directory, not in its routines/
    save_routine(DESK, desk)
    # the harness's own launcher (isolated Jupyter home, no PSOAS_LESSON_* from this process):
    # only the arguments differ from the `classroom` fixture's
    server = start_classroom(
        jupyter_home, arguments=["--data-dir", str(folder), "--routine", str(desk)]
    )
    try:
        yield server
    finally:
        server.stop()


def test_the_picker_lists_the_teachers_routines_and_runs_one(teachers_class, page):
    install_timer_hooks(page)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(teachers_class.url + "/")
    timer = TimerControls(page)
    timer.wait_visible(timeout=VOILA_RENDER_MS / 1000)
    catalog = default_catalog()

    # an option's value is its label: the ready routines, then the teacher's, then the file
    options = page.eval_on_selector_all(f"{PICKER} option", "options => options.map(o => o.value)")
    assert options == [r.name for r in catalog.routines] + ["Evening hips", "Desk break"]
    assert page.locator(PICKER).input_value() == "Desk break"  # --routine: shown first
    timer.wait_for_step(compile_timeline(DESK, catalog).segments[0].cue)
    keep_screenshot(page, "voila-class-teachers-routines")

    page.locator(PICKER).select_option("Evening hips")
    segments = compile_timeline(EVENING, catalog).segments
    timer.wait_for_step(segments[0].cue)
    assert page.locator(".psoas-timer").count() == 1
    timer.press("start")
    timer.wait_for_state("running")
    timer.press("skip")
    timer.wait_for_step(segments[1].cue)
    timer.wait_for_remaining(clock(timer.remaining_s() - 1))  # the countdown falls
    keep_screenshot(page, "voila-class-teachers-routine-running")
