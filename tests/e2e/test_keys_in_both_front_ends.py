"""The lesson's controls by keyboard, as a learner without a mouse uses them: each control keeps
the keys it moves with (the notebook neither moves to another cell nor changes a cell's type),
the quiz's answers are one radio group, and the focus never falls to the page.

Every test runs in JupyterLab and then in Notebook 7 (``module_any_lab``), which takes keys
before the page's own handlers see them: opening and running the notebook is the fixture's (a
:class:`~harness.lab.Lab`), and everything else reads the page's DOM, which both front ends
share (``.jp-Cell``, ``jp-mod-active``).
"""

from __future__ import annotations

import re

import pytest

from .lab import TimerControls

NOTEBOOK = "fixtures/keys.ipynb"
READY = ".psoas-timer"

# Each cell's type and which cell is active: what a key that reached the notebook would change
# (the arrows move the active cell; R, M and Y change a cell's type).
_NOTEBOOK_STATE = """() => {
  const cells = [...document.querySelectorAll(".jp-Notebook .jp-Cell")];
  const kind = (c) => c.classList.contains("jp-MarkdownCell") ? "markdown"
    : c.classList.contains("jp-RawCell") ? "raw" : "code";
  const active = cells.findIndex((c) => c.classList.contains("jp-mod-active"));
  return {types: cells.map(kind), active};
}"""

# The value a control shows, whatever kind it is.
_VALUE = """el => {
  if (el.getAttribute("role") === "listbox") return el.getAttribute("aria-activedescendant");
  if (el.type === "radio") {
    const group = [...document.getElementsByName(el.name)];
    return String(group.findIndex((r) => r.checked));
  }
  return el.value;
}"""


def notebook_state(page) -> dict:
    return page.evaluate(_NOTEBOOK_STATE)


_WIDGETS = (
    ".psoas-choice, .psoas-slider, .psoas-figure-list, .psoas-quiz-question-view, .psoas-timer"
)


def focused(page) -> dict:
    """What has the focus: its tag, classes, whether disabled, and its widget's classes."""
    return page.evaluate(
        """w => { const a = document.activeElement; const widget = a && a.closest(w);
        return {tag: a.tagName, cls: String(a.className || ""), disabled: !!a.disabled,
                widget: widget ? widget.className : ""}; }""",
        _WIDGETS,
    )


@pytest.fixture(scope="module")
def keys(module_any_lab):
    module_any_lab.run_fresh(NOTEBOOK, ready=READY)
    page = module_any_lab.page
    page.keyboard.press("Escape")  # command mode, as after Run All
    return page


def _focus(page, selector: str):
    control = page.locator(selector).first
    control.scroll_into_view_if_needed()
    control.focus()
    return control


# -- every key a control moves with stays with it ----------------------------------------------

CONTROLS = [
    # (what, the focused element, keys that move it)
    ("the builder's slider", ".psoas-builder-hold input[type=range]", ["ArrowRight", "ArrowUp"]),
    ("the builder's list", ".psoas-builder-list [role=listbox]", ["ArrowDown"]),
    ("the builder's exercise picker", ".psoas-builder-choice select", ["ArrowDown"]),
    # before the filters: a filter's change redraws the list
    ("the browser's exercise list", ".psoas-browser-list input:checked", ["ArrowDown"]),
    ("the browser's Kind filter", ".psoas-browser-kind select", ["ArrowDown"]),
    ("the fibre explorer's study", ".psoas-fibre-picker select", ["ArrowDown"]),
    ("the anatomy explorer's picker", ".psoas-anatomy-picker input:checked", ["ArrowRight"]),
]


@pytest.mark.parametrize("what, selector, moves", CONTROLS, ids=[c[0] for c in CONTROLS])
def test_arrow_keys_change_the_control_and_never_the_notebook(keys, what, selector, moves):
    control = _focus(keys, selector)
    before = notebook_state(keys)
    assert before["active"] >= 0, "no active cell"
    for key in moves:
        value = control.evaluate(_VALUE)
        keys.keyboard.press(key)
        # a radio group moves the focus with the choice: read the value from what has it now
        control = keys.locator(":focus")
        assert control.evaluate(_VALUE) != value, f"{key} did not change {what}"
        assert notebook_state(keys) == before, f"{key} on {what} reached the notebook"
    for key in ("ArrowUp", "ArrowLeft", "Home", "End"):
        keys.keyboard.press(key)
        assert notebook_state(keys) == before, f"{key} on {what} reached the notebook"
    assert focused(keys)["widget"], f"the focus left {what}: {focused(keys)}"


def test_a_choice_reaches_the_kernel(keys):
    count = keys.locator(".psoas-browser-count").first
    before = count.text_content()
    select = _focus(keys, ".psoas-browser-target select")
    keys.keyboard.press("ArrowDown")
    keys.wait_for_function(
        "([s, old]) => document.querySelector(s).textContent !== old",
        arg=[".psoas-browser-count", before],
        timeout=10_000,
    )
    assert select.evaluate("s => s.selectedIndex") == 1
    changed = count.text_content()
    keys.keyboard.press("Home")  # back to "any", for the tests after this one
    keys.wait_for_function(
        "([s, old]) => document.querySelector(s).textContent !== old",
        arg=[".psoas-browser-count", changed],
        timeout=10_000,
    )


# -- the quiz ------------------------------------------------------------------------------------


def test_a_quiz_question_is_one_radio_group_named_by_its_question(keys):
    question = keys.locator(".psoas-quiz-question-view").first
    group = question.get_by_role("group")
    assert re.match(
        r"1\. Where does the psoas major lie\?",
        group.get_attribute("aria-label")
        or group.evaluate("g => g.querySelector('legend').textContent"),
    )
    assert question.get_by_role("radio").count() == 4
    radios = question.locator("input[type=radio]")
    assert len(set(radios.evaluate_all("rs => rs.map(r => r.name)"))) == 1


def test_the_quiz_by_keyboard_one_tab_stop_arrows_within_check_keeps_the_focus(keys):
    question = keys.locator(".psoas-quiz-question-view").nth(1)
    radios = question.locator("input[type=radio]")
    check = question.locator(".psoas-quiz-check")
    radios.first.scroll_into_view_if_needed()
    radios.first.focus()
    before = notebook_state(keys)
    keys.keyboard.press("ArrowDown")
    assert radios.nth(1).evaluate("r => r.checked && r === document.activeElement")
    keys.keyboard.press("ArrowUp")
    keys.keyboard.press("ArrowDown")
    assert notebook_state(keys) == before, "an arrow key in the quiz reached the notebook"
    keys.keyboard.press("Tab")  # one Tab stop for the answers: the next is Check
    assert check.evaluate("b => b === document.activeElement")
    keys.keyboard.press("Shift+Tab")
    assert radios.nth(1).evaluate("r => r === document.activeElement")
    keys.keyboard.press("Tab")
    keys.keyboard.press("Space")
    live = question.locator(".psoas-quiz-feedback[aria-live=polite]")
    live.filter(has_text=re.compile("Correct|Not quite")).wait_for(timeout=10_000)
    # The focus stays on Check, which still works (it says the verdict again).
    assert check.evaluate("b => b === document.activeElement && !b.disabled")
    assert radios.first.is_hidden()  # the marked list in the feedback stands in for them
    keys.keyboard.press("Enter")
    live.filter(has_text=re.compile("Correct|Not quite")).wait_for(timeout=5_000)
    assert notebook_state(keys) == before
    score = keys.locator(".psoas-quiz-score").first
    assert "(1 checked)" in score.text_content()


# -- a button that disables itself --------------------------------------------------------------


def test_a_button_that_disables_itself_hands_the_focus_to_a_neighbour(keys):
    _focus(keys, ".psoas-builder-list [role=listbox]")
    keys.keyboard.press("Home")  # the first exercise: Move down takes it to the end
    down = keys.locator(".psoas-builder-down").first
    down.wait_for(state="visible")
    keys.wait_for_function(
        "s => !document.querySelector(s).disabled", arg=".psoas-builder-down", timeout=10_000
    )
    _focus(keys, ".psoas-builder-down")
    before = notebook_state(keys)
    keys.keyboard.press("Enter")
    keys.wait_for_function(
        "s => document.querySelector(s).disabled", arg=".psoas-builder-down", timeout=10_000
    )
    keys.wait_for_function("() => document.activeElement !== document.body", timeout=5_000)
    now = focused(keys)
    assert "psoas-builder-up" in now["cls"] and not now["disabled"], now
    keys.keyboard.press("Enter")  # Move up works from there: the exercise goes back
    keys.wait_for_function(
        "s => !document.querySelector(s).disabled", arg=".psoas-builder-down", timeout=10_000
    )
    assert notebook_state(keys) == before


# -- names and ids -------------------------------------------------------------------------------


def test_every_slider_has_its_own_id_and_name(keys):
    sliders = keys.locator(".psoas-slider-input")
    found = sliders.evaluate_all(
        "inputs => inputs.map(i => [i.id, [...i.labels].map(l => l.textContent)])"
    )
    assert len(found) == 8, found
    ids = [i for i, _ in found]
    assert len(set(ids)) == len(ids), f"shared ids: {ids}"
    assert all(len(labels) == 1 for _, labels in found), found
    for _id, (name,) in found:  # each slider's accessible name is its own label, alone
        assert keys.get_by_role("slider", name=name, exact=True).count() == 1, name
    everywhere = keys.evaluate(
        "() => [...document.querySelectorAll('.jp-OutputArea [id]')].map(e => e.id)"
    )
    assert len(set(everywhere)) == len(everywhere), "an id is used twice in the outputs"


# -- the timer -----------------------------------------------------------------------------------


def test_space_after_start_still_pauses_and_the_timer_keys_stay_with_it(keys):
    timer = TimerControls(keys)
    _focus(keys, timer.selector("start"))
    before = notebook_state(keys)
    keys.keyboard.press("Space")  # Start disables itself: the focus must go on to a control
    timer.wait_for_state("running")
    now = focused(keys)
    assert "psoas-timer" in now["widget"] and not now["disabled"], now
    keys.keyboard.press("Space")
    timer.wait_for_state("paused")
    keys.keyboard.press("Enter")  # Pause handed the focus to Start (Resume): Enter presses it
    timer.wait_for_state("running")
    now = focused(keys)
    assert "psoas-timer" in now["widget"] and not now["disabled"], now
    keys.keyboard.press("Space")
    timer.wait_for_state("paused")
    for key in ("ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", "m", "y"):
        keys.keyboard.press(key)
    assert notebook_state(keys) == before, "a timer key reached the notebook"


# -- a focus ring you can see ------------------------------------------------------------------


def _contrast(rgb: str, background=(255, 255, 255)) -> float:
    def luminance(channels):
        def linear(c):
            c /= 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(c) for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    colour = tuple(int(x) for x in re.findall(r"\d+", rgb)[:3])
    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


RINGED = [
    ("a button", ".psoas-builder-save"),
    ("a text box", ".psoas-builder-name input"),
    ("the exercise picker", ".psoas-builder-choice select"),
    ("the quiz's Check", ".psoas-quiz-check"),
    ("the browser's Kind filter", ".psoas-browser-kind select"),
    ("the quiz's Start over", ".psoas-quiz-reset"),
    ("the quiz's answers", ".psoas-quiz-question-view input"),
    ("the anatomy explorer's picker", ".psoas-anatomy-picker input"),
    ("the browser's list", ".psoas-browser-list input:checked"),
    ("the builder's list", ".psoas-builder-list [role=listbox]"),
    ("a slider", ".psoas-builder-hold input"),
]


@pytest.mark.parametrize("what, selector", RINGED, ids=[r[0] for r in RINGED])
def test_the_focus_ring_is_2_px_or_more_at_3_to_1(keys, what, selector):
    # Focused after keys (never a click), so the browser shows the ring as for a keyboard user.
    # (Not Tab into place: Tab out of an output goes into a code cell's editor, and edits it.)
    keys.keyboard.press("Shift")
    _focus(keys, selector)
    style = keys.evaluate(
        """s => { const a = document.activeElement; const c = getComputedStyle(a);
        // the ring's outer edge, and any box around that would cut it off (overflow)
        const out = parseFloat(c.outlineWidth) + parseFloat(c.outlineOffset);
        const r = a.getBoundingClientRect();
        const cut = [];
        const top = a.closest(".jp-OutputArea");
        for (let p = a.parentElement; p && p !== top; p = p.parentElement) {
          if (getComputedStyle(p).overflow === "visible") continue;
          const q = p.getBoundingClientRect();
          if (r.left - out < q.left - 0.5 || r.top - out < q.top - 0.5
              || r.right + out > q.right + 0.5 || r.bottom + out > q.bottom + 0.5) {
            cut.push(String(p.className).slice(0, 80));
          }
        }
        return {it: a === document.querySelector(s), visible: a.matches(":focus-visible"),
                style: c.outlineStyle, width: parseFloat(c.outlineWidth),
                colour: c.outlineColor, cut}; }""",
        selector,
    )
    assert style["it"] and style["visible"], style
    assert not style["cut"], f"the ring on {what} is cut off by {style['cut']}"
    assert style["style"] not in ("none", "hidden") and style["width"] >= 2, style
    assert _contrast(style["colour"]) >= 3, style
