"""The body model: proportions, forward kinematics, the floor, mirroring and the psoas's length.

Pure geometry, no kernel: the figures are only as right as these numbers.
"""

from __future__ import annotations

import math
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_lesson import body
from psoas_lesson.body import LANDMARK_HEIGHTS, SEGMENT_LENGTHS, Angles, Limbs

STANDING = body.place_on_floor(body.pose(Angles()))


def close(a: float, b: float, tol: float = 1e-9) -> bool:
    return abs(a - b) <= tol


def test_segment_lengths_are_the_tables_and_add_up_to_its_landmark_heights():
    assert SEGMENT_LENGTHS["thigh"] == 0.245 and SEGMENT_LENGTHS["shank"] == 0.246
    assert SEGMENT_LENGTHS["upper_arm"] == 0.186 and SEGMENT_LENGTHS["forearm"] == 0.146
    legs = SEGMENT_LENGTHS["thigh"] + SEGMENT_LENGTHS["shank"] + LANDMARK_HEIGHTS["ankle"]
    assert close(legs, LANDMARK_HEIGHTS["hip"])
    assert close(SEGMENT_LENGTHS["shank"] + LANDMARK_HEIGHTS["ankle"], LANDMARK_HEIGHTS["knee"])
    # Drillis & Contini's arm lengths agree with their own landmark heights to 2 mm in 1.7 m
    arm = LANDMARK_HEIGHTS["shoulder"] - LANDMARK_HEIGHTS["elbow"]
    assert abs(arm - SEGMENT_LENGTHS["upper_arm"]) < 0.003
    forearm = LANDMARK_HEIGHTS["elbow"] - LANDMARK_HEIGHTS["wrist"]
    assert abs(forearm - SEGMENT_LENGTHS["forearm"]) < 0.002
    assert "Winter" in body.PROPORTIONS_SOURCE and "Drillis" in body.PROPORTIONS_SOURCE


def test_a_figure_standing_upright_has_the_tables_heights_and_stands_one_height_tall():
    for name, height in (("hip", 0.530), ("near.knee", 0.285), ("near.ankle", 0.039)):
        assert close(STANDING.point(name)[1], height), name
    assert close(STANDING.point("shoulder")[1], 0.818)
    assert close(STANDING.point("chin")[1], 0.870)
    assert abs(STANDING.point("near.wrist")[1] - LANDMARK_HEIGHTS["wrist"]) < 0.003
    left, bottom, _right, top = STANDING.bounds()
    assert close(bottom, 0.0) and abs(top - 1.0) < 0.005


def test_joint_positions_for_known_angles():
    hip = (0.0, 0.0)
    lifted = body.pose(Angles(near=Limbs(hip=90)))
    knee = lifted.point("near.knee")
    assert close(knee[0], 0.245, 1e-9) and close(knee[1], hip[1], 1e-9)  # thigh straight ahead

    bent = body.pose(Angles(near=Limbs(knee=90)))
    ankle, knee = bent.point("near.ankle"), bent.point("near.knee")
    assert close(ankle[0], knee[0] - 0.246) and close(ankle[1], knee[1])  # shin straight back

    arms = body.pose(Angles(near=Limbs(shoulder=90)))
    shoulder, wrist = arms.point("shoulder"), arms.point("near.wrist")
    assert close(wrist[1], shoulder[1]) and close(wrist[0], 0.186 + 0.146)  # arm straight ahead

    face_down = body.pose(Angles(body=90))
    assert close(face_down.point("shoulder")[1], 0.0, 1e-9)
    assert face_down.point("shoulder")[0] == pytest.approx(0.288)  # the head end ahead
    on_the_back = body.pose(Angles(body=-90))
    assert on_the_back.point("shoulder")[0] == pytest.approx(-0.288)


def test_extending_the_hip_takes_the_thigh_behind_the_body_and_flexing_takes_it_forward():
    behind = body.pose(Angles(near=Limbs(hip=-20))).point("near.knee")
    ahead = body.pose(Angles(near=Limbs(hip=20))).point("near.knee")
    assert behind[0] < 0 < ahead[0]
    assert math.degrees(math.atan2(-behind[0], -behind[1])) == pytest.approx(20)


def test_the_left_side_is_the_right_side_mirrored():
    angles = Angles(body=10, pelvis=-5, trunk=-15, near=Limbs(hip=-15, knee=80), far=Limbs(hip=90))
    right = body.place_on_floor(body.pose(angles))
    left = right.mirrored()
    for name, (x, y) in right.points.items():
        assert left.point(name) == (-x, y)
    assert left.mirrored().points == right.points
    assert left.psoas_length() == pytest.approx(right.psoas_length())
    assert body.lowest_points(left) == body.lowest_points(right)
    assert {name: 180 - d for name, d in right.directions.items()} == left.directions
    thigh_r, thigh_l = right.part("near.thigh"), left.part("near.thigh")
    # the front of the thigh faces the other way: its x component flips, its y stays
    assert math.cos(math.radians(thigh_l.front)) == pytest.approx(
        -math.cos(math.radians(thigh_r.front))
    )
    assert math.sin(math.radians(thigh_l.front)) == pytest.approx(
        math.sin(math.radians(thigh_r.front))
    )


in_range = {
    name: st.floats(body.RANGES[name].low, body.RANGES[name].high, allow_nan=False)
    for name in (*body.BODY_JOINTS, *body.LIMB_JOINTS)
}
limbs = st.builds(Limbs, **{j: in_range[j] for j in body.LIMB_JOINTS})
any_pose = st.builds(
    Angles, body=in_range["body"], pelvis=in_range["pelvis"], trunk=in_range["trunk"],
    neck=in_range["neck"], near=limbs, far=limbs,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(angles=any_pose)
def test_every_figure_set_on_the_floor_touches_it_and_goes_nowhere_below(angles):
    figure = body.place_on_floor(body.pose(angles))
    assert min(y for _name, y in body.lowest_points(figure)) == pytest.approx(0.0, abs=1e-9)
    assert body.sunk(figure) == []
    left, bottom, _right, _top = figure.bounds()
    assert bottom == pytest.approx(0.0, abs=1e-9)
    assert angles.out_of_range() == []


@settings(max_examples=100, deadline=None)
@given(
    hip=st.floats(-30, 119),
    step=st.floats(0.5, 30),
    knee=st.floats(0, 150),
    other_knee=st.floats(0, 150),
)
def test_the_psoas_lengthens_with_hip_extension_and_ignores_the_knee(hip, step, knee, other_knee):
    def length(hip_deg: float, knee_deg: float) -> float:
        return body.pose(Angles(near=Limbs(hip=hip_deg, knee=knee_deg))).psoas_length()

    flexed = min(hip + step, 120)
    assert length(hip, knee) > length(flexed, knee)  # flexing shortens it
    assert length(hip, knee) == pytest.approx(length(hip, other_knee))  # the knee does nothing


def test_a_hip_extended_sixty_degrees_is_out_of_the_bodys_range():
    angles = Angles(near=Limbs(hip=-60), far=Limbs(knee=-40))
    found = {name: degrees for name, degrees, _limit in angles.out_of_range()}
    assert found == {"near.hip": -60, "far.knee": -40}
    hip = body.RANGES["hip"]
    assert hip.low == -30 and hip.high == 120 and "Soucie" in hip.basis
    assert hip.words == "30° of extension to 120° of flexion"


def test_floor_contacts_know_which_face_meets_the_floor():
    on_the_back = body.place_on_floor(body.pose(Angles(body=-90)))
    assert body.contact_height(on_the_back, "back") == pytest.approx(0.0, abs=0.005)
    assert body.contact_height(on_the_back, "chest") == math.inf  # facing the ceiling
    assert body.contact_surface(on_the_back, "chest") == []
    assert body.contact_height(STANDING, "near-foot") == pytest.approx(0.0, abs=1e-9)
    assert body.contact_height(STANDING, "head") == pytest.approx(0.870, abs=0.002)  # the chin


def test_a_contact_along_the_floor_is_measured_at_both_ends():
    # a forearm flat on the floor, then lifted from the elbow like a sphinx with its hands up
    flat = Angles(body=85, trunk=-44, near=Limbs(shoulder=41, elbow=90))
    lifted = Angles(body=85, trunk=-44, near=Limbs(shoulder=41, elbow=115))
    for angles, rise in ((flat, (0.0, 0.01)), (lifted, (0.05, 0.2))):
        figure = body.place_on_floor(body.pose(angles), ("front-of-hips",))
        (elbow, h_elbow), (wrist, h_wrist) = body.contact_surface(figure, "near-forearm")
        assert (elbow, wrist) == ("elbow", "wrist")
        assert rise[0] <= h_wrist - h_elbow <= rise[1]


def test_a_foot_is_flat_on_its_sole_standing_and_on_its_top_kneeling():
    (_, heel), (_, ball) = body.contact_surface(STANDING, "near-foot")
    assert heel == pytest.approx(0.0, abs=1e-9) and ball == pytest.approx(0.0, abs=1e-9)
    kneeling = Angles(near=Limbs(knee=90, ankle=-68))
    figure = body.place_on_floor(body.pose(kneeling), ("near-shin",))
    heights = [h for _w, h in body.contact_surface(figure, "near-top-of-foot")]
    assert max(heights) < body.FLOOR_TOLERANCE  # the top of the foot lies on the floor
    tiptoe = body.place_on_floor(body.pose(Angles(near=Limbs(ankle=-40))), ("far-foot",))
    heights = [h for _w, h in body.contact_surface(tiptoe, "near-foot")]
    assert max(heights) - min(heights) > 0.05  # the heel is up


def test_the_face_counts_when_the_head_meets_the_floor():
    face_down = Angles(body=90, neck=30)  # the chin tucked: the nose goes into the mat
    figure = body.place_on_floor(body.pose(face_down), ("chest",))
    assert "nose" in dict(body.sunk(figure))
    chin_up = body.place_on_floor(body.pose(Angles(body=90, neck=-10)), ("chest",))
    assert "nose" not in dict(body.sunk(chin_up))


def test_hip_angles_are_measured_from_the_pelvis_which_tilts_on_its_own():
    # Hugging one knee rolls the pelvis back; the other thigh stays where it lay, so its hip
    # extends relative to the pelvis and its psoas lengthens (Kendall's one-joint stretch).
    lying = body.pose(Angles(body=-90))
    hugging = body.pose(Angles(body=-90, pelvis=-10, trunk=10, far=Limbs(hip=-10)))
    assert hugging.directions["far.thigh"] == pytest.approx(lying.directions["far.thigh"])
    assert hugging.directions["thorax"] == pytest.approx(lying.directions["thorax"])
    assert hugging.psoas_length("far") > lying.psoas_length("far")
    # tilting the pelvis with the hips unchanged carries the thighs with it
    tilted = body.pose(Angles(body=-90, pelvis=-10))
    assert tilted.directions["far.thigh"] == pytest.approx(lying.directions["far.thigh"] + 10)


def test_a_pelvis_tilted_past_twenty_degrees_is_out_of_range():
    assert [name for name, _d, _r in Angles(pelvis=25).out_of_range()] == ["pelvis"]
    assert Angles(body=90).out_of_range() == []


def test_landmarks_on_the_surface_face_away_from_the_body():
    figure = body.pose(Angles())
    assert math.cos(math.radians(body.surface_normal(figure, "front-hip-bone"))) > 0.99
    assert math.cos(math.radians(body.surface_normal(figure, "lower-back"))) < -0.99
    with pytest.raises(KeyError):
        body.surface_normal(figure, "near-knee")


def test_the_body_model_imports_no_widget_or_plotting_library():
    import subprocess

    code = (
        "import sys, psoas_lesson.body, psoas_lesson.poses; "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython', 'numpy') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
