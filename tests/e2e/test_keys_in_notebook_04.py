"""Every key the lesson documents does its job in JupyterLab and in Notebook 7, and none of them
reaches the notebook: no cell turns Raw (R), none is selected instead (the arrows), none is
added or removed. Notebook 7 takes keys before the page's own handlers see them (it listens in
the capture phase), which is why each test runs in both front ends (``any_lab``).
"""

from __future__ import annotations

from harness.lab import TimerControls

NOTEBOOK = "04_routine_timer.ipynb"
SLIDER = ".psoas-builder .psoas-slider-input"

# What the notebook holds and which cell is active: a lesson key must change none of it.
_CELLS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.model.cells;
  const types = [];
  for (let i = 0; i < cells.length; i++) types.push(cells.get(i).type);
  return {types, active: panel.content.activeCellIndex};
}"""


def _cells(page) -> dict:
    return page.evaluate(_CELLS)


def _slider_value(page) -> int:
    return int(page.locator(SLIDER).first.input_value())


def test_the_sliders_and_the_builders_list_keep_their_keys(any_lab):
    any_lab.run_notebook(NOTEBOOK, ready=SLIDER)
    page = any_lab.page
    slider = page.locator(SLIDER).first
    slider.focus()
    before, value = _cells(page), _slider_value(page)
    for key, change in (("ArrowRight", +1), ("ArrowUp", +1), ("ArrowDown", -1), ("ArrowLeft", -1)):
        slider.press(key)
        step = int(slider.get_attribute("step") or 1)
        assert _slider_value(page) == value + change * step, (any_lab.app, key)
        value = _slider_value(page)
        assert _cells(page) == before, (any_lab.app, key)

    listbox = page.get_by_role("listbox", name="In order").first
    listbox.focus()
    options = listbox.get_by_role("option")
    chosen = lambda: [options.nth(i).get_attribute("aria-selected") for i in range(options.count())]  # noqa: E731
    first = chosen().index("true")
    listbox.press("ArrowDown")
    page.wait_for_function(
        "([s, i]) => document.querySelectorAll(s)[i].getAttribute('aria-selected') === 'true'",
        arg=[".psoas-builder-list [role='option']", first + 1],
    )
    listbox.press("ArrowUp")
    assert chosen().index("true") == first
    assert _cells(page) == before, any_lab.app


def test_the_timers_keys_drive_it_and_never_edit_the_notebook(any_lab):
    any_lab.run_notebook(NOTEBOOK, ready=".psoas-timer")
    page = any_lab.page
    timer = TimerControls(page)
    timer.focus()
    before = _cells(page)
    timer.key("r")  # ready: nothing to reset, and in command mode R would make a Raw cell
    assert _cells(page) == before, any_lab.app
    first = timer.step()
    timer.key("ArrowRight")
    timer.wait_for_step_change(first)
    timer.key("ArrowLeft")
    timer.wait_for_step(first)
    timer.key("Space")
    timer.wait_for_state("running")
    timer.key("Space")
    timer.wait_for_state("paused")
    timer.key("r")  # under way: Reset asks first; Escape answers no
    timer.page.keyboard.press("Escape")
    assert timer.state() == "paused"
    assert _cells(page) == before, any_lab.app
