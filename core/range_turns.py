"""Questions of a kind, a brand or the shop as a whole, answered from all the listings
they cover: how to choose a sleeping bag, down against synthetic, which brand is best. A
list of five came before, as if those five were the answer. Mixed into core.turns.TurnLogic
under ProductTurns (core/product_turns.py), whose catalog and `say` it uses.
"""

from __future__ import annotations

from . import brands, kind_guide
from .brands import asks_best_brand
from .kind_guide import asks_how_to_choose
from .shown_turns import ShownTurns, show


class RangeTurns(ShownTurns):
    """Needs from its host: catalog, `say`."""

    async def of_the_range(self, state, text, slots, shown):
        """A question of a kind as a whole, answered from all its listings (a list of five
        came, as if they were the answer); None for any other message. "What's the
        difference between down and synthetic sleeping bags?": ours of each side by side;
        "how do I choose a sleeping bag?": what ours differ in, and "which is warmest?" next
        is of them (core/kind_guide); "which brand is best for boots?": no listing rates
        brands, which make them (core/brands)."""
        kinds = [slots["category"]] if slots.get("category") else list(slots.get("kinds") or [])
        said = " and ".join(kinds)
        if kinds and (materials := kind_guide.materials_compared(text)):
            answer = kind_guide.versus(self._all_of(kinds), said, materials)
        elif kinds and asks_how_to_choose(text):
            show(state, [])  # "which is warmest?" next is of the kind, not a list before
            one = len(kinds) == 1
            state["search"] = {"query": "" if one else said.replace(" and ", " "), "filters": {
                "category": kinds[0]} if one else {}, "sort": None, "kinds": kinds, "seen": []}
            answer = kind_guide.guide(self._all_of(kinds), said)
        elif asks_best_brand(text) and slots.get("brand"):  # "is Torvik a good brand?"
            answer = brands.brand_answer(self._all_of([], brand=slots["brand"]), slots["brand"])
        elif asks_best_brand(text) and not kinds and shown:  # "which brand is better?"
            answer = brands.best_brand_answer(shown, shown=True)
        elif asks_best_brand(text):
            answer = brands.best_brand_answer(self._all_of(kinds), said)
        else:
            return None
        return await self.say("product_pick", product="", question=text, answer=answer)

    def _all_of(self, kinds: list[str], brand: str | None = None) -> list[dict]:
        """Every product of these kinds (of the whole shop without one), of `brand` when
        one is given."""
        # search() without words lists by filters; a price of 0 or more passes all
        every = {"min_price": 0, **({"brand": brand} if brand else {})}
        return [h.product for kind in kinds or [None] for h in self.catalog.search(
            "", {**every, "category": kind} if kind else every, limit=10_000)]
