"""Services no listing sells: which one a message asks about, and which policy mentions it."""

from __future__ import annotations

import pytest

from core.services import asks_service, policy_of


@pytest.mark.parametrize("text, said", [
    ("do you gift wrap?", "gift wrapping"),
    ("can you wrap it as a gift?", "gift wrapping"),
    ("I want to hire a tent for the weekend", "renting out gear"),
    ("tent rental?", "renting out gear"),
    ("any refurbished watches?", "second-hand gear"),
    ("do you do trade-ins?", "trade-ins or buying gear back"),
    ("would you buy my old boots back?", "trade-ins or buying gear back"),
    ("can you personalise the bottle?", "engraving or personalising"),
    ("do you have a physical store?", "a shop to visit or collecting orders in person"),
    ("can I pick up in store?", "a shop to visit or collecting orders in person"),
    ("can I pick my order up at your warehouse?",
     "a shop to visit or collecting orders in person"),
    ("is there a shop I can visit?", "a shop to visit or collecting orders in person"),
    ("click & collect?", "a shop to visit or collecting orders in person"),
    ("how do I reset my password?", "accounts, signing in or newsletters"),
    ("I can't log in", "accounts, signing in or newsletters"),
    ("please unsubscribe me", "accounts, signing in or newsletters"),
    # the contact policy whole, after "I can't find the answer to that"
    ("do you have a loyalty program?", "a loyalty or rewards programme"),
    ("can I collect points?", "a loyalty or rewards programme"),
    ("can I pick up my order?", "a shop to visit or collecting orders in person"),  # "say it
    ("I have a question about my invoice", "invoices or receipts"),  # another way"; the
    ("can you send me a receipt?", "invoices or receipts"),  # payment policy whole
    ("I need a VAT invoice for my company", "invoices or receipts"),
    ("do you have gift cards?", "gift cards or vouchers"),  # the payment policy whole
    # the contact policy whole, after "I can't find the answer to that"
    ("do you have a store in Berlin?", "a shop to visit or collecting orders in person"),
    ("is there a shop near me?", "a shop to visit or collecting orders in person"),
    ("can I pick up there?", "a shop to visit or collecting orders in person"),
    ("can I buy a voucher for my friend?", "gift cards or vouchers"),  # "no discount codes"
    # the ordering policy's "I can't find the answer"; the contact policy whole
    ("can I collect it from your store?", "a shop to visit or collecting orders in person"),
    ("where is your store?", "a shop to visit or collecting orders in person"),
    ("can I visit your warehouse?", "a shop to visit or collecting orders in person"),
    # the shipping policy whole; "say it another way"
    ("can I pick it up next week?", "a shop to visit or collecting orders in person"),
    ("is it possible to reserve a tent and pick it up next week?",
     "a shop to visit or collecting orders in person"),
    # tents listed, trekking poles listed, "no product mentions spare parts", "say it
    # another way"
    ("can I buy a replacement tent pole?", "spare or replacement parts"),
    ("do you sell spare poles for it?", "spare or replacement parts"),
    ("do you sell spare parts?", "spare or replacement parts"),
    ("can I get a replacement pole for it?", "spare or replacement parts"),
    ("where can I get new tips for my poles?", "spare or replacement parts"),
    # "no product mentions app"
    ("do you have an app?", "a mobile app"), ("is there an iPhone app?", "a mobile app"),
    ("can I order through your app?", "a mobile app"),
])
def test_a_service_is_named_in_the_replys_words(text, said):
    assert asks_service(text)[0] == said


@pytest.mark.parametrize("text", [
    "are you hiring?", "what's the current delivery time?", "I used it twice",
    "can I get personalised recommendations?", "a backpack", "I'd like to buy a backpack",
    "a wrap-around headband", "what shops do you ship to?", "pick up the pace",
    "the shop said it was in stock", "how do I create an account?",  # the ordering policy
    "change the address of my order", "which one has the most reward for the money?",
    "can I pay by invoice?", "do you take Klarna invoice?", "when will you pick up the parcel?",
    "do you have a voucher code?", "is there a discount voucher?",
    "do you have tents in stock?", "which shops in Germany sell your tents?",
    "where is the shop's return address?", "can I collect it from the post office?",
    "will the courier pick it up?", "room for spare layers?", "trekking poles",
    "a replacement for my old tent", "do you have spare socks?",
    "my tent pole snapped",  # a warranty claim
    "does the watch have an app?", "does it connect to an app?"])  # of the watch
def test_no_service_is_read_into_other_words(text):
    assert asks_service(text) is None


def test_the_policy_that_mentions_a_service_is_found():
    topics = {"shipping": {"text": "We ship to Germany."},
              "ordering": {"text": "We gift-wrap any order for 3 EUR."}}
    assert policy_of(asks_service("do you gift wrap?")[1], topics) == "ordering"
    assert policy_of(asks_service("do you rent tents?")[1], topics) is None
