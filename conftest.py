"""pytest's settings that pyproject.toml cannot hold: a notebook named on the command line
(``pytest notebooks/03_stretch_library.ipynb``, or the folder) is run and compared by nbval
without ``--nbval``, while ``pytest tests/test_x.py`` and a bare ``pytest`` start without nbval
(``make test`` passes ``--nbval``)."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


def pytest_configure(config):
    if config.args_source is not pytest.Config.ArgsSource.ARGS or config.option.nbval_lax:
        return
    named = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    if any(path.suffix == ".ipynb" or path == NOTEBOOKS for path in named):
        config.option.nbval = True
