"""Reply-kind rules (core/reply_checks.py) on drafts the shop model really wrote."""

from datetime import date

import pytest

from core import facts as F
from core.order_answers import order_facts
from core.reply_checks import appropriate

SHOES = [{"id": "P1055", "name": "Cadence Daily Running Shoe", "brand": "Fernhollow",
          "price": 90.5, "currency": "EUR", "stock": 54},
         {"id": "P1054", "name": "Pacer Daily Running Shoe", "brand": "Fernhollow",
          "price": 82.5, "currency": "EUR", "stock": 5}]


@pytest.mark.parametrize("reply, ok", [
    ("I'm glad to know you're interested in Trailhead Outfitters.", False),  # live draft
    ("You're welcome! Anything else I can help you with?", True),
    ("Happy to help! Let me know if you need anything else.", True),
    ("My pleasure!", True),
    ("Glad I could help.", True),
])
def test_thanks_are_acknowledged(reply, ok):
    assert appropriate("thanks", {}, reply) is ok


@pytest.mark.parametrize("reply, ok", [
    ("I'm sorry to hear that. Goodbye!", False),  # live draft to "thanks, bye"
    ("Goodbye! I'm the shop assistant of Trailhead Outfitters.", False),  # live draft
    ("I'm just the shop assistant of Trailhead Outfitters. Goodbye.", False),  # retrained
    ("Goodbye, and thanks for visiting!", True),
    ("See you soon!", True),
    ("Thanks, that is all.", False),  # make chat: the customer's "thanks, that is all" echoed
    ("Thank you for shopping with us!", True),
])
def test_goodbyes_say_goodbye_without_apologising(reply, ok):
    assert appropriate("goodbye", {}, reply) is ok


@pytest.mark.parametrize("reply, ok", [
    ("The Cadence Daily Running Shoe is the cheaper one at 90.50 EUR and the Pacer Daily "
     "Running Shoe is the cheaper one at 82.50 EUR.", False),  # live draft: both "cheaper"
    ("The Pacer Daily Running Shoe is cheaper than the Cadence Daily Running Shoe.", True),
    ("The cheaper one is the Pacer Daily Running Shoe at 82.50 EUR.", True),
    ("The Cadence Daily Running Shoe costs 90.50 EUR, the Pacer Daily Running Shoe 82.50 EUR.",
     True),
])
def test_only_the_cheaper_product_is_called_cheaper(reply, ok):
    assert appropriate("compare", F.compare_facts(SHOES), reply) is ok


def test_a_plural_name_called_cheaper_is_checked_too():
    socks = [{"id": "s1", "name": "Cushion Light Hiking Socks", "price": 14.0,
              "currency": "EUR"},
             {"id": "s2", "name": "Woolly Heavy Trekking Socks", "price": 19.0}]
    facts = F.compare_facts(socks)
    right = "The Cushion Light Hiking Socks are the cheaper ones at 14.00 EUR."
    wrong = "The Woolly Heavy Trekking Socks are the cheaper ones at 19.00 EUR."
    assert appropriate("compare", facts, right) and not appropriate("compare", facts, wrong)


JACKET = {"id": "P1400", "name": "Cloudburst Trek Waterproof Jacket", "brand": "Brisko",
          "price": 220.95, "currency": "EUR", "stock": 0, "description": "A long rain jacket."}


@pytest.mark.parametrize("reply, ok", [
    ("Sorry, the Cloudburst Trek Waterproof Jacket does not have a hood.", False),  # live draft
    ("Sorry, the Cloudburst Trek Waterproof Jacket's listing does not mention a hood.", True),
    ("I'm not sure: the Cloudburst Trek Waterproof Jacket page doesn't say.", True),
])
def test_an_unlisted_property_is_not_turned_into_a_no(reply, ok):
    facts = F.answer_facts(JACKET, {}, "does it have a hood?")
    assert facts["answer"].startswith("Sorry, our listing for the Cloudburst")
    assert appropriate("product_answer", facts, reply) is ok



def test_a_price_alone_is_no_answer_to_what_a_listing_does_not_say():
    facts = F.answer_facts({**JACKET, "stock": 3}, {}, "is it good for 3 people?")
    assert "does not say how many people it is for" in facts["answer"]
    assert not appropriate("product_answer", facts,
                           "Our Cloudburst Trek Waterproof Jacket costs 220.95 EUR.")  # make chat
    assert appropriate("product_answer", facts,
                       "The Cloudburst Trek Waterproof Jacket's listing does not say.")


POLES = {"id": "P1323", "name": "Carbon Folding Hiking Poles", "brand": "Haldenway",
         "price": 159.0, "currency": "EUR", "stock": 58, "sizes": [], "attributes": {}}


@pytest.mark.parametrize("question, reply, ok", [
    # make chat, "and the first one?" after "how long is the second one?"
    ("how long is it?", "The Carbon Folding Hiking Poles costs 159.00 EUR.", False),
    ("how long is it?", "The Carbon Folding Hiking Poles listing doesn't give their length.", True),
    ("is it any good?", "The Carbon Folding Hiking Poles cost 159.00 EUR.", False),
    ("is it any good?", "Sorry, I can't judge the Carbon Folding Hiking Poles for you.", True),
])
def test_a_price_alone_is_no_answer_to_what_a_listing_does_not_give(question, reply, ok):
    facts = F.answer_facts(POLES, {}, question)
    assert appropriate("product_answer", facts, reply) is ok


def test_a_price_asked_in_another_currency_keeps_that_ours_are_in_euros():
    facts = F.answer_facts(POLES, {}, "how much is it in dollars?")
    assert "no listing gives them in dollars" in facts["answer"]
    # make chat, the fine-tuned model: the price alone, as if in dollars
    assert not appropriate("product_answer", facts,
                           "The Carbon Folding Hiking Poles cost 159.00 EUR.")
    assert appropriate("product_answer", facts, "The Carbon Folding Hiking Poles cost 159.00 "
                                                "EUR; no listing gives the price in dollars.")


TENT = {"id": "P1223", "name": "Starfall 2 UL Tent", "brand": "Torvik", "price": 338.0,
        "currency": "EUR", "stock": 43, "attributes": {"weight_g": "1660"}}


def test_a_draft_keeps_a_figure_of_the_answer():
    facts = F.answer_facts(TENT, {}, "how heavy is the first one?")
    assert facts["answer"] == "The Starfall 2 UL Tent weighs 1660 g."
    # the price for the weight (make chat, fine-tuned model): grounded, but no answer
    assert not appropriate("product_answer", facts, "The Starfall 2 UL Tent costs 338.00 EUR.")
    assert appropriate("product_answer", facts, "It weighs 1660 g, the Starfall 2 UL Tent.")
    # the name's own number is no figure of the answer
    assert not appropriate("product_answer", facts, "The Starfall 2 UL Tent is light.")
    card = F.answer_facts({**TENT, "description": "A tent."}, {}, "tell me about it")
    assert "\nDetails —" in card["answer"]  # a card: any draft that names it, as before
    assert appropriate("product_answer", card, "The Starfall 2 UL Tent is a light tent.")


def test_an_order_status_that_offers_a_person_says_so():
    late = order_facts({"order_id": "10042", "status": "shipped", "carrier": "DHL",
                        "tracking_number": "JD1", "estimated_delivery": "2026-11-25"},
                       date(2026, 11, 30))
    assert appropriate("order_status", late, "Order 10042 has shipped with DHL.") is False
    assert appropriate("order_status", late, "Order 10042 has shipped and is running late; "
                                             "our team will look into it.")
    on_time = order_facts({"order_id": "10042", "status": "shipped"}, date(2026, 11, 20))
    assert appropriate("order_status", on_time, "Order 10042 has shipped with DHL.")


def test_an_order_status_asked_for_its_total_or_date_says_it():
    facts = order_facts({"order_id": "10008", "status": "returned", "total": "504.00",
                         "currency": "EUR", "placed_at": "2026-09-27T10:00:00Z"})
    facts["details"] = "It came to 504.00 EUR. It was ordered on 27 September 2026."
    assert appropriate("order_status", facts, "Order 10008 was returned.") is False
    assert appropriate("order_status", facts, "Order 10008, ordered on 27 September 2026, "
                                              "was returned.") is False  # the total unsaid
    assert appropriate("order_status", facts, "Order 10008 was returned; it came to 504.00 "
                                              "EUR and was ordered on 27 September 2026.")


def test_a_cancellation_of_an_order_without_what_was_named_says_so():
    facts = order_facts({"order_id": "10003", "status": "delivered"})
    facts["cancel_text"] = ("It holds no hiking boots; please check the order number in your "
                            "confirmation email. " + facts["cancel_text"])
    assert appropriate("cancel_order", facts, "Order 10003 has been delivered, so it can no "
                                              "longer be cancelled.") is False
    assert appropriate("cancel_order", facts, "Order 10003 holds no hiking boots, and it can "
                                              "no longer be cancelled.")


def test_a_draft_that_says_the_same_thing_twice_is_not_sent():
    facts = order_facts({"order_id": "10057", "status": "processing", "total": "84.90",
                           "currency": "EUR"})
    live = ('About order 10057: It has not shipped yet. It has not shipped yet, so it can still '
            'be cancelled: press "Talk to a human" and our team will cancel it for you.')
    assert appropriate("cancel_order", facts, live) is False
    assert appropriate("cancel_order", facts, live.replace("It has not shipped yet. ", ""))
    # a retrained adapter: the repeat is four words, not five
    assert appropriate("cancel_order", facts, live.replace(
        "About order 10057: It", "Order 10057")) is False
    # a list repeats "hiking socks" and "in stock" by right
    lines = F.product_lines([{"name": "Quarter Heavy Hiking Socks", "brand": "Torvik",
                              "price": 19.99, "currency": "EUR", "stock": 5},
                             {"name": "Quarter Light Hiking Socks", "brand": "Torvik",
                              "price": 25.0, "currency": "EUR", "stock": 5}])
    assert appropriate("product_results", {"products": lines}, lines)


@pytest.mark.parametrize("count, reply, ok", [
    (5, "The Stormhold 1 Ultralight Tent costs 203.00 EUR, in stock (45), 640 g and is the "
        "only one of the three.", False),  # live draft after "something lighter"
    (5, "The Cadence Daily Running Shoe costs 90.50 EUR.", True),
    (1, "The Cadence Daily Running Shoe is the only one I found, at 90.50 EUR.", True),
    # live draft for "tents for 2": a list of results is no misunderstanding
    (5, "I'm afraid I didn't quite get that. Could you tell me what you mean by the Cadence "
        "Daily Running Shoe?", False),
])
def test_a_list_of_several_is_not_called_the_only_one(count, reply, ok):
    facts = {"products": F.product_lines(SHOES), "count": count}
    assert appropriate("product_results", facts, reply) is ok


def test_a_list_draft_with_ids_or_a_refusal_is_not_sent():
    facts = {"products": F.product_lines(SHOES), "based_on": "the Pacer"}
    live = ("I'm afraid I'm the only one who can help. I can find products similar to the "
            "Cadence Daily Running Shoe.\n1. Cadence Daily Running Shoe — 90.50 EUR [P1055]")
    assert not appropriate("recommendation", facts, live)  # make chat of the fresh clone
    assert not appropriate("recommendation", facts, live.split(". ", 1)[1])  # the id alone
    assert appropriate("recommendation", facts, "You might also like the Cadence Daily "
                                                "Running Shoe at 90.50 EUR.")


@pytest.mark.parametrize("reply, ok", [
    ("The Cadence Daily Running Shoe is on sale at 90.50 EUR.", False),
    ("Get 10% off the Cadence Daily Running Shoe with a discount code.", False),
    ("The Cadence Daily Running Shoe is a great deal at 90.50 EUR.", False),
    ("The Cadence Daily Running Shoe costs 90.50 EUR.", True),
])
def test_a_draft_never_offers_a_sale_the_facts_do_not_hold(reply, ok):
    # the customer's own words ("any shoes on sale?") are no such fact
    facts = {"products": F.product_lines(SHOES), "query": "any running shoes on sale?",
             "count": 2, "example": "", "filters": ""}
    assert appropriate("product_results", facts, reply) is ok


@pytest.mark.parametrize("kind, reply, ok", [
    # make chat drafts: an invented shop address, a handoff that never happened
    ("product_answer", "The Blister Guard 2-Pack Trekking Socks cost 29.90 EUR. You can find it "
                       "in theuchs.co.uk or the Trailhead Outfitters at 43-46.", False),
    ("product_results", "I found these: the Quarter Heavy Hiking Socks at 19.99 EUR. I've passed "
                        "our conversation to a person.", False),
    ("product_results", "Here are the Quarter Heavy Hiking Socks at 19.99 EUR.", True),
    ("policy", "Email photos and your order number to support@shop.example to make a claim.",
     True),  # the address is in the policy
    ("policy", "Email us at help@trailhead.com to make a claim.", False),
    ("handoff", "I've passed our conversation to a person from the team.", True),
])
def test_a_draft_names_no_address_and_no_handoff_the_facts_do_not_hold(kind, reply, ok):
    socks = "Blister Guard 2-Pack Trekking Socks"
    facts = {"product_results": {"products": "1. Quarter Heavy Hiking Socks (Torvik) — 19.99"},
             "product_answer": {"product": f"{socks} (Torvik) — 29.90 EUR",
                                "answer": f"The {socks} cost 29.90 EUR."},
             "policy": {"policy": "To make a claim, email photos of the defect and your order "
                                  "number to support@shop.example to make a claim."},
             "handoff": {"reason": "asked for a person"}}[kind]
    assert appropriate(kind, facts, reply) is ok


@pytest.mark.parametrize("reply, ok", [
    # a retrained adapter, "rain jacket for my wife": five products after "one"
    ("I found one for you: the Cadence Daily Running Shoe at 90.50 EUR, the Pacer Daily "
     "Running Shoe at 82.50 EUR.", False),
    ("I found 2 for you: the Cadence Daily Running Shoe and the Pacer Daily Running Shoe.",
     False),
    ("I found five for you, for example the Cadence Daily Running Shoe at 90.50 EUR.", True),
    ("Here are two of them: the Cadence Daily Running Shoe and the Pacer Daily Running Shoe.",
     True),  # the ones it names
    ("I found the Pacer Daily Running Shoe at 82.50 EUR, with 5 in stock.", True),
])
def test_a_list_reply_says_how_many_it_found_truly(reply, ok):
    facts = {"products": F.product_lines(SHOES), "count": 5}
    assert appropriate("product_results", facts, reply) is ok


def test_a_listing_that_does_not_say_is_no_yes():
    facts = {"product": "Starfall UL Tent (Torvik) — 338.00 EUR, in stock (43)",
             "answer": "Our listing for the Starfall UL Tent does not say which season it is "
                       "made for."}
    assert not appropriate("product_answer", facts, "Yes, the Starfall UL Tent does not say "
                                                    "which season it is made for.")
    assert appropriate("product_answer", facts, "The listing for the Starfall UL Tent does "
                                                "not say which season it is made for.")


@pytest.mark.parametrize("key, said", [
    # "headlamp with a long battery life": the draft named a head torch's price alone
    ("unsorted", "None of these lists how long its battery lasts, so I could not sort them "
                 "by it."),
    # "how many lumens do I need?": five lamps, as if they were the answer
    ("needed", "No listing says what brightness you need; these give 200 to 500 lumens."),
    # "I have 300 euros, I need a tent and a sleeping bag": what the cheapest set comes to
    ("asked_note", "Together, the cheapest of each — the A (130.99 EUR) and the B (84.90 "
                   "EUR) — come to 215.89 EUR, within your 300 EUR."),
])
def test_a_list_keeps_the_note_of_what_its_listings_cannot_give(key, said):
    facts = {"products": F.product_lines(SHOES), "count": 2, "note": f"{said}\n\n",
             "unlisted": (), key: said}
    assert not appropriate("product_results", facts, "The Cadence Daily Running Shoe costs "
                                                     "90.50 EUR.")
    assert appropriate("product_results", facts, f"{said} The Cadence Daily Running Shoe "
                                                 "costs 90.50 EUR.")


def test_a_best_list_reply_must_say_nothing_rates_them():
    unrated = "Our listings carry no ratings, so I can't say which is best."
    facts = {"products": F.product_lines(SHOES), "count": 2, "note": f"{unrated}\n\n",
             "unlisted": (), "unrated": unrated}
    # "what's your best tent?": a draft crowned one of five
    assert not appropriate("product_results", facts, "The best is the Cadence Daily Running "
                                                     "Shoe at 90.50 EUR.")
    assert appropriate("product_results", facts, "There are no ratings, but the Cadence Daily "
                                                 "Running Shoe costs 90.50 EUR.")


def test_a_list_reply_keeps_the_note_of_what_no_listing_names():
    facts = {"products": F.product_lines(SHOES), "count": 2,
             "note": "No listing here mentions kids.\n\n", "unlisted": ("kids",)}
    assert not appropriate("product_results", facts, "I found the Cadence Daily Running Shoe "
                                                     "at 90.50 EUR.")
    assert appropriate("product_results", facts, "No listing mentions kids, but I found the "
                                                 "Cadence Daily Running Shoe at 90.50 EUR.")


def test_a_list_narrowed_to_a_size_or_colour_says_it():
    # "do you have jackets in XXL?": the draft named the first jacket, no word of the size
    facts = {"products": F.product_lines(SHOES), "count": 2, "within": " in size 42 in navy",
             "narrowed": ["42", "navy"]}
    assert not appropriate("product_results", facts, "The Cadence Daily Running Shoe costs "
                                                     "90.50 EUR.")
    assert not appropriate("product_results", facts, "The Cadence Daily Running Shoe comes in "
                                                     "size 42.")  # no colour
    assert appropriate("product_results", facts, "Both come in size 42 in navy: the Cadence "
                                                 "Daily Running Shoe costs 90.50 EUR.")
    assert appropriate("product_results", {**facts, "within": " under 100", "narrowed": []},
                       "The Cadence Daily Running Shoe costs 90.50 EUR.")  # a price: listed
