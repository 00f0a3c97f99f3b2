"""Bad files never break the lesson, run anything, or touch the learner's files.

Every file in ``tests/bad_inputs/`` (described, with the message it must give, in its
README.md) goes through the loaders, ``validate``, ``plan`` and the routine builder's Load
button: one line naming the file and the problem, exit status 2, no traceback, nothing
executed, nothing half-loaded, and the routine saved next to it unchanged.
(tests/test_html_escaping.py sends script payloads through every path that builds HTML.)
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from psoas_lesson import handout
from psoas_lesson.catalog import default_catalog, load_catalog
from psoas_lesson.cli import main
from psoas_lesson.errors import DataError
from psoas_lesson.routine import (
    Entry,
    Routine,
    load_routine,
    routine_id_for,
    routine_to_json,
    save_routine,
)
from psoas_lesson.widgets import timer
from psoas_lesson.widgets.builder import routine_builder

from .helpers import EXERCISE_COUNT, assert_html_safe, html_values
from .helpers import part as _part

CORPUS = Path(__file__).with_name("bad_inputs")
ROOT = Path(__file__).resolve().parents[1]
_LINE = re.compile(
    r"^- `(?P<name>[^`]+)`: (?P<what>.+?)\. Expect: (?P<expect>`[^`]+`(?: or `[^`]+`)*)$"
)
# Never to reach a terminal from a file: C0 controls but tab and newline, DEL, C1, bidi overrides.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _documented() -> dict[str, tuple[str, ...]]:
    """File name -> texts one of which its one-line message must contain (bad_inputs/README.md)."""
    expected: dict[str, tuple[str, ...]] = {}
    for line in (CORPUS / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## Made by the tests"):
            break
        match = _LINE.match(line)
        if match:
            assert match["name"] not in expected, f"README lists {match['name']} twice"
            expected[match["name"]] = tuple(re.findall(r"`([^`]+)`", match["expect"]))
    return expected


EXPECT = _documented()
BAD = sorted(name for name in EXPECT if not name.startswith("ok-"))
BAD_ROUTINES = [name for name in BAD if name.endswith(".json")]
OK_ROUTINES = sorted(name for name in EXPECT if name.startswith("ok-") and name.endswith(".json"))
OK_DATA = sorted(name for name in EXPECT if name.startswith("ok-") and name.endswith(".yaml"))
# The few that also go through a real `python -m psoas_lesson` process (the rest run in-process).
THROUGH_A_PROCESS = [
    "exercises-python-object-apply.yaml",
    "exercises-billion-laughs.yaml",
    "routine-deep-nesting.json",
    "routine-binary-png.json",
    "routine-lone-surrogate.json",
    "routine-escape-in-key.json",
]

# The learner's own routine, saved before any bad file is tried; it must stay byte-for-byte.
SAVED = Routine(
    name="My saved routine", entries=(Entry("kneeling-lunge", hold_s=45), Entry("glute-bridge"))
)
SAVED_BYTES = routine_to_json(SAVED).encode("utf-8")


@dataclass
class Place:
    """A bad file set out as a learner would meet it, in the current directory."""

    name: str
    root: Path
    bad: Path  # relative to root, as typed on a command line or into the builder
    extra: Path  # an extra data directory holding the file
    saved: Path
    marker: Path  # what the YAML payloads would create if anything ran them

    @property
    def shown_name(self) -> str:
        """The file name the message must mention."""
        return self.bad.name


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@contextlib.contextmanager
def placed(name: str, tmp_path: Path, monkeypatch) -> Iterator[Place]:
    """Set out ``name`` next to a saved routine; afterwards, nothing may have run or changed."""
    root = tmp_path / "work"
    root.mkdir()
    monkeypatch.chdir(root)  # messages show paths relative to here: short and predictable
    marker = tmp_path / "pwned"
    raw = (CORPUS / name).read_bytes().replace(b"@MARKER@", str(marker).encode())
    saved = save_routine(SAVED, root / "my-routine.json")
    extra = root / "extra"
    if name.endswith(".json"):
        bad = Path(name)
        (root / name).write_bytes(raw)
        (extra / "routines").mkdir(parents=True)
        (extra / "routines" / name).write_bytes(raw)
    elif "poses-" in name:
        # pose data draws an exercise: the teacher's valid chair lunge is set beside it
        bad = Path("extra", "poses.yaml")
        extra.mkdir()
        (extra / "exercises.yaml").write_bytes(
            (CORPUS / "ok-exercises-chair-lunge.yaml").read_bytes()
        )
        (extra / "poses.yaml").write_bytes(raw)
    else:
        bad = Path("extra", "exercises.yaml")
        extra.mkdir()
        (extra / "exercises.yaml").write_bytes(raw)
    before = _snapshot(root)
    yield Place(name, root, bad, extra, saved, marker)
    assert not marker.exists(), f"{name}: something ran the file's payload"
    assert _snapshot(root) == before, f"{name}: a file was written or changed"
    assert saved.read_bytes() == SAVED_BYTES


def check_message(message: str, place: Place, expected: str | None = None) -> None:
    """One line that names the file and says what is wrong, with no traceback or raw controls."""
    choices = EXPECT[place.name] if expected is None else (expected,)
    assert message.strip(), "no message"
    assert "\n" not in message.strip(), f"more than one line: {message!r}"
    assert place.shown_name in message, f"the file is not named: {message!r}"
    assert any(text in message for text in choices), (
        f"expected {' or '.join(map(repr, choices))} in {message!r}"
    )
    assert "Traceback" not in message
    assert not _RAW_CONTROL.search(message), f"raw control characters: {message!r}"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check_refused(
    code: int, out: str, err: str, place: Place, command: str, expected: str | None = None
) -> None:
    assert code == 2, (code, out, err)
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, f"not exactly one line on stderr: {err!r}"
    assert err.startswith(f"psoas-lesson {command}: ")
    check_message(err, place, expected)


# ---------------------------------------------------------------------------------------------
# The corpus itself


def test_every_file_in_the_corpus_is_described_and_small():
    on_disk = {p.name for p in CORPUS.iterdir()} - {"README.md", "make_corpus.py"}
    assert on_disk == set(EXPECT), (
        f"undescribed: {on_disk - set(EXPECT)}; missing: {set(EXPECT) - on_disk}"
    )
    assert len(BAD) >= 35
    assert {name.rsplit(".", 1)[1] for name in BAD} == {"json", "yaml"}
    too_big = [p.name for p in CORPUS.iterdir() if p.stat().st_size > 100_000]
    assert not too_big, "commit at most 100 KB per file; make larger ones in the test"


def test_the_corpus_script_reproduces_the_committed_files(tmp_path):
    subprocess.run(
        [sys.executable, str(CORPUS / "make_corpus.py"), str(tmp_path)], check=True, timeout=60
    )
    made = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert made == {name: (CORPUS / name).read_bytes() for name in EXPECT}


# ---------------------------------------------------------------------------------------------
# (a) the loaders


@pytest.mark.parametrize("name", BAD_ROUTINES)
def test_load_routine_refuses_a_bad_file_with_one_data_error(name, tmp_path, monkeypatch, catalog):
    with placed(name, tmp_path, monkeypatch) as place:
        loaded = None
        with pytest.raises(DataError) as info:  # any other exception fails the test
            loaded = load_routine(place.bad, catalog.exercises_by_id)
        assert loaded is None
        check_message(str(info.value), place)


@pytest.mark.parametrize("name", BAD)
def test_a_data_directory_holding_a_bad_file_loads_nothing(name, tmp_path, monkeypatch):
    with placed(name, tmp_path, monkeypatch) as place:
        loaded = None
        with pytest.raises(DataError) as info:
            loaded = load_catalog(place.extra)
        assert loaded is None  # all or nothing: no partial catalogue
        check_message(str(info.value), place)
        with pytest.raises(DataError):
            default_catalog(place.extra)
        # ... and the built-in catalogue is untouched by the failed attempt
        assert len(default_catalog().exercises) == EXERCISE_COUNT
        assert "chair-lunge" not in default_catalog().exercises_by_id


# ---------------------------------------------------------------------------------------------
# (b) validate and (c) plan, in-process


@pytest.mark.parametrize("name", BAD)
def test_validate_refuses_a_bad_file_in_one_line(name, tmp_path, monkeypatch, capsys):
    with placed(name, tmp_path, monkeypatch) as place:
        check_refused(*run_cli(capsys, "validate", str(place.bad)), place, "validate")
        check_refused(*run_cli(capsys, "validate", str(place.extra)), place, "validate")


@pytest.mark.parametrize("name", BAD)
def test_plan_refuses_a_bad_file_in_one_line(name, tmp_path, monkeypatch, capsys):
    with placed(name, tmp_path, monkeypatch) as place:
        if name.endswith(".json"):
            check_refused(*run_cli(capsys, "plan", str(place.bad)), place, "plan")
        check_refused(
            *run_cli(
                capsys, "plan", "--exercise", "kneeling-lunge", "--data-dir", str(place.extra)
            ),
            place,
            "plan",
        )


@pytest.mark.parametrize("name", BAD_ROUTINES)
@pytest.mark.parametrize("command", ["handout", "page"])
def test_handout_and_page_refuse_a_bad_routine_file_and_write_nothing(
    name, command, tmp_path, monkeypatch, capsys
):
    with placed(name, tmp_path, monkeypatch) as place:  # checks that no file appeared
        check_refused(
            *run_cli(capsys, command, str(place.bad), "--out", "out.html"), place, command
        )


@pytest.mark.parametrize("name", THROUGH_A_PROCESS)
def test_the_real_command_refuses_a_bad_file_in_one_line(name, tmp_path, monkeypatch):
    assert name in BAD
    with placed(name, tmp_path, monkeypatch) as place:
        commands = [
            ["validate", str(place.bad)],
            ["plan", "--exercise", "kneeling-lunge", "--data-dir", str(place.extra)],
        ]
        if name.endswith(".json"):
            commands.append(["plan", str(place.bad)])
        for argv in commands:
            result = _run_process(argv, place.root)
            check_refused(result.returncode, result.stdout, result.stderr, place, argv[0])


def _run_process(argv: list[str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "PYTHONIOENCODING": "utf-8",
    }
    return subprocess.run(
        [sys.executable, "-m", "psoas_lesson", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        cwd=cwd,
        env=env,
    )


# ---------------------------------------------------------------------------------------------
# (d) the routine builder's Load button


def _text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


@pytest.fixture(scope="module")
def builder(catalog):
    return routine_builder(catalog.routine("daily-short"), catalog=catalog)


def _load_in_builder(builder, path: str) -> str:
    _part(builder, "psoas-builder-path").value = path
    _part(builder, "psoas-builder-load").click()
    return _part(builder, "psoas-builder-message").value


@pytest.mark.parametrize("name", BAD_ROUTINES)
def test_the_builders_load_refuses_a_bad_file_and_keeps_the_routine(
    name, tmp_path, monkeypatch, builder
):
    before, timeline_before = builder.routine, builder.timeline
    entries_before = _part(builder, "psoas-builder-list").options
    with placed(name, tmp_path, monkeypatch) as place:
        message = _load_in_builder(builder, str(place.bad))
        assert "<script" not in message.lower()
        check_message(_text_of(message), place)
    assert builder.routine == before
    assert builder.timeline == timeline_before
    assert _part(builder, "psoas-builder-list").options == entries_before


# ---------------------------------------------------------------------------------------------
# The other places that load a routine file by path


@pytest.mark.parametrize("name", BAD_ROUTINES)
def test_the_timer_and_the_handout_refuse_a_bad_routine_file(name, tmp_path, monkeypatch, catalog):
    with placed(name, tmp_path, monkeypatch) as place:
        with pytest.raises(DataError) as info:
            timer.routine_timer(str(place.bad), catalog=catalog, sound=False, log=False)
        check_message(str(info.value), place)
        with pytest.raises(DataError) as info:
            handout.handout_html(place.bad, catalog=catalog)
        check_message(str(info.value), place)


# ---------------------------------------------------------------------------------------------
# Bad files the corpus cannot hold: made here


def _with_timeout(function, seconds: float = 20):
    """Run ``function`` in a thread so a regression that blocks (a FIFO) fails, not hangs."""
    outcome: dict[str, Any] = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"still reading after {seconds} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _made_place(tmp_path, monkeypatch, name: str) -> Place:
    root = tmp_path / "work"
    root.mkdir()
    monkeypatch.chdir(root)
    saved = save_routine(SAVED, root / "my-routine.json")
    return Place(name, root, Path(name), root / "extra", saved, tmp_path / "pwned")


def test_a_routine_file_over_the_size_limit(tmp_path, monkeypatch, catalog, capsys, builder):
    place = _made_place(tmp_path, monkeypatch, "huge.json")
    text = (
        '{"format": "psoas-lesson/routine", "version": 1, "name": "Big", "description": "%s", '
        '"entries": [{"exercise": "camel-pose"}]}' % ("x" * 3_000_000)
    )
    place.bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_routine(place.bad, catalog.exercises_by_id)
    check_message(str(info.value), place, "the limit is 2,000,000")
    check_refused(*run_cli(capsys, "plan", "huge.json"), place, "plan", "the limit is 2,000,000")
    check_refused(
        *run_cli(capsys, "validate", "huge.json"), place, "validate", "the limit is 2,000,000"
    )
    before = builder.routine
    check_message(_text_of(_load_in_builder(builder, "huge.json")), place, "the limit is 2,000,000")
    assert builder.routine == before
    assert place.saved.read_bytes() == SAVED_BYTES


def test_a_data_file_over_the_size_limit(tmp_path, monkeypatch, capsys):
    place = _made_place(tmp_path, monkeypatch, "exercises.yaml")
    place.extra.mkdir()
    (place.extra / "exercises.yaml").write_bytes(b"# " + b"x" * 3_000_000 + b"\n")
    place.bad = Path("extra", "exercises.yaml")
    with pytest.raises(DataError) as info:
        load_catalog(place.extra)
    check_message(str(info.value), place, "the limit is 2,000,000")
    check_refused(
        *run_cli(capsys, "validate", "extra"), place, "validate", "the limit is 2,000,000"
    )


def test_a_directory_named_like_a_data_file_is_an_error_not_nothing(tmp_path, monkeypatch, capsys):
    place = _made_place(tmp_path, monkeypatch, "exercises.yaml")
    (place.extra / "exercises.yaml").mkdir(parents=True)
    place.bad = Path("extra", "exercises.yaml")
    with pytest.raises(DataError) as info:
        load_catalog(place.extra)
    check_message(str(info.value), place, "is a directory, expected a file")
    for argv in (
        ["validate", "extra"],
        ["validate", "extra/exercises.yaml"],
        ["plan", "--exercise", "camel-pose", "--data-dir", "extra"],
    ):
        check_refused(*run_cli(capsys, *argv), place, argv[0], "is a directory, expected a file")


def test_a_directory_named_like_a_routine_file(tmp_path, monkeypatch, capsys, catalog, builder):
    place = _made_place(tmp_path, monkeypatch, "routine.json")
    place.bad.mkdir()
    expected = "is a directory, expected a file"
    with pytest.raises(DataError) as info:
        load_routine(place.bad, catalog.exercises_by_id)
    check_message(str(info.value), place, expected)
    check_refused(*run_cli(capsys, "plan", "routine.json"), place, "plan", expected)
    check_refused(*run_cli(capsys, "validate", "routine.json"), place, "validate", expected)
    before = builder.routine
    check_message(_text_of(_load_in_builder(builder, "routine.json")), place, expected)
    assert builder.routine == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_a_device_is_refused_instead_of_read_forever(tmp_path, monkeypatch, catalog):
    place = _made_place(tmp_path, monkeypatch, "routine.json")
    os.mkfifo(place.bad)
    with pytest.raises(DataError) as info:
        _with_timeout(lambda: load_routine(place.bad, catalog.exercises_by_id))
    check_message(str(info.value), place, "is not a regular file")
    result = _run_process(["plan", "routine.json"], place.root, timeout=30)
    check_refused(
        result.returncode, result.stdout, result.stderr, place, "plan", "is not a regular file"
    )
    if Path("/dev/zero").exists():  # endless: reading it whole would never finish
        zero = replace(place, bad=Path("/dev/zero"))
        with pytest.raises(DataError) as info:
            _with_timeout(lambda: load_routine("/dev/zero"))
        check_message(str(info.value), zero, "is not a regular file")


def test_a_symlink_loop_is_one_line_not_a_traceback(tmp_path, monkeypatch, capsys, catalog):
    place = _made_place(tmp_path, monkeypatch, "loop.json")
    os.symlink("loop.json", place.bad)
    with pytest.raises(DataError) as info:
        load_routine(place.bad, catalog.exercises_by_id)
    check_message(str(info.value), place, "cannot be read")
    check_refused(*run_cli(capsys, "plan", "loop.json"), place, "plan", "cannot be read")
    check_refused(*run_cli(capsys, "validate", "loop.json"), place, "validate", "loop.json")


def test_a_routine_reusing_a_ready_routines_id_names_its_file(tmp_path, monkeypatch):
    place = _made_place(tmp_path, monkeypatch, "mine.json")
    (place.extra / "routines").mkdir(parents=True)
    source = (CORPUS.parent.parent / "data" / "routines" / "daily-short.json").read_text(
        encoding="utf-8"
    )
    (place.extra / "routines" / "mine.json").write_text(source, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_catalog(place.extra)
    check_message(str(info.value), place, "duplicate routine id 'daily-short' (first defined in")


# ---------------------------------------------------------------------------------------------
# Hostile but valid files: they load, and their text stays text


@pytest.mark.parametrize("name", OK_ROUTINES)
def test_a_hostile_but_valid_routine_loads_and_prints_as_text(
    name, tmp_path, monkeypatch, capsys, catalog
):
    with placed(name, tmp_path, monkeypatch) as place:
        routine = load_routine(place.bad, catalog.exercises_by_id)
        code, out, err = run_cli(capsys, "plan", str(place.bad))
        assert (code, err) == (0, "")
        assert not _RAW_CONTROL.search(out), (
            f"raw control characters reach the terminal: {out[:200]!r}"
        )
        first_line = out.splitlines()[0]
        if not _RAW_CONTROL.search(routine.name):
            assert first_line.startswith(routine.name)
        else:  # shown as escapes such as \x1b, so a reader sees what is there
            assert "\\x" in first_line or "\\u" in first_line


@pytest.mark.parametrize("name", OK_DATA)
def test_a_hostile_but_valid_data_file_loads_and_prints_as_text(
    name, tmp_path, monkeypatch, capsys
):
    with placed(name, tmp_path, monkeypatch) as place:
        catalog = load_catalog(place.extra)
        assert "chair-lunge" in catalog.exercises_by_id
        for argv in (["show", "chair-lunge"], ["list"], ["plan", "--exercise", "chair-lunge"]):
            code, out, err = run_cli(capsys, *argv, "--data-dir", str(place.extra))
            assert (code, err) == (0, ""), (argv, err)
            assert not _RAW_CONTROL.search(out), f"{argv}: raw control characters: {out[:200]!r}"


def test_the_builder_loads_a_hostile_routine_and_shows_its_name_as_text(
    tmp_path, monkeypatch, catalog
):
    with placed("ok-routine-html-name.json", tmp_path, monkeypatch) as place:
        builder = routine_builder(catalog=catalog)
        message = _load_in_builder(builder, str(place.bad))
        loaded = load_routine(place.bad, catalog.exercises_by_id)
        # the file has no id: the builder gives it one from its name
        assert builder.routine == replace(loaded, id=routine_id_for(loaded.name))
        assert_html_safe(html_values(builder) + [message], builder.routine.name)
