"""Search filters on what a product's attributes state: who it is for, how many it sleeps,
how cold it may get, how much it holds.

"a tent for 2 people" must not list a one-person tent, and "women's rain jacket" must not
list a men's one: the words alone rank such products high (they are tents, they are rain
jackets), so these are filters, checked like price and colour, not ranking hints.

One place for the rules, read by every filter path: the slot (`extract`), the SQL
(core/catalog.filter_sql), the in-memory mask (core/retrieval.Mirror), the check on a live
product row (core/retrieval.product_passes) and the words the reply uses (`describe`).
A filter applies only when the catalogue has that attribute (`known` comes from
`Catalog.vocabulary`), so a shop without a `gender` column never loses products to it, and
it uses the catalogue's own spelling of the value ("women" or "female").

Rules: gender "women" also passes unisex products (a unisex jacket is a women's jacket
too), and the products of a kind that never lists a gender (a tent is for anyone: "a gift
for my dad" listed men's clothes only, never a head torch); persons is exact (a customer
asking for a 2-person tent is not shown a 4-person one as a match; with none left the
engine offers the nearest ones, flagged); a comfort
temperature is a limit ("a sleeping bag for -10" passes the -10 and the -15 bags, not the
+10 summer bag whose name happens to hold "10"); a capacity is approximate ("a 50 litre
backpack" passes 40 to 60 litres: nobody asks for exactly 50) unless a bound is said ("over
30 litres" passes 32, not 25; kept as ">=30"); lumens are a floor ("at
least 300 lumens" passes 500, not 200) and a weight a limit, read only with its bound
("under 1 kg": a bare "1 kg" says nothing about which way); "waterproof" passes the
products that list themselves waterproof ("waterproof trail shoes for women" listed a
shoe whose listing says waterproof: no), and is no filter when negated ("not waterproof").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable, Mapping

KEYS = ("gender", "persons", "comfort_temp_c", "capacity_l", "lumens", "weight_g", "season",
        "waterproof")
# a product of a kind whose products never list these passes their filter
FOR_ANY_KIND = ("gender",)
# a product passes these when its value is at most the one asked for (colder is fine,
# lighter is fine)
AT_MOST = ("comfort_temp_c", "weight_g")
# ... and these when it is at least the one asked for ("300 lumens": 500 is fine)
AT_LEAST = ("lumens",)
# ... and these when it is within NEAR_SHARE of it ("a 50 litre backpack": 40-60 litres)
NEAR = ("capacity_l",)
NEAR_SHARE = 0.2
UNISEX = ("unisex",)
# the catalogue's possible spellings of each gender value, the canonical one first
GENDERS = {"women": ("women", "womens", "woman", "female", "ladies", "w"),
           "men": ("men", "mens", "man", "male", "gents", "m")}
_WOMEN = re.compile(
    r"\b(?:wom[ae]n(?:'?s)?|ladies|lady'?s|female|"
    r"for (?:my|her|a|the) (?:wife|girlfriend|gf|mum|mom|mother|daughter|sister|grandma|aunt))\b")
_MEN = re.compile(
    r"\b(?:men(?:'?s)?|gents|male|"
    r"for (?:my|him|a|the) (?:husband|boyfriend|bf|dad|father|son|brother|grandpa|uncle))\b")
# "he's 12", "my 10 year old": an age, which under 16 is a child's (core/facts)
CHILD_AGE = re.compile(r"\b(?:he|she|they)(?:'s| is| are) (?:only |just )?(\d{1,2})\b"
                       r"(?! ?(?:cm|kg|eur|euros?|€|%|ft|feet|foot|inch|in\b|m\b|'|′|tall|"
                       r"kilos?|lbs?|stone))|\b(\d{1,2})[- ]?(?:years?|yrs?|y)[- ]?"
                       r"olds?\b", re.I)
_NUMBER = {"one": 1, "solo": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
           "six": 6, "eight": 8}
_N = r"(\d{1,2}|one|two|three|four|five|six|eight)"
_PERSONS = re.compile(
    rf"\b{_N}[\s-]*(?:persons?|people|man|men|p)\b|\bsleeps\s+{_N}\b|"
    rf"\bfor\s+{_N}\s+(?:persons?|people|adults|campers|of us)\b|\b(solo)\s+(?:tent|shelter)\b|"
    rf"\bfamily of\s+{_N}\b|"  # "camping with my family of 4"
    # "a tent for 2": a shelter for a bare number is for that many people, not a price
    rf"\b(?:tents?|shelters?)\s+for\s+{_N}\b(?![-\s]*(?:€|\$|%|eur|euros?|dollars?|bucks|"
    rf"quid|persons?|people|man|men|p|adults|campers|nights?|days?|weeks?|months?)\b)|"
    # "one for 2" after tents: the kind is the one shown; one digit ("one for 20" is a price)
    rf"\b(?:ones?|something)\s+for\s+(\d|one|two|three|four|five|six|eight)\b"
    rf"(?![-\s.,]*(?:\d|€|\$|%|eur|euros?|dollars?|bucks|quid|persons?|people|adults|"
    rf"campers)\b)|"  # ("… for 3 people": the words above take it whole)
    # "cookware for two", "a sleeping bag for two?": a spelled number closing the request
    # is a head count (it read none); "for two nights", "for two of my friends" are not
    rf"(?<=[a-z] )(?<!much )(?<!many )(?<!\bit )(?<!them )(?<!one )(?<!ones )(?<!price )"
    rf"(?<!cost )(?<!pay )for\s+(two|three|four|five|six)(?=\s*(?:$|[?.!,;]|please\b|and\b|"
    rf"under\b|with\b))")  # (after a thing: "order 10004 for two", "how much for two?",
    # "is it cheaper if I take them for two?" are no head count)
# "more than 2 people", "a tent bigger than 2 person", "at least 3 people", "4+ people": a
# floor (it listed the 2-person tents, as "for 2 people" does); "more than" is one more
_HEADS = r"(?:persons?|people|man|men|p|adults|campers)\b"
_PERSONS_FLOOR = re.compile(
    rf"\b(?:(more than|over|bigger than|larger than)|(?:at least|min(?:imum)?(?: of)?))\s+"
    rf"{_N}[\s-]*{_HEADS}|\b{_N}\s*(?:\+|or more)\s*{_HEADS}")
# "a tent for me and my two kids", "my wife and I", "the four of us": a party counted
# (it searched the words, and "no listing mentions kids" over 1-person tents); only said
# of what sleeps people, as a party is no filter of jackets for two
_COMPANION = (r"(?:(?:my|our|the)\s+)?(?:(\d{1,2}|one|two|three|four|five|six|eight)\s+)?"
              r"(wife|husband|partner|girlfriend|boyfriend|gf|bf|friend|kid|child|son|"
              r"daughter|brother|sister|dad|father|mum|mom|mother|buddy|mate|parent|"
              r"children)(s)?\b")
_PARTY = re.compile(rf"\b(?:me|myself)\s*(?:,|and|&|\+|plus)\s*({_COMPANION}(?:\s*(?:,|and|&)"
                    rf"\s*{_COMPANION})*)|\b(?:my|our)\s+(?:wife|husband|partner|girlfriend|"
                    rf"boyfriend|friend|son|daughter|brother|sister|dad|mum|mom)\s+and\s+"
                    rf"(?:i|me)\b|\bthe\s+{_N}\s+of\s+us\b")
_SLEEPS_PEOPLE = re.compile(r"\b(?:tents?|shelters?|sleep\w*|camp\w*|cook\w*|pots?|stoves?)\b")


def _party(text: str) -> str | None:
    """How many people a party is, as a filter value ("3"; ">=3" of "me and my kids");
    None when `text` counts no party or asks for nothing that sleeps or cooks for people."""
    m = _PARTY.search(text)
    if not m or not _SLEEPS_PEOPLE.search(text):
        return None
    if not m[1]:  # "my wife and I", "the four of us"
        raw = next((g for g in m.groups() if g), None)
        return str(int(raw) if raw.isdigit() else _NUMBER[raw]) if raw else "2"
    n, floor = 1, False
    for c in re.finditer(_COMPANION, m[1]):
        many = c[3] or c[2] == "children"
        n += (int(c[1]) if c[1].isdigit() else _NUMBER[c[1]]) if c[1] else 2 if many else 1
        floor |= bool(many and not c[1])
    return f">={n}" if floor else str(n) if n <= 20 else None


def without_party(text: str) -> str:
    """`text` without the party `extract` counts ("a tent for me and my two kids" -> "a
    tent for "): the kids are a head count, not a use no listing mentions."""
    return _PARTY.sub(" ", text) if _party(text.lower()) else text


# "for -10", "minus 5", "-10°C", "0 degrees", "5 °C": a sign or a unit says temperature
# ("43-46" is a sock size, "-10%" a discount, "10 euros" a price)
_DEGREES = r"(?:\s*(?:°\s*c?|degrees?(?:\s*c(?:elsius)?)?)(?![a-z]))"
_TEMP = re.compile(rf"(?<![\w.,-])(-|−|minus\s+)(\d{{1,2}})(?![\d.,%])(?!\s*%){_DEGREES}?|"
                   rf"(?<![\w.,-])(\d{{1,2}}){_DEGREES}")
# "50 litres", "around 30 liters", "a 20l daypack", "0.75 l bottle"; not "the 2.5L jacket"
# (a name's layer count: a bare "l" counts only before what holds litres, or at the end)
_LITRES = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:litres?|liters?|ltrs?\b|"
                     r"l\b(?=\s*(?:(?:back|day|ruck)?(?:packs?|sacks?)|bags?|bottles?|flasks?|"
                     r"capacity|volume)\b|\s*[?!.]*$))")
# the words that make a capacity a bound: "over 30 litres", "at most 20 litres"
_FLOOR = (r"\b(?:over|above|more than|at least|min(?:imum)?|bigger than|larger than|"
          r"from|no less than)")
_CEILING = (r"\b(?:under|below|less than|at most|max(?:imum)?|up to|smaller than|"
            r"no more than|not over)")
# "at least 300 lumens", "300+ lumens", "a 400 lm headlamp": a floor, never a price
_LUMENS = re.compile(r"(?:\b(?:at least|over|more than|above|min(?:imum)?|from)\s+)?"
                     r"(?<![\w.,])(\d{2,5})\s*\+?\s*(?:lumens?|lm)\b")
# "under 1 kg", "lighter than 800 g", "max 1.5 kilos": a weight limit needs its bound
_WEIGHT = re.compile(r"\b(?:under|below|less than|lighter than|max(?:imum)?|at most|up to|"
                     r"no more than|not over)\s+(\d{1,4}(?:[.,]\d{1,2})?)\s*"
                     r"(kg|kilos?|kilograms?|g|grams?|grammes?)\b")
# "waterproof trail shoes", "only waterproof ones": said of what is wanted, before its noun;
# not "which ones are waterproof?", "and waterproof?" (a question of the products shown),
# nor "non-waterproof", "not waterproof"
_WATERPROOF = re.compile(r"(?<!\bnot )(?<!\bnon-)(?<!\bnon )(?<!\bno )\bwaterproof[ -]"
                         r"(?!(?:rating|ness|and|or|too|as|enough|is|are|at|in|for|if|then|"
                         r"but|please|yet|though)\b)(?=[a-z])|"
                         # "any alternative that is waterproof?" (a question of it, alone)
                         r"\bthat(?:'s| is| are) (?:also |fully )?waterproof\b|"
                         # "boots, waterproof, size 43", "… and must be waterproof": one of
                         # the things listed (only "waterproof boots" was)
                         r"(?:,|\band|\b(?:must|should|needs? to|has to|have to) be)\s+(?:also "
                         r"|fully |really )?waterproof\b(?!\s*(?:rating|ness|\?))|"
                         # "waterproof please" after boots in 45: the whole message (a
                         # search of every kind for the word)
                         r"^\W*(?:(?:ok|okay|and|then|also|but|oh)\W+)*(?:only |just |fully )?"
                         r"waterproof\s+(?:please|pls|only|too|as well)\W*$|"
                         # "rain pants" (trousers of every kind were listed)
                         r"\brain[- ]?(?:pants|trousers|overtrousers|bottoms|boots|shoes)\b")
_NOT_NEEDED = re.compile(r"(?:\b(?:not|no|non|without|never)\b|n't\b)[\w' -]{0,20}\bwaterproof\b")
# the catalogue's ways of saying yes
YES_VALUES = ("yes", "true", "y", "1")
# a material asked about -> the words of listed materials that are it
MATERIALS = {
    "synthetic": ("synthetic", "polyester", "nylon", "polyamide", "tpu", "fleece", "polymer"),
    "down": ("down",), "feather": ("down",), "feathers": ("down",),
    "wool": ("wool", "merino"), "woolen": ("wool", "merino"), "woollen": ("wool", "merino"),
    "merino": ("merino",), "cotton": ("cotton",), "leather": ("leather", "nubuck", "suede"),
    "suede": ("suede",), "polyester": ("polyester",), "nylon": ("nylon",),
    "titanium": ("titanium",), "aluminium": ("aluminium",), "aluminum": ("aluminium",),
    "steel": ("steel",), "carbon": ("carbon",), "fleece": ("fleece",),
}
_MATERIAL = "|".join(sorted(MATERIALS, key=len, reverse=True))
# a listed season -> the seasons it covers; "a sleeping bag for summer camping" passes the
# summer, 3-season and all-season ones (the words alone listed winter bags first)
SEASON_COVERS = {"winter": {"winter"}, "summer": {"summer"}, "spring": {"spring"},
                 "autumn": {"autumn"}, "autumn-winter": {"autumn", "winter"},
                 "3-season": {"spring", "summer", "autumn"},
                 "all-season": {"spring", "summer", "autumn", "winter"}}
# ("spring" is no filter: a word of too many names, "Spring Trail Water Bottle")
_SEASON = re.compile(r"\b(?:for|in) (?:the )?(fall)\b|\b(summer|winter|autumn)(?:'s)?\b|"
                     r"\b(3|three|4|four|all)[- ]seasons?\b|\b(all[- ]year|year[- ]round)\b")
# a month is the season the listings name ("a sleeping bag for December" is a winter bag),
# the northern hemisphere's like the shop's season words; "may" only after "in", "for" …
MONTH_SEASONS = {month: season for season, months in (
    ("winter", "december january february"), ("spring", "march april may"),
    ("summer", "june july august"), ("autumn", "september october november"))
    for month in months.split()}
_MONTH = re.compile(r"\b(?:(?:in|for|during|through|this|next|late|early|mid|of)[- ])?("
                    + "|".join(m for m in MONTH_SEASONS if m != "may") + r")\b|"
                    r"\b(?:in|for|during|through|this|next|late|early|mid|of)[- ](may)\b")


def month_season(text: str) -> tuple[str, str] | None:
    """("December", "winter") for the first month the text names; None without one."""
    m = _MONTH.search(text.lower())
    return (str(m[1] or m[2]).title(), MONTH_SEASONS[m[1] or m[2]]) if m else None


# "boots that aren't leather", "non-leather", "no down", "without wool", "leather-free",
# "anything but synthetic": a material the products must not be made of (the words alone
# ranked leather boots first)
_WITHOUT = re.compile(
    rf"\b(?:not|non|no|without|aren'?t|isn'?t|except|(?:anything|everything) but)[\s-]+"
    rf"(?:(?:made|stuffed|filled) (?:of|from|out of|with) |in |any |real )?({_MATERIAL})\b|"
    rf"\b({_MATERIAL})[\s-]free\b")
# "down sleeping bag", "merino socks", "made of leather": a material asked for, which the
# list keeps to ("a 3 season down sleeping bag" listed two synthetic ones as if down);
# "down" only before what it fills ("it packs down small", "down to 100 euros"), and no
# fleece (a kind of its own: "a fleece jacket")
_OTHER_MATERIALS = "|".join(sorted((m for m in MATERIALS if m not in (
    "down", "feather", "feathers", "fleece")), key=len, reverse=True))
# what a part is made of, not the product ("running shoes with a carbon plate" searched
# shoes made of carbon: nothing matched)
_PARTS = (r"plates?|frames?|shanks?|handles?|grips?|tips?|shafts?|lids?|zips?|zippers?|"
          r"buckles?|insoles?|toe ?caps?|trims?|panels?|straps?|pockets?|cuffs?|collars?")
_MADE_OF = re.compile(
    rf"\b(?:made (?:of|from|out of|with)|(?:stuffed|filled) with)\s+({_MATERIAL})\b|"
    rf"\b(down|feathers?)(?=(?:\s+[a-z-]+){{0,2}}\s+(?:jackets?|coats?|parkas?|vests?|gilets?|"
    rf"puffers?|hood(?:y|ie)s?|sleeping bags?|bags?|quilts?|fill|insulation)\b)|"
    rf"\b({_OTHER_MATERIALS})\b(?![\s-]+(?:free|footprint|{_PARTS})\b)")
# "which ones are merino?", "are they made of leather?", "is it wool?": a question of those
# shown, not a search for the material (it searched merino socks again)
_OF_THOSE = re.compile(r"\bwhich(?: ones?| of (?:them|these|those))?\b|\b(?:are|do|were) "
                       r"(?:they|these|those)\b|\b(?:is|does|was) (?:it|this|that)\b")
# every phrase `extract` reads, for core/followups.refines to strip as a filter's own words
CUES = re.compile(f"{_PERSONS.pattern}|{_WOMEN.pattern}|{_MEN.pattern}|{_TEMP.pattern}|"
                  f"{_LITRES.pattern}|{_LUMENS.pattern}|{_WEIGHT.pattern}|{_WITHOUT.pattern}|"
                  f"{_SEASON.pattern}|{_MONTH.pattern}|{_WATERPROOF.pattern}|{_MADE_OF.pattern}")


def made_text(name: str, attributes: Mapping[str, Any] | None) -> str:
    """What the `without` filter reads of a product: its name, listed material and filling
    ("insulation: down 700 fill" of a polyamide puffer: "jackets without down" listed five),
    lower case, the punctuation that joins words ("full-grain", "wool/nylon") made spaces,
    with a space at each end (`without_sql` builds the same text in SQL)."""
    attributes = attributes or {}
    text = " ".join(str(attributes.get(k) or "") for k in MADE_OF)
    text = f"{name or ''} {text}".lower()
    return f" {re.sub(f'[{re.escape(_JOINERS)}]', ' ', text)} "


_JOINERS = "-/(),."
MADE_OF = ("material", "insulation")  # the attributes that say what a product is made of


def lacks(text: str, want: Any) -> bool:
    """`made_text` holds none of the materials that are `want` ("leather": nubuck, suede)
    as a whole word ("down", not "downhill")."""
    return not any(f" {w} " in text for w in _materials(want))


def _materials(want: Any) -> tuple[str, ...]:
    return MATERIALS.get(str(want).lower(), (str(want).lower(),))


def without_sql(want: Any) -> tuple[str, list[str]]:
    """`lacks` as a WHERE clause over products p."""
    text = "lower(p.name || ' ' || " + " || ' ' || ".join(
        f"coalesce(json_extract(p.attributes, '$.{k}'), '')" for k in MADE_OF) + ")"
    for joiner in _JOINERS:
        text = f"replace({text}, '{joiner}', ' ')"
    words = _materials(want)
    return ("NOT (" + " OR ".join([f"(' ' || {text} || ' ') LIKE ?"] * len(words)) + ")",
            [f"% {w} %" for w in words])


# "below 0", "under freezing", "sub-zero" (a bare "0" names no temperature to _TEMP; "below 50"
# is a price)
_SUB_ZERO = re.compile(r"\b(?:(?:below|under|colder than|warmer than)\s+(?:0|zero|freezing)|"
                       r"sub[\s-]?zero|freezing (?:temperatures|temps|nights|cold))\b")
# "warmer than", "colder than", "below": a bound that itself does not pass
_BEYOND = re.compile(r"\b(?:warmer|colder|lower|less) than\s*$|\bbelow\s*$")


def _degrees(m: re.Match) -> int:
    sign, below, above = m.groups()
    return -int(below) if sign else int(above)


def temperature(text: str) -> int | None:
    """The temperature a message names ("is it good for -15?", "0 degrees"), or None."""
    m = _TEMP.search(text.lower())
    return _degrees(m) if m else None


def extract(text: str, known: Mapping[str, Iterable[str]] | None) -> dict[str, str]:
    """{'gender': ..., 'persons': ...} for the attributes the catalogue has; pure."""
    known = {k: [str(v).lower() for v in vs] for k, vs in (known or {}).items() if k in KEYS}
    # an emoji between words is no word ("tents 🏕️ for 2" read no head count, and listed
    # solo tents); the degree sign stays
    t = "".join(" " if (unicodedata.category(ch) == "So" and ch != "°") or ch in "\ufe0f\u200d"
                else ch for ch in text.lower())
    out: dict[str, str] = {}
    if known.get("persons") and (m := _PERSONS_FLOOR.search(t) or _PERSONS.search(t)):
        strict, raw = (m[1], m[2] or m[3]) if m.re is _PERSONS_FLOOR else (
            None, next(g for g in m.groups() if g))
        n = (int(raw) if raw.isdigit() else _NUMBER[raw]) + (1 if strict else 0)
        if 0 < n <= 20:
            out["persons"] = f">={n}" if m.re is _PERSONS_FLOOR else str(n)
        t = t[:m.start()] + " " + t[m.end():]  # "2 men" counts people, not a gender
    elif known.get("persons") and (party := _party(t)):
        out["persons"] = party
    if known.get("comfort_temp_c") and (m := _TEMP.search(t)):
        # "warmer than -5": rated below it (the -5 °C bags were listed too); the catalogue
        # rates in whole degrees
        out["comfort_temp_c"] = str(_degrees(m) - (1 if _BEYOND.search(t[:m.start()]) else 0))
        t = t[:m.start()] + " " + t[m.end():]
    elif known.get("comfort_temp_c") and (m := _SUB_ZERO.search(t)):
        out["comfort_temp_c"] = "-1"  # "below 0", "sub-zero": colder than 0 °C, in whole degrees
        t = t[:m.start()] + " " + t[m.end():]
    if known.get("lumens") and (m := _LUMENS.search(t)):
        out["lumens"] = str(int(m[1]))
        t = t[:m.start()] + " " + t[m.end():]
    if known.get("weight_g") and (m := _WEIGHT.search(t)):
        grams = float(m[1].replace(",", ".")) * (1000 if m[2].startswith("k") else 1)
        if 0 < grams <= 50000:
            out["weight_g"] = f"{grams:g}"
        t = t[:m.start()] + " " + t[m.end():]
    if known.get("capacity_l") and (m := _LITRES.search(t)):
        litres = float(m[1].replace(",", "."))
        if 0 < litres <= 200:
            # "over 30 litres": a floor (it passed the 25 litre packs, as "about 30" does)
            bound = (">=" if re.search(_FLOOR + r"\s*$", t[:m.start()]) else
                     "<=" if re.search(_CEILING + r"\s*$", t[:m.start()]) else "")
            out["capacity_l"] = f"{bound}{litres:g}"
        t = t[:m.start()] + " " + t[m.end():]
    if known.get("season") and (m := _SEASON.search(t)):
        fall, season, count, _ = m.groups()
        out["season"] = ("autumn" if fall else season or (
            "3-season" if count in ("3", "three") else "all-season"))
        t = t[:m.start()] + " " + t[m.end():]
    elif known.get("season") and (m := _MONTH.search(t)):
        out["season"] = MONTH_SEASONS[m[1] or m[2]]  # "for december": a winter one
        t = t[:m.start()] + " " + t[m.end():]
    if known.get("waterproof") and (m := _WATERPROOF.search(t)) and not _NOT_NEEDED.search(t):
        yes = next((v for v in YES_VALUES if v in known["waterproof"]), None)
        if yes:
            out["waterproof"] = yes
        t = t[:m.start()] + " " + t[m.end():]
    if m := _WITHOUT.search(t):  # on name and material: every catalogue has a name
        out["without"] = m[1] or m[2]
        t = t[:m.start()] + " " + t[m.end():]
    if (m := _MADE_OF.search(t)) and not _OF_THOSE.search(t) and (made := _one_material(
            re.findall(rf"\b(?:{_MATERIAL})\b", t))):  # not "down or synthetic?"
        out["made_of"] = made
        t = t[:m.start()] + " " + t[m.end():]
    if known.get("gender"):
        women, men = bool(_WOMEN.search(t)), bool(_MEN.search(t))
        age = CHILD_AGE.search(t)
        if age and int(age[1] or age[2]) < 16 and not re.search(r"\b(?:wo)?men'?s\b", t):
            # "boots for my son, he's 12": a child, whom no men's boot (40 up) is sized for
            women = men = False
        if women != men:  # "for men and women" is no filter
            spelling = next((v for v in GENDERS["women" if women else "men"]
                             if v in known["gender"]), None)
            if spelling:
                out["gender"] = spelling
    return out


def _one_material(said: list[str]) -> str | None:
    """The one material words name ("merino" of "merino wool": merino is a wool), the most
    particular; None when they name two ("down or synthetic?")."""
    kinds = sorted({w: set(MATERIALS[w]) for w in said}.items(), key=lambda kv: len(kv[1]))
    if not kinds or any(not kinds[0][1] <= other for _, other in kinds[1:]):
        return None
    return kinds[0][0]


def unlisted(filters: Mapping[str, Any], listed_by: Mapping[str, Iterable[str]]) -> list[str]:
    """The attribute filters that no product of the filtered category lists ("cookware for
    2 people": no cook set says how many it serves), which would leave the kind empty;
    none without a category (every kind is then searched)."""
    category = str(filters.get("category") or "").lower()
    return [key for key in KEYS if category and filters.get(key) and key in listed_by and
            category not in (str(c).lower() for c in listed_by[key])]


def allowed(key: str, want: Any) -> tuple[str, ...]:
    """The attribute values (lower case) that pass the filter key=want."""
    want = str(want).lower()
    if key == "persons" and want[:2] == ">=":  # "at least 3 people": 3 to 20 (as extracted)
        return tuple(str(n) for n in range(int(float(want[2:])), 21))
    if key == "gender" and want not in UNISEX:
        return (want, *UNISEX)
    if key == "season" and want in SEASON_COVERS:
        # the listed seasons that cover it, and none listed: a season is rarely listed for
        # every kind ("a 3-season tent" of tents that list none would find no tent at all)
        return (*(v for v, covers in SEASON_COVERS.items() if SEASON_COVERS[want] <= covers),
                "")
    return (want,)


def near(want: Any) -> tuple[float, float]:
    """The values that pass a NEAR filter: within NEAR_SHARE of `want`; from or up to it
    when it holds a bound (">=30": "over 30 litres", "<=20": "under 20 litres")."""
    text = str(want)
    if text[:2] == ">=":
        return float(text[2:]), 1e9
    if text[:2] == "<=":
        return 0.0, float(text[2:])
    return float(want) * (1 - NEAR_SHARE), float(want) * (1 + NEAR_SHARE)


def target(want: Any) -> float:
    """The number a NEAR filter names, its bound left off: what the nearest are near."""
    return float(str(want).lstrip("<>="))


def passes(attributes: Mapping[str, Any], key: str, want: Any) -> bool:
    if key in AT_MOST:
        return number(attributes.get(key)) <= float(want)
    if key in AT_LEAST:
        return -number(attributes.get(key), missing=True) <= -float(want)
    if key in NEAR:
        low, high = near(want)
        return low <= number(attributes.get(key)) <= high
    return str(attributes.get(key, "")).lower() in allowed(key, want)


def number(value: Any, missing: bool = False) -> float:
    """An attribute as a number; +inf when it is missing or not a number (it then passes
    no at-most filter), -inf with `missing` (no at-least filter either)."""
    text = str(value if value is not None else "").strip()
    if not re.fullmatch(r"[+-]?[0-9][0-9.]*", text) or text.count(".") > 1:
        return float("-inf") if missing else float("inf")
    return float(text)


def gap(key: str, have: Any, want: Any) -> float:
    """How far a product misses the filter, for ordering the nearest alternatives: a
    4-person tent is nearer "for 6 people" than a 1-person one."""
    if passes({key: have}, key, want):
        return 0.0
    if key == "persons":
        try:
            return abs(float(have) - target(want))
        except (TypeError, ValueError):
            return float("inf")
    if key in AT_MOST:
        return number(have) - float(want)
    if key in AT_LEAST:
        return float(want) - number(have, missing=True)
    if key in NEAR:  # from the value asked about, or from the bound said
        return abs(number(have) - target(want))
    return 1.0


def sql(key: str, want: Any) -> tuple[str, list[str]]:
    """A WHERE clause over products.attributes (JSON text); `key` is one of KEYS."""
    if key not in KEYS:
        raise ValueError(f"not an attribute filter: {key}")
    if key in AT_MOST or key in AT_LEAST or key in NEAR:  # a number, as `number` reads it
        v = f"json_extract(p.attributes, '$.{key}')"   # ("n/a" would CAST to 0)
        test, args = (("<= ?", [float(want)]) if key in AT_MOST else
                      (">= ?", [float(want)]) if key in AT_LEAST else
                      ("BETWEEN ? AND ?", list(near(want))))
        return (f"((({v} GLOB '[0-9]*' AND NOT {v} GLOB '*[^0-9.]*') OR ({v} GLOB '[+-][0-9]*' "
                f"AND NOT substr({v}, 2) GLOB '*[^0-9.]*')) AND NOT {v} GLOB '*.*.*' "
                f"AND CAST({v} AS REAL) {test})", args)
    values = allowed(key, want)  # "" is a value left unlisted
    clause = (f"coalesce(lower(json_extract(p.attributes, '$.{key}')), '') IN "
              f"({', '.join('?' * len(values))})")
    if key in FOR_ANY_KIND:  # the kinds that list it, found once per query
        clause = (f"({clause} OR p.category NOT IN (SELECT k.category FROM products k WHERE "
                  f"coalesce(json_extract(k.attributes, '$.{key}'), '') != ''))")
    return clause, list(values)


def describe(filters: Mapping[str, Any]) -> list[str]:
    """How a reply names these filters: 'for women', 'for 2 people'."""
    parts = []
    if filters.get("gender"):
        gender = str(filters["gender"]).lower()
        parts.append(next((f"for {name}" for name, spellings in GENDERS.items()
                           if gender in spellings), f"for {gender}"))
    if filters.get("persons"):
        n = str(filters["persons"])
        least = "at least " if n[:2] == ">=" else ""
        n = n.lstrip(">=")
        parts.append(f"for {least}{n} {'person' if n == '1' and not least else 'people'}")
    if filters.get("comfort_temp_c") not in (None, ""):
        parts.append(f"comfort temperature {filters['comfort_temp_c']} °C or lower")
    if filters.get("capacity_l") not in (None, ""):
        litres = str(filters["capacity_l"])
        bound = {">=": "at least", "<=": "at most"}.get(litres[:2], "about")
        parts.append(f"{bound} {litres.lstrip('<>=')} litres")
    if filters.get("lumens") not in (None, ""):
        parts.append(f"at least {filters['lumens']} lumens")
    if filters.get("weight_g") not in (None, ""):
        grams = float(filters["weight_g"])
        parts.append(f"at most {grams / 1000:g} kg" if grams >= 1000 else f"at most {grams:g} g")
    if filters.get("without"):
        # "None of our jackets is made without down, for summer" ("is not down" read wrong)
        parts.append(f"made without {filters['without']}")
    if filters.get("made_of"):  # "made of down", "made of synthetic materials"
        made = str(filters["made_of"])
        parts.append(f"made of {made} materials" if made == "synthetic" else f"made of {made}")
    if filters.get("waterproof"):
        parts.append("waterproof")
    if filters.get("season"):
        season = str(filters["season"])
        parts.append({"3-season": "for three seasons", "all-season": "for all year",
                      "autumn-winter": "for autumn and winter"}.get(season, f"for {season}"))
    return parts
