"""Pay for any period as pay a month, the way Universal Credit counts it (FACTS.md section 1):
weekly x 52 / 12, fortnightly x 26 / 12, four-weekly x 13 / 12, yearly / 12. Hourly pay is first made
weekly from the hours a week. The steps name the factor used.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .rates import BadAmount, BadInput, as_hours, as_money, format_hours, format_money, to_penny

PAY_PERIODS = ("hour", "week", "fortnight", "four_weeks", "month", "year")

# period: (times, divided by, the words for the person: one short sentence each)
_TO_A_MONTH = {
    "week": (52, 12, ["To get pay a month, we multiply by 52 weeks and divide by 12 months."]),
    "fortnight": (26, 12, ["A year has 26 lots of two weeks.",
                           "So to get pay a month, we multiply by 26 and divide by 12."]),
    "four_weeks": (13, 12, ["A year has 13 lots of four weeks.",
                            "So to get pay a month, we multiply by 13 and divide by 12."]),
    "month": (1, 1, []),
    "year": (1, 12, ["To get pay a month, we divide by 12 months."]),
}
_SAID = {"hour": "an hour", "week": "a week", "fortnight": "every two weeks", "four_weeks": "every four weeks",
         "month": "a month", "year": "a year"}


@dataclass(frozen=True)
class PayAMonth:
    amount: Decimal  # as given, to the penny
    period: str  # one of PAY_PERIODS
    hours_a_week: Decimal
    pay_a_week: Decimal | None  # for hourly pay: amount x hours a week; else None
    pay_a_month: Decimal  # before tax, to the penny
    steps: list[str]


def pay_a_month(amount: Any, period: str, hours_a_week: Any) -> PayAMonth:
    """Pay before tax a month from pay for any period in PAY_PERIODS, to the penny (half up).

    pay_a_month(12.71, "hour", 16).pay_a_month -> Decimal("881.23")
    Raises BadAmount for bad amounts or hours, BadInput for an unknown period.
    """
    if period not in PAY_PERIODS:
        raise BadInput("Please say if the pay is for an hour, a week, two weeks, four weeks, a month or a year.")
    money = as_money(amount, "pay an hour" if period == "hour" else "pay")
    hours = as_hours(hours_a_week)
    steps = [f"You work {format_hours(hours)} a week."]
    weekly = None
    if period == "hour":
        if hours == 0:
            raise BadAmount("With 0 hours there is no pay to work out. Please give the hours a week.",
                            what="hours a week", value=hours_a_week)
        weekly = to_penny(money * hours)
        steps.append(f"At {format_money(money)} an hour, that is {format_money(weekly)} a week before tax.")
        given, period_used = weekly, "week"
    else:
        steps.append(f"You are paid {format_money(money)} {_SAID[period]} before tax.")
        given, period_used = money, period
    times, divided_by, words = _TO_A_MONTH[period_used]
    month = to_penny(given * times / divided_by)
    if words:
        steps += words
        steps.append(f"{format_money(given)} {_SAID[period_used]} is {format_money(month)} a month.")
    return PayAMonth(amount=money, period=period, hours_a_week=hours, pay_a_week=weekly, pay_a_month=month, steps=steps)
