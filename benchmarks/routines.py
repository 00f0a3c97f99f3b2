"""Which routine the two timer benchmarks (``timer_accuracy``, ``timer_page``) follow in real time,
unscaled: time is what they measure, so it cannot be faked and only the routine can be shorter.

- by default ``brisk-routine.json``: 74 segments in 3 min 41 s, every kind of segment the daily
  routine has, changing every one to fifteen seconds;
- with ``--full`` (``make bench FULL=1``) the ready routine ``daily-short``: 32 segments in
  11 min 18 s (its bridges and leg raises each one segment on a beat), the routine a learner
  follows, for the drift a long run may show;
- with ``--quick`` the browser tests' six-segment routine, to check the harness.

A full run's results have titles of their own, so results.md keeps both kinds.
"""

from __future__ import annotations

from pathlib import Path

from harness.lab import FIXTURES

BRISK = Path(__file__).with_name("brisk-routine.json")
FULL = "daily-short"
QUICK = FIXTURES / "short-routine.json"
FULL_TITLE = ", the daily routine"


def choose(quick: bool = False, full: bool = False) -> tuple[str, str]:
    """(a ready routine's id or a routine file's path, what the result's title ends with)."""
    if quick and full:
        raise ValueError("--quick and --full exclude each other")
    if full:
        return FULL, FULL_TITLE
    return str(QUICK if quick else BRISK), ""
