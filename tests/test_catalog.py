from __future__ import annotations

import json
from pathlib import Path

import pytest

from psoas_lesson.catalog import load_catalog, validate_path
from psoas_lesson.errors import DataError
from psoas_lesson.files import display_path
from psoas_lesson.models import MUSCLE_LEVELS, Kind, Sides
from psoas_lesson.paths import schema_dir

from .helpers import EXERCISE_COUNT, EXERCISE_IDS, replace_in


def test_catalog_has_the_thirteen_exercises_in_article_order(catalog):
    assert [e.id for e in catalog.exercises] == EXERCISE_IDS


def test_every_exercise_is_complete_and_sourced(catalog):
    for exercise in catalog.exercises:
        assert exercise.steps and exercise.cautions, exercise.id
        assert exercise.source.startswith("Source article"), exercise.id
        assert exercise.evidence, exercise.id
        assert exercise.cue and len(exercise.cue) <= 80


def test_every_kind_is_represented(catalog):
    assert {e.kind for e in catalog.exercises} == set(Kind)


def test_foam_rolling_needs_a_roller_and_supine_massage_may_use_a_ball(catalog):
    assert "foam-roller" in catalog.exercise("foam-rolling").equipment
    assert "massage-ball" in catalog.exercise("supine-psoas-massage").optional_equipment


def test_fibre_data_keeps_the_article_split_beside_the_literature(catalog):
    article = catalog.fibres.study("article")
    assert [(s.speed, s.percent) for s in article.shares] == [("fast", 60), ("slow", 40)]
    showa = catalog.fibres.study("showa-stain")
    assert [s.percent for s in showa.shares] == [62.8, 21.2, 16.0]
    arbanas = catalog.fibres.study("arbanas-2009")
    assert (
        arbanas.shares == () and "Arbanas" in arbanas.source
    )  # findings only: no invented numbers
    assert all(study.source for study in catalog.fibres.studies)


def test_anatomy_covers_what_the_article_covers(catalog):
    ids = {t.id for t in catalog.anatomy.topics}
    assert {
        "location",
        "origins",
        "insertion",
        "bursa",
        "innervation",
        "blood-supply",
        "actions",
        "tight-psoas",
    } <= ids
    for topic in catalog.anatomy.topics:
        for citation in topic.literature:
            assert citation.source


def test_guidance_has_the_article_guidelines_once_and_a_safety_notice(catalog):
    article = [g.id for g in catalog.guidance.group("article")]
    assert {"start-gently", "listen-to-your-body", "breathe"} <= set(article)
    assert len(article) == len(set(article))
    assert "stop" in catalog.guidance.safety_notice


def test_ready_routines_exist(catalog):
    assert {"article-full", "daily-short", "class-warmup"} <= {r.id for r in catalog.routines}
    assert [e.exercise for e in catalog.routine("article-full").entries] == EXERCISE_IDS


def test_teaching_plan_is_45_minutes(catalog):
    assert catalog.teaching.minutes == 45


def test_quiz_answers_are_not_all_in_one_position(catalog):
    assert len({q.answer for q in catalog.questions}) >= 3


def test_an_extra_directory_adds_a_teachers_exercise(tmp_path, catalog):
    extra = tmp_path / "mine"
    extra.mkdir()
    source = (Path(catalog.data_dirs[0]) / "exercises.yaml").read_text(encoding="utf-8")
    block = source[source.index("  - id: camel-pose") : source.index("  - id: glute-bridge")]
    (extra / "exercises.yaml").write_text(
        "exercises:\n" + block.replace("id: camel-pose", "id: wall-camel"), encoding="utf-8"
    )
    loaded = load_catalog(extra)
    assert loaded.exercise("wall-camel").name == "Camel pose"
    assert len(loaded.exercises) == 14


def test_an_extra_directory_may_not_reuse_an_id(tmp_path, catalog):
    extra = tmp_path / "mine"
    extra.mkdir()
    source = (Path(catalog.data_dirs[0]) / "exercises.yaml").read_text(encoding="utf-8")
    block = source[source.index("  - id: camel-pose") : source.index("  - id: glute-bridge")]
    (extra / "exercises.yaml").write_text("exercises:\n" + block, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_catalog(extra)
    assert "camel-pose" in str(info.value) and "duplicate" in str(info.value)
    assert "mine/exercises.yaml" in str(info.value)


# ---------------------------------------------------------------------------------------------
# Bad input: every case is one DataError line naming file, item and field.

EX = "exercises.yaml"
BAD_EXERCISE_EDITS = [
    # (what, old text, new text, expected fragments of the message)
    (
        "negative hold",
        "hold_s: {article: 30, default: 30, min: 10, max: 60}",
        "hold_s: {article: 30, default: -5, min: 10, max: 60}",
        ["kneeling-lunge", "dose.hold_s.default", "-5"],
    ),
    (
        "absurd hold",
        "hold_s: {article: 30, default: 30, min: 10, max: 60}",
        "hold_s: {article: 30, default: 30, min: 10, max: 99999}",
        ["kneeling-lunge", "dose.hold_s.max", "99999"],
    ),
    (
        "default outside the article range",
        "hold_s: {article: [5, 10], default: 5, min: 2, max: 30}",
        "hold_s: {article: [5, 10], default: 12, min: 2, max: 30}",
        ["glute-bridge", "dose.hold_s.default", "article's range 5–10", "12"],
    ),
    (
        "min above max",
        "reps: {article: [2, 3], default: 2, min: 1, max: 6}",
        "reps: {article: [2, 3], default: 2, min: 7, max: 6}",
        ["prone-quadriceps-stretch", "dose.reps.min"],
    ),
    (
        "reps not whole",
        "reps: {article: 20, default: 20, min: 1, max: 30}",
        "reps: {article: 20, default: 20.5, min: 1, max: 30}",
        ["straight-leg-raise", "dose.reps.default"],
    ),
    (
        "mistyped field",
        "    kind: yoga-pose\n    article_section: stretches\n    targets: [psoas, hip-flexors, "
        "abdominals]",
        "    kind: yoga pose\n    article_section: stretches\n    targets: [psoas, hip-flexors, "
        "abdominals]",
        ["camel-pose", "kind", "yoga pose"],
    ),
    (
        "missing field",
        "    cue: Hips forward, squeeze the back glute\n",
        "",
        ["kneeling-lunge", "cue", "missing"],
    ),
    (
        "unknown field",
        "    cue: Hips forward, squeeze the back glute\n",
        "    cue: Hips forward, squeeze the back glute\n    colour: red\n",
        ["kneeling-lunge", "colour", "not a known field"],
    ),
    (
        "wrong type",
        "reps: {article: 3, default: 3, min: 1, max: 6}",
        "reps: {article: 3, default: three, min: 1, max: 6}",
        ["kneeling-lunge", "dose.reps.default", "three"],
    ),
    (
        "empty cautions",
        "    cautions:\n      - Stop if pain spreads down a leg.\n      - Keep it gentle; the "
        "lower back should feel long, not pinched.\n",
        "    cautions: []\n",
        ["sphinx-pose", "cautions", "empty"],
    ),
    (
        "bad sides",
        "      sides: alternating\n",
        "      sides: sideways\n",
        ["kneeling-lunge", "dose.sides", "sideways"],
    ),
    (
        "both hold kinds",
        "      hold_breaths: {article: [1, 10], default: 5, min: 1, max: 20}\n",
        "      hold_breaths: {article: [1, 10], default: 5, min: 1, max: 20}\n      hold_s: "
        "{article: 30, default: 30, min: 10, max: 60}\n",
        ["sphinx-pose", "dose", "exactly one of hold_s and hold_breaths"],
    ),
    (
        "duplicate id",
        "  - id: camel-pose\n",
        "  - id: kneeling-lunge\n",
        ["kneeling-lunge", "duplicate"],
    ),
    (
        "bad id",
        "  - id: camel-pose\n",
        "  - id: Camel Pose\n",
        ["exercises[1]", "id", "kebab-case"],
    ),
    (
        "python tag",
        "    cue: Hips forward, squeeze the back glute\n",
        '    cue: !!python/object/apply:os.system ["echo pwned"]\n',
        ["line", "!!python/object/apply:os.system", "not allowed"],
    ),
    (
        "alias",
        "    cue: Hips forward, squeeze the back glute\n",
        "    cue: &c Hips forward\n    evidence2: *c\n",
        ["anchors and aliases"],
    ),
    (
        "malformed YAML",
        "    cue: Hips forward, squeeze the back glute\n",
        "    cue: [Hips forward\n",
        ["line", "invalid YAML"],
    ),
]


@pytest.mark.parametrize(
    "what,old,new,fragments", BAD_EXERCISE_EDITS, ids=[c[0] for c in BAD_EXERCISE_EDITS]
)
def test_bad_exercise_data_is_one_clear_line(data_copy, what, old, new, fragments):
    replace_in(data_copy / EX, old, new)
    with pytest.raises(DataError) as info:
        load_catalog(base_dir=data_copy)
    message = str(info.value)
    assert "\n" not in message
    assert "exercises.yaml" in message
    for fragment in fragments:
        assert fragment in message, message


WHOLE_FILE_CASES = [
    ("empty", b"", "file is empty"),
    ("only spaces", b"   \n\n", "file is empty"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
    ("latin-1", "exercises:\n  - id: caf\xe9\n".encode("latin-1"), "not UTF-8"),
    ("a list at the top", b"- a\n- b\n", "expected a mapping with exercises"),
    ("deep nesting", ("exercises: " + "[" * 200 + "]" * 200 + "\n").encode(), "nested more than"),
    ("truncated", b'exercises:\n  - id: kneeling-lunge\n    name: "Kneel', "invalid YAML"),
]


@pytest.mark.parametrize(
    "what,content,fragment", WHOLE_FILE_CASES, ids=[c[0] for c in WHOLE_FILE_CASES]
)
def test_unusable_files_are_refused_before_parsing(data_copy, what, content, fragment):
    (data_copy / EX).write_bytes(content)
    with pytest.raises(DataError) as info:
        load_catalog(base_dir=data_copy)
    assert fragment in str(info.value)
    assert "exercises.yaml" in str(info.value)


def test_a_very_large_file_is_refused(data_copy):
    (data_copy / EX).write_bytes(b"# " + b"x" * 3_000_000 + b"\n")
    with pytest.raises(DataError, match="limit"):
        load_catalog(base_dir=data_copy)


def test_anatomy_topic_naming_an_unknown_structure(data_copy):
    replace_in(data_copy / "anatomy.yaml", "structures: [bursa]", "structures: [bursae]")
    with pytest.raises(
        DataError, match=r"anatomy.yaml: bursa: structures\[0\]: unknown structure 'bursae'"
    ):
        load_catalog(base_dir=data_copy)


def test_quiz_answer_must_point_at_a_choice(data_copy):
    replace_in(data_copy / "quiz.yaml", "answer: 1", "answer: 5")
    with pytest.raises(
        DataError, match=r"quiz.yaml: psoas-insertion: answer: must be the index of a choice"
    ):
        load_catalog(base_dir=data_copy)


def test_fibre_shares_must_add_up(data_copy):
    replace_in(data_copy / "fibres.yaml", "percent: 40,", "percent: 45,")
    with pytest.raises(DataError, match="add up to 100, got 105") as caught:
        load_catalog(base_dir=data_copy)
    assert caught.value.file == display_path(data_copy / "fibres.yaml")  # the file at fault


def test_a_ready_routine_with_an_unknown_exercise(data_copy):
    path = data_copy / "routines" / "daily-short.json"
    replace_in(path, '"exercise": "sphinx-pose"', '"exercise": "sphynx-pose"')
    with pytest.raises(DataError) as info:
        load_catalog(base_dir=data_copy)
    assert (
        "daily-short.json: entries[3] (sphynx-pose): exercise: unknown exercise id 'sphynx-pose'"
        in str(info.value)
    )


def test_validate_path_recognises_each_kind(catalog, tmp_path):
    base = Path(catalog.data_dirs[0])
    assert f"{EXERCISE_COUNT} exercises" in validate_path(base)
    assert validate_path(base / "quiz.yaml").endswith("20 questions")
    assert validate_path(base / "exercises.yaml").endswith(f"{EXERCISE_COUNT} exercises")
    assert "valid anatomy file" in validate_path(base / "anatomy.yaml")
    assert "routine" in validate_path(
        base / "routines" / "class-warmup.json", catalog.exercises_by_id
    )
    stray = tmp_path / "notes.yaml"
    stray.write_text("a: 1\n")
    with pytest.raises(DataError, match="unknown kind of file"):
        validate_path(stray)


def test_sides_values_cover_the_article(catalog):
    sides = {e.id: e.dose.sides for e in catalog.exercises}
    assert sides["kneeling-lunge"] is Sides.ALTERNATING
    assert sides["camel-pose"] is Sides.BOTH_AT_ONCE
    assert sides["straight-leg-raise"] is Sides.ONE_SIDE_THEN_OTHER


def test_schemas_are_valid_json_schema(catalog):
    import jsonschema

    for path in sorted((Path(catalog.data_dirs[0]) / "schema").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema).check_schema(schema)


# ---------------------------------------------------------------------------------------------
# Fields added by the expert read: regional roles and spans, overlays, the article's benefits


def test_a_regional_span_that_runs_upwards_is_one_clear_line(data_copy):
    replace_in(data_copy / "fibres.yaml", "    span: [L1, L4]", "    span: [L4, L1]")
    with pytest.raises(DataError) as caught:
        load_catalog(base_dir=data_copy)
    message = str(caught.value)
    assert "fibres.yaml" in message and "arbanas-2009" in message and "span" in message
    assert "\n" not in message
    assert caught.value.file == display_path(data_copy / "fibres.yaml")


def test_the_schema_allows_exactly_the_levels_the_code_orders():
    schema = json.loads((schema_dir() / "fibres.schema.json").read_text(encoding="utf-8"))
    span = schema["properties"]["regional"]["items"]["properties"]["span"]
    assert tuple(span["items"]["enum"]) == MUSCLE_LEVELS


def test_a_regional_claim_needs_its_roles(data_copy):
    replace_in(data_copy / "fibres.yaml", "    upper_role: postural\n", "", count=1)
    with pytest.raises(DataError, match="upper_role"):
        load_catalog(base_dir=data_copy)


def test_a_benefit_with_an_unknown_support_level_is_refused(data_copy):
    replace_in(data_copy / "guidelines.yaml", "    support: indirect", "    support: proven")
    with pytest.raises(DataError, match="support"):
        load_catalog(base_dir=data_copy)


def test_an_overlay_mark_the_schematic_cannot_place_is_one_clear_line(data_copy):
    from psoas_lesson.charts.anatomy import anatomy_schematic

    replace_in(data_copy / "anatomy.yaml", "      - id: pulse\n", "      - id: navel\n")
    with pytest.raises(DataError) as caught:
        anatomy_schematic(catalog=load_catalog(base_dir=data_copy), overlay="front-massage")
    message = str(caught.value)
    assert "navel" in message and "pulse" in message and "\n" not in message
    assert caught.value.file == display_path(data_copy / "anatomy.yaml")
