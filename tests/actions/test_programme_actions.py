"""Programme actions with rasa-sdk's own Tracker and CollectingDispatcher, on the real knowledge base."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core import ActionRepeatLastAnswer
from actions.programmes import (ActionAnswerAboutProgramme, ActionComparePrograms, ActionExplainProgramme,
                                ActionHelpToWork, ActionSuggestForNeed, ActionSuggestProgrammes, ValidateSuitForm,
                                suggestions_text)
from bot.knowledge.programmes import IN_WORK, NATIONS, NEEDS, load_programmes

DOMAIN = {}
for path in (Path(__file__).parents[2] / "domain").glob("*.yml"):
    for key, value in yaml.safe_load(path.read_text()).items():
        if isinstance(value, dict):
            DOMAIN.setdefault(key, {}).update(value)
CATALOGUE = load_programmes()


def tracker(text="", intent=None, slots=None, entities=None, events=None) -> Tracker:
    return Tracker("person", {"detail_level": "easy", **(slots or {})},
                   {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []},
                   events or [], False, None, {}, "action_listen")


async def run(action, t):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, DOMAIN)
    return dispatcher.messages, events


def said(messages) -> str:
    return "\n".join(m.get("answer") or m.get("text") or "" for m in messages)


async def test_explains_a_programme_typed_with_a_typo():
    messages, events = await run(ActionExplainProgramme(), tracker("tell me about acess to work", "ask_programme"))
    access = CATALOGUE.get("access_to_work")
    assert messages[0]["response"] == "utter_answer"
    assert access.summary.easy in messages[0]["answer"]
    assert messages[-1]["response"] == "utter_programme_next"
    assert SlotSet("programme", "access_to_work") in events


async def test_a_button_entity_names_the_programme():
    entities = [{"entity": "programme_name", "value": "WorkWell"}]
    messages, _ = await run(ActionExplainProgramme(), tracker('/ask_programme{"programme_name":"WorkWell"}',
                                                              "ask_programme", entities=entities))
    assert CATALOGUE.get("workwell").summary.easy in messages[0]["answer"]


async def test_a_closed_programme_is_said_to_be_closed_and_open_ones_named_instead():
    closed = CATALOGUE.get("work_and_health_programme")
    messages, _ = await run(ActionExplainProgramme(), tracker("is the Work and Health Programme still running",
                                                              "ask_programme"))
    assert closed.closed_note.easy in messages[0]["answer"]
    assert closed.summary.easy not in said(messages)
    for other in CATALOGUE.instead_of(closed):
        assert other.is_open and other.name in messages[0]["answer"]


async def test_scotland_is_told_the_programme_differs_there():
    messages, _ = await run(ActionExplainProgramme(), tracker("what is Connect to Work", "ask_programme",
                                                              slots={"nation": "scotland"}))
    assert CATALOGUE.nation_note("scotland") in messages[0]["answer"]


async def test_unknown_programme_asks_which():
    messages, _ = await run(ActionExplainProgramme(), tracker("tell me about a programme", "ask_programme"))
    assert messages[0]["response"] == "utter_which_programme"


async def test_tell_me_more_after_a_programme_gives_the_fuller_text():
    t = tracker("what is WorkWell", "ask_programme")
    _, events = await run(ActionExplainProgramme(), t)
    kept = next(e["value"] for e in events if e["name"] == "last_answer")
    more = tracker("tell me more", "tell_me_more", slots={"detail_level": "more", "last_answer": kept},
                   events=[{"event": "bot", "metadata": {"utter_action": "utter_answer"}},
                           {"event": "bot", "metadata": {"utter_action": "utter_programme_next"}}])
    messages, _ = await run(ActionRepeatLastAnswer(), more)
    assert messages[0]["answer"] == kept["more"]
    assert CATALOGUE.get("workwell").summary.more in messages[0]["answer"]


@pytest.mark.parametrize("intent, field", [("ask_is_voluntary", "voluntary_note"),
                                           ("ask_joining_affects_benefits", "affects_benefits")])
async def test_follow_up_questions_use_the_programme_talked_about(intent, field):
    messages, _ = await run(ActionAnswerAboutProgramme(), tracker("do I have to", intent,
                                                                  slots={"programme": "connect_to_work"}))
    assert getattr(CATALOGUE.get("connect_to_work"), field).easy in messages[0]["answer"]


@pytest.mark.parametrize("intent, response", [("ask_is_voluntary", "utter_voluntary"),
                                              ("ask_joining_affects_benefits", "utter_joining_benefits_general")])
async def test_follow_up_questions_without_a_programme_get_the_general_answer(intent, response):
    messages, _ = await run(ActionAnswerAboutProgramme(), tracker("is it compulsory", intent))
    assert messages[0]["response"] == response


async def test_compare_two_named_programmes():
    messages, _ = await run(ActionComparePrograms(), tracker(
        "what is the difference between Connect to Work and WorkWell", "ask_difference"))
    text = said(messages)
    assert "Connect to Work: " + CATALOGUE.get("connect_to_work").summary.easy in text
    assert "WorkWell: " + CATALOGUE.get("workwell").summary.easy in text


async def test_compare_with_the_programme_talked_about_before():
    messages, _ = await run(ActionComparePrograms(), tracker("how is it different from WorkWell", "ask_difference",
                                                             slots={"programme": "ips"}))
    assert "WorkWell: " in said(messages) and CATALOGUE.get("ips").name + ": " in said(messages)


async def test_compare_with_one_name_asks_for_two():
    messages, _ = await run(ActionComparePrograms(), tracker("compare WorkWell", "ask_difference"))
    assert messages[0]["response"] == "utter_which_two"


async def test_help_with_anxiety_suggests_programmes_that_help_with_mental_health():
    messages, events = await run(ActionSuggestForNeed(), tracker("I want help with my anxiety at work",
                                                                 "ask_help_with_need"))
    assert SlotSet("help_wanted", "mental_health") in events
    suggested = [p for p in CATALOGUE.open() if p.name + ":" in said(messages)]
    assert suggested and all("mental_health" in p.needs for p in suggested)


def test_closed_programmes_are_never_suggested_for_any_answers():
    closed_names = [p.name for p in CATALOGUE.closed()]
    for need, status, nation in itertools.product((None, *NEEDS), (None, *IN_WORK), (None, *NATIONS)):
        lines, _ = suggestions_text(need, status, nation)
        assert not any(line.startswith(name + ":") for line in lines for name in closed_names)


async def test_northern_ireland_gets_its_note_not_england_only_programmes():
    messages, _ = await run(ActionSuggestProgrammes(), tracker(slots={
        "work_status": "out_of_work", "help_wanted": "finding_a_job", "nation": "northern_ireland"}))
    assert CATALOGUE.nation_note("northern_ireland") in said(messages)
    assert "Connect to Work:" not in said(messages)


@pytest.mark.parametrize("slot, text, value", [
    ("work_status", "I have a job", "in_work"), ("work_status", "I am off sick", "at_risk"),
    ("help_wanted", "help with my CV", "cv"), ("help_wanted", "I'm not sure", "not_sure"),
    ("nation", "I live in Cardiff", "wales"),
])
async def test_suit_form_understands_typed_answers(slot, text, value):
    dispatcher = CollectingDispatcher()
    extract = getattr(ValidateSuitForm(), f"extract_{slot}")
    assert await extract(dispatcher, tracker(text, "inform", slots={"requested_slot": slot}), DOMAIN) == {slot: value}


async def test_what_the_first_message_already_says_is_not_asked_again():
    starting = tracker("which programme is right for me, im out of work and live in cardiff", "what_might_suit_me")
    form = ValidateSuitForm()
    dispatcher = CollectingDispatcher()
    assert await form.extract_work_status(dispatcher, starting, DOMAIN) == {"work_status": "out_of_work"}
    assert await form.extract_nation(dispatcher, starting, DOMAIN) == {"nation": "wales"}
    assert await form.extract_help_wanted(dispatcher, starting, DOMAIN) == {}
    no_is_no_answer = tracker("no idea, what might suit me", "what_might_suit_me")
    assert await form.extract_work_status(dispatcher, no_is_no_answer, DOMAIN) == {}
    assert dispatcher.messages == []


async def test_a_place_in_two_nations_is_asked_about_not_guessed():
    dispatcher = CollectingDispatcher()
    asked = tracker("Bangor", "inform", slots={"requested_slot": "nation"})
    assert await ValidateSuitForm().extract_nation(dispatcher, asked, DOMAIN) == {"nation": None}
    assert dispatcher.messages[0]["response"] == "utter_place_in_two_nations"


@pytest.mark.parametrize("text, nation", [("i live in glasgow, what help is there for me", "scotland"),
                                          ("what help is there to find work", None)])
async def test_help_to_work_for_where_the_person_lives(text, nation):
    dispatcher = CollectingDispatcher()
    events = await ActionHelpToWork().run(dispatcher, tracker(text, "ask_help_to_work"), DOMAIN)
    if nation is None:
        assert [m["response"] for m in dispatcher.messages] == ["utter_help_to_work"] and events == []
        return
    assert SlotSet("nation", nation) in events
    said = " ".join(m.get("answer") or "" for m in dispatcher.messages)
    for suggestion in CATALOGUE.suggest(nation=nation)[:3]:
        assert suggestion.programme.name in said


async def test_suit_form_says_plainly_when_it_does_not_understand():
    dispatcher = CollectingDispatcher()
    result = await ValidateSuitForm().extract_nation(dispatcher, tracker("purple", "nlu_fallback",
                                                                         slots={"requested_slot": "nation"}), DOMAIN)
    assert result == {"nation": None}
    assert dispatcher.messages[0]["response"] == "utter_situation_not_understood"


@pytest.mark.parametrize("work_status, need, offered", [
    ("in_work", "adjustments_at_work", True),
    ("at_risk", "staying_in_work", True),
    ("in_work", "cv", False),
    ("out_of_work", "mental_health", False),
])
async def test_someone_struggling_at_work_is_offered_an_employment_specialist(work_status, need, offered):
    messages, _ = await run(ActionSuggestProgrammes(), tracker(slots={
        "work_status": work_status, "help_wanted": need, "nation": "england"}))
    responses = [m.get("response") for m in messages]
    assert ("utter_offer_employment_specialist" in responses) is offered
    assert responses[-1] == "utter_suggestions_next"  # with its "Talk to a person" button
