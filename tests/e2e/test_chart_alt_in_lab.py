"""A chart's text alternative where screen readers read it: the ``alt`` of its ``<img>``, kept
by JupyterLab's sanitiser in a notebook opened untrusted (as every notebook a learner downloads
is), from the stored output, before anything runs."""

from __future__ import annotations

import nbformat

from psoas_lesson.charts.routine import balance_chart


def test_a_stored_chart_keeps_its_alt_in_an_untrusted_notebook(module_lab, lab_root):
    chart = balance_chart("daily-short")
    notebook = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
        }  # fmt: skip
    )
    notebook.cells = [
        nbformat.v4.new_code_cell(
            'balance_chart("daily-short")',
            execution_count=1,
            outputs=[
                nbformat.v4.new_output("display_data", data=chart._repr_mimebundle_(), metadata={})
            ],
        )
    ]
    nbformat.write(notebook, lab_root / module_lab.folder / "stored_chart.ipynb")  # unsigned
    module_lab.open("stored_chart.ipynb")
    page = module_lab.page
    image = page.locator(".jp-OutputArea-output img").first
    image.wait_for(timeout=10_000)
    assert (
        page.evaluate(
            "() => window.jupyterapp.shell.currentWidget.content.model.cells.get(0).trusted"
        )
        is False
    )
    assert image.get_attribute("alt") == chart.alt
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    assert image.evaluate("i => i.complete && i.naturalWidth > 0"), "the picture did not load"
    assert page.get_by_role("img", name=chart.alt).count() == 1
