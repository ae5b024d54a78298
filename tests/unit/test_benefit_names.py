import pytest

from bot.benefit_names import parse_benefit


@pytest.mark.parametrize("text, expected", [
    ("ESA", "esa"), ("I'm on employment and support allowance", "esa"), ("new style ESA", "esa"),
    ("universal credit", "uc"), ("I get UC", "uc"), ("univrsal credit", "uc"),
    ("PIP", "pip"), ("personal independence payment", "pip"),
    ("ESA and PIP", "more_than_one"), ("both", "more_than_one"), ("UC and PIP", "more_than_one"),
    ("none", "none"), ("no benefits", "none"),
    ("not sure", "not_sure"), ("I don't know", "not_sure"),
    ("purple", None), ("", None), ("pizza", None),
])
def test_parse_benefit(text, expected):
    assert parse_benefit(text) == expected
