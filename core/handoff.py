"""Human handoff: the bot -> waiting -> human -> bot state of a conversation.

A conversation is owned by the bot until a trigger fires (the customer asks for a person,
the bot fails to understand `after_misses` times in a row, or the customer complains).
Then a `Ticket` is opened (`waiting`); a staff member claims it (`human`); resolving it or
returning it to the bot closes it (`bot`) and the bot answers again. Every transition
records who and when, in the `handoffs` table.

Two layers in this one module:
- pure rules: frozen `Ticket`s, transition functions that return a new ticket or raise
  `HandoffError`, reminder timing, and the neutral `TicketEvent`s a support desk renders;
- `HandoffDesk`: the engine's escalation seam (`intercept`, `escalate`, `after_misses`)
  and the staff actions (`claim`, `close`, `staff_reply`, `remind_due`), which store each
  transition and tell the customer through `engine.deliver` (any platform).

Support desks (the Slack adapter) subscribe with `publish(event)`; nothing here formats
for a platform. Invariants: at most one open ticket per conversation; while a human owns
it the bot sends nothing of its own (the engine relays instead of answering); a staff
message redelivered by the platform reaches the customer once (inbox key).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Protocol

from .errors import ShopbotError
from .types import Address, Incoming, Reply, _Serial

log = logging.getLogger(__name__)

REASONS = ("human_agent", "not_understood", "complaint")
OPEN = ("waiting", "human")  # closed tickets are back in state "bot"
OUTCOMES = ("resolved", "returned", "withdrawn")  # withdrawn: by the customer
CUSTOMER = "customer"  # who closed a withdrawn ticket
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
    reason: str = "human_agent"
    summary: str = ""
    customer_name: str = ""
    state: str = "waiting"  # waiting -> human -> bot (closed)
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
    reason = "human_agent" if reason == "asked" else reason
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
    return dataclasses.replace(ticket, state="bot", closed_by=staff, closed_at=at or _now(),
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
    """What a support desk must show. kinds: opened (with transcript), customer_message
    (text), claimed, reminder, closed, undelivered (text that did not reach the customer)."""

    kind: str
    ticket: Ticket
    text: str = ""
    transcript: tuple[Turn, ...] = ()


# What the customer is told comes from the prompt files handoff_<kind>.yaml (admins edit
# them); these are the words used when no prompt library is attached (tests, tools).
CUSTOMER_TEXT = {
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


# -- the desk: storage, the engine's escalation seam, staff actions ------------------------
class SupportDesk(Protocol):
    """Where staff see tickets. `publish` returns the desk's reference for `opened`."""

    async def publish(self, event: TicketEvent) -> str | None: ...


_COLUMNS = ("state", "reason", "claimed_by", "claimed_at", "closed_at", "summary",
            "customer_name", "first_reply_at", "reminded_at", "closed_by", "outcome",
            "desk_ref")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class HandoffDesk:
    def __init__(self, store: Any, config: Any = None, clock: Callable[[], datetime] = _now,
                 prompts: Any = None):
        """`config`: the `handoff` config section (after_misses, claim_timeout_s, on_*);
        `prompts`: a PromptLibrary with the handoff_* files for what the customer is told."""
        self.store = store
        self.config = config
        self.prompts = prompts
        self.clock = clock
        self.desks: list[SupportDesk] = []
        self.engine: Any = None  # set by attach(): staff replies go out through engine.deliver

    def attach(self, engine: Any) -> None:
        self.engine = engine

    @property
    def after_misses(self) -> int:
        """Failed understandings in a row that open a ticket (0: never, a button instead)."""
        return int(getattr(self.config, "after_misses", 0) or 0)

    @property
    def claim_timeout_s(self) -> float:
        return float(getattr(self.config, "claim_timeout_s", 600))

    # -- rows <-> tickets ------------------------------------------------------------------
    def _ticket(self, row: dict[str, Any] | None) -> Ticket | None:
        if row is None:
            return None
        return Ticket(
            id=str(row["id"]), conversation=row["conversation_key"],
            customer=Address.from_dict(json.loads(row["address"])),
            opened_at=_dt(row["created_at"]), reason=row["reason"],
            summary=row["summary"] or "", customer_name=row["customer_name"] or "",
            state=row["state"], claimed_by=row["claimed_by"], claimed_at=_dt(row["claimed_at"]),
            first_reply_at=_dt(row["first_reply_at"]), reminded_at=_dt(row["reminded_at"]),
            closed_by=row["closed_by"], closed_at=_dt(row["closed_at"]), outcome=row["outcome"],
            desk_ref=row["desk_ref"])

    def _select(self, where: str, args: list[Any]) -> list[Ticket]:
        with self.store.lock:
            rows = list(self.store.db.query(
                "SELECT h.*, c.key AS conversation_key FROM handoffs h"
                f" JOIN conversations c ON c.id = h.conversation_id WHERE {where}"
                " ORDER BY h.id", args))
        return [self._ticket(r) for r in rows]  # type: ignore[misc]

    def get(self, ticket_id: str) -> Ticket | None:
        found = self._select("h.id = ?", [int(ticket_id)]) if str(ticket_id).isdigit() else []
        return found[0] if found else None

    def by_desk_ref(self, ref: str) -> Ticket | None:
        found = self._select("h.desk_ref = ?", [ref])
        return found[-1] if found else None

    def open_for(self, conversation_id: int) -> Ticket | None:
        found = self._select("h.conversation_id = ? AND h.state IN ('waiting','human')",
                             [conversation_id])
        return found[-1] if found else None

    def open_tickets(self) -> list[Ticket]:
        return self._select("h.state IN ('waiting','human')", [])

    def find(self, customer: str) -> list[Ticket]:
        """Tickets of a customer given as platform:id, a platform id or a (part of a) name."""
        ids = self.store.resolve_user(customer)
        marks = ",".join("?" * len(ids)) or "NULL"
        return self._select(f"h.user_id IN ({marks}) OR h.customer_name LIKE ?",
                            [*ids, f"%{customer}%"])

    def _save(self, ticket: Ticket) -> Ticket:
        values = {c: getattr(ticket, c) for c in _COLUMNS}
        values = {k: _iso(v) if isinstance(v, datetime) else v for k, v in values.items()}
        with self.store.tx():
            self.store.db["handoffs"].update(int(ticket.id), values)
        return ticket

    # -- the engine's seam -----------------------------------------------------------------
    async def intercept(self, conversation: dict[str, Any], incoming: Incoming) -> bool:
        """Customer messages on an open ticket go to the desk; True while a human owns it."""
        ticket = self.open_for(conversation["id"])
        if ticket is None:
            return False
        await self._publish(TicketEvent("customer_message", ticket, text=incoming.text or
                                        f"[{incoming.kind}: {incoming.payload or ''}]"))
        return ticket.state == "human"

    async def escalate(self, conversation: dict[str, Any], incoming: Incoming,
                       reason: str) -> Ticket | None:
        """Open (or reuse) the conversation's ticket; None when this trigger is switched off."""
        if not self._enabled(reason):
            return None
        existing = self.open_for(conversation["id"])
        if existing is not None:
            return existing
        draft = open_ticket("0", incoming, reason, at=self.clock(),
                            summary=self._summary(conversation, incoming))
        with self.store.tx():
            row_id = self.store.db["handoffs"].insert({
                "conversation_id": conversation["id"], "user_id": conversation["user_id"],
                "state": draft.state, "reason": draft.reason, "created_at": _iso(draft.opened_at),
                "summary": draft.summary, "customer_name": draft.customer_name,
                "address": json.dumps(incoming.address.to_dict()),
            }).last_pk
        ticket = dataclasses.replace(draft, id=str(row_id))
        transcript = tuple(Turn("customer" if m["direction"] == "in" else "bot", m["text"] or "",
                                _dt(m["created_at"]))
                           for m in self.store.recent(conversation["id"], TRANSCRIPT_TURNS))
        refs = await self._publish(TicketEvent("opened", ticket, transcript=transcript))
        if refs:
            ticket = self._save(dataclasses.replace(ticket, desk_ref=refs[0]))
        return ticket

    def _enabled(self, reason: str) -> bool:
        flag = {"human_agent": "on_request", "complaint": "on_complaint"}.get(reason)
        return bool(getattr(self.config, flag, True)) if flag else True

    def _summary(self, conversation: dict[str, Any], incoming: Incoming) -> str:
        """The customer's own words: this message, or the last one that says something."""
        if incoming.kind == "text" and len(incoming.text.split()) > 2:
            return one_line(incoming.text)
        said = [m["text"] for m in self.store.recent(conversation["id"], TRANSCRIPT_TURNS)
                if m["direction"] == "in" and m["text"] and not m["text"].startswith("/")]
        return one_line(said[-1] if said else incoming.text or "asked for a person")

    # -- staff actions ---------------------------------------------------------------------
    def _require(self, ticket_id: str) -> Ticket:
        ticket = self.get(ticket_id)
        if ticket is None:
            raise HandoffError(f"there is no ticket {ticket_id}")
        return ticket

    async def claim(self, ticket_id: str, staff: str, staff_name: str = "") -> Ticket:
        before = self._require(ticket_id)
        ticket = claim(before, staff, self.clock())
        if ticket is before:
            return ticket
        self._save(ticket)
        await self._tell(ticket, self._words("claimed", name=staff_name or "Someone"))
        await self._publish(TicketEvent("claimed", ticket))
        return ticket

    async def close(self, ticket_id: str, staff: str, outcome: str) -> Ticket:
        ticket = self._save(close(self._require(ticket_id), staff, outcome, self.clock()))
        with self.store.lock:  # the bot starts afresh: no misses carried over
            conv = self.store.db["conversations"].get(
                self.store.db["handoffs"].get(int(ticket.id))["conversation_id"])
        state = json.loads(conv.get("state") or "{}")
        state.pop("misses", None)
        self.store.save_state(conv["id"], state)
        await self._tell(ticket, self._words(outcome))
        await self._publish(TicketEvent("closed", ticket))
        return ticket

    async def withdraw(self, ticket_id: str) -> Ticket:
        """The customer needs no person any more ("never mind, I sorted it") while the ticket
        waits: closed as withdrawn, and the desk told, so nobody claims it for nothing. The
        customer is answered by the turn that withdrew it."""
        ticket = self._save(close(self._require(ticket_id), CUSTOMER, "withdrawn", self.clock()))
        await self._publish(TicketEvent("closed", ticket))
        return ticket

    async def staff_reply(self, ticket_id: str, staff: str, text: str,
                          message_id: str) -> Ticket | None:
        """Relay a staff message to the customer, once per `message_id` (None: seen before)."""
        ticket = human_replied(self._require(ticket_id), staff, self.clock())
        with self.store.tx():
            cur = self.store.db.execute(
                "INSERT OR IGNORE INTO inbox (platform, message_id, user_id, incoming,"
                " received_at, handled_at) VALUES ('desk', ?, ?, ?, ?, ?)",
                [message_id, f"staff:{staff}", json.dumps({"ticket": ticket.id, "text": text}),
                 _iso(self.clock()), _iso(self.clock())])
            if not cur.rowcount:
                return None
            conv_id = self.store.db["handoffs"].get(int(ticket.id))["conversation_id"]
            self.store.db["messages"].insert({
                "conversation_id": conv_id, "user_id": f"staff:{staff}", "direction": "out",
                "text": text, "intent": "staff", "created_at": _iso(self.clock())})
            self._save(ticket)
        await self._tell(ticket, text, kind="staff")
        return ticket

    async def remind_due(self) -> list[Ticket]:
        """Tell waiting customers (and re-ping the desk) when nobody claimed in time."""
        now = self.clock()
        due = [self._save(remind(t, now)) for t in self.open_tickets()
               if reminder_due(t, now, self.claim_timeout_s)]
        for ticket in due:
            await self._tell(ticket, self._words("reminder"))
            await self._publish(TicketEvent("reminder", ticket))
        return due

    async def run_reminders(self, every_s: float | None = None) -> None:
        """Until cancelled: check for unclaimed tickets a few times per timeout."""
        every = every_s or max(1.0, min(60.0, self.claim_timeout_s / 4))
        while True:
            await asyncio.sleep(every)
            try:
                await self.remind_due()
            except Exception:  # noqa: BLE001 - keep reminding after a bad round
                log.exception("handoff reminders failed")

    def _words(self, kind: str, **values: str) -> str:
        """The customer notice from prompts/handoff_<kind>.yaml (built-in words without one)."""
        if self.prompts is not None:
            try:
                return self.prompts.get(f"handoff_{kind}").render(**values).strip()
            except ShopbotError as exc:
                log.error("%s; using the built-in words", exc)
        return CUSTOMER_TEXT[kind].format(**values)

    async def _tell(self, ticket: Ticket, text: str, kind: str = "handoff") -> None:
        """Send to the customer through the outbox; the desk hears when it did not go out."""
        if self.engine is None:
            log.warning("handoff desk not attached to an engine; customer not told: %s", text)
            return
        sent = await self.engine.deliver(ticket.customer, Reply(text, kind=kind),
                                         f"{ticket.customer.platform}:{ticket.customer.user_id}")
        if sent is False:  # kept in the outbox (retried on recovery unless refused for good)
            await self._publish(TicketEvent("undelivered", ticket, text=text))

    async def _publish(self, event: TicketEvent) -> list[str]:
        refs = []
        for desk in self.desks:
            try:
                ref = await desk.publish(event)
            except Exception:  # noqa: BLE001 - the customer still gets an answer
                log.exception("support desk failed to take %s of ticket %s", event.kind,
                              event.ticket.id)
                continue
            if ref:
                refs.append(ref)
        return refs

    # -- figures for staff -------------------------------------------------------------------
    def stats(self, day: date | None = None) -> Stats:
        """Today's (or `day`'s, UTC) conversations, escalations and first-reply times."""
        prefix = (day or self.clock().date()).isoformat()
        with self.store.lock:
            convs = {r[0] for r in self.store.db.execute(
                "SELECT DISTINCT conversation_id FROM messages WHERE created_at LIKE ?"
                " AND direction = 'in'", [prefix + "%"])}
            tickets = self._select("h.created_at LIKE ?", [prefix + "%"])
        escalated = {t.conversation for t in tickets}
        waits = sorted((t.first_reply_at - t.opened_at).total_seconds()
                       for t in tickets if t.first_reply_at)
        total = len(convs)
        solved = (total - len(escalated)) / total if total else 0.0
        return Stats(conversations=total, escalations=len(tickets),
                     solved_without_human=max(0.0, solved),
                     median_first_reply_s=statistics.median(waits) if waits else None,
                     open_tickets=len(self.open_tickets()))
