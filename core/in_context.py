"""What a message means after what came before: the rules that read the classifier's
intent against the conversation ("and pockets?" after "does it have a hood?" asks that of
pockets; "is it down?" right after a list of sleeping bags asks it of the first; "what do
I do?" after the warranty answer is still the warranty).

The classifier sees one message; these rules see the products shown, the one in focus, the
last intent and the customer's earlier questions, and correct what it made of the message.
They run in this order, each on what the ones before made of it. Pure but for `state`,
whose "asked_need" and "to_buy" two rules take. Used by core.turns.TurnLogic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Callable

from . import facts as F
from . import attribute_answers, claims, order_answers, policy_answer, unsaid
from .followups import (a_thing, asks_contents, asks_for_someone, asks_popular, asks_range,
                        orders_by, same_kind, wants_similar)
from .model_understander import ORDER_INTENTS, POLICY_TOPICS
from .service_turns import reports_defect
from .services import asks_service
from .slots import CONDITIONS, position_beyond
from .superlatives import comparative, superlative

CONFIDENCE_FLOOR = 0.5    # below this a turn counts as "not understood"
# slots that name what a message is about: "and in red?" or "what about the second one?"
# is no property asked about the product in focus
_NAMED = ("category", "brand", "product_ids", "color", "size", "min_price", "max_price",
          "price_sort", "quantity")
# a message that only continues the last question ("and to Norway?", "what about Belgium?")
FOLLOW_ON = re.compile(r"(?:\s*(?:and|also|what about|how about|same for)\b)+", re.I)
# a message that only points back at what was just said ("how do I do that?", "how long
# does it take?", "what do I do?")
POINTS_BACK = re.compile(r"\b(?:it|that|this|them)\b|^\s*(?:so,?\s+|ok,?\s+)?(?:what (?:do|"
                         r"should|can|must) i (?:need to |have to )?do|what now|then what|and "
                         r"then|what happens (?:next|now|then)|what(?:'s| is| are) the next "
                         r"steps?|next steps?)\b", re.I)
# "what happens next?", "what now?", "what do I do?" after a policy: its next step, asked so
_NEXT = re.compile(r"\bwhat (?:do|should|can|must) i (?:need to |have to )?do\b|\bwhat now\b|"
                   r"\bthen what\b|\bwhat happens (?:next|now|then)\b|\bnext steps?\b", re.I)
# "I don't know what I need", "help me choose", "I'm going on a trip": a need not yet named
_NEEDS_HELP = re.compile(r"\bi (?:don'?t|do not) know what (?:i (?:need|want)|to (?:get|buy|"
                         r"choose|pick))\b|\bhelp me (?:choos|decid|pick|find)\w*\W*$|"
                         r"\b(?:i'?m|i am|we'?re|we are) (?:going|heading|off) (?:on|for) "
                         r"(?:a |an )?(?:trip|holiday|vacation|adventure|expedition|tour|getaway)"
                         r"\W*$", re.I)
# "what's the status of my return?", "did you receive my return?"
_RETURN_STATUS = re.compile(r"\b(?:status of|update on|news on) (?:my|the|our) return\b|\breturn "
                            r"status\b|\b(?:have|has|did) (?:you|the shop|your warehouse) "
                            r"(?:got|gotten|get|receive[d]?) (?:my|our|the) (?:return|parcel "
                            r"back)\b|\bhas my return (?:arrived|been (?:received|processed))\b",
                            re.I)
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
             "cancel_order": "how do I cancel an order?"}
# "how much?", "and how long?" alone: the figure of what was just talked about; "how long
# do I have?" after the returns answer: its days
BARE_HOW = re.compile(r"^\W*(?:(?:and|so|ok(?:ay)?|but)\W+)*how (?:much|long|many|soon|fast|"
                      r"quickly)(?: time)?(?: (?:do|have) (?:i|we) (?:have|got|get)(?: left)?)?"
                      r"\W*$", re.I)
# "dishwasher safe?", "bpa free?", "leak proof?", "rechargeable?": a property alone, asked
# of the product in the talk (a bare "tents?" is a search: these endings only)
_BARE_PROPERTY = re.compile(r"^\W*(?:(?:and|also|but|ok(?:ay)?|so)\W+)*"
                            r"((?:[a-z]+[ -])?(?:free|safe|proof|resistant|friendly|compatible)"
                            r"|[a-z]{3,}(?:proof|able|ible))\s*\?\W*$", re.I)
# "a warm one", "one with a hood", "something warmer": another product of the kind searched
OPENING = r"\s*(?:(?:and|or|maybe|ok|okay|hmm|then)\W+)*"
ANOTHER = re.compile(OPENING + r"(?:a|an|one|some|something|any|anything)\b", re.I)
# "one with a hood", "a warm one", "with a rain cover?": asks for a product, not about one
# shown (a question to the classifier at 0.4-0.5; "one of them …" is about those shown)
_A_ONE = re.compile(OPENING + r"(?:a|an|one(?! of)|something|with)\b", re.I)
# "a warmer one", "something a bit cheaper": another product, beyond the one looked at
# ("no, cheaper than that", "even lighter": it named the cheapest of those shown)
_ANOTHER_ER = re.compile(r"\b(?:a|an|something|anything|any)\s+(?:(?:a\s+)?(?:bit|little|lot|"
                         r"much|slightly)\s+)?[a-z]+er\b|\b[a-z]+er than (?:that|those|these|them|"
                         r"this)(?: ones?)?\W*$|\beven [a-z]+er\W*$", re.I)
# "the pole snapped", "my zip is broken", "one of the buckles came off": something the
# customer has went wrong, said as news
_IT_BROKE = re.compile(r"\W*(?:(?:and|but|now|so|oh|ugh|well|also|sadly)\W+)*(?:my|the|our|"
                       r"one of (?:my|the)) (?:[\w'-]+ ){0,4}(?:(?:just|already) )?(?:broke|"
                       r"snapped|cracked|ripped|tore|split|fell apart|came (?:off|apart|undone|"
                       r"loose)|stopped working|(?:is|are|has|have|'s|'ve) (?:\w+ )?(?:broken|"
                       r"torn|ripped|cracked|leaking|snapped|split))\b", re.I)
_WANTS_NEW = re.compile(r"\b(?:need|want|looking|new|replacement|replace|buy|get|recommend|"
                        r"any|another|spare)\b", re.I)
# "tell me more", "can you tell me more?", "more details please", "what else can you tell me?"
TELL_MORE = re.compile(r"^\W*(?:(?:ok(?:ay)?|so|and|great|thanks)\W+)*"
                       r"(?:(?:can|could|would) you\s+)?(?:please\s+)?"
                       r"(?:tell me|give me|show me|i'?d like|i want)?\s*"
                       r"(?:a (?:bit|little) |some )?more(?: (?:details?|info(?:rmation)?))?"
                       r"(?: please)?\W*$|"
                       r"^\W*what else (?:can|could) you tell me\W*$", re.I)
# "I'll take …": a purchase decided ("can I get …?" asks of the product; "I'd like to buy 3
# pairs of …" gets its card, and "how much would that be?" the 3)
# ("I'll go with the Kammweg": its card came back)
_TAKES = re.compile(r"^\W*(?:(?:ok(?:ay)?|great|then|so|hi|hello)\W+)*(?:(?:i'?ll|i will) (?:take|"
                    r"buy|order|go (?:with|for)|have)|(?:i'?d|i would) like to (?:buy|order|get)|"
                    r"i want to (?:buy|order))\b", re.I)
# "which one would you pick …?", "which of them do you recommend …?": of those shown
_WHICH_PICK = re.compile(
    OPENING + r"which(?: one| of (?:them|these|those|the two))?\s+(?:would|should|do|can|"
    r"will) (?:you|i) (?:pick|choose|recommend|suggest|get|buy|go for|take)\b(?P<rest>.*)$",
    re.I)
# "which ones have pit zips?": a question of the list whose thing a follow-on may swap
_WHICH_HAVE = re.compile(r"\s*which(?: one| ones| of (?:them|these|those))?\s+(?:has|have|comes? "
                         r"with|includes?)\b", re.I)
# "how many do you have?", "how many are left?": the stock of what is shown
_HOW_MANY_LEFT = re.compile(r"\W*(?:(?:and|so|ok|okay|hmm)\W+)*how many (?:(?:do|have) you (?:have|"
                            r"got)|you (?:have|got)|are (?:there|left|in stock|available)|(?:are|"
                            r"is) (?:still )?(?:there|left|available)|left|in stock)(?: (?:left|"
                            r"in stock|still|now|available|of (?:it|them|those|these)))*\W*$",
                            re.I)
# "and the thinnest?", "the softest one?": a superlative asked bare, of those shown
_BARE_EST = re.compile(r"\W*(?:(?:and|so|ok|okay|but|what about|how about)\W+)*(?:the\s+)?"
                       r"([a-z]{3,}est)(?:\s+ones?)?\W*", re.I)
# "and for swimming?", "what about for winter?": the comparison just made, for that purpose
_AND_FOR = re.compile(r"\W*(?:and|also|what about|how about|but)\s+(for (?!(?:me|him|her|them|"
                      r"us)\b)[a-z][a-z' -]{2,30}?)\W*$", re.I)
# "what's the best one?", "what's the best of these?": of those shown, as "which one is best?"
_BEST_ONE = re.compile(OPENING + r"(?:what'?s|what is|which'?s|which is) the (?:very )?best(?: one|"
                       r" of (?:them|these|those|the lot|the bunch))?\W*$", re.I)
# "I need 3 pairs", "3 please", "we'd like two": how many, of nothing named
_JUST_HOW_MANY = re.compile(r"\W*(?:(?:ok(?:ay)?|great|then|so|and)\W+)*(?:(?:i|we)(?:'d| would)? "
                            r"(?:need|want|like|take|get|buy|order)\s+)?(?:\d{1,2}|two|three|four|"
                            r"five|six)(?:\s+(?:pairs?|pieces?|packs?|sets?|of them|units?))?"
                            r"(?:\s+please)?\W*", re.I)
# "I have flat feet, which one?", "I've got wide feet, which should I get?"
_I_HAVE_WHICH = re.compile(
    OPENING + r"i(?:'ve| have)(?: got)? ([a-z][a-z' -]{2,30}?)[,.;]?\s+(?:so\s+)?which(?: one| of "
    r"(?:them|these|those))?(?: (?:should i (?:get|buy|pick|choose|take)|is (?:best|better)|would "
    r"you (?:pick|recommend|suggest)))?\W*$", re.I)
# "I have flat feet", "I overpronate": what the feet need, said alone after a list
_MY_FEET = re.compile(
    OPENING + r"(?:i(?:'ve| have)(?: got)? ((?:very |really |quite )?(?:flat|sweaty) feet|(?:high|"
    r"low|fallen|flat) arches|bunions?|plantar fasciitis|bad (?:knees?|ankles?|hips?|back)|"
    r"(?:knee|ankle|hip|back|joint|foot|heel) (?:pain|problems|issues))|i (?:tend to )?(over|"
    r"under)?pronate)\W*$", re.I)
# how a return is sent: "return address", "ship the boots back", "send it back"
_SEND_BACK = re.compile(r"\breturns? (?:address|label|slip|form)\b|\b(?:send|ship|post|mail) "
                        r"(?:[\w']+ ){0,3}?back\b(?! ?orders?)|\b(?:send|ship|post|mail) "
                        r"(?:my |the |a )?returns?\b", re.I)
# "can I get it by Friday?", "will it arrive before Christmas?": how long delivery takes
_BY_WHEN = re.compile(
    r"\b(?:get|have|receive|arrive|delivered|deliver|be here|reach me|come)\b[^.?!]{0,40}?"
    r"\b(?:by|before|until|in time for)\s+(?:next\s+|this\s+|the\s+)?(?:(?:mon|tues|wednes|"
    r"thurs|fri|satur|sun)day|tomorrow|weekend|christmas|xmas|easter|next week|\d{1,2}(?:st|nd|"
    r"rd|th)\b)", re.I)
# "when would it arrive?", "how long would it take to get here?": of an order not placed
_ARRIVE = re.compile(r"\b(?:arrive|get (?:here|to me)|be delivered|deliver(?:ed|y)?|reach|"
                     r"take|come)\b", re.I)
# ("when will it arrive if I order now?": an order not placed yet; it asked for its number)
_WOULD = re.compile(r"\b(?:when|how (?:long|soon|fast|quickly))\b[^.?!]{0,30}\bwould\b"
                    r"[^.?!]{0,30}" + _ARRIVE.pattern + r"|\b(?:when|how (?:long|soon|fast|"
                    r"quickly))\b[^.?!]{0,30}" + _ARRIVE.pattern + r"[^.?!]{0,20}\bif (?:i|we) "
                    r"(?:order|buy|place)\b", re.I)
_PLACED = re.compile(r"\b(?:my|our|the) (?:order|parcel|package|delivery)\b", re.I)
# what one does to buy: "can you hold it?" asks it of the shop, whatever was said before
# "what can help?", "what do you recommend?": asks for products that meet a need
_WHAT_HELPS = re.compile(r"\bwhat (?:can|could|would|will|might) help\b|\bwhat (?:do|would|can) "
                         r"you (?:recommend|suggest)\b|\b(?:anything|something) (?:that|to) "
                         r"(?:helps?|stops?|prevents?)\b", re.I)
_BUYING = re.compile(r"\b(?:hold|reserve|keep|set aside|put aside|buy|order|take|purchase)\b",
                     re.I)


@dataclass(frozen=True)
class Reading:
    """What the rules made of a message: the understanding, the text it is answered as
    ("and pockets?" -> "does it have pockets?"), whether the order's items were asked
    for, and whether it asks what the shop sells (the turn says that at once)."""
    u: Any
    text: str
    asked_items: bool
    range_asked: bool = False
    carried: bool = False


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


def read(u: Any, text: str, state: dict, shown: list[dict], *, about_focus: bool,
         asked_items: bool, named_in: Callable[[str], list], history: list[dict]) -> Reading:
    """`u` (core.types.Understanding) read against the conversation: `state` (its last
    intent, focus, search), the products `shown`, whether the message is `about_focus`,
    the catalogue's `named_in` and the recent `history`."""
    if u.intent == "human_agent" and u.confidence < SURE_PERSON and not _PERSON.search(text):
        # "is there an alternative?" of the boot asked about was handed to a person (0.55):
        # no one was asked for; similar ones, else the clarifying question (then a person)
        u = taken_as(u, "recommendation") if wants_similar(text) and (
            state.get("focus") or shown) else replace(u, intent="out_of_scope")
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
    if order_answers.TOTAL_ASKED.search(text) and state.get("order_id") and state.get(
            "last_intent") in ORDER_INTENTS and not u.slots.get("order_id"):
        # "how much did I pay?" right after an order's status: what it came to ("say it
        # another way", or the payment policy)
        u = taken_as(u, "order_status")
    if u.intent in ("contact_info", "shipping_info") and _SEND_BACK.search(text):
        # "what's your return address?" (the postal address), "where should I ship the
        # boots back to?" (the countries shipped to): how a return is sent (the returns
        # policy never says "address": "I can't find the answer to that")
        u, text = taken_as(u, "return_refund"), "how do I send a return?"
    if u.intent == "warranty" and u.slots.get("category") and orders_by(text):
        # "tents with the longest warranty": tents ordered by their listed warranty,
        # not the shop's warranty policy
        u = replace(u, intent="product_search")
    if about_focus and u.intent in ("place_order", "small_talk", "out_of_scope") and (
            u.slots.get("size") or u.slots.get("color")) and not (
            u.intent == "place_order" and not policy_answer.is_question(text)):
        # "can I get it in long?" of the bag in focus: whether it comes in long (how to
        # order, before); "I'll take it in L" is a purchase, the size said with it
        u = taken_as(u, "product_question")
    if u.intent in ("product_search", "recommendation") and len(
            u.slots.get("product_ids") or ()) == 1 and (u.slots.get("size") or u.slots.get(
            "color")) and not u.slots.get("category") and not wants_similar(text) and \
            not re.search(r"\b(?:others?|another|any|anything|something|ones)\b", text, re.I):
        # "ok the Ridgeline then, in 44" of the two boots compared: that boot in 44 (a
        # search listed every Ridge… boot and trail shoe)
        u = taken_as(u, "product_question")
    if u.intent in ("product_search", "recommendation") and _IT_BROKE.match(text) and \
            reports_defect(text) and not _WANTS_NEW.search(text):
        # "the pole snapped" (a search for trekking poles at 0.6): a fault of something the
        # customer has, so how to claim; "my pole snapped, I need a new one" is a search
        u = taken_as(u, "warranty")
        if (one := _in_focus(state, shown)) and one.get("category") != u.slots.get("category"):
            # of the tent just asked about: its pole, not a trekking pole ("order 10006
            # holds no trekking poles" came next)
            u = replace(u, slots={k: v for k, v in u.slots.items() if k != "category"})
    if u.intent == "warranty" and not u.slots.get("order_id") and not reports_defect(text) and (
            shown and (
            about_focus or u.slots.get("product_ids") or (
                state.get("focus") and state.get("last_intent") == "product_question"
                and re.search(r"\bthe (?:warranty|guarantee)\b", text, re.I))) or len(
                    named_in(text)) == 1):
        # "what's the warranty on it?" after "which is lightest?", "how long is the
        # warranty?" right after a question about one, "what is the warranty on the
        # Stormline 2.5L Rain Jacket?": that product's listed warranty, not the shop's
        # warranty policy (with "I can't find the answer to that"); with an order number
        # ("the zip on my Ferrata 32 from order 10005 broke") that order's warranty
        u = replace(u, intent="product_question")
    if u.intent != "product_question" and (
            one := _in_focus(state, shown) or (shown[0] if shown else None)) and \
            unsaid.property_asked(text) and \
            unsaid.unmentioned(one, text) is None:
        # "is it down?" of a down sleeping bag, or right after a list of them, asked of
        # the first (an order question to the classifier, at 0.87-0.93: "what's your
        # order number?"): a property its listing names
        u = taken_as(u, "product_question")
    if u.intent != "product_question" and unsaid.verdict_asked(text):
        # "is it good?" of the shoe asked about, or right after a list of the first, as
        # "is it waterproof?"; with nothing shown, which product is meant (small talk at
        # 0.6-0.76: the bot's spiel)
        u = taken_as(u, "product_question")
    if (state.get("focus") or shown) and is_unsure(u) and TELL_MORE.match(text):
        # "can you tell me more?", "more details please" after a product's answer (small
        # talk: the bot's spiel): all its listing says, as "tell me more about it" gets
        u, text = taken_as(u, "product_question"), "tell me more about it"
    if state.get("focus") and (state.get("last_intent") == "product_question" and is_unsure(
            u) and unsaid.asks_what_the(text) or unsaid.asks_included(text)) and not \
            u.slots.get("category"):
        # "what's the extreme temperature?" of the bag asked about (out of scope: "say it
        # another way"): of it, which says what its listing gives
        u = taken_as(u, "product_question")
    if (state.get("focus") or shown) and (m := _BARE_PROPERTY.match(text)) and not any(
            u.slots.get(k) for k in ("category", "product_ids", "order_id")):
        # "dishwasher safe?", "bpa free?" after a bottle's answer (its whole card, as if it
        # answered), "leak proof?" (the warranty policy): asked as "is it …?"; right after
        # a list, of each one listed
        u, text = taken_as(u, "product_question"), (
            f"is it {m[1]}?" if state.get("focus") or len(shown) < 2 else
            f"which ones are {m[1]}?")
    if u.intent in ("product_search", "recommendation") and u.slots.get("quantity") and \
            shown and _JUST_HOW_MANY.fullmatch(text):
        # "I need 3 pairs" after socks: a purchase of those shown (a search for "3 pairs")
        u = taken_as(u, "place_order")
    if u.intent == "product_question" and u.slots.get("quantity") and shown and \
            not policy_answer.is_question(text):
        # "3 pairs of the first please" states a purchase: what that comes to, and how
        # to order (it got the product's card)
        u = taken_as(u, "place_order")
    if is_unsure(u) and a_thing(text, after_search=bool(state.get("search")) and state.get(
            "last_intent") in ("product_search", "recommendation")):
        # "ok and a pillow?" (small talk at 0.6), "ok what about ponchos" after rain
        # jackets (a clarifying question): a search, which says whether the shop sells any
        u = taken_as(u, "product_search")
    if u.intent in ("product_question", "product_search") and FOLLOW_ON.match(text) and \
            state.get("last_intent") in ("product_search", "recommendation") and \
            _only_kinds(text, u.slots):
        # "what about socks?" after gift ideas that had socks among them: socks (it
        # showed the first pair of those listed, a product answer at 0.6), within the
        # budget said ("and backpacks?" of a gift under 100 listed packs at 231 EUR)
        budget = {k: v for k, v in (state.get("search") or {}).get("filters", {}).items()
                  if k in ("min_price", "max_price")}
        u = replace(taken_as(u, "product_search"), slots={**budget, **u.slots})
    if u.confidence < CONFIDENCE_FLOOR and (word := _TOPIC_WORD.get(u.intent)) and \
            word.search(text) and policy_answer.is_question(text):
        # "what's the return window?" (returns at 0.5: "say it another way"): the policy
        # its own word names
        u = taken_as(u, u.intent)
    if ((word := _TOPIC_WORD.get(u.intent)) and not word.search(text) or (
            (u.intent == "product_search" or u.intent == "product_question" and not (
                state.get("focus") or shown)) and policy_answer.is_question(text) and not any(
                u.slots.get(k) for k in _NAMED))) and len(
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
    if not u.slots.get("order_id") and not u.slots.get("product_ids") and \
            policy_answer.shipping_to(text):
        # "how long to France?" (out of scope; "… to Norway?" shipping at 0.40, a miss),
        # "how long does it take to Germany?" after tents (the first tent's listing "does
        # not say"): the shipping policy's answer
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
            _NEEDS_HELP.search(text) and not any(u.slots.get(k) for k in _NAMED):
        # "I don't know what I need", "I'm going on a trip" (the bot's spiel about itself),
        # "can you help me choose?" (no product mentions it): what it is for, as "what do
        # you recommend?" asks; of a list shown, those side by side (others were suggested)
        u, text = (taken_as(u, "compare"), "compare them") if len(shown) > 1 and re.search(
            r"\bhelp me\b", text, re.I) else (taken_as(u, "recommendation"),
                                              "what do you recommend?")
    if state.pop("asked_need", False) and is_unsure(u):
        # "running" in answer to "what is it for?": what to suggest products for
        u = taken_as(u, "recommendation")
    if FOLLOW_ON.match(text) and state.get("last_intent") == "product_question" and \
            state.get("focus") and not any(u.slots.get(k) for k in _NAMED) and \
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
        return Reading(taken_as(u, "product_question"), again, asked_items, carried=True)
    if (is_unsure(u) or u.intent == state.get("last_intent")) and FOLLOW_ON.match(text) and (
            state.get("last_intent") in POLICY_TOPICS or (
                state.get("last_intent") == "product_question" and state.get("focus"))):
        # "and to Norway?" after "do you ship to Switzerland?": the same policy; "what
        # about pockets?" after "does it have a hood?": the same product
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
            _only_kinds(text, u.slots):
        # "and on tents?" after "how long is the warranty on boots?": the same policy
        # (it listed tents)
        u = taken_as(u, state["last_intent"])
    if state.get("last_intent") in ("warranty", "return_refund") and _NEW_ONE.search(text) and \
            not any(u.slots.get(k) for k in (*_NAMED, "order_id")):
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
    to_send = _TO_SEND.search(text)
    if state.get("last_intent") in POLICY_TOPICS and (
            POINTS_BACK.search(text) or BARE_HOW.match(text) or to_send) and not any(
            u.slots.get(k) for k in (*_NAMED, "order_id")) and (
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
    if u.intent == "order_status" and not u.slots.get("order_id") and state.get(
            "last_intent") not in ORDER_INTENTS and not _PLACED.search(text) and (
            _WOULD.search(text) or (policy_answer.country_in(text) and _ARRIVE.search(text))):
        # "when would it arrive in Germany?" after "I'll take it" (asked for an order
        # number): no order yet, so how long delivery takes
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
    if (state.get("focus") or shown) and F.asks_restock(text) and not u.slots.get(
            "order_id") and (re.search(r"\b(?:stock|available)\b", text, re.I) or
                             state.get("last_intent") not in ORDER_INTENTS):
        # "when will it be back in stock?" of a product shown (the classifier heard a
        # delivery question and asked for an order number)
        u = taken_as(u, "product_question")
    if (state.get("focus") or shown) and F.asks_fit(text) and not u.slots.get("category"):
        # "what size should I get if I'm usually a 41?" of the boot asked about (a
        # search for size 41 in every kind); "I'm 1.85 m, which size?" of the poles
        # shown (a comparison of them); "I have wide feet" of the boots (socks found)
        u = taken_as(u, "product_question")
    if asks_range(text):
        # "what do you sell?": the catalogue's categories and brands (the turn says them)
        return Reading(u, text, asked_items, range_asked=True)
    if is_unsure(u) and asks_popular(text):
        # "surprise me" (small talk to the classifier): what customers order most
        u = taken_as(u, "recommendation")
    if len(shown) > 1 and unsaid.better_asked(text) and not any(
            u.slots.get(k) for k in ("category", "brand", "product_ids")) and u.intent in (
            "product_search", "recommendation", "small_talk", "out_of_scope"):
        # "which is best for camping?" after tents: of the tents shown (a search for the
        # words listed a pot among them)
        u = taken_as(u, "product_question")
    if len(shown) > 1 and is_unsure(u) and unsaid.which_asked(text):
        # "which ones are waterproof?" (a clarifying question at 0.4): of those shown
        u = taken_as(u, "product_question")
    if (state.get("search") or {}).get("filters", {}).get("category") and (
            is_unsure(u) and ANOTHER.match(text) or u.intent == "product_question"
            and _A_ONE.match(text) and not state.get("focus")) and same_kind(text) and not (
                u.slots.get("product_ids") or "ref_index" in u.slots):
        # "a warm one", "one with a hood" after jackets (a clarifying question at 0.4-0.5):
        # jackets with those words
        u = taken_as(u, "product_search")
    if shown and is_unsure(u) and wants_similar(text):
        # "more like these" after a list (small talk at 0.35): like the ones looked at
        u = taken_as(u, "recommendation")
    if shown and is_unsure(u) and position_beyond(text, len(shown)):
        # "tell me about number 6" of four (a clarifying question): say the list is shorter
        u = taken_as(u, "product_question")
    if (state.get("focus") or shown) and comparative(text) and _ANOTHER_ER.search(text) and \
            not (u.slots.get("category") or u.slots.get("brand")) and (
            is_unsure(u) or u.intent in ("product_question", "compare")):
        # "ok what about a warmer one" after the -5 °C bag: warmer ones than it (it said
        # which of those shown was warmest, the -5 °C bag itself among them)
        u = taken_as(u, "product_search")
    if len(shown) > 1 and superlative(shown, text) and (is_unsure(u) or (
            u.slots.get("product_ids") and u.intent in ("product_search", "recommendation")
            and not (u.slots.get("category") or u.slots.get("brand")))):
        # "brightest one?" after five headlamps (a clarifying question at 0.3), "cheapest?"
        # (a search at 0.67 that lost its sort to the cheapest shown and searched the
        # word): which of those shown, answered from their listings
        u = taken_as(u, "product_question")
    if len(shown) > 1 and (m := _I_HAVE_WHICH.match(text) or _MY_FEET.match(text)) and \
            not u.slots.get("category"):
        # "I have flat feet, which one?" of running shoes (all five side by side), "I
        # overpronate" (a complaint at 0.6, handed to a person; "I have flat feet" searched
        # socks too): which is better for it, as far as the listings say
        said = f"{m[2] or ''}pronation" if m.re is _MY_FEET and m[1] is None else m[1]
        u, text = taken_as(u, "compare"), f"which is better for {said}?"
    if len(shown) > 1 and FOLLOW_ON.match(text) and not any(u.slots.get(k) for k in _NAMED) and (
            m := _WHICH_HAVE.match(_earlier_question(history))) and re.fullmatch(
            r"(?!(?:for|in|under|over|with|without|from|by|to|at|on)\b)(?:an? |some )?"
            r"[a-z][a-z -]{1,30}", rest := FOLLOW_ON.sub(
                "", text, count=1).strip(" ?!.,").lower()) and len(rest.split()) <= 4:
        # "and a hood?" after "which ones have pit zips?": which have a hood (a search for
        # hooded jackets of every kind)
        u, text = taken_as(u, "product_question"), f"{m[0].strip()} {rest}?"
    if len(shown) > 1 and u.intent in ("product_search", "recommendation") and \
            unsaid.which_asked(text) and not any(u.slots.get(k) for k in _NAMED):
        # "which ones have a rain cover?" after backpacks (a search at 0.69 listed others):
        # which of those shown do, as "which has a rain cover?" gets
        u = taken_as(u, "product_question")
    if len(shown) > 1 and (u.intent in ("product_search", "recommendation") or is_unsure(u)) and \
            _BEST_ONE.match(text) and not (u.slots.get("category") or u.slots.get("brand")):
        # "what's the best one?" after tents ("say it another way" at 0.4): those side by
        # side, as "which one is best?" gets
        u = taken_as(u, "compare")
    if len(shown) > 1 and u.intent in ("product_search", "recommendation", "compare") and (
            m := _WHICH_PICK.match(text)) and not (
                u.slots.get("category") or u.slots.get("brand")):
        # "which one would you pick for wet weather?" after two boots were compared (a
        # recommendation: rain jackets were searched): which of those shown is, as "which
        # is better in the rain?" gets (each one's waterproofing); without a purpose,
        # the two side by side (a purpose no listing gives: "for a long hike")
        u = taken_as(u, "compare")
        if attribute_answers.asked_keys(m["rest"], shown):
            text = f"which is better {m['rest'].strip(' ?!.,')}?"
    if shown and _HOW_MANY_LEFT.match(text) and not any(u.slots.get(k) for k in _NAMED):
        # "how many do you have?" after a stove ("say it another way"), "how many are left?"
        # after stoves ("none of these says how many are left it comes with"): the stock
        u, text = taken_as(u, "product_question"), (
            "is it in stock?" if state.get("focus") or len(shown) == 1 else "are they in stock?")
    if len(shown) > 1 and (m := _BARE_EST.fullmatch(text)) and m[1].lower() not in F.NOT_EST \
            and not orders_by(text) and not any(u.slots.get(k) for k in _NAMED):
        # "and the thinnest?" after socks (the first one's card): which is, as asked whole
        # (one the listings rank, "warmest", orders the search or picks among those shown)
        u, text = taken_as(u, "product_question"), f"which is the {m[1].lower()}?"
    if len(shown) > 1 and state.get("last_intent") == "compare" and (
            m := _AND_FOR.match(text)) and not (u.slots.get("category") or u.slots.get("brand")):
        # "and for swimming?" after "which is better?" of two watches: which is better for
        # swimming (no product mentions "for swimming", and three watches came as nearest)
        u, text = taken_as(u, "compare"), f"which is better {m[1]}?"
    if len(shown) > 1 and u.intent in ("product_search", "recommendation") and \
            unsaid.better_asked(text) and not (u.slots.get("category") or u.slots.get("brand")):
        # "which is best for a 3 day hike?" after backpacks: of those (it searched, and
        # listed hiking boots)
        u = taken_as(u, "compare")
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
    return Reading(u, text, asked_items)

# "can I buy extra pegs?", "could I order spare parts?": a thing to buy, not how to order
_BUY_THING = re.compile(r"\W*(?:(?:and|so|ok|hi|hello)\W+)*(?:can|could|may) (?:i|we) (?:buy|get|"
                        r"order|purchase) (?:(?:some|extra|more|additional) )*(?=(?:some|extra|"
                        r"spare|more|additional|replacement) )((?:spare |replacement )?[a-z]"
                        r"[a-z -]{2,30}?)\W*", re.I)
_NO_THING = frozenset(("of", "for", "from", "with", "online", "here", "now", "today", "by"))
# "it's urgent!", "this is really important", "asap please": a person, now
_URGENT = re.compile(r"\W*(?:(?:ok|but|and|please|pls)\W+)*(?:(?:it'?s|it is|this is|that'?s)\s+)?"
                     r"(?:(?:very|really|quite|pretty|super|extremely)\s+)?(?:urgent|an? "
                     r"emergency|important|asap|time[- ]critical)(?:\W+(?:please|pls))?\W*", re.I)
# "what's in it?", "what was inside?": of the order just spoken of, what it holds
_IN_IT = re.compile(r"\W*what(?:'?s| is| was| were)? (?:in(?:side)? (?:it|there)|inside)\W*$", re.I)

def _asked_again(text: str, history: list[dict]) -> str | None:
    """The customer's last question before `text` that was not itself a follow-on, asked
    again of what `text` names ("does it have a hood?" + "and pockets?" -> "does it have
    pockets?"); None when that was no yes/no question about a property."""
    earlier = _earlier_question(history)
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


def _earlier_question(history: list[dict]) -> str:
    """The customer's last message before this one that was not itself a follow-on ("and
    pockets?"), from the conversation's history; "" when there is none."""
    said = [m["text"] or "" for m in history if m["direction"] == "in"][:-1]
    return next((t for t in reversed(said) if not FOLLOW_ON.match(t)), "")

def _in_focus(state: dict, shown: list[dict]) -> dict | None:
    """The product the conversation is about: the one last asked about, or the only one
    shown; None when neither."""
    return next((p for p in shown if p["id"] == state.get("focus")), None) or (
        shown[0] if len(shown) == 1 else None)


def _asked_of(text: str, history: list[dict]) -> str | None:
    """The customer's last question about "it" asked of the product `text` points at ("is
    it down?" + "and the second one?" -> "is the second one down?"); None when `text` says
    more than a short reference or that question had no "it"."""
    rest = FOLLOW_ON.sub("", text, count=1).strip(" ?!.,")
    earlier = _earlier_question(history)
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
    earlier = _earlier_question(history)
    last, said = (state.get("asked") or ["", {}])[:2]
    if state.get("last_intent") == "product_question" and FOLLOW_ON.match(last) and said:
        # "and in size S?" was the last question ("is it breathable?" before it)
        return _comes_in(name, said)
    if state.get("last_intent") == "product_question" and earlier:
        before = named_in(earlier)
        if len(before) == 1 and before[0]["id"] != named[0]["id"]:
            other = re.compile(re.escape(before[0]["name"]), re.I)
            if other.search(earlier):
                return other.sub(lambda _: name, earlier, count=1)
        elif not before and _POINTER.search(earlier):
            return _POINTER.sub(lambda _: f"the {name}", earlier, count=1)
    filters = (state.get("search") or {}).get("filters") or {}
    if filters.get("category") not in (None, named[0].get("category")):
        return None  # size 47 of boots says nothing of a jacket
    return _comes_in(name, filters) if filters.get("size") or filters.get("color") else None


def _comes_in(name: str, said: dict) -> str:
    """"does the Col Mid Hiker come in navy in size 47?" of the size and colour `said`."""
    return (f"does the {name} come in" + (f" {said['color']}" if said.get("color") else "")
            + (f" in size {said['size']}" if said.get("size") else "") + "?")


def _only_kinds(text: str, slots: dict) -> bool:
    """"and on tents?", "what about for boots?": a kind of product and filler, no more."""
    kinds = [w for k in (slots.get("category"), *(slots.get("kinds") or ())) if k
             for w in re.findall(r"[a-z]+", str(k).lower())]
    rest = re.sub(r"\b(?:and|also|what|how|about|same|on|for|of|with|the|a|an|your|my|too)\b",
                  " ", text.lower())
    words = re.findall(r"[a-z]+", rest)
    return bool(kinds and words) and all(
        any(k.startswith(w) or w.startswith(k) for k in kinds) for w in words)


# "what does Torvik make?", "what do you have from Skerra?", "show me Lumaro stuff"
_BRAND_RANGE = re.compile(r"\bwhat (?:does|do) [\w' -]{2,30}? (?:make|sell|do|have|offer)\b|"
                          r"\bwhat (?:do you (?:have|sell|carry|stock)|is there|have you got) "
                          r"(?:from|by)\b|\b(?:products|stuff|things|gear|items|range) "
                          r"(?:from|by)\b", re.I)
# a policy's own word: an unsure reading of that policy that names it is taken
_TOPIC_WORD = {"return_refund": re.compile(r"\b(?:return|refund|exchange)", re.I),
               "shipping_info": re.compile(r"\b(?:ship|deliver|postage)", re.I),
               "warranty": re.compile(r"\b(?:warranty|guarantee)", re.I),
               "payment_info": re.compile(r"\b(?:pay|payment)", re.I)}


def taken_as(u: Any, intent: str) -> Any:
    """The understanding with the intent the conversation shows, at least as sure as the
    floor (so that it is not then treated as a miss)."""
    return replace(u, intent=intent, confidence=max(u.confidence, CONFIDENCE_FLOOR))

def is_unsure(u: Any) -> bool:
    """The classifier did not understand: out of scope, small talk, or below the floor."""
    return u.intent in ("out_of_scope", "small_talk") or u.confidence < CONFIDENCE_FLOOR
