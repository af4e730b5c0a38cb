"""Pure converters between Telegram and the core: `to_incoming(update)` and `render(reply)`.

Nothing here touches the network, so every rule is tested without a server
(tests/adapters/test_telegram_render.py).

Why Telegram HTML and markdown-it-py: the core writes a small Markdown subset and LLM text
routinely contains `<`, `&`, `*` and `_`. Telegram's MarkdownV2 needs a dozen characters
escaped in context-dependent ways; its HTML mode needs only `&lt; &gt; &amp;`. So we parse
the Markdown with a real CommonMark parser (markdown-it-py, raw HTML disabled, so `<b>` in
text stays text) and walk its tokens emitting only the tags Telegram accepts. Whatever the
input, every tag we emit is balanced, so the output always parses.

Splitting: Telegram takes at most 4,096 characters per message and 1,024 per caption.
`split_html` cuts at the last paragraph break that fits, else a line break, else a space,
else anywhere between characters; tags open at the cut are closed before it and reopened
after it, and an entity such as `&amp;` is never cut. We measure the HTML source in UTF-16
units, which is never less than what Telegram counts, so a chunk is never refused.

Callback data: Telegram allows 64 bytes. A longer button payload becomes `~` plus a digest
(`callback_data`), and the adapter stores digest -> payload before the button is sent.
"""

from __future__ import annotations

import hashlib
import base64
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.types import Button, Incoming, ProductCard, Reply

PLATFORM = "telegram"
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_LIMIT = 64
MAPPED_PREFIX = "~"  # callback data that stands for a payload kept in the store
SAFE_SCHEMES = ("http://", "https://", "tg://", "mailto:")
_BUTTONS_PER_ROW = 2


@dataclass(frozen=True, slots=True)
class SendOp:
    """One Bot API call the adapter makes: sendMessage (text) or sendPhoto (photo+caption).

    `text` is Telegram HTML; `keyboard` is rows of (label, callback_data)."""

    method: str
    text: str
    photo: str | None = None
    keyboard: tuple[tuple[tuple[str, str], ...], ...] = ()


# ---------------------------------------------------------------- incoming


def to_incoming(update: Any, bot_username: str = "", bot_id: int | None = None) -> Incoming | None:
    """A python-telegram-bot `Update` as the core's `Incoming`, or None when it is not for us.

    Private chats: every message. Groups: only commands (bare or `@ours`), messages that
    mention the bot, and replies to the bot. `message_id` is the update_id (inbox dedupe)."""
    uid = str(update.update_id)
    if update.callback_query is not None:
        cq = update.callback_query
        msg = cq.message
        if msg is None or cq.from_user is None:
            return None
        return Incoming(PLATFORM, str(msg.chat.id), str(cq.from_user.id), uid, text="",
                        payload=cq.data or "", kind="button", user_name=_name(cq.from_user),
                        thread_id=_thread(msg))
    msg = update.message
    if msg is None or msg.from_user is None or msg.from_user.is_bot:
        return None  # edits, channel posts, membership changes: nothing to answer
    group = msg.chat.type in ("group", "supergroup")
    base = dict(platform=PLATFORM, chat_id=str(msg.chat.id), user_id=str(msg.from_user.id),
                message_id=uid, user_name=_name(msg.from_user), thread_id=_thread(msg),
                **({"at": msg.date} if msg.date else {}))
    replied_to_us = bool(bot_id and msg.reply_to_message and msg.reply_to_message.from_user
                         and msg.reply_to_message.from_user.id == bot_id)
    if msg.text is None:
        if group and not replied_to_us:
            return None
        return Incoming(**base, kind="unsupported")
    text = msg.text
    command = _command(msg, bot_username)
    if command is False:
        return None  # a command for another bot in the group
    if command:
        name, rest = command
        return Incoming(**base, kind="command", text=name, payload=rest or None)
    if group:
        stripped = _strip_mention(msg, bot_username, bot_id)
        if stripped is None and not replied_to_us:
            return None
        text = stripped if stripped is not None else text
    return Incoming(**base, kind="text", text=text.strip())


def _name(user: Any) -> str:
    return user.full_name or user.username or ""


def _thread(msg: Any) -> str | None:
    return str(msg.message_thread_id) if getattr(msg, "is_topic_message", False) else None


def _command(msg: Any, bot_username: str) -> tuple[str, str] | bool | None:
    """('/start', 'args') for a leading bot_command entity, False if it names another bot."""
    for ent in msg.entities or ():
        if ent.type == "bot_command" and ent.offset == 0:
            word = msg.text[: ent.length]
            name, _, target = word.partition("@")
            if target and bot_username and target.lower() != bot_username.lower():
                return False
            return name.lower(), msg.text[ent.length:].strip()
    return None


def _strip_mention(msg: Any, bot_username: str, bot_id: int | None) -> str | None:
    """The text without our @mention, or None if the bot is not mentioned."""
    for ent in msg.entities or ():
        mention = msg.text[ent.offset: ent.offset + ent.length]
        ours = (ent.type == "mention" and bot_username
                and mention.lower() == "@" + bot_username.lower()) or (
            ent.type == "text_mention" and ent.user is not None and ent.user.id == bot_id)
        if ours:
            return (msg.text[: ent.offset] + msg.text[ent.offset + ent.length:]).strip()
    return None


# ---------------------------------------------------------------- outgoing


def render(reply: Reply) -> list[SendOp]:
    """The Bot API calls that show `reply`: text chunks (reply buttons on the last one),
    then one photo or text message per product card with the card's buttons."""
    ops: list[SendOp] = []
    body = markdown_to_html(reply.text)
    if body or reply.buttons:
        chunks = split_html(body or "Choose an option:", MESSAGE_LIMIT)
        ops += [SendOp("sendMessage", c) for c in chunks[:-1]]
        ops.append(SendOp("sendMessage", chunks[-1], keyboard=keyboard(reply.buttons)))
    for card in reply.cards:
        ops += render_card(card)
    return ops


def render_card(card: ProductCard) -> list[SendOp]:
    caption = card_html(card)
    kb = keyboard(card.buttons)
    if card.image_url:
        head, rest = split_first(caption, CAPTION_LIMIT)
        ops = [SendOp("sendPhoto", head, photo=card.image_url)]
        ops += [SendOp("sendMessage", c) for c in split_html(rest, MESSAGE_LIMIT) if rest]
    else:
        ops = [SendOp("sendMessage", c) for c in split_html(caption, MESSAGE_LIMIT)]
    last = ops[-1]
    ops[-1] = SendOp(last.method, last.text, last.photo, kb)
    return ops


def card_html(card: ProductCard) -> str:
    stock = "in stock" if card.in_stock else "out of stock"
    lines = [f"<b>{esc(card.title)}</b>", esc(f"{card.price} {card.currency} · {stock}")]
    if card.subtitle:
        lines.append(esc(card.subtitle))
    return "\n".join(lines)


def keyboard(buttons: tuple[Button, ...]) -> tuple[tuple[tuple[str, str], ...], ...]:
    cells = [(b.label[:64], callback_data(b.payload)) for b in buttons]
    return tuple(tuple(cells[i: i + _BUTTONS_PER_ROW])
                 for i in range(0, len(cells), _BUTTONS_PER_ROW))


def callback_data(payload: str) -> str:
    """The payload itself when it fits in 64 bytes, else `~` + a digest the store maps back."""
    if len(payload.encode()) <= CALLBACK_LIMIT and not payload.startswith(MAPPED_PREFIX):
        return payload
    digest = hashlib.sha256(payload.encode()).digest()
    return MAPPED_PREFIX + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def mapped_payloads(ops: list[SendOp], reply: Reply) -> dict[str, str]:
    """callback_data -> payload for every button whose payload had to be mapped."""
    buttons = list(reply.buttons) + [b for c in reply.cards for b in c.buttons]
    return {callback_data(b.payload): b.payload for b in buttons
            if callback_data(b.payload) != b.payload}


# ---------------------------------------------------------------- Markdown -> HTML


def esc(text: str) -> str:
    return html.escape(text, quote=False)


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    # Indented code and setext headings misfire on chatty LLM text; no reference links.
    return md.disable(["code", "lheading", "reference"]).enable("strikethrough")


_EMPTY_TAGS = re.compile(r"<(b|i|s|code|pre|blockquote)>\s*</\1>")
_PARA, _LINE = object(), object()  # block separators, merged when adjacent
_INLINE_TAGS = {"strong": "b", "em": "i", "s": "s"}


def markdown_to_html(text: str) -> str:
    """The Markdown subset as Telegram HTML: b, i, s, code, pre, a, blockquote; bullets as •."""
    out: list[Any] = []
    lists: list[list[Any]] = []  # [ordered?] per open list
    quotes = 0
    for tok in _parser().parse(text or ""):
        t = tok.type
        if t == "inline":
            out.append(_inline(tok.children or []))
        elif t == "paragraph_close":
            out.append(_LINE if tok.hidden else _PARA)
        elif t == "heading_open":
            out += [_PARA, "<b>"]
        elif t == "heading_close":
            out += ["</b>", _PARA]
        elif t in ("bullet_list_open", "ordered_list_open"):
            lists.append([t == "ordered_list_open"])
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            out.append(_LINE if lists else _PARA)
        elif t == "list_item_open":
            marker = f"{tok.info}. " if lists and lists[-1][0] else "• "
            out += [_LINE, "  " * (len(lists) - 1) + marker]
        elif t in ("fence", "code_block"):
            out += [_PARA, f"<pre>{esc(tok.content.rstrip(chr(10)))}</pre>", _PARA]
        elif t == "blockquote_open":  # Telegram does not nest quotes: keep the outer one
            quotes += 1
            out += [_PARA, "<blockquote>"] if quotes == 1 else []
        elif t == "blockquote_close":
            quotes -= 1
            while out and out[-1] in (_PARA, _LINE):
                out.pop()
            out += (["</blockquote>"] if quotes == 0 else []) + [_PARA]
        elif t == "hr":
            out += [_PARA, "――――――", _PARA]
        elif t == "html_block":
            out += [esc(tok.content), _PARA]
    html_text, n = _join(out), 1
    while n:
        html_text, n = _EMPTY_TAGS.subn("", html_text)
    return html_text.strip("\n")


def _join(parts: list[Any]) -> str:
    text, pending = [], None
    for p in parts:
        if p is _PARA or p is _LINE:
            pending = _PARA if (pending is _PARA or p is _PARA) else _LINE
            continue
        if pending is not None and text:
            text.append("\n\n" if pending is _PARA else "\n")
        pending = None
        text.append(p)
    return "".join(text).strip("\n")


def _inline(children: list[Any]) -> str:
    out: list[str] = []
    links: list[bool] = []  # did each open link emit an <a>?
    for tok in children:
        t = tok.type
        if t == "text":
            out.append(esc(tok.content))
        elif t in ("softbreak", "hardbreak"):
            out.append("\n")
        elif t == "code_inline":
            out.append(f"<code>{esc(tok.content)}</code>")
        elif t.endswith("_open") and t[:-5] in _INLINE_TAGS:
            out.append(f"<{_INLINE_TAGS[t[:-5]]}>")
        elif t.endswith("_close") and t[:-6] in _INLINE_TAGS:
            out.append(f"</{_INLINE_TAGS[t[:-6]]}>")
        elif t == "link_open":
            href = str(tok.attrs.get("href", ""))
            safe = href.lower().startswith(SAFE_SCHEMES)
            links.append(safe)
            if safe:
                out.append(f'<a href="{html.escape(href, quote=True)}">')
        elif t == "link_close":
            if links.pop():
                out.append("</a>")
        elif t == "image":
            out.append(esc(tok.content or ""))
        else:
            out.append(esc(tok.content or ""))
    return "".join(out)


# ---------------------------------------------------------------- splitting

_ATOM = re.compile(r"<[^>]*>|&[#a-zA-Z0-9]+;|[^<&]", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)[^>]*>")
_TEXT_LEFT = re.compile(r"(?:^|>)\s*[^<\s]")  # any visible character outside tags


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def split_html(text: str, limit: int) -> list[str]:
    """Cut well-formed Telegram HTML into chunks of at most `limit` units (see module doc)."""
    chunks: list[str] = []
    rest = text
    while True:
        try:
            head, rest = split_first(rest, limit)
        except ValueError:
            # Tags nested too deep for the limit: keep the words, drop the formatting.
            rest = html.escape(html_to_text(rest), quote=False)
            head, rest = split_first(rest, limit)
        chunks.append(head)
        if not rest:
            return chunks


def split_first(text: str, limit: int) -> tuple[str, str]:
    """The first chunk of at most `limit` units and the rest ("" when it all fits)."""
    if units(text) <= limit:
        return text, ""
    cut, stack = _find_cut(text, limit)
    head = text[:cut].rstrip() + "".join(f"</{_tag_name(t)}>" for t in reversed(stack))
    rest = text[cut:].lstrip()
    return head, ("".join(stack) + rest) if _TEXT_LEFT.search(rest) else ""


def _tag_name(open_tag: str) -> str:
    m = _TAG.match(open_tag)
    return m.group(2) if m else ""


def _find_cut(text: str, limit: int) -> tuple[int, list[str]]:
    """Best cut position in `text` and the tags open there: the last paragraph break whose
    chunk (with closing tags) fits, else the last line break, else space, else any atom."""
    stack: list[str] = []
    best: dict[int, tuple[int, list[str]]] = {}
    size = 0
    visible = False  # a chunk must carry some text, or reopened tags would loop forever
    for m in _ATOM.finditer(text):
        atom, pos = m.group(), m.start()
        if visible and size + sum(len(_tag_name(t)) + 3 for t in stack) <= limit:
            rank = (3 if text.startswith("\n\n", pos) else 2 if atom == "\n"
                    else 1 if atom == " " else 0)
            best[rank] = best[0] = (pos, list(stack))
        size += units(atom)
        if size > limit:
            break
        tag = _TAG.fullmatch(atom)
        if tag and tag.group(1):
            if stack and _tag_name(stack[-1]) == tag.group(2):
                stack.pop()
        elif tag:
            stack.append(atom)
        else:
            visible = True
    for rank in (3, 2, 1, 0):
        if rank in best:
            return best[rank]
    raise ValueError(f"limit {limit} too small to split {text[:40]!r}")


def html_to_text(text: str) -> str:
    """Telegram HTML as plain text: the fallback when Telegram refuses our markup."""
    return html.unescape(_TAG.sub("", text))
