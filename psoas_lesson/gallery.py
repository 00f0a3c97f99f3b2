"""Every pose figure on one page, for looking at: each position of each exercise, from the right
and from the left, at card size and at projector size, with the timer's text-free frames and the
builder's thumbnail beside them (``psoas-lesson gallery --out gallery.html``, ``make gallery``).

A review page, not part of the lesson: it shows exactly what the lesson draws, so a reviewer (or
a test in Chromium) can look at all of it at once, print it, or view it in greyscale.
"""

from __future__ import annotations

import os
from pathlib import Path

from .catalog import Catalog, default_catalog
from .figures import alt_text, caption, pose_svg, thumbnail_svg, timer_frames
from .files import atomic_write_text
from .html import Markup, page, tag
from .theme import INK, MUTED, RULE

SIZES_PX = {"card": 300, "projector": 900}
CSS = f"""
* {{ box-sizing: border-box; }}
body {{ margin: 1.5rem; color: {INK}; font-family: "DejaVu Sans", Arial, sans-serif; }}
h1 {{ font-size: 20pt; margin: 0 0 0.2em; }}
h2 {{ font-size: 15pt; margin: 1.6em 0 0.4em; border-top: 2px solid {RULE}; padding-top: 0.6em; }}
h3 {{ font-size: 11pt; margin: 0.8em 0 0.3em; color: {MUTED}; }}
.row {{ display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }}
figure {{ margin: 0; }}
figure.card {{ width: 300px; }}
figure.projector {{ width: 900px; max-width: 100%; }}
figure.timer {{ width: 200px; }}
figure.thumb {{ width: 84px; height: 50px; }}
figure.thumb svg {{ width: 84px; height: 50px; display: block; }}
figcaption {{ font-size: 9pt; color: {MUTED}; margin-top: 0.2em; }}
.grey {{ filter: grayscale(1); }}
@media print {{ section {{ break-inside: avoid; }} figure.projector {{ width: 100%; }} }}
"""


def gallery_html(catalog: Catalog | None = None) -> str:
    """The review page: every figure of every exercise with pose data."""
    catalog = catalog or default_catalog()
    sections = []
    for pose_set in catalog.poses.sets:
        exercise = catalog.exercise(pose_set.exercise)
        parts: list[object] = [tag("h2", exercise.name, id=pose_set.exercise)]
        for size, px in SIZES_PX.items():
            cells = []
            for position in pose_set.positions:
                for side in ("right", "left"):
                    cells.append(
                        tag(
                            "figure",
                            pose_svg(
                                pose_set.exercise,
                                position.id,
                                side=side,
                                catalog=catalog,
                                width=None,
                            ),  # fmt: skip
                            tag("figcaption", f"{position.id}, {side}"),
                            class_=size,
                            data_figure=f"{pose_set.exercise}/{position.id}/{side}/{size}",
                        )
                    )
            parts += [tag("h3", f"{size} ({px} px wide)"), tag("div", *cells, class_="row")]
        frames = []
        for side in ("right", "left"):
            for frame in timer_frames(pose_set.exercise, side, catalog):
                frames.append(
                    tag(
                        "figure",
                        Markup(frame["svg"]),
                        tag("figcaption", f"{frame['label']} ({side}): {frame['caption']}"),
                        class_="timer",
                    )
                )
        key = pose_set.key_position
        frames.append(
            tag(
                "figure",
                Markup(thumbnail_svg(pose_set.exercise, catalog)),
                class_="thumb",
                title=alt_text(catalog, pose_set, key),
            )
        )
        parts += [
            tag("h3", "timer frames (no words inside) and the builder's thumbnail"),
            tag("div", *frames, class_="row"),
            tag("p", caption(catalog, pose_set, key), style=f"color: {MUTED}"),
        ]
        sections.append(tag("section", *parts))
    intro = tag(
        "p",
        "Every figure the lesson draws, from the right and from the left, at card and projector "
        "size, with the timer's frames and the builder's thumbnail. Add class \"grey\" to the "
        "body to see it in greyscale.",
    )
    return page(
        "Pose figures · psoas lesson gallery", [tag("h1", "Pose figures"), intro, *sections], CSS
    )


def write_gallery(path: str | os.PathLike, catalog: Catalog | None = None) -> Path:
    """Write the review page atomically and return its path."""
    target = Path(path)
    atomic_write_text(target, gallery_html(catalog))
    return target
