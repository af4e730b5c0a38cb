"""Pure functions that turn shop data into the facts a reply may state.

Prompt templates (and the LM in a later issue) only ever see these strings, so every price,
size, stock figure and status a customer reads was computed here from the shop's data. What
is said about an order is core/order_answers.py's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from . import attribute_answers, attribute_filters, claims, grounding, unsaid, uses
from .colours import matching
from .comparison import differences, reading
from .policy_answer import currency_named, sentences
from .product_names import without_name
from .slots import counts_at
from .types import Button, ProductCard
from .wording import in_words, none_of, sizes_in_words

CAPABILITIES = ("find products (\"waterproof hiking boots under 120\"), answer questions about "
                "them, tell you where your order is, explain shipping, returns, warranty and "
                "payment, or put you in touch with a person")

def money(product: dict[str, Any]) -> str:
    return f"{product['price']:.2f} {product.get('currency') or ''}".strip()


def stock_text(product: dict[str, Any], counted: str = "") -> str:
    n = product.get("stock") or 0
    return f"in stock ({n}{counted})" if n > 0 else "out of stock"


def too_few(products: list[dict[str, Any]], quantity: Any) -> str:
    """"For 20, too few are in stock of the Starfall Plus Dome Tent (18) and the Nightjar
    Plus Dome Tent (none)." of a list asked for in a quantity; "" when each has enough or
    no quantity was said ("20 tents for a school trip" listed five, two of which cannot
    fill it, with no word)."""
    try:
        wanted = int(quantity or 0)
    except (TypeError, ValueError):
        return ""
    short = [p for p in products if (p.get("stock") or 0) < wanted] if wanted > 1 else []
    if not short:
        return ""
    said = in_words([f"the {p['name']} ({p.get('stock') or 'none'})" for p in short])
    return (f"None of these has {wanted} in stock: {said}." if len(short) == len(products)
            else f"For {wanted}, too few are in stock of {said}.")


def across(product: dict[str, Any]) -> str:
    """" across all its sizes and colours": what the listing's one stock figure counts, said
    where a size or colour was asked of ("is the brown one in stock?" was "in stock (50)", as
    if 50 were brown); "" for a product of one size and colour."""
    several = [word for word, have in (("sizes", product.get("sizes")),
                                       ("colours", product.get("colors"))) if len(have or ()) > 1]
    return f" across all its {' and '.join(several)}" if several else ""


def stock_of_all(products: list[dict[str, Any]], question: str,
                 numbers: Sequence[int] | None = None) -> str | None:
    """"Are they in stock?" of a list: each one's stock, numbered as shown; None when the
    question is not about stock (it got the first product's)."""
    if not re.search(r"\b(?:stock|available|availability)\b", question.lower()):
        return None
    return "Stock:\n" + "\n".join(f"{i}. {p['name']}: {stock_text(p)}"
                                    for i, p in zip(numbers or range(1, len(products) + 1),
                                                    products))


def lists_of_all(products: list[dict[str, Any]], question: str,
                 numbers: Sequence[int] | None = None) -> str | None:
    """"Colours?" or "what sizes do they come in?" of a list: each one's colours or sizes,
    numbered as shown; None when the question asks for neither (it got the first one's)."""
    q = question.lower()
    blocks = [f"{noun.capitalize()}:\n" + "\n".join(
        f"{i}. {p['name']}: {', '.join(p.get(key) or []) or 'one ' + noun[:-1] + ' only'}"
        for i, p in zip(numbers or range(1, len(products) + 1), products))
        for pattern, key, noun in attribute_answers.LISTS if re.search(pattern, q)]
    if blocks and (fit := attribute_answers.fit_asked(q)) and not any(
            attribute_answers.mentions(p, fit) for p in products):
        # "do they come in wide sizes?": the sizes came back as if they were
        blocks.insert(0, f"{none_of(len(products), 'listings')} mentions {fit} sizes.")
    return "\n\n".join(blocks) if blocks and len(products) > 1 else None


# "the most cushioning", "the best grip": a ranking no listing gives, of a property it may name
_RANKED = re.compile(r"(?:the )?(most|least|best|highest|lowest|greatest|biggest|more|fewer|"
                     r"less|better|higher|lower|bigger) (.+)", re.I)


def mentioned_by(products: list[dict[str, Any]], question: str) -> str | None:
    """"Are they adjustable?" of a list: which listings mention it, and that the others do
    not (the first one's card came back); None when it is no such yes/no question."""
    asked = unsaid.property_asked(question)
    if asked is None or len(products) < 2:
        return None
    asked, n, lead = unsaid.unjudged(asked), len(products), ""
    if ranked := _RANKED.match(asked):
        # "which have the most cushioning?": no listing rates it; which ones mention it (it
        # said none mentions "the most cushioning", though one was "a cushioned road shoe")
        # (an adjective is ranked by "is": "which one is more breathable?")
        is_adjective = re.search(rf"\b(?:is|are|'s)(?: it| they)? {re.escape(asked)}", question,
                                 re.I)
        question = question.replace(asked, ranked[2])
        asked = ranked[2]
        most = ranked[1].lower()  # "the most", but "more" of two
        the = "" if most in ("more", "fewer", "less", "better", "higher", "lower", "bigger") \
            else "the "
        # (it said "… rates breathable, so I can't say which has more")
        lead = f"{none_of(n, 'listings')} " + (
            f"rates that, so I can't say which is {the}{most} {asked}. " if is_adjective else
            f"rates {asked}, so I can't say which has {the}{most}. ")
    return _mentions(products, question, asked, lead)


# "which is the most cushioned?": a ranking by a word no listing rates (all five side by side
# came back, as if they answered)
# ("which is more durable?" of two: the two side by side came back too)
# ("what's the most waterproof one?" of rain jackets: the first one's "Yes — it is waterproof")
_WHICH_MOST = re.compile(r"\W*(?:which|what)(?: one| ones| of (?:them|these|those|the \w+))?(?:'s|"
                         r" is| are) (?:the )?(most|least|more|less) ([a-z][a-z-]{2,})(?: one| "
                         r"ones| of (?:them|these|those|the \w+))?\W*", re.I)


# "which is the easiest to set up?": any other word ending in "-est" (after the rankings
# core/superlatives computes); words that end so and rank nothing are no such question
_WHICH_EST = re.compile(r"\W*(which\b[a-z ']{0,40}?\b([a-z]{2,}est)\b[a-z ']{0,40}?)\W*", re.I)
NOT_EST = frozenset(("best", "rest", "test", "interest", "forest", "honest", "west", "nest",
                     "chest", "vest", "crest", "request", "latest", "guest"))


def most_unrated(products: list[dict[str, Any]], question: str) -> str | None:
    """"Which is the most cushioned?" of a list: that no listing rates it, and which ones
    mention it; None for any other question. Ask it after the properties listings rate
    (core/superlatives: "the most expensive", "the lightest")."""
    m = _WHICH_MOST.fullmatch(question)
    if len(products) < 2:
        return None
    if not m and (est := _WHICH_EST.fullmatch(question)) and est[2].lower() not in NOT_EST:
        # "which is the easiest to set up?", "which keeps water cold longest?": all side by
        # side, or none "mentions 'water cold longest'"
        return f"{none_of(len(products), 'listings')} rates that, so I can't say " \
               f"{est[1].strip().lower()}."
    if not m:
        return None
    the = "" if m[1].lower() in ("more", "less") else "the "
    lead = f"{none_of(len(products), 'listings')} rates that, so I can't say which is {the}" \
           f"{m[1].lower()} {m[2]}. "
    return _mentions(products, f"is it {m[2]}?", m[2], lead)


def _mentions(products: list[dict[str, Any]], question: str, asked: str, lead: str) -> str:
    """Which of `products` mention what yes/no `question` asks (`asked`), after `lead`."""
    n = len(products)
    if asked.lower() in attribute_filters.MATERIALS:
        # "which ones are down?": of what they are made of (a synthetic bag that "packs
        # down small" was said to mention it)
        names = [p["name"] for p in products if not attribute_filters.lacks(
            attribute_filters.made_text(p["name"], p.get("attributes")), asked)]
    else:
        names = [p["name"] for p in products if unsaid.unmentioned(p, question) is None]
    if not names:
        return (f"{lead}{'Neither' if n == 2 else 'None of them'} mentions \"{asked}\"."
                if lead else f"Sorry, {none_of(n, 'listings').lower()} mentions \"{asked}\".")
    rest, listings = n - len(names), in_words([f"the {m}" for m in names])
    said = (f"the listing of {listings} mentions" if len(names) == 1 else
            f"the listings of {listings} mention")
    others = "; the other one does not." if rest == 1 else f"; the other {rest} do not."
    quoted = f"\"{asked}\"" + (f" (as \"{same[0]}\")"  # "zip-off": they say "convertible"
                               if (same := unsaid.SAME_FEATURE.get(asked.lower())) else "")
    if not rest:  # "the listings of A, B, C, D and E mention it": every one of them
        return f"{lead}{'Both' if n == 2 else f'All {n}'} listings mention {quoted}."
    return f"{lead}Of these {n}, {said} {quoted}{others}"


def card(product: dict[str, Any]) -> ProductCard:
    pid = product["id"]
    return ProductCard(
        product_id=pid, title=product["name"], price=f"{product['price']:.2f}",
        currency=product.get("currency") or "", in_stock=(product.get("stock") or 0) > 0,
        subtitle=" · ".join(x for x in (product.get("brand"), product.get("category")) if x),
        image_url=product.get("image_url"),
        buttons=(Button("Details", f"details:{pid}"), Button("More like this", f"more:{pid}")),
    )


def product_lines(products: list[dict[str, Any]], detail: str | None = None) -> str:
    """One numbered line per product; `detail`: an attribute the list is ordered by, shown
    on each line that lists it ("lighter ones": ", 480 g")."""
    def shown(p: dict[str, Any]) -> str:
        v = (p.get("attributes") or {}).get(detail) if detail else None
        return f", {reading(detail, v)[1]}" if detail and v not in (None, "") else ""
    return "\n".join(f"{i}. {p['name']} ({p.get('brand') or 'no brand'}) — {money(p)}, "
                     f"{stock_text(p)}{shown(p)}" for i, p in enumerate(products, 1))


def example_question(products: list[dict[str, Any]],
                     filters: dict[str, Any] | None = None) -> str:
    """A follow-up the customer could ask about a list, true of it: a size or colour the
    second product comes in (a list of water bottles was told to ask about size 44); not
    one the search kept to (boots in size 44 were told to ask about size 44)."""
    if not products:
        return "tell me more about the first one"
    p, which = (products[1], "the second one") if len(products) > 1 else (products[0], "it")
    sizes = [] if (filters or {}).get("size") else p.get("sizes") or []
    colors = [] if (filters or {}).get("color") else p.get("colors") or []
    if sizes:
        return f"is {which} available in size {sizes[len(sizes) // 2]}?"
    if colors:
        return f"does {which} come in {colors[-1]}?"
    return f"tell me more about {which}"


def alternatives_text(products: list[dict[str, Any]],
                      filters: dict[str, Any] | None = None) -> str:
    """The nearest products to a search nothing matched, each with its figure of the first
    property the search asked a bound of ("sleeping bags for -15 °C": "-10 °C" on each;
    three bags came with no word of how warm they are)."""
    if not products:
        return "Try fewer words or a wider price range."
    detail = next((k for k in attribute_filters.KEYS if (filters or {}).get(k) not in (None, "")
                   and k not in ("gender", "season", "waterproof")), None)
    lines = product_lines(products, detail)
    if not detail and (filters or {}).get("color"):
        # "in purple?" of fleeces none of which is: the colours each does come in (three
        # came with no word of them)
        lines = "\n".join(f"{line}, in {in_words(p.get('colors') or [], 'or') or 'one colour'}"
                          for line, p in zip(lines.splitlines(), products))
    return "The closest alternatives I have:\n" + lines


# how a request for a thing starts ("do you sell kayaks?" asks for "kayaks")
ASKING = re.compile(r"^(?:(?:hi|hello|hey)\W+)?(?:(?:and )?(?:what|how) about|(?:do|does) "
                    r"(?:you|the shop) (?:sell|have|stock|carry|do)|have you got|got any|"
                    r"(?:i'?m|i am) looking for|looking for|i (?:need|want|would like|'d like)|"
                    r"can i (?:get|buy)|show me|where can i (?:find|get)|how much (?:is|are|does|"
                    r"do)|what (?:does|do)|(?:what(?:'s| is| are)? )?the price of)\s+"
                    r"(?:any\s+|some\s+|a\s+|an\s+)?", re.I)


# "ok and a pillow?": the words that lead to the thing asked for, without a verb
_LEADING = re.compile(r"^(?:(?:ok|okay|so|and|then|also|maybe|oh)\W+)+", re.I)


def _unmentioned_after(product: dict[str, Any], asked: str) -> list[str]:
    """"… and is it rechargeable?" after a question the listing answers ("what's its
    battery life"): that no word of the listing names it (the second question went
    unanswered)."""
    parts = re.split(r"\s*(?:,\s*)?\band\b\s*|[,;]\s*", asked)[1:]
    gaps = (unsaid.unmentioned(product, part) for part in parts)
    return [re.sub(r"^Sorry, o", "O", gap) for gap in gaps if gap]


def asked_for(text: str, limit: int = 60) -> str:
    """What a search asked for, to quote back: the request's opening and end punctuation
    left off, at most `limit` characters (a whole word more at most)."""
    said = " ".join(text.split())
    rest = _LEADING.sub("", said)  # "ok what about ponchos", "ok and a pillow?"
    what = ASKING.sub("", rest)
    if what == rest:  # no asking words: "a pillow", "ok and a pillow?"
        what = re.sub(r"^(?:a|an|some|any)\s+", "", what, flags=re.I)
    # "anything for dogs": "dogs" is what no product mentions
    what = re.sub(r"^(?:anything|something|stuff|gear|products?|things?)\s+for\s+(?=\w)", "",
                  what.strip(" ?!.,"), flags=re.I)
    # "he likes fishing" (what a present is for): "fishing"
    what = re.sub(r"^(?:he|she|they|we|i|my \w+)(?:\s+(?:really|also|mostly))?(?:\s+(?:likes?|"
                  r"loves?|enjoys?|(?:is|are|am) into)|'s into|'m into|'re into)\s+", "", what,
                  flags=re.I)
    # "kayaks under 50": the bound is no part of what no product mentions
    what = re.sub(r"\s+(?:for\s+)?(?:(?:under|below|less than|max|up to|around|about|over)\s+"
                  r"\d+|between\s+\d+\s+and\s+\d+)(?:[.,]\d+)?\s*(?:eur|euros?|€|dollars?|\$)?$",
                  "", what, flags=re.I)
    # "do you sell kayaks too?", "… as well, please": "kayaks"; "what does a kayak cost?"
    what = re.sub(r"(?:[\s,]+(?:please|too|also|as well|either|cost|then|instead|maybe|here|"
                  r"online|separately))+$", "",
                  what, flags=re.I)
    if len(what) > limit:
        what = what[:limit].rsplit(" ", 1)[0] + " ..."
    return what or text.strip()


# "what stove is compatible with gas canisters?": what a product must work with
# ("I run on roads mostly" is where the customer runs: "No listing here mentions roads mostly")
_WORKS_WITH = re.compile(r"\b(?:compatible with|works? with|that takes?|(?<!\bi )(?<!\bwe )(?<!\bhe )"
                         r"(?<!\bshe )(?<!\bthey )(?<!\byou )runs? on|for use with)\s+"
                         r"(?:a |an |the |my |any )?([a-z][a-z -]{2,30}?)\s*(?:[?.!,]|$|\b(?:and|"
                         r"under|for|please)\b)", re.I)


# "a headlamp with red light", "a tent with a porch": a feature a product must have
_WITH_FEATURE = re.compile(
    r"\bwith (?:an? |some |good |great |decent |nice |built-in |a built-in |lots of |plenty of "
    r"|a lot of )?([a-z][a-z -]{2,25}?)\s*(?:[?.!,]|$|\b(?:and|under|below|for|please|in|that|"
    r"which|to)\b)", re.I)
# company, not a feature: "a tent for camping with my kids", "with free shipping"
_NO_FEATURE = re.compile(r"^(?:my|our|his|her|their|your|me|us|you|it|them|this|that|the|"
                         r"friends?|family|kids?|children|free|a budget)\b", re.I)


_NOT_A_FEATURE = frozenset("a an the and or of good great nice decent really very".split())


# a second feature after the first: "with a rain cover and (a) hip belt"
_AND_FEATURE = re.compile(r"\s*(?:,|and|,\s*and)\s+(?:an? |some )?([a-z][a-z -]{2,25}?)\s*"
                          r"(?:[?.!,]|$|\b(?:and|under|below|for|please|in|that|which|to)\b)",
                          re.I)


def _features_unlisted(query: str, products: list[dict[str, Any]]) -> list[str]:
    """Each feature "with …" asks for ("with a rain cover and hip belt") that no listing
    found says (see _feature_unlisted)."""
    if not (m := _WITH_FEATURE.search(query)) or _NO_FEATURE.match(m[1]):
        # "camping with my wife next weekend, we need a tent and two sleeping bags": company,
        # and what follows is no feature ("No listing here mentions we need tent or two
        # sleeping bags.")
        return []
    asked, rest = [m[1]], query[m.end(1):]
    while more := _AND_FEATURE.match(rest):  # "hip belt" went unsaid
        asked.append(more[1])
        rest = rest[more.end(1):]
    return [f for a in asked if (f := _feature_unlisted(a, products))]


def _feature_unlisted(feature: str, products: list[dict[str, Any]]) -> str | None:
    """The feature ("red light") when no listing found says its words near each other
    (within three words: "supports your ankles" is ankle support), nor names a product for
    the first of two ("Spring Wide Filter Bottle": a wide mouth); None when one does or it
    is no feature ("with my kids")."""
    if _NO_FEATURE.match(feature) or attribute_filters.extract(feature, None):
        return None
    from .superlatives import order_of, value  # (superlatives reads facts: not at import)
    if (key := (order_of(feature, lambda _: True) or "").rpartition(":")[0]) and all(
            value(p, key) is not None for p in products):
        return None  # "with long battery": a sort, and each one lists its battery hours
    words = [w for w in re.findall(r"[a-z]+", feature.lower()) if w not in _NOT_A_FEATURE]
    stems = [w if len(w) <= 4 else w.rstrip("s")[:max(4, len(w) - 3)] for w in words]
    if not stems or any(
            _near(_tokens(attribute_answers.listing_words(p)), stems) or (
                # a whole word of the name: "rock plate" is no "Rockhop" shoe's
                len(stems) > 1 and words[0] in _tokens(p.get("name")))
            for p in products):
        return None
    return " ".join(words)


def _tokens(text: Any) -> list[str]:
    return re.findall(r"[a-z0-9]+", str(text or "").lower())


def _near(tokens: list[str], stems: list[str]) -> bool:
    """Does a word of each stem ("hood" of "hooded", "red" whole) stand within three words
    of one of the first's?"""
    spots = [[i for i, t in enumerate(tokens) if t in (s, f"{s}s") or (
        len(s) >= 4 and t.startswith(s))] for s in stems]
    return all(spots) and any(all(any(abs(j - i) <= 3 for j in at) for at in spots)
                              for i in spots[0])


# "I'm 1.90m tall, which sleeping bag fits me?": a body height, which a listing would have
# to give a length or a height for
_HEIGHT = re.compile(r"\b(?:i'?m|i am|he'?s|he is|she'?s|she is|for (?:a|someone|people))\b"
                     r"(?:[^.?!]|(?<=\d)\.(?=\d)){0,20}\btall\b|\bmy height\b|"  # "1.90m tall"
                     r"\b(?:i'?m|i am|he'?s|he is|she'?s|she is)\s+(?:about\s+)?"
                     r"(?:1[.,]\d{1,2}\s*m|1\d{2}\s*cm|\d\s*(?:'|ft|foot|feet))|"
                     r"\b1\d{2}\s*cm (?:person|man|woman|guy|tall)\b", re.I)
# "he's 12", "my 10-year-old", "for an 8 year old": a child, by age
_CHILDREN = re.compile(r"\b(?:kids?|child(?:ren)?|junior|youth|boys?|girls?)\b", re.I)
_LENGTH = re.compile(r"\b(?:length|lengths|tall|height|\d+\s*cm)\b", re.I)


def unlisted_uses(query: str, products: list[dict[str, Any]],
                  kinds: Sequence[str] = ()) -> tuple[str, ...]:
    """"what's a good daypack for kids?": the words of what the search asked a product to
    be for (core/uses.py), or to work with ("a stove compatible with gas canisters"), that
    none of the listings found names ("kids", "gas canisters"); () when they do. The names
    of `kinds` (the catalogue's categories) say what, not what for: "hiking boots" asks no
    listing of trail shoes to name hiking."""
    if not products:
        return ()
    plain = attribute_filters.without_party(query)
    for kind in sorted(kinds, key=len, reverse=True):
        plain = re.sub(rf"\b{re.escape(kind)}\b", " ", plain, flags=re.I)
    backed = set().union(*(uses.uses_in(attribute_answers.listing_words(p)) for p in products))
    # a filter's own words ("women's") are no use: the list keeps to them, or a note says
    # no listing of the kind states them (core/attribute_filters.unlisted)
    words = [use_word(w) for w, use in uses.asked(plain) if use not in backed
             and not attribute_filters.CUES.fullmatch(w.lower())]
    if (m := _WORKS_WITH.search(query)) and not any(
            unsaid.holds(p, m[1].lower().split()) for p in products):
        words.append(m[1])  # the stoves were listed as if they were
    for feature in grounding.features_wanted(query):
        if feature in attribute_filters.KEYS and attribute_filters.extract(
                query, {feature: attribute_filters.YES_VALUES}):
            continue  # "waterproof socks": a filter, whose own note says socks list none
        if not any(grounding.affirms(attribute_answers.listing_words(p), feature)
                   for p in products):
            words.append(feature)  # "vegan hiking boots" listed leather boots as if vegan
    if (claim := claims.asked(query)) and not any(
            claim.pattern.search(attribute_answers.listing_words(p)) for p in products):
        # "sustainable backpacks under 100": listed as if they were (core/claims answers
        # the question without a price or a size)
        words.append(claim.pattern.search(query)[0].lower())
    # "a headlamp with red light": as if they had one
    words += _features_unlisted(query, products)
    if _HEIGHT.search(query) and not any(_LENGTH.search(attribute_answers.listing_words(p))
                                         for p in products):
        words.append("how tall a person it fits")  # as if the list were what fits
    if attribute_filters.CHILD_AGE.search(query) and for_a_child(query) and \
            "kids" not in words and not any(_CHILDREN.search(attribute_answers.listing_words(p))
                                            for p in products):
        words.append("kids")  # "fleece for my son, he's 12": adult fleeces, as if they fit
    return tuple(dict.fromkeys(words))


def for_a_child(text: str) -> bool:
    """"my 10 year old", "he's 12", "for my kids": the request is for a child."""
    age = attribute_filters.CHILD_AGE.search(text)
    return bool(age and int(age[1] or age[2]) < 16 or _CHILDREN.search(text))


def use_word(word: str) -> str:
    """"children's boots": "children" (no listing mentions "children's" read oddly)."""
    return re.sub(r"'s?$", "", word.lower())


def unlisted_note(words: Sequence[str]) -> str:
    """Said before the customer reads the list as an answer to them: "No listing here
    mentions kids."; "" without words."""
    return f"No listing here mentions {' or '.join(words)}." if words else ""


def nearest_text(products: list[dict[str, Any]]) -> str:
    return "The nearest I have:\n" + product_lines(products) if products else ""


def _price_bound(filters: dict[str, Any]) -> str:
    """"between 20 and 40", "under 50", "over 100"; "" without a price bound."""
    low, high = filters.get("min_price"), filters.get("max_price")
    if (than := filters.get("than_price")) is not None and (low is None) != (high is None) and (
            low or high) == round(than + (0.01 if high is None else -0.01), 2):
        # "anything cheaper?": a cent under the cheapest shown, said as it was asked (it
        # read "under 202.99")
        return f"{'cheaper' if high is not None else 'more expensive'} than {than:g}"
    return (f"between {low:g} and {high:g}" if low is not None and high is not None else
            f"under {high:g}" if high is not None else
            f"over {low:g}" if low is not None else "")


def describe_filters(filters: dict[str, Any]) -> str:
    parts = []
    if filters.get("category"):
        parts.append(f"category {filters['category']}")
    if filters.get("brand"):
        parts.append(f"brand {filters['brand']}")
    if bound := _price_bound(filters):
        parts.append(bound)
    if filters.get("size"):
        parts.append(f"size {filters['size']}")
    if filters.get("color"):
        parts.append(f"colour {filters['color']}")
    parts += attribute_filters.describe(filters)
    return ", ".join(parts) or "none"


# the filters a list's header says ("made of down": two synthetic bags came, unsaid)
_SAID_WITH = ("for ", "made of ")


def within(filters: dict[str, Any]) -> str:
    """" for women in size 39", " in navy", " under 100": what a list was narrowed to, said
    with it ("do you have jackets in XXL?" listed five with no word of the size); "" of none.
    (A rating, "comfort temperature -6 °C or lower", is shown on each line instead.)"""
    parts = [p for p in attribute_filters.describe(filters) if p.startswith(_SAID_WITH)]
    parts += [f"in size {filters['size']}" if filters.get("size") else "",
              f"in {filters['color']}" if filters.get("color") else "", _price_bound(filters)]
    return "".join(f" {p}" for p in parts if p)


def wanted(filters: dict[str, Any]) -> str:
    """"Brisko watches for men under 100": what a search asked for, in words."""
    noun = " ".join(str(filters[k]) for k in ("brand", "category") if filters.get(k))
    return " ".join([noun or "products", *(p for p in attribute_filters.describe(filters)
                                           if not p.startswith(_SAID_WITH))]) + within(filters)


# feature words that appear in product names ("Waterproof", "Insulated") but describe
DESCRIPTIVE = frozenset("""waterproof water resistant windproof breathable insulated packable
lightweight light ultralight warm thermal hiking trail running trekking winter summer
""".split())


# a question whose subject is "it" or "they": about the product in focus, whatever words
# of product names it uses ("is it down?", "does it have a synthetic fill?")
_OF_IT = re.compile(r"\s*(?:is|are|does|do|has|have|can|will|would)\s+(?:it|they)\b", re.I)


def resolve_refs(shown: list[dict[str, Any]], slots: dict[str, Any], text: str) -> list[dict]:
    """Products of the last list the customer points at: the ids core/slots resolved ('the
    first and the third', 'the first two'), 'the second one', 'the cheaper one', or a name
    word ('the Ridgeline'). Empty when nothing specific is referenced."""
    if not shown:
        return []
    by_id = {str(p.get("id", p.get("product_id"))): p for p in shown}
    picked = [by_id[i] for i in slots.get("product_ids") or () if i in by_id]
    if picked:  # resolved by core/slots ("the first and the third", "the first two")
        return picked
    if "ref_index" in slots:
        i = slots["ref_index"]
        return [shown[i]] if -len(shown) <= i < len(shown) else []
    if slots.get("ref_cheapest"):
        return [min(shown, key=lambda p: p["price"])]
    if _OF_IT.match(text):  # "is it down?": the product in focus, not the Down bags
        return []
    # a name word picks a product ("the Ridgeline"); a word that describes one does not:
    # "is it waterproof?" must not pick the Ridgeline *Waterproof* Hiking Boot
    describing = {"boot", "boots", "shoe", "shoes", "jacket", *DESCRIPTIVE,
                  *(w for p in shown for w in re.findall(r"[a-z]+", str(p.get("category", "")).lower()))}
    words = {w for w in re.findall(r"[a-z]{4,}", text.lower())} - describing
    named = [p for p in shown if words & set(re.findall(r"[a-z]{4,}", p["name"].lower()))]
    if len(named) > 1:
        # "the Descent Alu" of three Descents: the one with the most of the words said
        # ("alu", "pro": short words, which pick no product alone); it asked which one
        said = set(re.findall(r"[a-z]{3,}", text.lower())) - describing
        most = max(score := [len(said & set(re.findall(r"[a-z]{3,}", p["name"].lower())))
                             for p in named])
        named = [p for p, n in zip(named, score) if n == most]
    return named


def without_names(text: str, products: list[dict[str, Any]]) -> str:
    """`text` without the products' names, or the start of a name said for it: "how heavy
    is the Ridgeline *Waterproof* Hiking Boot" asks about weight, not about being
    waterproof; "is the Dormant -5 good for -8?" about -8 °C, not -5."""
    for p in sorted(products, key=lambda p: -len(p.get("name") or "")):
        if p.get("name"):
            text = without_name(text, p["name"])
    return text


# "the insulated one", "the Brook ones": words that point at shown products
_PICKED_BY = re.compile(r"\bthe ((?:[\w-]+ ){0,2}?[\w-]+) ones?\b[,:;]?", re.I)


def without_pick(text: str, chosen: list[dict[str, Any]]) -> str:
    """`text` less the phrase that picked `chosen` out of a list ("the insulated one, how
    big is it?" asks how big, not about insulation); a phrase of no word of their names
    stays ("is the waterproof one lighter?" of a name without "waterproof")."""
    named = {w for p in chosen for w in re.findall(r"[a-z]{3,}", str(p.get("name", "")).lower())}
    return _PICKED_BY.sub(lambda m: " " if set(re.findall(r"[a-z]{3,}", m[1].lower())) & named
                          else m[0], text)


# "when will it be back in stock?" of a product (the classifier heard a delivery question)
RESTOCK = re.compile(r"\bback in stock\b|\brestock|\bin stock again\b|\bavailable again\b|"
                     r"\b(?:be|is|it's|they're|are|comes?|coming) back\b|"
                     # "when will you get more?" ("say it another way")
                     r"\bwhen (?:will|do|are) you (?:get(?:ting)?|hav(?:e|ing)|receiv\w+) (?:more|"
                     r"new stock|(?:it|them) (?:in|again))\b|\bnew stock\b|\bmore (?:stock|coming|"
                     r"on the way)\b", re.I)


# "can you notify me?", "let me know when it's back": an alert this chat cannot send (it
# asked to say it another way)
# (a notification only of stock: "can I get notifications on it?" of a watch is a feature)
NOTIFY = re.compile(r"\b(?:notify|alert|remind) (?:me|us)\b|"
                    r"\bwait(?:ing)?[- ]?list\b|\b(?:stock|restock) alert|(?:\bnotification|"
                    r"\b(?:let (?:me|us) know|tell (?:me|us)|e-?mail "
                    r"(?:me|us)|text (?:me|us)|message (?:me|us)) (?:when|once|as soon as|if)\b)"
                    r"(?=.*\b(?:back|in stock|available|restock\w*)\b)", re.I)


def asks_restock(text: str) -> bool:
    """(Not "when will my refund be back?", "is the parcel coming back?".)"""
    return bool(RESTOCK.search(text) or NOTIFY.search(text)) and not re.search(
        r"\b(?:refunds?|money|payments?|paid|orders?|parcels?|packages?|deliver\w*)\b", text, re.I)


# "what size should I get if I'm usually a 41?", "does it run small?": how it fits (it was a
# search for size 41 in every kind, or the whole card)
SIZING = re.compile(r"\b(?:what|which) size(?: (?!(?:is|are|does|do)\b)[a-z-]+){1,2} (?:should|"
                    # "what size fleece should I get?" (five fleeces, as if they answered)
                    r"do|would|shall|must) (?:i|we|he|she|my)\b|"
                    r"\b(?:what|which) size (?:should|do|would|shall|must|to|fits?|suits?|"
                    r"is (?:best|right)|for (?:me|him|her|someone|a person))\b|"
                    r"\bsize (?:should|do|would) i\b|\b(?:what|which) size(?: am i| for me)?\W*$|"
                    # "how do I choose the right boot size?", "do you have a size chart?"
                    # (how to choose a boot, by price and material)
                    r"\b(?:choose|pick|find|get|know|work out|figure out) (?:the |my |a |which |"
                    r"what )?(?:right |correct |best )?(?:\w+ )?size\b(?! (?:of|\d))|"
                    r"\bsize (?:guide|chart|table)s?\b|\bsizing (?:guide|chart|table|advice)\b|"
                    r"\b(?:runs?|fits?|comes?) (?:small|large|"
                    r"big|true|narrow|wide)\b|\btrue to size\b|\bsize (?:up|down)\b|"
                    # "how does it fit?" (the whole card came back)
                    r"\bhow (?:does|do|will|would) (?:it|they|this|that|these|those|the \w+(?: "
                    r"\w+)?) fit\W*$|\bwhat(?:'s| is) the (?:fit|cut)\b", re.I)


def asks_sizing(text: str) -> bool:
    return bool(SIZING.search(text))


def asks_fit(text: str) -> bool:
    """"Which size should I get?", "I'm 1.85 m, which size?", "I have wide feet": how the
    sizes fit whom."""
    return asks_sizing(text) or attribute_answers.height_asked(text) or bool(
        attribute_answers.fit_asked(text))


def holds_size(listed: str, size: str) -> bool:
    """Is `size` ("45") within a size range the listing sells ("43-46")?"""
    m = re.fullmatch(r"(\d+(?:\.5)?)\s*[-–]\s*(\d+(?:\.5)?)", listed.strip())
    try:
        return bool(m) and float(m[1]) <= float(size.replace(",", ".")) <= float(m[2])
    except ValueError:
        return False


def fit_said(product: dict[str, Any]) -> str:
    """What the listing says of how the product fits; "" when it says nothing."""
    return " ".join(s for s in sentences(product.get("description") or "")
                    if re.search(r"\bsizes?\b|\bfit\b|\bruns (?:small|large|true)", s, re.I)
                    and not re.search(r"\bsold out\b", s, re.I))


def fit_text(product: dict[str, Any], measure: str = "") -> str:
    """What the listing says of how the product fits, or that it says nothing (`measure`:
    of the person's "height" or "weight" asked about, "I'm 190 cm")."""
    name = product["name"]
    return fit_said(product) or (attribute_answers.height_unsaid(name, measure) if measure
                                 else f"Our listing for the {name} does not say how it fits.")


def fits_of_all(products: list[dict[str, Any]], question: str,
                numbers: Sequence[int] | None = None) -> str | None:
    """"Which size should I get?", "I'm 1.85 m, which size?" of a list: what the listings
    say of how they fit (or that none says, nor what height a size fits), then each one's
    sizes (it searched every kind for the words, or compared the list); None for any other
    question."""
    tall = attribute_answers.body_asked(question)  # "height", "weight" or ""
    if len(products) < 2 or not (asks_sizing(question) or tall):
        return None
    at = list(numbers or range(1, len(products) + 1))
    said = [f"{i}. {p['name']}: {fit}" for i, p in zip(at, products) if (fit := fit_said(p))]
    whom = attribute_answers.of_person(tall)
    height = f" None says what {whom} a size fits." if tall else ""
    if not said:
        lead = (f"{none_of(len(products), 'listings')} says how its sizes fit"
                f"{f' or what {whom} they fit' if tall else ''}.")
    else:
        rest = len(products) - len(said)
        lead = ("How they fit, as their listings say:\n" + "\n".join(said) +
                ("" if not rest else "\nThe other listing does not say." if rest == 1 else
                 f"\nThe other {rest} listings do not say.") + height)
    return f"{lead}\n\n{lists_of_all(products, 'sizes', at)}"


def _within(product: dict[str, Any], slots: dict[str, Any]) -> str | None:
    """"Is it under 50?", "between 20 and 40?": the price against the bounds the question
    gives (inclusive, as the search filter reads them); None without a bound."""
    low, high = slots.get("min_price"), slots.get("max_price")
    if low is None and high is None:
        return None
    price = float(product["price"])
    fits = (low is None or price >= float(low)) and (high is None or price <= float(high))
    return f"{'Yes' if fits else 'No'} — the {product['name']} costs {money(product)}."


def _colour_answer(name: str, colors: list[str], color: str) -> str:
    """"Yes — the X comes in brown and navy." of "in navy?"; "blue?" of a navy jacket: yes,
    in navy; "No — …" when none is that colour."""
    shade = matching(colors, color)
    said = "" if color.lower() in (c.lower() for c in shade) else f", in {in_words(shade, 'or')}"
    return (f"{'Yes' + said if shade else 'No'} — the {name} comes in "
            f"{in_words(colors) or 'one colour'}.")


def answer_facts(product: dict[str, Any], slots: dict[str, Any], question: str) -> dict[str, str]:
    """The factual answer to a question about one product."""
    name = product["name"]
    asked = without_names(question, [product])  # the name's words are not the question
    sizes, colors = product.get("sizes") or [], product.get("colors") or []
    in_stock = (product.get("stock") or 0) > 0
    if slots.get("size"):
        size = str(slots["size"])
        size = next((s for s in sizes if holds_size(s, size)), size)  # 45: the 43-46 pair
        if size.lower() in (s.lower() for s in sizes):
            answer = (f"Yes — the {name} comes in size {size}" +
                      (f", and it is {stock_text(product, across(product))}." if in_stock else
                       ", but it is out of stock right now."))
        elif re.match(r"(?:UK|US) ", size) and sizes:
            # "I'm a size 10 UK" of the boot asked about: it said the boot did not come in
            # "size UK 10", as if that were checked; no listing converts one to the other
            answer = (f"The {name} comes in sizes {sizes_in_words(sizes)}, and our listing "
                      f"does not convert a {size} to them. A person from our team can help you "
                      f"pick the size.")
        else:
            answer = (f"Sorry, the {name} does not come in size {size}. Available sizes: "
                      f"{sizes_in_words(sizes) or 'one size'}.")
        if asks_sizing(asked):
            answer += f" {fit_text(product)}"
        shade = matching(colors, str(slots.get("color") or "")) if slots.get("color") else []
        if answer.startswith("Yes — ") and len(shade) == 1:
            # "is size 44 in olive in stock?": one yes of both ("Yes — … comes in black and
            # olive. Yes — … comes in size 44, …")
            answer = answer.replace(" comes in size ", f" comes in {shade[0]} and in size ", 1)
        elif slots.get("color"):  # "in navy 46?": the colour too (it went unanswered)
            answer = f"{_colour_answer(name, colors, str(slots['color']))} {answer}"
    elif asks_sizing(asked):  # "… if I'm usually a 41?": whether 41 is one of them
        yours = [z for z in sizes if re.search(rf"(?<![\w.]){re.escape(z)}(?![\w.])", asked)]
        said = re.search(r"(?<![\w.])(\d{2}(?:\.5)?)(?![\w.])", asked)
        answer = f"{fit_text(product, attribute_answers.body_asked(asked))} The {name} " + (
            f"comes in size {yours[0]}." if yours else
            f"does not come in size {said[1]}; it comes in {sizes_in_words(sizes)}."
            if said and sizes else f"comes in sizes {sizes_in_words(sizes)}." if sizes
            else "comes in one size.")
    elif slots.get("color"):
        answer = _colour_answer(name, colors, str(slots["color"]))
    elif bound := _within(product, slots):  # "is it under 50?" (the whole card came back)
        answer = bound
    elif not in_stock and asks_restock(asked):  # no date known: said, with a person to ask
        alert = "I can't send back-in-stock alerts from this chat. " if NOTIFY.search(asked) else ""
        answer = (f"{alert}The {name} is out of stock right now, and our listing gives no date "
                  f"for when it is back. Press \"Talk to a human\" and our team can tell you more.")
    elif (re.search(r"\b(?:stock|available|availability|left(?![ -](?:zip\w*|hand\w*|side|"
                    r"pocket|foot|feet|shoe|boot|leg|arm|hip|shoulder)))\b", asked.lower()) or
          asks_restock(asked)) and not attribute_answers.fit_asked(asked):
        # not "available in a wide fit?"; "is the brown one in stock?": what the figure counts
        variant = slots.get("variant_asked") and (len(colors) > 1 or len(sizes) > 1) or any(
            re.search(rf"\b{re.escape(str(v).lower())}\b", asked.lower())
            for v in [*colors, *sizes] if len(colors) > 1 or len(sizes) > 1)
        answer = f"The {name} is {stock_text(product, across(product) if variant else '')}."
    elif (direct := attribute_answers.answer(product, asked, money(product))) and not (
            " does not say " in direct and (named := unsaid.named_yes(product, asked))):
        # "weigh?" ("is it insulated?" of an Insulated Bottle, whose listing gives no
        # insulation, is its name's yes below)
        answer = " ".join([direct, *_unmentioned_after(product, asked)])
        if re.search(attribute_answers.PRICE, asked.lower()) and (
                other := currency_named(asked)):
            # "how much is it in dollars?": its price alone, as if that were in dollars
            answer += (f" Our prices are in {product.get('currency') or 'one currency'}; no "
                       f"listing gives them in {other}.")
        n = int(slots.get("quantity") or 1)
        if n > 1 and re.search(attribute_answers.PRICE, asked.lower()):  # "how much for two?"
            total = {**product, "price": n * float(product["price"])}
            answer += f" {n} × {money(product)} = {money(total)}."
    elif named := unsaid.named_yes(product, asked):  # "does it have gps?"
        answer = named
    elif quoted := unsaid.said_of(product, asked) or unsaid.how_said(product, asked):
        # "does it have heart rate?", "how long does it keep cold?"
        answer = quoted
    else:
        # as read: "weight: 250 g", not "weight g: 250"
        attrs = "; ".join(f"{label}: {value}" for label, value in (
            reading(k, v) for k, v in (product.get("attributes") or {}).items()))
        # a claim first: "is it the latest model?" (it said "does not mention whether it
        # is model"), "is it vegan?"
        gap = (claims.unsaid_of(name, attribute_answers.listing_words(product), asked,
                                attribute_answers.plural(name))
               or unsaid.unmentioned(product, asked)  # "is it rechargeable?"
               or unsaid.how_unsaid(product, asked)  # "how do I clean it?"
               or unsaid.judged_unsaid(product, asked)  # "… easy to set up?"
               or unsaid.what_unsaid(product, asked)  # "what's the fill power?"
               or unsaid.where_unsaid(product, asked)  # "where are they made?"
               or unsaid.why_unsaid(product, asked)  # "why is it so expensive?"
               or attribute_answers.big_unsaid(product, asked))  # "how big is it?" of a pot
        answer = ((f"{gap} What it does say: " if gap else "")
                  + f"{product.get('description') or ''}"
                  + (f"\nDetails — {attrs}." if attrs else "")
                  + (f"\nSizes: {', '.join(sizes)}." if sizes else "")
                  + (f"\nColours: {', '.join(colors)}." if colors else "")).strip()
    if (slots.get("size") or slots.get("color")) and re.search(
            attribute_answers.PRICE, asked.lower()) and money(product) not in answer:
        # "how much is the Col Mid Hiker in 43 in black?": the price first (it said only
        # whether it comes in 43 and in black)
        answer = f"The {name} costs {money(product)}. {answer}"
    return {"product": f"{name} ({product.get('brand') or 'no brand'}) — {money(product)}, "
                       f"{stock_text(product)}", "question": question,
            "answer": attribute_answers.agree(answer, name)}


def counts_of(text: str, shown: list[dict]) -> dict[str, int]:
    """{product id: how many} of the products shown a count is said of ("the first tent and
    two of the fourth": the fourth's 2; the sum took one of it)."""
    return {shown[i]["id"]: n for i, n in counts_at(text.lower()).items()
            if -len(shown) <= i < len(shown)}


def together(products: list[dict[str, Any]], counts: dict[str, int] | None = None) -> str | None:
    """"The X costs 338.00 EUR and the Y 330.00 EUR: 668.00 EUR together." of the products
    a total is asked of, `counts` of them by id ("2 × the Y 660.00 EUR"; one of each
    else); None when a price is missing or the currencies differ."""
    if len(products) < 2 or any(p.get("price") is None for p in products) or len(
            {p.get("currency") for p in products}) > 1:
        return None
    n = {p["id"]: (counts or {}).get(p["id"], 1) for p in products}
    times = [{**p, "price": n[p["id"]] * float(p["price"])} for p in products]  # each's sum
    each = [f"the {p['name']} {money(p)}" if n[p["id"]] == 1 else
            f"{n[p['id']]} × the {p['name']} {money(t)}" for p, t in zip(products, times)]
    total = {**products[0], "price": sum(t["price"] for t in times)}
    said = f"{', '.join(each[:-1])} and {each[-1]}: {money(total)} together."
    return said[0].upper() + said[1:]


def compare_facts(products: list[dict[str, Any]]) -> dict[str, str]:
    cheaper = min(products, key=lambda p: p["price"])
    word = "cheaper" if len(products) == 2 else "cheapest"
    is_one = (f"are the {word} ones" if attribute_answers.plural(cheaper["name"])
              else f"is the {word} one")
    return {"products": product_lines(products), "differences": differences(products),
            "cheaper": f"{cheaper['name']} {is_one} at {money(cheaper)}."}


def fact_lines(facts: dict[str, Any]) -> str:
    return "\n".join(f"- {k.replace('_', ' ')}: {v}" for k, v in facts.items())
