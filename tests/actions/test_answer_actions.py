"""action_answer_question: the answer for the question asked, at the person's level, for where they live,
then a benefits adviser or a person to talk it through with. Run with rasa-sdk's own Tracker and
CollectingDispatcher on the real domain and knowledge base (the helpers of test_nations.py)."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.answers import ActionAnswerQuestion
from test_nations import said, tracker


@pytest.fixture(autouse=True)
def this_tax_year(monkeypatch):
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-12-07")


async def test_a_money_question_ends_with_the_way_to_a_benefits_adviser():
    text, events = await said(ActionAnswerQuestion(), tracker("can i be self employed on uc", "ask_self_employed"))
    assert "Access to Work can help people who work for themselves too." in text
    assert text.endswith("A benefits adviser can look at your own money with you.")
    kept = next(e["value"] for e in events if e.get("name") == "last_answer")  # so "tell me more" can say more
    assert kept["easy"] in text and "self-employed people too" in kept["more"]


async def test_the_nation_in_the_message_is_used_and_kept():
    text, events = await said(ActionAnswerQuestion(), tracker("if my job ends in belfast can i go back on esa",
                                                              "ask_back_to_benefit"))
    assert "Tell the Department for Communities when your job ends." in text
    assert SlotSet("nation", "northern_ireland") in events


async def test_the_nation_already_known_is_used():
    text, events = await said(ActionAnswerQuestion(), tracker("can i go back on my benefit", "ask_back_to_benefit",
                                                              slots={"nation": "scotland"}))
    assert "does not change your Adult Disability Payment." in text
    assert not [e for e in events if e.get("name") == "nation"]


async def test_the_fuller_answer_at_the_more_level():
    text, _ = await said(ActionAnswerQuestion(), tracker("can i work before my wca", "ask_work_waiting_for_wca",
                                                         slots={"detail_level": "more"}))
    assert "using form PW1" in text and "That is about 16 hours a week at the National Living Wage." in text
    assert "Some of these figures are expected for this year, but not yet confirmed." in text


async def test_telling_an_employer_offers_a_person_to_talk_it_through():
    text, _ = await said(ActionAnswerQuestion(), tracker("must i tell my boss", "ask_tell_employer"))
    assert "reasonable adjustments" in text and "You can talk this through with a person." in text
    assert "benefits adviser" not in text


async def test_another_intent_gets_no_made_up_answer():
    text, events = await said(ActionAnswerQuestion(), tracker("hello", "greet"))
    assert "Can you say it in a different way?" in text and events == []
