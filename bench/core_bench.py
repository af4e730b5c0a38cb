"""Core turn throughput and latency without any language model.

Drives the real engine (SQLite file in WAL mode, prompt files, search, inbox/outbox)
through the memory adapter with a mixed shopping conversation, at 1 and 16 concurrent
conversations, for the keyword/BM25 pipeline and the default one (trained intent model +
hybrid search, both running MiniLM on the CPU). Prints a table and writes bench/results/core.json.

    python bench/core_bench.py [--turns 400]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.memory import MemoryAdapter  # noqa: E402
from bench.common import report, percentile  # noqa: E402
from bot.app import build  # noqa: E402
from bot.config import Config  # noqa: E402

SCRIPT = ["hello", "waterproof hiking boots under 120", "is the second one available in size 44?",
          "where is order 10042?", "what is your returns policy?", "rain jacket in red",
          "thanks", "bye"]


CONFIGS = {
    "keywords+bm25": Config(understanding={"backend": "keywords"}, search={"backend": "bm25"}),
    "model+hybrid (default)": Config(),
}


async def run(name: str, concurrency: int, turns: int, store_path: Path) -> dict:
    app = build(CONFIGS[name], store_path=store_path)
    memory = MemoryAdapter(app.engine)
    latencies: list[float] = []
    per_chat = max(1, turns // concurrency)

    async def conversation(chat: str) -> None:
        for text in itertools.islice(itertools.cycle(SCRIPT), per_chat):
            t0 = time.perf_counter()
            await memory.push(text, chat_id=chat)
            latencies.append((time.perf_counter() - t0) * 1000)

    await memory.push("warm up", chat_id="warm")
    started = time.perf_counter()
    await asyncio.gather(*(conversation(f"chat{i}") for i in range(concurrency)))
    wall = time.perf_counter() - started
    return {"pipeline": name, "concurrency": concurrency, "turns": len(latencies),
            "turns_per_s": round(len(latencies) / wall, 1),
            "p50_ms": round(statistics.median(latencies), 2),
            "p95_ms": round(percentile(latencies, 95), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=400)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in CONFIGS:
            for concurrency in (1, 16):
                rows.append(asyncio.run(run(name, concurrency, args.turns,
                                            Path(tmp) / f"{len(rows)}.db")))
    report("core", "Core turns without an LM (memory adapter, SQLite WAL)", rows,
           targets={"p50_ms (1 conv)": "<= 15", "turns_per_s (16 conv)": ">= 200"})


if __name__ == "__main__":
    main()
