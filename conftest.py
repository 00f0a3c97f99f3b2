"""pytest's settings that pyproject.toml cannot hold: a notebook named on the command line
(``pytest notebooks/03_stretch_library.ipynb``, or the folder) is run and compared by nbval
without ``--nbval``, while ``pytest tests/test_x.py`` and a bare ``pytest`` start without nbval
(``make test`` passes ``--nbval``); nbval sanitises with ``tests/nbval_sanitize.cfg``."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
SANITIZE = Path(__file__).resolve().parent / "tests" / "nbval_sanitize.cfg"


def pytest_configure(config):
    # A chart's PNG inside its <img> is not compared, as nbval skips image/png (the file says why).
    if getattr(config.option, "nbval_sanitize_with", "unset") is None:
        config.option.nbval_sanitize_with = str(SANITIZE)
    if config.args_source is not pytest.Config.ArgsSource.ARGS or config.option.nbval_lax:
        return
    named = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    if any(path.suffix == ".ipynb" or path == NOTEBOOKS for path in named):
        config.option.nbval = True
