"""Claims of the range as a whole (core/claims.py): which a message asks, whether it asks
them of the range, and what the listings say that bears on them."""

import pytest

from core import claims
from core.claims import asked, evidence, green, materials, of_the_range, of_the_shop

BOOT = {"id": "B1", "name": "Col Leather Trekking Boot", "description": "A leather boot.",
        "attributes": {"material": "full-grain leather"}}
MESH = {"id": "B2", "name": "Scree Lite Hiker", "description": "",
        "attributes": {"material": "recycled mesh"}}
TEE = {"id": "T1", "name": "Waypoint Organic Tee", "description": "Soft and light.",
       "attributes": {"material": "merino wool"}}
PLAIN = {"id": "T2", "name": "Classic Tee", "description": "Made with recycled polyester.",
         "attributes": {}}


@pytest.mark.parametrize("text, about", [
    ("are your products eco friendly?", "how sustainable our {scope} are"),
    ("is your shop sustainable", "how sustainable our {scope} are"),
    ("are the tents environmentally friendly?", "how sustainable our {scope} are"),
    ("are your boots vegan?", "whether our {scope} are vegan"),
    ("cruelty-free jackets?", "whether our {scope} are vegan"),
    ("are your jackets PFC free?", "whether our {scope} are PFC-free"),
    ("is your company ethical?",
     "how and by whom our {scope} are made (fair trade, working conditions)"),
    ("where are your products made?", "where our {scope} are made"),
    ("are the boots made in Italy?", "where our {scope} are made"),
    ("how do I wash my down jacket?", "how to wash or care for our {scope}"),
    ("is your fleece machine washable?", "how to wash or care for our {scope}"),
    ("care instructions for boots?", "how to wash or care for our {scope}"),
    ("a jacket for washing the car", None),
    ("a green jacket", None),  # a colour
    ("what are your tents made of?", None),  # a material: the listings say it
    ("a jacket made in blue", None),
    ("recycled backpack", None),
])
def test_the_claim_a_message_asks(text, about):
    claim = asked(text)
    assert (claim.about if claim else None) == about


def test_a_claim_is_of_the_range_unless_asked_of_the_products_shown():
    assert of_the_range("are they vegan?", False, [BOOT]) is False  # of those shown
    assert of_the_range("are they vegan?", False, []) is True
    assert of_the_range("are your products vegan?", False, [BOOT]) is True
    assert of_the_range("vegan boots?", True, [BOOT]) is True  # a kind named
    assert of_the_shop("do you use recycled materials?") and not of_the_shop("is it vegan?")
    assert not of_the_shop("do you think they are vegan?")  # of those shown, still


def test_materials_are_counted_most_first():
    assert materials([BOOT, MESH, BOOT], "hiking boots") == (
        "The materials our hiking boots list: full-grain leather (2) and recycled mesh (1).")
    assert materials([PLAIN], "t-shirts") == ""


def test_green_materials_come_from_the_material_then_the_description_then_the_name():
    said, backed = green([BOOT, MESH, TEE, PLAIN], "products")
    assert backed == [MESH, TEE, PLAIN]
    assert said == ("3 of our 4 products list recycled or organic materials: recycled mesh "
                    "(1), organic in the name (1) and recycled polyester (1). Here they are:")
    said, backed = green([BOOT, MESH, TEE, PLAIN], "products", "any organic ones?")
    assert backed == [TEE] and said.startswith("1 of our 4 products list organic materials")
    assert green([BOOT], "hiking boots") == (
        "None of our hiking boots lists recycled or organic materials.", [])


def test_the_evidence_of_a_claim():
    sustainable, vegan, made_in = (asked(t) for t in (
        "sustainable?", "vegan?", "where are they made?"))
    said, backed = evidence(sustainable, [BOOT, MESH], "hiking boots")
    assert said.startswith("What the listings do say: 1 of our 2 hiking boots list recycled")
    assert backed == [MESH]
    assert evidence(sustainable, [BOOT], "hiking boots") == (
        "None of our hiking boots lists recycled or organic materials.", [])
    assert evidence(vegan, [BOOT, MESH], "hiking boots") == (
        "The materials our hiking boots list: full-grain leather (1) and recycled mesh (1).", [])
    assert evidence(made_in, [BOOT], "hiking boots") == ("", [])
    assert evidence(vegan, [], "hiking boots") == ("", [])


def test_care_instructions_come_from_the_listings_that_give_them():
    care = asked("how do I wash it?")
    washable = {**TEE, "description": "Soft and light. Machine wash at 30 °C, do not "
                                      "tumble dry. Packs small."}
    assert evidence(care, [washable, BOOT], "t-shirts") == (
        "What the listings do say: 1 of our 2 t-shirts gives care instructions:\n"
        "- Waypoint Organic Tee: Machine wash at 30 °C, do not tumble dry.", [])
    assert evidence(care, [BOOT], "hiking boots") == ("", [])


@pytest.mark.parametrize("question, said", [
    # of one product: its whole card came back
    ("is it ethically sourced down?",
     "how and by whom it is made (fair trade, working conditions)"),
    ("is it carbon neutral?", "how sustainable it is"),
    ("do you know how to wash it?", "how to wash or care for it"),
    ("is it waterproof?", None),  # no claim
])
def test_a_claim_asked_of_one_product_its_listing_does_not_make(question, said):
    listing = "Cinder Hoody Down Jacket. Made with goose down for durability."
    assert claims.unsaid_of("Cinder Hoody Down Jacket", listing, question) == (
        said and f"Sorry, our listing for the Cinder Hoody Down Jacket does not say {said}.")
    # a listing that holds the claim's words: its card shows what it says
    assert claims.unsaid_of("Tee", "Fair trade organic cotton.", "is it fair trade?") is None
    assert claims.unsaid_of("Trail Socks", "Merino.", "are they ethical?", they=True) == (
        "Sorry, our listing for the Trail Socks does not say how and by whom they are made "
        "(fair trade, working conditions).")
