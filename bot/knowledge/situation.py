"""Recognises what a person says about their situation: the help they want, where they live, and
whether they are in work. Words come from data/knowledge/needs.yml."""
from __future__ import annotations

from functools import lru_cache

from bot.knowledge import PhraseMatcher, knowledge_path, read_yaml


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


def nation_in(text: str) -> str | None:
    return _matchers()["nations"].find(text)


def work_status_in(text: str) -> str | None:
    return _matchers()["in_work"].find(text)
