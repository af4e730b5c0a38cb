"""The pure Telegram converters: no network. HTML validity is judged by the fake server's
parser, which follows Telegram's rules (allowed tags, nesting, entities)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import Update

from adapters.telegram_render import (CAPTION_LIMIT, MESSAGE_LIMIT, SendOp, callback_data,
                                      html_to_text, mapped_payloads, markdown_to_html, render,
                                      split_html, to_incoming, units)
from core.types import Button, ProductCard, Reply
from tests.adapters.fake_telegram import BOT_ID, BOT_USERNAME, FakeTelegram, parse_html

BOT = dict(bot_username=BOT_USERNAME, bot_id=BOT_ID)


def update(fake: FakeTelegram, chat_id: int, text: str | None, **kw) -> Update:
    return Update.de_json(fake.text_update(chat_id, text, **kw), None)


# ---------------------------------------------------------------- Markdown -> HTML

@pytest.mark.parametrize("source, expected", [
    ("**bold** and _italic_", "<b>bold</b> and <i>italic</i>"),
    ("use `a<b>` here", "use <code>a&lt;b&gt;</code> here"),
    ("[shop](https://shop.example/a_b?x=1&y=2)",
     '<a href="https://shop.example/a_b?x=1&amp;y=2">shop</a>'),
    ("- one\n- **two**", "• one\n• <b>two</b>"),
    ("para one\n\npara two", "para one\n\npara two"),
    ("1. first\n2. second", "1. first\n2. second"),
])
def test_markdown_subset(source: str, expected: str) -> None:
    assert markdown_to_html(source) == expected


@pytest.mark.parametrize("hostile", [
    "<b>not bold</b> & <script>alert(1)</script>",
    "5 * 3 = 15 and a *lonely star",
    "snake_case_name and __init__ and _unclosed",
    "AT&T &amp; &lt;tags&gt; &#0; &bogus;",
    "**unclosed bold and `unclosed code",
    "[click](javascript:alert(1)) [x](data:text/html,hi)",
    "> quoted <i>\n\n```\n<pre> & </pre>\n```",
])
def test_hostile_text_renders_safely(hostile: str) -> None:
    html = markdown_to_html(hostile)
    visible = parse_html(html)  # raises if Telegram would refuse it
    assert "<script>" not in html and "javascript:" not in re.findall(r'href="([^"]*)"',
                                                                      html).__str__()
    if "<b>not bold</b>" in hostile:
        assert "<b>not bold</b>" in visible  # shown literally, not as markup
    if "*lonely" in hostile:
        assert "*lonely star" in visible


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("ab *_`[]()<>&#;\n-.!:/") + ["**", "\n\n", "https://x.y",
                                                                  "- ", "1. ", "# ", "> "]),
                max_size=120).map("".join))
def test_any_text_becomes_valid_telegram_html(text: str) -> None:
    parse_html(markdown_to_html(text))


# ---------------------------------------------------------------- splitting

def test_split_prefers_paragraph_boundaries() -> None:
    paras = [f"Paragraph {i}: " + "word " * 150 for i in range(12)]
    chunks = split_html(markdown_to_html("\n\n".join(paras)), MESSAGE_LIMIT)
    assert len(chunks) > 1
    for c in chunks:
        assert units(c) <= MESSAGE_LIMIT
        assert c.startswith("Paragraph") and c.rstrip().endswith("word")


def test_split_never_breaks_tags_or_entities() -> None:
    text = "**" + ("bold & <bright> " * 800).strip() + "**"
    chunks = split_html(markdown_to_html(text), 500)
    assert len(chunks) > 10
    for c in chunks:
        assert units(c) <= 500
        visible = parse_html(c)
        assert c.startswith("<b>") and c.endswith("</b>")
        assert "&" in visible and "<bright>" in visible or len(visible) < 20


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(list("ab *_`<>&\n") + ["**", "\n\n", "ü", "😀", "word "]),
                max_size=300).map("".join), st.integers(min_value=30, max_value=120))
def test_split_chunks_are_valid_and_keep_the_text(text: str, limit: int) -> None:
    html = markdown_to_html(text)
    chunks = split_html(html, limit)
    for c in chunks:
        assert units(c) <= limit
        parse_html(c)
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731 - cuts drop whitespace only
    assert squash("".join(parse_html(c) for c in chunks)) == squash(parse_html(html))


def test_utf16_units_count_emoji_twice() -> None:
    assert units("😀") == 2
    chunks = split_html("😀" * 100, 50)
    assert all(units(c) <= 50 for c in chunks) and "".join(chunks) == "😀" * 100


# ---------------------------------------------------------------- render(reply)

CARD = ProductCard("p1", "Trail <Runner> & Co", "89.00", "EUR", True, "Grippy *soles*",
                   image_url="https://img.example/p1.jpg",
                   buttons=(Button("Details", "details:p1"), Button("More like this", "like:p1"),
                            Button("Talk to a human", "human")))


def test_render_text_cards_and_buttons() -> None:
    reply = Reply("Here are **2** trail shoes:", cards=(CARD, ProductCard(
        "p2", "Road Shoe", "59.00", "EUR", False)), buttons=(Button("Talk to a human", "human"),))
    ops = render(reply)
    assert [o.method for o in ops] == ["sendMessage", "sendPhoto", "sendMessage"]
    assert ops[0].text == "Here are <b>2</b> trail shoes:"
    assert ops[0].keyboard == ((("Talk to a human", "human"),),)
    photo = ops[1]
    assert photo.photo == "https://img.example/p1.jpg"
    assert parse_html(photo.text).startswith("Trail <Runner> & Co\n89.00 EUR · in stock")
    assert photo.keyboard == ((("Details", "details:p1"), ("More like this", "like:p1")),
                              (("Talk to a human", "human"),))
    assert "out of stock" in parse_html(ops[2].text) and ops[2].keyboard == ()


def test_long_caption_continues_as_text() -> None:
    card = ProductCard("p3", "Long", "1.00", "EUR", True, "blah " * 400,
                       image_url="https://img.example/3.jpg", buttons=(Button("Details", "d"),))
    ops = render(Reply("", cards=(card,)))
    assert ops[0].method == "sendPhoto" and units(ops[0].text) <= CAPTION_LIMIT
    assert [o.method for o in ops[1:]] == ["sendMessage"]
    assert ops[-1].keyboard == ((("Details", "d"),),) and ops[0].keyboard == ()


def test_ten_thousand_characters_split_under_the_limit() -> None:
    text = "\n\n".join(f"- item {i} with **bold** & <angle>" + " filler" * 60
                       for i in range(40))
    assert len(text) > 10_000
    ops = render(Reply(text))
    assert len(ops) >= 3 and all(units(o.text) <= MESSAGE_LIMIT for o in ops)
    assert all(parse_html(o.text) for o in ops)


def test_callback_data_within_64_bytes_and_mapped_when_long() -> None:
    assert callback_data("details:p1") == "details:p1"
    long = "details:" + "ü" * 40  # 88 bytes
    data = callback_data(long)
    assert len(data.encode()) <= 64 and data.startswith("~") and data == callback_data(long)
    assert callback_data("~sneaky") != "~sneaky"  # our prefix is never taken literally
    reply = Reply("x", buttons=(Button("A", long), Button("B", "short")))
    assert mapped_payloads(render(reply), reply) == {data: long}


def test_html_to_text_fallback() -> None:
    assert html_to_text("<b>a &amp; b</b> &lt;c&gt;") == "a & b <c>"


def test_sendop_is_frozen() -> None:
    with pytest.raises(AttributeError):
        SendOp("sendMessage", "x").text = "y"  # type: ignore[misc]


# ---------------------------------------------------------------- to_incoming

@pytest.fixture
def fake() -> FakeTelegram:
    return FakeTelegram()  # used only as an update factory here: not started


def test_private_text(fake: FakeTelegram) -> None:
    u = update(fake, 42, "do you have trail shoes?")
    inc = to_incoming(u, **BOT)
    assert inc is not None and inc.kind == "text" and inc.text == "do you have trail shoes?"
    assert (inc.platform, inc.chat_id, inc.user_id) == ("telegram", "42", "42")
    assert inc.message_id == str(u.update_id) and inc.user_name == "Customer42"


def test_commands(fake: FakeTelegram) -> None:
    inc = to_incoming(update(fake, 42, "/start promo1"), **BOT)
    assert (inc.kind, inc.text, inc.payload) == ("command", "/start", "promo1")
    inc = to_incoming(update(fake, 42, f"/help@{BOT_USERNAME}"), **BOT)
    assert (inc.kind, inc.text) == ("command", "/help")
    assert to_incoming(update(fake, -5, "/help@other_bot", chat_type="group"), **BOT) is None


def test_groups_answer_only_when_addressed(fake: FakeTelegram) -> None:
    assert to_incoming(update(fake, -5, "anyone here?", chat_type="group"), **BOT) is None
    inc = to_incoming(update(fake, -5, f"@{BOT_USERNAME} red shoes?", chat_type="supergroup",
                             user_id=9), **BOT)
    assert inc.text == "red shoes?" and inc.chat_id == "-5" and inc.user_id == "9"
    inc = to_incoming(update(fake, -5, "and in blue?", chat_type="group", reply_to_bot=True),
                      **BOT)
    assert inc.text == "and in blue?"
    assert to_incoming(update(fake, -5, "/reset", chat_type="group"), **BOT).kind == "command"


@pytest.mark.parametrize("content", [
    {"photo": [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]},
    {"sticker": {"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1,
                 "is_animated": False, "is_video": False, "type": "regular"}},
    {"voice": {"file_id": "v", "file_unique_id": "u", "duration": 2}},
    {"location": {"latitude": 1.0, "longitude": 2.0}},
    {"document": {"file_id": "d", "file_unique_id": "u"}},
])
def test_non_text_is_unsupported(fake: FakeTelegram, content: dict) -> None:
    inc = to_incoming(update(fake, 42, None, **content), **BOT)
    assert inc is not None and inc.kind == "unsupported"
    assert to_incoming(update(fake, -5, None, chat_type="group", **content), **BOT) is None


def test_button_press_and_ignored_updates(fake: FakeTelegram) -> None:
    pressed = fake.callback_update(42, "details:p1", message_id=7)
    inc = to_incoming(Update.de_json(pressed, None), **BOT)
    assert (inc.kind, inc.payload, inc.chat_id) == ("button", "details:p1", "42")
    edited = {"update_id": 999, "edited_message": fake.text_update(42, "x")["message"]}
    assert to_incoming(Update.de_json(edited, None), **BOT) is None


def test_formatting_too_deep_for_the_limit_falls_back_to_plain_text() -> None:
    # found by hypothesis: the tags alone leave no room for the text at this limit
    chunks = split_html("<blockquote><i>a</i></blockquote>", 30)
    assert chunks == ["a"]
