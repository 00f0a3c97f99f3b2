"""Self-check quizzes from ``data/quiz.yaml``, and the teacher's answer key.

The right answer and the explanation stay in Python: no widget trait holds them until a learner
has checked an answer, so neither the widget state sent to the browser nor a saved notebook
gives them away. Each question is a small anywidget (``quiz.js``): a radio group named by the
question, a Check button and the feedback in a live region.
"""

from __future__ import annotations

from collections.abc import Iterable

import anywidget
import ipywidgets as widgets
import traitlets

from ..catalog import Catalog, default_catalog
from ..displays import Display
from ..errors import DataError
from ..html import Markup, tag
from ..models import Question
from ..theme import INK, MUTED, RIGHT, RIGHT_TEXT, TABLE_CELL, TABLE_HEAD, WARN, WRONG_TEXT
from .standin import StandIn, make_stand_in
from .styles import FOCUS_CLASS, module, stylesheet

# Choices lettered A, B, C in the style too: an exported page's stylesheet numbers every list
# 1, 2, 3 and outranks the list's own type="A".
LETTERED = "list-style-type: upper-alpha"


class QuestionView(anywidget.AnyWidget):
    """One question: its prompt naming a radio group of the choices, a Check button, and the
    feedback in a live region (``quiz.js``). Checking happens here, in Python: the page sends
    the chosen index, and only then gets the verdict and the explanation."""

    _esm = module("quiz.js")
    _css = stylesheet("quiz.css")
    _html_traits = ("feedback",)  # markup the page inserts as HTML (escaped here)

    number = traitlets.Int(1).tag(sync=True)
    prompt = traitlets.Unicode("").tag(sync=True)  # shown as text
    options = traitlets.List(traitlets.Unicode()).tag(sync=True)  # the choices, shown as text
    chosen = traitlets.Int(None, allow_none=True).tag(sync=True)
    locked = traitlets.Bool(False).tag(sync=True)  # checked: one answer per question
    feedback = traitlets.Unicode("").tag(sync=True)

    def __init__(self, number: int, question: Question, on_checked, **kwargs):
        super().__init__(
            number=number, prompt=question.question, options=list(question.choices), **kwargs
        )
        # Plain attributes, not traits: nothing here is synced to the browser.
        self._question = question
        self._on_checked = on_checked
        self.correct: bool | None = None
        self.add_class("psoas-quiz-question")
        self.on_msg(self._message)

    @property
    def question_id(self) -> str:
        return self._question.id

    @traitlets.validate("chosen")
    def _one_of_the_choices(self, proposal):
        chosen = proposal["value"]
        if chosen is not None and not 0 <= chosen < len(self.options):
            raise traitlets.TraitError(f"choice {chosen} is not one of {len(self.options)}")
        return chosen

    def _message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict) or content.get("event") != "check" or self.locked:
            return
        chosen = content.get("chosen")
        if isinstance(chosen, int) and 0 <= chosen < len(self.options):
            self.chosen = chosen
        self.check()

    def check(self) -> None:
        """Check the chosen answer: the verdict, the marked choices, the explanation and source."""
        chosen = self.chosen
        if self.locked:
            return
        if chosen is None:
            self.feedback = tag(
                "p", "Choose an answer first.", style=f"color: {MUTED}; margin: 0.2em 0"
            )
            return
        question = self._question
        self.correct = chosen == question.answer
        if self.correct:
            verdict = tag("strong", "Correct — ", style=f"color: {RIGHT_TEXT}")
        else:
            verdict = tag("strong", "Not quite — ", style=f"color: {WRONG_TEXT}")
        # The marked list replaces the radio buttons: it shows what was chosen and whether it was
        # right. One answer per question, so the score means something; "Start over" clears all.
        with self.hold_trait_notifications():
            self.feedback = tag(
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
                    f"border-left: 4px solid {RIGHT if self.correct else WARN}; "
                    f"padding: 0.2em 0.7em; color: {INK}; line-height: 1.45; max-width: 60em"
                ),
            )
            self.locked = True
        self._on_checked()

    def reset(self) -> None:
        self.correct = None
        with self.hold_trait_notifications():
            self.chosen = None
            self.locked = False
            self.feedback = ""

    def __repr__(self) -> str:
        return f"QuestionView({self.number}, {self.question_id!r})"


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
        self.add_class(FOCUS_CLASS)

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
                tag(
                    "ol",
                    *(tag("li", choice) for choice in question.choices),
                    type="A",
                    style=LETTERED,
                ),
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
            style=f"{LETTERED}; margin: 0; padding-left: 1.4em",
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
