"""The builder's SVG timeline: what the matplotlib timeline shows, as markup, escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_lesson import Routine, compile_timeline
from psoas_lesson.charts.svg_timeline import alt_text, tick_step, timeline_lanes, timeline_svg
from psoas_lesson.describe import clock
from psoas_lesson.timeline import WORK

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize("routine_id", ["article-full", "daily-short", "class-warmup"])
def test_one_lane_per_exercise_and_the_total_in_the_title(catalog, routine_id):
    routine = catalog.routine(routine_id)
    timeline = compile_timeline(routine, catalog)
    root = _parse(timeline_svg(timeline))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert f"{routine.name}: {clock(timeline.total_s)} in all" in texts
    lanes = timeline_lanes(timeline)
    assert len(lanes) == len(routine.entries)
    assert [label for label, _ in lanes][0].startswith("1. ")
    segments = [r for r in root.iter(f"{SVG}rect") if r.get("height") in ("22", "36")]
    assert len(segments) == len(timeline.segments)


def test_a_long_exercise_name_is_wrapped_whole_not_cut(catalog):
    routine = Routine.of("supine-psoas-massage", "kneeling-lunge", name="Long names")
    root = _parse(timeline_svg(compile_timeline(routine, catalog)))
    first_word = catalog.exercise("supine-psoas-massage").name.split()[0]
    label = next(
        t for t in root.iter(f"{SVG}text") if "".join(t.itertext()).startswith(f"1. {first_word}")
    )
    words = " ".join(s.text for s in label.iter(f"{SVG}tspan"))
    assert words == "1. " + catalog.exercise("supine-psoas-massage").name
    assert "…" not in words


def test_every_segment_lands_in_a_lane_and_the_lanes_cover_the_timeline(catalog):
    timeline = compile_timeline(catalog.routine("article-full"), catalog)
    spans = [span for _, lane in timeline_lanes(timeline) for span in lane]
    assert sorted(start for start, _, _ in spans) == list(timeline.starts_s)
    assert sum(duration for _, duration, _ in spans) == pytest.approx(timeline.total_s)


def test_kinds_differ_by_pattern_as_well_as_colour(catalog):
    svg = timeline_svg(compile_timeline(catalog.routine("daily-short"), catalog))
    assert svg.count("<pattern ") == 3  # rest, switch, get ready; work is plain
    assert 'fill="url(#p-rest)"' in svg and 'fill="url(#p-switch)"' in svg


@settings(max_examples=60, deadline=None)
@given(name=st.text(min_size=1, max_size=40))
def test_names_are_escaped_and_the_svg_stays_well_formed(catalog, name):
    routine = Routine.of("kneeling-lunge", "glute-bridge", name=name)
    timeline = compile_timeline(routine, catalog)
    svg = timeline_svg(timeline)
    try:
        root = _parse(svg)
    except ET.ParseError as error:
        # characters XML 1.0 cannot hold at all (control codes) may fail to parse, never markup
        assert any(ord(c) < 32 and c not in "\t\n\r" for c in name), error
        return
    assert not [el for el in root.iter() if el.tag.removeprefix(SVG) in {"script", "foreignObject"}]
    assert "<script" not in svg.lower().replace("&lt;script", "")


def test_alt_text_states_the_total_and_the_exercises(catalog):
    timeline = compile_timeline(Routine.of("sphinx-pose", name="Desk"), catalog)
    text = alt_text(timeline)
    assert text.startswith(f"Timeline of Desk: {clock(timeline.total_s)} (minutes:seconds) in all")
    assert text.endswith("1 exercise in order: 1. Sphinx pose from 0:00.")


def test_the_print_chart_and_the_preview_describe_a_timeline_alike(catalog):
    from psoas_lesson.charts.routine import timeline_chart

    timeline = compile_timeline(catalog.routine("daily-short"), catalog)
    assert timeline_chart(timeline).alt == alt_text(timeline)


def test_the_same_timeline_draws_the_same_svg(catalog):
    timeline = compile_timeline(catalog.routine("class-warmup"), catalog)
    assert timeline_svg(timeline) == timeline_svg(replace(timeline))


@pytest.mark.parametrize(
    "total, step", [(50, 15), (200, 30), (678, 120), (1902, 300), (40000, 3600)]
)
def test_axis_ticks_stay_few(total, step):
    assert tick_step(total) == step


def test_a_routine_without_a_count_in_still_draws(catalog):
    timeline = compile_timeline(Routine.of("glute-bridge", prepare_s=0), catalog)
    assert any(s.kind == WORK for s in timeline.segments)
    assert timeline_svg(timeline).endswith("</svg>")


def test_a_routine_name_with_a_control_character_still_draws(catalog):
    # YAML's "\b" escape puts a backspace in a name; XML forbids it even escaped.
    routine = Routine.of("kneeling-lunge", name="Mine\x08 <b>")
    root = _parse(timeline_svg(compile_timeline(routine, catalog)))
    assert any("Mine <b>" in "".join(t.itertext()) for t in root.iter(f"{SVG}text"))
