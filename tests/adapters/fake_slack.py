"""A fake Slack on 127.0.0.1 that the real slack_sdk / slack-bolt clients talk to.

Three parts, each a few dozen lines, so tests exercise the real clients end to end and
never reach the network:

- `FakeSlack`: the Web API methods the adapter uses (auth.test, chat.postMessage,
  chat.update, chat.postEphemeral, conversations.replies, conversations.members,
  users.info, apps.connections.open). Every call is recorded (`calls`); `rate_limit()`
  makes the next N calls of a method answer 429 `ratelimited` with `Retry-After`, and
  `fail()` makes them answer ok=false with a given error.
- The same server is a Socket Mode endpoint: apps.connections.open hands out a ws:// URL
  on itself; on connect it says `hello`; `send_envelope()` pushes an envelope and
  `wait_ack()` returns the client's acknowledgement (with how long it took).
- `SlackSigner`: POSTs Events API, interactivity (`payload=`) and slash-command requests
  signed the way Slack signs them (v0 HMAC-SHA256 over `v0:{ts}:{body}`).

Payload builders (`message_event`, `block_actions`, `slash_command`) are shared by both
transports so a test reads the same whichever mode it drives.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, WSMsgType, web

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
              "all_proxy")


def clear_proxy_env(monkeypatch) -> None:
    """slack_sdk's AsyncWebClient ignores NO_PROXY: 127.0.0.1 must not go through a proxy."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str
    status: int
    at: float = field(default_factory=time.monotonic)


class FakeSlack:
    """Web API + Socket Mode server. Use `async with FakeSlack() as slack:`."""

    def __init__(self, *, bot_token: str = "xoxb-test", app_token: str = "xapp-test",
                 bot_user: str = "UBOT", team: str = "T1") -> None:
        self.bot_token, self.app_token = bot_token, app_token
        self.bot_user, self.team = bot_user, team
        self.calls: list[Call] = []
        self.messages: list[dict[str, Any]] = []  # every posted / updated message, by ts
        self.users: dict[str, dict[str, Any]] = {}
        self.members: dict[str, list[str]] = {}
        self.acks: dict[str, dict[str, Any]] = {}
        self._limits: dict[str, list[int]] = {}
        self._errors: dict[str, list[str]] = {}
        self._ts = itertools.count(1)
        self._env = itertools.count(1)
        self._ws: web.WebSocketResponse | None = None
        self._connected = asyncio.Event()
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------
    async def __aenter__(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()
        assert self._runner is not None
        await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    # -- test controls -----------------------------------------------------------
    def rate_limit(self, method: str, times: int = 1, retry_after: int = 0) -> None:
        """The next `times` calls of `method` answer HTTP 429 ratelimited."""
        self._limits[method] = [retry_after] * times

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """The next `times` calls of `method` answer ok=false with `error` (HTTP 200)."""
        self._errors[method] = [error] * times

    def add_user(self, user_id: str, name: str, *, bot: bool = False) -> None:
        self.users[user_id] = {"id": user_id, "name": name, "real_name": name.title(),
                               "is_bot": bot, "profile": {"display_name": name}}

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [c.args for c in self.calls if c.method == method and c.status == 200]

    def thread(self, channel: str, ts: str) -> list[dict[str, Any]]:
        return [m for m in self.messages
                if m["channel"] == channel and m.get("thread_ts") == ts]

    async def wait_for(self, predicate, timeout: float = 5.0) -> Any:
        """Wait until predicate() is truthy (checked after every API call); return it."""
        deadline = time.monotonic() + timeout
        while not (result := predicate()):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting; calls: {[c.method for c in self.calls]}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.05))
            except asyncio.TimeoutError:
                pass
        return result

    # -- Web API -----------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                args.update(await request.json())
            else:
                args.update(dict(await request.post()))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        token = token or str(args.pop("token", ""))
        if self._limits.get(method):
            retry_after = self._limits[method].pop(0)
            self._record(Call(method, args, token, 429))
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": str(retry_after)})
        if self._errors.get(method):
            self._record(Call(method, args, token, 200))
            return web.json_response({"ok": False, "error": self._errors[method].pop(0)})
        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        if token != expected:
            self._record(Call(method, args, token, 200))
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        body = handler(args) if handler else {"ok": False, "error": "unknown_method"}
        self._record(Call(method, args, token, 200))
        return web.json_response(body)

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._changed.set()

    def _new_ts(self) -> str:
        n = next(self._ts)
        return f"{1700000000 + n}.{n:06d}"

    def _m_auth_test(self, a: dict) -> dict:
        return {"ok": True, "url": "https://fake.slack/", "team": "Fake", "user": "shopbot",
                "team_id": self.team, "user_id": self.bot_user, "bot_id": "BBOT"}

    def _m_apps_connections_open(self, a: dict) -> dict:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link"}

    def _m_chat_postMessage(self, a: dict) -> dict:
        blocks = a.get("blocks")
        msg = {"channel": a["channel"], "ts": self._new_ts(), "text": a.get("text", ""),
               "blocks": json.loads(blocks) if isinstance(blocks, str) else blocks,
               "thread_ts": a.get("thread_ts"), "user": self.bot_user, "bot_id": "BBOT"}
        self.messages.append(msg)
        return {"ok": True, "channel": a["channel"], "ts": msg["ts"], "message": msg}

    def _m_chat_update(self, a: dict) -> dict:
        for msg in self.messages:
            if msg["channel"] == a["channel"] and msg["ts"] == a["ts"]:
                msg.update(text=a.get("text", msg["text"]), blocks=a.get("blocks"))
                return {"ok": True, "channel": a["channel"], "ts": a["ts"]}
        return {"ok": False, "error": "message_not_found"}

    def _m_chat_postEphemeral(self, a: dict) -> dict:
        return {"ok": True, "message_ts": self._new_ts()}

    def _m_conversations_replies(self, a: dict) -> dict:
        root = [m for m in self.messages if m["channel"] == a["channel"] and m["ts"] == a["ts"]]
        return {"ok": True, "messages": root + self.thread(a["channel"], a["ts"]),
                "has_more": False}

    def _m_conversations_members(self, a: dict) -> dict:
        return {"ok": True, "members": self.members.get(a["channel"], []),
                "response_metadata": {"next_cursor": ""}}

    def _m_users_info(self, a: dict) -> dict:
        user = self.users.get(a["user"])
        return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}

    # -- Socket Mode ---------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._ws = ws
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "connection_info": {"app_id": "A1"}, "debug_info": {"host": "fake"}})
        self._connected.set()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                data = json.loads(msg.data)
                if "envelope_id" in data:
                    data["_at"] = time.monotonic()
                    self.acks[data["envelope_id"]] = data
                    self._changed.set()
        return ws

    async def connected(self, timeout: float = 5.0) -> None:
        await asyncio.wait_for(self._connected.wait(), timeout)

    async def send_envelope(self, kind: str, payload: dict[str, Any], *,
                            retry_attempt: int = 0, retry_reason: str = "") -> tuple[str, float]:
        """Push one envelope (events_api | interactive | slash_commands); returns (id, sent_at)."""
        assert self._ws is not None, "no Socket Mode client connected"
        envelope_id = f"env-{next(self._env)}"
        sent = time.monotonic()
        await self._ws.send_json({"envelope_id": envelope_id, "type": kind, "payload": payload,
                                  "accepts_response_payload": kind != "events_api",
                                  "retry_attempt": retry_attempt, "retry_reason": retry_reason})
        return envelope_id, sent

    async def wait_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        return await self.wait_for(lambda: self.acks.get(envelope_id), timeout)


# -- payload builders (same shapes Slack sends over HTTP and Socket Mode) ------------------
def message_event(text: str, *, user: str, channel: str, event_id: str,
                  channel_type: str = "im", thread_ts: str | None = None,
                  ts: str | None = None, team: str = "T1") -> dict[str, Any]:
    ts = ts or f"{time.time():.6f}"
    event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
             "event_ts": ts, "channel_type": channel_type}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {"token": "verification", "team_id": team, "api_app_id": "A1", "event": event,
            "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}]}


def block_actions(*, user: str, action_id: str, value: str, channel: str,
                  message_ts: str, team: str = "T1") -> dict[str, Any]:
    return {"type": "block_actions", "user": {"id": user, "username": user, "team_id": team},
            "api_app_id": "A1", "token": "verification", "trigger_id": "trig",
            "team": {"id": team, "domain": "fake"},
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                          "is_ephemeral": False},
            "channel": {"id": channel, "name": "support"},
            "message": {"type": "message", "ts": message_ts, "text": "", "user": "UBOT"},
            "actions": [{"type": "button", "action_id": action_id, "block_id": "ticket",
                         "value": value, "action_ts": f"{time.time():.6f}"}]}


def slash_command(text: str, *, user: str, channel: str = "CSUP", team: str = "T1",
                  command: str = "/shopbot") -> dict[str, str]:
    return {"token": "verification", "team_id": team, "team_domain": "fake",
            "channel_id": channel, "channel_name": "support", "user_id": user,
            "user_name": user, "command": command, "text": text, "api_app_id": "A1",
            "response_url": "http://127.0.0.1:9/response", "trigger_id": "trig"}


class SlackSigner:
    """Sends HTTP requests to a Bolt endpoint the way Slack does, signed with `secret`."""

    def __init__(self, url: str, secret: str) -> None:
        self.url, self.secret = url, secret

    def headers(self, body: str, *, timestamp: int | None = None,
                secret: str | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        base = f"v0:{ts}:{body}".encode()
        digest = hmac.new((secret or self.secret).encode(), base, hashlib.sha256).hexdigest()
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}

    async def post(self, body: str, content_type: str, *, retry_num: int | None = None,
                   **sign: Any) -> tuple[int, str, float]:
        """POST a raw body; returns (status, text, seconds until the response)."""
        headers = {"Content-Type": content_type, **self.headers(body, **sign)}
        if retry_num:
            headers.update({"X-Slack-Retry-Num": str(retry_num),
                            "X-Slack-Retry-Reason": "http_timeout"})
        start = time.monotonic()
        async with ClientSession(trust_env=False) as session:
            async with session.post(self.url, data=body.encode(), headers=headers) as resp:
                return resp.status, await resp.text(), time.monotonic() - start

    async def event(self, envelope: dict[str, Any], **kw: Any) -> tuple[int, str, float]:
        return await self.post(json.dumps(envelope), "application/json", **kw)

    async def interaction(self, payload: dict[str, Any], **kw: Any) -> tuple[int, str, float]:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded", **kw)

    async def command(self, fields: dict[str, str], **kw: Any) -> tuple[int, str, float]:
        return await self.post(urllib.parse.urlencode(fields),
                               "application/x-www-form-urlencoded", **kw)


__all__ = ["FakeSlack", "SlackSigner", "clear_proxy_env", "message_event", "block_actions",
           "slash_command"]
