"""What a message gets when it goes on with the last search, once the classifier has read
it: a bare size ("and 44?"), more of the same ("show me more"), the price bound dropped,
a kind within it ("only jackets"), a narrowing ("what about red ones?", "they should be
waterproof") or what the things are for ("for trails"); and the question a size step asks
("one size bigger?").

A mixin of core.turns.TurnLogic, whose `products`, `more_products`, `_noted` and
understander it uses; a routing stage after core/routes_orders.py (core/turn.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import kit_budget
from .followups import (asks_all, dislikes_shown, more_results, narrows, next_size,
                        points_at_one, refines, wants_similar)
from .reading import ANOTHER, CONFIDENCE_FLOOR, FOLLOW_ON, OPENING, is_unsure, taken_as
from .turn import Done, Turn

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
# "what about 120?", "and 150 euros?": another amount alone
_BARE_AMOUNT = re.compile(r"\W*(?:(?:ok|and|so|hmm|maybe)\W+)*(?:(?:what|how) about\s+)?"
                          r"(?:up to\s+)?(\d{2,4})\s*(?:€|eur\w*|euros?|bucks)?\W*", re.I)
# "without the price limit", "forget the budget", "any price": the last search's price
# bound dropped
ANY_PRICE = re.compile(r"\b(?:without|no|ignore|forget|drop|remove|never ?mind|lift)\b[^.?!]{0,12}?"
                       r"\b(?:price|budget|cost)(?: (?:limit|cap|range|filter|bound))?\b|"
                       r"\bany price\b|\b(?:price|budget|cost) (?:doesn'?t|does not) matter\b|"
                       r"\bmoney is no (?:object|issue)\b", re.I)


# "in 43-46", "size L please", "black": a size or a colour said alone
_VARIANT_ALONE = re.compile(r"\W*(?:(?:ok|and|oh|actually|then)\W+)*(?:in\s+)?(?:(?:size|colou?r)"
                            r"\s+)?[\w.-]+(?:\s+please)?\W*", re.I)


class SearchRoutes:
    async def _of_searches(self, t: Turn) -> Done | None:
        state, text, u, shown, keeps_search = t.state, t.text, t.u, t.shown, t.keeps_search
        if state.get("last_intent") == "place_order" and state.get("focus") and (
                state.get("quantity") or [None, 1])[1] > 1 and state["quantity"][0] == state[
                "focus"] and (u.slots.get("size") or u.slots.get("color")) and \
                _VARIANT_ALONE.fullmatch(text):
            # "in 43-46" after "I want to buy 3 pairs of the Quarter Heavy Hiking Socks": that
            # purchase in that size (every sock in 43-46 was listed); of one bought, whether
            # it comes in it (core/in_context)
            said = f"size {u.slots['size']}" if u.slots.get("size") else u.slots["color"]
            text = f"I'll take it in {said}"
            u = taken_as(u, "place_order")
        last = state.get("search") or {}
        if len(last.get("needs") or ()) > 1 and kit_budget.SET_ASKED.search(text) and (
                cheapest := self.cheapest_set(last["needs"], last.get("filters") or {})):
            # "which combination is cheapest?" after a tent and a sleeping bag: the cheapest
            # of each together, as the list's note counts them (it gave the cheapest bag shown)
            return [await self.say("product_pick", product="", question=text,
                                   answer=kit_budget.note(None, *cheapest))], \
                "product_question", u.confidence
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
        if about_focus and is_unsure(u) and (u.slots.get("color") or u.slots.get("size")):
            u = taken_as(u, "product_question")  # "in green" of the tent chosen (0.33: a miss)
        if state.get("search") and state.get("shown") and (
                more_results(text) or dislikes_shown(text)) and state.get(
                "last_intent") in ("product_search", "recommendation", "product_question",
                                   "compare"):
            # "show me more", "any others?" (small talk or unsure to the classifier): the
            # next products of the same search; a search for the words found the same ones.
            # "I don't like any of them" too (a complaint at 0.84: handed to a person)
            state["misses"] = 0
            state["last_intent"] = "product_search"
            return [await self.more_products(state, turned_down=dislikes_shown(text))], \
                "product_search", u.confidence
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
        bounds = ((state.get("search") or {}).get("filters") or {}).keys() & {
            "min_price", "max_price"}
        if len(bounds) == 1 and (m := _BARE_AMOUNT.fullmatch(text)):
            # "what about 120?" after boots under 100: under 120 (it read "around 120": 96 to
            # 144; "and 120 euros?" was a search of every kind for the words); after tents
            # over 400, over 300
            u = replace(u, slots={**{k: v for k, v in u.slots.items()
                                     if k not in ("min_price", "max_price")},
                                  bounds.pop(): float(m[1])})
        if state.get("search") and u.slots.get("category") and _ONLY_KIND.match(text) and any(
                k != "category" for k in state["search"].get("filters") or {}):
            # "only jackets" after Torvik's products: Torvik's jackets (all jackets before),
            # the search kept as a sort is
            keeps_search = True
        if keeps_search or state.get("search") and refines(text, u.slots) and not about_focus and (
                # "any alternative that is waterproof?" of the boot asked about: like it
                not (state.get("focus") and wants_similar(text))) and (
                u.intent in ("product_search", "recommendation", "out_of_scope", "small_talk",
                             "compare")  # "what about for summer?" after bags for -10
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
        t.text, t.u, t.about_focus = text, u, about_focus
        return None


def other_size(state: dict, step: int) -> str:
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


_BARE_VARIANT = re.compile(r"\W*(?:(?:and|ok|okay|so|but)\W+)*(?:in|size|what about|how about)\b",
                           re.I)


def _variant_again(state: dict, text: str, slots: dict) -> bool:
    """"And in black?" or "size L?" right after "does it come in blue?", or "size 45" right
    after the one product's card (a search of every kind in 45): that product in another
    colour or size (it was a search for black rain jackets); "and black ones?" still is one."""
    # "in size 43" right after "I'll take that one": that one in 43 (a search of every kind)
    chosen = state.get("last_intent") == "place_order"
    # "in 43?" right after "the third one" of a list: that boot (a search of every boot);
    # of a list kept to size 42, "what about 43?" is the list in 43 still
    kept = (state.get("search") or {}).get("filters") or {}
    picked = state.get("last_intent") == "product_question" and state.get("focus") in (
        state.get("shown") or ()) and bool(_BARE_VARIANT.match(text)) and not any(
        slots.get(k) and kept.get(k) for k in ("size", "color"))
    alone = state.get("focus") and (state.get("shown") == [state["focus"]] or chosen or picked)
    return bool((state.get("variant") or alone) and state.get("last_intent") in (
                    "product_question", "place_order")
                and (slots.get("color") or slots.get("size"))
                and not any(slots.get(k) for k in ("category", "brand", "product_ids"))
                and len(text.split()) <= 5 and not re.search(r"\bones\b", text.lower()))


def _bare_size(text: str, sizes) -> str | None:
    """The size a short message says without the word ("is 38 in stock?", "and XL?"): a
    number or letter size the catalogue sells; None in a longer message, or of none."""
    words = re.findall(r"[\w.]+(?:['’]\w+)?", text)  # "what's" is no "s": size S
    sold = {str(s).lower(): str(s) for s in sizes}
    said = [sold[w.lower()] for w in words if w.lower() in sold and re.fullmatch(
        r"\d+(?:\.\d)?|x{0,3}[sml]|x{1,3}l", w, re.I)]
    return said[0] if len(words) <= 5 and len(said) == 1 else None
