"""Small pieces of English the replies share, kept apart so that any module can use them
(facts builds on attribute_answers and policy_answer, which each had their own copy)."""

from __future__ import annotations

import re
from collections.abc import Sequence


def in_words(items: Sequence[str], last: str = "and") -> str:
    """'a, b and c' ('a, b or c')."""
    items = list(items)
    return f" {last} ".join(filter(None, [", ".join(items[:-1]), items[-1]])) if items else ""


def none_of(n: int, noun: str = "") -> str:
    """"None of these 5 listings"; of two, "Neither listing" ("None of these 2 listings
    rates pockets" read oddly). The verb after either is singular."""
    if n == 2:
        return f"Neither {re.sub(r's$', '', noun)}".strip()
    return f"None of these {n} {noun}".strip()


def plain_number(value: str) -> str:
    """"1.0" -> "1", "0.75" stays: a whole number as one writes it."""
    return re.sub(r"^([+-]?\d+)\.0+$", r"\1", value)


def sizes_in_words(sizes: Sequence[str]) -> str:
    """Sizes as given, in words: "36 to 42" when they are every whole size from the first
    to the last, else each of them ("40, 41, 43 and 44", "S, M and L")."""
    sizes = [str(s) for s in sizes]
    if len(sizes) > 2 and all(re.fullmatch(r"\d+", s) for s in sizes) and \
            [int(s) for s in sizes] == list(range(int(sizes[0]), int(sizes[-1]) + 1)):
        return f"{sizes[0]} to {sizes[-1]}"
    return in_words(sizes)


def price_span(products: Sequence[dict]) -> str:
    """What `products` cost, in words: "84.90 to 407.00 EUR", or "151.95 EUR" when they all
    cost the same (the first one's currency)."""
    prices = [p["price"] for p in products]
    low, high = min(prices), max(prices)
    said = f"{low:.2f}" if low == high else f"{low:.2f} to {high:.2f}"
    return f"{said} {products[0].get('currency') or ''}".strip()
