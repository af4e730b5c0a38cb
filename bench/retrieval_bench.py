"""Retrieval benchmark: quality (BM25 / dense / hybrid) on the demo query set, then speed
(search latency at 1k / 10k / 50k products, import throughput with embedding, memory).

    HF_HUB_OFFLINE=1 python bench/retrieval_bench.py [--sizes 1000,10000,50000] [--quick]

Prints a table and writes bench/results/retrieval.json.

Quality runs on the real demo catalogue and data/retrieval_queries.jsonl (the fusion
parameters were chosen on this same set: there is no held-out split, so read the hybrid
margin as optimistic). Speed runs on a synthetic scale-up of the demo catalogue: each real
product is copied with a new id, a variant suffix in its name and a jittered price/stock.
Embedding 50k products on this CPU would take ~10 minutes, so the copies' vectors are
SYNTHESIZED by perturbing the real product's vector (Gaussian noise, renormalised) - the
dense step costs the same, its ranking is not meaningful. Latency is end to end through
`HybridSearch.search` (query embedding, FTS5 BM25, numpy cosine, fusion, product rows),
with the query-embedding cache cleared so every query runs the model, on one thread (so the
thread's CPU time is all the work); a side-by-side run compares that with the default threads
for the query embedding. From 20k products
dense search takes a coarse pass (128 principal directions, 1000 re-scored exactly); the
table shows how much of the exact dense top 50 it keeps. BM25's work is bounded on big
catalogues (retrieval.MAX_ROWS); the table shows the share of queries whose first result is
still a relevant product (a copy counts as its source) with the bound and without it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.catalog import Catalog, normalise_row, read_rows  # noqa: E402
from core.embeddings import shared_embedder, to_blob  # noqa: E402
from core.retrieval import HybridSearch, VectorIndex  # noqa: E402
from core.retrieval_eval import evaluate, load_queries  # noqa: E402
from core.store import Store, now  # noqa: E402

CATALOG = ROOT / "data" / "catalog.csv"
QUERIES = ROOT / "data" / "retrieval_queries.jsonl"
OUT = ROOT / "bench" / "results" / "retrieval.json"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def quality(tmp: Path) -> tuple[dict, dict]:
    """nDCG@10 / recall@10 / MRR of each ranking on the demo set; import throughput."""
    embedder = shared_embedder()
    embedder.load()
    embedder._memo.clear()  # time real embedding
    catalog = Catalog(Store(tmp / "demo.db"))
    t0 = time.perf_counter()
    catalog.import_file(CATALOG)
    t1 = time.perf_counter()
    search = HybridSearch.attach(catalog, embedder)
    t2 = time.perf_counter()
    n = catalog.count()
    throughput = {"products": n, "import_s": round(t1 - t0, 3), "embed_s": round(t2 - t1, 3),
                  "products_per_s": round(n / (t2 - t0), 1)}

    queries = load_queries(QUERIES)
    mirror = search.index.mirror()

    def dense_raw(text, filters):  # the query embedded as typed, no spelling fix
        sims = mirror.vectors @ embedder.encode_query(text)
        mask = mirror.mask(filters) if filters else None
        return [mirror.ids[i] for i, _ in mirror.top(sims, mask, 10)]

    rrf = HybridSearch(catalog, search.index, fusion="rrf")
    every_word = HybridSearch(catalog, search.index, max_share=1.0)
    rankers = {
        "bm25 (spine Catalog.search)": lambda t, f: [h.product["id"]
                                                     for h in catalog.search(t, f, 10)],
        "bm25 (+spelling, numbers)": lambda t, f: [
            r.id for r in search.rank(t, f, 10, mode="bm25").ranked],
        "dense (query as typed)": dense_raw,
        "dense (+spelling)": lambda t, f: [r.id for r in search.rank(t, f, 10, "dense").ranked],
        "hybrid rrf": lambda t, f: [r.id for r in rrf.rank(t, f, 10).ranked],
        "hybrid, BM25 on every word": lambda t, f: [
            r.id for r in every_word.rank(t, f, 10).ranked],
        "hybrid convex (default)": lambda t, f: [r.id for r in search.rank(t, f, 10).ranked],
    }
    results = {}
    for name, rank in rankers.items():
        report = evaluate(rank, queries)
        results[name] = {"overall": report.overall.to_dict(),
                         "by_kind": {k: s.to_dict() for k, s in report.by_kind.items()}}
    return results, throughput


def scaled_store(tmp: Path, size: int, base: Catalog, rng: random.Random) -> HybridSearch:
    """`size` products: the demo ones plus perturbed copies with synthesized vectors."""
    raw = [r for _, r in read_rows(CATALOG)]
    vecs = dict(base.db.execute("SELECT id, vector FROM product_vectors").fetchall())
    catalog = Catalog(Store(tmp / f"scale{size}.db"))
    embedder = shared_embedder()
    rows, vec_rows = [], []
    for k in range(size):
        src = raw[k % len(raw)]
        copy = k // len(raw)
        row = dict(src)
        if copy:
            row["id"] = f"{src['id']}-{copy}"
            row["name"] = f"{src['name']} {rng.choice(['Mk', 'V', 'Series', 'Edition'])} {copy}"
            row["price"] = f"{float(src['price']) * rng.uniform(0.7, 1.3):.2f}"
            row["stock"] = str(rng.choice([0, 0, 3, 8, 15, 30]))
        norm = normalise_row(row)
        rows.append(norm)
        v = np.frombuffer(vecs[src["id"]], dtype="<f4").copy()
        if copy:
            v += np.random.default_rng(k).normal(0, 0.02, v.shape).astype(np.float32)
            v /= np.linalg.norm(v)
        vec_rows.append({"id": norm["id"], "content_hash": norm["content_hash"],
                         "model": embedder.name, "dim": 384, "vector": to_blob(v),
                         "embedded_at": now()})
    catalog.upsert(rows)
    with catalog.store.tx():
        catalog.db["product_vectors"].insert_all(vec_rows, pk="id", batch_size=2000)
    return HybridSearch(catalog, VectorIndex(catalog, embedder))


def latency(search: HybridSearch, queries, passes: int = 2) -> dict:
    """Wall-clock and CPU time per search (one thread: torch and BLAS pinned to 1, so the
    thread's CPU time is all the work; wall minus CPU is time spent waiting for a core)."""
    from threadpoolctl import threadpool_limits

    embedder = search.index.embedder
    mirror = search.index.mirror()  # load outside the timing (once per process)
    wall, cpu, encode = [], [], []
    default_threads, embedder.query_threads = embedder.query_threads, 1
    with threadpool_limits(1):
        for _ in range(passes):
            embedder._cache.clear()
            for q in queries:
                t0 = time.perf_counter()
                embedder.encode_query(q.text)
                t1, c1 = time.perf_counter(), time.thread_time()
                embedder._cache.clear()
                search.search(q.text, dict(q.filters), 5)
                t2, c2 = time.perf_counter(), time.thread_time()
                encode.append((t1 - t0) * 1000)
                wall.append((t2 - t1) * 1000)
                cpu.append((c2 - c1) * 1000)
    embedder.query_threads = default_threads

    def p(xs, k):
        return round(statistics.median(xs) if k == 50 else statistics.quantiles(xs, n=20)[18], 2)

    # the BM25 row bound (retrieval.MAX_ROWS) against none, on the same catalogue: is the
    # first product still one the query asks for? (a copy counts as its source product)
    unbounded = HybridSearch(search.catalog, search.index, max_rows=None)
    top1 = {}
    for name, s in (("bounded", search), ("unbounded", unbounded)):
        firsts = [s.rank(q.text, dict(q.filters), 1).ranked[:1] for q in queries]
        top1[name] = round(sum(bool(f) and re.sub(r"-\d+$", "", f[0].id) in q.relevant
                               for f, q in zip(firsts, queries)) / len(queries), 3)
    overlap = []  # does the coarse pass (big catalogues) keep the exact dense top 50?
    for q in queries[:40]:
        qv = embedder.encode_query(q.text)
        exact = {i for i, _ in mirror.top(mirror.vectors @ qv, None, 50)}
        coarse = {i for i, _ in mirror.top(mirror.similarities(qv), None, 50, qv)}
        overlap.append(len(exact & coarse) / 50)
    return {"queries": len(wall), "p50_ms": p(wall, 50), "p95_ms": p(wall, 95),
            "coarse_pass": mirror.reduced is not None,
            "top1_relevant_bm25_bounded": top1["bounded"],
            "top1_relevant_bm25_unbounded": top1["unbounded"],
            "dense_top50_overlap_with_exact": round(sum(overlap) / len(overlap), 3),
            "max_ms": round(max(wall), 2), "cpu_p50_ms": p(cpu, 50), "cpu_p95_ms": p(cpu, 95),
            "encode_p50_ms": p(encode, 50), "encode_p95_ms": p(encode, 95),
            "vectors_mb": round(mirror.vectors.nbytes / 2**20, 1), "rss_mb": round(rss_mb())}


def query_threads(queries, passes: int = 2) -> dict:
    """Query embedding on one thread vs the default (`intent_encoder.cpu_threads()`: every
    core unless the CPU is oversubscribed), alternating query by query so both see the
    same machine."""
    from core.intent_encoder import cpu_threads

    embedder = shared_embedder()
    default = embedder.query_threads
    times: dict[str, list[float]] = {"one": [], "default": []}
    for n in range(passes):
        for i, q in enumerate(queries):
            kind = ("one", "default")[(i + n) % 2]  # each query gets both, across the passes
            embedder.query_threads = 1 if kind == "one" else default
            embedder._cache.clear()
            t0 = time.perf_counter()
            embedder.encode_query(q.text)
            times[kind].append((time.perf_counter() - t0) * 1000)
    embedder.query_threads = default
    one, dflt = statistics.median(times["one"]), statistics.median(times["default"])
    return {"queries": len(queries) * passes, "default_threads": cpu_threads(),
            "one_thread_p50_ms": round(one, 2), "default_p50_ms": round(dflt, 2),
            "speedup": round(one / dflt, 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--quick", action="store_true", help="one latency pass")
    args = ap.parse_args()
    import torch

    threads = torch.get_num_threads()
    rng = random.Random(4)
    out = {"machine": {"cpus": os.cpu_count(), "torch_threads": threads,
                       "loadavg_start": os.getloadavg()}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out["quality"], out["import"] = quality(tmp)
        base = Catalog(Store(tmp / "demo.db"))
        queries = load_queries(QUERIES)
        out["query_threads"] = query_threads(queries, 1 if args.quick else 2)
        out["speed"] = {}
        for size in [int(s) for s in args.sizes.split(",")]:
            t0 = time.perf_counter()
            search = scaled_store(tmp, size, base, rng)
            build_s = time.perf_counter() - t0
            stats = latency(search, queries, 1 if args.quick else 2)
            stats["build_s (synthetic vectors)"] = round(build_s, 1)
            out["speed"][size] = stats
            print(f"  {size} products: p50 {stats['p50_ms']} ms, p95 {stats['p95_ms']} ms",
                  file=sys.stderr)
    out["machine"]["loadavg_end"] = os.getloadavg()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=2) + "\n")
    print_table(out)


def print_table(out: dict) -> None:
    print(f"\nQuality on {QUERIES.relative_to(ROOT)} (demo catalogue)")
    print(f"{'ranking':<30}{'nDCG@10':>9}{'R@10':>7}{'MRR':>7}   nDCG@10 by kind")
    for name, r in out["quality"].items():
        o = r["overall"]
        kinds = " ".join(f"{k}:{s['ndcg@10']:.2f}" for k, s in r["by_kind"].items())
        print(f"{name:<30}{o['ndcg@10']:>9.3f}{o['recall@10']:>7.3f}{o['mrr']:>7.3f}   {kinds}")
    imp = out["import"]
    print(f"\nImport with embedding: {imp['products']} products in "
          f"{imp['import_s'] + imp['embed_s']:.1f} s = {imp['products_per_s']} products/s "
          f"(rows {imp['import_s']} s, embedding {imp['embed_s']} s)")
    print("\nSearch latency, end to end (synthetic scale-up; copies' vectors SYNTHESIZED by "
          "perturbing real ones)")
    print(f"{'products':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'CPU p50':>9}{'CPU p95':>9}"
          f"{'encode p50':>12}{'vectors MB':>12}{'RSS MB':>9}{'top50 vs exact':>16}"
          f"{'top-1 relevant (BM25 unbounded)':>33}")
    for size, s in out["speed"].items():
        print(f"{size:>9}{s['p50_ms']:>9}{s['p95_ms']:>9}{s['max_ms']:>9}{s['cpu_p50_ms']:>9}"
              f"{s['cpu_p95_ms']:>9}{s['encode_p50_ms']:>12}{s['vectors_mb']:>12}"
              f"{s['rss_mb']:>9}{s['dense_top50_overlap_with_exact']:>16}"
              f"{s['top1_relevant_bm25_bounded']:>22} ({s['top1_relevant_bm25_unbounded']})")
    print("(p50/p95: wall clock; CPU: the searching thread's CPU time, i.e. the latency on a "
          "core of its own; these runs embed the query on one thread)")
    t = out["query_threads"]
    print(f"\nQuery embedding, side by side over {t['queries']} queries: one thread p50 "
          f"{t['one_thread_p50_ms']} ms, default ({t['default_threads']} threads here) p50 "
          f"{t['default_p50_ms']} ms: {t['speedup']}x")
    m = out["machine"]
    print(f"\n{m['cpus']} CPUs, torch threads {m['torch_threads']}, load average "
          f"{m['loadavg_start'][0]:.1f} -> {m['loadavg_end'][0]:.1f} "
          f"(other jobs share this machine). Written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
