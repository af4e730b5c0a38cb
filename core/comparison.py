"""What a side-by-side comparison says beyond the prices: the listed properties on which
the products differ, and the ones they share.

"Compare them" used to list name, brand, price and stock, so two hiking boots of 620 g and
540 g, leather and mesh, looked alike but for the price. Every value here is read from the
catalogue's attributes, numbered as in the list above it; a property one listing lacks is
said to be "not listed", never filled in. Pure: products -> text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .attribute_answers import asked_keys
from .wording import plain_number

# attribute -> (label, how a value reads). Attributes not named here are shown by their
# own name with underscores as spaces ("sole_type: vibram").
LABELS: dict[str, tuple[str, str]] = {
    "weight_g": ("weight", "{} g"), "material": ("material", "{}"),
    "waterproof": ("waterproof", "{}"), "gender": ("made for", "{}"),
    "season": ("season", "{}"), "capacity_l": ("capacity", "{} litres"),
    "drop_mm": ("heel-to-toe drop", "{} mm"), "insulation": ("insulation", "{}"),
    "persons": ("sleeps", "{} people"), "comfort_temp_c": ("comfort temperature", "{} °C"),
    "lumens": ("brightness", "{} lumens"), "battery_h": ("battery", "{} hours"),
    "warranty_years": ("warranty", "{} years"), "packed_l": ("packed size", "{} litres"),
}


def reading(key: str, value: Any) -> tuple[str, str]:
    """(label, value as read): ("weight", "620 g")."""
    label, shape = LABELS.get(key, (key.replace("_", " "), "{}"))
    said = plain_number(str(value).strip())
    if said == "1":  # "1 litre", "1 year" ("1.0 litres" was said of a 1 litre bottle)
        shape = re.sub(r"\{\} (\w+?)s\b", r"{} \1", shape).replace("people", "person")
    return label, shape.format(said)


def differences(products: list[dict[str, Any]]) -> str:
    """'Where they differ:' one line per property whose listed values are not all the
    same ('- weight: 1) 620 g, 2) 540 g'), then the properties every one lists alike
    ('Both: waterproof yes; warranty 2 years.'). Empty when no listing has attributes."""
    attrs = [p.get("attributes") or {} for p in products]
    keys = list(dict.fromkeys(k for a in attrs for k in a if str(a[k]).strip()))
    if len(products) < 2 or not keys:
        return ""
    differ, shared = [], []
    for key in keys:
        values = [str(a.get(key, "")).strip() for a in attrs]
        label, _ = reading(key, "")
        if all(values) and len({v.lower() for v in values}) == 1:
            shared.append(f"{label} {reading(key, values[0])[1]}")
            continue
        differ.append(f"- {label}: " + ", ".join(
            f"{i}) {reading(key, v)[1] if v else 'not listed'}"
            for i, v in enumerate(values, 1)))
    lines = ["Where they differ:", *differ] if differ else [
        "Their listings give the same details."]
    if shared:
        lines.append(f"{'Both' if len(products) == 2 else f'All {len(products)}'}: "
                     + "; ".join(shared) + ".")
    return "\n".join(lines)


def about_all(products: list[dict[str, Any]], question: str,
              numbers: Sequence[int] | None = None) -> str | None:
    """"How much do they weigh?" of a list: each product's value of every property the
    question asks about, numbered as shown (`numbers`: their places in the list when they
    are some of it; "not listed" where a listing lacks it); None
    when it asks about none. It was answered with the prices, then with the first one."""
    q = question.lower()
    keys = asked_keys(q, list(products))
    if not keys or len(products) < 2:
        return None
    blocks = []
    for key in keys:
        label = reading(key, "")[0]
        if not any(str((p.get("attributes") or {}).get(key, "")).strip() for p in products):
            # of sleeping bags, "which is better for wet conditions?" was five "not listed"
            blocks.append(f"None of these {len(products)} listings says whether it is {label}."
                          if key == "waterproof" else
                          f"None of these {len(products)} listings gives the {label}.")
            continue
        rows = []
        for i, p in zip(numbers or range(1, len(products) + 1), products):
            v = str((p.get("attributes") or {}).get(key, "")).strip()
            rows.append(f"{i}. {p['name']}: {reading(key, v)[1] if v else 'not listed'}")
        blocks.append(f"{label.capitalize()}:\n" + "\n".join(rows))
    return "\n\n".join(blocks)
