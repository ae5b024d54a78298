"""Every name the insight page shows has plain words (bot/knowledge/plain_names.py): each intent in the
domain, each form and each question a form asks. Insight shows them, not the names the code uses."""
from __future__ import annotations

import yaml

from bot.config import ROOT
from bot.insight import Figure, Figures
from bot.knowledge.plain_names import OTHER_TOPIC, plain_names
from bot.web.insight import insight_html


def _domain() -> list[dict]:
    return [yaml.safe_load(path.read_text()) for path in sorted((ROOT / "domain").glob("*.yml"))]


def test_every_intent_form_and_question_has_plain_words():
    names = plain_names()
    intents = {i if isinstance(i, str) else next(iter(i)) for d in _domain() for i in d.get("intents") or []}
    assert intents | {"nlu_fallback"} <= set(names.topics)
    forms = {name: form["required_slots"] for d in _domain() for name, form in (d.get("forms") or {}).items()}
    assert set(forms) <= set(names.forms)
    assert {slot for slots in forms.values() for slot in slots} <= set(names.steps)


def test_every_file_of_responses_has_a_topic():
    files = {path.relative_to(ROOT).as_posix() for path in (ROOT / "domain").glob("*.yml")}
    assert all(plain_names().review_topic(file)[1] != OTHER_TOPIC for file in files)


class _Found:
    """Stands in for Insight: only its figures are read."""

    def __init__(self, figures: Figures):
        self._figures = figures

    def figures(self) -> Figures:
        return self._figures


def test_insight_names_topics_and_form_questions_in_plain_words():
    figures = Figures(days=(), daily={}, totals={m: Figure.of(0) for m in
                                                 ("conversations", "handoffs", "referrals", "rated_easy",
                                                  "rated_not_easy")},
                      topics=(("nlu_fallback", Figure.of(7)), ("ask_sanction", Figure.of(5))),
                      stopped_in=((("callback_form", "callback_time"), Figure.of(6)),))
    page = insight_html(_Found(figures))
    assert "Not understood" in page and "Will saying no stop my money?" in page
    assert "Asking for a call back: When to call" in page
    assert "nlu_fallback" not in page and "callback_form" not in page and "callback_time" not in page
