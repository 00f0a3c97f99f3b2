"""Smooth curves through points (Catmull-Rom splines), written once for every drawing: as SVG
path data for the pose figures, and as sampled points for the matplotlib anatomy schematic.

A uniform Catmull-Rom spline through p1, p2 (with neighbours p0, p3) is the cubic Bézier with
control points p1 + (p2 - p0) / 6 and p2 - (p3 - p1) / 6. Pure Python.
"""

from __future__ import annotations

from collections.abc import Sequence

Point = tuple[float, float]


def bezier_segments(
    points: Sequence[Point], closed: bool = False
) -> list[tuple[Point, Point, Point, Point]]:
    """The curve as cubic Bézier segments (start, control 1, control 2, end); an open curve
    repeats its end points as their own neighbours, a closed one wraps round."""
    p = [(float(x), float(y)) for x, y in points]
    n = len(p)
    if n < 2:
        return []
    segments = []
    for i in range(n if closed else n - 1):
        if closed:
            p0, p1, p2, p3 = p[(i - 1) % n], p[i], p[(i + 1) % n], p[(i + 2) % n]
        else:
            p0, p1 = p[max(i - 1, 0)], p[i]
            p2, p3 = p[i + 1], p[min(i + 2, n - 1)]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        segments.append((p1, c1, c2, p2))
    return segments


def svg_path(points: Sequence[Point], closed: bool = False) -> str:
    """SVG path data for the smooth curve through the points (``M… C… Z``)."""
    segments = bezier_segments(points, closed)
    if not segments:
        return ""
    x, y = segments[0][0]
    d = [f"M{x:.1f},{y:.1f}"]
    for _start, c1, c2, end in segments:
        d.append(f"C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {end[0]:.1f},{end[1]:.1f}")
    return " ".join(d) + (" Z" if closed else "")


def sample(points: Sequence[Point], closed: bool = True, per: int = 14) -> list[Point]:
    """``per`` points along each stretch of the curve (and the last point of an open one)."""
    out = []
    for (x0, y0), (x1, y1), (x2, y2), (x3, y3) in bezier_segments(points, closed):
        for k in range(per):
            t = k / per
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
            out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    if not closed and points:
        out.append((float(points[-1][0]), float(points[-1][1])))
    return out
