"""The practice chart: minutes practised per week from the learner's own log, with the streak."""

from __future__ import annotations

import textwrap
from datetime import date

from ..practice import PracticeLog, PracticeLogError, Session, streak, weekly_minutes
from ..theme import INK, MUTED
from .base import OKABE_ITO, Chart, add_source, chart_style, new_figure

BAR = OKABE_ITO["blue"]
THIS_WEEK = OKABE_ITO["orange"]


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


def _minutes(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == 0 else f"{value:.1f}".rstrip("0").rstrip(".")


def _days(count: int) -> str:
    return (
        "no current streak"
        if count == 0
        else f"{count}-day streak"
        if count > 1
        else "1-day streak"
    )


def practice_chart(
    log: PracticeLog | None = None, weeks: int = 8, *, today: date | None = None
) -> Chart:
    """Bars of minutes practised per week for the last ``weeks`` weeks, titled with the streak."""
    log = log if log is not None else PracticeLog()
    today = today or date.today()
    problem = None
    sessions: list[Session] = []
    try:
        sessions = log.sessions()
    except PracticeLogError as error:
        problem = str(error)
    rows = weekly_minutes(sessions, weeks, today)
    days = streak(sessions, today)
    starts = [start for start, _ in rows]
    minutes = [value for _, value in rows]
    span = f"{len(rows)} weeks from {_day(starts[0])} to {_day(starts[-1])} {starts[-1].year}"

    if problem:
        title = "Your practice: the log cannot be read"
        message = "The practice log cannot be read\n\n" + "\n".join(textwrap.wrap(problem, 70))
        alt = f"Empty bar chart: the practice log cannot be read. {problem}"
    elif not sessions:
        title = "Your practice: minutes per week"
        message = (
            "No sessions recorded yet\n\n"
            "Finish a routine with the timer and\nyour minutes will appear here."
        )
        alt = (
            f"Empty bar chart of minutes practised per week for the {span}: "
            "no sessions recorded yet."
        )
    else:
        title = f"Your practice: minutes per week ({_days(days)})"
        total = sum(minutes)
        message = None if total > 0 else f"No sessions in these {len(rows)} weeks"
        figures = ", ".join(f"{_day(s)} {_minutes(m)}" for s, m in rows)
        alt = (
            f"Bar chart of minutes practised per week for the {span} (the last bar is this week, "
            f"so far): {figures}; {_minutes(total)} minutes in all; "
            f"{_days(days).replace('no current streak', 'no current streak of daily practice')}."
        )

    with chart_style():
        figure = new_figure(9.5, 5.2)
        ax = figure.subplots()
        positions = list(range(len(rows)))
        colours = [BAR] * (len(rows) - 1) + [THIS_WEEK]
        bars = ax.bar(positions, minutes, color=colours, width=0.7, zorder=2)
        top = max(max(minutes, default=0.0), 10.0) * 1.18
        ax.set_ylim(0, top)
        ax.set_xlim(-0.6, len(rows) - 0.4)
        # Label every week while there is room; thin out the labels for long spans.
        step = max(1, -(-len(rows) // 12))
        ax.set_xticks(positions[::-1][::step][::-1])
        labels = [_day(s) for s in starts]
        labels[-1] = f"{labels[-1]}\n(this week)"
        ax.set_xticklabels([labels[i] for i in positions[::-1][::step][::-1]])
        ax.set_xlabel("Week starting (Monday)")
        ax.set_ylabel("Minutes practised (min)")
        ax.set_title(title, loc="left")
        ax.grid(axis="y", color="#dddddd", zorder=0)
        ax.tick_params(axis="x", length=0)
        for bar, value in zip(bars, minutes, strict=False):
            if value > 0:
                ax.annotate(
                    _minutes(value),
                    (bar.get_x() + bar.get_width() / 2, value),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=12,
                    color=INK,
                )
        if message:
            ax.text(
                0.5,
                0.55,
                message,
                transform=ax.transAxes,
                ha="center",
                va="center",
                fontsize=15,
                color=MUTED,
                linespacing=1.4,
                bbox={"boxstyle": "round,pad=0.8", "facecolor": "white", "edgecolor": "#bbbbbb"},
            )
        add_source(figure, f"your own practice log ({log.path.name})")
    return Chart(figure, alt, title)
