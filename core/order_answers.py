"""What is said about an order: its status in words, whether it is late, its items by
name, and, from the day it was ordered, its return window and how long its products are
under warranty; what a message names that the order does not hold. Every figure comes
from the order book, the catalogue or the policy's own numbers. Pure; used by
core/service_turns.py (and core/sft_writers.py for training replies)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Callable

from .shop import order_lines
from .slots import size_order
from .wording import in_words, sizes_in_words

STATUS_TEXT = {
    "processing": "is being prepared and has not shipped yet",
    "shipped": "has shipped",
    "out_for_delivery": "is out for delivery today",
    "delivered": "has been delivered",
    "cancelled": "was cancelled",
    "returned": "was returned",
}


# statuses of an order still on its way to the customer
UNDERWAY = ("processing", "shipped", "out_for_delivery")


# "when will it arrive?", "when do I get it?", "how long until it comes?": asked of an order
# the books show delivered, the customer has not got it (the same status again, before)
_WHEN_ARRIVES = re.compile(
    r"\bwhen\b[^.?!]{0,30}\b(?:arrive|come|get (?:here|there|it|them|my)|be (?:delivered|here)|"
    r"deliver|receive|turn up|reach)|\bhow (?:long|much longer)\b[^.?!]{0,30}\b(?:arrive|come|"
    r"get here|take|deliver|wait)|\bstill waiting\b|\bwhere is it\b", re.I)
NOT_ARRIVED = ("If it hasn't reached you, press \"Talk to a human\" and our team will trace it "
               "with the carrier.")


def arrival_asked(order: dict[str, Any], text: str) -> bool:
    """Is `text` asking when an order the books show delivered will arrive?"""
    return order.get("status") == "delivered" and bool(_WHEN_ARRIVES.search(text))


def said_day(day: date) -> str:
    """"27 September 2026", as a reply says a day."""
    return f"{day.day} {day:%B %Y}"


# "when did I order it?", "how much did I pay?": the order's date or total (its status
# came again, or "say it another way")
_PLACED_ASKED = re.compile(r"\bwhen (?:did|was|were) (?:i|we|it|they|(?:the|my|that) order) "
                           r"(?:order|place|buy|purchase|bought|placed|ordered|made)\w*|"
                           r"\border date\b|\bdate of (?:the |my |that )?order\b", re.I)
# "when did it ship?" of an order shown (the shipping policy's delivery times)
SHIPPED_ASKED = re.compile(r"\bwhen (?:did|was|were|has|have|will|does|is|would) (?:it|they|the "
                           r"order|my order|that order|(?:my )?order\s*#?\s*\d+|the parcel|my "
                           r"parcel|the package) (?:been |be )?(?:ship|sent|dispatch|leave|left|"
                           r"post|go out)\w*", re.I)
NO_SHIP_DAY = ("Our order records do not give the day it will ship; press \"Talk to a human\" "
               "and our team will check.")
TOTAL_ASKED = re.compile(r"\bhow much (?:did|have) (?:i|we) (?:pay|paid|spen[dt])\b|\bhow much "
                         r"(?:was|did) (?:it|the order|my order|that order)(?: come to| cost)?\W*$|"
                         r"\b(?:order|the|its) total\b|\bwhat did (?:i|we) pay\b", re.I)


def asked_of_order(order: dict[str, Any], text: str) -> str:
    """What `text` asks of the order besides its status: the day it was placed, or what it
    came to; "" when it asks neither."""
    said = []
    placed = str(order.get("placed_at") or "")[:10]
    if _PLACED_ASKED.search(text) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", placed):
        day = date.fromisoformat(placed)
        said.append(f"It was ordered on {said_day(day)}.")
    if SHIPPED_ASKED.search(text) and order.get("status") not in ("processing", "cancelled",
                                                                   "returned"):
        # the order book records the day it was placed, not the day it shipped
        if not said and re.fullmatch(r"\d{4}-\d{2}-\d{2}", placed):
            said.append(f"It was ordered on {said_day(date.fromisoformat(placed))}; our "
                        f"order records do not give the day it shipped.")
        elif not said:
            said.append("Our order records do not give the day it shipped.")
    if TOTAL_ASKED.search(text) and order.get("total") not in (None, ""):
        said.append(f"It came to {order['total']} {order.get('currency') or ''}".rstrip() + ".")
    return " ".join(said)


def late(order: dict[str, Any], today: date | None) -> bool:
    """Still on its way after its expected delivery day ("shipped", due 2026-11-25, and it
    is the 30th): the customer is told so and offered a person, not the old date alone."""
    due = str(order.get("estimated_delivery") or "")[:10]
    try:
        return (today is not None and order.get("status") in UNDERWAY
                and date.fromisoformat(due) < today)
    except ValueError:  # no date, or one the shop wrote otherwise: nothing to say
        return False


def return_window(order: dict[str, Any], today: date | None, days: Any) -> str:
    """When a delivered order was placed, against the returns policy's window of `days`:
    within it for certain when placed no more than `days` ago (delivery came later); else
    the date, and the delivery day the window needs, as the data has no delivery day. ""
    for another status or no date."""
    try:
        placed, days = date.fromisoformat(str(order.get("placed_at") or "")[:10]), int(days)
    except (TypeError, ValueError):
        return ""
    if order.get("status") != "delivered":
        return ""
    on = said_day(placed)
    if today is not None and (today - placed).days <= days:
        return f"It was ordered on {on}, so it is still within the {days}-day return window."
    said = f"It was ordered on {on}; returns are accepted within {days} days of delivery"
    if today is None:
        return f"{said}."
    # the window is open only for a delivery on or after this day: a fact, not a guess at
    # the delivery day (it said the rule alone of an order placed 80 days before)
    since = today - timedelta(days=days)
    return f"{said}, so it can be returned only if it was delivered on or after " \
           f"{said_day(since)}."


# "I bought boots 40 days ago", "I got it last week": how long ago a purchase was made
_AGO = re.compile(r"\b(?:bought|ordered|got|purchased)\b[^.?!]{0,30}?\b(?:(\d{1,3}|an?|one|two|"
                  r"three|four|five|six) (day|week|month)s? ago|(last) (week|month)|"
                  r"(yesterday))\b", re.I)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
_FEW = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def bought_ago(text: str) -> int | None:
    """The days since a purchase the message dates ("40 days ago", "last week": 7), None
    when it dates none."""
    if not (m := _AGO.search(text)):
        return None
    if m[5]:
        return 1
    if m[3]:
        return _UNIT_DAYS[m[4].lower()]
    n = int(m[1]) if m[1].isdigit() else _FEW[m[1].lower()]
    return n * _UNIT_DAYS[m[2].lower()]


def window_of(days_ago: int, window: Any) -> str:
    """A purchase `days_ago` against the return window of `window` days from delivery
    ("I bought boots 40 days ago, can I return them?" got the window's sentence alone)."""
    try:
        window = int(window)
    except (TypeError, ValueError):
        return ""
    when = "yesterday" if days_ago == 1 else f"{days_ago} days ago"
    if days_ago <= window:
        return f"You bought it {when}, so it is within the {window}-day return window."
    return (f"You bought it {when}: returns are accepted within {window} days of delivery, "
            f"so only if it was delivered {window} days ago or less.")


def _years_on(day: date, n: int) -> date:
    """The same day `n` years later (earlier when negative); 29 February falls on the 28th."""
    return day.replace(year=day.year + n, day=min(day.day, 28) if day.month == 2 else day.day)


def not_in_order(items: list[dict[str, Any]], slots: dict[str, Any],
                 named: list[dict[str, Any]]) -> str:
    """What a message about an order names that the order's `items` do not hold, in words:
    the one product `named`, else the kinds of product in `slots` ("hiking boots"); "" when
    it holds them or names none. A kind is held by an item of that category, or one whose
    category or name has its noun ("jackets": the Stormline Alpine Rain Jacket)."""
    if len(named) == 1:
        return "" if named[0]["id"] in {p["id"] for p in items} else named[0]["name"]
    kinds = [str(k) for _, k in slots.get("needs") or ()] or (
        [str(slots["category"])] if slots.get("category") else [])

    def held(kind: str) -> bool:
        noun = kind.lower().split()[-1]
        forms = {noun, noun[:-1] if noun.endswith("s") else noun,
                 noun[:-2] if noun.endswith("es") else noun}
        return any(any(f in f"{p.get('category') or ''} {p['name']}".lower() for f in forms)
                   for p in items)

    return in_words([k for k in dict.fromkeys(kinds) if not held(k)], "or")


# "the tent in it", "the tee I ordered": a product of the order just spoken of
_OF_ORDER = re.compile(r"\b(?:in (?:it|there|(?:my|the|that) order)|(?:i|we) (?:ordered|bought|got)"
                       r"|from (?:it|(?:my|the|that) order))\b", re.I)


def items_meant(items: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The items of an order just spoken of that `text` points at: "is the tent in it
    waterproof?", "the tee, what's it made of?" (a search of every tent and tee answered
    them). An item is meant by "the"/"my"/"that" and its kind's noun or a word of its name,
    or by "in it" alone when the order holds one; [] for none."""
    low = text.lower()
    meant = []
    for p in items:
        noun = str(p.get("category") or "").lower().split()[-1:] or [""]
        words = {noun[0], noun[0].rstrip("s"), *(w for w in re.findall(r"[a-z]{3,}",
                                                                         p["name"].lower()))}
        if any(re.search(rf"\b(?:the|my|that|this) (?:\w+ )?{re.escape(w)}s?\b", low)
               for w in words if w):
            meant.append(p)
    if not meant and len(items) == 1 and _OF_ORDER.search(low):
        meant = list(items)
    return meant


# the size an exchange asks for: "size 44 instead of 43", "can I get a 44?", "in L"
# ("44 please" after the exchange of order 10042: "what is it for: a hike, a run?")
# ("I need 44 instead" after "the boots" of it: more like the boots looked at)
_SIZE_WANTED = re.compile(r"\b(?:size|an?|in|need|want|take|wear|get)\s+(?:an?\s+|size\s+)?"
                          r"(\d{2}(?:\.5)?|x{0,3}[sml])\b|^\W*(\d{2}(?:\.5)?|x{0,3}[sml])"
                          r"(?:\s+(?:please|pls|thanks|instead))?\W*$", re.I)


def sized_item(items: list[dict[str, Any]], text: str) -> tuple[dict[str, Any], str] | None:
    """(the one item of an order that comes in the size a message names first, that size):
    "size 44 instead of 43" is of the boots of the order, not of its trousers in S to XL;
    None when no size is named, or none or more than one item comes in it."""
    if not (m := _SIZE_WANTED.search(text)):
        return None
    size = (m[1] or m[2]).upper()
    fits = [p for p in items if size in (str(s).upper() for s in p.get("sizes") or ())]
    return (fits[0], size) if len(fits) == 1 else None


# "the boots", "it's the trousers": an item of the order named alone; a return that is
# for another size
_ITEM_ALONE = re.compile(r"\W*(?:(?:oh|ok|okay|just|only|it'?s|it is)\W+)*(?:the|my|that|those|"
                         r"these)(?:\s+(?!(?:is|are|was|were|too|not|please|pls|only)\b)[a-z-]+)"
                         r"{1,3}(?:\s+(?:please|pls|only))?\W*", re.I)
_OTHER_SIZE = re.compile(r"\bsizes?\b|\bexchang|\bswap|\btoo (?:small|big|large|tight|loose|"
                         r"short|long)\b|\b(?:doesn'?t|don'?t|does not|do not) fit\b", re.I)


def item_returned(item: dict[str, Any], text: str, said: list[str]) -> tuple[str, str] | None:
    """(the question the returns policy answers, a lead) when `text` names an item of the
    order being returned alone and another size was asked in what was `said` ("the boots"
    after "I ordered the wrong size" and 10042: five boots of every kind were listed): its
    sizes and which is wanted, then exchanging. None for more words, or no size asked (its
    card says which item it is)."""
    if not _ITEM_ALONE.fullmatch(text) or not item.get("sizes") or not any(
            _OTHER_SIZE.search(t) for t in said):
        return None
    sizes = sizes_in_words(sorted(map(str, item["sizes"]), key=size_order))
    return ("can I exchange it for another size?",
            f"The {item['name']} comes in sizes {sizes}: which would you like instead?")


def warranty_until(order: dict[str, Any], products: list[dict[str, Any]], today: date | None,
                   years: Any) -> str:
    """How long an order's products are under warranty: `years` (the policy's) from
    delivery, or a product's own warranty_years. The data has no delivery day, only the
    order's, and delivery comes later: a warranty that lasts at least until the order day
    plus the years is said so for certain; past that day the rule is said, not a guess.
    "" without a date or products."""
    try:
        placed = date.fromisoformat(str(order.get("placed_at") or "")[:10])
    except ValueError:
        return ""
    if not products:
        return ""
    if order.get("status") != "delivered":
        return "Its warranty starts on the day it is delivered."
    spans: dict[int, list[str]] = {}
    for p in products:
        own = re.fullmatch(r"\d+", str((p.get("attributes") or {}).get("warranty_years", "")))
        spans.setdefault(int(own[0]) if own else int(years), []).append(p["name"])
    said = []
    for n, names in sorted(spans.items()):
        end = _years_on(placed, n)
        who = "it" if len(products) == 1 else "the " + in_words(names)
        one = who == "it" or len(names) == 1
        since = None if today is None or today <= end else _years_on(today, -n)
        # past that day, the delivery day the warranty needs: a fact, where the delivery day
        # is not in the data (it said the warranty "may have ended")
        said.append(f"{who} {'is' if one else 'are'} under warranty until at least "
                    f"{said_day(end)} ({n} years from delivery)" if since is None else
                    f"{who} had a warranty of {n} years from delivery and {'is' if one else 'are'}"
                    f" covered only if delivered on or after {said_day(since)}")
    return f"It was ordered on {said_day(placed)}, so {'; '.join(said)}."


# said of an order too far along to cancel or change; "what can I do then?" next is how
# to return it (core/in_context)
RETURN_INSTEAD = "You can return it instead — ask me about returns."


def order_facts(order: dict[str, Any], today: date | None = None) -> dict[str, str]:
    """The facts of an order's replies; `today` (the shop's day) tells a late one."""
    status = order.get("status") or ""
    return {
        "order_id": order["order_id"], "status": status,
        "status_text": STATUS_TEXT.get(status, status.replace("_", " ")),
        "carrier": order.get("carrier") or "", "tracking_number": order.get("tracking_number") or "",
        "estimated_delivery": order.get("estimated_delivery") or "",
        "items": order.get("items") or "", "total": f"{order.get('total')} {order.get('currency')}",
        "placed_at": order.get("placed_at") or "",
        "can_cancel": "yes" if status == "processing" else "no",
        "details": order_details(order, today),
        "cancel_text": (
            "It has not shipped yet, so it can still be cancelled: press \"Talk to a human\" "
            "and our team will cancel it for you." if status == "processing" else
            # ("It was cancelled, so it can no longer be cancelled.")
            "It has already been cancelled; there is nothing more to do." if status ==
            "cancelled" else
            f"It {STATUS_TEXT.get(status, status)}, so it can no longer be cancelled."
            + (f" {RETURN_INSTEAD}" if status in
               ("shipped", "out_for_delivery", "delivered") else "")),
    }


def order_items(order: dict[str, Any], product: Callable[[str], dict | None]) -> str:
    """'P1231 x1; P1184 x3' as the customer knows it: '1 × Ascent 55 Trekking Pack,
    3 × Woolly Heavy Trekking Socks'; an id the catalogue no longer holds stays an id."""
    parts = []
    for pid, qty in order_lines(order.get("items") or ""):
        p = product(pid)
        parts.append(f"{qty} × {p['name'] if p else pid}")
    return ", ".join(parts)


def as_recorded(order: dict[str, Any]) -> str:
    """"Our records show order 10003 as delivered by DHL, tracking number JD01…": said with
    the handoff of a parcel that never came (sorry and a person alone, before), so the
    customer can ask a neighbour or the carrier meanwhile."""
    by = f" by {order['carrier']}" if order.get("carrier") else ""
    number = f", tracking number {order['tracking_number']}" if by and order.get(
        "tracking_number") else ""
    return (f"Our records show order {order['order_id']} as "
            f"{str(order.get('status') or '').replace('_', ' ')}{by}{number}.")


def _as_said(day: str) -> str:
    """"25 November 2026" of "2026-11-25" (as the order's date is said; "It was expected by
    2026-11-25" beside "ordered on 13 September 2026"); a day it cannot read, as it is."""
    try:
        return said_day(date.fromisoformat(day[:10]))
    except ValueError:
        return day


def order_details(order: dict[str, Any], today: date | None = None) -> str:
    parts = []
    if order.get("carrier") and order.get("tracking_number"):
        parts.append(f"Carrier: {order['carrier']}, tracking number {order['tracking_number']}.")
    if late(order, today):
        parts.append(f"It was expected by {_as_said(order['estimated_delivery'])}, so it is "
                     "running late — sorry. Press \"Talk to a human\" and our team will look "
                     "into it.")
    elif order.get("estimated_delivery") and order.get("status") in UNDERWAY:
        parts.append(f"Expected delivery: {_as_said(order['estimated_delivery'])}.")
    return " ".join(parts)
