"""The lesson's notebooks keep the shape of a lesson: questions and objectives first, key points
and a self-check last, short code cells, stored executed with a kernelspec and no errors.

nbval (``pytest --nbval``, which ``make test`` passes) re-runs each one and compares its
outputs; these tests check what nbval does not.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LESSON = [
    "00_start_here",
    "01_anatomy",
    "02_fibre_composition",
    "03_stretch_library",
    "04_routine_timer",
    "05_self_massage",
    "06_teaching_guide",
]


def _read(name: str):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def test_the_seven_lesson_notebooks_are_there():
    found = sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert found == LESSON


@pytest.mark.parametrize("name", LESSON)
def test_notebook_opens_with_questions_and_objectives(name):
    first = _read(name).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "**Questions**" in first.source and "**Objectives**" in first.source


@pytest.mark.parametrize("name", LESSON)
def test_notebook_ends_with_key_points_after_a_self_check(name):
    cells = _read(name).cells
    assert "## Key points" in cells[-1].source
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert "quiz(" in code or "Challenge" in "".join(c.source for c in cells)


@pytest.mark.parametrize("name", LESSON)
def test_code_cells_are_short_and_read_like_the_lesson(name):
    for cell in _read(name).cells:
        if cell.cell_type == "code":
            lines = [line for line in cell.source.splitlines() if line.strip()]
            assert 1 <= len(lines) <= 3, (
                f"{name}: a code cell of {len(lines)} lines:\n{cell.source}"
            )
            assert "def " not in cell.source and "import matplotlib" not in cell.source


@pytest.mark.parametrize("name", LESSON)
def test_notebook_is_stored_executed_with_a_kernelspec_and_no_errors(name):
    notebook = _read(name)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, f"{name}: a cell was not run:\n{cell.source}"
        assert not [o for o in cell.outputs if o.output_type == "error"], f"{name}: {cell.source}"
        assert not [o for o in cell.outputs if o.get("name") == "stderr"], f"{name}: {cell.source}"


@pytest.mark.parametrize("name", LESSON)
def test_quiz_answers_are_not_in_a_students_notebook(name):
    if name == "06_teaching_guide":
        pytest.skip("the teacher's notebook holds the answer key on purpose")
    from psoas_lesson import default_catalog

    text = (NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8")
    for question in default_catalog().questions:
        assert question.explanation not in text, f"{name} shows the answer to {question.id}"


@pytest.mark.parametrize("name", [*LESSON, "class_view"])
def test_stored_notebook_carries_no_execution_timestamps(name):
    """A re-run must not change the file where the outputs did not change (make notebooks)."""
    timed = [c.source[:40] for c in _read(name).cells if "execution" in c.metadata]
    assert not timed, f"{name}: cells with timestamps (run `make notebooks`): {timed}"


# ---------------------------------------------------------------------------------------------
# Finding the way: onward links, a way back, and no link to nowhere

# Each notebook's next one; the last leads back to the start.
NEXT = {name: LESSON[(i + 1) % len(LESSON)] for i, name in enumerate(LESSON)}
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
HTML_LINK = re.compile(r'href="([^"]+)"')


def _local_targets(text: str) -> list[str]:
    """Relative link targets in markdown or HTML: not web addresses, not in-page anchors."""
    found = MARKDOWN_LINK.findall(text) + HTML_LINK.findall(text)
    return [t for t in found if not re.match(r"^(https?:|mailto:|#)", t)]


@pytest.mark.parametrize("name", LESSON)
def test_notebook_ends_with_a_link_to_the_next_notebook_and_back_to_the_start(name):
    last = _read(name).cells[-1].source
    assert "**Next:**" in last, f"{name}: no 'Next:' line at the end"
    onward = last[last.index("**Next:**") :]
    assert f"]({NEXT[name]}.ipynb)" in onward
    if name != "00_start_here":
        assert "](00_start_here.ipynb)" in onward


@pytest.mark.parametrize("name", [*LESSON, "class_view"])
def test_every_link_in_a_notebook_leads_to_a_file_that_exists(name):
    for cell in _read(name).cells:
        if cell.cell_type != "markdown":
            continue
        for target in _local_targets(cell.source):
            assert (NOTEBOOKS / target.split("#")[0]).is_file(), f"{name}: {target}"


def test_start_here_links_each_notebook_from_its_table():
    table = next(c.source for c in _read("00_start_here").cells if "| Notebook |" in c.source)
    for name in LESSON[1:]:
        assert f"]({name}.ipynb)" in table, name


def test_link_check_catches_a_link_to_nowhere():
    assert _local_targets('see [07](07_missing.ipynb) or <a href="x.ipynb">x</a>') == [
        "07_missing.ipynb",
        "x.ipynb",
    ]
    assert not (NOTEBOOKS / "07_missing.ipynb").exists()


@pytest.mark.parametrize("name", [*LESSON, "class_view"])
def test_stored_notebook_carries_no_widget_state(name):
    """Stored widget state was a third of the notebooks' bytes, re-stored on every change to a
    widget's look, and models a saved notebook's outputs no longer match ("model not found").
    Without it, each widget shows its stand-in until the notebook runs (make notebooks)."""
    assert "widgets" not in _read(name).metadata, f"{name}: stored widget state"


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.mark.parametrize("name", [*LESSON, "class_view"])
def test_every_stored_widget_has_a_stand_in_that_says_how_to_start_it(name):
    """Opened before it runs (untrusted) or exported to HTML, a widget shows its text/html."""
    shown = [
        output.data
        for cell in _read(name).cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if WIDGET_VIEW in output.get("data", {})
    ]
    assert shown, f"{name}: no widget shown"
    for data in shown:
        how = ("run this cell", "shown here in full")
        assert any(words in data["text/plain"] for words in how), data["text/plain"]
        assert any(words in data["text/html"] for words in how), name
        assert not re.match(r"^\w+\(", data["text/plain"]), data["text/plain"]  # not a repr


@pytest.mark.parametrize("name", LESSON)
def test_the_safety_guidelines_come_before_any_timer(name):
    # A learner reads down the page and starts the timer where it is: the guidelines first.
    code = [c.source for c in _read(name).cells if c.cell_type == "code"]
    timers = [i for i, source in enumerate(code) if "routine_timer(" in source]
    guidance = [
        i for i, source in enumerate(code) if re.search(r"guidelines\(|safety_box\(", source)
    ]
    if timers:
        assert guidance and min(guidance) < min(timers), f"{name}: a timer before the guidelines"


@pytest.mark.parametrize("name", [*LESSON, "class_view"])
def test_every_stored_picture_has_its_text_alternative_where_browsers_read_it(name):
    """JupyterLab, Notebook 7 and nbconvert ignore an image/png output's ``alt`` metadata (axe:
    image-alt, critical): a chart is stored as an ``<img alt>`` in text/html, its PNG once.
    After changing how charts display, re-store the notebooks (make notebooks)."""
    from html.parser import HTMLParser

    images: list[dict] = []

    class Images(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                images.append(dict(attrs))

    for cell in _read(name).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            assert "image/png" not in data, f"{name}: a bare image/png output (no alt is read)"
            Images().feed(data.get("text/html", ""))
    for image in images:
        assert (image.get("alt") or "").strip(), f"{name}: an <img> without alt: {image}"[:300]


def _nbval_sanitised(text: str) -> str:
    """``text`` as nbval compares it, with the project's sanitising rules applied."""
    import configparser

    parser = configparser.ConfigParser()
    parser.read(Path(__file__).with_name("nbval_sanitize.cfg"), encoding="utf-8")
    for section in parser.sections():
        text = re.sub(parser[section]["regex"], parser[section]["replace"], text)
    return text


def test_nbval_compares_a_pictures_words_and_not_its_bytes():
    """A redrawn chart or pose needs no re-stored notebook; a changed description does."""
    shown = (
        '<img src="data:image/png;base64,iVBORw0KGgo+/=" alt="Fibre chart: 60 % type I">'
        '<img src="data:image/svg+xml;base64,PHN2ZyB4bWxu" alt="Sphinx pose, hold">'
    )
    redrawn = shown.replace("iVBORw0KGgo+/=", "iVBORw0KGgpZ").replace("PHN2ZyB4bWxu", "PHN2Zz4=")
    assert _nbval_sanitised(shown) == _nbval_sanitised(redrawn)
    assert _nbval_sanitised(shown) != _nbval_sanitised(shown.replace("60 %", "40 %"))
