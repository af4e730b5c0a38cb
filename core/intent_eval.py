"""Evaluation of an intent model: accuracy, macro-F1, per-intent precision/recall,
out-of-scope recall, prediction latency, and a confusion-matrix PNG.

Any gold or predicted label in `OOS_LABELS` ("out_of_scope", "oos") counts as out of scope,
so CLINC150's `oos` and the shop's `out_of_scope` are scored the same way. In-scope
accuracy is measured on in-scope messages only (a rejected in-scope message is wrong);
out-of-scope recall is the share of out-of-scope messages that the model rejects or
labels out of scope. These are the two numbers Larson et al. (2019) report for CLINC150.
When the model's confidence threshold rejects anything, the report also gives both numbers
with the threshold off (only an explicit out-of-scope class rejects): Larson et al.'s
"oos-train" setting, and what the threshold costs in scope for what it buys out of scope.
With out-of-scope messages in the data, `tradeoff` lists the operating points a threshold
could pick on this data (in-scope accuracy at 50..90% out-of-scope recall): the curve an
admin reads to choose `train intents --oos-recall`, and, on a test set, an upper bound of
what any threshold on this model's confidence can reach.

Each of accuracy, in-scope accuracy and out-of-scope recall comes with a 95% Wilson
interval (`intervals`): on CLINC150's 4,500 in-scope test messages a score near 97% is
known to about ±0.5 points, so a gap of 0.3 to a published figure is not a measured
difference, and a benchmark row should say so.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Sequence

from core.intents import IntentModel, is_oos

OOS = "oos"


@dataclass(frozen=True)
class EvalReport:
    n: int
    accuracy: float
    macro_f1: float
    in_scope_accuracy: float
    oos_recall: float | None          # None when the data has no out-of-scope messages
    per_intent: dict                  # label -> {precision, recall, f1, support}
    labels: list
    confusion: list                   # rows = gold, columns = predicted, in `labels` order
    latency_ms_p50: float | None = None
    without_threshold: dict | None = None  # {in_scope_accuracy, oos_recall} with no threshold
    tradeoff: list | None = None      # operating points of the threshold on this data
    intervals: dict | None = None     # metric -> [low, high], 95% Wilson interval

    def to_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> dict:
        return {k: v for k, v in self.to_dict().items() if k not in ("per_intent", "labels", "confusion")}


def _norm(label: str) -> str:
    return OOS if is_oos(label) else label


def score(gold: Sequence[str], predicted: Sequence[str]) -> EvalReport:
    """Metrics for gold vs predicted labels (pure: no model needed)."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    g = [_norm(x) for x in gold]
    p = [_norm(x) for x in predicted]
    labels = sorted(set(g) | set(p))
    prec, rec, f1, support = precision_recall_fscore_support(g, p, labels=labels, zero_division=0)
    gold_labels = set(g)
    per = {lab: {"precision": round(float(prec[i]), 4), "recall": round(float(rec[i]), 4),
                 "f1": round(float(f1[i]), 4), "support": int(support[i])}
           for i, lab in enumerate(labels)}
    macro = statistics.fmean(float(f1[i]) for i, lab in enumerate(labels) if lab in gold_labels)
    pairs = list(zip(g, p))
    inscope = [(a, b) for a, b in pairs if a != OOS]
    oos = [(a, b) for a, b in pairs if a == OOS]
    counts = {"accuracy": (sum(a == b for a, b in pairs), len(pairs)),
              "in_scope_accuracy": (sum(a == b for a, b in inscope), len(inscope)),
              "oos_recall": (sum(b == OOS for _, b in oos), len(oos))}
    return EvalReport(
        n=len(pairs),
        accuracy=round(counts["accuracy"][0] / max(1, len(pairs)), 4),
        macro_f1=round(macro, 4),
        in_scope_accuracy=round(counts["in_scope_accuracy"][0] / max(1, len(inscope)), 4),
        oos_recall=round(counts["oos_recall"][0] / len(oos), 4) if oos else None,
        per_intent=per,
        labels=labels,
        confusion=confusion_matrix(g, p, labels=labels).tolist(),
        intervals={name: [round(x, 4) for x in wilson(k, n)] for name, (k, n) in counts.items() if n},
    )


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% (z = 1.96) Wilson score interval for a proportion of `successes` out of `n`:
    unlike the normal approximation it stays inside [0, 1] near 0% and 100%."""
    if n <= 0:
        raise ValueError("an interval needs at least one trial")
    phat = successes / n
    centre = (phat + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * (phat * (1 - phat) / n + z * z / (4 * n * n)) ** 0.5
    return max(0.0, centre - half), min(1.0, centre + half)


def _sweep(confidence: Sequence[float], top: Sequence[str], gold: Sequence[str]):
    """Every candidate threshold (ascending) with (in-scope accuracy, out-of-scope recall) if
    predictions below it were rejected; None without both kinds of message in `gold`."""
    import numpy as np

    conf = np.asarray(confidence, dtype=float)
    oos = np.array([is_oos(g) for g in gold], dtype=bool)
    if not oos.any() or oos.all():
        return None
    right = np.array([_norm(p) == _norm(g) for p, g in zip(top, gold)])
    says_oos = np.array([is_oos(p) for p in top], dtype=bool)
    # candidates: each distinct confidence (rejects what lies below it), then above them all;
    # the lowest becomes 0 (no threshold: rejects the same here, and nothing on new data).
    # Counts of what falls below each come from sorted arrays (n log n, any data size).
    candidates = np.append(np.unique(conf), np.nextafter(conf.max(), np.inf))
    candidates[0] = 0.0

    def below(mask):
        return np.searchsorted(np.sort(conf[mask]), candidates, side="left")

    in_acc = (right[~oos].sum() - below(~oos & right)) / (~oos).sum()
    recall = ((oos & says_oos).sum() + below(oos & ~says_oos)) / oos.sum()
    return candidates, in_acc, recall


def threshold_for_recall(confidence: Sequence[float], top: Sequence[str], gold: Sequence[str],
                         recall: float) -> float | None:
    """The lowest confidence threshold that rejects at least `recall` of the out-of-scope
    messages in `gold` (the one that costs least in scope); None without out-of-scope data.
    `top` is the unthresholded prediction (an explicit out-of-scope class rejects anyway)."""
    import numpy as np

    sweep = _sweep(confidence, top, gold)
    if sweep is None:
        return None
    candidates, _, reached = sweep
    return float(candidates[int(np.argmax(reached >= recall - 1e-12))])  # last one reaches 1.0


def tradeoff(confidence: Sequence[float], top: Sequence[str], gold: Sequence[str],
             recalls: Sequence[float] = (0.5, 0.6, 0.7, 0.8, 0.9)) -> list[dict] | None:
    """For each target out-of-scope recall, the threshold reaching it on this data at the
    least in-scope cost: [{target, threshold, in_scope_accuracy, oos_recall}]."""
    import numpy as np

    sweep = _sweep(confidence, top, gold)
    if sweep is None:
        return None
    candidates, in_acc, reached = sweep
    points = []
    for target in recalls:
        i = int(np.argmax(reached >= target - 1e-12))
        points.append({"target": target, "threshold": round(float(candidates[i]), 4),
                       "in_scope_accuracy": round(float(in_acc[i]), 4),
                       "oos_recall": round(float(reached[i]), 4)})
    return points


def evaluate(model: IntentModel, texts: Sequence[str], gold: Sequence[str], *,
             cache_dir: Path | None = None, latency_samples: int = 200) -> EvalReport:
    """Score `model` on labelled texts; also time single-message predictions (p50, ms)."""
    predictions = model.predict(list(texts), cache_dir)
    predicted = [p.intent for p in predictions]
    report = score(gold, predicted)
    unthresholded = [p.ranked[0][0] for p in predictions]
    without = None
    if report.oos_recall is not None and unthresholded != predicted:
        raw = score(gold, unthresholded)
        without = {"in_scope_accuracy": raw.in_scope_accuracy, "oos_recall": raw.oos_recall,
                   "intervals": raw.intervals}
    curve = tradeoff([p.oos_score for p in predictions], unthresholded, gold)
    timings = []
    step = max(1, len(texts) // max(1, latency_samples))
    for text in list(texts)[::step][:latency_samples]:
        started = time.perf_counter()
        model.predict_one(text)
        timings.append((time.perf_counter() - started) * 1000)
    p50 = round(statistics.median(timings), 2) if timings else None
    return EvalReport(**{**report.to_dict(), "latency_ms_p50": p50, "without_threshold": without,
                         "tradeoff": curve})


def save_confusion_png(report: EvalReport, path: Path | str, title: str = "Intent confusion") -> Path:
    """Row-normalised confusion matrix as a PNG (matplotlib, no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    m = np.array(report.confusion, dtype=float)
    m = m / np.clip(m.sum(axis=1, keepdims=True), 1, None)
    n = len(report.labels)
    size = max(5.0, min(30.0, 0.22 * n + 3))
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(m, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(n), report.labels, rotation=90, fontsize=max(4, 9 - n // 20))
    ax.set_yticks(range(n), report.labels, fontsize=max(4, 9 - n // 20))
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(f"{title} (accuracy {report.accuracy:.2%})")
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
