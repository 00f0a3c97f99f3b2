"""What a learner sees of the lesson's widgets where they cannot run (issue 18).

- A committed notebook opened before any cell runs is untrusted: JupyterLab shows each widget's
  ``text/html`` stand-in (what it is, its content, "run this cell"), never its repr.
- Run, saved and opened again (a new page and kernel), every widget shows again: the lesson's
  settings (``psoas_lesson/lab/overrides.json``, which installing the package puts in the
  environment's ``share/jupyter/lab/settings/overrides.d``) save the widgets' state with the
  notebook, in JupyterLab and in Notebook 7. Here the servers read them from a folder of their
  own (``app_settings_dir``) laid out as the install lays out the environment's.
- Exported with ``jupyter nbconvert --to html`` and opened offline, every widget shows its
  stand-in, and the teaching guide's answer key is a table.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from harness import lab as e2e

NOTEBOOKS = sorted((e2e.REPO / "notebooks").glob("*.ipynb"))
SETTINGS = e2e.REPO / "psoas_lesson" / "lab" / "overrides.json"
SHOTS = Path("/tmp/psoas-outside-a-kernel")
REPR = re.compile(
    r"\b(RoutineTimer|RoutineBuilder|Quiz|AnatomyExplorer|FibreExplorer|ExerciseBrowser|"
    r"ExerciseCard|ClassView)\(|VBox\(children"
)
HOW = ("run this cell", "shown here in full")
# pictures in the stand-ins: the explorer's picture; a figure of each of a timer's exercises
PICTURED = {"01_anatomy": 1, "02_fibre_composition": 1, "04_routine_timer": 5}
BROKEN = ("Error displaying widget", "model not found", "Loading widget")


def _widget_outputs(path: Path) -> int:
    notebook = nbformat.read(path, as_version=4)
    return sum(
        e2e.WIDGET_MIME in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


def _settings_dir(folder: Path) -> Path:
    """An app settings folder as the install fills the environment's: the lesson's file in
    overrides.d."""
    target = folder / "overrides.d" / "psoas-lesson.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(SETTINGS, target)
    return folder


@pytest.fixture(scope="module")
def served(browser, tmp_path_factory):
    """JupyterLab with the lesson's settings, serving a copy of the notebooks."""
    home = tmp_path_factory.mktemp("outside-home")
    root = e2e.copy_notebooks(tmp_path_factory.mktemp("outside-root"), NOTEBOOKS)
    settings = _settings_dir(tmp_path_factory.mktemp("outside-settings"))
    server = e2e.start_lab(root, home, extra=[f"--LabApp.app_settings_dir={settings}"])
    try:
        yield server, root, home, settings
    finally:
        server.stop()


_OUTPUT_TEXTS = f"""() => [...{e2e._CURRENT}.node.querySelectorAll(".jp-OutputArea-output")]
    .map(n => n.textContent)"""

_IMAGES_DRAWN = f"""() => [...{e2e._CURRENT}.node.querySelectorAll(".jp-OutputArea-output img")]
    .map(i => i.complete && i.naturalWidth > 0)"""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_open_shows_each_widgets_stand_in_not_its_repr(served, module_page, path):
    server, _root, _home, _settings = served
    lab = e2e.Lab(module_page, server)
    lab.open(path.name)
    trusted = module_page.evaluate(
        f"() => [...{e2e._CURRENT}.content.model.cells].find(c => c.type === 'code').trusted"
    )
    texts = module_page.evaluate(_OUTPUT_TEXTS)
    try:
        assert not trusted, "a committed notebook should open untrusted"
        shown = [t for t in texts if any(how in t for how in HOW)]
        assert len(shown) == _widget_outputs(path), texts
        for text in texts:
            assert not REPR.search(text), text[:200]
            assert not any(words in text for words in BROKEN), text[:200]
        drawn = module_page.evaluate(_IMAGES_DRAWN)
        assert all(drawn), "a picture in a stand-in is not drawn"
        if path.stem in PICTURED:  # the sanitiser keeps a stand-in's pictures (data: URIs)
            assert len(drawn) >= PICTURED[path.stem], drawn
        if path.stem in ("04_routine_timer", "class_view", "01_anatomy"):
            SHOTS.mkdir(exist_ok=True)
            outputs = module_page.locator(".jp-OutputArea-output", has_text=HOW[0])
            pictured = outputs.filter(has=module_page.locator("img"))
            (pictured if pictured.count() else outputs).first.scroll_into_view_if_needed()
            module_page.wait_for_timeout(700)  # cells scrolled into view are drawn a moment later
            module_page.screenshot(path=str(SHOTS / f"first-open-{path.stem}.png"))
    finally:
        lab.close_documents()
        lab.end_sessions()


def test_a_saved_notebook_opens_again_with_its_widgets(served, browser):
    """Run all, save, close; a new page and kernel: no "model not found" anywhere."""
    server, root, _home, _settings = served
    first = browser.new_page(viewport=e2e.VIEWPORT)
    try:
        lab = e2e.Lab(first, server)
        lab.run_notebook("04_routine_timer.ipynb")
        _save(first)
        lab.close_documents()
        lab.end_sessions()
    finally:
        first.close()
    saved = json.loads((root / "04_routine_timer.ipynb").read_text(encoding="utf-8"))
    assert "widgets" in saved["metadata"], "the lesson's settings did not save the widget state"
    again = browser.new_page(viewport=e2e.VIEWPORT)
    try:
        lab = e2e.Lab(again, server)
        lab.open("04_routine_timer.ipynb")
        lab.wait_for_widgets()
        again.wait_for_timeout(1000)
        text = again.evaluate(f"() => {e2e._CURRENT}.node.textContent")
        SHOTS.mkdir(exist_ok=True)
        again.screenshot(path=str(SHOTS / "reopened-04_routine_timer.png"))
        assert not any(words in text for words in BROKEN)
        assert lab.widget_count() >= 3
        assert again.locator(".psoas-timer-widget").count() >= 1  # the live view, not the stand-in
        lab.close_documents()
        lab.end_sessions()
    finally:
        again.close()


def _save(page) -> None:
    page.evaluate(f"() => {e2e._CURRENT}.context.save()")
    page.wait_for_function(f"() => !({e2e._CURRENT}).context.model.dirty", timeout=20_000)


def test_notebook_7_reads_the_lessons_settings_and_reopens_a_saved_notebook(
    browser, tmp_path_factory
):
    """Notebook 7 (``jupyter notebook``) reads the same settings folder as JupyterLab."""
    home = tmp_path_factory.mktemp("nb7-home")
    root = e2e.copy_notebooks(tmp_path_factory.mktemp("nb7-root"), NOTEBOOKS)
    settings = _settings_dir(tmp_path_factory.mktemp("nb7-settings"))
    server = e2e.start_lab(
        root,
        home,
        app="notebook7",
        # both read <venv>/share/jupyter/lab/settings by default; JupyterLab's server extension,
        # loaded by Notebook 7 too, answers the settings API
        extra=[f"--{app}.app_settings_dir={settings}" for app in ("JupyterNotebookApp", "LabApp")],
    )
    page = browser.new_page(viewport=e2e.VIEWPORT)
    try:
        page.goto(f"{server.url}/notebooks/00_start_here.ipynb", wait_until="domcontentloaded")
        page.wait_for_function(_NB7_IDLE, timeout=60_000, polling=100)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.locator(".psoas-quiz").first.wait_for(state="visible", timeout=60_000)
        _save(page)
        saved = json.loads((root / "00_start_here.ipynb").read_text(encoding="utf-8"))
        assert "widgets" in saved["metadata"]
        server.end_sessions(["00_start_here.ipynb"])
        page.goto(f"{server.url}/notebooks/00_start_here.ipynb", wait_until="domcontentloaded")
        page.wait_for_function(_NB7_IDLE, timeout=60_000, polling=100)
        page.locator(".psoas-quiz").first.wait_for(state="visible", timeout=20_000)
        text = page.evaluate(f"() => {e2e._CURRENT}.node.textContent")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "reopened-notebook7-00_start_here.png"))
        assert not any(words in text for words in BROKEN)
    finally:
        page.close()
        server.stop()


_NB7_IDLE = f"""() => {{
  const w = {e2e._CURRENT};
  return !!(w && w.context && w.context.isReady && w.sessionContext && w.sessionContext.session
            && w.sessionContext.session.kernel
            && w.sessionContext.session.kernel.status === "idle");
}}"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """Each committed notebook exported with ``jupyter nbconvert --to html``."""
    out = tmp_path_factory.mktemp("exported")
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", str(out),
         *map(str, NOTEBOOKS)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return out


@pytest.fixture(scope="module")
def offline(browser):
    context = browser.new_context(viewport=e2e.VIEWPORT, offline=True)
    # A page opened from a file asks for its scripts from a CDN: refuse anything not on disk.
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort()
        ),
    )
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


_EXPORTED = """() => ({
  empty: [...document.querySelectorAll(".jupyter-widgets, .jp-OutputArea-output")]
    .filter(n => n.getBoundingClientRect().height < 40 && !n.innerText.trim()).length,
  texts: [...document.querySelectorAll(".jp-OutputArea-output")].map(n => n.innerText),
  images: [...document.querySelectorAll(".jp-OutputArea-output img")]
    .map(i => i.complete && i.naturalWidth > 0),
})"""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_an_exported_page_shows_every_widgets_stand_in(exported, offline, path):
    page = exported / f"{path.stem}.html"
    offline.goto(page.as_uri(), wait_until="load")
    found = offline.evaluate(_EXPORTED)
    assert found["empty"] == 0, "an empty output box"
    shown = [t for t in found["texts"] if any(how in t for how in HOW)]
    assert len(shown) == _widget_outputs(path)
    assert not [t for t in found["texts"] if REPR.search(t)]
    assert all(found["images"]), "a picture is not drawn"
    if path.stem in ("04_routine_timer", "06_teaching_guide"):
        SHOTS.mkdir(exist_ok=True)
        offline.screenshot(path=str(SHOTS / f"exported-{path.stem}.png"), full_page=False)


def test_the_exported_teaching_guide_holds_the_answer_key_as_a_table(exported, offline):
    from psoas_lesson import default_catalog

    offline.goto((exported / "06_teaching_guide.html").as_uri(), wait_until="load")
    key = offline.locator("table", has=offline.locator("caption", has_text="Answer key"))
    assert key.count() == 1
    rows = key.locator("tbody tr")
    questions = default_catalog().questions
    assert rows.count() == len(questions)
    first = questions[0]
    assert f"{first.choices[first.answer]} ✓ (answer)" in rows.first.inner_text()
    # lettered A, B, C as the guide's text refers to them, whatever the page's stylesheet says
    markers = rows.first.locator("ol").evaluate("ol => getComputedStyle(ol).listStyleType")
    assert markers == "upper-alpha"
    key.scroll_into_view_if_needed()
    offline.screenshot(path=str(SHOTS / "exported-answer-key.png"))


def test_voila_shows_the_live_class_view_not_its_stand_in(classroom, page):
    """Voilà runs the class view, so the widget's own view outranks its text/html stand-in."""
    from .test_class_mode import open_class_view

    open_class_view(classroom, page)
    assert page.locator(".psoas-class-view .psoas-timer").count() == 1
    text = page.evaluate("() => document.body.textContent")
    assert not any(how in text for how in HOW)
    assert not REPR.search(text)


def test_the_builders_timer_shows_live_in_its_output_area(served, browser):
    """The builder puts a timer's display data, stand-in and all, into an Output widget; the
    Output renders the live timer from it, not the stand-in."""
    server, _root, _home, _settings = served
    page = browser.new_page(viewport=e2e.VIEWPORT)
    try:
        lab = e2e.Lab(page, server)
        lab.run_notebook("04_routine_timer.ipynb")
        builder = page.locator(".psoas-builder")
        builder.locator(".psoas-builder-timer").click()
        builder.locator(".psoas-timer-widget").wait_for(state="visible", timeout=20_000)
        assert not any(how in builder.text_content() for how in HOW)
        lab.close_documents()
        lab.end_sessions()
    finally:
        page.close()
