"""The gateway on its own: input checks, and a plain message when Rasa cannot be reached."""
from __future__ import annotations

import gc

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.feedback import content
from bot.safety import classifier, detector
from bot.web.__main__ import ready_to_serve
from bot.web.app import MAX_MESSAGE_CHARS, create_app


@pytest.fixture
async def client(isolated_settings, free_port, monkeypatch):
    # Nothing listens on this port, so the gateway finds Rasa down.
    monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{free_port()}")
    async with TestClient(TestServer(create_app(isolated_settings))) as test_client:
        yield test_client


async def post(client, body) -> tuple[int, dict]:
    response = await client.post("/api/chat", json=body)
    return response.status, await response.json()


async def test_rasa_down_gives_a_plain_message_with_what_to_do(client):
    status, body = await post(client, {"session": "session-1234", "message": "hello", "partner": "demo"})
    assert status == 200 and body["degraded"] is True
    text = body["messages"][0]["text"]
    assert "Sorry, something went wrong on our side." in text
    assert "You have not lost anything." in text
    assert "the Demo Partner team on 020 7946 0000" in text


async def test_health_says_rasa_is_unreachable(client):
    response = await client.get("/healthz")
    assert response.status == 503
    assert await response.json() == {"gateway": "ok", "rasa": "unreachable"}


@pytest.mark.parametrize("body, error", [
    ({"message": "hi"}, "The session id is missing or not valid."),
    ({"session": "../../etc", "message": "hi"}, "The session id is missing or not valid."),
    ({"session": "session-1234", "message": "   "}, "Please type a message first."),
    ({"session": "session-1234", "message": "x" * (MAX_MESSAGE_CHARS + 1)},
     "Sorry, that message is too long for me. Please send it in shorter parts."),
    (["not", "an", "object"], "The request body must be a JSON object with only: message, partner, session."),
    ({"session": "session-1234", "message": "\x00\x1b\u202e\ufeff \r"}, "Please type a message first."),
    ({"session": "session-1234", "message": "hi", "admin": True},
     "The request body must be a JSON object with only: message, partner, session."),
    ({"session": "session-1234", "message": "hi", "partner": {"id": "demo"}}, "The partner must be text."),
])
async def test_bad_input_gets_a_clear_error(client, body, error):
    status, answer = await post(client, body)
    assert status == 400
    assert answer == {"error": error}


async def test_body_that_is_not_json_is_refused(client):
    response = await client.post("/api/chat", data=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert (await response.json())["error"] == "The request body must be JSON."


async def test_demo_page_and_script_are_served(client):
    page = await (await client.get("/")).text()
    assert '<html lang="en-GB">' in page
    # The demo page is a plain host page: it embeds the widget with the one line a partner adds.
    assert '<script src="/widget.js" data-partner="demo" defer></script>' in page
    script = await client.get("/widget.js")
    assert script.status == 200 and script.content_type == "text/javascript"
    assert '"send": "Send"' in await script.text()  # the widget's words, put in from widget.yml
    assert (await client.get("/widget.css")).status == 200


async def test_the_gateway_process_gets_ready_for_its_first_message_before_it_serves():
    try:
        await ready_to_serve(None)
        assert detector._matcher.cache_info().currsize == 1 and content._patterns.cache_info().currsize == 1
        assert classifier.reader.cache_info().currsize == 1
        assert gc.get_freeze_count() > 0  # start-up's objects are out of the collector's full passes
    finally:
        gc.unfreeze()  # this test process keeps collecting as before


@pytest.mark.parametrize("path", ["/api/chat", "/api/feedback"])
async def test_json_nested_thousands_deep_gets_a_400_not_a_traceback(client, path):
    deep = b"[" * 30_000 + b"]" * 30_000  # inside the 64 KB limit, far deeper than Python's parser goes
    response = await client.post(path, data=deep, headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert (await response.json())["error"] == "The request body must be JSON."


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_a_body_labelled_compressed_that_is_not_gets_a_400_not_a_traceback(client, encoding):
    response = await client.post("/api/chat", data=b'{"session": "session-1234", "message": "hi"}',
                                 headers={"Content-Type": "application/json", "Content-Encoding": encoding})
    assert response.status == 400
    assert (await response.json())["error"] == "The request body could not be read. Send it uncompressed."


async def test_chat_answers_are_never_kept_by_a_browser_or_a_proxy(client):
    response = await client.post("/api/chat", json={"session": "session-1234", "message": "hello"})
    assert response.status == 200
    assert response.headers["Cache-Control"] == "no-store"
    refused = await client.post("/api/chat", json={"session": "session-1234"})
    assert refused.headers["Cache-Control"] == "no-store"  # an error may still echo what was sent
    updates = await client.get("/api/chat/updates", params={"session": "session-1234", "after": "0"})
    assert updates.headers["Cache-Control"] == "no-store"
