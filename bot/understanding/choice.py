"""Which of the buttons on screen a typed answer picks, so typing gives the same result as pressing.

A person may type a button's title ("Phone call"), part of it when only one title has those words
("phone"), its place in the list ("2", "the second one"), "yes" or "no" where the buttons are a yes and
a no, or the title with a slip of the keyboard ("Phnoe call"). Anything less sure picks nothing: the
message is then read as words, never forced onto a button.
"""
from __future__ import annotations

import difflib
import re
from typing import Sequence

from bot.understanding.yes_no import parse_yes_no

ORDINALS = {"first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3,
            "three": 3, "fourth": 4, "4th": 4, "four": 4, "fifth": 5, "5th": 5, "five": 5}
# "the second one", "number 2", "option 2", "2.", "no 2"
_PLACE = re.compile(r"^(?:the |number |no |option |choice )?(?P<place>\d{1,2}|[a-z0-9]+?)(?: one| option| please)?$")
# Words that say nothing about which button: "phone please" picks "Phone call" by "phone" alone.
_FILLER = {"a", "an", "the", "i", "my", "me", "by", "please", "pls", "want", "would", "like", "to", "it", "is",
           "one", "and", "or", "of", "for", "do", "can", "you", "id", "i'd", "need", "am", "ok", "okay", "now"}
MOST_WORDS = 3  # words that name something: a longer message is a sentence to read, not a button to press
CLOSE_ENOUGH = 0.85  # difflib ratio for a title typed with a slip: "phnoe call" is 0.9 from "phone call"


_SHORT_FORMS = {"im": "i am", "i'm": "i am", "dont": "do not", "don't": "do not", "&": "and"}


def _words(text: str) -> str:
    words = re.sub(r"[^a-z0-9'& ]+", " ", text.lower().replace("’", "'")).split()
    return " ".join(_SHORT_FORMS.get(word, word) for word in words)


def chosen_button(text: str, titles: Sequence[str]) -> int | None:
    """The index of the button the typed text picks, or None when it picks none for sure."""
    typed = _words(text)
    if not typed or not titles:
        return None
    names = [_words(title) for title in titles]
    for pick in (_by_title, _by_place, _by_yes_no, _by_slip, _by_words):
        index = pick(typed, names)
        if index is not None:
            return index
    return None


def _only(indexes: list[int]) -> int | None:
    return indexes[0] if len(indexes) == 1 else None


def _by_title(typed: str, names: list[str]) -> int | None:
    return _only([i for i, name in enumerate(names) if name == typed])


def _by_place(typed: str, names: list[str]) -> int | None:
    found = _PLACE.match(typed)
    if not found:
        return None
    word = found["place"]
    place = int(word) if word.isdigit() else ORDINALS.get(word, len(names) if word == "last" else 0)
    return place - 1 if 1 <= place <= len(names) else None


def _by_yes_no(typed: str, names: list[str]) -> int | None:
    answer = parse_yes_no(typed)
    if answer not in ("yes", "no") or len(typed.split()) > MOST_WORDS:  # "no I want to ..." says more than no
        return None
    return _only([i for i, name in enumerate(names) if parse_yes_no(name.split(" ")[0]) == answer])


def _by_slip(typed: str, names: list[str]) -> int | None:
    scores = [difflib.SequenceMatcher(None, typed, name).ratio() for name in names]
    return _only([i for i, score in enumerate(scores) if score >= CLOSE_ENOUGH])


_NEGATIONS = {"not", "no", "never"}


def _by_words(typed: str, names: list[str]) -> int | None:
    words = set(typed.split()) - _FILLER
    if not words or len(words) > MOST_WORDS:
        return None
    having = [i for i, name in enumerate(names) if words <= set(name.split())]
    if not words & _NEGATIONS:  # "I am safe" never picks "No, I am not safe": the "not" was not typed
        having = [i for i in having if not set(names[i].split()) & _NEGATIONS]
    return _only(having)
