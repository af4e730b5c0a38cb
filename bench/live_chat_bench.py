"""Scripted shop conversations through the whole bot, per reply model: who wrote the replies?

The held-out evaluation (`shopbot eval replies`) scores single prompts; this drives the real
engine (intent model, hybrid search, prompt files, grounding and reply-kind checks, SQLite
store) through the memory adapter with six conversations that touch every reply kind, and
reads back from the store, per model:

- model share: replies whose model draft passed every check and was sent;
- fallback share: replies where the drafts failed the checks (or the model failed) and the
  prompt file's template went out instead — the customer still gets a correct answer;
- rejected drafts by reason (grounding_violations);
- turn latency p50 / p95 (message in -> reply stored, generation included).

    python bench/live_chat_bench.py [--adapter DIR] [--backends template,base,tuned]

Prints the table and a transcript of the first conversation per model; writes
bench/results/live_chat.json (with every conversation's transcript). `template_only`
counts replies whose prompt file has no system text (policy answers, clarifying
questions): the model is never asked for those, so `model_written` is out of the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.memory import MemoryAdapter  # noqa: E402
from bench.common import percentile, report  # noqa: E402
from bot.app import build  # noqa: E402
from bot.config import ROOT, Config, LMConfig  # noqa: E402

CONVERSATIONS = [
    ["hello", "waterproof hiking boots under 120", "is the second one available in size 44?",
     "where is order 10042?", "thanks!", "bye"],
    ["hi there", "do you have a warm fleece?", "how much is the first one?",
     "compare the first two", "something like the first one?", "cheers"],
    ["where is my order?", "10037", "can I cancel order 10057?", "how long do refunds take?",
     "ok thank you", "goodbye"],
    ["good morning", "do you ship to Austria?", "which payment methods do you accept?",
     "is there a warranty on boots?", "are you a robot?", "what's the capital of France?",
     "write me a poem"],
    ["is it waterproof?", "tents for 2 people under 200", "does the first one come in green?",
     "lol", "I want to talk to a human"],
    ["sleeping bag for winter under 250", "which one is the warmest?", "how much does it weigh",
     "a tent for 6 people", "rain jacket for my wife", "what about men's?", "thanks, bye"],
    ["running shoes for the road", "something with good cushioning", "how do I order?",
     "where are you located?", "sleeping bag for -10", "what did I order?", "10004",
     "what do you mean?", "bye"],
]


def config_for(name: str, adapter: str, history: int) -> Config:
    if name == "template":
        return Config()
    return Config(lm=LMConfig(backend="llamacpp", temperature=0.0, history_messages=history,
                              adapter=adapter if name == "tuned" else None))


DAY = date(2026, 11, 30)


async def run(name: str, adapter: str, store_dir: Path, history: int) -> tuple[dict, list[str]]:
    t0 = time.perf_counter()
    app = build(config_for(name, adapter, history), store_path=store_dir / f"{name}.db")
    # the demo orders' dates are fixed, so is the day the bot answers on: the transcript
    # must not change with the calendar (order 10042, due 2026-11-25, is late on it)
    app.engine.turns.today = lambda: DAY
    latencies, transcript = [], []
    bot = MemoryAdapter(app.engine)  # one adapter: its message ids must not repeat
    for n, script in enumerate(CONVERSATIONS):
        for text in script:
            start = time.perf_counter()
            replies = await bot.push(text, chat_id=f"bench-{n}")
            latencies.append(time.perf_counter() - start)
            transcript += [f"you> {text}"] + [f"bot> {r.text}" for r in replies]
    db = app.store.db
    sources = collections.Counter(r["reply_source"] for r in db.query(
        "SELECT reply_source FROM messages WHERE direction = 'out'"))
    rejected = collections.Counter(r["violation"] for r in db.query(
        "SELECT violation FROM grounding_violations"))
    total = sum(sources.values())
    drafted = total - sources.get("template", 0)
    row = {"model": name, "replies": total,
           "template_only": sources.get("template", 0),
           "model_written": f"{sources.get('model', 0)}/{drafted}" if drafted else "-",
           "fallback": sources.get("fallback", 0), "refusal": sources.get("refusal", 0),
           "rejected_drafts": ", ".join(f"{k} {v}" for k, v in rejected.most_common()) or "-",
           "turn_p50_s": round(percentile(latencies, 50), 3),
           "turn_p95_s": round(percentile(latencies, 95), 3),
           "wall_s": round(time.perf_counter() - t0, 1)}
    return row, transcript


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--adapter", default=str(ROOT / "models" / "shop-lora"))
    ap.add_argument("--backends", default="template,base,tuned")
    ap.add_argument("--history", type=int, default=0,
                    help="earlier messages the model sees (config lm.history_messages)")
    args = ap.parse_args()
    rows, transcripts = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.backends.split(","):
            row, transcripts[name] = await run(name, args.adapter, Path(tmp), args.history)
            rows.append(row)
    for name, lines in transcripts.items():
        print(f"\n-- {name}\n" + "\n".join(lines[:2 * len(CONVERSATIONS[0])]))
    report("live_chat", "Scripted conversations through the whole bot "
           f"({sum(map(len, CONVERSATIONS))} turns each; llama.cpp, greedy)", rows,
           adapter=args.adapter, history_messages=args.history, transcripts=transcripts)


if __name__ == "__main__":
    asyncio.run(main())
