"""Slack: customers talk to the bot in direct messages; support staff work tickets in a
channel. Built on slack-bolt's AsyncApp, in Socket Mode (default: SLACK_APP_TOKEN, no
public URL) or HTTP Events mode (SLACK_SIGNING_SECRET; Bolt answers 401 to a bad or stale
signature before any listener runs). SLACK_BOT_TOKEN drives the Web API, whose base URL
comes from SLACK_API_URL or `adapters.slack.api_url` (Enterprise proxies; the tests).

Why it is shaped like this:
- Slack wants an ack within 3 seconds. Message events are acked by Bolt before our
  listener runs (process_before_response=False); button clicks call `ack()` first. The
  turn (and any language model) runs after the ack.
- Redeliveries (X-Slack-Retry-Num, same event_id) are dropped by the engine's durable inbox,
  keyed on the event_id; staff thread replies use the same inbox under platform "desk".
- `ratelimited` answers are retried by slack_sdk's rate-limit handler after Retry-After;
  what still fails becomes a retryable DeliveryError and stays in the outbox.
- Everything Slack-shaped (mrkdwn, Block Kit, ticket messages) is in slack_render.py; this
  module only wires events to the engine and the handoff desk, and ticket events to Slack.

Slack app setup: bot scopes chat:write, im:history, channels:history (groups:history for a
private support channel), channels:read (groups:read), users:read, commands; bot events
message.im and message.channels; Interactivity on; slash command /shopbot. Socket Mode
needs an app-level token with connections:write; HTTP mode points Event Subscriptions,
Interactivity and the command at https://<host>/slack/events. Invite the bot to the
support channel; `shopbot slack check` verifies the token and the channel.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from dataclasses import dataclass, replace
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (AsyncConnectionErrorRetryHandler,
                                                         AsyncRateLimitErrorRetryHandler)
from slack_sdk.web.async_client import AsyncWebClient

from core.errors import ConfigError, DeliveryError
from core.handoff import HandoffError, TicketEvent
from core.types import Address, Reply

from . import slack_render as R

log = logging.getLogger(__name__)

RETRYABLE_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable",
                    "request_timeout"}
STAFF_CACHE_S = 60.0
REFUSAL = "Only support staff can act on tickets."


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str
    app_token: str | None = None
    signing_secret: str | None = None
    mode: str = "socket"  # socket | http
    api_url: str | None = None
    support_channel: str | None = None
    listen: str = "127.0.0.1"
    port: int = 3000
    path: str = "/slack/events"
    staff: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Any, env: dict[str, str] | None = None) -> SlackSettings:
        """From config.adapters.slack and config.handoff.staff; secrets from the environment."""
        env = dict(os.environ if env is None else env)
        section = config.adapters.slack
        mode = section.mode
        needed = {"SLACK_BOT_TOKEN": True, "SLACK_APP_TOKEN": mode == "socket",
                  "SLACK_SIGNING_SECRET": mode == "http"}
        for name, required in needed.items():
            if required and not env.get(name):
                raise ConfigError(f"Slack {mode} mode needs the environment variable {name}",
                                  key="adapters.slack.mode")
        api_url = env.get("SLACK_API_URL") or section.api_url
        if api_url and not api_url.endswith("/"):
            api_url += "/"
        return cls(bot_token=env["SLACK_BOT_TOKEN"], app_token=env.get("SLACK_APP_TOKEN"),
                   signing_secret=env.get("SLACK_SIGNING_SECRET"), mode=mode, api_url=api_url,
                   support_channel=section.support_channel, listen=section.listen,
                   port=section.port, staff=tuple(config.handoff.staff))


class SlackAdapter:
    platform = "slack"

    def __init__(self, settings: SlackSettings, engine: Any, desk: Any = None):
        self.settings, self.engine, self.desk = settings, engine, desk
        kwargs = {"base_url": settings.api_url} if settings.api_url else {}
        self.client = AsyncWebClient(token=settings.bot_token, retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3)], **kwargs)
        self.app = AsyncApp(client=self.client, signing_secret=settings.signing_secret or "",
                            request_verification_enabled=settings.mode == "http",
                            process_before_response=False, logger=log)
        self.app.event("message")(self._on_message)
        self.app.action(re.compile(r"^ticket_(claim|resolve|return)$"))(self._on_ticket_action)
        self.app.action(re.compile(rf"^{R.BUTTON_ACTION}_\d+$"))(self._on_button)
        self.app.command("/shopbot")(self._on_command)
        self._names: dict[str, str] = {}
        self._members: tuple[float, frozenset[str]] = (0.0, frozenset())
        self._stop: list[Any] = []
        self._started = False
        self.port: int | None = None  # the HTTP port actually bound (after start)
        engine.register(self.platform, self)
        if desk is not None and settings.support_channel:
            desk.desks.append(self)

    @classmethod
    def from_config(cls, config: Any, engine: Any, desk: Any = None) -> SlackAdapter:
        desk = desk if desk is not None else getattr(getattr(engine, "turns", None),
                                                     "escalation", None)
        return cls(SlackSettings.from_config(config), engine, desk)

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        """Check the bot token (auth.test); no intake yet (see bot/commands/run.py)."""
        if self._started:
            return
        try:
            await self.client.auth_test()
        except SlackApiError as exc:
            error = exc.response.get("error") if exc.response else exc
            raise ConfigError(f"Slack rejected the bot token ({error}); check SLACK_BOT_TOKEN",
                              key="SLACK_BOT_TOKEN") from None
        except aiohttp.ClientError as exc:
            raise ConfigError(f"cannot reach the Slack Web API at {self.client.base_url}: {exc}",
                              key="adapters.slack.api_url") from None
        self._started = True

    async def listen(self) -> None:
        """Start taking events (Socket Mode connection or HTTP endpoint) and return."""
        await self.start()
        if self._stop:
            return
        if self.settings.mode == "socket":
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            handler = AsyncSocketModeHandler(self.app, self.settings.app_token)
            await handler.connect_async()
            self._stop.append(handler.close_async)
        else:
            from aiohttp import web

            runner = web.AppRunner(self.app.web_app(path=self.settings.path))
            await runner.setup()
            site = web.TCPSite(runner, self.settings.listen, self.settings.port)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            self._stop.append(runner.cleanup)
        if self.desk is not None and self.settings.support_channel:
            task = asyncio.create_task(self.desk.run_reminders())
            self._stop.append(lambda: _cancel(task))

    async def close(self) -> None:
        """Stop intake and reminders; release the HTTP session."""
        while self._stop:
            await self._stop.pop()()
        if self.client.session is not None:
            await self.client.session.close()
        self._started = False

    async def run(self) -> None:
        """Serve until cancelled."""
        try:
            await self.listen()
            await asyncio.Event().wait()
        finally:
            await self.close()

    # -- outgoing ------------------------------------------------------------------------------
    async def send(self, address: Address, reply: Reply) -> None:
        for message in R.render_reply(reply):
            await self._post(channel=address.chat_id, thread_ts=address.thread_id, **message)

    async def _post(self, **kwargs: Any) -> dict[str, Any]:
        """chat.postMessage with Slack's failures mapped to DeliveryError."""
        try:
            return (await self.client.chat_postMessage(**kwargs)).data  # type: ignore[return-value]
        except SlackApiError as exc:
            error = exc.response.get("error", "unknown") if exc.response else "unknown"
            after = (exc.response.headers or {}).get("Retry-After") if exc.response else None
            raise DeliveryError(f"Slack refused the message: {error}",
                                retryable=error in RETRYABLE_ERRORS,
                                retry_after=float(after) if after else None) from exc
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise DeliveryError(f"Slack could not be reached: {exc}", retryable=True) from exc

    # -- the support desk (core.handoff.SupportDesk) --------------------------------------------
    async def publish(self, event: TicketEvent) -> str | None:
        ticket = event.ticket
        if event.kind == "opened":
            sent = await self._post(channel=self.settings.support_channel,
                                    **R.render_ticket(ticket, event.transcript))
            return f"{sent['channel']}/{sent['ts']}"
        if not ticket.desk_ref:
            return None
        channel, ts = ticket.desk_ref.split("/", 1)
        if event.kind in ("claimed", "closed"):
            await self._restate(ticket, channel, ts)
        await self._post(channel=channel, thread_ts=ts,
                         text=R.render_thread_note(event.kind, ticket, event.text),
                         reply_broadcast=event.kind == "reminder")
        return None

    async def _restate(self, ticket: Any, channel: str, ts: str) -> None:
        """Rewrite the ticket message's state line and buttons; keep its transcript."""
        found = await self.client.conversations_replies(channel=channel, ts=ts, limit=1)
        root = (found.get("messages") or [{}])[0]
        await self.client.chat_update(channel=channel, ts=ts,
                                      **R.restate_ticket(root.get("blocks") or [], ticket))

    # -- listeners -------------------------------------------------------------------------------
    async def _on_message(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        event_id = str(body.get("event_id") or event.get("client_msg_id") or event.get("ts"))
        if (event.get("channel") == self.settings.support_channel and event.get("thread_ts")
                and not event.get("bot_id") and not event.get("subtype")):
            await self._staff_message(event, event_id)
            return
        incoming = R.message_to_incoming(event, event_id)
        if incoming is None:
            return
        name = await self._user_name(incoming.user_id)
        if name:
            incoming = replace(incoming, user_name=name)
        await self.engine.receive(incoming)

    async def _on_button(self, ack: Any, body: dict[str, Any]) -> None:
        await ack()
        incoming = R.action_to_incoming(body)
        if incoming is not None:
            await self.engine.receive(incoming)

    async def _staff_message(self, event: dict[str, Any], event_id: str) -> None:
        ref = f"{event['channel']}/{event['thread_ts']}"
        ticket = self.desk.by_desk_ref(ref) if self.desk is not None else None
        text, user = event.get("text") or "", str(event.get("user"))
        if ticket is None or R.is_note(text):
            return  # chatter in other threads, and internal notes, stay in Slack
        if not await self.is_staff(user):
            await self._ephemeral(event["channel"], user, REFUSAL, thread_ts=event["thread_ts"])
            return
        try:
            await self.desk.staff_reply(ticket.id, user, R.from_mrkdwn(text), event_id)
        except HandoffError as exc:
            await self._ephemeral(event["channel"], user,
                                  f"{exc}. Your message did not reach the customer.",
                                  thread_ts=event["thread_ts"])

    async def _on_ticket_action(self, ack: Any, body: dict[str, Any],
                                action: dict[str, Any]) -> None:
        await ack()
        user = str(body["user"]["id"])
        channel = (body.get("channel") or {}).get("id") or body["container"]["channel_id"]
        if self.desk is None or not await self.is_staff(user):
            await self._ephemeral(channel, user, REFUSAL)
            return
        ticket_id, kind = str(action.get("value")), action["action_id"]
        try:
            if kind == "ticket_claim":
                await self.desk.claim(ticket_id, user, await self._user_name(user))
            else:
                await self.desk.close(ticket_id, user,
                                      "resolved" if kind == "ticket_resolve" else "returned")
        except HandoffError as exc:
            await self._ephemeral(channel, user, str(exc))

    async def _on_command(self, ack: Any, command: dict[str, Any]) -> None:
        if self.desk is None or not await self.is_staff(str(command.get("user_id"))):
            await ack(text="Only support staff can use /shopbot.")
            return
        word, _, arg = (command.get("text") or "").strip().partition(" ")
        if word == "open":
            text = R.ticket_lines(self.desk.open_tickets())
        elif word == "stats":
            text = R.stats_text(self.desk.stats())
        elif word == "find" and arg.strip():
            text = R.ticket_lines(self.desk.find(arg.strip()))
        else:
            text = "Usage: `/shopbot open` · `/shopbot stats` · `/shopbot find <customer>`"
        await ack(text=text)

    # -- helpers ---------------------------------------------------------------------------------
    async def is_staff(self, user: str) -> bool:
        """Configured staff ids, or members of the support channel (cached for a minute)."""
        if user in self.settings.staff:
            return True
        if not self.settings.support_channel:
            return False
        fetched_at, members = self._members
        if time.monotonic() - fetched_at > STAFF_CACHE_S:
            try:
                found = await self.client.conversations_members(
                    channel=self.settings.support_channel, limit=1000)
                members = frozenset(found.get("members") or ())
                self._members = (time.monotonic(), members)
            except SlackApiError:
                log.warning("cannot list members of %s", self.settings.support_channel)
        return user in members

    async def _user_name(self, user: str) -> str:
        if user not in self._names:
            try:
                info = (await self.client.users_info(user=user)).get("user") or {}
                profile = info.get("profile") or {}
                self._names[user] = (profile.get("display_name") or info.get("real_name")
                                     or info.get("name") or "")
            except SlackApiError:
                return ""
        return self._names[user]

    async def _ephemeral(self, channel: str, user: str, text: str, **kw: Any) -> None:
        try:
            await self.client.chat_postEphemeral(channel=channel, user=user, text=text, **kw)
        except SlackApiError:
            log.warning("could not tell %s: %s", user, text)


async def _cancel(task: asyncio.Task) -> None:
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
