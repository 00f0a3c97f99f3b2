from __future__ import annotations

import html
import json
import re

import ipywidgets as widgets
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas_lesson.catalog import load_catalog
from psoas_lesson.errors import DataError
from psoas_lesson.widgets import styles
from psoas_lesson.widgets.quiz import Quiz, quiz

from .helpers import replace_in

PAYLOAD = "<script>alert(1)</script>"


def text_of(markup: str) -> str:
    """What a reader sees: block tags become spaces, inline tags vanish, entities decoded."""
    spaced = re.sub(r"</?(?:p|div|li|ol|ul|td|th|tr|table|caption|h\d|br)\b[^>]*>", " ", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", spaced)).split())


def widget_tree(root: widgets.Widget) -> list[widgets.Widget]:
    """Every widget reachable from ``root`` through its traits (children, layout, style, ...)."""
    seen: dict[str, widgets.Widget] = {}
    stack = [root]
    while stack:
        widget = stack.pop()
        if widget.model_id in seen:
            continue
        seen[widget.model_id] = widget
        for name in widget.keys:
            value = getattr(widget, name)
            for item in value if isinstance(value, (tuple, list)) else (value,):
                if isinstance(item, widgets.Widget):
                    stack.append(item)
    return list(seen.values())


def sent_to_browser(root: widgets.Widget) -> str:
    """All the state the front end receives for ``root`` and what it contains, as one text."""
    texts, stack = [], [widget.get_state() for widget in widget_tree(root)]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        else:
            texts.append(value if isinstance(value, str) else json.dumps(value, default=repr))
    return html.unescape("\n".join(texts))


def answer(item, index: int) -> None:
    item.chosen = index
    item.check()


def score(q: Quiz) -> str:
    return text_of(q.score.value)


@pytest.mark.parametrize(
    "topic, count",
    [("anatomy", 4), ("fibres", 2), ("stretches", 4), ("routines", 4), ("massage", 6), (None, 20)],
)
def test_quiz_on_a_topic_has_that_topics_questions(catalog, topic, count):
    q = quiz(topic, catalog=catalog)
    assert repr(q) == f"Quiz({count} questions)"
    assert [item.question_id for item in q.items] == [x.id for x in catalog.questions_on(topic)]
    assert "psoas-quiz" in q._dom_classes
    assert all("psoas-quiz-question" in item._dom_classes for item in q.items)
    assert "psoas-quiz-score" in q.score._dom_classes


def test_quiz_by_ids_keeps_their_order(catalog):
    q = quiz(ids=["warm-up", "psoas-location"], catalog=catalog)
    assert [item.question_id for item in q.items] == ["warm-up", "psoas-location"]
    assert repr(quiz(ids="warm-up", catalog=catalog)) == "Quiz(1 question)"


def test_unknown_ids_are_a_data_error_naming_the_valid_ones(catalog):
    with pytest.raises(
        DataError, match=r"unknown question id 'nope'.*valid ids: psoas-location, .*foam-roller"
    ):
        quiz(ids=["warm-up", "nope"], catalog=catalog)
    with pytest.raises(DataError, match=r"'warm-up' on topic 'anatomy'; valid ids: psoas-location"):
        quiz("anatomy", ids=["warm-up"], catalog=catalog)


def test_unknown_topic_is_a_data_error_naming_the_topics(catalog):
    with pytest.raises(
        DataError, match="unknown quiz topic 'hips'; topics: anatomy, fibres, stretches, massage"
    ):
        quiz("hips", catalog=catalog)


def test_the_prompt_and_choices_are_shown(catalog):
    q = quiz(ids=["psoas-location"], catalog=catalog)
    question = catalog.questions_on("anatomy")[0]
    assert q.items[0].prompt == question.question and q.items[0].number == 1
    assert q.items[0].options == list(question.choices)
    assert q.items[0].chosen is None and not q.items[0].locked


# ---------------------------------------------------------------------------------------------
# Keeping the answer out of the browser until it is checked


def test_no_answer_or_explanation_reaches_the_browser_before_checking(catalog):
    q = quiz(catalog=catalog)
    sent = sent_to_browser(q)
    assert len(widget_tree(q)) >= 40  # the walk reaches the questions (and their layouts)
    for question in catalog.questions:
        assert question.question in sent  # the walk does see the content...
        assert question.explanation not in sent  # ...but not the explanations
        assert question.source not in sent
    assert "Correct" not in sent and "Not quite" not in sent and "the answer is" not in sent
    assert not any(re.search(r"\banswer\b", name) for w in widget_tree(q) for name in w.keys)


def test_checking_one_question_reveals_only_that_one(catalog):
    q = quiz("anatomy", catalog=catalog)
    first, second = catalog.questions_on("anatomy")[:2]
    answer(q.items[0], first.answer)
    sent = sent_to_browser(q)
    assert first.explanation in sent
    assert second.explanation not in sent


# ---------------------------------------------------------------------------------------------
# Feedback and score


def test_a_right_answer_says_correct_with_the_explanation(catalog):
    q = quiz(ids=["psoas-location"], catalog=catalog)
    question = q.items[0]._question
    answer(q.items[0], question.answer)
    shown = text_of(q.items[0].feedback)
    assert f"✓ {question.choices[question.answer]} (your answer, right)" in shown
    assert "Correct — " + question.explanation in shown
    assert "not right" not in shown
    assert score(q) == "1 of 1 correct"


def test_a_wrong_answer_says_not_quite_and_names_the_right_one(catalog):
    q = quiz(ids=["psoas-insertion"], catalog=catalog)
    question = q.items[0]._question
    wrong = (question.answer + 1) % len(question.choices)
    answer(q.items[0], wrong)
    shown = text_of(q.items[0].feedback)
    assert f"✗ {question.choices[wrong]} (your answer, not right)" in shown
    assert f"✓ {question.choices[question.answer]} (the right answer)" in shown
    assert "Not quite — " + question.explanation in shown
    assert score(q) == "0 of 1 correct"


def test_checking_without_a_choice_asks_for_one(catalog):
    q = quiz("anatomy", catalog=catalog)
    q.items[0].check()
    assert text_of(q.items[0].feedback) == "Choose an answer first."
    assert score(q).startswith("0 of 4 correct")
    assert not q.items[0].locked


def test_score_counts_right_answers(catalog):
    q = quiz("anatomy", catalog=catalog)
    questions = catalog.questions_on("anatomy")
    assert score(q) == "0 of 4 correct (0 checked)"
    answer(q.items[0], questions[0].answer)
    assert score(q) == "1 of 4 correct (1 checked)"
    answer(q.items[1], (questions[1].answer + 1) % 4)
    assert score(q) == "1 of 4 correct (2 checked)"
    answer(q.items[2], questions[2].answer)
    answer(q.items[3], questions[3].answer)
    assert score(q) == "3 of 4 correct"


def test_a_checked_question_is_locked_until_start_over(catalog):
    q = quiz("anatomy", catalog=catalog)
    right = catalog.questions_on("anatomy")[0].answer
    answer(q.items[0], (right + 1) % 4)
    assert q.items[0].locked
    q.items[0].chosen = right  # a locked question keeps its first answer
    q.items[0].check()
    assert score(q) == "0 of 4 correct (1 checked)"
    q.reset_button.click()
    assert score(q) == "0 of 4 correct (0 checked)"
    assert q.items[0].feedback == "" and q.items[0].chosen is None and not q.items[0].locked
    answer(q.items[0], right)
    assert score(q) == "1 of 4 correct (1 checked)"


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(picks=st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=40, max_size=40))
def test_score_is_the_number_of_right_picks_for_any_answers(catalog, picks):
    q = quiz(catalog=catalog)
    for item, question, pick in zip(q.items, catalog.questions, picks, strict=False):
        if pick is not None and pick < len(question.choices):
            answer(item, pick)
    right = sum(
        1
        for question, pick in zip(catalog.questions, picks, strict=False)
        if pick == question.answer
    )
    assert score(q).startswith(f"{right} of {len(catalog.questions)} correct")
    for item, question, pick in zip(q.items, catalog.questions, picks, strict=False):
        if pick is not None and pick < len(question.choices):
            verdict = "Correct — " if pick == question.answer else "Not quite — "
            assert verdict in text_of(item.feedback)
            assert item.locked  # the page hides the radios: the marked list stands in for them


# ---------------------------------------------------------------------------------------------
# What the page sends


def test_the_page_checks_by_sending_the_chosen_index(catalog):
    q = quiz("anatomy", catalog=catalog)
    item, question = q.items[0], catalog.questions_on("anatomy")[0]
    item._message(item, {"event": "check", "chosen": None}, [])
    assert text_of(item.feedback) == "Choose an answer first." and not item.locked
    item._message(item, {"event": "check", "chosen": question.answer}, [])
    assert item.chosen == question.answer and item.locked and item.correct
    assert "Correct — " in text_of(item.feedback)
    item._message(item, {"event": "check", "chosen": (question.answer + 1) % 4}, [])
    assert item.chosen == question.answer and score(q).startswith("1 of 4 correct")


@pytest.mark.parametrize("content", [{"event": "check", "chosen": 99}, {"event": "other"}, "x"])
def test_odd_messages_from_the_page_reveal_nothing(catalog, content):
    q = quiz("anatomy", catalog=catalog)
    item = q.items[0]
    item._message(item, content, [])
    assert not item.locked and item.correct is None
    assert item._question.explanation not in item.feedback


# ---------------------------------------------------------------------------------------------
# The teacher's answer key


def test_teacher_mode_shows_every_answer_and_explanation(catalog):
    key = quiz(teacher=True, catalog=catalog)
    assert repr(key) == "Quiz(20 questions, answer key)"
    assert "psoas-quiz-key" in key.key._dom_classes
    table = key.key.value
    assert table.startswith("<table")
    shown = text_of(table)
    for question in catalog.questions:
        assert question.question in shown and question.explanation in shown
        assert f"{question.choices[question.answer]} ✓ (answer)" in shown
    assert shown.count("✓ (answer)") == 20


def test_teacher_mode_follows_the_topic(catalog):
    key = quiz("massage", teacher=True, catalog=catalog)
    assert repr(key) == "Quiz(6 questions, answer key)"
    assert text_of(key.key.value).count("✓") == 6


# ---------------------------------------------------------------------------------------------
# Escaping


@pytest.fixture
def hostile_catalog(data_copy):
    path = data_copy / "quiz.yaml"
    replace_in(path, 'question: "Where does the psoas major lie?"', f'question: "{PAYLOAD} where?"')
    replace_in(path, '      - "Just under the skin of the belly"', f'      - "{PAYLOAD}"')
    replace_in(path, "      It is a deep muscle", f"      {PAYLOAD} It is a deep muscle")
    replace_in(path, 'source: "Source article; standard anatomy texts."', f'source: "{PAYLOAD}"')
    replace_in(path, '      - "The lesser trochanter"', '      - "<b>The lesser trochanter</b>"')
    return load_catalog(base_dir=data_copy)


def test_quiz_escapes_what_comes_from_data(hostile_catalog):
    q = quiz("anatomy", catalog=hostile_catalog)
    answer(q.items[0], 0)  # wrong: the feedback shows the explanation and source
    answer(q.items[1], 0)  # wrong: the feedback names the right choice
    for value in (q.items[0].feedback, q.items[1].feedback):
        assert "<script>" not in value and "<b>The" not in value
    assert PAYLOAD in text_of(q.items[0].feedback)
    assert "<b>The lesser trochanter</b>" in text_of(q.items[1].feedback)
    # the prompt and the choices go to the page as text, which quiz.js shows with textContent
    assert q.items[0].prompt == f"{PAYLOAD} where?" and PAYLOAD in q.items[0].options
    source = styles.module("quiz.js")  # as the page gets it, with widget_dom.js's radioChoice
    assert 'prompt.textContent = model.get("prompt")' in source
    assert "words.textContent = text" in source
    assert source.count("innerHTML") == 2 and "feedback.innerHTML" in source


def test_answer_key_escapes_what_comes_from_data(hostile_catalog):
    table = quiz("anatomy", teacher=True, catalog=hostile_catalog).key.value
    assert "<script>" not in table and "<b>The" not in table
    assert table.count("&lt;script&gt;") >= 4
