"""Browser: from a slider change in the routine builder to the new total time and chart, in
Chromium, in JupyterLab, measured in the page with ``performance.now()``.

Alongside, the same round trip for a bare ipywidgets slider that updates a Label and redraws a
small matplotlib chart (``tests/e2e/fixtures/widgets.ipynb``): the floor that any kernel-side
chart sets, whatever the lesson does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from harness import lab as e2e

from .report import Result, median, ms

GOAL_S = 0.150
MOVES = 20

# The key press is a real (trusted) one from Playwright, so a native range input moves too; the
# clock starts in the page when the keydown arrives.
_ARM = """() => {
  window.__psoasKeyAt = null;
  document.addEventListener("keydown", () => { window.__psoasKeyAt ??= performance.now(); },
                            {capture: true, once: true});
}"""
_MEASURE = """async ([total, chart, beforeText, beforeSrc]) => {
  const text = () => document.querySelector(total).textContent;
  const src = () => { const el = document.querySelector(chart);
                      const img = el && (el.tagName === "IMG" ? el : el.querySelector("img"));
                      return img ? img.getAttribute("src") : null; };
  while (window.__psoasKeyAt === null) await new Promise(r => requestAnimationFrame(r));
  const started = window.__psoasKeyAt;
  let textAt = null, srcAt = null;
  while (performance.now() - started < 10000 && (textAt === null || srcAt === null)) {
    if (textAt === null && text() !== beforeText) textAt = performance.now() - started;
    if (srcAt === null && src() !== beforeSrc) srcAt = performance.now() - started;
    await new Promise(r => requestAnimationFrame(r));
  }
  return [textAt, srcAt];
}"""
_BEFORE = """([total, chart]) => {
  const el = document.querySelector(chart);
  const img = el && (el.tagName === "IMG" ? el : el.querySelector("img"));
  return [document.querySelector(total).textContent, img ? img.getAttribute("src") : null];
}"""


def _measure(page, slider: str, total: str, chart: str) -> tuple[list[float], list[float]]:
    texts, charts = [], []
    handle = e2e.slider_handle(page, slider)
    for move in range(MOVES):
        key = "ArrowLeft" if (move // 2) % 2 else "ArrowRight"
        before = page.evaluate(_BEFORE, [total, chart])
        page.evaluate(_ARM)
        handle.press(key)
        text_ms, chart_ms = page.evaluate(_MEASURE, [total, chart, *before])
        if text_ms is not None:
            texts.append(text_ms / 1000)
        if chart_ms is not None:
            charts.append(chart_ms / 1000)
        page.wait_for_timeout(300)
    return texts, charts


CASES = [
    ("routine builder, hold slider", "builder.ipynb", ".psoas-builder-hold"),
    ("routine builder, reps slider", "builder.ipynb", ".psoas-builder-reps"),
    ("bare ipywidgets slider + Label + chart", "widgets.ipynb", ".fixture-slider"),
]
# notebook -> (the total's selector, the chart's)
SHOWS = {
    "builder.ipynb": (".psoas-builder-total", ".psoas-builder-chart"),
    "widgets.ipynb": (".fixture-total", ".fixture-chart"),
}


def run(quick: bool = False) -> Result:
    why = e2e.why_no_browser()
    if why:
        return Result(
            "Browser: slider to total and chart",
            f"under {GOAL_S * 1000:.0f} ms",
            None,
            ["", ""],
            [["not run", why]],
            "needs Chromium and Playwright.",
        )
    rows = []
    ours_chart = None
    with tempfile.TemporaryDirectory() as scratch:
        root = e2e.copy_notebooks(Path(scratch) / "root", (e2e.FIXTURES / name for name in SHOWS))
        with e2e.lab_session(root, Path(scratch) / "home") as lab:
            for label, notebook, slider in CASES:
                total, chart = SHOWS[notebook]
                if lab.path != notebook:
                    lab.run_notebook(notebook, ready=total)
                    lab.page.wait_for_timeout(1000)  # let the first chart settle before timing
                texts, charts = _measure(lab.page, slider, total, chart)
                if notebook == "builder.ipynb":
                    ours_chart = max(ours_chart or 0, median(charts))
                rows.append(
                    [
                        label,
                        f"{len(texts)}",
                        ms(median(texts)),
                        ms(max(texts)),
                        ms(median(charts)),
                        ms(max(charts)),
                    ]
                )
    met = ours_chart is not None and ours_chart < GOAL_S
    return Result(
        "Browser: slider to total time and chart",
        f"under {GOAL_S * 1000:.0f} ms from a slider change to the updated total and chart",
        met if not quick else None,
        ["slider", "moves", "total: median", "total: worst", "chart: median", "chart: worst"],
        rows,
        f"JupyterLab and Debian's Chromium on this machine; {MOVES} arrow-key moves per slider, "
        "each timed in the page from the key event to the first animation frame showing the new "
        "text and the new image.",
        [
            "The goal is judged on the median chart time of the builder's sliders; the bare slider "
            "shows what the kernel round trip and a matplotlib redraw cost before any lesson code.",
            "Why the builder beats the bare slider: it writes its timeline as SVG markup itself "
            "(`charts/svg_timeline.py`, about 1 ms) instead of drawing it with matplotlib. Drawn "
            "with "
            "matplotlib the same chart took a median of 270-290 ms as PNG and about 190 ms as SVG "
            "in "
            "this benchmark (measured while other work loaded the machine), most of it laying out "
            "text; the matplotlib timeline stays for notebooks and print.",
        ],
    )
