"""Conversations a customer has with the demo shop, end to end through the memory adapter:
what goes wrong with a delivery, which products a short follow-up means, what a shop's
listings do not say."""

from datetime import date, timedelta

import pytest

from core.service_turns import late_delivery, order_problem, reports_defect, swaps_purchase


@pytest.mark.parametrize("text, fault", [
    ("hi, my parcel arrived damaged", "damaged"),
    ("the tent arrived with a broken pole", "damaged"),
    ("the stove came with a cracked lid", "damaged"),
    ("you sent me the wrong size", "wrong"),
    ("I got the wrong colour", "wrong"),
    ("one item is missing from my order", "missing"),
    ("the tent poles were missing from the package", "missing"),
    ("i was charged twice", "charged"),
    ("you overcharged me for the boots", "charged"),
    ("I've been double charged", "charged"),
    ("when will I be charged?", None),
    ("I never got my refund", "refund"),  # the refund timing alone, and no one
    ("still waiting for my refund for order 10007", "refund"),
    ("how long does a refund take?", None),
    ("I don't want a refund, I want an exchange", None),
    ("my refund still hasn't come through", "refund"),
    ("if I return it, when do I get my refund?", None),
    ("it says delivered but I don't have it", "not_received"),
    ("tracking shows delivered but nothing arrived", "not_received"),
    ("what if it says delivered but I never got it?", None),
    ("it was delivered yesterday, thanks", None),
    # a warranty claim, a lost parcel, a question of what would happen, the customer's slip
    ("my boots broke after 2 months", None),
    ("my parcel is missing", None),
    ("what if my parcel arrives damaged?", None),
    ("I ordered the wrong size", None),
    # the customer's slip, though an order is named: an exchange, not the shop's mistake
    ("I ordered the wrong size boots yesterday, order 10007, what do I do?", None),
    ("order 10007: I accidentally ordered the wrong colour", None),
    ("I got the wrong item in order 10007", "wrong"),
    # another item than the one ordered (a search for navy jackets)
    ("I ordered the jacket in black but got navy", "wrong"),
    ("I ordered size 42 but you sent me 44", "wrong"),
    ("I ordered last week but got no confirmation", None),
    ("you got it wrong", None),
    ("is delivery free if my order is broken up into two parcels?", None),
    # a fault a product developed in use is a warranty matter, though the order is named;
    # what arrived so, or was crushed in the box, is still a delivery gone wrong
    ("the zip on order 10005 is broken", None),
    ("my order 10005, the zip broke after two weeks", None),
    ("the sole came off the boots I ordered", None),
    ("the box of order 10005 was crushed", "damaged"),
    ("my order arrived with a torn strap", "damaged"),
    ("order 10005 came with a cracked buckle", "damaged"),
    # what came without a part (its status alone: "has been delivered")
    ("my tent arrived without poles, order 10006", "missing"),
    ("the boots came without laces", "missing"),
    ("it arrived without any problems", None), ("it was delivered without delay", None),
    # the delivery and the fault either side of "but" (the returns policy's "I can't find")
    ("my order 10042 came but the trousers are missing", "missing"),
    ("the parcel arrived, but the poles were missing", "missing"),
    ("my keys are missing, do you have a lost and found?", None),
    # paid, and no order to show for it (the payment policy whole)
    ("I was charged but never got a confirmation email", "unconfirmed"),
    ("I paid but didn't get an order number", "unconfirmed"),
    ("will I be charged if I get no confirmation?", None),
])
def test_order_problem(text, fault):
    assert order_problem(text) == fault


@pytest.mark.parametrize("text, defect", [
    ("the zip broke", True),
    ("my head torch stopped working after a month", True),
    ("order 10001 the sole came off", True),
    ("the sole is coming off", True), ("the strap comes loose", True),  # were no defect
    ("the tent pole snapped on our first trip", True),
    ("my bottle leaks", True),
    ("the headlamp I bought doesn't turn on", True),
    ("I can't work out how to pitch it", False),
    ("what if it breaks?", False),  # how a claim works: the policy answers it
    ("is the zip broken up into two parts?", False),
    ("my parcel arrived damaged", False),  # a delivery gone wrong: sorry, and a person
    ("where is my order?", False),
    ("the tent has a hole", True), ("my boots have holes", True),  # were no defect
    ("there's a tear in my jacket", True),
    ("does the tent have holes for ventilation?", False),  # what it has
    ("it has a tear-resistant fly", False),
])
def test_reports_defect(text, defect):
    assert reports_defect(text) is defect


async def test_a_product_broken_in_use_with_its_order_is_the_warranty_of_that_order(memory, app):
    # "order 10005 the zip broke" got the returns policy's "I can't find the answer to that"
    # (return_refund 0.51), "the zip on order 10005 is broken" "sorry your order arrived
    # damaged" and a person, "the zip broke after two weeks, order 10005" a tracking number
    app.engine.turns.today = lambda: date(2026, 12, 2)
    for n, text in enumerate(["order 10005 the zip broke", "the zip on order 10005 is broken",
                              "the zip broke after two weeks, order 10005",
                              # the product named too: it got the pack's card
                              "the zip on my Ferrata 32 Backpack from order 10005 broke"]):
        (reply,) = await memory.push(text, chat_id=f"w{n}")
        assert reply.kind == "policy", text
        first, _, policy = reply.text.partition("\n")
        assert first == (
            "Order **10005** (1 × Ferrata 32 Backpack) has been delivered. It was ordered on 21 "
            "September 2026, so it is under warranty until at least 21 September 2028 (2 years "
            "from delivery)."), text
        assert "To make a claim, email photos of the defect" in policy, text
        assert [b.payload for b in reply.buttons] == ["human"]
    assert app.store.db["handoffs"].count == 0


async def test_a_defect_said_after_an_order_is_shown_is_of_that_order(memory, app):
    app.engine.turns.today = lambda: date(2026, 12, 2)
    await memory.push("where is order 10010?")
    (reply,) = await memory.push("the jacket stopped working already")
    # each product's own warranty_years: the jacket's 3, the bottle the policy's 2
    assert "so the Cascade Lite Insulated Bottle is under warranty until at least 2 October " \
           "2028 (2 years from delivery); the Frostline Lite Puffer Jacket is under warranty " \
           "until at least 2 October 2029 (3 years from delivery)." in reply.text
    (reply,) = await memory.push("my boots broke after 2 months")  # no order: the policy alone
    assert reply.kind == "policy" and not reply.text.startswith("Order")


async def test_a_damaged_delivery_is_sorry_and_goes_to_a_person(memory, app):
    (reply,) = await memory.push("hi, my parcel arrived damaged")
    assert reply.kind == "handoff"
    assert reply.text.startswith("I'm sorry your order arrived damaged.")
    rows = app.store.db["handoffs"].rows
    assert [(r["reason"], r["summary"]) for r in rows] == [
        ("complaint", "hi, my parcel arrived damaged")]
    (more,) = await memory.push("and I got the wrong colour too")  # "I've passed … on" again
    assert more.kind == "handoff_waiting" and more.text.startswith(
        "I'm sorry we sent you the wrong item.\nA person from our team has your conversation")
    assert app.store.db["handoffs"].count == 1


async def test_a_delivery_problem_without_complaint_handoffs_gets_the_policy(tmp_path):
    from adapters.memory import MemoryAdapter
    from bot.app import build
    from bot.config import Config, HandoffConfig

    app = build(Config(handoff=HandoffConfig(on_complaint=False)), store_path=tmp_path / "s.db")
    (reply,) = await MemoryAdapter(app.engine).push("you sent me the wrong size")
    assert reply.kind == "policy" and app.store.db["handoffs"].count == 0


async def test_asking_for_a_person_says_no_sorry(memory):
    (reply,) = await memory.push("I want to talk to a human")
    assert reply.kind == "handoff" and reply.text.startswith("I've passed")


async def test_a_kind_asked_for_anew_is_a_search_not_a_pick(memory, app):
    await memory.push("cookware for 2 people")
    stoves, _ = await memory.push("a stove for 2 people")  # stoves shown: "which one?" before
    assert stoves.kind == "product_results" and len(stoves.cards) > 2
    assert all(app.catalog.get(c.product_id)["category"] == "cookware" for c in stoves.cards)


async def test_a_filter_no_product_of_the_kind_lists_is_said_not_applied(memory, app):
    found, note = await memory.push("cookware for 2 people")  # "nothing matches" before
    assert found.kind == "product_results" and found.cards
    assert {app.catalog.get(c.product_id)["category"] for c in found.cards} == {"cookware"}
    assert note.kind == "attribute_unlisted"
    assert note.text.startswith("No listing of our cookware says how many people")
    assert "(for 2 people)" in note.text
    _, note = await memory.push("cookware for two")  # read as no head count: said nothing
    assert note.kind == "attribute_unlisted" and "(for 2 people)" in note.text
    # said once: "No listing here mentions women's." came above the list as well
    tents, note = await memory.push("a women's tent")
    assert note.kind == "attribute_unlisted" and "(for women)" in note.text
    assert "No listing here" not in tents.text
    (tents,) = await memory.push("tents for 2 people")  # tents list it: a filter still
    assert tents.cards and all(app.catalog.get(c.product_id)["attributes"]["persons"] == "2"
                               for c in tents.cards)


async def test_a_use_no_listing_found_names_is_said_with_the_list(memory, app):
    """"what's a good daypack for kids?" listed daypacks as if they were for children."""
    (found,) = await memory.push("what's a good daypack for kids?")
    assert found.kind == "product_results" and len(found.cards) == 5
    assert "No listing here mentions kids." in found.text
    assert found.text.index("1. ") < found.text.index("No listing") < found.text.index("Ask me")
    (more,) = await memory.push("show me more")  # the next page still does not
    assert more.cards and "No listing here mentions kids." in more.text
    (cycling,) = await memory.push("tents for cycling")
    assert "No listing here mentions cycling." in cycling.text
    # an occasion outdoor gear is not made for: running shoes were listed as if for one
    (wedding,) = await memory.push("I need shoes for a wedding")
    assert wedding.cards and "No listing here mentions wedding." in wedding.text
    # what a product must work with is the listing's to state too: no stove names gas
    (gas,) = await memory.push("what stove is compatible with gas canisters?")
    assert gas.cards and "No listing here mentions gas canisters." in gas.text
    # a feature no headlamp lists: five listed as if they had it
    (charged,) = await memory.push("do you have a headlamp that's rechargeable?")
    assert charged.cards and "No listing here mentions rechargeable." in charged.text
    (aa,) = await memory.push("a headlamp that takes AA batteries")
    assert "No listing here mentions AA batteries." in aa.text


@pytest.mark.parametrize("text", ["how do I contact you?", "how can I contact customer service?",
                                  "hi, how do I get in touch with you?"])
async def test_how_to_contact_the_shop_is_where_to_write_and_a_person_at_a_press(memory, text):
    # "how do I contact you?" handed the conversation to a person at once
    (reply,) = await memory.push(text)
    assert reply.kind == "policy" and "Write to support@shop.example" in reply.text
    assert [b.label for b in reply.buttons] == ["Talk to a human"]
    (person,) = await memory.push("I want to talk to a person")  # still a person at once
    assert person.kind == "handoff"


@pytest.mark.parametrize("text, word", [("do you have anything for kids?", "kids"),
                                        ("anything for my kids?", "kids"),
                                        ("what do you recommend for children?", "children")])
async def test_anything_for_kids_is_that_nothing_is_without_the_nearest(memory, text, word):
    # three sleeping bags as "the nearest I have", or five random products as advice
    (reply,) = await memory.push(text)
    assert reply.kind == "product_unknown" and not reply.cards
    assert reply.text.startswith(f'Sorry, no product in our shop mentions "{word}". We sell ')
    assert "nearest" not in reply.text
    (found,) = await memory.push("something for winter")  # a search of its own
    assert found.kind == "product_results" and found.cards and word not in found.text


async def test_children_and_a_childs_age_are_said_plainly_under_a_list(memory):
    (boots,) = await memory.push("do you sell children's boots?")  # "mentions children's."
    assert boots.cards and "No listing here mentions children." in boots.text
    # what adults order most, as a gift for a child with no word that none is for children
    (gift,) = await memory.push("gifts for a 10 year old?")
    assert gift.kind == "recommend_popular" and gift.cards
    assert "\nNo listing here mentions kids.\nTell me what it's for" in gift.text
    (dad,) = await memory.push("any ideas for my dad?")
    assert dad.kind == "recommend_popular" and "No listing" not in dad.text


async def test_a_use_alone_that_no_listing_of_the_shop_names_is_said_so(memory, app):
    # five adult products of any kind were listed as found, the note under them
    (reply,) = await memory.push("do you sell kids sizes?")
    assert reply.kind == "product_unknown" and not reply.cards
    assert reply.text.startswith('Sorry, no product in our shop mentions "kids". We sell ')
    (found,) = await memory.push("something for winter")  # a use that listings name
    assert found.kind == "product_results" and found.cards and "kids" not in found.text
    (filtered,) = await memory.push("a bottle that works with a filter")  # filter bottles
    assert filtered.cards and "No listing" not in filtered.text
    # a fit is the listing's to state: no shoe or boot listing says wide
    (wide,) = await memory.push("running shoes for wide feet")
    assert wide.cards and "No listing here mentions wide feet." in wide.text
    # so is support for flat feet (five road shoes with no word of it)
    (flat,) = await memory.push("I'm looking for running shoes, I'm a size 44 and have flat feet")
    assert flat.cards and "No listing here mentions flat feet." in flat.text
    # a feature asked "with": its words near each other in a listing, or it is said
    (red,) = await memory.push("headlamp with red light")  # five, as if they had one
    assert red.cards and "No listing here mentions red light." in red.text
    (tall,) = await memory.push("I'm 1.90m tall, which sleeping bag fits me?")  # no length
    assert tall.cards and "No listing here mentions how tall a person it fits." in tall.text
    # with no poles shown, a comparison of no products ("no product mentions" it all)
    (poles,) = await memory.push("I'm 1.90m tall, which poles?")
    assert poles.kind == "product_results" and poles.cards
    assert "No listing here mentions how tall a person it fits." in poles.text
    (belt,) = await memory.push("a backpack with a hip belt")
    assert belt.cards and "No listing here mentions hip belt." in belt.text
    # a feature no listing affirms: "vegan hiking boots" listed leather boots as if vegan
    # (without a price, core/claims answers it)
    (vegan,) = await memory.push("vegan hiking boots under 150")
    assert vegan.cards and "No listing here mentions vegan." in vegan.text
    (windproof,) = await memory.push("a windproof jacket")
    assert windproof.cards and "No listing here mentions windproof." in windproof.text
    for text in ("sleeping bag for winter", "rain jacket for women", "running shoes",
                 "a water bottle with a wide mouth", "a jacket with a hood",
                 "an organic cotton t-shirt", "a recycled backpack", "waterproof socks",
                 "boots with good ankle support", "a tent for camping with my family"):
        listed, *_ = await memory.push(text)  # the listings name it: nothing to say
        assert listed.kind == "product_results" and "No listing" not in listed.text, text


def test_a_run_of_some_kind_is_running_and_a_battery_that_runs_is_not():
    from core.uses import uses_in

    # "what's the best headlamp for running?" said no listing mentions running, though one
    # "lights up the trail on evening runs"
    assert uses_in("Lights up the trail on evening runs.") == {"running"}
    assert uses_in("Cushioned for long runs") == {"running"}
    assert uses_in("It runs on AA batteries; the battery runs long.") == set()
    # an occasion: "a wedding" names one; "third party", "business days" do not
    assert uses_in("shoes for a wedding or a job interview") == {"formal"}
    assert uses_in("Ships in 2-4 business days via a third party carrier.") == set()


def test_unlisted_needs_a_category_that_lists_none():
    from core.attribute_filters import unlisted

    listed_by = {"persons": ["tents"], "gender": ["rain jackets", "boots"]}
    assert unlisted({"category": "cookware", "persons": "2"}, listed_by) == ["persons"]
    assert unlisted({"category": "Tents", "persons": "2"}, listed_by) == []
    assert unlisted({"persons": "2"}, listed_by) == []  # every kind searched
    assert unlisted({"category": "cookware", "gender": "women", "persons": "2"},
                    listed_by) == ["gender", "persons"]


async def test_how_big_is_the_size_its_kind_lists(memory, app):
    (tents,) = await memory.push("show me tents")
    (big,) = await memory.push("how big is the first one?")
    persons = app.catalog.get(tents.cards[0].product_id)["attributes"]["persons"]
    assert big.kind == "product_answer" and f"sleeps {persons} people" in big.text
    (bottles,) = await memory.push("show me water bottles")
    (sizes,) = await memory.push("how big are they?")
    assert sizes.text.startswith("Capacity:")
    for card in bottles.cards:
        litres = app.catalog.get(card.product_id)["attributes"]["capacity_l"]
        said = f"{float(litres):g} litre" + ("" if float(litres) == 1 else "s")  # not "1.0 litres"
        assert f"{card.title}: {said}\n" in sizes.text + "\n"


async def test_the_words_that_pick_products_are_not_the_question_and_it_stays_with_them(
        memory, app):
    (bottles,) = await memory.push("show me water bottles")
    insulated = [c for c in bottles.cards if "Insulated" in c.title]
    assert len(insulated) == 2  # the demo list this test is about
    (big,) = await memory.push("the insulated one, how big is it?")  # was: insulation
    assert big.text.startswith("Capacity:")
    (heavy,) = await memory.push("how heavy is it?")  # was: the first bottle shown
    assert heavy.text.startswith("Weight:")
    for card in insulated:
        grams = app.catalog.get(card.product_id)["attributes"]["weight_g"]
        assert f"{card.title}: {grams} g" in heavy.text
    assert bottles.cards[0].title not in heavy.text
    (lighter,) = await memory.push("which is lighter?")
    assert lighter.text.startswith("Of these 2,")
    (first,) = await memory.push("how heavy is the first one?")  # a pick ends it
    assert first.kind == "product_answer" and first.cards[0].title == bottles.cards[0].title


@pytest.mark.parametrize("text, why", [
    ("why not?", True), ("how come?", True), ("ok but why?", True), ("why can't I?", True),
    ("why do you need my order number?", False), ("why is it so expensive", False)])
def test_asks_why(text, why):
    from core.followups import asks_why

    assert asks_why(text) is why


async def test_why_not_after_a_refused_cancel_gives_the_reason_and_a_person(memory, app):
    await memory.push("i want to cancel order A-10042")
    (why,) = await memory.push("why not?")  # was: the bot's spiel about itself
    order = app.orders.lookup("10042")
    assert why.kind == "why" and why.text.startswith(
        f"Order **10042** has shipped: it is with {order['carrier']} now")
    assert [b.payload for b in why.buttons] == ["human"]
    (yes,) = await memory.push("yes")
    assert yes.kind == "handoff" and app.store.db["handoffs"].count == 1


async def test_why_after_a_product_answer_says_the_data_gives_no_reason(memory):
    await memory.push("show me tents")
    await memory.push("is the first one waterproof?")
    (why,) = await memory.push("how come?")
    assert why.kind == "why" and "gives no reason" in why.text


async def test_an_emoji_of_a_kind_the_shop_sells_is_a_search_for_it(memory, app):
    (boots,) = await memory.push("🥾")  # was: the bot's spiel about itself
    assert boots.kind == "product_results" and {
        app.catalog.get(c.product_id)["category"] for c in boots.cards} == {"hiking boots"}
    (money,) = await memory.push("💰")  # a "money bag": no sleeping bag
    assert money.kind == "small_talk"
    (tents,) = await memory.push("⛺ for 2 people")  # was: say it another way
    assert tents.cards and all(app.catalog.get(c.product_id)["attributes"]["persons"] == "2"
                               for c in tents.cards)
    rows = list(app.store.db.query("SELECT text FROM messages WHERE direction = 'in'"))
    assert [r["text"] for r in rows] == ["🥾", "💰", "⛺ for 2 people"]  # as sent


def test_emoji_words_reads_the_catalogues_words():
    from core.followups import emoji_words

    vocabulary = {"category": ["hiking boots", "sleeping bags", "tents"],
                  "category_term": {"tent": "tents", "bag": "sleeping bags"}}
    assert emoji_words("🥾", vocabulary) == "hiking boot"
    assert emoji_words("need 🥾 size 44", vocabulary) == "need hiking boot size 44"
    assert emoji_words("⛺⛺", vocabulary) == "tent tent"
    assert emoji_words("💰", vocabulary) == "💰"  # a money bag
    assert emoji_words("🧦", vocabulary) == "🧦"  # no socks in this shop
    assert emoji_words("", vocabulary) == ""


async def test_is_there_a_pack_of_two_names_the_two_packs_shown(memory, app):
    (socks,) = await memory.push("do you have a 2 pack of socks?")
    pairs = [(i, c) for i, c in enumerate(socks.cards, 1) if "2-Pack" in c.title]
    assert len(pairs) == 2 and any("3-Pack" in c.title for c in socks.cards)
    (two,) = await memory.push("is there a pack of 2?")  # was: which of the three packs?
    assert two.text == "Yes — " + "; ".join(
        f"{i}. {c.title} ({c.price} {c.currency})" for i, c in pairs) + "."
    (four,) = await memory.push("is there a 4-pack?")
    assert four.text == f"No — none of these {len(socks.cards)} comes as a pack of 4."
    (they,) = await memory.push("do they come in a pack of 2?")  # the first one's answer
    assert they.text == two.text
    (twin,) = await memory.push("are there any twin packs?")  # was: backpacks
    assert {app.catalog.get(c.product_id)["category"] for c in twin.cards} == {"socks"}


@pytest.mark.parametrize("text, change", [
    ("can I change the delivery address for order 10042?", True),
    ("i need to change my shipping address", True),
    ("can i add a mug to order 10057?", True),
    ("can my order be changed?", True),
    ("can I change it to express?", True),  # was "say it another way"
    ("can I remove the socks from order 10057?", True),
    ("how do I remove a stain from my jacket?", False),
    ("can I change the size?", False),  # of a product shown
    ("can I exchange it for another size?", False),
    ("do you charge for delivery?", False),
    ("can I get express shipping on order 10057?", True),  # the express time alone
    ("how much is express shipping?", False), ("is express delivery available for my country?", False),
])
def test_asks_order_change(text, change):
    from core.followups import asks_order_change

    assert asks_order_change(text) is change


async def test_a_change_to_an_order_says_what_its_status_allows_and_offers_a_person(memory):
    (shipped,) = await memory.push("can I change the delivery address for order 10042?")
    assert shipped.kind == "order_change"  # was: the shipping policy, "I can't find…"
    assert shipped.text.startswith("Order **10042** has shipped, so our team will check")
    assert [b.payload for b in shipped.buttons] == ["human"]
    (open_,) = await memory.push("can i add a mug to order 10057?")  # was: how to order
    assert open_.text.startswith("Order **10057** has not shipped yet, so it can still be")
    (unknown,) = await memory.push("can i add a mug to order 10999?")
    assert unknown.text.startswith("I couldn't find an order with the number 10999")
    await memory.push("where is order 10042?")
    (same,) = await memory.push("can my order be changed?")  # the order just asked about
    assert same.text.startswith("Order **10042**")
    # where it should go instead: "say it another way"
    (office,) = await memory.push("it should go to my office instead")
    assert office.kind == "order_change" and office.text.startswith("Order **10042**")
    (tents,) = await memory.push("do you sell tents?")  # the change is over
    assert tents.kind == "product_results"


async def test_the_new_address_said_after_a_change_is_offered_goes_to_the_person_who_can(
        memory, app):
    """"it's Hauptstrasse 5, Berlin" after "it can still be changed" was "say it another
    way"; the person who can change the order gets it, the address in the transcript."""
    await memory.push("can I change the delivery address of order 10057?")
    (given,) = await memory.push("it's Hauptstrasse 5, Berlin")
    assert given.kind == "handoff" and app.store.db.execute(
        "SELECT count(*) FROM handoffs").fetchone()[0] == 1
    await memory.push("can I change the address for order 10003?", chat_id="b")
    (late,) = await memory.push("12 Baker Street, London", chat_id="b")  # delivered already
    assert late.kind == "order_closed" and "can no longer be changed" in late.text


@pytest.mark.parametrize("then", ["ok then I'll return it",  # "say it another way"
                                  "fine, I'll send it back"])  # how to order
async def test_a_return_said_after_a_cancel_refused_is_that_orders_return(memory, then):
    (refused,) = await memory.push("I want to cancel order 10003")
    assert "can no longer be cancelled" in refused.text
    (reply,) = await memory.push(then)
    assert reply.kind == "policy" and reply.text.startswith("Order **10003**")
    assert "Start a return" in reply.text and "I can't find" not in reply.text


async def test_a_return_told_with_when_it_was_bought_gets_how_to_return(memory):
    (reply,) = await memory.push("I'd like to return the boots I bought last week")
    assert reply.kind == "policy" and "Start a return" in reply.text
    assert not reply.text.startswith("I can't find")  # "week" is no word the policy lacks


async def test_another_one_of_the_kind_searched_narrows_the_search(memory, app):
    (jackets,) = await memory.push("i want a jacket")
    kind = app.catalog.get(jackets.cards[0].product_id)["category"]
    (hood,) = await memory.push("one with a hood")  # was: say it another way
    assert hood.kind == "product_results" and hood.cards
    assert {app.catalog.get(c.product_id)["category"] for c in hood.cards} == {kind}
    assert "Hoody" in hood.cards[0].title
    (large,) = await memory.push("rain jacket xl")
    (l,) = await memory.push("what about L?")  # was: say it another way
    assert l.kind == "product_results" and l.cards and all(
        "L" in app.catalog.get(c.product_id)["sizes"] for c in l.cards)


async def test_the_most_popular_of_a_kind_comes_from_the_order_book(memory, app):
    (tents,) = await memory.push("most popular tent")  # was: a search for the words
    assert tents.kind == "recommend_popular" and tents.cards
    ordered = [pid for pid in app.orders.most_ordered()
               if (p := app.catalog.get(pid)) and p["category"] == "tents" and p["stock"] > 0]
    assert [c.product_id for c in tents.cards] == ordered[:len(tents.cards)]
    (any_,) = await memory.push("what is your most popular product?")  # "most" asked no need
    assert any_.kind == "recommend_popular"


async def test_do_any_of_them_asks_each_one_shown(memory):
    (jackets,) = await memory.push("rain jacket")
    (zips,) = await memory.push("do any of them have pit zips?")  # was: zip-off trousers
    assert zips.text == f'Sorry, none of these {len(jackets.cards)} listings mentions "pit zips".'
    (dry,) = await memory.push("are any of them waterproof?")  # all five are
    assert dry.text.startswith("All 5 are waterproof.\nWaterproof:\n1. ")


async def test_another_product_for_the_one_shown_is_searched_for(memory, app):
    await memory.push("tents for 4 people")
    (footprint,) = await memory.push("do you have a footprint for it?")  # was: the tent's card
    assert footprint.kind == "product_unknown" and '"footprint"' in footprint.text
    await memory.push("hiking boots")
    (socks,) = await memory.push("do you sell socks to go with them?")
    assert {app.catalog.get(c.product_id)["category"] for c in socks.cards} == {"socks"}


async def test_after_two_are_compared_which_is_asks_of_those_two(memory, app):
    (bags,) = await memory.push("sleeping bags for summer")
    await memory.push("whats the difference between the first and second?")
    (warmer,) = await memory.push("which is warmer?")  # was: of all five
    assert warmer.text.startswith("Of these 2,")
    focus = warmer.cards[0]
    assert focus.product_id in [c.product_id for c in bags.cards[:2]]
    (long_,) = await memory.push("can i get it in long?")  # was: how to order
    assert long_.kind == "product_answer" and long_.cards[0].product_id == focus.product_id
    assert "size Long" in long_.text


async def test_cheap_alone_is_the_cheapest_in_stock(memory, app):
    (cheap,) = await memory.push("cheap")  # was: no product mentions "cheap"
    assert cheap.kind == "product_results" and len(cheap.cards) == 5
    prices = [float(c.price) for c in cheap.cards]
    in_stock = sorted(r["price"] for r in app.store.db["products"].rows if r["stock"] > 0)
    assert prices == in_stock[:5]
    (more,) = await memory.push("show me more")
    assert [float(c.price) for c in more.cards] == in_stock[5:10]


async def test_hello_while_a_person_is_awaited_says_one_will_answer(memory, app):
    await memory.push("I want to talk to a human")
    (hello,) = await memory.push("hello?")  # was: the bot's greeting, as if nothing happened
    assert hello.kind == "handoff_waiting"
    (question,) = await memory.push("is the Starfall UL Tent waterproof?")  # still answered
    assert question.kind == "product_answer"
    ticket = app.store.db["handoffs"].rows.__next__()
    assert ticket["state"] == "waiting" and app.store.db["handoffs"].count == 1


async def test_more_of_an_order_handed_over_says_a_person_has_it(memory, app):
    # "it's been 2 weeks" after the lost parcel of 10003 was handed over asked for the
    # order number again
    await memory.push("my order hasn't arrived")
    (handed,) = await memory.push("it's 10003")
    assert handed.kind == "handoff"
    (more,) = await memory.push("it's been 2 weeks")
    assert more.kind == "handoff_waiting" and app.store.db["handoffs"].count == 1
    (other,) = await memory.push("where is order 10002?")  # another order: still answered
    assert other.kind == "order_status" and "10002" in other.text


async def test_a_fault_told_while_a_person_is_awaited_is_for_that_person(memory, app):
    # "the tent has a hole" after a damaged order was handed over: no product mentioned
    # "the tent has a hole"; without a ticket, the warranty (it was that search too)
    (handed,) = await memory.push("my order 10012 arrived damaged")
    assert handed.kind == "handoff"
    (hole,) = await memory.push("the tent has a hole")
    assert hole.kind == "handoff_waiting" and app.store.db["handoffs"].count == 1
    (claim,) = await memory.push("the zip broke too, how do I claim the warranty?")
    assert claim.kind == "policy" and "support@shop.example" in claim.text  # still answered
    for n, text in enumerate(("the tent has a hole", "there's a tear in my jacket")):
        (own,) = await memory.push(text, chat_id=f"w{n}")
        assert own.kind == "policy" and "warranty" in own.text, text


@pytest.mark.parametrize("first", ["I'd like to order 2 of the Quarter Heavy Hiking Socks",
                                   "show me hiking socks|I'll take 2 of the Quarter Heavy"])
@pytest.mark.parametrize("total", ["what's the total?", "how much is that in total?",
                                   "and with shipping?", "how much altogether?"])
async def test_the_total_of_a_purchase_priced_is_with_delivery(memory, first, total):
    # "which product do you mean?" when it was named; the card's "does not mention
    # whether they have shipping" for "and with shipping?"
    for text in first.split("|"):
        *_, priced = await memory.push(text)
    assert priced.text.startswith("2 × the Quarter Heavy Hiking Socks come to 39.98 EUR.")
    (reply,) = await memory.push(total)
    assert reply.kind == "policy" and reply.text == (
        "2 × the Quarter Heavy Hiking Socks come to 39.98 EUR, under the 50.00 EUR that ships "
        "free, so standard delivery costs 4.95 EUR: 44.93 EUR in all.")


async def test_a_kind_asked_for_too_is_searched(memory, app):
    (bags,) = await memory.push("thanks! and do you have sleeping bags too?")
    assert bags.kind == "product_results"  # was: no product mentions "… too"
    assert {app.catalog.get(c.product_id)["category"] for c in bags.cards} == {"sleeping bags"}


async def test_free_shipping_is_the_price_held_against_the_policys_bar(memory, app):
    (tents,) = await memory.push("show me tents")
    (free,) = await memory.push("is shipping free for the first one?")
    assert free.text == (f"The {tents.cards[0].title} costs {tents.cards[0].price} EUR, so "
                         f"shipping is free: orders of 50.00 EUR or more ship free.")
    await memory.push("cushion light hiking socks")
    (paid,) = await memory.push("how much is shipping for it?")
    assert paid.text == ("The Cushion Light Hiking Socks cost 17.50 EUR, under the 50.00 EUR "
                         "that ships free, so standard delivery costs 4.95 EUR: 22.45 EUR in "
                         "all.")
    await memory.push("how much would 3 pairs of the Cushion Light Hiking Socks cost?")
    (three,) = await memory.push("and shipping?")
    assert three.text.startswith("3 × the Cushion Light Hiking Socks come to 52.50 EUR, so "
                                 "shipping is free")
    (named,) = await memory.push("is shipping free for 2 pairs of the Cushion Light Hiking "
                                 "Socks?")  # named and counted in the question itself
    assert named.text.startswith("2 × the Cushion Light Hiking Socks come to 35.00 EUR, under")


async def test_the_cheapest_of_those_is_of_the_ones_just_named(memory, app):
    (boots,) = await memory.push("hiking boots for women")
    (which,) = await memory.push("which are waterproof?")
    dry = [app.catalog.get(c.product_id) for c in boots.cards]
    dry = [p for p in dry if p["attributes"].get("waterproof") == "yes"]
    assert 0 < len(dry) < len(boots.cards)  # the demo list this test is about
    (cheapest,) = await memory.push("the cheapest of those?")  # was: of all five
    best = min(dry, key=lambda p: p["price"])
    word = "cheaper" if len(dry) == 2 else "cheapest"
    assert cheapest.text.startswith(f"Of these {len(dry)}, the {word} is the {best['name']}")


def test_as_asked_reads_a_question_of_each_one_or_for_another_product():
    from core.followups import as_asked

    two = [{"id": "a"}, {"id": "b"}]
    assert as_asked("do any of them have pit zips?", two) == (
        "do they have pit zips?", "product_question")
    assert as_asked("are any of these waterproof?", two) == (
        "are they waterproof?", "product_question")
    assert as_asked("do any of them have pit zips?", two[:1]) == (
        "do any of them have pit zips?", None)  # one shown: no "each"
    assert as_asked("do you have a footprint for it?", two[:1]) == (
        "footprint", "product_search")
    assert as_asked("do you have tents?", two) == ("do you have tents?", None)


async def test_holding_a_product_is_the_ordering_policy(memory):
    for text in ("can you hold the tent until friday?", "can you reserve one for me?",
                 "could you keep the jacket for me till the weekend?"):
        (reply,) = await memory.push(text)  # was: "no product mentions …", or "I can't find"
        assert reply.kind == "policy", text
        assert "hold products for you" in reply.text and "can't find" not in reply.text, text
    (saturday,) = await memory.push("do you deliver on saturdays?")  # the policy is silent
    assert saturday.text.startswith("I can't find the answer to that")


async def test_one_for_two_after_tents_keeps_the_tents_for_two(memory, app):
    await memory.push("show me tents")
    (two,) = await memory.push("one for 2")  # was: how to order
    assert two.kind == "product_results" and two.cards
    assert {app.catalog.get(c.product_id)["attributes"]["persons"] for c in two.cards} == {"2"}


async def test_the_other_one_is_the_other_of_the_two_last_spoken_of(memory):
    (tents,) = await memory.push("show me tents")
    first, second = tents.cards[0].title, tents.cards[1].title
    await memory.push("compare the first two")
    (better,) = await memory.push("which one is better for hiking?")  # was: all five
    # of the two: what their listings say of hiking (the comparison again before)
    assert better.kind == "product_pick" and first in better.text and second in better.text
    assert tents.cards[2].title not in better.text
    (heavy,) = await memory.push("how heavy is the first one?")
    assert heavy.cards[0].title == first
    (other,) = await memory.push("and the other one?")  # was: the first one's card again
    assert other.cards[0].title == second and f"\nThe {second} weighs " in other.text
    (back,) = await memory.push("what about the other?")
    assert back.cards[0].title == first


async def test_the_other_one_of_five_asks_which(memory):
    await memory.push("show me tents")
    await memory.push("tell me about the second one")
    (which,) = await memory.push("and the other one?")
    assert which.text.startswith("Which one do you mean?")


async def test_a_judgement_the_listing_does_not_make_is_said(memory):
    (tents,) = await memory.push("show me tents")
    (easy,) = await memory.push("is it easy to set up?")  # was: the card, as if it answered
    assert (f"\nSorry, our listing for the {tents.cards[0].title} does not say how easy it is "
            "to set up." in easy.text)
    (novice,) = await memory.push("is it good for beginners?")
    assert "does not say whether it is good for beginners" in novice.text
    (camping,) = await memory.push("is it good for camping?")  # the listing says campsites
    assert "does not say" not in camping.text


async def test_a_parcel_shown_delivered_that_never_came_goes_to_a_person(memory, app):
    (status,) = await memory.push("where is my order 10001?")
    assert "has been delivered" in status.text  # the demo order this test is about
    (lost,) = await memory.push("but I never got it")  # was: "say it another way"
    assert lost.kind == "handoff" and lost.text.startswith("I'm sorry your parcel hasn't "
                                                            "reached you.")
    assert [r["reason"] for r in app.store.db["handoffs"].rows] == ["complaint"]


async def test_a_delivered_order_named_as_never_come_goes_to_a_person(memory, app):
    assert app.orders.lookup("10003")["status"] == "delivered"
    (lost,) = await memory.push("my order 10003 hasn't arrived yet, it's been 10 days")
    # was "Order 10003 has been delivered." and its tracking number, no more
    assert lost.kind == "handoff" and lost.text.startswith("I'm sorry your parcel hasn't")
    (late,) = await memory.push("order 10042 hasn't arrived yet", chat_id="c2")
    assert late.kind == "order_status" and "running late" in late.text  # still on its way
    assert [r["reason"] for r in app.store.db["handoffs"].rows] == ["complaint"]


async def test_when_will_it_arrive_of_a_delivered_order_offers_a_trace(memory, app):
    (status,) = await memory.push("where is my order 10002?")
    assert "has been delivered" in status.text and not status.buttons
    (when,) = await memory.push("when will it arrive?")  # was: the same status, no more
    assert when.kind == "order_status" and "has been delivered" in when.text
    assert "If it hasn't reached you" in when.text and when.buttons
    (late,) = await memory.push("when will order 10042 arrive?")  # on its way: no trace
    assert "If it hasn't reached you" not in late.text and "running late" in late.text
    assert app.store.db["handoffs"].count == 0


async def test_a_delivered_order_cannot_be_changed(memory):
    await memory.push("where is my order 10002?")
    (change,) = await memory.push("can I change the delivery address?")
    # was: "has been delivered, so our team will check what can still be changed"
    assert change.kind == "order_closed" and change.text.startswith(
        "Order **10002** has been delivered, so it can no longer be changed. You can return "
        "it instead")
    # "I can't change orders myself: press …" followed, as if a person could change it
    assert "can't change orders myself" not in change.text
    # "can you send it to a different address?" of it got the shipping policy's "I can't
    # find the answer to that"
    (send,) = await memory.push("can you send it to a different address?")
    assert send.kind == "order_closed" and "can no longer be changed" in send.text
    await memory.push("where is my order 10042?", chat_id="s")
    (work,) = await memory.push("can you send it to my work address instead?", chat_id="s")
    assert work.kind == "order_change" and work.text.endswith(
        "so our team will check what can still be changed.\nI can't change orders myself: "
        "press \"Talk to a human\" and a person from our team will help.")


async def test_not_received_of_an_order_still_on_its_way_is_its_status(memory, app):
    await memory.push("where is my order 10042?")
    (late,) = await memory.push("I haven't got it yet")  # shipped, late: the status says so
    assert late.kind == "order_status" and "running late" in late.text
    assert app.store.db["handoffs"].count == 0


async def test_the_size_someone_wears_narrows_the_list(memory, app):
    await memory.push("hiking boots")
    (fits,) = await memory.push("he wears 44")  # was: a recommendation of other boots
    assert fits.kind == "product_results" and fits.cards
    assert all("44" in app.catalog.get(c.product_id)["sizes"] for c in fits.cards)


async def test_with_a_feature_after_a_list_narrows_the_search(memory, app):
    await memory.push("jackets")
    (hood,) = await memory.push("with a hood?")  # was: the first jacket's card
    assert hood.kind == "product_results" and len(hood.cards) > 1
    assert {app.catalog.get(c.product_id)["category"] for c in hood.cards} == {"jackets"}


async def test_a_property_asked_right_after_a_list_is_of_the_first_one(memory, app):
    (bags,) = await memory.push("what's the warmest sleeping bag you have?")
    first = app.catalog.get(bags.cards[0].product_id)
    assert "down" in first["attributes"].get("material", "")  # the demo list this is about
    (down,) = await memory.push("is it down?")  # was: "what's your order number?"
    assert down.kind == "product_answer" and down.cards[0].title == first["name"]
    assert f"\nYes — the {first['name']}" in down.text


async def test_and_a_thing_is_a_search(memory):
    await memory.push("socks")
    (pillow,) = await memory.push("ok and a pillow?")  # was: the small-talk reply
    assert pillow.kind == "product_unknown"
    assert pillow.text.startswith('Sorry, no product in our shop mentions "pillow".')
    await memory.push("do you have gloves?", chat_id="b")
    (hat,) = await memory.push("ok, a warm hat then", chat_id="b")  # the bot's spiel before
    assert hat.kind == "product_unknown"
    assert hat.text.startswith('Sorry, no product in our shop mentions "warm hat".')
    # "do you have a footprint?" (contact details at 0.39: "say it another way"), "add a
    # footprint?", "can I add a heart rate monitor?": the thing alone ("add a footprint"
    # was no word of a product)
    for n, (first, text, thing) in enumerate((
            ("tents", "do you have a footprint?", "footprint"),
            ("tents", "add a footprint?", "footprint"),
            ("watches", "can I add a heart rate monitor?", "heart rate monitor"))):
        await memory.push(first, chat_id=f"t{n}")
        (unknown,) = await memory.push(text, chat_id=f"t{n}")
        assert unknown.kind == "product_unknown", text
        assert unknown.text.startswith(f'Sorry, no product in our shop mentions "{thing}".')


async def test_buying_a_product_says_what_it_comes_to_before_how_to_order(memory, app):
    (socks,) = await memory.push("socks")
    first, second = (app.catalog.get(c.product_id) for c in socks.cards[:2])
    (three,) = await memory.push("3 pairs of the first please")  # was: the first one's card
    assert three.kind == "policy" and three.text.startswith(
        f"3 × the {first['name']} come to {3 * first['price']:.2f} EUR.\nYou order in our "
        "online shop")
    many = second["stock"] + 1  # more than the shop has (was: how to order alone)
    (more,) = await memory.push(f"I'll take {many} pairs of the second")
    assert more.text.startswith(f"{many} × the {second['name']} come to "
                                f"{many * second['price']:.2f} EUR — only {second['stock']} "
                                "are in stock.\n")
    (how,) = await memory.push("how do I place an order?")  # no product picked: as before
    assert how.text.startswith("You order in our online shop")


async def test_what_about_another_thing_after_a_search_is_a_search(memory):
    await memory.push("rain jackets")
    (ponchos,) = await memory.push("ok what about ponchos")  # was: "say it another way"
    assert ponchos.kind == "product_unknown"
    assert ponchos.text.startswith('Sorry, no product in our shop mentions "ponchos".')
    await memory.push("do you ship to switzerland?")
    (norway,) = await memory.push("what about norway?")  # after a policy: the same policy
    assert norway.text.startswith("Sorry, we don't ship to Norway.")


async def test_are_they_warm_lists_what_each_says_of_warmth(memory):
    await memory.push("socks")
    (warm,) = await memory.push("are they warm?")  # was: none of them mentions "warm"
    assert warm.text.startswith("Season:\n1. ")


def test_the_policy_just_answered_breaks_a_tie():
    from core.model_understander import load_understander

    u = load_understander()
    pred = u.model.predict_one("do I need the original box?")
    assert pred.confidence < 0.5 and "return_refund" in [l for l, _ in pred.ranked[:2]]
    # after the returns policy: a returns question (it asked to say it another way)
    assert u.understand("do I need the original box?",
                        {"last_intent": "return_refund"}).intent == "return_refund"
    assert u.understand("do I need the original box?", {}).intent == pred.intent
    # a sure message is not pulled back to the policy
    assert u.understand("do you have tents?",
                        {"last_intent": "return_refund"}).intent == "product_search"


async def test_can_i_change_it_to_express_of_an_order_is_an_order_change(memory):
    await memory.push("what did I order? it's 10042")
    (change,) = await memory.push("can I change it to express?")
    assert change.kind == "order_change" and "10042" in change.text


async def test_adding_to_the_order_shown_is_an_order_change(memory):
    await memory.push("I want to cancel my order")
    await memory.push("10050")  # out for delivery: no longer cancelled
    # the how-to-order policy and "I can't find the answer to that" before
    (add,) = await memory.push("ok thanks. can I add something to it instead?")
    assert add.kind == "order_change" and "10050" in add.text
    await memory.push("hiking boots", chat_id="b")
    (socks,) = await memory.push("can I add socks to it?", chat_id="b")  # no order: a search
    assert socks.kind == "product_results"



async def test_taking_an_item_out_of_the_order_shown_is_an_order_change(memory):
    await memory.push("cancel my order 10057")  # a tent, socks and tees, not shipped
    # the socks' card came back
    (socks,) = await memory.push("actually, just remove the socks")
    assert socks.kind == "order_change" and socks.text.startswith(
        "Order **10057** has not shipped yet, so it can still be changed.\n")
    (boots,) = await memory.push("remove the boots")
    assert boots.kind == "order_change" and "It holds no hiking boots" in boots.text
    (add,) = await memory.push("can I add a mug to order 10057?")
    assert add.kind == "order_change" and "holds no" not in add.text


async def test_a_payment_method_gets_a_yes_or_a_no(memory):
    (coins,) = await memory.push("can I pay with bitcoin?")  # was "I can't find the answer"
    assert coins.kind == "policy" and coins.text.startswith("Sorry, we don't accept bitcoin. "
                                                            "We accept Visa, Mastercard, PayPal")
    (apple,) = await memory.push("do you take apple pay?")
    assert apple.text.startswith("Yes — we accept Apple Pay, as well as Visa")
    # a way asked of after another: a yes or a no of it too (it got the list, no yes)
    (klarna,) = await memory.push("and with klarna?")
    assert klarna.text.startswith("Yes — we accept Klarna invoice, as well as Visa")
    (coins,) = await memory.push("and dogecoin?")
    assert coins.text.startswith("Sorry, we don't accept dogecoin.")
    (parts,) = await memory.push("and in installments?")  # a kind of payment: no "sorry"
    assert parts.kind == "policy" and not parts.text.startswith("Sorry, we don't accept")


def test_with_it_asks_the_product_in_focus():
    from core.followups import with_it

    assert with_it("with a hood?") == "does it have a hood?"
    assert with_it("and with pockets?") == "does it have pockets?"
    assert with_it("one with a hood") is None  # another product: a search
    assert with_it("tents with a porch") is None


async def test_with_a_hood_of_a_hoody_is_a_yes(memory):
    (jackets,) = await memory.push("jackets")
    hoody = next(c.title for c in jackets.cards if "Hoody" in c.title)  # the demo list
    await memory.push(f"tell me about the {hoody}")
    (hood,) = await memory.push("with a hood?")  # was: the card again, with no yes
    assert f"\nYes — the {hoody} has a hood, as its name says." in hood.text


async def test_a_family_of_four_is_four_people(memory, app):
    (tents,) = await memory.push("I'm going camping with my family of 4, what tent do I need?")
    assert tents.cards  # was: a 1-person tent among them
    assert {app.catalog.get(c.product_id)["attributes"]["persons"] for c in tents.cards} == {"4"}


async def test_a_phone_number_asked_for_is_the_contact_policy_not_a_handoff(memory, app):
    for text in ("what's your phone number?", "can I call you?", "is there a hotline?"):
        (reply,) = await memory.push(text)  # was: handed over at once
        assert reply.kind == "policy" and "no telephone line" in reply.text, text
        assert "can't find the answer" not in reply.text, text  # "phone" is "telephone"
    assert app.store.db["handoffs"].count == 0
    (back,) = await memory.push("can someone call me back?")  # a person is asked for
    assert back.kind == "handoff"


@pytest.mark.parametrize("text", ["do I get a refund if it doesn't arrive?",
                                  "what if my parcel never arrives?",
                                  "what happens if the package gets lost?"])
async def test_a_parcel_that_never_comes_is_no_policy_sentence_on_refunds(memory, text):
    (reply,) = await memory.push(text)  # was the returns policy's refund sentences
    assert reply.kind == "policy" and reply.text.startswith("I can't find the answer to that")
    assert [b.payload for b in reply.buttons] == ["human"]


async def test_a_policy_question_after_a_product_request_is_answered_too(memory, app):
    replies = await memory.push("hi! do you have waterproof hiking boots in size 44 under 150 "
                                "and how long is delivery to germany?")  # was: the boots only
    assert [r.kind for r in replies] == ["product_results", "policy"]
    boots = [app.catalog.get(c.product_id) for c in replies[0].cards]
    assert boots and all(b["category"] == "hiking boots" and "44" in b["sizes"] and
                         float(b["price"]) <= 150 for b in boots)
    assert "Standard delivery takes 2-4 business days" in replies[1].text
    tents, klarna = await memory.push("show me tents. can I pay with klarna?")  # was: Klarna
    assert tents.kind == "product_results" and {
        app.catalog.get(c.product_id)["category"] for c in tents.cards} == {"tents"}
    assert klarna.kind == "policy" and "Klarna invoice" in klarna.text


async def test_an_orders_status_and_another_request_in_one_message_get_both(memory, app):
    # "where's my order 10003 and do you sell tents?" got the order alone
    order, tents = await memory.push("hi, where's my order 10003 and do you sell tents?")
    assert order.kind == "order_status" and "Order **10003**" in order.text
    assert tents.kind == "product_results" and {
        app.catalog.get(c.product_id)["category"] for c in tents.cards} == {"tents"}
    (cheapest,) = await memory.push("the cheapest?")  # the talk is of the tents next
    assert cheapest.kind == "product_pick" and cheapest.cards[0].title in [
        c.title for c in tents.cards]
    status, returns = await memory.push("where is order 10003? also how long do returns take?",
                                        chat_id="b")
    assert status.kind == "order_status" and "within 30 days" in returns.text


async def test_two_policy_questions_in_one_message_get_both_answers(memory):
    returns, austria = await memory.push("what's your return policy? also, do you ship to "
                                         "austria?")  # was: the countries alone
    assert "return unused items within 30 days" in returns.text
    assert austria.text.startswith("Yes — we ship to")


async def test_the_warranty_of_a_product_named_is_its_own_then_the_next_question(memory, app):
    replies = await memory.push("hi, what is the warranty on the Stormline 2.5L Rain Jacket? "
                                "and can I pay with paypal?")
    jacket = app.catalog.named_in("Stormline 2.5L Rain Jacket")[0]
    years = jacket["attributes"]["warranty_years"]  # was the policy's "I can't find"
    assert [r.kind for r in replies] == ["product_answer", "policy"]
    assert f"comes with a {years}-year warranty" in replies[0].text
    assert "we accept PayPal" in replies[1].text
    (both,) = await memory.push("do you have tents and sleeping bags?")  # one request
    assert both.kind == "product_results"


async def test_a_return_of_a_delivered_order_says_when_it_was_ordered(memory):
    (reply,) = await memory.push("can I return order 10001?")  # the window went unsaid
    first = reply.text.split("\n")[0]
    assert "It was ordered on 12 September 2026; returns are accepted within 30 days of " \
           "delivery" in first
    since = date.today() - timedelta(days=30)  # the day the window needs it delivered by
    if since > date(2026, 9, 12):
        assert f"only if it was delivered on or after {since.day} {since:%B %Y}." in first



async def test_a_question_right_after_a_return_is_answered_without_the_order_again(memory):
    (first,) = await memory.push("I want to return my order 10004")
    assert first.text.startswith("Order **10004** (1 × Glacier Urban Puffer Jacket")
    (how,) = await memory.push("how do I send it back?")  # the order and its window again
    assert how.kind == "policy" and how.text.startswith("Start a return by writing")
    (again,) = await memory.push("can I return order 10004?")  # named: said in full
    assert again.text.startswith("Order **10004**")


async def test_what_is_too_small_after_a_return_is_checked_against_that_order(memory):
    # "the boots are too small" after the return of 10004 (a jacket and socks) gave the
    # exchange sentence as if it held boots
    await memory.push("I want to return order 10004")
    (boots,) = await memory.push("the boots are too small")
    assert boots.kind == "policy"
    assert boots.text.startswith("Order **10004** (1 × Glacier Urban Puffer Jacket")
    assert "It holds no hiking boots; please check the order number" in boots.text
    assert "Exchanges for another size or colour are free" in boots.text
    (jacket,) = await memory.push("the jacket is too small")  # it holds it: the answer alone
    assert jacket.text.startswith("Start a return by writing")
    assert "Exchanges for another size or colour are free" in jacket.text


async def test_a_month_asked_of_a_product_shown_is_its_season(memory):
    await memory.push("warm fleece")
    (reply,) = await memory.push("is the first one good for december?")
    assert reply.kind == "product_answer"
    assert "Yes — the Lichen Full-Zip Fleece is made for autumn and winter (December is " \
           "winter)." in reply.text


async def test_a_depth_asked_of_a_waterproof_watch_is_not_a_plain_yes(memory):
    (reply,) = await memory.push("is the Trace Solar GPS Watch waterproof to 50m?")
    assert reply.kind == "product_answer"
    assert "The Trace Solar GPS Watch is waterproof, but our listing gives no depth or water " \
           "rating, so it does not say whether it holds to 50m." in reply.text
    assert "Yes" not in reply.text


async def test_a_month_no_listing_of_the_kind_dates_is_said_as_the_month(memory):
    (found, note) = await memory.push("a tent for may")
    assert found.kind == "product_results" and found.cards  # the tents, unfiltered
    assert note.text == ("No listing of our tents says which season it is made for, so I "
                         "could not keep this list to what you asked (for May, a spring month).")


async def test_the_warranty_asked_of_an_order_is_that_orders(memory, app):
    app.engine.turns.today = lambda: date(2026, 12, 2)
    # "is my order 10002 still under warranty?" got its tracking number (order_status 0.77)
    (reply,) = await memory.push("is my order 10002 still under warranty?")
    assert reply.text.startswith(
        "Order **10002** (1 × Glow 350 Head Torch) has been delivered. It was ordered on 13 "
        "September 2026, so it is under warranty until at least 13 September 2031 (5 years "
        "from delivery).")
    await memory.push("where is order 10002?", chat_id="b")
    (reply,) = await memory.push("is it still under warranty?", chat_id="b")
    assert "under warranty until at least 13 September 2031" in reply.text
    await memory.push("where is order 10002?", chat_id="c")
    (reply,) = await memory.push("what is your warranty policy?", chat_id="c")
    assert not reply.text.startswith("Order")  # no "it": the shop's policy


async def test_what_a_message_names_that_its_order_does_not_hold_is_said(memory):
    # "the boots from order 10001" of a sleeping bag went on with that order's return
    (reply,) = await memory.push("I want to return the boots from order 10001")
    assert reply.text.startswith(
        "Order **10001** (1 × Dormant 5 Sleeping Bag) has been delivered. It holds no hiking "
        "boots; please check the order number in your confirmation email.")
    (reply,) = await memory.push("I want to return the sleeping bag from order 10001", chat_id="b")
    assert "holds no" not in reply.text
    (reply,) = await memory.push("the headlamp I bought in order 10009 doesn't turn on",
                                 chat_id="c")
    assert "It holds no headlamps;" in reply.text and "under warranty" in reply.text
    # the kind said first, the number next: it went on as if order 10001 held boots
    await memory.push("I want to return my boots, they're too small", chat_id="d")
    (reply,) = await memory.push("order 10001", chat_id="d")
    assert "It holds no hiking boots;" in reply.text
    await memory.push("I want to return my sleeping bag", chat_id="e")
    (reply,) = await memory.push("order 10001", chat_id="e")
    assert reply.text.startswith("Order **10001**") and "holds no" not in reply.text
    # an unsure claim that reports a defect: how to claim (it said "say it another way",
    # then handed over); the part that broke is no kind of its own
    (claim,) = await memory.push("I bought a tent last week and a pole broke", chat_id="g")
    assert claim.kind == "policy" and "To make a claim" in claim.text
    (reply,) = await memory.push("it was order 10001", chat_id="g")
    assert "It holds no tents;" in reply.text and "trekking poles" not in reply.text
    await memory.push("I want to return my boots", chat_id="f")
    await memory.push("do you sell tents?", chat_id="f")  # the return is no longer the talk
    (reply,) = await memory.push("can I return order 10001?", chat_id="f")
    assert reply.text.startswith("Order **10001**") and "holds no" not in reply.text


async def test_which_has_the_most_of_a_property_says_no_listing_rates_it(memory):
    shoes = (await memory.push("running shoes size 43"))[0]
    (pick,) = await memory.push("which have the most cushioning?")
    assert pick.text.startswith(f"None of these {len(shoes.cards)} listings rates cushioning, "
                                "so I can't say which has the most.")
    assert 'the Tempo Max Runner mentions "cushioning"' in pick.text


async def test_an_alert_asked_for_an_unstocked_product_is_said_unsendable(memory):
    await memory.push("do you have the Birch Tech Fleece Pullover in stock?")
    (reply,) = await memory.push("can you notify me?")  # it asked to say it another way
    assert reply.kind == "product_answer"
    assert "I can't send back-in-stock alerts from this chat. The Birch Tech Fleece Pullover " \
           "is out of stock right now" in reply.text
    assert [b.payload for b in reply.buttons] == ["human"]


async def test_tell_me_more_is_about_the_product_asked_about(memory):
    await memory.push("tell me about the Col Mid Hiker")
    for text in ("can you tell me more?", "more details please", "what else can you tell me?"):
        (reply,) = await memory.push(text)  # it was the bot's spiel about itself
        assert reply.kind == "product_answer" and [c.title for c in reply.cards] == [
            "Col Mid Hiker"], text
        assert "Sizes: 37, 39, 40" in reply.text
    (reply,) = await memory.push("can you tell me more?", chat_id="fresh")
    assert reply.kind == "small_talk"  # nothing asked about yet: about the bot


async def test_a_purchase_that_hurts_is_the_exchange(memory):
    # "i bought boots last week and they hurt my feet" got the warranty policy
    (reply,) = await memory.push("i bought boots last week and they hurt my feet")
    assert reply.kind == "policy" and "Exchanges for another size or colour are free" in reply.text
    assert "can't find" not in reply.text
    (found,) = await memory.push("socks that prevent blisters", chat_id="b")  # no purchase
    assert found.kind == "product_results"
    # the size bought and the size needed: boots in 44 were listed
    for text in ("I ordered boots in size 43 but need 44",
                 "I bought the jacket in M but need an L"):
        (swap,) = await memory.push(text, chat_id=text)
        assert swap.kind == "policy" and "Exchanges for another size or colour are free" in \
            swap.text, text
    (boots,) = await memory.push("I need boots in 44 but want them in black", chat_id="c")
    assert boots.kind == "product_results"  # no purchase said


async def test_the_price_of_a_kind_with_nothing_shown_is_a_search(memory):
    # "how much is a gift card?" asked "which product do you mean?" (then no product
    # mentioned it; no policy does either: a gift card is a service the data does not name)
    (reply,) = await memory.push("how much is a gift card?")
    assert reply.kind == "service_unknown" and "gift cards or vouchers" in reply.text
    (tents,) = await memory.push("how much are your tents?", chat_id="b")
    assert tents.kind == "product_results" and tents.cards
    (which,) = await memory.push("how much is it?", chat_id="c")
    assert which.kind == "no_product_context"  # no kind named: which product


async def test_a_purchase_of_a_product_with_a_number_in_its_name_counts_what_was_said(memory):
    (reply,) = await memory.push("I want to order 2 of the Lumen 500 Headlamp")
    assert reply.text.startswith("2 × the Lumen 500 Headlamp come to 80.00 EUR.")  # was 500 ×
    (reply,) = await memory.push("I'll take 3 Nightjar 2 Dome Tents", chat_id="b")
    assert reply.text.startswith("3 × the Nightjar 2 Dome Tent come to 603.00 EUR.")  # its card
    (one,) = await memory.push("I'd like to buy the Nightjar 2 Dome Tent", chat_id="c")
    assert one.kind == "policy" and one.text.startswith(  # its card, no way to buy it
        "The Nightjar 2 Dome Tent costs 201.00 EUR.\nYou order in our online shop")


async def test_wanting_to_buy_a_kind_is_a_search_for_it(memory, app):
    # how to order, at 0.52, with no tent shown
    (reply,) = await memory.push("hi, I'd like to buy a tent")
    assert reply.kind == "product_results"
    assert {app.catalog.get(c.product_id)["category"] for c in reply.cards} == {"tents"}
    (how,) = await memory.push("how do I order a tent?", chat_id="b")  # asked: how to order
    assert how.kind == "policy" and "You order in our online shop" in how.text


async def test_like_a_product_but_with_a_filter_is_a_search_of_its_kind(memory):
    # "… but for 3 people" got the nearest tents to the Nightjar 2: 1- and 2-person ones
    (reply,) = await memory.push("something like the Nightjar 2 Dome Tent but for 3 people")
    assert reply.kind == "product_results" and reply.cards
    assert all(c.title != "Nightjar 2 Dome Tent" for c in reply.cards)
    assert "Lakeside 3 Dome Tent" in [c.title for c in reply.cards]
    (like,) = await memory.push("something like the Dormant -5 Synthetic Sleeping Bag",
                                chat_id="b")  # "-5" is its name's, no filter added
    assert like.kind == "recommendation"


async def test_the_price_of_another_thing_after_a_product_is_not_that_products(memory):
    await memory.push("is the Trace Solar GPS Watch waterproof?")
    # it gave the watch's price
    (reply,) = await memory.push("how much is a gift card?")
    assert reply.kind == "service_unknown" and "Trace Solar" not in reply.text
    assert "gift cards or vouchers" in reply.text
    await memory.push("quarter light hiking socks", chat_id="b")
    (pair,) = await memory.push("how much is a pair?", chat_id="b")  # of the socks shown
    assert "The Quarter Light Hiking Socks cost 25.00 EUR." in pair.text


async def test_what_about_another_named_product_asks_the_last_question_of_it(memory):
    # "what about the Col Mid Hiker?" got the Col Mid's whole card, whatever was asked
    await memory.push("does the Kammweg Pro Hiking Boot come in size 47?")
    (col,) = await memory.push("what about the Col Mid Hiker?")
    assert [c.title for c in col.cards] == ["Col Mid Hiker"]
    assert "Sorry, the Col Mid Hiker does not come in size 47." in col.text
    (talus,) = await memory.push("and the Talus Mid Boot?")  # the question, not the follow-on
    assert "Yes — the Talus Mid Boot comes in size 47" in talus.text
    await memory.push("sleeping bags", chat_id="b")
    await memory.push("is the first one down?", chat_id="b")
    (quilt,) = await memory.push("what about the Dormant 5 Quilt?", chat_id="b")
    assert "No — the Dormant 5 Quilt is made of synthetic fill." in quilt.text
    # after boots narrowed to size 47: whether this boot comes in it
    await memory.push("hiking boots", chat_id="c")
    await memory.push("in size 47?", chat_id="c")
    (narrowed,) = await memory.push("what about the Col Mid Hiker?", chat_id="c")
    assert "does not come in size 47" in narrowed.text
    # the last question was a follow-on of a size: that size, not the question before it
    await memory.push("show me the Stormline Alpine Rain Jacket", chat_id="e")
    await memory.push("is it breathable?", chat_id="e")
    await memory.push("and in size S?", chat_id="e")
    (shell,) = await memory.push("what about the Bluster 3L Rain Shell?", chat_id="e")
    assert "Yes — the Bluster 3L Rain Shell comes in size S" in shell.text
    # a product of another kind than the one searched, or a name with more said, is asked
    # nothing of the search's size
    await memory.push("rain jackets in size L", chat_id="d")
    (other,) = await memory.push("what about the Col Mid Hiker?", chat_id="d")
    assert "Sizes: 37, 39, 40" in other.text and "size L" not in other.text


async def test_a_swap_of_a_purchase_is_the_returns_and_exchanges_answer(memory):
    # a bag "too warm" to swap "for a lighter one" listed bags by weight; the exchange of
    # one boot for another said "I can't find the answer to that"
    for n, text in enumerate(("the sleeping bag I got is too warm, can I swap it for a "
                              "lighter one?",
                              "i bought the Col Mid Hiker, can I exchange it for the Kammweg "
                              "Pro Hiking Boot?")):
        (reply,) = await memory.push(text, chat_id=f"c{n}")
        assert reply.kind == "policy" and "can't find" not in reply.text, text
        assert reply.text.startswith("You can return unused items within 30 days"), text
        assert "Exchanges for another size or colour are free" in reply.text
    # an order named: that order's return, as before
    (order,) = await memory.push("I want to swap the boots from order 10001 for another size",
                                 chat_id="o")
    assert "It holds no hiking boots" in order.text


@pytest.mark.parametrize("text, swap", [
    ("the sleeping bag I got is too warm, can I swap it for a lighter one?", True),
    ("I bought the red one, can I exchange it for blue?", True),
    ("can I swap it for a lighter one?", False),  # nothing bought: another product
    ("I bought boots last week", False),
])
def test_swaps_purchase(text, swap):
    assert swaps_purchase(text) is swap


async def test_a_layer_count_of_jackets_is_a_search_of_rain_jackets(memory, app):
    # "3L jackets" and "2.5L vs 3L" listed puffer jackets, which no layer count describes
    (reply,) = await memory.push("do you have 3L jackets?")
    kinds = {app.catalog.get(c.product_id)["category"] for c in reply.cards}
    assert kinds == {"rain jackets"}
    assert reply.cards[0].title.split()[1] == "3L"
    (both,) = await memory.push("what's the difference between a 2.5L and 3L jacket?",
                                chat_id="b")
    titles = [c.title for c in both.cards]
    assert any(" 2.5L " in t for t in titles) and any(" 3L " in t for t in titles)


async def test_a_bare_how_much_after_a_policy_asks_that_policy(memory):
    # "how much?" after "do you ship to the US?" asked which product was meant
    await memory.push("do you ship to austria?")
    (fee,) = await memory.push("how much?")
    assert fee.kind == "policy" and "costs 4.95 EUR" in fee.text
    await memory.push("what is your return policy?", chat_id="b")
    (days,) = await memory.push("and how long?", chat_id="b")
    assert days.kind == "policy" and "within 30 days" in days.text
    (which,) = await memory.push("how much?", chat_id="c")  # nothing said before: which one
    assert which.kind == "no_product_context"
    (can,) = await memory.push("can I return the boots when they come?", chat_id="d")
    assert can.kind == "policy" and "I can't find" not in can.text  # "come" is no policy word
    (left,) = await memory.push("how long do I have?", chat_id="d")  # it said "say it another way"
    assert left.kind == "policy" and "within 30 days" in left.text


async def test_which_one_would_you_pick_for_a_purpose_is_of_those_shown(memory):
    # after two boots were compared, "which one would you pick for wet weather?" searched
    # rain jackets
    await memory.push("compare the Kammweg Pro Hiking Boot and the Col Mid Hiker")
    (wet,) = await memory.push("which one would you pick for wet weather?")
    assert wet.kind == "product_pick" and wet.text.startswith("Waterproof:")
    assert "1. Kammweg Pro Hiking Boot: no" in wet.text and "2. Col Mid Hiker: yes" in wet.text
    await memory.push("compare the Kammweg Pro Hiking Boot and the Col Mid Hiker", chat_id="b")
    (hike,) = await memory.push("which would you recommend for a long hike?", chat_id="b")
    # no listing rates that: said, and what the figures favour (the two side by side were)
    assert hike.kind == "product_pick" and hike.text.startswith(
        "No listing here says which is better for a long hike. ")
    await memory.push("sleeping bags", chat_id="c")
    (winter,) = await memory.push("which one would you recommend for winter?", chat_id="c")
    assert winter.kind == "product_pick" and winter.text.startswith("Season:")
    (own,) = await memory.push("is the Kammweg Pro Hiking Boot good for wet weather?",
                               chat_id="d")
    assert "No — the Kammweg Pro Hiking Boot is not waterproof." in own.text


async def test_one_of_those_compared_by_its_first_name_in_a_size_is_that_one(memory, app):
    # a search listed every Ridge… boot and trail shoe
    await memory.push("compare the Ridgeline Waterproof Hiking Boot and the Summit Pro WP Boot")
    (boot,) = await memory.push("ok the Ridgeline then, in 44")
    assert boot.kind == "product_answer" and [c.title for c in boot.cards] == [
        "Ridgeline Waterproof Hiking Boot"]
    assert "Yes — the Ridgeline Waterproof Hiking Boot comes in size 44" in boot.text
    await memory.push("hiking boots", chat_id="b")
    await memory.push("the second one in 44", chat_id="b")
    # "no product mentions 'hiking boots any others in 44'": "others" was the thing
    (others,) = await memory.push("any others in 44?", chat_id="b")
    assert others.kind == "product_results" and all(
        "44" in app.catalog.get(c.product_id)["sizes"] for c in others.cards)


async def test_a_wrong_size_or_colour_the_customer_chose_is_an_exchange(memory):
    # "I ordered the wrong size boots …, order 10002" was sorry "we sent you the wrong
    # item" and handed over; "… can I change it?" said "I can't find the answer to that"
    (order,) = await memory.push("I ordered the wrong size boots yesterday, order 10002, "
                                 "what do I do?")
    assert order.kind == "policy" and "Order **10002**" in order.text
    assert "Exchanges for another size or colour are free" in order.text
    (colour,) = await memory.push("i accidentally bought the wrong colour, can I change it?",
                                  chat_id="b")
    assert colour.kind == "policy" and "can't find" not in colour.text
    assert "Exchanges for another size or colour are free" in colour.text
    (sent,) = await memory.push("you sent me the wrong colour", chat_id="c")
    assert sent.kind == "handoff"  # the shop's mistake: a person puts it right


async def test_the_lightest_waterproof_one_is_of_the_waterproof_ones_shown(memory, app):
    # it listed whether each boot shown was waterproof, again
    (found,) = await memory.push("hiking boots for the alps, size 42, budget 200")
    await memory.push("are any of them waterproof?")
    (pick,) = await memory.push("which is the lightest waterproof one?")
    shown = [app.catalog.get(c.product_id) for c in found.cards]
    dry = [p for p in shown if p["attributes"].get("waterproof") == "yes"]
    assert 1 < len(dry) < len(shown)  # the case asked about: some are, some are not
    lightest = min(dry, key=lambda p: float(p["attributes"]["weight_g"]))
    assert pick.kind == "product_pick" and [c.title for c in pick.cards] == [lightest["name"]]
    assert pick.text.startswith(f"Of the {len(dry)} that are waterproof, the ")


async def test_a_bare_how_much_is_every_price_shown_or_the_one_asked_about(memory):
    # it was the first product's whole card either way
    (found,) = await memory.push("hiking boots")
    (prices,) = await memory.push("how much?")
    assert prices.kind == "prices" and prices.text.startswith("Here are their prices:")
    assert all(c.title in prices.text for c in found.cards)
    await memory.push("hiking boots", chat_id="b")
    (first,) = await memory.push("is the first one waterproof?", chat_id="b")
    (one,) = await memory.push("how much?", chat_id="b")
    name = first.cards[0].title
    assert one.kind == "product_answer" and f"The {name} costs " in one.text
    assert "Details —" not in one.text


async def test_a_size_of_another_system_lists_the_kind_and_says_none_converts(memory, app):
    # "I'm a size 10 UK" said nothing matched "size 10", with three boots as alternatives
    found, note = await memory.push("im a size 10 uk in shoes, which boot size is that?")
    assert found.kind == "product_results" and len(found.cards) == 5
    assert {app.catalog.get(c.product_id)["category"] for c in found.cards} == {"hiking boots"}
    assert note.kind == "size_system" and note.text.startswith(
        "Our hiking boots come in sizes 36 to 47, and no listing converts a UK 10 to those")
    assert [b.payload for b in note.buttons] == ["human"]
    (again,) = await memory.push("what's that in EU?")  # the first boot's card came back
    assert again.kind == "size_system" and again.text == note.text
    (eu,) = await memory.push("hiking boots in size 44", chat_id="b")  # the shop's own sizes
    assert all("44" in app.catalog.get(c.product_id)["sizes"] for c in eu.cards)
    # of the boot asked about (make chat): it said the boot "does not come in size UK 10"
    await memory.push("does the Kammweg Pro Hiking Boot come in size 47?", chat_id="c")
    (one,) = await memory.push("im a size 10 uk, which boot size is that?", chat_id="c")
    assert one.kind == "product_answer" and one.text.endswith(
        "The Kammweg Pro Hiking Boot comes in sizes 40 to 47, and our "
        "listing does not convert a UK 10 to them. A person from our team can help you pick "
        "the size.")


async def test_a_capacity_bound_said_is_kept(memory, app):
    # "only the ones over 30 litres" listed two 25 litre packs, as "about 30" would
    await memory.push("show me backpacks between 50 and 100 euros")
    (over,) = await memory.push("only the ones over 30 litres")
    litres = [float(app.catalog.get(c.product_id)["attributes"]["capacity_l"])
              for c in over.cards]
    prices = [float(app.catalog.get(c.product_id)["price"]) for c in over.cards]
    assert litres and all(v >= 30 for v in litres) and all(50 <= p <= 100 for p in prices)
    (under,) = await memory.push("a backpack under 25 litres", chat_id="b")
    assert under.cards and all(float(app.catalog.get(c.product_id)["attributes"][
        "capacity_l"]) <= 25 for c in under.cards)


async def test_how_long_are_they_of_a_list_is_each_ones_lengths(memory):
    # it answered for the first pair of poles alone, which lists no length
    await memory.push("do you have trekking poles?")
    (reply,) = await memory.push("how long are they?")
    assert reply.kind == "product_pick" and reply.text.startswith("Lengths:\n1. ")
    assert "cm" in reply.text


async def test_a_refund_that_has_not_come_goes_to_a_person(memory):
    (reply,) = await memory.push("I never got my refund")  # the refund timing alone before
    assert reply.kind == "handoff"
    assert reply.text.startswith("I'm sorry your refund hasn't reached you.")
    (timing,) = await memory.push("how long does a refund take?", chat_id="b")
    assert timing.kind == "policy" and "5 business days" in timing.text


async def test_an_order_said_not_to_have_come_then_its_number_is_that_complaint(memory):
    # "my order hasn't arrived yet", then "10004": its status said "delivered", no more;
    # typed without the apostrophe (make chat) it was not read as such at all
    for n, said in enumerate(("my order hasn't arrived yet", "my order hasnt arrived yet")):
        await memory.push(said, chat_id=f"a{n}")
        (reply,) = await memory.push("10004", chat_id=f"a{n}")
        assert reply.kind == "handoff" and reply.text.startswith(
            "I'm sorry your parcel hasn't reached you."), said
    await memory.push("my order hasn't arrived yet", chat_id="b")
    (underway,) = await memory.push("10036", chat_id="b")  # shipped: its status, as before
    assert underway.kind == "order_status" and "Order **10036**" in underway.text
    await memory.push("where's my order?", chat_id="c")
    (status,) = await memory.push("10004", chat_id="c")  # nothing said amiss: the status
    assert status.kind == "order_status"


async def test_a_delivery_deadline_is_how_long_delivery_takes(memory, app):
    # "can I get it by Friday?" of a tent got how to order and its price; "… by next week?"
    # naming it got its card; "before christmas?" got "I can't find the answer to that";
    # then the policy's sentences, the days left to count (core/delivery_dates counts them)
    app.engine.turns.today = lambda: date(2026, 12, 2)
    await memory.push("do you have the Nightjar 2 Dome Tent in stock?")
    for n, text in enumerate(("can I get it by Friday?",
                              "can I get the Nightjar 2 Dome Tent by next week?",
                              "will it arrive before christmas?")):
        (reply,) = await memory.push(text, chat_id="a" if n == 0 else f"c{n}")
        assert reply.kind == "policy" and "can't find" not in reply.text, text
        assert reply.text.startswith("To have it by "), text
        assert "express delivery (1-2 business days, 9.95 EUR) arrives between Thursday 3 and " \
               "Friday 4 December, in time;" in reply.text, text
    await memory.push("where is order 10036?", chat_id="o")
    (order,) = await memory.push("will it arrive by friday?", chat_id="o")
    assert order.kind == "order_status"  # of the order shown: its status, running late
    (search,) = await memory.push("tents I can get by friday", chat_id="s")
    assert search.kind == "product_results"


async def test_when_an_order_not_placed_would_arrive_is_how_long_delivery_takes(memory):
    # "when would it arrive in Germany?" after "I'll take the first" asked for an order number
    await memory.push("I want a tent for 2 under 300")
    await memory.push("I'll take the first")
    for text in ("when would it arrive in Germany?", "how long would it take to get here?"):
        (reply,) = await memory.push(text)
        # the days it takes, or the dates they come to counted from today
        assert reply.kind == "policy" and "2-4 business days" in reply.text, text
    # of an order: its number, as before
    for n, text in enumerate(("when will it arrive?", "when will my order arrive in Germany?",
                              "when would my order arrive?")):
        (ask,) = await memory.push(text, chat_id=f"o{n}")
        assert ask.kind == "order_ask_id", text


async def test_when_a_product_looked_at_would_arrive_is_how_long_delivery_takes(memory):
    # "when will it arrive in Berlin?" after rain jackets, "how long until it gets here?"
    # after a tent's card: nothing was ordered in this talk (it asked for an order number)
    # "how long does it take to come?" after boots: the first boot's card
    for n, (first, text) in enumerate((("I want a rain jacket", "when will it arrive in Berlin?"),
                                       ("the Nightjar 2 dome tent", "how long until it gets here?"),
                                       ("hiking boots", "how long does it take to come?"),
                                       ("the Nightjar 2 dome tent", "how soon until it arrives?"))):
        await memory.push(first, chat_id=f"p{n}")
        (reply,) = await memory.push(text, chat_id=f"p{n}")
        assert reply.kind == "policy" and "2-4 business days" in reply.text, text
    # an order placed before, said so: its number
    await memory.push("the Nightjar 2 dome tent", chat_id="b")
    for text in ("I ordered it last week, when will it arrive?",
                 "how soon until my order arrives?"):
        (ask,) = await memory.push(text, chat_id="b")
        assert ask.kind == "order_ask_id", text


async def test_another_size_or_colour_of_a_product_named_is_asked_of_it(memory):
    # "and in 46?" after "do you have the Col Mid Hiker in size 42?" asked to say it
    # another way, and "and in navy?" then handed over: the turn was kept as a search
    (first,) = await memory.push("do you have the Col Mid Hiker in brown size 42?")
    assert "Yes — the Col Mid Hiker comes in brown and in size 42" in first.text  # was unsaid
    (size,) = await memory.push("and in 46?")
    assert size.kind == "product_answer" and "Yes — the Col Mid Hiker comes in size 46" in \
        size.text
    (colour,) = await memory.push("and in navy?")
    assert colour.kind == "product_answer" and colour.text.endswith(
        "Yes — the Col Mid Hiker comes in brown and navy.")
    (both,) = await memory.push("and in red 46?")
    assert "No — the Col Mid Hiker comes in brown and navy." in both.text
    assert "comes in size 46" in both.text


async def test_shipping_for_that_after_a_purchase_counts_what_was_taken(memory):
    # "how much is shipping for that?" after "I'll take 2 of the second one" gave the
    # fee sentence alone, as if nothing was chosen
    await memory.push("rain jackets for women")
    (taken,) = await memory.push("I'll take 2 of the second one in size M")
    name = taken.text.split(" × the ")[1].split(" in size M")[0]
    (shipping,) = await memory.push("how much is shipping for that?")
    assert shipping.text.startswith(f"2 × the {name} come to ")
    assert "so shipping is free" in shipping.text


async def test_an_amount_asked_of_a_bottle_is_answered_yes_or_no(memory):
    # "does it hold a litre?" of a 0.5 l bottle said "holds 0.5 litres" and no "No —"
    (found,) = await memory.push("water bottle")
    assert "1. Brook Sport Water Bottle" in found.text
    (holds,) = await memory.push("does it hold a litre?")
    assert holds.text.endswith("No — the Brook Sport Water Bottle holds 0.5 litres.")


async def test_what_a_watch_does_is_asked_of_the_watch(memory):
    # "can I get notifications on it?" asked for an order number, "does it track sleep?"
    # said how many people the watch sleeps, "how accurate is the gps?" gave the card
    await memory.push("trace 2 gps watch")
    for text, said in [("can I get notifications on it?", "mention whether it shows notifications"),
                       ("does it track sleep?", "mention whether it tracks sleep"),
                       ("How accurate is the GPS?", "say how accurate the GPS is")]:
        (reply,) = await memory.push(text)
        assert reply.kind == "product_answer"
        assert f"our listing for the Trace 2 GPS Watch does not {said}." in reply.text


async def test_which_of_two_is_more_of_an_unrated_quality_reads_as_a_sentence(memory):
    # it said "Neither listing rates breathable, so I can't say which has more."
    await memory.push("rain jacket for women")
    await memory.push("what's the difference between the first two?")
    (reply,) = await memory.push("which one is more breathable?")
    assert reply.text.startswith(
        "Neither listing rates that, so I can't say which is more breathable.")


@pytest.mark.parametrize("first, then", [
    ("cancel order 10006", "ok, what can I do then?"),
    ("can I change the address for order 10006?", "what are my options?"),
])
async def test_what_to_do_after_a_return_is_offered_is_how_to_return_that_order(
        memory, first, then):
    # the bot's spiel about itself, or "say it another way", after "You can return it
    # instead — ask me about returns."
    (refused,) = await memory.push(first)
    assert "You can return it instead" in refused.text
    (how,) = await memory.push(then)
    assert how.kind == "policy" and how.text.startswith("Order **10006** (1 × Stormhold")
    assert "Start a return by writing to support@shop.example" in how.text


async def test_what_now_after_an_order_that_offers_no_return_is_not_a_return(memory):
    await memory.push("cancel order 10007")  # returned already: no return offered
    (now,) = await memory.push("what now?")
    assert "Start a return" not in now.text


@pytest.mark.parametrize("text", ["how long does an exchange take?",
                                  "how much does an exchange cost?"])
async def test_an_exchange_asked_of_is_the_returns_policy(memory, text):
    # how long delivery takes (shipping at 0.55), or "no product mentions "exchange""
    (reply,) = await memory.push(text)
    assert reply.kind == "policy" and "Exchanges for another size or colour are free" in \
        reply.text


async def test_whats_the_best_one_of_a_list_is_what_their_figures_favour(memory):
    # "say it another way" (a recommendation at 0.4); then those side by side, as "which
    # one is best?" got; now both say what the listings' figures favour, and what they
    # cannot weigh
    await memory.push("tents")
    for text in ("what's the best one?", "which one is best?"):
        (best,) = await memory.push(text)
        assert best.kind == "product_pick" and best.text.startswith(
            "Going by the figures the listings give, the ") and best.text.endswith(
            "They differ too in how many people they sleep, which only you can weigh.")
    (side,) = await memory.push("help me choose")  # all of them side by side
    assert side.kind == "compare" and side.text.startswith("Side by side:")


@pytest.mark.parametrize("text", ["what's your best tent?", "which tent is best?",
                                  "top rated tents"])
async def test_the_best_of_a_kind_is_a_list_that_says_nothing_rates_them(memory, app, text):
    # five tents and not a word of which is best, or that nothing could say it
    (tents,) = await memory.push(text)
    assert tents.kind == "product_results" and len(tents.cards) == 5
    note = tents.text.split("\n\n")[1]
    assert note.startswith("Our listings carry no ratings, so I can't say which is best. ")
    shown = [app.catalog.get(c.product_id) for c in tents.cards]
    cheapest = min(shown, key=lambda p: p["price"])
    assert cheapest["name"] in note and f"cheapest ({cheapest['price']:.2f} EUR)" in note
    (more,) = await memory.push("tents for 2 people")  # asks no ranking: no such note
    assert "ratings" not in more.text



async def test_the_best_of_a_brand_is_unrated_too(memory):
    # five Torvik products, and no word of which is best: its words were only the brand
    (best,) = await memory.push("best torvik product?")
    assert best.kind == "product_results" and best.text.split("\n\n")[1] == (
        "Our listings carry no ratings, so I can't say which is best: it depends on what you "
        "need it for.")  # of several kinds, no figure makes one the best


async def test_whats_the_most_waterproof_one_of_rain_jackets_is_no_ranking(memory):
    await memory.push("I need a rain jacket")
    (most,) = await memory.push("what's the most waterproof one?")  # the first one's "Yes"
    assert most.text.startswith("None of these 5 listings rates that, so I can't say which is "
                                "the most waterproof.") and not most.cards
    (dear,) = await memory.push("what's the most expensive one?")  # a figure: computed
    assert dear.text.startswith("Of these 5, the most expensive is the ")


async def test_what_instead_after_a_use_unsaid_is_a_search_for_that_use(memory, app):
    # "what would you suggest instead?" after "… good for running?" listed jackets like the
    # one its listing said nothing of running for
    (hoody,) = await memory.push("is the Thermal Hoody Insulated Jacket good for running?")
    (instead,) = await memory.push("what would you suggest instead?")
    assert instead.kind == "product_results" and instead.cards
    assert hoody.cards[0].product_id not in {c.product_id for c in instead.cards}
    assert {app.catalog.get(c.product_id)["category"] for c in instead.cards} == {"jackets"}
    assert "No listing here mentions running." in instead.text
    # the season a tent is for is no listing's: said under the tents, the Starfall left out
    (tent,) = await memory.push("is the Starfall UL Tent good for winter?", chat_id="t")
    other, note = await memory.push("what would you suggest instead?", chat_id="t")
    assert other.cards and tent.cards[0].product_id not in {c.product_id for c in other.cards}
    assert "could not keep this list to what you asked (for winter)" in note.text
    await memory.push("how heavy is the Col Mid Hiker?", chat_id="b")
    (like,) = await memory.push("anything else like it?", chat_id="b")  # no use asked: alike
    assert like.text.startswith("If you like the Col Mid Hiker, you might also like:")


async def test_a_budget_said_is_a_price_and_a_property_after_narrows_the_kind(memory, app):
    # 'no product in our shop mentions "new hiking boots, budget"', then "something
    # waterproof" listed a jacket, trousers and a watch within the budget
    (boots,) = await memory.push("I need new hiking boots, budget around 150")
    assert boots.kind == "product_results" and boots.text.startswith(
        "Here is what I found between 120 and 180 (5):")
    (dry,) = await memory.push("something waterproof")
    found = [app.catalog.get(c.product_id) for c in dry.cards]
    assert found and {p["category"] for p in found} == {"hiking boots"}
    assert all(p["attributes"]["waterproof"] == "yes" and 120 <= p["price"] <= 180
               for p in found)


async def test_a_total_of_several_picked_counts_how_many_of_each(memory, app):
    # "… two of the fourth?" summed one of the fourth; "I'll take the first and 2 of the
    # third" was how to order alone
    (kit,) = await memory.push("I'm going camping with my wife next weekend, we need a tent "
                               "and two sleeping bags")
    tent, bag = (app.catalog.get(kit.cards[i].product_id) for i in (0, 3))
    (total,) = await memory.push("what's the total for the first tent and two of the fourth?")
    assert total.text == (
        f"The {tent['name']} {tent['price']:.2f} EUR and 2 × the {bag['name']} "
        f"{2 * bag['price']:.2f} EUR: {tent['price'] + 2 * bag['price']:.2f} EUR together.")
    (tents,) = await memory.push("show me tents", chat_id="t")
    first, third = (app.catalog.get(tents.cards[i].product_id) for i in (0, 2))
    (take,) = await memory.push("I'll take the first and 2 of the third", chat_id="t")
    assert take.text.startswith(
        f"The {first['name']} {first['price']:.2f} EUR and 2 × the {third['name']} "
        f"{2 * third['price']:.2f} EUR: {first['price'] + 2 * third['price']:.2f} EUR together.")
    assert ("is out of stock right now" in take.text) == (not first["stock"] or
                                                          not third["stock"])
    assert "You order in our online shop" in take.text


async def test_compare_it_with_a_ranked_one_sets_the_two_side_by_side(memory):
    # "compare it with the cheapest" said which is the cheapest, as if nothing was compared
    await memory.push("boots under 150")
    (light,) = await memory.push("which is lightest?")
    lightest = light.text.split("the lightest is the ")[1].split(":")[0]
    (same,) = await memory.push("compare it with the cheapest")
    assert same.text.startswith(f"Of these 5, the cheapest is the {lightest}")  # the demo's
    assert "That's the one we were talking about. Which other one" in same.text
    (pair,) = await memory.push("compare it with the most expensive")
    assert pair.kind == "compare" and pair.text.split("\n")[1].startswith(f"1. {lightest} (")
    assert len([line for line in pair.text.split("\n") if line[:3] in ("1. ", "2. ")]) == 2


async def test_a_claim_asked_of_one_jacket_says_its_listing_does_not_make_it(memory):
    # "is it ethically sourced down?" gave the jacket's whole card
    await memory.push("is the Cinder Hoody Down Jacket warm enough for skiing?")
    (reply,) = await memory.push("is it ethically sourced down?")
    assert reply.kind == "product_answer" and (
        "Sorry, our listing for the Cinder Hoody Down Jacket does not say how and by whom it "
        "is made (fair trade, working conditions).") in reply.text


async def test_a_size_of_another_system_after_a_list_is_of_that_list(memory, app):
    # "I'm a size 10 US" after running shoes searched every kind ("nothing matches"), and
    # "ok what about a 44?" next was "say it another way"
    await memory.push("running shoes")
    found, note = await memory.push("I'm a size 10 US")
    assert {app.catalog.get(c.product_id)["category"] for c in found.cards} == {"running shoes"}
    assert note.kind == "size_system"
    (eu,) = await memory.push("ok what about a 44?")
    assert eu.kind == "product_results" and all(
        "44" in app.catalog.get(c.product_id)["sizes"] and app.catalog.get(c.product_id)[
            "category"] == "running shoes" for c in eu.cards)


async def test_a_price_bound_typed_in_a_hurry_is_kept(memory, app):
    # "waterprof jackit for men undr 200" listed jackets at 257 and 223 EUR
    (found,) = await memory.push("waterprof jackit for men undr 200")
    assert found.cards and all(float(c.price) <= 200 for c in found.cards)


async def test_a_return_asked_with_an_orders_status_is_that_orders_return(memory):
    # "can I still return it?" after the status of 10002 got the general return sentence
    status, back = await memory.push("hi! where's my order 10002 and can I still return it?")
    assert status.kind == "order_status" and "10002" in status.text
    assert back.kind == "policy" and back.text.startswith("Order **10002** (1 × Glow 350")
    assert "returns are accepted within 30 days of delivery" in back.text
    # the policy asked of no order stays the policy
    _, policy = await memory.push("where is order 10006 and what is your return policy?")
    assert policy.text.startswith("You can return unused items within 30 days")


async def test_it_in_a_second_question_of_shipping_is_the_shipping(memory):
    # "which product do you mean?" came first, for "how long does it take?"
    replies = await memory.push("how much is shipping to austria and how long does it take?")
    assert [r.kind for r in replies] == ["policy"]
    assert "2-4 business days" in replies[0].text and "4.95 EUR" in replies[0].text


async def test_a_boot_chosen_of_two_compared_then_a_size_is_of_that_boot(memory):
    await memory.push("what's the difference between the Col Mid Hiker and the Kammweg Pro "
                      "Hiking Boot?")
    (durable,) = await memory.push("which is more durable?")  # the two side by side again
    assert durable.text.startswith(
        "Neither listing rates that, so I can't say which is more durable.")
    (chosen,) = await memory.push("I'll go with the Kammweg")  # its card came back
    assert chosen.kind == "policy" and chosen.text.startswith(
        "The Kammweg Pro Hiking Boot costs 185.00 EUR.")
    await memory.push("tell me about the Kammweg Pro Hiking Boot", chat_id="b")
    (size,) = await memory.push("size 45", chat_id="b")  # a search of every kind in 45
    assert size.kind == "product_answer" and \
        "Yes — the Kammweg Pro Hiking Boot comes in size 45" in size.text


async def test_when_an_order_was_placed_and_what_it_came_to_are_said(memory):
    # its status again, then "say it another way" (or the payment policy)
    await memory.push("order 10008")
    (when,) = await memory.push("when did I order it?")
    assert when.kind == "order_status" and "It was ordered on 27 September 2026." in when.text
    (paid,) = await memory.push("how much did I pay?")
    assert paid.kind == "order_status" and "It came to 504.00 EUR." in paid.text


@pytest.mark.parametrize("text", ["I don't know what I need", "I'm going on a trip",
                                  "can you help me choose?"])
async def test_a_customer_with_no_need_named_is_asked_what_it_is_for(memory, text):
    # the bot's spiel about itself ("😊 I'm the shop's assistant — a bot …")
    (ask,) = await memory.push(text)
    assert ask.kind == "recommend_ask" and "What is it for" in ask.text
    (found,) = await memory.push("camping")  # the answer is the need
    assert found.kind in ("product_results", "recommendation") and found.cards

    await memory.push("tents", chat_id="b")  # of a list: those side by side (others came)
    (choose,) = await memory.push("help me choose", chat_id="b")
    assert choose.kind == "compare" and choose.text.startswith("Side by side:")


@pytest.mark.parametrize("text, late", [
    ("this is ridiculous, my order is late again", True),
    ("the delivery is taking so long, I want to speak to a manager", True),
    ("still waiting for my parcel!!", True),
    ("can I talk to a human? I'm not late for anything", False), ("you are useless", False),
])
def test_a_late_delivery_complained_of(text, late):
    assert late_delivery(text) is late


async def test_a_late_delivery_handed_over_is_sorry_for(memory):
    # a person took it without a word of the delay
    (reply,) = await memory.push("this is ridiculous, my order is late again")
    assert reply.kind == "handoff" and reply.text.startswith(
        "I'm sorry your order is taking so long.\nI've passed our conversation to a person")
    (plain,) = await memory.push("you are useless", chat_id="b")  # no word of a delay
    assert plain.kind == "handoff" and plain.text.startswith(
        "I'm sorry to hear that.\nI've passed our conversation")



def test_a_reply_while_a_person_has_the_conversation_offers_none():
    from core.turns import A_PERSON_HAS_IT, HUMAN_BUTTON, with_a_person
    from core.types import Reply

    late = Reply("It is running late — sorry. Press \"Talk to a human\" and our team will look "
                 "into it.", buttons=(HUMAN_BUTTON,))
    assert with_a_person(late) == Reply(f"It is running late — sorry. {A_PERSON_HAS_IT}")
    two = Reply("No reason given.\nSomeone can tell you more: press \"Talk to a human\". Or "
                "press \"Talk to a human\" and a person will take over.")
    assert with_a_person(two).text == f"No reason given.\n{A_PERSON_HAS_IT}"  # said once
    plain = Reply("Here is what I found (5):")
    assert with_a_person(plain) is plain


async def test_an_order_asked_while_a_person_is_awaited_offers_no_second_one(memory, app):
    # "Press "Talk to a human" and our team will look into it." with the button, though the
    # conversation was handed over one message before
    (handed,) = await memory.push("I received the wrong item")
    assert handed.kind == "handoff"
    (late,) = await memory.push("where is my order 10042?")
    assert late.kind == "order_status" and "running late" in late.text
    assert late.text.endswith("A person from our team already has this conversation and will "
                              "answer here.") and not late.buttons
    (other,) = await memory.push("where is my order 10042?", chat_id="o")  # no one awaited
    assert other.buttons and 'Press "Talk to a human"' in other.text


@pytest.mark.parametrize("text", ["your boots are rubbish, the sole came off",
                                  "my tent zip broke after a week, I want to speak to someone"])
async def test_a_fault_handed_over_is_sorry_for(memory, text):
    # a person took it without a word of the fault
    (reply,) = await memory.push(text)
    assert reply.kind == "handoff" and reply.text.startswith(
        "I'm sorry it let you down.\nI've passed our conversation to a person")


async def test_a_cancellation_checks_the_order_holds_what_was_named(memory):
    # "I ordered boots last week but want to cancel", then 10003 (a backpack): it went on
    # as if 10003 held boots
    await memory.push("I ordered boots last week but want to cancel")
    (reply,) = await memory.push("10003")
    assert reply.kind == "cancel_order" and reply.text.startswith(
        "Order **10003**: It holds no hiking boots; please check the order number")
    await memory.push("I want to cancel my backpack order", chat_id="b")
    (held,) = await memory.push("10003", chat_id="b")
    assert "holds no" not in held.text


async def test_the_status_of_a_return_is_that_orders_with_when_the_refund_comes(memory):
    # the returns policy's "I can't find the answer to that", then the policy whole again
    (ask,) = await memory.push("what's the status of my return?")
    assert ask.kind == "order_ask_id"
    (status,) = await memory.push("10007")
    assert status.kind == "order_status" and status.text.startswith("Order **10007** was "
                                                                    "returned.")
    assert status.text.endswith("Your refund goes back to the original payment method within "
                                "5 business days after the parcel reaches us.")
    (other,) = await memory.push("order 10002", chat_id="b")  # delivered: no refund said
    assert "refund" not in other.text


async def test_which_is_better_value_says_no_listing_rates_it_and_the_cheaper(memory):
    # all five side by side came back, after two were compared
    await memory.push("sleeping bags")
    (pair,) = await memory.push("compare the first and third")
    names = [line.split(". ", 1)[1].split(" (")[0] for line in pair.text.split("\n")[1:3]]
    (value,) = await memory.push("which is better value?")
    assert value.kind == "product_pick" and value.text.startswith(
        "No listing rates value for money, so I can't judge it for you. Of these 2, the "
        "cheaper is the ")
    assert any(name in value.text for name in names)


async def test_how_a_tee_fits_is_what_its_listing_says_of_it(memory):
    # the whole card came back
    await memory.push("merino t-shirt")
    (fit,) = await memory.push("how does it fit?")
    assert fit.kind == "product_answer" and "Details —" not in fit.text
    assert "Our listing for the Basecamp Merino Tee does not say how it fits." in fit.text


async def test_a_correction_of_which_one_asks_the_same_of_it(memory):
    # "no I meant the second one" gave its card; "no, cheaper than that" named the cheapest
    # of those shown
    (tents,) = await memory.push("tents")
    second = tents.cards[1].title
    await memory.push("is the first one waterproof?")
    (meant,) = await memory.push("no I meant the second one")
    assert meant.text.endswith(f"the {second} is waterproof.") and "Details —" not in meant.text
    await memory.push("rain jacket", chat_id="b")
    await memory.push("not that one, something cheaper", chat_id="b")
    (cheaper,) = await memory.push("no, cheaper than that", chat_id="b")
    assert cheaper.text.startswith("I have nothing cheaper for this search")


async def test_how_long_a_bottle_keeps_cold_quotes_its_listing(memory):
    # the whole card came back, its answer somewhere in it
    await memory.push("water bottle that keeps drinks cold")
    (cold,) = await memory.push("how long does it keep cold?")
    assert cold.kind == "product_answer" and "Details —" not in cold.text
    assert "says: \u201cKeeps drinks cold all day" in cold.text


async def test_follow_ons_of_a_boot_asked_about_are_their_own_questions(memory):
    # "and is it waterproof?" was read "what colours does is it waterproof come in?", and
    # "when will it arrive if I order now?" asked for an order number
    await memory.push("Do you have the Granite XT in 42?")
    await memory.push("what colours does it come in?")
    (dry,) = await memory.push("and is it waterproof?")
    assert dry.text.split("\n")[-1] == "No — the Granite XT Trekking Boot is not waterproof."
    (when,) = await memory.push("when will it arrive if I order now?")
    assert when.kind == "policy" and "2-4 business days" in when.text
    await memory.push("tents", chat_id="b")
    await memory.push("is the first one waterproof?", chat_id="b")
    (second,) = await memory.push("and the second one?", chat_id="b")  # still of it
    assert second.text.split("\n")[-1].endswith("is waterproof.")


async def test_which_ones_have_a_thing_is_asked_of_those_shown(memory):
    # a search for "rain cover" listed five other packs
    (packs,) = await memory.push("backpacks")
    (cover,) = await memory.push("which ones have a rain cover?")
    assert cover.kind == "product_pick" and cover.text == (
        "Sorry, none of these 5 listings mentions \"a rain cover\".")


@pytest.mark.parametrize("text", ["is this a real person?", "are you a bot?",
                                  "am I talking to a human?"])
async def test_whether_the_customer_talks_to_a_bot_is_answered(memory, app, text):
    # it handed over at once, though no one was asked for
    (reply,) = await memory.push(text)
    assert reply.kind == "small_talk" and "a bot" in reply.text
    assert app.store.db["handoffs"].count == 0
    (person,) = await memory.push("I want to talk to a real person")
    assert person.kind == "handoff"


async def test_a_gift_card_is_a_service_the_shops_data_does_not_mention(memory):
    # the payment policy whole; a voucher "for my friend" said no discount codes
    for text in ("do you have gift cards?", "can I buy a voucher for my friend?"):
        (reply,) = await memory.push(text)
        assert reply.kind == "service_unknown" and "gift cards or vouchers" in reply.text


async def test_a_question_of_a_name_start_is_answered_for_each_product_so_named(memory):
    # it listed the three Kammweg boots, the question unanswered
    (dry,) = await memory.push("is the Kammweg waterproof?")
    assert dry.kind == "product_pick" and dry.text == (
        "1. No — the Kammweg Pro Hiking Boot is not waterproof.\n"
        "2. Yes — the Kammweg Leather Trekking Boot is waterproof.\n"
        "3. No — the Kammweg Approach Hiking Boot is not waterproof.")
    assert [c.title for c in dry.cards] == ["Kammweg Pro Hiking Boot",
                                            "Kammweg Leather Trekking Boot",
                                            "Kammweg Approach Hiking Boot"]
    (second,) = await memory.push("the second one in size 44?")
    assert second.cards[0].title == "Kammweg Leather Trekking Boot"
    # the warranty policy whole, with "I can't find the answer to that"
    (years,) = await memory.push("what's the warranty on the Stormhold tent?", chat_id="b")
    assert years.kind == "product_pick" and years.text == (
        "1. The Stormhold Plus Dome Tent comes with a 3-year warranty.\n"
        "2. The Stormhold 1 Ultralight Tent comes with a 5-year warranty.")
    # a question no listing answers, or none asked: the list to pick from, as before
    (about,) = await memory.push("tell me about the Stormline", chat_id="c")
    assert about.kind == "product_results" and len(about.cards) == 4


async def test_a_part_that_broke_said_as_news_is_a_warranty_claim(memory):
    await memory.push("what's the warranty on the Stormhold 1 Ultralight Tent?")
    # a search for trekking poles; then order 10006 "holds no trekking poles"
    (pole,) = await memory.push("the pole snapped")
    assert pole.kind == "policy" and "To make a claim" in pole.text
    (order,) = await memory.push("it was order 10006")
    assert "holds no" not in order.text and "Stormhold 1 Ultralight Tent is under warranty" \
        in order.text


@pytest.mark.parametrize("text, broke", [
    ("the pole snapped", True), ("my zip is broken", True), ("one of the buckles came off", True),
    ("ugh, the strap on my backpack just broke", True), ("a tent that won't leak", False),
    ("poles that never snap", False), ("is the zip strong?", False)])
def test_what_broke_is_said_as_news(text, broke):
    from core.reading_product import _IT_BROKE

    assert bool(_IT_BROKE.match(text)) is broke


async def test_a_party_counted_is_how_many_a_tent_sleeps(memory, app):
    # 1-person tents came back, with "No listing here mentions kids."
    (tents,) = await memory.push("I want a tent for me and my two kids")
    assert tents.kind == "product_results" and "kids" not in tents.text
    assert {app.catalog.get(c.product_id)["attributes"]["persons"] for c in tents.cards} == {"3"}


async def test_a_link_to_a_product_pasted_in_is_asked_of_that_product(memory):
    # "I couldn't find an order with the number P-1233"
    (stock,) = await memory.push("do you have this in stock? https://shop.example/p/P1233")
    assert stock.kind == "product_answer" and stock.cards[0].title == "Stormhold 1 Ultralight Tent"
    assert "is in stock" in stock.text
    (order,) = await memory.push("where is 10042?")  # a number of no product: an order still
    assert order.kind == "order_status" and "10042" in order.text


async def test_and_a_feature_after_a_list_is_asked_of_that_kind(memory, app):
    await memory.push("I need a backpack for a 5 day trek")
    # trousers came as "the nearest" to "hip belt", and no backpack
    (belt,) = await memory.push("and hip belt?")
    assert belt.kind == "product_results"
    assert {app.catalog.get(c.product_id)["category"] for c in belt.cards} == {"backpacks"}
    assert "No listing here mentions hip belt." in belt.text


async def test_the_stock_of_the_range_is_counted_from_every_listing(memory, app):
    tents = [h.product for h in app.catalog.search("", {"category": "tents", "min_price": 0},
                                                      limit=1000)]
    out = [p["name"] for p in tents if not p["stock"]]
    assert 0 < len(out) <= 5  # the demo shop this test is about
    # five tents listed, as if they were all
    (stock,) = await memory.push("are your tents in stock?")
    assert stock.kind == "product_pick" and stock.text.startswith(
        f"Of our {len(tents)} tents, {len(tents) - len(out)} are in stock and {len(out)} ")
    assert all(f"the {name}" in stock.text for name in out)
    assert [c.title for c in stock.cards] == out
    # an order number was asked for; "say it another way"
    for text in ("is everything on your site in stock?", "what's out of stock?"):
        (every,) = await memory.push(text, chat_id=text)
        assert every.kind == "product_pick" and every.text.startswith("Of our ") and \
            "The first five out of stock:\n1. " in every.text
    # of those shown, each one's stock still
    await memory.push("tents", chat_id="b")
    (shown,) = await memory.push("are they in stock?", chat_id="b")
    assert shown.text.startswith("Stock:\n1. ")


@pytest.mark.parametrize("text, of_the_range", [
    ("is everything on your site in stock?", True), ("are all your products in stock?", True),
    ("what's out of stock?", True), ("which tents are sold out?", True),
    ("are they in stock?", False), ("is it in stock?", False), ("are all of them in stock?", False),
    ("which ones are sold out?", False), ("which of them are out of stock?", False)])
def test_what_asks_the_stock_of_the_range(text, of_the_range):
    from core.range_turns import _RANGE_STOCK

    assert bool(_RANGE_STOCK.search(text)) is of_the_range


@pytest.mark.parametrize("text", ["what's your return address?",
                                  "where should I ship the boots back to?"])
async def test_where_a_return_is_sent_is_the_return_label(memory, text):
    # the postal address; the countries shipped to
    (reply,) = await memory.push(text)
    assert reply.kind == "policy" and "we send you a prepaid return label" in reply.text
    assert "I can't find" not in reply.text


async def test_both_are_the_two_last_asked_about_and_together_is_their_sum(memory, app):
    # "how much are both together?" after the second and then the fourth tent: the first
    # two tents' prices, and which was cheaper
    listed = (await memory.push("tents", chat_id="t"))[0].cards
    await memory.push("how heavy is the second one?", chat_id="t")
    await memory.push("and the fourth?", chat_id="t")
    two = [app.catalog.get(c.product_id) for c in (listed[1], listed[3])]
    (total,) = await memory.push("how much are both together?", chat_id="t")
    assert f"{sum(p['price'] for p in two):.2f} EUR together" in total.text
    assert all(f"{p['name']} {p['price']:.2f} EUR" in total.text for p in two)
    (each,) = await memory.push("how much are both?", chat_id="t")  # each price, as before
    assert each.kind == "prices" and all(p["name"] in each.text for p in two)
    # a jacket, then a boot of a later list: those two (it was the first two boots)
    jacket = app.catalog.get((await memory.push("show me the Stormline 2.5L Rain Jacket",
                                                chat_id="j"))[0].cards[0].product_id)
    await memory.push("and hiking boots?", chat_id="j")
    boot = app.catalog.get((await memory.push("the first one", chat_id="j"))[0].cards[0]
                           .product_id)
    (both,) = await memory.push("how much would both cost?", chat_id="j")
    assert f"{jacket['price'] + boot['price']:.2f} EUR together" in both.text
    # of a list with none asked about: every one shown, summed
    shown = [app.catalog.get(c.product_id) for c in (await memory.push("tents", chat_id="a"))[0]
             .cards]
    (all_of,) = await memory.push("how much are they together?", chat_id="a")
    assert f"{sum(p['price'] for p in shown):.2f} EUR together" in all_of.text


async def test_a_count_with_a_price_asked_is_how_many_not_how_many_people(memory, app):
    # "how much for 2?" of a one-person tent: "No — it sleeps 1 person, not 2" came first;
    # "what's the total for 3?" was only that
    await memory.push("tents")
    tent = app.catalog.get((await memory.push("how much is the first one?"))[0].cards[0]
                           .product_id)
    (two,) = await memory.push("how much for 2?")
    assert "not 2" not in two.text and f"= {2 * tent['price']:.2f} EUR" in two.text
    (three,) = await memory.push("what's the total for 3?")
    assert f"3 × {tent['price']:.2f} EUR = {3 * tent['price']:.2f} EUR" in three.text
    (people,) = await memory.push("is it good for 2?")  # people, as before
    assert "sleeps" in people.text


async def test_a_list_says_what_it_was_narrowed_to_and_a_miss_says_what_was_asked(memory, app):
    # "do you have jackets in XXL?" listed five with no word of the size; "what about a
    # watch?" under a budget of 100 said "nothing matches that (filters: category
    # watches, under 100)"
    (xxl,) = await memory.push("do you have jackets in XXL?")
    assert xxl.text.startswith(f"Here is what I found in size XXL ({len(xxl.cards)}):")
    assert all("XXL" in app.catalog.get(c.product_id)["sizes"] for c in xxl.cards)
    (navy,) = await memory.push("hiking boots size 47 in navy", chat_id="n")
    assert navy.text.startswith("Here is what I found in size 47 in navy (")
    (women,) = await memory.push("running shoes for women size 39", chat_id="r")
    assert women.text.startswith("Here is what I found for women in size 39 (")
    (plain,) = await memory.push("tents", chat_id="p")
    assert plain.text.startswith(f"Here is what I found ({len(plain.cards)}):")
    await memory.push("gift for my dad who likes hiking, budget 100", chat_id="w")
    (watch,) = await memory.push("what about a watch?", chat_id="w")
    assert watch.kind == "product_none"
    assert watch.text.startswith("Sorry, nothing matches that (watches under 100).")


async def test_the_one_that_answers_which_and_the_one_chosen_are_asked_of_next(memory):
    # "I'll take that one" after "which is better for wet weather?" of two boots (only the
    # Col Mid is waterproof) was how to order alone; "in size 43" next listed every kind in 43
    await memory.push("what's the difference between the Talus Mid Boot and the Col Mid Hiker?")
    await memory.push("which is better for wet weather?")
    (take,) = await memory.push("I'll take that one")
    assert take.text.startswith("The Col Mid Hiker costs 150.00 EUR.")
    (size,) = await memory.push("in size 43")
    assert size.kind == "product_answer" and "Yes — the Col Mid Hiker comes in size 43" in \
        size.text
    # "in green" after "I'll take the first one" was "say it another way" (unsure at 0.33)
    await memory.push("tents", chat_id="t")
    await memory.push("I'll take the first one", chat_id="t")
    (green,) = await memory.push("in green", chat_id="t")
    assert green.kind == "product_answer" and "the Wildcamp 1 Tent comes in" in green.text


async def test_after_a_policy_what_then_and_the_money_are_of_that_policy(memory):
    # "ok what then?" after "it can no longer be cancelled. You can return it instead" was
    # the bot's spiel about itself; so was "what then?" after the returns answer
    await memory.push("cancel my order 10042")
    (then,) = await memory.push("ok what then?")
    assert then.kind == "policy" and "Start a return by writing to" in then.text
    await memory.push("what's the return policy?", chat_id="r")
    (after,) = await memory.push("what then?", chat_id="r")
    assert after.kind == "policy" and "Start a return by writing to" in after.text
    # "when will I get my money?" after the returns answer: "say it another way"
    (money,) = await memory.push("when will I get my money?", chat_id="r")
    assert money.kind == "policy" and "Your refund goes back" in money.text
    # "what happens next?" after the delivery costs: "I can't find the answer to that"
    await memory.push("how much is shipping?", chat_id="s")
    (nxt,) = await memory.push("what happens next?", chat_id="s")
    assert "leave our warehouse the same day" in nxt.text and "tracking number" in nxt.text
    assert "can't find" not in nxt.text and not nxt.buttons


async def test_a_fault_reported_is_sorry_and_one_that_may_come_is_what_the_warranty_covers(memory):
    # no word for the leaking boots before the claim
    (leak,) = await memory.push("my boots are leaking after two months")
    assert leak.text.startswith("I'm sorry it let you down.\n") and "make a claim" in leak.text
    (asked,) = await memory.push("the zip on my jacket broke, is that covered?", chat_id="z")
    assert asked.text.startswith("I'm sorry it let you down.")
    # a fault that may come: "say it another way", and "I can't find the answer to that"
    for n, text in enumerate(("what if the zip breaks?", "what happens if my boots fall apart?")):
        (may,) = await memory.push(text, chat_id=f"m{n}")
        assert may.kind == "policy" and "sorry" not in may.text.lower(), text
        assert "The warranty covers defects in materials and workmanship" in may.text, text
        assert "To make a claim" in may.text and "can't find" not in may.text, text


@pytest.mark.parametrize("text, supposed", [
    ("what if the zip breaks?", True),
    ("what happens if my boots fall apart?", True),
    ("in case the headlamp stops working?", True),
    ("my boots are leaking", False),  # a report, not a fault that may come
    ("what if I don't like it?", False),  # no fault
])
def test_supposes_defect(text, supposed):
    from core.service_turns import supposes_defect

    assert supposes_defect(text) is supposed


async def test_a_size_asked_in_an_exchange_is_of_the_orders_item_in_that_size(memory, app):
    # "size 44 instead of 43" after the exchange of order 10042 listed every product in 44
    await memory.push("I ordered the wrong size, can I exchange?")
    await memory.push("order 10042")
    boots = app.catalog.get("P1001")
    assert "44" in boots["sizes"] and boots["name"] == "Ridgeline Waterproof Hiking Boot"
    (size,) = await memory.push("size 44 instead of 43")
    assert size.kind == "product_answer" and [c.product_id for c in size.cards] == ["P1001"]
    assert "Yes — the Ridgeline Waterproof Hiking Boot comes in size 44" in size.text
    await memory.push("I want to exchange my boots from order 10042", chat_id="b")
    (again,) = await memory.push("can I get a 44?", chat_id="b")  # "say it another way"
    assert again.kind == "product_answer" and "comes in size 44" in again.text


@pytest.mark.parametrize("text, found", [
    ("size 44 instead of 43", ("boot", "44")),
    ("can I get a 44?", ("boot", "44")),
    ("in L please", ("pants", "L")),
    ("size 50", None),  # neither comes in it
    ("I want a refund", None),  # no size
])
def test_sized_item(text, found):
    from core.order_answers import sized_item

    items = [{"id": "boot", "sizes": ["43", "44"]}, {"id": "pants", "sizes": ["M", "L"]}]
    got = sized_item(items, text)
    assert (got and (got[0]["id"], got[1])) == found


async def test_which_is_easier_or_better_for_two_of_two_compared_is_what_listings_say(memory):
    await memory.push("compare the Stormhold 1 Ultralight Tent and the Nightjar 1 Ultralight Tent")
    (easier,) = await memory.push("which one is easier to set up?")  # the table again
    assert easier.text == (
        "Neither the listing of the Stormhold 1 Ultralight Tent nor that of the Nightjar 1 "
        "Ultralight Tent says how easy it is to set up, so I can't say which is easier.")
    # both sleep one: it said neither listing says anything about two people
    (two,) = await memory.push("which one is better for two people?")
    assert two.text == ("Neither is made for 2 people: the Stormhold 1 Ultralight Tent sleeps "
                        "1 person; the Nightjar 1 Ultralight Tent sleeps 1 person.")


async def test_what_may_be_done_with_a_product_is_what_its_listing_says(memory):
    await memory.push("Looking for a stove")
    # "say it another way" (a search at 0.45), and the card with no word of the plane
    (camping,) = await memory.push("can I bring it camping?")
    assert camping.kind == "product_answer" and camping.text.endswith(
        "says: “A compact kitchen for backpacking, picnics and car camping.”")
    (plane,) = await memory.push("can I take it on a plane?")
    assert "does not say whether you can take it on a plane. What it does say:" in plane.text
    await memory.push("tents", chat_id="t")
    (beach,) = await memory.push("can I take the first one to the beach?", chat_id="t")
    assert beach.kind == "product_answer" and "Wildcamp 1 Tent does not say whether you can " \
        "take it to the beach." in beach.text


async def test_a_size_or_colour_in_stock_says_what_the_stock_figure_counts(memory, app):
    # "in stock (50)" of "is the brown one in stock?", as if 50 were brown: the listing
    # counts one figure for all its sizes and colours
    boot = app.catalog.get(app.catalog.named_in("Col Mid Hiker")[0]["id"])
    assert len(boot["sizes"]) > 1 and len(boot["colors"]) > 1
    (size,) = await memory.push("do you have the Col Mid Hiker in 44?")
    assert size.text.endswith(f"comes in size 44, and it is in stock ({boot['stock']} across "
                              "all its sizes and colours).")
    (brown,) = await memory.push("is the brown one in stock?")
    assert brown.text.endswith(f"is in stock ({boot['stock']} across all its sizes and colours).")
    (plain,) = await memory.push("is it in stock?")  # of the product: the figure alone
    assert plain.text.endswith(f"The Col Mid Hiker is in stock ({boot['stock']}).")
    (socks,) = await memory.push("do you have the Quarter Heavy Hiking Socks in 43-46?")
    assert "and they are in stock (" in socks.text and "across all their sizes)" in socks.text


async def test_a_feature_sorted_by_is_no_feature_unlisted_and_what_it_can_do_is_asked(memory):
    # sorted longest-running first, each with its hours, and "No listing here mentions long
    # battery." under them
    (watches,) = await memory.push("gps watch with long battery")
    assert "longest-running first" in watches.text and "No listing" not in watches.text
    (red,) = await memory.push("headlamp with red light", chat_id="r")  # still said
    assert "No listing here mentions red light." in red.text
    # "say it another way", then the card with no word of notifications
    (notes,) = await memory.push("can it show notifications?")
    assert notes.kind == "product_answer" and "does not mention whether it shows " \
        "notifications" in notes.text


async def test_thanks_that_is_all_is_a_goodbye(memory):
    await memory.push("tents")
    (done,) = await memory.push("thanks, that's all")  # "anything else I can help you with?"
    assert done.kind == "goodbye"
    (set_,) = await memory.push("ok I'm all set, thank you", chat_id="b")
    assert set_.kind == "goodbye"
    (thanks,) = await memory.push("thanks!", chat_id="c")  # may still ask more
    assert thanks.kind == "thanks"


async def test_the_cheapest_after_nothing_under_a_price_is_the_cheapest_at_any(memory, app):
    await memory.push("cheap tent for festival")
    (none,) = await memory.push("less than 100?")
    assert none.kind == "product_none"
    (cheapest,) = await memory.push("what's the cheapest you have?")  # nothing under 100, again
    least = app.store.db.execute("SELECT min(price) FROM products WHERE category = 'tents'"
                                 ).fetchone()[0]
    assert cheapest.kind == "product_results" and float(cheapest.cards[0].price) == least
    await memory.push("tents under 200", chat_id="b")
    (within,) = await memory.push("cheapest first", chat_id="b")  # found some: still under 200
    assert within.cards and all(float(c.price) <= 200 for c in within.cards)


async def test_a_question_of_what_every_product_shown_is_made_of_is_of_each(memory, app):
    (tees,) = await memory.push("do you have merino t-shirts?")
    assert all("Merino" in c.title for c in tees.cards)
    (itchy,) = await memory.push("is merino itchy?")  # "which one do you mean?"
    assert itchy.text == f'Sorry, none of these {len(tees.cards)} listings mentions "itchy".'


async def test_an_account_is_the_ordering_policys_and_a_review_is_no_service_known(memory):
    (account,) = await memory.push("how do I create an account?")  # how to order, whole
    assert account.kind == "policy" and account.text == (
        "You can order as a guest or with an account, and there is no minimum order value.")
    (review,) = await memory.push("can I leave a review?", chat_id="b")  # "say it another way"
    assert review.kind == "service_unknown" and "customer reviews or ratings" in review.text


async def test_a_thermos_is_a_bottle_that_keeps_drinks_hot(memory, app):
    """"I need a thermos" said no product mentions "thermos" (Thermal jackets before)."""
    (found,) = await memory.push("I need a thermos")
    assert found.kind == "product_results" and len(found.cards) == 5
    for card in found.cards:  # insulated, or its listing says it keeps coffee hot
        (said,) = app.store.db.execute("SELECT description FROM products WHERE name = ?",
                                       (card.title,)).fetchone()
        assert "Insulated" in card.title or "hot coffee warm" in said


async def test_whether_an_insulated_bottle_keeps_drinks_cold_is_what_its_name_says(memory):
    """It said the listing of the "Oasis Sport Insulated Bottle" does not mention whether
    it keeps drinks cold."""
    (cold,) = await memory.push("does the Oasis Sport Insulated Bottle keep drinks cold?")
    assert cold.text.splitlines()[1] == (
        "Yes — the Oasis Sport Insulated Bottle is insulated, as its name says: it keeps "
        "drinks hot or cold. Its listing does not say for how many hours.")
    (plain,) = await memory.push("does the Rill Steel Water Bottle keep drinks cold?")
    assert "does not mention whether it keeps drinks cold" in plain.text  # no name says so


async def test_without_down_leaves_out_what_is_filled_with_down(memory, app):
    """"jackets without down" listed five polyamide puffers filled with down 700 fill."""
    (found,) = await memory.push("jackets without down")
    assert found.kind == "product_results" and found.cards
    for card in found.cards:
        (attributes,) = app.store.db.execute("SELECT attributes FROM products WHERE name = ?",
                                             (card.title,)).fetchone()
        assert "down" not in attributes.lower()


@pytest.mark.parametrize("text", ["is fleece or down warmer?", "fleece or down, which is warmer?"])
async def test_fleece_or_down_sets_the_fleeces_beside_the_down_jackets(memory, text):
    """It listed five fleeces ("none lists its comfort temperature"), or said "down: none
    of our fleece"."""
    (reply,) = await memory.push(text)
    assert reply.kind == "product_pick" and not reply.cards
    fleece, down = reply.text.splitlines()[1:3]
    assert fleece.startswith("- fleece (18): ") and fleece.endswith(
        "season 3-season or autumn-winter")
    assert down.startswith("- down (18): ") and down.endswith("season winter")


async def test_a_delivered_parcel_never_got_is_handed_over_with_what_the_books_say(memory):
    """"my order 10003 hasn't arrived yet" was sorry and a person, no word that the books
    show it delivered, nor by whom."""
    (reply,) = await memory.push("my order 10003 hasn't arrived yet")
    assert reply.kind == "handoff" and reply.text.splitlines()[0] == (
        "I'm sorry your parcel hasn't reached you. Our records show order 10003 as delivered "
        "by DHL, tracking number JD014600008370.")
    await memory.push("where is order 10003?", chat_id="b")  # its status was just said
    (never,) = await memory.push("but I never got it", chat_id="b")
    assert never.kind == "handoff" and never.text.splitlines()[0] == (
        "I'm sorry your parcel hasn't reached you.")


@pytest.mark.parametrize("text", ["do you have this in a size 9?",  # "say it another way"
                                  "do you have it in size 42?",  # every product in size 42
                                  "do you have that in blue?", "show me that in black"])
async def test_a_size_or_colour_of_a_product_pointed_at_with_none_spoken_of_asks_which(
        memory, text):
    (reply,) = await memory.push(text)
    assert reply.kind == "no_product_context" and not reply.cards


async def test_a_size_or_colour_of_nothing_pointed_at_is_still_a_search(memory):
    (found,) = await memory.push("anything that comes in size 42?")
    assert found.kind == "product_results" and found.cards
    await memory.push("boots", chat_id="b")
    (them,) = await memory.push("do you have them in size 42?", chat_id="b")
    assert them.kind == "product_results" and them.cards


@pytest.mark.parametrize("then", ["what about for summer?", "and for summer?"])
async def test_a_season_after_bags_for_a_temperature_is_bags_for_that_season(memory, app, then):
    """"what about for summer?" after bags for -10 listed summer t-shirts; "and for
    summer?" said nothing matched "-10 °C or lower for summer"."""
    await memory.push("which sleeping bag is good for -10?")
    (summer,) = await memory.push(then)
    assert summer.kind == "product_results" and summer.cards
    for card in summer.cards:
        category, attributes = app.store.db.execute(
            "SELECT category, attributes FROM products WHERE name = ?", (card.title,)).fetchone()
        assert category == "sleeping bags" and '"comfort_temp_c": "-10"' not in attributes


async def test_running_shoes_with_where_the_customer_runs_are_found(memory):
    """"I need new running shoes, I run on roads mostly, budget 120" said no product
    mentions it ("run" was read as the thing asked for)."""
    (found,) = await memory.push("I need new running shoes, I run on roads mostly, budget 120")
    assert found.kind == "product_results" and len(found.cards) == 5
    assert all(float(c.price) <= 120 for c in found.cards)
    assert "No listing here mentions" not in found.text  # "roads mostly", as if a battery


async def test_the_smallest_size_of_the_boots_listed_is_the_smallest_they_come_in(memory, app):
    (boots,) = await memory.push("hiking boots")
    (smallest,) = await memory.push("what's the smallest size?")  # "none lists a capacity"
    least = min(int(s) for c in boots.cards for s in app.catalog.get(c.product_id)["sizes"])
    assert smallest.kind == "product_pick" and smallest.text.startswith(
        f"Of these 5, the smallest size is {least}: the ")


async def test_a_present_for_a_child_by_what_they_like_still_says_no_listing_is_for_kids(memory):
    """"a gift for my 10 year old who likes camping" listed adult tents, no word of it (the
    whole request said "No listing here mentions kids.")."""
    (found,) = await memory.push("a gift for my 10 year old who likes camping")
    assert found.kind == "product_results" and found.cards
    assert "No listing here mentions kids." in found.text


async def test_a_material_alone_is_asked_of_what_is_on_screen(memory, app):
    """"down?" after sleeping bags listed down jackets, "merino?" after hiking socks merino
    tees, "synthetic?" after the down bag's answer gave its whole card."""
    await memory.push("sleeping bags")
    (down,) = await memory.push("down?")
    assert down.kind == "product_results" and down.cards
    for card in down.cards:
        bag = app.catalog.get(card.product_id)
        assert bag["category"] == "sleeping bags" and "down" in bag["attributes"]["material"]
    await memory.push("socks for hiking", chat_id="b")
    (merino,) = await memory.push("merino?", chat_id="b")
    assert merino.cards and all(
        app.catalog.get(c.product_id)["category"] == "socks" for c in merino.cards)
    await memory.push("Ember Winter Down Sleeping Bag", chat_id="c")
    (synthetic,) = await memory.push("synthetic?", chat_id="c")
    assert synthetic.text.splitlines()[-1] == (
        "No — the Ember Winter Down Sleeping Bag is made of duck down.")


async def test_what_it_covers_after_a_products_warranty_is_what_the_warranty_covers(memory):
    await memory.push("how long is the warranty on the Orbit X GPS Watch?")
    (covers,) = await memory.push("what does it cover?")  # the watch's whole card
    assert covers.kind == "policy" and covers.text == (
        "The warranty covers defects in materials and workmanship, not normal wear, misuse or "
        "accidents.")


async def test_instalments_no_policy_mentions_are_said_so_with_how_to_pay_later(memory):
    (parts,) = await memory.push("can I pay in instalments?")  # "I can't find …", all of it
    assert parts.kind == "policy" and parts.text.startswith(
        "Our payment policy doesn't mention paying in instalments or financing.")
    assert "Klarna invoice you pay within 14 days" in parts.text


async def test_whether_down_is_responsibly_sourced_is_a_claim_no_listing_makes(memory):
    await memory.push("Ashfall Lite Down Jacket")
    (sourced,) = await memory.push("is the down responsibly sourced?")  # "whether it is sourced"
    assert "does not say how and by whom it is made" in sourced.text
    (rds,) = await memory.push("is your down RDS certified?", chat_id="b")  # which product?
    assert rds.kind == "claim_unknown" and not rds.cards


async def test_which_of_two_kinds_is_better_for_a_use_counts_the_listings_naming_it(memory):
    await memory.push("what's the difference between trail shoes and hiking boots?")
    (better,) = await memory.push("which is better for a day hike?")  # "which product?"
    assert better.kind == "product_pick" and better.text.startswith(
        "No listing says which is better for a day hike. How many listings of each name it:\n"
        "- trail shoes: ")
    assert "\n- hiking boots: " in better.text and not better.cards


async def test_a_tent_that_arrived_without_poles_is_sorry_and_a_person(memory):
    (reply,) = await memory.push("my tent arrived without poles, order 10006")  # its status
    assert reply.kind == "handoff" and reply.text.startswith(
        "I'm sorry something is missing from your order.")


async def test_no_jacket_without_down_for_summer_says_so_in_plain_words(memory):
    await memory.push("jackets without down")
    replies = await memory.push("what about for summer?")  # "None of our jackets is not down"
    assert replies[-1].kind == "kind_instead" and replies[-1].text == (
        "None of our jackets is made without down, for summer, so the list shows rain jackets "
        "that are.")


async def test_a_delivery_that_went_well_is_good_news_not_an_order_asked_for(memory):
    (well,) = await memory.push("my tent arrived without any problems, thanks")  # order number?
    assert well.kind == "arrived_well" and well.text.startswith("Glad to hear it arrived safely!")
    (faulty,) = await memory.push("my tent arrived without poles, order 10006", chat_id="b")
    assert faulty.kind == "handoff"


async def test_a_swap_for_a_size_says_whether_it_comes_in_it_and_how_to_exchange(memory):
    await memory.push("Talus Mid Boot")
    (swap,) = await memory.push("can I swap it for a 44?")  # the boot's card again
    assert swap.kind == "policy" and swap.text.startswith(
        "Yes — the Talus Mid Boot comes in size 44, and it is in stock")
    assert "Exchanges for another size or colour are free" in swap.text
    (none,) = await memory.push("can I exchange it for a 49?")
    assert none.text.startswith("Sorry, the Talus Mid Boot does not come in size 49.")
    await memory.push("I bought boots last month and they're too small", chat_id="b")
    (bought,) = await memory.push("can I swap it for a 44?", chat_id="b")  # the whole policy
    assert bought.kind == "policy" and "Exchanges for another size" in bought.text
    assert "within 5 business days" not in bought.text


async def test_the_largest_size_of_sleeping_bags_is_their_longest(memory):
    await memory.push("sleeping bags")
    (largest,) = await memory.push("largest size?")  # "none of these lists a capacity"
    assert largest.kind == "product_pick" and largest.text.startswith(
        "Of these 5, the largest size is Long: the ")


async def test_shipping_of_a_product_to_a_country_not_shipped_to_says_so(memory):
    await memory.push("Cloudburst Lite Shell Jacket")
    (iceland,) = await memory.push("how much is shipping to Iceland?")  # "shipping is free"
    assert iceland.kind == "policy" and iceland.text.startswith("Sorry, we don't ship to Iceland.")
    (austria,) = await memory.push("how much is shipping to Austria?")
    assert austria.text.startswith("The Cloudburst Lite Shell Jacket costs 142.99 EUR, so "
                                   "shipping is free")


async def test_a_size_of_another_system_asked_in_eu_is_no_conversion_we_list(memory):
    (bare,) = await memory.push("what's a UK 9 in EU?")  # "say it another way"
    assert bare.kind == "size_unconverted" and bare.text.startswith(
        "Our hiking boots, running shoes and trail shoes come in sizes 36 to 47, and no listing "
        "converts a UK 9 to those")
    assert [b.label for b in bare.buttons] == ["Talk to a human"]
    await memory.push("boots", chat_id="b")
    (boots,) = await memory.push("what's a US 10 in european size?", chat_id="b")
    assert boots.text.startswith("Our hiking boots come in sizes 36 to 47, and no listing "
                                 "converts a US 10 to those")


async def test_whether_it_would_work_for_a_use_is_asked_of_it(memory):
    await memory.push("Rucker 22 Daypack")
    (travel,) = await memory.push("would it work for travel?")  # travel products, a watch too
    assert travel.kind == "product_answer" and "Sorry, our listing for the Rucker 22 Daypack " \
        "does not say whether it is good for travel." in travel.text


async def test_which_one_is_waterproof_of_two_that_are_not_says_neither(memory):
    await memory.push("what's the difference between the Talus Mid Boot and the Talus XT "
                      "Trekking Boot?")
    (which,) = await memory.push("which one is waterproof?")  # "no", "no" alone
    assert which.kind == "product_pick" and which.text.startswith(
        "Neither is waterproof.\nWaterproof:\n1. Talus Mid Boot: no")


async def test_a_delivered_order_said_to_be_late_is_one_not_received(memory):
    (late,) = await memory.push("my order 10020 is late")  # its status alone, twice
    assert late.kind == "handoff" and late.text.startswith(
        "I'm sorry your parcel hasn't reached you. Our records show order 10020 as delivered "
        "by UPS")
    (asked,) = await memory.push("is my order 10020 late?", chat_id="b")  # a question: status
    assert asked.kind == "order_status" and "has been delivered" in asked.text


async def test_two_words_of_a_kinds_listings_are_set_side_by_side(memory):
    (layers,) = await memory.push("what's the difference between 2.5L and 3L jackets?")
    assert layers.kind == "product_pick" and layers.text.startswith(  # five, as the answer
        "Our listings don't explain 2.5L and 3L in general, but here is how our rain jackets "
        "of each compare:\n- 2.5L (") and "\n- 3L (" in layers.text
    assert [c.title.split()[1] for c in layers.cards] == ["2.5L", "2.5L", "3L", "3L"]
    (lighter,) = await memory.push("which is lighter?")  # of those four
    assert lighter.text.startswith("Of these 4, the lightest is the ")
    (gore,) = await memory.push("what's the difference between gore-tex and a normal rain "
                                "jacket?", chat_id="b")
    assert gore.text == ("None of our rain jackets mentions gore-tex, so I can't say how it "
                         "differs from the others.")


@pytest.mark.parametrize("text", ["hi there, do you have headlamps?",
                                  "good morning, do you have headlamps?"])
async def test_a_greeting_before_a_search_is_no_thing_unsold(memory, text):
    replies = await memory.push(text)  # "no product in our shop mentions "hi there""
    assert [r.kind for r in replies] == ["product_results"] and replies[0].cards


async def test_a_kind_unsold_after_a_greeting_is_still_said(memory):
    replies = await memory.push("hi team, tents and hammocks?")
    assert replies[-1].kind == "kinds_unsold" and 'mentions "hammocks"' in replies[-1].text


async def test_a_height_said_before_the_kind_still_lists_it(memory):
    (bags,) = await memory.push("I'm 190cm tall, which sleeping bag?")  # "no product mentions"
    assert bags.kind == "product_results" and len(bags.cards) == 5
    assert "No listing here mentions how tall a person it fits." in bags.text


async def test_insulated_is_what_a_bottles_name_says(memory):
    await memory.push("water bottles")
    (which,) = await memory.push("which ones are insulated?")  # "none … gives the insulation"
    assert which.kind == "product_pick" and which.text.startswith(
        "Of these 5, the listings of the Cascade Lite Insulated Bottle and the Brook Wide "
        "Insulated Bottle mention \"insulated\"")
    (bare,) = await memory.push("insulated?")  # insulated jackets
    assert bare.kind == "product_pick" and "Insulated Bottle" in bare.text and not bare.cards
    await memory.push("Cascade Lite Insulated Bottle", chat_id="b")
    (one,) = await memory.push("is it insulated?", chat_id="b")  # "does not say what insulation"
    assert "Yes — the Cascade Lite Insulated Bottle is insulated, as its name says." in one.text


async def test_waterproof_said_among_the_things_wanted_is_a_filter(memory):
    (boots,) = await memory.push("i need hikking boots for my trip to the alps in july, "
                                 "waterprof, size 43")  # a non-waterproof boot was listed
    assert boots.kind == "product_results" and len(boots.cards) == 5
    (all_of,) = await memory.push("are they all waterproof?")
    assert all_of.text.startswith("All 5 are waterproof.\nWaterproof:\n1. ")


async def test_a_leg_length_asked_of_trousers_is_no_listings_to_say(memory):
    await memory.push("trousers")
    (short,) = await memory.push("do they come in short leg length?")  # the first one's card
    assert short.kind == "product_pick" and short.text == (
        'Sorry, none of these 5 listings mentions "short leg length".')


async def test_two_orders_to_cancel_are_each_answered(memory):
    # the first alone, "It was cancelled, so it can no longer be cancelled."
    first, second = await memory.push("I want to cancel order 10031 and order 10040")
    assert first.kind == second.kind == "cancel_order"
    assert first.text == ("Order **10031**: It has already been cancelled; there is nothing "
                          "more to do.")
    assert second.text.startswith("Order **10040**: It is out for delivery today, so it can no "
                                  "longer be cancelled.")


async def test_a_half_size_usually_worn_narrows_the_list_shown(memory):
    await memory.push("running shoes")
    (half,) = await memory.push("I usually wear 42.5")  # socks in 43-46 and a shoe
    assert half.kind == "product_none" and half.text.startswith(
        "Sorry, nothing matches that (running shoes in size 42.5).\nOur running shoes come in "
        "sizes 36 to 47.")


async def test_holding_a_named_product_is_the_ordering_policys_sentence(memory):
    (hold,) = await memory.push("can you hold the Starfall UL Tent for me?")  # all the policy
    assert hold.kind == "policy" and hold.text == (
        "The Starfall UL Tent costs 338.00 EUR.\nThis chat cannot place orders, take payment or "
        "hold products for you, but it helps you choose, and a person from our team helps if "
        "the checkout gives you trouble.")


async def test_two_questions_of_one_product_are_both_answered(memory):
    (both,) = await memory.push("what's the warranty on the Talus Mid Boot and does it come in 47?")
    assert both.kind == "product_answer" and (  # the size alone, the warranty dropped
        "The Talus Mid Boot comes with a 2-year warranty. Yes — the Talus Mid Boot comes in "
        "size 47") in both.text
    (two,) = await memory.push("is it waterproof? what's it made of?")
    assert "No — the Talus Mid Boot is not waterproof. The Talus Mid Boot is made of synthetic " \
        "mesh." in two.text


async def test_the_one_before_is_the_one_listed_before_the_one_asked_about(memory):
    await memory.push("headlamps")
    (last,) = await memory.push("the last one, how bright?")
    (before,) = await memory.push("and the one before?")  # the last one's card again
    assert before.kind == "product_answer" and before.cards[0].title == "Spark Core Headlamp"
    assert "The Spark Core Headlamp gives 250 lumens." in before.text
    (both,) = await memory.push("compare those two")  # "which two do you mean?"
    assert both.kind == "compare" and both.text.startswith(
        f"Side by side:\n1. {last.cards[0].title} (") and "\n2. Spark Core Headlamp (" in both.text


@pytest.mark.parametrize("text, said", [
    ("and the one before?", "and the fourth one?"), ("the next one", "the sixth one"),
    ("what about the previous one?", "what about the fourth one?"),
    ("the one after the first", "the one after the first"),  # a place said
    ("the one I liked", "the one I liked"),
])
def test_the_one_beside_the_one_in_focus(text, said):
    from core.turns import beside_focus
    shown = [{"id": f"P{i}"} for i in range(1, 7)]
    assert beside_focus(text, shown, "P5") == said
    assert beside_focus("the next one", shown, "P6") == "the next one"  # past the end


async def test_the_label_after_the_returns_answer_is_the_returns_policys(memory):
    await memory.push("I want to return something")
    (label,) = await memory.push("how do I get the label?")  # "say it another way"
    assert label.kind == "policy" and "we send you a prepaid return label" in label.text


@pytest.mark.parametrize("asked", ["is there a women's version?",  # women's boots listed
                                   "is there a women's version of it?"])  # "say it another way"
async def test_a_version_for_another_wearer_is_asked_of_the_product_in_focus(memory, asked):
    await memory.push("Kammweg Pro Hiking Boot")
    (other,) = await memory.push(asked)
    assert other.kind == "product_answer" and "The Kammweg Pro Hiking Boot is a men's model. " \
        "For women, our hiking boots include the Kammweg Leather Trekking Boot" in other.text
    assert [c.title for c in other.cards][:2] == ["Kammweg Pro Hiking Boot",
                                                   "Kammweg Leather Trekking Boot"]
    (second,) = await memory.push("how much is the second one?")  # of the cards shown
    assert second.text.endswith("The Kammweg Leather Trekking Boot costs 212.00 EUR.")


async def test_a_bare_comparative_after_a_search_asks_for_more_that_are(memory):
    await memory.push("tents")
    (cheaper,) = await memory.push("cheaper?")  # which of the five was cheapest
    assert cheaper.kind == "product_results" and cheaper.text.startswith(
        "Here is what I found cheaper than 203, cheapest first")
    (cheapest,) = await memory.push("even cheaper?")
    assert cheapest.text.startswith("I have nothing cheaper for this search: the Nightjar 1 "
                                    "Ultralight Tent (130.99 EUR) is the cheapest.")
    await memory.push("compare the Starfall UL Tent and the Starfall 2 Tent", chat_id="b")
    (lighter,) = await memory.push("lighter?", chat_id="b")  # of the two, still
    assert lighter.text == "Of these 2, the lighter is the Starfall UL Tent: 1660 g."


async def test_warm_hands_is_no_use_of_any_listing(memory):
    (hands,) = await memory.push("need something to keep my hands warm")  # as if they were
    assert hands.cards and "No listing here mentions hands." in hands.text
    (free,) = await memory.push("headlamps for hands-free use", chat_id="b")
    assert free.cards and "mentions hands" not in free.text


async def test_when_more_comes_in_is_a_restock_asked(memory):
    await memory.push("Lakeside 3 Dome Tent")
    (more,) = await memory.push("when will you get more?")  # "say it another way"
    assert more.kind == "product_answer" and "is out of stock right now, and our listing " \
        "gives no date for when it is back" in more.text
    await memory.push("is the Starfall UL Tent in stock?", chat_id="b")
    (plenty,) = await memory.push("when will you get more?", chat_id="b")
    assert plenty.kind == "product_answer" and "The Starfall UL Tent is in stock (43)." in plenty.text


async def test_what_size_of_a_kind_to_get_is_how_its_listings_say_they_fit(memory):
    (fit,) = await memory.push("what size fleece should I get?")  # five fleeces
    assert fit.kind == "product_pick" and fit.text.startswith("Of our 18 fleece, 4 say how they fit:")


async def test_the_diff_between_two_kinds_sets_them_side_by_side(memory):
    (diff,) = await memory.push("whats the diff between hiking boots and trail shoes")
    # a search of both, "I have no hiking boots matching none"
    assert diff.kind == "product_pick" and diff.text.startswith(
        "Our listings don't explain hiking boots and trail shoes in general")
    assert "matching none" not in diff.text


async def test_a_kind_unsold_set_against_one_sold_is_quoted_alone(memory):
    (hammock,) = await memory.push("what's better, a tent or a hammock?")  # the whole question
    assert hammock.kind == "product_unknown" and hammock.text.startswith(
        'Sorry, no product in our shop mentions "hammock".')
    (pegs,) = await memory.push("tent pegs", chat_id="b")
    assert pegs.text.startswith('Sorry, no product in our shop mentions "tent pegs".')


async def test_a_payment_with_no_confirmation_is_sorry_and_a_person(memory):
    (reply,) = await memory.push("I was charged but never got a confirmation email")
    assert reply.kind == "handoff" and reply.text.startswith(  # the payment policy whole
        "I'm sorry you haven't had a confirmation of your order.")


async def test_the_three_lightest_tents_are_no_purchase_of_three(memory):
    (light,) = await memory.push("the 3 lightest tents")  # "for 3, too few are in stock of …"
    assert light.text.startswith("Here is what I found, lightest first") and "For 3" not in light.text


async def test_taking_it_after_a_size_asked_of_it_is_in_that_size(memory):
    await memory.push("Kammweg Pro Hiking Boot")
    await memory.push("in 45 please")
    (take,) = await memory.push("ok I'll take it")  # its price, the size unsaid
    assert take.kind == "policy" and take.text.startswith(
        "The Kammweg Pro Hiking Boot in size 45 costs 185.00 EUR.")


async def test_paying_in_another_currency_is_said_with_the_shops_own(memory):
    (usd,) = await memory.push("do you accept USD?")  # "we don't accept usd" and card brands
    assert usd.kind == "policy" and usd.text == (
        "Sorry, our payment policy doesn't mention paying in USD. All prices are in EUR and "
        "include VAT.")


async def test_a_price_asked_in_another_currency_says_ours_is_the_only_one(memory):
    await memory.push("Starfall UL Tent")
    (usd,) = await memory.push("how much is it in dollars?")  # its price, as if in dollars
    assert "The Starfall UL Tent costs 338.00 EUR. Our prices are in EUR; no listing gives " \
        "them in dollars." in usd.text


async def test_all_that_after_a_list_is_the_sum_of_the_list(memory, app):
    listed = (await memory.push("trekking poles"))[0].cards
    poles = [app.catalog.get(c.product_id) for c in listed]
    (total,) = await memory.push("how much would all that cost?")  # the first one's price
    assert f"{sum(p['price'] for p in poles):.2f} EUR together" in total.text
    (every,) = await memory.push("how much is everything?")
    assert f"{sum(p['price'] for p in poles):.2f} EUR together" in every.text


async def test_top_three_shows_three(memory):
    (top,) = await memory.push("top 3 tents")  # five tents
    assert top.text.startswith("Here is what I found (3):") and len(top.cards) == 3
    (cheap,) = await memory.push("the 2 cheapest rain jackets")
    assert cheap.text.startswith("Here is what I found, cheapest first (2):") and len(cheap.cards) == 2


@pytest.mark.parametrize("turns", [
    ["running"],  # "say it another way"
    ["I need a present for my dad who likes fishing", "ok what about running then"],  # spiel
    ["hiking boots", "what about running?"],  # boots, "no listing here mentions running"
])
async def test_an_activity_alone_is_a_search_for_it(memory, turns):
    for said in turns:
        (reply,) = await memory.push(said)
    assert reply.kind == "product_results" and all("Running Shoe" in c.title or "Runner" in c.title
                                                   for c in reply.cards)


async def test_camping_after_an_unsold_thing_is_camping_gear(memory):
    await memory.push("I need a present for my dad who likes fishing")
    (reply,) = await memory.push("ok what about camping then")  # the bot's spiel
    assert reply.kind == "product_results" and any("Tent" in c.title for c in reply.cards)


async def test_a_spare_part_is_no_product_and_a_person_can_say_more(memory):
    await memory.push("Starfall UL Tent")
    (part,) = await memory.push("do you sell spare poles for it?")  # five trekking poles
    assert part.kind == "service_unknown" and "spare or replacement parts" in part.text


@pytest.mark.parametrize("said", ["I usually wear 43 in Salomon", "I'm a 43 in merrell"])
async def test_a_size_worn_in_another_brand_is_of_the_product_asked_about(memory, said):
    await memory.push("is the Granite Pro Hiker true to size?")
    (reply,) = await memory.push(said)  # running shoes in size 43
    assert reply.kind == "product_answer" and "the Granite Pro Hiker comes in size 43" in reply.text


async def test_a_size_in_another_brand_after_a_list_keeps_the_list_to_it(memory):
    await memory.push("hiking boots")
    (reply,) = await memory.push("I'm a 43 in Salomon")  # the first boot: not in 43
    assert reply.text.startswith("Here is what I found in size 43") and reply.cards


async def test_a_uk_size_said_after_it_is_a_uk_size(memory):
    await memory.push("Granite Pro Hiker")
    (reply,) = await memory.push("I'm a 9 in UK")  # "say it another way"
    assert "does not convert a UK 9" in reply.text


async def test_the_cost_asked_after_a_country_not_shipped_to_says_so_again(memory):
    await memory.push("do you ship to Switzerland?")
    (cost,) = await memory.push("how much?")  # the prices, as if it went to Switzerland
    assert cost.text.startswith("We don't ship to Switzerland; to the countries we ship to:\n"
                                "Standard delivery takes")
    (again,) = await memory.push("how much is shipping?")  # said once is enough
    assert again.text.startswith("Standard delivery")


@pytest.mark.parametrize("said,why", [
    ("why is the Kammweg Pro so expensive?", "why it is so expensive"),  # the card alone
    ("how come the Kammweg Pro Hiking Boot is so cheap?", "why it is so cheap"),
])
async def test_why_a_named_product_costs_so_much_is_unsaid(memory, said, why):
    (reply,) = await memory.push(said)
    assert f"Sorry, our listing for the Kammweg Pro Hiking Boot does not say {why}." in reply.text


@pytest.mark.parametrize("said", ["which trekking poles should I get?",
                                  "I'm a beginner, which trekking poles should I buy?"])
async def test_which_to_get_is_said_unrated_with_what_each_is_best_at(memory, said):
    (reply,) = await memory.push(said)  # the list alone
    assert reply.kind == "product_results" and (
        "Our listings carry no ratings, so I can't say which is best" in reply.text)
    assert "is the lightest" in reply.text or "the lightest" in reply.text


async def test_a_cancelled_order_has_nothing_to_return_or_claim(memory):
    (back,) = await memory.push("I want to return order 10031")  # how to start a return
    assert back.text.startswith("Order **10031** (") and (
        "was cancelled, so it was never sent: there is nothing to return." in back.text)
    assert "Start a return" not in back.text and back.buttons
    (broke,) = await memory.push("my jacket broke, order 10031")  # "its warranty starts …"
    assert "It holds no jackets" in broke.text and "nothing to claim" in broke.text
    assert "warranty starts" not in broke.text and "To make a claim" not in broke.text


async def test_how_long_to_a_country_of_the_boot_asked_about_is_delivery(memory):
    await memory.push("Granite Pro Hiker")
    (reply,) = await memory.push("how long would it take to get to Germany?")  # "another way"
    assert reply.kind == "policy" and "Standard delivery takes 2-4 business days" in reply.text


@pytest.mark.parametrize("said,start", [
    ("do you deliver to Vienna?", "Yes — we ship to Germany, Austria"),  # the list alone
    ("do you ship to Zurich?", "Sorry, we don't ship to Zurich."),
    ("how long does shipping to Amsterdam take?", "Standard delivery takes"),
])
async def test_a_city_is_shipped_to_as_its_country_is(memory, said, start):
    (reply,) = await memory.push(said)
    assert reply.text.startswith(start)


async def test_how_long_to_a_city_of_a_country_shipped_to_is_delivery(memory):
    (reply,) = await memory.push("how long would it take to get to Amsterdam?")  # "can't find"
    assert reply.kind == "policy" and reply.text.startswith("Standard delivery takes")


async def test_two_materials_asked_of_a_list_are_compared_across_the_kind(memory):
    await memory.push("socks")
    (reply,) = await memory.push("merino or synthetic?")  # "say it another way"
    assert reply.text.startswith("Our listings don't explain merino and synthetic in general, "
                                 "but here is how our socks of each compare:")


async def test_a_thing_said_before_the_order_number_is_checked_against_the_order(memory):
    await memory.push("hi I ordered a tent 2 weeks ago and it still hasn't come")
    (status,) = await memory.push("10042")  # boots and trousers, as if it held the tent
    assert status.kind == "order_status" and "It holds no tents" in status.text


async def test_tracking_stuck_after_a_late_status_is_handed_to_a_person(memory):
    await memory.push("where is my order 10042?")  # shipped, late
    (stuck,) = await memory.push("it says shipped but tracking hasn't updated in 5 days")
    assert stuck.kind == "handoff" and "I'm sorry your order is taking so long." in stuck.text


async def test_boots_for_a_son_of_twelve_are_not_kept_to_mens(memory):
    (reply,) = await memory.push("I need boots for my son, he's 12")  # "for men" (from 40 up)
    assert "for men" not in reply.text and "No listing here mentions kids." in reply.text


@pytest.mark.parametrize("said", ["I found the Granite Pro Hiker for 110 on another site",
                                  "the Granite Pro Hiker is cheaper on another website",
                                  "can you do that price?"])
async def test_a_price_seen_elsewhere_is_price_matching(memory, said):
    await memory.push("Granite Pro Hiker")
    (reply,) = await memory.push(said)  # the boot's card, then its price
    assert reply.kind == "deals_asked"


async def test_a_named_product_and_a_policy_in_one_message_are_both_answered(memory):
    replies = await memory.push("hi, do you have the Starfall UL tent in stock and do you ship "
                                "to Belgium?")  # the shipping answer alone
    assert [r.kind for r in replies] == ["product_answer", "policy"]
    assert "in stock" in replies[0].text and "Starfall UL Tent" in replies[0].text
    assert replies[1].text.startswith("Yes — we ship to")


async def test_what_about_another_product_after_one_named_in_part_asks_the_same(memory):
    await memory.push("is the Kammweg Pro good for wide feet?")
    (other,) = await memory.push("what about the Granite Pro Hiker?")  # its whole card
    assert other.text.splitlines()[1].startswith(
        "Our listing for the Granite Pro Hiker does not mention wide sizes.")


async def test_what_if_after_a_policy_answer_is_of_that_policy(memory):
    await memory.push("can I return socks?")
    (unopened,) = await memory.push("what if they're unopened?")  # the shipping policy
    assert unopened.kind == "policy" and "socks" in unopened.text
    assert "shipping and delivery policy" not in unopened.text


async def test_whether_a_kind_comes_with_a_warranty_is_answered(memory):
    (reply,) = await memory.push("do your jackets come with a warranty?")  # "I can't find …"
    assert reply.text.startswith("Our jackets come with a warranty of 2 or 3 years")
    assert "I can't find the answer" not in reply.text


async def test_what_size_of_a_kind_sized_by_litres_is_how_much_they_hold(memory):
    (size,) = await memory.push("what size backpack do I need for a 3 day hike?")
    assert size.text.startswith("Our 22 backpacks come in no sizes but hold ")
    (litres,) = await memory.push("40 litres")
    assert litres.kind == "product_results" and "litres" in litres.text


async def test_how_many_lumens_are_needed_lists_headlamps_and_says_none_tells(memory):
    (reply,) = await memory.push("how many lumens do I need for night hiking?")  # a sleeping bag
    assert reply.kind == "product_results" and all(
        "Head" in c.title for c in reply.cards)  # headlamps and head torches
    assert "No listing says what brightness you need; these give " in reply.text


async def test_a_size_and_a_colour_it_comes_in_are_one_yes(memory):
    await memory.push("Granite Pro Hiker")
    (both,) = await memory.push("is size 44 in olive in stock?")  # "Yes — … black and olive. Yes — …"
    assert both.text.splitlines()[1] == (
        "Yes — the Granite Pro Hiker comes in olive and in size 44, and it is in stock (54 "
        "across all its sizes and colours).")
    (no,) = await memory.push("and in 44 in red?")
    assert no.text.splitlines()[1].startswith("No — the Granite Pro Hiker comes in black and olive.")


async def test_a_bare_size_after_an_exchange_asked_is_of_the_orders_item(memory):
    await memory.push("I want to exchange my boots for a bigger size")
    await memory.push("10042")
    (size,) = await memory.push("44 please")  # "what is it for: a hike, a run?"
    assert size.kind == "product_answer" and "Ridgeline Waterproof Hiking Boot" in size.text


async def test_a_warehouse_sale_is_a_sale(memory):
    (sale,) = await memory.push("do you have a warehouse sale?")  # the shipping policy's "can't find"
    assert sale.kind == "deals_asked"


async def test_the_nearest_to_a_colour_none_comes_in_say_their_colours(memory):
    await memory.push("fleece for women in M")
    (none,) = await memory.push("in purple?")  # three fleeces, with no word of their colours
    assert none.kind == "product_none"
    lines = [line for line in none.text.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert lines and all(", in " in line for line in lines)


@pytest.mark.parametrize("said", ["actually never mind, keep it", "never mind, I'll keep it",
                                  "forget it, don't cancel it"])
async def test_keeping_an_order_after_asking_to_cancel_is_no_complaint(memory, said):
    await memory.push("cancel order 10057")
    (keep,) = await memory.push(said)  # "I'm sorry to hear that", and handed over
    assert keep.kind == "human_declined"


@pytest.mark.parametrize("said", ["to 44", "size M please", "make it black"])
async def test_the_new_size_said_after_a_change_is_offered_goes_to_the_person_who_can(
        memory, said):
    await memory.push("can I change the size in my order 10057?")
    (given,) = await memory.push(said)  # "say it another way"
    assert given.kind == "handoff"


async def test_an_app_asked_for_is_a_service_none_mentions(memory):
    (app_,) = await memory.push("do you have an app?")  # no product mentions "app"
    assert app_.kind == "service_unknown" and "a mobile app" in app_.text


@pytest.mark.parametrize("said", ["what about 120?", "and 120 euros?"])
async def test_another_amount_after_a_price_cap_is_the_new_cap(memory, said):
    await memory.push("hiking boots under 100")
    (wider,) = await memory.push(said)  # "between 96 and 144"
    assert wider.text.startswith("Here is what I found under 120")


async def test_another_amount_after_a_price_floor_is_the_new_floor(memory):
    await memory.push("tents over 400")
    (wider,) = await memory.push("what about 300?")  # "between 240 and 360"
    assert wider.text.startswith("Here is what I found over 300")


async def test_the_cheapest_as_warm_as_the_one_asked_about(memory):
    await memory.push("what's the warmest sleeping bag?")
    await memory.push("is the first one down?")
    (same,) = await memory.push("what's the cheapest one that's as warm?")  # a -5 °C bag
    assert same.kind == "product_pick" and "Duvet Lite Quilt" in same.text


async def test_how_long_a_person_takes_says_the_teams_hours(memory):
    await memory.push("I want to talk to a human")
    (wait,) = await memory.push("how long will it take?")  # "as soon as they can" alone
    assert wait.kind == "handoff_waiting" and "Mon-Fri 9:00-18:00 CET" in wait.text
    (hello,) = await memory.push("hello?")
    assert "Mon-Fri" not in hello.text


async def test_two_unsold_things_asked_together_are_unsold(memory):
    (reply,) = await memory.push("do you have kayaks or canoes?")  # boots, packs and a tent
    assert reply.kind == "product_unknown" and not reply.cards


async def test_how_many_are_left_after_a_colour_says_what_the_figure_counts(memory):
    await memory.push("Starfall UL Tent")
    await memory.push("in orange?")
    (left,) = await memory.push("how many are left?")  # "in stock (43)", as if 43 were orange
    assert left.text.endswith("is in stock (43 across all its colours).")
    (again,) = await memory.push("and how many are left now?")  # nothing asked of a colour
    assert again.text.endswith("The Starfall UL Tent is in stock (43).")


@pytest.mark.parametrize("said,lead", [
    ("I bought boots 40 days ago, can I return them?",
     "You bought it 40 days ago: returns are accepted within 30 days of delivery, so only if "
     "it was delivered 30 days ago or less."),
    ("I got a jacket last week, can I still return it?",
     "You bought it 7 days ago, so it is within the 30-day return window."),
])
async def test_a_return_asked_days_after_buying_says_the_window_of_it(memory, said, lead):
    (reply,) = await memory.push(said)  # the window sentence alone
    assert reply.kind == "policy" and reply.text.startswith(lead)


async def test_the_best_grip_of_a_list_is_of_all_of_it_not_those_named_grip(memory):
    await memory.push("trail shoes")
    (grip,) = await memory.push("which has the best grip?")  # "Neither listing rates grip"
    assert grip.text.startswith("None of these 5 listings rates grip") and "Neither" not in grip.text


async def test_a_material_asked_for_keeps_the_list_to_it(memory, app):
    (down,) = await memory.push("down sleeping bag under 1 kg")  # synthetic bags among them
    assert down.text.startswith("Here is what I found made of down") and down.cards and all(
        "down" in app.catalog.get(c.product_id)["attributes"]["material"] for c in down.cards)
    (none,) = await memory.push("a 3 season down sleeping bag under 1 kg")  # two synthetic
    assert none.kind == "product_none" and "made of down" in none.text


async def test_which_ones_are_down_is_of_the_whole_list(memory):
    await memory.push("sleeping bags")  # three "… Down …" bags and two synthetic
    (down,) = await memory.push("which ones are down?")  # "All 3 are down."
    assert not down.text.startswith("All 3") and "Of these 5" in down.text
    assert "Synthetic" not in down.text  # one "packs down small"


async def test_a_names_start_with_a_kind_word_lists_those_named_so(memory):
    (jackets,) = await memory.push("the Stormline jackets")  # five insulated jackets, none Stormline
    assert jackets.kind == "product_results" and jackets.cards and all(
        c.title.startswith("Stormline") for c in jackets.cards)
    (dry,) = await memory.push("which ones are waterproof?")  # "none … mentions waterproof"
    assert "none" not in dry.text.lower()


async def test_which_ones_are_a_material_is_asked_of_the_list(memory):
    await memory.push("socks")
    (merino,) = await memory.push("which ones are merino?")  # a search for merino socks
    assert merino.kind == "product_pick" and merino.text.startswith("Of these 5")


@pytest.mark.parametrize("text", ["sandals?", "sandals for men", "do you have slippers?"])
async def test_a_kind_of_its_own_the_shop_never_mentions_is_unsold(memory, text):
    # "sandals" comes 0.53 to a sock in meaning, above the bar for one word: five socks
    (reply,) = await memory.push(text)
    assert reply.kind == "product_unknown" and not reply.cards
    assert "socks" not in reply.text.split("We sell")[0]


@pytest.mark.parametrize("text", ["what currency?", "what currency are your prices in?",
                                  "are the prices in euros?"])
async def test_which_currency_the_prices_are_in_is_the_payment_policys_answer(memory, text):
    # "say it another way", "which product do you mean?"
    (reply,) = await memory.push(text)
    assert reply.kind == "policy" and reply.text.endswith("All prices are in EUR and include VAT.")
    assert "can't find" not in reply.text and "doesn't mention" not in reply.text


async def test_is_there_an_accessory_for_it_is_whether_the_shop_sells_one(memory):
    await memory.push("Starfall UL Tent")
    (reply,) = await memory.push("is there a footprint for it?")  # its card alone
    assert reply.kind == "product_unknown" and '"footprint"' in reply.text
    (reply,) = await memory.push("is there a warranty for it?")  # a search for "warranty"
    assert reply.text.endswith("comes with a 2-year warranty.")
    (reply,) = await memory.push("can I buy a footprint separately?")  # how to order, whole
    assert reply.kind == "product_unknown" and '"footprint"' in reply.text


@pytest.mark.parametrize("text, kind", [
    ("can I buy a sleeping bag online?", "product_results"),  # no product mentions "online"
    ("do you have tent pegs here?", "product_unknown"),
])
async def test_where_a_thing_is_bought_is_no_part_of_it(memory, text, kind):
    (reply,) = await memory.push(text)
    assert reply.kind == kind and "online" not in reply.text and "here" not in reply.text


@pytest.mark.parametrize("first, count, second", [
    ("tents", 5, None),
    ("whats the difference between the Starfall UL Tent and the Starfall 2 Tent?", 2,
     "Starfall 2 Tent")])
async def test_taking_that_one_of_several_shown_asks_which(memory, first, count, second):
    (shown,) = await memory.push(first)
    (which,) = await memory.push("ok I'll take that one")  # how to order alone
    assert which.text.startswith(f"Which of these {count} would you like?")
    (picked,) = await memory.push("the second one")
    assert picked.text.startswith(f"The {second or shown.cards[1].title} costs ")


async def test_better_for_carrying_far_gives_the_weights_the_listings_do_list(memory):
    await memory.push("whats the difference between the Starfall UL Tent and the Starfall 2 Tent?")
    (pick,) = await memory.push("which is better for backpacking?")  # "neither says", no more
    assert pick.text.startswith("Neither the listing of the Starfall UL Tent nor that of")
    assert pick.text.endswith(
        "What they do list: the Starfall UL Tent weighs 1660 g, the Starfall 2 Tent 2310 g.")
    (pick,) = await memory.push("which is better for the beach?")  # no weight for that
    assert "weighs" not in pick.text
    await memory.push("tents")
    (pick,) = await memory.push("which ones are good for trekking?")  # the second's card
    assert pick.kind == "product_pick" and "trekking" in pick.text


async def test_a_kind_said_unsold_and_asked_again_is_unsold_again(memory):
    await memory.push("I need a sleeping bag and a mat")  # "No product … mentions "mat""
    (mat,) = await memory.push("what about the mat?")  # the first bag's card
    assert mat.kind == "product_unknown" and '"mat"' in mat.text
    await memory.push("boots")
    (sole,) = await memory.push("what about the sole?")  # a part of the boots, as before
    assert sole.kind != "product_unknown"


@pytest.mark.parametrize("said", ["I'm a size M", "she's a size M", "he's an M"])
async def test_the_wearers_size_after_a_list_keeps_the_list_to_it(memory, said):
    await memory.push("rain jackets for women")
    # "say it another way"; the first jacket's card ("comes in size M, but out of stock")
    (sized,) = await memory.push(said)
    assert sized.kind == "product_results" and "in size M" in sized.text.splitlines()[0]


async def test_the_item_of_an_order_being_returned_is_no_search(memory):
    await memory.push("I ordered the wrong size")
    await memory.push("10042")
    (boots,) = await memory.push("the boots")  # five boots of every kind
    assert boots.kind == "policy" and boots.text.startswith(
        "The Ridgeline Waterproof Hiking Boot comes in sizes 39 to 46: which would you like "
        "instead?") and "Exchanges for another size or colour are free" in boots.text
    (size,) = await memory.push("I need 44 instead")  # more like the boots looked at
    assert size.kind == "product_answer" and "comes in size 44" in size.text
    await memory.push("I want to return something", chat_id="b")
    await memory.push("10042", chat_id="b")
    (trousers,) = await memory.push("the trousers", chat_id="b")  # its card, as before
    assert [c.title for c in trousers.cards] == ["Scramble Cargo Trekking Pants"]


async def test_a_part_asked_for_is_no_material_and_no_word_inside_a_name(memory):
    (plate,) = await memory.push("running shoes with a carbon plate")  # made of carbon: none
    assert plate.kind == "product_results" and "No listing here mentions carbon plate." in plate.text
    # "rock" is in "Rockhop", no word of the name: the list was as if they had one
    (rock,) = await memory.push("trail running shoes with a rock plate", chat_id="b")
    assert "No listing here mentions rock plate." in rock.text


@pytest.mark.parametrize("text", ["what's similar?", "ok what's similar that's in stock?"])
async def test_whats_similar_to_a_product_are_others_like_it(memory, app, text):
    await memory.push("Nimbus Hooded Shell Jacket")  # out of stock
    (like,) = await memory.push(text)  # small talk; "is out of stock"
    assert like.kind in ("recommendation", "product_results") and like.cards
    assert "Nimbus Hooded Shell Jacket" not in [c.title for c in like.cards]
    if "in stock" in text:
        assert all(app.catalog.get(c.product_id)["stock"] for c in like.cards)


async def test_the_lightest_of_those_three_is_of_the_first_three(memory, app):
    (tents,) = await memory.push("tents")
    await memory.push("compare the first two")
    await memory.push("and the third?")
    (light,) = await memory.push("which is lightest of those three?")  # of all five
    three = [app.catalog.get(c.product_id) for c in tents.cards[:3]]
    lightest = min(three, key=lambda p: int(p["attributes"]["weight_g"]))
    assert light.text.startswith(f"Of these 3, the lightest is the {lightest['name']}")


async def test_a_girl_after_a_gift_for_a_child_is_no_womens_filter(memory):
    await memory.push("I need a gift for a 10 year old who likes camping")
    (girl,) = await memory.push("anything for a girl?")  # "for women", adult sizes
    assert "for women" not in girl.text.splitlines()[0]
    assert "No listing here mentions kids." in girl.text  # the gift search still
    (alone,) = await memory.push("anything for a girl?", chat_id="b")  # women's; then socks
    assert alone.kind == "product_unknown" and '"girl"' in alone.text


async def test_how_to_claim_after_a_products_warranty_is_the_warranty_policy(memory):
    await memory.push("what's the warranty on the Starfall UL Tent?")
    (claim,) = await memory.push("how do I claim it?")  # "its listing does not say how"
    assert claim.kind == "policy" and "To make a claim, email photos of the defect" in claim.text


@pytest.mark.parametrize("first", ["what's the warranty on the Starfall UL Tent?",
                                   "I want to return something"])
async def test_a_receipt_asked_after_a_claim_or_return_is_of_that_policy(memory, first):
    await memory.push(first)
    (receipt,) = await memory.push("do I need the receipt?")  # the payment policy, whole
    assert receipt.kind == "policy" and "payment policy" not in receipt.text
    assert "order number" in receipt.text


async def test_a_size_after_a_purchase_said_is_of_that_purchase(memory):
    await memory.push("I want to buy 3 pairs of the Quarter Heavy Hiking Socks")
    (sized,) = await memory.push("in 43-46")  # every sock in 43-46
    assert sized.text.startswith("3 × the Quarter Heavy Hiking Socks in size 43-46 come to "
                                 "59.97 EUR")
    (total,) = await memory.push("total with shipping?")  # "I can't find the answer"
    assert "59.97 EUR" in total.text and "can't find" not in total.text


@pytest.mark.parametrize("only", ["show me only those", "just those please"])
async def test_only_those_after_which_ones_lists_the_ones_named(memory, only):
    await memory.push("poles")
    (which,) = await memory.push("are they adjustable?")
    (those,) = await memory.push(only)  # "you might also like" four others
    assert those.kind == "product_results" and those.cards and len(those.cards) < 5
    assert all(c.title in which.text.split(";")[0] for c in those.cards)


async def test_other_boots_that_come_in_a_size_are_a_search_in_it(memory, app):
    await memory.push("Do you have the Ridgeline boot in 47?")
    (other,) = await memory.push("ok what other boots come in 47?")  # no product mentions "come"
    assert other.kind == "product_results" and other.cards
    assert all("47" in app.catalog.get(c.product_id)["sizes"] for c in other.cards)


@pytest.mark.parametrize("ask", ["show me a picture", "do you have a photo of it?"])
async def test_a_picture_of_the_product_looked_at_is_its_card(memory, app, ask):
    await memory.push("what colours does the Starfall UL Tent come in?")
    (photo,) = await memory.push(ask)  # no product mentions "picture"
    assert photo.kind == "product_answer" and photo.cards[0].title == "Starfall UL Tent"
    assert photo.cards[0].image_url


@pytest.mark.parametrize("said", ["it's been 2 weeks", "can I get a refund?",
                                  "I want my money back now"])
async def test_still_waiting_for_a_late_order_is_handed_to_a_person(memory, said):
    await memory.push("my order 10042 hasn't arrived")  # shipped, late
    # the same status again; the returns policy, as if it had come
    (upset,) = await memory.push(said)
    assert upset.kind == "handoff" and "I'm sorry your order is taking so long." in upset.text


@pytest.mark.parametrize("more", ["and a mat?", "and a pillow?"])
async def test_and_a_thing_of_its_own_after_a_list_is_that_thing(memory, more):
    await memory.push("I'm 6'2 and 90kg, which sleeping bag?")
    (thing,) = await memory.push(more)  # sleeping bags "with a mat", none mentioning it
    assert thing.kind == "product_unknown" and not thing.cards


async def test_the_number_after_a_change_asked_is_the_order_to_change(memory):
    await memory.push("can I change my order?")  # "please have your order number ready"
    (change,) = await memory.push("10057")  # its status alone
    assert change.kind == "order_change" and "can still be changed" in change.text
    (add,) = await memory.push("I want to add socks")  # five socks listed
    assert add.kind in ("handoff", "order_change")


@pytest.mark.parametrize("text, said", [
    ("do you have the Cinder Hoody Down Jacket in a women's version?",
     "The Cinder Hoody Down Jacket is unisex."),
    ("is there a women's version of the Kammweg Pro Hiking Boot?",
     "The Kammweg Pro Hiking Boot is a men's model.")])
async def test_a_version_of_a_product_named_is_asked_of_it(memory, text, said):
    (reply,) = await memory.push(text)  # five women's jackets, as if a search
    assert reply.kind == "product_answer" and said in reply.text


async def test_what_socks_weigh_is_no_answer_for_long_distances(memory):
    await memory.push("socks")
    (pick,) = await memory.push("which are best for long distances?")  # "the lightest … 65 g"
    assert "weigh" not in pick.text and "lightest" not in pick.text


async def test_taking_a_size_of_the_product_asked_about_is_that_purchase(memory):
    await memory.push("do you have the Stormline 2.5L Rain Jacket in XS?")
    (take,) = await memory.push("ok I'll take an M")  # how to order alone
    assert take.text.startswith("The Stormline 2.5L Rain Jacket in size M costs 303.00 EUR.")


@pytest.mark.parametrize("text, first", [
    ("whats the cheapest thing you have", "Here is what I found, cheapest first"),
    ("most expensive product?", "Here is what I found, most expensive first"),
    ("what is your most expensive item?", "Here is what I found, most expensive first")])
async def test_the_cheapest_or_dearest_of_the_shop_is_sorted_by_price(memory, app, text, first):
    # no product mentions "whats the …", "most expensive product"; five of a search for
    # "item" in no order
    (reply,) = await memory.push(text)
    assert reply.kind == "product_results" and reply.text.startswith(first)
    prices = [app.catalog.get(c.product_id)["price"] for c in reply.cards]
    assert prices == sorted(prices, reverse="expensive" in text)


async def test_waterproof_please_after_boots_in_a_size_keeps_to_them(memory, app):
    await memory.push("boots")
    await memory.push("size 45")
    (dry,) = await memory.push("waterproof please")  # jackets and boots of every size
    found = [app.catalog.get(c.product_id) for c in dry.cards]
    assert found and all(p["category"] == "hiking boots" and "45" in p["sizes"]
                         and p["attributes"]["waterproof"] == "yes" for p in found)


@pytest.mark.parametrize("asked", ["which dries faster?", "which one smells less?"])
async def test_a_comparison_no_listing_gives_after_materials_compared_says_so(memory, asked):
    await memory.push("what's the difference between merino and synthetic t-shirts?")
    (which,) = await memory.push(asked)  # "which product do you mean?"
    assert which.kind == "product_pick"
    assert which.text == f"Our listings don't say {asked.replace('which one', 'which')[:-1]}."
