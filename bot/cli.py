"""The `shopbot` command line. Domain errors become one clear line here (ShopbotError ->
click.ClickException); library code never prints. Command groups that later features add
live in bot/commands/<name>.py and register themselves through `register(cli, groups)`."""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import os
import pkgutil
import sys
from importlib.metadata import PackageNotFoundError, version

import click

from core.errors import ShopbotError

from .config import load_config


def _version() -> str:
    try:
        return version("shopbot")
    except PackageNotFoundError:
        return "0.1.0 (source)"


class ShopbotGroup(click.Group):
    """Turns any ShopbotError raised by a command into a one-line error, not a trace."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ShopbotError as exc:
            raise click.ClickException(str(exc)) from None


CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.group(cls=ShopbotGroup, context_settings=CONTEXT)
@click.version_option(_version(), "--version", prog_name="shopbot")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="config file (default: $SHOPBOT_CONFIG or the repository's config.yaml)")
@click.option("-v", "--verbose", is_flag=True, help="log what happens")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: bool) -> None:
    """shopbot: a self-hostable shop assistant."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    # model-loading bars from the HF libraries are noise in a chat; our commands draw their own
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    ctx.obj = {"config_path": config_path}


def get_app(ctx: click.Context, sync_data: bool = True):
    from .app import build

    return build(load_config(ctx.obj.get("config_path")), sync_data=sync_data)


@cli.command()
@click.pass_context
def chat(ctx: click.Context) -> None:
    """Talk to the shop in this terminal (or pipe one message per line)."""
    from adapters.console import ConsoleAdapter

    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")  # invalid UTF-8 is shown, not fatal
    app = get_app(ctx)
    try:
        asyncio.run(ConsoleAdapter(app.engine).run())
    except KeyboardInterrupt:
        pass


@cli.group(context_settings=CONTEXT)
def catalog() -> None:
    """Manage the product catalogue."""


@catalog.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def catalog_import(ctx: click.Context, file: str) -> None:
    """Import products from FILE.csv or FILE.json (all or nothing)."""
    from pathlib import Path

    from rich.progress import Progress

    from core.catalog import Catalog, read_rows
    from core.store import Store

    config = load_config(ctx.obj.get("config_path"))
    total = sum(1 for _ in read_rows(Path(file)))
    cat = Catalog(Store(config.store_path))
    if config.search.backend == "hybrid":
        from core.retrieval import build_search

        build_search(cat)  # hooks the import: changed products are embedded right away
    with Progress(transient=True) as progress:
        task = progress.add_task("importing", total=total)
        result = cat.import_file(file, progress=lambda n: progress.advance(task, n))
    count = cat.count()
    click.echo(f"{result.added} added, {result.changed} changed, {result.unchanged} unchanged "
               f"({count} product{'' if count == 1 else 's'} in the catalogue)")


@cli.group(context_settings=CONTEXT)
def prompts() -> None:
    """Check the prompt files admins edit."""


@prompts.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.pass_context
def prompts_check(ctx: click.Context, directory: str | None) -> None:
    """Report every prompt file that does not parse or uses an unknown variable."""
    from core.prompts import PromptLibrary

    config = load_config(ctx.obj.get("config_path"))
    library = PromptLibrary(directory or config.path(config.shop.prompts), log_errors=False)
    problems = library.check()
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"{len(library.kinds())} prompt files OK")


@cli.command()
@click.option("--user", default=None, help="only this user (platform:id, id or name)")
@click.option("-n", "--limit", default=50, show_default=True)
@click.pass_context
def history(ctx: click.Context, user: str | None, limit: int) -> None:
    """Show recent messages."""
    app = get_app(ctx, sync_data=False)
    for m in app.store.history(user, limit):
        arrow = ">" if m["direction"] == "in" else "<"
        meta = f" [{m['intent']}]" if m["intent"] else ""
        click.echo(f"{m['created_at'][:19]} {m['user_id']} {arrow}{meta} {m['text']}")


@cli.command()
@click.option("-o", "--output", type=click.File("w"), default="-", help="file (default stdout)")
@click.pass_context
def export(ctx: click.Context, output) -> None:
    """Export every message as JSON lines."""
    app = get_app(ctx, sync_data=False)
    for row in app.store.export():
        output.write(json.dumps(row, ensure_ascii=False) + "\n")


@cli.command()
@click.argument("user")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@click.pass_context
def forget(ctx: click.Context, user: str, yes: bool) -> None:
    """Delete everything stored about USER (platform:id, id or name)."""
    app = get_app(ctx, sync_data=False)
    if not app.store.resolve_user(user):
        raise click.ClickException(f"no user matches {user!r}")
    if not yes:
        click.confirm(f"Delete all data of {user}?", abort=True)
    counts = app.store.forget(user)
    click.echo("deleted: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@cli.group(context_settings=CONTEXT)
def train() -> None:
    """Train the shop's models."""


@cli.group("eval", context_settings=CONTEXT)
def evaluate() -> None:
    """Measure the shop's models."""


def _load_command_modules() -> None:
    from . import commands

    groups = {"train": train, "eval": evaluate, "catalog": catalog, "prompts": prompts}
    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "register"):
            module.register(cli, groups)


_load_command_modules()


def main() -> None:
    cli(prog_name="shopbot")
