"""What the rules of core.in_context share: the reading they pass along, what it is
read against, and the words a follow-on or another product opens with."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Callable

CONFIDENCE_FLOOR = 0.5    # below this a turn counts as "not understood"
# slots that name what a message is about: "and in red?" or "what about the second one?"
# is no property asked about the product in focus
NAMED = ("category", "brand", "product_ids", "color", "size", "min_price", "max_price",
         "price_sort", "quantity")
# a message that only continues the last question ("and to Norway?", "what about Belgium?")
FOLLOW_ON = re.compile(r"(?:\s*(?:and|also|what about|how about|same for)\b)+", re.I)
# "a warm one", "one with a hood", "something warmer": another product of the kind searched
OPENING = r"\s*(?:(?:and|or|maybe|ok|okay|hmm|then)\W+)*"
ANOTHER = re.compile(OPENING + r"(?:a|an|one|some|something|any|anything)\b", re.I)


@dataclass(frozen=True)
class Reading:
    """What the rules made of a message: the understanding, the text it is answered as
    ("and pockets?" -> "does it have pockets?"), whether the order's items were asked
    for, and whether it asks what the shop sells (the turn says that at once)."""
    u: Any
    text: str
    asked_items: bool
    range_asked: bool = False
    carried: bool = False


@dataclass(frozen=True)
class Context:
    """What a message is read against: the conversation's `state` (its last intent, focus,
    search; two rules pop "asked_need" and "to_buy" from it), the products `shown`, whether
    the message is `about_focus`, the catalogue's `named_in` and the recent `history`."""
    state: dict
    shown: list[dict]
    about_focus: bool
    named_in: Callable[[str], list]
    history: list[dict]


def taken_as(u: Any, intent: str) -> Any:
    """The understanding with the intent the conversation shows, at least as sure as the
    floor (so that it is not then treated as a miss)."""
    return replace(u, intent=intent, confidence=max(u.confidence, CONFIDENCE_FLOOR))


def is_unsure(u: Any) -> bool:
    """The classifier did not understand: out of scope, small talk, or below the floor."""
    return u.intent in ("out_of_scope", "small_talk") or u.confidence < CONFIDENCE_FLOOR


def in_focus(state: dict, shown: list[dict]) -> dict | None:
    """The product the conversation is about: the one last asked about, or the only one
    shown; None when neither."""
    return next((p for p in shown if p["id"] == state.get("focus")), None) or (
        shown[0] if len(shown) == 1 else None)


def earlier_question(history: list[dict]) -> str:
    """The customer's last message before this one that was not itself a follow-on ("and
    pockets?"), from the conversation's history; "" when there is none."""
    said = [m["text"] or "" for m in history if m["direction"] == "in"][:-1]
    return next((t for t in reversed(said) if not FOLLOW_ON.match(t)), "")


def only_kinds(text: str, slots: dict) -> bool:
    """"and on tents?", "what about for boots?": a kind of product and filler, no more."""
    kinds = [w for k in (slots.get("category"), *(slots.get("kinds") or ())) if k
             for w in re.findall(r"[a-z]+", str(k).lower())]
    # the state it is in: "and for opened socks?" after the return window is still of socks
    rest = re.sub(r"\b(?:and|also|what|how|about|same|on|for|of|with|the|a|an|your|my|too|"
                  r"opened|unopened|used|worn|unworn|washed|new|unused|damaged|broken)\b",
                  " ", text.lower())
    words = re.findall(r"[a-z]+", rest)
    return bool(kinds and words) and all(
        any(k.startswith(w) or w.startswith(k) for k in kinds) for w in words)
