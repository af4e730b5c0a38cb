"""Words customers use for a kind of product that no product's name uses: "trainers" for
running shoes, "smartwatch" for watches, "rucksack" for backpacks.

A bare "trainers" was told that no product mentions it (one word embeds poorly, so it
stayed below the bar for a thing the shop sells, core/retrieval.UNSOLD_COSINE). COMMON is
everyday English, like the material words in core/attribute_filters; a word counts only
when the catalogue has one of its kinds, so another shop's catalogue is never forced into
a kind it lacks. Admins add their own in config.yaml (`shop.synonyms`), which win. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .slots import singular

# word (singular) -> the kinds it may mean, the likelier first
COMMON: dict[str, tuple[str, ...]] = {
    "trainer": ("running shoes", "trail shoes"),
    "sneaker": ("running shoes", "trail shoes"),
    "runner": ("running shoes", "trail shoes"),
    # "trail runners for muddy trails" listed road shoes (a runner: running shoes)
    "trail runner": ("trail shoes", "running shoes"), "trail trainer": ("trail shoes",),
    "trail sneaker": ("trail shoes",),
    "smartwatch": ("watches",), "smart watch": ("watches",), "sports watch": ("watches",),
    "rucksack": ("backpacks",), "knapsack": ("backpacks",), "daypack": ("backpacks",),
    "flashlight": ("headlamps",), "torch": ("headlamps",), "head lamp": ("headlamps",),
    "raincoat": ("rain jackets",), "anorak": ("rain jackets",), "cagoule": ("rain jackets",),
    "pant": ("trousers",), "legging": ("trousers",),
    "tee": ("t-shirts",), "tshirt": ("t-shirts",), "shirt": ("t-shirts",),
    "flask": ("water bottles",), "canteen": ("water bottles",), "thermos": ("water bottles",),
    "walking pole": ("trekking poles",), "hiking pole": ("trekking poles",),
    "stick": ("trekking poles",), "sleeping sack": ("sleeping bags",),
    "pot": ("cookware",), "pan": ("cookware",), "stove": ("cookware",),
}

# words that name a kind of their own, never another kind, however near in meaning: "sandals"
# comes 0.53 to a sock, above the bar for one word (core/retrieval.UNSOLD_COSINE), and five
# socks were listed. Only a word the catalogue never uses counts (a shop selling sandals has
# the word in its listings); singular, like COMMON
OWN_KINDS = frozenset({
    "sandal", "slipper", "flip-flop", "flipflop", "glove", "mitten", "hat", "beanie",
    "scarf", "umbrella", "kayak", "canoe", "paddle", "ski", "snowboard", "skate", "bike",
    "bicycle", "helmet", "swimsuit", "bikini", "wetsuit", "sunglass", "sunglasses",
    "goggle", "hammock", "chair", "table", "knife", "axe", "compass", "binocular",
    "binoculars", "rope", "harness", "carabiner", "surfboard", "dress", "skirt",
    "mat", "pillow", "pad", "tarp", "lantern", "cooler", "gaiter",
})


def own_kind(word: str) -> str:
    """The word, when it names a kind of its own ("sandals", "gloves"), else ""."""
    return word if word.lower() in OWN_KINDS or singular(word.lower()) in OWN_KINDS else ""


def common(categories: Iterable[str]) -> dict[str, str]:
    """{word: category} of COMMON's words, each with the first of its kinds the catalogue
    has; a word none of whose kinds it has is left out."""
    known = {c.lower(): c for c in categories}
    found = {}
    for word, kinds in COMMON.items():
        if kind := next((k for k in kinds if k in known), None):
            found[word] = known[kind]
    return found


def own(categories: Iterable[str], synonyms: Mapping[str, str] | None
        ) -> tuple[dict[str, str], list[str]]:
    """An admin's synonyms ({word: category}, from config.yaml) and the problems: each word
    whose category the catalogue lacks, which is left out."""
    known = {c.lower(): c for c in categories}
    found, problems = {}, []
    for word, category in (synonyms or {}).items():
        if str(category).lower() in known:
            found[str(word).lower()] = known[str(category).lower()]
        else:
            problems.append(f"shop.synonyms: {word!r} points at {category!r}, which is no "
                            f"category of the catalogue; it is left out")
    return found, problems
