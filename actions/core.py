"""Actions for the core conversation: start again, contact a person, word meanings, detail level."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.benefit_names import parse_benefit
from bot.config import load_settings, today
from bot.knowledge import knowledge_path, read_yaml
from bot.knowledge.glossary import load_glossary
from bot.knowledge.partners import Partner, partner_for
from bot.knowledge.situation import nation_in, nations_in
from bot.rules import NATIONS
from bot.rules import first_wca_warning, first_wca_warning_more, rates_for
from bot.rules.answers import benefit_answer_slots
from bot.services import Services, build

DETAIL_SLOT = "detail_level"
ASSESSMENT_TERMS = {"WCA", "LCW", "LCWRA"}  # answers about the Work Capability Assessment
ANSWER_RESPONSE = "utter_answer"  # "{answer}": text from data/knowledge, checked there
# Intents that mean the person wants to leave or pause a question, so a form must not swallow them.
LEAVING_INTENTS = {"start_again", "talk_to_person", "ask_word_meaning", "goodbye", "out_of_scope",
                   "bot_challenge", "tell_me_more", "easy_read", "crisis", "i_am_safe"}


@lru_cache(maxsize=1)
def services() -> Services:
    """Every store of the app database for the action server, made once on one engine (bot/services.py)."""
    return build(load_settings())


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def asked(tracker: Tracker, slot: str, also_leaving: tuple[str, ...] = ()) -> bool:
    """The form asked for this slot and the person is answering it, not leaving the question."""
    leaving = LEAVING_INTENTS | set(also_leaving)
    return tracker.get_slot("requested_slot") == slot and latest_intent(tracker) not in leaving


def starting_form(tracker: Tracker) -> bool:
    """The message being read is the one that starts a form: no form is active and nothing was asked."""
    return not tracker.active_loop.get("name") and tracker.get_slot("requested_slot") is None


def typed_answer(slot: str, tracker: Tracker, dispatcher: CollectingDispatcher, read,
                 not_understood: str = "utter_situation_not_understood",
                 also_leaving: tuple[str, ...] = (), read_at_start=None) -> dict[str, Any]:
    """Reads a typed answer to the question the form asked; an answer already given (by a button) stands.
    An answer not understood is said plainly, and the form asks again. With read_at_start, the message that
    starts the form is read too, quietly, so what it already says ("what might suit me? I live in
    Cardiff") is not asked again: a reader of named things only, since a bare "no" there answers nothing."""
    if read_at_start is not None and starting_form(tracker) and not tracker.get_slot(slot):
        found = read_at_start(tracker.latest_message.get("text") or "")
        return {slot: found} if found else {}
    if not asked(tracker, slot, also_leaving) or tracker.get_slot(slot):
        return {}
    value = read(tracker.latest_message.get("text") or "")
    if value is None:
        dispatcher.utter_message(response=not_understood)
    return {slot: value}


def typed_nation(tracker: Tracker, dispatcher: CollectingDispatcher, also_leaving: tuple[str, ...] = (),
                 read_at_start=None) -> dict[str, Any]:
    """The nation typed in answer to the question asked (typed_answer). A place in two nations ("Bangor")
    is asked about, never guessed."""
    if asked(tracker, "nation", also_leaving) and len(nations_in(tracker.latest_message.get("text") or "")) > 1:
        dispatcher.utter_message(response="utter_place_in_two_nations")
        return {"nation": None}
    return typed_answer("nation", tracker, dispatcher, nation_in, also_leaving=also_leaving,
                        read_at_start=read_at_start)


def nation_answer(value: Any, tracker: Tracker, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """A nation slot's value made one of the four nations. The entity finder may give the place as typed
    ("Glasgow"): it is read again by name, town or council, and a place in two nations is asked about."""
    if value is None or value in NATIONS:  # None: the question was already asked again
        return {"nation": value}
    found = nations_in(str(value)) or nations_in(tracker.latest_message.get("text") or "")
    if len(found) != 1:
        dispatcher.utter_message(response="utter_place_in_two_nations" if found else "utter_situation_not_understood")
        return {"nation": None}
    return {"nation": found[0]}


def partner_of(tracker: Tracker) -> Partner:
    """The partner whose page the person is on: the gateway adds its id to each message's metadata.
    The default partner when unknown."""
    return partner_for((tracker.latest_message.get("metadata") or {}).get("partner"), load_settings().default_partner)


GUESSES = 3  # more than three choices is hard to take in at once
LEAST_LIKELY = 0.02  # a topic the classifier gives less than this is not worth a button


@lru_cache(maxsize=1)
def _topics() -> dict[str, dict[str, str]]:
    return {part: {intent: node["easy"] for intent, node in titles.items()}
            for part, titles in read_yaml(knowledge_path("topics.yml")).items()}


def best_guesses(intent_ranking: list[dict]) -> list[dict]:
    """Buttons for the likeliest topics the person may have meant, most likely first, then "Something
    else" and "Talk to a person" (topics.yml). None when no topic is likely enough."""
    titles = _topics()["guesses"]
    likely = [i["name"] for i in intent_ranking
              if i.get("name") in titles and (i.get("confidence") or 0) >= LEAST_LIKELY][:GUESSES]
    if not likely:
        return []
    buttons = {**{name: titles[name] for name in likely}, **_topics()["always"]}
    return [{"title": title, "payload": f"/{name}"} for name, title in buttons.items()]


class ActionBestGuesses(Action):
    """When the words are not understood for sure: "Did you mean...?" with the likeliest topics, then
    "Something else" and "Talk to a person" (Rasa's two-stage fallback, in Easy Read)."""

    def name(self) -> str:
        return "action_best_guesses"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        say_best_guesses(dispatcher, tracker)
        return []


def say_best_guesses(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    guesses = best_guesses(tracker.latest_message.get("intent_ranking") or [])
    if guesses:
        dispatcher.utter_message(response="utter_best_guesses", buttons=guesses)
    else:
        dispatcher.utter_message(response="utter_ask_rephrase")


def typed_texts(tracker: Tracker) -> list[str]:
    """What the person wrote in this chat, oldest first: their words, not the buttons they pressed."""
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    return [t for t in texts if t and not t.startswith("/")]


def last_response(tracker: Tracker) -> str | None:
    """The name of the response the assistant said last, if it said one."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action")
    return None


class ActionStartAgain(Action):
    def name(self) -> str:
        return "action_start_again"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        # Forget the answers so far, but keep the detail level the person chose.
        return [AllSlotsReset(), SlotSet(DETAIL_SLOT, tracker.get_slot(DETAIL_SLOT) or "easy")]


class ActionContactPartner(Action):
    """Says how to reach the partner's team. The action says its own opening words, so that if the
    action server is down the person gets the gateway's "something went wrong" message, not half an answer."""

    def name(self) -> str:
        return "action_contact_partner"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        partner = partner_of(tracker)
        dispatcher.utter_message(response="utter_support_near_me")
        dispatcher.utter_message(
            response="utter_partner_contact",
            partner_name=partner.name, partner_phone=partner.phone,
            partner_email=partner.email, partner_hours=partner.hours,
        )
        dispatcher.utter_message(response="utter_support_near_me_choices")  # on to the services, side by side
        return []


class ActionExplainWord(Action):
    def name(self) -> str:
        return "action_explain_word"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        term = load_glossary().lookup(tracker.latest_message.get("text") or "")
        if term is None:
            dispatcher.utter_message(response="utter_word_not_known")
        else:
            more = (tracker.get_slot(DETAIL_SLOT) or "easy") == "more"
            explanation = term.more if more else term.easy
            if term.term in ASSESSMENT_TERMS:  # people waiting for an assessment need the first-WCA rule
                rule = (first_wca_warning_more if more else first_wca_warning)(rates_for(today()))
                explanation = "\n".join([explanation, *rule])
            dispatcher.utter_message(response="utter_word_meaning", explanation=explanation)
        return []


def say_answer(dispatcher: CollectingDispatcher, tracker: Tracker, easy: str, more: str | None = None) -> list:
    """Says a knowledge-base answer at the person's level, and keeps both levels so that
    "tell me more" or "easy read" can say it again at the other one."""
    level_more = tracker.get_slot(DETAIL_SLOT) == "more" and more
    dispatcher.utter_message(response=ANSWER_RESPONSE, answer=more if level_more else easy)
    return [SlotSet("last_answer", {"easy": easy, "more": more})]


def has_more_variation(response_name: str, domain: dict[str, Any]) -> bool:
    for variation in domain.get("responses", {}).get(response_name, []):
        for condition in variation.get("condition") or []:
            if condition.get("name") == DETAIL_SLOT and condition.get("value") == "more":
                return True
    return False


class ActionRepeatLastAnswer(Action):
    """Says the last answer again at the level the person just chose ("tell me more" or "easy read")."""

    def name(self) -> str:
        return "action_repeat_last_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        wants_more = tracker.get_slot(DETAIL_SLOT) == "more"
        answer = self._last_answer_with_levels(tracker, domain)
        if answer == ANSWER_RESPONSE:
            kept = tracker.get_slot("last_answer") or {}
            if wants_more and not kept.get("more"):
                dispatcher.utter_message(response="utter_no_more_detail")
            else:
                return say_answer(dispatcher, tracker, kept.get("easy", ""), kept.get("more"))
        elif answer:  # with this year's figures, for the answers that quote them (utter_benefit_answer)
            filled, _ = benefit_answer_slots(rates_for(today()), tracker.get_slot("nation"))
            dispatcher.utter_message(response=answer, **filled)
        elif wants_more:
            dispatcher.utter_message(response="utter_no_more_detail")
        else:
            dispatcher.utter_message(response="utter_easy_read_again")
        return []

    @staticmethod
    def _last_answer_with_levels(tracker: Tracker, domain: dict[str, Any]) -> str | None:
        """The newest response the bot said that has an Easy Read and a fuller version."""
        for event in reversed(tracker.events):
            if event.get("event") != "bot":
                continue
            name = (event.get("metadata") or {}).get("utter_action")
            if name == ANSWER_RESPONSE and tracker.get_slot("last_answer"):
                return name
            if name and has_more_variation(name, domain):
                return name
        return None


class ValidateWhichBenefitForm(FormValidationAction):
    def name(self) -> str:
        return "validate_which_benefit_form"

    async def extract_benefit(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        # "how many hours can I work on ESA" is answered for ESA at once, not asked which benefit.
        return typed_answer("benefit", tracker, dispatcher, parse_benefit, "utter_benefit_not_understood",
                            read_at_start=parse_benefit)
