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

from accessibility.easy_read import count_words

from bot.rules import (
    BadAmount,
    BadInput,
    better_off_summary,
    first_wca_warning,
    first_wca_warning_more,
    format_money,
    load_rates,
    pay_a_month,
    permitted_work_check,
    uc_earnings_estimate,
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
TO_A_MONTH = re.compile(rf"^{M} (a week|every two weeks|every four weeks|a year) is {M} a month\.$")
FACTORS = {"a week": (52, 12), "every two weeks": (26, 12), "every four weeks": (13, 12), "a year": (1, 12)}
HOURS = re.compile(r"^You work (\d+(?:\.\d+)?) hours? a week\.$")
HOURLY_PAY = re.compile(rf"^At {M} an hour, that is {M} a week before tax\.$")
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
        if m := TO_A_MONTH.match(step):
            times, divided_by = FACTORS[m[2]]
            assert penny(money(m[1]) * times / divided_by) == money(m[3]), step
        if (m := HOURS.match(step)) and (hourly := HOURLY_PAY.match(steps[i + 1])):
            assert penny(D(m[1]) * money(hourly[1])) == money(hourly[2]), steps[i:i + 2]
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
    assert result.steps[-2:] == ["Before you start, tell the DWP (in Northern Ireland, the Department for Communities).",
                                 "Use form PW1 to tell them."]  # nation not known: both bodies
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


@pytest.mark.parametrize("amount, period, hours, expected", [
    ("100", "week", 10, "433.33"),  # 100 x 52 / 12 = 433.333
    ("203.50", "week", 10, "881.83"),  # 203.50 x 52 / 12 = 881.833
    ("£1,200", "week", 10, "5200.00"),  # 1200 x 52 / 12 = 5200
    (12.5, "week", 10, "54.17"),  # a float slot, kept as typed: 12.5 x 52 / 12 = 54.1666
    ("12.71", "hour", 16, "881.23"),  # 203.36 a week, x 52 / 12 = 881.2266
    ("12.705", "hour", 1, "55.08"),  # half a penny rounds up: 12.71 an hour, x 52 / 12 = 55.0766
    ("10", "hour", 168, "7280.00"),  # the most hours a week has
    ("2.46", "four_weeks", 10, "2.67"),  # 2.46 x 13 / 12 = 2.665 exactly: half up
    ("0", "month", 0, "0.00"),
])
def test_pay_a_month(amount, period, hours, expected):
    assert pay_a_month(amount, period, hours).pay_a_month == D(expected)


# ---------------------------------------------------------------- better-off summary


def summary(pay, period, hours, year, **kwargs):
    kwargs = {"benefit": "UC", "age": 30, "nation": "england", **kwargs}
    return better_off_summary(pay, period, hours, RATES[year], **kwargs)


def test_better_off_uc_2024_25_below_tax():
    result = summary("11.44", "hour", 10, "2024-25")
    assert result.pay.pay_a_week == D("114.40")  # 10 x 11.44
    assert result.pay.pay_a_month == D("495.73")  # 114.40 x 52 / 12 = 495.733
    assert result.take_home.take_home == D("495.73")  # 5,948.76 a year: under the £12,570 allowance and the NI threshold
    assert result.uc.work_allowance == D(0)  # no LCW, no child
    assert result.benefit_change_a_month == D("-272.65")  # 495.73 x 0.55 = 272.6515
    assert result.net_difference_a_month == D("223.08")  # 495.73 - 272.65
    assert "On pay this size, you pay no income tax or National Insurance." in result.steps
    assert "So you would be £223.08 a month better off." in result.steps
    assert "UC cannot go below £0." in result.steps


def test_better_off_uc_2025_26_takes_off_tax_and_national_insurance():
    result = summary(2500, "month", "37.5", "2025-26")
    assert result.take_home.income_tax == D("290.50")  # (30,000 - 12,570) x 20% / 12
    assert result.take_home.national_insurance == D("116.20")  # (2,500 - 241.73 x 52 / 12) x 8% = 116.2003
    assert result.take_home.take_home == D("2093.30")
    assert result.uc.uc_reduction == D("1151.32")  # 2,093.30 x 0.55 = 1,151.315, half a penny rounds up
    assert result.net_difference_a_month == D("941.98")  # 2,093.30 - 1,151.32
    assert "So you take home £2,093.30 a month." in result.steps


def test_scotland_has_its_own_income_tax_2026_27():
    scotland = summary(2000, "month", 35, "2026-27", nation="scotland")
    england = summary(2000, "month", 35, "2026-27", nation="england")
    # 24,000 - 12,570 = 11,430 taxable: 3,967 x 19% = 753.73, then 7,463 x 20% = 1,492.60; 2,246.33 / 12 = 187.194
    assert scotland.take_home.income_tax == D("187.19")
    assert england.take_home.income_tax == D("190.50")  # 11,430 x 20% / 12
    assert scotland.take_home.national_insurance == england.take_home.national_insurance == D("76.20")
    assert scotland.take_home.take_home == D("1736.61")  # 2,000 - 187.19 - 76.20
    assert "Scotland has its own income tax rates." in scotland.steps


@pytest.mark.parametrize("pay, period, month, factor_step", [
    ("800", "four_weeks", "866.67", "A year has 13 lots of four weeks."),  # 800 x 13 / 12 = 866.666
    ("500", "fortnight", "1083.33", "A year has 26 lots of two weeks."),  # 500 x 26 / 12 = 1083.333
    ("24000", "year", "2000.00", "To get pay a month, we divide by 12 months."),
    ("200", "week", "866.67", "To get pay a month, we multiply by 52 weeks and divide by 12 months."),
    ("1000", "month", "1000.00", None),
])
def test_every_pay_period_becomes_a_month_by_the_official_factor(pay, period, month, factor_step):
    result = summary(pay, period, 20, "2025-26")
    assert result.pay.pay_a_month == D(month)
    if factor_step:
        assert factor_step in result.steps
    assert_steps_add_up(result.steps)


def test_esa_permitted_work_uses_pay_after_tax_2025_26():
    result = summary("12.21", "hour", 15, "2025-26", benefit="ESA")
    assert result.permitted_work.allowed  # 15 x 12.21 = 183.15 a week, no tax: under the £195.50 limit
    assert result.permitted_work.pay_a_week == D("183.15")
    assert result.net_difference_a_month == D("793.65")  # 183.15 x 52 / 12


def test_esa_at_16_hours_hands_over_2025_26():
    result = summary("12.21", "hour", 16, "2025-26", benefit="ESA")
    assert not result.permitted_work.allowed  # 16 hours is not under 16, so the £20 limit
    assert result.net_difference_a_month is None and not result.can_estimate and result.needs_adviser
    assert not quoted(result.steps, "better off.")


def test_not_sure_about_lcw_gives_the_worst_and_the_best_case_2026_27():
    result = summary(1000, "month", 20, "2026-27", has_lcw_or_lcwra=None, has_housing_costs=False)
    # no work allowance: 1,000 x 0.55 = 550; with LCW and no housing costs: (1,000 - 710) x 0.55 = 159.50
    assert result.worst_and_best == (D("450.00"), D("840.50"))
    assert result.net_difference_a_month is None and result.can_estimate and result.needs_adviser
    assert "At worst, UC goes down by £550 a month." in result.steps
    assert "Then you would be £840.50 a month better off." in result.steps
    assert "You do not get a work allowance." not in result.steps  # never says no when the answer was not sure


def test_not_sure_about_housing_costs_gives_both_work_allowances_2026_27():
    result = summary(1000, "month", 20, "2026-27", has_lcw_or_lcwra=True, has_housing_costs=None)
    # 427 with housing costs: (1,000 - 427) x 0.55 = 315.15; 710 without: 159.50
    assert result.worst_and_best == (D("684.85"), D("840.50"))


def test_when_uc_stops_2026_27():
    result = summary(20, "hour", 40, "2026-27", maximum_uc=1000)
    assert result.uc.uc_reduction == D(1000)  # never more than the UC there is
    assert result.uc.uc_after_earnings == D(0) and result.needs_adviser


def test_pension_comes_off_before_tax_and_before_uc_2025_26():
    result = summary(2500, "month", 37, "2025-26", pension_a_month=100)
    assert result.take_home.income_tax == D("270.50")  # (28,800 - 12,570) x 20% / 12
    assert result.take_home.national_insurance == D("116.20")  # on pay before the pension
    assert result.take_home.take_home == D("2013.30")  # 2,500 - 270.50 - 116.20 - 100


def test_permitted_work_takes_off_half_of_pension_payments_2026_27():
    result = summary(800, "month", 15, "2026-27", benefit="ESA", pension_a_month=40)
    # no tax or NI on £800 a month; take home 800 - 40 = 760; ESA counts 760 + 20 = 780 a month,
    # x 12 / 52 = 180.00 a week, under the £203.50 limit
    assert result.take_home.take_home == D("760.00")
    assert result.permitted_work.pay_a_week == D("180.00") and result.permitted_work.allowed
    assert result.net_difference_a_month == D("760.00")  # the money the person has: the whole pension is paid


def test_the_first_assessment_rule_is_said_when_it_may_apply_2026_27():
    steps = summary(900, "month", 20, "2026-27").steps
    assert quoted(steps, "If you earn £881.23 a month or more before tax, it may not happen.")
    assert quoted(steps, "And you do not get the health element of Universal Credit.")
    assert quoted(steps, "A parent still gets the work allowance for a child.")
    assert quoted(steps, "The £881.23 level is expected, not yet confirmed.")  # graded I in the rates file
    assert_easy_read(steps)
    assert not quoted(summary(900, "month", 20, "2026-27", has_lcw_or_lcwra=True).steps, "first Work Capability")
    assert not quoted(summary(900, "month", 20, "2026-27", gets_pip=True).steps, "first Work Capability")
    assert not quoted(summary(800, "month", 20, "2026-27").steps, "first Work Capability")
    # at the threshold exactly, the rule applies: "at or above"
    assert quoted(summary("881.23", "month", 20, "2026-27").steps, "first Work Capability")


@pytest.mark.parametrize("year", ["2024-25", "2025-26", "2026-27"])
def test_the_first_assessment_rule_is_16_hours_at_the_national_living_wage(year):
    rates = load_rates(year)
    more = " ".join(first_wca_warning_more(rates))
    assert "about 16 hours a week at the National Living Wage" in more
    assert format_money(rates["uc_first_wca_earnings_threshold"].value) in more
    assert first_wca_warning(rates) and all(count_words(line) <= 15 for line in first_wca_warning(rates))
    assert_easy_read(first_wca_warning(rates))


def test_the_newest_rates_say_which_year_they_are_from():
    result = summary(1000, "month", 20, "2026-27", newest_rates_for="2027-28")
    assert "We do not have the rates for 2027-28 yet." in result.steps
    assert "So we use the newest we have, from 2026-27." in result.steps


@pytest.mark.parametrize(
    "year, age, apprentice, rate, below",
    [
        ("2026-27", 25, False, "11", True),  # 11 < 12.71
        ("2026-27", 19, False, "11", False),  # 18-20: 11 >= 10.85
        ("2026-27", 19, False, "10.50", True),  # 10.50 < 10.85
        ("2026-27", 17, False, "8.00", False),  # 16-17: 8.00
        ("2026-27", 17, False, "7.99", True),
        ("2026-27", 30, True, "8.00", False),  # apprentice rate 8.00
        ("2025-26", 20, False, "9.99", True),  # 9.99 < 10.00
        ("2024-25", 21, False, "11.44", False),
        ("2024-25", 22, False, "11.43", True),
    ],
)
def test_minimum_wage_warning(year, age, apprentice, rate, below):
    result = summary(rate, "hour", 10, year, age=age, apprentice=apprentice)
    assert result.below_minimum_wage is below
    assert quoted(result.steps, "is below this.") is below
    if below:
        assert quoted(result.steps, f"is {format_money(result.minimum_wage)} an hour.")


def test_minimum_wage_warning_for_pay_by_the_month():
    result = summary(1000, "month", 40, "2026-27")  # 1,000 x 12 / 52 / 40 = 5.77 an hour
    assert result.below_minimum_wage and "Your pay of about £5.77 an hour is below this." in result.steps


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("hours", [-1, "-0.5", "168.01", 200, "ten", None, "", float("nan"), "Infinity", True, [], D("NaN")])
def test_bad_hours(hours):
    with pytest.raises(BadAmount) as error:
        permitted_work_check(hours, 100, RATES["2026-27"])
    assert_plain(error.value)
    with pytest.raises(BadAmount):
        better_off_summary(10, "hour", hours, RATES["2026-27"], benefit="UC", age=30, nation="england")


@pytest.mark.parametrize("pay", [-1, "-0.01", "abc", None, float("inf"), "12,34", False, "1e9"])
def test_bad_pay(pay):
    rates = RATES["2026-27"]
    for call in (
        lambda: permitted_work_check(10, pay, rates),
        lambda: uc_earnings_estimate(pay, rates, True, False, False),
        lambda: pay_a_month(pay, "week", 10),
        # no maximum UC (None) is allowed; any other bad maximum is not
        *([] if pay is None else [lambda: uc_earnings_estimate(100, rates, True, False, False, maximum_uc=pay)]),
    ):
        with pytest.raises(BadAmount) as error:
            call()
        assert_plain(error.value)


@pytest.mark.parametrize("age", [15, "25.5", "old", None, 200])
def test_bad_age(age):
    with pytest.raises(BadAmount) as error:
        better_off_summary(12, "hour", 10, RATES["2026-27"], benefit="UC", age=age, nation="england")
    assert_plain(error.value)


def test_other_bad_input():
    rates = RATES["2026-27"]
    with pytest.raises(BadInput, match="UC or ESA"):
        better_off_summary(12, "hour", 10, rates, benefit="JSA", age=30, nation="england")
    with pytest.raises(BadInput, match="Scotland"):
        better_off_summary(12, "hour", 10, rates, benefit="UC", age=30, nation="france")
    with pytest.raises(BadInput, match="four weeks"):
        better_off_summary(12, "day", 10, rates, benefit="UC", age=30, nation="england")
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


pay_periods = st.sampled_from(["hour", "week", "fortnight", "four_weeks", "month", "year"])
unsure = st.sampled_from([True, False, None])
nations = st.sampled_from(["england", "wales", "scotland", "northern_ireland"])
SHOWN_MONEY = re.compile(r"£[\d,]+(?:\.(\d+))?")


@settings(max_examples=300, deadline=None)
@given(years, st.decimals(min_value=0, max_value=8000, places=2), st.decimals(min_value=0, max_value=8000, places=2),
       nations, unsure, unsure, unsure)
def test_lower_earnings_never_give_less_uc(year, a, b, nation, lcw, child, housing):
    low, high = (summary(pay, "month", 30, year, nation=nation, has_lcw_or_lcwra=lcw, has_child=child,
                         has_housing_costs=housing) for pay in sorted((a, b)))
    assert low.take_home.take_home <= high.take_home.take_home
    if low.uc:
        assert low.uc.uc_reduction <= high.uc.uc_reduction
    else:
        assert low.worst_and_best[0] <= high.worst_and_best[0] and low.worst_and_best[1] <= high.worst_and_best[1]


@settings(max_examples=300, deadline=None)
@given(years, st.decimals(min_value=0, max_value=5000, places=2), pay_periods, st.decimals(min_value=1, max_value=60, places=1),
       st.sampled_from(["UC", "ESA"]), nations, unsure, unsure, unsure, flags, maximums)
def test_better_off_steps_add_up_and_show_pounds_and_pence(year, pay, period, hours, benefit, nation, lcw, child,
                                                          housing, supported, maximum):
    if period == "hour":
        pay = pay / 100  # £0 to £50 an hour
    result = summary(pay, period, hours, year, benefit=benefit, nation=nation, has_lcw_or_lcwra=lcw,
                     has_child=child, has_housing_costs=housing, supported=supported, maximum_uc=maximum)
    steps = result.steps
    assert_steps_add_up(steps)
    assert_easy_read(steps)
    for step in steps:
        for pence in SHOWN_MONEY.findall(step):
            assert len(pence) in (0, 2), step  # £20 or £20.50: never £13.3333
    home = result.take_home
    assert home.take_home == max(D(0), home.pay_a_month - home.income_tax - home.national_insurance - home.pension)
    if home.take_home != home.pay_a_month:
        assert f"So you take home {format_money(home.take_home)} a month." in steps
    if result.uc:
        assert result.uc.uc_reduction >= 0
        assert result.net_difference_a_month == home.take_home - result.uc.uc_reduction
        if maximum is not None:
            assert result.uc.uc_after_earnings >= 0
    if result.net_difference_a_month is not None and result.net_difference_a_month > 0:
        better_off = f"you would be {format_money(result.net_difference_a_month)} a month better off."
        if benefit == "ESA":  # the ESA sum counts ESA alone, and says so
            assert f"If ESA is your only benefit, {better_off}" in steps
            assert "Universal Credit, Housing Benefit or Council Tax Reduction can go down when you earn." in steps
        else:
            assert f"So {better_off}" in steps
    if benefit == "ESA" and result.permitted_work:
        body = "the Department for Communities" if nation == "northern_ireland" else "the DWP"
        assert f"Before you start, tell {body}." in steps


# ---------------------------------------------------------------- layering


def test_rules_never_import_rasa():
    for path in (Path(__file__).resolve().parents[2] / "bot" / "rules").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+rasa", source, re.MULTILINE), path


@pytest.mark.parametrize("nation, benefit, paid_by", [
    ("england", "PIP", "the DWP"), ("wales", "PIP", "the DWP"),
    ("scotland", "Adult Disability Payment", "Social Security Scotland"),
    ("northern_ireland", "PIP", "the Department for Communities"),
])
def test_the_disability_benefit_and_who_pays_it_follow_the_nation(nation, benefit, paid_by):
    steps = summary(300, "month", 10, "2026-27", nation=nation, gets_pip=True).steps
    assert f"Working does not lower your {benefit} by itself." in steps
    assert f"Tell {paid_by} if the way your condition affects you changes." in steps
