"""What to say for one customer message: understand, act on the shop's data, compose.

Every figure in a reply (names, prices, stock, order status, policy numbers) comes from the
catalogue, the order book or the policies, passed to the prompt files as facts; nothing
here invents one. Conversation state (products shown, misses in a row) lives in the
conversation row, so a restart loses nothing.

A message is routed through stages in a fixed order (core/turn.py), each of which answers it
or passes it on: what needs no classifier (core/routes_early.py); the message read against
the products shown, then classified (here); an order's faults, claims and changes
(core/routes_orders.py); the last search narrowed or continued (core/routes_searches.py);
the rules that read the intent against the conversation (core/in_context.py); a miss; and
then the intent acted on. What a product intent does is in core/product_turns.py, what an
order or policy question gets in core/service_turns.py.
"""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Callable

from . import facts as F
from . import attribute_answers, in_context, order_answers, warranties
from .customer_name import name_given
from .engine import ComposedText, maybe_await
from .followups import (DEALS, as_asked, asks_conversion, has_got, on_it, only_compares, refines,
                        repair, size_step, sort_said_in, sorted_as, too_much, with_it, worn_size)
from .language import asked_language, foreign_language
from .model_understander import ORDER_INTENTS, POLICY_TOPICS, PRODUCT_INTENTS
from .policy_answer import country_in, is_question, shipping_to
from .product_turns import ProductTurns
from .reading import CONFIDENCE_FLOOR, is_unsure, taken_as
from .reading_follow_ons import POINTS_BACK
from .routes_early import MAX_CHARS, EarlyRoutes
from .routes_orders import OrderRoutes
from .routes_searches import SearchRoutes, other_size
from .shown_turns import show
from .service_turns import HUMAN_BUTTON, SORRY, ServiceTurns, late_delivery, reports_defect
from .services import asks_service, policy_of
from .slots import ORDINALS, Vocabulary, extract_order_ids, extract_size
from .superlatives import of_the_pair
from .turn import Done, Turn
from .types import Incoming, Reply
from .typos import tidy

log = logging.getLogger(__name__)

# notes after a list that a person can help with: a size of another system, which no
# listing converts
WITH_A_PERSON = frozenset({"size_system"})
SURE_ALSO = 0.9           # a second question in a message is answered when this sure of it
# where a message's second question starts: after a question mark or a full stop, or at
# "and/also/plus" before a question word ("… under 150 and how long is delivery?")
SECOND_QUESTION = re.compile(
    r"(?<=[?.!])\s+|,?\s+\b(?:and|also|plus|oh and)\s+(?=(?:how|what|when|where|which|do|does|"
    r"can|could|is|are|will|would)\b)", re.I)
# the talk of products, where "too heavy" is of the one looked at (not of a purchase)
PRODUCT_TALK = ("product_search", "recommendation", "product_question", "compare")
# The recent turns of the conversation being handled. A ContextVar, not an attribute: one
# TurnLogic serves many conversations concurrently, each in its own task.
_HISTORY: ContextVar[list[dict]] = ContextVar("history", default=[])
# the customer's name ("" when none): {customer_name} in prompt files; the one they gave in
# the conversation (core/customer_name.py), else the one the platform gives
_CUSTOMER: ContextVar[str] = ContextVar("customer", default="")


# a word of shipping itself: "any shipping deals?" is the shipping policy's ("do you have a
# warehouse sale?" is no question of shipping, and got its "I can't find the answer")
_SHIP_WORD = re.compile(r"\b(?:ship\w*|deliver\w*|postage|post|courier|express)\b", re.I)
# "how long will it take?", "when will someone answer?": how soon a person comes
_HOW_SOON = re.compile(r"\bhow (?:long|soon|much longer)\b|\bwhen (?:will|do|does|can|is)\b|"
                       r"\bwait(?:ing)? (?:for|so long)\b", re.I)
# "tracking hasn't updated in 5 days", "it's stuck", "no updates since Monday": a parcel
# that does not move
_STUCK = re.compile(r"\b(?:tracking|it|status|parcel|package)\b[^.?!]{0,30}\b(?:has(?:n'?t| not)|"
                    r"did(?:n'?t| not)|does(?:n'?t| not)|not|never) (?:been )?(?:updated?|moved?|"
                    r"changed?)\b|\bstuck\b|\bno (?:tracking )?updates?\b|\bnot moving\b", re.I)
# "it's been 2 weeks", "I want my money back" of a late order: waited long enough
_STILL_WAITING = re.compile(r"\b(?:it'?s been|been waiting|(?:i'?ve|i have|we'?ve) waited|still "
                            r"(?:not|no|nothing|waiting|hasn'?t|haven'?t)|refund|money back)\b",
                            re.I)
# "that's all", "nothing else", "I'm all set": the customer has what they came for
_ALL_DONE = re.compile(r"\b(?:that'?s (?:all|it|everything)(?! for)|that is (?:all|it)|"
                       r"nothing else|(?:i'?m|i am|we'?re|we are) (?:all )?(?:done|set|good)\b"
                       r"(?! (?:with|for))|all set|all good|no more questions)\b", re.I)
# a warranty for ever, which no policy of ours gives
_LIFETIME = re.compile(r"\b(?:life ?time|life-long|lifelong|for life|forever|unlimited)\b", re.I)
# words that open a message and say nothing of it ("ok then, ...", "fine, ...")
_FILLER = re.compile(r"^\W*(?:(?:ok(?:ay)?|fine|alright|all right|well|so|then|right|hmm+|oh)"
                     r"\b\W*)+", re.I)
# a reply that numbers products to pick from: a list, or which of them was meant
_ASKED_PICK = re.compile(r"Which (?:one|two) do you mean\?|Here is what I found|1\. ")
# 1 -> "first", … (the words core/slots reads a position from)
_ORDINALS = {n + 1: word for word, n in ORDINALS.items()
             if word.isalpha() and word not in ("last", "top", "final")}


# "cheaper?", "even lighter?": a comparative alone
_BARE_MORE = re.compile(r"\W*(?:(?:and|or|ok|so|hmm|maybe|but)\W+)*(?:(?:even|a bit|a little|"
                        r"slightly|much|way) )?([a-z]+er)\W*", re.I)
# "and the one before?", "the next one?", "the previous one": beside the one in focus
_BESIDE = re.compile(r"\bthe (?:one (before|after|above|below)(?: (?:it|that|this|that one|"
                     r"this one))?(?! the\b)|(previous|next) one)\b", re.I)


def beside_focus(text: str, shown: list[dict], focus: str | None) -> str:
    """`text` with "the one before" said as the place in the list it is ("the fourth one"
    after the fifth was asked about: it was the fifth one's card again); `text` itself when
    it says no such thing, or the place is past the list's ends."""
    ids = [p["id"] for p in shown]
    if not (m := _BESIDE.search(text)) or focus not in ids:
        return text
    step = -1 if (m[1] or m[2]).lower() in ("before", "above", "previous") else 1
    at = ids.index(focus) + 1 + step
    if not 1 <= at <= len(ids) or at not in _ORDINALS:
        return text
    return f"{text[:m.start()]}the {_ORDINALS[at]} one{text[m.end():]}"


# "show me only those", "just those please": the ones the last answer named
_ONLY_THOSE = re.compile(r"\W*(?:(?:ok|okay|so|then|great)\W+)*(?:(?:show|give|list) (?:me )?)?"
                         r"(?:only|just) (?:those|these|them|those ones|these ones)"
                         r"(?:\s+(?:please|then|ones))?\W*", re.I)


def _named_first(said: str, shown: list[dict]) -> list[dict]:
    """The products of `shown` that the first clause of `said` names ("Of these 5, the
    listings of A and B mention "adjustable"; the other 3 do not."), when some, not all."""
    head = said.split(";")[0].split("\n")[0]
    named = [p for p in shown if p["name"] in head]
    return named if 0 < len(named) < len(shown) else []


def _numbers_picked(text: str, listed: int) -> str | None:
    """"2 and 4", "#3", "1, 2" as "the second and the fourth" of `listed` products; None
    for anything else (or a number past them)."""
    if not re.fullmatch(r"\W*#?\d(?:\s*(?:,|and|&|\+)\s*#?\d)*\W*", text):
        return None
    numbers = [int(n) for n in re.findall(r"\d", text)]
    if not all(1 <= n <= listed and n in _ORDINALS for n in numbers):
        return None
    return " and ".join(f"the {_ORDINALS[n]}" for n in numbers) + (
        " one" if len(numbers) == 1 else "")


# who asks for someone: "can I pick up in person?" names a person but asks for none (it was
# handed over); "can a person help me with gift wrapping?" does
_ASKS_SOMEONE = re.compile(r"\b(?:talk|speak|chat|write)\w* (?:to|with)\b|\b(?:connect|"
                           r"transfer|put) me\b|\b(?:human|agent|operator|representative|"
                           r"staff|someone|somebody|a person)\b", re.I)


@dataclass
class TurnLogic(EarlyRoutes, OrderRoutes, SearchRoutes, ProductTurns, ServiceTurns):
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
        if inc.kind == "text" and len(inc.text) <= MAX_CHARS and (name := name_given(inc.text)):
            state["name"] = name  # "hi, my name is Tom": "Hi Tom!" (it said "Hi!")
        _CUSTOMER.set(state.get("name") or inc.user_name or "")
        if state.get("name") and not inc.user_name:  # the person who takes it over sees it
            inc = replace(inc, user_name=state["name"])
        waiting = getattr(self.escalation, "open_for", lambda _: None)(conv["id"])
        replies, intent, confidence = await self._dispatch(conv, state, inc)
        if waiting is not None and intent != "handoff_withdrawn":
            # "Press "Talk to a human" and our team will look into it." with the button,
            # while a person already had the conversation waiting for them (not once the
            # customer withdrew it: the button is the way back)
            replies = [(with_a_person(r), c) for r, c in replies]
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
    async def _dispatch(self, conv: dict, state: dict, inc: Incoming) -> Done:
        # "what did I order?" asked now, or before the number (then only the very next turn
        # answers it, whatever kind of turn that is); "my order hasn't arrived yet", then
        # its number: that the delivered order did not come (its status said "delivered")
        view = state.pop("order_view", None)
        t = Turn(conv, state, inc, inc.text, asked_items=view == "items",
                 said_missing=view == "not_received")
        for stage in (self._at_once, self._of_the_shown, self._of_orders, self._of_searches,
                      self._in_context, self._not_understood):
            if (done := await stage(t)) is not None:
                return done
        return await self._answer(t)

    async def _of_the_shown(self, t: Turn) -> Done | None:
        """The message read against the products the talk is of (and the order's items),
        then classified."""
        state, text = t.state, t.text
        shown = [p for p in (self.catalog.get(i) for i in state.get("shown", [])) if p]
        ordered = self._order_items(state)  # read once: both checks below ask of them
        if shown and (picked := _numbers_picked(text, len(shown))) and _ASKED_PICK.match(next((
                m["text"] or "" for m in reversed(_HISTORY.get()) if m["direction"] == "out"),
                "")):
            # "2 and 4" after "which two do you mean?", "3" after a list ("say it another
            # way"): those products
            text = picked
        if len(shown) > 1 and _ONLY_THOSE.fullmatch(text) and state.get("search") and (
                those := _named_first(next((m["text"] or "" for m in reversed(_HISTORY.get())
                                            if m["direction"] == "out"), ""), shown)):
            # "show me only those" after "Of these 5, the listings of the Descent Pro … and
            # the Alpen Compact … mention "adjustable"" ("you might also like" four others)
            show(state, those)
            last = state["search"]
            return [await self._results(last.get("query", ""), last.get("filters") or {},
                                        last.get("sort"), those)], "product_search", 1.0
        if meant := self._of_the_order(state, text, shown, ordered):
            # "is the tent in it waterproof?" after the order's status: that tent (a search
            # of every tent answered it); "the tee, what's it made of?" next: the tee of it
            show(state, meant)
            if len(meant) == 1:
                state["focus"] = meant[0]["id"]
            shown = meant
            if len(meant) == 1 and state.get("last_intent") == "return_refund" and (
                    asked := order_answers.item_returned(meant[0], text, [
                        m["text"] or "" for m in _HISTORY.get() if m["direction"] == "in"])):
                # "the boots" after "I ordered the wrong size" and 10042 (five boots of every
                # kind): its sizes and exchanging it
                return [await self.policy("returns", *asked)], "return_refund", 1.0
        elif state.get("last_intent") == "return_refund" and (
                sized := order_answers.sized_item(ordered, text)):
            # "size 44 instead of 43" after the exchange of order 10042: whether its boots
            # come in 44 (it listed every product in size 44)
            show(state, [sized[0]])
            state["focus"], shown, text = sized[0]["id"], [sized[0]], \
                f"is it available in size {sized[1]}?"
        text = beside_focus(text, shown, state.get("focus"))  # "and the one before?"
        if state.get("last_intent") == "product_search" and len(shown) > 1 and (
                m := _BARE_MORE.fullmatch(text)) and only_compares(f"anything {m[1]}"):
            # "cheaper?", "even cheaper?" after a search: more of it that are (it said which
            # of the five shown is cheapest, the list cheapest first already)
            text = f"anything {m[1]}?"
        corrector = getattr(self.search, "corrector", None)  # "wich one is waterprof?"
        said, text = text, tidy(text, corrector() if corrector else None)
        if state.get("focus") or shown:  # "has it got a porch?" (it asked for an order number)
            text = on_it(has_got(text))  # "can I get notifications on it?": does it show them
        text = worn_size(text, self._brands_and_colours)  # "I'm a 43 in Salomon"
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
            text, taken = other_size(state, step), "product_question"
        if asks_conversion(text) and re.match(r"(?:UK|US) ", size := extract_size(
                text, Vocabulary()) or ""):
            # "what's a UK 9 in EU?" ("say it another way"): the same, of the kind in focus
            # or shown, else of the kinds sized in numbers
            kind = (self.catalog.get(state.get("focus") or "") or (shown or [{}])[0]).get(
                "category")
            state["size_system"] = self.size_system(size, kind)
            return [await self.say("size_unconverted", **state["size_system"],
                                   buttons=(HUMAN_BUTTON,))], "product_question", 1.0
        if state.get("size_system") and asks_conversion(text):
            # "what's that in EU?" after "I'm a size 10 US": no listing converts it (the
            # first shoe's card came back, as if it answered)
            return [await self.say("size_system", **state["size_system"],
                                   buttons=(HUMAN_BUTTON,))], "product_question", 1.0
        if keeps_search := bool(state.get("search") and (order := sorted_as(text))):
            text = order  # "sort by price": "cheapest first" ("say it another way", twice)
        elif resorted := sort_said_in(text):
            text = resorted  # "boots in size 44 sorted by price" (it was not sorted)
        if named := of_the_pair(text, [p for p in shown if p["id"] in state.get("pair", ())]):
            text = named  # "I'll take the cheaper one" of the two compared: it, by name
        context = {"shown": shown, "history": _HISTORY.get(),
                   "last_intent": state.get("last_intent"),
                   "names": [p["name"] for p in self.catalog.named_in(text)]}
        u = self.understander.understand(text, context)
        if u.confidence < CONFIDENCE_FLOOR and (rest := _FILLER.sub("", text, count=1)) and \
                rest != text and (again := self.understander.understand(rest, context)) \
                .confidence > u.confidence:
            u = again  # "ok then I'll return it": "say it another way", sure of it without "ok"
        if taken:
            u = taken_as(u, taken)
        if stock := await self.stock_of_range(state, text, u.slots):
            state["last_intent"] = "product_question"
            return [stock], "product_question", u.confidence
        t.text, t.said, t.shown, t.u = text, said, shown, u
        t.bought, t.keeps_search = bought, keeps_search
        return None

    async def _in_context(self, t: Turn) -> Done | None:
        """The classifier's intent read against the conversation (core/in_context.py)."""
        state, text, u, shown = t.state, t.text, t.u, t.shown
        r = in_context.read(u, text, state, shown, about_focus=t.about_focus,
                            asked_items=t.asked_items, named_in=self.catalog.named_in,
                            history=_HISTORY.get())
        u, text, asked_items = r.u, r.text, r.asked_items
        if r.carried:  # "what about the Col Mid Hiker?" as "does it come in size 47?"
            # (the names said, as for the message: "the Starfall 2 Tent" is no 2 of it)
            u = replace(u, slots=self.understander.understand(text, {"shown": shown, "names": [
                p["name"] for p in self.catalog.named_in(text)]}).slots)
        if r.range_asked:
            # "what do you sell?" (a clarifying question, the bot's spiel, or a search for
            # the words "what kind of products"): the catalogue's categories and brands
            state["misses"] = 0
            state["last_intent"] = "product_search"
            vocabulary = getattr(self.catalog, "current_vocabulary", dict)()
            return [await self.say("what_we_sell", categories=_some(vocabulary.get("category")),
                                   brands=_some(vocabulary.get("brand")))], \
                "product_search", u.confidence
        t.u, t.text, t.asked_items = u, text, asked_items
        return None

    async def _not_understood(self, t: Turn) -> Done | None:
        """A person waiting, another language, or a miss: "say it another way", then a
        person offered, then handed over."""
        conv, state, inc, text, u, said = t.conv, t.state, t.inc, t.text, t.u, t.said
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
            reply, composed = await self.say("handoff_waiting")
            hours = ((self.policies.get("contact") or {}).get("facts") or {}).get("hours")
            if hours and _HOW_SOON.search(text):
                # "how long will it take?": when the team answers (it said "as soon as they
                # can" alone)
                reply = replace(reply, text=f"{reply.text} Our team answers {hours}.")
            return [(reply, composed)], "handoff_waiting", u.confidence
        missed = u.intent == "small_talk" and repair(text)  # "that's not what I asked"
        unsure = is_unsure(u)
        if u.intent in ("greeting", "small_talk", "out_of_scope") and (
                language := asked_language(said)):
            # "do you speak German?", "hello, do you speak German?" (the bot's spiel about
            # itself, or a hello): no, and a person
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
        return None

    async def _answer(self, t: Turn) -> Done:
        """The intent acted on, and each further question of the message."""
        conv, state, inc, text, u, shown = t.conv, t.state, t.inc, t.text, t.u, t.shown
        state["misses"] = 0
        intent = u.intent
        if t.about_focus and intent == "product_search" and refines(text, u.slots):
            intent = "product_question"  # a filter word and "it": a question, not a search
        slots = self._order_meant(t, intent, u.slots)
        asked = self._questions(text, intent, slots)
        if asked:  # "tents. can I pay with klarna?": the tents, then how to pay
            intent, text, slots = asked[0]
        waited = state.get("last_intent") == "order_status" and bool(
            _STILL_WAITING.search(text)) and slots.get("order_id") in (
                None, state.get("order_id")) and order_answers.late(
                self.orders.lookup(state.get("order_id") or "") or {}, self.today())
        if waited:
            # "it's been 2 weeks", "can I get a refund?" right after a late order's status
            # (the status again; the returns policy, as if it had come): of it, for a person
            intent = "order_status"
        state["last_intent"] = intent
        replies = await self._act(conv, state, inc, intent, slots, text, shown, t.asked_items,
                                  waited)
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
        each), then policy questions in the order asked; [] for a message of one request, or
        of requests it cannot tell apart (the message is then one request of `intent`)."""
        clauses = [c.strip(" ,") for c in SECOND_QUESTION.split(text)]
        if len(clauses) < 2 or not (intent in PRODUCT_INTENTS or intent in POLICY_TOPICS
                                    or intent == "order_status"):
            return []
        read = [(c, self.understander.understand(c, {"shown": [], "history": []}))
                for c in clauses if len(c.split()) >= 3]
        # a product named whole is sure ("do you have the Starfall UL tent in stock", a
        # search at 0.71, beside "do you ship to Belgium?": the shipping answer alone)
        sure = [(u.intent, c, u.slots) for c, u in read if u.confidence >= SURE_ALSO or (
            u.intent in PRODUCT_INTENTS and u.confidence >= CONFIDENCE_FLOOR
            and self.catalog.named_in(c))]
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
            rest = re.sub(r"(?:\s*\b(?:and|also|plus|oh)\b)+\s*$", "", rest.strip(" ,.?!"),
                          flags=re.I)
            products = [(products[0][0], rest or products[0][1], products[0][2])]
        # the order asked about first, then a product request, then policy questions
        first, *others = [*orders, *products, *policies]
        if first[0] == intent and not orders:
            first = (intent, first[1], slots)  # what the turn's rules made of the message
        return [first, *others]

    async def _act(self, conv, state, inc, intent, slots, text, shown, asked_items=False,
                   waited=False):
        if intent not in ("return_refund", "warranty", "order_status", "cancel_order"):
            state.pop("claimed", None)  # a return asked about before is no longer the talk
        if intent not in PRODUCT_INTENTS:
            state.pop("claim_asked", None)  # "what about tents?" is of the claim no more
        if intent != "shipping_info":
            state.pop("not_shipped", None)  # a country not shipped to, said just before
        if intent in ("greeting", "thanks", "goodbye"):
            # "thanks, that's all": a goodbye ("anything else I can help you with?" was asked
            # of a customer who had just said there was nothing)
            return [await self.say("goodbye" if intent == "thanks" and _ALL_DONE.search(
                text) else intent)]
        if intent == "small_talk":
            return [await self.say("small_talk", text=text)]
        if intent == "human_agent" and asks_service(text) and not _ASKS_SOMEONE.search(text):
            intent = "place_order"  # the service's answer below, with a person offered
        if intent in ("human_agent", "complaint"):
            # "my order is late again", "the sole came off": sorry for it, then a person (no
            # word of it before)
            late = "late" if late_delivery(inc.text) else "defect" if reports_defect(
                inc.text) else "unhappy" if intent == "complaint" else None
            # (None when this trigger is off: the clarifying question, as without a problem)
            return [await self.escalate(conv, inc, intent, late) or await self.say(
                "clarify", text=inc.text)]
        if intent == "return_refund" and slots.get("order_id"):
            return [await self.return_of(slots["order_id"], text, state, slots)]
        if intent == "warranty" and slots.get("order_id"):
            return [await self.warranty_of(slots["order_id"], text, state, slots)]
        if intent == "shipping_info" and (by := await self.delivered_by(inc.text or "")):
            return [by]  # "can I get it by Friday?": the dates, not the days to count
        if intent == "shipping_info" and (priced := await self.shipping_of(
                state, slots, text, shown)):
            return [priced]  # "is shipping free for the first one?": its price against the bar
        if (intent in ("payment_info", "contact_info", "place_order") or intent ==
                "order_status" and not slots.get("order_id") or intent == "shipping_info" and
                not _SHIP_WORD.search(text)) and DEALS.search(
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
        if intent in ("return_refund", "warranty") or intent in (
                "cancel_order", "order_status") and not (
                slots.get("order_id") or state.get("order_id")):
            # what it names, for the order number that may come next (core.service_turns):
            # the kind, else the kinds ("a pole broke" of a tent: the tent, no trekking poles;
            # "I ordered boots last week but want to cancel", then 10003 of a backpack; "I
            # ordered a tent and it hasn't come", then 10042 of boots and trousers)
            state["claimed"] = {"text": text, "slots": (
                {"category": slots["category"]} if slots.get("category") else
                {"needs": slots["needs"]} if slots.get("needs") else {})}
        if intent in POLICY_TOPICS:
            lead = self.chosen_to_buy(state, slots, text, shown) if intent == "place_order" \
                else ""  # "I'll take 3 pairs of the second": what that comes to, first
            if intent == "place_order" and lead:
                # "can you hold the Starfall UL Tent for me?": the policy asked of "it" (its
                # name is none of the policy's words: "I can't find the answer", all of it)
                for named in self.catalog.named_in(text):
                    text = re.sub(rf"\b(?:the\s+)?{re.escape(named['name'])}\b", "it", text,
                                  flags=re.I)
            if intent == "return_refund" and (ago := order_answers.bought_ago(text)) is not None:
                # "I bought boots 40 days ago, can I return them?" (the window alone)
                lead = order_answers.window_of(ago, self._policy_fact(
                    "returns", "return_window_days"))
            if intent == "payment_info" and (one := self._priced(text, slots, state, shown)):
                lead = f"The {one['name']} costs {F.money(one)}."  # "the VAT on the Ridgeline?"
                # the policy's sentence for "the VAT on the price" (its name: "I can't find")
                text = re.sub(rf"\b(?:the )?{re.escape(one['name'])}\b", "the price", text,
                              flags=re.I)
            if intent == "warranty" and not (reports_defect(text) or slots.get("order_id")) and (
                    each := await self.each_started(state, text, slots, shown)):
                return [each]  # "what's the warranty on the Stormhold tent?": each one's
            if intent == "warranty" and not (reports_defect(text) or slots.get("order_id")):
                # "what's the warranty on tents?", "… on them?" after a list: their own
                # years, then the policy (its "at least 2 years" alone, before)
                lead = warranties.of_kind(self._all_of([slots["category"]]), slots[
                    "category"]) if slots.get("category") else warranties.of_each(
                    warranties.pointed(text, self.catalog.get(state.get("focus") or ""), shown))
                if _LIFETIME.search(text):
                    # "do your jackets have a lifetime warranty?": no (the policy's "I can't
                    # find the answer to that", as it never says "lifetime")
                    lead = (f"No — {lead[0].lower()}{lead[1:]}" if lead.startswith(
                                ("Our ", "The "))
                            else f"No, none of them has a lifetime warranty:\n{lead}"
                            if lead[:1].isdigit() else f"No — {lead}" if lead else
                            "No — none of our products comes with a lifetime warranty.")
                    text = "how long is the warranty?"
            if intent == "warranty" and reports_defect(text) and len(
                    named := self.catalog.named_in(text)) == 1 and (
                    named[0].get("attributes") or {}).get("warranty_years"):
                # "I bought the Col Mid Hiker last month and the sole is coming off": its
                # own warranty, then how to claim (it was the boot's card)
                lead = attribute_answers.answer(named[0], "what is the warranty?") or ""
            if intent == "warranty" and reports_defect(text):
                # "my boots are leaking after two months": the claim, with no word for it
                lead = "\n".join(filter(None, (SORRY["defect"], lead)))
            if intent == "shipping_info" and (away := state.pop("not_shipped", None)) and not (
                    shipping_to(text) or country_in(text)):
                # "how much?" after "Sorry, we don't ship to Switzerland" (the prices, as if
                # it shipped there)
                lead = f"We don't ship to {away}; to the countries we ship to:"
            reply = await self.policy(POLICY_TOPICS[intent], text, lead)
            if intent == "shipping_info" and (
                    away := re.match(r"Sorry, we don't ship to (.+?)\. ", reply[0].text)):
                state["not_shipped"] = away[1]
            return [reply]
        if intent == "order_status" and state.get("last_intent") == "order_status" and (
                _STUCK.search(text) or waited) and (
                order := self.orders.lookup(
                    slots.get("order_id") or state.get("order_id") or "")) and \
                order_answers.late(order, self.today()):
            # "tracking hasn't updated in 5 days" right after a late order's status: a
            # person to trace it (the same status came again)
            return [await self.escalate(conv, inc, "complaint", "late") or await self.order(
                intent, order["order_id"], state, text=text, slots=slots)]
        if intent in ("order_status", "cancel_order"):
            items = intent == "order_status" and asked_items
            if len(ids := extract_order_ids(text)) > 1:
                # "I have two orders, 10042 and 10057", "cancel order 10031 and order
                # 10040": each one (the first alone, before)
                return [await self.order(intent, i, state, items=items) for i in ids]
            return [await self.order(intent, slots.get("order_id") or state.get("order_id"),
                                     state, items=items, text=text, slots=slots)]
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

    def _brands_and_colours(self) -> list[str]:
        vocabulary = getattr(self.catalog, "current_vocabulary", dict)()
        return [*vocabulary.get("brand", ()), *vocabulary.get("color", ())]

    def _order_items(self, state: dict) -> list[dict]:
        """The items of the order last spoken of, [] when none is."""
        order = self.orders.lookup(state["order_id"]) if state.get("order_id") else None
        return self._items(order) if order else []

    def _priced(self, text: str, slots: dict, state: dict, shown: list[dict]) -> dict | None:
        """The one product a question of the tax on its price names, or points at ("does
        that price include VAT?"); None for prices in general."""
        if len(named := self.catalog.named_in(text)) == 1:
            return named[0]
        if len(ids := slots.get("product_ids") or ()) == 1:  # "that price", resolved
            return self.catalog.get(ids[0])
        one = warranties.pointed(text, self.catalog.get(state.get("focus") or ""), shown)
        return one[0] if len(one) == 1 else None

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

    async def escalate(self, conv, inc, reason, problem: str | None = None, record: str = ""):
        """The handoff's reply; with a delivery `problem` (see service_turns.SORRY) it says
        sorry for it first, then what the order `record` says, and is None when complaints
        are not handed over."""
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
        return await self.say("handoff", reason=reason, ticket=ticket, problem=" ".join(
            filter(None, (SORRY.get(problem or "", ""), record))))

    async def say(self, kind: str, *, cards=(), buttons=(), ticket=None, **facts):
        composed: ComposedText = await maybe_await(self.composer.compose(
            kind, {"shop_name": self.shop_name, "customer_name": _CUSTOMER.get(), **facts},
            _HISTORY.get()))
        return Reply(composed.text, tuple(cards), tuple(buttons), kind), composed


# a sentence that offers a person at a press: 'Press "Talk to a human" and our team will
# look into it.', 'Someone from our team can tell you more: press "Talk to a human".'
_PRESS = re.compile(r"[^.!?\n]*\bpress \"Talk to a human\"[^.!?\n]*[.!?]?", re.I)
A_PERSON_HAS_IT = "A person from our team already has this conversation and will answer here."


def with_a_person(reply: Reply) -> Reply:
    """`reply` as said while a person already has the conversation: no button offering one,
    and its sentences that offer one say that one has it (once). Pure."""
    if HUMAN_BUTTON not in reply.buttons and not _PRESS.search(reply.text):
        return reply
    text = reply.text
    for i, m in reversed(list(enumerate(_PRESS.finditer(reply.text)))):
        lead = m[0][:len(m[0]) - len(m[0].lstrip(" "))]  # the space before it stays
        text = text[:m.start()] + (lead + A_PERSON_HAS_IT if i == 0 else "") + text[m.end():]
    text = text.strip()
    return replace(reply, text=text, buttons=tuple(b for b in reply.buttons if b != HUMAN_BUTTON))


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
