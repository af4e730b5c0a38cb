"""A budget for several kinds at once: "I have 300 euros, I need a tent and a sleeping bag".

Each kind was held to the whole budget, so a 245 EUR tent and a 183 EUR sleeping bag were
listed as if either went with the other, and "which combination is cheapest?" got the one
cheapest product. A budget said as what there is to spend, or for them together, is for
the set: each kind may cost what is left after the cheapest of the others (in stock), and
a note says what the cheapest set comes to, or that none fits. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .wording import in_words

# a budget for everything asked, not for each ("tents and sleeping bags under 300": each)
TOTAL = re.compile(r"\b(?:i|we)(?:'ve| have)? (?:got|have|can spend|can afford|want to spend)\b|"
                   r"\bbudget\b|\blimit\b|\bin total\b|\baltogether\b|\btogether\b|\boverall\b|"
                   r"\bfor (?:both|all of (?:them|it)|everything)\b", re.I)


def cheapest(products: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The cheapest product in stock; None when none is."""
    return min((p for p in products if int(p.get("stock") or 0) > 0),
               key=lambda p: float(p["price"]), default=None)


_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def count_of(part: str, kind: str) -> int:
    """How many of `kind` a part of the request asks for: 2 of "2 sleeping bags for
    summer", 1 of "a 2 person tent" (the number is the persons', not the tents')."""
    m = re.search(rf"\b(\d{{1,2}}|{'|'.join(_COUNT_WORDS)})\s+{re.escape(kind.split()[0][:5])}",
                  part, re.I)
    return int(_COUNT_WORDS.get(m[1].lower(), m[1])) if m else 1


def _total(cheapest_of: Mapping[str, Mapping[str, Any]], counts: Mapping[str, int]) -> float:
    return sum(float(p["price"]) * counts.get(k, 1) for k, p in cheapest_of.items())


def caps(budget: float, cheapest_of: Mapping[str, Mapping[str, Any]],
         counts: Mapping[str, int] | None = None) -> dict[str, float]:
    """{kind: the most one of the kind may cost with the cheapest of each other kind},
    `counts` of each (1 where not given)."""
    counts = counts or {}
    total = _total(cheapest_of, counts)
    return {kind: round((budget - (total - float(p["price"]) * counts.get(kind, 1)))
                        / counts.get(kind, 1), 2) for kind, p in cheapest_of.items()}


# "which combination is cheapest?", "the cheapest set?" after a list of several kinds
SET_ASKED = re.compile(r"\b(?:cheapest|least expensive|lowest)\b.{0,20}\b(?:combination|combo|"
                       r"set|pair|kit|together)\b|\b(?:combination|combo|set|pair|kit)\b.{0,20}"
                       r"\b(?:cheapest|least expensive|lowest)\b", re.I)


def note(budget: float | None, cheapest_of: Mapping[str, Mapping[str, Any]],
         counts: Mapping[str, int] | None = None) -> str:
    """"Together, the cheapest of each — the A (130.99 EUR) and 2 × the B (84.90 EUR) —
    come to 300.79 EUR, within your 500 EUR." or that no set fits, and what the cheapest
    comes to; with no budget, what it comes to."""
    counts = counts or {}
    currency = str(next(iter(cheapest_of.values())).get("currency") or "")
    total = _total(cheapest_of, counts)
    names = in_words([f"{f'{counts[k]} × ' if counts.get(k, 1) > 1 else ''}the {p['name']} "
                      f"({float(p['price']):.2f} {currency})" for k, p in cheapest_of.items()])
    if budget is None:
        return f"Together, the cheapest of each — {names} — come to {total:.2f} {currency}."
    if total <= budget:
        return (f"Together, the cheapest of each — {names} — come to {total:.2f} {currency}, "
                f"within your {budget:g} {currency}.")
    return (f"No set of them fits in {budget:g} {currency}: the cheapest of each — {names} — "
            f"come to {total:.2f} {currency} together.")
