"""Shared helpers for benchmarks: percentiles, a printed table, results JSON."""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
SHARED_DATA = Path(os.environ.get("SHOPBOT_SHARED_DATA",
                                  Path(__file__).resolve().parent.parent.parent / "shared" / "data"))


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def report(name: str, title: str, rows: list[dict], **extra) -> Path:
    """Print rows as a table and write bench/results/<name>.json."""
    print(f"\n{title}")
    if rows:
        cols = list(rows[0])
        widths = [max(len(str(c)), *(len(str(r.get(c, ""))) for r in rows)) for c in cols]
        print("  ".join(str(c).ljust(w) for c, w in zip(cols, widths)))
        for r in rows:
            print("  ".join(str(r.get(c, "")).ljust(w) for c, w in zip(cols, widths)))
    for key, value in extra.items():
        if not isinstance(value, (dict, list, tuple)):  # transcripts, details: JSON only
            print(f"{key}: {value}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps({"benchmark": name, "title": title, "rows": rows, **extra,
                               "machine": {"cpus": os.cpu_count(),
                                           "python": platform.python_version()},
                               "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S")},
                              indent=2) + "\n")
    print(f"written {out}")
    return out
