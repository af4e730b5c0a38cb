"""How good are the model's replies? Held-out shop dialogues, fine-tuned vs base.

For every held-out row (data/dialogues_heldout.jsonl: never trained on, its products and
orders left out of the generated training set too) each model writes a reply from the same
prompt the bot would send. Scores, per model:
- grounding-violation rate: share of replies with any claim core/grounding.py rejects
  (a number, id, date, order status or product name the facts do not back);
- BLEU and chrF (sacrebleu, corpus level) and ROUGE-L F1 (rouge-score, mean) against the
  hand-written reference replies;
- intent-appropriateness: the reply does the job of its kind (rules in core/reply_checks.py:
  an order reply names the order and its status, a product answer names the product and
  says yes/no the way the facts do, a policy answer uses the policy, ...);
- length: mean words, and seconds per reply.
`markdown_report` renders the side-by-side table, a few sample pairs and a matplotlib plot.
Pure apart from the plot file; generation is a function passed in.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .grounding import check
from .reply_checks import appropriate
from .sft_data import Example

Generate = Callable[[Sequence[dict]], str]


@dataclass(frozen=True)
class Sample:
    kind: str
    instruction: str
    reference: str
    reply: str
    violations: tuple[str, ...]
    appropriate: bool


@dataclass(frozen=True)
class Scores:
    model: str
    n: int
    grounding_violation_rate: float
    bleu: float
    chrf: float
    rouge_l: float
    appropriate_rate: float
    mean_words: float
    seconds_per_reply: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def grounding_facts(kind: str, facts: dict[str, Any]) -> dict[str, Any]:
    """The facts as evidence for core/grounding.py (older data files called the policy's
    wording `text`, a key grounding treats as the customer's untrusted words)."""
    if kind == "policy" and "text" in facts:
        return {**{k: v for k, v in facts.items() if k != "text"}, "policy": facts["text"]}
    return facts


def run_model(name: str, generate: Generate, examples: Sequence[Example],
              known_products: Sequence[str] = (),
              on_reply: Callable[[int], None] | None = None) -> tuple[Scores, list[Sample]]:
    """Generate a reply for every example and score the lot."""
    replies, t0 = [], time.perf_counter()
    for i, e in enumerate(examples):
        replies.append(generate(e.messages).strip())
        if on_reply:
            on_reply(i + 1)
    seconds = time.perf_counter() - t0
    return score(name, examples, replies, known_products, seconds)


def score(name: str, examples: Sequence[Example], replies: Sequence[str],
          known_products: Sequence[str] = (), seconds: float = 0.0
          ) -> tuple[Scores, list[Sample]]:
    import sacrebleu
    from rouge_score import rouge_scorer

    refs = [e.response for e in examples]
    samples = []
    for e, r in zip(examples, replies):
        bad = check(r, grounding_facts(e.kind, e.facts), known_products=known_products)
        samples.append(Sample(e.kind, e.instruction, e.response, r,
                              tuple(v.message for v in bad), appropriate(e.kind, e.facts, r)))
    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
    rouge = [scorer.score(ref, r)["rougeL"].fmeasure for ref, r in zip(refs, replies)]
    n = max(len(replies), 1)
    scores = Scores(
        name, len(replies),
        round(sum(1 for s in samples if s.violations) / n, 4),
        round(sacrebleu.corpus_bleu(list(replies), [refs]).score, 2),
        round(sacrebleu.corpus_chrf(list(replies), [refs]).score, 2),
        round(100 * sum(rouge) / n, 2),
        round(sum(s.appropriate for s in samples) / n, 4),
        round(sum(len(r.split()) for r in replies) / n, 1),
        round(seconds / n, 2))
    return scores, samples


METRICS = (("grounding_violation_rate", "grounding violations", "{:.0%}"),
           ("bleu", "BLEU", "{:.1f}"), ("chrf", "chrF", "{:.1f}"),
           ("rouge_l", "ROUGE-L", "{:.1f}"), ("appropriate_rate", "intent-appropriate", "{:.0%}"),
           ("mean_words", "mean words", "{:.1f}"), ("seconds_per_reply", "s / reply", "{:.2f}"))


def table(scores: Sequence[Scores]) -> str:
    head = "| metric | " + " | ".join(s.model for s in scores) + " |"
    rule = "|---|" + "---|" * len(scores)
    rows = ["| " + label + " | " + " | ".join(fmt.format(getattr(s, key)) for s in scores) + " |"
            for key, label, fmt in METRICS]
    return "\n".join([head, rule, *rows])


def plot(scores: Sequence[Scores], path: str | Path) -> Path:
    """Grouped bars of the 0-100 metrics, one colour per model."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = [("bleu", "BLEU", 1), ("chrf", "chrF", 1), ("rouge_l", "ROUGE-L", 1),
            ("appropriate_rate", "appropriate %", 100),
            ("grounding_violation_rate", "violations %", 100)]
    fig, ax = plt.subplots(figsize=(8, 3.5))
    width = 0.8 / max(len(scores), 1)
    for i, s in enumerate(scores):
        xs = [k + i * width for k in range(len(keys))]
        ax.bar(xs, [getattr(s, key) * mult for key, _, mult in keys], width, label=s.model)
    ax.set_xticks([k + width * (len(scores) - 1) / 2 for k in range(len(keys))],
                  [label for _, label, _ in keys])
    ax.set_ylim(0, 100)
    ax.legend()
    ax.set_title("Replies on held-out shop dialogues")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def markdown_report(scores: Sequence[Scores], samples: dict[str, list[Sample]], *,
                    plot_file: str | None = None, extra: str = "", n_samples: int = 5) -> str:
    """The side-by-side report: table, plot, a few sample pairs."""
    out = ["# Reply evaluation", "", table(scores), ""]
    if plot_file:
        out += [f"![scores]({plot_file})", ""]
    if extra:
        out += [extra, ""]
    names = list(samples)
    out += ["## Samples", ""]
    for i in range(min(n_samples, min(len(v) for v in samples.values()) if samples else 0)):
        first = samples[names[0]][i]
        out += [f"**{first.kind}** — customer: _{first.instruction}_", "",
                f"- reference: {first.reference}"]
        for name in names:
            s = samples[name][i]
            flag = f" ⚠ {'; '.join(s.violations)}" if s.violations else ""
            out.append(f"- {name}: {s.reply or '(empty)'}{flag}")
        out.append("")
    return "\n".join(out)


def spread(samples: Sequence[Sample], n: int) -> list[int]:
    """Indices of up to n samples of different kinds (for the printed pairs)."""
    seen, out = set(), []
    for i, s in enumerate(samples):
        if s.kind not in seen:
            seen.add(s.kind)
            out.append(i)
    return out[:n]
