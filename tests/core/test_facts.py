"""Pure fact helpers for the 'we do not sell that' reply."""

import pytest

from core.facts import asked_for, in_words, lists_of_all, nearest_text


@pytest.mark.parametrize("text, asked", [
    ("do you sell kayaks?", "kayaks"),
    ("Hi, do you have any surfboards?", "surfboards"),
    ("I'm looking for a fishing rod", "fishing rod"),
    ("I need fuel", "fuel"),
    ("show me some snowboards please", "snowboards"),
    ("gift for my dad", "gift for my dad"),
    ("  a   thermos  ", "a thermos"),
    ("???", "???"),  # nothing left once stripped: the text as typed
])
def test_asked_for_quotes_what_was_asked(text, asked):
    assert asked_for(text) == asked


def test_asked_for_is_bounded_on_a_word():
    quoted = asked_for("do you sell " + "very " * 30 + "long things")
    assert quoted.endswith(" ...") and len(quoted) <= 64 and "very very" in quoted


def test_in_words_and_nearest_text():
    assert in_words(["tents", "socks", "watches"]) == "tents, socks and watches"
    assert in_words(["tents"]) == "tents" and in_words([]) == ""
    assert nearest_text([]) == ""


def test_lists_of_all_gives_each_products_colours_or_sizes():
    shown = [{"name": "Pika", "colors": ["red", "grey"], "sizes": []},
             {"name": "Hauler", "colors": [], "sizes": ["S", "M"]}]
    assert lists_of_all(shown, "colours?") == (
        "Colours:\n1. Pika: red, grey\n2. Hauler: one colour only")
    assert lists_of_all(shown, "which sizes?") == (
        "Sizes:\n1. Pika: one size only\n2. Hauler: S, M")
    assert lists_of_all(shown, "weight?") is None  # asks for neither
    assert lists_of_all(shown[:1], "colours?") is None  # one product: its own answer
