"""Answers about the products on screen: "which one is the lightest?", "colours?",
"which ones are waterproof?", "compare it with the second one", "is the third one in
stock?". Mixed into core.turns.TurnLogic beside ProductTurns (whose `products`, from
core/search_turns.py, and `more_like` a question that turns into a search uses); every
figure is read from the shown products' catalogue rows.
"""

from __future__ import annotations

import re

from . import attribute_answers, attribute_filters, unsaid
from . import facts as F
from .comparison import about_all
from .policy_answer import sentences
from .followups import asks_all, of_kind, points_at_one, prices_of_all, wants_similar
from .retrieval import filters_from_slots, product_passes
from .service_turns import HUMAN_BUTTON, which_to_buy
from .superlatives import as_good_as, both, comparative, superlative, than, tied, verdict
from .wording import none_of

# "is there …?", "do you have …?": whether something is among them
_EXISTS = re.compile(r"\s*(?:and\s+|so\s+)?(?:is there|are there|do you (?:have|sell|do)|"
                     r"have you got|got|any)\b", re.I)
# "do they come in a pack of 2?" of socks listed: which do (the first one's answer came back)
_THEY_COME = re.compile(r"\s*(?:and\s+|so\s+)?(?:do (?:they|these|those|any(?: of them)?) come|"
                        r"are (?:they|these|those|any(?: of them)?) (?:sold|available))\b", re.I)
# a place in the list shown: "the second one", "number 3", "the last"
_PLACE = re.compile(r"\b(?:first|second|third|fourth|fifth|last|number|no\.?\s*\d|#\s*\d|[1-9])\b",
                    re.I)
# "it", "they", "those": the product or products last spoken of
_IT = re.compile(r"\b(?:it|its|they|them|their|those|these)\b", re.I)
# "which one is better for hiking?" right after two were compared: of those two
_WHICH = re.compile(r"\bwhich\b|\bbetter\b|\bbest\b", re.I)
# "which is better?", "which one would you pick?": asks which of several (not "which
# colours does it come in?")
_WHICH_OF_TWO = re.compile(r"\W*(?:(?:so|ok|okay|and|but|then)\W+)*which(?: one| of (?:them|the "
                           r"two|these|those|both))?(?! (?:colou?rs?|sizes?|materials?|way)\b)\b",
                           re.I)
# "a women's version?", "for men?": who a product is asked to be made for
_WEARER = re.compile(r"\b(?:(wom[ae]n'?s?|ladies|female|her)|(men'?s?|male|him))\b", re.I)
# "which is the lightest waterproof one?", "the cheapest waterproof one?": of those that are
_WHICH_DRY = re.compile(r"^\W*(?:(?:so|ok|and)\W+)?(?:which(?: one)? (?:is|are|'s) )?(?:the )?"
                        r"\w+est (?:(waterproof)(?: one| ones| pair| option)?|([a-z-]{4,}) (?:one|"
                        r"ones|pair|option))\W*$", re.I)
# "how much?", "price?" alone right after a list: every price (it was the first one's card);
# after a question about one product, that one's
_BARE_PRICE = re.compile(r"^\W*(?:(?:and|so|ok(?:ay)?)\W+)?(?:how much|prices?|costs?)\W*$", re.I)
# "and the other one?": of the two last spoken of, the one not in focus ("the others" is
# a request for more)
_OTHER = re.compile(r"\bthe other(?: one)?\b(?! ones)", re.I)
# "the lightest of each?", "the cheapest in each category": of each kind shown
_EACH = re.compile(r"\b(?:of|in|for|from) each\b|\beach (?:kind|type|category|of them)\b", re.I)
# "which is better value?", "best bang for the buck?": a judgement no listing gives
_VALUE = re.compile(r"\b(?:better|best|good|great|more|most) value\b|\bvalue for (?:the )?money\b|"
                    r"\bbang for (?:the|your|my) buck\b", re.I)
# "compare it with the cheapest": the one talked about beside the one a ranking picks
_IT_WITH = re.compile(r"\bcompare (?:it|this|that)(?: one)? (?:with|to|against)\b", re.I)
# "both", "the two": the two products last asked about
_BOTH = re.compile(r"\b(?:both|the two|these two|those two)\b", re.I)
# "how much are both together?", "what's the total?", "how much would all that cost?": the
# sum, not each price alone
_TOTAL = re.compile(r"\b(?:together|total|altogether|combined|both (?:cost|come to|be)|for both|"
                    r"all (?:of )?(?:this|that)|everything)\b", re.I)
# "which has the best grip?", "which is the most cushioned?": a ranking by the word last
_RANKS = re.compile(r"\b(?:best|most|more|better|least|less)\s+([a-z][a-z-]{2,})\W*$", re.I)
# a question whether something is so ("does the cheapest one come in green?")
_ASKS_IF = re.compile(r"\s*(?:is|are|does|do|has|have|can|could|will|would)\b", re.I)


def _about_each(products: list[dict], asked: str, at) -> str | None:
    """Each one's value of what `asked` asks about (comparison.about_all); where none of
    them lists it but some say the word ("which ones are insulated?" of bottles, two of
    them "… Insulated Bottle"), which listings mention it (it said none gives the
    insulation)."""
    said = about_all(products, asked, at)
    if said and said.startswith("None of these") and (named := F.mentioned_by(products, asked)):
        return named
    return said


class ShownTurns:
    """Needs from its host: `say`, `products` (core.product_turns) and `more_like`
    (core.suggest_turns)."""

    async def about_shown(self, state, intent, slots, text, shown):
        """A question or comparison about the products shown (or named): which one is the
        lightest, what each one's colours are, compare them, or one product's answer."""
        state.pop("variant", None)  # see the end
        if len(same := as_good_as(text, shown, next(
                (p for p in shown if p["id"] == state.get("focus")), None)) or ()) > 1:
            # "the cheapest one that's as warm?" after the warmest was asked about: of those
            # as warm (the cheapest of all, a -5 °C bag after a -10 one)
            shown = same
        if len(shown) == 1 and _WHICH_OF_TWO.match(text) and (
                two := self._two_looked(state)) and shown[0] in two:
            # "which is better for long hikes?" after the Granite XT and then the Kammweg
            # Pro were asked about by name: of the two (it was the Kammweg's whole card)
            shown = two
        among = state.pop("among", [])  # see the side by side of several below
        # ("compare them" is all of them again: the two were just compared)
        pool = [p for p in shown if p["id"] in among
                and (_IT.search(text) or comparative(text) or _WHICH.search(text))
                and not re.search(r"\bcompare|\bdifferen|\bside by side", text, re.I)]
        if pool and not _PLACE.search(text):
            # "the cheapest of those?": of them (the slots picked the cheapest of all shown)
            slots = {k: v for k, v in slots.items()
                     if k not in ("product_ids", "product_id", "ref_index", "ref_cheapest")}
            chosen = F.resolve_refs(pool, slots, text) or pool
        else:
            chosen = F.resolve_refs(shown, slots, text)
        if (both_asked := state.pop("which_two", None)) and len(chosen) == 2 and _bare_pick(
                text, shown):
            # "the first and the third" after "which two do you mean?": what was asked of
            # both, of them (they were compared)
            text, intent = both_asked, "product_question"
        elif _BOTH.search(text) and not _PLACE.search(text) and (
                two := self._two_looked(state)):
            # "how much are both together?" after the second and then the fourth, or after a
            # jacket and then a boot of a later list: those two (it was the first two shown)
            chosen = two
        elif _BOTH.search(text) and not _PLACE.search(text) and len(shown) > 2:
            # "how much would both cost?" of five boots listed after five jackets, none
            # picked: which two (it summed the first two boots)
            state["which_two"] = text
            return await self.say("product_pick", product="", question=text, answer=(
                "Which two do you mean? Say their numbers in the list (\"the first and the "
                "third\") or their names.\n" + "\n".join(
                    f"{i}. {p['name']} ({F.money(p)})" for i, p in enumerate(shown, 1))))
        if 1 < len(chosen) < len(shown) and not ("ref_index" in slots or slots.get(
                "product_ids")) and (word := _ranked_or_which(text)) and all(
                re.search(rf"\b{re.escape(word)}\b", p["name"], re.I) for p in chosen):
            # "which has the best grip?" of five trail shoes, two of them "… Grip …", "which
            # ones are down?" of five bags, three "… Down …": of all five ("Neither listing
            # rates grip", "All 3 are down", of those its name picked)
            chosen = list(shown)
        if len(chosen) > 1 and state.get("focus") in {p["id"] for p in chosen} and not (
                "ref_index" in slots or _several_meant(text)):
            # "how accurate is the gps?" after questions about the Trace 2 GPS Watch: of it
            # (it asked which of the four GPS watches was meant)
            chosen = [p for p in chosen if p["id"] == state["focus"]]
        if _OTHER.search(text) and not (slots.get("product_ids") or "ref_index" in slots):
            # "and the other one?" (it was the first one shown, or the one in focus again)
            other = _the_other(state, shown)
            if other is None:
                rest = [p for p in shown if p["id"] != state.get("focus")]
                return await self.say("product_pick", product="", question=text,
                                      answer=_which_of(rest, shown))
            chosen = [other]
            if _bare_other(text) and state.get("asked"):
                # "how heavy is the first one?", then "and the other one?": how heavy it is
                # (it was the other one's card)
                text, said = state["asked"]
                slots = {**slots, **said}
        elif len(chosen) == 1 and state.get("asked") and state.get(
                "last_intent") == "product_question" and _bare_pick(text, shown):
            # "how long is the second one?", then "and the first one?": how long that one
            # is (it was its card)
            text, said = state["asked"]
            slots = {**slots, **said}
        # "which is lighter, the Ridgeline Waterproof…", "the insulated one, how big is it?"
        asked = _the_question(F.without_pick(F.without_names(text, shown), chosen))
        if (n := attribute_answers.pack_of(asked)) and (_EXISTS.match(asked) or (
                _THEY_COME.match(asked) and len(chosen) != 1)):
            # "is there a pack of 2?" of socks: the 2-packs shown (it asked which of the
            # 2-packs and the 3-pack was meant, for the word "pack")
            packs = [p for p in shown if re.search(rf"\b{n}[\s-]*pack\b", p["name"], re.I)]
            return await self.say("product_pick", product="", question=text, answer=(
                "Yes — " + "; ".join(f"{i}. {p['name']} ({F.money(p)})" for i, p in
                                     zip(_places(packs, shown), packs)) + "." if packs else
                f"No — {none_of(len(shown)).lower()} comes as a pack of {n}."))
        if flip := _flips_price_order(state, asked):
            # "and the most expensive?" after "your cheapest tent?": the dearest tents,
            # not the dearest of the five cheapest shown
            return await self.products(state, text, {**slots, "price_sort": flip}, refine=True)
        if wants_similar(asked) and len(chosen) == 1:  # "more like the second one"
            return await self.more_like(state, chosen[0]["id"])
        if _VALUE.search(asked) and len(shown) > 1 and len(chosen) != 1 and (
                cheapest := superlative(chosen if len(chosen) > 1 else [
                    p for p in shown if p["id"] in state.get("pair", ())] or shown,
                    "which is cheapest?")):
            # "which is better value?" after two were compared: no listing rates it, and
            # the cheaper of the two (all five side by side came back)
            return await self.say("product_pick", product="", question=text, answer=(
                f"No listing rates value for money, so I can't judge it for you. "
                f"{cheapest[1]}"))
        if answer := both(chosen if len(chosen) > 1 else shown, asked):
            # "is the lightest one the cheapest?": it said which was lightest
            return await self.say("product_pick", product="", question=text, answer=answer)
        if len(chosen) == 1 and (focus := next((p for p in shown if p["id"] == state.get(
                "focus")), None)) not in (None, chosen[0]) and (
                answer := than(chosen[0], focus, asked)):
            # "is the Carbon Compact lighter?" after questions about the Descent Alu: than
            # it (it was the Carbon Compact's card)
            state["pair"], state["focus"] = [focus["id"], chosen[0]["id"]], chosen[0]["id"]
            state.pop("asked", None)  # "and the other one?" next: its card, not a question
            return await self.say("product_pick", product="", question=text, answer=answer)
        if _EACH.search(asked) and len(kinds := list(dict.fromkeys(
                str(p.get("category") or "") for p in shown))) > 1 and superlative(shown, asked):
            # "and the lightest of each?" of tents and sleeping bags: one of each kind (it
            # named the lightest tent, lighter than any sleeping bag)
            bests = [superlative(mine, asked, among=kind if len(mine) > 1 else f"of the {kind}")
                     for kind in kinds if (mine := [p for p in shown if p.get("category") == kind])]
            return await self.say("product_pick", product="", question=text,
                                  answer="\n".join(b[1] for b in bests if b),
                                  cards=tuple(F.card(b[0]) for b in bests if b and b[0]))
        about_one = _asks_about_one(slots, asked)
        best = None if about_one else superlative(chosen if len(chosen) > 1 else shown, asked)
        top = superlative(shown, asked) if len(shown) > 1 else None  # of all those shown
        if about_one and not chosen and top and top[0] is not None:
            chosen = [top[0]]  # "does the lightest have a hood?": not of the first one
            if len(level := tied(shown, top[0], asked)) > 1 and all(
                    said := [attribute_answers.answer(p, asked) for p in level]):
                # "how much does the warmest one weigh?" of three rated -10 °C: each one's
                # (it answered of one of them, as if it were the warmest)
                return await self.say("product_pick", product="", question=text,
                                      answer="\n".join([top[1], *said]),
                                      cards=tuple(F.card(p) for p in level))
        if top and (wanted := _wanted(slots)) and (
                not chosen or top[0] in chosen and not _ASKS_IF.match(asked)):
            # "the cheapest one in green?", "lightest in red?": the cheapest of those in
            # green (it was asked whether the cheapest shown comes in green; "does the
            # cheapest one come in green?" still is)
            fits = [p for p in shown if product_passes(p, filters_from_slots(slots), getattr(
                self.catalog, "current_vocabulary", dict)().get("listed_by"))]
            if not fits:  # none of these: the search's cheapest (…) in green, in order
                return await self.products(state, text, slots, refine=True)
            best = superlative(fits, asked, among=wanted)
        if top and not _wanted(slots) and (m := _WHICH_DRY.match(asked)):
            # "which is the lightest waterproof one?": the lightest of the waterproof ones
            # (it listed whether each one shown is waterproof); "the lightest foldable
            # ones": of those whose listings say foldable (it named the lightest of all)
            adj = (m[1] or m[2]).lower()
            dry = [p for p in (chosen if len(chosen) > 1 else shown) if ((
                attribute_answers.answer(p, "is it waterproof?") or "").startswith("Yes")
                if m[1] else unsaid.unmentioned(p, f"is it {adj}?") is None)]
            if not dry:
                return await self.say("product_pick", product="", question=text, answer=(
                    f"{none_of(len(shown))} is waterproof." if m[1] else
                    f"{none_of(len(shown), 'listings')} mentions \"{adj}\"."))
            best = superlative(dry, asked, among=f"that {'is' if len(dry) == 1 else 'are'} "
                                                 f"{adj}")
        if best and best[0] is None:  # "which packs smallest?": no listing says
            return await self.say("product_pick", product="", question=text, answer=best[1])
        if not best and len(chosen) != 1 and (unrated := F.most_unrated(
                chosen if len(chosen) > 1 else shown, asked)):
            # "which is the most cushioned?": no listing rates it (all side by side came back)
            return await self.say("product_pick", product="", question=text, answer=unrated)
        focus = next((p for p in shown if p["id"] == state.get("focus")), None)
        if best and focus and _IT_WITH.search(asked):
            # "compare it with the cheapest" of the lightest boot: the two side by side, or
            # that it is the one (it said which is the cheapest, as if not asked to compare)
            if best[0]["id"] != focus["id"]:
                return await self.say("compare", **F.compare_facts([focus, best[0]]))
            return await self.say("product_pick", product="", question=text, answer=(
                f"{best[1]} That's the one we were talking about. Which other one should I "
                f"compare it with? Say its number in the list or its name."))
        if best:  # "which one is the lightest?": computed, not left to the model
            product, answer = best
            state["focus"] = product["id"]
            return await self.say("product_pick", cards=(F.card(product),),
                                  **{**F.answer_facts(product, {}, text), "answer": answer})
        mine = of_kind(asked, shown)  # "… are the socks?" of socks and boots: the socks
        which = of_kind(asked, chosen) if len(chosen) > 1 else mine  # "which has more …?"
        if len(shown) > 1 and not slots.get("product_ids") and (
                each := unsaid.which_asked(asked)) and (
                listing := _about_each(which, each, _places(which, shown))
                or F.mentioned_by(which, each)):
            # "which ones are waterproof?", "which has gps?": each one's, side by side
            # (it compared all five, or asked to say it another way); "the cheapest of
            # those?" next is of the ones that are (it was of all five)
            answers = [attribute_answers.answer(p, each) or "" for p in which]
            yes = [p["id"] for p, a in zip(which, answers) if a.startswith("Yes")]
            if 0 < len(yes) < len(which):
                state["among"] = yes
            if len(yes) == 1:  # "I'll take that one", "in size 43" next: the one that is
                state["focus"] = yes[0]
            # "which one is waterproof?" of two that are not: "Neither is waterproof." (a
            # list of "no"s alone)
            lead = unsaid.all_or_none(each, answers)
            return await self.say("product_pick", product="", question=text,
                                  answer=f"{lead}\n{listing}" if lead else listing)
        if len(shown) > 1 and (judged := unsaid.better_for(
                chosen if len(chosen) > 1 else shown, asked)):
            # "which is better for windy conditions?": no listing ranks them for it (the
            # comparison came back again, as if it answered)
            return await self.say("product_pick", product="", question=text, answer=judged)
        if intent == "compare" and len(chosen) == 1 and focus and focus is not chosen[0] \
                and points_at_one(asked):
            # "compare it with the second one" after questions about the first: the two
            # of them (it was the second one's card)
            return await self.say("compare", **F.compare_facts([focus, chosen[0]]))
        if intent == "compare" and len(shown) > 1 and len(chosen) != 1:
            # one product picked ("the cheaper one" of five): answered below, about it
            pair = chosen if len(chosen) > 1 else shown  # "compare them": all of them
            if len(chosen) > 1:  # "which is warmer?" next: of these (it was of all shown)
                state["among"] = [p["id"] for p in chosen]
            if len(pair) == 2:  # "how heavy is the first one?", then "and the other one?"
                state["pair"] = [p["id"] for p in pair]
            if (m := _PICK.search(asked)) and (said := verdict(pair)):
                # "which would you pick?" after the two side by side: which the figures
                # favour (the two side by side again); "… for a long trek?", a purpose no
                # listing speaks of (one it does is asked as "which is better for …")
                lead = f"No listing here says which is better {m['purpose'].strip()}. " if \
                    m["purpose"] else ""
                return await self.say("product_pick", product="", question=text,
                                      answer=lead + said, cards=tuple(F.card(p) for p in pair))
            return await self.say("compare", **F.compare_facts(pair))
        if intent == "product_question" and not chosen and len(shown) > 1 and (
                asks_all(asked) or (_bare(asked) or F.asks_fit(asked)) and not state.get("focus")
        ) and not points_at_one(asked) and (
                listing := F.fits_of_all(mine, asked, at := _places(mine, shown))
                or attribute_answers.dimensions_of_all(mine, asked, at)
                or attribute_answers.packs_of_all(mine, asked, at)
                or _about_each(mine, asked, at)
                or F.stock_of_all(mine, asked, at) or F.lists_of_all(mine, asked, at)
                or F.mentioned_by(mine, asked) or unsaid.where_of_all(mine, asked)):
            # "how much do they weigh?", "are they waterproof?", a bare "waterproof?" or
            # "colours?" right after a list: each one's, side by side (it was the first
            # one's); "which size should I get?" with none picked: of all of them; "are they
            # all waterproof?" of five that are: "All 5 are waterproof." first
            if (each := unsaid.each_asked(asked)) and (lead := unsaid.all_or_none(
                    each, [attribute_answers.answer(p, each) or "" for p in mine])):
                listing = f"{lead}\n{listing}"
            return await self.say("product_pick", product="", question=text, answer=listing)
        if intent == "product_question" and not chosen and len(shown) > 1 and not state.get(
                "focus") and not points_at_one(asked) and (
                    none := unsaid.none_say(mine, asked)
                    or attribute_answers.packs_of_all(mine, asked, _places(mine, shown))):
            # "how many pegs?", "what's the inseam?" right after a list: none of them says;
            # "how many in a pack?": each one's pack (it was the first one's answer alone)
            return await self.say("product_pick", product="", question=text, answer=none)
        every_price = intent == "product_question" and not chosen and len(shown) > 1 and (
            prices_of_all(asked) or _BARE_PRICE.match(asked) and not state.get("focus")) \
            and not points_at_one(asked)
        if every_price:
            # "how much are they?": every price, not the first product's ("... are the
            # socks?" of socks and boots: the socks'; of one pair: that one)
            chosen = mine
        if len(chosen) > 1 and _TOTAL.search(asked) and re.search(
                attribute_answers.PRICE, asked.lower()) and (
                total := F.together(chosen, F.counts_of(text, shown))):
            # "how much are both together?", "how much are they together?": the sum (it
            # listed each price, and which was cheaper)
            return await self.say("product_pick", product="", question=text, answer=total)
        if every_price and len(chosen) > 1:
            return await self.say("prices", **F.compare_facts(chosen))
        if intent == "product_question" and len(chosen) > 1:
            # "the Stormline one, does it have a hood?" of three Stormlines: each one's
            # answer side by side, else which one is meant (it answered about the first);
            # "how heavy is it?" next is asked of these again (it was of the first shown)
            state["among"] = [p["id"] for p in chosen]
            at = _places(chosen, shown)  # "1. …, 3. …" of the first and the third
            # ("do these boots run small?" of five boots: which one was meant)
            listing = (F.fits_of_all(chosen, asked, at) or _about_each(chosen, asked, at)
                       or F.stock_of_all(chosen, asked, at) or F.lists_of_all(chosen, asked, at)
                       or F.mentioned_by(chosen, asked))
            if listing or not _several_meant(asked):
                return await self.say("product_pick", product="", question=text,
                                      answer=listing or _which_of(chosen, shown))
            # "how much are the first two?", "tell me about the first two": the prices, or
            # the two side by side (it was the first one's answer)
            return await self.say("prices" if re.search(r"\b(?:how much|prices?|costs?)\b",
                                                        asked.lower()) else "compare",
                                  **F.compare_facts(chosen))
        if intent == "product_question" and not chosen and not focus and len(shown) > 1 and \
                slots.get("quantity"):
            # "how much for 2 pairs?" right after socks: of which (it priced the first)
            return await self.say("product_pick", product="", question=text,
                                  answer=which_to_buy(state, len(shown), slots["quantity"]))
        # "does it come in green?" names nothing: it is about the product the customer
        # last asked about ("how much is the second one?"), else the first one shown
        product = chosen[0] if chosen else focus or shown[0]
        if slots.get("quantity"):  # "3 pairs of the Quarter Heavy socks", then "how much?"
            state["quantity"] = [product["id"], slots["quantity"]]
        elif (state.get("quantity") or [None])[0] == product["id"]:
            slots = {**slots, "quantity": state["quantity"][1]}
        if state.get("focus") not in (None, product["id"]) and product["id"] not in (
                state.get("pair") or ()):
            state["pair"] = [state["focus"], product["id"]]  # the two last asked about
        if state.get("focus") == product["id"] and (state.get("asked") or ["", {}])[1] and not (
                slots.get("color") or slots.get("size")):
            # "how many are left?" after "in orange?": the stock of all its colours (it said
            # "in stock (43)", as if 43 were orange)
            slots = {**slots, "variant_asked": True}
        state["focus"] = product["id"]
        # the two last asked about whatever was listed between them (a new list drops the
        # pair): "how much are both?" after a jacket and then a boot
        state["looked"] = [*[i for i in state.get("looked", ()) if i != product["id"]][-1:],
                           product["id"]]
        state["asked"] = [_the_question(text),
                          {k: slots[k] for k in ("color", "size") if slots.get(k)}]
        # "does it come in blue?": "and in black?" next asks the same of this product;
        # so does "is 38 in stock?" after "what sizes does the first one come in?" (it
        # listed the shoes in size 38)
        state["variant"] = bool(slots.get("color") or slots.get("size")) or \
            attribute_answers.lists_asked(text)
        unstocked = not (product.get("stock") or 0) and F.asks_restock(text)
        facts = F.answer_facts(product, slots, _the_question(text))
        if len(asked := _questions(text)) > 1:
            # "what's the warranty on the Talus Mid Boot and does it come in 47?": each
            # answered (the size alone, the warranty dropped), where each has its own answer
            # (not the whole card)
            said = [F.answer_facts(product, _slots_in(slots, q), q)["answer"] for q in asked]
            if not any("\nDetails — " in a for a in said):
                facts = {**facts, "answer": " ".join(said)}
        others, named, wearer = self._for_the_other(product, text)
        if others:
            facts = {**facts, "answer": f"{facts['answer']} {others}"}
        if named:  # their cards after its own, to ask about next ("the second one"); "is
            # there a lighter model?" next is of the kind for that wearer
            show(state, [product, *named])
            state["search"] = {"query": "", "sort": None, "seen": [p["id"] for p in named],
                               "filters": {"category": product.get("category"),
                                           "gender": wearer}}
        return await self.say("product_answer", cards=tuple(map(F.card, [product, *named])),
                              buttons=(HUMAN_BUTTON,) if unstocked else (), **facts)

    def _for_the_other(self, product: dict, text: str) -> tuple[str, list[dict], str]:
        """"Is there a women's version of the Kammweg Pro?" of a men's boot: the boots of
        the kind made for women (or for all), those of its name first; "" when the
        question asks for no other wearer. It said only "… is a men's model.". With the
        three it names, and the wearer ("women")."""
        made = str((product.get("attributes") or {}).get("gender") or "").lower()
        m = _WEARER.search(text)
        wanted = m and ("women" if m[1] else "men")
        if not wanted or made in ("", "unisex", wanted):
            return "", [], ""
        kind, first = product.get("category"), product["name"].split()[0]
        fit = sorted((p for p in self._all_of([kind]) if attribute_filters.passes(
            p.get("attributes") or {}, "gender", wanted)),
            key=lambda p: not p["name"].startswith(f"{first} "))
        if not fit:
            return f"We have no {kind} for {wanted}.", [], wanted
        names = F.in_words([f"the {p['name']}" for p in fit[:3]])
        more = f" (and {len(fit) - 3} more)" if len(fit) > 3 else ""
        return f"For {wanted}, our {kind} include {names}{more}.", fit[:3], wanted

    def _two_looked(self, state: dict) -> list[dict]:
        """The two products "both" means: the pair last asked about among those shown, else
        the last two asked about across lists while the later one is in focus; [] when
        there are not two."""
        ids = state.get("pair") or (
            state.get("looked") if (state.get("looked") or [None])[-1] == state.get("focus")
            else None)
        two = [p for p in map(self.catalog.get, ids or ()) if p]
        return two if len(two) == 2 else []


def _flips_price_order(state: dict, text: str) -> str | None:
    """"desc" when a list sorted cheapest first is followed by "and the most expensive?"
    ("asc" the other way round); None when the question is about the shown ones ("which of
    these is the most expensive?") or asks no such thing."""
    sort, low = (state.get("search") or {}).get("sort"), text.lower()
    if re.search(r"\b(?:which|of (?:these|them|those|the \w+ shown))\b", low):
        return None
    if sort == "asc" and re.search(r"\b(?:most expensive|priciest|dearest)\b", low):
        return "desc"
    if sort == "desc" and re.search(r"\b(?:cheapest|least expensive)\b", low):
        return "asc"
    return None


def _the_other(state: dict, shown: list[dict]) -> dict | None:
    """Of the two products last spoken of (compared, or asked about one after the other),
    or of two shown, the one not in focus; None when that is not clear."""
    focus, pair = state.get("focus"), state.get("pair")
    if not pair and len(shown) == 2:
        pair = [p["id"] for p in shown]
    if not pair or len(pair) != 2 or focus not in pair:
        return None
    other = pair[1 - pair.index(focus)]
    return next((p for p in shown if p["id"] == other), None)


# "… and does it come in 47?": a second question of the same product
_AND_ASKS = re.compile(r"\s*,?\s+and\s+(?=(?:does|do|is|are|can|will|has|what|what's|whats|how|"
                       r"which|where|when)\b)", re.I)


def _questions(text: str) -> list[str]:
    """The questions one message asks of a product: "what's the warranty?" and "does it
    come in 47?" of "what's the warranty on it and does it come in 47?"; one, the message
    itself, when it asks one."""
    parts = [q.strip() for s in sentences(text) for q in _AND_ASKS.split(s) if q.strip()]
    return parts if len(parts) > 1 else [text]


def _slots_in(slots: dict, part: str) -> dict:
    """`slots` less a size or colour `part` does not say ("47" is of the second question)."""
    return {k: v for k, v in slots.items() if k not in ("size", "color") or re.search(
        rf"\b{re.escape(str(v))}\b", part, re.I)}


def _the_question(text: str) -> str:
    """"does it come with a footprint?" of "the first one looks good. does it come with a
    footprint?" (a remark before the one question: its whole card came back); `text`
    itself otherwise."""
    parts = sentences(text)
    if len(parts) > 1 and parts[-1].endswith("?") and not any(
            p.endswith("?") for p in parts[:-1]):
        return parts[-1]
    return text


def _bare_other(text: str) -> bool:
    """"and the other one?", "what about the other?": nothing asked but which product."""
    rest = re.sub(r"\b(?:and|what|how|about|on|for|of|the|other|one|then|please|pls|ok|okay|so)\b"
                  r"|[^\w]", " ", _OTHER.sub(" ", text.lower()))
    return not rest.strip()


def _bare_pick(text: str, shown: list[dict]) -> bool:
    """"and the first one?", "what about the Starfall?", "no, I meant the second one"
    (its card came back): nothing asked but which product."""
    # "and on the first?" after "how long is the warranty on the second one?"
    rest = re.sub(r"\b(?:and|what|how|about|on|for|of|the|one|then|please|pls|first|second|third|"
                  r"fourth|fifth|last|\d(?:st|nd|rd|th)?|number|no|nr|i|meant|mean|sorry|"
                  r"oops|actually|ok|okay|so)\b|[^\w]", " ",
                  F.without_names(text.lower(), shown))
    return not rest.strip()


def _ranked_or_which(text: str) -> str | None:
    """The word a ranking or a "which ones are …?" asks by ("grip" of "which has the best
    grip?", "down" of "which ones are down?"); None for any other question."""
    if m := _RANKS.search(text):
        return m[1]
    asked = unsaid.which_asked(text.lower())
    m = asked and re.fullmatch(r"(?:is it|does it have) (?:an? )?([a-z][a-z-]{2,})\?", asked)
    return m[1] if m else None


def _several_meant(text: str) -> bool:
    """"the Stormline ones", "both", "the first two": more than one product is meant."""
    return bool(re.search(r"\b(?:ones|they|them|both|all|each|every|two|three|and)\b",
                          text.lower()))


def _places(some: list[dict], shown: list[dict]) -> list[int]:
    """The places in the shown list (from 1) of some of its products."""
    at = {p["id"]: i for i, p in enumerate(shown, 1)}
    return [at.get(p["id"], n) for n, p in enumerate(some, 1)]


def _which_of(chosen: list[dict], shown: list[dict]) -> str:
    """Asks which of several shown products that fit the customer's words is meant."""
    options = [f"{i}. {p['name']} ({F.money(p)})" for i, p in zip(_places(chosen, shown), chosen)]
    return ("Which one do you mean?\n" + "\n".join(options)
            + "\nSay its number or more of its name.")


# "which would you pick?", "which is better?", "what do you recommend?": a choice asked of
# the bot, for no purpose said
_PICK = re.compile(r"\b(?:would|should|do|can|will) (?:you|i) (?:pick|choose|recommend|suggest|"
                   r"get|buy|go for|take)(?: one)?(?P<purpose> (?:for|on|in) [^?.!]{2,40})?"
                   r"\W*$|^\W*(?:(?:so|ok|okay|and|but)\W+)*(?:which|what)(?: one)?(?:'s| is) "
                   r"(?:the )?(?:better|best)(?: one| choice| option| buy)?\W*$|"
                   r"\byour (?:pick|choice|recommendation)\W*$", re.I)


def _bare(text: str) -> bool:
    """A question of three words or fewer that names no product ("waterproof?", "weight?",
    "how heavy?"): after a list with none picked, it asks of all of them. Words that only
    carry the talk on do not count ("ok which sizes then?" got the first one's sizes)."""
    return len([w for w in re.findall(r"[a-z]+", text.lower()) if w not in _CARRY_ON]) <= 3


_CARRY_ON = frozenset("ok okay so then and but well hmm please right now".split())


def _wanted(slots: dict) -> str:
    """The colour and size asked for, as said of products ("in green", "in size 44")."""
    return " and ".join(f"in {'size ' * (k == 'size')}{slots[k]}"
                        for k in ("color", "size") if slots.get(k))


def _asks_about_one(slots: dict, text: str) -> bool:
    """"is the cheapest one in stock?" asks about a product, not which one is cheapest; so
    does a yes/no question of a property ("does the cheapest have a rain cover?", "is the
    lightest one good for winter?": it said which was cheapest), unless that property is
    another superlative ("is the lightest one the cheapest?")."""
    q = text.lower()
    if slots.get("size") or slots.get("color") or re.search(
            r"\b(stock|available|availability|left|waterproof|come in|comes in|more about|tell "
            r"me about|details?|describe|info)\b", q):
        return True
    if re.search(r"\b(?:of|on|for|does|do) the (?:\w+est|most \w+|least \w+)\b", q) and (
            attribute_answers.asks_dimension(q) or any(
                re.search(pattern, q) for pattern, _, _ in attribute_answers.RULES)):
        # "what's the max length of the lightest?", "how much does the most expensive
        # weigh?": it said which was lightest, which the most expensive
        return True
    if not _ASKS_IF.match(q):
        return False
    prop = unsaid.property_asked(q)
    return bool((prop and not re.search(r"est\b|\b(?:most|least)\b", prop)) or any(
        re.search(pattern, q) for pattern, _, _ in attribute_answers.RULES))


def show(state: dict, products: list[dict]) -> None:
    """Remember a new list; "it" no longer means the product asked about before it."""
    state["shown"] = [p["id"] for p in products]
    for key in ("focus", "among", "pair", "asked"):
        state.pop(key, None)
