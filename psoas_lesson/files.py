"""Reading content files safely and writing files atomically.

Every reader refuses what it cannot trust before parsing: files too large, binary files,
text that is not UTF-8, YAML tags that would construct objects, aliases, deep nesting.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 32


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working directory where possible."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path) -> str:
    """The file's text, or a DataError saying why it is not a usable text file."""
    name = display_path(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise DataError(name, None, None, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(name, None, None, "no such file") from None
    except IsADirectoryError:
        raise DataError(name, None, None, "is a directory, expected a file") from None
    except OSError as exc:
        raise DataError(name, None, None, f"cannot be read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise DataError(name, None, None, "file is empty")
    if b"\x00" in raw:
        raise DataError(name, None, None, "is a binary file, expected UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(name, None, None,
                        f"is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8") from None
    return text


class _StrictSafeLoader(yaml.SafeLoader):
    """SafeLoader without anchors and aliases (content never needs them; alias bombs do) and
    with a nesting limit."""

    _depth = 0

    def compose_node(self, parent, index):  # PyYAML hook
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(None, None, "anchors and aliases (&name, *name) are not allowed",
                                       event.start_mark)
        return super().compose_node(parent, index)

    def _enter(self):
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.MarkedYAMLError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                       self.peek_event().start_mark)

    def compose_sequence_node(self, anchor):
        self._enter()
        try:
            return super().compose_sequence_node(anchor)
        finally:
            self._depth -= 1

    def compose_mapping_node(self, anchor):
        self._enter()
        try:
            return super().compose_mapping_node(anchor)
        finally:
            self._depth -= 1


# Only plain data: drop the SafeLoader's timestamp, binary and set constructors so a value is
# always str, int, float, bool, None, list or dict, as JSON Schema expects.
for _tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:set",
             "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs"):
    _StrictSafeLoader.yaml_constructors.pop(_tag, None)
_StrictSafeLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if "could not determine a constructor" in str(exc):
        tag = str(exc).split("tag '")[-1].split("'")[0] if "tag '" in str(exc) else "a tag"
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        problem = f"YAML tag {tag} is not allowed; only plain data (text, numbers, lists, mappings)"
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return f"{where}invalid YAML: {problem}"


def load_yaml(path: Path) -> Any:
    """Parse a YAML file into plain data, refusing tags, aliases and deep nesting."""
    text = read_text(path)
    try:
        return yaml.load(text, Loader=_StrictSafeLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise DataError(display_path(path), None, None, _yaml_problem(exc)) from None
    except RecursionError:
        raise DataError(display_path(path), None, None, f"nested too deeply (limit {MAX_DEPTH})") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def load_json(path: Path) -> Any:
    """Parse a JSON file, refusing NaN and Infinity and deep nesting."""
    text = read_text(path)
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DataError(display_path(path), None, None,
                        f"line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}") from None
    except ValueError as exc:
        raise DataError(display_path(path), None, None, f"invalid JSON: {exc}") from None
    except RecursionError:
        raise DataError(display_path(path), None, None, "invalid JSON: nested too deeply") from None
    if _depth(data) > MAX_DEPTH:
        raise DataError(display_path(path), None, None, f"nested more than {MAX_DEPTH} levels deep")
    return data


def _depth(value: Any) -> int:
    # Iterative, so a pathological document cannot exhaust the stack here either.
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            return depth
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
    return deepest


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
