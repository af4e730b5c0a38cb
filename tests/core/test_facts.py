"""Pure fact helpers for the 'we do not sell that' reply."""

from datetime import date

import pytest

from core.facts import (answer_facts, asked_for, asks_restock, asks_sizing, fit_text, in_words,
                        lists_of_all, mentioned_by, most_unrated, nearest_text, unlisted_uses)
from core.order_answers import not_in_order, return_window, warranty_until


@pytest.mark.parametrize("text, asked", [
    ("do you sell kayaks?", "kayaks"),
    ("Hi, do you have any surfboards?", "surfboards"),
    ("I'm looking for a fishing rod", "fishing rod"),
    ("I need fuel", "fuel"),
    ("show me some snowboards please", "snowboards"),
    ("do you sell kayaks too?", "kayaks"),  # was "kayaks too"
    ("ok, a warm hat then", "warm hat"),  # was "warm hat then"
    ("and canoes as well, please", "canoes"),
    ("ok and a pillow?", "pillow"),
    ("ok what about ponchos", "ponchos"),
    ("gift for my dad", "gift for my dad"),
    ("do you have anything for dogs?", "dogs"),  # was "anything for dogs"
    ("something for my cat", "my cat"),
    ("  a   thermos  ", "thermos"),  # the article left off, as after "ok and"
    ("???", "???"),  # nothing left once stripped: the text as typed
    ("how much is a gift card?", "gift card"),  # the price of a kind
    ("what does a kayak cost?", "kayak"),
    ("he likes fishing", "fishing"), ("she's into yoga", "yoga"),  # what a present is for
    ("kayaks under 50", "kayaks"), ("canoes between 20 and 40 euros", "canoes"),  # no bound
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


@pytest.mark.parametrize("text, restock", [
    ("when will it be back in stock?", True), ("will it be restocked?", True),
    ("is it coming back?", True), ("when is the third one available again?", True),
    ("can I send it back?", False), ("is it in stock?", False),
    ("when will my refund be back on my card?", False),
    # an alert asked for is of the restock too; "let me know if …" of anything else is not
    ("can you notify me?", True), ("let me know when it's back", True),
    ("is there a waiting list?", True), ("let me know if it's waterproof", False),
    # a notification is of stock only where the message says so (a watch's notifications
    # were answered "The Trace 2 GPS Watch is in stock (56).")
    ("can I get a notification when it's back in stock?", True),
    ("can I get notifications on it?", False),
])
def test_asks_restock(text, restock):
    assert asks_restock(text) is restock


@pytest.mark.parametrize("text, sizing", [
    ("what size should I get if I'm usually a 41?", True), ("does it run small?", True),
    ("does it fit true to size?", True), ("which size should I order, I'm a 43?", True),
    ("should I size up?", True), ("does it come in size 44?", False),
    ("what sizes does it come in?", False),
    ("I'm 1.80 and 85kg, which size?", True),  # "say it another way" before
    ("what size am I?", True), ("what size is the tent?", False),
    ("how does it fit?", True), ("what's the fit like?", True),  # the whole card came back
    ("how does it fit in my pack?", False),
    # how to choose a boot, by price and material
    ("how do I choose the right boot size?", True), ("do you have a size chart?", True),
    ("how do I know my size?", True), ("how do I find the size of my tent?", False),
    # the kind between (five fleeces, as if they answered)
    ("what size fleece should I get?", True), ("which size jacket should I buy?", True),
    ("what size is the tent?", False), ("what size tent do you have in stock?", False),
])
def test_asks_sizing(text, sizing):
    assert asks_sizing(text) is sizing


BOOT = {"id": "B1", "name": "Scree Boot", "price": 120.0, "currency": "EUR", "stock": 0,
        "sizes": ["40", "41", "42"], "colors": ["tan"], "attributes": {},
        "description": "Grippy sole. Runs true to size; choose half a size up if you wear "
                       "thick socks. Size 44 is currently sold out."}


def test_how_it_fits_and_when_it_is_back_come_from_the_listing():
    assert fit_text(BOOT) == ("Runs true to size; choose half a size up if you wear thick "
                              "socks.")  # not the sold-out sentence
    assert fit_text({**BOOT, "description": "Grippy sole."}) == (
        "Our listing for the Scree Boot does not say how it fits.")
    assert answer_facts(BOOT, {}, "what size should I get, I'm usually a 41?")["answer"] == (
        "Runs true to size; choose half a size up if you wear thick socks. The Scree Boot "
        "comes in size 41.")
    assert answer_facts(BOOT, {}, "which size should I take? I'm a 45")["answer"].endswith(
        "The Scree Boot does not come in size 45; it comes in 40 to 42.")  # was "40, 41, 42"
    assert answer_facts(BOOT, {}, "when will it be back in stock?")["answer"] == (
        "The Scree Boot is out of stock right now, and our listing gives no date for when it "
        "is back. Press \"Talk to a human\" and our team can tell you more.")
    assert answer_facts({**BOOT, "stock": 3}, {}, "will it be restocked?")["answer"] == (
        "The Scree Boot is in stock (3).")
    assert answer_facts({**BOOT, "stock": 3}, {}, "how many are left?")["answer"] == (
        "The Scree Boot is in stock (3).")
    # a left zip is no stock question (it said "The Scree Boot is in stock (3).")
    assert "in stock" not in answer_facts({**BOOT, "stock": 3}, {}, "does it have a left zip?")[
        "answer"]


def test_the_return_window_of_a_delivered_order():
    order = {"status": "delivered", "placed_at": "2026-11-15T16:54:25Z"}
    assert return_window(order, date(2026, 12, 1), 30) == (
        "It was ordered on 15 November 2026, so it is still within the 30-day return window.")
    # delivered some day after it was placed, which the data does not give: the date, and
    # the delivery day it would take (it said the rule alone)
    assert return_window(order, date(2026, 12, 20), 30) == (
        "It was ordered on 15 November 2026; returns are accepted within 30 days of delivery, "
        "so it can be returned only if it was delivered on or after 20 November 2026.")
    assert return_window(order, None, 30) == (
        "It was ordered on 15 November 2026; returns are accepted within 30 days of delivery.")
    assert return_window({**order, "status": "shipped"}, date(2026, 12, 1), 30) == ""
    assert return_window(order, date(2026, 12, 1), None) == ""  # the policy gives no window
    assert return_window({"status": "delivered"}, date(2026, 12, 1), 30) == ""


def test_how_long_an_orders_products_are_under_warranty():
    order = {"status": "delivered", "placed_at": "2024-02-29T10:00:00Z"}
    boot = {"name": "Col Mid Hiker", "attributes": {"warranty_years": "2"}}
    torch = {"name": "Lantern 900 Head Torch", "attributes": {}}  # the policy's years
    pack = {"name": "Ascent 55", "attributes": {"warranty_years": "5"}}
    assert warranty_until(order, [pack], date(2026, 1, 1), 2) == (
        "It was ordered on 29 February 2024, so it is under warranty until at least "
        "28 February 2029 (5 years from delivery).")
    # two products of the policy's years are said together; past that day, the delivery
    # day the warranty needs, as the data has no delivery day
    assert warranty_until(order, [boot, torch, pack], date(2026, 3, 1), 2) == (
        "It was ordered on 29 February 2024, so the Col Mid Hiker and Lantern 900 Head Torch "
        "had a warranty of 2 years from delivery and are covered only if delivered on or after "
        "1 March 2024; the Ascent 55 "
        "is under warranty until at least 28 February 2029 (5 years from delivery).")
    assert warranty_until(order, [boot], date(2026, 3, 1), 2).endswith(
        "it had a warranty of 2 years from delivery and is covered only if delivered on or after "
        "1 March 2024.")
    assert warranty_until({**order, "status": "shipped"}, [boot], date(2026, 1, 1), 2) == (
        "Its warranty starts on the day it is delivered.")
    assert warranty_until({"status": "delivered"}, [boot], date(2026, 1, 1), 2) == ""
    assert warranty_until(order, [], date(2026, 1, 1), 2) == ""


def test_what_an_order_does_not_hold():
    tee = {"id": "P1", "name": "Outpost Crew Merino Tee", "category": "t-shirts"}
    jacket = {"id": "P2", "name": "Frostline Lite Puffer Jacket", "category": "jackets"}
    watch = {"id": "P3", "name": "Trace 2 GPS Watch", "category": "watches"}
    boot = {"id": "P4", "name": "Col Mid Hiker", "category": "hiking boots"}
    items = [tee, jacket, watch]
    assert not_in_order(items, {"category": "hiking boots"}, []) == "hiking boots"
    assert not_in_order(items, {"needs": [("socks", "socks"), ("the tee", "t-shirts")]},
                        []) == "socks"
    # a kind is held by an item whose category or name has its noun
    assert not_in_order(items, {"category": "rain jackets"}, []) == ""
    assert not_in_order(items, {"category": "watches"}, []) == ""
    # one product named: that product, whatever kind the slots give
    assert not_in_order(items, {"category": "hiking boots"}, [boot]) == "Col Mid Hiker"
    assert not_in_order(items, {"category": "hiking boots"}, [tee]) == ""
    assert not_in_order(items, {}, [boot, tee]) == ""  # two named: neither is the one meant
    assert not_in_order(items, {}, []) == ""


def test_a_ranking_asked_of_a_list_is_said_unrated_and_the_listings_that_name_it():
    shoes = [{"name": "Tempo Max Runner", "description": "A cushioned road shoe."},
             {"name": "Cadence 2 Running Shoe", "description": "Ideal for jogging on pavement."},
             {"name": "Kinetic Daily Road Shoe", "description": "A responsive trainer."}]
    # it was: none of these listings mentions "the most cushioning"
    assert mentioned_by(shoes, "do they have the most cushioning?") == (
        "None of these 3 listings rates cushioning, so I can't say which has the most. Of these "
        "3, the listing of the Tempo Max Runner mentions \"cushioning\"; the other 2 do not.")
    assert mentioned_by(shoes, "do they have the best grip?") == (
        "None of these 3 listings rates grip, so I can't say which has the best. None of them "
        "mentions \"grip\".")
    # an adjective ranked (it said "… rates breathable, so I can't say which has more")
    assert mentioned_by(shoes[:2], "is it more breathable?") == (  # "which one is …?"
        "Neither listing rates that, so I can't say which is more breathable. Neither mentions "
        "\"breathable\".")
    assert mentioned_by(shoes, "do they have cushioning?") == (
        "Of these 3, the listing of the Tempo Max Runner mentions \"cushioning\"; the other 2 do "
        "not.")
    # the customer's judgement is no word of a listing (it quoted "good cushioning")
    assert mentioned_by(shoes, "do they have good cushioning?") == mentioned_by(
        shoes, "do they have cushioning?")


def test_a_word_every_listing_mentions_is_said_of_all():
    watches = [{"name": "Trace Watch", "description": "A waterproof watch."},
               {"name": "Orbit Watch", "description": "Waterproof to 50 m."},
               {"name": "Compass Watch", "description": "Waterproof and light."}]
    # "Of these 3, the listings of the Trace Watch, the Orbit Watch and the Compass Watch"
    assert mentioned_by(watches, "are they waterproof?") == (
        "All 3 listings mention \"waterproof\".")
    assert mentioned_by(watches[:2], "are they waterproof?") == (
        "Both listings mention \"waterproof\".")


def test_a_feature_a_listing_names_otherwise_is_mentioned_so():
    trousers = [{"name": "Gorge Convertible Trousers"}, {"name": "Boulder Cargo Trousers"}]
    # it said none of them mentions "zip-off"
    assert mentioned_by(trousers, "are they zip-off?") == (
        "Of these 2, the listing of the Gorge Convertible Trousers mentions \"zip-off\" (as "
        "\"convertible\"); the other one does not.")


def test_a_price_bound_asked_of_one_product_is_a_yes_or_a_no():
    lamp = {"id": "P1", "name": "Lumen 500 Headlamp", "price": 40.0, "currency": "EUR",
            "stock": 5, "attributes": {}}
    # "is the Lumen 500 Headlamp under 50?" got the whole card
    assert answer_facts(lamp, {"max_price": 50}, "is it under 50?")["answer"] == (
        "Yes — the Lumen 500 Headlamp costs 40.00 EUR.")
    assert answer_facts(lamp, {"max_price": 30}, "is it under 30?")["answer"] == (
        "No — the Lumen 500 Headlamp costs 40.00 EUR.")
    assert answer_facts(lamp, {"min_price": 20, "max_price": 40}, "between 20 and 40?")[
        "answer"].startswith("Yes")  # inclusive, as the search filter reads it


LAMP = {"name": "Glow 200 Headlamp", "category": "headlamps",
        "description": "A light you can dim, with a red light mode beside the white beam.",
        "attributes": {"lumens": 200}}
BOTTLE = {"name": "Spring Wide Filter Bottle", "category": "water bottles", "description": "",
          "attributes": {}}


@pytest.mark.parametrize("query, products, unlisted", [
    ("headlamp with red light", [LAMP], ()),  # "red" within three words of "light"
    ("headlamp with a red mode", [LAMP], ()),
    ("headlamp with a red beam", [LAMP], ("red beam",)),  # five words apart
    ("headlamp with a green light", [LAMP], ("green light",)),
    ("headlamp with a hip belt", [LAMP], ("hip belt",)),
    # each of two features (the second went unsaid)
    ("headlamp with red light and a hip belt", [LAMP], ("hip belt",)),
    ("headlamp with a rain cover, and a hip belt?", [LAMP], ("rain cover", "hip belt")),
    ("a bottle with a wide mouth", [BOTTLE], ()),  # named for it: "Wide"
    # "filter" of "Filter"; no word of a strap (it went unsaid: only the first was read)
    ("a bottle with a filter and a strap", [BOTTLE], ("strap",)),
    ("a headlamp to go with my jacket", [LAMP], ()),  # "my": no feature of its own
    # company, and a kit after it: "No listing here mentions we need tent or two
    # sleeping bags."
    ("camping with my wife next weekend, we need a tent and two sleeping bags",
     [{**LAMP, "description": "A tent for camping."}], ()),
    # a body height: no listing gives a length or a height
    ("I'm 1.90m tall, which headlamp fits me?", [LAMP], ("how tall a person it fits",)),
    ("a headlamp for someone very tall", [LAMP], ("how tall a person it fits",)),
    ("which lamp for someone 1.90m tall?", [LAMP], ("how tall a person it fits",)),  # "1.90"
    ("a tall headlamp", [LAMP], ()),
    ("I'm 190 cm, which headlamp?", [{**LAMP, "description": "Fits heads up to 60 cm."}], ()),
    # a child by age: adult fleeces were listed as if they fit a 12-year-old
    ("a headlamp for my son, he's 12", [LAMP], ("kids",)),
    ("a headlamp for my 8-year-old", [LAMP], ("kids",)),
    ("a headlamp for my dad, he's 70", [LAMP], ()),
    ("a headlamp for my son, he's 6 ft", [LAMP], ("how tall a person it fits",)),  # no child
    ("a headlamp for my son, he's 12", [{**LAMP, "description": "Sized for kids."}], ()),
])
def test_a_feature_asked_with_is_unlisted_when_no_listing_says_it(query, products, unlisted):
    assert unlisted_uses(query, products) == unlisted


LEATHER_BOOT = {"name": "Col Leather Trekking Boot", "category": "hiking boots",
        "description": "A leather boot with a grippy sole.",
        "attributes": {"material": "full-grain leather", "waterproof": "yes"}}
ORGANIC_TEE = {"name": "Dayhike Organic T-Shirt", "category": "t-shirts", "description": "",
       "attributes": {"material": "organic cotton", "waterproof": "no"}}


@pytest.mark.parametrize("query, products, unlisted", [
    # "vegan hiking boots" listed leather boots as if they were vegan
    ("vegan hiking boots", [LEATHER_BOOT], ("vegan",)),
    ("a windproof jacket", [LEATHER_BOOT, ORGANIC_TEE], ("windproof",)),
    ("gore tex boots please", [LEATHER_BOOT], ("gore-tex",)),
    ("an organic cotton tee", [LEATHER_BOOT, ORGANIC_TEE], ()),  # one listing says it
    ("water-resistant boots", [LEATHER_BOOT], ()),  # waterproof is water-resistant
    ("a tee that isn't waterproof", [ORGANIC_TEE], ()),  # asked not to be: nothing to back
    ("a waterproof tee", [ORGANIC_TEE], ()),  # a filter: its own note says what the kind lists
    ("vegan or organic?", [ORGANIC_TEE], ("vegan",)),
])
def test_a_feature_the_search_asks_for_is_unlisted_when_no_listing_affirms_it(
        query, products, unlisted):
    assert unlisted_uses(query, products) == unlisted


def test_a_kind_named_is_no_use_asked_for():
    # "trail shoes hiking boots which are lighter?" said no trail shoe mentions hiking
    shoe = {"name": "Fjell Trail Shoe", "category": "trail shoes", "description": "Grippy."}
    query = "trail shoes hiking boots which are lighter?"
    assert unlisted_uses(query, [shoe]) == ("hiking",)
    assert unlisted_uses(query, [shoe], ["hiking boots", "trail shoes"]) == ()
    assert unlisted_uses("trail shoes for hiking", [shoe], ["trail shoes"]) == ("hiking",)


@pytest.mark.parametrize("question, said", [
    # all side by side, or none "mentions 'water cold longest'"
    ("which is the easiest to set up?", "which is the easiest to set up"),
    ("Which keeps water cold longest?", "which keeps water cold longest"),
    ("which one is the best?", None), ("which is the latest?", None),  # no ranking by "-est"
])
def test_a_ranking_by_what_no_listing_rates_says_so(question, said):
    two = [{"name": "A", "description": "A tent."}, {"name": "B", "description": "A tent."}]
    assert most_unrated(two, question) == (
        f"Neither listing rates that, so I can't say {said}." if said else None)
    assert most_unrated(two[:1], question) is None
    # "more" of two (the two side by side came back)
    assert most_unrated(two, "which is more durable?") == (
        "Neither listing rates that, so I can't say which is more durable. Neither mentions "
        "\"durable\".")


@pytest.mark.parametrize("question", ["what's the most waterproof one?", "which is the most "
                                      "waterproof?", "what is the most waterproof of them?"])
def test_the_most_waterproof_of_jackets_all_waterproof_is_no_ranking(question):
    # "what's the most waterproof one?" was the first one's "Yes — it is waterproof"
    shells = [{"name": n, "description": "A waterproof shell."} for n in ("A", "B", "C")]
    assert most_unrated(shells, question) == (
        "None of these 3 listings rates that, so I can't say which is the most waterproof. "
        "All 3 listings mention \"waterproof\".")
