"""Two words of a kind's listings set against each other: "what's the difference between
2.5L and 3L jackets?" (five rain jackets came, as if they were the answer), "gore-tex or a
normal rain jacket?" (five, no listing mentioning gore-tex).

No listing explains what a "3L" shell is, and the bot does not either; what the listings do
give is which of the kind say each word, and their prices and figures (kind_guide.side).
Materials ("down or synthetic?") are kind_guide's own. Pure: text and products in, words out.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from .kind_guide import side
from .wording import in_words

_TERM = r"(?:an? |the )?([a-z0-9][\w.+-]*?)"
# "between 2.5L and 3L jackets", "2.5L vs 3L", "gore-tex or a normal rain jacket?"
_PAIRS = (re.compile(rf"\bdifferen(?:ce|t)s? between {_TERM}(?: [a-z]+){{0,2}} and {_TERM}\b", re.I),
          re.compile(rf"\b{_TERM} (?:vs\.?|versus) {_TERM}\b", re.I),
          re.compile(rf"^\W*(?:(?:should i get|is|are) )?{_TERM} or {_TERM}\b(?: [a-z]+){{1,3}}"
                     r"\s*[?,]", re.I))
# the other side, said as no word of its own: "a normal rain jacket" is every one without
# the first word
_PLAIN = frozenset("normal regular standard ordinary plain usual other basic classic".split())
# no word of a listing to find: those shown, what the customer has, a judgement
_NOT_TERMS = frozenset("""it them they this that these those one ones first second third fourth
fifth last other others mine yours my your cheap cheaper expensive good better best""".split())


def terms_compared(text: str, kind: str) -> list[str]:
    """The two words `text` sets against each other ("2.5l", "3l"; "gore-tex", "normal"),
    at least one of them more than a plain word; [] when it sets none, or one is the
    kind's own word or a pointer ("the first and the second")."""
    for pattern in _PAIRS:
        if m := pattern.search(text):
            terms = [m[1].lower().rstrip(".,"), m[2].lower().rstrip(".,")]
            kind_words = set(kind.lower().split()) | {w.rstrip("s") for w in kind.lower().split()}
            if any(t in _NOT_TERMS or t in kind_words or t.isdigit() for t in terms) or all(
                    t in _PLAIN for t in terms) or terms[0] == terms[1]:
                return []
            return terms
    return []


def says(product: dict[str, Any], term: str) -> bool:
    """Does `product`'s name, description or a listed value hold the word `term`?"""
    attributes = " ".join(str(v) for v in (product.get("attributes") or {}).values())
    listing = f"{product.get('name', '')} {product.get('description', '')} {attributes}"
    return bool(re.search(rf"(?<![\w.]){re.escape(term)}(?![\w])", listing, re.I))


def versus(products: Sequence[dict[str, Any]], kind: str, terms: Sequence[str]) -> str:
    """"Our listings don't explain 2.5L and 3L in general, but here is how our rain jackets
    of each compare:" and a line for each word (how many, their prices and figures); a
    plain word ("normal") is those that say none of the others. When no listing says any
    of the words, that none does ("None of our rain jackets mentions gore-tex, …")."""
    named = [t for t in terms if t not in _PLAIN]
    said = {t: [p for p in products if says(p, t)] for t in named}
    spelled = {t: next((m[0] for p in said[t] for m in [re.search(
        rf"(?<![\w.]){re.escape(t)}(?![\w])", f"{p.get('name', '')} {p.get('description', '')}",
        re.I)] if m and not m[0][1:].islower()), t) for t in named}
    # ("2.5L" as the listings write it; "hooded" as the customer did, not "Hooded")
    if not any(said.values()):
        return (f"None of our {kind} mentions {in_words(named, 'or')}, so I can't say how "
                f"{'they differ' if len(named) > 1 else 'it differs'} from the others.")
    lines = []
    for term in terms:
        if term in _PLAIN:
            own = [p for p in products if not any(p in said[t] for t in named)]
            label = f"the others, {term}" if own else term
        else:
            own, label = said[term], spelled[term]
        lines.append(f"- {label} ({len(own)}): {side(own)}" if own else
                     f"- {label}: none of our {kind} mentions it")
    return (f"Our listings don't explain {in_words([spelled[t] for t in named])} in general, "
            f"but here is how our {kind} of each compare:\n" + "\n".join(lines))
