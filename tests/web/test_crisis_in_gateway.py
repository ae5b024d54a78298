"""Crisis help comes first, from the gateway's own check, even when Rasa cannot be reached."""
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.safety import load_crisis_help
from bot.web.app import create_app

HELP = load_crisis_help()


@pytest.fixture
async def client(isolated_settings, free_port, monkeypatch):
    monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{free_port()}")  # Rasa down: the check must not need it
    async with TestClient(TestServer(create_app(isolated_settings))) as test_client:
        yield test_client


@pytest.mark.parametrize("message, help", [
    ("i dont want to be here anymore", "suicide"), ("I'm going to take all my pills", "suicide"),
    ("thinking of ending it all tbh", "suicide"), ("I want to kil myself", "suicide"),
    ("I took 30 paracetamol", "emergency"), ("hes outside with a knife", "danger_from_others"),
    ("my husband said hell kill me if i leave", "danger_from_others"), ("ive been cutting again", "self_harm"),
    ("I bought a rope today", "suicide"), ("im done fighting im ready to go now", "suicide"),
])
async def test_crisis_words_get_the_help_for_their_kind_first(client, message, help):
    body = await (await client.post("/api/chat", json={"session": "session-1234", "message": message})).json()
    assert body["messages"][0]["text"] == HELP.for_category(help).message.easy
    assert "999" in body["messages"][0]["text"].splitlines()[0] + body["messages"][0]["text"].splitlines()[1]


async def test_words_of_unclear_risk_get_a_gentle_check_with_help_one_press_away(client):
    body = await (await client.post("/api/chat", json={"session": "session-1234",
                                                        "message": "I have made my choice"})).json()
    first = body["messages"][0]
    assert first["text"] == HELP.for_category("check").message.easy and "Are you safe right now?" in first["text"]
    assert {"title": "No, I am not safe", "payload": "/crisis"} in first["buttons"]


@pytest.mark.parametrize("message", ["I want to kill time before my interview", "I'm dying to start work"])
async def test_ordinary_words_do_not(client, message):
    body = await (await client.post("/api/chat", json={"session": "session-1234", "message": message})).json()
    assert not any(HELP.is_help(m["text"]) for m in body["messages"])
