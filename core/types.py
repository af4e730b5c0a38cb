"""Frozen, platform-neutral message objects.

Adapters turn platform updates into `Incoming` and render `Reply` their own way; the core
never sees a platform object and never formats for a platform. Every type round-trips
through `to_dict` / `from_dict` so it can be stored (inbox, outbox) and replayed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any


def _now() -> datetime:
    return datetime.now(timezone.utc)


class _Serial:
    """Symmetric to_dict / from_dict for the frozen dataclasses below."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = [v.to_dict() if isinstance(v, _Serial) else v for v in value]
            elif isinstance(value, _Serial):
                value = value.to_dict()
            out[f.name] = value
        return out


@dataclass(frozen=True, slots=True)
class Address(_Serial):
    """Where a reply goes: a chat on a platform (optionally a thread inside it)."""

    platform: str
    chat_id: str
    user_id: str = ""
    thread_id: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Address:
        return cls(str(d["platform"]), str(d["chat_id"]), str(d.get("user_id", "")),
                   d.get("thread_id"))

    @property
    def key(self) -> str:
        """Stable conversation key: one conversation per platform chat (and thread)."""
        base = f"{self.platform}:{self.chat_id}"
        return f"{base}:{self.thread_id}" if self.thread_id else base


# Kinds of incoming message. "unsupported" covers photos, stickers, voice, files...
INCOMING_KINDS = ("text", "button", "command", "unsupported")


@dataclass(frozen=True, slots=True)
class Incoming(_Serial):
    """One customer message as the core sees it.

    `message_id` is the platform's id for the delivery (Telegram update_id, Slack
    event_id, a counter in the console); the inbox dedupes on (platform, message_id).
    """

    platform: str
    chat_id: str
    user_id: str
    message_id: str
    text: str = ""
    payload: str | None = None  # button payload when kind == "button"
    kind: str = "text"
    user_name: str = ""
    thread_id: str | None = None
    at: datetime = field(default_factory=_now)

    def __post_init__(self) -> None:
        if self.kind not in INCOMING_KINDS:
            raise ValueError(f"unknown incoming kind {self.kind!r}")

    @property
    def address(self) -> Address:
        return Address(self.platform, self.chat_id, self.user_id, self.thread_id)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Incoming:
        at = d.get("at")
        return cls(
            platform=str(d["platform"]), chat_id=str(d["chat_id"]), user_id=str(d["user_id"]),
            message_id=str(d["message_id"]), text=d.get("text") or "", payload=d.get("payload"),
            kind=d.get("kind", "text"), user_name=d.get("user_name", ""),
            thread_id=d.get("thread_id"),
            at=datetime.fromisoformat(at) if isinstance(at, str) else (at or _now()),
        )


@dataclass(frozen=True, slots=True)
class Button(_Serial):
    """A button the customer can press; `payload` comes back as Incoming.payload."""

    label: str
    payload: str

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Button:
        return cls(d["label"], d["payload"])


@dataclass(frozen=True, slots=True)
class ProductCard(_Serial):
    """A product shown to the customer. Prices are exact decimals rendered by the core."""

    product_id: str
    title: str
    price: str  # already formatted, e.g. "89.00"
    currency: str
    in_stock: bool
    subtitle: str = ""
    image_url: str | None = None
    buttons: tuple[Button, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ProductCard:
        return cls(d["product_id"], d["title"], d["price"], d["currency"], bool(d["in_stock"]),
                   d.get("subtitle", ""), d.get("image_url"),
                   tuple(Button.from_dict(b) for b in d.get("buttons", ())))


@dataclass(frozen=True, slots=True)
class Reply(_Serial):
    """What the bot says. `text` uses a small Markdown subset: **bold**, _italic_,
    `code`, [label](url), "- " bullet lines and blank-line paragraphs."""

    text: str
    cards: tuple[ProductCard, ...] = ()
    buttons: tuple[Button, ...] = ()
    kind: str = ""  # the reply kind / prompt name that produced it, for logs and tests

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Reply:
        return cls(d["text"], tuple(ProductCard.from_dict(c) for c in d.get("cards", ())),
                   tuple(Button.from_dict(b) for b in d.get("buttons", ())), d.get("kind", ""))
