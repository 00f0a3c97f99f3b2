"""axe-core (WCAG 2.1 A and AA) over the lesson's own outputs, in JupyterLab and Notebook 7, and
over the class view at a projector's and a phone's size: nothing found, no id used twice.

The audit (:mod:`harness.axe`) checks each output and each rendered Markdown cell scrolled into
view, every cell drawn (no windowing), after Run All, as a learner first sees the notebook.
``python tools/audit_accessibility.py`` prints the same audit as counts per rule.
"""

from __future__ import annotations

import pytest

from harness import axe
from harness import lab as e2e

pytestmark = pytest.mark.skipif(bool(axe.why_no_axe()), reason=axe.why_no_axe() or "")

LESSON = sorted(
    p.name for p in (e2e.REPO / "notebooks").glob("*.ipynb") if p.name != "class_view.ipynb"
)
OUTPUTS = ".jp-OutputArea-output"
# What axe cannot measure and a person judges on the screenshots: text over a picture.
DECIDED_BY_EYE = {"color-contrast"}
MARKDOWN = ".jp-MarkdownOutput"


@pytest.fixture(scope="module", params=list(e2e.APPS))
def audited_lab(request, browser, tmp_path_factory):
    """One front end with every cell drawn, on a page of its own, for the whole module."""
    home = tmp_path_factory.mktemp(f"{request.param}-audit-home")
    root = tmp_path_factory.mktemp(f"{request.param}-audit-root")
    e2e.copy_notebooks(root, [e2e.REPO / "notebooks" / name for name in LESSON])
    e2e.plain_notebook_settings(home)
    server = e2e.start_lab(root, home, app=request.param)
    page = browser.new_page(viewport=e2e.VIEWPORT)
    lab = e2e.Lab(page, server)
    try:
        yield lab
    finally:
        page.close()
        server.stop()


def _report(found) -> str:
    return "\n".join(map(str, found))


@pytest.mark.parametrize("notebook", LESSON)
def test_axe_finds_nothing_in_a_notebooks_outputs(audited_lab, notebook):
    audited_lab.run_notebook(notebook)
    try:
        page = audited_lab.page
        found = axe.audit(page, OUTPUTS) + axe.audit(page, MARKDOWN)
        assert not found, f"{audited_lab.app} {notebook}:\n{_report(found)}"
        # axe leaves some checks to a person; two sliders answering to one label is not one
        doubtful = [v for v in axe.to_review(page, OUTPUTS) if v.rule not in DECIDED_BY_EYE]
        assert not doubtful, f"{audited_lab.app} {notebook}:\n{_report(doubtful)}"
        assert not axe.duplicate_ids(page, OUTPUTS), audited_lab.app
    finally:
        audited_lab.end_sessions()


@pytest.mark.parametrize("size", [(1920, 1080), (390, 844)], ids=["projector", "phone"])
def test_axe_finds_nothing_on_the_class_view(browser, classroom, size):
    server = classroom()
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        page.goto(server.url, wait_until="domcontentloaded")
        page.locator(".psoas-timer").first.wait_for(state="visible", timeout=60_000)
        found = axe.audit(page, "body")
        assert not found, _report(found)
        assert not axe.duplicate_ids(page, "body")
    finally:
        page.close()


def test_the_audit_finds_a_picture_without_words_and_an_id_used_twice(page):
    """The checks above can fail: a chart without alt text and two sliders sharing an id."""
    page.set_content(
        """<main><div class="jp-OutputArea-output">
        <img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk
        YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" width="40" height="40">
        <label for="s">Hold</label><input type="range" id="s">
        <label for="s">Rest</label><input type="range" id="s"></div></main>"""
    )
    rules = axe.counts(axe.audit(page, OUTPUTS))
    assert rules.get("image-alt") == 1
    assert "form-field-multiple-labels" in axe.counts(axe.to_review(page, OUTPUTS))
    assert axe.duplicate_ids(page, OUTPUTS) == ["s (2 times)"]


def test_axe_finds_nothing_once_a_learner_has_answered_and_picked(audited_lab):
    """The states a learner makes: a quiz's verdict and marked answers, a wrong answer too, and
    another structure and study chosen in the explorers."""
    page = audited_lab.page
    try:
        audited_lab.run_notebook("00_start_here.ipynb")
        questions = page.locator(".psoas-quiz-question-view")
        for index, choice in ((0, 0), (1, 2)):  # one answer right or wrong, whichever it is
            question = questions.nth(index)
            question.locator(".psoas-quiz-radio").nth(choice).check()
            question.locator(".psoas-quiz-check").click()
            question.locator(".psoas-quiz-feedback").filter(has_text="—").wait_for()
        found = axe.audit(page, OUTPUTS)
        assert not found, f"{audited_lab.app} quiz answered:\n{_report(found)}"
        audited_lab.end_sessions()

        audited_lab.run_notebook("01_anatomy.ipynb")
        page.locator(".psoas-choice-option").nth(3).click()  # drawn as a button
        page.locator(".psoas-anatomy-text h4").filter(has_text="Iliacus").wait_for()
        found = axe.audit(page, OUTPUTS)
        assert not found, f"{audited_lab.app} explorer picked:\n{_report(found)}"
    finally:
        audited_lab.end_sessions()
