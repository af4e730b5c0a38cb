"""A tiny real LoRA run: the adapter saves, loads through core.lm, and changes the model."""

import json
from pathlib import Path

import pytest

from core.describe import describe, facts as describe_facts
from core.finetune import (Encoded, TrainSettings, encode, load_base, make_batches, reply_lm,
                           train)
from core.grounding import check
from core.sft_data import ShopData, build_shop_examples

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings(
    "ignore:`is_gradient_checkpointing` is deprecated:FutureWarning")]
ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "models" / "shop-lora"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    # one exported base model for the whole module (the autouse fixture gives each test
    # its own SHOPBOT_HOME; the base export is what we share)
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def tiny(home):
    shop = ShopData.load(ROOT)
    examples = [e for e in build_shop_examples(shop) if e.kind == "order_status"][:6]
    mp = pytest.MonkeyPatch()
    mp.setenv("SHOPBOT_HOME", str(home))
    base = load_base()
    out = home / "adapter"
    settings = TrainSettings(steps=3, batch_size=2, lr=5e-3, r=2, alpha=4, top_layers=2,
                             targets=("q_proj", "v_proj"), eval_every=3, threads=1)
    result = train(examples[:4], examples[4:], out, settings, base=base)
    yield examples, out, result
    mp.undo()


def test_reply_tokens_are_the_only_labels(home, monkeypatch):
    monkeypatch.setenv("SHOPBOT_HOME", str(home))
    from transformers import AutoTokenizer

    from core.finetune import ensure_base

    tok = AutoTokenizer.from_pretrained(str(ensure_base()))
    e = build_shop_examples(ShopData.load(ROOT))[0]
    enc = encode(tok, e, 2048)
    labelled = [t for t, lab in zip(enc.ids, enc.labels) if lab != -100]
    assert tok.decode(labelled) == e.response + "<|im_end|>"
    assert tok.decode(enc.ids[:len(enc.ids) - len(labelled)]).endswith("<|im_start|>assistant\n")
    assert encode(tok, e, 10) is None


def test_max_reply_cuts_the_reply_without_an_end_marker(home, monkeypatch):
    monkeypatch.setenv("SHOPBOT_HOME", str(home))
    from transformers import AutoTokenizer

    from core.finetune import ensure_base

    tok = AutoTokenizer.from_pretrained(str(ensure_base()))
    e = build_shop_examples(ShopData.load(ROOT))[0]
    full = encode(tok, e, 2048)
    n_reply = sum(lab != -100 for lab in full.labels)
    cut = encode(tok, e, 2048, max_reply=5)
    labelled = [t for t, lab in zip(cut.ids, cut.labels) if lab != -100]
    assert len(labelled) == 5 and tok.eos_token_id not in labelled
    assert cut.ids == full.ids[:len(full.ids) - n_reply + 5]  # same prompt, reply prefix
    assert encode(tok, e, 2048, max_reply=n_reply) == full  # a reply that fits is untouched


def test_autocast_auto_follows_the_hardware(monkeypatch):
    import torch

    from core.errors import ModelError
    from core.finetune import resolve_autocast

    for name in ("_is_amx_tile_supported", "_is_avx512_bf16_supported"):
        monkeypatch.setattr(torch.cpu, name, lambda: False, raising=False)
    assert resolve_autocast("auto", "cpu") == "none"  # emulated bf16 is slower than fp32
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: True, raising=False)
    assert resolve_autocast("auto", "cpu") == "bf16"
    assert resolve_autocast("none", "cpu") == "none" and resolve_autocast("bf16", "cpu") == "bf16"
    with pytest.raises(ModelError, match="unknown autocast"):
        resolve_autocast("fp8", "cpu")


def test_bf16_loss_matches_fp32(home, monkeypatch):
    """The bf16 path computes the same loss as fp32 on a real batch, within bf16 precision
    (on a CPU without bf16 instructions it is emulated: slower, still correct)."""
    monkeypatch.setenv("SHOPBOT_HOME", str(home))
    import torch

    from core.finetune import collate, reply_loss

    model, tok = load_base()
    batch = [e for e in (encode(tok, x, 512) for x in build_shop_examples(ShopData.load(ROOT))[:4]) if e]
    ids, labels, mask = collate(batch, tok.eos_token_id, "cpu")
    with torch.inference_mode():
        fp32 = reply_loss(model, ids, labels, mask, "none").item()
        bf16 = reply_loss(model, ids, labels, mask, "bf16").item()
    assert abs(bf16 - fp32) / fp32 < 0.03, (fp32, bf16)


def test_buckets_group_similar_lengths():
    import random

    items = [Encoded(tuple(range(n)), tuple(range(n))) for n in (5, 50, 6, 51, 7, 52)]
    batches = make_batches(items, 3, random.Random(0))
    assert sorted(sorted(len(e.ids) for e in b) for b in batches) == [[5, 6, 7], [50, 51, 52]]


def test_tiny_run_saves_a_small_adapter_with_its_record(tiny):
    _, out, result = tiny
    assert (out / "adapter_config.json").is_file()
    assert (out / "adapter_model.safetensors").stat().st_size < 200_000
    record = json.loads((out / "training.json").read_text())
    assert record["steps"] == 3 and record["train_tokens"] > 0
    assert [p["step"] for p in record["history"]] == [0, 3]
    assert record["settings"]["autocast"] in ("none", "bf16")  # what ran, never "auto"
    assert result.best_heldout_loss <= result.base_heldout_loss


def test_adapter_loads_and_changes_the_output(tiny, home, monkeypatch):
    import torch

    monkeypatch.setenv("SHOPBOT_HOME", str(home))
    examples, out, _ = tiny
    base, tuned = reply_lm(None), reply_lm(out)
    from core.lm import render_chatml

    prompt = render_chatml(examples[0].messages)
    logits = []
    for lm in (base, tuned):
        backend = lm.backend
        ids = backend.tok(prompt, add_special_tokens=False, return_tensors="pt").input_ids
        with torch.inference_mode():
            logits.append(backend.model(input_ids=ids).logits[0, -8:])
        lm.close()
    assert (logits[0] - logits[1]).abs().max() > 1e-3


def test_a_resumed_run_that_only_gets_worse_keeps_the_adapter_it_started_from(tiny, home,
                                                                            tmp_path,
                                                                            monkeypatch):
    import torch
    from safetensors.torch import load_file

    monkeypatch.setenv("SHOPBOT_HOME", str(home))
    examples, out, _ = tiny
    # a learning rate this large wrecks the adapter at the first step: the held-out loss
    # never beats the starting point, so the saved weights must be the starting ones
    settings = TrainSettings(steps=2, batch_size=2, lr=50.0, eval_every=1, patience=5,
                             threads=1, resume=str(out))
    result = train(examples[:4], examples[4:], tmp_path / "resumed", settings,
                   base=load_base())
    assert [round(p.heldout_loss, 4) > round(result.base_heldout_loss, 4)
            for p in result.history[1:]] == [True, True]
    assert result.best_heldout_loss == result.base_heldout_loss
    before = load_file(out / "adapter_model.safetensors")
    after = load_file(tmp_path / "resumed" / "adapter_model.safetensors")
    assert before.keys() == after.keys()
    assert all(torch.equal(before[k], after[k]) for k in before)


@pytest.mark.skipif(not (SHIPPED / "adapter_config.json").is_file(), reason="no shipped adapter")
def test_describe_with_the_shipped_adapter_is_grounded(home, monkeypatch):
    monkeypatch.setenv("SHOPBOT_HOME", str(home))
    lm = reply_lm(SHIPPED, max_new_tokens=60)
    attrs = {"brand": "Torvik", "category": "hiking boots", "material": "nubuck leather",
             "waterproof": "yes", "weight_g": "620", "warranty_years": "2"}
    result = describe("Fjordline Trek Boot", attrs,
                      lambda m, t: lm.generate_chat(m, temperature=t))
    lm.close()
    assert result.text
    assert check(result.text, describe_facts("Fjordline Trek Boot", attrs)) == []


def test_reply_scores_side_by_side(tmp_path):
    from core import reply_eval as R
    from core.prompts import PromptLibrary
    from core.sft_data import load_examples

    examples = load_examples(ROOT / "data/dialogues_heldout.jsonl", PromptLibrary(ROOT / "prompts"))
    order = next(e for e in examples if e.kind == "order_status")
    good = [e.response for e in examples]
    bad = ["Your order has been delivered. It cost 12.50 EUR." for _ in examples]
    s_good, samples = R.score("good", examples, good)
    s_bad, bad_samples = R.score("bad", examples, bad)
    assert s_good.bleu == 100 and s_good.grounding_violation_rate == 0
    assert s_good.appropriate_rate == 1.0
    assert s_bad.bleu < 10 and s_bad.grounding_violation_rate == 1.0
    assert not R.appropriate(order.kind, order.facts, "Hello there!")
    png = R.plot([s_good, s_bad], tmp_path / "r.png")
    md = R.markdown_report([s_good, s_bad], {"good": samples, "bad": bad_samples},
                           plot_file=png.name)
    assert png.stat().st_size > 1000
    assert "| BLEU | 100.0 |" in md and "⚠" in md


def test_eval_replies_scores_the_text_as_generated_with_no_tidy(tiny, home, monkeypatch, tmp_path):
    from click.testing import CliRunner

    from bot.cli import cli

    monkeypatch.setenv("SHOPBOT_HOME", str(home))
    _, out, _ = tiny
    lines = (ROOT / "data/dialogues_heldout.jsonl").read_text().splitlines()
    rows = [line for line in lines if json.loads(line)["kind"] == "order_status"]  # 3 sentences
    policy = next(line for line in lines if json.loads(line)["kind"] == "policy")
    data = tmp_path / "orders.jsonl"
    data.write_text("\n".join(rows + [policy]) + "\n")
    words = {}
    for flag in ("--tidy", "--no-tidy"):
        result = CliRunner().invoke(cli, ["eval", "replies", "--model", str(out), "--data", str(data),
                                          "--no-base", "--no-describe", "--max-new-tokens", "24",
                                          "--threads", "1", flag, "--json",
                                          "--report", str(tmp_path / f"{flag}.md")])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output[result.output.index("{"):])
        assert report["tidy"] is (flag == "--tidy")
        # the shipped policy.yaml is template-only: the bot never drafts it, so no score
        assert report["template_only"] == ["policy"] and report["scores"][0]["n"] == len(rows)
        words[flag] = report["scores"][0]["mean_words"]
    # 24 tokens cut these replies mid-sentence: tidying drops that last part, --no-tidy keeps it
    assert words["--no-tidy"] > words["--tidy"]


def test_train_lm_records_the_command_that_reproduces_it(home, monkeypatch, tmp_path):
    import shlex

    from click.testing import CliRunner

    from bot.cli import cli

    monkeypatch.setenv("SHOPBOT_HOME", str(home))
    data = tmp_path / "d.jsonl"
    data.write_text("".join(line + "\n" for line in
                            (ROOT / "data/dialogues_heldout.jsonl").read_text().splitlines()[:6]))
    options = ["--data", str(data), "--out", str(tmp_path / "a"), "--steps", "1",
               "--batch-size", "2", "--rank", "2", "--targets", "q_proj", "--top-layers", "1",
               "--threads", "1", "--heldout", "0.5"]
    result = CliRunner().invoke(cli, ["train", "lm", *options])
    assert result.exit_code == 0, result.output
    command = shlex.split(json.loads((tmp_path / "a" / "training.json").read_text())["command"])
    assert command[:3] == ["shopbot", "train", "lm"]
    given = dict(zip(options[::2], options[1::2]))
    assert {k: command[command.index(k) + 1] for k in given} == given
    assert len(command) == 3 + len(options)  # defaults are left out
