"""Benchmarks for psoas-lesson: ``python -m benchmarks`` (what ``make bench`` runs).

Each benchmark measures the project against the obvious alternative in the same run and returns
a :class:`~benchmarks.report.Result`; the runner prints the tables and writes them, with the
machine they ran on, to ``benchmarks/results.md``.
"""
