"""The chat turn's rules, called directly: real ticket and feedback stores on SQLite, the real crisis check,
and a stand-in for Rasa that answers as told and notes what it was asked. (The same rules through the
gateway and the real Rasa are in test_gateway_with_rasa.py, test_crisis_in_gateway.py and
test_handoff_conversation.py.)"""
from __future__ import annotations

import pytest

from bot.config import ROOT
from bot.feedback.store import FeedbackStore
from bot.handoff import choose_specialist
from bot.handoff.tickets import TICKET_OPENED, TicketStore
from bot.knowledge import read_yaml
from bot.knowledge.partners import load_partners
from bot.safety import CHECK, load_crisis_help
from bot.storage.db import make_engine, upgrade
from bot.web.chat_turn import RECOVERY_BUTTONS, ShownCounts, shown_messages, take_turn
from bot.web.fair_queue import FairQueue
from bot.web.handoff_relay import CANCEL_PAYLOAD, Relay
from bot.web.ticket_changes import TicketChanges

HELP = load_crisis_help()
PARTNER = load_partners()["demo"]
SESSION = "session-1234"
HELLO = {"recipient_id": SESSION, "text": "Hello. I can tell you about help to find work.",
         "buttons": [{"title": "Permitted Work", "payload": "/ask_permitted_work", "extra": "not shown"}]}


class StandInRasa:
    """Answers each message with the next of `answers` (nothing once they run out); `broken` makes the
    conversation API fail, as when Rasa is down."""

    def __init__(self, *answers: list[dict], broken: bool = False):
        self.answers, self.broken = list(answers), broken
        self.heard: list[tuple[str, str, dict]] = []
        self.events: list[dict] = []
        self.executed: list[str] = []

    async def say(self, session: str, message: str, metadata: dict) -> list[dict]:
        self.heard.append((session, message, metadata))
        return self.answers.pop(0) if self.answers else []

    async def add_events(self, session: str, events: list[dict]) -> None:
        if self.broken:
            raise ConnectionError("Rasa is down")
        self.events.extend(events)

    async def execute(self, session: str, action: str) -> list[dict]:
        if self.broken:
            raise ConnectionError("Rasa is down")
        self.executed.append(action)
        return [{"recipient_id": session, "text": f"said by {action}"}]


@pytest.fixture
def sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def tickets(sqlite, cipher):
    return TicketStore(sqlite, cipher)


@pytest.fixture
def counts(sqlite, cipher):
    return ShownCounts(FeedbackStore(sqlite, cipher))


class NotedChanges(TicketChanges):
    """Notes each partner whose tickets were told as changed."""

    def __init__(self) -> None:
        super().__init__()
        self.told: list[str] = []

    async def changed(self, partner_id: str) -> None:
        self.told.append(partner_id)
        await super().changed(partner_id)


async def turn(text: str, rasa: StandInRasa, tickets: TicketStore, counts: ShownCounts,
               changes: TicketChanges | None = None):
    relay = Relay(tickets, changes or TicketChanges(), rasa, shown_messages)
    return await take_turn(SESSION, text, PARTNER, rasa=rasa, relay=relay, counts=counts,
                           queue=FairQueue(8, wait_seconds=30), address="203.0.113.1")


def hand_over(tickets: TicketStore):
    return tickets.open_ticket(SESSION, PARTNER.id, choose_specialist("own_benefits_money", ()), "summary", [], {})


async def test_rasa_answers_with_only_what_the_widget_shows_and_each_text_is_counted(tickets, counts):
    rasa = StandInRasa([HELLO])
    reply = await turn("hello", rasa, tickets, counts)
    assert rasa.heard == [(SESSION, "hello", {"partner": "demo"})]
    assert reply.messages == [{"text": HELLO["text"], "buttons": [{"title": "Permitted Work",
                                                                   "payload": "/ask_permitted_work"}]}]
    assert not reply.degraded and reply.handoff == {"state": "none"}
    assert counts.pending["demo"] == [HELLO["text"]]


async def test_a_question_for_a_phone_number_tells_the_box_what_it_asks_for(tickets, counts):
    asks = [{"text": "What is your phone number?"}, {"custom": {"expects": "tel"}}]
    reply = await turn("by phone", StandInRasa(asks), tickets, counts)
    assert reply.expects == "tel" and reply.as_json()["expects"] == "tel"
    assert [m["text"] for m in reply.messages] == ["What is your phone number?"]  # the hint is not shown
    # the next answer asks for nothing the browser keeps, and a hint the widget does not know is left out
    assert "expects" not in (await turn("07700 900461", StandInRasa([HELLO]), tickets, counts)).as_json()
    assert (await turn("hello", StandInRasa([{"custom": {"expects": "password"}}, HELLO]), tickets,
                       counts)).expects is None


async def test_crisis_help_first_asks_the_box_for_nothing(tickets, counts):
    asks = [{"text": "What is your phone number?"}, {"custom": {"expects": "tel"}}]
    reply = await turn("07700 900461 i want to kill myself", StandInRasa(asks), tickets, counts)
    assert reply.messages[0]["text"] == HELP.for_category("suicide").message.easy and reply.expects is None


async def test_no_answer_from_rasa_gets_the_plain_message_with_what_to_do_next(tickets, counts):
    reply = await turn("hello", StandInRasa(), tickets, counts)
    assert reply.degraded and reply.handoff == {"state": "none"}
    [shown] = reply.messages
    assert PARTNER.name in shown["text"] and PARTNER.phone in shown["text"]
    assert shown["buttons"] == RECOVERY_BUTTONS
    assert reply.as_json() == {"messages": reply.messages, "degraded": True, "handoff": {"state": "none"}}


async def test_crisis_words_get_help_first_and_the_crisis_path_when_rasa_heard_something_else(tickets, counts):
    rasa = StandInRasa([{"text": "Sorry, I did not understand that."}], [HELLO])
    reply = await turn("I want to kil myself", rasa, tickets, counts)
    assert [message for _, message, _ in rasa.heard] == ["I want to kil myself", "/crisis"]
    assert reply.messages[0]["text"] == HELP.for_category("suicide").message.easy
    assert [m["text"] for m in reply.messages[1:]] == [HELLO["text"]]


async def test_words_of_unclear_risk_ask_the_check_and_rasa_is_told_it_was_asked(tickets, counts):
    rasa = StandInRasa([HELLO])
    reply = await turn("I have made my choice", rasa, tickets, counts)
    check = HELP.for_category(CHECK).reply()
    assert reply.messages[0] == check
    assert rasa.events == [{"event": "bot", "text": check["text"], "data": {"buttons": check["buttons"]}}]


# What Rasa says when it did not understand, word for word from the domain.
NOT_UNDERSTOOD = {"text": read_yaml(ROOT / "domain" / "core.yml")["responses"]["utter_ask_rephrase"][0]["text"]}


async def test_some_risk_that_the_assistant_did_not_understand_gets_the_check_not_the_brush_off(tickets, counts):
    rasa = StandInRasa([NOT_UNDERSTOOD])
    reply = await turn("whats the point of anything", rasa, tickets, counts)
    check = HELP.for_category(CHECK).reply()
    assert reply.messages == [check]
    assert rasa.events == [{"event": "bot", "text": check["text"], "data": {"buttons": check["buttons"]}}]


async def test_some_risk_that_the_assistant_answered_keeps_the_answer(tickets, counts):
    reply = await turn("whats the point of anything", StandInRasa([HELLO]), tickets, counts)
    assert [m["text"] for m in reply.messages] == [HELLO["text"]]


async def test_ordinary_words_not_understood_get_no_check(tickets, counts):
    rasa = StandInRasa([NOT_UNDERSTOOD])
    reply = await turn("banana", rasa, tickets, counts)
    assert [m["text"] for m in reply.messages] == [NOT_UNDERSTOOD["text"]] and rasa.events == []


async def test_while_a_ticket_is_open_the_message_goes_to_the_team_not_to_rasa(tickets, counts):
    ticket = hand_over(tickets)
    rasa = StandInRasa([HELLO])
    reply = await turn("Are you there?", rasa, tickets, counts)
    assert rasa.heard == [] and reply.messages == []
    assert reply.handoff == {"state": "waiting", "position": 1}
    assert [m.text for m in tickets.messages_after(ticket.id, 0, ("person",))] == ["Are you there?"]


async def test_a_button_pressed_while_a_ticket_is_open_reaches_the_team_as_its_title(tickets, counts):
    ticket = hand_over(tickets)
    rasa = StandInRasa()
    await turn("/start_again", rasa, tickets, counts)  # the widget's "Start again" button
    await turn("/ask_permitted_work", rasa, tickets, counts)  # a button from before the handover
    assert rasa.heard == []
    assert [m.text for m in tickets.messages_after(ticket.id, 0, ("person",))] == [
        'Pressed the button "Start again"', "Pressed a button"]


async def test_a_handoff_that_ended_while_away_is_resumed_before_the_answer(tickets, counts):
    tickets.cancel(hand_over(tickets).id)
    rasa = StandInRasa([HELLO])
    reply = await turn(CANCEL_PAYLOAD, rasa, tickets, counts)
    assert rasa.executed == ["utter_handoff_cancelled"]
    assert rasa.events == [{"event": "resume"}, {"event": "action", "name": "action_listen"}]
    assert [m["text"] for m in reply.messages] == ["said by utter_handoff_cancelled", HELLO["text"]]
    assert rasa.heard[0][1] == "/start_again"  # "go back" pressed after the handoff had ended


async def test_when_the_resume_fails_the_person_is_told_and_the_next_message_tries_again(tickets, counts):
    ticket = hand_over(tickets)
    tickets.cancel(ticket.id)
    reply = await turn("hello", StandInRasa([HELLO], broken=True), tickets, counts)
    assert reply.degraded and reply.messages[0]["buttons"] == RECOVERY_BUTTONS
    assert tickets.current_ticket_for(SESSION).resumed_at is None
    assert counts.pending == {}  # nothing the assistant said was shown


async def test_the_handoff_state_is_read_when_the_assistant_says_it_opened_a_ticket(tickets, counts):
    class OpensATicket(StandInRasa):
        async def say(self, session, message, metadata):
            hand_over(tickets)  # as action_handoff does, before its words come back
            return [{"text": "I am finding someone for you."}, {"custom": TICKET_OPENED}]

    reply = await turn("talk to a person", OpensATicket(), tickets, counts)
    assert reply.handoff == {"state": "waiting", "position": 1}
    assert [m["text"] for m in reply.messages] == ["I am finding someone for you."]


async def test_the_team_hears_of_a_new_ticket_and_of_every_message_from_the_person(tickets, counts):
    class OpensATicket(StandInRasa):
        async def say(self, session, message, metadata):
            hand_over(tickets)
            return [{"text": "I am finding someone for you."}, {"custom": TICKET_OPENED}]

    changes = NotedChanges()
    await turn("talk to a person", OpensATicket(), tickets, counts, changes)
    assert changes.told == ["demo"]  # the live inbox shows the new chat
    await turn("Is anyone there?", StandInRasa(), tickets, counts, changes)
    await turn("Hello?", StandInRasa(), tickets, counts, changes)
    assert changes.told == ["demo", "demo", "demo"]  # and each message, not only words of crisis
