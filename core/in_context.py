"""What a message means after what came before: the rules that read the classifier's
intent against the conversation ("and pockets?" after "does it have a hood?" asks that of
pockets; "is it down?" right after a list of sleeping bags asks it of the first; "what do
I do?" after the warranty answer is still the warranty).

The classifier sees one message; these rules see the products shown, the one in focus, the
last intent and the customer's earlier questions, and correct what it made of the message.
They run in stages, in this order, each on what the ones before made of it: who is
asked for and of which order (here), the product in focus (core.reading_product), which
policy or need is named (here), what continues the last question (core.reading_follow_ons),
delivery and fit (here), the list shown (core.reading_lists), and a purchase (here). Pure
but for `state`, whose "asked_need" and "to_buy" two rules take. Used by core.turns.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable

from . import facts as F
from . import claims, kind_guide, order_answers, policy_answer, unsaid, uses
from .followups import asks_all, asks_contents, asks_for_someone, asks_range, wants_similar
from .model_understander import ORDER_INTENTS, PRODUCT_INTENTS
from .reading import CONFIDENCE_FLOOR, NAMED, Context, Reading, is_unsure, taken_as
from .reading_follow_ons import follow_ons
from .reading_lists import of_the_list
from .reading_product import of_the_product
from .service_turns import reports_defect, supposes_defect
from .services import asks_service

# a person asked for in so many words; below SURE_PERSON the classifier's human_agent needs one
SURE_PERSON = 0.8
# "is this a real person?", "am I talking to a bot?", "are you human?"
_BOT_ASKED = re.compile(r"^\W*(?:(?:hi|hello|hey|so|wait|ok)\W+)*(?:is this|is it|am i (?:talking|"
                        r"speaking|chatting|writing) (?:to|with)|are you|r u|you are|you're)(?: "
                        r"even| actually| really| just)? (?:an? )?(?:real (?:person|human)|"
                        r"person|human|bot|chat ?bot|robot|machine|ai|computer|automated)\W*$",
                        re.I)
_PERSON = re.compile(r"\b(?:human|person|agent|someone|somebody|anyone|staff|team|"
                     r"manager|supervisor|operator|representative|rep|support|employee|real|"
                     r"live|man|woman|guy|lady|boss|help\w*|talk|speak|chat|call|phone|"
                     r"contact|connect|transfer|escalate|bot|robot|machine|assistant)\b", re.I)
# "how do I contact you?", "how can I get in touch with customer service?": a question of
# how, naming no person to talk to now
_HOW_CONTACT = re.compile(r"\W*(?:(?:hi|hello|hey|ok|so)\W+)*how (?:can|do|could|should) (?:i|we) "
                          r"(?:best )?(?:contact|reach|get in (?:touch|contact) with|email|"
                          r"e-mail|write to) (?:you(?: guys)?|the (?:shop|store)|your (?:shop|"
                          r"store|support|team)|(?:the )?(?:customer )?(?:service|support))\W*$",
                          re.I)
# "what's in it?", "what was inside?": of the order just spoken of, what it holds
_IN_IT = re.compile(r"\W*what(?:'?s| is| was| were)? (?:in(?:side)? (?:it|there)|inside)\W*$", re.I)
# "what's the status of my return?", "did you receive my return?"
_RETURN_STATUS = re.compile(r"\b(?:status of|update on|news on) (?:my|the|our) return\b|\breturn "
                            r"status\b|\b(?:have|has|did) (?:you|the shop|your warehouse) "
                            r"(?:got|gotten|get|receive[d]?) (?:my|our|the) (?:return|parcel "
                            r"back)\b|\bhas my return (?:arrived|been (?:received|processed))\b",
                            re.I)
# how a return is sent: "return address", "ship the boots back", "send it back"
_SEND_BACK = re.compile(r"\breturns? (?:address|label|slip|form)\b|\b(?:send|ship|post|mail) "
                        r"(?:[\w']+ ){0,3}?back\b(?! ?orders?)|\b(?:send|ship|post|mail) "
                        r"(?:my |the |a )?returns?\b", re.I)
# the shop's basket, before an order is placed
_BASKET = re.compile(r"\b(?:cart|basket|checkout|check out)\b", re.I)
# a tax on the prices
_TAX = re.compile(r"\b(?:vat|taxe?s?|sales tax|mwst)\b", re.I)
# "what currency?", "are the prices in euros?" ("say it another way", "which product?")
_CURRENCY = re.compile(r"\bcurrenc(?:y|ies)\b|\bprices?\b[^?.]*\bin (?:euros?|eur)\b", re.I)
# a policy's own word: an unsure reading of that policy that names it is taken
_TOPIC_WORD = {"return_refund": re.compile(r"\b(?:return|refund|exchange|reimburs|(?:my|the) "
                                           # "how do I get the label?" ("say it another way")
                                           r"money\b|money back\b|labels?\b)", re.I),
               "shipping_info": re.compile(r"\b(?:ship|deliver|postage)", re.I),
               "warranty": re.compile(r"\b(?:warranty|guarantee)", re.I),
               "payment_info": re.compile(r"\b(?:pay|payment)", re.I)}
# "how do I claim it?" after a product's warranty: how a warranty claim is made (its listing
# "does not say how to claim it")
_CLAIM = re.compile(r"\bhow (?:do|can|would|should) (?:i|we) (?:make |file |start |submit )?"
                    r"(?:a )?(?:warranty )?claim\b|\b(?:make|file|start|submit) a (?:warranty )?"
                    r"claim\b", re.I)
_RECEIPT = re.compile(r"\b(?:receipts?|proof of (?:purchase|payment)|invoices?)\b", re.I)
# "what if they're unopened?", "and if I lost the receipt?": a case of the policy spoken of
_WHAT_IF = re.compile(r"\W*(?:(?:and|but|ok(?:ay)?|so)\W+)*(?:what if|and if|even if|"
                      r"what about if)\b", re.I)
# "what can help?", "what do you recommend?": asks for products that meet a need
_WHAT_HELPS = re.compile(r"\bwhat (?:can|could|would|will|might) help\b|\bwhat (?:do|would|can) "
                         r"you (?:recommend|suggest)\b|\b(?:anything|something) (?:that|to) "
                         r"(?:helps?|stops?|prevents?)\b", re.I)
# "what does Torvik make?", "what do you have from Skerra?", "show me Lumaro stuff"
_BRAND_RANGE = re.compile(r"\bwhat (?:does|do) [\w' -]{2,30}? (?:make|sell|do|have|offer)\b|"
                          r"\bwhat (?:do you (?:have|sell|carry|stock)|is there|have you got) "
                          r"(?:from|by)\b|\b(?:products|stuff|things|gear|items|range) "
                          r"(?:from|by)\b", re.I)
# "it's urgent!", "this is really important", "asap please": a person, now
_URGENT = re.compile(r"\W*(?:(?:ok|but|and|please|pls)\W+)*(?:(?:it'?s|it is|this is|that'?s)\s+)?"
                     r"(?:(?:very|really|quite|pretty|super|extremely)\s+)?(?:urgent|an? "
                     r"emergency|important|asap|time[- ]critical)(?:\W+(?:please|pls))?\W*", re.I)
# "I don't know what I need", "help me choose", "I'm going on a trip": a need not yet named
_NEEDS_HELP = re.compile(r"\bi (?:don'?t|do not) know what (?:i (?:need|want)|to (?:get|buy|"
                         r"choose|pick))\b|\bhelp me (?:choos|decid|pick|find)\w*\W*$|"
                         r"\b(?:i'?m|i am|we'?re|we are) (?:going|heading|off) (?:on|for) "
                         r"(?:a |an )?(?:trip|holiday|vacation|adventure|expedition|tour|getaway)"
                         r"\W*$", re.I)
# "when would it arrive?", "how long would it take to get here?": of an order not placed
_ARRIVE = re.compile(r"\b(?:arrives?|gets? (?:here|to me)|be delivered|deliver(?:ed|y)?|reach|"
                     r"take|come)\b", re.I)
# ("when will it arrive if I order now?": an order not placed yet; it asked for its number)
_WOULD = re.compile(r"\b(?:when|how (?:long|soon|fast|quickly))\b[^.?!]{0,30}\bwould\b"
                    r"[^.?!]{0,30}" + _ARRIVE.pattern + r"|\b(?:when|how (?:long|soon|fast|"
                    r"quickly))\b[^.?!]{0,30}" + _ARRIVE.pattern + r"[^.?!]{0,20}\bif (?:i|we) "
                    r"(?:order|buy|place)\b", re.I)
# "how long does it take to come?", "how soon until they arrive?"
_TO_COME = re.compile(r"\bhow (?:long|soon|quickly|fast)\b[^.?!]{0,30}?\b(?:to|until|till|"
                      r"before) (?:it |they )?(?:comes?|arrives?|gets? here|be delivered|"
                      r"reach(?:es)? me)\b", re.I)
# "I ordered it last week", "it was shipped on Monday": an order placed, whatever came before
_BOUGHT = re.compile(r"\b(?:ordered|bought|purchased|placed|paid|sent|shipped|dispatched|"
                     r"received|tracking)\b", re.I)
_PLACED = re.compile(r"\b(?:my|our|the) (?:order|parcel|package|delivery)\b", re.I)
# "can I get it by Friday?", "will it arrive before Christmas?": how long delivery takes
_BY_WHEN = re.compile(
    r"\b(?:get|have|receive|arrive|delivered|deliver|be here|reach me|come)\b[^.?!]{0,40}?"
    r"\b(?:by|before|until|in time for)\s+(?:next\s+|this\s+|the\s+)?(?:(?:mon|tues|wednes|"
    r"thurs|fri|satur|sun)day|tomorrow|weekend|christmas|xmas|easter|next week|\d{1,2}(?:st|nd|"
    r"rd|th)\b)", re.I)
# "I'll take …": a purchase decided ("can I get …?" asks of the product; "I'd like to buy 3
# pairs of …" gets its card, and "how much would that be?" the 3)
# ("I'll go with the Kammweg": its card came back)
_TAKES = re.compile(r"^\W*(?:(?:ok(?:ay)?|great|then|so|hi|hello)\W+)*(?:(?:i'?ll|i will) (?:take|"
                    r"buy|order|go (?:with|for)|have)|(?:i'?d|i would) like to (?:buy|order|get)|"
                    r"i want to (?:buy|order))\b", re.I)
# "can I buy extra pegs?", "could I order spare parts?": a thing to buy, not how to order
_BUY_THING = re.compile(r"\W*(?:(?:and|so|ok|hi|hello)\W+)*(?:can|could|may) (?:i|we) "
                        r"(?:(?:buy|get|order|purchase) (?:(?:some|extra|more|additional) )*"
                        r"(?=(?:some|extra|spare|more|additional|replacement) )|"
                        # "can I buy a footprint separately?" (how to order); not "get a refund"
                        r"(?:buy|purchase) an? )((?:spare |replacement )?[a-z][a-z -]{2,30}?)"
                        r"(?: separately| on its own| here| online| from you)?\W*", re.I)
# "running", "ok what about camping then": an activity alone
_ACTIVITY_ONLY = re.compile(r"\W*(?:(?:ok(?:ay)?|so|and|hmm+|well|right)\W+)*"
                            r"(?:(?:what|how) about\s+)?([a-z]+ing)"
                            r"(?:\s+(?:then|instead|maybe))?\W*", re.I)
_NO_THING = frozenset(("of", "for", "from", "with", "online", "here", "now", "today", "by"))
# "what about the mat?", "and the hammock?": a thing named alone
_THING_AGAIN = re.compile(r"\W*(?:(?:and|so|ok(?:ay)?)\W+)?(?:(?:what|how) about\s+)?"
                          r"(?:the|a|an)\s+([a-z][a-z -]{1,30}?)\W*", re.I)


def read(u: Any, text: str, state: dict, shown: list[dict], *, about_focus: bool,
         asked_items: bool, named_in: Callable[[str], list], history: list[dict]) -> Reading:
    """`u` (core.types.Understanding) read against the conversation: `state` (its last
    intent, focus, search), the products `shown`, whether the message is `about_focus`,
    the catalogue's `named_in` and the recent `history`. The rules run in stages, each on
    what the ones before made of the message; a follow-on carried to a named product and
    a question of the whole range stop the reading there."""
    c = Context(state, shown, about_focus, named_in, history)
    r = Reading(u, text, asked_items)
    for stage in (_people_and_orders, of_the_product, _topics_and_needs, follow_ons,
                  _delivery_and_fit, of_the_list, _buying):
        r = stage(r, c)
        if r.carried or r.range_asked:
            break
    return r


def _people_and_orders(r: Reading, c: Context) -> Reading:
    """Rules for who the customer wants (a person, or what the bot is) and what they ask
    of an order: "what did I buy?", "what's the status of my return?", "how much did I pay?"."""
    u, text, asked_items = r.u, r.text, r.asked_items
    state, shown = c.state, c.shown
    if u.intent == "human_agent" and u.confidence < SURE_PERSON and not _PERSON.search(text):
        # "is there an alternative?" of the boot asked about was handed to a person (0.55):
        # no one was asked for; similar ones, else the clarifying question (then a person)
        u = taken_as(u, "recommendation") if wants_similar(text) and (
            state.get("focus") or shown) else replace(u, intent="out_of_scope")
    if u.intent == "human_agent" and _HOW_CONTACT.match(text):
        # "how do I contact you?" was handed to a person at once (0.67): how to reach the
        # shop is the contact policy, which offers a person too
        u = taken_as(u, "contact_info")
    if u.intent == "human_agent" and _BOT_ASKED.match(text):
        # "is this a real person?", "are you a bot?": what the bot is (it handed over at
        # once, though no one was asked for); its answer offers a person
        u = taken_as(u, "small_talk")
    if (asks_contents(text) or _IN_IT.match(text) and state.get("order_id") and state.get(
            "last_intent") in (*ORDER_INTENTS, "order_change")) and u.intent not in (
            "return_refund", "cancel_order"):
        # "what did I buy?" (out of scope at 0.3 to the classifier), "what's in it?" right
        # after the order's status (which product?): an order question
        u = taken_as(u, "order_status")
        asked_items = True
    if _RETURN_STATUS.search(text) and u.intent in ("return_refund", "order_status") and not \
            reports_defect(text):
        # "what's the status of my return?" (the returns policy's "I can't find the answer
        # to that"): that order's status, asked for its number
        u = taken_as(u, "order_status")
    if (order_answers.TOTAL_ASKED.search(text) or order_answers.SHIPPED_ASKED.search(
            text)) and state.get("order_id") and state.get(
            "last_intent") in ORDER_INTENTS and not u.slots.get("order_id"):
        # "how much did I pay?" right after an order's status: what it came to ("say it
        # another way", or the payment policy); "when did it ship?" (the delivery times)
        u = taken_as(u, "order_status")
    if u.intent in ("contact_info", "shipping_info") and _SEND_BACK.search(text):
        # "what's your return address?" (the postal address), "where should I ship the
        # boots back to?" (the countries shipped to): how a return is sent (the returns
        # policy never says "address": "I can't find the answer to that")
        u, text = taken_as(u, "return_refund"), "how do I send a return?"
    elif u.intent == "place_order" and _SEND_BACK.search(text):
        u = taken_as(u, "return_refund")  # "fine, I'll send it back" (it got how to order)
    if u.intent == "return_refund" and _BASKET.search(text) and not u.slots.get("order_id"):
        # "I left my jacket in the cart, is it still reserved?": the ordering policy (the
        # returns policy whole, after "I can't find the answer to that")
        u = taken_as(u, "place_order")
    if u.intent in PRODUCT_INTENTS and _TAX.search(text) and (not any(
            u.slots.get(k) for k in ("category", "brand")) and len(
            u.slots.get("product_ids") or ()) < 2 or len(c.named_in(text)) == 1):
        # "is VAT included in the price?", "are prices including tax?": the payment policy
        # ("which product do you mean?"); "what's the VAT on the Ridgeline …?", "does that
        # price include VAT?": its price, then the policy (core.turns: it said the listing
        # "does not give its vat on the", or the price alone)
        u = taken_as(u, "payment_info")
    elif _CURRENCY.search(text) and not c.named_in(text) and not u.slots.get("order_id"):
        u = taken_as(u, "payment_info")
    return replace(r, u=u, text=text, asked_items=asked_items)


def _last_topic(state: dict) -> str:
    """The last intent, or "warranty" when the last question asked a product's warranty
    ("what's the warranty on the Starfall UL Tent?", answered from its listing)."""
    last = state.get("last_intent", "")
    asked = str((state.get("asked") or [""])[0])
    return "warranty" if last == "product_question" and _TOPIC_WORD["warranty"].search(
        asked) else last


def _topics_and_needs(r: Reading, c: Context) -> Reading:
    """Rules for which policy or need a message names: "how long does an exchange take?",
    "do you gift wrap?", "my boots give me blisters, what can help?", "it's urgent"."""
    u, text = r.u, r.text
    state, shown, named_in = c.state, c.shown, c.named_in
    if u.confidence < CONFIDENCE_FLOOR and (word := _TOPIC_WORD.get(u.intent)) and \
            word.search(text) and policy_answer.is_question(text):
        # "what's the return window?" (returns at 0.5: "say it another way"): the policy
        # its own word names
        u = taken_as(u, u.intent)
    elif u.intent != "warranty" and _CLAIM.search(text) and not u.slots.get("order_id"):
        # "how do I claim it?" after the tent's warranty (its listing "does not say how to
        # claim it"): the warranty policy's claim
        u, text = taken_as(u, "warranty"), "how do I make a claim?"
    elif (last := _last_topic(state)) in ("warranty", "return_refund") and \
            u.intent != last and _RECEIPT.search(text):
        # "do I need the receipt?" after the warranty or returns (the payment policy, whole)
        u = taken_as(u, last)
    elif u.intent == "warranty" and supposes_defect(text) and not any(
            u.slots.get(k) for k in ("product_ids", "order_id")):
        # "what if the zip breaks?" (warranty at 0.49: "say it another way"), "what happens
        # if my boots fall apart?" ("I can't find the answer"): what it covers, how to claim
        u, text = taken_as(u, "warranty"), "what does the warranty cover and how do I make a claim?"
    elif is_unsure(u) and (word := _TOPIC_WORD.get(last := state.get("last_intent", ""))) and \
            word.search(text) and policy_answer.is_question(text):
        # "when will I get my money?" after the returns answer (out of scope at 0.4): the
        # policy just spoken of, which its word names
        u = taken_as(u, last)
    elif (last := state.get("last_intent", "")) in _TOPIC_WORD and u.intent != last and \
            _WHAT_IF.match(text) and not any(w.search(text) for w in _TOPIC_WORD.values()) \
            and not any(u.slots.get(k) for k in (*NAMED, "order_id")):
        # "what if they're unopened?" after "can I return socks?" (the shipping policy's
        # "I can't find the answer"): a case of the policy just spoken of
        u = taken_as(u, last)
    if ((word := _TOPIC_WORD.get(u.intent)) and not word.search(text) or (
            (u.intent == "product_search" or u.intent == "product_question" and not (
                state.get("focus") or shown)) and policy_answer.is_question(text) and not any(
                u.slots.get(k) for k in NAMED))) and len(
            other := [t for t, w in _TOPIC_WORD.items() if w.search(text)]) == 1:
        # "how long does an exchange take?" (shipping at 0.55: how long delivery takes),
        # "how much does an exchange cost?" (no product mentions "exchange"): the one policy the
        # message names, where it does not name the one read
        u = taken_as(u, other[0])
    if is_unsure(u) and asks_service(text):
        # "do you gift wrap?" (small talk at 0.44: "say it another way"): a question of what
        # the shop offers, which core.turns answers from the policies
        u = taken_as(u, "contact_info")
    if u.intent in ("warranty", "complaint", "return_refund") and _WHAT_HELPS.search(text) and \
            not reports_defect(text) and not u.slots.get("order_id"):
        # "my boots give me blisters, what can help?" (warranty at 0.86: the warranty
        # policy): a need, for products to meet it (a defect is still a claim)
        u = taken_as(u, "recommendation")
    if claims.asked(text) and (is_unsure(u) or u.intent in (
            "contact_info", "small_talk", "out_of_scope") and claims.of_the_shop(text)):
        # "are your products eco friendly?" (0.5: "say it another way"), "where are your
        # products made?" (the contact policy's "I can't find the answer"): a question of
        # the range, which core.range_turns answers from the policies and the listings
        u = taken_as(u, "product_question")
    if u.slots.get("brand") and not u.slots.get("category") and not u.slots.get(
            "product_ids") and _BRAND_RANGE.search(text):
        # "what does Torvik make?" while tees are listed: Torvik's products (it gave the
        # first tee's card)
        u = taken_as(u, "product_search")
    if (n := state.pop("to_buy", None)) and not u.slots.get("quantity") and len(
            F.resolve_refs(shown, u.slots, text)) == 1 and not policy_answer.is_question(text):
        # "the first one" after "which of these 5 would you like 3 of?": 3 of it (the
        # first one's card, and "how much would that be?" next priced one)
        u = replace(taken_as(u, "place_order"), slots={**u.slots, "quantity": n})
    if not u.slots.get("order_id") and not (u.slots.get("product_ids") and named_in(text)) \
            and policy_answer.shipping_to(text):
        # "how long to France?" (out of scope; "… to Norway?" shipping at 0.40, a miss),
        # "how long does it take to Germany?" after tents (the first tent's listing "does
        # not say"), "how long would it take to get to Germany?" of the boot asked about
        # ("say it another way"): the shipping policy's answer
        u = taken_as(u, "shipping_info")
    if (state.get("focus") or shown) and u.intent in (
            "product_search", "recommendation", "product_question") and unsaid.how_many_asked(
            text):
        # "how many poles?" of the tent looked at (a search for trekking poles): of it
        u = replace(taken_as(u, "product_question"), slots={
            k: v for k, v in u.slots.items() if k not in ("category", "kinds")})
    if u.intent == "compare" and u.slots.get("category") and not any(
            p.get("category") == u.slots["category"] for p in shown) and not named_in(text) \
            and len(u.slots.get("kinds") or ()) < 2:
        # "I'm 1.90m tall, which poles?" with no poles shown: poles (no product mentioned
        # the whole sentence); "tents or bivvies, which is lighter?" still compares kinds
        u = taken_as(u, "recommendation")
    if is_unsure(u) and _URGENT.fullmatch(text):
        # "it's urgent" ("say it another way", then a person at the second miss): a person
        u = taken_as(u, "human_agent")
    if (is_unsure(u) or u.intent in ("recommendation", "product_search")) and \
            _NEEDS_HELP.search(text) and not any(u.slots.get(k) for k in NAMED):
        # "I don't know what I need", "I'm going on a trip" (the bot's spiel about itself),
        # "can you help me choose?" (no product mentions it): what it is for, as "what do
        # you recommend?" asks; of a list shown, those side by side (others were suggested)
        u, text = (taken_as(u, "compare"), "compare them") if len(shown) > 1 and re.search(
            r"\bhelp me\b", text, re.I) else (taken_as(u, "recommendation"),
                                              "what do you recommend?")
    if (m := _ACTIVITY_ONLY.fullmatch(text)) and (doing := uses.activity(m[1])) and not (
            state.get("asked_need") or any(u.slots.get(k) for k in NAMED)):
        # "running", "ok what about running then" (the bot's spiel about itself, "say it
        # another way"), "what about running?" after boots (boots, "no listing mentions
        # running"): gear for it
        u, text = taken_as(u, "recommendation"), f"something for {doing}"
    if is_unsure(u) and len({p.get("category") for p in shown}) == 1 and \
            kind_guide.materials_compared(text):
        # "merino or synthetic?" after socks ("say it another way"): the kind's listings
        # of each (core/range_turns)
        u = taken_as(u, "product_question")
    if state.pop("asked_need", False) and is_unsure(u):
        # "running" in answer to "what is it for?": what to suggest products for
        u = taken_as(u, "recommendation")
    return replace(r, u=u, text=text)


def _delivery_and_fit(r: Reading, c: Context) -> Reading:
    """Rules for when a thing would arrive, when it is back in stock and what size fits;
    "what do you sell?" ends the reading."""
    u, text = r.u, r.text
    state, shown, named_in = c.state, c.shown, c.named_in
    if u.intent == "order_status" and not u.slots.get("order_id") and state.get(
            "last_intent") not in ORDER_INTENTS and not _PLACED.search(text) and (
            _WOULD.search(text) or (policy_answer.country_in(text) and _ARRIVE.search(text))
            or state.get("last_intent") in PRODUCT_INTENTS and not state.get("order_id") and
            _ARRIVE.search(text) and not _BOUGHT.search(text)):
        # "when would it arrive in Germany?" after "I'll take it", "when will it arrive in
        # Berlin?" after rain jackets (asked for an order number): no order yet, so how
        # long delivery takes
        u, text = taken_as(u, "shipping_info"), "how long does delivery take, and express?"
    if u.intent in ("product_question", "product_search", "order_status", "small_talk",
                    "out_of_scope") and _TO_COME.search(text) and not u.slots.get("order_id") \
            and not _BOUGHT.search(text) and not _PLACED.search(text) and \
            state.get("last_intent") not in ORDER_INTENTS:
        # "how long does it take to come?" after boots (the first boot's card): how long
        # delivery takes
        u, text = taken_as(u, "shipping_info"), "how long does delivery take, and express?"
    if _BY_WHEN.search(text) and not u.slots.get("order_id") and (u.intent in (
            "place_order", "product_question", "order_status", "small_talk", "out_of_scope")
            or u.intent in ("product_search", "recommendation") and len(named_in(text)) == 1) \
            and state.get("last_intent") not in ORDER_INTENTS:
        # "can I get it by Friday?" of the tent asked about (how to order, with its price),
        # "can I get the Nightjar 2 by next week?" (its card): how long delivery takes; of
        # an order shown, that order's status still answers; "tents I can get by Friday"
        # is still a search. Asked as how long delivery takes: the policy knows no tent
        u, text = taken_as(u, "shipping_info"), "how long does delivery take, and express?"
    if (state.get("focus") or shown or named_in(text)) and F.asks_restock(text) and not \
            u.slots.get("order_id") and (re.search(r"\b(?:stock|available)\b", text, re.I) or
                                         state.get("last_intent") not in ORDER_INTENTS):
        # "when will it be back in stock?" of a product shown (the classifier heard a
        # delivery question and asked for an order number); "notify me when the Firefly
        # 500 Headlamp is back" ("say it another way")
        u = taken_as(u, "product_question")
    if (state.get("focus") or shown) and F.asks_fit(text) and (not u.slots.get(
            "category") or asks_all(text) and u.slots["category"] in {
                p.get("category") for p in shown}):
        # "what size should I get if I'm usually a 41?" of the boot asked about (a
        # search for size 41 in every kind); "I'm 1.85 m, which size?" of the poles
        # shown (a comparison of them); "I have wide feet" of the boots (socks found);
        # "do these boots run small?" of the boots shown ("which one do you mean?")
        u = taken_as(u, "product_question")
    if asks_range(text):
        # "what do you sell?": the catalogue's categories and brands (the turn says them)
        return replace(r, u=u, text=text, range_asked=True)
    return replace(r, u=u, text=text)


def _buying(r: Reading, c: Context) -> Reading:
    """Rules for a purchase decided or a product named: "I'll take 3 Nightjar 2 Dome Tents",
    "can I buy extra pegs?", "show me the Granite XT"."""
    u, text = r.u, r.text
    about_focus, named_in = c.about_focus, c.named_in
    if is_unsure(u) and asks_for_someone(text):
        # "I want to buy a present for my 10 year old" ("say it another way"): what
        # customers order most, and what the person likes
        u = taken_as(u, "recommendation")
    if is_unsure(u) and u.intent in ("product_search", "recommendation", "place_order",
                                     "product_question", "out_of_scope", "small_talk") and \
            len(named_in(text)) == 1:
        # "I'd like the Dormant -5 in red" (a search at 0.49, or how to order), "show me
        # the Granite XT" (out of scope at 0.58: "say it another way"): a product named by
        # its name is what the message is about
        u = taken_as(u, "product_question")
    if u.intent in ("product_search", "recommendation", "product_question") and _TAKES.match(
            text) and not policy_answer.is_question(text) and (len(named_in(text)) == 1 or len(
                u.slots.get("product_ids") or ()) == 1):
        # "I'll take 3 Nightjar 2 Dome Tents" (a search at 0.87: the tent's card): a
        # purchase, what it comes to and how to order
        u = taken_as(u, "place_order")
    elif (m := _THING_AGAIN.fullmatch(text)) and m[1].lower() in (c.state.get("unsold") or ()):
        # "what about the mat?" after "No product in our shop mentions "mat"" (the first
        # sleeping bag's card): that again
        u, text = taken_as(u, "product_search"), m[1]
    elif u.intent == "place_order" and (m := _BUY_THING.fullmatch(text)) and \
            m[1].split()[0].lower() not in _NO_THING and not named_in(text):
        # "can I buy extra pegs?" (how to order: "I can't find the answer to that"): whether
        # the shop sells any, found or said not to be
        u, text = taken_as(u, "product_search"), m[1]
    elif u.intent == "place_order" and u.slots.get("category") and not u.slots.get(
            "product_ids") and not policy_answer.is_question(text) and not named_in(text) and \
            not about_focus and re.search(r"\b(?:an?|some|new)\s+\w", text, re.I):
        # "hi, I'd like to buy a tent" (how to order, at 0.52): a tent to buy, found
        u = taken_as(u, "product_search")
    return replace(r, u=u, text=text)
