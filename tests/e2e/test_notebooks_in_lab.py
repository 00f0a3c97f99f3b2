"""Every lesson notebook, opened in JupyterLab in Chromium, runs top to bottom with no error and
every widget rendered; and the checker itself catches an error and an unrendered widget.

The notebooks are opened one after another in one JupyterLab page, as a learner goes through the
lesson, each with a kernel of its own that ends after its test."""

from __future__ import annotations

import pytest

from .lab import REPO, keep_screenshot

LESSON_NOTEBOOKS = sorted(path.name for path in (REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture
def lab(module_lab):
    yield module_lab
    module_lab.close_documents()
    module_lab.end_sessions()


@pytest.mark.parametrize("notebook", LESSON_NOTEBOOKS)
def test_notebook_runs_in_lab_without_errors_and_renders_every_widget(lab, notebook):
    lab.run_notebook(notebook, check=False)
    keep_screenshot(lab.page, f"lab-{notebook}")
    lab.assert_ran_cleanly()


def test_fixture_with_plain_widgets_runs_cleanly(lab):
    lab.run_notebook("fixtures/widgets.ipynb", check=False)
    keep_screenshot(lab.page, "lab-fixture-widgets")
    lab.assert_ran_cleanly()
    assert lab.widget_count() == 2
    assert lab.page.locator(".fixture-total").inner_text() == "Total 0:35"


def test_checker_reports_a_cell_that_raises(lab):
    lab.run_notebook("fixtures/error.ipynb", check=False)
    problems = [str(problem) for problem in lab.problems()]
    assert any("ZeroDivisionError" in problem for problem in problems), problems
    assert any("never ran" in problem for problem in problems), problems  # the cell after it


def test_checker_reports_a_widget_that_did_not_render(lab):
    lab.run_notebook("fixtures/broken_widget.ipynb", check=False)
    problems = [str(problem) for problem in lab.problems()]
    assert len(problems) == 1 and "widget not rendered" in problems[0], problems
    assert lab.page.locator(".widget-label", has_text="this one renders").is_visible()
