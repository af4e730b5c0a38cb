"""Which brand is best: no rating is made up; the brands of a kind, and a brand's kinds."""

from __future__ import annotations

import pytest

from core.brands import LEAD, asks_best_brand, best_brand_answer, brand_answer

BOOTS = [{"name": "A", "brand": "Torvik", "category": "hiking boots", "price": 110.0,
          "currency": "EUR"},
         {"name": "B", "brand": "Torvik", "category": "hiking boots", "price": 150.0,
          "currency": "EUR"},
         {"name": "C", "brand": "Skerra", "category": "hiking boots", "price": 99.5,
          "currency": "EUR"},
         {"name": "D", "brand": "Torvik", "category": "tents", "price": 300.0,
          "currency": "EUR"}]


@pytest.mark.parametrize("text, asks", [
    ("Which brand is best for boots?", True), ("what's a good brand for tents?", True),
    ("is Torvik a good brand?", True), ("which brands do you recommend?", True),
    ("best brand of headlamp", True), ("what brands do you sell?", False),
    ("boots by Torvik", False), ("which boot is best?", False)])
def test_asks_best_brand(text, asks):
    assert asks_best_brand(text) is asks


def test_the_brands_of_a_kind_most_products_first_with_their_prices():
    said = best_brand_answer(BOOTS[:3], "hiking boots")
    assert said == (f"{LEAD} Our hiking boots come from Torvik (2, 110.00 to 150.00 EUR) and "
                    "Skerra (1, 99.50 EUR). Tell me what matters to you, or ask for one brand "
                    "(\"hiking boots by Skerra\").")
    assert best_brand_answer(BOOTS[:2], shown=True).startswith(f"{LEAD} These 2 come from")
    assert best_brand_answer([], "kayaks") == LEAD


def test_a_brand_named_gets_the_kinds_it_makes_and_no_rating():
    torvik = [p for p in BOOTS if p["brand"] == "Torvik"]
    assert brand_answer(torvik, "Torvik") == (
        "I can't say how good Torvik is: our shop's data rates no brand. We have 3 products "
        "by Torvik: hiking boots (2, 110.00 to 150.00 EUR) and tents (1, 300.00 EUR).")


def test_what_a_brand_makes_is_its_kinds_with_their_prices():
    from core.brands import asks_about_brand, range_answer

    torvik = [p for p in BOOTS if p["brand"] == "Torvik"]
    assert range_answer(torvik, "Torvik") == (
        "We have 3 products by Torvik: hiking boots (2, 110.00 to 150.00 EUR) and tents (1, "
        "300.00 EUR). Tell me which kind you'd like to see (\"hiking boots by Torvik\").")
    assert range_answer([], "Acme") == "We have no products by Acme."
    for text in ("what does Torvik make?", "tell me about Torvik", "who is Skerra?",
                 "what's Torvik like?"):
        assert asks_about_brand(text), text
    assert not asks_about_brand("show me Lumaro stuff") and not asks_about_brand("torvik boots")
