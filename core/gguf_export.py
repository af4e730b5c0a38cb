"""Merge a LoRA adapter (peft) into the base GGUF, so llama.cpp can serve a fine-tuned model.

Training stays in torch/transformers/peft; serving defaults to llama.cpp over a GGUF file.
`export_gguf(base_gguf, adapter_dir, out_path)` bridges the two without loading a model:
for every weight the adapter touches it adds `scale * B @ A` to the dequantised base
weight and stores the result in F32 (a 135M model grows by a few MB per adapted matrix);
every other tensor is copied byte for byte, and all metadata (tokenizer, chat template,
hyper-parameters) is copied from the base file. llama.cpp's Q and K matrices are stored
with rows permuted for its rotary layout (convert_hf_to_gguf.py `permute`), so deltas for
q_proj/k_proj are permuted the same way. Supports llama-architecture bases (SmolLM2) and
plain LoRA adapters (no DoRA, no bias training).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

import numpy as np

from .errors import ModelError

log = logging.getLogger(__name__)

# peft module path (HF names) -> GGUF tensor name for llama-architecture models
_HF_TO_GGUF = {"self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k",
               "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output",
               "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up", "mlp.down_proj": "ffn_down"}
_KEY = re.compile(r"layers\.(\d+)\.(self_attn\.[qkvo]_proj|mlp\.(?:gate|up|down)_proj)"
                  r"\.lora_([AB])(?:\.default)?\.weight$")


def permute_rows(w: np.ndarray, n_head: int) -> np.ndarray:
    """llama.cpp's row order for Q/K weights (same as convert_hf_to_gguf's `permute`)."""
    return (w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:])
            .swapaxes(1, 2).reshape(w.shape))


def lora_deltas(adapter_dir: str | Path) -> dict[str, np.ndarray]:
    """{gguf tensor name: scale * B @ A} in Hugging Face row order."""
    from safetensors.numpy import load_file

    adapter_dir = Path(adapter_dir)
    try:
        config = json.loads((adapter_dir / "adapter_config.json").read_text())
        weights = load_file(str(adapter_dir / "adapter_model.safetensors"))
    except FileNotFoundError as exc:
        raise ModelError(f"{adapter_dir}: not a peft LoRA adapter ({exc.filename} missing)") \
            from exc
    if config.get("use_dora"):
        raise ModelError(f"{adapter_dir}: DoRA adapters cannot be merged into a GGUF here")
    r = config["r"]
    scale = config["lora_alpha"] / (r ** 0.5 if config.get("use_rslora") else r)
    parts: dict[str, dict[str, np.ndarray]] = {}
    for key, value in weights.items():
        m = _KEY.search(key)
        if m is None:
            raise ModelError(f"{adapter_dir}: cannot map adapter weight {key!r} to the GGUF")
        name = f"blk.{m.group(1)}.{_HF_TO_GGUF[m.group(2)]}.weight"
        parts.setdefault(name, {})[m.group(3)] = value.astype(np.float32)
    return {name: scale * (ab["B"] @ ab["A"]) for name, ab in parts.items()}


def export_gguf(base_gguf: str | Path, adapter_dir: str | Path, out_path: str | Path) -> Path:
    """Write `out_path`: the base GGUF with the LoRA adapter merged into its weights."""
    import gguf

    reader = gguf.GGUFReader(str(base_gguf))
    arch = reader.fields["general.architecture"].contents()
    if arch != "llama":
        raise ModelError(f"{base_gguf}: architecture {arch!r}; only llama models are supported")
    n_head = reader.fields["llama.attention.head_count"].contents()
    n_head_kv = reader.fields["llama.attention.head_count_kv"].contents()
    deltas = lora_deltas(adapter_dir)
    tensors = {t.name: t for t in reader.tensors}
    missing = sorted(set(deltas) - set(tensors))
    if missing:
        raise ModelError(f"{adapter_dir}: the base has no tensor {missing[0]}")

    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    writer = gguf.GGUFWriter(str(out_path), arch=arch, endianess=reader.endianess)
    for field in reader.fields.values():
        if field.name == gguf.Keys.General.ARCHITECTURE or field.name.startswith("GGUF."):
            continue
        kind = field.types[0]
        sub = field.types[-1] if kind == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), kind, sub_type=sub)

    data: list[np.ndarray] = []
    for t in reader.tensors:
        if t.name in deltas:
            delta = deltas[t.name]
            if t.name.endswith("attn_q.weight"):
                delta = permute_rows(delta, n_head)
            elif t.name.endswith("attn_k.weight"):
                delta = permute_rows(delta, n_head_kv)
            base = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32)
            if base.shape != delta.shape:
                raise ModelError(f"{t.name}: adapter shape {delta.shape} != base {base.shape}")
            merged = np.ascontiguousarray(base + delta, dtype=np.float32)
            writer.add_tensor_info(t.name, merged.shape, merged.dtype, merged.nbytes,
                                   gguf.GGMLQuantizationType.F32)
            data.append(merged)
        else:
            writer.add_tensor_info(t.name, t.data.shape, t.data.dtype, t.data.nbytes,
                                   t.tensor_type)
            data.append(t.data)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for array in data:
        writer.write_tensor_data(array, tensor_endianess=reader.endianess)
    writer.close()
    return out_path


def merged_gguf(base: str | None, adapter_dir: str) -> str:
    """llama.cpp serves a LoRA adapter as a GGUF with the adapter merged in. The merge runs
    once (seconds) and is kept in models_dir(), keyed by base and adapter bytes; a missing
    or broken adapter is a ModelError naming it."""
    from .lm import packaged_gguf, require_adapter
    from .store import models_dir

    require_adapter(adapter_dir)
    base_path = Path(base) if base else packaged_gguf()
    digest = hashlib.sha256(str(base_path.resolve()).encode())
    for f in sorted(Path(adapter_dir).glob("adapter_*")):
        digest.update(f.read_bytes())
    out = models_dir() / f"merged-{digest.hexdigest()[:12]}.gguf"
    if not out.exists():
        log.warning("merging the fine-tuned adapter %s into %s (one-off)", adapter_dir,
                    base_path.name)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".part")
        export_gguf(base_path, adapter_dir, tmp)
        tmp.replace(out)  # never leave a half-written model where the bot would load it
    return str(out)
