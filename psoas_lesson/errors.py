"""The one exception type for bad content, formatted as a single line; and the check for a
function's argument that must name one of the data's ids, where the caller is at fault."""

from __future__ import annotations

from collections.abc import Iterable


class DataError(ValueError):
    """Bad content in a data or routine file: which file, item and field, and what was expected.

    ``str(error)`` is one line, e.g.
    ``data/exercises.yaml: kneeling-lunge: dose.hold_s.default: must be > 0, got -5``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        item: str | None = None,
        field: str | None = None,
    ):
        self.message = message
        self.file = file
        self.item = item
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.item, self.field) if p]
        text = ": ".join([*parts, self.message])
        # One line, always: a newline inside a value must not split the message.
        return " ".join(text.split())

    def __reduce__(self):
        # keyword-only fields: pickling (multiprocessing, pytest-xdist) must pass them by name
        return (_rebuild, (self.message, self.file, self.item, self.field))


def _rebuild(message, file, item, field) -> DataError:
    return DataError(message, file=file, item=item, field=field)


def one_line(error: object, limit: int = 300) -> str:
    """An error (or any text) as one line of at most ``limit`` characters, for a widget's message
    area: whitespace and line breaks collapsed, cut with an ellipsis; an exception's type where
    it says nothing."""
    line = " ".join(str(error).split())
    if not line and isinstance(error, BaseException):
        line = type(error).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"


def describe(value: object, limit: int = 60) -> str:
    """A short, safe rendering of a bad value for an error message."""
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def check_choice(argument: str, value: object, known: Iterable[str], what: str) -> None:
    """``value``, given for the function argument ``argument``, must be one of the ``known`` ids
    of a ``what``: a TypeError when it is not a string, a ValueError listing the ids when it is
    none of them. Not a :class:`DataError`: no data file is at fault."""
    known = list(known)
    if not isinstance(value, str):
        raise TypeError(f"{argument} must be a {what} id (a string), got {describe(value)}")
    if value not in known:
        raise ValueError(
            f"{argument}: unknown {what} {describe(value)}; known: {', '.join(known) or 'none'}"
        )
