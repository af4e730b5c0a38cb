"""Telegram adapter: updates in through the durable inbox, replies out with per-chat queues.

Built on python-telegram-bot 22's typed `telegram.Bot` client (HTTPX transport, its error
classes, `Update.de_json`), but not on `Application`, for three reasons that each break a
promise this adapter makes:

- `Application`'s updater confirms a batch to Telegram (the next getUpdates offset) as soon
  as it is queued in memory, before any handler has stored it; a crash then loses it. Our
  own getUpdates loop moves the offset past an update only after the engine's inbox holds it.
- its webhook server answers 200 before the update is processed; ours (aiohttp) answers 200
  only once the update is stored, so Telegram redelivers anything we failed to keep, and
  refuses (403) any request without the right X-Telegram-Bot-Api-Secret-Token.
- `AIORateLimiter` pauses *every* chat when one request gets 429; here a retry_after sleeps
  only the coroutine of that chat (sends are serialised per chat by a lock), so other
  chats keep being answered.

Inbox handoff: `Engine.receive` runs `Engine.accept` (synchronous: the update is stored
before the first await) and then handles the turn. We run it as a task and give it one
loop step: if the task is still running or finished True, the update is stored and the
offset may advance; a False result is a duplicate; an exception means nothing was stored
and we stop before confirming. That one step also lets the turn reach its first send
before the typing indicator starts, so a quick reply costs no extra chatAction call.

Outgoing messages (per-chat order, 429 and network retries, fallbacks, streaming) live in
adapters/telegram_send.py; rendering and update conversion in adapters/telegram_render.py.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hmac
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from core.errors import ConfigError, ShopbotError
from core.types import Address, Incoming, Reply

from .telegram_render import MAPPED_PREFIX, SendOp, mapped_payloads, render, to_incoming
from .telegram_send import ChatSender, retry_seconds, thread_of

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query"]
EXPIRED_BUTTON = "This button has expired; please ask me again."


class TelegramConflictError(ShopbotError):
    """Another process is polling (or a webhook is set) for the same bot token."""


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    mode: str = "polling"  # polling | webhook
    api_url: str = "https://api.telegram.org"
    listen: str = "0.0.0.0"
    port: int = 8443
    public_url: str = ""
    secret: str = ""
    poll_timeout: int = 25
    edit_interval: float = 1.0  # streaming: at most one edit per interval
    typing_interval: float = 4.5
    typing_delay: float = 0.3  # a reply ready sooner needs no "typing..." (saves a call)
    backoff: float = 0.5  # first retry delay; doubles up to max_backoff
    max_backoff: float = 30.0
    attempts: int = 8  # network attempts per Bot API call before DeliveryError

    @classmethod
    def from_config(cls, section: Any, env: dict[str, str] | None = None) -> TelegramSettings:
        """From the `adapters.telegram` config section plus TELEGRAM_* environment variables."""
        env = dict(os.environ if env is None else env)
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise ConfigError("set the bot token in the environment variable "
                              "TELEGRAM_BOT_TOKEN (from @BotFather)", key="TELEGRAM_BOT_TOKEN")
        hook = _get(section, "webhook") or section  # flat keys, or a nested webhook: block
        mode = _get(section, "mode", "polling")
        kw: dict[str, Any] = dict(
            token=token, mode=mode,
            api_url=(env.get("TELEGRAM_API_URL") or _get(section, "api_url")
                     or cls.api_url).rstrip("/"),
            listen=_get(hook, "listen", cls.listen), port=int(_get(hook, "port", cls.port)),
            public_url=_get(hook, "public_url", "") or "",
            secret=env.get("TELEGRAM_WEBHOOK_SECRET", ""))
        if mode not in ("polling", "webhook"):
            raise ConfigError(f"mode must be polling or webhook, not {mode!r}",
                              key="adapters.telegram.mode")
        if mode == "webhook" and not kw["public_url"]:
            raise ConfigError("webhook mode needs the public https URL Telegram will call",
                              key="adapters.telegram.webhook.public_url")
        if mode == "webhook" and not kw["secret"]:
            raise ConfigError("webhook mode needs a secret token in the environment variable "
                              "TELEGRAM_WEBHOOK_SECRET", key="TELEGRAM_WEBHOOK_SECRET")
        return cls(**kw)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if obj is None:
        return default
    value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
    return default if value is None else value


class TelegramAdapter:
    platform = "telegram"

    def __init__(self, engine: Any, settings: TelegramSettings) -> None:
        self.engine, self.s = engine, settings
        self.bot: Any = None
        self._requests: tuple[Any, ...] = ()
        self._ready = asyncio.Event()  # set once connected: sends wait for it
        self._tasks: set[asyncio.Task[Any]] = set()
        self._typing: dict[str, asyncio.Task[None]] = {}
        self._turns: dict[str, set[asyncio.Task[Any]]] = {}  # chat -> turns being handled
        self.out = ChatSender(settings, before_send=self._stop_typing)
        self.webhook_port: int | None = None
        engine.register(self.platform, self)

    @classmethod
    def from_config(cls, cfg: Any, engine: Any) -> TelegramAdapter:
        section = _get(_get(cfg, "adapters"), "telegram", cfg)
        return cls(engine, TelegramSettings.from_config(section))

    # ------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """Connect, check the token, and set or delete the webhook (no intake yet)."""
        if self._ready.is_set():
            return
        from telegram import Bot
        from telegram.request import HTTPXRequest

        api = self.s.api_url
        # plain http (a local Bot API server): skip loading CA certificates (~0.15 s a client)
        extra = {"httpx_kwargs": {"verify": False}} if api.startswith("http://") else {}
        self._requests = (HTTPXRequest(connection_pool_size=128, pool_timeout=10.0, **extra),
                          HTTPXRequest(connection_pool_size=2, **extra,
                                       read_timeout=self.s.poll_timeout + 10.0))
        self.bot = self.out.bot = Bot(
            self.s.token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot",
            request=self._requests[0], get_updates_request=self._requests[1])
        await self._retrying("getMe", self.bot.initialize)
        if self.s.mode == "webhook":
            await self._retrying("setWebhook", lambda: self.bot.set_webhook(
                self.s.public_url, secret_token=self.s.secret, allowed_updates=ALLOWED_UPDATES))
        else:
            info = await self._retrying("getWebhookInfo", self.bot.get_webhook_info)
            if info.url:
                log.warning("telegram: removing the webhook %s to use long polling", info.url)
            await self._retrying("deleteWebhook", lambda: self.bot.delete_webhook(False))
        self._ready.set()
        log.info("telegram: @%s ready (%s)", self.bot.username, self.s.mode)

    async def run(self) -> None:
        """Serve until cancelled."""
        try:
            await self.start()
            if self.s.mode == "webhook":
                await self._serve_webhook()
            else:
                await self._poll()
        finally:
            await self.close()

    async def close(self) -> None:
        tasks = list(self._tasks) + list(self._typing.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self.bot is not None:
            await self.bot.shutdown()  # a no-op when initialize() failed, hence:
            await asyncio.gather(*(r.shutdown() for r in self._requests))
            self.bot = self.out.bot = None
            self._requests = ()
            self._ready.clear()

    async def _retrying(self, what: str, call: Callable[[], Awaitable[Any]]) -> Any:
        """Startup calls: a bad token is a ConfigError; network trouble is retried."""
        from telegram.error import InvalidToken, NetworkError, RetryAfter

        delay = self.s.backoff
        while True:
            try:
                return await call()
            except InvalidToken as exc:
                raise ConfigError(f"Telegram rejected the bot token ({exc}); check "
                                  "TELEGRAM_BOT_TOKEN", key="TELEGRAM_BOT_TOKEN") from None
            except RetryAfter as exc:
                await asyncio.sleep(retry_seconds(exc))
            except NetworkError as exc:
                log.warning("telegram %s failed (%s); retrying in %.1fs", what, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.s.max_backoff)

    # ------------------------------------------------------------ incoming
    async def _poll(self) -> None:
        from telegram.error import Conflict

        offset: int | None = None
        while True:
            try:
                updates = await self._retrying("getUpdates", lambda: self.bot.get_updates(
                    offset=offset, timeout=self.s.poll_timeout, allowed_updates=ALLOWED_UPDATES))
            except Conflict as exc:
                raise TelegramConflictError(
                    f"Telegram refused polling ({exc}): another program is polling with this "
                    "bot token, or set a webhook for it. Run only one shopbot per token "
                    "(or use mode: webhook everywhere).") from None
            for update in updates:
                try:
                    await self.accept(update)
                except Exception:  # noqa: BLE001 - not stored: ask Telegram for it again
                    log.exception("telegram update %s not stored; retrying", update.update_id)
                    await asyncio.sleep(self.s.backoff)
                    break
                offset = update.update_id + 1

    async def _serve_webhook(self) -> None:
        from aiohttp import web
        from urllib.parse import urlsplit

        app = web.Application()
        app.router.add_post(urlsplit(self.s.public_url).path or "/", self._on_webhook)
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.s.listen, self.s.port)
            await site.start()
            self.webhook_port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            log.info("telegram webhook listening on %s:%s", self.s.listen, self.webhook_port)
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    async def _on_webhook(self, request: Any) -> Any:
        from aiohttp import web
        from telegram import Update

        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.s.secret.encode()):
            log.warning("telegram webhook: request without the right secret token refused")
            return web.Response(status=403, text="forbidden")
        try:
            update = Update.de_json(await request.json(), self.bot)
        except Exception:  # noqa: BLE001 - not an update: say so, process nothing
            return web.Response(status=400, text="not a Telegram update")
        try:
            await self.accept(update)
        except Exception:  # noqa: BLE001 - not stored: 500 makes Telegram deliver it again
            log.exception("telegram webhook: update %s not stored", update.update_id)
            return web.Response(status=500, text="try again")
        return web.Response(text="ok")

    async def accept(self, update: Any) -> bool:
        """Convert and store one update, then handle it in the background. True if new."""
        if update.callback_query is not None:
            self._spawn(self._answer_callback(update.callback_query.id))
        incoming = to_incoming(update, self.bot.username or "", self.bot.id)
        if incoming is None:
            return False
        if incoming.kind == "button" and (incoming.payload or "").startswith(MAPPED_PREFIX):
            payload = self.engine.store.callback_payload(incoming.payload)
            if payload is None:
                await self.out.send_ops(incoming.address,
                                        [SendOp("sendMessage", EXPIRED_BUTTON)], "expired")
                return False
            incoming = dataclasses.replace(incoming, payload=payload)
        return await self._submit(incoming)

    async def _submit(self, incoming: Incoming) -> bool:
        """Hand over to the engine; returns once the inbox holds it (see module doc)."""
        task = self._spawn(self.engine.receive(incoming))
        await asyncio.sleep(0)  # one step: receive() stores before its first await
        if task.done():
            return bool(task.result())  # False: duplicate; raises if it could not store
        self._start_typing(incoming.address, task)
        return True

    def _spawn(self, coro: Awaitable[Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(_log_failure)
        return task

    async def _answer_callback(self, query_id: str) -> None:
        from telegram.error import TelegramError

        try:
            await self.bot.answer_callback_query(query_id)
        except TelegramError as exc:  # too old, already answered: cosmetic only
            log.info("answerCallbackQuery %s: %s", query_id, exc)

    def _start_typing(self, address: Address, turn: asyncio.Task[Any]) -> None:
        """Show "typing..." while any accepted turn of this chat is still running."""
        key = address.key
        turns = self._turns.setdefault(key, set())
        turns.add(turn)
        turn.add_done_callback(turns.discard)
        if key in self._typing:
            return

        async def typing() -> None:
            try:
                await asyncio.wait(set(turns), timeout=self.s.typing_delay)
                while turns:
                    await self.bot.send_chat_action(int(address.chat_id), "typing",
                                                    message_thread_id=thread_of(address))
                    await asyncio.wait(set(turns), timeout=self.s.typing_interval,
                                       return_when=asyncio.ALL_COMPLETED)
            except Exception as exc:  # noqa: BLE001 - the indicator is cosmetic
                log.debug("typing indicator for %s: %s", key, exc)
            finally:
                if self._typing.get(key) is current:
                    del self._typing[key]
                if not turns:
                    self._turns.pop(key, None)

        current = asyncio.ensure_future(typing())
        self._typing[key] = current

    def _stop_typing(self, address: Address) -> None:
        task = self._typing.pop(address.key, None)
        if task is not None:
            task.cancel()

    # ------------------------------------------------------------ outgoing
    async def send(self, address: Address, reply: Reply) -> None:
        """Show `reply` in the chat; DeliveryError if Telegram cannot take it."""
        ops = render(reply)
        mapped = mapped_payloads(ops, reply)
        if mapped:
            self.engine.store.save_callbacks(mapped)
        await self._ready.wait()
        await self.out.send_ops(address, ops, repr(reply.to_dict()))

    async def stream(self, address: Address, chunks: AsyncIterator[str]) -> None:
        """Show a reply while it is generated (edits at most once per edit_interval)."""
        await self._ready.wait()
        await self.out.stream(address, chunks)


def _log_failure(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("telegram background task failed", exc_info=task.exception())
