"""Open JupyterLab on the lesson's start notebook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .catalog import ENV_DATA_DIRS, data_dirs_variable
from .paths import notebooks_dir

START = "00_start_here.ipynb"


def lesson_notebooks(target: Path | None = None) -> Path:
    """The folder of notebooks to open: the checkout's own, or a copy of the installed ones."""
    source = notebooks_dir()
    in_checkout = (source.parent / "pyproject.toml").is_file()
    if in_checkout and target is None:
        return source
    target = Path(target or Path.home() / "psoas-lesson")
    target.mkdir(parents=True, exist_ok=True)
    for notebook in sorted(source.glob("*.ipynb")):
        if not (target / notebook.name).exists():  # never overwrite a learner's edited copy
            shutil.copy2(notebook, target / notebook.name)
    return target


def lab_command(notebook: Path) -> list[str]:
    """The command that opens JupyterLab on ``notebook``."""
    command = [sys.executable, "-m", "jupyter", "lab", str(notebook)]
    # Jupyter refuses to start as root unless told; a container or a CI machine often is root,
    # and the learner asked for exactly this by typing `make lesson`.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def open_lab(target: Path | None, extra_data_dirs: list[str]) -> int:
    folder = lesson_notebooks(target)
    env = dict(os.environ)
    if extra_data_dirs:
        env[ENV_DATA_DIRS] = data_dirs_variable(extra_data_dirs, env.get(ENV_DATA_DIRS, ""))
    command = lab_command(folder / START)
    print(f"Opening JupyterLab on {folder / START} (Ctrl-C to stop)", file=sys.stderr)
    try:
        return subprocess.call(command, cwd=folder, env=env)
    except KeyboardInterrupt:
        return 0
