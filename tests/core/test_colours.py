from core.colours import matching, shades


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
