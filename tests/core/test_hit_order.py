"""The order a search's hits are shown in (core/hit_order.py)."""

from collections import namedtuple

from core.hit_order import arranged, best_of, past

Hit = namedtuple("Hit", "product")


def pack(pid, price, litres=None):
    attributes = {"capacity_l": str(litres)} if litres is not None else {}
    return {"id": pid, "price": price, "attributes": attributes}


def test_sorted_by_a_listed_property_with_the_unlisted_last():
    hits = [Hit(pack("a", 90, 40)), Hit(pack("b", 50)), Hit(pack("c", 70, 30))]
    assert [h.product["id"] for h in arranged(hits, "capacity_l:asc", {})] == ["c", "a", "b"]
    assert [h.product["id"] for h in arranged(hits, "desc", {})] == ["a", "c", "b"]


def test_around_a_value_the_nearest_come_first_else_the_order_stays():
    hits = [Hit(pack("a", 90, 32)), Hit(pack("b", 50, 40)), Hit(pack("c", 70, 35))]
    near = arranged(hits, None, {"capacity_l": "40"})  # "around 40 litres"
    assert [h.product["id"] for h in near] == ["b", "c", "a"]
    assert arranged(hits, None, {}) == hits


def test_cheaper_than_the_cheapest_shown_is_a_cent_below_it():
    shown = [pack("a", 90), pack("b", 50)]
    assert best_of(shown, "asc")["id"] == "b"
    assert past({"min_price": 40, "max_price": 60}, best_of(shown, "asc"), "asc") == {
        "max_price": 49.99, "than_price": 50}


def test_a_bound_past_the_best_shown_is_said_as_asked():
    from core.facts import within
    # "anything cheaper?" read "Here is what I found under 202.99"
    assert within({"max_price": 202.99, "than_price": 203.0}) == " cheaper than 203"
    assert within({"min_price": 50.01, "than_price": 50}) == " more expensive than 50"
    # a bound said since ("under 150") is said as it is
    assert within({"max_price": 150, "than_price": 203.0}) == " under 150"


async def test_something_cheaper_says_than_what(memory):
    await memory.push("tents")
    (reply,) = await memory.push("something cheaper then")
    assert reply.text.startswith("Here is what I found cheaper than 203, cheapest first (3):")
