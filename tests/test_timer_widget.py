"""The routine timer widget's kernel side: what it sends the page (the timeline with its texts,
colours and poses; commands), and what it does with what the page reports (its mirrored state,
the practice log, one running timer per kernel). The page is played by :class:`FakePage`; the
page itself is tested in Chromium (tests/e2e) and its timing logic against the core
(test_timer_js.py)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from psoas_lesson import practice
from psoas_lesson.catalog import default_catalog, load_catalog
from psoas_lesson.routine import Routine
from psoas_lesson.theme import PHASES
from psoas_lesson.timeline import compile_timeline
from psoas_lesson.timer import State
from psoas_lesson.widgets import timer_payload
from psoas_lesson.widgets.timer import RoutineTimer, routine_timer, stop_all_timers
from psoas_lesson.widgets.timer_payload import no_figures, pose_key

from .helpers import FakeClock, replace_in
from .timer_page import (
    PLACE_LOST,
    RESUME_WITHIN_S,
    FakeBrowser,
    FakePage,
    SentMessages,
    deliver,
)

WIDGETS = Path(timer_payload.__file__).parent
SHORT_JSON = Path(__file__).parent / "e2e" / "fixtures" / "short-routine.json"


class FakeLog:
    """Stands in for PracticeLog: keeps what it is given; ``fail`` makes record return False."""

    def __init__(self, fail: str | None = None):
        self.sessions = []
        self.fail = fail
        self.last_error = None

    def record(self, session) -> bool:
        self.sessions.append(session)
        if self.fail:
            self.last_error = self.fail
            return False
        return True


class RaisingLog:
    def record(self, session):
        raise OSError("disk on fire\nsecond line")


@pytest.fixture(autouse=True)
def _private_log_and_no_leftover_timers(tmp_path, monkeypatch):
    # a timer stopped by a later test must never write to the learner's real practice log
    monkeypatch.setenv("PSOAS_LESSON_LOG", str(tmp_path / "practice.sqlite3"))
    yield
    stop_all_timers()


def bridges(prepare_s=5, hold_s=5, reps=2, rest_s=4, **settings) -> Routine:
    """Glute bridges only: prepare, then the bridges on a beat, one segment of hold, rest, hold
    ... (both sides at once)."""
    return Routine.of("glute-bridge", name="Bridges", prepare_s=prepare_s, **settings).with_entry(
        0, hold_s=hold_s, reps=reps, rest_s=rest_s
    )


def make(routine=None, **options) -> RoutineTimer:
    options.setdefault("log", False)
    return routine_timer(routine if routine is not None else bridges(), **options)


def with_page(routine=None, **options) -> tuple[RoutineTimer, FakePage]:
    timer = make(routine, **options)
    return timer, FakePage(timer, FakeClock())


def segments(timer: RoutineTimer) -> list[dict]:
    return timer.payload["segments"]


# -- what it is and what it sends once ----------------------------------------------------------


def test_repr_names_the_routine_and_its_length():
    timer = make("daily-short")
    assert repr(timer) == "RoutineTimer('Short daily routine', 11:18)"
    assert "psoas-timer-widget" in timer._dom_classes
    assert timer.size == "normal" and make(size="projector").size == "projector"


def test_its_display_data_is_a_widget_view_with_a_stand_in_that_says_how_to_start_it():
    timer = make("daily-short")
    bundle = timer._repr_mimebundle_()
    assert isinstance(bundle, dict)  # one dict, as the routine builder's Output takes it
    assert bundle["text/plain"] == (
        "The routine timer for Short daily routine, 11:18 — run this cell to start it."
    )
    assert "Short daily routine" in bundle["text/html"]
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == timer.model_id


def test_a_ready_routine_a_json_path_and_a_routine_give_the_same_timeline():
    catalog = default_catalog()
    expected = compile_timeline(catalog.routine("daily-short"), catalog)
    assert make("daily-short").timeline == expected
    assert make(catalog.routine("daily-short")).timeline == expected
    short = make(SHORT_JSON).timeline
    assert short.name == "Browser-test routine" and make(str(SHORT_JSON)).timeline == short


def test_an_unknown_routine_id_names_the_ready_ones():
    with pytest.raises(Exception, match="unknown routine 'nope'; ready routines: .*daily-short"):
        make("nope")


def test_an_unknown_size_is_refused():
    with pytest.raises(ValueError, match="size must be one of 'normal', 'projector'"):
        make(size="huge")


def test_the_page_gets_every_segment_with_what_to_show():
    timer = make("daily-short")
    sent = segments(timer)
    assert [s["duration_s"] for s in sent] == [s.duration_s for s in timer.timeline.segments]
    first, work, switch = sent[:3]
    assert first["label"] == "Get ready" and first["detail"] == "Right side first"
    assert (
        work["name"] == "Kneeling lunge stretch"
        and work["detail"] == "Right side \u00b7 1 of 3"  # as the card counts: 3 per side
    )
    assert work["cue"] == timer.timeline.segments[1].cue
    assert switch["cue"] == "Switch to the left side"
    assert work["next"] == "Next: Switch to the left side (5 s)"
    assert switch["next"] == "Next: Kneeling lunge stretch, left side (30 s)"
    assert sent[-1]["next"] == "Next: the end"
    assert timer.payload["name"] == "Short daily routine" and timer.payload["total_text"] == "11:18"


def test_spoken_cues_name_the_step_the_side_and_the_time():
    sent = segments(make("daily-short"))
    said = [s["said"] for s in sent]
    assert said[1] == "Kneeling lunge stretch, right side, 30 seconds"
    assert said[2] == "Switch sides: left side next"
    assert "Kneeling lunge stretch, left side, 30 seconds. Last one" in said
    rests = [s["said"] for s in sent if s["kind"] == "rest"]
    assert rests and all(r.startswith("Rest") for r in rests)
    assert sent[1]["announced"] == "Work: Kneeling lunge stretch, right side, 30 seconds"
    assert make().payload["done_said"] == "Done"


def test_the_count_under_the_name_is_the_cards():
    details = [s["detail"] for s in segments(make("daily-short")) if s["kind"] == "work"]
    assert details[:6] == [
        f"{side} side \u00b7 {n} of 3" for n in (1, 2, 3) for side in ("Right", "Left")
    ]
    # bridges go on a beat, one segment: its first count, in all (both sides at once); the page
    # counts on with each beat
    assert details[6] == "1 of 15"
    routine = Routine.of("kneeling-lunge").with_entry(0, sets=2, reps=1)
    sent = [s["detail"] for s in segments(make(routine)) if s["kind"] == "work"]
    assert sent == [
        f"{side} side \u00b7 1 of 1 \u00b7 set {n} of 2"
        for n in (1, 2)
        for side in ("Right", "Left")
    ]
    single = [s["detail"] for s in segments(make("class-warmup")) if s["name"].startswith("Kneel")]
    assert single[-3:] == ["Right side", "Next: the left side", "Left side"]  # one hold a side


def test_each_cue_comes_in_forms_longest_first_and_last_one_must_be_said():
    sent = segments(make("daily-short"))
    work, switch = sent[1], sent[2]
    assert work["sayings"] == ["Kneeling lunge stretch, right side, 30 seconds", "Right side"]
    assert switch["sayings"] == ["Switch sides: left side next", "Switch sides"]
    assert not work["must"]
    last = next(s for s in sent if s["said"].endswith("Last one"))
    assert last["must"] and last["sayings"][-1] == "Last one"
    assert all(
        len(a) > len(b) for s in sent for a, b in zip(s["sayings"], s["sayings"][1:], strict=False)
    )


def test_a_move_on_a_beat_is_said_once_in_its_get_ready_then_a_word_a_beat():
    sent = segments(make("class-warmup"))
    at = next(i for i, s in enumerate(sent) if s["name"] == "Frankensteins" and s["kind"] == "work")
    ready, lifts = sent[at - 1], sent[at]
    assert ready["sayings"][0] == (
        "Get ready: Frankensteins, 20 in all, alternating sides, every 4 seconds"
    )
    assert ready["sayings"][1:] == [
        "Get ready: Frankensteins, 20 in all, every 4 seconds",
        "Get ready: Frankensteins",
    ]
    beats = lifts["beats"]
    assert lifts["sayings"] == ["right"] and lifts["duration_s"] == 78
    assert [b["at_s"] for b in beats] == [4 * k for k in range(20)]
    assert [b["sayings"][0] for b in beats[:4]] == ["right", "left", "right", "left"]
    assert beats[-1]["sayings"] == ["left, last one", "last one"] and beats[-1]["must"]
    assert [b["detail"] for b in beats[:2]] == [
        "Right side \u00b7 1 of 20",
        "Left side \u00b7 2 of 20",
    ]
    assert [b["pose"] for b in beats[:2]] == ["frankensteins/right", "frankensteins/left"]
    assert [b["down_s"] for b in beats] == [2] * 19 + [None]  # the last hold ends the segment
    assert lifts["announced"].startswith("Work: Frankensteins, 20 in all")
    climbers = sent[-1]
    assert sent[-2]["said"] == (
        "Get ready: Mountain climbers, 30 seconds, right and left in turn, every second"
    )
    assert [b["sayings"] for b in climbers["beats"][:2]] == [["right"], ["left"]]
    assert {b["pose"] for b in climbers["beats"]} == {"mountain-climbers/both"}


def test_a_move_on_a_beat_without_a_get_ready_says_itself_on_its_first_beat():
    sent = segments(make(Routine.of("knee-to-chest", prepare_s=0)))
    assert sent[0]["sayings"] == [
        "Single knee-to-chest stretch, 20 in all, every 7 seconds. right",
        "Single knee-to-chest stretch: right",
        "right",
    ]


def test_both_sides_of_a_move_on_a_beat_are_drawn_for_the_page():
    timer = make(Routine.of("frankensteins"))
    assert {"frankensteins/right", "frankensteins/left"} <= set(timer.pose_frames)


def test_spoken_durations_read_as_words():
    said = timer_payload.spoken_duration
    assert [said(1), said(30), said(60), said(75.4), said(121)] == [
        "1 second", "30 seconds", "1 minute", "1 minute 15 seconds", "2 minutes 1 second",
    ]  # fmt: skip


def test_the_page_gets_the_phase_colours_from_the_theme():
    look = make().look
    for kind, phase in PHASES.items():
        assert look["phases"][kind.value] == {
            "label": phase.label,
            "colour": phase.colour,
            "ink": phase.ink,
        }


@pytest.mark.parametrize("name", ["timer.js", "timer_core.js", "timer.css"])
def test_the_page_files_hold_no_colour_of_their_own(name):
    text = (WIDGETS / name).read_text(encoding="utf-8")
    assert not re.findall(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(", text)


def test_every_size_is_one_layout_in_a_box_of_its_own_height():
    # A notebook panel, a projector, the class view and full screen differ only in the box's
    # size: the layout follows the box (container queries), one set of rules for all.
    css = (WIDGETS / "timer.css").read_text(encoding="utf-8")
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    sized = [
        (selector.strip(), body)
        for selector, body in rules
        if re.search(r"psoas-timer-(normal|projector|fill)\b|:fullscreen", selector)
    ]
    assert {selector for selector, _ in sized} >= {
        ".psoas-timer-projector", ".psoas-timer-fill", ".psoas-timer:fullscreen",
    }  # fmt: skip
    for selector, body in sized:
        properties = {line.split(":")[0].strip() for line in body.split(";") if ":" in line}
        assert properties <= {"width", "height", "min-height", "border-radius", "border-width",
                              "outline-offset"}, (selector, properties)  # fmt: skip
    assert re.search(r"\.psoas-timer \{[^}]*container: psoas-timer / size;[^}]*height:", css)


def test_the_timers_stylesheet_leaves_the_class_view_to_the_class_view():
    # anywidget puts the timer's stylesheet on every page that shows a timer
    assert "psoas-class" not in (WIDGETS / "timer.css").read_text(encoding="utf-8")


def test_the_page_keeps_the_class_names_tests_and_teachers_rely_on():
    page = (WIDGETS / "timer.js").read_text(encoding="utf-8")
    for part in ["remaining", "step", "progress", "next", "done", "notice", "reminder", "title"]:
        assert f'"psoas-timer-{part}"' in page or f'psoas-timer-{part}"' in page, part
    for button in ["start", "pause", "back", "skip", "minus", "plus", "reset"]:
        assert f'["{button}",' in page
    for toggle in ["sound", "voice", "fullscreen"]:
        assert f"psoas-timer-{toggle}" in page


def test_the_page_sets_text_never_markup_except_the_pose_figures():
    page = (WIDGETS / "timer.js").read_text(encoding="utf-8")
    assert re.findall(r"\w*\.innerHTML\s*=\s*[^;]+;", page) == ["drawing.innerHTML = frame.svg;"]
    assert "insertAdjacentHTML" not in page and "outerHTML" not in page


def test_the_reminder_says_stop_on_sharp_pain_with_the_lessons_own_line():
    reminder = make().payload["reminder"]
    assert reminder.startswith("Stop at once on sharp pain.")
    assert "sharp pain is not" in reminder  # from data/guidelines.yaml


def test_data_strings_reach_the_page_as_plain_text(data_copy):
    # The page sets them with textContent: they must arrive exactly as written, not as markup.
    exercises = data_copy / "exercises.yaml"
    replace_in(
        exercises, "cue: Hips high, squeeze the glutes", "cue: <script>alert(1)</script> & go"
    )
    replace_in(exercises, "name: Glute bridge", "name: Glute <b>bridge</b>")
    catalog = load_catalog(base_dir=data_copy)
    routine = Routine.of("glute-bridge", name="<i>Mine</i>", prepare_s=2).with_entry(0, reps=2)
    timer = routine_timer(routine, catalog=catalog, log=False)
    work = segments(timer)[1]
    assert timer.payload["name"] == "<i>Mine</i>"
    assert work["name"] == "Glute <b>bridge</b>" and "<script>alert(1)</script> & go" in work["cue"]
    assert "&lt;" not in str(timer.payload)


# -- pose figures ---------------------------------------------------------------------------------


def square(exercise_id: str, side: str) -> list[dict]:
    return [{"svg": '<svg viewBox="0 0 10 10"><rect width="10" height="10"/></svg>',
             "alt": f"{exercise_id} on the {side} side"}]  # fmt: skip


def test_without_figures_the_page_gets_none_but_knows_each_pose():
    timer = make("daily-short", figures=no_figures)
    assert timer.pose_frames == {}
    assert segments(timer)[1]["pose"] == "kneeling-lunge/right"
    assert segments(timer)[1]["next_pose"] == "kneeling-lunge/left"


@pytest.mark.parametrize("routine", [r.id for r in default_catalog().routines])
def test_the_figures_and_the_next_line_speak_of_one_thing(routine):
    timer = make(routine, figures=no_figures)
    sent, timeline = segments(timer), timer.timeline.segments
    for index, (shown, segment) in enumerate(zip(sent, timeline, strict=True)):
        following = timeline[index + 1] if index + 1 < len(timeline) else None
        upcoming = pose_key(following) if following else None
        # the small figure is what the "Next:" line names, and only where it looks different
        assert shown["next_pose"] in (None, upcoming), (index, shown)
        assert shown["next_pose"] != shown["pose"] or shown["next_pose"] is None
        if upcoming not in (None, shown["pose"]) and not shown["pose_is_next"]:
            assert shown["next_pose"] == upcoming, (index, shown)
        # the large figure is the segment's own pose, or the next one's, marked so
        assert shown["pose"] == (upcoming if shown["pose_is_next"] else pose_key(segment))


def test_getting_ready_shows_the_side_it_names_and_no_other():
    first, work, switch = segments(make("daily-short", figures=no_figures))[:3]
    assert first["next"] == "Next: Kneeling lunge stretch, right side (30 s)"
    assert (first["pose"], first["next_pose"]) == ("kneeling-lunge/right", None)
    assert (work["next_pose"], switch["pose"], switch["next_pose"]) == (
        "kneeling-lunge/left", "kneeling-lunge/left", None,
    )  # fmt: skip
    rest = next(
        s for s in segments(make("daily-short")) if s["kind"] == "rest" and not s["exercise"]
    )
    assert (
        rest["pose_is_next"] and rest["pose"] == "glute-bridge/both" and rest["next_pose"] is None
    )
    assert rest["next"] == "Next: Get ready for Glute bridge (10 s)"


def test_a_frames_label_and_caption_reach_the_page_as_words():
    frame = {"svg": "<svg/>", "alt": "a bridge", "label": "Start", "caption": "Psoas: neutral"}
    [sent] = make(figures=lambda e, side: [frame]).pose_frames["glute-bridge/both"]
    assert sent == frame
    with pytest.raises(TypeError, match="frame 1's 'caption' must be text"):
        make(figures=lambda e, side: [{**frame, "caption": 3}])


def test_the_routine_key_names_the_routine_as_it_runs():
    key = make("daily-short").payload["key"]
    assert key.startswith("short-daily-routine-") and key == make("daily-short").payload["key"]
    assert make(bridges(hold_s=6)).payload["key"] != make(bridges(hold_s=5)).payload["key"]


def test_each_pose_is_asked_for_and_sent_once():
    asked = []

    def figures(exercise_id, side):
        asked.append((exercise_id, side))
        return square(exercise_id, side)

    timer = make("daily-short", figures=figures)
    assert len(asked) == len(set(asked)) == len(timer.pose_frames)
    assert ("kneeling-lunge", "right") in asked and ("kneeling-lunge", "left") in asked
    assert timer.pose_frames["kneeling-lunge/left"][0]["alt"] == "kneeling-lunge on the left side"
    poses = {s["pose"] for s in segments(timer) if s["pose"]}
    assert poses == set(timer.pose_frames)


def test_the_figures_reach_the_page_without_their_own_size():
    # Sizes made for a card or a page would win over the timer's stylesheet; inside, all stays.
    drawn = (
        '<svg viewBox="0 0 10 10" width="300" height=\'200\' style="max-width: 100%"'
        ' class="pose"><rect width="10" height="10" style="fill: none"/></svg>'
    )
    timer = make(figures=lambda e, side: [{"svg": drawn, "alt": "a pose"}])
    [frame] = timer.pose_frames["glute-bridge/both"]
    assert frame["svg"] == (
        '<svg viewBox="0 0 10 10" class="pose">'
        '<rect width="10" height="10" style="fill: none"/></svg>'
    )
    lesson = make("daily-short").pose_frames["kneeling-lunge/left"][0]["svg"]
    root = lesson[: lesson.index(">") + 1]
    assert "viewBox=" in root and not re.search(r"\s(style|width|height)=", root)


def test_a_pose_with_no_frames_is_left_out():
    timer = make("daily-short", figures=lambda e, side: square(e, side) if side == "right" else [])
    assert all(key.endswith("/right") for key in timer.pose_frames)


@pytest.mark.parametrize(
    "given, message",
    [
        ("<svg/>", "expected a list of frames"),
        ([{"alt": "x"}], "frame 1 needs 'svg' markup"),
        ([{"svg": "<p>not svg</p>", "alt": "x"}], "frame 1 needs 'svg' markup"),
        ([{"svg": "<svg/>", "alt": ""}], "frame 1 needs an 'alt' text"),
    ],
)
def test_a_figure_provider_that_returns_nonsense_is_refused(given, message):
    with pytest.raises(TypeError, match=f"figures for glute-bridge/both: {message}"):
        make(figures=lambda e, side: given)


# -- commands to the page -----------------------------------------------------------------------


def test_start_and_pause_are_commands_with_new_ids():
    timer = make()
    sent = SentMessages(timer)
    timer.start()
    timer.pause()
    timer.start()
    assert [(c["id"], c["kind"]) for c in sent.updates("command")] == [
        (1, "start"), (2, "pause"), (3, "start"),
    ]  # fmt: skip


def test_the_state_mirrors_what_the_page_reports():
    timer, page = with_page(SHORT_JSON)
    assert timer.state is State.READY and not timer.running
    timer.start()
    assert timer.state is State.RUNNING and timer.index == 0
    page.wait(6.5)
    assert timer.index == 1
    page.press("pause")
    assert timer.state is State.PAUSED
    page.press("skip")
    assert timer.index == 2 and timer.state is State.PAUSED
    timer.start()
    page.wait(20)
    assert timer.state is State.FINISHED
    assert timer.spent_s == pytest.approx(sum(page.core.spent_s()))
    assert timer.exercises_done == ("sphinx-pose",)


def test_a_running_routine_sends_the_page_nothing_and_the_page_reports_each_change():
    timer, page = with_page("daily-short")
    sent = SentMessages(timer)
    page.press("start")
    page.wait(120)
    assert len(sent) == 0  # the kernel keeps no time: nothing to send while it runs
    changes = sum(1 for e in page.sent if e["kind"] == "segment")
    assert changes == page.core.index + 1 and len(page.sent) <= changes + 2


def test_a_page_message_that_is_not_an_event_is_refused_with_a_notice():
    timer = make()
    deliver(timer, {"type": "event", "id": "x", "kind": "explode"})
    assert timer.notice.startswith("Timer problem: page event: run_id must be 32 hex digits")
    deliver(timer, "hello")
    assert timer.notice == "Timer problem: the page sent a message that is not a timer event"
    assert timer.state is State.READY


# -- the practice log -----------------------------------------------------------------------------


def test_finishing_records_a_completed_session_once():
    log = FakeLog()
    timer, page = with_page(bridges(), log=log)
    page.run_to_end()
    [session] = log.sessions
    assert session.routine == "Bridges" and session.exercises == ("glute-bridge",)
    assert session.seconds_done == pytest.approx(19) and session.completed is True
    assert session.id == page.run_id
    assert session.started_at == datetime.fromtimestamp(page.started_ms / 1000)


def test_reports_held_by_a_busy_kernel_arrive_later_and_count_once():
    log = FakeLog()
    timer, page = with_page(bridges(), log=log)
    page.hold()  # the kernel runs time.sleep(...) in another cell
    page.run_to_end()
    assert log.sessions == [] and timer.state is State.READY
    page.release(twice=True)  # late, and (say, a reconnect) delivered again
    assert len(log.sessions) == 1 and log.sessions[0].completed
    assert timer.state is State.FINISHED


def test_reset_after_some_work_records_an_unfinished_session():
    log = FakeLog()
    timer, page = with_page(bridges(), log=log)
    page.press("start")
    page.wait(3)
    page.press("reset")
    assert log.sessions == []  # only getting ready: nothing to log
    page.press("start")
    page.wait(8)
    page.press("reset")
    [session] = log.sessions
    assert session.completed is False and session.exercises == ()
    assert session.seconds_done == pytest.approx(8)
    assert timer.state is State.READY


def test_a_reload_part_way_picks_the_run_up_and_logs_it_once_at_the_finish():
    log = FakeLog()
    timer, page = with_page(bridges(), log=log)
    page.press("start")
    page.wait(7)  # 2 s into the bridges: on a beat, one segment of 5 + 4 + 5 s
    started_ms, run_id = page.started_ms, page.run_id
    page.browser.reload()
    assert timer.state is State.PAUSED and timer.index == 1  # the page said where it was
    assert page.run_id == run_id and page.core.remaining_s() == pytest.approx(12)
    page.press("start")
    page.wait(15)
    [session] = log.sessions
    assert session.id == run_id and session.completed is True
    assert session.seconds_done == pytest.approx(19)  # the 0.5 s reload is not counted
    assert session.started_at == datetime.fromtimestamp(started_ms / 1000)


def test_a_reload_too_long_after_logs_what_was_done_and_starts_afresh():
    log = FakeLog()
    timer, page = with_page(bridges(), log=log)
    page.press("start")
    page.wait(8)
    run_id = page.run_id
    page.browser.reload(away_s=RESUME_WITHIN_S + 60)
    [session] = log.sessions
    assert session.id == run_id and session.completed is False
    assert session.seconds_done == pytest.approx(8)
    assert page.run_id != run_id and page.core.state is State.READY and page.notice == PLACE_LOST


def test_a_reload_before_the_start_or_after_the_finish_starts_afresh_quietly():
    log = FakeLog()
    timer, page = with_page(bridges(), log=log)
    page.browser.reload()
    assert page.notice == "" and page.core.state is State.READY and page.sent == []
    page.run_to_end()
    page.browser.reload()
    assert page.notice == "" and page.core.state is State.READY and len(log.sessions) == 1


def test_time_skipped_is_not_counted_as_spent():
    log = FakeLog()
    timer, page = with_page(bridges(), log=log)
    page.press("start")
    page.wait(2)
    page.press("skip")  # 3 s of get-ready not run
    page.wait(20)
    assert log.sessions[0].seconds_done == pytest.approx(16)


def test_adding_time_still_counts_the_hold_as_done():
    log = FakeLog()
    timer, page = with_page(bridges(reps=1), log=log)
    page.press("start")
    page.press("skip")
    page.press("plus")  # a 20-s hold now
    page.wait(21)
    [session] = log.sessions
    assert session.completed and session.seconds_done == pytest.approx(20)


def test_skipping_a_whole_exercise_is_not_a_completed_session():
    log = FakeLog()
    routine = Routine.of("glute-bridge", "sphinx-pose", name="Two", prepare_s=2)
    timer, page = with_page(routine, log=log)
    page.press("start")
    while page.core.segment.exercise != "sphinx-pose":
        page.wait(1)
    while page.core.state is not State.FINISHED:
        page.press("skip")
    [session] = log.sessions
    assert session.exercises == ("glute-bridge",) and session.completed is False


def test_a_log_that_fails_shows_a_notice_in_the_page():
    timer, page = with_page(bridges(), log=FakeLog(fail="database is locked"))
    page.run_to_end()
    assert timer.notice == "Could not save to the practice log: database is locked"


def test_a_log_that_raises_never_breaks_the_timer():
    timer, page = with_page(bridges(), log=RaisingLog())
    page.run_to_end()
    assert timer.notice == "Could not save to the practice log: disk on fire second line"
    assert timer.state is State.FINISHED


def test_log_false_never_records(monkeypatch):
    made = []
    monkeypatch.setattr(practice, "PracticeLog", lambda *a, **k: made.append(1) or FakeLog())
    timer, page = with_page(bridges(), log=False)
    page.run_to_end()
    assert made == []


def test_the_default_log_is_the_practice_log():
    timer, page = with_page(bridges(), log=None)
    page.run_to_end()
    assert timer.notice == ""
    [session] = practice.PracticeLog().sessions()
    assert session.routine == "Bridges" and session.completed and session.id == page.run_id


# -- one running timer per kernel ------------------------------------------------------------------


def test_a_new_timer_stops_the_previous_one_and_logs_its_run():
    log = FakeLog()
    first, page = with_page(bridges(), log=log)
    page.press("start")
    page.wait(11)  # 6 s into the bridges, which end at 19 s
    make(bridges())
    assert first.command["kind"] == "stop" and "newer timer" in first.command["notice"]
    assert page.core.state is State.PAUSED and first.state is State.PAUSED
    [session] = log.sessions
    assert session.completed is False and session.exercises == ()
    assert session.seconds_done == pytest.approx(11)


def test_ten_timers_made_in_turn_stop_each_earlier_one_once():
    timers = [make(SHORT_JSON) for _ in range(10)]
    assert [(t.command["id"], t.command["kind"]) for t in timers] == [(1, "stop")] * 9 + [(0, "")]


def test_starting_an_older_timer_in_its_page_stops_the_newer():
    browser = FakeBrowser(FakeClock())
    older, newer = make(SHORT_JSON), make(SHORT_JSON)
    older_page, newer_page = FakePage(older, browser=browser), FakePage(newer, browser=browser)
    newer_page.press("start")
    older_page.press("start")
    assert newer_page.core.state is State.PAUSED and older.state is State.RUNNING
    assert newer.state is State.PAUSED and newer_page.notice.startswith("Paused: another timer")
    newer.start()  # from the kernel: the newer runs again, and the older stops
    assert older.state is State.PAUSED and newer.state is State.RUNNING


def test_a_timer_started_again_in_its_page_is_stopped_by_the_next_one_made():
    older, page = with_page(SHORT_JSON)
    make(SHORT_JSON)  # stops the older
    page.press("start")  # the learner starts it again
    make(SHORT_JSON)
    assert page.core.state is State.PAUSED and older.state is State.PAUSED


def test_stop_all_timers_pauses_every_running_timer():
    timer, page = with_page(SHORT_JSON)
    page.press("start")
    stop_all_timers()
    assert page.core.state is State.PAUSED and timer.state is State.PAUSED


def test_the_timer_shows_the_lessons_own_pose_figures_unless_told_not_to(catalog):
    timer = routine_timer("daily-short", catalog=catalog, log=False)
    try:
        keys = {s["pose"] for s in timer.payload["segments"] if s.get("pose")}
        assert keys and all(timer.pose_frames[key] for key in keys)
        lunge = timer.pose_frames.get("kneeling-lunge/left") or []
        assert lunge and lunge[0]["svg"].startswith("<svg") and "left side" in lunge[0]["alt"]
        bare = routine_timer("daily-short", catalog=catalog, log=False, figures=no_figures)
        assert bare.pose_frames == {}
    finally:
        stop_all_timers()
