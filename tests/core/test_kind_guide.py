"""How to choose among a kind: what the listings of that kind differ in, nothing else."""

from __future__ import annotations

import pytest

from core.kind_guide import (asks_how_to_choose, asks_kit, fits, guide, kinds_compared,
                             kinds_made_of, kinds_versus, kit_kinds, needed_key, needed_note)

BAGS = [
    {"price": 84.9, "currency": "EUR", "sizes": ["Regular", "Long"],
     "attributes": {"comfort_temp_c": "-5", "weight_g": "1155", "material": "synthetic fill",
                    "warranty_years": "2"}},
    {"price": 267.0, "currency": "EUR", "sizes": ["Regular"],
     "attributes": {"comfort_temp_c": "-10", "weight_g": "875", "material": "goose down",
                    "warranty_years": "2"}},
    {"price": 101.0, "currency": "EUR", "sizes": ["Regular"],
     "attributes": {"comfort_temp_c": "5", "weight_g": "875", "material": "goose down",
                    "warranty_years": "3"}},
]


@pytest.mark.parametrize("text, asks", [
    ("how do I choose a sleeping bag?", True), ("what should I look for in a tent?", True),
    ("help me pick a headlamp", True), ("how do I clean it?", False),
    ("which tent is lightest?", False)])
def test_asks_how_to_choose(text, asks):
    assert asks_how_to_choose(text) is asks


def test_the_guide_gives_the_ranges_the_listings_state_and_what_to_ask():
    assert guide(BAGS, "sleeping bags") == (
        "Our 3 sleeping bags differ in price (84.90 to 267.00 EUR), comfort temperature (-10 "
        "to 5 °C), weight (875 to 1155 g), material (synthetic fill or goose down) and size "
        "(Regular or Long). Tell me how cold it will get, a weight to stay under and your "
        "budget, and I'll narrow them down.")  # the warranty is no reason to choose
    assert guide([], "kayaks") == "I have no kayaks to choose among."


@pytest.mark.parametrize("text, materials", [
    ("what's the difference between down and synthetic sleeping bags?", ["down", "synthetic"]),
    ("leather vs synthetic boots?", ["leather", "synthetic"]),
    ("down sleeping bags", []),  # no comparison
    ("is down better?", []),  # one material
    ("down or synthetic?", ["down", "synthetic"]),  # (of bags listed: "which one do you mean?")
    ("down or synthetic, which is warmer?", ["down", "synthetic"]),
    ("a down or synthetic sleeping bag under 200", []),  # either: a search
    # asked which to choose (five bags, as if they were the answer)
    ("down or synthetic jacket?", ["down", "synthetic"]),
    ("should I get a down or synthetic sleeping bag?", ["down", "synthetic"]),
    ("leather or synthetic boots in size 44", []),  # either: a search
])
def test_materials_compared(text, materials):
    from core.kind_guide import materials_compared

    assert materials_compared(text) == materials


def test_each_material_of_the_kind_side_by_side():
    from core.kind_guide import versus

    named = [{**b, "name": f"Bag {i}"} for i, b in enumerate(BAGS)]
    assert versus(named, "sleeping bags", ["down", "synthetic", "wool"]) == (
        "Our listings don't explain down, synthetic and wool in general, but here is how "
        "our sleeping bags of each compare:\n"
        "- down (2): 101.00 to 267.00 EUR; weight 875 g; comfort temperature -10 to 5 °C\n"
        "- synthetic (1): 84.90 EUR; weight 1155 g; comfort temperature -5 °C\n"
        "- wool: none of our sleeping bags")


@pytest.mark.parametrize("text, kinds, asks", [
    ("trail shoes vs running shoes", ["running shoes", "trail shoes"], True),
    ("should I get trail shoes or running shoes?", ["running shoes", "trail shoes"], True),
    ("which are better, tents or bivvies?", ["tents", "bivvies"], True),
    ("trail shoes and running shoes under 100", ["running shoes", "trail shoes"], False),
    ("trail shoes vs running shoes", ["trail shoes"], False),  # one kind: no choice of kinds
])
def test_kinds_compared(text, kinds, asks):
    assert kinds_compared(text, kinds) is asks


SHOES = [{"price": 82.5, "currency": "EUR", "attributes": {"weight_g": "220", "waterproof": "no"}},
         {"price": 99.0, "currency": "EUR", "attributes": {"weight_g": "260", "waterproof": "no"}}]
TRAIL = [{"price": 91.0, "currency": "EUR", "attributes": {"weight_g": "300", "waterproof": "yes"}},
         {"price": 120.0, "currency": "EUR", "attributes": {"weight_g": "330", "waterproof": "no"}}]


def test_kinds_side_by_side_give_prices_numbers_and_how_many_are_waterproof():
    assert kinds_versus([("trail shoes", TRAIL), ("running shoes", SHOES)]) == (
        "Our listings don't explain trail shoes and running shoes in general, but here is how "
        "ours compare:\n"
        "- trail shoes (2): 91.00 to 120.00 EUR; weight 300 to 330 g; waterproof: 1 of 2\n"
        "- running shoes (2): 82.50 to 99.00 EUR; weight 220 to 260 g; waterproof: none\n\n"
        "Tell me what you'll use them for and your budget, and I'll narrow them down.")
    # a kind none of whose listings gives it: not counted for any
    plain = [{"price": 10.0, "currency": "EUR", "attributes": {}}]
    assert "waterproof" not in kinds_versus([("trail shoes", TRAIL), ("socks", plain)])


def test_how_a_kind_fits_is_what_its_listings_say():
    true = {"name": "Granite XT", "description": "A boot. Runs true to size; choose half a "
                                                 "size up if you wear thick socks."}
    plain = {"name": "Col Mid", "description": "A boot for rocky trails."}
    assert fits([true, plain, plain], "hiking boots", "36 to 47") == (
        "Of our 3 hiking boots, 1 says how it fits:\n"
        "1. Granite XT: Runs true to size; choose half a size up if you wear thick socks.\n"
        "The other 2 listings don't say.\nThey come in sizes 36 to 47.")
    many = fits([true] * 10 + [plain], "hiking boots", "")
    assert many.startswith("Of our 11 hiking boots, 10 say how they fit:\n1. Granite XT")
    assert many.endswith("8. Granite XT: Runs true to size; choose half a size up if you wear "
                         "thick socks.\n… and 2 more.\nThe other listing doesn't say.")
    assert fits([plain], "hiking boots", "") == (
        "None of our 1 hiking boots listings says how its sizes fit.")
    # a kind sized by what it holds ("none of our 22 backpacks listings says how its sizes
    # fit" of "what size backpack do I need for a 3 day hike?")
    packs = [{"name": f"Pack {n}", "attributes": {"capacity_l": n}} for n in (22, 35, 55)]
    assert fits(packs, "backpacks", "") == (
        "Our 3 backpacks come in no sizes but hold 22 to 55 litres, each its own. No listing "
        "says how much a trip needs; tell me how many litres you want and I'll find those.")


@pytest.mark.parametrize("text, asks", [
    ("I want to start camping, what do I need?", True),
    ("what should I pack for a day hike?", True), ("what to bring for a run", True),
    ("a packing list for the Alps", True), ("what do you need to know?", False),
    ("do I need a tent?", False), ("which tent do I need?", False),
    # a start is a kit (it listed boots and trousers for "hiking")
    ("hi, I'm new to hiking", True), ("just getting into running, any tips?", True),
    ("first time camping next month", True), ("we are taking up hiking", True),
    ("the first time I wore them", False), ("hiking boots for a beginner", False)])
def test_asks_kit(text, asks):
    assert asks_kit(text) is asks


def test_the_kinds_of_a_kit_are_those_whose_listings_most_often_name_the_use():
    def of(kind, n, camping):
        return [{"category": kind, "name": f"{kind} {i}", "attributes": {},
                 "description": "For camping trips." if i < camping else "For the city."}
                for i in range(n)]
    products = [*of("tents", 4, 4), *of("stoves", 4, 3), *of("lamps", 4, 2),
                *of("socks", 10, 2), *of("bags", 8, 3)]
    # shares 1, 0.75, 0.5, 0.375; socks at 0.2 are under a quarter
    assert kit_kinds(products, "camping") == ["tents", "stoves", "lamps"]
    assert kit_kinds(products, "camping", most=5) == ["tents", "stoves", "lamps", "bags"]
    assert kit_kinds(products, "skiing") == []


def test_the_kinds_made_of_each_material_compared():
    jacket = {"category": "jackets", "name": "Puffer", "attributes": {"material": "duck down"}}
    tent = {"category": "tents", "name": "Dome", "attributes": {"material": "polyester"}}
    bags = [{**b, "category": "sleeping bags", "name": "Bag"} for b in BAGS]
    assert kinds_made_of([*bags, jacket, tent], ["down", "synthetic"]) == ["sleeping bags"]
    assert kinds_made_of([jacket, tent], ["down", "synthetic"]) == []


def test_a_filling_decides_down_against_synthetic_and_each_side_says_its_seasons():
    from core.kind_guide import versus

    puffer = {"name": "Hearth Jacket", "price": 200.0, "currency": "EUR", "attributes": {
        "material": "polyamide stretch", "insulation": "down 700 fill", "season": "winter"}}
    fill = {"name": "Polar Jacket", "price": 120.0, "currency": "EUR", "attributes": {
        "material": "nylon", "insulation": "synthetic", "season": "winter"}}
    shell = {"name": "Gale Jacket", "price": 90.0, "currency": "EUR", "attributes": {
        "material": "polyester", "season": "3-season"}}
    # the polyamide shell of a down puffer made it synthetic too
    assert versus([puffer, fill, shell], "jackets", ["down", "synthetic"]).splitlines()[1:] == [
        "- down (1): 200.00 EUR; season winter",
        "- synthetic (2): 90.00 to 120.00 EUR; season winter or 3-season"]


def test_a_material_none_of_the_kinds_is_made_of_brings_the_kind_most_made_of_it():
    from core.kind_guide import widened

    fleece = {"name": "Birch Fleece", "category": "fleece", "attributes": {"material": "fleece"}}
    jacket = {"name": "Ashfall Jacket", "category": "jackets",
              "attributes": {"insulation": "down 800 fill"}}
    bag = {"name": "Ember Bag", "category": "sleeping bags", "attributes": {"material": "down"}}
    products = [fleece, jacket, jacket, bag]
    assert widened(products, ["fleece"], ["fleece", "down"]) == ["fleece", "jackets"]
    assert widened(products, ["sleeping bags"], ["down"]) == ["sleeping bags"]


@pytest.mark.parametrize("text", ["is fleece or down warmer?", "what's warmer, fleece or down?"])
def test_which_of_two_materials_is_warmer_is_a_comparison(text):
    from core.kind_guide import materials_compared

    assert materials_compared(text) == ["fleece", "down"]


def test_a_season_few_of_a_kind_list_says_how_few():
    from core.kind_guide import kinds_versus

    boots = [{"price": 90.0, "currency": "EUR", "attributes": {"season": "all-season"}},
             {"price": 99.0, "currency": "EUR", "attributes": {}},
             {"price": 120.0, "currency": "EUR", "attributes": {}}]
    assert "- hiking boots (3): 90.00 to 120.00 EUR; season all-season (1 of 3 list one)\n" in \
        kinds_versus([("hiking boots", boots)])


def test_which_kind_suits_a_use_is_how_many_of_each_name_it():
    from core.kind_guide import kinds_for_use

    trail = [{"name": "Fjell Shoe", "category": "trail shoes", "description": "For day hikes."},
             {"name": "Loam Shoe", "category": "trail shoes", "description": "Fast on trails."}]
    boots = [{"name": "Col Boot", "category": "hiking boots", "description": "Rocky paths."}]
    assert kinds_for_use([("trail shoes", trail), ("hiking boots", boots)], "a day hike",
                         "hiking") == (
        "No listing says which is better for a day hike. How many listings of each name it:\n"
        "- trail shoes: 1 of 2\n- hiking boots: 0 of 1\n\n"  # its kind's name is no listing's
        "Ask me for those of one kind, for example \"trail shoes for a day hike\".")


@pytest.mark.parametrize("text, key", [
    ("how many lumens do I need for night hiking?", "lumens"),
    ("how bright a headlamp do I need?", "lumens"),
    ("how warm a sleeping bag do I need for the Alps in September?", "comfort_temp_c"),
    ("how big a backpack should I need for 3 days", "capacity_l"),
    ("how many litres do we need for a weekend?", "capacity_l"),
    ("how many tents do I need?", None), ("do I need a headlamp?", None),
])
def test_an_amount_needed_is_read_as_the_property_it_is(text, key):
    assert needed_key(text) == key


def test_an_amount_needed_is_said_unlisted_with_what_the_list_gives():
    lamps = [{"name": "A", "attributes": {"lumens": 200}},
             {"name": "B", "attributes": {"lumens": 500}}, {"name": "C", "attributes": {}}]
    assert needed_note("how many lumens do I need for night hiking?", lamps) == (
        "No listing says what brightness you need; these give 200 to 500 lumens.")
    assert needed_note("headlamps", lamps) == ""
