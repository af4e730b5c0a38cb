"""Typing slips fixed before a message is understood: "wich one is waterprof?".

The understanding rules read words ("which", "waterproof"); a customer typing fast on a
phone writes "wich" and "waterprof", and got "say it another way". Short chat spellings
come from a fixed table, as do slips of the words a list is compared by ("lightst"); longer
words are corrected by the catalogue's own speller (edit
distance 1 to a word some product uses, never to or from an English word: see
core.retrieval.Speller). The customer's own text is what the store keeps. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .embeddings import dictionary_words
from .retrieval import one_edit

# chat shorthand and common slips of short words, which a speller cannot tell apart
SHORT = {
    "wich": "which", "whcih": "which", "whihc": "which", "whch": "which", "wht": "what",
    "wat": "what", "waht": "what", "hw": "how", "u": "you", "ur": "your", "pls": "please",
    "plz": "please", "thx": "thanks", "ty": "thanks", "teh": "the", "abt": "about",
    "dont": "don't", "doesnt": "doesn't", "isnt": "isn't", "cant": "can't",
    "wont": "won't", "im": "I'm", "hv": "have", "hav": "have", "smth": "something",
    "sth": "something", "dose": "does", "doe": "does",
    # a price bound: "tents undr 300" kept no bound, and listed tents at 550
    "undr": "under", "unde": "under", "uner": "under", "udner": "under", "unter": "under",
    "bellow": "below", "belw": "below", "ovr": "over", "beween": "between",
}
# the words a list is compared by, which no catalogue uses ("lightst" was read as "lights",
# and the listings that mention lights were named)
# (-er forms only where no verb is one letter away: "faster" is "fasten", "softer" "soften")
COMPARING = (*(f"{stem}est" for stem in (
    "light", "heavi", "cheap", "warm", "bigg", "small", "bright", "long", "short", "wid",
    "narrow", "dear", "strong", "quiet", "fast", "slow", "thick", "thinn", "soft")),
    "cheaper", "heavier", "bigger", "smaller", "brighter", "warmer", "wider")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def tidy(text: str, correct: Callable[[str], str | None] | None = None) -> str:
    """`text` with chat shorthand spelled out and, given `correct` (a word -> its fix or
    None), misspelt catalogue words fixed; every other character as it was."""
    def fix(m: re.Match) -> str:
        word = m.group(0)
        low = word.lower()
        if low in SHORT:
            return SHORT[low]
        if len(low) > 4 and low not in COMPARING and low not in dictionary_words() and (
                near := next((w for w in COMPARING if one_edit(low, w)), None)):
            return near
        return (correct(low) or word) if correct and "'" not in low else word
    return WORD.sub(fix, text)
