"""The stylesheets the lesson's anywidgets ship: each its own, after the shared focus ring."""

from __future__ import annotations

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
