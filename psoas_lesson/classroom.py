"""The class view: a routine picker, a projector-sized timer and the safety notice, served with
Voilà so a class sees the lesson's timer and no code.

``python -m psoas_lesson.classroom --port 8866`` (what ``make class`` runs) serves
``notebooks/class_view.ipynb`` on this computer only; that notebook calls :func:`class_view`.
Voilà runs one kernel per browser tab, so each tab has its own timer.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .catalog import Catalog, default_catalog
from .paths import notebooks_dir

CLASS_NOTEBOOK = "class_view.ipynb"
DEFAULT_PORT = 8866
TITLE = "Psoas class timer"
# A Jupyter data folder holding the class view's Voilà template (voila/templates/psoas-class):
# Voilà's "lab" template, with its two CDN stylesheets made empty so the page works offline.
TEMPLATES = Path(__file__).parent / "voila"
TEMPLATE = "psoas-class"
STYLESHEET = Path(__file__).with_name("classroom.css")  # the view's own layout


def class_view(
    routine_id: str | None = None,
    catalog: Catalog | None = None,
    *,
    sound: bool = True,
    figures: Any = None,
) -> Any:
    """A dropdown of the ready routines above a timer that fills the screen, with the safety
    notice under it: the whole view fits the browser window, from a phone to a projector.

    Starts on ``routine_id``, else the routine the class plan names. Choosing another routine
    replaces the timer (the timer's own registry stops the old one, so only one ever runs).
    ``figures`` is the timer's pose-figure provider (see :func:`routine_timer`).
    """
    import ipywidgets as widgets

    from .displays import safety_box
    from .html import tag

    catalog = catalog or default_catalog()
    routines = {routine.id: routine for routine in catalog.routines}
    if routine_id is not None:
        chosen = catalog.routine(routine_id).id  # an unknown id: DataError naming the ready ones
    elif catalog.teaching.routine in routines:
        chosen = catalog.teaching.routine
    else:
        chosen = next(iter(routines))

    title = widgets.HTML(tag("h1", TITLE, class_="psoas-class-title-text"))
    title.add_class("psoas-class-title")
    picker = widgets.Dropdown(
        options=[(routine.name, routine.id) for routine in routines.values()],
        value=chosen,
        description="Routine",
        layout=widgets.Layout(width="auto", max_width="32em"),
    )
    picker.add_class("psoas-class-routine")
    about = widgets.HTML()
    about.add_class("psoas-class-about")
    holder = widgets.Box(layout=widgets.Layout(width="100%"))
    holder.add_class("psoas-class-timer")

    def show(routine_key: str) -> None:
        routine = routines[routine_key]
        about.value = tag("p", routine.description, class_="psoas-class-about-text")
        holder.children = (_projector_timer(routine, catalog, sound, figures),)

    picker.observe(lambda change: show(change["new"]), names="value")
    show(chosen)
    notice = widgets.HTML(safety_box(catalog).html)
    notice.add_class("psoas-class-safety")
    header = widgets.HBox([title, picker])
    header.add_class("psoas-class-header")
    # The view's stylesheet lays it out to fill the browser window; its holder takes no room.
    layout = widgets.HTML(
        f"<style>{STYLESHEET.read_text(encoding='utf-8')}</style>",
        layout=widgets.Layout(display="none"),
    )
    view = widgets.VBox([layout, header, about, holder, notice])
    view.add_class("psoas-class-view")
    return view


def _projector_timer(routine, catalog: Catalog, sound: bool, figures: Any):
    from .widgets.timer import routine_timer

    return routine_timer(routine, catalog=catalog, sound=sound, size="projector", figures=figures)


def class_notebook() -> Path:
    return notebooks_dir() / CLASS_NOTEBOOK


def trust(notebook: Path) -> None:
    """Sign the notebook as trusted, like ``jupyter trust`` does (Voilà warns otherwise)."""
    import nbformat
    from nbformat.sign import NotebookNotary

    with open(notebook, encoding="utf-8") as file:
        document = nbformat.read(file, as_version=4)
    notary = NotebookNotary()
    if not notary.check_signature(document):
        notary.sign(document)


def voila_arguments(notebook: Path, port: int, open_browser: bool) -> list[str]:
    arguments = [
        str(notebook),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--theme=light",
        f"--template={TEMPLATE}",
    ]
    if not open_browser:
        arguments.append("--no-browser")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m psoas_lesson.classroom",
        description="Serve the class view with Voila on this computer: the routine timer, "
        "projector-sized, and no code.",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to serve on (default {DEFAULT_PORT})"
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--notebook",
        type=Path,
        default=None,
        help=f"serve this notebook instead of the lesson's {CLASS_NOTEBOOK}",
    )
    args = parser.parse_args(argv)

    notebook = (args.notebook or class_notebook()).resolve()
    if not notebook.is_file():
        print(f"psoas-lesson: no notebook at {notebook}", file=sys.stderr)
        return 2
    try:
        from voila.app import Voila
    except ImportError:
        print(
            "psoas-lesson: the class view needs Voila: pip install -r requirements.txt",
            file=sys.stderr,
        )
        return 2
    trust(notebook)
    # Voilà finds templates in the Jupyter data folders: the lesson's comes first.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(TEMPLATES), *filter(None, [os.environ.get("JUPYTER_PATH")])]
    )
    print(
        f"Serving the class view at http://127.0.0.1:{args.port}/ (Ctrl-C to stop)", file=sys.stderr
    )
    Voila.launch_instance(argv=voila_arguments(notebook, args.port, not args.no_browser))
    return 0


if __name__ == "__main__":
    sys.exit(main())
