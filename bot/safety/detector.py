"""Finds words of crisis in one message, with spaCy token patterns on a blank English pipeline.

The action runs this on EVERY message, inside forms too, before anything else: it does not rely on the
intent classifier, which can miss a crisis said in an unusual way or while a form is asking a question.
No model is needed or downloaded: the patterns in bot.safety.patterns work on plain lower-case words.

Never log the text, the match or its span: they are the person's own words. The category alone is safe
to record.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

from bot.safety.normalise import Clause, clauses
from bot.safety.patterns import CATEGORIES, EXCEPTIONS, RULES, TRAILING, Rule, to_spacy

__all__ = ["CrisisMatch", "detect_crisis"]


@dataclass(frozen=True)
class CrisisMatch:
    """What kind of crisis a message shows. `span` is the matched words, normalised: for tests only.
    It is left out of repr() so that logging a match by mistake does not log the person's words."""

    category: str  # one of CATEGORIES: immediate_danger, danger_to_others, suicide, self_harm
    span: str = field(repr=False)


@lru_cache(maxsize=1)
def _matcher() -> tuple[Matcher, Matcher]:
    vocab = spacy.blank("en").vocab
    rules, exceptions = Matcher(vocab), Matcher(vocab)
    for index, rule in enumerate(RULES):
        rules.add(str(index), [to_spacy(rule.pattern)])
    for index, pattern in enumerate(EXCEPTIONS):
        exceptions.add(str(index), [to_spacy(pattern)])
    return rules, exceptions


def _ends_thought(clause: Clause, end: int) -> bool:
    """True if only small words ("now", "please", "lol") come between `end` and the next pause."""
    stop = min((p for p in clause.pauses if p >= end), default=len(clause.words))
    return all(word in TRAILING for word in clause.words[end:stop])


def _matches(clause: Clause) -> list[tuple[Rule, int, int]]:
    rules, exceptions = _matcher()
    doc = Doc(rules.vocab, words=clause.words)
    # An everyday saying is one run of words: "worth living... there is" is not "living there".
    everyday = [(start, end) for _, start, end in exceptions(doc)
                if not any(start < pause < end for pause in clause.pauses)]
    found = []
    for match_id, start, end in rules(doc):
        rule = RULES[int(rules.vocab.strings[match_id])]
        if rule.at_end and not _ends_thought(clause, end):
            continue
        if any(start < e_end and e_start < end for e_start, e_end in everyday):
            continue  # an everyday saying, such as "died laughing"
        found.append((rule, start, end))
    return found


def detect_crisis(text: str) -> CrisisMatch | None:
    """The most urgent crisis a message shows, or None.

    detect_crisis("i dont want to be here anymore")  -> CrisisMatch(category="suicide")
    detect_crisis("my feet are killing me")          -> None
    """
    if not isinstance(text, str) or not text.strip():
        return None
    best: tuple[int, int, CrisisMatch] | None = None
    for position, clause in enumerate(clauses(text)):
        for rule, start, end in _matches(clause):
            rank = CATEGORIES.index(rule.category)
            if best is None or (rank, position) < best[:2]:
                best = (rank, position, CrisisMatch(rule.category, " ".join(clause.words[start:end])))
    return best[2] if best else None
