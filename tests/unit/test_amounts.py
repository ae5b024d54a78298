from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from bot.rules.amounts import parse_hours, parse_pay, parse_pay_period


@pytest.mark.parametrize("text, hours", [
    ("16 hours", 16), ("about 12 hours a week", 12), ("7.5 hrs", Decimal("7.5")), ("no, I meant 12 hours", 12),
    ("-3 hours", -3), ("200 hours", 200), ("sixteen", None), ("", None), ("£10 an hour", None), ("12", None),
])
def test_parse_hours(text, hours):
    assert parse_hours(text) == (None if hours is None else Decimal(hours))


@pytest.mark.parametrize("text, expecting, amount, period", [
    ("£10.50 an hour", False, Decimal("10.50"), "hour"),
    ("£200 a week", False, Decimal("200"), "week"),
    ("about 20 quid", False, Decimal("20"), None),
    ("1,200 pounds a month", False, Decimal("1200"), "month"),
    ("12.71 per hour", False, Decimal("12.71"), "hour"),
    ("150", True, Decimal("150"), None),
    ("150", False, None, None),
    ("-£5 a week", False, Decimal("-5"), "week"),
    ("16 hours", True, None, None),
    ("actually it's £11 an hour", False, Decimal("11"), "hour"),
    ("weekly", True, None, "week"),
])
def test_parse_pay(text, expecting, amount, period):
    assert parse_pay(text, expecting_pay=expecting) == (amount, period)


@pytest.mark.parametrize("text, period", [
    ("£800 four weekly", "four_weeks"), ("£800 4-weekly", "four_weeks"), ("£800 every four weeks", "four_weeks"),
    ("£800 every 4 weeks", "four_weeks"), ("£400 every 2 weeks", "fortnight"), ("£400 fortnightly", "fortnight"),
    ("£400 a fortnight", "fortnight"), ("£400 every other week", "fortnight"), ("£400 two weekly", "fortnight"),
    ("£20,000 a year", "year"), ("£20000 per annum", "year"), ("£20,000 annually", "year"), ("£20k salary", "year"),
    ("Every two weeks", "fortnight"), ("Every four weeks", "four_weeks"), ("For each hour", "hour"),
    ("Every week", "week"), ("Every month", "month"), ("Every year", "year"),
])
def test_every_pay_period_people_use(text, period):
    assert parse_pay_period(text) == period


@pytest.mark.parametrize("text", ["£400 bi-weekly", "£400 biweekly", "£90 a day", "£90 daily", "£600 every three weeks"])
def test_an_unclear_period_is_asked_not_guessed(text):
    assert parse_pay(text)[1] is None  # "bi-weekly" is twice a week to some, every two weeks to others


@pytest.mark.parametrize("text, hours", [
    ("15 and a half hours", "15.5"), ("7½ hours", "7.5"), ("40 hours a month", "9.23"),  # 40 x 12 / 52 = 9.2307
    ("16 hours a fortnight", "8"), ("20 hours a week", "20"), ("8 hours a day", None),
])
def test_hours_as_people_give_them(text, hours):
    assert parse_hours(text) == (None if hours is None else Decimal(hours))


@pytest.mark.parametrize("text, amount", [("£25k a year", Decimal("25000")), ("25k a year", Decimal("25000"))])
def test_thousands_written_with_k(text, amount):
    assert parse_pay(text) == (amount, "year")


@given(st.decimals(min_value=0, max_value=100000, places=2), st.sampled_from(["an hour", "a week", "a month", "a fortnight", "every four weeks", "a year"]))
def test_any_pound_amount_with_a_period_is_read_exactly(amount, period):
    assert parse_pay(f"£{amount} {period}") == (amount, parse_pay_period(period))


@given(st.text(max_size=60))
def test_never_crashes_on_any_text(text):
    parse_hours(text)
    parse_pay(text)
    parse_pay(text, expecting_pay=True)
