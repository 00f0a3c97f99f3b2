"""The figures where learners and teachers meet them: exercise cards and the browser, the routine
builder's rows, the printed handout, and the "which exercises lengthen the psoas" display; and a
teacher's own exercise without pose data, which gets a plain note instead of a figure."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from psoas_lesson.catalog import load_catalog
from psoas_lesson.displays import psoas_length_groups
from psoas_lesson.figures import NO_FIGURE, alt_text, thumbnail_svg
from psoas_lesson.handout import handout_html
from psoas_lesson.html import esc
from psoas_lesson.routine import Entry, Routine
from psoas_lesson.widgets.builder import routine_builder
from psoas_lesson.widgets.cards import card_html, exercise_browser, exercise_card, show_exercise

from .helpers import assert_html_safe, html_values, part

CORPUS = Path(__file__).with_name("bad_inputs")


@pytest.fixture(scope="module")
def teacher(tmp_path_factory):
    """The built-in catalogue with a teacher's chair lunge, which has no pose data."""
    folder = tmp_path_factory.mktemp("teacher")
    shutil.copy(CORPUS / "ok-exercises-chair-lunge.yaml", folder / "exercises.yaml")
    return load_catalog(folder)


def alts(html: str) -> list[str]:
    return re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="([^"]*)"', html)


def test_every_card_shows_the_start_before_the_hold_or_the_end(catalog):
    for exercise in catalog.exercises:
        shown = alts(card_html(exercise, catalog))
        pose_set = catalog.poses.for_exercise(exercise.id)
        second = "hold" if pose_set.motion.value == "hold" else "end of the move"
        assert len(shown) == 2, exercise.id
        assert shown[0].startswith(esc(f"{exercise.name}, start:")), shown[0]
        assert shown[1].startswith(esc(f"{exercise.name}, {second}:")), shown[1]
        assert all("Psoas" in alt for alt in shown)


def test_the_card_widget_and_the_browser_show_the_figures(catalog):
    widget_html = " ".join(html_values(exercise_card("camel-pose", catalog=catalog)))
    assert len(alts(widget_html)) == 2
    browser = exercise_browser(catalog=catalog)
    first = catalog.exercises[0]
    assert len(alts(" ".join(html_values(browser.card_area)))) == 2
    assert alts(" ".join(html_values(browser.card_area)))[0].startswith(esc(first.name))
    assert show_exercise("sphinx-pose", catalog).html.count("<img") == 2


def test_a_teachers_exercise_without_pose_data_gets_a_plain_note(teacher):
    exercise = teacher.exercise("chair-lunge")
    html = card_html(exercise, teacher)
    assert NO_FIGURE in html and "<img" not in html
    assert NO_FIGURE in " ".join(html_values(exercise_card(exercise, catalog=teacher)))


def test_each_row_of_the_builder_shows_its_exercises_figure(catalog, teacher):
    routine = Routine.of("kneeling-lunge", "mountain-climbers")
    builder = routine_builder(routine, catalog=catalog)
    figures = part(builder, "psoas-builder-list").figures
    assert len(figures) == 2
    for svg, exercise_id in zip(figures, ("kneeling-lunge", "mountain-climbers"), strict=True):
        root = ET.fromstring(svg)
        pose_set = catalog.poses.for_exercise(exercise_id)
        assert root.find("{http://www.w3.org/2000/svg}title").text == alt_text(
            catalog, pose_set, pose_set.key_position
        )
    # A teacher's exercise without pose data has a row without a figure, and works.
    mine = routine_builder(Routine.of("chair-lunge", "camel-pose"), catalog=teacher)
    rows = part(mine, "psoas-builder-list")
    assert rows.figures[0] == "" and rows.figures[1] == thumbnail_svg("camel-pose", teacher)
    assert rows.no_figure and len(rows.options) == 2


def test_the_builder_sends_the_figures_only_when_the_exercises_change(catalog):
    builder = routine_builder(Routine.of("kneeling-lunge", "glute-bridge"), catalog=catalog)
    rows = part(builder, "psoas-builder-list")
    sent = []
    rows.observe(lambda change: sent.append(change["new"]), "figures")
    hold = part(builder, "psoas-builder-hold")
    hold.value = hold.value + 5  # a dose change: new text on the row, same pictures
    assert sent == [] and builder.routine.entries[0].hold_s is not None
    part(builder, "psoas-builder-choice").value = "sphinx-pose"
    part(builder, "psoas-builder-add").click()
    assert len(sent) == 1 and len(sent[0]) == 3


def test_the_builders_list_works_like_a_select(catalog):
    builder = routine_builder("daily-short", catalog=catalog)
    rows = part(builder, "psoas-builder-list")
    assert [value for _label, value in rows.options] == list(range(len(rows.options)))
    rows.value = 2
    assert builder.selected == 2
    assert part(builder, "psoas-builder-entry").value.count(f"3. {builder._exercise(2).name}")
    rows.value = 99  # not a row: nothing chosen
    assert rows.value is None


def test_the_handout_prints_each_exercise_with_its_figures(catalog, teacher):
    page = handout_html("class-warmup", catalog)
    routine = catalog.routine("class-warmup")
    assert len(alts(page)) == 2 * len(routine.entries)
    for number, entry in enumerate(routine.entries, start=1):
        block = page[page.index(f'id="exercise-{number}"') :]
        block = block[: block.index("</article>")]
        assert len(alts(block)) == 2, entry.exercise
    mine = handout_html(
        Routine(name="Mine", entries=(Entry("chair-lunge"), Entry("camel-pose"))), teacher
    )
    assert mine.count(NO_FIGURE) == 1 and len(alts(mine)) == 2


def test_the_psoas_groups_display_shows_any_payload_as_text(catalog):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    poses = catalog.poses
    groups = tuple(replace(g, label=payload + g.label, text=payload) for g in poses.groups)
    sets = tuple(
        replace(s, positions=tuple(replace(p, description=payload) for p in s.positions))
        for s in poses.sets
    )
    poisoned = replace(catalog, poses=replace(poses, groups=groups, sets=sets))
    shown = psoas_length_groups(poisoned)
    assert_html_safe([shown.html], payload)
    assert payload in shown.text
