"""An in-memory adapter that collects replies: what end-to-end tests drive.

    adapter = MemoryAdapter(engine)
    replies = await adapter.push("do you have trail shoes?")

Modelled on Rasa's CollectingOutputChannel. It goes through the same durable inbox and
outbox as every real platform.
"""

from __future__ import annotations

import itertools
from typing import Any

from core.types import Address, Incoming, Reply

from .base import decode_text


class MemoryAdapter:
    platform = "memory"

    def __init__(self, engine: Any, platform: str = "memory"):
        self.platform = platform
        self.engine = engine
        self.sent: list[tuple[Address, Reply]] = []
        self._ids = itertools.count(1)
        engine.register(platform, self)

    @classmethod
    def from_config(cls, config: Any, engine: Any) -> MemoryAdapter:
        return cls(engine)

    async def run(self) -> None:  # nothing to poll: tests push
        return None

    async def send(self, address: Address, reply: Reply) -> None:
        self.sent.append((address, reply))

    def incoming(self, text: str | bytes | None = "", *, chat_id: str = "c1",
                 user_id: str | None = None, message_id: str | None = None,
                 payload: str | None = None, kind: str | None = None,
                 user_name: str = "") -> Incoming:
        return Incoming(
            platform=self.platform, chat_id=chat_id, user_id=user_id or chat_id,
            user_name=user_name,
            message_id=message_id or f"m{next(self._ids)}", text=decode_text(text),
            payload=payload, kind=kind or ("button" if payload else
                                           "command" if decode_text(text).startswith("/")
                                           else "text"))

    async def push(self, text: str | bytes | None = "", **kwargs: Any) -> list[Reply]:
        """Deliver one customer message; returns the replies sent to that chat meanwhile."""
        incoming = self.incoming(text, **kwargs)
        before = len(self.sent)
        await self.engine.receive(incoming)
        return [r for a, r in self.sent[before:] if a.chat_id == incoming.chat_id]

    def sent_replies(self) -> list[Reply]:
        return [r for _, r in self.sent]

    def replies_to(self, chat_id: str) -> list[Reply]:
        return [r for a, r in self.sent if a.chat_id == chat_id]
