"""The understanding seam and a small keyword/regex understander.

`Understanding` is what the engine needs from any understander: an intent, a confidence
in [0, 1] (below the engine's threshold the turn counts as "not understood") and slots.
The keyword understander is the dependency-free default; the trained model of
core/intents.py plugs in through the same `understand(text, context)` call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from . import attribute_filters

INTENTS = ("product_search", "product_question", "compare", "recommendation", "order_status",
           "cancel_order", "return_refund", "shipping_info", "payment_info", "warranty",
           "place_order", "contact_info", "human_agent", "complaint", "greeting", "thanks", "goodbye", "small_talk",
           "out_of_scope")


@dataclass(frozen=True)
class Understanding:
    intent: str
    confidence: float
    slots: dict[str, Any] = field(default_factory=dict)


class Understander(Protocol):
    def understand(self, text: str, context: dict[str, Any]) -> Understanding: ...


ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
            "4th": 3, "fifth": 4, "5th": 4, "last": -1}

# (intent, pattern) in priority order; the first match wins.
RULES: list[tuple[str, str]] = [
    ("human_agent", r"\b(human|real person|agent|operator|someone real|talk to (a )?person|"
                    r"speak to (a )?person|customer service rep)\b"),
    ("complaint", r"\b(terrible|awful|worst|unacceptable|angry|disappointed|complain|"
                  r"complaint|broken on arrival|ridiculous|scam)\b"),
    ("cancel_order", r"\bcancel\b"),
    ("order_status", r"\b(order|parcel|package|delivery|tracking|shipment)\b.*\b(where|status|"
                     r"track|arrive|when|late)\b|\b(where|status|track)\b.*\b(order|parcel|"
                     r"package|shipment)\b|\border\s*#?\s*[a-z]?-?\d{4,}"),
    ("return_refund", r"\b(returns?|returning|refunds?|send (it )?back|exchange|money back)\b"),
    ("warranty", r"\b(warranty|warranties|guarantee|defect|defective)\b"),
    ("shipping_info", r"\b(shipping|ship|deliver|delivery|postage|courier)\b"),
    ("payment_info", r"\b(pay|payment|paypal|credit card|card|invoice|klarna|apple pay)\b"),
    ("place_order", r"\b(place an order|how (do|can) i (order|buy)|checkout|check out|"
                    r"basket|cart|i'?ll take (it|the|that|this|one|two|\d))\b"),
    ("contact_info", r"\b(opening hours|business hours|open on|your (email|address)|"
                     r"where are you (located|based)|physical (shop|store)|showroom)\b"),
    ("compare", r"\b(compare|comparison|difference between|versus|vs\.?|better than)\b"),
    ("recommendation", r"\b(recommend|suggest|what should i|gift|best for)\b"),
    ("product_question", r"\b(is|are|does|do|has|have|what|which)\b.*\b(it|this|that|the "
                         r"(first|second|third|fourth|fifth|last|cheaper|cheapest|one)|they|"
                         r"them|one)\b.*\b(size|colou?r|available|waterproof|weight|"
                         r"material|stock|fit|warm|in)\b"),
    ("thanks", r"^\W*(thanks|thank you|thx|cheers|ty|much appreciated)\b"),
    ("goodbye", r"^\W*(bye|goodbye|see you|cya|that's all|thats all)\b"),
    ("greeting", r"^\W*(hi|hello|hey|hallo|good (morning|afternoon|evening)|yo)\b\W*$"),
    ("product_search", r"\b(looking for|do you (have|sell)|show me|i need|i want|search|"
                       r"find|buy|under \d|cheap)\b"),
    ("small_talk", r"\b(how are you|who are you|are you a bot|your name|joke|weather)\b"),
]
_COMPILED = [(intent, re.compile(p, re.I)) for intent, p in RULES]

PRICE_MAX = re.compile(r"\b(?:under|below|less than|max(?:imum)?|up to|at most|cheaper than|"
                       r"no more than)\s*(?:€|\$|eur\s*)?(\d+(?:[.,]\d{1,2})?)", re.I)
PRICE_MIN = re.compile(r"\b(?:over|above|more than|at least|min(?:imum)?|from)\s*(?:€|\$|eur\s*)?"
                       r"(\d+(?:[.,]\d{1,2})?)", re.I)
PRICE_RANGE = re.compile(r"\bbetween\s*(?:€|\$)?(\d+(?:[.,]\d+)?)\s*(?:and|-|to)\s*(?:€|\$)?"
                         r"(\d+(?:[.,]\d+)?)", re.I)
ORDER_ID = re.compile(r"(?:order\s*(?:number|no\.?|id)?\s*#?\s*|#\s*)([a-z]?-?\d{4,})"
                      r"|\b(\d{5,})\b", re.I)
SIZE = re.compile(r"\bsize\s*(\d{2}(?:\.5)?|xxs|xs|s|m|l|xl|xxl|\d+\s*l)\b", re.I)


def _num(s: str) -> float:
    return float(s.replace(",", "."))


def extract_slots(text: str, vocabulary: dict[str, list[str]]) -> dict[str, Any]:
    """Price range, order id, size, colour, category, brand and product references."""
    slots: dict[str, Any] = {}
    low = text.lower()
    if m := PRICE_RANGE.search(text):
        slots["min_price"], slots["max_price"] = sorted((_num(m[1]), _num(m[2])))
    else:
        if m := PRICE_MAX.search(text):
            slots["max_price"] = _num(m[1])
        if m := PRICE_MIN.search(text):
            slots["min_price"] = _num(m[1])
    if m := ORDER_ID.search(text):
        slots["order_id"] = re.sub(r"\D", "", m[1] or m[2])
    if m := SIZE.search(text):
        slots["size"] = m[1].upper() if m[1].isalpha() else m[1]
    for key in ("color", "brand"):
        for word in vocabulary.get(key, []):
            if re.search(rf"\b{re.escape(word.lower())}\b", low):
                slots[key] = word
                break
    best = None
    for cat in vocabulary.get("category", []):
        # "hiking boots" should match category "Hiking Boots"; a plural/singular slip is fine
        stem = re.escape(cat.lower().rstrip("s"))
        if re.search(rf"\b{stem}s?\b", low) and (best is None or len(cat) > len(best)):
            best = cat
    if best:
        slots["category"] = best
    for word, index in ORDINALS.items():
        if re.search(rf"\b(the )?{word}( one)?\b", low):
            slots["ref_index"] = index
            break
    if re.search(r"\b(cheaper|cheapest|less expensive)( one)?\b", low) and "max_price" not in slots:
        slots["ref_cheapest"] = True
    slots.update(attribute_filters.extract(text, vocabulary))
    return slots


class KeywordUnderstander:
    """Regex rules: predictable, fast, no model. Good enough for the demo and the tests."""

    def __init__(self, vocabulary: dict[str, list[str]] | Callable[[], dict] | None = None):
        """`vocabulary`: the catalogue's lists, or a callable returning the current ones."""
        self._vocabulary = vocabulary or {}

    @property
    def vocabulary(self) -> dict[str, list[str]]:
        return self._vocabulary() if callable(self._vocabulary) else self._vocabulary

    def understand(self, text: str, context: dict[str, Any]) -> Understanding:
        slots = extract_slots(text, self.vocabulary)
        for intent, pattern in _COMPILED:
            if pattern.search(text):
                return Understanding(intent, 0.9, slots)
        if "order_id" in slots:
            return Understanding("order_status", 0.8, slots)
        if context.get("shown") and ("ref_index" in slots or "size" in slots
                                     or "color" in slots or "ref_cheapest" in slots):
            return Understanding("product_question", 0.7, slots)
        if slots.get("category") or slots.get("brand") or "max_price" in slots:
            return Understanding("product_search", 0.7, slots)
        return Understanding("out_of_scope", 0.2, slots)
