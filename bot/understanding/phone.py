"""Reads a UK phone number as people type it: one reader for the referral, the call-back and the count of
call-backs by number, so a number one of them accepts is never refused by another."""
from __future__ import annotations

import re

# UK numbers: 0 then 9 or 10 digits (geographic 01/02, non-geographic 03, mobile 07). +44 or 0044 for 0.
_PHONE = re.compile(r"0(?:[12]\d{8,9}|3\d{9}|7\d{9})")
_MOBILE = re.compile(r"07[1-57-9]\d{8}")  # 070 is personal numbering and 076 pagers: no texts
_SEPARATORS = re.compile(r"[\s\-().]")
_WORDS_BEFORE = re.compile(r"^[^0-9+]*")  # "my number is 07..." -> "07..."
_WORDS_AFTER = re.compile(r"[^0-9+]+$")  # "07700900461thanks" -> "07700900461"


def read_phone(text: object) -> str | None:
    """A UK number as 11 (or 10) digits from 0, or None when the words hold no UK number.

    read_phone("+44 (0)20 7946-0101")             -> "02079460101"
    read_phone("my number is 07700 900461 thanks") -> "07700900461"
    """
    if not isinstance(text, str):
        return None
    # "(0)" in "+44 (0)20" is dropped below
    compact = _WORDS_AFTER.sub("", _SEPARATORS.sub("", _WORDS_BEFORE.sub("", text.strip())))
    for international in ("+44", "0044"):
        if compact.startswith(international):
            compact = "0" + compact.removeprefix(international).removeprefix("0")
            break
    return compact if _PHONE.fullmatch(compact) else None


def is_mobile(phone: str) -> bool:
    """True for a number read_phone() gave that can take text messages."""
    return bool(_MOBILE.fullmatch(phone))


def written_phone(phone: str) -> str:
    """A number read_phone() gave, spaced as people write it, so it is easy to check: "07700 900461"."""
    return f"{phone[:3]} {phone[3:7]} {phone[7:]}" if phone.startswith("02") else f"{phone[:5]} {phone[5:]}"
