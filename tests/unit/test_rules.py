"""Permitted Work, the UC earnings estimate, pay conversions and the better-off summary.

Each worked example has the hand calculation beside the expected value. The property tests check that
the UC estimate behaves (more pay never means more UC, never below zero), that the sums quoted in the
steps agree with the result, and that the steps stay Easy Read.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules import (
    BadAmount,
    BadInput,
    better_off_summary,
    format_money,
    hourly_to_weekly,
    load_rates,
    monthly_to_weekly,
    permitted_work_check,
    uc_earnings_estimate,
    weekly_to_monthly,
)

YEARS = ["2024-25", "2025-26", "2026-27"]
RATES = {year: load_rates(year) for year in YEARS}
GLOSSARY_ACRONYMS = {"ESA", "UC", "PIP", "LCW", "LCWRA", "DWP", "PW1"}
EXPECTED = "expected, not yet confirmed"
D = Decimal


# ---------------------------------------------------------------- reading the steps back

M = r"£(\d{1,3}(?:,\d{3})*(?:\.\d+)?)"
TAKE_AWAY = re.compile(rf"{M} (?:pay )?take away {M} (?:less UC )?leaves {M}")
PERCENT = re.compile(rf"^(\d+(?:\.\d+)?)% of {M} is {M}\.$")
WEEK_TO_MONTH = re.compile(rf"^{M} a week is {M} a month\.$")
HOURS_AT_RATE = re.compile(rf"^You work (\d+(?:\.\d+)?) hours? a week at {M} an hour\.$")
WEEKLY_PAY = re.compile(rf"^That is {M} a week before tax\.$")
NOT_MORE = re.compile(rf"^{M} is not more than {M}\.$")
MORE = re.compile(rf"^{M} is more than {M}\.$")
GOES_DOWN = re.compile(rf"^So your UC goes down by {M}")
KEEP = re.compile(rf"^You keep {M} of the {M}\.$")


def money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def penny(amount: Decimal) -> Decimal:
    return amount.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def assert_steps_add_up(steps: list[str]) -> None:
    """Every sum written in the steps is right, worked out again from the numbers the steps quote."""
    assert steps and all(isinstance(s, str) for s in steps)
    goes_down = None
    for i, step in enumerate(steps):
        for a, b, c in TAKE_AWAY.findall(step):
            assert money(a) - money(b) == money(c), step
        if m := PERCENT.match(step):
            assert penny(D(m[1]) / 100 * money(m[2])) == money(m[3]), step
        if m := WEEK_TO_MONTH.match(step):
            assert penny(money(m[1]) * 52 / 12) == money(m[2]), step
        if m := HOURS_AT_RATE.match(step):
            weekly = WEEKLY_PAY.match(steps[i + 1])
            assert weekly and penny(D(m[1]) * money(m[2])) == money(weekly[1]), steps[i:i + 2]
        if m := NOT_MORE.match(step):
            assert money(m[1]) <= money(m[2]), step
        if m := MORE.match(step):
            assert money(m[1]) > money(m[2]), step
        if m := GOES_DOWN.match(step):
            goes_down = money(m[1])
        if m := KEEP.match(step):
            assert goes_down is not None and money(m[2]) - goes_down == money(m[1]), step


def assert_easy_read(steps: list[str]) -> None:
    """One short sentence a step, no unexplained acronyms, no hard words: the project's own checker."""
    from accessibility.easy_read import check_text, count_words, split_sentences

    for step in steps:
        assert len(split_sentences(step)) == 1, step
        assert count_words(step) <= 15, step
        assert step.endswith("."), step
        assert check_text(step, level="easy", where="steps", known_acronyms=GLOSSARY_ACRONYMS) == [], step


def quoted(steps: list[str], text: str) -> bool:
    return any(text in step for step in steps)


# ---------------------------------------------------------------- Permitted Work (ESA)

# (year, hours, pay a week, supported, allowed, limit used, limit)
PERMITTED_WORK_EXAMPLES = [
    # 10 < 16 hours, 183.50 <= 183.50 higher limit: allowed
    ("2024-25", "10", "183.50", False, True, "higher", "183.50"),
    # 10 < 16 hours, but 183.51 > 183.50: not allowed
    ("2024-25", "10", "183.51", False, False, "higher", "183.50"),
    # 16 hours is not under 16, so only the lower limit: 20 <= 20, allowed
    ("2024-25", "16", "20", False, True, "lower", "20"),
    # 15.5 < 16 hours, 195.50 <= 195.50: allowed
    ("2025-26", "15.5", "195.50", False, True, "higher", "195.50"),
    # 16 hours, 20.01 > 20 lower limit: not allowed
    ("2025-26", "16", "20.01", False, False, "lower", "20"),
    # supported: 30 hours is fine, 195.50 <= 195.50
    ("2025-26", "30", "195.50", True, True, "supported", "195.50"),
    # supported: 195.51 > 195.50
    ("2025-26", "30", "195.51", True, False, "supported", "195.50"),
    # 12 hours x £12.71 = 152.52 <= 203.50: allowed
    ("2026-27", "12", "152.52", False, True, "higher", "203.50"),
    # 40 hours, 19.99 <= 20 lower limit: allowed
    ("2026-27", "40", "19.99", False, True, "lower", "20"),
    # 16 hours x £12.71 = 203.36 is under 203.50, but 16 hours is not under 16: lower limit, not allowed
    ("2026-27", "16", "203.36", False, False, "lower", "20"),
    # supported: 37.5 hours, 203.50 <= 203.50
    ("2026-27", "37.5", "203.50", True, True, "supported", "203.50"),
    # no work at all: 0 <= 203.50
    ("2026-27", "0", "0", False, True, "higher", "203.50"),
]


@pytest.mark.parametrize("year, hours, pay, supported, allowed, limit_used, limit", PERMITTED_WORK_EXAMPLES)
def test_permitted_work_examples(year, hours, pay, supported, allowed, limit_used, limit):
    result = permitted_work_check(hours, pay, RATES[year], supported=supported)
    assert result.allowed is allowed
    assert result.limit_used == limit_used
    assert result.limit == D(limit)
    assert result.needs_adviser is (not allowed)
    assert result.hours_a_week == D(hours) and result.pay_a_week == D(pay)
    assert result.steps[-1] == "Tell DWP before you start, using form PW1."
    assert quoted([s.lower() for s in result.steps], f"your pay limit is {format_money(D(limit))} a week")
    if allowed:
        assert "So you can do this work and keep your ESA." in result.steps
    else:
        assert "This work may affect your ESA." in result.steps
        assert "Please talk to a benefits adviser before you start." in result.steps
    # the limit is only expected in 2026-27 (confidence I): the steps must say so, naming it
    assert result.limit_confirmed is (year != "2026-27")
    assert (f"The {format_money(D(limit))} limit is {EXPECTED}." in result.steps) is (year == "2026-27")
    assert_steps_add_up(result.steps)
    assert_easy_read(result.steps)


def test_over_16_hours_but_under_the_higher_limit_suggests_supported_permitted_work():
    result = permitted_work_check(20, 150, RATES["2025-26"])  # 20 hours: lower limit; 150 <= 195.50
    assert not result.allowed
    assert "Ask the adviser about Supported Permitted Work." in result.steps


# ---------------------------------------------------------------- UC earnings estimate

# (year, pay a month, LCW/LCWRA, child, housing costs, maximum UC, allowance, over, reduction, UC after)
UC_EXAMPLES = [
    # 900 - 673 = 227; 227 x 0.55 = 124.85 (the r/DWPhelp example in research/anchors.md B.2)
    ("2024-25", "900", True, False, False, None, "673", "227", "124.85", None),
    # child and housing: 900 - 404 = 496; 496 x 0.55 = 272.80
    ("2024-25", "900", False, True, True, None, "404", "496", "272.80", None),
    # no allowance: 300 x 0.55 = 165.00
    ("2024-25", "300", False, False, True, None, "0", "300", "165.00", None),
    # child and housing: 900 - 411 = 489; 489 x 0.55 = 268.95
    ("2025-26", "900", False, True, True, None, "411", "489", "268.95", None),
    # exactly the allowance: 684 - 684 = 0; nothing comes off
    ("2025-26", "684", True, False, False, None, "684", "0", "0", None),
    # 684.30 - 684 = 0.30; 0.30 x 0.55 = 0.165 -> 0.17 (half up; half-even would give 0.16)
    ("2025-26", "684.30", True, False, False, None, "684", "0.30", "0.17", None),
    # LCWRA and housing: 900 - 427 = 473; 473 x 0.55 = 260.15
    ("2026-27", "900", True, False, True, None, "427", "473", "260.15", None),
    # LCW, no housing: 1000 - 710 = 290; 290 x 0.55 = 159.50; UC 500 - 159.50 = 340.50
    ("2026-27", "1000", True, True, False, "500", "710", "290", "159.50", "340.50"),
    # no allowance: 2000 x 0.55 = 1100, more than UC of 800, so UC goes down by 800 to 0
    ("2026-27", "2000", False, False, False, "800", "0", "2000", "800", "0"),
    # no allowance: 0.30 x 0.55 = 0.165 -> 0.17
    ("2026-27", "0.30", False, False, False, None, "0", "0.30", "0.17", None),
    # no pay: nothing comes off; UC stays 400
    ("2026-27", "0", False, False, False, "400", "0", "0", "0", "400"),
]


@pytest.mark.parametrize("year, pay, lcw, child, housing, maximum, allowance, over, reduction, after", UC_EXAMPLES)
def test_uc_estimate_examples(year, pay, lcw, child, housing, maximum, allowance, over, reduction, after):
    result = uc_earnings_estimate(pay, RATES[year], lcw, child, housing, maximum_uc=maximum)
    assert result.work_allowance == D(allowance)
    assert result.has_work_allowance is (lcw or child)
    assert result.earnings_over_allowance == D(over)
    assert result.uc_reduction == D(reduction)
    assert result.uc_after_earnings == (None if after is None else D(after))
    assert result.taper_rate == D("0.55")
    assert "UC has no Permitted Work rules." in result.steps
    assert_uc_steps_quote_the_result(result)
    assert_steps_add_up(result.steps)
    assert_easy_read(result.steps)


def assert_uc_steps_quote_the_result(result) -> None:
    steps = result.steps
    if result.has_work_allowance:
        assert quoted(steps, f"Your work allowance is {format_money(result.work_allowance)} a month")
    else:
        assert "You do not get a work allowance." in steps
    if result.earnings_over_allowance > 0:
        assert quoted(steps, f"of {format_money(result.earnings_over_allowance)} is {format_money(result.taper_amount)}.")
    if result.uc_reduction > 0:
        assert quoted(steps, f"So your UC goes down by {format_money(result.uc_reduction)}")
    else:
        assert "So your UC does not go down." in steps
    if result.uc_stops:
        assert quoted(steps, ", to £0.")
    elif result.uc_after_earnings is not None:
        assert quoted(steps, f"leaves {format_money(result.uc_after_earnings)} of UC a month.")


def test_uc_work_allowance_needs_lcw_or_a_child():
    rates = RATES["2026-27"]
    none = uc_earnings_estimate(500, rates, False, False, True)
    assert (none.work_allowance, none.uc_reduction) == (D(0), D("275.00"))  # no allowance: 500 x 0.55 = 275
    lcw = uc_earnings_estimate(500, rates, True, False, True)
    assert (lcw.work_allowance, lcw.uc_reduction) == (D(427), D("40.15"))  # 500 - 427 = 73; 73 x 0.55 = 40.15


def test_uc_allowance_reason_is_given():
    rates = RATES["2026-27"]
    assert "You have LCW or LCWRA, so you get a work allowance." in uc_earnings_estimate(1, rates, True, True, False).steps
    assert "You are responsible for a child, so you get a work allowance." in uc_earnings_estimate(1, rates, False, True, False).steps


# ---------------------------------------------------------------- pay conversions


@pytest.mark.parametrize(
    "convert, amount, expected",
    [
        (weekly_to_monthly, "100", "433.33"),  # 100 x 52 / 12 = 433.333
        (weekly_to_monthly, "203.50", "881.83"),  # 203.50 x 52 / 12 = 881.833
        (weekly_to_monthly, "190.65", "826.15"),  # 190.65 x 52 / 12 = 826.15
        (weekly_to_monthly, "£1,200", "5200.00"),  # 1200 x 52 / 12 = 5200
        (weekly_to_monthly, 12.5, "54.17"),  # a float slot, kept as typed: 12.5 x 52 / 12 = 54.1666
        (monthly_to_weekly, "433.33", "100.00"),  # 433.33 x 12 / 52 = 99.9992
        (monthly_to_weekly, "710", "163.85"),  # 710 x 12 / 52 = 163.846
        (monthly_to_weekly, 0, "0.00"),
    ],
)
def test_pay_conversions(convert, amount, expected):
    assert convert(amount) == D(expected)


def test_hourly_to_weekly():
    assert hourly_to_weekly("12.71", 16) == D("203.36")  # 12.71 x 16
    assert hourly_to_weekly("11.44", "7.5") == D("85.80")  # 11.44 x 7.5
    assert hourly_to_weekly("12.705", 1) == D("12.71")  # half a penny rounds up
    assert hourly_to_weekly(10, 168) == D("1680.00")  # the most hours a week has


# ---------------------------------------------------------------- better-off summary


def test_better_off_uc_2024_25():
    result = better_off_summary(10, "11.44", RATES["2024-25"], benefit="UC", age=30)
    assert result.pay_a_week == D("114.40")  # 10 x 11.44
    assert result.pay_a_month == D("495.73")  # 114.40 x 52 / 12 = 495.733
    assert result.uc.work_allowance == D(0)  # no LCW, no child
    assert result.benefit_change_a_month == D("-272.65")  # 495.73 x 0.55 = 272.6515
    assert result.net_difference_a_month == D("223.08")  # 495.73 - 272.65
    assert not result.below_minimum_wage  # 11.44 is the 21+ rate
    assert "So you would be £223.08 a month better off." in result.steps
    assert "We have not taken off any tax or National Insurance." in result.steps
    assert "This is a guide, not advice." in result.steps


def test_better_off_esa_within_permitted_work_2024_25():
    result = better_off_summary(10, "11.44", RATES["2024-25"], benefit="ESA", age=25)
    assert result.permitted_work.allowed  # 114.40 a week <= 183.50, 10 < 16 hours
    assert result.benefit_change_a_month == D(0)
    assert result.net_difference_a_month == D("495.73")  # 114.40 x 52 / 12, ESA unchanged
    assert "Your ESA does not go down." in result.steps


def test_better_off_uc_with_child_and_housing_2025_26():
    result = better_off_summary(20, "12.21", RATES["2025-26"], benefit="UC", age=40, has_child=True, has_housing_costs=True)
    assert result.pay_a_week == D("244.20")  # 20 x 12.21
    assert result.pay_a_month == D("1058.20")  # 244.20 x 52 / 12 = 1058.20
    assert result.uc.work_allowance == D(411)
    assert result.uc.earnings_over_allowance == D("647.20")  # 1058.20 - 411
    assert result.uc.uc_reduction == D("355.96")  # 647.20 x 0.55 = 355.96
    assert result.net_difference_a_month == D("702.24")  # 1058.20 - 355.96
    assert "£1,058.20 pay take away £355.96 less UC leaves £702.24." in result.steps


def test_better_off_esa_at_16_hours_hands_over_2025_26():
    result = better_off_summary(16, "12.21", RATES["2025-26"], benefit="ESA", age=40)
    # 16 x 12.21 = 195.36 a week: under the higher limit, but 16 hours is not under 16, so the £20 limit
    assert not result.permitted_work.allowed
    assert result.benefit_change_a_month is None and result.net_difference_a_month is None
    assert not result.can_estimate and result.needs_adviser
    assert "We cannot work out how much your ESA would change." in result.steps
    assert not quoted(result.steps, "better off.")


def test_better_off_uc_lcwra_2026_27():
    result = better_off_summary(15, "12.71", RATES["2026-27"], benefit="UC", age=30, has_lcw_or_lcwra=True, gets_pip=True)
    assert result.pay_a_week == D("190.65")  # 15 x 12.71
    assert result.pay_a_month == D("826.15")  # 190.65 x 52 / 12 = 826.15
    assert result.uc.work_allowance == D(710)  # LCWRA, no housing costs
    assert result.uc.uc_reduction == D("63.88")  # (826.15 - 710) x 0.55 = 116.15 x 0.55 = 63.8825
    assert result.net_difference_a_month == D("762.27")  # 826.15 - 63.88
    assert "Working does not lower your PIP by itself." in result.steps
    assert result.steps[0] == "These sums use rates from 6 April 2026 to 5 April 2027."


def test_better_off_esa_2026_27_says_the_limit_is_expected():
    result = better_off_summary(15, "12.71", RATES["2026-27"], benefit="ESA", age=30)
    assert result.permitted_work.allowed  # 190.65 <= 203.50
    assert result.net_difference_a_month == D("826.15")
    assert f"The £203.50 limit is {EXPECTED}." in result.steps


def test_better_off_uses_take_home_pay_when_given():
    result = better_off_summary(20, "12.71", RATES["2026-27"], benefit="UC", age=30, take_home_a_week=240)
    assert result.pay_a_week == D("254.20")  # 20 x 12.71 before tax
    assert result.pay_a_month == D("1040.00")  # 240 x 52 / 12
    assert result.uc.uc_reduction == D("572.00")  # no allowance: 1040 x 0.55
    assert result.net_difference_a_month == D("468.00")  # 1040 - 572
    assert "You take home £240 a week." in result.steps


def test_better_off_when_uc_stops():
    result = better_off_summary(40, 20, RATES["2026-27"], benefit="UC", age=30, maximum_uc=1000)
    assert result.pay_a_month == D("3466.67")  # 800 x 52 / 12 = 3466.666
    assert result.uc.taper_amount == D("1906.67")  # 3466.67 x 0.55 = 1906.6685
    assert result.uc.uc_reduction == D(1000)  # never more than the UC there is
    assert result.uc.uc_after_earnings == D(0)
    assert result.net_difference_a_month == D("2466.67")  # 3466.67 - 1000
    assert result.needs_adviser


@pytest.mark.parametrize(
    "year, age, apprentice, rate, below",
    [
        ("2026-27", 25, False, "11", True),  # 11 < 12.71
        ("2026-27", 19, False, "11", False),  # 18-20: 11 >= 10.85
        ("2026-27", 19, False, "10.50", True),  # 10.50 < 10.85
        ("2026-27", 17, False, "8.00", False),  # 16-17: 8.00
        ("2026-27", 17, False, "7.99", True),
        ("2026-27", 30, True, "8.00", False),  # apprentice rate 8.00
        ("2026-27", 21, False, "12.705", True),  # part of a penny below 12.71 still counts
        ("2025-26", 20, False, "9.99", True),  # 9.99 < 10.00
        ("2024-25", 21, False, "11.44", False),
        ("2024-25", 22, False, "11.43", True),
    ],
)
def test_minimum_wage_warning(year, age, apprentice, rate, below):
    result = better_off_summary(10, rate, RATES[year], benefit="UC", age=age, apprentice=apprentice)
    assert result.below_minimum_wage is below
    assert quoted(result.steps, "is below this.") is below
    if below:
        assert quoted(result.steps, f"is {format_money(result.minimum_wage)} an hour.")


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("hours", [-1, "-0.5", "168.01", 200, "ten", None, "", float("nan"), "Infinity", True, [], D("NaN")])
def test_bad_hours(hours):
    with pytest.raises(BadAmount) as error:
        permitted_work_check(hours, 100, RATES["2026-27"])
    assert_plain(error.value)
    with pytest.raises(BadAmount):
        better_off_summary(hours, 10, RATES["2026-27"], benefit="UC", age=30)


@pytest.mark.parametrize("pay", [-1, "-0.01", "abc", None, float("inf"), "12,34", False, "1e9"])
def test_bad_pay(pay):
    rates = RATES["2026-27"]
    for call in (
        lambda: permitted_work_check(10, pay, rates),
        lambda: uc_earnings_estimate(pay, rates, True, False, False),
        lambda: weekly_to_monthly(pay),
        lambda: monthly_to_weekly(pay),
        # no maximum UC (None) is allowed; any other bad maximum is not
        *([] if pay is None else [lambda: uc_earnings_estimate(100, rates, True, False, False, maximum_uc=pay)]),
    ):
        with pytest.raises(BadAmount) as error:
            call()
        assert_plain(error.value)


@pytest.mark.parametrize("age", [15, "25.5", "old", None, 200])
def test_bad_age(age):
    with pytest.raises(BadAmount) as error:
        better_off_summary(10, 12, RATES["2026-27"], benefit="UC", age=age)
    assert_plain(error.value)


def test_other_bad_input():
    rates = RATES["2026-27"]
    with pytest.raises(BadAmount, match="Take-home pay cannot be more"):
        better_off_summary(10, 12, rates, benefit="UC", age=30, take_home_a_week=121)  # 10 x 12 = 120 before tax
    with pytest.raises(BadInput, match="UC or ESA"):
        better_off_summary(10, 12, rates, benefit="JSA", age=30)
    assert issubclass(BadAmount, ValueError) and issubclass(BadInput, ValueError)
    assert permitted_work_check(168, 0, rates).allowed  # 168 hours is the most a week has, and allowed at £0


def assert_plain(error: Exception) -> None:
    message = str(error)
    assert message and message.endswith(".")
    for jargon in ("Decimal", "InvalidOperation", "Traceback", "None", "float"):
        assert jargon not in message


# ---------------------------------------------------------------- properties

money_amounts = st.decimals(min_value=0, max_value=20000, places=2, allow_nan=False, allow_infinity=False)
flags = st.booleans()
years = st.sampled_from(YEARS)
maximums = st.none() | money_amounts


@settings(max_examples=300, deadline=None)
@given(years, money_amounts, money_amounts, flags, flags, flags, maximums)
def test_more_pay_never_means_more_uc(year, a, b, lcw, child, housing, maximum):
    low, high = sorted((a, b))
    rates = RATES[year]
    less = uc_earnings_estimate(low, rates, lcw, child, housing, maximum_uc=maximum)
    more = uc_earnings_estimate(high, rates, lcw, child, housing, maximum_uc=maximum)
    assert less.uc_reduction <= more.uc_reduction
    if maximum is not None:
        assert less.uc_after_earnings >= more.uc_after_earnings


@settings(max_examples=300, deadline=None)
@given(years, money_amounts, flags, flags, flags, maximums)
def test_uc_reduction_is_never_negative_and_never_makes_uc_negative(year, pay, lcw, child, housing, maximum):
    result = uc_earnings_estimate(pay, RATES[year], lcw, child, housing, maximum_uc=maximum)
    assert result.uc_reduction >= 0
    assert result.uc_reduction <= pay  # the taper is below 100%
    assert result.uc_reduction == result.uc_reduction.quantize(D("0.01"))
    if maximum is not None:
        assert result.uc_reduction <= maximum
        assert result.uc_after_earnings >= 0
        assert result.uc_after_earnings == maximum - result.uc_reduction
    assert_uc_steps_quote_the_result(result)
    assert_steps_add_up(result.steps)


@settings(max_examples=300, deadline=None)
@given(
    years,
    st.decimals(min_value=0, max_value=60, places=2),
    st.decimals(min_value=0, max_value=40, places=2),
    st.sampled_from(["UC", "ESA"]),
    st.integers(min_value=16, max_value=90),
    flags, flags, flags, flags, flags,
    st.none() | st.decimals(min_value=0, max_value=1, places=2),
    maximums,
)
def test_better_off_steps_add_up_to_the_result(
    year, hours, rate, benefit, age, apprentice, lcw, child, housing, supported, take_home_share, maximum
):
    rates = RATES[year]
    take_home = None if take_home_share is None else penny(penny(hours * rate) * take_home_share)
    result = better_off_summary(
        hours, rate, rates, benefit=benefit, age=age, apprentice=apprentice, take_home_a_week=take_home,
        has_lcw_or_lcwra=lcw, has_child=child, has_housing_costs=housing, maximum_uc=maximum, supported=supported,
    )
    steps = result.steps
    assert_steps_add_up(steps)
    assert result.pay_a_week == penny(hours * rate)
    assert result.pay_a_month == penny(result.take_home_a_week * 52 / 12)
    assert quoted(steps, f"That is {format_money(result.pay_a_week)} a week before tax.")
    assert f"{format_money(result.take_home_a_week)} a week is {format_money(result.pay_a_month)} a month." in steps
    if result.can_estimate:
        assert result.net_difference_a_month == result.pay_a_month + result.benefit_change_a_month
        if result.net_difference_a_month > 0:
            assert f"So you would be {format_money(result.net_difference_a_month)} a month better off." in steps
        if benefit == "UC":
            assert result.benefit_change_a_month == -result.uc.uc_reduction
            assert (f"{format_money(result.pay_a_month)} pay take away {format_money(result.uc.uc_reduction)} "
                    f"less UC leaves {format_money(result.net_difference_a_month)}.") in steps
        else:
            assert result.permitted_work.allowed and result.benefit_change_a_month == 0
    else:
        assert benefit == "ESA" and not result.permitted_work.allowed and result.needs_adviser
        assert result.net_difference_a_month is None and not quoted(steps, "better off.")
    assert result.below_minimum_wage is (rate < result.minimum_wage)
    # a figure that is only expected (confidence I) is always flagged as such where it is used
    if benefit == "ESA" and not result.permitted_work.limit_confirmed:
        assert f"The {format_money(result.permitted_work.limit)} limit is {EXPECTED}." in steps


@settings(max_examples=40, deadline=None)
@given(
    years,
    st.decimals(min_value=0, max_value=60, places=1),
    st.decimals(min_value=0, max_value=40, places=2),
    st.sampled_from(["UC", "ESA"]),
    st.integers(min_value=16, max_value=90),
    flags, flags, flags, flags, flags,
    maximums,
)
def test_steps_are_always_easy_read(year, hours, rate, benefit, age, lcw, child, housing, supported, pip, maximum):
    result = better_off_summary(
        hours, rate, RATES[year], benefit=benefit, age=age, has_lcw_or_lcwra=lcw, has_child=child,
        has_housing_costs=housing, maximum_uc=maximum, supported=supported, gets_pip=pip,
    )
    assert_easy_read(result.steps)


@settings(max_examples=200, deadline=None)
@given(
    years,
    st.decimals(max_value=D("-0.01"), allow_nan=False, allow_infinity=False)
    | st.decimals(min_value=D("168.01"), allow_nan=False, allow_infinity=False),
)
def test_any_impossible_hours_raise_bad_amount(year, hours):
    with pytest.raises(BadAmount):
        permitted_work_check(hours, 10, RATES[year])


@settings(max_examples=200, deadline=None)
@given(years, st.decimals(max_value=D("-0.01"), allow_nan=False, allow_infinity=False), flags)
def test_any_negative_pay_raises_bad_amount(year, pay, lcw):
    with pytest.raises(BadAmount):
        uc_earnings_estimate(pay, RATES[year], lcw, False, False)
    with pytest.raises(BadAmount):
        permitted_work_check(10, pay, RATES[year])


# ---------------------------------------------------------------- layering


def test_rules_never_import_rasa():
    for path in (Path(__file__).resolve().parents[2] / "bot" / "rules").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+rasa", source, re.MULTILINE), path
