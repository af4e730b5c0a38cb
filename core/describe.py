"""Product descriptions for admins, written by the (fine-tuned) reply model.

`shopbot describe "Name" --attributes material=nubuck waterproof=yes` asks the model for a
one-to-three sentence description that uses only the given name and attributes. The same
prompt is used in the training set (catalogue descriptions as targets, minus the products
held out for the BLEU evaluation), so the fine-tuned model learns the shop's house style.
The draft is checked with core/grounding.py against the attributes; a figure it invents is
reported (and `describe()` retries once greedily, then falls back to a plain sentence built
from the attributes alone, which is always grounded).
"""

from __future__ import annotations

import re

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .grounding import Violation, check

SYSTEM = ("You are the copywriter of an outdoor shop. Write a product description of one to "
          "three sentences for the product below, in a friendly, concrete style. Use only "
          "these facts; never invent figures, materials or features.\n"
          "Product: {name}\n{attributes}")
USER = "Describe the {name}."
HELDOUT_EVERY = 16   # every 16th catalogue product is held out of the describe training


@dataclass(frozen=True)
class Description:
    text: str
    violations: tuple[Violation, ...]
    fallback: bool


def attribute_lines(attributes: Mapping[str, Any]) -> str:
    return "\n".join(f"- {k.replace('_', ' ')}: {v}" for k, v in attributes.items())


def product_attributes(product: Mapping[str, Any]) -> dict[str, str]:
    """What a catalogue row tells the copywriter: brand, category, colours, attributes."""
    out = {"brand": product.get("brand") or "", "category": product.get("category") or ""}
    if product.get("colors"):
        out["colours"] = ", ".join(product["colors"])
    out.update({k: str(v) for k, v in (product.get("attributes") or {}).items()})
    return {k: v for k, v in out.items() if v}


def messages(name: str, attributes: Mapping[str, Any]) -> tuple[dict, ...]:
    return ({"role": "system", "content": SYSTEM.format(name=name,
                                                        attributes=attribute_lines(attributes))},
            {"role": "user", "content": USER.format(name=name)})


def facts(name: str, attributes: Mapping[str, Any]) -> dict[str, Any]:
    """Grounding evidence: the name, the attributes, and their usual written forms
    ("2-year" for warranty_years=2, "620 g" for weight_g=620)."""
    out = {"name": name, **{k: str(v) for k, v in attributes.items()}}
    forms = [f"{v}-year" for k, v in attributes.items() if k.endswith("_years")]
    forms += [f"{v}-person" for k, v in attributes.items() if k == "persons"]
    if forms:
        out["written_forms"] = ", ".join(forms)
    return out


def fallback_text(name: str, attributes: Mapping[str, Any]) -> str:
    details = "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in attributes.items())
    return f"The {name}." + (f" {details}." if details else "")


def describe(name: str, attributes: Mapping[str, Any],
             generate: Callable[[Sequence[dict], float], str], *,
             known_products: Sequence[str] = ()) -> Description:
    """Draft with `generate(messages, temperature)`, check grounding, retry, fall back."""
    msgs = messages(name, attributes)
    grounds = facts(name, attributes)
    for temperature in (0.3, 0.0):
        text = generate(msgs, temperature).strip()
        bad = tuple(check(text, grounds, known_products=[p for p in known_products
                                                          if p != name]))
        if text and not bad:
            return Description(text, (), False)
    return Description(fallback_text(name, attributes), bad, True)


def is_heldout(product_id: str) -> bool:
    """Products kept out of the describe training for the BLEU evaluation (1 in 16)."""
    digits = re.sub(r"\D", "", product_id)
    return bool(digits) and int(digits) % HELDOUT_EVERY == 0
