"""Results as tables: printed, and written with the machine's description to results.md."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).with_name("results.md")


@dataclass
class Result:
    """One benchmark: a goal, a verdict, a table and notes on method and limits."""

    title: str
    goal: str
    met: bool | None
    headers: list[str]
    rows: list[list[str]]
    method: str
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        verdict = {True: "met", False: "**missed**", None: "not measured"}[self.met]
        lines = [
            f"## {self.title}",
            "",
            f"Goal: {self.goal} — {verdict}.",
            "",
            "| " + " | ".join(self.headers) + " |",
            "|" + "---|" * len(self.headers),
        ]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        lines += ["", f"How: {self.method}"]
        lines += [f"- {note}" for note in self.notes]
        return "\n".join(lines) + "\n"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    chromium = ""
    try:
        chromium = subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=20
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "no Chromium"
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}; "
        f"Python {platform.python_version()}; {chromium}"
    )


def write(results: list[Result], command: str) -> Path:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "# Benchmark results",
        "",
        f"Last run {when} with `{command}` on: {machine()}.",
        "",
        "Each table sets the project beside the obvious alternative measured in the same run.",
        "Re-run all with `make bench`; `python -m benchmarks NAME ...` re-runs some and keeps",
        "the other sections as they were.",
        "",
    ]
    sections = _earlier_sections()
    for result in results:
        sections[result.title] = result.markdown() + f"\n_Measured {when} (`{command}`)._\n"
    parts += list(sections.values())
    RESULTS.write_text("\n".join(parts), encoding="utf-8")
    return RESULTS


def _earlier_sections() -> dict[str, str]:
    """Sections of the last results.md, by title, so running some benchmarks keeps the others'
    figures; each section says how it was measured, and the header names the latest run."""
    try:
        text = RESULTS.read_text(encoding="utf-8")
    except OSError:
        return {}
    sections = {}
    for chunk in text.split("\n## ")[1:]:
        title = chunk.split("\n", 1)[0].strip()
        sections[title] = "## " + chunk.rstrip("\n") + "\n"
    return sections


def show(result: Result) -> None:
    print(result.markdown(), file=sys.stdout, flush=True)
