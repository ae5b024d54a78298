"""ESA Permitted Work: can this work be done while keeping ESA?

Rules (FACTS.md section 1 and research/anchors.md B.1):
- under the hours limit (16 a week on average) and pay up to the higher limit: allowed;
- any hours, pay up to the lower limit: allowed;
- Supported Permitted Work: no hours limit, pay up to the higher limit;
- always tell the body that runs benefits first, on form PW1: the DWP, or the Department for Communities
  in Northern Ireland (data/knowledge/benefit_bodies.yml).
Pay means pay after tax, National Insurance and half of pension contributions.
Universal Credit has no Permitted Work rules: see universal_credit.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bot.knowledge.bodies import benefits_body

from .rates import Rates, as_hours, as_money, expected_steps, format_hours, format_money, format_number

USE_PW1 = "Use form PW1 to tell them."


def tell_before_you_start(nation: str | None) -> list[str]:
    """Who to tell before starting Permitted Work where the person lives (both bodies when not known)."""
    return [f"Before you start, tell {benefits_body(nation)}.", USE_PW1]

HIGHER = "higher"
LOWER = "lower"
SUPPORTED = "supported"


@dataclass(frozen=True)
class PermittedWorkResult:
    allowed: bool  # True: the work fits Permitted Work, so ESA stays the same
    limit_used: str  # "higher", "lower" or "supported": the limit the pay was checked against
    limit: Decimal  # that limit, GBP a week
    limit_confirmed: bool  # False when the limit is only expected (confidence I)
    hours_a_week: Decimal
    pay_a_week: Decimal
    supported: bool
    needs_adviser: bool  # True when the work may affect ESA: hand over to a benefits adviser
    steps: list[str]


def permitted_work_check(hours_a_week: Any, pay_a_week: Any, rates: Rates, supported: bool = False,
                         nation: str | None = None) -> PermittedWorkResult:
    """Check work against the ESA Permitted Work limits for the tax year of rates.

    hours_a_week: average hours a week. pay_a_week: pay a week after tax and National Insurance.
    supported: True for Supported Permitted Work (supervised by a council, the NHS or a voluntary group).
    nation: where the person lives, for who to tell (None: not known, both are named).
    Raises BadAmount for hours or pay that are not numbers, below 0, or over 168 hours.
    """
    hours = as_hours(hours_a_week)
    pay = as_money(pay_a_week, "pay a week")
    supported = bool(supported)
    hours_limit = rates["esa_permitted_work_hours_limit"].value
    lower = rates["esa_permitted_work_lower_limit"]
    higher = rates["esa_supported_permitted_work_limit" if supported else "esa_permitted_work_higher_limit"]

    steps = [
        f"You work {format_hours(hours)} a week on average.",
        f"You get {format_money(pay)} a week from this work.",
    ]
    if supported:
        figure, limit_used = higher, SUPPORTED
        steps.append("This is Supported Permitted Work, so there is no limit on hours.")
        steps.append(f"Your pay limit is {format_money(figure.value)} a week.")
    elif hours < hours_limit:
        figure, limit_used = higher, HIGHER
        steps.append(f"You work under {format_number(hours_limit)} hours, so your pay limit is {format_money(figure.value)} a week.")
    else:
        figure, limit_used = lower, LOWER
        steps.append(f"You work {format_number(hours_limit)} hours or more, so your pay limit is {format_money(figure.value)} a week.")
    steps += expected_steps(figure, f"{format_money(figure.value)} limit")
    steps.append("The limit is for pay after tax and National Insurance.")

    allowed = pay <= figure.value
    if allowed:
        steps.append(f"{format_money(pay)} is not more than {format_money(figure.value)}.")
        steps.append("So you can do this work and keep your ESA.")
    else:
        steps.append(f"{format_money(pay)} is more than {format_money(figure.value)}.")
        steps.append("This work may affect your ESA.")
        steps.append("Please talk to a benefits adviser before you start.")
        if limit_used == LOWER and pay <= rates["esa_supported_permitted_work_limit"].value:
            steps.append("Ask the adviser about Supported Permitted Work.")
            steps.append("This is work where a council, health service or charity supports you.")
    steps += tell_before_you_start(nation)

    return PermittedWorkResult(
        allowed=allowed,
        limit_used=limit_used,
        limit=figure.value,
        limit_confirmed=figure.confirmed,
        hours_a_week=hours,
        pay_a_week=pay,
        supported=supported,
        needs_adviser=not allowed,
        steps=steps,
    )
