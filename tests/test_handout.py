from __future__ import annotations

import base64
import os
import re
import struct
import zlib

import pytest

from psoas_lesson import handout
from psoas_lesson.catalog import load_catalog
from psoas_lesson.describe import clock
from psoas_lesson.errors import DataError
from psoas_lesson.handout import handout_html, write_handout
from psoas_lesson.html import esc
from psoas_lesson.paths import data_dir
from psoas_lesson.routine import Routine, applied_dose
from psoas_lesson.steps import render_steps
from psoas_lesson.timeline import compile_timeline
from tests.printing import print_to_pdf

from .helpers import replace_in


def _png(width: int = 60, height: int = 30) -> bytes:
    """A plain grey PNG: the handout's structure does not depend on what the charts draw."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\x99" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


TINY_PNG = base64.b64encode(_png()).decode("ascii")


class FakeChart:
    def __init__(self, alt: str):
        self.alt = alt

    def data_uri(self, dpi=None) -> str:
        return "data:image/png;base64," + TINY_PNG


@pytest.fixture
def fake_charts(monkeypatch):
    """Stand-in charts, so these tests check the page and not the chart modules."""
    monkeypatch.setattr(
        handout,
        "_timeline_chart",
        lambda routine, catalog: FakeChart(f"Timeline of {routine.name}"),
    )
    monkeypatch.setattr(
        handout, "_anatomy_chart", lambda catalog: FakeChart("Schematic of the psoas")
    )


def exercises_section(html: str) -> str:
    return html[html.index('<section class="exercises">') :]


def test_the_handout_lists_every_exercise_in_order_with_the_total_time(catalog, fake_charts):
    routine = catalog.routine("daily-short")
    html = handout_html("daily-short", catalog)
    names = [catalog.exercise(e.exercise).name for e in routine.entries]
    for part in (html[html.index("<table") : html.index("</table>")], exercises_section(html)):
        positions = [part.index(str(esc(name))) for name in names]
        assert positions == sorted(positions)
    total = clock(compile_timeline(routine, catalog).total_s)
    assert total == "11:18" and f"Total time {total}" in html
    assert str(esc(routine.name)) in html and str(esc(routine.description)) in html


def test_the_handout_carries_the_safety_notice_and_the_applied_doses(catalog, fake_charts):
    html = handout_html("daily-short", catalog)
    assert str(esc(catalog.guidance.safety_notice)) in html
    # daily-short overrides the bridge to 15 reps and the quadriceps stretch to 30 s holds
    assert (
        "<td>15\u00a0×\u00a05\u00a0s reps, 2\u00a0s rest between, one every 7 seconds</td>" in html
    )  # numbers keep their units
    assert "2 × 30 s holds per side, alternating right and left" in html.replace("\u00a0", " ")


def test_each_exercise_block_has_steps_cue_cautions_and_equipment(catalog, fake_charts):
    html = exercises_section(handout_html("class-warmup", catalog))
    blocks = re.findall(r'<article class="exercise".*?</article>', html, re.S)
    routine = catalog.routine("class-warmup")
    assert len(blocks) == len(routine.entries)
    for block, entry in zip(blocks, routine.entries, strict=False):
        exercise = catalog.exercise(entry.exercise)
        # the steps as this entry's dose writes them, as its dose line
        steps = render_steps(exercise, applied_dose(exercise, entry, routine.settings))
        assert all(str(esc(step)) in block for step in steps)
        assert str(esc(exercise.cue)) in block
        assert all(str(esc(caution)) in block for caution in exercise.cautions)
        assert "Equipment: </strong>" in block


def test_the_handout_is_one_self_contained_printable_page(catalog, fake_charts):
    html = handout_html("daily-short", catalog)
    assert html.startswith("<!DOCTYPE html>") and html.count("<html") == 1
    assert html.count('<img src="data:image/png;base64,') == 2
    assert (
        'alt="Timeline of Short daily routine"' in html and 'alt="Schematic of the psoas"' in html
    )
    assert "@page" in html and "A4" in html and "@media print" in html
    assert "page-break-inside: avoid" in html
    assert not re.search(r'(src|href)="(?!data:)|@import|url\(', html)
    assert handout_html("daily-short", catalog) == html  # nothing dated: same input, same page


def test_a_script_planted_in_the_data_is_shown_as_text(data_copy, fake_charts):
    replace_in(
        data_copy / "exercises.yaml",
        "name: Kneeling lunge stretch",
        'name: Kneeling <script>alert("x")</script> lunge',
    )
    replace_in(
        data_copy / "exercises.yaml",
        "Pad the back knee",
        "<img src=x onerror=alert(document.cookie)> Pad the back knee",
    )
    catalog = load_catalog(base_dir=data_copy)
    html = handout_html("daily-short", catalog)
    assert "<script" not in html and "<img src=x" not in html
    assert "Kneeling &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; lunge" in html


def test_a_routine_name_and_chart_alt_text_are_escaped(catalog, monkeypatch):
    monkeypatch.setattr(handout, "_timeline_chart", lambda r, c: FakeChart('a "quoted" <b>alt</b>'))
    monkeypatch.setattr(handout, "_anatomy_chart", lambda c: FakeChart("ok"))
    routine = Routine.of("camel-pose", name="<b>Mine</b>")
    html = handout_html(routine, catalog)
    assert "<b>" not in html and "&lt;b&gt;Mine&lt;/b&gt;" in html
    assert 'alt="a &quot;quoted&quot; &lt;b&gt;alt&lt;/b&gt;"' in html


def test_a_routine_may_be_given_as_an_object_an_id_or_a_file(catalog, fake_charts):
    path = data_dir() / "routines" / "class-warmup.json"
    by_id = handout_html("class-warmup", catalog)
    assert handout_html(path, catalog) == by_id == handout_html(str(path), catalog)
    assert handout_html(catalog.routine("class-warmup"), catalog) == by_id


@pytest.mark.parametrize(
    "routine,message",
    [
        (
            "no-such-routine",
            "unknown routine 'no-such-routine'; ready routines: article-full, class-warmup",
        ),
        ("missing.json", "missing.json: no such file"),
        (Routine.of("nope"), "unknown exercise id 'nope'"),
    ],
)
def test_an_unknown_routine_is_a_one_line_data_error(catalog, fake_charts, routine, message):
    with pytest.raises(DataError, match=re.escape(message)):
        handout_html(routine, catalog)


def test_write_handout_writes_the_page_and_returns_its_path(catalog, fake_charts, tmp_path):
    target = tmp_path / "out" / "daily.html"
    written = write_handout("daily-short", target, catalog)
    assert written.path == target and os.fspath(written) == str(target)
    assert target.read_text(encoding="utf-8") == handout_html("daily-short", catalog)
    assert [p.name for p in target.parent.iterdir()] == ["daily.html"]  # no temporary left behind


def test_without_matplotlib_the_figures_are_left_out_with_a_note(catalog, monkeypatch):
    def no_matplotlib(*args):
        raise ModuleNotFoundError("No module named 'matplotlib'", name="matplotlib")

    monkeypatch.setattr(handout, "_timeline_chart", no_matplotlib)
    monkeypatch.setattr(handout, "_anatomy_chart", no_matplotlib)
    html = handout_html("daily-short", catalog)
    assert html.count("figure left out: matplotlib is not installed") == 2
    assert "data:image/png" not in html  # no chart; the pose figures need no matplotlib
    assert html.count("data:image/svg+xml") == 2 * 5


def test_a_missing_module_of_our_own_is_not_hidden(catalog, monkeypatch):
    def broken(*args):
        raise ModuleNotFoundError(
            "No module named 'psoas_lesson.charts.nothing'", name="psoas_lesson.charts.nothing"
        )

    monkeypatch.setattr(handout, "_timeline_chart", broken)
    with pytest.raises(ModuleNotFoundError):
        handout_html("daily-short", catalog)


# -- with the real charts -----------------------------------------------------------------------


@pytest.fixture
def real_charts():
    """The charts as installed (the other tests stand them in with fakes)."""


def test_the_real_charts_are_inlined_with_their_alt_text_and_stay_the_same(catalog, real_charts):
    from psoas_lesson.charts.anatomy import anatomy_schematic
    from psoas_lesson.charts.routine import timeline_chart

    html = handout_html("daily-short", catalog)
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)"', html)
    assert len(images) == 2
    assert all(base64.b64decode(data).startswith(b"\x89PNG") for data, _ in images)
    assert [alt for _, alt in images] == [
        str(esc(timeline_chart(catalog.routine("daily-short"), catalog).alt)),
        str(esc(anatomy_schematic(catalog=catalog).alt)),
    ]
    assert handout_html("daily-short", catalog) == html


@pytest.mark.e2e
def test_the_handout_prints_to_pdf_in_chromium(catalog, tmp_path):
    printed = print_to_pdf(write_handout("daily-short", tmp_path / "daily.html", catalog).path)
    assert printed.pdf.startswith(b"%PDF") and printed.pages >= 1
    assert printed.images_loaded and printed.outside_requests == []


@pytest.mark.e2e
def test_the_class_warm_up_handout_uses_the_paper(catalog, tmp_path):
    # Five exercises once took six half-empty pages (each kept whole on its own page). Now the
    # name, dose and drawings of an exercise stay together and the steps flow: the front matter
    # (the routine, the timeline, the anatomy) and the five exercises fit in five pages.
    printed = print_to_pdf(write_handout("class-warmup", tmp_path / "warmup.html", catalog).path)
    assert printed.images_loaded and printed.pages <= 5


@pytest.mark.parametrize("size,compact", [((11, 4.4), True), ((11, 7.76), False)])
def test_only_a_short_timeline_is_shrunk_to_share_the_first_page(
    catalog, monkeypatch, size, compact
):
    class Sized(FakeChart):
        figure = type("Figure", (), {"get_size_inches": lambda self: size})()

    monkeypatch.setattr(handout, "_timeline_chart", lambda r, c: Sized("timeline"))
    monkeypatch.setattr(handout, "_anatomy_chart", lambda c: Sized("schematic"))
    html = handout_html("daily-short", catalog)
    assert html.count('<figure class="compact">') == (1 if compact else 0)
