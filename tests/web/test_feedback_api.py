"""The feedback API on the gateway: a rating, then one comment, kept without personal data."""
from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.feedback.scrub import REMOVED
from bot.feedback.store import FeedbackStore
from bot.web.app import create_app
from bot.web.review import feedback_key

ASK_AGAIN = ("Sorry, I did not understand that. Can you say it in a different way? You can also use the buttons.")


@pytest.fixture
async def client(isolated_settings, free_port, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{free_port()}")
    async with TestClient(TestServer(create_app(isolated_settings))) as test_client:
        yield test_client


async def test_a_rating_then_one_comment(client):
    rated = await client.post("/api/feedback?partner=demo",
                              json={"session": "session-1234", "text": ASK_AGAIN, "rating": "not_easy"})
    assert rated.status == 200
    key = (await rated.json())["feedback"]
    comment = {"session": "session-1234", "feedback": key, "comment": "I am Robin, call 07700 900461"}
    assert (await client.post("/api/feedback/comment", json=comment)).status == 200
    again = await client.post("/api/feedback/comment", json=comment)
    assert again.status == 404
    [row] = client.app[feedback_key].for_partner("demo")
    assert row.content_id == "domain/core.yml: utter_ask_rephrase[0] [easy]" and row.rating == "not_easy"
    assert row.comment == f"I am {REMOVED}, call {REMOVED}"


@pytest.mark.parametrize("path, body", [
    ("/api/feedback", {"session": "session-1234", "text": ASK_AGAIN, "rating": "brilliant"}),
    ("/api/feedback", {"session": "session-1234", "text": "\x00 ", "rating": "easy"}),
    ("/api/feedback", {"session": "bad", "text": ASK_AGAIN, "rating": "easy"}),
    ("/api/feedback", {"session": "session-1234", "text": ASK_AGAIN, "rating": "easy", "name": "Robin"}),
    ("/api/feedback/comment", {"session": "session-1234", "feedback": "k", "comment": "x" * 501}),
])
async def test_bad_feedback_is_refused_with_a_reason(client, path, body):
    response = await client.post(path, json=body)
    assert response.status == 400 and (await response.json())["error"]


async def test_responses_shown_are_counted_every_few_seconds_and_when_the_gateway_stops(isolated_settings, free_port,
                                                                                   monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{free_port()}")  # nobody there: the gateway says so
    monkeypatch.setattr("bot.web.app.SHOWN_COUNT_SECONDS", 0.2)
    async with TestClient(TestServer(create_app(isolated_settings))) as client:
        store = client.app[feedback_key]
        chat = {"session": "session-1234", "message": "hello", "partner": "demo"}
        assert (await client.post("/api/chat", json=chat)).status == 200
        for _ in range(50):  # a write every 0.2 s; a busy machine may take a few
            if store.times_shown("demo"):
                break
            await asyncio.sleep(0.1)
        [(content_id, count)] = store.times_shown("demo").items()
        assert content_id.startswith("data/knowledge/messages.yml: something_went_wrong") and count == 1
        monkeypatch.setattr("bot.web.app.SHOWN_COUNT_SECONDS", 3600)  # only the stop writes the next
        await asyncio.sleep(0.4)
        assert (await client.post("/api/chat", json=chat)).status == 200
    assert FeedbackStore.open(isolated_settings).times_shown("demo") == {content_id: 2}
