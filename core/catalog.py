"""The product catalogue: import (all or nothing), lookup, and BM25 keyword search.

Search is SQLite FTS5 (BM25) over name, brand, category, colours, attributes and
description, with structured filters applied in SQL. The hybrid (dense + BM25) ranking of
a later issue plugs in behind the same `search(query, filters, limit)` seam.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from . import attribute_filters, synonyms
from .colours import shades
from .product_names import NameIndex
from .slots import name_marks, name_terms
from .errors import ImportRowError
from .store import Store, now

COLUMNS = ("id", "name", "brand", "category", "price", "currency", "stock", "sizes", "colors",
           "attributes", "description", "image_url")
REQUIRED = ("id", "name", "category", "price")
FTS_WEIGHTS = (5.0, 3.0, 4.0, 1.0, 1.0, 1.0)  # name, brand, category, colors, attributes, desc

# Words that carry no product meaning in a shopping request.
STOPWORDS = frozenset("""a an and any are as at be but by can could do does for from have
has i i'm im in is it it's its me my need of on or please show some that the their them
there these this those to under over below above less more than want wanted looking look
find get got what which with you your we our us would like between cheap cheaper eur euro
euros usd dollars dollar price priced cost costs max maximum min minimum around about up
available stock sell selling buy any anything something new good best one ones only just
bucks quid everything whatever
next week weeks month months year years tomorrow today tonight soon going go planning plan
""".split())  # when a trip is ("hiking next week") is no product's word: "your next
# marathon" made a road shoe the top hit


@dataclass(frozen=True, slots=True)
class Hit:
    product: dict[str, Any]
    score: float


@dataclass
class ImportResult:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    changed_ids: list[str] = field(default_factory=list)  # added or changed: re-embed these


def parse_attributes(value: Any) -> dict[str, str]:
    """'material=leather; waterproof=yes' (or a dict from JSON) -> dict."""
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    out = {}
    for part in str(value or "").split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise ValueError(f"attribute {part.strip()!r} is not key=value")
        k, v = part.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def _join_list(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "|".join(str(v).strip() for v in value if str(v).strip())
    return "|".join(p.strip() for p in str(value or "").split("|") if p.strip())


def normalise_row(raw: dict[str, Any], default_currency: str = "EUR") -> dict[str, Any]:
    """Validate one catalogue row; raises ValueError with a message for the admin."""
    unknown = set(raw) - set(COLUMNS)
    if unknown:
        raise ValueError(f"unknown column(s) {', '.join(sorted(map(str, unknown)))}")
    for col in REQUIRED:
        if raw.get(col) in (None, ""):
            raise ValueError(f"missing {col}")
    try:
        price = Decimal(str(raw["price"]).strip())
    except InvalidOperation:
        raise ValueError(f"price {raw['price']!r} is not a number") from None
    if price < 0 or not price.is_finite():
        raise ValueError(f"price {raw['price']!r} must be zero or more")
    stock_raw = str(raw.get("stock") if raw.get("stock") not in (None, "") else "0").strip()
    if not re.fullmatch(r"\d+", stock_raw):
        raise ValueError(f"stock {stock_raw!r} is not a whole number >= 0")
    row = {
        "id": str(raw["id"]).strip(), "name": str(raw["name"]).strip(),
        "brand": str(raw.get("brand") or "").strip(), "category": str(raw["category"]).strip(),
        "price": float(price), "currency": str(raw.get("currency") or default_currency).strip(),
        "stock": int(stock_raw), "sizes": _join_list(raw.get("sizes")),
        "colors": _join_list(raw.get("colors")),
        "attributes": json.dumps(parse_attributes(raw.get("attributes")), sort_keys=True),
        "description": str(raw.get("description") or "").strip(),
        "image_url": str(raw.get("image_url") or "").strip() or None,
    }
    row["content_hash"] = hashlib.sha256(
        json.dumps(row, sort_keys=True).encode()).hexdigest()[:16]
    return row


def read_rows(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    """(line number, raw row) from a .csv or .json catalogue file."""
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ImportRowError(f"not valid JSON: {exc}", file=str(path),
                                 line=getattr(exc, "lineno", 1)) from None
        if isinstance(data, dict):
            data = data.get("products", [])
        for i, raw in enumerate(data, 1):
            if not isinstance(raw, dict):
                raise ImportRowError(f"product #{i} is not an object", file=str(path), line=1)
            yield i, raw
        return
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            for raw in reader:
                if None in raw:  # more cells than header columns
                    raise ImportRowError("more cells than columns", file=str(path),
                                         line=reader.line_num)
                yield reader.line_num, raw
    except UnicodeDecodeError as exc:
        raise ImportRowError(f"not UTF-8 text ({exc.reason})", file=str(path), line=1) from None


def product_view(row: dict[str, Any]) -> dict[str, Any]:
    """A product as the rest of the core sees it (lists and dicts decoded)."""
    p = dict(row)
    p["sizes"] = [s for s in (row.get("sizes") or "").split("|") if s]
    p["colors"] = [c for c in (row.get("colors") or "").split("|") if c]
    p["attributes"] = json.loads(row.get("attributes") or "{}")
    p["price_text"] = f"{row['price']:.2f}"
    p["in_stock"] = (row.get("stock") or 0) > 0
    return p


class Catalog:
    def __init__(self, store: Store, synonyms: dict[str, str] | None = None):
        """`synonyms`: an admin's words for categories (config.yaml shop.synonyms)."""
        self.store = store
        self.db = store.db
        self.synonyms = dict(synonyms or {})
        self.on_change: list[Callable[[list[str]], Any]] = []  # called with changed ids
        self._vocabulary: tuple[int, dict[str, list[str]]] | None = None
        self._names: tuple[int, NameIndex] | None = None

    def count(self) -> int:
        return self.db["products"].count

    def import_file(self, path: str | Path,
                    progress: Callable[[int], None] | None = None) -> ImportResult:
        """Validate every row first, then write all of them in one transaction."""
        path = Path(path)
        rows, seen = [], {}
        for line, raw in read_rows(path):
            try:
                row = normalise_row(raw)
            except ValueError as exc:
                raise ImportRowError(str(exc), file=str(path), line=line) from None
            if row["id"] in seen:
                raise ImportRowError(f"duplicate id {row['id']!r} (first on line "
                                     f"{seen[row['id']]})", file=str(path), line=line)
            seen[row["id"]] = line
            rows.append(row)
        return self.upsert(rows, progress)

    def upsert(self, rows: list[dict[str, Any]],
               progress: Callable[[int], None] | None = None) -> ImportResult:
        result = ImportResult()
        with self.store.tx():
            hashes = dict(self.db.execute("SELECT id, content_hash FROM products").fetchall())
            for row in rows:
                old = hashes.get(row["id"])
                if old == row["content_hash"]:
                    result.unchanged += 1
                else:
                    row = {**row, "updated_at": now()}
                    self.db["products"].upsert(row, pk="id")
                    result.changed_ids.append(row["id"])
                    if old is None:
                        result.added += 1
                    else:
                        result.changed += 1
                if progress:
                    progress(1)
        for listener in self.on_change if result.changed_ids else ():
            listener(result.changed_ids)
        return result

    def get(self, product_id: str) -> dict[str, Any] | None:
        with self.store.lock:
            rows = list(self.db.query("SELECT * FROM products WHERE id = ?", [product_id]))
        return product_view(rows[0]) if rows else None

    def vocabulary(self) -> dict[str, list[str]]:
        """Categories, brands, colours, sizes and the attribute values filters read
        (core/attribute_filters), as the catalogue spells them (for slot filling); and
        `category_term`, the product-name nouns that point at one category ('stove');
        `name_mark`, the words of names that only one category's names hold ('3l');
        `listed_by`, the categories with a product that lists each filter attribute;
        `price_range`, each category's cheapest and dearest price."""
        with self.store.lock:
            cats = [r[0] for r in self.db.execute("SELECT DISTINCT category FROM products")]
            brands = [r[0] for r in self.db.execute(
                "SELECT DISTINCT brand FROM products WHERE brand != ''")]
            lists = self.db.execute("SELECT colors, sizes, name, category FROM products").fetchall()
            stated = {key: sorted(v for (v,) in self.db.execute(
                f"SELECT DISTINCT json_extract(attributes, '$.{key}') FROM products")
                if v not in (None, "")) for key in attribute_filters.KEYS}
            listed_by = {key: sorted(c for (c,) in self.db.execute(
                "SELECT DISTINCT category FROM products WHERE "
                f"coalesce(json_extract(attributes, '$.{key}'), '') != ''"))
                for key in attribute_filters.KEYS}
            prices = {c: [lo, hi] for c, lo, hi in self.db.execute(
                "SELECT category, min(price), max(price) FROM products GROUP BY category")}
        colors = sorted({c for v, *_ in lists for c in (v or "").split("|") if c})
        sizes = sorted({s for _, v, *_ in lists for s in (v or "").split("|") if s})
        return {"category": sorted(cats), "brand": sorted(brands), "color": colors, "size": sizes,
                **{key: values for key, values in stated.items() if values},
                "category_term": {**synonyms.common(cats),
                                  **name_terms((name, cat) for *_, name, cat in lists),
                                  **synonyms.own(cats, self.synonyms)[0]},
                "name_mark": name_marks((name, cat) for *_, name, cat in lists),
                "listed_by": listed_by, "price_range": prices}

    def _stamp(self) -> int:
        """The trigger-kept counter in catalog_version: it moves whichever process imported."""
        with self.store.lock:
            return self.db.execute("SELECT products FROM catalog_version WHERE id = 1").fetchone()[0]

    def current_vocabulary(self) -> dict[str, list[str]]:
        """`vocabulary()`, read again only when the products changed: a running bot knows
        a brand, size or category an admin just added, for one small SELECT a message."""
        stamp = self._stamp()
        if self._vocabulary is None or self._vocabulary[0] != stamp:
            self._vocabulary = (stamp, self.vocabulary())
        return self._vocabulary[1]

    def named_in(self, text: str) -> list[dict[str, Any]]:
        """The products `text` names by their whole name (core/product_names), in order."""
        return [p for p in map(self.get, self._name_index().find(text)) if p]

    def named_by_start(self, text: str) -> list[dict[str, Any]]:
        """The products whose names start with words `text` says ("the Stormline": all
        four Stormline jackets), in order (NameIndex.starting)."""
        return [p for p in map(self.get, self._name_index().starting(text)) if p]

    def _name_index(self) -> NameIndex:
        """Rebuilt only when the products changed."""
        stamp = self._stamp()
        if self._names is None or self._names[0] != stamp:
            with self.store.lock:
                rows = self.db.execute("SELECT id, name FROM products").fetchall()
            self._names = (stamp, NameIndex(rows))
        return self._names[1]

    def search(self, query: str, filters: dict[str, Any] | None = None,
               limit: int = 5) -> list[Hit]:
        """BM25 over the FTS index (or filters alone when the query has no content words)."""
        where, args = filter_sql(filters or {})
        terms = fts_terms(query)
        with self.store.lock:
            if terms:
                weights = ", ".join(str(w) for w in FTS_WEIGHTS)
                sql = (f"SELECT p.*, bm25(products_fts, {weights}) AS rank FROM products_fts"
                       f" JOIN products p ON p.rowid = products_fts.rowid"
                       f" WHERE products_fts MATCH ? {('AND ' + where) if where else ''}"
                       f" ORDER BY rank LIMIT ?")
                # Products with every word first; then any word, so a typo or an extra word
                # still finds something.
                rows = list(self.db.query(sql, [" AND ".join(terms), *args, limit]))
                if len(rows) < limit and len(terms) > 1:
                    seen = {r["id"] for r in rows}
                    rows += [r for r in self.db.query(sql, [" OR ".join(terms), *args, limit])
                             if r["id"] not in seen][:limit - len(rows)]
            else:
                sql = (f"SELECT p.*, 0.0 AS rank FROM products p"
                       f" {('WHERE ' + where) if where else ''} ORDER BY p.stock > 0 DESC,"
                       f" p.price LIMIT ?")
                rows = list(self.db.query(sql, [*args, limit])) if where else []
        return [Hit(product_view({k: v for k, v in r.items() if k != "rank"}),
                    -float(r["rank"])) for r in rows]


def fts_terms(query: str) -> list[str]:
    """Content words of a request as quoted FTS5 prefix terms (safe from FTS syntax)."""
    words = re.findall(r"[^\W\d_]{2,}", query.lower())
    return [f'"{w}"*' for w in words if w not in STOPWORDS][:12]


def filter_sql(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    clauses, args = [], []
    if filters.get("min_price") is not None:
        clauses.append("p.price >= ?")
        args.append(float(filters["min_price"]))
    if filters.get("max_price") is not None:
        clauses.append("p.price <= ?")
        args.append(float(filters["max_price"]))
    for key in ("category", "brand"):
        if filters.get(key):
            clauses.append(f"lower(p.{key}) = lower(?)")
            args.append(str(filters[key]))
    if filters.get("size"):
        clauses.append("lower('|' || p.sizes || '|') LIKE ?")
        args.append(f"%|{str(filters['size']).lower()}|%")
    if filters.get("color"):  # "blue": blue, navy, sky blue… (core/colours)
        wanted = shades(filters["color"])
        one = "lower('|' || p.colors || '|') LIKE ?"
        clauses.append("(" + " OR ".join([one] * len(wanted)) + ")")
        args += [f"%|{c}|%" for c in wanted]
    for key in attribute_filters.KEYS:
        if filters.get(key):
            clause, values = attribute_filters.sql(key, filters[key])
            clauses.append(clause)
            args += values
    if filters.get("without"):  # "not leather"
        clause, values = attribute_filters.without_sql(filters["without"])
        clauses.append(clause)
        args += values
    if filters.get("made_of"):  # "down sleeping bags"
        clause, values = attribute_filters.without_sql(filters["made_of"])
        clauses.append(clause.removeprefix("NOT "))
        args += values
    if filters.get("in_stock"):
        clauses.append("p.stock > 0")
    return " AND ".join(clauses), args
