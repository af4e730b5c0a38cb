"""Handoff state machine: transitions, who/when, triggers, reminders (pure, no store)."""

from datetime import datetime, timedelta, timezone

import pytest

from core.handoff import (HandoffError, Ticket, claim, close, conversation_state,
                          human_replied, one_line, open_ticket, remind, reminder_due)
from core.types import Incoming

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


def incoming(text="I want a person", **kw):
    return Incoming(platform=kw.pop("platform", "telegram"), chat_id="42", user_id="7",
                    message_id=kw.pop("message_id", "m1"), text=text, user_name="Ann", **kw)


def test_full_cycle_records_who_and_when():
    t = open_ticket("T1", incoming(), "human_agent", at=T0)
    assert conversation_state(None) == "bot"
    assert (conversation_state(t), t.conversation, t.customer_name) == \
        ("waiting", "telegram:42", "Ann")
    t = claim(t, "U_STAFF", at=T0 + timedelta(seconds=30))
    assert (conversation_state(t), t.claimed_by, t.claimed_at) == \
        ("human", "U_STAFF", T0 + timedelta(seconds=30))
    t = human_replied(t, "U_STAFF", at=T0 + timedelta(seconds=50))
    t = human_replied(t, "U_STAFF", at=T0 + timedelta(seconds=90))
    assert t.first_reply_at == T0 + timedelta(seconds=50)
    t = close(t, "U_STAFF", "resolved", at=T0 + timedelta(minutes=5))
    assert (conversation_state(t), t.closed_by, t.outcome, t.is_open) == \
        ("bot", "U_STAFF", "resolved", False)


def test_ticket_round_trips_through_dict():
    t = claim(open_ticket("T1", incoming(), "complaint", at=T0), "U1", at=T0)
    assert Ticket.from_dict(t.to_dict()) == t


def test_illegal_transitions_raise_a_clear_error():
    t = claim(open_ticket("T1", incoming(), "human_agent", at=T0), "U1")
    assert claim(t, "U1") is t  # double click
    with pytest.raises(HandoffError, match="already claimed by U1"):
        claim(t, "U2")
    closed = close(t, "U2", "returned")
    with pytest.raises(HandoffError, match="closed"):
        claim(closed, "U1")
    with pytest.raises(HandoffError, match="already closed"):
        close(closed, "U1", "resolved")
    with pytest.raises(HandoffError, match="claim ticket T1"):
        human_replied(open_ticket("T1", incoming(), "human_agent"), "U1")
    with pytest.raises(HandoffError, match="unknown handoff reason"):
        open_ticket("T2", incoming(), "bored")


def test_waiting_can_be_returned_to_the_bot_without_a_claim():
    t = close(open_ticket("T1", incoming(), "human_agent"), "U1", "returned")
    assert t.state == "bot" and t.claimed_by is None


def test_reminder_due_after_timeout_and_again_after_each_reminder():
    t = open_ticket("T1", incoming(), "human_agent", at=T0)
    assert not reminder_due(t, T0 + timedelta(seconds=59), 60)
    assert reminder_due(t, T0 + timedelta(seconds=60), 60)
    t = remind(t, at=T0 + timedelta(seconds=60))
    assert not reminder_due(t, T0 + timedelta(seconds=100), 60)
    assert reminder_due(t, T0 + timedelta(seconds=121), 60)
    assert not reminder_due(claim(t, "U1"), T0 + timedelta(hours=1), 60)


def test_one_line_summary():
    assert one_line("  my order\n\n never   arrived ") == "my order never arrived"
    assert len(one_line("x" * 500)) == 120


# -- the desk on a real store, driven through the memory adapter ----------------------------
class RecordingDesk:
    """A support desk that only records what it was told (stands in for Slack here)."""

    def __init__(self):
        self.events = []

    async def publish(self, event):
        self.events.append(event)
        return f"desk/{event.ticket.id}" if event.kind == "opened" else None

    def kinds(self):
        return [e.kind for e in self.events]


@pytest.fixture
def desk(app):
    recorder = RecordingDesk()
    app.desk.desks.append(recorder)
    return recorder


async def test_handoff_round_trip_through_the_desk(app, memory, desk):
    await memory.push("do you have trail running shoes?", chat_id="ann")
    (told,) = await memory.push("I want to talk to a human", chat_id="ann")
    assert told.kind == "handoff"
    [opened] = desk.events
    ticket = opened.ticket
    assert (opened.kind, ticket.state, ticket.reason, ticket.desk_ref) == \
        ("opened", "waiting", "human_agent", None)
    assert app.desk.get(ticket.id).desk_ref == f"desk/{ticket.id}"
    assert ticket.summary == "I want to talk to a human"
    assert [t.role for t in opened.transcript] == ["customer", "bot", "customer"]

    await app.desk.claim(ticket.id, "U_STAFF", "Maria")
    assert memory.replies_to("ann")[-1].text.startswith("Maria from our support team")
    assert await memory.push("my boots fell apart", chat_id="ann") == []  # bot silent
    assert desk.events[-1].kind == "customer_message"
    assert desk.events[-1].text == "my boots fell apart"

    assert await app.desk.staff_reply(ticket.id, "U_STAFF", "Sorry! Sending new ones.", "ev1")
    assert await app.desk.staff_reply(ticket.id, "U_STAFF", "Sorry! Sending new ones.",
                                      "ev1") is None  # redelivered: not relayed twice
    assert [r.text for r in memory.replies_to("ann")].count("Sorry! Sending new ones.") == 1
    assert app.desk.get(ticket.id).first_reply_at is not None

    closed = await app.desk.close(ticket.id, "U_STAFF", "resolved")
    assert (closed.state, closed.closed_by, closed.outcome) == ("bot", "U_STAFF", "resolved")
    assert "resolved" in memory.replies_to("ann")[-1].text
    (answer,) = await memory.push("hello", chat_id="ann")
    assert answer.kind == "greeting"
    assert desk.kinds() == ["opened", "claimed", "customer_message", "closed"]
    assert app.store.unhandled() == []  # the staff message is not a customer turn to replay


async def test_one_ticket_per_conversation_and_waiting_still_gets_answers(app, memory, desk):
    await memory.push("/human")
    (again,) = await memory.push("I want to talk to a human")
    # the ticket open: that a person has it (it said it had passed the conversation on)
    assert again.kind == "handoff_waiting" and app.store.db["handoffs"].count == 1
    (answer,) = await memory.push("hello")  # waiting: nobody owns it yet, the bot answers
    assert answer.kind == "handoff_waiting"  # that a person will (a greeting before)
    assert desk.kinds() == ["opened", "customer_message", "customer_message"]


async def test_the_customer_withdraws_a_request_no_one_has_claimed(app, memory, desk):
    await memory.push("I want to talk to someone")
    ticket = desk.events[0].ticket
    # it said a person would answer, and the ticket stayed open for someone to claim
    (done,) = await memory.push("never mind, I figured it out")
    assert done.kind == "handoff_withdrawn" and "no longer need them" in done.text
    closed = app.desk.get(ticket.id)
    assert (closed.state, closed.outcome, closed.closed_by) == ("bot", "withdrawn", "customer")
    assert desk.kinds() == ["opened", "customer_message", "closed"]
    with pytest.raises(HandoffError, match="closed"):
        await app.desk.claim(ticket.id, "U1")
    (hello,) = await memory.push("hello")  # the bot again, not "a person will answer"
    assert hello.kind == "greeting"
    (person,) = await memory.push("I want a person")  # a new request is a new ticket
    assert person.kind == "handoff" and app.store.db["handoffs"].count == 2
    # claimed, the words go to the person, who decides
    await app.desk.claim(desk.events[-1].ticket.id, "U1")
    assert await memory.push("never mind") == []
    assert app.desk.get(desk.events[-1].ticket.id).state == "human"


@pytest.mark.parametrize("text, withdraws", [
    ("never mind, I figured it out", True), ("no need anymore, thanks", True),
    ("I don't need a person anymore", True), ("ok we sorted it", True),
    ("cancel my request", True), ("it's solved", True), ("ok cancel that!", True),
    ("cancel that order", False),
    ("I need a person now", False), ("my zip is broken", False), ("hello?", False)])
def test_what_withdraws_a_request(text, withdraws):
    from core.routes_early import _WITHDRAWS

    assert bool(_WITHDRAWS.match(text)) is withdraws


async def test_staff_actions_need_the_right_state(app, memory, desk):
    await memory.push("/human")
    ticket = desk.events[0].ticket
    with pytest.raises(HandoffError, match="claim ticket"):
        await app.desk.staff_reply(ticket.id, "U1", "hi", "ev1")
    await app.desk.claim(ticket.id, "U1")
    with pytest.raises(HandoffError, match="already claimed by U1"):
        await app.desk.claim(ticket.id, "U2")
    await app.desk.close(ticket.id, "U2", "returned")
    with pytest.raises(HandoffError, match="already closed"):
        await app.desk.close(ticket.id, "U2", "resolved")
    with pytest.raises(HandoffError, match="no ticket 999"):
        await app.desk.claim("999", "U1")


async def test_complaint_trigger_can_be_switched_off(tmp_path):
    from adapters.memory import MemoryAdapter
    from bot.app import build
    from bot.config import Config, HandoffConfig

    app = build(Config(handoff=HandoffConfig(on_complaint=False)), store_path=tmp_path / "s.db")
    memory = MemoryAdapter(app.engine)
    (reply,) = await memory.push("this is unacceptable, worst shop ever")
    assert reply.kind != "handoff" and app.store.db["handoffs"].count == 0


async def test_unclaimed_ticket_reminds_customer_and_desk_once_per_timeout(app, memory, desk):
    clock = [T0]
    app.desk.clock = lambda: clock[0]
    await memory.push("/human")
    assert await app.desk.remind_due() == []
    clock[0] = T0 + timedelta(seconds=app.desk.claim_timeout_s)
    [reminded] = await app.desk.remind_due()
    assert reminded.reminded_at == clock[0]
    assert "busy" in memory.sent_replies()[-1].text and desk.kinds()[-1] == "reminder"
    assert await app.desk.remind_due() == []  # not again until another timeout passes


async def test_stats_open_tickets_and_find(app, memory, desk):
    clock = [datetime.now(timezone.utc)]
    app.desk.clock = lambda: clock[0]
    await memory.push("hello", chat_id="a")
    await memory.push("hello", chat_id="b")
    await memory.push("/human", chat_id="b")
    ticket = desk.events[0].ticket
    await app.desk.claim(ticket.id, "U1")
    clock[0] += timedelta(seconds=90)
    await app.desk.staff_reply(ticket.id, "U1", "hi", "ev1")
    stats = app.desk.stats()
    assert (stats.conversations, stats.escalations, stats.solved_without_human,
            stats.median_first_reply_s, stats.open_tickets) == (2, 1, 0.5, 90.0, 1)
    assert [t.id for t in app.desk.open_tickets()] == [ticket.id]
    assert [t.id for t in app.desk.find("memory:b")] == [ticket.id]
    assert app.desk.find("memory:a") == []


async def test_customer_notices_come_from_editable_prompt_files(tmp_path):
    import shutil

    from adapters.memory import MemoryAdapter
    from bot.app import build
    from bot.config import ROOT, Config, ShopConfig

    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    (prompts / "handoff_claimed.yaml").write_text(
        "description: x\nvariables: [name]\ntemplate: |\n  Hello, {name} here to help!\n")
    app = build(Config(shop=ShopConfig(prompts=str(prompts))), store_path=tmp_path / "s.db")
    memory = MemoryAdapter(app.engine)
    await memory.push("I want to talk to a human", chat_id="bo")
    (ticket,) = app.desk.open_tickets()
    await app.desk.claim(ticket.id, "U1", "Sam")
    assert memory.replies_to("bo")[-1].text == "Hello, Sam here to help!"


@pytest.mark.parametrize("again", ["actually yes please", "yes"])
async def test_a_request_withdrawn_is_taken_back_with_a_yes(app, memory, desk, again):
    await memory.push("can I speak to someone?")
    (done,) = await memory.push("never mind")
    assert [b.label for b in done.buttons] == ["Talk to a human"]  # the way back
    (back,) = await memory.push(again)  # small talk: the bot's spiel
    assert back.kind == "handoff" and app.store.db["handoffs"].count == 2
