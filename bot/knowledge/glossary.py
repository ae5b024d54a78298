"""The glossary (data/knowledge/glossary.yml): what short forms and hard words mean, in plain words.

    glossary = load_glossary()
    term = glossary.lookup("what does LCWRA mean?")   # -> Term(term="LCWRA", ...)
    term.easy                                         # Easy Read explanation
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from bot.knowledge import PhraseMatcher, Text, as_date, knowledge_path, read_yaml

__all__ = ["ACRONYM", "DEFAULT_PATH", "Glossary", "Term", "acronyms_in", "is_acronym", "load_glossary"]

DEFAULT_PATH = knowledge_path("glossary.yml")

# A run of capitals and digits with at least 2 capitals: ESA, LCWRA, PW1. A plural "s" is not part of it.
ACRONYM = re.compile(r"(?<![\w{])([A-Z0-9]*[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*)(?=s?\b)(?!\w*})")


def is_acronym(word: str) -> bool:
    """True for ESA, PW1, DDPO; false for "Access to Work", "I" or "2026"."""
    return bool(re.fullmatch(r"[A-Z0-9]*[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*", word))


def acronyms_in(text: str) -> set[str]:
    """Acronyms used in a text: "Ask your GP about ESA or GPs' PW1 forms" -> {"GP", "ESA", "PW1"}."""
    return {m.group(1) for m in ACRONYM.finditer(text)}


@dataclass(frozen=True)
class Term:
    term: str  # as people see it: "ESA", "work allowance"
    means: str  # the full name
    aliases: tuple[str, ...]
    easy: str  # Easy Read explanation
    more: str  # a fuller explanation
    source: str
    checked: dt.date

    @property
    def is_acronym(self) -> bool:
        return is_acronym(self.term)


class Glossary:
    """All glossary terms, with look-up by term or alias (case-insensitive, typo-tolerant)."""

    def __init__(self, terms: tuple[Term, ...], checked: dt.date | None = None):
        self.terms = terms
        self.checked = checked
        self._matcher: PhraseMatcher[Term] = PhraseMatcher(
            (name, t) for t in terms for name in (t.term, *t.aliases)
        )
        self._by_term = {t.term.lower(): t for t in terms}

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def get(self, term: str) -> Term | None:
        """The entry whose term is exactly this (any case), without guessing."""
        return self._by_term.get(term.strip().lower()) if isinstance(term, str) else None

    def lookup(self, text: str) -> Term | None:
        """The term someone asks about: "ESA", "e.s.a", "what does LCWRA mean?", "permited work"."""
        return self._matcher.find(text)

    def lookup_all(self, text: str) -> list[Term]:
        """Every term named in a text, in order: "is PIP means-tested?" -> [PIP, means-tested]."""
        return self._matcher.find_all(text)

    def acronyms(self) -> set[str]:
        """Terms that are acronyms: {"ESA", "UC", "PIP", ...}."""
        return {t.term for t in self.terms if t.is_acronym}


def _term_from_yaml(node: Any, index: int, path: Path) -> Term:
    where = f"{path.name}: terms[{index}]"
    if not isinstance(node, dict):
        raise ValueError(f"{where}: each term must be a mapping")
    name = node.get("term")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{where}: needs a 'term'")
    where = f"{path.name}: term {name!r}"
    for field in ("means", "source"):
        if not isinstance(node.get(field), str) or not node[field].strip():
            raise ValueError(f"{where}: needs '{field}'")
    aliases = node.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValueError(f"{where}: 'aliases' must be a list of text")
    text = Text.from_yaml(node, where, need_more=True)
    return Term(
        term=name.strip(),
        means=node["means"].strip(),
        aliases=tuple(a.strip() for a in aliases),
        easy=text.easy,
        more=text.more or "",
        source=node["source"].strip(),
        checked=as_date(node.get("checked"), where),
    )


def _parse(data: Any, path: Path) -> Glossary:
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise ValueError(f"{path}: expected a mapping with a 'terms' list")
    terms = tuple(_term_from_yaml(node, i, path) for i, node in enumerate(data["terms"]))
    seen: set[str] = set()
    for term in terms:
        if term.term.lower() in seen:
            raise ValueError(f"{path.name}: the term {term.term!r} appears twice")
        seen.add(term.term.lower())
    checked = as_date(data["checked"], path.name) if "checked" in data else None
    return Glossary(terms, checked)


@lru_cache(maxsize=8)
def _load(path: str, _mtime_ns: int) -> Glossary:
    return _parse(read_yaml(path), Path(path))


def load_glossary(path: str | Path | None = None) -> Glossary:
    """Load glossary.yml (default: data/knowledge/glossary.yml of this repository).

    The result is cached until the file changes, so calling this on every turn is cheap.
    Raises ValueError if an entry is missing a field or a name is used twice.
    """
    resolved = Path(path or DEFAULT_PATH).resolve()
    return _load(str(resolved), resolved.stat().st_mtime_ns)
