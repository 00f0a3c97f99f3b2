"""`make lesson` / `psoas-lesson lab`: JupyterLab opens on the start notebook, also as root."""

from __future__ import annotations

import os

import pytest

from psoas_lesson import launch


@pytest.mark.parametrize("uid, allowed", [(0, True), (1000, False)])
def test_lab_opens_the_start_notebook_and_allows_root_only_as_root(
    monkeypatch, tmp_path, uid, allowed
):
    monkeypatch.setattr(os, "geteuid", lambda: uid)
    command = launch.lab_command(tmp_path / launch.START)
    assert command[1:4] == ["-m", "jupyter", "lab"]
    assert command[4].endswith("00_start_here.ipynb")
    assert ("--allow-root" in command) is allowed


def test_the_checkouts_own_notebooks_are_opened_in_place():
    folder = launch.lesson_notebooks()
    assert (folder / launch.START).is_file() and (folder.parent / "pyproject.toml").is_file()


def test_an_installed_lesson_copies_notebooks_without_overwriting_a_learners_edits(tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / launch.START).write_text("my notes")
    folder = launch.lesson_notebooks(target)
    assert (folder / launch.START).read_text() == "my notes"
    assert (folder / "04_routine_timer.ipynb").is_file()


def test_installing_the_lesson_sets_jupyter_to_save_the_widgets_with_a_notebook():
    """``pip install`` of the package (``make``, or ``pip install -r requirements.txt`` on a
    class server) puts the lesson's settings where JupyterLab and Notebook 7 read them."""
    import json
    import sys
    from pathlib import Path

    import psoas_lesson

    ours = Path(psoas_lesson.__file__).with_name("lab") / "overrides.json"
    installed = Path(sys.prefix, "share/jupyter/lab/settings/overrides.d/psoas-lesson.json")
    assert installed.is_file(), f"not installed: {installed}"
    assert json.loads(installed.read_text()) == json.loads(ours.read_text())
    assert json.loads(ours.read_text())["@jupyter-widgets/jupyterlab-manager:plugin"] == {
        "saveState": True
    }
