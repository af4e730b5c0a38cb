"""Telegram adapter throughput and the latency it adds, without any language model.

fake Telegram (HTTP on 127.0.0.1) -> python-telegram-bot client -> TelegramAdapter (long
polling, durable inbox) -> the real engine on a SQLite file -> sendMessage to the fake.
Each chat sends a message, waits for the answer, sends the next. Latency runs from the
moment the update is available in the fake until the fake receives the answer. The same
messages are then run through the memory adapter (core only); "adapter adds" is the
difference of the two at p50 and p95. Prints a table, writes bench/results/telegram.json.

    python bench/telegram_bench.py [--messages 300]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.memory import MemoryAdapter  # noqa: E402
from adapters.telegram import TelegramAdapter, TelegramSettings  # noqa: E402
from bench.common import percentile, report  # noqa: E402
from bot.app import build  # noqa: E402
from bot.config import Config  # noqa: E402
from tests.adapters.fake_telegram import TOKEN, FakeTelegram  # noqa: E402

# messages whose answer is one text message (no product cards), so "answered" is one call
SCRIPT = ["hello", "what is your returns policy?", "where is order 10042?",
          "how long does shipping take?", "thanks", "bye"]


def stats(latencies: list[float], wall: float) -> dict:
    return {"messages": len(latencies), "msgs_per_s": round(len(latencies) / wall, 1),
            "p50_ms": round(statistics.median(latencies), 2),
            "p95_ms": round(percentile(latencies, 95), 2)}


async def through_telegram(chats: int, per_chat: int, store: Path) -> dict:
    app = build(Config(), store_path=store)
    async with FakeTelegram() as fake:
        adapter = TelegramAdapter(app.engine, TelegramSettings(
            token=TOKEN, api_url=fake.url, poll_timeout=10, typing_interval=5.0))
        waiting: dict[str, asyncio.Future] = {}

        def answered(call) -> None:
            if call.method != "sendMessage":
                return  # the typing indicator comes first
            future = waiting.pop(str(call.params.get("chat_id")), None)
            if future is not None and not future.done():
                future.set_result(time.perf_counter())

        fake.listeners.append(answered)
        runner = asyncio.create_task(adapter.run())
        await fake.wait_for(lambda: runner.done() or any(c.method == "getUpdates"
                                                         for c in fake.calls), 60)
        if runner.done():
            runner.result()
        latencies: list[float] = []

        async def conversation(chat: int) -> None:
            for text in itertools.islice(itertools.cycle(SCRIPT), per_chat):
                future = waiting[str(chat)] = asyncio.get_running_loop().create_future()
                t0 = time.perf_counter()
                fake.send_text(chat, text)
                latencies.append((await asyncio.wait_for(future, 30) - t0) * 1000)

        await conversation(999)  # warm up
        latencies.clear()
        started = time.perf_counter()
        await asyncio.gather(*(conversation(1000 + i) for i in range(chats)))
        wall = time.perf_counter() - started
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
    return stats(latencies, wall)


async def core_only(chats: int, per_chat: int, store: Path) -> dict:
    app = build(Config(), store_path=store)
    memory = MemoryAdapter(app.engine)
    latencies: list[float] = []

    async def conversation(chat: str) -> None:
        for text in itertools.islice(itertools.cycle(SCRIPT), per_chat):
            t0 = time.perf_counter()
            await memory.push(text, chat_id=chat)
            latencies.append((time.perf_counter() - t0) * 1000)

    await conversation("warm")
    latencies.clear()
    started = time.perf_counter()
    await asyncio.gather(*(conversation(f"chat{i}") for i in range(chats)))
    return stats(latencies, time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300, help="per concurrency level")
    args = parser.parse_args()
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                "all_proxy"):
        os.environ.pop(var, None)
    logging.basicConfig(level=logging.ERROR)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("SHOPBOT_HOME", tmp)
        for chats in (1, 50):
            per_chat = max(1, args.messages // chats)
            tg = asyncio.run(through_telegram(chats, per_chat, Path(tmp) / f"tg{chats}.db"))
            core = asyncio.run(core_only(chats, per_chat, Path(tmp) / f"core{chats}.db"))
            rows.append({"chats": chats, **tg,
                         "core_p50_ms": core["p50_ms"], "core_p95_ms": core["p95_ms"],
                         "adapter_adds_p50_ms": round(tg["p50_ms"] - core["p50_ms"], 2),
                         "adapter_adds_p95_ms": round(tg["p95_ms"] - core["p95_ms"], 2)})
    report("telegram", "Telegram adapter: fake Bot API -> adapter -> core (no LM) -> fake",
           rows, note="latency = update available in the fake -> answer received by the fake")


if __name__ == "__main__":
    main()
