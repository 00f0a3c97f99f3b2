"""Pose data: every exercise drawn, checked against the body's ranges, and what each pose does
to the psoas (the numbers behind the chart in notebook 03)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_lesson import body
from psoas_lesson.catalog import load_catalog, validate_path
from psoas_lesson.charts.psoas_length import psoas_alt_text, psoas_length_chart, psoas_rows
from psoas_lesson.displays import psoas_length_groups
from psoas_lesson.errors import DataError
from psoas_lesson.paths import data_dir, schema_dir
from psoas_lesson.poses import Group, Limbs, Motion, build, hip_words, placed

from .helpers import EXERCISE_COUNT

CORPUS = Path(__file__).with_name("bad_inputs")


def key_hip(catalog, exercise_id: str) -> float:
    return catalog.poses.for_exercise(exercise_id).key_position.hip_deg


def test_every_exercise_has_its_positions_drawn(catalog):
    assert {p.exercise for p in catalog.poses.sets} == set(catalog.exercises_by_id)
    for pose_set in catalog.poses.sets:
        assert [p.id for p in pose_set.positions] == list(pose_set.motion.positions)
        for position in pose_set.positions:
            assert position.description.endswith(".")
            assert position.description.count(". ") == 0, "one sentence"
        assert "article" in pose_set.source


def test_holds_show_the_held_position_and_moves_both_ends(catalog):
    moves = {p.exercise for p in catalog.poses.sets if p.motion is Motion.MOVES}
    assert moves == {
        "glute-bridge",
        "straight-leg-raise",
        "knee-to-chest",
        "frankensteins",
        "mountain-climbers",
    }
    assert Motion.HOLD.frames == ("held",) and Motion.MOVES.frames == ("start", "end")


def test_the_lunge_and_camel_extend_the_hip_and_lengthen_the_psoas(catalog):
    for exercise_id in ("kneeling-lunge", "camel-pose", "side-lying-psoas-stretch"):
        hip = key_hip(catalog, exercise_id)
        assert -30 <= hip <= -10, exercise_id  # in extension, inside what hips can do
        assert catalog.poses.group_of(hip) is Group.LENGTHENED


def test_the_strength_moves_flex_the_hip_and_shorten_the_psoas(catalog):
    assert key_hip(catalog, "mountain-climbers") > 60
    assert key_hip(catalog, "straight-leg-raise") > 30
    assert abs(catalog.poses.for_exercise("straight-leg-raise").position("start").hip_deg) <= 5
    for exercise_id in ("mountain-climbers", "straight-leg-raise", "frankensteins"):
        assert catalog.poses.group_of(key_hip(catalog, exercise_id)) is Group.SHORTENED


def test_knee_to_chest_lengthens_the_straight_legs_psoas_as_the_pelvis_rolls_back(catalog):
    # Kendall's one-joint hip-flexor stretch: hugging one knee tilts the pelvis back, which
    # extends the straight leg's hip relative to the pelvis. The figure draws and groups that
    # psoas; its extension (10° or more) lies well past the neutral band's lower end (-5°).
    pose_set = catalog.poses.for_exercise("knee-to-chest")
    end = pose_set.position("end")
    assert pose_set.psoas.value == "far" and end.psoas.value == "far"
    assert end.angles.pelvis < 0  # rolled back
    assert end.hip_deg == end.angles.far.hip <= -10
    assert end.angles.near.hip > 90  # the hugged knee
    assert catalog.poses.group_of(end.hip_deg) is Group.LENGTHENED
    rows = {name: group for group, name, _hip in psoas_rows(catalog)}
    assert rows[catalog.exercise("knee-to-chest").name] is Group.LENGTHENED


def test_the_bridge_and_the_prone_quadriceps_stretch_leave_the_hip_about_neutral(catalog):
    for exercise_id in ("glute-bridge", "prone-quadriceps-stretch"):
        assert catalog.poses.group_of(key_hip(catalog, exercise_id)) is Group.NEUTRAL
    # the prone stretch bends the knee a lot: that is not what lengthens the psoas
    held = catalog.poses.for_exercise("prone-quadriceps-stretch").position("held")
    assert held.angles.near.knee >= 100


def test_the_prone_quadriceps_stretch_draws_the_heel_towards_the_buttock_not_past_it(catalog):
    # a comfortable bend: the shin about vertical or a little past it, not folded towards the
    # head with the foot over the low back; the hand holds the top of the foot
    held = catalog.poses.for_exercise("prone-quadriceps-stretch").position("held")
    figure = placed(held)
    past_vertical = 90.0 - figure.directions["near.shank"] % 360  # towards the head (+x)
    assert 0 <= past_vertical <= 25
    assert held.angles.near.knee <= 120
    # the foot stays behind the hip, over the thigh, not over the low back
    assert figure.point("near.ankle")[0] < figure.point("hip")[0]
    assert dict(held.hands)[Limbs.NEAR].value == "near-top-of-foot"


def test_a_massage_shows_where_the_pressure_lands_as_the_corrected_lesson_says(catalog):
    front = catalog.poses.for_exercise("supine-psoas-massage").position("held").pressure
    assert front.at.value == "inside-front-hip-bone" and front.tool.value == "fingers"
    assert front.muscle.value == "iliacus"
    assert "iliacus" in front.reaches and "2 to 3 cm" in front.reaches
    assert "deeper" in front.reaches and "pulse" in front.reaches
    side = catalog.poses.for_exercise("side-lying-psoas-massage").position("held").pressure
    assert side.at.value == "lower-back" and side.muscle.value == "quadratus-lumborum"
    assert "quadratus lumborum" in side.reaches and "not the psoas" in side.reaches
    roller = catalog.poses.for_exercise("foam-rolling").position("held")
    assert roller.roller_under is not None and "does not reach the belly of the psoas" in (
        roller.pressure.reaches
    )
    # Not "cannot reach anything": below the groin it lies over the tendon and the vessels.
    assert "iliopsoas tendon" in roller.pressure.reaches
    assert "femoral artery" in roller.pressure.reaches and "outside of any pulse" in (
        roller.pressure.reaches
    )
    assert roller.pressure.muscle.value == "front-of-thigh"


def test_groups_explain_each_group_with_a_source(catalog):
    groups = {g.id: g for g in catalog.poses.groups}
    assert set(groups) == set(Group)
    assert "knee" in groups[Group.NEUTRAL].text and "one-joint" in groups[Group.NEUTRAL].text
    assert "strength" in groups[Group.SHORTENED].text
    assert all(g.source for g in groups.values())
    low, high = catalog.poses.neutral_band
    assert catalog.poses.group_of(low) is Group.LENGTHENED
    assert catalog.poses.group_of(high) is Group.SHORTENED
    assert catalog.poses.group_of(0) is Group.NEUTRAL


def test_the_schema_names_exactly_the_body_models_contacts_and_landmarks():
    schema = json.loads((schema_dir() / "poses.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["contact"]["enum"] == list(body.CONTACTS)
    assert schema["$defs"]["landmark"]["enum"] == list(body.REACH_POINTS)
    limbs = schema["$defs"]["limbs"]["properties"]
    assert list(limbs) == list(body.LIMB_JOINTS)


def test_hip_words():
    assert hip_words(-15) == "about 15° of hip extension"
    assert hip_words(86.4) == "about 86° of hip flexion"
    assert hip_words(0.2) == "the hip straight (0°)"


# ---------------------------------------------------------------------------------------------
# Checking pose data


def _document(data_dir: Path) -> dict:
    return yaml.safe_load((data_dir / "poses.yaml").read_text(encoding="utf-8"))


def _write(data_dir: Path, document: dict) -> None:
    (data_dir / "poses.yaml").write_text(yaml.safe_dump(document, sort_keys=False), "utf-8")


def _position(document: dict, exercise: str, position: str) -> dict:
    entry = next(p for p in document["poses"] if p["exercise"] == exercise)
    return entry["positions"][position]


@settings(max_examples=25, deadline=None)
@given(extension=st.integers(31, 179))
def test_any_hip_extended_past_thirty_degrees_is_refused_naming_the_field(
    extension, tmp_path_factory
):
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(data_dir(), data, dirs_exist_ok=True)
    document = _document(data)
    _position(document, "kneeling-lunge", "held")["near"]["hip"] = -extension
    _write(data, document)
    with pytest.raises(DataError) as info:
        load_catalog(base_dir=data)
    error = info.value
    assert (error.item, error.field) == ("kneeling-lunge", "positions.held.near.hip")
    assert error.file.endswith("poses.yaml") and "\n" not in str(error)


def test_a_change_that_lifts_a_contact_off_the_floor_is_refused(data_copy):
    document = _document(data_copy)
    _position(document, "glute-bridge", "end")["near"]["knee"] = 20  # feet off the floor
    _write(data_copy, document)
    with pytest.raises(DataError) as info:
        load_catalog(base_dir=data_copy)
    assert info.value.field == "positions.end.floor"
    assert "does not touch the floor" in str(info.value)


def test_a_mountain_climbers_driven_foot_left_near_the_floor_is_refused(data_copy):
    # the old drawing: the knee under the hips, its foot hovering just off the floor (a
    # sprinter's start, not a knee driven towards the chest)
    document = _document(data_copy)
    _position(document, "mountain-climbers", "end")["near"].update(hip=100, knee=125, ankle=-20)
    error = _refused(data_copy, document)
    assert (error.item, error.field) == ("mountain-climbers", "positions.end.floor")
    assert "near-foot is not on the floor in the list" in str(error)


def test_the_mountain_climbers_knee_drives_forward_with_its_foot_clear_of_the_floor(catalog):
    pose_set = catalog.poses.for_exercise("mountain-climbers")
    start, end = (placed(pose_set.position(p)) for p in ("start", "end"))
    assert body.foot_height(end, "near") >= body.LIFTED_CLEARANCE
    # the knee comes forward of the hip, towards the hands, and the plank stays as it was
    assert end.point("near.knee")[0] > end.point("hip")[0] + 0.1
    assert end.point("hip")[1] == pytest.approx(start.point("hip")[1], abs=0.01)


def test_every_move_names_which_way_it_goes_and_it_moves(catalog):
    for pose_set in catalog.poses.sets:
        if pose_set.motion is Motion.MOVES:
            assert pose_set.movement is not None, pose_set.exercise


def _refused(data_copy: Path, document: dict) -> DataError:
    _write(data_copy, document)
    with pytest.raises(DataError) as info:
        load_catalog(base_dir=data_copy)
    return info.value


def test_a_move_without_its_direction_is_refused(data_copy):
    document = _document(data_copy)
    del next(p for p in document["poses"] if p["exercise"] == "glute-bridge")["movement"]
    error = _refused(data_copy, document)
    assert (error.item, error.field) == ("glute-bridge", "movement")


def test_a_movement_whose_point_stays_put_is_refused(data_copy):
    document = _document(data_copy)
    entry = next(p for p in document["poses"] if p["exercise"] == "straight-leg-raise")
    entry["movement"]["moving"] = "head"  # the head does not move in a leg raise
    error = _refused(data_copy, document)
    assert error.field == "movement.moving" and "head hardly moves" in str(error)


def test_the_whole_bodys_tilt_in_the_pelvis_field_is_refused_with_a_hint(data_copy):
    document = _document(data_copy)
    _position(document, "sphinx-pose", "start")["pelvis"] = 90  # the old meaning of the field
    error = _refused(data_copy, document)
    assert error.field == "positions.start.pelvis" and "is `body`" in str(error)


def test_a_massage_without_its_pressure_is_refused(data_copy):
    document = _document(data_copy)
    del _position(document, "foam-rolling", "held")["pressure"]
    _write(data_copy, document)
    with pytest.raises(DataError) as info:
        load_catalog(base_dir=data_copy)
    assert (info.value.item, info.value.field) == ("foam-rolling", "positions.held.pressure")


def test_the_built_in_file_must_have_its_groups(data_copy):
    document = _document(data_copy)
    del document["groups"]
    _write(data_copy, document)
    with pytest.raises(DataError, match="groups: is missing"):
        load_catalog(base_dir=data_copy)


def test_build_checks_without_the_exercises_too():
    document = yaml.safe_load((CORPUS / "ok-poses-html.yaml").read_text(encoding="utf-8"))
    poses = build(document, "poses.yaml", None, base=False)
    assert poses.for_exercise("chair-lunge").motion is Motion.HOLD
    assert poses.for_exercise("kneeling-lunge") is None


# ---------------------------------------------------------------------------------------------
# A teacher's own exercise, with and without pose data


def _teacher_dir(tmp_path: Path, with_poses: bool) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(CORPUS / "ok-exercises-chair-lunge.yaml", folder / "exercises.yaml")
    if with_poses:
        shutil.copy(CORPUS / "ok-poses-html.yaml", folder / "poses.yaml")
    return folder


def test_a_teachers_exercise_without_pose_data_loads_and_simply_has_none(tmp_path):
    catalog = load_catalog(_teacher_dir(tmp_path, with_poses=False))
    assert "chair-lunge" in catalog.exercises_by_id
    assert catalog.poses.for_exercise("chair-lunge") is None
    assert len(catalog.poses.sets) == EXERCISE_COUNT


def test_a_teachers_pose_data_is_added_and_validated_alone(tmp_path, catalog, monkeypatch):
    folder = _teacher_dir(tmp_path, with_poses=True)
    mine = load_catalog(folder)
    assert mine.poses.for_exercise("chair-lunge").data_file.endswith("poses.yaml")
    assert mine.poses.groups == catalog.poses.groups
    monkeypatch.chdir(tmp_path)
    message = validate_path(Path("mine", "poses.yaml"), catalog.exercises_by_id, catalog.poses)
    assert message == "mine/poses.yaml: pose data for 1 exercises"


# ---------------------------------------------------------------------------------------------
# The chart and its explanation


def test_the_chart_takes_its_numbers_from_the_pose_data(catalog):
    rows = psoas_rows(catalog)
    assert len(rows) == EXERCISE_COUNT
    assert [g for g, _n, _h in rows] == sorted(
        (g for g, _n, _h in rows), key=[Group.LENGTHENED, Group.NEUTRAL, Group.SHORTENED].index
    )
    for group, name, hip in rows:
        exercise = next(e for e in catalog.exercises if e.name == name)
        assert hip == key_hip(catalog, exercise.id)
        assert catalog.poses.group_of(hip) is group
    chart = psoas_length_chart(catalog)
    assert chart.alt == psoas_alt_text(catalog)
    assert "Kneeling lunge stretch (about 16° of hip extension)" in chart.alt
    assert "Single knee-to-chest stretch (straight leg) (about 14° of hip extension)" in chart.alt
    assert chart.png()[:8] == b"\x89PNG\r\n\x1a\n"
    ax = chart.figure.axes[0]
    assert ax.get_title() and "degrees" in ax.get_xlabel()
    legs = {"Single knee-to-chest stretch": " (straight leg)"}
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        name + legs.get(name, "") for _g, name, _h in rows
    ]


def test_the_explanation_shows_each_group_with_its_exercises(catalog):
    shown = psoas_length_groups(catalog)
    for group in catalog.poses.groups:
        assert group.label in shown.text and group.label in shown.html
    for exercise in catalog.exercises:
        assert exercise.name in shown.text
    assert shown.html.count("<img") == EXERCISE_COUNT
    assert "<svg" not in shown.html  # inline SVG would not survive an untrusted notebook
