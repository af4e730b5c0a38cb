"""Two words of a kind's listings set against each other (core/terms_versus)."""

import pytest

from core.terms_versus import terms_compared, versus

JACKETS = [
    {"name": "Stormline 2.5L Rain Jacket", "price": 303.0, "currency": "EUR",
     "attributes": {"weight_g": 400}},
    {"name": "Drizzle 2.5L Waterproof Jacket", "price": 191.0, "currency": "EUR",
     "attributes": {"weight_g": 185}},
    {"name": "Bluster 3L Rain Shell", "price": 138.0, "currency": "EUR",
     "attributes": {"weight_g": 380}},
    {"name": "Mistral Pro Rain Shell", "price": 80.95, "currency": "EUR",
     "description": "A hooded shell.", "attributes": {}},
]


@pytest.mark.parametrize("text, terms", [
    ("what's the difference between 2.5L and 3L jackets?", ["2.5l", "3l"]),
    ("what's the difference between gore-tex and a normal rain jacket?", ["gore-tex", "normal"]),
    ("2.5L vs 3L?", ["2.5l", "3l"]), ("2.5L or 3L rain jacket?", ["2.5l", "3l"]),
    ("what's the difference between the first and the second?", []),  # those shown
    ("what's the difference between rain jackets and jackets?", []),  # the kind's own word
    ("should I get a 1 or 2 person tent?", []),  # a count, a search for it
    ("rain jackets under 100", []),
])
def test_the_two_words_set_against_each_other(text, terms):
    assert terms_compared(text, "rain jackets") == terms


def test_each_words_listings_side_by_side_as_the_listings_spell_it():
    said = versus(JACKETS, "rain jackets", ["2.5l", "3l"])
    assert said == ("Our listings don't explain 2.5L and 3L in general, but here is how our "
                    "rain jackets of each compare:\n"
                    "- 2.5L (2): 191.00 to 303.00 EUR; weight 185 to 400 g\n"
                    "- 3L (1): 138.00 EUR; weight 380 g")


def test_a_plain_word_is_the_others_and_a_word_no_listing_says_is_said_so():
    assert versus(JACKETS, "rain jackets", ["gore-tex", "normal"]) == (
        "None of our rain jackets mentions gore-tex, so I can't say how it differs from the "
        "others.")
    said = versus(JACKETS, "rain jackets", ["3l", "normal"])
    assert said.endswith("- 3L (1): 138.00 EUR; weight 380 g\n"
                         "- the others, normal (3): 80.95 to 303.00 EUR; weight 185 to 400 g")
    assert versus(JACKETS, "rain jackets", ["hooded", "unhooded"]).endswith(
        "- unhooded: none of our rain jackets mentions it")
