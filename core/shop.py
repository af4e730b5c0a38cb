"""Orders and shop policies: the facts besides the catalogue that replies are built from."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from .errors import ConfigError, ImportRowError
from .store import Store

ORDER_COLUMNS = ("order_id", "customer", "email", "status", "items", "total", "currency",
                 "placed_at", "carrier", "tracking_number", "estimated_delivery")
ORDER_STATUSES = ("processing", "shipped", "out_for_delivery", "delivered", "cancelled",
                  "returned")
POLICY_TOPICS = ("shipping", "returns", "warranty", "payment", "ordering", "contact")
# orders that count towards "what do customers buy most" (a returned item was not kept)
KEPT_STATUSES = ("processing", "shipped", "out_for_delivery", "delivered")


def order_lines(items: str) -> list[tuple[str, int]]:
    """'P1231 x1; P1184 x3' -> [("P1231", 1), ("P1184", 3)]; unreadable parts are skipped.
    Pure."""
    lines = []
    for item in str(items or "").split(";"):
        m = re.fullmatch(r"\s*(\S+)\s*(?:x\s*(\d+))?\s*", item)
        if m and item.strip():
            lines.append((m[1], int(m[2] or 1)))
    return lines


class OrderBook:
    def __init__(self, store: Store):
        self.store = store

    def import_file(self, path: str | Path) -> int:
        """All or nothing: a bad row raises ImportRowError naming its line."""
        path = Path(path)
        rows = []
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            for raw in reader:
                line = reader.line_num
                missing = [c for c in ("order_id", "status") if not (raw.get(c) or "").strip()]
                if missing:
                    raise ImportRowError(f"missing {', '.join(missing)}", file=str(path), line=line)
                if raw["status"] not in ORDER_STATUSES:
                    raise ImportRowError(f"unknown status {raw['status']!r} (one of "
                                         f"{', '.join(ORDER_STATUSES)})", file=str(path), line=line)
                rows.append({c: (raw.get(c) or "").strip() for c in ORDER_COLUMNS})
        with self.store.tx():
            self.store.db["orders"].upsert_all(rows, pk="order_id")
        return len(rows)

    def lookup(self, order_id: str) -> dict[str, Any] | None:
        """Find an order by id; tolerant of '#', letters and dashes ('#A-10042')."""
        digits = re.sub(r"\D", "", order_id or "")
        with self.store.lock:
            rows = list(self.store.db.query(
                "SELECT * FROM orders WHERE order_id = ? OR order_id = ?",
                [order_id.strip(), digits]))
        return rows[0] if rows else None

    def count(self) -> int:
        return self.store.db["orders"].count

    def most_ordered(self) -> list[str]:
        """Product ids by how many kept orders hold them, then by units, then by the latest
        order: what customers buy most ("no idea, what's popular?")."""
        with self.store.lock:
            rows = self.store.db.execute(
                "SELECT items, placed_at FROM orders WHERE status IN (%s)"
                % ", ".join("?" * len(KEPT_STATUSES)), list(KEPT_STATUSES)).fetchall()
        tally: dict[str, list] = {}
        for items, placed_at in rows:
            for pid, qty in order_lines(items):
                t = tally.setdefault(pid, [0, 0, ""])
                t[0] += 1
                t[1] += qty
                t[2] = max(t[2], placed_at or "")
        return sorted(tally, key=lambda pid: tally[pid], reverse=True)


class Policies:
    """Shop policies from a YAML file: topic -> {title, text, facts}."""

    def __init__(self, topics: dict[str, dict[str, Any]]):
        self.topics = topics

    @classmethod
    def load(cls, path: str | Path) -> Policies:
        import yaml

        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f" line {mark.line + 1}" if mark else ""
            raise ConfigError(f"policies file does not parse{line}: {exc}", file=str(path)) from None
        topics = data.get("topics", data)
        if not isinstance(topics, dict):
            raise ConfigError("expected a mapping of topics", file=str(path))
        for name, topic in topics.items():
            if not isinstance(topic, dict) or "text" not in topic:
                raise ConfigError("each topic needs a text", file=str(path), key=str(name))
            topic.setdefault("title", str(name).title())
            topic.setdefault("facts", {})
        return cls(topics)

    def get(self, topic: str) -> dict[str, Any] | None:
        return self.topics.get(topic)
