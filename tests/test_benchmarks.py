"""The benchmark harness runs and writes its tables (figures come from `make bench`)."""

from __future__ import annotations

from benchmarks import report
from benchmarks.__main__ import main


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
