"""Everything the assistant can say, as the co-design panel reads it: one Response for each thing it says,
with its Easy Read words and its more detailed words side by side, under a topic in plain words, in the
order a conversation meets them, with a question a person asks that leads to it where the training data
shows one.

The rules:
- a response is the texts of the catalogue (bot/feedback/content.py) that share a name: every variation of
  "utter_greet" in domain/core.yml with its buttons, or "programmes[4].summary" in a knowledge file with its
  "easy" and "more" words;
- its topic is its file's heading in data/knowledge/plain_names.yml, so responses come in the order of that
  list, then in their file's own order;
- its question is the first training example of an intent that a rule or story answers with it straight
  away (data/rules, data/stories, data/nlu).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from accessibility.easy_read import Text
from bot.config import ROOT
from bot.feedback.content import catalogue
from bot.knowledge.plain_names import plain_names

_VARIATION = re.compile(r"\[\d+\](?:\.buttons\[\d+\])? \[(?:easy|more)\]$")  # domain: "utter_x[1].buttons[0] [easy]"
_LEVEL = re.compile(r"\.(?:easy|more)(?:\[\d+\])?$")  # knowledge: "terms[3].easy", "steps.more[2]"
_BUTTON = re.compile(r"\.buttons\[\d+\] \[easy\]$")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s")


def content_key(content_id: str) -> str:
    """A short, stable address for one text, and for the response whose first text it is."""
    return hashlib.sha256(content_id.encode()).hexdigest()[:12]


def is_button(text: Text) -> bool:
    return bool(_BUTTON.search(text.where))


def _name(where: str) -> str:
    """ "domain/core.yml: utter_greet[1] [easy]" -> "domain/core.yml: utter_greet" """
    return _LEVEL.sub("", _VARIATION.sub("", where))


@dataclass(frozen=True)
class Response:
    """One thing the assistant can say. `easy` and `more` hold its texts at each level, buttons among them
    (is_button); either may be empty. `key` is its address: that of its main text, the first Easy Read
    words that are not a button (else the first words), which ratings and suggestions from the panel name."""

    key: str
    name: str  # internal: never shown to the panel
    topic: str
    place: int  # its topic's place in a conversation
    question: str  # "" when none is known
    easy: tuple[Text, ...]
    more: tuple[Text, ...]

    @property
    def texts(self) -> tuple[Text, ...]:
        return self.easy + self.more

    @property
    def main(self) -> Text:
        return next((t for t in self.easy + self.more if not is_button(t)), self.texts[0])

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(text.where for text in self.texts)

    @property
    def title(self) -> str:
        """Its first sentence, in its own words: how the panel finds and names it."""
        words = self.main.text
        sentences, first = _SENTENCE_END.split(" ".join(words.split())), ""
        for sentence in sentences:  # whole sentences, until there are a few words ("Hello." is not enough)
            first = f"{first} {sentence}".strip()
            if len(first.split()) >= 5:
                break
        return first if len(first) <= 90 else first[:87].rsplit(" ", 1)[0] + "..."

    def matches(self, search: str) -> bool:
        """Every word searched for is in its words (any case)."""
        words = " ".join(t.text for t in self.texts).lower()
        return all(word in words for word in search.lower().split())


def _steps(folder: str, key: str) -> list[list[dict]]:
    found = []
    for file in sorted((ROOT / "data" / folder).glob("*.yml")):
        found += [item.get("steps") or [] for item in (yaml.safe_load(file.read_text()) or {}).get(key) or []]
    return found


@lru_cache(maxsize=1)
def _questions() -> dict[str, str]:
    """Response name (utter_x) -> a person's words that lead to it."""
    examples: dict[str, str] = {}
    for file in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for item in (yaml.safe_load(file.read_text()) or {}).get("nlu") or []:
            lines = [line[2:].strip() for line in str(item.get("examples", "")).splitlines() if line.startswith("- ")]
            if "intent" in item and lines and item["intent"] not in examples:
                examples[item["intent"]] = re.sub(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}", r"\1\2", lines[0])
    leads: dict[str, str] = {}
    for steps in _steps("rules", "rules") + _steps("stories", "stories"):
        for before, after in zip(steps, steps[1:]):
            intent, action = before.get("intent"), after.get("action")
            if intent in examples and isinstance(action, str) and action.startswith("utter_"):
                leads.setdefault(action, examples[intent])
    return leads


@lru_cache(maxsize=1)
def responses() -> tuple[Response, ...]:
    """Every response, in the order a conversation meets their topics."""
    grouped: dict[str, list[Text]] = {}
    for text in catalogue():
        grouped.setdefault(_name(text.where), []).append(text)
    names, questions = plain_names(), _questions()
    found = []
    for order, (name, texts) in enumerate(grouped.items()):
        place, topic = names.review_topic(name.split(": ", 1)[0])
        easy, more = tuple(t for t in texts if t.level == "easy"), tuple(t for t in texts if t.level == "more")
        main = next((t for t in easy + more if not is_button(t)), texts[0])
        found.append((place, order, Response(
            content_key(main.where), name, topic, place, questions.get(name.split(": ", 1)[-1], ""),
            easy, more)))
    return tuple(response for _, _, response in sorted(found, key=lambda item: item[:2]))


@lru_cache(maxsize=1)
def by_key() -> dict[str, Response]:
    """Each response by its key, and by the key of each of its texts, so an older link to one text still
    finds the response."""
    found = {content_key(text.where): response for response in responses() for text in response.texts}
    return found | {response.key: response for response in responses()}
