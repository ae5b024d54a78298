"""Reading and deleting chats in a tracker store laid out as Rasa's SQL tracker store lays it out
(tests/web/test_personal_data.py does the same against the real Rasa server)."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.conversations import ConversationStore
from bot.storage.db import make_engine

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)


def say(tracker, chat: str, words: str, days_ago: float, *, encrypted: bool = True) -> None:
    at = (NOW - dt.timedelta(days=days_ago)).timestamp()
    tracker.add(chat, {"event": "user", "text": words, "timestamp": at}, encrypted=encrypted)


def test_export_and_erase_one_chat(tracker):
    say(tracker, "chat-a", "my back hurts", 1, encrypted=False)
    say(tracker, "chat-a", "send", 0)
    say(tracker, "chat-b", "hello", 0)
    assert [e["text"] for e in tracker.export("chat-a")] == ["my back hurts", "send"]
    assert tracker.erase("chat-a") == 2
    assert tracker.export("chat-a") == [] and len(tracker.export("chat-b")) == 1


def test_retention_deletes_only_chats_idle_for_the_whole_period(tracker):
    say(tracker, "idle", "hello", 40)
    say(tracker, "came-back", "hello", 40)
    say(tracker, "came-back", "me again", 2)
    assert tracker.erase_idle(30, now=NOW) == 1
    assert tracker.export("idle") == [] and len(tracker.export("came-back")) == 2
    with pytest.raises(ValueError):
        tracker.erase_idle(0, now=NOW)


def test_before_rasa_has_made_its_table_there_is_nothing_to_find(tmp_path, cipher):
    empty = ConversationStore(make_engine(f"sqlite:///{tmp_path / 'none-yet.db'}"), cipher)
    assert empty.export("chat-a") == [] and empty.erase("chat-a") == 0 and empty.erase_idle(30) == 0
