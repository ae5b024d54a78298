"""Pure rules for Permitted Work and "better off in work" sums. No Rasa imports here.

Figures come from data/knowledge/rates/<tax year>.yml through load_rates(). Every result carries
`steps`: the working in short Easy Read sentences, ready to show to the person.
"""
from .better_off import BetterOffSummary, better_off_summary
from .first_wca import first_wca_applies, first_wca_warning, first_wca_warning_more
from .pay import PAY_PERIODS, PayAMonth, pay_a_month
from .tax import NATIONS, TakeHome, take_home_pay
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
    load_rates,
    quoted_figures,
    rates_for,
    tax_year_for,
)
from .universal_credit import UCEstimate, uc_earnings_estimate

__all__ = [
    "NATIONS",
    "PAY_PERIODS",
    "PayAMonth",
    "TakeHome",
    "pay_a_month",
    "rates_for",
    "take_home_pay",
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
    "first_wca_applies",
    "first_wca_warning",
    "first_wca_warning_more",
    "format_money",
    "load_rates",
    "permitted_work_check",
    "quoted_figures",
    "tax_year_for",
    "uc_earnings_estimate",
]
