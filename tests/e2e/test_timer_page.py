"""The timer page as a learner meets it, in JupyterLab, in the Voilà class view and on a page of
its own with no kernel: a panel that stays still and fits one screen at a laptop's, a
projector's and a phone's sizes (upright and on its side, without full screen); keys that keep
working after a click; Reset and the class view's picker that ask before a run under way is
lost; a reload that picks the run up where it was; a Next line and figures that agree; and
figure words a learner can read.

Each notebook or class view is opened once and then read at every size (the viewport changes,
the page does not reload): ``PSOAS_E2E_SHOTS=folder`` keeps a screenshot of every size and phase.
"""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from .lab import (
    FIXTURES,
    TimerControls,
    cut_off,
    install_timer_hooks,
    keep_screenshot,
    outside_box,
    outside_viewport,
    parse_clock,
)
from .standalone import timer_page
from .test_class_mode import VOILA_RENDER_MS
from .test_timer_in_lab import kernel_says, open_timer

_spec = importlib.util.spec_from_file_location("fake_figures", FIXTURES / "fake_figures.py")
fake_figures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fake_figures)

SIZES = [(1600, 1000), (1920, 1080), (1280, 720), (390, 844), (844, 390)]
LAPTOPS = [size for size in SIZES if size[0] >= 1280]
PHONES = [size for size in SIZES if size[0] < 1280]
# What must not move when the phase changes: every control, the digits, the bars, the pose.
STEADY = ["start", "pause", "back", "skip", "minus", "plus", "reset", "sound", "voice",
          "remaining", "segment-progress", "progress", "pose"]  # fmt: skip
FIGURE_WORDS = ".psoas-timer-frame-label, .psoas-timer-frame-caption, .psoas-timer-pose-caption"
# Every document the class view's phone pages open is an iPhone's: no full screen there.
NO_FULLSCREEN = (
    "Object.defineProperty(Document.prototype, 'fullscreenEnabled', {get: () => false});"
)

_BOXES = """([root, parts]) => Object.fromEntries(parts.map(part => {
  const el = document.querySelector(`${root} .psoas-timer-${part}`);
  const r = el.getBoundingClientRect();
  return [part, [r.left, r.top, r.width, r.height].map(v => Math.round(v * 2) / 2)];
}))"""

_SMALL_WORDS = """([root, selector]) => {
  const timer = document.querySelector(root);
  const shown = n => n.getClientRects().length && getComputedStyle(n).visibility !== "hidden";
  const words = [...timer.querySelectorAll(selector)].filter(shown)
    .map(n => [n.className, parseFloat(getComputedStyle(n).fontSize)]);
  // words drawn inside a figure: their height on screen (a <text> scales with its drawing)
  const drawn = [...timer.querySelectorAll(".psoas-timer-drawing svg text")].filter(shown)
    .map(n => ["svg text: " + n.textContent.slice(0, 30), n.getBoundingClientRect().height]);
  return {words, drawn};
}"""


@pytest.fixture
def timer(lab) -> TimerControls:
    """The short routine's timer in a notebook (fixtures/timer_short.ipynb), kept in `timer`."""
    return open_timer(lab)


def steady_boxes(timer: TimerControls, phase: str) -> dict:
    parts = [p for p in STEADY if not (p == "pose" and phase == "finished")]
    return timer.page.evaluate(_BOXES, [timer.root, parts])


def walk_phases(timer: TimerControls):
    """Start, pause, then step through the routine with the arrow key while paused: yields each
    kind of phase the first time it shows (ready first, finished last)."""
    yield "ready"
    timer.key(" ")
    timer.wait_for_state("running")
    timer.key(" ")
    timer.wait_for_state("paused")
    seen = set()
    for _ in range(200):
        phase = timer.phase()
        if phase not in seen:
            seen.add(phase)
            timer.page.wait_for_timeout(150)  # the words are fitted a frame after a change
            yield phase
        if phase == "finished":
            return
        timer.key("ArrowRight")
        timer.page.wait_for_function(
            "s => document.querySelector(s).dataset.phase !== undefined", arg=timer.root
        )
    raise AssertionError(f"never finished; saw {sorted(seen)}")


def check_the_panel(timer, phase: str, where: str, first: dict | None, drawn_small: list) -> dict:
    """Nothing cut off, nothing moved since ``first`` (the boxes at the first phase, which this
    returns), figure words readable."""
    assert cut_off(timer.page, timer.root) == [], where
    boxes = steady_boxes(timer, phase)
    first = first or boxes
    moved = {part: (first[part], box) for part, box in boxes.items() if first[part] != box}
    assert moved == {}, f"{where}: moved since the start: {moved}"
    check_figure_words(timer, where, drawn_small)
    return first


def check_figure_words(timer: TimerControls, where: str, drawn_small: list) -> None:
    """Figure words are text of 12 px or more; words drawn inside a figure are noted in
    ``drawn_small`` where they are smaller (see :func:`judge_drawn_words`)."""
    found = timer.page.evaluate(_SMALL_WORDS, [timer.root, FIGURE_WORDS])
    small = [w for w in found["words"] if w[1] < 12]
    assert small == [], f"{where}: figure words under 12 px: {small}"
    drawn_small += [(where, *w) for w in found["drawn"] if w[1] < 12]


def judge_drawn_words(timer: TimerControls, drawn_small: list) -> None:
    """Words inside a drawing must be 12 px or more too, or not be there: the timer gives a
    figure's words as captions beside it."""
    assert drawn_small == [], f"words inside a figure under 12 px: {drawn_small[:3]}"


def fits_the_notebook(page, root: str) -> list[str]:
    """What of the timer lies outside the notebook's visible area, with the timer scrolled to."""
    page.evaluate("s => document.querySelector(s).scrollIntoView({block: 'start'})", root)
    page.wait_for_timeout(100)
    return page.evaluate(
        """s => {
          const area = window.jupyterapp.shell.currentWidget.content.node.getBoundingClientRect();
          const r = document.querySelector(s).getBoundingClientRect();
          return r.top < area.top - 1 || r.bottom > area.bottom + 1
            ? [`timer ${Math.round(r.top)}-${Math.round(r.bottom)} in ${Math.round(area.top)}-`
               + `${Math.round(area.bottom)}`] : [];
        }""",
        root,
    )


# -- in a notebook: still, on one screen, at every size ------------------------------------------


def test_in_a_notebook_the_panel_stays_still_and_fits_one_screen_at_every_size(lab):
    timer = open_timer(lab, "fixtures/timer_daily.ipynb")
    page, drawn_small = timer.page, []
    page.evaluate("() => { jupyterapp.shell.collapseLeft(); jupyterapp.shell.collapseRight(); }")
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
        first = None
        for phase in walk_phases(timer):
            where = f"{width}x{height} {phase}"
            assert fits_the_notebook(page, timer.root) == [], where
            assert outside_box(page, timer.root, timer.root) == [], where
            first = check_the_panel(timer, phase, where, first, drawn_small)
            keep_screenshot(page, f"page-lab-{width}x{height}-{phase}")
        timer.key("r")  # finished: nothing under way, so no question
        timer.wait_for_state("ready")
    judge_drawn_words(timer, drawn_small)


# -- keys after a click, asking first --------------------------------------------------------------


def test_after_a_click_space_is_start_and_pause_not_the_button(timer):
    keyboard = timer.page.keyboard
    timer.press("start")
    timer.wait_for_state("running")
    timer.press("skip")
    step = timer.step()
    keyboard.press("Space")  # no focus on the timer first: the click left it there
    timer.wait_for_state("paused")
    assert timer.step() == step, "Space skipped again"
    timer.press("start")
    timer.wait_for_state("running")
    timer.press("pause")  # the button disables itself: the keys must not fall to the page
    timer.wait_for_state("paused")
    keyboard.press("Space")
    timer.wait_for_state("running")
    # a keyboard user on a button: Space is still start/pause, Enter the button's own
    timer.part("skip").focus()
    keyboard.press("Space")
    timer.wait_for_state("paused")
    assert timer.step() == step, "Space on the focused Skip button skipped"
    keyboard.press("Enter")
    timer.page.wait_for_function(
        "([s, old]) => document.querySelector(s).textContent.trim() !== old",
        arg=[timer.selector("step"), step],
        timeout=3000,
    )


def test_reset_under_way_asks_first_over_the_controls(timer, lab):
    page = timer.page
    timer.press("start")
    timer.wait_for_state("running")
    before = steady_boxes(timer, "running")
    timer.press("reset")
    confirm = timer.part("confirm")
    confirm.wait_for(state="visible", timeout=3000)
    assert timer.state() == "running"  # asking loses nothing: the run goes on meanwhile
    assert steady_boxes(timer, "running") == before  # the question covers the controls
    keep_screenshot(page, "page-lab-reset-asks")
    page.keyboard.press("Escape")
    confirm.wait_for(state="hidden", timeout=3000)
    assert timer.state() == "running"
    timer.key("r")
    confirm.wait_for(state="visible", timeout=3000)
    timer.part("confirm-yes").click()
    timer.wait_for_state("ready")
    assert not confirm.is_visible()
    timer.key("r")  # nothing under way: no question
    page.wait_for_timeout(200)
    assert not confirm.is_visible()


# -- a reload picks the run up ---------------------------------------------------------------------


def test_a_reload_in_a_notebook_picks_the_run_up_and_it_is_logged_once(timer, lab):
    page = timer.page
    count = "from psoas_lesson import PracticeLog; print(len(PracticeLog().sessions()))"
    logged_before = int(kernel_says(lab, count))
    timer.press("start")
    timer.wait_for_step("1 of 3", timeout=10)
    # JupyterLab shows a reloaded notebook as last saved (it saves by itself every two minutes)
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_timeout(1000)
    page.goto(page.url.split("?")[0])  # reloading leaves the page while the run goes on
    timer.wait_visible(timeout=60)
    timer.wait_for_state("paused", timeout=10)
    assert "Back where you left off" in timer.part("notice").inner_text()
    left, total = (parse_clock(t) for t in timer.part("total").inner_text().split(" left of "))
    assert left < total - 6, "the reload started again from getting ready"
    assert kernel_says(lab, "print(timer.state.value)") == "paused"  # the kernel's mirror too
    timer.press("start")
    timer.wait_for_state("finished", timeout=20)
    page.wait_for_timeout(500)
    assert int(kernel_says(lab, count)) == logged_before + 1


# -- on a page of its own, with no kernel ----------------------------------------------------------


@pytest.fixture
def file_page(browser):
    """A page in a browser context of its own: pages opened from files share one storage in a
    context, and a page that closes there keeps its run's place for the next."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        install_timer_hooks(page)
        yield page
    finally:
        context.close()


@pytest.fixture
def standalone(tmp_path):
    return timer_page("daily-short", tmp_path / "timer.html", figures=fake_figures.fake_figures)


def open_file(page, path) -> TimerControls:
    page.goto(path.as_uri())
    timer = TimerControls(page)
    timer.wait_visible()
    return timer


def sent(page) -> list[dict]:
    return page.evaluate("() => window.__psoasSent")


def test_without_a_kernel_a_reload_picks_the_run_up_under_its_run_id(file_page, standalone):
    page = file_page
    page.set_viewport_size({"width": 390, "height": 844})
    timer = open_file(page, standalone)
    timer.press("start")
    timer.press("skip")
    timer.wait_for_step("Right side · 1 of 3")
    page.wait_for_timeout(1200)
    run_id = sent(page)[0]["run_id"]
    held = timer.remaining_s()
    page.reload()
    timer.wait_visible()
    timer.wait_for_state("paused")
    assert "Right side · 1 of 3" in timer.step() and abs(timer.remaining_s() - held) <= 1
    [restored] = sent(page)
    assert (restored["kind"], restored["run_id"], restored["state"]) == (
        "restore",
        run_id,
        "paused",
    )
    keep_screenshot(page, "page-standalone-390x844-reloaded")
    timer.press("start")  # goes on under the same run id: its host logs one run
    timer.wait_for_state("running")
    assert [m["run_id"] for m in sent(page)] == [run_id, run_id]


def test_without_a_kernel_a_place_kept_too_long_ago_is_reported_and_said(file_page, standalone):
    page, timer = file_page, open_file(file_page, standalone)
    timer.press("start")
    timer.press("skip")
    page.wait_for_timeout(1500)
    run_id = sent(page)[0]["run_id"]
    # The next document opens three hours later by the wall clock (as after a night away).
    # Moving the clock, not rewriting the kept place: the leaving page keeps its place on
    # pagehide, and Chromium may commit that write after the next document's init script ran.
    page.add_init_script(
        """{ const wallNow = Date.now;
             Date.now = () => wallNow.call(Date) + 3 * 3600 * 1000; }"""
    )
    page.reload()
    timer.wait_visible()
    # waited for, not read at once: on a loaded machine the page may show before its first draw
    timer.wait_for_text("notice", "too long ago")
    assert timer.state() == "ready"
    [stopped] = sent(page)
    assert (stopped["kind"], stopped["run_id"], stopped["state"]) == ("stop", run_id, "paused")
    assert sum(stopped["spent"]) > 0  # what was done goes to the log


def alt_texts(frames) -> list[str]:
    return [frames.nth(i).get_attribute("aria-label") for i in range(frames.count())]


def test_next_and_the_figures_speak_of_one_thing(file_page, standalone):
    page, timer = file_page, open_file(file_page, standalone)
    segments = page.evaluate("() => window.__psoasModel.get('payload').segments")
    timer.key(" ")
    timer.key(" ")
    timer.wait_for_state("paused")
    for index in range(14):  # get ready, six lunges and the switches, the rest, the bridges
        expected = segments[index]
        timer.page.wait_for_function(
            "([s, text]) => document.querySelector(s).textContent === text",
            arg=[timer.selector("next"), expected["next"]],
            timeout=3000,
        )
        next_text = timer.part("next").inner_text()
        small = page.locator(f"{timer.root} .psoas-timer-next-pose [role=img]")
        large = page.locator(f"{timer.root} .psoas-timer-pose [role=img]")
        names = lambda frames: [
            frames.nth(i).get_attribute("aria-label") for i in range(frames.count())
        ]  # noqa: E731
        shown, drawn = names(small), names(large)
        if shown:  # the small figure is what the Next line names, and looks different
            side = re.search(r"(left|right) side", next_text)
            assert side and all(f"{side[0]}," in alt for alt in shown), (index, next_text, shown)
            assert set(shown) - set(drawn), (index, shown, drawn)
        if expected["kind"] == "switch":  # the large figure shows the side to switch to
            side = expected["pose"].split("/")[1]
            assert drawn and all(f"{side} side" in alt for alt in drawn), (index, drawn)
        timer.key("ArrowRight")


def test_back_goes_to_the_start_of_the_step_or_the_one_before_if_just_begun(file_page, standalone):
    page, timer = file_page, open_file(file_page, standalone)
    title = timer.part("back").get_attribute("title")
    assert "start of this step" in title and "2 s" in title
    timer.press("start")
    timer.press("skip")  # the first lunge, 30 s
    timer.wait_for_step("Right side · 1 of 3")
    page.wait_for_timeout(2600)
    timer.press("pause")  # paused, no time passes into the step: the test does not race it
    timer.wait_for_state("paused")
    timer.press("back")
    timer.wait_for_remaining("0:30")
    assert "Right side · 1 of 3" in timer.step()  # its own start
    timer.press("back")  # again, at its very start: the step before
    page.wait_for_function("s => document.querySelector(s).dataset.phase === 'prepare'",
                           arg=timer.root, timeout=3000)  # fmt: skip


# -- the class view: phones without full screen, a projector from the back of the room -----------


def class_view_at(classroom, page, sizes, drawn_small, walk=True):
    """Open the class view once and yield (width, height, phase, timer) at each size and phase,
    having checked that the timer is on screen, nothing is cut off and nothing moved."""
    page.set_viewport_size({"width": sizes[0][0], "height": sizes[0][1]})
    page.goto(classroom().url + "/")
    timer = TimerControls(page)
    timer.wait_visible(timeout=VOILA_RENDER_MS / 1000)
    for width, height in sizes:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
        first = None
        for phase in walk_phases(timer) if walk else ["ready"]:
            where = f"{width}x{height} {phase}"
            assert outside_viewport(page, timer.root) == [], where
            first = check_the_panel(timer, phase, where, first, drawn_small)
            yield width, height, phase, timer
            keep_screenshot(page, f"page-class-{width}x{height}-{phase}")
        timer.key("r")
        timer.wait_for_state("ready")


def test_the_class_view_fits_a_phone_upright_and_on_its_side_without_full_screen(classroom, page):
    install_timer_hooks(page)
    page.add_init_script(NO_FULLSCREEN)
    drawn_small = []
    for width, height, phase, timer in class_view_at(classroom, page, PHONES, drawn_small):
        assert not timer.part("fullscreen").is_visible()  # as on an iPhone
        for part in ("remaining", "name", "start", "pause", "skip", "reset", "reminder"):
            assert timer.part(part).is_visible(), (part, width, height, phase)
        if phase in ("work", "rest"):
            assert page.locator(f"{timer.root} .psoas-timer-pose [role=img]").count() >= 1
        if width < height:  # upright: digits a third of the width or more, the side readable
            assert timer.font_size_px("remaining") >= width / 3
            if phase == "work":  # the side and the rep, from the mat (it was 16 px)
                assert timer.font_size_px("detail") >= 20
    # the full safety notice is below the timer, for scrolling to
    notice = page.locator(".psoas-class-safety")
    notice.scroll_into_view_if_needed()
    assert notice.is_visible() and outside_viewport(page, ".psoas-class-safety section") == []
    judge_drawn_words(timer, drawn_small)


def test_the_class_view_reads_from_the_back_of_the_room_and_fits_a_laptop(classroom, page):
    install_timer_hooks(page)
    drawn_small = []
    for width, height, phase, timer in class_view_at(classroom, page, LAPTOPS, drawn_small):
        assert outside_viewport(page, ".psoas-class-view") == [], (width, height, phase)
        assert cut_off(page, ".psoas-class-view") == [], (width, height, phase)
        if width == 1920 and phase != "finished":
            notice = page.locator(".psoas-class-safety section").first
            size = float(notice.evaluate("n => parseFloat(getComputedStyle(n).fontSize)"))
            assert size >= 20, f"the safety notice is {size} px on a projector"
            assert timer.font_size_px("next") >= 24
    # On the projector, the small figure of what comes next reads from the back of the room.
    page.set_viewport_size({"width": 1920, "height": 1080})
    timer.key(" ")
    timer.key(" ")
    small = page.locator(f"{timer.root} .psoas-timer-next-pose")
    for _ in range(60):
        if small.is_visible():
            break
        timer.key("ArrowRight")
    page.wait_for_timeout(200)
    assert small.bounding_box()["height"] >= 150, small.bounding_box()
    check_figure_words(timer, "1920x1080 with a next figure", drawn_small)
    keep_screenshot(page, "page-class-1920x1080-next-figure")
    judge_drawn_words(timer, drawn_small)


def test_in_the_class_view_a_reload_picks_the_run_up_and_the_picker_asks_first(classroom, page):
    install_timer_hooks(page)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(classroom().url + "/")
    timer = TimerControls(page)
    timer.wait_visible(timeout=VOILA_RENDER_MS / 1000)
    timer.key(" ")
    timer.key("ArrowRight")
    timer.key("ArrowRight")
    timer.wait_for_state("running")
    step = timer.step()
    page.reload()  # a new kernel and a new timer: the page keeps the place
    timer.wait_visible(timeout=VOILA_RENDER_MS / 1000)
    timer.wait_for_state("paused")
    assert timer.step() == step
    picker = page.locator(".psoas-class-routine select")
    current = picker.input_value()
    names = page.eval_on_selector_all(
        ".psoas-class-routine select option", "o => o.map(x => x.value)"
    )
    picker.select_option(next(name for name in names if name != current))
    ask = page.locator(".psoas-class-ask")
    ask.wait_for(state="visible", timeout=5000)
    assert picker.input_value() == current and timer.step() == step
    keep_screenshot(page, "page-class-picker-asks")
    page.locator(".psoas-class-ask-no").click()
    ask.wait_for(state="hidden", timeout=5000)
    assert picker.input_value() == current and timer.state() == "paused" and timer.step() == step


def test_the_kept_place_is_plain_json_under_the_routines_key(file_page, standalone):
    page, timer = file_page, open_file(file_page, standalone)
    timer.press("start")
    page.wait_for_timeout(300)
    kept = page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")
    key = page.evaluate("() => window.__psoasModel.get('payload').key")
    place = json.loads(kept[f"psoas-lesson.timer.{key}"])
    assert place["runId"] == sent(page)[0]["run_id"] and place["index"] == 0
