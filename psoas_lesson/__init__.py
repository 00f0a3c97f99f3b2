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
_LAZY: dict[str, str] = {}

__all__ = [
    "Catalog", "DataError", "Entry", "Routine", "Segment", "Settings", "State", "Timeline", "Timer",
    "TimerEvent", "compile_timeline", "default_catalog", "load_catalog", "load_routine", "save_routine",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'psoas_lesson' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
