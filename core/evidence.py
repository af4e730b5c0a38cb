"""What a draft may say: the trusted part of a reply's facts (core/grounding.py checks
drafts against it, core/binding.py per product).

`grounds_from` walks the facts, skipping what the customer typed (`UNTRUSTED_KEYS`), into
one `Grounds`: the numbers and amounts of money they give, their text and words, the
product names, order statuses and "field: value" pairs. The token patterns (ids, dates,
numbers, numbered list items) are the ones every check reads a draft with. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

# "unlisted": the words of uses no listing names ("kids"), which back nothing
UNTRUSTED_KEYS = frozenset({"query", "text", "message", "question", "history", "user_text",
                            "user_message", "messages", "input", "unlisted"})

STATUSES = {"processing": "processing", "being processed": "processing",
            "shipped": "shipped", "dispatched": "shipped",
            "out for delivery": "out_for_delivery", "delivered": "delivered",
            "cancelled": "cancelled", "canceled": "cancelled", "returned": "returned"}
ID = re.compile(r"\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]{4,}"
                 r"[A-Za-z0-9]\b|\b\d{7,}\b")
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
NUMBER = re.compile(r"([$€£]\s?)?(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\w)"
                     r"(\s?(?:%|USD|EUR|GBP|dollars?|euros?|pounds?))?", re.I)
LIST_ITEM = re.compile(r"^\s*\d+[.)]\s", re.M)

@dataclass(frozen=True, slots=True)
class Violation:
    """One claim in a draft that the facts do not back."""

    kind: str       # number | price | id | date | order_status | product | size | colour |
                    # feature | use | binding
    value: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value, "message": self.message}


@dataclass(frozen=True, slots=True)
class Grounds:
    """What the trusted facts allow a reply to say."""

    numbers: frozenset[Decimal]
    money: frozenset[Decimal]    # amounts the facts give with a currency (or as a price)
    text: str                    # all trusted strings, lowercased, joined
    words: frozenset[str]
    names: tuple[str, ...]       # product names in the facts
    statuses: frozenset[str]
    keys: str = ""               # the facts' own field names, and "name: value" for
                                 # each plain value ("waterproof: no"), joined


def is_money(m: re.Match) -> bool:
    """A currency sign or code, or two decimals: the number is an amount of money."""
    return bool(m.group(1) or (m.group(4) and "%" not in m.group(4)) or
                (m.group(3) and len(m.group(3)) == 3))


def decimal(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None


def _walk(value: Any, key: str, out: dict) -> None:
    if key in UNTRUSTED_KEYS:
        return
    if isinstance(value, Mapping):
        if isinstance(value.get("name"), str) and ("price" in value or "id" in value):
            out["names"].append(value["name"])
        if isinstance(value.get("status"), str):
            out["statuses"].add(STATUSES.get(value["status"].replace("_", " ").lower(),
                                             value["status"].lower()))
        for k, v in value.items():
            if str(k) in UNTRUSTED_KEYS:  # "query: is it waterproof" proves nothing
                continue
            name = str(k).replace("_", " ").lower()
            plain = isinstance(v, (str, int, float, Decimal, bool))
            out["keys"].append(f"{name}: {str(v).lower()}" if plain else name)
            _walk(v, str(k), out)
    elif isinstance(value, (list, tuple, set, frozenset)):
        out["numbers"].add(Decimal(len(value)))
        for v in value:
            _walk(v, key, out)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, (int, float, Decimal)):
        out["numbers"].add(Decimal(str(value)))
        if re.search(r"price|total|fee|amount|threshold|cost", key):
            out["money"].add(Decimal(str(value)))
        out["strings"].append(str(value))
    else:
        s = str(value)
        out["strings"].append(s)
        for m in NUMBER.finditer(LIST_ITEM.sub(" ", s)):  # "1. " numbers a list: no figure
            if (d := decimal(m.group(2) + (m.group(3) or ""))) is not None:
                out["numbers"].add(d)
                if is_money(m) or re.search(r"price|total|fee|amount|threshold|cost", key):
                    out["money"].add(d)


def grounds_from(facts: Mapping[str, Any]) -> Grounds:
    out: dict = {"numbers": set(), "money": set(), "strings": [], "names": [],
                 "statuses": set(), "keys": []}
    _walk(facts, "", out)
    text = "\n".join(out["strings"]).lower()
    return Grounds(frozenset(out["numbers"]), frozenset(out["money"]), text,
                   frozenset(re.findall(r"[\w'&-]+", text)), tuple(out["names"]),
                   frozenset(out["statuses"]), "\n".join(out["keys"]))


def mask(text: str, spans: Iterable[str]) -> str:
    for s in sorted(set(spans), key=len, reverse=True):
        if s:
            text = re.sub(re.escape(s), " ", text, flags=re.I)
    return text
