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


@pytest.mark.parametrize("text", ["£800 four weekly", "£800 4-weekly", "£800 every four weeks", "£400 every 2 weeks",
                                  "£400 fortnightly", "£400 a fortnight", "£400 bi-weekly", "£20,000 a year",
                                  "£20000 per annum", "£90 a day", "£20,000 annually"])
def test_pay_for_another_period_is_not_taken_for_a_week_or_a_month(text):
    assert parse_pay(text)[1] is None  # the form asks which period: never a silent wrong answer


@given(st.decimals(min_value=0, max_value=100000, places=2), st.sampled_from(["an hour", "a week", "a month"]))
def test_any_pound_amount_with_a_period_is_read_exactly(amount, period):
    assert parse_pay(f"£{amount} {period}") == (amount, parse_pay_period(period))


@given(st.text(max_size=60))
def test_never_crashes_on_any_text(text):
    parse_hours(text)
    parse_pay(text)
    parse_pay(text, expecting_pay=True)
