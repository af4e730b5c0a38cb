"""`shopbot slack check`: check the Slack connection before going live (`shopbot run`
serves Slack with the other enabled adapters). Secrets come from the environment only:
SLACK_BOT_TOKEN, plus SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)."""

from __future__ import annotations

import asyncio
from typing import Any

import click

from core.errors import ConfigError


async def check_connection(settings: Any) -> str:
    """auth.test with the bot token, and the support channel's members; one line for people."""
    from slack_sdk.errors import SlackApiError
    from slack_sdk.web.async_client import AsyncWebClient

    kwargs = {"base_url": settings.api_url} if settings.api_url else {}
    client = AsyncWebClient(token=settings.bot_token, **kwargs)
    try:
        auth = await client.auth_test()
        line = f"connected to {auth.get('team')} ({auth.get('team_id')}) as {auth.get('user')}"
        if settings.support_channel:
            members = await client.conversations_members(channel=settings.support_channel)
            line += (f"; support channel {settings.support_channel} has "
                     f"{len(members.get('members') or [])} members")
        else:
            line += "; no support channel configured (adapters.slack.support_channel)"
        return line
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response else exc
        raise ConfigError(f"Slack said {error!r}: check SLACK_BOT_TOKEN and the bot's scopes",
                          key="adapters.slack") from None
    finally:
        if client.session is not None:
            await client.session.close()


def register(cli: click.Group, groups: dict[str, click.Group]) -> None:  # noqa: ARG001
    @cli.group("slack", context_settings={"help_option_names": ["-h", "--help"]})
    def slack() -> None:
        """Slack: customers' direct messages and the support desk."""

    @slack.command("check")
    @click.pass_context
    def check(ctx: click.Context) -> None:
        """Check the bot token and the support channel."""
        from adapters.slack import SlackSettings
        from bot.config import load_config

        settings = SlackSettings.from_config(load_config(ctx.obj.get("config_path")))
        click.echo(asyncio.run(check_connection(settings)))

