import pytest

from core.understand import KeywordUnderstander, extract_slots

VOCAB = {"category": ["hiking boots", "rain jackets", "socks"], "brand": ["Torvik"],
         "color": ["black", "red"]}


@pytest.mark.parametrize("text,intent", [
    ("hello", "greeting"),
    ("where is order 10042?", "order_status"),
    ("what is your returns policy?", "return_refund"),
    ("I want to talk to a human", "human_agent"),
    ("waterproof hiking boots under 120", "product_search"),
    ("what's the capital of france?", "out_of_scope"),
    ("how do I order?", "place_order"),
    ("what are your opening hours?", "contact_info"),
])
def test_intents(text, intent):
    assert KeywordUnderstander(VOCAB).understand(text, {}).intent == intent


def test_slots():
    s = extract_slots("black hiking boots between 20 and 40 dollars in size 44", VOCAB)
    assert s["min_price"] == 20 and s["max_price"] == 40 and s["size"] == "44"
    assert s["category"] == "hiking boots" and s["color"] == "black"
    assert extract_slots("order #A-10042 please", VOCAB)["order_id"] == "10042"
    assert extract_slots("is the second one ok", VOCAB)["ref_index"] == 1
