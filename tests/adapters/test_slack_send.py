"""Sending through the real AsyncWebClient to the fake Web API: splitting, error mapping,
and the outbox keeping what Slack refused until recovery sends it."""

import pytest

from adapters.slack import SlackAdapter, SlackSettings
from core.errors import DeliveryError
from core.types import Address, Button, Reply
from tests.adapters.fake_slack import FakeSlack, clear_proxy_env

DM = Address("slack", "DCUST", "UCUST")


@pytest.fixture
async def fake(monkeypatch):
    clear_proxy_env(monkeypatch)
    async with FakeSlack() as slack:
        yield slack


@pytest.fixture
async def adapter(fake, app):
    slack = SlackAdapter(SlackSettings(bot_token=fake.bot_token, app_token=fake.app_token,
                                       api_url=fake.api_url), app.engine)
    yield slack
    await slack.close()


async def test_long_reply_is_split_into_messages_within_slack_limits(fake, adapter):
    text = "\n\n".join(f"**Part {i}** " + "word " * 500 for i in range(40))
    await adapter.send(DM, Reply(text, buttons=(Button("Talk to a human", "human"),)))
    posts = fake.calls_to("chat.postMessage")
    assert len(posts) >= 2
    blocks = [b for p in posts for b in p["blocks"]]
    assert all(len(p["blocks"]) <= 50 for p in posts)
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert sum(b["text"]["text"].count("*Part ") for b in blocks if b["type"] == "section") == 40
    assert blocks[-1]["type"] == "actions"  # buttons come last
    assert all(p["channel"] == "DCUST" for p in posts)


async def test_refusals_become_delivery_errors(fake, adapter):
    fake.fail("chat.postMessage", "channel_not_found")
    with pytest.raises(DeliveryError, match="channel_not_found") as refused:
        await adapter.send(DM, Reply("hi"))
    assert refused.value.retryable is False
    fake.rate_limit("chat.postMessage", times=4, retry_after=0)  # one more than we retry
    with pytest.raises(DeliveryError, match="ratelimited") as limited:
        await adapter.send(DM, Reply("hi"))
    assert limited.value.retryable is True and limited.value.retry_after == 0.0
    assert [c.status for c in fake.calls if c.method == "chat.postMessage"][-4:] == [429] * 4


async def test_outbox_keeps_a_refused_reply_until_recovery_sends_it(fake, adapter, app):
    fake.fail("chat.postMessage", "internal_error")
    assert await app.engine.deliver(DM, Reply("your parcel left")) is False
    assert len(app.store.undelivered()) == 1
    await app.engine.recover()
    assert app.store.undelivered() == []
    assert [m["text"] for m in fake.messages] == ["your parcel left"]
