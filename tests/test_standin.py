"""What each lesson widget shows where it cannot run: the stand-in in its display data.

A committed notebook opened before it runs (untrusted) and a page exported with nbconvert show a
widget's ``text/html``, else its ``text/plain``: both must say what the widget is and how to
start it, carry its content escaped, and give away no quiz answer.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from psoas_lesson.catalog import default_catalog
from psoas_lesson.classroom import class_view
from psoas_lesson.describe import dose_text
from psoas_lesson.html import esc
from psoas_lesson.routine import applied_dose
from psoas_lesson.timeline import compile_timeline
from psoas_lesson.widgets.builder import routine_builder
from psoas_lesson.widgets.cards import exercise_browser
from psoas_lesson.widgets.explorers import anatomy_explorer, fibre_explorer
from psoas_lesson.widgets.quiz import answer_key_html, quiz, select_questions
from psoas_lesson.widgets.standin import make_stand_in
from psoas_lesson.widgets.timer import routine_timer
from psoas_lesson.widgets.timer_payload import no_figures

from .test_quiz import PAYLOAD, hostile_catalog, text_of  # noqa: F401 - a fixture

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def bundle(widget) -> dict:
    data = widget._repr_mimebundle_()
    assert isinstance(data, dict), "one dict, as the routine builder's Output takes it"
    return data


def test_a_stand_in_escapes_what_it_is_and_says_how_to_start_it():
    shown = make_stand_in(f"The {PAYLOAD} timer", "run this cell to start it", esc(PAYLOAD))
    assert "<script>" not in shown.html
    assert "&lt;script&gt;" in shown.html
    assert shown.text == f"The {PAYLOAD} timer — run this cell to start it."
    assert "run this cell to start it" in text_of(shown.html)


def test_the_timer_says_what_it_is_and_how_to_start_it():
    data = bundle(routine_timer("daily-short", log=False))
    assert data["text/plain"] == (
        "The routine timer for Short daily routine, 11:18 — run this cell to start it."
    )
    assert WIDGET_VIEW in data  # the live view still outranks the stand-in where it can run


def test_the_timers_plan_agrees_with_the_routines_doses_and_total():
    catalog = default_catalog()
    routine = catalog.routine("daily-short")
    html = routine_timer(routine, log=False).stand_in().html
    shown = text_of(html)
    for entry in routine.entries:
        exercise = catalog.exercise(entry.exercise)
        dose = dose_text(exercise, applied_dose(exercise, entry, routine.settings))
        assert f"{exercise.name}: {dose}" in shown
    assert "(11 min 18 s)" in shown  # compile_timeline's total, in words


def test_the_timer_shows_one_small_figure_per_exercise():
    catalog = default_catalog()
    routine = catalog.routine("daily-short")
    html = routine_timer(routine, log=False).stand_in().html
    assert html.count("<img ") == len({e.exercise for e in routine.entries})
    assert len(html.encode()) < 120_000  # figures as small SVGs, not the page's frames
    assert "<img " not in routine_timer(routine, log=False, figures=no_figures).stand_in().html


def test_a_timer_made_from_a_timeline_lists_its_exercises():
    catalog = default_catalog()
    timeline = compile_timeline(catalog.routine("daily-short"), catalog)
    shown = text_of(routine_timer(timeline, log=False).stand_in().html)
    for entry in catalog.routine("daily-short").entries:
        assert catalog.exercise(entry.exercise).name in shown


def test_the_timers_stand_in_escapes_the_routines_name():
    routine = replace(default_catalog().routine("daily-short"), name=PAYLOAD)
    data = bundle(routine_timer(routine, log=False))
    assert "<script>" not in data["text/html"] and "&lt;script&gt;" in data["text/html"]


def test_a_learners_quiz_stand_in_has_the_questions_and_choices_but_no_answers():
    catalog = default_catalog()
    q = quiz(catalog=catalog)
    data = bundle(q)
    shown = text_of(data["text/html"])
    for question in catalog.questions:
        assert question.question in shown
        assert all(choice in shown for choice in question.choices)
        assert question.explanation not in data["text/html"]
    assert "(answer)" not in shown and "✓" not in shown and "Answer key" not in shown
    assert data["text/plain"].startswith(f"A self-check quiz of {len(catalog.questions)} questions")


def test_the_teachers_quiz_stand_in_is_the_answer_key():
    catalog = default_catalog()
    data = bundle(quiz(teacher=True, catalog=catalog))
    assert answer_key_html(select_questions(catalog)) in data["text/html"]
    assert data["text/plain"].startswith("The answer key to")


def test_quiz_stand_ins_escape_what_comes_from_data(hostile_catalog):  # noqa: F811
    for teacher in (False, True):
        html = quiz("anatomy", teacher=teacher, catalog=hostile_catalog).stand_in().html
        assert "<script>" not in html and "<b>The" not in html
        assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("make", "starts"),
    [
        (lambda: routine_builder("daily-short"), "The routine builder, starting from Short daily"),
        (exercise_browser, "The exercise browser: 13 exercises"),
        (anatomy_explorer, "The anatomy explorer"),
        (fibre_explorer, "The fibre explorer"),
        (lambda: class_view(sound=False), "The class timer, on Class warm-up"),
    ],
    ids=["builder", "browser", "anatomy", "fibres", "class view"],
)
def test_every_lesson_widget_stands_in_with_what_it_is_and_how_to_start_it(make, starts):
    data = bundle(make())
    assert data["text/plain"].startswith(starts)
    assert "run this cell" in data["text/plain"]
    assert "run this cell" in text_of(data["text/html"])
    assert WIDGET_VIEW in data


def test_the_builders_stand_in_is_the_routine_it_starts_with():
    catalog = default_catalog()
    shown = text_of(routine_builder("daily-short").stand_in().html)
    for entry in catalog.routine("daily-short").entries:
        assert catalog.exercise(entry.exercise).name in shown
    assert "No exercises yet." in text_of(routine_builder().stand_in().html)


def test_the_explorers_show_their_picture_with_alt_text_and_every_item():
    catalog = default_catalog()
    anatomy = anatomy_explorer()
    html = anatomy.stand_in().html
    assert html.count("<img ") == 1 and f'alt="{esc(anatomy.alt)}"' in html
    assert all(s.name in text_of(html) for s in catalog.anatomy.structures)
    fibres = fibre_explorer().stand_in().html
    assert all(esc(s.label) in fibres for s in catalog.fibres.studies)
    for shown in (html, fibres):
        assert len(shown.encode()) < 150_000  # a palette PNG at one pixel per CSS pixel


def test_the_class_views_stand_in_has_the_routine_and_the_safety_notice():
    catalog = default_catalog()
    shown = text_of(class_view(sound=False).stand_in().html)
    assert catalog.guidance.safety_notice in shown
    assert "Class warm-up" in shown and "Glute bridge" in shown
