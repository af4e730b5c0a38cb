"""Does a reply do the job of its reply kind? Coarse rules, shared by the live composer
(core/composer_lm.py rejects a draft that fails them, like a grounding violation) and by
the reply evaluation (core/reply_eval.py reports the share that passes).

A greeting greets, thanks are acknowledged, an order reply names the order and its status,
a product answer names the product and says yes/no the way the facts do, a list says
truly how many it found, a comparison calls only the cheaper product cheaper, a policy
answer uses the policy's words, chat replies offer help and quote no numbers. Grounding catches invented figures; these rules
catch a fluent reply to the wrong question — a small model's typical failure ("hello"
answered with "I found your order"). Pure.
"""

from __future__ import annotations

import re
from typing import Any

from .followups import DEALS


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]{4,}", text.lower()))


def _product_names(lines: str) -> list[str]:
    """The names in numbered product lines ("1. Name (Brand) — 109.99 EUR, ...")."""
    return re.findall(r"^\s*\d+\.\s(.+?)\s\(", lines, re.M)


def _mentions_product(reply: str, lines: str) -> bool:
    names = _product_names(lines)
    low = reply.lower()
    return any(n.lower() in low or n.split()[0].lower() in low for n in names)


CHEAPER = re.compile(r"\b(cheaper|cheapest|less expensive|lower price|more affordable)\b")


def _cheaper_is_right(reply: str, facts: dict[str, Any]) -> bool:
    """Every "cheaper" sits next to the product the facts call cheaper: the product name
    nearest to the word (either side) must be that one. ("The Cadence is the cheaper one at
    90.50 EUR and the Pacer is the cheaper one at 82.50" fails: both are called cheaper.)"""
    low = reply.lower()
    said = str(facts.get("cheaper", ""))
    cheaper = re.split(r" (?:is|are) the cheape(?:r|st) ones?", said)[0].strip().lower()
    names = {n.lower() for n in _product_names(str(facts.get("products", "")))}
    spans = [(m.start(), m.end(), n) for n in names for m in re.finditer(re.escape(n), low)]
    if not cheaper or not spans:
        return True
    for word in CHEAPER.finditer(low):
        _, nearest = min((min(abs(word.start() - end), abs(start - word.end())), name)
                         for start, end, name in spans)
        if nearest != cheaper:
            return False
    return True


UNKNOWN = re.compile(r"mention|list|not say|doesn't say|does not say|no information|"
                     r"not sure|don't know|do not know|can't say|cannot say|not give|"
                     r"doesn't give|gives no|no verdict|can't judge", re.I)
NEGATIVE = re.compile(r"\b(no|not|sorry|unfortunately|out of stock|only)\b", re.I)


# replies that list products, where names and "in stock" repeat by right
LISTS = ("product_results", "product_none", "recommendation", "compare", "prices")


def _figures(text: str) -> set[float]:
    """The numbers a text states ("1660 g", "338.00 EUR", "-5 °C": 1660, 338, 5)."""
    return {float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", text)}


COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10}
_FOUND = re.compile(r"\b(found|here are|there are|we have|i have)\s+(?:just\s+|only\s+)?"
                    r"(\d+|" + "|".join(COUNT_WORDS) + r")\b(?![.,]\d)"
                    r"(?!\s*(?:eur|usd|gbp|%|g\b|kg|cm|mm|l\b|°|people|persons?))")


def _count_is_right(low: str, facts: dict[str, Any]) -> bool:
    """How many a list reply says it found ("I found one for you:") must be the count the
    facts give; "here are two" may also count the products the reply names."""
    given = str(facts.get("count", ""))
    if not given.isdigit():
        return True
    named = sum(n.lower() in low for n in _product_names(str(facts.get("products", ""))))
    for m in _FOUND.finditer(low):
        said = COUNT_WORDS.get(m.group(2)) or int(m.group(2))
        if said != int(given) and (m.group(1) == "found" or said != named):
            return False
    return True


def _says_twice(low: str, n: int = 4) -> bool:
    """Does any run of `n` words occur twice (a small model repeating itself)?"""
    words = re.findall(r"[a-z0-9]+", low)
    runs = [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]
    return len(runs) != len(set(runs))


# a web or mail address: a reply may only repeat one its facts hold
ADDRESS = re.compile(r"https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+|"
                     r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|shop|store|example|eu|de|fr|"
                     r"nl|ch|co\.uk|uk)\b")
# a claim that a person now has the conversation: only a handoff reply may make it
HANDED_OVER = re.compile(
    r"\b(?:passed|handed|forwarded|transferred) (?:on )?(?:our|the|this|your|you)"
    r"(?: conversation| chat| question| request)?(?: on)? to (?:a|our|the|one of our)\b"
    r"|\b(?:connected|connecting|transferring) you (?:to|with)\b"
    r"|\b(?:a person|a colleague|someone|our team|an agent) will (?:reply|contact you|be in "
    r"touch|get back|take over)")
HANDOFF_KINDS = ("handoff", "handoff_claimed", "handoff_reminder", "handoff_returned",
                 "handoff_resolved", "handoff_waiting", "handoff_withdrawn")


def appropriate(kind: str, facts: dict[str, Any], reply: str) -> bool:
    """Does the reply do the job of its reply kind? (Coarse, rule-based, documented above.)"""
    low = reply.lower()
    if not reply.strip():
        return False
    if kind not in LISTS and _says_twice(low):
        return False  # "About order 10057: It has not shipped yet. It has not shipped yet, so"
    if re.search(r"\[[a-z]{1,3}-?\d{3,}\]", low):
        return False  # "Stormhold 1 Ultralight Tent — 203.00 EUR, in stock [P1233]": no ids
    if DEALS.search(low) and not DEALS.search(" ".join(
            str(v) for k, v in facts.items() if k not in ("query", "question", "text"))):
        return False  # "These tents are on sale": the shop's data has no sale or discount
    given = " ".join(str(v) for v in facts.values()).lower()
    if any(a not in given for a in ADDRESS.findall(low)):
        return False  # "You can find it in theuchs.co.uk" (make chat): no such address given
    if kind not in HANDOFF_KINDS and HANDED_OVER.search(low):
        return False  # "I've passed our conversation to a person" under a list (make chat)
    if kind in LISTS and re.search(r"\bi'?m afraid\b|\bonly one who can help\b", low):
        return False  # "I'm afraid I'm the only one who can help." opened a list (make chat)
    if kind == "product_answer":
        name = str(facts.get("product", "")).split(" (")[0]
        named = name.lower() in low or (name.split() or [""])[0].lower() in low
        answer = str(facts.get("answer", ""))
        negative = bool(re.match(r"(sorry|no)\b", answer, re.I)) or "out of stock" in answer
        if re.search(r"does not (?:mention|say|give)\b|\bgives no\b|\bno listing (?:gives|says|"
                     r"mentions)\b", answer) and (
                not UNKNOWN.search(reply) or (re.match(r"\s*(?:yes|no)\b", low) and
                                              not re.match(r"(?:yes|no)\b", answer, re.I))):
            # "does not have a hood" for "our listing does not mention a hood"; the price
            # alone for "… does not say how many people it is for", or for "… does not
            # give their dimensions" (make chat); "Yes, the Starfall UL Tent does not say
            # which season it is made for." (a retrained adapter): silence is no yes; the
            # price alone for "… no listing gives them in dollars" (make chat)
            return False
        if "\nDetails —" not in answer and (figures := _figures(answer) - _figures(name)) \
                and not figures & _figures(reply):
            # "The Starfall UL Tent costs 338.00 EUR." for "… weighs 1660 g" (make chat,
            # "how heavy is the first one?"): a figure of the answer must be in the draft
            return False
        return named and (bool(NEGATIVE.search(reply)) == negative or not
                          re.match(r"(yes|no|sorry)\b", answer, re.I))
    if kind == "product_results" and str(facts.get("count", "")) not in ("", "1") and re.search(
            r"\b(?:the )?only one\b", low):
        return False  # "... 640 g and is the only one of the three" of a list of five (live)
    if not all(str(w).lower() in low for w in facts.get("unlisted") or ()):
        return False  # the list without "No listing here mentions kids."
    if kind == "product_results" and not all(
            re.search(rf"(?<![\w-]){re.escape(str(w))}(?![\w-])", reply, re.I)
            for w in facts.get("narrowed") or ()):
        return False  # "do you have jackets in XXL?": five jackets, and no word of the size
    if facts.get("unrated") and not re.search(r"\bno (?:ratings?|reviews?)\b|\bnot rated\b", low):
        return False  # "what's your best tent?": a draft that calls one of them the best
    if facts.get("unsorted") and str(facts["unsorted"]) not in reply:
        return False  # head torches "with a long battery life", none of which lists one
    if facts.get("needed") and str(facts["needed"]) not in reply:
        return False  # "how many lumens do I need?": five lamps, as if they were the answer
    if facts.get("asked_note") and not _figures(str(facts["asked_note"])) <= _figures(reply):
        return False  # a tent and a bag on 300 EUR: the list without what the set comes to
    if kind in LISTS and not _count_is_right(low, facts):
        return False  # "I found one for you: the Bluster …, the Downpour …" and three more
    if kind in LISTS and re.search(r"\b(?:didn'?t|did not) (?:quite )?(?:get|understand|catch)\b|"
                                   r"\bwhat you mean\b", low):
        return False  # "I didn't quite get that. Could you tell me what you mean by ..." (live)
    if kind in ("product_results", "recommendation", "compare"):
        return _mentions_product(reply, str(facts.get("products", ""))) and (
            kind != "compare" or _cheaper_is_right(reply, facts))
    if kind == "product_none":
        return bool(NEGATIVE.search(reply)) or "nothing" in low
    if kind in ("order_status", "cancel_order", "order_not_found"):
        if str(facts.get("order_id", "")) not in reply:
            return False
        if kind == "cancel_order":
            # "It holds no hiking boots": the boots the customer named are not in it
            absent = re.search(r"It holds no ([^;]+);", str(facts.get("cancel_text", "")))
            return "cancel" in low and (not absent or absent[1].lower() in low)
        if kind == "order_status":
            key = {"processing": r"prepar|process|not (yet )?shipped|not yet",
                   "shipped": r"shipped|on (its|the) way", "out_for_delivery": r"out for deliv",
                   "delivered": r"delivered", "cancelled": r"cancell?ed",
                   "returned": r"returned"}.get(str(facts.get("status")), r".")
            # a late order, or "when will it arrive?" of a delivered one: the person offered
            # under the reply is said, or the button stands unexplained
            offered = "talk to a human" in str(facts.get("details", "")).lower()
            # "when did I order it?", "how much did I pay?": the day or the total asked
            asked = re.findall(r"It (?:came to|was ordered on) (.+?)\.(?=\s|$)",
                               str(facts.get("details", "")))
            return bool(re.search(key, low)) and (not offered or bool(re.search(
                r"\bteam\b|\bhuman\b|\bperson\b", low))) and all(a in reply for a in asked)
        return True
    if kind == "order_ask_id":
        return "number" in low
    if kind == "policy":
        return len(_words(reply) & _words(str(facts.get("policy", facts.get("text", ""))))) >= 3
    if kind == "handoff":
        return bool(re.search(r"team|person|human|staff|colleague|agent", low))
    if kind in ("thanks", "goodbye", "greeting") and re.search(r"\bsorry\b|apologi", low):
        return False  # "I'm sorry to hear that. Goodbye!" answered "thanks, bye"
    if kind == "thanks":  # "I'm glad to know you're interested in …" is not a reply to thanks
        return bool(re.search(r"welcome|pleasure|(?:happy|glad) (?:to|i could) help|any ?time|"
                              r"no problem", low))
    if kind == "goodbye":  # "Goodbye! I'm the shop assistant of X." (live): an introduction;
        # "Thanks, that is all." (make chat) echoed the customer's "thanks, that is all"
        return bool(re.search(r"bye|see you|thanks? (?:you )?for|take care|have a (?:nice|good|"
                              r"great|lovely)|until next time", low)) and not re.search(
            r"\bi(?:'m| am) (?:just |only )?(?:the|your|a) (?:\w+ )?assistant", low)
    if kind == "greeting" and facts.get("name_said") and str(
            facts["name_said"]).split()[0].lower() not in low:
        return False  # "hi, I'm Tom" answered "Hello! I'm the assistant of …", no word of Tom
    if kind == "greeting":
        return bool(re.search(r"\b(hi|hello|welcome|good (morning|evening|afternoon))\b", low))
    if kind == "no_product_context":  # must ask, never answer about a product not shown
        return bool(re.search(r"\bwhich\b|what (product|item|are you)|tell me", low)) \
            and not re.match(r"\s*(yes|no)\b", low)
    if kind == "reset":
        return bool(re.search(r"fresh|start|clear|over|new", low))
    if kind in ("small_talk", "out_of_scope", "clarify", "help"):
        given = " ".join(str(v) for v in facts.values())  # e.g. "... boots under 120"
        return bool(re.search(r"help|can|assist", low)) and all(
            n in given for n in re.findall(r"\d{2,}", reply))
    return True
