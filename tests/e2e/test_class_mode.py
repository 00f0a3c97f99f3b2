"""Class mode: ``python -m psoas_lesson.classroom`` serves the class view with Voilà; the page
shows no code, a projector-sized timer, the ready routines to choose from, and the timer runs."""

from __future__ import annotations

import nbformat
import pytest

from psoas_lesson import compile_timeline, default_catalog

from .lab import (
    FIXTURES,
    REPO,
    TimerControls,
    click_and_time,
    code_shown,
    keep_screenshot,
    module_exists,
    parse_clock,
)

needs_timer = pytest.mark.skipif(
    not module_exists("psoas_lesson/widgets/timer.py"),
    reason="the class view shows psoas_lesson/widgets/timer.py (the routine timer widget), "
    "not written yet; the classroom server itself is tested on a fixture notebook",
)

PROJECTOR_FONT_PX = 80
VOILA_RENDER_MS = 60_000  # a kernel starts and runs the notebook before the widgets show


def _code_lines(notebook) -> list[str]:
    document = nbformat.read(notebook, as_version=4)
    return [
        line.strip()
        for cell in document.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if len(line.strip()) > 8
    ]


def _assert_no_code(page, notebook) -> None:
    assert code_shown(page) == []
    body = page.inner_text("body")
    shown = [line for line in _code_lines(notebook) if line in body]
    assert not shown, f"code visible on the page: {shown}"


def test_classroom_serves_a_notebook_without_code_and_its_widgets_work(classroom, page):
    notebook = FIXTURES / "widgets.ipynb"
    server = classroom(notebook)
    page.goto(server.url + "/")
    page.locator(".fixture-go").wait_for(state="visible", timeout=VOILA_RENDER_MS)
    keep_screenshot(page, "voila-fixture-widgets")
    _assert_no_code(page, notebook)
    assert page.locator(".fixture-slider").is_visible()
    click_and_time(page, ".fixture-go")  # the kernel behind the page answers
    page.wait_for_function(
        "() => document.querySelector('.fixture-step').textContent === 'step 1'", timeout=5000
    )


@pytest.fixture
def class_page(classroom, page):
    page.set_viewport_size({"width": 1600, "height": 1000})  # a projector's shape
    page.goto(classroom().url + "/")
    timer = TimerControls(page)
    timer.wait_visible(timeout=VOILA_RENDER_MS / 1000)
    return page


@needs_timer
def test_class_view_shows_no_code_and_a_projector_sized_countdown(class_page):
    keep_screenshot(class_page, "voila-class-view")
    _assert_no_code(class_page, REPO / "notebooks" / "class_view.ipynb")
    timer = TimerControls(class_page)
    size = timer.font_size_px("remaining")
    assert size >= PROJECTOR_FONT_PX, f"countdown is {size:.0f} px, not projector-sized"
    assert timer.clipped("remaining") == [], "the countdown's digits are cut off"
    notice = default_catalog().guidance.safety_notice
    assert notice.split(".")[0] in class_page.locator(".psoas-class-safety").inner_text()


@needs_timer
def test_class_view_offers_the_ready_routines(class_page):
    # an option's value is its label (its text has no-break spaces)
    options = class_page.eval_on_selector_all(
        ".psoas-class-routine select option", "options => options.map(o => o.value)"
    )
    assert options == [routine.name for routine in default_catalog().routines]


@needs_timer
def test_class_view_start_makes_the_countdown_fall(class_page):
    timer = TimerControls(class_page)
    before = timer.remaining_s()
    timer.press("start")
    class_page.wait_for_function(
        """([s, before]) => {
            const m = /(\\d+):(\\d\\d)/.exec(document.querySelector(s).textContent);
                              return m && 60 * +m[1] + +m[2] < before; }""",
        arg=[timer.selector("remaining"), before],
        timeout=5000,
    )
    keep_screenshot(class_page, "voila-class-view-running")


@needs_timer
def test_choosing_another_routine_replaces_the_timer(class_page):
    catalog = default_catalog()
    timer = TimerControls(class_page)
    picker = class_page.locator(".psoas-class-routine select")
    current = picker.input_value()
    other = next(routine for routine in catalog.routines if routine.name != current)
    picker.select_option(other.name)
    first = compile_timeline(other, catalog).segments[0]
    timer.wait_for_step(first.cue)
    assert parse_clock(timer.remaining_text()) == round(first.duration_s)


def test_classroom_refuses_a_missing_notebook_with_one_line(tmp_path, capsys):
    from psoas_lesson.classroom import main

    assert main(["--notebook", str(tmp_path / "nowhere.ipynb"), "--no-browser"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == f"psoas-lesson: no notebook at {tmp_path / 'nowhere.ipynb'}"
    )


def test_class_notebook_keeps_its_code_to_a_few_lines():
    notebook = nbformat.read(REPO / "notebooks" / "class_view.ipynb", as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(len(cell.source.strip().splitlines()) <= 3 for cell in code)
    assert notebook.metadata.kernelspec.name == "python3"  # Voilà and Lab start it without asking
