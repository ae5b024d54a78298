"""Recognises which benefit a person names in their own words, typos included."""
from __future__ import annotations

import difflib
import re

# Each benefit with the words people use for it. Checked longest first, so "ESA and PIP" is more than one.
_NAMES = {
    "esa": ["esa", "employment and support allowance", "new style esa", "income related esa"],
    "uc": ["uc", "universal credit", "universal credits"],
    "pip": ["pip", "personal independence payment", "adp", "adult disability payment"],  # ADP replaced PIP in Scotland
    "none": ["none", "no benefits", "nothing", "no benefit", "i don't get any", "i do not get any"],
    "not_sure": ["not sure", "i don't know", "i do not know", "dont know", "no idea", "unsure"],
}
_MORE_THAN_ONE = ["more than one", "both", "all of them", "several"]


def parse_benefit(text: str) -> str | None:
    """Returns esa, uc, pip, more_than_one, none or not_sure; None when the text names no benefit."""
    words = re.sub(r"[^a-z' ]+", " ", text.lower()).split()
    cleaned = " ".join(words)
    if any(phrase in cleaned for phrase in _MORE_THAN_ONE):
        return "more_than_one"
    found = {benefit for benefit in ("esa", "uc", "pip") if _mentions(cleaned, words, _NAMES[benefit])}
    if len(found) > 1:
        return "more_than_one"
    if found:
        return found.pop()
    for benefit in ("not_sure", "none"):
        if _mentions(cleaned, words, _NAMES[benefit]):
            return benefit
    return None


def _mentions(cleaned: str, words: list[str], names: list[str]) -> bool:
    for name in names:
        if " " in name:
            if name in cleaned or difflib.SequenceMatcher(None, name, cleaned).ratio() >= 0.85:
                return True
        elif name in words or (len(name) > 3 and difflib.get_close_matches(name, words, n=1, cutoff=0.8)):
            return True
    return False
