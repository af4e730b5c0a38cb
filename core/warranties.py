"""How long products are under warranty, from their own listings (`warranty_years`): what a
warranty question of a kind or of the products shown says before the shop's policy.

"What's the warranty on tents?" got the policy's "at least 2 years" alone, though four of
the tents carry 5; "what's the warranty on them?" after a list, the same. The years are
each listing's own; the policy (how to claim) still follows them.
"""

from __future__ import annotations

import re
from typing import Any

from . import attribute_answers
from .wording import in_words

NAMED = 5  # a group of more products than this is counted, not named


def years_of(product: dict[str, Any]) -> int | None:
    """The whole years of warranty the listing gives; None when it gives none."""
    said = str((product.get("attributes") or {}).get("warranty_years", "")).strip()
    return int(said) if re.fullmatch(r"\d+", said) else None


def of_kind(products: list[dict[str, Any]], kind: str) -> str:
    """"Our tents come with a warranty of 2 to 5 years: 5 years on the A, B and C; 3 years
    on the D and E; 2 years on the other 10." — "" when no listing of them gives years."""
    groups: dict[int, list[str]] = {}
    for p in products:
        if (years := years_of(p)) is not None:
            groups.setdefault(years, []).append(p["name"])
    if not groups:
        return ""
    spans = sorted(groups, reverse=True)
    unlisted = len(products) - sum(len(g) for g in groups.values())
    tail = (" One of them lists no warranty of its own." if unlisted == 1 else
            f" {unlisted} of them list no warranty of their own." if unlisted else "")
    if len(spans) == 1:
        every = "Our" if unlisted else "All our"
        return f"{every} {kind} come with a {spans[0]}-year warranty.{tail}"
    span = f"{spans[-1]} or {spans[0]}" if len(spans) == 2 else f"{spans[-1]} to {spans[0]}"
    parts = [f"{y} years on {_names(groups[y])}" for y in spans[:-1]]
    rest = groups[spans[-1]]
    parts.append(f"{spans[-1]} years on " + (
        f"the other {len(rest)}" if len(rest) > NAMED else _names(rest)))
    return f"Our {kind} come with a warranty of {span} years: {'; '.join(parts)}.{tail}"


def of_each(products: list[dict[str, Any]]) -> str:
    """"1. The A: 5 years." for each product shown, numbered as the list was; "" when
    none of them lists its years."""
    if not any(years_of(p) is not None for p in products):
        return ""
    if len(products) == 1:  # as its card's answer says it
        return attribute_answers.answer(products[0], "what is the warranty?") or ""
    return "\n".join(f"{n}. The {p['name']}: " + (
        f"{years_of(p)} years" if years_of(p) is not None else "no warranty of its own listed")
        for n, p in enumerate(products, 1))


def pointed(text: str, focus: dict[str, Any] | None, shown: list[dict[str, Any]]
            ) -> list[dict[str, Any]]:
    """The products a warranty question points back at: those shown for "them", "they",
    "each", the one in focus (else the one shown) for "it"; [] when it points at none."""
    if re.search(r"\b(?:them|they|these|those|each|both)\b", text, re.I) and shown:
        return shown
    if re.search(r"\b(?:it|this|that)\b", text, re.I):
        return [focus] if focus else shown[:1] if len(shown) == 1 else []
    return []


def _names(names: list[str]) -> str:
    if len(names) > NAMED:
        return f"{len(names)} of them"
    return "the " + in_words(names)
