"""The class view: a routine picker, a projector-sized timer and the safety notice, served with
Voilà so a class sees the lesson's timer and no code.

``python -m psoas_lesson.classroom --port 8866`` (what ``make class`` runs) serves
``notebooks/class_view.ipynb`` on this computer only; that notebook calls :func:`class_view`.
Voilà runs one kernel per browser tab, so each tab has its own timer.

A teacher's ``--data-dir DIR`` and ``--routine ROUTINE`` reach the notebook's kernel through
environment variables (Voilà starts each kernel with its own environment): ``PSOAS_LESSON_DATA``,
which every catalogue reads, and ``PSOAS_LESSON_CLASS_ROUTINE``, which :func:`class_view` starts
on. Both are checked here first, so bad input is one line before Voilà starts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalog import ENV_DATA_DIRS, Catalog, data_dirs_variable, default_catalog, routine_file
from .cli import EXIT_BAD_INPUT, OneLineParser, terminal_safe
from .errors import DataError
from .html import tag
from .paths import notebooks_dir

if TYPE_CHECKING:
    from .routine import Routine

CLASS_NOTEBOOK = "class_view.ipynb"
DEFAULT_PORT = 8866
TITLE = "Psoas class timer"
# A Jupyter data folder holding the class view's Voilà template (voila/templates/psoas-class):
# Voilà's "lab" template, with its two CDN stylesheets made empty so the page works offline.
TEMPLATES = Path(__file__).parent / "voila"
TEMPLATE = "psoas-class"
ENV_CLASS_ROUTINE = "PSOAS_LESSON_CLASS_ROUTINE"
STYLESHEET = Path(__file__).with_name("classroom.css")  # the view's own layout


def class_view(
    routine: Routine | str | os.PathLike | None = None,
    catalog: Catalog | None = None,
    *,
    sound: bool = True,
    figures: Any = None,
) -> Any:
    """A dropdown of the ready routines (the lesson's and a teacher's own) above a timer that
    fills the screen, with the safety notice under it: on a projector or a laptop the whole view
    fits the browser window; on a phone the timer fills the screen and the notice follows below.

    Starts on ``routine`` (a ready routine's id, a routine file, which joins the dropdown, or a
    Routine), else on ``$PSOAS_LESSON_CLASS_ROUTINE`` (set by ``--routine``), else on the routine
    the class plan names. Choosing another routine replaces the timer (the timer's own registry
    stops the old one, so only one ever runs); while a run is under way (running, or paused
    part-way) a row asks first, and until the answer the picker shows the routine that runs.
    ``figures`` is the timer's pose-figure provider (see :func:`routine_timer`).
    """
    import ipywidgets as widgets

    from .displays import safety_box
    from .widgets.class_view import ClassView

    catalog = catalog or default_catalog()
    routines = list(catalog.routines)
    if routine is None:
        routine = os.environ.get(ENV_CLASS_ROUTINE) or None
    if routine is not None:
        chosen = catalog.resolve_routine(routine)  # an unknown id: DataError naming the ready ones
        if chosen not in routines:
            routines.append(chosen)
    else:
        plan = catalog.teaching.routine
        chosen = next((r for r in routines if r.id == plan), routines[0])

    title = widgets.HTML(tag("h1", TITLE, class_="psoas-class-title-text"))
    title.add_class("psoas-class-title")
    from .widgets.choice import Choice
    from .widgets.styles import FOCUS_CLASS

    # The lesson's own select: its arrow keys stay with it in JupyterLab and Notebook 7 too.
    picker = Choice(
        options=picker_options(routines),
        value=chosen,
        description="Routine",
        layout=widgets.Layout(width="auto", max_width="32em"),
    )
    picker.add_class("psoas-class-routine")
    about = widgets.HTML()
    about.add_class("psoas-class-about")
    holder = widgets.Box(layout=widgets.Layout(width="100%"))
    holder.add_class("psoas-class-timer")

    def show(shown: Routine) -> None:
        about.value = tag(
            "details",
            tag("summary", "About this routine"),
            tag("p", shown.description),
            class_="psoas-class-about-text",
        )
        holder.children = (_class_timer(shown, catalog, sound, figures),)

    asking = _RoutineChange(picker, holder, show)
    show(chosen)
    notice = widgets.HTML(safety_box(catalog).html)
    notice.add_class("psoas-class-safety")
    header = widgets.HBox([title, picker, asking.row])
    header.add_class("psoas-class-header")
    # The view's stylesheet lays it out to fill the browser window; its holder takes no room.
    layout = widgets.HTML(
        f"<style>{STYLESHEET.read_text(encoding='utf-8')}</style>",
        layout=widgets.Layout(display="none"),
    )
    from .widgets.focus_keeper import FocusKeeper

    # Switch and Keep going hide their row once answered: the focus stays in the view.
    view = ClassView(
        [layout, header, about, holder, notice, FocusKeeper()], holder=holder, catalog=catalog
    )
    view.add_class("psoas-class-view")
    view.add_class(FOCUS_CLASS)
    return view


def picker_options(routines: list[Routine]) -> list[tuple[str, Routine]]:
    """The dropdown's (label, routine) pairs: each routine by its name, with its id added where
    two share a name (a teacher's "Warm-up" beside another "Warm-up")."""
    names = [routine.name for routine in routines]
    return [
        (f"{r.name} ({r.id or 'from a file'})" if names.count(r.name) > 1 else r.name, r)
        for r in routines
    ]


class _RoutineChange:
    """The picker's choice, asked first while the timer's run is under way: a row beside the
    picker says what would end, Switch replaces the timer, Keep going leaves it be (the picker
    shows the routine that runs until the answer)."""

    def __init__(self, picker: Any, holder: Any, show: Any):
        import ipywidgets as widgets

        self.picker, self.holder, self.show = picker, holder, show
        self.pending: Routine | None = None
        self.quiet = False  # the picker is being put back, not chosen
        self.text = widgets.HTML()
        self.text.add_class("psoas-class-ask-text")
        self.yes = widgets.Button(description="Switch")
        self.yes.add_class("psoas-class-ask-yes")
        self.no = widgets.Button(description="Keep going")
        self.no.add_class("psoas-class-ask-no")
        self.yes.on_click(lambda _: self.answer(True))
        self.no.on_click(lambda _: self.answer(False))
        self.row = widgets.HBox([self.text, self.yes, self.no])
        self.row.add_class("psoas-class-ask")
        self.row.layout.display = "none"
        picker.observe(self.chosen, names="value")

    @property
    def timer(self) -> Any:
        return self.holder.children[0] if self.holder.children else None

    def chosen(self, change: dict) -> None:
        if self.quiet:
            return
        timer = self.timer
        if timer is None or not timer.under_way:
            self.switch(change["new"])
            return
        self.pending = change["new"]
        self.put_back(change["old"])
        self.text.value = tag(
            "span",
            f"Switch to {self.pending.name}? The run of {timer.name} under way ends; "
            "what was done is logged.",
        )
        self.row.layout.display = "flex"

    def answer(self, yes: bool) -> None:
        self.row.layout.display = "none"
        pending, self.pending = self.pending, None
        if yes and pending is not None:
            self.put_back(pending)
            self.switch(pending)

    def put_back(self, routine: Routine) -> None:
        self.quiet = True
        try:
            self.picker.value = routine
        finally:
            self.quiet = False

    def switch(self, routine: Routine) -> None:
        self.row.layout.display = "none"
        self.pending = None
        self.show(routine)


def _class_timer(routine, catalog: Catalog, sound: bool, figures: Any):
    from .widgets.timer import routine_timer

    return routine_timer(routine, catalog=catalog, sound=sound, size="fill", figures=figures)


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


VOILA_LEAVES_OUT = ["@jupyter-notebook/lab-extension"]


def voila_arguments(notebook: Path, port: int, open_browser: bool) -> list[str]:
    arguments = [
        str(notebook),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--theme=light",
        f"--template={TEMPLATE}",
        # Notebook 7's own front end is a JupyterLab extension that Voilà would load too, and it
        # fails there (its shared modules are not in Voilà's page): the class view needs none.
        f"--VoilaConfiguration.extension_denylist={VOILA_LEAVES_OUT!r}",
    ]
    if not open_browser:
        arguments.append("--no-browser")
    return arguments


def class_environment(
    data_dirs: Sequence[str], routine: str | None, environ: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment variables that give the class view's kernels a teacher's data
    directories and starting routine, after checking both: a DataError says what is wrong."""
    environ = os.environ if environ is None else environ
    catalog = default_catalog(*data_dirs)  # every directory whole and valid, or one DataError
    changes = {}
    if data_dirs:
        changes[ENV_DATA_DIRS] = data_dirs_variable(data_dirs, environ.get(ENV_DATA_DIRS, ""))
    if routine is not None:
        catalog.resolve_routine(routine)
        file = routine_file(routine)
        # the kernel runs in the notebook's folder: a file goes there as an absolute path
        changes[ENV_CLASS_ROUTINE] = str(file.resolve()) if file is not None else routine
    return changes


def main(argv: Sequence[str] | None = None) -> int:
    parser = OneLineParser(
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
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        action="append",
        default=[],
        help="a data directory with your own routines (routines/*.json) and exercises; "
        "its routines join the picker; repeatable",
    )
    parser.add_argument(
        "--routine",
        metavar="ROUTINE",
        help="start on this routine: a ready routine's id or a routine JSON file (which joins "
        "the picker)",
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, or a usage error already printed as one line
        return int(exit_.code or 0)

    notebook = (args.notebook or class_notebook()).resolve()
    if not notebook.is_file():
        print(f"psoas-lesson: no notebook at {notebook}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        environment = class_environment(args.data_dir, args.routine)
    except DataError as error:
        print(f"psoas-lesson: {terminal_safe(str(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        from voila.app import Voila
    except ImportError:
        print(
            "psoas-lesson: the class view needs Voila: pip install -r requirements.txt",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    trust(notebook)
    os.environ.update(environment)
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
