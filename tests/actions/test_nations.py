"""The same questions from each nation name the right body and the right programmes (issue 26, acceptance 2).

The actions run with rasa-sdk's own Tracker and CollectingDispatcher on the real domain and knowledge base;
responses with slots are filled the way Rasa fills them, so what is checked is what the person reads.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core import ActionExplainWord
from actions.money import ActionBenefitAnswer, ActionMoneyAnswer
from actions.programmes import ActionExplainProgramme, ActionHelpToWork

DOMAIN: dict = {}
for path in (Path(__file__).parents[2] / "domain").glob("*.yml"):
    for key, value in yaml.safe_load(path.read_text()).items():
        if isinstance(value, dict):
            DOMAIN.setdefault(key, {}).update(value)

PROGRAMMES = ("Connect to Work", "Access to Work", "WorkWell", "Individual Placement and Support",
              "Jobcentre Plus support", "Local Supported Employment")
# (nation, programmes that must be named, programmes that must not, words that must be said, words that must not)
HELP_TO_WORK = [
    ("england", {"Connect to Work", "Access to Work", "WorkWell"}, set(), set(), {"Department for Communities"}),
    ("wales", {"Connect to Work", "Access to Work"}, {"WorkWell", "Local Supported Employment"}, set(),
     {"Department for Communities"}),
    ("scotland", {"Access to Work"}, {"Connect to Work", "WorkWell", "Local Supported Employment"},
     {"Scotland has its own job support", "council"}, {"Department for Communities"}),
    ("northern_ireland", set(), {"Connect to Work", "WorkWell", "Local Supported Employment", "Jobcentre Plus support",
                                 "Access to Work:"},
     {"Department for Communities", "Jobs and Benefits Office", "its own Access to Work scheme"}, set()),
]
BODY = {"england": "the DWP", "wales": "the DWP", "scotland": "the DWP",
        "northern_ireland": "the Department for Communities"}


def tracker(text="", intent=None, slots=None, entities=None) -> Tracker:
    return Tracker("person", {"detail_level": "easy", **(slots or {})},
                   {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []},
                   [], False, None, {}, "action_listen")


def rendered(message: dict) -> str:
    """What the person reads: a response's variation for the slots, filled like Rasa fills it."""
    if message.get("response") in (None, "utter_answer"):
        return message.get("answer") or message.get("text") or ""
    return _variation(message["response"], message["_slots"]).format(**message)


def _variation(name: str, slots: dict) -> str:
    for variation in DOMAIN["responses"][name]:
        conditions = variation.get("condition") or []
        if all(slots.get(c["name"]) == c["value"] for c in conditions):
            return variation["text"]
    raise LookupError(name)


async def said(action, t: Tracker) -> tuple[str, list]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, DOMAIN)
    slots = {**t.slots, **{e["name"]: e["value"] for e in events if e.get("event") == "slot"}}
    return "\n".join(rendered({**m, "_slots": slots}) for m in dispatcher.messages), events


async def test_help_to_work_asks_where_the_person_lives_before_naming_any_programme():
    text, events = await said(ActionHelpToWork(), tracker("what help is there to find work", "ask_help_to_work"))
    assert "Where do you live?" in text and events == []
    assert not [name for name in PROGRAMMES if name in text]
    buttons = DOMAIN["responses"]["utter_help_to_work"][-1]["buttons"]
    assert [b["title"] for b in buttons][:4] == ["England", "Wales", "Scotland", "Northern Ireland"]


@pytest.mark.parametrize("nation, named, not_named, words, not_words", HELP_TO_WORK)
async def test_help_to_work_names_the_programmes_of_the_nation_pressed(nation, named, not_named, words, not_words):
    # the nation button sends /ask_help_to_work{"nation": ...}: the entity, not the words, says where
    text, events = await said(ActionHelpToWork(), tracker(f'/ask_help_to_work{{"nation":"{nation}"}}',
                                                          "ask_help_to_work",
                                                          entities=[{"entity": "nation", "value": nation}]))
    assert SlotSet("nation", nation) in events
    for name in named:
        assert name in text, (nation, name)
    for name in not_named:
        assert name not in text, (nation, name)
    for word in words:
        assert word in text, (nation, word)
    for word in not_words:
        assert word not in text, (nation, word)


@pytest.mark.parametrize("nation", ["england", "wales", "scotland", "northern_ireland"])
@pytest.mark.parametrize("level", ["easy", "more"])
async def test_work_on_esa_names_who_to_tell_where_the_person_lives(nation, level):
    text, _ = await said(ActionBenefitAnswer(), tracker(slots={"benefit": "esa", "nation": nation,
                                                               "detail_level": level}))
    assert f"tell {BODY[nation]} before you start" in text
    if nation != "northern_ireland":
        assert "Department for Communities" not in text


async def test_work_on_esa_names_both_bodies_when_the_nation_is_not_known():
    text, _ = await said(ActionBenefitAnswer(), tracker(slots={"benefit": "esa"}))
    assert "tell the DWP (in Northern Ireland, the Department for Communities) before you start" in text


@pytest.mark.parametrize("nation", ["england", "wales", "scotland", "northern_ireland"])
async def test_the_esa_sum_names_who_to_tell_where_the_person_lives(nation, monkeypatch):
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-12-07")
    slots = {"benefit": "esa", "hours_a_week": 10.0, "pay_amount": 12.71, "pay_period": "hour",
             "age_band": "21_plus", "nation": nation}
    text, _ = await said(ActionMoneyAnswer(), tracker(slots=slots))
    assert f"Before you start, tell {BODY[nation]}." in text


@pytest.mark.parametrize("level", ["easy", "more"])
async def test_the_pip_answer_names_adult_disability_payment_for_scotland(level):
    text, _ = await said(ActionBenefitAnswer(), tracker(slots={"benefit": "pip", "nation": "scotland",
                                                               "detail_level": level}))
    assert "In Scotland, Adult Disability Payment" in text


@pytest.mark.parametrize("word, said_", [("what is ADP", "Social Security Scotland"),
                                         ("what is the DfC", "the Department for Communities runs ESA, Universal Credit and PIP")])
async def test_the_bodies_and_benefits_of_each_nation_are_explained(word, said_):
    text, _ = await said(ActionExplainWord(), tracker(word, "ask_word_meaning", slots={"detail_level": "more"}))
    assert said_ in text


@pytest.mark.parametrize("nation, note", [("scotland", "Scotland has its own job support"),
                                          ("northern_ireland", "Department for Communities")])
async def test_a_programme_that_does_not_run_in_the_nation_says_what_does(nation, note):
    text, _ = await said(ActionExplainProgramme(), tracker("tell me about Connect to Work", "ask_programme",
                                                           slots={"nation": nation}))
    assert note in text
