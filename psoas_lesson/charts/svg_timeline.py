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

import textwrap

from ..describe import clock
from ..html import svg_text as esc
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
LANE_H_TWO_LINES = 44  # when a label needs a second line
LABEL_CHARS = 36  # what fits in LABEL_W at 14 px
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
    lanes = [(_label_lines(label), spans) for label, spans in timeline_lanes(timeline)]
    lane_h = LANE_H if all(len(lines) == 1 for lines, _ in lanes) else LANE_H_TWO_LINES
    height = TOP + lane_h * max(1, len(lanes)) + 56
    total = timeline.total_s or 1.0
    scale = (WIDTH - LABEL_W - 20) / total
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" role="img">',
        f"<title>{esc(alt_text(timeline))}</title>",
        _patterns(),
        *_title_and_legend(timeline),
        *_time_axis(total, scale, axis_y=TOP + lane_h * len(lanes) + 4),
    ]
    for row, (lines, spans) in enumerate(lanes):
        out += _lane(TOP + row * lane_h, lane_h, lines, spans, scale)
    out.append("</svg>")
    return "".join(out)


def _patterns() -> str:
    shapes = "".join(
        f'<pattern id="p-{kind}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{COLOURS[kind]}"/>{shape}</pattern>'
        for kind, shape in PATTERN.items()
    )
    return f"<defs>{shapes}</defs>"


def _fill(kind) -> str:
    return f"url(#p-{kind})" if kind in PATTERN else COLOURS[kind]


def _title_and_legend(timeline: Timeline) -> list[str]:
    total = clock(timeline.total_s)
    title = f"{timeline.name}: {total} in all" if timeline.name else f"{total} in all"
    out = [
        f'<text x="{WIDTH / 2:.0f}" y="22" text-anchor="middle" font-size="17" '
        f'font-weight="bold" fill="{INK}">{esc(title)}</text>'
    ]
    by_kind = timeline.seconds_by_kind()
    x = LABEL_W
    for kind in KINDS:
        if by_kind[kind] <= 0:
            continue
        label = f"{kind.label.lower()} {clock(by_kind[kind])}"
        out.append(
            f'<rect x="{x}" y="34" width="22" height="13" fill="{_fill(kind)}"/>'
            f'<text x="{x + 28}" y="45" font-size="13" fill="{INK}">{esc(label)}</text>'
        )
        x += 28 + 8 * len(label) + 22
    return out


def _time_axis(total: float, scale: float, axis_y: float) -> list[str]:
    right = WIDTH - 20
    out = []
    for tick in range(0, int(total) + 1, tick_step(total)):
        tx = LABEL_W + tick * scale
        out.append(
            f'<line x1="{tx:.1f}" y1="{TOP - 4}" x2="{tx:.1f}" y2="{axis_y}" stroke="{GRID}"/>'
            f'<text x="{tx:.1f}" y="{axis_y + 17}" text-anchor="middle" font-size="13" '
            f'fill="{INK}">{clock(tick)}</text>'
        )
    out.append(f'<line x1="{LABEL_W}" y1="{axis_y}" x2="{right}" y2="{axis_y}" stroke="{INK}"/>')
    out.append(
        f'<text x="{(LABEL_W + right) / 2:.0f}" y="{axis_y + 40}" text-anchor="middle" '
        f'font-size="14" fill="{INK}">Time from the start (minutes:seconds)</text>'
    )
    return out


def _lane(y: float, lane_h: float, lines: list[str], spans, scale: float) -> list[str]:
    """One exercise's label (one or two lines, never cut mid-word) and its segments."""
    first = y + lane_h / 2 + 5 - 8 * (len(lines) - 1)
    text = "".join(
        f'<tspan x="{LABEL_W - 8}" y="{first + 16 * i:.0f}">{esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    out = [f'<text text-anchor="end" font-size="14" fill="{INK}">{text}</text>']
    for start, duration, kind in spans:
        out.append(
            f'<rect x="{LABEL_W + start * scale:.2f}" y="{y + 4}" '
            f'width="{max(duration * scale, 0.6):.2f}" height="{lane_h - 8}" fill="{_fill(kind)}"/>'
        )
    return out


def _label_lines(label: str) -> list[str]:
    """A lane label in the label column: whole, or wrapped onto two lines at a space."""
    if len(label) <= LABEL_CHARS:
        return [label]
    lines = textwrap.wrap(label, LABEL_CHARS, break_long_words=False) or [label]
    if len(lines) > 2:  # a very long name: two lines, the second shortened
        lines = [lines[0], _shorten(" ".join(lines[1:]), LABEL_CHARS)]
    return lines


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
