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
