"""Recognises what a person says about their situation: the help they want, where they live, and
whether they are in work. Words come from data/knowledge/needs.yml, and towns, cities and councils from
data/knowledge/places.yml."""
from __future__ import annotations

from functools import lru_cache

from bot.knowledge import PhraseMatcher, knowledge_path, read_yaml
from bot.understanding.yes_no import parse_yes_no


@lru_cache(maxsize=1)
def _matchers() -> dict[str, PhraseMatcher[str]]:
    data = read_yaml(knowledge_path("needs.yml"))
    return {
        kind: PhraseMatcher((phrase, tag) for tag, phrases in data[kind].items() for phrase in phrases)
        for kind in ("needs", "nations", "in_work")
    }


def need_in(text: str) -> str | None:
    """The need tag a person names, e.g. "help with my anxiety" -> "mental_health"."""
    return _matchers()["needs"].find(text)


def help_wanted_in(text: str) -> str | None:
    """A need tag, or "not_sure" when the person says they are not sure."""
    return need_in(text) or ("not_sure" if "not sure" in text.lower() else None)


# A short place name can be one slip from an everyday word ("dealing" and Ealing, "parking" and Barking),
# so only long names are matched with a slip.
PLACE_FUZZY_MIN_CHARS = 8


@lru_cache(maxsize=1)
def _places() -> PhraseMatcher[tuple[str, ...]]:
    data = read_yaml(knowledge_path("places.yml"))
    entries = [(name, (nation,)) for nation, names in data["places"].items() for name in names]
    entries += [(name, tuple(nations)) for name, nations in data["ambiguous"].items()]
    return PhraseMatcher(entries, fuzzy_min_chars=PLACE_FUZZY_MIN_CHARS)


def nations_in(text: str) -> tuple[str, ...]:
    """The nations a message names, by name or by a town, city or council in it: one for "I live in
    Glasgow", two for "Bangor" (in Wales and in Northern Ireland), none when it names no place."""
    nation = _matchers()["nations"].find(text)
    return (nation,) if nation else _places().find(text) or ()


def nation_in(text: str) -> str | None:
    """The one nation a message names; None when it names none, or a place in more than one nation."""
    found = nations_in(text)
    return found[0] if len(found) == 1 else None


def work_status_in(text: str) -> str | None:
    return _matchers()["in_work"].find(text)


def work_status_answer(text: str) -> str | None:
    """The answer to "Are you in work at the moment?": the person's words, or a plain yes or no."""
    return work_status_in(text) or {"yes": "in_work", "no": "out_of_work"}.get(parse_yes_no(text))
