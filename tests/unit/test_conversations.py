"""Reading and deleting chats in a tracker store laid out as Rasa's SQL tracker store lays it out
(tests/web/test_personal_data.py does the same against the real Rasa server)."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text

from bot.conversations import ConversationStore
from bot.db import make_engine

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)
RASA_EVENTS_TABLE = """CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"""


@pytest.fixture
def chats(tmp_path, cipher):
    store = ConversationStore(make_engine(f"sqlite:///{tmp_path / 'rasa-tracker.db'}"), cipher)
    with store.engine.begin() as connection:
        connection.execute(text(RASA_EVENTS_TABLE))
    return store


def say(store: ConversationStore, chat: str, words: str, days_ago: float, *, encrypted: bool = True) -> None:
    """An event as rasa_addons/encrypted_tracker_store.py writes it (or as Rasa did before it was encrypted)."""
    at = (NOW - dt.timedelta(days=days_ago)).timestamp()
    event = {"event": "user", "text": words, "timestamp": at}
    data = store.cipher.encrypt(event).decode() if encrypted else json.dumps(event)
    with store.engine.begin() as connection:
        connection.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, 'user', :t, :d)"),
                           {"s": chat, "t": at, "d": data})


def test_export_and_erase_one_chat(chats):
    say(chats, "chat-a", "my back hurts", 1, encrypted=False)
    say(chats, "chat-a", "send", 0)
    say(chats, "chat-b", "hello", 0)
    assert [e["text"] for e in chats.export("chat-a")] == ["my back hurts", "send"]
    assert chats.erase("chat-a") == 2
    assert chats.export("chat-a") == [] and len(chats.export("chat-b")) == 1


def test_retention_deletes_only_chats_idle_for_the_whole_period(chats):
    say(chats, "idle", "hello", 40)
    say(chats, "came-back", "hello", 40)
    say(chats, "came-back", "me again", 2)
    assert chats.erase_idle(30, now=NOW) == 1
    assert chats.export("idle") == [] and len(chats.export("came-back")) == 2
    with pytest.raises(ValueError):
        chats.erase_idle(0, now=NOW)


def test_before_rasa_has_made_its_table_there_is_nothing_to_find(tmp_path, cipher):
    empty = ConversationStore(make_engine(f"sqlite:///{tmp_path / 'none-yet.db'}"), cipher)
    assert empty.export("chat-a") == [] and empty.erase("chat-a") == 0 and empty.erase_idle(30) == 0
