"""Colour families: a customer asking for "blue" means the navy jacket too.

Shops list shades ("navy", "olive", "charcoal"); customers ask for the basic colour. A
search for a blue rain jacket said "nothing matches (colour blue)" while navy ones were in
stock, and "does it come in blue?" of a navy jacket answered "No". A basic colour matches
itself and its shades; a shade matches only itself ("navy" is not every blue). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# basic colour -> the shades listed under another name that a customer asking for it means
FAMILIES: dict[str, tuple[str, ...]] = {
    "blue": ("navy", "sky blue", "teal", "cobalt", "royal blue", "light blue", "dark blue"),
    "green": ("olive", "sage", "lime", "khaki", "forest green", "dark green", "mint"),
    "grey": ("charcoal", "slate", "silver", "dark grey", "light grey"),
    "red": ("burgundy", "maroon", "crimson", "dark red"),
    "brown": ("tan", "chocolate", "dark brown"),
    "beige": ("sand", "tan", "cream", "stone"),
    "orange": ("rust", "coral"),
    "pink": ("coral", "rose"),
    "purple": ("plum", "lilac", "violet"),
    "yellow": ("mustard",),
}
FAMILIES["gray"] = FAMILIES["grey"]


def shades(colour: str) -> tuple[str, ...]:
    """The listed colours that answer a request for `colour` ("blue or black": either),
    lower case, each asked colour before its shades."""
    asked = [c.strip() for c in str(colour).lower().split(" or ") if c.strip()]
    return tuple(dict.fromkeys(s for c in asked for s in (c, *FAMILIES.get(c, ()))))


def choice(found: list[str], text: str) -> str | None:
    """"blue or black" when `text` asks for two of the colours `found` in it joined by
    "or" ("blue or black boots"); None otherwise. Colours as the slot holds them."""
    low = text.lower()
    for a in found:
        for b in found:
            if a != b and re.search(rf"\b{re.escape(a)}\s*(?:or|/)\s*{re.escape(b)}\b", low):
                return f"{a} or {b}"
    return None


def matching(listed: Iterable[str], colour: str) -> list[str]:
    """The colours of `listed` (as the shop spells them) that a request for `colour` means."""
    wanted = set(shades(colour))
    return [c for c in listed if str(c).strip().lower() in wanted]
