"""The gateway's live relay with a real ticket store and Rasa unreachable: a handed-over chat keeps working
without Rasa, a chat that cannot go back to the assistant yet is tried again, never lost, and news of a
change wakes the person's long poll."""
import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.handoff import choose_specialist
from bot.accounts.store import AccountStore
from bot.conversations import conversation_id
from bot.handoff.tickets import TicketStore
from bot.web.app import create_app
from bot.web.ticket_changes import ticket_changes_key

SESSION = "session-relay-1"  # what the browser holds; the stores know the chat by conversation_id of it


@pytest.fixture
def tickets(isolated_settings) -> TicketStore:
    return TicketStore.open(isolated_settings)


@pytest.fixture
def ticket(tickets):
    return tickets.open_ticket(conversation_id(tickets.cipher, SESSION), "demo", choose_specialist("asked"), "summary", [], {"way": "chat"})


@pytest.fixture
async def client(isolated_settings, free_port, monkeypatch):
    monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    monkeypatch.setenv("HANDOFF_POLL_SECONDS", "1")
    async with TestClient(TestServer(create_app(isolated_settings))) as test_client:
        yield test_client


async def say(client, message: str) -> dict:
    return await (await client.post("/api/chat", json={"session": SESSION, "message": message})).json()


async def test_messages_while_waiting_go_to_the_ticket_without_rasa(client, tickets, ticket):
    reply = await say(client, "Is anyone there?")
    assert reply == {"messages": [], "degraded": False, "handoff": {"state": "waiting", "position": 1}}
    assert [m.text for m in tickets.messages_after(ticket.id, 0, senders=("person",))] == ["Is anyone there?"]


async def test_the_specialists_reply_reaches_the_person(client, tickets, ticket):
    sam = AccountStore(tickets.engine).add_specialist("demo", "sam", "a long password for tests", "Sam")
    tickets.claim(sam, ticket.id)
    message_id = tickets.reply(sam, ticket.id, "Hello, I am Sam.")
    body = await (await client.get("/api/chat/updates", params={"session": SESSION, "after": 0})).json()
    assert body == {"messages": [{"text": "Hello, I am Sam.", "from": "team"}], "after": message_id,
                    "handoff": {"state": "live"}}
    quiet = await (await client.get("/api/chat/updates",
                                    params={"session": SESSION, "after": message_id, "seen": "live"})).json()
    assert quiet["messages"] == [] and quiet["handoff"] == {"state": "live"}  # nothing new within the poll


async def test_going_back_while_rasa_is_down_is_tried_again_later(client, tickets, ticket):
    reply = await say(client, "/cancel_handoff")
    assert reply["degraded"] is True and "something went wrong" in reply["messages"][0]["text"]
    cancelled = tickets.current_ticket_for(conversation_id(tickets.cipher, SESSION))
    assert cancelled.status == "cancelled" and cancelled.resumed_at is None  # the next message resumes it


@pytest.mark.parametrize("query", [{"session": "no"}, {"session": SESSION, "after": "x"}])
async def test_updates_refuse_a_bad_request(client, query):
    assert (await client.get("/api/chat/updates", params=query)).status == 400


async def test_a_waiting_long_poll_wakes_when_the_team_replies(client, tickets, ticket, monkeypatch):
    # With the database read only every minute, only the news of the change can answer within 10 seconds.
    monkeypatch.setattr("bot.web.handoff_relay.RECHECK_SECONDS", 60)
    monkeypatch.setenv("HANDOFF_POLL_SECONDS", "60")
    sam = AccountStore(tickets.engine).add_specialist("demo", "sam", "a long password for tests", "Sam")
    tickets.claim(sam, ticket.id)
    poll = asyncio.create_task(client.get("/api/chat/updates", params={"session": SESSION, "seen": "live"}))
    await asyncio.sleep(0.5)  # the poll has read the ticket and is waiting
    tickets.reply(sam, ticket.id, "Hello, I am Sam.")
    await client.app[ticket_changes_key].changed("demo")
    body = await (await asyncio.wait_for(poll, 10)).json()
    assert body["messages"] == [{"text": "Hello, I am Sam.", "from": "team"}]
