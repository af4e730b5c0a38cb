"""Training for `core.intents`: the head on frozen embeddings, optional top-layer tuning,
and the out-of-scope threshold.

Recipe (measured on BANKING77/CLINC150/HWU64 in bench/intents_bench.py):
1. run the frozen lower MiniLM layers once per sentence (with a frozen encoder: mean-pool
   layers 5 and 6, cached on disk per dataset and layer);
2. fit a multinomial logistic regression head on those embeddings plus word and character
   TF-IDF vectors (the vocabularies are learnt from the training texts);
3. when `top_layers` > 0, train the top layers and the warm-started head together for a
   few epochs (AdamW, linear warm-up then decay, label smoothing);
4. on held-out data (`val`, or every row out of fold: core/intent_folds.py), fit a
   temperature so confidences mean what they say, then calibrate the confidence threshold:
   with out-of-scope examples it maximises the mean of in-scope accuracy and out-of-scope
   recall while rejecting at most `max_rejected` (2%) of in-scope messages. The mean weighs
   each out-of-scope row as much as many in-scope ones, so without the cap it buys one more
   out-of-scope catch with several customers asked to rephrase (demo shop, 7 folds: a 5%
   cap gave threshold 0.46, 73.7% out-of-scope recall and 86.9% in-scope accuracy; 2% gives
   0.36, 71.9% and 88.3%). With
   `oos_recall` set, it is instead the lowest threshold that rejects that share of the
   held-out out-of-scope messages (an operating point read off `eval intents`' trade-off).
   Without out-of-scope examples there is no threshold (closed-set prediction).
"""

from __future__ import annotations

import math
import random
import time
from pathlib import Path
from typing import Sequence

import numpy as np

from core.errors import ShopbotError
from core.intent_encoder import Encoder
from core.intent_eval import threshold_for_recall
from core.intents import OOS_LABELS, IntentModel, Progress, TfidfFeatures, TrainConfig, is_oos


def fit_head(x, y, classes: int, config: TrainConfig, scale: float):
    """Multinomial logistic regression on (n, d) features (scikit-learn, L-BFGS), returned as
    torch (weight, bias) for logits = scale * x @ weight.T + bias."""
    import torch
    from sklearn.linear_model import LogisticRegression

    import scipy.sparse as sp

    clf = LogisticRegression(C=config.C, max_iter=config.head_iterations, tol=config.head_tol)
    clf.fit(x if sp.issparse(x) else np.asarray(x, dtype=np.float32), np.asarray(y))
    weight = np.zeros((classes, clf.coef_.shape[1]), np.float32)
    bias = np.full(classes, -1e4, np.float32)  # a label absent from the fit is never predicted
    coef, intercept = clf.coef_, clf.intercept_
    if len(clf.classes_) == 2:  # binary: sklearn keeps one row; softmax needs two
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.array([0.0, intercept[0]])
    weight[clf.classes_] = coef / scale
    bias[clf.classes_] = intercept
    return torch.from_numpy(weight), torch.from_numpy(bias)


def _batches(states, n: int, size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (less padding), in random order."""
    idx = list(range(n))
    rng.shuffle(idx)
    batches = []
    for start in range(0, n, size * 50):
        chunk = sorted(idx[start:start + size * 50], key=lambda i: states[i].shape[0])
        batches += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def tune_top(encoder: Encoder, states, y, head, config: TrainConfig, scale: float,
             step_done=None):
    """Train the encoder's top layers with the head; returns the new (weight, bias)."""
    import torch
    import torch.nn.functional as F

    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    weight, bias = (t.clone().requires_grad_(True) for t in head)
    top = encoder.top
    for p in top.parameters():
        p.requires_grad_(True)
    opt = torch.optim.AdamW([{"params": top.parameters(), "lr": config.lr},
                             {"params": [weight, bias], "lr": config.lr * 20}], weight_decay=0.01)
    per_epoch = math.ceil(len(states) / config.batch_size)
    total = per_epoch * config.epochs
    warm = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / total))
    y = torch.as_tensor(y)
    top.train()
    for _ in range(config.epochs):
        for batch in _batches(states, len(states), config.batch_size, rng):
            emb = encoder.top_embed([states[i] for i in batch])
            logits = scale * emb @ weight.T + bias
            loss = F.cross_entropy(logits, y[batch], label_smoothing=config.label_smoothing)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            if step_done:
                step_done()
    top.eval()
    for p in top.parameters():
        p.requires_grad_(False)
    encoder._fast = None  # its one-message path holds copies of the weights: rebuild
    return weight.detach(), bias.detach()


def fit_temperature(logits: np.ndarray, target: np.ndarray) -> float:
    """The factor on held-out logits that minimises their negative log-likelihood (a
    regularised head on few examples is under-confident)."""
    def nll(factor: float) -> float:
        z = logits * factor
        z = z - z.max(axis=1, keepdims=True)
        return float(-(z[np.arange(len(z)), target] - np.log(np.exp(z).sum(axis=1))).mean())

    return float(min(np.exp(np.linspace(np.log(0.5), np.log(8.0), 61)), key=nll))


def sharpen(model: IntentModel, embeddings: np.ndarray, gold: Sequence[str]) -> float:
    """Temperature scaling: rescale the head so held-out confidences match held-out accuracy.
    Returns the factor applied."""
    index = {label: i for i, label in enumerate(model.labels)}
    rows = [(i, index[g]) for i, g in enumerate(gold) if g in index]
    if len(rows) < 10:
        return 1.0
    factor = fit_temperature(model.logits(embeddings[[i for i, _ in rows]]),
                             np.array([j for _, j in rows]))
    model.weight, model.bias = model.weight * factor, model.bias * factor
    return factor


def calibrate_threshold(labels: Sequence[str], probs: np.ndarray, gold: Sequence[str],
                        max_rejected: float = 0.02, oos_recall: float | None = None,
                        scores: np.ndarray | None = None) -> float:
    """Threshold on `scores` (default: the top probability) below which a prediction is
    out of scope (see module docstring)."""
    conf = probs.max(axis=1) if scores is None else scores
    pred = [labels[i] for i in probs.argmax(axis=1)]
    oos = np.array([is_oos(g) for g in gold])
    right = np.array([p == g for p, g in zip(pred, gold)])
    if not oos.any():
        return 0.0  # nothing to calibrate against: closed-set predictions, no rejection
    if oos_recall is not None:
        return threshold_for_recall(conf, pred, gold, oos_recall)
    best, best_t = -1.0, 0.0
    for t in np.unique(np.round(conf, 3)):
        keep = conf >= t
        if (~keep)[~oos].mean() > max_rejected:
            break
        in_acc = (right & keep)[~oos].mean() if (~oos).any() else 0.0
        oos_pred = ~keep | np.array([is_oos(p) for p in pred])
        recall = oos_pred[oos].mean()
        score = 0.5 * (in_acc + recall)
        if score > best + 1e-9:
            best, best_t = score, float(t)
    return best_t


def _dense_part(model: IntentModel, features) -> np.ndarray:
    """The dense (embedding) columns of feature rows; the TF-IDF block, if any, follows."""
    if not hasattr(features, "tocsr"):
        return features
    width = features.shape[1] - (model.tfidf.size if model.tfidf else 0)
    return features[:, :width].toarray()


def check_rows(texts: Sequence[str], labels: Sequence[str]) -> list[str]:
    """The sorted label names, or a clear error when the rows cannot train a model."""
    if len(texts) != len(labels) or not texts:
        raise ShopbotError("training needs the same number (> 0) of texts and labels")
    names = sorted(set(labels))
    if len(names) < 2:
        raise ShopbotError("training needs at least two different labels")
    return names


def train(texts: Sequence[str], labels: Sequence[str], config: TrainConfig = TrainConfig(), *,
          val: tuple[Sequence[str], Sequence[str]] | None = None, progress: Progress | None = None,
          cache_dir: Path | None = None, dense: np.ndarray | None = None) -> IntentModel:
    """Train an intent model on (texts, labels); calibrate out of scope on `val` if given.
    `dense`: the frozen encoder's features of `texts`, when the caller has them already."""
    names = check_rows(texts, labels)
    index = {name: i for i, name in enumerate(names)}
    y = np.array([index[label] for label in labels])
    oos_label = next((name for name in names if name in OOS_LABELS), "out_of_scope")
    steps = config.epochs * math.ceil(len(texts) / config.batch_size) if config.top_layers else 0
    total = len(texts) + steps + (len(val[0]) if val else 0)
    done = [0]

    def tick(n: int = 1) -> None:
        done[0] += n
        if progress:
            progress(done[0], total)

    started = time.perf_counter()
    encoder = Encoder(config.top_layers)
    scale = 20.0
    tfidf = TfidfFeatures.fit(texts, config.tfidf_min_df, config.tfidf_weight) if config.tfidf else None
    layers = (6,) if config.top_layers else tuple(config.layers)
    model = IntentModel(names, np.zeros((0, 0), np.float32), np.zeros(0, np.float32), scale, 0.0,
                        oos_label, config.top_layers, {}, layers=layers, combine=config.combine,
                        tfidf=tfidf, _encoder=encoder)
    if config.knn_weight:  # fail before the long part when the features lack layer 6
        model.sentence_part(np.zeros((1, 384 * len(layers)), np.float32))
    if config.top_layers:
        import torch

        states = encoder.bottom(list(texts), tick)
        with torch.inference_mode():
            frozen = np.concatenate([encoder.top_embed(states[i:i + 256]).numpy()
                                     for i in range(0, len(states), 256)])
        head = fit_head(frozen, y, len(names), config, scale)
        head = tune_top(encoder, states, y, head, config, scale, tick)
        model.top_state = encoder.top_state()
        if tfidf is not None:  # the tuned embeddings plus TF-IDF: refit the head on both
            head = fit_head(model.features(list(texts)), y, len(names), config, scale)
    else:
        features = model.features(list(texts), cache_dir, tick, dense=dense)
        head = fit_head(features, y, len(names), config, scale)
    model.weight, model.bias = head[0].numpy(), head[1].numpy()
    if config.knn_weight:
        keep = [i for i, label in enumerate(labels) if not is_oos(label)]
        dense = (model.embed([texts[i] for i in keep]) if config.top_layers
                 else _dense_part(model, features)[keep])
        model.memory, model.knn_weight = model.sentence_part(dense), config.knn_weight
    if val:
        embeddings = model.features(list(val[0]), cache_dir, tick)
        factor = sharpen(model, embeddings, list(val[1]))
        probs = model.probabilities(embeddings)
        scores = (model.oos_scores(probs, _dense_part(model, embeddings))
                  if model.memory is not None else None)  # None: the top probability
        model.threshold = calibrate_threshold(model.labels, probs, list(val[1]), config.max_rejected,
                                              config.oos_recall, scores)
    model.info = {"train_rows": len(texts), "sharpen": factor if val else 1.0,
                  "train_seconds": round(time.perf_counter() - started, 1),
                  "config": {k: getattr(config, k) for k in config.__dataclass_fields__}}
    return model
