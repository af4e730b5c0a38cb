"""Filters on product attributes (who a product is for, how many a tent sleeps): the slot,
and the same rule in SQL, in the in-memory mirror and on a live product row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from core import attribute_filters
from core.catalog import COLUMNS, Catalog, filter_sql
from core.embeddings import shared_embedder
from core.model_understander import vocabulary_from
from core.retrieval import HybridSearch, product_passes
from core.followups import refines
from core.slots import Vocabulary, extract_slots
from core.store import Store

KNOWN = {"gender": ["men", "unisex", "women"], "persons": ["1", "2", "3"],
         "comfort_temp_c": ["-10", "-5", "10"], "capacity_l": ["22", "40", "55"],
         "lumens": ["200", "500"], "weight_g": ["900", "1500"],
         "season": ["winter", "3-season", "summer", "all-season", "autumn-winter"],
         "waterproof": ["no", "yes"]}
ROWS = [  # id, name, category, price, attributes
    ("T1", "Solo Ridge Tent", "tents", "150.00", "persons=1; weight_g=900"),
    ("T2", "Twin Peak Tent", "tents", "220.00", "persons=2; weight_g=1500"),
    ("T3", "Duo Dome Tent", "tents", "180.00", "persons=2; weight_g=1900"),
    ("T4", "Family Base Tent", "tents", "390.00", "persons=3; weight_g=3400"),
    ("J1", "Squall Rain Jacket", "rain jackets", "120.00", "gender=women"),
    ("J2", "Gale Rain Jacket", "rain jackets", "130.00", "gender=men"),
    ("J3", "Drift Rain Jacket", "rain jackets", "110.00", "gender=unisex"),
    ("J4", "Mist Rain Jacket", "rain jackets", "90.00", ""),
    ("S1", "Polar -10 Sleeping Bag", "sleeping bags", "300.00",
     "comfort_temp_c=-10; season=winter"),
    ("S2", "Frost -5 Sleeping Bag", "sleeping bags", "200.00",
     "comfort_temp_c=-5; season=3-season; insulation=down 700 fill"),
    ("S3", "Summer 10 Sleeping Bag", "sleeping bags", "80.00", "comfort_temp_c=10; season=summer"),
    ("S4", "Liner Sleeping Bag", "sleeping bags", "30.00", "comfort_temp_c=n/a; season=all-season"),
    ("S5", "Odd Sleeping Bag", "sleeping bags", "40.00",
     "comfort_temp_c=--5; season=autumn-winter"),
    ("B1", "Day 22 Pack", "backpacks", "60.00", "capacity_l=22"),
    ("B2", "Trek 40 Pack", "backpacks", "120.00", "capacity_l=40"),
    ("B3", "Trek 55 Pack", "backpacks", "160.00", "capacity_l=55"),
    ("H1", "Glow 200 Headlamp", "headlamps", "25.00", "lumens=200"),
    ("H2", "Beam 500 Headlamp", "headlamps", "40.00", "lumens=500"),
    ("H3", "Plain Headlamp", "headlamps", "20.00", "lumens=n/a"),
    ("K1", "Crag Leather Boot", "hiking boots", "150.00",
     "material=synthetic mesh; waterproof=yes"),
    ("K2", "Fell Boot", "hiking boots", "120.00", "material=full-grain/nubuck; waterproof=no"),
    ("K3", "Downhill Boot", "hiking boots", "100.00",
     "material=polyester (recycled); waterproof=yes"),
    ("K4", "Quill Boot", "hiking boots", "90.00", "material=goose down"),
]


@pytest.mark.parametrize("text, expected", [
    ("I need a tent for 2 people", {"persons": "2"}),
    ("2-person tent", {"persons": "2"}),
    ("a tent that sleeps three", {"persons": "3"}),
    ("2 man tent", {"persons": "2"}),            # people, not a gender
    ("tent for 2 men", {"persons": "2"}),
    ("solo tent", {"persons": "1"}),
    ("tents for 2", {"persons": "2"}),           # was no filter: 1-person tents listed
    ("a tent for two please", {"persons": "2"}),
    ("a tent for 20 euros", {}),                 # a price
    ("socks for 2", {}),                         # only a shelter's number is its people
    ("one for 2", {"persons": "2"}),             # after tents (was: how to order)
    ("something for three?", {"persons": "3"}),
    ("one for 20", {}),                          # a price, not 20 people
    ("one for 5 euros", {}),
    ("rain jacket women size M", {"gender": "women"}),
    ("women's rain jacket", {"gender": "women"}),
    ("mens hiking boots", {"gender": "men"}),
    # a girl or a boy is a child, whom no women's or men's size is made for ("anything for a
    # girl?" after a gift for a 10 year old listed women's products)
    ("anything for a girl?", {}), ("boys hiking boots", {}),
    ("something for my wife under 80", {"gender": "women"}),
    ("a 2p tent for my husband", {"persons": "2", "gender": "men"}),
    ("boots for men and women", {}),             # both: no filter
    ("order 10004 for two", {}),
    ("cookware for two", {"persons": "2"}),      # a head count, said unlisted for cookware
    ("a sleeping bag for two?", {"persons": "2"}),
    ("a stove for three please", {"persons": "3"}),
    ("a tent for two nights", {}), ("tents for 3 days", {}),  # how long, not how many
    # a floor of people ("more than 2 people" listed the 2-person tents): more is one more
    ("a tent for more than 2 people", {"persons": ">=3"}),
    ("a tent bigger than 2 person", {"persons": ">=3"}),
    ("tents for at least four people", {"persons": ">=4"}),
    ("a 3+ person tent", {"persons": ">=3"}), ("3 or more people", {"persons": ">=3"}),
    ("more than 2 tents", {}),                   # a quantity of tents, not of people
    ("tents 🏕️ for 2 under 300 €", {"persons": "2"}),  # an emoji is no word between
    # a party counted (the words were searched: "no listing mentions kids", solo tents)
    ("a tent for me and my two kids", {"persons": "3"}),
    ("my wife and I need a tent", {"persons": "2"}),
    ("tent for me, my wife and our 3 kids", {"persons": "5"}),
    ("a tent for me and my kids", {"persons": ">=3"}),
    ("the four of us go camping", {"persons": "4"}),
    ("jackets for me and my wife", {}),          # nothing that sleeps people
    ("a bag for -5°C", {"comfort_temp_c": "-5"}),      # the degree sign stays
    ("I'm looking for two things", {}), ("how much for two?", {}),  # a quantity
    ("what's the price for two?", {}),
    ("menu", {}),
    ("", {}),
    ("got any sleeping bags for -10?", {"comfort_temp_c": "-10"}),
    ("a bag rated to minus 5 degrees", {"comfort_temp_c": "-5"}),
    ("warm enough for 0 °C", {"comfort_temp_c": "0"}),
    # "warmer than -5" listed the -5 °C bags; "below 0" filtered on nothing (a bare 0)
    ("sleeping bags warmer than -5", {"comfort_temp_c": "-6"}),
    ("a bag rated below -10 °C", {"comfort_temp_c": "-11"}),
    ("sleeping bags rated below 0", {"comfort_temp_c": "-1"}),
    ("a sleeping bag for sub-zero nights", {"comfort_temp_c": "-1"}),
    ("sleeping bags below 50", {}),            # a price
    ("socks in 43-46 for 10 euros", {}),       # a size range and a price, no temperature
    ("-10% on sleeping bags?", {}),            # a discount
    ("backpacks around 50 litres", {"capacity_l": "50"}),
    ("a 20l daypack", {"capacity_l": "20"}),
    ("a 0,75 liter bottle", {"capacity_l": "0.75"}),
    # a bound said is kept ("over 30 litres" passed the 25 litre packs, as "about 30")
    ("backpacks over 30 litres", {"capacity_l": ">=30"}),
    ("a pack of at least 40 l", {"capacity_l": ">=40"}),
    ("a daypack under 25 litres", {"capacity_l": "<=25"}),
    ("the 2.5L shell jacket", {}),             # a jacket's layers, not litres
    ("headlamp with at least 300 lumens", {"lumens": "300"}),
    ("300+ lumens please", {"lumens": "300"}),
    ("a 600 lm head torch", {"lumens": "600"}),
    ("a tent under 2 kg", {"weight_g": "2000"}),
    ("sleeping bag less than 1.5 kilos", {"weight_g": "1500"}),
    ("lighter than 900 g", {"weight_g": "900"}),
    ("a 2 kg tent", {}),                       # no bound: which way?
    ("a tent under 200 euros", {}),            # a price
    ("hiking boots that aren't leather", {"without": "leather"}),
    ("non-leather boots", {"without": "leather"}),
    ("a sleeping bag without down", {"without": "down"}),
    ("no wool please", {"without": "wool"}),
    ("a jacket not made of synthetic", {"without": "synthetic"}),
    ("leather-free shoes", {"without": "leather"}),
    ("anything but merino", {"without": "merino"}),
    # a material asked for: kept to it ("down sleeping bag under 1 kg" listed synthetic
    # bags among the down ones, "a 3 season down sleeping bag" only synthetic ones)
    ("leather boots", {"made_of": "leather"}),
    ("a 3 season down sleeping bag under 1 kg",
     {"made_of": "down", "season": "3-season", "weight_g": "1000"}),
    ("merino socks under 20", {"made_of": "merino"}),
    ("merino wool socks", {"made_of": "merino"}),  # one material, said two ways
    ("do you have merino socks?", {"made_of": "merino"}),
    # asked of those shown, no narrower search ("which ones are merino?" after socks)
    ("which ones are merino?", {}), ("are they made of leather?", {}), ("is it wool?", {}),
    ("a jacket made of down", {"made_of": "down"}),
    ("down or synthetic?", {}), ("merino or synthetic socks", {}),  # set against each other
    ("it packs down small", {}), ("a fleece jacket", {}), ("down to 100 euros", {}),
    ("what's the carbon footprint?", {}),
    # a part made of it, not the product ("running shoes made of carbon": nothing matched)
    ("running shoes with a carbon plate", {}), ("a backpack with an aluminium frame", {}),
    ("poles with cork grips", {}), ("carbon poles", {"made_of": "carbon"}),
    ("is it not too warm?", {}),               # no material
    ("not downhill", {}),
    ("a sleeping bag for summer camping", {"season": "summer"}),
    ("winter jackets", {"season": "winter"}),
    ("a 3-season tent", {"season": "3-season"}),
    ("four season tent", {"season": "all-season"}),
    ("something to wear in the fall", {"season": "autumn"}),
    ("the Spring Trail Water Bottle", {}),      # a name's word ("spring" is no filter)
    ("where can I fall back to", {}),
    # a month is its season (the northern hemisphere's); "may" only as a month after "in"…
    ("a sleeping bag for december", {"season": "winter"}),
    ("something for a trip in late July", {"season": "summer"}),
    ("a tent for may", {"season": "spring"}),
    ("may I see the tents?", {}),
    ("waterproof trail shoes for women", {"waterproof": "yes", "gender": "women"}),
    ("only waterproof ones", {"waterproof": "yes"}),
    ("boots, they don't need to be waterproof", {}),
    ("non-waterproof boots", {}),
    ("not waterproof", {}),
    ("what's its waterproof rating?", {}),
    ("which ones are waterproof?", {}),  # a question of those shown, no search
    ("which is waterproof?", {}),
    ("any alternative that is waterproof?", {"waterproof": "yes"}),  # was none
    ("one that isn't waterproof", {}),
    ("and waterproof?", {}),
    ("waterproof please", {"waterproof": "yes"}),  # after boots in 45: every kind searched
    # one of the things listed, after a comma or "must be" (boots listed that were not)
    ("i need boots, waterproof, size 43", {"waterproof": "yes"}),
    ("a tent, must be waterproof", {"waterproof": "yes"}),
    ("boots, not waterproof", {}), ("is it light and waterproof?", {}),
    ("do you have rain pants?", {"waterproof": "yes"}),  # trousers of every kind listed
    ("rain trousers for women", {"waterproof": "yes", "gender": "women"}),
    ("is it good in the rain?", {}),
])
def test_extract(text, expected):
    assert attribute_filters.extract(text, KNOWN) == expected


def test_a_catalogue_without_the_attribute_gets_no_filter():
    assert attribute_filters.extract("women's tent for 2 people", {}) == {}
    # the catalogue's own spelling of the value is the one used
    assert attribute_filters.extract("ladies jacket", {"gender": ["Female", "Male"]}) == {
        "gender": "female"}


def test_rules_and_words():
    assert attribute_filters.allowed("gender", "Women") == ("women", "unisex")
    assert attribute_filters.allowed("persons", 2) == ("2",)
    assert attribute_filters.passes({"gender": "unisex"}, "gender", "men")
    assert attribute_filters.gap("persons", "4", "6") == 2 and attribute_filters.gap("persons", "6", 6) == 0
    assert attribute_filters.gap("gender", "men", "women") == 1
    assert not attribute_filters.passes({}, "gender", "men")
    assert attribute_filters.describe({"gender": "female", "persons": "1"}) == [
        "for women", "for 1 person"]
    assert attribute_filters.describe({"persons": ">=2"}) == ["for at least 2 people"]
    assert attribute_filters.allowed("persons", ">=19") == ("19", "20")
    assert attribute_filters.gap("persons", "2", ">=4") == 2
    # a comfort temperature is a limit: colder-rated bags pass, the nearest warmer miss least
    assert attribute_filters.passes({"comfort_temp_c": -10}, "comfort_temp_c", "-5")
    assert not attribute_filters.passes({"comfort_temp_c": "10"}, "comfort_temp_c", "-5")
    assert not attribute_filters.passes({}, "comfort_temp_c", "-5")
    assert attribute_filters.gap("comfort_temp_c", "-5", "-10") == 5
    assert attribute_filters.describe({"comfort_temp_c": "-10"}) == [
        "comfort temperature -10 °C or lower"]
    # a capacity is approximate: within a fifth either way, the nearest miss least
    assert attribute_filters.passes({"capacity_l": "55"}, "capacity_l", "50")
    assert not attribute_filters.passes({"capacity_l": "32"}, "capacity_l", "50")
    assert attribute_filters.gap("capacity_l", "32", "50") == 18
    assert attribute_filters.describe({"capacity_l": "50"}) == ["about 50 litres"]
    # ... unless a bound is said: from it, or up to it
    assert attribute_filters.passes({"capacity_l": "65"}, "capacity_l", ">=30")
    assert not attribute_filters.passes({"capacity_l": "25"}, "capacity_l", ">=30")
    assert attribute_filters.passes({"capacity_l": "20"}, "capacity_l", "<=25")
    assert not attribute_filters.passes({"capacity_l": "32"}, "capacity_l", "<=25")
    assert attribute_filters.gap("capacity_l", "25", ">=30") == 5
    assert attribute_filters.describe({"capacity_l": ">=30"}) == ["at least 30 litres"]
    assert attribute_filters.describe({"capacity_l": "<=25"}) == ["at most 25 litres"]
    # lumens are a floor (a missing value passes nothing), a weight a limit
    assert attribute_filters.passes({"lumens": "500"}, "lumens", "300")
    assert not attribute_filters.passes({"lumens": "200"}, "lumens", "300")
    assert not attribute_filters.passes({}, "lumens", "300")
    assert attribute_filters.gap("lumens", "200", "300") == 100
    assert attribute_filters.passes({"weight_g": "900"}, "weight_g", "1000")
    assert attribute_filters.describe({"lumens": "300", "weight_g": "1500"}) == [
        "at least 300 lumens", "at most 1.5 kg"]
    assert attribute_filters.describe({"weight_g": "800"}) == ["at most 800 g"]
    assert attribute_filters.describe({"without": "leather"}) == ["made without leather"]
    with pytest.raises(ValueError):
        attribute_filters.sql("price; DROP TABLE products", "1")


def test_slots_and_a_follow_up_that_narrows_by_gender():
    vocab = vocabulary_from(KNOWN | {"category": ["rain jackets", "tents"]})
    assert extract_slots("women's rain jacket under 150", vocab) == {
        "category": "rain jackets", "gender": "women", "max_price": 150}
    assert refines("what about men's?", extract_slots("what about men's?", vocab))
    assert refines("only the ones for 3 people", extract_slots("only the ones for 3 people", vocab))
    assert not refines("men's tents", extract_slots("men's tents", vocab))  # a new search
    assert refines("any that aren't leather?", extract_slots("any that aren't leather?", vocab))


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attrs")
    path = tmp / "catalog.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for pid, name, category, price, attributes in ROWS:
            w.writerow([pid, name, "Acme", category, price, "EUR", 5, "", "green", attributes,
                        f"{name}: a good {category[:-1]}.", ""])
    catalog = Catalog(Store(tmp / "shop.db"))
    catalog.import_file(path)
    embedder = shared_embedder()
    embedder.load()
    return HybridSearch.attach(catalog, embedder)


@pytest.mark.parametrize("filters, ids", [
    ({"persons": "2"}, {"T2", "T3"}),
    ({"persons": 1}, {"T1"}),
    ({"persons": "5"}, set()),
    # a rain jacket that lists no gender (J4) is not one for women; a kind that never
    # lists one is for anyone ("a gift for my dad" had lost every tent and head torch)
    ({"gender": "women", "category": "rain jackets"}, {"J1", "J3"}),
    ({"gender": "men", "max_price": 125, "category": "rain jackets"}, {"J3"}),
    ({"gender": "men", "max_price": 100, "category": "rain jackets"}, set()),
    ({"gender": "men", "category": "rain jackets"}, {"J2", "J3"}),
    ({"gender": "unisex", "category": "rain jackets"}, {"J3"}),
    ({"gender": "men", "max_price": 100}, {"S3", "S4", "S5", "B1", "H1", "H2", "H3", "K3", "K4"}),
    ({"gender": "women", "category": "tents"}, {"T1", "T2", "T3", "T4"}),
    ({"comfort_temp_c": "-5"}, {"S1", "S2"}),   # "n/a" and a missing value pass nothing
    ({"comfort_temp_c": "10", "max_price": 250}, {"S2", "S3"}),
    ({"comfort_temp_c": "-20"}, set()),
    ({"capacity_l": "50"}, {"B2", "B3"}),       # about: 40 to 60 litres
    ({"capacity_l": "25", "max_price": 100}, {"B1"}),
    ({"capacity_l": "100"}, set()),
    ({"capacity_l": ">=30"}, {"B2", "B3"}),     # a floor said: 22 is out
    ({"persons": ">=2"}, {"T2", "T3", "T4"}),   # at least 2 people: the solo tent is out
    ({"capacity_l": "<=40"}, {"B1", "B2"}),
    ({"lumens": "300"}, {"H2"}),                # a floor; "n/a" passes nothing
    ({"lumens": "100", "max_price": 30}, {"H1"}),
    ({"weight_g": "1500"}, {"T1", "T2"}),       # a limit
    # a material, in the name or the listed material, whole words: nubuck is leather,
    # "downhill" is not down
    ({"without": "leather", "category": "hiking boots"}, {"K3", "K4"}),
    ({"without": "down", "category": "hiking boots"}, {"K1", "K2", "K3"}),
    # filled with down, of any shell ("jackets without down" listed five down puffers)
    ({"without": "down", "category": "sleeping bags"}, {"S1", "S3", "S4", "S5"}),
    ({"without": "synthetic", "max_price": 130}, {"K2", "K4", "J1", "J2", "J3", "J4", "S3",
                                                  "S4", "S5", "B1", "B2", "H1", "H2", "H3"}),
    # a season passes the listed seasons that cover it ("3-season": spring to autumn), and
    # products that list none (a tent for "3-season tent")
    ({"season": "summer", "category": "sleeping bags"}, {"S2", "S3", "S4"}),
    ({"season": "winter", "category": "sleeping bags"}, {"S1", "S4", "S5"}),
    ({"season": "autumn", "max_price": 100, "category": "sleeping bags"}, {"S4", "S5"}),
    ({"season": "3-season", "category": "sleeping bags"}, {"S2", "S4"}),
    ({"season": "summer", "category": "tents"}, {"T1", "T2", "T3", "T4"}),
    # waterproof: the products that say yes, not those that say no or nothing
    ({"waterproof": "yes"}, {"K1", "K3"}),
    ({"waterproof": "yes", "max_price": 120}, {"K3"}),
])
def test_sql_mirror_and_live_row_agree(shop, filters, ids):
    where, args = filter_sql(filters)
    by_sql = {r[0] for r in shop.catalog.db.execute(
        f"SELECT p.id FROM products p WHERE {where}", args)}
    mirror = shop.index.mirror()
    by_mask = {mirror.ids[i] for i in mirror.mask(filters).nonzero()[0]}
    listed_by = shop.catalog.vocabulary()["listed_by"]
    live = {pid for pid, *_ in ROWS if product_passes(shop.catalog.get(pid), filters, listed_by)}
    assert by_sql == by_mask == live == ids


def test_search_keeps_to_the_filter_and_flags_what_the_nearest_miss(shop):
    hits = shop.search("tent", {"persons": "2"}, 5)
    assert {h.product["id"] for h in hits} == {"T2", "T3"}
    assert shop.search("tent", {"persons": "6"}, 5) == []
    alternatives = shop.alternatives("tent", {"persons": "6"}, 4)
    assert alternatives and all(h.product["unmet_filters"] == ["persons"] for h in alternatives)
    # nearest head count first: the 3-person tent, then the 2-person ones, the solo tent last
    assert [h.product["id"] for h in alternatives][0] == "T4"
    assert [h.product["id"] for h in alternatives][-1] == "T1"
    assert {h.product["id"] for h in shop.search("rain jacket", {"gender": "women"}, 5)} == {
        "J1", "J3"}
    assert shop.catalog.vocabulary()["persons"] == ["1", "2", "3"]
    assert shop.catalog.vocabulary()["gender"] == ["men", "unisex", "women"]
    # "sleeping bag for -10": not the summer bag whose name holds "10"
    assert [h.product["id"] for h in shop.search("sleeping bag 10", {"comfort_temp_c": "-10"}, 5)] == ["S1"]
    warmest = shop.alternatives("sleeping bag", {"comfort_temp_c": "-20"}, 3)
    assert [h.product["id"] for h in warmest][:2] == ["S1", "S2"]  # nearest rating first


def test_the_demo_catalogue_states_both_attributes():
    path = Path(__file__).resolve().parents[2] / "data" / "catalog.csv"
    with path.open(newline="") as f:
        vocab = Vocabulary.from_products(csv.DictReader(f))
    assert set(vocab.attributes["gender"]) == {"men", "unisex", "women"}
    assert {"1", "2"} <= set(vocab.attributes["persons"])
    assert "-10" in vocab.attributes["comfort_temp_c"]
