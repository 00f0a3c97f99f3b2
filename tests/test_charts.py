"""The lesson's charts: each renders, describes itself in one line, and draws what the data says."""

from __future__ import annotations

import os
import re
from pathlib import Path

import matplotlib.text
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex
from matplotlib.patches import PathPatch, Rectangle

from psoas_lesson.catalog import load_catalog
from psoas_lesson.charts.anatomy import STRONG, anatomy_schematic
from psoas_lesson.charts.base import COLOURS
from psoas_lesson.charts.fibres import fibre_chart, regional_chart
from psoas_lesson.charts.routine import balance_chart, timeline_chart
from psoas_lesson.describe import clock
from psoas_lesson.errors import DataError
from psoas_lesson.routine import Routine
from psoas_lesson.theme import EDGE
from psoas_lesson.timeline import compile_timeline

from .helpers import replace_in

PNG = b"\x89PNG\r\n\x1a\n"
CATALOG = load_catalog()
STUDIES = [s.id for s in CATALOG.fibres.studies]
STRUCTURES = [s.id for s in CATALOG.anatomy.structures]
ROUTINES = [r.id for r in CATALOG.routines]

CHARTS = {
    "fibre": lambda: fibre_chart(CATALOG),
    **{f"fibre-{s}": (lambda s=s: fibre_chart(CATALOG, highlight=s)) for s in STUDIES},
    "regional": lambda: regional_chart(CATALOG),
    "anatomy": lambda: anatomy_schematic(catalog=CATALOG),
    **{f"anatomy-{s}": (lambda s=s: anatomy_schematic(s, CATALOG)) for s in STRUCTURES},
    **{f"timeline-{r}": (lambda r=r: timeline_chart(r, CATALOG)) for r in ROUTINES},
    **{f"balance-{r}": (lambda r=r: balance_chart(r, CATALOG)) for r in ROUTINES},
}


def rendered_texts(chart) -> list[str]:
    """Every text on the figure, whitespace-normalised (tick labels exist only once drawn)."""
    chart.png()
    found = (t.get_text() for t in chart.figure.findobj(matplotlib.text.Text))
    return [" ".join(text.replace("\\$", "$").split()) for text in found if text.strip()]


def all_text(chart) -> str:
    return " ".join(rendered_texts(chart))


def spans(chart) -> list[tuple[float, float, float]]:
    """(x0, x1, row centre) of every rectangle the timeline drew."""
    out = []
    for patch in chart.figure.axes[0].patches:
        if isinstance(patch, PathPatch):
            corners = patch.get_path().vertices.reshape(-1, 5, 2)
            out += [(c[0, 0], c[1, 0], (c[0, 1] + c[2, 1]) / 2) for c in corners]
    return out


# ---------------------------------------------------------------------------------------------
# Every chart


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_renders_a_png_with_a_one_line_alt_and_a_title(name):
    chart = CHARTS[name]()
    png = chart.png()
    assert png.startswith(PNG) and len(png) > 10_000
    assert "\n" not in chart.alt and len(chart.alt) > 60
    assert chart.title and chart.title in all_text(chart)
    assert any(text.startswith("Source:") for text in rendered_texts(chart))
    # Set PSOAS_CHART_DIR to keep every picture for looking at.
    if os.environ.get("PSOAS_CHART_DIR"):
        folder = Path(os.environ["PSOAS_CHART_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.png").write_bytes(png)


@pytest.mark.parametrize(
    "name", ["fibre", "fibre-showa-stain", "timeline-article-full", "balance-daily-short"]
)
def test_data_charts_fill_their_bars_with_the_lessons_okabe_ito_colours(name):
    chart = CHARTS[name]()
    palette = {to_hex(c) for c in COLOURS.values()}
    used = {
        to_hex(p.get_facecolor())
        for ax in chart.figure.axes
        for p in ax.patches
        if isinstance(p, (Rectangle, PathPatch)) and p.get_fill()
    }
    assert used and used <= palette


# ---------------------------------------------------------------------------------------------
# Fibres


def test_fibre_chart_alt_states_the_article_split_and_the_stain_study_figures():
    alt = fibre_chart(CATALOG).alt
    for figure in ("60 %", "40 %", "62.8 %", "21.2 %", "16 %"):
        assert figure in alt


def test_fibre_chart_draws_only_studies_with_percentages_and_names_the_others_in_a_note():
    chart = fibre_chart(CATALOG)
    chart.png()
    rows = [" ".join(t.get_text().split()) for t in chart.figure.axes[0].get_yticklabels()]
    with_shares = [s.label for s in CATALOG.fibres.studies if s.shares]
    without = [s.label for s in CATALOG.fibres.studies if not s.shares]
    assert rows == with_shares
    assert without, "the data should hold a findings-only study for this test to mean anything"
    text = all_text(chart)
    for label in without:
        assert label in text
        assert label not in rows


def test_fibre_chart_bars_add_up_to_each_studys_percentages():
    chart = fibre_chart(CATALOG)
    bars: dict[float, float] = {}
    for patch in chart.figure.axes[0].patches:
        if isinstance(patch, Rectangle) and patch.get_fill():
            y = round(patch.get_y() + patch.get_height() / 2, 3)
            bars[y] = bars.get(y, 0.0) + patch.get_width()
    drawn = [s for s in CATALOG.fibres.studies if s.shares]
    assert len(bars) == len(drawn)
    for total in bars.values():
        assert total == pytest.approx(100.0, abs=1.0)


def test_fibre_chart_shows_the_stain_caveat():
    caveat = " ".join(CATALOG.fibres.stain_caveat.split())
    assert caveat in all_text(fibre_chart(CATALOG))


def test_fibre_chart_highlight_names_the_study_and_fades_the_others():
    chart = fibre_chart(CATALOG, highlight="showa-stain")
    assert "Cadaver stain study" in chart.title
    assert "Highlighted: Cadaver stain study" in chart.alt
    alphas = {
        round(p.get_alpha() or 1.0, 2)
        for p in chart.figure.axes[0].patches
        if isinstance(p, Rectangle) and p.get_fill()
    }
    assert alphas == {0.3, 1.0}


@pytest.mark.parametrize(
    "make, argument, valid",
    [
        (lambda: fibre_chart(CATALOG, highlight="no-such-study"), "highlight", "showa-stain"),
        (lambda: anatomy_schematic("spleen", CATALOG), "highlight", "superficial-origin"),
        (lambda: anatomy_schematic(catalog=CATALOG, overlay="spleen"), "overlay", "front-massage"),
    ],
)
def test_an_unknown_id_argument_is_a_value_error_naming_the_argument_and_the_ids(
    make, argument, valid
):
    # the caller is at fault, not a data file: no DataError naming one
    with pytest.raises(ValueError) as caught:
        make()
    message = str(caught.value)
    assert not isinstance(caught.value, DataError)
    assert message.startswith(f"{argument}: unknown ") and valid in message
    assert "\n" not in message and ".yaml" not in message


@pytest.mark.parametrize(
    "make, argument",
    [
        (lambda: fibre_chart(CATALOG, highlight=3), "highlight"),
        (lambda: anatomy_schematic(["psoas"], CATALOG), "highlight"),
        (lambda: anatomy_schematic(catalog=CATALOG, overlay=True), "overlay"),
    ],
)
def test_an_id_argument_that_is_not_a_string_is_a_type_error_naming_the_argument(make, argument):
    with pytest.raises(TypeError, match=f"^{argument} must be a .* id"):
        make()


def _filled_bars(chart) -> list[Rectangle]:
    return [p for p in chart.figure.axes[0].patches if isinstance(p, Rectangle) and p.get_fill()]


def test_fibre_types_are_coloured_as_named_and_white_is_outlined_and_hatched():
    chart = fibre_chart(CATALOG)
    fibre_colours = {to_hex(COLOURS[s]): s for s in ("slow", "intermediate", "fast")}
    fibre_bars = [p for p in _filled_bars(chart) if to_hex(p.get_facecolor()) in fibre_colours]
    speeds = {fibre_colours[to_hex(p.get_facecolor())] for p in fibre_bars}
    assert {"slow", "fast"} <= speeds
    # Red for "red" slow fibres, white for "white" fast ones, pink between.
    assert to_hex(COLOURS["slow"]).upper() == "#B2182B" and to_hex(COLOURS["fast"]) == "#ffffff"
    for patch in fibre_bars:
        assert to_hex(patch.get_edgecolor()) == to_hex(EDGE)
        if fibre_colours[to_hex(patch.get_facecolor())] == "fast":
            assert patch.get_hatch(), "white fibres need a hatch to show on white paper"
    legend = " ".join(t.get_text() for t in chart.figure.axes[0].get_legend().get_texts())
    assert ("white" in legend and "red" in legend) or ("fast fibres" in legend)


def test_fibre_legend_swatches_carry_the_same_outline_and_hatch():
    handles = fibre_chart(CATALOG).figure.axes[0].get_legend().legend_handles
    fast = [h for h in handles if to_hex(h.get_facecolor()) == "#ffffff"]
    assert fast and all(h.get_hatch() and to_hex(h.get_edgecolor()) == to_hex(EDGE) for h in fast)


# ---------------------------------------------------------------------------------------------
# Regional


def test_regional_chart_invents_no_numbers():
    chart = regional_chart(CATALOG)
    texts = rendered_texts(chart)
    assert not [t for t in texts if re.search(r"\d\s*%", t)]
    qualitative = [c for c in CATALOG.fibres.regional if not c.numbers_given]
    assert sum(t == "qualitative: no numbers given" for t in texts) == len(qualitative)
    assert "no numbers" in chart.alt


def test_regional_chart_puts_each_sources_upper_and_lower_claim_on_the_chart():
    text = all_text(regional_chart(CATALOG))
    for claim in CATALOG.fibres.regional:
        assert claim.source_label in text
        assert " ".join(claim.upper.split()) in text
        assert " ".join(claim.lower.split()) in text


def test_regional_chart_marks_the_levels_a_study_sampled():
    chart = regional_chart(CATALOG)
    markers = [line for line in chart.figure.axes[0].lines if line.get_marker() == "o"]
    # Arbanas et al. sampled the L1, L2, L3 and L4 origins.
    assert [len(line.get_xdata()) for line in markers] == [4]


# ---------------------------------------------------------------------------------------------
# Anatomy


def _strong_artists(chart) -> int:
    ax = chart.figure.axes[0]
    count = 0
    for artist in [*ax.patches, *ax.lines]:
        colours = (
            [artist.get_color()]
            if hasattr(artist, "get_color") and not hasattr(artist, "get_facecolor")
            else [artist.get_facecolor(), artist.get_edgecolor()]
        )
        count += any(to_hex(c) == to_hex(STRONG) for c in colours)
    return count


def test_anatomy_without_highlight_draws_nothing_in_the_highlight_colour():
    assert _strong_artists(anatomy_schematic(catalog=CATALOG)) == 0


@pytest.mark.parametrize("structure", STRUCTURES)
def test_anatomy_highlight_draws_that_structure_strongly_and_names_it(structure):
    chart = anatomy_schematic(structure, CATALOG)
    chosen = CATALOG.anatomy.structure(structure)
    assert _strong_artists(chart) > 0
    assert chart.title.endswith(chosen.name)
    assert " ".join(chosen.description.split()) in chart.alt


def test_anatomy_labels_every_structure_and_the_bones():
    text = all_text(anatomy_schematic(catalog=CATALOG))
    for structure in CATALOG.anatomy.structures:
        assert structure.name in text
    for part in (
        "T12",
        "L1",
        "L5",
        "Sacrum",
        "Femur",
        "Lesser trochanter",
        "Pelvic brim",
        "Hip bone",
    ):
        assert part in text


def test_anatomy_labels_come_from_the_data(data_copy):
    replace_in(data_copy / "anatomy.yaml", "name: Iliacus", "name: Iliacus muscle (in the pelvis)")
    chart = anatomy_schematic("iliacus", load_catalog(base_dir=data_copy))
    assert "Iliacus muscle (in the pelvis)" in all_text(chart)


def test_dollar_signs_in_data_show_as_text_and_do_not_break_drawing(data_copy):
    replace_in(data_copy / "anatomy.yaml", "name: Iliacus", r"name: 'Iliacus $\frac{ costs $5'")
    replace_in(
        data_copy / "fibres.yaml",
        "label: Cadaver stain study (10 adults)",
        r"label: 'Stain $\alpha$ study'",
    )
    catalog = load_catalog(base_dir=data_copy)
    assert r"Iliacus $\frac{ costs $5" in all_text(anatomy_schematic("iliacus", catalog))
    assert r"Stain $\alpha$ study" in all_text(fibre_chart(catalog, highlight="showa-stain"))


# ---------------------------------------------------------------------------------------------
# Timeline


def test_timeline_chart_accepts_a_routine_a_timeline_or_a_ready_routine_id():
    routine = CATALOG.routine("daily-short")
    timeline = compile_timeline(routine, CATALOG)
    charts = [
        timeline_chart(routine, CATALOG),
        timeline_chart(timeline),
        timeline_chart("daily-short", CATALOG),
    ]
    assert len({c.title for c in charts}) == 1
    assert len({c.alt for c in charts}) == 1
    assert clock(timeline.total_s) in charts[0].title
    assert charts[0].title == f"{routine.name}: {clock(timeline.total_s)} in all"


def test_timeline_chart_names_an_unknown_routine_id():
    with pytest.raises(DataError, match="daily-short"):
        timeline_chart("no-such-routine", CATALOG)


def test_timeline_chart_draws_one_path_per_kind_so_redraws_stay_fast():
    holds = ("kneeling-lunge", "side-lying-psoas-stretch", "prone-quadriceps-stretch", "camel-pose")
    routine = Routine.of(*holds, name="Many holds")
    for index in range(len(holds)):
        routine = routine.with_entry(index, reps=6, sets=3, hold_s=10)
    timeline = compile_timeline(routine, CATALOG)
    assert len(timeline.segments) > 150
    assert len(timeline_chart(timeline, CATALOG).figure.axes[0].patches) <= 4


def test_timeline_kinds_differ_in_colour_and_in_hatch():
    patches = timeline_chart("article-full", CATALOG).figure.axes[0].patches
    assert len(patches) == 4
    assert len({to_hex(p.get_facecolor()) for p in patches}) == 4
    assert len({p.get_hatch() or "" for p in patches}) == 4
    legend = [
        t.get_text()
        for t in timeline_chart("article-full", CATALOG).figure.axes[0].get_legend().get_texts()
    ]
    assert [label.split()[0] for label in legend] == ["work", "rest", "switch", "get"]


def test_timeline_x_axis_reads_in_minutes_and_seconds():
    chart = timeline_chart("article-full", CATALOG)
    chart.png()
    labels = [t.get_text() for t in chart.figure.axes[0].get_xticklabels() if t.get_text()]
    assert labels and all(re.fullmatch(r"\d+:\d\d", label) for label in labels)
    assert "minutes:seconds" in chart.figure.axes[0].get_xlabel()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from([e.id for e in CATALOG.exercises]), min_size=1, max_size=5),
    st.sampled_from([0.0, 5.0, 10.0]),
    st.sampled_from([0.0, 10.0]),
)
def test_timeline_chart_covers_the_whole_routine_once_with_a_row_per_exercise(
    ids, rest_s, prepare_s
):
    routine = Routine.of(
        *ids, name="Test routine", rest_between_exercises_s=rest_s, prepare_s=prepare_s
    )
    timeline = compile_timeline(routine, CATALOG)
    chart = timeline_chart(routine, CATALOG)
    assert chart.title == f"Test routine: {clock(timeline.total_s)} in all"
    drawn = sorted(spans(chart))
    assert len(drawn) == len(timeline.segments)
    assert drawn[0][0] == 0.0 and drawn[-1][1] == pytest.approx(timeline.total_s)
    for (_, end, _), (start, _, _) in zip(drawn, drawn[1:], strict=False):
        assert start == pytest.approx(end)  # no gaps, no overlaps
    rows = {round(row) for _, _, row in drawn}
    assert rows == set(range(len(ids)))
    # Rows run down the page in routine order.
    first_start = {}
    for x0, _, row in drawn:
        first_start.setdefault(round(row), x0)
    assert [first_start[r] for r in sorted(first_start)] == sorted(first_start.values())


# ---------------------------------------------------------------------------------------------
# Balance


def _bar_totals(chart) -> list[float]:
    totals: dict[float, float] = {}
    for patch in chart.figure.axes[0].patches:
        if isinstance(patch, Rectangle):
            y = round(patch.get_y() + patch.get_height() / 2, 3)
            totals[y] = totals.get(y, 0.0) + patch.get_width()
    return [totals[y] for y in sorted(totals)]


def test_balance_chart_splits_the_work_time_by_kind():
    routine = CATALOG.routine("daily-short")
    timeline = compile_timeline(routine, CATALOG)
    expected = {"static": 0.0, "dynamic": 0.0, "massage": 0.0}
    for segment in timeline.segments:
        if segment.kind == "work":
            expected[CATALOG.exercise(segment.exercise).kind.effort] += segment.duration_s
    chart = balance_chart(routine, CATALOG)
    for label, key in (
        ("static holds", "static"),
        ("dynamic / strength", "dynamic"),
        ("self-massage", "massage"),
    ):
        assert f"{label} {clock(expected[key])}" in chart.alt
    assert _bar_totals(chart) == [pytest.approx(100.0)]


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_balance_chart_sets_no_fibre_mix_beside_the_routine(routine_id):
    # A held stretch is not slow-fibre training nor a dynamic move fast-fibre training: a fibre
    # bar beside the routine's split would suggest a link that is not there.
    chart = balance_chart(routine_id, CATALOG)
    words = (all_text(chart) + " " + chart.alt).lower()
    assert "fibre" not in words and "60 %" not in words and "slow" not in words
    fibre_colours = {to_hex(COLOURS[s]) for s in ("slow", "intermediate", "fast")}
    assert not [p for p in _filled_bars(chart) if to_hex(p.get_facecolor()) in fibre_colours]


def test_balance_chart_of_static_stretches_only_is_all_static():
    chart = balance_chart(Routine.of("kneeling-lunge", "camel-pose", name="Stretches"), CATALOG)
    assert "(100 %)" in chart.alt.split("static holds")[1].split(",")[0]
    assert "dynamic / strength 0:00 (0 %)" in chart.alt
    widths = [p.get_width() for p in chart.figure.axes[0].patches if isinstance(p, Rectangle)]
    assert widths[0] == pytest.approx(100.0)


def test_charts_of_a_timeline_need_no_catalog_for_the_timeline():
    timeline = compile_timeline(CATALOG.routine("class-warmup"), CATALOG)
    assert np.isclose(
        sum(x1 - x0 for x0, x1, _ in spans(timeline_chart(timeline))), timeline.total_s
    )


# ---------------------------------------------------------------------------------------------
# Regional: coloured by role, the same for every source


def test_regional_chart_colours_every_column_by_role_postural_above_dynamic_below():
    from matplotlib.colors import to_rgb
    from matplotlib.image import AxesImage

    chart = regional_chart(CATALOG)
    images = [a for a in chart.figure.axes[0].get_children() if isinstance(a, AxesImage)]
    assert len(images) == len(CATALOG.fibres.regional)
    for image, claim in zip(images, CATALOG.fibres.regional, strict=True):
        ramp = np.asarray(image.get_array())
        assert np.allclose(ramp[0, 0], to_rgb(COLOURS[claim.upper_role]))
        assert np.allclose(ramp[-1, 0], to_rgb(COLOURS[claim.lower_role]))
        assert (claim.upper_role, claim.lower_role) == ("postural", "dynamic")
    text = all_text(chart)
    assert "Upper part (postural role)" in text and "Lower part (dynamic role)" in text


def test_a_chart_shows_as_an_img_whose_alt_is_its_text_alternative():
    # JupyterLab, Notebook 7 and nbconvert ignore an image/png output's alt metadata (axe:
    # image-alt, critical); an <img alt> in text/html keeps it, and the PNG is stored once.
    import base64
    import html
    import re

    chart = fibre_chart(CATALOG)
    bundle = chart._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/plain"] == chart.alt
    found = re.fullmatch(
        r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)" width="(\d+)" height="(\d+)" '
        r'style="display: block; max-width: 100%; height: auto">',
        bundle["text/html"],
    )
    assert found, bundle["text/html"][:200]
    assert base64.b64decode(found[1]).startswith(b"\x89PNG\r\n\x1a\n")
    assert html.unescape(found[2]) == chart.alt
    width, height = (chart.figure.get_size_inches() * 100).astype(int)
    assert (int(found[3]), int(found[4])) == (width, height)


def test_nbconvert_keeps_a_charts_alt_where_it_wrote_no_description():
    # nbconvert wrote "No description has been provided for this image" for an image/png output.
    from html.parser import HTMLParser

    import nbformat
    from nbconvert import HTMLExporter

    chart = fibre_chart(CATALOG)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "fibre_chart()",
            outputs=[
                nbformat.v4.new_output("display_data", data=chart._repr_mimebundle_(), metadata={})
            ],
        )
    ]
    page, _resources = HTMLExporter().from_notebook_node(notebook)
    images = []

    class Images(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                images.append(dict(attrs))

    Images().feed(page)
    assert len(images) == 1, images
    assert images[0]["alt"] == chart.alt  # the parser has unescaped it
    assert images[0]["src"].startswith("data:image/png;base64,")
    assert "No description has been provided" not in page
