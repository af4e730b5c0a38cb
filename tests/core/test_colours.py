from core.colours import choice, matching, shades


def test_a_basic_colour_means_its_shades():
    assert shades("Blue")[0] == "blue" and "navy" in shades("blue")
    assert "olive" in shades("green")
    assert "charcoal" in shades("gray") and shades("gray")[1:] == shades("grey")[1:]


def test_a_shade_means_only_itself():
    assert shades("navy") == ("navy",)
    assert matching(["navy", "black"], "navy") == ["navy"]
    assert matching(["blue", "black"], "navy") == []


def test_matching_keeps_the_shops_spelling_and_order():
    assert matching(["Sky Blue", "black", "Navy"], "blue") == ["Sky Blue", "Navy"]
    assert matching(["black", "white"], "blue") == []


def test_two_colours_joined_by_or_mean_either():
    assert shades("blue or black") == ("blue", *shades("blue")[1:], "black")
    assert matching(["navy", "red"], "blue or black") == ["navy"]
    assert choice(["black", "blue"], "blue or black boots") == "blue or black"
    assert choice(["black", "blue"], "a black/blue jacket") == "black or blue"
    assert choice(["black", "blue"], "black boots with blue laces") is None
