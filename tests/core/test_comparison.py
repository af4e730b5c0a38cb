from core.comparison import about_all, differences
from core.facts import compare_facts

BOOTS = [
    {"id": "A", "name": "Ridgeline", "price": 109.99, "currency": "EUR", "stock": 3,
     "attributes": {"material": "nubuck leather", "waterproof": "yes", "weight_g": "620",
                    "warranty_years": "2"}},
    {"id": "B", "name": "Summit Pro", "price": 119.0, "currency": "EUR", "stock": 0,
     "attributes": {"material": "suede and mesh", "waterproof": "Yes", "weight_g": "540",
                    "warranty_years": "2"}},
]


def test_lists_what_differs_by_number_and_what_both_share():
    assert differences(BOOTS) == (
        "Where they differ:\n"
        "- material: 1) nubuck leather, 2) suede and mesh\n"
        "- weight: 1) 620 g, 2) 540 g\n"
        "Both: waterproof yes; warranty 2 years.")


def test_a_property_one_listing_lacks_is_not_listed_never_shared():
    third = {"id": "C", "name": "Talus", "price": 99.95, "attributes": {
        "waterproof": "yes", "weight_g": "580", "drop_mm": "8"}}
    text = differences([*BOOTS, third])
    assert "- material: 1) nubuck leather, 2) suede and mesh, 3) not listed" in text
    assert "- warranty: 1) 2 years, 2) 2 years, 3) not listed" in text
    assert "- heel-to-toe drop: 1) not listed, 2) not listed, 3) 8 mm" in text
    assert text.endswith("All 3: waterproof yes.")


def test_nothing_to_compare_says_nothing():
    bare = [{"id": "x", "name": "X", "price": 1.0}, {"id": "y", "name": "Y", "price": 2.0}]
    assert differences(bare) == "" and differences(BOOTS[:1]) == ""
    same = [BOOTS[0], {**BOOTS[0], "id": "A2"}]
    assert differences(same).startswith("Their listings give the same details.\nBoth: ")


def test_compare_facts_carry_the_differences():
    facts = compare_facts(BOOTS)
    assert facts["differences"] == differences(BOOTS)
    assert facts["cheaper"] == "Ridgeline is the cheaper one at 109.99 EUR."


def test_a_plural_name_is_the_cheapest_ones():
    socks = [{"id": "s1", "name": "Cushion Light Hiking Socks", "price": 14.0,
              "currency": "EUR"},
             {"id": "s2", "name": "Woolly Heavy Trekking Socks", "price": 19.0}]
    assert compare_facts(socks)["cheaper"] == (
        "Cushion Light Hiking Socks are the cheaper ones at 14.00 EUR.")


def test_a_question_about_all_of_them_gets_each_ones_value():
    third = {"id": "C", "name": "Talus", "price": 99.95, "attributes": {"weight_g": "580"}}
    assert about_all([*BOOTS, third], "how much do they weigh?") == (
        "Weight:\n1. Ridgeline: 620 g\n2. Summit Pro: 540 g\n3. Talus: 580 g")
    assert about_all([*BOOTS, third], "are they waterproof?").endswith("3. Talus: not listed")
    assert about_all(BOOTS, "do they come in red?") is None  # no listed property asked
    # none lists it: said once, not "not listed" for each (five sleeping bags)
    bare = [{"id": x, "name": x, "price": 1.0, "attributes": {}} for x in "ABC"]
    assert about_all(bare, "are they waterproof?") == (
        "None of these 3 listings says whether it is waterproof.")
    assert about_all(bare, "how much do they weigh?") == (
        "None of these 3 listings gives the weight.")
