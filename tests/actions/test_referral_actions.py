"""The referral form's actions, run with rasa-sdk's own Tracker and CollectingDispatcher and a real store."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import OperationalError

import actions.referral as referral
from actions.referral import (ActionAskReferralCouncil, ActionAskReferralProvider, ActionCheckReferral, ActionReferralSubmit,
                              ValidateReferralForm)
from bot.storage.db import retry_when_disconnected
from bot.referrals.store import ReferralStore

DOMAIN = {}
for part in ("core", "programmes", "money", "referral"):
    loaded = yaml.safe_load((Path(__file__).parents[2] / "domain" / f"{part}.yml").read_text())
    for key in ("slots", "responses", "forms"):
        DOMAIN.setdefault(key, {}).update(loaded.get(key) or {})
    DOMAIN.setdefault("actions", []).extend(loaded.get("actions") or [])

FILLED = {"referral_consent": "yes", "referral_started": "2026-11-23T10:00:00+00:00",
          "referral_postcode": "SW1A 1AA", "referral_council": "westminster", "referral_provider": "westway_sample",
          "referral_name": "Sam", "referral_contact_method": "phone", "referral_phone": "07700900461",
          "referral_access_need": "bsl", "work_status": "out_of_work", "help_wanted": "cv",
          "referral_health": "Long covid; some days are hard.", "referral_confirm": "send"}


def tracker(text="", requested=None, slots=None, intent="inform", entities=None, sender="person-1") -> Tracker:
    return Tracker(
        sender_id=sender,
        slots={"detail_level": "easy", "requested_slot": requested, **(slots or {})},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0},
                        "entities": entities or [], "metadata": {}},
        events=[], paused=False, followup_action=None,
        active_loop={"name": "referral_form"}, latest_action_name="action_listen",
    )


def slots_of(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def validate(t: Tracker) -> tuple[list, dict]:
    dispatcher = CollectingDispatcher()
    events = await ValidateReferralForm().run(dispatcher, t, DOMAIN)
    return dispatcher.messages, slots_of(events)


@pytest.fixture
def store(isolated_settings, monkeypatch):
    opened = ReferralStore.open(isolated_settings)
    monkeypatch.setattr(referral, "default_store", lambda: opened)
    return opened


async def test_yes_to_consent_notes_when_the_form_started_and_asks_where_you_live():
    _, slots = await validate(tracker("yes", "referral_consent"))
    assert slots["referral_consent"] == "yes" and slots["referral_started"]
    assert slots["requested_slot"] == "referral_council"


async def test_no_to_consent_ends_the_form():
    _, slots = await validate(tracker("no thanks", "referral_consent"))
    assert slots["referral_consent"] == "no" and slots["requested_slot"] is None


async def test_a_postcode_gives_the_council_and_a_bad_one_a_plain_question():
    _, slots = await validate(tracker("sw1a 1aa", "referral_council", {"referral_consent": "yes"}))
    assert slots["referral_postcode"] == "SW1A 1AA" and slots["referral_council"] == "westminster"
    messages, slots = await validate(tracker("12345", "referral_council", {"referral_consent": "yes"}))
    assert slots["referral_council"] is None
    assert "does not look like a postcode" in messages[0]["problem"]


async def test_a_council_name_works_instead_of_a_postcode():
    _, slots = await validate(tracker("I live in Camden", "referral_council", {"referral_consent": "yes"}))
    assert slots["referral_council"] == "camden"


async def test_a_postcode_on_a_border_asks_which_council_and_keeps_the_postcode():
    _, slots = await validate(tracker("N1 9GU", "referral_council", {"referral_consent": "yes"}))
    assert slots["referral_postcode"] == "N1 9GU" and slots["referral_council"] is None
    dispatcher = CollectingDispatcher()
    await ActionAskReferralCouncil().run(dispatcher, tracker(slots={"referral_postcode": "N1 9GU"}), DOMAIN)
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["Islington", "Hackney"]
    _, slots = await validate(tracker("Hackney", "referral_council",
                                      {"referral_consent": "yes", "referral_postcode": "N1 9GU"}))
    assert slots["referral_council"] == "hackney" and "referral_postcode" not in slots  # kept as it was


async def test_a_postcode_we_do_not_cover_says_so():
    messages, slots = await validate(tracker("W1A 1AA", "referral_council", {"referral_consent": "yes"}))
    assert slots["referral_council"] is None
    assert messages[0]["response"] == "utter_referral_no_service"


async def test_providers_are_shown_side_by_side_as_buttons():
    dispatcher = CollectingDispatcher()
    await ActionAskReferralProvider().run(dispatcher, tracker(slots={"referral_council": "hackney"}), DOMAIN)
    texts = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert "Northbank Work Support (sample)" in texts and "Eastside Peer Work Network (sample)" in texts
    assert "When they will contact you: Within 3 working days" in texts
    titles = [b["title"] for b in dispatcher.messages[-1]["buttons"]]
    assert titles == ["Northbank Work Support (sample)", "Eastside Peer Work Network (sample)"]


async def test_choosing_a_provider_by_button_or_by_name():
    asked = {"referral_consent": "yes", "referral_council": "hackney"}
    _, slots = await validate(tracker("/inform", "referral_provider", asked,
                                      entities=[{"entity": "provider", "value": "eastside_sample"}]))
    assert slots["referral_provider"] == "eastside_sample"
    _, slots = await validate(tracker("northbank please", "referral_provider", asked))
    assert slots["referral_provider"] == "northbank_sample"
    messages, slots = await validate(tracker("the blue one", "referral_provider", asked))
    assert slots["referral_provider"] is None and messages


async def test_a_bad_phone_number_gets_a_plain_question_and_a_good_one_is_cleaned():
    asked = {**FILLED, "referral_phone": None, "referral_confirm": None}
    messages, slots = await validate(tracker("0123", "referral_phone", asked))
    assert slots["referral_phone"] is None and "11 numbers" in messages[0]["problem"]
    _, slots = await validate(tracker("my number is +44 7700 900461", "referral_phone", asked))
    assert slots["referral_phone"] == "07700900461"


async def test_email_contact_asks_for_email_not_phone():
    asked = {**FILLED, "referral_contact_method": None, "referral_phone": None, "referral_confirm": None}
    _, slots = await validate(tracker("email me please", "referral_contact_method", asked))
    assert slots["referral_contact_method"] == "email" and slots["requested_slot"] == "referral_email"
    messages, slots = await validate(tracker("sam at home", "referral_email",
                                             {**asked, "referral_contact_method": "email"}))
    assert slots["referral_email"] is None and "@" in messages[0]["problem"]


async def test_help_already_given_is_not_asked_again():
    asked = {**FILLED, "referral_health": None, "referral_confirm": None, "referral_access_need": None}
    _, slots = await validate(tracker("none", "referral_access_need", asked))
    assert slots["referral_access_need"] == "none" and slots["requested_slot"] == "referral_health"


async def test_changing_the_phone_number_from_the_summary_asks_it_again():
    _, slots = await validate(tracker("change my phone number", "referral_confirm", {**FILLED, "referral_confirm": None}))
    assert slots["referral_phone"] is None and slots["requested_slot"] == "referral_phone"
    _, slots = await validate(tracker("change my email", "referral_confirm", {**FILLED, "referral_confirm": None}))
    assert slots["referral_contact_method"] is None  # they had chosen phone: ask how first


async def test_changing_the_postcode_asks_where_you_live_and_the_service_again():
    _, slots = await validate(tracker("I want to change my postcode", "referral_confirm",
                                      {**FILLED, "referral_confirm": None}))
    assert slots["referral_council"] is None and slots["referral_provider"] is None
    assert slots["requested_slot"] == "referral_council"


async def test_start_again_is_not_taken_as_an_answer():
    _, slots = await validate(tracker("start again", "referral_phone", {**FILLED, "referral_phone": None},
                                      intent="start_again"))
    assert "referral_phone" not in slots


async def test_send_submits_once_says_who_and_when_and_clears_the_answers(store):
    dispatcher = CollectingDispatcher()
    events = await ActionReferralSubmit().run(dispatcher, tracker("send", slots=FILLED), DOMAIN)
    said = dispatcher.messages[0]["answer"]
    assert "Westway Work Project (sample) will contact you by" in said
    assert all(value is None for name, value in slots_of(events).items() if name.startswith("referral_"))
    reference = said.split("Your reference is ")[1].split(".")[0]
    person = store.export(reference)
    assert person is not None
    again = CollectingDispatcher()  # the same form sent twice (a retry) makes no second referral
    await ActionReferralSubmit().run(again, tracker("send", slots=FILLED), DOMAIN)
    assert reference in again.messages[0]["answer"]
    assert len(store.list_for_provider("westway_sample")) == 1


async def test_declining_keeps_nothing(store):
    dispatcher = CollectingDispatcher()
    events = await ActionReferralSubmit().run(dispatcher, tracker("no", slots={"referral_consent": "no"}), DOMAIN)
    assert dispatcher.messages[0]["response"] == "utter_referral_declined"
    assert SlotSet("referral_consent", None) in events
    assert store.list_for_provider("westway_sample") == []


async def test_check_referral_reads_the_reference_and_says_the_status(store):
    dispatcher = CollectingDispatcher()
    await ActionReferralSubmit().run(dispatcher, tracker("send", slots=FILLED), DOMAIN)
    reference = dispatcher.messages[0]["answer"].split("Your reference is ")[1].split(".")[0]
    checked = CollectingDispatcher()
    await ActionCheckReferral().run(checked, tracker(f"check my referral {reference.lower()}",
                                                     intent="check_referral"), DOMAIN)
    assert "Westway Work Project (sample) has your request." in checked.messages[0]["answer"]
    missing = CollectingDispatcher()
    await ActionCheckReferral().run(missing, tracker("check my referral K7PA-4QXM", intent="check_referral"), DOMAIN)
    assert "cannot find that reference" in missing.messages[0]["answer"]
    asked = CollectingDispatcher()
    await ActionCheckReferral().run(asked, tracker("check my referral", intent="check_referral"), DOMAIN)
    assert asked.messages[0]["response"] == "utter_ask_reference"


async def test_a_bare_reference_answers_the_question_and_other_words_are_not_taken_for_one(store):
    dispatcher = CollectingDispatcher()
    await ActionReferralSubmit().run(dispatcher, tracker("send", slots=FILLED), DOMAIN)
    reference = dispatcher.messages[0]["answer"].split("Your reference is ")[1].split(".")[0]
    asked = [{"event": "bot", "text": "What is your reference?", "metadata": {"utter_action": "utter_ask_reference"}}]
    bare = tracker(reference, intent="nlu_fallback")
    bare.events = asked
    checked = CollectingDispatcher()
    await ActionCheckReferral().run(checked, bare, DOMAIN)
    assert "Westway Work Project (sample) has your request." in checked.messages[0]["answer"]
    again = CollectingDispatcher()
    not_a_reference = tracker("purple elephant", intent="nlu_fallback")
    not_a_reference.events = asked
    await ActionCheckReferral().run(again, not_a_reference, DOMAIN)
    assert again.messages[0]["response"] == "utter_ask_reference"
    other = CollectingDispatcher()
    after_an_answer = tracker("purple elephant", intent="nlu_fallback")
    after_an_answer.events = [{"event": "bot", "text": "...", "metadata": {"utter_action": "utter_answer"}}]
    await ActionCheckReferral().run(other, after_an_answer, DOMAIN)
    assert other.messages[0]["response"] == "utter_ask_rephrase"


async def test_a_database_out_of_reach_keeps_the_answers_and_asks_again_to_send(monkeypatch):
    class Unreachable:
        def submit(self, *args, **kwargs):
            raise OperationalError("INSERT", {}, ConnectionError("the server closed the connection"))

    monkeypatch.setattr(referral, "default_store", Unreachable)
    monkeypatch.setattr(referral, "retry_when_disconnected", lambda work: retry_when_disconnected(work, wait=0))
    dispatcher = CollectingDispatcher()
    events = await ActionReferralSubmit().run(dispatcher, tracker("send", slots=FILLED), DOMAIN)
    assert [m["response"] for m in dispatcher.messages] == ["utter_referral_not_sent"]
    assert events == [SlotSet("referral_confirm", None), ActiveLoop("referral_form"),
                      SlotSet("requested_slot", "referral_confirm")], "the answers stay; the form asks again"
