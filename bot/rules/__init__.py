"""Pure rules for Permitted Work and "better off in work" sums. No Rasa imports here.

Figures come from data/knowledge/rates/<tax year>.yml through load_rates(). Every result carries
`steps`: the working in short Easy Read sentences, ready to show to the person.
"""
from .better_off import BetterOffSummary, better_off_summary
from .permitted_work import PermittedWorkResult, permitted_work_check
from .rates import (
    BadAmount,
    BadInput,
    Figure,
    MissingFigure,
    Rates,
    RatesError,
    available_tax_years,
    format_money,
    hourly_to_weekly,
    load_rates,
    monthly_to_weekly,
    quoted_figures,
    tax_year_for,
    weekly_to_monthly,
)
from .universal_credit import UCEstimate, uc_earnings_estimate

__all__ = [
    "BadAmount",
    "BadInput",
    "BetterOffSummary",
    "Figure",
    "MissingFigure",
    "PermittedWorkResult",
    "Rates",
    "RatesError",
    "UCEstimate",
    "available_tax_years",
    "better_off_summary",
    "format_money",
    "hourly_to_weekly",
    "load_rates",
    "monthly_to_weekly",
    "permitted_work_check",
    "quoted_figures",
    "tax_year_for",
    "uc_earnings_estimate",
    "weekly_to_monthly",
]
