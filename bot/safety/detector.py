"""Finds words of crisis in one message: the word patterns of bot.safety.patterns, and beside them the
learned reading of bot.safety.classifier for the many ways people say it that no list of phrases holds.

The gateway runs this on EVERY message, inside forms too, before anything else: it does not rely on Rasa's
intent classifier, which can miss a crisis said in an unusual way or while a form is asking a question.
No model is downloaded: both work on plain lower-case words, and the classifier learns from the project's
own examples.

How the two decide, most urgent first:
- nothing, when a pattern matched but the classifier reads every part of the message as ordinary (ORDINARY);
- a pattern's category (emergency, danger from others, suicide, self-harm, harming others): patterns say
  the kind more precisely;
- else the classifier's, when it is at least CLASSIFIER_SURE that the message, or one of its sentences,
  shows a crisis (PART_SURE for a part between commas), reading only the sentences that no everyday saying
  that looks like a crisis ("I cut myself shaving") explains;
- otherwise the gentle check, when a pattern of unclear risk matched;
- otherwise nothing.

Never log the text, the match or its span: they are the person's own words. The category alone is safe
to record.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from bot.safety import classifier
from bot.safety.normalise import Clause, clauses
from bot.safety.patterns import (CANCELLERS, CATEGORIES, CHECK, EXCEPTIONS, RULES, TRAILING, Rule, first_words,
                                 to_regex)

__all__ = ["CLASSIFIER_SURE", "ORDINARY", "PART_SURE", "PART_WORDS", "RISK_NOTED", "CrisisMatch", "detect_crisis", "shows_some_risk"]

# How sure the classifier must be before its reading counts as a crisis: chosen on the development sets
# (data/development), where 0.70 caught 15 more of their 860 crisis messages than 0.80 did for 3 more
# false alarms among their 660 look-alikes; the evaluation sets' overall scores agreed.
CLASSIFIER_SURE = 0.70
# Below that, a reading of at least this is some risk: not enough to give crisis help unasked, but enough
# to ask gently instead of saying "I did not understand". Chosen the same way.
RISK_NOTED = 0.30
# A pattern's words can name a course, a past event or someone else's care ("my uni module is on suicide
# risk", "my son's self harm has stopped, does he still get DLA"). When the classifier reads every part of the
# message as below this, it is that sure the message is ordinary, and the pattern does not count. Every part
# is read for this, however short, so "sorry, suicide - what do I do" keeps its help. Chosen low, from the
# development sets: at this level no crisis message of theirs that a pattern caught was lost.
ORDINARY = 0.05
# A crisis said beside a benefits question ("can I get help with my PIP form, I cut my wrists last night")
# is read in each part between commas too, so the question's words do not drown it. A part has fewer words
# to go on, so its reading counts only from PART_SURE, and only in a part of at least PART_WORDS words.
PART_SURE, PART_WORDS = 0.90, 3


@dataclass(frozen=True)
class CrisisMatch:
    """What kind of crisis a message shows. `span` is the matched words, normalised: for tests only.
    It is left out of repr() so that logging a match by mistake does not log the person's words."""

    category: str  # one of CATEGORIES: emergency, danger_from_others, suicide, self_harm, harming_others, check
    span: str = field(repr=False)


class _Patterns:
    """Compiled patterns, indexed by the words a match can start with, so a clause tries only the few
    patterns whose first word it has (and the few that may start anywhere)."""

    def __init__(self, patterns: list[tuple[object, str]]):
        self.by_first_word: dict[str, list[tuple[object, re.Pattern]]] = defaultdict(list)
        self.anywhere: list[tuple[object, re.Pattern]] = []
        for key, pattern in patterns:
            compiled, starts = (key, to_regex(pattern)), first_words(pattern)
            for word in starts or ():
                self.by_first_word[word].append(compiled)
            if starts is None:
                self.anywhere.append(compiled)

    def matches(self, clause: Clause, text: str) -> list[tuple[object, int, int]]:
        """(key, first word, end word) of every match in the clause; `text` is its words, each + " "."""
        candidates = {id(c): c for word in set(clause.words) for c in self.by_first_word.get(word, ())}
        found = []
        for key, regex in [*candidates.values(), *self.anywhere]:
            for match in regex.finditer(text):
                start, end = match.start(1), match.end(1)
                if end > start:
                    found.append((key, text.count(" ", 0, start), text.count(" ", 0, end)))
        return found


@lru_cache(maxsize=1)
def _matcher() -> tuple[_Patterns, _Patterns, _Patterns]:
    return (_Patterns([(rule, rule.pattern) for rule in RULES]),
            _Patterns([(None, pattern) for pattern in EXCEPTIONS]),
            _Patterns([(group, pattern) for group, patterns in CANCELLERS.items() for pattern in patterns]))


def _ends_thought(clause: Clause, end: int) -> bool:
    """True if only small words ("now", "please", "lol") come between `end` and the next pause."""
    stop = min((p for p in clause.pauses if p >= end), default=len(clause.words))
    return all(word in TRAILING for word in clause.words[end:stop])


def _same_run(clause: Clause, start: int, end: int) -> bool:
    return not any(start < pause < end for pause in clause.pauses)


def _matches(clause: Clause) -> tuple[list[tuple[Rule, int, int]], bool]:
    """The rules that match in a clause, and whether it holds an everyday saying that looks like a crisis."""
    rules, exceptions, cancellers = _matcher()
    text = "".join(word + " " for word in clause.words)
    # An everyday saying is one run of words: "worth living... there is" is not "living there".
    everyday = [(start, end) for _, start, end in exceptions.matches(clause, text)
                if _same_run(clause, start, end)]
    cancelling = cancellers.matches(clause, text)
    found = []
    for rule, start, end in rules.matches(clause, text):
        if rule.at_end and not _ends_thought(clause, end):
            continue
        # A cancelling word counts only in the rule's own run of words: in "I am taking an overdose...
        # I am looking for work" the job is another thought and explains nothing.
        groups = rule.unless.split()
        if any(group in groups and _same_run(clause, min(start, c_start), max(end, c_end))
               for group, c_start, c_end in cancelling):
            continue
        if any(start < e_end and e_start < end for e_start, e_end in everyday):
            continue  # an everyday saying, such as "died laughing"
        found.append((rule, start, end))
    return found, bool(everyday)


def detect_crisis(text: str) -> CrisisMatch | None:
    """The most urgent crisis a message shows, the gentle check when its risk is unclear, or None.

    detect_crisis("i dont want to be here anymore")  -> CrisisMatch(category="suicide")
    detect_crisis("I have made my choice")           -> CrisisMatch(category="check")
    detect_crisis("my feet are killing me")          -> None
    """
    if not isinstance(text, str) or not text.strip():
        return None
    found = clauses(text)
    best: tuple[int, int, CrisisMatch] | None = None
    unexplained = []  # the sentences with no everyday saying: only these are the classifier's to read
    for position, clause in enumerate(found):
        matches, saying = _matches(clause)
        if not saying:
            unexplained.append(clause)
        for rule, start, end in matches:
            rank = CATEGORIES.index(rule.category)
            if best is None or (rank, position) < best[:2]:
                best = (rank, position, CrisisMatch(rule.category, " ".join(clause.words[start:end])))
    if not found:
        return None
    if best is not None and all(reading.crisis < ORDINARY for reading, _ in _readings(found, parts=True, part_words=1)):
        return None  # words of crisis in a message about a course, a past event or someone else's care
    if best is not None and best[2].category != CHECK:
        return best[2]  # a pattern says which kind: patterns are the more precise about kind
    for reading, sure in _readings(unexplained, parts=True):
        if reading.crisis >= sure:
            return CrisisMatch(reading.category, "")
    return best[2] if best else None


def _readings(found: list[Clause], parts: bool = False, part_words: int = PART_WORDS):
    """(the classifier's reading, how sure it must be to count) for the sentences together, each sentence
    alone when there are several, and with `parts`, each part between commas of at least `part_words` words
    (PART_SURE)."""
    if not found:
        return
    read = classifier.reader().read_normalised
    yield read(" | ".join(" ".join(clause.words) for clause in found)), CLASSIFIER_SURE
    for clause in found:
        if len(found) > 1:
            yield read(" ".join(clause.words)), CLASSIFIER_SURE
        cuts = [0, *sorted(clause.pauses), len(clause.words)]
        if parts and len(cuts) > 2:
            for start, end in zip(cuts, cuts[1:]):
                if end - start >= part_words:
                    yield read(" ".join(clause.words[start:end])), PART_SURE


def shows_some_risk(text: str) -> bool:
    """True if a message that detect_crisis() finds no crisis in still has some chance of one (RISK_NOTED),
    and no everyday saying explains its words. The gateway asks such a message gently "Are you safe right
    now?" when the assistant would otherwise not have understood it: a message it cannot place that may
    be a crisis is never met with "Sorry, I did not understand".

    shows_some_risk("whats the point of anything")  -> True
    shows_some_risk("what is access to work")       -> False
    """
    if not isinstance(text, str) or not text.strip():
        return False
    found = clauses(text)
    if not found or any(_matches(clause)[1] for clause in found):
        return False
    return any(reading.crisis >= RISK_NOTED for reading, _ in _readings(found))
