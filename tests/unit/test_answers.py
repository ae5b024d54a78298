"""The answers to questions about work and benefits (data/knowledge/answers.yml, bot/rules/answers.py):
sourced and graded, each asked by an intent with a rule, filled for every nation with no figure typed by
hand, in Easy Read, and the first Work Capability Assessment rule taken from bot/rules/first_wca.py."""
from __future__ import annotations

import copy

import pytest
import yaml

from accessibility.easy_read import check_text, known_acronyms_from_glossary
from bot.config import ROOT
from bot.knowledge import knowledge_path, read_yaml
from bot.knowledge.answers import load_answers, parse_answers
from bot.rules import first_wca_warning, first_wca_warning_more, load_rates, quoted_figures
from bot.rules.answers import filled_answer
from test_no_hand_typed_figures import ALLOWED, figures_in

ANSWERS = load_answers()
NATIONS = ("england", "wales", "scotland", "northern_ireland", None)
RATES = load_rates("2026-27")


def raw() -> dict:
    return read_yaml(knowledge_path("answers.yml"))


def test_every_answer_is_sourced_dated_and_graded():
    assert ANSWERS.by_intent
    for answer in ANSWERS.by_intent.values():
        assert answer.source and answer.confidence in ("P", "S", "I") and answer.checked >= ANSWERS.checked
        for figure in answer.figures.values():
            assert figure.source and figure.confidence in ("P", "S", "I")


def test_every_answer_has_its_intent_in_the_domain_and_a_rule():
    domain = yaml.safe_load((ROOT / "domain" / "answers.yml").read_text())
    rules = yaml.safe_load((ROOT / "data" / "rules" / "answers.yml").read_text())["rules"]
    ruled = {r["steps"][0]["intent"] for r in rules if r["steps"][1] == {"action": "action_answer_question"}}
    assert set(ANSWERS.by_intent) == set(domain["intents"]) == ruled


def test_no_figure_is_typed_by_hand_in_an_answer():
    for answer in ANSWERS.by_intent.values():
        for text in (answer.text.easy, answer.text.more):
            assert [f for f in figures_in(text) if f not in ALLOWED] == [], answer.id


@pytest.mark.parametrize("nation", NATIONS)
def test_every_answer_filled_for_every_nation_is_easy_read(nation):
    known = known_acronyms_from_glossary(ROOT / "data" / "knowledge" / "glossary.yml")
    for answer in ANSWERS.by_intent.values():
        filled = filled_answer(answer, RATES, nation)
        for level, text in (("easy", filled.easy), ("more", filled.more)):
            assert "{" not in text and "}" not in text
            assert check_text(text, level=level, where=answer.id, known_acronyms=known) == []


@pytest.mark.parametrize("nation, body, benefit", [
    ("england", "the DWP", "PIP"), ("wales", "the DWP", "PIP"),
    ("scotland", "the DWP", "Adult Disability Payment"),
    ("northern_ireland", "the Department for Communities", "PIP"),
])
def test_answers_name_the_body_and_disability_benefit_of_the_nation(nation, body, benefit):
    back = filled_answer(ANSWERS.for_intent("ask_back_to_benefit"), RATES, nation)
    assert f"Tell {body} when your job ends." in back.easy
    assert f"does not change your {benefit}." in back.easy
    if nation != "northern_ireland":
        assert "Department for Communities" not in back.easy + back.more


def test_an_unknown_nation_names_both_bodies():
    back = filled_answer(ANSWERS.for_intent("ask_back_to_benefit"), RATES, None)
    assert "the DWP (in Northern Ireland, the Department for Communities)" in back.easy


def test_going_back_gives_the_esa_linking_weeks_from_the_file():
    back = filled_answer(ANSWERS.for_intent("ask_back_to_benefit"), RATES)
    assert "If the job ends within 12 weeks, you can claim ESA again." in back.easy
    assert back.then == "benefits_adviser" and not back.expected
    data = copy.deepcopy(raw())
    data["answers"]["back_to_benefit"]["figures"]["esa_linking_weeks"].update(value="13", confidence="I")
    changed = filled_answer(parse_answers(data).for_intent("ask_back_to_benefit"), RATES)
    assert "within 13 weeks" in changed.easy and changed.expected  # an inferred figure is said as expected


def test_waiting_for_an_assessment_gives_the_first_wca_rule_and_permitted_work():
    filled = filled_answer(ANSWERS.for_intent("ask_work_waiting_for_wca"), RATES, "england")
    shown, inferred = quoted_figures(RATES)
    assert "\n".join(first_wca_warning(RATES)) in filled.easy  # the rule's own words, not a copy
    assert "\n".join(first_wca_warning_more(RATES)) in filled.more
    assert f"up to {shown['pw_higher']} a week" in filled.easy and f"Under {shown['pw_hours']} hours" in filled.easy
    assert filled.expected == inferred and filled.then == "benefits_adviser"


def test_telling_an_employer_offers_a_person_and_states_no_rule_it_has_no_source_for():
    filled = filled_answer(ANSWERS.for_intent("ask_tell_employer"), RATES)
    assert filled.then == "talk_it_through"
    assert "you must" not in filled.easy.lower() and "reasonable adjustments" in filled.easy


def test_money_answers_send_to_a_benefits_adviser():
    for intent in ("ask_self_employed", "ask_other_benefits_in_work"):
        filled = filled_answer(ANSWERS.for_intent(intent), RATES)
        assert filled.then == "benefits_adviser" and "benefits adviser" in filled.easy


@pytest.mark.parametrize("broken, message", [
    (lambda a: a.pop("source"), "needs a source"),
    (lambda a: a.update(confidence="X"), "confidence"),
    (lambda a: a.update(then="nothing"), "then"),
    (lambda a: a["figures"]["esa_linking_weeks"].update(unit="fortnights"), "unit"),
    (lambda a: a["figures"]["esa_linking_weeks"].update(value="twelve"), "value"),
])
def test_a_broken_entry_is_refused(broken, message):
    data = copy.deepcopy(raw())
    broken(data["answers"]["back_to_benefit"])
    with pytest.raises(ValueError, match=message):
        parse_answers(data)


def test_a_name_that_nothing_fills_is_an_error():
    data = copy.deepcopy(raw())
    data["answers"]["self_employed"]["easy"] = "You can earn {made_up_figure} a week."
    with pytest.raises(KeyError):
        filled_answer(parse_answers(data).for_intent("ask_self_employed"), RATES)
