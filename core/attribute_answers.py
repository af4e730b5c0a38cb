"""The direct answer to a question about one property of a product: "how much does it
weigh?", "is it waterproof?", "what is it made of?".

Without this the answer handed to the reply was the product's whole card (description,
every attribute, sizes, colours), and the small reply model picked a sentence from it: to
"how much does it weigh?" it answered with the price. Here the attribute the question asks
about is looked up in the catalogue and stated in one sentence; when the catalogue does not
list it, the answer says so instead of guessing. Pure: (product, question) -> text or None.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from .attribute_filters import MATERIALS, MONTH_SEASONS, SEASON_COVERS, extract, month_season, \
    temperature
from .grounding import NO_VALUES
from .wording import in_words, plain_number

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
     r"\bweight\b|how light", "weight_g",
     lambda name, v: f"The {name} weighs {v} g."),
    (r"waterproof|water[- ]?resistant|water ?tight|keeps? (?:the )?(?:rain|water) out|"
     r"\bstays? dry\b|\bkeeps? (?:me|you|us|things|my \w+|the \w+) dry\b|"
     r"\bin (?:the |heavy |a |pouring )?rain\b",
     "waterproof", lambda name, v: (f"Yes — the {name} is waterproof." if _yes(v)
                                    else f"No — the {name} is not waterproof.")),
    (r"made (?:of|from|out of)|\bmaterial|\bfabric", "material",
     lambda name, v: f"The {name} is made of {v}."),
    (r"\bcapacity|how many lit|\blit(?:re|er)s?\b|\bvolume|how much (?:does|do|can|will) "
     r"(?:it|they|this|that|the [\w' -]+?) (?:hold|carry|take)", "capacity_l",
     lambda name, v: f"The {name} holds {v} {'litre' if v == '1' else 'litres'}."),
    (r"pack(?:s|ed)? (?:down )?(?:small|size)|\bpacked\b|how small (?:does|do|will|can) "
     r"(?:it|they|this|that) pack", "packed_l", lambda name, v: f"The {name} packs to {v} litres."),
    (r"\bbright|\blumens?\b", "lumens", lambda name, v: f"The {name} gives {v} lumens."),
    (r"\bbattery|run ?time|how long does (?:it|the battery) last", "battery_h",
     lambda name, v: f"The {name} runs for {v} hours on one charge."),
    (r"how warm|how cold|temperature|\bcomfort (?:temp|rating|limit)", "comfort_temp_c",
     lambda name, v: f"The {name} is comfortable down to {v} °C."),
    (r"how many (?:people|persons)|\bsleeps?\b|fits? (?:\d|two|three|four)", "persons",
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
# "is it warm enough?", "will it keep me warm?", "how warm is it?"
_WARM = re.compile(r"\b(?:is|are) (?:it|this|that|they|these|those|the [\w' -]+?) (?:\w+ )?warm\b|"
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
         "insulation": "its insulation", "warranty_years": "its warranty",
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
    text = text.replace("as its name says", "as their name says")
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
            out.append(f"The {product['name']} comes in {', '.join(values)}." if values else
                       f"The {product['name']} comes in one {noun[:-1]} only.")
    return out


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


# "is it on sale?" asks the price too: the engine adds that no sale price is known
PRICE = (r"how much (?:is|are|does (?:it|this|that|the \w+(?: \w+)?) cost|for|(?:would|will) "
         r"(?:it|that|they|this|those) (?:be|come to)|in total)\b|\bprice\b|"
         r"\bcost\b|\bon (?:sale|offer|special)\b|\bdiscounted\b|\breduced\b")


def answer(product: dict[str, Any], question: str, price: str | None = None) -> str | None:
    """One sentence per property the question asks about, or None when it asks about none
    of them (the caller then gives the whole card). `price`: the formatted price, for
    "how much is it?"."""
    q = question.lower()
    name = product["name"]
    attributes = product.get("attributes") or {}
    said, missing = _listed(product, q), []
    if price and re.search(PRICE, q) and not re.search(r"\bweigh", q):
        said.append(f"The {name} costs {price}.")
    if rated := _rated_for(product, q):  # "is it good for -15?"
        said.append(rated)
    if season := _season_for(product, q):  # "is it good for winter?"
        said.append(season)
    if persons := _persons_for(product, q):  # "is it good for 3 people?"
        said.append(persons)
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
                persons and key == "persons") or (
                warm and key in WARMTH_KEYS):
            continue
        value = attributes.get(key)
        if value in (None, ""):
            missing.append(of_name(NAMES[key], name))
        else:
            said.append(_SENTENCES[key](name, plain_number(str(value))))
    if missing:
        said.append(f"Our listing for the {name} does not say {' or '.join(missing)}.")
    return " ".join(said) or None


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
    if asked is None and listed and (bare := _BARE_COUNT.search(q)):
        # "is it good for 2?" of a tent: people, the one count it lists (the card came back)
        asked = _COUNTS.get(bare[1], bare[1])
    if asked is None:
        return None
    name = product["name"]
    if not listed.strip().isdigit():
        return f"Our listing for the {name} does not say {UNSAID['persons']}."
    people = "person" if listed.strip() == "1" else "people"
    # "for 2", "fits 2": room for that many at least; "a solo tent?", "a 2-person tent?": so many
    room = re.search(r"\b(?:for|fits?|sleeps?|enough|takes?|holds?)\b", q)
    if int(asked) <= int(listed) if room else int(asked) == int(listed):
        return f"Yes — the {name} sleeps {listed.strip()} {people}."
    return f"No — the {name} sleeps {listed.strip()} {people}, not {asked}."


# a person's height: "someone 190cm tall", "I'm 1.90 m", "he's 6'2", "a tall guy" (not
# the product's own: "how tall is it?")
_MEASURE = r"(?:1[.,]\d{1,2} ?m|1\d\d ?cm|[4-7] ?(?:'|ft\b|feet\b|foot\b) ?\d{0,2})"
_BODY = re.compile(
    rf"\b(?:i'?m|i am|he'?s|he is|she'?s|she is|we'?re|someone|somebody|person|people|"
    rf"me|him|her|husband|wife|son|daughter|partner|at)\W+(?:about |around |nearly |almost |"
    rf"over |like )?{_MEASURE}|{_MEASURE}(?: tall)?\W+(?:person|guy|man|woman|people)|"
    rf"\b(?:a|for|fit|fits) (?:very |really |quite )?tall (?:person|guy|man|woman|people|one)|"
    rf"\b(?:i'?m|i am|he'?s|she'?s|we'?re) (?:very |really |quite )?tall\b")


def height_asked(question: str) -> bool:
    """Does the question give a person's height ("I'm 1.85 m", "someone 190cm tall")?"""
    return bool(_BODY.search(question.lower()))


def _height_for(product: dict[str, Any], q: str, said: list[str]) -> str | None:
    """"Does it fit someone 190cm tall?": the listing gives no height a product fits, so
    say that, and the sizes it comes in ("Long" is the nearest it has to an answer); None
    when no person's height is asked. The card came back, as if it answered."""
    if not height_asked(q):
        return None
    name, sizes = product["name"], product.get("sizes") or []
    out = height_unsaid(name)
    if sizes and not any("comes in" in s for s in said):
        out += f" {'They come' if plural(name) else 'It comes'} in {in_words(sizes)}."
    return out


# the product's own size: "how tall is the tent?", "how long are they?", "dimensions?" (not
# "how long is the warranty?", "how long does it last?")
_DIMENSION = re.compile(
    r"\bhow (?:tall|wide|high)\b|\bhow long (?:is|are) (?:it|this|that|they|these|those|"
    r"the (?:\w+ )?ones?)\W*$|\bdimensions?\b|\b(?:its|their|the) (?:height|length|width)\b")


def _dimensions(product: dict[str, Any], q: str) -> str | None:
    """The lengths a product comes in (poles: "100-125 cm"), or that its listing gives no
    dimensions; None when none are asked. The card came back, as if it answered."""
    if not _DIMENSION.search(q) or height_asked(q):
        return None
    name = product["name"]
    lengths = [s for s in product.get("sizes") or [] if re.search(r"\d ?cm\b", s)]
    if lengths:
        return agree(f"The {name} comes in {in_words(lengths, 'or')}.", name)
    return of_name(f"Our listing for the {name} does not give its dimensions.", name)


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


def _pack_count(product: dict[str, Any], q: str) -> str | None:
    """"How many pairs do they have?" of the "… 2-Pack Trekking Socks": as many as its
    name says (the listing's words never said "pairs"); "do they come in a 3-pack?": yes
    or no from its name (the card came back); None for any other question, or a count
    asked of a name without a pack."""
    m = re.search(r"\b(\d+)[\s-]*pack\b", product["name"], re.I)
    name = product["name"]
    if (n := pack_of(q)) and not re.search(r"\bhow many\b", q):
        if not m:
            return of_name(f"No — our listing for the {name} names no pack of {n}.", name)
        if int(m[1]) != n:
            return agree(f"No — the {name} comes as a pack of {m[1]}, not {n}.", name)
        return agree(f"Yes — the {name} comes as a pack of {n}, as its name says.", name)
    if not re.search(r"\bhow many (?:pairs|pieces|socks)\b|\bhow many (?:are )?in (?:a|the|one) "
                     r"pack\b", q) or not m:
        return None
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


def height_unsaid(name: str) -> str:
    return f"Our listing for the {name} does not say what height " + (
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
    month = month_season(q) if not asked else None  # "is it good for December?": winter
    if month:
        asked.add(month[1])
    if listed not in SEASONS or len(asked) != 1:
        return None
    name, (covers, said) = product["name"], SEASONS[listed]
    rating = str(attributes.get("comfort_temp_c") or "").strip()
    rated = f", comfortable down to {rating} °C" if rating else ""
    of_month = f" ({month[0]} is {month[1]})" if month else ""
    return (f"{'Yes' if asked <= covers else 'No'} — the {name} is made for {said}{rated}"
            f"{of_month}.")


def _made_of(product: dict[str, Any], q: str) -> str | None:
    """"Is it titanium?", "are they merino?": yes when the listed material holds the words
    (the answer was the whole card). A material it does not list is left to the card: "is
    it warm?" names no material, so no "no" is said from the material alone."""
    material = str((product.get("attributes") or {}).get("material") or "")
    either = _EITHER.match(q.strip())
    if either and material and any(w in material.lower() for w in either.groups()):
        return f"The {product['name']} is made of {material}."  # "is it down or synthetic?"
    m = _IS.match(q.strip())
    words = re.findall(r"[a-z]+", m.group(1)) if m else []
    if words and all(w in material.lower() for w in words):
        return f"Yes — the {product['name']} is made of {material}."
    if material and len(words) == 1 and words[0] in MATERIALS:
        # "is it synthetic?" of a down bag: no, and what it is made of (a card that said
        # "does not mention whether it is synthetic"); polyester is synthetic
        made = any(w in material.lower() for w in MATERIALS[words[0]])
        return f"{'Yes' if made else 'No'} — the {product['name']} is made of {material}."
    return None


# "is it rechargeable?", "does it have a hood?": a yes/no question about one property
# ("is the first one BPA free?": two words when the second is "free", "safe", ...)
# a clause before the question names the product ("the Stormline, does it have a hood?")
_LEAD = r"^(?:[^,:;?]{1,60}[,:;] *)?"
_IS = re.compile(_LEAD + r"(?:is|are) (?:it|this|that|they|these|those|the [\w' -]+?) "
                 r"(?:also |really |actually )?((?:[a-z][a-z-]+ (?=(?:free|safe|proof|resistant|"
                 r"friendly|compatible|approved|certified)\W*$))?[a-z][a-z-]{2,})\W*$")
_HAS = re.compile(_LEAD + r"(?:does|do) (?:it|this|that|they|these|those|the [\w' -]+?) "
                  r"(have|come with|include|need|take|use|run on|work with|fit|keep|stay) "
                  r"((?:a |an |any )?[a-z][a-z -]{2,30}?)\W*$")
# "does it shrink?", "do they fade?": a verb alone (not a question about shipping or price)
_DOES = re.compile(_LEAD + r"(?:does|do) (?:it|this|that|they|these|those|the [\w' -]+?) "
                   r"(?!(?:ship|cost|work|help|matter|exist|come|sell|deliver)\W*$)([a-z]{3,})\W*$")
# "is it down or synthetic?": one of two materials
_EITHER = re.compile(_LEAD + r"(?:is|are) (?:it|this|that|they|these|those|the [\w' -]+?) "
                     r"(?:made of |made from )?([a-z-]{3,}) or ([a-z-]{3,})\W*$")
# the verb as said of one product ("does it need AA batteries?" -> "whether it needs ...")
_THIRD_PERSON = {"have": "has", "come with": "comes with", "include": "includes",
                 "need": "needs", "take": "takes", "use": "uses", "run on": "runs on",
                 "work with": "works with", "fit": "fits", "keep": "keeps", "stay": "stays"}
# words that judge rather than name a property: no listing "mentions" them
_JUDGING = frozenset("good nice ok okay fine worth better best popular new right any real "
                     "legit available".split())


def _yes_no(question: str) -> tuple[re.Match, str] | None:
    """(the match, the property as the customer spelled it: "BPA free", "AA batteries") of
    a yes/no question about one property; None for any other question or a judgement."""
    q = question.lower().strip()
    match = _IS.match(q) or _HAS.match(q) or _DOES.match(q)
    group = _group(match)
    if not match or set(match.group(group).split()) <= _JUDGING or match.re is _IS and re.search(
            r"\b(?:for|in|on|at|with|to|of|enough)\W*$", q[:match.start(group)]):
        # "is the first one good for winter?" asks for no property called "winter"
        return None
    said = question.strip()  # the customer's spelling, where lower() kept the length
    return match, (said[match.start(group):match.end(group)] if len(said) == len(q)
                   else match.group(group))


def _group(match: re.Match | None) -> int:
    """The group of a yes/no match that holds the property (_HAS: group 1 is the verb)."""
    return 2 if match is not None and match.re is _HAS else 1


def _holds(product: dict[str, Any], words: list[str]) -> bool:
    """Does the product's listing hold every word (or its stem: "recharge" for
    "rechargeable")?"""
    listing = listing_words(product).lower()
    return all(w.rstrip("s")[:max(4, len(w) - 4)] in listing for w in words)


# "how long does it take to pitch?", "how do I clean it?": how to do something with it
_HOW_I = re.compile(r"how (\w+ )?(?:do|can|should|would|could) (?:i|you|we|one) (.+?)[?.!]*$")
_HOW_IT = re.compile(r"how (\w+ )?(?:does|do) (it|they) (\w+)(.*?)[?.!]*$")
# "can you gift wrap it?": a service for it, which a listing would have to offer
_CAN_YOU = re.compile(r"(?:can|could|would|will|do) you (\w+(?: \w+){0,2}?) (it|them)(.*?)[?.!]*$")
# "how many poles does it have?", "what pegs does it come with?"
_HOW_MANY = re.compile(r"(how many|what|which) ([a-z][a-z' -]{1,25}?) (?:does|do) (it|they|them) "
                       r"(\w+)(.*?)[?.!]*$")
_NOT_ASKED = frozenset("it them they this that the a an to on in of for with and or my after "
                       "before when its their any".split())


def how_unsaid(product: dict[str, Any], question: str) -> str | None:
    """"Sorry, our listing for the X does not say how long it takes to pitch." when a
    how-question asks about doing something with the product that no word of its listing
    names; None otherwise. The whole card came back, as if it answered."""
    it = "them" if plural(product["name"]) else "it"  # "how do I wash the first one?"
    q = re.sub(r"\b(?:the|that|this) (?:\w+ )?ones?\b", it, question.lower().strip())
    if m := _HOW_I.fullmatch(q):
        what, asked = f"how {m[1] or ''}to {m[2]}", m[2]
    elif m := _HOW_IT.fullmatch(q):
        verb = m[3] if m[2] == "they" else _third_person(m[3])
        what, asked = f"how {m[1] or ''}{m[2]} {verb}{m[4]}", m[3] + m[4]
    elif (m := _CAN_YOU.fullmatch(q)) and not re.match(
            r"(?:send|ship|deliver|post|hold|reserve|keep|put|set|get|order|sell|tell|show|"
            r"recommend|compare|find|check)\b", m[1]):
        # not a delivery, a hold, an order, a question for the bot: those are policies
        what, asked = f"whether we can {m[1]} {m[2]}{m[3]}", m[1] + m[3]
    elif (m := _HOW_MANY.fullmatch(q)) and not asked_keys(q, [product]):
        # the thing counted is what the listing must name ("people" are its "persons")
        they = m[3] != "it"  # "them": the plural name of "the first one", put for it
        verb = m[4] if they else "has" if m[4] == "have" else _third_person(m[4])
        what, asked = f"{m[1]} {m[2]} {'they' if they else 'it'} {verb}{m[5]}", m[2]
    else:
        return None
    words = [w for w in re.findall(r"[a-z]+", asked) if w not in _NOT_ASKED]
    if not words or _holds(product, words) or len(what) > 80:
        return None
    return f"Sorry, our listing for the {product['name']} does not say {what.strip()}."


# "is it easy to set up?", "is it good for beginners?": a judgement of a use
_JUDGED = re.compile(_LEAD + r"(?:is|are) (?:it|this|that|they|these|those|the [\w' -]+?) "
                     r"(?:really |actually |also )?(?:(easy|hard|difficult|simple|quick) to|"
                     r"(good|ok|okay|suitable|fine|great|ideal|right|made) for) "
                     r"([a-z][a-z -]{1,30}?)\W*$")


# "is it any good?", "is it worth it?": a verdict, which no listing gives
_VERDICT = re.compile(_LEAD + r"(?:is|are) (?:it|this|that|they|these|those|the [\w' -]+?) "
                      r"(?:really |actually |even )?(?:any good|good|worth (?:it|the money|"
                      r"buying|the price)|nice|decent|a good (?:choice|buy|one)|recommended)\W*$")


def verdict_asked(question: str) -> bool:
    return bool(_VERDICT.match(question.lower().strip()))


def judged_unsaid(product: dict[str, Any], question: str) -> str | None:
    """"Sorry, our listing for the X does not say how easy it is to set up." when a
    question judges a use that no word of the listing names; None otherwise (a listing
    that says "hiking" is shown for "is it good for hiking?"). The whole card came back,
    as if it answered."""
    if verdict_asked(question):  # "is it any good?": the card came back, as if it said so
        return of_name(f"Sorry, our listing for the {product['name']} gives no verdict on it, "
                       f"and I can't judge it for you.", product["name"])
    m = _JUDGED.match(question.lower().strip())
    words = [w for w in re.findall(r"[a-z]+", m[3]) if w not in _NOT_ASKED
             and w not in ("up", "down", "out", "off")] if m else []
    if not words or _holds(product, words):
        return None
    name = product["name"]
    it = "they are" if plural(name) else "it is"
    what = f"how {m[1]} {it} to {m[3]}" if m[1] else f"whether {it} {m[2]} for {m[3]}"
    return f"Sorry, our listing for the {name} does not say {what}."


def _third_person(verb: str) -> str:
    """"shrink" -> "shrinks", "fade" -> "fades", "wash" -> "washes", "dry" -> "dries"."""
    if re.search(r"(?:s|sh|ch|x|z|o)$", verb):
        return verb + "es"
    return verb[:-1] + "ies" if re.search(r"[^aeiou]y$", verb) else verb + "s"


def property_asked(question: str) -> str | None:
    """The property a yes/no question asks about ("adjustable" of "are they adjustable?",
    "a hood" of "does it have a hood?"); None for any other question ("is it good?")."""
    asked = _yes_no(question)
    return asked[1] if asked else None


# "which ones are waterproof?", "which of them have a heart rate monitor?"
_WHICH = re.compile(r"^\s*which(?: one| ones| of them| of these| of those)?\s+(is|are|has|have|"
                    r"comes? with|includes?)\s+([a-z][a-z -]{1,40}?)\W*$")


def which_asked(question: str) -> str | None:
    """"Which ones are waterproof?" asked as the yes/no question of one product that each
    shown product is checked with ("is it waterproof?"); None for any other question."""
    m = _WHICH.match(question.lower())
    if not m:
        return None
    verb = {"is": "is it", "are": "is it", "has": "does it have", "have": "does it have"}.get(
        m[1], "does it " + re.sub(r"^(\w+?)s\b", r"\1", m[1]))  # "comes with": "come with"
    return f"{verb} {m[2]}?"


def carried(question: str, rest: str) -> str | None:
    """The yes/no `question` asked again of another property: "does it have a hood?" and
    "pockets" -> "does it have pockets?" ("what about pockets?" got the product's whole
    card, whichever the listing said); None when `question` is no such question or `rest`
    is more than a short phrase of words."""
    asked = _yes_no(question)
    rest = rest.lower().strip(" ?!.,")
    if not asked or not re.fullmatch(r"[a-z][a-z -]{1,30}", rest) or len(rest.split()) > 3:
        return None
    match, _ = asked
    return f"{question.lower().strip()[:match.start(_group(match))]}{rest}?"


# a name's word that says the product has something ("Cinder Hoody Down Jacket": a hood)
_NAME_SAYS = {"hood": ("hoody", "hoodie", "hooded")}


def named_yes(product: dict[str, Any], question: str) -> str | None:
    """"Yes — the Trace Sport GPS Watch has GPS, as its name says." when a yes/no question
    asks whether it is or has what its name says ("does it have gps?" got the whole card,
    which never said yes); None otherwise. A listing's text may say "no hood"; a name that
    holds the word does not."""
    asked = _yes_no(question)
    if asked is None or asked[0].re not in (_IS, _HAS) or (
            asked[0].re is _HAS and asked[0].group(1) != "have"):
        return None
    words = [w for w in re.findall(r"[a-z0-9]+", asked[1].lower()) if w not in ("a", "an", "any")]
    name = product["name"]
    named = set(re.findall(r"[a-z0-9]+", name.lower()))
    if len(words) == 1 and named & set(_NAME_SAYS.get(words[0], ())):
        said = asked[1].lower()  # "a hood" of a Hoody
    elif not words or not set(words) <= named:
        return None
    else:
        said = next(m[0] for m in [re.search(r"\b" + r"\W+".join(words) + r"\b", name, re.I)]
                    if m)
        said = said if said.isupper() else said.lower()  # "GPS" stays; "Insulated" is a word
    verb = "is" if asked[0].re is _IS else "has"
    return agree(f"Yes — the {name} {verb} {said}, as its name says.", name)


def unmentioned(product: dict[str, Any], question: str) -> str | None:
    """"Our listing ... does not mention whether it is rechargeable." when a yes/no question
    asks about a property no word of the product's listing names (then the small model
    was handed the whole card and answered "... and is rechargeable"); None otherwise."""
    asked = _yes_no(question)
    if asked is None:
        return None
    match, phrase = asked
    words = [w for w in re.findall(r"[a-z]+", phrase.lower())  # "keep me dry": "dry"
             if w not in ("a", "an", "any", "me", "you", "us", "him", "her", "them")
             and w not in _JUDGING]  # "good grip": "grip"
    # "rechargeable" is mentioned by "recharge", "hoods" by "hood", "insulated" by "insulation";
    # "a red light mode" only when the listing has every word
    if not words or _holds(product, words):
        return None
    what = (f"whether it is {phrase}" if match.re is _IS
            else (f"whether they {phrase}" if plural(product["name"])  # of_name's table
                  else f"whether it {_third_person(phrase)}") if match.re is _DOES
            else f"whether it {_THIRD_PERSON[match.group(1)]} {phrase}")
    return (f"Sorry, our listing for the {product['name']} does not mention "
            f"{of_name(what, product['name'])}.")
