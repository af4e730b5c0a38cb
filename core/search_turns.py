"""A search and the list it shows: the words and filters read into a catalogue search, a
search narrowed or refined, more of it ("show me more"), the nearest products when nothing
matches, and the list's reply with what it was narrowed to and its order.

Mixed into core.turns.TurnLogic under ProductTurns (core/product_turns.py), which decides
when a product intent is a search; uses its catalog, search and `say`. Every product in a
list is a catalogue row found here; a filter nothing meets is said, never dropped in silence.
"""

from __future__ import annotations

import re

from . import attribute_answers, attribute_filters, kind_guide, kit_budget, superlatives, synonyms
from . import uses
from . import facts as F
from .followups import names_a_thing, orders_by
from .hit_order import arranged, best_of, depth, near_key, of_kinds, ordered, past
from .retrieval import NO_THING, PREPOSITION, content_words, filters_from_slots, thing_words
from .shown_turns import show
from .slots import AND, name_words, shown_count, singular, size_order
from .suggest_turns import that_beat
from .superlatives import comparative, first_by, nothing_beyond, value
from .wording import in_words, sizes_in_words


# said after the next products when the list before was turned down ("I don't like any of
# them"): it relisted without a word of what could narrow it
TURNED_DOWN = ("If these don't suit either, tell me what should be different (a lower price, "
               "another colour or size, what it is for) and I'll narrow the search.")


# words of a part that asks for no thing beyond retrieval.NO_THING's (which has "hi", "hello"
# and the times of day): thanks, and the rest of a greeting ("hi there, do you have
# headlamps?" said no product mentions "hi there")
_NO_ASK = frozenset("""thanks thank thx great cool perfect there good day dear team folks
everyone all guys greetings""".split())


class SearchTurns:
    """Needs from its host: catalog, search and `say`."""

    def _size_list(self, category: str | None) -> list[str]:
        """The sizes a kind comes in, smallest first."""
        hits = self.catalog.search("", {"category": category} if category else {}, 1000)
        return sorted({str(s) for h in hits for s in h.product.get("sizes") or ()},
                      key=size_order)

    def size_system(self, size: str, category: str | None) -> dict:
        """What the size_system reply says of a "UK 9" asked in EU: the kind's sizes, or,
        of no kind, those of every kind sized in plain numbers (shoes and boots)."""
        if category:
            return {"size": size, "category": category, "sizes": self._sizes_of(category)}
        kinds: dict[str, set] = {}
        for p in self._all_of([]):
            kinds.setdefault(p.get("category") or "", set()).update(map(str, p.get("sizes") or ()))
        numbered = {k: v for k, v in kinds.items() if k and v and all(
            re.fullmatch(r"\d+(?:\.5)?", s) for s in v)}
        return {"size": size, "category": in_words(sorted(numbered)) or "products",
                "sizes": in_sizes(set().union(*numbered.values()))}

    def _sizes_of(self, category: str | None) -> str:
        """The sizes a kind comes in, in words ("36 to 47", "XS, S, M and L"); "" when it
        lists none."""
        return in_sizes(self._size_list(category))

    async def products(self, state, text, slots, refine: bool = False, narrow: bool = False,
                       advice: bool = False, without: tuple = ()):
        """Search and show up to 5 products. `refine`: the message only adds filters to the
        last search ("only the blue ones"), so that search's words and filters carry over
        (its own words are filters and filler: "blue" is a filter, not a query word).
        `narrow`: it adds words too ("something with good cushioning"): both searches'
        words, the last one's filters. "cheap"/"premium" (slot price_sort) order the
        relevant hits by price, "lighter"/"warmest"/... by that attribute (those that do
        not list it last). `advice`: a request for a recommendation ("what should I get
        for my first marathon?"), whose nearest products are the advice even when no
        product mentions its words. `without`: ids not to list (the product turned down)."""
        filters = filters_from_slots(slots)
        query, sort = text, slots.get("price_sort") or orders_by(text)
        last = state.get("search") or {}
        needs = (slots.get("needs") if not (refine or narrow) else
                 last.get("needs") if refine and not filters.get("category") else None)
        kinds = slots.get("kinds")  # "trail running shoes": those two kinds only
        if (refine or narrow) and last:
            query = last["query"] if refine else f"{last['query']} {text}"
            # one says how warm as the other does: "and for summer?" after bags for -10 is
            # summer bags (nothing matched "-10 °C or lower for summer")
            warmth = [k for k in _WARMTH if k in filters]
            filters = {**{k: v for k, v in last.get("filters", {}).items()
                          if not warmth or k not in _WARMTH}, **filters}
            sort = sort or last.get("sort")
            # "and in women's?" after rain jackets found by words: rain jackets, not the
            # women's socks the words also reach; a category named now replaces them
            kinds = None if filters.get("category") or not refine or not content_words(
                last["query"]) else last.get("kinds")  # a browse's kinds are what it showed
            if slots.get("price_sort") and not last.get("seen") and not any(
                    slots.get(k) for k in ("min_price", "max_price")):
                # "what's the cheapest you have?" after no tent under 100: the cheapest at any
                # price (it said again that nothing is under 100)
                filters = {k: v for k, v in filters.items() if k not in ("min_price", "max_price")}
        bound = {k: v for k, v in last.get("filters", {}).items()
                 if k in ("min_price", "max_price")}
        if bound and not (refine or narrow) and not any(filters.get(k) for k in (
                "category", "brand", "min_price", "max_price")):
            # "something warm" after "budget is 100" for a present: within it still (it
            # listed sleeping bags at 285 EUR); a kind named ("tents") is a new search
            filters = {**filters, **bound}
        if filters.get("category") and not slots.get("price_sort") and orders_by(text):
            # by what the kind lists: "anything smaller?" of tents, fewer persons (tents
            # list no litres, and the sort by capacity left them in any order)
            sort = orders_by(text, filters["category"], getattr(
                self.catalog, "current_vocabulary", dict)().get("listed_by"))
        if needs and refine and (said := " ".join(
                str(slots[k]) for k in ("color", "size") if slots.get(k))):
            # "in red" after "a tent and a sleeping bag": red ones of each kind (a colour
            # counts for the part that names it, and this one names them all)
            needs = [(f"{part} {said}", kind) for part, kind in needs]
        if needs:
            # "a tent and a sleeping bag": the best few of each kind, one numbered list;
            # "cheaper ones" after it: of each kind still
            base = {k: v for k, v in filters.items() if k != "category"}
            caps, kit = self._kit(needs, base, text)
            found, missed = self._each_kind(needs, base, sort, caps=caps)
            if found:
                if missed:  # "a red tent and …" with no red tent: said after the list
                    _note(state, "kinds_unmatched", missing=F.in_words(missed, "or"))
                if unsold := self._unsold_parts(text, [kind for _, kind in needs]):
                    # "a tent, a sleeping bag and a hammock": the hammock was left unsaid
                    _note(state, "kinds_unsold", missing=" or ".join(unsold[1]),
                          category=F.in_words([str(kind) for _, kind in needs]))
                show(state, found)
                state["search"] = {"query": query, "filters": base, "sort": sort,
                                   "kinds": [str(kind) for _, kind in needs], "needs": needs,
                                   "seen": [p["id"] for p in found], "caps": caps}
                return await self._results(query, self._for_all(base, needs), sort, found,
                                           ask=kit)
        if filters.get("category") and not (refine or narrow or needs) and (
                unsold := self._unsold_parts(text, [filters["category"]])):
            # "a tent and a hammock": the tents, and that no product mentions a hammock (no
            # product mentioned "tent and a hammock", though the shop sells tents)
            query, missing = unsold
            _note(state, "kinds_unsold", missing=" or ".join(missing),
                  category=filters["category"])
        if unsaid := attribute_filters.unlisted(filters, getattr(
                self.catalog, "current_vocabulary", dict)().get("listed_by", {})):
            # "cookware for 2 people": no cook set lists how many people it is for, so the
            # filter left none ("nothing matches"); the kind without it, and a note saying so
            wanted = attribute_filters.describe({k: filters[k] for k in unsaid})
            if "season" in unsaid and (month := attribute_filters.month_season(text)) and \
                    month[1] == filters["season"]:  # "in March": "for March, a spring month"
                wanted = [f"for {month[0]}, a {month[1]} month" if w == f"for {month[1]}" else w
                          for w in wanted]
            _note(state, "attribute_unlisted", category=filters["category"],
                  unsaid=" or ".join(attribute_answers.UNSAID[k] for k in unsaid),
                  wanted=", ".join(wanted))
            filters = {k: v for k, v in filters.items() if k not in unsaid}
        state.pop("size_system", None)  # a conversion asked next is of this search's size
        if re.match(r"(?:UK|US) ", str(filters.get("size") or "")) and filters["size"] not in \
                getattr(self.catalog, "current_vocabulary", dict)().get("size", []) and (
                sizes := self._sizes_of(filters.get("category"))):
            # "I'm a size 10 UK": the shop sells EU sizes and lists no chart to convert
            # them (it said nothing matched "size 10"); the kind in every size, and that
            # said, with the sizes it comes in (a kind without sizes: nothing matches)
            state["size_system"] = {"size": filters["size"],
                                    "category": filters.get("category") or "products",
                                    "sizes": sizes}
            _note(state, "size_system", **state["size_system"])
            filters = {k: v for k, v in filters.items() if k != "size"}
        than = self.catalog.get(state.get("focus") or "") if sort and comparative(text) else None
        beyond = listed = None
        if (refine or narrow) and last and sort and comparative(text) and not than and \
                not (slots.get("min_price") or slots.get("max_price")) and (
                listed := [p for p in map(self.catalog.get, state.get("shown", [])) if p]):
            # "anything cheaper?" after a list: cheaper than all of it (it got the list
            # again, cheapest first, kept to the 40-60 of "around 50"); "cheaper, under
            # 250" says its own bound
            beyond = best_of(listed, sort)
            filters = past(filters, beyond, sort)
        if (filters or sort in ("asc", "desc")) and not kinds and not names_a_thing(re.sub(
                "|".join(rf"\b{re.escape(str(filters[k]))}\b" for k in ("color", "brand", "size")
                         if filters.get(k)) or "$^", " ", query, flags=re.I)):
            # "cheap", "cheapest things you have", "a gift under 30 euros", "your most
            # expensive item": what passes the filters (or is in stock), cheapest (dearest)
            # first ("no product mentions" the words; five of a search for "item", unsorted)
            query, filters = "", filters or {"in_stock": True}
        state["search"] = {"query": query, "filters": filters, "sort": sort}
        hits = self.search.search(query, filters, depth(filters, sort, 5, kinds,
                                                          browse=not content_words(query)))
        if not hits and (wide := self._size_range(filters.get("size"), filters.get("category"))):
            # "socks, he's a 45": the socks sold in 43-46 (no sock comes in a size "45")
            filters = state["search"]["filters"] = {**filters, "size": wide}
            hits = self.search.search(query, filters, depth(
                filters, sort, 5, kinds, browse=not content_words(query)))
        hits = of_kinds(hits, kinds)
        hits = arranged([h for h in hits if h.product["id"] not in without], sort, filters)
        if than:
            # "too heavy, something lighter" after the 2505 g tent: lighter than it (the
            # lightest of the list came first, and it and heavier ones after them)
            beating = that_beat(hits, than, sort)
            if not beating and value(than, sort.rpartition(":")[0] or "price") is not None and \
                    any(h.product.get("category") == than.get("category") for h in hits):
                # "any lighter 2 person tents?" of the lightest one: say so (it listed it
                # and heavier ones, as if they were lighter)
                state["search"] = last
                return await self.say("product_pick", product="", question=text, answer=(
                    nothing_beyond([than, *(h.product for h in hits
                                            if h.product["id"] != than["id"])], text)))
            hits = beating or hits
        elif beyond and not (hits := that_beat(hits, beyond, sort)):
            # "anything cheaper?" when the list holds the cheapest there is: say so, and the
            # search and the list stay what they were ("show me more" goes on with them)
            state["search"] = last
            return await self.say("product_pick", product="", question=text,
                                  answer=nothing_beyond(listed, text))
        if (key := kind_guide.needed_key(text)) and any(
                value(h.product, key) is not None for h in hits):
            # "how many lumens do I need?": of what lists lumens (a sleeping bag came too)
            hits = [h for h in hits if value(h.product, key) is not None]
        hits = hits[:shown_count(text) or 5]  # "top 3 tents": three
        if not hits and (instead := self._kind_instead(query, text, filters, sort)):
            other, products = instead
            _note(state, "kind_instead", category=filters["category"], other=other,
                  wanted=F.describe_filters({k: v for k, v in filters.items()
                                             if k != "category"}))
            filters = state["search"]["filters"] = {**filters, "category": other}
            show(state, products)
            state["search"].update(seen=[p["id"] for p in products], kinds=[other])
            return await self._results(query, filters, sort, products)
        if not hits:
            if not filters and (unheard := self._unheard_of(query, [])):
                # "anything for kids?": sleeping bags as the nearest, or as advice (the words'
                # meaning), though what was asked is whom they are for; "something for
                # winter" next is a search of its own, as below
                state.pop("search", None)
                return await self.say("product_unknown", query=" or ".join(unheard),
                                      categories=F.in_words(self._categories()), nearest="")
            alternatives = self._alternatives(query, filters, 5 if advice else 3)
            if advice and alternatives and _unknown_thing(alternatives, filters) \
                    and not _names_a_thing(query, alternatives[0].get("unsold")):
                # the nearest products are the advice asked for, unless a thing was asked
                # that no product is ("a rain cover for my backpack?" listed rain shells)
                show(state, alternatives)
                state["search"].update(seen=[p["id"] for p in alternatives], advice=True)
                return await self._results(query, filters, sort, alternatives)
            alternatives = alternatives[:3]
            unsold = (alternatives or [{}])[0].get("unsold")
            if unknown := _unknown_thing(alternatives, filters):
                # "do you have gaiters?": two sleeping bags and a GPS watch as the nearest;
                # only what is near in meaning is offered (see NEAREST_FLOOR); a kind of its
                # own has no nearest ("sandals": socks at 0.53)
                own = synonyms.own_kind(unsold or "")
                alternatives = [p for p in alternatives
                                if p.get("nearness", 1.0) >= NEAREST_FLOOR and not own]
            if alternatives:  # none: the list before is still the last one on screen, and
                show(state, alternatives)  # "is it dishwasher safe?" is about it
            state["search"]["seen"] = []  # the nearest others are no results of this search
            if unknown or not alternatives and not filters.get(
                    "category") and thing_words(query) and not self.search.search(query, {}, 1):
                # none even with the filters let go, and the words alone find nothing: "he
                # likes fishing" for men ("nothing matches that (filters: for men)")
                state["search"]["unknown"] = True  # "warm ones" next is still of it
                # "what's better, a tent or a hammock?": the hammock is what none mentions
                # (the whole question was quoted); a kind sold beside it is no part of it
                said = F.asked_for(query)
                thing = unsold if filters.get("category") and len(said.split()) > 3 else None
                return await self.say("product_unknown", query=thing or said,
                                      categories=F.in_words(self._categories()),
                                      nearest=F.nearest_text(alternatives),
                                      cards=tuple(F.card(p) for p in alternatives))
            return await self.say("product_none", query=query, filters=F.describe_filters(filters),
                                  wanted=F.wanted(filters), note=self._no_such_size(filters),
                                  alternatives=F.alternatives_text(alternatives, filters),
                                  cards=tuple(F.card(p) for p in alternatives))
        products = [h.product for h in hits]
        if not filters.get("category") and (unheard := self._unheard_of(query, products)):
            # "do you sell kids sizes?": five adult products "found", and "No listing here
            # mentions kids." under them; no listing of the shop names what was asked, and
            # "something for winter" next is a search of its own (not of kids)
            state.pop("search", None)
            return await self.say("product_unknown", query=" or ".join(unheard),
                                  categories=F.in_words(self._categories()), nearest="")
        show(state, products)
        state["search"]["seen"] = [p["id"] for p in products]
        state["search"]["kinds"] = kinds or sorted({str(p.get("category")) for p in products})
        return await self._results(query, filters, sort, products, asked=text,
                                   ask=F.too_few(products, slots.get("quantity")))

    def _unheard_of(self, query: str, found: list[dict]) -> list[str]:
        """The uses a request asks for and nothing else ("kids sizes", "for children") when
        no listing of the whole shop names them, else []. The whole shop is read only then."""
        said = uses.asked(query)
        if not said or any(w not in NO_THING and not uses.asked(w) for w in content_words(query)):
            return []
        wanted = {use for _, use in said}
        if set().union(*(uses.uses_in(attribute_answers.listing_words(p))
                         for p in found + self._all_of([]))) & wanted:
            return []
        return list(dict.fromkeys(F.use_word(w) for w, _ in said))

    def _unsold_parts(self, text: str, categories: list[str]) -> tuple[str, list[str]] | None:
        """(the parts of a request that name its kinds, the things its other parts ask for)
        when each other part names a thing no product mentions ("tents or hammocks?"); None
        for a request of one part, or whose other parts the shop has ("a tent and a mat")."""
        parts = [p.strip(" ?!.") for p in AND.split(text) if thing_words(p)]
        heads = {singular(c.split()[-1].lower()) for c in categories}
        kind = [p for p in parts if heads & {singular(w) for w in re.findall(r"[a-z]+", p.lower())}]
        # ("hi there, do you have headlamps?": "hi there" asks for nothing)
        other = [p for p in parts if p not in kind and set(re.findall(
            r"[a-z']+", p.lower())) - NO_THING - _NO_ASK]
        if not kind or not other or any(PREPOSITION.search(p.lower().split(" ", 1)[-1]) or re.match(
                r"(?:my|our|his|her|their|your|me|us|him|them)\b", p, re.I) for p in kind + other):
            # "a jacket with hood and pockets", "a tent for me and my wife": one thing still
            return None
        if not all((m := _THING_PART.fullmatch(p)) and set(m[1].lower().split()) - NO_THING -
                   _NO_ASK for p in other):
            return None  # "thanks! and sleeping bags too?", "I'm 1.90m tall, which bag …?"
        if any(self.search.search(p, {}, 1) for p in other):
            return None
        return " ".join(kind), [F.asked_for(p) for p in other]

    def _kind_instead(self, query: str, text: str, filters: dict, sort) -> tuple | None:
        """"a jacket for March" when every jacket is for winter: (rain jackets, those for
        spring), another kind the same word names that meets the rest; None when there is
        none, or the message names the kind by one of its own words ("a puffer")."""
        kind = filters.get("category")
        if not kind or " " in kind or len(filters) < 2:
            return None
        vocab = getattr(self.catalog, "current_vocabulary", dict)()
        marks = vocab.get("name_mark", {})
        if any(marks.get(w) == kind for w in name_words(text)):
            return None
        for other in vocab.get("category", []):
            if other.endswith(f" {kind}"):
                wider = {**filters, "category": other}
                hits = self.search.search(query, wider, depth(wider, sort, 5))
                hits = arranged(hits, sort, wider)
                if hits:
                    return other, [h.product for h in hits[:5]]
        return None

    def _said_in_parts(self, needs) -> list[dict[str, str]]:
        """The properties each part of a request for several kinds says ("a tent for two":
        persons 2), of those the catalogue's products list."""
        known = {k: v for k, v in getattr(self.catalog, "current_vocabulary", dict)().items()
                 if k in attribute_filters.KEYS and v}
        return [{k: v for k, v in attribute_filters.extract(part, known).items()
                 if k in attribute_filters.KEYS} for part, _ in needs]

    def _for_all(self, filters: dict, needs) -> dict:
        """`filters` less those a part of the request says for its own kind: the heading
        says what held for every kind ("for 2 people" was the tent's)."""
        own = set().union(*self._said_in_parts(needs[:3]))
        return {k: v for k, v in filters.items() if k not in own}

    def _parts(self, needs, filters: dict) -> list[tuple[str, str, dict]]:
        """(part, kind, its filters) of each of the first three kinds asked for. A property
        counts for the part that says it ("a tent for two, under 2 kg, and a bag for -5":
        the bags were held to two people and 2 kg, the -5 dropped); one said in no part
        ("for 2 people: a tent and a mat") counts for all."""
        said = self._said_in_parts(needs[:3])
        out = []
        for (part, kind), own_said in zip(needs[:3], said):
            own = {k: v for k, v in filters.items()
                   if (k not in ("color", "size") or str(v).lower() in part.lower())
                   and (k not in attribute_filters.KEYS or not any(k in s for s in said))}
            own.update({k: v for k, v in own_said.items() if k in attribute_filters.KEYS})
            out.append((part, kind, {**own, "category": kind}))
        return out

    def cheapest_set(self, needs, filters: dict) -> tuple[dict, dict] | None:
        """({kind: its cheapest in stock}, {kind: how many}) of the kinds asked for, each as
        its part asks at any price ("a 2 person tent", "2 sleeping bags for summer": a
        1-person tent and a -5 °C bag were named); None when a kind has none."""
        parts = self._parts(needs, filters)
        low = {str(kind): kit_budget.cheapest(h.product for h in self.catalog.search(
            "", {**{k: v for k, v in own.items() if k not in ("min_price", "max_price")},
                 "min_price": 0}, limit=10_000)) for _, kind, own in parts}
        if any(p is None for p in low.values()):
            return None
        return low, {str(kind): kit_budget.count_of(part, str(kind)) for part, kind, _ in parts}

    def _kit(self, needs, filters: dict, text: str) -> tuple[dict | None, str]:
        """({kind: the most one may cost}, the note on the cheapest set) when a price cap is
        a budget for all the kinds asked together (core/kit_budget); (None, "") otherwise,
        or when a kind has nothing in stock that meets its part's filters."""
        if not filters.get("max_price") or len(needs) < 2 or not kit_budget.TOTAL.search(text) \
                or not (cheapest := self.cheapest_set(needs, filters)):
            return None, ""
        low, counts = cheapest
        budget = float(filters["max_price"])
        caps = kit_budget.caps(budget, low, counts)
        # none fits: each held to the budget alone, as before, and the note says so
        return (caps if all(caps[k] >= low[k]["price"] for k in low) else None,
                kit_budget.note(budget, low, counts))

    def _each_kind(self, needs, filters: dict, sort, seen=(), caps: dict | None = None
                   ) -> tuple[list[dict], list[str]]:
        """Up to 6 products over the kinds asked for, each found by its own part of the
        message, none of `seen`; a colour or size counts for the part that names it. A kind
        with nothing that meets its filters shows its nearest products instead, named in
        the second list ("tents matching colour red"; that kind was dropped without a word).
        ([], []) when no kind has a match, so that the ordinary search says what is missing;
        with `seen` ("show me more") a kind that has no more adds nothing."""
        per = max(2, 6 // len(needs))
        found, missed = [], []
        for part, kind, own in self._parts(needs, filters):
            if caps and str(kind) in caps:  # a budget for the set: what is left for this kind
                own["max_price"] = caps[str(kind)]
            hits = self.search.search(part, own, depth(own, sort, per + len(seen)))
            hits = [h for h in (ordered(hits, sort) if sort else hits)
                    if h.product["id"] not in seen][:per]
            if not hits and not seen:
                hits = self.search.search(part, {"category": kind}, per)
                if set(own) - {"category"}:  # ("I have no hiking boots matching none": no
                    # filter was missed, the words were)
                    missed.append(f"{kind} matching "
                                  f"{F.describe_filters({**own, 'category': None})}")
            found += [h.product for h in hits]
        return ([], []) if len(missed) == len(needs[:3]) else (found, missed)

    def _size_range(self, size, category: str | None) -> str | None:
        """The one size range the kind (else the catalogue) sells ("43-46") that holds a
        numeric size asked for ("45"); None when the size is no number or no one range
        holds it ("running shoes in 44.5" are in no sock size)."""
        sizes = (self._size_list(category) if category else
                 getattr(self.catalog, "current_vocabulary", dict)().get("size") or [])
        ranges = [s for s in sizes if size and F.holds_size(s, str(size))]
        return ranges[0] if len(ranges) == 1 else None

    def _no_such_size(self, filters: dict) -> str:
        """"Our running shoes come in sizes 36 to 47." when the kind searched never comes in
        the size asked for (so it is the size that matched nothing, not the other filters)."""
        size, category = str(filters.get("size") or ""), filters.get("category")
        sizes = self._size_list(category) if size and category else []
        if not sizes or any(s.lower() == size.lower() or F.holds_size(s, size) for s in sizes):
            return ""
        return f"Our {category} come in sizes {in_sizes(sizes)}.\n"

    async def more_products(self, state, turned_down: bool = False):
        """The next products of the last search ("show me more", "any others?"), in the
        same order, none shown twice; when it has no more, says how many it held.
        `turned_down`: the list before was ("I don't like any of them"), so the reply asks
        what should be different."""
        last = state["search"]
        seen = list(last.get("seen", state.get("shown", [])))
        sort = last.get("sort")
        filters = last.get("filters", {})
        find = (self._nearest if last.get("advice") else self.search.search)
        if last.get("needs"):  # "a tent and a sleeping bag": the next few of each
            products, _ = self._each_kind(last["needs"], filters, sort, seen,
                                          caps=last.get("caps"))
        else:
            hits = find(last["query"], filters,
                        depth(filters, sort, len(seen) + 5, last.get("kinds"),
                               browse=not content_words(last["query"])))
            hits = of_kinds(hits, last.get("kinds"))
            hits = arranged(hits, sort, filters)
            products = [h.product for h in hits if h.product["id"] not in seen][:5]
        if not products:
            return await self.say("product_no_more", query=last["query"], count=len(seen),
                                  filters=F.describe_filters(filters))
        show(state, products)
        last["seen"] = seen + [p["id"] for p in products]
        if last.get("needs"):  # the heading, as the first page's
            filters = self._for_all(filters, last["needs"])
        return await self._results(last["query"], filters, sort, products, TURNED_DOWN * bool(
            turned_down))

    async def _results(self, query, filters, sort, products, ask: str = "", asked: str = ""):
        """The list of `products` found for `query` (`asked`: the message, when the query
        left its words out: "best Torvik product?" browses Torvik, and is still a ranking)."""
        # "weight_g:asc": each line's weight; price: none; "around 40 litres": each one's
        detail = (sort or "").rpartition(":")[0] or near_key(filters, sort)
        # a draft must say them (reply_checks)
        unlisted = F.unlisted_uses(query, products, self._categories())
        note = " ".join(filter(None, (F.unlisted_note(unlisted), ask)))
        unsorted = ""
        if (key := (sort or "").rpartition(":")[0]) in attribute_answers.NAMES and not any(
                value(p, key) is not None for p in products):
            # "a headlamp with a long battery life": no headlamp lists one, and the list
            # read as the longest-running first (a draft must say it: reply_checks)
            unsorted = (f"None of these lists {attribute_answers.NAMES[key]}, so I could not "
                        "sort them by it.")
            note = " ".join(filter(None, (note, unsorted)))
        # "what's your best tent?": five tents, and no word that nothing ranks them
        note = " ".join(filter(None, (note, unrated := "" if sort else superlatives.unrated(
            asked or query, products), needed := kind_guide.needed_note(asked or query,
                                                                        products))))
        return await self.say("product_results", query=query, count=len(products),
                              products=F.product_lines(products, detail),
                              note=note and f"{note}\n\n", unlisted=unlisted, unsorted=unsorted,
                              unrated=unrated, needed=needed, asked_note=ask,
                              example=F.example_question(products, filters),
                              filters=F.describe_filters(filters),
                              within=F.within(filters) + first_by(None if unsorted else sort),
                              narrowed=[str(filters[k]) for k in ("size", "color")
                                        if filters.get(k)],
                              cards=tuple(F.card(p) for p in products))

    def _nearest(self, query: str, filters: dict, limit: int) -> list:
        """Hits of a search that only has nearest products (advice, see `products`)."""
        return (self.search.alternatives(query, filters, limit)
                if hasattr(self.search, "alternatives") else [])

    def _alternatives(self, text: str, filters: dict, limit: int = 3) -> list[dict]:
        """The nearest products when nothing matches every filter."""
        if hasattr(self.search, "alternatives"):
            return [h.product for h in self.search.alternatives(text, filters, limit)]
        relaxed = {k: v for k, v in filters.items() if k == "category"}
        found = [h.product for h in self.search.search(text, relaxed, limit)]
        return found or ([h.product for h in self.search.search(text, {}, limit)]
                         if relaxed else [])

    def _categories(self) -> list[str]:
        vocabulary = getattr(self.catalog, "current_vocabulary", dict)()
        return list(vocabulary.get("category", []))



# The cosine (MiniLM, the whole request against a listing) a product needs to be offered as
# the nearest to a thing no product is. Read off 28 such requests to the demo shop: below
# it every nearest list was beside the point (gaiters: sleeping bags at 0.33; kayaks: a
# boot at 0.37; a sun hat: a shell jacket at 0.38; camping chair: tents at 0.44; insoles:
# running socks at 0.44); "a rain cover for my backpack?" (packs and a rain shell, 0.52-0.54)
# is above it.
NEAREST_FLOOR = 0.45


def _names_a_thing(text: str, word: str | None) -> bool:
    """Does `text` ask for `word` as a thing, after a, an, some or any ("a rain cover"), or
    as all it says ("what about pillows?": it listed quilts and fleece hoodies as advice)?
    A word the search found unsold may be none ("my feet hurt, what do you recommend?")."""
    return bool(word) and re.search(
        rf"\b(?:a|an|some|any)\s+(?:[\w-]+\s+){{0,2}}{re.escape(word)}\b|^\W*(?:(?:and|what|"
        rf"how)\s+about\s+|and\s+)?(?:[\w-]+\s+)?{re.escape(word)}\W*$", text, re.I) is not None


def _unknown_thing(alternatives: list[dict], filters: dict) -> bool:
    """Nothing matched the words themselves, not just the filters: the nearest products
    miss no filter (the search flags a ranking nothing backs that way), or there are none
    and there were no filters to miss."""
    if not alternatives:
        return not filters
    return not any(p.get("unmet_filters") for p in alternatives)


_WARMTH = ("season", "comfort_temp_c")  # filters that each say how warm it must be


def in_sizes(sizes) -> str:
    """Sizes smallest first, in words ("36 to 47", "XS, S and M")."""
    return sizes_in_words(sorted(map(str, sizes), key=size_order))


# a part of a request that asks for a thing by a noun of one to three words ("a hammock")
_THING_PART = re.compile(r"(?:(?:and|or|also|plus|maybe|perhaps|a|an|some|any)\s+)*"
                         r"([a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})", re.I)


def _note(state: dict, reply_kind: str, **facts) -> None:
    """A reply to say after the list this turn shows (core.turns.TurnLogic._noted): what the
    list could not meet. Kinds said unsold are kept: "what about the mat?" next is of the
    mat (core/in_context)."""
    state.setdefault("notes", []).append([reply_kind, facts])
    if reply_kind == "kinds_unsold":
        state["unsold"] = facts["missing"].split(" or ")


