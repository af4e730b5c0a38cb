"""What a product is for — the activity, the season, who wears it — is the listing's claim.

The fine-tuned model introduces a list of four rain jackets with "The Stormline is a
waterproof winter clothing for climbing" (no listing says winter or climbing), and picks
"the alpine one" among hiking boots with "The Col Mid Hiker is the alpine one" (make chat).
Every figure in those drafts is right, so grounding passed them; yet a customer buys on
these words. Here they are a closed vocabulary, like grounding.FEATURES: a use the draft
claims must be backed by the trusted facts (a name, a category, a description, "season:
winter"), and said of one product among several it must be that product's (the binding
rule, core/binding.py). Questions and denials claim nothing ("Is it for winter?",
"not made for climbing"). Pure.
"""

from __future__ import annotations

import re

# use -> the words that claim it. Hiking and trekking are one use (a "trekking boot" is a
# hiking boot); "walk" is left out (a reply "walks you through" returns).
USES = {
    "climbing": r"climb(?:s|ing|ers?)?|bouldering",
    "hiking": r"hik(?:e|es|ing|ers?)|trek(?:s|king|kers?)?",
    # "lights up the trail on evening runs" ("runs on AA batteries" is no use)
    "running": r"running|runners?|jogging|joggers?|(?:evening|morning|night|trail|long|"
               r"tempo|easy|daily|weekend|early|short|road|fast) runs?",
    "cycling": r"cycl(?:ing|ists?)|biking|bikes?",
    "skiing": r"ski(?:s|ing|ers?)?|snowboard(?:s|ing|ers?)?",
    "camping": r"camp(?:s|ing|ers?|sites?)?",
    "alpine": r"alpine|mountaineer(?:s|ing)?",
    "travel": r"travel(?:s|l?ing|l?ers?)?",
    "commuting": r"commut(?:e|es|ing|ers?)",
    "winter": r"winter|wintry",
    "summer": r"summer",
    "spring": r"spring",
    "autumn": r"autumn",
    "women": r"women(?:'s)?|ladies|female",
    "men": r"men(?:'s)?|male",
    "kids": r"kids?|child(?:ren)?(?:'s)?|junior|girls?|boys?",  # "for a girl": a child
    # an occasion outdoor gear is not made for ("shoes for a wedding" listed running shoes
    # as if they were); no "party", "business", "office": "third party", "business days"
    "formal": r"weddings?|formal|black[- ]tie|funerals?|proms?|galas?|job interviews?",
    # a fit the listing must state ("running shoes for wide feet" listed shoes that no
    # listing says are wide, as if they were); "a wide range" is no fit
    "wide": r"wide[- ](?:feet|foot|fit(?:ting)?|toe ?box(?:es)?|widths?|sizes?)",
    "narrow": r"narrow[- ](?:feet|foot|fit(?:ting)?|heels?|widths?|sizes?)",
    # a body part kept warm ("something to keep my hands warm" listed jackets and socks,
    # as if they were for hands); not "hands-free"
    "hands": r"hands(?![- ]free)|fingers",
    # ("I'm a size 44 and have flat feet" listed five road shoes with no word of it)
    "flat_feet": r"flat[- ](?:feet|foot|footed)|fallen arches|(?:good |extra )?arch support|"
                 r"over[- ]?pronat(?:e|es|ion|ing|ors?)",
}
_USE = re.compile(r"\b(" + "|".join(f"(?P<{u}>{w})" for u, w in USES.items()) + r")\b", re.I)

# a word in the facts that backs other uses: an all-season boot is a winter boot, a unisex
# fleece is for men and for women
COVERS = {"all-season": ("winter", "summer", "spring", "autumn"),
          "four-season": ("winter", "summer", "spring", "autumn"),
          "3-season": ("summer", "spring", "autumn"),
          "three-season": ("summer", "spring", "autumn"),
          "unisex": ("women", "men")}
_COVER = re.compile(r"\b(" + "|".join(map(re.escape, COVERS)) + r")\b", re.I)
_DENIED = re.compile(r"(?:\bnot|n't|\bno|\bnor|\bneither|\bwithout)\s+(?:[\w'-]+\s+){0,3}$",
                     re.I)


def _use(m: re.Match) -> str:
    return next(u for u in USES if m.group(u))


def uses_in(text: str) -> set[str]:
    """Every use a text backs ("Alpine Rain Jacket", "season: all-season"); a denied one
    ("No listing here mentions kids.") backs nothing."""
    found = {use for _, use in asked(text)}
    for m in _COVER.finditer(text):
        found |= set(COVERS[m.group(1).lower()])
    return found


# the uses that are things done ("what about running?" asks for gear for it)
ACTIVITIES = ("climbing", "hiking", "running", "cycling", "skiing", "camping", "commuting")


def activity(word: str) -> str | None:
    """The activity one word is ("running", "trekking": hiking), None for any other word."""
    m = _USE.fullmatch(word.strip())
    return _use(m) if m and _use(m) in ACTIVITIES else None


def asked(text: str) -> list[tuple[str, str]]:
    """(word, use) of each use a text names and does not deny, questions included ("what's
    a good daypack for kids?": kids)."""
    return [(m.group(0), _use(m)) for m in _USE.finditer(text)
            if not _DENIED.search(text[max(0, m.start() - 60):m.start()])]


def claims(text: str) -> list[tuple[int, str, str]]:
    """(position, word, use) of each use the text claims: not in a question, not denied,
    not under "whether" or "if" ("If you hike in winter, …" frames the customer's plan)."""
    out = []
    for sentence in re.finditer(r"[^.!?\n]+[.!?]*", text):
        if sentence.group(0).rstrip().endswith("?"):
            continue
        body = sentence.group(0)
        for m in _USE.finditer(body):
            before = body[:m.start()]
            if _DENIED.search(before) or re.search(r"\bwhether\b|\bif\b", before, re.I):
                continue
            out.append((sentence.start() + m.start(), m.group(0), _use(m)))
    return out


def unbacked(text: str, evidence: str) -> list[tuple[str, str]]:
    """(word, use) for each use the text claims that the evidence never backs."""
    backed = uses_in(evidence)
    seen: dict[str, str] = {}
    for _, word, use in claims(text):
        if use not in backed:
            seen.setdefault(use, word)
    return [(word, use) for use, word in seen.items()]
