"""Typing slips fixed before a message is understood: "wich one is waterprof?".

The understanding rules read words ("which", "waterproof"); a customer typing fast on a
phone writes "wich" and "waterprof", and got "say it another way". Short chat spellings
come from a fixed table; longer words are corrected by the catalogue's own speller (edit
distance 1 to a word some product uses, never to or from an English word: see
core.retrieval.Speller). The customer's own text is what the store keeps. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# chat shorthand and common slips of short words, which a speller cannot tell apart
SHORT = {
    "wich": "which", "whcih": "which", "whihc": "which", "whch": "which", "wht": "what",
    "wat": "what", "waht": "what", "hw": "how", "u": "you", "ur": "your", "pls": "please",
    "plz": "please", "thx": "thanks", "ty": "thanks", "teh": "the", "abt": "about",
    "dont": "don't", "doesnt": "doesn't", "isnt": "isn't", "cant": "can't",
    "wont": "won't", "im": "I'm", "hv": "have", "smth": "something", "sth": "something",
}
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def tidy(text: str, correct: Callable[[str], str | None] | None = None) -> str:
    """`text` with chat shorthand spelled out and, given `correct` (a word -> its fix or
    None), misspelt catalogue words fixed; every other character as it was."""
    def fix(m: re.Match) -> str:
        word = m.group(0)
        low = word.lower()
        if low in SHORT:
            return SHORT[low]
        return (correct(low) or word) if correct and "'" not in low else word
    return WORD.sub(fix, text)
