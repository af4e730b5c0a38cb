""""Can I get it by Friday?": the days each delivery option arrives on, counted from today.

The shipping policy gives delivery times in business days ("2-4", "1-2") and a dispatch
cut-off ("Orders placed before 14:00 CET on a business day leave our warehouse the same
day"). Asked for a day, the bot quoted those sentences and left the customer to count;
counting is arithmetic on the calendar, so it is done here and the answer names the dates
("arrives between Friday 4 and Tuesday 8 December"). Business days are Monday to Friday:
the policy names no holidays, so none is assumed. Pure.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# the day a customer wants it by: "by Friday", "before the weekend", "in time for Christmas"
_BY = re.compile(r"\b(?:by|before|until|till|in time for)\s+(?:next\s+|this\s+|the\s+)?"
                 r"(?P<day>(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|weekend|"
                 r"christmas(?: eve)?|xmas|next week|(?P<n>\d{1,2})(?:st|nd|rd|th)\b)", re.I)


def wanted_by(text: str, today: date) -> date | None:
    """The last day `text` wants a delivery by; None when it names none this module reads."""
    m = _BY.search(text)
    if not m:
        return None
    day = m["day"].lower()
    if day == "tomorrow":
        return today + timedelta(days=1)
    if day.endswith("day"):
        ahead = (_DAYS.index(day) - today.weekday()) % 7
        return today + timedelta(days=ahead)  # "by Friday" on a Friday: today (too late)
    if day == "weekend":  # delivered by Saturday: in time for the weekend
        return today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    if day == "next week":  # before it starts: by the Monday
        return today + timedelta(days=7 - today.weekday())
    if day.startswith(("christmas", "xmas")):
        eve = date(today.year, 12, 24)
        return eve if eve >= today else date(today.year + 1, 12, 24)
    n = int(m["n"])
    for month_ahead in (0, 1):  # "by the 10th": this month's, else next month's
        year, month = divmod(today.month - 1 + month_ahead, 12)
        try:
            when = date(today.year + year, month + 1, n)
        except ValueError:
            continue  # "the 31st" of a month of 30 days
        if when >= today:
            return when
    return None


def business_days_after(start: date, n: int) -> date:
    """The day `n` business days (Monday to Friday) after `start`."""
    day = start
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _span(days: Any) -> tuple[int, int] | None:
    """(2, 4) of "2-4", (3, 3) of 3; None when there is no figure."""
    found = [int(n) for n in re.findall(r"\d+", str(days or ""))]
    return (found[0], found[-1]) if found else None


def _on(day: date) -> str:
    return f"{_DAYS[day.weekday()].title()} {day.day} {day:%B}"


def _between(first: date, last: date) -> str:
    """"on Friday 4 December", "between Thursday 3 and Friday 4 December"."""
    if first == last:
        return f"on {_on(first)}"
    head = f"{_DAYS[first.weekday()].title()} {first.day}" + (
        f" {first:%B}" if first.month != last.month else "")
    return f"between {head} and {_on(last)}"


# "if I order today when will it arrive?", "how soon would it come?" (of no order placed:
# the shipping policy's sentences, or "I can't find the answer" with a product named)
_WHEN = re.compile(r"\b(?:when|how soon|how quickly|what day)\b[^.?!]{0,30}\b(?:arrive|come|"
                   r"get (?:it|them|here|there)|be (?:here|there|delivered)|receive|deliver)",
                   re.I)


def answer(text: str, today: date, facts: dict[str, Any]) -> str | None:
    """Whether each delivery option of the shipping policy's `facts` arrives by the day
    `text` asks for, with the dates; with no day asked, when each arrives if `text` asks
    when; None for any other question, or when the policy gives no delivery time in days."""
    by = wanted_by(text, today)
    options = [(name, span, fee) for name, span, fee in (
        ("standard delivery", _span(facts.get("standard_delivery_days")),
         facts.get("standard_shipping_fee")),
        ("express delivery", _span(facts.get("express_delivery_days")),
         facts.get("express_shipping_fee"))) if span]
    if by is None and not _WHEN.search(text) or not options:
        return None
    # an order placed on a business day before the cut-off leaves the same day
    leaves = today if today.weekday() < 5 else business_days_after(today, 1)
    cutoff = facts.get("same_day_dispatch_cutoff")
    when = (f"ordered today before {cutoff}" if cutoff and leaves == today else
            "ordered today" if leaves == today else
            f"ordered today (it leaves our warehouse on {_on(leaves)})")
    said = []
    for name, (lo, hi), fee in sorted(options, key=lambda o: o[1][1]):  # the fastest first
        first, last = business_days_after(leaves, lo), business_days_after(leaves, hi)
        verdict = "" if by is None else ", in time" if last <= by else ", too late" if \
            first > by else ", so it may come too late"
        days = f"{lo}-{hi}" if lo != hi else str(lo)
        said.append(f"{name} ({days} business days{f', {fee}' if fee else ''}) arrives "
                    f"{_between(first, last)}{verdict}")
    if by is None:
        return f"{when[0].upper()}{when[1:]}: " + "; ".join(said) + "."
    return (f"To have it by {_on(by)}{' (today)' if by == today else ''}, {when}: "
            + "; ".join(said) + ".")
