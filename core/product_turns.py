"""The product side of a turn: what a product intent does, and which products a question is
about (a search and its list are in core/search_turns.py, the answers about those shown in
core/shown_turns.py, suggestions in core/suggest_turns.py).
Mixed into core.turns.TurnLogic, whose catalog, search, recommender and `say` it uses;
kept apart so that the routing there stays readable.

Every product fact in a reply comes from the catalogue rows found here; a property no
listing gives is said to be missing, never computed or guessed.
"""

from __future__ import annotations

import re

from . import attribute_answers, kind_guide, synonyms, unsaid, uses
from . import facts as F
from .embeddings import dictionary_words
from .followups import (as_feature, asks_for_a, asks_popular, names_a_need, only_compares,
                        orders_by, other_kind, owned_only, same_kind, wants_similar,
                        without_owned)
from .reading_product import POINTED
from .retrieval import filters_from_slots, product_passes
from .search_turns import SearchTurns, in_sizes
from .shown_turns import show
from .suggest_turns import SuggestTurns, compares_by, hobby_of
from .slots import one_position_twice, position_beyond, singular


# "and a mat?", "what about a pillow?": another thing, after a list
_AND_A_THING = re.compile(r"\W*(?:and|also|plus|what about|how about)\s+(?:an?|some)\s+"
                          r"([a-z][a-z -]{1,30}?)\W*", re.I)
# "which dries faster?", "which one smells less?": a comparison of what was compared
_WHICH_MORE = re.compile(r"\W*(?:(?:and|so|ok|but)\W+)?which(?: one)?\s+((?:is|are|does|do|"
                         r"[a-z]+s)\s+(?:[a-z]+er|more\s+[a-z]+|less|better|worse)(?:\s+[a-z]+)?)"
                         r"\W*", re.I)
# "which is better for a day hike?", "which is best for running?"
_BETTER_FOR = re.compile(r"\b(?:better|best|more suitable|most suitable|suits?|recommend)\b.*?\b"
                         r"(?:for|on) ((?:an? |the )?[\w' -]{2,30}?)\W*$", re.I)


def _priced_other(text: str, shown: list) -> bool:
    """"How much is a gift card?" after a watch was shown: the price of a thing no product
    shown is (it gave the watch's price); "how much is a pair?", "how much is one?" are of
    the product shown."""
    m = _PRICE_OF_A.search(text)
    if not m:
        return False
    words = [w for w in re.findall(r"[a-z]{3,}", text[m.end() - 1:].lower())
             if w not in ("pair", "pairs", "one", "piece", "set", "pack", "unit", "each",
                          "cost", "costs", "them", "those", "these", "this", "that")]
    listed = " ".join(f"{p.get('name', '')} {p.get('category', '')}" for p in shown).lower()
    # the thing is the phrase's last word: "a watch strap" is no watch
    return bool(shown) and bool(words) and words[-1].rstrip("s")[:5] not in listed


# "how much is a gift card?", "what do your tents cost?": the price of a kind, not of one shown
_PRICE_OF_A = re.compile(r"\b(?:how much (?:is|are|does|do|would|will)|(?:what(?:'s| is| are)? )?"
                         r"the price of|what (?:does|do)) (?:an?|one|your) [a-z]", re.I)


class ProductTurns(SearchTurns, SuggestTurns):
    """Needs from its host: catalog, search, recommender (or None), orders and `say`."""

    async def product_turn(self, conv, state, intent, slots, text, shown):
        """The reply to a product intent (search, question, compare, recommendation)."""
        if (whom := state.pop("for_whom", None)) and intent in ("recommendation",
                                                                "product_search"):
            slots = {**whom, **slots}  # "he likes running" after "something for my brother"
        if intent in ("product_search", "recommendation") and (hobby := hobby_of(text)):
            # "a gift for my dad who likes fishing": things for fishing, for men, or that
            # there are none (as advice, the nearest listed poles and bottles); a child's is
            # still for a child ("a gift for my 10 year old who likes camping": adult tents,
            # no word that no listing mentions kids)
            text, intent = f"{hobby} for kids" if F.for_a_child(text) else hobby, "product_search"
        if shown and (past := position_beyond(text, len(shown))) and not (
                set(slots.get("product_ids") or ()) - set(state.get("shown") or ())):
            # "the 7th one" of five: it was answered about the first ("compare the first
            # and the seventh": the first one's card)
            return await self.say("product_pick", product="", question=text, answer=(
                f"I listed {len(shown)} product{'s' if len(shown) > 1 else ''}, so there is no "
                f"number {past}. Which one do you mean? Say \"the first one\", \"the last "
                f"one\" or its name."))
        if not shown and not state.get("focus") and F.asks_sizing(text) and not any(
                slots.get(k) for k in ("category", "kinds", "needs", "brand")) and not \
                self.catalog.named_in(text) and not self._named_by_start(text, shown):
            # "which size should I get?", "can you help me find the right size?" with no
            # product spoken of: which one (five shoes whose listings say "size")
            return await self.say("no_product_context", question=text)
        if intent in ("product_search", "recommendation") and slots.get("category") and \
                owned_only(text, slots["category"]):
            # "I'm cold at night in my tent, what can help?": not a tent (it listed tents)
            text = without_owned(text, slots["category"])
            slots = {k: v for k, v in slots.items() if k != "category"}
        if intent in ("product_search", "recommendation") and not any(
                slots.get(k) for k in ("category", "kinds", "needs", "brand")) and \
                kind_guide.asks_kit(text) and (used := uses.asked(text)) and (
                kinds := kind_guide.kit_kinds(self._all_of([]), used[0][1])):
            # "I want to start camping, what do I need?": the kinds whose listings name it,
            # a few of each (it listed four headlamps and a tent)
            slots = {**slots, "needs": [(text, kind) for kind in kinds]}
        if shown and intent == "compare" and (twice := one_position_twice(text)):
            # "compare the first with the first": that one's card, as if compared
            one = shown[twice - 1 if twice > 0 else -1]
            return await self.say("product_pick", product="", question=text, answer=(
                f"That's the {one['name']} both times. Which other one should I compare it "
                "with? Say its number in the list or its name."))
        named = self.catalog.named_in(text)  # "the Starfall UL Tent", "the Dormant -5"
        if intent == "compare" and not named and wants_similar(text) and state.get("focus"):
            # "is there a cheaper alternative that's similar?" of the tent asked about (a
            # comparison at 0.77): like it (it listed the cheapest tents, solo ones first)
            intent = "recommendation"
        if intent in ("product_search", "recommendation") and len(named) == 1:
            if not _beside_it(text):
                # "do you have the Dormant -5 in red?", "show me the Stormline Lite": that
                # product's answer (a search listed it among four others, red unsaid); the
                # talk is of it next ("and in 46?" was a miss, then a handover)
                intent = state["last_intent"] = "product_question"
            elif wants_similar(text) or compares_by(text, slots):
                # "like the Dormant -5 but cheaper", "something similar to the Stormline
                # Lite" (they listed the named product itself, and dearer ones)
                return await self.like(state, named[0], text, slots)
        if not named and (whole := await self.of_the_range(state, text, slots, shown)):
            return whole
        refs = [p for p in shown if p["id"] in (slots.get("product_ids") or ())
                and p["id"] not in {n["id"] for n in named}]
        if intent == "compare" and len(named) == 1 and (base := (
                refs[0] if len(refs) == 1 else self.catalog.get(state.get("focus") or "")
                or (shown[0] if len(shown) == 1 else None))) and base["id"] != named[0]["id"]:
            # "how does it compare to the Kammweg Pro?" of the Granite XT asked about, "how
            # does the first one compare to the Nightjar 2?" of a list: the two side by side
            # (it said the Kammweg's listing does not say "how it compares to the"); "which
            # would you pick …?" next is of these two
            pair = [base, named[0]]
            show(state, pair)
            state["among"] = state["pair"] = [p["id"] for p in pair]
            return await self.say("compare", **F.compare_facts(pair))
        if intent in ("product_question", "compare") and named:
            # "how much is the Starfall UL Tent?": that product, listed or not
            slots = {**slots, "product_ids": [p["id"] for p in named]}
            if not {p["id"] for p in named} <= {p["id"] for p in shown}:
                show(state, named)
                shown = named
        if intent in ("product_question", "compare") and (
                other_kind(text, slots, shown) or asks_for_a(text, slots)
                or (not named and _priced_other(text, shown))):
            # "is the stove compatible with gas?" while headlamps are listed: find stoves;
            # "a stove for 2 people" while stoves are: find stoves for two
            return await self.products(state, text, slots)
        if intent == "product_question" and not named and (each := await self.each_started(
                state, text, slots, shown)):
            return each  # "is the Kammweg waterproof?": each Kammweg boot's answer
        if intent in ("product_question", "compare") and shown and not named and (
                started := self._named_by_start(text, shown)):
            # "tell me about the Stormline" while boots are listed (the first boot's card)
            return await self._list_started(state, text, started)
        if intent in ("product_question", "compare") and shown:
            return await self.about_shown(state, intent, slots, text, shown)
        if intent in ("product_question", "compare") and not slots.get("category") and not (
                intent == "product_question" and filters_from_slots(slots)
                and not POINTED.search(text)):
            # "what's the difference between the first and second one?" with nothing shown;
            # "what's in stock in green?" names what it wants: a search
            if started := self._named_by_start(text, shown):
                # "tell me about the Stormline" ("which product do you mean?" offered none)
                return await self._list_started(state, text, started)
            if orders_by(text) and (state.get("search") or {}).get("kinds"):
                # "which is warmest?" after how to choose a sleeping bag: the warmest bags
                # ("which product do you mean?" before)
                return await self.products(state, text, slots, refine=True)
            if not shown and len(kinds := (state.get("search") or {}).get("kinds") or ()) > 1 \
                    and (used := uses.asked(text)) and (better := _BETTER_FOR.search(text)):
                # "which is better for a day hike?" after trail shoes against hiking boots
                # ("which product do you mean?"): how many of each kind's listings name it
                return await self.say("product_pick", product="", question=text,
                                      answer=kind_guide.kinds_for_use(
                                          [(k, self._all_of([k])) for k in kinds], better[1],
                                          used[0][1]))
            if not shown and (state.get("search") or {}).get("kinds") and (
                    m := _WHICH_MORE.fullmatch(text)):
                # "which dries faster?" after merino and synthetic tees compared ("which
                # product do you mean?"): nothing the listings give orders them by it
                return await self.say("product_pick", product="", question=text,
                                      answer=f"Our listings don't say which {m[1]}.")
            if _PRICE_OF_A.search(text):
                # "how much is a gift card?", "how much are your tents?" with nothing shown:
                # a kind asked of, so a search, which says whether the shop sells any (it
                # asked "which product do you mean?")
                return await self.products(state, text, slots)
            return await self.say("no_product_context", question=text)
        if intent in ("product_search", "recommendation") and not named and (
                kind := slots.get("category")) and (started := self._named_by_start(
                    text, shown)) and all(p.get("category") != kind and re.search(
                    rf"\b{re.escape(singular(kind.split()[-1]))}", p["name"], re.I)
                                          for p in started):
            # "the Stormline jackets" (rain jackets, named "… Jacket"): those (it listed five
            # insulated jackets, the kind "jackets" is in this shop)
            return await self._list_started(state, text, started)
        if (intent in ("product_search", "recommendation") or intent == "product_question"
                and not shown) and not named and (
                wanted := {k: slots[k] for k in ("color", "size") if slots.get(k)}) and (
                started := self._named_by_start(text, shown)):
            # "do you have the starfall tent in green?", "is the stormhold tent available in
            # green?": the Starfall tents in green, or that none is (it listed five other
            # green tents, the Starfalls unsaid or among them)
            return await self._started_in(state, text, started, slots, wanted)
        if intent in ("recommendation", "product_search") and not any(
                slots.get(k) for k in ("category", "brand", "kinds", "needs")) and (
                present := await self.for_someone(state, text, slots)):
            return present  # "any ideas for my dad?"
        if intent in ("recommendation", "product_search") and asks_popular(text) and (
                slots.get("category") and not filters_from_slots(
                    {k: v for k, v in slots.items() if k != "category"})) and (
                popular := self._most_ordered(5, slots["category"])):
            # "most popular tent": the tents customers order most (a search for the words)
            show(state, popular)
            return await self.say("recommend_popular", products=F.product_lines(popular),
                                  cards=tuple(F.card(p) for p in popular))
        if intent in ("recommendation", "product_search") and compares_by(text, slots) and not (
                slots.get("category") or slots.get("brand") or state.get("search")) and (
                focus := self.catalog.get(state.get("focus") or "")):
            # "anything cheaper?" after a product asked about by name, no list before: of
            # its kind, cheaper than it (a search for the words said no product has them)
            return await self.like(state, focus, text, slots)
        if intent in ("recommendation", "product_search") and not (
                slots.get("category") or slots.get("brand")) and (
                focus := self.catalog.get(state.get("focus") or "")) and (
                need := _need_unmet(state, text, focus)):
            # "what would you suggest instead?" after "is the Thermal Hoody good for
            # running?" (its listing does not say): jackets for running, not ones like it
            query = f"{focus['category']} for {need}"
            return await self.products(state, query, {
                **self.understander.understand(query, {}).slots, "category": focus["category"]},
                without=(focus["id"],))
        if intent in ("recommendation", "product_search") and wants_similar(text) and \
                not (slots.get("category") or slots.get("brand")) and not (
                compares_by(text, slots) and not state.get("focus") and shown):
            # ("is there a lighter model?" of a list: lighter than those, as "anything
            # lighter?" is; it was like the products looked at before)
            # "show me similar ones" after questions about one backpack: more like it; after
            # a list with none asked about: like the ones looked at (the words searched
            # within backpacks said no product mentions them)
            if focus := self.catalog.get(state.get("focus") or ""):
                return await self.like(state, focus, text, slots)  # "like it but cheaper"
            return await self.for_you(conv, state, text, slots)
        if intent in ("recommendation", "product_search") and not (
                slots.get("category") or slots.get("brand")) and (
                state.get("search") or {}).get("unknown") and same_kind(text):
            # "warm ones" after "do you have gloves?", which no product mentions: still
            # gloves, so still none (it listed the warmest tees and sleeping bags)
            return await self.products(state, text, slots, refine=True)
        if intent in ("recommendation", "product_search") and not (
                slots.get("category") or slots.get("brand")) and (
                other := _sibling_kind(text, (state.get("search") or {}).get("filters", {}).get(
                    "category"), self._categories())):
            # "any for trail under 100?" after running shoes: trail shoes (it listed poles
            # and bottles with "trail" in their names)
            return await self.products(state, text, {**slots, "category": other})
        if intent in ("recommendation", "product_search") and not (
                slots.get("category") or slots.get("brand")) and (
                m := _AND_A_THING.fullmatch(text)) and synonyms.own_kind(m[1].split()[-1]):
            # "and a mat?" after sleeping bags: a mat, a kind of its own (sleeping bags "with
            # a mat", none of which mentions one)
            return await self.products(state, m[1], slots)
        if intent in ("recommendation", "product_search") and not (
                slots.get("category") or slots.get("brand")) and (
                (state.get("search") or {}).get("filters", {}).get("category")) and same_kind(text):
            # "something with good cushioning" after running shoes: running shoes, not socks
            return await self.products(state, as_feature(text), slots, narrow=True)
        if intent in ("recommendation", "product_search") and not (
                slots.get("category") or slots.get("brand")) and state.get("search") and \
                state.get("shown") and only_compares(text):
            # "something smaller?" after presents for a dad (pans, a daypack): smaller ones
            # of that search (it said no product mentions "something smaller")
            return await self.products(state, text, slots, refine=True)
        if intent in ("recommendation", "product_search") and not (
                slots.get("category") or slots.get("brand") or names_a_need(text)):
            # "anything similar?" (the classifier says product_search) / "what do you
            # recommend?"; "a rain jacket for my wife" and "something for cooking on a
            # trip" name what they want: a search
            if state.get("focus"):
                return await self.more_like(state, state["focus"])
            return await self.for_you(conv, state, text, slots)
        return await self.products(state, text, slots, advice=intent == "recommendation")

    def no_accessory(self, thing: str, owner: dict) -> str | None:
        """"Do you have a liner for it?" of a sleeping bag, when the products called
        liners are of another kind and none names the owner's kind: that said ("our only
        liners are socks"); None when one does, or none is called that (the search says)."""
        word = thing.lower().split()[-1].rstrip("s")
        called = [h.product for h in self.search.search(thing, {}, 10)
                  if re.search(rf"\b{re.escape(word)}", h.product["name"], re.I)]
        kind = str(owner.get("category") or "")
        if not called or any(word in k for k in self._categories()) or any(
                p.get("category") == kind or unsaid.holds(p, kind.split()) for p in called):
            return None  # "socks to go with it": a kind the shop sells as such
        kinds = sorted({str(p.get("category")) for p in called})
        a = "" if thing.endswith("s") else "an " if thing[0] in "aeiou" else "a "
        return (f"Sorry, I can't find {a}{thing} for the {owner['name']}: the only "
                f"{word}s we sell are {F.in_words(kinds)}.")

    def _named_by_start(self, text: str, shown: list) -> list:
        """The products whose names start with words `text` says ("the Stormline": four
        Stormline jackets). With products shown, only a name's first word as the customer
        wrote it, capitalised, or one that is no English word ("a thermal lining?" of the
        boots is no Thermal jacket), and none when one of them is shown (then the question
        is of those shown)."""
        started = getattr(self.catalog, "named_by_start", lambda _: [])(text)
        if not shown:
            return started
        # "kammweg boots in size 50" still: a first word that is no English word; "can I
        # use it on a campfire?" names a kind, not the Campfire pots (after "a", "an")
        started = [p for p, first in ((p, re.escape(p["name"].split()[0])) for p in started)
                   if (re.search(rf"\b{first}\b", text) or first.lower() not in
                       dictionary_words()) and not re.search(rf"\b(?:a|an)\s+{first}\b",
                                                             text, re.I)]
        return [] if {p["id"] for p in started} & {p["id"] for p in shown} else started

    async def each_started(self, state, text, slots, shown):
        """"Is the Kammweg waterproof?", "what's the warranty on the Stormhold tent?": each
        product whose name starts so (of the kind named, five at most) answers from its own
        listing (it listed them, the question unanswered, or gave the warranty policy
        whole); None when the question asks none of them anything a listing answers."""
        started = [p for p in self._named_by_start(text, shown)
                   if slots.get("category") in (None, p.get("category"))][:5]
        said = [attribute_answers.answer(p, text, F.money(p)) for p in started]
        if not started or not all(said):
            return None
        show(state, started)
        if len(said) > 1:  # numbered, as a list is: "the second one in green?" next
            said = [f"{i}. {s}" for i, s in enumerate(said, 1)]
        return await self.say("product_pick", product="", question=text, answer="\n".join(said),
                              cards=tuple(F.card(p) for p in started))

    async def _list_started(self, state, text, started, filters=None):
        """Those products, five at most, to pick from (`filters`: the size or colour they
        were asked in, said in the heading)."""
        show(state, started[:5])
        return await self._results(text, filters or {}, None, started[:5])

    async def _started_in(self, state, text, started, slots, wanted):
        """The products a name's start points at ("the Kammweg boot") in the colour or size
        asked for; when none is, that said with what each does come in."""
        if len(groups := _by_start(started)) > 1:
            return await self._each_started_in(state, text, groups)
        if kind := slots.get("category"):
            started = [p for p in started if p.get("category") == kind] or started
        fits = [p for p in started if product_passes(p, filters_from_slots(wanted))]
        # "and in 45?" next: these by name, in another size
        state["search"] = {"query": started[0]["name"].split()[0], "sort": None,
                           "filters": filters_from_slots({**wanted, "category": kind}),
                           "seen": [p["id"] for p in (fits or started)[:5]]}
        if fits:
            return await self._list_started(state, text, fits, filters_from_slots(wanted))
        started = started[:5]
        show(state, started)
        return await self.say("product_pick", product="", question=text,
                              answer=_none_comes_in(started, wanted),
                              cards=tuple(F.card(p) for p in started))

    async def _each_started_in(self, state, text, groups):
        """"Do you have the Ridgeline boot in 44 and the Stormhold tent?": each name's
        products in what its own part of the message asks, numbered as one list (it said
        only "No Stormhold comes in size 44: … comes in sizes ." of the tents)."""
        at = sorted((m.start(), start) for start in groups
                    if (m := re.search(rf"\b{re.escape(start)}\b", text, re.I)))
        lines, listed = [], []
        for n, (begin, start) in enumerate(at):
            said = self.understander.understand(
                text[begin:at[n + 1][0] if n + 1 < len(at) else len(text)], {}).slots
            group = [p for p in groups[start] if said.get("category") in (None, p["category"])
                     ] or groups[start]
            wanted = {k: said[k] for k in ("color", "size") if said.get(k)}
            fits = [p for p in group if product_passes(p, filters_from_slots(wanted))][:5]
            if not fits:
                lines.append(_none_comes_in(group[:5], wanted))
                continue
            how = f" in {wanted['color']}" if wanted.get("color") else ""
            how += f" in size {wanted['size']}" if wanted.get("size") else ""
            lines.append(f"{start.capitalize()}{how}:")
            lines += [f"{len(listed) + i}. {line.partition('. ')[2]}" for i, line in
                      enumerate(F.product_lines(fits).splitlines(), 1)]
            listed += fits
        show(state, listed)
        return await self.say("product_pick", product="", question=text,
                              answer="\n".join(lines), cards=tuple(F.card(p) for p in listed))


def _by_start(products: list[dict]) -> dict[str, list[dict]]:
    """The products by the first word of their names, lower-cased, in order."""
    groups: dict[str, list[dict]] = {}
    for p in products:
        groups.setdefault(p["name"].split()[0].lower(), []).append(p)
    return groups


def _none_comes_in(started: list[dict], wanted: dict) -> str:
    """"No Ridgeline comes in size 50: the Ridgeline … comes in sizes 39 to 46 and …"; a
    listing with no sizes is of one size, as a product's own answer says ("comes in sizes
    ." of the Stormhold tents)."""
    key = "colors" if "color" in wanted else "sizes"
    what = wanted["color"] if key == "colors" else f"size {wanted['size']}"
    each = [f"the {p['name']} " + ("comes in " if n == 0 else "in ") + (
            (f"sizes {in_sizes(p['sizes'])}" if p.get("sizes") else "one size")
            if key == "sizes" else F.in_words(p["colors"]) or "no colour its listing gives")
            for n, p in enumerate(started)]
    return f"No {started[0]['name'].split()[0]} comes in {what}: {F.in_words(each)}."


def _sibling_kind(text: str, kind: str | None, kinds: list[str]) -> str | None:
    """The other kind of the same thing that the message names by its own word: "trail"
    after running shoes is trail shoes, "rain" after jackets rain jackets; None else."""
    if not kind:
        return None
    head = kind.split()[-1]
    for other in kinds:
        word = other[:-len(head)].strip() if other != kind and other.endswith(f" {head}") else ""
        if word and re.search(rf"\b{re.escape(word)}\b", text, re.I):
            return other
    return None



def _beside_it(text: str) -> bool:
    """"something like the Stormline Lite", "cheaper than the Dormant -5": a search that
    names a product to say what else is wanted."""
    return wants_similar(text) or bool(re.search(  # not "I'd like the Stormline Lite"
        r"(?<!\bi'd )(?<!\bwould )(?<!\bi )\blike\b|\b(?:than|instead of|other than|rather "
        r"than|except|besides|apart from|alternatives?|vs|versus)\b", text.lower()))


def _need_unmet(state: dict, text: str, focus: dict) -> str:
    """"running" when "what would you suggest instead?" follows "is it good for running?"
    (a use the last question about the product in focus asked of it); "" otherwise."""
    if not re.search(r"\b(?:instead|else)\b", text, re.I) or re.search(
            r"\blike (?:it|this|that)\b|\bsimilar\b", text, re.I):
        return ""  # "anything else like it?": like it
    # the use asked, not one in the product's name ("how heavy is the Col Mid Hiker?")
    asked = F.without_names(str((state.get("asked") or [""])[0]), [focus])
    return " and ".join(dict.fromkeys(w.lower() for w, _ in uses.asked(asked)))
