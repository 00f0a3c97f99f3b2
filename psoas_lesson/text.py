"""Numbers as the lesson writes them, in one place (a leaf module: models import it too)."""

from __future__ import annotations


def number(value: float) -> str:
    """A dose number as people write it: ``30``, ``2.5``, never ``30.0``."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
