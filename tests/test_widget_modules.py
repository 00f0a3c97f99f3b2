"""The lesson's small anywidgets load their shared helpers (widgets/widget_dom.js) as anywidget
can: each module the package hands over holds them in place of its import, and parses alone."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from psoas_lesson.widgets.choice import Choice
from psoas_lesson.widgets.figure_list import FigureList
from psoas_lesson.widgets.quiz import QuestionView
from psoas_lesson.widgets.slider import LabelledSlider
from psoas_lesson.widgets.styles import module

WIDGETS = [LabelledSlider, FigureList, Choice, QuestionView]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: w.__name__)
def test_each_module_carries_the_shared_helpers_and_imports_nothing(widget):
    source = str(widget._esm)
    assert not re.search(r"^\s*import\b", source, re.MULTILINE)
    assert "export function uid(prefix)" in source
    assert "export default" in source


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to parse the modules")
@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: w.__name__)
def test_each_module_parses_as_an_es_module(widget, tmp_path):
    path = tmp_path / "widget.mjs"
    path.write_text(str(widget._esm), encoding="utf-8")
    checked = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_a_module_without_the_shared_import_is_refused(tmp_path, monkeypatch):
    from psoas_lesson.widgets import styles

    (tmp_path / "widget_dom.js").write_text("export function uid() {}\n", encoding="utf-8")
    (tmp_path / "bare.js").write_text("export default {};\n", encoding="utf-8")
    monkeypatch.setattr(styles, "HERE", tmp_path)
    with pytest.raises(ValueError, match="bare.js: expected one import"):
        module("bare.js")
