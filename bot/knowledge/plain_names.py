"""Plain words for the names the code uses (data/knowledge/plain_names.yml), for the co-design panel's pages:
a panel member reads "Working out money: Hours of work a week", never "money_form: hours_a_week".

The rule: every name has plain words. A topic's words are its title in topics.yml (the button a person
presses when the assistant is not sure), else its words in plain_names.yml; a name with neither is shown
with its underscores made spaces, and tests/unit/test_plain_names.py keeps that from happening for any
intent, form or question in the domain.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.knowledge import knowledge_path, read_yaml

OTHER_TOPIC = "Other words"


def _spaced(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


@dataclass(frozen=True)
class PlainNames:
    """The plain words for intents, forms, form questions and the review's topics (by file)."""

    topics: dict[str, str]
    forms: dict[str, str]
    steps: dict[str, str]
    review_topics: tuple[tuple[str, str], ...]  # (file, heading), in the order a conversation meets them

    def topic(self, intent: str) -> str:
        return self.topics.get(intent) or _spaced(intent)

    def form_step(self, form: str, step: str) -> str:
        """ "money_form", "hours_a_week" -> "Working out money: Hours of work a week" """
        return f"{self.forms.get(form) or _spaced(form)}: {self.steps.get(step) or _spaced(step)}"

    def review_topic(self, file: str) -> tuple[int, str]:
        """A file's place in the conversation and its heading; files not named come last."""
        for place, (named, heading) in enumerate(self.review_topics):
            if named == file:
                return place, heading
        return len(self.review_topics), OTHER_TOPIC


@lru_cache(maxsize=1)
def plain_names() -> PlainNames:
    data = read_yaml(knowledge_path("plain_names.yml"))
    guesses = read_yaml(knowledge_path("topics.yml"))
    titles = {intent: words["easy"] for part in ("guesses", "always")
              for intent, words in (guesses.get(part) or {}).items()}
    return PlainNames(topics={**data["topics"], **titles}, forms=dict(data["forms"]), steps=dict(data["steps"]),
                      review_topics=tuple((item["file"], item["name"]) for item in data["review_topics"]))
