"""The order book: importing orders.csv, reading its items, what customers order most."""
import pytest

from core.errors import ImportRowError
from core.shop import ORDER_COLUMNS, OrderBook, order_lines
from core.store import Store


def book(tmp_path, rows):
    path = tmp_path / "orders.csv"
    path.write_text(",".join(ORDER_COLUMNS) + "\n" + "".join(
        f"{oid},Ann,a@example.com,{status},{items},10.00,EUR,{at},,,\n"
        for oid, status, items, at in rows), encoding="utf-8")
    orders = OrderBook(Store())
    orders.import_file(path)
    return orders


def test_order_lines_reads_quantities_and_skips_junk():
    assert order_lines("P1231 x1; P1184 x3") == [("P1231", 1), ("P1184", 3)]
    assert order_lines("P1 ;  ; P2 x 2") == [("P1", 1), ("P2", 2)]
    assert order_lines("") == [] and order_lines(None) == []
    assert order_lines("P1 x1 x2; P3") == [("P3", 1)]  # an unreadable part is skipped


def test_most_ordered_counts_kept_orders_then_units_then_recency(tmp_path):
    orders = book(tmp_path, [
        ("1", "delivered", "A x1; B x1", "2026-01-01"),
        ("2", "shipped", "B x1", "2026-01-02"),
        ("3", "processing", "C x5", "2026-01-03"),   # one order, many units
        ("4", "cancelled", "C x1; D x1", "2026-01-04"),  # not kept: counts for nothing
        ("5", "returned", "D x1", "2026-01-05"),
        ("6", "delivered", "E x1", "2026-02-01"),
        ("7", "delivered", "A x1", "2026-01-06"),
    ])
    # A and B: two orders each, A ordered more recently; C: one order of 5 beats E's one
    assert orders.most_ordered() == ["A", "B", "C", "E"]


def test_an_unknown_status_names_its_line(tmp_path):
    with pytest.raises(ImportRowError) as err:
        book(tmp_path, [("1", "delivered", "A", "2026-01-01"), ("2", "lost", "B", "2026-01-02")])
    assert err.value.line == 3 and "lost" in str(err.value)
