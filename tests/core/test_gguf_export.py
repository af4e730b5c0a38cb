"""export_gguf on a synthetic adapter: metadata kept, only adapted tensors rewritten,
deltas land in llama.cpp's row order, and llama.cpp loads and runs the result."""

from __future__ import annotations

import json
import os

import gguf
import numpy as np
import pytest
from safetensors.numpy import save_file

from core.errors import ModelError
from core.gguf_export import export_gguf, lora_deltas, permute_rows
from core.lm import LM, LMSettings, packaged_gguf


def write_adapter(path, scale=0.05, r=2, alpha=4):
    rng = np.random.default_rng(0)
    prefix = "base_model.model.model.layers.0.self_attn"
    weights = {f"{prefix}.q_proj.lora_A.weight": rng.normal(size=(r, 576)),
               f"{prefix}.q_proj.lora_B.weight": rng.normal(scale=scale, size=(576, r)),
               f"{prefix}.v_proj.lora_A.weight": rng.normal(size=(r, 576)),
               f"{prefix}.v_proj.lora_B.weight": rng.normal(scale=scale, size=(192, r))}
    path.mkdir()
    save_file({k: v.astype(np.float32) for k, v in weights.items()},
              str(path / "adapter_model.safetensors"))
    (path / "adapter_config.json").write_text(json.dumps(
        {"r": r, "lora_alpha": alpha, "peft_type": "LORA",
         "target_modules": ["q_proj", "v_proj"]}))
    return weights


def test_permute_matches_llama_cpp_layout():
    w = np.arange(8 * 2).reshape(8, 2)
    # 2 heads of 4 rows: each head's halves are interleaved (rotary pairs)
    assert permute_rows(w, 2)[:4, 0].tolist() == [0, 4, 2, 6]


def test_export_merges_only_adapted_tensors(tmp_path):
    weights = write_adapter(tmp_path / "adapter")
    out = export_gguf(packaged_gguf(), tmp_path / "adapter", tmp_path / "m.gguf")
    base, merged = gguf.GGUFReader(str(packaged_gguf())), gguf.GGUFReader(str(out))
    assert merged.fields["tokenizer.chat_template"].contents() == \
        base.fields["tokenizer.chat_template"].contents()
    old = {t.name: t for t in base.tensors}
    new = {t.name: t for t in merged.tensors}
    assert set(old) == set(new)
    assert new["blk.0.attn_q.weight"].tensor_type == gguf.GGMLQuantizationType.F32
    assert np.array_equal(new["blk.1.attn_q.weight"].data, old["blk.1.attn_q.weight"].data)
    prefix = "base_model.model.model.layers.0.self_attn.v_proj"
    delta = 2 * weights[f"{prefix}.lora_B.weight"] @ weights[f"{prefix}.lora_A.weight"]
    v = old["blk.0.attn_v.weight"]
    expected = gguf.quants.dequantize(v.data, v.tensor_type) + delta
    assert np.allclose(new["blk.0.attn_v.weight"].data, expected, atol=1e-5)
    q = lora_deltas(tmp_path / "adapter")["blk.0.attn_q.weight"]
    oq = old["blk.0.attn_q.weight"]
    assert np.allclose(new["blk.0.attn_q.weight"].data,
                       gguf.quants.dequantize(oq.data, oq.tensor_type) + permute_rows(q, 9),
                       atol=1e-5)
    lm = LM(LMSettings(model_path=str(out), max_new_tokens=5, temperature=0.0, n_ctx=512))
    # llama.cpp loads the merged file and writes (plain text: with a random adapter the
    # greedy chat reply may be an immediate end-of-turn)
    assert "".join(lm.backend.stream("The capital of France is", max_new_tokens=5, stop=(),
                                     temperature=0.0)).strip()
    lm.close()


def test_export_rejects_what_it_cannot_merge(tmp_path):
    with pytest.raises(ModelError, match="not a peft LoRA adapter"):
        export_gguf(packaged_gguf(), tmp_path, tmp_path / "x.gguf")


def test_llamacpp_backend_serves_an_adapter_through_one_cached_merge(tmp_path, monkeypatch):
    from core.gguf_export import merged_gguf

    monkeypatch.setenv("SHOPBOT_HOME", str(tmp_path / "home"))
    write_adapter(tmp_path / "adapter")
    first = merged_gguf(None, str(tmp_path / "adapter"))
    stamp = os.stat(first).st_mtime_ns
    assert merged_gguf(None, str(tmp_path / "adapter")) == first  # cached, not redone
    assert os.stat(first).st_mtime_ns == stamp
    write_adapter(tmp_path / "retrained", scale=0.2)  # other weights: merged anew
    assert merged_gguf(None, str(tmp_path / "retrained")) != first
