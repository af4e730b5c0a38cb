"""Pure converters between the core's neutral objects and Slack's shapes.

Nothing here talks to the network, so every rule is tested without a server:

- `to_mrkdwn(markdown)`: our Markdown subset -> Slack mrkdwn. It walks markdown-it-py's
  token stream instead of regex-replacing text (LLM output breaks hand-written escaping:
  a stray `<` or `&` would become a Slack control sequence). We do not use
  markdown-to-mrkdwn / slackify-markdown: they are regex based, and markdown-it-py is
  already installed with `rich`. Text is escaped (&, <, >) exactly once, links become
  `<url|label>` (only http, https and mailto), **bold** -> *bold*, _it_ -> _it_.
- `split_mrkdwn(text, limit)`: long texts cut at paragraph, line, then word boundaries,
  never inside a `<...>` link; code fences are closed and reopened across a cut.
- `render_reply(reply)`: a `Reply` -> list of chat.postMessage payloads (text + blocks)
  within Block Kit limits (3000 chars a section, 50 blocks and ~12k characters a
  message, 25 buttons a row).
- `from_mrkdwn(text)`: a staff member's Slack text -> our Markdown subset for the customer.
- `message_to_incoming(event, event_id)` / `action_to_incoming(body)`: customer DMs and
  button presses -> `Incoming`.
"""

from __future__ import annotations

import re
from typing import Any

from core.handoff import one_line
from core.types import Incoming, ProductCard, Reply

SECTION_LIMIT = 3000   # characters in one section block's text
BLOCKS_LIMIT = 50      # blocks in one message
MESSAGE_CHARS = 12000  # section text in one message: more reads as a wall, so send another
BUTTONS_PER_ROW = 25   # elements in one actions block
LABEL_LIMIT = 75       # button text
VALUE_LIMIT = 2000     # button value
BUTTON_ACTION = "shopbot_btn"  # customer buttons: action_id f"{BUTTON_ACTION}_{n}"

_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_md = None


def _parser():
    global _md
    if _md is None:
        from markdown_it import MarkdownIt
        _md = MarkdownIt("commonmark", {"html": False}).enable("strikethrough")
    return _md


def escape(text: str) -> str:
    """Slack's three control characters; everything else is literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(url: str, label: str) -> str:
    if not url.lower().startswith(_SAFE_SCHEMES):
        return label
    url = url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    url = url.replace("&", "&amp;")
    label = label.replace("|", "¦")
    return f"<{url}|{label}>" if label and label != escape(url) else f"<{url}>"


def _inline(children) -> str:
    out: list[str] = []
    stack: list[tuple[str, list[str]]] = []  # open links: (href, outer buffer)
    for tok in children or ():
        t = tok.type
        if t == "text" or t == "html_inline":
            out.append(escape(tok.content))
        elif t in ("strong_open", "strong_close"):
            out.append("*")
        elif t in ("em_open", "em_close"):
            out.append("_")
        elif t in ("s_open", "s_close"):
            out.append("~")
        elif t == "code_inline":
            out.append("`" + escape(tok.content.replace("`", "'")) + "`")
        elif t in ("softbreak", "hardbreak"):
            out.append("\n")
        elif t == "link_open":
            stack.append((str(tok.attrGet("href") or ""), out))
            out = []
        elif t == "link_close" and stack:
            href, outer = stack.pop()
            outer.append(_link(href, "".join(out).replace("*", "").replace("_", "")))
            out = outer
        elif t == "image":
            out.append(_link(str(tok.attrGet("src") or ""), escape(tok.content or "image")))
    return "".join(out)


def to_mrkdwn(markdown: str) -> str:
    """Render our Markdown subset as Slack mrkdwn (see the module docstring)."""
    lines: list[str] = []
    lists: list[list[int]] = []  # per open list: [next number or 0 for bullets]
    quote = 0
    prefix = ""
    heading = False
    for tok in _parser().parse(markdown):
        t = tok.type
        if t == "bullet_list_open":
            lists.append([0])
        elif t == "ordered_list_open":
            lists.append([int(tok.attrGet("start") or 1)])
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                lines.append("")
        elif t == "list_item_open":
            indent = "    " * (len(lists) - 1)
            n = lists[-1][0]
            prefix = indent + (f"{n}. " if n else "• ")
            if n:
                lists[-1][0] += 1
        elif t == "blockquote_open":
            quote += 1
        elif t == "blockquote_close":
            quote -= 1
        elif t == "inline":
            text = _inline(tok.children)
            if heading:  # headings have no mrkdwn form: bold on their own line
                text = f"*{text}*" if text else text
            if prefix:
                text, prefix = prefix + text.replace("\n", "\n   "), ""
            elif lists:  # a second paragraph inside a list item
                text = "    " * len(lists) + text
            if quote:
                text = "\n".join("> " + line for line in text.split("\n"))
            lines.append(text)
        elif t == "heading_open":
            heading = True
        elif t == "paragraph_close" and not tok.hidden or t == "heading_close":
            heading = False
            lines.append("")
        elif t in ("fence", "code_block"):
            lines.append("```\n" + escape(tok.content.rstrip("\n")) + "\n```")
            lines.append("")
        elif t == "hr":
            lines.extend(["──────────", ""])
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def split_mrkdwn(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Cut `text` into pieces of at most `limit` characters at the nicest boundary."""
    pieces: list[str] = []
    rest = text.strip()
    reopen = False
    while rest:
        if reopen:
            rest = "```\n" + rest
        if len(rest) <= limit:
            pieces.append(rest)
            break
        cut = _best_cut(rest, limit - 4)  # room to close a code fence
        head, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        reopen = head.count("```") % 2 == 1
        if reopen:
            head += "\n```"
        pieces.append(head)
    return [p for p in pieces if p.strip()]


def _best_cut(text: str, limit: int) -> int:
    window = text[:limit]
    for sep in ("\n\n", "\n", " "):
        at = window.rfind(sep)
        while at > 0 and _inside_link(window, at):
            at = window.rfind(sep, 0, at)
        if at > limit // 4:
            return at + len(sep)
    at = limit
    open_link = window.rfind("<")
    if open_link > 0 and ">" not in window[open_link:]:
        at = open_link
    amp = window.rfind("&", max(0, at - 6), at)  # never cut an &amp; entity in half
    if amp > 0 and ";" not in window[amp:at]:
        at = amp
    return max(at, 1)


def _inside_link(text: str, at: int) -> bool:
    return text.rfind("<", 0, at) > text.rfind(">", 0, at)


def _button(label: str, payload: str, n: int) -> dict[str, Any]:
    return {"type": "button", "action_id": f"{BUTTON_ACTION}_{n}",
            "text": {"type": "plain_text", "text": label[:LABEL_LIMIT] or "·", "emoji": True},
            "value": payload[:VALUE_LIMIT]}


def _card_blocks(card: ProductCard, first_button: int) -> list[dict[str, Any]]:
    stock = "In stock" if card.in_stock else "Out of stock"
    lines = [f"*{escape(card.title)}*"]
    if card.subtitle:
        lines.append(escape(card.subtitle))
    lines.append(f"{escape(card.price)} {escape(card.currency)} · {stock}")
    section: dict[str, Any] = {"type": "section",
                               "text": {"type": "mrkdwn", "text": "\n".join(lines)[:SECTION_LIMIT]}}
    if card.image_url and card.image_url.startswith(("http://", "https://")):
        section["accessory"] = {"type": "image", "image_url": card.image_url,
                                "alt_text": card.title[:100] or "product"}
    blocks = [section]
    blocks += _button_rows([(b.label, b.payload) for b in card.buttons], first_button)
    return blocks


def _button_rows(buttons: list[tuple[str, str]], first: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(0, len(buttons), BUTTONS_PER_ROW):
        chunk = buttons[i:i + BUTTONS_PER_ROW]
        rows.append({"type": "actions", "elements": [
            _button(label, payload, first + i + j) for j, (label, payload) in enumerate(chunk)]})
    return rows


def render_reply(reply: Reply) -> list[dict[str, Any]]:
    """A Reply -> chat.postMessage payloads ({"text", "blocks"}), in sending order."""
    chunks = split_mrkdwn(to_mrkdwn(reply.text)) if reply.text.strip() else []
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": c}} for c in chunks]
    n = 0
    for card in reply.cards:
        blocks.append({"type": "divider"})
        blocks += _card_blocks(card, n)
        n += len(card.buttons)
    blocks += _button_rows([(b.label, b.payload) for b in reply.buttons], n)
    parts: list[list[dict[str, Any]]] = [[]]
    size = 0
    for block in blocks:
        n = len(block.get("text", {}).get("text", "")) if block["type"] == "section" else 0
        if parts[-1] and (len(parts[-1]) == BLOCKS_LIMIT or size + n > MESSAGE_CHARS):
            parts.append([])
            size = 0
        parts[-1].append(block)
        size += n
    return [{"text": _fallback(part), "blocks": part} for part in parts if part]


def _fallback(blocks: list[dict[str, Any]]) -> str:
    """Notification text: the first section's text (Slack shows it in alerts)."""
    for b in blocks:
        if b["type"] == "section":
            return b["text"]["text"]
    return "…"


_MENTION = re.compile(r"<[@#!][^>]*>")
_SLACK_LINK = re.compile(r"<((?:https?://|mailto:)[^|>]+)(?:\|([^>]*))?>")


def from_mrkdwn(text: str) -> str:
    """Staff text from Slack -> our Markdown subset (links, bold kept; mentions dropped)."""
    text = _MENTION.sub("", text)
    text = _SLACK_LINK.sub(lambda m: f"[{m.group(2)}]({m.group(1)})" if m.group(2)
                           else m.group(1), text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"**\1**", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def is_note(text: str) -> bool:
    """Staff lines starting `note:` stay in the thread and never reach the customer."""
    return text.lstrip().lower().startswith("note:")


def message_to_incoming(event: dict[str, Any], event_id: str) -> Incoming | None:
    """A customer's direct message -> Incoming; None for anything that is not one."""
    if event.get("type") != "message" or event.get("channel_type") != "im":
        return None
    if event.get("bot_id") or event.get("subtype") not in (None, "file_share"):
        return None
    text = from_mrkdwn(event.get("text") or "")
    kind = "unsupported" if event.get("subtype") == "file_share" and not text else "text"
    if text.startswith("/"):
        kind = "command"
    return Incoming(platform="slack", chat_id=str(event["channel"]), user_id=str(event["user"]),
                    message_id=event_id, text=text, kind=kind)


def action_to_incoming(body: dict[str, Any]) -> Incoming | None:
    """A customer's press on one of our buttons in a DM -> Incoming(kind="button")."""
    action = (body.get("actions") or [{}])[0]
    if not str(action.get("action_id", "")).startswith(BUTTON_ACTION):
        return None
    channel = (body.get("channel") or {}).get("id") or body.get("container", {}).get("channel_id")
    user = body.get("user") or {}
    return Incoming(platform="slack", chat_id=str(channel), user_id=str(user.get("id")),
                    message_id=f"action:{action.get('action_ts') or body.get('trigger_id')}",
                    text=str(action.get("value", "")), payload=str(action.get("value", "")),
                    kind="button", user_name=str(user.get("username") or user.get("name") or ""))


# -- support desk: tickets ----------------------------------------------------------------
TICKET_ACTIONS = {"ticket_claim": "Claim", "ticket_resolve": "Resolve",
                  "ticket_return": "Return to bot"}
_REASON_TEXT = {"human_agent": "asked for a person",
                "not_understood": "the bot did not understand them",
                "complaint": "complaint"}
_ROLE = {"customer": "Customer", "bot": "Bot", "staff": "Staff"}


def _state_line(ticket) -> str:
    if ticket.state == "waiting":
        return ":hourglass_flowing_sand: *Waiting* for someone to claim it"
    if ticket.state == "human":
        return f":speech_balloon: *Claimed* by <@{ticket.claimed_by}>"
    if ticket.outcome == "withdrawn":
        return ":leftwards_arrow_with_hook: *Withdrawn* by the customer"
    verb = "Resolved" if ticket.outcome == "resolved" else "Returned to the bot"
    return f":white_check_mark: *{verb}* by <@{ticket.closed_by}>"


def render_ticket(ticket, transcript=()) -> dict[str, Any]:
    """A core `Ticket` (+ its last turns) -> the support-channel message {text, blocks}."""
    who = escape(ticket.customer_name or ticket.customer.user_id or ticket.customer.chat_id)
    head = (f"*Ticket {escape(ticket.id)}* · {who} on *{escape(ticket.customer.platform)}* · "
            f"{_REASON_TEXT.get(ticket.reason, escape(ticket.reason))}")
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": head}},
        {"type": "section", "text": {"type": "mrkdwn",
                                     "text": f"> {escape(ticket.summary) or '…'}"}},
    ]
    if transcript:
        lines = [f"*{_ROLE.get(t.role, escape(t.role))}:* {escape(' '.join(t.text.split()))[:300]}"
                 for t in transcript]
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": "\n".join(lines)[:SECTION_LIMIT]}]})
    blocks += _status_blocks(ticket)
    return {"text": _ticket_text(ticket), "blocks": blocks}


def restate_ticket(blocks: list[dict[str, Any]], ticket) -> dict[str, Any]:
    """The ticket message after a claim or close: same head and transcript, new status."""
    kept = [b for b in blocks if b.get("block_id") not in ("ticket_state", "ticket")]
    return {"text": _ticket_text(ticket), "blocks": kept + _status_blocks(ticket)}


def _ticket_text(ticket) -> str:
    return (f"Ticket {ticket.id}: {ticket.customer_name or ticket.customer.chat_id} "
            f"({ticket.customer.platform}) {ticket.state}")


def _status_blocks(ticket) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [{"type": "context", "block_id": "ticket_state", "elements": [
        {"type": "mrkdwn", "text": _state_line(ticket)}]}]
    if ticket.is_open:
        names = ["ticket_claim"] if ticket.state == "waiting" else []
        names += ["ticket_resolve", "ticket_return"]
        blocks.append({"type": "actions", "block_id": "ticket", "elements": [
            {"type": "button", "action_id": name, "value": ticket.id,
             "text": {"type": "plain_text", "text": TICKET_ACTIONS[name]},
             **({"style": "primary"} if name == "ticket_claim" else {})}
            for name in names]})
    return blocks


def render_thread_note(kind: str, ticket, text: str = "") -> str:
    """mrkdwn for a line in the ticket's thread (customer messages, claims, reminders)."""
    if kind == "customer_message":
        return f"*Customer:* {escape(text)}"
    if kind == "claimed":
        return f"<@{ticket.claimed_by}> claimed this ticket. Replies in this thread reach " \
               f"the customer; start a line with `note:` to keep it internal."
    if kind == "reminder":
        return f"<!here> Ticket {escape(ticket.id)} is still waiting: nobody has claimed it yet."
    if kind == "undelivered":
        return f":warning: This did not reach the customer: {escape(one_line(text))}"
    if kind == "closed" and ticket.outcome == "withdrawn":
        return ("The customer no longer needs a person and withdrew this ticket. The bot "
                "answers again.")
    if kind == "closed":
        verb = "resolved" if ticket.outcome == "resolved" else "returned to the bot"
        return f"<@{ticket.closed_by}> {verb} this ticket. The bot answers again."
    return escape(text)


def ticket_lines(tickets) -> str:
    """`/shopbot open` and `find`: one mrkdwn line per ticket."""
    if not tickets:
        return "No tickets."
    return "\n".join(
        f"• *{escape(t.id)}* {escape(t.customer_name or t.customer.chat_id)} "
        f"({escape(t.customer.platform)}) · {t.state}"
        + (f" · <@{t.claimed_by}>" if t.claimed_by else "") + f" · {escape(t.summary)}"
        for t in tickets)


def stats_text(stats) -> str:
    """`/shopbot stats` answer from a core `Stats`."""
    median = ("n/a" if stats.median_first_reply_s is None
              else f"{stats.median_first_reply_s / 60:.1f} min")
    return (f"*Today*\n• Conversations: {stats.conversations}\n"
            f"• Solved without a human: {stats.solved_without_human:.0%}\n"
            f"• Escalations: {stats.escalations}\n"
            f"• Median time to first human reply: {median}\n"
            f"• Open tickets: {stats.open_tickets}")
