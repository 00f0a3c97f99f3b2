"""Reading content files safely and writing files atomically.

Every reader refuses what it cannot trust before parsing: files too large, anything but a
regular file (a FIFO or a device would block or never end), binary files, text that is not
UTF-8, YAML tags that would construct objects, aliases, deep nesting; and after parsing,
duplicate keys, infinite or NaN numbers and text that is not valid Unicode.
"""

from __future__ import annotations

import codecs
import functools
import json
import math
import os
import re
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, describe

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 32


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working directory where possible."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a symlink loop: as given
        return str(path)


def read_text(path: Path) -> str:
    """The file's text, or a DataError saying why it is not a usable text file."""
    name = display_path(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise DataError("is a directory, expected a file", file=name)
        # A FIFO or a device (/dev/zero) would block or never end: only regular files are read.
        if not stat.S_ISREG(mode):
            raise DataError("is not a regular file", file=name)
        with open(path, "rb") as handle:
            # Read at most one byte past the limit, so a file that grows meanwhile is still refused.
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            size = max(len(raw), os.path.getsize(path))
            raise DataError(f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", file=name)
    except FileNotFoundError:
        raise DataError("no such file", file=name) from None
    except IsADirectoryError:
        raise DataError("is a directory, expected a file", file=name) from None
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror or exc})", file=name) from None
    if not raw.strip():
        raise DataError("file is empty", file=name)
    if raw.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    ):
        raise DataError(
            "is a binary file, expected UTF-8 text (it looks like UTF-16 or "
            "UTF-32 text: save it as UTF-8)",
            file=name,
        )
    if b"\x00" in raw:
        raise DataError("is a binary file, expected UTF-8 text", file=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8", file=name
        ) from None
    return text


class _PlainData:
    """Constructor rules for content files, shared by the libyaml and pure-Python loaders."""

    def construct_mapping(self, node, deep=False):
        # PyYAML keeps the last of two equal keys without a word; a duplicate is always a mistake.
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # unhashable: PyYAML reports it below
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {describe(key)}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _StrictSafeLoader(_PlainData, yaml.SafeLoader):
    """SafeLoader without anchors and aliases (content never needs them; alias bombs do) and
    with a nesting limit."""

    _depth = 0

    def compose_node(self, parent, index):  # PyYAML hook
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(None, None, _NO_ANCHORS, event.start_mark)
        return super().compose_node(parent, index)

    def _enter(self):
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.MarkedYAMLError(None, None, _TOO_DEEP, self.peek_event().start_mark)

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


_NO_ANCHORS = "anchors and aliases (&name, *name) are not allowed"
_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"
# libyaml parses ~30 times faster than pure Python (a second less for every catalogue load);
# its composer is C, so anchors and depth are checked on its event stream first instead.
_FastLoader = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastLoader(_PlainData, yaml.CSafeLoader):  # type: ignore[no-redef]
        """CSafeLoader with the same constructors and resolvers as _StrictSafeLoader."""


def _check_events(text: str) -> None:
    """Refuse anchors, aliases and deep nesting before anything is composed (libyaml path)."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(None, None, _NO_ANCHORS, event.start_mark)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(None, None, _TOO_DEEP, event.start_mark)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


# Only plain data: without the SafeLoader's timestamp, binary and set constructors a value is
# always str, int, float, bool, None, list or dict, as JSON Schema expects. Copies, not pops:
# the SafeLoader's own tables are shared by every yaml.safe_load in the process.
_DROPPED = (
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
)
for _loader in filter(None, (_StrictSafeLoader, _FastLoader)):
    _loader.yaml_constructors = {
        tag: make for tag, make in yaml.SafeLoader.yaml_constructors.items() if tag not in _DROPPED
    }
    _loader.yaml_implicit_resolvers = {
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
    elif "maximum nesting depth" in str(problem):  # libyaml's own limit, met before ours
        problem = _TOO_DEEP
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return f"{where}invalid YAML: {problem}"


def load_yaml(path: Path) -> Any:
    """Parse a YAML file into plain data, refusing tags, aliases and deep nesting."""
    text = read_text(path)
    try:
        if _FastLoader is not None:
            _check_events(text)
            data = yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a CSafeLoader subclass
        else:
            data = yaml.load(text, Loader=_StrictSafeLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise DataError(_yaml_problem(exc), file=display_path(path)) from None
    except RecursionError:
        raise DataError(f"nested too deeply (limit {MAX_DEPTH})", file=display_path(path)) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an integer of 5000 digits
        raise DataError(f"invalid YAML: {_value_problem(exc)}", file=display_path(path)) from None
    _check_values(data, display_path(path))
    return data


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def load_json(path: Path) -> Any:
    """Parse a JSON file, refusing NaN and Infinity and deep nesting."""
    text = read_text(path)
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}",
            file=display_path(path),
        ) from None
    except ValueError as exc:
        raise DataError(f"invalid JSON: {_value_problem(exc)}", file=display_path(path)) from None
    except RecursionError:
        raise DataError("invalid JSON: nested too deeply", file=display_path(path)) from None
    if _depth(data) > MAX_DEPTH:
        raise DataError(f"nested more than {MAX_DEPTH} levels deep", file=display_path(path))
    _check_values(data, display_path(path))
    return data


def _unique_keys(pairs: list) -> dict:
    # json keeps the last of two equal keys without a word; a duplicate is always a mistake.
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {describe(key)}")
        out[key] = value
    return out


def _value_problem(exc: Exception) -> str:
    text = str(exc)
    if "integer string conversion" in text:  # Python's guard against quadratic int parsing
        return f"a number has more than {sys.get_int_max_str_digits()} digits"
    return " ".join(text.split())[:200]


def _check_values(data: Any, file: str) -> None:
    """Refuse what parses but no content needs: infinite or NaN numbers (1e309, .inf, .nan) and
    text that is not valid Unicode (a lone surrogate from a "\\ud800" escape cannot be printed
    or saved as UTF-8)."""
    stack = [(data, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            raise DataError(
                f"must be a finite number, got {node!r}", file=file, field=where or None
            )
        if isinstance(node, str) and _has_surrogate(node):
            raise DataError(
                f"is not valid Unicode text (a lone surrogate), got {describe(node)}",
                file=file,
                field=where or None,
            )
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and _has_surrogate(key):
                    raise DataError(
                        f"has a field name that is not valid Unicode text: {describe(key)}",
                        file=file,
                        field=where or None,
                    )
                stack.append((value, f"{where}.{field_name(key)}" if where else field_name(key)))
        elif isinstance(node, list):
            stack.extend((value, f"{where}[{index}]") for index, value in enumerate(node))


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def field_name(key: object) -> str:
    """A field name as it may appear in a one-line message: as written if it is short, printable
    text, else quoted with escapes (so a name holding terminal escape codes is shown, not run)."""
    text = str(key)
    return text if text.isprintable() and len(text) <= 60 else describe(key)


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
    # The writer's pid in the name tells a killed writer's leftover from a live writer's file.
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); the saved file should keep the permissions the
        # old one had, or get the usual ones for a new file, not become unreadable to a class.
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    _remove_stale_temps(path)
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


@functools.cache
def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back; do it once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_TEMP_OF_PID = re.compile(r"(\d+)\.[A-Za-z0-9_]+")
_TEMP_OLD_STYLE = re.compile(r"[A-Za-z0-9_]+")
STALE_TEMP_AGE_S = 3600


def _remove_stale_temps(path: Path) -> None:
    """Delete temporary files that killed writers of ``path`` left behind, so they cannot pile up.

    A temp file is stale when the process named in it is gone (POSIX) or, failing that, when it
    is over an hour old; a live writer's temp file is never touched.
    """
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        middle = name[len(prefix) : -len(".tmp")]
        leftover = path.parent / name
        match = _TEMP_OF_PID.fullmatch(middle)
        if match and os.name == "posix":
            stale = int(match.group(1)) != os.getpid() and not _process_alive(int(match.group(1)))
        elif match or _TEMP_OLD_STYLE.fullmatch(middle):
            try:
                stale = time.time() - os.stat(leftover).st_mtime > STALE_TEMP_AGE_S
            except OSError:
                continue
        else:
            continue  # another file's temp (``.a.json.bak.123.x.tmp``): not ours to judge
        if stale:
            try:
                os.unlink(leftover)
            except OSError:
                pass


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else, or cannot tell: leave its file alone
        return True
    return True
