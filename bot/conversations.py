"""The chats Rasa keeps in its SQL tracker store, read and deleted directly for a person's data rights and
for retention. Rasa's table is `events`: one row per event, `sender_id` the chat's id, `timestamp` in
seconds since 1970, `data` the event as JSON (it holds what the person typed), encrypted with the app's
key by rasa_addons/encrypted_tracker_store.py.

Rasa reads a chat from the table on each message, so a deleted chat is gone for Rasa too: the next message
starts a new one.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Engine, column, delete, func, inspect, select, table

from bot.config import Settings
from bot.db import make_engine, utcnow
from bot.referrals.crypto import Cipher, load_cipher

EVENTS = table("events", column("id"), column("sender_id"), column("type_name"), column("timestamp"),
               column("data"))


class ConversationStore:
    def __init__(self, engine: Engine, cipher: Cipher):
        self.engine = engine
        self.cipher = cipher

    @classmethod
    def open(cls, settings: Settings) -> "ConversationStore":
        return cls(make_engine(f"sqlite:///{settings.rasa_tracker_db}"), load_cipher(settings.var_dir))

    def _has_table(self) -> bool:
        return inspect(self.engine).has_table("events")  # not until Rasa has served its first chat

    def export(self, conversation_id: str) -> list[dict[str, Any]]:
        """Every event of one chat, oldest first, as Rasa stored it."""
        if not self._has_table():
            return []
        with self.engine.connect() as connection:
            rows = connection.execute(select(EVENTS.c.data).where(EVENTS.c.sender_id == conversation_id)
                                      .order_by(EVENTS.c.id))
            # Rows written before the tracker store was encrypted are plain JSON.
            return [json.loads(data) if data.startswith("{") else self.cipher.decrypt(data.encode())
                    for (data,) in rows]

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
