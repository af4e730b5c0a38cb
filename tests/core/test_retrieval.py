"""Hybrid retrieval, recommendations and retrieval metrics on a 12-product fixture shop.

The real MiniLM model runs (offline, loaded once per process); the fixture is small so the
whole file embeds a dozen products once.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.catalog import COLUMNS, Catalog
from core.embeddings import shared_embedder
from core.errors import ImportRowError
from core.retrieval import (
    HybridSearch, Recommender, asked_thing, build_search, content_words, product_passes)
from core.retrieval_eval import (
    evaluate, load_queries, ndcg_at, recall_at, reciprocal_rank)
from core.store import Store
from core.types import Address, Incoming, ProductCard, Reply

ROOT = Path(__file__).resolve().parents[2]

FIXTURE = [
    ("P1", "Trailblazer Hiking Boot", "Alpenco", "shoes", "89.00", 5, "40|41|42|43",
     "brown|black", "material=leather; waterproof=yes",
     "Waterproof leather boot with a grippy sole for mountain trails."),
    ("P2", "Cloudrun Running Shoe", "Swift", "shoes", "65.00", 10, "39|40|41|42|43|44",
     "blue|red", "weight=240g", "Light cushioned trainer for road jogging and daily runs."),
    ("P3", "Cloudrun Running Shoe Pro", "Swift", "shoes", "120.00", 0, "41|42", "red",
     "weight=190g", "Carbon-plated racing trainer for marathon runners."),
    ("P4", "Aroma Espresso Machine", "Brewmaster", "kitchen", "249.00", 3, "", "silver",
     "pressure=15 bar", "Pump espresso maker with milk frother for cafe-style coffee at home."),
    ("P5", "Pour-Over Coffee Kettle", "Brewmaster", "kitchen", "39.00", 7, "", "black",
     "capacity=1 l", "Gooseneck kettle for precise pour-over brewing."),
    ("P6", "Noise Cancelling Headphones", "Sonica", "electronics", "179.00", 4, "",
     "black|white", "battery=30 h", "Over-ear wireless headphones that silence the world."),
    ("P7", "Sport Earbuds", "Sonica", "electronics", "59.00", 0, "", "black",
     "battery=8 h", "Sweat-proof wireless earbuds for the gym."),
    ("P8", "Merino Wool Sweater", "Northknit", "clothing", "79.00", 6, "S|M|L|XL", "grey|navy",
     "material=merino", "Warm knitted jumper made from soft merino wool."),
    ("P9", "Rain Jacket", "Northknit", "clothing", "99.00", 2, "S|M|L", "yellow|navy",
     "waterproof=yes", "Waterproof shell jacket with a hood for wet weather."),
    ("P10", "Yoga Mat", "Zenfit", "fitness", "29.00", 12, "", "purple|green",
     "thickness=6 mm", "Non-slip mat for yoga and pilates."),
    ("P11", "Adjustable Dumbbells", "Zenfit", "fitness", "149.00", 1, "", "black",
     "range=2-24 kg", "Pair of dumbbells adjustable for strength training at home."),
    ("P12", "Stargazer Telescope", "Optiva", "outdoor", "199.00", 3, "", "white",
     "aperture=70 mm", "Refractor telescope for watching the moon and planets."),
]


def write_catalog(path: Path, rows=FIXTURE) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([*r[:5], "EUR", *r[5:], ""])
    return path


@pytest.fixture(scope="session")
def embedder():
    e = shared_embedder()
    e.load()
    return e


@pytest.fixture(scope="module")
def shop(tmp_path_factory, embedder):
    """One embedded fixture shop shared by the read-only tests of this module."""
    tmp = tmp_path_factory.mktemp("shop")
    catalog = Catalog(Store(tmp / "shop.db"))
    catalog.import_file(write_catalog(tmp / "catalog.csv"))
    return HybridSearch.attach(catalog, embedder)


def passes(p: dict, f: dict) -> bool:
    return ((f.get("max_price") is None or p["price"] <= f["max_price"])
            and (f.get("min_price") is None or p["price"] >= f["min_price"])
            and (not f.get("category") or p["category"] == f["category"])
            and (not f.get("brand") or p["brand"] == f["brand"])
            and (not f.get("color") or f["color"] in p["colors"])
            and (not f.get("size") or f["size"] in p["sizes"])
            and (not f.get("in_stock") or p["in_stock"]))


@pytest.mark.parametrize("query, filters", [
    ("shoes for running", {"max_price": 100}),
    ("shoes", {"color": "red"}),
    ("something warm to wear", {"size": "XL"}),
    ("coffee", {"brand": "Brewmaster", "min_price": 100}),
    ("wireless audio", {"in_stock": True}),
    ("a warm top", {"category": "clothing", "color": "navy", "max_price": 90}),
])
def test_every_hit_respects_the_filters(shop, query, filters):
    hits = shop.search(query, filters, 10)
    assert hits, "the fixture has a product for every one of these"
    assert all(passes(h.product, filters) for h in hits)


def test_nothing_matching_the_filters_gives_flagged_alternatives(shop):
    assert shop.search("running shoes", {"max_price": 30}, 5) == []
    alts = shop.alternatives("running shoes", {"max_price": 30}, 3)
    assert alts and alts[0].product["id"] in ("P2", "P3")
    for hit in alts:
        assert hit.product["alternative"] is True
        assert hit.product["unmet_filters"] == ["max_price"]
        assert hit.product["price"] > 30


def test_alternatives_over_a_budget_come_nearest_the_budget_first(shop):
    # "tents under 100" of a shop whose tents start at 131: the 245 EUR tent came first,
    # as the more relevant
    alts = shop.alternatives("running shoes", {"max_price": 30}, 3)
    prices = [h.product["price"] for h in alts]
    assert len(prices) == 3 and prices == sorted(prices) and alts[0].product["id"] == "P2"
    above = shop.alternatives("running shoes", {"min_price": 200}, 3)
    assert [h.product["price"] for h in above] == sorted((h.product["price"] for h in above),
                                                         reverse=True)


def test_a_paraphrase_sharing_no_word_finds_the_product(shop):
    query = "gadget that blocks out sound on a plane"
    product = shop.catalog.get("P6")
    text = " ".join(str(product[k]) for k in ("name", "brand", "category", "description"))
    product_words = set(re.findall(r"\w+", (text + json.dumps(product["attributes"])).lower()))
    assert not any(w.startswith(q) or q.startswith(w)
                   for q in content_words(query) for w in product_words)
    assert shop.search(query, {}, 3)[0].product["id"] == "P6"


def test_a_typo_still_finds_the_product(shop):
    result = shop.rank("noise cancelling hedphones", {}, 3)
    assert "hedphones->headphones" in result.corrected
    assert result.ranked[0].id == "P6"


def test_a_thing_no_product_mentions_is_no_match_only_the_nearest(shop):
    # nothing in the fixture is a kayak: the embedding still ranks three shoes (0.23-0.24)
    query = "do you sell kayaks"
    ranked = shop.rank(query, {}, 3)
    assert ranked.alternatives and len(ranked.ranked) == 3
    assert shop.search(query, {}, 3) == []
    nearest = shop.alternatives(query, {}, 3)
    assert [h.product["id"] for h in nearest] == [r.id for r in ranked.ranked]
    assert all(h.product["alternative"] and h.product["unmet_filters"] == [] for h in nearest)
    # the same with a price filter: the nearest pass it, they just are not kayaks
    under = shop.alternatives(query, {"max_price": 70}, 3)
    assert under and all(h.product["price"] <= 70 and h.product["unmet_filters"] == []
                         for h in under)


@pytest.mark.parametrize("query, filters", [
    ("something warm to wear", {}),           # 'warm' is the sweater's word, no keyword hit
    ("something to listen to music", {}),     # no word known, headphones at 0.42
    ("something for paddling", {"category": "shoes"}),  # a filter saying what kind
])
def test_known_words_near_meaning_or_a_kind_filter_make_a_match(shop, query, filters):
    assert shop.search(query, filters, 3)


@pytest.mark.parametrize("query, thing", [
    ("do you sell tent pegs?", "pegs"),
    ("gas canister for my stove", "canister"),
    ("gloves for winter cycling please", "gloves"),
    ("waterproof hiking boots under 120", "boots"),
    ("a sleeping bag for -5", "bag"),
    ("a sleeping bag rated to -5", None),    # 'rated' may be no noun: no judgement
    ("tents", "tents"),
    ("something for hiking", None),          # nothing before the preposition
    ("tents something smaller", None),       # 'small' is a word: a comparative
    ("hiking gear", None),                   # names no kind of product
    ("difference between down and synthetic jackets", None),
    ("what should I get for winter camping", None),  # asks for advice
    ("only ones below 40", None),
    ("wat tents do u hav", None),            # short and no English word: a typo
    ("thanks! and do you have sleeping bags too?", "bags"),  # not "too"
    ("kayaks as well?", "kayaks"),
    ("a tent I can set up alone", "tent"),  # not "alone"
    ("boots you can wear all day", "boots"),
    ("i can't find tent pegs", "pegs"),  # nothing before it: no clause of a thing
    # an -er word after a noun ends a compound ("cove" is a word: "cover" was a comparative)
    ("a rain cover for my backpack", "cover"),
    ("hand warmer", "warmer"),
    ("a bit warmer", None), ("something warmer", None), ("boots even lighter", None),
    ("a tent bigger than that", None),     # after its noun, before "than": a comparative
    ("hiking lighter", None),              # after no noun
    ("ok socks then", "socks"),            # "then" was the thing, and socks unsold
    # a clause of its own says what for: "run" was the thing, and running shoes unsold
    ("new running shoes, I run on roads mostly", "shoes"),
    ("a tent, we camp a lot", "tent"),
    # a body said first is no thing: no product mentions "tall" (nothing was listed); the
    # kind after "which" is the category's to find
    ("I'm 190cm tall, which sleeping bag?", None), ("he's very tall. which bag?", None),
    ("I'm 190cm tall, I need a sleeping bag", "bag"),
])
def test_the_thing_a_request_asks_for(query, thing):
    assert asked_thing(query, {"small", "big", "light", "bag", "pegs", "cove", "warm"}) == thing


def test_a_greeting_before_the_request_is_no_thing():
    from core.embeddings import dictionary_words

    # "hey" is an English word, so it was the thing asked for, and no boot a match
    assert "hey" in dictionary_words()
    assert asked_thing("hey! looking for some new hiking boots", dictionary_words()) is None


def test_a_thing_the_catalogue_never_names_is_no_match_though_other_words_are(shop):
    # 'running' ranks the running shoes; nothing in the fixture is near 'spikes' alone
    assert shop.rank("running spikes", {}, 3).alternatives
    assert shop.search("running spikes", {}, 3) == []
    assert all(h.product["unmet_filters"] == [] for h in shop.alternatives("running spikes"))
    assert shop.search("running shoes", {}, 3)  # 'shoes' is the catalogue's word
    assert shop.search("running trainers", {}, 3)  # near 'trainer' in meaning


def test_words_without_meaning_and_prices_are_not_search_terms():
    assert content_words("waterproof boots under 120 euros") == ["waterproof", "boots"]
    assert content_words("55 litre backpack") == ["55", "litre", "backpack"]


def test_a_changed_product_is_re_embedded_alone_and_found_by_its_new_text(tmp_path, embedder):
    catalog = Catalog(Store(tmp_path / "shop.db"))
    catalog.import_file(write_catalog(tmp_path / "v1.csv"))
    search = HybridSearch.attach(catalog, embedder)
    query = "hunting for lost jewellery on the seashore"
    # no word of it is in the catalogue: only the ranking (rank) can show the new text counts
    assert "P12" not in [r.id for r in search.rank(query, {}, 1).ranked]
    before = dict(catalog.db.execute("SELECT id, embedded_at FROM product_vectors").fetchall())

    changed = [r if r[0] != "P12" else (*r[:9], "A metal detector for finding coins and rings "
                                        "buried in beach sand.") for r in FIXTURE]
    result = catalog.import_file(write_catalog(tmp_path / "v2.csv", changed))

    assert result.changed_ids == ["P12"]
    after = dict(catalog.db.execute("SELECT id, embedded_at FROM product_vectors").fetchall())
    assert [pid for pid in after if after[pid] != before[pid]] == ["P12"]
    assert catalog.db.execute(
        "SELECT count(*) FROM products p JOIN product_vectors v ON v.id = p.id"
        " WHERE v.content_hash = p.content_hash").fetchone()[0] == len(FIXTURE)
    assert [r.id for r in search.rank(query, {}, 1).ranked] == ["P12"]


def test_more_like_this_never_offers_out_of_stock_or_itself(shop):
    hits = Recommender(shop.catalog, shop.index).more_like_this("P2", 5)
    ids = [h.product["id"] for h in hits]
    assert ids and "P2" not in ids and "P3" not in ids  # P3: the closest, but sold out
    assert all(h.product["in_stock"] for h in hits)


def test_for_user_profile_skips_bought_seen_and_out_of_stock(tmp_path, embedder):
    catalog = Catalog(Store(tmp_path / "shop.db"))
    catalog.import_file(write_catalog(tmp_path / "c.csv"))
    search = HybridSearch.attach(catalog, embedder)
    rec = Recommender(catalog, search.index)
    user = "memory:u1"
    assert rec.for_user(user) == []  # no history yet

    # what the bot showed (stored replies with cards) counts as viewed
    store = catalog.store
    address = Address("memory", "c1", "u1")
    store.ensure_user(Incoming("memory", "c1", "u1", "m1", "running shoes"))
    conv = store.conversation(address)
    card = ProductCard("P2", "Cloudrun Running Shoe", "65.00", "EUR", True)
    store.finish_turn(None, conv, [(address, Reply("Here you go", (card,)), {})])
    rec.record(user, ["P1"], "bought")
    assert ("P2", "viewed") in rec.history(user)

    ids = [h.product["id"] for h in rec.for_user(user, 10)]
    assert ids and "P1" not in ids and "P2" not in ids
    assert "P3" not in ids and "P7" not in ids  # out of stock
    assert ids[0] in ("P10", "P11", "P9")  # sporty things, near a running shoe


def test_search_falls_back_to_bm25_when_the_model_cannot_load(tmp_path):
    catalog = Catalog(Store(tmp_path / "shop.db"))
    catalog.import_file(write_catalog(tmp_path / "c.csv"))
    search = build_search(catalog, "hybrid", model_path=str(tmp_path / "no-model"))
    assert search is catalog
    assert search.search("espresso machine", {}, 1)[0].product["id"] == "P4"


def test_metrics_on_known_rankings():
    rel = {"a": 2, "b": 1}
    assert ndcg_at(["a", "b", "x"], rel) == pytest.approx(1.0)
    assert ndcg_at(["x", "a"], rel) == pytest.approx((3 / 1.58496) / (3 + 1 / 1.58496), 1e-4)
    assert recall_at(["x", "b"], rel) == 0.5
    assert reciprocal_rank(["x", "y", "b"], rel) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], rel) == 0.0


def test_a_bad_query_line_names_its_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"query": "boots", "relevant": {"P1": 2}}\n{"query": "x"}\n')
    with pytest.raises(ImportRowError) as err:
        load_queries(path)
    assert err.value.line == 2 and "relevant" in str(err.value)


def test_the_shipped_query_set_labels_real_demo_products():
    queries = load_queries(ROOT / "data" / "retrieval_queries.jsonl")
    with (ROOT / "data" / "catalog.csv").open(encoding="utf-8") as fh:
        ids = {r["id"] for r in csv.DictReader(fh)}
    assert len(queries) >= 100
    assert {q.kind for q in queries} >= {"exact", "paraphrase", "typo", "constraint",
                                         "multiturn"}
    assert all(set(q.relevant) <= ids for q in queries)


def test_evaluate_scores_hybrid_on_the_fixture(shop):
    queries = [q for q in load_queries(_write_queries(shop))]
    report = evaluate(lambda t, f: [r.id for r in shop.rank(t, f, 10).ranked], queries)
    assert report.overall.n == 3 and report.overall.mrr == pytest.approx(1.0)


def _write_queries(shop) -> Path:
    path = Path(shop.catalog.store.path).parent / "queries.jsonl"
    path.write_text("\n".join(json.dumps(q) for q in [
        {"query": "yoga mat", "relevant": {"P10": 2}},
        {"query": "something to make a latte", "relevant": {"P4": 2, "P5": 1}},
        {"query": "shoes", "filters": {"max_price": 70}, "relevant": {"P2": 2}},
    ]))
    return path


def test_cli_eval_retrieval_and_search(tmp_path, shop):
    from bot.cli import cli

    catalog_file = write_catalog(tmp_path / "c.csv")
    runner = CliRunner()
    out = runner.invoke(cli, ["eval", "retrieval", "--queries", str(_write_queries(shop)),
                              "--catalog", str(catalog_file), "--json"],
                        catch_exceptions=False)
    assert out.exit_code == 0, out.output
    report = json.loads(out.output)
    assert set(report) == {"hybrid", "bm25", "dense"}
    assert report["hybrid"]["overall"]["n"] == 3

    config = tmp_path / "config.yaml"
    config.write_text(f"shop:\n  catalog: {catalog_file}\nstore:\n  path: {tmp_path / 's.db'}\n")
    out = runner.invoke(cli, ["--config", str(config), "search", "running shoes",
                              "--max-price", "30"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert "nothing matches the filters" in out.output and "misses max_price" in out.output
    out = runner.invoke(cli, ["--config", str(config), "search", "running shoes",
                              "--max-price", "100"], catch_exceptions=False)
    assert "P2 Cloudrun Running Shoe" in out.output and "cos=" in out.output
    out = runner.invoke(cli, ["--config", str(config), "search", "kayaks"],
                        catch_exceptions=False)
    assert "no product mentions these words" in out.output and "misses" not in out.output


def test_forget_deletes_a_users_product_history(tmp_path):
    store = Store(tmp_path / "s.db")
    store.ensure_user(Incoming("memory", "c1", "u1", "m1", "hi", user_name="alice"))
    Recommender(Catalog(store), None).record("memory:u1", ["P1", "P2"], "viewed")
    assert store.forget("alice")["product_events"] == 2
    assert store.db["product_events"].count == 0


def test_the_fast_query_path_gives_the_sentence_transformers_vector(embedder):
    import numpy as np
    import torch

    from core.bert_fast import FastBert

    model = embedder.load()
    fast = FastBert.from_sentence_transformer(model)
    assert fast is not None, "the packaged MiniLM is the shape core.bert_fast implements"
    for text in ["warm jacket", "timepiece that counts my pulse and strides via satellite 🙂"]:
        vec = embedder.encode_query(text)
        generic = model.encode([" ".join(text.lower().split())], normalize_embeddings=True)[0]
        assert float(np.dot(vec, generic)) > 0.99999
        assert np.abs(vec - generic).max() < 1e-4
    with torch.inference_mode():  # a different first token really changes the output
        a = fast(torch.tensor([101, 2300, 102]))
        b = fast(torch.tensor([101, 4010, 102]))
    assert float(a @ b) < 0.99


def test_query_threads_change_speed_not_the_vector(embedder, monkeypatch):
    import numpy as np
    import torch

    from core.embeddings import Embedder

    before = torch.get_num_threads()
    vectors = []
    for threads in ("1", "2"):  # SHOPBOT_THREADS is what intent_encoder.cpu_threads() obeys
        monkeypatch.setenv("SHOPBOT_THREADS", threads)
        fresh = Embedder(embedder.model_path)
        fresh._model = embedder.load()  # the loaded model, a fresh query cache
        vectors.append(fresh.encode_query("waterproof hiking boots"))
        assert torch.get_num_threads() == before  # the process setting is put back
    assert np.abs(vectors[0] - vectors[1]).max() < 1e-5


def test_bm25_work_is_bounded_on_a_big_catalogue():
    from core.retrieval import Speller, fts_match

    # 10,000 products: "jacket" in 2,000, "warranty" in all, "yellow" in 100, "ridge" in 40
    rows = [("jacket warranty" if i < 2000 else "warranty",) for i in range(10_000)]
    rows = [(r[0] + (" yellow" if i % 100 == 0 else "") + (" ridge" if i % 250 == 0 else ""),)
            for i, r in enumerate(rows)]
    speller = Speller(rows)
    # rare words are kept rarest first while their matches fit the bound
    assert fts_match(speller, ["yellow", "ridge"], {}, 0.03, 5000) == '("yellow") OR ("ridge")'
    assert fts_match(speller, ["yellow", "ridge"], {}, 0.03, 120) == '("ridge")'
    # only common words: all must match, unless that still walks more rows than the bound
    assert fts_match(speller, ["jacket", "warranty"], {}, 0.03, None) == \
        '("jacket") AND ("warranty")'
    assert fts_match(speller, ["jacket", "warranty"], {}, 0.03, 5000) == \
        '("jacket") AND ("warranty")'
    assert fts_match(speller, ["jacket", "warranty"], {}, 0.03, 1000) == ""


def test_a_basic_colour_finds_its_shades_and_a_shade_only_itself(shop):
    # "blue" said nothing matches while navy jackets were in stock
    blue = {h.product["id"] for h in shop.search("", {"color": "blue"}, 20)}
    assert {"P8", "P9"} <= blue  # navy only: no product says "blue"
    assert blue == {h.product["id"] for h in shop.catalog.search("", {"color": "blue"}, 20)}
    assert all(product_passes(shop.catalog.get(pid), {"color": "blue"}) for pid in blue)
    navy = {h.product["id"] for h in shop.search("jacket", {"color": "navy"}, 20)}
    assert "P9" in navy and not any("navy" not in shop.catalog.get(p)["colors"] for p in navy)
    assert not product_passes(shop.catalog.get("P8"), {"color": "red"})
