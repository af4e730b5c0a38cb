"""The supervised set the reply model is fine-tuned on, built from the shop's own data.

Every example is a chat prompt *exactly as the bot builds it at run time* (the prompt file's
`system` text rendered with the facts, then the customer's message) and one target reply.
The targets restate the facts they were given — prices, sizes, stock, order statuses,
policy figures — and nothing else, so the model learns to copy facts instead of inventing
them. Sources: the catalogue (questions about one product, search results, comparisons,
"more like this"), the order book (status, cancellation), the policies, small talk and
handoff messages, and the hand-written dialogues in data/dialogues.jsonl.

A JSONL row (what `shopbot train lm --data` reads) is
`{"instruction": str, "response": str, "facts": {...}?, "kind": str?, "system": str?,
"history": [{"role", "content"}]?}`. With a `kind` whose prompt file exists, the system
message is that file rendered with `facts`; else `system` (or, with facts only, a generic
"answer from these facts" instruction); else no system message at all. Pure, no model.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import facts as F
from .catalog import normalise_row, product_view, read_rows
from .errors import ConfigError

SHOP_NAME = "Trailhead Outfitters"
GENERIC_SYSTEM = ("You are a shop assistant. Answer the customer using only these facts; "
                  "never invent prices, sizes, dates or numbers.\n{facts}")


@dataclass(frozen=True, slots=True)
class Example:
    """One prompt (chat messages without the answer) and the reply to learn."""

    kind: str
    messages: tuple[dict, ...]
    response: str
    facts: dict = field(default_factory=dict, compare=False)
    instruction: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "instruction": self.instruction, "response": self.response,
                "facts": self.facts, "messages": list(self.messages)}


# -- the run-time prompt format -----------------------------------------------------------

def chat_messages(prompts: Any, kind: str, facts: dict[str, Any], user_text: str,
                  history: Sequence[dict] = (), *, shop_name: str = SHOP_NAME,
                  capabilities: str = F.CAPABILITIES) -> tuple[dict, ...]:
    """The chat messages core/composer_lm.py sends the model for this turn: the prompt
    file's system text with the facts (fitted to the window) and the house rules, few-shot
    examples, history, then the customer's message. Built by the composer's own `inputs`."""
    from .composer_lm import LMComposer, system_message

    prompt = prompts.get(kind)
    values = {"capabilities": capabilities, "shop_name": shop_name, **facts}
    system = prompt.render_system(**values)
    composer = LMComposer(prompts, model=None, capabilities=capabilities)
    turns = [{"role": m["role"], "content": m["content"]} for m in history]
    inputs = composer.inputs(prompt, system, turns, user_text)
    roles = {"human": "user", "ai": "assistant"}
    out = [{"role": "system", "content": system_message(inputs["system"])}]
    out += [{"role": roles[r], "content": c} for r, c in inputs["examples"]]
    out += [{"role": roles[r], "content": c} for r, c in inputs["history"]]
    out.append({"role": "user", "content": inputs["current"]})
    return tuple(out)


def shop_facts(shop_name: str) -> dict[str, str]:
    """What every prompt file may use besides its own facts (also grounding evidence)."""
    return {"shop_name": shop_name, "capabilities": F.CAPABILITIES}


def from_row(row: dict[str, Any], prompts: Any | None = None, *,
             shop_name: str = SHOP_NAME) -> Example:
    """A JSONL row -> Example (see the module docstring for the row format)."""
    if not isinstance(row.get("instruction"), str) or not isinstance(row.get("response"), str):
        raise ValueError("each row needs string fields 'instruction' and 'response'")
    facts = row.get("facts") or {}
    kind = row.get("kind") or "custom"
    history = tuple(row.get("history") or ())
    if prompts is not None and row.get("kind") and _has_prompt(prompts, kind):
        messages = chat_messages(prompts, kind, facts, row["instruction"], history,
                                 shop_name=shop_name)
        facts = {**shop_facts(shop_name), **facts}
    else:
        system = row.get("system") or (GENERIC_SYSTEM.format(facts=F.fact_lines(facts))
                                       if facts else "")
        messages = ((({"role": "system", "content": system},) if system else ())
                    + history + ({"role": "user", "content": row["instruction"]},))
    return Example(kind, messages, row["response"].strip(), facts, row["instruction"])


def _has_prompt(prompts: Any, kind: str) -> bool:
    try:
        prompts.get(kind)
    except Exception:  # PromptError: no file for this kind
        return False
    return True


def template_only(prompts: Any, kind: str) -> bool:
    """The kind's prompt file has no system text: the bot sends its template and never asks
    a model, so there is nothing to train or score (policy answers, clarifying questions)."""
    return _has_prompt(prompts, kind) and prompts.get(kind).template_only


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a JSONL file; a bad line raises ConfigError naming it."""
    path = Path(path)
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"line {n} is not JSON ({exc.msg})", file=str(path)) from None
        if not isinstance(row, dict) or not isinstance(row.get("instruction"), str) \
                or not isinstance(row.get("response"), str):
            raise ConfigError(f"line {n}: needs 'instruction' and 'response' strings",
                              file=str(path))
        rows.append(row)
    return rows


def load_examples(path: str | Path, prompts: Any | None = None, *,
                  shop_name: str = SHOP_NAME) -> list[Example]:
    return [from_row(r, prompts, shop_name=shop_name) for r in read_jsonl(path)]


# -- the shop's data ----------------------------------------------------------------------

def load_products(path: str | Path) -> list[dict[str, Any]]:
    return [product_view(normalise_row(raw)) for _, raw in read_rows(Path(path))]


def load_orders(path: str | Path) -> list[dict[str, Any]]:
    with Path(path).open(newline="", encoding="utf-8") as fh:
        return [dict(r) for r in csv.DictReader(fh)]


def load_utterances(path: str | Path) -> dict[str, list[str]]:
    """label -> customer messages, from a text,label CSV ({} when the file is absent)."""
    path = Path(path)
    if not path.is_file():
        return {}
    out: dict[str, list[str]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            text, label = (row.get("text") or "").strip(), (row.get("label") or "").strip()
            if text and label:
                out.setdefault(label, []).append(text)
    return out


@dataclass(frozen=True)
class ShopData:
    products: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    policies: dict[str, dict[str, Any]]
    prompts: Any
    shop_name: str = SHOP_NAME
    # customer phrasings per intent (data/intents.csv): the chat kinds' training messages
    utterances: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: str | Path, shop_name: str = SHOP_NAME) -> ShopData:
        from .prompts import PromptLibrary
        from .shop import Policies

        root = Path(root)
        return cls(load_products(root / "data/catalog.csv"), load_orders(root / "data/orders.csv"),
                   Policies.load(root / "data/policies.yaml").topics,
                   PromptLibrary(root / "prompts"), shop_name,
                   load_utterances(root / "data/intents.csv"))

    def example(self, kind: str, facts: dict[str, Any], user: str, response: str,
                history: Sequence[dict] = ()) -> Example:
        messages = chat_messages(self.prompts, kind, facts, user, history,
                                 shop_name=self.shop_name)
        return Example(kind, messages, response.strip(), {**shop_facts(self.shop_name), **facts},
                       user)


def build_shop_examples(shop: ShopData, seed: int = 0,
                        per_kind: dict[str, int] | None = None,
                        exclude: Iterable[str] = ()) -> list[Example]:
    """The generated supervised set: every reply kind the model drafts (not the
    template-only ones), facts in the prompt, facts in the answer. `per_kind` caps how many
    examples each kind contributes (random sample); products and orders whose id is in
    `exclude` (the held-out ones) are never used."""
    from dataclasses import replace

    from .sft_writers import WRITERS

    drop = set(exclude)
    shop = replace(shop, products=[p for p in shop.products if p["id"] not in drop],
                   orders=[o for o in shop.orders if o["order_id"] not in drop])
    rng = random.Random(seed)
    caps = {**DEFAULT_CAPS, **(per_kind or {})}
    out: list[Example] = []
    for kind, writer in WRITERS.items():
        pool = [e for e in writer(shop, random.Random(f"{seed}:{kind}"))
                if not template_only(shop.prompts, e.kind)]
        rng.shuffle(pool)
        out += pool[:caps.get(kind, len(pool))]
    rng.shuffle(out)
    return out


def drop_instructions(examples: Iterable[Example], rows: Iterable[dict[str, Any]]) -> list[Example]:
    """Examples whose customer message is not one of `rows`' (the held-out evaluation set):
    the chat kinds draw on data/intents.csv, which may share a "thanks!" with it."""
    seen = {str(r.get("instruction", "")).strip().lower() for r in rows}
    return [e for e in examples if e.instruction.strip().lower() not in seen]


def refs(rows: Iterable[dict[str, Any]]) -> set[str]:
    """The product and order ids that JSONL rows are about (their `ref` fields)."""
    return {r for row in rows for r in str(row.get("ref") or "").split(",") if r}


DEFAULT_CAPS = {"product_answer": 140, "product_results": 70, "product_none": 25, "compare": 35,
                "recommendation": 30, "order_status": 64, "cancel_order": 30,
                "order_not_found": 12, "order_ask_id": 30, "policy": 40, "describe": 60}


def split(examples: Iterable[Example], heldout_fraction: float = 0.05,
          seed: int = 0) -> tuple[list[Example], list[Example]]:
    """(train, held-out) — stratified by kind, at least one held-out example per kind
    that has three or more."""
    by_kind: dict[str, list[Example]] = {}
    for e in examples:
        by_kind.setdefault(e.kind, []).append(e)
    rng = random.Random(seed)
    train, held = [], []
    for kind in sorted(by_kind):
        group = by_kind[kind][:]
        rng.shuffle(group)
        n = round(len(group) * heldout_fraction) or (1 if len(group) >= 3 else 0)
        held += group[:n]
        train += group[n:]
    rng.shuffle(train)
    return train, held
