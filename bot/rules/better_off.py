"""A "better off in work" guide: pay from work a month, the change in UC or ESA, and the difference.

It is a guide, not advice (FACTS.md section 1). Where the sum cannot be done safely (ESA outside
Permitted Work), it says so and hands over to a benefits adviser: it never guesses.
Money is rounded to the penny with ROUND_HALF_UP (half a penny or more counts as a penny).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .permitted_work import PermittedWorkResult, permitted_work_check
from .rates import (
    BadAmount,
    BadInput,
    Rates,
    as_hours,
    as_money,
    as_rate,
    expected_steps,
    format_date,
    format_hours,
    format_money,
    hourly_to_weekly,
    weekly_to_monthly,
)
from .universal_credit import UCEstimate, uc_earnings_estimate

BENEFITS = ("UC", "ESA")


@dataclass(frozen=True)
class BetterOffSummary:
    tax_year: str
    benefit: str  # "UC" or "ESA"
    hours_a_week: Decimal
    hourly_pay: Decimal
    pay_a_week: Decimal  # hourly_pay x hours_a_week, before tax
    take_home_a_week: Decimal  # the pay the benefit rules use (pay_a_week when no take-home pay was given)
    pay_a_month: Decimal  # take_home_a_week x 52 / 12
    benefit_change_a_month: Decimal | None  # minus the fall in UC; 0 for ESA within Permitted Work; None: cannot estimate
    net_difference_a_month: Decimal | None  # pay_a_month + benefit_change_a_month; None: cannot estimate
    can_estimate: bool
    needs_adviser: bool  # True: hand over to a benefits adviser (ESA outside Permitted Work, or UC stops)
    minimum_wage: Decimal  # the lowest legal pay an hour for the person's age band
    minimum_wage_for: str  # e.g. "people aged 21 or over"
    below_minimum_wage: bool
    uc: UCEstimate | None
    permitted_work: PermittedWorkResult | None
    steps: list[str]


def better_off_summary(
    hours_a_week: Any,
    hourly_pay: Any,
    rates: Rates,
    *,
    benefit: str,
    age: Any,
    apprentice: bool = False,
    take_home_a_week: Any = None,
    has_lcw_or_lcwra: bool = False,
    has_child: bool = False,
    has_housing_costs: bool = False,
    maximum_uc: Any = None,
    supported: bool = False,
    gets_pip: bool = False,
) -> BetterOffSummary:
    """Work out roughly how much better off a month someone would be in this work.

    benefit: "UC" or "ESA". age and apprentice choose the minimum wage band (apprentice: True when the
    apprentice rate applies). take_home_a_week: pay after tax and National Insurance, if known; otherwise
    pay before tax is used and the steps say so. The UC flags and maximum_uc are as in uc_earnings_estimate;
    supported is as in permitted_work_check. gets_pip adds a line about PIP.
    Raises BadAmount for bad hours, pay or age, and BadInput for any other benefit.
    """
    if benefit not in BENEFITS:
        raise BadInput("Please choose UC or ESA. For both, a benefits adviser can help.")
    hours = as_hours(hours_a_week)
    rate = as_rate(hourly_pay)
    minimum, band = rates.minimum_wage(age, apprentice)
    gross_week = hourly_to_weekly(rate, hours)
    if take_home_a_week is None:
        take_home = gross_week
    else:
        take_home = as_money(take_home_a_week, "take-home pay a week")
        if take_home > gross_week:
            raise BadAmount("Take-home pay cannot be more than pay before tax. Please check it.",
                            what="take-home pay a week", value=take_home_a_week)
    pay_month = weekly_to_monthly(take_home)

    steps = [
        f"These sums use rates from {format_date(rates.starts)} to {format_date(rates.ends)}.",
        f"You work {format_hours(hours)} a week at {format_money(rate)} an hour.",
        f"That is {format_money(gross_week)} a week before tax.",
    ]
    below_minimum = rate < minimum.value
    if below_minimum:
        steps.append(f"The lowest legal pay for {band} is {format_money(minimum.value)} an hour.")
        steps += expected_steps(minimum, f"{format_money(minimum.value)} rate")
        steps.append(f"Your pay of {format_money(rate)} an hour is below this.")
        steps.append("An adviser can help you check your pay.")
    if take_home_a_week is None:
        steps.append("We have not taken off any tax or National Insurance.")
        steps.append("If you pay these, you will take home a bit less.")
    else:
        steps.append(f"You take home {format_money(take_home)} a week.")
    steps.append("To get pay a month, we multiply by 52 weeks and divide by 12.")
    steps.append(f"{format_money(take_home)} a week is {format_money(pay_month)} a month.")

    uc = permitted = None
    if benefit == "UC":
        uc = uc_earnings_estimate(pay_month, rates, has_lcw_or_lcwra, has_child, has_housing_costs, maximum_uc)
        steps += uc.steps
        change = -uc.uc_reduction
        net = pay_month - uc.uc_reduction
        steps.append(f"{format_money(pay_month)} pay take away {format_money(uc.uc_reduction)} less UC leaves {format_money(net)}.")
        needs_adviser = uc.uc_stops
    else:
        permitted = permitted_work_check(hours, take_home, rates, supported)
        steps += permitted.steps
        needs_adviser = permitted.needs_adviser
        if permitted.allowed:
            change = Decimal("0")
            net = pay_month
            steps.append("Your ESA does not go down.")
        else:
            change = net = None
            steps.append("We cannot work out how much your ESA would change.")
            steps.append("A benefits adviser can work this out with you.")

    if net is not None:
        if net > 0:
            steps.append(f"So you would be {format_money(net)} a month better off.")
        else:
            steps.append("So you would not be better off.")
    if gets_pip:
        steps.append("Working does not lower your PIP by itself.")
        steps.append("Tell DWP if the way your condition affects you changes.")
    if net is not None:
        steps.append("We have not counted costs like travel or childcare.")
        steps.append("This is a guide, not advice.")
        steps.append("A benefits adviser can check it with you.")

    return BetterOffSummary(
        tax_year=rates.tax_year,
        benefit=benefit,
        hours_a_week=hours,
        hourly_pay=rate,
        pay_a_week=gross_week,
        take_home_a_week=take_home,
        pay_a_month=pay_month,
        benefit_change_a_month=change,
        net_difference_a_month=net,
        can_estimate=net is not None,
        needs_adviser=needs_adviser,
        minimum_wage=minimum.value,
        minimum_wage_for=band,
        below_minimum_wage=below_minimum,
        uc=uc,
        permitted_work=permitted,
        steps=steps,
    )
