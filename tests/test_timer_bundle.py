"""The timer's page as anywidget loads it: ``widgets/timer.bundle.js``, built from ``timer.js`` and
``timer_core.js`` by esbuild (``make bundle``) and committed, so the lesson itself needs no Node.

The bundle must be one module without imports (anywidget imports it from a blob: URL, where a
relative import cannot be resolved; a page opened from a file can inline it), and it must be
what building the sources gives today, byte for byte."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from psoas_lesson.widgets.timer import PAGE_MODULE, RoutineTimer

REPO = Path(__file__).resolve().parents[1]
ESBUILD = REPO / "node_modules" / "esbuild"


def _node() -> str:
    found = shutil.which("node")
    assert found, "node (Node.js 20 or later) is needed to check the timer page's bundle"
    return found


def test_the_widget_loads_the_bundle_and_the_stylesheet_by_path():
    assert str(RoutineTimer._esm) == PAGE_MODULE.read_text(encoding="utf-8")
    assert Path(RoutineTimer._esm._path) == PAGE_MODULE  # a file: anywidget can reload it live
    assert Path(RoutineTimer._css._path).name == "timer.css"


def test_the_bundle_is_one_module_without_imports_that_can_be_inlined():
    bundle = PAGE_MODULE.read_text(encoding="utf-8")
    assert not re.search(r"^\s*import\b|\bimport\(", bundle, re.MULTILINE)
    assert not re.search(r"https?://", bundle)
    assert "</script" not in bundle.lower()  # a <script type="module"> can hold it whole


def test_the_bundle_exports_anywidgets_default_and_a_mount_for_pages_without_jupyter(tmp_path):
    # Imported by node as it is: its top level touches no page, so it loads without a DOM.
    probe = (
        f"const m = await import({json.dumps(PAGE_MODULE.as_uri())});"
        "const w = m.default();"
        "console.log(JSON.stringify({exports: Object.keys(m).sort(), default: typeof m.default,"
        " widget: Object.keys(w).sort()}));"
    )
    result = subprocess.run(
        [_node(), "--input-type=module", "-e", probe], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    # No module-level `render`: anywidget would use it instead of the default export.
    assert json.loads(result.stdout) == {
        "exports": ["default", "mount"],
        "default": "function",
        "widget": ["initialize", "render"],
    }


def test_rebuilding_the_bundle_gives_the_same_bytes(tmp_path):
    if not ESBUILD.is_dir():
        pytest.skip(
            "NOT CHECKED: esbuild is not installed (node_modules/esbuild), so the committed "
            "timer.bundle.js was not compared with timer.js and timer_core.js. Run `make bundle` "
            "(it needs npm) and run this test again."
        )
    rebuilt = tmp_path / "timer.bundle.js"
    result = subprocess.run(
        [_node(), str(REPO / "tools" / "bundle.mjs"), str(rebuilt)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,  # the bundle does not depend on where it is built from
    )
    assert result.returncode == 0, result.stderr
    assert rebuilt.read_bytes() == PAGE_MODULE.read_bytes(), (
        "timer.bundle.js is not what timer.js and timer_core.js build to: run `make bundle` "
        "and commit it"
    )
