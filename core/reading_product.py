"""The rules of core.in_context for a message about the product in focus or those shown:
"is it down?" of a down bag, "dishwasher safe?" of a bottle, "the pole snapped" of a
tent, "I need 3 pairs" after socks."""

from __future__ import annotations

import re
from dataclasses import replace

from . import policy_answer, unsaid
from .attribute_filters import MATERIALS
from .followups import a_thing, orders_by, wants_similar
from .model_understander import POLICY_TOPICS
from .reading import FOLLOW_ON, Context, Reading, in_focus, is_unsure, only_kinds, taken_as
from .service_turns import reports_defect
from .services import asks_service

# "the pole snapped", "my zip is broken", "one of the buckles came off": something the
# customer has went wrong, said as news
_IT_BROKE = re.compile(r"\W*(?:(?:and|but|now|so|oh|ugh|well|also|sadly)\W+)*(?:my|the|our|"
                       r"one of (?:my|the)) (?:[\w'-]+ ){0,4}(?:(?:just|already) )?(?:broke|"
                       r"snapped|cracked|ripped|tore|split|fell apart|came (?:off|apart|undone|"
                       r"loose)|stopped working|(?:is|are|has|have|'s|'ve) (?:\w+ )?(?:broken|"
                       r"torn|ripped|cracked|leaking|snapped|split)|(?:has|have|'s|'ve) (?:got )?"
                       r"(?:a |an |some )?(?:holes?|tears?|rips?|cracks?))\b|\W*(?:(?:and|but|now|"
                       r"so|oh|ugh|well|also|sadly)\W+)*there'?s (?:a |an )?(?:hole|tear|rip|crack)"
                       r" in (?:my|the|our|one of)\b", re.I)
_WANTS_NEW = re.compile(r"\b(?:need|want|looking|new|replacement|replace|buy|get|recommend|"
                        r"any|another|spare)\b", re.I)
# "tell me more", "can you tell me more?", "more details please", "what else can you tell me?"
TELL_MORE = re.compile(r"^\W*(?:(?:ok(?:ay)?|so|and|great|thanks)\W+)*"
                       r"(?:(?:can|could|would) you\s+)?(?:please\s+)?"
                       r"(?:tell me|give me|show me|i'?d like|i want)?\s*"
                       r"(?:a (?:bit|little) |some )?more(?: (?:details?|info(?:rmation)?))?"
                       r"(?: please)?\W*$|"
                       r"^\W*what else (?:can|could) you tell me\W*$", re.I)
# "dishwasher safe?", "bpa free?", "leak proof?", "rechargeable?": a property alone, asked
# of the product in the talk (a bare "tents?" is a search: these endings only)
# "and …?", "ok, …?": the words that may open a bare follow-on
_OPENER = r"^\W*(?:(?:and|also|but|ok(?:ay)?|so)\W+)*"
_BARE_PROPERTY = re.compile(_OPENER + r"((?:[a-z]+[ -])?(?:free|safe|proof|resistant|friendly|compatible)"
                            r"|[a-z]{3,}(?:proof|able|ible)|"
                            # "insulated?" after bottles (insulated jackets)
                            r"insulated|lined|padded|hooded|vented|ventilated|waxed|taped|"
                            r"seam[- ]sealed|reinforced)\s*\?\W*$", re.I)
# "is there a women's version (of it)?", "do you have a men's one?": of the product asked about
_OTHER_VERSION = re.compile(_OPENER + r"(?:is there|do you have|have you got|does it come in|"
                            r"any) (?:an? |any )?(?:wom[ae]n'?s?|ladies'?|men'?s?|female|male) "
                            r"(?:version|model|one|cut|fit)(?: of (?:it|this|that|this one|"
                            r"that one))?(?: too| as well)?\s*\??\W*$", re.I)
# "merino?", "and down?": a material alone, asked of what is on screen
_BARE_MATERIAL = re.compile(_OPENER + "(" + "|".join(
    sorted(MATERIALS, key=len, reverse=True)) + r")\s*\?\W*$", re.I)
# "I need 3 pairs", "3 please", "we'd like two": how many, of nothing named
_JUST_HOW_MANY = re.compile(r"\W*(?:(?:ok(?:ay)?|great|then|so|and)\W+)*(?:(?:i|we)(?:'d| would)? "
                            r"(?:need|want|like|take|get|buy|order)\s+)?(?:\d{1,2}|two|three|four|"
                            r"five|six)(?:\s+(?:pairs?|pieces?|packs?|sets?|of them|units?))?"
                            r"(?:\s+please)?\W*", re.I)


# "can it show notifications?", "will they fit a 2L bladder?": what it can do, asked as
# "does it …?"
_CAN_IT = re.compile(r"\b(?:can|could|will|would) (it|they|this one|that one)(?= \w)", re.I)
# "can I take it on a plane?", "could we bring the first one camping?": a use of one shown
# (not an order, a delivery or a return: "can I get it by Friday?", "can I return it?"), or
# what it can do
_CAN_I_IT = re.compile(r"\W*(?:(?:and|so|but|ok)\W+)?(?:(?:can|could|may) (?:i|we) (?!(?:order|buy|"
                       r"get|have|pay|return|exchange|cancel|send|track|reserve|hold|change|"
                       r"collect|pick)\b)\w+ (?:it|them|this|that|the (?:\w+ )?ones?)\b|"
                       r"(?:can|could|will|would) (?:it|they|this one|that one) (?!(?:arrive|"
                       r"be (?:delivered|shipped|sent|here|there)|get here|come)\b)\w+)", re.I)


# "what does it cover?", "and what's covered?": of a warranty just spoken of
_IT_COVERS = re.compile(r"\W*(?:(?:and|so|ok)\W+)?(?:what (?:does|will|would) (?:it|that|this) "
                        r"cover|what(?:'s| is| isn't| is not) covered)\b", re.I)
_WARRANTY = re.compile(r"\b(?:warrant\w*|guarantee\w*)", re.I)
# "it", "this", "that one", "that in blue": a product pointed at (not "boots that fit")
POINTED = re.compile(r"\b(?:it|they|them|this|these|those|the (?:\w+ )?ones?|that(?= in\b| one\b|"
                     r"\W*$))\b", re.I)


# "… in a women's version?", "a men's model of …": whom a product is made for
_VERSION = re.compile(r"\b(?:wom[ae]n'?s|men'?s|ladies'?|unisex) (?:version|model|cut|fit)s?\b",
                      re.I)
# "show me a picture", "do you have a photo of it?": its card, whose image the platform shows
_PICTURE = re.compile(r"\b(?:pictures?|photos?|images?|pics?)\b(?!\s+(?:frame|of (?:the|your) "
                      r"(?:shop|store|team)))", re.I)


def of_the_product(r: Reading, c: Context) -> Reading:
    """Rules for a message about the product in focus or those shown."""
    u, text = r.u, r.text
    state, shown, about_focus, named_in = c.state, c.shown, c.about_focus, c.named_in
    if len(named := named_in(text)) == 1 and (m := _VERSION.search(text)) and \
            u.intent != "product_question":
        # "do you have the Cinder Hoody Down Jacket in a women's version?": whom it is made
        # for (five women's jackets were listed, as if searched for; then more like it)
        u, text = taken_as(u, "product_question"), \
            f"is there a {m[0]} of the {named[0]['name']}?"
    if (product := in_focus(state, shown)) and _PICTURE.search(text) and not named_in(text) \
            and not any(u.slots.get(k) for k in ("category", "brand", "order_id")):
        # "show me a picture" of the tent asked about (no product mentions "picture")
        return replace(r, u=taken_as(u, "product_question"), text=f"tell me about the "
                                                                   f"{product['name']}")
    if not (state.get("focus") or shown) and (u.slots.get("size") or u.slots.get("color")) and \
            POINTED.search(text) and not any(u.slots.get(k) for k in (
                "category", "brand", "product_ids", "order_id")) and not named_in(text) and (
            is_unsure(u) or u.intent in ("product_question", "product_search")):
        # "do you have this in a size 9?", "do you have it in size 42?" with nothing spoken
        # of ("say it another way"; every product in size 42): which product is meant
        u = taken_as(u, "product_question")
    if u.intent == "warranty" and u.slots.get("category") and orders_by(text):
        # "tents with the longest warranty": tents ordered by their listed warranty,
        # not the shop's warranty policy
        u = replace(u, intent="product_search")
    if about_focus and (u.slots.get("size") or u.slots.get("color")) and (
            u.intent in ("place_order", "small_talk", "out_of_scope") and not (
                u.intent == "place_order" and not policy_answer.is_question(text))
            or u.intent in POLICY_TOPICS and FOLLOW_ON.match(text) and len(text.split()) <= 5):
        # "can I get it in long?" of the bag in focus: whether it comes in long (how to
        # order, before); "I'll take it in L" is a purchase, the size said with it; "and in
        # L?" after "the first one in M?" (the contact details at 0.84): in L
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
        if (one := in_focus(state, shown)) and one.get("category") != u.slots.get("category"):
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
    if u.intent == "product_question" and _IT_COVERS.match(text) and _WARRANTY.search(
            (state.get("asked") or [""])[0]):
        # "what does it cover?" right after the watch's warranty (its whole card came
        # back): what the warranty covers
        u, text = taken_as(u, "warranty"), "what does the warranty cover?"
    if u.intent != "product_question" and (
            one := in_focus(state, shown) or (shown[0] if shown else None)) and \
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
    if (state.get("focus") or shown) and (is_unsure(u) or u.intent == "product_question") and \
            _CAN_I_IT.match(text) and not any(u.slots.get(k) for k in ("category", "order_id")):
        # "can I bring it camping?", "can I take the first one to the beach?" (a search at
        # 0.45, a question at 0.5: "say it another way"): what its listing says of it; "can
        # it show notifications?" is asked as "does it show …?" (the card, no word of them)
        u, text = taken_as(u, "product_question"), _CAN_IT.sub(
            lambda m: "do they" if m[1].lower() == "they" else "does it", text, count=1)
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
    if state.get("focus") and _OTHER_VERSION.match(text) and not any(
            u.slots.get(k) for k in ("category", "order_id")):
        # "is there a women's version?" after the Kammweg Pro (women's boots listed; "… of
        # it?" was "say it another way"): of the boot asked about, as with its name
        u = taken_as(u, "product_question")
    if (state.get("focus") or shown) and (m := _BARE_PROPERTY.match(text)) and not any(
            u.slots.get(k) for k in ("category", "product_ids", "order_id")):
        # "dishwasher safe?", "bpa free?" after a bottle's answer (its whole card, as if it
        # answered), "leak proof?" (the warranty policy): asked as "is it …?"; right after
        # a list, of each one listed
        u, text = taken_as(u, "product_question"), (
            f"is it {m[1]}?" if state.get("focus") or len(shown) < 2 else
            f"which ones are {m[1]}?")
    if (state.get("focus") or shown) and (m := _BARE_MATERIAL.match(text)) and not any(
            u.slots.get(k) for k in ("category", "brand", "product_ids", "order_id")):
        # "synthetic?" after the down bag's answer (its whole card), "merino?" after hiking
        # socks (merino tees), "down?" after sleeping bags (down jackets): is it made of it,
        # or those of the search that are
        if state.get("focus") or len(shown) < 2:
            u, text = taken_as(u, "product_question"), f"is it {m[1]}?"
        else:
            text = f"what about {m[1]}?"
    if u.intent in ("product_search", "recommendation") and u.slots.get("quantity") and \
            shown and _JUST_HOW_MANY.fullmatch(text):
        # "I need 3 pairs" after socks: a purchase of those shown (a search for "3 pairs")
        u = taken_as(u, "place_order")
    if u.intent == "product_question" and u.slots.get("quantity") and shown and \
            not policy_answer.is_question(text):
        # "3 pairs of the first please" states a purchase: what that comes to, and how
        # to order (it got the product's card)
        u = taken_as(u, "place_order")
    if is_unsure(u) and not asks_service(text) and (thing := a_thing(text, after_search=bool(
            state.get("search")) and state.get("last_intent") in ("product_search",
                                                                   "recommendation"))):
        # "ok and a pillow?" (small talk at 0.6), "ok what about ponchos" after rain
        # jackets (a clarifying question), "do you have a footprint?" (contact details at
        # 0.39): a search for the thing alone ("add a footprint" was no word of a product),
        # which says whether the shop sells any; "do you have an app?" is a service
        u, text = taken_as(u, "product_search"), thing
    if u.intent in ("product_question", "product_search") and FOLLOW_ON.match(text) and \
            state.get("last_intent") in ("product_search", "recommendation") and \
            only_kinds(text, u.slots):
        # "what about socks?" after gift ideas that had socks among them: socks (it
        # showed the first pair of those listed, a product answer at 0.6), within the
        # budget said ("and backpacks?" of a gift under 100 listed packs at 231 EUR)
        budget = {k: v for k, v in (state.get("search") or {}).get("filters", {}).items()
                  if k in ("min_price", "max_price")}
        u = replace(taken_as(u, "product_search"), slots={**budget, **u.slots})
    return replace(r, u=u, text=text)
