"""The pose figures where a learner meets them in JupyterLab: on each row of the routine
builder's list (which still works like a list box), on an exercise card, and in the browser.
The tests share one page and kernel and each starts from a new run of the notebook in it."""

from __future__ import annotations

import pytest

ROWS = ".psoas-builder-list [role='option']"


@pytest.fixture
def figures(module_lab):
    module_lab.run_fresh("fixtures/figures.ipynb", ready=ROWS)
    return module_lab.page


def test_every_row_of_the_builders_list_shows_its_figure(figures):
    rows = figures.locator(ROWS)
    assert rows.count() == 4  # the camel last: the tallest pose, which once spilled over
    for index in range(4):
        row = rows.nth(index)
        assert row.locator("svg[role='img']").count() == 1
        box = row.locator("svg").bounding_box()
        assert box["width"] > 40 and box["height"] > 20  # drawn, not collapsed
        # and kept inside its own row: a tall pose must not spill over its neighbours
        own = row.bounding_box()
        assert (
            own["y"] - 0.5 <= box["y"]
            and box["y"] + box["height"] <= own["y"] + own["height"] + 0.5
        )
        assert (
            own["x"] - 0.5 <= box["x"] and box["x"] + box["width"] <= own["x"] + own["width"] + 0.5
        )
    assert "Kneeling lunge stretch" in rows.nth(0).text_content()
    assert rows.nth(0).get_attribute("aria-selected") == "true"


def test_the_list_still_chooses_by_click_and_by_keyboard(figures):
    title = figures.locator(".psoas-builder-entry").first
    figures.locator(ROWS).nth(1).click()
    figures.wait_for_function(
        "s => document.querySelector(s).textContent.includes('2. Glute bridge')",
        arg=".psoas-builder-entry",
    )
    assert figures.locator(ROWS).nth(1).get_attribute("aria-selected") == "true"
    listbox = figures.get_by_role("listbox", name="In order")
    listbox.focus()
    listbox.press("ArrowDown")
    figures.wait_for_function(
        "s => document.querySelector(s).textContent.includes('3. Foam rolling')",
        arg=".psoas-builder-entry",
    )
    listbox.press("Home")
    figures.wait_for_function(
        "s => document.querySelector(s).textContent.includes('1. Kneeling lunge')",
        arg=".psoas-builder-entry",
    )
    assert title.is_visible()


def test_a_card_shows_the_start_then_the_held_position(figures):
    card = figures.locator("article[aria-label='Camel pose']").first
    images = card.locator(".psoas-pose-figures img")
    assert images.count() == 2
    for index in range(2):
        image = images.nth(index)
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        assert "Psoas" in image.get_attribute("alt")
    assert images.nth(0).get_attribute("alt").startswith("Camel pose, start:")
    assert images.nth(1).get_attribute("alt").startswith("Camel pose, hold:")


def test_the_browser_shows_the_chosen_exercises_figures(figures):
    browser = figures.locator(".psoas-browser").first
    images = browser.locator(".psoas-browser-card .psoas-pose-figures img")
    images.first.wait_for(state="visible")
    assert images.count() == 2
    browser.get_by_role("radio", name="Glute bridge").check()
    figures.wait_for_function(
        "s => [...document.querySelectorAll(s)].some(i => i.alt.startsWith('Glute bridge'))",
        arg=".psoas-browser-card .psoas-pose-figures img",
    )
