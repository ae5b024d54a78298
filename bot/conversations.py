"""The chats Rasa keeps in its SQL tracker store, read and deleted directly for a person's data rights and
for retention. Rasa's table is `events`: one row per event, `sender_id` the chat's id, `timestamp` in
seconds since 1970, `data` the event as JSON (it holds what the person typed), encrypted with the app's
key by rasa_addons/encrypted_tracker_store.py.

Rasa reads a chat from the table on each message, so a deleted chat is gone for Rasa too: the next message
starts a new one.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import dataclass, field
from typing import Any, Iterator

from sqlalchemy import Engine, column, delete, func, inspect, select, table

from bot.config import Settings
from bot.storage.db import make_engine, utcnow
from bot.storage.crypto import Cipher, load_cipher

EVENTS = table("events", column("id"), column("sender_id"), column("type_name"), column("timestamp"),
               column("data"))


def conversation_id(cipher: Cipher, session: str) -> str:
    """The id Rasa and every store know a chat by: a keyed hash of the id the browser holds, made by the
    gateway. An id read from a file or a log is no use at the public API, which hashes what it is given."""
    return cipher.keyed_hash("chat-session", session)


@dataclass
class ChatSummary:
    """What insight needs from one chat, and nothing it said."""
    conversation_id: str
    partner: str | None = None
    started: float = 0.0  # seconds since 1970
    intents: list[str] = field(default_factory=list)
    stopped_in: tuple[str, str] | None = None  # (form, the question it was asking) if it ended inside one


class ConversationStore:
    def __init__(self, engine: Engine, cipher: Cipher):
        self.engine = engine
        self.cipher = cipher

    @classmethod
    def open(cls, settings: Settings) -> "ConversationStore":
        """The SQLite file under var/, or PostgreSQL when TRACKER_DATABASE_URL names it."""
        url = settings.tracker_database_url or f"sqlite:///{settings.rasa_tracker_db}"
        return cls(make_engine(url), load_cipher(settings.var_dir))

    def _has_table(self) -> bool:
        return inspect(self.engine).has_table("events")  # not until Rasa has served its first chat

    def export(self, conversation_id: str) -> list[dict[str, Any]]:
        """Every event of one chat, oldest first, as Rasa stored it."""
        if not self._has_table():
            return []
        with self.engine.connect() as connection:
            rows = connection.execute(select(EVENTS.c.data).where(EVENTS.c.sender_id == conversation_id)
                                      .order_by(EVENTS.c.id))
            return [self._event(data) for (data,) in rows]

    def _event(self, data: str) -> dict[str, Any]:
        # Rows written before the tracker store was encrypted are plain JSON.
        return json.loads(data) if data.startswith("{") else self.cipher.decrypt(data.encode())

    def chats_since(self, timestamp: float) -> Iterator[ChatSummary]:
        """A summary of each chat with anything said since `timestamp`."""
        if not self._has_table():
            return
        recent = (select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id)
                  .having(func.max(EVENTS.c.timestamp) >= timestamp))
        query = (select(EVENTS.c.sender_id, EVENTS.c.timestamp, EVENTS.c.data)
                 .where(EVENTS.c.sender_id.in_(recent)).order_by(EVENTS.c.sender_id, EVENTS.c.id))
        with self.engine.connect() as connection:
            for sender, rows in itertools.groupby(connection.execute(query), key=lambda row: row.sender_id):
                rows = list(rows)
                yield _summary(sender, rows[0].timestamp or 0.0, [self._event(row.data) for row in rows])

    def erase(self, conversation_id: str) -> int:
        """Deletes one chat; the number of events deleted."""
        if not self._has_table():
            return 0
        with self.engine.begin() as connection:
            return connection.execute(delete(EVENTS).where(EVENTS.c.sender_id == conversation_id)).rowcount

    def erase_idle(self, days: int, *, now: dt.datetime | None = None) -> int:
        """Deletes every chat with nothing said for `days` days; the number of chats deleted."""
        if days < 1:
            raise ValueError("the retention period must be at least 1 day")
        if not self._has_table():
            return 0
        cutoff = ((now or utcnow()) - dt.timedelta(days=days)).timestamp()
        idle = (select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id)
                .having(func.max(EVENTS.c.timestamp) < cutoff))
        with self.engine.begin() as connection:
            chats = connection.execute(idle).scalars().all()
            for chat in chats:
                connection.execute(delete(EVENTS).where(EVENTS.c.sender_id == chat))
        return len(chats)


def _summary(conversation_id: str, started: float, events: list[dict[str, Any]]) -> ChatSummary:
    chat, form, question = ChatSummary(conversation_id, started=started), None, None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            chat.partner = chat.partner or (event.get("metadata") or {}).get("partner")
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent:
                chat.intents.append(intent)
        elif kind == "active_loop":
            form, question = event.get("name"), None
        elif kind == "slot" and event.get("name") == "requested_slot":
            question = event.get("value")
    chat.stopped_in = (form, question) if form and question else None
    return chat
