from __future__ import annotations

import re
from pathlib import Path

import pytest

from psoas_lesson import displays
from psoas_lesson.catalog import load_catalog

from .helpers import replace_in

PAYLOAD = "<script>alert(1)</script>"

ALL = {
    "anatomy_topic": lambda c: displays.anatomy_topic("bursa", c),
    "fibre_study": lambda c: displays.fibre_study("showa-stain", c),
    "fibre_types": displays.fibre_types,
    "article_problems": displays.article_problems,
    "benefits": displays.benefits,
    "guidelines": lambda c: displays.guidelines("article", c),
    "safety_box": displays.safety_box,
    "disagreements": displays.disagreements,
    "class_plan": displays.class_plan,
    "discussion_prompts": displays.discussion_prompts,
    "routine_summary": lambda c: displays.routine_summary("daily-short", c),
}


@pytest.fixture
def hostile_catalog(data_copy):
    """Every file holds an HTML payload in a field the displays show."""
    replace_in(data_copy / "anatomy.yaml", "title: The iliopsoas bursa", f'title: "{PAYLOAD}"')
    replace_in(
        data_copy / "fibres.yaml",
        "  - It cites no study for its 60 % / 40 % split, and its numbers cannot be checked.",
        f'  - "{PAYLOAD}"',
    )
    replace_in(
        data_copy / "fibres.yaml", "label: Cadaver stain study (10 adults)", f'label: "{PAYLOAD}"'
    )
    replace_in(data_copy / "fibres.yaml", "name: Slow-twitch (type I, red)", f'name: "{PAYLOAD}"')
    replace_in(
        data_copy / "fibres.yaml",
        "stain_caveat: >-\n",
        f'stain_caveat: "{PAYLOAD}"\nx_removed: >-\n',
    )
    replace_in(data_copy / "guidelines.yaml", "title: Start gently", f'title: "{PAYLOAD}"')
    replace_in(
        data_copy / "guidelines.yaml", "title: Less tension and stiffness", f'title: "{PAYLOAD}"'
    )
    replace_in(
        data_copy / "guidelines.yaml", "safety_notice: >-\n", f"safety_notice: >-\n  {PAYLOAD}\n"
    )
    replace_in(data_copy / "teaching.yaml", "topic: Nerve supply", f'topic: "{PAYLOAD}"')
    replace_in(data_copy / "teaching.yaml", "title: Where is it?", f'title: "{PAYLOAD}"')
    replace_in(
        data_copy / "teaching.yaml",
        "discussion_prompts:\n",
        f'discussion_prompts:\n  - "{PAYLOAD}"\n',
    )
    replace_in(
        data_copy / "routines" / "daily-short.json",
        '"name": "Short daily routine"',
        f'"name": "{PAYLOAD}"',
    )
    text = (data_copy / "fibres.yaml").read_text()
    # drop the leftover folded text of the old caveat so the file stays valid
    start = text.index("x_removed: >-\n")
    end = text.index("fibre_types:")
    (data_copy / "fibres.yaml").write_text(text[:start] + text[end:])
    return load_catalog(base_dir=data_copy)


@pytest.mark.parametrize("name", ALL)
def test_displays_escape_what_comes_from_data(hostile_catalog, name):
    shown = ALL[name](hostile_catalog)
    assert "<script>" not in shown.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown.html
    assert PAYLOAD in shown.text


def test_payloads_appear_as_text(hostile_catalog):
    assert "&lt;script&gt;" in displays.anatomy_topic("bursa", hostile_catalog).html
    assert "&lt;script&gt;" in displays.routine_summary("daily-short", hostile_catalog).html
    assert PAYLOAD in displays.routine_summary("daily-short", hostile_catalog).text


@pytest.mark.parametrize("name", ALL)
def test_displays_are_deterministic(catalog, name):
    assert ALL[name](catalog) == ALL[name](catalog)


def test_each_display_cites_its_sources(catalog):
    assert "Hansen" in displays.anatomy_topic("origins", catalog).text
    assert "Source:" in displays.fibre_study("arbanas-2009", catalog).text
    assert "Behm" in displays.guidelines("stretching", catalog).text


def test_class_plan_adds_up_to_45_minutes(catalog):
    assert "45 minutes" in displays.class_plan(catalog).text
    assert "40–45 min" in displays.class_plan(catalog).text


def test_unknown_guideline_group_is_a_clear_error(catalog):
    with pytest.raises(ValueError, match="groups: article, finding, stretching, safety"):
        displays.guidelines("yoga", catalog)


def test_class_plan_links_each_block_to_its_notebook_and_the_notebooks_exist(catalog):
    html = displays.class_plan(catalog).html
    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    links = re.findall(r'<a href="([^"]+)"', html)
    assert links == [block.notebook for block in catalog.teaching.blocks]
    for link in links:
        assert (notebooks / link).is_file(), link
    assert '<a href="02_fibre_composition.ipynb"' in html and ">02 Fibre composition</a>" in html


def test_notebook_titles_read_as_a_reader_would_say_them():
    assert displays.notebook_title("03_stretch_library.ipynb") == "03 Stretch library"
    assert displays.notebook_title("00_start_here.ipynb") == "00 Start here"


def test_article_problems_say_where_the_article_is_right_before_where_it_goes_wrong(catalog):
    text = displays.article_problems(catalog).text
    assert text.index("Where the article is right") < text.index("Where it goes wrong")
    assert "agrees with both studies" in text


def test_benefits_set_each_promise_beside_its_evidence(catalog):
    shown = displays.benefits(catalog)
    promises = catalog.guidance.benefits
    # The article's list: tension, range of motion, back pain, posture and core, fatigue.
    assert [b.id for b in promises] == [
        "less-tension",
        "range-of-motion",
        "back-relief",
        "posture-and-core",
        "less-fatigue",
    ]
    for benefit in promises:
        assert benefit.title in shown.text and benefit.evidence in shown.text
    # None is claimed as shown for massage.
    assert {b.support for b in promises} <= {"indirect", "none"}
    assert "No study found" in shown.text


def test_only_a_lesson_notebooks_name_becomes_a_link():
    assert displays.notebook_link("03_stretch_library.ipynb").startswith('<a href="03_stretch')
    for name in ("javascript:alert(1)", "https://example.com/x.ipynb", "../secret.ipynb"):
        shown = displays.notebook_link(name)
        assert "<a" not in shown and "href" not in shown
