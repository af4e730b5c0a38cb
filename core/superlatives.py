""""Which one is the lightest?": the answer computed from the products shown.

A comparison by one measurable property — weight, capacity, warmth, brightness, battery,
warranty, price — is arithmetic over the catalogue's attributes, so it is done here and
the reply states the winner and its figure. Left to the reply model, "which one is the
lightest?" came back as a paraphrase of the first product. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from .attribute_answers import plural
from .facts import money
from .wording import in_words, none_of
from .slots import UNORDERED, positions, size_order

# (pattern, attribute, pick the smallest?, phrase, unit). "price" is the product's price.
RULES: tuple[tuple[str, str, bool, str, str], ...] = (
    (r"light(?:est|er)|weighs? (?:the )?least", "weight_g", True, "lightest", "g"),
    (r"heav(?:iest|ier)|weighs? (?:the )?most", "weight_g", False, "heaviest", "g"),
    (r"warm(?:est|er)", "comfort_temp_c", True, "warmest", "°C comfort temperature"),
    (r"bigg(?:est|er)|larg(?:est|er)|roomi(?:est|er)|most (?:space|room|capacity|litres)|"
     r"holds? (?:the )?most|holds? more",
     "capacity_l", False, "largest", "litres"),
    # of tents, which list no capacity: the one that sleeps the most ("which is biggest?")
    (r"bigg(?:est|er)|larg(?:est|er)|roomi(?:est|er)|sleeps? (?:the )?most|most (?:people|"
     r"persons)", "persons", False, "largest", "people"),
    # packed size is not capacity ("which sleeping bag packs smallest?"); no listing has it
    # yet, so the answer says so rather than naming the smallest backpack
    (r"packs? (?:down )?(?:the )?small(?:est|er)|smallest (?:when )?packed", "packed_l", True,
     "one that packs smallest", "litres packed"),
    (r"smallest|smaller", "capacity_l", True, "smallest", "litres"),
    # of tents: the one that sleeps the fewest ("anything smaller?" after a 3-person tent)
    (r"smallest|smaller|sleeps? (?:the )?fewest|fewest (?:people|persons)", "persons", True,
     "smallest", "people"),
    (r"bright(?:est|er)", "lumens", False, "brightest", "lumens"),
    # "a gps watch with long battery life" asks for the longest-running first too
    (r"battery (?:that )?(?:lasts? )?(?:the )?long(?:est)?|(?:long|longest|longer|good|great|"
     r"best|better|biggest|most)(?:[- ]lasting)? battery", "battery_h",
     False, "longest-running", "hours of battery"),
    (r"(?:longest|longer|best|most) (?:warranty|guarantee)", "warranty_years", False,
     "one with the longest warranty", "years of warranty"),
    (r"(?:lowest|lower|least|less|smallest|smaller|minimal) (?:heel(?:-to-toe)? )?drop|"
     r"(?:low|lower|lowest)[- ]drop", "drop_mm", True, "one with the lowest drop",
     "mm heel-to-toe drop"),
    (r"(?:highest|higher|most|more|biggest|bigger) (?:heel(?:-to-toe)? )?drop", "drop_mm",
     False, "one with the highest drop", "mm heel-to-toe drop"),
    (r"cheapest|cheaper|least expensive|less expensive|lowest price|lower[- ]priced", "price",
     True, "cheapest", ""),
    (r"most expensive|more expensive|priciest|pricier|dearest|dearer|highest price|"
     r"higher[- ]priced", "price", False, "most expensive", ""),
)

# what a listing would have to give, for the answer when none of the products does
UNLISTED = {"weight_g": "a weight", "comfort_temp_c": "a comfort temperature",
            "capacity_l": "a capacity", "packed_l": "a packed size", "lumens": "a brightness",
            "battery_h": "a battery life", "warranty_years": "a warranty", "price": "a price",
            "persons": "how many it sleeps", "drop_mm": "a heel-to-toe drop"}


def _of_two(phrase: str) -> str:
    """A superlative said of two: "lighter", "more expensive", "one with the longer
    warranty"."""
    return re.sub(r"\bmost\b", "more", re.sub(r"est\b", "er", phrase))


def _asked(text: str) -> Iterator[tuple[re.Match, tuple[str, str, bool, str, str]]]:
    """(the words, the rule) for each rule of RULES that `text` asks by, in RULES' order."""
    low = text.lower()
    for rule in RULES:
        if m := re.search(rf"\b(?:{rule[0]})\b", low):
            yield m, rule


def order_of(text: str, listed: Callable[[str], bool] = lambda key: True) -> str | None:
    """The sort a comparison asks for, as the search takes it: "lighter", "the lightest"
    -> 'weight_g:asc'; "cheapest" -> 'asc' (prices sort without a key); None for none.
    `listed(key)`: whether the kind searched lists that property; the first rule whose
    property it lists wins ("smaller" of tents: fewer persons, as tents list no capacity
    in litres), else the first rule."""
    orders = [("asc" if smallest else "desc") if key == "price" else
              f"{key}:{'asc' if smallest else 'desc'}"
              for _, (_, key, smallest, _, _) in _asked(text)]
    return next((o for o in orders if ":" not in o or listed(o.split(":")[0])),
                orders[0] if orders else None)


# "the cheapest one that's as warm", "anything cheaper as light?": no worse than the one
# talked about on the property named (the cheapest of all came, a -5 °C bag after a -10)
_AS_GOOD = re.compile(r"\bas (warm|light|bright|big|large|long)\b(?! as (?:possible|can be|you))",
                      re.I)
_ER = {"big": "bigger", "large": "larger"}


def as_good_as(text: str, products: list[dict[str, Any]],
               one: dict[str, Any] | None) -> list[dict[str, Any]] | None:
    """The `products` no worse than `one` on the property "as warm" names (its comfort
    temperature or lower); None when `text` names none, or `one` lists no figure of it."""
    m = _AS_GOOD.search(text)
    if not m or one is None:
        return None
    word = m[1].lower()
    key, _, way = (order_of(_ER.get(word, f"{word}er")) or "").rpartition(":")
    mine = value(one, key) if key else None
    if mine is None:
        return None
    return [p for p in products if (v := value(p, key)) is not None and (
        v <= mine if way == "asc" else v >= mine)]


def first_by(sort: str | None) -> str:
    """", cheapest first", ", lightest first": the order of a list sorted by `sort` (as
    order_of gives it), said in its header ("cheapest backpack?" listed five, no word of
    their order); "" of a list in no such order."""
    key, _, way = (sort or "").rpartition(":")
    if way not in ("asc", "desc"):
        return ""
    phrase = next((phrase for _, k, smallest, phrase, _ in RULES
                   if k == (key or "price") and smallest == (way == "asc")), None)
    return f", {re.sub(r'^one (?:with the|that) ', '', phrase)} first" if phrase else ""


def comparative(text: str) -> bool:
    """"lighter", "cheaper", "less expensive": a comparison with something, unlike "the
    lightest" or "cheapest tents". Pure."""
    return any(re.search(r"er\b|\b(?:less|more)\b", m.group(0)) for m, _ in _asked(text))


def value(product: dict[str, Any], key: str) -> float | None:
    raw = product.get("price") if key == "price" else (product.get("attributes") or {}).get(key)
    try:
        return float(str(raw).replace(",", "."))
    except (TypeError, ValueError):
        return None


def _figure(product: dict[str, Any], key: str, unit: str) -> str:
    if key == "price":
        return money(product)
    n = value(product, key)
    if n == 1:  # "1 litre", "1 year of warranty", "1 person"
        unit = "person" if unit == "people" else re.sub(r"^(\w+)s\b", r"\1", unit)
    return f"{n:g} {unit}"


def _fillings(products: list[dict[str, Any]], key: str) -> str:
    """" Their fillings: down 800 fill (the Ashfall Lite Down Jacket), down 700 fill (the
    …)." when warmth is asked, no comfort temperature is listed, and some of `products`
    list what they are filled with ("warmest one?" of five puffers said only that none
    lists a comfort temperature); "" otherwise. The figures are the customer's to weigh."""
    filled: dict[str, list[str]] = {}
    for p in products:
        if fill := str((p.get("attributes") or {}).get("insulation") or "").strip().lower():
            filled.setdefault(fill, []).append(f"the {p['name']}")
    if key != "comfort_temp_c" or not filled:
        return ""
    said = [f"{fill} ({in_words(names)})" for fill, names in sorted(
        filled.items(), key=lambda kv: -int((re.search(r"\d+", kv[0]) or [0])[0]))]
    return f" Their fillings: {in_words(said)}."


def _for_winter(products: list[dict[str, Any]], key: str) -> str:
    """" Only the Cushion Merino Liner Socks are listed for winter." when warmth is asked and
    no comfort temperature is listed, but some of `products` (not all) are listed for winter;
    "" otherwise."""
    wintry = [p for p in products if str((p.get("attributes") or {}).get("season") or "")
              .lower() in ("winter", "autumn-winter")]
    if key != "comfort_temp_c" or not wintry or len(wintry) == len(products):
        return ""
    if len(wintry) > len(products) / 2:  # "All but the Quarter Light Hiking Socks …"
        others = in_words([f"the {p['name']}" for p in products if p not in wintry])
        return f" All but {others} are listed for winter."
    names = in_words([f"the {p['name']}" for p in wintry])
    listed = "are" if len(wintry) > 1 or plural(wintry[0]["name"]) else "is"
    return f" {'Only t' if len(wintry) == 1 else 'T'}{names[1:]} {listed} listed for winter."


# "what's the smallest size?" of boots listed (it said none of them lists a capacity)
_SIZE_END = re.compile(r"\b(smallest|largest|biggest|lowest|highest|min(?:imum)?|max(?:imum)?) "
                       r"sizes?\b", re.I)


def size_end(products: list[dict[str, Any]], text: str) -> tuple[dict, str] | None:
    """(the first product in it, "Of these 5, the smallest size is 36: the …") when `text`
    asks for the smallest or largest size of `products`; None otherwise, or when their
    sizes have no known order."""
    m = _SIZE_END.search(text)
    sizes = [str(s) for p in products for s in p.get("sizes") or ()]
    if not m or not sizes or any(size_order(s)[0] == UNORDERED for s in sizes):
        return None
    smallest = m[1].lower().startswith(("small", "low", "min"))
    end = (min if smallest else max)(sizes, key=size_order)
    having = [p for p in products if end in map(str, p.get("sizes") or ())]
    which = "smallest" if smallest else "largest"
    if len(products) == 1:
        return having[0], f"The {which} size of the {having[0]['name']} is {end}."
    come = "comes" if len(having) == 1 and not plural(having[0]["name"]) else "come"
    names = "all of them" if len(having) == len(products) > 2 else in_words(
        [f"the {p['name']}" for p in having])  # (five names, each "comes in it")
    return having[0], f"Of these {len(products)}, the {which} size is {end}: {names} {come} in it."


def superlative(products: list[dict[str, Any]], text: str,
                among: str = "") -> tuple[dict | None, str] | None:
    """(the product, the factual answer) when `text` asks which of `products` is the
    lightest/warmest/cheapest/...; None when it asks nothing of the kind; (None, the answer
    saying so) when no shown product lists that property. Products that lack it are left
    out, and the answer says how many were compared. `among`: what `products` are of those
    shown ("in green": "Of the 2 in green, the cheapest is …")."""
    if sized := size_end(products, text):
        return sized
    unlisted = None  # the first property asked that no product lists, said if none answers
    for _, (_, key, smallest, phrase, unit) in _asked(text):
        known = [p for p in products if value(p, key) is not None]
        if not known:  # said, not guessed: the reply model made "the Dormant is the smallest"
            if unlisted is None and len(products) == 1:
                name = products[0]["name"]
                unlisted = None, f"The listing for the {name} does not give {UNLISTED[key]}."
            elif unlisted is None:  # of two: "which is warmer" ("the warmest" of two)
                which = (f"the {phrase}" if len(products) > 2 else _of_two(phrase)
                         if not phrase.startswith("one ") else f"the {_of_two(phrase)}")
                unlisted = None, (f"{none_of(len(products))} lists {UNLISTED[key]}, so I "
                                  f"can't say which is {which}."
                                  f"{_for_winter(products, key)}{_fillings(products, key)}")
            if key == "capacity_l":
                continue  # "biggest" of tents: no capacity, but how many each sleeps
            return unlisted
        best = (min if smallest else max)(known, key=lambda p: value(p, key))
        figure = _figure(best, key, unit)
        if len(products) == 1:
            return best, f"The {best['name']} {'are' if plural(best['name']) else 'is'} the " \
                         f"only one {f'shown {among}'.strip()}: {figure}."
        if len(known) == 1:
            return best, f"Only the {best['name']} lists it: {figure}."
        these = f"the {len(known)} {among}" if among else f"these {len(known)}"
        compared = (f"Of {these}" if len(known) == len(products) else
                    f"Of the {len(known)} {among or 'of these'} that list it")
        tied = _level(known, best, key)
        if len(tied) > 1:  # three bags rated -5 °C: naming one as "the warmest" misleads
            names = ", ".join(f"the {p['name']}" for p in tied[:-1]) + f" and the {tied[-1]['name']}"
            if len(tied) == len(known) == 2:  # "are equally the warmest" of two
                return best, f"{compared}, {names} are the same: {figure} each."
            if len(tied) == len(known) == len(products):  # five tents "equally the largest"
                return best, f"{compared}, all {len(tied)} are the same: {figure} each."
            if phrase.startswith("one with "):  # "… share the longest warranty"
                return best, f"{compared}, {names} share {phrase[9:]}: {figure}."
            return best, f"{compared}, {names} are equally the {phrase}: {figure}."
        if len(known) == 2:  # "of these 2, the lighter is …" (it said "the lightest")
            phrase = _of_two(phrase)
        # "the lightest are the Carbon Compact Trekking Poles" (a pair: "is" read wrong)
        verb = "are" if plural(best["name"]) else "is"
        return best, f"{compared}, the {phrase} {verb} the {best['name']}: {figure}."
    return unlisted


def tied(products: list[dict[str, Any]], best: dict[str, Any], text: str) -> list[dict]:
    """The products of `products` as good as `best` by the first property `text` asks by
    (it with them, in their order); [best] when it has none ("the warmest" of three bags
    rated -10 °C: all three)."""
    for _, (_, key, _, _, _) in _asked(text):
        if value(best, key) is not None:
            return _level(products, best, key)
    return [best]


def _level(products: list[dict[str, Any]], best: dict[str, Any], key: str) -> list[dict]:
    """Those of `products` whose `key` equals the best's (the best among them)."""
    return [p for p in products if value(p, key) == value(best, key)]


def nothing_beyond(products: list[dict[str, Any]], text: str) -> str:
    """What to say when nothing found beats the best of `products` (a list shown) on what
    `text` compares by ("anything cheaper?" when the list holds the cheapest there is);
    products tied for it are all named."""
    for m, (_, key, smallest, phrase, unit) in _asked(text):
        known = [p for p in products if value(p, key) is not None]
        if not known:
            continue
        best = (min if smallest else max)(known, key=lambda p: value(p, key))
        tied = [p["name"] for p in _level(known, best, key)]
        said = m.group(0) if re.search(r"er$|^(?:less|more)\b", m.group(0)) else phrase
        names = " and the ".join([", the ".join(tied[:-1]), tied[-1]] if len(tied) > 1 else tied)
        figure, verb = _figure(best, key, unit), "are" if len(tied) > 1 else "is"
        if len(known) == 1 < len(products):
            # "something smaller?" after pans and one daypack: the pans list no capacity,
            # so "the daypack is the smallest" misled
            return (f"I have nothing {said} for this search that lists {UNLISTED[key]}: the "
                    f"{names} ({figure}) is the only one that does.")
        if len(known) < len(products):
            return (f"I have nothing {said} for this search: of the {len(known)} that list "
                    f"{UNLISTED[key]}, the {names} ({figure}) {verb} the {phrase}.")
        return f"I have nothing {said} for this search: the {names} ({figure}) {verb} the {phrase}."
    return "I have nothing else for this search."


def than(one: dict[str, Any], other: dict[str, Any], text: str) -> str | None:
    """"Is the Carbon Compact lighter?" right after questions about the Descent Alu: whether
    it is, with both figures (it got the Carbon Compact's card); None when the question is
    no yes/no comparison by a property both list."""
    if not re.match(r"\s*(?:is|are)\b", text.lower()) or not comparative(text):
        return None
    for _, (_, key, smallest, phrase, unit) in _asked(text):
        a, b = value(one, key), value(other, key)
        if a is None or b is None or phrase.startswith("one "):
            return None  # "one with the longer warranty than": no sentence to say
        mine, theirs = _figure(one, key, unit), _figure(other, key, unit)
        if a == b:
            return f"No — the {one['name']} and the {other['name']} are the same: {mine} each."
        yes = a < b if smallest else a > b
        verb = "are" if plural(one["name"]) else "is"
        return (f"{'Yes' if yes else 'No'} — the {one['name']} ({mine}) {verb} "
                f"{'' if yes else 'not '}{_of_two(phrase)} than the {other['name']} ({theirs}).")
    return None


def both(products: list[dict[str, Any]], text: str) -> str | None:
    """"Is the lightest one the cheapest?": yes when one product is both, else which one
    each is (it said only which was lightest); None when the question is no yes/no
    question of two superlatives by different properties, or a tie or a missing figure
    leaves one of them unsaid."""
    if len(products) < 2 or not re.match(r"\s*(?:is|are)\b", text.lower()):
        return None
    picked: dict[str, tuple[dict, str, str]] = {}  # key -> (product, phrase, figure)
    for _, (_, key, smallest, phrase, unit) in sorted(_asked(text), key=lambda a: a[0].start()):
        known = [p for p in products if value(p, key) is not None]
        if not known or key in picked:
            continue
        best = (min if smallest else max)(known, key=lambda p: value(p, key))
        if sum(value(p, key) == value(best, key) for p in known) > 1:
            return None
        picked[key] = best, phrase, _figure(best, key, unit)
    if len(picked) != 2:
        return None
    (one, phrase, figure), (other, other_phrase, other_figure) = picked.values()
    if one is other:
        return (f"Yes — of these {len(products)}, the {one['name']} is both the {phrase} "
                f"({figure}) and the {other_phrase} ({other_figure}).")
    return (f"No — of these {len(products)}, the {phrase} is the {one['name']} ({figure}); "
            f"the {other_phrase} is the {other['name']} ({other_figure}).")


# the figures where one way is better whatever the use: (key, smaller is better, said of
# the better of two, of the best of more, unit); not capacity or persons (bigger is no
# better for a solo hiker)
BETTER = (("price", True, "is cheaper", "is the cheapest", ""),
          ("weight_g", True, "is lighter", "is the lightest", "g"),
          ("comfort_temp_c", True, "is warmer", "is the warmest", "°C"),
          ("warranty_years", False, "has the longer warranty", "has the longest warranty",
           "years"),
          ("battery_h", False, "runs longer", "runs longest", "hours"),
          ("lumens", False, "is brighter", "is the brightest", "lumens"),
          ("waterproof", False, "is waterproof", "is the only waterproof one", ""))
_PLURAL_VERBS = {"is": "are", "has": "have", "runs": "run"}
# what may differ that no one way is better in: said, so the verdict is not read as all
# ("the 1-person tent is cheapest and lightest" of tents sleeping 1 to 3)
WEIGHED = (("persons", "how many people they sleep"), ("capacity_l", "how much they hold"),
           ("season", "the season they are made for"), ("gender", "who they are made for"))


def _score(product: dict[str, Any], key: str) -> float | None:
    if key != "waterproof":
        return value(product, key)
    said = str((product.get("attributes") or {}).get(key) or "").lower()
    return 1.0 if said in ("yes", "true") else 0.0 if said in ("no", "false") else None


def verdict(products: list[dict[str, Any]]) -> str | None:
    """"Which would you pick?" of products shown or compared: the one the listings' figures
    favour (cheaper, lighter, warmer, longer warranty, waterproof …), or what each one is
    best at when each wins on something (it showed them side by side again); None when no
    figure they all list singles one out."""
    if len(products) < 2:
        return None
    two, wins = len(products) == 2, {p["id"]: [] for p in products}
    for key, smaller, of_two, of_all, unit in BETTER:
        scores = [_score(p, key) for p in products]
        if None in scores or len(set(scores)) == 1 or scores.count(
                best := (min if smaller else max)(scores)) > 1:
            continue  # one without the figure, or a tie for the best: it singles none out
        winner = products[scores.index(best)]
        # of two, both figures ("cheaper (121.99 EUR against 214.99 EUR)"); of more, the best
        figures = [money(p) if key == "price" else f"{_score(p, key):g} {unit}"
                   for p in ((winner, *(p for p in products if p is not winner)) if two else
                             (winner,))]
        said = (of_two if two else of_all) + ("" if key == "waterproof" else
                                              f" ({' against '.join(figures)})")
        verb, rest = said.split(" ", 1)
        if plural(winner["name"]):  # "the Carbon Compact Trekking Poles are lighter"
            verb = _PLURAL_VERBS[verb]
        wins[winner["id"]].append(f"{verb} {rest}")
    if not (winners := [p for p in products if wins[p["id"]]]):
        return None
    differ = [said for key, said in WEIGHED if len({
        str((p.get("attributes") or {}).get(key) or "").lower() for p in products}) > 1]
    rest = f" They differ too in {in_words(differ)}, which only you can weigh." if differ else ""
    if len(winners) == 1:
        one = winners[0]
        return (f"Going by the figures the listings give, the {one['name']}: "
                f"{'they' if plural(one['name']) else 'it'} {in_words(wins[one['id']])}.{rest}")
    return "It depends on what matters most to you: " + "; ".join(
        f"the {p['name']} {in_words(wins[p['id']])}" for p in winners) + f".{rest}"


# "what's your best tent?", "which backpack is best?", "your top-rated boots": a ranking
# no listing backs ("best value", "best price" and "best for rain" ask something else)
# (what sells most is an answer of its own: core/suggest_turns)
# ("which trekking poles should I get?": the list alone)
_BEST = re.compile(r"\b(?:best|top[- ]rated|highest[- ]rated)\b(?![- ](?:value|price|deal|offer|"
                   r"sell|for\b|in\b|at\b))|\b(?:which|what) (?!size|colou?r|length)"
                   r"(?:[\w-]+ ){0,3}(?:should (?:i|we) (?:get|buy|choose|pick|go for)|would you "
                   r"recommend|do you recommend)\b", re.I)


def unrated(text: str, products: list[dict[str, Any]]) -> str:
    """What to say under a list for "what's your best tent?": the listings rate nothing, and
    what each one shown is best at ("" when `text` asks no such ranking)."""
    if not _BEST.search(text) or len(products) < 2:
        return ""
    # of several kinds ("best Torvik product?": socks, bottles, a lamp) figures weigh nothing
    said = (verdict(products) or "") if len({p.get("category") for p in products}) == 1 else ""
    return "Our listings carry no ratings, so I can't say which is best" + (
        f". {said}" if said else ": it depends on what you need it for.")


# "the lighter one", "the more expensive option": one of two, by a comparison of them
_THE_ONE = re.compile(r"\bthe\s+((?:less|more)\s+\w+|(?:lower|higher)[- ]priced|\w+er)"
                      r"(?:\s+(?:one|option|model|pair)\b)?(?=\s*(?:\W|$))", re.I)


def of_the_pair(text: str, pair: list[dict[str, Any]]) -> str | None:
    """"I'll take the cheaper one", "ok the lighter one. in green?" right after two were
    compared: `text` with that product named ("I'll take the Col Boot"; it was the cheapest
    of the five listed, or a search for lighter things in green). None without such a pick,
    when the two do not differ by it, and for "which is the cheaper one?" (a question of
    which)."""
    if len(pair) != 2 or positions(text.lower()) or re.match(
            r"\W*(?:(?:and|so|ok)\W+)?which\b", text, re.I):
        return None
    for m in _THE_ONE.finditer(text):
        if not (order := order_of(m[1], lambda k: all(value(p, k) is not None for p in pair))):
            continue
        key, _, way = order.rpartition(":")  # "weight_g:asc"; "asc" of prices
        figures = [value(p, key or "price") for p in pair]
        if None in figures or figures[0] == figures[1]:
            continue
        pick = pair[figures.index(min(figures) if way == "asc" else max(figures))]
        return f"{text[:m.start()]}the {pick['name']}{text[m.end():]}"
    return None
