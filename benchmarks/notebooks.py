"""Notebooks: time to execute every notebook headless (the seven lesson notebooks and the class
view), one kernel each, one after another."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from .report import Result

GOAL_S = 60.0
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def run() -> Result:
    import nbformat
    from nbclient import NotebookClient

    rows, total, startups = [], 0.0, []
    with tempfile.TemporaryDirectory() as scratch:
        # A copy, so the handout a notebook writes lands in the scratch folder, not the repo.
        for source in sorted(NOTEBOOKS.glob("*.ipynb")):
            path = Path(scratch) / source.name
            shutil.copy(source, path)
            notebook = nbformat.read(path, as_version=4)
            client = NotebookClient(
                notebook,
                timeout=300,
                kernel_name="python3",
                resources={"metadata": {"path": scratch}},
            )
            started = time.perf_counter()
            with client.setup_kernel():
                ready = time.perf_counter()
                for index, cell in enumerate(notebook.cells):
                    client.execute_cell(cell, index)
            finished = time.perf_counter()
            startups.append(ready - started)
            total += finished - started
            rows.append(
                [
                    source.name,
                    f"{len(notebook.cells)}",
                    f"{ready - started:.2f} s",
                    f"{finished - ready:.2f} s",
                    f"{finished - started:.2f} s",
                ]
            )
    rows.append(
        [
            "**all**",
            "",
            f"{sum(startups):.2f} s",
            f"{total - sum(startups):.2f} s",
            f"**{total:.2f} s**",
        ]
    )
    return Result(
        "Notebooks",
        f"every notebook executed headless in under {GOAL_S:.0f} s in all",
        total < GOAL_S,
        ["notebook", "cells", "kernel start", "cells run", "total"],
        rows,
        "nbclient, one fresh `python3` kernel per notebook, run one after another (as nbval "
        "does), on copies in a scratch folder.",
        [
            "Kernel start-up is a fixed cost per notebook that the lesson cannot shorten; the "
            "'cells run' column is the lesson's own work (imports of matplotlib and ipywidgets, "
            "drawing charts)."
        ],
    )
