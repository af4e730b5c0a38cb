"""The direct answer to a question about one property of a product: "how much does it
weigh?", "is it waterproof?", "what is it made of?".

Without this the answer handed to the reply was the product's whole card (description,
every attribute, sizes, colours), and the small reply model picked a sentence from it: to
"how much does it weigh?" it answered with the price. Here the attribute the question asks
about is looked up in the catalogue and stated in one sentence; when the catalogue does not
list it, the answer says so instead of guessing; a question of what no word of the listing
names is core/unsaid's. Pure: (product, question) -> text or None.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

from .attribute_filters import MATERIALS, MONTH_SEASONS, SEASON_COVERS, extract, month_season, \
    temperature
from .grounding import NO_VALUES
from .policy_answer import sentences
from .wording import in_words, none_of, plain_number

# "is it good for winter?", "a 3-season bag?", "can I wear it in the fall?"
SEASON_ASKED = (r"\b(?:winter|summer|spring|autumn|(?:in|for) (?:the )?fall|all[- ]year|"
                r"year[- ]round|all[- ]seasons?|(?:3|three|4|four)[- ]seasons?|seasons?|"
                + "|".join(m for m in MONTH_SEASONS if m != "may") + r"|(?:in|for) may)\b")
# a listed season -> the seasons it covers, and how it is said
SEASONS = {listed: (SEASON_COVERS[listed], said) for listed, said in (
    ("winter", "winter"), ("summer", "summer"), ("autumn-winter", "autumn and winter"),
    ("3-season", "three seasons, spring to autumn"), ("all-season", "all year round"))}


def season_said(value: str) -> str:
    return SEASONS.get(value.strip().lower(), (set(), value.strip()))[1]


# (question pattern, attribute, the sentence for a value). Checked in this order; every
# attribute the question asks about is answered ("how heavy is it and is it waterproof?").
Sentence = Callable[[str, str], str]
RULES: tuple[tuple[str, str, Sentence], ...] = (
    # not "heavy rain", "heavy-duty" (it gave the weight for "does it stay dry in heavy rain?")
    (r"\bweigh|\bheavy\b(?![ -](?:rain|duty|use|snow|showers?|downpours?|loads?|winds?))|"
     r"\bweight\b|how light|\blightweight\b|\bhow many (?:grams|kilos?|kg|pounds|lbs?|ounces|oz)\b|"
     # "is it light?", "is the Col Leather light enough?": its weight, which the listing gives
     # (it said the listing does not mention whether it is light); not a light colour
     r"\b(?:is|are) (?:it|they|this|that|these|those|the [\w' -]+?) (?:\w+ )?light\b"
     r"(?![ -](?:colou?r|gr[ae]y|blue|green|brown|beige|pink|beam|mode|output))", "weight_g",
     lambda name, v: f"The {name} weighs {v} g."),
    (r"waterproof|water[- ]?resistant|water ?tight|keeps? (?:the )?(?:rain|water) out|"
     r"\bstays? dry\b|\bkeeps? (?:me|you|us|things|my \w+|the \w+) dry\b|"
     r"\b(?:in|for) (?:the |heavy |a |pouring )?rain\b|\brainy\b|"
     r"\bwet (?:weather|conditions|days?|climates?|trails?)\b",
     "waterproof", lambda name, v: (f"Yes — the {name} is waterproof." if _yes(v)
                                    else f"No — the {name} is not waterproof.")),
    (r"made (?:of|from|out of)|\bmaterial|\bfabric", "material",
     lambda name, v: f"The {name} is made of {v}."),
    # not "how long to boil a litre?" of a stove (it said how many litres it "holds")
    (r"\bcapacity|how many lit|^(?!.*\b(?:boil|heat|melt)).*\blit(?:re|er)s?\b|\bvolume|"
     r"how much (?:does|do|can|will) "
     r"(?:it|they|this|that|the [\w' -]+?) (?:hold|carry|take)", "capacity_l",
     lambda name, v: f"The {name} holds {v} {'litre' if v == '1' else 'litres'}."),
    # (not "how much does it weigh packed?", "packed weight": its weight, which is said)
    (r"pack(?:s|ed)? (?:down )?(?:small|size)|(?<!weigh )(?<!weighs )\bpacked\b(?! weight)|"
     r"how small (?:does|do|will|can) "
     r"(?:it|they|this|that) pack", "packed_l", lambda name, v: f"The {name} packs to {v} litres."),
    (r"\bbright|\blumens?\b", "lumens", lambda name, v: f"The {name} gives {v} lumens."),
    (r"\bbattery|run ?time|how long does (?:it|the battery) last", "battery_h",
     lambda name, v: f"The {name} runs for {v} hours on one charge."),
    (r"how warm|how cold|temperature|\bcomfort (?:temp|rating|limit)", "comfort_temp_c",
     lambda name, v: f"The {name} is comfortable down to {v} °C."),
    # (not "does it track sleep?" of a watch: it said how many people the watch sleeps)
    (r"how many (?:people|persons)|(?<!track )(?<!monitor )(?<!measure )(?<!record )\bsleeps?\b"
     r"(?![ -](?:track\w*|monitor\w*|mode|data|quality|score|stages|cycles?))|"
     r"fits? (?:\d|two|three|four)", "persons",
     lambda name, v: f"The {name} sleeps {v} {'person' if v == '1' else 'people'}."),
    (r"\bfor (?:men|women|a man|a woman)\b|\bwom[ae]n'?s\b|\bmen'?s\b|\bunisex\b", "gender",
     lambda name, v: (f"The {name} is unisex." if v.lower() == "unisex"
                      else f"The {name} is a {v}'s model.")),
    (r"\bheel[- ]to[- ]toe|\bdrop\b", "drop_mm",
     lambda name, v: f"The {name} has a {v} mm heel-to-toe drop."),
    (r"\binsulat", "insulation",
     lambda name, v: f"The {name} has {v} insulation."),
    (SEASON_ASKED, "season", lambda name, v: f"The {name} is made for {season_said(v)}."),
    (r"\bwarranty|\bguarantee", "warranty_years",
     lambda name, v: f"The {name} comes with a {v}-year warranty."),
)
# "how big is it?": the size its kind lists (a bottle's litres, a tent's places to sleep,
# a bag's packed size), in this order; it was a whole card, or the word that picked it
_BIG = re.compile(r"\bhow (?:big|large|roomy|spacious)\b")
# what a yes/no question asks of: "it", "that one", "the first one", "the Dormant -5"
SUBJECT = r"(?:it|(?:this|that|these|those)(?: ones?)?|they|the [\w' -]+?)"
# "is it warm enough?", "will it keep me warm?", "how warm is it?"
_WARM = re.compile(r"\b(?:is|are) " + SUBJECT + r" (?:\w+ )?warm\b|"
                   r"\bkeeps? (?:me|you|us|him|her|them) warm\b|\bhow warm\b")
SIZE_KEYS = ("capacity_l", "persons", "packed_l")
WARMTH_KEYS = ("comfort_temp_c", "insulation", "season")


def asked_keys(question: str, products: list[dict[str, Any]]) -> list[str]:
    """The attributes a question asks about, in RULES' order ("how heavy is it and is it
    waterproof?": weight_g, waterproof); "how big" is the first of SIZE_KEYS that one of
    `products` lists (none when none does)."""
    q = question.lower()
    keys = list(dict.fromkeys(key for pattern, key, _ in RULES if re.search(pattern, q)))
    if not keys and _BIG.search(q):
        keys = [key for key in SIZE_KEYS if any(
            str((p.get("attributes") or {}).get(key) or "").strip() for p in products)][:1]
    if not keys and _WARM.search(q):  # "are they warm?": what each lists about warmth
        keys = [key for key in WARMTH_KEYS if any(
            str((p.get("attributes") or {}).get(key) or "").strip() for p in products)]
    return keys


_SENTENCES = {key: sentence for _, key, sentence in RULES}
# how to say an attribute the catalogue does not list for this product ("... does not say")
NAMES = {"weight_g": "how much it weighs", "waterproof": "whether it is waterproof",
         "material": "what it is made of", "capacity_l": "how many litres it holds",
         "lumens": "how bright it is", "battery_h": "how long its battery lasts",
         "comfort_temp_c": "its comfort temperature", "persons": "how many people it sleeps",
         "gender": "who it is made for", "drop_mm": "its heel-to-toe drop",
         "insulation": "what insulation it has", "warranty_years": "how long its warranty is",
         "packed_l": "how small it packs", "season": "which season it is made for"}
# ... of a product of any kind: a stove or a bottle does not "sleep" anyone
UNSAID = {**NAMES, "persons": "how many people it is for"}


def _yes(value: str) -> bool:
    return value.strip().lower() not in NO_VALUES  # the values grounding reads as a denial


# "The Alpen Trail Poles weighs 450 g": a name ending in a plural noun takes a plural verb
_PLURAL_VERB = {"is": "are", "has": "have", "does": "do", "weighs": "weigh", "comes": "come",
                "holds": "hold", "gives": "give", "runs": "run", "sleeps": "sleep",
                "needs": "need", "takes": "take", "uses": "use", "includes": "include",
                "works": "work", "costs": "cost", "packs": "pack"}


def plural(name: str) -> bool:
    """The name ends in a plural noun ("... Hiking Socks", "... Trail Poles"; not
    "... Compass", "... Status", "... Gneiss")."""
    return bool(re.search(r"[^sui]s$", name.lower()))


def agree(text: str, name: str) -> str:
    """`text` with the verbs after `name` (and "it is" after it) made plural when the name
    is plural."""
    if not plural(name):
        return text
    verbs = "|".join(_PLURAL_VERB)
    # the name as subject: not "our listing for the X does not say"
    text = re.sub(rf"(?<!for the )\b({re.escape(name)}) ({verbs})\b",
                  lambda m: f"{m[1]} {_PLURAL_VERB[m[2]]}", text)
    text = text.replace("as its name says", "as their name says").replace(
        "across all its ", "across all their ")  # facts.across
    return re.sub(r"\b(and|but) it is\b", r"\1 they are", text)


def of_name(phrase: str, name: str) -> str:
    """A phrase about the product ("how much it weighs", "whether it is waterproof") said
    of a plural name: "how much they weigh", "whether they are waterproof"."""
    if not plural(name):
        return phrase
    phrase = re.sub(rf"\bit ({'|'.join(_PLURAL_VERB)})\b",
                    lambda m: f"they {_PLURAL_VERB[m[1]]}", phrase)
    return re.sub(r"\bits\b", "their", phrase)


# what a question asks of a product's own lists: (pattern, product key, noun)
LISTS = ((r"\bcolou?rs?\b", "colors", "colours"),
         (r"\bsizes\b|(?:what|which) size|\b(?:wide|narrow) (?:fit|feet|foot)\b", "sizes", "sizes"))


def lists_asked(question: str) -> bool:
    """"what sizes does it come in?", "which colours?": a question of a product's lists."""
    return any(re.search(pattern, question.lower()) for pattern, _, _ in LISTS)


# "wide sizes", "a narrow fit", "half sizes": a kind of size the size list cannot show
_FIT = re.compile(r"\b(extra[- ]wide|wide|narrow|half|petite|tall|plus|kids'?|children'?s)"
                  r"[- ](?:sizes?|fits?|widths?|feet|foot|lengths?)\b")


def fit_asked(question: str) -> str | None:
    """"wide" of "do they come in wide sizes?"; None when no kind of size is asked."""
    m = _FIT.search(question.lower())
    return m.group(1).replace("-", " ") if m else None


def mentions(product: dict[str, Any], words: str) -> bool:
    """Does the product's listing (with its sizes) hold `words`?"""
    listing = f"{listing_words(product)} {' '.join(product.get('sizes') or [])}"
    return bool(re.search(rf"\b{re.escape(words)}\b", listing, flags=re.I))


def listing_words(product: dict[str, Any]) -> str:
    """The words of a product's listing: name, description, category, attributes."""
    return " ".join([product.get("name") or "", product.get("description") or "",
                     str(product.get("category") or ""),
                     *(f"{k} {v}" for k, v in (product.get("attributes") or {}).items())])


def _listed(product: dict[str, Any], q: str) -> list[str]:
    """'what colours does it come in?', 'which sizes?': the product's own lists ("wide
    sizes?": whether its listing says so first; it gave the sizes as if they were)."""
    out = []
    for pattern, key, noun in LISTS:
        if re.search(pattern, q):
            values = product.get(key) or []
            if key == "sizes" and (fit := fit_asked(q)) and not mentions(product, fit):
                out.append(f"Our listing for the {product['name']} does not mention {fit} "
                           f"sizes.")
            out.append(f"The {product['name']} comes in {in_words(values)}." if values else
                       f"The {product['name']} comes in one {noun[:-1]} only"
                       f"{_one_size(product) if key == 'sizes' else ''}.")
    return out


def _one_size(product: dict[str, Any]) -> str:
    """What size a product of one size is, where its listing says: ", 1 litre" of a bottle,
    ", for 3 people" of a tent ("what size is it?" of a bottle said one size, no more)."""
    attributes = product.get("attributes") or {}
    try:
        litres = float(attributes.get("capacity_l") or 0)
        persons = int(float(attributes.get("persons") or 0))
    except ValueError:
        return ""
    return (f": it holds {litres:g} litre{'s' if litres != 1 else ''}" if litres else
            f", for {persons} {'person' if persons == 1 else 'people'}" if persons else "")


def _rated_for(product: dict[str, Any], q: str) -> str | None:
    """The comfort rating against the temperature asked about, or None when none is asked."""
    asked = temperature(q)  # a minus sign or a unit: "2 people" is no temperature
    if asked is None:
        return None
    raw = (product.get("attributes") or {}).get("comfort_temp_c")
    name = product["name"]
    try:
        rating = float(str(raw).replace(",", ".").replace("−", "-"))
    except ValueError:
        return f"Our listing for the {name} does not say {NAMES['comfort_temp_c']}."
    if asked >= rating:
        return (f"Yes — the {name} is comfortable down to {rating:g} °C, so {asked:g} °C is "
                f"within its rating.")
    return (f"No — the {name} is comfortable down to {rating:g} °C; {asked:g} °C is colder "
            f"than its rating.")


# "waterproof to 50m?", "water resistant to 5 ATM?", "can I swim with it?": a depth, a rating
# or a use under water, which "waterproof: yes" does not give (it said "Yes — the Trace
# Solar GPS Watch is waterproof."); a depth or rating counts only beside a word of water
_UNDER_WATER = re.compile(
    r"\b(\d+(?:[.,]\d+)? ?(?:mm|m|metres?|meters?|ft|feet|atm|bar))\b|\b(ipx ?\d)\b|"
    r"\b(swim\w*|div(?:e|es|ing)|snorkel\w*|under ?water|submerg\w*)\b|\b(how deep|depth)\b")
_WATER = re.compile(r"water|proof|resist|\bwet\b|\bdeep|\bdepth|\bswim|\bdiv|\bsnorkel")
_USES = (("swim", "swimming"), ("div", "diving"), ("snorkel", "snorkelling"))


def _depth_for(product: dict[str, Any], q: str) -> str | None:
    """The listed waterproofing against a depth, rating or use under water asked about;
    None when none is asked, or the listing says nothing of water (the rules say so)."""
    m = _UNDER_WATER.search(q)
    value = str((product.get("attributes") or {}).get("waterproof") or "").strip()
    if not m or not value or not _WATER.search(q):
        return None
    name = product["name"]
    if not _yes(value):
        return f"No — the {name} is not waterproof."
    depth, rating, use, _ = m.groups()
    said = f"The {name} is waterproof, but our listing gives no depth or water rating"
    if depth:
        depth = re.sub(r"atm$", "ATM", depth)
        return said + of_name(f", so it does not say whether it holds to {depth}.", name)
    if rating:
        return said + of_name(f", so it does not say whether it is rated {rating.upper()}.", name)
    if use:
        use = next((word for start, word in _USES if use.startswith(start)), "use under water")
        return said + of_name(f", so it does not say whether it is fine for {use}.", name)
    return said + "."


# "is it on sale?" asks the price too: the engine adds that no sale price is known
PRICE = (r"how much (?:is|are|does (?:it|this|that|the \w+(?: \w+)?) cost|for|(?:would|will) "
         r"(?:it|that|they|this|those) (?:be|come to)|in total)\b|^\W*(?:and |so )?how much\W*$|"
         r"\b(?:the|a|my|our) total\b|"
         r"\bprice\b|"
         r"\bcost\b|\bon (?:sale|offer|special)\b|\bdiscounted\b|\breduced\b")


def answer(product: dict[str, Any], question: str, price: str | None = None) -> str | None:
    """One sentence per property the question asks about, or None when it asks about none
    of them (the caller then gives the whole card). `price`: the formatted price, for
    "how much is it?"."""
    q = question.lower()
    name = product["name"]
    attributes = product.get("attributes") or {}
    said, missing, quoted = _listed(product, q), [], []
    if price and re.search(PRICE, q) and not re.search(r"\bweigh", q):
        said.append(f"The {name} costs {price}.")
    if rated := _rated_for(product, q):  # "is it good for -15?"
        said.append(rated)
    if season := _season_for(product, q):  # "is it good for winter?"
        said.append(season)
    if deep := _depth_for(product, q):  # "is it waterproof to 50m?"
        said.append(deep)
    if persons := _persons_for(product, q):  # "is it good for 3 people?"
        said.append(persons)
    if litres := _litres_for(product, q):  # "does it hold a litre?"
        said.append(litres)
    if made := _made_of(product, q):  # "is it titanium?"
        said.append(made)
    if tall := _height_for(product, q, said):  # "does it fit someone 190cm tall?"
        said.append(tall)
    if size := _dimensions(product, q):  # "how tall is it?"
        said.append(size)
    if pack := _pack_count(product, q):  # "how many pairs?" of a 2-Pack
        said.append(pack)
    if filled := _filled(product, q):  # "what's it filled with?"
        said.append(filled)
    if warm := None if rated or season else _warmth(product, q):  # "is it warm enough?"
        said.append(warm)
    for key in asked_keys(q, [product]):
        if (rated and key == "comfort_temp_c") or (season and key == "season") or (
                persons and key == "persons") or (deep and key == "waterproof") or (
                litres and key == "capacity_l") or (
                warm and key in WARMTH_KEYS):
            continue
        value = attributes.get(key)
        if value in (None, ""):
            missing.append(of_name(NAMES[key], name))
            if key in _WORDED and (line := next((s for s in sentences(str(product.get(
                    "description") or "")) if re.search(_WORDED[key], s, re.I)), None)):
                quoted.append(f"\u201c{line}\u201d")
        else:
            said.append(_SENTENCES[key](name, plain_number(str(value))))
    if missing:
        said.append(f"Our listing for the {name} does not say {' or '.join(missing)}" + (
            f" in figures; it says: {' '.join(quoted)}" if quoted else "."))
    return " ".join(said) or None


def big_unsaid(product: dict[str, Any], question: str) -> str | None:
    """"Sorry, our listing for the X does not say how big it is." when "how big is it?" asks
    of a product that lists none of SIZE_KEYS (its whole card came back, no word of it);
    None otherwise."""
    if not _BIG.search(question.lower()) or asked_keys(question, [product]):
        return None
    name = product["name"]
    return of_name(f"Sorry, our listing for the {name} does not say how big it is.", name)


# what a description says in words of an attribute it gives no figure for: "Packs small
# for the bottom of your bag" (it said only that the listing does not say how small)
_WORDED = {"packed_l": r"\bpack(?:s|ed)? (?:down )?(?:small|tiny|flat)\b|\bpackable\b"}


def _warmth(product: dict[str, Any], q: str) -> str | None:
    """What the listing says about warmth (comfort rating, insulation, season) when asked
    "is it warm?"; None when not asked. No verdict: "warm enough" for the customer's trip is
    theirs to judge (it said the listing "does not mention whether it is enough")."""
    if not _WARM.search(q):
        return None
    attributes, name = product.get("attributes") or {}, product["name"]
    said = [f"is comfortable down to {v} °C" if key == "comfort_temp_c" else
            f"has {v} insulation" if key == "insulation" else f"is made for {season_said(v)}"
            for key in WARMTH_KEYS if (v := str(attributes.get(key) or "").strip())]
    if not said:
        return f"Our listing for the {name} does not say how warm it is."
    return f"The {name} {', '.join(said[:-1]) + ' and ' if len(said) > 1 else ''}{said[-1]}."


# a count with no unit at the end of a question: "good for 2?", "does it fit three?"
_BARE_COUNT = re.compile(r"\b(?:for|fits?|sleeps?|takes?|holds?) (\d{1,2}|one|two|three|four|"
                         r"five|six)\W*$")


def _persons_for(product: dict[str, Any], q: str) -> str | None:
    """"Is it good for 3 people?", "big enough for 2 adults?" against the places it sleeps
    (it said the listing does not mention whether it is "people"); None when no number of
    people is asked."""
    asked = extract(q, {"persons": ["any"]}).get("persons")
    listed = str((product.get("attributes") or {}).get("persons") or "")
    if asked is None and listed and (bare := _BARE_COUNT.search(q)) and not re.search(PRICE, q):
        # "is it good for 2?" of a tent: people, the one count it lists (the card came back);
        # "how much for 2?" is two tents
        asked = str(_COUNTS.get(bare[1], bare[1]))
    if asked is None:
        return None
    name = product["name"]
    if not listed.strip().isdigit():
        return f"Our listing for the {name} does not say {UNSAID['persons']}."
    people = "person" if listed.strip() == "1" else "people"
    # "for 2", "fits 2": room for that many at least; "a solo tent?", "a 2-person tent?": so many
    # ("for more than 2 people?": at least 3, room for them)
    room = asked[:2] == ">=" or re.search(r"\b(?:for|fits?|sleeps?|enough|takes?|holds?)\b", q)
    n = int(asked.lstrip(">="))
    if n <= int(listed) if room else n == int(listed):
        return f"Yes — the {name} sleeps {listed.strip()} {people}."
    return (f"No — the {name} sleeps {listed.strip()} {people}, not "
            f"{'more than ' + str(n - 1) if asked[:2] == '>=' else asked}.")


# an amount of liquid asked of what holds it: "does it hold a litre?", "is it 750 ml?",
# "big enough for 2 liters?" (it said "holds 0.5 litres" with no "No —" to a litre)
# ("an L" is a size: a bare "l" counts only after a figure)
_AMOUNT = re.compile(r"\b(?:(\d{1,3}(?:[.,]\d{1,2})?) ?(litres?|liters?|l|ml)|(a|one|half a) "
                     r"(litres?|liters?))\b")
_ROOM = re.compile(r"\b(?:holds?|takes?|fits?|carr(?:y|ies)|enough|for)\b")


def _litres_for(product: dict[str, Any], q: str) -> str | None:
    """The listed capacity against an amount asked about: room for it ("does it hold a
    litre?": at least so much) or so much ("is it a 1 litre bottle?"); None when no amount
    is asked or the listing gives no capacity (the rules say so)."""
    m = _AMOUNT.search(q)
    listed = str((product.get("attributes") or {}).get("capacity_l") or "").strip()
    try:
        litres = float(listed.replace(",", "."))
    except ValueError:
        return None
    if not m:
        return None
    n, unit = m[1] or m[3], m[2] or m[4]
    asked = {"a": 1, "one": 1, "half a": 0.5}.get(n) or float(n.replace(",", "."))
    asked = asked / 1000 if unit == "ml" else asked
    room = _ROOM.search(q)
    holds = f"the {product['name']} holds {litres:g} litre{'' if litres == 1 else 's'}"
    if litres >= asked if room else abs(litres - asked) < 0.005:
        return f"Yes — {holds}."
    return f"No — {holds}."


# a person's height: "someone 190cm tall", "I'm 1.90 m", "he's 6'2", "a tall guy" (not
# the product's own: "how tall is it?")
# ("2 metres", "1.60" said of a person: "my wife is 1.60?" was a miss, then a person)
_MEASURE = (r"(?:(?:1[.,]\d{1,2}|2|two) ?(?:m\b|metres?\b|meters?\b)|1\d\d ?(?:cm\b|centimet)|"
            r"[4-7] ?(?:'|ft\b|feet\b|foot\b) ?\d{0,2})")
# ... without a unit only of a person ("at 1.99" is a price)
_BARE = r"1[.,][4-9]\d\b(?! ?(?:eur|€|\$|kg|l\b))"
_BODY = re.compile(
    rf"\b(?:i'?m|i am|he'?s|he is|she'?s|she is|we'?re|someone|somebody|person|people|"
    rf"me|him|her|(?:husband|wife|son|daughter|partner)(?:'s| is)?|at)\W+(?:about |around |"
    rf"nearly |almost |"
    rf"over |like )?{_MEASURE}|{_MEASURE}(?: tall)?\W+(?:person|guy|man|woman|people)|"
    rf"\b(?:a|for|fit|fits) (?:very |really |quite )?tall (?:person|guy|man|woman|people|one)|"
    rf"\b(?:i'?m|i am|he'?s|she'?s|we'?re) (?:very |really |quite )?tall\b|"
    rf"\b(?:i'?m|i am|he'?s|he is|she'?s|she is|(?:husband|wife|son|daughter|partner)(?:'s| is)?)"
    rf"\W+(?:about |around )?{_BARE}")


# a person's weight: "someone 85kg", "I weigh 90 kilos", "a 100 kg guy" (not "holds 20 kg")
_WEIGHED = re.compile(
    r"\b(?:i'?m|i am|he'?s|he is|she'?s|she is|someone|somebody|person|me|him|her|i weigh|"
    r"(?:he|she) weighs|weighing)\W+(?:about |around |nearly |almost |over )?\d{2,3} ?"
    r"(?:kg|kilos?|lbs?|pounds)\b|\b\d{2,3} ?(?:kg|kilos?|lbs?|pounds) (?:person|guy|man|woman)\b")


def body_asked(question: str) -> str:
    """"height" or "weight" when the question gives a person's ("I'm 1.85 m", "someone
    85kg": is M big enough? was "say it another way"); "" otherwise."""
    q = question.lower()
    return "height" if _BODY.search(q) else "weight" if _WEIGHED.search(q) else ""


def height_asked(question: str) -> bool:
    """Does the question give a person's height or weight ("I'm 1.85 m", "someone 85kg")?"""
    return bool(body_asked(question))


def _height_for(product: dict[str, Any], q: str, said: list[str]) -> str | None:
    """"Does it fit someone 190cm tall?": the listing gives no height a product fits, so
    say that, and the sizes it comes in ("Long" is the nearest it has to an answer); None
    when no person's height is asked. The card came back, as if it answered."""
    if not height_asked(q):
        return None
    name, sizes = product["name"], product.get("sizes") or []
    out = height_unsaid(name, body_asked(q))
    if sizes and not any("comes in" in s for s in said):
        out += f" {'They come' if plural(name) else 'It comes'} in {in_words(sizes)}."
    return out


# the product's own size: "how tall is the tent?", "how long are they?", "dimensions?" (not
# "how long is the warranty?", "how long does it last?")
_DIMENSION = re.compile(
    r"\bhow (?:tall|wide|high)\b|\bhow long (?:is|are) (?:it|this|that|they|these|those|"
    r"the (?:\w+ )?ones?)\W*$|\bdimensions?\b|\b(?:its|their|the) (?:(?:max(?:imum)?|min(?:imum)?|"
    r"full|total|extended|packed) )?(?:height|length|width)\b|"
    # "what length is it?", "what size is it when packed?" is no size class
    r"\bwhat (?:length|height|width) (?:is|are) (?:it|this|that|they|these|those)\b")


# "how long are they when folded?": a folded length, which no listing gives (the card came
# back)
_FOLDED = re.compile(r"\bhow (?:long|short) (?:is|are) (?:it|this|that|they|these|those|the "
                     r"(?:\w+ )?ones?) (?:when |once )?(folded|collapsed|closed)\b")


def asks_dimension(q: str) -> bool:
    """"How long are they?", "what's the max length?": a length or the dimensions."""
    return bool(_DIMENSION.search(q.lower()) or _FOLDED.search(q.lower())) and not height_asked(q)


def _dimensions(product: dict[str, Any], q: str) -> str | None:
    """The lengths a product comes in (poles: "100-125 cm"), or that its listing gives no
    dimensions; None when none are asked. The card came back, as if it answered."""
    if not asks_dimension(q):
        return None
    name = product["name"]
    lengths = _lengths(product)
    if folded := _FOLDED.search(q.lower()):
        unsaid = of_name(f"Our listing for the {name} does not give its {folded[1]} length.", name)
        return unsaid + (f" Lengths listed: {in_words(lengths, 'or')}." if lengths else "")
    if lengths:
        return agree(f"The {name} comes in {in_words(lengths, 'or')}.", name)
    return of_name(f"Our listing for the {name} does not give its dimensions.", name)


def _lengths(product: dict[str, Any]) -> list[str]:
    """The sizes of a product that are lengths (poles: "100-125 cm")."""
    return [s for s in product.get("sizes") or [] if re.search(r"\d ?cm\b", s)]


def dimensions_of_all(products: list[dict[str, Any]], q: str,
                      numbers: Sequence[int] | None = None) -> str | None:
    """"How long are they?" of a list: each one's lengths ("100-125 cm"), numbered as
    shown, or that none gives them (it answered for the first one alone); None when no
    dimension is asked."""
    if len(products) < 2 or not asks_dimension(q):
        return None
    if folded := _FOLDED.search(q.lower()):  # no listing gives one (it listed their lengths)
        return f"{none_of(len(products), 'listings')} gives its {folded[1]} length."
    lengths = [_lengths(p) for p in products]
    if not any(lengths):
        return f"{none_of(len(products), 'listings')} gives its dimensions."
    return "Lengths:\n" + "\n".join(
        f"{i}. {p['name']}: {in_words(have, 'or') or 'not listed'}"
        for i, p, have in zip(numbers or range(1, len(products) + 1), products, lengths))


_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "twin": 2,
           "double": 2, "triple": 3}
_PACK_OF = re.compile(r"\bpack of (\d{1,2}|two|three|four|five|six)\b|"
                      r"\b(\d{1,2}|two|three|four|five|six|twin|double|triple)[\s-]*packs?\b", re.I)


def pack_of(text: str) -> int | None:
    """2 of "a pack of 2", "a 2-pack", "a twin pack"; None when no pack count is said."""
    m = _PACK_OF.search(text)
    if not m:
        return None
    word = (m[1] or m[2]).lower()
    return int(word) if word.isdigit() else _COUNTS[word]


# "how many pairs?", "how many in a pack?": a count the name's "2-Pack" answers
_PACK_COUNT = re.compile(r"\bhow many (?:pairs|pieces|socks)\b|\bhow many (?:are )?in (?:a|the|"
                         r"one) pack\b", re.I)
_PACK_NAMED = re.compile(r"\b(\d+)[\s-]*pack\b", re.I)


def packs_of_all(products: list[dict[str, Any]], question: str,
                 numbers: Sequence[int] | None = None) -> str | None:
    """"How many pairs?" right after a list of socks: each one's pack as its name says,
    numbered as shown, or that none names one (it was the first one's answer alone); None
    for any other question."""
    if len(products) < 2 or not _PACK_COUNT.search(question):
        return None
    packs = [_PACK_NAMED.search(p["name"]) for p in products]
    if not any(packs):
        return (f"{none_of(len(products), 'listings')} names a pack, so they do not say how "
                "many come in one.")
    return "In a pack:\n" + "\n".join(
        f"{i}. {p['name']}: {f'{m[1]}, as its name says' if m else 'no pack named'}"
        for i, p, m in zip(numbers or range(1, len(products) + 1), products, packs))


def _pack_count(product: dict[str, Any], q: str) -> str | None:
    """"How many pairs do they have?" of the "… 2-Pack Trekking Socks": as many as its
    name says (the listing's words never said "pairs"); "do they come in a 3-pack?": yes
    or no from its name (the card came back); a count asked of a name without a pack says
    the listing names none; None for any other question."""
    m = _PACK_NAMED.search(product["name"])
    name = product["name"]
    if (n := pack_of(q)) and not re.search(r"\bhow many\b", q):
        if not m:
            return of_name(f"No — our listing for the {name} names no pack of {n}.", name)
        if int(m[1]) != n:
            return agree(f"No — the {name} comes as a pack of {m[1]}, not {n}.", name)
        return agree(f"Yes — the {name} comes as a pack of {n}, as its name says.", name)
    if not _PACK_COUNT.search(q):
        return None
    if not m:  # "how many pairs in a pack?" of socks sold without one: not a guess of one
        return f"Our listing for the {name} names no pack, so it does not say how many come in one."
    return agree(f"The {name} comes as a pack of {m[1]}, as its name says.", name)


_FILLED = re.compile(r"\bfill(?:ed|ing)\b|\bstuffed\b|\bwhat(?:'s| is) (?:in|inside) (?:it|them)\b")


def _filled(product: dict[str, Any], q: str) -> str | None:
    """"What's it filled with?": its insulation, else a material that fills (a sleeping bag's
    "goose down"), else that the listing does not say (the card came back); None when no
    filling is asked about."""
    if not _FILLED.search(q):
        return None
    name, attributes = product["name"], product.get("attributes") or {}
    if attributes.get("insulation"):
        return _SENTENCES["insulation"](name, str(attributes["insulation"]))
    material = str(attributes.get("material") or "")
    if re.search(r"\bdown\b|synthetic|\bfill\b|wool|primaloft|fleece", material, re.I):
        return _SENTENCES["material"](name, material)
    return of_name(f"Our listing for the {name} does not say what it is filled with.", name)


def of_person(measure: str) -> str:
    """How a reply names a person's `measure` ("height", "weight") that a size fits."""
    return "weight of person" if measure == "weight" else "height"


def height_unsaid(name: str, measure: str = "height") -> str:
    """That the listing gives no `measure` ("height", "weight") of a person it fits."""
    return f"Our listing for the {name} does not say what {of_person(measure)} " + (
        "they fit." if plural(name) else "it fits.")


def _season_for(product: dict[str, Any], q: str) -> str | None:
    """"Is it good for winter?" against the listed season ("3-season" covers spring to
    autumn), with the comfort rating where one is listed; None when no one season is asked
    or the listing names none (the rules then say what is listed). The whole card came back,
    and "Dormant -5" read as -5 °C."""
    attributes = product.get("attributes") or {}
    listed = str(attributes.get("season") or "").strip().lower()
    asked = {w for w in ("winter", "summer", "spring", "autumn") if re.search(rf"\b{w}\b", q)}
    if re.search(r"\b(?:in|for) (?:the )?fall\b", q):
        asked.add("autumn")
    if not asked and re.search(r"\b(?:in|for) (?:the )?(?:cold|snow|freezing|frost)\b", q):
        asked.add("winter")  # "is it good in the cold?": "does not say", of a winter jacket
    month = month_season(q) if not asked else None  # "is it good for December?": winter
    if month:
        asked.add(month[1])
    if listed not in SEASONS or len(asked) != 1:
        return None
    name, (covers, said) = product["name"], SEASONS[listed]
    rating = str(attributes.get("comfort_temp_c") or "").strip()
    rated = f", comfortable down to {rating} °C" if rating else ""
    of_month = f" ({month[0]} is {month[1]})" if month else ""
    if re.search(r"\bwarm enough\b", q) and not asked <= covers and max(
            _WARMTH[c] for c in covers) > _WARMTH[next(iter(asked))]:
        # "is it warm enough for October?" of a winter jacket: warmer than autumn needs
        # (it said "No — … made for winter")
        when = f"{month[0]} ({month[1]})" if month else next(iter(asked))
        enough = "they are" if plural(name) else "it is"  # "the … Socks are made for winter"
        return f"Yes — the {name} is made for {said}{rated}, so {enough} warm enough for {when}."
    return (f"{'Yes' if asked <= covers else 'No'} — the {name} is made for {said}{rated}"
            f"{of_month}.")


_WARMTH = {"summer": 0, "spring": 1, "autumn": 1, "winter": 2}  # how warm a season needs


# "is it rechargeable?", "does it have a hood?": a yes/no question about one property
# ("is the first one BPA free?": two words when the second is "free", "safe", ...)
# a clause before the question names the product ("the Stormline, does it have a hood?")
LEAD = r"^(?:[^,:;?]{1,60}[,:;] *)?"
# ("is it carry-on size?", "cabin size?": a size class that no listing may name)
IS_ASKED = re.compile(LEAD + r"(?:is|are) " + SUBJECT + r" "
                      r"(?:also |really |actually |fully )?((?:(?!ones? )[a-z][a-z-]+ "
                      r"(?=(?:free|safe|proof|resistant|repellent|friendly|compatible|approved|"
                      # "is it usb rechargeable?" (the whole card came back)
                      r"certified|drying|dry|washable|rechargeable|adjustable|breathable|"
                      r"packable|reflective)"
                      r"\W*$)|"
                      r"(?:[a-z]+-[a-z-]+|cabin) (?=sized?\W*$))?[a-z][a-z-]{2,})\W*$")
# "is it down or synthetic?": one of two materials
_EITHER = re.compile(LEAD + r"(?:is|are) " + SUBJECT + r" "
                     r"(?:made of |made from )?([a-z-]{3,}) or ([a-z-]{3,})\W*$")


def _made_of(product: dict[str, Any], q: str) -> str | None:
    """"Is it titanium?", "are they merino?": yes when the listed material holds the words
    (the answer was the whole card). A material it does not list is left to the card: "is
    it warm?" names no material, so no "no" is said from the material alone."""
    material = str((product.get("attributes") or {}).get("material") or "")
    either = _EITHER.match(q.strip())
    if either and material and any(w in material.lower() for w in either.groups()):
        return f"The {product['name']} is made of {material}."  # "is it down or synthetic?"
    m = IS_ASKED.match(q.strip())
    words = re.findall(r"[a-z]+", m.group(1)) if m else []
    if words and all(w in material.lower() for w in words):
        return f"Yes — the {product['name']} is made of {material}."
    if material and len(words) == 1 and words[0] in MATERIALS:
        # "is it synthetic?" of a down bag: no, and what it is made of (a card that said
        # "does not mention whether it is synthetic"); polyester is synthetic
        made = any(w in material.lower() for w in MATERIALS[words[0]])
        return f"{'Yes' if made else 'No'} — the {product['name']} is made of {material}."
    return None
