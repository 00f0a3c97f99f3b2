"""Session-wide test set-up, for unit tests and for the kernels nbval starts alike.

No test, and no notebook run under nbval, may write to the learner's own practice log: point it
at a file in a temporary folder before anything starts (kernels inherit the environment).
"""

from __future__ import annotations

import os
import tempfile

_SCRATCH = tempfile.TemporaryDirectory(prefix="psoas-lesson-tests-")
os.environ["PSOAS_LESSON_LOG"] = os.path.join(_SCRATCH.name, "practice.sqlite3")
