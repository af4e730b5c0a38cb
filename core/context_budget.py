"""Make a prompt fit the model's window, whatever the length of the conversation.

Priority, highest first: the instructions and the facts (what the reply must be grounded
in), the customer's current message, the most recent turns verbatim, the few-shot
examples, then older turns. Turns that do not fit are dropped and replaced by a one-line
summary of what the customer asked earlier (extractive: no model call). If even the facts
do not fit, they are cut at a line boundary: a shorter grounded prompt beats a crash.
Pure: the token counter is passed in (the model's own tokenizer, or `approx_tokens`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

PER_MESSAGE = 4  # role header and end marker of one chat message


def approx_tokens(text: str) -> int:
    """A safe over-estimate when the tokenizer is remote (about 3 characters per token)."""
    return len(text) // 3 + 1


@dataclass(frozen=True, slots=True)
class Fitted:
    facts: str
    current: str
    examples: tuple[dict, ...]      # {"user", "assistant"}
    history: tuple[dict, ...]       # {"role", "content"}, oldest first
    summary: str                    # of dropped turns; "" when none were dropped
    dropped: int


def _clip(text: str, limit: int, count: Callable[[str], int]) -> str:
    """The longest line-aligned (else character) prefix of `text` within `limit` tokens."""
    if count(text) <= limit:
        return text
    lines = text.splitlines()
    while len(lines) > 1 and count("\n".join(lines)) > limit:
        lines.pop()
    text = "\n".join(lines)
    lo, hi = 0, len(text)
    while lo < hi:  # binary search on characters for a single long line
        mid = (lo + hi + 1) // 2
        if count(text[:mid]) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo]


def summarise(turns: Sequence[dict], width: int = 60) -> str:
    asked = [t["content"].strip().replace("\n", " ")[:width] for t in turns
             if t.get("role") in ("user", "human") and t.get("content", "").strip()]
    return ("Earlier the customer asked: " + "; ".join(asked[-4:]) + ".") if asked else ""


def fit(*, instructions: str, facts: str, current: str, examples: Sequence[dict],
        history: Sequence[dict], window: int, reserve: int,
        count: Callable[[str], int], keep_recent: int = 4) -> Fitted:
    """Choose what goes into the prompt so that it plus `reserve` new tokens fit `window`."""
    room = window - reserve - count(instructions) - 3 * PER_MESSAGE
    current = _clip(current, max(room // 4, 16), count)
    room -= count(current)
    facts = _clip(facts, max(room, 0), count)
    room -= count(facts)

    def cost(m: dict) -> int:
        return sum(count(v) for v in m.values() if isinstance(v, str)) + PER_MESSAGE

    kept: list[dict] = []
    older = list(history)
    while older and len(kept) < keep_recent and cost(older[-1]) <= room:
        room -= cost(older[-1])
        kept.insert(0, older.pop())
    chosen_examples = []
    for ex in examples:
        c = cost(ex) + PER_MESSAGE
        if c > room:
            break
        room -= c
        chosen_examples.append(ex)
    set_aside = count(summarise(older)) + PER_MESSAGE if older else 0  # the summary line
    while older and cost(older[-1]) <= room - set_aside:
        room -= cost(older[-1])
        kept.insert(0, older.pop())
    summary = summarise(older)
    if summary and count(summary) + PER_MESSAGE > room:
        summary = ""
    return Fitted(facts, current, tuple(chosen_examples), tuple(kept), summary, len(older))
