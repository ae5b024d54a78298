"""A chat lock store in a SQLite file, so the embedded default can run several Rasa workers.

Rasa runs more than one worker (SANIC_WORKERS) only with a lock store the workers share, so that two of
them never handle one chat's messages at once. At scale that is Redis (endpoints-scale.yml); on one
machine this file does it with no server to run. Each change to a lock (a new ticket, a ticket done,
expired tickets dropped) reads and writes it in one transaction, so two workers never get the same ticket.
"""
from __future__ import annotations

import json
import os
import sqlite3
from typing import Callable

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig


class SQLiteLockStore(LockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        self.path = endpoint_config.kwargs["db"]
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._db().execute("CREATE TABLE IF NOT EXISTS chat_locks (conversation_id TEXT PRIMARY KEY, lock TEXT NOT NULL)")

    def _db(self) -> sqlite3.Connection:
        if self._pid != os.getpid():  # each worker process opens its own connection
            # isolation_level=None: transactions are begun here, IMMEDIATE, so each takes the write lock first.
            self._connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=NORMAL")  # locks need not outlive a power cut
            self._pid = os.getpid()
        return self._connection

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        row = self._db().execute("SELECT lock FROM chat_locks WHERE conversation_id = ?", (conversation_id,)).fetchone()
        return TicketLock.from_dict(json.loads(row[0])) if row else None

    def delete_lock(self, conversation_id: str) -> None:
        self._db().execute("DELETE FROM chat_locks WHERE conversation_id = ?", (conversation_id,))

    def save_lock(self, lock: TicketLock) -> None:
        self._db().execute("INSERT OR REPLACE INTO chat_locks VALUES (?, ?)", (lock.conversation_id, lock.dumps()))

    def _change(self, conversation_id: str, change: Callable[[TicketLock], object]) -> object:
        """Runs change() on the chat's lock (a new one if there is none) and keeps the lock while anyone
        holds a ticket, all in one transaction."""
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            lock = self.get_lock(conversation_id) or self.create_lock(conversation_id)
            result = change(lock)
            if lock.tickets:
                self.save_lock(lock)
            else:
                self.delete_lock(conversation_id)
            db.execute("COMMIT")
            return result
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except sqlite3.Error as error:
            raise LockError(f"Error while acquiring lock: {type(error).__name__}") from error

    def update_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, TicketLock.remove_expired_tickets)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))
