"""Small pieces of English the replies share, kept apart so that any module can use them
(facts builds on attribute_answers and policy_answer, which each had their own copy)."""

from __future__ import annotations

import re
from collections.abc import Sequence


def in_words(items: Sequence[str], last: str = "and") -> str:
    """'a, b and c' ('a, b or c')."""
    items = list(items)
    return f" {last} ".join(filter(None, [", ".join(items[:-1]), items[-1]])) if items else ""


def plain_number(value: str) -> str:
    """"1.0" -> "1", "0.75" stays: a whole number as one writes it."""
    return re.sub(r"^([+-]?\d+)\.0+$", r"\1", value)
