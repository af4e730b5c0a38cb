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
