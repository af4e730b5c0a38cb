"""End to end: fake Telegram (HTTP on 127.0.0.1) -> real python-telegram-bot client ->
TelegramAdapter -> the real engine on a SQLite file (demo shop, no LM) -> fake Telegram.

Nothing of ours is mocked; the fake checks what Telegram checks (HTML, lengths, 64-byte
callback data), so a malformed reply fails the test with a 400."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.telegram import TelegramAdapter, TelegramConflictError, TelegramSettings
from bot.app import build
from bot.commands.run import serve
from bot.config import Config
from core.errors import ConfigError
from core.types import Address, Button, ProductCard, Reply
from tests.adapters.fake_telegram import TOKEN, FakeTelegram, parse_html

CHAT, OTHER = 4242, 5151


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as f:
        yield f


def settings(fake: FakeTelegram, **kw) -> TelegramSettings:
    base = dict(token=TOKEN, api_url=fake.url, poll_timeout=1, backoff=0.01, max_backoff=0.05,
                edit_interval=0.3, typing_interval=0.5,
                typing_delay=0.0)
    return TelegramSettings(**{**base, **kw})


@contextlib.asynccontextmanager
async def running(adapter: TelegramAdapter, fake: FakeTelegram):
    """Run the adapter until the block ends (cancel = what a shutdown or a kill does)."""
    task = asyncio.create_task(adapter.run())
    ready = "setWebhook" if adapter.s.mode == "webhook" else "getUpdates"
    await fake.wait_for(lambda: task.done() or any(c.method == ready for c in fake.calls))
    while adapter.s.mode == "webhook" and not task.done() and adapter.webhook_port is None:
        await asyncio.sleep(0.01)  # the webhook server is starting
    if task.done():
        task.result()  # raise the startup error
    try:
        yield task
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def replies(fake: FakeTelegram, chat: int) -> list[str]:
    return [c.params.get("text") or c.params.get("caption", "")
            for c in fake.sent(chat) if c.method in ("sendMessage", "sendPhoto")]


def buttons(fake: FakeTelegram, chat: int) -> dict[str, str]:
    out = {}
    for c in fake.sent(chat):
        for row in (c.params.get("reply_markup") or {}).get("inline_keyboard", []):
            out.update({b["text"]: b["callback_data"] for b in row})
    return out


async def settle(fake: FakeTelegram, quiet: float = 0.25) -> None:
    """Wait until the bot has sent nothing for `quiet` seconds (a turn fully delivered)."""
    while True:
        seen = len(fake.calls)
        await asyncio.sleep(quiet)
        if len(fake.calls) == seen or all(c.method == "getUpdates" for c in fake.calls[seen:]):
            return


async def count_after(fake: FakeTelegram, chat: int, n: int, settle: float = 0.3) -> int:
    """Wait for at least `n` replies, then a little longer to catch any extra one."""
    await fake.wait_for(lambda: len(replies(fake, chat)) >= n)
    await asyncio.sleep(settle)
    return len(replies(fake, chat))


# ---------------------------------------------------------------- conversations

async def test_customer_asks_presses_a_button_and_follows_up(app, fake) -> None:
    adapter = TelegramAdapter(app.engine, settings(fake))
    async with running(adapter, fake):
        fake.send_text(CHAT, "do you have waterproof hiking boots?")
        await fake.wait_for(lambda: "Details" in buttons(fake, CHAT))
        await settle(fake)
        assert any(c.method == "sendPhoto" for c in fake.sent(CHAT))  # cards with images
        assert any(c.method == "sendChatAction" and c.params["action"] == "typing"
                   for c in fake.calls)
        shown = len(replies(fake, CHAT))
        fake.press(CHAT, buttons(fake, CHAT)["Details"])
        await fake.wait_for(lambda: any(c.method == "answerCallbackQuery" for c in fake.calls))
        await fake.wait_for(lambda: len(replies(fake, CHAT)) > shown)
        await settle(fake)
        shown = len(replies(fake, CHAT))
        fake.send_text(CHAT, "is it waterproof?")
        await fake.wait_for(lambda: len(replies(fake, CHAT)) > shown)
    assert all(c.status == 200 for c in fake.sent(CHAT))


async def test_commands_and_unsupported_content(app, fake) -> None:
    adapter = TelegramAdapter(app.engine, settings(fake))
    async with running(adapter, fake):
        fake.send_text(CHAT, "/start")
        await fake.wait_for(lambda: len(replies(fake, CHAT)) == 1)
        fake.send_text(CHAT, None, sticker={"file_id": "s", "file_unique_id": "u", "width": 1,
                                            "height": 1, "is_animated": False,
                                            "is_video": False, "type": "regular"})
        await fake.wait_for(lambda: len(replies(fake, CHAT)) == 2)
    assert "text" in parse_html(replies(fake, CHAT)[1]).lower()


async def test_the_greeting_names_the_customer_by_their_telegram_first_name(app, fake) -> None:
    adapter = TelegramAdapter(app.engine, settings(fake))
    async with running(adapter, fake):
        fake.send_text(CHAT, "hello")
        await fake.wait_for(lambda: replies(fake, CHAT))
    assert parse_html(replies(fake, CHAT)[0]).startswith(f"Hi Customer{CHAT}! I'm the assistant")


async def test_group_chat_answers_only_when_addressed(app, fake) -> None:
    adapter = TelegramAdapter(app.engine, settings(fake))
    async with running(adapter, fake):
        fake.send_text(-100, "who wants pizza?", chat_type="supergroup", user_id=7)
        fake.send_text(-100, "@shop_test_bot do you sell hiking boots?", chat_type="supergroup",
                       user_id=7)
        await fake.wait_for(lambda: replies(fake, -100))
        await settle(fake)
    rows = app.store.db.execute("SELECT incoming FROM inbox").fetchall()
    assert len(rows) == 1 and "do you sell hiking boots?" in rows[0][0]


# ---------------------------------------------------------------- reliability

async def test_same_update_twice_is_answered_once(app, fake) -> None:
    from telegram import Update

    adapter = TelegramAdapter(app.engine, settings(fake))
    async with running(adapter, fake):
        raw = fake.text_update(CHAT, "hello")
        update = Update.de_json(raw, adapter.bot)
        assert await adapter.accept(update) is True
        assert await adapter.accept(update) is False
        assert await count_after(fake, CHAT, 1) == 1


async def test_offset_confirms_only_updates_already_in_the_inbox(app, fake) -> None:
    stored = lambda: {int(r[0]) for r in app.store.db.execute(  # noqa: E731
        "SELECT message_id FROM inbox WHERE platform = 'telegram'").fetchall()}
    pushed: list[int] = []
    violations: list[int] = []

    def check(call) -> None:  # runs inside the fake as each getUpdates arrives
        offset = int(call.params.get("offset") or 0)
        if call.method == "getUpdates" and offset:
            violations.extend(u for u in pushed if u < offset and u not in stored())

    fake.on_request.append(check)
    adapter = TelegramAdapter(app.engine, settings(fake))
    async with running(adapter, fake):
        for i in range(12):
            pushed.append(fake.send_text(CHAT + i % 3, f"hello {i}"))
        await fake.wait_for(lambda: any(int(c.params.get("offset") or 0) > pushed[-1]
                                        for c in fake.calls if c.method == "getUpdates"))
    assert violations == [] and set(pushed) <= stored()


async def test_killed_mid_conversation_and_restarted(tmp_path: Path, fake) -> None:
    db = tmp_path / "crash.db"
    first = build(Config(), store_path=db)
    release = fake.stall("sendMessage", CHAT)
    adapter = TelegramAdapter(first.engine, settings(fake))
    async with running(adapter, fake):
        a = fake.send_text(CHAT, "hello")
        b = fake.send_text(CHAT, "what is your returns policy?")
        # first reply is in flight (held), second message accepted and waiting its turn
        await fake.wait_for(lambda: any(c.status == 0 for c in fake.calls) and any(
            c.method == "getUpdates" and int(c.params.get("offset") or 0) > b
            for c in fake.calls))
    # killed: the held reply never reached the chat
    release.set()
    await asyncio.sleep(0.1)
    assert replies(fake, CHAT) == []

    again = build(Config(), store_path=db, sync_data=False)
    adapter = TelegramAdapter(again.engine, settings(fake))
    fake.send_text(CHAT, "thanks!")  # a new message after the restart
    restarted = asyncio.create_task(serve(again.engine, [adapter]))  # what `shopbot run` does
    await fake.wait_for(lambda: len(replies(fake, CHAT)) >= 3)
    await settle(fake)
    restarted.cancel()
    await asyncio.gather(restarted, return_exceptions=True)
    shown = fake.texts(CHAT)
    assert len(shown) == 3 and len(set(shown)) == 3, shown  # each answered once
    db_rows = again.store.db.execute(
        "SELECT count(*), count(handled_at) FROM inbox").fetchone()
    assert tuple(db_rows) == (3, 3)
    assert again.store.db.execute(
        "SELECT count(*) FROM outbox WHERE delivered_at IS NULL").fetchone()[0] == 0
    assert a < b


async def test_flood_control_on_one_chat_does_not_stall_another(app, fake) -> None:
    fake.fail("sendMessage", code=429, retry_after=1, chat_id=CHAT)
    adapter = TelegramAdapter(app.engine, settings(fake))
    async with running(adapter, fake):
        fake.send_text(CHAT, "hello")
        await fake.wait_for(lambda: any(c.status == 429 for c in fake.calls))
        limited_at = time.monotonic()
        fake.send_text(OTHER, "hello")
        await fake.wait_for(lambda: replies(fake, OTHER))
        other_after = time.monotonic() - limited_at
        await fake.wait_for(lambda: replies(fake, CHAT))
        chat_after = time.monotonic() - limited_at
    assert other_after < 0.8 <= chat_after  # only the limited chat waited retry_after


async def test_network_errors_are_retried(app, fake) -> None:
    fake.fail("sendMessage", code=502, times=2, description="Bad Gateway")
    adapter = TelegramAdapter(app.engine, settings(fake))
    async with running(adapter, fake):
        fake.send_text(CHAT, "hello")
        assert await count_after(fake, CHAT, 1) == 1
    assert [c.status for c in fake.calls if c.method == "sendMessage"] == [502, 502, 200]


async def test_a_reply_that_cannot_get_through_stays_in_the_outbox(app, fake, caplog) -> None:
    fake.fail("sendMessage", code=500, times=3, description="Internal Server Error")
    adapter = TelegramAdapter(app.engine, settings(fake, attempts=3))
    to = Address("telegram", str(CHAT))
    async with running(adapter, fake):
        assert await app.engine.deliver(to, Reply("Your order shipped.")) is False
        assert "retry 2" in caplog.text  # each failed attempt is logged
        assert app.store.undelivered() and fake.texts(CHAT) == []
        await app.engine.recover()  # what the next start does
    assert fake.texts(CHAT) == ["Your order shipped."] and not app.store.undelivered()


async def test_blocked_by_the_customer_is_not_retried(app, fake) -> None:
    fake.fail("sendMessage", code=403, description="Forbidden: bot was blocked by the user")
    adapter = TelegramAdapter(app.engine, settings(fake))
    async with running(adapter, fake):
        await app.engine.deliver(Address("telegram", str(CHAT)), Reply("hi"))
    assert [c.status for c in fake.calls if c.method == "sendMessage"] == [403]


async def test_refused_photo_falls_back_to_a_text_card(app, fake) -> None:
    fake.fail("sendPhoto", code=400, description="Bad Request: wrong file identifier/HTTP URL "
                                                 "specified")
    adapter = TelegramAdapter(app.engine, settings(fake))
    card = ProductCard("P1", "Boot", "9.00", "EUR", True, image_url="https://img.example/x.jpg",
                       buttons=(Button("Details", "details:P1"),))
    async with running(adapter, fake):
        assert await app.engine.deliver(Address("telegram", str(CHAT)), Reply("", cards=(card,)))
    assert [c.method for c in fake.sent(CHAT)] == ["sendMessage"]
    assert buttons(fake, CHAT) == {"Details": "details:P1"}


# ---------------------------------------------------------------- rendering on the wire

async def test_ten_thousand_character_reply_arrives_split_and_well_formed(app, fake) -> None:
    text = "\n\n".join(f"**Part {i}** — " + "trail & <mud> " * 40 for i in range(20))
    assert len(text) > 10_000
    adapter = TelegramAdapter(app.engine, settings(fake))
    async with running(adapter, fake):
        assert await app.engine.deliver(Address("telegram", str(CHAT)), Reply(text))
    visible = fake.texts(CHAT)
    assert len(visible) >= 3 and all(len(v) <= 4096 for v in visible)
    assert all(v.startswith("Part ") for v in visible)  # cut on paragraph boundaries
    assert sum(v.count("Part ") for v in visible) == 20 and "<mud>" in visible[0]


async def test_hostile_text_renders_safely(app, fake) -> None:
    adapter = TelegramAdapter(app.engine, settings(fake))
    hostile = "<b>free</b> & *unmatched _stars and `<script>`"
    async with running(adapter, fake):
        assert await app.engine.deliver(Address("telegram", str(CHAT)), Reply(hostile))
    assert fake.texts(CHAT) == ["<b>free</b> & *unmatched _stars and <script>"]


async def test_long_button_payload_goes_through_the_store(app, fake) -> None:
    payload = "details:" + "P1001-" * 20
    adapter = TelegramAdapter(app.engine, settings(fake))
    async with running(adapter, fake):
        await app.engine.deliver(Address("telegram", str(CHAT)),
                                 Reply("Pick one", buttons=(Button("Details", payload),)))
        data = buttons(fake, CHAT)["Details"]
        assert len(data.encode()) <= 64 and data != payload
        fake.press(CHAT, data)
        await fake.wait_for(lambda: len(replies(fake, CHAT)) == 2)
        fake.press(CHAT, "~no-such-key")
        await fake.wait_for(lambda: len(replies(fake, CHAT)) == 3)
    rows = app.store.db.execute("SELECT incoming FROM inbox").fetchall()
    assert any(payload in r[0] for r in rows)
    assert "expired" in replies(fake, CHAT)[-1]


async def test_streaming_edits_at_most_once_per_interval(app, fake) -> None:
    adapter = TelegramAdapter(app.engine, settings(fake, edit_interval=0.25))

    async def words() -> AsyncIterator[str]:
        for i in range(30):
            await asyncio.sleep(0.03)
            yield f"word{i} "

    fake.fail("editMessageText", code=400, description="Bad Request: message is not modified")
    async with running(adapter, fake):
        await adapter.stream(Address("telegram", str(CHAT)), words())
    edits = [c.at for c in fake.calls if c.method == "editMessageText"]
    assert [c.method for c in fake.sent(CHAT)][0] == "sendMessage"
    assert 2 <= len(edits) <= 6
    assert all(b - a >= 0.2 for a, b in zip(edits, edits[1:]))
    assert fake.texts(CHAT) == [" ".join(f"word{i}" for i in range(30))]


# ---------------------------------------------------------------- webhook

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_webhook_good_wrong_and_missing_secret(app, fake) -> None:
    port = free_port()
    adapter = TelegramAdapter(app.engine, settings(
        fake, mode="webhook", listen="127.0.0.1", port=port, secret="s3cret",
        public_url=f"http://127.0.0.1:{port}/telegram/hook"))
    async with running(adapter, fake):
        assert fake.webhook == {"url": f"http://127.0.0.1:{port}/telegram/hook",
                                "secret_token": "s3cret", "allowed_updates": ["message",
                                                                              "callback_query"]}
        fake.send_text(CHAT, "hello")  # delivered by the fake with the right secret
        await fake.wait_for(lambda: len(replies(fake, CHAT)) == 1)
        inbox = app.store.db.execute("SELECT count(*) FROM inbox").fetchone()[0]
        assert await fake.post_webhook(fake.text_update(OTHER, "hi"), "wrong") == 403
        assert await fake.post_webhook(fake.text_update(OTHER, "hi"), None) == 403
        same = fake.text_update(OTHER, "hello")
        assert await fake.post_webhook(same, "s3cret") == 200
        assert await fake.post_webhook(same, "s3cret") == 200  # redelivery: deduped
        assert await count_after(fake, OTHER, 1) == 1
    assert app.store.db.execute("SELECT count(*) FROM inbox").fetchone()[0] == inbox + 1


async def test_polling_startup_deletes_the_webhook(app, fake) -> None:
    fake.webhook = {"url": "https://old.example/hook"}
    adapter = TelegramAdapter(app.engine, settings(fake))
    async with running(adapter, fake):
        assert fake.webhook == {}


# ---------------------------------------------------------------- startup errors

async def test_rejected_token_is_a_config_error(app, fake) -> None:
    adapter = TelegramAdapter(app.engine, settings(fake, token="123:wrong"))
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        await adapter.run()


def test_missing_token_and_webhook_secret_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        TelegramSettings.from_config(Config().adapters.telegram, env={})
    section = Config().adapters.telegram.model_copy(update={
        "mode": "webhook", "public_url": "https://shop.example/tg"})
    with pytest.raises(ConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        TelegramSettings.from_config(section, env={"TELEGRAM_BOT_TOKEN": "1:x"})
    s = TelegramSettings.from_config(section, env={
        "TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_SECRET": "s",
        "TELEGRAM_API_URL": "http://127.0.0.1:9/"})
    assert (s.mode, s.api_url, s.public_url) == ("webhook", "http://127.0.0.1:9",
                                                 "https://shop.example/tg")


async def test_second_poller_is_reported_clearly(app, fake) -> None:
    first = TelegramAdapter(app.engine, settings(fake))
    async with running(first, fake) as task:
        second = TelegramAdapter(build(Config(), store_path=":memory:",
                                       sync_data=False).engine, settings(fake))
        async with running(second, fake):
            with pytest.raises(TelegramConflictError, match="only one shopbot per token"):
                await asyncio.wait_for(task, 5)


def test_shopbot_run_reports_configuration_problems(tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from bot.cli import cli

    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    cfg = tmp_path / "config.yaml"
    cfg.write_text("store:\n  path: " + str(tmp_path / "s.db") + "\n")
    result = CliRunner().invoke(cli, ["--config", str(cfg), "run"])
    assert result.exit_code == 1 and "no adapter is enabled" in result.output
    cfg.write_text(cfg.read_text() + "adapters:\n  telegram:\n    enabled: true\n")
    result = CliRunner().invoke(cli, ["--config", str(cfg), "run"])
    assert result.exit_code == 1 and "TELEGRAM_BOT_TOKEN" in result.output
    assert "Traceback" not in result.output
