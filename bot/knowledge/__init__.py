"""Knowledge the assistant explains: programmes, glossary, providers and partners (data/knowledge/*.yml).

This package holds what the loaders share: where the repository's data lives, plain-text helpers for the
YAML, and a small typo-tolerant phrase matcher used to find a programme or a glossary term inside what a
person typed. The loaders themselves are in the submodules (``bot.knowledge.programmes``,
``bot.knowledge.glossary``); import them from there. Nothing here imports Rasa.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Generic, Iterable, Mapping, TypeVar

from bot.config import ROOT

__all__ = [
    "KNOWLEDGE_DIR",
    "PhraseMatcher",
    "Text",
    "as_date",
    "knowledge_path",
    "normalise",
    "read_yaml",
]

KNOWLEDGE_DIR = ROOT / "data" / "knowledge"  # ROOT: the repository, found from bot/config.py's own place

# Fuzzy matching: difflib ratio needed to accept a misspelling, and the shortest key it applies to.
# Keys shorter than this (ESA, UC, GP, IPS...) must be typed exactly: one wrong letter in 3 is another word.
FUZZY_RATIO = 0.85
FUZZY_MIN_CHARS = 4
_MAX_QUERY_WORDS = 60  # a question longer than this is cut, so matching stays fast

# Words that carry no meaning on their own in a question like "what does LCWRA mean?".
# A fuzzy match is never made on these alone.
_STOPWORDS = frozenset(
    """a an and about are as at be by can could do does explain for from get give how i in is it it's
    me mean meaning means my of on or please tell that the their them they this to was we what what's
    whats when where which who why will with word you your""".split()
)


def knowledge_path(name: str) -> Path:
    """Path of a file under data/knowledge/ of this repository, e.g. knowledge_path("programmes.yml")."""
    return KNOWLEDGE_DIR / name


def read_yaml(path: str | Path) -> Any:
    import yaml  # local import: the package itself stays import-light

    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def as_date(value: Any, where: str) -> _dt.date:
    """A YAML date (2026-11-23) or an ISO date string as a date."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{where}: 'checked' must be a date like 2026-11-23, not {value!r}")


def normalise(text: str) -> str:
    """Lower case, dots inside short forms dropped (e.s.a -> esa), other punctuation as spaces.

    "Connect-to-Work!" -> "connect to work"; "What's LCWRA?" -> "what lcwra"; "&" -> "and".
    """
    text = text.lower().replace("&", " and ").replace("+", " ")
    text = re.sub(r"(?<=[a-z0-9])\.(?=[a-z0-9])", "", text)
    text = re.sub(r"[’']s\b", "", text)  # possessive: "pip's" -> "pip"
    text = re.sub(r"[^a-z0-9£]+", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Text:
    """A piece of text at two levels: Easy Read (always) and a fuller answer (sometimes)."""

    easy: str
    more: str | None = None

    @classmethod
    def from_yaml(cls, node: Any, where: str, *, need_more: bool = False) -> "Text":
        if not isinstance(node, Mapping) or not isinstance(node.get("easy"), str) or not node["easy"].strip():
            raise ValueError(f"{where}: needs an 'easy' text")
        more = node.get("more")
        if more is not None and not isinstance(more, str):
            raise ValueError(f"{where}: 'more' must be text")
        if need_more and not (more and more.strip()):
            raise ValueError(f"{where}: needs a 'more' text")
        return cls(easy=_tidy(node["easy"]), more=_tidy(more) if more else None)


def _tidy(text: str) -> str:
    # Spaces at line ends go; line breaks stay, as a list in the YAML is a list on screen.
    return "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())


T = TypeVar("T")


@dataclass(frozen=True)
class _Hit(Generic[T]):
    item: T
    start: int  # word position in the normalised query
    length: int  # words
    score: float  # 1.0 exact, else the difflib ratio
    chars: int  # length of the matched key


class PhraseMatcher(Generic[T]):
    """Finds which known phrase (name, term or alias) a person means.

    Case and punctuation are ignored. It matches the whole text, or a phrase inside a longer question
    ("what does LCWRA mean?"), and tolerates a small typo after the first letter in phrases of
    fuzzy_min_chars or more letters (difflib ratio of at least FUZZY_RATIO). Where phrases overlap the longer exact one wins; between
    separate phrases the first one in the text wins.
    """

    def __init__(self, entries: Iterable[tuple[str, T]], fuzzy_min_chars: int = FUZZY_MIN_CHARS):
        self._keys: dict[str, T] = {}
        self._squashed: dict[str, T] = {}  # keys without spaces: "workwell" finds "work well"
        for phrase, item in entries:
            key = normalise(phrase)
            if not key:
                continue
            for table, k in ((self._keys, key), (self._squashed, key.replace(" ", ""))):
                if k in table and table[k] != item:
                    raise ValueError(f"the name {phrase!r} is used for 2 different entries")
                table[k] = item
        self._max_words = max((len(k.split()) for k in self._keys), default=1)
        self._fuzzy_min_chars = fuzzy_min_chars
        # By first letter: a slip is rarely in the first letter, and a long list is searched in a twentieth.
        self._fuzzy_keys: dict[str, list[str]] = {}
        for k in self._keys:
            if len(k.replace(" ", "")) >= fuzzy_min_chars:
                self._fuzzy_keys.setdefault(k[0], []).append(k)

    def __contains__(self, phrase: str) -> bool:
        return normalise(phrase) in self._keys

    def _exact(self, gram: str) -> T | None:
        if gram in self._keys:
            return self._keys[gram]
        return self._squashed.get(gram.replace(" ", ""))

    def _fuzzy(self, gram: str) -> tuple[float, str] | None:
        if len(gram.replace(" ", "")) < self._fuzzy_min_chars or all(w in _STOPWORDS for w in gram.split()):
            return None
        best: tuple[float, str] | None = None
        for key in self._fuzzy_keys.get(gram[0], ()):
            if abs(len(key) - len(gram)) > max(2, len(key) // 5):
                continue
            matcher = SequenceMatcher(None, gram, key, autojunk=False)
            if matcher.real_quick_ratio() < FUZZY_RATIO or matcher.quick_ratio() < FUZZY_RATIO:
                continue
            ratio = matcher.ratio()
            if ratio >= FUZZY_RATIO and (best is None or (ratio, len(key)) > (best[0], len(best[1]))):
                best = (ratio, key)
        return best

    def _hits(self, text: str) -> list[_Hit[T]]:
        words = normalise(text).split()[:_MAX_QUERY_WORDS]
        hits: list[_Hit[T]] = []
        for start in range(len(words)):
            for length in range(min(self._max_words, len(words) - start), 0, -1):
                gram = " ".join(words[start:start + length])
                item = self._exact(gram)
                if item is not None:
                    hits.append(_Hit(item, start, length, 1.0, len(gram)))
                    break  # shorter phrases from here are inside this one and would lose to it
                fuzzy = self._fuzzy(gram)
                if fuzzy is not None:
                    hits.append(_Hit(self._keys[fuzzy[1]], start, length, fuzzy[0], len(fuzzy[1])))
        # Keep the strongest hit for each stretch of words: exact before fuzzy, then the longer phrase.
        hits.sort(key=lambda h: (-h.score, -h.chars, h.start))
        taken: set[int] = set()
        chosen = []
        for hit in hits:
            span = set(range(hit.start, hit.start + hit.length))
            if not span & taken:
                taken |= span
                chosen.append(hit)
        chosen.sort(key=lambda h: h.start)
        return chosen

    def find(self, text: str) -> T | None:
        """The entry a person means, or None. The whole text first, then the first phrase in it."""
        if not isinstance(text, str) or not text.strip():
            return None
        whole = self._exact(normalise(text))
        if whole is not None:
            return whole
        hits = self._hits(text)
        return hits[0].item if hits else None

    def find_all(self, text: str) -> list[T]:
        """Every entry named in the text, in the order they appear, each once."""
        if not isinstance(text, str):
            return []
        found: list[T] = []
        for hit in self._hits(text):
            if hit.item not in found:
                found.append(hit.item)
        return found
