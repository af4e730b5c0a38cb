"""Check a drafted reply against the facts it was written from.

A small model writes fluent text and invents figures. Before a reply leaves the bot, every
claim of a kind the shop is accountable for must be backed by the facts given to the prompt:

- numbers (prices, stock, totals, percentages, policy days and thresholds): each number in
  the reply must occur in the facts (or be the count of a list in them);
- ids and tracking numbers (tokens mixing letters and digits, long digit runs), dates,
  letter sizes ("sizes: XS, S, M");
- order statuses ("your order has been delivered"): must be the status in the facts, and
  with no order in the facts no status may be claimed about an order;
- colours and product features ("comes in blue", "it is breathable"): a colour word or a
  word from `FEATURES` must occur in the facts (a model asked about a jacket will happily
  call it waterproof; the catalogue decides); likewise what a product is for — activity,
  season, wearer ("a winter jacket for climbing"; core/uses.py);
- product names: a catalogue name (`known_products`) not in the facts, or a Capitalised
  Multi-Word Phrase whose words the facts never use, is an invented product; a shortened
  name that fits several of the products given ("the Waterproof Hiking Boot") names none;
  a name that starts like a product's but is none ("the Nightjar 2 Tent") is a blend,
  written in capitals or small ("the ridgerun grip trail running shoe");
- binding: with several products in the facts, a price or stock figure — or "in stock" /
  "out of stock" — said about one product must be that product's ("the Ridgeline is 99.95
  EUR" when 99.95 is the Talus's price is caught, though 99.95 is in the facts). A claim
  belongs to the product named before it in its sentence, else the sentence's first
  named product, else the one named last. The same holds for a use ("the Col Mid Hiker is
  the alpine one" beside the Stormline Alpine Rain Jacket), and a claim about a name's
  start that several products share ("the Stormline costs 266.00 EUR") must hold for each
  (core/binding.py);
- a letter size said as a price ("costs XS, S, M, L at 335.99 EUR").

What the customer typed is *not* evidence: keys in `UNTRUSTED_KEYS` (the query, the
message, the history) are skipped, so "tell me it costs $1" cannot make $1 groundable.
The facts are read into `Grounds` by core/evidence.py. The checks are deliberately
conservative (a false alarm costs one regeneration and then a template reply; a missed
invention costs the shop's word). Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from . import binding, uses
from .binding import product_figures
from .evidence import (DATE, ID, LIST_ITEM, NUMBER, STATUSES, UNTRUSTED_KEYS,  # noqa: F401
                       Grounds, Violation, decimal, grounds_from, is_money, mask)
from .slots import BASIC_COLORS

_STATUS_CLAIM = re.compile(
    r"\b(?:is|was|has been|have been|been|are|were|got|status(?: is)?:?|currently|now)\s+"
    r"(?:already\s+|now\s+|currently\s+|still\s+|just\s+)?"
    r"(being processed|processing|shipped|dispatched|out for delivery|delivered|"
    r"cancell?ed|canceled|returned)\b", re.I)
_ORDER_WORDS = re.compile(r"\b(?:order|package|parcel|shipment|delivery)\b", re.I)

_WORD = r"(?:[A-Z][\w'&-]*|\d[\w-]*)"
_PHRASE = re.compile(rf"\b[A-Z][\w'&-]*(?:[ \t]+{_WORD})+")
GENERIC_WORDS = frozenset("""
i i'm i'll i've i'd hi hello hey dear thanks thank you sure yes no ok okay great happy
shopping customer service support team store shop please best regards kind welcome order
orders the a an our we your my this that these those here there it its and or but if
what which how when where why who let me good morning afternoon evening day have nice
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december mr mrs ms dr faq policy policies
free shipping returns return warranty payment contact us unfortunately sorry however
also note would like all new in stock out of for with on at to from by tracking
number total
""".split())

def _check_products(text: str, g: Grounds, known: Iterable[str]) -> list[Violation]:
    out = []
    for name in known:
        if name and name.lower() not in g.text and re.search(
                rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I):
            out.append(Violation("product", name, f"{name!r} is not among the products given"))
    flagged = " ".join(v.value.lower() for v in out)
    for m in _PHRASE.finditer(text):
        capitals = [re.sub(r"'s?$", "", w) for w in m.group(0).split() if w[0].isupper()]
        unknown = [w for w in capitals
                   if w.lower() not in GENERIC_WORDS and w.lower() not in g.words]
        if unknown and len(capitals) >= 2 and m.group(0).lower() not in flagged:
            out.append(Violation("product", m.group(0),
                                 f"{m.group(0)!r} names something the facts do not mention"))
    return out


def _name_runs(text: str, names: Iterable[str]) -> list[str]:
    """Runs of three or more words of the products' names, in any case, that start with a
    name's own first word: "the ridgerun grip trail running shoe" (make chat, a blend of
    the Ridgerun Speed and the Rockhop Grip) is a name written small, which `_PHRASE`
    (capitals) does not see. A first word that is a use, a colour or a feature word
    ("Spring …", "Black …", "Packable …") starts no run: "spring hiking boots" is prose."""
    vocab = {w for n in names for w in n.lower().split()}
    firsts = {w for n in names if len(w := n.split()[0].lower()) >= 4
              and w not in GENERIC_WORDS and not _FEATURE.match(w) and not _COLOUR.match(w)
              and not uses.uses_in(w)}
    out = []
    for chunk in re.split(r"[,.;:!?()\n\"]+", text):
        words = chunk.split()
        i = 0
        while i < len(words):
            j = i + 1
            if words[i].lower() in firsts:
                while j < len(words) and words[j].lower() in vocab:
                    j += 1
                if j - i >= 3:
                    out.append(" ".join(words[i:j]))
            i = j
    return out


def _check_blends(text: str, g: Grounds, known: list[str]) -> list[Violation]:
    """"the Nightjar 2 Tent" beside the Nightjar 2 Dome Tent (live): every word is in the
    facts, so `_check_products` passes it, yet no product is called that. A phrase that
    starts like a product's name must be found, whole, in the facts (read on the unmasked
    text: "2-Pack" inside a name is no id here)."""
    names = [*known, *g.names]
    lowered = {n.lower() for n in names}
    out = []
    seen = set()
    for said in [m.group(0) for m in _PHRASE.finditer(text)] + _name_runs(text, names):
        words = re.sub(r"['’]s?$", "", said).split()  # "the Trail Runner GTX's price"
        while words and words[0].lower() in GENERIC_WORDS:
            words = words[1:]
        phrase = " ".join(words)
        low = phrase.lower()
        if low in seen:
            continue
        seen.add(low)
        if (len(words) >= 2 and low not in g.text and not any(low.startswith(n) for n in lowered)
                and any(n.startswith(words[0].lower() + " ") for n in lowered)):
            out.append(Violation("product", phrase, f"{phrase!r} is not the name of any "
                                 f"product given (it mixes their names)"))
    return out


def _check_statuses(text: str, g: Grounds) -> list[Violation]:
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        for m in _STATUS_CLAIM.finditer(sentence):
            claimed = STATUSES.get(m.group(1).lower(), m.group(1).lower())
            if g.statuses and claimed not in g.statuses:
                out.append(Violation("order_status", m.group(1),
                                     f"status {claimed!r}, but the order is "
                                     f"{'/'.join(sorted(g.statuses))}"))
            elif not g.statuses and _ORDER_WORDS.search(sentence):
                out.append(Violation("order_status", m.group(1),
                                     "an order status was claimed without order facts"))
    return out


_PRICED = re.compile(r"\b(?:costs?|priced at|price (?:is|of)|sells? for|for only)\s+(?:just\s+|only\s+)?$",
                     re.I)


# a letter size where the price goes: "The Stormline Alpine Rain Jacket costs XS, S, M, L
# at 335.99 EUR." (make chat, for "what sizes does it come in?"): every token is in the
# facts, the sentence is still false
_SIZE_AS_PRICE = re.compile(r"\b(?:[Cc]osts?|[Pp]riced at|[Ss]ells? for)\s+((?:\d?X{0,3}[SML]|XL)"
                            r"(?:,?\s+(?:and\s+|or\s+)?(?:\d?X{0,3}[SML]|XL))*)\b")


def _check_figures(text: str, g: Grounds) -> list[Violation]:
    out = [Violation("price", m.group(1), f"{m.group(1)!r} is a size, not a price")
           for m in _SIZE_AS_PRICE.finditer(text)]
    for m in DATE.finditer(text):
        if m.group(0) not in g.text:
            out.append(Violation("date", m.group(0), f"date {m.group(0)} is not in the facts"))
    text = DATE.sub(" ", text)
    for m in ID.finditer(text):
        if m.group(0).lower() not in g.text:
            out.append(Violation("id", m.group(0), f"{m.group(0)} is not an id in the facts"))
    text = LIST_ITEM.sub(" ", ID.sub(" ", text))
    for m in NUMBER.finditer(text):
        value = decimal(m.group(2) + (m.group(3) or ""))
        # "costs 1710 g" (a live draft for a weight) says the figure is a price
        money = is_money(m) or bool(_PRICED.search(text[max(0, m.start() - 24):m.start()]))
        if value is None or value in (g.money if money else g.numbers):
            continue
        kind = "price" if money else "number"
        out.append(Violation(kind, m.group(0).strip(), f"{m.group(0).strip()} is not in the facts"))
    return out


_SIZE_CLAIM = re.compile(r"\bsizes?\b\s*(?:is|are|:|of|in)?\s*((?:\b[A-Z0-9]{1,4}\b[ \t]*"
                         r"(?:,|/|and|or)?[ \t]*)+)")


def _check_sizes(text: str, g: Grounds) -> list[Violation]:
    """Letter sizes ("size M", "sizes: XS, S") must be in the facts; numbers are checked as
    figures already. (A draft gave a fleece "the size is AXS".)"""
    out = []
    for m in _SIZE_CLAIM.finditer(text):
        for size in re.findall(r"\b[A-Z]{1,4}\b", m.group(1)):
            if size not in ("I", "A") and size.lower() not in g.words:
                out.append(Violation("size", size, f"size {size} is not in the facts"))
    return out


# Features a customer buys on and a shop is held to; descriptive words ("warm", "light") are
# left to the model. Matched as whole words, hyphen or space alike ("water resistant").
FEATURES = ("waterproof", "water-resistant", "windproof", "breathable", "insulated",
            "gore-tex", "merino", "vegan", "recycled", "organic", "reflective", "packable",
            "rechargeable")  # "a rechargeable headlamp" listed five, none said to be
_FEATURE = re.compile(r"\b(" + "|".join(f.replace("-", "[- ]?") for f in FEATURES) + r")\b", re.I)
_COLOUR = re.compile(r"\b(" + "|".join(BASIC_COLORS) + r")\b", re.I)


# a feature the facts affirm that grounds another: waterproof gear is water-resistant
IMPLIES = {"water-resistant": ("waterproof",)}
NO_VALUES = ("no", "false", "none", "0", "n")  # an attribute value that denies ("waterproof: no")
_NEGATED = re.compile(r"(?:\bnot|n't|\bno|\bnon|\bisn't|\baren't)[\s-]+(?:[\w-]+\s+){0,2}$", re.I)


def _said(text: str, start: int) -> bool | None:
    """What the words before `start` make of the feature named there: True affirmed, False
    denied ("not waterproof"), None neither ("does not say whether it is waterproof")."""
    before = text[max(0, start - 30):start]
    if re.search(r"\bwhether\b", before):
        return None
    return not _NEGATED.search(before)


def _stances(evidence: str, feature: str) -> set[bool]:
    """What the facts say of a feature: True where they affirm it ("waterproof: yes", "a
    waterproof shell"), False where they deny it ("waterproof: no", "not waterproof")."""
    found = set()
    for m in re.finditer(rf"\b{feature.replace('-', '[- ]?')}\b(?:\s*[:=]\s*([\w-]+))?",
                         evidence, re.I):
        stance = m.group(1).lower() not in NO_VALUES if m.group(1) else _said(evidence, m.start())
        if stance is not None:
            found.add(stance)
    return found


def _feature_of(word: str) -> str:
    """The FEATURES spelling of a match ("water resistant": water-resistant)."""
    word = re.sub(r"[- ]", "-", word.lower())
    return next((f for f in FEATURES if f.replace("-", "") == word.replace("-", "")), word)


# a feature asked for in other words: what it does for a drink is what insulation is for
# ("does the Oasis Sport Insulated Bottle keep drinks cold?", core/unsaid.named_yes)
_DRINK = r"(?:drinks?|coffee|tea|water|soup|beverages?|cocoa)"
SAID_AS = {"insulated": re.compile(
    rf"\bkeeps?\s+(?:(?:my|your|the|our|his|her|their|it|them|{_DRINK})\s+){{1,3}}"
    rf"(?:hot|warm|cold|cool|chilled)\b|\b(?:hot|cold|iced|warm) {_DRINK}\b|\bthermos(?:es)?\b",
    re.I)}
DOES = {"insulated": "it keeps drinks hot or cold"}  # what SAID_AS's feature does, as said


def features_wanted(text: str) -> list[str]:
    """The FEATURES a customer's message asks for, questions included ("vegan hiking
    boots", "is there a windproof one?"); not those it denies ("not waterproof")."""
    return list(dict.fromkeys(_feature_of(m.group(1)) for m in _FEATURE.finditer(text)
                              if _said(text, m.start())))


def affirms(evidence: str, feature: str) -> bool:
    """Does the evidence (a listing's words) affirm the feature, itself or by one that
    implies it (waterproof gear is water-resistant)?"""
    return any(True in _stances(evidence, f) for f in (feature, *IMPLIES.get(feature, ())))


def _check_attributes(text: str, g: Grounds) -> list[Violation]:
    """Colours the facts never mention, and `FEATURES` the draft claims that the facts do
    not affirm ("waterproof" when they say "waterproof: no") or denies when they do."""
    out = []
    evidence = f"{g.text}\n{g.keys}"
    for word in dict.fromkeys(m.group(1).lower() for m in _COLOUR.finditer(text)):
        forms = {word, "grey", "gray"} if word in ("grey", "gray") else {word}
        if not any(re.search(rf"\b{re.escape(f)}\b", evidence) for f in forms):
            out.append(Violation("colour", word, f"{word!r} is not in the facts"))
    claims: dict[str, bool] = {}  # feature -> claimed (True) or denied (False) by the draft
    for m in _FEATURE.finditer(text):
        if (claimed := _said(text, m.start())) is not None:  # "whether it is": no claim
            claims.setdefault(_feature_of(m.group(1)), claimed)
    for word, claimed in claims.items():
        stances = _stances(evidence, word)
        if claimed and affirms(evidence, word):
            stances.add(True)
        if claimed and True not in stances:
            why = "the facts say it is not" if False in stances else "it is not in the facts"
            out.append(Violation("feature", word, f"{word!r}: {why}"))
        elif not claimed and stances == {True}:
            out.append(Violation("feature", word, f"not {word!r}: the facts say it is"))
    return out


def _check_uses(text: str, g: Grounds) -> list[Violation]:
    """Activities, seasons and wearers (core/uses.py) the facts never name: "a winter
    jacket for climbing" of rain jackets whose listings say neither."""
    return [Violation("use", word, f"{word!r} ({use}) is not in the facts")
            for word, use in uses.unbacked(text, f"{g.text}\n{g.keys}")]


def _check_partial_names(text: str, names: Iterable[str]) -> list[Violation]:
    """A shortened name that fits several of the products given ("the Waterproof Hiking
    Boot costs 109.99 EUR" beside the Ridgeline and the Talus Mid Waterproof Hiking Boot)
    names no product: the figure next to it cannot be checked against the right one."""
    names = sorted({n.lower() for n in names if n}, key=len, reverse=True)
    rest = mask(text, names)
    out = []
    for m in _PHRASE.finditer(rest):
        phrase = re.sub(r"^(?:the|a|an|and|or|but|both)\s+", "", m.group(0), flags=re.I).lower()
        if len(phrase.split()) < 2:
            continue
        fits = [n for n in names if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", n)]
        if len(fits) >= 2:
            out.append(Violation("product", m.group(0),
                                 f"{m.group(0)!r} could be any of {len(fits)} products"))
    return out


def check(text: str, facts: Mapping[str, Any], *,
          known_products: Iterable[str] = ()) -> list[Violation]:
    """Every claim in `text` that the trusted part of `facts` does not back (empty: grounded)."""
    g = grounds_from(facts)
    known_products = list(known_products)
    masked = mask(text, g.names)
    plain = ID.sub(" ", DATE.sub(" ", masked))
    figures = product_figures(facts)
    return (_check_figures(masked, g) + _check_statuses(text, g)
            + _check_products(plain, g, known_products)
            + _check_blends(text, g, [*known_products, *figures])
            + binding.check(text, figures)
            + _check_partial_names(text, [*g.names, *figures]) + _check_sizes(text, g)
            + _check_attributes(plain, g) + _check_uses(masked, g))
