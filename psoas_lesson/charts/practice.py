"""The practice chart: minutes practised per week from the learner's own log, with the streak."""

from __future__ import annotations

import textwrap
from datetime import date

from ..practice import PracticeLog, PracticeLogError, Session, streak, weekly_minutes
from ..theme import COLOURS, GRID, INK, MUTED, RULE
from .base import Chart, add_source, chart_style, new_figure

BAR = COLOURS["work"]  # minutes practised are minutes of work, as on the timer


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
    title, message, alt = _words_for(rows, sessions, streak(sessions, today), problem)
    with chart_style():
        figure = new_figure(9.5, 5.2)
        ax = figure.subplots()
        _draw_weeks(ax, rows)
        ax.set_title(title, loc="left")
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
                bbox={"boxstyle": "round,pad=0.8", "facecolor": "white", "edgecolor": RULE},
            )
        add_source(figure, f"your own practice log ({log.path.name})")
    return Chart(figure, alt, title)


def _words_for(
    rows: list[tuple[date, float]], sessions: list[Session], days: int, problem: str | None
) -> tuple[str, str | None, str]:
    """The chart's title, the message drawn over an empty chart (or None), and its text
    alternative."""
    starts = [start for start, _ in rows]
    span = f"{len(rows)} weeks from {_day(starts[0])} to {_day(starts[-1])} {starts[-1].year}"
    if problem:
        title = "Your practice: the log cannot be read"
        message = "The practice log cannot be read\n\n" + "\n".join(textwrap.wrap(problem, 70))
        return title, message, f"Empty bar chart: the practice log cannot be read. {problem}"
    if not sessions:
        message = (
            "No sessions recorded yet\n\n"
            "Finish a routine with the timer and\nyour minutes will appear here."
        )
        alt = (
            f"Empty bar chart of minutes practised per week for the {span}: "
            "no sessions recorded yet."
        )
        return "Your practice: minutes per week", message, alt
    total = sum(minutes for _, minutes in rows)
    message = None if total > 0 else f"No sessions in these {len(rows)} weeks"
    figures = ", ".join(f"{_day(s)} {_minutes(m)}" for s, m in rows)
    alt = (
        f"Bar chart of minutes practised per week for the {span} (the last bar is this week, "
        f"so far): {figures}; {_minutes(total)} minutes in all; "
        f"{_days(days).replace('no current streak', 'no current streak of daily practice')}."
    )
    return f"Your practice: minutes per week ({_days(days)})", message, alt


def _draw_weeks(ax, rows: list[tuple[date, float]]) -> None:
    """One bar a week, the minutes on top; this week's bar hatched, as it is not over yet."""
    minutes = [value for _, value in rows]
    positions = list(range(len(rows)))
    bars = ax.bar(positions, minutes, color=BAR, width=0.7, zorder=2)
    bars[-1].set_hatch("//")
    bars[-1].set_edgecolor("white")
    ax.set_ylim(0, max(max(minutes, default=0.0), 10.0) * 1.18)
    ax.set_xlim(-0.6, len(rows) - 0.4)
    # Label every week while there is room; thin out the labels for long spans.
    step = max(1, -(-len(rows) // 12))
    shown = positions[::-1][::step][::-1]
    labels = [_day(start) for start, _ in rows]
    labels[-1] = f"{labels[-1]}\n(this week)"
    ax.set_xticks(shown)
    ax.set_xticklabels([labels[i] for i in shown])
    ax.set_xlabel("Week starting (Monday)")
    ax.set_ylabel("Minutes practised (min)")
    ax.grid(axis="y", color=GRID, zorder=0)
    ax.tick_params(axis="x", length=0)
    for bar, value in zip(bars, minutes, strict=True):
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
