"""The order a search's hits are shown in: by price or a listed property, nearest an
approximate value ("around 40 litres"), past the best of a list shown ("anything
cheaper?"), and how deep to fetch for that. Pure; used by core.search_turns."""

from __future__ import annotations

from . import attribute_filters
from .superlatives import value


def arranged(hits: list, sort: str | None, filters: dict) -> list:
    """Hits in the order asked for (`sort`), else nearest an approximate value first."""
    return ordered(hits, sort) if sort else closest(hits, filters)


def ordered(hits: list, sort: str) -> list:
    """Hits by price ("asc"/"desc") or by a listed attribute ("weight_g:asc"); products
    that do not list it keep their order, after the ones that do."""
    key, _, order = sort.rpartition(":")
    valued = [(h, value(h.product, key or "price")) for h in hits]
    known = sorted((x for x in valued if x[1] is not None), key=lambda x: x[1],
                   reverse=order == "desc")
    return [h for h, _ in known] + [h for h, v in valued if v is None]


def closest(hits: list, filters: dict) -> list:
    """Hits nearest the approximate value asked for first ("around 40 litres": the 40 litre
    packs, then 35, then 32; the 32s came first, as the words ranked them), the words'
    order among equals; unchanged without such a filter."""
    if not (key := near_key(filters, None)):
        return hits
    want = attribute_filters.target(filters[key])
    return sorted(hits, key=lambda h: abs(attribute_filters.number(
        (h.product.get("attributes") or {}).get(key)) - want))


def near_key(filters: dict, sort: str | None) -> str | None:
    """The approximate filter ("around 40 litres") that orders a list with no order asked
    for; None when there is none."""
    if sort:
        return None
    return next((k for k in attribute_filters.NEAR if filters.get(k) not in (None, "")), None)


def depth(filters: dict, sort: str | None, n: int, kinds: list | None = None,
           browse: bool = False) -> int:
    """How many hits to fetch for `n` shown: sorted by price or a property within a
    category (or the few `kinds` a search keeps to), all of them qualify, so rank them all;
    without one only the most relevant ("cheap" must not surface any cheap thing). Kept to
    `kinds`, 20 more, as hits of other kinds are dropped. One rule for the first page and
    the next ("show me more" fetched `n` + 20 where the first page fetched 20, so a sorted
    second page began below the first). An approximate filter orders them too. A sorted
    `browse` (a search of no words) ranks everything that passes ("most expensive?" after
    the cheapest things sold ranked ten of them)."""
    if sort and browse:
        return 1000
    if sort or near_key(filters, sort):
        return 50 if filters.get("category") or kinds else 10
    return n + (20 if kinds else 0)


def best_of(products: list, sort: str) -> dict | None:
    """The product that leads `products` on the sorted property (the cheapest for "asc"),
    None when none lists it."""
    key, _, order = sort.rpartition(":")
    listed = [p for p in products if p and value(p, key or "price") is not None]
    if not listed:
        return None
    pick = min if order == "asc" else max
    return pick(listed, key=lambda p: value(p, key or "price"))


def past(filters: dict, best: dict | None, sort: str) -> dict:
    """The search's filters for "cheaper" / "dearer" than `best` of a list: its price as
    the bound, and no bound on the other side from the search before ("around 50" kept
    "cheaper" to 40-60)."""
    if best is None or sort not in ("asc", "desc"):
        return filters
    bound, other = ("max_price", "min_price") if sort == "asc" else ("min_price", "max_price")
    out = {k: v for k, v in filters.items() if k != other}
    # a cent past it: the bounds include their price, and "show me more" pages on without
    # the check that drops `best` itself from the first page
    out[bound] = round(value(best, "price") + (-0.01 if sort == "asc" else 0.01), 2)
    out["than_price"] = value(best, "price")  # how the list says it: "cheaper than 203"
    return out


def of_kinds(hits: list, kinds: list[str] | None) -> list:
    """The hits of the categories a refined search showed before; all of them when none
    is (the refinement itself may have moved on)."""
    same = [h for h in hits if str(h.product.get("category")) in kinds] if kinds else []
    return same or hits
