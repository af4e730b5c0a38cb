from core.wording import in_words, sizes_in_words


def test_sizes_in_words_shorten_only_an_unbroken_run():
    assert sizes_in_words(["40", "41", "42", "43"]) == "40 to 43"  # was "40, 41, 42, 43"
    assert sizes_in_words(["40", "41", "43", "44"]) == "40, 41, 43 and 44"  # 42 is not sold
    assert sizes_in_words(["41", "42"]) == "41 and 42"
    assert sizes_in_words(["S", "M", "L"]) == "S, M and L"
    assert sizes_in_words(["39-42", "43-46"]) == "39-42 and 43-46"
    assert sizes_in_words([]) == "" == in_words([])


def test_price_span():
    from core.wording import price_span

    assert price_span([{"price": 84.9, "currency": "EUR"}, {"price": 407.0}]) == (
        "84.90 to 407.00 EUR")
    assert price_span([{"price": 151.95, "currency": "EUR"}] * 2) == "151.95 EUR"
    assert price_span([{"price": 12.0}]) == "12.00"
