"""Actions about voluntary programmes: explain one, answer "is it my choice?" and "will it change my
benefits?", compare two, and suggest what might suit the person."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core import latest_intent, nation_answer, say_answer, typed_answer, typed_nation
from bot.handoff import struggling_at_work
from bot.rules import NATIONS
from bot.knowledge.programmes import Programme, load_programmes
from bot.knowledge.situation import (help_wanted_in, nation_in, need_in, work_status_answer,
                                     work_status_in)

COMPARED_FIELDS = ("summary", "who_for", "where", "how_to_join")


def joined(*parts: str | None) -> str:
    return "\n".join(part for part in parts if part)


def programme_named(tracker: Tracker) -> Programme | None:
    """The programme named in this message (button or typed), else the one talked about last."""
    catalogue = load_programmes()
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "programme_name":
            found = catalogue.find(str(entity.get("value")))
            if found:
                return found
    return catalogue.find(tracker.latest_message.get("text") or "") or catalogue.get(tracker.get_slot("programme") or "")


def nation_note(programme: Programme, nation: str | None) -> str | None:
    if nation and not programme.runs_in(nation):
        return load_programmes().nation_note(nation)
    return None


class ActionExplainProgramme(Action):
    def name(self) -> str:
        return "action_explain_programme"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        programme = programme_named(tracker)
        if programme is None:
            dispatcher.utter_message(response="utter_which_programme")
            return []
        if not programme.is_open:
            others = [p.name for p in load_programmes().instead_of(programme)]
            events = say_answer(dispatcher, tracker, joined(programme.closed_note.easy, *others))
            dispatcher.utter_message(response="utter_which_programme")
            return events
        note = nation_note(programme, tracker.get_slot("nation"))
        easy = joined(programme.summary.easy, programme.voluntary_note.easy, note)
        more = joined(programme.summary.more, programme.who_for.easy, programme.where.easy,
                      programme.help_you_get.easy, programme.how_long.easy, programme.how_to_join.easy, note)
        events = say_answer(dispatcher, tracker, easy, more)
        dispatcher.utter_message(response="utter_programme_next")
        return [SlotSet("programme", programme.id), *events]


class ActionAnswerAboutProgramme(Action):
    """ "Is it my choice?" and "will joining change my benefits?", for the programme in question."""

    def name(self) -> str:
        return "action_answer_about_programme"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        asks_benefits = latest_intent(tracker) == "ask_joining_affects_benefits"
        programme = programme_named(tracker)
        if programme is None:
            dispatcher.utter_message(response="utter_joining_benefits_general" if asks_benefits else "utter_voluntary")
            return []
        text = programme.affects_benefits if asks_benefits else programme.voluntary_note
        events = say_answer(dispatcher, tracker, joined(programme.name + ":", text.easy), None)
        dispatcher.utter_message(response="utter_programme_next")
        return [SlotSet("programme", programme.id), *events]


class ActionComparePrograms(Action):
    def name(self) -> str:
        return "action_compare_programmes"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        catalogue = load_programmes()
        found = catalogue.find_all(tracker.latest_message.get("text") or "")
        last = catalogue.get(tracker.get_slot("programme") or "")
        if len(found) == 1 and last and last != found[0]:
            found = [last, found[0]]  # "how is it different from WorkWell?"
        if len(found) < 2:
            dispatcher.utter_message(response="utter_which_two")
            return []
        a, b = found[:2]
        for label, a_text, b_text in catalogue.compare(a, b):
            dispatcher.utter_message(response="utter_answer",
                                     answer=joined(label + ":", f"{a.name}: {a_text}", f"{b.name}: {b_text}"))
        dispatcher.utter_message(response="utter_programme_next")
        return []


def suggestions_text(need: str | None, work_status: str | None, nation: str | None) -> tuple[list[str], str | None]:
    """Lines naming up to 3 programmes with their reasons, and the nation note where one applies."""
    catalogue = load_programmes()
    suggestions = catalogue.suggest(in_work=work_status, need=need, nation=nation)[:3]
    return [f"{s.programme.name}: {s.reason}" for s in suggestions], catalogue.nation_note(nation)


def say_suggestions(dispatcher: CollectingDispatcher, tracker: Tracker, need, work_status, nation) -> list:
    lines, note = suggestions_text(need, work_status, nation)
    if not lines and not note:
        dispatcher.utter_message(response="utter_no_suggestion")
        return []
    events = []
    if note:  # Scotland and Northern Ireland run their own help: said before any programme is named
        dispatcher.utter_message(response="utter_answer", answer=note)
    if lines:
        dispatcher.utter_message(response="utter_suggestions_intro")
        events = say_answer(dispatcher, tracker, joined(*lines))
    if struggling_at_work(work_status, need):
        dispatcher.utter_message(response="utter_offer_employment_specialist")
    dispatcher.utter_message(response="utter_suggestions_next")
    return events


class ActionSuggestForNeed(Action):
    """ "Can someone help me write a CV?": programmes that help with what the person names."""

    def name(self) -> str:
        return "action_suggest_for_need"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        need = need_in(tracker.latest_message.get("text") or "")
        if need is None:
            dispatcher.utter_message(response="utter_ask_help_wanted")
            return []
        return [SlotSet("help_wanted", need),
                *say_suggestions(dispatcher, tracker, need, tracker.get_slot("work_status"), tracker.get_slot("nation"))]


class ActionHelpToWork(Action):
    """ "What help is there to find work?": the programmes where the person lives when the message (a nation
    button, or "I live in Glasgow") or the chat has said where; else a general answer that asks where the
    person lives before naming any programme, since each nation runs different ones."""

    def name(self) -> str:
        return "action_help_to_work"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        pressed = next(tracker.get_latest_entity_values("nation"), None)
        nation = ((pressed if pressed in NATIONS else None) or nation_in(tracker.latest_message.get("text") or "")
                  or tracker.get_slot("nation"))
        if nation is None:
            dispatcher.utter_message(response="utter_help_to_work")
            return []
        return [SlotSet("nation", nation), *say_suggestions(dispatcher, tracker, None, tracker.get_slot("work_status"),
                                                            nation)]


class ActionSuggestProgrammes(Action):
    """The end of "what might suit me?": suggestions from the 3 answers."""

    def name(self) -> str:
        return "action_suggest_programmes"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        need = tracker.get_slot("help_wanted")
        return say_suggestions(dispatcher, tracker, None if need == "not_sure" else need,
                               tracker.get_slot("work_status"), tracker.get_slot("nation"))


class ValidateSuitForm(FormValidationAction):
    """Understands typed answers as well as buttons; steps aside for "start again" and the like."""

    def name(self) -> str:
        return "validate_suit_form"

    # Questions this form has rules for: answered, then back to the form.
    ASIDES = ("ask_programme", "ask_is_voluntary", "ask_sanction")

    def _typed(self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher, read, read_at_start) -> dict:
        return typed_answer(slot, tracker, dispatcher, read, also_leaving=self.ASIDES, read_at_start=read_at_start)

    def validate_nation(self, value, dispatcher, tracker, domain):
        return nation_answer(value, tracker, dispatcher)

    # "Which programme is right for me? I'm out of work and live in Cardiff" answers all three at once.
    async def extract_work_status(self, dispatcher, tracker, domain):
        return self._typed("work_status", tracker, dispatcher, work_status_answer, work_status_in)

    async def extract_help_wanted(self, dispatcher, tracker, domain):
        return self._typed("help_wanted", tracker, dispatcher, help_wanted_in, need_in)

    async def extract_nation(self, dispatcher, tracker, domain):
        return typed_nation(tracker, dispatcher, self.ASIDES, read_at_start=nation_in)
