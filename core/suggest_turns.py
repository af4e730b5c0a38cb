"""Suggestions: products like one ("like it but cheaper"), what customers order most, and
what fits a customer with nothing particular in mind or a present for someone. Mixed into
core.product_turns.ProductTurns, whose `products` search (core/search_turns.py), catalog,
recommender, orders and `say` it uses; kept apart so that the routing there stays readable.
"""

from __future__ import annotations

import re

from . import facts as F
from .followups import asks_for_someone, asks_popular, names_a_need, no_need, orders_by
from .product_names import without_name
from .range_turns import RangeTurns
from .retrieval import PRICE_PHRASE, filters_from_slots, product_passes
from .shown_turns import show
from .superlatives import comparative, value


class SuggestTurns(RangeTurns):
    """Needs from its host: catalog, recommender (or None), orders, `products`, `say` and
    `_categories` (core.product_turns)."""

    async def for_you(self, conv, state, text, slots):
        """Suggestions from what this customer looked at before (never out of stock)."""
        hits = (self.recommender.for_user(conv["user_id"], 4)
                if self.recommender and not asks_popular(text) else [])
        if not hits and no_need(text) and (popular := self._most_ordered(5)):
            # "hmm no idea" in answer to "what is it for?", "what's popular?": what customers
            # order most (the words searched gave random products)
            show(state, popular)
            return await self.say("recommend_popular", products=F.product_lines(popular),
                                  cards=tuple(F.card(p) for p in popular))
        if not hits and not names_a_need(text) and not filters_from_slots(slots):
            # "what do you recommend?" from a new customer: nothing to go on, so ask (its
            # words searched gave five random products); asked once, not again after "no idea"
            state["asked_need"] = not no_need(text)  # the answer ("running") is the need
            return await self.say("recommend_ask", categories=F.in_words(self._categories()))
        if not hits:
            return await self.products(state, text, slots, advice=True)
        products = [h.product for h in hits]
        show(state, products)
        return await self.say("recommendation", products=F.product_lines(products),
                              based_on="products you looked at before",
                              cards=tuple(F.card(p) for p in products))

    def _most_ordered(self, limit: int, category: str | None = None) -> list[dict]:
        """In-stock products (of `category`) by how many orders hold them (the shop's order
        book)."""
        orders = getattr(self, "orders", None)
        found = []
        for pid in orders.most_ordered() if orders is not None else []:
            product = self.catalog.get(pid)
            if product and (product.get("stock") or 0) > 0 and (
                    not category or product.get("category") == category):
                found.append(product)
                if len(found) == limit:
                    break
        return found

    async def like(self, state, product, text, slots):
        """Products like `product`: of its kind and beating it when the message compares
        ("like the Dormant -5 but cheaper", "similar but lighter"), else the nearest ones."""
        state["focus"] = product["id"]
        # a filter the message adds ("like the Nightjar 2 Dome Tent but for 3 people"; the
        # nearest ones were 1- and 2-person tents), not one its name gives ("Dormant -5")
        filters, name = filters_from_slots(slots), product["name"].lower()
        own = {k for k, v in slots.items() if k in filters and k not in ("category", "brand")
               and str(v).lower() in name}
        beats = compares_by(text, slots)
        if beats and not set(filters) - {"category", "brand", *own} and (
                found := self._alike_beating(product, text, slots))[0]:
            # "is there a cheaper alternative that's similar?": the nearest in meaning that
            # are cheaper (it listed the cheapest of the kind, solo tents for a 4-person one);
            # each one's weight for "lighter"
            alike, key = found
            show(state, alike)
            state["focus"] = product["id"]
            return await self.say("recommendation", products=F.product_lines(alike, key),
                                  based_on=product["name"], cards=tuple(map(F.card, alike)))
        if beats or set(filters) - {"category", "brand", *own}:
            # the words of a comparison rank ("but lighter"); a filter alone searches the kind
            words = without_name(text, product["name"]) if beats else str(product["category"])
            return await self.products(state, words, {
                **_kept_of(product, state), **{k: v for k, v in slots.items() if k not in own},
                "category": slots.get("category") or product["category"]})
        return await self.more_like(state, product["id"])

    def _alike_beating(self, product: dict, text: str, slots: dict,
                       n: int = 5) -> tuple[list, str]:
        """Up to `n` products of `product`'s kind, nearest to it in meaning first, that beat
        it on what `text` compares by ("cheaper", "lighter"), and the attribute compared
        ("" for the price); none without a recommender."""
        sort = slots.get("price_sort") or orders_by(text, product["category"], getattr(
            self.catalog, "current_vocabulary", dict)().get("listed_by"))
        if self.recommender is None or not sort:
            return [], ""
        near = [h for h in self.recommender.more_like_this(product["id"], 200)
                if h.product.get("category") == product["category"]]
        return [h.product for h in that_beat(near, product, sort)][:n], sort.rpartition(":")[0]

    async def more_like(self, state, product_id):
        base = self.catalog.get(product_id)
        if self.recommender is not None:
            products = [h.product for h in self.recommender.more_like_this(product_id, 4)]
        else:
            hits = self.search.search(f"{base['name']} {base['category']}",
                                      {"category": base["category"], "in_stock": True}, 6)
            products = [h.product for h in hits if h.product["id"] != product_id][:4]
        show(state, products)
        return await self.say("recommendation", products=F.product_lines(products),
                              based_on=base["name"], cards=tuple(F.card(p) for p in products))

    async def for_someone(self, state, text, slots):
        """"Any ideas for my dad?" said nothing matched (for men), "a gift for my dad" listed
        pans (the embedding put "Billy" near "dad"): a person and nothing of what they like
        is what customers order most that fits them, and the question what it is for; the
        answer ("he likes running") is searched for them. None for any other request."""
        if not asks_for_someone(text) or not (popular := [
                p for p in self._most_ordered(100) if product_passes(
                    p, filters_from_slots(slots), getattr(self.catalog, "current_vocabulary",
                                                          dict)().get("listed_by"))][:5]):
            return None
        show(state, popular)
        state["asked_need"] = True
        state["for_whom"] = {k: v for k, v in slots.items()
                             if k in ("gender", "min_price", "max_price")}
        # "a gift for a 10 year old": what adults order most, as if it were for children
        note = F.unlisted_note(F.unlisted_uses(text, popular))
        return await self.say("recommend_popular", products=F.product_lines(popular),
                              note=note and f"{note}\n", cards=tuple(F.card(p) for p in popular))


def _kept_of(product: dict, state: dict) -> dict:
    """What an alternative to `product` keeps of it: its gender ("any waterproof
    alternative?" of a men's boot listed women's ones) and the size last asked of it ("do
    you have the Talus Mid in 44?"), where it has them."""
    kept = {}
    if (gender := str((product.get("attributes") or {}).get("gender") or "").lower()) in (
            "men", "women"):
        kept["gender"] = gender
    size = (state.get("asked") or ["", {}])[1].get("size")
    if size and str(size) in map(str, product.get("sizes") or ()):
        kept["size"] = size
    return kept


def that_beat(hits: list, than: dict, sort: str) -> list:
    """The hits that list the sorted property and beat `than` on it (lighter, cheaper…);
    [] when `than` does not list it."""
    key, _, order = sort.rpartition(":")
    mine = value(than, key or "price")
    if mine is None:
        return []
    return [h for h in hits if h.product["id"] != than["id"] and (
        v := value(h.product, key or "price")) is not None and (
        v < mine if order == "asc" else v > mine)]


def compares_by(text: str, slots: dict) -> bool:
    """"cheaper", "lighter than": a comparison the search can order by."""
    return comparative(text) and bool(slots.get("price_sort") or orders_by(text))


# "a gift for my dad who likes fishing": what the person likes is what to search for (the
# whole request listed pans: the embedding put "Billy" near "dad")
_LIKES = re.compile(r"[,;]?\s*\b(?:who|that|as|since|because|(?:and )?(?:he|she|they))\s+"
                    r"(?:(?:really|also|mostly|just)\s+)?(?:likes?|loves?|enjoys?|(?:is|are) "
                    r"(?:into|a fan of|keen on)|(?:'s|'re) into|goes?|does)\s+([^?.!,;]{3,40})"
                    r"[?.!]*\s*$", re.I)


# "a present for my wife, she runs a lot": what she does is what to search for ("no product
# mentions 'present for my wife, she runs a lot'")
_DOES = re.compile(r"[,;]?\s*\b(?:who|and|(?:and )?(?:he|she|they))\s+(?:(?:really|also|mostly|"
                   r"often|loves to|likes to)\s+)?(run|hike|camp|climb|walk|trek|jog|cycle|swim|"
                   r"travel)s?\b(?:\s+(?:a lot|often|regularly|every \w+|most \w+|in the "
                   r"\w+|marathons|trails))*[?.!]*\s*$", re.I)
_GERUND = {"run": "running", "hike": "hiking", "camp": "camping", "climb": "climbing",
           "walk": "walking", "trek": "trekking", "jog": "jogging", "cycle": "cycling",
           "swim": "swimming", "travel": "travelling"}


_BUDGET_LAST = re.compile(r"[,;]?\s*(?:(?:about|around|roughly|approximately|at most|up to|"
                          r"for|budget(?: is| of)?|max(?:imum)?)\s+)?(?:" + PRICE_PHRASE.pattern +
                          r")(?:\s*(?:or so|max|tops|budget))?[?.!]*\s*$", re.I)


def hobby_of(text: str) -> str | None:
    """What a present's person likes ("fishing" of "a gift for my dad who likes fishing",
    "running" of "…, she runs a lot"), when the rest of the request says only who it is
    for; None otherwise. A budget said last is no part of it ("… who likes hiking, about 50
    euros": the whole request was searched, five found, and no more). Pure."""
    text = _BUDGET_LAST.sub("", text)
    m = _LIKES.search(text)
    if m and asks_for_someone(text[:m.start()]):
        return m[1].strip()
    m = _DOES.search(text)
    return _GERUND[m[1].lower()] if m and asks_for_someone(text[:m.start()]) else None
