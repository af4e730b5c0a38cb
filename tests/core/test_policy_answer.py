"""Policy questions are answered with the policy's own sentences (core/policy_answer.py)."""

from pathlib import Path

import pytest

from core.embeddings import shared_embedder
from core import policy_answer
from core.policy_answer import (accepts, asked, answer, country_in, is_question, lexical_scores, sentences,
                                unanswered)
from core.shop import Policies

ROOT = Path(__file__).resolve().parents[2]
POLICIES = Policies.load(ROOT / "data/policies.yaml")


def text(topic: str) -> str:
    return POLICIES.get(topic)["text"]


@pytest.fixture(scope="module")
def embedder():
    return shared_embedder()


@pytest.mark.parametrize("topic, question, must, must_not", [
    ("returns", "can I return socks", "opened socks", "prepaid"),
    # the days, whatever else matched ("opened socks …" alone, no word of the 30 days)
    ("returns", "what's the return window for socks?", "within 30 days", "prepaid"),
    ("returns", "how long until I get my money back", "5 business days", "opened socks"),
    ("returns", "can I exchange shoes for a bigger size", "Exchanges", "original payment"),
    ("shipping", "is shipping free", "50.00 EUR or more ship free", "9.95"),
    ("shipping", "how fast is express shipping", "1-2 business days for 9.95 EUR", "14:00"),
    ("shipping", "when does my order leave the warehouse if I order today", "14:00 CET", "DPD"),
    ("shipping", "do you deliver to switzerland", "Belgium and France", "9.95"),
    ("payment", "when is my card charged", "only charged when your order ships", "Klarna"),
    ("warranty", "how do I make a warranty claim", "email photos", "up to 5 years"),
    # the kind of figure asked for wins over the sentence that names the place
    ("shipping", "how much is shipping to austria", "costs 4.95 EUR", "Express"),
    ("shipping", "how long does delivery to austria take", "2-4 business days", "We ship to"),
    ("contact", "what are your opening hours", "Mon-Fri 9:00-18:00 CET", "Musterstrasse"),
    ("contact", "are you open on saturday", "Mon-Fri 9:00-18:00 CET", "Musterstrasse"),
    # how to reach the shop is where to write ("We have no telephone line" alone)
    ("contact", "how can I reach you?", "support@shop.example", "Musterstrasse"),
    ("contact", "how do I get in touch with you?", "support@shop.example", "Musterstrasse"),
    ("ordering", "do I need an account to order", "as a guest", "basket"),
    ("ordering", "can you hold one for me until friday", "hold products", "guest"),
    # a fit problem is the exchange sentence, with the one it leans on ("… as well.")
    ("returns", "they're too small", "returning is free. Exchanges", "opened socks"),
    # … whichever sentence matched best ("Footwear must be unworn outdoors …" alone)
    ("returns", "i bought boots last week and they hurt my feet", "Exchanges for another size",
     "original payment"),
    # an exchange asked of is that sentence (the duration cue gave the window and the refund)
    ("returns", "how long does an exchange take?", "Exchanges for another size", "30 days"),
    # paying later is the invoice sentence ("I can't find the answer to that")
    ("payment", "can I pay for it after delivery?", "pay within 14 days", "VAT"),
])
def test_the_sentences_that_answer_the_question(embedder, topic, question, must, must_not):
    reply = answer(text(topic), question, embedder)
    assert must in reply and must_not not in reply
    assert all(s in sentences(text(topic)) for s in sentences(reply))  # verbatim, whole


def test_a_question_no_sentence_answers_gets_the_whole_policy(embedder):
    whole = " ".join(sentences(text("warranty")))
    assert answer(text("warranty"), "my tent pole broke after a year, is that covered",
                  embedder) == whole
    assert answer(text("warranty"), "", embedder) == whole


def test_sentences_keep_the_policy_order(embedder):
    reply = answer(text("shipping"), "how long does shipping to Germany take", embedder)
    parts = sentences(text("shipping"))
    found = [parts.index(s) for s in sentences(reply)]
    assert found == sorted(found) and 1 <= len(found) <= 2


class Broken:
    def encode(self, texts):
        raise RuntimeError("model gone")

    encode_query = encode


def test_without_the_embedding_model_word_overlap_picks(embedder):
    """BM25-only installs (or a model that fails) still answer from the right sentence."""
    for helper in (None, Broken()):
        assert "opened socks" in answer(text("returns"), "can I return socks?", helper)
        assert "Klarna invoice you pay within 14 days" in answer(
            text("payment"), "how does paying with klarna work", helper)
    scores = lexical_scores("return socks", ["socks cannot be returned", "we ship to France"])
    assert scores[0] > 0 and scores[1] == 0


@pytest.mark.parametrize("topic, question, missing", [
    # the policy never says, and its nearest sentence is not an answer: say so
    ("payment", "do you have gift cards?", ["gift"]),  # best: "Cards are only charged ..."
    ("shipping", "can I change the delivery address?", ["change", "address"]),
    ("shipping", "do you deliver on saturdays?", ["saturdays"]),
    # answered: every word is in the policy, or a sentence matches with confidence
    ("payment", "can I pay with paypal?", []),
    ("shipping", "how much is shipping?", []),
    ("shipping", "do you ship to switzerland?", []),  # the countries sentence answers it
    ("warranty", "how long is the warranty on tents?", []),  # a product word: ignored
    ("contact", "where are you located?", []),  # a kind of question: the address answers
    ("contact", "do you have a shop in Berlin?", ["berlin"]),
    # words that say nothing of the topic: "then" was "missing" from the returns policy
    ("returns", "ok then I want to return it", []),
    ("returns", "I want my money back", []),
    ("returns", "how long until I get my money?", []),  # "until" was "missing"
    ("returns", "how long till my refund arrives?", []),
    ("returns", "can I send them back?", []),
    # "methods", "available": the way a question is put, not what it asks ("I can't find
    # the answer" came back with the list of payment methods in it)
    ("payment", "what payment methods do you take?", []),
    ("payment", "is klarna available?", []),
    ("payment", "can I pay in installments?", ["installments"]),
    ("payment", "can I pay later?", []),  # "later": when, not what
    # words pointing at a product shown: "I can't find the answer" came with the whole
    # how-to-order text, which answers it
    ("returns", "can I return the second one if it doesn't fit?", []),
    ("payment", "ok the first one please, can I pay by paypal?", []),
    # a parcel that never comes: the refund sentences scored 0.61, and came back
    ("returns", "do I get a refund if it doesn't arrive?", ["doesn't arrive"]),
    ("shipping", "what if my parcel gets lost?", ["gets lost"]),
    ("shipping", "what happens if the package is stolen?", ["stolen"]),
    # the words of a kind of question the policy answers: a fit problem (the exchange), a
    # day of the week (the hours); "I can't find the answer to that" came back
    ("returns", "the ones I bought are too tight", []),
    ("returns", "the pair I got gives me blisters", []),
    ("contact", "are you open on sunday?", []),
    ("contact", "do you have a shop on sunday street?", ["street"]),  # still unanswered
    # the condition is the question: the whole returns policy came back, as if it answered
    ("returns", "and if it was a gift?", ["gift"]),
    # "not normal wear": "I can't find the answer to that" came back
    ("warranty", "what about normal wear and tear?", []),
])
def test_a_question_the_policy_never_answers(embedder, topic, question, missing):
    assert unanswered(text(topic), question, embedder, ignore=["tents"]) == missing


def test_a_customer_word_for_what_the_policy_says_otherwise_is_not_missing():
    assert unanswered(text("returns"), "can I swap it for a bigger size?") == []  # exchange
    assert unanswered(text("payment"), "can I swap cards?") == ["swap"]  # no exchanges
    assert unanswered(text("returns"), "can i return worn boots?",
                      ignore=["hiking boots"]) == []  # "unworn"


@pytest.mark.parametrize("follow_on, country", [
    ("and to norway?", "norway"), ("what about the UK?", "the UK"), ("and france?", "france"),
    ("and to my office?", None), ("and how much is it?", None), ("and us?", None),
    ("to austria too?", "austria"), ("to the UK?", "the UK"), ("to my office?", None),
])
def test_the_country_of_a_follow_on(follow_on, country):
    assert country_in(follow_on) == country


def test_unanswered_without_the_model_reads_word_overlap():
    assert unanswered(text("payment"), "do you have gift cards?") == ["gift"]
    assert unanswered(text("payment"), "which cards do you accept?") == []


def test_a_policy_that_says_what_happens_to_a_lost_parcel_answers_it():
    said = "If a parcel gets lost or never arrives, we send a new one free of charge."
    assert unanswered(said, "what if my parcel gets lost?") == []
    assert unanswered(said, "do I get a refund if it doesn't arrive?") == []


def test_a_deadline_is_not_what_is_asked():
    # "hold" is in the ordering policy, "friday" is not: when, not what ("I can't find")
    assert unanswered(text("ordering"), "can you hold it until friday?") == []
    assert unanswered(text("ordering"), "can you reserve one for me?") == []
    assert unanswered(text("shipping"), "do you deliver on saturdays?") == ["saturdays"]
    # the customer's reason is not the question either
    assert unanswered(text("returns"), "can I return it if it's too warm?") == []
    assert unanswered(text("returns"), "can I get store credit instead?") != []
    # nor is when it comes ("come" and "arrive" are no words of the returns policy)
    assert unanswered(text("returns"), "can I return it when it comes?") == []
    assert unanswered(text("returns"), "can I return them once they arrive?") == []


def test_a_long_message_is_matched_by_its_question():
    story = ("Hi! My name is Anna. I bought the Ridgeline boots last week (order 10042) and "
             "they hurt my feet. Can I exchange them for a bigger size?")
    assert asked(story) == "Can I exchange them for a bigger size?"
    assert asked("can I return socks?") == "can I return socks?"
    assert asked("I want my money back") == "I want my money back"  # no question mark
    # one sentence, the story before a comma
    assert asked("I got the wrong size boots, can I exchange them?") == "can I exchange them?"
    assert asked("hi, so do you ship to Norway?") == "do you ship to Norway?"
    assert asked("can I pay with paypal, klarna or card?") == (
        "can I pay with paypal, klarna or card?")  # a list, not a story


def test_the_question_after_a_story_in_one_sentence_is_answered(embedder):
    question = asked("I got the wrong size boots, can I exchange them?")
    assert unanswered(text("returns"), question, embedder) == []  # "wrong" was missing
    assert "Exchanges for another size" in answer(text("returns"), question, embedder)


def test_the_question_of_a_long_message_is_answered(embedder):
    story = ("Hi! My name is Anna. I bought the Ridgeline boots last week (order 10042) and "
             "they hurt my feet. Can I exchange them for a bigger size?")
    question = asked(story)  # the whole story was "unanswered" (name, week, feet, ...)
    assert unanswered(text("returns"), question, embedder) == []
    assert "Exchanges for another size" in answer(text("returns"), question, embedder)


@pytest.mark.parametrize("message, question", [
    ("can I order by phone?", True), ("How do I pay", True), ("do you ship to Norway", True),
    ("ok I'll take the lighter one", False), ("I want to buy the Starfall UL Tent", False),
])
def test_a_purchase_statement_is_no_question(message, question):
    assert is_question(message) is question


COUNTRY_LIST = "We ship to Germany, Austria, the Netherlands, Belgium and France."


@pytest.mark.parametrize("question, expected", [
    ("do you ship to Switzerland?", "Sorry, we don't ship to Switzerland. " + COUNTRY_LIST),
    ("do you deliver to austria?", "Yes — we ship to Germany, Austria, the Netherlands, "
                                   "Belgium and France."),
    ("can you send it to holland please", "Yes — we ship to Germany, Austria, the "
                                          "Netherlands, Belgium and France."),
    ("do you ship to the UK?", "Sorry, we don't ship to the UK. " + COUNTRY_LIST),
    ("can you deliver to new zealand?", "Sorry, we don't ship to New Zealand. " + COUNTRY_LIST),
    ("do u ship to austria and how much", "Yes — we ship to Germany, Austria, the "
                                          "Netherlands, Belgium and France."),  # the list alone
    # after a lead-in ("hi! two questions: …" gave the list alone)
    ("hi! two questions: do you ship to belgium", "Yes — we ship to Germany, Austria, the "
                                                   "Netherlands, Belgium and France."),
    ("how much is shipping to france?", COUNTRY_LIST),  # no yes/no question
    ("do you deliver to my office?", COUNTRY_LIST),     # no country
    ("do you ship to bavaria?", COUNTRY_LIST),          # a region: not ours to judge
    ("can you send it to us?", COUNTRY_LIST),           # "us" the pronoun
    ("do you ship to the US?", "Sorry, we don't ship to the US. " + COUNTRY_LIST),
    # the yes read as free
    ("is delivery to Austria free?", COUNTRY_LIST),
    ("is shipping to Norway free?", "Sorry, we don't ship to Norway. " + COUNTRY_LIST),
])
def test_shipping_to_a_country_gets_a_yes_or_a_no_first(question, expected):
    # the list of countries alone was the answer to "do you ship to Switzerland?"
    assert policy_answer.to_country(question, COUNTRY_LIST) == expected


POLICY = COUNTRY_LIST + " Standard delivery takes 2-4 business days and costs 4.95 EUR."
TIME = "Standard delivery takes 2-4 business days and costs 4.95 EUR."


@pytest.mark.parametrize("question, answer, expected", [
    # a time or a cost to a country not shipped to read as if it were
    ("how long to Norway?", TIME, "Sorry, we don't ship to Norway. " + COUNTRY_LIST),
    ("how much does delivery cost to the UK?", TIME,
     "Sorry, we don't ship to the UK. " + COUNTRY_LIST),
    ("how long to France?", TIME, TIME),   # shipped to: the answer as it is
    ("do you ship to Austria?", TIME, TIME),  # the answer does not list it: no "yes" to it
    ("how long does it take?", TIME, TIME),   # no country
])
def test_a_time_or_cost_to_a_country_not_shipped_to_says_so(question, answer, expected):
    assert policy_answer.to_country(question, answer, POLICY) == expected


@pytest.mark.parametrize("question, country", [
    ("how long to france?", "france"), ("how long does it take to Germany?", "germany"),
    ("what does shipping to austria cost?", "austria"), ("do you ship to the UK?",
                                                         "united kingdom"),
    ("I'm going to Norway, which sleeping bag?", None),  # no question of shipping
    ("how long to dry it?", None), ("send it to us?", None),
])
def test_the_country_a_shipping_question_names(question, country):
    assert policy_answer.shipping_to(question) == country


def test_a_policy_that_ships_everywhere_or_names_no_countries_gets_no_verdict():
    everywhere = "We ship worldwide from Germany and Austria."
    assert policy_answer.to_country("do you ship to Japan?", everywhere) == everywhere
    one = "We ship from Germany."
    assert policy_answer.to_country("do you ship to Japan?", one) == one


@pytest.mark.parametrize("question, left_out", [
    ("how much is shipping to Iceland?", True), ("is shipping to Norway free?", True),
    ("how much is shipping to Austria?", False), ("how much is shipping?", False),
])
def test_a_country_the_policy_leaves_out(question, left_out):
    assert policy_answer.not_shipped_to(question, POLICY) is left_out
    assert policy_answer.not_shipped_to(question, "We ship worldwide from Germany.") is False


METHODS = ["Visa", "Mastercard", "PayPal", "Apple Pay"]


@pytest.mark.parametrize("question, said", [
    ("can I pay with bitcoin?",  # was "I can't find the answer to that"
     "Sorry, we don't accept bitcoin. We accept Visa, Mastercard, PayPal and Apple Pay."),
    ("do you take apple pay?", "Yes — we accept Apple Pay, as well as Visa, Mastercard and PayPal."),
    ("do you accept american express?",
     "Sorry, we don't accept american express. We accept Visa, Mastercard, PayPal and Apple Pay."),
    ("can I pay by credit card?", None),  # a kind of payment: the policy's sentences answer
    ("can I pay later?", None),
    ("how do I pay?", None),
])
def test_accepts_a_payment_method_from_the_listed_methods(question, said):
    assert accepts(question, METHODS) == said
    assert accepts(question, None) is None  # a policy that lists none: its sentences


@pytest.mark.parametrize("question, said", [
    # another currency: "Sorry, we don't accept dollars" beside the card brands; the payment
    # policy whole
    ("do you take dollars?", "Sorry, our payment policy doesn't mention paying in dollars. "
                             "All prices are in EUR and include VAT."),
    ("can I pay in pounds?", "Sorry, our payment policy doesn't mention paying in pounds. "
                             "All prices are in EUR and include VAT."),
    ("can I pay with bitcoin?", None),  # a way to pay: accepts() says no
    ("a backpack under 2 pounds weight", None),
])
def test_another_currency_is_said_to_be_none_the_policy_names(question, said):
    policy = "We accept Visa and PayPal. All prices are in EUR and include VAT."
    assert policy_answer.in_currency(question, policy) == said
    assert policy_answer.in_currency(question, "We accept Visa and PayPal.") is None


@pytest.mark.parametrize("question", ["can I pay in instalments?", "do you offer financing?",
                                      "can I pay monthly?", "can I split the payment?"])
def test_paying_in_parts_the_policy_never_mentions_is_said_so(question):
    policy = "We accept Visa and Klarna invoice. With Klarna invoice you pay within 14 days."
    assert policy_answer.in_parts(question, policy, lambda: "With Klarna invoice you pay "
                                  "within 14 days.") == ("Our payment policy doesn't mention "
                                                         "paying in instalments or financing. "
                                                         "With Klarna invoice you pay within "
                                                         "14 days.")
    assert policy_answer.in_parts(question, "Pay in 3 monthly instalments with Klarna.",
                                  lambda: "") is None  # the shop's own words answer
    assert policy_answer.in_parts("can I pay with PayPal?", policy, lambda: "") is None
