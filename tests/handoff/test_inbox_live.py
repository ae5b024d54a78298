"""The inbox's live stream (GET /inbox/live) through a real aiohttp server and the real Redis server, with
the timed database read set to a minute, so every event within seconds comes from the ticket news: a new
ticket told by the handoff action (as the action server does) and a message from the person on another
gateway. Another partner's specialist hears nothing of it; signed out or on the panel, there is no stream.
Each stream ends by itself, and at once when the gateway stops."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid

import pytest
from aiohttp import CookieJar, web
from aiohttp.test_utils import TestClient, TestServer
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.handoff as handoff
from bot.handoff import choose_specialist
from bot.storage.db import utcnow
from bot.web.handoff_relay import Relay
from bot.web.inbox import add_inbox
from bot.web.rate_limit import GatewayLimits, limits_key
from bot.web.ticket_changes import RedisTicketChanges

CSRF_FIELD = 'name="csrf" value="'
MONDAY_10AM = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)  # the demo partner is open


@pytest.fixture
def news_through_redis(redis_url, monkeypatch):
    """This test's own channel on the real Redis, for the gateway and for the action server alike."""
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("REDIS_KEY_PREFIX", prefix)
    monkeypatch.setenv("INBOX_RECHECK_SECONDS", "60")
    monkeypatch.setenv("INBOX_STREAM_SECONDS", "30")
    return redis_url, prefix


@pytest.fixture
async def gateway(tickets, accounts, isolated_settings, free_port, news_through_redis):
    """Makes test clients of one gateway's inbox, each with its own cookies like a browser."""
    app = web.Application()
    app[limits_key] = GatewayLimits.from_environment()
    add_inbox(app, tickets=tickets, accounts=accounts)
    port = free_port()
    server = TestServer(app, host="127.0.0.1", port=port)
    clients = []

    async def client() -> TestClient:
        jar = CookieJar(unsafe=True, treat_as_secure_origin=f"http://127.0.0.1:{port}")
        made = TestClient(server, cookie_jar=jar)
        await made.start_server()
        clients.append(made)
        return made

    yield client
    for made in clients:
        await made.close()


async def signed_in(client: TestClient, username: str, password: str) -> TestClient:
    form = await (await client.get("/inbox/sign-in")).text()
    csrf = form.split(CSRF_FIELD, 1)[1].split('"', 1)[0]
    response = await client.post("/inbox/sign-in", allow_redirects=False,
                                 data={"csrf": csrf, "username": username, "password": password})
    assert response.status == 303
    return client


async def next_event(response, seconds: float) -> dict | None:
    """The next event's parts, or None if none comes within `seconds`."""
    event, data = None, None
    try:
        async with asyncio.timeout(seconds):
            while True:
                line = (await response.content.readline()).decode()
                if not line:
                    return None  # the stream ended
                if line.startswith("event: "):
                    event = line.removeprefix("event: ").strip()
                elif line.startswith("data: "):
                    data = json.loads(line.removeprefix("data: "))
                elif line == "\n" and event == "parts":
                    return data
    except TimeoutError:
        return None


def handoff_tracker(conversation: str) -> Tracker:
    return Tracker(sender_id=conversation, slots={"detail_level": "easy"},
                   latest_message={"text": "talk to a person", "intent": {"name": "talk_to_person"},
                                   "entities": [], "metadata": {"partner": "demo"}},
                   events=[{"event": "user", "text": "talk to a person", "timestamp": MONDAY_10AM.timestamp(),
                            "parse_data": {"intent": {"name": "talk_to_person"}}}],
                   paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")


async def test_a_new_ticket_and_the_persons_message_reach_the_team_within_seconds(
        gateway, tickets, accounts, make_specialist, handoff_data, monkeypatch, news_through_redis):
    password = handoff_data["password"]
    make_specialist("demo", "sam", "Sam Okafor")
    make_specialist("other", "kim", "Kim Other")
    sam = await signed_in(await gateway(), "sam", password)
    kim = await signed_in(await gateway(), "kim", password)
    sams, kims = await sam.get("/inbox/live"), await kim.get("/inbox/live")
    assert sams.status == 200 and sams.headers["Content-Type"] == "text/event-stream"
    assert sams.headers["Cache-Control"] == "no-store"
    first = await next_event(sams, 5)
    assert "Nobody is waiting." in first["queue-lists"]  # the queue as it is, at once
    assert "Nobody is waiting." in (await next_event(kims, 5))["queue-lists"]

    # The handoff action opens a ticket, as the action server does: the news goes through Redis.
    monkeypatch.setattr(handoff, "ticket_store", lambda: tickets)
    monkeypatch.setattr(handoff, "account_store", lambda: accounts)
    monkeypatch.setattr(handoff, "utcnow", lambda: MONDAY_10AM)
    started = asyncio.get_running_loop().time()
    await handoff.ActionHandoff().run(CollectingDispatcher(), handoff_tracker("live-chat-1"), {})
    ticket = tickets.open_ticket_for("live-chat-1")
    assert ticket is not None and ticket.partner_id == "demo"
    news = await next_event(sams, 5)
    assert news is not None and asyncio.get_running_loop().time() - started < 5
    assert f'id="ticket-{ticket.id}"' in news["queue-lists"] and 'data-status="waiting"' in news["queue-lists"]

    # The person writes, through the relay of another gateway on the same Redis.
    other_gateway = RedisTicketChanges(*news_through_redis)
    await other_gateway.start()
    try:
        relay = Relay(tickets, other_gateway, rasa=None, shown=None)
        await asyncio.sleep(0.2)  # the other gateway is listening
        await relay.from_person(ticket, "Are you there?", crisis=False)
        news = await next_event(sams, 5)
    finally:
        await other_gateway.close()
    message_id = tickets.messages_after(ticket.id, 0, senders=("person",))[-1].id
    assert news is not None and f'data-latest="{message_id}"' in news["queue-lists"]
    assert "Last message from the person" in news["queue-lists"]
    assert "Are you there?" not in news["queue-lists"]  # the queue says that they wrote, not what

    # The ticket's own page hears of the message too, with what they said.
    page = await sam.get(f"/inbox/live?ticket={ticket.id}")
    parts = await next_event(page, 5)
    assert "Are you there?" in parts["messages-list"] and 'data-from="person"' in parts["messages-list"]
    assert 'data-status="waiting"' in parts["ticket-status"]

    assert await next_event(kims, 2) is None  # another partner's team heard nothing of it
    for response in (sams, kims, page):
        response.close()


async def test_only_a_signed_in_specialist_gets_a_stream_and_only_of_their_partners_tickets(
        gateway, tickets, make_specialist, handoff_data):
    password = handoff_data["password"]
    make_specialist("demo", "sam", "Sam Okafor")
    make_specialist("other", "kim", "Kim Other")
    tickets_of_demo = tickets.open_ticket(f"chat-{utcnow().timestamp()}", "demo", choose_specialist("asked"),
                                          "Summary", [], {})
    signed_out = await gateway()
    assert (await signed_out.get("/inbox/live")).status == 401
    assert (await signed_out.get(f"/inbox/live?ticket={tickets_of_demo.id}")).status == 401

    kim = await signed_in(await gateway(), "kim", password)
    assert (await kim.get(f"/inbox/live?ticket={tickets_of_demo.id}")).status == 404  # as if it did not exist
    assert (await kim.get("/inbox/live?ticket=not-a-ticket")).status == 404
    kims = await kim.get("/inbox/live")
    assert tickets_of_demo.id not in json.dumps(await next_event(kims, 5))
    kims.close()


async def test_a_panel_member_gets_no_stream(gateway, accounts, handoff_data):
    accounts.add_specialist("demo", "pat", handoff_data["password"], "Pat Panel", role="panel")
    pat = await signed_in(await gateway(), "pat", handoff_data["password"])
    response = await pat.get("/inbox/live")
    assert response.status == 403 and "text/event-stream" not in response.headers.get("Content-Type", "")


async def test_a_stream_ends_by_itself(gateway, make_specialist, handoff_data, monkeypatch):
    monkeypatch.setenv("INBOX_STREAM_SECONDS", "1")
    make_specialist("demo", "sam", "Sam Okafor")
    sam = await signed_in(await gateway(), "sam", handoff_data["password"])
    started = asyncio.get_running_loop().time()
    response = await sam.get("/inbox/live")
    async with asyncio.timeout(10):
        body = (await response.read()).decode()
    assert body.startswith("retry: ") and body.count("event: parts") == 1
    assert asyncio.get_running_loop().time() - started < 5


async def test_the_streams_end_at_once_when_the_gateway_stops(gateway, make_specialist, handoff_data):
    make_specialist("demo", "sam", "Sam Okafor")
    sam = await signed_in(await gateway(), "sam", handoff_data["password"])
    response = await sam.get("/inbox/live")
    assert await next_event(response, 5) is not None
    started = asyncio.get_running_loop().time()
    async with asyncio.timeout(10):
        await sam.server.close()  # waits for open requests to end, up to its shutdown timeout
    assert asyncio.get_running_loop().time() - started < 5
