"""The rules of core.in_context for a message that continues the last question: "and
pockets?" after "does it have a hood?", "what about the Col Mid Hiker?" after a size was
asked of another boot, "and to Norway?" after the shipping answer, "what do I do?" after
the warranty answer."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from . import order_answers, policy_answer, unsaid
from .followups import orders_by
from .model_understander import ORDER_INTENTS, POLICY_TOPICS
from .reading import (FOLLOW_ON, NAMED, Context, Reading, earlier_question, is_unsure,
                      only_kinds, taken_as)
from .slots import CONDITIONS

# a message that only points back at what was just said ("how do I do that?", "how long
# does it take?", "what do I do?")
POINTS_BACK = re.compile(r"\b(?:it|that|this|them)\b|^\s*(?:so,?\s+|ok,?\s+)?(?:what (?:do|"
                         r"should|can|must) i (?:need to |have to )?do|what now|then what|and "
                         r"then|what happens (?:next|now|then)|what(?:'s| is| are) the next "
                         r"steps?|next steps?)\b", re.I)
# "what's the total?", "how much altogether?" of one product's quantity ("both" is two)
_TOTAL = re.compile(r"^(?!.*\bboth\b).*(?:\b(?:the|a|my) total\b|\bin total\b|\baltogether\b|"
                    r"\ball together\b|\bin all\b|\bwith (?:the )?(?:shipping|delivery|postage)\b)",
                    re.I)
# "what happens next?", "what now?", "what do I do?" after a policy: its next step, asked so
_NEXT = re.compile(r"\bwhat (?:do|should|can|must) i (?:need to |have to )?do\b|\bwhat now\b|"
                   r"\bthen what\b|\bwhat then\b|\bwhat happens (?:next|now|then)\b|"
                   r"\bnext steps?\b", re.I)
# "what are my options?", "what else can I do?"
_OPTIONS = re.compile(r"\bwhat (?:are )?(?:my|the) options\b|\bwhat else can (?:i|we|you) do\b|"
                      r"\bwhat can (?:i|we) do(?: (?:then|now|instead))?\b", re.I)
# "what do I need to send?" after the warranty answer (what to get for sending: a search)
_TO_SEND = re.compile(r"\bwhat (?:do|should|must|shall) (?:i|we) (?:need to |have to )?(?:send|"
                      r"include|provide|attach|give you|write)\b|\bwhat (?:information|info|"
                      r"details|documents?|else) do (?:you|i) need\b", re.I)
# "send me a new one", "I want a replacement", "can you replace it?"
_NEW_ONE = re.compile(r"\b(?:send|get|give|ship)(?: me| us)? (?:a )?(?:new|replacement|another) "
                      r"(?:one|pair|item)\b|\b(?:want|need|get|like) a (?:replacement|new one)\b|"
                      r"\breplace (?:it|them|this|that)\b", re.I)
NEXT_STEP = {"warranty": "how do I make a warranty claim?",
             "return_refund": "how do I start a return?", "place_order": "how do I order?",
             "cancel_order": "how do I cancel an order?",
             # "what happens next?" after the delivery costs: the parcel leaves, then tracking
             "shipping_info": "when will my parcel leave and how do I follow it?"}
# "how much?", "and how long?" alone: the figure of what was just talked about; "how long
# do I have?" after the returns answer: its days
BARE_HOW = re.compile(r"^\W*(?:(?:and|so|ok(?:ay)?|but)\W+)*how (?:much|long|many|soon|fast|"
                      r"quickly)(?: time)?(?: (?:do|have) (?:i|we) (?:have|got|get)(?: left)?)?"
                      r"\W*$", re.I)
# "for how long?", "and how long for?" right after "does it keep drinks hot?": how long it does
_FOR_HOW_LONG = re.compile(r"\W*(?:(?:and|so|ok(?:ay)?|but)\W+)*(?:for )?how long(?: for)?\W*",
                           re.I)
_LASTS = re.compile(r"\s*(?:does|do|will|would|can)\b[^?.!]*\b(?:keeps?|stays?|lasts?|holds?|"
                    r"runs?|works?|burns?)\b", re.I)
# what one does to buy: "can you hold it?" asks it of the shop, whatever was said before
_BUYING = re.compile(r"\b(?:hold|reserve|keep|set aside|put aside|buy|order|take|purchase)\b",
                     re.I)


def follow_ons(r: Reading, c: Context) -> Reading:
    """Rules for a message that continues the last question."""
    u, text = r.u, r.text
    state, shown, named_in, history = c.state, c.shown, c.named_in, c.history
    if (state.get("quantity") or [None])[0] == state.get("focus") and _TOTAL.search(text) and \
            not any(u.slots.get(k) for k in (*NAMED, "order_id", "quantity")):
        # "what's the total?" after "2 × the Quarter Heavy Hiking Socks come to 39.98 EUR"
        # ("which product do you mean?"): those, with delivery
        return replace(r, u=taken_as(u, "shipping_info"), text="how much is that with shipping?")
    if state.get("last_intent") == "product_question" and state.get("focus") and \
            _FOR_HOW_LONG.fullmatch(text) and _LASTS.match(earlier := earlier_question(history)):
        # "for how long?" after "does the first one keep drinks hot?": how long it does (its
        # whole card came back)
        return replace(r, u=taken_as(u, "product_question"),
                       text=f"how long {earlier.strip()[0].lower()}{earlier.strip()[1:]}")
    if FOLLOW_ON.match(text) and state.get("last_intent") == "product_question" and \
            state.get("focus") and not any(u.slots.get(k) for k in NAMED) and \
            not orders_by(text) and (again := _asked_again(text, history)):
        # "what about pockets?" or "and pockets?" (a search to the classifier) after
        # "does it have a hood?": the same question of pockets, about the same product;
        # it got the product's whole card, or a search for "and pockets"
        u, text = taken_as(u, "product_question"), again
    elif FOLLOW_ON.match(text) and state.get("last_intent") == "product_question" and \
            u.slots.get("product_ids") and (again := _asked_of(text, history)):
        # "what about the second one?" after "is it down?": the same question of the
        # second one (it got the second one's whole card)
        u, text = taken_as(u, "product_question"), again
    elif FOLLOW_ON.match(text) and state.get("last_intent") in (
            "product_question", "product_search") and (
            again := _asked_of_named(text, state, history, named_in)):
        # "what about the Col Mid Hiker?" after "does the Kammweg Pro come in size 47?", or
        # after boots were narrowed to size 47: whether the Col Mid comes in 47 (it got the
        # Col Mid's whole card); the turn reads the sizes and colours of the new question
        return Reading(taken_as(u, "product_question"), again, r.asked_items, carried=True)
    if (is_unsure(u) or u.intent == state.get("last_intent")) and (FOLLOW_ON.match(text) or (
            state.get("last_intent") == "shipping_info" and policy_answer.country_in(text))) and (
            state.get("last_intent") in POLICY_TOPICS or (
                state.get("last_intent") == "product_question" and state.get("focus"))):
        # "and to Norway?" after "do you ship to Switzerland?", "to Austria too?" after "is
        # shipping free?" ("say it another way"): the same policy; "what about pockets?"
        # after "does it have a hood?": the same product
        u = taken_as(u, state["last_intent"])
        if u.intent == "shipping_info" and (place := policy_answer.country_in(text)):
            text = f"do you ship to {place}?"  # asked again, of Norway: a yes or a no
        elif u.intent == "payment_info" and len((said := FOLLOW_ON.sub(
                "", text, count=1).strip(" ?!.,").lower()).split()) <= 3 and re.fullmatch(
                r"[a-z][a-z ]{1,25}", way := re.sub(r"^(?:with|by|in|via|using) ", "", said)):
            # "and apple pay?" after "do you take paypal?": a yes or a no of Apple Pay (it
            # got the list of methods, no yes)
            text = f"do you accept {way}?"
    elif state.get("last_intent") in POLICY_TOPICS and FOLLOW_ON.match(text) and \
            only_kinds(text, u.slots):
        # "and on tents?" after "how long is the warranty on boots?": the same policy
        # (it listed tents)
        u = taken_as(u, state["last_intent"])
    if state.get("last_intent") in ("warranty", "return_refund") and _NEW_ONE.search(text) and \
            not any(u.slots.get(k) for k in (*NAMED, "order_id")):
        # "ok send me a new one" after the warranty answer (how to order, at 0.6): a
        # replacement is claimed as the policy says
        u, text = taken_as(u, state["last_intent"]), NEXT_STEP[state["last_intent"]]
    if state.get("last_intent") in ORDER_INTENTS and state.get("order_id") and (
            _NEXT.search(text) or _OPTIONS.search(text)) and not u.slots.get("order_id") and (
            is_unsure(u) or u.intent in ("goodbye", *ORDER_INTENTS)) and \
            order_answers.RETURN_INSTEAD in _last_said(history):
        # "ok, what can I do then?" after "it has been delivered, so it can no longer be
        # cancelled. You can return it instead": how that order is returned (the bot's spiel)
        u = replace(taken_as(u, "return_refund"), slots={**u.slots, "order_id": state["order_id"]})
        text = NEXT_STEP["return_refund"]
    if state.get("last_intent") == "product_search" and state.get("search") and is_unsure(u) \
            and FOLLOW_ON.match(text) and not any(u.slots.get(k) for k in NAMED) and \
            re.fullmatch(r"(?:with |a |an )?[a-z][a-z -]{1,30}", rest := FOLLOW_ON.sub(
                "", text, count=1).strip(" ?!.,").lower()) and len(rest.split()) <= 3:
        # "and heart rate?" after "which watches have gps?" (a comparison at 0.35: "say it
        # another way"): the search again with it, as "and pockets?" was
        u = taken_as(u, "product_search")
    to_send = _TO_SEND.search(text)
    if state.get("last_intent") in POLICY_TOPICS and (
            POINTS_BACK.search(text) or BARE_HOW.match(text) or to_send or _NEXT.search(
                text)) and not any(
            u.slots.get(k) for k in (*NAMED, "order_id")) and (
            is_unsure(u) or u.intent in ("small_talk", "out_of_scope")
            or to_send and u.intent in ("recommendation", "product_search", "contact_info")
            or u.intent == "goodbye" and text.rstrip().endswith("?")  # "what happens next?"
            or u.intent == "place_order" and not _BUYING.search(text)
            or u.intent == "product_question" and not shown):
        # "what do I do?" after the warranty answer (small talk), "how do I do that?"
        # after the returns answer (how to order), "how long does it take?" or "how
        # much?" (a question about no product): the same policy; "can you hold it for
        # me?" after the shipping answer still asks for a hold
        u = taken_as(u, state["last_intent"])
        if (_NEXT.search(text) or to_send) and state["last_intent"] in NEXT_STEP:
            # "what happens next?" after the warranty answer: how a claim is made (no
            # sentence of the policy is near "next": "I can't find the answer to that");
            # "what do I need to send?": what that step asks for
            text = NEXT_STEP[state["last_intent"]]
    return replace(r, u=u, text=text)


def _asked_again(text: str, history: list[dict]) -> str | None:
    """The customer's last question before `text` that was not itself a follow-on, asked
    again of what `text` names ("does it have a hood?" + "and pockets?" -> "does it have
    pockets?"); None when that was no yes/no question about a property."""
    earlier = earlier_question(history)
    said = FOLLOW_ON.sub("", text, count=1)
    if earlier and (m := _GOOD_FOR.search(earlier)) and re.fullmatch(
            r"(?:for|in) [\w' -]{2,40}", rest := said.strip(" ?!.,"), re.I):
        # "is the Nightjar good for festivals?" + "and for winter camping?": good for that
        # (a search listed five winter sleeping bags)
        return f"{earlier[:m.start(1)]}{rest}?"
    if (rest := re.sub(r"^\s*(?:in\s+)?(?:the\s+)?", "", said.strip(" ?!.,").lower())) in \
            CONDITIONS:
        # "what about rain?" of the jacket asked about: whether it is good in the rain (its
        # whole card; "does it have a hood?" before made it "does it have rain?")
        return f"is it good in the {rest}?"
    return earlier and unsaid.carried(earlier, said)
# "is it good for festivals?", "suitable in the rain?": what a product is fit for
_GOOD_FOR = re.compile(r"\b(?:good|suitable|ok|okay|fine|ideal|right|warm enough|enough)\s+"
                       r"((?:for|in)\s+[^?.!]+)", re.I)


def _last_said(history: list[dict]) -> str:
    """The bot's last reply in the conversation's `history`; "" when there is none."""
    return next((m["text"] or "" for m in reversed(history) if m["direction"] == "out"), "")


def _asked_of(text: str, history: list[dict]) -> str | None:
    """The customer's last question about "it" asked of the product `text` points at ("is
    it down?" + "and the second one?" -> "is the second one down?"); None when `text` says
    more than a short reference or that question had no "it"."""
    rest = FOLLOW_ON.sub("", text, count=1).strip(" ?!.,")
    earlier = earlier_question(history)
    if not rest or len(rest.split()) > 4 or not re.search(r"\b(?:it|they)\b", earlier, re.I) or \
            re.search(r"\b(?:it|they|is|are|does|do|has|have|can|how|what|which)\b", rest, re.I):
        # "and is it waterproof?" is its own question (it read "what colours does is it
        # waterproof come in?")
        return None
    return re.sub(r"\b(?:it|they)\b", rest, earlier, count=1, flags=re.I)
# what may stand beside a product's name in "what about the Col Mid Hiker then?"
_FILLER = {"the", "a", "an", "one", "then", "instead", "please", "ok", "okay", "so"}
# what an earlier question points at its product with: "is it down?", "is the first one down?"
_POINTER = re.compile(r"\b(?:it|they|the (?:first|second|third|fourth|fifth|last|1st|2nd|3rd|"
                      r"4th|5th)(?: one)?)\b", re.I)

# a bare "how heavy?", "how much?", "how warm exactly?"
_HOW_BARE = re.compile(r"\W*(how (?:heavy|much|warm|long|big|tall|wide|light|waterproof|many "
                       r"\w+))(?: exactly| then| roughly)?\W*", re.I)


def _asked_of_named(text: str, state: dict, history: list[dict],
                    named_in: Callable[[str], list]) -> str | None:
    """The last question asked again of the one product `text` names and no more ("what
    about the Col Mid Hiker?"): the earlier question with this one's name in place of its
    product's name or its "it" ("the first one"); else, after a search narrowed to a size
    or colour, whether this product (of the kind searched) comes in it. None when there is
    neither."""
    rest = FOLLOW_ON.sub("", text, count=1).strip(" ?!.,")
    named = named_in(rest)
    if len(named) != 1:
        return None
    name = named[0]["name"]
    left = set(re.findall(r"[a-z0-9-]+", rest.lower())) - set(
        re.findall(r"[a-z0-9-]+", name.lower()))
    if not left <= _FILLER:
        return None
    earlier = earlier_question(history)
    last, said = (state.get("asked") or ["", {}])[:2]
    if state.get("last_intent") == "product_question" and FOLLOW_ON.match(last) and said:
        # "and in size S?" was the last question ("is it breathable?" before it)
        return _comes_in(name, said)
    if state.get("last_intent") == "product_question" and earlier:
        before = named_in(earlier)
        if len(before) == 1 and before[0]["id"] != named[0]["id"]:
            # its whole name, else the start of it said ("is the Kammweg Pro good for wide
            # feet?" of the Kammweg Pro Hiking Boot: the Granite Pro Hiker's whole card)
            words = before[0]["name"].split()
            for other in (re.compile(rf"\b{re.escape(' '.join(words[:k]))}\b", re.I)
                          for k in range(len(words), 0, -1)):
                if other.search(earlier):
                    return other.sub(lambda _: name, earlier, count=1)
        elif not before and _POINTER.search(earlier):
            return _POINTER.sub(lambda _: f"the {name}", earlier, count=1)
        elif not before and (m := _HOW_BARE.fullmatch(earlier)):
            # "how heavy?" of the Granite XT, then "and the Kammweg Pro?" (its whole card)
            return f"{m[1]} is the {name}?"
    filters = (state.get("search") or {}).get("filters") or {}
    if filters.get("category") not in (None, named[0].get("category")):
        return None  # size 47 of boots says nothing of a jacket
    return _comes_in(name, filters) if filters.get("size") or filters.get("color") else None


def _comes_in(name: str, said: dict) -> str:
    """"does the Col Mid Hiker come in navy in size 47?" of the size and colour `said`."""
    return (f"does the {name} come in" + (f" {said['color']}" if said.get("color") else "")
            + (f" in size {said['size']}" if said.get("size") else "") + "?")
