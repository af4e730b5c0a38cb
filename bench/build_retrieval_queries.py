"""Build data/retrieval_queries.jsonl: labelled queries against the demo catalogue.

The query texts are written by hand below; the relevance labels come from rules over the
catalogue's own columns (category, attributes, colours, sizes, price, name words), so they
stay right when the demo data is regenerated. Grade 2 = what was asked for, 1 = acceptable.
Paraphrase queries are checked to share no content word (nor a word prefix) with the text
of any product they label relevant; the script fails if one does.

    python bench/build_retrieval_queries.py      # rewrites data/retrieval_queries.jsonl
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import attribute_filters  # noqa: E402
CATALOG = ROOT / "data" / "catalog.csv"
OUT = ROOT / "data" / "retrieval_queries.jsonl"
STOP = set("""a an and any are as at be but by can could do does for from have has i i'm im
in is it it's its me my need of on or please show some that the their them there these this
those to under over below above less more than want wanted looking look find get got what
which with you your we our us would like between cheap cheaper eur euro euros price max min
around about up one ones something so when where who very really just also too not no
keeps keep""".split())


def load() -> list[dict]:
    rows = list(csv.DictReader(CATALOG.open(encoding="utf-8")))
    for r in rows:
        r["attrs"] = dict(p.strip().split("=", 1) for p in r["attributes"].split(";") if "=" in p)
        r["price_f"] = float(r["price"])
        r["color_set"] = set(r["colors"].split("|"))
        r["size_set"] = set(r["sizes"].split("|"))
        r["words"] = set(re.findall(r"[a-z]{2,}", " ".join(
            [r["name"], r["brand"], r["category"], r["colors"], r["attributes"],
             r["description"]]).lower()))
    return rows


def grades(rows, grade2, grade1=None, filters=None) -> dict[str, int]:
    out = {}
    for r in rows:
        if filters and not passes(r, filters):
            continue
        if grade2(r):
            out[r["id"]] = 2
        elif grade1 and grade1(r):
            out[r["id"]] = 1
    return out


def passes(r, f) -> bool:
    return ((f.get("max_price") is None or r["price_f"] <= f["max_price"])
            and (f.get("min_price") is None or r["price_f"] >= f["min_price"])
            and (not f.get("category") or r["category"] == f["category"])
            and (not f.get("brand") or r["brand"].lower() == f["brand"].lower())
            and (not f.get("color") or f["color"] in r["color_set"])
            and (not f.get("size") or f["size"] in r["size_set"])
            and (not f.get("in_stock") or int(r["stock"]) > 0)
            and all(not f.get(k) or attribute_filters.passes(r["attrs"], k, f[k])
                    for k in attribute_filters.KEYS))


def understood(rows, filters, *texts) -> dict:
    """The filters plus the attribute filters (gender, persons) the understanding step
    reads from the query and its earlier turns (core/attribute_filters)."""
    known = {k: {r["attrs"][k] for r in rows if r["attrs"].get(k)} for k in attribute_filters.KEYS}
    found = {}
    for text in texts:  # a later turn overrides an earlier one, as a refinement does
        found.update(attribute_filters.extract(text, known))
    return {**filters, **found}


def cat(c):
    return lambda r: r["category"] == c


def attr(k, v):
    return lambda r: r["attrs"].get(k) == v


def colder(limit: float):
    """Rated for `limit` °C or colder (the comfort temperature filter's rule)."""
    return lambda r: attribute_filters.passes(r["attrs"], "comfort_temp_c", limit)


def named(*words):
    return lambda r: all(w.lower() in r["name"].lower() for w in words)


def both(*preds):
    return lambda r: all(p(r) for p in preds)


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(["drop", "swap", "double", "vowel"])
    if op == "drop":
        return word[:i] + word[i + 1:]
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    vowels = "aeiou"
    j = next((k for k in range(i, len(word)) if word[k] in vowels), i)
    return word[:j] + rng.choice([v for v in vowels if v != word[j]]) + word[j + 1:]


def shares_word(query: str, r: dict) -> list[str]:
    shared = []
    for w in re.findall(r"[a-z]{2,}", query.lower()):
        if w in STOP:
            continue
        for pw in r["words"]:
            if w == pw or (min(len(w), len(pw)) >= 4 and (pw.startswith(w) or w.startswith(pw))):
                shared.append(f"{w}~{pw}")
    return shared


def build() -> list[dict]:
    rows = load()
    byid = {r["id"]: r for r in rows}
    rng = random.Random(4)
    out: list[dict] = []

    def add(kind, query, relevant, filters=None, context=None):
        assert relevant, query
        line = {"query": query, "kind": kind}
        if filters:
            line["filters"] = filters
        if context:
            line["context"] = context
        line["relevant"] = dict(sorted(relevant.items()))
        out.append(line)

    # 1. exact product names (25), some lower-case as people type them
    for n, r in enumerate(rng.sample(rows, 25)):
        add("exact", r["name"] if n % 2 else r["name"].lower(), {r["id"]: 2})

    # 2. typos in product names (15) and category words (6)
    for r in rng.sample([r for r in rows if len(r["name"].split()) >= 2], 15):
        words = r["name"].split()
        long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        i = rng.choice(long) if long else 0
        words[i] = typo(words[i].lower(), rng)
        add("typo", " ".join(words).lower(), {r["id"]: 2})
    for q, c in [("sleping bag", "sleeping bags"), ("hedlamp", "headlamps"),
                 ("trekking polse", "trekking poles"), ("backpak for hiking", "backpacks"),
                 ("waterbottle", "water bottles"), ("fleese jacket", "fleece")]:
        add("typo", q, grades(rows, cat(c)))

    # 3. paraphrases sharing no content word with the products they should find (26)
    para = [
        ("something to see the path after dark, worn on my forehead", cat("headlamps"), None),
        ("a place to doze outdoors, big enough for a couple", both(cat("tents"), attr("persons", "2")), cat("tents")),
        ("snug bedding for freezing evenings outside", both(cat("sleeping bags"), attr("season", "winter")), cat("sleeping bags")),
        ("sticks to lean on when going downhill", cat("trekking poles"), None),
        ("timepiece that counts my pulse and strides via satellite", cat("watches"), None),
        ("puffy coat for snowy weather", both(cat("jackets"), attr("season", "winter")), cat("jackets")),
        ("anorak for soggy afternoons", cat("rain jackets"), None),
        ("canteen for hydration while biking", cat("water bottles"), None),
        ("utensils for preparing food outdoors", cat("cookware"), None),
        ("vessel to heat noodles", both(cat("cookware"), named("pot")), cat("cookware")),
        ("haversack", cat("backpacks"), None),
        ("knapsack with many litres", both(cat("backpacks"), lambda r: float(r["attrs"].get("capacity_l", 0)) >= 40), cat("backpacks")),
        ("sneakers for pounding tarmac", cat("running shoes"), None),
        ("kicks for sprinting along boggy footpaths", cat("trail shoes"), None),
        ("fuzzy sweater", cat("fleece"), None),
        ("blouse with stubby arms", cat("t-shirts"), None),
        ("slacks for rambling", cat("trousers"), None),
        ("hosiery that avoids chafing", cat("socks"), None),
        ("lamp strapped to my skull", cat("headlamps"), None),
        ("burner for making tea outdoors", both(cat("cookware"), named("stove")), cat("cookware")),
        ("beaker for cocoa", named("mug"), cat("cookware")),
        ("smartwatch that charges from sunshine", both(cat("watches"), named("solar")), cat("watches")),
        ("eiderdown for overnight excursions", cat("sleeping bags"), None),
        ("robust footwear for the Alps", cat("hiking boots"), None),
        ("jumper spun from sheep", both(cat("fleece"), attr("material", "merino wool")), cat("fleece")),
        ("shining gadget you wear for nocturnal jogs", cat("headlamps"), None),
    ]
    for q, g2, g1 in para:
        rel = grades(rows, g2, g1)
        bad = {pid: shares_word(q, byid[pid]) for pid in rel}
        bad = {k: v for k, v in bad.items() if v}
        assert not bad, f"paraphrase {q!r} shares {sorted({w for v in bad.values() for w in v})}"
        add("paraphrase", q, rel)

    # 4. price and attribute constraints, with the filters the understanding extracts (27)
    cons = [
        ("waterproof hiking boots under 120", {"max_price": 120, "category": "hiking boots"},
         attr("waterproof", "yes"), lambda r: True),
        ("red rain jacket", {"color": "red", "category": "rain jackets"}, lambda r: True, None),
        ("running shoes under 100 euros", {"max_price": 100, "category": "running shoes"}, lambda r: True, None),
        ("tent for 2 people", {"category": "tents"}, attr("persons", "2"), attr("persons", "1")),
        ("headlamp with 500 lumens or more under 70", {"max_price": 70, "category": "headlamps"},
         lambda r: int(r["attrs"].get("lumens", 0)) >= 500, lambda r: True),
        ("merino hiking socks", {"category": "socks"},
         both(attr("material", "merino wool"), named("hiking")), attr("material", "merino wool")),
        ("down sleeping bag", {"category": "sleeping bags"},
         lambda r: "down" in r["attrs"].get("material", ""), None),
        ("55 litre backpack", {"category": "backpacks"}, attr("capacity_l", "55"), None),
        ("women's trail shoes in size 38", {"category": "trail shoes", "size": "38"},
         attr("gender", "women"), attr("gender", "unisex")),
        ("black fleece in XL", {"category": "fleece", "color": "black", "size": "XL"}, lambda r: True, None),
        ("Torvik hiking boots", {"brand": "Torvik", "category": "hiking boots"}, lambda r: True, None),
        ("water bottle under 20 euros", {"max_price": 20, "category": "water bottles"}, lambda r: True, None),
        ("GPS watch under 300", {"max_price": 300, "category": "watches"}, named("gps"), lambda r: True),
        ("sleeping bag for -10", {"category": "sleeping bags"}, colder(-10), colder(-5)),
        ("a bag rated to minus 5 degrees", {"category": "sleeping bags"}, colder(-5), colder(0)),
        ("sleeping bag for nights around 5 °C", {"category": "sleeping bags"}, colder(5), None),
        ("insulated bottle 0.75 l", {"category": "water bottles"},
         both(named("insulated"), attr("capacity_l", "0.75")), named("insulated")),
        ("titanium mug", {}, named("titanium", "mug"), both(cat("cookware"), attr("material", "titanium"))),
        ("convertible hiking trousers for women", {"category": "trousers"},
         both(named("convertible"), lambda r: r["attrs"].get("gender") in ("women", "unisex")),
         named("convertible")),
        ("men's merino t-shirt size XXL", {"category": "t-shirts", "size": "XXL"},
         both(attr("material", "merino wool"), lambda r: r["attrs"].get("gender") in ("men", "unisex")),
         attr("material", "merino wool")),
        ("ultralight tent in stock", {"category": "tents", "in_stock": True}, named("ultralight"), None),
        ("puffer jacket between 100 and 200 euros", {"min_price": 100, "max_price": 200, "category": "jackets"},
         named("puffer"), lambda r: True),
        ("trekking poles with a 5 year warranty", {"category": "trekking poles"},
         attr("warranty_years", "5"), None),
        ("orange headlamp", {"color": "orange", "category": "headlamps"}, lambda r: True, None),
        ("blue running shoes for women under 120", {"color": "blue", "max_price": 120, "category": "running shoes"},
         lambda r: r["attrs"].get("gender") in ("women", "unisex"), lambda r: True),
        ("carbon trekking poles under 90", {"max_price": 90, "category": "trekking poles"},
         attr("material", "carbon"), lambda r: True),
        ("cheap rain jacket under 100", {"max_price": 100, "category": "rain jackets"}, lambda r: True, None),
    ]
    for q, f, g2, g1 in cons:
        f = understood(rows, f, q)
        add("constraint", q, grades(rows, g2, g1, f), f)

    # 5. multi-turn refinements: earlier turns as context, the slots carried over (18)
    multi = [
        (["do you have tents?"], "one that sleeps four", {"category": "tents"},
         attr("persons", "4"), attr("persons", "3")),
        (["I need a rain jacket"], "in yellow please", {"category": "rain jackets", "color": "yellow"},
         lambda r: True, None),
        (["show me running shoes"], "cheaper, under 100", {"category": "running shoes", "max_price": 100},
         lambda r: True, None),
        (["looking for a down jacket"], "for women", {"category": "jackets"},
         both(lambda r: "down" in r["attrs"].get("material", ""), attr("gender", "women")),
         lambda r: "down" in r["attrs"].get("material", "")),
        (["hiking socks please"], "merino ones in 43-46", {"category": "socks", "size": "43-46"},
         attr("material", "merino wool"), None),
        (["I want a headlamp"], "the brightest you have", {"category": "headlamps"},
         attr("lumens", "900"), lambda r: int(r["attrs"].get("lumens", 0)) >= 600),
        (["sleeping bag for winter"], "under 150 euros", {"category": "sleeping bags", "max_price": 150},
         attr("season", "winter"), lambda r: True),
        (["a backpack for day hikes"], "waterproof please", {"category": "backpacks"},
         both(attr("waterproof", "yes"), lambda r: float(r["attrs"].get("capacity_l", 99)) <= 32),
         attr("waterproof", "yes")),
        (["trail running shoes"], "for men in size 45", {"category": "trail shoes", "size": "45"},
         lambda r: r["attrs"].get("gender") in ("men", "unisex"), None),
        (["a GPS watch"], "with solar charging", {"category": "watches"}, named("solar"), None),
        (["hiking boots"], "waterproof and under 120", {"category": "hiking boots", "max_price": 120},
         attr("waterproof", "yes"), lambda r: True),
        (["camping cookware"], "titanium only", {"category": "cookware"}, attr("material", "titanium"), None),
        (["trekking poles"], "foldable carbon ones", {"category": "trekking poles"},
         both(named("folding"), attr("material", "carbon")), attr("material", "carbon")),
        (["a fleece"], "something in burgundy", {"category": "fleece", "color": "burgundy"},
         lambda r: True, None),
        (["t-shirt for summer"], "made of merino wool", {"category": "t-shirts"},
         both(attr("material", "merino wool"), attr("season", "summer")), attr("material", "merino wool")),
        (["water bottle"], "one with a filter", {"category": "water bottles"}, named("filter"), None),
        (["a down sleeping bag"], "warm enough for -5", {"category": "sleeping bags"},
         both(colder(-5), lambda r: "down" in r["attrs"].get("material", "")), colder(-5)),
        (["I am after a tent", "something light for backpacking"], "for one person",
         {"category": "tents"}, both(attr("persons", "1"), named("ultralight")), attr("persons", "1")),
    ]
    for ctx, q, f, g2, g1 in multi:
        f = understood(rows, f, *ctx, q)
        add("multiturn", q, grades(rows, g2, g1, f), f, ctx)
    return out


if __name__ == "__main__":
    queries = build()
    OUT.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries),
                   encoding="utf-8")
    kinds: dict[str, int] = {}
    for q in queries:
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    print(f"{len(queries)} queries -> {OUT.relative_to(ROOT)}: {kinds}")
