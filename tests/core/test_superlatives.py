"""Which shown product is the lightest / warmest / cheapest: computed from the catalogue."""

import pytest

from core.superlatives import (as_good_as, nothing_beyond, both, comparative, first_by,
                               of_the_pair, order_of, superlative, unrated)


def product(name, price, **attributes):
    return {"id": name, "name": name, "price": price, "currency": "EUR",
            "attributes": {k: str(v) for k, v in attributes.items()}}


BAGS = [product("Alpha", 180.0, weight_g=1460, comfort_temp_c=-5),
        product("Beta", 101.0, weight_g=1100, comfort_temp_c=-10),
        product("Gamma", 96.5, weight_g=1300)]


def test_the_winner_and_its_figure():
    best, answer = superlative(BAGS, "which one is the lightest?")
    assert best["name"] == "Beta" and answer == "Of these 3, the lightest is the Beta: 1100 g."
    assert superlative(BAGS, "and the heaviest?")[0]["name"] == "Alpha"
    assert superlative(BAGS, "which is the most expensive")[1].endswith("Alpha: 180.00 EUR.")
    assert superlative(BAGS, "the cheapest one?")[0]["name"] == "Gamma"


@pytest.mark.parametrize("seasons, said", [
    (("winter", "summer", "summer"), " Only the A Socks are listed for winter."),
    (("winter", "autumn-winter", "summer"), " All but the C Socks are listed for winter."),
    (("summer", "summer", "all-season"), ""),
    (("winter", "winter", "winter"), ""),  # no difference to tell
])
def test_warmest_of_socks_with_no_comfort_temperature_names_those_for_winter(seasons, said):
    # "which are warmest?" after winter socks: that none lists a comfort temperature, and
    # no more (a season the listings do give)
    socks = [product(f"{n} Socks", 20.0, season=s) for n, s in zip("ABC", seasons)]
    assert superlative(socks, "which are warmest?") == (
        None, "None of these 3 lists a comfort temperature, so I can't say which is the "
              f"warmest.{said}")


def test_warmest_is_the_lowest_comfort_temperature_among_those_that_list_it():
    best, answer = superlative(BAGS, "which is warmest")
    assert best["name"] == "Beta" and answer.startswith("Of the 2 of these that list it")
    assert "-10 °C" in answer


def test_one_product_listing_it_and_none_listing_it():
    assert superlative(BAGS, "which one is brightest?") == (  # no lumens: said, no winner
        None, "None of these 3 lists a brightness, so I can't say which is the brightest.")
    lamps = [product("Spark", 25.0, lumens=300), product("Glow", 40.0)]
    assert superlative(lamps, "the brightest?") == (lamps[0], "Only the Spark lists it: 300 lumens.")
    assert superlative(lamps[:1], "the brightest?")[1] == "The Spark is the only one shown: 300 lumens."


def test_other_questions_are_not_superlatives():
    for text in ("is it waterproof?", "does the first one come in green?", "lightweight tents",
                 "tell me about the second one"):
        assert superlative(BAGS, text) is None, text


def test_a_tie_names_every_product_sharing_the_figure():
    bags = [product("Alpha", 180.0, comfort_temp_c=-5), product("Beta", 101.0, comfort_temp_c=-5),
            product("Gamma", 96.5, comfort_temp_c=0)]
    best, answer = superlative(bags, "which one is the warmest?")
    assert best["name"] == "Alpha"
    assert answer == "Of these 3, the Alpha and the Beta are equally the warmest: -5 °C comfort temperature."
    # of two, "equally the warmest" read oddly: they are the same
    assert superlative(bags[:2], "which one is warmer?")[1] == (
        "Of these 2, the Alpha and the Beta are the same: -5 °C comfort temperature each.")
    assert superlative(bags[1:], "which is warmer?")[1] == (
        "Of these 2, the warmer is the Beta: -5 °C comfort temperature.")


def test_packing_small_is_not_capacity():
    packs = [product("Rucker", 58.0, capacity_l=22), product("Ascent", 288.0, capacity_l=55)]
    assert superlative(packs, "which is smaller?")[0]["name"] == "Rucker"
    # packed size: no listing gives it, so no winner is named (not the smallest capacity)
    assert superlative(packs, "which one packs smallest?") == (
        None, "Neither lists a packed size, so I can't say which is the one that packs "
              "smaller.")
    assert superlative(BAGS[:1], "which bag packs down the smallest") == (
        None, "The listing for the Alpha does not give a packed size.")


def test_which_holds_the_most_is_the_largest_capacity():
    bottles = [product("Brook", 54.0, capacity_l=0.5), product("Spring", 32.99, capacity_l=1.0),
               product("Cascade", 46.99, capacity_l=0.75)]
    for question in ("which holds the most?", "which one holds more?"):  # was: compare them all
        best, answer = superlative(bottles, question)
        assert best["name"] == "Spring" and answer.endswith("Spring: 1 litre.")


def test_the_biggest_tent_is_the_one_that_sleeps_the_most():
    tents = [product("Wildcamp 1", 244.95, persons=1), product("Fieldcamp 4", 349.0, persons=4),
             product("Nightjar 2", 201.0, persons=2)]
    best, answer = superlative(tents, "biggest?")  # was: "None of these 3 lists a capacity"
    # (it said "4 persons", and "1 persons")
    assert best["name"] == "Fieldcamp 4" and answer.endswith("Fieldcamp 4: 4 people.")
    best, answer = superlative(tents, "which is smallest?")
    assert best["name"] == "Wildcamp 1" and answer.endswith("Wildcamp 1: 1 person.")
    assert superlative(tents, "which sleeps the most?")[0]["name"] == "Fieldcamp 4"
    packs = [product("Ascent 55", 180.0, capacity_l=55, persons=1),
             product("Rucker 22", 80.0, capacity_l=22)]
    assert superlative(packs, "which is bigger?")[0]["name"] == "Ascent 55"  # capacity first
    bare = [product("A", 1.0), product("B", 2.0)]
    assert superlative(bare, "biggest?") == (
        None, "Neither lists a capacity, so I can't say which is larger.")


def test_among_says_which_of_those_shown_were_compared():
    assert superlative(BAGS[1:], "cheapest?", among="in green")[1] == (
        "Of the 2 in green, the cheaper is the Gamma: 96.50 EUR.")
    assert superlative(BAGS, "warmest?", among="in size L")[1].startswith(
        "Of the 2 in size L that list it, the warmer is the Beta")
    assert superlative(BAGS[:1], "lightest?", among="in red")[1] == (
        "The Alpha is the only one shown in red: 1460 g.")


@pytest.mark.parametrize("text, order", [
    ("something lighter", "weight_g:asc"), ("the heaviest boots", "weight_g:desc"),
    ("warmest jacket", "comfort_temp_c:asc"), ("brighter ones", "lumens:desc"),
    ("the longest warranty", "warranty_years:desc"), ("cheapest tents", "asc"),
    ("the most expensive", "desc"), ("waterproof boots", None),
    ("gps watch with long battery life", "battery_h:desc"),  # was no order at all
    ("a headlamp whose battery lasts long", "battery_h:desc"),
    ("long-lasting battery", "battery_h:desc"), ("a battery pack", None),
])
def test_order_of_is_the_sort_a_comparison_asks_for(text, order):
    assert order_of(text) == order


def test_lowest_drop_and_a_tie_on_a_with_phrase():
    shoes = [product("Glide", 187.0, drop_mm=6), product("Kinetic", 188.0, drop_mm=10),
             product("Cadence", 112.0, drop_mm=6), product("Loam", 167.0)]
    assert superlative(shoes, "which one has the lowest drop?")[1] == (
        "Of the 3 of these that list it, the Glide and the Cadence share the lowest drop: "
        "6 mm heel-to-toe drop.")
    assert superlative(shoes, "and the highest drop?")[0]["name"] == "Kinetic"
    assert order_of("running shoes with a low drop") == "drop_mm:asc"


@pytest.mark.parametrize("text, compares", [
    ("something lighter", True), ("anything cheaper?", True), ("less expensive ones", True),
    ("a warmer one", True), ("the lightest tents", False), ("cheapest?", False),
    ("waterproof boots", False),
])
def test_comparative_is_a_comparison_with_something(text, compares):
    assert comparative(text) is compares


def test_is_one_superlative_the_other_says_yes_or_which_each_is():
    # "is the lightest one the cheapest?" said only which one was lightest
    assert both(BAGS, "is the lightest one the cheapest?") == (
        "No — of these 3, the lightest is the Beta (1100 g); the cheapest is the Gamma "
        "(96.50 EUR).")
    assert both(BAGS, "is the most expensive also the heaviest?") == (
        "Yes — of these 3, the Alpha is both the most expensive (180.00 EUR) and the "
        "heaviest (1460 g).")
    assert both(BAGS, "which one is the lightest?") is None       # one superlative
    assert both(BAGS, "is the lightest one waterproof?") is None
    assert both(BAGS, "is the warmest the lightest?") == (
        "Yes — of these 3, the Beta is both the warmest (-10 °C comfort temperature) and the "
        "lightest (1100 g).")
    tied = BAGS + [product("Delta", 96.5, weight_g=900)]
    assert both(tied, "is the lightest the cheapest?") is None    # two cheapest: no one answer


def test_nothing_beyond_names_the_lead_of_the_list_and_any_tie():
    assert nothing_beyond(BAGS, "anything cheaper?") == (
        "I have nothing cheaper for this search: the Gamma (96.50 EUR) is the cheapest.")
    assert nothing_beyond(BAGS, "something lighter") == (
        "I have nothing lighter for this search: the Beta (1100 g) is the lightest.")
    tied = BAGS + [product("Delta", 150.0, comfort_temp_c=-10)]
    assert nothing_beyond(tied, "a warmer one?") == (
        "I have nothing warmer for this search: of the 3 that list a comfort temperature, the "
        "Beta and the Delta (-10 °C comfort temperature) are the warmest.")
    assert nothing_beyond(BAGS, "less expensive ones") == (
        "I have nothing less expensive for this search: the Gamma (96.50 EUR) is the cheapest.")
    assert nothing_beyond(BAGS, "brighter?") == "I have nothing else for this search."


def test_nothing_beyond_says_when_few_of_the_list_give_the_figure():
    # "something smaller?" after pans and one daypack: "the daypack is the smallest" misled,
    # as no pan lists a capacity
    shown = [product("Pan", 38.99), product("Pot", 30.9), product("Daypack", 57.99, capacity_l=22)]
    assert nothing_beyond(shown, "something smaller?") == (
        "I have nothing smaller for this search that lists a capacity: the Daypack (22 "
        "litres) is the only one that does.")


def test_the_best_battery_is_the_longest_running():
    watches = [product("Compass", 581.99, battery_h=20), product("Orbit", 241.95, battery_h=60)]
    assert superlative(watches, "which one has the best battery?") == (
        watches[1], "Of these 2, the longer-running is the Orbit: 60 hours of battery.")


def test_of_two_the_superlative_is_said_as_a_comparative():
    from core.superlatives import _of_two

    assert [_of_two(p) for p in ("lightest", "most expensive", "one with the longest warranty",
                                 "biggest")] == [
        "lighter", "more expensive", "one with the longer warranty", "bigger"]


def test_tied_is_every_product_as_good_as_the_best():
    from core.superlatives import tied

    bags = [{"name": n, "price": 100.0, "attributes": {"comfort_temp_c": t}}
            for n, t in (("A", "-10"), ("B", "-5"), ("C", "-10"))]
    assert tied(bags, bags[0], "the warmest one?") == [bags[0], bags[2]]
    assert tied(bags, bags[1], "the warmest one?") == [bags[1]]
    assert tied(bags, bags[0], "tell me more") == [bags[0]]  # asks by nothing


@pytest.mark.parametrize("text, named", [
    # of the two compared (it was the cheapest of the five listed before)
    ("ok I'll take the cheaper one", "ok I'll take the Col Boot"),
    ("and the cheaper one, how heavy is it?", "and the Col Boot, how heavy is it?"),
    ("is the more expensive option light?", "is the Moraine Boot light?"),
    ("ok the lighter one. in green?", "ok the Col Boot. in green?"),  # lighter things, green
    ("the heavier pair then", "the Moraine Boot then"),
    ("the warmer one", None),  # neither lists a comfort temperature
    ("which is the cheaper one?", None),     # asks which: said of the two as it was
    ("anything cheaper?", None),             # other products
    ("the first one", None), ("tell me about the cheapest", None),
])
def test_the_cheaper_one_of_two_compared(text, named):
    pair = [{"id": "a", "name": "Moraine Boot", "price": 121.99,
             "attributes": {"weight_g": "1210"}},
            {"id": "b", "name": "Col Boot", "price": "114.50", "attributes": {"weight_g": "980"}}]
    assert of_the_pair(text, pair) == named
    same = {**pair[1], "price": 121.99, "attributes": {"weight_g": "1210"}}
    assert of_the_pair(text, [pair[0], same]) is None  # the same price and weight
    assert of_the_pair(text, pair[:1]) is None


def test_the_one_named_a_pair_of_is_said_are():
    # "the lightest is the Carbon Compact Trekking Poles"
    poles = [{"name": "Carbon Compact Trekking Poles", "attributes": {"weight_g": "320"}},
             {"name": "Descent Pro Hiking Poles", "attributes": {"weight_g": "480"}},
             {"name": "Alu Pole", "attributes": {"weight_g": "500"}}]
    assert superlative(poles, "which is lightest?")[1] == (
        "Of these 3, the lightest are the Carbon Compact Trekking Poles: 320 g.")
    assert superlative(poles[1:], "which is heaviest?")[1] == (
        "Of these 2, the heavier is the Alu Pole: 500 g.")


def test_the_verdict_on_two_is_what_their_figures_favour():
    from core.superlatives import verdict

    # "which would you pick?" after the two side by side: the same two again
    slumber = product("Slumber", 101.0, weight_g=1435, comfort_temp_c=-5, warranty_years=3)
    dormant = product("Dormant", 183.0, weight_g=1460, comfort_temp_c=-5, warranty_years=2)
    ember = product("Ember", 267.0, weight_g=875, comfort_temp_c=-10, warranty_years=5)
    assert verdict([slumber, dormant]) == (
        "Going by the figures the listings give, the Slumber: it is cheaper (101.00 EUR "
        "against 183.00 EUR), is lighter (1435 g against 1460 g) and has the longer warranty "
        "(3 years against 2 years).")
    assert verdict([slumber, ember]) == (
        "It depends on what matters most to you: the Slumber is cheaper (101.00 EUR against "
        "267.00 EUR); the Ember is lighter (875 g against 1435 g), is warmer (-10 °C against "
        "-5 °C) and has the longer warranty (5 years against 3 years).")
    poles = product("Carbon Poles", 90.0, weight_g=380)
    assert verdict([product("Alu Poles", 90.0, weight_g=520), poles]) == (
        "Going by the figures the listings give, the Carbon Poles: they are lighter (380 g "
        "against 520 g).")
    assert verdict([product("A", 10.0), product("B", 10.0)]) is None  # nothing tells them apart
    # of more than two: the best at each, a tie singling none out
    assert verdict([slumber, dormant, ember]) == (
        "It depends on what matters most to you: the Slumber is the cheapest (101.00 EUR); "
        "the Ember is the lightest (875 g), is the warmest (-10 °C) and has the longest "
        "warranty (5 years).")
    assert verdict([product("Wet", 9.0, waterproof="no"), product("Dry", 9.0, waterproof="yes")]) \
        == "Going by the figures the listings give, the Dry: it is waterproof."
    assert verdict([slumber]) is None
    # what no way is better in is said too: "the solo tent is cheapest" of tents for 1 to 3
    solo, family = product("Solo", 200.0, persons=1), product("Family", 300.0, persons=3)
    assert verdict([solo, family]) == (
        "Going by the figures the listings give, the Solo: it is cheaper (200.00 EUR against "
        "300.00 EUR). They differ too in how many people they sleep, which only you can weigh.")


@pytest.mark.parametrize("sort, said", [
    ("asc", ", cheapest first"), ("desc", ", most expensive first"),
    ("weight_g:asc", ", lightest first"), ("comfort_temp_c:asc", ", warmest first"),
    ("warranty_years:desc", ", longest warranty first"), ("battery_h:desc",
                                                          ", longest-running first"),
    (None, ""), ("", ""), ("colour:asc", ""),  # no order, or none it can say
])
def test_the_order_of_a_sorted_list_in_words(sort, said):
    assert first_by(sort) == said


@pytest.mark.parametrize("text", ["what's your best tent?", "which backpack is best?",
                                  "top rated sleeping bags", "best one for me?"])
def test_best_of_a_list_says_nothing_rates_them_and_what_each_wins_on(text):
    said = unrated(text, BAGS)
    assert said.startswith("Our listings carry no ratings, so I can't say which is best. ")
    assert "the Beta is the lightest (1100 g)" in said and "the Gamma is the cheapest" in said


@pytest.mark.parametrize("text", ["best value tent?", "which is best for rain?", "cheapest tent",
                                  "your best-selling jacket", "tents"])
def test_other_asks_of_a_list_add_no_ranking_note(text):
    assert unrated(text, BAGS) == ""


def test_best_of_one_product_or_of_equals_says_what_decides():
    assert unrated("best tent", BAGS[:1]) == ""
    twins = [product("A", 10.0), product("B", 10.0)]
    assert unrated("best tent", twins).endswith(
        "which is best: it depends on what you need it for.")


def test_the_smallest_or_largest_size_of_those_shown_is_their_sizes_end():
    """"what's the smallest size?" of boots listed said none of them lists a capacity."""
    from core.superlatives import size_end

    boots = [{"name": "Col Boot", "sizes": ["37", "38", "46"]},
             {"name": "Fell Boot", "sizes": ["36", "42"]},
             {"name": "Low Shoes", "sizes": ["36", "47"]}]
    assert size_end(boots, "what's the smallest size?") == (
        boots[1], "Of these 3, the smallest size is 36: the Fell Boot and the Low Shoes come in it.")
    assert size_end(boots, "biggest size you have?")[1] == (
        "Of these 3, the largest size is 47: the Low Shoes come in it.")
    fleece = [{"name": "Birch Fleece", "sizes": ["S", "M", "XXL"]}]
    assert size_end(fleece, "max size?") == (fleece[0], "The largest size of the Birch Fleece is XXL.")
    # a sleeping bag's lengths, short to long (it fell to "none lists a capacity"); each of
    # five in Regular is "all of them"
    bags = [{"name": "Ember Bag", "sizes": ["Regular", "Long"]},
            *({"name": f"Bag {i}", "sizes": ["Regular"]} for i in range(2))]
    assert size_end(bags, "what's the largest size?") == (
        bags[0], "Of these 3, the largest size is Long: the Ember Bag comes in it.")
    assert size_end(bags, "smallest size?")[1] == (
        "Of these 3, the smallest size is Regular: all of them come in it.")
    socks = [{"name": "Sock", "sizes": ["43-46", "35-38", "39-42"]}]
    assert size_end(socks, "smallest size?")[1] == "The smallest size of the Sock is 35-38."
    odd = [{"name": "Odd Bag", "sizes": ["Wide", "Regular"]}]
    assert size_end(odd, "what's the largest size?") is None  # "Wide": no known order
    assert size_end(boots, "which is the smallest?") is None  # a size is not asked


def test_the_warmest_of_puffers_that_list_no_temperature_says_their_fillings():
    """"warmest one?" of five puffers said only that none lists a comfort temperature."""
    from core.superlatives import superlative

    jackets = [{"name": "Frostline Jacket", "attributes": {"insulation": "down 700 fill"}},
               {"name": "Ashfall Jacket", "attributes": {"insulation": "down 800 fill"}},
               {"name": "Hearth Jacket", "attributes": {"insulation": "synthetic"}},
               {"name": "Gale Jacket", "attributes": {}}]
    assert superlative(jackets, "warmest one?") == (None, (
        "None of these 4 lists a comfort temperature, so I can't say which is the warmest. "
        "Their fillings: down 800 fill (the Ashfall Jacket), down 700 fill (the Frostline "
        "Jacket) and synthetic (the Hearth Jacket)."))
    assert "fillings" not in superlative(jackets, "which is lightest?")[1]  # warmth alone


def test_as_good_as_keeps_those_no_worse_on_the_property_named():
    bags = [{"name": n, "attributes": {"comfort_temp_c": t, "capacity_l": c}}
            for n, t, c in (("A", -10, 40), ("B", -5, 30), ("C", -10, 50), ("D", 5, 60))]
    assert [p["name"] for p in as_good_as("the cheapest that's as warm?", bags, bags[0])] == \
        ["A", "C"]
    assert [p["name"] for p in as_good_as("one as large", bags, bags[0])] == ["A", "C", "D"]
    assert as_good_as("the cheapest?", bags, bags[0]) is None
    assert as_good_as("as light as possible", bags, bags[0]) is None


def test_a_tie_of_all_of_them_says_they_are_all_the_same():
    # "the A, the B, the C, the D and the E are equally the largest: 1 person"
    tents = [product(n, 200.0, persons=1) for n in "ABCDE"]
    assert superlative(tents, "and the roomiest?")[1] == (
        "Of these 5, all 5 are the same: 1 person each.")
