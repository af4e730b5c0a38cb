"""`shopbot search` (what the bot would show, with scores) and `shopbot eval retrieval`
(nDCG@10, recall@10, MRR of a labelled query file against the shop's catalogue or another
catalogue file imported into a scratch store)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import click

MODES = ("hybrid", "bm25", "dense")


def register(cli: click.Group, groups: dict[str, click.Group]) -> None:
    cli.add_command(search_command)
    groups["eval"].add_command(eval_retrieval)


def filters_of(min_price, max_price, category, brand, size, color, in_stock) -> dict[str, Any]:
    raw = {"min_price": min_price, "max_price": max_price, "category": category,
           "brand": brand, "size": size, "color": color, "in_stock": in_stock or None}
    return {k: v for k, v in raw.items() if v is not None}


def filter_options(fn):
    for opt in reversed([
        click.option("--min-price", type=float, help="lowest price"),
        click.option("--max-price", type=float, help="highest price"),
        click.option("--category", help="exact category, e.g. 'hiking boots'"),
        click.option("--brand", help="exact brand"),
        click.option("--size", help="a size the product comes in, e.g. 44 or XL"),
        click.option("--color", help="a colour the product comes in"),
        click.option("--in-stock", is_flag=True, help="only products in stock"),
    ]):
        fn = opt(fn)
    return fn


@click.command("search")
@click.argument("query")
@filter_options
@click.option("-n", "--limit", default=5, show_default=True)
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True,
              help="ranking to show (the bot uses hybrid)")
@click.pass_context
def search_command(ctx: click.Context, query: str, limit: int, mode: str, **slots) -> None:
    """Show what the bot would show for QUERY, with scores and why. Filters are the
    options below: a chat message's "under 200" is read into --max-price by the bot, but
    here it stays words of QUERY."""
    from core.retrieval import HybridSearch

    from ..cli import get_app

    app = get_app(ctx)
    search = app.engine.turns.search
    filters = filters_of(**slots)
    if not isinstance(search, HybridSearch):
        click.echo("(hybrid search is off or its model did not load: BM25 only)")
        for n, hit in enumerate(search.search(query, filters, limit), 1):
            click.echo(f"{n:>2}. {_line(hit.product)}  bm25={hit.score:.3f}")
        return
    result = search.rank(query, filters, limit, mode=mode)
    if result.corrected:
        click.echo("spelling: " + ", ".join(result.corrected))
    if not result.ranked:
        click.echo("nothing found")
        return
    if result.alternatives and any(r.unmet for r in result.ranked):
        click.echo("nothing matches the filters; nearest alternatives:")
    elif result.alternatives:  # HybridSearch._guessed: the bot says it has no such thing
        click.echo("no product mentions these words; nearest, not matches:")
    for n, r in enumerate(result.ranked, 1):
        product = app.catalog.get(r.id) or {"id": r.id, "name": "?", "price_text": "?",
                                            "currency": "", "in_stock": False}
        why = (f"score={r.score:.4f} bm25#{r.bm25_rank or '-'} dense#{r.dense_rank or '-'}"
               f" cos={r.cosine:.3f}")
        if r.unmet:
            why += " misses " + ",".join(r.unmet)
        click.echo(f"{n:>2}. {_line(product)}  {why}")


def _line(p: dict[str, Any]) -> str:
    stock = "" if p.get("in_stock") else " (out of stock)"
    return f"{p['id']} {p['name']} - {p['price_text']} {p['currency']}{stock}"


@click.command("retrieval")
@click.option("--queries", "queries_file", required=True,
              type=click.Path(exists=True, dir_okay=False),
              help="JSONL: {query, filters?, context?, kind?, relevant: {id: grade}}")
@click.option("--catalog", "catalog_file", type=click.Path(exists=True, dir_okay=False),
              help="measure against this catalogue (imported into a scratch store)")
@click.option("--mode", "modes", type=click.Choice(MODES), multiple=True,
              help="rankings to measure (default: all three)")
@click.option("--json", "as_json", is_flag=True, help="print the full report as JSON")
@click.pass_context
def eval_retrieval(ctx: click.Context, queries_file: str, catalog_file: str | None,
                   modes: tuple[str, ...], as_json: bool) -> None:
    """nDCG@10, recall@10 and MRR of BM25, dense and hybrid search on labelled queries."""
    from core.catalog import Catalog
    from core.embeddings import shared_embedder
    from core.retrieval import HybridSearch
    from core.retrieval_eval import evaluate, load_queries
    from core.store import Store

    from ..config import load_config

    queries = load_queries(queries_file)
    with tempfile.TemporaryDirectory() as tmp:
        if catalog_file:
            catalog = Catalog(Store(Path(tmp) / "scratch.db"))
            catalog.import_file(catalog_file)
        else:
            config = load_config(ctx.obj.get("config_path"))
            catalog = Catalog(Store(config.store_path))
            shop_file = config.path(config.shop.catalog)
            if shop_file.exists():
                catalog.import_file(shop_file)
        search = HybridSearch.attach(catalog, shared_embedder())
        reports = {}
        for mode in modes or MODES:
            reports[mode] = evaluate(
                lambda text, filters, mode=mode: [
                    r.id for r in search.rank(text, filters, 10, mode=mode).ranked], queries)
    if as_json:
        click.echo(json.dumps({m: r.to_dict() for m, r in reports.items()}, indent=2))
        return
    click.echo(f"{len(queries)} queries, {catalog.count()} products")
    click.echo(f"{'ranking':<10}{'kind':<12}{'n':>4}{'nDCG@10':>9}{'R@10':>7}{'MRR':>7}")
    for mode, report in reports.items():
        rows = [("all", report.overall), *report.by_kind.items()]
        for kind, s in rows:
            click.echo(f"{mode:<10}{kind:<12}{s.n:>4}{s.ndcg:>9.3f}{s.recall:>7.3f}{s.mrr:>7.3f}")
