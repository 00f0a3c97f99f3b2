"""The take-away page (``psoas-lesson page``) in Chromium, opened from a file with no network:
nothing leaves the page, the routine runs through every phase with its speech, beeps and wake
lock, the run lands in the page's practice log and its CSV, and the page fits a phone held either
way and a projector with the timer wholly in view in every phase.

Time is Playwright's fake clock (``page.clock``), so a 25 s routine runs in a moment and the
log's date and time are known. Speech, audio and the wake lock are the recorders of
``lab.TIMER_HOOKS``. With ``PSOAS_E2E_SHOTS=DIR`` the screenshots of every phase at every size are
kept there, to look at.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest

from psoas_lesson.catalog import default_catalog
from psoas_lesson.practice import Session, sessions_csv
from psoas_lesson.takeaway import write_takeaway
from psoas_lesson.timeline import compile_timeline

from .lab import (
    FIXTURES,
    TimerControls,
    console_errors,
    cut_off,
    install_timer_hooks,
    keep_screenshot,
    outside_viewport,
    timer_record,
)

SHORT = FIXTURES / "takeaway-short.json"  # every phase in 25 s
LOADED = datetime(2025, 3, 3, 7, 30)  # the fake clock when the page opens
STARTED = datetime(2025, 3, 3, 7, 31)  # ... and when Start is pressed
PHONE_UPRIGHT, PHONE_SIDEWAYS, PROJECTOR = (390, 844), (844, 390), (1920, 1080)
TIMER = "#psoas-page-timer .psoas-timer"
# Each phase of the short routine, and the second (from Start) in the middle of it.
PHASES = [("prepare", 1.5), ("work", 3.5), ("rest", 5.5), ("switch", 19.5), ("finished", 26)]
FINISHED_BY = PHASES[-1][1]  # a second past the routine's end

# Records what the page's Content-Security-Policy refuses: the page's own code must need nothing
# it forbids.
RECORD_CSP = """window.__psoasRefused = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__psoasRefused.push(`${e.violatedDirective} ${e.blockedURI}`));"""
NO_STORAGE = """Object.defineProperty(window, "localStorage", {configurable: true,
  get() { throw new DOMException("storage is off", "SecurityError"); }});"""


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    return write_takeaway(SHORT, tmp_path_factory.mktemp("takeaway") / "short-practice.html").path


@pytest.fixture(scope="module")
def routine():
    catalog = default_catalog()
    resolved = catalog.resolve_routine(SHORT)
    return resolved, compile_timeline(resolved, catalog)


def open_page(page, page_file: Path, size=PHONE_UPRIGHT, *scripts: str) -> TimerControls:
    """The page from its file, the recorders in, the fake clock paused at LOADED."""
    install_timer_hooks(page)
    for script in (RECORD_CSP, *scripts):
        page.add_init_script(script)
    page.clock.install(time=LOADED)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(page_file.as_uri())
    timer = TimerControls(page, TIMER)
    timer.wait_visible()
    page.clock.pause_at(STARTED)
    return timer


def refused(page) -> list[str]:
    return page.evaluate("() => window.__psoasRefused")


def go_to_timer(page) -> None:
    page.locator("#psoas-page-go").click()
    page.clock.run_for(100)


def run_to(page, second: float, since: float = 0.0) -> None:
    """Let the fake clock run from ``since`` to ``second`` after Start, a frame at a time."""
    page.clock.run_for(round((second - since) * 1000))


def log_rows(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#psoas-page-log-rows tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )


def download_csv(page) -> str:
    with page.expect_download() as download:
        page.locator("#psoas-page-csv").click()
    assert download.value.suggested_filename == "psoas-practice-log.csv"
    return Path(download.value.path()).read_text(encoding="utf-8")


# -- offline, from a file ---------------------------------------------------------------------


def test_the_page_runs_from_a_file_and_asks_the_network_for_nothing(offline_page, page_file):
    requests: list[str] = []
    offline_page.on("request", lambda request: requests.append(request.url))
    offline_page.on("websocket", lambda socket: requests.append(socket.url))
    errors = console_errors(offline_page)
    timer = open_page(offline_page, page_file)
    assert offline_page.locator(".psoas-page-placeholder").count() == 0  # the timer replaced it
    timer.press("start")
    run_to(offline_page, 4)
    assert timer.phase() == "work"
    # the file itself, then the two inlined modules it imports from blob: URLs; nothing else
    assert requests[0] == page_file.as_uri()
    assert [url.split(":")[0] for url in requests[1:]] == ["blob", "blob"], requests
    assert errors == [] and refused(offline_page) == []
    # and the policy would refuse a request if the page's code ever made one
    offline_page.evaluate("() => fetch('https://example.com/x').catch(() => null)")
    offline_page.wait_for_function("() => window.__psoasRefused.length > 0")
    assert refused(offline_page) == ["connect-src https://example.com/x"]


# -- a routine run through --------------------------------------------------------------------


def test_a_routine_runs_through_with_speech_beeps_and_the_wake_lock(
    offline_page, page_file, routine
):
    _, timeline = routine
    timer = open_page(offline_page, page_file)
    go_to_timer(offline_page)
    timer.press("start")
    seen, since = [], 0.0
    for _phase, second in PHASES:
        run_to(offline_page, second, since)
        since = second
        seen.append(timer.phase())
    assert seen == [phase for phase, _ in PHASES]
    assert timer.state() == "finished"
    record = timer_record(offline_page)
    payload = offline_page.evaluate(
        "() => JSON.parse(document.getElementById('psoas-page-data').textContent).model.payload"
    )
    assert len(payload["segments"]) == len(timeline.segments)
    # It speaks as in the notebook: each exercise named as it begins, and the end. (What it says
    # at each change is the timer's own, tested with it; this page only has to let it speak.)
    said = [s["text"] for s in record["said"]]
    names = {s["name"] for s in payload["segments"] if s["kind"] == "work"}
    assert names and all(any(name in text for text in said) for name in names), said
    assert said[-1] == payload["done_said"]
    tones = [round(b["frequency"], 1) for b in record["beeps"] if not b["cancelled"]]
    done = [523.3, 659.3, 784.0, 1046.5]  # C-E-G-C up (timer_core.js TONES)
    assert any(tones[i : i + 4] == done for i in range(len(tones))), tones
    # 3-2-1 ticks before changes (those the voice leaves room for: timer_core.js beepsAhead)
    assert tones.count(1046.5) >= 2
    assert [lock["op"] for lock in record["locks"]] == ["request", "release"]
    assert refused(offline_page) == []


def test_a_finished_run_is_logged_once_and_downloads_as_the_log_commands_csv(
    offline_page, page_file, routine
):
    resolved, timeline = routine
    timer = open_page(offline_page, page_file)
    assert log_rows(offline_page) == []
    assert offline_page.locator("#psoas-page-csv").is_disabled()  # nothing to download yet
    timer.press("start")
    run_to(offline_page, timeline.total_s + 1)
    timer.press("reset")  # the reset after the finish reports the same run again
    assert log_rows(offline_page) == [["2025-03-03 07:31", resolved.name, "0.4", "finished"]]
    expected = sessions_csv(
        [Session(STARTED, resolved.name, ("sphinx-pose", "straight-leg-raise"), 25, True)]
    )
    assert download_csv(offline_page) == expected


def test_a_run_stopped_part_way_is_logged_and_a_reload_picks_the_run_up(
    offline_page, page_file, routine
):
    resolved, _ = routine
    timer = open_page(offline_page, page_file)
    timer.press("start")
    run_to(offline_page, 5.5)  # the first sphinx hold done
    timer.press("reset")
    timer.press("confirm-yes")  # a run under way: Reset asks first
    timer.press("start")
    run_to(offline_page, 1)  # getting ready only: no work, nothing to log
    timer.press("reset")
    timer.press("confirm-yes")
    timer.press("start")
    run_to(offline_page, 6)
    offline_page.reload()  # the log outlives it, and the run under way is picked up, paused
    timer = TimerControls(offline_page, TIMER)
    timer.wait_visible()
    assert [row[1:] for row in log_rows(offline_page)] == [
        [resolved.name, "0.1", "stopped part-way"]
    ]
    notice = offline_page.locator(f"{TIMER} .psoas-timer-notice")
    assert "Back where you left off" in notice.inner_text()
    timer.press("reset")
    timer.press("confirm-yes")  # still under way after the reload: Reset asks, then logs it
    rows = log_rows(offline_page)
    assert [row[1:] for row in rows] == [[resolved.name, "0.1", "stopped part-way"]] * 2
    table = list(csv.reader(io.StringIO(download_csv(offline_page))))
    assert table[0] == ["date", "time", "routine", "exercises", "seconds_done", "completed"]
    assert [row[3:] for row in table[1:]] == [
        ["sphinx-pose", "5.5", "no"],
        ["sphinx-pose", "6", "no"],
    ]


def test_two_tabs_keep_one_log(offline_page, page_file):
    first = open_page(offline_page, page_file)
    other_page = offline_page.context.new_page()  # the same browser: the same storage and clock
    other_page.goto(page_file.as_uri())
    other = TimerControls(other_page, TIMER)
    other.wait_visible()
    first.press("start")
    run_to(offline_page, FINISHED_BY)
    other.press("start")
    run_to(offline_page, FINISHED_BY)
    assert [row[-1] for row in log_rows(other_page)] == ["finished", "finished"]
    other_page.close()


def test_without_storage_the_log_lives_until_the_page_closes_and_says_so(offline_page, page_file):
    timer = open_page(offline_page, page_file, PHONE_UPRIGHT, NO_STORAGE)
    notice = offline_page.locator(f"{TIMER} .psoas-timer-notice")
    assert "keeps no log" in notice.inner_text()
    timer.press("start")
    run_to(offline_page, FINISHED_BY)
    assert [row[-1] for row in log_rows(offline_page)] == ["finished"]
    assert download_csv(offline_page).count("\n") == 2
    assert "keeps no log" in notice.inner_text()


def test_keys_on_the_page_drive_the_timer_while_it_fills_the_screen(offline_page, page_file):
    timer = open_page(offline_page, page_file)
    offline_page.evaluate(  # whether the last key kept its own meaning (Space: scroll)
        "() => addEventListener('keydown', (e) => { window.__psoasScrolls = !e.defaultPrevented; })"
    )
    offline_page.keyboard.press(" ")  # reading the top of the page: Space scrolls it, as anywhere
    assert timer.state() == "ready" and offline_page.evaluate("() => window.__psoasScrolls")
    go_to_timer(offline_page)
    focused = (
        "() => document.activeElement === document.querySelector('#psoas-page-timer .psoas-timer')"
    )
    assert offline_page.evaluate(focused)  # its keys work at once
    offline_page.evaluate("() => document.activeElement.blur()")  # nothing focused: the page's key
    offline_page.keyboard.press(" ")
    assert timer.state() == "running"
    scrolled = offline_page.evaluate("() => scrollY")
    offline_page.evaluate("() => document.activeElement.blur()")
    offline_page.keyboard.press(" ")
    assert timer.state() == "paused"
    assert offline_page.evaluate("() => window.__psoasScrolls") is False  # Space paused, only
    assert offline_page.evaluate("() => scrollY") == scrolled


# -- fits a phone either way and a projector ----------------------------------------------------


_OUTSIDE_WIDTH = """() => [...document.querySelectorAll(".psoas-page-text, .psoas-page-text *")]
  .filter(n => { const r = n.getBoundingClientRect(); return r.width > 0
                 && (r.left < -1 || r.right > innerWidth + 1); })
  .map(n => `${n.tagName}.${n.className}: ${Math.round(n.getBoundingClientRect().left)} to `
            + `${Math.round(n.getBoundingClientRect().right)}`)"""


@pytest.mark.parametrize(
    "size",
    [PHONE_UPRIGHT, PHONE_SIDEWAYS, PROJECTOR],
    ids=["phone-upright", "phone-sideways", "projector"],
)
def test_the_page_fits_and_the_timer_is_wholly_in_view_in_every_phase(
    offline_page, page_file, size
):
    width, height = size
    timer = open_page(offline_page, page_file, size)
    name = f"takeaway-{width}x{height}"
    assert_the_page_fits(offline_page, width)
    go_to_timer(offline_page)
    box = offline_page.locator("#psoas-page-timer").bounding_box()
    assert (round(box["y"]), round(box["height"])) == (0, height)  # the timer's box is the screen
    timer.press("start")
    since = 0.0
    for phase, second in PHASES:
        run_to(offline_page, second, since)
        since = second
        assert timer.phase() == phase
        offline_page.wait_for_timeout(50)  # the timer fits its words a frame after a change
        offline_page.clock.run_for(50)
        keep_screenshot(offline_page, f"{name}-{phase}", full_page=False)
        assert outside_viewport(offline_page, TIMER) == [], phase
        assert cut_off(offline_page, TIMER) == [], phase
        start = offline_page.locator(f"{TIMER} .psoas-timer-start").bounding_box()
        assert start["y"] + start["height"] <= height, f"{phase}: Start is below the screen"
    # with the run in the log, the page's parts still fit
    assert len(log_rows(offline_page)) == 1
    assert_the_page_fits(offline_page, width)
    keep_screenshot(offline_page, f"{name}-page")


def assert_the_page_fits(page, width: int) -> None:
    """The page's own parts: one column that wraps, nothing wider than the screen or cut off."""
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert page.evaluate(_OUTSIDE_WIDTH) == []
    assert cut_off(page, ".psoas-page-text") == []
