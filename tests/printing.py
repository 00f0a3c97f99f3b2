"""Printing a page to PDF in Chromium, as a reader's browser would: for the handout's and the
poster's print tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import lab as e2e


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    pages: int
    images_loaded: bool
    outside_requests: list[str]


def print_to_pdf(page_file: Path) -> Printed:
    """Open ``page_file`` in Chromium and print it with the page's own paper size; skips the
    test where there is no browser."""
    why = e2e.why_no_browser()
    if why:
        pytest.skip(why)
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = e2e.launch_chromium(playwright)
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(Path(page_file).as_uri())
            loaded = page.evaluate(
                "[...document.images].every(i => i.complete && i.naturalWidth > 0)"
            )
            pdf = page.pdf(prefer_css_page_size=True)
        finally:
            browser.close()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    outside = [url for url in requests if not url.startswith(("file:", "data:"))]
    return Printed(pdf, pages, loaded, outside)
