"""The benchmark harness runs and writes its tables (figures come from `make bench`)."""

from __future__ import annotations

import pytest

from benchmarks import report, routines
from benchmarks.__main__ import main
from psoas_lesson import compile_timeline, default_catalog


def _result(title: str, value: str) -> report.Result:
    return report.Result(title, "a goal", True, ["a", "b"], [["x", value]], "how it was measured")


def test_a_partial_run_keeps_the_other_sections(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS", tmp_path / "results.md")
    report.write([_result("Start-up", "1 ms"), _result("Notebooks", "2 s")], "python -m benchmarks")
    report.write([_result("Notebooks", "3 s")], "python -m benchmarks notebooks")
    text = (tmp_path / "results.md").read_text()
    assert "| x | 1 ms |" in text and "| x | 3 s |" in text and "| x | 2 s |" not in text
    assert text.index("## Start-up") < text.index("## Notebooks")
    assert "Goal: a goal — met." in text


def test_the_startup_benchmark_runs_and_finds_no_plotting_import(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(report, "RESULTS", tmp_path / "results.md")
    monkeypatch.setattr("benchmarks.startup.RUNS", 2)
    assert main(["startup", "--quick"]) == 0
    out = capsys.readouterr().out
    assert "| `import psoas_lesson` |" in out
    row = next(line for line in out.splitlines() if line.startswith("| `import psoas_lesson`"))
    assert row.endswith("| no | no |"), row  # neither matplotlib nor ipywidgets on import
    assert not (tmp_path / "results.md").exists()  # --quick never overwrites the figures


def test_the_default_timer_routine_gives_sixty_changes_in_a_few_minutes():
    # make bench follows it in real time twice: it keeps the default run under 15 minutes
    catalog = default_catalog()
    timeline = compile_timeline(catalog.resolve_routine(routines.choose()[0]), catalog)
    assert len(timeline.segments) - 1 >= 60 and timeline.total_s <= 4 * 60
    kinds = {segment.kind.value for segment in timeline.segments}
    assert kinds == {"prepare", "work", "rest", "switch"}  # every kind the daily routine has


def test_full_names_the_daily_routine_and_its_own_results():
    assert routines.choose(full=True) == ("daily-short", routines.FULL_TITLE)
    with pytest.raises(SystemExit):
        main(["timer_page", "--quick", "--full"])
