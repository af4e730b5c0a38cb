"""One customer message as it is routed (core/turns.py): what it says, read against what the
conversation shows, and what the classifier made of it.

The routing stages (core/routes_early.py, core/routes_orders.py, core/routes_searches.py and
core/turns.py itself) read and rewrite it in turn, in a fixed order; each either answers the
message or passes it on to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .types import Incoming, Reply
from .understand import Understanding

# what a stage that answers returns: the replies (each with how it was composed), the
# intent the turn is logged under and how sure the classifier was
Done = tuple[list[tuple[Reply, Any]], str, float]


@dataclass
class Turn:
    conv: dict
    state: dict                # the conversation's state; the stages change it as they go
    inc: Incoming
    text: str                  # the message as read: tidied, then rewritten by the stages
    said: str = ""             # as typed (emoji words, product codes named), before tidying
    shown: list[dict] = field(default_factory=list)    # the products the talk is of
    u: Understanding | None = None  # what the classifier made of `text`
    asked_items: bool = False  # "what did I order?", asked now or before the number
    said_missing: bool = False  # "my order hasn't arrived yet", said before its number
    bought: bool = False       # the product in focus is one of the order spoken of
    keeps_search: bool = False  # "sort by price": the last search, sorted
    about_focus: bool = False  # of the one product in focus ("do you have it in black?")
