"""Takes personal data out of a comment before it is kept: email addresses, phone numbers, postcodes and
names. Names are found without a language model, so the rule is cautious: a capitalised word is taken out
unless the assistant itself uses it capitalised (programme names, benefits, places), or it starts a
sentence and is an everyday word ("Thanks", "The").

Also taken out: email addresses spelled with "at" and "dot" ("robin dot q at example dot org", "(at)",
"[dot]"), when they end in a common top-level domain or a two-letter one; any run of 9 or more digits split by
spaces, "/", "-", "." or brackets (so a date such as 12/03/2026 goes too); and a lower-case word after "my
name is", "I am called", "I'm called", "call me" or "this is" that the assistant never says.

What it cannot do: a lower-case name with no such words before it ("ask robin about it") stays, as does a
number written in words ("oh seven seven..."). Comments are kept encrypted for that reason too, and the panel
sees them only as their partner's."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from bot.feedback.content import catalogue

REMOVED = "[removed]"
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+")
_PHONE = re.compile(r"\+?\d[\d\s()./-]{7,}\d")
# "at" and "dot" spelled out, bare or in brackets; the address must end in a domain people use, so that
# "I looked at the page" stays.
_AT = r"(?:\s*[(\[]\s*at\s*[)\]]\s*|\s+at\s+|\s*@\s*)"
_DOT = r"(?:\s*[(\[]\s*dot\s*[)\]]\s*|\s+dot\s+|\.)"
_TOP_LEVEL = r"(?:com|org|net|gov|nhs|info|biz|edu|email|online|scot|wales|cymru|[a-z]{2})"
_SPELLED_EMAIL = re.compile(rf"\b[\w+-]+(?:{_DOT}[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}{_TOP_LEVEL}\b", re.I)
# A name given in lower case, after the words that give one.
_NAME_GIVEN = re.compile(r"\b(?:my name is|my name's|i am called|i'm called|call me|this is)\s+"
                         r"([^\W\d_]+(?:['’-][^\W\d_]+)*)(?:\s+([^\W\d_]+(?:['’-][^\W\d_]+)*))?", re.I)
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


def _without_given_names(text: str) -> str:
    _, everyday = _known()

    def remove(match: re.Match) -> str:
        kept, cut = match.group(0), False
        for n in (1, 2):
            word = match.group(n)
            if word is None or (word.lower() in everyday):
                break
            kept, cut = kept.replace(word, REMOVED, 1), True
        return kept if cut else match.group(0)

    return _NAME_GIVEN.sub(remove, text)


def scrub(comment: str) -> str:
    text = _SPELLED_EMAIL.sub(REMOVED, comment)
    text = _EMAIL.sub(REMOVED, text)
    text = _PHONE.sub(REMOVED, text)
    text = _POSTCODE.sub(REMOVED, text)
    text = _without_given_names(text)
    text = _WORD.sub(lambda m: REMOVED if _is_name(text, m) else m.group(0), text)
    return re.sub(r"\[removed\](?:\s+\[removed\])+", REMOVED, text)
