"""Retrieval quality over a labelled query set: nDCG@10, recall@10 and MRR@10.

A query file is JSON lines, one labelled query each:

    {"query": "boots that keep my feet dry", "filters": {"max_price": 120},
     "context": ["I need hiking boots"], "kind": "paraphrase",
     "relevant": {"P1001": 2, "P1002": 1}}

`relevant` maps product ids to grades (2 = what was asked for, 1 = acceptable); `filters`
are the slots the understanding step would extract; `context` holds the customer's earlier
turns of a multi-turn refinement, searched together with the last turn (what the bot has
to go on); `kind` is a free tag for the per-kind breakdown.

Metrics (cut at k = 10): nDCG with gain 2^grade - 1 and log2 discount; recall = share of
the products graded > 0 that appear; MRR = 1 / rank of the first product graded > 0 (0 when
none is in the top k). A ranking function is any `(text, filters) -> [product ids]`, so the
same code measures BM25, dense, hybrid, or another shop's catalogue in a scratch store.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ImportRowError

K = 10


@dataclass(frozen=True, slots=True)
class LabelledQuery:
    query: str
    relevant: dict[str, int]
    filters: dict[str, Any] = field(default_factory=dict)
    context: tuple[str, ...] = ()
    kind: str = ""

    @property
    def text(self) -> str:
        """What is searched: earlier turns of a refinement, then the last one."""
        return " ".join([*self.context, self.query])


@dataclass(frozen=True, slots=True)
class Scores:
    ndcg: float
    recall: float
    mrr: float
    n: int

    def to_dict(self) -> dict[str, float]:
        return {"ndcg@10": round(self.ndcg, 4), "recall@10": round(self.recall, 4),
                "mrr": round(self.mrr, 4), "n": self.n}


@dataclass(frozen=True, slots=True)
class EvalReport:
    overall: Scores
    by_kind: dict[str, Scores]
    per_query: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"overall": self.overall.to_dict(),
                "by_kind": {k: s.to_dict() for k, s in sorted(self.by_kind.items())},
                "per_query": list(self.per_query)}


def parse_query(raw: Any) -> LabelledQuery:
    """One JSON object -> LabelledQuery; ValueError with a message for the admin."""
    if not isinstance(raw, dict):
        raise ValueError("each line must be a JSON object")
    if not isinstance(raw.get("query"), str) or not raw["query"].strip():
        raise ValueError("missing \"query\" (a non-empty string)")
    rel = raw.get("relevant")
    if not isinstance(rel, dict) or not rel:
        raise ValueError("missing \"relevant\" (an object: product id -> grade)")
    for pid, grade in rel.items():
        if not isinstance(grade, int | float) or grade < 0:
            raise ValueError(f"grade of {pid!r} must be a number >= 0")
    filters = raw.get("filters") or {}
    context = raw.get("context") or []
    if not isinstance(filters, dict):
        raise ValueError("\"filters\" must be an object")
    if not isinstance(context, list) or not all(isinstance(c, str) for c in context):
        raise ValueError("\"context\" must be a list of strings")
    return LabelledQuery(raw["query"], {str(k): int(v) for k, v in rel.items()}, filters,
                         tuple(context), str(raw.get("kind") or ""))


def load_queries(path: str | Path) -> list[LabelledQuery]:
    """Read a JSONL query file; a bad line raises ImportRowError naming file and line."""
    path = Path(path)
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            out.append(parse_query(json.loads(line)))
        except (ValueError, json.JSONDecodeError) as exc:
            raise ImportRowError(str(exc), file=str(path), line=n) from None
    if not out:
        raise ImportRowError("no queries in the file", file=str(path), line=1)
    return out


def ndcg_at(ranked: Sequence[str], relevant: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** relevant.get(pid, 0) - 1) / math.log2(i + 2)
              for i, pid in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: Sequence[str], relevant: dict[str, int], k: int = K) -> float:
    wanted = {pid for pid, g in relevant.items() if g > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: dict[str, int], k: int = K) -> float:
    for i, pid in enumerate(ranked[:k], 1):
        if relevant.get(pid, 0) > 0:
            return 1.0 / i
    return 0.0


def _mean(rows: list[dict[str, Any]]) -> Scores:
    n = len(rows)
    if not n:
        return Scores(0.0, 0.0, 0.0, 0)
    return Scores(sum(r["ndcg"] for r in rows) / n, sum(r["recall"] for r in rows) / n,
                  sum(r["rr"] for r in rows) / n, n)


def evaluate(rank: Callable[[str, dict[str, Any]], list[str]],
             queries: Iterable[LabelledQuery], k: int = K) -> EvalReport:
    """Run every query through `rank` and average the metrics (overall and per kind)."""
    rows = []
    for q in queries:
        ranked = list(rank(q.text, dict(q.filters)))[:k]
        rows.append({"query": q.text, "kind": q.kind, "filters": q.filters, "ranked": ranked,
                     "ndcg": round(ndcg_at(ranked, q.relevant, k), 4),
                     "recall": round(recall_at(ranked, q.relevant, k), 4),
                     "rr": round(reciprocal_rank(ranked, q.relevant, k), 4)})
    kinds = sorted({r["kind"] for r in rows if r["kind"]})
    return EvalReport(_mean(rows), {kd: _mean([r for r in rows if r["kind"] == kd])
                                    for kd in kinds}, tuple(rows))
