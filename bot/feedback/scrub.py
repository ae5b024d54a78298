"""Takes personal data out of a comment before it is kept: email addresses, phone numbers, postcodes and
names. Names are found without a language model, so the rule is cautious: a capitalised word is taken out
unless the assistant itself uses it capitalised (programme names, benefits, places), or it starts a
sentence and is an everyday word ("Thanks", "The")."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from bot.feedback.content import catalogue

REMOVED = "[removed]"
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+")
_PHONE = re.compile(r"\+?\d[\d\s().-]{7,}\d")
# A whole postcode, or its first half alone ("SE1"): letters then a digit.
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?(?:\s*\d[A-Z]{2})?\b", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)$")
# Words people often start feedback with that the assistant itself may never say.
_FEEDBACK_WORDS = {"thanks", "thank", "great", "good", "brilliant", "lovely", "nice", "yes", "no", "easy", "hard",
                   "confusing", "clear", "helpful", "useful", "please", "hello", "hi", "sorry", "maybe", "too",
                   "really", "liked", "loved", "hated", "okay", "fine", "simple", "long", "short", "words"}


@lru_cache(maxsize=1)
def _known() -> tuple[frozenset[str], frozenset[str]]:
    """The capitalised words the assistant says, and every word it says in lower case."""
    words = [w for text in catalogue() for w in _WORD.findall(text.text)]
    capitalised = {w for w in words if w[0].isupper()} | {"I", "I'm", "I've", "I'd", "I'll", "OK"}
    return frozenset(capitalised), frozenset(STOP_WORDS | _FEEDBACK_WORDS | {w.lower() for w in words})


def _is_name(text: str, match: re.Match) -> bool:
    word = match.group(0)
    capitalised, everyday = _known()
    if not word[0].isupper() or word in capitalised:
        return False
    return not (_SENTENCE_START.search(text[:match.start()]) and word.lower() in everyday)


def scrub(comment: str) -> str:
    text = _EMAIL.sub(REMOVED, comment)
    text = _PHONE.sub(REMOVED, text)
    text = _POSTCODE.sub(REMOVED, text)
    text = _WORD.sub(lambda m: REMOVED if _is_name(text, m) else m.group(0), text)
    return re.sub(r"\[removed\](?:\s+\[removed\])+", REMOVED, text)
