"""Slot extraction: prices, order ids, quantities, sizes, colours, catalogue words, and
references to products shown earlier. The vocabulary is always passed in."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.followups import (acknowledges, arrived_well, asks_conversion, asks_popular, asks_range, has_got,
                            more_results, names_a_need, never_mind, next_size, no_need,
                            no_order_number, on_it,
                            of_kind, other_kind, prices_of_all, refines, repair, same_kind,
                            size_step, wants_similar, worn_size, yes_no)
from core.slots import (Vocabulary, extract_order_id, extract_price, extract_slots,
                        one_position_twice, position_beyond, resolve_references,
                        shown_count, without_name_numbers)

PRODUCTS = [
    {"product_id": "T1", "name": "Ridge 2 Tent", "brand": "Cairnfield", "category": "tents",
     "price": 199.0, "colors": "green|orange", "sizes": ""},
    {"product_id": "J1", "name": "Storm Shell Jacket", "brand": "Vellmoor", "category": "rain jackets",
     "price": 120.0, "colors": "red|black", "sizes": "S|M|L|XL"},
    {"product_id": "S1", "name": "Trail Runner Shoe", "brand": "Brisko", "category": "trail shoes",
     "price": 89.5, "colors": "blue", "sizes": "40|41|42"},
    {"product_id": "B1", "name": "Talus Mid Boot", "brand": "Torvik", "category": "hiking boots",
     "price": 99.95, "colors": "olive|black", "sizes": "40|41|42|43"},
]
VOCAB = Vocabulary.from_products(PRODUCTS)
SHOWN = PRODUCTS[:3]  # tent 199, jacket 120, shoe 89.5, in display order


@pytest.mark.parametrize("text, expected", [
    ("2 pairs under 30", {"quantity": 2, "max_price": 30}),
    ("3 of the second", {"quantity": 3}),  # that many of a product shown
    ("between 20 and 40 dollars", {"min_price": 20, "max_price": 40}),
    ("under 50", {"max_price": 50}),
    ("anything below €75.50?", {"max_price": 75.5}),
    ("from 50 to 80 bucks", {"min_price": 50, "max_price": 80}),
    ("tents 100-200 dollars", {"min_price": 100, "max_price": 200, "category": "tents"}),
    ("$20-$40", {"min_price": 20, "max_price": 40}),
    ("over 100 euros", {"min_price": 100}),
    ("around $50", {"min_price": 40, "max_price": 60}),
    ("cheap tents", {"price_sort": "asc", "category": "tents"}),
    # the list in no order of price, a 328.95 EUR jacket among them
    ("tents but not too expensive", {"price_sort": "asc", "category": "tents"}),
    ("a tent that isn't expensive", {"price_sort": "asc", "category": "tents"}),
    ("order #A-10042", {"order_id": "A-10042"}),
    ("where is 10042", {"order_id": "10042"}),
    ("my order number is 10042, it's late", {"order_id": "10042"}),
    ("cancel a10057 please", {"order_id": "A-10057"}),
    ("a 2 person tent under 150", {"max_price": 150, "category": "tents"}),
    ("backpack under 2kg", {}),
    ("30 litre pack under 60 euros", {"max_price": 60}),
    ("sleeping bag for -10 degrees", {}),
    ("two rain jackets please", {"category": "rain jackets", "quantity": 2}),
    # how many to show, not to buy ("for 3, too few are in stock of …")
    ("top 3 tents", {"category": "tents"}),
    ("the 2 cheapest rain jackets", {"category": "rain jackets", "price_sort": "asc"}),
    ("size 42 trail shoes", {"category": "trail shoes", "size": "42"}),
    ("I need a jacket in medium", {"size": "M", "category": "rain jackets"}),  # the only jackets
    ("boots under 120 in brown", {"max_price": 120, "color": "brown", "category": "hiking boots"}),
    ("red rain jackets under $80", {"max_price": 80, "category": "rain jackets", "color": "red"}),
    ("show me Cairnfield tents", {"category": "tents", "brand": "Cairnfield"}),
    ("boots by torvik in olive, size 43", {"category": "hiking boots", "brand": "Torvik",
                                           "color": "olive", "size": "43"}),
    ("i'll take 3 of them in XL", {"quantity": 3, "size": "XL"}),
    ("does the first one come in M?", {"size": "M"}),  # a capital letter after "in"
    ("is it available in l", {"size": "L"}),           # the last word
    ("is there one in m or l", {}),                     # "in m" mid-sentence: no size
    ("what about L?", {"size": "L"}),                   # a size that follows on
    ("and m?", {"size": "M"}),
    ("how much for two?", {"quantity": 2}),
    ("how much is it for 3?", {"quantity": 3}),
    ("how much for 2 days shipping?", {}),
    # the price of one came back
    ("how much would 2 cost?", {"quantity": 2}), ("what would two cost?", {"quantity": 2}),
    ("how much are 3?", {"quantity": 3}), ("what is 2?", {}), ("how much is 1 kg?", {}),
])
def test_slots(text, expected):
    slots = extract_slots(text, VOCAB)
    assert {k: v for k, v in slots.items() if k in expected or k not in ("product_ids",)} == expected


@pytest.mark.parametrize("text, ids", [
    ("the second one", ["J1"]),
    ("is the 3rd one any good", ["S1"]),
    ("number 2 please", ["J1"]),
    ("the last one", ["S1"]),
    ("that jacket", ["J1"]),
    ("does that tent have a porch?", ["T1"]),
    ("the cheaper one", ["S1"]),
    ("is the cheapest one in stock", ["S1"]),
    ("the more expensive one", ["T1"]),
    ("the red one", ["J1"]),
    ("the Brisko one", ["S1"]),
    ("compare the first and third", ["T1", "S1"]),
    ("the first two", ["T1", "J1"]),
    ("which is lightest of those three?", ["T1", "J1", "S1"]),
    ("a tent for the three of us", []), ("these 3 people", []),
    ("both", ["T1", "J1"]),
    ("what's the weight of the tent", ["T1"]),
    ("second one in black?", ["J1"]),
    ("first vs third", ["T1", "S1"]),
    ("i liked it at first", []),  # no article, no "one": not a reference
    ("the first vs the third", ["T1", "S1"]),
    ("who won the football last night", []),
    ("the last time i ordered it was late", []),
    ("is it waterproof", []),  # three shown: "it" is ambiguous
    ("show me the cheapest tents you have", []),  # a new search, not a reference
    ("anything cheaper?", []),  # other products, cheaper: a sorted search
    ("something a bit cheaper", []),
    ("anything more expensive?", []),  # was the dearest shown: others, dearer
    ("the more expensive one", ["T1"]),
])
def test_references_resolve_against_products_shown(text, ids):
    assert resolve_references(text, SHOWN) == ids
    slots = extract_slots(text, VOCAB, SHOWN)
    assert slots.get("product_ids", []) == ids
    assert slots.get("product_id") == (ids[0] if len(ids) == 1 else None)


def test_the_weather_in_the_question_points_at_no_product_named_for_it():
    shown = [{"id": "R1", "name": "Stormline Rain Jacket", "category": "rain jackets"},
             {"id": "R2", "name": "Bluster Rain Shell", "category": "rain jackets"}]
    # every rain jacket, which answered of all of them, not of the one asked about
    assert resolve_references("is it good in the rain?", shown) == []
    assert resolve_references("is the rain jacket waterproof?", shown) == ["R1", "R2"]


def test_it_means_the_only_product_shown_and_ids_come_from_id_or_product_id():
    shown = [{"id": "P9", "name": "Lumen Headlamp", "price": 30, "category": "headlamps"}]
    assert resolve_references("is it rechargeable?", shown) == ["P9"]
    assert resolve_references("the second one", shown) == []
    assert resolve_references("the second one", []) == []


def test_vocabulary_comes_from_the_demo_catalogue():
    path = Path(__file__).resolve().parents[2] / "data" / "catalog.csv"
    with path.open(newline="") as f:
        vocab = Vocabulary.from_products(csv.DictReader(f))
    assert "tents" in vocab.categories and "Torvik" in vocab.brands
    slots = extract_slots("torvik hiking boots under 120 in brown", vocab)
    assert slots == {"category": "hiking boots", "brand": "Torvik", "max_price": 120, "color": "brown"}


@pytest.mark.parametrize("text, expected", [
    ("boots around 120", {"category": "hiking boots", "min_price": 96, "max_price": 144}),
    ("a tent for roughly 200", {"category": "tents", "min_price": 160, "max_price": 240}),
    ("something about 100", {"min_price": 80, "max_price": 120}),  # near some kind's price
    ("trail shoes around 42", {"category": "trail shoes"}),  # a size, though a shoe costs 39
    ("a tent for about 3", {"category": "tents"}),  # far below what any tent costs
    ("boots around 2000", {"category": "hiking boots"}),  # far above
])
def test_a_bare_number_after_around_is_a_price_near_what_the_kind_costs(text, expected):
    vocab = Vocabulary.from_products([*PRODUCTS, {"name": "Scree Kid Shoe", "price": "39",
                                                  "category": "trail shoes", "sizes": "30|31"}])
    assert vocab.prices["trail shoes"] == (39, 89.5)
    slots = extract_slots(text, vocab)
    assert {k: v for k, v in slots.items() if k != "size"} == expected


@pytest.mark.parametrize("text, kinds", [
    ("shoes in size 42", ["running shoes", "trail shoes"]),  # listed a trekking boot too
    ("what about shoes?", ["running shoes", "trail shoes"]),
    ("trail running shoes", ["running shoes", "trail shoes"]),
    ("trail shoes", None),  # one kind: a category
    ("jackets", None),  # a kind of its own beside rain jackets
])
def test_the_last_word_of_several_kinds_names_them_all(text, kinds):
    vocab = Vocabulary.from_products([*PRODUCTS, {"name": "Glide Road Shoe",
                                                  "category": "running shoes"},
                                      {"name": "Frost Puffer", "category": "jackets"}])
    assert extract_slots(text, vocab).get("kinds") == kinds


def test_a_word_only_one_kinds_names_hold_picks_that_kind_of_the_plain_one():
    # "3L jackets" listed puffers: "jackets" is a category of its own beside rain jackets
    rows = [{"name": "Nimbus 3L Rain Jacket", "category": "rain jackets"},
            {"name": "Drizzle 2.5L Waterproof Jacket", "category": "rain jackets"},
            {"name": "Mistral Hooded Shell Jacket", "category": "rain jackets"},
            {"name": "Thermal Hoody Insulated Jacket", "category": "jackets"},
            {"name": "Frostline Puffer Jacket", "category": "jackets"},
            {"name": "Kammweg Pro Hiking Boot", "category": "hiking boots"}]
    vocab = Vocabulary.from_products(rows)
    assert vocab.name_marks["3l"] == "rain jackets" and "hood" not in vocab.name_marks
    assert extract_slots("do you have 3L jackets?", vocab)["category"] == "rain jackets"
    assert extract_slots("2.5L jacket", vocab)["category"] == "rain jackets"
    assert extract_slots("a shell jacket", vocab)["category"] == "rain jackets"
    # puffers have hoods too ("Hoody"), and "pro" names a boot: the plain kind stays
    assert extract_slots("a hooded jacket", vocab)["category"] == "jackets"
    assert extract_slots("puffer jacket", vocab)["category"] == "jackets"
    assert extract_slots("a pro jacket", vocab)["category"] == "jackets"


@pytest.mark.parametrize("text, size", [
    ("im a size 10 uk in shoes", "UK 10"),
    ("hiking boots in uk 9", "UK 9"),
    ("us size 9 running shoes", "US 9"),
    ("a rain jacket, size 12 UK", "UK 12"),
    ("boots in size 44", "44"),
    ("2 of us need boots", None),  # "us" the word: no size
])
def test_a_size_of_another_system_is_said_with_it(text, size):
    assert extract_slots(text, VOCAB).get("size") == size


@pytest.mark.parametrize("text, size", [
    # "a 44" at the end, after "what about", "or": a size sold ("say it another way")
    ("ok what about a 44?", "44"), ("or a 45?", "45"),
    ("what about 44?", None),  # no "a": it may be a price
    ("what about a 99?", None),  # no such size
    # the size to be exchanged for (the whole returns policy came): one sold, or one near
    ("can I swap it for a 44?", "44"), ("could I exchange them for a 47", "47"),
    ("can I swap it for a 2 person tent?", None), ("exchange it for a 99", None),
])
def test_a_number_after_a_at_the_end_is_a_size_sold(text, size):
    vocab = Vocabulary.from_products([{"sizes": ["44", "45"], "category": "boots"}])
    assert extract_slots(text, vocab).get("size") == size


@pytest.mark.parametrize("text, asks", [
    ("what's that in EU?", True), ("can you convert it?", True), ("is there a size chart?", True),
    ("what is it in eu?", True), ("what's that in euros?", False), ("what's in it?", False),
])
def test_a_size_conversion_asked(text, asks):
    assert asks_conversion(text) is asks


def test_order_id_and_price_do_not_mix():
    assert extract_order_id("order #A-10042 cost me 120 euros") == "A-10042"
    assert extract_slots("refund 49.99 for order 10042", VOCAB) == {"order_id": "10042"}
    assert extract_order_id("under 50 euros") is None
    assert extract_price("I paid $10042") == {}



@pytest.mark.parametrize("text, price", [
    ("tents, my limit is 300", {"max_price": 300}),  # was any price
    ("my spending limit is 80 euros", {"max_price": 80}),
    ("a jacket, my budget is 200", {"max_price": 200}),
    ("limit of 2 per customer", {}), ("is there a weight limit of 20 kg?", {}),
    # what there is to spend (a tent at 338 was listed first)
    ("I have 300 euros, I need a tent", {"max_price": 300}),
    ("I can spend €150 on boots", {"max_price": 150}), ("we've got 80 eur", {"max_price": 80}),
    ("I have 2 kids", {}), ("I have 3 days", {})])
def test_a_limit_said_of_spending_is_a_top_price(text, price):
    assert extract_price(text) == price



@pytest.mark.parametrize("text, counts", [
    ("what's the total for the first tent and two of the fourth?", {3: 2}),
    ("I'll take the first and 2 of the third", {2: 2}), ("3x the first", {0: 3}),
    ("two of the second one please", {1: 2}), ("the first and the second", {}),
    ("the 2nd and the 3rd", {})])
def test_how_many_of_a_position(text, counts):
    from core.slots import counts_at
    assert counts_at(text) == counts


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_and_prices_are_ordered(text):
    slots = extract_slots(text, VOCAB, SHOWN)
    if "min_price" in slots and "max_price" in slots:
        assert slots["min_price"] <= slots["max_price"]
    assert set(slots.get("product_ids", [])) <= {p["product_id"] for p in SHOWN}


@pytest.mark.parametrize("text, narrows", [
    ("show me only the blue ones", True),
    ("what about red ones?", True),
    ("under 50 please", True),
    ("any in size 42?", True),
    ("Torvik ones?", True),
    ("cheaper ones?", True),
    ("more expensive ones?", True),  # was no price order at all: a question of the one shown
    ("cheaper alternatives?", True),
    ("do you have it in green", True),
    ("between 20 and 40 dollars", True),
    ("blue tents", False),                  # names a category: a new search
    ("something cheap for camping", False),  # new words: a new search
    ("is the blue one waterproof?", False),  # a question about a product
    ("the cheaper one", False),              # a shown product, not a filter
    ("hello", False),
    ("order #A-10042", False),
])
def test_a_follow_up_that_only_adds_filters_narrows_the_last_search(text, narrows):
    assert refines(text, extract_slots(text, VOCAB, SHOWN)) is narrows


@pytest.mark.parametrize("text, size", [
    ("is that one available in 43-46?", "43-46"),
    ("in size 43-46", "43-46"),  # was "43": the plain size number matched first
    ("poles 110-135 cm", "110-135 cm"),
    ("do you have it in regular", "Regular"),
    ("the long one", "Long"),
    ("how long does delivery take", None),   # a word, not the size "Long"
    ("I'm 2 metres tall, do you have long sleeping bags?", "Long"),  # was no size
    ("how long is the bag?", None),
    ("the regular price", None),
    ("what sizes do the first ones come in", None),  # "sizes", not size S
    ("size:m", "M"), ("size44", "44"),
    # "small sizes in jackets" listed jackets of every size
    ("small sizes in jackets", "S"), ("any extra small sizes?", "XS"),
    ("a large size tent", None), ("a smaller size please", None),  # a step: see size_step
])
def test_sizes_the_catalogue_spells(text, size):
    vocab = Vocabulary(sizes=("35-38", "43-46", "Long", "Regular", "110-135 cm", "M"))
    assert extract_slots(text, vocab).get("size") == size


@pytest.mark.parametrize("text, answer", [
    ("yes", True), ("Yes please!", True), ("sure, go ahead", True), ("ok", None),
    ("no thanks", False), ("nope", False), ("not now", False), ("I'm fine thanks", False),
    ("yes but what about boots", None), ("no, I want boots", None), ("what", None), ("", None),
    ("ja bitte", True), ("oui merci", True),
])
def test_yes_no(text, answer):
    assert yes_no(text) is answer


@pytest.mark.parametrize("text, dropped", [
    ("actually never mind", True), ("forget it", True), ("nvm", True),
    ("ok no worries thanks", True), ("it doesn't matter", True),
    ("never mind the boots, where is my order?", False),  # a new request follows
    ("no", False), ("I don't mind the colour", False),
])
def test_never_mind(text, dropped):
    assert never_mind(text) is dropped


@pytest.mark.parametrize("text, none", [
    ("I don't have the number", True), ("I lost it", True), ("can't find it", True),
    ("I don't know", True), ("no idea", True), ("I have no order number", True),
    ("I didn't get a confirmation email", True), ("it's under anna@example.com", True),
    ("it's 10042", False), ("yes", False), ("why do you need it?", False),
    ("hiking boots", False),
])
def test_no_order_number_is_the_answer_of_one_who_has_none(text, none):
    assert no_order_number(text) is none


@pytest.mark.parametrize("text, category", [
    ("trail running shoes women 38", None),    # trail shoes or running shoes: search decides
    ("running shoes", "running shoes"),
    ("trail shoes for mud", "trail shoes"),
    ("rain jackets", "rain jackets"),           # "jackets" inside it is no rival
    ("a warm jacket", "jackets"),
    ("waterproof jackets", "rain jackets"),     # was: puffers, none of them waterproof
    ("gore-tex jackets?", "rain jackets"),      # puffers too
    ("a hardshell jacket", "rain jackets"),
    ("a softshell jacket", "jackets"),          # no rain jacket
    ("waterproof running shoes", "running shoes"),  # no "rain running shoes": unchanged
])
def test_a_message_holding_two_categories_names_neither(text, category):
    vocab = Vocabulary(categories=("trail shoes", "running shoes", "rain jackets", "jackets"))
    slots = extract_slots(text, vocab)
    assert slots.get("category") == category
    # the two it holds are what the search keeps to (a trekking boot came up)
    assert slots.get("kinds") == (None if category else ["running shoes", "trail shoes"])


@pytest.mark.parametrize("text, size", [
    ("do you have the Ridgeline boot in 46?", "46"),
    ("in 43 please", "43"),
    ("can it arrive in 2 days", None),          # not a size the catalogue sells, and a unit
    ("is it in 46 euros?", None),                # money
    ("in 99?", None),                            # no such size
    ("is that one available in 43-46?", "43-46"),  # the sock size, not 43
    ("do you have them in 42.5?", "42.5"),       # a half size: said unsold (it was dropped)
    ("can it arrive in 2.5 days", None),         # a unit
    ("in 60.5?", None),                          # no size near it
    ("do you have the Ridgeline boot in 50?", "50"),  # just past the sizes sold: said unsold
    ("in 12 please", None),                      # far from them (a list came back, unsaid)
])
def test_a_number_after_in_is_a_size_the_catalogue_sells(text, size):
    vocab = Vocabulary(sizes=("2", "42", "43", "46", "43-46"))
    assert extract_slots(text, vocab).get("size") == size


@pytest.mark.parametrize("text, size", [
    ("he wears 44", "44"),                       # was no size: a new search
    ("i wear 42", "42"),
    ("I'm a 46, does it fit?", "46"),
    ("she takes an M", "M"),
    ("i'm 44 years old", None),                  # an age, not a size
    ("he is 12", None),                          # no such size
    ("I usually wear 42.5", "42.5"),             # a half of one sold (socks were listed)
    ("i wear 45.5", None),
])
def test_the_size_someone_wears(text, size):
    vocab = Vocabulary(sizes=("42", "44", "46", "M"))
    assert extract_slots(text, vocab).get("size") == size


@pytest.mark.parametrize("text, need", [
    ("anything similar?", False), ("what do you recommend?", False),
    ("ok, any other suggestions?", False), ("what's popular?", False),
    ("something for cooking on a trip", True), ("a gift for my dad", True),
    ("what would you suggest for a beginner?", True),
    ("hmm no idea", False), ("not sure tbh", False), ("your bestsellers?", False),
    ("what's popular for hiking?", True), ("do you have anything for rain?", True),
    ("can I get personalised recommendations?", False),  # socks and tees came
    ("some ideas for a hike?", True), ("I need some advice for camping", True),
])
def test_a_recommendation_that_says_what_it_is_for(text, need):
    assert names_a_need(text) is need


@pytest.mark.parametrize("text, nothing_in_mind, popular", [
    ("hmm no idea", True, False), ("Not sure tbh", True, False), ("I don’t know", True, False),
    ("just browsing", True, False), ("surprise me", True, True),
    ("what are your bestsellers?", True, True), ("what do people usually buy?", True, True),
    ("what's popular?", True, True), ("anything for rain?", False, False),
    ("I know what I want: a tent", False, False), ("is it sure to keep me dry?", False, False),
])
def test_nothing_in_mind_and_asking_what_is_popular(text, nothing_in_mind, popular):
    assert no_need(text) is nothing_in_mind and asks_popular(text) is popular


POTS = [{"name": "Kettle Solo Pot", "category": "cookware"},
        {"name": "Billy Compact Pan", "category": "cookware"}]
KINDS_ROWS = [*POTS, {"name": "Hearthstone Solo Stove", "category": "cookware"}, *PRODUCTS]
KINDS = Vocabulary.from_products(KINDS_ROWS)
SOCKS = [{"name": "Quarter Heavy Hiking Socks", "category": "socks"},
         {"name": "Blister Guard 2-Pack Trekking Socks", "category": "socks"}]


@pytest.mark.parametrize("text, shown, other", [
    ("is the stove compatible with gas canisters?", POTS, True),  # cookware, but no stove shown
    ("is the pot dishwasher safe?", POTS, False),
    ("is the stove light?", SHOWN, True),                        # tents, jackets, shoes shown
    ("is that jacket waterproof?", SHOWN, False),                # "jackets" fits rain jackets
    ("are the boots waterproof?", SHOWN, True),
    ("is the second one light?", SHOWN, False),                  # no kind named
    ("how many pairs in a pack?", SOCKS, False),                 # "pack": a shown name's word
    ("do you have a pack for day hikes?", SOCKS[:1], True),
    ("do they fit in a pack?", SOCKS[:1], False),   # about the socks shown: "they"
    ("does it fit a day pack?", POTS, False),       # about the pot: "it"
])
def test_a_question_naming_a_kind_that_is_not_shown(text, shown, other):
    vocab = Vocabulary.from_products(
        [*KINDS_ROWS, *SOCKS, {"name": "Ridge Day Pack", "category": "backpacks"}])
    assert other_kind(text, extract_slots(text, vocab, shown), shown) is other


@pytest.mark.parametrize("text, missed", [
    ("what do you mean?", True), ("huh?", True), ("that's not what I asked", True),
    ("that doesn't make sense", True), ("not helpful at all", True),
    ("the size is wrong", False), ("what is the price", False), ("great", False),
])
def test_the_customer_saying_the_answer_missed(text, missed):
    assert repair(text) is missed


@pytest.mark.parametrize("text, same", [
    ("something with good cushioning", True), ("anything lighter", True),
    ("one with more pockets", True), ("a good one for winter", True),
    ("anything in leather", True), ("do you have a 3-pack?", True), ("a pack of 2?", True),
    ("something for cooking on a trip", False), ("something to carry water", False),
    ("a gift for my dad", False), ("anything similar?", False),
    # a property alone (it listed any kind, a jacket first, after hiking boots)
    ("something waterproof", True), ("maybe something more breathable", True),
    ("something warm for my wife", False),
])
def test_a_request_for_more_of_the_kind_just_searched(text, same):
    assert same_kind(text) is same


@pytest.mark.parametrize("text, everything", [
    ("how much are they?", True), ("what do the socks cost?", True), ("prices?", True),
    ("how much are these", True), ("what's the price of each", True),
    ("how much is it?", False), ("what does the first one cost?", False),
    ("are they waterproof?", False), ("price of the Ridgeline?", False),
])
def test_a_question_about_the_prices_of_a_whole_list(text, everything):
    assert prices_of_all(text) is everything


def test_the_kind_a_question_names_picks_products_of_a_mixed_list():
    shown = [{"id": "1", "category": "hiking socks"}, {"id": "2", "category": "hiking boots"},
             {"id": "3", "category": "hiking socks"}]
    assert [p["id"] for p in of_kind("how much are the socks?", shown)] == ["1", "3"]
    assert [p["id"] for p in of_kind("how much is the boot", shown)] == ["2"]
    assert of_kind("how much are they?", shown) == shown


@pytest.mark.parametrize("text, category", [
    ("which one packs smallest?", None), ("does it pack down small", None),
    ("a pack for day hikes", "backpacks"), ("2 packs of socks", None),
    ("hiking packs under 100", "backpacks"),
    ("what should I pack for a day hike?", None), ("what to pack for camping", None),
    ("a packing list for a hike", None), ("a pack for my hike", "backpacks"),
])
def test_pack_the_verb_names_no_backpack(text, category):
    vocab = Vocabulary(categories=("backpacks", "socks"), category_terms={"pack": "backpacks"})
    found = extract_slots(text, vocab).get("category")
    assert found == (category or ("socks" if "socks" in text else None))


@pytest.mark.parametrize("text, category", [
    ("how do I set it up?", None), ("is the tent easy to set up", "tents"),
    ("setting them up in the rain", None), ("a cook set for two", "cookware"),
])
def test_set_up_the_verb_names_no_cookware_set(text, category):
    # "how do I set it up?" searched cookware ("… Cook Set")
    vocab = Vocabulary(categories=("cookware", "tents"),
                       category_terms={"set": "cookware", "tent": "tents"})
    assert extract_slots(text, vocab).get("category") == category


@pytest.mark.parametrize("text, category", [
    # a person, not the kind whose names end in the word ("Col Mid Hiker"): it searched
    # hiking boots under 50 and found none
    ("a gift for a hiker under 50", None), ("something for my runner friend", None),
    ("my husband is a keen trail runner, ideas?", None), ("she's an avid climber", None),
    ("boots for a hiker", "hiking boots"), ("the Meridian Max Runner", "running shoes"),
    ("a runner for the road", "running shoes"), ("hiker boots", "hiking boots"),
])
def test_a_hiker_or_a_runner_is_a_person_to_buy_for(text, category):
    vocab = Vocabulary(categories=("hiking boots", "running shoes"),
                       category_terms={"hiker": "hiking boots", "runner": "running shoes",
                                       "boots": "hiking boots"})
    assert extract_slots(text, vocab).get("category") == category


@pytest.mark.parametrize("text, more, similar", [
    ("show me more", True, False),
    ("any others?", True, False),
    ("something else?", True, False),
    ("what else do you have?", True, False),
    ("show me more tents", False, False),      # names what: a search
    ("the other one", False, False),           # points at a shown product
    ("no more questions", False, False),
    ("more like the second one", False, True),
    ("anything similar to the first?", False, True),
    ("show me similar ones", False, True),
    ("got anything similar?", False, True),
    ("similar colours?", False, False),
    ("is there a cheaper alternative that's similar?", False, True),
    ("any alternatives?", False, True), ("a similar price?", False, False),
    ("any waterproof alternative?", False, True),  # a search for waterproof things
    ("is there a women's version?", False, True), ("a lighter model?", False, True),
    ("which model of the first one?", False, False),
])
def test_more_of_the_same_and_more_like_one(text, more, similar):
    assert more_results(text) is more and wants_similar(text) is similar


@pytest.mark.parametrize("text, needs", [
    ("I need a tent and a sleeping bag", [("I need a tent", "tents"),
                                          ("a sleeping bag", "sleeping bags")]),
    ("hiking boots, socks and a tent please",
     [("hiking boots", "hiking boots"), ("socks", "socks"), ("a tent please", "tents")]),
    # what a part says after a comma is of that part's kind (the weight was dropped)
    ("a tent for two that's light, ideally under 2 kg, and a sleeping bag for -5. Do you "
     "ship to Norway?", [("a tent for two that's light, ideally under 2 kg", "tents"),
                         ("a sleeping bag for -5.", "sleeping bags")]),
    # a thing of its own is no part of the kind before it
    ("a tent, a sleeping bag and a hammock", [("a tent", "tents"),
                                              ("a sleeping bag", "sleeping bags")]),
    ("a tent plus a tent footprint", None),  # one kind twice
    ("a sleeping bag with a hood and a zip", None),  # one kind, several features
    ("trail running shoes", None),
])
def test_a_message_that_asks_for_several_kinds(text, needs):
    vocab = Vocabulary(categories=("tents", "sleeping bags", "hiking boots", "socks",
                                   "trail shoes", "running shoes"))
    assert extract_slots(text, vocab).get("needs") == needs


@pytest.mark.parametrize("text", ["tent less than 1.5 kilos", "under 2 kg", "over 300 lm"])
def test_a_weight_or_a_brightness_is_no_price(text):
    assert extract_price(text) == {}


@pytest.mark.parametrize("text, past, ref", [
    ("the 7th one", 7, None), ("the sixth", 6, None), ("option 12", 12, None),
    ("the fifth one", None, "5"), ("number 3", None, "3"), ("the last one", None, "5"),
    ("the fifth time I ask", None, None), ("order #10042", None, None),
    ("#4 please", None, "4"), ("#9", 9, None),  # "#" first: how to order, before
])
def test_a_position_past_the_end_of_the_list(text, past, ref):
    shown = [{"id": str(i), "name": f"Tent {i}", "price": 10.0 * i} for i in range(1, 6)]
    assert position_beyond(text, 5) == past
    assert resolve_references(text, shown) == ([ref] if ref else [])


@pytest.mark.parametrize("text, twice", [
    ("compare the first with the first", 1), ("the last one vs the last", -1),
    ("compare number 2 and number 2", 2), ("compare the first and the second", None),
    ("the first one", None), ("compare the first with the first and the third", None),
])
def test_one_position_named_twice(text, twice):
    assert one_position_twice(text) == twice


def test_a_colour_that_picks_a_shown_product_is_not_asked_about():
    shown = [PRODUCTS[3], {**PRODUCTS[1], "colors": "red|navy"}]  # olive boot, navy jacket
    slots = extract_slots("is the blue one waterproof?", VOCAB, shown)  # blue: the navy one
    assert slots.get("product_id") == "J1" and "color" not in slots
    slots = extract_slots("is the green one in stock?", VOCAB, shown)  # olive is a green
    assert slots.get("product_id") == "B1" and "color" not in slots
    slots = extract_slots("does the second one come in blue?", VOCAB, shown)
    assert slots.get("product_id") == "J1" and slots["color"] == "blue"


def test_blue_or_black_keeps_both_colours():
    assert extract_slots("blue or black boots", VOCAB)["color"] == "blue or black"  # was: one
    assert extract_slots("black boots with blue laces", VOCAB)["color"] in ("black", "blue")


@pytest.mark.parametrize("text, asks", [
    ("what do you sell?", True),
    ("ok what do you sell then?", True),  # the bot's spiel about itself
    ("what kind of products do you have?", True),  # a search for those words
    ("what brands do you carry?", True),
    ("What's in your shop", True),
    ("what can I buy here?", True),
    ("what do you have in size 44?", False),  # a search
    ("what do you sell for kids?", False),
    ("what can I buy for my dad?", False),
    ("what do you recommend?", False),
    ("what do you do?", False),  # about the bot
])
def test_asks_range(text, asks):
    assert asks_range(text) is asks


def test_a_pack_of_socks_is_no_backpack():
    vocab = Vocabulary.from_products([*PRODUCTS, {"product_id": "P1", "name": "Pika 28 Trekking Pack",
                                                  "category": "backpacks", "price": 50.0}])
    assert extract_slots("a pack for hiking", vocab).get("category") == "backpacks"
    for text in ("how many pairs in a pack?", "is it a pack of 3?", "do you sell a 3-pack",
                 "what's the price per pack?"):
        assert "category" not in extract_slots(text, vocab), text


def test_a_number_of_a_product_name_is_no_quantity():
    vocab = Vocabulary(categories=("headlamps", "tents"), category_terms={"headlamp": "headlamps"})
    text = "I want to order 2 of the Lumen 500 Headlamp"
    # 500 headlamps came to 20000.00 EUR
    assert extract_slots(text, vocab).get("quantity") == 500  # without the names: misread
    assert extract_slots(text, vocab, names=["Lumen 500 Headlamp"])["quantity"] == 2
    assert without_name_numbers("3 Nightjar 2 Dome Tents", ["Nightjar 2 Dome Tent"]) == (
        "3 Nightjar  Dome Tents")  # the count before the name stays
    assert without_name_numbers("the Dormant -5 please", ["Dormant -5 Synthetic Sleeping Bag"]) \
        == "the Dormant  please"
    assert without_name_numbers("2 tents", []) == "2 tents"


def test_every_order_number_said():
    from core.slots import extract_order_ids

    assert extract_order_ids("I have two orders, 10042 and 10057") == ["10042", "10057"]
    assert extract_order_ids("order #A-10042 and 10057") == ["A-10042", "10057"]
    assert extract_order_ids("10042, I mean 10042") == ["10042"]
    assert extract_order_ids("boots under 20000 euros") == []


@pytest.mark.parametrize("text, step", [
    ("one size bigger?", 1), ("and a size down?", -1), ("do you have a bigger size?", 1),
    ("the next size up", 1), ("a smaller size please", -1), ("one more size up?", 1),
    ("bigger ones?", None), ("what size is it?", None), ("a size 44", None),
])
def test_a_step_of_size(text, step):
    # "one size bigger?" of boots in 44 ranked them by litres
    assert size_step(text) == step


@pytest.mark.parametrize("text, taken_in", [
    ("ok", True), ("ok fine", True), ("Alright then.", True), ("got it 👍", True),
    ("oh ok, makes sense", True), ("fine, whatever", True), ("cool", True),
    ("hmm", False),                 # hesitation, not an answer taken in
    ("ok the second one", False), ("ok thanks", False),  # thanks: its own reply
    ("ok what about boots?", False), ("ok I'll take it", False), ("good for winter?", False),
])
def test_an_answer_taken_in(text, taken_in):
    # the bot's spiel about itself came back ("I'm the shop's assistant — a bot")
    assert acknowledges(text) is taken_in


@pytest.mark.parametrize("text, well", [
    ("my tent arrived without any problems, thanks", True), ("it arrived without any problems", True),
    ("the parcel came today, all good", True), ("got here safe and sound", True),
    ("received my boots in perfect condition", True), ("it was delivered on time, cheers", True),
    # a fault, a question, a "but" after it: not good news alone
    ("my tent arrived without poles", False), ("it arrived fine but the zip is broken", False),
    ("it arrived on time but it's the wrong size", False), ("did it arrive safely?", False),
    ("will it arrive on time?", False), ("it never arrived", False), ("it came fine, how do I return it", False),
    ("the jacket fits fine", False), ("it hasn't arrived on time", False),
])
def test_a_delivery_that_went_well(text, well):
    # "my tent arrived without any problems, thanks" asked for an order number
    assert arrived_well(text) is well


@pytest.mark.parametrize("text, meant", [
    ("has it got a porch?", "does it have a porch?"),  # it asked for an order number
    ("have they got hip belts?", "do they have hip belts?"),
    ("Has the first one got a hood?", "does the first one have a hood?"),
    ("has it got lost?", "has it got lost?"),          # an order's
    ("has it got here yet?", "has it got here yet?"),
])
def test_has_it_got_is_does_it_have(text, meant):
    assert has_got(text) == meant


@pytest.mark.parametrize("text, meant", [
    ("can I get notifications on it?", "does it show notifications?"),  # an order number
    ("so can I play music on them?", "do they play music?"),
    ("can I see my heart rate on it", "does it show my heart rate?"),
    ("can I get it by friday?", "can I get it by friday?"),  # a delivery
    ("can I get a discount on it?", "can I get a discount on it?"),  # a deal
    # a search for travel products listed a GPS watch among them
    ("would it work for travel?", "is it good for travel?"),
    ("and would they work for a festival?", "and are they good for a festival?"),
    ("will it work in cold weather", "is it good in cold weather?"),
    ("does it work on iphone?", "does it work on iphone?"),  # what it works with
    ("would it work for me?", "would it work for me?"),
])
def test_a_use_of_it_is_what_it_does(text, meant):
    assert on_it(text) == meant


@pytest.mark.parametrize("size, step, other", [
    ("44", 1, "45"), ("44", -1, "43"), ("42.5", 1, "43.5"), ("M", 1, "L"), ("S", -1, "XS"),
    ("XXXL", 1, None), ("Long", 1, None), ("43-46", 1, None),
])
def test_the_next_size(size, step, other):
    assert next_size(size, step) == other


@pytest.mark.parametrize("text,count", [
    ("top 3 tents", 3), ("the 2 cheapest rain jackets", 2), ("show me the three lightest tents", 3),
    ("best 2 headlamps?", 2), ("tents", None), ("2 person tents", None), ("two tents please", None),
    ("top 12 tents", None),  # more than a page holds: a page, and "show me more"
])
def test_shown_count_is_how_many_to_show(text, count):
    assert shown_count(text) == count


@pytest.mark.parametrize("text,said", [
    ("I usually wear 43 in Salomon", "I usually wear 43"), ("I'm a 9 in UK", "I'm a UK 9"),
    ("I'm a 43 in black", "I'm a 43 in black"), ("I'm a 43 in Torvik", "I'm a 43 in Torvik"),
    ("I'm a 43 in EU", "I'm a 43 in EU"), ("size 43", "size 43"),
])
def test_a_size_worn_in_another_brand_is_the_size(text, said):
    assert worn_size(text, lambda: ["Torvik", "black"]) == said
