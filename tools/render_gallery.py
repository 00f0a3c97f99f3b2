"""Render the pose gallery (``psoas-lesson gallery``) to PNG images for looking at: each figure
at card size (300 px), projector size (900 px), on a phone (390 px wide, 3x) and for print
(A4 column, 2x), in colour and in greyscale, plus one sheet per size with all of them.

Run: python tools/render_gallery.py GALLERY_HTML OUT_DIR  (``make gallery`` does both steps).
Needs Playwright and Chromium (as the browser tests do).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from harness.lab import launch_chromium  # noqa: E402

# name -> (figure size class in the gallery, viewport width in px, device scale)
VIEWS = {
    "card": ("card", 1300, 1),
    "projector": ("projector", 1300, 1),
    "phone": ("card", 390, 3),
    "print": ("card", 794, 2),  # an A4 page is 794 CSS px wide; the handout's figures are ~300
}


def main(gallery: Path, out: Path) -> int:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for view, (size, width, scale) in VIEWS.items():
                for grey in (False, True):
                    page = browser.new_page(
                        viewport={"width": width, "height": 900}, device_scale_factor=scale
                    )
                    page.goto(gallery.resolve().as_uri())
                    if grey:
                        page.evaluate("document.body.classList.add('grey')")
                    folder = out / (view + ("-grey" if grey else ""))
                    folder.mkdir(parents=True, exist_ok=True)
                    for figure in page.locator(f"figure.{size}").all():
                        name = figure.get_attribute("data-figure").replace("/", "_")
                        if name.endswith("_left_" + size) and view != "card":
                            continue  # the left side is the right mirrored: once is enough
                        figure.screenshot(path=str(folder / f"{name}.png"))
                    page.close()
        finally:
            browser.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
