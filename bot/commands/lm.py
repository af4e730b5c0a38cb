"""`shopbot train lm`, `shopbot eval replies`, `shopbot describe`: the fine-tuned reply model.

Thin CLI edge over core/finetune.py, core/reply_eval.py and core/describe.py: options in,
a rich progress bar and a table out. Domain errors surface as one line (ShopbotError).
"""

from __future__ import annotations

import json
import shlex
import time
from pathlib import Path

import click

from bot.config import ROOT, load_config

SHIPPED_ADAPTER = ROOT / "models" / "shop-lora"


def _shop_sets(config, data: str | None, heldout_fraction: float, seed: int, limit: int | None):
    """(train, held-out for the loss) from --data or from the shop's own data."""
    from core.prompts import PromptLibrary
    from core.sft_data import (ShopData, build_shop_examples, drop_instructions, load_examples,
                               read_jsonl, refs, split)

    prompts = PromptLibrary(config.path(config.shop.prompts))
    if data:
        examples = load_examples(data, prompts, shop_name=config.shop.name)
    else:
        shop = ShopData.load(ROOT, config.shop.name)
        heldout_rows = read_jsonl(ROOT / "data/dialogues_heldout.jsonl")
        examples = drop_instructions(
            build_shop_examples(shop, seed=seed, exclude=refs(heldout_rows)), heldout_rows)
        examples += load_examples(ROOT / "data/dialogues.jsonl", prompts,
                                  shop_name=config.shop.name)
    train, held = split(examples, heldout_fraction, seed)
    return (train[:limit] if limit else train), held


@click.command("lm")
@click.option("--data", type=click.Path(exists=True, dir_okay=False),
              help="train on this JSONL (instruction/response[/facts]) instead of the shop's data")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="adapter directory (default: $SHOPBOT_HOME/models/shop-lora)")
@click.option("--steps", type=int, default=None, help="optimizer steps (default: --epochs passes)")
@click.option("--epochs", type=int, default=3, show_default=True)
@click.option("--batch-size", type=int, default=8, show_default=True)
@click.option("--lr", type=float, default=3e-4, show_default=True)
@click.option("--rank", "r", type=int, default=16, show_default=True, help="LoRA rank")
@click.option("--targets", default="all", show_default=True,
              help="LoRA target modules: all, attention, or a comma list (q_proj,v_proj,...)")
@click.option("--top-layers", type=int, default=10, show_default=True,
              help="LoRA on the last N decoder layers only (0: all layers)")
@click.option("--max-reply-tokens", "max_reply", type=click.IntRange(1), default=None,
              help="train on the first N tokens of each reply only (for a capped decode)")
@click.option("--threads", type=int, default=None,
              help="torch CPU threads (default: torch's choice; 1 is faster on a busy CPU)")
@click.option("--autocast", type=click.Choice(["auto", "none", "bf16"]), default="auto",
              show_default=True, help="bf16 compute (auto: where the CPU/GPU has it natively)")
@click.option("--heldout", "heldout_fraction", type=float, default=0.05, show_default=True,
              help="share of the set held out for the per-epoch loss")
@click.option("--eval-every", type=int, default=None, help="steps between held-out losses")
@click.option("--patience", type=int, default=2, show_default=True)
@click.option("--limit", type=int, default=None, help="use only the first N training examples")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--resume", type=click.Path(exists=True, file_okay=False), default=None,
              help="continue training this adapter (e.g. the shipped models/shop-lora)")
@click.pass_context
def train_lm(ctx, data, out_dir, steps, epochs, batch_size, lr, r, targets, top_layers,
             max_reply, threads, autocast, heldout_fraction, eval_every, patience, limit, seed,
             resume) -> None:
    """Fine-tune the reply model (a LoRA adapter) on the shop's data or on --data."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from core.finetune import ALL_LINEAR, TrainSettings, train
    from core.store import default_home

    config = load_config(ctx.obj.get("config_path"))
    target_list = {"all": ALL_LINEAR, "attention": ("q_proj", "k_proj", "v_proj", "o_proj")
                   }.get(targets) or tuple(t.strip() for t in targets.split(",") if t.strip())
    settings = TrainSettings(steps=steps, epochs=epochs, batch_size=batch_size, lr=lr, r=r,
                             alpha=2 * r, targets=target_list, autocast=autocast,
                             top_layers=top_layers or None, max_reply=max_reply,
                             threads=threads, resume=resume,
                             eval_every=eval_every, patience=patience, seed=seed)
    train_set, held = _shop_sets(config, data, heldout_fraction, seed, limit)
    out = Path(out_dir) if out_dir else default_home() / "models" / "shop-lora"
    click.echo(f"training on {len(train_set)} examples, {len(held)} held out for the loss "
               f"-> {out}")
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
               "{task.total} steps"), TextColumn("{task.fields[info]}"), TimeElapsedColumn(),
               TimeRemainingColumn())
    with Progress(*columns) as bar:
        task = bar.add_task("training", total=steps or None, info="loading the model")

        def progress(kind: str, info: dict) -> None:
            if kind == "step":
                text = f"loss {info['loss']:.3f} · {info['tokens_per_s']:.0f} tok/s"
                bar.update(task, completed=info["step"], total=info["total"], info=text)
                if not bar.console.is_terminal and info["step"] % 10 == 0:
                    bar.console.print(f"step {info['step']}/{info['total']}: {text}")
            elif kind == "eval":
                bar.console.print(f"step {info['step']}: held-out loss "
                                  f"{info['heldout_loss']:.4f}")
            elif kind == "early_stop":
                bar.console.print(f"early stop at step {info['step']} (best held-out loss "
                                  f"{info['best']:.4f})")

        # the record says how to reproduce it (benchmarks quote it, a resumed run chains it)
        result = train(train_set, held, out, settings, progress=progress,
                       command=_command_line(ctx))
    click.echo(f"saved {out} · {result.steps} steps in {result.seconds:.0f} s · "
               f"{result.tokens_per_s:.0f} tokens/s · held-out loss {result.base_heldout_loss} "
               f"-> {result.best_heldout_loss}")


def _command_line(ctx: click.Context) -> str:
    """The options this run was given (those that differ from their defaults), as a
    command line: rebuilt from click's parsed values, so it is the same under CliRunner."""
    parts = ["shopbot", *ctx.command_path.split()[1:]]
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        if not isinstance(param, click.Option) or value is None or value == param.default:
            continue
        if param.is_flag:
            parts.append(param.opts[0] if value else param.secondary_opts[0])
        else:
            parts += [param.opts[0], str(value)]
    return shlex.join(parts)


def _threads(n: int | None) -> None:
    if n:
        import torch

        torch.set_num_threads(n)


def _lm(adapter: str | None, max_new_tokens: int = 96, threads: int | None = None,
        backend: str = "hf", beams: int = 1):
    """The model to score: transformers fp32 as trained (hf), or what the bot serves
    (llamacpp: the adapter merged into the Q4_1 GGUF; several times faster on a CPU)."""
    if backend == "llamacpp":
        from core.lm import LM, LMSettings

        return LM(LMSettings(backend="llamacpp", adapter_path=adapter, temperature=0.0,
                             max_new_tokens=max_new_tokens, n_threads=threads or 2,
                             num_beams=beams))  # > 1: LMSettings refuses it, naming why
    from core.finetune import reply_lm

    return reply_lm(adapter, max_new_tokens=max_new_tokens, threads=threads, num_beams=beams)


def _default_adapter(config) -> str | None:
    if config.lm.adapter:
        return str(config.path(config.lm.adapter))
    return str(SHIPPED_ADAPTER) if (SHIPPED_ADAPTER / "adapter_config.json").is_file() else None


@click.command("replies")
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False),
              default=None, help="LoRA adapter dir (default: the shipped/configured adapter)")
@click.option("--data", type=click.Path(exists=True, dir_okay=False), default=None,
              help="held-out JSONL (default: data/dialogues_heldout.jsonl)")
@click.option("--base/--no-base", default=True, show_default=True,
              help="also score the base model, side by side")
@click.option("--describe/--no-describe", "with_describe", default=None,
              help="also score `describe` on held-out catalogue descriptions (default: with "
                   "the shop's own held-out set)")
@click.option("--limit", type=int, default=None, help="only the first N rows")
@click.option("--max-new-tokens", type=int, default=96, show_default=True)
@click.option("--report", type=click.Path(dir_okay=False), default=None,
              help="Markdown report path (default: $SHOPBOT_HOME/reports/replies.md)")
@click.option("--threads", type=int, default=None, help="CPU threads")
@click.option("--backend", type=click.Choice(["hf", "llamacpp"]), default="hf", show_default=True,
              help="hf: transformers fp32, as trained; llamacpp: the merged GGUF the bot serves")
@click.option("--beams", type=click.IntRange(min=1), default=1, show_default=True,
              help="beam search over N beams instead of greedy decoding (--backend hf)")
@click.option("--tidy/--no-tidy", default=True, show_default=True,
              help="drop a last sentence the token cap cut off, as the bot does before "
                   "sending (--no-tidy: score the text as generated, as public benchmarks do)")
@click.option("--json", "as_json", is_flag=True, help="print the scores as JSON")
@click.pass_context
def eval_replies(ctx, model_dir, data, base, with_describe, limit, max_new_tokens, report,
                 threads, backend, beams, tidy, as_json) -> None:
    """Score replies on held-out dialogues: fine-tuned vs base model (greedy decoding, or
    --beams N; the drafts are tidied like the bot's, before its grounding check, unless
    --no-tidy)."""
    from core import reply_eval as R
    from core.composer_lm import tidy as tidy_draft
    from core.prompts import PromptLibrary
    from core.sft_data import load_examples, load_products, template_only
    from core.store import default_home

    if beams > 1 and backend != "hf":
        raise click.UsageError("--beams needs --backend hf (llama.cpp decodes one sequence)")
    config = load_config(ctx.obj.get("config_path"))
    _threads(threads)
    adapter = model_dir or _default_adapter(config)
    if adapter is None:
        raise click.ClickException("no adapter: train one with `shopbot train lm` or pass --model")
    prompts = PromptLibrary(config.path(config.shop.prompts))
    path = data or ROOT / "data/dialogues_heldout.jsonl"
    examples = load_examples(path, prompts, shop_name=config.shop.name)
    # a kind the bot answers from its template alone is never drafted: nothing to score
    skipped = sorted({e.kind for e in examples if template_only(prompts, e.kind)})
    examples = [e for e in examples if e.kind not in skipped][:limit]
    if skipped:
        click.echo(f"not scored (template-only prompt files): {', '.join(skipped)}", err=True)
    products = load_products(config.path(config.shop.catalog))
    known = [p["name"] for p in products]
    models = {"fine-tuned": adapter, **({"base": None} if base else {})}
    finish = tidy_draft if tidy else str.strip
    scores, samples, describe_rows = [], {}, []
    for name, where in models.items():
        lm = _lm(where, max_new_tokens, threads, backend, beams)
        with click.progressbar(length=len(examples), label=f"{name:>10}",
                               file=click.get_text_stream("stderr")) as bar:
            s, smp = R.run_model(name, lambda m: finish(lm.generate_chat(m, temperature=0.0)),
                                 examples, known, on_reply=lambda i: bar.update(1))
        scores.append(s)
        samples[name] = smp
        if with_describe if with_describe is not None else data is None:
            describe_rows.append(_describe_bleu(name, lm, products))
        lm.close()
    extra = ""
    if describe_rows:
        extra = ("## `describe` on held-out catalogue descriptions\n\n| model | BLEU | chrF | "
                 "grounding violations | n |\n|---|---|---|---|---|\n" + "\n".join(
                     f"| {d['model']} | {d['bleu']:.1f} | {d['chrf']:.1f} | "
                     f"{d['violation_rate']:.0%} | {d['n']} |" for d in describe_rows))
    out = Path(report) if report else default_home() / "reports" / "replies.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    png = R.plot(scores, out.with_suffix(".png"))
    out.write_text(R.markdown_report(scores, samples, plot_file=png.name, extra=extra))
    if as_json:
        click.echo(json.dumps({"scores": [s.to_dict() for s in scores],
                               "describe": describe_rows, "report": str(out),
                               "data": str(path), "adapter": adapter, "backend": backend,
                               "beams": beams, "tidy": tidy, "template_only": skipped},
                              indent=2))
        return
    click.echo(R.table(scores))
    if extra:
        click.echo("\n" + extra)
    first = samples[next(iter(samples))]
    for i in R.spread(first, 4):
        click.echo(f"\n[{first[i].kind}] {first[i].instruction}\n  reference: "
                   f"{first[i].reference}")
        for name in samples:
            click.echo(f"  {name}: {samples[name][i].reply}")
    click.echo(f"\nreport: {out}")


def _describe_bleu(name: str, lm, products) -> dict:
    import sacrebleu

    from core import describe as D
    from core.grounding import check

    held = [p for p in products if D.is_heldout(p["id"]) and p.get("description")]
    outs, bad = [], 0
    for p in held:
        attrs = D.product_attributes(p)
        text = lm.generate_chat(D.messages(p["name"], attrs), temperature=0.0)
        outs.append(text)
        bad += bool(check(text, D.facts(p["name"], attrs)))
    refs = [p["description"] for p in held]
    return {"model": name, "n": len(held),
            "bleu": round(sacrebleu.corpus_bleu(outs, [refs]).score, 2),
            "chrf": round(sacrebleu.corpus_chrf(outs, [refs]).score, 2),
            "violation_rate": round(bad / max(len(held), 1), 4)}


@click.command("describe")
@click.argument("name")
@click.option("--attributes", "-a", multiple=True, metavar="KEY=VALUE",
              help="a fact about the product (repeatable; also 'k=v; k=v')")
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False),
              default=None, help="LoRA adapter dir (default: the shipped/configured adapter)")
@click.option("--threads", type=int, default=None, help="torch CPU threads")
@click.pass_context
def describe_cmd(ctx, name, attributes, model_dir, threads) -> None:
    """Write a product description for NAME, grounded in the given attributes."""
    from core.catalog import parse_attributes
    from core.describe import describe

    config = load_config(ctx.obj.get("config_path"))
    attrs: dict[str, str] = {}
    for a in attributes:
        try:
            attrs.update(parse_attributes(a))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--attributes") from None
    _threads(threads)
    lm = _lm(model_dir or _default_adapter(config), 120, threads)
    t0 = time.perf_counter()
    result = describe(name, attrs, lambda m, t: lm.generate_chat(m, temperature=t))
    lm.close()
    click.echo(result.text)
    if result.fallback:
        click.echo("(the model's drafts were not grounded in the attributes: "
                   + "; ".join(v.message for v in result.violations) + ")", err=True)
    click.echo(f"({time.perf_counter() - t0:.1f} s)", err=True)


def register(cli: click.Group, groups: dict[str, click.Group]) -> None:
    groups["train"].add_command(train_lm)
    groups["eval"].add_command(eval_replies)
    cli.add_command(describe_cmd)
