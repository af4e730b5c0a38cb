"""A fake Telegram Bot API server on 127.0.0.1 that the real python-telegram-bot client talks to.

It speaks the real HTTP protocol (`POST /bot<token>/<method>`, form or JSON bodies, the
`{"ok": ..., "result" | "error_code", "description", "parameters"}` envelope), so the
adapter under test runs unchanged against it (`api_url=fake.url`). What it models:

- getMe; getUpdates with real long polling and offset semantics (an offset confirms every
  update below it; a second concurrent getUpdates ends the first with 409, as Telegram
  does; getUpdates while a webhook is set is a 409 too);
- setWebhook / deleteWebhook / getWebhookInfo, and delivery to the webhook: queued updates
  are POSTed in order with `X-Telegram-Bot-Api-Secret-Token`; a non-2xx answer is retried;
- sendMessage, sendPhoto, editMessageText, sendChatAction, answerCallbackQuery, with
  Telegram's checks: parse_mode=HTML must parse (allowed tags, nesting, entities), text at
  most 4,096 characters and captions 1,024 after parsing, callback_data at most 64 bytes,
  "message is not modified" on an edit that changes nothing;
- error injection (`fail(...)`: 429 with parameters.retry_after, 409, 400, 5xx, per method
  and optionally per chat) and a recorder of every call (`calls`, `sent(chat_id)`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from html import unescape
from typing import Any, Callable

from aiohttp import ClientSession, ClientTimeout, web

BOT_ID = 7000001
BOT_USERNAME = "shop_test_bot"
TOKEN = "7000001:TEST-token-for-the-fake-server"

_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code",
                 "pre", "blockquote", "tg-spoiler", "span", "tg-emoji"}
_HTML_TOKEN = re.compile(r"<(/?)([a-zA-Z0-9-]*)([^>]*)>|&([#a-zA-Z0-9]*);?|<|>")


class TelegramHTMLError(ValueError):
    pass


def parse_html(text: str) -> str:
    """Telegram's HTML check: the visible text, or TelegramHTMLError like the real API."""
    out, stack, pos = [], [], 0
    for m in _HTML_TOKEN.finditer(text):
        out.append(text[pos: m.start()])
        pos = m.end()
        tok = m.group(0)
        if tok.startswith("&"):
            if not tok.endswith(";") or unescape(tok) == tok:
                raise TelegramHTMLError(f"can't parse entities: bad entity at {m.start()}")
            out.append(unescape(tok))
        elif tok in ("<", ">"):
            raise TelegramHTMLError(f"can't parse entities: unexpected {tok!r} at {m.start()}")
        else:
            closing, name = m.group(1), m.group(2).lower()
            if name not in _ALLOWED_TAGS:
                raise TelegramHTMLError(f"can't parse entities: unsupported tag {name!r}")
            if closing:
                if not stack or stack[-1] != name:
                    raise TelegramHTMLError(f"can't parse entities: unmatched </{name}>")
                stack.pop()
            else:
                if name == "a" and not re.match(r'\s+href="[^"]*"\s*$', m.group(3)):
                    raise TelegramHTMLError("can't parse entities: bad <a> tag")
                stack.append(name)
    out.append(text[pos:])
    if stack:
        raise TelegramHTMLError(f"can't parse entities: unclosed <{stack[-1]}>")
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200


@dataclass
class Failure:
    method: str
    times: int
    code: int
    description: str
    retry_after: int | None = None
    chat_id: str | None = None


@dataclass
class Chat:
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)  # message_id -> message
    ids: Any = field(default_factory=lambda: itertools.count(1))


class FakeTelegram:
    """The server. `async with FakeTelegram() as fake:` then point the bot at `fake.url`."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.chats: dict[str, Chat] = {}
        self.updates: list[dict[str, Any]] = []  # pending, ascending update_id
        self.webhook: dict[str, Any] = {}
        self.webhook_statuses: list[int] = []
        self._update_ids = itertools.count(100)
        self._failures: list[Failure] = []
        self._stalls: list[tuple[str, str | None, asyncio.Event]] = []
        self.listeners: list[Callable[[Call], None]] = []  # told of every answered call
        self.on_request: list[Callable[[Call], None]] = []  # told of every call on arrival
        self._changed = asyncio.Condition()
        self._poll_generation = 0
        self._runner: web.AppRunner | None = None
        self._deliverer: asyncio.Task[None] | None = None
        self.url = ""

    # ------------------------------------------------------------ lifecycle
    async def __aenter__(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        self._deliverer = asyncio.create_task(self._deliver_webhooks())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._deliverer:
            self._deliverer.cancel()
            await asyncio.gather(self._deliverer, return_exceptions=True)
        if self._runner:
            await self._runner.cleanup()

    # ------------------------------------------------------------ test-side API
    def fail(self, method: str, *, code: int = 429, times: int = 1, retry_after: int | None = None,
             description: str = "", chat_id: str | int | None = None) -> None:
        """The next `times` calls of `method` (to `chat_id`, if given) fail with `code`."""
        default = {429: f"Too Many Requests: retry after {retry_after}",
                   409: "Conflict: terminated by other getUpdates request; make sure that "
                        "only one bot instance is running",
                   400: "Bad Request", 500: "Internal Server Error"}.get(code, "Error")
        if code == 429 and retry_after is None:
            retry_after = 1
        self._failures.append(Failure(method, times, code, description or default, retry_after,
                                      None if chat_id is None else str(chat_id)))

    def stall(self, method: str, chat_id: str | int | None = None) -> asyncio.Event:
        """Hold the next matching call until the returned event is set. If the bot has hung
        up by then (killed), the call is dropped unprocessed, as if it never got through."""
        release = asyncio.Event()
        self._stalls.append((method, None if chat_id is None else str(chat_id), release))
        return release

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update (adds update_id); polled or delivered to the webhook."""
        update = dict(update)
        update.setdefault("update_id", next(self._update_ids))
        self.updates.append(update)
        self._notify()
        return update["update_id"]

    def push_raw(self, update: dict[str, Any]) -> int:
        """Queue an update exactly as given (to deliver the same update twice)."""
        self.updates.append(update)
        self._notify()
        return update["update_id"]

    def text_update(self, chat_id: int, text: str, *, user_id: int | None = None,
                    chat_type: str = "private", reply_to_bot: bool = False,
                    **extra: Any) -> dict[str, Any]:
        user = {"id": user_id or chat_id, "is_bot": False, "first_name": f"Customer{chat_id}"}
        msg: dict[str, Any] = {"message_id": next(self._chat(chat_id).ids),
                               "date": int(time.time()), "from": user,
                               "chat": {"id": chat_id, "type": chat_type}, **extra}
        if text is not None and "text" not in extra:
            msg["text"] = text
            entities = []
            if text.startswith("/"):
                entities.append({"type": "bot_command", "offset": 0,
                                 "length": len(text.split()[0])})
            for m in re.finditer(r"@\w+", text):
                entities.append({"type": "mention", "offset": m.start(), "length": len(m[0])})
            if entities:
                msg["entities"] = entities
        if reply_to_bot:
            msg["reply_to_message"] = {"message_id": 1, "date": int(time.time()),
                                       "chat": msg["chat"], "text": "earlier",
                                       "from": {"id": BOT_ID, "is_bot": True,
                                                "first_name": "Shop"}}
        return {"update_id": next(self._update_ids), "message": msg}

    def send_text(self, chat_id: int, text: str, **kw: Any) -> int:
        return self.push_raw(self.text_update(chat_id, text, **kw))

    def press(self, chat_id: int, data: str, message_id: int = 1) -> int:
        """The customer presses an inline button carrying `data` under `message_id`."""
        return self.push_raw(self.callback_update(chat_id, data, message_id))

    def callback_update(self, chat_id: int, data: str, message_id: int = 1) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), "callback_query": {
            "id": f"cq{next(self._update_ids)}", "chat_instance": "ci",
            "from": {"id": chat_id, "is_bot": False, "first_name": f"Customer{chat_id}"},
            "data": data,
            "message": {"message_id": message_id, "date": int(time.time()),
                        "chat": {"id": chat_id, "type": "private"}, "text": "card"}}}

    def sent(self, chat_id: int | str, method: str | None = None) -> list[Call]:
        """What the bot sent to `chat_id` (sendMessage, sendPhoto, editMessageText...)."""
        return [c for c in self.calls if str(c.params.get("chat_id")) == str(chat_id)
                and c.status == 200 and c.method != "sendChatAction"
                and (method is None or c.method == method)]

    def texts(self, chat_id: int | str) -> list[str]:
        """The visible text of each message now in the chat, in order (after edits)."""
        chat = self._chat(chat_id)
        return [m.get("_visible", "") for _, m in sorted(chat.messages.items())]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    # ------------------------------------------------------------ HTTP
    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        call = Call(method, params, time.monotonic())
        self.calls.append(call)
        for hook in self.on_request:
            hook(call)
        if request.match_info["token"] != self.token:
            return self._error(call, 401, "Unauthorized")
        for stall in self._stalls:
            if stall[0] == method and stall[1] in (None, str(params.get("chat_id"))):
                self._stalls.remove(stall)
                call.status = 0  # held
                self._notify()
                await stall[2].wait()
                if request.transport is None or request.transport.is_closing():
                    return web.Response(status=499)  # the client is gone: nothing happened
                call.status = 200
                break
        failure = self._take_failure(method, params)
        if failure:
            extra = {"retry_after": failure.retry_after} if failure.retry_after else None
            return self._error(call, failure.code, failure.description, extra)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(call, 404, "Not Found: method not found")
        try:
            result = await handler(params)
        except _ApiError as err:
            return self._error(call, err.code, err.description)
        for listener in self.listeners:
            listener(call)
        self._notify()
        return web.json_response({"ok": True, "result": result})

    def _error(self, call: Call, code: int, description: str,
               parameters: dict[str, Any] | None = None) -> web.Response:
        call.status = code
        self._notify()
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=code)

    def _take_failure(self, method: str, params: dict[str, Any]) -> Failure | None:
        for f in self._failures:
            if f.method == method and f.times > 0 and (
                    f.chat_id is None or f.chat_id == str(params.get("chat_id"))):
                f.times -= 1
                return f
        return None

    def _notify(self) -> None:
        async def note() -> None:
            async with self._changed:
                self._changed.notify_all()
        asyncio.get_running_loop().create_task(note())

    def _chat(self, chat_id: int | str) -> Chat:
        return self.chats.setdefault(str(chat_id), Chat())

    # ------------------------------------------------------------ methods
    async def _m_getMe(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Shop", "username": BOT_USERNAME,
                "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    async def _m_getUpdates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook.get("url"):
            raise _ApiError(409, "Conflict: can't use getUpdates method while webhook is "
                                 "active; use deleteWebhook to delete the webhook first")
        offset = int(p.get("offset") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        self._poll_generation += 1
        me = self._poll_generation
        deadline = time.monotonic() + float(p.get("timeout") or 0)
        limit = int(p.get("limit") or 100)
        async with self._changed:
            while True:
                if self._poll_generation != me:
                    raise _ApiError(409, "Conflict: terminated by other getUpdates request; "
                                         "make sure that only one bot instance is running")
                if self.updates or time.monotonic() >= deadline:
                    return self.updates[:limit]
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except asyncio.TimeoutError:
                    pass

    async def _m_setWebhook(self, p: dict[str, Any]) -> bool:
        self.webhook = {"url": p.get("url", ""), "secret_token": p.get("secret_token"),
                        "allowed_updates": p.get("allowed_updates")}
        if p.get("drop_pending_updates") in (True, "true", "True"):
            self.updates = []
        return True

    async def _m_deleteWebhook(self, p: dict[str, Any]) -> bool:
        self.webhook = {}
        if p.get("drop_pending_updates") in (True, "true", "True"):
            self.updates = []
        return True

    async def _m_getWebhookInfo(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self.updates)}

    async def _m_sendChatAction(self, p: dict[str, Any]) -> bool:
        return True

    async def _m_answerCallbackQuery(self, p: dict[str, Any]) -> bool:
        return True

    async def _m_sendMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        visible = self._check_text(p, "text", 4096, "message is too long")
        return self._store(p, {"text": p["text"], "_visible": visible})

    async def _m_sendPhoto(self, p: dict[str, Any]) -> dict[str, Any]:
        photo = str(p.get("photo", ""))
        if not photo.startswith(("http://", "https://")):
            raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        visible = self._check_text(p, "caption", 1024, "message caption is too long")
        return self._store(p, {"caption": p.get("caption", ""), "_visible": visible,
                               "photo": [{"file_id": "ph1", "file_unique_id": "u1",
                                          "width": 100, "height": 100}], "_url": photo})

    async def _m_editMessageText(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p.get("chat_id"))
        msg = chat.messages.get(int(p.get("message_id", 0)))
        if msg is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        visible = self._check_text(p, "text", 4096, "message is too long")
        if msg.get("text") == p["text"] and msg.get("reply_markup") == p.get("reply_markup"):
            raise _ApiError(400, "Bad Request: message is not modified: specified new message "
                                 "content and reply markup are exactly the same as a current "
                                 "content and reply markup of the message")
        msg.update(text=p["text"], _visible=visible, edit_date=int(time.time()))
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        return _public(msg)

    def _check_text(self, p: dict[str, Any], key: str, limit: int, too_long: str) -> str:
        text = str(p.get(key, ""))
        if key == "text" and not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if p.get("parse_mode") == "HTML":
            try:
                text = parse_html(text)
            except TelegramHTMLError as err:
                raise _ApiError(400, f"Bad Request: {err}") from None
        if utf16_len(text) > limit:
            raise _ApiError(400, f"Bad Request: {too_long}")
        for row in (p.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if len(button.get("callback_data", "").encode()) > 64:
                    raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return text

    def _store(self, p: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p["chat_id"])
        mid = next(chat.ids)
        msg = {"message_id": mid, "date": int(time.time()),
               "chat": {"id": int(p["chat_id"]), "type": "private"},
               "from": {"id": BOT_ID, "is_bot": True, "first_name": "Shop"}, **content}
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        chat.messages[mid] = msg
        return _public(msg)

    # ------------------------------------------------------------ webhook delivery
    async def post_webhook(self, update: dict[str, Any], secret: str | None) -> int:
        """POST one update to the webhook URL with `secret` (None: no header); the status."""
        headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
        async with ClientSession(timeout=ClientTimeout(total=10), trust_env=False) as s:
            async with s.post(self.webhook["url"], json=update, headers=headers) as r:
                return r.status

    async def _deliver_webhooks(self) -> None:
        while True:
            async with self._changed:
                await self._changed.wait_for(lambda: bool(self.webhook.get("url")
                                                          and self.updates))
            update = self.updates[0]
            try:
                status = await self.post_webhook(update, self.webhook.get("secret_token"))
            except Exception:  # noqa: BLE001 - the bot is down: Telegram retries later
                status = 599
            self.webhook_statuses.append(status)
            if 200 <= status < 300:
                if self.updates and self.updates[0] is update:
                    self.updates.pop(0)
                self._notify()
            else:
                await asyncio.sleep(0.05)


class _ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        self.code, self.description = code, description


def _public(msg: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in msg.items() if not k.startswith("_")}


async def _params(request: web.Request) -> dict[str, Any]:
    """Bot API parameters from a JSON, urlencoded or multipart body (values JSON-decoded)."""
    if request.content_type == "application/json":
        return dict(await request.json())
    raw = dict(await request.post()) if request.can_read_body else dict(request.query)
    out: dict[str, Any] = {}
    for key, value in raw.items():
        value = value if isinstance(value, str) else str(value)
        if key in ("reply_markup", "allowed_updates", "link_preview_options", "entities"):
            value = json.loads(value)
        out[key] = value
    return out
