"""Charts for the lesson, built with matplotlib (imported only when a chart is made)."""

from .base import COLOURS, OKABE_ITO, Chart, chart_style

__all__ = ["COLOURS", "OKABE_ITO", "Chart", "chart_style"]
