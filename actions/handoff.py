"""Handing over to a person at the partner DDPO.

action_handoff decides who fits (bot.handoff.choose_specialist). When the partner is open and a
specialist is signed in, it opens a ticket with a summary and the transcript and pauses the assistant:
the gateway then relays the chat, and the gateways hear of the new ticket (bot/handoff/news.py). Otherwise it hands on to callback_form, which asks for a time and a
phone number, and action_request_callback stores the call back for the outbox to deliver.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core import (DETAIL_SLOT, asked, last_response, latest_intent, partner_of, services, typed_answer,
                          typed_texts)
from bot.accounts.store import AccountStore
from bot.storage.db import utcnow
from bot.handoff import (callback_slots, choose_specialist, describe_slot, is_open, load_handoff_words, needs_in,
                         slot_said, struggling_at_work, summarise, transcript, voice_call_unsuitable)
from bot.handoff.news import tell_gateways
from bot.handoff.tickets import TICKET_OPENED, TicketStore
from bot.knowledge import Text
from bot.knowledge.partners import Partner
from bot.understanding.phone import read_phone, written_phone
from bot.understanding.yes_no import parse_yes_no

REASON_BY_INTENT = {"crisis": "crisis", "ask_own_money": "own_benefits_money",
                    "need_other_way": "needs_bsl_phone_or_face_to_face"}
TOPIC_BY_INTENT = {
    "ask_work_and_benefits": "benefits", "work_out_sum": "benefits", "ask_joining_affects_benefits": "benefits",
    "ask_sanction": "benefits", "ask_help_to_work": "work", "ask_programme": "work", "ask_help_with_need": "work",
    "what_might_suit_me": "work", "refer_me": "work", "ask_difference": "work", "ask_is_voluntary": "work",
}
CALLBACK_CHOICES = 3
ORDINALS = {"1": 0, "first": 0, "one": 0, "2": 1, "second": 1, "two": 1, "3": 2, "third": 2, "three": 2}


def ticket_store() -> TicketStore:
    return services().tickets


def account_store() -> AccountStore:
    return services().accounts


def handoff_reason(tracker: Tracker) -> str:
    """Why this person is being handed over, from what they just said and what came before."""
    reason = REASON_BY_INTENT.get(latest_intent(tracker))
    if reason:
        return reason
    if last_response(tracker) == "utter_offer_person":
        return "misunderstood_twice"
    if struggling_at_work(tracker.get_slot("work_status"), tracker.get_slot("help_wanted")):
        return "in_work_struggling"
    return "asked"


def conversation_topic(tracker: Tracker) -> str:
    """What the conversation was last about, so someone who just asks for a person reaches the right one."""
    for event in reversed(tracker.events):
        topic = TOPIC_BY_INTENT.get((event.get("parse_data") or {}).get("intent", {}).get("name"))
        if event.get("event") == "user" and topic:
            return topic
    return "unsure"


def access_needs(tracker: Tracker) -> list[str]:
    """Ways to talk the person asked for in any message of this chat ("I am Deaf and use BSL"), or in a
    referral earlier in it."""
    needs = [need for text in typed_texts(tracker) for need in needs_in(text)]
    referral_need = tracker.get_slot("referral_access_need")
    if referral_need and referral_need != "none":
        needs.append(referral_need)
    return list(dict.fromkeys(needs))


def _at_level(tracker: Tracker, text: Text) -> str:
    return text.more if tracker.get_slot(DETAIL_SLOT) == "more" and text.more else text.easy


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        reason, needs = handoff_reason(tracker), access_needs(tracker)
        route = choose_specialist(reason, needs, topic=conversation_topic(tracker))
        remembered = [SlotSet("handoff_reason", reason), SlotSet("handoff_needs", list(route.access_needs))]
        partner, now, store = partner_of(tracker), utcnow(), ticket_store()
        if not (is_open(partner.office_hours, now) and account_store().anyone_on_duty(partner.id, now=now)):
            if voice_call_unsuitable(typed_texts(tracker)) or "bsl" in needs:  # never only a phone call
                written = _at_level(tracker, load_handoff_words().written_only)
                dispatcher.utter_message(response="utter_answer", answer=written.format(
                    partner_email=partner.email, partner_hours=partner.hours))
                return remembered + [SlotSet("handoff_outcome", "written")]
            return remembered + [SlotSet("handoff_outcome", "callback")]
        ticket = store.open_ticket(tracker.sender_id, partner.id, route, summarise(tracker.events),
                                   transcript(tracker.events), {"way": "chat"}, now=now)
        tell_gateways(partner.id)  # the team's live inbox shows the new chat at once, on every gateway
        words = load_handoff_words()
        lines = [_at_level(tracker, words.specialist(route.specialist))]
        lines += [_at_level(tracker, words.access_need(need)) for need in route.access_needs]
        lines.append(_at_level(tracker, words.waiting).format(position=store.queue_position(ticket.id) or 1))
        dispatcher.utter_message(response="utter_answer", answer="\n".join(lines))
        dispatcher.utter_message(json_message=TICKET_OPENED)
        return remembered + [SlotSet("handoff_outcome", "live"), ConversationPaused()]


def _offered_times(partner: Partner, now: dt.datetime) -> list[dt.datetime]:
    return callback_slots(partner.office_hours, now, CALLBACK_CHOICES)


class ActionAskCallbackTime(Action):
    def name(self) -> str:
        return "action_ask_callback_time"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        partner, now, words = partner_of(tracker), utcnow(), load_handoff_words()
        times = _offered_times(partner, now)
        if not times:  # a partner with no office hours: say how else to reach them
            dispatcher.utter_message(response="utter_answer", answer=_at_level(tracker, words.no_callback_times))
            dispatcher.utter_message(response="utter_partner_contact", partner_name=partner.name,
                                     partner_phone=partner.phone, partner_email=partner.email,
                                     partner_hours=partner.hours)
            return []
        buttons = [{"title": describe_slot(t, now), "payload": f'/inform{{"callback_time":"{t.isoformat()}"}}'}
                   for t in times]
        buttons.append({"title": words.no_thanks.easy, "payload": "/start_again"})
        dispatcher.utter_message(text=_at_level(tracker, words.nobody_free), buttons=buttons)
        return []


def read_callback_time(tracker: Tracker, partner: Partner, now: dt.datetime) -> str | None:
    """The time chosen: a button (an ISO time that must still be one we offer) or typed ("the first one",
    "tomorrow at 9am", "12pm tomorrow")."""
    offered = _offered_times(partner, now)
    chosen = next((e.get("value") for e in tracker.latest_message.get("entities") or []
                   if e.get("entity") == "callback_time"), None)
    if chosen:
        try:
            at = dt.datetime.fromisoformat(str(chosen))
        except ValueError:
            return None
        return at.isoformat() if at in offered else None
    text = (tracker.latest_message.get("text") or "").lower()
    for word in text.replace(".", " ").split():
        if word in ORDINALS and ORDINALS[word] < len(offered):
            return offered[ORDINALS[word]].isoformat()
    at = slot_said(text, offered, now)
    return at.isoformat() if at else None


class ValidateCallbackForm(FormValidationAction):
    def name(self) -> str:
        return "validate_callback_form"

    async def extract_callback_time(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        partner, now = partner_of(tracker), utcnow()
        return typed_answer("callback_time", tracker, dispatcher, lambda _: read_callback_time(tracker, partner, now),
                            "utter_callback_time_not_understood")

    async def extract_callback_phone(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        return typed_answer("callback_phone", tracker, dispatcher, read_phone, "utter_callback_phone_not_understood")

    async def extract_callback_phone_right(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                           domain: dict[str, Any]):
        """Yes keeps the number read back; no asks for it again; a number typed instead replaces it."""
        if not asked(tracker, "callback_phone_right"):
            return {}
        text = tracker.latest_message.get("text") or ""
        if (other := read_phone(text)) is not None:
            return {"callback_phone": other, "callback_phone_right": None}  # read back again
        said = next(tracker.get_latest_entity_values("yes_no"), None) or parse_yes_no(text)
        if said == "yes":
            return {"callback_phone_right": "yes"}
        if said == "no":
            return {"callback_phone": None, "callback_phone_right": None}
        dispatcher.utter_message(response="utter_callback_phone_right_not_understood")
        return {"callback_phone_right": None}


class ActionAskCallbackPhoneRight(Action):
    """Reads the number back before the call-back is asked for, so a mistyped digit can be put right."""

    def name(self) -> str:
        return "action_ask_callback_phone_right"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        dispatcher.utter_message(response="utter_callback_phone_read_back",
                                 phone=written_phone(tracker.get_slot("callback_phone")))
        return []


class ActionRequestCallback(Action):
    def name(self) -> str:
        return "action_request_callback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        partner, now = partner_of(tracker), utcnow()
        at = dt.datetime.fromisoformat(tracker.get_slot("callback_time"))
        route = choose_specialist(tracker.get_slot("handoff_reason") or "asked", tracker.get_slot("handoff_needs") or [],
                                  topic=conversation_topic(tracker))
        ticket = ticket_store().request_callback(tracker.sender_id, partner.id, route, summarise(tracker.events),
                                                 transcript(tracker.events), tracker.get_slot("callback_phone"), at,
                                                 now=now)
        tell_gateways(partner.id)  # the call-back shows in the team's live inbox
        booked = load_handoff_words().callback_booked
        # Asked again while a request is open: the team phones at the time first asked for, so say that one.
        slot = describe_slot(ticket.callback_at or at, now)
        dispatcher.utter_message(response="utter_answer", answer=_at_level(tracker, booked).format(slot=slot))
        dispatcher.utter_message(json_message=TICKET_OPENED)  # the gateway tells its own live inbox pages too
        # The number is now with the ticket, encrypted; the conversation does not need to keep it.
        return [SlotSet("callback_phone", None), SlotSet("callback_phone_right", None), SlotSet("callback_time", None)]
