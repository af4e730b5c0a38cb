"""A name the customer gives ("hi, my name is Tom") is kept: the greeting says it (it said
"Hi!"), the person a conversation is handed to sees it where the platform gives none, and
"I'm Anna, looking for rain jackets" is a search for the jackets (no product mentioned
"I'm Anna, looking for rain jackets")."""

import io

import pytest

from adapters.console import ConsoleAdapter
from core.customer_name import name_given, only_a_name, without_name
from core.reply_checks import appropriate


@pytest.mark.parametrize("text, name, alone", [
    ("hi, my name is Tom", "Tom", True),
    ("My name is Anna Schmidt", "Anna Schmidt", True),
    ("Good morning, my name is Anna!", "Anna", True),
    ("Hello, I am Tom.", "Tom", True),
    ("I'm Tom", "Tom", True),
    ("I'm Anna, looking for boots", "Anna", False),
    ("Hi, I'm Tom and I need boots", "Tom", False),
    ("call me Jo", "Jo", True),
    # no name
    ("I'm looking for boots", None, False),
    ("I'm Sorry", None, False),
    ("I'm German, do you ship to Germany?", None, False),
    ("this is Great!", None, False),
    ("I'm Anna looking for boots", None, False),  # the clause goes on: too unsure to take
    ("my name is tom", None, False),
    ("my email is anna@example.com", None, False),
    ("what's the name of the tent?", None, False),
])
def test_name_given(text, name, alone):
    assert name_given(text) == name
    assert only_a_name(text) is alone


@pytest.mark.parametrize("text, rest", [
    ("I'm Anna, looking for rain jackets", "looking for rain jackets"),
    ("my name is Tom, where is order 10002?", "where is order 10002?"),
    ("Hi, I'm Tom and I need boots", "Hi, I need boots"),
    ("do you sell tents?", "do you sell tents?"),
])
def test_without_name(text, rest):
    assert without_name(text) == rest


def test_a_greeting_draft_must_say_the_name_just_given():
    facts = {"name_said": "Tom", "customer_name": "Tom"}
    assert not appropriate("greeting", facts, "Hello! I'm the assistant of the shop.")
    assert appropriate("greeting", facts, "Hi Tom! I'm the assistant of the shop.")
    assert appropriate("greeting", {"customer_name": "Tom"}, "Hello! How can I help?")


def test_a_local_chat_gives_no_name(app):
    # it gave the id "you" as the name: the greeting template said "Hi you!"
    console = ConsoleAdapter(app.engine, stdin=io.StringIO(), stdout=io.StringIO())
    assert console.to_incoming("hi\n").user_name == ""


async def test_the_name_is_kept_for_the_greeting_and_the_handoff(memory, app):
    (reply,) = await memory.push("hi, my name is Tom")
    assert reply.kind == "greeting" and reply.text.startswith("Hi Tom! I'm the assistant")
    await memory.push("do you have tents?")
    (reply,) = await memory.push("hello again")
    assert reply.text.startswith("Hi Tom!")
    await memory.push("I want to talk to a person")
    assert [r["customer_name"] for r in app.store.db["handoffs"].rows] == ["Tom"]


async def test_the_platform_name_stays_for_the_handoff(memory, app):
    (reply,) = await memory.push("I'm Tommy", user_name="Thomas", chat_id="t")
    assert reply.text.startswith("Hi Tommy!")  # what they asked to be called
    await memory.push("I want to talk to a person", user_name="Thomas", chat_id="t")
    assert [r["customer_name"] for r in app.store.db["handoffs"].rows] == ["Thomas"]


async def test_an_introduction_before_a_request_is_no_part_of_it(memory):
    (reply,) = await memory.push("I'm Anna, looking for rain jackets")
    assert reply.kind == "product_results"
    assert reply.text.startswith("Here is what I found (5):\n1. Stormline Alpine Rain Jacket")


@pytest.mark.parametrize("text, asks", [
    ("what's my name?", True), ("do you remember my name?", True), ("so who am I?", True),
    ("my name is Tom", False), ("what's the name of the tent?", False),
])
def test_asks_name(text, asks):
    from core.customer_name import asks_name
    assert asks_name(text) is asks


async def test_what_is_my_name_is_the_name_kept_or_none(memory):
    # "what's my name?" got the bot's spiel about itself
    (reply,) = await memory.push("what's my name?")
    assert reply.kind == "name_unknown" and "I don't know your name" in reply.text
    await memory.push("hi, my name is Tom")
    (reply,) = await memory.push("what's my name?")
    assert reply.kind == "name_known" and reply.text.startswith("You're Tom.")
    (reply,) = await memory.push("do you know my name?", user_name="Thomas", chat_id="p")
    assert reply.text.startswith("You're Thomas.")  # the platform's


async def test_a_message_too_long_to_read_gives_no_name(memory):
    (reply,) = await memory.push("my name is Tom " + "x" * 5000)  # stored whole, not parsed
    assert reply.kind == "long_message"
    (reply,) = await memory.push("hello")
    assert reply.text.startswith("Hi!")
