"""The routine builder in JupyterLab: moving a slider changes the total time and the timeline
chart, as a learner sees them. The tests share one page and kernel and each starts from a new run
of the notebook in it."""

from __future__ import annotations

import re

import pytest

from psoas_lesson import Routine, compile_timeline, default_catalog
from psoas_lesson.describe import clock

from .lab import image_source, nudge_slider_off_its_end, parse_clock

TOTAL = ".psoas-builder-total"
CHART = ".psoas-builder-chart"


@pytest.fixture
def builder(module_lab):
    module_lab.run_fresh("fixtures/builder.ipynb", ready=TOTAL)
    return module_lab.page


def test_total_time_matches_the_compiled_timeline(builder):
    catalog = default_catalog()
    routine = Routine.of("kneeling-lunge", "glute-bridge")  # as in fixtures/builder.ipynb
    expected = clock(compile_timeline(routine, catalog).total_s)
    assert parse_clock(builder.locator(TOTAL).first.text_content()) == parse_clock(expected)


@pytest.mark.parametrize("slider", [".psoas-builder-hold", ".psoas-builder-reps"])
def test_moving_a_slider_changes_total_time_and_chart(builder, slider):
    total_before = builder.locator(TOTAL).first.text_content()
    chart_before = image_source(builder, CHART)
    assert total_before.startswith("Total") and chart_before, (total_before, chart_before)
    nudge_slider_off_its_end(builder, slider, steps=2)
    builder.wait_for_function(
        "([s, old]) => document.querySelector(s).textContent !== old",
        arg=[TOTAL, total_before],
        timeout=10_000,
    )
    assert parse_clock(builder.locator(TOTAL).first.text_content()) != parse_clock(total_before)
    builder.wait_for_function(
        """([s, old]) => { const el = document.querySelector(s);
                           const img = el && (el.tagName === "IMG" ? el : el.querySelector("img"));
                           return !!img && img.getAttribute("src") !== old; }""",
        arg=[CHART, chart_before],
        timeout=10_000,
    )


def test_every_control_has_a_name_a_screen_reader_reads(builder):
    for name in ("Hold (s)", "Reps per side", "Sets", "Rest between (s)", "Get ready (s)"):
        slider = builder.get_by_role("slider", name=name)
        assert slider.count() == 1, name
        spoken = slider.get_attribute("aria-valuetext")  # "30 seconds", "1 set"
        assert re.fullmatch(r"\d+ [a-z]+", spoken), spoken
    assert builder.get_by_role("listbox", name="In order").count() == 1
    for name in ("↑ Move up", "↓ Move down", "Remove"):
        assert builder.get_by_role("button", name=name).count() == 1, name


def test_the_handout_button_shows_a_link_that_opens_the_handout(builder):
    builder.locator(".psoas-builder-handout").first.click()
    link = builder.locator(".psoas-builder-handout-link a").first
    link.wait_for(state="visible", timeout=20_000)
    assert link.text_content() == "my-routine.html"
    # JupyterLab resolves the link against the notebook's folder: the file is served from there.
    href = link.get_attribute("href")
    assert "my-routine.html" in href
    response = builder.request.get(
        builder.url.split("/lab")[0] + "/files/" + href.split("/files/")[-1]
    )
    assert response.ok and "Kneeling lunge stretch" in response.text()
