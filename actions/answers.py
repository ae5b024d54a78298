"""Answers to questions about work and benefits (data/knowledge/answers.yml): going back to a benefit when a
job ends, working while waiting for a Work Capability Assessment, telling an employer, self-employment,
and other benefits when you work."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core import latest_intent, say_answer
from actions.money import current_rates
from bot.knowledge.answers import load_answers
from bot.knowledge.situation import nation_in
from bot.rules.answers import filled_answer

# What is offered after each answer: a benefits adviser when it depends on the person's own money.
OFFERS = {"benefits_adviser": "utter_offer_benefits_adviser", "talk_it_through": "utter_offer_talk_it_through"}


class ActionAnswerQuestion(Action):
    """The answer to the question asked, for where the person lives when the chat or the message says
    ("I live in Belfast"), at their level of detail, then the offer that fits it."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        answer = load_answers().for_intent(latest_intent(tracker))
        if answer is None:  # a rule sent another intent here: nothing true to say about it
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        named = nation_in(tracker.latest_message.get("text") or "")
        nation = named or tracker.get_slot("nation")
        filled = filled_answer(answer, current_rates()[0], nation)
        events = say_answer(dispatcher, tracker, filled.easy, filled.more)
        if filled.expected:
            dispatcher.utter_message(response="utter_figures_expected")
        dispatcher.utter_message(response=OFFERS[filled.then])
        return [*([SlotSet("nation", named)] if named else []), *events]
