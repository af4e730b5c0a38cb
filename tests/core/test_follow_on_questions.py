"""Short follow-ups in a conversation with the demo shop, end to end through the memory
adapter: sizes and a person's height, a product's length, "and the first one?", "is the
Carbon Compact lighter?", a capacity asked for roughly, a follow-up of a search that found
nothing."""

import csv
import re
from pathlib import Path

import pytest

from core import attribute_answers
from core.colours import matching
from core.slots import resolve_references
from core.followups import (only_compares, orders_by, owned_only, sort_said_in, sorted_as,
                            without_owned)
from core.superlatives import than


def _attr(app, card, key):
    return app.catalog.get(card.product_id)["attributes"].get(key)


async def test_around_40_litres_lists_the_nearest_capacities_first(memory, app):
    await memory.push("backpack for a 3 day hike")
    (packs,) = await memory.push("around 40 liters")
    litres = [float(_attr(app, c, "capacity_l")) for c in packs.cards]
    # were 32, 32, 32, 40, 40 (the words' order), though three 40 litre packs exist
    assert litres == sorted(litres, key=lambda v: abs(v - 40)) and litres[:3] == [40] * 3
    assert all(32 <= v <= 48 for v in litres)
    assert "40 litres" in packs.text.splitlines()[1]  # each line says its capacity
    (more,) = await memory.push("show me more")
    far = abs(litres[-1] - 40)  # the next page goes on outwards
    assert more.cards and all(abs(float(_attr(app, c, "capacity_l")) - 40) >= far
                              for c in more.cards)
    assert not {c.product_id for c in more.cards} & {c.product_id for c in packs.cards}


async def test_a_follow_up_of_a_thing_we_do_not_sell_is_still_not_sold(memory):
    (gloves,) = await memory.push("do you have gloves?")
    assert gloves.kind == "product_unknown"
    (warm,) = await memory.push("warm ones")  # was a list of the "warmest" tees
    assert warm.kind == "product_unknown" and '"gloves"' in warm.text
    (jackets,) = await memory.push("ok what about jackets?")
    assert jackets.kind == "product_results"
    (warm,) = await memory.push("warm ones")  # a search that found some: narrowed as before
    assert warm.kind == "product_results"


@pytest.mark.parametrize("text, asked", [
    ("does it fit someone 190cm tall?", True),
    ("I'm 6'2, is it long enough?", True),
    ("I'm 1.85m, which size?", True),
    ("will it fit my husband, he is 195 cm", True),
    ("is it good for a tall person?", True),
    ("how tall is it?", False),  # the product's own height
    ("is it 190 cm long?", False),
    ("do you have tall sizes?", False),
    # "say it another way", then a person
    ("I'm 2 metres tall, will I fit?", True), ("and my wife is 1.60?", True),
    ("is it 1.60 EUR?", False), ("is it on sale at 1.99?", False),
    # a person's weight ("is M big enough for someone 85kg?" was "say it another way")
    ("is M big enough for someone 85kg?", True), ("I weigh 100 kg, which size?", True),
    ("does it hold 20 kg?", False), ("is it under 85 kg?", False),
])
def test_height_asked(text, asked):
    assert attribute_answers.height_asked(text) is asked
    assert attribute_answers.body_asked(text) == ("" if not asked else "weight" if re.search(
        r"kg\b", text) else "height")


async def test_a_persons_weight_asked_of_a_tee_says_no_listing_gives_one(memory):
    await memory.push("merino t-shirt")
    (reply,) = await memory.push("is M big enough for someone 85kg?")
    assert reply.text.startswith("None of these 5 listings says how its sizes fit or what "
                                 "weight of person they fit.")
    assert "1. Basecamp Merino Tee: XS, S, M, L, XL, XXL" in reply.text


async def test_a_persons_height_is_not_in_the_listing(memory, app):
    await memory.push("I need a sleeping bag for winter camping")
    (warmest,) = await memory.push("which is the warmest?")
    name = warmest.cards[0].title
    sizes = app.catalog.get(warmest.cards[0].product_id)["sizes"]
    (tall,) = await memory.push("does it fit someone 190cm tall?")  # was the card alone
    assert f"Our listing for the {name} does not say what height it fits. It comes in " \
           f"{sizes[0]}" in tall.text
    (size,) = await memory.push("which size should I get, I'm 190cm?")
    assert f"Our listing for the {name} does not say what height it fits." in size.text


async def test_a_height_said_in_metres_of_a_list_is_answered(memory, app):
    await memory.push("sleeping bag")
    for said in ("I'm 2 metres tall, will I fit?", "and my wife is 1.60?"):
        (tall,) = await memory.push(said)  # "say it another way", then a person
        assert tall.kind == "product_pick" and "what height they fit" in tall.text
    assert app.store.db["handoffs"].count == 0


async def test_which_size_of_a_list_is_each_ones_sizes(memory):
    (poles,) = await memory.push("trekking poles")
    n = len(poles.cards)
    (which,) = await memory.push("which size should I get?")  # was a list of boots
    assert which.kind == "product_pick"
    assert which.text.startswith(f"None of these {n} listings says how its sizes fit.\n\nSizes:\n1. ")
    (tall,) = await memory.push("I'm 1.85m, which size?")  # was a comparison of the five
    assert tall.text.startswith(f"None of these {n} listings says how its sizes fit or what "
                                f"height they fit.")
    assert len(re.findall(r"^\d\. ", tall.text, flags=re.M)) == n


async def test_boots_whose_listing_says_how_they_fit_say_so(memory, app):
    (boots,) = await memory.push("hiking boots for women")
    said = [app.catalog.get(c.product_id) for c in boots.cards]
    (which,) = await memory.push("which size should I get?")
    fits = [p for p in said if re.search(r"true to size|runs (?:small|large)",
                                          p["description"], re.I)]
    if fits:
        assert which.text.startswith("How they fit, as their listings say:\n")
    else:
        assert which.text.startswith(f"None of these {len(said)} listings says how")


async def test_how_long_are_poles_is_their_lengths_and_and_the_first_one_asks_again(memory, app):
    (poles,) = await memory.push("trekking poles")
    second = app.catalog.get(poles.cards[1].product_id)
    (long,) = await memory.push("how long is the second one?")  # was the card alone
    assert f"The {second['name']} come in {' or '.join(second['sizes'])}." in long.text
    first = app.catalog.get(poles.cards[0].product_id)
    (again,) = await memory.push("and the first one?")  # was its card
    assert again.cards[0].title == first["name"]
    assert ("does not give their dimensions" in again.text if not first["sizes"] else
            "come in" in again.text)


@pytest.mark.parametrize("again", ["and on the first?", "and for the first one?",
                                   "what about the first?"])
async def test_and_on_the_first_asks_the_warranty_again(memory, app, again):
    (lamps,) = await memory.push("show me headlamps")
    await memory.push("how long is the warranty on the second one?")
    first = app.catalog.get(lamps.cards[0].product_id)
    (reply,) = await memory.push(again)  # "and on the first?" was its card
    years = first["attributes"]["warranty_years"]
    assert reply.cards[0].title == first["name"]
    assert f"The {first['name']} comes with a {years}-year warranty." in reply.text


async def test_a_remark_before_the_question_leaves_the_question_answered(memory, app):
    (tents,) = await memory.push("I need a tent")
    first, second = (app.catalog.get(c.product_id) for c in tents.cards[:2])
    # its whole card came back, no word of a footprint
    (remark,) = await memory.push("the first one looks good. does it come with a footprint?")
    assert remark.cards[0].title == first["name"]
    assert f"our listing for the {first['name']} does not mention whether it comes with a " \
           "footprint" in remark.text
    (other,) = await memory.push("ok. and the second one?")  # was the second one's card
    assert other.cards[0].title == second["name"] and "footprint" in other.text
    (heavy,) = await memory.push("nice! great. how heavy is it?")
    assert heavy.text.splitlines()[1] == \
        f"The {second['name']} weighs {second['attributes']['weight_g']} g."


async def test_how_tall_is_a_tent_is_not_in_the_listing(memory):
    (tents,) = await memory.push("tents")
    (tall,) = await memory.push("how tall is the first one?")
    assert f"Our listing for the {tents.cards[0].title} does not give its dimensions." in tall.text


async def test_and_the_first_one_asks_the_last_question_again(memory):
    (tents,) = await memory.push("tents")
    await memory.push("how heavy is the first one?")
    (second,) = await memory.push("and the second?")
    assert re.search(rf"The {re.escape(tents.cards[1].title)} weighs \d+ g\.", second.text)
    (fourth,) = await memory.push("what about number 4?")
    assert re.search(rf"The {re.escape(tents.cards[3].title)} weighs \d+ g\.", fourth.text)


async def test_a_new_list_forgets_the_last_question(memory):
    await memory.push("tents")
    await memory.push("how heavy is the first one?")
    (socks,) = await memory.push("socks")
    (first,) = await memory.push("the first one?")
    assert "weighs" not in first.text and first.cards[0].title == socks.cards[0].title


SHOWN = [{"id": "P1", "name": "Descent Pro Hiking Poles", "category": "trekking poles"},
         {"id": "P2", "name": "Descent Compact Trail Poles", "category": "trekking poles"},
         {"id": "P3", "name": "Descent Alu Trail Poles", "category": "trekking poles"}]


@pytest.mark.parametrize("text, ids", [
    ("what about the Descent Alu?", ["P3"]),  # was all three Descents
    ("is the descent compact lighter?", ["P2"]),
    ("the descent ones", ["P1", "P2", "P3"]),
    ("how heavy are the trail poles?", ["P2", "P3"]),
    ("what's the weight of the alu", ["P3"]),
])
def test_the_most_words_of_a_name_pick_the_product(text, ids):
    assert resolve_references(text, SHOWN) == ids


LIGHT = {"name": "Carbon Compact Trekking Poles", "price": 82.0, "currency": "EUR",
         "attributes": {"weight_g": "320"}}
HEAVY = {"name": "Descent Alu Trail Poles", "price": 50.95, "currency": "EUR",
         "attributes": {"weight_g": "390"}}


def test_than_says_yes_or_no_with_both_figures():
    assert than(LIGHT, HEAVY, "is the carbon compact lighter?") == (
        "Yes — the Carbon Compact Trekking Poles (320 g) are lighter than the Descent Alu "
        "Trail Poles (390 g).")
    assert than(LIGHT, HEAVY, "are they cheaper?") == (
        "No — the Carbon Compact Trekking Poles (82.00 EUR) are not cheaper than the Descent "
        "Alu Trail Poles (50.95 EUR).")
    assert than(LIGHT, {**HEAVY, "attributes": {"weight_g": "320"}}, "is it lighter?") == (
        "No — the Carbon Compact Trekking Poles and the Descent Alu Trail Poles are the same: "
        "320 g each.")
    assert than(LIGHT, HEAVY, "is it brighter?") is None  # neither lists it
    assert than(LIGHT, HEAVY, "which is lighter?") is None  # no yes/no question
    assert than(LIGHT, HEAVY, "is it the lightest?") is None


async def test_is_the_other_one_lighter_is_of_the_one_asked_about(memory, app):
    await memory.push("trekking poles")
    (alu,) = await memory.push("how heavy is the Descent Alu?")
    (lighter,) = await memory.push("is the carbon compact lighter?")  # was its card
    assert lighter.kind == "product_pick"
    assert re.fullmatch(r"(Yes|No) — the Carbon Compact Trekking Poles \(\d+ g\) are (not )?"
                        r"lighter than the Descent Alu Trail Poles \(\d+ g\)\.", lighter.text)


async def test_how_long_is_the_warranty_after_a_product_is_its_warranty(memory, app):
    (poles,) = await memory.push("trekking poles")
    (alu,) = await memory.push("how heavy is the first one?")
    years = _attr(app, poles.cards[0], "warranty_years")
    (warranty,) = await memory.push("how long is the warranty?")  # was the shop's policy
    assert warranty.kind == "product_answer" and f"a {years}-year warranty" in warranty.text


async def test_how_long_is_the_warranty_is_the_policy_sentence_with_the_years(memory):
    (warranty,) = await memory.push("how long is the warranty?")
    # was the "up to 5 years" sentence and how to make a claim
    assert warranty.kind == "policy" and warranty.text.startswith(
        "Every product comes with a warranty of at least 2 years")


async def test_a_thing_named_by_a_short_word_we_do_not_sell(memory):
    (mat,) = await memory.push("ok, and a sleeping mat?")  # was a list of sleeping bags
    assert mat.kind == "product_unknown" and 'mentions "sleeping mat"' in mat.text
    (caps,) = await memory.push("do you have caps?")  # "cap" is no "capacity"
    assert caps.kind == "product_unknown" and '"caps"' in caps.text
    (pot,) = await memory.push("a pot")
    assert pot.kind == "product_results"


async def test_a_category_word_alone_is_a_search(memory, app):
    (tee,) = await memory.push("tee")  # was "Goodbye, and thanks for visiting"
    assert tee.kind == "product_results"
    assert {app.catalog.get(c.product_id)["category"] for c in tee.cards} == {"t-shirts"}
    (bye,) = await memory.push("thanks, bye")
    assert bye.kind == "goodbye"


async def test_how_many_of_something_the_listing_does_not_name(memory):
    (tents,) = await memory.push("what's the best tent for 2 people under 300?")
    name = tents.cards[0].title
    (poles,) = await memory.push("how many poles does it have?")  # was a list of poles
    assert poles.kind == "product_answer"
    assert f"Sorry, our listing for the {name} does not say how many poles it has." in poles.text
    (pegs,) = await memory.push("what pegs does it come with?")
    assert "does not say what pegs it comes with." in pegs.text
    (people,) = await memory.push("how many people does it sleep?")
    assert f"The {name} sleeps 2 people." in people.text


async def test_how_many_pairs_of_a_two_pack(memory):
    (socks,) = await memory.push("socks")
    at, pack = next((i, c.title) for i, c in enumerate(socks.cards, 1) if "2-Pack" in c.title)
    (pairs,) = await memory.push(f"how many pairs does number {at} have?")
    assert f"The {pack} come as a pack of 2, as their name says." in pairs.text


@pytest.mark.parametrize("text, after_order, fits", [
    ("the boots I bought are too small", False, True),
    ("the jacket I ordered doesn't fit", False, True),
    ("it doesn't fit", True, True),
    ("it's too small", False, False),  # of a product looked at, with no order talked of
    ("what if it doesn't fit?", True, False),  # how returns work: the policy
    ("is it too small for a 3 day hike?", False, False),
])
def test_fits_badly(text, after_order, fits):
    from core.service_turns import fits_badly

    assert fits_badly(text, after_order) is fits


@pytest.mark.parametrize("text, instead", [
    ("too heavy", "something lighter"),
    ("hmm that's a bit too expensive", "something cheaper"),
    ("the first one is too small", "something bigger"),
    ("it's too big for me", "something smaller"),
    ("too heavy to carry up a mountain?", None),
    ("is it too heavy?", None),  # a question about it
])
def test_too_much(text, instead):
    from core.followups import too_much

    assert too_much(text) == instead


async def test_an_order_number_given_for_a_return_is_that_return(memory):
    await memory.push("I want to return my jacket")
    (order,) = await memory.push("it's order 10004")  # was the order's status alone
    assert order.kind == "policy" and order.text.startswith("Order **10004** (")
    assert "return" in order.text.split("\n", 1)[1]
    (fit,) = await memory.push("it doesn't fit")  # was "which product do you mean?"
    assert "Exchanges for another size or colour are free as well." in fit.text
    # the sentence it leans on comes with it
    assert "returning is free. Exchanges" in fit.text


async def test_a_purchase_that_does_not_fit_is_an_exchange(memory):
    (boots,) = await memory.push("the boots I bought are too small")  # was "say it another way"
    assert boots.kind == "policy" and "Exchanges for another size" in boots.text
    (again,) = await memory.push("it doesn't fit")  # no product talked of: the purchase
    assert again.kind == "policy"


@pytest.mark.parametrize("said", [
    "I bought boots last month and they're too small",  # a return at 0.30: "say it another way"
    "I bought the Talus Mid Boot last month and it's too small"])  # "I can't find the answer"
async def test_a_purchase_that_does_not_fit_is_an_exchange_however_said(memory, said):
    (reply,) = await memory.push(said)
    assert reply.kind == "policy" and "Exchanges for another size" in reply.text
    assert "I can't find" not in reply.text


async def test_too_heavy_of_a_tent_looked_at_lists_lighter_ones(memory, app):
    (tents,) = await memory.push("tents")
    await memory.push("tell me about the second one")
    weight = float(_attr(app, tents.cards[1], "weight_g"))
    (lighter,) = await memory.push("too heavy")  # was "say it another way", then a person
    assert lighter.kind == "product_results" and lighter.cards
    assert all(float(_attr(app, c, "weight_g")) < weight for c in lighter.cards)
    await memory.push("backpacks")
    (first,) = await memory.push("how big is the first one?")
    litres = float(_attr(app, first.cards[0], "capacity_l"))
    (bigger,) = await memory.push("too small")
    assert all(float(_attr(app, c, "capacity_l")) > litres for c in bigger.cards)


@pytest.mark.parametrize("text, only", [
    ("it's order 10004", True),
    ("sure, my order number is 10004 thanks", True),
    ("10004", True),
    ("where is order 10004?", False),
    ("cancel 10004", False),
])
def test_only_order(text, only):
    from core.model_understander import _only_order

    assert _only_order(text, "10004") is only


BOTTLE = {"name": "Spring Wide Water Bottle", "description": "Stay hydrated on the trail.",
          "category": "water bottles", "sizes": [], "colors": ["blue"], "price": 24.9,
          "attributes": {"capacity_l": "1.0", "material": "TPU"}}
JACKET = {"name": "Stormline 2.5L Rain Jacket", "description": "Keeps you dry in a downpour.",
          "category": "rain jackets", "sizes": ["M"], "colors": ["red"], "price": 303.0,
          "attributes": {"waterproof": "yes", "weight_g": "400"}}


def test_a_whole_number_reads_as_one():
    from core.comparison import reading

    assert reading("capacity_l", "1.0") == ("capacity", "1 litre")  # was "1.0 litres"
    assert reading("capacity_l", "0.75") == ("capacity", "0.75 litres")
    assert reading("warranty_years", "1") == ("warranty", "1 year")
    assert attribute_answers.answer(BOTTLE, "how many litres does it hold?") == (
        "The Spring Wide Water Bottle holds 1 litre.")


@pytest.mark.parametrize("product, question, said", [
    (BOTTLE, "does it keep drinks hot?", "Sorry, our listing for the Spring Wide Water Bottle "
                                         "does not mention whether it keeps drinks hot."),
    (JACKET, "does it stay dry in heavy rain?", "Yes — the Stormline 2.5L Rain Jacket is "
                                                "waterproof."),  # was its weight
    (JACKET, "does it keep me dry?", "Yes — the Stormline 2.5L Rain Jacket is waterproof."),
    (JACKET, "how heavy is it?", "The Stormline 2.5L Rain Jacket weighs 400 g."),
    (BOTTLE, "can you gift wrap it?", "Sorry, our listing for the Spring Wide Water Bottle does "
                                      "not say whether we can gift wrap it."),
])
def test_what_a_listing_says_or_not(product, question, said):
    from core.facts import answer_facts

    assert answer_facts(product, {}, question)["answer"].startswith(said)


async def test_can_you_hold_it_after_the_shipping_answer_is_the_hold_sentence(memory):
    await memory.push("socks")
    await memory.push("can you send it to france?")
    (hold,) = await memory.push("can you hold it for me?")  # was the shipping policy, whole
    assert hold.kind == "policy" and hold.text.startswith(
        "This chat cannot place orders, take payment or hold products for you")


async def test_wide_feet_and_a_need_said_after_boots_stay_with_the_boots(memory, app):
    (boots,) = await memory.push("I need new hiking boots")
    (wide,) = await memory.push("I have wide feet")  # was a search of socks and shoes
    assert wide.kind == "product_pick"
    assert wide.text.startswith(f"None of these {len(boots.cards)} listings mentions wide sizes.")
    (dry,) = await memory.push("and they should be waterproof")  # was each one's "waterproof"
    assert dry.kind == "product_results" and dry.cards
    found = [app.catalog.get(c.product_id) for c in dry.cards]
    assert {p["category"] for p in found} == {"hiking boots"}
    assert all(p["attributes"].get("waterproof") == "yes" for p in found)


@pytest.mark.parametrize("text, needs", [
    ("and they should be waterproof", True),
    ("it must have a hood", True),
    ("but they need to be light", True),
    ("the tent has to fit 3 people", True),
    ("should they be waterproof?", False),
    ("they are waterproof, right?", False),
])
def test_requires(text, needs):
    from core.routes_searches import REQUIRES

    assert bool(REQUIRES.match(text)) is needs


async def test_a_purchase_in_a_size_or_colour_says_it(memory, app):
    await memory.push("fleece")
    (cheapest,) = await memory.push("the cheapest one?")
    product = app.catalog.get(cheapest.cards[0].product_id)
    size = product["sizes"][-1]
    (take,) = await memory.push(f"I'll take it in {size}")  # was "Yes — it comes in size …"
    assert take.kind == "policy" and take.text.startswith(
        f"The {product['name']} in size {size} costs ")
    missing = next(c for c in ("purple", "pink", "yellow", "orange") if c not in product["colors"])
    (other,) = await memory.push(f"I'll take it in {missing}")
    assert other.text.startswith(f"Sorry, the {product['name']} does not come in colour {missing}")
    await memory.push("waterproof boots size 42 under 150", chat_id="b")
    (cheap,) = await memory.push("the cheapest?", chat_id="b")
    (bought,) = await memory.push("great, I'll take it", chat_id="b")  # the size went unsaid
    assert bought.text.startswith(f"The {cheap.cards[0].title} in size 42 costs ")


@pytest.mark.parametrize("product, said", [
    ({"name": "Thermal Hoody Insulated Jacket", "attributes": {"insulation": "down 700 fill",
                                                                "material": "nylon"}},
     "The Thermal Hoody Insulated Jacket has down 700 fill insulation."),
    ({"name": "Dormant -5 Synthetic Sleeping Bag", "attributes": {"material": "synthetic fill"}},
     "The Dormant -5 Synthetic Sleeping Bag is made of synthetic fill."),
    ({"name": "Wildcamp 1 Tent", "attributes": {"material": "ripstop nylon"}},
     "Our listing for the Wildcamp 1 Tent does not say what it is filled with."),
])
def test_what_it_is_filled_with(product, said):
    assert attribute_answers.answer(product, "what's it filled with?") == said


async def test_a_warmer_one_after_a_bag_asked_about_is_warmer_than_it(memory, app):
    await memory.push("show me your cheapest sleeping bag")
    (winter,) = await memory.push("is it good for winter?")
    rating = float(_attr(app, winter.cards[0], "comfort_temp_c"))
    # was "of these 5, … equally the warmest", the bag itself among them
    (warmer,) = await memory.push("ok what about a warmer one")
    assert warmer.kind == "product_results" and warmer.cards
    assert all(float(_attr(app, c, "comfort_temp_c")) < rating for c in warmer.cards)


async def test_a_size_within_a_sold_range_finds_that_range(memory, app):
    (socks,) = await memory.push("I need socks for my husband, he's a 45")  # was "nothing matches"
    assert socks.kind == "product_results" and socks.cards
    assert all("43-46" in app.catalog.get(c.product_id)["sizes"] for c in socks.cards)
    at = next(i for i, c in enumerate(socks.cards, 1)
              if "35-38" in app.catalog.get(c.product_id)["sizes"])
    (size,) = await memory.push(f"is number {at} available in size 37?")
    assert "come in size 35-38" in size.text and size.text.count("Yes —") == 1


async def test_a_size_the_kind_never_comes_in_says_the_sizes_it_does(memory, app):
    # "44.5" of running shoes was widened to the socks' "43-46" (nothing matches "size
    # 43-46" of running shoes), and a size past the range said nothing of the range
    await memory.push("running shoes for a marathon")
    for asked in ("any in size 44.5?", "running shoes in size 50"):
        (none,) = await memory.push(asked)
        assert none.kind == "product_none" and "43-46" not in none.text
        assert "Our running shoes come in sizes 36 to 47.\n" in none.text
        assert none.cards  # the nearest still
    # another filter missed, not the size: no sizes said
    (cheap,) = await memory.push("running shoes in size 42 under 20 euros")
    assert cheap.kind == "product_none" and "come in sizes" not in cheap.text


async def test_a_name_start_in_a_colour_or_size_is_of_those_products(memory, app):
    # "the starfall tent in green" listed five other green tents, the Starfalls unsaid
    (green,) = await memory.push("do you have the starfall tent in green?")
    assert green.kind == "product_pick" and green.text.startswith("No Starfall comes in green: ")
    starfalls = [app.catalog.get(c.product_id) for c in green.cards]
    assert starfalls and all(p["name"].startswith("Starfall") for p in starfalls)
    assert all(f"{p['name']} " in green.text for p in starfalls)
    (grey,) = await memory.push("and in grey?")  # those, in grey
    assert grey.kind == "product_results" and grey.cards
    assert all(app.catalog.get(c.product_id)["name"].startswith("Starfall") and "grey" in
               app.catalog.get(c.product_id)["colors"] for c in grey.cards)
    (none,) = await memory.push("kammweg boots in size 50")
    assert none.text.startswith("No Kammweg comes in size 50: the Kammweg")
    assert "in sizes 36 to 42" in none.text  # the leather boot's, each one's own
    (other,) = await memory.push("ok what about 45")  # "say it another way" before
    assert other.kind == "product_results" and other.cards
    assert all(app.catalog.get(c.product_id)["name"].startswith("Kammweg") and "45" in
               app.catalog.get(c.product_id)["sizes"] for c in other.cards)


async def test_two_name_starts_are_each_answered_in_what_their_part_asks(memory, app):
    # only the Stormhold tents were said, as "not in size 44", each "comes in sizes ."
    (both,) = await memory.push("Do you have the Ridgeline boot in 44 and the Stormhold tent?")
    listed = [app.catalog.get(c.product_id) for c in both.cards]
    assert both.kind == "product_pick" and "sizes ." not in both.text
    assert [p["name"].split()[0] for p in listed] == ["Ridgeline"] * 2 + ["Stormhold"] * 2
    assert all("44" in p["sizes"] for p in listed[:2])
    assert "Ridgeline in size 44:\n1. " in both.text and "\nStormhold:\n3. " in both.text
    (third,) = await memory.push("how much is the third one?")  # numbered as one list
    assert listed[2]["name"] in third.text and f"{listed[2]['price']:.2f} EUR" in third.text


@pytest.mark.parametrize("question, said", [
    # a tent's listing has no sizes: "comes in sizes  and … in sizes ."
    ("do you have the Stormhold tent in size L?", "No Stormhold comes in size L: the "
     "Stormhold Plus Dome Tent comes in one size and the Stormhold 1 Ultralight Tent in one "
     "size."),
    # a size past those sold was no size: five boots listed, two Ridgelines among them
    ("do you have the Ridgeline boot in 50?", "No Ridgeline comes in size 50: "),
    # a question, not a search: five green tents, the two Stormholds among them
    ("is the stormhold tent available in green?", "Here is what I found in green (2):"),
    ("do you have the Ridgeline boot in 44?", "Here is what I found in size 44 (2):"),
])
async def test_a_name_start_asked_in_a_size_or_colour_says_it(memory, app, question, said):
    (reply,) = await memory.push(question)
    assert reply.text.startswith(said)
    start = question.split(" the ")[1].split()[0].lower()
    assert reply.cards and all(app.catalog.get(c.product_id)["name"].lower().startswith(start)
                               for c in reply.cards)


async def test_a_bare_number_after_a_search_in_a_size_is_another_size(memory, app):
    await memory.push("hiking boots in size 44")
    # "what about 45" was a clarifying question, and "how about 46?" then went to a person
    for said, size in (("what about 45", "45"), ("how about 46?", "46")):
        (boots,) = await memory.push(said)
        assert boots.kind == "product_results" and boots.cards, said
        assert all(size in app.catalog.get(c.product_id)["sizes"] and app.catalog.get(
            c.product_id)["category"] == "hiking boots" for c in boots.cards)


async def test_a_bare_property_is_asked_of_the_product_or_of_each_listed(memory, app):
    await memory.push("water bottles")
    # right after the list: of each one listed (the first one's card, as if it answered)
    (each,) = await memory.push("dishwasher safe?")
    assert each.kind == "product_pick"
    assert each.text == 'Sorry, none of these 5 listings mentions "dishwasher safe".'
    (one,) = await memory.push("is the first one bpa free?")
    name = app.catalog.get(one.cards[0].product_id)["name"]
    # of the one asked about next: "leak proof?" was the warranty policy
    for bare, said in (("leak proof?", "leak proof"), ("dishwasher safe?", "dishwasher safe")):
        (reply,) = await memory.push(bare)
        assert reply.kind == "product_answer" and f"{name} does not mention whether it is " \
            f"{said}." in reply.text, bare
    (tents,) = await memory.push("tents?")  # a kind alone is still a search
    assert tents.kind == "product_results"


async def test_a_question_of_the_lightest_is_asked_of_it(memory, app):
    (poles,) = await memory.push("trekking poles")
    listed = [app.catalog.get(c.product_id) for c in poles.cards]
    lightest = min(listed, key=lambda p: float(p["attributes"]["weight_g"]))
    dearest = max(listed, key=lambda p: p["price"])
    # both said which one was lightest, which the most expensive, and nothing more
    (length,) = await memory.push("what's the max length of the lightest?")
    assert length.kind == "product_answer" and length.cards[0].product_id == lightest["id"]
    assert "dimensions" in length.text or " cm" in length.text
    (weight,) = await memory.push("how much does the most expensive weigh?")
    assert weight.kind == "product_answer" and weight.cards[0].product_id == dearest["id"]
    assert f"{dearest['attributes']['weight_g']} g" in weight.text


async def test_which_is_better_for_a_use_is_of_those_shown(memory, app):
    await memory.push("compare the Starfall UL Tent and the Stormhold 1 Ultralight Tent")
    # the comparison table came back again, as if it answered
    (wind,) = await memory.push("which is better for windy conditions?")
    assert wind.kind == "product_pick" and "only the listing of the Starfall UL Tent says " \
        "anything about windy conditions" in wind.text and "Stands firm in wind" in wind.text
    (tents,) = await memory.push("tents", chat_id="b")
    # a search for the words listed a pot among the tents
    (snow,) = await memory.push("which is best for snow?", chat_id="b")
    assert snow.kind == "product_pick" and snow.text == (
        f"None of these {len(tents.cards)} listings says anything about snow, so I can't say "
        "which is better for it.")


async def test_without_the_price_limit_drops_the_price_bound(memory, app):
    # "forget the budget" listed the cheapest first; "without the price limit" gave the
    # price of the one shown
    for n, text in enumerate(("forget the budget", "and without the price limit?")):
        await memory.push("tents under 200", chat_id=f"c{n}")
        (tents,) = await memory.push(text, chat_id=f"c{n}")
        prices = [app.catalog.get(c.product_id)["price"] for c in tents.cards]
        assert tents.kind == "product_results" and any(p > 200 for p in prices), text
        assert {app.catalog.get(c.product_id)["category"] for c in tents.cards} == {"tents"}


async def test_a_word_of_a_sibling_kind_switches_to_it(memory, app):
    await memory.push("cheapest running shoes")
    # "for trail" listed trail poles and bottles; "are they good for trail?" the first card
    (good,) = await memory.push("are they good for trail?")
    assert good.kind == "product_pick" and good.text == (
        "None of these 5 listings says anything about trail, so I can't say whether they "
        "are good for it.")
    (trail,) = await memory.push("any for trail under 100?")
    assert trail.kind == "product_results" and trail.cards
    assert all(app.catalog.get(c.product_id)["category"] == "trail shoes" and
               app.catalog.get(c.product_id)["price"] <= 100 for c in trail.cards)
    await memory.push("jackets", chat_id="b")
    (rain,) = await memory.push("any for rain?", chat_id="b")
    assert {app.catalog.get(c.product_id)["category"] for c in rain.cards} == {"rain jackets"}


async def test_an_accessory_for_it_of_another_kind_is_said_not_found(memory, app):
    await memory.push("sleeping bags")
    (bag,) = await memory.push("tell me about the first one")
    name = app.catalog.get(bag.cards[0].product_id)["name"]
    # liner socks were listed as "a liner for it"
    (liner,) = await memory.push("do you have a liner for it?")
    assert liner.kind == "product_pick" and liner.text == (
        f"Sorry, I can't find a liner for the {name}: the only liners we sell are socks.")
    await memory.push("running shoes", chat_id="b")
    await memory.push("tell me about the first one", chat_id="b")
    (socks,) = await memory.push("do you have socks to go with it?", chat_id="b")  # a kind
    assert socks.kind == "product_results"
    assert {app.catalog.get(c.product_id)["category"] for c in socks.cards} == {"socks"}


async def test_a_colour_or_a_brand_alone_lists_its_products(memory, app):
    # "anything in purple": 'purple' counted as a word to search for, then "what about
    # pink?" said no product mentions "anything in purple"
    for n, colour in enumerate(("purple", "pink")):
        (found,) = await memory.push("do you have anything in purple?" if n == 0 else
                                     "what about pink?")
        assert found.kind == "product_results" and found.cards, colour
        assert all(matching(app.catalog.get(c.product_id)["colors"], colour)  # plum: purple
                   for c in found.cards)
    await memory.push("t-shirts", chat_id="b")
    # the first tee's card, then 'no product mentions "Torvik make"', then five of its
    # cheapest products, as if they were what it makes: the kinds it makes for the shop
    (torvik,) = await memory.push("what does Torvik make?", chat_id="b")
    kinds = app.store.db.execute("SELECT count(*), count(DISTINCT category) FROM products "
                                 "WHERE brand = 'Torvik'").fetchone()
    assert torvik.kind == "product_pick" and torvik.text.startswith(
        f"We have {kinds[0]} products by Torvik: hiking boots (")
    assert torvik.text.count(" EUR)") == kinds[1]  # each kind, with its prices
    (lamps,) = await memory.push("show me Torvik headlamps", chat_id="b")
    assert {app.catalog.get(c.product_id)["brand"] for c in lamps.cards} == {"Torvik"}
    (stuff,) = await memory.push("show me Lumaro stuff", chat_id="d")  # still a list
    assert stuff.kind == "product_results" and stuff.cards
    (brands,) = await memory.push("show me some brands", chat_id="c")  # "no product mentions"
    assert brands.kind == "what_we_sell" and "Torvik" in brands.text


def test_holds_size():
    from core.facts import holds_size

    assert holds_size("43-46", "45") and holds_size("43-46", "43") and holds_size("39–42", "40.5")
    assert not holds_size("43-46", "47") and not holds_size("100-125 cm", "110")
    assert not holds_size("43-46", "M") and not holds_size("44", "44")


async def test_is_it_good_of_a_product_asked_about_is_no_verdict(memory):
    (shoes,) = await memory.push("running shoes")
    (lightest,) = await memory.push("which are the lightest?")
    name = lightest.cards[0].title
    (good,) = await memory.push("is it good?")  # was the bot's spiel about itself
    assert good.kind == "product_answer" and (
        f"Sorry, our listing for the {name} gives no verdict on it" in good.text)
    (grip,) = await memory.push("does it have good grip?")  # was its card alone
    assert "does not mention whether it has good grip" in grip.text


async def test_what_is_in_stock_in_green_is_a_search(memory, app):
    (green,) = await memory.push("what's in stock in green?")  # was "which product do you mean?"
    assert green.kind == "product_results" and green.cards
    found = [app.catalog.get(c.product_id) for c in green.cards]
    assert all(matching(p["colors"], "green") and p["stock"] > 0 for p in found)  # sage too


async def test_nothing_lighter_than_the_lightest_says_so(memory, app):
    (tent,) = await memory.push("is the Starfall UL Tent good for 2 people?")
    weight = _attr(app, tent.cards[0], "weight_g")
    (lighter,) = await memory.push("any lighter 2 person tents?")
    ids = [r[0] for r in app.store.db.execute("SELECT id FROM products WHERE category = 'tents'")]
    lighter_ones = [p for p in map(app.catalog.get, ids) if p["attributes"].get("persons") == "2"
                    and float(p["attributes"].get("weight_g") or 1e9) < float(weight)]
    assert not lighter_ones  # the demo data: it listed the tent itself, and heavier ones
    assert lighter.kind == "product_pick" and lighter.text == (
        f"I have nothing lighter for this search: the Starfall UL Tent ({weight} g) is the "
        f"lightest.")


def test_smaller_orders_a_kind_by_what_it_lists():
    listed_by = {"capacity_l": ["backpacks"], "persons": ["tents"]}
    assert orders_by("anything smaller?", "tents", listed_by) == "persons:asc"
    assert orders_by("anything smaller?", "backpacks", listed_by) == "capacity_l:asc"
    assert orders_by("anything smaller?") == "capacity_l:asc"  # no kind: the first rule
    assert orders_by("anything lighter?", "tents", listed_by) == "weight_g:asc"  # not listed
    assert orders_by("which sleeps the fewest?", "tents", listed_by) == "persons:asc"
    # "a 3 person tent that's lightweight" listed a 2505 g tent before a 2285 g one
    assert orders_by("a 3 person tent that's lightweight") == "weight_g:asc"
    assert orders_by("light-weight rain jacket") == "weight_g:asc"
    assert orders_by("lightweight poles", "trekking poles", {"weight_g": ["tents"]}) is None


async def test_a_lightweight_search_lists_the_lightest_first(memory, app):
    (tents,) = await memory.push("do you have a 3 person tent that's lightweight?")
    assert tents.text.startswith("Here is what I found for 3 people, lightest first (")
    weights = [float(_attr(app, c, "weight_g")) for c in tents.cards]
    assert weights == sorted(weights) and len(weights) > 1


async def test_anything_smaller_than_a_3_person_tent_sleeps_fewer(memory, app):
    (tents,) = await memory.push("show me tents")
    third = next(i for i, c in enumerate(tents.cards) if _attr(app, c, "persons") == "3")
    await memory.push(f"tell me about the {['first', 'second', 'third', 'fourth', 'fifth'][third]}"
                      " one")
    (smaller,) = await memory.push("anything smaller?")
    persons = [int(_attr(app, c, "persons")) for c in smaller.cards]
    # tents list no litres: sorted by capacity they came in any order, 3 and 4 among them
    assert smaller.kind == "product_results" and persons and all(n < 3 for n in persons)
    assert persons == sorted(persons)
    assert all(re.search(rf", {n} (?:person|people)$", line) for n, line in zip(
        persons, [x for x in smaller.text.splitlines() if re.match(r"\d\. ", x)]))


async def test_is_it_good_right_after_a_list_asks_it_of_the_first(memory, app):
    (boots,) = await memory.push("hiking boots")
    (good,) = await memory.push("is it good?")  # small talk at 0.76: the bot's spiel
    first = app.catalog.get(boots.cards[0].product_id)
    assert good.kind == "product_answer" and f"{first['name']} gives no verdict" in good.text
    (which,) = await memory.push("is it good?", chat_id="c2")  # nothing shown
    assert which.kind == "no_product_context"  # was the bot's spiel about itself


async def test_a_kind_asked_after_gift_ideas_is_searched_within_the_budget(memory, app):
    (ideas,) = await memory.push("hi, I need a gift for my dad who likes hiking, budget 100")
    assert any(app.catalog.get(c.product_id)["category"] == "socks" for c in ideas.cards)
    (socks,) = await memory.push("what about socks?")  # was the first pair of those listed
    (packs,) = await memory.push("and backpacks?")  # were packs at 231 EUR
    for found, kind in ((socks, "socks"), (packs, "backpacks")):
        products = [app.catalog.get(c.product_id) for c in found.cards]
        assert found.kind == "product_results" and len(products) > 2
        assert all(p["category"] == kind and float(p["price"]) <= 100 for p in products)


async def test_a_name_four_products_start_with_lists_those_four(memory, app):
    stormlines = [p for p in app.catalog.search("stormline", {}, 20)
                  if p.product["name"].startswith("Stormline")]
    (listed,) = await memory.push("tell me about the Stormline")  # "which product do you mean?"
    assert listed.kind == "product_results"
    assert {c.product_id for c in listed.cards} == {h.product["id"] for h in stormlines}
    (alpine,) = await memory.push("the alpine one")
    assert alpine.kind == "product_answer" and alpine.cards[0].title == \
        "Stormline Alpine Rain Jacket"
    (nothing,) = await memory.push("is it waterproof?", chat_id="c2")
    assert nothing.kind == "no_product_context"
    (boots,) = await memory.push("hiking boots", chat_id="c3")
    (lining,) = await memory.push("does it have a thermal lining?", chat_id="c3")
    assert lining.cards[0].product_id == boots.cards[0].product_id  # no Thermal jacket
    (again,) = await memory.push("tell me about the Stormline", chat_id="c3")  # a boot's card
    assert {c.product_id for c in again.cards} == {h.product["id"] for h in stormlines}


async def test_a_bare_size_after_the_sizes_were_asked_is_of_that_product(memory, app):
    (shoes,) = await memory.push("running shoes for women")
    first = app.catalog.get(shoes.cards[0].product_id)
    (sizes,) = await memory.push("what sizes does the first one come in?")
    has, lacks = first["sizes"][0], next(s for s in ("44", "45", "46", "47") if s not in
                                         first["sizes"])
    (yes,) = await memory.push(f"is {has} in stock?")  # was a list of shoes in that size
    assert yes.kind == "product_answer" and yes.cards[0].product_id == first["id"]
    assert f"comes in size {has}" in yes.text
    (no,) = await memory.push(f"and {lacks}?")  # was "you might also like"
    assert no.kind == "product_answer" and f"does not come in size {lacks}" in no.text


async def test_whats_is_no_size_s(memory, app):
    # "what's" held the size S: a search of size S things (fleece pullovers) came back
    (shoes,) = await memory.push("trail running shoes size 42 for women")
    (drop,) = await memory.push("what's the heel drop?")
    assert drop.kind == "product_answer" and drop.cards[0].product_id == shoes.cards[0].product_id
    assert "does not say its heel-to-toe drop" in drop.text
    (other,) = await memory.push("what about 43?")  # its card came back, with no answer
    assert other.kind == "product_results" and all(
        "43" in app.catalog.get(c.product_id)["sizes"] for c in other.cards)


@pytest.mark.parametrize("text, category, owned", [
    # the customer's own tent, where the need is: it listed tents
    ("I'm cold at night in my tent, what can help?", "tents", True),
    ("my boots give me blisters, what can help?", "hiking boots", True),
    ("my tent leaks, do you sell a tarp?", "tents", True),
    ("my boots are worn out, I need new ones", "hiking boots", False),
    ("I want to replace my tent", "tents", False),
    ("tents for my family", "tents", False),
    ("I need a tent for my trip", "tents", False),
    ("socks for my boots", "socks", False),
])
def test_a_kind_the_customer_has_is_no_kind_asked_for(text, category, owned):
    assert owned_only(text, category) is owned


def test_the_customers_own_thing_is_left_out_of_the_search_words():
    # "my feet hurt in my boots" ranked boots first, by the word
    assert without_owned("my feet hurt in my boots, help?", "hiking boots") == (
        "my feet hurt in  , help?")
    # at the end, with the word that ties it on: "rain cover for" was what no product
    # mentioned
    assert without_owned("cold in our old tent", "tents") == "cold  "
    assert without_owned("a rain cover for my backpack", "backpacks") == "a rain cover  "


@pytest.mark.parametrize("text, conf, focus, intent", [
    # a person at 0.55, and handed over: no one was asked for
    ("is there an alternative?", 0.55, "P1", "recommendation"),
    ("is there an alternative?", 0.55, None, "out_of_scope"),  # the clarifying question
    ("can I talk to someone?", 0.55, None, "human_agent"),
    ("get me out of here", 0.95, None, "human_agent"),         # sure: the classifier's
])
def test_a_person_is_handed_over_when_asked_for(text, conf, focus, intent):
    from core.in_context import read
    from core.understand import Understanding

    reading = read(Understanding("human_agent", conf, {}), text,
                   {"focus": focus} if focus else {}, [], about_focus=False,
                   asked_items=False, named_in=lambda _: [], history=[])
    assert reading.u.intent == intent


@pytest.mark.parametrize("earlier, text, again", [
    # a search listed five winter sleeping bags
    ("is the Nightjar 2 Dome Tent good for festivals?", "and for winter camping?",
     "is the Nightjar 2 Dome Tent good for winter camping?"),
    ("is it suitable in the rain?", "what about in snow?", "is it suitable in snow?"),
    ("does it have a hood?", "and pockets?", "does it have pockets?"),  # as before
])
def test_good_for_one_thing_asked_again_of_another(earlier, text, again):
    from core.reading_follow_ons import _asked_again

    history = [{"direction": "in", "text": earlier}, {"direction": "out", "text": "…"},
               {"direction": "in", "text": text}]
    assert _asked_again(text, history) == again


@pytest.mark.parametrize("text, order", [
    ("sort by price", "cheapest first"), ("price high to low", "most expensive first"),
    ("can you sort the results by price please", "cheapest first"),
    ("order them by weight, heaviest first", "heaviest first"),
    ("sort by weight", "lightest first"),
    ("price", None), ("weight?", None), ("what is the price", None),  # the figure asked
])
def test_a_sort_request_is_said_in_the_words_a_search_orders_by(text, order):
    assert sorted_as(text) == order


@pytest.mark.parametrize("text, said", [
    ("boots in size 44 sorted by price", "boots in size 44, cheapest first"),
    ("tents, sort by weight please", "tents, lightest first"),
    ("jackets and sort them by price high to low", "jackets, most expensive first"),
    ("sleeping bags and order by warmth", "sleeping bags, warmest first"),
    ("sort by price", None),  # nothing but the order: sorted_as, of the list shown
    ("order 10002", None), ("is order 10002 sorted?", None), ("boots sorted by", None),
])
def test_a_request_that_ends_by_asking_an_order_says_it_as_a_search_orders(text, said):
    assert sort_said_in(text) == said


async def test_a_search_asked_sorted_in_one_message_is_sorted_and_says_so(memory, app):
    # "boots in size 44 sorted by price" listed them unsorted, 185.00 EUR first
    price = lambda reply: [app.catalog.get(c.product_id)["price"] for c in reply.cards]
    (reply,) = await memory.push("boots in size 44 sorted by price")
    assert reply.text.startswith("Here is what I found in size 44, cheapest first (5):")
    assert price(reply) == sorted(price(reply))
    (reply,) = await memory.push("cheapest backpack?", chat_id="b")
    assert reply.text.startswith("Here is what I found, cheapest first (5):\n1. Rucker 22")
    (reply,) = await memory.push("and the most expensive?", chat_id="b")
    assert reply.text.startswith("Here is what I found, most expensive first (5):")
    # no headlamp lists its battery life: not sorted, and no order said
    (reply,) = await memory.push("headlamp with long battery life", chat_id="c")
    assert reply.text.startswith("Here is what I found (5):") and "could not sort" in reply.text


async def test_a_list_is_sorted_when_asked(memory, app):
    # "sort by price": "say it another way", twice, then a person; "cheapest first" a
    # search for "jackets cheapest first", whose "first" no product mentions
    price = lambda reply: [app.catalog.get(c.product_id)["price"] for c in reply.cards]
    await memory.push("jackets")
    (cheap,) = await memory.push("sort by price")
    assert cheap.kind == "product_results" and price(cheap) == sorted(price(cheap))
    (dear,) = await memory.push("price high to low")
    assert price(dear) == sorted(price(dear), reverse=True) and price(dear)[0] > price(cheap)[-1]
    (light,) = await memory.push("sort by weight")  # "of these 3, the lightest is" before
    grams = [_attr(app, c, "weight_g") for c in light.cards]
    assert light.kind == "product_results" and grams == sorted(grams)
    await memory.push("jackets", chat_id="b")
    (first,) = await memory.push("cheapest ones first", chat_id="b")
    assert first.kind == "product_results" and price(first) == price(cheap)


async def test_what_is_the_figure_of_the_product_talked_about(memory):
    (bags,) = await memory.push("sleeping bag for -10")
    await memory.push("is the first one down?")
    # out of scope to the classifier: "say it another way"
    (extreme,) = await memory.push("what's the extreme temperature?")
    assert extreme.kind == "product_answer" and extreme.cards[0].product_id == \
        bags.cards[0].product_id and "comfortable down to -10 °C" in extreme.text
    (fill,) = await memory.push("what is the fill power?")  # the whole card, as if it answered
    assert fill.text.split("\n")[1].startswith(
        f"Sorry, our listing for the {bags.cards[0].title} does not give its fill power.")


async def test_the_most_of_what_no_listing_rates_says_which_mention_it(memory):
    await memory.push("running shoes")
    # all five side by side came back, as if they answered
    (soft,) = await memory.push("which one is the most comfortable?")
    assert soft.kind == "product_pick" and soft.text.startswith(
        "None of these 5 listings rates that, so I can't say which is the most comfortable.")
    (dear,) = await memory.push("which is the most expensive?")  # a ranking listings give
    assert dear.text.startswith("Of these 5, the most expensive is the ")
    (easy,) = await memory.push("which is the easiest to put on?")  # all five side by side
    assert easy.text == "None of these 5 listings rates that, so I can't say which is the " \
                        "easiest to put on."


async def test_what_the_customer_does_narrows_the_search(memory, app):
    (shoes,) = await memory.push("running shoes")
    (road,) = await memory.push("I run marathons")  # "say it another way", then a person
    assert road.kind == "product_results"
    assert {app.catalog.get(c.product_id)["category"] for c in road.cards} == {"running shoes"}
    assert [c.product_id for c in road.cards] != [c.product_id for c in shoes.cards]


async def test_a_need_and_which_one_asks_which_is_better_for_it(memory):
    await memory.push("running shoes")
    (flat,) = await memory.push("I have flat feet, which one?")  # all five side by side
    assert flat.kind == "product_pick" and flat.text == (
        "None of these 5 listings says anything about flat feet, so I can't say which is "
        "better for it.")

    # said alone: "I have flat feet" searched socks too; "I overpronate", a complaint, went
    # to a person
    for said, need in (("I have flat feet", "flat feet"), ("I overpronate", "overpronation")):
        await memory.push("running shoes", chat_id=said)
        (alone,) = await memory.push(said, chat_id=said)
        assert alone.kind == "product_pick" and alone.text == (
            f"None of these 5 listings says anything about {need}, so I can't say which is "
            "better for it.")


async def test_what_comes_with_the_product_talked_about(memory):
    (sets,) = await memory.push("cook set for 2")
    await memory.push("is the first one titanium?")
    (box,) = await memory.push("what's included?")  # a search of five other things
    assert box.kind == "product_answer" and box.cards[0].product_id == sets.cards[0].product_id
    assert "does not say what comes with it" in box.text


async def test_browsing_by_price_and_brand(memory, app):
    product = lambda card: app.catalog.get(card.product_id)
    (cheap,) = await memory.push("show me everything under 20 euros")  # "everything": a thing
    assert cheap.kind == "product_results" and all(product(c)["price"] <= 20 for c in cheap.cards)
    await memory.push("the cheapest thing you sell?", chat_id="b")
    # the dearest of the ten cheapest things ranked before (18.00 EUR)
    (dear,) = await memory.push("most expensive?", chat_id="b")
    (top,) = next(iter(app.store.db.execute("SELECT max(price) FROM products WHERE stock > 0")))
    assert product(dear.cards[0])["price"] == top
    await memory.push("anything from Torvik?", chat_id="c")
    (jackets,) = await memory.push("only jackets", chat_id="c")  # all jackets, before
    assert jackets.cards and all(product(c)["brand"] == "Torvik" and product(c)["category"] ==
                                 "jackets" for c in jackets.cards)
    # the whole card, then the first one's listing alone
    (made,) = await memory.push("where are they made?", chat_id="c")
    assert made.text == f"None of these {len(jackets.cards)} listings says where it is made."


async def test_how_many_of_a_list_asks_which_one(memory):
    await memory.push("socks for hiking")
    # a search for "3 pairs": no product mentions it, and a running shoe was the nearest
    (which,) = await memory.push("I need 3 pairs")
    assert which.kind == "policy" and which.text.startswith(
        'Which of these 5 would you like 3 of? Say its number ("3 of the second")')
    (total,) = await memory.push("3 of the second")  # its card came back
    assert total.kind == "policy" and " × the " in total.text.split("\n")[0]
    assert total.text.startswith("3 × the ")


async def test_the_one_picked_after_asking_which_is_bought_in_that_number(memory):
    (listed,) = await memory.push("socks for hiking")
    first = listed.text.split("\n")[1].split(". ", 1)[1].split(" (")[0]
    await memory.push("I need 3 pairs")
    (total,) = await memory.push("the first one")  # its card, and the 3 forgotten
    assert total.kind == "policy" and total.text.startswith(f"3 × the {first} come to ")
    (again,) = await memory.push("how much would that be?")  # it priced one pair
    assert "3 × " in again.text and again.cards[0].title == first


async def test_a_budget_said_holds_for_the_next_search_that_names_no_kind(memory, app):
    price = lambda reply: [app.catalog.get(c.product_id)["price"] for c in reply.cards]
    await memory.push("I'm looking for a present for my wife, she loves hiking")
    (within,) = await memory.push("budget is 100")
    assert within.cards and max(price(within)) <= 100
    (warm,) = await memory.push("something warm")  # sleeping bags at 285 EUR
    assert warm.kind == "product_results" and warm.cards and max(price(warm)) <= 100
    (tents,) = await memory.push("tents")  # a kind named: a search of its own
    assert tents.cards and {app.catalog.get(c.product_id)["category"]
                            for c in tents.cards} == {"tents"}


async def test_one_size_bigger_is_the_next_size_from_the_one_said(memory):
    await memory.push("boots size 44")
    (boot,) = await memory.push("the first one")
    # a ranking of the five by litres, which boots do not list
    (bigger,) = await memory.push("one size bigger?")
    assert bigger.kind == "product_answer" and bigger.cards[0].title == boot.cards[0].title
    assert f"the {boot.cards[0].title} comes in size 45" in bigger.text
    (down,) = await memory.push("and a size down?")  # from the 44 said: it was 44 again
    assert f"the {boot.cards[0].title} comes in size 43" in down.text
    await memory.push("boots size 44", chat_id="a")
    await memory.push("the first one", chat_id="a")
    await memory.push("one size bigger?", chat_id="a")
    (up,) = await memory.push("one more size up?", chat_id="a")  # on from 45
    assert f"the {boot.cards[0].title} comes in size 46" in up.text
    await memory.push("running shoes", chat_id="b")
    (sizes,) = await memory.push("do you have a bigger size?", chat_id="b")  # none said
    assert sizes.kind == "product_pick" and sizes.text.startswith("Sizes:\n1. ")
    await memory.push("I want to return something", chat_id="c")
    await memory.push("10004", chat_id="c")
    (swap,) = await memory.push("I need a size bigger", chat_id="c")  # "bigger" things
    assert swap.kind == "policy" and "Exchanges for another size" in swap.text


async def test_the_weather_asked_of_a_jacket_is_asked_of_it(memory):
    await memory.push("rain jackets")
    (jacket,) = await memory.push("the first one")
    name = jacket.cards[0].title
    (rain,) = await memory.push("is it good in the rain?")  # every rain jacket's answer
    assert rain.kind == "product_answer" and f"Yes — the {name} is waterproof." in rain.text
    await memory.push("does it have a hood?")
    (again,) = await memory.push("what about rain?")  # "does it have rain?": its whole card
    assert f"Yes — the {name} is waterproof." in again.text
    (wind,) = await memory.push("and wind?")  # a search for wind
    assert wind.kind == "product_answer" and "whether it is good in the wind" in wind.text


async def test_how_many_of_what_listings_do_not_count_says_so(memory):
    (tents,) = await memory.push("tents for 2")
    (pegs,) = await memory.push("how many pegs?")  # the first one's whole card
    assert pegs.text == f"None of these {len(tents.cards)} listings says how many pegs it " \
                        "comes with."
    (inseam,) = await memory.push("what's the inseam?")  # the first one's answer
    assert inseam.text == f"None of these {len(tents.cards)} listings gives its inseam."
    (tent,) = await memory.push("the first one")
    (poles,) = await memory.push("how many poles?")  # a search for trekking poles
    assert poles.kind == "product_answer" and poles.cards[0].title == tent.cards[0].title
    assert "does not say how many poles it comes with" in poles.text
    (people,) = await memory.push("how many people?")
    assert "sleeps 2 people" in people.text


async def test_buying_more_of_a_thing_is_whether_the_shop_sells_it(memory, app):
    # how to order, and "I can't find the answer to that" in it
    (pegs,) = await memory.push("can I buy extra pegs?")
    assert pegs.kind == "product_unknown" and '"extra pegs"' in pegs.text
    (parts,) = await memory.push("could I order spare parts?")  # a service none mentions
    assert parts.kind == "service_unknown" and "spare or replacement parts" in parts.text
    (socks,) = await memory.push("can I buy more socks?")
    assert socks.kind == "product_results" and {
        app.catalog.get(c.product_id)["category"] for c in socks.cards} == {"socks"}
    (online,) = await memory.push("can I buy it online?")  # how to order, still
    assert online.kind == "policy" and "shop.example" in online.text


async def test_urgency_said_gets_a_person(memory):
    await memory.push("where is order 10005?")
    await memory.push("can I change the delivery address?")  # a person offered
    (now,) = await memory.push("it's urgent")  # "say it another way"
    assert now.kind == "handoff"
    (important,) = await memory.push("is it important to wax leather boots?", chat_id="b")
    assert important.kind != "handoff"  # a question that says "important" is no such plea


async def test_what_a_sentence_of_the_listing_says_is_quoted(memory):
    await memory.push("gps watch")
    (watch,) = await memory.push("the first one")
    (heart,) = await memory.push("does it have heart rate?")  # its whole card
    assert heart.kind == "product_answer"
    said = heart.text.split("\n", 1)[1]
    assert said.startswith(f"Our listing for the {watch.cards[0].title} says: \u201c")
    assert "heart rate" in said and "Details" not in said


async def test_which_has_more_of_two_compared_is_of_those_two(memory):
    await memory.push("backpacks")
    await memory.push("what's the difference between the first two?")
    # "none of these 5 listings mentions "more pockets"": of all five, and "more" a word
    (more,) = await memory.push("which one has more pockets?")
    assert more.text.startswith(  # was "None of these 2 listings rates pockets"
        "Neither listing rates pockets, so I can't say which has more.")


async def test_a_kind_said_with_a_is_no_products_name(memory):
    await memory.push("cookware")
    (first,) = await memory.push("the first one")
    # the Campfire cook sets and pots, whose names start with the word
    (fire,) = await memory.push("can I use it on a campfire?")
    assert fire.kind == "product_answer" and fire.cards[0].title == first.cards[0].title


async def test_a_price_for_a_number_of_a_list_asks_which_one(memory):
    await memory.push("socks for hiking")
    (which,) = await memory.push("how much for 2 pairs?")  # it priced the first pair
    assert which.kind == "product_pick" and which.text.startswith(
        "Which of these 5 would you like 2 of?")
    (total,) = await memory.push("the second")
    assert total.kind == "policy" and total.text.startswith("2 × the ")
    await memory.push("the first one")  # no number asked now: its card
    (priced,) = await memory.push("how much for 2 pairs?")
    assert priced.kind == "product_answer" and "2 × " in priced.text


async def test_the_lightest_of_those_with_a_property_their_listings_mention(memory):
    await memory.push("trekking poles")
    # it named the lightest of all five, foldable or not
    (fold,) = await memory.push("which are the lightest foldable ones?")
    assert fold.kind == "product_pick" and fold.text == (
        "The Carbon Folding Hiking Poles are the only one shown that is foldable: 380 g.")
    (wet,) = await memory.push("which is the lightest waterproof one?")
    assert wet.text == "None of these 5 is waterproof."


async def test_too_big_of_an_item_of_the_order_returned_is_an_exchange(memory):
    await memory.push("I want to return something")
    await memory.push("10004")
    (jacket,) = await memory.push("the jacket")
    assert jacket.cards[0].title == "Glacier Urban Puffer Jacket"
    # a search for something smaller: nothing, and pans as the nearest
    (big,) = await memory.push("it's too big")
    assert big.kind == "policy" and "Exchanges for another size or colour" in big.text


async def test_how_many_pairs_of_a_list_is_each_ones_pack(memory):
    (socks,) = await memory.push("socks")
    named = [c.title for c in socks.cards]
    assert any("2-Pack" in n for n in named)  # the demo list this test is about
    (pairs,) = await memory.push("how many pairs?")  # was: the first one's answer alone
    assert pairs.kind == "product_pick" and pairs.text.startswith("In a pack:\n1. ")
    assert all(n in pairs.text for n in named) and ": 2, as its name says" in pairs.text
    await memory.push("sleeping bags", chat_id="b")
    (bags,) = await memory.push("how many in a pack?", chat_id="b")
    assert bags.text == ("None of these 5 listings names a pack, so they do not say how many "
                         "come in one.")


async def test_questions_of_a_product_read_as_asked(memory):
    await memory.push("tents")
    (porch,) = await memory.push("has it got a porch?")  # was: "what's your order number?"
    assert porch.kind == "product_answer" and (
        "does not mention whether it has a porch" in porch.text)
    (stoves,) = await memory.push("stove", chat_id="b")
    (boil,) = await memory.push("how long to boil a litre?", chat_id="b")  # "how many litres"
    assert (f"our listing for the {stoves.cards[0].title} does not say how long it takes to "
            "boil a litre" in boil.text)
    await memory.push("backpack 40 litres", chat_id="c")
    (cabin,) = await memory.push("does it fit carry-on?", chat_id="c")
    # was: Our listing … says: "Carries everything you need for multi-day treks …"
    assert "Carries" not in cabin.text.split("What it does say")[0]
    assert "does not mention whether it fits carry-on" in cabin.text


async def test_an_alternative_with_a_filter_keeps_the_kind_gender_and_size(memory, app):
    (boot,) = await memory.push("do you have the Talus Mid Boot in 44?")
    talus = app.catalog.get(boot.cards[0].product_id)
    assert talus["attributes"]["gender"] == "men" and talus["attributes"]["waterproof"] == "no"
    for n, said in enumerate(("any waterproof alternative?",  # was GPS watches
                              "any alternative that is waterproof?")):  # was not waterproof
        if n:
            await memory.push("do you have the Talus Mid Boot in 44?")
        (others,) = await memory.push(said)
        found = [app.catalog.get(c.product_id) for c in others.cards]
        assert others.kind == "product_results" and found
        assert all(p["category"] == "hiking boots" and p["attributes"]["waterproof"] == "yes"
                   and p["attributes"]["gender"] in ("men", "unisex") and "44" in p["sizes"]
                   for p in found)


async def test_zip_off_trousers_are_the_convertible_ones(memory):
    (trousers,) = await memory.push("trousers")
    convertible = [c.title for c in trousers.cards if "Convertible" in c.title]
    assert convertible  # the demo list this test is about
    (zip_off,) = await memory.push("are they zip off?")  # was: none mentions "zip off"
    assert zip_off.kind == "product_pick" and all(n in zip_off.text for n in convertible)
    assert '"zip-off" (as "convertible")' in zip_off.text
    n = [c.title for c in trousers.cards].index(convertible[0]) + 1
    await memory.push(f"tell me about number {n}")
    (one,) = await memory.push("is it zip-off?")  # was its whole card
    assert f"Yes — the {convertible[0]} are convertible (zip-off)" in one.text


async def test_which_is_best_for_a_use_after_a_list_is_asked_of_it(memory):
    await memory.push("backpacks")
    (hike,) = await memory.push("which is best for a 3 day hike?")  # listed hiking boots
    assert hike.kind == "product_pick" and not hike.cards
    assert "which is better for a 3 day hike" in hike.text
    (camp,) = await memory.push("which one is good for camping?")  # all five side by side
    assert camp.kind == "product_pick" and "camping" in camp.text


async def test_how_much_with_a_size_and_colour_says_the_price(memory, app):
    (hiker,) = await memory.push("how much is the Col Mid Hiker in 43 in black?")
    boot = app.catalog.get(hiker.cards[0].product_id)
    assert "black" not in boot["colors"] and "43" in boot["sizes"]  # the demo data
    # it said only that it comes in 43 and not in black
    assert hiker.text.split("\n")[1].startswith(
        f"The Col Mid Hiker costs {boot['price']:.2f} EUR. No — ")
    (navy,) = await memory.push("does it come in navy?")  # no price asked: none said
    assert "costs" not in navy.text


async def test_a_folded_length_no_listing_gives_is_said_so(memory):
    await memory.push("hiking poles")
    (folded,) = await memory.push("how long are they when folded?")  # each one's lengths
    assert folded.text == "None of these 5 listings gives its folded length."


async def test_is_it_good_for_a_use_quotes_the_listing_or_says_it_does_not(memory, app):
    await memory.push("tents")
    (camping,) = await memory.push("is it good for camping?")  # the whole card
    assert camping.kind == "product_answer" and "Our listing for the" in camping.text
    assert "says: \u201c" in camping.text and "camp" in camping.text.split("says:")[1].lower()


async def test_a_name_word_several_share_means_the_one_asked_about(memory):
    (watches,) = await memory.push("watches")
    gps = [c.title for c in watches.cards if "GPS" in c.title]
    assert len(gps) > 1 and watches.cards[0].title == gps[0]  # the demo list
    await memory.push("does the first one have gps?")
    (accurate,) = await memory.push("how accurate is the gps?")  # "which one do you mean?"
    assert accurate.kind == "product_answer" and accurate.cards[0].title == gps[0]
    await memory.push("watches", chat_id="b")
    (which,) = await memory.push("how accurate is the gps?", chat_id="b")  # none asked about
    assert which.text.startswith("Which one do you mean?")


async def test_a_bare_comparative_after_a_list_of_mixed_kinds_compares_with_the_list(memory):
    (gifts,) = await memory.push("I need a present for my dad who loves camping, budget 80")
    kinds = {c.title.split()[-1] for c in gifts.cards}
    assert "Daypack" in kinds and kinds & {"Pan", "Pot"}  # the demo list this test is about
    # it said no product mentions "something smaller"; the pans list no capacity
    (smaller,) = await memory.push("something smaller?")
    assert smaller.kind == "product_pick" and smaller.text == (
        "I have nothing smaller for this search that lists a capacity: the Rucker 22 Daypack "
        "(22 litres) is the only one that does.")
    # lighter than the lightest shown, within the budget (it listed headlamps of any price)
    (lighter,) = await memory.push("anything lighter?")
    assert lighter.kind == "product_results" and lighter.cards
    with open(Path(__file__).parents[2] / "data" / "catalog.csv", newline="") as f:
        weighs = {row["name"]: re.search(r"weight_g=(\d+)", row["attributes"])
                  for row in csv.DictReader(f)}
    shown_grams = min(int(weighs[c.title][1]) for c in gifts.cards if weighs[c.title])
    grams = [int(re.search(r", (\d+) g\b", line)[1]) for line in lighter.text.splitlines()
             if re.match(r"\d\. ", line)]
    assert grams and max(grams) < shown_grams
    assert all(float(re.search(r"— ([\d.]+) EUR", line)[1]) <= 80
               for line in lighter.text.splitlines() if re.match(r"\d\. ", line))


@pytest.mark.parametrize("text, only", [
    ("something smaller?", True), ("anything a bit lighter?", True), ("a warmer one?", True),
    ("less expensive ones please", True), ("something lighter for my wife", False),
    ("a lighter tent", False), ("something smaller with a hood", False),
    ("the lightest one", False), ("something else", False)])
def test_only_compares_is_a_comparison_and_nothing_else(text, only):
    assert only_compares(text) is only


async def test_words_that_carry_the_talk_on_leave_a_bare_question_of_the_whole_list(memory):
    (shoes,) = await memory.push("running shoes")
    (sizes,) = await memory.push("ok which sizes then?")  # was the first one's sizes
    assert sizes.kind == "product_pick" and sizes.text.startswith("Sizes:\n1. ")
    assert all(c.title in sizes.text for c in shoes.cards)


async def test_which_would_you_pick_of_two_compared_says_what_their_figures_favour(memory):
    await memory.push("I need a sleeping bag for winter camping in Norway")
    (pair,) = await memory.push("what's the difference between the first two?")
    assert pair.kind == "compare"
    # the two side by side again
    for text in ("which one would you pick?", "ok which is better?"):
        (pick,) = await memory.push(text)
        assert pick.kind == "product_pick" and pick.text.startswith(
            ("Going by the figures the listings give, the ", "It depends on what matters"))
        assert len(pick.cards) == 2 and all(c.title in pair.text for c in pick.cards)
    # a purpose no listing speaks of: said so, then the figures
    await memory.push("hiking boots", chat_id="b")
    await memory.push("compare the Talus XT and the Col Leather", chat_id="b")
    (trek,) = await memory.push("which would you pick for a long trek?", chat_id="b")
    assert trek.text == (
        "No listing here says which is better for a long trek. It depends on what matters "
        "most to you: the Talus XT Trekking Boot is lighter (525 g against 560 g); the Col "
        "Leather Trekking Boot is cheaper (121.99 EUR against 214.99 EUR) and is waterproof. "
        "They differ too in who they are made for, which only you can weigh.")


async def test_and_for_a_purpose_after_a_comparison_asks_which_is_better_for_it(memory):
    await memory.push("the Trace 2 GPS Watch vs the Orbit X GPS Watch")
    await memory.push("which is better?")
    # no product mentions "for swimming", and three watches came as the nearest
    (swim,) = await memory.push("and for swimming?")
    assert swim.kind == "product_pick" and swim.text == (
        "Neither the listing of the Trace 2 GPS Watch nor that of the Orbit X GPS Watch says "
        "anything about swimming, so I can't say which is better for it.")


async def test_a_bare_superlative_no_listing_rates_is_said_unrated(memory):
    await memory.push("socks")
    (thin,) = await memory.push("and the thinnest?")  # the first pair's card
    assert thin.kind == "product_pick" and thin.text == (
        "None of these 5 listings rates that, so I can't say which is the thinnest.")
    (cheap,) = await memory.push("the cheapest?")  # one the listings give: computed
    assert cheap.text.startswith("Of these 5, the cheapest ")


async def test_how_many_are_left_is_the_stock_of_what_is_shown(memory):
    await memory.push("tell me about the Kettle Compact Stove")
    (one,) = await memory.push("how many do you have?")  # "say it another way"
    assert one.kind == "product_answer" and "is in stock (" in one.text
    (stoves,) = await memory.push("stoves", chat_id="b")
    # "None of these 5 listings says how many are left it comes with."
    (left,) = await memory.push("how many are left?", chat_id="b")
    assert left.kind == "product_pick" and left.text.startswith("Stock:\n1. ")
    assert all(c.title in left.text for c in stoves.cards)


async def test_and_a_thing_after_which_ones_have_asks_it_of_the_same_list(memory):
    (jackets,) = await memory.push("rain jackets")
    await memory.push("which ones have pit zips?")
    # a search for hooded things of every kind
    (hood,) = await memory.push("and a hood?")
    assert hood.kind == "product_pick" and not hood.cards
    assert hood.text == 'Sorry, none of these 5 listings mentions "a hood".'
    assert all("hood" not in c.title.lower() for c in jackets.cards)  # the demo list
    await memory.push("rain jackets", chat_id="b")
    await memory.push("which ones have pit zips?", chat_id="b")
    (women,) = await memory.push("and for women?", chat_id="b")  # no "which have for women?"
    assert women.kind == "product_results" and women.cards


async def test_for_how_long_after_does_it_keep_asks_how_long_it_does(memory, app):
    # "for how long?" after "does the first one keep drinks hot?": its whole card came back
    bottle = app.catalog.get((await memory.push("water bottle"))[0].cards[0].product_id)
    await memory.push("does the first one keep drinks hot?")
    (long,) = await memory.push("for how long?")
    assert long.kind == "product_answer" and long.cards[0].title == bottle["name"]
    assert "does not say how long it keeps drinks hot" in long.text
    await memory.push("tents", chat_id="t")
    await memory.push("is the first one waterproof?", chat_id="t")
    (tent,) = await memory.push("how long?", chat_id="t")  # no duration asked before: as it was
    assert "how long it" not in tent.text


async def test_and_in_another_size_after_one_asked_is_that_size_of_it(memory, app):
    # "and in L?" after "the first one in M?" gave the shop's contact details (0.84)
    fleece = app.catalog.get((await memory.push("fleece"))[0].cards[0].product_id)
    await memory.push("the first one in M?")
    for size in ("L", "XXL"):
        (again,) = await memory.push(f"and in {size}?")
        assert again.kind == "product_answer" and again.cards[0].title == fleece["name"]
        said = "comes in" if size in fleece["sizes"] else "does not come in"
        assert f"the {fleece['name']} {said} size {size}" in again.text


async def test_to_a_country_after_the_shipping_answer_asks_if_it_is_shipped_to(memory):
    # "to austria too?" after "is shipping free?" was "say it another way"
    await memory.push("is shipping free?")
    (austria,) = await memory.push("to austria too?")
    assert austria.kind == "policy" and austria.text.startswith("Yes — we ship to")
    (uk,) = await memory.push("to the UK?")
    assert uk.text.startswith("Sorry, we don't ship to the UK.")


async def test_a_how_question_naming_the_product_says_it_not_a_dangling_article(memory):
    # "… does not say how long it takes to pitch the." (the name was taken out of it)
    (reply,) = await memory.push("how long does it take to pitch the Stormhold Plus?")
    assert "does not say how long it takes to pitch it." in reply.text


@pytest.mark.parametrize("follow_on", ["and heart rate?", "what about heart rate?"])
async def test_a_feature_said_after_a_search_narrows_it(memory, app, follow_on):
    # "and heart rate?" after "which watches have gps?" was "say it another way" (a
    # comparison at 0.35); "what about heart rate?" searched every kind for the words
    # (a watch and a road shoe)
    await memory.push("which watches have gps?")
    (reply,) = await memory.push(follow_on)
    assert reply.kind == "product_results" and len(reply.cards) == 5
    assert {app.catalog.get(c.product_id)["category"] for c in reply.cards} == {"watches"}
    assert "heart rate" in app.catalog.get(reply.cards[0].product_id)["description"].lower()


def test_a_bare_feature_after_what_about_is_no_thing_of_its_own():
    from core.followups import a_thing, as_feature, same_kind
    assert a_thing("what about heart rate?", after_search=True) is None
    assert a_thing("ok what about ponchos", after_search=True) == "ponchos"  # a thing
    assert a_thing("ok and a pillow?", after_search=True) == "pillow?"
    assert same_kind("what about heart rate?") and as_feature("what about heart rate?") == \
        "with heart rate?"
    assert not same_kind("what about shoes?")  # after boots: a kind of its own
    # a thing named with "a", or with what it is for: gaiters (not sold) were still the
    # search, and "what about a rain cover for my backpack?" said no product mentions gaiters
    assert not same_kind("what about a rain cover?")
    assert not same_kind("what about something for my kid")


async def test_a_thing_asked_for_after_one_not_sold_is_a_search_of_its_own(memory):
    await memory.push("do you have gaiters?")
    (cover,) = await memory.push("what about a rain cover for my backpack?")
    assert cover.kind == "product_unknown"
    assert cover.text.startswith('Sorry, no product in our shop mentions "rain cover".')
    (warm,) = await memory.push("do you have gloves?")
    (again,) = await memory.push("warm ones")  # still gloves, so still none
    assert again.text.startswith('Sorry, no product in our shop mentions "gloves"') and \
        warm.kind == again.kind == "product_unknown"


@pytest.mark.parametrize("text, dislikes", [
    ("I don't like any of them", True), ("none of these are what I want", True),
    ("hmm not what I'm looking for", True), ("no, neither of them", True),
    ("nothing there for me", True),
    ("I don't like your service", False),  # a complaint: a person
    ("none of them arrived", False),  # an order's problem
    ("I like the second one", False), ("what are these made of?", False),
])
def test_a_list_turned_down(text, dislikes):
    from core.followups import dislikes_shown
    assert dislikes_shown(text) is dislikes


async def test_a_list_turned_down_shows_others_of_the_search(memory, app):
    # "I don't like any of them" after tents was a complaint at 0.84: handed to a person;
    # "none of these are what I want" "say it another way"
    (tents,) = await memory.push("tents")
    (others,) = await memory.push("I don't like any of them")
    assert others.kind == "product_results" and len(others.cards) == 5
    assert {app.catalog.get(c.product_id)["category"] for c in others.cards} == {"tents"}
    assert not {c.product_id for c in others.cards} & {c.product_id for c in tents.cards}
    # and what could narrow it (it relisted without a word of it); "show me more" asks none
    assert "tell me what should be different (a lower price, another colour or size" in \
        others.text
    (more,) = await memory.push("none of these are what I want")
    assert more.kind == "product_results" and more.cards[0].product_id not in {
        c.product_id for c in (*tents.cards, *others.cards)}
    assert app.store.db["handoffs"].count == 0
    (plain,) = await memory.push("show me more")
    assert plain.kind == "product_results" and "should be different" not in plain.text


async def test_how_big_of_a_pot_that_lists_no_size_says_so(memory):
    await memory.push("tell me about the Kettle Solo Pot")
    (reply,) = await memory.push("how big is it?")  # its whole card, no word of its size
    assert "Sorry, our listing for the Kettle Solo Pot does not say how big it is. What it " \
           "does say:" in reply.text


async def test_two_products_asked_by_name_are_what_follows_on_of_them(memory):
    await memory.push("is the Granite XT waterproof?")
    await memory.push("how heavy?")
    (kammweg,) = await memory.push("and the Kammweg Pro?")  # its whole card
    assert kammweg.text.endswith("The Kammweg Pro Hiking Boot weighs 600 g.")
    # the Kammweg's whole card; "long hikes" is said by neither (it said both mention it)
    (better,) = await memory.push("which is better for long hikes?")
    assert better.kind == "product_pick" and better.text == (
        "The listings of the Granite XT Trekking Boot and the Kammweg Pro Hiking Boot both "
        "mention hiking, and neither says which is better for long hikes.")
    (lighter,) = await memory.push("which is lighter?")
    assert "the lighter is the Kammweg Pro Hiking Boot: 600 g" in lighter.text


async def test_a_number_in_a_name_asked_of_next_is_no_quantity(memory):
    await memory.push("how much is the Nightjar 2 Dome Tent?")
    (starfall,) = await memory.push("what about the Starfall 2 Tent?")
    assert "costs 303.99 EUR" in starfall.text and "×" not in starfall.text  # "2 × 303.99"


async def test_both_of_a_list_with_none_picked_asks_which_two_then_answers(memory, app):
    await memory.push("jackets")
    boots = [app.catalog.get(c.product_id) for c in (await memory.push("and boots?"))[0].cards]
    # it summed the first two boots, as if the customer had picked them
    (which,) = await memory.push("how much would both cost?")
    assert which.text.startswith("Which two do you mean?") and "×" not in which.text
    (total,) = await memory.push("the first and the third")  # was: the two side by side
    assert total.text.endswith(
        f"{boots[0]['price'] + boots[2]['price']:.2f} EUR together.")
    (which,) = await memory.push("are both in stock?")
    (stock,) = await memory.push("2 and 4")  # "say it another way"
    assert stock.kind == "product_pick" and boots[1]["name"] in stock.text
    assert boots[3]["name"] in stock.text and boots[0]["name"] not in stock.text


async def test_a_bare_number_after_a_numbered_reply_is_that_product(memory, app):
    (talus,) = await memory.push("is the Talus waterproof?")
    assert talus.text.startswith("1. ")
    (second,) = await memory.push("2")  # "say it another way"
    assert second.kind == "product_answer"
    assert second.cards[0].product_id == talus.cards[1].product_id
    (none,) = await memory.push("7")  # no seventh
    assert none.kind != "product_answer"


async def test_what_comes_with_a_product_named_is_said_unlisted(memory):
    (stove,) = await memory.push("what's included with the Kettle Titanium Stove?")  # its card
    assert stove.text.split("\n")[1].startswith(
        "Sorry, our listing for the Kettle Titanium Stove does not say what comes with it.")


async def test_a_bare_size_after_one_picked_from_a_list_is_of_it(memory, app):
    (boots,) = await memory.push("hiking boots")
    (third,) = await memory.push("the third one")
    boot = app.catalog.get(third.cards[0].product_id)
    size = next(s for s in ("43", "44", "45", "46", "47", "36") if s not in boot["sizes"])
    (sized,) = await memory.push(f"in {size}?")  # every boot in that size
    assert sized.kind == "product_answer" and sized.cards[0].product_id == boot["id"]
    assert f"does not come in size {size}" in sized.text


async def test_a_version_for_another_wearer_names_those_made_for_them(memory, app):
    # "… is a men's model." and no more
    (women,) = await memory.push("is there a women's version of the Kammweg Pro Hiking Boot?")
    assert "The Kammweg Pro Hiking Boot is a men's model. For women, our hiking boots include "\
        "the Kammweg Leather Trekking Boot, " in women.text  # its name's own first
    named = re.findall(r"the ([A-Z][\w -]+?)(?:,| and| \(|\.)", women.text.split("include ")[1])
    assert named and all(app.catalog.named_in(n)[0]["attributes"]["gender"] in (
        "women", "unisex") for n in named)
    (men,) = await memory.push("is the Kammweg Pro Hiking Boot for men?")  # it is
    assert men.text.endswith("The Kammweg Pro Hiking Boot is a men's model.")
