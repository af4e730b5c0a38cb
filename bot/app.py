"""Wiring: build the store, the shop's data, the understanding, search and reply parts,
and the engine from a Config. The only place that chooses implementations."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core import synonyms
from core.catalog import Catalog
from core.errors import ConfigError, ImportRowError
from core.engine import Engine
from core.handoff import HandoffDesk
from core.prompts import PromptLibrary
from core.retrieval import Recommender, build_search
from core.shop import OrderBook, Policies
from core.store import Store
from core.turns import TemplateComposer, TurnLogic
from core.understand import KeywordUnderstander

from .config import Config

log = logging.getLogger(__name__)


@dataclass
class App:
    config: Config
    store: Store
    catalog: Catalog
    orders: OrderBook
    prompts: PromptLibrary
    desk: HandoffDesk
    engine: Engine


def build(config: Config, store_path: str | Path | None = None,
          sync_data: bool = True) -> App:
    store = Store(store_path or config.store_path)
    catalog, orders = Catalog(store, config.shop.synonyms), OrderBook(store)
    if sync_data:
        sync_shop_data(config, catalog, orders)
    if not (policies_file := config.path(config.shop.policies)).exists():
        raise ConfigError(f"policies file not found: {policies_file}", file=config.file,
                          key="shop.policies")
    policies = Policies.load(policies_file)
    if not (prompts_dir := config.path(config.shop.prompts)).is_dir():
        log.warning("config: shop.prompts %s is no folder; the shipped prompts answer",
                    prompts_dir)
    prompts = PromptLibrary(prompts_dir)
    desk = HandoffDesk(store, config.handoff, prompts=prompts)
    composer = TemplateComposer(prompts)
    if config.lm.backend != "template":
        from core.composer_lm import build_lm_composer

        lm = config.lm
        if lm.adapter:  # relative: inside the repository (the shipped models/shop-lora)
            lm = lm.model_copy(update={"adapter": str(config.path(lm.adapter))})
        composer = build_lm_composer(lm, prompts, store)
    search = build_search(catalog, config.search.backend)
    index = getattr(search, "index", None)  # dense vectors, when the model could load
    turns = TurnLogic(
        understander=make_understander(config, catalog.current_vocabulary),
        search=search, catalog=catalog, orders=orders, policies=policies,
        composer=composer, escalation=desk, shop_name=config.shop.name,
        recommender=Recommender(catalog, index) if index is not None else None,
        embedder=index.embedder if index is not None else None,
    )
    engine = Engine(store, turns)
    desk.attach(engine)  # staff replies and handoff notices go out through the outbox
    return App(config, store, catalog, orders, prompts, desk, engine)


def make_understander(config: Config, vocabulary: dict | Callable[[], dict]):
    """The trained intent model unless config asks for keywords; keywords if it cannot load."""
    if config.understanding.backend == "model":
        try:
            from core.model_understander import load_understander

            model = config.understanding.model
            return load_understander(config.path(model) if model else None, vocabulary)
        except Exception as exc:  # noqa: BLE001 - any load failure: keep the bot answering
            log.warning("intent model unavailable (%s); using keyword understanding", exc)
    return KeywordUnderstander(vocabulary)


def sync_shop_data(config: Config, catalog: Catalog, orders: OrderBook) -> None:
    """Bring the store up to date with the shop's files (only changed products are rewritten)."""
    catalog_file = config.path(config.shop.catalog)
    count = catalog.db["products"].count
    if catalog_file.exists():
        try:
            result = catalog.import_file(catalog_file)
        except ImportRowError as exc:
            if not count:
                raise
            # a slip in an edit does not take the shop down: the last good catalogue serves
            log.error("catalogue: %s; serving the products imported before (%d)", exc, count)
        else:
            if result.changed_ids:
                log.info("catalogue: %d added, %d changed", result.added, result.changed)
    elif not count:
        # a mistyped path served an empty shop ("We sell .") without a word
        raise ConfigError(f"catalogue file not found: {catalog_file}", file=config.file,
                          key="shop.catalog")
    else:  # products imported with `shopbot catalog import` go on serving
        log.warning("config: shop.catalog %s not found; serving the products in the store (%d)",
                    catalog_file, count)
    for problem in synonyms.own(catalog.current_vocabulary()["category"],
                                config.shop.synonyms)[1]:
        log.warning("config: %s", problem)  # the bot runs on without that word
    orders_file = config.path(config.shop.orders)
    if orders_file.exists():
        try:
            orders.import_file(orders_file)
        except ImportRowError as exc:  # the orders imported before still answer
            log.error("orders: %s", exc)
    else:
        log.warning("config: shop.orders %s not found; orders in the store are kept",
                    orders_file)
