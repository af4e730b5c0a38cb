"""Questions of a kind, a brand or the shop as a whole, answered from all the listings
they cover: how to choose a sleeping bag, down against synthetic, trail shoes against
running shoes, whether the boots run small, which brand is best, whether the tents are
sustainable (core/claims.py). A list of five came before, as if those five were the
answer. Mixed into core.turns.TurnLogic under ProductTurns (core/product_turns.py), whose
catalog and `say` it uses.
"""

from __future__ import annotations

import re

from . import brands, claims, kind_guide, terms_versus
from . import facts as F
from .brands import asks_best_brand
from .kind_guide import asks_how_to_choose
from .reading import FOLLOW_ON
from .retrieval import filters_from_slots
from .service_turns import HUMAN_BUTTON
from .services import policy_of
from .shown_turns import ShownTurns, show


class RangeTurns(ShownTurns):
    """Needs from its host: catalog, policies, `say`, `policy` and `_sizes_of`."""

    async def of_the_range(self, state, text, slots, shown):
        """A question of a kind as a whole, answered from all its listings (a list of five
        came, as if they were the answer); None for any other message. "What's the
        difference between down and synthetic sleeping bags?": ours of each side by side;
        "how do I choose a sleeping bag?": what ours differ in, and "which is warmest?" next
        is of them (core/kind_guide); "which brand is best for boots?": no listing rates
        brands, which make them (core/brands); "are your products vegan?": what the shop's
        data says of it (core/claims)."""
        kinds = [slots["category"]] if slots.get("category") else list(slots.get("kinds") or [])
        if not kinds and len(of := {str(p.get("category")) for p in shown}) == 1 and \
                kind_guide.materials_compared(text):
            kinds = list(of)  # "carbon or aluminium, which is better?" of poles listed (it
            # compared the first two, both carbon)
        said, brand = " and ".join(kinds), slots.get("brand")
        before = state.pop("claim_asked", "")  # the claim asked last turn, if one was
        scope = said or scope_of(brand)  # "tents", "Torvik products", "products"
        # asked of a kind, a brand or the shop, and of nothing narrower (a price, a size; "how
        # do I wash my down jacket?" is of jackets)
        whole = claims.of_the_range(text, bool(kinds or brand), shown) and not \
            filters_from_slots({k: v for k, v in slots.items()
                                if k not in ("category", "brand", "made_of")})
        if len(kinds) < 2 and len(needs := list(dict.fromkeys(
                k for _, k in slots.get("needs") or ()))) > 1 and kind_guide.kinds_compared(
                text, needs):
            # "what's the difference between a trail shoe and a hiking boot?": the kinds the
            # parts name (the category was the last of them; six of both came back)
            kinds, said = needs, " and ".join(needs)
        if not kinds and not shown and (materials := kind_guide.materials_compared(text)) and (
                made := kind_guide.kinds_made_of(self._all_of([]), materials)):
            # "what's the difference between down and synthetic?" with no kind named or
            # shown ("which product do you mean?"): ours of each, in each kind made of both
            answer = "\n\n".join(kind_guide.versus(self._all_of([k]), k, materials) for k in made)
            _next_of(state, made, " and ".join(made))  # "which is lighter?" next: of them
        elif kinds and (materials := kind_guide.materials_compared(text)):
            if (wide := kind_guide.widened(self._all_of([]), kinds, materials)) != kinds:
                kinds, said = wide, " and ".join(wide)  # "fleece or down?": down jackets too
            answer = kind_guide.versus(self._all_of(kinds), said, materials)
            _next_of(state, kinds, said)  # "which is lighter?" asked which product was meant
        elif kind_guide.kinds_compared(text, kinds):
            # "trail shoes vs running shoes?" ("which product do you mean?"), "should I get
            # trail shoes or running shoes?" (six of both, as if they were the answer)
            said_at = {k: (text.lower().find(k.split()[0]) % (len(text) + 1)) for k in kinds}
            answer = kind_guide.kinds_versus([(kind, self._all_of([kind])) for kind in sorted(
                kinds, key=said_at.get)])  # in the order said
            _next_of(state, kinds, said)  # "which are lighter?" next: of both kinds
        elif len(kinds) == 1 and (terms := terms_versus.terms_compared(text, kinds[0])) and \
                not self.catalog.named_in(text) and (
                answer := terms_versus.versus(every := self._all_of(kinds), said, terms)):
            # "what's the difference between 2.5L and 3L jackets?", "gore-tex or a normal
            # rain jacket?" (five rain jackets, as if they were the answer); the first two
            # of each shown, to ask about next
            picks = list({p["id"]: p for t in terms for p in [
                p for p in every if terms_versus.says(p, t)][:2]}.values())
            if not picks:
                _next_of(state, kinds, said)  # "which is lighter?" next: of the kind
            else:
                show(state, picks)
            return await self.say("product_pick", product="", question=text, answer="\n\n".join(
                filter(None, (answer, F.product_lines(picks)))),
                cards=tuple(F.card(p) for p in picks))
        elif len(kinds) == 1 and F.asks_sizing(text) and not (any(
                p.get("category") == kinds[0] for p in shown) and _THESE.search(text)):
            # "do the boots run small?" with no boots shown (five boots, as if they did);
            # "how do I choose the right boot size?" with boots shown (how to choose a boot,
            # by price and material); "do these boots run small?" is of those shown
            answer = kind_guide.fits(self._all_of(kinds), said, self._sizes_of(kinds[0]))
        elif kinds and asks_how_to_choose(text):
            _next_of(state, kinds, said)  # "which is warmest?" next: of the kind
            answer = kind_guide.guide(self._all_of(kinds), said)
        elif whole and claims.MATERIALS_ASKED.search(text):
            # "what are your tents made of?" ("which product do you mean?")
            answer = (claims.materials(self._all_of(kinds, brand=brand), scope)
                      or f"None of our {scope} lists a material.")
        elif whole and (claim := claims.asked(text) or (
                (kinds or brand) and FOLLOW_ON.match(text) and claims.asked(before))):
            # "are your tents sustainable?"; "what about your jackets?" after one such
            state["claim_asked"] = text if claim.pattern.search(text) else before
            return await self._claim(state, text, claim, self._all_of(kinds, brand=brand), scope)
        elif whole and claims.GREEN_ASKED.search(text) and claims.of_the_shop(text):
            # "do you use recycled materials?": those whose listings say so (no product
            # mentioned "do you use recycled materials")
            answer, backed = claims.green(self._all_of(kinds, brand=brand), scope, text)
            show(state, backed[:5])
            return await self.say("product_pick", product="", question=text, answer="\n".join(
                filter(None, (answer, F.product_lines(backed[:5])))),
                cards=tuple(F.card(p) for p in backed[:5]))
        elif asks_best_brand(text) and brand:  # "is Torvik a good brand?"
            answer = brands.brand_answer(self._all_of([], brand=brand), brand)
        elif brand and not kinds and brands.asks_about_brand(text):  # "what does Torvik make?"
            answer = brands.range_answer(self._all_of([], brand=brand), brand)
        elif asks_best_brand(text) and not kinds and shown:  # "which brand is better?"
            answer = brands.best_brand_answer(shown, shown=True)
        elif asks_best_brand(text):
            answer = brands.best_brand_answer(self._all_of(kinds), said)
        else:
            return None
        return await self.say("product_pick", product="", question=text, answer=answer)

    async def stock_of_range(self, state, text, slots):
        """"Is everything in stock?", "are your tents in stock?", "what's out of stock?":
        how many of the shop's products (of the kind, the brand) are in stock, and those
        that are not (an order number was asked for, "say it another way", or five tents
        listed as if they were all); None for any other message."""
        if not _RANGE_STOCK.search(text) or slots.get("order_id") or self.catalog.named_in(
                text) or getattr(self.catalog, "named_by_start", lambda _: [])(text):
            return None  # "is your Kammweg boot available?" asks of the Kammwegs
        kinds = [slots["category"]] if slots.get("category") else []
        products = self._all_of(kinds, brand=slots.get("brand"))
        scope = kinds[0] if kinds else scope_of(slots.get("brand"))
        if not products:
            return None
        out = [p for p in products if not (p.get("stock") or 0) > 0]
        show(state, out[:5])
        left = "Each product's listing shows how many are left."
        if not out:
            answer = f"All {len(products)} of our {scope} are in stock. {left}"
        else:
            are = "is" if len(out) == 1 else "are"
            names = F.in_words(["the " + p["name"] for p in out])
            answer = (f"Of our {len(products)} {scope}, {len(products) - len(out)} are in "
                      f"stock and {len(out)} {are} out of stock" + (
                          f": {names}. {left}" if len(out) <= 5 else
                          f". {left} The first five out of stock:\n{F.product_lines(out[:5])}"))
        return await self.say("product_pick", product="", question=text, answer=answer,
                              cards=tuple(F.card(p) for p in out[:5]))

    def _all_of(self, kinds: list[str], brand: str | None = None) -> list[dict]:
        """Every product of these kinds (of the whole shop without one), of `brand` when
        one is given."""
        # search() without words lists by filters; a price of 0 or more passes all
        every = {"min_price": 0, **({"brand": brand} if brand else {})}
        return [h.product for kind in kinds or [None] for h in self.catalog.search(
            "", {**every, "category": kind} if kind else every, limit=10_000)]

    async def _claim(self, state, text, claim, products: list[dict], scope: str):
        """"Are your tents sustainable?": the policy that makes the claim, else that the
        shop's data does not, what the listings say that bears on it, and a person."""
        if topic := policy_of(claim.pattern, getattr(self.policies, "topics", {})):
            return await self.policy(topic, text)
        said, backed = claims.evidence(claim, products, scope)
        if backed:
            show(state, backed[:5])
        return await self.say(
            "claim_unknown", about=claim.about.format(scope=scope),
            evidence=said and f"\n{said}\n", buttons=(HUMAN_BUTTON,),
            products=F.product_lines(backed[:5]) + "\n" if backed else "",
            cards=tuple(F.card(p) for p in backed[:5]))


# "do these boots run small?": of those shown, not of the kind
_THESE = re.compile(r"\b(?:these|those|they|them|this|that|it)\b", re.I)

# the stock of the range, not of a product shown ("are they in stock?") or an order
_RANGE_STOCK = re.compile(
    r"\b(?:is|are)\s+(?:everything |all (?!(?:of )?(?:them|these|those)\b)(?:of )?(?:your |the )?"
    r"(?:[a-z-]+ ){0,2}?|your (?:[a-z-]+ ){1,2}?)(?:(?:on|in|at) (?:your|the) (?:site|shop|"
    r"store|website) )?(?:in stock|available)\b|\b(?:what|which)(?: (?!(?:of )?(?:them|these|"
    r"those|ones?)\b)[a-z-]+){0,2}(?:'s| is| are) (?:out of stock|sold out|not (?:in stock|"
    r"available))\b|\banything (?:out of stock|sold out)\b", re.I)


def scope_of(brand: str | None) -> str:
    """What a question of no kind is of: "Torvik products", or "products"."""
    return f"{brand} products" if brand else "products"


def _next_of(state: dict, kinds: list[str], said: str) -> None:
    """A question next ("which is warmest?") is of these kinds, not of a list before."""
    show(state, [])
    one = len(kinds) == 1
    state["search"] = {"query": "" if one else said.replace(" and ", " "), "filters": {
        "category": kinds[0]} if one else {}, "sort": None, "kinds": kinds, "seen": []}
