"""The first Work Capability Assessment rule for Universal Credit: one place for the rule and its words.

Rule (The Universal Credit Regulations 2013, reg. 41(2)-(3); FACTS.md section 1; research/anchors.md B.3):
a person on UC waiting for a *first* Work Capability Assessment whose monthly earnings are at or above the
threshold (16 hours a week at the National Living Wage, x 52 / 12) is treated as not having limited
capability for work, so the assessment is not done. Then there is no work allowance for health and no
health element (a parent keeps the work allowance for a child). This does not apply to a person who gets
PIP, Adult Disability Payment, Disability Living Allowance or Attendance Allowance.

The threshold is `uc_first_wca_earnings_threshold` in data/knowledge/rates/<tax year>.yml. Said in the
answer about work and Universal Credit, in the answer about the assessment (LCW, LCWRA, WCA), and in a
UC sum whose pay reaches the threshold.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .rates import MONTHS_IN_A_YEAR, WEEKS_IN_A_YEAR, Rates, expected_steps, format_money, format_number

THRESHOLD = "uc_first_wca_earnings_threshold"


def first_wca_threshold(rates: Rates) -> Decimal:
    """Monthly earnings at or above which a first assessment is not done."""
    return rates[THRESHOLD].value


def first_wca_applies(pay_before_tax_a_month: Decimal, rates: Rates, *, has_lcw_or_lcwra: bool | None,
                      gets_disability_benefit: bool) -> bool:
    """True when the person may be waiting for a first assessment (no LCW or LCWRA yet, no PIP or similar)
    and their pay a month is at or above the threshold."""
    if has_lcw_or_lcwra is True or gets_disability_benefit:
        return False
    return pay_before_tax_a_month >= first_wca_threshold(rates)


def _hours_a_week(rates: Rates) -> str:
    """The hours a week at the National Living Wage that the threshold stands for (16 in the regulation)."""
    weekly = first_wca_threshold(rates) * MONTHS_IN_A_YEAR / WEEKS_IN_A_YEAR
    hours = (weekly / rates["national_living_wage_21_plus"].value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return format_number(hours)


def first_wca_warning(rates: Rates) -> list[str]:
    """The rule in Easy Read, one short sentence a line, with this year's threshold."""
    figure = rates[THRESHOLD]
    money = format_money(figure.value)
    return [
        "Some people on Universal Credit wait for their first Work Capability Assessment.",
        "This assessment looks at how your health affects your work.",
        f"If you earn {money} a month or more before tax, it may not happen.",
        "Then you do not get the work allowance for your health.",
        "And you do not get the health element of Universal Credit.",
        "A parent still gets the work allowance for a child.",
        "This is not so if you get PIP or Adult Disability Payment.",
        "It is not so if you get Disability Living Allowance or Attendance Allowance.",
        *expected_steps(figure, f"{money} level"),
        "Please talk to a benefits adviser before you start work.",
    ]


def first_wca_warning_more(rates: Rates) -> list[str]:
    """The rule in fuller words, for "tell me more"."""
    figure = rates[THRESHOLD]
    money = format_money(figure.value)
    return [
        "If you get Universal Credit and wait for your first Work Capability Assessment, earnings matter.",
        f"Earning {money} a month or more before tax means the assessment is not done.",
        f"That is about {_hours_a_week(rates)} hours a week at the National Living Wage.",
        "The DWP then treats you as not having LCW, so there is no work allowance for your health.",
        "You do not get the health element of Universal Credit either.",
        "A parent still gets the work allowance for a child.",
        "This does not apply if you get PIP, Adult Disability Payment, Disability Living Allowance or Attendance Allowance.",
        *expected_steps(figure, f"{money} level"),
        "A benefits adviser can check this with you before you start work.",
    ]
