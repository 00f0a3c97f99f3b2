"""Audit what a page shows with axe-core (WCAG 2.1 A and AA), the checker screen-reader users'
advocates and browser vendors use, pinned in package.json and loaded from ``node_modules``.

:func:`audit` runs it over the elements a selector finds, one at a time and each scrolled into
view first, so colour contrast is measured on what is painted and not guessed for what a
notebook has scrolled away. :func:`duplicate_ids` finds ids that the audited elements use and
the page holds more than once: a label tied to a duplicated id names the wrong control.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lab import REPO

AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def why_no_axe() -> str | None:
    """Why the audit cannot run here, or None."""
    if not AXE_SCRIPT.is_file():
        return f"no axe-core at {AXE_SCRIPT}: run `make node_modules/.installed` (npm ci)"
    return None


@dataclass(frozen=True)
class Violation:
    """One rule broken by one element."""

    rule: str
    impact: str
    target: str
    html: str
    summary: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) at {self.target}: {self.summary} | {self.html}"


_AUDIT = """async ([selector, tags, kind]) => {
  const found = [];
  const nodes = [...document.querySelectorAll(selector)].filter(n => n.getClientRects().length);
  for (const node of nodes) {
    node.scrollIntoView({block: "start"});
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const result = await axe.run(node, {runOnly: {type: "tag", values: tags},
                                        resultTypes: [kind]});
    for (const rule of result[kind]) {
      for (const hit of rule.nodes) {
        found.push({rule: rule.id, impact: hit.impact || rule.impact || "",
                    target: hit.target.join(" "), html: hit.html.slice(0, 160),
                    summary: (hit.failureSummary || "").replace(/\\s+/g, " ").slice(0, 300)});
      }
    }
  }
  return found;
}"""

_DUPLICATE_IDS = """selector => {
  const used = new Set();
  for (const root of document.querySelectorAll(selector)) {
    for (const node of root.querySelectorAll("[id]")) used.add(node.id);
  }
  const counts = new Map();
  for (const node of document.querySelectorAll("[id]")) {
    if (used.has(node.id)) counts.set(node.id, (counts.get(node.id) || 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} times)`);
}"""


def _ensure_axe(page) -> None:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))


def audit(page, selector: str, tags: tuple[str, ...] = WCAG_21_AA) -> list[Violation]:
    """Every WCAG 2.1 A/AA violation axe-core finds in the visible elements ``selector`` finds."""
    _ensure_axe(page)
    found = page.evaluate(_AUDIT, [selector, list(tags), "violations"])
    return [Violation(**hit) for hit in found]


def to_review(page, selector: str, tags: tuple[str, ...] = WCAG_21_AA) -> list[Violation]:
    """What axe-core could not decide and leaves to a person (its "incomplete" results: a
    contrast over a picture, a field with two labels): reported, not failed on."""
    _ensure_axe(page)
    found = page.evaluate(_AUDIT, [selector, list(tags), "incomplete"])
    return [Violation(**hit) for hit in found]


def duplicate_ids(page, selector: str) -> list[str]:
    """Ids used inside the elements ``selector`` finds that the page holds more than once."""
    return page.evaluate(_DUPLICATE_IDS, selector)


def counts(violations: list[Violation]) -> dict[str, int]:
    """How many elements break each rule."""
    tally: dict[str, int] = {}
    for violation in violations:
        tally[violation.rule] = tally.get(violation.rule, 0) + 1
    return dict(sorted(tally.items()))


__all__ = [
    "AXE_SCRIPT",
    "WCAG_21_AA",
    "Violation",
    "audit",
    "counts",
    "duplicate_ids",
    "to_review",
    "why_no_axe",
]
