"""Turns what a person typed into plain lower-case words, so crisis patterns can be simple.

    clauses("I'm gonna kil my self!!! Dont wanna be here... ok")
    -> [Clause(words=["i", "am", "going", "to", "kill", "myself"], pauses=frozenset()),
        Clause(words=["do", "not", "want", "to", "be", "here", "ok"], pauses=frozenset({6}))]

Steps, in order: lower case; contractions spelt out ("can't" -> "can not"); the text split into clauses at
full stops, "!", "?", ";" and new lines (an ellipsis is only a pause, so it does not split); other
punctuation dropped; letter repeats squashed ("diiiie" -> "die"); common misspellings and chat spellings
fixed from a fixed list; small typos in a few long key words fixed ("suicidle" -> "suicide").
Commas, dashes, colons and ellipses do not split a clause, but are kept as pauses: "I'm going to jump,
please help" ends a thought at the comma.

Everything here is pure Python and deterministic, so a test can show exactly what the matcher sees.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

__all__ = ["MAX_CHARS", "Clause", "clauses", "fix_word", "normalised"]

MAX_CHARS = 10_000  # the gateway refuses longer messages anyway; this keeps the work bounded

# Spellings people type -> what the patterns expect. A value may be several words.
SPELLINGS = {
    # chat spellings and contractions without an apostrophe
    "im": "i am", "ive": "i have", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "cant": "can not", "cannot": "can not", "wont": "will not", "isnt": "is not",
    "arent": "are not", "wasnt": "was not", "werent": "were not", "havent": "have not",
    "hasnt": "has not", "hadnt": "had not", "shouldnt": "should not", "wouldnt": "would not",
    "couldnt": "could not", "aint": "am not", "wanna": "want to", "wana": "want to", "wnt": "want",
    "wan": "want", "gonna": "going to", "gunna": "going to", "gona": "going to", "goin": "going",
    "tryna": "trying to", "gotta": "got to", "u": "you", "ur": "your", "r": "are", "ppl": "people",
    "some1": "someone", "every1": "everyone", "any1": "anyone", "no1": "nobody", "thats": "that is",
    "theres": "there is", "whats": "what is", "hes": "he is", "shes": "she is", "lyf": "life",
    "lfe": "life", "livin": "living", "2": "to", "4": "for", "anymoar": "anymore", "nemore": "anymore",
    "enymore": "anymore",
    # crisis words people often misspell, or write in chat or "algospeak" code
    "kil": "kill", "kll": "kill", "kiil": "kill", "killin": "killing", "kms": "kill myself",
    "meself": "myself", "mysel": "myself", "slef": "self", "selfharm": "self harm",
    "selfharming": "self harming", "selfharmed": "self harmed",
    "sewerslide": "suicide", "suicde": "suicide", "sucide": "suicide", "suacide": "suicide",
    "suiside": "suicide", "ded": "dead", "dieing": "dying", "hert": "hurt",
    "hurtin": "hurting", "harmin": "harming", "cuting": "cutting", "cuttin": "cutting",
    "overdoze": "overdose", "overdos": "overdose", "ovrdose": "overdose", "pils": "pills",
    "tabs": "tablets", "tablits": "tablets", "meds": "medication", "painkiller": "painkillers",
    # Scots, Northern and Irish spellings
    "ah": "i", "tae": "to", "gonnae": "going to", "ganna": "going to", "gannae": "going to", "cannae": "can not",
    "canny": "can not", "dinnae": "do not", "didnae": "did not", "wouldnae": "would not", "doesnae": "does not",
    "isnae": "is not", "willnae": "will not", "mesel": "myself", "masel": "myself", "nae": "no",
    "naebody": "nobody", "mair": "more", "anymair": "anymore", "wantin": "wanting", "endin": "ending",
    "deid": "dead", "heid": "head", "ma": "my", "bout": "about", "nowt": "nothing", "owt": "anything",
    "ik": "i know", "rn": "right now", "kys": "kill yourself",
}
# Pictures people type in place of words.
EMOJI = {"🩸": " blood ", "🔪": " knife ", "💊": " pills ", "🪢": " rope ", "⚰": " coffin ", "🚆": " train ",
         "🌉": " bridge "}
_EMOJI = re.compile("|".join(EMOJI))

# Long key words whose small typos are fixed by similarity. Short words (kill, die) are not:
# one wrong letter in 4 is often another real word ("skill", "dye").
FUZZY_TARGETS = ("suicide", "suicidal", "myself", "overdose", "overdosing", "overdosed", "paracetamol",
                 "anymore")
# Real words that are close to a target but mean something else: never "fixed".
NOT_TYPOS = frozenset("""yourself himself herself itself oneself themself ourself thyself overdue overdo
    overdoes overdone overdrive overload overdraw overdrawn anyone anyway anywhere anyhow suited decide
    decided""".split())
FUZZY_RATIO = 0.8
FUZZY_MIN_CHARS = 5

# Pairs of words joined into one, so a pattern needs only one spelling.
JOINS = {("my", "self"): "myself", ("no", "one"): "noone", ("any", "more"): "anymore",
         ("any", "longer"): "anymore", ("pain", "killers"): "painkillers", ("co", "codamol"): "cocodamol"}

_CONTRACTIONS = [
    (re.compile(r"\bsh'?d\b"), "sh"),  # "I sh'd again": self-harmed, not "should"
    (re.compile(r"\bcan'?t\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bain't\b"), "am not"),
    (re.compile(r"(?<=[a-z])n't\b"), " not"),
    (re.compile(r"(?<=[a-z])'m\b"), " am"),
    (re.compile(r"(?<=[a-z])'re\b"), " are"),
    (re.compile(r"(?<=[a-z])'ve\b"), " have"),
    (re.compile(r"(?<=[a-z])'ll\b"), " will"),
    (re.compile(r"(?<=[a-z])'d\b"), " would"),
    # "he's going to" -> "he is going to"; other "'s" is a possessive and is dropped.
    (re.compile(r"\b(he|she|it|that|there|what|who|someone|somebody|everyone|everybody|life)'s\b"), r"\1 is"),
    (re.compile(r"(?<=[a-z])'s\b"), ""),
]
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_PAUSE = re.compile(r"\.{2,}|…|[,:()\[\]–—]|\s-+\s|\s-+$|^-+\s")  # a hyphen inside "self-harm" is not a pause
_CLAUSE_END = re.compile(r"[.!?;\n\r]+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_TRIPLE = re.compile(r"(.)\1{2,}")  # no English word has a letter 3 times in a row
_DOUBLE = re.compile(r"(.)\1+")


def _known(word: str) -> bool:
    from bot.safety.patterns import VOCABULARY  # the words the patterns use

    return word in VOCABULARY or word in SPELLINGS


@lru_cache(maxsize=50_000)
def fix_word(word: str) -> str:
    """One lower-case word as the patterns expect it; may return several words ("kms" -> "kill myself")."""
    if _TRIPLE.search(word):
        # Stretched for feeling ("diiiie", "killll", "bbbetter"): the run was 1 or 2 letters; pick the
        # reading we know, else the single letter.
        readings = [_TRIPLE.sub(r"\1\1", word), _TRIPLE.sub(r"\1", word), _DOUBLE.sub(r"\1", word)]
        word = next((w for w in readings if _known(w)), readings[1])
    word = SPELLINGS.get(word, word)
    if len(word) < FUZZY_MIN_CHARS or word in NOT_TYPOS or _known(word) or " " in word:
        return word
    best, best_ratio = word, FUZZY_RATIO
    for target in FUZZY_TARGETS:
        if abs(len(target) - len(word)) <= 2:
            ratio = SequenceMatcher(None, word, target, autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = target, ratio
    return best


class Clause(NamedTuple):
    words: list[str]
    pauses: frozenset[int]  # word positions where a comma, dash or the like came: "a, b" -> {1}


def clauses(text: str) -> list[Clause]:
    """The text as clauses of normalised words. Empty clauses are left out."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS]).translate(_APOSTROPHES).lower().replace("_", " ")
    text = _EMOJI.sub(lambda found: EMOJI[found.group()], text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _PAUSE.sub(" , ", text.replace("'", ""))
    result = []
    for clause in _CLAUSE_END.split(text):
        words: list[str] = []
        pauses: set[int] = set()
        for segment in clause.split(","):
            for word in (w for raw in _NOT_WORD.sub(" ", segment).split() for w in fix_word(raw).split()):
                if words and (words[-1], word) in JOINS:  # "my self" -> "myself", even across a pause
                    words[-1] = JOINS[(words[-1], word)]
                    pauses.discard(len(words))
                else:
                    words.append(word)
            pauses.add(len(words))
        if words:
            result.append(Clause(words, frozenset(pauses - {len(words)})))
    return result


def normalised(text: str) -> str:
    """The text as one line of normalised words, a "|" between clauses: what the classifiers read."""
    return " | ".join(" ".join(clause.words) for clause in clauses(text))
