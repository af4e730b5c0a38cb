"""Fine-tuning on public data: Bitext customer-support responses, base vs fine-tuned.

    python -m bench.finetune_bench [--per-intent 10] [--eval-per-intent 10] [--steps N]
                                   [--throughput-steps 6] [--max-new-tokens 128]
                                   [--no-training | --score-only [--adapter DIR] [--reuse-base]]
                                   [--tidy]
                                   [--eval-backend hf --beams N]

Reads ../shared/data/bitext_customer_support/ ($SHOPBOT_SHARED_DATA overrides; skips when
absent):
1. llm_responses/train.csv (4,514 instruction -> response pairs); rows whose instruction
   also occurs in intent_detection/dev.csv or test.csv are dropped;
2. a stratified held-out slice (`--per-intent` rows of each of the 27 intents) is set
   aside; the rest is the training part (written as JSONL under $SHOPBOT_HOME/bench/bitext);
3. training and scoring run through the project's own commands —
   `shopbot train lm --data train.jsonl --out DIR` and
   `shopbot eval replies --model DIR --data heldout.jsonl --no-tidy --json` —
   so the benchmark is exactly what a user can reproduce. Replies are scored as generated
   (`--no-tidy`), as the reference loop and public benchmarks score a model: the bot drops
   a last sentence the token cap cut off before sending, which at a 128-token cap removes
   about a tenth of the words (`--tidy` scores that instead). Decoding is greedy unless
   `--beams N` (beam search; transformers only, so it needs `--eval-backend hf`);
4. throughput: a few steps of the reference loop (LoRA r=16 on every layer, fp32, batch 8,
   no length bucketing, torch's default threads) and of the default loop on the same
   batches, tokens per wall second and per CPU second (the CPU may be shared);
5. a table (bench/results/finetune.json): BLEU / chrF of base and fine-tuned, training
   time, tokens/s, and a ceiling row: the references themselves cut at --max-new-tokens
   (a reply cut there cannot score more; with 128 tokens two thirds of them are cut).
`--no-training` runs only steps 4 and the ceiling (bench/results/finetune_throughput.json);
`--score-only` scores the adapter a previous run left in $SHOPBOT_HOME/bench/bitext/adapter
(or `--adapter DIR`, e.g. one continued with `shopbot train lm --resume`).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.common import RESULTS, SHARED_DATA, report

BITEXT = SHARED_DATA / "bitext_customer_support"


def load_rows() -> list[dict]:
    seen = set()
    for name in ("dev.csv", "test.csv"):
        with (BITEXT / "intent_detection" / name).open(newline="", encoding="utf-8") as fh:
            seen |= {r["utterance"].strip().lower() for r in csv.DictReader(fh)}
    with (BITEXT / "llm_responses" / "train.csv").open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["instruction"].strip().lower() not in seen]
    return rows


def split_rows(rows: list[dict], per_intent: int, seed: int = 0) -> tuple[list[dict], list[dict]]:
    by_intent: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_intent[r["intent"]].append(r)
    rng = random.Random(seed)
    train, held = [], []
    for intent in sorted(by_intent):
        group = by_intent[intent][:]
        rng.shuffle(group)
        held += group[:per_intent]
        train += group[per_intent:]
    rng.shuffle(train)
    return train, held


def to_jsonl(rows: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"instruction": r["instruction"].strip(),
                                        "response": r["response"].strip(),
                                        "intent": r["intent"]}, ensure_ascii=False) + "\n"
                            for r in rows), encoding="utf-8")
    return path


def shopbot(*args: str) -> str:
    """Run a shopbot command in-process; returns what it printed."""
    from click.testing import CliRunner

    from bot.cli import cli

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"shopbot {' '.join(args)} failed:\n{result.output}")
    return result.stdout


def shopbot_live(*args: str) -> None:
    """Run a long shopbot command in a child process, its progress shown as it happens."""
    import subprocess

    cmd = [sys.executable, "-c", "from bot.cli import main; main()", *args]
    if subprocess.run(cmd).returncode != 0:
        raise SystemExit(f"shopbot {' '.join(args)} failed")


def throughput(train_path: Path, steps: int, warmup: int = 2) -> list[dict]:
    """Reference loop vs default loop on the same batches: tokens per wall / CPU second.

    The first `warmup` steps of each loop are run but not timed (oneDNN builds its bf16
    kernels on the first call)."""
    import torch

    from core.finetune import (ALL_LINEAR, TrainSettings, _lora, collate, encode, load_base,
                               make_batches, reply_loss, resolve_autocast)
    from core.sft_data import load_examples

    examples = load_examples(train_path)[: (steps + warmup) * 8 * 2]
    auto = resolve_autocast("auto", "cpu")
    rows = []
    configs = [("reference: r=16 all layers, fp32, batch 8, unbucketed, default threads",
                TrainSettings(top_layers=None, targets=ALL_LINEAR, bucket=False,
                              autocast="none"), None),
               ("default before bf16: r=16 top 10 layers, reply-only logits, bucketed, fp32, "
                "1 thread", TrainSettings(autocast="none"), 1),
               (f"default: r=16 top 10 layers, reply-only logits, bucketed, autocast auto "
                f"(= {auto} here), default threads", TrainSettings(), None)]
    default_threads = torch.get_num_threads()
    for label, s, threads in configs:
        torch.set_num_threads(threads or default_threads)
        autocast = resolve_autocast(s.autocast, "cpu")
        model, tok = load_base()
        model = _lora(model, s)
        items = [e for e in (encode(tok, x, s.max_len) for x in examples) if e]
        batches = make_batches(items, 8, random.Random(0), s.bucket)[:steps + warmup]
        params = [p for p in model.parameters() if p.requires_grad]
        opt = torch.optim.AdamW(params, lr=1e-4)
        tokens, wall, cpu = 0, 0.0, 0.0
        for k, batch in enumerate(batches):
            ids, labels, mask = collate(batch, tok.eos_token_id, "cpu")
            t, c = time.perf_counter(), time.process_time()
            reply_loss(model, ids, labels, mask, autocast).backward()
            opt.step()
            opt.zero_grad()
            if k >= warmup:
                wall += time.perf_counter() - t
                cpu += time.process_time() - c
                tokens += int(mask.sum())
        rows.append({"loop": label, "steps": len(batches) - warmup, "tokens": tokens,
                     "tokens_per_s": round(tokens / wall, 1),
                     "tokens_per_cpu_s": round(tokens / cpu, 1)})
    torch.set_num_threads(default_threads)
    base = rows[0]["tokens_per_s"]
    for row in rows:
        row["vs_reference"] = round(row["tokens_per_s"] / base, 2)
    return rows


def oracle(held_path: Path, max_new_tokens: int) -> dict:
    """The references themselves, cut at `max_new_tokens` model tokens: the best BLEU any
    model can score when its replies are cut there (BLEU's brevity penalty still applies)."""
    from transformers import AutoTokenizer

    from core.finetune import ensure_base
    from core.reply_eval import score
    from core.sft_data import load_examples

    tok = AutoTokenizer.from_pretrained(str(ensure_base()))
    examples = load_examples(held_path)
    ids = [tok(e.response, add_special_tokens=False).input_ids for e in examples]
    cut = [tok.decode(row[:max_new_tokens]) for row in ids]
    longer = sum(len(row) > max_new_tokens for row in ids)
    s = score(f"references cut at {max_new_tokens} tokens", examples, cut)[0]
    return {"model": s.model, "BLEU": s.bleu, "chrF": s.chrf, "ROUGE-L": s.rouge_l,
            "mean words": s.mean_words, "n": s.n, "longer_than_cap": longer}


def training_chain(adapter: Path) -> dict:
    """The training record of `adapter`; for one trained with `--resume`, the runs it
    continued are counted in: steps, seconds and tokens summed, the held-out losses in order
    (each resumed run's step 0 is the loss it started from, so it is not repeated), and
    the commands joined with &&."""
    runs, path = [], adapter
    while path:
        record = json.loads((Path(path) / "training.json").read_text())
        runs.insert(0, record)
        path = record["settings"].get("resume")
    seconds, tokens = sum(r["seconds"] for r in runs), sum(r["train_tokens"] for r in runs)
    return {"steps": sum(r["steps"] for r in runs), "seconds": round(seconds, 1),
            "train_tokens": tokens, "tokens_per_s": round(tokens / max(seconds, 1e-9), 1),
            "history": runs[0]["history"] + [p for r in runs[1:] for p in r["history"][1:]],
            "command": " && ".join(r.get("command", "(command not recorded)") for r in runs)}


def previous_base(heldout: dict, results: Path = RESULTS) -> tuple[dict, str]:
    """The base model's row of the last result, and when it was measured; exits when that
    run scored another slice or decoded differently (its row would not be comparable)."""
    path = results / "finetune.json"
    last = json.loads(path.read_text()) if path.is_file() else {}
    rows = [r for r in last.get("rows", []) if r["model"] == "base"]
    if not rows or last.get("heldout") != heldout:
        sys.exit(f"--reuse-base: {path} has no base row scored with {heldout}; run without it")
    return rows[0], last["measured_at"]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-intent", type=int, default=10, help="held-out rows per intent")
    ap.add_argument("--eval-per-intent", type=int, default=None,
                    help="score only this many of them per intent (default: all)")
    ap.add_argument("--train-rows", type=int, default=None, help="use only N training rows")
    ap.add_argument("--steps", type=int, default=None, help="training steps (default: 3 epochs)")
    ap.add_argument("--throughput-steps", type=int, default=6)
    ap.add_argument("--no-training", action="store_true",
                    help="only the throughput loops and the cut-reference ceiling "
                         "(bench/results/finetune_throughput.json); no training, no scoring")
    ap.add_argument("--score-only", action="store_true",
                    help="no training: score the adapter the last run saved (its training "
                         "record gives the training figures)")
    ap.add_argument("--adapter", type=Path, default=None,
                    help="with --score-only: score this adapter (default: the one the last "
                         "run saved); a resumed one counts the runs it continued")
    ap.add_argument("--reuse-base", action="store_true",
                    help="with --score-only: take the base model's row from the last result "
                         "when it scored the same slice with the same decoding (the base does "
                         "not change with the adapter) instead of scoring it again")
    ap.add_argument("--tidy", action="store_true",
                    help="score replies tidied as the bot sends them (default: as generated)")
    ap.add_argument("--max-new-tokens", type=int, default=128)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--train-args", default="", help="extra `shopbot train lm` options")
    ap.add_argument("--eval-backend", default="llamacpp", choices=["hf", "llamacpp"],
                    help="`shopbot eval replies --backend` (llamacpp: what the bot serves)")
    ap.add_argument("--beams", type=int, default=1,
                    help="`shopbot eval replies --beams`: beam search (needs --eval-backend hf)")
    args = ap.parse_args(argv)
    if args.reuse_base and not args.score_only:
        ap.error("--reuse-base goes with --score-only")
    if args.beams > 1 and args.eval_backend != "hf":
        ap.error("--beams needs --eval-backend hf (llama.cpp decodes one sequence)")
    if not (BITEXT / "llm_responses" / "train.csv").is_file():
        print(f"skipped: {BITEXT} not found")
        return
    from core.store import default_home

    work = default_home() / "bench" / "bitext"
    rows = load_rows()
    train, held = split_rows(rows, args.per_intent)
    if args.eval_per_intent is not None:
        held = split_rows(held, args.eval_per_intent)[1]
    if args.train_rows:
        train = train[: args.train_rows]
    train_path, held_path = to_jsonl(train, work / "train.jsonl"), to_jsonl(held,
                                                                             work / "heldout.jsonl")
    print(f"{len(rows)} rows after dropping intent dev/test instructions; training on "
          f"{len(train)}, scoring {len(held)}", flush=True)
    tput = throughput(train_path, args.throughput_steps) if args.throughput_steps else []
    for row in tput:
        print(row, flush=True)
    ceiling = oracle(held_path, args.max_new_tokens)
    if args.no_training:
        report("finetune_throughput", "LoRA training loops side by side (tokens/s), and the "
               "best BLEU a reply cut at the decoding cap can score", tput, ceiling=ceiling,
               argv=sys.argv[1:])
        return
    adapter = args.adapter if args.score_only and args.adapter else work / "adapter"
    train_cmd = ["train", "lm", "--data", str(train_path), "--out", str(adapter),
                 "--threads", str(args.threads), "--heldout", "0.02",
                 *(["--steps", str(args.steps)] if args.steps else []), *args.train_args.split()]
    if args.score_only:
        if not (adapter / "training.json").is_file():
            sys.exit(f"--score-only: no trained adapter in {adapter}; run without it first")
        record = training_chain(adapter)
        train_s, command = record["seconds"], record["command"]
    else:
        t0 = time.perf_counter()
        shopbot_live(*train_cmd)
        train_s, command = time.perf_counter() - t0, "shopbot " + " ".join(train_cmd)
        record = json.loads((adapter / "training.json").read_text())
    heldout = {"per_intent": args.per_intent, "scored": len(held),
               "max_new_tokens": args.max_new_tokens, "eval_backend": args.eval_backend,
               "decoding": f"beam search, {args.beams} beams" if args.beams > 1 else "greedy",
               "replies": "tidied as the bot sends them" if args.tidy else "as generated"}
    base_row, base_from = previous_base(heldout) if args.reuse_base else (None, None)
    out = json.loads(shopbot("eval", "replies", "--model", str(adapter), "--data",
                             str(held_path), "--json", "--no-describe", "--max-new-tokens",
                             str(args.max_new_tokens), "--backend", args.eval_backend,
                             "--beams", str(args.beams), "--tidy" if args.tidy else "--no-tidy",
                             "--no-base" if base_row else "--base",
                             "--report", str(work / "report.md")))
    scores = {s["model"]: s for s in out["scores"]}
    table = [{"model": name, "BLEU": s["bleu"], "chrF": s["chrf"], "ROUGE-L": s["rouge_l"],
              "mean words": s["mean_words"], "n": s["n"]} for name, s in scores.items()]
    if base_row:
        table.append(base_row)
    table.append({k: ceiling[k] for k in ("model", "BLEU", "chrF", "ROUGE-L", "mean words", "n")})
    report("finetune", "Bitext customer-support responses: base vs fine-tuned (held-out slice)",
           table, throughput=tput, training={
               "rows": len(train), "steps": record["steps"], "seconds": round(train_s, 1),
               "tokens": record["train_tokens"], "tokens_per_s": record["tokens_per_s"],
               "heldout_loss": [p["heldout_loss"] for p in record["history"]],
               "command": command, "scored_only": args.score_only},
           heldout=heldout, argv=sys.argv[1:],
           **({"base_row_measured_at": base_from} if base_from else {}))


if __name__ == "__main__":
    main()
