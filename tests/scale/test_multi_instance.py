"""Two of each process on 127.0.0.1 against the real PostgreSQL and Redis, as several instances run behind a
load balancer (docs/deploy.md): a conversation whose messages alternate between the instances stays one
conversation, and a handoff works with the person and the specialist on different gateways."""
from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import threading
import time
import urllib.parse
import urllib.request
import uuid

import pytest
from sqlalchemy import text

from bot.conversations import ConversationStore, conversation_id
from bot.storage.db import make_engine
from bot.accounts.store import AccountStore
from bot.handoff.tickets import TicketStore
from bot.storage.crypto import load_cipher
from bot.referrals.store import ReferralStore
from bot.stack import Stack

pytestmark = pytest.mark.stack

PASSWORD = "a long password for two gateways"


class Person:
    """One person whose messages go to each gateway in turn, as a load balancer might send them."""

    def __init__(self, gateways: list[str], partner: str = "demo"):
        self.gateways, self.partner, self.sent = gateways, partner, 0
        self.session = f"scale-{uuid.uuid4()}"

    def next_gateway(self) -> str:
        self.sent += 1
        return self.gateways[self.sent % len(self.gateways)]

    def say(self, message: str, via: int | None = None) -> dict:
        """Sends to the next gateway in turn, or to gateway `via` (0 or 1)."""
        gateway = self.gateways[via] if via is not None else self.next_gateway()
        body = json.dumps({"session": self.session, "message": message, "partner": self.partner}).encode()
        request = urllib.request.Request(f"{gateway}/api/chat", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def texts(self, message: str, via: int | None = None) -> str:
        return "\n".join(m.get("text", "") for m in self.say(message, via)["messages"])

    def updates(self, after: int = 0, seen: str = "") -> dict:
        query = urllib.parse.urlencode({"session": self.session, "after": after, "seen": seen})
        with urllib.request.urlopen(f"{self.next_gateway()}/api/chat/updates?{query}", timeout=60) as response:
            return json.loads(response.read())


@pytest.fixture(scope="module")
def two_of_each(stack, postgres_database, redis_url, free_port, tmp_path_factory):
    """Two action servers, two Rasa servers and two gateways sharing PostgreSQL (the app database and
    Rasa's tracker store) and Redis (Rasa's lock store), started once for this module:
    (gateway URLs, app database URL, tracker URL, settings, stacks). A test that kills a process restarts it."""
    app_url, tracker_url = postgres_database(), postgres_database()
    var_dir = tmp_path_factory.mktemp("two-of-each")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("DATABASE_URL", app_url)
        environment.setenv("TRACKER_DATABASE_URL", tracker_url)
        environment.setenv("REDIS_URL", redis_url)
        environment.setenv("REDIS_KEY_PREFIX", f"test-{uuid.uuid4().hex[:8]}")
        stacks = [Stack(dataclasses.replace(stack.settings, var_dir=var_dir, rasa_port=free_port(),
                                            action_port=free_port(), gateway_port=free_port()), stack.model)
                  for _ in range(2)]
        try:
            for name in ("actions", "rasa", "gateway"):
                for one in stacks:  # one at a time: the first of each makes the tables the others share
                    one.start(name)
                    one.wait_healthy(name)
            yield [one.settings.gateway_url for one in stacks], app_url, tracker_url, stacks[0].settings, stacks
        finally:
            for one in stacks:
                one.stop_all()


def restart(one: Stack, name: str) -> None:
    one.start(name)
    one.wait_healthy(name)


def test_a_conversation_alternating_between_instances_stays_one_conversation(two_of_each):
    gateways, app_url, tracker_url, settings, _ = two_of_each
    person = Person(gateways)
    assert "Is that OK?" in person.texts("I want to sign up")
    assert "What is your postcode?" in person.texts("yes")
    assert "Westway Work Project (sample)" in person.texts("SW1A 1AA")
    assert "What would you like the service to call you?" in person.texts('/inform{"provider":"westway_sample"}')
    assert "How would you like the service to contact you?" in person.texts("call me Robin")
    assert "What is your phone number?" in person.texts("by phone")
    assert "help to take part" in person.texts("07700 900461")
    assert "Are you in work" in person.texts('/inform{"access_need":"bsl"}')
    assert "What help would you like most?" in person.texts('/inform{"work_status":"out_of_work"}')
    assert "your health in your own words" in person.texts('/inform{"help_wanted":"cv"}')
    assert "Name: Robin." in person.texts("skip")
    sent = person.texts("send")
    reference = sent.split("Your reference is ")[1].split(".")[0]
    assert "Westway Work Project (sample) has your request." in person.texts(f"check my referral {reference}")

    referrals = ReferralStore(make_engine(app_url), load_cipher(settings.var_dir))
    assert referrals.conversation_of(reference) == conversation_of(person, settings)
    assert referrals_from(app_url, person, settings) == 1, "sent once, not twice"
    chat = ConversationStore.open(settings).export(conversation_of(person, settings))
    assert "call me Robin" in [event.get("text") for event in chat], "one chat in the shared tracker store"
    with make_engine(tracker_url).connect() as connection:
        stored = " ".join(str(row) for row in connection.execute(text("SELECT data FROM events")))
    assert "Robin" not in stored and "07700" not in stored


def test_a_handoff_works_with_the_person_and_the_specialist_on_different_gateways(two_of_each):
    gateways, app_url, _, settings, _ = two_of_each
    tickets = TicketStore(make_engine(app_url), load_cipher(settings.var_dir))
    accounts = AccountStore(tickets.engine)
    accounts.add_specialist("always-open", "kim", PASSWORD, "Kim from the team")
    specialist = accounts.specialist_for_session(accounts.sign_in("kim", PASSWORD)[0])[0]
    person = Person(gateways, "always-open")
    assert person.say("I want to talk to a person")["handoff"]["state"] == "waiting"
    person.say("I am waiting on the other gateway")
    ticket = tickets.open_ticket_for(conversation_of(person, settings))
    assert [m.text for m in tickets.detail(ticket.id).messages] == ["I am waiting on the other gateway"]
    tickets.claim(specialist, ticket.id)
    tickets.reply(specialist, ticket.id, "Hello from Kim.")
    deadline, heard = time.monotonic() + 60, []
    while not heard and time.monotonic() < deadline:
        heard = [m["text"] for m in person.updates()["messages"] if m.get("from") == "team"]
    assert heard == ["Hello from Kim."]
    tickets.close(specialist, ticket.id)
    assert "Hello. I am a computer" in person.texts("hello"), "the assistant answers again, on either gateway"


NOTHING_LOST = "You have not lost anything."


def start_referral(person: Person, via: int) -> None:
    """Up to the phone number question, all through one gateway."""
    for said, expected in [("I want to sign up", "Is that OK?"), ("yes", "What is your postcode?"),
                           ("SW1A 1AA", "Westway"), ('/inform{"provider":"westway_sample"}', "call you?"),
                           ("call me Robin", "contact you?"), ("by phone", "What is your phone number?")]:
        assert expected in person.texts(said, via), said


def answer_up_to_the_summary(person: Person, via: int) -> None:
    for said, expected in [("07700 900461", "help to take part"), ('/inform{"access_need":"bsl"}', "Are you in work"),
                           ('/inform{"work_status":"out_of_work"}', "What help"),
                           ('/inform{"help_wanted":"cv"}', "your own words"), ("skip", "Name: Robin.")]:
        assert expected in person.texts(said, via), said


def finish_referral(person: Person, via: int) -> str:
    answer_up_to_the_summary(person, via)
    sent = person.texts("send", via)
    return sent.split("Your reference is ")[1].split(".")[0]


def referrals_from(app_url: str, person: Person, settings) -> int:
    with make_engine(app_url).connect() as connection:
        return connection.execute(text("SELECT count(*) FROM referrals WHERE conversation_id = :c"),
                                  {"c": conversation_of(person, settings)}).scalar()


def conversation_of(person: Person, settings) -> str:
    """The id both gateways give this person's chat: they share the key, so they make the same one."""
    return conversation_id(load_cipher(settings.var_dir), person.session)


@pytest.mark.parametrize("killed", ["rasa", "actions"])
def test_killing_a_rasa_or_action_server_mid_form_loses_nothing(two_of_each, killed):
    gateways, app_url, _, settings, stacks = two_of_each
    person = Person(gateways)
    start_referral(person, via=0)
    stacks[0].kill(killed)  # kill -9, mid-form, on the first instance
    try:
        reply = person.say("07700 900461", via=0)
        assert reply["degraded"] and NOTHING_LOST in reply["messages"][0]["text"], "a clear message, not silence"
        # The load balancer sends the person to the other instance, where the form goes on from the same question.
        reference = finish_referral(person, via=1)
    finally:
        restart(stacks[0], killed)
    assert referrals_from(app_url, person, settings) == 1
    assert "has your request" in person.texts(f"check my referral {reference}", via=1)


def test_killing_a_gateway_mid_form_loses_nothing(two_of_each):
    gateways, app_url, _, settings, stacks = two_of_each
    person = Person(gateways)
    start_referral(person, via=0)
    stacks[0].kill("gateway")
    try:
        with pytest.raises(OSError):
            person.say("07700 900461", via=0)  # the widget says it is reconnecting, and keeps the message
        finish_referral(person, via=1)
    finally:
        restart(stacks[0], "gateway")
    assert referrals_from(app_url, person, settings) == 1


def postgresql(action: str) -> None:
    """Stops or starts the PostgreSQL cluster on port 5432 of this machine, as a fail-over or upgrade would."""
    clusters = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True)
    version, name = next(line.split()[:2] for line in clusters.stdout.splitlines() if line.split()[2] == "5432")
    subprocess.run(["pg_ctlcluster", version, name, action], check=True, timeout=120)


def test_restarting_postgresql_while_a_referral_is_sent_sends_it_once(two_of_each):
    if not shutil.which("pg_ctlcluster"):
        pytest.skip("PostgreSQL on this machine cannot be restarted from here (no pg_ctlcluster)")
    gateways, app_url, _, settings, _ = two_of_each
    person = Person(gateways)
    start_referral(person, via=0)
    answer_up_to_the_summary(person, via=0)

    postgresql("stop")
    starting = threading.Timer(3, postgresql, ["start"])  # back while the person is still trying
    starting.start()
    try:
        replies = [person.say("send", via=0)]
        deadline = time.monotonic() + 90
        while "Your reference is" not in json.dumps(replies[-1]) and time.monotonic() < deadline:
            time.sleep(2)
            replies.append(person.say("send", via=1))
    finally:
        starting.join()
    *before, sent = ["\n".join(m.get("text", "") for m in reply["messages"]) for reply in replies]
    assert "Your reference is" in sent, replies
    assert before and NOTHING_LOST in before[0], "while the database was down: a clear message, not silence"
    assert all(reply.strip() for reply in before), "never silence"
    assert referrals_from(app_url, person, settings) == 1, "sent once, not twice"
