"""Slack adapter: time to ack and time to reply, Socket Mode and HTTP Events mode.

Drives the real slack-bolt app against the fake Slack of tests/adapters (127.0.0.1):
customers send direct messages, each delivered three times (as Slack does when an ack is
late), with the turn's composer delayed to stand in for a language model. Slack wants an
ack within 3 s whatever the reply costs, and one reply per message whatever the number of
deliveries. Prints a table and writes bench/results/slack.json.

    python bench/slack_bench.py [--messages 60] [--delay 0.5] [--concurrency 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.slack import SlackAdapter, SlackSettings  # noqa: E402
from bench.common import percentile, report  # noqa: E402
from bot.app import build  # noqa: E402
from bot.config import Config  # noqa: E402
from tests.adapters.fake_slack import FakeSlack, SlackSigner, message_event  # noqa: E402

SECRET = "bench-signing-secret"
DELIVERIES = 3


class DelayedComposer:
    def __init__(self, inner, delay: float):
        self.inner, self.delay = inner, delay

    async def compose(self, kind, facts, history):
        await asyncio.sleep(self.delay)
        return self.inner.compose(kind, facts, history)


async def run(mode: str, messages: int, delay: float, workdir: Path, concurrency: int) -> dict:
    async with FakeSlack() as fake:
        app = build(Config(), store_path=workdir / f"{mode}-{delay}-{concurrency}.db")
        app.engine.turns.composer = DelayedComposer(app.engine.turns.composer, delay)
        settings = SlackSettings(bot_token=fake.bot_token, app_token=fake.app_token,
                                 signing_secret=SECRET, mode=mode, api_url=fake.api_url, port=0)
        slack = SlackAdapter(settings, app.engine)
        await slack.listen()
        signer = SlackSigner(f"http://127.0.0.1:{slack.port}/slack/events", SECRET)
        if mode == "socket":
            await fake.connected()
        sent_at: dict[str, float] = {}
        acks: list[float] = []

        gate = asyncio.Semaphore(concurrency)

        async def deliver(i: int, attempt: int) -> None:
            async with gate:
                await deliver_one(i, attempt)

        async def deliver_one(i: int, attempt: int) -> None:
            event = message_event("waterproof hiking boots", user=f"U{i}", channel=f"D{i}",
                                  event_id=f"Ev{i}")
            start = time.monotonic()
            sent_at.setdefault(f"D{i}", start)
            if mode == "socket":
                env, at = await fake.send_envelope("events_api", event, retry_attempt=attempt)
                acks.append((await fake.wait_ack(env, timeout=10))["_at"] - at)
            else:
                status, _, elapsed = await signer.event(event, retry_num=attempt or None)
                assert status == 200, status
                acks.append(elapsed)

        started = time.monotonic()
        await asyncio.gather(*(deliver(i, a) for a in range(DELIVERIES) for i in range(messages)))

        def replied():
            return {m["channel"] for m in fake.messages}

        await fake.wait_for(lambda: len(replied()) >= messages, timeout=60)
        await asyncio.sleep(0.5)  # room for any duplicate reply to show up
        first: dict[str, float] = {}
        for call in fake.calls:
            if call.method == "chat.postMessage" and call.status == 200:
                first.setdefault(call.args["channel"], call.at)
        latencies = [first[c] - sent_at[c] for c in first]
        posts = len([c for c in fake.calls if c.method == "chat.postMessage"])
        wall = max(first.values()) - started
        await slack.close()
    return {"mode": mode, "lm_delay_s": delay, "in_flight": concurrency, "messages": messages,
            "deliveries": messages * DELIVERIES, "replies": posts,
            "ack_p50_ms": round(percentile(acks, 50) * 1000, 1),
            "ack_p95_ms": round(percentile(acks, 95) * 1000, 1),
            "ack_max_ms": round(max(acks) * 1000, 1),
            "reply_p50_ms": round(percentile(latencies, 50) * 1000, 1),
            "reply_p95_ms": round(percentile(latencies, 95) * 1000, 1),
            "msgs_per_s": round(messages / wall, 1)}


async def main(messages: int, delay: float, concurrency: int) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        os.environ.pop(name, None)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("socket", "http"):
            for d in (0.0, delay):
                for c in (1, concurrency):
                    rows.append(await run(mode, messages, d, Path(tmp), c))
    report("slack", f"Slack adapter: {messages} DMs x {DELIVERIES} deliveries each "
           "(fake Slack on 127.0.0.1)", rows,
           note="ack = envelope/request sent -> ack received; reply = first delivery -> "
                "chat.postMessage at the fake; replies must equal messages",
           load_average_1m=round(os.getloadavg()[0], 2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=60)
    parser.add_argument("--delay", type=float, default=0.5,
                        help="seconds the composer takes, standing in for a language model")
    parser.add_argument("--concurrency", type=int, default=30,
                        help="deliveries in flight at once (the burst rows)")
    args = parser.parse_args()
    asyncio.run(main(args.messages, args.delay, args.concurrency))
