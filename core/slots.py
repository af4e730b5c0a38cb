"""Slot extraction: the details a reply needs, pulled out of one customer message.

Why rules and not a trained tagger: the slots a shop needs are either numbers with a cue
word ("under 50", "order #A-10042", "2 pairs") or words from the shop's own catalogue
(categories, brands, colours, sizes). Rules over the catalogue's vocabulary are exact,
explainable and change the moment the catalogue changes; a tagger would need labelled
spans we do not have. The vocabulary is passed in (`Vocabulary.from_products`), never
hard-coded, so the same extractor serves any shop.

Invariants: `extract_slots` is pure (text, vocabulary, products shown) -> dict; it never
raises on odd input; keys it cannot fill are absent. Price keys use the names of the
catalogue search filters (min_price, max_price, category, brand, size, color) so the
engine can pass them straight through. References ("the second one", "that jacket",
"the cheaper one") are resolved against the products shown earlier, most recent list
first, and come back as product ids (`product_ids`, plus `product_id` when exactly one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from core import attribute_filters
from core.colours import choice, matching

WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "couple": 2, "pair": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "dozen": 12,
}
BASIC_COLORS = (
    "black", "white", "red", "blue", "green", "yellow", "orange", "purple", "pink", "grey",
    "gray", "brown", "navy", "olive", "beige", "khaki", "teal", "silver", "gold", "charcoal",
)
LETTER_SIZES = {
    "xxs": "XXS", "xs": "XS", "s": "S", "m": "M", "l": "L", "xl": "XL", "xxl": "XXL",
    "xxxl": "XXXL", "small": "S", "medium": "M", "large": "L", "extra large": "XL",
    "extra small": "XS", "extra-large": "XL", "extra-small": "XS",
}
LETTERS = tuple(dict.fromkeys(LETTER_SIZES.values()))  # XXS … XXXL, small to large


# a sleeping bag's sizes, short to long ("largest size?" of bags fell to their capacity)
LENGTHS = ("short", "regular", "long", "extra long")
UNORDERED = 3  # size_order's first figure for a size of no known order


def size_order(size: str) -> tuple[int, float, str]:
    """Numbers by value (a range, "39-42" or "100-125 cm", by its first), then letter sizes
    small to large, then lengths ("Regular", "Long"), then the rest."""
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s*[-–]\s*\d+(?:\.\d+)?(?:\s*cm)?)?", size.strip()):
        return 0, float(m[1]), size
    if size in LETTERS:
        return 1, LETTERS.index(size), ""
    if size.lower() in LENGTHS:
        return 2, LENGTHS.index(size.lower()), ""
    return UNORDERED, 0.0, size


UNIT_WORDS = (
    r"kg|kilos?|kilograms?|g|grams?|grammes?|lbs?|pounds? weight|oz|l|ltr|litres?|liters?|"
    r"cm|mm|m|km|miles?|metres?|meters?|degrees?|°c?|person|people|man|season|inch(?:es)?|"
    r"ft|feet|days?|weeks?|months?|years?|hours?|mins?|minutes?|pm|am|percent|%|mah|lumens?|"
    r"lm|pairs?|pcs|pieces?|items?|units?|packs?|x\b"
)
CURRENCY = r"(?:\$|€|£|usd|eur|gbp)"
MONEY_WORDS = r"(?:dollars?|bucks|euros?|pounds?|quid|usd|eur|gbp)"
NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?k?)"
CHEAP_WORDS = ("cheap", "cheaper", "cheapest", "budget", "affordable", "inexpensive",
               "low cost", "low-cost", "bargain", "least expensive", "not too expensive",
               "not expensive", "not very expensive", "isn't expensive", "isn't too expensive",
               "not too pricey", "not pricey", "won't break the bank")
PRICEY_WORDS = ("premium", "high end", "high-end", "most expensive", "top of the range",
                "luxury", "priciest", "more expensive", "pricier", "dearer", "dearest")


@dataclass(frozen=True)
class Vocabulary:
    """The catalogue's own words: categories and brands, plus colours and sizes."""

    categories: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    colors: tuple[str, ...] = BASIC_COLORS
    sizes: tuple[str, ...] = ()
    # extra words that point at a category (head nouns of product names): term -> category
    category_terms: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    # attribute -> the values the catalogue states (core/attribute_filters: gender, persons)
    attributes: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False,
                                                   compare=False)
    # a word of product names -> the one category whose names hold it ("3l" -> rain jackets)
    name_marks: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    # category -> (cheapest, dearest) price: "boots around 150" is a price, "shoes around 42"
    # a size
    prices: dict[str, tuple[float, float]] = field(default_factory=dict, hash=False,
                                                   compare=False)

    @classmethod
    def from_products(cls, products: Iterable[dict]) -> "Vocabulary":
        """Build the vocabulary from catalogue rows (dicts with category, brand, sizes, colors, name)."""
        from core.catalog import parse_attributes  # here: slots stays free of the store
        cats: dict[str, str] = {}
        brands: dict[str, str] = {}
        colors = {c: c for c in BASIC_COLORS}
        sizes: dict[str, str] = {}
        named: list[tuple[str, str]] = []
        prices: dict[str, tuple[float, float]] = {}
        stated: dict[str, dict[str, None]] = {}
        for p in products:
            attributes = parse_attributes(p.get("attributes"))  # CSV text or a dict
            for key in attribute_filters.KEYS:
                if attributes.get(key) not in (None, ""):
                    stated.setdefault(key, {})[str(attributes[key]).strip()] = None
            if p.get("category"):
                cats.setdefault(str(p["category"]).lower(), str(p["category"]))
                _widen(prices, str(p["category"]), p.get("price"))
            if p.get("brand"):
                brands.setdefault(str(p["brand"]).lower(), str(p["brand"]))
            for c in _split(p.get("colors")):
                colors.setdefault(c.lower(), c.lower())
            for s in _split(p.get("sizes")):
                sizes.setdefault(s.lower(), s)
            named.append((p.get("name"), p.get("category")))
        return cls(tuple(cats.values()), tuple(brands.values()), tuple(colors.values()),
                   tuple(sizes.values()), {**category_heads(cats.values()), **name_terms(named)},
                   {key: tuple(values) for key, values in stated.items()}, name_marks(named),
                   prices)


def _widen(prices: dict[str, tuple[float, float]], category: str, price) -> None:
    try:
        value = float(price)
    except (TypeError, ValueError):
        return
    lo, hi = prices.get(category, (value, value))
    prices[category] = (min(lo, value), max(hi, value))


def category_heads(categories: Iterable[str]) -> dict[str, str]:
    """'boots' -> 'hiking boots' when exactly one multi-word category ends in that word."""
    heads: dict[str, list[str]] = {}
    for cat in categories:
        words = cat.lower().split()
        if len(words) > 1:
            heads.setdefault(words[-1], []).append(cat)
    plain = {c.lower() for c in categories}
    return {w: cats[0] for w, cats in heads.items() if len(cats) == 1 and w not in plain}


def name_terms(named: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Head nouns of product names that point at one category, from (name, category)
    pairs: 'stove' -> 'cookware' when every '... Stove' is cookware, so "is the stove
    compatible with gas?" knows its kind although no category is called 'stoves'."""
    heads: dict[str, set[str]] = {}
    for name, category in named:
        words = re.findall(r"[a-z]+", str(name or "").lower())
        if words and category:
            heads.setdefault(singular(words[-1]), set()).add(str(category))
    return {w: next(iter(c)) for w, c in heads.items() if len(c) == 1 and len(w) > 2}


def name_words(text: str) -> set[str]:
    """The words of `text` as name marks compare them: whole with a digit ("2.5l"), else
    their first four letters ("hooded" and "hoody" are one: puffers have hoods too)."""
    words = (w.strip(".") for w in re.findall(r"[a-z0-9][a-z0-9.]+", str(text or "").lower()))
    return {w if re.search(r"\d", w) else w[:4] for w in words}


def name_marks(named: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The words of product names that only one category's names hold ("3l", "stormline"
    -> rain jackets), each with that category."""
    seen: dict[str, set[str]] = {}
    for name, category in named:
        for word in name_words(name):
            if category:
                seen.setdefault(word, set()).add(str(category))
    return {w: next(iter(c)) for w, c in seen.items() if len(c) == 1}


def _split(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split("|") if v.strip()]


def singular(word: str) -> str:
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _number(raw: str) -> float:
    raw = raw.replace(",", "").lower()
    if raw.endswith("k"):
        return float(raw[:-1]) * 1000
    return float(raw)


def _clean(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


_MONEY = rf"{CURRENCY}?\s*{NUM}(?!\d|[.,]\d)\s*{CURRENCY}?"
_NOT_UNIT = rf"(?!\s*(?:{UNIT_WORDS})\b)(?!\s*-?\s*(?:{UNIT_WORDS})\b)"
_AROUND = re.compile(rf"(?:around|about|roughly|approximately|~)\s*{_MONEY}{_NOT_UNIT}")


def extract_price(text: str) -> dict:
    """min_price / max_price / price_sort from a message; {} when it names no price."""
    t = text.lower().replace("–", "-").replace("—", "-")
    money, not_unit = _MONEY, _NOT_UNIT
    out: dict = {}
    between = re.search(
        rf"(?:between|from)\s+{money}\s*{MONEY_WORDS}?\s*(?:and|to|-)\s*{money}{not_unit}", t)
    dash = re.search(rf"{CURRENCY}\s*{NUM}\s*(?:-|to)\s*{CURRENCY}?\s*{NUM}\b|"
                     rf"\b{NUM}\s*(?:-|to)\s*{NUM}\s*{MONEY_WORDS}", t)
    if between:
        lo, hi = _number(between.group(1)), _number(between.group(2))
        out["min_price"], out["max_price"] = _clean(min(lo, hi)), _clean(max(lo, hi))
        return out
    if dash:
        nums = [g for g in dash.groups() if g]
        lo, hi = _number(nums[0]), _number(nums[1])
        out["min_price"], out["max_price"] = _clean(min(lo, hi)), _clean(max(lo, hi))
        return out
    upper = re.search(
        rf"(?:under|below|less than|cheaper than|max(?:imum)?|at most|up to|no more than|"
        rf"within|<|budget(?: is| of)?|(?:my|our|price|spending) limit(?: is| of)?|not over|tops)"
        rf"\s*:?\s*{money}{not_unit}", t)  # ("tents, my limit is 300": any price)
    if not upper:
        upper = re.search(rf"{money}\s*(?:{MONEY_WORDS}\s*)?(?:or less|or under|max|tops|budget)\b", t)
    if not upper:
        # "I have 300 euros, I need a tent" (a tent at 338 came first): what there is to spend
        upper = re.search(rf"\b(?:i|we)(?:'ve| have)? (?:got|have|can spend|can afford|want to "
                          rf"spend)\s+(?:only |just |about |around |up to )?(?:{CURRENCY}\s*{NUM}"
                          rf"(?![\d.,])|{NUM}\s*(?={CURRENCY}|{MONEY_WORDS}))", t)
    lower = re.search(
        rf"(?:over|above|more than|at least|min(?:imum)?|starting at|from|>)\s*:?\s*{money}{not_unit}", t)
    around = _AROUND.search(t)
    if upper:
        out["max_price"] = _clean(_number(next(g for g in upper.groups() if g)))
    if lower and (lower.group(0).startswith(("from", "min")) is False or _has_money(lower.group(0))):
        out["min_price"] = _clean(_number(lower.group(1)))
    if around and not out and _looks_like_money(t, around):
        value = _number(around.group(1))
        out["min_price"], out["max_price"] = _clean(value * 0.8), _clean(value * 1.2)
    if not out and any(re.search(rf"\b{re.escape(w)}\b", t) for w in CHEAP_WORDS):
        out["price_sort"] = "asc"
    elif not out and any(re.search(rf"\b{re.escape(w)}\b", t) for w in PRICEY_WORDS):
        out["price_sort"] = "desc"
    return out


def _bare_around(text: str, category: str | None, vocab: Vocabulary) -> dict:
    """"boots around 150": a bare number near what the kind costs is a price (0.8 to 1.2
    of it); one of the catalogue's sizes ("shoes around 42") or far from every price of
    the kind is not."""
    around = _AROUND.search(text.lower())
    if not around or around.group(1).lower() in {s.lower() for s in vocab.sizes}:
        return {}
    value = _number(around.group(1))
    ranges = [vocab.prices[category]] if category in vocab.prices else vocab.prices.values()
    if not any(0.7 * lo <= value <= 1.3 * hi for lo, hi in ranges):
        return {}
    return {"min_price": _clean(value * 0.8), "max_price": _clean(value * 1.2)}


def _has_money(fragment: str) -> bool:
    return bool(re.search(rf"{CURRENCY}|{MONEY_WORDS}", fragment))


def _looks_like_money(text: str, match: re.Match) -> bool:
    tail = text[match.end():match.end() + 12]
    return _has_money(match.group(0) + tail) or bool(re.search(r"\b(price|cost|spend|budget|\$)", text))


ORDER_ID = re.compile(r"(?<![\w-])#?([a-z]{1,3})-?(\d{4,})\b", re.I)
BARE_ORDER = re.compile(r"(?:order|purchase|parcel|package|delivery|number|no\.?|#)\s*(?:number|no\.?|id)?"
                        r"\s*(?:is\s*)?:?\s*#?(\d{4,})\b", re.I)


def extract_order_id(text: str) -> str | None:
    """'order #A-10042' -> 'A-10042'; 'a10042' -> 'A-10042'; 'order 10042' -> '10042'."""
    m = ORDER_ID.search(text)
    if m:
        return f"{m.group(1).upper()}-{m.group(2)}"
    m = BARE_ORDER.search(text)
    if m:
        return m.group(1)
    m = re.search(r"(?<![\d.,$€£])\b(\d{5,})\b(?!\s*(?:%s))" % UNIT_WORDS, text.lower())
    if m and not re.search(rf"{CURRENCY}\s*{m.group(1)}|{m.group(1)}\s*{MONEY_WORDS}", text.lower()):
        return m.group(1)
    return None


def extract_order_ids(text: str, most: int = 5) -> list[str]:
    """Every order number `text` says, in order ("10042 and 10057"), `most` at most."""
    ids: list[str] = []
    while len(ids) < most and (found := extract_order_id(text)):
        ids.append(found)
        text = re.sub(rf"(?i)(?:[a-z]-?)?{re.escape(found.split('-')[-1])}", " ", text, count=1)
    return list(dict.fromkeys(ids))


# who wears a size: "he wears", "I'm", "she takes" (followups.worn_size reads them too)
WEARER = r"\b(?:wears?|wearing|takes?|i'?m|i am|(?:he|she)(?:'s| is))"
QTY_UNITS = r"pairs?|pcs|pieces?|items?|units?|packs?|sets?|of (?:them|those|these|each)"


def without_name_numbers(text: str, names: Iterable[str]) -> str:
    """`text` without the numbers that are part of the product `names` it says: "2 of the
    Lumen 500 Headlamp" -> "2 of the Lumen Headlamp" (500 headlamps came to 20000.00 EUR).
    A number counts as the name's where a word of that name comes just before it."""
    for name in names:
        words = "|".join(re.escape(w) for w in re.findall(r"[a-z]+", name.lower()))
        for number in re.findall(r"-?\d+(?:\.\d+)?", name) if words else ():
            text = re.sub(rf"\b((?:{words})\s+){re.escape(number)}(?![\d.])", r"\1", text,
                          flags=re.I)
    return text


def shown_count(text: str, page: int = 5) -> int | None:
    """"top 3 tents", "the 2 cheapest rain jackets": how many products to show (it showed a
    page of five); None when no count is said, or one beyond a page ("show me more" goes
    on from a page)."""
    num = r"(\d{1,2}|" + "|".join(k for k in WORD_NUMBERS if k not in ("a", "an", "pair")) + r")"
    m = re.search(rf"\b(?:top|best)\s+{num}\b|\b{num}\s+(?:[a-z]+est|best)\b", text.lower())
    said = m and (m[1] or m[2])
    n = (int(said) if said.isdigit() else WORD_NUMBERS[said]) if said else 0
    return n if 0 < n <= page else None


def extract_quantity(text: str, nouns: Iterable[str] = ()) -> int | None:
    """'2 pairs under 30' -> 2; 'two tents' -> 2; 'x3' -> 3. None when no quantity is stated."""
    t = text.lower()
    num = r"(\d{1,3}|" + "|".join(k for k in WORD_NUMBERS if k not in ("a", "an", "pair")) + r")"
    m = re.search(rf"\b{num}\s+(?:{QTY_UNITS})\b", t) or re.search(
        r"(?:\bqty|\bquantity|\bx)\s*:?\s*(\d{1,3})\b|\b(\d{1,3})\s*x\b(?!\s*\d)", t)
    if not m:
        noun_re = "|".join(re.escape(n) for n in sorted(set(nouns), key=len, reverse=True) if n)
        if noun_re:
            m = re.search(rf"\b{num}\s+(?:([a-z-]+)\s+)?(?:{noun_re})s?\b", t)
            if m and re.match(r"\s*(?:person|man|season|people)", t[m.end(1):]):
                m = None
            # "top 3 tents", "the 3 lightest tents": how many to show, not to buy ("for 3, too
            # few are in stock of …")
            if m and (re.search(r"\b(?:top|best|first)\s*$", t[:m.start()]) or (
                    m[2] or "").endswith("est")):
                m = None
    if not m:  # "3 of the second": that many of a product shown
        m = re.search(rf"^\W*{num}\s+of\s+the\s+(?:first|second|third|fourth|fifth|last|"
                      rf"other|cheaper|cheapest|\w+est)\b", t)
    if not m:  # "how much for two?", "how much is it for 3?", "what's the total for 3?"
        m = re.search(rf"(?:\bhow much (?:(?:is|are|would) (?:it|they|that|those|these) (?:be )?)?"
                      rf"|\btotal (?:price |cost )?)for {num}\b(?!\s*(?:{UNIT_WORDS}|{MONEY_WORDS}|"
                      rf"{CURRENCY}|%))", t)
    if not m:  # "how much would 2 cost?", "what would two cost?", "how much are 3?" (the
        # price of one came back)
        m = re.search(rf"\bhow much (?:would|will|do|does|are|is) {num}\s*(?:cost|be|come to)?"
                      rf"\W*$|\bwhat (?:would|will|do|does) {num}\s*(?:cost|come to)\W*$", t)
    if not m:
        m = re.search(rf"\b(?:buy|take|order|get|need|want)\s+{num}\b(?!\s*(?:{UNIT_WORDS}|{MONEY_WORDS})\b)", t)
        if m and (m.group(1).isdigit() and int(m.group(1)) > 20):
            m = None
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    value = int(raw) if raw.isdigit() else WORD_NUMBERS.get(raw)
    return value if value and 0 < value <= 999 else None


def extract_size(text: str, vocab: Vocabulary) -> str | None:
    t = text.lower()
    # "size 10 uk", "a 10 UK", "us size 9": a size of another system, said as such
    m = re.search(r"\b(?:size\s*)?(\d{1,2}(?:\.5)?)\s*(uk)\b|\bsize\s*(\d{1,2}(?:\.5)?)\s*(us)\b|"
                  r"\b(uk|us)\s+size\s+(\d{1,2}(?:\.5)?)\b", t)
    if m:
        number, system = (m[1], m[2]) if m[1] else (m[3], m[4]) if m[3] else (m[6], m[5])
        return f"{system.upper()} {number}"
    # "size M", "size:44", "size44"; not "sizes" (read as size S)
    m = re.search(r"\bsize(?![a-z])\s*:?\s*(extra[ -]large|extra[ -]small|xxxl|xxl|xl|xxs|xs|s|m|l|small|medium|large"
                  r"|(?:uk|us|eu)?\s*\d{1,2}(?:\.5)?)\b(?![-–]\d)", t)  # "size 43-46": below
    if m:
        raw = m.group(1).strip()
        return LETTER_SIZES.get(raw, raw.upper() if raw[:2] in ("uk", "us", "eu") else raw)
    m = re.search(r"\b(?:in|an?|in an?)\s+(extra[ -]large|extra[ -]small|small|medium|large)\b"
                  r"(?!\s+(?:tent|bag|pack|backpack|size))", t) or re.search(
        r"\b(xxxl|xxl|xl|xxs|xs)\b", t) or re.search(  # "small sizes in jackets": S
        r"\b(extra[ -]large|extra[ -]small|small|medium|large) sizes?\b(?! (?:tent|bag|pack|"
        r"backpack|sleeping))", t)
    if m:
        return LETTER_SIZES[m.group(1)]
    # "does the first one come in M?": a one-letter size after "in" when written as a
    # capital, or as the message's last word ("in m?"); "in m" inside a sentence is no size
    # "what about L?" after "rain jacket xl": the size follows on
    m = (re.search(r"\b(?:in|an?)\s+([SML])\b(?!['’])", text)
         or re.search(r"\b(?:in|what about|how about|and)\s+(?:an?\s+)?([sml])\W*$", t))
    if m:
        return LETTER_SIZES[m.group(1).lower()]
    m = re.search(r"\b(uk|us|eu)\s*(\d{1,2}(?:\.5)?)\b", t)
    if m:
        return f"{m.group(1).upper()} {m.group(2)}"
    # "he wears 44", "I'm a 42", "she takes an M": a size the catalogue sells
    m = re.search(WEARER + r"\s+(?:usually\s+)?(?:an?\s+)?"
                  r"(\d{1,2}(?:\.5)?|xxxl|xxl|xl|xxs|xs|s|m|l)\b(?![-–.,]?\d)"
                  rf"(?!\s*(?:{UNIT_WORDS}|{MONEY_WORDS}|{CURRENCY}|%))", t)
    if m and (m.group(1) in vocab.sizes or m.group(1) in LETTER_SIZES or m.group(1).endswith(
            ".5") and m.group(1)[:-2] in vocab.sizes):  # "I usually wear 42.5" (socks found)
        return LETTER_SIZES.get(m.group(1), m.group(1))
    # "the Ridgeline in 46?": a number after "in" is a size when the catalogue sells that size
    # (and no money or unit follows: "in 46 euros", "in 2 days")
    m = re.search(rf"\bin\s+(\d{{1,2}}(?:\.5)?)\b(?![-–.,]?\d)"
                  rf"(?!\s*(?:{UNIT_WORDS}|{MONEY_WORDS}|{CURRENCY}|%))", t)
    if m and (m.group(1) in vocab.sizes or m.group(1).endswith(".5") and m.group(1)[:-2] in
              vocab.sizes or _near_sizes(m.group(1), vocab.sizes)):
        # "in 42.5": a half size the shop may not sell; "the Ridgeline boot in 50": one just
        # past the sizes it sells (both were dropped: a list came back, the size unsaid)
        return m.group(1)
    # "what about a 44?", "or a 45?": a number after "a" at the end, a size the catalogue
    # sells ("say it another way"; a price is said without "a")
    m = re.search(r"\b(?:(?:what|how) about|and|or|maybe|try)\s+an?\s+(\d{1,2}(?:\.5)?)\W*$", t)
    if m and m.group(1) in vocab.sizes:
        return m.group(1)
    # "can I swap it for a 44?", "… for a 49?": the size it is to be exchanged for, of the
    # kind the catalogue sells (the whole returns policy came)
    m = re.search(r"\b(?:swap|exchange|change|trade)\b[^.?!]{0,20}?\bfor\s+an?\s+"
                  r"(\d{1,2}(?:\.5)?)\b(?![-–.,]?\d)", t)
    if m and (m.group(1) in vocab.sizes or _near_sizes(m.group(1), vocab.sizes)):
        return m.group(1)
    for size in sorted(vocab.sizes, key=len, reverse=True):
        # the catalogue's own multi-part sizes ("43-46", "110-135 cm") anywhere; a size that
        # is a plain word ("Long", "Regular") only as one ("in long", "the long one"), not in
        # "how long does it take" or "the regular price"
        word = re.escape(size.lower())
        # ("long sleeping bags" of a 2 m tall customer: the Long size; a listing was in any)
        pattern = (rf"\b{word}\b" if re.search(r"\d", size) else
                   rf"\bin\s+{word}\b|\b{word}\s+(?:ones?|version|size|length|(?:sleeping\s+)?"
                   rf"bags?|quilts?)\b")
        if len(size) > 1 and not size.isdigit() and re.search(pattern, t):
            return size
    return None


def _near_sizes(number: str, sizes: Sequence[str], reach: int = 5) -> bool:
    """Is `number` a size of the kind the catalogue sells, though none comes in it: within
    `reach` of its two-digit sizes (shoes 36 to 47: 31 to 52)? Pure."""
    sold = [int(s) for s in sizes if s.isdigit() and len(s) == 2]
    return bool(sold) and number.isdigit() and min(sold) - reach <= int(number) <= \
        max(sold) + reach


# "pack" the verb: "packs down small", "packs smallest", "packed flat"
PACK_VERB = re.compile(r"\bpack(?:s|ed)?\s+(?:down\s+)?(?:the\s+)?(?:small(?:er|est)?|down|flat|"
                       r"light(?:er|est)?|tight(?:er|est)?|well|away)\b|\b(?:does|do|will|can|"
                       r"would) (?:it|they|this|that|these|those) pack\b|"  # how small?
                       # "what should I pack for a day hike?", "what to pack": a packing list
                       r"\bwhat (?:(?:should|do|would|shall|must|can) (?:i|we) |else )?(?:to )?"
                       r"pack\b|\bpacking (?:for|list)\b|\bpack list\b", re.I)


# a pack as a count of things, not a backpack: "how many pairs in a pack?", "a pack of 3",
# "3-pack", "a twin pack", "per pack"
PACK_COUNT = re.compile(r"\bhow many\b.*\bpack\b|\bpack of\b|\b(?:\d+|twin|double|triple)\s*-?\s*"
                        r"packs?\b|\b(?:per|each|every)\s+pack\b|\bmulti-?packs?\b", re.I)


# "how do I set it up?", "easy to set up": a verb, not a cookware set
SET_UP = re.compile(r"\bset(?:ting)?\s+(?:(?:it|them|this|that|the \w+)\s+)?up\b", re.I)


def _find_term(text: str, terms: Iterable[str]) -> str | None:
    t = text.lower()
    for term in sorted(terms, key=len, reverse=True):
        variants = {term.lower(), singular(term)}
        for v in variants:
            if v and re.search(rf"\b{re.escape(v)}(?:s|es)?\b", t):
                return term
    return None


def _rivals(text: str, chosen: str, categories: Iterable[str]) -> list[str]:
    """The other categories every word of which the message also holds, that are not part
    of the chosen one ("trail running shoes" holds "trail shoes" beside "running shoes";
    "rain jackets" holding "jackets" is no rival)."""
    words = {singular(w) for w in re.findall(r"[a-z]+", text.lower())}
    mine = {singular(w) for w in chosen.lower().split()}
    return [other for other in categories if other != chosen and not (
        theirs := {singular(w) for w in other.lower().split()}) - words and not theirs <= mine]


def _either(text: str, vocab: Vocabulary) -> list[str]:
    """The categories a message names at once ("trail running shoes": running shoes and
    trail shoes; "shoes", the last word of both), among which the search ranks; [] when it
    names one or none. The search for the words alone also listed a trekking boot."""
    chosen = _find_term(text, vocab.categories)
    if not chosen and not _find_term(text, vocab.category_terms):
        # "shoes": the kinds whose last word it is (running shoes, trail shoes); "what
        # about shoes?" after boots got the first boot's card
        words = {singular(w) for w in re.findall(r"[a-z]+", text.lower())}
        shared = sorted(c for c in vocab.categories if len(c.split()) > 1 and
                        singular(c.split()[-1]) in words)
        return shared if len(shared) > 1 and len({c.split()[-1] for c in shared}) == 1 else []
    rivals = _rivals(text, chosen, vocab.categories) if chosen else []
    return sorted([chosen, *rivals]) if rivals else []


# "a gift for a hiker", "my husband is a runner": a person, not the kind whose names end in
# the word (the Col Mid Hiker: it searched hiking boots under 50 and found none)
_PERSON = re.compile(r"\b(?:for (?:a|an|my|his|her|our|your|the|some)|(?:is|'s|are|'re|am|'m) "
                     r"(?:a|an))\s+(?:(?:keen|avid|new|beginner|serious|young|little|real|big|"
                     r"passionate|trail|fell|road|marathon)\s+){0,2}(?:hik|runn|climb|camp|walk|"
                     r"trekk|cycl|bik|ski)ers?\b", re.I)


def _category(text: str, vocab: Vocabulary) -> str | None:
    text = _PERSON.sub(" ", text)
    category = _find_term(text, vocab.categories)
    if category and _rivals(text, category, vocab.categories):
        category = None  # "trail running shoes": trail shoes or running shoes? let search rank
    if category is None:
        term = _find_term(text, vocab.category_terms)
        category = vocab.category_terms.get(term) if term else None
    if category and f"rain {category}" in vocab.categories and re.search(
            r"\b(?:water ?proof|rain ?proof|water-proof|for (?:the )?rain|gore[- ]?tex|"
            r"hard ?shell)\b", text.lower()):
        # "waterproof jackets", "gore-tex jackets": rain jackets, not puffers
        category = f"rain {category}"
    if category and (kinds := {k for k in vocab.categories if k.lower().endswith(
            f" {category.lower()}")}):
        # "3L jackets", "2.5L jacket": a word only rain jackets' names hold makes the
        # jackets rain jackets (it listed puffers, which no such word describes)
        marked = {vocab.name_marks.get(w) for w in name_words(text)}
        if len(kind := kinds & marked) == 1:
            category = kind.pop()
    return category


# what parts a request for several things is in ("a tent and a sleeping bag")
AND = re.compile(r"\b(?:and|plus|as well as|also|or)\b|[,&+;]")


def _needs(text: str, vocab: Vocabulary) -> list[tuple[str, str]]:
    """(part of the message, category) for each kind of product a message asks for when it
    asks for more than one ("I need a tent and a sleeping bag"); [] otherwise. One search
    for the whole message found sleeping bags only."""
    found: dict[str, str] = {}
    for sentence in re.split(r"(?<=[.?!])\s+", text):
        last = None  # the kind this sentence last named
        for part in AND.split(sentence):
            kind = _category(part, vocab) if part.strip() else None
            if kind and kind not in found:
                found[last := kind] = part.strip()
            elif kind:
                last = None
            elif last and part.strip(" .?!") and not re.match(
                    r"\s*(?:(?:i need|i want|i'd like|also|maybe|plus)\s+)?(?:a|an|some|any|the|"
                    r"my|\d+)\s", part, re.I):
                # (not a thing of its own: "a tent, a sleeping bag and a hammock")
                # "a tent for two that's light, ideally under 2 kg": the weight is the
                # tent's (it was dropped, and the bags were held to the tent's head count)
                found[last] = f"{found[last]}, {part.strip()}"
    return [(part, kind) for kind, part in found.items()] if len(found) > 1 else []


def extract_slots(text: str, vocab: Vocabulary | None = None, shown: list[dict] | None = None,
                  names: Iterable[str] = ()) -> dict:
    """All slots found in `text`; `shown` are the products shown earlier (most recent list),
    `names` those of the products it names (their numbers are no quantity)."""
    vocab = vocab or Vocabulary()
    slots: dict = {}
    order_id = extract_order_id(text)
    if order_id:
        slots["order_id"] = order_id
    price_text = text if not order_id else re.sub(re.escape(order_id.split("-")[-1]), " ", text)
    slots.update(extract_price(price_text))
    # "which one packs smallest?", "how many pairs in a pack?" name no backpack
    nouns_text = SET_UP.sub(" ", PACK_COUNT.sub(" ", PACK_VERB.sub(" ", text)))
    category = _category(nouns_text, vocab)
    if not any(k in slots for k in ("min_price", "max_price", "price_sort")):
        slots.update(_bare_around(price_text, category, vocab))
    if category:
        slots["category"] = category
    elif either := _either(nouns_text, vocab):
        slots["kinds"] = either
    if needs := _needs(nouns_text, vocab):
        slots["needs"] = needs
    brand = _find_term(text, vocab.brands)
    if brand:
        slots["brand"] = brand
    found = [c for c in sorted(vocab.colors, key=len, reverse=True)
             if re.search(rf"\b{re.escape(c.lower())}\b{_NO_COLOUR}", text.lower())]
    if found:  # "blue or black boots": either (it kept one of them)
        color = choice(found, text) or found[0]
        slots["color"] = "grey" if color == "gray" else color
    size = extract_size(text, vocab)
    if size:
        slots["size"] = size
    slots.update(attribute_filters.extract(text, vocab.attributes))
    if re.search(r"\bin[ -]stock\b|\bavailable (?:now|today|right now)\b", text.lower()):
        slots["in_stock"] = True  # "only in stock ones", "tents in stock"
    nouns = [*vocab.categories, *vocab.category_terms, *(p.get("category", "") for p in shown or [])]
    qty_text = without_name_numbers(
        re.sub(r"\b(?:size|uk|us|eu)\s*:?\s*\S+", " ", price_text, flags=re.I), names)
    quantity = extract_quantity(qty_text, [n.lower() for n in nouns])
    if quantity:
        slots["quantity"] = quantity
    refs = resolve_references(text, shown or [])
    if refs:
        slots["product_ids"] = refs
        if len(refs) == 1:
            slots["product_id"] = refs[0]
        slots.pop("price_sort", None)  # "the cheaper one" picks a shown product, not a sort
        colour = re.escape(str(slots.get("color", "")).lower())
        if colour and re.search(rf"\b(?:the|that|this)\s+{colour}\s+one\b", text.lower()):
            # "is the blue one waterproof?": the colour picks the product; it is not asked
            # whether it comes in blue
            del slots["color"]
    return slots


# "a red light", "a white LED", "a green beam": a lamp's light, not the colour it comes in
_NO_COLOUR = r"(?![ -](?:lights?|leds?|beams?|light mode|night ?vision|dots?)\b)"


ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
            "4th": 3, "fifth": 4, "5th": 4, "last": -1, "top": 0, "final": -1,
            **{key: n - 1 for n, word in enumerate(
                ("sixth", "seventh", "eighth", "ninth", "tenth"), 6)
               for key in (word, f"{n}th")}}
CHEAPER = r"cheaper|cheapest|less expensive|least expensive|lower priced|budget"
DEARER = r"more expensive|most expensive|pricier|priciest|dearer|expensive"
# "anything cheaper?", "something a bit cheaper", "anything more expensive?": other
# products, not the cheaper (dearer) one shown
MORE_OF = r"(?:anything|something|any|some|others?|options?|alternatives?)"
AFTER_ONE = r"\s*(?:one\b|option|model|of (?:the|them|those|these)\w*|\?|$|[,.!])"


def _pid(product: dict) -> str:
    return str(product.get("product_id", product.get("id", "")))


def resolve_references(text: str, shown: list[dict]) -> list[str]:
    """Product ids that `text` points at among `shown` (in display order); [] when none.

    "the second one" -> [shown[1]]; "the first two" -> shown[:2]; "both" -> shown[:2];
    "the cheaper one" -> the lowest price; "that jacket" / "the red one" / "the Osprey one"
    -> the shown products whose name or category, colours or brand match.
    """
    if not shown:
        return []
    t = text.lower()
    ids = [_pid(p) for p in shown]
    m = re.search(r"\b(?:the\s+)?(first|last|top)\s+(two|three|2|3)\b", t)
    if m:
        n = WORD_NUMBERS.get(m.group(2)) or int(m.group(2))
        return ids[:n] if m.group(1) != "last" else ids[-n:]
    if re.search(r"\b(both|the two|these two|those two|either)\b", t):
        return ids[:2]
    # "which is lightest of those three?" after two compared and the third's card (it
    # answered of all five); not "the three of us"
    m = re.search(r"\b(?:these|those|the)\s+(three|four|3|4)\b(?!\s+(?:of us|of them|people|"
                  r"persons|nights|days|weeks|kids|children|seasons?)\b)", t)
    if m and (n := WORD_NUMBERS.get(m.group(1)) or int(m.group(1))) <= len(ids):
        return ids[:n]
    if re.search(r"\b(all of them|all three|all of these|all of those)\b", t):
        return ids
    picked = [ids[i] for i in positions(t) if -1 <= i < len(ids)]
    if picked:
        return list(dict.fromkeys(picked))
    priced = [p for p in shown if _price(p) is not None]
    if priced and re.search(rf"\b(?:the\s+)?(?:{CHEAPER}){AFTER_ONE}", t) and not re.search(
            rf"\b{MORE_OF}\s+(?:(?:a\s+)?(?:bit|little|lot|much)\s+)?(?:{CHEAPER})", t):
        return [_pid(min(priced, key=_price))]
    if priced and re.search(rf"\b(?:the\s+)?(?:{DEARER}){AFTER_ONE}", t) and not re.search(
            rf"\b{MORE_OF}\s+(?:(?:a\s+)?(?:bit|little|lot|much)\s+)?(?:{DEARER})", t):
        return [_pid(max(priced, key=_price))]
    return _by_description(t, shown)


_ORDINAL = "(" + "|".join(k for k in ORDINALS if k != "top") + ")"  # "top" only as "top two"
_NOT_TIME = r"(?!\s+(?:time|times|night|week|month|year|day|order|minute|thing)s?\b)"
_POSITION = re.compile(
    rf"(?:(?:^|\b(?:the|and|or|vs)\s+)(?:the\s+)?{_ORDINAL}\b{_NOT_TIME}"
    rf"|\b{_ORDINAL}\s+(?:one|option|item|pair|product)s?\b)"
    r"|(?:\b(?:number|no\.?|option)|#)\s*(\d{1,2})\b(?!\d)")  # "#4 please": no \b before #


def positions(t: str) -> list[int]:
    """The list positions a message points at, 0-based (-1: the last), in its order."""
    out = []
    for m in _POSITION.finditer(t):
        word = m.group(1) or m.group(2)
        out.append(ORDINALS[word] if word else int(m.group(3)) - 1)
    return out


_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# "2 of the third", "two of the fourth one", "3x the first": how many of a position
_COUNT_OF = re.compile(rf"\b(\d{{1,2}}|{'|'.join(_COUNT_WORDS)})\s*(?:x|×|pairs? of|of)\s*"
                       rf"(?:the\s+)?{_ORDINAL}\b", re.I)


def counts_at(text: str) -> dict[int, int]:
    """{position: how many} of each position a count is said of ("the first and 2 of the
    third": {2: 2}); positions said with no count are not in it. Pure."""
    return {ORDINALS[m[2].lower()]: int(_COUNT_WORDS.get(m[1].lower(), m[1]))
            for m in _COUNT_OF.finditer(text) if m[2].lower() in ORDINALS}


def position_beyond(text: str, count: int) -> int | None:
    """"the 7th one" of a list of 5: the 1-based position asked for past its end, else
    None (it was answered about the first product). Pure."""
    past = [i + 1 for i in positions(text.lower()) if i >= count]
    return past[0] if past else None


def one_position_twice(text: str) -> int | None:
    """"compare the first with the first": the 1-based position (-1: the last) a message
    names more than once and no other beside it, else None. Pure."""
    said = positions(text.lower())
    if len(said) > 1 and len(set(said)) == 1:
        return said[0] + 1 if said[0] >= 0 else -1
    return None


def _price(product: dict) -> float | None:
    try:
        return float(product.get("price"))
    except (TypeError, ValueError):
        return None


# what "in the …" says of the weather or a place, not of a product ("in the rain")
CONDITIONS = frozenset(("rain", "snow", "wind", "cold", "heat", "sun", "wet", "dark", "mud",
                         "mountains", "alps", "city", "woods", "forest", "desert", "winter",
                         "summer", "spring", "autumn", "fall"))


def _by_description(t: str, shown: list[dict]) -> list[str]:
    """'that jacket', 'the red one', 'the osprey one', 'it' (when only one was shown)."""
    hits: list[str] = []
    for m in re.finditer(r"\b(?:that|this|the|those|these)\s+(?=([a-z0-9-]+(?:\s+[a-z0-9-]+){0,2}))",
                         t):  # ahead only: "the weight of the tent" tries "the tent" too
        said = m.group(1).split()
        if said[0] in CONDITIONS and t[:m.start()].endswith(("in ", "for ")):
            continue  # "is it good in the rain?": no Rain Jacket pointed at (all of them)
        # the most words that still name a product: "the descent alu" is the Descent Alu
        # poles, not all three Descents
        for n in range(len(said), 0, -1):
            if hits:
                break
            if re.fullmatch(r"[a-z-]+", said[n - 1]):  # a word last: not "the 2"
                hits = _described(said[:n], shown)
        if hits:
            break
    if not hits and len(shown) == 1 and re.search(r"\b(it|that one|this one|that|this)\b", t):
        hits = [_pid(shown[0])]
    return hits


def _described(said: list[str], shown: list[dict]) -> list[str]:
    """The shown products whose name, category, colours or brand hold every word said."""
    hits: list[str] = []
    words = [w for w in said if w not in ("one", "ones", "other")]
    if words:
        for p in shown:
            name = f"{p.get('name', '')} {p.get('category', '')}".lower()
            colors = _split(p.get("colors"))
            brand = str(p.get("brand", "")).lower()
            fields = set(re.findall(r"[a-z0-9-]+", name)) | {singular(w) for w in re.findall(r"[a-z-]+", name)}
            if all(w in fields or singular(w) in fields or matching(colors, w)
                   or w in brand.split() for w in words):
                hits.append(_pid(p))
    return hits
