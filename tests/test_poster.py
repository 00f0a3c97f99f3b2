"""The poster: every exercise on one printable page, each drawn with its name, what it does to
the psoas (or what a massage reaches) and one cue."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from psoas_lesson.cli import main
from psoas_lesson.html import esc
from psoas_lesson.poster import poster_html, write_poster
from tests.printing import print_to_pdf

from .helpers import EXERCISE_COUNT, assert_html_safe


def cells(html: str) -> list[str]:
    return re.findall(r'<article class="cell" aria-label="[^"]*">.*?</article>', html, re.S)


def test_every_exercise_has_a_cell_with_its_figure_name_state_and_cue(catalog):
    html = poster_html(catalog)
    found = cells(html)
    assert len(found) == len(catalog.exercises) == EXERCISE_COUNT
    for exercise, cell in zip(catalog.exercises, found, strict=True):
        assert f"<h2>{esc(exercise.name)}</h2>" in cell
        assert esc(exercise.cue) in cell
        assert cell.count('<img src="data:image/svg+xml;base64,') == 1
        assert re.search(r'alt="[^"]*Psoas', cell), exercise.id
        assert "Psoas" in cell
    # a massage names what it reaches first; knee-to-chest names the leg it lengthens
    massage = found[[e.id for e in catalog.exercises].index("supine-psoas-massage")]
    assert massage.index("Reaches the iliacus") < massage.index("not reached")
    hug = found[[e.id for e in catalog.exercises].index("knee-to-chest")]
    assert "Psoas of the straight leg: lengthened" in hug
    assert "Stop at once on sharp pain" in html


def test_the_poster_escapes_whatever_the_data_says(catalog):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    exercises = tuple(replace(e, name=payload + e.name, cue=payload) for e in catalog.exercises)
    poisoned = replace(catalog, exercises=exercises)
    html = poster_html(poisoned)
    assert_html_safe([html[html.index("<body>") :]], payload)


def test_the_command_writes_the_poster(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["poster", "--out", "poster.html"]) == 0
    assert capsys.readouterr().out.strip() == "poster.html"
    assert (tmp_path / "poster.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["poster", "--out", str(tmp_path)]) == 2  # a folder: one line, no traceback
    assert "cannot be written" in capsys.readouterr().err


@pytest.mark.e2e
def test_the_poster_prints_on_one_page(catalog, tmp_path):
    written = write_poster(tmp_path / "poster.html", catalog)
    assert "The poster written" in repr(written) or "written to" in repr(written)
    printed = print_to_pdf(written.path)
    assert printed.pdf.startswith(b"%PDF")
    assert printed.pages == 1
    assert printed.images_loaded and printed.outside_requests == []
