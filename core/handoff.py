"""Human handoff: the bot -> waiting -> human -> bot state machine, pure.

A conversation is owned by the bot until a trigger fires (the customer asks for a person,
the bot fails to understand twice in a row, or the customer complains). Then a `Ticket`
is opened (`waiting`); a staff member claims it (`human`); resolving it or returning it
to the bot closes it and the bot answers again. Every transition records who and when.

This module is data and rules only: frozen `Ticket`s, transition functions that return a
new ticket or raise `HandoffError`, the trigger rules, and the neutral `TicketEvent`s a
support desk renders (the Slack adapter posts them in the support channel). Storage and
delivery live in `core/handoff_desk.py`; nothing here knows a platform.

Invariants: at most one open ticket per conversation; while a ticket is open the bot
sends the customer nothing of its own (the engine relays instead of answering).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from core.errors import ShopbotError
from core.types import Address, Incoming, _Serial

REASONS = ("asked", "not_understood", "complaint")
OPEN = ("waiting", "human")
OUTCOMES = ("resolved", "returned")
TRANSCRIPT_TURNS = 10


class HandoffError(ShopbotError):
    """A ticket action that the ticket's state does not allow (message for the staff member)."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


@dataclass(frozen=True, slots=True)
class Ticket(_Serial):
    """One request for a human, from opening to closing."""

    id: str
    conversation: str  # Address.key of the customer's conversation
    customer: Address
    opened_at: datetime
    reason: str = "asked"
    summary: str = ""
    customer_name: str = ""
    state: str = "waiting"  # waiting -> human -> closed
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    first_reply_at: datetime | None = None
    reminded_at: datetime | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    outcome: str | None = None  # resolved | returned
    desk_ref: str | None = None  # where the desk keeps it (Slack: "channel/ts")

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Ticket:
        values = {f.name: d.get(f.name) for f in dataclasses.fields(cls) if f.name in d}
        values["customer"] = Address.from_dict(d["customer"])
        for name in ("opened_at", "claimed_at", "first_reply_at", "reminded_at", "closed_at"):
            values[name] = _dt(values.get(name))
        return cls(**values)


def conversation_state(ticket: Ticket | None) -> str:
    """bot | waiting | human, for the conversation whose open ticket (or None) is given."""
    return ticket.state if ticket is not None and ticket.is_open else "bot"


def open_ticket(ticket_id: str, incoming: Incoming, reason: str, at: datetime | None = None,
                summary: str = "") -> Ticket:
    if reason not in REASONS:
        raise HandoffError(f"unknown handoff reason {reason!r}")
    return Ticket(id=ticket_id, conversation=incoming.address.key, customer=incoming.address,
                  opened_at=at or _now(), reason=reason,
                  summary=summary or one_line(incoming.text), customer_name=incoming.user_name)


def claim(ticket: Ticket, staff: str, at: datetime | None = None) -> Ticket:
    if ticket.state == "human" and ticket.claimed_by == staff:
        return ticket  # a double click is not an error
    if ticket.state == "human":
        raise HandoffError(f"ticket {ticket.id} is already claimed by {ticket.claimed_by}")
    if ticket.state != "waiting":
        raise HandoffError(f"ticket {ticket.id} is closed")
    return dataclasses.replace(ticket, state="human", claimed_by=staff, claimed_at=at or _now())


def close(ticket: Ticket, staff: str, outcome: str, at: datetime | None = None) -> Ticket:
    if outcome not in OUTCOMES:
        raise HandoffError(f"unknown outcome {outcome!r}")
    if not ticket.is_open:
        raise HandoffError(f"ticket {ticket.id} is already closed")
    return dataclasses.replace(ticket, state="closed", closed_by=staff, closed_at=at or _now(),
                               outcome=outcome)


def human_replied(ticket: Ticket, staff: str, at: datetime | None = None) -> Ticket:
    """A staff message reached the customer; the first one is kept for the stats."""
    if ticket.state != "human":
        raise HandoffError(f"claim ticket {ticket.id} before replying to the customer")
    if ticket.first_reply_at is not None:
        return ticket
    return dataclasses.replace(ticket, first_reply_at=at or _now())


def reminder_due(ticket: Ticket, now: datetime, timeout_s: float) -> bool:
    """Waiting longer than the timeout since opening (or since the last reminder)."""
    since = ticket.reminded_at or ticket.opened_at
    return ticket.state == "waiting" and (now - since).total_seconds() >= timeout_s


def remind(ticket: Ticket, at: datetime | None = None) -> Ticket:
    return dataclasses.replace(ticket, reminded_at=at or _now())


def one_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Turn(_Serial):
    """One line of the transcript shown to staff: role is customer | bot | staff."""

    role: str
    text: str
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TicketEvent:
    """What a support desk must show. kinds:
    opened (with transcript), customer_message (text), claimed, reminder, closed."""

    kind: str
    ticket: Ticket
    text: str = ""
    transcript: tuple[Turn, ...] = ()


@dataclass(frozen=True, slots=True)
class Triggers:
    """When the bot hands a conversation over (config section `handoff.triggers`)."""

    commands: tuple[str, ...] = ("/human", "/agent")
    human_intents: tuple[str, ...] = ("human", "talk_to_human", "agent")
    complaint_intents: tuple[str, ...] = ("complaint",)
    failed_intents: tuple[str, ...] = ("out_of_scope", "unknown", "fallback")
    min_confidence: float = 0.35
    failed_limit: int = 2  # failed understandings in a row
    on_complaint: bool = True
    on_failures: bool = True

    def failed(self, intent: str | None, confidence: float) -> bool:
        return intent is None or intent in self.failed_intents or confidence < self.min_confidence

    def reason(self, incoming: Incoming, intent: str | None = None, confidence: float = 1.0,
               failed_streak: int = 0) -> str | None:
        """The handoff reason for this message, or None. `failed_streak` counts this one."""
        word = incoming.text.strip().split(maxsplit=1)[0].lower() if incoming.text.strip() else ""
        if word in self.commands or (incoming.kind == "button" and incoming.payload == "handoff"):
            return "asked"
        if intent in self.human_intents:
            return "asked"
        if self.on_complaint and intent in self.complaint_intents:
            return "complaint"
        if self.on_failures and failed_streak >= self.failed_limit:
            return "not_understood"
        return None


# What the customer is told, platform-neutral Markdown (adapters render it).
CUSTOMER_TEXT = {
    "opened": ("I've passed your conversation to our support team. A person will answer "
               "**right here**, usually within a few minutes. You can keep writing: they "
               "will see everything you send."),
    "already": "Your request is with our support team; a person will answer here shortly.",
    "claimed": "{name} from our support team has joined the conversation.",
    "reminder": ("Sorry for the wait: everyone on our team is busy right now. Your request "
                 "is still in the queue and a person will answer here as soon as possible."),
    "resolved": ("Our team has marked your request as resolved. I'm the shop assistant "
                 "again: ask me anything."),
    "returned": "You're talking to the shop assistant again. How can I help?",
}


@dataclass(frozen=True, slots=True)
class Stats:
    """Today on the desk (the `/shopbot stats` answer)."""

    conversations: int
    escalations: int
    solved_without_human: float  # share of today's conversations with no ticket
    median_first_reply_s: float | None
    open_tickets: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
