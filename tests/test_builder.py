from __future__ import annotations

import html
import json
import re
import sys
import types

import ipywidgets as widgets
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import psoas_lesson.handout
from psoas_lesson.catalog import load_catalog
from psoas_lesson.describe import clock
from psoas_lesson.errors import DataError
from psoas_lesson.handout import write_handout as real_write_handout
from psoas_lesson.routine import Entry, Routine, applied_dose, load_routine, save_routine
from psoas_lesson.timeline import compile_timeline
from psoas_lesson.widgets import timer as timer_module
from psoas_lesson.widgets.builder import RoutineBuilder, routine_builder
from psoas_lesson.widgets.slider import LabelledSlider

from .helpers import EXERCISE_IDS, replace_in

PAYLOAD = "<script>alert(1)</script>"
ALL_IDS = EXERCISE_IDS


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def total_of(builder: RoutineBuilder) -> str:
    return text_of(builder.total.value)


def fake_svg(timeline) -> str:
    """Stands in for charts.svg_timeline.timeline_svg: the timeline's total in a tiny SVG."""
    return f"<svg><!-- {timeline.name}: {timeline.total_s} --></svg>"


@pytest.fixture
def fake_charts(monkeypatch):
    """A stand-in timeline drawing that records each timeline it was asked to draw."""
    drawn = []

    def timeline_svg(timeline):
        drawn.append(timeline)
        return fake_svg(timeline)

    # Patched on the real module, so the rest of it (tick steps, lanes) stays for other charts.
    from psoas_lesson.charts import svg_timeline

    monkeypatch.setattr(svg_timeline, "timeline_svg", timeline_svg)
    monkeypatch.setattr(svg_timeline, "alt_text", lambda timeline: f"Timeline of {timeline.name}")
    return drawn


@pytest.fixture
def two(catalog, fake_charts):
    return routine_builder(Routine.of("kneeling-lunge", "glute-bridge"), catalog=catalog)


def expected_total(routine: Routine, catalog) -> str:
    return f"Total {clock(compile_timeline(routine, catalog).total_s)}"


# ---------------------------------------------------------------------------------------------
# Starting


def test_total_starts_as_the_compiled_timelines_total(two, catalog):
    assert total_of(two) == expected_total(Routine.of("kneeling-lunge", "glute-bridge"), catalog)
    assert total_of(two).startswith("Total ")
    assert "psoas-builder-total" in two.total._dom_classes


def test_repr_is_short_and_names_the_routine(two):
    assert repr(two) == "RoutineBuilder('My routine', 2 exercises, 5:38)"


def test_builder_starts_from_a_ready_routine_id(catalog, fake_charts):
    builder = routine_builder("daily-short", catalog=catalog)
    assert builder.routine == catalog.routine("daily-short")
    assert repr(builder) == "RoutineBuilder('Short daily routine', 5 exercises, 11:18)"


def test_unknown_ready_routine_is_a_data_error_naming_the_ready_ones(catalog):
    with pytest.raises(DataError, match="no-such.*daily-short"):
        routine_builder("no-such", catalog=catalog)


def test_builder_starts_empty_with_a_hint(catalog, fake_charts):
    builder = routine_builder(catalog=catalog)
    assert repr(builder) == "RoutineBuilder('My routine', 0 exercises, 0:00)"
    assert total_of(builder) == "Total 0:00"
    assert "Add an exercise" in text_of(builder.entry_title.value)
    assert all(s.disabled for s in (builder.hold, builder.reps, builder.sets, builder.rest))
    assert builder.remove_button.disabled
    assert fake_charts == []


def test_the_parts_tests_drive_have_their_classes(two):
    for part, name in (
        (two.hold, "hold"),
        (two.reps, "reps"),
        (two.sets, "sets"),
        (two.rest, "rest"),
        (two.total, "total"),
        (two.chart, "chart"),
        (two.save_button, "save"),
        (two.load_button, "load"),
        (two.handout_button, "handout"),
        (two.timer_button, "timer"),
        (two.message, "message"),
    ):
        assert f"psoas-builder-{name}" in part._dom_classes
    assert isinstance(two.chart, widgets.HTML)


def test_the_chart_is_an_img_whose_alt_is_its_text_alternative(two):
    # An ipywidgets Image has no alt: axe reported the chart as image-alt, critical.
    import base64
    import html
    import re

    found = re.fullmatch(
        r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)" style="[^"]*">',
        two.chart.value,
    )
    assert found, two.chart.value[:200]
    assert base64.b64decode(found[1]) == two.chart_svg
    assert html.unescape(found[2]).startswith("Timeline of")


# ---------------------------------------------------------------------------------------------
# Sliders within the data's bounds


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_slider_bounds_are_the_exercises_ranges(catalog, fake_charts, exercise_id):
    builder = routine_builder(Routine.of(exercise_id), catalog=catalog)
    dose = catalog.exercise(exercise_id).dose
    work = dose.hold_breaths if dose.in_breaths else dose.hold_s
    assert (builder.hold.min, builder.hold.max) == (work.min, work.max)
    assert (builder.reps.min, builder.reps.max) == (dose.reps.min, dose.reps.max)
    assert (builder.sets.min, builder.sets.max) == (dose.sets.min, dose.sets.max)
    assert (builder.rest.min, builder.rest.max) == (dose.rest_s.min, dose.rest_s.max)
    assert (builder.hold.value, builder.reps.value, builder.sets.value, builder.rest.value) == (
        work.default,
        dose.reps.default,
        dose.sets.default,
        dose.rest_s.default,
    )
    assert ("breaths" in builder.hold.description) == dose.in_breaths


def test_sliders_start_at_the_routines_own_values(catalog, fake_charts):
    builder = routine_builder("daily-short", catalog=catalog)
    builder.entries.value = 1  # glute bridge, 15 reps in the routine
    assert builder.reps.value == 15
    builder.entries.value = 2  # prone quadriceps stretch, held 30 s (its default is 15)
    assert builder.hold.value == 30


def test_a_slider_cannot_leave_the_exercises_range(two, catalog):
    two.hold.value = 10_000
    assert two.hold.value == 60
    assert two.routine.entries[0].hold_s == 60
    assert total_of(two) == expected_total(two.routine, catalog)


@pytest.mark.parametrize(
    "slider, field, value",
    [("hold", "hold_s", 45), ("reps", "reps", 5), ("sets", "sets", 2), ("rest", "rest_s", 20)],
)
def test_moving_an_entry_slider_changes_the_routine_and_the_total(
    two, catalog, slider, field, value
):
    before = total_of(two)
    getattr(two, slider).value = value
    assert getattr(two.routine.entries[0], field) == value
    assert two.routine.entries[1] == Entry("glute-bridge")
    assert total_of(two) == expected_total(two.routine, catalog) != before


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_total_always_equals_the_compiled_timeline(catalog, fake_charts, data):
    exercise_id = data.draw(st.sampled_from(ALL_IDS))
    builder = routine_builder(Routine.of(exercise_id, "glute-bridge"), catalog=catalog)
    for slider in data.draw(
        st.lists(st.sampled_from(["hold", "reps", "sets", "rest"]), max_size=4)
    ):
        widget = getattr(builder, slider)
        widget.value = data.draw(st.integers(widget.min, widget.max))
    dose = applied_dose(
        catalog.exercise(exercise_id), builder.routine.entries[0], builder.routine.settings
    )
    assert (dose.reps, dose.sets, dose.rest_s) == (
        builder.reps.value,
        builder.sets.value,
        builder.rest.value,
    )
    assert total_of(builder) == expected_total(builder.routine, catalog)
    assert repr(builder).endswith(f"{clock(compile_timeline(builder.routine, catalog).total_s)})")


def test_breath_timed_hold_is_set_in_breaths(catalog, fake_charts):
    builder = routine_builder(Routine.of("sphinx-pose"), catalog=catalog)
    builder.hold.value = 4
    assert builder.routine.entries[0] == Entry("sphinx-pose", hold_breaths=4)
    work = [s for s in compile_timeline(builder.routine, catalog).segments if s.kind == "work"]
    assert work[0].duration_s == 40  # 4 breaths at 6 a minute


def test_breathing_rate_changes_breath_timed_holds(catalog, fake_charts):
    builder = routine_builder(Routine.of("sphinx-pose"), catalog=catalog)
    before = total_of(builder)
    builder.settings_sliders["breathing"].value = 12
    assert builder.routine.settings.breaths_per_min == 12
    assert total_of(builder) == expected_total(builder.routine, catalog) != before


def test_breathing_rate_keeps_a_hold_given_in_seconds_within_bounds(catalog, fake_charts):
    routine = Routine(
        name="r", entries=(Entry("sphinx-pose", hold_s=200),)
    )  # 20 breaths at 6 a minute
    builder = routine_builder(routine, catalog=catalog)
    builder.settings_sliders[
        "breathing"
    ].value = 3  # 200 s would now be 10 breaths: fine either way
    builder.settings_sliders["breathing"].value = 20
    assert builder.message.value == ""
    assert builder.routine.settings.breaths_per_min == 20
    assert builder.routine.entries[0].hold_breaths <= 20
    assert total_of(builder) == expected_total(builder.routine, catalog)


@pytest.mark.parametrize(
    "key, field, value",
    [
        ("between", "rest_between_exercises_s", 30),
        ("prepare", "prepare_s", 0),
        ("switch", "switch_s", 15),
    ],
)
def test_whole_routine_settings_change_the_total(two, catalog, key, field, value):
    before = total_of(two)
    two.settings_sliders[key].value = value
    assert getattr(two.routine.settings, field) == value
    assert total_of(two) == expected_total(two.routine, catalog) != before


def test_settings_sliders_start_at_the_routines_settings(catalog, fake_charts):
    builder = routine_builder("daily-short", catalog=catalog)
    assert builder.settings_sliders["between"].value == 5
    assert builder.settings_sliders["prepare"].value == 10
    assert builder.settings_sliders["breathing"].value == 6


def test_choosing_an_entry_shows_its_dose(two):
    two.entries.value = 1
    assert (two.hold.min, two.hold.max, two.hold.value) == (2, 30, 5)
    assert "2. Glute bridge" in text_of(two.entry_title.value)
    two.hold.value = 8
    assert two.routine.entries == (Entry("kneeling-lunge"), Entry("glute-bridge", hold_s=8))


# ---------------------------------------------------------------------------------------------
# Adding, ordering, removing


def test_add_appends_the_chosen_exercise_and_selects_it(two, catalog):
    two.choice.value = "sphinx-pose"
    two.add_button.click()
    assert [e.exercise for e in two.routine.entries] == [
        "kneeling-lunge",
        "glute-bridge",
        "sphinx-pose",
    ]
    assert two.selected == 2 and "breaths" in two.hold.description
    assert total_of(two) == expected_total(two.routine, catalog)
    assert len(two.entries.options) == 3


def test_up_and_down_reorder_the_entries(two):
    two.entries.value = 1
    two.up_button.click()
    assert [e.exercise for e in two.routine.entries] == ["glute-bridge", "kneeling-lunge"]
    assert two.selected == 0 and two.up_button.disabled
    two.down_button.click()
    assert [e.exercise for e in two.routine.entries] == ["kneeling-lunge", "glute-bridge"]
    assert two.selected == 1 and two.down_button.disabled


def test_reordering_keeps_each_entrys_overrides(two):
    two.reps.value = 5
    two.down_button.click()
    assert two.routine.entries == (Entry("glute-bridge"), Entry("kneeling-lunge", reps=5))
    assert two.reps.value == 5  # the moved entry stays chosen


def test_remove_drops_the_chosen_entry(two, catalog):
    two.remove_button.click()
    assert two.routine.entries == (Entry("glute-bridge"),)
    assert two.selected == 0
    two.remove_button.click()
    assert two.routine.entries == ()
    assert total_of(two) == "Total 0:00" and two.selected is None
    assert "Add an exercise" in text_of(two.entry_title.value)


def test_renaming_changes_the_routine(two):
    two.name.value = "  Evening   stretch "
    assert two.routine.name == "Evening stretch"
    two.name.value = "   "
    assert two.routine.name == "My routine"


def test_typing_spaces_or_clearing_the_name_leaves_the_field_as_typed(two):
    two.name.value = "Evening  "
    assert two.name.value == "Evening  " and two.routine.name == "Evening"
    two.name.value = ""
    assert two.name.value == "" and two.routine.name == "My routine"


def test_a_changed_ready_routine_is_renamed_as_the_learners_own(catalog, fake_charts):
    builder = routine_builder("daily-short", catalog=catalog)
    assert builder.name.value == "Short daily routine"
    builder.reps.value = builder.reps.value + 1 if builder.reps.value < builder.reps.max else 1
    assert builder.routine.name == "Short daily routine (my version)"
    assert builder.name.value == builder.routine.name
    builder.sets.value = 2  # renamed once, not again
    assert builder.routine.name == "Short daily routine (my version)"


def test_a_name_the_learner_typed_is_kept_through_edits(catalog, fake_charts):
    builder = routine_builder("daily-short", catalog=catalog)
    builder.name.value = "Morning"
    builder.sets.value = 2
    assert builder.routine.name == "Morning"


def test_the_file_name_follows_the_routine_name_until_the_learner_types_one(two):
    assert two.path.value == "my-routine.json"
    two.name.value = "Desk break: 10 min!"
    assert two.path.value == "desk-break-10-min.json"
    two.path.value = "mine.json"
    two.name.value = "Evening"
    assert two.path.value == "mine.json"


def test_controls_have_names_a_screen_reader_can_read(two):
    assert two.entries.description  # the listbox's aria-labelledby
    assert two.choice.description == "Exercise"  # the <select>'s <label for>
    assert "up" in two.up_button.description.lower()
    assert "down" in two.down_button.description.lower()
    sliders = [two.hold, two.reps, two.sets, two.rest, *two.settings_sliders.values()]
    for slider in sliders:
        assert isinstance(slider, LabelledSlider)
        assert slider.description and slider.unit_words


def test_the_slider_keeps_its_value_inside_its_bounds():
    slider = LabelledSlider(description="Hold (s)", unit_words="seconds")
    slider.configure(10.4, 60.7, 75)
    assert (slider.min, slider.max, slider.value) == (11, 60, 60)
    slider.value = -3
    assert slider.value == 11


# ---------------------------------------------------------------------------------------------
# The chart


def test_the_charts_description_is_collapsed_under_it(two):
    assert two.chart_alt.value.startswith("<details")
    assert "<summary>" in two.chart_alt.value and "Timeline of" in two.chart_alt.value


def test_chart_is_drawn_and_redrawn_on_change(two, fake_charts):
    first = two.chart_svg
    assert first.startswith(b"<svg") and len(fake_charts) == 1
    two.hold.value = 40
    assert two.chart_svg != first and len(fake_charts) == 2
    assert fake_charts[-1] == compile_timeline(two.routine, two.catalog)
    assert "Timeline of" in two.chart_alt.value


def test_chart_is_not_redrawn_when_nothing_changed(two, fake_charts):
    two.entries.value = 1
    two.entries.value = 0
    two.hold.value = two.hold.value
    two.name.value = two.routine.name
    two.up_button.click()  # the first entry cannot move up
    assert len(fake_charts) == 1


def test_the_real_timeline_chart_is_shown_as_svg(catalog):
    builder = routine_builder(Routine.of("kneeling-lunge", "glute-bridge"), catalog=catalog)
    first = builder.chart_svg
    assert b"<svg" in first[:500] and "data:image/svg+xml;base64," in builder.chart.value
    builder.reps.value = 4
    assert b"<svg" in builder.chart_svg[:500] and builder.chart_svg != first


def test_a_chart_that_fails_leaves_the_builder_working(catalog, monkeypatch):
    module = types.ModuleType("psoas_lesson.charts.svg_timeline")

    def broken(timeline):
        raise RuntimeError("no fonts\nat all")

    module.timeline_svg = broken
    module.alt_text = lambda timeline: ""
    monkeypatch.setitem(sys.modules, "psoas_lesson.charts.svg_timeline", module)
    builder = routine_builder(Routine.of("kneeling-lunge"), catalog=catalog)
    builder.hold.value = 20
    assert builder.routine.entries[0].hold_s == 20
    assert "could not be drawn: no fonts at all" in text_of(builder.chart_alt.value)


# ---------------------------------------------------------------------------------------------
# Saving and loading


def test_save_then_load_round_trips_the_routine(two, catalog, tmp_path, fake_charts):
    two.hold.value = 45
    two.settings_sliders["between"].value = 20
    two.name.value = "Round trip"
    path = tmp_path / "mine.json"
    two.path.value = str(path)
    two.save_button.click()
    assert "Saved" in text_of(two.message.value)
    assert load_routine(path, catalog.exercises_by_id) == two.routine

    other = routine_builder(catalog=catalog)
    other.path.value = str(path)
    other.load_button.click()
    assert other.routine == two.routine
    assert total_of(other) == total_of(two)
    assert other.name.value == "Round trip" and other.settings_sliders["between"].value == 20
    assert other.hold.value == 45
    assert "Loaded" in text_of(other.message.value)


def test_save_adds_json_to_a_bare_name(two, tmp_path):
    two.path.value = str(tmp_path / "bare")
    two.save_button.click()
    assert (tmp_path / "bare.json").is_file()


BAD_FILES = {
    "bad JSON": "{not json",
    "unknown exercise": json.dumps(
        {
            "format": "psoas-lesson/routine",
            "version": 1,
            "name": "x",
            "entries": [{"exercise": "handstand"}],
        }
    ),
    "hold out of bounds": json.dumps(
        {
            "format": "psoas-lesson/routine",
            "version": 1,
            "name": "x",
            "entries": [{"exercise": "kneeling-lunge", "hold_s": 600}],
        }
    ),
    "wrong format": json.dumps(
        {"format": "something-else", "version": 1, "name": "x", "entries": []}
    ),
    "empty": "",
}


@pytest.mark.parametrize("problem", BAD_FILES)
def test_loading_a_bad_file_shows_one_line_and_changes_nothing(two, tmp_path, problem):
    path = tmp_path / "<i>bad.json"
    path.write_text(BAD_FILES[problem], encoding="utf-8")
    before_bytes, before_routine, before_total = path.read_bytes(), two.routine, total_of(two)
    two.hold.value = 40
    before_routine, before_total = two.routine, total_of(two)
    two.path.value = str(path)
    two.load_button.click()
    message = two.message.value
    assert message and "\n" not in text_of(message)
    assert "<i>bad" not in message and "&lt;i&gt;bad.json" in message
    assert two.routine == before_routine and total_of(two) == before_total
    assert two.hold.value == 40
    assert path.read_bytes() == before_bytes


def test_loading_names_the_unknown_exercise(two, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(BAD_FILES["unknown exercise"], encoding="utf-8")
    two.path.value = str(path)
    two.load_button.click()
    assert "unknown exercise id 'handstand'" in text_of(two.message.value)


def test_loading_a_missing_file_or_no_name_is_a_message(two, tmp_path):
    two.path.value = str(tmp_path / "nowhere.json")
    two.load_button.click()
    assert "no such file" in text_of(two.message.value)
    two.path.value = "   "
    two.load_button.click()
    assert "file name" in text_of(two.message.value)


def test_saving_onto_a_directory_is_a_message_not_an_exception(two, tmp_path):
    (tmp_path / "folder.json").mkdir()
    two.path.value = str(tmp_path / "folder.json")
    two.save_button.click()
    assert two.message.value and "Saved" not in text_of(two.message.value)
    assert (tmp_path / "folder.json").is_dir()


def test_saving_a_failed_write_keeps_the_old_file(two, tmp_path, monkeypatch):
    path = tmp_path / "keep.json"
    save_routine(Routine.of("camel-pose"), path)
    before = path.read_bytes()

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("psoas_lesson.files.os.fsync", full_disk)
    two.path.value = str(path)
    two.save_button.click()
    assert "No space left on device" in text_of(two.message.value)
    assert path.read_bytes() == before


def test_an_empty_routine_is_not_saved(catalog, tmp_path, fake_charts):
    builder = routine_builder(catalog=catalog)
    builder.path.value = str(tmp_path / "empty.json")
    builder.save_button.click()
    assert not (tmp_path / "empty.json").exists()
    assert "at least one exercise" in text_of(builder.message.value)


# ---------------------------------------------------------------------------------------------
# Handout and timer


@pytest.fixture
def drawn_for_real(catalog):
    """A builder with the real charts: the handout draws them."""
    return routine_builder(Routine.of("kneeling-lunge", "glute-bridge"), catalog=catalog)


def test_handout_button_writes_the_handout_next_to_the_routine_file(
    drawn_for_real, tmp_path, monkeypatch
):
    two = drawn_for_real
    calls = []

    def write_handout(routine, path, catalog=None):
        calls.append((routine, path, catalog))
        return real_write_handout(routine, path, catalog)

    monkeypatch.setattr(psoas_lesson.handout, "write_handout", write_handout)
    two.path.value = str(tmp_path / "mine.json")
    two.handout_button.click()
    assert calls == [(two.routine, tmp_path / "mine.html", two.catalog)]
    assert (tmp_path / "mine.html").is_file()


def test_handout_button_shows_a_link_that_opens_the_file(drawn_for_real, tmp_path, monkeypatch):
    two = drawn_for_real
    monkeypatch.chdir(tmp_path)  # the notebook's folder, as in Jupyter
    two.path.value = "mine.json"
    two.handout_button.click()
    (shown,) = two.handout_link.outputs
    page = shown["data"]["text/html"]
    assert 'href="mine.html"' in page and 'target="_blank"' in page
    # the message names the file by its full path: the notebook's folder is not obvious to all
    full = str((tmp_path / "mine.html").resolve())
    assert f"written to {full}:" in shown["data"]["text/plain"] and full in text_of(page)
    assert "PosixPath" not in page + shown["data"]["text/plain"]


def test_a_handout_that_cannot_be_written_is_a_message(two, tmp_path, monkeypatch):
    def write_handout(routine, path, catalog=None):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(psoas_lesson.handout, "write_handout", write_handout)
    two.path.value = str(tmp_path / "mine.json")
    two.handout_button.click()
    assert "Permission denied" in text_of(two.message.value)
    assert two.handout_link.outputs == ()


def test_the_real_handout_is_written(catalog, tmp_path):
    two = routine_builder(Routine.of("kneeling-lunge", "glute-bridge"), catalog=catalog)
    two.path.value = str(tmp_path / "mine.json")
    two.handout_button.click()
    page = (tmp_path / "mine.html").read_text(encoding="utf-8")
    assert "Kneeling lunge stretch" in page
    (shown,) = two.handout_link.outputs
    assert "Handout for “My routine” written" in shown["data"]["text/plain"]


def test_timer_button_shows_a_timer_for_the_routine_below(two, monkeypatch):
    made = []
    module = types.ModuleType("psoas_lesson.widgets.timer")

    def routine_timer(routine, *, catalog=None, **_options):
        made.append((routine, catalog))
        return widgets.VBox()

    module.routine_timer = routine_timer
    monkeypatch.setitem(sys.modules, "psoas_lesson.widgets.timer", module)
    two.hold.value = 20
    two.timer_button.click()
    assert made == [(two.routine, two.catalog)]
    (shown,) = two.timer_area.outputs
    assert (
        shown["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] == two.timer.model_id
    )


def test_the_real_timer_follows_the_routine(catalog):
    two = routine_builder(Routine.of("kneeling-lunge", "glute-bridge"), catalog=catalog)
    try:
        two.timer_button.click()
        assert repr(two.timer).startswith("RoutineTimer(")
        assert clock(compile_timeline(two.routine, two.catalog).total_s) in repr(two.timer)
    finally:
        timer_module.stop_all_timers()


def test_no_timer_or_handout_for_an_empty_routine(catalog, fake_charts):
    builder = routine_builder(catalog=catalog)
    builder.timer_button.click()
    assert builder.timer is None and "at least one exercise" in text_of(builder.message.value)


# ---------------------------------------------------------------------------------------------
# Escaping


@pytest.fixture
def hostile_catalog(data_copy):
    replace_in(data_copy / "exercises.yaml", "name: Kneeling lunge stretch", f'name: "{PAYLOAD}"')
    return load_catalog(base_dir=data_copy)


def html_values(root) -> list[str]:
    found, stack = [], [root]
    while stack:
        widget = stack.pop()
        if isinstance(widget, widgets.HTML):
            found.append(widget.value)
        if isinstance(widget, widgets.Box):
            stack.extend(widget.children)
    return found


def test_builder_escapes_names_from_data_and_the_user(hostile_catalog, fake_charts, tmp_path):
    builder = routine_builder(Routine.of("kneeling-lunge"), catalog=hostile_catalog)
    builder.name.value = PAYLOAD
    builder.path.value = str(tmp_path / "x.json")
    builder.save_button.click()
    shown = html_values(builder)
    assert not any("<script>" in value for value in shown)
    assert any("&lt;script&gt;" in value for value in shown)
    assert PAYLOAD in text_of(builder.entry_title.value)
    assert PAYLOAD in text_of(builder.message.value)


def test_add_stops_at_the_routine_files_limit_so_a_saved_routine_loads_back(catalog, fake_charts):
    from psoas_lesson.routine import MAX_ENTRIES

    builder = routine_builder(Routine.of(*["glute-bridge"] * MAX_ENTRIES), catalog=catalog)
    builder.choice.value = "camel-pose"
    builder.add_button.click()
    assert len(builder.routine.entries) == MAX_ENTRIES
    assert str(MAX_ENTRIES) in builder.message.value


# ---------------------------------------------------------------------------------------------
# A routine of one's own: id and description


def save_as(builder: RoutineBuilder, path) -> None:
    builder.path.value = str(path)
    builder.save_button.click()
    assert "Saved" in text_of(builder.message.value), builder.message.value


def teachers_dir(tmp_path, *saved):
    """A teacher's data directory holding these saved routine files in its routines/."""
    folder = tmp_path / "teacher"
    (folder / "routines").mkdir(parents=True, exist_ok=True)
    for path in saved:
        (folder / "routines" / path.name).write_bytes(path.read_bytes())
    return folder


def test_an_unchanged_ready_routine_is_saved_as_itself(catalog, fake_charts, tmp_path):
    builder = routine_builder("daily-short", catalog=catalog)
    assert builder.path.value == "daily-short.json"
    save_as(builder, tmp_path / "copy.json")
    assert load_routine(tmp_path / "copy.json", catalog.exercises_by_id) == catalog.routine(
        "daily-short"
    )
    message = text_of(builder.message.value)
    assert "the ready routine daily-short, unchanged" in message
    assert str((tmp_path / "copy.json").resolve()) in message


def test_a_renamed_ready_routine_gets_its_own_id_and_joins_a_data_dir(
    catalog, fake_charts, tmp_path
):
    ready = catalog.routine("daily-short")
    builder = routine_builder("daily-short", catalog=catalog)
    builder.name.value = "Evening hips"
    mine = builder.routine
    assert (mine.id, mine.name) == ("evening-hips", "Evening hips")
    assert mine.description != ready.description and "Short daily routine" in mine.description
    assert builder.about.value == mine.description  # shown where the learner can change it
    assert builder.path.value == "evening-hips.json"
    save_as(builder, tmp_path / builder.path.value)
    assert "id evening-hips" in text_of(builder.message.value)

    teacher = load_catalog(teachers_dir(tmp_path, tmp_path / "evening-hips.json"))
    assert teacher.routine("evening-hips") == mine
    assert teacher.routine("daily-short") == ready  # the lesson's own, untouched


def test_an_edited_ready_routine_keeps_neither_the_id_nor_the_description(
    catalog, fake_charts, tmp_path
):
    """Changed but not renamed, it is no longer the ready routine: a handout of it must not print
    the ready routine's description, nor may it take the ready routine's place by id."""
    ready = catalog.routine("daily-short")
    builder = routine_builder("daily-short", catalog=catalog)
    builder.entries.value = 1
    builder.reps.value = 12
    mine = builder.routine
    assert mine.name == "Short daily routine (my version)"
    assert mine.id == "short-daily-routine-my-version"
    assert (
        mine.description
        == "Changed from the ready routine “Short daily routine” in the routine builder."
    )
    save_as(builder, tmp_path / "mine.json")
    builder.handout_button.click()
    page = (tmp_path / "mine.html").read_text(encoding="utf-8")
    assert ready.description not in html.unescape(page) and "my version" in page
    teacher = load_catalog(teachers_dir(tmp_path, tmp_path / "mine.json"))
    assert teacher.routine(mine.id) == mine


def test_the_id_never_takes_a_ready_routines(catalog, fake_charts, data_copy, tmp_path):
    builder = routine_builder(Routine.of("camel-pose"), catalog=catalog)
    builder.name.value = "Daily short"
    assert builder.routine.id == "daily-short-2"
    builder.name.value = "Class warmup"
    assert builder.routine.id == "class-warmup-2"
    # a teacher's routine is a ready one too
    saved = tmp_path / "evening-hips.json"
    save_routine(replace_id(Routine.of("camel-pose", name="Evening hips"), "evening-hips"), saved)
    with_teacher = load_catalog(teachers_dir(tmp_path, saved))
    other = routine_builder(Routine.of("glute-bridge"), catalog=with_teacher)
    other.name.value = "Evening  hips"
    assert other.routine.id == "evening-hips-2"
    save_as(other, tmp_path / "second.json")
    both = load_catalog(teachers_dir(tmp_path, saved, tmp_path / "second.json"))
    assert {r.id for r in both.routines} >= {"evening-hips", "evening-hips-2", "daily-short"}


def replace_id(routine: Routine, new_id: str) -> Routine:
    from dataclasses import replace

    return replace(routine, id=new_id)


def test_a_routine_from_scratch_gets_an_id_from_its_name(catalog, fake_charts, tmp_path):
    builder = routine_builder(catalog=catalog)
    assert builder.routine.id == "my-routine"
    builder.choice.value = "camel-pose"
    builder.add_button.click()
    builder.name.value = "Desk break"
    assert builder.routine.id == "desk-break"
    save_as(builder, tmp_path / "desk-break.json")
    teacher = load_catalog(teachers_dir(tmp_path, tmp_path / "desk-break.json"))
    assert teacher.routine("desk-break") == builder.routine


def test_a_loaded_routine_keeps_its_id_until_it_is_renamed(catalog, fake_charts, tmp_path):
    path = tmp_path / "eh.json"
    save_routine(replace_id(Routine.of("camel-pose", name="Evening hips"), "eh"), path)
    builder = routine_builder(path, catalog=catalog)
    builder.hold.value = 20
    assert builder.routine.id == "eh"
    builder.name.value = "Morning hips"
    assert builder.routine.id == "morning-hips"


def test_a_file_claiming_a_ready_routines_id_is_given_its_own_on_load(
    catalog, fake_charts, tmp_path
):
    """A routine saved by an earlier builder: the ready routine's id and description, changed
    doses. Loaded, it stops claiming them, so a handout or a data directory gets it right."""
    ready = catalog.routine("daily-short")
    stale = ready.with_entry(1, reps=12)
    path = tmp_path / "old.json"
    save_routine(stale, path)
    builder = routine_builder(catalog=catalog)
    builder.path.value = str(path)
    builder.load_button.click()
    assert builder.routine.entries == stale.entries
    assert builder.routine.id == "short-daily-routine-my-version"
    assert builder.routine.description != ready.description


def test_the_description_round_trips_through_a_file(catalog, fake_charts, tmp_path):
    builder = routine_builder(Routine.of("kneeling-lunge"), catalog=catalog)
    builder.about.value = "  For after cycling:\n hips   first. "
    assert builder.routine.description == "For after cycling: hips first."
    assert builder.about.value == "  For after cycling:\n hips   first. "  # as typed
    save_as(builder, tmp_path / "r.json")
    again = routine_builder(tmp_path / "r.json", catalog=catalog)
    assert again.routine == builder.routine
    assert again.about.value == "For after cycling: hips first."
    builder.about.value = ""
    assert builder.routine.description == ""


def test_a_description_written_on_a_ready_routine_is_kept(catalog, fake_charts):
    builder = routine_builder("class-warmup", catalog=catalog)
    builder.about.value = "Before netball practice."
    assert builder.routine.description == "Before netball practice."
    assert builder.routine.name == "Class warm-up (my version)"
    assert builder.routine.id == "class-warm-up-my-version"


def test_a_description_is_escaped_wherever_it_is_shown(catalog, fake_charts, tmp_path):
    from psoas_lesson.classroom import STYLESHEET, class_view
    from psoas_lesson.displays import routine_summary
    from psoas_lesson.widgets.timer import no_figures, stop_all_timers

    from .helpers import assert_html_safe
    from .helpers import html_values as every_html

    builder = routine_builder(Routine.of("kneeling-lunge"), catalog=catalog)
    builder.about.value = PAYLOAD
    save_as(builder, tmp_path / "r.json")
    assert_html_safe(every_html(builder), builder.routine.name, must_show=False)
    builder.handout_button.click()
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert_html_safe([routine_summary(tmp_path / "r.json", catalog).html], PAYLOAD)
    try:
        view = class_view(tmp_path / "r.json", catalog, figures=no_figures)
        # The view's own stylesheet is a <style> the view ships (classroom.css), not data.
        own = f"<style>{STYLESHEET.read_text(encoding='utf-8')}</style>"
        assert_html_safe([v for v in every_html(view) if v != own], PAYLOAD)
    finally:
        stop_all_timers()


# ---------------------------------------------------------------------------------------------
# Opening a routine file by its path


@pytest.mark.parametrize("as_text", [True, False], ids=["str", "Path"])
def test_the_builder_opens_a_routine_file_by_path(catalog, fake_charts, tmp_path, as_text):
    path = tmp_path / "evening-hips.json"
    routine = replace_id(Routine.of("camel-pose", "sphinx-pose", name="Evening hips"), "eh")
    save_routine(routine, path)
    builder = routine_builder(str(path) if as_text else path, catalog=catalog)
    assert builder.routine == routine
    assert builder.path.value == str(path)  # Save writes back to the file it came from
    builder.hold.value = 40
    builder.save_button.click()
    assert load_routine(path, catalog.exercises_by_id) == builder.routine


def test_the_builder_opens_a_bare_file_name_in_the_working_folder(
    catalog, fake_charts, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    save_routine(Routine.of("camel-pose", name="Evening hips"), tmp_path / "evening-hips.json")
    assert routine_builder("evening-hips.json", catalog=catalog).routine.name == "Evening hips"


def test_the_builder_and_the_timer_take_the_same_routine_references(catalog, tmp_path):
    """One resolver: whatever the timer accepts, the builder accepts, and says the same."""
    path = tmp_path / "r.json"
    save_routine(Routine.of("camel-pose", name="R"), path)
    for reference in ("daily-short", str(path), path):
        assert routine_builder(reference, catalog=catalog).timeline == compile_timeline(
            catalog.resolve_routine(reference), catalog
        )
    for bad in ("no-such", str(tmp_path / "missing.json"), 42):
        with pytest.raises(DataError) as builder_error:
            routine_builder(bad, catalog=catalog)
        with pytest.raises(DataError) as timer_error:
            timer_module.routine_timer(bad, catalog=catalog, log=False)
        assert str(builder_error.value) == str(timer_error.value)


# ---------------------------------------------------------------------------------------------
# Load asks before discarding unsaved changes


@pytest.fixture
def saved_elsewhere(tmp_path):
    path = tmp_path / "other.json"
    save_routine(Routine.of("camel-pose", name="Other"), path)
    return path


def asking(builder: RoutineBuilder) -> bool:
    return builder.confirm.layout.display != "none"


def test_load_with_unsaved_changes_asks_and_cancel_keeps_them(two, saved_elsewhere):
    assert not asking(two)
    two.hold.value = 45
    changed = two.routine
    two.path.value = str(saved_elsewhere)
    two.load_button.click()
    assert asking(two)
    question = text_of(two.discard_question.value)
    assert "Discard your unsaved changes to “My routine”" in question
    assert str(saved_elsewhere.resolve()) in question
    assert two.routine == changed  # nothing lost yet
    two.cancel_button.click()
    assert not asking(two) and two.routine == changed and two.hold.value == 45
    assert "Kept your changes" in text_of(two.message.value)


def test_load_with_unsaved_changes_loads_once_the_learner_discards_them(two, saved_elsewhere):
    two.hold.value = 45
    two.path.value = str(saved_elsewhere)
    two.load_button.click()
    two.discard_button.click()
    assert not asking(two) and two.routine.name == "Other"
    assert f"from {saved_elsewhere.resolve()}" in text_of(two.message.value)
    two.load_button.click()  # nothing changed since: no question
    assert not asking(two)


def test_load_does_not_ask_when_everything_is_saved(two, saved_elsewhere, tmp_path):
    two.hold.value = 45
    two.path.value = str(tmp_path / "mine.json")
    two.save_button.click()
    two.path.value = str(saved_elsewhere)
    two.load_button.click()
    assert not asking(two) and two.routine.name == "Other"


def test_a_file_that_cannot_be_loaded_says_so_before_asking(two, tmp_path):
    two.hold.value = 45
    two.path.value = str(tmp_path / "missing.json")
    two.load_button.click()
    assert not asking(two) and "no such file" in text_of(two.message.value)


def test_the_question_escapes_the_routine_name(two, saved_elsewhere):
    two.name.value = PAYLOAD
    two.path.value = str(saved_elsewhere)
    two.load_button.click()
    assert "<script>" not in two.discard_question.value
    assert PAYLOAD in text_of(two.discard_question.value)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(max_size=140))
def test_any_name_typed_gives_a_valid_id_no_ready_routine_has(catalog, fake_charts, name):
    builder = routine_builder("daily-short", catalog=catalog)
    builder.name.value = name
    routine = builder.routine
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", routine.id) and len(routine.id) <= 60
    assert routine.id not in {ready.id for ready in catalog.routines}
    assert builder.path.value == f"{routine.id}.json"


def test_save_never_writes_into_the_lessons_own_data_folder(catalog, fake_charts):
    from psoas_lesson.paths import data_dir

    ready = data_dir() / "routines" / "daily-short.json"
    before = ready.read_bytes()
    builder = routine_builder(ready, catalog=catalog)  # Save would write back here
    builder.entries.value = 1
    builder.reps.value = 12
    builder.save_button.click()
    assert "lesson's own data folder" in text_of(builder.message.value)
    assert ready.read_bytes() == before
