"""Pure Slack converters: Markdown -> mrkdwn, splitting, Block Kit limits, incoming events."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack_render import (BLOCKS_LIMIT, SECTION_LIMIT, action_to_incoming,
                                   render_thread_note, render_ticket, restate_ticket,
                                   stats_text, ticket_lines,
                                   from_mrkdwn, is_note, message_to_incoming, render_reply,
                                   split_mrkdwn, to_mrkdwn)
from core.types import Button, ProductCard, Reply


def test_bold_italic_code_and_links():
    assert to_mrkdwn("**Trail** shoes are _light_, see `TR-1`") == \
        "*Trail* shoes are _light_, see `TR-1`"
    assert to_mrkdwn("[Our shop](https://shop.example/a?x=1&y=2)") == \
        "<https://shop.example/a?x=1&amp;y=2|Our shop>"


def test_control_characters_are_escaped_once():
    assert to_mrkdwn("3 < 4 & 5 > 2 <!channel>") == "3 &lt; 4 &amp; 5 &gt; 2 &lt;!channel&gt;"
    assert to_mrkdwn("`a<b`") == "`a&lt;b`"


def test_unsafe_or_odd_links_keep_only_their_label():
    out = to_mrkdwn("[click](javascript:alert(1)) and [x](ftp://host/f)")
    assert "<javascript" not in out and "<ftp" not in out


def test_link_label_with_pipe_cannot_break_the_link():
    out = to_mrkdwn("[a|b](https://x.example/p|q)")
    assert out.count("|") == 1 and out.startswith("<https://x.example/p%7Cq|")


def test_bullets_numbers_paragraphs_headings_code_fences():
    md = "# Sizes\n\nWe have:\n\n- 42\n- 43\n\n1. first\n2. second\n\n```\n<tag>\n```"
    assert to_mrkdwn(md) == ("*Sizes*\n\nWe have:\n\n• 42\n• 43\n\n1. first\n2. second\n\n"
                             "```\n&lt;tag&gt;\n```")


def test_split_prefers_paragraphs_and_respects_the_limit():
    text = "\n\n".join(["word " * 100] * 5)
    pieces = split_mrkdwn(text, 1200)
    assert all(len(p) <= 1200 for p in pieces)
    assert len(pieces) == 3 and pieces[0].count("\n\n") == 1


def test_split_never_cuts_a_link_when_a_boundary_exists():
    text = "x " * 40 + "<https://example.com/a/long/path|a link with words> tail"
    for piece in split_mrkdwn(text, 100):
        assert piece.count("<") == piece.count(">")


def test_split_closes_and_reopens_code_fences():
    text = "```\n" + "\n".join(f"line {i}" for i in range(400)) + "\n```"
    pieces = split_mrkdwn(text, 500)
    assert len(pieces) > 1
    assert all(p.startswith("```") and p.endswith("```") for p in pieces)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_`[]()<>&|#-\n:/.h")), max_size=300))
def test_any_text_renders_without_raw_control_characters(md):
    out = to_mrkdwn(md)
    stripped = re.sub(r"<(?:https?://|mailto:)[^<>|]*(?:\|[^<>|]*)?>", "", out)
    stripped = re.sub(r"(?m)^(> )+", "", stripped)  # block quotes are mrkdwn, not text
    assert "<" not in stripped and ">" not in stripped
    assert not re.search(r"&(?!amp;|lt;|gt;)", stripped)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc <>|\n")), max_size=2000),
       st.integers(min_value=40, max_value=400))
def test_split_keeps_every_word_and_the_limit(text, limit):
    pieces = split_mrkdwn(text, limit)
    assert all(len(p) <= limit for p in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_long_reply_becomes_several_sections_and_messages():
    reply = Reply(text="\n\n".join(["paragraph " * 200] * 120))
    messages = render_reply(reply)
    blocks = [b for m in messages for b in m["blocks"]]
    assert len(messages) > 1 and all(len(m["blocks"]) <= BLOCKS_LIMIT for m in messages)
    assert all(len(b["text"]["text"]) <= SECTION_LIMIT for b in blocks)
    assert all(m["text"] for m in messages)


def test_cards_and_buttons_become_blocks_with_unique_action_ids():
    card = ProductCard("p1", "Trail <Runner>", "89.00", "EUR", True, subtitle="Light",
                       image_url="https://img.example/p1.jpg",
                       buttons=(Button("Details", "product:p1"),))
    reply = Reply("Found one:", cards=(card,), buttons=(Button("More", "more"),
                                                         Button("x" * 100, "y" * 3000)))
    [message] = render_reply(reply)
    kinds = [b["type"] for b in message["blocks"]]
    assert kinds == ["section", "divider", "section", "actions", "actions"]
    card_block = message["blocks"][2]
    assert "*Trail &lt;Runner&gt;*" in card_block["text"]["text"]
    assert "89.00 EUR · In stock" in card_block["text"]["text"]
    assert card_block["accessory"]["image_url"] == "https://img.example/p1.jpg"
    ids = [e["action_id"] for b in message["blocks"] if b["type"] == "actions"
           for e in b["elements"]]
    assert len(ids) == len(set(ids)) == 3
    long_button = message["blocks"][4]["elements"][1]
    assert len(long_button["text"]["text"]) == 75 and len(long_button["value"]) == 2000


def test_from_mrkdwn_turns_staff_text_into_our_markdown():
    assert from_mrkdwn("Hi <@U123>, see *this* <https://x.example/?a=1&amp;b=2|page> &lt;3") \
        == "Hi , see **this** [page](https://x.example/?a=1&b=2) <3"
    assert is_note("  Note: customer is angry") and not is_note("no note: here")


def test_direct_message_event_becomes_incoming():
    event = {"type": "message", "channel": "D1", "user": "U1", "text": "trail shoes &amp; socks",
             "ts": "1.1", "channel_type": "im"}
    inc = message_to_incoming(event, "Ev1")
    assert (inc.platform, inc.chat_id, inc.user_id, inc.message_id, inc.text, inc.kind) == \
        ("slack", "D1", "U1", "Ev1", "trail shoes & socks", "text")
    assert message_to_incoming({**event, "text": "/human"}, "Ev2").kind == "command"


def test_non_customer_events_are_ignored():
    event = {"type": "message", "channel": "D1", "user": "U1", "text": "x", "channel_type": "im"}
    assert message_to_incoming({**event, "bot_id": "B1"}, "E") is None
    assert message_to_incoming({**event, "subtype": "message_changed"}, "E") is None
    assert message_to_incoming({**event, "channel_type": "channel"}, "E") is None


def test_button_press_becomes_incoming():
    body = {"user": {"id": "U1", "username": "ann"}, "channel": {"id": "D1"},
            "actions": [{"action_id": "shopbot_btn_0", "value": "product:p1",
                         "action_ts": "17.5"}]}
    inc = action_to_incoming(body)
    assert (inc.kind, inc.payload, inc.chat_id, inc.message_id) == \
        ("button", "product:p1", "D1", "action:17.5")
    assert action_to_incoming({**body, "actions": [{"action_id": "ticket_claim"}]}) is None


def _ticket(**kw):
    from datetime import datetime, timezone

    from core.handoff import Ticket
    from core.types import Address

    return Ticket(id="7", conversation="telegram:42", customer=Address("telegram", "42", "9"),
                  opened_at=datetime(2026, 11, 24, tzinfo=timezone.utc), reason="complaint",
                  summary="boots <broken> & late", customer_name="Ann", **kw)


def test_ticket_message_shows_customer_summary_transcript_and_buttons():
    from core.handoff import Turn

    msg = render_ticket(_ticket(), (Turn("customer", "my boots *broke*"), Turn("bot", "Sorry")))
    head, summary, transcript, state, actions = msg["blocks"]
    assert "*Ticket 7* · Ann on *telegram* · complaint" == head["text"]["text"]
    assert summary["text"]["text"] == "> boots &lt;broken&gt; &amp; late"
    assert transcript["elements"][0]["text"] == "*Customer:* my boots *broke*\n*Bot:* Sorry"
    assert "Waiting" in state["elements"][0]["text"]
    assert [(e["action_id"], e["value"]) for e in actions["elements"]] == [
        ("ticket_claim", "7"), ("ticket_resolve", "7"), ("ticket_return", "7")]


def test_restated_ticket_keeps_its_head_and_changes_status_and_buttons():
    original = render_ticket(_ticket())["blocks"]
    claimed = restate_ticket(original, _ticket(state="human", claimed_by="U1"))["blocks"]
    assert claimed[:2] == original[:2]
    assert "Claimed* by <@U1>" in claimed[2]["elements"][0]["text"]
    assert [e["action_id"] for e in claimed[3]["elements"]] == ["ticket_resolve", "ticket_return"]
    closed = restate_ticket(claimed, _ticket(state="bot", closed_by="U1", outcome="returned"))
    assert [b["type"] for b in closed["blocks"]] == ["section", "section", "context"]
    assert "Returned to the bot" in closed["blocks"][2]["elements"][0]["text"]
    # withdrawn by the customer: no staff member closed it ("<@customer>" is nobody)
    gone = restate_ticket(original, _ticket(state="bot", closed_by="customer", outcome="withdrawn"))
    assert [b["type"] for b in gone["blocks"]] == ["section", "section", "context"]
    assert gone["blocks"][2]["elements"][0]["text"] == (
        ":leftwards_arrow_with_hook: *Withdrawn* by the customer")
    assert render_thread_note("closed", _ticket(state="bot", closed_by="customer",
                                                outcome="withdrawn")).startswith(
        "The customer no longer needs a person")


def test_thread_notes_and_staff_answers():
    from core.handoff import Stats

    t = _ticket(state="human", claimed_by="U1")
    assert render_thread_note("customer_message", t, "a < b") == "*Customer:* a &lt; b"
    assert "`note:`" in render_thread_note("claimed", t)
    assert render_thread_note("reminder", t).startswith("<!here>")
    assert ticket_lines([]) == "No tickets."
    assert ticket_lines([t]) == \
        "• *7* Ann (telegram) · human · <@U1> · boots &lt;broken&gt; &amp; late"
    text = stats_text(Stats(10, 3, 0.7, 150.0, 1))
    assert "Solved without a human: 70%" in text and "2.5 min" in text
    assert "n/a" in stats_text(Stats(0, 0, 0.0, None))
