"""Reply generation speed and quality per backend, for a realistic shop prompt.

The prompt is what LMComposer sends for a product search: the product_results prompt file
filled with 5 catalogue products, the house rules, a short dialogue and the new message
(~600 tokens). For each backend: load time, resident memory added, time to first token
with a cold cache and with the system prefix cached, decode tokens/s, the time of a full
60-token reply (first token + 59 decode steps), and perplexity on held-out text (the
shop's policy texts, which are not in the prompt) — speed that breaks the model does not
count. Then 4 chats at once through `LM.astream_chat` (one worker, bounded queue).

    python bench/lm_bench.py [--backends raw,llamacpp,fp32,bf16] [--runs 3]

`raw` is llama-cpp-python called directly on the same file, measured in the same run, so
the overhead of our wrapper shows as a ratio. Writes bench/results/lm.json.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import math
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, report  # noqa: E402
from core import facts as F  # noqa: E402
from core.composer_lm import system_message  # noqa: E402
from core.lm import CHAT_STOP, LM, LMSettings, packaged_gguf, render_chatml  # noqa: E402
from core.prompts import PromptLibrary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ["Which of these is lightest, and is it in stock?",
             "Do you have any of them in size 44?",
             "What would you recommend for rocky trails?",
             "Which one is cheapest?", "Is the second one waterproof?"]


def realistic_messages(question: str) -> list[dict]:
    with open(ROOT / "data" / "catalog.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["category"] == "hiking boots"][:5]
    products = [{**r, "price": float(r["price"]), "stock": int(r["stock"])} for r in rows]
    lines = "\n".join(f"{F.product_lines([p]).removeprefix('1. ')}: {p['description']}"
                      for p in products)
    prompt = PromptLibrary(ROOT / "prompts").get("product_results")
    system = prompt.render_system(shop_name="Trailhead Outfitters", query="waterproof hiking "
                                  "boots under 120", products=lines, count=5, filters="none")
    return [{"role": "system", "content": system_message(system)},
            {"role": "user", "content": "hi, I need boots for a hut-to-hut tour"},
            {"role": "assistant", "content": "Happy to help! What is your budget?"},
            {"role": "user", "content": "waterproof hiking boots under 120"},
            {"role": "assistant", "content": "Here are five waterproof boots under 120 EUR."},
            {"role": "user", "content": question}]


def held_out_text() -> str:
    import yaml

    policies = yaml.safe_load((ROOT / "data" / "policies.yaml").read_text(encoding="utf-8"))
    return "\n\n".join(p["text"] for p in policies.values())


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Raw:
    """llama-cpp-python used directly (no shopbot code in the loop)."""

    def __init__(self):
        from llama_cpp import Llama

        self.llm = Llama(model_path=str(packaged_gguf()), n_ctx=2048, n_threads=2,
                         flash_attn=True, verbose=False)

    def stream(self, prompt, max_new_tokens):
        for c in self.llm.create_completion(prompt, max_tokens=max_new_tokens, temperature=0.0,
                                            stop=list(CHAT_STOP), stream=True):
            yield c["choices"][0]["text"]

    def reset(self):
        self.llm.reset()

    def count(self, text):
        return len(self.llm.tokenize(text.encode(), add_bos=False, special=True))


class Ours:
    """core.lm.LM with one of its backends."""

    def __init__(self, backend, dtype="auto"):
        self.lm = LM(LMSettings(backend=backend, dtype=dtype, temperature=0.0, n_threads=2))
        self.lm.backend

    def stream(self, prompt, max_new_tokens):
        b = self.lm.backend
        return b.stream(prompt, max_new_tokens=max_new_tokens, stop=CHAT_STOP, temperature=0.0)

    def reset(self):
        b = self.lm.backend
        if hasattr(b, "llm"):
            b.llm.reset()
        else:
            b._cache, b._cached_ids = None, []

    def count(self, text):
        return self.lm.count_tokens(text)


def perplexity(engine, text: str) -> float:
    if isinstance(engine, Ours) and hasattr(engine.lm.backend, "model"):
        import torch

        b = engine.lm.backend
        ids = torch.tensor([b.tok(text, add_special_tokens=False).input_ids])
        with torch.inference_mode():
            return math.exp(float(b.model(input_ids=ids, labels=ids).loss))
    from llama_cpp import Llama

    llm = Llama(model_path=str(packaged_gguf()), n_ctx=2048, n_threads=2, logits_all=True,
                verbose=False)
    ids = llm.tokenize(text.encode(), add_bos=False)
    llm.eval(ids)
    import numpy as np

    logits = np.asarray(llm.scores[: len(ids)], dtype=np.float64)
    logz = np.log(np.exp(logits - logits.max(-1, keepdims=True)).sum(-1)) + logits.max(-1)
    nll = -(logits[np.arange(len(ids) - 1), ids[1:]] - logz[:-1])
    return float(math.exp(nll.mean()))


def one_reply(engine, prompt: str, n: int = 60) -> tuple[float, float, int]:
    start = time.perf_counter()
    first, text = None, ""
    for chunk in engine.stream(prompt, n):
        if first is None:
            first = time.perf_counter() - start
        text += chunk
    total = time.perf_counter() - start
    tokens = max(engine.count(text), 1)
    return first or total, total, tokens


def measure(name: str, make, runs: int, ppl_text: str) -> dict:
    before = rss_mb()
    t0 = time.perf_counter()
    engine = make()
    load = time.perf_counter() - t0
    mem = rss_mb() - before
    prompts = [render_chatml(realistic_messages(q)) for q in QUESTIONS]
    prompt_tokens = engine.count(prompts[0])
    engine.reset()
    cold_first, _, _ = one_reply(engine, prompts[0], 8)
    firsts, rates = [], []
    for i in range(runs):
        engine.reset()
        one_reply(engine, prompts[0], 1)  # the system prefix is now cached
        first, total, tokens = one_reply(engine, prompts[(i + 1) % len(prompts)])
        firsts.append(first)
        if tokens > 1 and total > first:
            rates.append((tokens - 1) / (total - first))
    rate = statistics.median(rates) if rates else float("nan")
    first = statistics.median(firsts)
    ppl = perplexity(engine, ppl_text)
    print(f"  {name}: prompt {prompt_tokens} tokens, load {load:.1f}s", flush=True)
    return {"backend": name, "load_s": round(load, 2), "mem_mb": round(mem),
            "prompt_tokens": prompt_tokens, "first_token_cold_s": round(cold_first, 2),
            "first_token_cached_s": round(first, 2), "decode_tok_s": round(rate, 1),
            "reply_60_s": round(first + 59 / rate, 2) if rate == rate else None,
            "perplexity": round(ppl, 1), "_engine": engine}


async def concurrent(lm: LM, chats: int) -> dict:
    async def chat(q: str) -> float:
        start = time.perf_counter()
        async for _ in lm.astream_chat(realistic_messages(q), max_new_tokens=60,
                                       temperature=0.0):
            pass
        return time.perf_counter() - start

    start = time.perf_counter()
    times = await asyncio.gather(*(chat(QUESTIONS[i % len(QUESTIONS)]) for i in range(chats)))
    return {"chats": chats, "reply_p50_s": round(percentile(times, 50), 2),
            "reply_max_s": round(max(times), 2),
            "wall_s": round(time.perf_counter() - start, 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backends", default="raw,llamacpp,fp32,bf16")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--name", default="lm", help="results file: bench/results/<name>.json")
    ap.add_argument("--concurrent-for", default="llamacpp",
                    help="backends also measured at 1 and 4 concurrent chats")
    args = ap.parse_args()
    makers = {"raw": ("llama.cpp raw (Q4_1)", Raw),
              "llamacpp": ("shopbot llamacpp (Q4_1)", lambda: Ours("llamacpp")),
              "fp32": ("transformers fp32 (dequantised GGUF)", lambda: Ours("gguf", "fp32")),
              "bf16": ("transformers bf16 (dequantised GGUF)", lambda: Ours("gguf", "bf16"))}
    text = held_out_text()
    rows, conc = [], []
    for key in args.backends.split(","):
        name, make = makers[key]
        row = measure(name, make, args.runs, text)
        engine = row.pop("_engine")
        if key == "llamacpp" or (key in args.concurrent_for.split(",")):
            for n in (1, 4):
                conc.append({"backend": name, **asyncio.run(concurrent(engine.lm, n))})
        rows.append(row)
        del engine
    extra = {}
    by = {r["backend"]: r for r in rows}
    raw, ours = by.get("llama.cpp raw (Q4_1)"), by.get("shopbot llamacpp (Q4_1)")
    if raw and ours:
        extra["decode_ratio_shopbot_vs_raw_llamacpp"] = round(
            ours["decode_tok_s"] / raw["decode_tok_s"], 2)
    extra["load_average_1m"] = round(os.getloadavg()[0], 2)  # other work on this machine
    report(args.name, "LM generation (60-token replies, ~600-token prompt)", rows, **extra)
    report(f"{args.name}_concurrency", "Concurrent chats through LM.astream_chat (one worker)", conc)


if __name__ == "__main__":
    main()
