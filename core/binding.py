"""Which product a claim belongs to (the binding rule of core/grounding.py).

With several products in the facts, a price or stock figure, "in stock" / "out of stock",
or a use (core/uses.py) said about one product must be that product's: "the Ridgeline is
99.95 EUR" when 99.95 is the Talus's price is caught though 99.95 is in the facts. A claim
belongs to the product named before it in its sentence, else the sentence's first named
product, else the one named last; said of a name's start that several products share
("the Stormline"), it must hold for each of them. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import uses
from .evidence import DATE, ID, LIST_ITEM, NUMBER, UNTRUSTED_KEYS, Violation, decimal

_PRODUCT_LINE = re.compile(r"^[ \t]*(?:\d+\.[ \t])?(?P<name>[^\n(—]+?)[ \t]\([^)\n]*\)[ \t]—"
                           r"(?P<rest>[^\n]*)$", re.M)


_STOCK_CLAIM = re.compile(r"\b(out of stock|sold out)\b|\bin stock\b", re.I)


def product_figures(facts: Mapping[str, Any]) -> dict[str, frozenset]:
    """name -> the figures of its fact line ("Name (Brand) — 109.99 EUR, in stock (14)"),
    plus the marker "in stock" or "out of stock"."""
    out: dict[str, frozenset] = {}
    for key, value in facts.items():
        if key in UNTRUSTED_KEYS or not isinstance(value, str):
            continue
        for m in _PRODUCT_LINE.finditer(value):
            rest = m.group("rest")
            stock = "out of stock" if re.search(r"out of stock", rest, re.I) else (
                "in stock" if re.search(r"in stock", rest, re.I) else None)
            out[m.group("name").strip()] = frozenset(
                [d for n in NUMBER.finditer(rest)
                 if (d := decimal(n.group(2) + (n.group(3) or ""))) is not None]
                + ([stock] if stock else []) + [f"use:{u}" for u in uses.uses_in(m.group(0))])
    return out


def _mentions(text: str, figures: Mapping[str, frozenset]) -> list[tuple[int, str]]:
    """(position, name) of each product mention: the full name, or its first word when no
    other listed product starts with it ("the Talus" for "Talus Mid Waterproof Boot") and
    it is not part of another product's full name ("Balance Carbon Poles")."""
    def hits(form: str):
        return [(m.start(), m.end()) for m in re.finditer(
            rf"(?<!\w){re.escape(form)}(?!\w)", text, re.I)]

    full = {name: hits(name) for name in figures}
    taken = [span for spans in full.values() for span in spans]
    firsts = [n.split()[0].lower() for n in figures]
    out = {(start, name) for name, spans in full.items() for start, _ in spans}
    for name in figures:
        first = name.split()[0]
        if firsts.count(first.lower()) == 1 and len(first) >= 4:
            out |= {(a, name) for a, b in hits(first)
                    if not any(x <= a and b <= y for x, y in taken)}
    return sorted(out)


def _shared_starts(figures: Mapping[str, frozenset]) -> dict[str, list[str]]:
    """A first word two or more of the products' names start with -> those names."""
    starts: dict[str, list[str]] = {}
    for name in figures:
        if len(first := name.split()[0]) >= 4:
            starts.setdefault(f"the {first}", []).append(name)
    return {k: v for k, v in starts.items() if len(v) >= 2}


def _vague(text: str, figures: Mapping[str, frozenset],
           shared: Mapping[str, list[str]]) -> list[tuple[int, str]]:
    """(position, "the Stormline") where the text names a start several products share,
    outside any full name. A claim about it must hold for them all: "All Stormline jackets
    are in stock" may be true, "The Stormline costs 266.00 EUR" beside four Stormline
    jackets (make chat) says which one's price?"""
    taken = [(m.start(), m.end()) for name in figures
             for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I)]
    return [(m.start(), start) for start in shared
            for m in re.finditer(rf"(?<!\w){re.escape(start.split()[1])}(?![\w-])", text, re.I)
            if not any(a <= m.start() < b for a, b in taken)]


def check(text: str, figures: Mapping[str, frozenset]) -> list[Violation]:
    """Each figure, stock word or use in `text` said of a product it is not true of
    (`figures`: `product_figures` of the facts)."""
    if len(figures) < 2:
        return []
    owned = frozenset().union(*figures.values())
    out, last = [], None
    shared = _shared_starts(figures)
    for sentence in re.split(r"(?<=[.!?;])\s+|\n", DATE.sub(" ", ID.sub(" ", text))):
        mentions = _mentions(sentence, figures) + _vague(sentence, figures, shared)
        mentions.sort()
        claims = [(m.start(), m.group(0).strip(), decimal(m.group(2) + (m.group(3) or "")))
                  for m in NUMBER.finditer(LIST_ITEM.sub(" ", sentence))]
        claims += [(m.start(), m.group(0), "out of stock" if m.group(1) else "in stock")
                   for m in _STOCK_CLAIM.finditer(sentence)]
        claims += [(at, word, f"use:{use}") for at, word, use in uses.claims(sentence)]
        for pos, said, value in claims:
            if value is None or value not in owned:
                continue  # not a product's figure: the other checks judge it
            before = [n for at, n in mentions if at <= pos]
            about = before[-1] if before else (mentions[0][1] if mentions else last)
            if about in shared and value not in frozenset.intersection(
                    *(figures[n] for n in shared[about])):
                out.append(Violation("binding", said, f"{about!r} could be any of "
                                     f"{len(shared[about])} products and {said!r} is not "
                                     "true of them all"))
            elif about is not None and about not in shared and value not in figures[about]:
                out.append(Violation("binding", said, f"{said!r} is not true of the {about}"))
        if mentions:
            last = mentions[-1][1]
    return out
