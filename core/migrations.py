"""Numbered schema migrations for the SQLite store.

Each migration is a function `mNNN_name(db)` appended to `MIGRATIONS`; applied names are
recorded in `_shopbot_migrations`. A shipped migration is never edited — a schema change
is a new function at the end of this file. (Pattern from simonw/llm's migrations.py.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import sqlite_utils

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = []
migration = MIGRATIONS.append

TABLE = "_shopbot_migrations"


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply every migration not yet recorded; returns the names applied now."""
    db[TABLE].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = {row["name"] for row in db[TABLE].rows}
    applied = []
    for fn in MIGRATIONS:
        if fn.__name__ in done:
            continue
        with db.atomic():  # one transaction per migration: all of it or none of it
            fn(db)
            db[TABLE].insert({"name": fn.__name__,
                              "applied_at": datetime.now(timezone.utc).isoformat()})
        applied.append(fn.__name__)
    return applied


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    db["users"].create({
        "id": str,            # "platform:user_id"
        "platform": str,
        "platform_user_id": str,
        "name": str,
        "created_at": str,
    }, pk="id")
    db["conversations"].create({
        "id": int,
        "key": str,           # Address.key: platform:chat[:thread]
        "user_id": str,
        "platform": str,
        "chat_id": str,
        "thread_id": str,
        "started_at": str,
        "closed_at": str,     # set by /reset; a new conversation starts
        "state": str,         # JSON: shown products, misses in a row, last intent
    }, pk="id", foreign_keys=[("user_id", "users", "id")])
    db["conversations"].create_index(["key", "closed_at"])
    db["messages"].create({
        "id": int,
        "conversation_id": int,
        "user_id": str,
        "direction": str,     # "in" | "out"
        "text": str,
        "payload": str,       # button payload or JSON of the Reply
        "intent": str,
        "confidence": float,
        "latency_ms": float,
        "prompt_version": str,
        "created_at": str,
    }, pk="id", foreign_keys=[("conversation_id", "conversations", "id")])
    db["messages"].create_index(["conversation_id"])
    db["messages"].create_index(["user_id"])
    db["inbox"].create({
        "id": int,
        "platform": str,
        "message_id": str,
        "user_id": str,
        "incoming": str,      # JSON of the Incoming: replayable after a crash
        "received_at": str,
        "handled_at": str,    # NULL until the turn's replies are in the outbox
    }, pk="id")
    db["inbox"].create_index(["platform", "message_id"], unique=True)
    db["inbox"].create_index(["handled_at"])
    db["outbox"].create({
        "id": int,
        "inbox_id": int,
        "user_id": str,
        "address": str,       # JSON of the Address
        "reply": str,         # JSON of the Reply
        "created_at": str,
        "delivered_at": str,
        "attempts": int,
        "last_error": str,
    }, pk="id")
    db["outbox"].create_index(["delivered_at"])
    db["handoffs"].create({
        "id": int,
        "conversation_id": int,
        "user_id": str,
        "state": str,         # waiting | human | bot (closed)
        "reason": str,
        "created_at": str,
        "claimed_by": str,
        "claimed_at": str,
        "closed_at": str,
    }, pk="id", foreign_keys=[("conversation_id", "conversations", "id")])
    db["handoffs"].create_index(["conversation_id"])


@migration
def m002_catalog(db: sqlite_utils.Database) -> None:
    db["products"].create({
        "id": str, "name": str, "brand": str, "category": str, "price": float,
        "currency": str, "stock": int, "sizes": str, "colors": str, "attributes": str,
        "description": str, "image_url": str, "content_hash": str, "updated_at": str,
    }, pk="id")
    db["products"].enable_fts(
        ["name", "brand", "category", "colors", "attributes", "description"],
        create_triggers=True, tokenize="porter unicode61 remove_diacritics 2",
    )
    db["orders"].create({
        "order_id": str, "customer": str, "email": str, "status": str, "items": str,
        "total": str, "currency": str, "placed_at": str, "carrier": str,
        "tracking_number": str, "estimated_delivery": str,
    }, pk="order_id")


@migration
def m003_callback_payloads(db: sqlite_utils.Database) -> None:
    # Telegram's callback_data holds 64 bytes; longer button payloads are kept here under
    # the digest the adapter puts on the button (adapters/telegram_render.callback_data).
    db["callback_payloads"].create({"key": str, "payload": str, "created_at": str}, pk="key")


@migration
def m004_outbox_gave_up(db: sqlite_utils.Database) -> None:
    """Replies a platform refused for good (blocked bot, deleted chat) stop being retried."""
    db["outbox"].add_column("gave_up_at", str)


@migration
def m005_handoff_desk(db: sqlite_utils.Database) -> None:
    """Tickets keep who/when of every step, where the customer is, and the desk's message."""
    for name, kind in (("address", str), ("summary", str), ("customer_name", str),
                       ("first_reply_at", str), ("reminded_at", str), ("closed_by", str),
                       ("outcome", str), ("desk_ref", str)):
        db["handoffs"].add_column(name, kind)
    db["handoffs"].create_index(["state"])
    db["handoffs"].create_index(["desk_ref"])


@migration
def m006_product_vectors(db: sqlite_utils.Database) -> None:
    """Dense product vectors (issue 4) and the product history recommendations read."""
    db["product_vectors"].create({
        "id": str,            # products.id
        "content_hash": str,  # the product content this vector was computed from
        "model": str,
        "dim": int,
        "vector": bytes,      # float32 little-endian, L2-normalised
        "embedded_at": str,
    }, pk="id")
    db["product_events"].create({
        "id": int,
        "user_id": str,       # users.id ("platform:user_id")
        "product_id": str,
        "kind": str,          # viewed | asked | bought
        "at": str,
    }, pk="id")
    db["product_events"].create_index(["user_id", "id"])
    # A change counter kept by triggers, so a search can tell in O(1) whether its in-memory
    # copy of the vectors is current, whichever connection or process wrote.
    db["catalog_version"].create({"id": int, "products": int, "vectors": int}, pk="id")
    db["catalog_version"].insert({"id": 1, "products": 0, "vectors": 0})
    for table, column in (("products", "products"), ("product_vectors", "vectors")):
        for op in ("insert", "update", "delete"):
            db.execute(f"CREATE TRIGGER {table}_{op}_version AFTER {op.upper()} ON {table}"
                       f" BEGIN UPDATE catalog_version SET {column} = {column} + 1"
                       f" WHERE id = 1; END")


@migration
def m007_grounding_violations(db: sqlite_utils.Database) -> None:
    """Drafts the grounding check rejected (core/composer_lm.py): for admins and the eval."""
    db["grounding_violations"].create({
        "id": int, "created_at": str, "reply_kind": str, "prompt_version": str,
        "attempt": int,       # 1 = first draft, 2 = the regeneration
        "violation": str,     # number | price | id | date | order_status | product | leak |
                              # empty | off_topic (core/reply_checks.py)
        "value": str, "message": str, "draft": str,
    }, pk="id")
    db["grounding_violations"].create_index(["prompt_version"])


@migration
def m008_reply_source(db: sqlite_utils.Database) -> None:
    """Who wrote each bot message: the model, or a template (and why), so admins and the
    live-chat benchmark can see how often the model's draft is actually sent."""
    db["messages"].add_column("reply_source", str)
