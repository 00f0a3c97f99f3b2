from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from psoas_lesson.html import Markup, esc, items, tag


def test_text_and_attributes_are_escaped():
    assert (
        tag("p", "a < b & c", title='say "hi"')
        == '<p title="say &quot;hi&quot;">a &lt; b &amp; c</p>'
    )


def test_markup_is_not_escaped_twice():
    inner = tag("b", "<x>")
    assert tag("p", inner) == "<p><b>&lt;x&gt;</b></p>"


def test_attribute_names():
    assert (
        tag("div", class_="c", aria_label="l", hidden=True, data_x=None)
        == '<div class="c" aria-label="l" hidden></div>'
    )


def test_lists():
    assert items("ol", ["<1>", "2"]) == "<ol><li>&lt;1&gt;</li><li>2</li></ol>"


@given(st.text())
def test_no_user_text_survives_as_markup(text):
    out = tag("p", text, title=text)
    body = out[out.index(">") + 1 : -len("</p>")]
    assert "<" not in body and ">" not in body
    assert '"' not in out[len('<p title="') : out.index('">')]
    assert isinstance(esc(text), Markup)


@given(st.text())
def test_svg_text_is_always_well_formed_xml_text(text):
    import xml.etree.ElementTree as ET

    from psoas_lesson.html import svg_text

    element = ET.fromstring(f"<t>{svg_text(text)}</t>")
    kept = (element.text or "").replace("\r", "\n")
    assert all(c in text.replace("\r", "\n") for c in kept)
