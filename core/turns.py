"""What to say for one customer message: understand, act on the shop's data, compose.

Every figure in a reply (names, prices, stock, order status, policy numbers) comes from the
catalogue, the order book or the policies, passed to the prompt files as facts; nothing
here invents one. Conversation state (products shown, misses in a row) lives in the
conversation row, so a restart loses nothing. Routing is here; the rules that read the
classifier's intent against the conversation are in core/in_context.py, what a product
intent does (search, answer about what was shown, suggest) in core/product_turns.py, what
an order or policy question gets in core/service_turns.py.
"""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Callable

from . import facts as F
from . import attribute_answers, in_context, order_answers
from .engine import ComposedText, maybe_await
from .followups import (DEALS, acknowledges, as_asked, asks_all, asks_conversion,
                        asks_order_change, asks_why, emoji_words, has_got, more_results, narrows,
                        never_mind, next_size, no_order_number, on_it, points_at_one, refines,
                        repair, size_step, sorted_as, too_much, wants_similar, with_it, yes_no)
from .language import asked_language, foreign_language
from .model_understander import ORDER_INTENTS, POLICY_TOPICS, PRODUCT_INTENTS
from .policy_answer import is_question
from .product_names import codes_named
from .product_turns import ProductTurns
from .reading import ANOTHER, CONFIDENCE_FLOOR, FOLLOW_ON, OPENING, is_unsure, taken_as
from .reading_follow_ons import POINTS_BACK
from .shown_turns import show
from .service_turns import (HUMAN_BUTTON, SORRY, SWAP_ASKED, WARRANTY_ASKED, ServiceTurns,
                            fits_badly, late_delivery, not_received, only_a_number, order_problem,
                            reports_defect, swaps_purchase)
from .services import asks_service, policy_of
from .slots import extract_order_ids
from .superlatives import of_the_pair
from .types import Incoming, Reply
from .typos import tidy

log = logging.getLogger(__name__)

MAX_CHARS = 4000          # longer messages are stored whole, but not parsed
SURE_COMPLAINT = 0.8      # a complaint this sure is one, though it also says what went wrong
# notes after a list that a person can help with: a size of another system, which no
# listing converts
WITH_A_PERSON = frozenset({"size_system"})
SURE_ALSO = 0.9           # a second question in a message is answered when this sure of it
# where a message's second question starts: after a question mark or a full stop, or at
# "and/also/plus" before a question word ("… under 150 and how long is delivery?")
SECOND_QUESTION = re.compile(
    r"(?<=[?.!])\s+|,?\s+\b(?:and|also|plus|oh and)\s+(?=(?:how|what|when|where|which|do|does|"
    r"can|could|is|are|will|would)\b)", re.I)
# "for trails", "and for winter?" after a search: what the same kind of product is for
FOR_MORE = re.compile(r"\s*(?:and |but |ok |okay |maybe |what about |how about )?for\b"
                      r"(?!\s+(?:me|you|it|now|that|this)\b)", re.I)
# a need said of what is searched for: "and they should be waterproof", "it must have a hood"
REQUIRES = re.compile(OPENING + r"(?:but |also )?(?:they|it|the \w+|both|all of them)(?:'d| "
                      r"would)? (?:should|must|need to|needs to|has to|have to|ought to) "
                      r"(?:also )?(?:be|have|fit|come)\b", re.I)
# "I run marathons", "we mostly hike in the Alps" after a search: what the things are for,
# which narrows it ("say it another way", twice, then a person)
I_DO = re.compile(OPENING + r"(?:i|we)(?:'m| am| are)? (?:\w+ly |mostly |mainly |also |often )?"
                  r"(?:run|running|hike|hiking|walk|walking|trek|trekking|camp|camping|climb|"
                  r"climbing|cycle|cycling|ski|skiing|go (?:running|hiking|camping|climbing))\b",
                  re.I)
# "only jackets", "just the tents": a kind within the search before
_ONLY_KIND = re.compile(OPENING + r"(?:only|just)\s+(?:the\s+)?[a-z][a-z -]{2,30}?(?:\s+please)?"
                        r"\W*$", re.I)
# the talk of products, where "too heavy" is of the one looked at (not of a purchase)
PRODUCT_TALK = ("product_search", "recommendation", "product_question", "compare")
# emoji that acknowledge or thank ("👍", "🙏", "❤️")
ACK = re.compile("[👍👌🙏❤♥💚💙😊🙂😀😃😄😁🥰😍🤩💯✅🙌👏]")
# The recent turns of the conversation being handled. A ContextVar, not an attribute: one
# TurnLogic serves many conversations concurrently, each in its own task.
_HISTORY: ContextVar[list[dict]] = ContextVar("history", default=[])
# the name the platform gives the customer ("" when none): {customer_name} in prompt files
_CUSTOMER: ContextVar[str] = ContextVar("customer", default="")


# a forecast asked for
_WEATHER = re.compile(r"\b(?:what|how)(?:'s| is| will| does)? the weather\b|"
                      r"\bweather (?:be )?like\b|\bforecast\b|"
                      r"\bwill it (?:be )?(?:rain|snow|freez)\w*|"
                      r"\b(?:what|which) temperature will it be\b|\bhow (?:cold|warm|hot) will "
                      r"it (?:be|get)\b", re.I)
# "never mind, I figured it out", "no need anymore": the person asked for is not needed
_WITHDRAWS = re.compile(
    r"\W*(?:(?:oh|ok(?:ay)?|ah|actually|no|nah|sorry|thanks|thank you|hey)\W+)*(?:never ?mind|"
    r"nvm|forget (?:it|about it)|no need(?: any ?more)?|(?:i|we) (?:don'?t|do not) need "
    r"(?:a person|anyone|someone|(?:a |any )?help|them|a human|an agent)(?: any ?more)?|"
    r"(?:i|we)(?:'ve| have)? "
    r"(?:figured|sorted|worked) it out|(?:i|we)(?:'ve| have)? (?:found|solved|fixed|sorted) it|"
    r"cancel (?:the|my) request|(?:it'?s|all) (?:sorted|good now|fine now|solved))\b", re.I)
# thanks in the languages of the shop's countries, alone ("danke!", "merci beaucoup")
_THANKS_ABROAD = re.compile(r"\W*(?:danke(?: schön| sehr)?|vielen dank|merci(?: beaucoup)?|"
                            r"(?:hartelijk )?bedankt|dank je(?: wel)?|dank u(?: wel)?|"
                            r"gracias|muchas gracias|grazie(?: mille)?|obrigad[oa])\W*", re.I)
# "I want a refund", "can I get my money back?": of the order just spoken of (not "what's
# your refund policy?")
_MY_REFUND = re.compile(r"\b(?:i(?:'d| would)? (?:want|need|like)|can i (?:get|have)|give me|"
                        r"get)\b.*\b(?:(?:a|my|full) refund|(?:my )?money back)\b", re.I)
# an email address or a name given to find an order by
_IDENTIFIES = re.compile(r"[\w.+-]+@[\w-]+\.\w|\bmy (?:e-?mail|name)\b|\b(?:i'?m|i am|it'?s|"
                         r"under|name is) [A-Z][a-z]+ [A-Z][a-z]+\b")


def _other_size(state: dict, step: int) -> str:
    """The question "one size bigger?" asks: of the product in focus, or of each shown,
    whether it comes in the size `step` from the last one said; with none said, its sizes."""
    said = (state.get("asked") or ["", {}])[1].get("size") or (state.get("search") or {}).get(
        "filters", {}).get("size")
    base, stepped, last = state.get("size_step") or (None, None, 0)
    if said and str(said) == stepped and step != last:
        # "and a size down?" after "one size bigger?" of 44: 43, a step from the size the
        # customer said, not from the 45 the bot asked of (it said 44 again); "one more
        # size up?" steps on from 45
        said = base
    other = next_size(str(said), step) if said else None
    state["size_step"] = (str(said), other, step) if other else None
    if state.get("focus"):
        return f"does it come in size {other}?" if other else "what sizes does it come in?"
    return f"which ones come in size {other}?" if other else "what sizes do they come in?"


@dataclass
class TurnLogic(ProductTurns, ServiceTurns):
    understander: Any
    search: Any
    catalog: Any
    orders: Any
    policies: Any
    composer: Any
    escalation: Any
    shop_name: str = "the shop"
    recommender: Any = None  # core.retrieval.Recommender when dense vectors are available
    embedder: Any = None  # core.embeddings.Embedder: picks the policy sentences that answer
    today: Callable[[], date] = date.today  # the shop's day: tells an order that is late

    # -- the seam the engine calls ------------------------------------------------------
    async def run(self, conv: dict, inc: Incoming) -> list[tuple[Reply, dict]]:
        store = self.catalog.store
        msg_id = store.log_in(conv, inc)
        state = conv["state"]
        if await maybe_await(self.escalation.intercept(conv, inc)):
            return []  # a human owns this conversation: the bot stays silent
        _HISTORY.set(store.recent(conv["id"], 8))
        _CUSTOMER.set(inc.user_name or "")
        replies, intent, confidence = await self._dispatch(conv, state, inc)
        # a reply that offers a person makes the customer's next bare "yes" mean "hand me over"
        state["offered_human"] = any(HUMAN_BUTTON in r.buttons for r, _ in replies)
        store.set_intent(msg_id, intent, confidence)
        store.save_state(conv["id"], state)
        if inc.kind == "command" and inc.text.split()[0].lower() == "/reset":
            store.close_conversation(conv["id"])
        return [(r, {"intent": intent, "prompt_version": c.prompt_version,
                     "reply_source": c.source}) for r, c in replies]

    def apology(self) -> tuple[Reply, dict]:
        return (Reply("Sorry, something went wrong on my side. Please try again in a moment.",
                      kind="error"), {"intent": "error"})

    # -- routing --------------------------------------------------------------------------
    async def _dispatch(self, conv: dict, state: dict, inc: Incoming):
        # "what did I order?" asked now, or before the number (then only the very next turn
        # answers it, whatever kind of turn that is)
        view = state.pop("order_view", None)
        asked_items = view == "items"
        # "my order hasn't arrived yet", then its number: that the delivered order did not
        # come (its status said "delivered", no more)
        said_missing = view == "not_received"
        if inc.kind == "unsupported":
            return [await self.say("unsupported_message")], "unsupported", 1.0
        if inc.kind == "command":
            return await self._command(conv, state, inc)
        if inc.kind == "button":
            return await self._button(conv, state, inc)
        text = inc.text.strip()
        if not text:
            return [await self.say("empty_message")], "empty", 1.0
        if len(text) > MAX_CHARS:
            return [await self.say("long_message", limit=f"{MAX_CHARS:,}")], "too_long", 1.0
        # "🥾", "need 🥾 size 44": hiking boots (small talk, or a search without them)
        text = emoji_words(text, getattr(self.catalog, "current_vocabulary", dict))
        text = codes_named(text, self.catalog.get)  # "is P1233 in stock?" (no order P-1233)
        if not re.search(r"[^\W_]", text):  # emoji, punctuation only
            if ACK.search(text):  # "👍" after an answer: the bot's spiel about itself was no reply
                return [await self.say("thanks")], "thanks", 1.0
            if re.search(r"[?？🤔❓]", text):  # "???": puzzled; not a miss, nothing was asked
                return [await self.say("clarify", text=text)], "clarify", 1.0
            return [await self.say("small_talk", text=text)], "small_talk", 1.0
        if _WEATHER.search(text) and not re.search(r"\b(?:it|they|this|that|the \w+) (?:keeps?|"
                                                   r"stays?|is|are)\b", text, re.I):
            # "will it rain tomorrow?", "what temperature will it be in Norway?": "say it
            # another way", twice, then a person; of a product ("does it keep the rain out?")
            # it is still a question of it
            return [await self.say("weather")], "small_talk", 1.0
        if _THANKS_ABROAD.fullmatch(text):  # "danke" got the greeting (too short to tell
            return [await self.say("thanks")], "thanks", 1.0  # the language by)
        if _WITHDRAWS.match(text) and (ticket := getattr(
                self.escalation, "open_for", lambda _: None)(conv["id"])) and \
                ticket.state == "waiting":
            # "never mind, I figured it out" while a person is yet to answer: the request
            # withdrawn and the desk told (it said a person would answer, and the ticket
            # stayed open for someone to claim)
            await maybe_await(self.escalation.withdraw(ticket.id))
            state["misses"] = 0
            return [await self.say("handoff_withdrawn")], "handoff_withdrawn", 1.0
        if state.get("offered_human") and (answer := yes_no(text)) is not None:
            # "yes" to "press Talk to a human" on a platform without buttons, or typed anyway
            if answer:
                return [await self.escalate(conv, inc, "human_agent")], "human_agent", 1.0
            return [await self.say("human_declined")], "human_declined", 1.0
        asked_order = state.pop("asked_order", False)
        if asked_order and yes_no(text):
            # "yes" to "what's your order number?" (small talk before): the number, please
            return [await self.order(state.get("last_intent"), None, state)], \
                state.get("last_intent") or "order_status", 1.0
        if asked_order and no_order_number(text) and not re.search(r"\d{4,}", text):
            # "I don't have the number" (a clarifying question before), "it's under
            # anna@example.com" (the contact policy): where it is, else a person
            state["no_number"] = True
            return [await self.say("order_no_number", buttons=(HUMAN_BUTTON,))], \
                state.get("last_intent") or "order_status", 1.0
        if state.pop("no_number", False) and _IDENTIFIES.search(text) and not re.search(
                r"\d{4,}", text):
            # "my email is anna@example.com" right after "our team can find your order by
            # your name or email address" (the contact policy's "I can't find the answer"):
            # the person who can
            return [await self.escalate(conv, inc, "human_agent")], "human_agent", 1.0
        if acknowledges(text):  # "ok fine" after "it can no longer be cancelled": the spiel
            return [await self.say("acknowledged")], "small_talk", 1.0
        if never_mind(text):  # "actually never mind": it got the bot's introduction of itself
            state["misses"] = 0
            return [await self.say("human_declined")], "small_talk", 1.0
        if asks_why(text) and state.get("last_intent"):
            # "why not?" after "it can no longer be cancelled" (the bot's spiel before)
            return [await self.why(state)], "why", 1.0
        shown = [p for p in (self.catalog.get(i) for i in state.get("shown", [])) if p]
        ordered = self._order_items(state)  # read once: both checks below ask of them
        if meant := self._of_the_order(state, text, shown, ordered):
            # "is the tent in it waterproof?" after the order's status: that tent (a search
            # of every tent answered it); "the tee, what's it made of?" next: the tee of it
            show(state, meant)
            if len(meant) == 1:
                state["focus"] = meant[0]["id"]
            shown = meant
        corrector = getattr(self.search, "corrector", None)  # "wich one is waterprof?"
        said, text = text, tidy(text, corrector() if corrector else None)
        if state.get("focus") or shown:  # "has it got a porch?" (it asked for an order number)
            text = on_it(has_got(text))  # "can I get notifications on it?": does it show them
        # "do any of them have pit zips?" (a search for the words: zip-off trousers), "do you
        # have a footprint for it?" (the tent's card): asked of each one shown, or a search
        text, taken = as_asked(text, shown)
        if taken == "product_search" and (owner := self.catalog.get(
                state.get("focus") or "") or (shown[0] if len(shown) == 1 else None)) and (
                none := self.no_accessory(text, owner)):
            # "do you have a liner for it?" of a sleeping bag listed liner socks
            state["misses"] = 0
            return [await self.say("product_pick", product="", question=said, answer=none)], \
                "product_search", 1.0
        if state.get("focus") and (has := with_it(text)):
            text, taken = has, "product_question"  # "with a hood?" of the jacket asked about
        # "it's too big" of the jacket of order 10004 being returned: of that purchase
        bought = bool(state.get("focus")) and state["focus"] in {p["id"] for p in ordered}
        if (state.get("focus") or shown) and state.get("last_intent") in PRODUCT_TALK and (
                instead := too_much(text)) and not bought:
            # "too heavy" of the tent looked at: lighter ones ("say it another way", then a
            # person); of a purchase it is an exchange (see fits_badly)
            text, taken = instead, "product_search"
        elif (state.get("focus") or shown) and state.get("last_intent") in PRODUCT_TALK and (
                step := size_step(text)) and not bought:
            # "one size bigger?" of boots in 44: whether it comes in 45, or which of them do
            # (it ranked them by litres); with no size said, the sizes they come in
            text, taken = _other_size(state, step), "product_question"
        if state.get("size_system") and asks_conversion(text):
            # "what's that in EU?" after "I'm a size 10 US": no listing converts it (the
            # first shoe's card came back, as if it answered)
            return [await self.say("size_system", **state["size_system"],
                                   buttons=(HUMAN_BUTTON,))], "product_question", 1.0
        if keeps_search := bool(state.get("search") and (order := sorted_as(text))):
            text = order  # "sort by price": "cheapest first" ("say it another way", twice)
        if named := of_the_pair(text, [p for p in shown if p["id"] in state.get("pair", ())]):
            text = named  # "I'll take the cheaper one" of the two compared: it, by name
        u = self.understander.understand(text, {"shown": shown, "history": _HISTORY.get(),
                                                "last_intent": state.get("last_intent"),
                                                "names": [p["name"] for p in
                                                          self.catalog.named_in(text)]})
        if taken:
            u = taken_as(u, taken)
        if stock := await self.stock_of_range(state, text, u.slots):
            state["last_intent"] = "product_question"
            return [stock], "product_question", u.confidence
        if (fault := order_problem(text) or self.undelivered(
                state, text, str(u.slots.get("order_id") or ""), said_missing)) and (
                reply := await self.escalate(conv, inc, "complaint", fault)):
            # "my parcel arrived damaged", "I was charged twice": sorry, and a person (it got
            # a policy and "I can't find the answer to that"); handed over only where
            # complaints are
            state["misses"] = 0
            state["last_intent"] = "complaint"
            if u.slots.get("order_id"):  # "it's been 2 weeks" next is of it (see above)
                state["order_id"] = str(u.slots["order_id"])
            return [reply], "complaint", u.confidence
        if not u.slots.get("order_id") and not_received(text):
            state["order_view"] = "not_received"  # the number, when it comes, is of this
        if u.intent not in ("human_agent", "return_refund") and not (
                u.intent == "complaint" and u.confidence >= SURE_COMPLAINT) and fits_badly(
                text, bought or state.get("last_intent") in ORDER_INTENTS or not (
                    state.get("focus") or shown)):
            # "the boots I bought are too small" (a complaint at 0.50-0.52, so a person at
            # once or "say it another way"), "it doesn't fit" after a return was asked
            # about: an exchange ("say it another way", or "which product do you mean?").
            # A sure complaint ("… and nobody answers my emails", 1.0) still goes to a person.
            u = taken_as(u, "return_refund")
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
        if asks_order_change(text, bool(state.get("last_intent") in ORDER_INTENTS and state.get(
                "order_id"))) and u.intent not in ("human_agent", "complaint"):
            # "can I change the delivery address for order 10042?" (the shipping policy's "I
            # can't find the answer to that", or how to order); "can I add something to it?"
            # of the order shown
            order_id = u.slots.get("order_id") or (
                state.get("order_id") if state.get("last_intent") in ORDER_INTENTS else None)
            state["misses"] = 0
            state["last_intent"] = "order_status"
            return [await self.order_change(order_id, state, text, u.slots)], "order_change", \
                u.confidence
        if (state.get("variant") or state.get("last_intent") == "product_question" and
                FOLLOW_ON.match(text)) and state.get("focus") and not u.slots.get("size") and (
                size := _bare_size(text, getattr(self.catalog, "current_vocabulary", dict)()
                                   .get("size", ()))):
            # "is 38 in stock?", "and 44?" right after the shoe's sizes were asked: that
            # shoe in that size (a list of shoes in 38, and "you might also like"); "what
            # about 43?" after questions about it (its card, no answer)
            u = replace(u, slots={**u.slots, "size": size})
        if state.get("last_intent") in ("product_search", "recommendation") and re.fullmatch(
                r"\d+(?:\.5)?", str((state.get("search") or {}).get("filters", {}).get("size"))) \
                and not any(u.slots.get(k) for k in ("size", "min_price", "max_price")) and (
                size := _bare_size(text, getattr(self.catalog, "current_vocabulary", dict)()
                                   .get("size", ()))):
            # "what about 45" after hiking boots in size 44 (a clarifying question at 0.4;
            # "how about 46?" then went to a person): the boots in size 45
            u = replace(taken_as(u, "product_search"), slots={**u.slots, "size": size})
        # "do you have it in black?" after "which one is the lightest?": about that one
        about_focus = bool(state.get("focus")) and (
            points_at_one(text) or _variant_again(state, text, u.slots))
        if state.get("search") and state.get("shown") and more_results(text) and state.get(
                "last_intent") in ("product_search", "recommendation", "product_question",
                                   "compare"):
            # "show me more", "any others?" (small talk or unsure to the classifier): the
            # next products of the same search; a search for the words found the same ones
            state["misses"] = 0
            state["last_intent"] = "product_search"
            return [await self.more_products(state)], "product_search", u.confidence
        if (last := state.get("search") or {}).get("filters", {}).keys() & {
                "min_price", "max_price"} and ANY_PRICE.search(text):
            # "and without the price limit?" after tents under 400: the same tents at any
            # price (it gave the price of the one shown; "forget the budget" sorted by
            # cheapest first)
            last["filters"] = {k: v for k, v in last["filters"].items()
                               if k not in ("min_price", "max_price")}
            state["misses"] = 0
            state["last_intent"] = "product_search"
            return await self._noted(state, await self.products(
                state, "", {}, refine=True)), "product_search", u.confidence
        if state.get("search") and u.slots.get("category") and _ONLY_KIND.match(text) and any(
                k != "category" for k in state["search"].get("filters") or {}):
            # "only jackets" after Torvik's products: Torvik's jackets (all jackets before),
            # the search kept as a sort is
            keeps_search = True
        if keeps_search or state.get("search") and refines(text, u.slots) and not about_focus and (
                # "any alternative that is waterproof?" of the boot asked about: like it
                not (state.get("focus") and wants_similar(text))) and (
                u.intent in ("product_search", "out_of_scope", "small_talk", "compare")
                or u.confidence < CONFIDENCE_FLOOR
                or (u.intent == "place_order" and ANOTHER.match(text))  # "one for 2"
                or (u.intent == "product_question" and (narrows(text) or (
                    len(shown) > 1 and not points_at_one(text) and (
                        not asks_all(text) or u.slots.get("color") or u.slots.get("size")))))):
            # "what about red ones?" after a search: narrow it (the classifier alone
            # sees a colour and little else, and is rightly unsure; "which ones are for
            # women?" it calls a comparison; "and in green?" of four tents it calls a
            # question, which was answered about the first one, and so was "do they come
            # in red?"; "are they in stock?", "are they waterproof?" stay questions)
            state["misses"] = 0
            state["last_intent"] = "product_search"
            return await self._noted(state, await self.products(
                state, text, u.slots, refine=True)), \
                "product_search", u.confidence
        if state.get("search") and not about_focus and (REQUIRES.match(text) or (
                I_DO.match(text) and is_unsure(u) and not state.get("asked_need") and state.get(
                    "last_intent") in ("product_search", "recommendation"))) and not (
                u.slots.get("category") or u.slots.get("brand")):
            # "and they should be waterproof" after hiking boots: waterproof ones (it listed
            # whether each one shown is)
            state["misses"] = 0
            state["last_intent"] = "product_search"
            return await self._noted(state, await self.products(
                state, text, u.slots, narrow=True)), "product_search", u.confidence
        if state.get("search") and state.get("last_intent") == "product_search" and \
                FOR_MORE.match(text) and u.intent in ("product_search", "recommendation") and \
                not (u.slots.get("category") or u.slots.get("brand")):
            # "for trails" after running shoes: trail running shoes, where the words alone
            # found trail runners and trekking poles; the search's words say what it is for
            text = f"{state['search']['query']} {text.strip()}"
            u = replace(u, slots=self.understander.understand(text, {"shown": shown}).slots)
        r = in_context.read(u, text, state, shown, about_focus=about_focus,
                            asked_items=asked_items, named_in=self.catalog.named_in,
                            history=_HISTORY.get())
        u, text, asked_items = r.u, r.text, r.asked_items
        if r.carried:  # "what about the Col Mid Hiker?" as "does it come in size 47?"
            u = replace(u, slots=self.understander.understand(text, {"shown": shown}).slots)
        if r.range_asked:
            # "what do you sell?" (a clarifying question, the bot's spiel, or a search for
            # the words "what kind of products"): the catalogue's categories and brands
            state["misses"] = 0
            state["last_intent"] = "product_search"
            vocabulary = getattr(self.catalog, "current_vocabulary", dict)()
            return [await self.say("what_we_sell", categories=_some(vocabulary.get("category")),
                                   brands=_some(vocabulary.get("brand")))], \
                "product_search", u.confidence
        if (u.intent in ("greeting", "small_talk", "out_of_scope") or is_unsure(u) or (
                u.intent == "order_status" and not u.slots.get("order_id") and state.get(
                    "last_intent") == "complaint" and state.get("order_id")) or (
                reports_defect(text) and not is_question(text))) and (
                ticket := getattr(self.escalation, "open_for", lambda _: None)(conv["id"])) \
                and ticket.state == "waiting":
            # "hello?", "are you there?" while a person is yet to answer: that one will (the
            # bot introduced itself again, as if nothing had been handed over); "it's been 2
            # weeks" of the order handed over (it asked for its number again); "the tent has
            # a hole" after a damaged order was handed over: for that person (the warranty
            # policy came back)
            return [await self.say("handoff_waiting")], "handoff_waiting", u.confidence
        missed = u.intent == "small_talk" and repair(text)  # "that's not what I asked"
        unsure = is_unsure(u)
        if u.intent in ("small_talk", "out_of_scope") and (
                language := asked_language(said)):
            # "do you speak German?" (the bot's spiel about itself): no, and a person
            return ([await self.say("language_asked", language=language,
                                    buttons=(HUMAN_BUTTON,))], "other_language", u.confidence)
        if unsure and (language := foreign_language(said)):
            # "Haben Sie Wanderschuhe in Größe 44?": say at once that the bot speaks English
            # and offer a person, rather than "say it another way" twice
            return ([await self.say("other_language", language=language,
                                    buttons=(HUMAN_BUTTON,))], "other_language", u.confidence)
        if u.intent == "out_of_scope" or u.confidence < CONFIDENCE_FLOOR or missed:
            state["misses"] = state.get("misses", 0) + 1
            if state["misses"] >= (getattr(self.escalation, "after_misses", 0) or 10**9):
                state["misses"] = 0  # handoff trigger: not understood N times in a row
                return ([await self.escalate(conv, inc, "not_understood")], u.intent,
                        u.confidence)
            if state["misses"] == 1:
                return [await self.say("clarify", text=text)], u.intent, u.confidence
            return ([await self.say("out_of_scope", text=text, buttons=(HUMAN_BUTTON,))],
                    u.intent, u.confidence)
        state["misses"] = 0
        intent = u.intent
        if about_focus and intent == "product_search" and refines(text, u.slots):
            intent = "product_question"  # a filter word and "it": a question, not a search
        slots = u.slots
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
        asked = self._questions(text, intent, slots)
        if asked:  # "tents. can I pay with klarna?": the tents, then how to pay
            intent, text, slots = asked[0]
        state["last_intent"] = intent
        replies = await self._act(conv, state, inc, intent, slots, text, shown, asked_items)
        for topic, clause, said in asked[1:]:
            if topic in POLICY_TOPICS and not said.get("order_id"):
                # "boots in size 44 under 150 and how long is delivery to germany?": the
                # boots, then the delivery times (the second question went unanswered)
                replies.append(await self.policy(POLICY_TOPICS[topic], clause))
            else:
                # "where's my order 10003 and do you sell tents?": the order, then the
                # tents (they went unanswered); the talk is of the tents next
                state["last_intent"] = intent = topic
                replies.extend(await self._act(conv, state, inc, topic, said, clause, shown))
        return replies, intent, u.confidence

    def _questions(self, text: str, intent: str, slots: dict) -> list[tuple[str, str, dict]]:
        """(intent, clause, slots) for each request of a message that asks two or more
        (SECOND_QUESTION), the classifier sure of each (SURE_ALSO) and each of another
        intent: an order's status first, then a product request (there is at most one of
        each), then policy questions in the order asked; [] for a message of one request, or of requests it cannot tell
        apart (the message is then one request of `intent`)."""
        clauses = [c.strip(" ,") for c in SECOND_QUESTION.split(text)]
        if len(clauses) < 2 or not (intent in PRODUCT_INTENTS or intent in POLICY_TOPICS
                                    or intent == "order_status"):
            return []
        read = [(c, self.understander.understand(c, {"shown": [], "history": []}))
                for c in clauses if len(c.split()) >= 3]
        sure = [(u.intent, c, u.slots) for c, u in read if u.confidence >= SURE_ALSO]
        kinds = [i for i, _, _ in sure]
        products = [q for q in sure if q[0] in PRODUCT_INTENTS]
        orders = [q for q in sure if q[0] == "order_status" and q[2].get("order_id")]
        if products and not any(products[0][2].get(k) for k in (
                "category", "product_ids", "brand", "needs")) and POINTS_BACK.search(
                products[0][1]) and len(products) < len(sure):
            # "how much is shipping to austria and how long does it take?": "it" is the
            # shipping ("which product do you mean?" came first)
            return []
        if len(sure) < 2 or len(set(kinds)) < len(kinds) or len(products) > 1 or any(
                i not in POLICY_TOPICS and i not in PRODUCT_INTENTS and i != "order_status"
                for i in kinds) or ("order_status" in kinds and not orders):
            return []
        if intent not in kinds:
            # the turn's rules read the message as another request ("what is the warranty on
            # the Stormline 2.5L?" asks of that jacket): the first clause's, then the rest
            rest = sure[1:]
            return [(intent, sure[0][1], slots), *rest] if all(
                q[0] in POLICY_TOPICS for q in rest) else []
        policies = [q for q in sure if q[0] in POLICY_TOPICS]
        if orders:  # "where's my order 10002 and can I still return it?": that order's return
            policies = [(i, c, {**s, "order_id": orders[0][2]["order_id"]}) if i in (
                "return_refund", "warranty") and not s.get("order_id") and POINTS_BACK.search(c)
                else (i, c, s) for i, c, s in policies]
        if products:  # the product request keeps the words the other questions do not use
            rest = text
            for _, clause, _ in (*orders, *policies):
                rest = rest.replace(clause, " ")
            rest = re.sub(r"(?:\s*\b(?:and|also|plus|oh)\b)+\s*$", "", rest.strip(" ,.?!"), flags=re.I)
            products = [(products[0][0], rest or products[0][1], products[0][2])]
        # the order asked about first, then a product request, then policy questions
        first, *others = [*orders, *products, *policies]
        if first[0] == intent and not orders:
            first = (intent, first[1], slots)  # what the turn's rules made of the message
        return [first, *others]

    async def _act(self, conv, state, inc, intent, slots, text, shown, asked_items=False):
        if intent not in ("return_refund", "warranty", "order_status", "cancel_order"):
            state.pop("claimed", None)  # a return asked about before is no longer the talk
        if intent not in PRODUCT_INTENTS:
            state.pop("claim_asked", None)  # "what about tents?" is of the claim no more
        if intent in ("greeting", "thanks", "goodbye"):
            return [await self.say(intent)]
        if intent == "small_talk":
            return [await self.say("small_talk", text=text)]
        if intent in ("human_agent", "complaint"):
            # "my order is late again": sorry for it, then a person (no word of it before)
            late = "late" if late_delivery(inc.text) else None
            # (None when this trigger is off: the clarifying question, as without a problem)
            return [await self.escalate(conv, inc, intent, late) or await self.say(
                "clarify", text=inc.text)]
        if intent == "return_refund" and slots.get("order_id"):
            return [await self.return_of(slots["order_id"], text, state, slots)]
        if intent == "warranty" and slots.get("order_id"):
            return [await self.warranty_of(slots["order_id"], text, state, slots)]
        if intent == "shipping_info" and (priced := await self.shipping_of(
                state, slots, text, shown)):
            return [priced]  # "is shipping free for the first one?": its price against the bar
        if (intent in ("payment_info", "contact_info", "place_order") or intent ==
                "order_status" and not slots.get("order_id")) and DEALS.search(
                text) and not asks_service(text) and not any(
                DEALS.search(str(p.get("text") or "")) for p in getattr(
                    self.policies, "topics", {}).values()):
            # "is there a discount code?", "when is your next sale?": no policy of the shop
            # says (the payment or contact policy was shown as "I can't find the answer";
            # "any sales on?" asked for an order number); a gift voucher is a service below
            return [await self.say("deals_asked", buttons=(HUMAN_BUTTON,))]
        if not slots.get("order_id") and (service := asks_service(text)):
            # "do you gift wrap?", "do you rent tents?": the policy that mentions it, or
            # the truth that none does (it said "say it another way", or listed tents)
            # (a topic of the shop's own, "gifts:", as well as the six)
            if (topic := policy_of(service[1], getattr(self.policies, "topics", {}))) is None:
                return [await self.say("service_unknown", service=service[0],
                                       buttons=(HUMAN_BUTTON,))]
            return [await self.policy(topic, text)]
        if intent in ("return_refund", "warranty") or intent == "cancel_order" and not (
                slots.get("order_id") or state.get("order_id")):
            # what it names, for the order number that may come next (core.service_turns):
            # the kind, else the kinds ("a pole broke" of a tent: the tent, no trekking poles;
            # "I ordered boots last week but want to cancel", then 10003 of a backpack)
            state["claimed"] = {"text": text, "slots": (
                {"category": slots["category"]} if slots.get("category") else
                {"needs": slots["needs"]} if slots.get("needs") else {})}
        if intent in POLICY_TOPICS:
            lead = self.chosen_to_buy(state, slots, text, shown) if intent == "place_order" \
                else ""  # "I'll take 3 pairs of the second": what that comes to, first
            if intent == "warranty" and not (reports_defect(text) or slots.get("order_id")) and (
                    each := await self.each_started(state, text, slots, shown)):
                return [each]  # "what's the warranty on the Stormhold tent?": each one's
            if intent == "warranty" and reports_defect(text) and len(
                    named := self.catalog.named_in(text)) == 1 and (
                    named[0].get("attributes") or {}).get("warranty_years"):
                # "I bought the Col Mid Hiker last month and the sole is coming off": its
                # own warranty, then how to claim (it was the boot's card)
                lead = attribute_answers.answer(named[0], "what is the warranty?") or ""
            return [await self.policy(POLICY_TOPICS[intent], text, lead)]
        if intent in ("order_status", "cancel_order"):
            items = intent == "order_status" and asked_items
            if intent == "order_status" and len(ids := extract_order_ids(text)) > 1:
                # "I have two orders, 10042 and 10057": each one (the first alone, before)
                return [await self.order(intent, i, state, items=items) for i in ids]
            return [await self.order(intent, slots.get("order_id") or state.get("order_id"),
                                     state, items=items, text=text)]
        reply = await self.product_turn(conv, state, intent, slots, text, shown)
        replies = await self._noted(state, reply)
        if DEALS.search(text) and reply[0].cards:
            # "any tents on sale?": the tents, and the truth that the shop's data knows no
            # sale prices or codes (the list alone read as "these are on sale")
            replies.append(await self.say("deals_unknown", buttons=(HUMAN_BUTTON,)))
        return replies

    async def _noted(self, state, reply) -> list:
        """A list, then what it could not meet: "a red tent and a sleeping bag" shows the
        bags and the nearest tents, and says that none of the tents is red (the tents were
        dropped without a word); "cookware for 2 people" says no cook set lists that."""
        return [reply, *[await self.say(kind, **facts, buttons=(
            (HUMAN_BUTTON,) if kind in WITH_A_PERSON else ())) for kind, facts in state.pop(
                "notes", [])]]

    async def _command(self, conv, state, inc):
        command = inc.text.split()[0].lower().split("@")[0] if inc.text.strip() else "/"
        if command in ("/start", "/help"):
            return [await self.say("help")], "help", 1.0
        if command == "/reset":
            state.clear()
            return [await self.say("reset")], "reset", 1.0
        if command == "/human":
            return [await self.escalate(conv, inc, "human_agent")], "human_agent", 1.0
        return [await self.say("unknown_command", command=command)], "unknown_command", 1.0

    async def _button(self, conv, state, inc):
        action, _, arg = (inc.payload or "").partition(":")
        product = self.catalog.get(arg) if arg else None
        if action == "human":
            return [await self.escalate(conv, inc, "human_agent")], "human_agent", 1.0
        if action == "details" and product:
            state["focus"] = product["id"]
            return ([await self.say("product_answer", cards=(F.card(product),),
                                    **F.answer_facts(product, {}, "details"))],
                    "product_question", 1.0)
        if action == "more" and product:
            return [await self.more_like(state, product["id"])], "recommendation", 1.0
        return [await self.say("unknown_button")], "unknown_button", 1.0

    def _order_items(self, state: dict) -> list[dict]:
        """The items of the order last spoken of, [] when none is."""
        order = self.orders.lookup(state["order_id"]) if state.get("order_id") else None
        return self._items(order) if order else []

    @staticmethod
    def _of_the_order(state: dict, text: str, shown: list[dict], items: list[dict]
                      ) -> list[dict]:
        """The `items` of the order last spoken of that `text` points at, while the talk is
        of that order or of its items; [] otherwise (core/order_answers.items_meant)."""
        about_order = state.get("last_intent") in ORDER_INTENTS
        if not items or not (about_order or shown):
            return []
        if not about_order and not {p["id"] for p in shown} <= {p["id"] for p in items}:
            return []
        return order_answers.items_meant(items, text)

    async def escalate(self, conv, inc, reason, problem: str | None = None):
        """The handoff's reply; with a delivery `problem` (see service_turns.SORRY) it says
        sorry for it first, and is None when complaints are not handed over."""
        before = getattr(self.escalation, "open_for", lambda _: None)(conv["id"])
        ticket = await maybe_await(self.escalation.escalate(conv, inc, reason))
        if ticket is None:  # this trigger is switched off in config (handoff.on_*)
            return None if problem else await self.say("clarify", text=inc.text)
        if before is not None and before.state == "waiting":
            # "can I speak to a manager" after "you're useless" was handed over: that one
            # has it (it said it had passed the conversation on again); a second delivery
            # problem ("and the poles are missing") is sorry for, then the same
            reply, composed = await self.say("handoff_waiting")
            if problem:
                reply = replace(reply, text=f"{SORRY[problem]}\n{reply.text}")
            return reply, composed
        return await self.say("handoff", reason=reason, ticket=ticket,
                              problem=SORRY.get(problem or "", ""))

    async def say(self, kind: str, *, cards=(), buttons=(), ticket=None, **facts):
        composed: ComposedText = await maybe_await(self.composer.compose(
            kind, {"shop_name": self.shop_name, "customer_name": _CUSTOMER.get(), **facts},
            _HISTORY.get()))
        return Reply(composed.text, tuple(cards), tuple(buttons), kind), composed


class TemplateComposer:
    """Replies straight from the prompt files' facts-only templates (no language model)."""

    def __init__(self, prompts: Any, capabilities: str = F.CAPABILITIES):
        self.prompts = prompts
        self.capabilities = capabilities

    def compose(self, kind: str, facts: dict[str, Any], history: list[dict]) -> ComposedText:
        prompt = self.prompts.get(kind)
        text = prompt.render(capabilities=self.capabilities, **facts)
        return ComposedText(text.strip(), prompt.version)


def _some(names: list[str] | None, most: int = 30) -> str:
    """"a, b and c"; past `most` names, the first ones and how many more (a big catalogue's
    every brand is no reply)."""
    names = list(names or [])
    if len(names) > most:
        names = [*names[:most], f"{len(names) - most} more"]
    return F.in_words(names) or "nothing yet"




def _variant_again(state: dict, text: str, slots: dict) -> bool:
    """"And in black?" or "size L?" right after "does it come in blue?", or "size 45" right
    after the one product's card (a search of every kind in 45): that product in another
    colour or size (it was a search for black rain jackets); "and black ones?" still is one."""
    alone = state.get("focus") and state.get("shown") == [state["focus"]]
    return bool((state.get("variant") or alone) and state.get("last_intent") == "product_question"
                and (slots.get("color") or slots.get("size"))
                and not any(slots.get(k) for k in ("category", "brand", "product_ids"))
                and len(text.split()) <= 5 and not re.search(r"\bones\b", text.lower()))


# "without the price limit", "forget the budget", "any price": the last search's price
# bound dropped
ANY_PRICE = re.compile(r"\b(?:without|no|ignore|forget|drop|remove|never ?mind|lift)\b[^.?!]{0,12}?"
                       r"\b(?:price|budget|cost)(?: (?:limit|cap|range|filter|bound))?\b|"
                       r"\bany price\b|\b(?:price|budget|cost) (?:doesn'?t|does not) matter\b|"
                       r"\bmoney is no (?:object|issue)\b", re.I)


def _bare_size(text: str, sizes) -> str | None:
    """The size a short message says without the word ("is 38 in stock?", "and XL?"): a
    number or letter size the catalogue sells; None in a longer message, or of none."""
    words = re.findall(r"[\w.]+(?:['’]\w+)?", text)  # "what's" is no "s": size S
    sold = {str(s).lower(): str(s) for s in sizes}
    said = [sold[w.lower()] for w in words if w.lower() in sold and re.fullmatch(
        r"\d+(?:\.\d)?|x{0,3}[sml]|x{1,3}l", w, re.I)]
    return said[0] if len(words) <= 5 and len(said) == 1 else None
