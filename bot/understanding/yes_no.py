"""Reads short replies such as yes, no and "not sure" in a person's own words."""
from __future__ import annotations

import re

_YES = {"yes", "yeah", "yep", "yup", "y", "yes please", "i do", "i have", "it does", "correct", "right",
        "ok", "okay", "ok then", "sure", "fine", "that's fine", "that is fine", "go ahead"}
_NO = {"no", "nope", "nah", "n", "no thanks", "i don't", "i do not", "i haven't", "it doesn't", "not really"}
_NOT_SURE = ("not sure", "don't know", "do not know", "dont know", "dunno", "no idea", "unsure", "maybe",
             "not certain", "can't remember", "cannot remember", "can't recall")


def parse_yes_no(text: str) -> str | None:
    """ "yes", "no" or "not_sure"; None when the reply is none of them."""
    cleaned = re.sub(r"[^a-z' ]+", " ", text.lower()).strip()
    if any(phrase in cleaned for phrase in _NOT_SURE):
        return "not_sure"
    if cleaned in _YES or cleaned.split(" ")[0] in {"yes", "yeah", "yep"}:
        return "yes"
    if cleaned in _NO or cleaned.split(" ")[0] in {"no", "nope", "nah"}:
        return "no"
    return None
