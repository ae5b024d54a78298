"""Handing over to a person, through the real Rasa server, action server and gateway, with a specialist
signed in to the inbox over HTTP.

The stack's partners (tests/conftest.py): "always-open" is open at every hour, "closed-today" is closed
all of today. A ticket nobody claims waits HANDOFF_CLAIM_SECONDS before the call-back offer.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from sqlalchemy import select

from bot.handoff.office_hours import LONDON
from bot.accounts.store import AccountStore
from bot.handoff.tickets import TicketStore
from bot.storage.models import OutboxRow

PASSWORD = "a long password for tests"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class InboxClient:
    """A specialist's browser, as far as the inbox needs one: cookies, the CSRF field, redirects."""

    def __init__(self, gateway_url: str):
        self.url, self.cookies, self.csrf = gateway_url, {}, ""
        self.opener = urllib.request.build_opener(NoRedirect)

    def _send(self, path: str, form: dict | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        request = urllib.request.Request(self.url + path, data=data, headers={"Cookie": cookie} if cookie else {})
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";")[0].split("=", 1)
            self.cookies[name] = value
        return response.status if hasattr(response, "status") else response.code, \
            response.headers.get("Location", ""), response.read().decode()

    def get(self, path: str) -> str:
        status, location, page = self._send(path)
        if status == 303:
            return self.get(location)
        assert status == 200, (path, status)
        found = re.search(r'name="csrf" value="([^"]+)"', page)
        self.csrf = found.group(1) if found else self.csrf
        return page

    def post(self, path: str, **form) -> str:
        status, location, page = self._send(path, {**form, "csrf": self.csrf})
        assert status == 303, (path, status, page[:500])
        return self.get(location)

    def sign_in(self, username: str) -> str:
        self.get("/inbox/sign-in")
        return self.post("/inbox/sign-in", username=username, password=PASSWORD)


@pytest.fixture
def tickets(stack) -> TicketStore:
    return TicketStore.open(stack.settings)


@pytest.fixture
def specialist(stack, tickets):
    """A specialist of the always-open partner, signed in to the inbox (so someone is on duty)."""
    name = f"specialist-{uuid.uuid4().hex[:8]}"
    AccountStore(tickets.engine).add_specialist("always-open", name, PASSWORD, "Sam from the team")
    inbox = InboxClient(stack.settings.gateway_url)
    assert "Sam from the team" in inbox.sign_in(name)
    return inbox


@pytest.fixture(autouse=True)
def not_in_the_last_minute_of_the_day():
    # always-open closes at 23:59 (UK time) for one minute: wait it out rather than fail.
    if dt.datetime.now(LONDON).strftime("%H:%M") == "23:59":
        time.sleep(61)


def wait_for(person, after: int, want) -> dict:
    """Polls as the widget does until `want(reply)` holds, for at most a minute."""
    deadline, seen = time.monotonic() + 60, ""
    while time.monotonic() < deadline:
        reply = person.updates(after, seen)
        if want(reply):
            return reply
        after = reply["after"]
        seen = ":".join(str(v) for v in reply["handoff"].values())
    raise AssertionError("nothing came within a minute")


def test_a_person_and_a_specialist_talk_then_the_assistant_answers_again(new_chat, specialist, tickets):
    person = new_chat("always-open")
    asked = person.say("/talk_to_person")
    assert asked["handoff"] == {"state": "waiting", "position": 1}
    assert "You are number 1 in the line" in asked["messages"][0]["text"]
    assert len(asked["messages"]) == 1  # the signal that a ticket opened is for the gateway, not shown

    # While waiting, the person's message goes to the ticket, not to the assistant.
    assert person.say("Hello, is anyone there? <b>bold</b>")["messages"] == []
    ticket = tickets.open_ticket_for(person.conversation)
    queue = specialist.get("/inbox")
    assert f"/inbox/tickets/{ticket.id}" in queue
    page = specialist.post(f"/inbox/tickets/{ticket.id}/claim")
    assert "Hello, is anyone there? &lt;b&gt;bold&lt;/b&gt;" in page  # shown as text, never run
    # The transcript came with the ticket, the pressed button as its title, never its payload.
    assert "Pressed the button &quot;Talk to a person&quot;" in page and "/talk_to_person" not in page

    joined = wait_for(person, 0, lambda r: r["handoff"]["state"] == "live")
    specialist.post(f"/inbox/tickets/{ticket.id}/reply", text="Hi, I am Sam. How can I help?")
    reply = wait_for(person, joined["after"], lambda r: r["messages"])
    assert reply["messages"] == [{"text": "Hi, I am Sam. How can I help?", "from": "team"}]

    assert person.say("I want help with my CV")["messages"] == []
    assert "I want help with my CV" in specialist.get(f"/inbox/tickets/{ticket.id}")

    specialist.post(f"/inbox/tickets/{ticket.id}/close")
    ended = wait_for(person, reply["after"], lambda r: r["handoff"]["state"] == "none")
    assert "You are back with the assistant now" in ended["messages"][0]["text"]
    assert "Hello. I am a computer" in person.texts("hello")


def test_the_person_can_go_back_to_the_assistant_while_waiting(new_chat, specialist, tickets):
    person = new_chat("always-open")
    assert person.say("I need BSL")["handoff"]["state"] == "waiting"
    ticket = tickets.open_ticket_for(person.conversation)
    assert "bsl" in tickets.detail(ticket.id).access_needs

    back = person.say("/cancel_handoff")
    assert back["handoff"] == {"state": "none"}
    assert "Nobody from the team will join this chat" in back["messages"][0]["text"]
    assert tickets.current_ticket_for(person.conversation).status == "cancelled"
    assert "Hello. I am a computer" in person.texts("hello")


def test_crisis_words_while_waiting_get_help_first_and_make_the_ticket_urgent(new_chat, specialist, tickets):
    from bot.safety import load_crisis_help

    person = new_chat("always-open")
    person.say("can I talk to someone")
    reply = person.say("I want to end my life")
    assert reply["messages"][0]["text"] == load_crisis_help().for_category("suicide").message.easy
    assert tickets.open_ticket_for(person.conversation).urgent


def test_crisis_words_outside_a_handoff_tell_the_team_at_once(new_chat, specialist, tickets):
    from bot.safety import load_crisis_help

    person = new_chat("always-open")
    assert "Which benefit do you get?" in person.texts("/ask_work_and_benefits")
    reply = person.say("i dont want to be here anymore")
    texts = [m["text"] for m in reply["messages"]]
    assert texts[0] == load_crisis_help().for_category("suicide").message.easy and texts.count(texts[0]) == 1
    assert "I am telling a person from our team now" in "\n".join(texts)
    ticket = tickets.open_ticket_for(person.conversation)
    assert ticket.urgent and ticket.specialist_kind == "team_on_duty"


def test_nobody_claims_in_time_so_the_person_is_offered_a_call_back(new_chat, specialist, tickets):
    person = new_chat("always-open")
    assert person.say("/talk_to_person")["handoff"]["state"] == "waiting"
    offer = wait_for(person, 0, lambda r: r["handoff"]["state"] == "none")
    assert "nobody is free to talk right now" in offer["messages"][0]["text"]
    assert offer["messages"][0]["buttons"][-1] == {"title": "No, thank you", "payload": "/start_again"}
    assert tickets.current_ticket_for(person.conversation).status == "unanswered"


@pytest.fixture
def mailbox(stack, start_smtp):
    """A real mail server on the port the stack's outbox sends to."""
    return start_smtp(int(os.environ["SMTP_PORT"]))[0]


def test_out_of_hours_the_person_books_a_call_back_and_it_is_delivered(new_chat, tickets, mailbox):
    person = new_chat("closed-today")
    offer = person.say("talk to a person please")
    assert offer["handoff"] == {"state": "none"}
    choices = offer["messages"][-1]["buttons"]
    assert len(choices) == 4 and "9am" in choices[0]["title"]

    assert "What phone number should we call?" in person.texts(choices[0]["payload"])
    assert "does not look like a phone number" in person.texts("my number is 123")
    # A number no other test books: each has at most 3 open a day. It is read back before anything is booked.
    read_back = person.say("07700 900124")["messages"][-1]
    assert read_back["text"] == "We will call 07700 900124. Is that the right number?"
    assert tickets.current_ticket_for(person.conversation) is None
    booked = person.texts(read_back["buttons"][0]["payload"])  # "Yes, that is right"
    assert f"We will call you at this time: {choices[0]['title']}" in booked

    ticket = tickets.current_ticket_for(person.conversation)
    assert ticket.kind == "callback" and ticket.status == "callback_requested"
    with tickets.engine.connect() as connection:
        assert connection.execute(select(OutboxRow.id).where(OutboxRow.ticket_id == ticket.id)).all()
    deadline = time.monotonic() + 30
    while not mailbox.messages and time.monotonic() < deadline:
        time.sleep(0.5)
    [mail] = mailbox.messages
    assert mail["To"] == "closed-today@example.org"
    assert ticket.id in mail["Subject"] and "07700900124" in mail.get_payload().replace(" ", "")
