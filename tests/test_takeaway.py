"""The take-away page (``psoas_lesson/takeaway.py``): one self-contained file that holds the timer,
the routine, its steps and the safety notice, fetches nothing, and cannot be broken open by a name.

What only a browser shows (it runs offline from file://, the log, the layout) is tested in
``tests/e2e/test_takeaway_page.py``; the host module's logic under Node (``tests/js``)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

import psoas_lesson.takeaway
from psoas_lesson import takeaway
from psoas_lesson.catalog import load_catalog
from psoas_lesson.paths import data_dir
from psoas_lesson.routine import Routine, applied_dose, save_routine
from psoas_lesson.steps import render_steps
from psoas_lesson.takeaway import takeaway_html, write_takeaway
from psoas_lesson.timeline import compile_timeline
from psoas_lesson.widgets.builder import routine_builder
from psoas_lesson.widgets.timer import PAGE_MODULE
from psoas_lesson.widgets.timer_payload import look_payload, no_figures, timer_payload

from .helpers import assert_html_safe, replace_in
from .test_cli_handout_log import one_line_exit_2, run

HOSTILE_NAME = "</script><script>alert(1)</script><!--<script>"
# The XML namespaces of inline SVG: names, never fetched.
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


class Page(HTMLParser):
    """The page as a browser parses it: its elements with their attributes, the text of each
    script element, and the text a reader sees."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []
        self._script: dict | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)

    def data(self, element_id: str):
        """The JSON in the data block ``element_id``, decoded."""
        (text,) = [text for attrs, text in self.scripts if attrs.get("id") == element_id]
        return json.loads(text)


@pytest.fixture(scope="module")
def warmup(catalog) -> str:
    return takeaway_html("class-warmup", catalog)


def test_the_page_holds_the_timer_the_routine_and_its_poses(catalog, warmup):
    page = Page(warmup)
    routine = catalog.routine("class-warmup")
    timeline = compile_timeline(routine, catalog)
    model = page.data("psoas-page-data")["model"]
    assert model["payload"] == json.loads(json.dumps(timer_payload(timeline, catalog)))
    assert model["look"] == look_payload()
    assert set(model["pose_frames"]) == {
        f"{s.exercise}/{s.side or 'both'}" for s in timeline.segments if s.exercise
    } | {  # a move on a beat shows each beat's side: Frankensteins' left lifts, too
        beat["pose"] for s in model["payload"]["segments"] for beat in s["beats"]
    }
    assert (model["size"], model["sound"], model["voice"]) == ("projector", True, True)
    # the timer's own code and stylesheet, as the notebook runs them, and the host module
    assert page.data("psoas-timer-module") == PAGE_MODULE.read_text(encoding="utf-8")
    assert page.data("psoas-host-module") == takeaway.HOST_MODULE.read_text(encoding="utf-8")
    assert takeaway.TIMER_CSS.read_text(encoding="utf-8") in warmup
    assert takeaway.PAGE_CSS.read_text(encoding="utf-8") in warmup


def test_the_page_shows_the_steps_from_the_applied_dose_and_the_safety_notice(catalog, warmup):
    text = " ".join(Page(warmup).text)
    routine = catalog.routine("class-warmup")
    assert routine.name in text and routine.description in text
    assert catalog.guidance.safety_notice in text
    positions = []
    exercises = text[text.index("The exercises") :]
    for entry in routine.entries:
        exercise = catalog.exercise(entry.exercise)
        steps = render_steps(exercise, applied_dose(exercise, entry, routine.settings))
        positions.append(exercises.index(exercise.name))
        assert all(step in text for step in steps), exercise.id
        assert all(caution in text for caution in exercise.cautions), exercise.id
    assert positions == sorted(positions)
    # a dose the routine changed is the one its steps say: 10 bridges in this warm-up, not 15
    assert "for 10 bridges in all." in text and "15 bridges" not in text
    # the safety notice comes before the timer, the steps after it
    assert warmup.index("Safety first") < warmup.index('id="psoas-page-timer"')


def test_the_only_script_that_runs_is_the_loader_allowed_by_its_hash(warmup):
    page = Page(warmup)
    types = [attrs.get("type") for attrs, _ in page.scripts]
    assert types == ["application/json"] * 3 + ["module"]
    assert page.scripts[-1][1] == takeaway.LOADER
    (csp,) = [
        attrs["content"]
        for tag, attrs in page.elements
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    policy = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert policy["default-src"] == "'none'" and policy["connect-src"] == "'none'"
    assert policy["script-src"] == f"'{takeaway._hash(takeaway.LOADER)}' blob:"
    assert policy["img-src"] == "data:"
    # the policy comes before anything it governs
    assert warmup.index("Content-Security-Policy") < warmup.index("<style")


def test_the_page_names_nothing_a_browser_would_fetch(warmup):
    page = Page(warmup)
    for tag, attrs in page.elements:
        for name in ("src", "href", "action", "formaction", "poster", "srcset", "data"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith(("#", "data:")), f"<{tag} {name}={value[:80]!r}>"
    assert "@import" not in warmup and not re.search(r"url\(\s*['\"]?(?!data:)", warmup)
    found = set(re.findall(r"https?://[^\s\"'<>\\)]+", warmup))
    assert found <= NAMESPACES, f"addresses in the page: {sorted(found - NAMESPACES)[:5]}"
    # nor does the code it runs reach for the network
    for module in ("psoas-timer-module", "psoas-host-module"):
        code = page.data(module)
        assert not re.search(r"\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon", code)
        assert not re.search(r"https?://", code)


def test_the_page_is_the_same_for_the_same_routine(catalog, warmup):
    assert takeaway_html("class-warmup", catalog) == warmup  # nothing dated, nothing random
    path = data_dir() / "routines" / "class-warmup.json"
    assert (
        takeaway_html(path, catalog)
        == warmup
        == takeaway_html(catalog.routine("class-warmup"), catalog)
    )


# -- escaping -----------------------------------------------------------------------------------


def assert_sealed(text: str, payload: str, catalog_name: str) -> Page:
    """Nothing in the data made markup or a script: the page has exactly its own four script
    elements, each JSON block decodes, and the payload is there as text and as data."""
    page = Page(text)
    assert text.lower().count("<script") == 4 and text.lower().count("</script") == 4
    assert [attrs.get("id") for attrs, _ in page.scripts] == [
        "psoas-page-data", "psoas-timer-module", "psoas-host-module", None,
    ]  # fmt: skip
    assert page.data("psoas-page-data")["model"]["payload"]["name"] == catalog_name
    # the body without our own scripts and link holds no markup of the payload's
    body = re.sub(r"<script\b[^>]*>.*?</script>", "", text, flags=re.S)
    body = body[body.index("<body") :].replace(
        '<a href="#psoas-page-timer" id="psoas-page-go" class="psoas-page-button psoas-page-go">'
        "Go to the timer</a>",
        "",
    )
    assert_html_safe([body], payload)
    return page


def test_hostile_names_in_a_routine_file_stay_text_and_data(catalog, tmp_path):
    path = tmp_path / "hostile.json"
    routine = Routine.of("kneeling-lunge", "glute-bridge", name=HOSTILE_NAME)
    save_routine(
        Routine(
            name=routine.name,
            entries=routine.entries,
            description="<img src=x onerror=alert(1)> & \u2028 ]]> \" ' \U0001f9d8",
            id="hostile",
        ),
        path,
    )
    text = takeaway_html(path, catalog)
    page = assert_sealed(text, HOSTILE_NAME, HOSTILE_NAME)
    assert "<img src=x onerror=alert(1)> & \u2028 ]]>" in " ".join(page.text)


def test_a_hostile_corpus_routine_stays_text(catalog):
    path = Path(__file__).parent / "bad_inputs" / "ok-routine-html-name.json"
    name = json.loads(path.read_text(encoding="utf-8"))["name"]
    assert_sealed(takeaway_html(path, catalog), name, name)


def test_hostile_exercise_data_stays_text_and_data(data_copy):
    replace_in(
        data_copy / "exercises.yaml",
        "name: Kneeling lunge stretch",
        "name: Kneeling </script><script>alert(1)</script> lunge",
    )
    catalog = load_catalog(base_dir=data_copy)
    text = takeaway_html("daily-short", catalog, figures=no_figures)
    page = assert_sealed(text, "</script><script>alert(1)</script>", "Short daily routine")
    names = {s["name"] for s in page.data("psoas-page-data")["model"]["payload"]["segments"]}
    assert "Kneeling </script><script>alert(1)</script> lunge" in names


def test_script_json_cannot_close_its_element():
    for value in ["</script>", "</SCRIPT >", "<!--", "<script>", "a & b", "\u2028\u2029"]:
        written = takeaway.script_json({"x": [value]})
        assert "<" not in written and ">" not in written and "&" not in written
        assert json.loads(written) == {"x": [value]}


# -- writing ------------------------------------------------------------------------------------


def test_write_takeaway_writes_the_page_whole_and_says_where(catalog, tmp_path):
    target = tmp_path / "out" / "warmup.html"
    written = write_takeaway("class-warmup", target, catalog)
    assert written.path == target
    assert target.read_text(encoding="utf-8") == takeaway_html("class-warmup", catalog)
    assert [p.name for p in target.parent.iterdir()] == ["warmup.html"]  # no temporary left
    shown = written.bundle(full_path=True)
    assert (
        f"Take-away page for “Class warm-up” written to {target.resolve()}:" in shown["text/plain"]
    )
    assert 'href="' in shown["text/html"] and "no internet" in shown["text/html"]


def test_a_page_that_fails_midway_leaves_the_old_file(catalog, tmp_path, monkeypatch):
    target = tmp_path / "warmup.html"
    target.write_text("the old page", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("the figures failed")

    monkeypatch.setattr(takeaway, "takeaway_html", broken)
    with pytest.raises(RuntimeError):
        write_takeaway("class-warmup", target, catalog)
    assert target.read_text(encoding="utf-8") == "the old page"
    assert [p.name for p in tmp_path.iterdir()] == ["warmup.html"]


# -- the command line ---------------------------------------------------------------------------


def test_page_writes_the_page_and_prints_its_path(capsys, tmp_path):
    target = tmp_path / "my-routine.html"
    code, out, err = run(capsys, "page", "daily-short", "--out", target)
    assert (code, err) == (0, "") and out.strip() == str(target)
    assert "Short daily routine" in target.read_text(encoding="utf-8")


def test_page_reads_a_routine_file_and_names_the_page_after_it(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "page", data_dir() / "routines" / "class-warmup.json")
    assert code == 0 and out.strip() == "class-warmup-practice.html"
    assert "Class warm-up" in (tmp_path / "class-warmup-practice.html").read_text(encoding="utf-8")


def test_page_takes_a_teachers_routine_by_id(capsys, tmp_path, monkeypatch):
    mine = tmp_path / "mine"
    (mine / "routines").mkdir(parents=True)
    evening = replace(Routine.of("camel-pose", name="Evening hips"), id="evening-hips")
    save_routine(evening, mine / "routines" / "evening-hips.json")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "page", "evening-hips", "--data-dir", mine)
    assert (code, err) == (0, "") and out.strip() == "evening-hips-practice.html"


@pytest.mark.parametrize(
    "argv,expected",
    [
        (["no-such-routine"], "page: unknown routine 'no-such-routine'"),
        (["missing.json"], "page: missing.json: no such file"),
        (["broken.json"], "page: broken.json: line 1, column 2: invalid JSON"),
        (["daily-short", "--out", "a-folder"], "page: a-folder: cannot be written"),
        (["daily-short", "--data-dir", "no-such-dir"], "page: no-such-dir"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    capsys, tmp_path, monkeypatch, argv, expected
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.json").write_text("{nope", encoding="utf-8")
    (tmp_path / "a-folder").mkdir()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    one_line_exit_2(*run(capsys, "page", *argv), expected)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_the_page_never_overwrites_the_routine_file_it_is_made_from(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    routine = save_routine(Routine.of("camel-pose", name="Mine"), tmp_path / "my-routine.json")
    before = routine.read_bytes()
    one_line_exit_2(
        *run(capsys, "page", "my-routine.json", "--out", "./my-routine.json"),
        "page: my-routine.json: is the routine file itself",
    )
    assert routine.read_bytes() == before and sorted(tmp_path.iterdir()) == [routine]


def test_page_without_a_routine_is_a_usage_error(capsys):
    code, out, err = run(capsys, "page")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


# -- the builder's "Take it with you" button -----------------------------------------------------


@pytest.fixture
def two(catalog, monkeypatch):
    from psoas_lesson.charts import svg_timeline

    monkeypatch.setattr(svg_timeline, "timeline_svg", lambda timeline: "<svg></svg>")
    return routine_builder(Routine.of("kneeling-lunge", "glute-bridge"), catalog=catalog)


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_the_builder_button_writes_the_page_beside_the_routine_file(two, tmp_path, monkeypatch):
    calls = []
    real = psoas_lesson.takeaway.write_takeaway

    def write(routine, path, catalog=None):
        calls.append((routine, path, catalog))
        return real(routine, path, catalog)

    monkeypatch.setattr(psoas_lesson.takeaway, "write_takeaway", write)
    monkeypatch.chdir(tmp_path)
    two.path.value = "mine.json"
    assert "psoas-builder-takeaway" in two.takeaway_button._dom_classes
    assert two.takeaway_button.description == "Take it with you"
    two.takeaway_button.click()
    assert calls == [(two.routine, Path("mine-practice.html"), two.catalog)]
    page = (tmp_path / "mine-practice.html").read_text(encoding="utf-8")
    assert Page(page).data("psoas-page-data")["model"]["payload"]["name"] == two.routine.name
    (shown,) = two.handout_link.outputs
    full = str((tmp_path / "mine-practice.html").resolve())
    assert f"written to {full}:" in shown["data"]["text/plain"]
    assert 'href="mine-practice.html"' in shown["data"]["text/html"]
    assert two.message.value == "" or _text(two.message.value) == ""


def test_the_builder_button_says_why_it_wrote_nothing(catalog, tmp_path, monkeypatch):
    empty = routine_builder(catalog=catalog)
    empty.takeaway_button.click()
    assert "at least one exercise" in _text(empty.message.value)
    assert empty.handout_link.outputs == ()

    def refuse(routine, path, catalog=None):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(psoas_lesson.takeaway, "write_takeaway", refuse)
    two = routine_builder(Routine.of("camel-pose"), catalog=catalog)
    two.path.value = str(tmp_path / "mine.json")
    two.takeaway_button.click()
    assert "Permission denied" in _text(two.message.value)
    assert two.handout_link.outputs == ()
