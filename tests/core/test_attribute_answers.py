"""Questions about one property of a product get that property, or an honest "not listed"."""

import pytest

from core.attribute_answers import (agree, answer, big_unsaid, fit_asked, of_name,
                                    packs_of_all)
from core.unsaid import (all_or_none, better_for, each_asked, carried, how_said, how_unsaid, judged_unsaid, none_say,
                         said_of, unmentioned, what_unsaid, where_of_all, which_asked)
from core.facts import answer_facts, lists_of_all
from core.grounding import check

BAG = {"name": "Dormant Bag", "price": 183.0, "currency": "EUR", "stock": 5, "sizes": ["Regular", "Long"],
       "colors": ["blue"], "attributes": {"weight_g": "1460", "material": "synthetic fill",
                                          "comfort_temp_c": "-5", "waterproof": "no"}}
LAMP = {"name": "Lumen 500", "price": 40.0, "stock": 2,
        "attributes": {"lumens": "500", "waterproof": "yes", "weight_g": "60"}}


@pytest.mark.parametrize("product, question, expected", [
    (BAG, "how much does it weigh", "The Dormant Bag weighs 1460 g."),
    (BAG, "is it waterproof?", "No — the Dormant Bag is not waterproof."),
    (LAMP, "is the second one waterproof?", "Yes — the Lumen 500 is waterproof."),
    (BAG, "what is it made of", "The Dormant Bag is made of synthetic fill."),
    (BAG, "how warm is it", "The Dormant Bag is comfortable down to -5 °C."),
    (LAMP, "how bright is it and how heavy",
     "The Lumen 500 weighs 60 g. The Lumen 500 gives 500 lumens."),
    (LAMP, "how many litres does it hold",
     "Our listing for the Lumen 500 does not say how many litres it holds."),
    (LAMP, "tell me more", None),
    # its weight (it said the listing does not mention whether it is light)
    (BAG, "is it light?", "The Dormant Bag weighs 1460 g."),
    (BAG, "is the Dormant Bag light enough for backpacking?", "The Dormant Bag weighs 1460 g."),
    (LAMP, "is it lightweight?", "The Lumen 500 weighs 60 g."),
    # its weight packed is its weight (it said too that the listing gives no packed size)
    (BAG, "how much does it weigh packed?", "The Dormant Bag weighs 1460 g."),
    (BAG, "what's the packed weight?", "The Dormant Bag weighs 1460 g."),
    (BAG, "how many grams is it?", "The Dormant Bag weighs 1460 g."),  # its whole card
    (BAG, "how many kilos is the Dormant Bag?", "The Dormant Bag weighs 1460 g."),
    (BAG, "is it light grey?", None),       # a colour
    (BAG, "is it comfortable?", None),      # not the comfort temperature
    # a temperature asked about is held against the rating (a card came back before)
    (BAG, "is it good for -15?",
     "No — the Dormant Bag is comfortable down to -5 °C; -15 °C is colder than its rating."),
    (BAG, "warm enough at minus 5 degrees?",
     "Yes — the Dormant Bag is comfortable down to -5 °C, so -5 °C is within its rating."),
    (BAG, "ok for 2°C nights and how heavy", "Yes — the Dormant Bag is comfortable down to "
     "-5 °C, so 2 °C is within its rating. The Dormant Bag weighs 1460 g."),
    (LAMP, "does it work at -10?",
     "Our listing for the Lumen 500 does not say its comfort temperature."),
    # a number without a unit is no temperature
    (BAG, "is it good for 2 people?",
     "Our listing for the Dormant Bag does not say how many people it is for."),
    (BAG, "is size 10-12 ok?", None),
])
def test_answer(product, question, expected):
    assert answer(product, question) == expected


WINTER_BAG = {"name": "Dormant -5 Synthetic Sleeping Bag", "price": 183.0, "stock": 5, "attributes": {
    "comfort_temp_c": "-5", "season": "winter"}}
SOCKS = {"name": "Quarter Light Hiking Socks", "attributes": {"season": "3-season"}}


@pytest.mark.parametrize("product, question, expected", [
    (WINTER_BAG, "is it good for winter?",
     "Yes — the Dormant -5 Synthetic Sleeping Bag is made for winter, comfortable down to -5 °C."),
    (WINTER_BAG, "can I take it camping in summer?",
     "No — the Dormant -5 Synthetic Sleeping Bag is made for winter, comfortable down to -5 °C."),
    (SOCKS, "are they ok for spring?",
     "Yes — the Quarter Light Hiking Socks are made for three seasons, spring to autumn."),
    (SOCKS, "good in the fall?",
     "Yes — the Quarter Light Hiking Socks are made for three seasons, spring to autumn."),
    (SOCKS, "can I wear them in winter?",
     "No — the Quarter Light Hiking Socks are made for three seasons, spring to autumn."),
    (SOCKS, "what season are they for?",
     "The Quarter Light Hiking Socks are made for three seasons, spring to autumn."),
    (LAMP, "is it good for winter?",
     "Our listing for the Lumen 500 does not say which season it is made for."),
    (SOCKS, "will they fall down?", None),  # "fall" alone is no season
    # a month is held against its season (it was "does not say whether it is good for
    # december" of an autumn-winter fleece), and the reply says which season that is
    (WINTER_BAG, "is it warm enough for January?",
     "Yes — the Dormant -5 Synthetic Sleeping Bag is made for winter, comfortable down to -5 °C "
     "(January is winter)."),
    # warm enough asks for warmth, which a winter bag has for autumn too (it said "No")
    (WINTER_BAG, "is it warm enough for October?",
     "Yes — the Dormant -5 Synthetic Sleeping Bag is made for winter, comfortable down to -5 °C, "
     "so it is warm enough for October (autumn)."),
    ({**WINTER_BAG, "name": "Quarter Heavy Socks"}, "are they warm enough for October?",
     "Yes — the Quarter Heavy Socks are made for winter, comfortable down to -5 °C, so they "
     "are warm enough for October (autumn)."),  # "so it is"
    (SOCKS, "are they warm enough for winter?",
     "No — the Quarter Light Hiking Socks are made for three seasons, spring to autumn."),
    (WINTER_BAG, "is it good in the cold?",  # "does not say" of a winter bag
     "Yes — the Dormant -5 Synthetic Sleeping Bag is made for winter, comfortable down to -5 °C."),
    (SOCKS, "ok for a hike in august?",
     "Yes — the Quarter Light Hiking Socks are made for three seasons, spring to autumn (August "
     "is summer)."),
    (SOCKS, "may I ask something about them?", None),
])
def test_a_season_asked_about_is_held_against_the_listed_one(product, question, expected):
    said = answer(product, question)
    assert (said and agree(said, product["name"])) == expected


def test_a_number_in_the_products_name_is_no_temperature_asked():
    # the whole card came back for "warm enough for winter?", and "is the Dormant -5 good
    # for -8?" was read as -5
    def said(question):
        return answer_facts(WINTER_BAG, {}, question)["answer"]

    assert said("is the Dormant -5 warm enough for winter?").startswith(
        "Yes — the Dormant -5 Synthetic Sleeping Bag is made for winter")
    assert said("is the Dormant -5 good for -8?") == (
        "No — the Dormant -5 Synthetic Sleeping Bag is comfortable down to -5 °C; -8 °C is "
        "colder than its rating.")
    assert said("is the dormant -5 synthetic ok at -5?").startswith(
        "Yes — the Dormant -5 Synthetic Sleeping Bag is comfortable down to -5 °C")


BOOTS = [{"name": f"Col {n} Boot", "price": 90.0, "stock": 3, "sizes": ["40", "41"], "description": d}
         for n, d in (("Mid", "A light boot."), ("Low", "Roomy, in a wide fit too."))]


def test_a_kind_of_size_asked_about_is_said_to_be_listed_or_not():
    # "do they come in wide sizes?" got the size lists as if they were wide
    assert fit_asked("do they come in wide sizes?") == "wide"
    assert fit_asked("any half sizes?") == "half"
    assert fit_asked("which sizes?") is None
    assert answer_facts(BOOTS[0], {}, "is it available in a wide fit?")["answer"] == (
        "Our listing for the Col Mid Boot does not mention wide sizes. "
        "The Col Mid Boot comes in 40 and 41.")
    assert lists_of_all(BOOTS[:1] * 2, "do they come in wide sizes?").startswith(
        "Neither listing mentions wide sizes.\n\nSizes:\n1. Col Mid Boot: 40, 41")
    assert lists_of_all(BOOTS, "wide sizes?").startswith("Sizes:")  # one says so


def test_the_reply_facts_carry_the_direct_answer_and_it_is_grounded():
    facts = answer_facts(BAG, {}, "how heavy is it?")
    assert facts["answer"] == "The Dormant Bag weighs 1460 g."
    assert check("It weighs 1460 g.", facts) == []
    assert [v.kind for v in check("It weighs 1200 g.", facts)] == ["number"]
    # not listed: a draft may say it is not known, not that it is (or is not) waterproof
    unknown = answer_facts(LAMP | {"attributes": {}}, {}, "is it waterproof?")
    assert "does not say whether it is waterproof" in unknown["answer"]
    assert [v.kind for v in check("Yes, the Lumen 500 is waterproof.", unknown)] == ["feature"]
    # a size question is still answered as one
    assert answer_facts(BAG, {"size": "Long"}, "in long?")["answer"].startswith("Yes")


def test_colours_and_sizes_are_listed():
    assert answer(BAG, "what colours does it come in") == "The Dormant Bag comes in blue."
    # a list in a sentence reads "Regular and Long" (it read "Regular, Long")
    assert answer(BAG, "which sizes?") == "The Dormant Bag comes in Regular and Long."
    assert answer(BAG | {"colors": ["sand", "navy", "red"]}, "which colours?") == (
        "The Dormant Bag comes in sand, navy and red.")
    assert answer(LAMP, "what colors?") == "The Lumen 500 comes in one colour only."
    # one size, and what it is where the listing says ("one size only", no more, before)
    assert answer(LAMP, "what size is it?") == "The Lumen 500 comes in one size only."
    assert answer({"name": "Brook Bottle", "attributes": {"capacity_l": "0.75"}},
                  "what size is it?") == "The Brook Bottle comes in one size only: it holds " \
                                         "0.75 litres."
    assert answer({"name": "Starfall Tent", "attributes": {"persons": "2"}},
                  "which sizes?") == "The Starfall Tent comes in one size only, for 2 people."


def test_a_word_that_describes_does_not_pick_a_product_by_name():
    from core.facts import resolve_refs

    shown = [{"id": "A", "name": "Ridgeline XT Boot", "category": "hiking boots", "price": 161},
             {"id": "B", "name": "Talus Waterproof Hiking Boot", "category": "hiking boots",
              "price": 110}]
    assert resolve_refs(shown, {}, "and is it waterproof") == []
    assert [p["id"] for p in resolve_refs(shown, {}, "is the talus waterproof?")] == ["B"]


def test_a_price_question_gets_the_price():
    assert answer(BAG, "how much is the first one?", "183.00 EUR") == "The Dormant Bag costs 183.00 EUR."
    assert answer(BAG, "how much does it weigh", "183.00 EUR") == "The Dormant Bag weighs 1460 g."
    assert answer(BAG, "how much is it") is None  # no price given: the caller's card has it
    assert answer_facts(BAG, {}, "what's the price?")["answer"].endswith("costs 183.00 EUR.")


@pytest.mark.parametrize("question, expected", [
    ("is the first one rechargeable?", "whether it is rechargeable"),
    ("does it have a red light mode?", "whether it has a red light mode"),
    ("are they dimmable", "whether it is dimmable"),
    ("is it bright?", None),             # the listing says "bright"
    ("does it have lumens", None),       # an attribute it lists
    ("is it good?", None),               # a judgement, not a property
    ("is it a good headlamp for running", None),  # not a one-property yes/no question
    ("is the first one BPA free?", "whether it is BPA free"),  # was "whether it is free"
    ("is it dishwasher safe?", "whether it is dishwasher safe"),
    ("is it carry-on size?", "whether it is carry-on size"),  # was the whole card
    ("is it cabin sized?", "whether it is cabin sized"),
    ("is it the right size?", None),     # a fit, not a listed property
    ("is the first one dimmable?", "whether it is dimmable"),  # "one" is no property
    ("is the head torch dimmable?", "whether it is dimmable"),
    ("does it need AA batteries?", "whether it needs AA batteries"),  # was the whole card
    ("does it take a USB cable", "whether it takes a USB cable"),
    ("does it run on gas?", "whether it runs on gas"),
    ("does it work on induction?", "whether it works on induction"),  # was the whole card
    ("does it need lumens", None),       # an attribute it lists
    ("does it shrink?", "whether it shrinks"),  # a verb alone: was the whole card
    ("does it pack into its pocket?", "whether it packs into its pocket"),  # the card too
    ("does it fold down small?", "whether it folds down small"),
    ("does it ship to france?", None), ("does it come in red?", None),
    ("does the Lumen 500 flash?", "whether it flashes"),
    ("do they ship?", None),             # a shipping question, not a property
    ("does it cost?", None),
    ("the Lumen, does it have a red mode?", "whether it has a red mode"),  # was the card
    ("ok, is it rechargeable?", "whether it is rechargeable"),
    ("is the first one good for winter?", None),  # was "whether it is winter"
    ("is it warm enough for camping?", None),
    # "that one": the lightest just named (its whole card came back)
    ("does that one have a hip belt?", "whether it has a hip belt"),
    ("is this one rechargeable?", "whether it is rechargeable"),
    ("is it water repellent?", "whether it is water repellent"),  # one property of two words
    ("does it have 2 modes?", "whether it has 2 modes"),  # a count: the whole card came back
    ("is it quick drying?", "whether it is quick drying"),  # was "whether it is drying"
    ("is it compatible with iphone?", "whether it works with iphone"),  # was the whole card
    ("is it machine washable?", "whether it is machine washable"),  # the whole card too
    ("is it usb rechargeable?", "whether it is usb rechargeable"),  # the whole card too
    ("is it fully adjustable?", "whether it is adjustable"),
    ("does it smell after a few days?", "whether it smells after a few days"),  # the card
    ("does it fit carry-on?", "whether it fits carry-on"),
    ("does it come in a gift box?", "whether it comes with a gift box"),  # the whole card
    ("does it come in a bigger size?", None), ("does it come in red?", None),
    # a length or a fit it may come in (the first one's card came back)
    ("does it come in a long leg?", "whether it comes in a long leg"),
    ("does it come in short leg length?", "whether it comes in short leg length"),
    ("is it non stick?", "whether it is non-stick"),  # the whole card came back
])
def test_a_property_the_listing_never_mentions_is_said_to_be_unlisted(question, expected):
    lamp = {**LAMP, "description": "A bright headlamp for night runs."}
    said = unmentioned(lamp, question)
    assert said == (expected and
                    f"Sorry, our listing for the Lumen 500 does not mention {expected}.")


def test_the_card_follows_the_unlisted_property():
    facts = answer_facts({**LAMP, "description": "A bright headlamp."}, {}, "is it rechargeable?")
    assert facts["answer"].startswith("Sorry, our listing for the Lumen 500 does not mention "
                                      "whether it is rechargeable. What it does say: A bright")
    # each as read ("weight g: 60" before)
    assert facts["answer"].endswith(
        "\nDetails — brightness: 500 lumens; waterproof: yes; weight: 60 g.")


@pytest.mark.parametrize("name, text, expected", [
    ("Trail Poles", "Yes — the Trail Poles comes in size M, and it is in stock (3).",
     "Yes — the Trail Poles come in size M, and they are in stock (3)."),
    ("Trail Poles", "The Trail Poles is in stock (3 across all its sizes).",
     "The Trail Poles are in stock (3 across all their sizes)."),
    ("Trail Poles", "The Trail Poles weighs 380 g. The Trail Poles is made of carbon.",
     "The Trail Poles weigh 380 g. The Trail Poles are made of carbon."),
    # the name is not the subject here: the listing is
    ("Trail Poles", "Our listing for the Trail Poles does not say how much it weighs.",
     "Our listing for the Trail Poles does not say how much it weighs."),
    ("Orbit Compass", "The Orbit Compass is red.", "The Orbit Compass is red."),
    ("Dormant Bag", "The Dormant Bag weighs 1460 g.", "The Dormant Bag weighs 1460 g."),
])
def test_a_plural_name_takes_a_plural_verb(name, text, expected):
    assert agree(text, name) == expected


def test_what_a_listing_does_not_say_of_a_plural_name_says_they():
    poles = {"id": "T1", "name": "Trail Poles", "price": 40.0, "attributes": {},
             "description": "Light poles."}
    assert answer(poles, "how much do they weigh and what are they made of?") == (
        "Our listing for the Trail Poles does not say how much they weigh or what they are "
        "made of.")
    assert unmentioned(poles, "are they foldable?") == (
        "Sorry, our listing for the Trail Poles does not mention whether they are foldable.")
    assert unmentioned(poles, "do they need batteries?") == (
        "Sorry, our listing for the Trail Poles does not mention whether they need batteries.")
    assert unmentioned(poles, "do they rattle?") == (
        "Sorry, our listing for the Trail Poles does not mention whether they rattle.")
    assert of_name("how long its battery lasts", "Trail Poles") == (
        "how long their battery lasts")
    assert of_name("how much it weighs", "Orbit Compass") == "how much it weighs"


def test_is_it_a_material_it_is_made_of():
    pot = {"id": "C1", "name": "Simmer Titanium Cook Set", "price": 53.0,
           "attributes": {"material": "titanium"}, "description": "A compact kitchen."}
    assert answer(pot, "is it titanium?") == (
        "Yes — the Simmer Titanium Cook Set is made of titanium.")
    assert answer(pot, "is it aluminium?") == (  # another material: no, and what it is
        "No — the Simmer Titanium Cook Set is made of titanium.")
    assert answer(pot, "is it sturdy?") is None  # no material: the card answers
    assert answer({**pot, "attributes": {"material": "recycled polyester"}},
                  "is it synthetic?").startswith("Yes — ")  # polyester is synthetic
    assert answer(pot, "is it waterproof?") == (
        "Our listing for the Simmer Titanium Cook Set does not say whether it is waterproof.")


def test_either_material_packed_size_and_a_price_for_several():
    bag = {"id": "B1", "name": "Dormant Lite Down Sleeping Bag", "price": 285.0,
           "currency": "EUR", "attributes": {"material": "duck down"}, "description": "Warm."}
    assert answer(bag, "is it down or synthetic?") == (
        "The Dormant Lite Down Sleeping Bag is made of duck down.")  # was the whole card
    assert answer(bag, "how small does it pack?") == (
        "Our listing for the Dormant Lite Down Sleeping Bag does not say how small it packs.")
    socks = {"id": "S1", "name": "Quarter Merino Hiking Socks", "price": 29.9,
             "currency": "EUR", "attributes": {}}
    facts = answer_facts(socks, {"quantity": 2}, "how much for two?")
    assert facts["answer"] == (
        "The Quarter Merino Hiking Socks cost 29.90 EUR. 2 × 29.90 EUR = 59.80 EUR.")


@pytest.mark.parametrize("question, rest, again", [
    ("does it have a hood?", " pockets?", "does it have pockets?"),
    ("Does the Pika come with a rain cover?", "a hip belt", "does the pika come with a hip belt?"),
    ("is it waterproof?", "windproof?", "is it windproof?"),
    ("how heavy is it?", "pockets", None),          # no yes/no question to ask again
    ("does it have a hood?", "the one in the middle of the list", None),  # no short phrase
    ("does it have a hood?", "#2?", None),
    ("the Pika, does it have a hood?", "pockets", "the pika, does it have pockets?"),
    ("does it shrink?", "fade", "does it fade?"),
])
def test_carried_asks_a_yes_no_question_of_another_property(question, rest, again):
    assert carried(question, rest) == again


@pytest.mark.parametrize("question, each", [
    ("which ones are waterproof?", "is it waterproof?"),
    ("Which has GPS?", "does it have gps?"),
    ("which of them have a heart rate monitor?", "does it have a heart rate monitor?"),
    ("which one comes with a rain cover", "does it come with a rain cover?"),
    ("which is the lightest?", "is it the lightest?"),  # the superlative is asked first
    ("which size should I take?", None), ("is it waterproof?", None),
    # all side by side came back
    ("which keeps drinks cold?", "does it keep drinks cold?"),
    ("which ones take AAA batteries?", "does it take aaa batteries?"),
])
def test_which_asked_is_the_yes_no_question_of_each(question, each):
    assert which_asked(question) == each


TENT = {"name": "Starfall Plus Dome Tent", "description": "A shelter for wild camping.",
        "category": "tents", "attributes": {"persons": "3", "material": "recycled nylon"}}
SOCKS_2 = {"name": "Quarter Heavy Hiking Socks", "description": "Socks that fit snugly.",
           "attributes": {"material": "merino wool"}}


@pytest.mark.parametrize("product, question, expected", [
    (TENT, "how long does it take to pitch?", "how long it takes to pitch"),
    (TENT, "how long to pitch?", "how long it takes to pitch"),  # said short: the card
    # its name or kind said: "it" ("… to pitch the." when the name was taken out)
    (TENT, "how long does it take to pitch the Starfall Plus?", "how long it takes to pitch it"),
    (TENT, "how long does it take to pitch the tent?", "how long it takes to pitch it"),
    (TENT, "how long does it take to pitch the?", "how long it takes to pitch it"),
    (TENT, "how long does it take to pitch in the rain?",
     "how long it takes to pitch in the rain"),
    (TENT, "how easy to clean?", "how easy it is to clean"),
    (TENT, "how much to ship?", None),  # shipping: the policy
    (TENT, "how do I clean it?", "how to clean it"),
    (TENT, "how do I set it up?", "how to set it up"),
    (SOCKS_2, "how long do they last?", "how long they last"),
    # a part of it or what it takes (the whole card came back)
    (TENT, "how long does a canister last?", "how long a canister lasts"),
    (TENT, "how long do its pegs last?", "how long its pegs last"),
    (SOCKS_2, "how do I wash the first one?", "how to wash them"),
    (SOCKS_2, "how do they fit?", None),          # the listing says they fit snugly
    (TENT, "how many people does it sleep?", None),  # "how many" is no how-to
    (TENT, "is it waterproof?", None),
    (TENT, "how are you?", None),
    # what may be done with it (the whole card came back)
    (SOCKS_2, "can I machine wash them?", "whether you can machine wash them"),
    (TENT, "can I put it in the washing machine?",
     "whether you can put it in the washing machine"),
    ({"name": "Trail Tee", "description": "Machine wash at 30 degrees.", "attributes": {}},
     "can I machine wash it?", None),  # the listing says so: the card shows it
    (TENT, "can I return it?", None),  # a policy
    (TENT, "can I use it on an induction hob?", "whether you can use it on an induction hob"),
    (SOCKS_2, "can I use insoles with them?", "whether you can use insoles with them"),
    (TENT, "can I fit a 2L bladder in it?", "whether you can fit a 2l bladder in it"),
    (SOCKS_2, "can I use merino wool with them?", None),  # the listing's words
    # a part of it changed, no more said (the whole card came back)
    (TENT, "can I change the strap?", "whether you can change the strap"),
    (TENT, "can I replace the battery?", "whether you can replace the battery"),
    (TENT, "how many pegs?", "how many pegs it comes with"),  # the card, or a search
    (TENT, "and how many poles?", "how many poles it comes with"),
    (TENT, "how many people?", None),  # it lists them
])
def test_a_how_question_the_listing_cannot_answer_says_so(product, question, expected):
    # the whole card came back, as if it answered
    said = how_unsaid(product, question)
    assert said == (expected and f"Sorry, our listing for the {product['name']} does not "
                                 f"say {expected}.")


@pytest.mark.parametrize("product, question, expected", [
    (TENT, "is it easy to set up?", "how easy it is to set up"),
    (TENT, "is the first one hard to pitch?", "how hard it is to pitch"),
    (TENT, "is it good for beginners?", "whether it is good for beginners"),
    (SOCKS_2, "are they suitable for kids?", "whether they are suitable for kids"),
    (SOCKS_2, "are they good for a snug fit?", None),  # the listing says so: the card shows it
    (TENT, "is it waterproof?", None),
    (SOCKS_2, "are they good on wet rocks?", "whether they are good on wet rocks"),
    (TENT, "is that one ok in snow?", "whether it is ok in snow"),
    (TENT, "is it good in wild camping?", None),  # the listing says so
    (SOCKS_2, "are they comfortable for long runs?",  # the whole card came back
     "whether they are comfortable for long runs"),
    (TENT, "is it good for a 3 day hike?", "whether it is good for a 3 day hike"),  # its card
])
def test_a_judgement_the_listing_does_not_make_says_so(product, question, expected):
    said = judged_unsaid(product, question)  # the whole card came back, as if it answered
    assert said == (expected and f"Sorry, our listing for the {product['name']} does not "
                                 f"say {expected}.")


@pytest.mark.parametrize("question, expected", [
    ("what's the fill power?", "Sorry, our listing for the Dormant Bag does not give its fill "
                               "power."),
    ("and what is its limit rating?", "Sorry, our listing for the Dormant Bag does not give its "
                                      "limit rating."),
    ("what's the material?", None),  # the listing says: duck down
    ("what's the price?", None), ("what are the sizes?", None),  # the card shows them
    ("what's the best one?", None),  # no figure
    ("what's the screen size?", "Sorry, our listing for the Dormant Bag does not give its "
                                "screen size."),  # no size it comes in
    ("what's included?", "Sorry, our listing for the Dormant Bag does not say what comes with "
                         "it."),
    ("what does it come with?", "Sorry, our listing for the Dormant Bag does not say what "
                                "comes with it."),
    # the name taken out of "what's included with the Kettle Titanium Stove?" (its card)
    ("what's included with the  ?", "Sorry, our listing for the Dormant Bag does not say what "
                                    "comes with it."),
    ("what does the   come with?", "Sorry, our listing for the Dormant Bag does not say what "
                                   "comes with it."),
])
def test_a_figure_the_listing_does_not_give_says_so(question, expected):
    # the whole card came back, as if it answered
    bag = {"name": "Dormant Bag", "description": "A warm bag.",
           "attributes": {"material": "duck down", "comfort_temp_c": "-5"}}
    assert what_unsaid(bag, question) == expected


@pytest.mark.parametrize("question, quoted", [
    # the whole card came back, the answer somewhere in it
    ("does it have heart rate?", "Records heart rate and sleep."),
    ("does it track sleep?", "Records heart rate and sleep."),  # what it tracks, said
    ("does it show notifications?", None),  # no word of it
    ("does it have a hood?", "No hood, to save weight."),  # a quote, not a yes
    ("is it rechargeable?", None),   # no sentence says: "does not mention"
    ("is it good?", None),           # a judgement
    ("how heavy is it?", None),      # no yes/no question
    ("does it fit carry-on?", None),  # "carr", its stem, is in "Carries": it quoted that
    ("is it carry-on size?", "Carry-on size for short trips."),
])
def test_a_yes_no_question_a_sentence_of_the_listing_answers_is_quoted(question, quoted):
    watch = {"name": "Compass Watch", "description": "Records heart rate and sleep. No hood, "
                                                     "to save weight. Carries a compass."}
    if "size" in question:
        watch["description"] += " Carry-on size for short trips."
    assert said_of(watch, question) == (
        quoted and f"Our listing for the Compass Watch says: \u201c{quoted}\u201d")


def test_how_many_or_what_of_a_list_none_of_whose_listings_says_says_so():
    # the first one's whole card came back
    assert none_say(BOOTS, "how many laces?") == (
        "Neither listing says how many laces it comes with.")
    assert none_say(BOOTS, "what's the inseam?") == "Neither listing gives its inseam."
    laces = {**BOOTS[1], "description": "Comes with 2 pairs of laces."}
    assert none_say([BOOTS[0], laces], "how many laces?") is None  # one says: theirs
    assert none_say(BOOTS[:1], "how many laces?") is None
    assert none_say(BOOTS, "how many pairs?") is None  # each one's pack answers it
    assert none_say(BOOTS, "are they waterproof?") is None


def test_where_a_list_is_made_is_said_of_each_listing_that_says():
    # "where are they made?" of a list answered of the first one alone
    assert where_of_all(BOOTS, "where are they made?") == (
        "Neither listing says where it is made.")
    made = [{**BOOTS[0], "description": "A light boot. Made in Portugal."}, BOOTS[1]]
    assert where_of_all(made, "ok where are they made?") == (
        "Col Mid Boot: Made in Portugal\nThe other listing does not say.")
    assert where_of_all(BOOTS, "are they made of leather?") is None
    assert where_of_all(BOOTS[:1], "where are they made?") is None  # one: its own answer



@pytest.mark.parametrize("question", ["is it good?", "is it any good?", "is it worth it?",
                                      "are they worth the money?"])
def test_a_verdict_no_listing_gives_says_so(question):
    # no use named: the card came back, as if it judged
    assert judged_unsaid(TENT, question) == (
        f"Sorry, our listing for the {TENT['name']} gives no verdict on it, and I can't judge "
        f"it for you.")


TENT = {"name": "Starfall Tent", "price": 338.0, "stock": 4,
        "attributes": {"persons": "2", "capacity_l": "", "packed_l": "6"}}
BOTTLE = {"name": "Brook Bottle", "price": 47.0, "stock": 4,
          "attributes": {"capacity_l": "0.75", "weight_g": "305"}}


@pytest.mark.parametrize("product, question, expected", [
    # a number of people against the places it sleeps (it said the listing does not
    # mention whether it is "people")
    (TENT, "is it good for 3 people?", "No — the Starfall Tent sleeps 2 people, not 3."),
    (TENT, "is it big enough for 2 adults?", "Yes — the Starfall Tent sleeps 2 people."),
    (TENT, "is it good for one person?", "Yes — the Starfall Tent sleeps 2 people."),
    (TENT, "is it a solo tent?", "No — the Starfall Tent sleeps 2 people, not 1."),
    (TENT, "does it fit more than 2 people?",
     "No — the Starfall Tent sleeps 2 people, not more than 2."),
    (TENT, "is it for at least 2 people?", "Yes — the Starfall Tent sleeps 2 people."),
    # a bare count of a product that lists how many it sleeps (the card came back)
    (TENT, "is it good for 3?", "No — the Starfall Tent sleeps 2 people, not 3."),
    (TENT, "does it fit two?", "Yes — the Starfall Tent sleeps 2 people."),
    (BOTTLE, "is it good for 2 people?",
     "Our listing for the Brook Bottle does not say how many people it is for."),
    # "how big": the size its kind lists (a whole card before)
    (TENT, "how big is it?", "The Starfall Tent sleeps 2 people."),
    (BOTTLE, "how big is it?", "The Brook Bottle holds 0.75 litres."),
    (LAMP, "how big is it?", None),
])
def test_people_and_how_big(product, question, expected):
    assert answer(product, question) == expected


@pytest.mark.parametrize("name, question, expected", [
    ("Trace Sport GPS Watch", "does it have gps?",
     "Yes — the Trace Sport GPS Watch has GPS, as its name says."),
    ("Brook Wide Insulated Bottle", "is it insulated?",
     "Yes — the Brook Wide Insulated Bottle is insulated, as its name says."),
    ("Trace Sport GPS Watch", "does it have a heart rate monitor?", None),  # not in the name
    ("Trace Sport GPS Watch", "does it fit gps?", None),  # asks no "have"
    # the shop's word for it (the whole card came back)
    ("Gorge Convertible Trousers", "are they zip-off?",
     "Yes — the Gorge Convertible Trousers are convertible (zip-off), as their name says."),
    ("Gorge Convertible Trousers", "are they zip off?",
     "Yes — the Gorge Convertible Trousers are convertible (zip-off), as their name says."),
    ("Gorge Cargo Trousers", "are they zip-off?", None),
])
def test_a_yes_no_question_its_name_answers(name, question, expected):
    from core.unsaid import named_yes

    assert named_yes({"name": name}, question) == expected


JACKET = {"name": "Cinder Down Jacket", "price": 269.0, "stock": 4,
          "attributes": {"insulation": "down 700 fill", "season": "winter"}}
WARM_BAG = {"name": "Dormant -5 Bag", "price": 183.0, "stock": 4,
            "attributes": {"comfort_temp_c": "-5", "season": "winter"}}


@pytest.mark.parametrize("product, question, expected", [
    # what the listing says about warmth, no verdict (it said the listing "does not mention
    # whether it is enough", or "whether it is warm" of a down jacket)
    (JACKET, "is it warm enough?",
     "The Cinder Down Jacket has down 700 fill insulation and is made for winter."),
    (JACKET, "will it keep me warm?",
     "The Cinder Down Jacket has down 700 fill insulation and is made for winter."),
    (WARM_BAG, "is the first one warm?",
     "The Dormant -5 Bag is comfortable down to -5 °C and is made for winter."),
    (TENT, "is it warm?", "Our listing for the Starfall Tent does not say how warm it is."),
])
def test_warmth_is_what_the_listing_says_of_it(product, question, expected):
    assert answer(product, question) == expected


@pytest.mark.parametrize("name, question, expected", [
    # the card came back: the name says whether it is a pack, and of how many
    ("Blister Guard 2-Pack Trekking Socks", "do they come in a 3-pack?",
     "No — the Blister Guard 2-Pack Trekking Socks come as a pack of 2, not 3."),
    ("Blister Guard 2-Pack Trekking Socks", "is it a twin pack?",
     "Yes — the Blister Guard 2-Pack Trekking Socks come as a pack of 2, as their name says."),
    ("Quarter Heavy Hiking Socks", "do they come in a pack of three?",
     "No — our listing for the Quarter Heavy Hiking Socks names no pack of 3."),
    ("Heel Lock 3-Pack Running Socks", "how many pairs are there?",
     "The Heel Lock 3-Pack Running Socks come as a pack of 3, as their name says."),
    # a count asked of socks sold without a pack (the whole card came back)
    ("Quarter Merino Hiking Socks", "how many pairs in a pack?",
     "Our listing for the Quarter Merino Hiking Socks names no pack, so it does not say how "
     "many come in one."),
])
def test_a_pack_asked_of_one_product_is_read_from_its_name(name, question, expected):
    said = answer({"name": name, "price": 20.0, "stock": 3}, question)
    assert expected in said


@pytest.mark.parametrize("question, unsaid", [
    ("is it insulated?", "what insulation it has"),  # was "does not say its insulation"
    ("what's the warranty?", "how long its warranty is"),
])
def test_what_a_listing_does_not_give_reads_as_a_sentence(question, unsaid):
    bottle = {"name": "Brook Bottle", "attributes": {"capacity_l": "0.5"}}
    assert answer(bottle, question) == f"Our listing for the Brook Bottle does not say {unsaid}."


def test_what_a_description_says_in_words_is_quoted_where_no_figure_is_listed():
    jacket = {"name": "Drizzle Jacket", "attributes": {},
              "description": "Packs small for the bottom of your bag. A slim cut."}
    # it said only that the listing does not say how small it packs
    assert answer(jacket, "how small does it pack?") == (
        "Our listing for the Drizzle Jacket does not say how small it packs in figures; it "
        "says: \u201cPacks small for the bottom of your bag.\u201d")
    assert answer({**jacket, "description": "A slim cut."}, "how small does it pack?") == (
        "Our listing for the Drizzle Jacket does not say how small it packs.")


def test_a_use_judged_is_quoted_from_the_sentence_naming_it():
    shoe = {"name": "Aero Shoe", "price": 113.0, "attributes": {},
            "description": "A road shoe for daily training and your next marathon. Light."}
    # the whole card came back, the marathon somewhere in it
    assert said_of(shoe, "is it good for marathons?") == (
        "Our listing for the Aero Shoe says: \u201cA road shoe for daily training and your next "
        "marathon.\u201d")
    # "trai", a stem of four letters, was in "training": the whole card, as if it answered
    assert said_of(shoe, "is it good for trails?") is None
    assert judged_unsaid(shoe, "is it good for trails?") == (
        "Sorry, our listing for the Aero Shoe does not say whether it is good for trails.")


def test_why_so_dear_is_no_reason_a_listing_gives():
    from core.unsaid import why_unsaid
    tent = {"name": "Starfall Tent", "price": 550.0, "description": "A shelter."}
    # the whole card came back, as if it answered
    assert why_unsaid(tent, "why is it so expensive?") == (
        "Sorry, our listing for the Starfall Tent does not say why it is so expensive.")
    assert why_unsaid({**tent, "name": "Quarter Socks"}, "ok but why are they so cheap?") == (
        "Sorry, our listing for the Quarter Socks does not say why they are so cheap.")
    assert why_unsaid(tent, "why is it waterproof?") is None
    assert answer_facts(tent, {}, "why is it so expensive?")["answer"].startswith(
        "Sorry, our listing for the Starfall Tent does not say why it is so expensive. What")
    # its weight, where the listing gives it, answers "so heavy"
    assert answer_facts(tent, {}, "why is it so heavy?")["answer"].startswith(
        "Our listing for the Starfall Tent does not say how much it weighs.")


def test_none_of_two_is_neither():
    from core.wording import none_of
    assert none_of(2, "listings") == "Neither listing" and none_of(2) == "Neither"
    assert none_of(5, "listings") == "None of these 5 listings" and none_of(3) == "None of these 3"


def test_a_pack_asked_of_a_list_is_each_ones():
    socks = [{"name": "Quarter Heavy Hiking Socks"}, {"name": "Blister Guard 2-Pack Socks"}]
    # the first one's answer alone came back
    assert packs_of_all(socks, "how many pairs?", [1, 3]) == (
        "In a pack:\n1. Quarter Heavy Hiking Socks: no pack named\n"
        "3. Blister Guard 2-Pack Socks: 2, as its name says")
    assert packs_of_all(socks[:1] * 2, "how many in a pack?") == (
        "Neither listing names a pack, so they do not say how many come in one.")
    assert packs_of_all(socks, "how many pegs?") is None
    assert packs_of_all(socks[1:], "how many pairs?") is None  # one: its own answer


WATCH = {"name": "Trace Solar GPS Watch", "attributes": {"waterproof": "yes"}}
POLES = {"name": "Descent Alu Trail Poles", "attributes": {"waterproof": "no"}}


@pytest.mark.parametrize("product, question, expected", [
    # "waterproof: yes" gives no depth or rating: it was "Yes — … is waterproof." to all
    (WATCH, "is it waterproof to 50m?", "The Trace Solar GPS Watch is waterproof, but our "
     "listing gives no depth or water rating, so it does not say whether it holds to 50m."),
    (WATCH, "water resistant to 5 atm?", "The Trace Solar GPS Watch is waterproof, but our "
     "listing gives no depth or water rating, so it does not say whether it holds to 5 ATM."),
    (WATCH, "is it ipx7 waterproof?", "The Trace Solar GPS Watch is waterproof, but our "
     "listing gives no depth or water rating, so it does not say whether it is rated IPX7."),
    (WATCH, "can I swim with it?", "The Trace Solar GPS Watch is waterproof, but our listing "
     "gives no depth or water rating, so it does not say whether it is fine for swimming."),
    (WATCH, "how deep can it go?",
     "The Trace Solar GPS Watch is waterproof, but our listing gives no depth or water rating."),
    (POLES, "can they go under water?", "No — the Descent Alu Trail Poles are not waterproof."),
    (POLES, "can I use them while snorkelling?", "No — the Descent Alu Trail Poles are not "
     "waterproof."),
    (WATCH, "is it waterproof?", "Yes — the Trace Solar GPS Watch is waterproof."),
    (WATCH, "is it 2 m long?", None),  # a length, no word of water
])
def test_a_depth_or_use_under_water_is_not_read_as_plain_waterproof(product, question, expected):
    said = answer(product, question)
    assert (said and agree(said, product["name"])) == expected


def test_a_second_question_no_word_of_the_listing_names_is_said_unmentioned():
    # "… battery life and is it rechargeable?" answered the battery alone
    lamp = LAMP | {"description": "A bright head torch.", "colors": ["blue"]}
    got = answer_facts(lamp, {}, "how heavy is it and is it rechargeable?")["answer"]
    assert got == ("The Lumen 500 weighs 60 g. Our listing for the Lumen 500 does not "
                   "mention whether it is rechargeable.")
    both = answer_facts(lamp, {}, "how heavy is it and is it waterproof?")["answer"]
    assert both == "The Lumen 500 weighs 60 g. Yes — the Lumen 500 is waterproof."
    bright = answer_facts(lamp, {}, "how heavy is it, and is it bright?")["answer"]
    assert "does not mention" not in bright  # its listing says bright


def test_a_lamps_red_light_is_no_colour():
    from core.slots import extract_slots

    assert "color" not in extract_slots("does it have a red light?")
    assert "color" not in extract_slots("a headlamp with a red LED")
    assert extract_slots("does it come in red?")["color"] == "red"
    assert extract_slots("a red lightweight jacket")["color"] == "red"


def test_the_lengths_of_a_list():
    from core.attribute_answers import dimensions_of_all

    poles = [{"name": "Carbon Poles", "sizes": []},
             {"name": "Descent Poles", "sizes": ["100-125 cm", "110-135 cm"]}]
    # "how long are they?" of a list answered for the first one alone
    assert dimensions_of_all(poles, "how long are they?") == (
        "Lengths:\n1. Carbon Poles: not listed\n2. Descent Poles: 100-125 cm or 110-135 cm")
    assert dimensions_of_all(poles[:1] * 2, "how long are they?") == (
        "Neither listing gives its dimensions.")
    assert dimensions_of_all(poles, "how heavy are they?") is None
    assert dimensions_of_all(poles, "how long are they? I'm 1.90 m") is None  # a fit
    # a folded length no listing gives (it listed their lengths; of one, its whole card)
    assert dimensions_of_all(poles, "how long are they when folded?") == (
        "Neither listing gives its folded length.")
    assert answer(poles[1], "how long is it when folded?") == (
        "Our listing for the Descent Poles does not give their folded length. Lengths listed: "
        "100-125 cm or 110-135 cm.")


WINDPROOF = {"name": "Gale Tent", "price": 300.0, "attributes": {"persons": "2"},
             "description": "A roomy tent. Stands firm in wind and rain on exposed campsites."}
ROOMY = {"name": "Home Tent", "price": 200.0, "attributes": {"persons": "3"},
         "description": "A roomy home-away-from-home for camping weekends."}


def test_which_is_better_for_a_use_says_which_listings_mention_it():
    # the comparison table came back again, as if it answered
    assert better_for([WINDPROOF, ROOMY], "which is better for windy conditions?") == (
        "Of these 2, only the listing of the Gale Tent says anything about windy conditions; "
        "the other one does not. The Gale Tent: \"Stands firm in wind and rain on exposed "
        "campsites.\"")
    assert better_for([WINDPROOF, ROOMY], "which one is best for snow?") == (
        "Neither the listing of the Gale Tent nor that of the Home Tent says anything about "
        "snow, so I can't say which is better for it.")
    assert better_for([WINDPROOF, ROOMY, ROOMY], "which is better for snow?").startswith(
        "None of these 3 listings says anything about snow")
    assert better_for([WINDPROOF, ROOMY], "which is better for a roomy tent?") == (
        "The listings of the Gale Tent and the Home Tent both mention roomy tent, and "
        "neither says which is better for it.")
    assert better_for([ROOMY, ROOMY, ROOMY], "are they good for camping?") == (
        "All 3 listings mention camping.")
    # "3" and "day" are no words they mention: it said they all mention "3 day camping trip"
    assert better_for([ROOMY, ROOMY], "which one is good for a 3 day camping trip?") == (
        "The listings of the Home Tent and the Home Tent both mention camping, and neither "
        "says which is better for a 3 day camping trip.")
    assert better_for([WINDPROOF], "which is better for wind?") is None  # one: its answer
    assert better_for([WINDPROOF, ROOMY], "which is cheaper?") is None
    # a judgement of ease: the comparison table came back again
    assert better_for([WINDPROOF, ROOMY], "which one is easier to set up?") == (
        "Neither the listing of the Gale Tent nor that of the Home Tent says how easy it is "
        "to set up, so I can't say which is easier.")
    assert better_for([WINDPROOF, ROOMY, ROOMY], "which is quicker to pitch?") == (
        "None of these 3 listings says how quick it is to pitch, so I can't say which is "
        "quicker.")
    assert better_for([WINDPROOF, ROOMY], "which is easier to camp in?") is None  # "camping"
    # a head count of tents that list theirs: "neither says anything about 2 people" of two
    # 1-person tents
    assert better_for([WINDPROOF, ROOMY], "which one is better for two people?") == (
        "Both sleep 2 people or more: the Gale Tent sleeps 2 people; the Home Tent sleeps 3 "
        "people.")
    assert better_for([WINDPROOF, ROOMY], "which is best for 3 people?") == (
        "Of these 2, only the Home Tent sleeps 3 people: the Gale Tent sleeps 2 people; the "
        "Home Tent sleeps 3 people.")
    assert better_for([WINDPROOF, ROOMY], "which is better for a family of 4?").startswith(
        "Neither is made for 4 people: the Gale Tent sleeps 2 people;")


@pytest.mark.parametrize("question, said", [
    # it said "holds 0.5 litres" to "does it hold a litre?", with no "No —"
    ("does it hold a litre?", "No — the Brook Bottle holds 0.5 litres."),
    ("can it take 750ml?", "No — the Brook Bottle holds 0.5 litres."),
    ("does it hold 500 ml?", "Yes — the Brook Bottle holds 0.5 litres."),
    ("big enough for half a litre?", "Yes — the Brook Bottle holds 0.5 litres."),
    ("is it a 1 litre bottle?", "No — the Brook Bottle holds 0.5 litres."),
    ("is it 0,5 l?", "Yes — the Brook Bottle holds 0.5 litres."),
    ("how many litres?", "The Brook Bottle holds 0.5 litres."),
])
def test_an_amount_asked_of_what_holds_it_is_a_yes_or_no(question, said):
    bottle = {"name": "Brook Bottle", "attributes": {"capacity_l": "0.5"}, "sizes": ["S", "L"]}
    assert answer(bottle, question) == said


def test_an_l_is_a_size_not_an_amount():
    bottle = {"name": "Brook Bottle", "attributes": {"capacity_l": "0.5"}}
    assert "litre" not in (answer(bottle, "is there an L?") or "")


WATCH = {"name": "Trace 2 GPS Watch", "attributes": {"weight_g": "55"},
         "description": "Breadcrumb navigation and altimeter for mountain adventures."}


@pytest.mark.parametrize("question, said", [
    # a quality judged, which the listing does not rate (the whole card came back)
    ("How accurate is the GPS?", "how accurate the GPS is"),
    ("how durable is it?", "how durable it is"),
    ("ok, how comfy are the straps?", "how comfy the straps are"),
])
def test_how_good_a_part_is_the_listing_does_not_say(question, said):
    assert judged_unsaid(WATCH, question) == (
        f"Sorry, our listing for the Trace 2 GPS Watch does not say {said}.")
    # where the listing uses the word, the card shows what it says
    durable = WATCH | {"description": "A durable watch."}
    assert judged_unsaid(durable, "how durable is it?") is None


@pytest.mark.parametrize("question, said", [
    # "sleep" of a watch is no number of people (it said how many the watch sleeps)
    ("does it track sleep?", "whether it tracks sleep"),
    ("does it have sleep tracking?", "whether it has sleep tracking"),
    ("does it show notifications?", "whether it shows notifications"),
    ("does it play music?", "whether it plays music"),
])
def test_what_a_watch_does_that_its_listing_does_not_say(question, said):
    assert answer(WATCH, question) is None
    assert unmentioned(WATCH, question) == (
        f"Sorry, our listing for the Trace 2 GPS Watch does not mention {said}.")


@pytest.mark.parametrize("question", ["what length is it?", "what height are they?",
                                      "what's the length?"])
def test_a_length_asked_as_what_length_is_of_its_dimensions(question):
    # "what length is it?" of a jacket gave the whole card
    jacket = {"name": "Cloudburst Jacket", "attributes": {"weight_g": "490"}}
    assert answer(jacket, question) == "Our listing for the Cloudburst Jacket does not give its " \
                                       "dimensions."


@pytest.mark.parametrize("question, quoted", [
    # the whole card came back, the answer somewhere in it
    ("how long does it keep cold?", "Keeps drinks cold all day in summer."),
    ("how many pegs does it come with?", "Comes with 8 pegs."),
    ("how do I clean it?", None),  # no sentence says: "does not say how to clean it"
    ("is it waterproof?", None),   # no how-question
])
def test_a_how_question_a_sentence_of_the_listing_answers_is_quoted(question, quoted):
    bottle = {"name": "Spring Bottle", "attributes": {},
              "description": "Keeps drinks cold all day in summer. Comes with 8 pegs."}
    assert how_said(bottle, question) == (
        quoted and f"Our listing for the Spring Bottle says: \u201c{quoted}\u201d")



@pytest.mark.parametrize("name, question, said", [
    ("Kettle Solo Pot", "how big is it?", "Sorry, our listing for the Kettle Solo Pot does not "
     "say how big it is."),
    ("Trail Socks", "how large are they?", "Sorry, our listing for the Trail Socks does not say "
     "how big they are."),
])
def test_how_big_of_a_listing_with_no_size_says_so(name, question, said):
    # "how big is it?" of a pot that lists no litres gave its whole card, no word of it
    assert big_unsaid({"name": name, "attributes": {"weight_g": "340"}}, question) == said
    assert big_unsaid({"name": name, "attributes": {"capacity_l": "1.2"}}, question) is None
    assert big_unsaid({"name": name, "attributes": {}}, "how heavy is it?") is None


@pytest.mark.parametrize("asked, answers, lead", [
    ("is it waterproof?", ["No — the A is not waterproof.", "No — the B is not."],
     "Neither is waterproof."),
    ("is it waterproof?", ["Yes — a.", "Yes — b.", "Yes — c."], "All 3 are waterproof."),
    ("does it have a hood?", ["No — a.", "No — b.", "No — c."], "None of these 3 has a hood."),
    ("does it have a hood?", ["Yes — a.", "Yes — b."], "Both have a hood."),
    ("is it waterproof?", ["Yes — a.", "No — b."], ""),  # the list says which
    ("is it waterproof?", ["No — a.", "Our listing does not say."], ""),  # one unknown
    ("does it come with a case?", ["No — a.", "No — b."], ""),  # no way to say it
])
def test_each_of_those_shown_saying_the_same_is_said_first(asked, answers, lead):
    # "which one is waterproof?" of two boots that are not: a list of "no"s alone
    assert all_or_none(asked, answers) == lead


@pytest.mark.parametrize("text, each", [
    ("are they all waterproof?", "is it waterproof?"), ("do they have a hood?", "does it have a hood?"),
    ("and are these waterproof?", "is it waterproof?"), ("are they in stock?", "is it in stock?"),
    ("do they come in blue?", None), ("is it waterproof?", None), ("are they?", None),
])
def test_the_question_of_each_of_a_list(text, each):
    assert each_asked(text) == each
