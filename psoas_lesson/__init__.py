"""psoas-lesson: an interactive lesson on the psoas muscle.

The core (models, catalog, routine, timeline, timer) imports no widget or plotting library.
Charts and widgets are loaded on first use, so ``import psoas_lesson`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .catalog import Catalog, default_catalog, load_catalog
from .errors import DataError
from .routine import Entry, Routine, Settings, load_routine, save_routine
from .timeline import Segment, Timeline, compile_timeline
from .timer import State, Timer, TimerEvent

__version__ = "0.1.0"

# name -> module that defines it, imported when first asked for
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        [
            "anatomy_topic",
            "article_problems",
            "benefits",
            "class_plan",
            "disagreements",
            "discussion_prompts",
            "fibre_study",
            "fibre_types",
            "guidelines",
            "psoas_length_groups",
            "routine_summary",
            "safety_box",
        ],
        ".displays",
    ),
    "anatomy_schematic": ".charts.anatomy",
    "fibre_chart": ".charts.fibres",
    "regional_chart": ".charts.fibres",
    "timeline_chart": ".charts.routine",
    "balance_chart": ".charts.routine",
    "practice_chart": ".charts.practice",
    "psoas_length_chart": ".charts.psoas_length",
    "pose_svg": ".figures",
    "exercise_figures": ".figures",
    "anatomy_explorer": ".widgets.explorers",
    "fibre_explorer": ".widgets.explorers",
    "exercise_card": ".widgets.cards",
    "exercise_browser": ".widgets.cards",
    "show_exercise": ".widgets.cards",
    "quiz": ".widgets.quiz",
    "routine_builder": ".widgets.builder",
    "routine_timer": ".widgets.timer",
    "stop_all_timers": ".widgets.timer",
    "PracticeLog": ".practice",
    "Session": ".practice",
    "handout_html": ".handout",
    "write_handout": ".handout",
    "poster_html": ".poster",
    "write_poster": ".poster",
    "takeaway_html": ".takeaway",
    "write_takeaway": ".takeaway",
    "class_view": ".classroom",
}
# American spellings a reader may type, for the same functions
_ALIASES = {"fiber_chart": "fibre_chart", "fiber_explorer": "fibre_explorer"}

__all__ = [
    "Catalog",
    "DataError",
    "Entry",
    "Routine",
    "Segment",
    "Settings",
    "State",
    "Timeline",
    "Timer",
    "TimerEvent",
    "compile_timeline",
    "default_catalog",
    "load_catalog",
    "load_routine",
    "save_routine",
    *_LAZY,
    *_ALIASES,
]


def __getattr__(name: str) -> Any:
    target = _ALIASES.get(name, name)
    module = _LAZY.get(target)
    if module is None:
        raise AttributeError(f"module 'psoas_lesson' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), target)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_ALIASES))
