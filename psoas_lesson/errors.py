"""The one exception type for bad content, formatted as a single line."""

from __future__ import annotations


class DataError(Exception):
    """Bad content in a data or routine file: says which file, item and field, and what was expected.

    ``str(error)`` is one line, e.g.
    ``data/exercises.yaml: kneeling-lunge: dose.hold_s.default: must be > 0, got -5``.
    """

    def __init__(self, file: str | None, item: str | None, field: str | None, message: str):
        self.file = file
        self.item = item
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.item, self.field) if p]
        text = ": ".join(parts + [self.message])
        # One line, always: a newline inside a value must not split the message.
        return " ".join(text.split())

    def located(self, file: str | None = None, item: str | None = None) -> "DataError":
        """The same error with the file and item filled in where they were missing."""
        return DataError(self.file or file, self.item or item, self.field, self.message)


def describe(value: object, limit: int = 60) -> str:
    """A short, safe rendering of a bad value for an error message."""
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
