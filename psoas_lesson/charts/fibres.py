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
from ..errors import check_choice
from ..models import VERTEBRAL_LEVELS, Fibres, FibreStudy, RegionalClaim
from ..theme import EDGE, GRID, INK, MUTED
from .base import COLOURS, Chart, add_source, chart_style, new_figure, plain

# Left to right inside a bar: the same order for every study, so the eye can compare them.
SPEED_ORDER = ("fast", "intermediate", "slow")
# White fibres are hatched as well as outlined: white alone vanishes on white paper.
FIBRE_HATCH = {"fast": "/"}
NOTE_SIZE = 11.5
NOTE_WIDTH = 116  # characters per line at NOTE_SIZE across an 11-inch figure


def _pct(value: float) -> str:
    return f"{value:g} %"


def _wrap(text: str, width: int) -> str:
    """Wrapped to ``width`` characters, and made literal with :func:`plain`."""
    lines = textwrap.wrap(" ".join(text.split()), width, break_long_words=False)
    return plain("\n".join(lines) or text)


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
    if highlight is not None:
        check_choice("highlight", highlight, (s.id for s in fibres.studies), "fibre study")


def _ordered(study: FibreStudy):
    return sorted(study.shares, key=lambda share: SPEED_ORDER.index(share.speed))


def _shares_text(study: FibreStudy) -> str:
    return ", ".join(f"{share.label} {_pct(share.percent)}" for share in _ordered(study))


def fibre_look(speed: str) -> dict:
    """How a fibre type is filled: coloured as it is named (red, pink, white), with a dark edge,
    and hatched when white, so it shows on white paper and in grey print."""
    return {
        "facecolor": COLOURS[speed],
        "edgecolor": EDGE,
        "linewidth": 1.2,
        "hatch": FIBRE_HATCH.get(speed),
    }


def fibre_ink(speed: str) -> str:
    """Text colour that reads on a fibre type's fill: white on red, dark on pink and white."""
    return "white" if speed == "slow" else INK


def fibre_legend_handles(speeds, names: dict[str, str]) -> list[Patch]:
    return [Patch(label=names[speed], **fibre_look(speed)) for speed in speeds]


def _fibre_notes(
    fibres: Fibres, notes, highlight: str | None, width: int
) -> list[tuple[str, bool, bool]]:
    """The lines under the bars, wrapped to ``width`` characters: (text, highlighted, is the
    caution)."""
    lines = []
    if notes:
        lines.append(("Not drawn, because they give findings but no percentages:", False, False))
    for study in notes:
        text = _wrap(f"{study.label}: {study.findings[0]}", width - 2).replace("\n", "\n   ")
        strong = study.id == highlight
        lines.append(("▶  " + text if strong else "•  " + text, strong, False))
    lines.append((_wrap("Caution: " + fibres.stain_caveat, width), False, True))
    return lines


def _study_bar(ax, row: int, study: FibreStudy, faded: bool, chars_per_percent: float) -> float:
    """One study's shares as a stacked bar, each labelled with its percent and the source's own
    name for it; returns the bar's total."""
    alpha = 0.3 if faded else 1.0
    left = 0.0
    for share in _ordered(study):
        bar = ax.barh(
            row, share.percent, left=left, height=0.5, alpha=alpha, **fibre_look(share.speed)
        )
        for patch in bar:
            patch.set_hatch_linewidth(1.0)
        centre = left + share.percent / 2
        ax.text(
            centre,
            row,
            _pct(share.percent),
            ha="center",
            va="center",
            color=MUTED if faded else fibre_ink(share.speed),
            fontsize=15,
            fontweight="bold",
            # A white ground under the figure, so the hatching of white fibres does not cross it.
            bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none")
            if share.speed == "fast" and not faded
            else None,
        )
        width_chars = max(8, int(share.percent * chars_per_percent))
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
    return left


def _draw_study_bars(
    ax, drawn, highlight: str | None, names: dict[str, str], legend_columns: int, width: float
) -> None:
    """The bars, one row per study with percentages, the first at the top, with their legend."""
    rows = list(range(len(drawn)))[::-1]
    seen: set[str] = set()
    for row, study in zip(rows, drawn, strict=False):
        seen.update(share.speed for share in study.shares)
        # About 0.75 characters of a segment's label fit per percent across an 11-inch chart.
        total = _study_bar(
            ax,
            row,
            study,
            faded=highlight is not None and highlight != study.id,
            chars_per_percent=0.75 * (width - 2.0) / 9.0,
        )
        if highlight == study.id:
            ax.barh(row, total, height=0.56, fill=False, edgecolor=INK, linewidth=3)
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
    ax.legend(
        handles=fibre_legend_handles([s for s in SPEED_ORDER if s in seen], names),
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=legend_columns,
        frameon=False,
        fontsize=11.5,
        handlelength=1.6,
        handleheight=1.1,
        columnspacing=1.2,
    )


def _draw_notes(figure, notes_ax, lines, gap_before_caution: bool) -> None:
    """Notes across the full width of the figure, a blank line before the caution."""
    notes_ax.axis("off")
    across = blended_transform_factory(figure.transFigure, notes_ax.transAxes)
    total = sum(text.count("\n") + 1 for text, _, _ in lines) + (1 if gap_before_caution else 0)
    y = 1.0
    for text, strong, caution in lines:
        if caution and gap_before_caution:
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


def fibre_chart(
    catalog: Catalog | None = None, highlight: str | None = None, width: float = 11.0
) -> Chart:
    """The article's fast/slow split beside every study in the data that gives percentages.

    ``width`` is in inches (shown at 100 pixels per inch); a narrower chart keeps the same text
    sizes and wraps its notes sooner, so it can be shown at its own size beside other content.
    """
    fibres = (catalog or default_catalog()).fibres
    _check_study(fibres, highlight)
    drawn = [s for s in fibres.studies if s.shares]
    notes = [s for s in fibres.studies if not s.shares]
    lines = _fibre_notes(fibres, notes, highlight, int(NOTE_WIDTH * width / 11.0))
    rows_of_text = sum(text.count("\n") + 1 for text, _, _ in lines) + (1 if notes else 0)
    # A narrow chart stacks its legend in one column above the bars.
    legend_columns = 3 if width >= 9 else 1
    legend_in = 0.0 if legend_columns == 3 else 0.5

    with chart_style():
        bars_in, notes_in = 1.9 * max(len(drawn), 1) + 1.2 + legend_in, 0.25 * rows_of_text
        figure = new_figure(width, bars_in + notes_in + 0.9)
        ax, notes_ax = figure.subplots(2, 1, height_ratios=[bars_in, notes_in])
        _draw_study_bars(ax, drawn, highlight, _speed_names(fibres), legend_columns, width)
        title = "Psoas fibre types: the article's claim beside the research"
        if highlight is not None:
            title = f"Psoas fibre types: {fibres.study(highlight).label}"
        ax.set_title(plain(title), pad=34 + 72 * legend_in, wrap=True)
        _draw_notes(figure, notes_ax, lines, gap_before_caution=bool(notes))
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
_LEVEL_Y = {level: 10.0 - i * 1.2 for i, level in enumerate(VERTEBRAL_LEVELS)}
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


def _span_y(level: str, end: str) -> float:
    """Height in the drawing of a level named in the data; the top of the muscle for T12 when it
    starts a span."""
    if level == "T12" and end == "top":
        return TOP_Y
    return {**_LEVEL_Y, "pelvic-brim": BRIM_Y, "insertion": INSERTION_Y}[level]


def _regional_notes(claims) -> list[tuple[str, bool, bool]]:
    qualitative = [c for c in claims if not c.numbers_given]
    notes = []
    if qualitative:
        notes.append(
            _wrap(
                "Shading shows direction only: "
                + ", ".join(c.source_label for c in qualitative)
                + " give no figures by level here, so none are drawn. Both columns are coloured "
                "by role, as elsewhere in the lesson: blue = postural role, vermillion = dynamic "
                "role; white between them, and nothing at all where a source has no data.",
                NOTE_WIDTH,
            )
        )
    notes += [_wrap(f"{c.source_label}: {c.comment}", NOTE_WIDTH) for c in claims if c.comment]
    return [(text, False, False) for text in notes]


class _RegionalColumn:
    """One source's column: the muscle, shaded by role over the stretch the source speaks for,
    with its claims beside it."""

    def __init__(self, ax, centre: float, claim: RegionalClaim, study: FibreStudy | None):
        self.ax, self.centre, self.claim, self.study = ax, centre, claim, study
        self.top_y = _span_y(claim.span[0], "top")
        self.bottom_y = _span_y(claim.span[1], "bottom")

    def draw(self) -> None:
        self.muscle()
        self.heading()
        self.claims()
        self.samples()
        self.unsampled()
        if not self.claim.numbers_given:
            self.ax.text(
                self.centre + 0.6,
                INSERTION_Y - 0.4,
                "qualitative: no numbers given",
                ha="center",
                va="top",
                fontsize=11.5,
                style="italic",
                color=MUTED,
            )

    def muscle(self) -> None:
        """The outline of the whole muscle; the role shading only inside the source's span."""
        top, bottom = COLOURS[self.claim.upper_role], COLOURS[self.claim.lower_role]
        outline = Polygon(
            _muscle_outline(self.centre),
            closed=True,
            facecolor="none",
            edgecolor=INK,
            linewidth=1.5,
            zorder=2,
        )
        self.ax.add_patch(outline)
        image = self.ax.imshow(
            _two_way(top, bottom),
            extent=(self.centre - 1, self.centre + 1, self.bottom_y, self.top_y),
            aspect="auto",
            interpolation="bilinear",
            zorder=1,
        )
        image.set_clip_path(outline)

    def heading(self) -> None:
        self.ax.text(
            self.centre + 0.6,
            TOP_Y + 0.5,
            plain(self.claim.source_label),
            ha="center",
            va="bottom",
            fontsize=15,
            fontweight="bold",
        )

    def claims(self) -> None:
        """The upper and lower claims, each at its end of the span, with a swatch of its role."""
        claim = self.claim
        upper_y = min(_LEVEL_Y["L1"], self.top_y - 0.6)
        lower_y = BRIM_Y + 0.2 if self.bottom_y <= BRIM_Y else self.bottom_y
        for y, role, text, part in (
            (upper_y, claim.upper_role, claim.upper, "Upper part"),
            (lower_y, claim.lower_role, claim.lower, "Lower part"),
        ):
            self.ax.plot(
                [self.centre + 1.05] * 2,
                [y - 0.55, y + 0.55],
                color=COLOURS[role],
                linewidth=6,
                solid_capstyle="butt",
            )
            self.ax.text(
                self.centre + 1.3,
                y,
                _wrap(f"{part} ({role} role): {text}", 30),
                ha="left",
                va="center",
                fontsize=12,
                color=INK,
                linespacing=1.15,
            )

    def samples(self) -> None:
        """Dots at the levels a study took its samples from."""
        sampled = _levels_in(self.study.subjects) if self.study else []
        if not sampled:
            return
        ys = [_LEVEL_Y[level] for level in sampled]
        self.ax.plot(
            [self.centre] * len(ys),
            ys,
            "o",
            color="white",
            markeredgecolor=INK,
            markersize=9,
            zorder=3,
        )
        self.ax.text(
            self.centre - 0.95,
            float(np.mean(ys)),
            "muscle\nsampled\nhere",
            ha="right",
            va="center",
            fontsize=11,
            color=MUTED,
        )

    def unsampled(self) -> None:
        """Words in the part of the muscle the source has no data for, so blank is not read as
        'neither postural nor dynamic'."""
        if self.bottom_y - INSERTION_Y > 2.0:
            self.ax.text(
                self.centre,
                (self.bottom_y + INSERTION_Y) / 2 + 0.3,
                f"no data\nbelow {self.claim.span[1]}",
                ha="center",
                va="center",
                fontsize=11,
                color=MUTED,
                style="italic",
                zorder=3,
            )


def _level_axis(ax, last_centre: float) -> None:
    ax.set_yticks(
        [*_LEVEL_Y.values(), BRIM_Y, INSERTION_Y],
        [
            *(f"{level} (origin)" if i == 0 else level for i, level in enumerate(VERTEBRAL_LEVELS)),
            "pelvic brim",
            "lesser trochanter\n(insertion)",
        ],
    )
    for y in [*_LEVEL_Y.values(), BRIM_Y]:
        ax.axhline(y, color=GRID, linewidth=0.8, zorder=0)
    ax.set_ylim(INSERTION_Y - 1.1, TOP_Y + 1.3)
    ax.set_xlim(-1.6, last_centre + 5.0)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.set_ylabel("Position along the muscle (vertebral level)")


def regional_chart(catalog: Catalog | None = None) -> Chart:
    """What each source says about the upper versus the lower part of the muscle, coloured by
    role and drawn qualitatively where it gives no numbers, only over the part it has data for."""
    fibres = (catalog or default_catalog()).fibres
    claims = fibres.regional
    studies = {s.id: s for s in fibres.studies}
    lines = _regional_notes(claims)
    note_rows = sum(text.count("\n") + 1 for text, _, _ in lines)

    with chart_style():
        width = max(11.0, 2.2 + 4.4 * len(claims))
        figure = new_figure(width, 7.4 + 0.23 * note_rows)
        ax, notes_ax = figure.subplots(2, 1, height_ratios=[7.0, 0.23 * note_rows + 0.05])
        centres = [i * 5.4 for i in range(len(claims))]
        for centre, claim in zip(centres, claims, strict=False):
            _RegionalColumn(ax, centre, claim, studies.get(claim.id)).draw()
        _level_axis(ax, centres[-1])
        ax.set_title("Where along the psoas do the roles differ? The sources side by side")
        _draw_notes(figure, notes_ax, lines, gap_before_caution=False)
        add_source(figure, _sources(c.source for c in claims))

    alt = (
        "Qualitative diagram along the psoas from its origin (T12) to its insertion (lesser "
        "trochanter), coloured by role (postural, dynamic), no numbers drawn. "
        + " ".join(
            f"{c.source_label} (data from {c.span[0]} to {c.span[1]}): upper part, {c.upper_role} "
            f"role: {c.upper} Lower part, {c.lower_role} role: {c.lower}"
            for c in claims
        )
    )
    return Chart(figure, alt, "Where along the psoas do the roles differ?")
