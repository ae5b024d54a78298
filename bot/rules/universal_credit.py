"""Universal Credit: how much UC goes down when someone earns.

Rules (FACTS.md section 1 and research/anchors.md B.2):
- UC has no Permitted Work rules;
- a work allowance only for people with LCW or LCWRA, or responsible for a child;
  the lower allowance when UC pays housing costs, the higher one when it does not;
- UC goes down by the taper (55%) of take-home pay above the work allowance,
  or of all take-home pay when there is no work allowance.
Money is rounded to the penny with ROUND_HALF_UP (half a penny or more counts as a penny).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .rates import Rates, as_money, expected_steps, format_money, format_number, format_percent, to_penny

ZERO = Decimal("0")


@dataclass(frozen=True)
class UCEstimate:
    monthly_net_earnings: Decimal
    has_work_allowance: bool
    work_allowance: Decimal  # GBP a month; 0 when there is none
    earnings_over_allowance: Decimal  # the pay the taper applies to
    taper_rate: Decimal  # 0.55
    taper_amount: Decimal  # taper_rate of earnings_over_allowance, to the penny
    uc_reduction: Decimal  # how much UC goes down a month: taper_amount, but never more than maximum_uc
    maximum_uc: Decimal | None  # UC a month before earnings, when given
    uc_after_earnings: Decimal | None  # maximum_uc - uc_reduction (never below 0), when maximum_uc is given
    uc_stops: bool  # True when earnings take UC down to £0
    steps: list[str]


def uc_earnings_estimate(
    monthly_net_earnings: Any,
    rates: Rates,
    has_lcw_or_lcwra: bool,
    has_child: bool,
    has_housing_costs: bool,
    maximum_uc: Any = None,
) -> UCEstimate:
    """Estimate how much UC goes down a month for this take-home pay a month.

    has_lcw_or_lcwra: the person has limited capability for work (LCW) or for work-related activity (LCWRA).
    has_child: responsible for a child or young person. has_housing_costs: UC includes housing costs.
    maximum_uc: optional UC a month before earnings; the reduction is then never more than this.
    Raises BadAmount for amounts that are not numbers or are below 0.
    """
    earnings = as_money(monthly_net_earnings, "pay a month")
    maximum = None if maximum_uc is None else as_money(maximum_uc, "UC a month")
    taper = rates["uc_taper_rate"]
    rate = taper.value
    pence = f"{format_number(rate * 100)}p"

    steps = [
        "UC has no Permitted Work rules.",
        f"Your pay from work is {format_money(earnings)} a month.",
    ]

    has_allowance = bool(has_lcw_or_lcwra) or bool(has_child)
    if has_allowance:
        if has_lcw_or_lcwra:
            steps.append("You have LCW or LCWRA, so you get a work allowance.")
        else:
            steps.append("You are responsible for a child, so you get a work allowance.")
        steps.append("A work allowance is pay you keep before UC goes down.")
        if has_housing_costs:
            figure = rates["uc_work_allowance_with_housing_costs"]
            why = "because UC pays your housing costs"
        else:
            figure = rates["uc_work_allowance_without_housing_costs"]
            why = "because UC pays no housing costs"
        allowance = figure.value
        steps.append(f"Your work allowance is {format_money(allowance)} a month, {why}.")
        steps += expected_steps(figure, f"{format_money(allowance)} work allowance")
        over = max(ZERO, earnings - allowance)
        if earnings > allowance:
            steps.append(f"{format_money(earnings)} take away {format_money(allowance)} leaves {format_money(over)} over your allowance.")
            steps.append(f"UC goes down by {pence} for each £1 over the allowance.")
        else:
            steps.append(f"{format_money(earnings)} is not more than your work allowance.")
    else:
        allowance = ZERO
        over = earnings
        steps.append("You do not get a work allowance.")
        steps.append(f"So UC goes down by {pence} for each £1 you earn.")

    taper_amount = to_penny(over * rate)
    if over > 0:
        steps.append(f"{format_percent(rate)} of {format_money(over)} is {format_money(taper_amount)}.")
        steps += expected_steps(taper, f"{pence} rate")

    uc_stops = maximum is not None and maximum > 0 and taper_amount >= maximum
    reduction = min(taper_amount, maximum) if maximum is not None else taper_amount
    if maximum is not None:
        steps.append(f"Your UC before this work is {format_money(maximum)} a month.")
    if reduction == 0:
        steps.append("So your UC does not go down.")
    elif uc_stops:
        steps.append(f"{format_money(taper_amount)} is as much as your UC, or more.")
        steps.append(f"So your UC goes down by {format_money(reduction)}, to £0.")
        steps.append("A benefits adviser can check what this means for you.")
    else:
        steps.append(f"So your UC goes down by {format_money(reduction)} a month.")
        steps.append(f"You keep {format_money(over - reduction)} of the {format_money(over)}.")
        if maximum is None:
            steps.append("UC cannot go below £0.")
            steps.append("If this is more than your UC, your UC stops.")
    after = None if maximum is None else maximum - reduction
    if after is not None and not uc_stops:
        steps.append(f"{format_money(maximum)} take away {format_money(reduction)} leaves {format_money(after)} of UC a month.")

    return UCEstimate(
        monthly_net_earnings=earnings,
        has_work_allowance=has_allowance,
        work_allowance=allowance,
        earnings_over_allowance=over,
        taper_rate=rate,
        taper_amount=taper_amount,
        uc_reduction=reduction,
        maximum_uc=maximum,
        uc_after_earnings=after,
        uc_stops=uc_stops,
        steps=steps,
    )
