"""The page-timing and slider helpers, proved on plain ipywidgets before the lesson's widgets
exist: an asyncio countdown changes on time, and a keyboard-moved slider updates a total and an
image. The tests share one page and kernel and each starts from a new run of the notebook in it."""

from __future__ import annotations

import pytest

from .lab import (
    click_and_time,
    clipped,
    image_source,
    nudge_slider,
    slider_value,
    text_changes,
    watch_text,
)

TICK_S = 0.25


@pytest.fixture
def lab(module_lab):
    module_lab.run_fresh("fixtures/widgets.ipynb", check=False)
    return module_lab


def test_changes_are_timed_against_the_click(lab):
    watch_text(lab.page, ".fixture-step")
    clicked = click_and_time(lab.page, ".fixture-go")
    lab.page.wait_for_function(
        "() => document.querySelector('.fixture-step').textContent === 'step 3'", timeout=10_000
    )
    changes = {text: (at - clicked) / 1000 for at, text in text_changes(lab.page, ".fixture-step")}
    for step in (1, 2, 3):
        late = changes[f"step {step}"] - step
        assert -0.05 <= late <= TICK_S, f"step {step} came {late:+.3f} s from when it was due"


def test_arrow_keys_move_a_slider_and_update_total_and_image(lab):
    total = lab.page.locator(".fixture-total")
    before_total, before_image = total.inner_text(), image_source(lab.page, ".fixture-chart")
    assert slider_value(lab.page, ".fixture-slider") == (1, 5, 20)
    nudge_slider(lab.page, ".fixture-slider", 2)
    # 7 s a step: two steps right, 5 -> 7
    lab.page.wait_for_function(
        "() => document.querySelector('.fixture-total').textContent === 'Total 0:49'"
    )
    assert before_total == "Total 0:35"
    lab.page.wait_for_function(
        "old => document.querySelector('img.fixture-chart').getAttribute('src') !== old",
        arg=before_image,
    )


def test_clipping_check_sees_big_text_cut_off_in_a_label(lab):
    assert clipped(lab.page, ".fixture-step")  # 96-px text in a one-line Label
    assert clipped(lab.page, ".fixture-total") == []
