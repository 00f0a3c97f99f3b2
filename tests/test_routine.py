from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_lesson.errors import DataError
from psoas_lesson.paths import schema_dir
from psoas_lesson.routine import (
    Entry,
    Routine,
    Settings,
    load_routine,
    routine_from_data,
    routine_id_for,
    routine_to_data,
    save_routine,
)


def test_a_routine_survives_a_save_and_load(tmp_path, catalog):
    routine = Routine(
        name="Évening — calm",
        description="<b>not bold</b>",
        entries=(Entry("kneeling-lunge", hold_s=45, reps=2), Entry("sphinx-pose", hold_breaths=5)),
        settings=Settings(prepare_s=5, switch_s=3, breaths_per_min=8, first_side="left"),
    )
    path = save_routine(routine, tmp_path / "evening.json")
    assert load_routine(path, catalog.exercises_by_id) == routine
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "psoas-lesson/routine" and data["version"] == 1


def test_saving_over_a_file_replaces_it_whole(tmp_path, catalog):
    path = tmp_path / "r.json"
    save_routine(Routine.of("camel-pose", name="old"), path)
    save_routine(Routine.of("camel-pose", "foam-rolling", name="new"), path)
    assert load_routine(path).name == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temporary files left behind


def test_a_failed_save_leaves_the_old_file_untouched(tmp_path, monkeypatch):
    path = tmp_path / "r.json"
    save_routine(Routine.of("camel-pose", name="old"), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_routine(Routine.of("foam-rolling", name="new"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


BAD_ROUTINES = [
    (
        "unknown exercise",
        {"entries": [{"exercise": "kneeling-lunges"}]},
        "r.json: entries[0] (kneeling-lunges): exercise: unknown exercise id 'kneeling-lunges'",
    ),
    (
        "hold out of bounds",
        {"entries": [{"exercise": "kneeling-lunge", "hold_s": 500}]},
        "r.json: entries[0] (kneeling-lunge): hold_s: must be between 10 and 60 s for this "
        "exercise, got 500",
    ),
    (
        "negative rest",
        {"entries": [{"exercise": "camel-pose", "rest_s": -1}]},
        "r.json: entries[0] (camel-pose): rest_s: must be seconds, got -1",
    ),
    (
        "breaths on a timed exercise",
        {"entries": [{"exercise": "camel-pose", "hold_breaths": 3}]},
        "hold_breaths: this exercise is timed in seconds; use hold_s",
    ),
    (
        "reps not whole",
        {"entries": [{"exercise": "camel-pose", "reps": 2.5}]},
        "r.json: entries[0] (camel-pose): reps: must be a whole number, got 2.5",
    ),
    ("no entries", {"entries": []}, "r.json: entries: must not be empty"),
    ("newer version", {"version": 2}, "r.json: version: must be the format version 1, got 2"),
    (
        "wrong format",
        {"format": "something-else"},
        "r.json: format: must be the string psoas-lesson/routine",
    ),
    (
        "bad setting",
        {"settings": {"breaths_per_min": 0}},
        "r.json: settings.breaths_per_min: must be breaths per minute",
    ),
    ("unknown setting", {"settings": {"speed": 2}}, "r.json: settings.speed: is not a known field"),
    ("missing name", {"name": None}, "r.json: name: is missing"),
]


@pytest.mark.parametrize("what,change,expected", BAD_ROUTINES, ids=[c[0] for c in BAD_ROUTINES])
def test_bad_routines_get_one_clear_line(catalog, what, change, expected):
    data = {
        "format": "psoas-lesson/routine",
        "version": 1,
        "name": "r",
        "entries": [{"exercise": "camel-pose"}],
    }
    for key, value in change.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    with pytest.raises(DataError) as info:
        routine_from_data(data, "r.json", catalog.exercises_by_id)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "content,expected",
    [
        (
            b'{"format": "psoas-lesson/routine", "version": 1, "name": "x", "entries": [',
            "invalid JSON",
        ),
        (b'{"format": "psoas-lesson/routine", "version": NaN}', "not a number JSON allows"),
        (b"", "file is empty"),
        (b"\xff\xfe{\x00}\x00", "binary"),
        (b"[" * 5000 + b"]" * 5000, "nested"),
    ],
)
def test_unreadable_routine_files(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(DataError) as info:
        load_routine(path)
    assert expected in str(info.value) and "bad.json" in str(info.value)


names = st.text(min_size=1, max_size=40).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(
    name=names,
    description=st.text(max_size=100),
    prepare=st.integers(0, 120),
    hold=st.integers(10, 60),
    reps=st.integers(1, 6),
    first=st.sampled_from(["right", "left"]),
)
def test_round_trip_holds_for_any_names_and_numbers(
    catalog, tmp_path_factory, name, description, prepare, hold, reps, first
):
    routine = Routine(
        name=name,
        description=description,
        entries=(Entry("kneeling-lunge", hold_s=hold, reps=reps), Entry("foam-rolling")),
        settings=Settings(prepare_s=prepare, first_side=first),
    )
    path = tmp_path_factory.mktemp("rt") / "r.json"
    save_routine(routine, path)
    assert load_routine(path, catalog.exercises_by_id) == routine
    assert routine_from_data(routine_to_data(routine), "x", catalog.exercises_by_id) == routine


# ---------------------------------------------------------------------------------------------
# An id derived from a routine's name

ID_SCHEMA = json.loads((schema_dir() / "routine.schema.json").read_text(encoding="utf-8"))[
    "properties"
]["id"]
ID_PATTERN, ID_LIMIT = ID_SCHEMA["pattern"], ID_SCHEMA["maxLength"]


@pytest.mark.parametrize(
    "name, taken, expected",
    [
        ("Evening hips", (), "evening-hips"),
        ("  Desk break: 10 min! ", (), "desk-break-10-min"),
        ("Étirements du soir", (), "etirements-du-soir"),
        ("Daily short", ("daily-short",), "daily-short-2"),
        ("Daily short", ("daily-short", "daily-short-2"), "daily-short-3"),
        ("x" * 80, ("x" * 60,), "x" * 58 + "-2"),
    ],
)
def test_an_id_follows_the_name(name, taken, expected):
    assert routine_id_for(name, taken) == expected


def test_names_without_latin_letters_still_get_different_ids():
    evening, morning = routine_id_for("夜のストレッチ"), routine_id_for("朝のストレッチ")
    assert evening.startswith("routine-") and morning.startswith("routine-")
    assert evening != morning and routine_id_for("夜のストレッチ") == evening


# Any text, and long names of few letters and many separators, so that the length limit falls
# on every kind of character (hypothesis alone rarely draws a name that long).
NAMES = st.one_of(st.text(max_size=150), st.text(alphabet="ab9 -É.", min_size=55, max_size=150))


@settings(max_examples=300, deadline=None)
@given(name=NAMES, clashes=st.integers(0, 4))
def test_a_derived_id_is_a_valid_free_kebab_case_id_for_any_name(name, clashes):
    taken: set[str] = set()
    for _ in range(clashes):  # the same name taken again and again: -2, -3, ...
        taken.add(routine_id_for(name, taken))
    found = routine_id_for(name, taken)
    assert re.fullmatch(ID_PATTERN, found) and len(found) <= ID_LIMIT, found
    assert found not in taken
    data = {"format": "psoas-lesson/routine", "version": 1, "id": found, "name": "n"}
    data["entries"] = [{"exercise": "camel-pose"}]
    assert routine_from_data(data, "r.json").id == found  # the file schema takes it
