"""A budget for several kinds at once (core/kit_budget): each kind may cost what is left
after the cheapest of the others, and a note says what the cheapest set comes to."""

from __future__ import annotations

from core import attribute_filters
from core.kit_budget import TOTAL, caps, cheapest, count_of, note


def product(name, price, stock=5):
    return {"id": name, "name": name, "price": price, "currency": "EUR", "stock": stock}


TENTS = [product("Tent A", 130.99), product("Tent B", 99.0, stock=0), product("Tent C", 244.95)]
BAGS = [product("Bag A", 84.9), product("Bag B", 183.0)]


def test_the_cheapest_in_stock_and_what_each_kind_may_cost():
    of = {"tents": cheapest(TENTS), "sleeping bags": cheapest(BAGS)}
    assert [p["name"] for p in of.values()] == ["Tent A", "Bag A"]  # B is out of stock
    assert caps(300, of) == {"tents": 215.1, "sleeping bags": 169.01}
    assert cheapest([product("gone", 1.0, stock=0)]) is None


def test_the_note_says_what_the_cheapest_set_comes_to():
    of = {"tents": cheapest(TENTS), "sleeping bags": cheapest(BAGS)}
    assert note(300, of) == ("Together, the cheapest of each — the Tent A (130.99 EUR) and the "
                             "Bag A (84.90 EUR) — come to 215.89 EUR, within your 300 EUR.")
    assert note(200, of).startswith("No set of them fits in 200 EUR: the cheapest of each")


def test_a_budget_for_all_of_them_not_for_each():
    assert TOTAL.search("I have 300 euros, I need a tent and a sleeping bag")
    assert TOTAL.search("my budget is 300 for a tent and a sleeping bag")
    assert not TOTAL.search("tents and sleeping bags under 300")


async def test_a_budget_for_a_tent_and_a_sleeping_bag_is_for_both(memory, app):
    # a 245 EUR tent and a 183 EUR bag were listed under 300 as if either went with the other
    (kit,) = await memory.push("I have 300 euros, I need a tent and a sleeping bag")
    products = [app.catalog.get(c.product_id) for c in kit.cards]
    tents = [p for p in products if p["category"] == "tents"]
    bags = [p for p in products if p["category"] == "sleeping bags"]
    assert tents and bags
    every = {k: [p for p in app.catalog.search("", {"min_price": 0, "category": k}, limit=1000)]
             for k in ("tents", "sleeping bags")}
    low = {k: min(h.product["price"] for h in hits if h.product["stock"]) for k, hits in every.items()}
    assert all(p["price"] + low["sleeping bags"] <= 300 for p in tents)
    assert all(p["price"] + low["tents"] <= 300 for p in bags)
    assert f"come to {low['tents'] + low['sleeping bags']:.2f} EUR, within your 300 EUR." in kit.text


async def test_the_cheapest_set_asked_after_a_list_of_kinds_is_of_each(memory, app):
    await memory.push("I need a tent and a sleeping bag")
    (pair,) = await memory.push("which combination is cheapest?")  # the cheapest bag alone
    assert pair.kind == "product_pick" and pair.text.startswith(
        "Together, the cheapest of each — the ") and " and the " in pair.text


def test_how_many_of_a_kind_a_part_asks_for():
    assert count_of("2 sleeping bags for summer", "sleeping bags") == 2
    assert count_of("two tents", "tents") == 2
    assert count_of("I need a 2 person tent", "tents") == 1  # the persons' number
    of = {"tents": cheapest(TENTS), "sleeping bags": cheapest(BAGS)}
    counts = {"sleeping bags": 2}
    assert caps(500, of, counts) == {"tents": 330.2, "sleeping bags": 184.5}
    assert note(500, of, counts) == (
        "Together, the cheapest of each — the Tent A (130.99 EUR) and 2 × the Bag A (84.90 "
        "EUR) — come to 300.79 EUR, within your 500 EUR.")


async def test_the_cheapest_set_keeps_to_what_each_part_asks(memory, app):
    # it named a 1-person tent and a -5 °C bag, one of them, for "a 2 person tent and 2
    # sleeping bags for summer"
    (kit,) = await memory.push("I need a 2 person tent and 2 sleeping bags for summer, "
                               "budget 500 total")
    note_line = next(line for line in kit.text.splitlines() if line.startswith("Together"))
    named = [p for p in app.catalog.search("", {"min_price": 0}, limit=1000)
             if f"the {p.product['name']} (" in note_line]
    tent, bag = sorted((h.product for h in named), key=lambda p: p["category"] != "tents")
    assert tent["attributes"]["persons"] == "2"
    assert bag["attributes"]["season"] in attribute_filters.allowed("season", "summer")
    assert f"2 × the {bag['name']}" in note_line
    # asked next, the same set (it named the cheapest tent and one bag of any kind)
    (pair,) = await memory.push("which combination is cheapest?")
    assert pair.text == note_line.split(", within")[0] + "."
