"""`shopbot run`: serve customers on every adapter enabled in config.yaml.

Order matters for "nothing lost, nothing doubled": every adapter registers its sender with
the engine, then connects (`start()`: token checked, webhook set or deleted) without taking
new messages yet; then `engine.recover()` answers what a crash left accepted-but-unanswered
and re-sends undelivered replies; only then do the adapters take new messages (`run()`).
Were intake already running, recover could see a message this process is answering right
now as "unhandled" and answer it twice. If one adapter fails (a rejected token, another
instance polling) the others are stopped and the error is one line, not a trace.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from typing import Any

import click

from core.errors import ConfigError

log = logging.getLogger(__name__)

# config section name -> "module:class"; a platform added later adds one line here
ADAPTERS = {
    "telegram": "adapters.telegram:TelegramAdapter",
    "slack": "adapters.slack:SlackAdapter",
}


def enabled_adapters(config: Any, engine: Any) -> list[Any]:
    """Build (and register with the engine) each enabled adapter."""
    adapters = []
    for name, target in ADAPTERS.items():
        section = getattr(config.adapters, name, None)
        if section is None or not section.enabled:
            continue
        module, cls = target.split(":")
        adapters.append(getattr(importlib.import_module(module), cls).from_config(config, engine))
    if not adapters:
        raise ConfigError("no adapter is enabled; set adapters.telegram.enabled (or "
                          "adapters.slack.enabled) to true", key="adapters")
    return adapters


async def serve(engine: Any, adapters: list[Any]) -> None:
    """Connect, recover, then run the adapters until cancelled or one fails (raised)."""
    tasks: list[asyncio.Task[Any]] = []
    try:
        await asyncio.gather(*(a.start() for a in adapters if hasattr(a, "start")))
        await engine.recover()
        tasks = [asyncio.create_task(a.run(), name=f"adapter:{a.platform}") for a in adapters]
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            task.result()  # an adapter that stopped raises here
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(*(a.close() for a in adapters if hasattr(a, "close")),
                             return_exceptions=True)


def register(cli: click.Group, groups: dict[str, click.Group]) -> None:
    @cli.command()
    @click.pass_context
    def run(ctx: click.Context) -> None:
        """Serve customers on every adapter enabled in config.yaml (Ctrl-C stops)."""
        from bot.cli import get_app

        app = get_app(ctx)
        adapters = enabled_adapters(app.config, app.engine)
        log.info("serving on %s", ", ".join(a.platform for a in adapters))
        try:
            asyncio.run(serve(app.engine, adapters))
        except KeyboardInterrupt:
            pass
