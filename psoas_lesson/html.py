"""Building HTML from data and user text, escaped: the one place strings become markup.

Every string that comes from a data file or a user goes through :func:`esc` (directly or via
:func:`tag`), so a name like ``<script>`` shows as text, never runs.
"""

from __future__ import annotations

import base64
import html as _html
import re
from collections.abc import Iterable


class Markup(str):
    """A string already made safe: :func:`tag` and :func:`esc` pass it through unchanged."""

    __slots__ = ()


def esc(value: object) -> Markup:
    """Escape text for HTML content or a quoted attribute; Markup passes through."""
    if isinstance(value, Markup):
        return value
    return Markup(_html.escape("" if value is None else str(value), quote=True))


# What XML 1.0 forbids even escaped: C0 controls but tab, newline and return; lone surrogates;
# U+FFFE and U+FFFF. An SVG holding one is not drawn at all (as an <img> or an image widget).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def svg_text(value: object) -> Markup:
    """Escape text for SVG (XML): as :func:`esc`, and without the characters XML forbids."""
    if isinstance(value, Markup):
        return value
    return esc(_NOT_XML.sub("", "" if value is None else str(value)))


def tag(name: str, *children: object, **attrs: object) -> Markup:
    """``tag("p", "a < b", class_="note")`` → ``<p class="note">a &lt; b</p>``.

    Children are escaped unless they are Markup; attribute values are always escaped. A
    trailing underscore in an attribute name is dropped (``class_``), other underscores become
    hyphens (``aria_label``).
    """
    parts = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name_ = key[:-1] if key.endswith("_") else key.replace("_", "-")
        parts.append(name_ if value is True else f'{name_}="{esc(value)}"')
    opening = " ".join([name, *parts])
    if name in _VOID:
        return Markup(f"<{opening}>")
    return Markup(f"<{opening}>{join(children)}</{name}>")


def join(children: Iterable[object], sep: str = "") -> Markup:
    return Markup(sep.join(esc(child) for child in children if child is not None))


def items(tag_name: str, texts: Iterable[object], **attrs: object) -> Markup:
    """A list (``ul`` or ``ol``) of escaped items."""
    return tag(tag_name, *(tag("li", text) for text in texts), **attrs)


def data_uri(data: bytes, mime: str) -> str:
    """``data`` inline, as an ``<img>`` source: a notebook output or an exported page then
    carries its own pictures, offline, through any sanitiser that keeps ``data:`` images."""
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def picture(
    data: bytes,
    mime: str,
    alt: str,
    *,
    width_px: int | None = None,
    height_px: int | None = None,
    fill: bool = False,
) -> Markup:
    """An ``<img>`` of ``data`` with its text alternative: at ``width_px`` (or the column's
    width, ``fill``), never wider than its column, its height following."""
    return tag(
        "img",
        src=data_uri(data, mime),
        alt=alt,
        width=None if width_px is None else str(width_px),
        height=None if height_px is None else str(height_px),
        style=f"display: block; {'width: 100%; ' if fill else ''}max-width: 100%; height: auto",
    )


_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "col", "wbr"}


def page(
    title: str, body: list[object], css: str, lang: str = "en", head: Iterable[Markup] = ()
) -> str:
    """A whole self-contained HTML page: ``title``, the stylesheet ``css`` inline (our own, not
    data), ``body``; ``head``: more elements for the head, after the charset (a
    Content-Security-Policy, which governs only what follows it)."""
    if "</" in css:
        raise ValueError("a stylesheet holding '</' could close its <style> element")
    head = join(
        [
            Markup('<meta charset="utf-8">'),
            *head,
            Markup('<meta name="viewport" content="width=device-width, initial-scale=1">'),
            tag("title", title),
            tag("style", Markup(css)),
        ],
        "\n",
    )
    document = tag(
        "html",
        Markup("\n"),
        tag("head", head),
        Markup("\n"),
        tag("body", join(body, "\n")),
        Markup("\n"),
        lang=lang,
    )
    return "<!DOCTYPE html>\n" + document + "\n"
