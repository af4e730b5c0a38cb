"""Words for a kind that no product's name uses: the common ones, and an admin's."""

from __future__ import annotations

from core import synonyms
from core.slots import Vocabulary, extract_slots

KINDS = ["running shoes", "trail shoes", "watches", "Backpacks"]


def test_a_common_word_counts_only_for_a_kind_the_catalogue_has():
    found = synonyms.common(KINDS)
    assert found["trainer"] == "running shoes" and found["rucksack"] == "Backpacks"
    assert "raincoat" not in found  # no rain jackets here
    # the likelier kind first; the next when the catalogue lacks it
    assert synonyms.common(["trail shoes"])["sneaker"] == "trail shoes"


def test_an_admins_word_is_checked_against_the_catalogue():
    found, problems = synonyms.own(KINDS, {"Kicks": "running shoes", "kayak": "boats"})
    assert found == {"kicks": "running shoes"}
    assert problems == ["shop.synonyms: 'kayak' points at 'boats', which is no category of "
                        "the catalogue; it is left out"]


def test_the_slot_reads_a_synonym_as_its_category():
    vocab = Vocabulary(categories=tuple(KINDS), category_terms=synonyms.common(KINDS))
    assert extract_slots("trainers for my marathon", vocab)["category"] == "running shoes"
    # a trail runner is a trail shoe (road shoes were listed for "trail runners for mud")
    assert extract_slots("trail runners for muddy trails", vocab)["category"] == "trail shoes"
    assert extract_slots("runners for the road", vocab)["category"] == "running shoes"
    assert extract_slots("a smartwatch with gps", vocab)["category"] == "watches"


def test_a_kind_of_its_own_is_known_in_either_number():
    assert [synonyms.own_kind(w) for w in ("sandals", "Glove", "socks", "trainers")] == [
        "sandals", "Glove", "", ""]
