"""No figure is typed by hand into a response in domain/ or into a sentence the code builds (issue 26,
acceptance 1): money, hours, weeks, months and percentages come from data/knowledge/ through a slot or an
f-string value, with their source, checked date and grade. A short written allow-list aside.
"""
from __future__ import annotations

import re

from accessibility.easy_read import domain_texts
from bot.config import ROOT
from test_terms import code_sentences

# A figure: money, a number with a unit of time or a rate, or any other number.
FIGURE = re.compile(r"£\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?(?:\s*(?:%|p\b|pence|per ?cent|hours?\b|weeks?\b|"
                    r"months?\b|years?\b|days?\b))?")
SLOT = re.compile(r"\{[^{}]*\}")  # {pw_higher} and an f-string's values are filled from data/knowledge

# Figures that are not facts about benefits or pay, each with why it may be typed.
ALLOWED = {
    "£1": "the unit the taper is counted in: 'for each £1 you earn'",
    "£0": "arithmetic: UC cannot go below nothing, and no amount is less than nothing",
    "0": "arithmetic: an answer below 0 is refused",
    "0 hours": "arithmetic: with no hours there is no pay",
    "168 hours": "the hours in a week, used to refuse an impossible answer",
    "52 weeks": "the calendar: the factor UC uses to make weekly pay monthly",
    "12 months": "the calendar",
    "26": "the calendar: fortnights in a year", "13": "the calendar: four-week periods in a year",
    "12": "the calendar: months in a year; and the example '12 hours'",
    "12 hours": "an example of how to answer, not a fact",
    "£13": "an example of how to answer, not a fact (a round number, so it is not read as the legal rate)",
    "£200": "an example of how to answer, not a fact",
    "25": "an example age", "2026": "an example tax year, '2026-27'", "27": "an example tax year, '2026-27'",
    "16": "the minimum wage age bands, which are the slot values of age_band",
    "17": "the minimum wage age bands", "18": "the minimum wage age bands", "20": "the minimum wage age bands",
    "21": "the minimum wage age bands",
    "2": "a count of things on screen: 2 programmes, 2 councils",
    "8": "the length of a referral reference",
    "07700": "an Ofcom drama phone number, as an example", "900123": "an Ofcom drama phone number",
    "900461": "an Ofcom drama phone number",
}


def figures_in(text: str) -> list[str]:
    return [m.group().strip() for m in FIGURE.finditer(SLOT.sub(" ", text))]


def test_the_check_finds_figures_and_ignores_slots():
    assert figures_in("You can earn up to £203.50 a week, under 16 hours.") == ["£203.50", "16 hours"]
    assert figures_in("It goes down by 55% for each £1.") == ["55%", "£1"]
    assert figures_in("You can earn up to {pw_higher} a week.") == []


def test_no_figure_is_typed_by_hand_in_a_response():
    found = [f"{t.where}: {f!r} in {t.text[:80]!r}" for t in domain_texts(ROOT / "domain", ROOT)
             for f in figures_in(t.text) if f not in ALLOWED]
    assert not found, "Fill these from data/knowledge/ through a slot:\n" + "\n".join(found)


def test_no_figure_is_typed_by_hand_in_a_sentence_built_in_code():
    found = [f"{s.where}: {f!r} in {s.text[:80]!r}" for s in code_sentences()
             for f in figures_in(s.text) if f not in ALLOWED]
    assert not found, "Take these from data/knowledge/rates through the rules:\n" + "\n".join(found)
