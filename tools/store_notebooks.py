"""Execute the lesson's notebooks top to bottom and store them with their outputs.

``make notebooks`` (or ``python tools/store_notebooks.py [NAME ...]``) runs each notebook in a fresh
kernel from the notebooks folder, as a learner would, and writes it back with its outputs but
without the per-cell ``execution`` timestamps nbclient records, so re-running an unchanged
notebook leaves the file unchanged. A handout a notebook writes goes to a scratch folder, not
into the repository.

No widget state is stored (nbclient stores it by default): it was a third of the notebooks'
bytes, re-stored on every visual change, and a model stored for an output the front end no
longer holds is what shows "model not found". Where the widgets cannot run (a notebook opened
before it is run, a page exported with nbconvert), each shows its stand-in instead, the
``text/html`` every lesson widget adds to its display data (``psoas_lesson/widgets/standin.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def strip_volatile(notebook) -> None:
    """Remove the per-cell timestamps: they change on every run and nbval does not compare them."""
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)


def drop_widget_state(notebook) -> None:
    """Remove the stored widget state, if any: what a widget shows without a kernel is its
    stand-in."""
    notebook.metadata.pop("widgets", None)


def store(path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        store_widget_state=False,
    )
    client.execute()
    strip_volatile(notebook)
    drop_widget_state(notebook)
    nbformat.write(notebook, path)


def main(names: list[str]) -> int:
    paths = [NOTEBOOKS / (n if n.endswith(".ipynb") else f"{n}.ipynb") for n in names] or sorted(
        NOTEBOOKS.glob("*.ipynb")
    )
    for path in paths:
        print(f"executing {path.name}", file=sys.stderr)
        store(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
