"""Reads hours and pay from what a person types: "16 hours", "15 and a half hours", "£10.50 an hour",
"£800 every four weeks", "about 20 quid".

A number is only taken as hours when the word hours follows it, and only as pay when it has a pound
sign, "quid" or "pounds", or a pay period. Anything unclear gives None, so the form asks again plainly:
"bi-weekly" can mean twice a week or every two weeks, so it names no period.
"""
from __future__ import annotations

import re
from decimal import Decimal

from .rates import to_penny

_NUMBER = r"(-?\d+(?:,\d{3})*(?:\.\d+)?)"
_HALF = r"(\s*(?:and\s+a\s+half|½|1/2))?"
_HOURS = re.compile(_NUMBER + _HALF + r"\s*(?:hours?|hrs?|h)\b(?!\s*(?:a|an|per)\s+hour)", re.I)
_EVERY = r"(?:an?|per|each|every|in\s+a|in\s+the)\s+"
# Longest first: "every four weeks" must not be read as "a week".
_PERIODS = {
    "four_weeks": rf"\b(?:four|4)[\s-]*weekly\b|\b{_EVERY}(?:four|4)\s+weeks?\b|\b4\s*-?\s*wk",
    "fortnight": rf"\b(?:two|2)[\s-]*weekly\b|\bfortnight(?:ly)?\b|\b{_EVERY}(?:two|2)\s+weeks?\b|\b{_EVERY}other\s+week\b",
    "hour": rf"\b{_EVERY}hour\b|\bhourly\b|/\s*h(?:ou)?r\b|\bp/?h\b",
    "week": rf"\b{_EVERY}week\b|\bweekly\b|/\s*w(?:ee)?k\b|\bp/?w\b",
    "month": rf"\b{_EVERY}month\b|\bmonthly\b|/\s*m(?:on)?th\b|\bpcm\b",
    "year": rf"\b{_EVERY}(?:year|annum)\b|\b(?:yearly|annually|annual|salary)\b|/\s*y(?:ea)?r\b|\bp\.?a\.?\b",
}
_PERIOD = {period: re.compile(pattern, re.I) for period, pattern in _PERIODS.items()}
# Pay that names a period the sum cannot use as it is: "bi-weekly" (twice a week, or every two weeks?),
# "every three weeks", "a day". Read as no period, so the form asks rather than guesses.
_UNCLEAR_PERIOD = re.compile(r"\bbi[\s-]*weekly\b|\bevery\s+(?!four\b|4\b|two\b|2\b|other\b)\S+\s+weeks\b"
                             r"|\b(?:a|per|each|every)\s+day\b|\bdaily\b", re.I)
_HOURS_PER = re.compile(rf"\b{_EVERY}(month|fortnight|week|day)\b|\b(monthly|weekly|daily)\b", re.I)
_MONEY = re.compile(r"(-)?£\s*" + _NUMBER + r"(k\b)?|" + _NUMBER + r"(k\b)?\s*(?:quid|pounds?|gbp)\b", re.I)
_THOUSANDS_K = re.compile(r"(?<![\w£.])" + _NUMBER + r"\s*k\b", re.I)
_BARE_NUMBER = re.compile(r"(?<![\w£.])" + _NUMBER + r"(?![\w.]|\s*(?:hours?|hrs?|h)\b)", re.I)

# Hours in a month or fortnight, as hours a week: the same factors as pay (a month is 52 / 12 weeks).
_WEEKS_IN = {"week": Decimal(1), "fortnight": Decimal(2), "month": Decimal(52) / Decimal(12)}


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def parse_hours(text: str) -> Decimal | None:
    """Hours a week named with the word hours: "16 hours" -> 16, "15 and a half hours" -> 15.5,
    "40 hours a month" -> 9.23 (a month is 52 / 12 weeks), to two decimal places. Hours a day give None:
    the form asks for hours a week. Negative numbers come back negative, so the caller can say why they
    cannot be right."""
    match = _HOURS.search(text)
    if not match:
        return None
    hours = _decimal(match.group(1)) + (Decimal("0.5") if match.group(2) else 0)
    per = _HOURS_PER.search(text[match.end():match.end() + 20])
    unit = (per.group(1) or per.group(2)).lower() if per else "week"
    unit = {"monthly": "month", "weekly": "week", "daily": "day"}.get(unit, unit)
    if unit == "day":
        return None
    return hours if unit == "week" else to_penny(hours / _WEEKS_IN[unit])


def parse_pay_period(text: str) -> str | None:
    """"an hour", "weekly", "every four weeks", "fortnightly", "a month", "a year" -> "hour", "week",
    "four_weeks", "fortnight", "month", "year"; None when no period, or an unclear one ("bi-weekly")."""
    if _UNCLEAR_PERIOD.search(text):
        return None
    for period, pattern in _PERIOD.items():
        if pattern.search(text):
            return period
    return None


def parse_pay(text: str, expecting_pay: bool = False) -> tuple[Decimal | None, str | None]:
    """The amount and period of pay. With expecting_pay (the question was about pay) a bare number
    counts as an amount; otherwise it needs £, "quid" or "pounds", or a period beside it. "£25k" and
    "25k a year" are thousands."""
    period = parse_pay_period(text)
    match = _MONEY.search(text)
    if match:
        number, thousands = (match.group(2), match.group(3)) if match.group(2) else (match.group(4), match.group(5))
        amount = _decimal(number) * (1000 if thousands else 1)
        return (-amount if match.group(1) else amount), period
    if expecting_pay or period:
        thousands = _THOUSANDS_K.search(text)
        if thousands:
            return _decimal(thousands.group(1)) * 1000, period
        bare = _BARE_NUMBER.search(text)
        if bare:
            return _decimal(bare.group(1)), period
    return None, period
