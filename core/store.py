"""The durable store: one SQLite file (WAL) holding users, conversations, messages, the
inbox, the outbox and handoffs.

Invariants that make "no duplicate, no lost message" true:
- `accept` inserts into the inbox under a unique (platform, message_id) key; a redelivered
  update hits the key and is dropped before any work is done.
- `finish_turn` writes the bot's messages, the outbox rows and marks the inbox row handled in
  ONE transaction: after a crash a turn is either fully pending (recover re-runs it) or fully
  queued for delivery (recover re-sends the outbox), never half of each.
- A reply is in the outbox before any platform sees it and is marked delivered after.

sqlite-utils does the table work; the connection is shared by the event loop and executor
threads, so every call takes one lock (SQLite calls here are sub-millisecond).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from .errors import StoreError
from .migrations import migrate
from .types import Address, Incoming, Reply


def now() -> str:
    return datetime.now(timezone.utc).isoformat()


def default_home() -> Path:
    """The data directory: $SHOPBOT_HOME, else ~/.shopbot."""
    return Path(os.environ.get("SHOPBOT_HOME") or Path.home() / ".shopbot")


def models_dir() -> Path:
    """Where derived model files go (the exported base, adapters merged into a GGUF):
    $SHOPBOT_MODEL_CACHE, else $SHOPBOT_HOME/models. Several homes can share one cache."""
    return Path(os.environ.get("SHOPBOT_MODEL_CACHE") or default_home() / "models")


class Store:
    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=10,
                                   isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 10000")
            if self.path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self.db = sqlite_utils.Database(conn)
            self.lock = threading.RLock()
            with self.lock:
                migrate(self.db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    # -- transactions -------------------------------------------------------------------
    def tx(self):
        """Context manager: one locked transaction."""
        return _Tx(self)

    # -- inbox ----------------------------------------------------------------------------
    def accept(self, incoming: Incoming) -> int | None:
        """Record an incoming message; None when (platform, message_id) was seen before."""
        user_id = self.ensure_user(incoming)
        with self.tx():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO inbox (platform, message_id, user_id, incoming, received_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [incoming.platform, incoming.message_id, user_id,
                 json.dumps(incoming.to_dict()), now()])
            return cur.lastrowid if cur.rowcount else None

    def unhandled(self) -> list[tuple[int, Incoming]]:
        with self.lock:
            rows = self.db.execute(
                "SELECT id, incoming FROM inbox WHERE handled_at IS NULL ORDER BY id").fetchall()
        return [(r[0], Incoming.from_dict(json.loads(r[1]))) for r in rows]

    # -- users and conversations ------------------------------------------------------------
    def ensure_user(self, incoming: Incoming) -> str:
        uid = f"{incoming.platform}:{incoming.user_id}"
        with self.tx():
            self.db.execute(
                "INSERT OR IGNORE INTO users (id, platform, platform_user_id, name, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [uid, incoming.platform, incoming.user_id, incoming.user_name, now()])
        return uid

    def conversation(self, address: Address) -> dict[str, Any]:
        """The open conversation for this chat, created on first use."""
        with self.tx():
            row = self.db.execute(
                "SELECT * FROM conversations WHERE key = ? AND closed_at IS NULL"
                " ORDER BY id DESC LIMIT 1", [address.key]).fetchone()
            if row is None:
                conv = {"key": address.key, "user_id": f"{address.platform}:{address.user_id}",
                        "platform": address.platform, "chat_id": address.chat_id,
                        "thread_id": address.thread_id, "started_at": now(), "state": "{}"}
                conv["id"] = self.db["conversations"].insert(conv).last_pk
            else:
                conv = dict(zip([c[0] for c in self.db.execute(
                    "SELECT * FROM conversations LIMIT 0").description], row))
        conv["state"] = json.loads(conv.get("state") or "{}")
        return conv

    def save_state(self, conversation_id: int, state: dict[str, Any]) -> None:
        with self.tx():
            self.db.execute("UPDATE conversations SET state = ? WHERE id = ?",
                            [json.dumps(state), conversation_id])

    def close_conversation(self, conversation_id: int) -> None:
        with self.tx():
            self.db.execute("UPDATE conversations SET closed_at = ? WHERE id = ?",
                            [now(), conversation_id])

    # -- messages ---------------------------------------------------------------------------
    def log_in(self, conversation: dict, incoming: Incoming, intent: str = "",
               confidence: float | None = None) -> int:
        with self.tx():
            return self.db["messages"].insert({
                "conversation_id": conversation["id"], "user_id": conversation["user_id"],
                "direction": "in", "text": incoming.text, "payload": incoming.payload,
                "intent": intent, "confidence": confidence, "created_at": now(),
            }).last_pk

    def set_intent(self, message_id: int, intent: str, confidence: float) -> None:
        with self.tx():
            self.db.execute("UPDATE messages SET intent = ?, confidence = ? WHERE id = ?",
                            [intent, confidence, message_id])

    def recent(self, conversation_id: int, limit: int = 10) -> list[dict[str, Any]]:
        """The last `limit` messages of a conversation, oldest first."""
        with self.lock:
            rows = list(self.db.query(
                "SELECT direction, text, intent, created_at FROM messages"
                " WHERE conversation_id = ? ORDER BY id DESC LIMIT ?", [conversation_id, limit]))
        return rows[::-1]

    def finish_turn(self, inbox_id: int | None, conversation: dict,
                    replies: list[tuple[Address, Reply, dict]]) -> list[int]:
        """Atomically: log the bot's messages, queue them in the outbox, mark the inbox row."""
        ids = []
        with self.tx():
            for address, reply, meta in replies:
                self.db["messages"].insert({
                    "conversation_id": conversation["id"], "user_id": conversation["user_id"],
                    "direction": "out", "text": reply.text,
                    "payload": json.dumps(reply.to_dict()), "intent": meta.get("intent", ""),
                    "latency_ms": meta.get("latency_ms"),
                    "prompt_version": meta.get("prompt_version", ""), "created_at": now(),
                    "reply_source": meta.get("reply_source", ""),
                })
                ids.append(self._queue(inbox_id, conversation["user_id"], address, reply))
            if inbox_id is not None:
                self.db.execute("UPDATE inbox SET handled_at = ? WHERE id = ?", [now(), inbox_id])
        return ids

    # -- outbox -----------------------------------------------------------------------------
    def _queue(self, inbox_id: int | None, user_id: str, address: Address, reply: Reply) -> int:
        return self.db["outbox"].insert({
            "inbox_id": inbox_id, "user_id": user_id, "address": json.dumps(address.to_dict()),
            "reply": json.dumps(reply.to_dict()), "created_at": now(), "attempts": 0,
        }).last_pk

    def queue(self, address: Address, reply: Reply, user_id: str = "") -> int:
        """Queue a reply outside a turn (staff relay, notices)."""
        with self.tx():
            return self._queue(None, user_id or f"{address.platform}:{address.user_id}",
                               address, reply)

    def outbox_entry(self, outbox_id: int) -> tuple[Address, Reply, str | None]:
        with self.lock:
            row = self.db.execute("SELECT address, reply, delivered_at FROM outbox WHERE id = ?",
                                  [outbox_id]).fetchone()
        return Address.from_dict(json.loads(row[0])), Reply.from_dict(json.loads(row[1])), row[2]

    def undelivered(self) -> list[int]:
        with self.lock:
            return [r[0] for r in self.db.execute(
                "SELECT id FROM outbox WHERE delivered_at IS NULL AND gave_up_at IS NULL"
                " ORDER BY id").fetchall()]

    def mark_delivered(self, outbox_id: int) -> None:
        with self.tx():
            self.db.execute("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1"
                            " WHERE id = ?", [now(), outbox_id])

    def mark_failed(self, outbox_id: int, error: str, give_up: bool = False) -> None:
        """Record a failed attempt; `give_up` for refusals a retry cannot fix."""
        with self.tx():
            self.db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ?,"
                            " gave_up_at = ? WHERE id = ?",
                            [error[:500], now() if give_up else None, outbox_id])

    # -- admin: history, export, forget ----------------------------------------------------
    def resolve_user(self, user: str) -> list[str]:
        """User ids matching 'platform:id', a bare platform id, or a display name."""
        with self.lock:
            return [r[0] for r in self.db.execute(
                "SELECT id FROM users WHERE id = ? OR platform_user_id = ? OR name = ?",
                [user, user, user]).fetchall()]

    def history(self, user: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        where, args = "", []
        if user is not None:
            ids = self.resolve_user(user)
            where = f"WHERE m.user_id IN ({','.join('?' * len(ids)) or 'NULL'})"
            args = ids
        with self.lock:
            rows = list(self.db.query(
                f"SELECT m.id, m.user_id, m.direction, m.text, m.intent, m.latency_ms,"
                f" m.prompt_version, m.created_at, m.conversation_id FROM messages m {where}"
                f" ORDER BY m.id DESC LIMIT ?", [*args, limit]))
        return rows[::-1]

    def export(self) -> Iterator[dict[str, Any]]:
        """Every message with its conversation and user, oldest first (for JSONL)."""
        with self.lock:
            rows = list(self.db.query(
                "SELECT m.id, m.created_at, m.direction, m.text, m.intent, m.confidence,"
                " m.latency_ms, m.prompt_version, m.user_id, u.name AS user_name,"
                " c.key AS conversation, c.id AS conversation_id FROM messages m"
                " JOIN conversations c ON c.id = m.conversation_id"
                " LEFT JOIN users u ON u.id = m.user_id ORDER BY m.id"))
        yield from rows

    def forget(self, user: str) -> dict[str, int]:
        """Delete everything stored about a user; returns rows deleted per table."""
        ids = self.resolve_user(user)
        counts = {t: 0 for t in ("messages", "handoffs", "conversations", "inbox", "outbox",
                                 "product_events", "users")}
        if not ids:
            return counts
        marks = ",".join("?" * len(ids))
        conv_sql = f"SELECT id FROM conversations WHERE user_id IN ({marks})"
        with self.tx():
            for table, sql in (
                ("messages", f"DELETE FROM messages WHERE conversation_id IN ({conv_sql})"
                             f" OR user_id IN ({marks})"),
                ("handoffs", f"DELETE FROM handoffs WHERE conversation_id IN ({conv_sql})"),
                ("conversations", f"DELETE FROM conversations WHERE user_id IN ({marks})"),
                ("inbox", f"DELETE FROM inbox WHERE user_id IN ({marks})"),
                ("outbox", f"DELETE FROM outbox WHERE user_id IN ({marks})"),
                ("product_events", f"DELETE FROM product_events WHERE user_id IN ({marks})"),
                ("users", f"DELETE FROM users WHERE id IN ({marks})"),
            ):
                n = sql.count("?")
                counts[table] = self.db.execute(sql, (ids * (n // len(ids)))).rowcount
        return counts

    # -- button payloads too long for a platform (Telegram: 64 bytes) -----------------------
    def save_callbacks(self, mapping: dict[str, str]) -> None:
        """Remember key -> payload for buttons whose payload does not fit the platform."""
        with self.tx():
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO callback_payloads (key, payload, created_at)"
                " VALUES (?, ?, ?)", [(k, v, now()) for k, v in mapping.items()])

    def callback_payload(self, key: str) -> str | None:
        with self.lock:
            row = self.db.execute("SELECT payload FROM callback_payloads WHERE key = ?",
                                  [key]).fetchone()
        return row[0] if row else None


class _Tx:
    """The store's lock held around one sqlite-utils `atomic()` block (nested = savepoint)."""

    def __init__(self, store: Store):
        self.store = store
        self._atomic = None

    def __enter__(self):
        self.store.lock.acquire()
        try:
            self._atomic = self.store.db.atomic()
            self._atomic.__enter__()
        except BaseException:
            self.store.lock.release()
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            return self._atomic.__exit__(exc_type, exc, tb)
        finally:
            self.store.lock.release()
