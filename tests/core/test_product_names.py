"""Products a message names by their whole name (core/product_names.py)."""

import pytest

from core.product_names import NameIndex, without_name

INDEX = NameIndex([("B1", "Talus Mid Boot"), ("B2", "Talus Mid Waterproof Hiking Boot"),
                   ("T1", "Starfall UL Tent"), ("T2", "Starfall 2 Tent"), ("F1", "Fleece")])


def test_whole_names_in_the_order_said():
    assert INDEX.find("how much is the Starfall UL Tent?") == ["T1"]
    assert INDEX.find("starfall 2 tent vs talus mid boot") == ["T2", "B1"]
    assert INDEX.find("is the Talus Mid Waterproof Hiking Boot light?") == ["B2"]


def test_parts_plurals_and_one_word_names_are_not_names():
    assert INDEX.find("starfall tents") == []
    assert INDEX.find("talus mid boots") == []
    assert INDEX.find("a fleece") == []  # a one-word name is a category word
    assert INDEX.find("") == []


def test_the_start_of_a_name_no_other_name_starts_with_names_it():
    index = NameIndex([*((pid, name) for pid, name in (
        ("B1", "Talus Mid Boot"), ("B2", "Talus Mid Waterproof Hiking Boot"),
        ("T1", "Starfall UL Tent"), ("T2", "Starfall 2 Tent"))),
        ("J1", "Stormline 2.5L Rain Jacket"), ("J2", "Stormline Lite Rain Jacket")])
    assert index.find("is the Starfall UL light?") == ["T1"]
    assert index.find("the Stormline 2.5L or the stormline lite?") == ["J1", "J2"]
    assert index.find("talus mid waterproof, how heavy?") == ["B2"]
    assert index.find("the stormline rain jacket") == []  # two names start so
    assert index.find("talus mid boots") == []


def test_a_minus_sign_is_part_of_a_number_in_a_name():
    # "Dormant -5" was one of three names starting "dormant 5", so it named none
    index = NameIndex([("S1", "Dormant -5 Synthetic Sleeping Bag"), ("S2", "Dormant 5 Quilt"),
                       ("S3", "Dormant 5 Sleeping Bag"), ("K1", "Blister Guard 2-Pack Socks")])
    assert index.find("is the Dormant -5 warm enough?") == ["S1"]
    assert index.find("the dormant 5") == []  # two names start so
    assert index.find("the Dormant 5 Quilt or the blister guard 2-pack?") == ["S2", "K1"]


def test_without_name_drops_the_longest_start_of_the_name_said():
    name = "Dormant -5 Synthetic Sleeping Bag"
    assert without_name("is the Dormant -5 good for -8?", name).split() == [
        "is", "the", "good", "for", "-8?"]
    assert without_name("is the dormant -5 synthetic sleeping bag warm?", name).split() == [
        "is", "the", "warm?"]
    assert without_name("good for -5?", name) == "good for -5?"  # the name is not said


@pytest.mark.parametrize("text, left", [
    # "is the <start of its name> waterproof and …?": the last word is the question
    ("is the Talus Mid waterproof and how much does it weigh?",
     "is the   waterproof and how much does it weigh?"),
    ("how heavy is the Talus Mid Waterproof?", "how heavy is the  ?"),  # the name it is
    ("is the Talus Mid Waterproof Hiking Boot light?", "is the   light?"),
])
def test_an_adjective_that_ends_a_shortened_name_is_asked(text, left):
    assert without_name(text, "Talus Mid Waterproof Hiking Boot") == left


def test_the_products_a_shared_start_of_their_names_points_at():
    # "tell me about the Starfall" named none of the two: "which product do you mean?"
    assert INDEX.starting("tell me about the Starfall") == ["T1", "T2"]
    assert INDEX.starting("is the talus mid light?") == ["B1", "B2"]
    assert INDEX.starting("the Talus Mid Waterproof, is it light?") == ["B2"]  # longest start
    assert INDEX.starting("starfall or talus?") == ["T1", "T2", "B1", "B2"]  # in the order said
    assert INDEX.starting("is it waterproof?") == [] and INDEX.starting("a fleece") == []


@pytest.mark.parametrize("text, said", [
    ("do you have this in stock? https://shop.example/p/P1233",
     "do you have this in stock? the Stormhold 1 Ultralight Tent"),
    ("is the P1233 waterproof?", "is the Stormhold 1 Ultralight Tent waterproof?"),
    ("https://shop.example/img/p1233.jpg in green?", "the Stormhold 1 Ultralight Tent in green?"),
    ("where is A-10042?", "where is A-10042?"),  # no product's code: an order number still
    ("P9999?", "P9999?"), ("size 44", "size 44")])
def test_a_product_code_or_link_is_said_as_the_products_name(text, said):
    from core.product_names import codes_named

    assert codes_named(text, {"P1233": {"name": "Stormhold 1 Ultralight Tent"}}.get) == said
