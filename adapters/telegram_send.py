"""Telegram, outgoing: per-chat ordered sends with retries, fallbacks and streaming edits.

One asyncio.Lock per chat keeps the parts of a reply (text chunks, product cards) together
and in order. A 429 `retry_after` sleeps only the coroutine holding that chat's lock, so
other chats keep flowing (python-telegram-bot's AIORateLimiter would pause every chat).
Network errors and 5xx answers are retried with capped exponential backoff and logged;
after `attempts` tries a retryable DeliveryError leaves the reply in the engine's outbox.
Forbidden (the customer blocked the bot) is a DeliveryError that is not retryable.
Fallbacks live here, in one place: a photo Telegram cannot fetch is sent as a text card,
HTML Telegram cannot parse is sent as plain text. Parts of a reply already shown are
remembered (in memory) so a retried reply does not show them twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from core.errors import DeliveryError
from core.types import Address

from .telegram_render import MESSAGE_LIMIT, SendOp, html_to_text, markdown_to_html, split_html

log = logging.getLogger(__name__)


class ChatSender:
    def __init__(self, settings: Any, before_send: Callable[[Address], None] = lambda a: None):
        self.s = settings
        self.bot: Any = None  # a connected telegram.Bot, set by the adapter
        self._before_send = before_send  # e.g. stop the typing indicator
        self._locks: dict[str, asyncio.Lock] = {}
        self._progress: dict[tuple[str, str], int] = {}  # (chat, reply) -> parts shown

    async def send_ops(self, address: Address, ops: list[SendOp], ident: str) -> None:
        key = (address.key, ident)
        async with self.lock(address):
            self._before_send(address)
            for i in range(self._progress.get(key, 0), len(ops)):
                await self._send_op(address, ops[i])
                self._progress[key] = i + 1
            self._progress.pop(key, None)

    def lock(self, address: Address) -> asyncio.Lock:
        return self._locks.setdefault(address.key, asyncio.Lock())

    async def _send_op(self, address: Address, op: SendOp) -> Any:
        from telegram.error import BadRequest

        markup = _markup(op.keyboard)
        thread = thread_of(address)
        if op.method == "sendPhoto":
            try:
                return await self.call(address, lambda chat: self.bot.send_photo(
                    chat, op.photo, caption=op.text, parse_mode="HTML", reply_markup=markup,
                    message_thread_id=thread))
            except BadRequest as exc:
                log.warning("telegram refused photo %s (%s); sending the card as text",
                            op.photo, exc)
        try:
            return await self.call(address, lambda chat: self.bot.send_message(
                chat, op.text, parse_mode="HTML", reply_markup=markup, message_thread_id=thread))
        except BadRequest as exc:
            if "parse" not in str(exc).lower():
                raise DeliveryError(f"Telegram refused the message: {exc}",
                                    retryable=False) from None
            log.error("telegram could not parse our HTML (%s); sending plain text", exc)
            return await self.call(address, lambda chat: self.bot.send_message(
                chat, html_to_text(op.text), reply_markup=markup, message_thread_id=thread))

    async def call(self, address: Address, make: Callable[[Any], Awaitable[Any]],
                    attempts: int | None = None) -> Any:
        """One Bot API call for a chat, retried; BadRequest passes through to the caller."""
        from telegram.error import (BadRequest, ChatMigrated, Forbidden, InvalidToken,
                                    NetworkError, RetryAfter)

        chat: Any = int(address.chat_id) if address.chat_id.lstrip("-").isdigit() \
            else address.chat_id
        delay, failures = self.s.backoff, 0
        while True:
            try:
                return await make(chat)
            except RetryAfter as exc:
                wait = retry_seconds(exc)
                log.warning("telegram flood control for chat %s: waiting %.0fs", chat, wait)
                await asyncio.sleep(wait)  # this chat's coroutine only
            except ChatMigrated as exc:
                chat = exc.new_chat_id
            except BadRequest:
                raise
            except (Forbidden, InvalidToken) as exc:
                raise DeliveryError(f"Telegram refused delivery to {chat}: {exc}",
                                    retryable=False) from None
            except NetworkError as exc:
                failures += 1
                if failures >= (attempts or self.s.attempts):
                    raise DeliveryError(f"Telegram unreachable after {failures} attempts: "
                                        f"{exc}", retryable=True) from None
                log.warning("telegram call for chat %s failed (%s); retry %d in %.1fs",
                            chat, exc, failures, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.s.max_backoff)

    async def stream(self, address: Address, chunks: AsyncIterator[str]) -> None:
        """Show a reply while it is generated: one message (more past 4,096 characters)
        edited at most once per `edit_interval`; the final text always lands."""
        async with self.lock(address):
            self._before_send(address)
            text, shown, last = "", [], float("-inf")
            async for piece in chunks:
                text += piece
                if not shown or time.monotonic() - last >= self.s.edit_interval:
                    await self._show(address, text, shown, final=False)
                    last = time.monotonic()
            parts = split_html(markdown_to_html(text), MESSAGE_LIMIT)
            if [p for _, p in shown] != parts:  # the last edit also keeps the pace
                await asyncio.sleep(max(0.0, last + self.s.edit_interval - time.monotonic()))
                await self._show(address, text, shown, final=True)

    async def _show(self, address: Address, text: str, shown: list[list[Any]],
                    final: bool) -> None:
        from telegram.error import BadRequest, TelegramError

        html = markdown_to_html(text)
        if not html.strip():
            return
        for i, part in enumerate(split_html(html, MESSAGE_LIMIT)):
            try:
                if i >= len(shown):
                    msg = await self.call(address, lambda chat, p=part: self.bot.send_message(
                        chat, p, parse_mode="HTML", message_thread_id=thread_of(address)))
                    shown.append([msg.message_id, part])
                elif shown[i][1] != part:
                    await self.call(address, lambda chat, i=i, p=part: self.bot.edit_message_text(
                        p, chat_id=chat, message_id=shown[i][0], parse_mode="HTML"),
                        attempts=None if final else 1)
                    shown[i][1] = part
            except BadRequest as exc:
                if "not modified" not in str(exc):
                    raise DeliveryError(f"Telegram refused the edit: {exc}",
                                        retryable=False) from None
            except (TelegramError, DeliveryError) as exc:
                if final:
                    raise
                log.info("skipping a streaming edit: %s", exc)


def _markup(rows: tuple[tuple[tuple[str, str], ...], ...]) -> Any:
    if not rows:
        return None
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)
                                  for label, data in row] for row in rows])


def thread_of(address: Address) -> int | None:
    return int(address.thread_id) if address.thread_id else None


def retry_seconds(exc: Any) -> float:
    with warnings.catch_warnings():  # PTB 22 warns about int vs timedelta here
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)
