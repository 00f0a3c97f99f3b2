from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from psoas_lesson.catalog import load_catalog
from psoas_lesson.paths import data_dir


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the built-in data directory to break."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


class FakeClock:
    """A clock for the timer core and widget that moves only when a test says so."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
