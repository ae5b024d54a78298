"""Typing a button's title does what pressing it does, at every point of a conversation that shows buttons.

The real Rasa server and action server are walked from each way in (the first menu, the topics people
start with) by pressing buttons, and by typing the few answers that have no buttons. At each new set of
buttons, the conversation so far is copied twice for each button: one copy has the button pressed (its
payload sent), the other its title typed. Both must leave the same slots and run the same actions next.
"""
from __future__ import annotations

import json
import urllib.request
import uuid

import pytest

pytestmark = pytest.mark.stack

WAYS_IN = ["/greet", "/ask_help_to_work", "/ask_work_and_benefits", "/ask_support_near_me", "/talk_to_person",
           "I want to sign up", "work out a sum", "what might suit me"]
PARTNER = "closed-today"  # nobody free today, so talking to a person offers call-back times
# Answers to the questions that have no buttons, by the slot asked for.
TYPED = {"referral_council": "N1 9GU",  # on a border: the council is chosen from buttons
         "referral_name": "Sam", "referral_phone": "07700 900461", "referral_email": "sam@example.org",
         # pay with no period, so its buttons are asked; most periods make it taxed, so the nation is asked
         "hours_a_week": "40 hours", "pay_amount": "£2,000", "callback_phone": "07700 900123"}
MOST_STATES = 80  # the walk stops here: a bound on the test's time
# Every question with buttons that the forms ask, including the buttons actions build.
FORM_QUESTIONS = {("referral_form", slot) for slot in (
    "referral_consent", "referral_council", "referral_provider", "referral_contact_method", "referral_access_need",
    "work_status", "help_wanted", "referral_health", "referral_confirm")} | {("money_form", slot) for slot in (
    "benefit", "uc_lcw", "uc_child", "uc_housing", "pay_period", "nation", "age_band")} | {
    ("suit_form", "work_status"), ("suit_form", "help_wanted"), ("suit_form", "nation"),
    ("which_benefit_form", "benefit"), ("callback_form", "callback_time"), ("callback_form", "callback_phone_right")}
# Slots that differ between any two conversations: when the referral was started, and its reference.
NEW_EACH_TIME = ("referral_started", "last_answer")


class Rasa:
    def __init__(self, settings):
        self.url, self.token = settings.rasa_url, settings.rasa_token

    def _call(self, method: str, path: str, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")

    def say(self, chat: str, text: str) -> list[dict]:
        return self._call("POST", "/webhooks/rest/webhook",
                          {"sender": chat, "message": text, "metadata": {"partner": PARTNER}})

    def events(self, chat: str) -> list[dict]:
        return self._call("GET", f"/conversations/{chat}/tracker?include_events=ALL&token={self.token}")["events"]

    def copy(self, chat: str) -> str:
        copied = f"buttons-{uuid.uuid4()}"
        self._call("PUT", f"/conversations/{copied}/tracker/events?token={self.token}", self.events(chat))
        return copied

    def after(self, chat: str, text: str) -> tuple[tuple[dict, list[str]], list[dict]]:
        """Says text; gives the slots and the actions run in reply, and the reply."""
        reply = self.say(chat, text)
        tracker = self._call("GET", f"/conversations/{chat}/tracker?token={self.token}")
        events = tracker["events"]
        last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
        slots = {name: (value is not None if name in NEW_EACH_TIME else value)
                 for name, value in tracker["slots"].items()}
        return (slots, [e["name"] for e in events[last_user:] if e["event"] == "action"]), reply


def _asked(rasa: Rasa, chat: str) -> tuple[str | None, str | None]:
    """The form that is running and the slot it asked for: the same buttons may be asked in two forms."""
    tracker = rasa._call("GET", f"/conversations/{chat}/tracker?token={rasa.token}")
    return (tracker.get("active_loop") or {}).get("name"), tracker["slots"].get("requested_slot")


@pytest.fixture(scope="module")
def rasa(stack):
    return Rasa(stack.settings)


def test_typing_each_buttons_title_does_what_pressing_it_does(rasa):
    seen: set[tuple] = set()
    to_visit = []
    for way_in in WAYS_IN:
        chat = f"buttons-{uuid.uuid4()}"
        to_visit.append((chat, rasa.say(chat, way_in)))
    differences, checked = [], 0
    while to_visit and len(seen) < MOST_STATES:
        chat, reply = to_visit.pop(0)
        buttons = [b for message in reply for b in message.get("buttons") or []]
        asked = _asked(rasa, chat)
        if not buttons:
            if asked[1] in TYPED:
                to_visit.append((chat, rasa.say(chat, TYPED[asked[1]])))
            continue
        key = (asked, *((b["title"], b["payload"]) for b in buttons))
        if key in seen:
            continue
        seen.add(key)
        for button in buttons:
            pressed, typed = rasa.copy(chat), rasa.copy(chat)
            by_press, next_reply = rasa.after(pressed, button["payload"])
            by_typing, _ = rasa.after(typed, button["title"])
            checked += 1
            if by_press != by_typing:
                differences.append(f"{button['title']!r} after {[(m.get('text') or '')[:40] for m in reply]}:\n"
                                   f"  pressed {by_press}\n  typed   {by_typing}")
            to_visit.append((pressed, next_reply))
    assert FORM_QUESTIONS <= {key[0] for key in seen}, "the walk did not reach every question with buttons"
    assert checked >= 100
    assert not differences, "\n".join(differences)
