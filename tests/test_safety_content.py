"""Safety content that must not regress: what the learner reads about blood thinners, pulses,
pressure and what the fingers really reach, and what the fibre section and its charts claim.

Each test reads the text a learner sees (the data through the displays and cards, and the
notebooks' own words), not a copy of it, so an edit that drops a caution fails here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest
from matplotlib.image import AxesImage

from psoas_lesson import displays
from psoas_lesson.catalog import load_catalog
from psoas_lesson.charts.anatomy import anatomy_schematic
from psoas_lesson.charts.fibres import _LEVEL_Y, regional_chart
from psoas_lesson.models import Kind
from psoas_lesson.widgets.cards import card_html

from .helpers import replace_in

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
CATALOG = load_catalog()

BLOOD_THINNERS = re.compile(r"blood thinners \(anticoagulants\)", re.IGNORECASE)
BLEEDING = re.compile(r"bleeding disorder", re.IGNORECASE)
# "Move away from a pulse" in any of its wordings: move ... away ... pulse, in one sentence.
MOVE_AWAY_FROM_PULSE = re.compile(
    r"(pulse[^.]*\bmove\b[^.]*\baway\b|\bmove\b[^.]*\baway\b[^.]*pulse)", re.IGNORECASE
)
# Movement of the leg while pressing: "while the knee is slowly bent and straightened",
# "bend and straighten the leg", "as you lift the leg", "rock the knee"...
LEG_MOVES_UNDER_PRESSURE = re.compile(
    r"(\b(while|as)\b[^.]*\b(bend|bent|straighten|lift|rais|swing|rock|mov)\w*[^.]*\b(knee|leg|hip|thigh)s?\b"
    r"|\b(bent|bend) and straighten\w*"
    r"|\b(lift|raise|swing|rock|move)\w* (the|your) (knee|leg|thigh)s?\b)",
    re.IGNORECASE,
)


def text_of(markup: str) -> str:
    """What a reader sees: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def notebook_words(name: str) -> str:
    """The markdown a learner reads in a notebook, as one string."""
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def notebook_code(name: str) -> str:
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "code")


def card_words(exercise_id: str, catalog=CATALOG) -> str:
    return " ".join(text_of(card_html(catalog.exercise(exercise_id))).split())


def massage_words(exercise) -> str:
    """What a massage card tells the learner to do: its summary, reason, steps and cue."""
    return " ".join([exercise.summary, exercise.why, *exercise.steps, exercise.cue])


MASSAGES = [e for e in CATALOG.exercises if e.kind is Kind.SELF_MASSAGE]


# ---------------------------------------------------------------------------------------------
# Blood thinners and bleeding disorders (Chen et al. 2013: a patient on warfarin)


def test_safety_notice_names_blood_thinners_and_bleeding_disorders():
    notice = displays.safety_box(CATALOG).text
    assert BLOOD_THINNERS.search(notice) and BLEEDING.search(notice)


def test_back_lying_massage_card_names_blood_thinners_and_bleeding_disorders():
    words = card_words("supine-psoas-massage")
    assert BLOOD_THINNERS.search(words) and BLEEDING.search(words)
    assert "warfarin" in words  # where the caution comes from, on the card


def test_who_should_ask_first_names_blood_thinners_and_bleeding_disorders():
    safety = {g.id: g for g in CATALOG.guidance.group("safety")}
    text = safety["who-should-ask-first"].text
    assert BLOOD_THINNERS.search(text) and BLEEDING.search(text)
    assert "warfarin" in safety["who-should-ask-first"].source


def test_the_case_reports_are_summarised_as_what_they_were():
    text = " ".join(displays.guidelines("safety", CATALOG).text.split())
    assert "embolism" in text and "upper and middle belly" in text  # Tak et al. 2014
    assert "warfarin" in text  # Chen et al. 2013


def test_dropping_the_caution_from_the_card_fails_the_check(data_copy):
    replace_in(
        data_copy / "exercises.yaml",
        "      - Skip it and ask a doctor first if you are taking blood thinners (anticoagulants), "
        "have a bleeding disorder or bruise easily, have had a clot in a leg vein (deep-vein "
        "thrombosis), or have a calf or thigh that is swollen, warm and painful.\n",
        "",
    )
    words = card_words("supine-psoas-massage", load_catalog(base_dir=data_copy))
    assert not BLOOD_THINNERS.search(words)


# ---------------------------------------------------------------------------------------------
# A pulse under the fingers: move away


def test_safety_notice_says_to_move_away_from_a_pulse():
    assert MOVE_AWAY_FROM_PULSE.search(CATALOG.guidance.safety_notice)


def test_back_lying_massage_card_says_to_move_away_from_a_pulse():
    assert MOVE_AWAY_FROM_PULSE.search(card_words("supine-psoas-massage"))


def test_finding_the_psoas_says_to_move_away_from_a_pulse():
    assert MOVE_AWAY_FROM_PULSE.search(displays.guidelines("finding", CATALOG).text)


def test_notebook_05_says_to_move_away_from_a_pulse_and_marks_it_on_the_schematic():
    assert MOVE_AWAY_FROM_PULSE.search(notebook_words("05_self_massage"))
    assert 'anatomy_schematic(overlay="front-massage")' in notebook_code("05_self_massage")
    chart = anatomy_schematic(catalog=CATALOG, overlay="front-massage")
    chart.png()
    drawn = " ".join(" ".join(t.get_text().split()) for t in chart.figure.texts)
    drawn += " " + " ".join(" ".join(t.get_text().split()) for t in chart.figure.axes[0].texts)
    assert MOVE_AWAY_FROM_PULSE.search(drawn) or "move away, never press" in drawn
    assert "Fingertips" in drawn and "iliacus" in drawn
    assert "pulse" in chart.alt and "never press" in chart.alt


# ---------------------------------------------------------------------------------------------
# No movement of the leg under pressure


def test_the_pattern_catches_the_sentence_the_issue_found():
    old = "steady fingertip or ball pressure just inside the hip bone, while the knee is slowly "
    old += "bent and straightened."
    assert LEG_MOVES_UNDER_PRESSURE.search(old)
    assert not LEG_MOVES_UNDER_PRESSURE.search("Lie on your back with the knees bent.")


@pytest.mark.parametrize("exercise", MASSAGES, ids=[e.id for e in MASSAGES])
def test_no_massage_card_tells_the_learner_to_move_the_leg_under_pressure(exercise):
    found = LEG_MOVES_UNDER_PRESSURE.search(massage_words(exercise))
    assert not found, f"{exercise.id}: {found.group(0)!r}"


def test_notebook_05_tells_no_one_to_move_the_leg_under_pressure():
    words = notebook_words("05_self_massage")
    techniques = words[words.index("## Three techniques") : words.index("## What the article")]
    found = LEG_MOVES_UNDER_PRESSURE.search(techniques)
    assert not found, found and found.group(0)
    assert "still" in techniques and "30 seconds to a minute" in techniques


# ---------------------------------------------------------------------------------------------
# What the fingers really reach


def test_side_lying_massage_targets_and_card_do_not_claim_the_psoas():
    side = CATALOG.exercise("side-lying-psoas-massage")
    assert "psoas" not in side.targets
    assert {"quadratus-lumborum", "spinal-erectors"} <= set(side.targets)
    words = card_words("side-lying-psoas-massage")
    assert "quadratus lumborum" in words and "not the psoas" in words


def test_back_lying_massage_says_it_mostly_reaches_the_iliacus():
    front = CATALOG.exercise("supine-psoas-massage")
    assert "iliacus" in front.targets and "psoas" not in front.targets
    assert "iliacus" in card_words("supine-psoas-massage")


def test_notebook_05_answers_its_own_question_about_reaching_the_psoas():
    words = notebook_words("05_self_massage")
    question = "Can you really reach a muscle that lies behind your belly?"
    assert words.count(question) >= 2  # asked at the top, answered under its own heading
    answer = words[words.index(f"## {question}") :]
    answer = answer[: answer.index("\n## ")]
    for part in ("iliacus", "iliopsoas", "quadratus lumborum", "spinal erectors", "deeper"):
        assert part in answer


# ---------------------------------------------------------------------------------------------
# The fibre section: fair to the article


def test_fibre_wording_calls_anaerobic_rapid_oxidative_one_type_iia_not_a_mix():
    fibres = CATALOG.fibres
    article = fibres.study("article")
    assert "type IIA" in article.caveat and "not a mix of two" in article.caveat
    problems = " ".join(fibres.article_problems)
    assert "type IIA" in problems and "mixes" not in problems
    teaching = {d.topic: d for d in CATALOG.teaching.disagreements}
    label = teaching["The fast-fibre label"].literature
    assert "type IIA" in label and "mixes the two" not in label
    fast = {t.id: t for t in fibres.fibre_types}["fast"].text
    assert not fast.startswith("Mainly anaerobic") and "IIA" in fast and "aerobic" in fast


def test_fibre_section_says_the_articles_mostly_fast_agrees_with_both_studies():
    shown = displays.article_problems(CATALOG).text
    assert "agrees with both studies" in shown
    assert "no study" in shown or "no source" in shown


def test_regional_chart_shades_nothing_below_l4_for_arbanas():
    chart = regional_chart(CATALOG)
    claims = CATALOG.fibres.regional
    images = [a for a in chart.figure.axes[0].get_children() if isinstance(a, AxesImage)]
    assert len(images) == len(claims)
    arbanas = images[[c.id for c in claims].index("arbanas-2009")]
    _, _, bottom, top = arbanas.get_extent()
    assert min(bottom, top) >= _LEVEL_Y["L4"]
    assert max(bottom, top) <= _LEVEL_Y["L1"]
    # Its "lower part" label sits at L4, the lowest level it sampled, not down at the brim.
    labels = [t for t in chart.figure.axes[0].texts if t.get_text().startswith("Lower part")]
    lower = labels[[c.id for c in claims].index("arbanas-2009")]
    assert lower.get_position()[1] == pytest.approx(_LEVEL_Y["L4"])


# ---------------------------------------------------------------------------------------------
# Issue 14, safety items 1-5


def sentences(text: str) -> list[str]:
    """The lesson's own sentences: the article's words in quotation marks are a report of what
    it says (the lesson's next words correct it), so they are left out."""
    own = re.sub(r'"[^"]*"', '"…"', " ".join(text.split()))
    return [s for s in re.split(r"(?<=[.;:!?])\s+", own) if s]


# Pressure aimed at the middle: "angled slightly towards your middle", "in and down towards the
# spine". From 2-3 cm inside the ASIS that heads for the iliac vessels and the femoral nerve.
TOWARDS_THE_MIDDLE = re.compile(
    r"\b(angl\w*|toward\w*|in and down)\b[^.;]*\b(middle|navel|spine|belly button|midline)\b",
    re.IGNORECASE,
)
NEGATED = re.compile(r"\b(not|never|no|instead|rather than|heads? for)\b", re.IGNORECASE)


PRESSING = re.compile(r"\b(press|push|angl|aim|point)\w*", re.IGNORECASE)


def pressure_towards_the_middle(text: str) -> list[str]:
    """Sentences that tell the learner to aim the pressure at the middle (not negated); where
    things lie ("further in, towards the middle, lie the vessels") is not an instruction."""
    return [
        s
        for s in sentences(text)
        if TOWARDS_THE_MIDDLE.search(s) and PRESSING.search(s) and not NEGATED.search(s)
    ]


def test_the_direction_check_catches_the_old_steps():
    old = (
        "Find the bony point at the front of the hip bone, then put your fingertips about an inch "
        "(2-3 cm) inside it, angled slightly towards your middle. Press gently in and down "
        "towards the spine."
    )
    assert len(pressure_towards_the_middle(old)) == 2
    assert not pressure_towards_the_middle("Press straight back, not angled towards the navel.")


def test_no_step_of_the_back_lying_massage_angles_the_pressure_towards_the_middle():
    front = CATALOG.exercise("supine-psoas-massage")
    for step in front.steps:
        assert not pressure_towards_the_middle(step), step
    assert "straight back" in " ".join(front.steps)
    assert not pressure_towards_the_middle(card_words("supine-psoas-massage"))


def test_the_back_lying_massage_drawing_presses_straight_back():
    # Its description is the figure's caption on the card and its alt text in the builder, the
    # timer and the poster: a learner reads it beside the steps.
    held = CATALOG.poses.for_exercise("supine-psoas-massage").key_position.description
    assert "straight back" in held
    for position in CATALOG.poses.for_exercise("supine-psoas-massage").positions:
        assert not re.search(r"\bin and down\b", position.description), position.description
        assert not pressure_towards_the_middle(position.description), position.description


def test_finding_the_psoas_the_overlay_and_notebook_05_press_straight_back():
    overlay = CATALOG.anatomy.overlay("front-massage").description
    finding = displays.guidelines("finding", CATALOG).text
    for text in (overlay, finding, notebook_words("05_self_massage")):
        assert not pressure_towards_the_middle(text), pressure_towards_the_middle(text)
    assert "straight back" in overlay and "straight back" in finding


BOWEL = ("caecum", "appendix", "sigmoid colon")


@pytest.mark.parametrize("where", ["card", "find-the-psoas", "overlay"])
def test_the_bowel_and_the_skin_nerve_of_the_outer_thigh_are_named(where):
    text = {
        "card": lambda: card_words("supine-psoas-massage"),
        "find-the-psoas": lambda: displays.guidelines("finding", CATALOG).text,
        "overlay": lambda: CATALOG.anatomy.overlay("front-massage").description,
    }[where]()
    text = " ".join(text.split())
    assert all(part in text for part in BOWEL), where
    assert "lateral femoral cutaneous nerve" in text or "nerve for the skin" in text, where
    assert "outer thigh" in text and "1-2 cm" in text, where


def test_the_card_says_stop_on_outer_thigh_tingling_and_see_a_doctor_for_new_tenderness():
    cautions = " ".join(CATALOG.exercise("supine-psoas-massage").cautions)
    assert re.search(r"[Ss]top if the outer thigh tingles or goes numb", cautions)
    assert "fever or nausea" in cautions and "needs a doctor, not massage" in cautions


def test_foam_rolling_says_what_lies_under_the_roller_and_to_roll_outside_any_pulse():
    roller = CATALOG.exercise("foam-rolling")
    words = " ".join([roller.summary, roller.why, *roller.steps, *roller.cautions])
    for part in ("iliopsoas tendon", "sartorius", "rectus femoris", "tensor fasciae latae"):
        assert part in words
    assert "femoral artery, vein and nerve" in words
    assert re.search(r"outside (of )?any pulse", words)
    # The roller does reach things near the psoas: no text may say it reaches nothing there.
    assert "cannot reach" not in words


def test_foam_rolling_carries_the_blood_thinner_bruising_and_clot_cautions():
    words = card_words("foam-rolling")
    assert BLOOD_THINNERS.search(words) and BLEEDING.search(words)
    assert "bruise easily" in words and "deep-vein thrombosis" in words
    assert "swollen, warm and painful" in words
    assert "Behera" in words and "Jabr" in words  # where the clot caution comes from


# "Build up the pressure", in any wording, unless the sentence says it must not grow.
PRESSURE_GROWS = re.compile(
    r"(build|increas|grow|deeper|harder)\w*[^.]*\bpressure\b|\bpressure\b[^.]*\b(build|increas|grow)\w*",
    re.IGNORECASE,
)
STAYS_MILD = re.compile(r"\b(never|not|stays? mild|only the time|without saying)\b", re.IGNORECASE)


def tells_pressure_to_grow(text: str) -> list[str]:
    return [s for s in sentences(text) if PRESSURE_GROWS.search(s) and not STAYS_MILD.search(s)]


def test_the_pressure_check_catches_the_old_wording():
    assert tells_pressure_to_grow(
        "Begin with light pressure and short sessions and build up as your body gets used to them."
    )
    assert tells_pressure_to_grow("Mild, steady pressure, building up gradually")


def test_no_guideline_or_quiz_answer_tells_the_learner_to_build_up_pressure():
    for guideline in CATALOG.guidance.guidelines:
        assert not tells_pressure_to_grow(guideline.text), guideline.id
    for question in CATALOG.questions:
        answer = question.choices[question.answer]
        assert not tells_pressure_to_grow(answer + ". " + question.explanation), question.id


def test_start_gently_reports_the_article_and_keeps_the_pressure_mild():
    text = {g.id: g for g in CATALOG.guidance.guidelines}["start-gently"].text
    assert '"gradually increasing"' in text  # the article's words, reported as its words
    assert "pressure stays mild" in text and "time" in text
    pressure = {q.id: q for q in CATALOG.questions}["massage-pressure"]
    assert "pressure stays mild" in pressure.choices[pressure.answer]


DVT = re.compile(r"clot in a leg vein \(deep-vein thrombosis\)")
SWOLLEN = "calf or thigh that is swollen, warm and painful"


def test_clots_are_in_the_safety_notice_and_who_should_ask_first():
    notice = CATALOG.guidance.safety_notice
    ask_first = {g.id: g for g in CATALOG.guidance.guidelines}["who-should-ask-first"]
    for text in (notice, ask_first.text):
        assert DVT.search(text) and SWOLLEN in " ".join(text.split())
    assert "Behera" in ask_first.source and "Jabr" in ask_first.source


@pytest.mark.parametrize("exercise_id", ["supine-psoas-massage", "foam-rolling"])
def test_the_massages_of_the_front_of_the_hip_carry_the_clot_caution(exercise_id):
    assert DVT.search(card_words(exercise_id))


def test_joint_replacement_is_in_the_notice_who_should_ask_first_and_notebook_05s_key_points():
    ask_first = {g.id: g for g in CATALOG.guidance.guidelines}["who-should-ask-first"].text
    words = notebook_words("05_self_massage")
    key_points = words[words.index("## Key points") :]
    for text in (CATALOG.guidance.safety_notice, ask_first, key_points):
        assert "joint replacement" in " ".join(text.split())
    assert "deep-vein thrombosis" in key_points
