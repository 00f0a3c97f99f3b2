"""Count what axe-core (WCAG 2.1 AA) finds in the lesson's own outputs, in JupyterLab and in
Notebook 7, and on the class view: the figures the accessibility notes quote.

``python tools/audit_accessibility.py [NOTEBOOK ...]`` runs each notebook (all of them by
default) in a fresh copy, audits every cell output and every rendered Markdown cell, and prints
a table of rule -> count per notebook and app, then the class view's at 1920x1080 and 390x844.
The browser tests (tests/e2e/test_accessibility.py) assert the same audit finds nothing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from harness import axe  # noqa: E402
from harness import lab as e2e  # noqa: E402

OUTPUTS = ".jp-OutputArea-output"
MARKDOWN = ".jp-MarkdownOutput"


def audit_app(app: str, names: list[str], home: Path, root: Path) -> dict[str, dict[str, dict]]:
    from playwright.sync_api import sync_playwright

    e2e.plain_notebook_settings(home)
    server = e2e.start_lab(root, home, app=app)
    found: dict[str, dict[str, dict]] = {}
    try:
        with sync_playwright() as playwright:
            browser = e2e.launch_chromium(playwright)
            page = browser.new_page(viewport=e2e.VIEWPORT)
            lab = e2e.Lab(page, server)
            for name in names:
                lab.run_notebook(name, check=False)
                found[name] = {
                    "outputs": axe.counts(axe.audit(page, OUTPUTS)),
                    "markdown": axe.counts(axe.audit(page, MARKDOWN)),
                    "to review": axe.counts(axe.to_review(page, OUTPUTS)),
                    "duplicate ids": {d: 1 for d in axe.duplicate_ids(page, OUTPUTS)},
                }
                lab.end_sessions()
            browser.close()
    finally:
        server.stop()
    return found


def audit_class_view(home: Path) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    server = e2e.start_classroom(home)
    found: dict[str, dict] = {}
    try:
        with sync_playwright() as playwright:
            browser = e2e.launch_chromium(playwright)
            for width, height in ((1920, 1080), (390, 844)):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(server.url, wait_until="domcontentloaded")
                page.locator(".psoas-timer").first.wait_for(state="visible", timeout=60_000)
                found[f"{width}x{height}"] = axe.counts(axe.audit(page, "body"))
                page.close()
            browser.close()
    finally:
        server.stop()
    return found


def main(argv: list[str]) -> int:
    names = argv or sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    names = [n if n.endswith(".ipynb") else f"{n}.ipynb" for n in names]
    names = [n for n in names if n != "class_view.ipynb"]
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        for app in e2e.APPS:
            root = scratch / app / "root"
            e2e.copy_notebooks(root, [REPO / "notebooks" / n for n in names])
            results = audit_app(app, names, scratch / app / "home", root)
            for name, parts in results.items():
                for part, tally in parts.items():
                    total = sum(tally.values())
                    print(f"{app}\t{name}\t{part}\t{total}\t{tally}")
        for size, tally in audit_class_view(scratch / "class").items():
            print(f"voila\tclass view {size}\tpage\t{sum(tally.values())}\t{tally}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
