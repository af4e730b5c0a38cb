import json

import pytest

from core.catalog import Catalog, fts_terms
from core.errors import ImportRowError
from core.store import Store

HEADER = "id,name,brand,category,price,currency,stock,sizes,colors,attributes,description,image_url\n"


def write(tmp_path, body, name="c.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_demo_catalogue_imports(app):
    assert app.catalog.count() >= 300
    vocab = app.catalog.vocabulary()
    assert len(vocab["category"]) >= 10


def test_bad_row_names_its_line_and_imports_nothing(tmp_path):
    cat = Catalog(Store())
    path = write(tmp_path, "P1,Boot,B,boots,10.00,EUR,3,,,,x,\n"
                           "P2,Shoe,B,shoes,ten,EUR,3,,,,x,\n")
    with pytest.raises(ImportRowError) as err:
        cat.import_file(path)
    assert err.value.line == 3 and "price" in str(err.value) and "c.csv" in str(err.value)
    assert cat.count() == 0


def test_duplicate_id_and_negative_stock_rejected(tmp_path):
    cat = Catalog(Store())
    with pytest.raises(ImportRowError, match="duplicate id"):
        cat.import_file(write(tmp_path, "P1,A,B,c,1,EUR,1,,,,,\nP1,A,B,c,1,EUR,1,,,,,\n"))
    with pytest.raises(ImportRowError, match="stock"):
        cat.import_file(write(tmp_path, "P1,A,B,c,1,EUR,-1,,,,,\n"))


def test_reimport_rewrites_only_changed_rows(tmp_path):
    cat = Catalog(Store())
    first = cat.import_file(write(tmp_path, "P1,A,B,c,1,EUR,1,,,,old,\nP2,A2,B,c,2,EUR,1,,,,x,\n"))
    assert first.added == 2
    again = cat.import_file(write(tmp_path, "P1,A,B,c,1,EUR,1,,,,new text,\nP2,A2,B,c,2,EUR,1,,,,x,\n"))
    assert (again.added, again.changed, again.unchanged) == (0, 1, 1)
    assert again.changed_ids == ["P1"]
    assert [h.product["id"] for h in cat.search("new text", {})] == ["P1"]


def test_json_catalogue(tmp_path):
    cat = Catalog(Store())
    path = tmp_path / "c.json"
    path.write_text(json.dumps([{"id": "J1", "name": "Tent", "category": "tents", "price": 99,
                                 "sizes": ["2p", "3p"], "attributes": {"weight_g": 1800}}]))
    assert cat.import_file(path).added == 1
    assert cat.get("J1")["sizes"] == ["2p", "3p"]


def test_search_respects_filters(app):
    hits = app.catalog.search("waterproof hiking boots", {"max_price": 120, "size": "44"}, 10)
    assert hits
    for h in hits:
        assert h.product["price"] <= 120 and "44" in h.product["sizes"]
    stocked = app.catalog.search("jacket", {"in_stock": True, "min_price": 50}, 10)
    assert stocked and all(h.product["stock"] > 0 and h.product["price"] >= 50 for h in stocked)


def test_hostile_query_is_safe(app):
    assert fts_terms('"boots" OR NEAR( * -') == ['"boots"*', '"near"*']
    app.catalog.search('") DROP TABLE products; --', {}, 5)
    assert app.catalog.count() >= 300
