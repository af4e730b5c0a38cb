"""`shopbot chat`: talk to the shop in the terminal, or pipe one message per line.

Interactive use gets a prompt and colour; piped input prints each reply as plain text so
conversations can be scripted and replayed (`shopbot chat < demo.txt`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import os
import re
import sys
import time
from typing import Any, TextIO

from core.types import Address, Incoming, Reply

from .base import decode_text


def render_text(reply: Reply) -> str:
    """A reply as plain terminal text: Markdown markers dropped, cards as numbered lines."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", reply.text)
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", text)
    lines = [text]
    if not all(c.title in text for c in reply.cards):  # the text may already list them
        for i, c in enumerate(reply.cards, 1):
            stock = "in stock" if c.in_stock else "out of stock"
            lines.append(f"{i}. {c.title} — {c.price} {c.currency}, {stock} [{c.product_id}]")
    hints = ["/human" if b.payload == "human" else b.label for b in reply.buttons]
    if hints:
        lines.append("(" + ", ".join(f"type {h}" for h in hints) + ")")
    return "\n".join(lines)


class ConsoleAdapter:
    platform = "console"

    def __init__(self, engine: Any, stdin: TextIO | None = None, stdout: TextIO | None = None,
                 chat_id: str = "local", user: str = "you"):
        self.engine = engine
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.chat_id, self.user = chat_id, user
        self.interactive = self.stdin.isatty() and self.stdout.isatty()
        # message ids unique across sessions, so the inbox never mistakes a new line for a resend
        self._session = f"{os.getpid()}-{time.time_ns()}"
        self._n = itertools.count(1)
        self._streamed = ""  # drafted text already shown while the model wrote it
        engine.register(self.platform, self)

    @classmethod
    def from_config(cls, config: Any, engine: Any) -> ConsoleAdapter:
        return cls(engine)

    def show_chunk(self, text: str) -> None:
        """Interactive only: print a drafted reply as the model writes it."""
        if not text:
            return
        if not self._streamed:
            self.stdout.write("bot> ")
        self._streamed += text
        self.stdout.write(text)
        self.stdout.flush()

    async def send(self, address: Address, reply: Reply) -> None:
        streamed, self._streamed = self._streamed, ""
        if streamed:  # the final reply is the checked one: repeat it only if it differs
            self.stdout.write("\n")
            shown = streamed.strip().startswith(reply.text.strip()) and reply.text.strip()
            reply = dataclasses.replace(reply, text="") if shown else dataclasses.replace(
                reply, text="(checked against the shop's data) " + reply.text)
            if shown and not reply.cards and not reply.buttons:
                self.stdout.write("\n")
                return
        body = render_text(reply)
        if self.interactive:
            from rich.console import Console
            from rich.markup import escape

            Console(file=self.stdout, highlight=False).print(
                f"[bold green]bot>[/] {escape(body)}", markup=True, emoji=False)
        else:
            self.stdout.write(body + "\n\n")
        self.stdout.flush()

    def to_incoming(self, line: str) -> Incoming:
        text = decode_text(line).rstrip("\n")
        kind = "command" if text.startswith("/") else "text"
        # no user_name: a local chat knows no name for the person ("you" made "Hi you!");
        # one they give ("I'm Tom") is kept by the conversation (core/customer_name.py)
        return Incoming(platform=self.platform, chat_id=self.chat_id, user_id=self.user,
                        message_id=f"{self._session}-{next(self._n)}", text=text, kind=kind)

    async def run(self) -> None:
        await self.engine.recover()
        loop = asyncio.get_running_loop()
        if self.interactive:
            self.stdout.write("Type a message (Ctrl-D to quit). Try: waterproof hiking boots "
                              "under 120\n")
        while True:
            if self.interactive:
                self.stdout.write("you> ")
                self.stdout.flush()
            line = await loop.run_in_executor(None, self.stdin.readline)
            if not line:
                break
            if not self.interactive and not line.strip():
                continue  # blank lines separate scripted messages
            if self.interactive:
                from core.composer_lm import reply_stream

                with reply_stream(self.show_chunk):
                    await self.engine.receive(self.to_incoming(line))
            else:
                await self.engine.receive(self.to_incoming(line))
