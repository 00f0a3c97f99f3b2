"""Self-check quizzes from ``data/quiz.yaml``, and the teacher's answer key.

The right answer and the explanation stay in Python: no widget trait holds them until a learner
has checked an answer, so neither the widget state sent to the browser nor a saved notebook
gives them away.
"""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as widgets

from ..catalog import Catalog, default_catalog
from ..displays import Display
from ..errors import DataError
from ..html import Markup, tag
from ..models import Question
from ..theme import INK, MUTED, RIGHT, RIGHT_TEXT, TABLE_CELL, TABLE_HEAD, WARN, WRONG_TEXT
from .standin import StandIn, make_stand_in


class QuestionView(widgets.VBox):
    """One question: its prompt, the choices, a Check button and the feedback."""

    def __init__(self, number: int, question: Question, on_checked, **kwargs):
        # Plain attributes, not traits: nothing here is synced to the browser.
        self._question = question
        self._on_checked = on_checked
        self.correct: bool | None = None
        self.prompt = widgets.HTML(
            tag(
                "p",
                tag("strong", f"{number}. "),
                question.question,
                style=f"margin: 0.2em 0; color: {INK}",
            )
        )
        self.choices = widgets.RadioButtons(
            options=[(choice, i) for i, choice in enumerate(question.choices)],
            index=None,
            layout={"width": "auto"},
        )
        self.check = widgets.Button(description="Check", tooltip="Check your answer")
        self.feedback = widgets.HTML()
        self.check.add_class("psoas-quiz-check")
        self.feedback.add_class("psoas-quiz-feedback")
        self.choices.add_class("psoas-quiz-choices")
        super().__init__([self.prompt, self.choices, self.check, self.feedback], **kwargs)
        self.add_class("psoas-quiz-question")
        self.check.on_click(self._check)

    @property
    def question_id(self) -> str:
        return self._question.id

    def _check(self, _button=None) -> None:
        chosen = self.choices.value
        if chosen is None:
            self.feedback.value = tag(
                "p", "Choose an answer first.", style=f"color: {MUTED}; margin: 0.2em 0"
            )
            return
        question = self._question
        self.correct = chosen == question.answer
        if self.correct:
            verdict = tag("strong", "Correct — ", style=f"color: {RIGHT_TEXT}")
        else:
            verdict = tag("strong", "Not quite — ", style=f"color: {WRONG_TEXT}")
        self.feedback.value = tag(
            "div",
            _marked_choices(question, chosen),
            tag("p", verdict, question.explanation, style="margin: 0.4em 0 0.2em"),
            tag(
                "p",
                "Source: ",
                question.source,
                style=f"color: {MUTED}; font-size: 0.85em; margin: 0",
            ),
            style=(
                f"border-left: 4px solid {RIGHT if self.correct else WARN}; padding: 0.2em 0.7em; "
                f"color: {INK}; line-height: 1.45; max-width: 60em"
            ),
        )
        # The marked list replaces the radio buttons: it shows what was chosen and whether it was
        # right. One answer per question, so the score means something; "Start over" clears all.
        self.choices.layout.display = "none"
        self.choices.disabled = True
        self.check.disabled = True
        self._on_checked()

    def reset(self) -> None:
        self.correct = None
        self.choices.index = None
        self.choices.layout.display = None
        self.choices.disabled = False
        self.check.disabled = False
        self.feedback.value = ""


def _marked_choices(question: Question, chosen: int) -> Markup:
    """Every choice, the learner's own marked right or wrong, the right one marked as such."""
    rows = []
    for index, choice in enumerate(question.choices):
        right = index == question.answer
        if index == chosen:
            mark, words = ("✓", "your answer, right") if right else ("✗", "your answer, not right")
            colour = RIGHT_TEXT if right else WRONG_TEXT
        elif right:
            mark, words, colour = "✓", "the right answer", RIGHT_TEXT
        else:
            mark, words, colour = "", "", MUTED
        rows.append(
            tag(
                "li",
                tag("span", mark, aria_hidden="true", style="display: inline-block; width: 1.2em"),
                " ",
                tag("strong", choice) if mark else choice,
                tag("span", f" ({words})", style=f"color: {colour}") if words else "",
                style=f"list-style: none; color: {INK if mark else MUTED}; margin: 0.1em 0",
            )
        )
    return tag("ul", *rows, style="padding: 0; margin: 0.2em 0", aria_label="Your answer")


class Quiz(StandIn, widgets.VBox):
    """A set of self-check questions with a running score, or (teacher) the answer key."""

    def __init__(self, questions: tuple[Question, ...], teacher: bool = False, **kwargs):
        self.teacher = teacher
        self._questions = questions
        self._count = len(questions)
        self.items: tuple[QuestionView, ...] = ()
        if teacher:
            self.key = widgets.HTML(answer_key_html(questions))
            self.key.add_class("psoas-quiz-key")
            children = [self.key]
        else:
            self.items = tuple(
                QuestionView(i, q, self._update_score) for i, q in enumerate(questions, 1)
            )
            self.score = widgets.HTML()
            self.score.add_class("psoas-quiz-score")
            self.reset_button = widgets.Button(description="Start over", icon="refresh")
            self.reset_button.add_class("psoas-quiz-reset")
            self.reset_button.on_click(self.reset)
            children = [*self.items, widgets.HBox([self.score, self.reset_button])]
            self._update_score()
        super().__init__(children, **kwargs)
        self.add_class("psoas-quiz")

    @property
    def right(self) -> int:
        """How many questions were answered correctly."""
        return sum(1 for item in self.items if item.correct)

    def _update_score(self) -> None:
        checked = sum(1 for item in self.items if item.correct is not None)
        extra = "" if checked == self._count else f" ({checked} checked)"
        self.score.value = tag(
            "p",
            tag("strong", f"{self.right} of {self._count} correct"),
            extra,
            style=f"margin: 0.4em 1em 0.4em 0; color: {INK}",
        )

    def reset(self, _button=None) -> None:
        for item in self.items:
            item.reset()
        self._update_score()

    def __repr__(self) -> str:
        noun = "question" if self._count == 1 else "questions"
        return f"Quiz({self._count} {noun}{', answer key' if self.teacher else ''})"

    def stand_in(self) -> Display:
        """The questions and their choices, never the answers; the teacher's: the answer key."""
        noun = "question" if self._count == 1 else "questions"
        if self.teacher:
            return make_stand_in(
                f"The answer key to {self._count} {noun}",
                "shown here in full; running this cell shows the same table",
                answer_key_html(self._questions),
            )
        return make_stand_in(
            f"A self-check quiz of {self._count} {noun}",
            "run this cell to answer them and check each answer",
            questions_html(self._questions),
        )


def questions_html(questions: Iterable[Question]) -> Markup:
    """Every question with its choices, escaped, and nothing that tells the answer."""
    return tag(
        "ol",
        *(
            tag(
                "li",
                tag("p", question.question, style="margin: 0.3em 0 0.1em"),
                tag("ol", *(tag("li", choice) for choice in question.choices), type="A"),
            )
            for question in questions
        ),
        style="margin: 0; padding-left: 1.4em",
        aria_label="Questions",
    )


def answer_key_html(questions: Iterable[Question]) -> Markup:
    """Every question with its right answer marked and the explanation, as an escaped table."""
    rows = []
    for number, question in enumerate(questions, 1):
        choices = tag(
            "ol",
            *(
                tag(
                    "li",
                    tag("strong", choice, " ✓ (answer)", style=f"color: {RIGHT_TEXT}")
                    if i == question.answer
                    else choice,
                )
                for i, choice in enumerate(question.choices)
            ),
            type="A",
            style="margin: 0; padding-left: 1.4em",
        )
        rows.append(
            tag(
                "tr",
                tag("td", str(number), style=TABLE_CELL),
                tag(
                    "th", question.question, scope="row", style=TABLE_CELL + "; font-weight: normal"
                ),
                tag("td", choices, style=TABLE_CELL),
                tag("td", question.explanation, style=TABLE_CELL),
                tag(
                    "td", question.source, style=TABLE_CELL + f"; color: {MUTED}; font-size: 0.85em"
                ),
            )
        )
    head = tag(
        "tr",
        *(
            tag("th", h, scope="col", style=TABLE_HEAD)
            for h in ("#", "Question", "Choices", "Why", "Source")
        ),
    )
    return tag(
        "table",
        tag("caption", "Answer key", style="text-align: left; font-weight: bold; padding: 0.3em 0"),
        tag("thead", head),
        tag("tbody", *rows),
        style=f"border-collapse: collapse; color: {INK}; max-width: 75em; line-height: 1.4",
    )


def select_questions(
    catalog: Catalog, topic: str | None = None, ids: Iterable[str] | str | None = None
) -> tuple[Question, ...]:
    """The questions on ``topic`` (all if None), or those with ``ids`` in that order; unknown
    topics and ids are a DataError naming the valid ones."""
    topics = list(dict.fromkeys(q.topic for q in catalog.questions))
    if topic is not None and topic not in topics:
        raise DataError(f"unknown quiz topic {topic!r}; topics: {', '.join(topics)}")
    pool = catalog.questions_on(topic)
    if ids is None:
        chosen = pool
    else:
        wanted = [ids] if isinstance(ids, str) else list(ids)
        by_id = {q.id: q for q in pool}
        unknown = [i for i in wanted if i not in by_id]
        if unknown:
            where = f" on topic {topic!r}" if topic else ""
            raise DataError(
                f"unknown question id{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(repr(i) for i in unknown)}{where}; valid ids: {', '.join(by_id)}"
            )
        chosen = tuple(by_id[i] for i in wanted)
    if not chosen:
        raise DataError("no questions chosen; give a topic or some question ids")
    return tuple(chosen)


def quiz(
    topic: str | None = None,
    ids: Iterable[str] | str | None = None,
    teacher: bool = False,
    catalog: Catalog | None = None,
) -> Quiz:
    """A self-check quiz on a topic (or chosen ids); ``teacher=True`` shows the answer key."""
    return Quiz(select_questions(catalog or default_catalog(), topic, ids), teacher=teacher)


__all__ = ["Quiz", "answer_key_html", "questions_html", "quiz"]
