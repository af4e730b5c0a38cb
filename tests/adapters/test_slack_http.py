"""End to end over HTTP Events mode: requests signed like Slack's (v0 HMAC) hit Bolt's
aiohttp endpoint on 127.0.0.1; forged or stale signatures get 401 and nothing happens."""

import json
import time

import pytest

from adapters.memory import MemoryAdapter
from adapters.slack import SlackAdapter, SlackSettings
from bot.app import build
from bot.config import AdaptersConfig, Config, HandoffConfig, SlackConfig
from core.errors import ConfigError
from tests.adapters.fake_slack import (FakeSlack, SlackSigner, block_actions, clear_proxy_env,
                                       message_event, slash_command)

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SUPPORT = "CSUP"


@pytest.fixture
async def fake(monkeypatch):
    clear_proxy_env(monkeypatch)
    async with FakeSlack() as slack:
        yield slack


@pytest.fixture
async def shop(fake, tmp_path):
    config = Config(handoff=HandoffConfig(staff=["USTAFF"]))
    app = build(config, store_path=tmp_path / "shop.db")
    settings = SlackSettings(bot_token=fake.bot_token, signing_secret=SECRET, mode="http",
                             api_url=fake.api_url, support_channel=SUPPORT, port=0,
                             staff=("USTAFF",))
    slack = SlackAdapter(settings, app.engine, app.desk)
    await slack.listen()
    yield app, SlackSigner(f"http://127.0.0.1:{slack.port}/slack/events", SECRET)
    await slack.close()


def dm_replies(fake):
    return [m for m in fake.messages if m["channel"] == "DCUST"]


async def test_signed_event_is_acked_fast_and_answered_once_despite_retries(fake, shop):
    app, signer = shop
    envelope = message_event("hello", user="UCUST", channel="DCUST", event_id="Ev1")
    results = [await signer.event(envelope, retry_num=n) for n in (None, 1, 2)]
    assert [status for status, _, _ in results] == [200, 200, 200]
    assert max(elapsed for _, _, elapsed in results) < 3
    await fake.wait_for(lambda: dm_replies(fake))
    await fake.wait_for(lambda: app.store.unhandled() == [] and app.store.db["inbox"].count)
    assert len(dm_replies(fake)) == 1 and app.store.db["inbox"].count == 1


@pytest.mark.parametrize("how", ["forged", "stale", "wrong_secret"])
async def test_bad_signature_is_refused_and_nothing_is_processed(fake, shop, how):
    app, signer = shop
    envelope = message_event("hello", user="UCUST", channel="DCUST", event_id="EvBad")
    body = json.dumps(envelope)
    if how == "forged":
        status, _, _ = await signer.post(body, "application/json")
        headers_body = body.replace("hello", "transfer all the money")
        status, _, _ = await _post_with_headers(signer, headers_body, signer.headers(body))
    elif how == "stale":
        status, _, _ = await signer.event(envelope, timestamp=int(time.time()) - 600)
    else:
        status, _, _ = await signer.event(envelope, secret="not-the-secret")
    if how == "forged":  # the genuine request above went through; the forgery did not
        await fake.wait_for(lambda: dm_replies(fake))
        assert status == 401 and app.store.db["inbox"].count == 1
    else:
        assert status == 401
        assert app.store.db["inbox"].count == 0
        assert {c.method for c in fake.calls} == {"auth.test"}  # start-up only


async def _post_with_headers(signer, body, headers):
    from aiohttp import ClientSession

    async with ClientSession(trust_env=False) as session:
        async with session.post(signer.url, data=body.encode(),
                                headers={"Content-Type": "application/json", **headers}) as r:
            return r.status, await r.text(), 0.0


async def test_interactivity_and_slash_command_over_http(fake, shop):
    app, signer = shop
    customer = MemoryAdapter(app.engine)
    await customer.push("I want to talk to a human", chat_id="ann")
    [ticket] = await fake.wait_for(lambda: [m for m in fake.messages if m["channel"] == SUPPORT])
    ticket_id = app.desk.open_tickets()[0].id

    status, _, _ = await signer.interaction(block_actions(
        user="UOTHER", action_id="ticket_claim", value=ticket_id, channel=SUPPORT,
        message_ts=ticket["ts"]))
    assert status == 200
    [refusal] = await fake.wait_for(lambda: fake.calls_to("chat.postEphemeral"))
    assert refusal["user"] == "UOTHER"

    status, _, elapsed = await signer.interaction(block_actions(
        user="USTAFF", action_id="ticket_claim", value=ticket_id, channel=SUPPORT,
        message_ts=ticket["ts"]))
    assert status == 200 and elapsed < 3
    await fake.wait_for(lambda: "Claimed" in str(ticket["blocks"]))

    status, text, _ = await signer.command(slash_command("open", user="USTAFF"))
    assert status == 200 and "ann (memory) · human" in text  # plain text = ephemeral
    status, _, _ = await signer.command(slash_command("open", user="USTAFF"), secret="forged")
    assert status == 401


def test_settings_need_the_secrets_of_their_mode():
    http = Config(adapters=AdaptersConfig(slack=SlackConfig(mode="http", api_url="http://x")))
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        SlackSettings.from_config(http, env={"SLACK_BOT_TOKEN": "xoxb"})
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        SlackSettings.from_config(Config(), env={"SLACK_BOT_TOKEN": "xoxb"})
    settings = SlackSettings.from_config(http, env={"SLACK_BOT_TOKEN": "xoxb",
                                                    "SLACK_SIGNING_SECRET": "s"})
    assert settings.api_url == "http://x/" and settings.mode == "http"
    env = {"SLACK_BOT_TOKEN": "xoxb", "SLACK_SIGNING_SECRET": "s",
           "SLACK_API_URL": "http://proxy.example/api"}
    assert SlackSettings.from_config(http, env=env).api_url == "http://proxy.example/api/"


async def test_url_verification_challenge_is_answered(shop):
    _, signer = shop
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    status, text, _ = await signer.event({"type": "url_verification", "token": "t",
                                          "challenge": challenge})
    assert status == 200 and challenge in text
