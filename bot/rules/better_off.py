"""A "better off in work" guide: pay from work a month, tax and National Insurance, the change in UC or
ESA, and the difference.

It is a guide, not advice (FACTS.md section 1). Where the sum cannot be done safely (ESA outside
Permitted Work), it says so and hands over to a benefits adviser: it never guesses. Where the person was
not sure about LCW or LCWRA, a child or housing costs, it gives the best and the worst case, not one.
Money is rounded to the penny with ROUND_HALF_UP (half a penny or more counts as a penny).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import product
from typing import Any

from bot.knowledge.bodies import disability_benefit, disability_benefit_paid_by

from .first_wca import first_wca_applies, first_wca_warning
from .pay import PayAMonth, pay_a_month
from .permitted_work import PermittedWorkResult, permitted_work_check
from .rates import (
    MONTHS_IN_A_YEAR,
    WEEKS_IN_A_YEAR,
    BadAmount,
    BadInput,
    Rates,
    as_hours,
    expected_steps,
    format_date,
    format_money,
    to_penny,
)
from .tax import TakeHome, take_home_pay
from .universal_credit import UCEstimate, uc_earnings_estimate

BENEFITS = ("UC", "ESA")
# The ESA sum counts ESA alone: other means-tested help can still go down with pay, and the chat does not
# ask about it, so the sum says so rather than promise the whole gain.
ESA_ONLY = [
    "This sum is for ESA only.",
    "Universal Credit, Housing Benefit or Council Tax Reduction can go down when you earn.",
    "If you get any of these, a benefits adviser can work out the change.",
]


@dataclass(frozen=True)
class BetterOffSummary:
    tax_year: str
    benefit: str  # "UC" or "ESA"
    pay: PayAMonth  # pay before tax a month, and how it was worked out
    take_home: TakeHome  # after income tax, National Insurance and pension payments
    benefit_change_a_month: Decimal | None  # minus the fall in UC; 0 for ESA within Permitted Work; None: not one figure
    net_difference_a_month: Decimal | None  # take-home pay + benefit change; None: not one figure
    worst_and_best: tuple[Decimal, Decimal] | None  # UC, when the person was not sure of something the sum needs
    can_estimate: bool
    needs_adviser: bool  # True: hand over to a benefits adviser (ESA outside Permitted Work, UC stops, or not sure)
    minimum_wage: Decimal  # the lowest legal pay an hour for the person's age band
    minimum_wage_for: str  # e.g. "people aged 21 or over"
    below_minimum_wage: bool
    uc: UCEstimate | None  # the one UC case, when the person was sure of everything
    permitted_work: PermittedWorkResult | None
    steps: list[str]


def better_off_summary(
    pay_amount: Any,
    pay_period: str,
    hours_a_week: Any,
    rates: Rates,
    *,
    benefit: str,
    age: Any,
    nation: str | None,
    apprentice: bool = False,
    pension_a_month: Any = 0,
    has_lcw_or_lcwra: bool | None = False,
    has_child: bool | None = False,
    has_housing_costs: bool | None = False,
    maximum_uc: Any = None,
    supported: bool = False,
    gets_pip: bool = False,
    newest_rates_for: str | None = None,
) -> BetterOffSummary:
    """Work out roughly how much better off a month someone would be in this work.

    pay_period is one of bot.rules.pay.PAY_PERIODS. benefit: "UC" or "ESA". age and apprentice choose the
    minimum wage band. nation chooses the income tax bands (None: not known). The UC flags are True, False, or None for
    "not sure": then the sum gives the worst and the best case. maximum_uc: UC a month before earnings,
    if known. supported is as in permitted_work_check. gets_pip adds a line about PIP.
    newest_rates_for: the tax year of today, when rates are the newest on file but from an earlier year.
    Raises BadAmount for bad hours, pay or age, and BadInput for any other benefit or nation.
    """
    if benefit not in BENEFITS:
        raise BadInput("Please choose UC or ESA. For both, a benefits adviser can help.")
    hours = as_hours(hours_a_week)
    if hours == 0:
        raise BadAmount("With 0 hours there is no pay to work out. Please give the hours a week.",
                        what="hours a week", value=hours_a_week)
    minimum, band = rates.minimum_wage(age, apprentice)
    pay = pay_a_month(pay_amount, pay_period, hours)
    take_home = take_home_pay(pay.pay_a_month, rates, nation, pension_a_month)

    steps = [f"These sums use rates from {format_date(rates.starts)} to {format_date(rates.ends)}."]
    if newest_rates_for:
        steps.append(f"We do not have the rates for {newest_rates_for} yet.")
        steps.append(f"So we use the newest we have, from {rates.tax_year}.")
    steps += pay.steps
    hourly = pay.amount if pay_period == "hour" else to_penny(pay.pay_a_month * MONTHS_IN_A_YEAR / WEEKS_IN_A_YEAR / hours)
    below_minimum = hourly < minimum.value
    if below_minimum:
        steps.append(f"The lowest legal pay for {band} is {format_money(minimum.value)} an hour.")
        steps += expected_steps(minimum, f"{format_money(minimum.value)} rate")
        steps.append(f"Your pay of {'about ' if pay_period != 'hour' else ''}{format_money(hourly)} an hour is below this.")
        steps.append("An adviser can help you check your pay.")
    steps += take_home.steps
    earned = take_home.take_home

    uc = permitted = worst_and_best = None
    if benefit == "UC":
        flags = (has_lcw_or_lcwra, has_child, has_housing_costs)
        cases = [uc_earnings_estimate(earned, rates, *case, maximum_uc)
                 for case in product(*[(False, True) if flag is None else (bool(flag),) for flag in flags])]
        if len(cases) == 1:
            uc = cases[0]
            steps += uc.steps
            change, net = -uc.uc_reduction, earned - uc.uc_reduction
            steps.append(f"{format_money(earned)} pay take away {format_money(uc.uc_reduction)} less UC leaves {format_money(net)}.")
            needs_adviser = uc.uc_stops
        else:
            worst = max(cases, key=lambda case: case.uc_reduction)
            best = min(cases, key=lambda case: case.uc_reduction)
            worst_and_best = (earned - worst.uc_reduction, earned - best.uc_reduction)
            change = net = None
            needs_adviser = True
            steps.append("You were not sure of something that changes your UC.")
            steps.append(f"At worst, UC goes down by {format_money(worst.uc_reduction)} a month.")
            steps.append(f"Then you would be {format_money(worst_and_best[0])} a month better off.")
            steps.append(f"At best, UC goes down by {format_money(best.uc_reduction)} a month.")
            steps.append(f"Then you would be {format_money(worst_and_best[1])} a month better off.")
            steps.append("A benefits adviser can find out which is right for you.")
        if first_wca_applies(pay.pay_a_month, rates, has_lcw_or_lcwra=has_lcw_or_lcwra, gets_disability_benefit=gets_pip):
            steps += first_wca_warning(rates)
    else:
        # Permitted Work counts pay after tax and National Insurance, less half of pension payments.
        counted = to_penny(earned + take_home.pension / 2)
        weekly = to_penny(counted * MONTHS_IN_A_YEAR / WEEKS_IN_A_YEAR)
        if take_home.pension > 0:
            steps.append("For ESA, only half of your pension payments come off.")
            steps.append(f"So ESA counts {format_money(counted)} a month.")
        if counted != pay.pay_a_month:
            steps.append(f"{format_money(counted)} a month is {format_money(weekly)} a week.")
        permitted = permitted_work_check(hours, weekly, rates, supported, nation)
        steps += permitted.steps
        needs_adviser = permitted.needs_adviser
        if permitted.allowed:
            change, net = Decimal("0"), earned
            steps.append("Your ESA does not go down.")
            steps += ESA_ONLY
        else:
            change = net = None
            steps.append("We cannot work out how much your ESA would change.")
            steps.append("A benefits adviser can work this out with you.")

    if net is not None:
        if net > 0 and benefit == "ESA":
            steps.append(f"If ESA is your only benefit, you would be {format_money(net)} a month better off.")
        elif net > 0:
            steps.append(f"So you would be {format_money(net)} a month better off.")
        else:
            steps.append("So you would not be better off.")
    if gets_pip:
        steps.append(f"Working does not lower your {disability_benefit(nation)} by itself.")
        steps.append(f"Tell {disability_benefit_paid_by(nation)} if the way your condition affects you changes.")
    if net is not None or worst_and_best is not None:
        steps.append("We have not counted costs like travel or childcare.")
        steps.append("This is a guide, not advice.")
        steps.append("A benefits adviser can check it with you.")

    return BetterOffSummary(
        tax_year=rates.tax_year,
        benefit=benefit,
        pay=pay,
        take_home=take_home,
        benefit_change_a_month=change,
        net_difference_a_month=net,
        worst_and_best=worst_and_best,
        can_estimate=net is not None or worst_and_best is not None,
        needs_adviser=needs_adviser,
        minimum_wage=minimum.value,
        minimum_wage_for=band,
        below_minimum_wage=below_minimum,
        uc=uc,
        permitted_work=permitted,
        steps=steps,
    )

