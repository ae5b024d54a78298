"""Take-home pay: pay before tax, less income tax, employee National Insurance and pension payments.

Universal Credit and ESA Permitted Work both count pay after these (FACTS.md section 1). As PolicyEngine UK
does, income tax is worked out for a whole year of the same pay, then divided by 12, and National
Insurance on the month's pay, each to the penny (half up). Scotland has its own income tax bands; England, Wales and Northern Ireland share
the rest of the UK's. The figures come from data/knowledge/rates.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from .rates import BadInput, Rates, as_money, format_money, to_penny

NATIONS = ("england", "wales", "scotland", "northern_ireland")
ZERO = Decimal("0")
TWELVE = Decimal("12")
WEEKS = Decimal("52")


@dataclass(frozen=True)
class TakeHome:
    pay_a_month: Decimal  # before tax
    income_tax: Decimal  # a month
    national_insurance: Decimal  # a month, employee Class 1
    pension: Decimal  # a month, as the person gave it
    take_home: Decimal  # pay_a_month less the three above; never below 0
    steps: list[str]


def tax_bands_for(nation: str | None) -> str:
    """The income tax bands a nation uses: "scotland" or "rest_of_uk" (also when the nation is not known)."""
    if nation is not None and nation not in NATIONS:
        raise BadInput("Please say if you live in England, Wales, Scotland or Northern Ireland.")
    return "scotland" if nation == "scotland" else "rest_of_uk"


def income_tax_a_year(pay_a_year: Decimal, rates: Rates, nation: str | None) -> Decimal:
    """Income tax on a year's pay from work, with the personal allowance tapered away above its threshold."""
    allowance = rates["income_tax_personal_allowance"].value
    over_taper = max(ZERO, pay_a_year - rates["income_tax_personal_allowance_taper_threshold"].value)
    # £1 less allowance for each whole £2 over (HMRC's reading of Income Tax Act 2007 s. 35, as PolicyEngine's).
    reduction = (over_taper * rates["income_tax_personal_allowance_taper_rate"].value).to_integral_value(ROUND_FLOOR)
    allowance = max(ZERO, allowance - reduction)
    taxable = max(ZERO, pay_a_year - allowance)
    bands = rates.tax_bands[tax_bands_for(nation)].bands
    tax = ZERO
    for (start, rate), (end, _) in zip(bands, [*bands[1:], (None, None)]):
        if taxable > start:
            tax += rate * ((taxable if end is None else min(taxable, end)) - start)
    return tax


def national_insurance_a_month(pay_a_month: Decimal, rates: Rates) -> Decimal:
    """Employee Class 1 National Insurance on a month's pay: the main rate between the primary threshold and
    the upper earnings limit, the additional rate above it. The thresholds are weekly, times 52, divided by 12."""
    threshold = rates["ni_primary_threshold"].value * WEEKS / TWELVE
    upper = rates["ni_upper_earnings_limit"].value * WEEKS / TWELVE
    main = max(ZERO, min(pay_a_month, upper) - threshold) * rates["ni_main_rate"].value
    return main + max(ZERO, pay_a_month - upper) * rates["ni_additional_rate"].value


def take_home_pay(pay_a_month: Any, rates: Rates, nation: str | None, pension_a_month: Any = 0) -> TakeHome:
    """Pay after income tax, National Insurance and pension payments, a month, with the working.

    nation None: not known; the rest of the UK's income tax is used, and the steps say so.

    take_home_pay(2500, load_rates("2025-26"), "england").take_home -> Decimal("2093.30")
    Raises BadAmount for bad amounts and BadInput for an unknown nation.
    """
    gross = as_money(pay_a_month, "pay a month")
    pension = as_money(pension_a_month, "pension payments a month")
    # Pension payments through a workplace scheme come off pay before income tax (a "net pay arrangement").
    tax = to_penny(income_tax_a_year(max(ZERO, gross - pension) * TWELVE, rates, nation) / TWELVE)
    insurance = to_penny(national_insurance_a_month(gross, rates))
    take_home = max(ZERO, gross - tax - insurance - pension)

    steps = ["Next we take off tax and National Insurance."]
    if tax == 0 and insurance == 0:
        steps.append("On pay this size, you pay no income tax or National Insurance.")
    else:
        if nation == "scotland":
            steps.append("Scotland has its own income tax rates.")
        elif nation is None and tax:
            steps.append("We used the income tax rates for England, Wales and Northern Ireland.")
            steps.append("In Scotland, income tax is a little different.")
        steps.append(f"Income tax is {format_money(tax)} a month." if tax else "You pay no income tax on this pay.")
        steps.append(f"National Insurance is {format_money(insurance)} a month." if insurance
                     else "You pay no National Insurance on this pay.")
    if pension > 0:
        steps.append(f"Your pension payments are {format_money(pension)} a month.")
    if take_home != gross:
        steps.append(f"So you take home {format_money(take_home)} a month.")
    return TakeHome(pay_a_month=gross, income_tax=tax, national_insurance=insurance, pension=pension,
                    take_home=take_home, steps=steps)
