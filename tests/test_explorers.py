"""The anatomy and fibre explorers, driven without a browser: set the picker, read the traits."""

from __future__ import annotations

import re

import pytest

from psoas_lesson.catalog import load_catalog
from psoas_lesson.widgets.explorers import anatomy_explorer, fibre_explorer

from .helpers import replace_in

PNG = b"\x89PNG\r\n\x1a\n"
PAYLOAD = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def anatomy(catalog):
    return anatomy_explorer(catalog)


@pytest.fixture(scope="module")
def fibres(catalog):
    return fibre_explorer(catalog)


def test_explorers_have_short_fixed_reprs(anatomy, fibres, catalog):
    assert repr(anatomy) == f"AnatomyExplorer({len(catalog.anatomy.structures)} structures)"
    assert repr(fibres) == f"FibreExplorer({len(catalog.fibres.studies)} studies)"


def test_explorer_parts_carry_their_css_classes(anatomy, fibres):
    assert "psoas-anatomy-explorer" in anatomy._dom_classes
    assert "psoas-anatomy-picker" in anatomy.picker._dom_classes
    assert "psoas-anatomy-image" in anatomy.image._dom_classes
    assert "psoas-anatomy-text" in anatomy.text._dom_classes
    assert "psoas-fibre-explorer" in fibres._dom_classes
    assert "psoas-fibre-picker" in fibres.picker._dom_classes
    assert "psoas-fibre-image" in fibres.image._dom_classes
    assert "psoas-fibre-text" in fibres.text._dom_classes


def test_anatomy_explorer_offers_every_structure_and_starts_on_the_first(anatomy, catalog):
    assert [value for _, value in anatomy.picker.options] == [
        s.id for s in catalog.anatomy.structures
    ]
    first = catalog.anatomy.structures[0]
    assert anatomy.picker.value == first.id
    assert anatomy.png.startswith(PNG)
    assert first.name in anatomy.text.value


@pytest.mark.parametrize("which", ["anatomy", "fibres"])
def test_each_explorer_picture_is_an_img_with_its_text_alternative(anatomy, fibres, which):
    # An ipywidgets Image has no alt: axe reported it as image-alt, critical.
    import base64
    import html

    explorer = {"anatomy": anatomy, "fibres": fibres}[which]
    found = re.fullmatch(
        r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)" width="(\d+)" style="[^"]*">',
        explorer.image.value,
    )
    assert found, explorer.image.value[:200]
    assert base64.b64decode(found[1]) == explorer.png
    assert html.unescape(found[2]) == explorer.alt


def test_anatomy_explorer_changes_picture_and_text_when_the_picker_changes(anatomy, catalog):
    anatomy.picker.value = "psoas"
    before_image, before_text = anatomy.png, anatomy.text.value
    anatomy.picker.value = "bursa"
    bursa = catalog.anatomy.structure("bursa")
    assert anatomy.png.startswith(PNG) and anatomy.png != before_image
    assert anatomy.text.value != before_text
    assert bursa.name in anatomy.text.value and "15 %" in anatomy.text.value
    assert anatomy.alt.endswith(" ".join(bursa.description.split()))
    assert "Highlighted: Iliopsoas bursa" in anatomy.text.value


def test_anatomy_explorer_draws_each_picture_once(anatomy, monkeypatch):
    from psoas_lesson.charts import anatomy as module

    drawn = []
    real = module.anatomy_schematic
    monkeypatch.setattr(
        module,
        "anatomy_schematic",
        lambda *a, **k: drawn.append(k.get("highlight")) or real(*a, **k),
    )
    anatomy.picker.value = "deep-origin"
    deep = anatomy.png
    anatomy.picker.value = "iliacus"
    anatomy.picker.value = "deep-origin"
    assert anatomy.png == deep
    assert drawn == ["deep-origin", "iliacus"]


def test_fibre_explorer_shows_a_studys_figures_method_source_and_caveat(fibres, catalog):
    before = fibres.png
    fibres.picker.value = "showa-stain"
    study = catalog.fibres.study("showa-stain")
    text = fibres.text.value
    for part in (
        "62.8 %",
        "21.2 %",
        "16 %",
        "Sudan black B",
        "Showa Medical Association",
        "Caveat",
    ):
        assert part in text
    assert fibres.png.startswith(PNG) and fibres.png != before
    assert f"Highlighted: {study.label}" in fibres.alt


def test_fibre_explorer_says_when_a_study_gives_no_percentages(fibres):
    fibres.picker.value = "kimura-2002"
    assert "No percentages given" in fibres.text.value
    assert "Humans have a larger share of type 1" in fibres.text.value
    assert "Highlighted: Kimura 2002" in fibres.alt


def test_explorers_escape_text_from_the_data(data_copy):
    replace_in(
        data_copy / "anatomy.yaml",
        "description: The long muscle from the lumbar spine to the thigh bone, one on each side.",
        f'description: "{PAYLOAD} The long muscle"',
    )
    replace_in(data_copy / "anatomy.yaml", "name: Psoas major", 'name: "Psoas <b>major</b>"')
    replace_in(
        data_copy / "fibres.yaml", "method: not stated; no study is cited", f'method: "{PAYLOAD}"'
    )
    replace_in(data_copy / "fibres.yaml", "label: Source article", 'label: "Article <i>&</i>"')
    catalog = load_catalog(base_dir=data_copy)

    anatomy = anatomy_explorer(catalog)
    assert anatomy.picker.value == "psoas"
    assert PAYLOAD not in anatomy.text.value and "<b>major</b>" not in anatomy.text.value
    assert (
        "&lt;script&gt;" in anatomy.text.value
        and "Psoas &lt;b&gt;major&lt;/b&gt;" in anatomy.text.value
    )

    fibres = fibre_explorer(catalog)
    assert fibres.picker.value == "article"
    assert PAYLOAD not in fibres.text.value and "<i>&</i>" not in fibres.text.value
    assert (
        "&lt;script&gt;" in fibres.text.value
        and "Article &lt;i&gt;&amp;&lt;/i&gt;" in fibres.text.value
    )


# ---------------------------------------------------------------------------------------------
# Readable at normal zoom: pictures shown at their own size, no text under 11 px

SMALLEST_PX = 11


@pytest.mark.parametrize("which, chosen", [("anatomy", "psoas"), ("fibres", "showa-stain")])
def test_explorer_pictures_are_shown_at_their_own_size_with_text_of_11_px_or_more(
    anatomy, fibres, which, chosen
):
    import matplotlib.text

    from psoas_lesson.widgets.explorers import CSS_PX_PER_INCH

    explorer = {"anatomy": anatomy, "fibres": fibres}[which]
    explorer.picker.value = chosen
    chart = explorer._draw(chosen)
    chart.png()
    width_in = chart.figure.get_size_inches()[0]
    # Shown at 100 CSS px per inch of figure: a point is 100/72 px, never scaled down to fit.
    assert explorer.image.layout.width == f"{round(width_in * CSS_PX_PER_INCH)}px"
    assert explorer.image.layout.max_width == "100%"
    sizes = [
        t.get_fontsize()
        for t in chart.figure.findobj(matplotlib.text.Text)
        if t.get_text().strip() and t.get_visible()
    ]
    smallest_px = min(sizes) * CSS_PX_PER_INCH / 72
    assert smallest_px >= SMALLEST_PX, f"{which}: smallest text {smallest_px:.1f} px"


def test_fibre_explorer_draws_a_chart_narrow_enough_to_sit_beside_its_text(fibres):
    chart = fibres._draw("article")
    assert chart.figure.get_size_inches()[0] <= 7.0
