"""Check documents against the JSON Schemas in ``data/schema/``; explain failures in a line."""

from __future__ import annotations

import functools
import json
import re
import sys
from typing import Any

from .errors import DataError, describe
from .files import field_name
from .paths import schema_dir

_KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Lists whose items are named by another field than ``id``: the pose data by its exercise.
_ITEM_KEY = {"poses": "exercise"}


def _jsonschema():
    """jsonschema, imported without the optional IRI checker ``rfc3987_syntax``: that one builds a
    parser at import time (1-2 s on every catalogue load) for a string format no schema here
    uses."""
    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    blocked = "rfc3987_syntax" not in sys.modules
    if blocked:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment] - makes its import fail
    try:
        import jsonschema
    finally:
        # Only for this import: anything that needs it later can still import it.
        if blocked and "rfc3987_syntax" in sys.modules and sys.modules["rfc3987_syntax"] is None:
            del sys.modules["rfc3987_syntax"]
    return jsonschema


@functools.cache
def _validator(name: str):
    # jsonschema is imported here, not at module level, to keep `import psoas_lesson` fast.
    jsonschema = _jsonschema()

    schema = json.loads((schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate(document: Any, schema_name: str, file: str, list_key: str | None = None) -> None:
    """Raise a one-line DataError for the most relevant way ``document`` breaks its schema.

    ``list_key`` names the top-level list whose items have ids (``exercises``, ``questions``):
    errors inside an item are reported against the item's id.
    """
    jsonschema = _jsonschema()

    validator = _validator(schema_name)
    errors = list(validator.iter_errors(document))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    raise _to_data_error(error, document, file, list_key, validator.schema)


def _item_and_field(path: list, document: Any, list_key: str | None) -> tuple[str | None, list]:
    if len(path) >= 2 and isinstance(path[1], int) and (list_key is None or path[0] == list_key):
        try:
            entry = document[path[0]][path[1]]
        except (KeyError, IndexError, TypeError):
            entry = None
        key = _ITEM_KEY.get(path[0], "id")
        item_id = entry.get(key) if isinstance(entry, dict) else None
        if isinstance(item_id, str) and _KEBAB.fullmatch(item_id):
            return item_id, path[2:]
        label = "exercise" if path[0] == "entries" and isinstance(entry, dict) else None
        if label and isinstance(entry.get("exercise"), str):
            return f"{path[0]}[{path[1]}] ({field_name(entry['exercise'])})", path[2:]
        return f"{path[0]}[{path[1]}]", path[2:]
    return None, path


def format_field(parts: list) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + field_name(part)
    return out


def _to_data_error(
    error, document: Any, file: str, list_key: str | None, root: dict | None = None
) -> DataError:
    path = list(error.absolute_path)
    item, field_parts = _item_and_field(path, document, list_key)
    schema = error.schema if isinstance(error.schema, dict) else {}
    validator = error.validator

    if validator == "required":
        missing = _quoted_name(error.message)
        prop_schema = _resolve(schema.get("properties", {}).get(missing, {}), root)
        expected = prop_schema.get("description") or _describe_schema(prop_schema)
        return DataError(
            f"is missing; expected {expected}",
            file=file,
            item=item,
            field=format_field(field_parts + [missing]),
        )
    if validator == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(known)) if isinstance(error.instance, dict) else []
        name = extra[0] if extra else "?"
        return DataError(
            f"is not a known field; known fields: {', '.join(known)}",
            file=file,
            item=item,
            field=format_field(field_parts + [name]),
        )
    if validator == "oneOf" and field_parts and field_parts[-1] == "dose":
        return DataError(
            "needs exactly one of hold_s and hold_breaths",
            file=file,
            item=item,
            field=format_field(field_parts),
        )
    if validator == "type" and not path:
        title = schema.get("title", "data")
        keys = ", ".join(schema.get("required", []))
        return DataError(
            f"expected a mapping with {keys} ({title}), got {_kind(error.instance)}", file=file
        )
    if validator in ("minItems",) and isinstance(error.instance, list) and not error.instance:
        return DataError(
            f"must not be empty; expected {schema.get('description', 'at least one item')}",
            file=file,
            item=item,
            field=format_field(field_parts) or None,
        )
    expected = schema.get("description") or _describe_schema(schema)
    bounds = ""
    if (
        validator in ("minimum", "maximum")
        and not any(c.isdigit() for c in expected)
        and "minimum" in schema
        and "maximum" in schema
    ):
        # "must be seconds, got 1e12" does not say what would do; the bounds do.
        bounds = f" ({schema['minimum']:g} to {schema['maximum']:g} allowed)"
    return DataError(
        f"must be {expected}, got {describe(error.instance)}{bounds}",
        file=file,
        item=item,
        field=format_field(field_parts) or None,
    )


def _resolve(schema: dict, root: dict | None) -> dict:
    """A local ``$ref`` (``#/$defs/dose``) replaced by what it points at, for its description."""
    ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
    if not ref.startswith("#/") or not isinstance(root, dict):
        return schema
    target: Any = root
    for part in ref[2:].split("/"):
        target = target.get(part) if isinstance(target, dict) else None
    return target if isinstance(target, dict) else schema


def _quoted_name(message: str) -> str:
    # jsonschema says: "'sides' is a required property"
    if message.startswith("'") and "'" in message[1:]:
        return message[1 : message.index("'", 1)]
    return message.split()[0]


def _kind(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


def _describe_schema(schema: dict) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(map(str, schema["enum"]))
    if "const" in schema:
        return repr(schema["const"])
    kind = schema.get("type")
    return {
        "string": "text",
        "number": "a number",
        "integer": "a whole number",
        "array": "a list",
        "object": "a mapping",
        "boolean": "true or false",
    }.get(kind, "a valid value")
