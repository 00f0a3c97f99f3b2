"""What the lesson's small anywidgets ship: each its stylesheet after the shared focus ring, and
its module with the shared helpers (``widget_dom.js``) in place of its import of them."""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).parent
FOCUS_CLASS = "psoas-ui"  # on each of the lesson's widgets, so focus.css reaches only them


def stylesheet(name: str) -> str:
    """``focus.css`` followed by the widget's own ``name`` (a file next to this one)."""
    return (
        (HERE / "focus.css").read_text(encoding="utf-8")
        + "\n"
        + (HERE / name).read_text(encoding="utf-8")
    )


SHARED_IMPORT = re.compile(r'^import \{[^}]*\} from "\./widget_dom\.js";$', re.MULTILINE)


def module(name: str) -> str:
    """The widget's module ``name`` as anywidget can load it: from a blob: URL, where the
    relative import of ``widget_dom.js`` could not be resolved, so that file stands in its
    place (its ``export``s are harmless there)."""
    source = (HERE / name).read_text(encoding="utf-8")
    shared = (HERE / "widget_dom.js").read_text(encoding="utf-8")
    inlined, count = SHARED_IMPORT.subn(lambda _: shared, source)
    if count != 1:
        raise ValueError(f"{name}: expected one import from ./widget_dom.js, found {count}")
    return inlined
