"""End to end over Socket Mode: the real slack-bolt / slack_sdk clients against the fake
Slack on 127.0.0.1, the real engine and store, a customer on the memory adapter or in a
Slack DM, and staff working the ticket in the support channel."""

import asyncio
import time

import pytest

from adapters.memory import MemoryAdapter
from adapters.slack import SlackAdapter
from bot.app import build
from bot.config import AdaptersConfig, Config, HandoffConfig, SlackConfig
from tests.adapters.fake_slack import (FakeSlack, block_actions, clear_proxy_env,
                                       message_event, slash_command)

SUPPORT = "CSUP"
STAFF = "USTAFF"


@pytest.fixture
async def fake(monkeypatch):
    clear_proxy_env(monkeypatch)
    async with FakeSlack() as slack:
        slack.add_user(STAFF, "maria")
        slack.add_user("UCUST", "ann")
        yield slack


@pytest.fixture
async def shop(fake, tmp_path, monkeypatch):
    """The demo shop wired with the Slack adapter in Socket Mode (config + env, as in prod)."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake.bot_token)
    monkeypatch.setenv("SLACK_APP_TOKEN", fake.app_token)
    monkeypatch.setenv("SLACK_API_URL", fake.api_url)
    config = Config(adapters=AdaptersConfig(slack=SlackConfig(
                        enabled=True, mode="socket", support_channel=SUPPORT)),
                    handoff=HandoffConfig(staff=[STAFF]))
    app = build(config, store_path=tmp_path / "shop.db")
    slack = SlackAdapter.from_config(config, app.engine)
    await slack.listen()
    await fake.connected()
    yield app, slack
    await slack.close()


def tickets(fake):
    return [m for m in fake.messages if m["channel"] == SUPPORT and not m["thread_ts"]]


async def click(fake, user, action_id, ticket_msg):
    value = next(e["value"] for b in ticket_msg["blocks"] if b["type"] == "actions"
                 for e in b["elements"] if e["action_id"] == action_id)
    env, _ = await fake.send_envelope("interactive", block_actions(
        user=user, action_id=action_id, value=value, channel=SUPPORT,
        message_ts=ticket_msg["ts"]))
    return await fake.wait_ack(env)


async def staff_says(fake, text, ticket_msg, event_id, user=STAFF):
    env, _ = await fake.send_envelope("events_api", message_event(
        text, user=user, channel=SUPPORT, channel_type="channel",
        thread_ts=ticket_msg["ts"], event_id=event_id))
    await fake.wait_ack(env)


async def test_memory_customer_handed_to_staff_and_back(fake, shop):
    app, _ = shop
    customer = MemoryAdapter(app.engine)
    await customer.push("do you have trail running shoes?", chat_id="ann")
    (told,) = await customer.push("I want to talk to a human", chat_id="ann")
    assert told.kind == "handoff"

    [ticket] = await fake.wait_for(lambda: tickets(fake))
    shown = str(ticket["blocks"])
    assert "memory" in shown and "I want to talk to a human" in shown
    assert "trail running shoes" in shown  # the transcript
    assert [e["text"]["text"] for b in ticket["blocks"] if b["type"] == "actions"
            for e in b["elements"]] == ["Claim", "Resolve", "Return to bot"]

    await click(fake, STAFF, "ticket_claim", ticket)
    await fake.wait_for(lambda: "Claimed" in str(ticket["blocks"]))
    assert "trail running shoes" in str(ticket["blocks"])  # transcript kept on update
    await fake.wait_for(lambda: any("maria from" in r.text.lower()
                                    for r in customer.replies_to("ann")))

    await staff_says(fake, "Hi Ann, *which* size?", ticket, "EvS1")
    await fake.wait_for(lambda: customer.replies_to("ann")[-1].text == "Hi Ann, **which** size?")
    await staff_says(fake, "note: VIP customer", ticket, "EvS2")

    assert await customer.push("size 44 please", chat_id="ann") == []  # bot stays silent
    thread = await fake.wait_for(lambda: [m["text"] for m in fake.thread(SUPPORT, ticket["ts"])
                                          if "size 44" in m["text"]])
    assert thread == ["*Customer:* size 44 please"]

    await click(fake, STAFF, "ticket_resolve", ticket)
    await fake.wait_for(lambda: "Resolved" in str(ticket["blocks"]))
    await fake.wait_for(lambda: "resolved" in customer.replies_to("ann")[-1].text)
    assert not [b for b in ticket["blocks"] if b["type"] == "actions"]
    (answer,) = await customer.push("hello", chat_id="ann")
    assert answer.kind == "greeting"
    assert not [r for r in customer.replies_to("ann") if "VIP" in r.text]  # the note stayed


async def test_a_request_the_customer_withdraws_leaves_nothing_to_claim(fake, shop):
    app, _ = shop
    customer = MemoryAdapter(app.engine)
    await customer.push("I want to talk to someone", chat_id="bea")
    [ticket] = await fake.wait_for(lambda: tickets(fake))
    # the ticket stayed open for staff to claim, and the customer was told to wait
    (done,) = await customer.push("never mind, I figured it out", chat_id="bea")
    assert done.kind == "handoff_withdrawn"
    await fake.wait_for(lambda: "Withdrawn" in str(ticket["blocks"]))
    assert not [b for b in ticket["blocks"] if b["type"] == "actions"]  # no Claim button
    note = await fake.wait_for(lambda: [m["text"] for m in fake.thread(SUPPORT, ticket["ts"])
                                        if "withdrew" in m["text"]])
    assert note == ["The customer no longer needs a person and withdrew this ticket. The bot "
                    "answers again."]


async def test_slack_dm_customer_sees_staff_replies_and_no_bot_talk(fake, shop):
    app, _ = shop
    env, _ = await fake.send_envelope("events_api", message_event(
        "/human", user="UCUST", channel="DCUST", event_id="Ev1"))
    await fake.wait_ack(env)
    [ticket] = await fake.wait_for(lambda: tickets(fake))
    assert "ann" in str(ticket["blocks"]) and "slack" in str(ticket["blocks"])
    await click(fake, STAFF, "ticket_claim", ticket)
    to_customer = lambda: [m["text"] for m in fake.messages if m["channel"] == "DCUST"]  # noqa
    await fake.wait_for(lambda: len(to_customer()) == 2)  # handoff notice + "joined"
    await fake.wait_for(lambda: any("claimed this ticket" in m["text"]
                                    for m in fake.thread(SUPPORT, ticket["ts"])))

    env, _ = await fake.send_envelope("events_api", message_event(
        "where are my boots?", user="UCUST", channel="DCUST", event_id="Ev2"))
    await fake.wait_ack(env)
    await fake.wait_for(lambda: any("boots" in m["text"]
                                    for m in fake.thread(SUPPORT, ticket["ts"])))
    await staff_says(fake, "They ship tomorrow <https://track.example/1|tracking>", ticket, "E3")
    await fake.wait_for(lambda: len(to_customer()) == 3)
    assert to_customer()[-1] == "They ship tomorrow <https://track.example/1|tracking>"
    assert app.store.db["handoffs"].get(1)["first_reply_at"]

    fake.fail("chat.postMessage", "is_archived")  # the relay to the customer is refused
    await staff_says(fake, "Anything else?", ticket, "E4")
    warning = await fake.wait_for(lambda: [m["text"] for m in fake.thread(SUPPORT, ticket["ts"])
                                           if "did not reach" in m["text"]])
    assert "Anything else?" in warning[0]
    [row] = app.store.db["outbox"].rows_where("last_error IS NOT NULL")
    assert "is_archived" in row["last_error"]


class SlowComposer:
    """Stands in for a slow language model: the reply takes `delay` seconds to write."""

    def __init__(self, inner, delay):
        self.inner, self.delay = inner, delay

    async def compose(self, kind, facts, history):
        await asyncio.sleep(self.delay)
        return self.inner.compose(kind, facts, history)


async def test_ack_comes_before_slow_work_and_redeliveries_give_one_reply(fake, shop):
    app, _ = shop
    app.engine.turns.composer = SlowComposer(app.engine.turns.composer, 0.6)
    payload = message_event("hello", user="UCUST", channel="DCUST", event_id="EvSame")
    sent = [await fake.send_envelope("events_api", payload, retry_attempt=n,
                                     retry_reason="timeout" if n else "") for n in range(3)]
    acks = [await fake.wait_ack(env) for env, _ in sent]
    assert max(ack["_at"] - at for ack, (_, at) in zip(acks, sent)) < 0.5  # long before 3 s
    replies = lambda: [m for m in fake.messages if m["channel"] == "DCUST"]  # noqa: E731
    await fake.wait_for(replies)
    await asyncio.sleep(0.8)  # time for any duplicate to have been answered too
    assert len(replies()) == 1 and "Trailhead" in replies()[0]["text"]
    assert app.store.db["inbox"].count == 1


async def test_non_staff_click_is_refused_and_changes_nothing(fake, shop):
    app, _ = shop
    customer = MemoryAdapter(app.engine)
    await customer.push("/human")
    [ticket] = await fake.wait_for(lambda: tickets(fake))
    await click(fake, "UINTRUDER", "ticket_claim", ticket)
    [refusal] = await fake.wait_for(lambda: fake.calls_to("chat.postEphemeral"))
    assert refusal["user"] == "UINTRUDER" and "Only support staff" in refusal["text"]
    assert app.desk.open_tickets()[0].state == "waiting"
    await staff_says(fake, "hi there", ticket, "EvX", user="UINTRUDER")
    await fake.wait_for(lambda: len(fake.calls_to("chat.postEphemeral")) == 2)
    assert not [r for r in customer.sent_replies() if r.text == "hi there"]


async def test_channel_members_are_staff_and_reply_before_claim_is_refused(fake, shop):
    app, _ = shop
    fake.members[SUPPORT] = ["UMEMBER"]
    customer = MemoryAdapter(app.engine)
    await customer.push("/human")
    [ticket] = await fake.wait_for(lambda: tickets(fake))
    await staff_says(fake, "hello?", ticket, "EvEarly", user="UMEMBER")
    [warning] = await fake.wait_for(lambda: fake.calls_to("chat.postEphemeral"))
    assert "claim ticket" in warning["text"] and "did not reach" in warning["text"]
    await click(fake, "UMEMBER", "ticket_claim", ticket)
    await fake.wait_for(lambda: "Claimed" in str(ticket["blocks"]))
    assert app.desk.open_tickets()[0].claimed_by == "UMEMBER"


async def test_rate_limited_reply_is_retried_after_retry_after(fake, shop):
    fake.rate_limit("chat.postMessage", times=1, retry_after=0)
    started = time.monotonic()
    env, _ = await fake.send_envelope("events_api", message_event(
        "hello", user="UCUST", channel="DCUST", event_id="Ev429"))
    await fake.wait_ack(env)
    await fake.wait_for(lambda: fake.calls_to("chat.postMessage"), timeout=5)
    statuses = [c.status for c in fake.calls if c.method == "chat.postMessage"]
    assert statuses == [429, 200] and time.monotonic() - started < 3


async def test_shopbot_command_for_staff_only(fake, shop):
    app, _ = shop
    customer = MemoryAdapter(app.engine)
    await customer.push("hello", chat_id="bob")
    await customer.push("/human", chat_id="bob")
    await fake.wait_for(lambda: tickets(fake))

    async def command(text, user=STAFF):
        env, _ = await fake.send_envelope("slash_commands", slash_command(text, user=user))
        return (await fake.wait_ack(env))["payload"]["text"]

    assert "Only support staff" in await command("open", user="UINTRUDER")
    assert "*1* bob (memory) · waiting" in await command("open")
    stats = await command("stats")
    assert "Conversations: 1" in stats and "Escalations: 1" in stats
    assert "Solved without a human: 0%" in stats
    assert "*1* bob" in await command("find memory:bob")
    assert await command("find nobody") == "No tickets."
    assert "Usage" in await command("")


async def test_unclaimed_ticket_is_repinged_and_the_customer_told(fake, shop):
    from datetime import datetime, timedelta, timezone

    app, _ = shop
    customer = MemoryAdapter(app.engine)
    await customer.push("/human")
    [ticket] = await fake.wait_for(lambda: tickets(fake))
    later = datetime.now(timezone.utc) + timedelta(seconds=app.desk.claim_timeout_s + 1)
    app.desk.clock = lambda: later
    assert len(await app.desk.remind_due()) == 1
    [ping] = fake.thread(SUPPORT, ticket["ts"])
    assert ping["text"].startswith("<!here>") and "still waiting" in ping["text"]
    assert fake.calls_to("chat.postMessage")[-1]["reply_broadcast"] is True
    assert "busy" in customer.sent_replies()[-1].text
