"""Answers to questions people ask about work and benefits (data/knowledge/answers.yml).

Rule: each answer has an Easy Read and a fuller text, says what is offered after it (a benefits adviser
when the answer depends on the person's own money, else a person to talk it through with), and carries its
source, checked date and grade (FACTS.md: P, S or I). A figure one answer alone uses sits beside it with its
own source and grade; the text names it in braces and never types it.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from bot.knowledge import Text, as_date, knowledge_path, read_yaml

GRADES = ("P", "S", "I")
THEN = ("benefits_adviser", "talk_it_through")
FIGURE_UNITS = ("weeks",)


@dataclass(frozen=True)
class AnswerFigure:
    """A figure used by one answer, said as "<value> <unit>" ("12 weeks")."""

    value: Decimal
    unit: str
    source: str
    checked: _dt.date
    confidence: str

    @property
    def confirmed(self) -> bool:
        return self.confidence != "I"


@dataclass(frozen=True)
class Answer:
    """One question's answer, before its names and figures are filled in."""

    id: str
    intent: str
    then: str
    text: Text
    figures: Mapping[str, AnswerFigure]
    source: str
    checked: _dt.date
    confidence: str


@dataclass(frozen=True)
class Answers:
    checked: _dt.date
    by_intent: Mapping[str, Answer]

    def for_intent(self, intent: str | None) -> Answer | None:
        return self.by_intent.get(intent or "")


def _grade(value: Any, where: str) -> str:
    if value not in GRADES:
        raise ValueError(f"{where}: confidence must be one of {GRADES}, not {value!r}")
    return value


def _source(node: Mapping[str, Any], where: str) -> str:
    source = node.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ValueError(f"{where}: needs a source")
    return source.strip()


def _figure(name: str, node: Any, where: str) -> AnswerFigure:
    where = f"{where}.figures.{name}"
    if not isinstance(node, Mapping):
        raise ValueError(f"{where}: must be a mapping")
    if node.get("unit") not in FIGURE_UNITS:
        raise ValueError(f"{where}: unit must be one of {FIGURE_UNITS}")
    try:
        value = Decimal(str(node.get("value")))
    except InvalidOperation:
        raise ValueError(f"{where}: value must be a number in quotes") from None
    return AnswerFigure(value=value, unit=node["unit"], source=_source(node, where),
                        checked=as_date(node.get("checked"), where), confidence=_grade(node.get("confidence"), where))


def _answer(answer_id: str, node: Any) -> Answer:
    where = f"answers.yml: {answer_id}"
    if not isinstance(node, Mapping):
        raise ValueError(f"{where}: must be a mapping")
    if node.get("then") not in THEN:
        raise ValueError(f"{where}: then must be one of {THEN}")
    if not isinstance(node.get("intent"), str):
        raise ValueError(f"{where}: needs the intent that asks it")
    figures = {name: _figure(name, item, where) for name, item in (node.get("figures") or {}).items()}
    return Answer(id=answer_id, intent=node["intent"], then=node["then"],
                  text=Text.from_yaml(node, where, need_more=True), figures=figures, source=_source(node, where),
                  checked=as_date(node.get("checked"), where), confidence=_grade(node.get("confidence"), where))


def parse_answers(data: Any) -> Answers:
    if not isinstance(data, Mapping) or not isinstance(data.get("answers"), Mapping):
        raise ValueError("answers.yml: needs an 'answers' mapping")
    answers = [_answer(answer_id, node) for answer_id, node in data["answers"].items()]
    by_intent = {a.intent: a for a in answers}
    if len(by_intent) != len(answers):
        raise ValueError("answers.yml: two answers have the same intent")
    return Answers(checked=as_date(data.get("checked"), "answers.yml"), by_intent=by_intent)


@lru_cache(maxsize=4)
def load_answers(path: str | Path | None = None) -> Answers:
    return parse_answers(read_yaml(path or knowledge_path("answers.yml")))
