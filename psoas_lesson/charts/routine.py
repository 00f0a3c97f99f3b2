"""Charts of a routine, for notebooks and print: its timeline, and the balance of static, dynamic
and massage work. (The builder's live preview is the SVG
one in :mod:`.svg_timeline`, which shares the lanes, labels and text alternative with the
timeline here.)"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.ticker import FixedLocator, FuncFormatter

from ..catalog import Catalog, default_catalog
from ..describe import clock
from ..routine import Routine
from ..theme import GRID
from ..timeline import KINDS, PREPARE, REST, SWITCH, WORK, Timeline, compile_timeline
from .base import COLOURS, STYLE, Chart, add_source, chart_style, new_figure, plain
from .svg_timeline import alt_text, tick_step, timeline_lanes

# Colour AND pattern, so the kinds stay apart in grey print and for every kind of colour vision.
HATCH = {WORK: "", REST: "//", SWITCH: "xx", PREPARE: ".."}
EFFORTS = ("static", "dynamic", "massage")
EFFORT_LABEL = {
    "static": "static holds",
    "dynamic": "dynamic / strength",
    "massage": "self-massage",
}


def _resolve(
    routine: Routine | Timeline | str, catalog: Catalog | None
) -> tuple[Timeline, Catalog | None]:
    """A timeline from a Timeline, or from what :meth:`Catalog.resolve_routine` takes."""
    if isinstance(routine, Timeline):
        return routine, catalog
    catalog = catalog or default_catalog()
    return compile_timeline(catalog.resolve_routine(routine), catalog), catalog


def _plain_all(texts):
    return [plain(text) for text in texts]


def _rectangles(boxes) -> Path:
    """Many rectangles (x0, x1, y0, y1) as one path."""
    x0, x1, y0, y1 = np.asarray(boxes, dtype=float).T
    corners = np.stack(
        [
            np.stack([x0, y0], -1),
            np.stack([x1, y0], -1),
            np.stack([x1, y1], -1),
            np.stack([x0, y1], -1),
            np.stack([x0, y0], -1),
        ],
        axis=1,
    )
    codes = np.tile(
        [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY], len(boxes)
    )
    return Path(corners.reshape(-1, 2), codes)


@functools.lru_cache(maxsize=512)
def _text_width_in(text: str, size: float) -> float:
    """Width of a label in inches at ``size`` points (cached: names repeat on every redraw)."""
    renderer = _measuring_renderer()
    width, _, _ = renderer.get_text_width_height_descent(
        text, FontProperties(size=size), ismath=False
    )
    return width / renderer.dpi


@functools.lru_cache(maxsize=1)
def _measuring_renderer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(10, 10, 72)


def _draw_lanes(ax, rows) -> None:
    """Every segment as a box in its exercise's row, one compound path per kind: the full article
    routine has 274 segments, and Agg fills (and above all hatches) one path far faster than
    hundreds."""
    half = 0.36
    boxes: dict[str, list] = {kind: [] for kind in KINDS}
    for row, (_, spans) in enumerate(rows):
        for start, duration, kind in spans:
            boxes[kind].append((start, start + duration, row - half, row + half))
    for kind in KINDS:
        if boxes[kind]:
            # No edges: white outlines would swamp a row of 2-second reps.
            patch = PathPatch(
                _rectangles(boxes[kind]),
                facecolor=COLOURS[kind],
                edgecolor="none",
                linewidth=0,
                hatch=HATCH[kind] or None,
            )
            patch.set_hatchcolor("white")
            patch.set_hatch_linewidth(1.2)
            # add_artist, not add_patch: the limits are set by the caller, and working them out
            # from a path of hundreds of rectangles costs more than drawing it.
            ax.add_artist(patch)


def _time_axes(ax, rows, total: float) -> None:
    """Rows top to bottom in routine order, time along the bottom in minutes and seconds."""
    ax.set_xlim(0, max(total, 1.0))
    ax.set_ylim(len(rows) - 0.5, -0.5)  # first exercise at the top
    ax.set_yticks(range(len(rows)), _plain_all(label for label, _ in rows))
    step = tick_step(total, most=10)
    ax.xaxis.set_major_locator(FixedLocator([t for t in range(0, int(total) + 1, step)]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: clock(value)))
    ax.set_xlabel("Time from the start (minutes:seconds)")
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines["left"].set_visible(False)


def _kind_legend(ax, by_kind) -> None:
    handles = [
        Patch(
            facecolor=COLOURS[kind],
            hatch=HATCH[kind],
            edgecolor="white",
            label=f"{kind.label.lower()} {clock(by_kind[kind])}",
        )
        for kind in (WORK, REST, SWITCH, PREPARE)
    ]
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=4,
        frameon=False,
        handlelength=2.2,
        handleheight=1.2,
        columnspacing=1.6,
    )


def timeline_chart(routine: Routine | Timeline | str, catalog: Catalog | None = None) -> Chart:
    """The routine over time: one row per exercise, work, rest, side switches and count-ins told
    apart by colour and pattern."""
    timeline, _ = _resolve(routine, catalog)
    rows = timeline_lanes(timeline)
    total = timeline.total_s
    name = timeline.name or "Routine"

    with chart_style():
        width, height = 11.0, 2.3 + 0.42 * max(len(rows), 1)
        figure = new_figure(width, height)
        # Margins worked out here rather than by constrained layout, which draws the figure an
        # extra time on every save.
        figure.set_layout_engine(None)
        label_in = max(
            (_text_width_in(plain(label), STYLE["ytick.labelsize"]) for label, _ in rows),
            default=1.0,
        )
        left, right, top, bottom = label_in + 0.2, 0.45, 0.95, 0.95
        figure.subplots_adjust(
            left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
        )
        ax = figure.subplots()
        _draw_lanes(ax, rows)
        _time_axes(ax, rows, total)
        _kind_legend(ax, timeline.seconds_by_kind())
        title = f"{name}: {clock(total)} in all"
        # Fixed positions for the title and axis labels: left automatic, matplotlib measures
        # every tick label again to place them, and text is the slow part of this chart.
        ax.set_title(plain(title), pad=34, y=1.0)
        ax.xaxis.set_label_coords(0.5, -0.36 / (height - top - bottom))
        add_source(
            figure,
            "the routine's doses and settings (data/routines, data/exercises.yaml), "
            "compiled into timed segments by the lesson.",
        )
        for text in figure.texts:
            text.set_wrap(False)  # one short line; wrapping would measure it word by word

    alt = alt_text(timeline)
    return Chart(figure, alt, title)


# ---------------------------------------------------------------------------------------------


def _work_by_effort(timeline: Timeline, catalog: Catalog) -> dict[str, float]:
    seconds = dict.fromkeys(EFFORTS, 0.0)
    for segment in timeline.segments:
        if segment.kind == WORK and segment.exercise:
            seconds[catalog.exercise(segment.exercise).kind.effort] += segment.duration_s
    return seconds


# A bar segment: (label, percent, look, time or None, text colour).
Segment_ = tuple[str, float, dict, str | None, str]


def _routine_bar(name: str, seconds: dict[str, float]) -> tuple[str, list[Segment_]]:
    work = sum(seconds.values())
    return (
        f"{name}:\nwork time by kind",
        [
            (
                EFFORT_LABEL[e],
                100 * seconds[e] / work if work else 0.0,
                {"color": COLOURS[e], "edgecolor": "white", "linewidth": 1.5},
                clock(seconds[e]),
                "white",
            )
            for e in EFFORTS
        ],
    )


def _segment_text(ax, row: int, left: float, segment: Segment_) -> None:
    """Write the name and figures inside a segment where they fit, else the figures alone, else
    just the percent (about 0.95 % of the axis per bold character at this size)."""
    label, percent, look, time, ink = segment
    figures = f"{percent:.0f} %" + (f" · {time}" if time else "")
    centre = left + percent / 2
    style = dict(ha="center", va="center", color=ink, fontweight="bold")
    if percent >= 0.95 * max(len(label), len(figures)) + 2:
        ax.text(centre, row, f"{label}\n{figures}", fontsize=12.5, linespacing=1.2, **style)
    elif percent >= 0.95 * len(figures) + 2:
        ax.text(centre, row, figures, fontsize=12.5, **style)
    elif percent >= 4:
        ax.text(centre, row, f"{percent:.0f} %", fontsize=11.5, **style)


def _draw_balance_bars(ax, bars) -> None:
    for row, (_, segments) in enumerate(bars):
        left = 0.0
        for segment in segments:
            percent, look = segment[1], segment[2]
            if percent <= 0:
                continue
            ax.barh(row, percent, left=left, height=0.55, **look)
            _segment_text(ax, row, left, segment)
            left += percent
    ax.set_yticks(range(len(bars)), _plain_all(label for label, _ in bars))
    ax.set_ylim(len(bars) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel("Share of the routine's work time (%)")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)


def _balance_legend(ax, seconds: dict[str, float]) -> None:
    """The routine's kinds, each with its time, in one row above the bar."""
    ax.legend(
        handles=[
            Patch(color=COLOURS[e], label=f"{EFFORT_LABEL[e]} {clock(seconds[e])}") for e in EFFORTS
        ],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=len(EFFORTS),
        frameon=False,
        fontsize=11.5,
        columnspacing=1.4,
    )


def balance_chart(routine: Routine | Timeline | str, catalog: Catalog | None = None) -> Chart:
    """How the routine's work time splits into static holds, dynamic work and self-massage.

    No fibre mix beside it: a passive stretch is not slow-fibre training, nor a dynamic move
    fast-fibre training, so setting the two side by side would suggest a link that is not there.
    """
    timeline, catalog = _resolve(routine, catalog)
    catalog = catalog or default_catalog()
    seconds = _work_by_effort(timeline, catalog)
    work = sum(seconds.values())
    name = timeline.name or "Routine"

    with chart_style():
        figure = new_figure(11.0, 3.6)
        ax = figure.subplots()
        _draw_balance_bars(ax, [_routine_bar(name, seconds)])
        _balance_legend(ax, seconds)
        title = f"Static, dynamic and massage time: {name}"
        ax.set_title(plain(title), pad=40)
        add_source(
            figure, "exercise kinds in data/exercises.yaml; work time from the compiled routine."
        )

    split = ", ".join(
        f"{EFFORT_LABEL[e]} {clock(seconds[e])} ({100 * seconds[e] / work if work else 0:.0f} %)"
        for e in EFFORTS
    )
    alt = f"Bar chart for {name}: of {clock(work)} work time, {split}."
    return Chart(figure, alt, title)
