"""Session-wide test set-up, for unit tests and for the kernels nbval starts alike.

No test, and no notebook run under nbval, may write to the learner's own practice log: point it
at a file in a temporary folder before anything starts (kernels inherit the environment).
"""

from __future__ import annotations

import os
import tempfile

_SCRATCH = tempfile.TemporaryDirectory(prefix="psoas-lesson-tests-")
os.environ["PSOAS_LESSON_LOG"] = os.path.join(_SCRATCH.name, "practice.sqlite3")


def pytest_collection_modifyitems(config, items):
    """Browser tests last: Playwright's sync API leaves an event loop running for the rest of the
    session, and the timer's own asyncio tests cannot start theirs under it."""
    items.sort(key=lambda item: item.nodeid.startswith("tests/e2e/"))
