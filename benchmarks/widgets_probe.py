"""Find parts of a widget tree by their CSS class, the way the browser tests do."""

from __future__ import annotations

from typing import Any, Iterator


def walk(widget: Any) -> Iterator[Any]:
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def part(widget: Any, css_class: str) -> Any:
    for node in walk(widget):
        if css_class in (getattr(node, "_dom_classes", ()) or ()):
            return node
    raise LookupError(f"no part with class {css_class!r}")


def core_timer(widget: Any) -> Any:
    """The timer core a routine timer widget drives."""
    from psoas_lesson.timer import Timer

    for value in vars(widget).values():
        if isinstance(value, Timer):
            return value
    for name in ("timer", "core", "_timer", "_core"):
        value = getattr(widget, name, None)
        if isinstance(value, Timer):
            return value
    raise LookupError("the routine timer does not expose its Timer core")
