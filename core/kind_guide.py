"""How to choose among a kind: what the shop's own products of that kind differ in, from
their listings, and what to tell the bot to narrow them down.

"How do I choose a sleeping bag?" listed five bags, as if they were the advice; "what's
the difference between down and synthetic sleeping bags?" too. General buying advice would
be words no listing backs; the ranges the listings give are facts. Pure: products in,
words out.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from .attribute_filters import MATERIALS, YES_VALUES, lacks, made_text, number
from . import uses
from .attribute_answers import listing_words
from .comparison import reading
from .facts import fit_said
from .wording import in_words, plain_number, price_span

_HOW_CHOOSE = re.compile(
    r"\bhow (?:do|should|can|would|could) (?:i|you|we|one) (?:choose|pick|select|decide on|"
    r"find the right|know which)\b|\bwhat (?:should|do|must) i (?:look for|look out for|"
    r"consider|pay attention to|think about)\b|\bwhat (?:to|should i) look for\b|"
    r"\bwhat matters (?:when|in|for)\b|\b(?:buying|buyer'?s) guide\b|\bhelp me (?:choose|pick)\b",
    re.I)
# what each property asks of the customer, in the order it is worth asking
_ASK = {"comfort_temp_c": "how cold it will get", "persons": "how many people it must sleep",
        "capacity_l": "how much it must hold", "lumens": "how bright it must be",
        "waterproof": "whether it must be waterproof", "gender": "who it is for",
        "season": "the season", "weight_g": "a weight to stay under"}
_SKIP = ("warranty_years",)  # the same in nearly every listing, and no reason to choose


def asks_how_to_choose(text: str) -> bool:
    """"how do I choose a sleeping bag?", "what should I look for in a tent?"."""
    return bool(_HOW_CHOOSE.search(text))


def _span(values: list[str], key: str) -> str | None:
    """"740 to 1460 g", "down or synthetic fill": what the listings give for `key`."""
    numbers = [number(v) for v in values]
    if numbers and all(n != float("inf") for n in numbers):
        low, high = min(numbers), max(numbers)
        if low == high:
            return None
        return (f"{plain_number(f'{low:g}')} to "
                f"{reading(key, plain_number(f'{high:g}'))[1]}")
    distinct = list(dict.fromkeys(v.lower() for v in values))
    return in_words(distinct[:5], "or") if 1 < len(distinct) <= 6 else None


def guide(products: Sequence[dict[str, Any]], kind: str) -> str:
    """"Our 16 sleeping bags differ in price (84.90 to 407.00 EUR), comfort temperature
    (-10 to 10 °C), … Tell me how cold it will get, …, and I'll narrow them down."""
    if not products:
        return f"I have no {kind} to choose among."
    parts = [f"price ({price_span(products)})"]
    asks = []
    keys = dict.fromkeys(k for p in products for k in (p.get("attributes") or {}))
    for key in keys:
        values = [str(v).strip() for p in products
                  if (v := (p.get("attributes") or {}).get(key)) not in (None, "")]
        if key in _SKIP or len(values) < 2 or not (span := _span(values, key)):
            continue
        parts.append(f"{reading(key, '')[0]} ({span})")
        if key in _ASK:
            asks.append(key)
    sizes = list(dict.fromkeys(s for p in products for s in p.get("sizes") or []))
    if 1 < len(sizes) <= 8:
        parts.append(f"size ({in_words(sizes, 'or')})")
    asks = [*(_ASK[k] for k in sorted(asks, key=list(_ASK).index)[:2]), "your budget"]
    return (f"Our {len(products)} {kind} differ in {in_words(parts)}. Tell me "
            f"{in_words(asks)}, and I'll narrow them down.")


# ("whats the diff between hiking boots and trail shoes": a search of both, one missed)
_VERSUS = re.compile(r"\b(?:difference|differences|diff|differ|compare|comparison|vs\.?|versus|"
                     r"better|pros and cons)\b|"
                     # "down or synthetic?", "down or synthetic, which is warmer?" (of the
                     # sleeping bags listed: "which one do you mean?")
                     r"^\W*(?:(?:and|so|ok|hmm)\W+)?\w+ or \w+\W*$|"
                     # "down or synthetic jacket?", "should I get a down or synthetic
                     # sleeping bag?" (five bags, as if they were the answer)
                     r"^\W*(?:(?:and|so|ok|hmm)\W+)?(?:an? )?\w+ or \w+(?: [a-z]+){1,2}\s*\?\s*$|"
                     r"\b(?:should|would|shall) (?:i|we) (?:get|buy|go for|choose|pick|take)\b"
                     r".*\bor\b|"
                     r"\bwhich (?:one )?(?:is|are) \w+er\b|"
                     # "is down or synthetic warmer?", "what's warmer, fleece or down?"
                     r"^\W*(?:is|are) (?:an? )?\w+ or (?:an? )?\w+ (?:\w+ )?\w+er\W*$|"
                     r"^\W*what(?:'s| is) \w+er\W+(?:an? )?\w+ or (?:an? )?\w+\W*$", re.I)
_NUMBERS = ("weight_g", "comfort_temp_c", "capacity_l", "persons", "lumens")


def materials_compared(text: str) -> list[str]:
    """["down", "synthetic"] of "difference between down and synthetic sleeping bags?": two
    or more materials a comparison names, in the order said; [] otherwise."""
    if not _VERSUS.search(text):
        return []
    said = sorted((m.start(), m[0].lower()) for word in MATERIALS
                  for m in re.finditer(rf"\b{word}\b", text, re.I))
    found = list(dict.fromkeys(word for _, word in said))
    return found if len(found) > 1 else []


def side(own: Sequence[dict[str, Any]], flags: Sequence[str] = ()) -> str:
    """"101.00 to 353.95 EUR; weight 690 to 1340 g": the prices and the numbers the
    listings give, and how many say yes to each of `flags` ("waterproof: 14 of 24")."""
    said = [price_span(own)]
    for key in _NUMBERS:
        values = [str(v) for p in own
                  if (v := (p.get("attributes") or {}).get(key)) not in (None, "")]
        if values and (span := _span(values, key) or (
                reading(key, plain_number(values[0]))[1] if len(set(values)) == 1 else None)):
            said.append(f"{reading(key, '')[0]} {span}")
    # "which is warmer, a fleece or a down jacket?": no listing rates warmth, but each says
    # the season it is for ("3-season" fleeces, "winter" down jackets)
    listed = [str(s).lower() for p in own if (s := (p.get("attributes") or {}).get("season"))]
    if seasons := list(dict.fromkeys(listed)):
        # of the few that list one, how few ("season all-season" of 28 boots, 6 listing it)
        said.append(f"season {in_words(seasons[:4], 'or')}" + " or other" * (len(seasons) > 4)
                    + (f" ({len(listed)} of {len(own)} list one)" if len(listed) < len(own)
                       else ""))
    for key in flags:
        yes = sum(1 for p in own
                  if str((p.get("attributes") or {}).get(key, "")).lower() in YES_VALUES)
        count = "none" if not yes else f"all {yes}" if yes == len(own) else f"{yes} of {len(own)}"
        said.append(f"{key}: {count}")
    return "; ".join(said)


def versus(products: Sequence[dict[str, Any]], kind: str, materials: Sequence[str]) -> str:
    """Each material's products of the kind side by side: how many, the prices and the
    numbers their listings give ("down (4): 101.00 to 353.95 EUR; weight 690 to 1340 g")."""
    lines = []
    for material in materials:
        own = [p for p in products if not lacks(_made(p), material)]
        lines.append(f"- {material} ({len(own)}): {side(own)}" if own else
                     f"- {material}: none of our {kind}")
    return (f"Our listings don't explain {in_words(materials)} in general, but here is how "
            f"our {kind} of each compare:\n" + "\n".join(lines))


def _made(p: dict[str, Any]) -> str:
    """What a product is made of, as down is set against synthetic: its filling where it
    lists one (a down jacket's polyamide shell made it synthetic too: "down (18)",
    "synthetic (17)" of 20 jackets), else its name and material."""
    attributes = p.get("attributes") or {}
    return made_text(p.get("name") or "", {"material": attributes["insulation"]}
                     if attributes.get("insulation") else attributes)


def widened(products: Sequence[dict[str, Any]], kinds: Sequence[str],
            materials: Sequence[str]) -> list[str]:
    """`kinds` and, for each of `materials` none of them is made of, the kind with most
    products of it ("fleece or down, which is warmer?" of fleece: fleece and jackets; it
    said "down: none of our fleece")."""
    kinds = list(kinds)
    for material in materials:
        made = [str(p.get("category")) for p in products if not lacks(_made(p), material)]
        if made and not set(made) & set(kinds):
            kinds.append(max(dict.fromkeys(made), key=made.count))
    return kinds


def kinds_made_of(products: Sequence[dict[str, Any]], materials: Sequence[str]) -> list[str]:
    """The kinds with a product made of each of `materials` ("down" and "synthetic":
    sleeping bags and jackets), in the catalogue's order."""
    kinds: dict[str, set[str]] = {}
    for p in products:
        made = _made(p)
        kinds.setdefault(str(p.get("category")), set()).update(
            m for m in materials if not lacks(made, m))
    return [k for k, have in kinds.items() if len(have) == len(set(materials))]


# "should I get trail shoes or running shoes?": a choice between kinds, as "vs" is
_WHICH_OF = re.compile(r"\b(?:should|do|would|could|shall) (?:i|we|you) (?:get|buy|go for|"
                       r"choose|pick|need|take)\b.*\bor\b|\bwhich (?:is|are) (?:better|best)\b",
                       re.I)


def kinds_compared(text: str, kinds: Sequence[str]) -> bool:
    """Does `text` ask how two kinds or more differ ("trail shoes vs running shoes")?"""
    return len(kinds) > 1 and bool(_VERSUS.search(text) or _WHICH_OF.search(text))


def kinds_versus(groups: Sequence[tuple[str, Sequence[dict[str, Any]]]]) -> str:
    """Each kind side by side, as `versus` sets materials; a yes-or-no property ("waterproof")
    that the kinds' listings give is counted for each."""
    flags = [k for k in ("waterproof",) if all(
        any(k in (p.get("attributes") or {}) for p in own) for _, own in groups)]
    lines = [f"- {kind} ({len(own)}): {side(own, flags)}" if own else f"- {kind}: none"
             for kind, own in groups]
    kinds = [kind for kind, _ in groups]
    return (f"Our listings don't explain {in_words(kinds)} in general, but here is how ours "
            f"compare:\n" + "\n".join(lines) + "\n\nTell me what you'll use them for and "
            "your budget, and I'll narrow them down.")


def kinds_for_use(groups: Sequence[tuple[str, Sequence[dict[str, Any]]]], word: str,
                  use: str) -> str:
    """"No listing says which is better for a day hike. How many listings of each name it:
    - trail shoes: 3 of 24 …" (`word` as the customer said it, `use` as core/uses names
    it): which kind suits a use is no listing's to say, how many of each name it is. A
    kind's own name names none ("hiking boots" are not each said to be for hiking)."""
    def names(p: dict[str, Any]) -> bool:
        own = re.sub(re.escape(str(p.get("category") or "")), " ", listing_words(p), flags=re.I)
        return use in uses.uses_in(own)
    lines = [f"- {kind}: {sum(map(names, own))} of {len(own)}" for kind, own in groups]
    return (f"No listing says which is better for {word}. How many listings of each name "
            f"it:\n" + "\n".join(lines) + "\n\nAsk me for those of one kind, for example "
            f"\"{groups[0][0]} for {word}\".")


def fits(products: Sequence[dict[str, Any]], kind: str, sizes: str) -> str:
    """"Do the boots run small?" of a kind: the listings that say how they fit, how many do
    not, and the sizes the kind comes in (`sizes`, in words; "" when it lists none)."""
    said = [f"{p['name']}: {fit}" for p in products if (fit := fit_said(p))]
    come = f"They come in sizes {sizes}." if sizes else ""
    held = [str(v) for p in products
            if (v := (p.get("attributes") or {}).get("capacity_l")) not in (None, "")]
    if not said and not sizes and (span := _span(held, "capacity_l")):
        # "what size backpack do I need for a 3 day hike?" ("none of our 22 backpacks
        # listings says how its sizes fit")
        return (f"Our {len(products)} {kind} come in no sizes but hold {span}, each its own. "
                f"No listing says how much a trip needs; tell me how many litres you want and "
                f"I'll find those.")
    if not said:
        return f"None of our {len(products)} {kind} listings says how its sizes fit. {come}".strip()
    rest = len(products) - len(said)
    verb = "says how it fits" if len(said) == 1 else "say how they fit"
    lines = [f"Of our {len(products)} {kind}, {len(said)} {verb}:",
             *(f"{n}. {line}" for n, line in enumerate(said[:8], 1)),
             f"… and {len(said) - 8} more." if len(said) > 8 else "",  # a long list reads as none
             f"The other {rest} listings don't say." if rest > 1 else
             "The other listing doesn't say." if rest else "", come]
    return "\n".join(filter(None, lines))


# "I want to start camping, what do I need?": a kit of kinds, not one search (it listed four
# headlamps and a tent)
_KIT = re.compile(r"\bwhat (?:do|would|will|should|shall|must) (?:i|we) (?:need|bring|take|"
                  r"pack|get|buy)\b|\bwhat do(?:es)? (?:you|one) need (?:for|to go|when)\b|"
                  r"\bwhat (?:to|else to) (?:bring|pack|take)\b|\b(?:packing|kit|"
                  r"gear|shopping) list\b|\beverything (?:i|we|you) (?:need|want)\b|"
                  r"\bwhat (?:gear|kit|equipment) (?:do|should|would) (?:i|we)\b|"
                  # "hi, I'm new to hiking", "just getting into camping": a start, whose kit
                  # (it listed boots, trousers and boots)
                  r"\b(?:i'?m|i am|we'?re|we are) (?:\w+ )?new to\b|\b(?:getting|got) into\b|"
                  r"\b(?:just )?start(?:ing|ed)? (?:out|with)\b|\btaking up\b|"
                  r"\bfirst time (?=\w+ing\b)", re.I)


def asks_kit(text: str) -> bool:
    """"what do I need for camping?", "what should I pack for a day hike?"."""
    return bool(_KIT.search(text))


def kit_kinds(products: Sequence[dict[str, Any]], use: str, most: int = 3) -> list[str]:
    """The kinds whose listings most often name `use` (a use of core/uses.py): at least a
    quarter of a kind's listings, the largest shares first, `most` of them."""
    named: dict[str, int] = {}
    every: dict[str, int] = {}
    for p in products:
        kind = str(p.get("category") or "")
        every[kind] = every.get(kind, 0) + 1
        if use in uses.uses_in(listing_words(p)):
            named[kind] = named.get(kind, 0) + 1
    shares = sorted(((n / every[k], n, k) for k, n in named.items() if n / every[k] >= 0.25),
                    reverse=True)
    return [k for _, _, k in shares[:most]]


# "how many lumens do I need for night hiking?", "how warm a sleeping bag do I need for the
# Alps?": an amount a use needs, which no listing says (a list came with no word of it, and
# a sleeping bag among the headlamps)
_NEED = re.compile(r"\bhow (many|much|bright|warm|big|large|heavy|light)\b((?:\s+[\w-]+){0,4}?)\s+"
                   r"(?:do|would|will|should|shall|does|must) (?:i|we|you|one|he|she|they) "
                   r"(?:really )?need\b", re.I)
_NEEDED = {"bright": "lumens", "lumens": "lumens", "lumen": "lumens", "warm": "comfort_temp_c",
           "big": "capacity_l", "large": "capacity_l", "litres": "capacity_l",
           "liters": "capacity_l", "heavy": "weight_g", "light": "weight_g"}


def needed_key(text: str) -> str | None:
    """The listed property an amount needed is of ("lumens" of "how bright a headlamp do I
    need?"); None when `text` asks no such amount."""
    m = _NEED.search(text)
    return next((_NEEDED[w] for w in [m[1].lower(), *m[2].lower().split()] if w in _NEEDED),
                None) if m else None


def needed_note(text: str, products: Sequence[dict[str, Any]]) -> str:
    """"No listing says what brightness you need; these give 200 to 500 lumens." of a list
    `text` asks an amount needed of; "" otherwise."""
    key = needed_key(text)
    values = [str(v) for p in products
              if key and (v := (p.get("attributes") or {}).get(key)) not in (None, "")]
    if not values:
        return ""
    label, _ = reading(key, "")
    span = _span(values, key) or reading(key, plain_number(values[0]))[1]
    return f"No listing says what {label} you need; these give {span}."
