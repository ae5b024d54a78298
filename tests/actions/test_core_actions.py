"""The core actions, run with rasa-sdk's own Tracker and CollectingDispatcher against the real domain."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core import (ActionBestGuesses, ActionContactPartner, ActionExplainWord, ActionRepeatLastAnswer,
                          ActionStartAgain, ValidateWhichBenefitForm)

DOMAIN = yaml.safe_load((Path(__file__).parents[2] / "domain" / "core.yml").read_text())


def tracker(text="", intent=None, slots=None, events=None, metadata=None) -> Tracker:
    return Tracker(
        sender_id="test-person",
        slots={"detail_level": "easy", **(slots or {})},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0},
                        "entities": [], "metadata": metadata or {}},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(action, t: Tracker) -> tuple[list, list]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, DOMAIN)
    return dispatcher.messages, events


async def test_start_again_forgets_answers_but_keeps_the_detail_level():
    messages, events = await run(ActionStartAgain(), tracker(slots={"detail_level": "more", "benefit": "esa"}))
    assert messages == []
    assert events == [AllSlotsReset(), SlotSet("detail_level", "more")]


async def test_support_near_me_gives_the_partners_contact_details_and_an_unknown_partner_falls_back():
    messages, _ = await run(ActionContactPartner(), tracker("near me", "ask_support_near_me",
                                                            metadata={"partner": "no-such-partner"}))
    assert [m["response"] for m in messages] == ["utter_support_near_me", "utter_partner_contact",
                                                      "utter_support_near_me_choices"]
    assert messages[1]["partner_name"] == "the Demo Partner team"
    assert messages[1]["partner_phone"] == "020 7946 0000"
    assert messages[1]["partner_email"] == "help@example.org"


@pytest.mark.parametrize("level", ["easy", "more"])
async def test_word_meaning_at_the_chosen_level(level):
    messages, _ = await run(ActionExplainWord(), tracker("what does ESA mean", "ask_word_meaning",
                                                         slots={"detail_level": level}))
    assert messages[0]["response"] == "utter_word_meaning"
    from bot.knowledge.glossary import load_glossary
    term = load_glossary().lookup("ESA")
    assert messages[0]["explanation"] == (term.more if level == "more" else term.easy)


async def test_unknown_word_offers_a_person():
    messages, _ = await run(ActionExplainWord(), tracker("what does flibbertigibbet mean", "ask_word_meaning"))
    assert messages[0]["response"] == "utter_word_not_known"


def bot_said(response_name: str) -> dict:
    return {"event": "bot", "text": "...", "metadata": {"utter_action": response_name}}


async def test_tell_me_more_repeats_the_last_answer_that_has_a_fuller_version():
    events = [bot_said("utter_help_to_work"), bot_said("utter_anything_else")]
    messages, _ = await run(ActionRepeatLastAnswer(), tracker("tell me more", "tell_me_more",
                                                              slots={"detail_level": "more"}, events=events))
    assert messages[0]["response"] == "utter_help_to_work"


async def test_tell_me_more_with_nothing_to_expand_says_so():
    messages, _ = await run(ActionRepeatLastAnswer(), tracker("tell me more", "tell_me_more",
                                                              slots={"detail_level": "more"},
                                                              events=[bot_said("utter_goodbye")]))
    assert messages[0]["response"] == "utter_no_more_detail"


async def test_easy_read_with_nothing_to_repeat_confirms_the_switch():
    messages, _ = await run(ActionRepeatLastAnswer(), tracker("keep it simple", "easy_read"))
    assert messages[0]["response"] == "utter_easy_read_again"


def form_tracker(text, intent, benefit=None) -> Tracker:
    return tracker(text, intent, slots={"requested_slot": "benefit", "benefit": benefit})


@pytest.mark.parametrize("text, expected", [
    ("I get universal credit", "uc"), ("unversal credit", "uc"), ("esa", "esa"),
    ("ESA and PIP", "more_than_one"), ("no idea", "not_sure"),
])
async def test_benefit_typed_in_own_words_is_understood(text, expected):
    dispatcher = CollectingDispatcher()
    result = await ValidateWhichBenefitForm().extract_benefit(dispatcher, form_tracker(text, "inform"), DOMAIN)
    assert result == {"benefit": expected}
    assert dispatcher.messages == []


@pytest.mark.parametrize("text, expected", [("how many hours can i work on esa", {"benefit": "esa"}),
                                            ("will working affect my benefits", {})])
async def test_a_question_that_names_the_benefit_is_answered_without_asking_which(text, expected):
    dispatcher = CollectingDispatcher()
    starting = tracker(text, "ask_work_and_benefits")  # the form is not active yet, and has asked nothing
    assert await ValidateWhichBenefitForm().extract_benefit(dispatcher, starting, DOMAIN) == expected
    assert dispatcher.messages == []


async def test_benefit_not_understood_asks_again_plainly():
    dispatcher = CollectingDispatcher()
    result = await ValidateWhichBenefitForm().extract_benefit(dispatcher, form_tracker("purple", "nlu_fallback"), DOMAIN)
    assert result == {"benefit": None}
    assert dispatcher.messages[0]["response"] == "utter_benefit_not_understood"


@pytest.mark.parametrize("intent", ["start_again", "talk_to_person", "ask_word_meaning"])
async def test_the_benefit_question_steps_aside_for_start_again_and_friends(intent):
    dispatcher = CollectingDispatcher()
    result = await ValidateWhichBenefitForm().extract_benefit(dispatcher, form_tracker("x", intent), DOMAIN)
    assert result == {} and dispatcher.messages == []


async def test_not_understood_offers_the_likeliest_topics_then_something_else_and_a_person():
    t = tracker("the esa thing with hours", "nlu_fallback")
    t.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.6}, {"name": "ask_work_and_benefits", "confidence": 0.4},
        {"name": "greet", "confidence": 0.2}, {"name": "work_out_sum", "confidence": 0.2},
        {"name": "crisis", "confidence": 0.1}, {"name": "ask_programme", "confidence": 0.05},
        {"name": "refer_me", "confidence": 0.04}, {"name": "ask_sanction", "confidence": 0.001}]
    [message], _ = await run(ActionBestGuesses(), t)
    assert message["response"] == "utter_best_guesses"
    assert [b["payload"] for b in message["buttons"]] == [
        "/ask_work_and_benefits", "/work_out_sum", "/ask_programme", "/something_else", "/talk_to_person"]
    assert message["buttons"][0]["title"] == "Work and my benefits"


async def test_with_no_likely_topic_it_asks_to_say_it_another_way():
    t = tracker("purple elephant dances", "nlu_fallback")
    t.latest_message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.6},
                                          {"name": "greet", "confidence": 0.39}, {"name": "refer_me", "confidence": 0.01}]
    [message], _ = await run(ActionBestGuesses(), t)
    assert message["response"] == "utter_ask_rephrase"


def variation(response: str, **conditions: str) -> str:
    """The text of the domain variation whose slot conditions are exactly these."""
    for v in DOMAIN["responses"][response]:
        if {c["name"]: c["value"] for c in v.get("condition") or []} == conditions:
            return v["text"]
    raise LookupError(f"{response} has no variation for {conditions}")


@pytest.mark.parametrize("term", ["WCA", "LCW", "LCWRA"])
@pytest.mark.parametrize("level", ["easy", "more"])
async def test_the_answer_about_the_assessment_gives_the_first_assessment_rule(term, level, monkeypatch):
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-12-07")
    messages, _ = await run(ActionExplainWord(), tracker(f"what is {term}", "ask_word_meaning",
                                                         slots={"detail_level": level}))
    said = messages[0]["explanation"]
    assert "£881.23 a month or more before tax" in said  # data/knowledge/rates/2026-27.yml, reg. 41
    assert "health element" in said and "work allowance for a child" in said
    assert "Adult Disability Payment" in said


async def test_other_words_do_not_carry_the_first_assessment_rule():
    messages, _ = await run(ActionExplainWord(), tracker("what is PIP", "ask_word_meaning"))
    assert "Work Capability Assessment" not in messages[0]["explanation"]


@pytest.mark.parametrize("level, slot", [("easy", "first_wca"), ("more", "first_wca_more")])
async def test_tell_me_more_about_universal_credit_keeps_the_first_assessment_rule(level, slot, monkeypatch):
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-12-07")
    messages, _ = await run(ActionRepeatLastAnswer(), tracker("tell me more", "tell_me_more",
                                                              slots={"detail_level": level, "benefit": "uc"},
                                                              events=[bot_said("utter_benefit_answer")]))
    text = variation("utter_benefit_answer", benefit="uc", detail_level=level).format(**messages[0])
    assert "{" + slot + "}" in variation("utter_benefit_answer", benefit="uc", detail_level=level)
    assert "£881.23 a month or more before tax" in text
