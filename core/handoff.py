"""Human handoff: the bot -> waiting -> human -> bot state of a conversation.

The spine records escalations in the `handoffs` table and keeps the bot silent while a
human owns a conversation. Support desks (the Slack adapter) subscribe as listeners to
hear about new tickets and customer messages on escalated conversations.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from .store import Store, now
from .types import Incoming

log = logging.getLogger(__name__)

OPEN_STATES = ("waiting", "human")


class DeskListener(Protocol):
    async def ticket_opened(self, ticket: dict[str, Any], transcript: list[dict]) -> None: ...
    async def customer_message(self, ticket: dict[str, Any], incoming: Incoming) -> None: ...


class HandoffDesk:
    def __init__(self, store: Store):
        self.store = store
        self.listeners: list[DeskListener] = []

    def open_ticket(self, conversation_id: int) -> dict[str, Any] | None:
        with self.store.lock:
            rows = list(self.store.db.query(
                "SELECT * FROM handoffs WHERE conversation_id = ? AND state IN ('waiting','human')"
                " ORDER BY id DESC LIMIT 1", [conversation_id]))
        return rows[0] if rows else None

    async def intercept(self, conversation: dict[str, Any], incoming: Incoming) -> bool:
        """True when a human owns the conversation: the bot must stay silent."""
        ticket = self.open_ticket(conversation["id"])
        if ticket is None:
            return False
        for listener in self.listeners:
            await listener.customer_message(ticket, incoming)
        return ticket["state"] == "human"

    async def escalate(self, conversation: dict[str, Any], incoming: Incoming,
                       reason: str) -> dict[str, Any]:
        """Open (or reuse) a ticket for this conversation and tell the desks."""
        ticket = self.open_ticket(conversation["id"])
        if ticket is not None:
            return ticket
        with self.store.tx():
            ticket_id = self.store.db["handoffs"].insert({
                "conversation_id": conversation["id"], "user_id": conversation["user_id"],
                "state": "waiting", "reason": reason, "created_at": now(),
            }).last_pk
        ticket = self.store.db["handoffs"].get(ticket_id)
        transcript = self.store.recent(conversation["id"], 10)
        for listener in self.listeners:
            try:
                await listener.ticket_opened(ticket, transcript)
            except Exception:  # noqa: BLE001 - the customer still gets an answer
                log.exception("support desk failed to take ticket %s", ticket_id)
        return ticket
