"""The lesson's single-choice widget (a select or a radio group) in Python: values stay here,
only labels and the chosen index go to the page, and it behaves like ipywidgets' Dropdown."""

from __future__ import annotations

import pytest
import traitlets

from psoas_lesson.widgets.choice import Choice
from psoas_lesson.widgets.styles import FOCUS_CLASS


class Thing:
    """A value the page could not hold (a routine, say)."""

    def __init__(self, name: str):
        self.name = name


def test_it_starts_on_the_first_option_as_a_dropdown_does():
    choice = Choice(options=[("Kind", "kind"), ("Any", "any")], description="Filter")
    assert (choice.value, choice.index, choice.label) == ("kind", 0, "Kind")
    assert choice.labels == ["Kind", "Any"]


def test_value_and_index_follow_each_other():
    choice = Choice(options=[("a", 1), ("b", 2), ("c", 3)])
    choice.index = 2  # as the page sets it
    assert choice.value == 3
    choice.value = 2  # as the kernel sets it
    assert choice.index == 1


def test_only_labels_and_the_index_go_to_the_page():
    things = [Thing("morning"), Thing("evening")]
    choice = Choice(options=[(t.name, t) for t in things], value=things[1])
    state = choice.get_state()
    assert state["labels"] == ["morning", "evening"] and state["index"] == 1
    assert "value" not in state and "options" not in state
    assert choice.value is things[1]


def test_new_options_keep_the_value_if_they_still_offer_it_else_the_first():
    choice = Choice(options=[("a", "a"), ("b", "b")], value="b")
    choice.options = [("c", "c"), ("b", "b")]
    assert (choice.value, choice.index) == ("b", 1)
    choice.options = [("z", "z")]
    assert (choice.value, choice.index) == ("z", 0)
    choice.options = []
    assert (choice.value, choice.index, choice.labels) == (None, None, [])


def test_none_chooses_nothing_and_a_stranger_is_refused():
    choice = Choice(options=[("a", "a")], value=None)
    assert choice.index is None
    with pytest.raises(traitlets.TraitError, match="not one of the options"):
        choice.value = "q"
    with pytest.raises(traitlets.TraitError, match="index 3"):
        choice.index = 3


def test_observers_hear_a_change_once():
    choice = Choice(options=[("a", "a"), ("b", "b")])
    heard = []
    choice.observe(lambda change: heard.append(change["new"]), "value")
    choice.index = 1
    assert heard == ["b"]


@pytest.mark.parametrize("look", ["select", "radios", "buttons"])
def test_every_look_carries_the_focus_ring_class(look):
    choice = Choice(options=[("a", "a")], look=look)
    assert FOCUS_CLASS in choice._dom_classes and choice.look == look
    assert ".psoas-ui .jupyter-button:focus-visible" in str(choice._css)


def test_an_unknown_look_is_refused():
    with pytest.raises(traitlets.TraitError):
        Choice(options=[("a", "a")], look="slider")
