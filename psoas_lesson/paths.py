"""Where the lesson's own files are, in a checkout or in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

# What a command names the page it writes for a routine without --out: ROUTINE-handout.html.
HANDOUT_SUFFIX = "-handout.html"
PAGE_SUFFIX = "-practice.html"  # the take-away page


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def data_dir() -> Path:
    """The built-in data directory: ``data/`` of a checkout, or the copy inside the wheel."""
    return _first_existing(_PACKAGE / "data", _PACKAGE.parent / "data")


def schema_dir() -> Path:
    return data_dir() / "schema"


def notebooks_dir() -> Path:
    """The lesson's notebooks: ``notebooks/`` of a checkout, or the copy inside the wheel."""
    return _first_existing(_PACKAGE.parent / "notebooks", _PACKAGE / "notebooks")


def user_data_dir() -> Path:
    """Where the lesson keeps a learner's own files (practice log): XDG data home."""
    import os

    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "psoas-lesson"
