"""A warranty question of a kind ("what's the warranty on tents?") or of the products shown
("… on them?") says each listing's own years before the policy (it gave the policy's "at
least 2 years" alone, though four tents carry 5)."""

import pytest

from core import warranties


def _p(name, years=None):
    return {"name": name, "attributes": {} if years is None else {"warranty_years": years}}


def test_a_kind_is_grouped_by_years_longest_first_and_a_big_group_counted():
    tents = [_p("A", 5), _p("B", "5"), _p("C", 3), *[_p(f"T{n}", 2) for n in range(7)]]
    assert warranties.of_kind(tents, "tents") == (
        "Our tents come with a warranty of 2 to 5 years: 5 years on the A and B; 3 years on "
        "the C; 2 years on the other 7.")
    boots = [*[_p(f"B{n}", 3) for n in range(6)], _p("X", 2), _p("Y", 2)]
    assert warranties.of_kind(boots, "boots") == (
        "Our boots come with a warranty of 2 or 3 years: 3 years on 6 of them; 2 years on "
        "the X and Y.")


def test_one_span_a_listing_without_years_and_none_at_all():
    assert warranties.of_kind([_p("A", 2), _p("B", 2)], "fleece") == \
        "All our fleece come with a 2-year warranty."
    assert warranties.of_kind([_p("A", 2), _p("B")], "fleece") == (
        "Our fleece come with a 2-year warranty. One of them lists no warranty of its own.")
    assert warranties.of_kind([_p("A"), _p("B", "about two")], "socks") == ""


def test_each_shown_is_numbered_and_the_pointing_word_picks_them():
    shown = [_p("A", 5), _p("B")]
    assert warranties.of_each(shown) == \
        "1. The A: 5 years\n2. The B: no warranty of its own listed"
    assert warranties.of_each([_p("A", 3)]) == "The A comes with a 3-year warranty."
    assert warranties.of_each([_p("B")]) == ""
    assert warranties.pointed("what's the warranty on them?", None, shown) == shown
    assert warranties.pointed("is it under warranty?", shown[1], shown) == [shown[1]]
    assert warranties.pointed("is it under warranty?", None, shown) == []  # which one?
    assert warranties.pointed("what's your warranty policy?", shown[0], shown) == []


async def test_the_warranty_of_a_kind_and_of_the_next_kind_asked(memory):
    (reply,) = await memory.push("what's the warranty on tents?")
    lead, _, policy = reply.text.partition("\n")
    assert reply.kind == "policy"
    assert lead == (
        "Our tents come with a warranty of 2 to 5 years: 5 years on the Nightjar 1 Ultralight "
        "Tent, Stormhold 1 Ultralight Tent, Fieldcamp 4 Dome Tent and Wildcamp 4 Dome Tent; 3 "
        "years on the Bivvy 1 Ultralight Tent and Stormhold Plus Dome Tent; 2 years on the "
        "other 10.")
    assert "at least 2 years" in policy
    (reply,) = await memory.push("and on hiking boots?")
    assert reply.text.startswith("Our hiking boots come with a warranty of 2 or 3 years: 3 "
                                 "years on the Lodestone Pro Hiking Boot,")
    (reply,) = await memory.push("and socks?")  # no sock lists its years: the policy alone
    assert reply.kind == "policy" and reply.text.startswith("Every product comes with")


@pytest.mark.parametrize("asked", ["what's the warranty on them?",
                                   "how long is the warranty on these?"])
async def test_the_warranty_of_those_shown(memory, asked):
    await memory.push("show me headlamps")
    (reply,) = await memory.push(asked)
    assert reply.kind == "policy"
    assert reply.text.startswith(
        "1. The Firefly 500 Headlamp: 3 years\n2. The Lumen 500 Headlamp: 3 years\n"
        "3. The Glow 200 Headlamp: 5 years\n"), reply.text
    assert "at least 2 years" in reply.text
