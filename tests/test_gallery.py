"""The review gallery: every figure, both sides, at card and projector size, on one page; and in
Chromium, every word inside its figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import lab as e2e
from psoas_lesson.cli import main
from psoas_lesson.gallery import gallery_html, write_gallery


def test_the_gallery_holds_every_figure_both_sides_at_both_sizes(catalog):
    html = gallery_html(catalog)
    positions = sum(len(s.positions) for s in catalog.poses.sets)
    for size in ("card", "projector"):
        assert html.count(f'<figure class="{size}"') == positions * 2
    for pose_set in catalog.poses.sets:
        for position in pose_set.positions:
            for side in ("right", "left"):
                assert f'data-figure="{pose_set.exercise}/{position.id}/{side}/card"' in html
    assert html.count('<figure class="thumb"') == len(catalog.poses.sets)


def test_the_command_writes_the_gallery(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["gallery", "--out", "gallery.html"]) == 0
    assert (tmp_path / "gallery.html").stat().st_size > 100_000


@pytest.mark.e2e
def test_every_word_of_every_figure_lies_inside_it_in_chromium(catalog, tmp_path):
    why = e2e.why_no_browser()
    if why:
        pytest.skip(why)
    from playwright import sync_api

    page_file = write_gallery(tmp_path / "gallery.html", catalog)
    with sync_api.sync_playwright() as playwright:
        browser = e2e.launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.goto(Path(page_file).as_uri())
            outside = page.evaluate(
                """() => {
                  const bad = [];
                  for (const fig of document.querySelectorAll("figure.card svg")) {
                    const [x, y, w, h] = fig.getAttribute("viewBox").split(" ").map(Number);
                    for (const t of fig.querySelectorAll("text")) {
                      const b = t.getBBox();
                      if (b.x < x - 1 || b.y < y - 1 || b.x + b.width > x + w + 1 ||
                          b.y + b.height > y + h + 1) {
                        bad.push(fig.closest("figure").dataset.figure + ": " + t.textContent);
                      }
                    }
                  }
                  return bad;
                }"""
            )
        finally:
            browser.close()
    assert outside == []
