"""The routine timeline as SVG markup written directly, for the routine builder's live preview,
and what every timeline chart shares: lanes, kind labels, axis steps, the text alternative.

The builder redraws its timeline on every slider move, and a matplotlib figure takes 100-200 ms
to lay out and write on this kind of machine, most of it text. Rectangles and a few labels as SVG
take about a millisecond, so the chart keeps up with the total time. It draws what
:func:`~psoas_lesson.charts.routine.timeline_chart` draws (one lane per exercise, the segment
kinds told apart by colour and pattern, minutes on the axis, the total in the title); that
matplotlib chart stays the one for notebooks and print.
"""

from __future__ import annotations

from ..describe import clock
from ..html import esc
from ..theme import COLOURS, FONT, GRID, INK
from ..timeline import KINDS, PREPARE, REST, SWITCH, WORK, Timeline

# The same patterns as the matplotlib chart's hatches: colour AND pattern for every kind.
PATTERN = {
    REST: '<path d="M0,6 L6,0" stroke="white" stroke-width="1.4"/>',
    SWITCH: '<path d="M0,0 L6,6 M0,6 L6,0" stroke="white" stroke-width="1.2"/>',
    PREPARE: '<circle cx="3" cy="3" r="1.1" fill="white"/>',
}
TICK_STEPS_S = (15, 30, 60, 120, 300, 600, 900, 1800, 3600)
WIDTH = 900
LABEL_W = 300
LANE_H = 30
TOP = 64


def timeline_lanes(timeline: Timeline) -> list[tuple[str, list[tuple[float, float, str]]]]:
    """One lane per routine entry: its label and its (start, duration, kind) spans.

    A rest between exercises goes on the lane of the exercise it leads into, as its cue does.
    """
    lanes: dict[object, list] = {}
    names: dict[object, str] = {}
    pending: list[tuple[float, float, str]] = []
    for start, segment in zip(timeline.starts_s, timeline.segments, strict=False):
        key = segment.entry if segment.entry is not None else segment.exercise
        if key is None:
            pending.append((start, segment.duration_s, segment.kind))
            continue
        spans = lanes.setdefault(key, [])
        spans += pending
        pending = []
        spans.append((start, segment.duration_s, segment.kind))
        names.setdefault(key, segment.name or segment.exercise or "exercise")
    if pending:
        lanes.setdefault("end", []).extend(pending)
        names["end"] = "rest"
    return [(f"{i}. {names[key]}", spans) for i, (key, spans) in enumerate(lanes.items(), start=1)]


def tick_step(total_s: float, most: int = 8) -> int:
    """The smallest of the usual steps that puts at most ``most`` ticks on the axis."""
    return next((step for step in TICK_STEPS_S if total_s / step <= most), TICK_STEPS_S[-1])


def timeline_svg(timeline: Timeline) -> str:
    """The timeline as one standalone SVG document; every label is escaped."""
    lanes = timeline_lanes(timeline)
    total = timeline.total_s or 1.0
    plot_w = WIDTH - LABEL_W - 20
    height = TOP + LANE_H * max(1, len(lanes)) + 56
    scale = plot_w / total
    by_kind = timeline.seconds_by_kind()
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" role="img">',
        f"<title>{esc(alt_text(timeline))}</title>",
        "<defs>",
    ]
    for kind, shape in PATTERN.items():
        out.append(
            f'<pattern id="p-{kind}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{COLOURS[kind]}"/>{shape}</pattern>'
        )
    out.append("</defs>")
    title = (
        f"{timeline.name}: {clock(timeline.total_s)} in all"
        if timeline.name
        else f"{clock(timeline.total_s)} in all"
    )
    out.append(
        f'<text x="{WIDTH / 2:.0f}" y="22" text-anchor="middle" font-size="17" '
        f'font-weight="bold" fill="{INK}">{esc(title)}</text>'
    )
    x = LABEL_W
    for kind in KINDS:
        if by_kind[kind] <= 0:
            continue
        fill = f"url(#p-{kind})" if kind in PATTERN else COLOURS[kind]
        label = f"{kind.label.lower()} {clock(by_kind[kind])}"
        out.append(
            f'<rect x="{x}" y="34" width="22" height="13" fill="{fill}"/>'
            f'<text x="{x + 28}" y="45" font-size="13" fill="{INK}">{esc(label)}</text>'
        )
        x += 28 + 8 * len(label) + 22
    step = tick_step(total)
    axis_y = TOP + LANE_H * len(lanes) + 4
    for tick in range(0, int(total) + 1, step):
        tx = LABEL_W + tick * scale
        out.append(
            f'<line x1="{tx:.1f}" y1="{TOP - 4}" x2="{tx:.1f}" y2="{axis_y}" stroke="{GRID}"/>'
            f'<text x="{tx:.1f}" y="{axis_y + 17}" text-anchor="middle" font-size="13" '
            f'fill="{INK}">{clock(tick)}</text>'
        )
    out.append(
        f'<line x1="{LABEL_W}" y1="{axis_y}" x2="{LABEL_W + plot_w}" y2="{axis_y}" stroke="{INK}"/>'
    )
    out.append(
        f'<text x="{LABEL_W + plot_w / 2:.0f}" y="{axis_y + 40}" text-anchor="middle" '
        f'font-size="14" fill="{INK}">Time from the start (minutes:seconds)</text>'
    )
    for row, (label, spans) in enumerate(lanes):
        y = TOP + row * LANE_H
        out.append(
            f'<text x="{LABEL_W - 8}" y="{y + LANE_H / 2 + 5:.0f}" text-anchor="end" '
            f'font-size="14" fill="{INK}">{esc(_shorten(label, 38))}</text>'
        )
        for start, duration, kind in spans:
            fill = f"url(#p-{kind})" if kind in PATTERN else COLOURS[kind]
            out.append(
                f'<rect x="{LABEL_W + start * scale:.2f}" y="{y + 4}" '
                f'width="{max(duration * scale, 0.6):.2f}" height="{LANE_H - 8}" fill="{fill}"/>'
            )
    out.append("</svg>")
    return "".join(out)


def alt_text(timeline: Timeline) -> str:
    """One line describing a timeline chart, for screen readers: totals, then each start."""
    by_kind = timeline.seconds_by_kind()
    name = timeline.name or "Routine"
    parts = ", ".join(
        f"{kind.label.lower()} {clock(by_kind[kind])}" for kind in (WORK, REST, SWITCH, PREPARE)
    )
    lanes = timeline_lanes(timeline)
    order = "; ".join(
        f"{label} from {clock(next((s for s in spans if s[2] != REST), spans[0])[0])}"
        for label, spans in lanes
    )
    return (
        f"Timeline of {name}: {clock(timeline.total_s)} (minutes:seconds) in all, {parts}. "
        f"{len(lanes)} exercise{'' if len(lanes) == 1 else 's'} in order: {order}."
    )


def _shorten(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
