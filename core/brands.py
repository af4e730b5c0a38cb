"""Which brand is best: the shop's data rates no brand, so the answer says that, and what
it does know: which brands make the kind asked about (or the products shown), how many
of each and at what prices; of a brand named, which kinds it makes.

"Which brand is best for boots?" listed five boots, as if they were the answer; "is Torvik
a good brand?" listed five Torvik socks and bottles. Pure: products in, words out.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from .wording import in_words, price_span

_BEST_BRAND = re.compile(
    r"\b(?:which|what) brands?\b.*\b(?:best|better|good|great|recommend\w*|top|reliable|"
    r"quality|trust\w*)\b|\b(?:best|better|good|great|top|favou?rite|recommended|reliable|"
    r"quality) brands?\b|\bbrands? (?:do you|would you) (?:recommend|suggest|trust)\b", re.I)
LEAD = ("I can't say which brand is best: our shop's data rates no brand, and no listing "
        "compares them.")


def asks_best_brand(text: str) -> bool:
    """"which brand is best for boots?", "what's a good brand for tents?", "is Torvik a
    good brand?"."""
    return bool(_BEST_BRAND.search(text))


def summary(products: Sequence[dict[str, Any]], by: str) -> str:
    """"Brisko (5, 87.95 to 161.00 EUR), Skerra (5, …) and Lumaro (1, 151.95 EUR)": the
    products grouped `by` "brand" or "category", most products first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for p in products:
        if p.get(by):
            groups.setdefault(str(p[by]), []).append(p)
    parts = []
    for name, own in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        parts.append(f"{name} ({len(own)}, {price_span(own)})")
    return in_words(parts)


def best_brand_answer(products: Sequence[dict[str, Any]], kind: str = "",
                      shown: bool = False) -> str:
    """The answer to "which brand is best?" of `products`: those of `kind` ("hiking
    boots"), those `shown` ("these 5"), or the shop's whole range."""
    brands = {p.get("brand") for p in products if p.get("brand")}
    if not brands:
        return LEAD
    whose = (f"These {len(products)} come" if shown else f"Our {kind} come" if kind else
             "Our products come")
    ask = f"{kind} by {sorted(brands)[0]}" if kind else f"{sorted(brands)[0]} products"
    return (f"{LEAD} {whose} from {summary(products, 'brand')}. Tell me what matters to you, "
            f"or ask for one brand (\"{ask}\").")


def brand_answer(products: Sequence[dict[str, Any]], brand: str) -> str:
    """"is Torvik a good brand?": no rating, and the kinds the brand makes for the shop."""
    if not products:
        return f"{LEAD} We have no products by {brand}."
    return (f"I can't say how good {brand} is: our shop's data rates no brand. We have "
            f"{len(products)} products by {brand}: {summary(products, 'category')}.")


# "what does Torvik make?", "tell me about Torvik", "who is Skerra?": the brand's range (five
# of its cheapest products were listed, as if they were what it makes)
_ABOUT_BRAND = re.compile(r"\bwhat (?:does|do) [\w' -]{2,30}? (?:make|sell|do|offer|produce)\b|"
                          r"\btell me (?:more |a bit )?about\b|\b(?:who|what) (?:is|are)\b|"
                          r"\bwhat(?:'s| is) [\w' -]{2,30}? like\b", re.I)


def asks_about_brand(text: str) -> bool:
    return bool(_ABOUT_BRAND.search(text))


def range_answer(products: Sequence[dict[str, Any]], brand: str) -> str:
    """"We have 43 products by Torvik: hiking boots (5, …), …": what a brand makes for the
    shop, most products first."""
    if not products:
        return f"We have no products by {brand}."
    kinds = summary(products, "category")
    first = max({str(p.get("category")) for p in products if p.get("category")},
                key=lambda k: sum(p.get("category") == k for p in products), default="")
    ask = f' ("{first} by {brand}")' if first else ""
    return (f"We have {len(products)} products by {brand}: {kinds}. Tell me which kind you'd "
            f"like to see{ask}.")
