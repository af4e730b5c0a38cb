import sqlite_utils

from core.migrations import MIGRATIONS, TABLE, migrate
from core.store import Store
from core.types import Incoming, Reply


def test_migrations_from_empty_database_are_recorded_once():
    db = sqlite_utils.Database(memory=True)
    applied = migrate(db)
    assert applied == [m.__name__ for m in MIGRATIONS]
    assert {r["name"] for r in db[TABLE].rows} == set(applied)
    assert migrate(db) == []  # idempotent
    for table in ("users", "conversations", "messages", "inbox", "outbox", "handoffs",
                  "products", "orders"):
        assert db[table].exists(), table


def test_store_file_uses_wal(tmp_path):
    store = Store(tmp_path / "s.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_inbox_drops_redelivery():
    store = Store()
    inc = Incoming("telegram", "1", "1", "555", text="hi")
    assert store.accept(inc) is not None
    assert store.accept(inc) is None
    assert store.accept(Incoming("slack", "1", "1", "555", text="hi")) is not None


def test_finish_turn_queues_outbox_and_marks_inbox_handled():
    store = Store()
    inc = Incoming("memory", "c", "u", "1", text="hi")
    inbox_id = store.accept(inc)
    conv = store.conversation(inc.address)
    assert [i for i, _ in store.unhandled()] == [inbox_id]
    (oid,) = store.finish_turn(inbox_id, conv, [(inc.address, Reply("hello"), {"intent": "x"})])
    assert store.unhandled() == []
    assert store.undelivered() == [oid]
    store.mark_delivered(oid)
    assert store.undelivered() == []


def test_forget_deletes_everything_of_that_user_only():
    store = Store()
    for user in ("alice", "bob"):
        inc = Incoming("memory", user, user, f"m-{user}", text="hi", user_name=user)
        inbox_id = store.accept(inc)
        conv = store.conversation(inc.address)
        store.log_in(conv, inc)
        store.finish_turn(inbox_id, conv, [(inc.address, Reply("hello"), {})])
    counts = store.forget("alice")
    assert counts["messages"] == 2 and counts["users"] == 1 and counts["inbox"] == 1
    rows = list(store.export())
    assert rows and all(r["user_id"] == "memory:bob" for r in rows)
    assert store.history("alice") == []
