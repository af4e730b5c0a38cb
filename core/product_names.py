"""Which products a message names outright: "how much is the Starfall UL Tent?".

A question that names a product by its whole name is about that product; searching for it
listed five tents and left the customer to ask again. Names are matched as whole runs of
words (case and punctuation ignored), the longest first where two overlap, and so is the
start of a name no other name starts with ("the Stormline Lite"); "Talus Mid Boots", which
two names start with, names no product (a plural is a search). Pure: built from (id, name)
pairs; `core.catalog.Catalog.named_in` keeps one per catalogue version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def tokens(text: str) -> list[str]:
    # a minus sign that starts a number stays on it: the "Dormant -5" bag is not one of
    # the two "Dormant 5" bags (comfort temperatures in names)
    return re.findall(r"(?<![^\W_])-\d+|[^\W_]+", text.lower())


def without_name(text: str, name: str) -> str:
    """`text` less the longest start of `name` (two words or more) it holds: "is the
    Dormant -5 warm enough?" asks of the Dormant -5 Synthetic Sleeping Bag whether it is
    warm, not whether it is good at -5 °C."""
    words = tokens(name)
    for n in range(len(words), 1, -1):
        run = r"[\W_]*".join(re.escape(w) for w in words[:n])
        found = re.search(rf"(?<![^\W_]){run}(?![^\W_])", text, flags=re.I)
        if found and n > 2 and re.fullmatch(r"\W*(?:and\s+|so\s+|but\s+)?(?:is|are)\s+(?:the\s+)?",
                                            text[:found.start()], re.I) and re.match(r"\s*(?:[?,.!]|and\b|or\b|$)",
                                                            text[found.end():], re.I):
            # "is the Talus Mid waterproof and …?" of the Talus Mid Waterproof Hiking Boot:
            # its last word is what is asked (it answered only the weight)
            return without_name(text, " ".join(words[:n - 1]))
        if found:
            return f"{text[:found.start()]} {text[found.end():]}"
    return text


class NameIndex:
    def __init__(self, named: Iterable[tuple[str, str]]):
        """`named`: (product id, product name) pairs."""
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._full: dict[str, tuple[str, ...]] = {}
        for pid, name in named:
            words = self._full[pid] = tuple(tokens(name or ""))
            if len(words) >= 2:  # a one-word name ("Fleece") is a category word, not a name
                self._by_first.setdefault(words[0], []).append((words, pid))
        self._at = {pid: n for n, pid in enumerate(self._full)}  # catalogue order
        # the start of a name that no other name starts with ("the Stormline Lite", "the
        # Starfall UL"): customers shorten names; "Stormline" alone, of four, names none
        count: dict[tuple[str, ...], int] = {}
        for entries in self._by_first.values():
            for words, _ in entries:
                for n in range(2, len(words)):
                    count[words[:n]] = count.get(words[:n], 0) + 1
        for entries in list(self._by_first.values()):
            entries += [(words[:n], pid) for words, pid in list(entries)
                        for n in range(2, len(words)) if count[words[:n]] == 1
                        and words[:n] not in {w for w, _ in entries}]
            entries.sort(key=lambda e: -len(e[0]))

    def find(self, text: str) -> list[str]:
        """Ids of the products `text` names, in the order it names them, each once."""
        words = tokens(text)
        found: list[tuple[int, int, str]] = []
        for i, word in enumerate(words):
            for name, pid in self._by_first.get(word, ()):
                end = i + len(name)
                if tuple(words[i:end]) == name:
                    found.append((i, end, pid))
                    break  # the longest name starting here
        taken: list[tuple[int, int, str]] = []
        for start, end, pid in sorted(found, key=lambda f: f[0] - f[1]):  # longest first
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, pid))
        return list(dict.fromkeys(pid for _, _, pid in sorted(taken)))

    def starting(self, text: str) -> list[str]:
        """Ids of the products whose names start with words `text` says, though it names
        none whole ("the Stormline" of four Stormline jackets, "the Downpour" of the
        Downpour 2.5L Shell Jacket): at each word, the names that share the longest start
        there, in the order said (and of one start, the catalogue's); words of three letters
        or fewer start no name."""
        words = tokens(text)
        found: list[str] = []
        for i, word in enumerate(words):
            ids = {pid for _, pid in self._by_first.get(word, ())} if len(word) > 3 else ()
            names = {pid: self._full[pid] for pid in sorted(ids, key=self._at.get)}
            k = 1
            while i + k < len(words) and any(tuple(words[i:i + k + 1]) == name[:k + 1]
                                             for name in names.values()):
                k += 1
            found += [pid for pid, name in names.items() if tuple(words[i:i + k]) == name[:k]]
        return list(dict.fromkeys(found))


# a link or a product code pasted into the chat: "https://shop.example/p/P1233", "P1233"
_CODE = re.compile(r"(?:https?://[^\s]*?|\b)([A-Za-z]{1,3}-?\d{2,8})(?:[./?#][^\s]*)?"
                   r"(?=\s|$|[,;!?)])")


def codes_named(text: str, get: Callable[[str], dict | None]) -> str:
    """`text` with each product code or link to a product said as its name ("is P1233 in
    stock?" -> "is the Stormhold 1 Ultralight Tent in stock?"): a code was taken for an
    order number ("no order P-1233"). `get`: the catalogue's product by id, None for none;
    codes of no product stay as they are."""
    def named(m: re.Match) -> str:
        code = m[1]
        product = get(code) or get(code.upper())
        if not product:
            return m[0]
        the = "" if re.search(r"\bthe\s+$", m.string[:m.start()], re.I) else "the "
        return f"{the}{product['name']}"
    return _CODE.sub(named, text)
