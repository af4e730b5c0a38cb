""""Can I get it by Friday?": the dates each delivery option arrives on (core/delivery_dates),
counted from the demo shop's shipping policy, and the same end to end."""

from datetime import date

import pytest

from core.delivery_dates import answer, business_days_after, wanted_by

WEDNESDAY, SATURDAY = date(2026, 12, 2), date(2026, 12, 5)
FACTS = {"standard_delivery_days": "2-4", "standard_shipping_fee": "4.95 EUR",
         "express_delivery_days": "1-2", "express_shipping_fee": "9.95 EUR",
         "same_day_dispatch_cutoff": "14:00 CET"}


@pytest.mark.parametrize("text, today, by", [
    ("can I get it by friday?", WEDNESDAY, date(2026, 12, 4)),
    ("by Wednesday?", WEDNESDAY, WEDNESDAY),  # today: nothing ordered now is in time
    ("will it be here by tomorrow", WEDNESDAY, date(2026, 12, 3)),
    ("before the weekend?", WEDNESDAY, SATURDAY),
    ("can I have it by next week?", WEDNESDAY, date(2026, 12, 7)),  # before it starts
    ("in time for christmas?", WEDNESDAY, date(2026, 12, 24)),
    ("in time for christmas?", date(2026, 12, 28), date(2027, 12, 24)),
    ("by the 3rd?", WEDNESDAY, date(2026, 12, 3)),
    ("by the 1st?", WEDNESDAY, date(2027, 1, 1)),  # passed this month: the next one's
    ("by the 31st", date(2026, 11, 20), date(2026, 12, 31)),  # November has 30 days
    ("how long does delivery take?", WEDNESDAY, None),
])
def test_the_day_asked_for(text, today, by):
    assert wanted_by(text, today) == by


def test_business_days_skip_the_weekend():
    assert business_days_after(date(2026, 12, 4), 1) == date(2026, 12, 7)  # Friday: Monday
    assert business_days_after(WEDNESDAY, 4) == date(2026, 12, 8)
    assert business_days_after(SATURDAY, 1) == date(2026, 12, 7)


def test_by_friday_on_a_wednesday_is_express_in_time_and_standard_maybe():
    assert answer("can I get it by Friday?", WEDNESDAY, FACTS) == (
        "To have it by Friday 4 December, ordered today before 14:00 CET: express delivery "
        "(1-2 business days, 9.95 EUR) arrives between Thursday 3 and Friday 4 December, in "
        "time; standard delivery (2-4 business days, 4.95 EUR) arrives between Friday 4 and "
        "Tuesday 8 December, so it may come too late.")


def test_ordered_on_a_saturday_it_leaves_on_monday_and_monday_is_too_late():
    said = answer("by monday?", SATURDAY, FACTS)
    assert said.startswith("To have it by Monday 7 December, ordered today (it leaves our "
                           "warehouse on Monday 7 December): express delivery")
    assert said.count("too late") == 2 and "may" not in said


def test_today_is_said_and_too_late():
    said = answer("can I get it by wednesday?", WEDNESDAY, FACTS)
    assert said.startswith("To have it by Wednesday 2 December (today),")
    assert said.count(", too late") == 2


def test_no_day_or_no_delivery_time_in_days_is_no_answer():
    assert answer("how much is shipping?", WEDNESDAY, FACTS) is None
    assert answer("by friday?", WEDNESDAY, {"standard_shipping_fee": "4.95 EUR"}) is None
    one = answer("by friday?", WEDNESDAY, {"standard_delivery_days": 3})  # no express
    assert one == ("To have it by Friday 4 December, ordered today: standard delivery (3 "
                   "business days) arrives on Monday 7 December, too late.")


@pytest.mark.parametrize("first", ["how much does express cost?", "show me tents|how heavy is "
                                   "the first one?", ""])
async def test_can_i_get_it_by_friday_names_the_days(memory, app, first):
    # the shipping policy's sentences came back, the days left to count
    app.engine.turns.today = lambda: WEDNESDAY
    for text in filter(None, first.split("|")):
        await memory.push(text)
    (reply,) = await memory.push("can I get it by friday?")
    assert reply.kind == "policy" and reply.text == answer("by friday", WEDNESDAY, FACTS)


@pytest.mark.parametrize("text", ["if I order today when will it arrive?",
                                  "when would I get it if I order now?", "how soon would it come?"])
def test_when_it_arrives_if_ordered_now_names_the_days(text):
    assert answer(text, WEDNESDAY, FACTS) == (
        "Ordered today before 14:00 CET: express delivery (1-2 business days, 9.95 EUR) "
        "arrives between Thursday 3 and Friday 4 December; standard delivery (2-4 business "
        "days, 4.95 EUR) arrives between Friday 4 and Tuesday 8 December.")


async def test_when_a_product_named_would_arrive_names_the_days(memory, app):
    # "I can't find the answer to that", the whole shipping policy after it
    app.engine.turns.today = lambda: WEDNESDAY
    (reply,) = await memory.push("if I order the Starfall UL Tent today when will it arrive?")
    assert reply.kind == "policy" and reply.text == answer("when will it arrive?", WEDNESDAY, FACTS)


@pytest.mark.parametrize("text, place", [("when would it arrive in Switzerland?", "Switzerland"),
                                         ("can I get it by friday in Zurich?", "Zurich")])
async def test_when_it_arrives_where_it_is_not_shipped_says_so(memory, app, text, place):
    # the delivery times, as if it were shipped there
    app.engine.turns.today = lambda: WEDNESDAY
    (reply,) = await memory.push(text)
    assert reply.kind == "policy" and reply.text.startswith(f"Sorry, we don't ship to {place}.")
    assert "arrives between" not in reply.text
