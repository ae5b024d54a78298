"""The handoff actions, run with rasa-sdk's own Tracker and CollectingDispatcher, a real ticket store on
SQLite, and the clock set to a known time (the demo partner is open Monday to Friday, 9am to 5pm)."""
from __future__ import annotations

import datetime as dt
import html

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.handoff as handoff
from actions.handoff import (ActionAskCallbackTime, ActionHandoff, ActionRequestCallback, conversation_topic,
                             handoff_reason, read_callback_time)
from bot.accounts.store import AccountStore, Specialist
from bot.handoff.tickets import TicketStore
from bot.knowledge.partners import partner_for
from bot.web.inbox import ticket_html

MONDAY_10AM = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)  # UK time is UTC in November
SUNDAY_8PM = dt.datetime(2026, 11, 22, 20, 0, tzinfo=dt.timezone.utc)
EVENTS = [
    {"event": "user", "text": "how does work affect my benefits", "timestamp": MONDAY_10AM.timestamp() - 60,
     "parse_data": {"intent": {"name": "ask_work_and_benefits"}}},
    {"event": "bot", "text": "Which benefit do you get?", "timestamp": MONDAY_10AM.timestamp() - 59},
    {"event": "user", "text": "talk to a person", "timestamp": MONDAY_10AM.timestamp(),
     "parse_data": {"intent": {"name": "talk_to_person"}}},
]


def tracker(text="talk to a person", intent="talk_to_person", slots=None, events=None, requested=None) -> Tracker:
    return Tracker(
        sender_id="person-1",
        slots={"detail_level": "easy", "requested_slot": requested, **(slots or {})},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [],
                        "metadata": {"partner": "demo"}},
        events=EVENTS if events is None else events, paused=False, followup_action=None,
        active_loop={}, latest_action_name="action_listen",
    )


@pytest.fixture
def store(isolated_settings, monkeypatch) -> TicketStore:
    opened, accounts = TicketStore.open(isolated_settings), AccountStore.open(isolated_settings)
    monkeypatch.setattr(handoff, "ticket_store", lambda: opened)
    monkeypatch.setattr(handoff, "account_store", lambda: accounts)
    return opened


@pytest.fixture
def accounts(store) -> AccountStore:
    return handoff.account_store()


@pytest.fixture
def clock(monkeypatch):
    def set_to(moment: dt.datetime):
        monkeypatch.setattr(handoff, "utcnow", lambda: moment)
    set_to(MONDAY_10AM)
    return set_to


@pytest.fixture
def on_duty(accounts):
    accounts.add_specialist("demo", "sam", "a long password for tests", "Sam")
    accounts.sign_in("sam", "a long password for tests", now=MONDAY_10AM)


async def run(action, t: Tracker) -> tuple[list, list]:
    dispatcher = CollectingDispatcher()
    return dispatcher.messages, await action.run(dispatcher, t, {})


@pytest.mark.parametrize("intent, before, slots, reason", [
    ("crisis", None, {}, "crisis"),
    ("ask_own_money", None, {}, "own_benefits_money"),
    ("need_other_way", None, {}, "needs_bsl_phone_or_face_to_face"),
    ("talk_to_person", "utter_offer_person", {}, "misunderstood_twice"),
    ("talk_to_person", None, {"work_status": "in_work", "help_wanted": "adjustments_at_work"}, "in_work_struggling"),
    ("talk_to_person", None, {"work_status": "out_of_work", "help_wanted": "cv"}, "asked"),
])
def test_the_reason_comes_from_what_was_said(intent, before, slots, reason):
    events = [{"event": "bot", "text": "…", "metadata": {"utter_action": before}}] if before else []
    assert handoff_reason(tracker(intent=intent, slots=slots, events=events)) == reason


def test_the_topic_is_what_the_conversation_was_last_about():
    assert conversation_topic(tracker()) == "benefits"
    assert conversation_topic(tracker(events=[])) == "unsure"


async def test_someone_on_duty_gets_a_ticket_and_the_assistant_pauses(store, clock, on_duty):
    messages, events = await run(ActionHandoff(), tracker())
    assert SlotSet("handoff_outcome", "live") in events and ConversationPaused() in events
    text = messages[0]["answer"]
    assert "benefits adviser" in text and "You are number 1 in the line." in text
    ticket = store.open_ticket_for("person-1")
    detail = store.detail(ticket.id)
    assert (ticket.partner_id, ticket.specialist_kind, ticket.reason) == ("demo", "benefits_adviser", "asked")
    assert [line["text"] for line in detail.transcript] == [e["text"] for e in EVENTS]
    assert "how does work affect my benefits" in detail.summary


def said(text: str, intent: str) -> list[dict]:
    """The chat so far, with the person's latest message last, as Rasa keeps it."""
    return EVENTS + [{"event": "user", "text": text, "timestamp": MONDAY_10AM.timestamp() + 1,
                      "parse_data": {"intent": {"name": intent}}}]


@pytest.mark.parametrize("text, intent, needs", [
    ("I need BSL please", "need_other_way", ("bsl",)),
    ("I am Deaf and use BSL. I want to talk to a person", "talk_to_person", ("bsl", "no_voice_call")),
])
async def test_a_bsl_need_is_passed_on_whatever_the_intent(store, clock, on_duty, text, intent, needs):
    messages, _ = await run(ActionHandoff(), tracker(text, intent, events=said(text, intent)))
    assert "I will tell them you need a BSL interpreter." in messages[0]["answer"]
    assert store.detail(store.open_ticket_for("person-1").id).access_needs == needs


@pytest.mark.parametrize("text, need", [
    ("I am Deaf and want to chat with a real person", "Write to them: a voice phone call does not work for them"),
    ("I use BSL. Can I talk to someone", "BSL interpreter"),
])
async def test_access_needs_typed_in_the_chat_show_on_the_ticket(store, clock, on_duty, text, need):
    """What the person typed, in any message of the chat, is on the ticket the team reads: never "None given"."""
    events = [{"event": "user", "text": "/greet", "timestamp": MONDAY_10AM.timestamp() - 90},
              {"event": "bot", "text": "Hello. What would you like to know?", "timestamp": MONDAY_10AM.timestamp() - 89,
               "data": {"buttons": [{"title": "Talk to a person", "payload": "/talk_to_person"}]}},
              {"event": "user", "text": text, "timestamp": MONDAY_10AM.timestamp() - 60,
               "parse_data": {"intent": {"name": "talk_to_person"}}},
              {"event": "bot", "text": "Which benefit do you get?", "timestamp": MONDAY_10AM.timestamp() - 59},
              {"event": "user", "text": "/talk_to_person", "timestamp": MONDAY_10AM.timestamp(),
               "parse_data": {"intent": {"name": "talk_to_person"}}}]
    await run(ActionHandoff(), tracker("/talk_to_person", events=events))
    detail = store.detail(store.open_ticket_for("person-1").id)
    sam = Specialist(1, "demo", "sam", "Sam")
    page = ticket_html(detail, sam, "csrf", MONDAY_10AM, [])
    access = page.split("<h2>Access needs</h2>")[1].split("<h2>")[0]
    assert need in access and "None given" not in access
    assert html.escape(f'First message: "{text}"') in page and "/greet" not in page and "/talk_to_person" not in page
    assert html.escape('Last message: Pressed the button "Talk to a person"') in page
    if "Deaf" in text:
        assert "Do not phone them: write to them." in page.split("<h2>Contact</h2>")[1].split("<h2")[0]


@pytest.mark.parametrize("text", ["I am Deaf and use BSL. I want to talk to a person", "i need a bsl interpreter",
                                  "I cant use the phone, can someone help", "im hard of hearing, talk to a person"])
async def test_nobody_free_and_no_phone_call_for_deaf_people(store, clock, text):
    clock(SUNDAY_8PM)
    messages, events = await run(ActionHandoff(), tracker(text, "talk_to_person", events=said(text, "talk_to_person")))
    assert SlotSet("handoff_outcome", "written") in events and SlotSet("handoff_outcome", "callback") not in events
    assert "I will not ask to phone you." in messages[0]["answer"] and "help@example.org" in messages[0]["answer"]


@pytest.mark.parametrize("when, signed_in", [(MONDAY_10AM, False), (SUNDAY_8PM, True)])
async def test_nobody_on_duty_or_out_of_hours_means_a_call_back(store, accounts, clock, when, signed_in):
    if signed_in:
        accounts.add_specialist("demo", "sam", "a long password for tests", "Sam")
        accounts.sign_in("sam", "a long password for tests", now=when)
    clock(when)
    messages, events = await run(ActionHandoff(), tracker())
    assert messages == [] and SlotSet("handoff_outcome", "callback") in events
    assert store.open_ticket_for("person-1") is None


async def test_call_back_times_are_the_next_open_hours(clock):
    clock(SUNDAY_8PM)
    messages, _ = await run(ActionAskCallbackTime(), tracker())
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles == ["tomorrow at 9am", "tomorrow at 10am", "tomorrow at 11am", "No, thank you"]
    assert "nobody is free to talk right now" in messages[0]["text"]


@pytest.mark.parametrize("text, entity, chosen", [
    ("/inform", "2026-11-23T10:00:00+00:00", "2026-11-23T10:00:00+00:00"),
    ("/inform", "2026-11-23T03:00:00+00:00", None),  # not a time we offered
    ("the second one please", None, "2026-11-23T10:00:00+00:00"),
    ("tomorrow at 11am", None, "2026-11-23T11:00:00+00:00"),
    ("whenever", None, None),
])
def test_the_chosen_time_is_read_from_a_button_or_words(text, entity, chosen):
    t = tracker(text, "inform")
    if entity:
        t.latest_message["entities"] = [{"entity": "callback_time", "value": entity}]
    partner = partner_for("demo")
    assert read_callback_time(t, partner, SUNDAY_8PM) == chosen


async def test_a_booked_call_back_is_stored_and_the_number_forgotten(store, clock):
    clock(SUNDAY_8PM)
    slots = {"callback_time": "2026-11-23T09:00:00+00:00", "callback_phone": "07700900123",
             "handoff_reason": "asked", "handoff_needs": ["phone"]}
    messages, events = await run(ActionRequestCallback(), tracker("07700 900123", "inform", slots=slots))
    assert "We will call you at this time: tomorrow at 9am." in messages[0]["answer"]
    assert SlotSet("callback_phone", None) in events
    ticket = store.current_ticket_for("person-1")
    assert (ticket.kind, ticket.status) == ("callback", "callback_requested")
    assert ticket.callback_at == dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
    assert store.detail(ticket.id).contact["phone"] == "07700900123"
