"""Fibre-type charts: the article's 60/40 claim beside research figures, and where along the
muscle the sources say the fibres differ.

Every number drawn comes from ``data/fibres.yaml``; a source that gives findings without
percentages is named in a note, never turned into a bar.
"""

from __future__ import annotations

import re
import textwrap

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.patches import Patch, Polygon
from matplotlib.transforms import blended_transform_factory

from ..catalog import Catalog, default_catalog
from ..errors import DataError
from ..models import Fibres, FibreStudy
from ..theme import INK, MUTED
from .base import COLOURS, Chart, add_source, chart_style, new_figure, plain

# Left to right inside a bar: the same order for every study, so the eye can compare them.
SPEED_ORDER = ("fast", "intermediate", "slow")
NOTE_SIZE = 11.5
NOTE_WIDTH = 116  # characters per line at NOTE_SIZE across an 11-inch figure


def _pct(value: float) -> str:
    return f"{value:g} %"


def _wrap(text: str, width: int) -> str:
    """Wrapped to ``width`` characters, and made literal with :func:`plain`."""
    return plain("\n".join(textwrap.wrap(" ".join(text.split()), width)) or text)


def _sources(sources) -> str:
    """Sources joined into one line, each once, without doubled full stops."""
    parts = dict.fromkeys(" ".join(source.split()).rstrip(".") for source in sources)
    return plain("; ".join(parts) + ".")


def _speed_names(fibres: Fibres) -> dict[str, str]:
    """Legend names for each speed, from the data's fibre types where it has them."""
    names = {"fast": "Fast", "slow": "Slow", "intermediate": "Intermediate (stain class)"}
    for fibre_type in fibres.fibre_types:
        if fibre_type.id in names:
            names[fibre_type.id] = plain(fibre_type.name)
    return names


def _check_study(fibres: Fibres, highlight: str | None) -> None:
    if highlight is not None and highlight not in {s.id for s in fibres.studies}:
        known = ", ".join(s.id for s in fibres.studies)
        raise DataError(
            f"unknown fibre study {highlight!r}; known: {known}",
            file="fibres.yaml",
            field="highlight",
        )


def _ordered(study: FibreStudy):
    return sorted(study.shares, key=lambda share: SPEED_ORDER.index(share.speed))


def _shares_text(study: FibreStudy) -> str:
    return ", ".join(f"{share.label} {_pct(share.percent)}" for share in _ordered(study))


def fibre_chart(catalog: Catalog | None = None, highlight: str | None = None) -> Chart:
    """The article's fast/slow split beside every study in the data that gives percentages."""
    fibres = (catalog or default_catalog()).fibres
    _check_study(fibres, highlight)
    drawn = [s for s in fibres.studies if s.shares]
    notes = [s for s in fibres.studies if not s.shares]
    names = _speed_names(fibres)

    lines = []  # (text, highlighted, is the caution)
    if notes:
        lines.append(("Not drawn, because they give findings but no percentages:", False, False))
    for study in notes:
        text = _wrap(f"{study.label}: {study.findings[0]}", NOTE_WIDTH - 2).replace("\n", "\n   ")
        strong = study.id == highlight
        lines.append(("▶  " + text if strong else "•  " + text, strong, False))
    lines.append((_wrap("Caution: " + fibres.stain_caveat, NOTE_WIDTH), False, True))
    # A blank line before the caution only.
    total = sum(text.count("\n") + 1 for text, _, _ in lines) + (1 if notes else 0)

    with chart_style():
        bars_in, notes_in = 1.9 * max(len(drawn), 1) + 1.2, 0.23 * total
        figure = new_figure(11.0, bars_in + notes_in + 0.9)
        ax, notes_ax = figure.subplots(2, 1, height_ratios=[bars_in, notes_in])
        rows = list(range(len(drawn)))[::-1]  # first study at the top
        seen: set[str] = set()
        for row, study in zip(rows, drawn, strict=False):
            faded = highlight is not None and highlight != study.id
            alpha = 0.3 if faded else 1.0
            left = 0.0
            for share in _ordered(study):
                colour = COLOURS[share.speed]
                seen.add(share.speed)
                ax.barh(
                    row,
                    share.percent,
                    left=left,
                    height=0.5,
                    color=colour,
                    alpha=alpha,
                    edgecolor="white",
                    linewidth=1.5,
                )
                centre = left + share.percent / 2
                ax.text(
                    centre,
                    row,
                    _pct(share.percent),
                    ha="center",
                    va="center",
                    color=MUTED if faded else "white",
                    fontsize=15,
                    fontweight="bold",
                )
                # What the source itself calls this share, under its segment.
                width_chars = max(8, int(share.percent * 0.75))
                ax.text(
                    centre,
                    row - 0.3,
                    _wrap(share.label, width_chars),
                    ha="center",
                    va="top",
                    fontsize=11,
                    color=INK if not faded else MUTED,
                    linespacing=1.1,
                )
                left += share.percent
            if highlight == study.id:
                ax.barh(row, left, height=0.56, fill=False, edgecolor=INK, linewidth=3)
        ax.set_yticks(rows, [_wrap(s.label, 22) for s in drawn])
        for tick, study in zip(ax.get_yticklabels(), drawn, strict=False):
            if study.id == highlight:
                tick.set_fontweight("bold")
        ax.set_ylim(min(rows, default=0) - 0.75, max(rows, default=0) + 0.5)
        ax.set_xlim(0, 100)
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlabel("Share of fibres in the muscle (%)")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        handles = [
            Patch(color=COLOURS[speed], label=names[speed])
            for speed in SPEED_ORDER
            if speed in seen
        ]
        ax.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=3,
            frameon=False,
            fontsize=11.5,
            handlelength=1.2,
            columnspacing=1.2,
        )
        title = "Psoas fibre types: the article's claim beside the research"
        if highlight is not None:
            title = f"Psoas fibre types: {fibres.study(highlight).label}"
        ax.set_title(plain(title), pad=34)

        notes_ax.axis("off")
        # Notes run the full width of the figure, not just under the bars.
        across = blended_transform_factory(figure.transFigure, notes_ax.transAxes)
        y = 1.0
        for text, strong, caution in lines:
            if caution and notes:
                y -= 1 / total
            notes_ax.text(
                0.012,
                y,
                text,
                transform=across,
                va="top",
                ha="left",
                fontsize=NOTE_SIZE,
                color=MUTED if caution else INK,
                fontweight="bold" if strong else "normal",
                style="italic" if caution else "normal",
            )
            y -= (text.count("\n") + 1) / total
        add_source(figure, _sources(s.source for s in drawn + notes))

    alt = "Stacked bars of psoas major fibre types. " + "; ".join(
        f"{s.label}: {_shares_text(s)}" for s in drawn
    )
    if notes:
        alt += ". Findings without percentages (not drawn): " + "; ".join(s.label for s in notes)
    if highlight is not None:
        alt += f". Highlighted: {fibres.study(highlight).label}"
    return Chart(figure, alt + ".", title)


# ---------------------------------------------------------------------------------------------
# Where along the muscle

# Positions along the muscle, top (origin) to bottom (insertion), in drawing units.
LEVELS = ("T12", "L1", "L2", "L3", "L4", "L5")
_LEVEL_Y = {level: 10.0 - i * 1.2 for i, level in enumerate(LEVELS)}
BRIM_Y = 1.9
INSERTION_Y = 0.0
TOP_Y = 10.6


def _muscle_outline(centre: float) -> np.ndarray:
    """A long spindle, broad over the lumbar origins and narrowing to a tendon at the femur."""
    # Half-widths at points down the muscle: widest near L4/L5, where its cross-section is largest.
    ys = np.linspace(TOP_Y, INSERTION_Y, 80)
    control_y = [
        TOP_Y,
        _LEVEL_Y["L1"],
        _LEVEL_Y["L3"],
        _LEVEL_Y["L5"] + 0.6,
        BRIM_Y,
        0.7,
        INSERTION_Y,
    ]
    control_w = [0.14, 0.5, 0.74, 0.8, 0.42, 0.16, 0.13]
    half = np.interp(-ys, [-y for y in control_y], control_w)
    half = np.convolve(np.pad(half, 6, mode="edge"), np.ones(13) / 13, mode="valid")
    return np.vstack(
        [np.column_stack([centre - half, ys]), np.column_stack([centre + half, ys])[::-1]]
    )


def _levels_in(text: str) -> list[str]:
    return [level for level in re.findall(r"\b([TL]\d{1,2})\b", text) if level in _LEVEL_Y]


def _two_way(top: str, bottom: str) -> np.ndarray:
    """A vertical ramp from ``top`` through white to ``bottom``."""
    t = np.linspace(0, 1, 256)[:, None]
    white = np.ones((1, 3))
    upper = np.array([to_rgb(top)]) * (1 - 2 * t) + white * (2 * t)
    lower = white * (2 - 2 * t) + np.array([to_rgb(bottom)]) * (2 * t - 1)
    rgb = np.where(t < 0.5, upper, lower)
    return rgb[:, None, :].repeat(2, axis=1)


def _notes_panel(figure, notes_ax, lines) -> None:
    """Notes across the full width of the figure, one paragraph per (text, bold) pair."""
    notes_ax.axis("off")
    across = blended_transform_factory(figure.transFigure, notes_ax.transAxes)
    total = sum(text.count("\n") + 1 for text, _ in lines)
    y = 1.0
    for text, strong in lines:
        notes_ax.text(
            0.012,
            y,
            text,
            transform=across,
            va="top",
            ha="left",
            fontsize=NOTE_SIZE,
            color=INK,
            fontweight="bold" if strong else "normal",
        )
        y -= (text.count("\n") + 1) / total


def regional_chart(catalog: Catalog | None = None) -> Chart:
    """What each source says about the upper versus the lower part of the muscle, drawn
    qualitatively where it gives no numbers."""
    fibres = (catalog or default_catalog()).fibres
    claims = fibres.regional
    studies = {s.id: s for s in fibres.studies}
    qualitative = [c for c in claims if not c.numbers_given]

    notes = []
    if qualitative:
        notes.append(
            _wrap(
                "Shading shows direction only: "
                + ", ".join(c.source_label for c in qualitative)
                + " give no figures by level here, so none are drawn. Colours as elsewhere in the "
                "lesson: blue = slow fibres and postural, static work; vermillion = fast fibres "
                "and "
                "dynamic work.",
                NOTE_WIDTH,
            )
        )
    notes += [_wrap(f"{c.source_label}: {c.comment}", NOTE_WIDTH) for c in claims if c.comment]
    lines = [(text, False) for text in notes]
    note_rows = sum(text.count("\n") + 1 for text in notes)

    with chart_style():
        width = max(11.0, 2.2 + 4.4 * len(claims))
        figure = new_figure(width, 7.4 + 0.23 * note_rows)
        ax, notes_ax = figure.subplots(2, 1, height_ratios=[7.0, 0.23 * note_rows + 0.05])
        spacing = 5.4
        centres = [i * spacing for i in range(len(claims))]
        for centre, claim in zip(centres, claims, strict=False):
            # The article speaks of fibre types; a role-only source (postural above, dynamic
            # below) is coloured by the house meaning of static (blue) and dynamic (vermillion).
            top, bottom = (
                (COLOURS["fast"], COLOURS["slow"])
                if claim.id == "article"
                else (COLOURS["static"], COLOURS["dynamic"])
            )
            image = ax.imshow(
                _two_way(top, bottom),
                extent=(centre - 1, centre + 1, INSERTION_Y, TOP_Y),
                aspect="auto",
                interpolation="bilinear",
                zorder=1,
            )
            patch = Polygon(
                _muscle_outline(centre),
                closed=True,
                facecolor="none",
                edgecolor=INK,
                linewidth=1.5,
                zorder=2,
            )
            ax.add_patch(patch)
            image.set_clip_path(patch)
            ax.text(
                centre + 0.6,
                TOP_Y + 0.5,
                plain(claim.source_label),
                ha="center",
                va="bottom",
                fontsize=15,
                fontweight="bold",
            )
            ax.text(
                centre + 1.05,
                _LEVEL_Y["L1"],
                _wrap("Upper part: " + claim.upper, 30),
                ha="left",
                va="center",
                fontsize=12,
                color=top,
                fontweight="bold",
                linespacing=1.15,
            )
            ax.text(
                centre + 1.05,
                BRIM_Y + 0.2,
                _wrap("Lower part: " + claim.lower, 30),
                ha="left",
                va="center",
                fontsize=12,
                color=bottom,
                fontweight="bold",
                linespacing=1.15,
            )
            study = studies.get(claim.id)
            sampled = _levels_in(study.subjects) if study else []
            if sampled:
                ys = [_LEVEL_Y[level] for level in sampled]
                ax.plot(
                    [centre] * len(ys),
                    ys,
                    "o",
                    color="white",
                    markeredgecolor=INK,
                    markersize=9,
                    zorder=3,
                )
                ax.text(
                    centre - 0.95,
                    float(np.mean(ys)),
                    "muscle\nsampled\nhere",
                    ha="right",
                    va="center",
                    fontsize=11,
                    color=MUTED,
                )
            if not claim.numbers_given:
                ax.text(
                    centre + 0.6,
                    INSERTION_Y - 0.4,
                    "qualitative: no numbers given",
                    ha="center",
                    va="top",
                    fontsize=11.5,
                    style="italic",
                    color=MUTED,
                )

        ax.set_yticks(
            [*_LEVEL_Y.values(), BRIM_Y, INSERTION_Y],
            [
                *(f"{level} (origin)" if i == 0 else level for i, level in enumerate(LEVELS)),
                "pelvic brim",
                "lesser trochanter\n(insertion)",
            ],
        )
        for y in [*_LEVEL_Y.values(), BRIM_Y]:
            ax.axhline(y, color="#e4e4e4", linewidth=0.8, zorder=0)
        ax.set_ylim(INSERTION_Y - 1.1, TOP_Y + 1.3)
        ax.set_xlim(-1.6, centres[-1] + 5.0)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        ax.set_ylabel("Position along the muscle (vertebral level)")
        ax.set_title("Where along the psoas do the fibres differ? The sources side by side")
        _notes_panel(figure, notes_ax, lines)
        add_source(figure, _sources(c.source for c in claims))

    alt = (
        "Qualitative diagram along the psoas from its origin (T12) to its insertion (lesser "
        "trochanter), "
        "no numbers drawn. "
        + " ".join(f"{c.source_label}: upper part: {c.upper} Lower part: {c.lower}" for c in claims)
    )
    return Chart(figure, alt, "Where along the psoas do the fibres differ?")
