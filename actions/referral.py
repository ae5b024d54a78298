"""Self-referral to a local provider: consent, where you live, choose a service, contact details, a summary
the person can change, then send through bot.referrals. And "check my referral" by reference.

Answers live only in the conversation's slots until the person says send; "no" to consent and "start
again" clear them. Personal data is never logged here.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from sqlalchemy.exc import SQLAlchemyError
from rasa_sdk.executor import CollectingDispatcher

from actions.core import asked, last_response, latest_intent, say_answer, say_best_guesses, services, typed_answer
from bot.storage.db import retry_when_disconnected
from bot.knowledge.providers import Area, Problem, load_providers
from bot.knowledge.programmes import NEEDS
from bot.knowledge.situation import help_wanted_in, work_status_answer
from bot.storage.reference import parse_reference
from bot.referrals.status import consent_given, consent_wording, problem
from bot.referrals.store import InvalidReferral, ReferralStore
from bot.referrals.validation import Referral, normalise_email, normalise_phone
from bot.understanding.yes_no import parse_yes_no

log = logging.getLogger(__name__)

PROGRAMME = "connect_to_work"  # every provider in the directory runs it; the form refers to it
REFERRAL_SLOTS = ("referral_consent", "referral_started", "referral_postcode", "referral_council",
                  "referral_provider", "referral_name", "referral_contact_method", "referral_phone",
                  "referral_email", "referral_access_need", "referral_health", "referral_confirm")
NOT_GIVEN = "none"  # a skipped optional answer: a slot must hold something for the form to move on
ACCESS_WORDS = {"bsl": ("bsl", "sign language"), "easy_read": ("easy read",), "large_print": ("large print",),
                "interpreter": ("interpreter", "language"), "someone_with_me": ("someone with me", "supporter"),
                "step_free": ("step free", "step-free", "wheelchair")}
# What "change my ..." clears: the form then asks those questions again, then shows the summary again.
CHANGES = {"name": ("referral_name",), "phone": ("referral_phone",), "email": ("referral_email",),
           "contact": ("referral_contact_method", "referral_phone", "referral_email"),
           "area": ("referral_postcode", "referral_council", "referral_provider")}
CHANGE_WORDS = {"name": ("name", "call me"), "phone": ("phone", "number", "mobile"), "email": ("email",),
                "contact": ("contact", "text"), "area": ("postcode", "council", "address", "area", "live", "service")}


def default_store() -> ReferralStore:
    return services().referrals


def _text(tracker: Tracker) -> str:
    return (tracker.latest_message.get("text") or "").strip()


def _entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


def read_area(text: str) -> tuple[dict[str, Any], Problem | None]:
    """Slots for a postcode or a council name, or the problem to tell the person."""
    directory = load_providers()
    area = directory.area_for_postcode(text)
    if isinstance(area, Problem):
        by_council = directory.area_for_council(text)
        if isinstance(by_council, Area):
            return {"referral_council": by_council.council.id}, None  # a border postcode is kept
        return {}, area  # "that does not look like a postcode", in the directory's words
    if not area.councils:
        return {}, problem("outside_area", "postcode")  # a district we do not list
    council = area.council.id if area.council else None  # None on a border: the person chooses
    return {"referral_postcode": area.postcode or area.district, "referral_council": council}, None


def providers_for(tracker: Tracker) -> list:
    directory = load_providers()
    postcode, council = tracker.get_slot("referral_postcode"), tracker.get_slot("referral_council")
    district = None
    if postcode:
        area = directory.area_for_postcode(postcode)
        district = area.district if isinstance(area, Area) else None
    return directory.providers_for(council, PROGRAMME, district=district)


def provider_chosen(text: str, entity: str | None, providers: list) -> str | None:
    ids = [p.id for p in providers]
    if entity in ids:
        return entity
    lowered = text.lower()
    for provider in providers:
        if provider.id == lowered or provider.name.lower().split()[0] in lowered.split():
            return provider.id
    if len(providers) == 1 and parse_yes_no(text) == "yes":
        return providers[0].id
    return None


def contact_method_in(text: str) -> str | None:
    lowered = text.lower()
    for method, words in (("email", ("email", "e-mail")), ("text", ("text", "sms")), ("phone", ("phone", "call", "ring"))):
        if any(w in lowered for w in words):
            return method
    return None


def access_need_in(text: str) -> str | None:
    lowered = text.lower()
    if parse_yes_no(lowered) == "no" or lowered in ("none", "nothing", "no thanks"):
        return NOT_GIVEN
    return next((need for need, words in ACCESS_WORDS.items() if any(w in lowered for w in words)), None)


def change_in(text: str, entity: str | None) -> str | None:
    if entity in CHANGES:
        return entity
    lowered = text.lower()
    if not re.search(r"\b(change|wrong|mistake|meant|edit|different)\b", lowered):
        return None
    return next((what for what, words in CHANGE_WORDS.items() if any(w in lowered for w in words)), None)


def summary_text(tracker: Tracker) -> str:
    """The person's answers, then the exact consent words they agree to by pressing send."""
    provider = load_providers().provider(tracker.get_slot("referral_provider"))
    method = tracker.get_slot("referral_contact_method")
    how = tracker.get_slot("referral_email") if method == "email" else tracker.get_slot("referral_phone")
    where = tracker.get_slot("referral_postcode") or load_providers().councils[tracker.get_slot("referral_council")].name
    lines = ["Here are your answers.",
             f"Service: {provider.name}.",
             f"Name: {tracker.get_slot('referral_name')}.",
             f"Contact by {method}: {how}.",
             f"Where you live: {where}."]
    health = tracker.get_slot("referral_health")
    if health and health != NOT_GIVEN:
        lines.append(f"Your health: {health}")
    lines.append(consent_wording(provider)[1])
    return "\n".join(lines)


class ValidateReferralForm(FormValidationAction):
    """Reads typed answers and buttons, answers a bad answer with a plain question, steps aside for
    start again and the like, and asks only what is needed."""

    def name(self) -> str:
        return "validate_referral_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        if tracker.get_slot("referral_consent") == "no":
            return ["referral_consent"]  # the form ends here; the submit action says nothing was kept
        method = tracker.get_slot("referral_contact_method")
        contact = ["referral_email"] if method == "email" else ["referral_phone"]
        return ["referral_consent", "referral_council", "referral_provider", "referral_name",
                "referral_contact_method", *contact, "referral_access_need", "work_status", "help_wanted",
                "referral_health", "referral_confirm"]

    async def run(self, dispatcher, tracker, domain):
        before = {slot: tracker.get_slot(slot) for slot in REFERRAL_SLOTS}
        events = await super().run(dispatcher, tracker, domain)
        # rasa-sdk returns only the slots the form asks for; an answer also sets others (the postcode,
        # when the form started) or clears them ("change my postcode"), so those are returned too.
        returned = {e["name"] for e in events if e.get("event") == "slot"}
        return events + [SlotSet(slot, tracker.get_slot(slot)) for slot in REFERRAL_SLOTS
                         if slot not in returned and tracker.get_slot(slot) != before[slot]]

    async def extract_referral_consent(self, dispatcher, tracker, domain):
        if not asked(tracker, "referral_consent"):
            return {}
        reply = _entity(tracker, "yes_no") or parse_yes_no(_text(tracker))
        if reply == "yes":
            # When the form started: with the conversation id, it makes the idempotency key.
            return {"referral_consent": "yes", "referral_started": dt.datetime.now(dt.timezone.utc).isoformat()}
        if reply == "no":
            return {"referral_consent": "no"}
        return {"referral_consent": None}  # asks again with the yes and no buttons

    async def extract_referral_council(self, dispatcher, tracker, domain):
        if not asked(tracker, "referral_council"):
            return {}
        found, trouble = read_area(_text(tracker))
        if trouble and trouble.code == "outside_area":
            dispatcher.utter_message(response="utter_referral_no_service")
        elif trouble:
            dispatcher.utter_message(response="utter_referral_problem", problem=trouble.text.easy)
        if trouble:
            return {"referral_council": None}
        return found

    async def extract_referral_provider(self, dispatcher, tracker, domain):
        if not asked(tracker, "referral_provider"):
            return {}
        chosen = provider_chosen(_text(tracker), _entity(tracker, "provider"), providers_for(tracker))
        if chosen is None:
            dispatcher.utter_message(response="utter_referral_service_not_understood")
        return {"referral_provider": chosen}

    async def extract_referral_name(self, dispatcher, tracker, domain):
        if not asked(tracker, "referral_name"):
            return {}
        name = re.sub(r"^(my name is|call me|i am|i'm|it's|it is)\s+", "", _text(tracker), flags=re.I).strip(" .")
        if not name or len(name) > 100:
            dispatcher.utter_message(response="utter_referral_problem", problem="Please tell me what to call you.")
            return {"referral_name": None}
        return {"referral_name": name}

    async def extract_referral_contact_method(self, dispatcher, tracker, domain):
        if not asked(tracker, "referral_contact_method"):
            return {}
        method = _entity(tracker, "contact_method") or contact_method_in(_text(tracker))
        if method is None:
            dispatcher.utter_message(response="utter_contact_method_not_understood")
        return {"referral_contact_method": method}

    async def extract_referral_phone(self, dispatcher, tracker, domain):
        if not asked(tracker, "referral_phone"):
            return {}
        phone = normalise_phone(_text(tracker))
        if isinstance(phone, Problem):
            dispatcher.utter_message(response="utter_referral_problem", problem=phone.text.easy)
            return {"referral_phone": None}
        return {"referral_phone": phone}

    async def extract_referral_email(self, dispatcher, tracker, domain):
        if not asked(tracker, "referral_email"):
            return {}
        words = [w for w in _text(tracker).split() if "@" in w] or [_text(tracker)]
        email = normalise_email(words[0].strip(".,"))
        if isinstance(email, Problem):
            dispatcher.utter_message(response="utter_referral_problem", problem=email.text.easy)
            return {"referral_email": None}
        return {"referral_email": email}

    async def extract_referral_access_need(self, dispatcher, tracker, domain):
        if not asked(tracker, "referral_access_need"):
            return {}
        need = _entity(tracker, "access_need") or access_need_in(_text(tracker))
        if need is None:  # something else: kept in their words for the service, never refused, and said so
            dispatcher.utter_message(response="utter_referral_need_noted")
            return {"referral_access_need": _text(tracker)[:2000]}
        return {"referral_access_need": need}

    async def extract_work_status(self, dispatcher, tracker, domain):
        return typed_answer("work_status", tracker, dispatcher, work_status_answer)

    async def extract_help_wanted(self, dispatcher, tracker, domain):
        return typed_answer("help_wanted", tracker, dispatcher, help_wanted_in)

    async def extract_referral_health(self, dispatcher, tracker, domain):
        if not asked(tracker, "referral_health"):
            return {}
        text = _text(tracker)
        skipped = _entity(tracker, "yes_no") == "no" or text.lower() in ("skip", "skip this", "no", "no thanks", "none")
        return {"referral_health": NOT_GIVEN if skipped else text[:2000]}

    async def extract_referral_confirm(self, dispatcher, tracker, domain):
        if not asked(tracker, "referral_confirm"):
            return {}
        text = _text(tracker)
        change = change_in(text, _entity(tracker, "change"))
        method = tracker.get_slot("referral_contact_method")
        if (change == "phone" and method == "email") or (change == "email" and method != "email"):
            change = "contact"  # a new way to contact them: ask how first
        if change:
            return {**{slot: None for slot in CHANGES[change]}, "referral_confirm": None}
        if _entity(tracker, "yes_no") == "yes" or parse_yes_no(text) == "yes" or "send" in text.lower():
            return {"referral_confirm": "send"}
        return {"referral_confirm": None}  # shows the summary and the choices again


class ActionAskReferralCouncil(Action):
    """Asks for a postcode, or, when the postcode is on a council border, for the council."""

    def name(self) -> str:
        return "action_ask_referral_council"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        postcode = tracker.get_slot("referral_postcode")
        area = load_providers().area_for_postcode(postcode) if postcode else None
        if isinstance(area, Area) and area.needs_choice:
            dispatcher.utter_message(response="utter_referral_choose_council",
                                     buttons=[{"title": c.name, "payload": c.name} for c in area.councils])
        else:
            dispatcher.utter_message(response="utter_referral_ask_area")
        return []


class ActionAskReferralProvider(Action):
    """Shows the services for the person's area side by side, as buttons to choose from."""

    def name(self) -> str:
        return "action_ask_referral_provider"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        providers = providers_for(tracker)
        if not providers:
            dispatcher.utter_message(response="utter_referral_no_service")
            return []
        dispatcher.utter_message(response="utter_referral_services")
        rows = load_providers().compare(*providers)
        for i, provider in enumerate(providers, start=1):
            details = "\n".join(f"{row[0]}: {row[i]}" for row in rows)
            dispatcher.utter_message(response="utter_referral_service", text=f"{provider.name}\n{details}")
        buttons = [{"title": p.name, "payload": f'/inform{{"provider":"{p.id}"}}'} for p in providers]
        dispatcher.utter_message(response="utter_referral_choose_service", buttons=buttons)
        return []


class ActionAskReferralConfirm(Action):
    def name(self) -> str:
        return "action_ask_referral_confirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        dispatcher.utter_message(response="utter_referral_summary", summary=summary_text(tracker))
        dispatcher.utter_message(response="utter_referral_confirm_choices")
        return []


def referral_from(tracker: Tracker, now: dt.datetime) -> Referral:
    provider = load_providers().provider(tracker.get_slot("referral_provider"))
    method = tracker.get_slot("referral_contact_method")
    need = tracker.get_slot("referral_access_need")
    health = tracker.get_slot("referral_health")
    help_wanted = tracker.get_slot("help_wanted")
    return Referral(
        provider_id=provider.id, programme_id=PROGRAMME, name=tracker.get_slot("referral_name"),
        contact_methods=(method,), consent=consent_given(provider, now),
        phone=tracker.get_slot("referral_phone") if method != "email" else None,
        email=tracker.get_slot("referral_email") if method == "email" else None,
        access_needs=(need,) if need in ACCESS_WORDS else (),
        other_access_needs=need if need and need != NOT_GIVEN and need not in ACCESS_WORDS else None,
        postcode=tracker.get_slot("referral_postcode"), council_id=tracker.get_slot("referral_council"),
        work_situation=tracker.get_slot("work_status"),
        help_wanted=(help_wanted,) if help_wanted in NEEDS else (),
        health_in_own_words=health if health and health != NOT_GIVEN else None,
    )


# Not sent: the answers stay, and the form asks again whether to send them (or change one first).
ASK_TO_SEND_AGAIN = [SlotSet("referral_confirm", None), ActiveLoop("referral_form"),
                     SlotSet("requested_slot", "referral_confirm")]


class ActionReferralSubmit(Action):
    """Sends the referral once the person says send, or says kindly that nothing was kept.
    The answers are cleared from the conversation either way."""

    def name(self) -> str:
        return "action_referral_submit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        cleared = [SlotSet(slot, None) for slot in REFERRAL_SLOTS]
        if tracker.get_slot("referral_consent") != "yes" or tracker.get_slot("referral_confirm") != "send":
            dispatcher.utter_message(response="utter_referral_declined")
            return cleared
        # The same conversation and form start always give the same referral, so a retry never sends two.
        key = f"{tracker.sender_id}:{tracker.get_slot('referral_started')}"
        referral = referral_from(tracker, dt.datetime.now(dt.timezone.utc))
        try:
            # A database restart mid-send is waited out; the key makes each try the same referral.
            submitted = await asyncio.to_thread(retry_when_disconnected, lambda: default_store().submit(
                referral, key, conversation_id=tracker.sender_id))
        except InvalidReferral as invalid:
            for trouble in invalid.problems:
                dispatcher.utter_message(response="utter_referral_problem", problem=trouble.text.easy)
            dispatcher.utter_message(response="utter_referral_not_sent")
            return ASK_TO_SEND_AGAIN
        except SQLAlchemyError as error:  # the database stayed out of reach: the kind only, never the answers
            log.warning("Referral not saved: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_referral_not_sent")
            return ASK_TO_SEND_AGAIN
        return [*cleared, *say_answer(dispatcher, tracker, submitted.text.easy, submitted.text.more)]


_REFERENCE = re.compile(r"\b[0-9A-Za-z]{4}[\s\-–.]?[0-9A-Za-z]{4}\b")


def reference_in(text: str) -> str | None:
    return next((ref for ref in map(parse_reference, _REFERENCE.findall(text)) if ref), None)


class ActionCheckReferral(Action):
    def name(self) -> str:
        return "action_check_referral"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        reference = reference_in(_text(tracker))
        if reference is None and latest_intent(tracker) != "check_referral" \
                and last_response(tracker) != "utter_ask_reference":
            say_best_guesses(dispatcher, tracker)  # words after an answer, not a reference: not understood
            return []
        if reference is None:
            dispatcher.utter_message(response="utter_ask_reference")
            return []
        status = default_store().status_for(reference)
        return say_answer(dispatcher, tracker, status.easy, status.more)
