"""The browser harness lives in :mod:`harness.lab`, where the benchmarks use it too; this name
stays so that a browser test imports it as ``from .lab import ...``."""

from harness.lab import *  # noqa: F403
