"""The rules of core.in_context for a message about the list shown: "brightest one?",
"which ones have a rain cover?", "a warmer one", "I have flat feet, which one?", "how many
are left?"."""

from __future__ import annotations

import re
from dataclasses import replace

from . import attribute_answers, unsaid
from . import facts as F
from .followups import asks_popular, orders_by, same_kind, wants_similar
from .reading import (ANOTHER, FOLLOW_ON, NAMED, OPENING, Context, Reading, earlier_question,
                      is_unsure, taken_as)
from .slots import position_beyond
from .superlatives import comparative, superlative

# "one with a hood", "a warm one", "with a rain cover?": asks for a product, not about one
# shown (a question to the classifier at 0.4-0.5; "one of them …" is about those shown)
_A_ONE = re.compile(OPENING + r"(?:a|an|one(?! of)|something|with)\b", re.I)
# "a warmer one", "something a bit cheaper": another product, beyond the one looked at
# ("no, cheaper than that", "even lighter": it named the cheapest of those shown)
_ANOTHER_ER = re.compile(r"\b(?:a|an|something|anything|any)\s+(?:(?:a\s+)?(?:bit|little|lot|"
                         r"much|slightly)\s+)?[a-z]+er\b|\b[a-z]+er than (?:that|those|these|them|"
                         r"this)(?: ones?)?\W*$|\beven [a-z]+er\W*$", re.I)
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


# "is merino itchy?", "does down clump?": a question of what every product shown is made of
_OF_WHAT_ALL = re.compile(r"\W*(?:(?:and|so|but|ok)\W+)?(is|are|does|do) ([a-z][a-z-]+) "
                          r"(?!(?:it|they|this|that|these|those|one|ones|the|a|an)\b)", re.I)


def _shared(word: str, shown: list[dict]) -> bool:
    """Is `word` in the name or the material of every product shown ("merino" of five
    merino tees)?"""
    return all(re.search(rf"\b{re.escape(word)}\b", f"{p.get('name', '')} "
                         f"{(p.get('attributes') or {}).get('material', '')}", re.I) for p in shown)


def of_the_list(r: Reading, c: Context) -> Reading:
    """Rules for a message about the list shown."""
    u, text = r.u, r.text
    state, shown, history = c.state, c.shown, c.history
    if len(shown) > 1 and (m := _OF_WHAT_ALL.match(text)) and _shared(m[2], shown) and not any(
            u.slots.get(k) for k in ("product_ids", "category", "brand", "order_id")):
        # "is merino itchy?" of five merino tees ("which one do you mean?"): of each of them
        u = taken_as(u, "product_question")
        text = f"{'are' if m[1].lower() in ('is', 'are') else 'do'} they {text[m.end():]}"
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
    if len(shown) > 1 and FOLLOW_ON.match(text) and not any(u.slots.get(k) for k in NAMED) and (
            m := _WHICH_HAVE.match(earlier_question(history))) and re.fullmatch(
            r"(?!(?:for|in|under|over|with|without|from|by|to|at|on)\b)(?:an? |some )?"
            r"[a-z][a-z -]{1,30}", rest := FOLLOW_ON.sub(
                "", text, count=1).strip(" ?!.,").lower()) and len(rest.split()) <= 4:
        # "and a hood?" after "which ones have pit zips?": which have a hood (a search for
        # hooded jackets of every kind)
        u, text = taken_as(u, "product_question"), f"{m[0].strip()} {rest}?"
    if len(shown) > 1 and u.intent in ("product_search", "recommendation") and \
            unsaid.which_asked(text) and not any(u.slots.get(k) for k in NAMED):
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
    if shown and _HOW_MANY_LEFT.match(text) and not any(u.slots.get(k) for k in NAMED):
        # "how many do you have?" after a stove ("say it another way"), "how many are left?"
        # after stoves ("none of these says how many are left it comes with"): the stock
        u, text = taken_as(u, "product_question"), (
            "is it in stock?" if state.get("focus") or len(shown) == 1 else "are they in stock?")
    if len(shown) > 1 and (m := _BARE_EST.fullmatch(text)) and m[1].lower() not in F.NOT_EST \
            and not orders_by(text) and not any(u.slots.get(k) for k in NAMED):
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
    return replace(r, u=u, text=text)
