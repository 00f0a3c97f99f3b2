"""The drawn figures: every one well formed, escaped, with its text alternative, mirrored for the
left side with its words unmirrored, and the psoas coloured by what the pose does to it."""

from __future__ import annotations

import base64
import math
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas_lesson import figures
from psoas_lesson.body import SEGMENT_LENGTHS
from psoas_lesson.catalog import load_catalog
from psoas_lesson.errors import DataError
from psoas_lesson.figures import (
    ARC_RADIUS,
    SEE_THROUGH,
    UNIT,
    exercise_figures,
    figure_img,
    pose_svg,
    thumbnail_svg,
    timer_frames,
)
from psoas_lesson.theme import COLOURS, INK

from .helpers import EXERCISE_COUNT

SVG = "{http://www.w3.org/2000/svg}"
CORPUS = Path(__file__).with_name("bad_inputs")


def placed_key(catalog, exercise_id):
    return figures.placed(catalog.poses.for_exercise(exercise_id).key_position)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def every_figure(catalog):
    for pose_set in catalog.poses.sets:
        for position in pose_set.positions:
            for side in ("right", "left"):
                yield pose_set, position, side


def test_every_figure_is_well_formed_svg_with_its_text_alternative(catalog):
    count = 0
    for pose_set, position, side in every_figure(catalog):
        svg = pose_svg(pose_set.exercise, position.id, side=side, catalog=catalog)
        root = parse(svg)
        assert root.get("role") == "img"
        assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
        title = root.find(f"{SVG}title").text
        assert title == figures.alt_text(catalog, pose_set, position, side)
        assert position.description in title and "Psoas" in title
        count += 1
    assert count == EXERCISE_COUNT * 2 * 2  # two positions, two sides each


def psoas_fill(colour: str) -> str:
    return f'fill="{colour}" stroke="{INK}" stroke-width="1.8"'


def test_the_psoas_is_drawn_in_the_colour_of_what_the_pose_does_to_it(catalog):
    for pose_set, position, _side in every_figure(catalog):
        svg = pose_svg(pose_set.exercise, position.id, catalog=catalog)
        group = catalog.poses.group_of(position.hip_deg)
        assert psoas_fill(COLOURS[group.value]) in svg
        word = {"lengthened": "lengthened", "neutral": "about neutral", "shortened": "shortened"}
        assert word[group.value] in svg  # the word too, never colour alone


def test_the_psoas_reads_as_inside_the_body_behind_the_limbs_in_front(catalog):
    # drawn after the trunk and the bones, before the see-through near arm (and near leg when
    # the psoas drawn is the far side's), so it never reads as a stripe on an arm
    for pose_set, position, _side in every_figure(catalog):
        svg = pose_svg(pose_set.exercise, position.id, catalog=catalog)
        colour = COLOURS[catalog.poses.group_of(position.hip_deg).value]
        psoas = svg.index(psoas_fill(colour))
        assert svg.index(f'<g opacity="{SEE_THROUGH}">') > psoas
        assert svg.index(f'fill="{figures.FIGURE["bone"]}"') < psoas


def test_the_hip_angle_arc_sits_at_the_hip_not_along_the_thigh():
    assert ARC_RADIUS < 0.35 * SEGMENT_LENGTHS["thigh"]
    svg = pose_svg("kneeling-lunge", "held")
    radius = ARC_RADIUS * UNIT
    assert f"A{radius:.1f},{radius:.1f} 0 0" in svg


def test_every_word_in_a_figure_is_at_least_12_px_on_a_300_px_card(catalog):
    for pose_set, position, side in every_figure(catalog):
        root = parse(pose_svg(pose_set.exercise, position.id, side=side, catalog=catalog))
        width = float(root.get("viewBox").split()[2])
        sizes = [float(t.get("font-size")) for t in root.iter(f"{SVG}text")]
        assert sizes, pose_set.exercise
        assert min(sizes) * 300 / width >= 12, (pose_set.exercise, position.id, width)


def test_a_moves_end_shows_its_start_faintly_behind_it_with_an_arrow(catalog):
    ghost = f'stroke="{figures.FIGURE["ghost_edge"]}"'
    for pose_set in catalog.poses.sets:
        key = pose_set.key_position
        svg = pose_svg(pose_set.exercise, key.id, catalog=catalog)
        start = pose_svg(pose_set.exercise, "start", catalog=catalog)
        assert ghost not in start
        if pose_set.movement is not None:
            assert ghost in svg and "<polygon" in svg, pose_set.exercise
            # the ghost is the start: behind the figure, drawn before the body
            assert svg.index(ghost) < svg.index(f'fill="{figures.FIGURE["near"]}"')
        else:
            assert ghost not in svg, pose_set.exercise


def test_a_massage_names_and_draws_the_muscle_it_reaches_first_the_psoas_second(catalog):
    for exercise_id, muscle in (
        ("supine-psoas-massage", "iliacus"),
        ("side-lying-psoas-massage", "quadratus lumborum"),
        ("foam-rolling", "front of the hip and thigh"),
    ):
        svg = pose_svg(exercise_id, "held", catalog=catalog)
        texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
        headline = next(i for i, t in enumerate(texts) if t.startswith("Reaches:"))
        psoas = next(i for i, t in enumerate(texts) if t.startswith("Psoas"))
        assert headline < psoas and "not reached" in " ".join(texts[psoas : psoas + 2])
        assert muscle.split()[0] in texts[headline]
        # the reached muscle in the massage colour, drawn over the paler psoas
        held = catalog.poses.for_exercise(exercise_id).position("held")
        colour = COLOURS[catalog.poses.group_of(held.hip_deg).value]
        reached = f'fill="{COLOURS["massage"]}" stroke="{INK}"'
        assert svg.index(reached) > svg.index(psoas_fill(colour))


def test_the_left_side_is_drawn_mirrored_and_its_words_read_normally(catalog):
    right = pose_svg("kneeling-lunge", "held", side="right", catalog=catalog)
    left = pose_svg("kneeling-lunge", "held", side="left", catalog=catalog)
    assert right != left
    texts = {side: [t.text for t in parse(svg).iter(f"{SVG}text")] for side, svg in
             (("right", right), ("left", left))}  # fmt: skip
    assert [t.replace("right", "left") for t in texts["right"]] == texts["left"]
    assert "(left side)" in left and "transform" not in left  # words placed, not flipped
    with pytest.raises(ValueError):
        pose_svg("kneeling-lunge", "held", side="both", catalog=catalog)


def test_massage_figures_mark_where_the_pressure_lands(catalog):
    svg = pose_svg("supine-psoas-massage", "held", catalog=catalog)
    words = " ".join(t.text for t in parse(svg).iter(f"{SVG}text"))
    assert COLOURS["massage"] in svg and "iliacus, 2-3 cm inside the hip bone" in words
    # the front view: the bony point, and the pulse to keep away from
    assert "hip bone" in words and "pulse: keep off" in words
    assert figures.FIGURE["pulse"] in svg
    side = pose_svg("side-lying-psoas-massage", "held", catalog=catalog)
    assert "quadratus lumborum" in side and "seen from above" in side


def test_the_front_view_names_each_mark_and_puts_the_pulse_at_the_groin_not_by_the_spot(catalog):
    asis, spot, pulse = figures.ASIS_FRONT, figures.SPOT_FRONT, figures.PULSE_FRONT
    # the pulse at the mid-inguinal point: midway between the bony point and the pubic
    # symphysis, well inside (towards the midline) and below the spot
    symphysis = figures.SYMPHYSIS_FRONT
    midway = ((asis[0] + symphysis[0]) / 2, (asis[1] + symphysis[1]) / 2)
    assert math.dist(pulse, midway) < 6
    assert pulse[0] > spot[0] + 20 and pulse[1] > spot[1] + 20
    assert math.dist(spot, pulse) > 1.5 * math.dist(asis, spot)
    for side in ("right", "left"):
        svg = pose_svg("supine-psoas-massage", "held", side=side, catalog=catalog)
        root = parse(svg)
        words = [t.text for t in root.iter(f"{SVG}text")]
        for key in ("bony point (ASIS)", "press here", "pulse: keep off"):
            assert key in words
        # on a 300 px card the spot and the pulse are apart by more than their own size
        width = float(root.get("viewBox").split()[2])
        layout = figures._inset_layout()
        apart = math.dist(spot, pulse) * layout.scale * 300 / width
        assert apart > 25, apart
        # the pulse is a slashed circle, the spot a target: told apart without colour
        assert svg.count(f'stroke="{figures.FIGURE["pulse"]}" stroke-width="4.5"/>') >= 2


def _crosses(a, b, box) -> bool:
    """Whether the segment a-b passes through the rectangle (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    return any(
        x0 <= a[0] + (b[0] - a[0]) * t / 50 <= x1 and y0 <= a[1] + (b[1] - a[1]) * t / 50 <= y1
        for t in range(51)
    )


def test_the_massage_labels_line_keeps_off_the_front_view(catalog):
    for side in ("right", "left"):
        root = parse(pose_svg("supine-psoas-massage", "held", side=side, catalog=catalog))
        rect = next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "psoas-front-view")
        x, y = float(rect.get("x")), float(rect.get("y"))
        box = (x, y, x + float(rect.get("width")), y + float(rect.get("height")))
        leaders = [
            line
            for line in root.iter(f"{SVG}line")
            if line.get("stroke") == COLOURS["massage"] and line.get("stroke-width") == "3.5"
        ]
        assert leaders
        for line in leaders:
            a = (float(line.get("x1")), float(line.get("y1")))
            b = (float(line.get("x2")), float(line.get("y2")))
            assert not _crosses(a, b, box), side


def test_each_side_lying_figure_shows_its_own_pose_in_its_inset_and_names_its_edges(catalog):
    insets = {}
    for exercise_id in ("side-lying-psoas-stretch", "side-lying-psoas-massage"):
        svg = pose_svg(exercise_id, "held", catalog=catalog)
        words = [t.text for t in parse(svg).iter(f"{SVG}text")]
        assert "belly side" in words and "back side" in words and "top leg" in words
        start = svg.index("<g>", svg.index(figures.FIGURE["mat"]))
        insets[exercise_id] = svg[start : svg.index("</g>", start)]
    assert insets["side-lying-psoas-stretch"] != insets["side-lying-psoas-massage"]
    # the stretch's top hand holds the top ankle, drawn solid over it
    stretch = catalog.poses.for_exercise("side-lying-psoas-stretch").position("held")
    assert ("near", "near-ankle") in [(h.value, t.value) for h, t in stretch.hands]


def test_the_hugged_leg_is_solid_and_the_straight_legs_angle_is_explained(catalog):
    svg = pose_svg("knee-to-chest", "end", catalog=catalog)
    assert svg.count(f'<g opacity="{SEE_THROUGH}">') == 1  # only the near arm, not the leg
    words = " ".join(t.text for t in parse(svg).iter(f"{SVG}text"))
    assert "measured from the pelvis, which tilts back" in words
    assert "straight leg" in words
    pose_set = catalog.poses.for_exercise("knee-to-chest")
    assert "which tilts back" in figures.alt_text(catalog, pose_set, pose_set.position("end"))


def test_the_roller_is_a_15_cm_roller_in_front_of_the_body_under_the_hip_crease(catalog):
    assert 0.14 < 2 * figures.ROLLER_RADIUS * 1.7 < 0.16  # metres, for someone 1.7 m tall
    # just below the hip bones, as the steps say, and off the bone, as the cautions say
    for position in catalog.poses.for_exercise("foam-rolling").positions:
        assert position.roller_under.value == "near-top-of-thigh"
    svg = pose_svg("foam-rolling", "held", catalog=catalog)
    roller = svg.index('class="psoas-roller"')
    assert roller > svg.rindex(f'fill="{figures.FIGURE["near"]}"', 0, roller)
    assert f'r="{figures.ROLLER_RADIUS * UNIT:.1f}"' in svg


def _arrow(exercise_id, catalog, side="right"):
    pose_set = catalog.poses.for_exercise(exercise_id)
    scene = figures._scene(pose_set)
    position = pose_set.key_position
    pen = figures._Pen(scene.frame, side == "left", figures.MAT_THICKNESS)
    return scene, position, pen, figures._movement_line(pose_set, scene.figures, position, pen)


def test_the_lunges_arrow_says_hips_forward_level_not_down(catalog):
    for side in ("right", "left"):
        _scene, _position, _pen, line = _arrow("kneeling-lunge", catalog, side)
        (x0, y0), (x1, y1) = line[0], line[-1]
        assert y0 == pytest.approx(y1) and (x1 > x0) == (side == "right")
    words = [t.text for t in parse(pose_svg("kneeling-lunge", "held", catalog=catalog)).iter(
        f"{SVG}text")]  # fmt: skip
    assert "hips forward" in words


def test_no_arrow_lands_on_the_body_or_runs_under_the_floor(catalog):
    for pose_set in catalog.poses.sets:
        if pose_set.movement is None:
            continue
        scene, position, pen, line = _arrow(pose_set.exercise, catalog)
        figure = scene.figures[position.id]
        floor = pen((0.0, 0.0))[1]
        assert max(y for _x, y in line) < floor, pose_set.exercise
        # the arrowhead clear of the body: in camel pose it would hide the face
        assert figures._clearance(figure, pen, line[-1]) > 0, pose_set.exercise


def test_the_camel_reads_as_a_backbend_not_a_forward_bow(catalog):
    # The pose is its arch: hips over the knees, the spine curving back a little more at each
    # level, the shoulders well behind the hips and the hands down at the heels.
    camel = placed_key(catalog, "camel-pose")
    pelvis, lumbar, thorax = (camel.directions[part] for part in ("pelvis", "lumbar", "thorax"))
    assert 90 < pelvis < lumbar < thorax and thorax - pelvis >= 25, (pelvis, lumbar, thorax)
    (hip_x, _), (knee_x, _) = camel.point("hip"), camel.point("near.knee")
    assert hip_x >= knee_x
    assert hip_x - camel.point("shoulder")[0] > 0.1
    fingers, heel = camel.point("near.fingers"), camel.point("near.heel")
    assert fingers[0] < hip_x and math.dist(fingers, heel) < 0.1


def test_the_camel_keeps_the_neck_long_and_frankensteins_shows_both_arms(catalog):
    camel = placed_key(catalog, "camel-pose")
    face = camel.directions["head"] - 90.0  # where the face looks, from the horizontal
    assert 0 < face < 45 and catalog.poses.for_exercise("camel-pose").key_position.angles.neck > 20
    arms = placed_key(catalog, "frankensteins")
    assert math.dist(arms.point("near.fingers"), arms.point("far.fingers")) > 0.03


def test_timer_frames_one_for_a_hold_both_ends_for_a_move_mirrored_on_the_left(catalog):
    hold = timer_frames("kneeling-lunge", "right", catalog)
    assert len(hold) == 1 and set(hold[0]) == {"svg", "alt", "position", "label", "caption"}
    assert "hold" in hold[0]["alt"] and "right side" in hold[0]["alt"]
    assert (hold[0]["position"], hold[0]["label"]) == ("held", "Hold")
    assert hold[0]["caption"] == "Psoas (right side): lengthened"
    move = timer_frames("glute-bridge", "both", catalog)
    assert [f["alt"].split(":")[0] for f in move] == [
        "Glute bridge, start",
        "Glute bridge, end of the move",
    ]
    assert [f["label"] for f in move] == ["Start", "End"]
    massage = timer_frames("supine-psoas-massage", "left", catalog)[0]
    assert massage["caption"].startswith("Reaches the iliacus; psoas (left side)")
    hug = timer_frames("knee-to-chest", "right", catalog)
    assert hug[1]["caption"] == "Psoas (left side): lengthened"  # the straight leg's
    left = timer_frames("kneeling-lunge", "left", catalog)
    assert left[0]["svg"] != hold[0]["svg"] and "left side" in left[0]["alt"]
    assert timer_frames("kneeling-lunge", None, catalog) == hold
    assert timer_frames("kneeling-lunge", "both", catalog) == hold
    for frame in hold + move + left + hug:
        root = parse(frame["svg"])
        assert root.get("width") is None  # scales to the timer's panel
        assert root.find(f"{SVG}rect").get("rx")  # its own light rounded background


def test_the_timers_figures_and_the_thumbnails_have_no_text_inside(catalog):
    # on a phone or in a notebook the timer's figure is small: its words go beside it as data
    for pose_set in catalog.poses.sets:
        for side in ("right", "left"):
            for frame in timer_frames(pose_set.exercise, side, catalog):
                assert list(parse(frame["svg"]).iter(f"{SVG}text")) == []
        assert list(parse(thumbnail_svg(pose_set.exercise, catalog)).iter(f"{SVG}text")) == []


def test_figures_show_the_start_before_the_hold_or_the_end(catalog):
    shown = exercise_figures("camel-pose", catalog)
    assert [f.position for f in shown.figures] == ["start", "held"]
    assert shown.figures[1].caption.startswith("Hold: ")
    assert shown.html.count("<figure") == 2 and shown.html.count("<img") == 2
    assert "<svg" not in shown.html  # as <img>, which survives an untrusted notebook
    move = exercise_figures("mountain-climbers", catalog)
    assert [f.position for f in move.figures] == ["start", "end"]


def test_figure_img_carries_the_svg_and_its_alt_text():
    img = figure_img('<svg xmlns="http://www.w3.org/2000/svg"/>', 'a "quoted" <alt>')
    assert 'alt="a &quot;quoted&quot; &lt;alt&gt;"' in img
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', img).group(1)
    assert base64.b64decode(data).startswith(b"<svg")


def test_a_teachers_exercise_without_pose_data_gets_no_figure(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(CORPUS / "ok-exercises-chair-lunge.yaml", folder / "exercises.yaml")
    catalog = load_catalog(folder)
    assert timer_frames("chair-lunge", "right", catalog) == []
    assert exercise_figures("chair-lunge", catalog) is None
    with pytest.raises(DataError, match="chair-lunge: has no pose data"):
        pose_svg("chair-lunge", "held", catalog=catalog)
    with pytest.raises(DataError, match="unknown position 'middle'"):
        pose_svg("kneeling-lunge", "middle", catalog=catalog)


def test_a_hostile_description_comes_out_as_text(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(CORPUS / "ok-exercises-chair-lunge.yaml", folder / "exercises.yaml")
    shutil.copy(CORPUS / "ok-poses-html.yaml", folder / "poses.yaml")
    catalog = load_catalog(folder)
    for side in ("right", "left"):
        svg = pose_svg("chair-lunge", "held", side=side, catalog=catalog)
        root = parse(svg)
        assert "<script>alert(1)</script>" in root.find(f"{SVG}title").text
        assert "<script" not in svg and "<img" not in svg


ATTACKS = ["<script>alert(1)</script>", '"><svg onload=alert(1)>', "&amp; & <b>", "]]>"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    payload=st.builds(
        lambda a, b: a + b, st.sampled_from(ATTACKS), st.text(max_size=12).filter(str.isprintable)
    )
)
def test_every_data_string_in_a_figure_is_escaped(payload):
    from dataclasses import replace

    catalog = load_catalog()
    poses = catalog.poses
    sets = []
    for pose_set in poses.sets:
        positions = []
        for position in pose_set.positions:
            pressure = position.pressure and replace(
                position.pressure, label=payload, reaches=payload
            )
            positions.append(replace(position, description=payload, pressure=pressure))
        movement = pose_set.movement and replace(pose_set.movement, words=payload)
        marker = pose_set.leg_marker and replace(pose_set.leg_marker, words=payload)
        sets.append(
            replace(pose_set, positions=tuple(positions), movement=movement, leg_marker=marker)
        )
    groups = tuple(replace(g, label=payload) for g in poses.groups)
    poisoned = replace(catalog, poses=replace(poses, sets=tuple(sets), groups=groups))
    for pose_set in poisoned.poses.sets:
        for position in pose_set.positions:
            svg = pose_svg(pose_set.exercise, position.id, catalog=poisoned)
            root = parse(svg)  # escaped, or it would not parse
            assert payload in root.find(f"{SVG}title").text
            assert "<script" not in svg


@pytest.mark.parametrize("dx,dy", [(-120, 40), (150, 10), (0, 90), (60, -80)])
def test_a_leg_markers_pointer_stops_at_its_words_not_between_them(catalog, dx, dy):
    # drawn to the words' centre, the pointer showed through the gap between them ("back·leg")
    pose_set = catalog.poses.for_exercise("kneeling-lunge")
    x, y = 300.0, 200.0
    spot = figures._MarkerSpot(x, y, x + dx, y + dy, 10.0)
    line = next(e for e in figures._leg_marker(pose_set, spot) if e.startswith("<line"))
    x2, y2 = (float(re.search(rf'{a}="([-\d.]+)"', line)[1]) for a in ("x2", "y2"))
    half_w, half_h = figures._text_box(pose_set.leg_marker.words)
    centre_y = y - figures.LINE_2 * 0.35
    outside = abs(x2 - x) >= half_w - 0.1 or abs(y2 - centre_y) >= half_h - 0.1
    assert outside and math.dist((x2, y2), (x + dx, y + dy)) < math.hypot(dx, dy)


def test_every_leg_marker_is_drawn_on_both_sides_at_its_key_position(catalog):
    marked = [p for p in catalog.poses.sets if p.leg_marker is not None]
    assert {p.exercise for p in marked} >= {"kneeling-lunge", "knee-to-chest"}
    for pose_set in marked:
        for side in ("right", "left"):
            svg = pose_svg(pose_set.exercise, pose_set.key_position.id, side=side, catalog=catalog)
            words = [t.text for t in parse(svg).iter(f"{SVG}text")]
            assert pose_set.leg_marker.words in words, (pose_set.exercise, side)
