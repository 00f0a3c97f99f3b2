"""The class view's parts that need no browser: what it is made of, its Voilà arguments, and the
offline template (the browser tests in tests/e2e/test_class_mode.py show it)."""

from __future__ import annotations

import re
from pathlib import Path

from jupyter_core.paths import jupyter_path

from psoas_lesson import classroom
from psoas_lesson.widgets.timer import RoutineTimer, stop_all_timers

TEMPLATE = classroom.TEMPLATES / "voila" / "templates" / classroom.TEMPLATE


def _find(view, kind):
    stack = [view]
    while stack:
        widget = stack.pop()
        if isinstance(widget, kind):
            return widget
        stack.extend(getattr(widget, "children", ()))
    return None


def test_the_class_view_holds_a_projector_timer_with_the_given_pose_figures():
    frame = {"svg": "<svg viewBox='0 0 1 1'></svg>", "alt": "a pose"}
    view = classroom.class_view(figures=lambda exercise, side: [frame])
    try:
        timer = _find(view, RoutineTimer)
        assert timer.size == "projector" and timer.pose_frames
        assert "psoas-class-view" in view._dom_classes
        # its own layout travels with it, in a holder that takes no room
        style = view.children[0]
        assert style.value == f"<style>{classroom.STYLESHEET.read_text(encoding='utf-8')}</style>"
        assert style.layout.display == "none" and ".psoas-class-view {" in style.value
        assert "</style" not in classroom.STYLESHEET.read_text(encoding="utf-8")
    finally:
        stop_all_timers()


def test_voila_serves_the_lesson_template_on_this_computer_only():
    arguments = classroom.voila_arguments(Path("class_view.ipynb"), 8866, open_browser=False)
    assert "--template=psoas-class" in arguments and "--Voila.ip=127.0.0.1" in arguments
    assert (TEMPLATE / "conf.json").is_file() and (TEMPLATE / "index.html.j2").is_file()


def test_the_template_empties_exactly_the_cdn_links_voilas_own_template_has():
    ours = (TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    replaced = re.findall(r'replace\("(https://[^"]+)", "data:text/css,"\)', ours)
    theirs = next(
        Path(folder, "voila", "templates", "lab", "index.html.j2").read_text(encoding="utf-8")
        for folder in jupyter_path()
        if Path(folder, "voila", "templates", "lab", "index.html.j2").is_file()
    )
    linked = re.findall(r'href="(https?://[^"]+)"', theirs)
    assert linked and sorted(replaced) == sorted(linked), (replaced, linked)
