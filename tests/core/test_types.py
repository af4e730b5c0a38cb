import dataclasses
from datetime import datetime, timezone

import pytest

from core.types import Address, Button, Incoming, ProductCard, Reply


def test_incoming_round_trip_and_address():
    inc = Incoming("telegram", "42", "7", "1001", text="hi 👋", thread_id="t1",
                   at=datetime(2026, 1, 2, tzinfo=timezone.utc))
    assert Incoming.from_dict(inc.to_dict()) == inc
    assert inc.address == Address("telegram", "42", "7", "t1")
    assert inc.address.key == "telegram:42:t1"


def test_reply_round_trip_with_cards_and_buttons():
    card = ProductCard("P1", "Boot", "89.00", "EUR", True, "Brand · boots", None,
                       (Button("Details", "details:P1"),))
    reply = Reply("**hi**", (card,), (Button("Talk to a human", "human"),), "greeting")
    assert Reply.from_dict(reply.to_dict()) == reply


def test_types_are_frozen_and_kind_is_checked():
    reply = Reply("x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        reply.text = "y"  # type: ignore[misc]
    with pytest.raises(ValueError):
        Incoming("memory", "c", "u", "1", kind="video")
