"""What a message about an order gets once the classifier has read it, where the words say
more than the intent: a fault with a delivery (sorry, and a person), an exchange of what
does not fit, a bare order number after a claim, a warranty claim on an order, a change to
an order; and which order a return or a claim is of when no number is said.

A mixin of core.turns.TurnLogic, whose `escalate`, `undelivered`, `order_change` and `say`
it uses; a routing stage after the classifier (core/turn.py).
"""

from __future__ import annotations

import re

from . import facts as F
from . import order_answers
from .followups import asks_order_change
from .model_understander import ORDER_INTENTS
from .product_names import without_name
from .reading import CONFIDENCE_FLOOR, is_unsure, taken_as
from .reading_follow_ons import POINTS_BACK
from .service_turns import (SIZE_SWAP_ASKED, SWAP_ASKED, WARRANTY_ASKED, fits_badly, not_received,
                            only_a_number, order_problem, reports_defect, swaps_purchase,
                            swaps_size)
from .turn import Done, Turn

SURE_COMPLAINT = 0.8      # a complaint this sure is one, though it also says what went wrong
# "I want a refund", "can I get my money back?": of the order just spoken of (not "what's
# your refund policy?")
_MY_REFUND = re.compile(r"\b(?:i(?:'d| would)? (?:want|need|like)|can i (?:get|have)|give me|"
                        r"get)\b.*\b(?:(?:a|my|full) refund|(?:my )?money back)\b", re.I)

# where an order asked to be changed should go instead: "it should go to my office
# instead", "send it to my work address" ("say it another way")
_GOES_ELSEWHERE = re.compile(r"\binstead\b|\b(?:go|goes|send|ship|deliver|forward|bring)\b"
                             r"(?: (?:it|them|the \w+))? to\b|\b(?:new|other|different|work|"
                             r"office|home) address\b|\baddress (?:is|should be)\b", re.I)


# a street address: a number beside a street word ("Hauptstrasse 5", "12 Baker Street"), or
# a postcode ("10115 Berlin", "SW1A 1AA")
_STREET = (r"(?:[a-zäöüß-]*(?:strasse|straße|str\.|weg|gasse|platz|allee|damm|ring|laan|straat|"
           r"gracht)|street|st\.?|road|rd\.?|avenue|ave\.?|lane|drive|way|close|court|place|"
           r"square|crescent|terrace|rue|via|calle|boulevard|blvd\.?)")
_AN_ADDRESS = re.compile(rf"\b{_STREET}\s+\d{{1,4}}[a-z]?\b|\b\d{{1,4}}[a-z]?,?\s+(?:[a-zäöüß-]+\s+)"
                         rf"{{0,2}}{_STREET}\b|\b\d{{5}}\s+[A-ZÄÖÜ][a-zäöüß]+|"
                         r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", re.I)
# "to 44", "make it black", "size M please": what an order is to be changed to
_CHANGE_TO = re.compile(r"\W*(?:(?:ok|so|please)\W+)?(?:(?:change (?:it |them )?)?to|into|make "
                        r"(?:it|them)|(?:in )?size|in)\s+(?:size\s+|an?\s+)?[\w.-]{1,12}"
                        r"(?:\s+(?:please|pls|instead))?\W*", re.I)


class OrderRoutes:
    def _record(self, fault: str, order_id: str, state: dict) -> str:
        """What the books say of a parcel the customer never got ("… as delivered by DHL,
        tracking number …"); "" for any other fault, no order known, or one whose status
        was the last reply ("but I never got it")."""
        if not order_id and state.get("last_intent") != "order_status":
            order_id = state.get("order_id") or ""
        order = self.orders.lookup(order_id) if fault == "not_received" and order_id else None
        return order_answers.as_recorded(order) if order else ""

    async def _of_orders(self, t: Turn) -> Done | None:
        conv, state, inc, text, u = t.conv, t.state, t.inc, t.text, t.u
        bought, said_missing, shown = t.bought, t.said_missing, t.shown
        if (fault := order_problem(text) or self.undelivered(
                state, text, str(u.slots.get("order_id") or ""), said_missing)) and (
                reply := await self.escalate(conv, inc, "complaint", fault, self._record(
                    fault, str(u.slots.get("order_id") or ""), state))):
            # "my parcel arrived damaged", "I was charged twice": sorry, and a person (it got
            # a policy and "I can't find the answer to that"); handed over only where
            # complaints are
            state["misses"] = 0
            state["last_intent"] = "complaint"
            if u.slots.get("order_id"):  # "it's been 2 weeks" next is of it (core/turns.py)
                state["order_id"] = str(u.slots["order_id"])
            return [reply], "complaint", u.confidence
        if not u.slots.get("order_id") and not_received(text):
            state["order_view"] = "not_received"  # the number, when it comes, is of this
        if u.intent != "human_agent" and (u.intent != "return_refund" or is_unsure(u)) and not (
                u.intent == "complaint" and u.confidence >= SURE_COMPLAINT) and fits_badly(
                text, bought or state.get("last_intent") in ORDER_INTENTS or not (
                    state.get("focus") or shown)):
            # "the boots I bought are too small" (a complaint at 0.50-0.52, so a person at
            # once or "say it another way"), "it doesn't fit" after a return was asked
            # about: an exchange ("say it another way", or "which product do you mean?").
            # A sure complaint ("… and nobody answers my emails", 1.0) still goes to a person.
            # "I bought boots last month and they're too small": a return at 0.30 ("say it
            # another way"); the product's name is none of the policy's words (it said "I
            # can't find the answer to that" of "I bought the Talus Mid Boot …")
            u = taken_as(u, "return_refund")
            for named in self.catalog.named_in(text):
                text = without_name(text, named["name"])
        elif u.intent != "human_agent" and not u.slots.get("order_id") and swaps_size(text):
            # "can I swap it for a 44?" (the whole returns policy; of a boot shown, its card
            # again): whether the one in focus comes in that size, then how exchanges work
            product = self.catalog.get(state.get("focus") or "")
            lead = F.answer_facts(product, {"size": u.slots["size"]}, text)["answer"] if (
                product and u.slots.get("size")) else ""
            state["misses"], state["last_intent"] = 0, "return_refund"
            return [await self.policy("returns", SIZE_SWAP_ASKED, lead)], "return_refund", \
                max(u.confidence, CONFIDENCE_FLOOR)
        elif u.intent != "human_agent" and not u.slots.get("order_id") and swaps_purchase(text):
            # "the sleeping bag I got is too warm, can I swap it for a lighter one?" (bags
            # listed by weight), "… exchange it for the Kammweg Pro?" ("I can't find the
            # answer to that": "warm", "lighter", "swap" are no words of the policy): how a
            # purchase is returned and exchanged
            u, text = taken_as(u, "return_refund"), SWAP_ASKED
        if u.intent == "order_status" and u.slots.get("order_id") and state.get(
                "last_intent") in ("warranty", "return_refund") and only_a_number(text):
            # "it was order 10005" after "my tent pole snapped": that order's warranty (its
            # delivery status, and "what happens next?" then said goodbye)
            u = taken_as(u, state["last_intent"])
        if (reports_defect(text) or WARRANTY_ASKED.search(text)) and (
                u.intent in ORDER_INTENTS or is_unsure(u)) and (
                u.slots.get("order_id") or state.get("last_intent") in ORDER_INTENTS):
            # "order 10005, the zip broke" (a return at 0.51: the returns policy and "I can't
            # find the answer to that"; unsure, the order's tracking number), "is order 10002
            # still under warranty?" (its status at 0.77): that order's warranty
            u = taken_as(u, "warranty")
        elif u.intent in ("warranty", "return_refund") and is_unsure(u) and reports_defect(text):
            # "I bought a tent last week and a pole broke" (a warranty claim at 0.33: "say
            # it another way", then a person): how to claim
            u = taken_as(u, "warranty")
        if state.pop("change_asked", False) and (order_id := u.slots.get("order_id")):
            # "10057" after "can I change my order?" ("please have your order number
            # ready"): that order's change (its status alone)
            state["misses"], state["last_intent"], state["changing"] = 0, "order_status", order_id
            return [await self.order_change(order_id, state, text, u.slots)], "order_change", \
                u.confidence
        changing = state.pop("changing", None)
        if changing and (_AN_ADDRESS.search(text) or _CHANGE_TO.fullmatch(text) or is_unsure(
                u) and (u.slots.get("size") or u.slots.get("color"))) and (
                order := self.orders.lookup(changing)):
            # "it's Hauptstrasse 5, Berlin", "to 44" after "it can still be changed; press Talk
            # to a human" ("say it another way"): the person who can change it, what was said;
            # of an order delivered, that it can no longer be changed, again
            if order.get("status") in ("delivered", "returned", "cancelled"):
                return [await self.order_change(changing, state, text)], "order_change", 1.0
            return [await self.escalate(conv, inc, "human_agent")], "human_agent", 1.0
        if (asks_order_change(text, bool(state.get("last_intent") in ORDER_INTENTS and state.get(
                "order_id"))) or changing and _GOES_ELSEWHERE.search(text)) and \
                u.intent not in ("human_agent", "complaint"):
            # "can I change the delivery address for order 10042?" (the shipping policy's "I
            # can't find the answer to that", or how to order); "can I add something to it?"
            # of the order shown
            order_id = u.slots.get("order_id") or (
                state.get("order_id") if state.get("last_intent") in ORDER_INTENTS else None)
            state["misses"] = 0
            state["last_intent"] = "order_status"
            state["changing"] = order_id
            state["change_asked"] = not order_id  # its number next is the order to change
            return [await self.order_change(order_id, state, text, u.slots)], "order_change", \
                u.confidence
        t.text, t.u = text, u
        return None

    @staticmethod
    def _order_meant(t: Turn, intent: str, slots: dict) -> dict:
        """`slots` with the order a return or a warranty claim without a number is of: the
        one just spoken of, where the message points back at it."""
        state, text = t.state, t.text
        if intent == "return_refund" and not slots.get("order_id") and state.get("order_id") \
                and state.get("last_intent") in ORDER_INTENTS and (
                    POINTS_BACK.search(text) or _MY_REFUND.search(text) or fits_badly(text, True)):
            # "ok then I want to return it" after "it has shipped, so it can no longer be
            # cancelled": that order's return (it got the returns policy alone); "I want a
            # refund" of an order not shipped yet: its cancellation (a return "within 30
            # days of delivery"); "the boots are too small" after the return of an order
            # is checked against that order (it holds no boots: that went unsaid)
            slots = {**slots, "order_id": state["order_id"]}
        if intent == "warranty" and not slots.get("order_id") and state.get("order_id") \
                and state.get("last_intent") in ORDER_INTENTS and (reports_defect(text) or (
                    WARRANTY_ASKED.search(text) and POINTS_BACK.search(text))):
            # "the zip broke already", "is it still under warranty?" right after order 10005
            # was shown delivered: that order's claim (the warranty policy alone)
            slots = {**slots, "order_id": state["order_id"]}
        return slots
