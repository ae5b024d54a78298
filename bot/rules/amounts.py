"""Reads hours and pay from what a person types: "16 hours", "£10.50 an hour", "about 20 quid".

A number is only taken as hours when the word hours follows it, and only as pay when it has a pound
sign, "quid" or "pounds", or a pay period. Anything unclear gives None, so the form asks again plainly.
"""
from __future__ import annotations

import re
from decimal import Decimal

_NUMBER = r"(-?\d+(?:,\d{3})*(?:\.\d+)?)"
_HOURS = re.compile(_NUMBER + r"\s*(?:hours?|hrs?|h)\b(?!\s*(?:a|an|per)\s+hour)", re.I)
_PERIODS = {
    "hour": r"(?:an?|per|each|every)\s+hour|hourly|/\s*h(?:ou)?r\b|p/?h\b",
    "week": r"(?:a|per|each|every)\s+week|weekly|/\s*w(?:ee)?k\b|p/?w\b",
    "month": r"(?:a|per|each|every)\s+month|monthly|/\s*m(?:on)?th\b|pcm\b",
}
_PERIOD = {period: re.compile(pattern, re.I) for period, pattern in _PERIODS.items()}
# Pay every two or four weeks, or by the year or day, is none of the three: "four weekly" is not "weekly".
# Read as no period, so the form asks for one rather than taking £800 every four weeks as £800 a week.
_OTHER_PERIOD = re.compile(r"\b(?:four|4|two|2|bi|fort)[\s-]*(?:weekly|nightly)\b|\bfortnight|\bevery\s+\S+\s+weeks\b"
                           r"|\b(?:a|per|each|every)\s+(?:year|annum|day)\b|\b(?:yearly|annually|daily)\b", re.I)
_MONEY = re.compile(r"(-)?£\s*" + _NUMBER + r"|" + _NUMBER + r"\s*(?:quid|pounds?|gbp)\b", re.I)
_BARE_NUMBER = re.compile(r"(?<![\w£.])" + _NUMBER + r"(?![\w.]|\s*(?:hours?|hrs?|h)\b)", re.I)


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def parse_hours(text: str) -> Decimal | None:
    """Hours a week named with the word hours: "16 hours" -> 16. Negative numbers come back negative,
    so the caller can say plainly why they cannot be right."""
    match = _HOURS.search(text)
    return _decimal(match.group(1)) if match else None


def parse_pay_period(text: str) -> str | None:
    """"an hour", "a week", "monthly" -> "hour", "week", "month"; None for any other period ("four weekly")."""
    if _OTHER_PERIOD.search(text):
        return None
    for period, pattern in _PERIOD.items():
        if pattern.search(text):
            return period
    return None


def parse_pay(text: str, expecting_pay: bool = False) -> tuple[Decimal | None, str | None]:
    """The amount and period of pay. With expecting_pay (the question was about pay) a bare number
    counts as an amount; otherwise it needs £, "quid" or "pounds", or a period beside it."""
    period = parse_pay_period(text)
    match = _MONEY.search(text)
    if match:
        number = match.group(2) or match.group(3)
        amount = _decimal(number)
        return (-amount if match.group(1) else amount), period
    if expecting_pay or period:
        bare = _BARE_NUMBER.search(text)
        if bare:
            return _decimal(bare.group(1)), period
    return None, period
