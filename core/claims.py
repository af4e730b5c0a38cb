"""What a shop might claim of its range as a whole — sustainable, vegan, PFC-free, fairly
made, made in some country — and no listing rates.

"Are your products eco friendly?" got "say it another way"; "where are your products made?"
the contact policy's "I can't find the answer to that"; "are your tents sustainable?" five
tents, as if they were. A policy that mentions the claim answers it (core/turns); when none
does, the reply says the shop's data does not say, and gives what the listings do say that
bears on it: the recycled and organic materials they list for sustainability, the materials
they list for vegan (the customer judges leather and down, the bot does not). Pure.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .policy_answer import sentences
from .wording import in_words


@dataclass(frozen=True)
class Claim:
    pattern: re.Pattern  # finds the claim in a message, and in a policy's text
    about: str           # "how sustainable our {scope} are"
    evidence: str        # what of the listings bears on it: green materials, materials, care


CLAIMS: tuple[Claim, ...] = (
    # not "green" alone: a colour
    Claim(re.compile(r"\bsustainab\w*|\beco[- ]?(?:friendly|conscious)\b|\benvironment"
                     r"(?:al(?:ly)?)?[- ]friendly\b|\b(?:good|better|kind) (?:for|to) the "
                     r"(?:planet|environment)\b|\bcarbon[- ]neutral\b|\bclimate[- ](?:neutral|"
                     r"friendly)\b", re.I),
          "how sustainable our {scope} are", "green materials"),
    Claim(re.compile(r"\bvegan\b|\bcruelty[- ]free\b|\banimal[- ]free\b|\bno animal (?:products|"
                     r"materials)\b", re.I), "whether our {scope} are vegan", "materials"),
    Claim(re.compile(r"\bpf(?:c|as)s?\b|\bfluorocarbons?\b|\bforever chemicals\b", re.I),
          "whether our {scope} are PFC-free", ""),
    Claim(re.compile(r"\bethical(?:ly)?\b|\bfair[- ]?trade\b|\bsweatshops?\b|\bchild labou?r\b|"
                     r"\bworking conditions\b|\bfair (?:wages?|pay)\b|"
                     # "is the down responsibly sourced?" (it said the listing does not
                     # mention "whether it is sourced")
                     r"\bresponsibl[ey] (?:sourced|made|produced)\b|\bresponsible down\b|"
                     r"\brds[- ]certified\b|\bresponsible down standard\b", re.I),
          "how and by whom our {scope} are made (fair trade, working conditions)", ""),
    # "how do I wash my down jacket?" (five jackets): what no listing of ours gives
    Claim(re.compile(r"\bhow (?:do|should|can|would|to) (?:i |you |we |one )?(?:best )?(?:wash|"
                     r"clean|dry|care for|look after|maintain|re-?proof|re-?waterproof|wax)\b|"
                     r"\b(?:care|washing|cleaning) (?:instructions|guide|tips|label)\b|"
                     r"\bmachine[- ]wash(?:able)?\b|\btumble[- ]dr(?:y|ied|yer)\b", re.I),
          "how to wash or care for our {scope}", "care"),
    Claim(re.compile(r"\bwhere (?:are|is|do|does) (?:\w+ ){0,3}(?:made|manufactured|produced|"
                     r"sourced)\b|\b(?:made|manufactured|produced) in (?:the )?(?-i:[A-Z])[a-z]+|"
                     r"\bcountry of (?:origin|manufacture)\b", re.I),
          "where our {scope} are made", ""),
    # "any new arrivals?" said no product mentions "new arrivals"; "what's new in the
    # shop?" and "do you have the latest models?" were "say it another way": no listing
    # carries a date it came in
    Claim(re.compile(r"\bnew (?:arrivals?|releases?|collections?|products|items|stock|models?|"
                     r"season'?s?)\b|\bnew in\b(?! (?:size|\d|red|blue|black|green|white))|"
                     r"\bjust (?:arrived|in)\b|\blatest (?:models?|products|arrivals?|releases?|"
                     r"collections?|versions?)\b|\bnewest\b|\bwhat'?s new (?:in|at|on)\b|"
                     # "any new tents?" listed tents as if they were ("I need new boots":
                     # boots, to replace old ones)
                     r"\banything new\b|\bany new (?!(?:size|colou?r)s?\b)", re.I),
          "how new our {scope} are", ""),
)

_CARE = re.compile(r"\b(?:wash\w*|clean\w*|dry clean|tumble|care for|reproof\w*)\b", re.I)
# a question of the shop's range, not of the products on screen ("are they vegan?" is theirs)
_RANGE = re.compile(r"\b(?:your|products|company|shop|store|brands?|stuff|things|gear|range|"
                    r"anything|everything|any of|are you|(?:do|does) you (?:sell|have|use|make|"
                    r"offer|stock|carry))\b", re.I)
# "do you use recycled materials?", "anything organic?": what the listings say, not a claim
GREEN_ASKED = re.compile(r"\b(?:recycled|organic)\b", re.I)
# "what are your tents made of?", "what materials do you use?"
MATERIALS_ASKED = re.compile(r"\bwhat (?:materials?|fabrics?)\b|\bwhat (?:are|is) (?:\w+ ){0,3}"
                             r"made (?:of|from|out of)\b", re.I)


def asked(text: str) -> Claim | None:
    """The claim `text` asks about ("are your products eco friendly?"), or None."""
    return next((c for c in CLAIMS if c.pattern.search(text)), None)


def unsaid_of(name: str, listing: str, question: str, they: bool = False) -> str | None:
    """"Sorry, our listing for the X does not say whether it is vegan." when a claim is
    asked of one product ("is it ethically sourced down?": its whole card came back) and
    its `listing` (name, description, details) does not hold the claim's words; None when
    no claim is asked or the listing speaks of it (its card shows what)."""
    claim = asked(question)
    if claim is None or claim.pattern.search(listing):
        return None
    about = claim.about.replace("our {scope} are", "they are" if they else "it is").replace(
        "our {scope}", "them" if they else "it")
    return f"Sorry, our listing for the {name} does not say {about}."


def of_the_range(text: str, named_scope: bool, shown: list) -> bool:
    """Is the claim asked of a kind, a brand or the shop (not of the products shown)?"""
    return named_scope or not shown or of_the_shop(text)


def of_the_shop(text: str) -> bool:
    """"are your products …?", "is the company …?": asked of the shop, in words."""
    return bool(_RANGE.search(text))


def _material(product: dict[str, Any]) -> str:
    return str((product.get("attributes") or {}).get("material") or "").strip().lower()


def _counted(words: list[str], most: int = 8) -> str:
    """"recycled polyester (35), merino wool (32) and 4 more"."""
    counts = Counter(w for w in words if w).most_common()
    said = [f"{w} ({n})" for w, n in counts[:most]]
    if len(counts) > most:
        said.append(f"{len(counts) - most} more")
    return in_words(said)


def materials(products: list[dict[str, Any]], scope: str) -> str:
    """"The materials our hiking boots list: suede and mesh (11), …"; "" when none does."""
    if not (said := [_material(p) for p in products if _material(p)]):
        return ""
    return f"The materials our {scope} list: {_counted(said)}."


def green(products: list[dict[str, Any]], scope: str, asked: str = "") -> tuple[str, list]:
    """How many of `products` list recycled or organic materials (those `asked` names, when
    it names one: "organic t-shirts?"), which, and those that do."""
    kinds = [w for w in ("recycled", "organic") if w in asked.lower()] or ["recycled", "organic"]
    wanted = re.compile(rf"\b(?:{'|'.join(kinds)})\s+[a-z-]+", re.I)
    # the material's own words first: "Waypoint Organic Tee" is of recycled polyester
    def said(p: dict[str, Any]) -> list[str]:
        return [m.group(0).lower() for m in wanted.finditer(_material(p))] or [
            m.group(0).lower() for m in wanted.finditer(p.get("description") or "")] or [
            f"{m.group(0).split()[0].lower()} in the name"
            for m in wanted.finditer(p.get("name") or "")]
    found = {p["id"]: said(p) for p in products}
    backed = [p for p in products if found[p["id"]]]
    which = " or ".join(kinds)
    if not backed:
        return f"None of our {scope} lists {which} materials.", []
    some = f"Here are {min(5, len(backed))} of them" if len(backed) > 5 else "Here they are"
    return (f"{len(backed)} of our {len(products)} {scope} list {which} materials: "
            f"{_counted([found[p['id']][0] for p in backed], 4)}. {some}:"), backed


def evidence(claim: Claim, products: list[dict[str, Any]], scope: str) -> tuple[str, list]:
    """What the listings of `products` say that bears on the claim, and the products that
    say it (to list); ("", []) when nothing does."""
    if not products or not claim.evidence:
        return "", []
    if claim.evidence == "materials":
        return materials(products, scope), []
    if claim.evidence == "care":
        said = [(p, care) for p in products if (care := " ".join(
            s for s in sentences(p.get("description") or "") if _CARE.search(s)))]
        if not said:
            return "", []
        lines = "\n".join(f"- {p['name']}: {care}" for p, care in said[:5])
        give = "gives" if len(said) == 1 else "give"
        return (f"What the listings do say: {len(said)} of our {len(products)} {scope} {give} "
                f"care instructions:\n{lines}"), []  # named with what they say: no list
    said, backed = green(products, scope)
    return (f"What the listings do say: {said}" if backed else said), backed
