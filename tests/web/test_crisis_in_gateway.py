"""Crisis help comes first, from the gateway's own check, even when Rasa cannot be reached."""
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.safety import load_crisis_help
from bot.web.app import create_app

CRISIS = load_crisis_help().message


@pytest.fixture
async def client(isolated_settings, free_port, monkeypatch):
    monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{free_port()}")  # Rasa down: the check must not need it
    async with TestClient(TestServer(create_app(isolated_settings))) as test_client:
        yield test_client


@pytest.mark.parametrize("message", ["i dont want to be here anymore", "I'm going to take all my pills",
                                     "thinking of ending it all tbh", "I want to kil myself"])
async def test_crisis_words_get_crisis_help_first(client, message):
    body = await (await client.post("/api/chat", json={"session": "session-1234", "message": message})).json()
    assert body["messages"][0]["text"] == CRISIS.easy
    assert "116 123" in body["messages"][0]["text"]


@pytest.mark.parametrize("message", ["I want to kill time before my interview", "I'm dying to start work"])
async def test_ordinary_words_do_not(client, message):
    body = await (await client.post("/api/chat", json={"session": "session-1234", "message": message})).json()
    assert all(m["text"] != CRISIS.easy for m in body["messages"])
