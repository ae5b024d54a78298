"""Personal data on the real stack: nothing a person types reaches a log, and erasing a referral by its
reference erases the chat it came from in Rasa's tracker store and that chat's tickets too."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from bot.config import ROOT
from bot.conversations import ConversationStore
from bot.accounts.store import AccountStore
from bot.handoff.tickets import TicketStore
from bot.referrals.store import ReferralStore

pytestmark = pytest.mark.stack

PASSWORD = "a long password for the privacy test"


def refer(person, name: str, contact: list[str], health: str) -> str:
    """A referral to Westway from consent to "send"; its reference."""
    person.texts("I want to sign up")
    person.texts("yes")
    person.texts("SW1A 1AA")
    person.texts('/inform{"provider":"westway_sample"}')
    person.texts(f"call me {name}")
    for answer in contact:
        person.texts(answer)
    person.texts('/inform{"access_need":"bsl"}')
    person.texts('/inform{"work_status":"out_of_work"}')
    assert "your health in your own words" in person.texts('/inform{"help_wanted":"cv"}')
    assert health in person.texts(health)
    sent = person.texts("send")
    assert "Your reference is " in sent, sent
    return sent.split("Your reference is ")[1].split(".")[0]


def test_nothing_a_person_types_reaches_any_log(stack, new_chat):
    name, email, phone = "Zephyrine", "zephyrine.quill@example.org", "07700 900873"
    health, to_the_team = "my knees ache on frosty mornings", "my landlord keeps shouting at me"
    person = new_chat("always-open")
    refer(person, name, ["by email", email], health)

    tickets = TicketStore.open(stack.settings)
    accounts = AccountStore(tickets.engine)
    username = f"privacy-{uuid.uuid4().hex[:8]}"
    accounts.add_specialist("always-open", username, PASSWORD, "Kim from the team")
    token = accounts.sign_in(username, PASSWORD)[0]
    specialist = accounts.specialist_for_session(token)[0]
    try:
        assert person.say("I want to talk to a person")["handoff"]["state"] == "waiting"
        person.say(f"{to_the_team}, call me on {phone}")
        ticket = tickets.open_ticket_for(person.conversation)
        tickets.claim(specialist, ticket.id)
        tickets.reply(specialist, ticket.id, "Hello, I can help with that.")
        assert any("Hello, I can help with that." in json.dumps(person.updates()) for _ in range(5))
        tickets.close(specialist, ticket.id)
        person.say("thank you")
    finally:
        accounts.sign_out(token)

    logs = {path.name: path.read_text(errors="replace").lower() for path in (stack.log_dir).glob("*.log")}
    assert {"rasa.log", "actions.log", "gateway.log"} <= set(logs)
    for said in (name, email, phone, phone.replace(" ", ""), "SW1A 1AA", "SW1A1AA", health, to_the_team):
        leaked = [log for log, text in logs.items() if said.lower() in text]
        assert not leaked, f"{said!r} is in {leaked}"


def test_the_chat_is_encrypted_in_rasas_tracker_store(stack, new_chat):
    person = new_chat()
    person.texts("hello")
    person.texts("my neighbour Mr Blackthorn-Ives says I cannot work")
    chat = ConversationStore.open(stack.settings).export(person.conversation)
    assert "my neighbour Mr Blackthorn-Ives says I cannot work" in [e.get("text") for e in chat]
    stored = b"".join(path.read_bytes() for path in stack.settings.var_dir.glob("rasa-tracker.db*"))
    assert person.conversation.encode() in stored, "the test reads the right file"
    assert person.session.encode() not in stored  # the id the browser holds is never kept
    for secret in (b"Blackthorn", b"my neighbour", b"ask_own_money", b"utter_greet"):
        assert secret not in stored


def test_an_id_found_on_disk_is_no_use_at_the_public_api(stack, new_chat):
    """Rasa and the stores know a chat by a keyed hash of the id the browser holds (bot.conversations): the id
    in their files, sent to /api/chat, is a chat of its own and reaches nothing of the person's."""
    person = new_chat()
    assert "Which benefit do you get?" in person.texts("/ask_work_and_benefits")
    harvested = new_chat()
    harvested.session = person.conversation  # as read from Rasa's files or the app database
    assert "Which benefit do you get?" not in harvested.texts("esa")
    chat = ConversationStore.open(stack.settings)
    assert "esa" not in [event.get("text") for event in chat.export(person.conversation)]
    assert "esa" in [event.get("text") for event in chat.export(harvested.conversation)]


def test_erasing_a_referral_erases_its_chat_and_tickets_in_every_store(stack, new_chat):
    person = new_chat("closed-today")  # nobody on duty: "talk to a person" books a call back
    reference = refer(person, "Robin", ["by phone", "07700 900461"], "my back hurts when I sit for long")
    offer = person.say("talk to a person please")
    person.texts(offer["messages"][-1]["buttons"][0]["payload"])
    assert "Is that the right number?" in person.texts("07700 900129")  # no other test books it: 3 open a day
    assert "We will call you" in person.texts("yes")

    def cli(*args: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "APP_ENCRYPTION_KEY")}
        return subprocess.run([sys.executable, "-m", "bot.referrals.cli", *args], cwd=ROOT, capture_output=True,
                              text=True, env={**env, "VAR_DIR": str(stack.settings.var_dir)}, timeout=120)

    exported = cli("export", reference)
    assert exported.returncode == 0, exported.stderr
    held = json.loads(exported.stdout)
    assert held["person"]["name"] == "Robin"
    assert "call me Robin" in [event.get("text") for event in held["chat"]]
    assert [h["contact"] for h in held["handovers"]] == [{"phone": "07700900129"}]

    erased = cli("erase", reference)
    assert erased.returncode == 0, erased.stderr
    assert ConversationStore.open(stack.settings).export(person.conversation) == []
    [ticket] = TicketStore.open(stack.settings).export_conversation(person.conversation)
    assert (ticket["summary"], ticket["transcript"], ticket["contact"], ticket["status"]) == ("", [], {}, "closed")
    after = ReferralStore.open(stack.settings).export(reference)
    assert after["person"] is None and after["erased"] is True

    assert "Hello. I am a computer" in person.texts("hello"), "Rasa starts the chat afresh"
